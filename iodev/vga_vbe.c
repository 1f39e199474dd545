/* iodev/vga_vbe.c: the Bochs VBE "dispi" registers (index port 0x1CE,
 * data port 0x1CF), as implemented by Bochs's vga.cc and documented in the
 * Bochs VGABIOS vbe_display_api.txt: ID (0xB0C0-0xB0C5), XRES, YRES, BPP,
 * ENABLE (ENABLED, GETCAPS, 8BIT_DAC, LFB_ENABLED, NOCLEARMEM), BANK,
 * VIRT_WIDTH, VIRT_HEIGHT, X_OFFSET, Y_OFFSET, VIDEO_MEMORY_64K.
 *
 * Every value a guest writes is clamped so that the visible picture always
 * lies inside the 16 MiB of video memory.
 */
#include <string.h>

#include "iodev/vga.h"

bool vga_vbe_enabled(const struct vga *v) { return v->vbe[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_ENABLED; }

static unsigned bytes_pp(unsigned bpp) { return (bpp + 7) / 8; }

static bool bpp_valid(unsigned bpp)
{
    return bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

/* Recomputes the stride, virtual height and start from the registers,
 * clamping them to the video memory. */
static void vbe_update_geometry(struct vga *v)
{
    uint16_t *r = v->vbe;
    unsigned bpp = bpp_valid(r[VBE_DISPI_INDEX_BPP]) ? r[VBE_DISPI_INDEX_BPP] : 8;
    unsigned bypp = bytes_pp(bpp);
    if (r[VBE_DISPI_INDEX_VIRT_WIDTH] < r[VBE_DISPI_INDEX_XRES])
        r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
    uint32_t stride = (uint32_t)r[VBE_DISPI_INDEX_VIRT_WIDTH] * bypp;
    if (stride == 0)
        stride = bypp;
    uint32_t max_lines = VGA_VRAM_SIZE / stride;
    if (max_lines > 0xFFFF)
        max_lines = 0xFFFF;
    r[VBE_DISPI_INDEX_VIRT_HEIGHT] = (uint16_t)max_lines;
    v->vbe_stride = stride;
    /* the visible window must stay inside memory */
    uint32_t xres = r[VBE_DISPI_INDEX_XRES], yres = r[VBE_DISPI_INDEX_YRES];
    if (r[VBE_DISPI_INDEX_X_OFFSET] > r[VBE_DISPI_INDEX_VIRT_WIDTH] - xres)
        r[VBE_DISPI_INDEX_X_OFFSET] = (uint16_t)(r[VBE_DISPI_INDEX_VIRT_WIDTH] - xres);
    if (yres <= max_lines && r[VBE_DISPI_INDEX_Y_OFFSET] > max_lines - yres)
        r[VBE_DISPI_INDEX_Y_OFFSET] = (uint16_t)(max_lines - yres);
    v->vbe_start = r[VBE_DISPI_INDEX_Y_OFFSET] * stride + r[VBE_DISPI_INDEX_X_OFFSET] * bypp;
    v->full_redraw = true;
}

static void vbe_enable(struct vga *v, uint16_t val)
{
    uint16_t *r = v->vbe;
    bool was = vga_vbe_enabled(v);
    if ((val & VBE_DISPI_ENABLED) && !was) {
        if (!bpp_valid(r[VBE_DISPI_INDEX_BPP]))
            r[VBE_DISPI_INDEX_BPP] = 8;
        if (r[VBE_DISPI_INDEX_XRES] == 0 || r[VBE_DISPI_INDEX_XRES] > VBE_DISPI_MAX_XRES)
            r[VBE_DISPI_INDEX_XRES] = r[VBE_DISPI_INDEX_XRES] ? VBE_DISPI_MAX_XRES : 640;
        if (r[VBE_DISPI_INDEX_YRES] == 0 || r[VBE_DISPI_INDEX_YRES] > VBE_DISPI_MAX_YRES)
            r[VBE_DISPI_INDEX_YRES] = r[VBE_DISPI_INDEX_YRES] ? VBE_DISPI_MAX_YRES : 480;
        /* a mode must fit in video memory: shrink the height if not */
        uint32_t stride = (uint32_t)r[VBE_DISPI_INDEX_XRES] * bytes_pp(r[VBE_DISPI_INDEX_BPP]);
        if ((uint64_t)stride * r[VBE_DISPI_INDEX_YRES] > VGA_VRAM_SIZE)
            r[VBE_DISPI_INDEX_YRES] = (uint16_t)(VGA_VRAM_SIZE / stride);
        r[VBE_DISPI_INDEX_VIRT_WIDTH] = r[VBE_DISPI_INDEX_XRES];
        r[VBE_DISPI_INDEX_X_OFFSET] = 0;
        r[VBE_DISPI_INDEX_Y_OFFSET] = 0;
        r[VBE_DISPI_INDEX_BANK] = 0;
        if (!(val & VBE_DISPI_NOCLEARMEM)) {
            memset(v->vram, 0, (size_t)stride * r[VBE_DISPI_INDEX_YRES]);
        }
        /* as Bochs: the VGA side switches to graphics, A0000 64 KiB */
        v->gc[6] = (uint8_t)((v->gc[6] & ~0x0Cu) | 0x05);
        v->seq[4] |= 0x08;
    }
    r[VBE_DISPI_INDEX_ENABLE] = val & (VBE_DISPI_ENABLED | VBE_DISPI_GETCAPS | VBE_DISPI_8BIT_DAC |
                                       VBE_DISPI_LFB_ENABLED | VBE_DISPI_NOCLEARMEM);
    vbe_update_geometry(v);
}

uint16_t vga_vbe_read(struct vga *v)
{
    uint16_t *r = v->vbe;
    bool caps = r[VBE_DISPI_INDEX_ENABLE] & VBE_DISPI_GETCAPS;
    switch (v->vbe_idx) {
    case VBE_DISPI_INDEX_XRES: return caps ? VBE_DISPI_MAX_XRES : r[v->vbe_idx];
    case VBE_DISPI_INDEX_YRES: return caps ? VBE_DISPI_MAX_YRES : r[v->vbe_idx];
    case VBE_DISPI_INDEX_BPP: return caps ? VBE_DISPI_MAX_BPP : r[v->vbe_idx];
    case VBE_DISPI_INDEX_VIDEO_MEMORY_64K: return (uint16_t)(VGA_VRAM_SIZE >> 16);
    default:
        if (v->vbe_idx < VBE_DISPI_NUM_REGS)
            return r[v->vbe_idx];
        return 0;
    }
}

void vga_vbe_write(struct vga *v, uint16_t val)
{
    uint16_t *r = v->vbe;
    bool en = vga_vbe_enabled(v);
    switch (v->vbe_idx) {
    case VBE_DISPI_INDEX_ID:
        if (val >= VBE_DISPI_ID0 && val <= VBE_DISPI_ID5)
            r[VBE_DISPI_INDEX_ID] = val;
        break;
    case VBE_DISPI_INDEX_XRES:
    case VBE_DISPI_INDEX_YRES:
        /* Bochs: geometry changes only while disabled */
        if (!en)
            r[v->vbe_idx] = val;
        break;
    case VBE_DISPI_INDEX_BPP:
        if (!en)
            r[VBE_DISPI_INDEX_BPP] = val == 0 ? 8 : val;
        break;
    case VBE_DISPI_INDEX_ENABLE:
        vbe_enable(v, val);
        break;
    case VBE_DISPI_INDEX_BANK: {
        /* banks are 64 KiB; out-of-range banks wrap inside memory */
        r[VBE_DISPI_INDEX_BANK] = (uint16_t)(val % (VGA_VRAM_SIZE >> 16));
        break;
    }
    case VBE_DISPI_INDEX_VIRT_WIDTH:
        r[VBE_DISPI_INDEX_VIRT_WIDTH] = val;
        vbe_update_geometry(v);
        break;
    case VBE_DISPI_INDEX_VIRT_HEIGHT:
        /* derived from memory and the stride; writes are ignored */
        break;
    case VBE_DISPI_INDEX_X_OFFSET:
    case VBE_DISPI_INDEX_Y_OFFSET:
        r[v->vbe_idx] = val;
        vbe_update_geometry(v);
        break;
    default:
        break;
    }
}
