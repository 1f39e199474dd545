/* iodev/vga_mem.c: the host side of VGA memory, A0000-BFFFF.
 *
 * FreeVGA "VGA memory organization" and "Graphics Controller" registers:
 * the memory map select of GC Miscellaneous (06h) picks the window; the
 * sequencer memory mode (04h) chooses chain-4, odd/even or planar access;
 * planar writes go through the rotator, set/reset, the logical function
 * and the bit mask against the latches (write modes 0-3, GC Mode 05h), and
 * reads load the latches and return one plane (read mode 0) or a colour
 * comparison (read mode 1). While VBE is enabled the window is a 64 KiB
 * bank of the linear video memory.
 */
#include <string.h>

#include "iodev/vga.h"

static inline uint8_t plane_byte(uint32_t latch, int p) { return (uint8_t)(latch >> (8 * p)); }

static inline uint8_t ror8(uint8_t v, unsigned n)
{
    n &= 7;
    return n ? (uint8_t)((v >> n) | (v << (8 - n))) : v;
}

/* Window offset -> address inside the window, or -1 when outside
 * (FreeVGA gc Miscellaneous Graphics Register, bits 3:2). */
static int32_t window_addr(const struct vga *v, uint32_t off)
{
    static const uint32_t base[4] = {0x00000, 0x00000, 0x10000, 0x18000};
    static const uint32_t size[4] = {0x20000, 0x10000, 0x08000, 0x08000};
    unsigned map = (v->gc[6] >> 2) & 3;
    if (off - base[map] >= size[map])
        return -1;
    return (int32_t)(off - base[map]);
}

static uint32_t bank_off(const struct vga *v, uint32_t addr)
{
    return ((uint32_t)v->vbe[VBE_DISPI_INDEX_BANK] * 0x10000u + addr) & (VGA_VRAM_SIZE - 1);
}

static void load_latch(struct vga *v, uint32_t poff)
{
    uint32_t l;
    memcpy(&l, v->vram + (size_t)(poff & 0xFFFF) * 4, 4);
    v->latch = l;
}

static void store_plane(struct vga *v, uint32_t poff, int p, uint8_t b)
{
    uint32_t o = (poff & 0xFFFF) * 4 + (uint32_t)p;
    v->vram[o] = b;
    vga_mark_dirty(v, o);
    if (p == 2)
        v->font_dirty = true;
}

uint8_t vga_mem_read(struct vga *v, uint32_t off)
{
    if (vga_vbe_enabled(v)) {
        if (off >= 0x10000)
            return 0xFF;
        return v->vram[bank_off(v, off)];
    }
    int32_t a = window_addr(v, off);
    if (a < 0)
        return 0xFF;
    uint32_t addr = (uint32_t)a;
    if (v->seq[4] & 0x08) {
        /* chain-4: the two low bits pick the plane (FreeVGA seq 04h) */
        uint32_t poff = addr & 0xFFFC;
        load_latch(v, poff);
        return plane_byte(v->latch, (int)(addr & 3));
    }
    if (v->gc[5] & 0x10) {
        /* odd/even read: A0 picks plane 0/1 (or 2/3 with read map bit 1) */
        uint32_t poff = addr & 0xFFFE;
        load_latch(v, poff);
        return plane_byte(v->latch, (int)((v->gc[4] & 2) | (addr & 1)));
    }
    load_latch(v, addr);
    if (!(v->gc[5] & 0x08))
        return plane_byte(v->latch, v->gc[4] & 3); /* read mode 0 */
    /* read mode 1: colour compare against GC 02h, planes in GC 07h */
    uint8_t r = 0xFF;
    for (int p = 0; p < 4; p++) {
        if (!(v->gc[7] >> p & 1))
            continue;
        uint8_t want = (v->gc[2] >> p & 1) ? 0xFF : 0x00;
        r &= (uint8_t)~(plane_byte(v->latch, p) ^ want);
    }
    return r;
}

/* Write modes 0-3 (FreeVGA gc 05h and the "VGA write modes" diagram). */
static void planar_write(struct vga *v, uint32_t poff, uint8_t val)
{
    uint8_t mapmask = v->seq[2] & 0x0F;
    unsigned mode = v->gc[5] & 3;
    uint8_t sr = v->gc[0], esr = v->gc[1], func = (v->gc[3] >> 3) & 3;
    uint8_t bm = v->gc[8];
    uint8_t d[4];
    if (mode == 1) {
        for (int p = 0; p < 4; p++)
            if (mapmask >> p & 1)
                store_plane(v, poff, p, plane_byte(v->latch, p));
        return;
    }
    uint8_t r = ror8(val, v->gc[3] & 7);
    for (int p = 0; p < 4; p++) {
        uint8_t srb = (sr >> p & 1) ? 0xFF : 0x00;
        switch (mode) {
        case 0: d[p] = (esr >> p & 1) ? srb : r; break;
        case 2: d[p] = (val >> p & 1) ? 0xFF : 0x00; break;
        default: d[p] = srb; break; /* mode 3 */
        }
    }
    if (mode == 3)
        bm &= r;
    for (int p = 0; p < 4; p++) {
        if (!(mapmask >> p & 1))
            continue;
        uint8_t l = plane_byte(v->latch, p), f = d[p];
        switch (func) {
        case 1: f &= l; break;
        case 2: f |= l; break;
        case 3: f ^= l; break;
        default: break;
        }
        store_plane(v, poff, p, (uint8_t)((f & bm) | (l & ~bm)));
    }
}

void vga_mem_write(struct vga *v, uint32_t off, uint8_t val)
{
    if (vga_vbe_enabled(v)) {
        if (off < 0x10000) {
            uint32_t o = bank_off(v, off);
            v->vram[o] = val;
            vga_mark_dirty(v, o);
        }
        return;
    }
    int32_t a = window_addr(v, off);
    if (a < 0)
        return;
    uint32_t addr = (uint32_t)a;
    uint8_t mapmask = v->seq[2] & 0x0F;
    if (v->seq[4] & 0x08) {
        int p = (int)(addr & 3);
        if (mapmask >> p & 1)
            store_plane(v, addr & 0xFFFC, p, val);
        return;
    }
    if (!(v->seq[4] & 0x04)) {
        /* odd/even host addressing: A0 selects planes 0/2 or 1/3 */
        uint8_t planes = mapmask & ((addr & 1) ? 0x0A : 0x05);
        for (int p = 0; p < 4; p++)
            if (planes >> p & 1)
                store_plane(v, addr & 0xFFFE, p, val);
        return;
    }
    planar_write(v, addr, val);
}
