/* memory/phys.h: the guest physical address space.
 *
 * RAM is one host allocation. ROM and MMIO regions are listed and take
 * precedence over RAM where they overlap (the legacy VGA window and the BIOS
 * area below 1 MiB, the BIOS alias below 4 GiB). The A20 gate masks
 * physical address bit 20 when disabled. Pages that hold decoded
 * instructions are marked so that writes to them invalidate the decoded
 * copies.
 */
#ifndef EMU_MEMORY_PHYS_H
#define EMU_MEMORY_PHYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mmio_ops {
    uint64_t (*read)(void *opaque, uint64_t off, int size);
    void (*write)(void *opaque, uint64_t off, int size, uint64_t val);
};

enum region_kind { REG_ROM = 1, REG_MMIO = 2, REG_RAM_ALIAS = 3 };

struct region {
    uint64_t base, size;
    enum region_kind kind;
    uint8_t *host;              /* ROM contents / aliased RAM */
    const struct mmio_ops *ops; /* MMIO */
    void *opaque;
    char name[32];
};

#define PHYS_MAX_REGIONS 32

struct phys {
    uint8_t *ram;
    uint64_t ram_size;
    uint64_t a20_mask; /* ~0 or ~(1 << 20) */
    struct region regions[PHYS_MAX_REGIONS];
    int nregions;
    uint8_t *code_map; /* one byte per RAM page: 1 if it holds decoded code */
    /* called when a code page is written (the CPU invalidates decoded code) */
    void (*code_written)(void *opaque, uint64_t pa, unsigned len);
    void *code_opaque;
    /* called when the map changes in a way that invalidates host pointers */
    void (*map_changed)(void *opaque);
    void *map_opaque;
    /* chipset routing of A0000-FFFFF to DRAM, one byte per 16 KiB:
     * PHYS_PAM_READ/PHYS_PAM_WRITE send reads/writes to the RAM below
     * instead of the ROM or MMIO regions there (i440FX PAM registers for
     * C0000-FFFFF, 440FX datasheet 3.2.18; the SMRAM register's D_OPEN
     * for A0000-BFFFF, 3.2.23) */
    uint8_t pam[24];
};

#define PHYS_PAM_BASE 0xA0000u
#define PHYS_PAM_END 0x100000u
enum { PHYS_PAM_READ = 1, PHYS_PAM_WRITE = 2 };

struct phys *phys_new(uint64_t ram_size);
void phys_free(struct phys *p);
/* Maps a copy of data as ROM at base (writes ignored). */
int phys_map_rom(struct phys *p, uint64_t base, const void *data, uint64_t size, const char *name);
void phys_map_mmio(struct phys *p, uint64_t base, uint64_t size, const struct mmio_ops *ops,
                   void *opaque, const char *name);
void phys_set_a20(struct phys *p, bool enabled);
/* Shadow RAM (i440FX PAM, SMRAM): for base..base+size-1 inside
 * A0000-FFFFF (16 KiB granules), read_ram sends reads to RAM instead of
 * the ROM or MMIO regions there and write_ram sends writes to RAM instead
 * of the ROM (dropped) or MMIO. Where no region covers an address it is
 * RAM either way. */
void phys_set_pam(struct phys *p, uint32_t base, uint32_t size, bool read_ram, bool write_ram);
bool phys_a20(const struct phys *p);

/* Host pointer for the page containing pa if it is plain RAM (write) or
 * RAM/ROM (read/fetch), else NULL. write=true also fails for code pages. */
uint8_t *phys_host_page(struct phys *p, uint64_t pa, bool write);
/* Slow-path accesses of 1, 2, 4 or 8 bytes within one page. */
uint64_t phys_read(struct phys *p, uint64_t pa, int size);
void phys_write(struct phys *p, uint64_t pa, int size, uint64_t val);
/* Bulk copies for devices (DMA), loaders and the debugger. */
void phys_read_buf(struct phys *p, uint64_t pa, void *buf, size_t len);
void phys_write_buf(struct phys *p, uint64_t pa, const void *buf, size_t len);
/* Marks a RAM page as holding decoded code. */
void phys_mark_code(struct phys *p, uint64_t pa);

#endif
