/* iodev/dma.c: two 8237A DMA controllers and the 74LS612 page registers.
 *
 * Register map (8237A datasheet, Table 2; IBM PC/AT technical reference
 * for the page registers): per controller, registers 0-7 are the base and
 * current address/word count of channels 0-3 (two bytes each through the
 * byte pointer flip-flop), 8 status/command, 9 request, 10 single mask,
 * 11 mode, 12 clear flip-flop, 13 temporary/master clear, 14 clear mask,
 * 15 write all mask bits (reads the mask, as the 82374/PIIX do).
 */
#include "iodev/dma.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "memory/phys.h"

struct dma_chan {
    uint16_t base_addr, base_count;
    uint16_t cur_addr, cur_count;
    uint8_t mode;
};

struct dma_ctrl {
    struct dma_chan ch[4];
    uint8_t command, status, request, mask, flipflop, temp;
};

struct dma {
    struct machine *m;
    struct {
        struct dma_ctrl c[2];
        uint8_t page[16];   /* ports 0x80-0x8F */
        uint8_t tc_seen;    /* last transfer hit TC, bit per channel 0-7 */
    } st;
};

/* page register port offset for channels 0-7 (PC/AT) */
static const uint8_t page_port[8] = {0x7, 0x3, 0x1, 0x2, 0xF, 0xB, 0x9, 0xA};

static void master_clear(struct dma_ctrl *c)
{
    c->command = 0;
    c->status = 0;
    c->request = 0;
    c->temp = 0;
    c->flipflop = 0;
    c->mask = 0x0F;
}

static uint32_t dma_in(void *opaque, uint16_t port, int size)
{
    struct dma *d = opaque;
    (void)size;
    if (port >= 0x80 && port <= 0x8F)
        return d->st.page[port - 0x80];
    int n = port >= 0xC0 ? 1 : 0;
    int reg = n ? (port - 0xC0) >> 1 : port;
    struct dma_ctrl *c = &d->st.c[n];
    if (reg < 8) {
        struct dma_chan *ch = &c->ch[reg >> 1];
        uint16_t v = reg & 1 ? ch->cur_count : ch->cur_addr;
        uint8_t b = c->flipflop ? (uint8_t)(v >> 8) : (uint8_t)v;
        c->flipflop ^= 1;
        return b;
    }
    switch (reg) {
    case 8: { /* status: TC bits 3:0 clear on read */
        uint8_t v = (uint8_t)(c->status | (c->request & 0x0F) << 4);
        c->status &= 0xF0;
        return v;
    }
    case 13:
        return c->temp;
    case 15:
        return 0xF0 | c->mask;
    default:
        return 0xFF;
    }
}

static void dma_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct dma *d = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    if (port >= 0x80 && port <= 0x8F) {
        d->st.page[port - 0x80] = v;
        if (port == 0x80)
            log_debug(d->m, "dma", "POST code %02x", v);
        return;
    }
    int n = port >= 0xC0 ? 1 : 0;
    int reg = n ? (port - 0xC0) >> 1 : port;
    struct dma_ctrl *c = &d->st.c[n];
    if (reg < 8) {
        /* a write goes to both the base and the current register */
        struct dma_chan *ch = &c->ch[reg >> 1];
        uint16_t *base = reg & 1 ? &ch->base_count : &ch->base_addr;
        uint16_t *cur = reg & 1 ? &ch->cur_count : &ch->cur_addr;
        if (c->flipflop)
            *base = (uint16_t)((*base & 0x00FF) | v << 8);
        else
            *base = (uint16_t)((*base & 0xFF00) | v);
        *cur = *base;
        c->flipflop ^= 1;
        return;
    }
    switch (reg) {
    case 8:
        c->command = v;
        break;
    case 9: /* software request */
        if (v & 4)
            c->request |= (uint8_t)(1u << (v & 3));
        else
            c->request &= (uint8_t)~(1u << (v & 3));
        break;
    case 10:
        if (v & 4)
            c->mask |= (uint8_t)(1u << (v & 3));
        else
            c->mask &= (uint8_t)~(1u << (v & 3));
        break;
    case 11:
        c->ch[v & 3].mode = v;
        break;
    case 12:
        c->flipflop = 0;
        break;
    case 13:
        master_clear(c);
        break;
    case 14:
        c->mask = 0;
        break;
    case 15:
        c->mask = v & 0x0F;
        break;
    }
}

static struct dma *get(struct machine *m, int ch) { return ch >= 0 && ch < 8 ? m->dma : NULL; }

bool dma_channel_ready(struct machine *m, int ch)
{
    struct dma *d = get(m, ch);
    if (!d)
        return false;
    struct dma_ctrl *c = &d->st.c[ch >> 2];
    /* command bit 2 disables the whole controller; channels 0-3 also need
     * controller 2's cascade channel 4 unmasked */
    if ((c->mask >> (ch & 3)) & 1 || (c->command & 4))
        return false;
    if (ch < 4 && ((d->st.c[1].mask & 1) || (d->st.c[1].command & 4)))
        return false;
    return true;
}

bool dma_terminal_count(struct machine *m, int ch)
{
    struct dma *d = get(m, ch);
    return d && ((d->st.tc_seen >> ch) & 1);
}

size_t dma_transfer(struct machine *m, int ch, void *buf, size_t len, bool to_memory)
{
    struct dma *d = get(m, ch);
    if (!d)
        return 0;
    d->st.tc_seen &= (uint8_t)~(1u << ch);
    if (!dma_channel_ready(m, ch))
        return 0;
    struct dma_ctrl *c = &d->st.c[ch >> 2];
    struct dma_chan *cc = &c->ch[ch & 3];
    bool word = ch >= 4;
    int type = (cc->mode >> 2) & 3; /* 0 verify, 1 write (to memory), 2 read */
    bool dec = cc->mode & 0x20;
    uint8_t *p = buf;
    size_t unit = word ? 2 : 1, done = 0;
    while (done + unit <= len) {
        uint64_t pa;
        if (word)
            pa = (uint64_t)(d->st.page[page_port[ch]] & 0xFE) << 16 | (uint64_t)cc->cur_addr << 1;
        else
            pa = (uint64_t)d->st.page[page_port[ch]] << 16 | cc->cur_addr;
        if (type == 1 && to_memory)
            phys_write_buf(m->phys, pa, p + done, unit);
        else if (type == 2 && !to_memory)
            phys_read_buf(m->phys, pa, p + done, unit);
        /* type 3 is illegal; verify moves nothing: both just count */
        cc->cur_addr = (uint16_t)(cc->cur_addr + (dec ? -1 : 1));
        done += unit;
        if (cc->cur_count-- == 0) {
            /* 8237A: terminal count when the word count rolls over FFFFh */
            c->status |= (uint8_t)(1u << (ch & 3));
            c->request &= (uint8_t)~(1u << (ch & 3));
            d->st.tc_seen |= (uint8_t)(1u << ch);
            if (cc->mode & 0x10) {
                cc->cur_addr = cc->base_addr;
                cc->cur_count = cc->base_count;
            } else {
                c->mask |= (uint8_t)(1u << (ch & 3));
            }
            break;
        }
    }
    return done;
}

static void dma_reset(void *opaque)
{
    struct dma *d = opaque;
    memset(&d->st, 0, sizeof d->st);
    master_clear(&d->st.c[0]);
    master_clear(&d->st.c[1]);
}

static void dma_save(void *opaque, struct state_writer *w)
{
    struct dma *d = opaque;
    state_put(w, &d->st, sizeof d->st);
}

static int dma_load(void *opaque, struct state_reader *r)
{
    struct dma *d = opaque;
    return state_get(r, &d->st, sizeof d->st);
}

static void dma_destroy(void *opaque)
{
    struct dma *d = opaque;
    if (d->m->dma == d)
        d->m->dma = NULL;
    free(d);
}

static void dma_info(void *opaque, char *buf, size_t size)
{
    struct dma *d = opaque;
    size_t n = 0;
    for (int ch = 0; ch < 8 && n < size; ch++) {
        struct dma_ctrl *c = &d->st.c[ch >> 2];
        struct dma_chan *cc = &c->ch[ch & 3];
        int k = snprintf(buf + n, size - n, "ch%d: page %02x addr %04x count %04x mode %02x%s\n", ch,
                         d->st.page[page_port[ch]], cc->cur_addr, cc->cur_count, cc->mode,
                         (c->mask >> (ch & 3)) & 1 ? " masked" : "");
        if (k < 0)
            break;
        n += (size_t)k;
    }
}

static const struct device_ops dma_dev_ops = {
    .name = "dma", .reset = dma_reset, .save = dma_save, .load = dma_load,
    .destroy = dma_destroy, .info = dma_info,
};

static const struct io_ops dma_io = {.in = dma_in, .out = dma_out, .sizes = 1};

void dma_init(struct machine *m)
{
    struct dma *d = calloc(1, sizeof *d);
    if (!d) {
        log_msg(m, LOG_PANIC, "dma", "out of memory");
        abort();
    }
    d->m = m;
    m->dma = d;
    dma_reset(d);
    io_register(&m->io, 0x00, 16, &dma_io, d);
    io_register(&m->io, 0xC0, 32, &dma_io, d);
    io_register(&m->io, 0x80, 16, &dma_io, d);
    machine_add_device(m, &dma_dev_ops, d);
}
