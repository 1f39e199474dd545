/* cpu/gates.c: protected-mode far JMP, CALL and RET: direct transfers to
 * code segments, call gates (with the inner stack from the TSS and
 * parameter copying), and task gates / TSS descriptors handed to
 * cpu/task.c. SDM Vol.3 5.8 and the JMP/CALL/RET pages of Vol.2.
 */
#include "cpu/insn_util.h"
#include "cpu/prot.h"

void gate_ns_init(struct nstack *s, struct desc d, uint16_t sel, uint32_t sp, uint32_t ext)
{
    s->base = desc_base(d);
    s->limit = desc_limit(d);
    s->mask = (d.hi & (1u << 22)) ? 0xFFFFFFFFu : 0xFFFFu;
    s->expdown = (desc_type(d) & 4u) != 0;
    s->sel = sel;
    s->ext = ext;
    s->sp = sp & s->mask;
}

/* Checks that n bytes below the current pointer fit (SDM: "#SS(SS
 * selector) if there is not enough room on the new stack"). */
void gate_ns_room(struct cpu *c, const struct nstack *s, uint32_t n)
{
    uint32_t lo = (s->sp - n) & s->mask;
    uint64_t last = (uint64_t)lo + n - 1;
    bool bad = s->expdown ? (lo <= s->limit || last > s->mask) : last > s->limit;
    if (bad)
        cpu_fault(c, EXC_SS, (s->sel & 0xFFFCu) | s->ext);
}

void gate_ns_push(struct cpu *c, struct nstack *s, uint32_t v, unsigned size)
{
    s->sp = (s->sp - size) & s->mask;
    uint64_t lin = (s->base + s->sp) & 0xFFFFFFFFull;
    if (size == 4)
        cpu_lwrite32(c, lin, v);
    else
        cpu_lwrite16(c, lin, (uint16_t)v);
}

void gate_ns_load_ss(struct cpu *c, const struct nstack *s, struct desc d)
{
    seg_cache_load(c, &c->seg[SEG_SS], s->sel, d);
    if (s->mask == 0xFFFFu)
        c->gpr[R_SP] = (c->gpr[R_SP] & ~0xFFFFull) | s->sp;
    else
        c->gpr[R_SP] = s->sp;
}

void gate_tss_stack(struct cpu *c, unsigned pl, uint32_t ext, uint16_t *ss, uint32_t *esp)
{
    /* SDM Vol.3 6.12.1 / 7.2.1: ESPn at 4+8n, SSn at 8+8n in a 32-bit TSS;
     * SPn at 2+4n, SSn at 4+4n in a 16-bit TSS. */
    bool t32 = (c->tr.attr & SA_TYPE) >= 9;
    uint32_t off = t32 ? 4 + 8 * pl : 2 + 4 * pl;
    uint32_t len = t32 ? 6 : 4;
    if (!(c->tr.attr & SA_P) || off + len - 1 > c->tr.limit)
        cpu_fault(c, EXC_TS, (c->tr.sel & 0xFFFCu) | ext);
    if (t32) {
        *esp = cpu_lread32(c, c->tr.base + off);
        *ss = cpu_lread16(c, c->tr.base + off + 4);
    } else {
        *esp = cpu_lread16(c, c->tr.base + off);
        *ss = cpu_lread16(c, c->tr.base + off + 2);
    }
}

/* Gate or TSS descriptor visibility: DPL >= CPL and DPL >= RPL. */
static void check_sys_dpl(struct cpu *c, uint16_t sel, struct desc d)
{
    if (desc_dpl(d) < c->cpl || desc_dpl(d) < (sel & 3u))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
}

/* Task gate or TSS as the target of JMP/CALL: SDM Vol.3 7.3. */
static void to_task(struct cpu *c, uint16_t sel, struct desc d, enum task_src src)
{
    check_sys_dpl(c, sel, d);
    if (desc_type(d) == DT_TASK) {
        uint16_t tsel = (uint16_t)(d.lo >> 16);
        if (tsel & 4u)
            cpu_fault(c, EXC_GP, tsel & 0xFFFCu);
        struct desc t = seg_desc_get(c, tsel, EXC_GP, 0);
        unsigned ty = desc_type(t);
        if (desc_s(t) || (ty != DT_TSS16_AVL && ty != DT_TSS32_AVL))
            cpu_fault(c, EXC_GP, tsel & 0xFFFCu);
        if (!desc_p(t))
            cpu_fault(c, EXC_NP, tsel & 0xFFFCu);
        task_switch(c, tsel, t, src, 0, false, 0);
        return;
    }
    task_switch(c, sel, d, src, 0, false, 0);
}

/* Target code segment of a call gate: SDM CALL "CALL-GATE". */
static struct desc gate_target(struct cpu *c, struct desc g, bool is_jmp)
{
    uint16_t csel = (uint16_t)(g.lo >> 16);
    if ((csel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc d = seg_desc_get(c, csel, EXC_GP, 0);
    if (!desc_code(d))
        cpu_fault(c, EXC_GP, csel & 0xFFFCu);
    if (is_jmp) {
        if (desc_conforming(d) ? desc_dpl(d) > c->cpl : desc_dpl(d) != c->cpl)
            cpu_fault(c, EXC_GP, csel & 0xFFFCu);
    } else if (desc_dpl(d) > c->cpl) {
        cpu_fault(c, EXC_GP, csel & 0xFFFCu);
    }
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, csel & 0xFFFCu);
    return d;
}

static uint32_t gate_offset(struct desc g)
{
    uint32_t off = g.lo & 0xFFFFu;
    if (desc_type(g) >= 8)
        off |= g.hi & 0xFFFF0000u;
    return off;
}

void gate_far_jmp(struct cpu *c, uint16_t sel, uint64_t off, unsigned opsize)
{
    (void)opsize;
    if ((sel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc d = seg_desc_get(c, sel, EXC_GP, 0);
    if (desc_s(d)) {
        cpu_load_cs(c, sel, off);
        return;
    }
    if (c->mode == CPU_LONG) {
        /* IA-32e mode: only 64-bit call gates; no task switches (SDM JMP,
         * Vol.3 7.7) */
        if (desc_type(d) != DT_CALL32)
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
        lm_call_gate(c, sel, d, false);
        return;
    }
    switch (desc_type(d)) {
    case DT_CALL16:
    case DT_CALL32: {
        check_sys_dpl(c, sel, d);
        struct desc t = gate_target(c, d, true);
        uint16_t csel = (uint16_t)(d.lo >> 16);
        seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | c->cpl), t, gate_offset(d));
        return;
    }
    case DT_TASK:
    case DT_TSS16_AVL:
    case DT_TSS32_AVL:
        to_task(c, sel, d, TASK_JMP);
        return;
    default:
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    }
}

/* CALL to a code segment at the same privilege: CS:IP pushed with the
 * instruction's operand size, limit checked before anything changes. */
static void call_code(struct cpu *c, uint16_t sel, struct desc d, uint64_t off, unsigned opsize)
{
    unsigned dpl = desc_dpl(d), rpl = sel & 3u;
    if (desc_conforming(d) ? dpl > c->cpl : (rpl > c->cpl || dpl != c->cpl))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!desc_p(d))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);
    uint64_t s1 = (sp - opsize) & m, s2 = (sp - 2 * opsize) & m;
    cpu_check_write(c, SEG_SS, s1, opsize);
    cpu_check_write(c, SEG_SS, s2, opsize);
    uint16_t old_cs = c->seg[SEG_CS].sel;
    uint64_t old_ip = c->rip;
    seg_commit_cs(c, (uint16_t)((sel & 0xFFFCu) | c->cpl), d, off);
    cpu_write16(c, SEG_SS, s1, old_cs);
    if (opsize == 8)
        cpu_write64(c, SEG_SS, s2, old_ip);
    else if (opsize == 4)
        cpu_write32(c, SEG_SS, s2, (uint32_t)old_ip);
    else
        cpu_write16(c, SEG_SS, s2, (uint16_t)old_ip);
    stk_set_sp(c, s2);
}

static void call_gate(struct cpu *c, uint16_t sel, struct desc g)
{
    check_sys_dpl(c, sel, g);
    struct desc t = gate_target(c, g, false);
    uint16_t csel = (uint16_t)(g.lo >> 16);
    uint32_t off = gate_offset(g);
    unsigned sz = desc_type(g) == DT_CALL32 ? 4 : 2;
    uint16_t old_cs = c->seg[SEG_CS].sel;
    uint32_t old_ip = (uint32_t)c->rip;
    if (!desc_conforming(t) && desc_dpl(t) < c->cpl) {
        /* MORE-PRIVILEGE: SDM Vol.3 5.8.5 */
        unsigned pl = desc_dpl(t);
        uint16_t nss;
        uint32_t nesp;
        gate_tss_stack(c, pl, 0, &nss, &nesp);
        struct desc sd = seg_check_ss(c, nss, pl, EXC_TS, 0);
        unsigned count = g.hi & 0x1Fu;
        struct nstack ns;
        gate_ns_init(&ns, sd, nss, nesp, 0);
        gate_ns_room(c, &ns, (4 + count) * sz);
        if (off > desc_limit(t))
            cpu_gp0(c);
        /* parameters from the caller's stack, read before any change */
        uint32_t params[31];
        uint64_t m = cpu_sp_mask(c), osp = stk_sp(c);
        for (unsigned k = 0; k < count; k++) {
            uint64_t a = (osp + (uint64_t)k * sz) & m;
            params[k] = sz == 4 ? cpu_read32(c, SEG_SS, a) : cpu_read16(c, SEG_SS, a);
        }
        uint16_t old_ss = c->seg[SEG_SS].sel;
        uint32_t old_esp = (uint32_t)c->gpr[R_SP];
        gate_ns_push(c, &ns, old_ss, sz);
        gate_ns_push(c, &ns, old_esp, sz);
        for (unsigned k = count; k-- > 0;)
            gate_ns_push(c, &ns, params[k], sz);
        gate_ns_push(c, &ns, old_cs, sz);
        gate_ns_push(c, &ns, old_ip, sz);
        seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | pl), t, off);
        gate_ns_load_ss(c, &ns, sd);
        return;
    }
    /* SAME-PRIVILEGE through the gate: pushes in the gate's size */
    uint64_t m = cpu_sp_mask(c), sp = stk_sp(c);
    uint64_t s1 = (sp - sz) & m, s2 = (sp - 2 * sz) & m;
    cpu_check_write(c, SEG_SS, s1, sz);
    cpu_check_write(c, SEG_SS, s2, sz);
    seg_commit_cs(c, (uint16_t)((csel & 0xFFFCu) | c->cpl), t, off);
    if (sz == 4) {
        cpu_write32(c, SEG_SS, s1, old_cs);
        cpu_write32(c, SEG_SS, s2, old_ip);
    } else {
        cpu_write16(c, SEG_SS, s1, old_cs);
        cpu_write16(c, SEG_SS, s2, (uint16_t)old_ip);
    }
    stk_set_sp(c, s2);
}

void gate_far_call(struct cpu *c, uint16_t sel, uint64_t off, unsigned opsize)
{
    if ((sel & 0xFFFCu) == 0)
        cpu_gp0(c);
    struct desc d = seg_desc_get(c, sel, EXC_GP, 0);
    if (desc_s(d)) {
        if (!desc_code(d))
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
        call_code(c, sel, d, off, opsize);
        return;
    }
    if (c->mode == CPU_LONG) {
        /* IA-32e mode: only 64-bit call gates; no task switches (SDM CALL,
         * Vol.3 7.7) */
        if (desc_type(d) != DT_CALL32)
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
        lm_call_gate(c, sel, d, true);
        return;
    }
    switch (desc_type(d)) {
    case DT_CALL16:
    case DT_CALL32:
        call_gate(c, sel, d);
        return;
    case DT_TASK:
    case DT_TSS16_AVL:
    case DT_TSS32_AVL:
        to_task(c, sel, d, TASK_CALL);
        return;
    default:
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    }
}

static uint64_t rd(struct cpu *c, uint64_t off, unsigned size)
{
    off &= cpu_sp_mask(c);
    return size == 8 ? cpu_read64(c, SEG_SS, off)
           : size == 4 ? cpu_read32(c, SEG_SS, off) : cpu_read16(c, SEG_SS, off);
}

/* RET far in protected mode: SDM RET, PROTECTED-MODE. */
void gate_far_ret(struct cpu *c, unsigned opsize, uint16_t extra)
{
    uint64_t sp = stk_sp(c);
    uint64_t off = rd(c, sp, opsize);
    uint16_t sel = (uint16_t)rd(c, sp + opsize, 2);
    struct desc d = seg_check_ret_cs(c, sel);
    if ((sel & 3u) == c->cpl) {
        seg_commit_cs(c, sel, d, off);
        stk_set_sp(c, sp + 2 * opsize + extra);
        return;
    }
    /* RETURN-TO-OUTER-PRIVILEGE-LEVEL */
    uint64_t p = sp + 2 * opsize + extra;
    uint64_t nsp = rd(c, p, opsize);
    uint16_t nss = (uint16_t)rd(c, p + opsize, 2);
    /* SDM RET: a null SS is allowed only for a return to 64-bit code at
     * CPL < 3 in IA-32e mode; SS then holds the null selector */
    bool to64 = c->mode == CPU_LONG && (d.hi & (1u << 21));
    bool ss_null = (nss & 0xFFFCu) == 0 && to64 && (sel & 3u) != 3;
    struct desc sd = {0, 0};
    if (!ss_null)
        sd = seg_check_ss(c, nss, sel & 3u, EXC_GP, 0);
    seg_commit_cs(c, sel, d, off);
    if (ss_null) {
        c->seg[SEG_SS].sel = nss;
        c->seg[SEG_SS].base = 0;
        c->seg[SEG_SS].limit = 0;
        c->seg[SEG_SS].attr = (uint16_t)((sel & 3u) << 5);
    } else {
        seg_cache_load(c, &c->seg[SEG_SS], nss, sd);
    }
    if (to64)
        c->gpr[R_SP] = nsp + extra;
    else
        stk_set_sp(c, nsp + extra);
    seg_null_outer(c);
}
