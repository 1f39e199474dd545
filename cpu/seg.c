/* cpu/seg.c: segment register loads and the processor mode.
 *
 * Real mode (SDM Vol.3 20.1.1): a load sets the selector and base = sel*16
 * and leaves the cached limit and attributes alone, which is what makes
 * "unreal mode" work. V86 mode sets all fields (SDM Vol.3 20.2.1).
 * Protected mode loads descriptors from the GDT/LDT with the checks of SDM
 * Vol.3 5.4-5.8 and the MOV/POP/LxS pages of Vol.2.
 */
#include "cpu/cpu.h"
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

/* Reads the 8-byte descriptor for sel from the GDT or LDT; #GP(sel) when
 * the index is outside the table. */
static void read_desc(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi, int exc)
{
    uint64_t base = (sel & 4) ? c->ldtr.base : c->gdtr.base;
    uint32_t limit = (sel & 4) ? c->ldtr.limit : c->gdtr.limit;
    if ((sel & 4) && !(c->ldtr.attr & SA_P))
        cpu_fault(c, exc, sel & 0xFFFC);
    if ((uint32_t)(sel & ~7u) + 7 > limit)
        cpu_fault(c, exc, sel & 0xFFFC);
    *lo = cpu_lread32(c, base + (sel & ~7u));
    *hi = cpu_lread32(c, base + (sel & ~7u) + 4);
}

static void set_accessed(struct cpu *c, uint16_t sel, uint32_t hi)
{
    if (hi & 0x100)
        return;
    uint64_t base = (sel & 4) ? c->ldtr.base : c->gdtr.base;
    cpu_lwrite32(c, base + (sel & ~7u) + 4, hi | 0x100);
}

static void fill_cache(struct seg *s, uint16_t sel, uint32_t lo, uint32_t hi)
{
    s->sel = sel;
    s->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
    if (hi & (1u << 23))
        limit = (limit << 12) | 0xFFF; /* G: 4 KiB granularity */
    s->limit = limit;
    s->attr = (uint16_t)((hi >> 8) & 0xF0FF); /* type S DPL P, AVL L DB G */
}

void cpu_load_seg(struct cpu *c, int seg, uint16_t sel)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86) {
        cpu_load_seg_real(c, seg, sel);
        return;
    }
    struct seg *s = &c->seg[seg];
    if ((sel & 0xFFFC) == 0) {
        /* null selector: #GP(0) for SS (outside 64-bit CPL<3), else unusable */
        if (seg == SEG_SS && !(c->dmode == DMODE_64 && c->cpl != 3))
            cpu_gp0(c);
        s->sel = sel;
        s->base = 0;
        s->limit = 0;
        s->attr = 0; /* not present: accesses fault */
        return;
    }
    uint32_t lo, hi;
    read_desc(c, sel, &lo, &hi, EXC_GP);
    unsigned type = (hi >> 8) & 0xF, dpl = (hi >> 13) & 3, rpl = sel & 3;
    bool code = hi & (1u << 11), sys = !(hi & (1u << 12));
    if (seg == SEG_SS) {
        /* writable data, RPL == CPL, DPL == CPL */
        if (sys || code || !(type & 2) || rpl != c->cpl || dpl != c->cpl)
            cpu_fault(c, EXC_GP, sel & 0xFFFC);
        if (!(hi & 0x8000))
            cpu_fault(c, EXC_SS, sel & 0xFFFC);
    } else {
        /* data or readable code; for data and non-conforming code
         * max(CPL, RPL) <= DPL */
        if (sys || (code && !(type & 2)))
            cpu_fault(c, EXC_GP, sel & 0xFFFC);
        bool conforming = code && (type & 4);
        if (!conforming && (rpl > dpl || c->cpl > dpl))
            cpu_fault(c, EXC_GP, sel & 0xFFFC);
        if (!(hi & 0x8000))
            cpu_fault(c, EXC_NP, sel & 0xFFFC);
    }
    set_accessed(c, sel, hi);
    fill_cache(s, sel, lo, hi | 0x100);
}

void cpu_load_cs(struct cpu *c, uint16_t sel, uint64_t rip)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86) {
        cpu_load_seg_real(c, SEG_CS, sel);
        c->rip = rip & (c->mode == CPU_V86 ? 0xFFFF : 0xFFFFFFFF);
        cpu_update_mode(c);
        return;
    }
    if ((sel & 0xFFFC) == 0)
        cpu_gp0(c);
    uint32_t lo, hi;
    read_desc(c, sel, &lo, &hi, EXC_GP);
    unsigned type = (hi >> 8) & 0xF, dpl = (hi >> 13) & 3, rpl = sel & 3;
    bool code = (hi & (1u << 11)) && (hi & (1u << 12));
    if (!code) {
        log_error(c->mach, "cpu", "far transfer to selector %#x (system descriptor type %#x): "
                  "gates and task switches are not implemented yet", sel, (hi >> 8) & 0x1F);
        cpu_fault(c, EXC_GP, sel & 0xFFFC);
    }
    bool conforming = type & 4;
    /* SDM Vol.3 5.8.1: same-privilege far transfers only (gates come later) */
    if (conforming ? dpl > c->cpl : (rpl > c->cpl || dpl != c->cpl))
        cpu_fault(c, EXC_GP, sel & 0xFFFC);
    if (!(hi & 0x8000))
        cpu_fault(c, EXC_NP, sel & 0xFFFC);
    struct seg tmp;
    fill_cache(&tmp, (uint16_t)((sel & 0xFFFC) | c->cpl), lo, hi | 0x100);
    uint64_t mask = (tmp.attr & SA_L) && (c->efer & (1u << 10)) ? ~0ull
                    : (tmp.attr & SA_DB) ? 0xFFFFFFFFull : 0xFFFFull;
    if (!(tmp.attr & SA_L) && (rip & mask) > tmp.limit)
        cpu_gp0(c);
    set_accessed(c, sel, hi);
    c->seg[SEG_CS] = tmp;
    c->rip = rip & mask;
    cpu_update_mode(c);
}
