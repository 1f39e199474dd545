/* cpu/insn_util.h: small helpers shared by the non-arithmetic instruction
 * families (stack.c, control.c, string.c, io.c, system.c, datamov.c).
 *
 * Multi-step instructions (PUSHA, ENTER, CALL, RET, IRET, far transfers)
 * must leave no state changed when any of their memory accesses faults.
 * They therefore address the stack explicitly through a local stack
 * pointer and commit SP only after the last access that can fault; these
 * helpers do the width masking for that.
 */
#ifndef EMU_CPU_INSN_UTIL_H
#define EMU_CPU_INSN_UTIL_H

#include "cpu/cpu.h"

/* Current stack pointer, masked to the stack width (SP / ESP / RSP). */
static inline uint64_t stk_sp(struct cpu *c)
{
    return c->gpr[R_SP] & cpu_sp_mask(c);
}

/* Writes the stack pointer with the current stack width: a 16-bit stack
 * changes only SP, leaving bits 63:16 alone (SDM Vol.1 6.2.3). */
static inline void stk_set_sp(struct cpu *c, uint64_t v)
{
    uint64_t m = cpu_sp_mask(c);
    c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | (v & m);
}

/* Writes an address-sized register (string pointers, the REP/LOOP counter):
 * a 16-bit address size changes only the low 16 bits; a 32-bit one writes
 * the 32-bit register, which zero-extends in 64-bit mode. */
static inline void areg_set(struct cpu *c, unsigned r, uint64_t v, uint64_t amask)
{
    if (amask == 0xFFFFu)
        c->gpr[r] = (c->gpr[r] & ~0xFFFFull) | (v & 0xFFFFu);
    else
        c->gpr[r] = v & amask;
}

/* ---- string and port-string iteration (string.c, io.c) ----
 *
 * A repeated instruction runs at most STR_BATCH iterations per call; when
 * it is not finished, RIP goes back to the instruction so that it executes
 * again, letting interrupts and timer deadlines in between. */
#define STR_BATCH 4096

/* Pointer increment for one element: DF selects the direction. */
static inline uint64_t str_step(struct cpu *c, unsigned size)
{
    return (c->eflags & F_DF) ? (uint64_t)0 - size : size;
}

/* `one` performs one iteration and returns false when a REPE/REPNE
 * condition ends the repetition. */
typedef bool (*rep_iter_fn)(struct cpu *c, const struct insn *i);

static inline void run_rep(struct cpu *c, const struct insn *i, rep_iter_fn one)
{
    uint64_t am = i->amask;
    if (i->rep == REP_NONE) {
        one(c, i);
        return;
    }
    /* with TF set every iteration traps (SDM Vol.3 17.3.1.4) */
    unsigned batch = (c->eflags & F_TF) ? 1 : STR_BATCH;
    for (unsigned n = 0; n < batch; n++) {
        uint64_t cnt = c->gpr[R_CX] & am;
        if (cnt == 0)
            return;
        bool go = one(c, i);
        areg_set(c, R_CX, cnt - 1, am);
        if (!go || cnt == 1)
            return;
    }
    /* not finished: execute this instruction again */
    c->rip = c->insn_rip;
}

/* Sets or clears ZF alone, keeping the other status flags (LAR, LSL,
 * VERR, VERW, CMPXCHG8B, ARPL). */
static inline void set_zf_only(struct cpu *c, bool zf)
{
    uint32_t f = cpu_get_eflags(c) & F_STATUS;
    cpu_set_status(c, zf ? (f | F_ZF) : (f & ~(uint32_t)F_ZF));
}

/* True in 64-bit mode proper (not compatibility mode). */
static inline bool in64(const struct cpu *c)
{
    return c->dmode == DMODE_64;
}

static inline bool canonical48(uint64_t a)
{
    return (uint64_t)(((int64_t)(a << 16)) >> 16) == a;
}

#endif
