/* machine/timer.c: virtual time and the deadline-ordered event queue.
 *
 * Virtual time is a tick count: instructions retired (cpu->icount) plus
 * the ticks skipped while the CPU was halted (idle). One tick lasts
 * 1e9 / ips ns, so time depends on nothing but the instruction stream and
 * a run with clock: sync=none repeats exactly. Armed timers sit in a list
 * sorted by deadline; a new deadline earlier than the CPU's current
 * instruction budget shortens the budget so that the CPU stops in time.
 * The list is short (a PC has a dozen timers), so a sorted list beats a
 * heap in both speed and simplicity.
 */
#include "machine/timer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timerq.h"

struct timer {
    struct timerq *q;
    const char *name;
    timer_cb cb;
    void *opaque;
    uint64_t deadline;   /* ticks */
    bool armed;
    bool (*may_wake)(void *opaque);
    struct timer *next;  /* in the armed list */
    struct timer *all;   /* every timer of the queue, for freeing */
};

struct timerq {
    struct machine *m;
    uint64_t ips;
    uint64_t idle;       /* ticks skipped while halted */
    int64_t time0;       /* wall-clock seconds of virtual time zero */
    struct timer *head;  /* armed, by deadline */
    struct timer *all;
};

uint64_t timerq_ticks_to_ns(const struct timerq *q, uint64_t ticks)
{
    return (uint64_t)((unsigned __int128)ticks * 1000000000u / q->ips);
}

uint64_t timerq_ns_to_ticks(const struct timerq *q, uint64_t ns)
{
    unsigned __int128 t = ((unsigned __int128)ns * q->ips + 999999999u) / 1000000000u;
    return t > UINT64_MAX ? UINT64_MAX : (uint64_t)t;
}

struct timerq *timerq_new(struct machine *m)
{
    struct timerq *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    q->m = m;
    q->ips = m->cfg->ips ? m->cfg->ips : 4000000;
    q->time0 = m->cfg->time0 ? m->cfg->time0 : (int64_t)time(NULL);
    return q;
}

void timerq_free(struct timerq *q)
{
    if (!q)
        return;
    for (struct timer *t = q->all, *n; t; t = n) {
        n = t->all;
        free(t);
    }
    free(q);
}

uint64_t timerq_now_ticks(struct timerq *q)
{
    return (q->m->cpu ? cpu_icount(q->m->cpu) : 0) + q->idle;
}

uint64_t timerq_next_tick(struct timerq *q) { return q->head ? q->head->deadline : UINT64_MAX; }

bool timerq_may_wake(struct timerq *q)
{
    for (struct timer *t = q->head; t; t = t->next)
        if (!t->may_wake || t->may_wake(t->opaque))
            return true;
    return false;
}

void timer_set_wake_check(struct timer *t, bool (*may_wake)(void *opaque)) { t->may_wake = may_wake; }

static void unlink_timer(struct timer *t)
{
    for (struct timer **p = &t->q->head; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            break;
        }
    }
    t->next = NULL;
    t->armed = false;
}

int timerq_run_due(struct timerq *q)
{
    int n = 0;
    uint64_t now = timerq_now_ticks(q);
    while (q->head && q->head->deadline <= now) {
        struct timer *t = q->head;
        q->head = t->next;
        t->next = NULL;
        t->armed = false;
        t->cb(t->opaque); /* may re-arm t or others */
        n++;
        if (q->m->exit_requested)
            break;
    }
    return n;
}

void timerq_skip(struct timerq *q, uint64_t ticks)
{
    q->idle += ticks;
    if (q->m->cpu)
        q->m->cpu->tsc_offset += ticks; /* the TSC counts on through HLT */
}

struct timer *timer_new(struct machine *m, const char *name, timer_cb cb, void *opaque)
{
    struct timerq *q = m->timers;
    struct timer *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->q = q;
    t->name = name;
    t->cb = cb;
    t->opaque = opaque;
    t->all = q->all;
    q->all = t;
    return t;
}

void timer_free(struct timer *t)
{
    if (!t)
        return;
    if (t->armed)
        unlink_timer(t);
    for (struct timer **p = &t->q->all; *p; p = &(*p)->all) {
        if (*p == t) {
            *p = t->all;
            break;
        }
    }
    free(t);
}

static void arm_ticks(struct timer *t, uint64_t tick)
{
    struct timerq *q = t->q;
    if (t->armed)
        unlink_timer(t);
    t->deadline = tick;
    t->armed = true;
    struct timer **p = &q->head;
    while (*p && (*p)->deadline <= tick)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
    /* A CPU slice in progress must end by the new deadline. */
    struct cpu *c = q->m->cpu;
    if (c) {
        uint64_t at = tick > q->idle ? tick - q->idle : 0;
        if (at < cpu_icount(c))
            at = cpu_icount(c);
        if (at < c->insn_budget)
            c->insn_budget = at;
    }
}

void timer_arm_at(struct timer *t, uint64_t ns) { arm_ticks(t, timerq_ns_to_ticks(t->q, ns)); }

void timer_arm(struct timer *t, uint64_t ns)
{
    struct timerq *q = t->q;
    arm_ticks(t, timerq_ns_to_ticks(q, timerq_ticks_to_ns(q, timerq_now_ticks(q)) + ns));
}

void timer_cancel(struct timer *t)
{
    if (t->armed)
        unlink_timer(t);
}

bool timer_armed(const struct timer *t) { return t->armed; }

uint64_t timer_deadline(const struct timer *t) { return timerq_ticks_to_ns(t->q, t->deadline); }

uint64_t machine_now_ns(struct machine *m) { return timerq_ticks_to_ns(m->timers, timerq_now_ticks(m->timers)); }

int64_t machine_time0(struct machine *m) { return m->timers->time0; }

void timerq_set_clock(struct timerq *q, uint64_t idle, int64_t time0)
{
    q->idle = idle;
    q->time0 = time0;
}

void timerq_save(struct timerq *q, struct state_writer *w)
{
    uint32_t n = 0;
    for (struct timer *t = q->all; t; t = t->all)
        n++;
    state_put_u32(w, n);
    for (struct timer *t = q->all; t; t = t->all) {
        const char *nm = t->name ? t->name : "";
        uint32_t len = (uint32_t)strlen(nm);
        state_put_u32(w, len);
        state_put(w, nm, len);
    }
    /* the armed list in order (ties keep their arming order) */
    uint32_t armed = 0;
    for (struct timer *t = q->head; t; t = t->next)
        armed++;
    state_put_u32(w, armed);
    for (struct timer *t = q->head; t; t = t->next) {
        uint32_t idx = 0;
        for (struct timer *u = q->all; u != t; u = u->all)
            idx++;
        state_put_u32(w, idx);
        state_put_u64(w, t->deadline);
    }
}

int timerq_load(struct timerq *q, struct state_reader *r)
{
    uint32_t n = 0;
    for (struct timer *t = q->all; t; t = t->all)
        n++;
    if (state_get_u32(r) != n || r->error)
        return -1;
    struct timer **byidx = calloc(n ? n : 1, sizeof *byidx);
    if (!byidx)
        return -1;
    uint32_t i = 0;
    for (struct timer *t = q->all; t; t = t->all, i++) {
        char name[64];
        const char *nm = t->name ? t->name : "";
        uint32_t len = state_get_u32(r);
        if (r->error || len != strlen(nm) || len >= sizeof name || state_get(r, name, len) < 0 ||
            memcmp(name, nm, len)) {
            free(byidx);
            return -1;
        }
        byidx[i] = t;
    }
    uint32_t armed = state_get_u32(r);
    if (r->error || armed > n) {
        free(byidx);
        return -1;
    }
    for (struct timer *t = q->all; t; t = t->all)
        timer_cancel(t);
    for (i = 0; i < armed; i++) {
        uint32_t idx = state_get_u32(r);
        uint64_t dl = state_get_u64(r);
        if (r->error || idx >= n || byidx[idx]->armed) {
            free(byidx);
            return -1;
        }
        arm_ticks(byidx[idx], dl);
    }
    free(byidx);
    return 0;
}
