/* iodev/ioapic.c: the 82093AA I/O APIC at 0xFEC00000 (Intel 82093AA
 * datasheet, section 3).
 *
 * IOREGSEL (offset 00h) selects a register, IOWIN (10h) reads or writes it:
 * 00h IOAPICID (bits 27:24), 01h IOAPICVER (version 11h, 24 entries),
 * 02h IOAPICARB, 10h-3Fh the redirection table (vector, delivery mode
 * fixed/lowest priority/SMI/NMI/INIT/ExtINT, destination mode, delivery
 * status, polarity, remote IRR, trigger mode, mask, destination).
 *
 * Inputs 0-15 carry ISA lines (active high), 16-23 PCI PIRQs (INTx# is
 * active low: the level passed in is the logical "asserted" state and is
 * turned back into the electrical one so that the polarity bit has its
 * meaning). An edge-triggered entry sends a message on each assertion
 * while unmasked; a level-triggered one sends while its input is asserted
 * and remote IRR is clear, remote IRR being cleared by the LAPIC's EOI
 * broadcast for the entry's vector.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/apic_bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "memory/phys.h"

enum {
    RTE_DEST_LOGICAL = 1u << 11, RTE_DELIVS = 1u << 12, RTE_POLARITY_LOW = 1u << 13,
    RTE_REMOTE_IRR = 1u << 14, RTE_LEVEL = 1u << 15, RTE_MASKED = 1u << 16,
};
#define RTE_WMASK_LO 0x0001AFFFu

struct ioapic {
    struct machine *m;
    uint32_t id;
    uint8_t sel;
    uint64_t rte[IOAPIC_PINS];
    uint32_t electrical; /* input pin levels */
};

static bool asserted(const struct ioapic *io, int pin)
{
    bool e = io->electrical >> pin & 1;
    return (io->rte[pin] & RTE_POLARITY_LOW) ? !e : e;
}

static void deliver(struct ioapic *io, int pin)
{
    uint64_t e = io->rte[pin];
    int mode = (int)(e >> 8 & 7);
    struct lapic *l = io->m->lapic;
    if (!l || !lapic_match_dest(l, (uint8_t)(e >> 56), e & RTE_DEST_LOGICAL))
        return;
    if (mode == APIC_DM_EXTINT)
        return; /* the 8259 supplies the vector: see ioapic_extint_pending */
    bool level = e & RTE_LEVEL;
    if (level && (mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST))
        io->rte[pin] |= RTE_REMOTE_IRR;
    lapic_deliver(l, mode, (uint8_t)e, level);
}

/* level-triggered entries re-send while asserted and not in service */
static void service_level(struct ioapic *io, int pin)
{
    uint64_t e = io->rte[pin];
    if ((e & RTE_LEVEL) && !(e & RTE_MASKED) && !(e & RTE_REMOTE_IRR) && asserted(io, pin))
        deliver(io, pin);
}

void ioapic_set_irq(struct ioapic *io, int gsi, int level)
{
    if (!io || gsi < 0 || gsi >= IOAPIC_PINS)
        return;
    bool was = asserted(io, gsi);
    bool elec = gsi >= 16 ? !level : level != 0;
    if (elec)
        io->electrical |= 1u << gsi;
    else
        io->electrical &= ~(1u << gsi);
    bool now = asserted(io, gsi);
    uint64_t e = io->rte[gsi];
    if (e & RTE_MASKED)
        return;
    if (e & RTE_LEVEL)
        service_level(io, gsi);
    else if (now && !was)
        deliver(io, gsi);
}

void ioapic_eoi(struct ioapic *io, uint8_t vector)
{
    for (int pin = 0; pin < IOAPIC_PINS; pin++) {
        if ((io->rte[pin] & 0xFF) == vector && (io->rte[pin] & RTE_REMOTE_IRR)) {
            io->rte[pin] &= ~(uint64_t)RTE_REMOTE_IRR;
            service_level(io, pin);
        }
    }
}

bool ioapic_input_masked(const struct ioapic *io, int gsi)
{
    return gsi < 0 || gsi >= IOAPIC_PINS || (io->rte[gsi] & RTE_MASKED);
}

bool ioapic_extint_pending(const struct ioapic *io)
{
    for (int pin = 0; pin < IOAPIC_PINS; pin++) {
        uint64_t e = io->rte[pin];
        if (!(e & RTE_MASKED) && (e >> 8 & 7) == APIC_DM_EXTINT && asserted(io, pin))
            return true;
    }
    return false;
}

static uint32_t reg_read(struct ioapic *io)
{
    uint8_t s = io->sel;
    switch (s) {
    case 0x00: return io->id;
    case 0x01: return 0x00170011; /* 24 entries, version 11h */
    case 0x02: return io->id;     /* arbitration ID */
    default:
        if (s >= 0x10 && s < 0x10 + 2 * IOAPIC_PINS) {
            uint64_t e = io->rte[(s - 0x10) / 2];
            return (s & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
        }
        return 0;
    }
}

static void reg_write(struct ioapic *io, uint32_t val)
{
    uint8_t s = io->sel;
    if (s == 0x00) {
        io->id = val & 0x0F000000u;
        return;
    }
    if (s < 0x10 || s >= 0x10 + 2 * IOAPIC_PINS)
        return; /* version and arbitration are read-only */
    int pin = (s - 0x10) / 2;
    uint64_t e = io->rte[pin];
    if (s & 1) {
        e = (e & 0xFFFFFFFFull) | (uint64_t)(val & 0xFF000000u) << 32;
    } else {
        e = (e & ~(uint64_t)RTE_WMASK_LO) | (val & RTE_WMASK_LO);
        if (!(e & RTE_LEVEL))
            e &= ~(uint64_t)RTE_REMOTE_IRR;
    }
    io->rte[pin] = e;
    service_level(io, pin);
}

uint32_t ioapic_mmio_read32(struct ioapic *io, uint32_t off)
{
    if (off == 0x00)
        return io->sel;
    if (off == 0x10)
        return reg_read(io);
    return 0;
}

void ioapic_mmio_write32(struct ioapic *io, uint32_t off, uint32_t val)
{
    if (off == 0x00)
        io->sel = (uint8_t)val;
    else if (off == 0x10)
        reg_write(io, val);
}

static uint64_t mmio_read(void *opaque, uint64_t off, int size)
{
    uint32_t v = ioapic_mmio_read32(opaque, (uint32_t)off & ~3u);
    uint64_t r = (uint64_t)v >> ((off & 3) * 8);
    return size >= 4 ? r : r & ((1ull << (size * 8)) - 1);
}

static void mmio_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    /* 82093AA 3.0: registers are accessed as dwords; IOREGSEL also as a byte */
    if ((off & 3) || (size < 4 && off != 0))
        return;
    ioapic_mmio_write32(opaque, (uint32_t)off, (uint32_t)val);
}

static const struct mmio_ops ioapic_mmio = {mmio_read, mmio_write};

static void dev_reset(void *opaque)
{
    struct ioapic *io = opaque;
    io->id = 0;
    io->sel = 0;
    for (int i = 0; i < IOAPIC_PINS; i++)
        io->rte[i] = RTE_MASKED;
}

static void dev_destroy(void *opaque) { free(opaque); }

static void dev_save(void *opaque, struct state_writer *w)
{
    struct ioapic *io = opaque;
    state_put_u32(w, io->id);
    state_put_u32(w, io->sel);
    state_put_u32(w, io->electrical);
    for (int i = 0; i < IOAPIC_PINS; i++)
        state_put_u64(w, io->rte[i]);
}

static int dev_load(void *opaque, struct state_reader *r)
{
    struct ioapic *io = opaque;
    uint32_t id = state_get_u32(r), sel = state_get_u32(r), el = state_get_u32(r);
    uint64_t rte[IOAPIC_PINS];
    for (int i = 0; i < IOAPIC_PINS; i++)
        rte[i] = state_get_u64(r);
    if (r->error)
        return -1;
    io->id = id & 0x0F000000u;
    io->sel = (uint8_t)sel;
    io->electrical = el & 0xFFFFFF;
    memcpy(io->rte, rte, sizeof rte);
    return 0;
}

static void dev_info(void *opaque, char *buf, size_t size)
{
    struct ioapic *io = opaque;
    size_t n = (size_t)snprintf(buf, size, "id %u inputs %06X\n", io->id >> 24, io->electrical);
    for (int i = 0; i < IOAPIC_PINS && n < size; i++)
        if (!(io->rte[i] & RTE_MASKED))
            n += (size_t)snprintf(buf + n, size - n, "pin %2d: %016llX\n", i, (unsigned long long)io->rte[i]);
}

static const struct device_ops ioapic_ops = {
    .name = "ioapic",
    .reset = dev_reset,
    .save = dev_save,
    .load = dev_load,
    .destroy = dev_destroy,
    .info = dev_info,
};

struct ioapic *ioapic_init(struct machine *m)
{
    struct ioapic *io = calloc(1, sizeof *io);
    if (!io)
        return NULL;
    io->m = m;
    io->electrical = 0xFF0000; /* PCI INTx# idle high */
    dev_reset(io);
    phys_map_mmio(m->phys, IOAPIC_DEFAULT_BASE, 0x1000, &ioapic_mmio, io, "ioapic");
    machine_add_device(m, &ioapic_ops, io);
    m->ioapic = io;
    return io;
}
