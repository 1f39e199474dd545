/* cpu/stack.c: PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE.
 *
 * The stack width is RSP in 64-bit mode, else ESP when the SS descriptor
 * cache has B (SA_DB) set, else SP (SDM Vol.1 6.2.3). Every access goes
 * through cpu_write* / cpu_read* with SEG_SS so that limit violations raise
 * #SS. A push writes memory before SP changes and a pop reads memory
 * before SP changes, so a fault leaves the registers untouched.
 */
#include "cpu/handlers.h"
#include "cpu/insn_util.h"
#include "cpu/prot.h"

/* cpu_sp_mask, cpu_pushN and cpu_popN are inline in cpu/cpu.h. */

/* ---- PUSH / POP of general registers, immediates and r/m ---- */

/* PUSH/POP of a register: fast handler pairs (plain and chained, see
 * cpu/alu.c) on a host pointer, with checked slow twins. */
#define PUSHPOP_FAST_(N, PUSH, POP, PUSHSLOW, POPSLOW, TAIL)                      \
    static void PUSH(struct cpu *c, const struct insn *i)                         \
    {                                                                           \
        /* PUSH SP pushes the value before the push (286 and later). */        \
        uint64_t m = cpu_sp_mask(c), sp = (c->gpr[R_SP] - N / 8) & m;           \
        void *p = cpu_host_ptr(c, SEG_SS, sp, N / 8, true);                     \
        if (__builtin_expect(!p, 0)) {                                          \
            PUSHSLOW(c, i);                                                     \
            return;                                                             \
        }                                                                       \
        uint##N##_t v = cpu_get##N(c, i->reg);                                  \
        __builtin_memcpy(p, &v, sizeof v);                                      \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | sp;                                \
        TAIL                                                                    \
    }                                                                           \
    static void POP(struct cpu *c, const struct insn *i)                          \
    {                                                                           \
        /* POP SP: the popped value replaces the incremented pointer. */       \
        uint64_t m = cpu_sp_mask(c), sp = c->gpr[R_SP] & m;                     \
        const void *p = cpu_host_ptr(c, SEG_SS, sp, N / 8, false);              \
        if (__builtin_expect(!p, 0)) {                                          \
            POPSLOW(c, i);                                                      \
            return;                                                             \
        }                                                                       \
        uint##N##_t v;                                                          \
        __builtin_memcpy(&v, p, sizeof v);                                      \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | ((sp + N / 8) & m);                \
        cpu_set##N(c, i->reg, v);                                               \
        TAIL                                                                    \
    }
#define DEF_PUSHPOP(N)                                                          \
    static SLOW_HANDLER(push_zv##N##_slow) { cpu_push##N##_slow(c, cpu_get##N(c, i->reg)); } \
    SLOW_NEXT(push_zv##N##_slow)                                                \
    static SLOW_HANDLER(pop_zv##N##_slow)                                       \
    {                                                                           \
        uint##N##_t v = cpu_pop##N##_slow(c);                                   \
        cpu_set##N(c, i->reg, v);                                               \
    }                                                                           \
    SLOW_NEXT(pop_zv##N##_slow)                                                 \
    PUSHPOP_FAST_(N, push_zv##N, pop_zv##N, push_zv##N##_slow, pop_zv##N##_slow, ) \
    PUSHPOP_FAST_(N, push_zv##N##_ch_, pop_zv##N##_ch_, push_zv##N##_slow_next,   \
                  pop_zv##N##_slow_next, CPU_CHAIN_NEXT(c, i);)                 \
    CHAIN_PAIR(push_zv##N)                                                      \
    CHAIN_PAIR(pop_zv##N)                                                       \
    static HANDLER(push_imm##N) { cpu_push##N(c, (uint##N##_t)i->imm); }        \
    static HANDLER(push_ev_r##N) { cpu_push##N(c, cpu_get##N(c, i->rm)); }      \
    static HANDLER(push_ev_m##N)                                                \
    {                                                                           \
        /* the operand address uses SP before the push (SDM PUSH) */           \
        cpu_push##N(c, cpu_read##N(c, i->seg, cpu_ea(c, i)));                   \
    }                                                                           \
    static HANDLER(pop_ev_r##N)                                                 \
    {                                                                           \
        uint##N##_t v = cpu_pop##N(c);                                          \
        cpu_set##N(c, i->rm, v);                                                \
    }                                                                           \
    static HANDLER(pop_ev_m##N)                                                 \
    {                                                                           \
        /* SDM POP: with SP as base, the address is computed after SP is     \
         * incremented. Compute it with the new SP, write, then commit. */    \
        uint64_t sp = stk_sp(c), old = c->gpr[R_SP];                            \
        uint##N##_t v = cpu_read##N(c, SEG_SS, sp);                             \
        stk_set_sp(c, sp + N / 8);                                              \
        uint64_t ea = cpu_ea(c, i);                                             \
        c->gpr[R_SP] = old;                                                     \
        cpu_write##N(c, i->seg, ea, v);                                         \
        stk_set_sp(c, sp + N / 8);                                              \
    }
DEF_PUSHPOP(16)
DEF_PUSHPOP(32)
DEF_PUSHPOP(64)

/* ---- segment registers ---- */

/* With a 32- or 64-bit operand size, recent Intel CPUs write only the
 * selector word and leave the rest of the slot unmodified (SDM PUSH). */
static void push_sreg(struct cpu *c, int s, unsigned size)
{
    uint64_t sp = (stk_sp(c) - size) & cpu_sp_mask(c);
    if (size > 2)
        cpu_check_write(c, SEG_SS, sp, size);
    cpu_write16(c, SEG_SS, sp, c->seg[s].sel);
    stk_set_sp(c, sp);
}

/* Reads the selector, loads the segment (which may fault), and only then
 * moves SP. POP SS inhibits interrupts for one instruction (SDM POP). The
 * increment uses the stack width of the SS the value was read through: a
 * POP SS that loads a 32-bit stack segment while a 16-bit one is current
 * still changes only SP. */
static void pop_sreg(struct cpu *c, int s, unsigned size)
{
    uint64_t sp = stk_sp(c), m = cpu_sp_mask(c);
    if (size > 2)
        cpu_check_read(c, SEG_SS, sp, size);
    uint16_t sel = cpu_read16(c, SEG_SS, sp);
    cpu_load_seg(c, s, sel);
    c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | ((sp + size) & m);
    if (s == SEG_SS)
        c->intr_shadow = true;
}

#define DEF_PUSH_SREG(NAME, S)                                                  \
    static HANDLER(push_##NAME##16) { (void)i; push_sreg(c, S, 2); }            \
    static HANDLER(push_##NAME##32) { (void)i; push_sreg(c, S, 4); }            \
    static HANDLER(push_##NAME##64) { (void)i; push_sreg(c, S, 8); }
#define DEF_POP_SREG(NAME, S)                                                   \
    static HANDLER(pop_##NAME##16) { (void)i; pop_sreg(c, S, 2); }              \
    static HANDLER(pop_##NAME##32) { (void)i; pop_sreg(c, S, 4); }              \
    static HANDLER(pop_##NAME##64) { (void)i; pop_sreg(c, S, 8); }
DEF_PUSH_SREG(es, SEG_ES)
DEF_PUSH_SREG(cs, SEG_CS)
DEF_PUSH_SREG(ss, SEG_SS)
DEF_PUSH_SREG(ds, SEG_DS)
DEF_PUSH_SREG(fs, SEG_FS)
DEF_PUSH_SREG(gs, SEG_GS)
/* POP CS does not exist (0F is the two-byte escape) */
DEF_POP_SREG(es, SEG_ES)
DEF_POP_SREG(ss, SEG_SS)
DEF_POP_SREG(ds, SEG_DS)
DEF_POP_SREG(fs, SEG_FS)
DEF_POP_SREG(gs, SEG_GS)

/* ---- PUSHA / POPA (not in 64-bit mode) ---- */

/* All eight stores are done through a local pointer and SP is committed at
 * the end, so a fault on any of them leaves SP as it was. */
#define DEF_PUSHA(N)                                                            \
    static HANDLER(pusha##N)                                                    \
    {                                                                           \
        (void)i;                                                                \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        uint##N##_t orig_sp = cpu_get##N(c, R_SP);                              \
        for (unsigned r = 0; r < 8; r++) {                                      \
            uint##N##_t v = r == R_SP ? orig_sp : cpu_get##N(c, r);             \
            sp = (sp - N / 8) & m;                                              \
            cpu_write##N(c, SEG_SS, sp, v);                                     \
        }                                                                       \
        stk_set_sp(c, sp);                                                      \
    }                                                                           \
    static HANDLER(popa##N)                                                     \
    {                                                                           \
        (void)i;                                                                \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        uint##N##_t v[8];                                                       \
        for (int r = 7; r >= 0; r--) {                                          \
            v[r] = cpu_read##N(c, SEG_SS, sp);                                  \
            sp = (sp + N / 8) & m;                                              \
        }                                                                       \
        for (unsigned r = 0; r < 8; r++)                                        \
            if (r != R_SP) /* the stored SP is skipped (SDM POPA) */           \
                cpu_set##N(c, r, v[r]);                                         \
        stk_set_sp(c, sp);                                                      \
    }
DEF_PUSHA(16)
DEF_PUSHA(32)

/* ---- PUSHF / POPF ---- */

static unsigned iopl(struct cpu *c)
{
    return (c->eflags & F_IOPL) >> 12;
}

/* SDM PUSHF: V86 mode with IOPL < 3 faults unless CR4.VME makes the
 * 16-bit form virtual (cpu/v86.c). The image has VM and RF cleared. */
static uint32_t pushf_image(struct cpu *c)
{
    if (c->mode == CPU_V86 && iopl(c) < 3)
        cpu_gp0(c);
    return cpu_get_eflags(c) & ~(uint32_t)(F_VM | F_RF);
}
static HANDLER(pushf16)
{
    (void)i;
    if (v86_vme_active(c)) {
        cpu_push16(c, v86_pushf_image(c));
        return;
    }
    cpu_push16(c, (uint16_t)pushf_image(c));
}
static HANDLER(pushf32) { (void)i; cpu_push32(c, pushf_image(c)); }
static HANDLER(pushf64) { (void)i; cpu_push64(c, pushf_image(c)); }

/* The EFLAGS bits POPF may change (SDM POPF, Table "Effect of POPF"):
 * VM, VIP and VIF are never changed; RF is cleared; IOPL only at CPL 0;
 * IF only when CPL <= IOPL; V86 mode with IOPL < 3 faults, with IOPL 3 it
 * cannot change IOPL. The caller restricts the mask to 16 bits for POPF. */
static uint32_t popf_mask(struct cpu *c)
{
    uint32_t m = F_STATUS | F_TF | F_DF | F_NT | F_AC | F_ID | F_RF;
    if (c->mode == CPU_REAL) {
        m |= F_IF | F_IOPL;
    } else if (c->mode == CPU_V86) {
        if (iopl(c) < 3)
            cpu_gp0(c);
        m |= F_IF;
    } else {
        if (c->cpl == 0)
            m |= F_IOPL;
        if (c->cpl <= iopl(c))
            m |= F_IF;
    }
    return m;
}
static HANDLER(popf16)
{
    (void)i;
    if (v86_vme_active(c)) {
        uint64_t sp = stk_sp(c);
        uint16_t v = cpu_read16(c, SEG_SS, sp);
        v86_popf16(c, v);
        stk_set_sp(c, sp + 2);
        return;
    }
    uint32_t m = popf_mask(c) & 0xFFFFu;
    uint16_t v = cpu_pop16(c);
    cpu_write_eflags(c, v, m);
}
static HANDLER(popf32)
{
    (void)i;
    uint32_t m = popf_mask(c);
    uint64_t sp = stk_sp(c);
    uint32_t v = cpu_read32(c, SEG_SS, sp);
    stk_set_sp(c, sp + 4);
    cpu_write_eflags(c, v & ~(uint32_t)F_RF, m);
}
static HANDLER(popf64)
{
    (void)i;
    uint32_t m = popf_mask(c);
    uint64_t sp = stk_sp(c);
    uint64_t v = cpu_read64(c, SEG_SS, sp);
    stk_set_sp(c, sp + 8);
    cpu_write_eflags(c, (uint32_t)v & ~(uint32_t)F_RF, m);
}

/* ---- ENTER / LEAVE ---- */

/* SDM LEAVE, real-address and virtual-8086 mode exceptions: a frame
 * pointer outside the segment raises #GP, not #SS (the 286 agrees). */
static void leave_real_check(struct cpu *c, uint64_t bp, unsigned size)
{
    if ((c->mode == CPU_REAL || c->mode == CPU_V86) &&
        bp + size - 1 > c->seg[SEG_SS].limit)
        cpu_gp0(c);
}

/* SDM ENTER: level is imm8 mod 32. The pushes go through a local pointer;
 * BP and SP are committed at the end, after the final check that the
 * allocated frame's top of stack is writable (as Bochs and hardware do). */
#define DEF_ENTER(N)                                                            \
    static HANDLER(enter##N)                                                    \
    {                                                                           \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        unsigned level = (unsigned)i->imm2 & 31;                                \
        uint16_t alloc = (uint16_t)i->imm;                                      \
        sp = (sp - N / 8) & m;                                                  \
        cpu_write##N(c, SEG_SS, sp, cpu_get##N(c, R_BP));                       \
        /* FrameTemp is eSP after the push: on a 16-bit stack ESP keeps         \
         * its bits 31:16, and ENTER with o32 copies them to EBP. */            \
        uint64_t frame = (c->gpr[R_SP] & ~m) | sp;                              \
        if (level > 0) {                                                        \
            uint64_t bp = c->gpr[R_BP] & m;                                     \
            for (unsigned k = 1; k < level; k++) {                              \
                bp = (bp - N / 8) & m;                                          \
                uint##N##_t t = cpu_read##N(c, SEG_SS, bp);                     \
                sp = (sp - N / 8) & m;                                          \
                cpu_write##N(c, SEG_SS, sp, t);                                 \
            }                                                                   \
            sp = (sp - N / 8) & m;                                              \
            cpu_write##N(c, SEG_SS, sp, (uint##N##_t)frame);                    \
        }                                                                       \
        sp = (sp - alloc) & m;                                                  \
        cpu_check_write(c, SEG_SS, sp, N / 8);                                  \
        cpu_set##N(c, R_BP, (uint##N##_t)frame);                                \
        stk_set_sp(c, sp);                                                      \
    }                                                                           \
    static HANDLER(leave##N)                                                    \
    {                                                                           \
        (void)i;                                                                \
        uint64_t m = cpu_sp_mask(c), sp = c->gpr[R_BP] & m;                     \
        leave_real_check(c, sp, N / 8);                                         \
        uint##N##_t v = cpu_read##N(c, SEG_SS, sp);                             \
        stk_set_sp(c, sp + N / 8);                                              \
        cpu_set##N(c, R_BP, v);                                                 \
    }
DEF_ENTER(16)
DEF_ENTER(32)
DEF_ENTER(64)

void cpu_register_stack(void)
{
    H_S(IOP_PUSH_Zv, push_zv);
    H_S(IOP_POP_Zv, pop_zv);
    H_S(IOP_PUSH_Iz, push_imm);
    H_S(IOP_PUSH_Ib, push_imm);
    H_V(IOP_PUSH_Ev, push_ev);
    H_V(IOP_POP_Ev, pop_ev);
    H_S(IOP_PUSH_ES, push_es);
    H_S(IOP_PUSH_CS, push_cs);
    H_S(IOP_PUSH_SS, push_ss);
    H_S(IOP_PUSH_DS, push_ds);
    H_S(IOP_PUSH_FS, push_fs);
    H_S(IOP_PUSH_GS, push_gs);
    H_S(IOP_POP_ES, pop_es);
    H_S(IOP_POP_SS, pop_ss);
    H_S(IOP_POP_DS, pop_ds);
    H_S(IOP_POP_FS, pop_fs);
    H_S(IOP_POP_GS, pop_gs);
    cpu_set_handlers(IOP_PUSHA, pusha16, pusha16, pusha32, pusha32, pusha32, pusha32);
    cpu_set_handlers(IOP_POPA, popa16, popa16, popa32, popa32, popa32, popa32);
    H_S(IOP_PUSHF, pushf);
    H_S(IOP_POPF, popf);
    H_S(IOP_ENTER, enter);
    H_S(IOP_LEAVE, leave);
}
