/* iodev/sysctl.c: the Reset Control Register (RC) of the PIIX3/PIIX4 at
 * I/O port 0xCF9 (82371SB datasheet 4.1.x "RC - Reset Control Register").
 *
 *   bit 1 SRST: 1 selects a hard reset (the whole system: devices reset,
 *               CPU reset), 0 a soft reset (INIT: the CPU only)
 *   bit 2 RCPU: a 0 -> 1 transition starts the reset selected by SRST
 * Only byte accesses reach it: a dword access to 0xCF8 is the PCI
 * configuration address, which the host bridge handles.
 */
#include "iodev/sysctl.h"

#include <stdlib.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"

struct sysctl {
    struct machine *m;
    uint8_t rc;
};

static uint32_t rc_in(void *opaque, uint16_t port, int size)
{
    struct sysctl *s = opaque;
    (void)port, (void)size;
    return s->rc;
}

static void rc_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct sysctl *s = opaque;
    (void)port, (void)size;
    uint8_t old = s->rc;
    s->rc = (uint8_t)(val & 0x06);
    if ((val & 0x04) && !(old & 0x04)) {
        s->rc = 0; /* the register clears as the reset happens */
        if (val & 0x02) {
            log_info(s->m, "io", "hard reset through port 0xCF9");
            machine_reset(s->m);
        } else {
            log_info(s->m, "io", "soft reset (INIT) through port 0xCF9");
            machine_reset_cpu(s->m);
        }
    }
}

static const struct io_ops rc_ops = {.in = rc_in, .out = rc_out, .sizes = 1};

static void sysctl_reset(void *opaque) { ((struct sysctl *)opaque)->rc = 0; }

static void sysctl_save(void *opaque, struct state_writer *w) { state_put(w, &((struct sysctl *)opaque)->rc, 1); }

static int sysctl_load(void *opaque, struct state_reader *r)
{
    struct sysctl *s = opaque;
    uint8_t v;
    if (state_get(r, &v, 1) < 0)
        return -1;
    s->rc = v & 0x06;
    return 0;
}

static void sysctl_destroy(void *opaque) { free(opaque); }

static const struct device_ops sysctl_dev = {
    .name = "sysctl",
    .reset = sysctl_reset,
    .save = sysctl_save,
    .load = sysctl_load,
    .destroy = sysctl_destroy,
};

void sysctl_init(struct machine *m)
{
    struct sysctl *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->m = m;
    io_register(&m->io, 0xCF9, 1, &rc_ops, s);
    machine_add_device(m, &sysctl_dev, s);
}
