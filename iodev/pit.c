/* iodev/pit.c: the Intel 8254 programmable interval timer at 0x40-0x43 and
 * port 0x61 (the PC/AT "NMI status and control" port).
 *
 * References are to the 8254 datasheet (Intel 231164): "Control Word
 * Format", "Read-Back Command", "Mode 0" ... "Mode 5" and Figure "Gate
 * Pin Operations Summary". The counters are not ticked: each channel keeps
 * the PIT clock at which its count was loaded and computes its value and
 * OUT from the current virtual time, so nothing runs per clock. Channel 0
 * OUT drives IRQ 0: a timer is armed for each rising edge of OUT only.
 * Channel 1 (DRAM refresh) counts but drives nothing; port 0x61 bit 4
 * toggles with the refresh cycle (every 18 PIT clocks, 15.09 us).
 * Channel 2's gate is port 0x61 bit 0 and its OUT reads back on bit 5.
 */
#include "iodev/pit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"

struct pit_channel {
    uint8_t mode;        /* 0-5 */
    uint8_t rw;          /* 1 LSB, 2 MSB, 3 LSB then MSB */
    uint8_t bcd;
    uint8_t gate;
    uint8_t loaded;      /* a count has been written since the control word */
    uint8_t running;     /* counting (else held at held_d) */
    uint8_t triggered;   /* modes 1/5: a gate edge started the count */
    uint8_t write_lsb;   /* rw=3: the LSB of the count was written */
    uint8_t write_lo;    /* that LSB */
    uint8_t read_msb;    /* rw=3: the next read returns the MSB */
    uint8_t latched;     /* bytes of latched count still to read (0-2) */
    uint8_t status_latched;
    uint8_t status;
    uint8_t pending;     /* a new count waits for the end of the period */
    uint8_t cw;          /* RW, M and BCD bits exactly as last programmed */
    uint16_t latch;
    uint32_t reload;     /* 1..65536 (binary) or 1..10000 (BCD) */
    uint32_t next_reload;
    uint64_t start;      /* PIT clock at which counting of reload began */
    uint64_t held_d;     /* clocks counted when not running */
    uint64_t switch_at;  /* pending: PIT clock of the reload */
    uint64_t null_until; /* null count is set up to this clock */
};

struct pit {
    struct machine *m;
    struct pit_channel ch[3];
    uint8_t port61;      /* bits 0-3 as written */
    uint64_t fired;      /* PIT clock of the last IRQ 0 edge */
    struct timer *timer;
};

static uint64_t pit_now(struct pit *p)
{
    return (uint64_t)((unsigned __int128)machine_now_ns(p->m) * PIT_HZ / 1000000000u);
}

static uint64_t clock_to_ns(uint64_t clk)
{
    return (uint64_t)(((unsigned __int128)clk * 1000000000u + PIT_HZ - 1) / PIT_HZ);
}

/* Modes 2 and 3: a count written while counting takes effect at the end
 * of the current period ("Mode 2", "Mode 3"). */
static void settle(struct pit_channel *c, uint64_t t)
{
    if (c->pending && t >= c->switch_at) {
        c->pending = 0;
        c->start = c->switch_at;
        c->reload = c->next_reload;
    }
}

static uint64_t elapsed(const struct pit_channel *c, uint64_t t)
{
    return c->running ? t - c->start : c->held_d;
}

/* The counting element, in binary (0 stands for 65536/10000 in the
 * modes that reach it). */
static uint32_t counter_at(struct pit_channel *c, uint64_t t)
{
    settle(c, t);
    if (!c->loaded)
        return 0;
    uint64_t d = elapsed(c, t);
    uint32_t mod = c->bcd ? 10000 : 65536;
    uint32_t v;
    switch (c->mode) {
    case 2:
        v = c->reload - (uint32_t)(d % c->reload);
        break;
    case 3:
        /* the counting element decrements by two every clock */
        v = c->reload - (uint32_t)((2 * d) % c->reload);
        break;
    default:
        if (c->mode == 1 || c->mode == 5) {
            if (!c->triggered)
                return c->reload % mod;
        }
        v = (uint32_t)((c->reload + (uint64_t)mod * (d / mod + 1) - d) % mod);
        break;
    }
    return v % mod;
}

static bool out_at(struct pit_channel *c, uint64_t t)
{
    settle(c, t);
    if (!c->loaded)
        return c->mode != 0;
    uint64_t d = elapsed(c, t);
    switch (c->mode) {
    case 0: return d >= c->reload;                       /* high at terminal count */
    case 1: return !c->triggered || d >= c->reload;      /* low from trigger to TC */
    case 2: return !c->running || d % c->reload != c->reload - 1u; /* low when at 1 */
    case 3: return !c->running || d % c->reload < (c->reload + 1) / 2;
    case 4: return d != c->reload;                       /* one clock low at TC */
    case 5: return !c->triggered || d != c->reload;
    default: return true;
    }
}

/* The first rising edge of OUT after clock t (UINT64_MAX: none). */
static uint64_t next_rise(struct pit_channel *c, uint64_t t)
{
    if (!c->loaded || !c->running)
        return UINT64_MAX;
    uint64_t r = c->reload;
    uint64_t d = t - c->start;
    switch (c->mode) {
    case 0:
        return d < r ? c->start + r : UINT64_MAX;
    case 2:
    case 3: {
        uint64_t edge = c->start + (d / r + 1) * r;
        if (c->pending && edge >= c->switch_at)
            edge = c->switch_at; /* the period ends; the new count follows */
        return edge;
    }
    case 4:
        return d < r + 1 ? c->start + r + 1 : UINT64_MAX;
    case 5:
        return c->triggered && d < r + 1 ? c->start + r + 1 : UINT64_MAX;
    case 1:
        return c->triggered && d < r ? c->start + r : UINT64_MAX;
    default:
        return UINT64_MAX;
    }
}

static void schedule(struct pit *p, uint64_t after)
{
    struct pit_channel *c = &p->ch[0];
    settle(c, after);
    uint64_t e = next_rise(c, after);
    if (e == UINT64_MAX)
        timer_cancel(p->timer);
    else
        timer_arm_at(p->timer, clock_to_ns(e));
}

static void pit_fire(void *opaque)
{
    struct pit *p = opaque;
    uint64_t t = pit_now(p);
    /* the edge this timer was armed for is due: OUT rises, IRQ 0 sees it */
    irq_pulse(p->m, 0);
    p->fired = t;
    schedule(p, t);
}

static uint32_t to_bcd(uint32_t v)
{
    return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12;
}

static uint32_t from_bcd(uint32_t v)
{
    return (v & 15) + (v >> 4 & 15) * 10 + (v >> 8 & 15) * 100 + (v >> 12 & 15) * 1000;
}

static uint16_t read_value(struct pit_channel *c, uint64_t t)
{
    uint32_t v = counter_at(c, t);
    return (uint16_t)(c->bcd ? to_bcd(v) : v);
}

static uint8_t status_byte(struct pit_channel *c, uint64_t t)
{
    /* Read-Back status: OUT, null count, then the control word's RW, M, BCD */
    return (uint8_t)((out_at(c, t) ? 0x80 : 0) | (t <= c->null_until ? 0x40 : 0) | c->cw);
}

static void latch_count(struct pit_channel *c, uint64_t t)
{
    if (c->latched)
        return; /* a second latch before the read is ignored */
    c->latch = read_value(c, t);
    c->latched = c->rw == 3 ? 2 : 1;
}

static void load_count(struct pit *p, int n, uint32_t raw, uint64_t t)
{
    struct pit_channel *c = &p->ch[n];
    uint32_t v = c->bcd ? from_bcd(raw) : raw;
    if (v == 0)
        v = c->bcd ? 10000 : 65536;
    settle(c, t);
    c->null_until = t;
    if ((c->mode == 2 || c->mode == 3) && c->loaded && c->running) {
        /* end of the current period */
        uint64_t d = t - c->start;
        c->pending = 1;
        c->next_reload = v;
        c->switch_at = c->start + (d / c->reload + 1) * c->reload;
    } else if (c->mode == 1 || c->mode == 5) {
        /* waits for a gate trigger; a running count is not disturbed */
        c->reload = v;
        c->loaded = 1;
    } else {
        c->reload = v;
        c->loaded = 1;
        c->pending = 0;
        /* modes 0 and 4 count only while the gate is high; modes 2 and 3
         * start with the gate high */
        if (c->gate) {
            c->running = 1;
            c->start = t;
        } else {
            c->running = 0;
            c->held_d = 0;
        }
    }
    if (n == 0) {
        p->fired = t;
        schedule(p, t);
    }
}

static void set_gate(struct pit *p, int n, bool g, uint64_t t)
{
    struct pit_channel *c = &p->ch[n];
    settle(c, t);
    bool rising = g && !c->gate;
    bool falling = !g && c->gate;
    c->gate = g;
    if (!c->loaded)
        return;
    switch (c->mode) {
    case 0:
    case 4:
        /* gate low suspends counting, high resumes it */
        if (falling && c->running) {
            c->held_d = t - c->start;
            c->running = 0;
        } else if (rising && !c->running) {
            c->start = t - c->held_d;
            c->running = 1;
        }
        break;
    case 1:
    case 5:
        /* a rising edge (re)triggers: the count is reloaded */
        if (rising) {
            c->triggered = 1;
            c->running = 1;
            c->start = t;
        }
        break;
    case 2:
    case 3:
        /* gate low forces OUT high and stops; rising reloads */
        if (falling) {
            c->held_d = 0;
            c->running = 0;
            if (c->pending) {
                c->pending = 0;
                c->reload = c->next_reload;
            }
        } else if (rising) {
            c->running = 1;
            c->start = t;
        }
        break;
    default:
        break;
    }
    if (n == 0)
        schedule(p, t);
}

static void control_word(struct pit *p, uint8_t v, uint64_t t)
{
    int sc = v >> 6;
    if (sc == 3) {
        /* Read-Back command: bit 5 = 0 latches counts, bit 4 = 0 latches
         * status, bits 3-1 select counters 2-0 */
        for (int n = 0; n < 3; n++) {
            if (!(v & (2u << n)))
                continue;
            struct pit_channel *c = &p->ch[n];
            if (!(v & 0x10) && !c->status_latched) {
                c->status = status_byte(c, t);
                c->status_latched = 1;
            }
            if (!(v & 0x20))
                latch_count(c, t);
        }
        return;
    }
    struct pit_channel *c = &p->ch[sc];
    int rw = (v >> 4) & 3;
    if (rw == 0) {
        latch_count(c, t); /* Counter Latch command */
        return;
    }
    int mode = (v >> 1) & 7;
    if (mode > 5)
        mode -= 4; /* 110 and 111 are modes 2 and 3 */
    c->rw = (uint8_t)rw;
    c->mode = (uint8_t)mode;
    c->cw = v & 0x3F;
    c->bcd = v & 1;
    c->loaded = c->running = c->triggered = c->pending = 0;
    c->held_d = 0;
    c->write_lsb = c->read_msb = 0;
    c->latched = c->status_latched = 0;
    c->null_until = UINT64_MAX; /* until a count is written and loaded */
    if (sc == 0) {
        /* mode 0 OUT goes low now: no edge until the terminal count */
        timer_cancel(p->timer);
    }
}

static uint32_t pit_in(void *opaque, uint16_t port, int size)
{
    struct pit *p = opaque;
    uint64_t t = pit_now(p);
    (void)size;
    if (port == 0x61) {
        struct pit_channel *c2 = &p->ch[2];
        return (uint32_t)(p->port61 & 0x0F) | ((t / 18) & 1 ? 0x10 : 0) | (out_at(c2, t) ? 0x20 : 0);
    }
    if (port == 0x43)
        return 0xFF; /* the control word register cannot be read */
    struct pit_channel *c = &p->ch[port & 3];
    if (c->status_latched) {
        c->status_latched = 0;
        return c->status;
    }
    if (c->latched) {
        uint8_t b;
        if (c->rw == 3)
            b = c->latched == 2 ? (uint8_t)c->latch : (uint8_t)(c->latch >> 8);
        else
            b = c->rw == 2 ? (uint8_t)(c->latch >> 8) : (uint8_t)c->latch;
        c->latched--;
        return b;
    }
    uint16_t v = read_value(c, t);
    switch (c->rw) {
    case 1: return v & 0xFF;
    case 2: return v >> 8;
    default:
        c->read_msb ^= 1;
        return c->read_msb ? (v & 0xFF) : (v >> 8);
    }
}

static void pit_out_port(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct pit *p = opaque;
    uint8_t v = (uint8_t)val;
    uint64_t t = pit_now(p);
    (void)size;
    if (port == 0x61) {
        p->port61 = v & 0x0F;
        set_gate(p, 2, v & 1, t);
        return;
    }
    if (port == 0x43) {
        control_word(p, v, t);
        return;
    }
    int n = port & 3;
    struct pit_channel *c = &p->ch[n];
    switch (c->rw) {
    case 1: load_count(p, n, v, t); break;
    case 2: load_count(p, n, (uint32_t)v << 8, t); break;
    case 3:
        if (!c->write_lsb) {
            c->write_lsb = 1;
            c->write_lo = v;
            if (c->mode == 0 && c->loaded) {
                /* Mode 0: writing the first byte stops the count */
                c->held_d = elapsed(c, t);
                c->running = 0;
                if (n == 0)
                    timer_cancel(p->timer);
            }
        } else {
            c->write_lsb = 0;
            load_count(p, n, c->write_lo | (uint32_t)v << 8, t);
        }
        break;
    default: break; /* no control word yet */
    }
}

uint16_t pit_counter(struct pit *p, int ch) { return (uint16_t)counter_at(&p->ch[ch & 3], pit_now(p)); }
bool pit_out(struct pit *p, int ch) { return out_at(&p->ch[ch & 3], pit_now(p)); }
bool pit_speaker(struct pit *p) { return (p->port61 & 2) && out_at(&p->ch[2], pit_now(p)); }

static void pit_reset(void *opaque)
{
    struct pit *p = opaque;
    memset(p->ch, 0, sizeof p->ch);
    p->ch[0].gate = p->ch[1].gate = 1; /* tied high on the PC */
    p->port61 = 0;
    p->fired = 0;
    timer_cancel(p->timer);
}

static const struct io_ops pit_ops = {.in = pit_in, .out = pit_out_port, .sizes = 1};

static void pit_save(void *opaque, struct state_writer *w)
{
    struct pit *p = opaque;
    state_put(w, p->ch, sizeof p->ch);
    state_put(w, &p->port61, 1);
    state_put_u64(w, p->fired);
}

static int pit_load(void *opaque, struct state_reader *r)
{
    struct pit *p = opaque;
    struct pit_channel ch[3];
    uint8_t p61;
    if (state_get(r, ch, sizeof ch) < 0 || state_get(r, &p61, 1) < 0)
        return -1;
    uint64_t fired = state_get_u64(r);
    if (r->error)
        return -1;
    for (int i = 0; i < 3; i++) {
        if (ch[i].mode > 5 || ch[i].rw > 3 || ch[i].reload == 0 || ch[i].reload > 65536 ||
            (ch[i].pending && (ch[i].next_reload == 0 || ch[i].next_reload > 65536)))
            ch[i].loaded = 0, ch[i].pending = 0, ch[i].reload = 65536, ch[i].next_reload = 65536;
    }
    memcpy(p->ch, ch, sizeof ch);
    p->port61 = p61 & 0x0F;
    p->fired = fired;
    schedule(p, pit_now(p));
    return 0;
}

static void pit_destroy(void *opaque)
{
    struct pit *p = opaque;
    timer_free(p->timer);
    free(p);
}

static void pit_info(void *opaque, char *buf, size_t size)
{
    struct pit *p = opaque;
    uint64_t t = pit_now(p);
    size_t n = 0;
    for (int i = 0; i < 3 && n < size; i++) {
        struct pit_channel *c = &p->ch[i];
        n += (size_t)snprintf(buf + n, size - n, "ch%d: mode %d rw %d %s reload %u count %u out %d gate %d\n",
                              i, c->mode, c->rw, c->bcd ? "bcd" : "bin", c->reload, counter_at(c, t),
                              out_at(c, t), c->gate);
    }
    if (n < size)
        snprintf(buf + n, size - n, "port 61h: %02X\n", p->port61);
}

static const struct device_ops pit_dev = {
    .name = "pit",
    .reset = pit_reset,
    .save = pit_save,
    .load = pit_load,
    .destroy = pit_destroy,
    .info = pit_info,
};

struct pit *pit_init(struct machine *m)
{
    struct pit *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->m = m;
    p->timer = timer_new(m, "pit", pit_fire, p);
    pit_reset(p);
    io_register(&m->io, 0x40, 4, &pit_ops, p);
    io_register(&m->io, 0x61, 1, &pit_ops, p);
    machine_add_device(m, &pit_dev, p);
    return p;
}
