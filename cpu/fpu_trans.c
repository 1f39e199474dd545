/* cpu/fpu_trans.c: x87 transcendental instructions (SDM Vol.1 8.3.8-8.3.10):
 * FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1.
 *
 * Results are computed in "xf", a 128-bit-significand binary format made
 * of integers only (u128 significand, int32 exponent), with truncating
 * operations (each loses less than 2^-127 relative), by series:
 *   sin/cos: Taylor series after reduction by pi/2 (|r| <= pi/4);
 *   atan: argument reduced to |q| <= 1, then halved three times with
 *         atan(q) = 2 atan(q / (1 + sqrt(1 + q^2))), then Taylor;
 *   log2: x = 2^k m with m in [sqrt(1/2), sqrt(2)], log2(m) =
 *         2/ln2 atanh((m - 1)/(m + 1)) by its series;
 *   2^x - 1: expm1(x ln 2) by Taylor.
 * The xf value is then rounded once to the 64-bit significand with the
 * current rounding mode (sf_x80_round_pack, with a sticky bit so that PE
 * and C1 come out as for an inexact result). The accuracy measured
 * against the host x87 and libquadmath is in docs/FPU.md.
 */
#include "cpu/fpu_impl.h"

#define F (&c->fpu)

typedef unsigned __int128 u128;

/* value = (-1)^s * m * 2^(e - 127); m == 0 is zero, else bit 127 set */
struct xf {
    bool s;
    int32_t e;
    u128 m;
};

#define U128(hi, lo) (((u128)(hi) << 64) | (lo))
/* pi/2 and ln 2 to 128 bits (truncated) */
static const struct xf XF_PIO2 = {false, 0, U128(0xC90FDAA22168C234ull, 0xC4C6628B80DC1CD1ull)};
static const struct xf XF_LN2 = {false, -1, U128(0xB17217F7D1CF79ABull, 0xC9E3B39803F2F6AFull)};
static const struct xf XF_ONE = {false, 0, (u128)1 << 127};

static struct xf xf_norm(struct xf a)
{
    if (!a.m)
        return a;
    uint64_t hi = (uint64_t)(a.m >> 64);
    int s = hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)a.m);
    a.m <<= s;
    a.e -= s;
    return a;
}

static struct xf xf_from_int(int64_t v)
{
    struct xf r = {v < 0, 63, (u128)(v < 0 ? 0 - (uint64_t)v : (uint64_t)v) << 64};
    return xf_norm(r);
}

static struct xf xf_from_x80(sf_x80 v)
{
    unsigned exp = v.se & 0x7FFF;
    struct xf r = {sf_x80_sign(v), (exp ? (int32_t)exp : 1) - 16383, (u128)v.sig << 64};
    return xf_norm(r);
}

static struct xf xf_neg(struct xf a)
{
    a.s = !a.s;
    return a;
}

static struct xf xf_mul(struct xf a, struct xf b)
{
    struct xf r = {a.s != b.s, 0, 0};
    if (!a.m || !b.m)
        return r;
    uint64_t ah = (uint64_t)(a.m >> 64), al = (uint64_t)a.m;
    uint64_t bh = (uint64_t)(b.m >> 64), bl = (uint64_t)b.m;
    u128 p0 = (u128)al * bl, p1 = (u128)al * bh, p2 = (u128)ah * bl, p3 = (u128)ah * bh;
    u128 mid = (p0 >> 64) + (uint64_t)p1 + (uint64_t)p2;
    u128 hi = p3 + (p1 >> 64) + (p2 >> 64) + (mid >> 64);
    uint64_t lo_top = (uint64_t)mid;
    if (hi >> 127) {
        r.m = hi;
        r.e = a.e + b.e + 1;
    } else {
        r.m = (hi << 1) | (lo_top >> 63);
        r.e = a.e + b.e;
    }
    return r;
}

static struct xf xf_add(struct xf a, struct xf b)
{
    if (!b.m)
        return a;
    if (!a.m)
        return b;
    if (a.e < b.e || (a.e == b.e && a.m < b.m)) {
        struct xf t = a;
        a = b;
        b = t;
    }
    int32_t d = a.e - b.e;
    u128 ma = a.m >> 1, mb = d >= 127 ? 0 : (b.m >> 1) >> d;
    struct xf r = {a.s, a.e + 1, a.s == b.s ? ma + mb : ma - mb};
    return xf_norm(r);
}

static struct xf xf_sub(struct xf a, struct xf b)
{
    return xf_add(a, xf_neg(b));
}

static struct xf xf_div(struct xf a, struct xf b)
{
    struct xf r = {a.s != b.s, 0, 0};
    if (!a.m)
        return r;
    u128 rem = a.m, d = b.m, q = 0;
    bool carry = false;
    for (int k = 0; k < 128; k++) {
        q <<= 1;
        if (carry || rem >= d) {
            rem -= d;
            q |= 1;
        }
        carry = rem >> 127;
        rem <<= 1;
    }
    r.m = q;
    r.e = a.e - b.e;
    return xf_norm(r);
}

static struct xf xf_ldexp(struct xf a, int32_t k)
{
    a.e += k;
    return a;
}

/* square root by Newton's iteration from 2^(e/2) */
static struct xf xf_sqrt(struct xf a)
{
    if (!a.m)
        return a;
    struct xf x = {false, a.e / 2, (u128)3 << 126}; /* 1.5 * 2^(e/2) */
    for (int k = 0; k < 8; k++)
        x = xf_ldexp(xf_add(x, xf_div(a, x)), -1);
    return x;
}

/* integer nearest to a (|a| < 2^62) */
static int64_t xf_nearest_int(struct xf a)
{
    if (!a.m || a.e < -1)
        return 0;
    if (a.e == -1) /* [0.5, 1): rounds away from zero (ties too) */
        return a.s ? -1 : 1;
    int32_t sh = 127 - a.e; /* integer part = m >> sh */
    uint64_t ip = (uint64_t)(a.m >> sh);
    bool half = (a.m >> (sh - 1)) & 1;
    int64_t v = (int64_t)(ip + (half ? 1 : 0));
    return a.s ? -v : v;
}

/* sin(r) and cos(r) for |r| <= pi/4 by their Taylor series */
static struct xf xf_sin_series(struct xf r)
{
    struct xf r2 = xf_mul(r, r), term = r, sum = r;
    for (int n = 1; n <= 18; n++) {
        term = xf_div(xf_mul(term, r2), xf_from_int((2 * n) * (2 * n + 1)));
        term.s = !term.s;
        sum = xf_add(sum, term);
    }
    return sum;
}
static struct xf xf_cos_series(struct xf r)
{
    struct xf r2 = xf_mul(r, r), term = XF_ONE, sum = XF_ONE;
    for (int n = 1; n <= 18; n++) {
        term = xf_div(xf_mul(term, r2), xf_from_int((2 * n - 1) * (2 * n)));
        term.s = !term.s;
        sum = xf_add(sum, term);
    }
    return sum;
}

/* sin and cos of x (|x| < 2^63) */
static void xf_sincos(struct xf x, struct xf *s, struct xf *c)
{
    int64_t k = xf_nearest_int(xf_div(x, XF_PIO2));
    struct xf r = xf_sub(x, xf_mul(xf_from_int(k), XF_PIO2));
    struct xf sr = xf_sin_series(r), cr = xf_cos_series(r);
    switch (k & 3) {
    case 0: *s = sr, *c = cr; break;
    case 1: *s = cr, *c = xf_neg(sr); break;
    case 2: *s = xf_neg(sr), *c = xf_neg(cr); break;
    default: *s = xf_neg(cr), *c = sr; break;
    }
}

/* atan(q) for 0 <= q <= 1 */
static struct xf xf_atan01(struct xf q)
{
    int halvings = 3;
    for (int k = 0; k < halvings; k++)
        q = xf_div(q, xf_add(XF_ONE, xf_sqrt(xf_add(XF_ONE, xf_mul(q, q)))));
    struct xf q2 = xf_mul(q, q), pw = q, sum = q;
    for (int n = 1; n <= 22; n++) {
        pw = xf_neg(xf_mul(pw, q2));
        sum = xf_add(sum, xf_div(pw, xf_from_int(2 * n + 1)));
    }
    return xf_ldexp(sum, halvings);
}

/* 2 atanh(s) = ln((1 + s)/(1 - s)) for |s| <= 0.18 */
static struct xf xf_2atanh(struct xf s)
{
    struct xf s2 = xf_mul(s, s), pw = s, sum = s;
    for (int n = 1; n <= 28; n++) {
        pw = xf_mul(pw, s2);
        sum = xf_add(sum, xf_div(pw, xf_from_int(2 * n + 1)));
    }
    return xf_ldexp(sum, 1);
}

/* log2(x) for x > 0 */
static struct xf xf_log2(struct xf x)
{
    /* x = m * 2^k with m in [sqrt(1/2), sqrt(2)): m's significand compared
     * with sqrt(2) = 1.6A09E667F3BCC908... */
    int32_t k = x.e;
    struct xf m = {false, 0, x.m};
    if (x.m > U128(0xB504F333F9DE6484ull, 0x597D89B3754ABE9Full)) {
        k++;
        m.e = -1;
    }
    struct xf s = xf_div(xf_sub(m, XF_ONE), xf_add(m, XF_ONE));
    struct xf l = xf_div(xf_2atanh(s), XF_LN2);
    return xf_add(xf_from_int(k), l);
}

/* 2^x - 1 for |x| <= 1 */
static struct xf xf_exp2m1(struct xf x)
{
    struct xf t = xf_mul(x, XF_LN2), term = t, sum = t;
    for (int n = 2; n <= 34; n++) {
        term = xf_div(xf_mul(term, t), xf_from_int(n));
        sum = xf_add(sum, term);
    }
    return sum;
}

/* Rounds an inexact xf result to the extended format (64-bit precision:
 * precision control does not apply here, SDM Vol.1 8.1.5.2). */
static sf_x80 xf_round(struct sf_env *e, struct xf a)
{
    if (!a.m)
        return sf_x80_make(a.s, 0, 0);
    return sf_x80_round_pack(e, a.s, a.e + 16383, a.m | 1, 64);
}

/* ---------------------------------------------------------------------- */
/* instructions                                                           */

/* Operand screening shared by the one-operand functions: returns true and
 * sets *r when the result is decided without computing (NaN, unsupported,
 * infinity -> IE). */
static bool trans_special(struct sf_env *e, sf_x80 x, sf_x80 *r)
{
    switch (sf_x80_class(x)) {
    case SF_C_UNSUPPORTED:
    case SF_C_INF:
        e->flags |= SF_IE;
        *r = SF_X80_INDEFINITE;
        return true;
    case SF_C_QNAN:
    case SF_C_SNAN:
        *r = sf_x80_propagate_nan(e, x, x);
        return true;
    case SF_C_DENORMAL:
    case SF_C_PSEUDODENORMAL:
        e->flags |= SF_DE;
        return false;
    default:
        return false;
    }
}

/* |x| >= 2^63: out of range for FSIN/FCOS/FSINCOS/FPTAN (C2 = 1) */
static bool out_of_range(sf_x80 x)
{
    unsigned exp = x.se & 0x7FFF;
    return exp != 0x7FFF && exp >= 16383 + 63;
}

enum { T_SIN, T_COS, T_TAN, T_SINCOS };

static void trig(struct cpu *c, const struct insn *i, int fn)
{
    fpu_begin(c, i, FK_ARITH);
    F->sw &= (uint16_t)~FSW_C2;
    if (fpu_empty(F, 0)) {
        if (fpu_stack_fault(F, false)) {
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
            if (fn == T_TAN || fn == T_SINCOS) /* underflow wins */
                fpu_push(F, SF_X80_INDEFINITE);
        }
        return;
    }
    bool push = fn == T_TAN || fn == T_SINCOS;
    if (push && !fpu_empty(F, 7)) {
        if (fpu_stack_fault(F, true)) {
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
            fpu_push(F, SF_X80_INDEFINITE);
        }
        return;
    }
    sf_x80 x = fpu_st(F, 0);
    if (out_of_range(x)) {
        /* SDM Vol.2 FSIN: source out of range, C2 = 1, ST(0) unchanged */
        F->sw |= FSW_C2;
        return;
    }
    struct sf_env e = fpu_env(F);
    sf_x80 r1, r2 = sf_x80_make(false, 0x3FFF, 1ull << 63);
    if (trans_special(&e, x, &r1)) {
        r2 = r1; /* both results are the NaN (FPTAN, FSINCOS) */
    } else if (sf_x80_class(x) == SF_C_ZERO) {
        r1 = x; /* sin(+-0) = tan(+-0) = +-0, cos(0) = 1 */
        if (fn == T_COS)
            r1 = sf_x80_make(false, 0x3FFF, 1ull << 63);
        else if (fn == T_SINCOS)
            r2 = sf_x80_make(false, 0x3FFF, 1ull << 63);
    } else {
        struct xf s, co;
        xf_sincos(xf_from_x80(x), &s, &co);
        switch (fn) {
        case T_SIN: r1 = xf_round(&e, s); break;
        case T_COS: r1 = xf_round(&e, co); break;
        case T_TAN: r1 = xf_round(&e, xf_div(s, co)); break;
        default: {
            /* two results: flags of both, C1 from the last rounding */
            r1 = xf_round(&e, s);
            r2 = xf_round(&e, co);
            break;
        }
        }
    }
    if (!fpu_commit(F, &e, false))
        return;
    if (fn == T_TAN || fn == T_SINCOS) {
        /* FPTAN pushes 1.0 (r2's default) after tan; FSINCOS cos after sin */
        fpu_set_st(F, 0, r1);
        fpu_push(F, r2);
    } else {
        fpu_set_st(F, 0, r1);
    }
}
static HANDLER(fsin) { trig(c, i, T_SIN); }
static HANDLER(fcos) { trig(c, i, T_COS); }
static HANDLER(fptan) { trig(c, i, T_TAN); }
static HANDLER(fsincos) { trig(c, i, T_SINCOS); }

/* Two-operand functions: ST(1) = f(ST(1), ST(0)), pop. Returns false when
 * an operand is empty (handled). */
static bool two_ready(struct cpu *c)
{
    if (!fpu_empty(F, 0) && !fpu_empty(F, 1))
        return true;
    if (fpu_stack_fault(F, false)) {
        fpu_set_st(F, 1, SF_X80_INDEFINITE);
        fpu_pop(F);
    }
    return false;
}

static bool two_special(struct sf_env *e, sf_x80 y, sf_x80 x, sf_x80 *r)
{
    enum sf_class cx = sf_x80_class(x), cy = sf_x80_class(y);
    if (cx == SF_C_UNSUPPORTED || cy == SF_C_UNSUPPORTED) {
        e->flags |= SF_IE;
        *r = SF_X80_INDEFINITE;
        return true;
    }
    if (sf_x80_is_nan(x) || sf_x80_is_nan(y)) {
        *r = sf_x80_propagate_nan(e, x, y);
        return true;
    }
    if (cx == SF_C_DENORMAL || cx == SF_C_PSEUDODENORMAL || cy == SF_C_DENORMAL ||
        cy == SF_C_PSEUDODENORMAL)
        e->flags |= SF_DE;
    return false;
}

static sf_x80 x80_inf(bool s)
{
    return sf_x80_make(s, 0x7FFF, 1ull << 63);
}

static void finish2(struct cpu *c, struct sf_env *e, sf_x80 r)
{
    if (!fpu_commit(F, e, false))
        return;
    fpu_set_st(F, 1, r);
    fpu_pop(F);
}

static sf_x80 round_const(struct sf_env *e, struct xf v)
{
    return xf_round(e, v);
}

static HANDLER(fpatan)
{
    fpu_begin(c, i, FK_ARITH);
    if (!two_ready(c))
        return;
    struct sf_env e = fpu_env(F);
    sf_x80 x = fpu_st(F, 0), y = fpu_st(F, 1), r;
    e.c1 = false;
    if (!two_special(&e, y, x, &r)) {
        enum sf_class cx = sf_x80_class(x), cy = sf_x80_class(y);
        bool sx = sf_x80_sign(x), sy = sf_x80_sign(y);
        struct xf pi = xf_ldexp(XF_PIO2, 1);
        struct xf th;
        /* SDM Vol.2 FPATAN table */
        if (cy == SF_C_ZERO) {
            if (!sx) {
                r = y;
                goto done;
            }
            th = pi;
        } else if (cy == SF_C_INF) {
            if (cx == SF_C_INF)
                th = sx ? xf_mul(pi, xf_div(xf_from_int(3), xf_from_int(4))) : xf_ldexp(pi, -2);
            else
                th = XF_PIO2;
        } else if (cx == SF_C_ZERO) {
            th = XF_PIO2;
        } else if (cx == SF_C_INF) {
            if (!sx) {
                r = sf_x80_make(sy, 0, 0);
                goto done;
            }
            th = pi;
        } else {
            struct xf ax = xf_from_x80(x), ay = xf_from_x80(y);
            ax.s = ay.s = false;
            bool swap = ay.e > ax.e || (ay.e == ax.e && ay.m > ax.m);
            th = swap ? xf_atan01(xf_div(ax, ay)) : xf_atan01(xf_div(ay, ax));
            if (swap)
                th = xf_sub(XF_PIO2, th);
            if (sx)
                th = xf_sub(pi, th);
        }
        th.s = sy;
        r = round_const(&e, th);
    }
done:
    finish2(c, &e, r);
}

static HANDLER(fyl2x)
{
    fpu_begin(c, i, FK_ARITH);
    if (!two_ready(c))
        return;
    struct sf_env e = fpu_env(F);
    sf_x80 x = fpu_st(F, 0), y = fpu_st(F, 1), r;
    e.c1 = false;
    if (!two_special(&e, y, x, &r)) {
        enum sf_class cx = sf_x80_class(x), cy = sf_x80_class(y);
        bool sx = sf_x80_sign(x), sy = sf_x80_sign(y);
        bool yzero = cy == SF_C_ZERO, yinf = cy == SF_C_INF;
        if (sx && cx != SF_C_ZERO) {
            e.flags |= SF_IE; /* log of a negative number */
            r = SF_X80_INDEFINITE;
        } else if (cx == SF_C_ZERO) {
            if (yzero) {
                e.flags |= SF_IE;
                r = SF_X80_INDEFINITE;
            } else {
                if (!yinf)
                    e.flags |= SF_ZE;
                r = x80_inf(!sy);
            }
        } else if (cx == SF_C_INF) {
            if (yzero) {
                e.flags |= SF_IE;
                r = SF_X80_INDEFINITE;
            } else {
                r = x80_inf(sy);
            }
        } else {
            struct xf lx = xf_from_x80(x);
            bool pow2 = lx.m == (u128)1 << 127;
            if (pow2 && lx.e == 0) { /* log2(1) = +0 */
                if (yinf) {
                    e.flags |= SF_IE;
                    r = SF_X80_INDEFINITE;
                } else {
                    r = sf_x80_make(sy, 0, 0);
                }
            } else if (yinf) {
                r = x80_inf(sy != (lx.e < 0));
            } else if (yzero) {
                r = sf_x80_make(sy != (lx.e < 0), 0, 0);
            } else if (pow2) {
                /* exact logarithm: a product rounded once */
                struct sf_env m = e;
                m.pc = SF_PC_64;
                r = sf_x80_mul(&m, y, sf_x80_from_i64(lx.e));
                e.flags |= m.flags;
                e.c1 = m.c1;
            } else {
                r = round_const(&e, xf_mul(xf_from_x80(y), xf_log2(lx)));
            }
        }
    }
    finish2(c, &e, r);
}

static HANDLER(fyl2xp1)
{
    fpu_begin(c, i, FK_ARITH);
    if (!two_ready(c))
        return;
    struct sf_env e = fpu_env(F);
    sf_x80 x = fpu_st(F, 0), y = fpu_st(F, 1), r;
    e.c1 = false;
    if (!two_special(&e, y, x, &r)) {
        enum sf_class cx = sf_x80_class(x), cy = sf_x80_class(y);
        bool sx = sf_x80_sign(x), sy = sf_x80_sign(y);
        struct xf lx = xf_from_x80(x);
        bool le_m1 = sx && cx != SF_C_ZERO && (cx == SF_C_INF || lx.e >= 0);
        if (le_m1 || (cx == SF_C_INF && cy == SF_C_ZERO)) {
            e.flags |= SF_IE; /* outside the domain (SDM: |x| < 1 - sqrt(2)/2) */
            r = SF_X80_INDEFINITE;
        } else if (cx == SF_C_ZERO) {
            if (cy == SF_C_INF) {
                e.flags |= SF_IE;
                r = SF_X80_INDEFINITE;
            } else {
                r = sf_x80_make(sx != sy, 0, 0);
            }
        } else if (cx == SF_C_INF) {
            r = x80_inf(sy);
        } else if (cy == SF_C_INF) {
            r = x80_inf(sx != sy);
        } else if (cy == SF_C_ZERO) {
            r = sf_x80_make(sx != sy, 0, 0);
        } else {
            /* log2(1 + x) = 2 atanh(x / (2 + x)) / ln 2 */
            struct xf s = xf_div(lx, xf_add(xf_from_int(2), lx));
            struct xf l = xf_div(xf_2atanh(s), XF_LN2);
            if (lx.e > -2 || (lx.e == -2 && lx.m > U128(0x95F619980C4336F7ull, 0)))
                l = xf_log2(xf_add(XF_ONE, lx)); /* outside the series' range */
            r = round_const(&e, xf_mul(xf_from_x80(y), l));
        }
    }
    finish2(c, &e, r);
}

static HANDLER(f2xm1)
{
    fpu_begin(c, i, FK_ARITH);
    if (fpu_empty(F, 0)) {
        if (fpu_stack_fault(F, false))
            fpu_set_st(F, 0, SF_X80_INDEFINITE);
        return;
    }
    struct sf_env e = fpu_env(F);
    sf_x80 x = fpu_st(F, 0), r;
    e.c1 = false;
    enum sf_class cx = sf_x80_class(x);
    if (cx == SF_C_INF) {
        r = sf_x80_sign(x) ? sf_x80_make(true, 0x3FFF, 1ull << 63) : x;
    } else if (trans_special(&e, x, &r)) {
        /* NaN or unsupported */
    } else if (cx == SF_C_ZERO) {
        r = x;
    } else {
        struct xf a = xf_from_x80(x);
        if (a.m == (u128)1 << 127 && a.e == 0) {
            r = a.s ? sf_x80_make(true, 0x3FFE, 1ull << 63) : x; /* 2^-1 - 1, 2^1 - 1 */
        } else if (a.e >= 0) {
            /* |x| > 1: outside the SDM's range; 2^n * 2^f - 1 */
            struct xf v;
            if (a.e > 14) { /* overflows, or -1 */
                v = a.s ? xf_neg(XF_ONE) : xf_ldexp(XF_ONE, 40000);
            } else {
                int32_t n = (int32_t)xf_nearest_int(a);
                struct xf f = xf_sub(a, xf_from_int(n));
                v = xf_sub(xf_ldexp(xf_add(xf_exp2m1(f), XF_ONE), n), XF_ONE);
            }
            r = round_const(&e, v);
        } else {
            r = round_const(&e, xf_exp2m1(a));
        }
    }
    if (fpu_commit(F, &e, false))
        fpu_set_st(F, 0, r);
}

void fpu_register_trans(void)
{
    H_ONE(IOP_FSIN, fsin);
    H_ONE(IOP_FCOS, fcos);
    H_ONE(IOP_FPTAN, fptan);
    H_ONE(IOP_FSINCOS, fsincos);
    H_ONE(IOP_FPATAN, fpatan);
    H_ONE(IOP_FYL2X, fyl2x);
    H_ONE(IOP_FYL2XP1, fyl2xp1);
    H_ONE(IOP_F2XM1, f2xm1);
}
