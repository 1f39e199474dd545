/* iodev/fwcfg.c: QEMU's firmware configuration interface, the I/O port
 * form (QEMU docs/specs/fw_cfg.txt): a 16-bit write to 0x510 selects an
 * item and rewinds it; byte reads from 0x511 return its bytes in turn, 0
 * past its end. No DMA interface (ID bit 1 clear).
 *
 * SeaBIOS looks for it on an i440FX: it reads its file directory for
 * option ROMs and the memory map. emu offers
 *   0x0000 signature "QEMU"          0x0001 ID (1: traditional interface)
 *   0x0003 RAM size (u64)            0x0005 number of CPUs (u16)
 *   0x000F maximum number of CPUs (u16)
 *   0x0019 file directory (big-endian count, then {size, select, name[56]})
 *   files: "etc/e820" (RAM below the PCI hole and above 4 GiB, as CMOS
 *   34h/35h and 5Bh-5Dh say) and "vgaroms/vgabios.bin", the VGA BIOS
 *   mapped at C0000 (vgaromimage: or emu's own): SeaBIOS copies it to
 *   shadow RAM and runs it, as QEMU's isa-vga has it do.
 * Every other item reads as zeros (empty tables, counts of 0).
 */
#include "iodev/fwcfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "memory/phys.h"

#define FW_CFG_PORT_SEL 0x510
#define FW_CFG_FILE_FIRST 0x20
#define FW_CFG_MAX_ITEMS 40
#define PCI_HOLE 0xE0000000ull /* as iodev/cmos.c's 34h/35h */

struct fw_item {
    uint16_t key;
    uint8_t *data;
    uint32_t size;
    char name[56]; /* files only */
};

struct fwcfg {
    struct machine *m;
    struct fw_item item[FW_CFG_MAX_ITEMS];
    int nitems;
    uint16_t sel;
    uint32_t off;
};

static struct fw_item *add_item(struct fwcfg *f, uint16_t key, const void *data, uint32_t size)
{
    if (f->nitems >= FW_CFG_MAX_ITEMS)
        return NULL;
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, size);
    struct fw_item *it = &f->item[f->nitems++];
    it->key = key;
    it->data = copy;
    it->size = size;
    return it;
}

static void put_le(uint8_t *d, uint64_t v, int n)
{
    for (int i = 0; i < n; i++, v >>= 8)
        d[i] = (uint8_t)v;
}

static void put_be(uint8_t *d, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        d[i] = (uint8_t)v;
}

static int add_file(struct fwcfg *f, const char *name, const void *data, uint32_t size)
{
    int nfiles = 0;
    for (int i = 0; i < f->nitems; i++)
        nfiles += f->item[i].name[0] != 0;
    struct fw_item *it = add_item(f, (uint16_t)(FW_CFG_FILE_FIRST + nfiles), data, size);
    if (!it)
        return -1;
    snprintf(it->name, sizeof it->name, "%s", name);
    return 0;
}

/* The directory is built last, from the files added. */
static int add_directory(struct fwcfg *f)
{
    int nfiles = 0;
    for (int i = 0; i < f->nitems; i++)
        nfiles += f->item[i].name[0] != 0;
    uint32_t size = 4 + 64u * (uint32_t)nfiles;
    uint8_t *dir = calloc(1, size);
    if (!dir)
        return -1;
    put_be(dir, (uint64_t)nfiles, 4);
    uint8_t *e = dir + 4;
    for (int i = 0; i < f->nitems; i++) {
        const struct fw_item *it = &f->item[i];
        if (!it->name[0])
            continue;
        put_be(e, it->size, 4);
        put_be(e + 4, it->key, 2);
        memcpy(e + 8, it->name, sizeof it->name);
        e += 64;
    }
    int r = add_item(f, 0x19, dir, size) ? 0 : -1;
    free(dir);
    return r;
}

static uint32_t fw_in(void *opaque, uint16_t port, int size)
{
    struct fwcfg *f = opaque;
    (void)size;
    if (port == FW_CFG_PORT_SEL)
        return 0xFFFFFFFFu;
    for (int i = 0; i < f->nitems; i++) {
        const struct fw_item *it = &f->item[i];
        if (it->key == f->sel)
            return f->off < it->size ? it->data[f->off++] : 0;
    }
    return 0;
}

static void fw_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct fwcfg *f = opaque;
    if (port != FW_CFG_PORT_SEL || size == 4)
        return; /* the data port is read-only (writes are ignored since QEMU 2.4) */
    f->sel = (uint16_t)val;
    f->off = 0;
}

static void fw_reset(void *opaque)
{
    struct fwcfg *f = opaque;
    f->sel = 0;
    f->off = 0;
}

static void fw_destroy(void *opaque)
{
    struct fwcfg *f = opaque;
    for (int i = 0; i < f->nitems; i++)
        free(f->item[i].data);
    free(f);
}

static const struct io_ops fw_ops = {.in = fw_in, .out = fw_out, .sizes = 1 | 2 | 4};
static const struct device_ops fw_dev = {.name = "fwcfg", .reset = fw_reset, .destroy = fw_destroy};

static const struct region *find_rom(struct phys *p, const char *name)
{
    for (int i = p->nregions - 1; i >= 0; i--)
        if (p->regions[i].kind == REG_ROM && !strcmp(p->regions[i].name, name))
            return &p->regions[i];
    return NULL;
}

bool fwcfg_init(struct machine *m)
{
    struct fwcfg *f = calloc(1, sizeof *f);
    if (!f)
        return false;
    f->m = m;
    uint64_t ram = m->cfg->mem_mb << 20;
    uint8_t b[8];
    bool ok = add_item(f, 0x00, "QEMU", 4) != NULL;
    put_le(b, 1, 4);
    ok = ok && add_item(f, 0x01, b, 4);
    put_le(b, ram, 8);
    ok = ok && add_item(f, 0x03, b, 8);
    put_le(b, 1, 2);
    ok = ok && add_item(f, 0x05, b, 2) && add_item(f, 0x0F, b, 2);
    /* etc/e820: {u64 address, u64 length, u32 type} little-endian */
    uint8_t e820[2 * 20] = {0};
    uint64_t below = ram < PCI_HOLE ? ram : PCI_HOLE;
    put_le(e820 + 8, below, 8);
    put_le(e820 + 16, 1, 4);
    uint32_t n = 1;
    if (ram > below) {
        put_le(e820 + 20, 0x100000000ull, 8);
        put_le(e820 + 28, ram - below, 8);
        put_le(e820 + 36, 1, 4);
        n = 2;
    }
    ok = ok && add_file(f, "etc/e820", e820, 20 * n) == 0;
    const struct region *vga = find_rom(m->phys, "vga-rom");
    if (vga)
        ok = ok && add_file(f, "vgaroms/vgabios.bin", vga->host, (uint32_t)vga->size) == 0;
    ok = ok && add_directory(f) == 0;
    if (!ok) {
        fw_destroy(f);
        return false;
    }
    io_register(&m->io, FW_CFG_PORT_SEL, 2, &fw_ops, f);
    machine_add_device(m, &fw_dev, f);
    return true;
}
