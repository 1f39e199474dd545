/* machine/loader.h: direct boot of a kernel file (--kernel, --initrd,
 * --append), as QEMU's -kernel: a Linux bzImage (machine/loader_linux.c),
 * a Multiboot 1 or Multiboot 2 kernel (machine/multiboot.c). See
 * docs/BOOT.md.
 *
 * emu does not run its BIOS before the kernel: machine_new() builds the
 * machine, the loader puts the kernel, its modules and its boot information
 * in RAM, initialises the devices as a BIOS would leave them (the 8259s
 * remapped to vectors 08h/70h and masked, the PIT at 18.2 Hz, A20 on, the
 * ACPI PM block and the PCI interrupt routing programmed) and starts the
 * CPU in 32-bit protected mode at the kernel's entry point. A reset later
 * (triple fault, 0xCF9) starts the BIOS from the reset vector.
 *
 * Low memory used by the loader (all in the first 640 KiB, which the
 * memory map reports as RAM: the kernel owns it once it runs):
 *   0x0500-0x051F  a GDT with flat segments: 0x10 code, 0x18 data
 *   0x7000         initial ESP of a Multiboot kernel (grows down)
 *   0x10000-0x8FFFF boot information (zero page, command lines, Multiboot
 *                  information, module strings, memory map)
 */
#ifndef EMU_MACHINE_LOADER_H
#define EMU_MACHINE_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

#define LOADER_GDT 0x500u
#define LOADER_STACK 0x7000u
#define LOADER_INFO_BASE 0x10000u
#define LOADER_INFO_END 0x90000u
#define LOADER_SEL_CODE 0x10
#define LOADER_SEL_DATA 0x18

/* E820 address range types (ACPI 15, "System Address Map Interfaces") */
enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4 };
struct e820_entry {
    uint64_t base, len;
    uint32_t type;
};
#define LOADER_E820_MAX 16

/* What a loader works with. */
struct loader {
    struct machine *m;
    const char *path;          /* the kernel file, for messages */
    const uint8_t *img;        /* its contents */
    size_t len;
    uint64_t ram_below;        /* RAM from 0 up to here (below the PCI hole) */
    uint64_t ram_above;        /* RAM from 4 GiB */
    uint32_t info_next;        /* bump allocator for boot information */
    uint64_t load_lo, load_hi; /* range the kernel occupies (load_hi = 0: none) */
    struct e820_entry e820[LOADER_E820_MAX];
    int ne820;
};

/* Called by machine_new() when cfg->kernel is set, after the devices
 * exist: loads and prepares the start. -1 after one message naming the
 * file (a missing, unreadable, malformed or too large kernel or module). */
int loader_boot(struct machine *m);

/* ---- helpers for the loaders (machine/loader.c) ---- */
/* Reads a whole file; NULL after a message naming it. */
uint8_t *loader_read_file(const char *path, size_t *len);
/* True when [addr, addr + len) is RAM the kernel may use (not the VGA
 * window, the ROMs or beyond the end of RAM). */
bool loader_ram_ok(const struct loader *ld, uint64_t addr, uint64_t len);
/* Copies data into guest RAM (zero-fills zlen more bytes after it). */
void loader_put(struct loader *ld, uint64_t addr, const void *data, size_t len, uint64_t zlen);
/* Remembers that [addr, addr + len) holds the kernel (or a module). */
void loader_claim(struct loader *ld, uint64_t addr, uint64_t len);
/* Allocates len bytes of boot information, aligned; 0 when it is full. */
uint32_t loader_info_alloc(struct loader *ld, uint32_t len, uint32_t align);
/* Starts the CPU in 32-bit protected mode with flat segments, paging off,
 * interrupts off, at eip with the given registers. */
void loader_enter32(struct loader *ld, uint32_t eip, uint32_t eax, uint32_t ebx, uint32_t esi, uint32_t esp);

/* the formats */
bool linux_probe(const uint8_t *img, size_t len);
int linux_load(struct loader *ld);
/* 1 or 2 when img is a Multiboot 1 or 2 kernel, else 0 */
int multiboot_probe(const uint8_t *img, size_t len);
int multiboot1_load(struct loader *ld);
int multiboot2_load(struct loader *ld);

#endif
