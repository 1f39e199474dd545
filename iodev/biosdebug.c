/* iodev/biosdebug.c: Bochs's BIOS message ports.
 *
 * Bochs's BIOS (rombios.c, rombios32.c) and the LGPL VGABIOS report
 * through 0x400-0x403; SeaBIOS's debug output also goes to 0x402 when it
 * believes it runs on an emulator:
 * 0x400, 0x401: a write is a BIOS panic (the value is rombios's source
 *       line); logged as an error, emu keeps running as Bochs does when
 *       panics are not fatal;
 * 0x402: info messages, one byte at a time, logged per line at info level
 *       (reads 0xE9, QEMU debugcon's read-back value);
 * 0x403: debug messages, logged per line at debug level.
 */
#include "iodev/biosdebug.h"

#include <stdlib.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"

#define LINE_MAX_LEN 160

struct biosdebug {
    struct machine *m;
    char line[2][LINE_MAX_LEN + 1]; /* [0] info (0x402), [1] debug (0x403) */
    int len[2];
};

static void flush_line(struct biosdebug *d, int k)
{
    if (!d->len[k])
        return;
    d->line[k][d->len[k]] = 0;
    log_msg(d->m, k ? LOG_DEBUG : LOG_INFO, "bios", "%s", d->line[k]);
    d->len[k] = 0;
}

static void msg_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct biosdebug *d = opaque;
    int k = port == 0x403;
    (void)size;
    char ch = (char)(val & 0xFF);
    if (ch == '\n' || d->len[k] == LINE_MAX_LEN) {
        flush_line(d, k);
        if (ch == '\n')
            return;
    }
    if (ch == '\r' || ch == 0)
        return;
    d->line[k][d->len[k]++] = (unsigned char)ch < 0x20 || (unsigned char)ch > 0x7E ? '.' : ch;
}

static void panic_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct biosdebug *d = opaque;
    (void)size;
    log_error(d->m, "bios", "BIOS panic (port 0x%03X, line %u)", port, (unsigned)(val & 0xFFFF));
}

static uint32_t msg_in(void *opaque, uint16_t port, int size)
{
    (void)opaque, (void)size;
    /* 0x402 reads 0xE9 as QEMU's debugcon does: SeaBIOS keeps its debug
     * output on the port only when it reads back so */
    return port == 0x402 ? 0xE9 : 0xFF;
}

static void bd_destroy(void *opaque)
{
    struct biosdebug *d = opaque;
    flush_line(d, 0);
    flush_line(d, 1);
    free(d);
}

static const struct io_ops msg_ops = {.in = msg_in, .out = msg_out, .sizes = 1};
static const struct io_ops panic_ops = {.in = msg_in, .out = panic_out, .sizes = 1 | 2};
static const struct device_ops bd_ops = {.name = "biosdebug", .destroy = bd_destroy};

bool biosdebug_init(struct machine *m)
{
    struct biosdebug *d = calloc(1, sizeof *d);
    if (!d)
        return false;
    d->m = m;
    io_register(&m->io, 0x400, 2, &panic_ops, d);
    io_register(&m->io, 0x402, 2, &msg_ops, d);
    machine_add_device(m, &bd_ops, d);
    return true;
}
