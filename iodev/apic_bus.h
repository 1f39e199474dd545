/* iodev/apic_bus.h: the APIC bus between the IOAPIC (iodev/ioapic.c) and the
 * local APIC (iodev/apic.c), and the hooks the CPU and the machine call.
 * iodev/apic.h has what the IRQ glue of machine/irq.c uses.
 */
#ifndef EMU_IODEV_APIC_BUS_H
#define EMU_IODEV_APIC_BUS_H

#include <stdbool.h>
#include <stdint.h>

#include "iodev/apic.h"

struct machine;

#define LAPIC_DEFAULT_BASE 0xFEE00000u
#define IOAPIC_DEFAULT_BASE 0xFEC00000u
#define IOAPIC_PINS 24

/* delivery modes (SDM Vol.3 10.5.1, 10.6.1; 82093AA 3.2.4) */
enum { APIC_DM_FIXED = 0, APIC_DM_LOWEST = 1, APIC_DM_SMI = 2, APIC_DM_NMI = 4, APIC_DM_INIT = 5,
       APIC_DM_STARTUP = 6, APIC_DM_EXTINT = 7 };

/* iodev/apic.c: creates the local APIC at 0xFEE00000 and the IMCR (ports
 * 0x22/0x23); sets m->lapic and registers device "lapic". */
struct lapic *lapic_init(struct machine *m);
/* The CPU's WRMSR of IA32_APIC_BASE (0x1B) calls this after storing the
 * value: relocation, global enable/disable (SDM Vol.3 10.4.4). */
void lapic_base_written(struct lapic *l, uint64_t msr_value);
/* IA32_TSC_DEADLINE (0x6E0): RDMSR/WRMSR forward here (SDM Vol.3 10.5.4.1). */
uint64_t lapic_tsc_deadline_read(struct lapic *l);
void lapic_tsc_deadline_write(struct lapic *l, uint64_t tsc);
/* An interrupt message from the APIC bus (IOAPIC, IPI). level: TMR bit. */
void lapic_deliver(struct lapic *l, int mode, uint8_t vector, bool level);
/* True when a message with destination dest (physical or logical) reaches
 * this LAPIC (SDM Vol.3 10.6.2). */
bool lapic_match_dest(const struct lapic *l, uint8_t dest, bool logical);
/* Level of the LINT0/LINT1 pins (pin 0/1). */
void lapic_set_lint(struct lapic *l, int pin, int level);
/* Register read/write by offset (MMIO handlers; exported for unit tests). */
uint32_t lapic_reg_read(struct lapic *l, uint32_t off);
void lapic_reg_write(struct lapic *l, uint32_t off, uint32_t val);
/* Current timer count (SDM Vol.3 10.5.4), at the machine's virtual time. */
uint32_t lapic_timer_current(struct lapic *l);

/* iodev/ioapic.c: creates the IOAPIC at 0xFEC00000; sets m->ioapic and
 * registers device "ioapic". */
struct ioapic *ioapic_init(struct machine *m);
/* EOI broadcast from the LAPIC for a level-triggered vector: clears remote
 * IRR of the entries with that vector (82093AA 3.2.4). */
void ioapic_eoi(struct ioapic *io, uint8_t vector);
/* True when an unmasked ExtINT entry has its input asserted: the 8259's
 * INTR then reaches the CPU through the LAPIC. */
bool ioapic_extint_pending(const struct ioapic *io);
uint32_t ioapic_mmio_read32(struct ioapic *io, uint32_t off);
void ioapic_mmio_write32(struct ioapic *io, uint32_t off, uint32_t val);

#endif
