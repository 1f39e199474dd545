/* iodev/debugport.c: ports for test programs.
 *
 * 0xE9: each byte written goes to the host (Bochs's port_e9_hack); reading
 *       returns 0xE9 so a guest can detect the port.
 * 0xF4: QEMU's isa-debug-exit: writing v ends emu with status (v << 1) | 1.
 * 0x8900: Bochs's shutdown port: the bytes "Shutdown" in sequence end emu
 *       with status 0.
 */
#include <stdio.h>

#include "iodev/bus.h"
#include "machine/machine.h"

static uint32_t e9_in(void *opaque, uint16_t port, int size)
{
    (void)opaque, (void)port, (void)size;
    return 0xE9;
}

static void e9_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct machine *m = opaque;
    (void)port, (void)size;
    if (m->e9_out) {
        fputc((int)(val & 0xFF), m->e9_out);
        if ((val & 0xFF) == '\n')
            fflush(m->e9_out);
    }
}

static void exit_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    (void)port;
    uint32_t v = size == 1 ? (val & 0xFF) : size == 2 ? (val & 0xFFFF) : val;
    machine_request_exit(opaque, (int)(((v << 1) | 1) & 0xFF));
}

static void shutdown_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    static const char magic[] = "Shutdown";
    struct machine *m = opaque;
    (void)port, (void)size;
    char ch = (char)(val & 0xFF);
    if (ch == magic[m->shutdown_idx]) {
        if (++m->shutdown_idx == (int)sizeof magic - 1) {
            m->shutdown_idx = 0;
            log_info(m, "io", "shutdown requested through port 0x8900");
            machine_request_exit(m, 0);
        }
    } else {
        m->shutdown_idx = ch == magic[0] ? 1 : 0;
    }
}

static const struct io_ops e9_ops = {.in = e9_in, .out = e9_out, .sizes = 1};
static const struct io_ops exit_ops = {.out = exit_out, .sizes = 1 | 2 | 4};
static const struct io_ops shutdown_ops = {.out = shutdown_out, .sizes = 1};

void debugport_init(struct machine *m)
{
    io_register(&m->io, 0xE9, 1, &e9_ops, m);
    io_register(&m->io, 0xF4, 1, &exit_ops, m);
    io_register(&m->io, 0x8900, 1, &shutdown_ops, m);
}
