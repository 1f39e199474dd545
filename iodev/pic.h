/* iodev/pic.h: the 8259A pair of the PC (iodev/pic.c). */
#ifndef EMU_IODEV_PIC_H
#define EMU_IODEV_PIC_H

#include <stdbool.h>

struct machine;
struct pic;

/* Creates the master (0x20) and slave (0xA0) 8259A and the ELCR
 * (0x4D0/0x4D1), sets m->pic. */
struct pic *pic_init(struct machine *m);
/* Level of ISA IRQ line irq (0-15) at the 8259 inputs. */
void pic_set_irq(struct pic *p, int irq, int level);
/* The master's INT output (the CPU's INTR). */
bool pic_intr(const struct pic *p);
/* True when IRQ irq (0-15) cannot reach the master's INT output: its IMR
 * bit is set (or, for 8-15, the master's cascade input IR2 is masked). */
bool pic_line_masked(const struct pic *p, int irq);
/* The INTA cycle: returns the vector the pair puts on the bus (spurious
 * IRQ 7/15 vectors included). */
int pic_ack(struct pic *p);

#endif
