/* iodev/bus.c: the I/O port bus. */
#include "iodev/bus.h"

#include "machine/log.h"

void io_register(struct iobus *b, uint16_t port, uint16_t count, const struct io_ops *ops,
                 void *opaque)
{
    for (uint32_t p = port; p < (uint32_t)port + count && p < 65536; p++) {
        b->port[p].ops = ops;
        b->port[p].opaque = opaque;
    }
}

static uint32_t ones(int size) { return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFF; }

uint32_t io_in(struct iobus *b, uint16_t port, int size)
{
    const struct io_port *p = &b->port[port];
    if (p->ops && p->ops->in) {
        int sizes = p->ops->sizes ? p->ops->sizes : 1;
        if (sizes & size)
            return p->ops->in(p->opaque, port, size) & ones(size);
    } else if (!p->ops) {
        log_debug(b->mach, "io", "read from unclaimed port %#06x (size %d)", port, size);
        if (size == 1)
            return 0xFF;
    }
    if (size == 1)
        return 0xFF;
    /* split into bytes on consecutive ports, as the ISA bus does */
    uint32_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = (v << 8) | (io_in(b, (uint16_t)(port + i), 1) & 0xFF);
    return v;
}

void io_out(struct iobus *b, uint16_t port, int size, uint32_t val)
{
    const struct io_port *p = &b->port[port];
    if (p->ops && p->ops->out) {
        int sizes = p->ops->sizes ? p->ops->sizes : 1;
        if (sizes & size) {
            p->ops->out(p->opaque, port, size, val & ones(size));
            return;
        }
    } else if (!p->ops) {
        log_debug(b->mach, "io", "write %#x to unclaimed port %#06x (size %d)", val, port, size);
        if (size == 1)
            return;
    }
    if (size == 1)
        return;
    for (int i = 0; i < size; i++, val >>= 8)
        io_out(b, (uint16_t)(port + i), 1, val & 0xFF);
}
