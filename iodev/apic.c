/* iodev/apic.c: the local APIC (xAPIC, Intel SDM Vol.3 chapter 10) of the
 * one CPU, and the IMCR of the MP specification (ports 0x22/0x23).
 *
 * Registers at IA32_APIC_BASE (0xFEE00000 after reset, relocatable and
 * globally disabled through MSR 0x1B, SDM 10.4.4): ID, version, TPR, APR,
 * PPR, EOI, LDR, DFR, SVR, ISR/TMR/IRR, ESR, ICR, the LVT (timer, thermal,
 * performance, LINT0, LINT1, error), the timer's initial/current count and
 * divide configuration. The timer counts at 1 GHz before the divider in
 * virtual time and runs one-shot, periodic or in TSC-deadline mode
 * (SDM 10.5.4). IPIs reach only this CPU: fixed and lowest priority to
 * self, all-including-self or a matching destination, NMI, INIT (resets
 * the CPU). Priorities follow SDM 10.8.3.1: an IRR vector is delivered when
 * its class is above the PPR's.
 *
 * The 8259's INTR reaches the CPU directly while the IMCR selects PIC mode
 * (the reset state), when the LAPIC is globally disabled, or through LINT0
 * programmed as ExtINT (virtual wire, MP spec 3.6.2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "iodev/apic_bus.h"
#include "iodev/bus.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"
#include "memory/phys.h"

enum { LVT_CMCI, LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR, LVT_N };
enum { LVT_MASKED = 1u << 16, LVT_LEVEL = 1u << 15, LVT_REMOTE_IRR = 1u << 14 };
enum { TIMER_ONESHOT = 0, TIMER_PERIODIC = 1, TIMER_TSC_DEADLINE = 2 };
enum { SVR_ENABLE = 1u << 8 };
enum { ESR_SEND_ILLEGAL = 1u << 5, ESR_RECV_ILLEGAL = 1u << 6, ESR_ILLEGAL_REG = 1u << 7 };
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_BSP (1ull << 8)

struct lapic {
    struct machine *m;
    uint64_t base;          /* physical address of the register page */
    bool hw_enabled;        /* IA32_APIC_BASE bit 11 */
    uint32_t id, tpr, ldr, dfr, svr;
    uint32_t irr[8], isr[8], tmr[8];
    uint32_t esr, esr_pending;
    uint32_t icr_lo, icr_hi;
    uint32_t lvt[LVT_N];
    uint32_t initial, dcr;
    uint64_t timer_start;   /* virtual ns of the last (re)load */
    uint64_t tsc_deadline;
    struct timer *timer;
    uint8_t imcr_idx, imcr;
    int lint_level[2];
};

static const uint32_t lvt_wmask[LVT_N] = {0x107FF, 0x700FF, 0x107FF, 0x107FF, 0x1A7FF, 0x1A7FF, 0x100FF};

/* ---- vector bitmaps ---- */

static void set_bit(uint32_t *bm, unsigned v) { bm[v >> 5] |= 1u << (v & 31); }
static void clr_bit(uint32_t *bm, unsigned v) { bm[v >> 5] &= ~(1u << (v & 31)); }
static bool get_bit(const uint32_t *bm, unsigned v) { return bm[v >> 5] >> (v & 31) & 1; }
static int highest(const uint32_t *bm)
{
    for (int i = 7; i >= 0; i--)
        if (bm[i])
            return i * 32 + 31 - __builtin_clz(bm[i]);
    return -1;
}

/* SDM 10.8.3.1 */
static uint32_t ppr(const struct lapic *l)
{
    int isrv = highest(l->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xF0;
    return (l->tpr & 0xF0) >= isr_class ? l->tpr & 0xFF : isr_class;
}

static bool sw_enabled(const struct lapic *l) { return l->svr & SVR_ENABLE; }

static void raise_error(struct lapic *l, uint32_t bit);

void lapic_deliver(struct lapic *l, int mode, uint8_t vector, bool level)
{
    if (!l->hw_enabled)
        return;
    switch (mode) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        /* vectors 0-15 are illegal (SDM 10.5.3) */
        if (vector < 16) {
            raise_error(l, ESR_RECV_ILLEGAL);
            return;
        }
        set_bit(l->irr, vector);
        if (level)
            set_bit(l->tmr, vector);
        else
            clr_bit(l->tmr, vector);
        break;
    case APIC_DM_NMI:
        if (l->m->cpu)
            l->m->cpu->nmi_pending = true;
        break;
    case APIC_DM_INIT:
        machine_reset_cpu(l->m);
        break;
    default:
        /* SMI, start-up (a running BSP ignores it), ExtINT (the PIC path) */
        break;
    }
}

static void raise_error(struct lapic *l, uint32_t bit)
{
    l->esr_pending |= bit;
    uint32_t e = l->lvt[LVT_ERROR];
    if (!(e & LVT_MASKED))
        lapic_deliver(l, APIC_DM_FIXED, (uint8_t)e, false);
}

/* an LVT entry fires (edge) */
static void lvt_fire(struct lapic *l, int idx)
{
    uint32_t e = l->lvt[idx];
    if (e & LVT_MASKED)
        return;
    int mode = idx == LVT_TIMER || idx == LVT_ERROR ? APIC_DM_FIXED : (int)(e >> 8 & 7);
    lapic_deliver(l, mode, (uint8_t)e, (idx == LVT_LINT0 || idx == LVT_LINT1) && (e & LVT_LEVEL));
}

bool lapic_has_interrupt(struct lapic *l)
{
    if (!l || !l->hw_enabled || !sw_enabled(l))
        return false;
    int v = highest(l->irr);
    return v >= 0 && ((uint32_t)v & 0xF0) > (ppr(l) & 0xF0);
}

int lapic_ack(struct lapic *l)
{
    int v = highest(l->irr);
    if (v < 0 || ((uint32_t)v & 0xF0) <= (ppr(l) & 0xF0))
        return (int)(l->svr & 0xFF); /* spurious (SDM 10.9) */
    clr_bit(l->irr, (unsigned)v);
    set_bit(l->isr, (unsigned)v);
    return v;
}

bool lapic_accepts_pic(struct lapic *l)
{
    if (!l || !(l->imcr & 1) || !l->hw_enabled)
        return true;
    if (l->m->ioapic && ioapic_extint_pending(l->m->ioapic))
        return true;
    uint32_t e = l->lvt[LVT_LINT0];
    return sw_enabled(l) && !(e & LVT_MASKED) && (e >> 8 & 7) == APIC_DM_EXTINT;
}

void lapic_set_lint(struct lapic *l, int pin, int level)
{
    if (pin < 0 || pin > 1)
        return;
    int old = l->lint_level[pin];
    l->lint_level[pin] = level;
    int idx = pin ? LVT_LINT1 : LVT_LINT0;
    uint32_t e = l->lvt[idx];
    bool active_low = e & (1u << 13);
    bool now = active_low ? !level : level, before = active_low ? !old : old;
    if (now && (!before || (e & LVT_LEVEL)))
        lvt_fire(l, idx);
}

bool lapic_match_dest(const struct lapic *l, uint8_t dest, bool logical)
{
    if (!logical)
        return dest == 0xFF || dest == (l->id >> 24);
    uint8_t ld = (uint8_t)(l->ldr >> 24);
    if ((l->dfr >> 28) == 0xF)
        return (ld & dest) != 0; /* flat model */
    /* cluster model: high nibble cluster, low nibble members */
    return ((dest >> 4) == 0xF || (dest >> 4) == (ld >> 4)) && (dest & ld & 0x0F);
}

/* ---- timer (SDM 10.5.4) ---- */

static uint32_t timer_div(const struct lapic *l)
{
    unsigned n = ((l->dcr & 8) >> 1) | (l->dcr & 3);
    return n == 7 ? 1 : 2u << n;
}

static unsigned timer_mode(const struct lapic *l) { return l->lvt[LVT_TIMER] >> 17 & 3; }

static uint64_t now_ns(const struct lapic *l) { return machine_now_ns(l->m); }

uint32_t lapic_timer_current(struct lapic *l)
{
    if (l->initial == 0 || timer_mode(l) == TIMER_TSC_DEADLINE)
        return 0;
    uint64_t ticks = (now_ns(l) - l->timer_start) / timer_div(l);
    if (timer_mode(l) == TIMER_PERIODIC)
        return l->initial - (uint32_t)(ticks % l->initial);
    return ticks >= l->initial ? 0 : l->initial - (uint32_t)ticks;
}

static void arm_count(struct lapic *l)
{
    if (l->initial == 0 || timer_mode(l) == TIMER_TSC_DEADLINE) {
        if (timer_mode(l) != TIMER_TSC_DEADLINE)
            timer_cancel(l->timer);
        return;
    }
    uint64_t period = (uint64_t)l->initial * timer_div(l);
    uint64_t now = now_ns(l);
    uint64_t elapsed = now - l->timer_start;
    if (timer_mode(l) == TIMER_PERIODIC) {
        /* the next period boundary after now: missed periods coalesce */
        timer_arm_at(l->timer, l->timer_start + (elapsed / period + 1) * period);
    } else if (elapsed < period) {
        timer_arm_at(l->timer, l->timer_start + period);
    } else {
        timer_cancel(l->timer);
    }
}

static uint64_t tsc_now(const struct lapic *l)
{
    const struct cpu *c = l->m->cpu;
    return c ? c->icount + c->tsc_offset : 0;
}

static void arm_deadline(struct lapic *l)
{
    if (timer_mode(l) != TIMER_TSC_DEADLINE || l->tsc_deadline == 0) {
        timer_cancel(l->timer);
        return;
    }
    uint64_t t = tsc_now(l);
    uint64_t ips = l->m->cfg && l->m->cfg->ips ? l->m->cfg->ips : 4000000;
    uint64_t delta = l->tsc_deadline > t ? l->tsc_deadline - t : 0;
    timer_arm(l->timer, (uint64_t)((unsigned __int128)delta * 1000000000u / ips));
}

static void timer_expired(void *opaque)
{
    struct lapic *l = opaque;
    if (timer_mode(l) == TIMER_TSC_DEADLINE) {
        if (l->tsc_deadline == 0)
            return;
        l->tsc_deadline = 0;
        lvt_fire(l, LVT_TIMER);
        return;
    }
    if (l->initial == 0)
        return;
    lvt_fire(l, LVT_TIMER);
    if (timer_mode(l) == TIMER_PERIODIC)
        arm_count(l);
}

uint64_t lapic_tsc_deadline_read(struct lapic *l)
{
    return timer_mode(l) == TIMER_TSC_DEADLINE ? l->tsc_deadline : 0;
}

void lapic_tsc_deadline_write(struct lapic *l, uint64_t tsc)
{
    /* SDM 10.5.4.1: ignored unless the timer is in TSC-deadline mode */
    if (timer_mode(l) != TIMER_TSC_DEADLINE)
        return;
    l->tsc_deadline = tsc;
    arm_deadline(l);
}

/* ---- registers ---- */

static void lapic_soft_reset(struct lapic *l)
{
    /* SDM 10.4.7.1: power-up / INIT state (ID and base kept by the caller) */
    l->tpr = 0;
    l->ldr = 0;
    l->dfr = 0xFFFFFFFF;
    l->svr = 0xFF;
    memset(l->irr, 0, sizeof l->irr);
    memset(l->isr, 0, sizeof l->isr);
    memset(l->tmr, 0, sizeof l->tmr);
    l->esr = l->esr_pending = 0;
    l->icr_lo = l->icr_hi = 0;
    for (int i = 0; i < LVT_N; i++)
        l->lvt[i] = LVT_MASKED;
    l->initial = 0;
    l->dcr = 0;
    l->tsc_deadline = 0;
    if (l->timer)
        timer_cancel(l->timer);
}

uint32_t lapic_reg_read(struct lapic *l, uint32_t off)
{
    uint32_t r = off >> 4;
    if (r >= 0x10 && r < 0x18)
        return l->isr[r - 0x10];
    if (r >= 0x18 && r < 0x20)
        return l->tmr[r - 0x18];
    if (r >= 0x20 && r < 0x28)
        return l->irr[r - 0x20];
    switch (r) {
    case 0x02: return l->id;
    case 0x03: return 0x00050014; /* version 14h, 6 LVT entries (SDM 10.4.8) */
    case 0x08: return l->tpr;
    case 0x09: return 0;          /* APR: arbitration has one participant */
    case 0x0A: return ppr(l);
    case 0x0B: return 0;          /* EOI is write-only */
    case 0x0D: return l->ldr;
    case 0x0E: return l->dfr;
    case 0x0F: return l->svr;
    case 0x28: return l->esr;
    case 0x2F: return l->lvt[LVT_CMCI];
    case 0x30: return l->icr_lo & ~(1u << 12); /* delivery status: idle */
    case 0x31: return l->icr_hi;
    case 0x32: return l->lvt[LVT_TIMER];
    case 0x33: return l->lvt[LVT_THERMAL];
    case 0x34: return l->lvt[LVT_PERF];
    case 0x35: return l->lvt[LVT_LINT0];
    case 0x36: return l->lvt[LVT_LINT1];
    case 0x37: return l->lvt[LVT_ERROR];
    case 0x38: return l->initial;
    case 0x39: return lapic_timer_current(l);
    case 0x3E: return l->dcr;
    default:
        raise_error(l, ESR_ILLEGAL_REG);
        return 0;
    }
}

static void eoi(struct lapic *l)
{
    int v = highest(l->isr);
    if (v < 0)
        return;
    clr_bit(l->isr, (unsigned)v);
    if (get_bit(l->tmr, (unsigned)v) && l->m->ioapic)
        ioapic_eoi(l->m->ioapic, (uint8_t)v);
}

/* SDM 10.6.1: one CPU: the message reaches it or nobody */
static void send_ipi(struct lapic *l)
{
    uint32_t lo = l->icr_lo;
    int mode = (int)(lo >> 8 & 7);
    uint8_t vec = (uint8_t)lo;
    unsigned shorthand = lo >> 18 & 3;
    bool to_self;
    switch (shorthand) {
    case 1: to_self = true; break;  /* self */
    case 2: to_self = true; break;  /* all including self */
    case 3: to_self = false; break; /* all excluding self */
    default: to_self = lapic_match_dest(l, (uint8_t)(l->icr_hi >> 24), lo & (1u << 11)); break;
    }
    if ((mode == APIC_DM_FIXED || mode == APIC_DM_LOWEST) && vec < 16) {
        raise_error(l, ESR_SEND_ILLEGAL);
        return;
    }
    if (!to_self)
        return;
    /* INIT level de-assert (level 0, trigger level) only synchronises
     * arbitration IDs */
    if (mode == APIC_DM_INIT && !(lo & (1u << 14)) && (lo & (1u << 15)))
        return;
    if (mode == APIC_DM_INIT) {
        uint32_t id = l->id;
        lapic_soft_reset(l);
        l->id = id;
    }
    lapic_deliver(l, mode, vec, false);
}

void lapic_reg_write(struct lapic *l, uint32_t off, uint32_t val)
{
    uint32_t r = off >> 4;
    switch (r) {
    case 0x02: l->id = val & 0xFF000000u; break;
    case 0x08: l->tpr = val & 0xFF; break;
    case 0x0B: eoi(l); break;
    case 0x0D: l->ldr = val & 0xFF000000u; break;
    case 0x0E: l->dfr = val | 0x0FFFFFFFu; break;
    case 0x0F:
        l->svr = val & 0x3FF;
        if (!sw_enabled(l))
            for (int i = 0; i < LVT_N; i++)
                l->lvt[i] |= LVT_MASKED; /* SDM 10.4.7.2 */
        break;
    case 0x28:
        /* SDM 10.5.3: a write latches the errors collected so far */
        l->esr = l->esr_pending;
        l->esr_pending = 0;
        break;
    case 0x30:
        l->icr_lo = val & 0x000CCFFFu;
        send_ipi(l);
        break;
    case 0x31: l->icr_hi = val & 0xFF000000u; break;
    case 0x2F: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37: {
        int idx = r == 0x2F ? LVT_CMCI : (int)(r - 0x32 + LVT_TIMER);
        uint32_t nv = (l->lvt[idx] & ~lvt_wmask[idx]) | (val & lvt_wmask[idx]);
        if (!sw_enabled(l))
            nv |= LVT_MASKED;
        if (idx == LVT_TIMER) {
            unsigned old_mode = timer_mode(l);
            if ((nv >> 17 & 3) == 3)
                nv &= ~(3u << 17); /* reserved mode: treat as one-shot */
            l->lvt[idx] = nv;
            if (old_mode != timer_mode(l)) {
                /* SDM 10.5.4.1: switching modes disarms the timer */
                l->tsc_deadline = 0;
                l->initial = 0;
                timer_cancel(l->timer);
            }
        } else {
            l->lvt[idx] = nv;
        }
        break;
    }
    case 0x38:
        if (timer_mode(l) == TIMER_TSC_DEADLINE)
            break;
        l->initial = val;
        l->timer_start = now_ns(l);
        arm_count(l);
        break;
    case 0x3E: {
        uint32_t cur = lapic_timer_current(l);
        l->dcr = val & 0x0B;
        /* keep the current count, continue at the new rate */
        if (l->initial) {
            uint64_t done = (uint64_t)(l->initial - cur) * timer_div(l);
            l->timer_start = now_ns(l) - done;
            arm_count(l);
        }
        break;
    }
    default:
        /* read-only (version, APR, PPR, ISR/TMR/IRR, current count) or
         * reserved */
        if (!(r == 0x03 || r == 0x09 || r == 0x0A || (r >= 0x10 && r < 0x28) || r == 0x39))
            raise_error(l, ESR_ILLEGAL_REG);
        break;
    }
}

/* ---- MMIO and MSR ---- */

static uint64_t mmio_read(void *opaque, uint64_t off, int size)
{
    struct lapic *l = opaque;
    if (!l->hw_enabled)
        return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1; /* nothing decodes */
    uint32_t v = lapic_reg_read(l, (uint32_t)off & 0xFF0);
    unsigned sh = (unsigned)(off & 3) * 8;
    uint64_t r = (uint64_t)v >> sh;
    return size >= 4 ? r : r & ((1ull << (size * 8)) - 1);
}

static void mmio_write(void *opaque, uint64_t off, int size, uint64_t val)
{
    struct lapic *l = opaque;
    if (!l->hw_enabled)
        return;
    /* SDM 10.4.1: registers are written as aligned dwords; narrower writes
     * are merged into the register's dword at offset 0 only */
    if ((off & 0xF) != 0)
        return;
    (void)size;
    lapic_reg_write(l, (uint32_t)off & 0xFF0, (uint32_t)val);
}

static const struct mmio_ops lapic_mmio = {mmio_read, mmio_write};

void lapic_base_written(struct lapic *l, uint64_t msr_value)
{
    uint64_t base = msr_value & 0xFFFFFF000ull;
    bool en = msr_value & APIC_BASE_ENABLE;
    if (l->hw_enabled && !en) {
        /* SDM 10.4.3: global disable is a reset of the LAPIC */
        uint32_t id = l->id;
        lapic_soft_reset(l);
        l->id = id;
    }
    l->hw_enabled = en;
    if (base != l->base) {
        struct phys *p = l->m->phys;
        for (int i = 0; i < p->nregions; i++) {
            struct region *r = &p->regions[i];
            if (r->kind == REG_MMIO && r->ops == &lapic_mmio && r->opaque == l) {
                r->base = base;
                if (p->map_changed)
                    p->map_changed(p->map_opaque);
            }
        }
        l->base = base;
    }
}

/* ---- IMCR (MP specification 3.6.2.1) ---- */

static uint32_t imcr_in(void *opaque, uint16_t port, int size)
{
    struct lapic *l = opaque;
    (void)size;
    if (port == 0x22)
        return l->imcr_idx;
    return l->imcr_idx == 0x70 ? l->imcr : 0xFF;
}

static void imcr_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct lapic *l = opaque;
    (void)size;
    if (port == 0x22)
        l->imcr_idx = (uint8_t)val;
    else if (l->imcr_idx == 0x70)
        l->imcr = val & 1;
}

static const struct io_ops imcr_io = {imcr_in, imcr_out, 1};

/* ---- device ---- */

static void dev_reset(void *opaque)
{
    struct lapic *l = opaque;
    lapic_soft_reset(l);
    l->id = 0;
    l->imcr = 0;
    l->imcr_idx = 0;
    lapic_base_written(l, LAPIC_DEFAULT_BASE | APIC_BASE_ENABLE | APIC_BASE_BSP);
}

static void dev_destroy(void *opaque)
{
    struct lapic *l = opaque;
    timer_free(l->timer);
    free(l);
}

static void dev_save(void *opaque, struct state_writer *w)
{
    struct lapic *l = opaque;
    uint32_t regs[] = {l->id, l->tpr, l->ldr, l->dfr, l->svr, l->esr, l->esr_pending, l->icr_lo,
                       l->icr_hi, l->initial, l->dcr, l->imcr_idx, l->imcr, l->hw_enabled};
    state_put(w, regs, sizeof regs);
    state_put(w, l->irr, sizeof l->irr);
    state_put(w, l->isr, sizeof l->isr);
    state_put(w, l->tmr, sizeof l->tmr);
    state_put(w, l->lvt, sizeof l->lvt);
    state_put_u64(w, l->base);
    state_put_u64(w, l->timer_start);
    state_put_u64(w, l->tsc_deadline);
}

static int dev_load(void *opaque, struct state_reader *r)
{
    struct lapic *l = opaque;
    uint32_t regs[14];
    state_get(r, regs, sizeof regs);
    state_get(r, l->irr, sizeof l->irr);
    state_get(r, l->isr, sizeof l->isr);
    state_get(r, l->tmr, sizeof l->tmr);
    state_get(r, l->lvt, sizeof l->lvt);
    uint64_t base = state_get_u64(r);
    l->timer_start = state_get_u64(r);
    l->tsc_deadline = state_get_u64(r);
    if (r->error)
        return -1;
    l->id = regs[0], l->tpr = regs[1], l->ldr = regs[2], l->dfr = regs[3], l->svr = regs[4];
    l->esr = regs[5], l->esr_pending = regs[6], l->icr_lo = regs[7], l->icr_hi = regs[8];
    l->initial = regs[9], l->dcr = regs[10], l->imcr_idx = (uint8_t)regs[11], l->imcr = regs[12] & 1;
    lapic_base_written(l, base | (regs[13] ? APIC_BASE_ENABLE : 0));
    if (timer_mode(l) == TIMER_TSC_DEADLINE)
        arm_deadline(l);
    else
        arm_count(l);
    return 0;
}

static void dev_info(void *opaque, char *buf, size_t size)
{
    struct lapic *l = opaque;
    snprintf(buf, size,
             "base %#llx %s id %u tpr %02X ppr %02X svr %03X imcr %u\n"
             "irr highest %d isr highest %d lvt timer %05X lint0 %05X lint1 %05X error %05X\n"
             "timer initial %u current %u divide %u\n",
             (unsigned long long)l->base, l->hw_enabled ? "enabled" : "disabled", l->id >> 24, l->tpr,
             ppr(l), l->svr, l->imcr, highest(l->irr), highest(l->isr), l->lvt[LVT_TIMER],
             l->lvt[LVT_LINT0], l->lvt[LVT_LINT1], l->lvt[LVT_ERROR], l->initial,
             lapic_timer_current(l), timer_div(l));
}

static const struct device_ops lapic_ops = {
    .name = "lapic",
    .reset = dev_reset,
    .save = dev_save,
    .load = dev_load,
    .destroy = dev_destroy,
    .info = dev_info,
};

struct lapic *lapic_init(struct machine *m)
{
    struct lapic *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->m = m;
    l->timer = timer_new(m, "lapic-timer", timer_expired, l);
    l->base = LAPIC_DEFAULT_BASE;
    phys_map_mmio(m->phys, LAPIC_DEFAULT_BASE, 0x1000, &lapic_mmio, l, "lapic");
    io_register(&m->io, 0x22, 2, &imcr_io, l);
    dev_reset(l);
    machine_add_device(m, &lapic_ops, l);
    m->lapic = l;
    return l;
}
