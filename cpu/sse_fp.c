/* cpu/sse_fp.c: SSE/SSE2/SSE3/SSE4.1 floating-point instructions:
 * arithmetic, comparisons, conversions, rounding, dot products, the
 * horizontal SSE3 operations, and the FP-typed logic and shuffles.
 *
 * A kernel computes the whole destination into a copy with a soft-float
 * environment built from MXCSR; sse_fp_finish() then folds the exception
 * flags into MXCSR and raises #XM/#UD for an unmasked one, in which case
 * the destination is left unchanged (SDM Vol.1 11.5.1).
 */
#include "cpu/simd.h"

typedef void (*fk_fn)(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm);
static fk_fn fkern[IOP_COUNT];

void sse_fp_finish(struct cpu *c, unsigned flags)
{
    unsigned masks = (c->xmm.mxcsr >> 7) & SF_ALL;
    flags &= SF_ALL;
    unsigned un = flags & ~masks;
    if (un & (SF_IE | SF_DE | SF_ZE))
        flags &= SF_IE | SF_DE | SF_ZE;
    c->xmm.mxcsr |= flags;
    if (un) {
        /* SDM Vol.3 13.4 / 6.15 #XM: only with CR4.OSXMMEXCPT, else #UD */
        if (c->cr4 & CR4_OSXMMEXCPT)
            cpu_fault_noerr(c, EXC_XM);
        cpu_ud(c);
    }
}

/* ---- kernels ---- */

#define PS_BIN(name, fn)                                                            \
    static void name##ps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                               \
        (void)imm;                                                                  \
        for (unsigned k = 0; k < 4; k++)                                            \
            d->d[k] = fn##f32(e, d->d[k], s->d[k]);                                 \
    }                                                                               \
    static void name##pd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                               \
        (void)imm;                                                                  \
        for (unsigned k = 0; k < 2; k++)                                            \
            d->q[k] = fn##f64(e, d->q[k], s->q[k]);                                 \
    }                                                                               \
    static void name##ss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                               \
        (void)imm;                                                                  \
        d->d[0] = fn##f32(e, d->d[0], s->d[0]);                                     \
    }                                                                               \
    static void name##sd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                               \
        (void)imm;                                                                  \
        d->q[0] = fn##f64(e, d->q[0], s->q[0]);                                     \
    }

/* adapters so that one macro serves softfloat and sse_float names */
#define add_f32 sf_f32_add
#define add_f64 sf_f64_add
#define sub_f32 sf_f32_sub
#define sub_f64 sf_f64_sub
#define mul_f32 sf_f32_mul
#define mul_f64 sf_f64_mul
#define div_f32 sf_f32_div
#define div_f64 sf_f64_div
#define min_f32 sse_f32_min
#define min_f64 sse_f64_min
#define max_f32 sse_f32_max
#define max_f64 sse_f64_max
PS_BIN(k_add, add_)
PS_BIN(k_sub, sub_)
PS_BIN(k_mul, mul_)
PS_BIN(k_div, div_)
PS_BIN(k_min, min_)
PS_BIN(k_max, max_)

static void k_sqrtps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sf_f32_sqrt(e, s->d[k]);
}
static void k_sqrtpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 2; k++)
        d->q[k] = sf_f64_sqrt(e, s->q[k]);
}
static void k_sqrtss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->d[0] = sf_f32_sqrt(e, s->d[0]);
}
static void k_sqrtsd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->q[0] = sf_f64_sqrt(e, s->q[0]);
}
static void k_rcpps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sse_f32_rcp(s->d[k]);
}
static void k_rcpss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->d[0] = sse_f32_rcp(s->d[0]);
}
static void k_rsqrtps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sse_f32_rsqrt(s->d[k]);
}
static void k_rsqrtss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->d[0] = sse_f32_rsqrt(s->d[0]);
}

/* CMPPS/CMPPD/CMPSS/CMPSD: imm8 bits 2:0 select the predicate */
static void k_cmpps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sse_f32_cmp_pred(e, d->d[k], s->d[k], imm) ? 0xFFFFFFFFu : 0;
}
static void k_cmppd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    for (unsigned k = 0; k < 2; k++)
        d->q[k] = sse_f64_cmp_pred(e, d->q[k], s->q[k], imm) ? ~0ull : 0;
}
static void k_cmpss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    d->d[0] = sse_f32_cmp_pred(e, d->d[0], s->d[0], imm) ? 0xFFFFFFFFu : 0;
}
static void k_cmpsd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    d->q[0] = sse_f64_cmp_pred(e, d->q[0], s->q[0], imm) ? ~0ull : 0;
}

/* SSE3 horizontal and alternating operations */
#define DEF_HOP_PS(NAME, OP)                                                    \
    static void NAME(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                           \
        xmm_t r;                                                                \
        (void)imm;                                                              \
        r.d[0] = OP(e, d->d[0], d->d[1]);                                       \
        r.d[1] = OP(e, d->d[2], d->d[3]);                                       \
        r.d[2] = OP(e, s->d[0], s->d[1]);                                       \
        r.d[3] = OP(e, s->d[2], s->d[3]);                                       \
        *d = r;                                                                 \
    }
#define DEF_HOP_PD(NAME, OP)                                                    \
    static void NAME(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)  \
    {                                                                           \
        xmm_t r;                                                                \
        (void)imm;                                                              \
        r.q[0] = OP(e, d->q[0], d->q[1]);                                       \
        r.q[1] = OP(e, s->q[0], s->q[1]);                                       \
        *d = r;                                                                 \
    }
DEF_HOP_PS(k_haddps, sf_f32_add)
DEF_HOP_PS(k_hsubps, sf_f32_sub)
DEF_HOP_PD(k_haddpd, sf_f64_add)
DEF_HOP_PD(k_hsubpd, sf_f64_sub)
static void k_addsubps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = (k & 1) ? sf_f32_add(e, d->d[k], s->d[k]) : sf_f32_sub(e, d->d[k], s->d[k]);
}
static void k_addsubpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->q[0] = sf_f64_sub(e, d->q[0], s->q[0]);
    d->q[1] = sf_f64_add(e, d->q[1], s->q[1]);
}

/* conversions between formats */
static void k_cvtps2pd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    uint32_t a = s->d[0], b = s->d[1];
    d->q[0] = sse_f32_to_f64(e, a);
    d->q[1] = sse_f32_to_f64(e, b);
}
static void k_cvtpd2ps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->d[0] = sse_f64_to_f32(e, s->q[0]);
    d->d[1] = sse_f64_to_f32(e, s->q[1]);
    d->q[1] = 0;
}
static void k_cvtss2sd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->q[0] = sse_f32_to_f64(e, s->d[0]);
}
static void k_cvtsd2ss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->d[0] = sse_f64_to_f32(e, s->q[0]);
}
static void k_cvtdq2ps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sse_i64_to_f32(e, s->sd[k]);
}
static void k_cvtdq2pd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    int32_t a = s->sd[0], b = s->sd[1];
    d->q[0] = sse_i64_to_f64(e, a);
    d->q[1] = sse_i64_to_f64(e, b);
}
static void k_cvtps2dq(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = (uint32_t)sse_f32_to_int(e, s->d[k], 32, false);
}
static void k_cvttps2dq(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = (uint32_t)sse_f32_to_int(e, s->d[k], 32, true);
}
static void k_cvtpd2dq(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->d[0] = (uint32_t)sse_f64_to_int(e, s->q[0], 32, false);
    d->d[1] = (uint32_t)sse_f64_to_int(e, s->q[1], 32, false);
    d->q[1] = 0;
}
static void k_cvttpd2dq(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)imm;
    d->d[0] = (uint32_t)sse_f64_to_int(e, s->q[0], 32, true);
    d->d[1] = (uint32_t)sse_f64_to_int(e, s->q[1], 32, true);
    d->q[1] = 0;
}

/* ROUNDPS etc.: imm8 bit 2 = use MXCSR.RC, bits 1:0 = RC, bit 3 = no PE */
static unsigned round_rc(const struct sf_env *e, unsigned imm)
{
    return (imm & 4) ? e->rc : (imm & 3);
}
static void k_roundps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = sse_f32_round(e, s->d[k], round_rc(e, imm), imm & 8);
}
static void k_roundpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    for (unsigned k = 0; k < 2; k++)
        d->q[k] = sse_f64_round(e, s->q[k], round_rc(e, imm), imm & 8);
}
static void k_roundss(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    d->d[0] = sse_f32_round(e, s->d[0], round_rc(e, imm), imm & 8);
}
static void k_roundsd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    d->q[0] = sse_f64_round(e, s->q[0], round_rc(e, imm), imm & 8);
}

/* DPPS/DPPD (SDM Vol.2): products selected by imm8 7:4 (others +0.0),
 * summed pairwise with a rounding after each step, the sum stored into
 * the elements selected by imm8 3:0 (others +0.0) */
static void k_dpps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    uint32_t t[4];
    for (unsigned k = 0; k < 4; k++)
        t[k] = ((imm >> (4 + k)) & 1) ? sf_f32_mul(e, d->d[k], s->d[k]) : 0;
    uint32_t a = sf_f32_add(e, t[0], t[1]), b = sf_f32_add(e, t[2], t[3]);
    uint32_t sum = sf_f32_add(e, a, b);
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = ((imm >> k) & 1) ? sum : 0;
}
static void k_dppd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    uint64_t t[2];
    for (unsigned k = 0; k < 2; k++)
        t[k] = ((imm >> (4 + k)) & 1) ? sf_f64_mul(e, d->q[k], s->q[k]) : 0;
    uint64_t sum = sf_f64_add(e, t[0], t[1]);
    for (unsigned k = 0; k < 2; k++)
        d->q[k] = ((imm >> k) & 1) ? sum : 0;
}

/* ---- bitwise, shuffles and blends (no exceptions) ---- */
#define LOGIC(name, EXPR)                                                            \
    static void name(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)       \
    {                                                                                \
        (void)e, (void)imm;                                                          \
        for (unsigned k = 0; k < 2; k++) {                                           \
            uint64_t a = d->q[k], b = s->q[k];                                       \
            d->q[k] = (EXPR);                                                        \
        }                                                                            \
    }
LOGIC(k_and, a & b)
LOGIC(k_andn, ~a & b)
LOGIC(k_or, a | b)
LOGIC(k_xor, a ^ b)

static void k_shufps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    xmm_t r;
    (void)e;
    r.d[0] = d->d[imm & 3];
    r.d[1] = d->d[(imm >> 2) & 3];
    r.d[2] = s->d[(imm >> 4) & 3];
    r.d[3] = s->d[(imm >> 6) & 3];
    *d = r;
}
static void k_shufpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    xmm_t r;
    (void)e;
    r.q[0] = d->q[imm & 1];
    r.q[1] = s->q[(imm >> 1) & 1];
    *d = r;
}
static void k_unpcklps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    xmm_t r = {.d = {d->d[0], s->d[0], d->d[1], s->d[1]}};
    (void)e, (void)imm;
    *d = r;
}
static void k_unpckhps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    xmm_t r = {.d = {d->d[2], s->d[2], d->d[3], s->d[3]}};
    (void)e, (void)imm;
    *d = r;
}
static void k_unpcklpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->q[1] = s->q[0];
}
static void k_unpckhpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->q[0] = d->q[1];
    d->q[1] = s->q[1];
}
static void k_blendps(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e;
    for (unsigned k = 0; k < 4; k++)
        if ((imm >> k) & 1)
            d->d[k] = s->d[k];
}
static void k_blendpd(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e;
    for (unsigned k = 0; k < 2; k++)
        if ((imm >> k) & 1)
            d->q[k] = s->q[k];
}
static void k_movsldup(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->d[0] = d->d[1] = s->d[0];
    d->d[2] = d->d[3] = s->d[2];
}
static void k_movshdup(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->d[0] = d->d[1] = s->d[1];
    d->d[2] = d->d[3] = s->d[3];
}
static void k_movddup(struct sf_env *e, xmm_t *d, const xmm_t *s, unsigned imm)
{
    (void)e, (void)imm;
    d->q[0] = d->q[1] = s->q[0];
}

/* ---- handlers ---- */

static void fp_run(struct cpu *c, const struct insn *i, const xmm_t *s)
{
    struct sf_env e = sse_env(c);
    xmm_t d = *xreg(c, i->reg);
    fkern[i->op](&e, &d, s, (unsigned)(i->imm & 0xFF));
    sse_fp_finish(c, e.flags);
    *xreg(c, i->reg) = d;
}
static HANDLER(fp_r)
{
    sse_check(c);
    fp_run(c, i, xreg(c, i->rm));
}
/* 128-bit memory source, 16-byte aligned */
static HANDLER(fp_m128)
{
    sse_check(c);
    xmm_t s;
    simd_read128(c, i->seg, cpu_ea(c, i), &s, true);
    fp_run(c, i, &s);
}
/* scalar sources: 32-bit or 64-bit memory, no alignment */
static HANDLER(fp_m32)
{
    sse_check(c);
    xmm_t s = {0};
    s.d[0] = cpu_read32(c, i->seg, cpu_ea(c, i));
    fp_run(c, i, &s);
}
static HANDLER(fp_m64)
{
    sse_check(c);
    xmm_t s = {0};
    s.q[0] = cpu_read64(c, i->seg, cpu_ea(c, i));
    fp_run(c, i, &s);
}

/* COMISS/UCOMISS/COMISD/UCOMISD: ZF PF CF = 111 unordered, 000 greater,
 * 001 less, 100 equal; OF SF AF cleared */
static void comis(struct cpu *c, const struct insn *i, bool dbl, bool signaling)
{
    sse_check(c);
    xmm_t s = {0};
    if (i->mod == 3)
        s = *xreg(c, i->rm);
    else if (dbl)
        s.q[0] = cpu_read64(c, i->seg, cpu_ea(c, i));
    else
        s.d[0] = cpu_read32(c, i->seg, cpu_ea(c, i));
    struct sf_env e = sse_env(c);
    const xmm_t *d = xreg(c, i->reg);
    int r = dbl ? sse_f64_compare(&e, d->q[0], s.q[0], signaling)
                : sse_f32_compare(&e, d->d[0], s.d[0], signaling);
    sse_fp_finish(c, e.flags);
    static const uint32_t fl[4] = {F_CF, F_ZF, 0, F_ZF | F_PF | F_CF};
    cpu_set_status(c, fl[r]);
}
static HANDLER(comiss) { comis(c, i, false, true); }
static HANDLER(ucomiss) { comis(c, i, false, false); }
static HANDLER(comisd) { comis(c, i, true, true); }
static HANDLER(ucomisd) { comis(c, i, true, false); }

/* CVTSI2SS/CVTSI2SD xmm, r/m32 or r/m64 (REX.W) */
static void cvtsi2s(struct cpu *c, const struct insn *i, bool dbl, bool q, bool mem)
{
    sse_check(c);
    int64_t v;
    if (mem)
        v = q ? (int64_t)cpu_read64(c, i->seg, cpu_ea(c, i))
              : (int32_t)cpu_read32(c, i->seg, cpu_ea(c, i));
    else
        v = q ? (int64_t)cpu_get64(c, i->rm) : (int32_t)cpu_get32(c, i->rm);
    struct sf_env e = sse_env(c);
    xmm_t d = *xreg(c, i->reg);
    if (dbl)
        d.q[0] = sse_i64_to_f64(&e, v);
    else
        d.d[0] = sse_i64_to_f32(&e, v);
    sse_fp_finish(c, e.flags);
    *xreg(c, i->reg) = d;
}
static HANDLER(cvtsi2ss_r32) { cvtsi2s(c, i, false, false, false); }
static HANDLER(cvtsi2ss_m32) { cvtsi2s(c, i, false, false, true); }
static HANDLER(cvtsi2ss_r64) { cvtsi2s(c, i, false, true, false); }
static HANDLER(cvtsi2ss_m64) { cvtsi2s(c, i, false, true, true); }
static HANDLER(cvtsi2sd_r32) { cvtsi2s(c, i, true, false, false); }
static HANDLER(cvtsi2sd_m32) { cvtsi2s(c, i, true, false, true); }
static HANDLER(cvtsi2sd_r64) { cvtsi2s(c, i, true, true, false); }
static HANDLER(cvtsi2sd_m64) { cvtsi2s(c, i, true, true, true); }

/* CVT(T)SS2SI / CVT(T)SD2SI r32/r64, xmm/m32 or m64 */
static void cvts2si(struct cpu *c, const struct insn *i, bool dbl, bool q, bool trunc)
{
    sse_check(c);
    xmm_t s = {0};
    if (i->mod == 3)
        s = *xreg(c, i->rm);
    else if (dbl)
        s.q[0] = cpu_read64(c, i->seg, cpu_ea(c, i));
    else
        s.d[0] = cpu_read32(c, i->seg, cpu_ea(c, i));
    struct sf_env e = sse_env(c);
    int64_t v = dbl ? sse_f64_to_int(&e, s.q[0], q ? 64 : 32, trunc)
                    : sse_f32_to_int(&e, s.d[0], q ? 64 : 32, trunc);
    sse_fp_finish(c, e.flags);
    if (q)
        cpu_set64(c, i->reg, (uint64_t)v);
    else
        cpu_set32(c, i->reg, (uint32_t)v);
}
static HANDLER(cvtss2si_32) { cvts2si(c, i, false, false, false); }
static HANDLER(cvtss2si_64) { cvts2si(c, i, false, true, false); }
static HANDLER(cvttss2si_32) { cvts2si(c, i, false, false, true); }
static HANDLER(cvttss2si_64) { cvts2si(c, i, false, true, true); }
static HANDLER(cvtsd2si_32) { cvts2si(c, i, true, false, false); }
static HANDLER(cvtsd2si_64) { cvts2si(c, i, true, true, false); }
static HANDLER(cvttsd2si_32) { cvts2si(c, i, true, false, true); }
static HANDLER(cvttsd2si_64) { cvts2si(c, i, true, true, true); }

/* The MMX <-> XMM conversions. The x87 -> MMX transition happens only
 * with an MMX register operand (SDM Vol.2 CVTPI2PS, CVTPI2PD). */
static HANDLER(cvtpi2ps)
{
    uint64_t v;
    if (i->mod == 3) {
        mmx_sse_enter(c, true);
        v = mmx_get(c, i->rm);
    } else {
        mmx_sse_enter(c, false);
        v = cpu_read64(c, i->seg, cpu_ea(c, i));
    }
    struct sf_env e = sse_env(c);
    xmm_t d = *xreg(c, i->reg);
    d.d[0] = sse_i64_to_f32(&e, (int32_t)(uint32_t)v);
    d.d[1] = sse_i64_to_f32(&e, (int32_t)(uint32_t)(v >> 32));
    sse_fp_finish(c, e.flags);
    *xreg(c, i->reg) = d;
}
static HANDLER(cvtpi2pd)
{
    uint64_t v;
    if (i->mod == 3) {
        mmx_sse_enter(c, true);
        v = mmx_get(c, i->rm);
    } else {
        mmx_sse_enter(c, false);
        v = cpu_read64(c, i->seg, cpu_ea(c, i));
    }
    struct sf_env e = sse_env(c);
    xmm_t d;
    d.q[0] = sse_i64_to_f64(&e, (int32_t)(uint32_t)v);
    d.q[1] = sse_i64_to_f64(&e, (int32_t)(uint32_t)(v >> 32));
    sse_fp_finish(c, e.flags);
    *xreg(c, i->reg) = d;
}
static void cvtp2pi(struct cpu *c, const struct insn *i, bool dbl, bool trunc)
{
    xmm_t s = {0};
    mmx_sse_enter(c, true);
    if (i->mod == 3)
        s = *xreg(c, i->rm);
    else if (dbl)
        simd_read128(c, i->seg, cpu_ea(c, i), &s, true);
    else
        s.q[0] = cpu_read64(c, i->seg, cpu_ea(c, i));
    struct sf_env e = sse_env(c);
    uint32_t lo, hi;
    if (dbl) {
        lo = (uint32_t)sse_f64_to_int(&e, s.q[0], 32, trunc);
        hi = (uint32_t)sse_f64_to_int(&e, s.q[1], 32, trunc);
    } else {
        lo = (uint32_t)sse_f32_to_int(&e, s.d[0], 32, trunc);
        hi = (uint32_t)sse_f32_to_int(&e, s.d[1], 32, trunc);
    }
    sse_fp_finish(c, e.flags);
    mmx_set(c, i->reg, (uint64_t)hi << 32 | lo);
}
static HANDLER(cvtps2pi) { cvtp2pi(c, i, false, false); }
static HANDLER(cvttps2pi) { cvtp2pi(c, i, false, true); }
static HANDLER(cvtpd2pi) { cvtp2pi(c, i, true, false); }
static HANDLER(cvttpd2pi) { cvtp2pi(c, i, true, true); }

/* MOVMSKPS/MOVMSKPD r32, xmm: the sign bits */
static HANDLER(movmskps)
{
    sse_check(c);
    const xmm_t *s = xreg(c, i->rm);
    uint32_t m = 0;
    for (unsigned k = 0; k < 4; k++)
        m |= (s->d[k] >> 31) << k;
    cpu_set64(c, i->reg, m);
}
static HANDLER(movmskpd)
{
    sse_check(c);
    const xmm_t *s = xreg(c, i->rm);
    cpu_set64(c, i->reg, (s->q[0] >> 63) | ((s->q[1] >> 63) << 1));
}

/* ---- registration ---- */

/* packed: 128-bit aligned memory; scalar: 32/64-bit memory */
static void reg_fp(unsigned iop, fk_fn k, handler_fn mem)
{
    fkern[iop] = k;
    H_RM(iop, fp_r, mem);
}
#define FP4(OP, k)                                            \
    reg_fp(IOP_##OP##PS_VxWx, k##ps, fp_m128);                \
    reg_fp(IOP_##OP##PD_VxWx, k##pd, fp_m128);                \
    reg_fp(IOP_##OP##SS_VssWss, k##ss, fp_m32);               \
    reg_fp(IOP_##OP##SD_VsdWsd, k##sd, fp_m64)

void sse_register_fp(void)
{
    FP4(ADD, k_add);
    FP4(SUB, k_sub);
    FP4(MUL, k_mul);
    FP4(DIV, k_div);
    FP4(MIN, k_min);
    FP4(MAX, k_max);
    FP4(SQRT, k_sqrt);
    reg_fp(IOP_CMPPS_VxWx, k_cmpps, fp_m128);
    reg_fp(IOP_CMPPD_VxWx, k_cmppd, fp_m128);
    reg_fp(IOP_CMPSS_VssWss, k_cmpss, fp_m32);
    reg_fp(IOP_CMPSD_VsdWsd, k_cmpsd, fp_m64);
    reg_fp(IOP_RCPPS_VxWx, k_rcpps, fp_m128);
    reg_fp(IOP_RCPSS_VssWss, k_rcpss, fp_m32);
    reg_fp(IOP_RSQRTPS_VxWx, k_rsqrtps, fp_m128);
    reg_fp(IOP_RSQRTSS_VssWss, k_rsqrtss, fp_m32);
    reg_fp(IOP_HADDPS_VxWx, k_haddps, fp_m128);
    reg_fp(IOP_HSUBPS_VxWx, k_hsubps, fp_m128);
    reg_fp(IOP_HADDPD_VxWx, k_haddpd, fp_m128);
    reg_fp(IOP_HSUBPD_VxWx, k_hsubpd, fp_m128);
    reg_fp(IOP_ADDSUBPS_VxWx, k_addsubps, fp_m128);
    reg_fp(IOP_ADDSUBPD_VxWx, k_addsubpd, fp_m128);
    reg_fp(IOP_CVTPS2PD_VxWq, k_cvtps2pd, fp_m64);
    reg_fp(IOP_CVTPD2PS_VxWx, k_cvtpd2ps, fp_m128);
    reg_fp(IOP_CVTSS2SD_VsdWss, k_cvtss2sd, fp_m32);
    reg_fp(IOP_CVTSD2SS_VssWsd, k_cvtsd2ss, fp_m64);
    reg_fp(IOP_CVTDQ2PS_VxWx, k_cvtdq2ps, fp_m128);
    reg_fp(IOP_CVTDQ2PD_VxWq, k_cvtdq2pd, fp_m64);
    reg_fp(IOP_CVTPS2DQ_VxWx, k_cvtps2dq, fp_m128);
    reg_fp(IOP_CVTTPS2DQ_VxWx, k_cvttps2dq, fp_m128);
    reg_fp(IOP_CVTPD2DQ_VxWx, k_cvtpd2dq, fp_m128);
    reg_fp(IOP_CVTTPD2DQ_VxWx, k_cvttpd2dq, fp_m128);
    reg_fp(IOP_ROUNDPS_VxWxIb, k_roundps, fp_m128);
    reg_fp(IOP_ROUNDPD_VxWxIb, k_roundpd, fp_m128);
    reg_fp(IOP_ROUNDSS_VxWxIb, k_roundss, fp_m32);
    reg_fp(IOP_ROUNDSD_VxWxIb, k_roundsd, fp_m64);
    reg_fp(IOP_DPPS_VxWxIb, k_dpps, fp_m128);
    reg_fp(IOP_DPPD_VxWxIb, k_dppd, fp_m128);
    reg_fp(IOP_ANDPS_VxWx, k_and, fp_m128);
    reg_fp(IOP_ANDPD_VxWx, k_and, fp_m128);
    reg_fp(IOP_ANDNPS_VxWx, k_andn, fp_m128);
    reg_fp(IOP_ANDNPD_VxWx, k_andn, fp_m128);
    reg_fp(IOP_ORPS_VxWx, k_or, fp_m128);
    reg_fp(IOP_ORPD_VxWx, k_or, fp_m128);
    reg_fp(IOP_XORPS_VxWx, k_xor, fp_m128);
    reg_fp(IOP_XORPD_VxWx, k_xor, fp_m128);
    reg_fp(IOP_SHUFPS_VxWxIb, k_shufps, fp_m128);
    reg_fp(IOP_SHUFPD_VxWxIb, k_shufpd, fp_m128);
    reg_fp(IOP_UNPCKLPS_VxWx, k_unpcklps, fp_m128);
    reg_fp(IOP_UNPCKHPS_VxWx, k_unpckhps, fp_m128);
    reg_fp(IOP_UNPCKLPD_VxWx, k_unpcklpd, fp_m128);
    reg_fp(IOP_UNPCKHPD_VxWx, k_unpckhpd, fp_m128);
    reg_fp(IOP_BLENDPS_VxWxIb, k_blendps, fp_m128);
    reg_fp(IOP_BLENDPD_VxWxIb, k_blendpd, fp_m128);
    reg_fp(IOP_MOVSLDUP_VxWx, k_movsldup, fp_m128);
    reg_fp(IOP_MOVSHDUP_VxWx, k_movshdup, fp_m128);
    reg_fp(IOP_MOVDDUP_VxWsd, k_movddup, fp_m64);

    H_RM(IOP_COMISS_VssWss, comiss, comiss);
    H_RM(IOP_UCOMISS_VssWss, ucomiss, ucomiss);
    H_RM(IOP_COMISD_VsdWsd, comisd, comisd);
    H_RM(IOP_UCOMISD_VsdWsd, ucomisd, ucomisd);
    cpu_set_handlers(IOP_CVTSI2SS_VssEy, cvtsi2ss_r32, cvtsi2ss_m32, cvtsi2ss_r32,
                     cvtsi2ss_m32, cvtsi2ss_r64, cvtsi2ss_m64);
    cpu_set_handlers(IOP_CVTSI2SD_VsdEy, cvtsi2sd_r32, cvtsi2sd_m32, cvtsi2sd_r32,
                     cvtsi2sd_m32, cvtsi2sd_r64, cvtsi2sd_m64);
    cpu_set_handlers(IOP_CVTSS2SI_GyWss, cvtss2si_32, cvtss2si_32, cvtss2si_32, cvtss2si_32,
                     cvtss2si_64, cvtss2si_64);
    cpu_set_handlers(IOP_CVTTSS2SI_GyWss, cvttss2si_32, cvttss2si_32, cvttss2si_32,
                     cvttss2si_32, cvttss2si_64, cvttss2si_64);
    cpu_set_handlers(IOP_CVTSD2SI_GyWsd, cvtsd2si_32, cvtsd2si_32, cvtsd2si_32, cvtsd2si_32,
                     cvtsd2si_64, cvtsd2si_64);
    cpu_set_handlers(IOP_CVTTSD2SI_GyWsd, cvttsd2si_32, cvttsd2si_32, cvttsd2si_32,
                     cvttsd2si_32, cvttsd2si_64, cvttsd2si_64);
    H_ONE(IOP_CVTPI2PS_VxQq, cvtpi2ps);
    H_ONE(IOP_CVTPI2PD_VxQq, cvtpi2pd);
    H_ONE(IOP_CVTPS2PI_PqWq, cvtps2pi);
    H_ONE(IOP_CVTTPS2PI_PqWq, cvttps2pi);
    H_ONE(IOP_CVTPD2PI_PqWx, cvtpd2pi);
    H_ONE(IOP_CVTTPD2PI_PqWx, cvttpd2pi);
    H_RM(IOP_MOVMSKPS_GdUx, movmskps, movmskps);
    H_RM(IOP_MOVMSKPD_GdUx, movmskpd, movmskpd);
}
