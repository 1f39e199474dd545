/* bios/romtool.c: build-time helper for the nasm ROMs (runs on the build
 * host, never in emu).
 *
 *   romtool font OUT HEIGHT FONT.psf.gz...
 *       Writes 256 glyphs of HEIGHT bytes in code page 437 order: for each
 *       CP437 code, the glyph that the first font listing its Unicode code
 *       point in its PSF1 Unicode table provides. Codes no font has stay
 *       blank (and are named on stderr).
 *   romtool rom FILE
 *       Makes FILE a valid option ROM: pads it with zeros to a multiple of
 *       512 bytes, stores the length in 512-byte blocks at offset 2 and sets
 *       the last byte so that all bytes sum to 0 modulo 256 (IBM PC option
 *       ROM header: 55 AA, length, entry point at offset 3).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* CP437 -> Unicode, with the graphic characters of codes 00-1F and 7F */
static const uint16_t cp437[256] = {
    0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x2302,
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

/* a glyph some fonts lack, and one that looks the same */
static uint16_t alternate(uint16_t u)
{
    switch (u) {
    case 0x25BA: return 0x25B6; /* black right-pointing pointer / triangle */
    case 0x25C4: return 0x25C0;
    default: return 0;
    }
}

struct psf {
    uint8_t *data;
    size_t len;
    unsigned height, count;
    const char *name;
};

static int psf_load(struct psf *p, const char *path)
{
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "romtool: %s: cannot open\n", path);
        return -1;
    }
    size_t cap = 1 << 16;
    p->data = malloc(cap);
    p->len = 0;
    int n;
    while (p->data && (n = gzread(f, p->data + p->len, (unsigned)(cap - p->len))) > 0) {
        p->len += (size_t)n;
        if (p->len == cap) {
            uint8_t *d = realloc(p->data, cap * 2);
            if (!d) {
                free(p->data);
                p->data = NULL;
                break;
            }
            p->data = d;
            cap *= 2;
        }
    }
    gzclose(f);
    p->name = path;
    /* PSF1: 36 04 mode charsize; mode bit 0 = 512 glyphs, bit 1 = Unicode table */
    if (!p->data || p->len < 4 || p->data[0] != 0x36 || p->data[1] != 0x04 || !(p->data[2] & 2)) {
        fprintf(stderr, "romtool: %s: not a PSF1 font with a Unicode table\n", path);
        return -1;
    }
    p->count = (p->data[2] & 1) ? 512 : 256;
    p->height = p->data[3];
    if (p->len < 4 + (size_t)p->count * p->height) {
        fprintf(stderr, "romtool: %s: truncated\n", path);
        return -1;
    }
    return 0;
}

/* glyph index for Unicode u (first entry of each glyph's list, not the
 * combining sequences after 0xFFFE), or -1 */
static int psf_find(const struct psf *p, uint16_t u)
{
    size_t pos = 4 + (size_t)p->count * p->height;
    for (unsigned g = 0; g < p->count; g++) {
        int seq = 0;
        for (;;) {
            if (pos + 2 > p->len)
                return -1;
            uint16_t v = (uint16_t)(p->data[pos] | p->data[pos + 1] << 8);
            pos += 2;
            if (v == 0xFFFF)
                break;
            if (v == 0xFFFE)
                seq = 1;
            else if (!seq && v == u)
                return (int)g;
        }
    }
    return -1;
}

static int cmd_font(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    unsigned height = (unsigned)atoi(argv[3]);
    int nf = argc - 4;
    struct psf *fonts = calloc((size_t)nf, sizeof *fonts);
    uint8_t *out = calloc(256, height ? height : 1);
    if (!fonts || !out || height == 0 || height > 32)
        return 1;
    for (int i = 0; i < nf; i++) {
        if (psf_load(&fonts[i], argv[4 + i]) < 0)
            return 1;
        if (fonts[i].height != height) {
            fprintf(stderr, "romtool: %s: glyphs are %u lines, want %u\n", argv[4 + i], fonts[i].height, height);
            return 1;
        }
    }
    for (int c = 1; c < 256; c++) { /* code 0 is blank, as in the IBM ROM fonts */
        int g = -1, which = 0;
        for (int i = 0; i < nf && g < 0; i++) {
            g = psf_find(&fonts[i], cp437[c]);
            if (g < 0 && alternate(cp437[c]))
                g = psf_find(&fonts[i], alternate(cp437[c]));
            which = i;
        }
        if (g < 0) {
            fprintf(stderr, "romtool: %s: no glyph for CP437 %02X (U+%04X): left blank\n", argv[2], c, cp437[c]);
            continue;
        }
        memcpy(out + (size_t)c * height, fonts[which].data + 4 + (size_t)g * height, height);
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(out, height, 256, f) != 256 || fclose(f) != 0) {
        fprintf(stderr, "romtool: %s: cannot write\n", argv[2]);
        return 1;
    }
    for (int i = 0; i < nf; i++)
        free(fonts[i].data);
    free(fonts);
    free(out);
    return 0;
}

static int cmd_rom(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "romtool: %s: cannot open\n", path);
        return 1;
    }
    static uint8_t buf[128 * 1024];
    size_t n = fread(buf, 1, sizeof buf, f);
    int big = fgetc(f) != EOF;
    fclose(f);
    if (big || n < 4 || buf[0] != 0x55 || buf[1] != 0xAA) {
        fprintf(stderr, "romtool: %s: not an option ROM of at most 127 KiB (55 AA signature)\n", path);
        return 1;
    }
    size_t size = (n + 511) & ~(size_t)511;
    if (size == n && buf[n - 1] != 0) {
        /* the last byte is the checksum: it must be free */
        size += 512;
    }
    if (size > 254 * 512) {
        fprintf(stderr, "romtool: %s: too large for the length byte\n", path);
        return 1;
    }
    buf[2] = (uint8_t)(size / 512);
    buf[size - 1] = 0;
    uint8_t sum = 0;
    for (size_t i = 0; i < size; i++)
        sum = (uint8_t)(sum + buf[i]);
    buf[size - 1] = (uint8_t)-sum;
    f = fopen(path, "wb");
    if (!f || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "romtool: %s: cannot write\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && !strcmp(argv[1], "font"))
        return cmd_font(argc, argv);
    if (argc == 3 && !strcmp(argv[1], "rom"))
        return cmd_rom(argv[2]);
    fprintf(stderr, "usage: romtool font OUT HEIGHT FONT.psf.gz...\n"
                    "       romtool rom FILE.bin\n");
    return 2;
}
