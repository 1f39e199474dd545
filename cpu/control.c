/* cpu/control.c: JMP, Jcc, CALL, RET, LOOP, INT, IRET, BOUND.
 *
 * When a handler runs, c->rip already holds the address of the next
 * instruction, so a relative target is c->rip + displacement, truncated to
 * the operand size (SDM JMP: "EIP <- tempEIP AND 0000FFFFH" for 16 bits).
 * Every transfer validates its target before any state changes: a CALL
 * checks the target before it pushes, a RET reads the stack through a
 * local pointer and commits SP only once the new CS:IP is accepted.
 */
#include "cpu/handlers.h"
#include "cpu/insn_util.h"
#include "cpu/prot.h"

#define MASK16 0xFFFFull
#define MASK32 0xFFFFFFFFull
#define MASK64 (~0ull)

/* The checks of cpu_branch without the assignment (CALL must check before
 * pushing). SDM Vol.3 5.3: outside 64-bit mode the target must lie within
 * the CS limit; in 64-bit mode it must be canonical. */
static void branch_check(struct cpu *c, uint64_t target)
{
    if (in64(c)) {
        if (!canonical48(target))
            cpu_gp0(c);
    } else if (target > c->seg[SEG_CS].limit) {
        cpu_gp0(c);
    }
}

void cpu_branch(struct cpu *c, uint64_t target)
{
    branch_check(c, target);
    c->rip = target;
}

/* ---- JMP / Jcc / JCXZ / LOOP ---- */

#define DEF_REL(N)                                                              \
    static HANDLER(jmp_rel##N) { cpu_branch(c, (c->rip + i->imm) & MASK##N); }  \
    static HANDLER(jcc##N)                                                      \
    {                                                                           \
        if (cpu_cond(c, i->opcode & 15))                                        \
            cpu_branch(c, (c->rip + i->imm) & MASK##N);                         \
    }                                                                           \
    static HANDLER(jcxz##N)                                                     \
    {                                                                           \
        /* the address size picks CX / ECX / RCX (SDM Jcc) */                  \
        if ((c->gpr[R_CX] & i->amask) == 0)                                     \
            cpu_branch(c, (c->rip + i->imm) & MASK##N);                         \
    }                                                                           \
    static HANDLER(loop##N)                                                     \
    {                                                                           \
        uint64_t cnt = (c->gpr[R_CX] - 1) & i->amask;                           \
        if (cnt != 0)                                                           \
            cpu_branch(c, (c->rip + i->imm) & MASK##N);                         \
        areg_set(c, R_CX, cnt, i->amask);                                       \
    }                                                                           \
    static HANDLER(loope##N)                                                    \
    {                                                                           \
        uint64_t cnt = (c->gpr[R_CX] - 1) & i->amask;                           \
        if (cnt != 0 && cpu_zf(c))                                              \
            cpu_branch(c, (c->rip + i->imm) & MASK##N);                         \
        areg_set(c, R_CX, cnt, i->amask);                                       \
    }                                                                           \
    static HANDLER(loopne##N)                                                   \
    {                                                                           \
        uint64_t cnt = (c->gpr[R_CX] - 1) & i->amask;                           \
        if (cnt != 0 && !cpu_zf(c))                                             \
            cpu_branch(c, (c->rip + i->imm) & MASK##N);                         \
        areg_set(c, R_CX, cnt, i->amask);                                       \
    }
DEF_REL(16)
DEF_REL(32)
DEF_REL(64)

/* JMP r/m: an absolute target read from a register or memory. */
#define DEF_JMP_EV(N)                                                           \
    static HANDLER(jmp_ev_r##N) { cpu_branch(c, cpu_get##N(c, i->rm)); }        \
    static HANDLER(jmp_ev_m##N)                                                 \
    {                                                                           \
        cpu_branch(c, cpu_read##N(c, i->seg, cpu_ea(c, i)));                    \
    }
DEF_JMP_EV(16)
DEF_JMP_EV(32)
DEF_JMP_EV(64)

/* ---- CALL / RET near ---- */

#define DEF_CALL(N)                                                             \
    static void call_to##N(struct cpu *c, uint64_t target)                      \
    {                                                                           \
        branch_check(c, target);                                                \
        cpu_push##N(c, (uint##N##_t)c->rip);                                    \
        c->rip = target;                                                        \
    }                                                                           \
    static HANDLER(call_rel##N)                                                 \
    {                                                                           \
        /* the common case inline: a valid target, a stack with a host      \
         * pointer; anything else takes call_to (which faults as it must) */  \
        uint64_t target = (c->rip + i->imm) & MASK##N;                          \
        uint64_t m = cpu_sp_mask(c), sp = (c->gpr[R_SP] - N / 8) & m;           \
        void *p = cpu_host_ptr(c, SEG_SS, sp, N / 8, true);                     \
        if (__builtin_expect(!p || (in64(c) ? !canonical48(target)              \
                                            : target > c->seg[SEG_CS].limit), 0)) { \
            call_to##N(c, target);                                              \
            return;                                                             \
        }                                                                       \
        uint##N##_t v = (uint##N##_t)c->rip;                                    \
        __builtin_memcpy(p, &v, sizeof v);                                      \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | sp;                                \
        c->rip = target;                                                        \
    }                                                                           \
    static HANDLER(call_ev_r##N) { call_to##N(c, cpu_get##N(c, i->rm)); }       \
    static HANDLER(call_ev_m##N)                                                \
    {                                                                           \
        call_to##N(c, cpu_read##N(c, i->seg, cpu_ea(c, i)));                    \
    }                                                                           \
    static void ret_near##N(struct cpu *c, uint16_t extra)                      \
    {                                                                           \
        uint64_t sp = stk_sp(c);                                                \
        uint64_t target = cpu_read##N(c, SEG_SS, sp);                           \
        cpu_branch(c, target);                                                  \
        stk_set_sp(c, sp + N / 8 + extra);                                      \
    }                                                                           \
    static HANDLER(ret##N)                                                      \
    {                                                                           \
        (void)i;                                                                \
        uint64_t m = cpu_sp_mask(c), sp = c->gpr[R_SP] & m;                     \
        const void *p = cpu_host_ptr(c, SEG_SS, sp, N / 8, false);              \
        uint##N##_t v;                                                          \
        if (__builtin_expect(p != NULL, 1)) {                                   \
            __builtin_memcpy(&v, p, sizeof v);                                  \
            if (__builtin_expect(in64(c) ? canonical48(v) : v <= c->seg[SEG_CS].limit, 1)) { \
                c->rip = v;                                                     \
                c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | ((sp + N / 8) & m);        \
                return;                                                         \
            }                                                                   \
        }                                                                       \
        ret_near##N(c, 0); /* the checked path */                               \
    }                                                                           \
    static HANDLER(ret_iw##N) { ret_near##N(c, (uint16_t)i->imm); }
DEF_CALL(16)
DEF_CALL(32)
DEF_CALL(64)

/* ---- far transfers ---- */

/* In real and V86 mode a far transfer loads CS as a paragraph and keeps
 * the limit, so the new IP is checked against the current CS limit before
 * anything changes (SDM JMP/CALL/RET far, real-address mode: #GP(0) if
 * the instruction pointer is not within the code segment limit). In
 * protected mode cpu_load_cs does the descriptor and limit checks. */
static void far_load(struct cpu *c, uint16_t sel, uint64_t off)
{
    if ((c->mode == CPU_REAL || c->mode == CPU_V86) && off > c->seg[SEG_CS].limit)
        cpu_gp0(c);
    cpu_load_cs(c, sel, off);
}

/* JMP far: protected mode goes through cpu/gates.c (code segments, call
 * gates, task gates and TSSs). */
static void jmp_far(struct cpu *c, uint16_t sel, uint64_t off, unsigned opsize)
{
    if (c->mode == CPU_PROT || c->mode == CPU_LONG)
        gate_far_jmp(c, sel, off, opsize);
    else
        far_load(c, sel, off);
}

/* JMP ptr16:16/32 (i->imm offset, i->imm2 selector) */
static HANDLER(jmpf_ap16) { jmp_far(c, (uint16_t)i->imm2, i->imm & MASK16, 2); }
static HANDLER(jmpf_ap32) { jmp_far(c, (uint16_t)i->imm2, i->imm & MASK32, 4); }

/* JMP m16:16/32/64: offset first, selector after it. */
#define DEF_FAR_MP(N)                                                           \
    static HANDLER(jmpf_mp##N)                                                  \
    {                                                                           \
        uint64_t ea = cpu_ea(c, i);                                             \
        uint64_t off = cpu_read##N(c, i->seg, ea);                              \
        uint16_t sel = cpu_read16(c, i->seg, (ea + N / 8) & i->amask);          \
        jmp_far(c, sel, off, N / 8);                                            \
    }                                                                           \
    static HANDLER(callf_mp##N)                                                 \
    {                                                                           \
        uint64_t ea = cpu_ea(c, i);                                             \
        uint64_t off = cpu_read##N(c, i->seg, ea);                              \
        uint16_t sel = cpu_read16(c, i->seg, (ea + N / 8) & i->amask);          \
        call_far##N(c, sel, off);                                               \
    }

/* CALL far: the old CS:IP goes on the stack through a local pointer, then
 * CS is loaded (which may fault), and only then SP is committed. With a
 * 32/64-bit operand size the CS slot is a full slot whose selector word is
 * written (as PUSH Sreg on recent CPUs). Call gates and privilege changes
 * are left to cpu_load_cs. */
#define DEF_CALLF(N)                                                            \
    static void call_far##N(struct cpu *c, uint16_t sel, uint64_t off)          \
    {                                                                           \
        if (c->mode == CPU_PROT || c->mode == CPU_LONG) {                       \
            gate_far_call(c, sel, off, N / 8);                                  \
            return;                                                             \
        }                                                                       \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        uint16_t old_cs = c->seg[SEG_CS].sel;                                   \
        uint64_t old_ip = c->rip;                                               \
        if ((c->mode == CPU_REAL || c->mode == CPU_V86) &&                      \
            off > c->seg[SEG_CS].limit)                                         \
            cpu_gp0(c);                                                         \
        uint64_t s1 = (sp - N / 8) & m, s2 = (sp - 2 * (N / 8)) & m;            \
        cpu_check_write(c, SEG_SS, s1, N / 8);                                  \
        cpu_check_write(c, SEG_SS, s2, N / 8);                                  \
        cpu_write16(c, SEG_SS, s1, old_cs);                                     \
        cpu_write##N(c, SEG_SS, s2, (uint##N##_t)old_ip);                       \
        cpu_load_cs(c, sel, off);                                               \
        stk_set_sp(c, s2);                                                      \
    }
DEF_CALLF(16)
DEF_CALLF(32)
DEF_CALLF(64)
DEF_FAR_MP(16)
DEF_FAR_MP(32)
DEF_FAR_MP(64)

static HANDLER(callf_ap16) { call_far16(c, (uint16_t)i->imm2, i->imm & MASK16); }
static HANDLER(callf_ap32) { call_far32(c, (uint16_t)i->imm2, i->imm & MASK32); }

/* RET far: protected mode in cpu/gates.c; real and V86 mode read IP and
 * CS before anything is committed. */
#define DEF_RETF(N)                                                             \
    static void ret_far##N(struct cpu *c, uint16_t extra)                       \
    {                                                                           \
        if (c->mode == CPU_PROT || c->mode == CPU_LONG) {                       \
            gate_far_ret(c, N / 8, extra);                                      \
            return;                                                             \
        }                                                                       \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        uint64_t off = cpu_read##N(c, SEG_SS, sp);                              \
        uint16_t sel = cpu_read16(c, SEG_SS, (sp + N / 8) & m);                 \
        far_load(c, sel, off);                                                  \
        stk_set_sp(c, sp + 2 * (N / 8) + extra);                                \
    }                                                                           \
    static HANDLER(retf##N) { (void)i; ret_far##N(c, 0); }                      \
    static HANDLER(retf_iw##N) { ret_far##N(c, (uint16_t)i->imm); }
DEF_RETF(16)
DEF_RETF(32)
DEF_RETF(64)

/* ---- software interrupts ---- */

/* SDM INT n: in V86 mode with IOPL < 3 (no VME) INT n, INT3 and INTO are
 * IOPL-sensitive and raise #GP(0); INT1 (ICEBP) is not. */
static void int_v86_check(struct cpu *c)
{
    if (c->mode == CPU_V86 && (c->eflags & F_IOPL) != F_IOPL)
        cpu_gp0(c);
}
static HANDLER(int_ib)
{
    if (c->mode == CPU_V86) {
        /* IOPL and the VME redirection bitmap decide (cpu/v86.c) */
        if (v86_int(c, (int)(i->imm & 0xFF)))
            return;
    }
    cpu_deliver(c, (int)(i->imm & 0xFF), INT_SOFT, false, 0);
}
static HANDLER(int3)
{
    (void)i;
    int_v86_check(c);
    cpu_deliver(c, EXC_BP, INT_SOFT, false, 0);
}
static HANDLER(into)
{
    (void)i;
    if (cpu_of(c)) {
        int_v86_check(c);
        cpu_deliver(c, EXC_OF, INT_SOFT, false, 0);
    }
}
static HANDLER(int1)
{
    (void)i;
    cpu_deliver(c, EXC_DB, INT_ICEBP, false, 0);
}

/* ---- IRET ---- */

/* Real mode and V86 mode with IOPL 3 (SDM IRET, REAL-ADDRESS-MODE):
 * 16-bit IRET loads FLAGS and keeps EFLAGS bits 31:16; IRETD loads the
 * bits selected by 257FD5H and keeps VM, VIF and VIP. In V86 mode IOPL is
 * not changed. */
#define DEF_IRET_REAL(N, FMASK)                                                 \
    static void iret_real##N(struct cpu *c)                                     \
    {                                                                           \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        uint64_t ip = cpu_read##N(c, SEG_SS, sp);                               \
        uint16_t cs = cpu_read16(c, SEG_SS, (sp + N / 8) & m);                  \
        uint32_t fl = cpu_read##N(c, SEG_SS, (sp + 2 * (N / 8)) & m);           \
        uint32_t fmask = (FMASK);                                               \
        if (N == 16 && v86_vme_active(c)) {                                     \
            /* SDM IRET with CR4.VME: VIF <- IF, #GP(0) for TF or a     */      \
            /* pending VIP (checked before CS:IP changes)               */      \
            if ((fl & F_TF) || ((fl & F_IF) && (c->eflags & F_VIP)))            \
                cpu_gp0(c);                                                     \
            far_load(c, cs, ip);                                                \
            stk_set_sp(c, sp + 3 * (N / 8));                                    \
            v86_popf16(c, (uint16_t)fl);                                        \
            return;                                                             \
        }                                                                       \
        if (c->mode == CPU_V86) {                                               \
            if ((c->eflags & F_IOPL) != F_IOPL)                                 \
                cpu_gp0(c);                                                     \
            fmask &= ~(uint32_t)F_IOPL;                                         \
        }                                                                       \
        far_load(c, cs, ip);                                                    \
        stk_set_sp(c, sp + 3 * (N / 8));                                        \
        cpu_write_eflags(c, fl, fmask);                                         \
    }
DEF_IRET_REAL(16, 0x7FD5u)
DEF_IRET_REAL(32, 0x257FD5u)

/* Protected-mode IRET (SDM IRET, PROTECTED-MODE): NT=1 returns to the
 * task in the back link; VM=1 in the popped EFLAGS at CPL 0 returns to
 * virtual-8086 mode; otherwise the CS checks of a return, and for a return
 * to an outer level (always in 64-bit mode) SS:SP popped and checked too. */
#define DEF_IRET_PROT(N)                                                        \
    static void iret_prot##N(struct cpu *c)                                     \
    {                                                                           \
        uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);                            \
        bool was64 = in64(c);                                                   \
        if (c->eflags & F_NT) {                                                 \
            if (c->mode == CPU_LONG) /* no task return in IA-32e mode */        \
                cpu_gp0(c);                                                     \
            task_return(c);                                                     \
            return;                                                             \
        }                                                                       \
        const unsigned sz = N / 8;                                              \
        uint64_t ip = cpu_read##N(c, SEG_SS, sp);                               \
        uint16_t cs = cpu_read16(c, SEG_SS, (sp + sz) & m);                     \
        uint32_t fl = (uint32_t)cpu_read##N(c, SEG_SS, (sp + 2 * sz) & m);      \
        unsigned old_cpl = c->cpl;                                              \
        uint32_t iopl = (c->eflags & F_IOPL) >> 12;                             \
        if (N == 32 && (fl & F_VM) && old_cpl == 0 && c->mode == CPU_PROT) {    \
            /* return to virtual-8086 mode: ESP SS ES DS FS GS follow */        \
            uint32_t v[6];                                                      \
            for (unsigned k = 0; k < 6; k++)                                    \
                v[k] = cpu_read32(c, SEG_SS, (sp + (3 + k) * 4) & m);           \
            cpu_write_eflags(c, fl, 0x3F7FD5u);                                 \
            cpu_update_mode(c);                                                 \
            cpu_load_cs(c, cs, ip & 0xFFFF);                                    \
            cpu_load_seg(c, SEG_ES, (uint16_t)v[2]);                            \
            cpu_load_seg(c, SEG_DS, (uint16_t)v[3]);                            \
            cpu_load_seg(c, SEG_FS, (uint16_t)v[4]);                            \
            cpu_load_seg(c, SEG_GS, (uint16_t)v[5]);                            \
            cpu_load_seg(c, SEG_SS, (uint16_t)v[1]);                            \
            c->gpr[R_SP] = v[0];                                                \
            return;                                                             \
        }                                                                       \
        struct desc d = seg_check_ret_cs(c, cs);                                \
        uint32_t fmask = F_STATUS | F_TF | F_DF | F_NT;                         \
        if (N > 16)                                                             \
            fmask |= F_RF | F_AC | F_ID;                                        \
        if (old_cpl <= iopl)                                                    \
            fmask |= F_IF;                                                      \
        if (old_cpl == 0) {                                                     \
            fmask |= F_IOPL;                                                    \
            if (N > 16)                                                         \
                fmask |= F_VIF | F_VIP;                                         \
        }                                                                       \
        if ((cs & 3u) > old_cpl || was64) {                                     \
            uint64_t nsp = cpu_read##N(c, SEG_SS, (sp + 3 * sz) & m);           \
            uint16_t nss = cpu_read16(c, SEG_SS, (sp + 4 * sz) & m);            \
            struct desc sd = {0, 0};                                            \
            /* null SS only for a return to 64-bit code at CPL < 3 */          \
            bool null_ss = c->mode == CPU_LONG && (d.hi & (1u << 21)) &&        \
                           (nss & 0xFFFCu) == 0 && (cs & 3u) != 3;              \
            if (!null_ss)                                                       \
                sd = seg_check_ss(c, nss, cs & 3u, EXC_GP, 0);                  \
            seg_commit_cs(c, cs, d, ip);                                        \
            if (null_ss) {                                                      \
                c->seg[SEG_SS].sel = nss;                                       \
                c->seg[SEG_SS].attr = 0;                                        \
            } else {                                                            \
                seg_cache_load(c, &c->seg[SEG_SS], nss, sd);                    \
            }                                                                   \
            if (was64)                                                          \
                c->gpr[R_SP] = nsp;                                             \
            else                                                                \
                stk_set_sp(c, nsp);                                             \
            cpu_write_eflags(c, fl, fmask);                                     \
            if (c->cpl > old_cpl)                                               \
                seg_null_outer(c);                                              \
            return;                                                             \
        }                                                                       \
        seg_commit_cs(c, cs, d, ip);                                            \
        stk_set_sp(c, sp + 3 * sz);                                             \
        cpu_write_eflags(c, fl, fmask);                                         \
    }
DEF_IRET_PROT(16)
DEF_IRET_PROT(32)
DEF_IRET_PROT(64)

static HANDLER(iret16)
{
    (void)i;
    if (c->mode == CPU_REAL || c->mode == CPU_V86)
        iret_real16(c);
    else
        iret_prot16(c);
}
static HANDLER(iret32)
{
    (void)i;
    if (c->mode == CPU_REAL || c->mode == CPU_V86)
        iret_real32(c);
    else
        iret_prot32(c);
}
static HANDLER(iret64)
{
    (void)i;
    iret_prot64(c);
}

/* ---- BOUND ---- */

/* SDM BOUND: signed compare against the pair at the memory operand; #BR
 * (a fault: the saved IP is that of BOUND) if outside. */
#define DEF_BOUND(N)                                                            \
    static HANDLER(bound##N)                                                    \
    {                                                                           \
        uint64_t ea = cpu_ea(c, i);                                             \
        int##N##_t lo = (int##N##_t)cpu_read##N(c, i->seg, ea);                 \
        int##N##_t hi = (int##N##_t)cpu_read##N(c, i->seg, (ea + N / 8) & i->amask); \
        int##N##_t v = (int##N##_t)cpu_get##N(c, i->reg);                       \
        if (v < lo || v > hi)                                                   \
            cpu_fault_noerr(c, EXC_BR);                                         \
    }
DEF_BOUND(16)
DEF_BOUND(32)

void cpu_register_control(void)
{
    H_S(IOP_JMP_Jb, jmp_rel);
    H_S(IOP_JMP_Jz, jmp_rel);
    H_S(IOP_JCC_Jb, jcc);
    H_S(IOP_JCC_Jz, jcc);
    H_S(IOP_JCXZ_Jb, jcxz);
    H_S(IOP_LOOP_Jb, loop);
    H_S(IOP_LOOPE_Jb, loope);
    H_S(IOP_LOOPNE_Jb, loopne);
    H_V(IOP_JMP_Ev, jmp_ev);
    H_S(IOP_CALL_Jz, call_rel);
    H_V(IOP_CALL_Ev, call_ev);
    H_S(IOP_RET, ret);
    H_S(IOP_RET_Iw, ret_iw);
    cpu_set_handlers(IOP_JMPF_Ap, jmpf_ap16, jmpf_ap16, jmpf_ap32, jmpf_ap32, jmpf_ap32,
                     jmpf_ap32);
    cpu_set_handlers(IOP_CALLF_Ap, callf_ap16, callf_ap16, callf_ap32, callf_ap32,
                     callf_ap32, callf_ap32);
    cpu_set_handlers(IOP_JMPF_Mp, jmpf_mp16, jmpf_mp16, jmpf_mp32, jmpf_mp32, jmpf_mp64,
                     jmpf_mp64);
    cpu_set_handlers(IOP_CALLF_Mp, callf_mp16, callf_mp16, callf_mp32, callf_mp32,
                     callf_mp64, callf_mp64);
    H_S(IOP_RETF, retf);
    H_S(IOP_RETF_Iw, retf_iw);
    H_ONE(IOP_INT_Ib, int_ib);
    H_ONE(IOP_INT3, int3);
    H_ONE(IOP_INTO, into);
    H_ONE(IOP_INT1, int1);
    H_S(IOP_IRET, iret);
    cpu_set_handlers(IOP_BOUND_GvMa, bound16, bound16, bound32, bound32, bound32, bound32);
}
