/* cpu/sse_float.c: float32/float64 operations with the SSE rules that
 * cpu/softfloat.c does not provide: comparisons, MIN/MAX, conversions,
 * ROUNDxx and the RCP/RSQRT approximations.
 *
 * Arithmetic that rounds goes through softfloat (sf_f32_*, sf_x80_* with
 * the MXCSR environment): a float is widened exactly to the extended
 * format and narrowed once with the MXCSR rounding, FTZ and masks. What
 * is done here works on the encodings with integer operations only, so
 * that the host's floating point never takes part.
 *
 * SSE rules (SDM Vol.1 10.2.3.4, 11.5.2, 4.8.3.5): DAZ turns denormal
 * operands into zeros of the same sign (and no DE); an SNaN operand
 * raises IE and is returned quieted; a NaN result is the first NaN
 * operand.
 */
#include "cpu/simd.h"

/* A binary format: fraction bits, exponent bits. */
struct bfmt {
    unsigned fb, eb;
};
static const struct bfmt F32 = {23, 8}, F64 = {52, 11};

static uint64_t sgn_bit(const struct bfmt *f)
{
    return 1ull << (f->fb + f->eb);
}
static uint64_t exp_mask(const struct bfmt *f)
{
    return ((1ull << f->eb) - 1) << f->fb;
}
static uint64_t frac_mask(const struct bfmt *f)
{
    return (1ull << f->fb) - 1;
}
static bool is_nan(const struct bfmt *f, uint64_t a)
{
    return (a & exp_mask(f)) == exp_mask(f) && (a & frac_mask(f));
}
static bool is_snan(const struct bfmt *f, uint64_t a)
{
    return is_nan(f, a) && !(a & (1ull << (f->fb - 1)));
}
static bool is_den(const struct bfmt *f, uint64_t a)
{
    return !(a & exp_mask(f)) && (a & frac_mask(f));
}
static uint64_t quiet(const struct bfmt *f, uint64_t a)
{
    return a | (1ull << (f->fb - 1));
}
/* DAZ: denormal -> zero of the same sign; otherwise DE for a denormal
 * when *de is given. */
static uint64_t operand(struct sf_env *e, const struct bfmt *f, uint64_t a, bool *den)
{
    if (is_den(f, a)) {
        if (e->daz)
            return a & sgn_bit(f);
        if (den)
            *den = true;
    }
    return a;
}

/* Ordered comparison of two non-NaN encodings. */
static int cmp_ordered(const struct bfmt *f, uint64_t a, uint64_t b)
{
    uint64_t s = sgn_bit(f), m = s - 1;
    uint64_t ma = a & m, mb = b & m;
    if (!ma && !mb)
        return SF_EQ;
    int64_t ka = (a & s) ? -(int64_t)ma : (int64_t)ma;
    int64_t kb = (b & s) ? -(int64_t)mb : (int64_t)mb;
    return ka < kb ? SF_LT : ka > kb ? SF_GT : SF_EQ;
}

static int compare(struct sf_env *e, const struct bfmt *f, uint64_t a, uint64_t b,
                   bool signaling)
{
    if (is_nan(f, a) || is_nan(f, b)) {
        if (signaling || is_snan(f, a) || is_snan(f, b))
            e->flags |= SF_IE;
        return SF_UN;
    }
    bool den = false;
    a = operand(e, f, a, &den);
    b = operand(e, f, b, &den);
    if (den)
        e->flags |= SF_DE;
    return cmp_ordered(f, a, b);
}
int sse_f32_compare(struct sf_env *e, uint32_t a, uint32_t b, bool signaling)
{
    return compare(e, &F32, a, b, signaling);
}
int sse_f64_compare(struct sf_env *e, uint64_t a, uint64_t b, bool signaling)
{
    return compare(e, &F64, a, b, signaling);
}

/* SDM Vol.2 CMPPS: predicates 0-7 EQ LT LE UNORD NEQ NLT NLE ORD; LT, LE,
 * NLT and NLE signal on QNaNs. */
static bool cmp_pred(struct sf_env *e, const struct bfmt *f, uint64_t a, uint64_t b,
                     unsigned pred)
{
    pred &= 7;
    bool sig = pred == 1 || pred == 2 || pred == 5 || pred == 6;
    int r = compare(e, f, a, b, sig);
    switch (pred) {
    case 0: return r == SF_EQ;
    case 1: return r == SF_LT;
    case 2: return r == SF_LT || r == SF_EQ;
    case 3: return r == SF_UN;
    case 4: return r != SF_EQ;
    case 5: return !(r == SF_LT);
    case 6: return !(r == SF_LT || r == SF_EQ);
    default: return r != SF_UN;
    }
}
bool sse_f32_cmp_pred(struct sf_env *e, uint32_t a, uint32_t b, unsigned pred)
{
    return cmp_pred(e, &F32, a, b, pred);
}
bool sse_f64_cmp_pred(struct sf_env *e, uint64_t a, uint64_t b, unsigned pred)
{
    return cmp_pred(e, &F64, a, b, pred);
}

/* SDM Vol.2 MINPS/MAXPS: a NaN in either operand (QNaN included) raises
 * IE and returns the second operand; so do two zeros of any sign. */
static uint64_t minmax(struct sf_env *e, const struct bfmt *f, uint64_t a, uint64_t b, bool max)
{
    /* DAZ applies first: a NaN result returns the second operand as
     * DAZ made it (measured: a denormal comes back as a zero) */
    bool den = false;
    a = operand(e, f, a, &den);
    b = operand(e, f, b, &den);
    if (is_nan(f, a) || is_nan(f, b)) {
        e->flags |= SF_IE;
        return b;
    }
    if (den)
        e->flags |= SF_DE;
    int r = cmp_ordered(f, a, b);
    if (max)
        return r == SF_GT && ((a | b) & (sgn_bit(f) - 1)) ? a : b;
    return r == SF_LT && ((a | b) & (sgn_bit(f) - 1)) ? a : b;
}
uint32_t sse_f32_min(struct sf_env *e, uint32_t a, uint32_t b)
{
    return (uint32_t)minmax(e, &F32, a, b, false);
}
uint32_t sse_f32_max(struct sf_env *e, uint32_t a, uint32_t b)
{
    return (uint32_t)minmax(e, &F32, a, b, true);
}
uint64_t sse_f64_min(struct sf_env *e, uint64_t a, uint64_t b)
{
    return minmax(e, &F64, a, b, false);
}
uint64_t sse_f64_max(struct sf_env *e, uint64_t a, uint64_t b)
{
    return minmax(e, &F64, a, b, true);
}

/* ---- conversions ---- */

/* SDM Vol.2 CVTSS2SD: exact; an SNaN raises IE and is quieted, a
 * denormal raises DE (or is a zero under DAZ). */
uint64_t sse_f32_to_f64(struct sf_env *e, uint32_t a)
{
    if (is_nan(&F32, a)) {
        if (is_snan(&F32, a))
            e->flags |= SF_IE;
        return ((uint64_t)(a >> 31) << 63) | 0x7FF8000000000000ull |
               ((uint64_t)(a & 0x3FFFFFu) << 29);
    }
    bool den = false;
    a = (uint32_t)operand(e, &F32, a, &den);
    if (den)
        e->flags |= SF_DE;
    bool d2;
    return sf_x80_to_f64(e, sf_x80_widen_f32(a, &d2));
}

uint32_t sse_f64_to_f32(struct sf_env *e, uint64_t a)
{
    if (is_nan(&F64, a)) {
        if (is_snan(&F64, a))
            e->flags |= SF_IE;
        return (uint32_t)((a >> 63) << 31) | 0x7FC00000u |
               (uint32_t)((a >> 29) & 0x3FFFFFu);
    }
    bool den = false;
    a = operand(e, &F64, a, &den);
    if (den)
        e->flags |= SF_DE;
    bool d2;
    return sf_x80_to_f32(e, sf_x80_widen_f64(a, &d2));
}

uint32_t sse_i64_to_f32(struct sf_env *e, int64_t v)
{
    return sf_x80_to_f32(e, sf_x80_from_i64(v));
}
uint64_t sse_i64_to_f64(struct sf_env *e, int64_t v)
{
    return sf_x80_to_f64(e, sf_x80_from_i64(v));
}

/* SDM Vol.2 CVTSS2SI: IE and the integer indefinite for NaN and out of
 * range values; PE when inexact; no DE (a denormal just rounds). */
static int64_t to_int(struct sf_env *e, const struct bfmt *f, uint64_t a, unsigned bits,
                      bool truncate)
{
    int64_t indef = bits == 32 ? (int64_t)INT32_MIN : INT64_MIN;
    if (is_nan(f, a)) {
        e->flags |= SF_IE;
        return indef;
    }
    a = operand(e, f, a, NULL);
    bool den;
    sf_x80 x = f == &F32 ? sf_x80_widen_f32((uint32_t)a, &den) : sf_x80_widen_f64(a, &den);
    return sf_x80_to_int(e, x, bits, truncate);
}
int64_t sse_f32_to_int(struct sf_env *e, uint32_t a, unsigned bits, bool truncate)
{
    return to_int(e, &F32, a, bits, truncate);
}
int64_t sse_f64_to_int(struct sf_env *e, uint64_t a, unsigned bits, bool truncate)
{
    return to_int(e, &F64, a, bits, truncate);
}

/* ---- ROUNDPS/ROUNDPD/ROUNDSS/ROUNDSD (SDM Vol.2): IE only for an SNaN,
 * PE unless imm8 bit 3 suppresses it, no DE ---- */
static uint64_t round_int(struct sf_env *e, const struct bfmt *f, uint64_t a, unsigned rc,
                          bool no_pe)
{
    if (is_nan(f, a)) {
        if (is_snan(f, a))
            e->flags |= SF_IE;
        return quiet(f, a);
    }
    a = operand(e, f, a, NULL);
    uint64_t s = a & sgn_bit(f), mag = a & (sgn_bit(f) - 1);
    unsigned bias = (1u << (f->eb - 1)) - 1;
    unsigned ex = (unsigned)(mag >> f->fb);
    if (!mag || ex == (1u << f->eb) - 1 || ex >= bias + f->fb)
        return a; /* zero, infinity, or already integral */
    uint64_t one = (uint64_t)bias << f->fb;
    uint64_t r;
    if (ex < bias) {
        /* 0 < |a| < 1 */
        bool up;
        switch (rc) {
        case SF_RC_NEAR: up = ex == bias - 1 && (mag & frac_mask(f)); break; /* > 0.5 */
        case SF_RC_DOWN: up = s != 0; break;
        case SF_RC_UP: up = s == 0; break;
        default: up = false; break;
        }
        r = s | (up ? one : 0);
    } else {
        unsigned fr = f->fb - (ex - bias); /* fraction bits below the units */
        uint64_t low = mag & ((1ull << fr) - 1), t = mag & ~((1ull << fr) - 1);
        if (!low)
            return a;
        bool up;
        switch (rc) {
        case SF_RC_NEAR: {
            uint64_t half = 1ull << (fr - 1);
            up = low > half || (low == half && ((t >> fr) & 1));
            break;
        }
        case SF_RC_DOWN: up = s != 0; break;
        case SF_RC_UP: up = s == 0; break;
        default: up = false; break;
        }
        r = s | (up ? t + (1ull << fr) : t); /* a carry moves into the exponent */
    }
    if (!no_pe)
        e->flags |= SF_PE;
    return r;
}
uint32_t sse_f32_round(struct sf_env *e, uint32_t a, unsigned rc, bool no_pe)
{
    return (uint32_t)round_int(e, &F32, a, rc, no_pe);
}
uint64_t sse_f64_round(struct sf_env *e, uint64_t a, unsigned rc, bool no_pe)
{
    return round_int(e, &F64, a, rc, no_pe);
}

/* ---- RCPPS / RSQRTPS ----
 * The SDM fixes only the error bound (|relative error| <= 1.5 * 2^-12)
 * and the special cases; the exact bits are each implementation's own.
 * emu returns the exact result rounded to nearest with 12 significant
 * bits (error <= 2^-13). No exceptions; NaNs are returned quieted,
 * denormal inputs count as zeros, tiny results are flushed to zero. */

/* sign, value q / 2^k (q > 0, 64-bit) -> float32 with 12 significant bits */
static uint32_t pack12(uint32_t sign, uint64_t q, int k)
{
    int msb = 63 - __builtin_clzll(q);
    /* keep 12 bits: msb .. msb-11, round to nearest (ties away: never
     * exactly half for these quotients, which carry a sticky bit) */
    int drop = msb - 11;
    uint64_t m = drop > 0 ? (q + (1ull << (drop - 1))) >> drop : q << -drop;
    if (m >> 12) {
        m >>= 1;
        drop++;
    }
    int e2 = drop - k + 11; /* value = m * 2^(drop-k) = 1.xxx * 2^(e2) */
    int be = e2 + 127;
    if (be <= 0)
        return sign; /* tiny: flushed */
    if (be >= 255)
        return sign | 0x7F800000u;
    return sign | ((uint32_t)be << 23) | (uint32_t)((m & 0x7FF) << 12);
}

uint32_t sse_f32_rcp(uint32_t a)
{
    uint32_t s = a & 0x80000000u, ex = (a >> 23) & 0xFF, fr = a & 0x7FFFFFu;
    if (ex == 0xFF)
        return fr ? a | 0x400000u : s; /* NaN quieted; 1/inf = 0 */
    if (ex == 0)
        return s | 0x7F800000u; /* zero or denormal: infinity */
    uint64_t m = (1u << 23) | fr; /* a = m * 2^(ex - 150) */
    /* 1/a = 2^(150 - ex) / m; q = 2^62 / m (with a sticky bit) */
    uint64_t q = (1ull << 62) / m;
    q = (q << 1) | ((1ull << 62) % m != 0);
    /* 1/a = q / 2^63 * 2^(150 - ex) */
    return pack12(s, q, 63 - (150 - (int)ex));
}

static uint64_t isqrt128(unsigned __int128 n)
{
    uint64_t r = 0;
    for (int b = 63; b >= 0; b--) {
        uint64_t t = r | (1ull << b);
        if ((unsigned __int128)t * t <= n)
            r = t;
    }
    return r;
}

uint32_t sse_f32_rsqrt(uint32_t a)
{
    uint32_t s = a & 0x80000000u, ex = (a >> 23) & 0xFF, fr = a & 0x7FFFFFu;
    if (ex == 0xFF) {
        if (fr)
            return a | 0x400000u;
        return s ? 0xFFC00000u : 0; /* -inf: indefinite; 1/sqrt(inf) = 0 */
    }
    if (ex == 0)
        return s | 0x7F800000u;
    if (s)
        return 0xFFC00000u;
    uint64_t m = (1u << 23) | fr;
    int e2 = (int)ex - 150; /* a = m * 2^e2 */
    if (e2 & 1) {
        m <<= 1;
        e2--;
    }
    /* 1/sqrt(a) = 2^(-e2/2) / sqrt(m) = 2^(-e2/2) * sqrt(2^120 / m) / 2^60 */
    unsigned __int128 n = ((unsigned __int128)1 << 120) / m;
    uint64_t r = isqrt128(n);
    r = (r << 1) | 1; /* sticky: the root is never exact here but for powers of 4 */
    if ((unsigned __int128)(r >> 1) * (r >> 1) * m == ((unsigned __int128)1 << 120))
        r &= ~1ull;
    return pack12(0, r, 61 + e2 / 2);
}
