/* cpu/exception.c: raising exceptions and delivering interrupts.
 *
 * A fault restores RIP to the faulting instruction, delivers the exception
 * (combining it with one being delivered into #DF or a triple fault as SDM
 * Vol.3 6.15 Table 6-5 says) and longjmps back to the execution loop.
 */
#include <stdlib.h>

#include "cpu/cpu.h"
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
            has_err = true;
            err = 0;
        }
    }
    c->pending_vec = vec;
    c->halted = false;
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

/* Protected mode through a 32/16-bit interrupt or trap gate to the same
 * privilege level; privilege changes, task gates, V86 and 64-bit IDTs
 * are delivered by the system-architecture code when it exists. */
static void deliver_prot(struct cpu *c, int vec, int kind, bool has_err, uint32_t err)
{
    uint32_t ext = kind == INT_EXT || kind == INT_EXC ? 1 : 0;
    if ((uint32_t)vec * 8 + 7 > c->idtr.limit)
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2 + ext);
    uint64_t ent = c->idtr.base + (uint64_t)vec * 8;
    uint32_t lo = cpu_lread32(c, ent), hi = cpu_lread32(c, ent + 4);
    unsigned type = (hi >> 8) & 0x1F, dpl = (hi >> 13) & 3;
    bool is32 = type == 0xE || type == 0xF, is16 = type == 0x6 || type == 0x7;
    if (!is32 && !is16) {
        log_error(c->mach, "cpu", "IDT vector %d: gate type %#x not supported yet", vec, type);
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2 + ext);
    }
    if (kind == INT_SOFT && dpl < c->cpl)
        cpu_fault(c, EXC_GP, (uint32_t)vec * 8 + 2);
    if (!(hi & 0x8000))
        cpu_fault(c, EXC_NP, (uint32_t)vec * 8 + 2 + ext);
    uint16_t sel = (uint16_t)(lo >> 16);
    uint32_t off = (lo & 0xFFFF) | (hi & 0xFFFF0000u);
    if (is16)
        off &= 0xFFFF;
    uint32_t fl = cpu_get_eflags(c);
    uint16_t old_cs = c->seg[SEG_CS].sel;
    uint64_t old_rip = c->rip;
    cpu_load_cs(c, sel, off);
    if (is32) {
        cpu_push32(c, fl);
        cpu_push32(c, old_cs);
        cpu_push32(c, (uint32_t)old_rip);
        if (has_err)
            cpu_push32(c, err);
    } else {
        cpu_push16(c, (uint16_t)fl);
        cpu_push16(c, old_cs);
        cpu_push16(c, (uint16_t)old_rip);
        if (has_err)
            cpu_push16(c, (uint16_t)err);
    }
    c->eflags &= ~(uint32_t)(F_TF | F_NT | F_RF | F_VM);
    if ((type & 1) == 0)
        c->eflags &= ~(uint32_t)F_IF; /* interrupt gate */
}

void cpu_deliver(struct cpu *c, int vec, int kind, bool has_err, uint32_t err)
{
    c->halted = false;
    if (c->mode == CPU_REAL)
        deliver_real(c, vec);
    else
        deliver_prot(c, vec, kind, has_err, err);
}
