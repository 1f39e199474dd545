/* gui/png.c: the framebuffer as a PNG file (--screenshot, the GUI's
 * screenshot key). 8-bit RGB, no alpha, written with libpng. */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "gui/display.h"

int png_write_framebuffer(const char *path, const struct framebuffer *fb)
{
    if (!fb || !fb->pixels || fb->width == 0 || fb->height == 0) {
        fprintf(stderr, "emu: %s: no picture to write\n", path);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *volatile row = malloc((size_t)fb->width * 3);
    if (!png || !info || !row) {
        fprintf(stderr, "emu: %s: out of memory\n", path);
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(f);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        fprintf(stderr, "emu: %s: cannot write PNG\n", path);
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, fb->width, fb->height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (uint32_t y = 0; y < fb->height; y++) {
        const uint32_t *p = (const uint32_t *)((const uint8_t *)fb->pixels + (size_t)y * fb->pitch);
        for (uint32_t x = 0; x < fb->width; x++) {
            row[3 * x] = (uint8_t)(p[x] >> 16);
            row[3 * x + 1] = (uint8_t)(p[x] >> 8);
            row[3 * x + 2] = (uint8_t)p[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    if (fclose(f) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}
