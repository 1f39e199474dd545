/* cpu/softfloat.c: emu's own software floating point (see softfloat.h).
 *
 * Every operation unpacks its operands into sign, exponent (biased like
 * the extended format, whatever the source format) and a normalized
 * significand, computes an exact result or one with a sticky bit in a
 * 128-bit significand (unsigned __int128), then rounds once in
 * round_core(). That single rounding routine handles the rounding modes,
 * the rounding precision, denormalization, tininess (detected after
 * rounding, as x86 does), overflow, and the x87 C1 bit.
 */
#include "cpu/softfloat.h"

typedef unsigned __int128 u128;

#define EXP_BIAS 16383
#define EXP_MAX 0x7FFF
/* SDM Vol.1 8.5.4.2 / 8.5.5.2: bias adjustment of unmasked over/underflow */
#define X87_BIAS_ADJ 24576

enum { K_ZERO, K_FIN, K_INF, K_NAN, K_BAD };

/* An unpacked operand. Finite values: value = sig / 2^63 * 2^(E - 16383),
 * sig normalized (bit 63 set). NaNs: sig has bit 63 set, bit 62 = quiet. */
struct unp {
    uint8_t k;
    bool sign;
    bool den;  /* was a denormal (or pseudo-denormal) operand */
    int32_t E;
    uint64_t sig;
};

/* Target format for rounding, exponents expressed in the extended bias. */
struct fmt {
    unsigned prec;
    int32_t emin, emax;
};
static const struct fmt FMT_F32 = {24, EXP_BIAS - 126, EXP_BIAS + 127};
static const struct fmt FMT_F64 = {53, EXP_BIAS - 1022, EXP_BIAS + 1023};
#define X80_EMIN 1
#define X80_EMAX 0x7FFE

static int clz64(uint64_t v)
{
    return v ? __builtin_clzll(v) : 64;
}
static int clz128(u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + clz64((uint64_t)v);
}
/* Shift right keeping a sticky bit of everything shifted out. */
static u128 shr_sticky(u128 m, int32_t n)
{
    if (n <= 0)
        return m;
    if (n >= 128)
        return m != 0;
    return (m >> n) | (u128)((m & (((u128)1 << n) - 1)) != 0);
}

static unsigned pc_bits(const struct sf_env *e)
{
    return e->pc == SF_PC_24 ? 24 : e->pc == SF_PC_53 ? 53 : 64;
}

/* ---------------------------------------------------------------------- */
/* unpacking                                                              */

static struct unp unpack_x80(sf_x80 a)
{
    struct unp u = {0};
    unsigned exp = a.se & EXP_MAX;
    u.sign = a.se >> 15;
    u.sig = a.sig;
    bool ibit = a.sig >> 63;
    if (exp == EXP_MAX) {
        /* SDM Vol.1 8.2.2 Table 8-3: integer bit clear = pseudo-NaN/infinity */
        if (!ibit)
            u.k = K_BAD;
        else
            u.k = (a.sig << 1) ? K_NAN : K_INF;
    } else if (exp == 0) {
        if (!a.sig) {
            u.k = K_ZERO;
        } else {
            /* denormal or pseudo-denormal: weight of exponent 1 */
            int s = clz64(a.sig);
            u.k = K_FIN;
            u.den = true;
            u.sig = a.sig << s;
            u.E = 1 - s;
        }
    } else if (!ibit) {
        u.k = K_BAD; /* unnormal */
    } else {
        u.k = K_FIN;
        u.E = (int32_t)exp;
    }
    return u;
}

static struct unp unpack_bin(uint64_t bits, unsigned fbits, unsigned ebits, bool daz)
{
    struct unp u = {0};
    unsigned emax = (1u << ebits) - 1, bias = emax >> 1;
    uint64_t frac = bits & ((1ull << fbits) - 1);
    unsigned exp = (unsigned)(bits >> fbits) & emax;
    u.sign = (bits >> (fbits + ebits)) & 1;
    if (exp == emax) {
        u.k = frac ? K_NAN : K_INF;
        u.sig = (1ull << 63) | (frac << (63 - fbits));
    } else if (exp == 0) {
        if (!frac) {
            u.k = K_ZERO;
        } else if (daz) {
            u.k = K_ZERO; /* SDM Vol.1 10.2.3.4: DAZ, no DE */
        } else {
            int s = clz64(frac);
            u.k = K_FIN;
            u.den = true;
            u.sig = frac << s;
            /* frac * 2^(1 - bias - fbits) */
            u.E = EXP_BIAS + 1 - (int32_t)bias - (int32_t)fbits + 63 - s;
        }
    } else {
        u.k = K_FIN;
        u.sig = (1ull << 63) | (frac << (63 - fbits));
        u.E = EXP_BIAS + (int32_t)exp - (int32_t)bias;
    }
    return u;
}

static bool is_snan(const struct unp *u)
{
    return u->k == K_NAN && !((u->sig >> 62) & 1);
}

/* ---------------------------------------------------------------------- */
/* rounding                                                               */

/* Keeps bits 127..128-prec of m, rounding with rc; *carry when the result
 * reached 2^128 (returned as 2^127). */
static u128 round_bits(const struct sf_env *e, bool sign, u128 m, unsigned prec, bool *carry,
                       bool *inexact, bool *up)
{
    unsigned drop = 128 - prec;
    u128 lowmask = ((u128)1 << drop) - 1, half = (u128)1 << (drop - 1);
    u128 low = m & lowmask;
    bool inc;
    m &= ~lowmask;
    *inexact = low != 0;
    *carry = false;
    switch (e->rc) {
    case SF_RC_NEAR:
        inc = low > half || (low == half && ((m >> drop) & 1));
        break;
    case SF_RC_DOWN:
        inc = low && sign;
        break;
    case SF_RC_UP:
        inc = low && !sign;
        break;
    default:
        inc = false;
        break;
    }
    *up = inc;
    if (inc) {
        u128 n = m + ((u128)1 << drop);
        if (n < m) {
            *carry = true;
            n = (u128)1 << 127;
        }
        m = n;
    }
    return m;
}

/* A rounded result: k is K_ZERO, K_FIN or K_INF; m has its integer bit at
 * 127 unless the value is denormal (then E == emin). */
struct rnd {
    uint8_t k;
    bool sign;
    int32_t E;
    u128 m;
};

/* bias_ok: the destination is an x87 register, where unmasked over- and
 * underflow deliver a bias-adjusted result (SDM Vol.1 8.5.4.2, 8.5.5.2). */
static struct rnd round_core(struct sf_env *e, bool sign, int32_t E, u128 m, unsigned prec,
                             int32_t emin, int32_t emax, bool bias_ok)
{
    struct rnd r = {K_FIN, sign, E, m};
    bool carry, inexact, up;
    if (!m) {
        r.k = K_ZERO;
        e->c1 = false;
        return r;
    }
    int s = clz128(m);
    m <<= s;
    E -= s;

    if (E < emin) {
        /* tininess after rounding: rounded with an unbounded exponent,
         * would the result still be below 2^emin? (SDM Vol.1 4.9.1.5) */
        bool tiny = true;
        if (E == emin - 1) {
            round_bits(e, sign, m, prec, &carry, &inexact, &up);
            tiny = !carry;
        }
        if (tiny) {
            if (!(e->masks & SF_UE)) {
                e->flags |= SF_UE;
                if (!bias_ok) {
                    /* memory destination: nothing is stored, UE alone
                     * (as Intel CPUs do) */
                    e->c1 = false;
                    return r;
                }
                if (E + X87_BIAS_ADJ >= emin) {
                    m = round_bits(e, sign, m, prec, &carry, &inexact, &up);
                    r.E = E + (carry ? 1 : 0) + X87_BIAS_ADJ;
                    r.m = m;
                    if (inexact)
                        e->flags |= SF_PE;
                    e->c1 = up;
                    return r;
                }
                {
                    /* below even the bias-adjusted range (FSCALE): zero */
                    e->flags |= SF_PE;
                    e->c1 = false;
                    r.k = K_ZERO;
                    return r;
                }
            }
            if (e->ftz && (e->masks & SF_UE)) {
                /* SDM Vol.1 10.2.3.3: FTZ returns zero with UE and PE */
                e->flags |= SF_UE | SF_PE;
                e->c1 = false;
                r.k = K_ZERO;
                return r;
            }
            m = shr_sticky(m, emin - E);
            m = round_bits(e, sign, m, prec, &carry, &inexact, &up);
            if (carry)
                m = (u128)1 << 127; /* only when nothing was shifted */
            if (inexact)
                e->flags |= SF_UE | SF_PE;
            e->c1 = up;
            r.E = emin;
            r.m = m;
            if (!m)
                r.k = K_ZERO;
            return r;
        }
    }
    m = round_bits(e, sign, m, prec, &carry, &inexact, &up);
    if (carry)
        E++;
    if (E > emax) {
        e->flags |= SF_OE;
        if (!(e->masks & SF_OE) && !bias_ok) {
            e->c1 = false; /* memory destination: OE alone, nothing stored */
            return r;
        }
        if (!(e->masks & SF_OE) && E - X87_BIAS_ADJ > emax) {
            /* beyond even the bias-adjusted range (FSCALE): infinity */
            e->flags |= SF_PE;
            e->c1 = true;
            r.k = K_INF;
            return r;
        }
        if (!(e->masks & SF_OE)) {
            r.E = E - X87_BIAS_ADJ;
            r.m = m;
            if (inexact)
                e->flags |= SF_PE;
            e->c1 = up;
            return r;
        }
        e->flags |= SF_PE;
        /* SDM Vol.1 4.9.1.4 Table 4-9: masked overflow result by RC */
        bool to_inf = e->rc == SF_RC_NEAR || (e->rc == SF_RC_UP && !sign) ||
                      (e->rc == SF_RC_DOWN && sign);
        if (to_inf) {
            r.k = K_INF;
            e->c1 = true;
        } else {
            r.E = emax;
            r.m = ~(((u128)1 << (128 - prec)) - 1);
            e->c1 = false;
        }
        return r;
    }
    if (inexact)
        e->flags |= SF_PE;
    e->c1 = up;
    r.E = E;
    r.m = m;
    return r;
}

static sf_x80 pack_x80(struct rnd r)
{
    if (r.k == K_ZERO)
        return sf_x80_make(r.sign, 0, 0);
    if (r.k == K_INF)
        return sf_x80_make(r.sign, EXP_MAX, 1ull << 63);
    uint64_t sig = (uint64_t)(r.m >> 64);
    if (!(sig >> 63))
        return sf_x80_make(r.sign, 0, sig); /* denormal */
    return sf_x80_make(r.sign, (uint16_t)r.E, sig);
}

static uint64_t pack_bin(struct rnd r, unsigned fbits, unsigned ebits)
{
    uint64_t s = (uint64_t)r.sign << (fbits + ebits);
    unsigned emax = (1u << ebits) - 1, bias = emax >> 1;
    if (r.k == K_ZERO)
        return s;
    if (r.k == K_INF)
        return s | ((uint64_t)emax << fbits);
    uint64_t sig = (uint64_t)(r.m >> (127 - fbits));
    if (!(sig >> fbits))
        return s | sig; /* denormal */
    uint64_t exp = (uint64_t)(r.E - EXP_BIAS + (int32_t)bias);
    return s | (exp << fbits) | (sig & ((1ull << fbits) - 1));
}

sf_x80 sf_x80_round_pack(struct sf_env *e, bool sign, int32_t exp, u128 m, unsigned prec)
{
    return pack_x80(round_core(e, sign, exp, m, prec, X80_EMIN, X80_EMAX, true));
}

/* ---------------------------------------------------------------------- */
/* NaNs and specials                                                      */

static sf_x80 x80_of_unp_nan(const struct unp *u)
{
    return sf_x80_make(u->sign, EXP_MAX, u->sig | (1ull << 62));
}

bool sf_x80_is_nan(sf_x80 a)
{
    return (a.se & EXP_MAX) == EXP_MAX && (a.sig >> 63) && (a.sig << 1);
}

sf_x80 sf_x80_propagate_nan(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    struct unp ua = unpack_x80(a), ub = unpack_x80(b);
    bool na = ua.k == K_NAN, nb = ub.k == K_NAN;
    if (is_snan(&ua) || is_snan(&ub))
        e->flags |= SF_IE;
    if (na && nb) {
        /* SDM Vol.1 Table 4-7 (x87): a QNaN beats an SNaN; otherwise the
         * larger significand; equal significands: the positive one */
        bool qa = !is_snan(&ua), qb = !is_snan(&ub);
        if (qa != qb)
            return qa ? x80_of_unp_nan(&ua) : x80_of_unp_nan(&ub);
        uint64_t sa = ua.sig | (1ull << 62), sb = ub.sig | (1ull << 62);
        if (sa != sb)
            return sa > sb ? x80_of_unp_nan(&ua) : x80_of_unp_nan(&ub);
        return a.se < b.se ? x80_of_unp_nan(&ua) : x80_of_unp_nan(&ub);
    }
    return na ? x80_of_unp_nan(&ua) : x80_of_unp_nan(&ub);
}

enum sf_class sf_x80_class(sf_x80 a)
{
    unsigned exp = a.se & EXP_MAX;
    bool ibit = a.sig >> 63;
    if (exp == EXP_MAX) {
        if (!ibit)
            return SF_C_UNSUPPORTED;
        if (!(a.sig << 1))
            return SF_C_INF;
        return (a.sig >> 62) & 1 ? SF_C_QNAN : SF_C_SNAN;
    }
    if (exp == 0) {
        if (!a.sig)
            return SF_C_ZERO;
        return ibit ? SF_C_PSEUDODENORMAL : SF_C_DENORMAL;
    }
    return ibit ? SF_C_NORMAL : SF_C_UNSUPPORTED;
}

/* ---------------------------------------------------------------------- */
/* the exact cores on finite nonzero operands                            */

/* An unrounded result: sign * m / 2^127 * 2^(E - 16383), or a special. */
struct ures {
    uint8_t k; /* K_FIN: (sign, E, m); K_ZERO/K_INF with sign; K_NAN: nan */
    bool sign;
    int32_t E;
    u128 m;
    struct unp nan;
};

static struct ures core_add(const struct sf_env *e, struct unp a, struct unp b, bool sub)
{
    struct ures r = {0};
    if (sub)
        b.sign = !b.sign;
    if (a.E < b.E || (a.E == b.E && a.sig < b.sig)) {
        struct unp t = a;
        a = b;
        b = t;
    }
    u128 ma = (u128)a.sig << 64, mb = shr_sticky((u128)b.sig << 64, a.E - b.E);
    r.k = K_FIN;
    r.sign = a.sign;
    r.E = a.E;
    if (a.sign == b.sign) {
        u128 s = ma + mb;
        if (s < ma) { /* carry out: shift right one with sticky */
            s = (s >> 1) | (s & 1) | ((u128)1 << 127);
            r.E++;
        }
        r.m = s;
    } else {
        r.m = ma - mb;
        if (!r.m) {
            /* SDM Vol.1 4.8.3.3 Table 4-3: exact zero sum is +0, -0 when rounding down */
            r.k = K_ZERO;
            r.sign = e->rc == SF_RC_DOWN;
        }
    }
    return r;
}

static struct ures core_mul(struct unp a, struct unp b)
{
    struct ures r = {K_FIN, a.sign != b.sign, 0, 0, {0}};
    u128 p = (u128)a.sig * b.sig; /* value p / 2^126 */
    r.E = a.E + b.E - EXP_BIAS + 1;
    r.m = p;
    return r; /* round_core normalizes */
}

static struct ures core_div(struct unp a, struct unp b)
{
    struct ures r = {K_FIN, a.sign != b.sign, 0, 0, {0}};
    u128 num;
    if (a.sig >= b.sig) {
        num = (u128)a.sig << 63;
        r.E = a.E - b.E + EXP_BIAS;
    } else {
        num = (u128)a.sig << 64;
        r.E = a.E - b.E + EXP_BIAS - 1;
    }
    uint64_t q1 = (uint64_t)(num / b.sig), r1 = (uint64_t)(num % b.sig);
    u128 n2 = (u128)r1 << 64;
    uint64_t q2 = (uint64_t)(n2 / b.sig), r2 = (uint64_t)(n2 % b.sig);
    r.m = ((u128)q1 << 64) | q2 | (r2 != 0);
    return r;
}

/* Digit-by-digit square root of sig * 2^s (s = 69 or 70): 67 root bits. */
static struct ures core_sqrt(struct unp a)
{
    struct ures r = {K_FIN, false, 0, 0, {0}};
    int32_t t = a.E - EXP_BIAS - 63; /* value = sig * 2^t */
    int s = (t & 1) ? 69 : 70;       /* t - s even */
    u128 rem = 0, root = 0;
    for (int k = 0; k < 67; k++) {
        int hi = 133 - 2 * k - s; /* bit of sig for radicand bit 133-2k */
        unsigned two = 0;
        for (int j = 0; j < 2; j++) {
            int bit = hi - j;
            two = (two << 1) | ((bit >= 0 && bit < 64) ? (unsigned)((a.sig >> bit) & 1) : 0u);
        }
        rem = (rem << 2) | two;
        u128 trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    r.m = (root << 61) | (u128)(rem != 0);
    r.E = EXP_BIAS + 66 + (t - s) / 2;
    return r;
}

/* ---------------------------------------------------------------------- */
/* x87 arithmetic                                                         */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

static sf_x80 x80_result(struct sf_env *e, struct ures r)
{
    switch (r.k) {
    case K_ZERO:
        e->c1 = false;
        return sf_x80_make(r.sign, 0, 0);
    case K_INF:
        e->c1 = false;
        return sf_x80_make(r.sign, EXP_MAX, 1ull << 63);
    case K_NAN:
        return x80_of_unp_nan(&r.nan);
    default:
        return pack_x80(round_core(e, r.sign, r.E, r.m, pc_bits(e), X80_EMIN, X80_EMAX, true));
    }
}

static sf_x80 invalid(struct sf_env *e)
{
    e->flags |= SF_IE;
    e->c1 = false;
    return SF_X80_INDEFINITE;
}

/* Special operands of the four basic operations, for any format; returns
 * true and fills *r when the result does not need the exact core. */
static bool specials2(struct sf_env *e, int op, const struct unp *a, const struct unp *b,
                      struct ures *r)
{
    bool s = a->sign != b->sign;
    r->k = K_FIN;
    if (a->k == K_INF || b->k == K_INF) {
        switch (op) {
        case OP_ADD:
        case OP_SUB: {
            bool sb = op == OP_SUB ? !b->sign : b->sign;
            if (a->k == K_INF && b->k == K_INF && a->sign != sb)
                return e->flags |= SF_IE, r->k = K_BAD, true;
            r->k = K_INF;
            r->sign = a->k == K_INF ? a->sign : sb;
            return true;
        }
        case OP_MUL:
            if (a->k == K_ZERO || b->k == K_ZERO)
                return e->flags |= SF_IE, r->k = K_BAD, true;
            r->k = K_INF;
            r->sign = s;
            return true;
        default:
            if (a->k == K_INF && b->k == K_INF)
                return e->flags |= SF_IE, r->k = K_BAD, true;
            r->k = a->k == K_INF ? K_INF : K_ZERO;
            r->sign = s;
            return true;
        }
    }
    if (a->k == K_ZERO || b->k == K_ZERO) {
        switch (op) {
        case OP_ADD:
        case OP_SUB: {
            bool sb = op == OP_SUB ? !b->sign : b->sign;
            if (a->k == K_ZERO && b->k == K_ZERO) {
                r->k = K_ZERO;
                r->sign = a->sign == sb ? a->sign : e->rc == SF_RC_DOWN;
                return true;
            }
            return false; /* x + 0: rounded through the core (precision) */
        }
        case OP_MUL:
            r->k = K_ZERO;
            r->sign = s;
            return true;
        default:
            if (b->k == K_ZERO) {
                if (a->k == K_ZERO)
                    return e->flags |= SF_IE, r->k = K_BAD, true;
                e->flags |= SF_ZE;
                r->k = K_INF;
                r->sign = s;
                return true;
            }
            r->k = K_ZERO;
            r->sign = s;
            return true;
        }
    }
    return false;
}

static struct ures core2(const struct sf_env *e, int op, struct unp a, struct unp b)
{
    switch (op) {
    case OP_ADD:
    case OP_SUB:
        if (b.k == K_ZERO) { /* x +- 0 = x (rounded to the precision) */
            struct ures r = {K_FIN, a.sign, a.E, (u128)a.sig << 64, {0}};
            return r;
        }
        if (a.k == K_ZERO) {
            struct ures r = {K_FIN, op == OP_SUB ? !b.sign : b.sign, b.E, (u128)b.sig << 64, {0}};
            return r;
        }
        return core_add(e, a, b, op == OP_SUB);
    case OP_MUL:
        return core_mul(a, b);
    default:
        return core_div(a, b);
    }
}

static sf_x80 x80_op2(struct sf_env *e, int op, sf_x80 a, sf_x80 b)
{
    struct unp ua = unpack_x80(a), ub = unpack_x80(b);
    if (ua.k == K_BAD || ub.k == K_BAD)
        return invalid(e); /* SDM Vol.1 8.2.2: unsupported formats */
    if (ua.k == K_NAN || ub.k == K_NAN) {
        e->c1 = false;
        return sf_x80_propagate_nan(e, a, b);
    }
    /* DE for a denormal operand, except when dividing by zero (ZE alone,
     * as Intel CPUs do) */
    if ((ua.den || ub.den) && !(op == OP_DIV && ub.k == K_ZERO))
        e->flags |= SF_DE;
    struct ures r = {0};
    if (specials2(e, op, &ua, &ub, &r)) {
        if (r.k == K_BAD)
            return invalid(e);
        return x80_result(e, r);
    }
    return x80_result(e, core2(e, op, ua, ub));
}

sf_x80 sf_x80_add(struct sf_env *e, sf_x80 a, sf_x80 b) { return x80_op2(e, OP_ADD, a, b); }
sf_x80 sf_x80_sub(struct sf_env *e, sf_x80 a, sf_x80 b) { return x80_op2(e, OP_SUB, a, b); }
sf_x80 sf_x80_mul(struct sf_env *e, sf_x80 a, sf_x80 b) { return x80_op2(e, OP_MUL, a, b); }
sf_x80 sf_x80_div(struct sf_env *e, sf_x80 a, sf_x80 b) { return x80_op2(e, OP_DIV, a, b); }

sf_x80 sf_x80_sqrt(struct sf_env *e, sf_x80 a)
{
    struct unp u = unpack_x80(a);
    switch (u.k) {
    case K_BAD:
        return invalid(e);
    case K_NAN:
        e->c1 = false;
        return sf_x80_propagate_nan(e, a, a);
    case K_ZERO:
        e->c1 = false;
        return a; /* sqrt(-0) = -0 */
    case K_INF:
        if (u.sign)
            return invalid(e);
        e->c1 = false;
        return a;
    }
    if (u.sign)
        return invalid(e);
    if (u.den)
        e->flags |= SF_DE;
    return x80_result(e, core_sqrt(u));
}

sf_x80 sf_x80_round_prec(struct sf_env *e, sf_x80 a)
{
    struct unp u = unpack_x80(a);
    if (u.k != K_FIN)
        return a;
    return pack_x80(round_core(e, u.sign, u.E, (u128)u.sig << 64, pc_bits(e), X80_EMIN,
                               X80_EMAX, true));
}

/* Rounds a finite value to an integer magnitude with rc. Returns false
 * when the magnitude does not fit in 64 bits. */
static bool round_to_u64(const struct sf_env *e, int rc, const struct unp *u, uint64_t *mag,
                         bool *inexact, bool *up)
{
    int32_t shift = EXP_BIAS + 63 - u->E;
    *inexact = *up = false;
    if (shift < 0)
        return false;
    u128 v = shr_sticky((u128)u->sig << 64, shift);
    uint64_t ip = (uint64_t)(v >> 64), fr = (uint64_t)v;
    const uint64_t half = 1ull << 63;
    bool inc;
    (void)e;
    switch (rc) {
    case SF_RC_NEAR:
        inc = fr > half || (fr == half && (ip & 1));
        break;
    case SF_RC_DOWN:
        inc = fr && u->sign;
        break;
    case SF_RC_UP:
        inc = fr && !u->sign;
        break;
    default:
        inc = false;
        break;
    }
    *inexact = fr != 0;
    *up = inc;
    if (inc) {
        if (ip == ~0ull)
            return false;
        ip++;
    }
    *mag = ip;
    return true;
}

static sf_x80 x80_from_mag(bool sign, uint64_t mag)
{
    if (!mag)
        return sf_x80_make(sign, 0, 0);
    int s = clz64(mag);
    return sf_x80_make(sign, (uint16_t)(EXP_BIAS + 63 - s), mag << s);
}

sf_x80 sf_x80_round_int(struct sf_env *e, sf_x80 a)
{
    struct unp u = unpack_x80(a);
    e->c1 = false;
    switch (u.k) {
    case K_BAD:
        return invalid(e);
    case K_NAN:
        return sf_x80_propagate_nan(e, a, a);
    case K_ZERO:
    case K_INF:
        return a;
    }
    if (u.den)
        e->flags |= SF_DE;
    if (u.E >= EXP_BIAS + 63)
        return sf_x80_make(u.sign, (uint16_t)u.E, u.sig); /* already integral */
    uint64_t mag;
    bool inexact, up;
    round_to_u64(e, e->rc, &u, &mag, &inexact, &up);
    if (inexact)
        e->flags |= SF_PE;
    e->c1 = up;
    return x80_from_mag(u.sign, mag);
}

sf_x80 sf_x80_scale(struct sf_env *e, sf_x80 a, sf_x80 b)
{
    struct unp ua = unpack_x80(a), ub = unpack_x80(b);
    e->c1 = false;
    if (ua.k == K_BAD || ub.k == K_BAD)
        return invalid(e);
    if (ua.k == K_NAN || ub.k == K_NAN)
        return sf_x80_propagate_nan(e, a, b);
    if (ua.den || ub.den)
        e->flags |= SF_DE;
    /* SDM Vol.2 FSCALE table */
    if (ub.k == K_INF) {
        if (ub.sign) {
            if (ua.k == K_INF)
                return invalid(e);
            if (ua.k == K_ZERO)
                return a;
            return sf_x80_make(ua.sign, 0, 0);
        }
        if (ua.k == K_ZERO)
            return invalid(e);
        return sf_x80_make(ua.sign, EXP_MAX, 1ull << 63);
    }
    if (ua.k != K_FIN)
        return a;
    int32_t n = 0;
    if (ub.k == K_FIN) {
        if (ub.E >= EXP_BIAS + 30) {
            n = 1 << 30;
        } else if (ub.E >= EXP_BIAS) {
            n = (int32_t)(ub.sig >> (EXP_BIAS + 63 - ub.E));
        }
        if (ub.sign)
            n = -n;
    }
    if (n > 100000)
        n = 100000;
    if (n < -100000)
        n = -100000;
    return pack_x80(round_core(e, ua.sign, ua.E + n, (u128)ua.sig << 64, 64, X80_EMIN, X80_EMAX,
                               true));
}

sf_x80 sf_x80_rem(struct sf_env *e, sf_x80 a, sf_x80 b, bool nearest, uint64_t *q,
                  bool *incomplete)
{
    struct unp ua = unpack_x80(a), ub = unpack_x80(b);
    *q = 0;
    *incomplete = false;
    e->c1 = false;
    if (ua.k == K_BAD || ub.k == K_BAD)
        return invalid(e);
    if (ua.k == K_NAN || ub.k == K_NAN)
        return sf_x80_propagate_nan(e, a, b);
    if (ua.k == K_INF || ub.k == K_ZERO)
        return invalid(e);
    if (ua.den || ub.den)
        e->flags |= SF_DE;
    if (ua.k == K_ZERO || ub.k == K_INF)
        return ua.k == K_ZERO ? a : (ua.den ? pack_x80(round_core(e, ua.sign, ua.E,
                                                                  (u128)ua.sig << 64, 64,
                                                                  X80_EMIN, X80_EMAX, true))
                                            : a);
    int32_t d = ua.E - ub.E;
    bool sign = ua.sign;
    int32_t rexp;
    u128 r;
    if (d >= 64) {
        /* partial reduction by ST(1) * 2^(d - n): n in 32..63 */
        int n = (d & 31) | 32;
        u128 x = (u128)ua.sig << n;
        uint64_t qq = (uint64_t)(x / ub.sig);
        r = x % ub.sig;
        (void)qq;
        *incomplete = true;
        rexp = ua.E - n; /* r has the weight of ub.sig's units at exponent ua.E - n */
    } else if (d < -1 || (d == -1 && !nearest)) {
        /* |a| < |b| (/2): quotient 0, a unchanged */
        return ua.den ? pack_x80(round_core(e, ua.sign, ua.E, (u128)ua.sig << 64, 64, X80_EMIN,
                                            X80_EMAX, true))
                      : a;
    } else {
        u128 x, y;
        if (d >= 0) {
            x = (u128)ua.sig << d;
            y = ub.sig;
            rexp = ub.E;
        } else {
            x = ua.sig;
            y = (u128)ub.sig << 1;
            rexp = ua.E;
        }
        u128 qq = x / y;
        r = x % y;
        if (nearest && (2 * r > y || (2 * r == y && (qq & 1)))) {
            r = y - r;
            sign = !sign;
            qq++;
        }
        *q = (uint64_t)qq;
    }
    if (!r)
        return sf_x80_make(ua.sign, 0, 0);
    /* r * 2^(rexp - 16383 - 63) */
    return pack_x80(round_core(e, sign, rexp + 64, r, 64, X80_EMIN, X80_EMAX, true));
}

sf_x80 sf_x80_extract(struct sf_env *e, sf_x80 a, sf_x80 *sig)
{
    struct unp u = unpack_x80(a);
    e->c1 = false;
    switch (u.k) {
    case K_BAD:
        *sig = invalid(e);
        return *sig;
    case K_NAN:
        *sig = sf_x80_propagate_nan(e, a, a);
        return *sig;
    case K_ZERO:
        /* SDM Vol.2 FXTRACT: ZE, exponent -infinity, significand the zero */
        e->flags |= SF_ZE;
        *sig = a;
        return sf_x80_make(true, EXP_MAX, 1ull << 63);
    case K_INF:
        *sig = a;
        return sf_x80_make(false, EXP_MAX, 1ull << 63);
    }
    if (u.den)
        e->flags |= SF_DE;
    *sig = sf_x80_make(u.sign, EXP_BIAS, u.sig);
    int32_t ex = u.E - EXP_BIAS;
    uint64_t mag = (uint64_t)(ex < 0 ? -(int64_t)ex : ex);
    return x80_from_mag(ex < 0, mag);
}

int sf_x80_compare(struct sf_env *e, sf_x80 a, sf_x80 b, bool quiet)
{
    struct unp ua = unpack_x80(a), ub = unpack_x80(b);
    if (ua.k == K_BAD || ub.k == K_BAD) {
        e->flags |= SF_IE;
        return SF_UN;
    }
    if (ua.k == K_NAN || ub.k == K_NAN) {
        if (!quiet || is_snan(&ua) || is_snan(&ub))
            e->flags |= SF_IE;
        return SF_UN;
    }
    if (ua.den || ub.den)
        e->flags |= SF_DE;
    /* order key: zero < finite by (E, sig) < inf */
    int ka = ua.k == K_ZERO ? 0 : ua.k == K_INF ? 2 : 1;
    int kb = ub.k == K_ZERO ? 0 : ub.k == K_INF ? 2 : 1;
    if (ka == 0 && kb == 0)
        return SF_EQ;
    bool sa = ka ? ua.sign : !ub.sign, sb = kb ? ub.sign : !ua.sign;
    if (sa != sb)
        return sa ? SF_LT : SF_GT;
    int c; /* magnitude comparison */
    if (ka != kb)
        c = ka < kb ? -1 : 1;
    else if (ka == 2)
        c = 0;
    else if (ua.E != ub.E)
        c = ua.E < ub.E ? -1 : 1;
    else
        c = ua.sig < ub.sig ? -1 : ua.sig > ub.sig ? 1 : 0;
    if (sa)
        c = -c;
    return c < 0 ? SF_LT : c > 0 ? SF_GT : SF_EQ;
}

/* ---------------------------------------------------------------------- */
/* conversions                                                            */

sf_x80 sf_x80_from_i64(int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    return x80_from_mag(v < 0, mag);
}

int64_t sf_x80_to_int(struct sf_env *e, sf_x80 a, unsigned bits, bool truncate)
{
    struct unp u = unpack_x80(a);
    const int64_t indef = (int64_t)(~0ull << (bits - 1)); /* sign-extended 100..0 */
    uint64_t lim = 1ull << (bits - 1);
    e->c1 = false;
    if (u.k == K_ZERO)
        return 0;
    if (u.k != K_FIN) {
        e->flags |= SF_IE; /* SDM Vol.2 FIST: NaN, infinity, unsupported */
        return indef;
    }
    uint64_t mag;
    bool inexact, up;
    if (!round_to_u64(e, truncate ? SF_RC_ZERO : e->rc, &u, &mag, &inexact, &up) ||
        mag > lim || (mag == lim && !u.sign)) {
        e->flags |= SF_IE;
        return indef;
    }
    if (inexact)
        e->flags |= SF_PE;
    e->c1 = up;
    return u.sign ? (int64_t)(0 - mag) : (int64_t)mag;
}

static sf_x80 x80_from_bin(struct sf_env *e, struct unp u, bool quiet)
{
    switch (u.k) {
    case K_ZERO:
        return sf_x80_make(u.sign, 0, 0);
    case K_INF:
        return sf_x80_make(u.sign, EXP_MAX, 1ull << 63);
    case K_NAN:
        if (!quiet)
            return sf_x80_make(u.sign, EXP_MAX, u.sig);
        if (is_snan(&u))
            e->flags |= SF_IE;
        return x80_of_unp_nan(&u);
    }
    if (u.den)
        e->flags |= SF_DE;
    return sf_x80_make(u.sign, (uint16_t)u.E, u.sig);
}

/* The widening of the sf_x80_widen_* forms: no flags, *den tells whether
 * the operand was denormal. */
static sf_x80 x80_widen(struct unp u, bool *den)
{
    struct sf_env e = {0};
    *den = u.den;
    return x80_from_bin(&e, u, false);
}

sf_x80 sf_x80_from_f32(struct sf_env *e, uint32_t f)
{
    return x80_from_bin(e, unpack_bin(f, 23, 8, false), true);
}
sf_x80 sf_x80_widen_f32(uint32_t f, bool *den)
{
    return x80_widen(unpack_bin(f, 23, 8, false), den);
}
sf_x80 sf_x80_from_f64(struct sf_env *e, uint64_t f)
{
    return x80_from_bin(e, unpack_bin(f, 52, 11, false), true);
}
sf_x80 sf_x80_widen_f64(uint64_t f, bool *den)
{
    return x80_widen(unpack_bin(f, 52, 11, false), den);
}

static uint64_t x80_to_bin(struct sf_env *e, sf_x80 a, const struct fmt *f, unsigned fbits,
                           unsigned ebits)
{
    struct unp u = unpack_x80(a);
    uint64_t s = (uint64_t)u.sign << (fbits + ebits);
    uint64_t einf = ((1ull << ebits) - 1) << fbits;
    e->c1 = false;
    switch (u.k) {
    case K_BAD:
        e->flags |= SF_IE;
        return (1ull << (fbits + ebits)) | einf | (1ull << (fbits - 1)); /* indefinite */
    case K_ZERO:
        return s;
    case K_INF:
        return s | einf;
    case K_NAN:
        if (is_snan(&u))
            e->flags |= SF_IE;
        return s | einf | (1ull << (fbits - 1)) | ((u.sig << 1) >> (64 - fbits));
    }
    /* no #D for a denormal extended source (measured on Intel CPUs) */
    return pack_bin(round_core(e, u.sign, u.E, (u128)u.sig << 64, f->prec, f->emin, f->emax,
                               false),
                    fbits, ebits);
}

uint32_t sf_x80_to_f32(struct sf_env *e, sf_x80 a)
{
    return (uint32_t)x80_to_bin(e, a, &FMT_F32, 23, 8);
}
uint64_t sf_x80_to_f64(struct sf_env *e, sf_x80 a)
{
    return x80_to_bin(e, a, &FMT_F64, 52, 11);
}

sf_x80 sf_x80_from_bcd(const uint8_t bcd[10])
{
    uint64_t v = 0;
    for (int k = 8; k >= 0; k--)
        v = v * 100 + (uint64_t)(bcd[k] >> 4) * 10 + (bcd[k] & 15);
    return x80_from_mag(bcd[9] >> 7, v);
}

void sf_x80_to_bcd(struct sf_env *e, sf_x80 a, uint8_t bcd[10])
{
    struct unp u = unpack_x80(a);
    uint64_t mag = 0;
    bool inexact = false, up = false;
    e->c1 = false;
    bool ok = u.k == K_ZERO ||
              (u.k == K_FIN && round_to_u64(e, e->rc, &u, &mag, &inexact, &up) &&
               mag <= 999999999999999999ull);
    if (!ok) {
        /* SDM Vol.2 FBSTP: the packed BCD indefinite FFFF C000 0000 0000 0000 */
        e->flags |= SF_IE;
        for (int k = 0; k < 7; k++)
            bcd[k] = 0;
        bcd[7] = 0xC0;
        bcd[8] = bcd[9] = 0xFF;
        return;
    }
    if (inexact)
        e->flags |= SF_PE;
    e->c1 = up;
    for (int k = 0; k < 9; k++) {
        unsigned lo = (unsigned)(mag % 10);
        mag /= 10;
        unsigned hi = (unsigned)(mag % 10);
        mag /= 10;
        bcd[k] = (uint8_t)(hi << 4 | lo);
    }
    bcd[9] = u.sign ? 0x80 : 0;
}

/* ---------------------------------------------------------------------- */
/* float32 / float64 arithmetic with the SSE rules                        */

static uint64_t bin_nan(struct unp u, unsigned fbits, unsigned ebits)
{
    uint64_t einf = ((1ull << ebits) - 1) << fbits;
    return ((uint64_t)u.sign << (fbits + ebits)) | einf | (1ull << (fbits - 1)) |
           ((u.sig << 1) >> (64 - fbits));
}

static uint64_t bin_op(struct sf_env *e, int op, uint64_t a, uint64_t b, unsigned fbits,
                       unsigned ebits, const struct fmt *f)
{
    struct unp ua = unpack_bin(a, fbits, ebits, e->daz), ub = unpack_bin(b, fbits, ebits, e->daz);
    uint64_t s;
    if (ua.k == K_NAN || ub.k == K_NAN) {
        /* SDM Vol.1 Table 4-7, SSE column: the first NaN operand, quieted */
        if (is_snan(&ua) || is_snan(&ub))
            e->flags |= SF_IE;
        return bin_nan(ua.k == K_NAN ? ua : ub, fbits, ebits);
    }
    if ((ua.den || ub.den) && !(op == OP_DIV && ub.k == K_ZERO)) /* ZE alone, as x87 */
        e->flags |= SF_DE;
    struct ures r = {0}; /* every field defined on the invalid paths too */
    if (!specials2(e, op, &ua, &ub, &r))
        r = core2(e, op, ua, ub);
    s = (uint64_t)r.sign << (fbits + ebits);
    switch (r.k) {
    case K_BAD: /* the QNaN indefinite */
        return (1ull << (fbits + ebits)) | (((1ull << ebits) - 1) << fbits) | (1ull << (fbits - 1));
    case K_ZERO:
        return s;
    case K_INF:
        return s | (((1ull << ebits) - 1) << fbits);
    default:
        return pack_bin(round_core(e, r.sign, r.E, r.m, f->prec, f->emin, f->emax, false), fbits,
                        ebits);
    }
}

static uint64_t bin_sqrt(struct sf_env *e, uint64_t a, unsigned fbits, unsigned ebits,
                         const struct fmt *f)
{
    struct unp u = unpack_bin(a, fbits, ebits, e->daz);
    uint64_t indef = (1ull << (fbits + ebits)) | (((1ull << ebits) - 1) << fbits) |
                     (1ull << (fbits - 1));
    switch (u.k) {
    case K_NAN:
        if (is_snan(&u))
            e->flags |= SF_IE;
        return bin_nan(u, fbits, ebits);
    case K_ZERO:
        return (uint64_t)u.sign << (fbits + ebits);
    case K_INF:
        if (u.sign)
            return e->flags |= SF_IE, indef;
        return a;
    }
    if (u.sign)
        return e->flags |= SF_IE, indef;
    if (u.den)
        e->flags |= SF_DE;
    struct ures r = core_sqrt(u);
    return pack_bin(round_core(e, false, r.E, r.m, f->prec, f->emin, f->emax, false), fbits,
                    ebits);
}

#define F32OP(name, op)                                                            \
    uint32_t sf_f32_##name(struct sf_env *e, uint32_t a, uint32_t b)               \
    {                                                                              \
        return (uint32_t)bin_op(e, op, a, b, 23, 8, &FMT_F32);                     \
    }                                                                              \
    uint64_t sf_f64_##name(struct sf_env *e, uint64_t a, uint64_t b)               \
    {                                                                              \
        return bin_op(e, op, a, b, 52, 11, &FMT_F64);                              \
    }
F32OP(add, OP_ADD)
F32OP(sub, OP_SUB)
F32OP(mul, OP_MUL)
F32OP(div, OP_DIV)

uint32_t sf_f32_sqrt(struct sf_env *e, uint32_t a)
{
    return (uint32_t)bin_sqrt(e, a, 23, 8, &FMT_F32);
}
uint64_t sf_f64_sqrt(struct sf_env *e, uint64_t a)
{
    return bin_sqrt(e, a, 52, 11, &FMT_F64);
}
