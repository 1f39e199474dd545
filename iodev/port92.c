/* iodev/port92.c: System Control Port A (0x92), the "fast A20" gate.
 *
 * Bit 1 drives the A20 gate, bit 0 written as 1 resets the CPU (the
 * "fast reset" of PS/2-era chipsets; PIIX3 datasheet, port 92h). Reads
 * return the last value with bit 1 showing the A20 state.
 */
#include "cpu/cpu.h"
#include "iodev/bus.h"
#include "machine/machine.h"
#include "memory/phys.h"

static uint32_t port92_in(void *opaque, uint16_t port, int size)
{
    struct machine *m = opaque;
    (void)port, (void)size;
    return (m->port92 & ~2u) | (phys_a20(m->phys) ? 2u : 0u);
}

static void port92_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct machine *m = opaque;
    (void)port, (void)size;
    m->port92 = (uint8_t)(val & ~1u);
    phys_set_a20(m->phys, val & 2);
    if (val & 1) {
        log_info(m, "io", "CPU reset through port 0x92");
        machine_reset_cpu(m);
    }
}

static const struct io_ops port92_ops = {.in = port92_in, .out = port92_out, .sizes = 1};

void port92_init(struct machine *m) { io_register(&m->io, 0x92, 1, &port92_ops, m); }
