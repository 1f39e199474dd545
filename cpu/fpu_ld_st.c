/* cpu/fpu_ld_st.c: x87 data transfer (SDM Vol.1 8.3.3, 8.3.4): FLD, FST,
 * FSTP, FILD, FIST, FISTP, FISTTP, FBLD, FBSTP, FXCH, FCMOVcc, the
 * constants, FFREE, FDECSTP/FINCSTP.
 */
#include "cpu/fpu_impl.h"

#define F (&c->fpu)

/* ---- loads ---- */

static HANDLER(fld_m32)
{
    fpu_begin(c, i, FK_ARITH);
    uint32_t v = cpu_read32(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    sf_x80 x = sf_x80_from_f32(&e, v); /* SNaN: IE; denormal: DE */
    if (!fpu_empty(F, 7)) {
        fpu_push_checked(F, x);
        return;
    }
    /* an unmasked DE still loads (as Intel CPUs do); an unmasked IE not */
    if (fpu_commit(F, &e, false) || !(e.flags & ~F->cw & SF_IE))
        fpu_push(F, x);
}

static HANDLER(fld_m64)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t v = cpu_read64(c, i->seg, cpu_ea(c, i));
    struct sf_env e = fpu_env(F);
    sf_x80 x = sf_x80_from_f64(&e, v);
    if (!fpu_empty(F, 7)) {
        fpu_push_checked(F, x);
        return;
    }
    /* an unmasked DE still loads (as Intel CPUs do); an unmasked IE not */
    if (fpu_commit(F, &e, false) || !(e.flags & ~F->cw & SF_IE))
        fpu_push(F, x);
}

/* FLD m80 and FLD ST(i) move the bits: no #IA for SNaN, no #D */
static HANDLER(fld_m80)
{
    fpu_begin(c, i, FK_ARITH);
    sf_x80 x = fpu_read_m80(c, i->seg, cpu_ea(c, i));
    fpu_set_c1(F, false);
    fpu_push_checked(F, x);
}

static HANDLER(fld_sti)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    fpu_set_c1(F, false);
    if (fpu_empty(F, r)) {
        /* underflow wins over overflow: C1 = 0, the push goes ahead */
        if (fpu_stack_fault(F, false))
            fpu_push(F, SF_X80_INDEFINITE);
        return;
    }
    fpu_push_checked(F, fpu_st(F, r));
}

static void fild(struct cpu *c, int64_t v)
{
    fpu_set_c1(F, false);
    fpu_push_checked(F, sf_x80_from_i64(v));
}
static HANDLER(fild_m16)
{
    fpu_begin(c, i, FK_ARITH);
    fild(c, (int16_t)cpu_read16(c, i->seg, cpu_ea(c, i)));
}
static HANDLER(fild_m32)
{
    fpu_begin(c, i, FK_ARITH);
    fild(c, (int32_t)cpu_read32(c, i->seg, cpu_ea(c, i)));
}
static HANDLER(fild_m64)
{
    fpu_begin(c, i, FK_ARITH);
    fild(c, (int64_t)cpu_read64(c, i->seg, cpu_ea(c, i)));
}

static HANDLER(fbld)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    uint8_t b[10];
    cpu_check_read(c, i->seg, off, 10);
    for (int k = 0; k < 10; k++)
        b[k] = cpu_read8(c, i->seg, (off + (uint64_t)k) & i->amask);
    fpu_set_c1(F, false);
    fpu_push_checked(F, sf_x80_from_bcd(b));
}

/* ---- constants (SDM Vol.2 FLD1/FLDL2T/...): the 128-bit values below
 * are rounded with RC to 64 bits; no precision exception ---- */

struct kconst {
    uint64_t hi, lo;
    uint16_t exp;
};
static const struct kconst K_L2T = {0xD49A784BCD1B8AFEull, 0x492BF6FF4DAFDB4Dull, 0x4000};
static const struct kconst K_L2E = {0xB8AA3B295C17F0BBull, 0xBE87FED0691D3E89ull, 0x3FFF};
static const struct kconst K_PI = {0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull, 0x4000};
static const struct kconst K_LG2 = {0x9A209A84FBCFF798ull, 0x8F8959AC0B7C9178ull, 0x3FFD};
static const struct kconst K_LN2 = {0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull, 0x3FFE};

static void fld_const(struct cpu *c, const struct insn *i, const struct kconst *k)
{
    fpu_begin(c, i, FK_ARITH);
    struct sf_env e = fpu_env(F);
    e.masks = SF_ALL;
    sf_x80 v = sf_x80_round_pack(&e, false, k->exp, ((unsigned __int128)k->hi << 64) | k->lo, 64);
    fpu_set_c1(F, false);
    fpu_push_checked(F, v);
}
static HANDLER(fldl2t) { fld_const(c, i, &K_L2T); }
static HANDLER(fldl2e) { fld_const(c, i, &K_L2E); }
static HANDLER(fldpi) { fld_const(c, i, &K_PI); }
static HANDLER(fldlg2) { fld_const(c, i, &K_LG2); }
static HANDLER(fldln2) { fld_const(c, i, &K_LN2); }
static HANDLER(fld1)
{
    fpu_begin(c, i, FK_ARITH);
    fpu_set_c1(F, false);
    fpu_push_checked(F, sf_x80_make(false, 0x3FFF, 1ull << 63));
}
static HANDLER(fldz)
{
    fpu_begin(c, i, FK_ARITH);
    fpu_set_c1(F, false);
    fpu_push_checked(F, sf_x80_make(false, 0, 0));
}

/* ---- stores ---- */

/* ST(0) for a store; false when it is empty and IE is unmasked. On a
 * masked underflow *v is the indefinite and the store goes ahead. */
static bool store_src(struct cpu *c, sf_x80 *v)
{
    if (fpu_empty(F, 0)) {
        *v = SF_X80_INDEFINITE;
        return fpu_stack_fault(F, false);
    }
    *v = fpu_st(F, 0);
    return true;
}

static void fst_m32(struct cpu *c, const struct insn *i, bool pop)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    sf_x80 v;
    cpu_check_write(c, i->seg, off, 4);
    if (fpu_empty(F, 0)) {
        if (!store_src(c, &v))
            return;
        cpu_write32(c, i->seg, off, 0xFFC00000u);
    } else {
        struct sf_env e = fpu_env(F);
        uint32_t r = sf_x80_to_f32(&e, fpu_st(F, 0));
        if (!fpu_commit(F, &e, true))
            return;
        cpu_write32(c, i->seg, off, r);
    }
    if (pop)
        fpu_pop(F);
}
static HANDLER(fst_m32h) { fst_m32(c, i, false); }
static HANDLER(fstp_m32h) { fst_m32(c, i, true); }

static void fst_m64(struct cpu *c, const struct insn *i, bool pop)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    sf_x80 v;
    cpu_check_write(c, i->seg, off, 8);
    if (fpu_empty(F, 0)) {
        if (!store_src(c, &v))
            return;
        cpu_write64(c, i->seg, off, 0xFFF8000000000000ull);
    } else {
        struct sf_env e = fpu_env(F);
        uint64_t r = sf_x80_to_f64(&e, fpu_st(F, 0));
        if (!fpu_commit(F, &e, true))
            return;
        cpu_write64(c, i->seg, off, r);
    }
    if (pop)
        fpu_pop(F);
}
static HANDLER(fst_m64h) { fst_m64(c, i, false); }
static HANDLER(fstp_m64h) { fst_m64(c, i, true); }

static HANDLER(fstp_m80)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    sf_x80 v;
    cpu_check_write(c, i->seg, off, 10);
    if (!store_src(c, &v))
        return;
    if (!fpu_empty(F, 0))
        fpu_set_c1(F, false);
    fpu_write_m80(c, i->seg, off, v);
    fpu_pop(F);
}

static void fst_sti(struct cpu *c, const struct insn *i, bool pop)
{
    fpu_begin(c, i, FK_ARITH);
    sf_x80 v;
    if (!store_src(c, &v))
        return;
    if (!fpu_empty(F, 0))
        fpu_set_c1(F, false);
    fpu_set_st(F, i->rm & 7, v);
    if (pop)
        fpu_pop(F);
}
static HANDLER(fst_stih) { fst_sti(c, i, false); }
static HANDLER(fstp_stih) { fst_sti(c, i, true); }

/* FIST/FISTP/FISTTP: bits 16/32/64 */
static void fist(struct cpu *c, const struct insn *i, unsigned bits, bool pop, bool trunc)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    int64_t r;
    cpu_check_write(c, i->seg, off, bits / 8);
    if (fpu_empty(F, 0)) {
        sf_x80 v;
        if (!store_src(c, &v))
            return;
        r = (int64_t)(~0ull << (bits - 1)); /* integer indefinite */
    } else {
        struct sf_env e = fpu_env(F);
        r = sf_x80_to_int(&e, fpu_st(F, 0), bits, trunc);
        if (!fpu_commit(F, &e, true))
            return;
    }
    if (bits == 16)
        cpu_write16(c, i->seg, off, (uint16_t)r);
    else if (bits == 32)
        cpu_write32(c, i->seg, off, (uint32_t)r);
    else
        cpu_write64(c, i->seg, off, (uint64_t)r);
    if (pop)
        fpu_pop(F);
}
static HANDLER(fist_m16) { fist(c, i, 16, false, false); }
static HANDLER(fist_m32) { fist(c, i, 32, false, false); }
static HANDLER(fistp_m16) { fist(c, i, 16, true, false); }
static HANDLER(fistp_m32) { fist(c, i, 32, true, false); }
static HANDLER(fistp_m64) { fist(c, i, 64, true, false); }
static HANDLER(fisttp_m16) { fist(c, i, 16, true, true); }
static HANDLER(fisttp_m32) { fist(c, i, 32, true, true); }
static HANDLER(fisttp_m64) { fist(c, i, 64, true, true); }

static HANDLER(fbstp)
{
    fpu_begin(c, i, FK_ARITH);
    uint64_t off = cpu_ea(c, i);
    uint8_t b[10];
    cpu_check_write(c, i->seg, off, 10);
    if (fpu_empty(F, 0)) {
        sf_x80 v;
        if (!store_src(c, &v))
            return;
        static const uint8_t indef[10] = {0, 0, 0, 0, 0, 0, 0, 0xC0, 0xFF, 0xFF};
        for (int k = 0; k < 10; k++)
            b[k] = indef[k];
    } else {
        struct sf_env e = fpu_env(F);
        sf_x80_to_bcd(&e, fpu_st(F, 0), b);
        if (!fpu_commit(F, &e, true))
            return;
    }
    for (int k = 0; k < 10; k++)
        cpu_write8(c, i->seg, (off + (uint64_t)k) & i->amask, b[k]);
    fpu_pop(F);
}

/* ---- register moves ---- */

static HANDLER(fxch)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    sf_x80 a = fpu_st(F, 0), b = fpu_st(F, r);
    if (fpu_empty(F, 0) || fpu_empty(F, r)) {
        if (!fpu_stack_fault(F, false))
            return;
        if (fpu_empty(F, 0))
            a = SF_X80_INDEFINITE;
        if (fpu_empty(F, r))
            b = SF_X80_INDEFINITE;
    } else {
        fpu_set_c1(F, false);
    }
    fpu_set_st(F, 0, b);
    fpu_set_st(F, r, a);
}

static void fcmov(struct cpu *c, const struct insn *i, bool cond)
{
    fpu_begin(c, i, FK_ARITH);
    unsigned r = i->rm & 7;
    if (fpu_empty(F, 0) || fpu_empty(F, r)) {
        /* masked: the indefinite lands in ST(0) whatever the condition
         * (as Intel CPUs do) */
        if (fpu_stack_fault(F, false))
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
        return;
    }
    if (cond) /* C1 is left alone (as Intel CPUs do) */
        fpu_set_st(F, 0, fpu_st(F, r));
}
static HANDLER(fcmovb) { fcmov(c, i, cpu_cf(c)); }
static HANDLER(fcmove) { fcmov(c, i, cpu_zf(c)); }
static HANDLER(fcmovbe) { fcmov(c, i, cpu_cf(c) || cpu_zf(c)); }
static HANDLER(fcmovu) { fcmov(c, i, cpu_pf(c)); }
static HANDLER(fcmovnb) { fcmov(c, i, !cpu_cf(c)); }
static HANDLER(fcmovne) { fcmov(c, i, !cpu_zf(c)); }
static HANDLER(fcmovnbe) { fcmov(c, i, !cpu_cf(c) && !cpu_zf(c)); }
static HANDLER(fcmovnu) { fcmov(c, i, !cpu_pf(c)); }

static HANDLER(ffree)
{
    fpu_begin(c, i, FK_ARITH);
    F->empty |= (uint8_t)(1u << fpu_phys(F, i->rm & 7));
    fpu_set_c1(F, false);
}
static HANDLER(ffreep)
{
    fpu_begin(c, i, FK_ARITH);
    F->empty |= (uint8_t)(1u << fpu_phys(F, i->rm & 7));
    fpu_set_c1(F, false);
    fpu_pop(F);
}

static HANDLER(fdecstp)
{
    fpu_begin(c, i, FK_ARITH);
    fpu_set_top(F, fpu_top(F) - 1);
    fpu_set_c1(F, false);
}
static HANDLER(fincstp)
{
    fpu_begin(c, i, FK_ARITH);
    fpu_set_top(F, fpu_top(F) + 1);
    fpu_set_c1(F, false);
}

void fpu_register_ld_st(void)
{
    H_ONE(IOP_FLD_Mfs, fld_m32);
    H_ONE(IOP_FLD_Mfl, fld_m64);
    H_ONE(IOP_FLD_Mft, fld_m80);
    H_ONE(IOP_FLD_STi, fld_sti);
    H_ONE(IOP_FILD_Mw16i, fild_m16);
    H_ONE(IOP_FILD_Md32i, fild_m32);
    H_ONE(IOP_FILD_Mq64i, fild_m64);
    H_ONE(IOP_FBLD, fbld);
    H_ONE(IOP_FLD1, fld1);
    H_ONE(IOP_FLDZ, fldz);
    H_ONE(IOP_FLDPI, fldpi);
    H_ONE(IOP_FLDL2T, fldl2t);
    H_ONE(IOP_FLDL2E, fldl2e);
    H_ONE(IOP_FLDLG2, fldlg2);
    H_ONE(IOP_FLDLN2, fldln2);
    H_ONE(IOP_FST_Mfs, fst_m32h);
    H_ONE(IOP_FSTP_Mfs, fstp_m32h);
    H_ONE(IOP_FST_Mfl, fst_m64h);
    H_ONE(IOP_FSTP_Mfl, fstp_m64h);
    H_ONE(IOP_FSTP_Mft, fstp_m80);
    H_ONE(IOP_FST_STi, fst_stih);
    H_ONE(IOP_FSTP_STi, fstp_stih);
    H_ONE(IOP_FSTP1_STi, fstp_stih);
    H_ONE(IOP_FSTP8_STi, fstp_stih);
    H_ONE(IOP_FSTP9_STi, fstp_stih);
    H_ONE(IOP_FIST_Mw16i, fist_m16);
    H_ONE(IOP_FIST_Md32i, fist_m32);
    H_ONE(IOP_FISTP_Mw16i, fistp_m16);
    H_ONE(IOP_FISTP_Md32i, fistp_m32);
    H_ONE(IOP_FISTP_Mq64i, fistp_m64);
    H_ONE(IOP_FISTTP_Mw16i, fisttp_m16);
    H_ONE(IOP_FISTTP_Md32i, fisttp_m32);
    H_ONE(IOP_FISTTP_Mq64i, fisttp_m64);
    H_ONE(IOP_FBSTP, fbstp);
    H_ONE(IOP_FXCH_STi, fxch);
    H_ONE(IOP_FXCH4_STi, fxch);
    H_ONE(IOP_FXCH7_STi, fxch);
    H_ONE(IOP_FCMOVB_ST0STi, fcmovb);
    H_ONE(IOP_FCMOVE_ST0STi, fcmove);
    H_ONE(IOP_FCMOVBE_ST0STi, fcmovbe);
    H_ONE(IOP_FCMOVU_ST0STi, fcmovu);
    H_ONE(IOP_FCMOVNB_ST0STi, fcmovnb);
    H_ONE(IOP_FCMOVNE_ST0STi, fcmovne);
    H_ONE(IOP_FCMOVNBE_ST0STi, fcmovnbe);
    H_ONE(IOP_FCMOVNU_ST0STi, fcmovnu);
    H_ONE(IOP_FFREE_STi, ffree);
    H_ONE(IOP_FFREEP_STi, ffreep);
    H_ONE(IOP_FDECSTP, fdecstp);
    H_ONE(IOP_FINCSTP, fincstp);
}
