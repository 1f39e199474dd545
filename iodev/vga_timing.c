/* iodev/vga_timing.c: the CRT timing a guest can observe.
 *
 * Input Status #1 (3BAh/3DAh) bit 3 is vertical retrace and bit 0 "display
 * disabled" (horizontal or vertical blanking): FreeVGA "General Registers".
 * Both are derived from virtual time and the CRTC timing registers (FreeVGA
 * "CRTC registers" 00h, 01h, 06h, 07h, 10h, 11h, 12h), the dot clock of the
 * Miscellaneous Output register (25.175 or 28.322 MHz) and the sequencer's
 * 8/9-dot and dot-clock/2 bits, so a guest waiting for retrace sees it at
 * the rate the real card would produce (70 Hz in the text and 13h modes,
 * 60 Hz in mode 12h). In VBE modes the frame is a fixed 60 Hz.
 */
#include "iodev/vga.h"

struct crt_timing {
    uint64_t line_ns;   /* one scanline in ns (x 1) */
    uint32_t htotal;    /* character clocks per line */
    uint32_t hde;       /* displayed character clocks */
    uint32_t lines;     /* scanlines per frame */
    uint32_t vde;       /* displayed scanlines */
    uint32_t vrs, vre;  /* vertical retrace [start, end) */
};

static void timing(const struct vga *v, struct crt_timing *t)
{
    if (vga_vbe_enabled(v)) {
        /* 60 Hz, 525 lines of which the last 45 are blanking */
        t->lines = 525;
        t->vde = 480;
        t->vrs = 490;
        t->vre = 492;
        t->htotal = 100;
        t->hde = 80;
        t->line_ns = 1000000000ull / 60 / t->lines;
        return;
    }
    const uint8_t *c = v->crtc;
    uint32_t dot_hz = ((v->misc >> 2) & 3) == 1 ? 28322000u : 25175000u;
    uint32_t char_w = (v->seq[1] & 0x01) ? 8 : 9;
    if (v->seq[1] & 0x08)
        dot_hz /= 2;
    t->htotal = c[0] + 5u;
    t->hde = c[1] + 1u;
    uint32_t vt = c[6] | ((c[7] & 0x01u) << 8) | ((c[7] & 0x20u) << 4);
    uint32_t vde = c[0x12] | ((c[7] & 0x02u) << 7) | ((c[7] & 0x40u) << 3);
    uint32_t vrs = c[0x10] | ((c[7] & 0x04u) << 6) | ((c[7] & 0x80u) << 2);
    t->lines = vt + 2;
    t->vde = vde + 1;
    t->vrs = vrs;
    /* the retrace ends when the low 4 bits of the line counter match 11h */
    uint32_t len = ((c[0x11] & 0x0Fu) - vrs) & 0x0F;
    t->vre = vrs + (len ? len : 16);
    t->line_ns = (uint64_t)t->htotal * char_w * 1000000000ull / dot_hz;
    if (t->line_ns == 0)
        t->line_ns = 1;
}

uint8_t vga_input_status1(const struct vga *v, uint64_t ns)
{
    struct crt_timing t;
    timing(v, &t);
    uint64_t frame = t.line_ns * t.lines;
    uint64_t in_frame = ns % frame;
    uint32_t line = (uint32_t)(in_frame / t.line_ns);
    uint32_t hpos = (uint32_t)((in_frame % t.line_ns) * t.htotal / t.line_ns);
    uint8_t st = 0;
    if (line >= t.vrs && line < t.vre)
        st |= 0x08;
    if (line >= t.vde || hpos >= t.hde)
        st |= 0x01;
    return st;
}

static uint64_t frame_number(const struct vga *v, uint64_t ns)
{
    struct crt_timing t;
    timing(v, &t);
    return ns / (t.line_ns * t.lines);
}

bool vga_cursor_phase(const struct vga *v, uint64_t ns) { return !(frame_number(v, ns) & 16); }

bool vga_char_blink_phase(const struct vga *v, uint64_t ns) { return !(frame_number(v, ns) & 32); }
