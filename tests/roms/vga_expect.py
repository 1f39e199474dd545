#!/usr/bin/env python3
"""tests/roms/vga_expect.py: the screens the VGA test ROMs must produce,
computed here from what each ROM does (not from emu), and their CRC-32 in
the form of emu's --fb-checksum line.

    python3 vga_expect.py FONT16 [NAME...]     # prints NAME: emu: fb ...
    python3 vga_expect.py FONT16 --write NAME  # writes NAME.fbcrc
    python3 vga_expect.py FONT16 --png NAME F  # the picture as PNG (to look at)

FONT16 is the 8x16 font the VGA BIOS loads (build/bios/font16.bin). The
checksum is CRC-32 (IEEE) of the width and height (32-bit little-endian)
followed by every pixel as 4 bytes B, G, R, 0, row by row (emu's
vga_fb_crc32, iodev/vga_render.c).

Rendering rules (IBM VGA, FreeVGA): 6-bit DAC values v become 8-bit
(v << 2) | (v >> 4); text cells are 9 dots wide, with the 9th dot a copy of
the 8th for codes C0-DF (line graphics enable) and background otherwise;
attribute bit 7 selects blinking (not used by these ROMs), bits 6-4 the
background and 3-0 the foreground through the palette registers.
"""
import os
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FONT_PATH = None   # FONT16; font8.bin lies beside it


def dac8(v):
    return (v << 2) | (v >> 4)


def ega_dac(i):
    """DAC entry i of the 64-colour EGA palette (bits rgbRGB)."""
    def comp(hi, lo):
        return (0x2A if i & hi else 0) + (0x15 if i & lo else 0)
    return comp(4, 32), comp(2, 16), comp(1, 8)


def rgb(r, g, b):
    return (dac8(r) << 16) | (dac8(g) << 8) | dac8(b)


def crc_line(w, h, pixels):
    data = bytearray(struct.pack('<II', w, h))
    for p in pixels:
        data += struct.pack('<I', p & 0xFFFFFF)
    return 'emu: fb %ux%u crc32 %08X' % (w, h, zlib.crc32(bytes(data)) & 0xFFFFFFFF)


# palette registers of modes 03h and 12h (IBM mode tables)
TEXT_AC = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
           0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F]


def render_text(cells, cols, rows, font, charh=16, ac=TEXT_AC, dac=ega_dac, dots=9):
    """cells[r][c] = (char, attr); 9- or 8-dot cells; returns (w, h, pixels)."""
    w, h = cols * dots, rows * charh
    pal = [rgb(*dac(ac[i])) for i in range(16)]
    px = [0] * (w * h)
    for r in range(rows):
        for c in range(cols):
            ch, at = cells[r][c]
            fg, bg = pal[at & 15], pal[(at >> 4) & 7]
            for line in range(charh):
                bits = font[ch * charh + line] if charh <= 32 else 0
                y = r * charh + line
                base = y * w + c * dots
                for x in range(8):
                    px[base + x] = fg if bits & (0x80 >> x) else bg
                if dots == 9:
                    ninth = 0xC0 <= ch <= 0xDF and bits & 1
                    px[base + 8] = fg if ninth else bg
    return w, h, px


class Text:
    """A text page driven the way the BIOS services are specified
    (Ralf Brown's list, INT 10h AH=06h/07h/09h/0Eh/13h)."""

    def __init__(self, cols=80, rows=25):
        self.cols, self.rows = cols, rows
        self.cells = [[(0x20, 0x07)] * cols for _ in range(rows)]
        self.row = self.col = 0

    def tty(self, s, attr=None):
        for ch in s:
            o = ord(ch)
            if o == 7:
                continue
            if o == 8:
                self.col = max(0, self.col - 1)
                continue
            if o == 13:
                self.col = 0
                continue
            if o == 10:
                self.row += 1
            else:
                a = self.cells[self.row][self.col][1] if attr is None else attr
                self.cells[self.row][self.col] = (o, a)
                self.col += 1
                if self.col == self.cols:
                    self.col = 0
                    self.row += 1
            if self.row == self.rows:
                self.row -= 1
                fill = self.cells[self.row][self.col][1]
                self.scroll(1, fill, 0, 0, self.rows - 1, self.cols - 1, up=True)

    def scroll(self, n, attr, r0, c0, r1, c1, up=True):
        height = r1 - r0 + 1
        if n == 0 or n > height:
            n = height
        rows = list(range(r0, r1 + 1))
        if not up:
            rows.reverse()
        for r in rows:
            src = r + n if up else r - n
            for c in range(c0, c1 + 1):
                inside = r0 <= src <= r1
                self.cells[r][c] = self.cells[src][c] if inside else (0x20, attr)

    def put(self, r, c, ch, attr, count=1):
        for i in range(count):
            self.cells[r][c + i] = (ch, attr)


def vgabios_text(font):
    t = Text()
    for i in range(30):
        t.tty('line %02X\r\n' % i)
    t.tty('abcX\bd')
    for i, (ch, at) in enumerate([('C', 0x4E), ('o', 0x2F), ('l', 0x1E), ('o', 0x5F), ('r', 0x70)]):
        t.put(2, 60 + i, ord(ch), at)
    t.row, t.col = 4, 60
    t.tty('Plain\x07!', attr=0x1E)
    t.put(6, 60, ord('*'), 0x4F, 10)
    t.scroll(2, 0x1F, 8, 60, 12, 70, up=True)
    t.scroll(1, 0x2F, 14, 60, 16, 70, up=False)
    return render_text(t.cells, 80, 25, font)


class Planar:
    """A 16-colour graphics page (modes 0Dh-12h) driven as the BIOS
    services are specified: pixels, glyphs in colour (background 0),
    teletype scrolling by one character row filled with colour 0."""

    def __init__(self, w, h, charh, font):
        self.w, self.h, self.charh, self.font = w, h, charh, font
        self.cols, self.rows = w // 8, h // charh
        self.px = [0] * (w * h)
        self.row = self.col = 0

    def pixel(self, x, y, c):
        i = y * self.w + x
        self.px[i] = (self.px[i] ^ c) & 15 if c & 0x80 else c & 15

    def glyph(self, r, c, ch, color):
        for line in range(self.charh):
            bits = self.font[ch * self.charh + line]
            for x in range(8):
                on = bits & (0x80 >> x)
                if on or not color & 0x80:
                    self.pixel(c * 8 + x, r * self.charh + line, color if on else 0)

    def tty(self, s, color):
        for ch in s:
            o = ord(ch)
            if o == 13:
                self.col = 0
                continue
            if o == 10:
                self.row += 1
            else:
                self.glyph(self.row, self.col, o, color)
                self.col += 1
                if self.col == self.cols:
                    self.col = 0
                    self.row += 1
            if self.row == self.rows:
                self.row -= 1
                n = self.charh * self.w
                self.px = self.px[n:] + [0] * n

    def image(self, ac=TEXT_AC):
        pal = [rgb(*ega_dac(ac[i])) for i in range(16)]
        return self.w, self.h, [pal[i] for i in self.px]


def vgabios_gfx(font):
    g = Planar(640, 480, 16, font)
    for i in range(100):
        g.pixel(i, i, 14)
    for x in range(640):
        g.pixel(x, 300, 9)
    g.pixel(10, 10, 0x8F)
    for i in range(32):
        g.tty('Row %02X\r\n' % i, 0x0B)
    for i in range(3):
        g.glyph(5, 40 + i, ord('X'), 0x0A)
    return g.image()


def vgabios_vbe(font):
    # 800x600x32: dword i of video memory holds i * 9E3779B1h; the display
    # starts at line 8 (4F07h); the pixel is the dword's low 24 bits
    w, h = 800, 600
    return w, h, [(((8 + y) * w + x) * 0x9E3779B1) & 0xFFFFFF for y in range(h) for x in range(w)]


def ramp_dac(i):
    """the DAC ramp of vga_regs.inc's dac_ramp"""
    return i >> 2, (i * 3) & 63, 63 - (i >> 2)


def gen_font(c, l):
    return (c ^ (l * 0x1D)) & 0xFF if l < 16 else 0


def vga_text(font):
    f = bytes(gen_font(c, l) for c in range(256) for l in range(16))
    cells = [[((r * 80 + c) & 0xFF, (((r * 80 + c) * 7) >> 3) & 0x7F) for c in range(80)] for r in range(25)]
    return render_text(cells, 80, 25, f)


def vga_mode12(font):
    planes = [[((i * 13 + p * 0x55) ^ (i >> 7)) & 0xFF for i in range(38400)] for p in range(4)]
    # write mode 2, bit mask F0h: colour 5 in the left nibble of each byte
    for y in range(100, 200):
        for b in range(10, 20):
            i = y * 80 + b
            for p in range(4):
                bit = 0xF0 if 5 >> p & 1 else 0
                planes[p][i] = (planes[p][i] & 0x0F) | bit
    # set/reset 0Ch XOR the latches, rows 300-309
    for i in range(300 * 80, 310 * 80):
        for p in range(4):
            if 0x0C >> p & 1:
                planes[p][i] ^= 0xFF
    w, h = 640, 480
    ac = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F]
    pal = [rgb(*ramp_dac(ac[i])) for i in range(16)]
    px = []
    for y in range(h):
        for x in range(w):
            i, bit = y * 80 + x // 8, 0x80 >> (x & 7)
            c = sum(1 << p for p in range(4) if planes[p][i] & bit)
            px.append(pal[c])
    cmp = 0
    i = 150 * 80 + 12
    for x in range(8):
        c = sum(1 << p for p in range(4) if planes[p][i] & (0x80 >> x))
        cmp |= (0x80 >> x) if c == 5 else 0
    sys.stderr.write('vga_mode12: colour compare %02X, plane 3 byte 1 %02X\n' % (cmp, planes[3][1]))
    return w, h, px


def vga_mode13(font):
    pal = [rgb(*ramp_dac(i)) for i in range(256)]
    return 320, 200, [pal[(x + 2 * y) & 255] for y in range(200) for x in range(320)]


def vga_modex(font):
    pal = [rgb(*ramp_dac(i)) for i in range(256)]
    return 320, 240, [pal[(x ^ y) & 255] for y in range(240) for x in range(320)]


def vga_vbe_lfb(font):
    # dword i = i * 01000193h; virtual width 1024, display start (16, 4)
    return 800, 600, [((((y + 4) * 1024 + x + 16) * 0x01000193) & 0xFFFFFF) for y in range(600) for x in range(800)]


def vgabios_lfb(font):
    # 1024x768x24: byte i = (i * 7 + (i >> 10)) & FFh; display start at
    # byte 6144 (line 2); pixel bytes are blue, green, red
    w, h, pitch = 1024, 768, 3072
    px = []
    for y in range(h):
        base = (y + 2) * pitch
        for x in range(w):
            i = base + 3 * x
            b, g, r = ((j * 7 + (j >> 10)) & 0xFF for j in (i, i + 1, i + 2))
            px.append(r << 16 | g << 8 | b)
    return w, h, px


def vga_default_256():
    """IBM's default 256-colour DAC: 16 CGA colours, 16 greys, then 24
    hues (blue, magenta, red, yellow, green, cyan) at 3 saturations for
    each of 3 intensities, then 8 black entries."""
    cga = [ega_dac(i) for i in (0, 1, 2, 3, 4, 5, 20, 7, 56, 57, 58, 59, 60, 61, 62, 63)]
    grey = [(v, v, v) for v in (0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63)]
    levels = [(0x00, 0x10, 0x1F, 0x2F, 0x3F), (0x1F, 0x27, 0x2F, 0x37, 0x3F), (0x2D, 0x31, 0x36, 0x3A, 0x3F),
              (0x00, 0x07, 0x0E, 0x15, 0x1C), (0x0E, 0x11, 0x15, 0x18, 0x1C), (0x14, 0x16, 0x18, 0x1A, 0x1C),
              (0x00, 0x04, 0x08, 0x0C, 0x10), (0x08, 0x0A, 0x0C, 0x0E, 0x10), (0x0B, 0x0C, 0x0D, 0x0F, 0x10)]
    hues = [(0, 0, 4), (1, 0, 4), (2, 0, 4), (3, 0, 4), (4, 0, 4), (4, 0, 3), (4, 0, 2), (4, 0, 1),
            (4, 0, 0), (4, 1, 0), (4, 2, 0), (4, 3, 0), (4, 4, 0), (3, 4, 0), (2, 4, 0), (1, 4, 0),
            (0, 4, 0), (0, 4, 1), (0, 4, 2), (0, 4, 3), (0, 4, 4), (0, 3, 4), (0, 2, 4), (0, 1, 4)]
    ramp = [tuple(lv[i] for i in h) for lv in levels for h in hues]
    return cga + grey + ramp + [(0, 0, 0)] * 8


def vgabios_modes(font16):
    font8 = open(os.path.join(os.path.dirname(FONT_PATH), 'font8.bin'), 'rb').read()
    dac = vga_default_256()
    dac[1] = (0x3F, 0x00, 0x10)
    dac[16] = (0x3F, 0x20, 0x00)
    for i, c in ((17, (0x00, 0x3F, 0x3F)), (18, (0x10, 0x20, 0x30))):
        g = (77 * c[0] + 151 * c[1] + 28 * c[2] + 0x80) >> 8   # AX=101Bh
        dac[i] = (g, g, g)
    w, h = 320, 200
    px = [0] * (w * h)
    for y in range(150, 160):
        for x in range(256):
            px[y * w + x] = x
    row = col = 0
    for ch in "Mode 13h\r\nsecond line\r\nthird":
        if ch == '\r':
            col = 0
        elif ch == '\n':
            row += 1
        else:
            for line in range(8):
                bits = font8[ord(ch) * 8 + line]
                for x in range(8):
                    px[(row * 8 + line) * w + col * 8 + x] = 0x2C if bits & (0x80 >> x) else 0
            col += 1
    # AX=0601h: rows 0-3, columns 2-20 up by one, fill colour 10
    for r in range(0, 4):
        for line in range(8):
            y = r * 8 + line
            for x in range(2 * 8, 21 * 8):
                px[y * w + x] = px[(y + 8) * w + x] if r < 3 else 10
    pal = [rgb(*c) for c in dac]
    return w, h, [pal[i] for i in px]


def vgabios_lines(font16):
    font14 = open(os.path.join(os.path.dirname(FONT_PATH), 'font14.bin'), 'rb').read()
    t = Text()
    t.tty('350-line text, 8x14 cells\r\n')
    t.tty('\u2554\u2550\u2550\u2557 box\r\n'.encode('cp437').decode('latin-1'))
    t.put(2, 0, 0x20, 0x1E, 20)
    t.put(2, 0, 0xC4, 0x1E, 10)
    return render_text(t.cells, 80, 25, font14, charh=14, dots=8)


SCREENS = {
    'vgabios_lines': vgabios_lines,
    'vgabios_modes': vgabios_modes,
    'vgabios_lfb': vgabios_lfb,
    'vga_text': vga_text,
    'vga_mode12': vga_mode12,
    'vga_mode13': vga_mode13,
    'vga_modex': vga_modex,
    'vga_vbe_lfb': vga_vbe_lfb,
    'vgabios_vbe': vgabios_vbe,
    'vgabios_text': vgabios_text,
    'vgabios_gfx': vgabios_gfx,
}


def write_png(path, w, h, px):
    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for p in px[y * w:(y + 1) * w]:
            raw += bytes(((p >> 16) & 255, (p >> 8) & 255, p & 255))

    def chunk(kind, data):
        c = struct.pack('>I', len(data)) + kind + data
        return c + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(bytes(raw))) + chunk(b'IEND', b''))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    global FONT_PATH
    FONT_PATH = argv[1]
    with open(argv[1], 'rb') as f:
        font = f.read()
    args = argv[2:]
    if args[:1] == ['--png']:
        w, h, px = SCREENS[args[1]](font)
        write_png(args[2], w, h, px)
        return 0
    write = args[:1] == ['--write']
    names = [a for a in args if a != '--write'] or sorted(SCREENS)
    for n in names:
        line = crc_line(*SCREENS[n](font))
        if write:
            with open(os.path.join(HERE, n + '.fbcrc'), 'w') as f:
                f.write(line + '\n')
        print('%s: %s' % (n, line))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
