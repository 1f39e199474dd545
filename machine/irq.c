/* machine/irq.c: IRQ routing between the devices, the interrupt
 * controllers and the CPU.
 *
 * ISA lines 0-15 go to the 8259 pair and, when the machine has one, to the
 * IOAPIC. As on the i440FX/PIIX3 boards QEMU and Bochs model (and as their
 * MP/ACPI tables declare with an interrupt source override), ISA IRQ 0
 * arrives at IOAPIC input 2; the other ISA lines keep their numbers.
 * Inputs 16-23 (PCI PIRQs) exist only on the IOAPIC.
 *
 * The CPU's INTR combines the local APIC with the 8259: a fixed interrupt
 * accepted by the LAPIC comes first; the 8259's INT reaches the CPU when
 * the LAPIC passes it through (LINT0 in ExtINT mode, the "virtual wire" of
 * the MP specification 3.6.2.2) or when there is no LAPIC.
 */
#include <stddef.h>

#include "cpu/cpu.h"
#include "iodev/apic.h"
#include "iodev/irq.h"
#include "iodev/pic.h"
#include "machine/machine.h"

void irq_set(struct machine *m, int irq, int level)
{
    if (irq < 0 || irq > 23) {
        log_error(m, "irq", "level change on IRQ %d, which does not exist", irq);
        return;
    }
    if (irq < 16 && m->pic)
        pic_set_irq(m->pic, irq, level);
    if (m->ioapic)
        ioapic_set_irq(m->ioapic, irq == 0 ? 2 : irq, level);
}

void irq_set_source(struct machine *m, int irq, int source, int level)
{
    if (irq < 0 || irq > 15 || source < 0 || source > 31) {
        log_error(m, "irq", "source %d on IRQ %d, which does not exist", source, irq);
        return;
    }
    uint32_t bit = 1u << source, old = m->irq_sources[irq];
    uint32_t now = level ? old | bit : old & ~bit;
    m->irq_sources[irq] = now;
    if ((old != 0) != (now != 0))
        irq_set(m, irq, now != 0);
}

bool irq_can_reach_cpu(struct machine *m, int irq)
{
    if (m->pic && !pic_line_masked(m->pic, irq) && (!m->lapic || lapic_accepts_pic(m->lapic)))
        return true;
    return m->ioapic && m->lapic && !ioapic_input_masked(m->ioapic, irq == 0 ? 2 : irq);
}

static bool intr_pending(struct machine *m)
{
    if (m->lapic) {
        if (lapic_has_interrupt(m->lapic))
            return true;
        return m->pic && pic_intr(m->pic) && lapic_accepts_pic(m->lapic);
    }
    return m->pic && pic_intr(m->pic);
}

static int intr_ack(struct machine *m)
{
    if (m->lapic && lapic_has_interrupt(m->lapic))
        return lapic_ack(m->lapic);
    if (m->pic)
        return pic_ack(m->pic);
    return -1;
}

void irq_connect_cpu(struct machine *m)
{
    m->cpu->intr_pending = intr_pending;
    m->cpu->intr_ack = intr_ack;
}
