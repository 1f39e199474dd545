/* iodev/sysctl.h: the PIIX3 reset control register at 0xCF9 (iodev/sysctl.c). */
#ifndef EMU_IODEV_SYSCTL_H
#define EMU_IODEV_SYSCTL_H

struct machine;

/* Register after the PCI host bridge, which claims 0xCF8-0xCFF. */
void sysctl_init(struct machine *m);

#endif
