/* iodev/vga.h: the VGA (IBM VGA registers, 256 KiB planar memory) with the
 * Bochs VBE "dispi" extension (ports 0x1CE/0x1CF, 16 MiB linear
 * framebuffer).
 *
 * The device is split by idea:
 *   vga.c         creation, ports, the legacy memory window, the LFB, reset
 *   vga_mem.c     planar memory access: read modes 0/1, write modes 0-3,
 *                 latches, chain-4 and odd/even addressing
 *   vga_vbe.c     the dispi registers
 *   vga_render.c  turning memory and registers into XRGB pixels, dirty
 *                 tracking, the text view
 *   vga_timing.c  input status 1 (display enable, vertical retrace) from
 *                 virtual time
 * Register references are to the IBM VGA Technical Reference as described by
 * FreeVGA ("FreeVGA seq", "FreeVGA gc", ...).
 */
#ifndef EMU_IODEV_VGA_H
#define EMU_IODEV_VGA_H

#include <stdbool.h>
#include <stdint.h>

#include "gui/display.h"
#include "iodev/pci.h"

struct machine;

#define VGA_VRAM_SIZE (16u << 20)       /* VBE video memory */
#define VGA_PLANE_SIZE 0x10000u         /* 64 KiB per plane, 4 planes */
#define VGA_PAGE_SHIFT 12
#define VGA_NPAGES (VGA_VRAM_SIZE >> VGA_PAGE_SHIFT)
#define VGA_LFB_DEFAULT 0xE0000000u     /* until the PCI BAR is programmed */

/* Bochs VBE dispi interface */
#define VBE_DISPI_IOPORT_INDEX 0x01CE
#define VBE_DISPI_IOPORT_DATA 0x01CF
enum {
    VBE_DISPI_INDEX_ID = 0, VBE_DISPI_INDEX_XRES, VBE_DISPI_INDEX_YRES, VBE_DISPI_INDEX_BPP,
    VBE_DISPI_INDEX_ENABLE, VBE_DISPI_INDEX_BANK, VBE_DISPI_INDEX_VIRT_WIDTH,
    VBE_DISPI_INDEX_VIRT_HEIGHT, VBE_DISPI_INDEX_X_OFFSET, VBE_DISPI_INDEX_Y_OFFSET,
    VBE_DISPI_INDEX_VIDEO_MEMORY_64K, VBE_DISPI_NUM_REGS
};
#define VBE_DISPI_ID0 0xB0C0
#define VBE_DISPI_ID5 0xB0C5
#define VBE_DISPI_DISABLED 0x00
#define VBE_DISPI_ENABLED 0x01
#define VBE_DISPI_GETCAPS 0x02
#define VBE_DISPI_8BIT_DAC 0x20
#define VBE_DISPI_LFB_ENABLED 0x40
#define VBE_DISPI_NOCLEARMEM 0x80
#define VBE_DISPI_MAX_XRES 2560
#define VBE_DISPI_MAX_YRES 1600
#define VBE_DISPI_MAX_BPP 32

enum vga_render_kind { VR_BLANK = 0, VR_TEXT, VR_PLANAR, VR_CGA2, VR_256, VR_VBE };

struct vga {
    struct machine *m;
    uint8_t *vram;        /* VGA_VRAM_SIZE; planes interleaved: plane p byte i at 4*i+p */

    /* registers (FreeVGA names) */
    uint8_t misc;         /* 3C2 write / 3CC read */
    uint8_t feature;      /* 3BA/3DA write / 3CA read */
    uint8_t vse;          /* 3C3 video subsystem enable */
    uint8_t seq_idx, seq[8];
    uint8_t gc_idx, gc[16];
    uint8_t crtc_idx, crtc[0x20];
    uint8_t ac_idx, ac[0x20];
    bool ac_flipflop;     /* false: next 3C0 write is an index */
    uint8_t dac[256][3];  /* 6-bit (or 8-bit with VBE_DISPI_8BIT_DAC) */
    uint8_t dac_read_idx, dac_write_idx, dac_sub;
    uint8_t dac_state;    /* 3C7 read: 0 after a write index, 3 after a read index */
    uint8_t dac_buf[3];
    uint8_t pel_mask;
    uint32_t latch;       /* one byte per plane */

    /* VBE */
    uint16_t vbe_idx;
    uint16_t vbe[VBE_DISPI_NUM_REGS];
    uint32_t vbe_start;   /* byte offset of the visible origin */
    uint32_t vbe_stride;  /* bytes per virtual line */
    uint64_t lfb_base;
    struct pci_func pci;  /* 1234:1111 with BAR0 = the LFB, when the PCI bus exists */

    /* rendering */
    struct framebuffer fb;
    uint32_t fb_cap;                 /* pixels allocated */
    uint8_t dirty[VGA_NPAGES / 8];   /* vram pages written since the last render */
    bool full_redraw;                /* registers changed: render everything */
    bool font_dirty;                 /* plane 2 written (text modes) */
    enum vga_render_kind kind;
    uint32_t last_w, last_h;
    int last_cursor_row, last_blink;
    uint16_t *cells;                 /* text view: cols*rows */
    uint16_t *shadow;                /* text cells as last rendered */
    uint32_t cells_cap;
    uint16_t text_cols, text_rows;
};

/* vga.c: creates the VGA from m->cfg and registers it (device "vga"). */
struct vga *vga_init(struct machine *m);
struct vga *vga_get(struct machine *m);
/* At the end of a run: --screenshot FILE (PNG), --text-dump FILE and
 * --fb-checksum ("emu: fb WxH crc32 XXXXXXXX" on stderr). -1 when a file
 * cannot be written (the message is printed). */
int vga_exit_outputs(struct machine *m);
/* Port access (exported for unit tests). */
uint32_t vga_port_in(void *opaque, uint16_t port, int size);
void vga_port_out(void *opaque, uint16_t port, int size, uint32_t val);
/* Moves the linear framebuffer (PCI BAR0 programmed). */
void vga_set_lfb_base(struct vga *v, uint64_t base);
void vga_reset(struct vga *v);

/* vga_mem.c: the legacy window A0000-BFFFF, off relative to A0000. */
uint8_t vga_mem_read(struct vga *v, uint32_t off);
void vga_mem_write(struct vga *v, uint32_t off, uint8_t val);
static inline void vga_mark_dirty(struct vga *v, uint32_t vram_off)
{
    uint32_t pg = (vram_off & (VGA_VRAM_SIZE - 1)) >> VGA_PAGE_SHIFT;
    v->dirty[pg >> 3] |= (uint8_t)(1u << (pg & 7));
}

/* vga_vbe.c */
uint16_t vga_vbe_read(struct vga *v);
void vga_vbe_write(struct vga *v, uint16_t val);
bool vga_vbe_enabled(const struct vga *v);

/* vga_render.c: renders what changed; returns the framebuffer. */
const struct framebuffer *vga_render(struct vga *v);
bool vga_text(struct vga *v, struct text_screen *t);
/* The screen as text (one line per row, trailing blanks kept), for
 * --text-dump; 0 ok, -1 error (printed). */
int vga_text_dump(struct vga *v, const char *path);
/* CRC-32 (IEEE) of the rendered picture (width, height, then the XRGB pixels
 * row by row, little-endian), printed by --fb-checksum. */
uint32_t vga_fb_crc32(const struct framebuffer *fb);

/* vga_timing.c: input status 1 bits 0 (display disabled) and 3 (vertical
 * retrace) at virtual time ns. */
uint8_t vga_input_status1(const struct vga *v, uint64_t ns);
/* Blink phases (FreeVGA: cursor every 16 frames, characters every 32). */
bool vga_cursor_phase(const struct vga *v, uint64_t ns);
bool vga_char_blink_phase(const struct vga *v, uint64_t ns);

#endif
