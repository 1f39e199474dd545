/* machine/acpi_tables.h: tables for operating systems (ACPI, the Intel MP
 * table, SMBIOS), built by emu in C when it uses its own BIOS and written
 * into the BIOS image where machine/layout.h says.
 *
 * The builders write into a struct fwtab: the 64 KiB table area (the E
 * segment of the BIOS) and the 64-byte anchor area in the F segment, both
 * host buffers with their guest physical addresses. They are pure
 * functions of the configuration, so a unit test can build the tables
 * without a machine and check them (tests/system/acpi_dump.c).
 */
#ifndef EMU_MACHINE_ACPI_TABLES_H
#define EMU_MACHINE_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct machine;

struct fwtab {
    uint8_t *mem;        /* the table area, LAYOUT_TABLES_SIZE bytes */
    uint32_t base;       /* its guest physical address */
    uint32_t size, used;
    uint8_t *anchors;    /* LAYOUT_ANCHORS_SIZE bytes at LAYOUT_ANCHORS_BASE */
    uint32_t rsdp;       /* guest addresses of what was built (0: none) */
    uint32_t mpfp, smbios_ep;
};

/* Reserves len bytes aligned to align in the table area, zeroed; returns
 * the guest address and the host pointer in *host, or 0 when full. */
uint32_t fwtab_alloc(struct fwtab *t, uint32_t len, uint32_t align, uint8_t **host);
/* The byte that makes the sum of p[0..n) zero, with p's own checksum
 * byte counted as 0 by the caller. */
uint8_t fwtab_checksum(const uint8_t *p, size_t n);

/* ACPI 2.0+: RSDP (at the start of the table area), RSDT, XSDT, FADT,
 * FACS, DSDT (bios/dsdt.asl), MADT. -1 if the area is too small. */
int acpi_tables_build(struct fwtab *t, const struct config *cfg);
/* MP specification 1.4: floating pointer (in the anchor area) and the
 * configuration table. */
int mptable_build(struct fwtab *t, const struct config *cfg);
/* SMBIOS 2.8 with the 32-bit entry point (in the anchor area). */
int smbios_build(struct fwtab *t, const struct config *cfg);
/* All three. */
int fwtables_build(struct fwtab *t, const struct config *cfg);

/* At machine creation: when the machine runs emu's own BIOS (no --rom, no
 * romimage:), builds the tables into the BIOS image mapped at E0000 where
 * it is still 0xFF filler. Does nothing otherwise. */
void fwtables_install(struct machine *m);
/* The guest address of the RSDP the machine has (scanning E0000-FFFFF as
 * an OS would), or 0. */
uint32_t fwtables_find_rsdp(struct machine *m);

/* the DSDT's AML, compiled from bios/dsdt.asl (machine/dsdt_blob.S) */
extern const uint8_t emu_dsdt_aml[];
extern const uint8_t emu_dsdt_aml_end[];

#endif
