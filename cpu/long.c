/* cpu/long.c: system transfers of IA-32e mode (long mode).
 *
 * - interrupt and exception delivery through 64-bit IDT gates (16-byte
 *   descriptors), with the interrupt stack table and the 64-bit TSS
 *   (SDM Vol.3 6.14 and INT n in Vol.2);
 * - far JMP/CALL through 64-bit call gates (SDM Vol.3 5.8.3.1, 5.8.5 and
 *   CALL/JMP in Vol.2);
 * - SYSCALL, SYSRET and SWAPGS (Vol.2 instruction pages).
 *
 * In 64-bit mode the stack is addressed linearly (no SS base or limit),
 * so the frames are written with cpu_lstack_*: the supervisor-mode
 * accesses of a transfer to CPL 0-2, or user-mode ones at CPL 3.
 */
#include "cpu/handlers.h"
#include "cpu/insn_util.h"
#include "cpu/prot.h"

#define EFER_SCE (1ull << 0)
#define EFER_LMA (1ull << 10)

static bool desc_l(struct desc d) { return d.hi & (1u << 21); }
static bool desc_d(struct desc d) { return d.hi & (1u << 22); }

/* A 64-bit stack pointer from the current 64-bit TSS at offset off
 * (RSPn at 4 + 8n, ISTn at 28 + 8n, SDM Vol.3 Figure 7-11): #TS(TR
 * selector | ext) when it lies beyond the TSS limit. */
static uint64_t tss_rsp(struct cpu *c, uint32_t off, uint32_t ext)
{
    if (!(c->tr.attr & SA_P) || off + 7 > c->tr.limit)
        cpu_fault(c, EXC_TS, (c->tr.sel & 0xFFFCu) | ext);
    return cpu_lread64(c, c->tr.base + off);
}

/* SS after an inner transfer in IA-32e mode: a null selector whose RPL is
 * the new CPL (SDM Vol.3 6.14.4 and 5.8.5). */
static void null_ss(struct cpu *c, unsigned pl)
{
    struct seg *s = &c->seg[SEG_SS];
    s->sel = (uint16_t)pl;
    s->base = 0;
    s->limit = 0;
    s->attr = (uint16_t)(pl << 5);
}

/* Pushes n qwords v[0..n-1] (v[0] first, so at the highest address)
 * below top, after checking that the whole frame is canonical (#SS(err))
 * and writable (#PF); returns the new stack pointer. */
static uint64_t push_frame(struct cpu *c, uint64_t top, const uint64_t *v, unsigned n, bool user,
                           uint32_t ss_err)
{
    uint64_t lo = top - 8ull * n;
    if (!canonical48(lo) || !canonical48(top - 1))
        cpu_fault(c, EXC_SS, ss_err);
    cpu_lstack_check(c, lo, 8 * n, user);
    for (unsigned k = 0; k < n; k++)
        cpu_lstack_write64(c, top - 8ull * (k + 1), v[k], user);
    return lo;
}

/* ---- interrupts and exceptions (SDM Vol.3 6.14) ---- */

void lm_deliver(struct cpu *c, int vec, int kind, bool has_err, uint32_t err)
{
    uint32_t ext = kind == INT_SOFT ? 0 : 1;
    uint32_t idt_err = (uint32_t)vec * 8 + 2 + ext;
    /* 6.14.1: 16-byte gates; only 64-bit interrupt and trap gates */
    if ((uint32_t)vec * 16 + 15 > c->idtr.limit)
        cpu_fault(c, EXC_GP, idt_err);
    uint64_t ent = c->idtr.base + (uint64_t)vec * 16;
    struct desc g = {cpu_lread32(c, ent), cpu_lread32(c, ent + 4)};
    uint32_t off_hi = cpu_lread32(c, ent + 8);
    unsigned type = desc_type(g);
    if (desc_s(g) || (type != DT_INT32 && type != DT_TRAP32))
        cpu_fault(c, EXC_GP, idt_err);
    if (kind == INT_SOFT && desc_dpl(g) < c->cpl)
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2);
    if (!desc_p(g))
        cpu_fault(c, EXC_NP, idt_err);

    uint16_t csel = (uint16_t)(g.lo >> 16);
    if ((csel & 0xFFFCu) == 0)
        cpu_fault(c, EXC_GP, ext);
    struct desc d = seg_desc_get(c, csel, EXC_GP, ext);
    /* the target must be 64-bit code (L=1, D=0) of DPL <= CPL */
    if (!desc_code(d) || desc_dpl(d) > c->cpl || !desc_l(d) || desc_d(d))
        cpu_fault(c, EXC_GP, (csel & 0xFFFCu) | ext);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, (csel & 0xFFFCu) | ext);

    uint64_t off = (g.lo & 0xFFFFu) | (g.hi & 0xFFFF0000u) | ((uint64_t)off_hi << 32);
    unsigned ist = g.hi & 7u;
    unsigned pl = desc_conforming(d) ? c->cpl : desc_dpl(d);
    bool inner = pl < c->cpl;
    /* 6.14.4/6.14.5: the IST pointer, else RSPn of the new level on a
     * privilege change, else the current RSP; then aligned to 16 bytes */
    uint64_t rsp;
    if (ist)
        rsp = tss_rsp(c, 28 + 8 * ist, ext);
    else if (inner)
        rsp = tss_rsp(c, 4 + 8 * pl, ext);
    else
        rsp = c->gpr[R_SP];
    if (!canonical48(off))
        cpu_fault(c, EXC_GP, ext);
    rsp &= ~0xFull;

    /* 6.14.2: SS:RSP, RFLAGS, CS:RIP and the error code, 8 bytes each,
     * SS:RSP pushed whether or not the privilege level changes */
    uint64_t frame[6] = {c->seg[SEG_SS].sel, c->gpr[R_SP], cpu_get_eflags(c),
                         c->seg[SEG_CS].sel, c->rip, err};
    uint64_t nsp = push_frame(c, rsp, frame, has_err ? 6 : 5, pl == 3, ext);

    seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | pl), d, off);
    if (inner)
        null_ss(c, pl);
    c->gpr[R_SP] = nsp;
    c->eflags &= ~(uint32_t)(F_TF | F_NT | F_RF | F_VM | (type == DT_INT32 ? F_IF : 0));
}

/* ---- 64-bit call gates (SDM Vol.3 5.8.3.1) ---- */

/* JMP or CALL through the call gate sel whose first 8 bytes are g. In
 * IA-32e mode type 12 is the 16-byte 64-bit call gate; other gate and
 * TSS types have been refused by the caller. */
void lm_call_gate(struct cpu *c, uint16_t sel, struct desc g, bool is_call)
{
    /* the upper 8 bytes: bits 31:0 of the offset's top half, and a type
     * field that must be 0 (#GP(gate selector)) */
    uint64_t tbase = (sel & 4u) ? c->ldtr.base : c->gdtr.base;
    uint32_t tlimit = (sel & 4u) ? c->ldtr.limit : c->gdtr.limit;
    if ((uint32_t)(sel | 7u) + 8 > tlimit)
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    uint32_t off_hi = cpu_lread32(c, tbase + (sel & ~7u) + 8);
    uint32_t up = cpu_lread32(c, tbase + (sel & ~7u) + 12);
    if (up & 0x1F00u)
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (desc_dpl(g) < c->cpl || desc_dpl(g) < (sel & 3u))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!desc_p(g))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);

    uint16_t csel = (uint16_t)(g.lo >> 16);
    if ((csel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc t = seg_desc_get(c, csel, EXC_GP, 0);
    bool bad = !desc_code(t) || !desc_l(t) || desc_d(t);
    if (is_call)
        bad = bad || desc_dpl(t) > c->cpl;
    else
        bad = bad || (desc_conforming(t) ? desc_dpl(t) > c->cpl : desc_dpl(t) != c->cpl);
    if (bad)
        cpu_fault(c, EXC_GP, csel & 0xFFFCu);
    if (!desc_p(t))
        cpu_fault(c, EXC_NP, csel & 0xFFFCu);
    uint64_t off = (g.lo & 0xFFFFu) | (g.hi & 0xFFFF0000u) | ((uint64_t)off_hi << 32);
    if (!canonical48(off))
        cpu_gp0(c);

    if (!is_call) {
        seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | c->cpl), t, off);
        return;
    }
    uint64_t old_cs = c->seg[SEG_CS].sel, old_rip = c->rip;
    if (!desc_conforming(t) && desc_dpl(t) < c->cpl) {
        /* MORE-PRIVILEGE: the new RSP from the 64-bit TSS, SS null; old
         * SS:RSP and CS:RIP pushed as quadwords, no parameters copied */
        unsigned pl = desc_dpl(t);
        uint64_t rsp = tss_rsp(c, 4 + 8 * pl, 0);
        uint64_t frame[4] = {c->seg[SEG_SS].sel, c->gpr[R_SP], old_cs, old_rip};
        uint64_t nsp = push_frame(c, rsp, frame, 4, false, 0);
        seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | pl), t, off);
        null_ss(c, pl);
        c->gpr[R_SP] = nsp;
        return;
    }
    /* SAME-PRIVILEGE: CS and RIP pushed as quadwords on the current stack */
    uint64_t frame[2] = {old_cs, old_rip};
    uint64_t nsp = push_frame(c, c->gpr[R_SP], frame, 2, c->cpl == 3, 0);
    seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | c->cpl), t, off);
    c->gpr[R_SP] = nsp;
}

/* ---- SYSCALL / SYSRET / SWAPGS ---- */

/* The fixed flat caches SYSCALL and SYSRET load without reading the GDT. */
static void fixed_seg(struct seg *s, uint16_t sel, bool code, unsigned dpl, bool l64)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0xFFFFFFFFu;
    uint16_t a = (uint16_t)(SA_P | SA_S | SA_G | (dpl << 5) | (code ? 0xB : 0x3));
    a |= code && l64 ? SA_L : SA_DB;
    s->attr = a;
}

/* SDM SYSCALL: #UD outside 64-bit mode or with EFER.SCE=0 (Intel CPUs do
 * not execute SYSCALL in legacy or compatibility mode). */
static HANDLER(syscall_)
{
    (void)i;
    if (!in64(c) || !(c->efer & EFER_SCE))
        cpu_ud(c);
    uint16_t ksel = (uint16_t)(c->msr_star >> 32);
    uint32_t fl = cpu_get_eflags(c) & ~(uint32_t)F_RF;
    c->gpr[R_CX] = c->rip;
    c->gpr[R_R11] = fl;
    cpu_write_eflags(c, fl & ~(uint32_t)c->msr_sfmask & ~(uint32_t)F_RF, 0x3F7FD7u);
    fixed_seg(&c->seg[SEG_CS], ksel & 0xFFFCu, true, 0, true);
    fixed_seg(&c->seg[SEG_SS], (uint16_t)(ksel + 8), false, 0, false);
    c->cpl = 0;
    cpu_update_mode(c);
    c->rip = c->msr_lstar;
}

/* SDM SYSRET: #UD as SYSCALL; #GP(0) at CPL > 0 and, for a return to
 * 64-bit mode (REX.W), when RCX is not canonical. */
static void sysret(struct cpu *c, bool to64)
{
    if (!in64(c) || !(c->efer & EFER_SCE))
        cpu_ud(c);
    if (c->cpl != 0)
        cpu_gp0(c);
    if (to64 && !canonical48(c->gpr[R_CX]))
        cpu_gp0(c);
    uint16_t usel = (uint16_t)(c->msr_star >> 48);
    uint64_t rip = to64 ? c->gpr[R_CX] : (uint32_t)c->gpr[R_CX];
    cpu_write_eflags(c, ((uint32_t)c->gpr[R_R11] & 0x3C7FD7u) | F_1, 0x3F7FD7u);
    fixed_seg(&c->seg[SEG_CS], (uint16_t)((to64 ? usel + 16 : usel) | 3), true, 3, to64);
    fixed_seg(&c->seg[SEG_SS], (uint16_t)((usel + 8) | 3), false, 3, false);
    c->cpl = 3;
    cpu_update_mode(c);
    c->rip = rip;
}
static HANDLER(sysret32) { (void)i; sysret(c, false); }
static HANDLER(sysret64) { (void)i; sysret(c, true); }

/* SDM SWAPGS: 64-bit mode only (the decoder gives #UD elsewhere), CPL 0;
 * exchanges GS.base with IA32_KERNEL_GS_BASE. */
static HANDLER(swapgs)
{
    (void)i;
    if (c->cpl != 0)
        cpu_gp0(c);
    uint64_t t = c->seg[SEG_GS].base;
    c->seg[SEG_GS].base = c->msr_kernel_gs_base;
    c->msr_kernel_gs_base = t;
}

void cpu_register_long(void)
{
    H_ONE(IOP_SYSCALL, syscall_);
    cpu_set_handlers(IOP_SYSRET, sysret32, sysret32, sysret32, sysret32, sysret64, sysret64);
    H_ONE(IOP_SWAPGS, swapgs);
}
