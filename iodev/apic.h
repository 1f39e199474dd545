/* iodev/apic.h: the local APIC and the IOAPIC as the rest of the machine
 * sees them (iodev/apic.c, iodev/ioapic.c).
 *
 * machine/irq.c forwards ISA lines to the IOAPIC and combines the LAPIC
 * with the 8259 pair for the CPU's INTR: the PIC reaches the CPU through
 * LINT0 programmed as ExtINT (the MP specification's "virtual wire" mode),
 * or directly when the LAPIC is absent or disabled.
 */
#ifndef EMU_IODEV_APIC_H
#define EMU_IODEV_APIC_H

#include <stdbool.h>

struct ioapic;
struct lapic;

/* Sets the level of IOAPIC input gsi (0-23). */
void ioapic_set_irq(struct ioapic *io, int gsi, int level);
/* True when the redirection entry of input gsi is masked. */
bool ioapic_input_masked(const struct ioapic *io, int gsi);
/* True when the LAPIC has a fixed interrupt to present to the CPU
 * (IRR above the processor priority). */
bool lapic_has_interrupt(struct lapic *l);
/* INTA: moves the highest IRR vector to ISR and returns it. */
int lapic_ack(struct lapic *l);
/* True when the 8259's INTR reaches the CPU: LINT0 unmasked in ExtINT
 * mode, or the LAPIC software-disabled / absent from the path (IMCR). */
bool lapic_accepts_pic(struct lapic *l);

#endif
