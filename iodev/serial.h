/* iodev/serial.h: 16550A UARTs COM1-COM4 (iodev/serial.c). */
#ifndef EMU_IODEV_SERIAL_H
#define EMU_IODEV_SERIAL_H

struct machine;

/* Creates the ports enabled in cfg->com[] (COM1 always exists); returns
 * -1 (message printed) when a back-end cannot be opened. */
int serial_init(struct machine *m);

#endif
