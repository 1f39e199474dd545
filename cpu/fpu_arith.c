/* cpu/fpu_arith.c: x87 basic arithmetic and comparisons (SDM Vol.1 8.3.5
 * to 8.3.7): FADD FSUB FSUBR FMUL FDIV FDIVR with their P and I forms,
 * FCOM FUCOM FICOM FCOMI FUCOMI and popping forms, FTST FXAM, FCHS FABS
 * FSQRT FRNDINT FSCALE FXTRACT FPREM FPREM1.
 */
#include "cpu/fpu_impl.h"

#define F (&c->fpu)

/* ModRM.reg of D8/DC/DA/DE: 0 add, 1 mul, 4 sub, 5 subr, 6 div, 7 divr
 * (dst = dst op src); 8 is FSCALE. */
static sf_x80 arith_op(struct sf_env *e, unsigned op, sf_x80 d, sf_x80 s)
{
    switch (op) {
    case 0: return sf_x80_add(e, d, s);
    case 1: return sf_x80_mul(e, d, s);
    case 4: return sf_x80_sub(e, d, s);
    case 5: return sf_x80_sub(e, s, d);
    case 6: return sf_x80_div(e, d, s);
    case 8: return sf_x80_scale(e, d, s);
    default: return sf_x80_div(e, s, d);
    }
}

/* ST(dst) = ST(dst) op src, then pop if asked. src_empty: the source
 * register was empty (stack underflow). */
static void arith(struct cpu *c, unsigned op, unsigned dst, sf_x80 src, bool src_empty,
                  struct sf_env *e, bool pop)
{
    if (fpu_empty(F, dst) || src_empty) {
        if (!fpu_stack_fault(F, false))
            return;
        fpu_set_st(F, dst, SF_X80_INDEFINITE);
    } else {
        sf_x80 r = arith_op(e, op, fpu_st(F, dst), src);
        if (!fpu_commit(F, e, false))
            return;
        fpu_set_st(F, dst, r);
    }
    if (pop)
        fpu_pop(F);
}

/* compare ST(0) with src; pops: 0, 1 or 2 */
static void compare(struct cpu *c, sf_x80 src, bool src_empty, struct sf_env *e, bool quiet,
                    int pops)
{
    if (fpu_empty(F, 0) || src_empty) {
        bool masked = fpu_stack_fault(F, false);
        fpu_set_cc(F, SF_UN); /* also when unmasked (as Intel CPUs do) */
        if (!masked)
            return;
    } else {
        int rel = sf_x80_compare(e, fpu_st(F, 0), src, quiet);
        e->c1 = false;
        bool ok = fpu_commit(F, e, false);
        /* the SDM says an unmasked #IA leaves the condition codes; Intel
         * CPUs set them (and do not pop) */
        fpu_set_cc(F, rel);
        if (!ok)
            return;
    }
    fpu_set_c1(F, false);
    while (pops-- > 0)
        fpu_pop(F);
}

/* memory forms: reg 2 and 3 compare. den: the float32/float64 operand was
 * a denormal: DE, unless ST(0) is a NaN or unsupported (the invalid
 * operand wins) or it divides into zero (ZE alone), as Intel CPUs do. */
static void arith_mem(struct cpu *c, const struct insn *i, sf_x80 src, struct sf_env *e,
                      bool den)
{
    unsigned op = i->reg & 7;
    if (den && !fpu_empty(F, 0)) {
        enum sf_class k = sf_x80_class(fpu_st(F, 0));
        if (k != SF_C_QNAN && k != SF_C_SNAN && k != SF_C_UNSUPPORTED &&
            !(op == 7 && k == SF_C_ZERO))
            e->flags |= SF_DE;
    }
    if (op == 2 || op == 3)
        compare(c, src, false, e, false, op == 3);
    else
        arith(c, op, 0, src, false, e, false);
}

static HANDLER(arith_m32)
{
    fpu_begin(c, i, FK_ARITH);
    uint32_t v = cpu_read32(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    bool den;
    sf_x80 s = sf_x80_widen_f32(v, &den);
    arith_mem(c, i, s, &e, den);
}
static HANDLER(arith_m64)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t v = cpu_read64(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    bool den;
    sf_x80 s = sf_x80_widen_f64(v, &den);
    arith_mem(c, i, s, &e, den);
}
static HANDLER(arith_mi16)
{
    fpu_begin(c, i, FK_ARITH);
    int16_t v = (int16_t)cpu_read16(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    arith_mem(c, i, sf_x80_from_i64(v), &e, false);
}
static HANDLER(arith_mi32)
{
    fpu_begin(c, i, FK_ARITH);
    int32_t v = (int32_t)cpu_read32(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    arith_mem(c, i, sf_x80_from_i64(v), &e, false);
}

/* D8 /r: ST(0) = ST(0) op ST(i) */
static HANDLER(arith_st0_sti)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    struct sf_env e = fpu_env(F);
    arith(c, i->reg & 7, 0, fpu_st(F, r), fpu_empty(F, r), &e, false);
}
/* DC /r and DE /r: ST(i) = ST(i) op ST(0); the encodings of sub/subr and
 * div/divr are swapped with respect to D8 (SDM Vol.2 A.4) */
static void arith_sti_st0(struct cpu *c, const struct insn *i, bool pop)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7, op = i->reg & 7;
    if (op >= 4)
        op ^= 1;
    struct sf_env e = fpu_env(F);
    arith(c, op, r, fpu_st(F, 0), fpu_empty(F, 0), &e, pop);
}
static HANDLER(arith_sti_st0_h) { arith_sti_st0(c, i, false); }
static HANDLER(arith_sti_st0_p) { arith_sti_st0(c, i, true); }

/* FCOM/FCOMP/FUCOM/FUCOMP ST(i) */
static void fcom_sti(struct cpu *c, const struct insn *i, bool quiet, int pops)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    struct sf_env e = fpu_env(F);
    compare(c, fpu_st(F, r), fpu_empty(F, r), &e, quiet, pops);
}
static HANDLER(fcom_sti_h) { fcom_sti(c, i, false, 0); }
static HANDLER(fcomp_sti_h) { fcom_sti(c, i, false, 1); }
static HANDLER(fucom_sti_h) { fcom_sti(c, i, true, 0); }
static HANDLER(fucomp_sti_h) { fcom_sti(c, i, true, 1); }
static HANDLER(fcompp)
{
    fpu_begin(c, i, FK_ARITH);
    struct sf_env e = fpu_env(F);
    compare(c, fpu_st(F, 1), fpu_empty(F, 1), &e, false, 2);
}
static HANDLER(fucompp)
{
    fpu_begin(c, i, FK_ARITH);
    struct sf_env e = fpu_env(F);
    compare(c, fpu_st(F, 1), fpu_empty(F, 1), &e, true, 2);
}

/* FCOMI/FUCOMI(P): ZF PF CF (SDM Vol.2 FCOMI table); OF SF AF cleared */
static void fcomi(struct cpu *c, const struct insn *i, bool quiet, bool pop)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    static const uint32_t fl[4] = {F_CF, F_ZF, 0, F_ZF | F_PF | F_CF};
    int rel;
    if (fpu_empty(F, 0) || fpu_empty(F, r)) {
        bool masked = fpu_stack_fault(F, false);
        cpu_set_status(c, fl[SF_UN]); /* also when unmasked (as Intel CPUs do) */
        if (!masked)
            return;
        rel = SF_UN;
    } else {
        struct sf_env e = fpu_env(F);
        rel = sf_x80_compare(&e, fpu_st(F, 0), fpu_st(F, r), quiet);
        e.c1 = (F->sw & FSW_C1) != 0; /* C1 is left alone (as Intel CPUs do) */
        if (!fpu_commit(F, &e, false)) {
            cpu_set_status(c, fl[rel]); /* set even when unmasked, no pop */
            return;
        }
    }
    cpu_set_status(c, fl[rel]);
    if (pop)
        fpu_pop(F);
}
static HANDLER(fcomi_h) { fcomi(c, i, false, false); }
static HANDLER(fcomip_h) { fcomi(c, i, false, true); }
static HANDLER(fucomi_h) { fcomi(c, i, true, false); }
static HANDLER(fucomip_h) { fcomi(c, i, true, true); }

static HANDLER(ftst)
{
    fpu_begin(c, i, FK_ARITH);
    struct sf_env e = fpu_env(F);
    compare(c, sf_x80_make(false, 0, 0), false, &e, false, 0);
}

static HANDLER(fxam)
{
    fpu_begin(c, i, FK_ARITH);
    /* SDM Vol.2 FXAM: C3 C2 C0 class, C1 sign */
    sf_x80 v = fpu_st(F, 0);
    uint16_t cc;
    if (fpu_empty(F, 0)) {
        cc = FSW_C3 | FSW_C0;
    } else {
        switch (sf_x80_class(v)) {
        case SF_C_UNSUPPORTED: cc = 0; break;
        case SF_C_QNAN:
        case SF_C_SNAN: cc = FSW_C0; break;
        case SF_C_NORMAL: cc = FSW_C2; break;
        case SF_C_INF: cc = FSW_C2 | FSW_C0; break;
        case SF_C_ZERO: cc = FSW_C3; break;
        default: cc = FSW_C3 | FSW_C2; break; /* denormal, pseudo-denormal */
        }
    }
    if (sf_x80_sign(v))
        cc |= FSW_C1;
    F->sw = (uint16_t)((F->sw & ~FSW_CC) | cc);
}

/* one-operand operations on ST(0) */
static bool st0_ready(struct cpu *c)
{
    if (!fpu_empty(F, 0))
        return true;
    if (fpu_stack_fault(F, false))
        fpu_set_st(F, 0, SF_X80_INDEFINITE);
    return false;
}

static HANDLER(fchs)
{
    fpu_begin(c, i, FK_ARITH);
    if (!st0_ready(c))
        return;
    sf_x80 v = fpu_st(F, 0);
    v.se ^= 0x8000;
    fpu_set_st(F, 0, v);
    fpu_set_c1(F, false);
}
static HANDLER(fabs_h)
{
    fpu_begin(c, i, FK_ARITH);
    if (!st0_ready(c))
        return;
    sf_x80 v = fpu_st(F, 0);
    v.se &= 0x7FFF;
    fpu_set_st(F, 0, v);
    fpu_set_c1(F, false);
}

static void unary(struct cpu *c, const struct insn *i, sf_x80 (*fn)(struct sf_env *, sf_x80))
{
    fpu_begin(c, i, FK_ARITH);
    if (!st0_ready(c))
        return;
    struct sf_env e = fpu_env(F);
    sf_x80 r = fn(&e, fpu_st(F, 0));
    if (fpu_commit(F, &e, false))
        fpu_set_st(F, 0, r);
}
static HANDLER(fsqrt) { unary(c, i, sf_x80_sqrt); }
static HANDLER(frndint) { unary(c, i, sf_x80_round_int); }

static HANDLER(fscale)
{
    fpu_begin(c, i, FK_ARITH);
    struct sf_env e = fpu_env(F);
    arith(c, 8, 0, fpu_st(F, 1), fpu_empty(F, 1), &e, false);
}

static HANDLER(fxtract)
{
    fpu_begin(c, i, FK_ARITH);
    if (fpu_empty(F, 0)) {
        if (fpu_stack_fault(F, false)) { /* underflow wins over overflow */
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
            fpu_push(F, SF_X80_INDEFINITE);
        }
        return;
    }
    if (!fpu_empty(F, 7)) {
        if (fpu_stack_fault(F, true)) {
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
            fpu_push(F, SF_X80_INDEFINITE);
        }
        return;
    }
    struct sf_env e = fpu_env(F);
    sf_x80 sig, ex = sf_x80_extract(&e, fpu_st(F, 0), &sig);
    if (!fpu_commit(F, &e, false))
        return;
    fpu_set_st(F, 0, ex);
    fpu_push(F, sig);
}

static void fprem(struct cpu *c, const struct insn *i, bool nearest)
{
    fpu_begin(c, i, FK_ARITH);
    if (fpu_empty(F, 0) || fpu_empty(F, 1)) {
        F->sw &= (uint16_t)~FSW_C2; /* as Intel CPUs do */
        if (fpu_stack_fault(F, false))
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
        return;
    }
    struct sf_env e = fpu_env(F);
    uint64_t q;
    bool partial;
    sf_x80 x = fpu_st(F, 0), y = fpu_st(F, 1);
    sf_x80 r = sf_x80_rem(&e, x, y, nearest, &q, &partial);
    e.c1 = false;
    if (!fpu_commit(F, &e, false))
        return;
    fpu_set_st(F, 0, r);
    if (sf_x80_is_nan(x) || sf_x80_is_nan(y) || (e.flags & SF_IE)) {
        /* NaN or invalid operands: C1 and C2 cleared, C0 and C3 left
         * alone (as Intel CPUs do) */
        F->sw &= (uint16_t)~FSW_C2;
        return;
    }
    /* SDM Vol.2 FPREM: C2 incomplete; C0 = Q2, C3 = Q1, C1 = Q0 */
    uint16_t cc = partial ? FSW_C2 : 0;
    if (!partial) {
        if (q & 4)
            cc |= FSW_C0;
        if (q & 2)
            cc |= FSW_C3;
        if (q & 1)
            cc |= FSW_C1;
    }
    F->sw = (uint16_t)((F->sw & ~FSW_CC) | cc);
}
static HANDLER(fprem_h) { fprem(c, i, false); }
static HANDLER(fprem1_h) { fprem(c, i, true); }

void fpu_register_arith(void)
{
    static const unsigned m32[] = {IOP_FADD_Mfs, IOP_FMUL_Mfs, IOP_FCOM_Mfs, IOP_FCOMP_Mfs,
                                   IOP_FSUB_Mfs, IOP_FSUBR_Mfs, IOP_FDIV_Mfs, IOP_FDIVR_Mfs};
    static const unsigned m64[] = {IOP_FADD_Mfl, IOP_FMUL_Mfl, IOP_FCOM_Mfl, IOP_FCOMP_Mfl,
                                   IOP_FSUB_Mfl, IOP_FSUBR_Mfl, IOP_FDIV_Mfl, IOP_FDIVR_Mfl};
    static const unsigned mi16[] = {IOP_FIADD_Mw16i, IOP_FIMUL_Mw16i, IOP_FICOM_Mw16i,
                                    IOP_FICOMP_Mw16i, IOP_FISUB_Mw16i, IOP_FISUBR_Mw16i,
                                    IOP_FIDIV_Mw16i, IOP_FIDIVR_Mw16i};
    static const unsigned mi32[] = {IOP_FIADD_Md32i, IOP_FIMUL_Md32i, IOP_FICOM_Md32i,
                                    IOP_FICOMP_Md32i, IOP_FISUB_Md32i, IOP_FISUBR_Md32i,
                                    IOP_FIDIV_Md32i, IOP_FIDIVR_Md32i};
    static const unsigned st0sti[] = {IOP_FADD_ST0STi, IOP_FMUL_ST0STi, IOP_FSUB_ST0STi,
                                      IOP_FSUBR_ST0STi, IOP_FDIV_ST0STi, IOP_FDIVR_ST0STi};
    static const unsigned stist0[] = {IOP_FADD_STiST0, IOP_FMUL_STiST0, IOP_FSUB_STiST0,
                                      IOP_FSUBR_STiST0, IOP_FDIV_STiST0, IOP_FDIVR_STiST0};
    static const unsigned stist0p[] = {IOP_FADDP_STiST0, IOP_FMULP_STiST0, IOP_FSUBP_STiST0,
                                       IOP_FSUBRP_STiST0, IOP_FDIVP_STiST0, IOP_FDIVRP_STiST0};
    for (unsigned k = 0; k < 8; k++) {
        H_ONE(m32[k], arith_m32);
        H_ONE(m64[k], arith_m64);
        H_ONE(mi16[k], arith_mi16);
        H_ONE(mi32[k], arith_mi32);
    }
    for (unsigned k = 0; k < 6; k++) {
        H_ONE(st0sti[k], arith_st0_sti);
        H_ONE(stist0[k], arith_sti_st0_h);
        H_ONE(stist0p[k], arith_sti_st0_p);
    }
    H_ONE(IOP_FCOM_STi, fcom_sti_h);
    H_ONE(IOP_FCOM2_STi, fcom_sti_h);
    H_ONE(IOP_FCOMP_STi, fcomp_sti_h);
    H_ONE(IOP_FCOMP3_STi, fcomp_sti_h);
    H_ONE(IOP_FCOMP5_STi, fcomp_sti_h);
    H_ONE(IOP_FUCOM_STi, fucom_sti_h);
    H_ONE(IOP_FUCOMP_STi, fucomp_sti_h);
    H_ONE(IOP_FCOMPP, fcompp);
    H_ONE(IOP_FUCOMPP, fucompp);
    H_ONE(IOP_FCOMI_ST0STi, fcomi_h);
    H_ONE(IOP_FCOMIP_ST0STi, fcomip_h);
    H_ONE(IOP_FUCOMI_ST0STi, fucomi_h);
    H_ONE(IOP_FUCOMIP_ST0STi, fucomip_h);
    H_ONE(IOP_FTST, ftst);
    H_ONE(IOP_FXAM, fxam);
    H_ONE(IOP_FCHS, fchs);
    H_ONE(IOP_FABS, fabs_h);
    H_ONE(IOP_FSQRT, fsqrt);
    H_ONE(IOP_FRNDINT, frndint);
    H_ONE(IOP_FSCALE, fscale);
    H_ONE(IOP_FXTRACT, fxtract);
    H_ONE(IOP_FPREM, fprem_h);
    H_ONE(IOP_FPREM1, fprem1_h);
}
