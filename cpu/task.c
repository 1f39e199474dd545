/* cpu/task.c: hardware task switching (SDM Vol.3 7.3) with 16-bit and
 * 32-bit TSSs: busy bits, NT and the back link, LDT and CR3 switch, the
 * T (debug trap) bit, and the checks of the new task's segments with their
 * #TS/#NP/#SS codes. Faults after the switch has committed are delivered
 * in the context of the new task, as the SDM says.
 */
#include "cpu/prot.h"
#include "memory/paging.h"

/* Offsets in a 32-bit TSS (SDM Vol.3 Figure 7-2) */
enum {
    T32_LINK = 0x00, T32_CR3 = 0x1C, T32_EIP = 0x20, T32_EFLAGS = 0x24, T32_EAX = 0x28,
    T32_ES = 0x48, T32_LDT = 0x60, T32_T = 0x64,
};
/* Offsets in a 16-bit TSS (SDM Vol.3 Figure 7-11) */
enum { T16_IP = 0x0E, T16_FLAGS = 0x10, T16_AX = 0x12, T16_ES = 0x22, T16_LDT = 0x2A };

#define DR6_BT 0x8000u

struct tstate {
    uint32_t eip, eflags, gpr[8], cr3;
    uint16_t sreg[6], ldt;
    bool trap;
};

static bool tss32(struct desc d) { return desc_type(d) >= 8; }

static void read_state(struct cpu *c, uint64_t base, bool t32, struct tstate *t)
{
    if (t32) {
        t->cr3 = cpu_lread32(c, base + T32_CR3);
        t->eip = cpu_lread32(c, base + T32_EIP);
        t->eflags = cpu_lread32(c, base + T32_EFLAGS);
        for (int k = 0; k < 8; k++)
            t->gpr[k] = cpu_lread32(c, base + T32_EAX + 4u * (unsigned)k);
        for (int k = 0; k < 6; k++)
            t->sreg[k] = cpu_lread16(c, base + T32_ES + 4u * (unsigned)k);
        t->ldt = cpu_lread16(c, base + T32_LDT);
        t->trap = cpu_lread16(c, base + T32_T) & 1u;
    } else {
        t->cr3 = 0;
        t->eip = cpu_lread16(c, base + T16_IP);
        /* a 16-bit TSS holds FLAGS: bits 31:16 come up clear */
        t->eflags = cpu_lread16(c, base + T16_FLAGS);
        for (int k = 0; k < 8; k++)
            t->gpr[k] = cpu_lread16(c, base + T16_AX + 2u * (unsigned)k);
        for (int k = 0; k < 4; k++)
            t->sreg[k] = cpu_lread16(c, base + T16_ES + 2u * (unsigned)k);
        t->sreg[SEG_FS] = t->sreg[SEG_GS] = 0;
        t->ldt = cpu_lread16(c, base + T16_LDT);
        t->trap = false;
    }
}

/* Saves the outgoing task's dynamic fields (SDM Vol.3 7.3 step 7). */
static void save_state(struct cpu *c, uint32_t eflags)
{
    uint64_t base = c->tr.base;
    if ((c->tr.attr & SA_TYPE) >= 9) {
        cpu_lwrite32(c, base + T32_EIP, (uint32_t)c->rip);
        cpu_lwrite32(c, base + T32_EFLAGS, eflags);
        for (int k = 0; k < 8; k++)
            cpu_lwrite32(c, base + T32_EAX + 4u * (unsigned)k, (uint32_t)c->gpr[k]);
        for (int k = 0; k < 6; k++)
            cpu_lwrite16(c, base + T32_ES + 4u * (unsigned)k, c->seg[k].sel);
    } else {
        cpu_lwrite16(c, base + T16_IP, (uint16_t)c->rip);
        cpu_lwrite16(c, base + T16_FLAGS, (uint16_t)eflags);
        for (int k = 0; k < 8; k++)
            cpu_lwrite16(c, base + T16_AX + 2u * (unsigned)k, (uint16_t)c->gpr[k]);
        for (int k = 0; k < 4; k++)
            cpu_lwrite16(c, base + T16_ES + 2u * (unsigned)k, c->seg[k].sel);
    }
}

static void set_busy(struct cpu *c, uint16_t sel, bool busy)
{
    struct desc d;
    if (!seg_desc_fetch(c, sel, &d))
        return;
    d.hi = busy ? (d.hi | 0x200u) : (d.hi & ~0x200u);
    seg_desc_set_hi(c, sel, d.hi);
}

/* LDTR of the new task: SDM Vol.3 7.3 step 12, #TS(LDT selector). */
static void load_ldt(struct cpu *c, uint16_t sel, uint32_t ext)
{
    if ((sel & 0xFFFCu) == 0) {
        c->ldtr.sel = sel;
        c->ldtr.attr = 0;
        c->ldtr.base = 0;
        c->ldtr.limit = 0;
        return;
    }
    struct desc d;
    if ((sel & 4u) || !seg_desc_fetch(c, sel, &d) || desc_s(d) || desc_type(d) != DT_LDT ||
        !desc_p(d))
        cpu_fault(c, EXC_TS, (sel & 0xFFFCu) | ext);
    seg_cache_load(c, &c->ldtr, sel, d);
}

static void load_segs(struct cpu *c, const struct tstate *t, uint32_t ext)
{
    if (t->eflags & F_VM) {
        for (int k = 0; k < 6; k++)
            cpu_load_seg_real(c, k, t->sreg[k]);
        return;
    }
    uint16_t cs = t->sreg[SEG_CS];
    if ((cs & 0xFFFCu) == 0)
        cpu_fault(c, EXC_TS, ext);
    struct desc d = seg_desc_get(c, cs, EXC_TS, ext);
    unsigned rpl = cs & 3u;
    if (!desc_code(d) || (desc_conforming(d) ? desc_dpl(d) > rpl : desc_dpl(d) != rpl))
        cpu_fault(c, EXC_TS, (cs & 0xFFFCu) | ext);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, (cs & 0xFFFCu) | ext);
    struct desc sd = seg_check_ss(c, t->sreg[SEG_SS], rpl, EXC_TS, ext);
    seg_commit_cs(c, cs, d, t->eip);
    seg_cache_load(c, &c->seg[SEG_SS], t->sreg[SEG_SS], sd);
    static const int data[4] = {SEG_DS, SEG_ES, SEG_FS, SEG_GS};
    for (int k = 0; k < 4; k++)
        seg_load_data_ts(c, data[k], t->sreg[data[k]]);
}

void task_switch(struct cpu *c, uint16_t sel, struct desc d, enum task_src src, uint32_t ext,
                 bool has_err, uint32_t err)
{
    bool t32 = tss32(d);
    uint64_t nbase = desc_base(d);
    /* SDM Vol.3 7.3 step 4: the new TSS must hold at least 104 (44) bytes */
    if (desc_limit(d) < (t32 ? 0x67u : 0x2Bu))
        cpu_fault(c, EXC_TS, (sel & 0xFFFCu) | ext);
    /* the outgoing TSS must be valid too */
    bool old32 = (c->tr.attr & SA_TYPE) >= 9;
    if (!(c->tr.attr & SA_P) || c->tr.limit < (old32 ? 0x5Fu : 0x29u))
        cpu_fault(c, EXC_TS, (c->tr.sel & 0xFFFCu) | ext);

    struct tstate t;
    read_state(c, nbase, t32, &t);

    uint32_t fl = cpu_get_eflags(c);
    uint16_t old_tr = c->tr.sel;
    if (src == TASK_JMP || src == TASK_IRET)
        set_busy(c, old_tr, false);
    if (src == TASK_IRET)
        fl &= ~(uint32_t)F_NT;
    save_state(c, fl);
    if (src == TASK_CALL || src == TASK_INT) {
        cpu_lwrite16(c, nbase + T32_LINK, old_tr);
        t.eflags |= F_NT;
    }
    if (src != TASK_IRET) {
        d.hi |= 0x200u;
        set_busy(c, sel, true);
    }

    /* commit: from here on faults belong to the new task */
    c->tr.sel = sel;
    c->tr.base = nbase;
    c->tr.limit = desc_limit(d);
    c->tr.attr = (uint16_t)(((d.hi >> 8) & 0xF0FFu) | 0x2u);
    c->cr0 |= CR0_TS;
    if (t32 && (c->cr0 & CR0_PG)) {
        /* as MOV CR3: non-global TLB entries go, PAE PDPTEs reload */
        uint64_t old_cr3 = c->cr3;
        c->cr3 = t.cr3;
        mmu_cr_written(c, 3, old_cr3, c->cr3);
    }
    cpu_write_eflags(c, t.eflags | F_1, 0x003F7FD7u);
    for (int k = 0; k < 8; k++)
        c->gpr[k] = t32 ? t.gpr[k] : ((c->gpr[k] & ~0xFFFFull) | (t.gpr[k] & 0xFFFFu));
    /* selectors first, descriptors checked after (SDM step 11-13) */
    for (int k = 0; k < 6; k++) {
        c->seg[k].sel = t.sreg[k];
        c->seg[k].attr = 0;
    }
    c->cpl = (uint8_t)(t.sreg[SEG_CS] & 3u);
    c->rip = t.eip;
    c->insn_rip = t.eip;
    cpu_update_mode(c);
    load_ldt(c, t.ldt, ext);
    load_segs(c, &t, ext);
    cpu_update_mode(c);
    if (c->mode == CPU_V86) {
        c->rip &= 0xFFFF;
        c->insn_rip = c->rip;
    }
    if (has_err) {
        if (t32)
            cpu_push32(c, err);
        else
            cpu_push16(c, (uint16_t)err);
    }
    if (t.trap) {
        /* SDM Vol.3 7.2.1: T flag -> #DB on entry to the new task (BT) */
        c->dbg_pending |= DR6_BT;
    }
}

void task_return(struct cpu *c)
{
    /* SDM IRET, TASK-RETURN */
    uint16_t link = cpu_lread16(c, c->tr.base + T32_LINK);
    if (link & 4u)
        cpu_fault(c, EXC_TS, link & 0xFFFCu);
    struct desc d;
    if (!seg_desc_fetch(c, link, &d) || desc_s(d) ||
        (desc_type(d) != DT_TSS16_BUSY && desc_type(d) != DT_TSS32_BUSY))
        cpu_fault(c, EXC_TS, link & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, link & 0xFFFCu);
    task_switch(c, link, d, TASK_IRET, 0, false, 0);
}
