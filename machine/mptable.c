/* machine/mptable.c: the Intel MultiProcessor Specification 1.4 tables:
 * the floating pointer structure (4.1) in the F segment's anchor area and
 * the configuration table (4.2, base entries 4.3) in the table area.
 *
 * Buses: PCI is bus 0, ISA bus 1. ISA IRQs 1-15 reach IOAPIC inputs of the
 * same number except IRQ 0, which arrives on input 2 (machine/irq.c); the
 * 8259's INTR is on input 0 as ExtINT and on LINT0. PCI INTx# of device D,
 * pin P goes to input 16 + ((D + P - 1) mod 4) (iodev/pci.c).
 */
#include <string.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "iodev/apic_bus.h"
#include "machine/acpi_tables.h"
#include "machine/layout.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v), put16(p + 2, (uint16_t)(v >> 16)); }

enum { BUS_PCI = 0, BUS_ISA = 1, IOAPIC_ID = 0 };
enum { INT_INT = 0, INT_NMI = 1, INT_EXTINT = 3 };
/* 4.3.4 I/O interrupt flags: polarity bits 1:0, trigger mode bits 3:2 */
enum { PO_HIGH = 1, PO_LOW = 3, EL_EDGE = 1 << 2, EL_LEVEL = 3 << 2 };

static uint8_t *io_int(uint8_t *e, int type, uint16_t flags, int bus, int irq, int pin)
{
    e[0] = 3;
    e[1] = (uint8_t)type;
    put16(e + 2, flags);
    e[4] = (uint8_t)bus, e[5] = (uint8_t)irq, e[6] = IOAPIC_ID, e[7] = (uint8_t)pin;
    return e + 8;
}

int mptable_build(struct fwtab *t, const struct config *cfg)
{
    const int npci = cfg->pci_enabled ? 31 * 4 : 0;
    const int nent = 1 + 2 + 1 + 16 + npci + 2;
    const uint32_t len = 44 + 20 + 2 * 8 + 8 + (uint32_t)(16 + npci + 2) * 8;
    uint8_t *p;
    uint32_t a = fwtab_alloc(t, len, 16, &p);
    if (!a)
        return -1;
    /* 4.2 configuration table header */
    memcpy(p, "PCMP", 4);
    put16(p + 4, (uint16_t)len);
    p[6] = 4; /* 1.4 */
    memcpy(p + 8, "EMU     ", 8);
    memcpy(p + 16, "PC          ", 12);
    put16(p + 34, (uint16_t)nent);
    put32(p + 36, LAPIC_DEFAULT_BASE);
    uint8_t *e = p + 44;
    /* 4.3.1 processor: LAPIC 0, version 14h, enabled bootstrap processor */
    e[0] = 0, e[1] = 0, e[2] = 0x14, e[3] = 3;
    put32(e + 4, CPU_SIGNATURE);
    put32(e + 8, (1u << 0) | (1u << 9)); /* features: FPU, APIC */
    e += 20;
    /* 4.3.2 buses */
    e[0] = 1, e[1] = BUS_PCI;
    memcpy(e + 2, "PCI   ", 6);
    e += 8;
    e[0] = 1, e[1] = BUS_ISA;
    memcpy(e + 2, "ISA   ", 6);
    e += 8;
    /* 4.3.3 I/O APIC */
    e[0] = 2, e[1] = IOAPIC_ID, e[2] = 0x11, e[3] = 1;
    put32(e + 4, IOAPIC_DEFAULT_BASE);
    e += 8;
    /* 4.3.4 I/O interrupt assignments: the 8259 on input 0, ISA IRQs */
    e = io_int(e, INT_EXTINT, 0, BUS_ISA, 0, 0);
    for (int irq = 0; irq < 16; irq++) {
        if (irq == 2)
            continue; /* the cascade */
        uint16_t fl = irq == 9 ? (PO_HIGH | EL_LEVEL) : 0; /* the SCI */
        e = io_int(e, INT_INT, fl, BUS_ISA, irq, irq == 0 ? 2 : irq);
    }
    /* PCI: source IRQ is device << 2 | pin; PCI conforming (level, low) */
    for (int d = 1; d <= (npci ? 31 : 0); d++)
        for (int pin = 0; pin < 4; pin++)
            e = io_int(e, INT_INT, 0, BUS_PCI, d << 2 | pin, 16 + ((d + pin - 1) & 3));
    /* 4.3.5 local interrupt assignments: ExtINT on LINT0, NMI on LINT1 */
    e[0] = 4, e[1] = INT_EXTINT, e[4] = BUS_ISA, e[5] = 0, e[6] = 0xFF, e[7] = 0;
    e += 8;
    e[0] = 4, e[1] = INT_NMI, e[4] = BUS_ISA, e[5] = 0, e[6] = 0xFF, e[7] = 1;
    p[7] = fwtab_checksum(p, len);

    /* 4.1 floating pointer: 16 bytes on a 16-byte boundary in F0000-FFFFF */
    uint8_t *f = t->anchors + (LAYOUT_MPFP_ADDR - LAYOUT_ANCHORS_BASE);
    memset(f, 0, 16);
    memcpy(f, "_MP_", 4);
    put32(f + 4, a);
    f[8] = 1;    /* length in paragraphs */
    f[9] = 4;    /* 1.4 */
    f[11] = 0;   /* feature 1: the configuration table exists */
    f[12] = 0x80; /* IMCRP: the IMCR is present (iodev/apic.c) */
    f[10] = fwtab_checksum(f, 16);
    t->mpfp = LAYOUT_MPFP_ADDR;
    return 0;
}
