/* cpu/fpu.c: x87 FPU state, the instruction prologue (#NM, pending #MF or
 * FERR#, the last-instruction pointers), the control instructions and the
 * environment/state images of FSTENV/FLDENV/FSAVE/FRSTOR.
 *
 * The arithmetic is in fpu_arith.c, loads and stores in fpu_ld_st.c, the
 * transcendental instructions in fpu_trans.c; all values are computed by
 * cpu/softfloat.c, never by the host's floating point.
 */
#include "cpu/fpu_impl.h"
#include "iodev/irq.h"


void fpu_init(struct fpu *f)
{
    /* SDM Vol.1 8.1.10 / Vol.3 Table 9-1: FNINIT state */
    f->cw = FCW_DEFAULT;
    f->sw = 0;
    f->empty = 0xFF;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
}

uint16_t fpu_tag_word(const struct fpu *f)
{
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned t;
        if ((f->empty >> p) & 1)
            t = 3;
        else {
            switch (sf_x80_class(f->r[p])) {
            case SF_C_ZERO:
                t = 1;
                break;
            case SF_C_NORMAL:
                t = 0;
                break;
            default: /* NaN, infinity, denormal, unsupported */
                t = 2;
                break;
            }
        }
        tw |= (uint16_t)(t << (2 * p));
    }
    return tw;
}

void fpu_clear_ferr(struct cpu *c)
{
    if (c->fpu.ferr && c->mach)
        irq_lower(c->mach, 13);
    c->fpu.ferr = false;
}

/* A pending unmasked exception reaches the next waiting instruction
 * (SDM Vol.1 8.6): #MF with CR0.NE = 1; otherwise FERR# drives IRQ13
 * through the PIC (SDM Vol.1 D.2.1, the PC-compatible "MS-DOS" mode) and
 * the instruction goes on as if IGNNE# were asserted. */
static void fpu_signal(struct cpu *c)
{
    if (c->cr0 & CR0_NE)
        cpu_fault_noerr(c, EXC_MF);
    if (!c->fpu.ferr) {
        c->fpu.ferr = true;
        if (c->mach)
            irq_raise(c->mach, 13);
    }
}

void fpu_begin(struct cpu *c, const struct insn *i, int kind)
{
    struct fpu *f = &c->fpu;
    /* SDM Vol.3 2.5 Table 2-2: EM or TS -> #NM for x87 instructions */
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_fault_noerr(c, EXC_NM);
    if (kind == FK_NOWAIT)
        return;
    if (f->sw & FSW_ES)
        fpu_signal(c);
    if (kind != FK_ARITH)
        return;
    /* SDM Vol.1 8.1.8, 8.1.9: pointers and opcode of the last non-control
     * instruction; the data pointer only for memory operands */
    f->fip = c->insn_rip;
    f->fcs = c->seg[SEG_CS].sel;
    f->fop = (uint16_t)(((i->opcode & 7) << 8) | i->modrm);
    if (i->mod != 3) {
        f->fdp = cpu_ea(c, i);
        f->fds = c->seg[i->seg].sel;
    }
}

sf_x80 fpu_read_m80(struct cpu *c, int seg, uint64_t off)
{
    cpu_check_read(c, seg, off, 10);
    sf_x80 v;
    v.sig = cpu_read64(c, seg, off);
    v.se = cpu_read16(c, seg, off + 8);
    return v;
}

void fpu_write_m80(struct cpu *c, int seg, uint64_t off, sf_x80 v)
{
    cpu_check_write(c, seg, off, 10);
    cpu_write64(c, seg, off, v.sig);
    cpu_write16(c, seg, off + 8, v.se);
}

/* ---------------------------------------------------------------------- */
/* control instructions                                                   */

static HANDLER(fwait)
{
    (void)i;
    /* SDM Vol.3 Table 2-2: WAIT faults #NM only with MP and TS set */
    if ((c->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
        cpu_fault_noerr(c, EXC_NM);
    if (c->fpu.sw & FSW_ES)
        fpu_signal(c);
}

static HANDLER(fninit)
{
    fpu_begin(c, i, FK_NOWAIT);
    fpu_init(&c->fpu);
}

static HANDLER(fnclex)
{
    fpu_begin(c, i, FK_NOWAIT);
    /* SDM Vol.2 FCLEX: PE UE OE ZE DE IE, SF, ES and B cleared */
    c->fpu.sw &= (uint16_t) ~(0x3F | FSW_SF | FSW_ES | FSW_B);
}

static HANDLER(fldcw)
{
    fpu_begin(c, i, FK_WAIT);
    uint16_t cw = cpu_read16(c, i->seg, cpu_ea(c, i));
    c->fpu.cw = (uint16_t)((cw & 0x1F3F) | 0x0040); /* bit 6 reads as 1 */
    fpu_update_es(&c->fpu);
}

static HANDLER(fnstcw)
{
    fpu_begin(c, i, FK_NOWAIT);
    cpu_write16(c, i->seg, cpu_ea(c, i), c->fpu.cw);
}

static HANDLER(fnstsw_m)
{
    fpu_begin(c, i, FK_NOWAIT);
    cpu_write16(c, i->seg, cpu_ea(c, i), c->fpu.sw);
}

static HANDLER(fnstsw_ax)
{
    fpu_begin(c, i, FK_NOWAIT);
    cpu_set16(c, R_AX, c->fpu.sw);
}

static HANDLER(fnop)
{
    fpu_begin(c, i, FK_ARITH);
}

/* FNENI, FNDISI, FSETPM: 8087/287 controls, no-ops since the 387 */
static HANDLER(fnop_ctl)
{
    fpu_begin(c, i, FK_NOWAIT);
}

/* ---------------------------------------------------------------------- */
/* environment and state images (SDM Vol.1 8.1.10, Figures 8-9 to 8-12)  */

static bool real_format(const struct cpu *c)
{
    return c->mode == CPU_REAL || c->mode == CPU_V86;
}

/* Writes the environment at off; returns its size (14 or 28). */
static unsigned store_env(struct cpu *c, const struct insn *i, uint64_t off)
{
    struct fpu *f = &c->fpu;
    int s = i->seg;
    uint16_t tw = fpu_tag_word(f);
    if (i->opsize == 2) {
        cpu_check_write(c, s, off, 14);
        cpu_write16(c, s, off + 0, f->cw);
        cpu_write16(c, s, off + 2, f->sw);
        cpu_write16(c, s, off + 4, tw);
        if (real_format(c)) {
            uint32_t ip = (uint32_t)(f->fip + ((uint32_t)f->fcs << 4));
            uint32_t dp = (uint32_t)(f->fdp + ((uint32_t)f->fds << 4));
            cpu_write16(c, s, off + 6, (uint16_t)ip);
            cpu_write16(c, s, off + 8, (uint16_t)(((ip >> 16) & 0xF) << 12 | (f->fop & 0x7FF)));
            cpu_write16(c, s, off + 10, (uint16_t)dp);
            cpu_write16(c, s, off + 12, (uint16_t)(((dp >> 16) & 0xF) << 12));
        } else {
            cpu_write16(c, s, off + 6, (uint16_t)f->fip);
            cpu_write16(c, s, off + 8, f->fcs);
            cpu_write16(c, s, off + 10, (uint16_t)f->fdp);
            cpu_write16(c, s, off + 12, f->fds);
        }
        return 14;
    }
    cpu_check_write(c, s, off, 28);
    /* reserved upper halves are written as ones, as Intel CPUs do */
    cpu_write32(c, s, off + 0, 0xFFFF0000u | f->cw);
    cpu_write32(c, s, off + 4, 0xFFFF0000u | f->sw);
    cpu_write32(c, s, off + 8, 0xFFFF0000u | tw);
    if (real_format(c)) {
        uint32_t ip = (uint32_t)(f->fip + ((uint32_t)f->fcs << 4));
        uint32_t dp = (uint32_t)(f->fdp + ((uint32_t)f->fds << 4));
        cpu_write32(c, s, off + 12, 0xFFFF0000u | (ip & 0xFFFF));
        cpu_write32(c, s, off + 16, ((ip >> 16) << 12) | (f->fop & 0x7FFu));
        cpu_write32(c, s, off + 20, 0xFFFF0000u | (dp & 0xFFFF));
        cpu_write32(c, s, off + 24, (dp >> 16) << 12);
    } else {
        cpu_write32(c, s, off + 12, (uint32_t)f->fip);
        cpu_write32(c, s, off + 16, f->fcs | ((uint32_t)(f->fop & 0x7FF) << 16));
        cpu_write32(c, s, off + 20, (uint32_t)f->fdp);
        cpu_write32(c, s, off + 24, 0xFFFF0000u | f->fds);
    }
    return 28;
}

static unsigned load_env(struct cpu *c, const struct insn *i, uint64_t off)
{
    struct fpu *f = &c->fpu;
    int s = i->seg;
    uint16_t cw, sw, tw;
    unsigned size = i->opsize == 2 ? 14 : 28, k = i->opsize == 2 ? 2 : 4;
    cpu_check_read(c, s, off, size);
    cw = cpu_read16(c, s, off);
    sw = cpu_read16(c, s, off + k);
    tw = cpu_read16(c, s, off + 2 * k);
    if (real_format(c)) {
        uint32_t ip, dp, w;
        if (k == 2) {
            w = cpu_read16(c, s, off + 8);
            ip = cpu_read16(c, s, off + 6) | ((w >> 12) << 16);
            dp = cpu_read16(c, s, off + 10) | ((uint32_t)(cpu_read16(c, s, off + 12) >> 12) << 16);
        } else {
            w = cpu_read32(c, s, off + 16);
            ip = (cpu_read32(c, s, off + 12) & 0xFFFF) | ((w >> 12) << 16);
            dp = (cpu_read32(c, s, off + 20) & 0xFFFF) | ((cpu_read32(c, s, off + 24) >> 12) << 16);
        }
        f->fop = w & 0x7FF;
        f->fip = ip;
        f->fdp = dp;
        f->fcs = f->fds = 0;
    } else if (k == 2) {
        f->fip = cpu_read16(c, s, off + 6);
        f->fcs = cpu_read16(c, s, off + 8);
        f->fdp = cpu_read16(c, s, off + 10);
        f->fds = cpu_read16(c, s, off + 12);
    } else {
        uint32_t w = cpu_read32(c, s, off + 16);
        f->fip = cpu_read32(c, s, off + 12);
        f->fcs = (uint16_t)w;
        f->fop = (w >> 16) & 0x7FF;
        f->fdp = cpu_read32(c, s, off + 20);
        f->fds = cpu_read16(c, s, off + 24);
    }
    f->cw = (uint16_t)((cw & 0x1F3F) | 0x0040);
    f->sw = sw;
    /* only "empty" matters; the other tags are recomputed (SDM Vol.1 8.1.7) */
    f->empty = 0;
    for (unsigned p = 0; p < 8; p++)
        if (((tw >> (2 * p)) & 3) == 3)
            f->empty |= (uint8_t)(1u << p);
    fpu_update_es(f);
    return size;
}

static HANDLER(fnstenv)
{
    fpu_begin(c, i, FK_NOWAIT);
    store_env(c, i, cpu_ea(c, i));
    /* SDM Vol.2 FSTENV: all exceptions masked afterwards */
    c->fpu.cw |= 0x3F;
}

static HANDLER(fldenv)
{
    fpu_begin(c, i, FK_WAIT);
    load_env(c, i, cpu_ea(c, i));
}

static HANDLER(fnsave)
{
    fpu_begin(c, i, FK_NOWAIT);
    uint64_t off = cpu_ea(c, i);
    unsigned env = i->opsize == 2 ? 14 : 28;
    cpu_check_write(c, i->seg, off, env + 80);
    store_env(c, i, off);
    for (unsigned k = 0; k < 8; k++)
        fpu_write_m80(c, i->seg, (off + env + 10 * k) & i->amask, fpu_st(&c->fpu, k));
    fpu_init(&c->fpu); /* SDM Vol.2 FSAVE: then initializes the FPU */
}

static HANDLER(frstor)
{
    fpu_begin(c, i, FK_WAIT);
    uint64_t off = cpu_ea(c, i);
    unsigned env = i->opsize == 2 ? 14 : 28;
    sf_x80 regs[8];
    cpu_check_read(c, i->seg, off, env + 80);
    for (unsigned k = 0; k < 8; k++)
        regs[k] = fpu_read_m80(c, i->seg, (off + env + 10 * k) & i->amask);
    load_env(c, i, off);
    for (unsigned k = 0; k < 8; k++)
        c->fpu.r[fpu_phys(&c->fpu, k)] = regs[k];
}

void cpu_register_fpu(void)
{
    H_ONE(IOP_FWAIT, fwait); /* replaces the plain one: pending exceptions */
    H_ONE(IOP_FNINIT, fninit);
    H_ONE(IOP_FNCLEX, fnclex);
    H_ONE(IOP_FLDCW, fldcw);
    H_ONE(IOP_FNSTCW, fnstcw);
    H_ONE(IOP_FNSTSW_Mw, fnstsw_m);
    H_ONE(IOP_FNSTSW_AX, fnstsw_ax);
    H_ONE(IOP_FNOP, fnop);
    H_ONE(IOP_FNENI, fnop_ctl);
    H_ONE(IOP_FNDISI, fnop_ctl);
    H_ONE(IOP_FSETPM, fnop_ctl);
    H_ONE(IOP_FNSTENV, fnstenv);
    H_ONE(IOP_FLDENV, fldenv);
    H_ONE(IOP_FNSAVE, fnsave);
    H_ONE(IOP_FRSTOR, frstor);
    fpu_register_ld_st();
    fpu_register_arith();
    fpu_register_trans();
}
