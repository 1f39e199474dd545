/* tests/unit/test_apic.c: local APIC priorities, EOI, timer modes, IPIs,
 * errors, the IMCR/virtual-wire PIC path, and IOAPIC routing. */
#include <criterion/criterion.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "iodev/apic_bus.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/timer.h"
#include "machine/timerq.h"
#include "memory/phys.h"

static struct config cfg;
static struct machine *m;
static struct lapic *l;
static struct ioapic *io;

static void setup(void)
{
    config_defaults(&cfg);
    cfg.ips = 1000000000; /* one tick per ns keeps the arithmetic exact */
    m = machine_new(&cfg);
    cr_assert_not_null(m);
    l = m->lapic;
    io = m->ioapic;
    cr_assert_not_null(l);
    cr_assert_not_null(io);
}

static void teardown(void) { machine_free(m); }

static uint32_t rd(uint32_t off) { return (uint32_t)phys_read(m->phys, 0xFEE00000u + off, 4); }
static void wr(uint32_t off, uint32_t v) { phys_write(m->phys, 0xFEE00000u + off, 4, v); }
static void advance(uint64_t ns)
{
    timerq_skip(m->timers, ns);
    timerq_run_due(m->timers);
}
static bool irr(unsigned v) { return rd(0x200 + (v / 32) * 16) >> (v % 32) & 1; }
static bool isr(unsigned v) { return rd(0x100 + (v / 32) * 16) >> (v % 32) & 1; }
static void ioapic_w(uint8_t reg, uint32_t v)
{
    phys_write(m->phys, 0xFEC00000u, 4, reg);
    phys_write(m->phys, 0xFEC00010u, 4, v);
}
static uint32_t ioapic_r(uint8_t reg)
{
    phys_write(m->phys, 0xFEC00000u, 4, reg);
    return (uint32_t)phys_read(m->phys, 0xFEC00010u, 4);
}

TestSuite(lapic, .init = setup, .fini = teardown);
TestSuite(ioapic, .init = setup, .fini = teardown);

Test(lapic, reset_state)
{
    cr_assert_eq(rd(0x30), 0x00050014);
    cr_assert_eq(rd(0xF0), 0xFF);
    cr_assert_eq(rd(0xE0), 0xFFFFFFFF);
    cr_assert_eq(rd(0x320), 0x10000);
    cr_assert_eq(rd(0x350), 0x10000);
    cr_assert(!lapic_has_interrupt(l), "software-disabled after reset");
}

Test(lapic, priority_ack_eoi)
{
    wr(0xF0, 0x1FF);
    wr(0x80, 0x50);
    lapic_deliver(l, APIC_DM_FIXED, 0x45, false);
    cr_assert(irr(0x45));
    cr_assert(!lapic_has_interrupt(l), "class 4 below TPR class 5");
    wr(0x80, 0x30);
    cr_assert(lapic_has_interrupt(l));
    cr_assert_eq(lapic_ack(l), 0x45);
    cr_assert(isr(0x45) && !irr(0x45));
    cr_assert_eq(rd(0xA0), 0x40, "PPR from the ISR class");
    lapic_deliver(l, APIC_DM_FIXED, 0x41, false);
    cr_assert(!lapic_has_interrupt(l), "same class as in service");
    lapic_deliver(l, APIC_DM_FIXED, 0x61, false);
    cr_assert(lapic_has_interrupt(l));
    cr_assert_eq(lapic_ack(l), 0x61);
    wr(0xB0, 0);
    cr_assert(!isr(0x61) && isr(0x45), "EOI retires the highest in service");
    wr(0xB0, 0);
    cr_assert_eq(lapic_ack(l), 0x41);
    /* nothing left above PPR: spurious vector */
    cr_assert_eq(lapic_ack(l), 0xFF);
}

Test(lapic, timer_oneshot_current_count_and_divide)
{
    wr(0xF0, 0x1FF);
    wr(0x3E0, 0x0B);          /* divide by 1 */
    wr(0x320, 0x40);          /* one-shot, vector 0x40 */
    wr(0x380, 1000);
    advance(400);
    cr_assert_eq(rd(0x390), 600);
    cr_assert(!irr(0x40));
    wr(0x3E0, 0x00);          /* divide by 2 from here: 600 left = 1200 ns */
    advance(1100);
    cr_assert(!irr(0x40));
    cr_assert_eq(rd(0x390), 50);
    advance(100);
    cr_assert(irr(0x40));
    cr_assert_eq(rd(0x390), 0);
    cr_assert_eq(lapic_ack(l), 0x40);
    wr(0xB0, 0);
    advance(10000);
    cr_assert(!irr(0x40), "one-shot fires once");
}

Test(lapic, timer_periodic_and_masked)
{
    wr(0xF0, 0x1FF);
    wr(0x3E0, 0x0B);
    wr(0x320, (1u << 17) | 0x41);
    wr(0x380, 500);
    for (int i = 0; i < 3; i++) {
        advance(500);
        cr_assert(irr(0x41), "period %d", i);
        cr_assert_eq(lapic_ack(l), 0x41);
        wr(0xB0, 0);
    }
    wr(0x320, (1u << 17) | 0x10000 | 0x41);
    advance(500);
    cr_assert(!irr(0x41), "masked");
    cr_assert_eq(rd(0x390), 500, "still counting");
}

Test(lapic, timer_tsc_deadline)
{
    wr(0xF0, 0x1FF);
    wr(0x320, (2u << 17) | 0x42);
    wr(0x380, 77);             /* ignored in TSC-deadline mode */
    cr_assert_eq(rd(0x380), 0);
    uint64_t tsc = m->cpu->icount + m->cpu->tsc_offset;
    lapic_tsc_deadline_write(l, tsc + 1000);
    cr_assert_eq(lapic_tsc_deadline_read(l), tsc + 1000);
    advance(999);
    cr_assert(!irr(0x42));
    advance(1);
    cr_assert(irr(0x42));
    cr_assert_eq(lapic_tsc_deadline_read(l), 0, "disarmed after firing");
    /* switching the mode disarms */
    lapic_tsc_deadline_write(l, tsc + 5000);
    wr(0x320, 0x42);
    lapic_tsc_deadline_write(l, tsc + 6000); /* ignored: one-shot mode */
    advance(10000);
    cr_assert_eq(lapic_ack(l), 0x42);
    cr_assert(!irr(0x42));
}

Test(lapic, self_ipi_and_illegal_vector_error)
{
    wr(0xF0, 0x1FF);
    wr(0x300, (1u << 18) | 0x55);     /* self */
    cr_assert(irr(0x55));
    wr(0x310, 0x01000000);
    wr(0x300, 0x56);                   /* physical destination 1: not us */
    cr_assert(!irr(0x56));
    wr(0x310, 0x00000000);
    wr(0x300, 0x57);                   /* destination 0: us */
    cr_assert(irr(0x57));
    wr(0x370, 0x58);                   /* error LVT */
    wr(0x300, (1u << 18) | 0x05);      /* illegal vector */
    cr_assert(irr(0x58));
    cr_assert_eq(rd(0x280), 0, "ESR reads the value latched by the last write");
    wr(0x280, 0);
    cr_assert_eq(rd(0x280), 0x20);
    wr(0x300, (1u << 18) | (4u << 8)); /* NMI to self */
    cr_assert(m->cpu->nmi_pending);
}

Test(lapic, software_disable_masks_lvt)
{
    wr(0xF0, 0x1FF);
    wr(0x350, 0x700);
    cr_assert_eq(rd(0x350), 0x700);
    wr(0xF0, 0x0FF);
    cr_assert_eq(rd(0x350), 0x10700);
    wr(0x350, 0x700);
    cr_assert_eq(rd(0x350), 0x10700, "mask cannot be cleared while disabled");
}

Test(lapic, imcr_and_virtual_wire)
{
    cr_assert(lapic_accepts_pic(l), "PIC mode after reset");
    io_out(&m->io, 0x22, 1, 0x70);
    io_out(&m->io, 0x23, 1, 0x01);
    cr_assert_eq(io_in(&m->io, 0x23, 1), 1);
    cr_assert(!lapic_accepts_pic(l), "APIC mode, LINT0 masked");
    wr(0xF0, 0x1FF);
    wr(0x350, 0x700);                  /* ExtINT */
    cr_assert(lapic_accepts_pic(l));
    wr(0x350, 0x10700);
    cr_assert(!lapic_accepts_pic(l));
}

Test(lapic, relocation_and_global_disable)
{
    lapic_base_written(l, 0xFED00000ull | (1u << 11) | (1u << 8));
    cr_assert_eq(phys_read(m->phys, 0xFED00030, 4), 0x00050014);
    lapic_base_written(l, 0xFED00000ull | (1u << 8));
    cr_assert_eq(phys_read(m->phys, 0xFED00030, 4), 0xFFFFFFFF);
    cr_assert(lapic_accepts_pic(l));
}

Test(ioapic, version_and_masked_reset)
{
    cr_assert_eq(ioapic_r(1), 0x00170011);
    cr_assert_eq(ioapic_r(0x10), 0x10000);
    ioapic_w(0, 0x05000000);
    cr_assert_eq(ioapic_r(0), 0x05000000);
}

Test(ioapic, edge_delivery_and_mask)
{
    wr(0xF0, 0x1FF);
    ioapic_w(0x10 + 2 * 5, 0x10000 | 0x65);
    ioapic_w(0x11 + 2 * 5, 0x00000000);
    ioapic_set_irq(io, 5, 1);
    ioapic_set_irq(io, 5, 0);
    cr_assert(!irr(0x65), "masked");
    ioapic_w(0x10 + 2 * 5, 0x65);
    ioapic_set_irq(io, 5, 1);
    cr_assert(irr(0x65));
    cr_assert_eq(lapic_ack(l), 0x65);
    wr(0xB0, 0);
    ioapic_set_irq(io, 5, 1);  /* no new edge */
    cr_assert(!irr(0x65));
    /* destination elsewhere */
    ioapic_set_irq(io, 5, 0);
    ioapic_w(0x11 + 2 * 5, 0x03000000);
    ioapic_set_irq(io, 5, 1);
    cr_assert(!irr(0x65));
}

Test(ioapic, level_remote_irr_and_eoi_broadcast)
{
    wr(0xF0, 0x1FF);
    ioapic_w(0x10 + 2 * 9, (1u << 15) | 0x69);
    ioapic_set_irq(io, 9, 1);
    cr_assert(irr(0x69));
    cr_assert(ioapic_r(0x10 + 2 * 9) & (1u << 14), "remote IRR");
    cr_assert_eq(lapic_ack(l), 0x69);
    wr(0xB0, 0);                /* line still asserted: sent again */
    cr_assert(irr(0x69));
    cr_assert_eq(lapic_ack(l), 0x69);
    ioapic_set_irq(io, 9, 0);
    wr(0xB0, 0);
    cr_assert(!(ioapic_r(0x10 + 2 * 9) & (1u << 14)));
    cr_assert(!irr(0x69));
}

Test(ioapic, polarity_and_pci_pins)
{
    wr(0xF0, 0x1FF);
    /* PCI PIRQ input, level, active low as ACPI declares it */
    ioapic_w(0x10 + 2 * 17, (1u << 15) | (1u << 13) | 0x71);
    cr_assert(!irr(0x71), "INTx# idle");
    ioapic_set_irq(io, 17, 1);
    cr_assert(irr(0x71));
    /* an ISA input programmed active low is asserted while idle */
    ioapic_w(0x10 + 2 * 3, (1u << 13) | 0x73);
    cr_assert(!irr(0x73), "edge: no transition yet");
    ioapic_set_irq(io, 3, 1);
    ioapic_set_irq(io, 3, 0);
    cr_assert(irr(0x73), "asserting edge is the falling one");
}

Test(ioapic, nmi_and_isa_irq0_on_pin2)
{
    wr(0xF0, 0x1FF);
    ioapic_w(0x10 + 2 * 2, 0x62);
    irq_pulse(m, 0);
    cr_assert(irr(0x62), "ISA IRQ 0 arrives at input 2");
    ioapic_w(0x10 + 2 * 7, (4u << 8));
    ioapic_set_irq(io, 7, 1);
    cr_assert(m->cpu->nmi_pending);
}
