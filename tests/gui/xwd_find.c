/* tests/gui/xwd_find.c: does a PNG picture appear, pixel for pixel, in an
 * X window dump (xwd -root)?
 *
 *   xwd_find PICTURE.png DUMP.xwd...
 *
 * Prints, for each dump, "DUMP: at X,Y", "DUMP: not found" or "DUMP:
 * unreadable" (a dump cut short when the window went away), and exits 0 if
 * the picture was found in at least one dump, 1 if in none, 2 on a bad
 * PICTURE. The SDL2 test uses it to check that the window shows exactly the
 * framebuffer emu rendered (emu's own --screenshot of the same moment). */
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct picture {
    uint32_t w, h;
    uint32_t *px; /* 0xRRGGBB */
};

static int read_png(const char *path, struct picture *p)
{
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        fprintf(stderr, "xwd_find: %s: %s\n", path, img.message);
        return -1;
    }
    img.format = PNG_FORMAT_RGB;
    uint8_t *buf = malloc(PNG_IMAGE_SIZE(img));
    if (!buf || !png_image_finish_read(&img, NULL, buf, 0, NULL)) {
        fprintf(stderr, "xwd_find: %s: %s\n", path, img.message);
        free(buf);
        return -1;
    }
    p->w = img.width;
    p->h = img.height;
    p->px = malloc(sizeof *p->px * p->w * p->h);
    for (size_t i = 0; p->px && i < (size_t)p->w * p->h; i++)
        p->px[i] = (uint32_t)buf[3 * i] << 16 | (uint32_t)buf[3 * i + 1] << 8 | buf[3 * i + 2];
    free(buf);
    return p->px ? 0 : -1;
}

static uint32_t be32(const uint8_t *b) { return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]; }

static int shift_of(uint32_t mask)
{
    int s = 0;
    while (mask && !(mask & 1)) {
        mask >>= 1;
        s++;
    }
    return s;
}

/* X11 XWDFileHeader: 25 big-endian CARD32 fields, then the window name,
 * then ncolors 12-byte XWDColor entries, then the image. */
static int read_xwd(const char *path, struct picture *p)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    uint8_t hb[100];
    if (fread(hb, 1, sizeof hb, f) != sizeof hb) {
        fprintf(stderr, "xwd_find: %s: short header\n", path);
        fclose(f);
        return -1;
    }
    uint32_t hsize = be32(hb), version = be32(hb + 4), format = be32(hb + 8), width = be32(hb + 16),
             height = be32(hb + 20), byte_order = be32(hb + 28), bpp = be32(hb + 44), bpl = be32(hb + 48),
             rmask = be32(hb + 56), gmask = be32(hb + 60), bmask = be32(hb + 64), ncolors = be32(hb + 76);
    /* Xvfb at depth 24 gives packed 3-byte pixels in rows of
     * bytes_per_line (which may be padded) */
    uint32_t bypp = bpp / 8;
    if (version != 7 || format != 2 || (bpp != 32 && bpp != 24) || hsize < 100 || width > 16384 ||
        height > 16384 || bpl < width * bypp) {
        fprintf(stderr, "xwd_find: %s: expected a 24- or 32-bit ZPixmap XWD (version 7)\n", path);
        fclose(f);
        return -1;
    }
    if (fseek(f, (long)hsize + (long)ncolors * 12, SEEK_SET) < 0) {
        fclose(f);
        return -1;
    }
    uint8_t *row = malloc(bpl);
    p->w = width;
    p->h = height;
    p->px = malloc(sizeof *p->px * width * height);
    int rs = shift_of(rmask), gs = shift_of(gmask), bs = shift_of(bmask);
    int r = row && p->px ? 0 : -1;
    for (uint32_t y = 0; y < height && r == 0; y++) {
        if (fread(row, 1, bpl, f) != bpl) {
            fprintf(stderr, "xwd_find: %s: short image\n", path);
            r = -1;
            break;
        }
        for (uint32_t x = 0; x < width; x++) {
            const uint8_t *b = row + bypp * x;
            uint32_t v = bypp == 4 ? (byte_order ? be32(b) : (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 |
                                                                 (uint32_t)b[1] << 8 | b[0])
                                   : (byte_order ? (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2]
                                                 : (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0]);
            uint32_t rr = (v & rmask) >> rs, gg = (v & gmask) >> gs, bb = (v & bmask) >> bs;
            p->px[y * width + x] = rr << 16 | gg << 8 | bb;
        }
    }
    free(row);
    fclose(f);
    return r;
}

static bool match_at(const struct picture *big, const struct picture *small, uint32_t x0, uint32_t y0)
{
    for (uint32_t y = 0; y < small->h; y++)
        if (memcmp(&big->px[(y0 + y) * big->w + x0], &small->px[y * small->w], small->w * 4))
            return false;
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: xwd_find PICTURE.png DUMP.xwd...\n");
        return 2;
    }
    struct picture want;
    if (read_png(argv[1], &want) < 0)
        return 2;
    int found = 0;
    for (int i = 2; i < argc; i++) {
        struct picture dump = {0};
        if (read_xwd(argv[i], &dump) < 0) {
            free(dump.px);
            printf("%s: unreadable\n", argv[i]);
            continue;
        }
        bool hit = false;
        for (uint32_t y = 0; !hit && want.h <= dump.h && y <= dump.h - want.h; y++)
            for (uint32_t x = 0; !hit && want.w <= dump.w && x <= dump.w - want.w; x++)
                if (dump.px[y * dump.w + x] == want.px[0] && match_at(&dump, &want, x, y)) {
                    printf("%s: at %u,%u\n", argv[i], x, y);
                    hit = true;
                }
        if (!hit)
            printf("%s: not found\n", argv[i]);
        found += hit;
        free(dump.px);
    }
    free(want.px);
    return found ? 0 : 1;
}
