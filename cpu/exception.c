/* cpu/exception.c: raising exceptions and delivering interrupts.
 *
 * A fault restores RIP to the faulting instruction, delivers the exception
 * (combining it with one being delivered into #DF or a triple fault as SDM
 * Vol.3 6.15 Table 6-5 says) and longjmps back to the execution loop.
 */
#include <stdlib.h>

#include "cpu/prot.h"
#include "machine/log.h"

static bool contributory(int v)
{
    return v == EXC_DE || v == EXC_TS || v == EXC_NP || v == EXC_SS || v == EXC_GP;
}

static _Noreturn void unwind(struct cpu *c)
{
    if (!c->fault_jmp) {
        /* cannot happen from the run loop; a caller outside it misused the API */
        log_msg(c->mach, LOG_PANIC, "cpu", "exception raised outside the execution loop");
        abort();
    }
    longjmp(*c->fault_jmp, 1);
}

static _Noreturn void raise_exc(struct cpu *c, int vec, bool has_err, uint32_t err)
{
    cpu_icount_sync(c); /* before delivery can change insn_rip */
    c->rip = c->insn_rip; /* faults point at the faulting instruction */
    int first = c->pending_vec;
    if (first >= 0) {
        /* a second exception while delivering the first (Table 6-5) */
        if (first == EXC_DF) {
            log_error(c->mach, "cpu",
                      "triple fault (exception %d while delivering #DF) at %04X:%08llX: resetting",
                      vec, c->seg[SEG_CS].sel, (unsigned long long)c->insn_rip);
            c->pending_vec = -1;
            c->triple_fault = true;
            cpu_reset(c);
            unwind(c);
        }
        if ((contributory(first) && contributory(vec)) ||
            (first == EXC_PF && (contributory(vec) || vec == EXC_PF))) {
            vec = EXC_DF;
            has_err = c->mode != CPU_REAL;
            err = 0;
        }
    }
    c->pending_vec = vec;
    c->exc_vec = vec;
    c->exc_err = err;
    c->exc_has_err = has_err;
    c->halted = false;
    c->dbg_pending &= ~0xFu; /* breakpoint hits of an instruction that faulted */
    cpu_deliver(c, vec, INT_EXC, has_err, err);
    c->pending_vec = -1;
    unwind(c);
}

_Noreturn void cpu_fault(struct cpu *c, int vec, uint32_t err)
{
    /* SDM Vol.3 6.13: these push an error code (#DF: 0) */
    bool has_err = vec == EXC_DF || vec == EXC_TS || vec == EXC_NP || vec == EXC_SS ||
                   vec == EXC_GP || vec == EXC_PF || vec == EXC_AC;
    /* real mode and V86-through-IVT never push error codes */
    if (c->mode == CPU_REAL)
        has_err = false;
    raise_exc(c, vec, has_err, err);
}

_Noreturn void cpu_fault_noerr(struct cpu *c, int vec) { raise_exc(c, vec, false, 0); }

/* Real mode: SDM Vol.3 20.1.4. The IVT entry is at IDTR.base + vec*4. */
static void deliver_real(struct cpu *c, int vec)
{
    if ((uint32_t)vec * 4 + 3 > c->idtr.limit)
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2);
    uint64_t ent = c->idtr.base + (uint64_t)vec * 4;
    uint16_t ip = cpu_lread16(c, ent);
    uint16_t cs = cpu_lread16(c, ent + 2);
    uint32_t fl = cpu_get_eflags(c);
    cpu_push16(c, (uint16_t)fl);
    cpu_push16(c, c->seg[SEG_CS].sel);
    cpu_push16(c, (uint16_t)c->rip);
    c->eflags &= ~(uint32_t)(F_IF | F_TF | F_AC | F_RF);
    cpu_load_seg_real(c, SEG_CS, cs);
    c->rip = ip;
}

/* Task gate in the IDT: SDM INT n, "TASK-GATE" and Vol.3 6.11. */
static void deliver_task(struct cpu *c, uint32_t gate_lo, uint32_t ext, bool has_err,
                         uint32_t err)
{
    uint16_t tsel = (uint16_t)(gate_lo >> 16);
    if (tsel & 4u)
        cpu_fault(c, EXC_GP, (tsel & 0xFFFCu) | ext);
    struct desc t = seg_desc_get(c, tsel, EXC_GP, ext);
    unsigned ty = desc_type(t);
    if (desc_s(t) || (ty != DT_TSS16_AVL && ty != DT_TSS32_AVL))
        cpu_fault(c, EXC_GP, (tsel & 0xFFFCu) | ext);
    if (!desc_p(t))
        cpu_fault(c, EXC_NP, (tsel & 0xFFFCu) | ext);
    task_switch(c, tsel, t, TASK_INT, ext, has_err, err);
}

/* Protected mode through an interrupt, trap or task gate (SDM Vol.3 6.10-
 * 6.12 and INT n in Vol.2): the IDT entry and the target code segment are
 * checked with error codes carrying IDT and EXT, an inner-privilege
 * handler gets the stack of its level from the TSS, and an interrupt in
 * virtual-8086 mode also saves GS FS DS ES and leaves them null. */
static void deliver_prot(struct cpu *c, int vec, int kind, bool has_err, uint32_t err)
{
    uint32_t ext = kind == INT_SOFT ? 0 : 1;
    uint32_t idt_err = (uint32_t)vec * 8 + 2 + ext;
    if ((uint32_t)vec * 8 + 7 > c->idtr.limit)
        cpu_fault(c, EXC_GP, idt_err);
    uint64_t ent = c->idtr.base + (uint64_t)vec * 8;
    struct desc g = {cpu_lread32(c, ent), cpu_lread32(c, ent + 4)};
    unsigned type = desc_type(g);
    bool ok = !desc_s(g) && (type == DT_TASK || type == DT_INT16 || type == DT_TRAP16 ||
                             type == DT_INT32 || type == DT_TRAP32);
    if (!ok)
        cpu_fault(c, EXC_GP, idt_err);
    if (kind == INT_SOFT && desc_dpl(g) < c->cpl)
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2);
    if (!desc_p(g))
        cpu_fault(c, EXC_NP, idt_err);
    if (type == DT_TASK) {
        deliver_task(c, g.lo, ext, has_err, err);
        return;
    }
    uint16_t csel = (uint16_t)(g.lo >> 16);
    if ((csel & 0xFFFCu) == 0)
        cpu_fault(c, EXC_GP, ext);
    struct desc d = seg_desc_get(c, csel, EXC_GP, ext);
    if (!desc_code(d) || desc_dpl(d) > c->cpl)
        cpu_fault(c, EXC_GP, (csel & 0xFFFCu) | ext);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, (csel & 0xFFFCu) | ext);
    bool is32 = type >= 8;
    unsigned sz = is32 ? 4 : 2;
    uint32_t off = (g.lo & 0xFFFFu) | (is32 ? (g.hi & 0xFFFF0000u) : 0);
    uint32_t fl = cpu_get_eflags(c);
    uint16_t old_cs = c->seg[SEG_CS].sel;
    uint32_t old_ip = (uint32_t)c->rip;
    bool v86 = c->mode == CPU_V86;
    uint32_t clear = F_TF | F_NT | F_RF | F_VM | ((type & 1u) ? 0 : F_IF);

    if (!desc_conforming(d) && desc_dpl(d) < c->cpl) {
        /* INTER-PRIVILEGE-LEVEL-INTERRUPT */
        unsigned pl = desc_dpl(d);
        if (v86 && pl != 0)
            cpu_fault(c, EXC_GP, (csel & 0xFFFCu) | ext);
        uint16_t nss;
        uint32_t nesp;
        gate_tss_stack(c, pl, ext, &nss, &nesp);
        struct desc sd = seg_check_ss(c, nss, pl, EXC_TS, ext);
        struct nstack ns;
        gate_ns_init(&ns, sd, nss, nesp, ext);
        gate_ns_room(c, &ns, ((v86 ? 9u : 5u) + has_err) * sz);
        if (off > desc_limit(d))
            cpu_fault(c, EXC_GP, ext);
        if (v86) {
            gate_ns_push(c, &ns, c->seg[SEG_GS].sel, sz);
            gate_ns_push(c, &ns, c->seg[SEG_FS].sel, sz);
            gate_ns_push(c, &ns, c->seg[SEG_DS].sel, sz);
            gate_ns_push(c, &ns, c->seg[SEG_ES].sel, sz);
        }
        gate_ns_push(c, &ns, c->seg[SEG_SS].sel, sz);
        gate_ns_push(c, &ns, (uint32_t)c->gpr[R_SP], sz);
        gate_ns_push(c, &ns, fl, sz);
        gate_ns_push(c, &ns, old_cs, sz);
        gate_ns_push(c, &ns, old_ip, sz);
        if (has_err)
            gate_ns_push(c, &ns, err, sz);
        c->eflags &= ~clear;
        if (v86) {
            static const int segs[4] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
            for (int k = 0; k < 4; k++) {
                struct seg *s = &c->seg[segs[k]];
                s->sel = 0;
                s->base = 0;
                s->limit = 0;
                s->attr = 0;
            }
        }
        seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | pl), d, off);
        gate_ns_load_ss(c, &ns, sd);
        return;
    }
    /* INTRA-PRIVILEGE-LEVEL-INTERRUPT; from V86 mode only to ring 0 */
    if (v86)
        cpu_fault(c, EXC_GP, (csel & 0xFFFCu) | ext);
    uint64_t m = cpu_sp_mask(c), sp = c->gpr[R_SP] & m;
    unsigned n = (3u + has_err) * sz;
    cpu_check_write(c, SEG_SS, (sp - n) & m, n);
    if (off > desc_limit(d))
        cpu_fault(c, EXC_GP, ext);
    seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | c->cpl), d, off);
    if (is32) {
        cpu_push32(c, fl);
        cpu_push32(c, old_cs);
        cpu_push32(c, old_ip);
        if (has_err)
            cpu_push32(c, err);
    } else {
        cpu_push16(c, (uint16_t)fl);
        cpu_push16(c, old_cs);
        cpu_push16(c, (uint16_t)old_ip);
        if (has_err)
            cpu_push16(c, (uint16_t)err);
    }
    c->eflags &= ~clear;
}

void cpu_deliver(struct cpu *c, int vec, int kind, bool has_err, uint32_t err)
{
    c->halted = false;
    if (c->mode == CPU_REAL)
        deliver_real(c, vec);
    else if (c->mode == CPU_LONG)
        lm_deliver(c, vec, kind, has_err, err); /* cpu/long.c, SDM Vol.3 6.14 */
    else
        deliver_prot(c, vec, kind, has_err, err);
}
