/* iodev/pit.h: the 8254 programmable interval timer (iodev/pit.c) and
 * port 0x61 (NMI status and control: speaker gate, refresh toggle). */
#ifndef EMU_IODEV_PIT_H
#define EMU_IODEV_PIT_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct pit;

/* The 8254's input clock: 14.31818 MHz / 12. */
#define PIT_HZ 1193182u

struct pit *pit_init(struct machine *m);
/* Counter value (as the counting element holds it, binary) and OUT level
 * of channel ch now: for tests and the debugger. */
uint16_t pit_counter(struct pit *p, int ch);
bool pit_out(struct pit *p, int ch);
/* Port 0x61 bit 1 AND channel 2 OUT: the speaker's input. */
bool pit_speaker(struct pit *p);

#endif
