/* tests/unit/test_vga.c: VGA register semantics (write modes, latches,
 * read modes, chain-4, odd/even, attribute flip-flop, DAC, CRTC protect,
 * retrace), rendering with dirty tracking, and the Bochs VBE interface. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "iodev/vga.h"
#include "machine/machine.h"
#include "memory/phys.h"

static struct config cfg;
static struct machine *m;
static struct vga *v;

static void setup(void)
{
    config_defaults(&cfg);
    m = machine_new(&cfg);
    cr_assert_not_null(m);
    v = vga_get(m);
    cr_assert_not_null(v);
}

static void teardown(void) { machine_free(m); }

static void out8(uint16_t port, uint8_t val) { io_out(&m->io, port, 1, val); }
static uint8_t in8(uint16_t port) { return (uint8_t)io_in(&m->io, port, 1); }
static void seq(uint8_t i, uint8_t val) { out8(0x3C4, i), out8(0x3C5, val); }
static void gc(uint8_t i, uint8_t val) { out8(0x3CE, i), out8(0x3CF, val); }
static void crtc(uint8_t i, uint8_t val) { out8(0x3D4, i), out8(0x3D5, val); }
static void mw(uint32_t a, uint8_t val) { phys_write(m->phys, a, 1, val); }
static uint8_t mr(uint32_t a) { return (uint8_t)phys_read(m->phys, a, 1); }
static uint8_t plane(int p, uint32_t off) { return v->vram[off * 4 + (uint32_t)p]; }
static void vbe(uint16_t idx, uint16_t val) { io_out(&m->io, 0x1CE, 2, idx), io_out(&m->io, 0x1CF, 2, val); }
static uint16_t vbe_rd(uint16_t idx)
{
    io_out(&m->io, 0x1CE, 2, idx);
    return (uint16_t)io_in(&m->io, 0x1CF, 2);
}

/* planar graphics memory at A0000, all planes writable */
static void planar_mode(void)
{
    seq(4, 0x06);  /* no chain-4, no odd/even, extended memory */
    seq(2, 0x0F);
    gc(5, 0x00);
    gc(6, 0x05);   /* graphics, A0000 64 KiB */
    gc(8, 0xFF);
}

TestSuite(vga, .init = setup, .fini = teardown);

Test(vga, write_mode0_set_reset_function_and_bit_mask)
{
    planar_mode();
    gc(0, 0x05);   /* set/reset value planes 0 and 2 */
    gc(1, 0x03);   /* enable set/reset on planes 0 and 1 */
    mw(0xA0010, 0x3C);
    cr_assert_eq(plane(0, 0x10), 0xFF);
    cr_assert_eq(plane(1, 0x10), 0x00);
    cr_assert_eq(plane(2, 0x10), 0x3C);
    cr_assert_eq(plane(3, 0x10), 0x3C);
    /* rotate by 4 and XOR with the latches, bit mask 0x0F */
    gc(1, 0x00);
    gc(3, (3 << 3) | 4);
    gc(8, 0x0F);
    (void)mr(0xA0010);  /* load latches */
    mw(0xA0010, 0x81);  /* rotated: 0x18 */
    cr_assert_eq(plane(0, 0x10), (uint8_t)((0xFF ^ 0x18) & 0x0F) | (0xFF & 0xF0));
    cr_assert_eq(plane(1, 0x10), 0x08);
    cr_assert_eq(plane(2, 0x10), (uint8_t)(((0x3C ^ 0x18) & 0x0F) | (0x3C & 0xF0)));
}

Test(vga, write_mode1_copies_latches_map_mask_applies)
{
    planar_mode();
    for (int p = 0; p < 4; p++) {
        seq(2, (uint8_t)(1 << p));
        mw(0xA0000, (uint8_t)(0x11 * (p + 1)));
    }
    seq(2, 0x0F);
    gc(5, 0x01);
    (void)mr(0xA0000);
    seq(2, 0x0B);      /* not plane 2 */
    mw(0xA0100, 0x00); /* data ignored */
    cr_assert_eq(plane(0, 0x100), 0x11);
    cr_assert_eq(plane(1, 0x100), 0x22);
    cr_assert_eq(plane(2, 0x100), 0x00);
    cr_assert_eq(plane(3, 0x100), 0x44);
}

Test(vga, write_modes_2_and_3)
{
    planar_mode();
    gc(5, 0x02);
    gc(8, 0xF0);
    mw(0xA0020, 0x0A); /* colour 1010b, bits 7:4 */
    cr_assert_eq(plane(0, 0x20), 0x00);
    cr_assert_eq(plane(1, 0x20), 0xF0);
    cr_assert_eq(plane(2, 0x20), 0x00);
    cr_assert_eq(plane(3, 0x20), 0xF0);
    gc(5, 0x03);
    gc(0, 0x06);       /* colour 0110b */
    gc(8, 0x3C);
    (void)mr(0xA0020);
    mw(0xA0020, 0x0F); /* bit mask = 0x0F & 0x3C = 0x0C */
    cr_assert_eq(plane(0, 0x20), 0x00);
    cr_assert_eq(plane(1, 0x20), 0xFC);
    cr_assert_eq(plane(2, 0x20), 0x0C);
    cr_assert_eq(plane(3, 0x20), 0xF0);
}

Test(vga, read_mode0_map_select_and_read_mode1_compare)
{
    planar_mode();
    gc(5, 0x02);
    mw(0xA0030, 0x05);
    gc(4, 2);
    gc(5, 0x00);
    cr_assert_eq(mr(0xA0030), 0xFF);
    gc(4, 1);
    cr_assert_eq(mr(0xA0030), 0x00);
    gc(5, 0x08);   /* read mode 1 */
    gc(2, 0x05);
    gc(7, 0x0F);
    cr_assert_eq(mr(0xA0030), 0xFF);
    gc(2, 0x07);
    cr_assert_eq(mr(0xA0030), 0x00);
    gc(7, 0x0B);   /* plane 2 don't care */
    gc(2, 0x01);
    cr_assert_eq(mr(0xA0030), 0xFF);
}

Test(vga, chain4_and_odd_even_addressing)
{
    seq(4, 0x0E);  /* chain-4 */
    seq(2, 0x0F);
    gc(6, 0x05);
    mw(0xA0005, 0x77);
    cr_assert_eq(plane(1, 4), 0x77);
    cr_assert_eq(mr(0xA0005), 0x77);
    /* text mode: odd/even at B8000 */
    seq(4, 0x02);
    seq(2, 0x03);
    gc(5, 0x10);
    gc(6, 0x0E);
    mw(0xB8002, 'A');
    mw(0xB8003, 0x1F);
    cr_assert_eq(plane(0, 2), 'A');
    cr_assert_eq(plane(1, 2), 0x1F);
    cr_assert_eq(mr(0xB8003), 0x1F);
    /* A0000 is outside the B8000 window */
    cr_assert_eq(mr(0xA0000), 0xFF);
}

Test(vga, attribute_flip_flop_reset_by_input_status1)
{
    out8(0x3C0, 0x01);  /* index */
    out8(0x3C0, 0x2A);  /* data */
    out8(0x3C0, 0x21);
    cr_assert_eq(in8(0x3C1), 0x2A);
    (void)in8(0x3DA);   /* the flip-flop expected data: back to index */
    out8(0x3C0, 0x23);  /* so this is an index */
    out8(0x3C0, 0x15);
    out8(0x3C0, 0x23);
    cr_assert_eq(in8(0x3C1), 0x15);
    cr_assert_eq(in8(0x3C0), 0x23);
}

Test(vga, dac_indexes_autoincrement_and_state)
{
    out8(0x3C8, 0x10);
    cr_assert_eq(in8(0x3C7), 0);
    for (int i = 0; i < 6; i++)
        out8(0x3C9, (uint8_t)(0x41 + i)); /* bit 6 dropped: 6-bit DAC */
    cr_assert_eq(in8(0x3C8), 0x12);
    out8(0x3C7, 0x11);
    cr_assert_eq(in8(0x3C7), 3);
    cr_assert_eq(in8(0x3C9), 0x04);
    cr_assert_eq(in8(0x3C9), 0x05);
    cr_assert_eq(in8(0x3C9), 0x06);
    cr_assert_eq(in8(0x3C9), v->dac[0x12][0]);
    out8(0x3C6, 0x0F);
    cr_assert_eq(in8(0x3C6), 0x0F);
}

Test(vga, crtc_protect_bit)
{
    crtc(0x11, 0x80 | 0x0E);
    crtc(0x01, 0x33);
    cr_assert_eq(v->crtc[1], 0x4F);
    crtc(0x07, 0x00);
    cr_assert_eq(v->crtc[7], 0x1F & ~0x10);
    crtc(0x11, 0x0E);
    crtc(0x01, 0x33);
    cr_assert_eq(v->crtc[1], 0x33);
}

Test(vga, input_status1_retrace_follows_time_at_70hz)
{
    /* mode 03h timing: 449 lines of 900 dots at 28.322 MHz: 70.08 Hz */
    uint64_t frame = 0, first = 0;
    int edges = 0;
    bool prev = false;
    for (uint64_t ns = 0; ns < 40000000; ns += 5000) {
        bool r = vga_input_status1(v, ns) & 0x08;
        if (r && !prev) {
            if (edges == 0)
                first = ns;
            else
                frame = (ns - first) / (uint64_t)edges;
            edges++;
        }
        prev = r;
    }
    cr_assert_geq(edges, 2);
    cr_assert(frame > 14000000 && frame < 14500000, "frame %llu ns", (unsigned long long)frame);
    /* display enable toggles within a line */
    bool on = false, off = false;
    for (uint64_t ns = 0; ns < 40000; ns += 100) {
        if (vga_input_status1(v, ns) & 1)
            off = true;
        else
            on = true;
    }
    cr_assert(on && off);
}

Test(vga, mode13_render_and_dirty_rows)
{
    /* mode 13h registers */
    static const uint8_t crt[25] = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00,
                                    0x00, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x0E, 0x8F, 0x28, 0x40, 0x96,
                                    0xB9, 0xA3, 0xFF};
    out8(0x3C2, 0x63);
    seq(1, 0x01);
    seq(4, 0x0E);
    crtc(0x11, 0x0E);
    for (int i = 0; i < 25; i++)
        crtc((uint8_t)i, crt[i]);
    gc(5, 0x40);
    gc(6, 0x05);
    (void)in8(0x3DA);
    out8(0x3C0, 0x30);
    out8(0x3C0, 0x41);
    out8(0x3C8, 7);
    out8(0x3C9, 0x3F), out8(0x3C9, 0x00), out8(0x3C9, 0x20);
    const struct framebuffer *fb = vga_framebuffer(m);
    cr_assert_eq(fb->width, 320);
    cr_assert_eq(fb->height, 200);
    fb = vga_framebuffer(m);
    cr_assert_eq(fb->dirty_y1, 0, "nothing changed, nothing dirty");
    mw(0xA0000 + 10 * 320 + 5, 7);
    fb = vga_framebuffer(m);
    cr_assert_eq(fb->pixels[10 * 320 + 5], 0xFF0082u);
    cr_assert_eq(fb->pixels[10 * 320 + 4], 0);
    cr_assert_leq(fb->dirty_y0, 10);
    cr_assert_gt(fb->dirty_y1, 10);
    cr_assert_lt(fb->dirty_y1 - fb->dirty_y0, 40, "only lines of the written page");
}

Test(vga, text_glyph_from_plane2_and_cursor)
{
    /* font: glyph 'A' row 0 = 0x81 in plane 2 */
    seq(2, 0x04);
    seq(4, 0x06);
    gc(5, 0x00);
    gc(6, 0x04);
    mw(0xA0000 + 'A' * 32, 0x81);
    seq(2, 0x03);
    seq(4, 0x02);
    gc(5, 0x10);
    gc(6, 0x0E);
    mw(0xB8000, 'A');
    mw(0xB8001, 0x1E);       /* yellow on blue */
    crtc(0x0A, 0x20);        /* cursor off */
    const struct framebuffer *fb = vga_framebuffer(m);
    cr_assert_eq(fb->width, 720);
    cr_assert_eq(fb->height, 400);
    cr_assert_eq(fb->pixels[0], 0xFFFF55u);
    cr_assert_eq(fb->pixels[1], 0x0000AAu);
    cr_assert_eq(fb->pixels[7], 0xFFFF55u);
    cr_assert_eq(fb->pixels[8], 0x0000AAu);   /* 9th column: background */
    cr_assert_eq(fb->pixels[720 + 0], 0x0000AAu);
    struct text_screen t;
    cr_assert(vga_text_screen(m, &t));
    cr_assert_eq(t.cols, 80);
    cr_assert_eq(t.rows, 25);
    cr_assert_eq(t.cells[0], 0x1E00 | 'A');
    cr_assert(!t.cursor_visible);
    crtc(0x0A, 0x0E);
    crtc(0x0E, 0x00);
    crtc(0x0F, 81);
    cr_assert(vga_text_screen(m, &t));
    cr_assert(t.cursor_visible);
    cr_assert_eq(t.cursor_row, 1);
    cr_assert_eq(t.cursor_col, 1);
}

Test(vga, vbe_id_caps_and_memory)
{
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_ID), VBE_DISPI_ID5);
    vbe(VBE_DISPI_INDEX_ID, VBE_DISPI_ID0);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_ID), VBE_DISPI_ID0);
    vbe(VBE_DISPI_INDEX_ID, 0x1234);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_ID), VBE_DISPI_ID0);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_VIDEO_MEMORY_64K), 256);
    vbe(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_GETCAPS);
    cr_assert_geq(vbe_rd(VBE_DISPI_INDEX_XRES), 1920);
    cr_assert_geq(vbe_rd(VBE_DISPI_INDEX_YRES), 1080);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_BPP), 32);
}

Test(vga, vbe_lfb_mode_renders_and_pans)
{
    vbe(VBE_DISPI_INDEX_XRES, 800);
    vbe(VBE_DISPI_INDEX_YRES, 600);
    vbe(VBE_DISPI_INDEX_BPP, 32);
    vbe(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_LFB_ENABLED);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_XRES), 800);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_VIRT_WIDTH), 800);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_VIRT_HEIGHT), (16u << 20) / 3200);
    vbe(VBE_DISPI_INDEX_XRES, 1024); /* ignored while enabled */
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_XRES), 800);
    phys_write(m->phys, VGA_LFB_DEFAULT + (2 * 800 + 3) * 4, 4, 0x00123456);
    const struct framebuffer *fb = vga_framebuffer(m);
    cr_assert_eq(fb->width, 800);
    cr_assert_eq(fb->height, 600);
    cr_assert_eq(fb->pixels[2 * 800 + 3], 0x123456);
    vbe(VBE_DISPI_INDEX_Y_OFFSET, 1);
    fb = vga_framebuffer(m);
    cr_assert_eq(fb->pixels[800 + 3], 0x123456);
    /* offsets beyond memory are clamped */
    vbe(VBE_DISPI_INDEX_Y_OFFSET, 0xFFFF);
    cr_assert_leq(vbe_rd(VBE_DISPI_INDEX_Y_OFFSET) + 600u, vbe_rd(VBE_DISPI_INDEX_VIRT_HEIGHT));
    vbe(VBE_DISPI_INDEX_VIRT_WIDTH, 0xFFFF);
    vbe(VBE_DISPI_INDEX_X_OFFSET, 0xFFFF);
    fb = vga_framebuffer(m);
    cr_assert_eq(fb->width, 800);
    /* the LFB follows the BAR */
    vga_set_lfb_base(v, 0xD0000000);
    phys_write(m->phys, 0xD0000000, 4, 0xCAFEBABE);
    cr_assert_eq(v->vram[0], 0xBE);
}

Test(vga, vbe_banked_window_and_noclearmem_and_bad_values)
{
    v->vram[0x30000] = 0x5A;
    vbe(VBE_DISPI_INDEX_XRES, 0xFFFF);   /* clamped on enable */
    vbe(VBE_DISPI_INDEX_YRES, 0xFFFF);
    vbe(VBE_DISPI_INDEX_BPP, 13);        /* not a depth: 8 */
    vbe(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED | VBE_DISPI_NOCLEARMEM);
    cr_assert_eq(vbe_rd(VBE_DISPI_INDEX_BPP), 8);
    cr_assert_leq(vbe_rd(VBE_DISPI_INDEX_XRES), VBE_DISPI_MAX_XRES);
    vbe(VBE_DISPI_INDEX_BANK, 3);
    cr_assert_eq(mr(0xA0000), 0x5A);
    mw(0xA0001, 0x77);
    cr_assert_eq(v->vram[0x30001], 0x77);
    vbe(VBE_DISPI_INDEX_BANK, 0xFFFF);   /* wraps inside memory */
    mw(0xAFFFF, 1);
    const struct framebuffer *fb = vga_framebuffer(m);
    cr_assert_not_null(fb->pixels);
    /* enabling without NOCLEARMEM clears the picture */
    vbe(VBE_DISPI_INDEX_ENABLE, 0);
    vbe(VBE_DISPI_INDEX_XRES, 640);
    vbe(VBE_DISPI_INDEX_YRES, 480);
    vbe(VBE_DISPI_INDEX_ENABLE, VBE_DISPI_ENABLED);
    cr_assert_eq(v->vram[0x30000], 0);
}

Test(vga, png_and_crc)
{
    const struct framebuffer *fb = vga_framebuffer(m);
    uint32_t a = vga_fb_crc32(fb);
    mw(0xB8000, 'x');
    mw(0xB8001, 0x70);
    fb = vga_framebuffer(m);
    cr_assert_neq(vga_fb_crc32(fb), a);
    char path[] = "/tmp/emu-test-vga-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(png_write_framebuffer(path, fb), 0);
    FILE *f = fopen(path, "rb");
    unsigned char sig[8];
    cr_assert_eq(fread(sig, 1, 8, f), 8);
    fclose(f);
    unlink(path);
    close(fd);
    cr_assert_eq(memcmp(sig, "\x89PNG\r\n\x1a\n", 8), 0);
}
