/* iodev/device.h: the uniform shape of a device.
 *
 * Every device is created from the configuration by its <name>_init(m)
 * function, registers its ports (iodev/bus.h), MMIO regions
 * (memory/phys.h), timers (machine/timer.h) and IRQ lines (iodev/irq.h),
 * and registers itself with machine_add_device() so that the machine can
 * reset it and save/restore its state (snapshots).
 */
#ifndef EMU_IODEV_DEVICE_H
#define EMU_IODEV_DEVICE_H

#include <stddef.h>
#include <stdint.h>

struct machine;
struct state_writer;
struct state_reader;

struct device_ops {
    const char *name;                 /* "pic", "pit", "ata0", ... */
    void (*reset)(void *opaque);      /* power-on / hard reset */
    void (*save)(void *opaque, struct state_writer *w);
    int (*load)(void *opaque, struct state_reader *r); /* 0 ok, -1 bad data */
    void (*destroy)(void *opaque);    /* free everything at machine_free */
    /* `info device NAME` in the debugger: a human-readable state dump */
    void (*info)(void *opaque, char *buf, size_t size);
};

void machine_add_device(struct machine *m, const struct device_ops *ops, void *opaque);
/* Finds a device's opaque pointer by name (NULL if absent). */
void *machine_find_device(struct machine *m, const char *name);

#endif
