/* machine/acpi_tables.c: ACPI tables for emu's PC (ACPI 2.0 and later:
 * 5.2.5 RSDP, 5.2.7 RSDT, 5.2.8 XSDT, 5.2.9 FADT, 5.2.10 FACS, 5.2.11.1
 * DSDT, 5.2.12 MADT), and the installation of all the firmware tables into
 * the BIOS image (machine/acpi_tables.h, machine/layout.h).
 *
 * What the tables say follows the emulated hardware: the PIIX4 PM block at
 * LAYOUT_PM_BASE (iodev/acpi.c: PM1a_EVT 4 bytes, PM1a_CNT 2, PM_TMR 4 with
 * a 24-bit counter, SCI on IRQ 9, ACPI_ENABLE/DISABLE through port 0xB2),
 * the reset register 0xCF9 (iodev/sysctl.c), one CPU with its local APIC at
 * LAPIC_DEFAULT_BASE, the IOAPIC (ID 0, 24 inputs, GSI base 0) at
 * IOAPIC_DEFAULT_BASE, and ISA IRQ 0 on IOAPIC input 2 (machine/irq.c).
 */
#include "machine/acpi_tables.h"

#include <stdbool.h>
#include <string.h>

#include "config/config.h"
#include "iodev/apic_bus.h"
#include "machine/layout.h"
#include "machine/machine.h"
#include "memory/phys.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v), put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }

uint32_t fwtab_alloc(struct fwtab *t, uint32_t len, uint32_t align, uint8_t **host)
{
    uint32_t off = (t->used + align - 1) & ~(align - 1);
    if (off > t->size || len > t->size - off)
        return 0;
    t->used = off + len;
    memset(t->mem + off, 0, len);
    *host = t->mem + off;
    return t->base + off;
}

uint8_t fwtab_checksum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = (uint8_t)(s + p[i]);
    return (uint8_t)-s;
}

/* ACPI 5.2.6 System Description Table Header (36 bytes) */
#define HDR_LEN 36
static void sdt_header(uint8_t *p, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(p, sig, 4);
    put32(p + 4, len);
    p[8] = rev;
    memcpy(p + 10, "EMU   ", 6);
    memcpy(p + 16, "EMUPC   ", 8);
    put32(p + 24, 1);
    memcpy(p + 28, "EMU ", 4);
    put32(p + 32, 1);
}

static void sdt_finish(uint8_t *p)
{
    uint32_t len = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
    p[9] = 0;
    p[9] = fwtab_checksum(p, len);
}

/* ACPI 5.2.3.2 Generic Address Structure, system I/O space */
static void gas_io(uint8_t *p, uint8_t bits, uint8_t access, uint64_t addr)
{
    p[0] = 1;      /* system I/O */
    p[1] = bits;   /* register bit width */
    p[2] = 0;      /* bit offset */
    p[3] = access; /* 1 byte, 2 word, 3 dword */
    put64(p + 4, addr);
}

static uint32_t build_facs(struct fwtab *t)
{
    uint8_t *p;
    uint32_t a = fwtab_alloc(t, 64, 64, &p); /* 5.2.10: 64-byte aligned */
    if (!a)
        return 0;
    memcpy(p, "FACS", 4);
    put32(p + 4, 64);
    put32(p + 8, 0);  /* hardware signature */
    p[32] = 1;        /* version */
    return a;
}

static uint32_t build_dsdt(struct fwtab *t)
{
    uint32_t len = (uint32_t)(emu_dsdt_aml_end - emu_dsdt_aml);
    uint8_t *p;
    uint32_t a = fwtab_alloc(t, len, 16, &p);
    if (a)
        memcpy(p, emu_dsdt_aml, len);
    return a;
}

/* 5.2.9 Fixed ACPI Description Table, revision 3 (ACPI 2.0), 244 bytes */
static uint32_t build_fadt(struct fwtab *t, uint32_t facs, uint32_t dsdt)
{
    enum { LEN = 244 };
    uint8_t *p;
    uint32_t a = fwtab_alloc(t, LEN, 16, &p);
    if (!a)
        return 0;
    const uint32_t pm = LAYOUT_PM_BASE;
    sdt_header(p, "FACP", LEN, 3);
    put32(p + 36, facs);
    put32(p + 40, dsdt);
    p[45] = 1;              /* preferred PM profile: desktop */
    put16(p + 46, 9);       /* SCI_INT */
    put32(p + 48, 0xB2);    /* SMI_CMD */
    p[52] = 0xF1;           /* ACPI_ENABLE */
    p[53] = 0xF0;           /* ACPI_DISABLE */
    put32(p + 56, pm);      /* PM1a_EVT_BLK */
    put32(p + 64, pm + 4);  /* PM1a_CNT_BLK */
    put32(p + 76, pm + 8);  /* PM_TMR_BLK */
    p[88] = 4;              /* PM1_EVT_LEN */
    p[89] = 2;              /* PM1_CNT_LEN */
    p[91] = 4;              /* PM_TMR_LEN */
    put16(p + 96, 0x0FFF);  /* P_LVL2_LAT > 100: no C2 */
    put16(p + 98, 0x0FFF);  /* P_LVL3_LAT > 1000: no C3 */
    p[108] = 0x32;          /* CENTURY: CMOS index (iodev/cmos.c) */
    put16(p + 109, 0x0003); /* IAPC_BOOT_ARCH: LEGACY_DEVICES, 8042 */
    /* flags: WBINVD, PROC_C1, SLP_BUTTON (no fixed sleep button),
     * RESET_REG_SUP; PWR_BUTTON clear: the fixed power button exists;
     * TMR_VAL_EXT clear: 24-bit PM timer */
    put32(p + 112, (1u << 0) | (1u << 2) | (1u << 5) | (1u << 10));
    gas_io(p + 116, 8, 1, 0xCF9); /* RESET_REG */
    p[128] = 0x06;                /* RESET_VALUE: SRST | RCPU */
    put64(p + 132, facs);         /* X_FIRMWARE_CTRL */
    put64(p + 140, dsdt);         /* X_DSDT */
    gas_io(p + 148, 32, 0, pm);   /* X_PM1a_EVT_BLK */
    gas_io(p + 172, 16, 0, pm + 4);
    gas_io(p + 208, 32, 0, pm + 8);
    sdt_finish(p);
    return a;
}

/* 5.2.12 Multiple APIC Description Table, revision 1 (ACPI 2.0) */
static uint32_t build_madt(struct fwtab *t)
{
    enum { LEN = 44 + 8 + 12 + 10 + 10 + 6 };
    uint8_t *p;
    uint32_t a = fwtab_alloc(t, LEN, 16, &p);
    if (!a)
        return 0;
    sdt_header(p, "APIC", LEN, 1);
    put32(p + 36, LAPIC_DEFAULT_BASE);
    put32(p + 40, 1); /* PCAT_COMPAT: dual 8259s present */
    uint8_t *e = p + 44;
    /* 5.2.12.2 processor local APIC: processor 0, APIC ID 0, enabled */
    e[0] = 0, e[1] = 8, e[2] = 0, e[3] = 0;
    put32(e + 4, 1);
    e += 8;
    /* 5.2.12.3 I/O APIC: ID 0 (its reset value), GSI base 0 */
    e[0] = 1, e[1] = 12, e[2] = 0, e[3] = 0;
    put32(e + 4, IOAPIC_DEFAULT_BASE);
    put32(e + 8, 0);
    e += 12;
    /* 5.2.12.5 interrupt source overrides: ISA IRQ 0 on GSI 2 (bus
     * conforming), and the SCI (IRQ 9) active high, level triggered */
    e[0] = 2, e[1] = 10, e[2] = 0, e[3] = 0;
    put32(e + 4, 2);
    put16(e + 8, 0);
    e += 10;
    e[0] = 2, e[1] = 10, e[2] = 0, e[3] = 9;
    put32(e + 4, 9);
    put16(e + 8, 0x000D); /* polarity 01 active high, trigger 11 level */
    e += 10;
    /* 5.2.12.7 local APIC NMI: all processors, LINT1 */
    e[0] = 4, e[1] = 6, e[2] = 0xFF;
    put16(e + 3, 0);
    e[5] = 1;
    sdt_finish(p);
    return a;
}

int acpi_tables_build(struct fwtab *t, const struct config *cfg)
{
    (void)cfg;
    /* the RSDP first: the table area starts on a 16-byte boundary in
     * E0000-FFFFF (5.2.5.1) */
    uint8_t *rsdp;
    uint32_t rsdp_a = fwtab_alloc(t, 36, 16, &rsdp);
    uint32_t facs = rsdp_a ? build_facs(t) : 0;
    uint32_t dsdt = facs ? build_dsdt(t) : 0;
    uint32_t fadt = dsdt ? build_fadt(t, facs, dsdt) : 0;
    uint32_t madt = fadt ? build_madt(t) : 0;
    if (!madt)
        return -1;
    const uint32_t tables[] = {fadt, madt};
    const uint32_t n = sizeof tables / sizeof tables[0];
    uint8_t *rsdt, *xsdt;
    uint32_t rsdt_a = fwtab_alloc(t, HDR_LEN + 4 * n, 16, &rsdt);
    uint32_t xsdt_a = rsdt_a ? fwtab_alloc(t, HDR_LEN + 8 * n, 16, &xsdt) : 0;
    if (!xsdt_a)
        return -1;
    sdt_header(rsdt, "RSDT", HDR_LEN + 4 * n, 1);
    sdt_header(xsdt, "XSDT", HDR_LEN + 8 * n, 1);
    for (uint32_t i = 0; i < n; i++) {
        put32(rsdt + HDR_LEN + 4 * i, tables[i]);
        put64(xsdt + HDR_LEN + 8 * i, tables[i]);
    }
    sdt_finish(rsdt);
    sdt_finish(xsdt);
    /* 5.2.5.3: revision 2 (ACPI 2.0+), checksum of the first 20 bytes and
     * extended checksum of all 36 */
    memcpy(rsdp, "RSD PTR ", 8);
    memcpy(rsdp + 9, "EMU   ", 6);
    rsdp[15] = 2;
    put32(rsdp + 16, rsdt_a);
    put32(rsdp + 20, 36);
    put64(rsdp + 24, xsdt_a);
    rsdp[8] = fwtab_checksum(rsdp, 20);
    rsdp[32] = fwtab_checksum(rsdp, 36);
    t->rsdp = rsdp_a;
    return 0;
}

int fwtables_build(struct fwtab *t, const struct config *cfg)
{
    if (acpi_tables_build(t, cfg) < 0)
        return -1;
    if (!t->anchors)
        return 0;
    if (mptable_build(t, cfg) < 0 || smbios_build(t, cfg) < 0)
        return -1;
    return 0;
}

static bool all_ff(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != 0xFF)
            return false;
    return true;
}

void fwtables_install(struct machine *m)
{
    const struct config *cfg = m->cfg;
    if (cfg->rom_path || cfg->romimage)
        return; /* SeaBIOS, Bochs's BIOS or a test ROM: they build their own */
    struct phys *ph = m->phys;
    uint8_t *rom = NULL;
    for (int i = 0; i < ph->nregions; i++) {
        struct region *r = &ph->regions[i];
        if (r->kind == REG_ROM && r->base <= LAYOUT_BIOS_BASE &&
            r->base + r->size >= (uint64_t)LAYOUT_BIOS_BASE + LAYOUT_BIOS_SIZE)
            rom = r->host + (LAYOUT_BIOS_BASE - r->base);
    }
    if (!rom)
        return; /* no 128 KiB BIOS image at E0000 */
    struct fwtab t = {
        .mem = rom + (LAYOUT_TABLES_BASE - LAYOUT_BIOS_BASE),
        .base = LAYOUT_TABLES_BASE,
        .size = LAYOUT_TABLES_SIZE,
        .anchors = rom + (LAYOUT_ANCHORS_BASE - LAYOUT_BIOS_BASE),
    };
    if (!all_ff(t.mem, t.size)) {
        log_info(m, "tables", "the BIOS uses E0000-EFFFF: no ACPI, MP or SMBIOS tables");
        return;
    }
    if (!all_ff(t.anchors, LAYOUT_ANCHORS_SIZE)) {
        log_info(m, "tables", "the BIOS uses %05X-%05X: no MP table or SMBIOS", LAYOUT_ANCHORS_BASE,
                 LAYOUT_ANCHORS_BASE + LAYOUT_ANCHORS_SIZE - 1);
        t.anchors = NULL;
    }
    if (fwtables_build(&t, cfg) < 0)
        log_error(m, "tables", "the ACPI, MP and SMBIOS tables do not fit in %u KiB", LAYOUT_TABLES_SIZE / 1024);
}

uint32_t fwtables_find_rsdp(struct machine *m)
{
    for (uint32_t a = LAYOUT_BIOS_BASE; a < LAYOUT_BIOS_BASE + LAYOUT_BIOS_SIZE; a += 16) {
        uint8_t b[20];
        phys_read_buf(m->phys, a, b, sizeof b);
        if (!memcmp(b, "RSD PTR ", 8) && fwtab_checksum(b, 20) == 0)
            return a;
    }
    return 0;
}
