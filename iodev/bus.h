/* iodev/bus.h: the I/O port bus.
 *
 * Devices register port ranges with callbacks. Accesses to a port nobody
 * claimed read as all ones and writes are dropped (logged at debug level).
 * A 16- or 32-bit access to a device that registered only byte handlers is
 * split into byte accesses on consecutive ports, as the ISA bus does.
 */
#ifndef EMU_IODEV_BUS_H
#define EMU_IODEV_BUS_H

#include <stdint.h>

struct machine;

struct io_ops {
    /* size is 1, 2 or 4. Either callback may be NULL. */
    uint32_t (*in)(void *opaque, uint16_t port, int size);
    void (*out)(void *opaque, uint16_t port, int size, uint32_t val);
    int sizes; /* bitmask of access sizes handled natively: 1|2|4; 0 means 1 */
};

struct io_port {
    const struct io_ops *ops;
    void *opaque;
};

struct iobus {
    struct io_port port[65536];
    struct machine *mach;
};

void io_register(struct iobus *b, uint16_t port, uint16_t count, const struct io_ops *ops,
                 void *opaque);
uint32_t io_in(struct iobus *b, uint16_t port, int size);
void io_out(struct iobus *b, uint16_t port, int size, uint32_t val);

/* iodev/debugport.c: port 0xE9 output, the 0xF4 exit port, Bochs's 0x8900
 * shutdown port. */
void debugport_init(struct machine *m);
/* iodev/port92.c: System Control Port A (fast A20, fast reset). */
void port92_init(struct machine *m);
/* iodev/ferr.c: port 0xF0 clears FERR# (IRQ13). */
void ferr_init(struct machine *m);

#endif
