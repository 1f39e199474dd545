/* machine/smbios.c: SMBIOS 2.8 (DMTF DSP0134) structures with the 32-bit
 * entry point (5.2.1), which must sit on a paragraph boundary in
 * F0000-FFFFF (the anchor area of machine/layout.h). Structures: BIOS (type
 * 0), system (1), chassis (3), processor (4), physical memory array (16),
 * memory device (17), memory array mapped address (19), system boot (32)
 * and the end of table (127).
 */
#include <string.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "machine/acpi_tables.h"
#include "machine/layout.h"

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v), put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }

/* A structure being written into a scratch buffer: formatted area, then
 * its strings (numbered from 1), then a double NUL. */
struct sm {
    uint8_t buf[4096];
    size_t len;
    uint16_t count, maxsize;
    size_t start, nstr;
};

static uint8_t *sm_begin(struct sm *s, uint8_t type, uint8_t len, uint16_t handle)
{
    uint8_t *p = s->buf + s->len;
    memset(p, 0, len);
    p[0] = type, p[1] = len;
    put16(p + 2, handle);
    s->start = s->len;
    s->len += len;
    s->nstr = 0;
    return p;
}

/* Adds a string; returns its number for the formatted area. */
static uint8_t sm_str(struct sm *s, const char *str)
{
    size_t n = strlen(str) + 1;
    memcpy(s->buf + s->len, str, n);
    s->len += n;
    return (uint8_t)++s->nstr;
}

static void sm_end(struct sm *s)
{
    if (!s->nstr)
        s->buf[s->len++] = 0;
    s->buf[s->len++] = 0;
    s->count++;
    if (s->len - s->start > s->maxsize)
        s->maxsize = (uint16_t)(s->len - s->start);
}

enum { H_BIOS = 0, H_SYSTEM, H_CHASSIS, H_CPU, H_MEMARRAY, H_MEMDEV, H_MAP0, H_MAP1, H_BOOT, H_END };

int smbios_build(struct fwtab *t, const struct config *cfg)
{
    static struct sm zero;
    struct sm s = zero;
    uint64_t ram = cfg->mem_mb << 20;
    uint64_t below = ram < LAYOUT_PCI_HOLE ? ram : LAYOUT_PCI_HOLE;
    uint8_t *p;

    /* 7.1 BIOS information */
    p = sm_begin(&s, 0, 0x18, H_BIOS);
    p[4] = sm_str(&s, "emu");
    p[5] = sm_str(&s, "emu BIOS");
    put16(p + 6, LAYOUT_BIOS_BASE >> 4); /* starting segment */
    p[8] = sm_str(&s, "11/22/2026");
    p[9] = (LAYOUT_BIOS_SIZE >> 16) - 1; /* ROM size: (n + 1) * 64 KiB */
    /* characteristics: ISA, PCI, boot from CD, selectable boot, EDD,
     * INT 13h 1.44 MB floppy, INT 5h print screen, INT 9h keyboard,
     * INT 14h serial, INT 17h printer, INT 10h CGA/mono video */
    put64(p + 10, (1ull << 4) | (1ull << 7) | (1ull << 15) | (1ull << 16) | (1ull << 19) | (1ull << 25) |
                      (1ull << 26) | (1ull << 27) | (1ull << 28) | (1ull << 29) | (1ull << 30));
    p[18] = 0x01;  /* extension byte 1: ACPI */
    p[19] = 0x0C;  /* extension byte 2: targeted content distribution, UEFI no */
    p[20] = 1, p[21] = 0;  /* BIOS release 1.0 */
    p[22] = p[23] = 0xFF;  /* no embedded controller */
    sm_end(&s);

    /* 7.2 system information */
    p = sm_begin(&s, 1, 0x1B, H_SYSTEM);
    p[4] = sm_str(&s, "emu");
    p[5] = sm_str(&s, "emu PC");
    p[6] = sm_str(&s, "1");
    p[7] = sm_str(&s, "0");
    static const uint8_t uuid[16] = {0x65, 0x6D, 0x75, 0x00, 0x70, 0x63, 0x00, 0x40,
                                     0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    memcpy(p + 8, uuid, 16);
    p[24] = 6; /* wake-up: power switch */
    p[25] = sm_str(&s, "emu");
    p[26] = sm_str(&s, "emu");
    sm_end(&s);

    /* 7.4 system enclosure */
    p = sm_begin(&s, 3, 0x16, H_CHASSIS);
    p[4] = sm_str(&s, "emu");
    p[5] = 3; /* desktop */
    p[9] = 3, p[10] = 3, p[11] = 3, p[12] = 2; /* boot-up, power, thermal: safe; security: unknown */
    p[17] = 1;  /* height: unspecified (0) is allowed; one power cord */
    p[18] = 0;  /* no contained elements */
    p[19] = 3;  /* element record length */
    sm_end(&s);

    /* 7.5 processor information (2.6 layout) */
    p = sm_begin(&s, 4, 0x2A, H_CPU);
    p[4] = sm_str(&s, "CPU 0");
    p[5] = 3;    /* central processor */
    p[6] = 0xFE; /* family: see processor family 2 */
    p[7] = sm_str(&s, "emu");
    put32(p + 8, CPU_SIGNATURE);  /* processor ID: CPUID.1 EAX, then EDX */
    put32(p + 12, (1u << 0) | (1u << 9));
    p[16] = sm_str(&s, "emu x86-64");
    p[17] = 0;   /* voltage: unknown */
    put16(p + 20, 0);    /* max speed: unknown */
    put16(p + 22, 0);
    p[24] = 0x41; /* socket populated, CPU enabled */
    p[25] = 0x01; /* upgrade: other */
    put16(p + 26, 0xFFFF), put16(p + 28, 0xFFFF), put16(p + 30, 0xFFFF); /* no cache information */
    p[35] = 1, p[36] = 1, p[37] = 1; /* cores, enabled cores, threads */
    put16(p + 38, 0x0004); /* 64-bit capable */
    put16(p + 40, 0x0002); /* family 2: unknown */
    sm_end(&s);

    /* 7.17 physical memory array (2.7 layout) */
    p = sm_begin(&s, 16, 0x17, H_MEMARRAY);
    p[4] = 3, p[5] = 3, p[6] = 3; /* system board, system memory, no ECC */
    uint64_t kib = ram >> 10;
    if (kib < 0x80000000ull) {
        put32(p + 7, (uint32_t)kib);
    } else {
        put32(p + 7, 0x80000000u);
        put64(p + 15, ram);
    }
    put16(p + 11, 0xFFFE); /* no error information */
    put16(p + 13, 1);      /* one device */
    sm_end(&s);

    /* 7.18 memory device (2.7 layout) */
    p = sm_begin(&s, 17, 0x22, H_MEMDEV);
    put16(p + 4, H_MEMARRAY);
    put16(p + 6, 0xFFFE);
    put16(p + 8, 64), put16(p + 10, 64); /* total and data width */
    uint64_t mib = ram >> 20;
    if (mib < 0x7FFF) {
        put16(p + 12, (uint16_t)mib);
    } else {
        put16(p + 12, 0x7FFF);
        put32(p + 28, (uint32_t)mib);
    }
    p[14] = 0x09; /* DIMM */
    p[16] = sm_str(&s, "DIMM 0");
    p[17] = sm_str(&s, "BANK 0");
    p[18] = 0x07; /* RAM */
    put16(p + 19, 0x0002); /* type detail: unknown */
    p[23] = sm_str(&s, "emu");
    sm_end(&s);

    /* 7.20 memory array mapped addresses: below the PCI hole and above 4 GiB */
    uint16_t h = H_MAP0;
    for (int i = 0; i < 2; i++) {
        uint64_t start = i ? 0x100000000ull : 0, size = i ? ram - below : below;
        if (!size)
            continue;
        p = sm_begin(&s, 19, 0x1F, h++);
        uint64_t end = start + size - 1;
        if ((end >> 10) < 0xFFFFFFFFull) {
            put32(p + 4, (uint32_t)(start >> 10));
            put32(p + 8, (uint32_t)(end >> 10));
        } else {
            put32(p + 4, 0xFFFFFFFFu), put32(p + 8, 0xFFFFFFFFu);
            put64(p + 15, start), put64(p + 23, end);
        }
        put16(p + 12, H_MEMARRAY);
        p[14] = 1; /* partition width */
        sm_end(&s);
    }

    /* 7.33 system boot information: no errors */
    p = sm_begin(&s, 32, 0x0B, H_BOOT);
    sm_end(&s);

    /* 7.45 end of table */
    sm_begin(&s, 127, 4, H_END);
    sm_end(&s);

    uint8_t *tab;
    uint32_t a = fwtab_alloc(t, (uint32_t)s.len, 16, &tab);
    if (!a)
        return -1;
    memcpy(tab, s.buf, s.len);

    /* 5.2.1 the 32-bit entry point */
    uint8_t *ep = t->anchors + (LAYOUT_SMBIOS_EP_ADDR - LAYOUT_ANCHORS_BASE);
    memset(ep, 0, 0x1F);
    memcpy(ep, "_SM_", 4);
    ep[5] = 0x1F;
    ep[6] = 2, ep[7] = 8;
    put16(ep + 8, s.maxsize);
    memcpy(ep + 0x10, "_DMI_", 5);
    put16(ep + 0x16, (uint16_t)s.len);
    put32(ep + 0x18, a);
    put16(ep + 0x1C, s.count);
    ep[0x1E] = 0x28;
    ep[0x15] = fwtab_checksum(ep + 0x10, 0x0F);
    ep[4] = fwtab_checksum(ep, 0x1F);
    t->smbios_ep = LAYOUT_SMBIOS_EP_ADDR;
    return 0;
}
