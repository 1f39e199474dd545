/* iodev/pic.c: the two cascaded 8259A programmable interrupt controllers
 * of the PC (master at 0x20/0x21, slave at 0xA0/0xA1 on master IR2) and
 * the PIIX edge/level control registers (ELCR, 0x4D0/0x4D1).
 *
 * References are to the Intel 8259A datasheet (order 231468): "ICW1" etc.
 * are the initialization and operation command words of its section
 * "Programming the 8259A". Edge-triggered inputs latch a request on a
 * rising edge and keep it until the INTA cycle takes it, so a device may
 * pulse its line (iodev/irq.h); the datasheet's rule that an edge request
 * removed before INTA turns into a spurious IR7 is not modelled.
 */
#include "iodev/pic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"

struct i8259 {
    uint8_t irr, isr, imr;
    uint8_t lines;      /* input levels as last driven */
    uint8_t elcr;       /* 1 = level triggered (PIIX ELCR) */
    uint8_t elcr_mask;  /* ELCR bits that exist */
    uint8_t base;       /* ICW2: vector of IR0 (T7-T3) */
    uint8_t lowest;     /* level with the lowest priority (rotation) */
    uint8_t icw1, icw3, icw4;
    uint8_t init_step;  /* 0 ready, 2 expects ICW2, 3 ICW3, 4 ICW4 */
    uint8_t special_mask;
    uint8_t poll;
    uint8_t read_isr;
    uint8_t rotate_aeoi;
};

struct pic {
    struct machine *m;
    struct i8259 c[2]; /* master, slave */
    bool intr;         /* master INT output */
};

static bool level_mode(const struct i8259 *s, int irq)
{
    /* ICW1 LTIM selects level triggering for all inputs; the PIIX ELCR
     * selects it per input. */
    return (s->icw1 & 0x08) || (s->elcr & (1u << irq));
}

/* Priority rank of the best request in mask: 0 is the highest priority,
 * 8 means none (fully nested mode with rotation: the level after
 * `lowest` has the highest priority). */
static int best_rank(const struct i8259 *s, uint8_t mask)
{
    if (!mask)
        return 8;
    for (int r = 0; r < 8; r++)
        if (mask & (1u << ((r + s->lowest + 1) & 7)))
            return r;
    return 8;
}

static int rank_irq(const struct i8259 *s, int rank) { return (rank + s->lowest + 1) & 7; }

/* The IR level this chip would present at INTA, or -1. */
static int chip_irq(const struct i8259 *s, bool master)
{
    uint8_t req = s->irr & ~s->imr;
    if (s->special_mask) {
        /* OCW3 special mask mode: every unmasked level that is not itself
         * in service may interrupt, whatever the priority. */
        req &= ~s->isr;
        int r = best_rank(s, req);
        return r == 8 ? -1 : rank_irq(s, r);
    }
    int r = best_rank(s, req);
    if (r == 8)
        return -1;
    uint8_t in_service = s->isr;
    if (master && (s->icw4 & 0x10))
        in_service &= ~(1u << 2); /* ICW4 SFNM: the slave may nest */
    if (r < best_rank(s, in_service))
        return rank_irq(s, r);
    return -1;
}

static void chip_line(struct i8259 *s, int irq, int level)
{
    uint8_t mask = (uint8_t)(1u << irq);
    if (level_mode(s, irq)) {
        if (level)
            s->irr |= mask;
        else
            s->irr &= (uint8_t)~mask;
    } else if (level && !(s->lines & mask)) {
        s->irr |= mask; /* rising edge */
    }
    if (level)
        s->lines |= mask;
    else
        s->lines &= (uint8_t)~mask;
}

static void update(struct pic *p)
{
    /* the slave's INT output drives master IR2 */
    chip_line(&p->c[0], 2, chip_irq(&p->c[1], false) >= 0);
    p->intr = chip_irq(&p->c[0], true) >= 0;
}

void pic_set_irq(struct pic *p, int irq, int level)
{
    if (irq < 0 || irq > 15)
        return;
    chip_line(&p->c[irq >> 3], irq & 7, level != 0);
    update(p);
}

bool pic_intr(const struct pic *p) { return p->intr; }

bool pic_line_masked(const struct pic *p, int irq)
{
    if (irq >= 8)
        return (p->c[1].imr >> (irq & 7) & 1) || (p->c[0].imr & 0x04);
    return p->c[0].imr >> irq & 1;
}

/* The INTA pulses for level irq of chip s. */
static void chip_ack(struct i8259 *s, int irq)
{
    uint8_t mask = (uint8_t)(1u << irq);
    if (s->icw4 & 0x02) {
        if (s->rotate_aeoi)
            s->lowest = (uint8_t)irq; /* OCW2 rotate in automatic EOI mode */
    } else {
        s->isr |= mask;
    }
    if (!level_mode(s, irq))
        s->irr &= (uint8_t)~mask;
}

int pic_ack(struct pic *p)
{
    struct i8259 *ms = &p->c[0], *sl = &p->c[1];
    int vec;
    int irq = chip_irq(ms, true);
    if (irq < 0) {
        vec = ms->base | 7; /* the request went away: spurious IRQ 7 */
    } else {
        chip_ack(ms, irq);
        if (irq == 2) {
            int irq2 = chip_irq(sl, false);
            if (irq2 >= 0) {
                chip_ack(sl, irq2);
                vec = sl->base | irq2;
            } else {
                vec = sl->base | 7; /* spurious IRQ 15 */
            }
        } else {
            vec = ms->base | irq;
        }
    }
    update(p);
    return vec;
}

static void chip_reset(struct i8259 *s)
{
    uint8_t elcr_mask = s->elcr_mask;
    memset(s, 0, sizeof *s);
    s->elcr_mask = elcr_mask;
    s->lowest = 7;
}

static void pic_reset(void *opaque)
{
    struct pic *p = opaque;
    chip_reset(&p->c[0]);
    chip_reset(&p->c[1]);
    update(p);
}

/* OCW2 (datasheet: "Operation Command Word 2"): R, SL, EOI in bits 7-5. */
static void ocw2(struct i8259 *s, uint8_t v)
{
    int l = v & 7;
    switch (v >> 5) {
    case 0: s->rotate_aeoi = 0; break;                /* clear rotate in AEOI mode */
    case 4: s->rotate_aeoi = 1; break;                /* set rotate in AEOI mode */
    case 1:                                           /* non-specific EOI */
    case 5: {                                         /* rotate on non-specific EOI */
        int r = best_rank(s, s->isr);
        if (r < 8) {
            int irq = rank_irq(s, r);
            s->isr &= (uint8_t)~(1u << irq);
            if (v >> 5 == 5)
                s->lowest = (uint8_t)irq;
        }
        break;
    }
    case 3: s->isr &= (uint8_t)~(1u << l); break;      /* specific EOI */
    case 7:                                           /* rotate on specific EOI */
        s->isr &= (uint8_t)~(1u << l);
        s->lowest = (uint8_t)l;
        break;
    case 6: s->lowest = (uint8_t)l; break;             /* set priority */
    default: break;                                   /* 2: no operation */
    }
}

static void chip_write(struct pic *p, struct i8259 *s, int a0, uint8_t v)
{
    if (!a0) {
        if (v & 0x10) {
            /* ICW1: edge sense latch, IMR, ISR and IRR cleared, IR7 lowest,
             * special mask off, IRR selected for reads; ICW4 bits zero
             * when IC4 = 0. The input levels are remembered, so a line
             * that stays high must fall and rise again to request. */
            s->icw1 = v;
            s->irr = s->isr = s->imr = 0;
            s->lowest = 7;
            s->special_mask = s->poll = s->read_isr = s->rotate_aeoi = 0;
            s->icw4 = 0;
            s->init_step = 2;
            for (int i = 0; i < 8; i++)
                if (level_mode(s, i) && (s->lines & (1u << i)))
                    s->irr |= (uint8_t)(1u << i);
            if (!(v & 0x01))
                log_debug(p->m, "pic", "ICW1 without ICW4: 8080/85 mode is not emulated");
        } else if (v & 0x08) {
            /* OCW3 */
            if (v & 0x40)
                s->special_mask = (v >> 5) & 1;
            if (v & 0x04)
                s->poll = 1;
            if (v & 0x02)
                s->read_isr = v & 1;
        } else {
            ocw2(s, v);
        }
    } else {
        switch (s->init_step) {
        case 2:
            s->base = v & 0xF8;
            s->init_step = (s->icw1 & 0x02) ? ((s->icw1 & 0x01) ? 4 : 0) : 3;
            break;
        case 3:
            s->icw3 = v;
            s->init_step = (s->icw1 & 0x01) ? 4 : 0;
            break;
        case 4:
            s->icw4 = v;
            s->init_step = 0;
            break;
        default:
            s->imr = v; /* OCW1 */
            break;
        }
    }
    update(p);
}

static uint8_t chip_read(struct pic *p, struct i8259 *s, int a0)
{
    if (s->poll) {
        /* Poll command: the read is the INTA of the best request; the
         * word is I (bit 7) and the level in bits 2-0. */
        s->poll = 0;
        int irq = chip_irq(s, s == &p->c[0]);
        if (irq < 0)
            return 0;
        chip_ack(s, irq);
        update(p);
        return (uint8_t)(0x80 | irq);
    }
    if (a0)
        return s->imr;
    return s->read_isr ? s->isr : s->irr;
}

static uint32_t pic_in(void *opaque, uint16_t port, int size)
{
    struct pic *p = opaque;
    (void)size;
    switch (port) {
    case 0x20: case 0x21: return chip_read(p, &p->c[0], port & 1);
    case 0xA0: case 0xA1: return chip_read(p, &p->c[1], port & 1);
    case 0x4D0: return p->c[0].elcr;
    case 0x4D1: return p->c[1].elcr;
    default: return 0xFF;
    }
}

static void pic_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct pic *p = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port) {
    case 0x20: case 0x21: chip_write(p, &p->c[0], port & 1, v); break;
    case 0xA0: case 0xA1: chip_write(p, &p->c[1], port & 1, v); break;
    case 0x4D0:
    case 0x4D1: {
        /* PIIX3 datasheet 4.1.x ELCR1/ELCR2: IRQ 0, 1, 2, 8 and 13 are
         * always edge triggered. */
        struct i8259 *s = &p->c[port & 1];
        s->elcr = v & s->elcr_mask;
        for (int i = 0; i < 8; i++)
            if (level_mode(s, i))
                chip_line(s, i, (s->lines >> i) & 1);
        update(p);
        break;
    }
    default: break;
    }
}

static const struct io_ops pic_ops = {.in = pic_in, .out = pic_out, .sizes = 1};

static void pic_save(void *opaque, struct state_writer *w)
{
    struct pic *p = opaque;
    state_put(w, p->c, sizeof p->c);
}

static int pic_load(void *opaque, struct state_reader *r)
{
    struct pic *p = opaque;
    struct i8259 c[2];
    if (state_get(r, c, sizeof c) < 0)
        return -1;
    for (int i = 0; i < 2; i++)
        c[i].lowest &= 7;
    memcpy(p->c, c, sizeof c);
    update(p);
    return 0;
}

static void pic_destroy(void *opaque)
{
    struct pic *p = opaque;
    if (p->m->pic == p)
        p->m->pic = NULL;
    free(p);
}

static void pic_info(void *opaque, char *buf, size_t size)
{
    struct pic *p = opaque;
    size_t n = 0;
    for (int i = 0; i < 2 && n < size; i++) {
        const struct i8259 *s = &p->c[i];
        n += (size_t)snprintf(buf + n, size - n,
                              "%s: base %02X irr %02X isr %02X imr %02X elcr %02X lowest %d "
                              "icw4 %02X smm %d%s\n",
                              i ? "slave " : "master", s->base, s->irr, s->isr, s->imr, s->elcr,
                              s->lowest, s->icw4, s->special_mask, s->init_step ? " (initializing)" : "");
    }
}

static const struct device_ops pic_dev = {
    .name = "pic",
    .reset = pic_reset,
    .save = pic_save,
    .load = pic_load,
    .destroy = pic_destroy,
    .info = pic_info,
};

struct pic *pic_init(struct machine *m)
{
    struct pic *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->m = m;
    p->c[0].elcr_mask = 0xF8;
    p->c[1].elcr_mask = 0xDE;
    pic_reset(p);
    io_register(&m->io, 0x20, 2, &pic_ops, p);
    io_register(&m->io, 0xA0, 2, &pic_ops, p);
    io_register(&m->io, 0x4D0, 2, &pic_ops, p);
    machine_add_device(m, &pic_dev, p);
    m->pic = p;
    return p;
}
