/* iodev/irq.h: interrupt lines.
 *
 * Devices drive ISA IRQ lines 0-15 (and PCI INTx through the PIIX3 PIRQ
 * routing, which ends on an ISA line or an IOAPIC input). The machine
 * forwards a line's level to the 8259 PICs and the IOAPIC. Edge-triggered
 * devices raise then lower the line (irq_pulse).
 */
#ifndef EMU_IODEV_IRQ_H
#define EMU_IODEV_IRQ_H

#include <stdbool.h>

struct machine;

/* Sets the level of ISA IRQ line irq (0-15) or IOAPIC input (16-23). */
void irq_set(struct machine *m, int irq, int level);
/* Sets the level of source (0-31) on a shared ISA line (COM1 and COM3 on
 * IRQ 4, say): the line is high while any of its sources is. Devices that
 * share a line all use this; a line has either sources or one irq_set
 * driver. */
void irq_set_source(struct machine *m, int irq, int source, int level);
/* Could a rising ISA line irq (0-15) interrupt the CPU as the controllers
 * are programmed now (PIC mask and LAPIC pass-through, or an unmasked
 * IOAPIC entry)? The halt check uses it: a halted CPU whose only timers
 * raise lines that cannot reach it never wakes. */
bool irq_can_reach_cpu(struct machine *m, int irq);
/* machine/irq.c: points the CPU's interrupt hooks at the controllers
 * (8259 pair, local APIC). */
void irq_connect_cpu(struct machine *m);
static inline void irq_raise(struct machine *m, int irq) { irq_set(m, irq, 1); }
static inline void irq_lower(struct machine *m, int irq) { irq_set(m, irq, 0); }
static inline void irq_pulse(struct machine *m, int irq)
{
    irq_set(m, irq, 1);
    irq_set(m, irq, 0);
}

#endif
