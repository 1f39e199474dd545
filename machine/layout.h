/* machine/layout.h: the memory layout emu and its BIOS (bios/bios.asm) agree
 * on. bios/layout.inc holds the same constants for nasm; change both.
 *
 * Tables for operating systems (ACPI, MP, SMBIOS) are built by emu in C
 * when the machine is created with its own BIOS (machine/acpi_tables.c,
 * machine/mptable.c, machine/smbios.c) and written into the BIOS image:
 *
 *   E0000-EFFFF  the E segment of the 128 KiB BIOS: the RSDP at its start
 *                (ACPI 5.2.5.1: on a 16-byte boundary in E0000-FFFFF), then
 *                the RSDT, XSDT, FADT, FACS, DSDT, MADT, the MP
 *                configuration table and the SMBIOS structure table. The
 *                BIOS leaves it filled with 0xFF.
 *   FF100-FF13F  anchors that must be in F0000-FFFFF: the MP floating
 *                pointer (MP 1.4, 4: "within the BIOS ROM address space
 *                between 0F0000h and 0FFFFFh") and the SMBIOS 2.x entry
 *                point (SMBIOS 2.8, 5.2.1: paragraph boundary in
 *                F0000-FFFFF). The BIOS keeps these 64 bytes as 0xFF filler.
 *
 * E0000-FFFFF is already "reserved" (type 2) in the BIOS's INT 15h E820
 * map, so these tables need no entry of their own. emu writes a region only
 * while it is still 0xFF filler, so a BIOS that puts code there loses the
 * tables, never its code.
 */
#ifndef EMU_MACHINE_LAYOUT_H
#define EMU_MACHINE_LAYOUT_H

#define LAYOUT_BIOS_BASE 0xE0000u        /* the 128 KiB system BIOS */
#define LAYOUT_BIOS_SIZE 0x20000u
#define LAYOUT_TABLES_BASE 0xE0000u      /* ACPI, MP, SMBIOS tables */
#define LAYOUT_TABLES_SIZE 0x10000u
#define LAYOUT_ANCHORS_BASE 0xFF100u     /* MP floating pointer, SMBIOS entry point */
#define LAYOUT_ANCHORS_SIZE 0x40u
#define LAYOUT_MPFP_ADDR 0xFF100u        /* 16 bytes */
#define LAYOUT_SMBIOS_EP_ADDR 0xFF110u   /* 31 bytes (2.x entry point) */

/* the EBDA and base memory the BIOS reports (bios/bios_data.inc) */
#define LAYOUT_EBDA_BASE 0x9FC00u
#define LAYOUT_EBDA_SIZE 0x400u
/* RAM below 4 GiB ends at the PCI hole (iodev/cmos.c, CMOS 34h/35h) */
#define LAYOUT_PCI_HOLE 0xE0000000ull

/* the ACPI PM block the BIOS programs into the PIIX4 PMBA (and emu's
 * direct boot too), and the PIRQ routing of PIIX3 registers 60h-63h */
#define LAYOUT_PM_BASE 0xB000u
#define LAYOUT_PIRQ_IRQS {10, 10, 11, 11}

#endif
