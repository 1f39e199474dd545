/* iodev/vga_render.c: VGA memory and registers -> XRGB8888 pixels.
 *
 * The CRTC address counter starts at the start address (0Ch/0Dh), advances
 * one per character clock (or every second clock with count-by-2, 17h bit
 * 3) and by Offset*2 (13h) per character row; the memory address is the
 * counter in byte, word (17h bit 6 clear: shifted left, bit 13 or 15 into
 * bit 0) or doubleword (14h bit 6) mode, with row-scan bits 0/1 replacing
 * address bits 13/14 when 17h bits 0/1 are clear (CGA/Hercules
 * compatibility). Each address yields one byte per plane; the graphics
 * controller's shift mode (05h bits 6:5) turns them into 4-bit indexes
 * (planar, CGA interleave) or 8-bit pixels (256-colour), the attribute
 * controller's colour plane enable, palette, mode control and colour select
 * (10h-14h) map 4-bit indexes, the PEL mask and the DAC give RGB. Text
 * modes draw glyphs from plane 2 (the character map select of seq 03h).
 * Line compare (18h, 07h bit 4, 09h bit 6) restarts the counter at 0.
 * (FreeVGA: CRTC, Graphics, Attribute, Sequencer and DAC pages.)
 *
 * Only lines whose video memory pages were written, text rows whose cells
 * changed, and everything after a register change are re-rendered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "iodev/vga.h"
#include "machine/timer.h"

#define VGA_MAX_W 4608
#define VGA_MAX_H 4096

static uint32_t dac_rgb(const struct vga *v, uint8_t idx)
{
    const uint8_t *c = v->dac[idx & v->pel_mask];
    if (v->vbe[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC && vga_vbe_enabled(v))
        return (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
    uint32_t r = (c[0] & 0x3Fu) << 2 | (c[0] & 0x3Fu) >> 4;
    uint32_t g = (c[1] & 0x3Fu) << 2 | (c[1] & 0x3Fu) >> 4;
    uint32_t b = (c[2] & 0x3Fu) << 2 | (c[2] & 0x3Fu) >> 4;
    return r << 16 | g << 8 | b;
}

/* 4-bit index -> DAC index through the attribute controller (FreeVGA attr
 * 10h bit 7, 12h, 14h) */
static uint8_t ac_index(const struct vga *v, uint8_t i)
{
    uint8_t p = v->ac[i & v->ac[0x12] & 0x0F];
    if (v->ac[0x10] & 0x80)
        p = (uint8_t)((p & 0x0F) | (v->ac[0x14] & 0x03) << 4);
    return (uint8_t)(p | (v->ac[0x14] & 0x0C) << 4);
}

static bool fb_size(struct vga *v, uint32_t w, uint32_t h)
{
    if (w == 0)
        w = 1;
    if (h == 0)
        h = 1;
    if (w > VGA_MAX_W)
        w = VGA_MAX_W;
    if (h > VGA_MAX_H)
        h = VGA_MAX_H;
    if ((uint64_t)w * h > v->fb_cap) {
        uint32_t *p = realloc(v->fb.pixels, (size_t)w * h * 4);
        if (!p)
            return false;
        v->fb.pixels = p;
        v->fb_cap = w * h;
    }
    if (w != v->fb.width || h != v->fb.height) {
        v->fb.width = w;
        v->fb.height = h;
        v->fb.pitch = w * 4;
        v->fb.generation++;
        v->full_redraw = true;
    }
    return true;
}

static void fb_touch(struct vga *v, uint32_t y0, uint32_t y1)
{
    if (y1 > v->fb.height)
        y1 = v->fb.height;
    if (y0 >= y1)
        return;
    if (v->fb.dirty_y1 == 0 || y0 < v->fb.dirty_y0)
        v->fb.dirty_y0 = y0;
    if (y1 > v->fb.dirty_y1)
        v->fb.dirty_y1 = y1;
}

static bool page_range_dirty(const struct vga *v, uint32_t lo, uint32_t hi)
{
    /* [lo, hi) in vram bytes */
    if (hi > VGA_VRAM_SIZE)
        hi = VGA_VRAM_SIZE;
    if (lo >= hi)
        return false;
    for (uint32_t pg = lo >> VGA_PAGE_SHIFT; pg <= (hi - 1) >> VGA_PAGE_SHIFT; pg++)
        if (v->dirty[pg >> 3] >> (pg & 7) & 1)
            return true;
    return false;
}

/* ---- CRTC addressing ---- */

static uint32_t crtc_addr(const struct vga *v, uint32_t counter, uint32_t rowscan)
{
    const uint8_t *c = v->crtc;
    uint32_t a = counter;
    if (c[0x14] & 0x40)
        a <<= 2;
    else if (!(c[0x17] & 0x40))
        a = (a << 1) | ((a >> ((c[0x17] & 0x20) ? 15 : 13)) & 1);
    if (!(c[0x17] & 0x01))
        a = (a & ~(1u << 13)) | (rowscan & 1) << 13;
    if (!(c[0x17] & 0x02))
        a = (a & ~(1u << 14)) | (rowscan >> 1 & 1) << 14;
    return a & 0xFFFF;
}

static uint32_t start_address(const struct vga *v) { return (uint32_t)v->crtc[0x0C] << 8 | v->crtc[0x0D]; }
static uint32_t row_stride(const struct vga *v) { return (uint32_t)v->crtc[0x13] * 2; }
static uint32_t vde_lines(const struct vga *v)
{
    const uint8_t *c = v->crtc;
    return (c[0x12] | (c[7] & 0x02u) << 7 | (c[7] & 0x40u) << 3) + 1u;
}
static uint32_t line_compare(const struct vga *v)
{
    const uint8_t *c = v->crtc;
    return c[0x18] | (c[7] & 0x10u) << 4 | (c[9] & 0x40u) << 3;
}
static unsigned count_shift(const struct vga *v) { return (v->crtc[0x17] & 0x08) ? 1 : 0; }

static inline const uint8_t *plane_bytes(const struct vga *v, uint32_t a) { return v->vram + (size_t)a * 4; }

/* ---- text ---- */

static unsigned char_width(const struct vga *v) { return (v->seq[1] & 0x01) ? 8 : 9; }
static unsigned char_height(const struct vga *v) { return (v->crtc[9] & 0x1Fu) + 1; }

static void text_geometry(const struct vga *v, unsigned *cols, unsigned *rows)
{
    unsigned dbl = (v->crtc[9] & 0x80) ? 2 : 1;
    *cols = v->crtc[1] + 1u;
    *rows = vde_lines(v) / (char_height(v) * dbl);
    if (*rows == 0)
        *rows = 1;
}

static bool ensure_cells(struct vga *v, unsigned cols, unsigned rows)
{
    if (cols * rows > v->cells_cap) {
        uint16_t *c = realloc(v->cells, cols * rows * sizeof *c);
        if (!c)
            return false;
        v->cells = c;
        uint16_t *s = realloc(v->shadow, cols * rows * sizeof *s);
        if (!s)
            return false;
        v->shadow = s;
        v->cells_cap = cols * rows;
    }
    v->text_cols = (uint16_t)cols;
    v->text_rows = (uint16_t)rows;
    return true;
}

/* counter value at the start of text row r, honouring line compare */
static uint32_t text_row_counter(const struct vga *v, unsigned r)
{
    unsigned dbl = (v->crtc[9] & 0x80) ? 2 : 1;
    unsigned lines = char_height(v) * dbl;
    uint32_t lc = line_compare(v);
    if ((uint32_t)r * lines > lc) {
        unsigned split = lc / lines + 1;
        return (uint32_t)(r - split) * row_stride(v);
    }
    return start_address(v) + (uint32_t)r * row_stride(v);
}

static void collect_cells(struct vga *v)
{
    unsigned cols, rows;
    text_geometry(v, &cols, &rows);
    if (!ensure_cells(v, cols, rows))
        return;
    unsigned cs = count_shift(v);
    for (unsigned r = 0; r < rows; r++) {
        uint32_t base = text_row_counter(v, r);
        for (unsigned col = 0; col < cols; col++) {
            const uint8_t *b = plane_bytes(v, crtc_addr(v, base + (col >> cs), 0));
            v->cells[r * cols + col] = (uint16_t)(b[0] | b[1] << 8);
        }
    }
}

static uint32_t cursor_counter(const struct vga *v) { return (uint32_t)v->crtc[0x0E] << 8 | v->crtc[0x0F]; }

/* cursor cell as (row, col), or row -1 when off */
static void cursor_cell(const struct vga *v, int *row, int *col)
{
    *row = -1;
    *col = 0;
    if (v->crtc[0x0A] & 0x20)
        return;
    unsigned cols = v->text_cols, rows = v->text_rows;
    for (unsigned r = 0; r < rows; r++) {
        uint32_t base = text_row_counter(v, r);
        uint32_t cur = cursor_counter(v);
        if (cur - base < cols) {
            *row = (int)r;
            *col = (int)(cur - base);
            return;
        }
    }
}

static uint32_t font_offset(const struct vga *v, uint8_t attr)
{
    /* FreeVGA seq 03h: map A (attribute bit 3 set) bits 5,3,2; map B bits 4,1,0 */
    static const uint32_t base[8] = {0x0000, 0x4000, 0x8000, 0xC000, 0x2000, 0x6000, 0xA000, 0xE000};
    uint8_t s = v->seq[3];
    unsigned a = ((s >> 3) & 4) | ((s >> 2) & 3);
    unsigned b = ((s >> 2) & 4) | (s & 3);
    return base[(attr & 0x08) ? a : b];
}

static void render_text(struct vga *v, const uint32_t *pal)
{
    unsigned cols, rows;
    text_geometry(v, &cols, &rows);
    unsigned cw = char_width(v), ch = char_height(v);
    unsigned hdbl = (v->seq[1] & 0x08) ? 2 : 1, vdbl = (v->crtc[9] & 0x80) ? 2 : 1;
    if (!fb_size(v, cols * cw * hdbl, rows * ch * vdbl))
        return;
    collect_cells(v);
    cols = v->text_cols;
    rows = v->text_rows;
    uint64_t now = machine_now_ns(v->m);
    bool cur_on = vga_cursor_phase(v, now);
    bool blink_on = vga_char_blink_phase(v, now);
    bool blink_en = v->ac[0x10] & 0x08;
    bool lge = v->ac[0x10] & 0x04;
    int crow, ccol;
    cursor_cell(v, &crow, &ccol);
    if (!cur_on)
        crow = -1;
    unsigned cstart = v->crtc[0x0A] & 0x1F, cend = v->crtc[0x0B] & 0x1F;
    bool full = v->full_redraw || v->font_dirty || blink_on != (bool)v->last_blink;
    uint32_t fbw = v->fb.width;
    for (unsigned r = 0; r < rows; r++) {
        const uint16_t *cells = v->cells + r * cols;
        bool redo = full || memcmp(cells, v->shadow + r * cols, cols * sizeof *cells) ||
                    (int)r == crow || (int)r == v->last_cursor_row;
        if (!redo)
            continue;
        for (unsigned col = 0; col < cols; col++) {
            uint8_t chr = (uint8_t)cells[col], attr = (uint8_t)(cells[col] >> 8);
            uint8_t fgi = attr & 0x0F, bgi = attr >> 4;
            if (blink_en) {
                bgi &= 7;
                if ((attr & 0x80) && !blink_on)
                    fgi = bgi;
            }
            uint32_t fg = pal[ac_index(v, fgi)], bg = pal[ac_index(v, bgi)];
            uint32_t glyph = font_offset(v, attr) + chr * 32u;
            bool is_cur = (int)r == crow && (int)col == ccol;
            for (unsigned line = 0; line < ch; line++) {
                uint8_t bits = v->vram[(size_t)((glyph + line) & 0xFFFF) * 4 + 2];
                bool ninth = cw == 9 && lge && chr >= 0xC0 && chr <= 0xDF && (bits & 1);
                if (is_cur && cstart <= cend && line >= cstart && line <= cend) {
                    bits = 0xFF;
                    ninth = true;
                }
                if ((v->ac[0x10] & 0x02) && (attr & 0x77) == 0x01 && line == (v->crtc[0x14] & 0x1Fu))
                    bits = 0xFF, ninth = true; /* monochrome underline */
                for (unsigned dy = 0; dy < vdbl; dy++) {
                    uint32_t y = (r * ch + line) * vdbl + dy;
                    uint32_t *px = v->fb.pixels + (size_t)y * fbw + col * cw * hdbl;
                    for (unsigned x = 0; x < cw; x++) {
                        bool on = x < 8 ? (bits >> (7 - x)) & 1 : ninth;
                        for (unsigned dx = 0; dx < hdbl; dx++)
                            *px++ = on ? fg : bg;
                    }
                }
            }
        }
        fb_touch(v, r * ch * vdbl, (r + 1) * ch * vdbl);
    }
    memcpy(v->shadow, v->cells, (size_t)cols * rows * sizeof *v->cells);
    v->last_cursor_row = crow;
    v->last_blink = blink_on;
}

/* ---- graphics ---- */

struct gfx_geom {
    uint32_t hde;        /* character clocks per line */
    uint32_t height;     /* output lines */
    uint32_t ms;         /* character row height (max scan line + 1) */
    bool cga;            /* row scan counter replaces address bits */
    uint32_t split_y;    /* first output line after line compare */
};

static void gfx_geometry(const struct vga *v, struct gfx_geom *g)
{
    uint32_t vl = vde_lines(v);
    uint32_t dbl = (v->crtc[9] & 0x80) ? 2 : 1;
    g->hde = v->crtc[1] + 1u;
    g->ms = char_height(v);
    g->cga = (v->crtc[0x17] & 3) != 3;
    uint32_t per = g->cga ? dbl : dbl * g->ms;
    g->height = vl / per;
    uint32_t lc = line_compare(v);
    g->split_y = lc / per + 1;
}

/* counter and row scan for output line y */
static void gfx_line(const struct vga *v, const struct gfx_geom *g, uint32_t y, uint32_t *counter,
                     uint32_t *rowscan)
{
    uint32_t base = start_address(v);
    if (y >= g->split_y) {
        y -= g->split_y;
        base = 0;
    }
    uint32_t charrow = g->cga ? y / g->ms : y;
    *rowscan = g->cga ? y % g->ms : 0;
    *counter = base + charrow * row_stride(v);
}

static void render_graphics(struct vga *v, const uint32_t *pal)
{
    struct gfx_geom g;
    gfx_geometry(v, &g);
    bool m256 = v->gc[5] & 0x40, cga2 = !m256 && (v->gc[5] & 0x20);
    uint32_t ppc = m256 ? 4 : 8; /* pixels per character clock */
    uint32_t w = g.hde * ppc;
    if (!fb_size(v, w, g.height))
        return;
    w = v->fb.width;
    unsigned cs = count_shift(v);
    unsigned pan = v->ac[0x13] & 0x0F;
    pan = m256 ? (pan >> 1) & 3 : (pan > 7 ? 0 : pan);
    uint8_t idx[VGA_MAX_W + 16];
    uint32_t clocks = w / ppc + 1;
    for (uint32_t y = 0; y < v->fb.height; y++) {
        uint32_t counter, rowscan;
        gfx_line(v, &g, y, &counter, &rowscan);
        uint32_t a0 = crtc_addr(v, counter, rowscan);
        uint32_t a1 = crtc_addr(v, counter + ((clocks - 1) >> cs), rowscan);
        bool redo = v->full_redraw ||
                    (a0 <= a1 ? page_range_dirty(v, a0 * 4, a1 * 4 + 4) : page_range_dirty(v, 0, 0x40000));
        if (!redo)
            continue;
        uint8_t *o = idx;
        for (uint32_t k = 0; k < clocks; k++) {
            const uint8_t *b = plane_bytes(v, crtc_addr(v, counter + (k >> cs), rowscan));
            if (m256) {
                memcpy(o, b, 4);
                o += 4;
            } else if (cga2) {
                for (int px = 0; px < 8; px++) {
                    int sh = 6 - 2 * (px & 3);
                    uint8_t lo = b[px < 4 ? 0 : 1], hi = b[px < 4 ? 2 : 3];
                    *o++ = (uint8_t)(((lo >> sh) & 3) | ((hi >> sh) & 3) << 2);
                }
            } else {
                for (int bit = 7; bit >= 0; bit--)
                    *o++ = (uint8_t)((b[0] >> bit & 1) | (b[1] >> bit & 1) << 1 | (b[2] >> bit & 1) << 2 |
                                     (b[3] >> bit & 1) << 3);
            }
        }
        uint32_t *px = v->fb.pixels + (size_t)y * w;
        bool panned = !(y >= g.split_y && (v->ac[0x10] & 0x20));
        const uint8_t *src = idx + (panned ? pan : 0);
        for (uint32_t x = 0; x < w; x++)
            px[x] = m256 ? pal[src[x]] : pal[ac_index(v, src[x])];
        fb_touch(v, y, y + 1);
    }
}

/* ---- VBE ---- */

static void render_vbe(struct vga *v, const uint32_t *pal)
{
    uint32_t xres = v->vbe[VBE_DISPI_INDEX_XRES], yres = v->vbe[VBE_DISPI_INDEX_YRES];
    unsigned bpp = v->vbe[VBE_DISPI_INDEX_BPP];
    unsigned bypp = (bpp + 7) / 8;
    if (!fb_size(v, xres, yres))
        return;
    uint32_t w = v->fb.width;
    for (uint32_t y = 0; y < v->fb.height; y++) {
        uint64_t off = (uint64_t)v->vbe_start + (uint64_t)y * v->vbe_stride;
        uint64_t end = off + (uint64_t)w * bypp;
        bool redo = v->full_redraw || (off < VGA_VRAM_SIZE && page_range_dirty(v, (uint32_t)off,
                                                                             (uint32_t)(end > VGA_VRAM_SIZE ? VGA_VRAM_SIZE : end)));
        if (!redo)
            continue;
        uint32_t *px = v->fb.pixels + (size_t)y * w;
        for (uint32_t x = 0; x < w; x++, off += bypp) {
            if (off + bypp > VGA_VRAM_SIZE) {
                px[x] = 0;
                continue;
            }
            const uint8_t *s = v->vram + off;
            uint32_t c;
            switch (bpp) {
            case 8: c = pal[s[0]]; break;
            case 15: {
                uint32_t p = s[0] | s[1] << 8;
                uint32_t r = p >> 10 & 31, g = p >> 5 & 31, b = p & 31;
                c = (r << 3 | r >> 2) << 16 | (g << 3 | g >> 2) << 8 | (b << 3 | b >> 2);
                break;
            }
            case 16: {
                uint32_t p = s[0] | s[1] << 8;
                uint32_t r = p >> 11 & 31, g = p >> 5 & 63, b = p & 31;
                c = (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
                break;
            }
            case 24: c = (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0]; break;
            default: c = ((uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0]); break;
            }
            px[x] = c;
        }
        fb_touch(v, y, y + 1);
    }
}

/* ---- entry points ---- */

static enum vga_render_kind current_kind(const struct vga *v)
{
    if (vga_vbe_enabled(v))
        return VR_VBE;
    if (!(v->ac_idx & 0x20) || (v->seq[1] & 0x20))
        return VR_BLANK; /* palette address source clear / screen off */
    if (!(v->gc[6] & 0x01))
        return VR_TEXT;
    if (v->gc[5] & 0x40)
        return VR_256;
    if (v->gc[5] & 0x20)
        return VR_CGA2;
    return VR_PLANAR;
}

const struct framebuffer *vga_render(struct vga *v)
{
    enum vga_render_kind k = current_kind(v);
    if (k != v->kind) {
        v->kind = k;
        v->full_redraw = true;
    }
    v->fb.dirty_y0 = v->fb.dirty_y1 = 0;
    uint32_t pal[256];
    for (int i = 0; i < 256; i++)
        pal[i] = dac_rgb(v, (uint8_t)i);
    switch (k) {
    case VR_TEXT: render_text(v, pal); break;
    case VR_VBE: render_vbe(v, pal); break;
    case VR_BLANK:
        if (fb_size(v, v->fb.width ? v->fb.width : 640, v->fb.height ? v->fb.height : 480) && v->full_redraw) {
            memset(v->fb.pixels, 0, (size_t)v->fb.width * v->fb.height * 4);
            fb_touch(v, 0, v->fb.height);
        }
        break;
    default: render_graphics(v, pal); break;
    }
    if (!v->fb.pixels)
        fb_size(v, 640, 480);
    if (v->full_redraw)
        fb_touch(v, 0, v->fb.height);
    v->full_redraw = false;
    v->font_dirty = false;
    memset(v->dirty, 0, sizeof v->dirty);
    return &v->fb;
}

bool vga_text(struct vga *v, struct text_screen *t)
{
    if (current_kind(v) != VR_TEXT)
        return false;
    collect_cells(v);
    if (!v->cells)
        return false;
    int row, col;
    cursor_cell(v, &row, &col);
    t->cols = v->text_cols;
    t->rows = v->text_rows;
    t->cells = v->cells;
    t->cursor_visible = row >= 0 && (v->crtc[0x0A] & 0x1F) <= (v->crtc[0x0B] & 0x1F);
    t->cursor_row = (uint16_t)(row < 0 ? 0 : row);
    t->cursor_col = (uint16_t)col;
    return true;
}

int vga_text_dump(struct vga *v, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return -1;
    }
    struct text_screen t;
    if (vga_text(v, &t)) {
        for (unsigned r = 0; r < t.rows; r++) {
            for (unsigned c = 0; c < t.cols; c++) {
                uint8_t ch = (uint8_t)t.cells[r * t.cols + c];
                /* code page 437 beyond ASCII is shown as '?' */
                fputc(ch == 0 ? ' ' : (ch >= 0x20 && ch < 0x7F) ? ch : '?', f);
            }
            fputc('\n', f);
        }
    }
    if (fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

uint32_t vga_fb_crc32(const struct framebuffer *fb)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    uint8_t hdr[8];
    for (int i = 0; i < 4; i++) {
        hdr[i] = (uint8_t)(fb->width >> (8 * i));
        hdr[4 + i] = (uint8_t)(fb->height >> (8 * i));
    }
    crc = crc32(crc, hdr, 8);
    uint8_t row[4 * 256];
    for (uint32_t y = 0; y < fb->height; y++) {
        const uint32_t *p = fb->pixels + (size_t)y * (fb->pitch / 4);
        for (uint32_t x = 0; x < fb->width; x += 256) {
            uint32_t n = fb->width - x < 256 ? fb->width - x : 256;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t c = p[x + i] & 0xFFFFFF;
                row[4 * i] = (uint8_t)c, row[4 * i + 1] = (uint8_t)(c >> 8);
                row[4 * i + 2] = (uint8_t)(c >> 16), row[4 * i + 3] = 0;
            }
            crc = crc32(crc, row, n * 4);
        }
    }
    return (uint32_t)crc;
}
