/* tests/system/acpi_dump.c: builds the ACPI, MP and SMBIOS tables as emu
 * does for its own BIOS (machine/acpi_tables.h), checks their structure
 * and checksums, and writes each ACPI table to DIR/SIG.dat for `iasl -d`
 * (tests/system/boot_tables.sh).
 *   acpi_dump DIR [MEGS]
 * Prints one line per check; exit status 0 when all pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "iodev/apic_bus.h"
#include "machine/acpi_tables.h"
#include "machine/layout.h"

static uint8_t eseg[LAYOUT_TABLES_SIZE], anchors[LAYOUT_ANCHORS_SIZE];
static int failures;

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

/* guest address -> host pointer in the table area or the anchors */
static const uint8_t *at(uint32_t a, uint32_t len)
{
    if (a >= LAYOUT_TABLES_BASE && a + len <= LAYOUT_TABLES_BASE + LAYOUT_TABLES_SIZE)
        return eseg + (a - LAYOUT_TABLES_BASE);
    if (a >= LAYOUT_ANCHORS_BASE && a + len <= LAYOUT_ANCHORS_BASE + LAYOUT_ANCHORS_SIZE)
        return anchors + (a - LAYOUT_ANCHORS_BASE);
    return NULL;
}

static const uint8_t *table(uint32_t a, const char *sig, const char *dir)
{
    const uint8_t *h = at(a, 36);
    char what[64];
    snprintf(what, sizeof what, "%s at %05X inside the table area", sig, a);
    check(h && at(a, rd32(h + 4)), what);
    if (!h || !at(a, rd32(h + 4)))
        return NULL;
    uint32_t len = rd32(h + 4);
    snprintf(what, sizeof what, "%s signature", sig);
    check(!memcmp(h, sig, 4), what);
    if (strcmp(sig, "FACS")) {
        snprintf(what, sizeof what, "%s checksum", sig);
        check(sum(h, len) == 0, what);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%c%c%c%c.dat", dir, h[0] | 0x20, h[1] | 0x20, h[2] | 0x20, h[3] | 0x20);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(h, 1, len, f) != len || fclose(f)) {
        perror(path);
        exit(2);
    }
    return h;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: acpi_dump DIR [MEGS]\n");
        return 2;
    }
    struct config cfg;
    config_defaults(&cfg);
    if (argc > 2)
        cfg.mem_mb = strtoull(argv[2], NULL, 0);
    memset(eseg, 0xFF, sizeof eseg);
    memset(anchors, 0xFF, sizeof anchors);
    struct fwtab t = {.mem = eseg, .base = LAYOUT_TABLES_BASE, .size = LAYOUT_TABLES_SIZE, .anchors = anchors};
    check(fwtables_build(&t, &cfg) == 0, "tables built");
    const char *dir = argv[1];

    /* RSDP (ACPI 5.2.5) */
    const uint8_t *rsdp = at(t.rsdp, 36);
    check(rsdp && t.rsdp == LAYOUT_TABLES_BASE && !(t.rsdp & 15), "RSDP at E0000 on a 16-byte boundary");
    if (!rsdp)
        return 1;
    check(!memcmp(rsdp, "RSD PTR ", 8), "RSDP signature");
    check(sum(rsdp, 20) == 0, "RSDP checksum");
    check(rsdp[15] == 2 && rd32(rsdp + 20) == 36 && sum(rsdp, 36) == 0, "RSDP revision 2, extended checksum");
    const uint8_t *rsdt = table(rd32(rsdp + 16), "RSDT", dir);
    const uint8_t *xsdt = table(rd32(rsdp + 24), "XSDT", dir);
    if (!rsdt || !xsdt)
        return 1;
    uint32_t n = (rd32(rsdt + 4) - 36) / 4;
    check(n == (rd32(xsdt + 4) - 36) / 8, "RSDT and XSDT list the same number of tables");
    const uint8_t *fadt = NULL, *madt = NULL;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t a = rd32(rsdt + 36 + 4 * i);
        check(a == rd32(xsdt + 36 + 8 * i) && rd32(xsdt + 40 + 8 * i) == 0, "XSDT entry equals RSDT entry");
        const uint8_t *h = at(a, 36);
        if (h && !memcmp(h, "FACP", 4))
            fadt = table(a, "FACP", dir);
        else if (h && !memcmp(h, "APIC", 4))
            madt = table(a, "APIC", dir);
    }
    check(fadt && madt, "FADT and MADT listed");
    if (!fadt || !madt)
        return 1;
    /* FADT (5.2.9): the PM block of iodev/acpi.c, DSDT and FACS */
    check(rd32(fadt + 4) == 244 && fadt[8] == 3, "FADT revision 3, 244 bytes");
    check(rd16(fadt + 46) == 9 && rd32(fadt + 48) == 0xB2 && fadt[52] == 0xF1 && fadt[53] == 0xF0,
          "FADT SCI 9, SMI_CMD B2h, ACPI_ENABLE F1h/DISABLE F0h");
    check(rd32(fadt + 56) == LAYOUT_PM_BASE && rd32(fadt + 64) == LAYOUT_PM_BASE + 4 &&
              rd32(fadt + 76) == LAYOUT_PM_BASE + 8 && fadt[88] == 4 && fadt[89] == 2 && fadt[91] == 4,
          "FADT PM1a_EVT/PM1a_CNT/PM_TMR blocks at the PM base");
    check(rd32(fadt + 152) == LAYOUT_PM_BASE && rd32(fadt + 176) == LAYOUT_PM_BASE + 4 &&
              rd32(fadt + 212) == LAYOUT_PM_BASE + 8, "FADT X_ blocks match");
    check(fadt[116] == 1 && rd32(fadt + 120) == 0xCF9 && fadt[128] == 6, "FADT reset register 0xCF9 value 6");
    const uint8_t *dsdt = table(rd32(fadt + 40), "DSDT", dir);
    check(dsdt && rd32(fadt + 140) == rd32(fadt + 40), "X_DSDT equals DSDT");
    const uint8_t *facs = table(rd32(fadt + 36), "FACS", dir);
    check(facs && !(rd32(fadt + 36) & 63) && rd32(facs + 4) == 64, "FACS 64 bytes on a 64-byte boundary");
    /* \_S5 in the DSDT: NameOp, "_S5_", PackageOp */
    int s5 = 0;
    for (uint32_t i = 0; dsdt && i + 6 < rd32(dsdt + 4); i++)
        if (!memcmp(dsdt + i, "_S5_", 4) && dsdt[i + 4] == 0x12)
            s5 = 1;
    check(s5, "DSDT defines \\_S5 as a package");
    /* MADT (5.2.12) */
    check(rd32(madt + 36) == LAPIC_DEFAULT_BASE && (rd32(madt + 40) & 1), "MADT local APIC address, PCAT_COMPAT");
    int lapic = 0, ioapic = 0, iso0 = 0, nmi = 0;
    for (uint32_t o = 44; o + 2 <= rd32(madt + 4) && madt[o + 1] >= 2; o += madt[o + 1]) {
        const uint8_t *e = madt + o;
        if (e[0] == 0 && e[3] == 0 && (rd32(e + 4) & 1))
            lapic++;
        if (e[0] == 1 && rd32(e + 4) == IOAPIC_DEFAULT_BASE && rd32(e + 8) == 0)
            ioapic++;
        if (e[0] == 2 && e[2] == 0 && e[3] == 0 && rd32(e + 4) == 2)
            iso0++;
        if (e[0] == 4 && e[5] == 1)
            nmi++;
    }
    check(lapic == 1, "MADT: one enabled local APIC, ID 0");
    check(ioapic == 1, "MADT: IOAPIC at FEC00000, GSI base 0");
    check(iso0 == 1, "MADT: ISA IRQ 0 overridden to GSI 2");
    check(nmi == 1, "MADT: NMI on LINT1");

    /* MP 1.4: floating pointer and configuration table */
    const uint8_t *mpf = at(t.mpfp, 16);
    check(mpf && t.mpfp >= 0xF0000 && !(t.mpfp & 15) && !memcmp(mpf, "_MP_", 4) && sum(mpf, 16) == 0 &&
              mpf[8] == 1 && mpf[9] == 4, "MP floating pointer in F0000-FFFFF, checksum, 1.4");
    const uint8_t *mpc = mpf ? at(rd32(mpf + 4), 44) : NULL;
    check(mpc && !memcmp(mpc, "PCMP", 4) && at(rd32(mpf + 4), rd16(mpc + 4)) && sum(mpc, rd16(mpc + 4)) == 0 &&
              rd32(mpc + 36) == LAPIC_DEFAULT_BASE, "MP configuration table: signature, checksum, LAPIC");
    if (mpc) {
        int irq0 = 0, cpus = 0, ents = 0;
        for (uint32_t o = 44; o < rd16(mpc + 4); ents++) {
            const uint8_t *e = mpc + o;
            if (e[0] == 0)
                cpus++;
            if (e[0] == 3 && e[1] == 0 && e[4] == 1 && e[5] == 0 && e[7] == 2)
                irq0++;
            o += e[0] == 0 ? 20 : 8;
        }
        check(cpus == 1 && irq0 == 1 && ents == rd16(mpc + 34), "MP entries: one CPU, ISA IRQ 0 to INTIN 2, count");
    }

    /* SMBIOS 2.8 32-bit entry point and structures */
    const uint8_t *ep = at(t.smbios_ep, 31);
    check(ep && t.smbios_ep >= 0xF0000 && !(t.smbios_ep & 15) && !memcmp(ep, "_SM_", 4) && sum(ep, ep[5]) == 0 &&
              !memcmp(ep + 16, "_DMI_", 5) && sum(ep + 16, 15) == 0, "SMBIOS entry point, checksums");
    if (ep) {
        const uint8_t *s = at(rd32(ep + 24), rd16(ep + 22));
        int count = 0, types = 0;
        uint32_t o = 0, len = rd16(ep + 22);
        while (s && o + 4 <= len) {
            types |= s[o] == 127 ? 1 << 9 : s[o] < 9 ? 1 << s[o] : s[o] == 16 ? 1 << 10 : s[o] == 17 ? 1 << 11 :
                     s[o] == 19 ? 1 << 12 : s[o] == 32 ? 1 << 13 : 0;
            count++;
            o += s[o + 1];
            while (o + 1 < len && (s[o] || s[o + 1]))
                o++;
            o += 2;
        }
        check(s && o == len && count == rd16(ep + 28), "SMBIOS structure table length and count");
        int want = 1 << 0 | 1 << 1 | 1 << 3 | 1 << 4 | 1 << 9 | 1 << 10 | 1 << 11 | 1 << 12 | 1 << 13;
        check((types & want) == want, "SMBIOS types 0, 1, 3, 4, 16, 17, 19, 32, 127");
    }
    config_free(&cfg);
    printf("%s\n", failures ? "FAILED" : "all tables good");
    return failures ? 1 : 0;
}
