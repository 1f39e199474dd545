/* iodev/pci.c: PCI configuration mechanism #1, the i440FX host bridge
 * (00.0), the PIIX3 PCI-to-ISA bridge (01.0) with its PIRQ router, and the PIIX4-compatible power-management
 * function (01.3) whose PMBA places the ACPI registers.
 *
 * References: PCI Local Bus Specification 2.1 (3.2.2.3.2 configuration
 * mechanism #1, 6.1-6.2.5 header and BARs), Intel 440FX PMC datasheet
 * (3.2: PAM0-PAM6 at 59h-5Fh, SMRAM at 72h), PIIX3 datasheet (2.2: PIRQRC
 * 60h-63h), PIIX4 datasheet (7.1:
 * PMBA 40h, PMREGMISC 80h).
 */
#include "iodev/pci.h"

#include <stdlib.h>
#include <string.h>

#include "iodev/acpi.h"
#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"

struct pci_bus {
    struct machine *m;
    uint32_t addr;                    /* CONFIG_ADDRESS */
    struct pci_func *fn[PCI_MAX_DEV][8];
    uint8_t intx[PCI_MAX_DEV];        /* asserted INTx# pins, bit per pin */
    uint16_t isa_driven;              /* ISA lines we hold high */
    uint8_t pirq_level;               /* PIRQA-D levels, bit per PIRQ */
    uint16_t pm_base;                 /* what acpi_set_pm_base last got */
    pci_pam_hook pam_hook;
    void *pam_opaque;
    struct pci_func host, isa, pm;
};

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static inline void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void wr32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

void pci_func_init(struct pci_func *f, uint16_t vendor, uint16_t device, uint8_t revision, uint32_t class_code)
{
    memset(f->cfg, 0, sizeof f->cfg);
    memset(f->wmask, 0, sizeof f->wmask);
    memset(f->bar_size, 0, sizeof f->bar_size);
    wr16(f->cfg + PCI_VENDOR_ID, vendor);
    wr16(f->cfg + PCI_DEVICE_ID, device);
    f->cfg[PCI_REVISION] = revision;
    f->cfg[PCI_CLASS_PROG] = (uint8_t)class_code;
    f->cfg[PCI_CLASS_PROG + 1] = (uint8_t)(class_code >> 8);
    f->cfg[PCI_CLASS_PROG + 2] = (uint8_t)(class_code >> 16);
    /* command: I/O, memory, bus master, parity, SERR, INTx disable */
    wr16(f->wmask + PCI_COMMAND, 0x0547);
    f->wmask[0x0C] = 0xFF; /* cache line size */
    f->wmask[0x0D] = 0xFF; /* latency timer */
    f->wmask[PCI_INTERRUPT_LINE] = 0xFF;
}

void pci_func_set_bar(struct pci_func *f, int bar, uint32_t size, bool io)
{
    if (bar < 0 || bar > PCI_BAR_ROM)
        return;
    f->bar_size[bar] = size;
    f->bar_io[bar] = io && bar != PCI_BAR_ROM;
    int off = bar == PCI_BAR_ROM ? PCI_ROM_ADDRESS : PCI_BAR0 + 4 * bar;
    wr32(f->cfg + off, f->bar_io[bar] ? 1u : 0u);
}

static int bar_offset(int bar) { return bar == PCI_BAR_ROM ? PCI_ROM_ADDRESS : PCI_BAR0 + 4 * bar; }

/* The decode a BAR has now: command enables, a non-zero base, and not the
 * all-ones value left by sizing (it would wrap past 4 GiB). */
static bool bar_decode(const struct pci_func *f, int bar, uint32_t *addr)
{
    uint32_t size = f->bar_size[bar];
    uint32_t v = rd32(f->cfg + bar_offset(bar));
    uint16_t cmd = rd16(f->cfg + PCI_COMMAND);
    if (f->bar_io[bar]) {
        *addr = v & ~(size - 1) & ~3u;
        return (cmd & PCI_CMD_IO) && *addr && (uint64_t)*addr + size <= 0x10000;
    }
    if (bar == PCI_BAR_ROM) {
        *addr = v & ~(size - 1) & 0xFFFFF800u;
        if (!(v & 1))
            return false;
    } else {
        *addr = v & ~(size - 1) & ~0xFu;
    }
    return (cmd & PCI_CMD_MEM) && *addr && (uint64_t)*addr + size <= 0x100000000ull &&
           *addr != (uint32_t)~(size - 1);
}

static void update_bars(struct pci_func *f)
{
    for (int b = 0; b <= PCI_BAR_ROM; b++) {
        if (!f->bar_size[b])
            continue;
        uint32_t addr;
        bool on = bar_decode(f, b, &addr);
        if (on == f->bar_mapped[b] && (!on || addr == f->bar_addr[b]))
            continue;
        if (f->bar_mapped[b] && f->bar_changed)
            f->bar_changed(f, b, false, f->bar_addr[b]);
        f->bar_mapped[b] = on;
        f->bar_addr[b] = addr;
        if (on && f->bar_changed)
            f->bar_changed(f, b, true, addr);
    }
}

static void func_write(struct pci_func *f, int off, int size, uint32_t val)
{
    for (int i = 0; i < size && off + i < 256; i++) {
        int o = off + i;
        uint8_t b = (uint8_t)(val >> (8 * i));
        if ((o >= PCI_BAR0 && o < PCI_BAR0 + 24) || (o >= PCI_ROM_ADDRESS && o < PCI_ROM_ADDRESS + 4)) {
            int bar = o >= PCI_ROM_ADDRESS ? PCI_BAR_ROM : (o - PCI_BAR0) / 4;
            uint32_t sz = f->bar_size[bar];
            if (!sz)
                continue;
            int base = bar_offset(bar);
            uint32_t v = rd32(f->cfg + base);
            int sh = 8 * (o - base);
            v = (v & ~(0xFFu << sh)) | (uint32_t)b << sh;
            /* PCI 2.1 6.2.5.1: the bits below the size are hardwired.
             * I/O BARs keep bits 31:16 as written, as in Bochs and QEMU:
             * SeaBIOS sizes them over 32 bits (a BAR reading 0000FFF1
             * after all ones would be a 4 GiB request); they decode only
             * below 64 KiB. */
            if (f->bar_io[bar])
                v = (v & ~(sz - 1) & ~3u) | 1;
            else if (bar == PCI_BAR_ROM)
                v = (v & ~(sz - 1) & 0xFFFFF800u) | (v & 1);
            else /* type and prefetchable bits 3:0 are read-only */
                v = (v & ~(sz - 1) & ~0xFu) | (rd32(f->cfg + base) & 0xFu);
            wr32(f->cfg + base, v);
        } else if (o == PCI_STATUS + 1) {
            /* status bits 15:11 and 8 are write-one-to-clear */
            f->cfg[o] &= (uint8_t)~(b & 0xF9);
        } else {
            f->cfg[o] = (uint8_t)((f->cfg[o] & ~f->wmask[o]) | (b & f->wmask[o]));
        }
    }
    update_bars(f);
    if (f->cfg_written)
        f->cfg_written(f, off, size);
}

static struct pci_func *lookup(struct machine *m, int dev, int fn)
{
    struct pci_bus *bus = m->pci;
    if (!bus || dev < 0 || dev >= PCI_MAX_DEV || fn < 0 || fn > 7)
        return NULL;
    /* a device without function 0, or with a single-function header, has
     * no other functions (PCI 2.1, 3.2.2.3.2) */
    struct pci_func *f0 = bus->fn[dev][0];
    if (!f0 || (fn && !(f0->cfg[PCI_HEADER_TYPE] & 0x80)))
        return NULL;
    return bus->fn[dev][fn];
}

uint32_t pci_config_read(struct machine *m, int dev, int fn, int off, int size)
{
    struct pci_func *f = lookup(m, dev, fn);
    uint32_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = v << 8 | (f && off + i < 256 ? f->cfg[off + i] : 0xFF);
    return v;
}

void pci_config_write(struct machine *m, int dev, int fn, int off, int size, uint32_t val)
{
    struct pci_func *f = lookup(m, dev, fn);
    if (f)
        func_write(f, off, size, val);
}

int pci_register(struct machine *m, int dev, int fn, struct pci_func *f)
{
    struct pci_bus *bus = m->pci;
    if (!bus || dev < 0 || dev >= PCI_MAX_DEV || fn < 0 || fn > 7 || bus->fn[dev][fn])
        return -1;
    f->m = m;
    f->dev = dev;
    f->fn = fn;
    bus->fn[dev][fn] = f;
    update_bars(f);
    return 0;
}

/* ---- INTx routing through the PIIX3 PIRQ route control registers ---- */

static void route_irqs(struct pci_bus *bus)
{
    uint8_t level = 0;
    for (int d = 0; d < PCI_MAX_DEV; d++)
        for (int pin = 0; pin < 4; pin++)
            if (bus->intx[d] & (1u << pin))
                level |= (uint8_t)(1u << ((d + pin - 1) & 3));
    uint8_t changed = level ^ bus->pirq_level;
    bus->pirq_level = level;
    /* the IOAPIC sees PIRQA-D on inputs 16-19 */
    for (int p = 0; p < 4; p++)
        if (changed & (1u << p))
            irq_set(bus->m, 16 + p, (level >> p) & 1);
    /* PIIX3 2.2.8: bit 7 disables routing; IRQ 0-2, 8 and 13 are reserved */
    uint16_t isa = 0;
    for (int p = 0; p < 4; p++) {
        uint8_t r = bus->isa.cfg[0x60 + p];
        int irq = r & 0x0F;
        if ((r & 0x80) || irq < 3 || irq == 8 || irq == 13)
            continue;
        if (level & (1u << p))
            isa |= (uint16_t)(1u << irq);
    }
    uint16_t diff = isa ^ bus->isa_driven;
    bus->isa_driven = isa;
    for (int i = 0; i < 16; i++)
        if (diff & (1u << i))
            irq_set(bus->m, i, (isa >> i) & 1);
}

void pci_set_irq(struct machine *m, int dev, int pin, int level)
{
    struct pci_bus *bus = m->pci;
    if (!bus || dev < 0 || dev >= PCI_MAX_DEV || pin < 0 || pin > 3)
        return;
    uint8_t old = bus->intx[dev];
    if (level)
        bus->intx[dev] |= (uint8_t)(1u << pin);
    else
        bus->intx[dev] &= (uint8_t)~(1u << pin);
    if (old != bus->intx[dev])
        route_irqs(bus);
}

/* ---- i440FX PAM ---- */

static void pam_segment(int seg, uint32_t *base, uint32_t *size, int *reg, int *shift)
{
    if (seg == 0) {
        *base = 0xF0000, *size = 0x10000, *reg = 0x59, *shift = 4;
    } else {
        *base = 0xC0000 + (uint32_t)(seg - 1) * 0x4000;
        *size = 0x4000;
        *reg = 0x5A + (seg - 1) / 2;
        *shift = (seg - 1) & 1 ? 4 : 0;
    }
}

void pci_set_pam_hook(struct machine *m, pci_pam_hook hook, void *opaque)
{
    if (!m->pci)
        return;
    m->pci->pam_hook = hook;
    m->pci->pam_opaque = opaque;
}

void pci_pam_get(struct machine *m, uint32_t addr, bool *read_ram, bool *write_ram)
{
    *read_ram = *write_ram = false;
    if (!m->pci || addr < 0xC0000 || addr > 0xFFFFF)
        return;
    int seg = addr >= 0xF0000 ? 0 : 1 + (int)((addr - 0xC0000) / 0x4000);
    uint32_t base, size;
    int reg, shift;
    pam_segment(seg, &base, &size, &reg, &shift);
    uint8_t v = (uint8_t)(m->pci->host.cfg[reg] >> shift);
    *read_ram = v & 1;
    *write_ram = v & 2;
}

/* 440FX 3.2.23 SMRAM (72h): D_OPEN (bit 6) makes the DRAM at A0000-BFFFF
 * visible outside SMM instead of the VGA; D_LCK (bit 4) clears D_OPEN and
 * makes the register read-only until reset. */
enum { SMRAM_D_OPEN = 0x40, SMRAM_D_LCK = 0x10 };

static void smram_written(struct pci_func *f)
{
    struct pci_bus *b = f->opaque;
    if (f->cfg[0x72] & SMRAM_D_LCK) {
        f->cfg[0x72] &= (uint8_t)~SMRAM_D_OPEN;
        f->wmask[0x72] = 0;
    }
    if (b->pam_hook) {
        bool open = f->cfg[0x72] & SMRAM_D_OPEN;
        b->pam_hook(b->pam_opaque, 0xA0000, 0x20000, open, open);
    }
}

static void host_written(struct pci_func *f, int off, int size)
{
    if (off <= 0x72 && off + size > 0x72)
        smram_written(f);
    if (off + size <= 0x59 || off > 0x5F)
        return;
    /* tell the memory map about every segment (cheap, and exact after a
     * snapshot load); the hook compares with its own state */
    struct pci_bus *b = f->opaque;
    if (!b->pam_hook)
        return;
    for (int seg = 0; seg < 13; seg++) {
        uint32_t base, sz;
        int reg, shift;
        pam_segment(seg, &base, &sz, &reg, &shift);
        if (reg < off || reg >= off + size)
            continue;
        uint8_t v = (uint8_t)(f->cfg[reg] >> shift);
        b->pam_hook(b->pam_opaque, base, sz, v & 1, v & 2);
    }
}

/* ---- PIIX3 ISA bridge ---- */

static void isa_written(struct pci_func *f, int off, int size)
{
    if (off < 0x64 && off + size > 0x60)
        route_irqs(f->opaque);
}

/* ---- PIIX4 power management function ---- */

static void pm_update(struct pci_bus *bus)
{
    uint16_t base = (uint16_t)(rd16(bus->pm.cfg + 0x40) & 0xFFC0);
    uint16_t eff = (bus->pm.cfg[0x80] & 1) ? base : 0;
    if (eff != bus->pm_base) {
        bus->pm_base = eff;
        acpi_set_pm_base(bus->m, eff);
    }
}

static void pm_written(struct pci_func *f, int off, int size)
{
    (void)off, (void)size;
    pm_update(f->opaque);
}

/* ---- ports 0xCF8-0xCFF ---- */

static uint32_t cfg_in(void *opaque, uint16_t port, int size)
{
    struct pci_bus *bus = opaque;
    if (port == 0xCF8 && size == 4)
        return bus->addr;
    if (port < 0xCFC || !(bus->addr & 0x80000000u) || ((bus->addr >> 16) & 0xFF))
        return 0xFFFFFFFFu;
    int dev = (bus->addr >> 11) & 31, fn = (bus->addr >> 8) & 7;
    int off = (int)(bus->addr & 0xFC) + (port & 3);
    return pci_config_read(bus->m, dev, fn, off, size);
}

static void cfg_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct pci_bus *bus = opaque;
    if (port == 0xCF8 && size == 4) {
        bus->addr = val & 0x80FFFFFCu;
        return;
    }
    if (port < 0xCFC || !(bus->addr & 0x80000000u) || ((bus->addr >> 16) & 0xFF))
        return;
    int dev = (bus->addr >> 11) & 31, fn = (bus->addr >> 8) & 7;
    pci_config_write(bus->m, dev, fn, (int)(bus->addr & 0xFC) + (port & 3), size, val);
}

static const struct io_ops cfg_ops = {.in = cfg_in, .out = cfg_out, .sizes = 1 | 2 | 4};

/* ---- device interface ---- */

static void host_reset(struct pci_func *f)
{
    pci_func_init(f, 0x8086, 0x1237, 0x02, 0x060000);
    wr16(f->cfg + PCI_COMMAND, 0x0006);
    wr16(f->cfg + PCI_STATUS, 0x0280);
    /* 440FX 3.2: 50h-7Fh configuration registers (PAM: RE bit 0/4, WE
     * bit 1/5; PAM0 only has its high nibble) */
    for (int o = 0x50; o < 0x80; o++)
        f->wmask[o] = 0xFF;
    f->wmask[0x59] = 0x30;
    for (int o = 0x5A; o <= 0x5F; o++)
        f->wmask[o] = 0x33;
    f->wmask[0x90] = f->wmask[0x91] = f->wmask[0x93] = 0xFF;
    f->cfg[0x72] = 0x02; /* SMRAM: C_BASE_SEG = 010b (A0000) */
    f->wmask[0x72] = 0x78; /* C_BASE_SEG is fixed */
}

static void isa_reset(struct pci_func *f)
{
    pci_func_init(f, 0x8086, 0x7000, 0x00, 0x060100);
    f->cfg[PCI_HEADER_TYPE] = 0x80; /* multi-function: IDE at 01.1, PM at 01.3 */
    wr16(f->cfg + PCI_COMMAND, 0x0007);
    wr16(f->cfg + PCI_STATUS, 0x0200);
    for (int o = 0x4C; o < 0x100; o++)
        f->wmask[o] = 0xFF;
    for (int p = 0; p < 4; p++) {
        f->cfg[0x60 + p] = 0x80; /* PIIX3 2.2.8: routing disabled */
        f->wmask[0x60 + p] = 0x8F;
    }
    f->cfg[0x4C] = 0x4D; /* IORT */
    f->cfg[0x4E] = 0x03; /* XBCS */
    f->cfg[0x69] = 0x02; /* TOM */
    f->cfg[0x70] = 0x80; /* MBIRQ0 */
    f->cfg[0x76] = f->cfg[0x77] = 0x0C; /* MBDMA */
    f->cfg[0xA0] = 0x08; /* SMICNTL */
    f->cfg[0xA8] = 0x0F; /* SMIREQ */
}

static void pm_reset(struct pci_func *f)
{
    pci_func_init(f, 0x8086, 0x7113, 0x03, 0x068000);
    wr16(f->cfg + PCI_STATUS, 0x0280);
    f->cfg[PCI_INTERRUPT_PIN] = 1;
    f->cfg[0x40] = 0x01; /* PMBA: I/O space indicator, base 0 */
    f->wmask[0x40] = 0xC0;
    f->wmask[0x41] = 0xFF;
    f->wmask[0x80] = 0x01; /* PMREGMISC: PMIOSE */
    for (int o = 0x44; o < 0x80; o++)
        f->wmask[o] = 0xFF;
    f->cfg[0x90] = 0x01; /* SMBBA: I/O space indicator */
    f->wmask[0x90] = 0xF0;
    f->wmask[0x91] = 0xFF;
    f->wmask[0xD2] = 0x0F; /* SMBHSTCFG */
}

static void bus_reset(void *opaque)
{
    struct pci_bus *bus = opaque;
    bus->addr = 0;
    host_reset(&bus->host);
    isa_reset(&bus->isa);
    pm_reset(&bus->pm);
    route_irqs(bus);
    pm_update(bus);
    host_written(&bus->host, 0x59, 7);
    smram_written(&bus->host);
}

static void bus_save(void *opaque, struct state_writer *w)
{
    struct pci_bus *bus = opaque;
    state_put_u32(w, bus->addr);
    state_put(w, bus->intx, sizeof bus->intx);
    for (int d = 0; d < PCI_MAX_DEV; d++)
        for (int f = 0; f < 8; f++)
            if (bus->fn[d][f])
                state_put(w, bus->fn[d][f]->cfg, 256);
}

static int bus_load(void *opaque, struct state_reader *r)
{
    struct pci_bus *bus = opaque;
    bus->addr = state_get_u32(r);
    state_get(r, bus->intx, sizeof bus->intx);
    for (int d = 0; d < PCI_MAX_DEV; d++)
        for (int f = 0; f < 8; f++)
            if (bus->fn[d][f]) {
                state_get(r, bus->fn[d][f]->cfg, 256);
                update_bars(bus->fn[d][f]);
            }
    if (r->error)
        return -1;
    route_irqs(bus);
    pm_update(bus);
    host_written(&bus->host, 0x59, 7);
    smram_written(&bus->host);
    return 0;
}

static void bus_destroy(void *opaque)
{
    struct pci_bus *bus = opaque;
    if (bus->m->pci == bus)
        bus->m->pci = NULL;
    free(bus);
}

static void bus_info(void *opaque, char *buf, size_t size)
{
    struct pci_bus *bus = opaque;
    size_t n = 0;
    for (int d = 0; d < PCI_MAX_DEV && n < size; d++)
        for (int f = 0; f < 8 && n < size; f++) {
            struct pci_func *p = bus->fn[d][f];
            if (!p)
                continue;
            int k = snprintf(buf + n, size - n, "00:%02x.%d %04x:%04x class %06x\n", d, f,
                             rd16(p->cfg), rd16(p->cfg + 2), rd32(p->cfg + 8) >> 8);
            if (k < 0)
                break;
            n += (size_t)k;
        }
    if (!n && size)
        buf[0] = 0;
}

static const struct device_ops pci_dev_ops = {
    .name = "pci", .reset = bus_reset, .save = bus_save, .load = bus_load,
    .destroy = bus_destroy, .info = bus_info,
};

void pci_init(struct machine *m)
{
    struct pci_bus *bus = calloc(1, sizeof *bus);
    if (!bus) {
        log_msg(m, LOG_PANIC, "pci", "out of memory");
        abort();
    }
    bus->m = m;
    m->pci = bus;
    bus->host.opaque = bus->isa.opaque = bus->pm.opaque = bus;
    bus->host.cfg_written = host_written;
    bus->isa.cfg_written = isa_written;
    bus->pm.cfg_written = pm_written;
    host_reset(&bus->host);
    isa_reset(&bus->isa);
    pm_reset(&bus->pm);
    pci_register(m, 0, 0, &bus->host);
    pci_register(m, 1, 0, &bus->isa);
    pci_register(m, 1, 3, &bus->pm);
    /* 0xCF9 (reset control) belongs to iodev/sysctl.c; byte accesses to
     * 0xCF8-0xCFB are not configuration cycles (PCI 2.1 3.2.2.3.2) */
    io_register(&m->io, 0xCF8, 1, &cfg_ops, bus);
    io_register(&m->io, 0xCFC, 4, &cfg_ops, bus);
    machine_add_device(m, &pci_dev_ops, bus);
}
