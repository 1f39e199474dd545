/* cpu/seg.c: segment register loads, descriptor caches and the processor
 * mode.
 *
 * Real mode (SDM Vol.3 20.1.1): a load sets the selector and base = sel*16
 * and leaves the cached limit and attributes alone, which is what makes
 * "unreal mode" work. V86 mode sets all fields (SDM Vol.3 20.2.1).
 * Protected mode loads descriptors from the GDT/LDT with the checks of SDM
 * Vol.3 5.4-5.8 and the MOV/POP/LxS/RET/IRET pages of Vol.2. Selector
 * error codes are the selector with RPL cleared (bit 0 = EXT, bit 1 = IDT,
 * bit 2 = TI, SDM Vol.3 6.13).
 */
#include "cpu/prot.h"
#include "machine/log.h"

void cpu_update_mode(struct cpu *c)
{
    if (!(c->cr0 & CR0_PE)) {
        c->mode = CPU_REAL;
        c->dmode = DMODE_16;
        c->cpl = 0;
        return;
    }
    if (c->efer & (1u << 10) /* LMA */) {
        c->mode = CPU_LONG;
        const struct seg *cs = &c->seg[SEG_CS];
        c->dmode = (cs->attr & SA_L) ? DMODE_64 : (cs->attr & SA_DB) ? DMODE_32 : DMODE_16;
        return;
    }
    if (c->eflags & F_VM) {
        c->mode = CPU_V86;
        c->dmode = DMODE_16;
        c->cpl = 3;
        return;
    }
    c->mode = CPU_PROT;
    c->dmode = (c->seg[SEG_CS].attr & SA_DB) ? DMODE_32 : DMODE_16;
}

void cpu_load_seg_real(struct cpu *c, int seg, uint16_t sel)
{
    struct seg *s = &c->seg[seg];
    s->sel = sel;
    s->base = (uint64_t)sel << 4;
    if (c->mode == CPU_V86) {
        s->limit = 0xFFFF;
        /* present, DPL 3, read/write accessed data (code for CS) */
        s->attr = SA_P | SA_S | SA_DPL | (seg == SEG_CS ? 0xB : 0x3);
    }
}

/* ---- descriptor tables ---- */

bool seg_desc_fetch(struct cpu *c, uint16_t sel, struct desc *d)
{
    uint64_t base;
    uint32_t limit;
    if (sel & 4u) {
        if (!(c->ldtr.attr & SA_P) || (c->ldtr.sel & 0xFFFCu) == 0)
            return false;
        base = c->ldtr.base;
        limit = c->ldtr.limit;
    } else {
        base = c->gdtr.base;
        limit = c->gdtr.limit;
    }
    if ((uint32_t)(sel | 7u) > limit)
        return false;
    d->lo = cpu_lread32(c, base + (sel & ~7u));
    d->hi = cpu_lread32(c, base + (sel & ~7u) + 4);
    return true;
}

struct desc seg_desc_get(struct cpu *c, uint16_t sel, int exc, uint32_t ext)
{
    struct desc d;
    if (!seg_desc_fetch(c, sel, &d))
        cpu_fault(c, exc, (sel & 0xFFFCu) | ext);
    return d;
}

void seg_desc_set_hi(struct cpu *c, uint16_t sel, uint32_t hi)
{
    uint64_t base = (sel & 4u) ? c->ldtr.base : c->gdtr.base;
    cpu_lwrite32(c, base + (sel & ~7u) + 4, hi);
}

void seg_cache_load(struct cpu *c, struct seg *s, uint16_t sel, struct desc d)
{
    /* SDM Vol.3 3.4.5.1: the processor sets the accessed bit of code and
     * data descriptors when it loads them */
    if (desc_s(d) && !(d.hi & 0x100u)) {
        d.hi |= 0x100u;
        seg_desc_set_hi(c, sel, d.hi);
    }
    s->sel = sel;
    s->base = desc_base(d);
    s->limit = desc_limit(d);
    s->attr = (uint16_t)((d.hi >> 8) & 0xF0FFu);
}

static void null_seg(struct seg *s, uint16_t sel)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0;
    s->attr = 0; /* not present: any access faults */
}

/* ---- data and stack segment loads (MOV, POP, LDS..LSS) ---- */

struct desc seg_check_ss(struct cpu *c, uint16_t sel, unsigned pl, int exc, uint32_t ext)
{
    /* SDM MOV/POP SS, RET and Vol.3 6.12.1 (inner stack from the TSS):
     * null, RPL != pl, not writable data, DPL != pl -> exc(sel); not
     * present -> #SS(sel). */
    if ((sel & 0xFFFCu) == 0)
        cpu_fault(c, exc, ext);
    struct desc d = seg_desc_get(c, sel, exc, ext);
    if ((sel & 3u) != pl || !desc_s(d) || desc_code(d) || !(desc_type(d) & 2u) ||
        desc_dpl(d) != pl)
        cpu_fault(c, exc, (sel & 0xFFFCu) | ext);
    if (!desc_p(d))
        cpu_fault(c, EXC_SS, (sel & 0xFFFCu) | ext);
    return d;
}

static void load_data(struct cpu *c, int seg, uint16_t sel, int exc)
{
    struct seg *s = &c->seg[seg];
    if ((sel & 0xFFFCu) == 0) {
        null_seg(s, sel);
        return;
    }
    struct desc d = seg_desc_get(c, sel, exc, 0);
    /* data or readable code; for data and non-conforming code
     * max(CPL, RPL) <= DPL (SDM Vol.3 5.6) */
    if (!desc_s(d) || (desc_code(d) && !(desc_type(d) & 2u)))
        cpu_fault(c, exc, sel & 0xFFFCu);
    if (!desc_conforming(d) && ((sel & 3u) > desc_dpl(d) || c->cpl > desc_dpl(d)))
        cpu_fault(c, exc, sel & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    seg_cache_load(c, s, sel, d);
}

void cpu_load_seg(struct cpu *c, int seg, uint16_t sel)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86) {
        cpu_load_seg_real(c, seg, sel);
        return;
    }
    if (seg == SEG_SS) {
        if ((sel & 0xFFFCu) == 0 && c->dmode == DMODE_64 && c->cpl != 3 &&
            (sel & 3u) == c->cpl) {
            null_seg(&c->seg[SEG_SS], sel); /* SDM Vol.3 5.4.1.1 */
            return;
        }
        if ((sel & 0xFFFCu) == 0)
            cpu_gp0(c);
        struct desc d = seg_check_ss(c, sel, c->cpl, EXC_GP, 0);
        seg_cache_load(c, &c->seg[SEG_SS], sel, d);
        return;
    }
    load_data(c, seg, sel, EXC_GP);
}

void seg_load_data_ts(struct cpu *c, int seg, uint16_t sel)
{
    load_data(c, seg, sel, EXC_TS);
}

void seg_null_outer(struct cpu *c)
{
    /* SDM RET/IRET, RETURN-TO-OUTER-PRIVILEGE-LEVEL */
    static const int segs[4] = {SEG_ES, SEG_DS, SEG_FS, SEG_GS};
    for (int k = 0; k < 4; k++) {
        struct seg *s = &c->seg[segs[k]];
        unsigned type = s->attr & SA_TYPE, dpl = (s->attr & SA_DPL) >> 5;
        bool conforming_code = (type & 0xC) == 0xC;
        /* the selector becomes null and the segment unusable, but the
         * hidden base stays: in 64-bit mode FS and GS keep addressing with
         * it (an OS returns to ring 3 with IRETQ and a null FS whose base
         * WRMSR set to the thread pointer; Bochs and QEMU keep it too) */
        if (!(s->attr & SA_P) || !(s->attr & SA_S) || (!conforming_code && dpl < c->cpl)) {
            s->sel = 0;
            s->attr = 0;
        }
    }
}

/* ---- code segment ---- */

void seg_commit_cs(struct cpu *c, uint16_t sel, struct desc d, uint64_t rip)
{
    struct seg tmp;
    unsigned cpl = sel & 3u;
    bool l64 = (d.hi & (1u << 21)) && (c->efer & (1u << 10));
    /* IA-32e mode: L=1 with D=1 is reserved (#GP(sel)); a 64-bit target
     * must be canonical (#GP(0)) (SDM Vol.3 5.2.1, JMP/CALL/RET/IRET) */
    if (l64 && (d.hi & (1u << 22)))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (l64 && (uint64_t)((int64_t)(rip << 16) >> 16) != rip)
        cpu_gp0(c);
    uint64_t mask = l64 ? ~0ull : (d.hi & (1u << 22)) ? 0xFFFFFFFFull : 0xFFFFull;
    rip &= mask;
    if (!l64 && rip > desc_limit(d))
        cpu_gp0(c);
    seg_cache_load(c, &tmp, sel, d);
    c->seg[SEG_CS] = tmp;
    c->cpl = (uint8_t)cpl;
    c->rip = rip;
    cpu_update_mode(c);
}

/* Same-privilege far JMP/CALL or interrupt target: SDM Vol.3 5.8.1. */
void cpu_load_cs(struct cpu *c, uint16_t sel, uint64_t rip)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86) {
        cpu_load_seg_real(c, SEG_CS, sel);
        c->rip = rip & (c->mode == CPU_V86 ? 0xFFFF : 0xFFFFFFFF);
        cpu_update_mode(c);
        return;
    }
    if ((sel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc d = seg_desc_get(c, sel, EXC_GP, 0);
    if (!desc_code(d))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    unsigned dpl = desc_dpl(d), rpl = sel & 3u;
    if (desc_conforming(d) ? dpl > c->cpl : (rpl > c->cpl || dpl != c->cpl))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    seg_commit_cs(c, (uint16_t)((sel & 0xFFFCu) | c->cpl), d, rip);
}

struct desc seg_check_ret_cs(struct cpu *c, uint16_t sel)
{
    /* SDM RET (far), PROTECTED-MODE: null -> #GP(0); outside the table,
     * not code, RPL < CPL, conforming with DPL > RPL, non-conforming with
     * DPL != RPL -> #GP(sel); not present -> #NP(sel). */
    if ((sel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc d = seg_desc_get(c, sel, EXC_GP, 0);
    unsigned rpl = sel & 3u, dpl = desc_dpl(d);
    if (!desc_code(d) || rpl < c->cpl)
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (desc_conforming(d) ? dpl > rpl : dpl != rpl)
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    return d;
}
