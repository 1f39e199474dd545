/* iodev/ferr.c: port 0xF0, the PC/AT's "clear math coprocessor busy"
 * port. A write deasserts FERR# (IRQ13) after an unmasked x87 exception
 * was reported the DOS-compatible way (CR0.NE = 0; SDM Vol.1 D.2.1). */
#include "cpu/cpu.h"
#include "cpu/fpu.h"
#include "iodev/bus.h"
#include "machine/machine.h"

static void ferr_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct machine *m = opaque;
    (void)port, (void)size, (void)val;
    fpu_clear_ferr(m->cpu);
}

static const struct io_ops ferr_ops = {.out = ferr_out, .sizes = 1};

void ferr_init(struct machine *m) { io_register(&m->io, 0xF0, 1, &ferr_ops, m); }
