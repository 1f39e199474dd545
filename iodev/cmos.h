/* iodev/cmos.h: the MC146818 real-time clock and CMOS RAM (iodev/cmos.c). */
#ifndef EMU_IODEV_CMOS_H
#define EMU_IODEV_CMOS_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct cmos;

struct cmos *cmos_init(struct machine *m);
/* CMOS RAM bytes 0-255 as the guest sees them (clock registers included);
 * writes through this interface fix the 0x2E-0x2F checksum. */
uint8_t cmos_get(struct cmos *c, int index);
void cmos_set(struct cmos *c, int index, uint8_t val);
/* Port 0x70 bit 7: NMI disabled. */
bool cmos_nmi_masked(struct cmos *c);

#endif
