/* iodev/vga.c: the VGA device: creation, I/O ports, memory windows, reset.
 *
 * Ports (FreeVGA "General", "Sequencer", "Graphics", "Attribute", "CRTC",
 * "DAC" register pages): 3C0/3C1 attribute controller (index/data flip-flop,
 * reset by reading input status 1), 3C2 misc output (write) / input status 0
 * (read), 3C3 video subsystem enable, 3C4/3C5 sequencer, 3C6 PEL mask,
 * 3C7 DAC read index / DAC state, 3C8 DAC write index, 3C9 DAC data,
 * 3CA feature control (read), 3CC misc output (read), 3CE/3CF graphics
 * controller, 3B4/3B5 or 3D4/3D5 CRTC and 3BA or 3DA input status 1 /
 * feature control depending on misc output bit 0. Bochs VBE at 1CE/1CF.
 * Memory: the legacy window A0000-BFFFF (MMIO) and the 16 MiB linear
 * framebuffer (PCI BAR0 of the 1234:1111 function; 0xE0000000 until the
 * BAR is programmed).
 *
 * At power-on the registers hold the values of BIOS mode 03h (80x25 text)
 * and the DAC the 64-entry EGA palette, so that a ROM with no VGA BIOS can
 * write text at B8000. Plane 2 (the font) starts empty: the guest or its
 * VGA BIOS loads a font.
 */
#include "iodev/vga.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"
#include "memory/phys.h"

/* ---- registers ---- */

/* writable bits of each register (FreeVGA register pages) */
static const uint8_t seq_mask[8] = {0x03, 0x3D, 0x0F, 0x3F, 0x0E, 0, 0, 0};
static const uint8_t gc_mask[16] = {0x0F, 0x0F, 0x0F, 0x1F, 0x03, 0x7B, 0x0F, 0x0F, 0xFF};

static bool crtc_is_color(const struct vga *v) { return v->misc & 0x01; }

static void crtc_write(struct vga *v, uint8_t val)
{
    uint8_t idx = v->crtc_idx;
    if (idx >= sizeof v->crtc)
        return;
    /* FreeVGA crtc 11h bit 7: registers 0-7 are write-protected, except
     * the line compare bit 8 in 07h bit 4 */
    if ((v->crtc[0x11] & 0x80) && idx <= 7) {
        if (idx != 7)
            return;
        val = (uint8_t)((v->crtc[7] & ~0x10u) | (val & 0x10u));
    }
    if (v->crtc[idx] == val)
        return;
    v->crtc[idx] = val;
    /* cursor shape and position are compared by the renderer itself */
    if (idx != 0x0A && idx != 0x0B && idx != 0x0E && idx != 0x0F)
        v->full_redraw = true;
}

static void ac_write(struct vga *v, uint8_t val)
{
    if (!v->ac_flipflop) {
        if ((v->ac_idx ^ val) & 0x20)
            v->full_redraw = true; /* PAS: blank or unblank the screen */
        v->ac_idx = val & 0x3F;
    } else {
        uint8_t idx = v->ac_idx & 0x1F;
        static const uint8_t mask[0x15] = {
            0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3F,
            0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0xEF, 0xFF, 0x3F, 0x0F, 0x0F};
        if (idx < 0x15) {
            v->ac[idx] = val & mask[idx];
            v->full_redraw = true;
        }
    }
    v->ac_flipflop = !v->ac_flipflop;
}

static uint8_t dac_limit(const struct vga *v)
{
    return (v->vbe[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_8BIT_DAC) ? 0xFF : 0x3F;
}

static uint8_t vga_in8(struct vga *v, uint16_t port)
{
    bool color = crtc_is_color(v);
    switch (port) {
    case 0x3C0: return v->ac_idx;
    case 0x3C1: return (v->ac_idx & 0x1F) < 0x15 ? v->ac[v->ac_idx & 0x1F] : 0;
    case 0x3C2: return 0x00; /* input status 0: no switch sense, no CRT interrupt */
    case 0x3C3: return v->vse;
    case 0x3C4: return v->seq_idx;
    case 0x3C5: return v->seq_idx < 8 ? v->seq[v->seq_idx] : 0xFF;
    case 0x3C6: return v->pel_mask;
    case 0x3C7: return v->dac_state;
    case 0x3C8: return v->dac_write_idx;
    case 0x3C9: {
        uint8_t b = v->dac[v->dac_read_idx][v->dac_sub];
        if (++v->dac_sub == 3) {
            v->dac_sub = 0;
            v->dac_read_idx++;
        }
        return b;
    }
    case 0x3CA: return v->feature;
    case 0x3CC: return v->misc;
    case 0x3CE: return v->gc_idx;
    case 0x3CF: return v->gc_idx < 16 ? v->gc[v->gc_idx] : 0xFF;
    case 0x3B4: case 0x3D4:
        if ((port == 0x3D4) != color)
            return 0xFF;
        return v->crtc_idx;
    case 0x3B5: case 0x3D5:
        if ((port == 0x3D5) != color)
            return 0xFF;
        return v->crtc_idx < sizeof v->crtc ? v->crtc[v->crtc_idx] : 0xFF;
    case 0x3BA: case 0x3DA:
        if ((port == 0x3DA) != color)
            return 0xFF;
        /* FreeVGA attr: reading input status 1 resets the flip-flop */
        v->ac_flipflop = false;
        return vga_input_status1(v, machine_now_ns(v->m));
    default: return 0xFF;
    }
}

static void vga_out8(struct vga *v, uint16_t port, uint8_t val)
{
    bool color = crtc_is_color(v);
    switch (port) {
    case 0x3C0: ac_write(v, val); break;
    case 0x3C2:
        if (v->misc != val)
            v->full_redraw = true;
        v->misc = val;
        break;
    case 0x3C3: v->vse = val & 1; break;
    case 0x3C4: v->seq_idx = val & 0x07; break;
    case 0x3C5:
        if (v->seq_idx < 8) {
            uint8_t nv = val & seq_mask[v->seq_idx];
            if (v->seq_idx != 2 && v->seq[v->seq_idx] != nv)
                v->full_redraw = true;
            v->seq[v->seq_idx] = nv;
        }
        break;
    case 0x3C6:
        if (v->pel_mask != val)
            v->full_redraw = true;
        v->pel_mask = val;
        break;
    case 0x3C7:
        v->dac_read_idx = val;
        v->dac_sub = 0;
        v->dac_state = 3;
        break;
    case 0x3C8:
        v->dac_write_idx = val;
        v->dac_sub = 0;
        v->dac_state = 0;
        break;
    case 0x3C9:
        v->dac_buf[v->dac_sub++] = val & dac_limit(v);
        if (v->dac_sub == 3) {
            memcpy(v->dac[v->dac_write_idx], v->dac_buf, 3);
            v->dac_write_idx++;
            v->dac_sub = 0;
            v->full_redraw = true;
        }
        break;
    case 0x3CE: v->gc_idx = val & 0x0F; break;
    case 0x3CF:
        if (v->gc_idx < 9) {
            uint8_t nv = val & gc_mask[v->gc_idx];
            if ((v->gc_idx == 5 || v->gc_idx == 6) && v->gc[v->gc_idx] != nv)
                v->full_redraw = true;
            v->gc[v->gc_idx] = nv;
        }
        break;
    case 0x3B4: case 0x3D4:
        if ((port == 0x3D4) == color)
            v->crtc_idx = val & 0x3F;
        break;
    case 0x3B5: case 0x3D5:
        if ((port == 0x3D5) == color)
            crtc_write(v, val);
        break;
    case 0x3BA: case 0x3DA:
        if ((port == 0x3DA) == color)
            v->feature = val & 0x03;
        break;
    default: break;
    }
}

uint32_t vga_port_in(void *opaque, uint16_t port, int size)
{
    struct vga *v = opaque;
    if (port == VBE_DISPI_IOPORT_INDEX)
        return v->vbe_idx;
    if (port == VBE_DISPI_IOPORT_DATA)
        return vga_vbe_read(v);
    uint32_t r = 0;
    for (int i = 0; i < size; i++)
        r |= (uint32_t)vga_in8(v, (uint16_t)(port + i)) << (8 * i);
    return r;
}

void vga_port_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct vga *v = opaque;
    if (port == VBE_DISPI_IOPORT_INDEX) {
        v->vbe_idx = (uint16_t)val;
        return;
    }
    if (port == VBE_DISPI_IOPORT_DATA) {
        vga_vbe_write(v, (uint16_t)val);
        return;
    }
    for (int i = 0; i < size; i++)
        vga_out8(v, (uint16_t)(port + i), (uint8_t)(val >> (8 * i)));
}

/* ---- memory ---- */

static uint64_t legacy_read(void *opaque, uint64_t off, int size)
{
    uint64_t r = 0;
    for (int i = 0; i < size; i++)
        r |= (uint64_t)vga_mem_read(opaque, (uint32_t)(off + (uint64_t)i) & 0x1FFFF) << (8 * i);
    return r;
}

static void legacy_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    for (int i = 0; i < size; i++)
        vga_mem_write(opaque, (uint32_t)(off + (uint64_t)i) & 0x1FFFF, (uint8_t)(val >> (8 * i)));
}

static const struct mmio_ops legacy_ops = {legacy_read, legacy_write};

static uint64_t lfb_read(void *opaque, uint64_t off, int size)
{
    struct vga *v = opaque;
    uint64_t r = 0;
    for (int i = 0; i < size; i++)
        r |= (uint64_t)v->vram[(off + (uint64_t)i) & (VGA_VRAM_SIZE - 1)] << (8 * i);
    return r;
}

static void lfb_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct vga *v = opaque;
    for (int i = 0; i < size; i++) {
        uint32_t o = (uint32_t)(off + (uint64_t)i) & (VGA_VRAM_SIZE - 1);
        v->vram[o] = (uint8_t)(val >> (8 * i));
        vga_mark_dirty(v, o);
    }
}

static const struct mmio_ops lfb_ops = {lfb_read, lfb_write};

void vga_set_lfb_base(struct vga *v, uint64_t base)
{
    struct phys *p = v->m->phys;
    for (int i = 0; i < p->nregions; i++) {
        struct region *r = &p->regions[i];
        if (r->kind == REG_MMIO && r->ops == &lfb_ops && r->opaque == v) {
            r->base = base;
            v->lfb_base = base;
            if (p->map_changed)
                p->map_changed(p->map_opaque);
            return;
        }
    }
}

/* ---- reset and life cycle ---- */

/* BIOS mode 03h (IBM VGA Technical Reference, video mode tables) */
static const uint8_t mode3_seq[5] = {0x03, 0x00, 0x03, 0x00, 0x02};
static const uint8_t mode3_crtc[25] = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00,
                                       0x4F, 0x0D, 0x0E, 0x00, 0x00, 0x00, 0x00, 0x9C, 0x8E,
                                       0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF};
static const uint8_t mode3_gc[9] = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF};
static const uint8_t mode3_ac[21] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A,
                                     0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00};

void vga_reset(struct vga *v)
{
    v->misc = 0x67;
    v->feature = 0;
    v->vse = 1;
    memset(v->seq, 0, sizeof v->seq);
    memcpy(v->seq, mode3_seq, sizeof mode3_seq);
    memset(v->crtc, 0, sizeof v->crtc);
    memcpy(v->crtc, mode3_crtc, sizeof mode3_crtc);
    memset(v->gc, 0, sizeof v->gc);
    memcpy(v->gc, mode3_gc, sizeof mode3_gc);
    memset(v->ac, 0, sizeof v->ac);
    memcpy(v->ac, mode3_ac, sizeof mode3_ac);
    v->seq_idx = v->gc_idx = v->crtc_idx = 0;
    v->ac_idx = 0x20;
    v->ac_flipflop = false;
    /* the EGA palette: DAC index bits rgbRGB (2/3 and 1/3 intensity) */
    memset(v->dac, 0, sizeof v->dac);
    for (int i = 0; i < 64; i++) {
        v->dac[i][0] = (uint8_t)((i & 4 ? 0x2A : 0) + (i & 32 ? 0x15 : 0));
        v->dac[i][1] = (uint8_t)((i & 2 ? 0x2A : 0) + (i & 16 ? 0x15 : 0));
        v->dac[i][2] = (uint8_t)((i & 1 ? 0x2A : 0) + (i & 8 ? 0x15 : 0));
    }
    v->dac_read_idx = v->dac_write_idx = v->dac_sub = v->dac_state = 0;
    v->pel_mask = 0xFF;
    v->latch = 0;
    v->vbe_idx = 0;
    memset(v->vbe, 0, sizeof v->vbe);
    v->vbe[VBE_DISPI_INDEX_ID] = VBE_DISPI_ID5;
    v->vbe[VBE_DISPI_INDEX_XRES] = 640;
    v->vbe[VBE_DISPI_INDEX_YRES] = 480;
    v->vbe[VBE_DISPI_INDEX_BPP] = 8;
    v->vbe[VBE_DISPI_INDEX_VIRT_WIDTH] = 640;
    v->vbe_start = 0;
    v->vbe_stride = 640;
    memset(v->vram, 0, VGA_VRAM_SIZE);
    v->full_redraw = true;
    v->font_dirty = true;
}

static void dev_reset(void *opaque) { vga_reset(opaque); }

static void dev_destroy(void *opaque)
{
    struct vga *v = opaque;
    free(v->vram);
    free(v->fb.pixels);
    free(v->cells);
    free(v->shadow);
    free(v);
}

static void dev_save(void *opaque, struct state_writer *w)
{
    struct vga *v = opaque;
    uint8_t regs[] = {v->misc, v->feature, v->vse, v->seq_idx, v->gc_idx, v->crtc_idx, v->ac_idx,
                      v->ac_flipflop, v->dac_read_idx, v->dac_write_idx, v->dac_sub, v->dac_state,
                      v->pel_mask};
    state_put(w, regs, sizeof regs);
    state_put(w, v->seq, sizeof v->seq);
    state_put(w, v->gc, sizeof v->gc);
    state_put(w, v->crtc, sizeof v->crtc);
    state_put(w, v->ac, sizeof v->ac);
    state_put(w, v->dac, sizeof v->dac);
    state_put(w, v->dac_buf, sizeof v->dac_buf);
    state_put_u32(w, v->latch);
    state_put_u32(w, v->vbe_idx);
    state_put(w, v->vbe, sizeof v->vbe);
    state_put_u64(w, v->lfb_base);
    state_put(w, v->vram, VGA_VRAM_SIZE);
}

static int dev_load(void *opaque, struct state_reader *r)
{
    struct vga *v = opaque;
    uint8_t regs[13];
    state_get(r, regs, sizeof regs);
    state_get(r, v->seq, sizeof v->seq);
    state_get(r, v->gc, sizeof v->gc);
    state_get(r, v->crtc, sizeof v->crtc);
    state_get(r, v->ac, sizeof v->ac);
    state_get(r, v->dac, sizeof v->dac);
    state_get(r, v->dac_buf, sizeof v->dac_buf);
    v->latch = state_get_u32(r);
    v->vbe_idx = (uint16_t)state_get_u32(r);
    state_get(r, v->vbe, sizeof v->vbe);
    uint64_t lfb = state_get_u64(r);
    state_get(r, v->vram, VGA_VRAM_SIZE);
    if (r->error)
        return -1;
    v->misc = regs[0], v->feature = regs[1], v->vse = regs[2], v->seq_idx = regs[3] & 7;
    v->gc_idx = regs[4] & 15, v->crtc_idx = regs[5] & 0x3F, v->ac_idx = regs[6] & 0x3F;
    v->ac_flipflop = regs[7] != 0, v->dac_read_idx = regs[8], v->dac_write_idx = regs[9];
    v->dac_sub = regs[10] % 3, v->dac_state = regs[11], v->pel_mask = regs[12];
    vga_set_lfb_base(v, lfb);
    /* recompute the derived VBE geometry through the register path */
    uint16_t idx = v->vbe_idx;
    v->vbe_idx = VBE_DISPI_INDEX_X_OFFSET;
    vga_vbe_write(v, v->vbe[VBE_DISPI_INDEX_X_OFFSET]);
    v->vbe_idx = idx;
    v->full_redraw = v->font_dirty = true;
    memset(v->dirty, 0xFF, sizeof v->dirty);
    return 0;
}

static void dev_info(void *opaque, char *buf, size_t size)
{
    struct vga *v = opaque;
    snprintf(buf, size,
             "misc %02X seq4 %02X gc5 %02X gc6 %02X ac10 %02X crtc start %02X%02X offset %02X\n"
             "vbe enable %04X %ux%ux%u virt %ux%u offset %u,%u bank %u lfb %#llx\n",
             v->misc, v->seq[4], v->gc[5], v->gc[6], v->ac[0x10], v->crtc[0x0C], v->crtc[0x0D],
             v->crtc[0x13], v->vbe[VBE_DISPI_INDEX_ENABLE], v->vbe[VBE_DISPI_INDEX_XRES],
             v->vbe[VBE_DISPI_INDEX_YRES], v->vbe[VBE_DISPI_INDEX_BPP],
             v->vbe[VBE_DISPI_INDEX_VIRT_WIDTH], v->vbe[VBE_DISPI_INDEX_VIRT_HEIGHT],
             v->vbe[VBE_DISPI_INDEX_X_OFFSET], v->vbe[VBE_DISPI_INDEX_Y_OFFSET],
             v->vbe[VBE_DISPI_INDEX_BANK], (unsigned long long)v->lfb_base);
}

static const struct device_ops vga_device_ops = {
    .name = "vga",
    .reset = dev_reset,
    .save = dev_save,
    .load = dev_load,
    .destroy = dev_destroy,
    .info = dev_info,
};

/* PCI BAR0 moved: the linear framebuffer follows it (a BAR whose decode is
 * switched off keeps the LFB where it was). */
static void pci_bar_changed(struct pci_func *f, int bar, bool mapped, uint32_t addr)
{
    if (bar == 0 && mapped)
        vga_set_lfb_base(f->opaque, addr);
}

static const struct io_ops vga_io = {vga_port_in, vga_port_out, 1};
static const struct io_ops vbe_io = {vga_port_in, vga_port_out, 1 | 2};

struct vga *vga_init(struct machine *m)
{
    struct vga *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->vram = calloc(1, VGA_VRAM_SIZE);
    if (!v->vram) {
        free(v);
        return NULL;
    }
    v->m = m;
    v->lfb_base = VGA_LFB_DEFAULT;
    vga_reset(v);
    io_register(&m->io, 0x3B0, 0x30, &vga_io, v);
    io_register(&m->io, VBE_DISPI_IOPORT_INDEX, 2, &vbe_io, v);
    phys_map_mmio(m->phys, 0xA0000, 0x20000, &legacy_ops, v, "vga");
    phys_map_mmio(m->phys, v->lfb_base, VGA_VRAM_SIZE, &lfb_ops, v, "vga-lfb");
    if (m->pci) {
        /* the Bochs/QEMU standard VGA: vendor 1234h, device 1111h, class
         * 0300h (VGA-compatible), BAR0 = 16 MiB prefetchable memory (the
         * LFB), at 00:02.0 as in QEMU */
        pci_func_init(&v->pci, 0x1234, 0x1111, 0x02, 0x030000);
        pci_func_set_bar(&v->pci, 0, VGA_VRAM_SIZE, false);
        v->pci.cfg[PCI_BAR0] |= 0x08;
        v->pci.opaque = v;
        v->pci.bar_changed = pci_bar_changed;
        pci_register(m, 2, 0, &v->pci);
    }
    machine_add_device(m, &vga_device_ops, v);
    return v;
}

struct vga *vga_get(struct machine *m) { return machine_find_device(m, "vga"); }

const struct framebuffer *vga_framebuffer(struct machine *m)
{
    struct vga *v = vga_get(m);
    return v ? vga_render(v) : NULL;
}

bool vga_text_screen(struct machine *m, struct text_screen *t)
{
    struct vga *v = vga_get(m);
    return v && vga_text(v, t);
}

int vga_exit_outputs(struct machine *m)
{
    struct vga *v = vga_get(m);
    const struct config *cfg = m->cfg;
    if (!v || !cfg)
        return 0;
    int r = 0;
    const struct framebuffer *fb = vga_render(v);
    if (cfg->screenshot_path && png_write_framebuffer(cfg->screenshot_path, fb) < 0)
        r = -1;
    if (cfg->text_dump_path && vga_text_dump(v, cfg->text_dump_path) < 0)
        r = -1;
    if (cfg->fb_checksum)
        fprintf(stderr, "emu: fb %ux%u crc32 %08X\n", fb->width, fb->height, vga_fb_crc32(fb));
    return r;
}
