/* tests/unit/test_softfloat.c: cpu/softfloat.c against the host's x87.
 *
 * The oracle is the host FPU (x86-64): each case runs the same operation
 * in inline assembly under the same control word and the host's result
 * and status word are taken with FNSAVE (which works whether exceptions
 * are masked or not). Results are compared bit for bit, and so are the
 * six exception flags and C1. Operands are random with a bias toward the
 * special encodings (zeros, denormals, pseudo-denormals, infinities,
 * QNaNs, SNaNs, unnormals, pseudo-NaNs) and toward exponents that make
 * additions cancel and results overflow or underflow; the control word
 * takes every rounding mode and precision, usually with all exceptions
 * masked and sometimes with none (bias-adjusted over/underflow results).
 *
 * The host's long double is used ONLY here, as an oracle; emu never uses
 * host floating point.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/softfloat.h"

#include "xorshift.h"

#if !defined(__x86_64__)
#error "the x87 oracle needs an x86-64 host"
#endif

#define N_CASES 40000

static uint64_t rng = 0x243F6A8885A308D3ull;
static uint64_t rnd(void) { return xorshift64(&rng); }

static sf_x80 x80(uint16_t se, uint64_t sig)
{
    return (sf_x80){sig, se};
}

/* random extended operand; near: an exponent to stay close to (or -1) */
static sf_x80 rand_x80(int near)
{
    uint16_t s = (rnd() & 1) ? 0x8000 : 0;
    uint64_t sig = rnd() | (1ull << 63);
    if (rnd() % 4 == 0)
        sig &= ~0ull << (rnd() % 64); /* short significands: exact cases */
    switch (rnd() % 24) {
    case 0: return x80(s, 0);
    case 1: return x80(s, rnd() >> (rnd() % 64)); /* denormal */
    case 2: return x80(s, sig);                   /* pseudo-denormal */
    case 3: return x80(s | 0x7FFF, 1ull << 63);   /* infinity */
    case 4: return x80(s | 0x7FFF, sig | (1ull << 62)); /* QNaN */
    case 5: return x80(s | 0x7FFF, (sig & ~(1ull << 62)) | 1); /* SNaN */
    case 6: return x80(s | (uint16_t)(1 + rnd() % 0x7FFE), sig >> 1); /* unnormal */
    case 7: return x80(s | 0x7FFF, rnd() >> 1);   /* pseudo-NaN/infinity */
    case 8: return x80(s | (uint16_t)(0x7FFE - rnd() % 64), sig); /* huge */
    case 9: return x80(s | (uint16_t)(1 + rnd() % 64), sig);      /* tiny */
    case 10: return x80(s | (uint16_t)(0x3FFF + rnd() % 64), sig); /* integers */
    case 11: return x80(s | (uint16_t)(0x3FFF - rnd() % 4), sig); /* around 1 */
    default:
        if (near >= 0) {
            int e = near + (int)(rnd() % 140) - 70;
            if (e < 1)
                e = 1;
            if (e > 0x7FFE)
                e = 0x7FFE;
            return x80(s | (uint16_t)e, sig);
        }
        return x80(s | (uint16_t)(1 + rnd() % 0x7FFE), sig);
    }
}

static uint16_t rand_cw(void)
{
    static const uint16_t pcs[4] = {0, 2, 3, 3};
    uint16_t cw = (uint16_t)(0x0040 | (pcs[rnd() % 4] << 8) | ((rnd() % 4) << 10));
    cw |= (rnd() % 8) ? 0x3F : (uint16_t)(rnd() & 0x3F);
    return cw;
}

static struct sf_env env_of(uint16_t cw)
{
    struct sf_env e = {0};
    e.rc = (cw >> 10) & 3;
    e.pc = (cw >> 8) & 3;
    e.masks = cw & 0x3F;
    return e;
}

/* ---- host side: FNSAVE image (32-bit format: SW at 4, ST0 at 28) ---- */

struct img {
    uint8_t b[108];
};
static uint16_t img_sw(const struct img *m)
{
    return (uint16_t)(m->b[4] | m->b[5] << 8);
}
static sf_x80 img_st(const struct img *m, int i)
{
    sf_x80 v;
    memcpy(&v.sig, m->b + 28 + 10 * i, 8);
    memcpy(&v.se, m->b + 36 + 10 * i, 2);
    return v;
}

#define HOST_AB(name, insn)                                                                   \
    static void name(const sf_x80 *a, const sf_x80 *b, uint16_t cw, struct img *m)          \
    {                                                                                         \
        __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t" insn           \
                         "\n\tfnsave %[m]"                                                    \
                         : [m] "=m"(*m)                                                       \
                         : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw)                             \
                         : "memory");                                                         \
    }
HOST_AB(h_add, "fadd %%st(1), %%st")
HOST_AB(h_sub, "fsub %%st(1), %%st")
HOST_AB(h_mul, "fmul %%st(1), %%st")
HOST_AB(h_div, "fdiv %%st(1), %%st")
HOST_AB(h_sqrt, "fsqrt")
HOST_AB(h_rndint, "frndint")
HOST_AB(h_scale, "fscale")
HOST_AB(h_prem, "fprem")
HOST_AB(h_prem1, "fprem1")
HOST_AB(h_com, "fcom %%st(1)")
HOST_AB(h_ucom, "fucom %%st(1)")
HOST_AB(h_xtract, "fxtract")

typedef void (*host_ab)(const sf_x80 *, const sf_x80 *, uint16_t, struct img *);
typedef sf_x80 (*emu_ab)(struct sf_env *, sf_x80, sf_x80);

static sf_x80 e_sqrt(struct sf_env *e, sf_x80 a, sf_x80 b) { (void)b; return sf_x80_sqrt(e, a); }
static sf_x80 e_rndint(struct sf_env *e, sf_x80 a, sf_x80 b) { (void)b; return sf_x80_round_int(e, a); }

static unsigned unmasked_stop(uint16_t sw, uint16_t cw)
{
    return sw & ~cw & (SF_IE | SF_DE | SF_ZE);
}

/* Runs n cases of a two-operand arithmetic op; returns mismatches. */
static int check_ab(const char *name, emu_ab emu, host_ab host, int n, bool near)
{
    int bad = 0;
    for (int k = 0; k < n; k++) {
        sf_x80 a = rand_x80(-1), b = rand_x80(near ? (a.se & 0x7FFF) : -1);
        uint16_t cw = rand_cw();
        struct img m;
        host(&a, &b, cw, &m);
        uint16_t sw = img_sw(&m);
        struct sf_env e = env_of(cw);
        sf_x80 r = emu(&e, a, b), hr = img_st(&m, 0);
        unsigned hf = sw & 0x3F, ef = e.flags;
        bool ok;
        if (unmasked_stop(sw, cw)) {
            ok = (hf & 7) == (ef & 7); /* operation suppressed: flags only */
        } else {
            ok = hf == ef && r.sig == hr.sig && r.se == hr.se &&
                 (bool)(sw & 0x200) == e.c1;
        }
        if (!ok && bad++ < 5)
            cr_log_error("%s cw=%04x a=%04x:%016llx b=%04x:%016llx host=%04x:%016llx sw=%04x "
                         "emu=%04x:%016llx fl=%02x c1=%d",
                         name, cw, a.se, (unsigned long long)a.sig, b.se,
                         (unsigned long long)b.sig, hr.se, (unsigned long long)hr.sig, sw, r.se,
                         (unsigned long long)r.sig, ef, e.c1);
    }
    return bad;
}

Test(softfloat, add) { cr_expect_eq(check_ab("add", sf_x80_add, h_add, N_CASES, true), 0); }
Test(softfloat, sub) { cr_expect_eq(check_ab("sub", sf_x80_sub, h_sub, N_CASES, true), 0); }
Test(softfloat, mul) { cr_expect_eq(check_ab("mul", sf_x80_mul, h_mul, N_CASES, false), 0); }
Test(softfloat, div) { cr_expect_eq(check_ab("div", sf_x80_div, h_div, N_CASES, false), 0); }
Test(softfloat, sqrt) { cr_expect_eq(check_ab("sqrt", e_sqrt, h_sqrt, N_CASES, false), 0); }
Test(softfloat, rndint) { cr_expect_eq(check_ab("frndint", e_rndint, h_rndint, N_CASES, false), 0); }
Test(softfloat, scale) { cr_expect_eq(check_ab("fscale", sf_x80_scale, h_scale, N_CASES, false), 0); }

/* FPREM/FPREM1: result, C0..C3 */
static int check_rem(bool nearest, int n)
{
    int bad = 0;
    for (int k = 0; k < n; k++) {
        sf_x80 a = rand_x80(-1), b = rand_x80((a.se & 0x7FFF) - (int)(rnd() % 80));
        uint16_t cw = 0x037F | (uint16_t)((rnd() % 4) << 10);
        struct img m;
        (nearest ? h_prem1 : h_prem)(&a, &b, cw, &m);
        uint16_t sw = img_sw(&m);
        struct sf_env e = env_of(cw);
        uint64_t q;
        bool partial;
        sf_x80 r = sf_x80_rem(&e, a, b, nearest, &q, &partial), hr = img_st(&m, 0);
        uint16_t cc = partial ? 0x400 : 0;
        if (!partial && !(e.flags & SF_IE))
            cc |= (uint16_t)((q & 4 ? 0x100 : 0) | (q & 2 ? 0x4000 : 0) | (q & 1 ? 0x200 : 0));
        bool ok = (sw & 0x3F) == e.flags && r.sig == hr.sig && r.se == hr.se &&
                  (sw & 0x4700) == cc;
        if (!ok && bad++ < 5)
            cr_log_error("fprem%s a=%04x:%016llx b=%04x:%016llx host=%04x:%016llx sw=%04x "
                         "emu=%04x:%016llx fl=%02x cc=%04x",
                         nearest ? "1" : "", a.se, (unsigned long long)a.sig, b.se,
                         (unsigned long long)b.sig, hr.se, (unsigned long long)hr.sig, sw, r.se,
                         (unsigned long long)r.sig, e.flags, cc);
    }
    return bad;
}
Test(softfloat, fprem) { cr_expect_eq(check_rem(false, N_CASES), 0); }
Test(softfloat, fprem1) { cr_expect_eq(check_rem(true, N_CASES), 0); }

/* comparisons: C3 C2 C0 and IE */
static int check_cmp(bool quiet, int n)
{
    int bad = 0;
    static const uint16_t ccs[4] = {0x100, 0x4000, 0, 0x4500};
    for (int k = 0; k < n; k++) {
        sf_x80 a = rand_x80(-1), b = (rnd() % 8) ? rand_x80(a.se & 0x7FFF) : a;
        uint16_t cw = 0x037F;
        struct img m;
        (quiet ? h_ucom : h_com)(&a, &b, cw, &m);
        uint16_t sw = img_sw(&m);
        struct sf_env e = env_of(cw);
        int rel = sf_x80_compare(&e, a, b, quiet);
        bool ok = (sw & 0x3F) == e.flags && (sw & 0x4500) == ccs[rel];
        if (!ok && bad++ < 5)
            cr_log_error("fcom a=%04x:%016llx b=%04x:%016llx sw=%04x rel=%d fl=%02x", a.se,
                         (unsigned long long)a.sig, b.se, (unsigned long long)b.sig, sw, rel,
                         e.flags);
    }
    return bad;
}
Test(softfloat, fcom) { cr_expect_eq(check_cmp(false, N_CASES), 0); }
Test(softfloat, fucom) { cr_expect_eq(check_cmp(true, N_CASES), 0); }

Test(softfloat, fxtract)
{
    int bad = 0;
    for (int k = 0; k < N_CASES; k++) {
        sf_x80 a = rand_x80(-1), b = x80(0, 0);
        struct img m;
        h_xtract(&a, &b, 0x037F, &m);
        struct sf_env e = env_of(0x037F);
        sf_x80 sig, ex = sf_x80_extract(&e, a, &sig);
        sf_x80 h0 = img_st(&m, 0), h1 = img_st(&m, 1);
        bool ok = (img_sw(&m) & 0x3F) == e.flags && h0.se == sig.se && h0.sig == sig.sig &&
                  h1.se == ex.se && h1.sig == ex.sig;
        if (!ok && bad++ < 5)
            cr_log_error("fxtract a=%04x:%016llx", a.se, (unsigned long long)a.sig);
    }
    cr_expect_eq(bad, 0);
}

/* ---- conversions ---- */

static void h_st32(const sf_x80 *a, uint16_t cw, uint32_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfsts %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_st64(const sf_x80 *a, uint16_t cw, uint64_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfstl %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_ist16(const sf_x80 *a, uint16_t cw, uint16_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfists %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_ist32(const sf_x80 *a, uint16_t cw, uint32_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfistl %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_ist64(const sf_x80 *a, uint16_t cw, uint64_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfistpll %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_istt64(const sf_x80 *a, uint16_t cw, uint64_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfisttpll %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}
static void h_bstp(const sf_x80 *a, uint16_t cw, uint8_t *out, struct img *m)
{
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfbstp %[o]\n\tfnsave %[m]"
                     : [m] "=m"(*m), [o] "=m"(*(uint8_t(*)[10])out)
                     : [a] "m"(*a), [cw] "m"(cw)
                     : "memory");
}

/* Only masked responses: an unmasked exception leaves memory alone. */
static uint16_t rand_cw_masked(void)
{
    return rand_cw() | 0x3F;
}

Test(softfloat, to_f32_f64)
{
    int bad = 0;
    for (int k = 0; k < N_CASES; k++) {
        sf_x80 a = rand_x80(rnd() & 1 ? 0x3FFF - 126 - (int)(rnd() % 30) : -1);
        if (rnd() & 1)
            a = rand_x80(0x3FFF - 1022 - (int)(rnd() % 60));
        uint16_t cw = rand_cw_masked();
        struct img m;
        uint32_t h32 = 0;
        uint64_t h64 = 0;
        h_st32(&a, cw, &h32, &m);
        struct sf_env e = env_of(cw);
        uint32_t r32 = sf_x80_to_f32(&e, a);
        uint16_t sw = img_sw(&m);
        if ((r32 != h32 || (sw & 0x3F) != e.flags || (bool)(sw & 0x200) != e.c1) && bad++ < 5)
            cr_log_error("fst m32 cw=%04x a=%04x:%016llx host=%08x sw=%04x emu=%08x fl=%02x",
                         cw, a.se, (unsigned long long)a.sig, h32, sw, r32, e.flags);
        h_st64(&a, cw, &h64, &m);
        e = env_of(cw);
        uint64_t r64 = sf_x80_to_f64(&e, a);
        sw = img_sw(&m);
        if ((r64 != h64 || (sw & 0x3F) != e.flags || (bool)(sw & 0x200) != e.c1) && bad++ < 5)
            cr_log_error("fst m64 cw=%04x a=%04x:%016llx host=%016llx sw=%04x emu=%016llx "
                         "fl=%02x",
                         cw, a.se, (unsigned long long)a.sig, (unsigned long long)h64, sw,
                         (unsigned long long)r64, e.flags);
    }
    cr_expect_eq(bad, 0);
}

Test(softfloat, from_f32_f64)
{
    int bad = 0;
    for (int k = 0; k < N_CASES; k++) {
        uint32_t f = (uint32_t)rnd();
        uint64_t d = rnd();
        switch (rnd() % 4) {
        case 0: f &= 0x807FFFFF; d &= 0x800FFFFFFFFFFFFFull; break; /* denormals */
        case 1: f |= 0x7F800000; d |= 0x7FF0000000000000ull; break; /* inf/NaN */
        case 2: f &= 0x80000000 | (rnd() % 2 ? 0x7F800000 : 0); break;
        default: break;
        }
        long double hf, hd;
        uint16_t sw1, sw2;
        __asm__ volatile("fninit\n\tflds %[f]\n\tfstpt %[o]\n\tfnstsw %[s]"
                         : [o] "=m"(hf), [s] "=m"(sw1) : [f] "m"(f) : "memory");
        __asm__ volatile("fninit\n\tfldl %[f]\n\tfstpt %[o]\n\tfnstsw %[s]"
                         : [o] "=m"(hd), [s] "=m"(sw2) : [f] "m"(d) : "memory");
        struct sf_env e = env_of(0x037F);
        sf_x80 r = sf_x80_from_f32(&e, f);
        if ((memcmp(&r, &hf, 10) || (sw1 & 0x3F) != e.flags) && bad++ < 5)
            cr_log_error("fld m32 %08x", f);
        e = env_of(0x037F);
        r = sf_x80_from_f64(&e, d);
        if ((memcmp(&r, &hd, 10) || (sw2 & 0x3F) != e.flags) && bad++ < 5)
            cr_log_error("fld m64 %016llx", (unsigned long long)d);
    }
    cr_expect_eq(bad, 0);
}

Test(softfloat, to_int)
{
    int bad = 0;
    for (int k = 0; k < N_CASES; k++) {
        sf_x80 a = rand_x80(0x3FFF + (int)(rnd() % 66));
        uint16_t cw = rand_cw_masked();
        struct img m;
        uint16_t h16;
        uint32_t h32;
        uint64_t h64, ht64;
        int64_t r;
        struct sf_env e;
        h_ist16(&a, cw, &h16, &m);
        e = env_of(cw);
        r = sf_x80_to_int(&e, a, 16, false);
        if (((uint16_t)r != h16 || (img_sw(&m) & 0x23F) != (e.flags | (e.c1 ? 0x200 : 0))) &&
            bad++ < 5)
            cr_log_error("fist16 cw=%04x a=%04x:%016llx", cw, a.se, (unsigned long long)a.sig);
        h_ist32(&a, cw, &h32, &m);
        e = env_of(cw);
        r = sf_x80_to_int(&e, a, 32, false);
        if (((uint32_t)r != h32 || (img_sw(&m) & 0x23F) != (e.flags | (e.c1 ? 0x200 : 0))) &&
            bad++ < 5)
            cr_log_error("fist32 cw=%04x a=%04x:%016llx", cw, a.se, (unsigned long long)a.sig);
        h_ist64(&a, cw, &h64, &m);
        e = env_of(cw);
        r = sf_x80_to_int(&e, a, 64, false);
        if (((uint64_t)r != h64 || (img_sw(&m) & 0x23F) != (e.flags | (e.c1 ? 0x200 : 0))) &&
            bad++ < 5)
            cr_log_error("fistp64 cw=%04x a=%04x:%016llx", cw, a.se, (unsigned long long)a.sig);
        h_istt64(&a, cw, &ht64, &m);
        e = env_of(cw);
        r = sf_x80_to_int(&e, a, 64, true);
        if (((uint64_t)r != ht64 || (img_sw(&m) & 0x23F) != (e.flags | (e.c1 ? 0x200 : 0))) &&
            bad++ < 5)
            cr_log_error("fisttp64 cw=%04x a=%04x:%016llx", cw, a.se, (unsigned long long)a.sig);
    }
    cr_expect_eq(bad, 0);
}

Test(softfloat, bcd)
{
    int bad = 0;
    for (int k = 0; k < N_CASES / 4; k++) {
        sf_x80 a = rand_x80(0x3FFF + (int)(rnd() % 62));
        uint16_t cw = rand_cw_masked();
        struct img m;
        uint8_t hb[10], eb[10];
        h_bstp(&a, cw, hb, &m);
        struct sf_env e = env_of(cw);
        sf_x80_to_bcd(&e, a, eb);
        if ((memcmp(hb, eb, 10) || (img_sw(&m) & 0x23F) != (e.flags | (e.c1 ? 0x200 : 0))) &&
            bad++ < 5)
            cr_log_error("fbstp cw=%04x a=%04x:%016llx", cw, a.se, (unsigned long long)a.sig);
        if (!(e.flags & SF_IE)) { /* and back: FBLD */
            sf_x80 b = sf_x80_from_bcd(eb);
            long double h;
            __asm__ volatile("fninit\n\tfbld %[b]\n\tfstpt %[o]"
                             : [o] "=m"(h) : [b] "m"(*(uint8_t(*)[10])eb) : "memory");
            if (memcmp(&b, &h, 10) && bad++ < 5)
                cr_log_error("fbld");
        }
    }
    cr_expect_eq(bad, 0);
}

/* SSE-rule float32/float64 arithmetic against the host's SSE/SSE2, with
 * every RC, DAZ and FTZ */
#define HOST_SSE(name, mov, insn)                                                             \
    static uint64_t name(uint64_t a, uint64_t b, uint32_t csr, uint32_t *out)                \
    {                                                                                         \
        uint64_t h;                                                                           \
        uint32_t dflt = 0x1F80;                                                               \
        __asm__ volatile("ldmxcsr %[c]\n\t" mov " %[a], %%xmm0\n\t" mov " %[b], %%xmm1\n\t" \
                         insn " %%xmm1, %%xmm0\n\t" mov " %%xmm0, %[h]\n\tstmxcsr %[o]\n\t"      \
                         "ldmxcsr %[d]"                                                       \
                         : [h] "=&r"(h), [o] "=m"(*out)                                        \
                         : [a] "r"(a), [b] "r"(b), [c] "m"(csr), [d] "m"(dflt)                \
                         : "xmm0", "xmm1", "memory");                                         \
        return h;                                                                             \
    }
HOST_SSE(h_addsd, "movq", "addsd")
HOST_SSE(h_subsd, "movq", "subsd")
HOST_SSE(h_mulsd, "movq", "mulsd")
HOST_SSE(h_divsd, "movq", "divsd")
HOST_SSE(h_sqrtsd, "movq", "sqrtsd")
HOST_SSE(h_addss, "movq", "addss")
HOST_SSE(h_subss, "movq", "subss")
HOST_SSE(h_mulss, "movq", "mulss")
HOST_SSE(h_divss, "movq", "divss")
HOST_SSE(h_sqrtss, "movq", "sqrtss")

static uint64_t e_sqrt64(struct sf_env *e, uint64_t a, uint64_t b) { (void)a; return sf_f64_sqrt(e, b); }
static uint64_t e_add32(struct sf_env *e, uint64_t a, uint64_t b) { return sf_f32_add(e, (uint32_t)a, (uint32_t)b); }
static uint64_t e_sub32(struct sf_env *e, uint64_t a, uint64_t b) { return sf_f32_sub(e, (uint32_t)a, (uint32_t)b); }
static uint64_t e_mul32(struct sf_env *e, uint64_t a, uint64_t b) { return sf_f32_mul(e, (uint32_t)a, (uint32_t)b); }
static uint64_t e_div32(struct sf_env *e, uint64_t a, uint64_t b) { return sf_f32_div(e, (uint32_t)a, (uint32_t)b); }
static uint64_t e_sqrt32(struct sf_env *e, uint64_t a, uint64_t b) { (void)a; return sf_f32_sqrt(e, (uint32_t)b); }

static uint64_t rand_bin(bool is64, uint64_t near)
{
    unsigned fb = is64 ? 52 : 23, eb = is64 ? 11 : 8;
    uint64_t emax = (1ull << eb) - 1, v = is64 ? rnd() : rnd() & 0xFFFFFFFFu;
    uint64_t e = (v >> fb) & emax, s = v >> (fb + eb);
    switch (rnd() % 8) {
    case 0: e = 0; break;                               /* zero / denormal */
    case 1: e = emax; break;                            /* inf / NaN */
    case 2: e = rnd() % 3; break;                       /* tiny */
    case 3: e = emax - 1 - rnd() % 3; break;            /* huge */
    case 4: e = (near >> fb) & emax; break;             /* cancellation */
    default: break;
    }
    if (rnd() % 8 == 0)
        v &= ~0ull << (rnd() % fb);
    return (s << (fb + eb)) | (e << fb) | (v & ((1ull << fb) - 1));
}

static int check_sse(const char *name, bool is64, uint64_t (*emu)(struct sf_env *, uint64_t, uint64_t),
                     uint64_t (*host)(uint64_t, uint64_t, uint32_t, uint32_t *))
{
    int bad = 0;
    for (int k = 0; k < N_CASES; k++) {
        uint64_t a = rand_bin(is64, 0), b = rand_bin(is64, a);
        unsigned rc = (unsigned)(rnd() % 4);
        bool daz = rnd() % 4 == 0, ftz = rnd() % 4 == 0;
        uint32_t csr = 0x1F80 | (rc << 13) | (daz ? 0x40 : 0) | (ftz ? 0x8000 : 0), outcsr;
        uint64_t h = host(a, b, csr, &outcsr);
        struct sf_env e = {0};
        e.rc = (uint8_t)rc;
        e.masks = SF_ALL;
        e.daz = daz;
        e.ftz = ftz;
        uint64_t r = emu(&e, a, b);
        if (!is64)
            h &= 0xFFFFFFFFu;
        if ((r != h || (outcsr & 0x3F) != e.flags) && bad++ < 5)
            cr_log_error("%s csr=%04x %016llx %016llx host %016llx/%02x emu %016llx/%02x", name,
                         csr, (unsigned long long)a, (unsigned long long)b, (unsigned long long)h,
                         outcsr & 0x3F, (unsigned long long)r, e.flags);
    }
    return bad;
}

Test(softfloat, f64_sse_rules)
{
    cr_expect_eq(check_sse("addsd", true, sf_f64_add, h_addsd), 0);
    cr_expect_eq(check_sse("subsd", true, sf_f64_sub, h_subsd), 0);
    cr_expect_eq(check_sse("mulsd", true, sf_f64_mul, h_mulsd), 0);
    cr_expect_eq(check_sse("divsd", true, sf_f64_div, h_divsd), 0);
    cr_expect_eq(check_sse("sqrtsd", true, e_sqrt64, h_sqrtsd), 0);
}

Test(softfloat, f32_sse_rules)
{
    cr_expect_eq(check_sse("addss", false, e_add32, h_addss), 0);
    cr_expect_eq(check_sse("subss", false, e_sub32, h_subss), 0);
    cr_expect_eq(check_sse("mulss", false, e_mul32, h_mulss), 0);
    cr_expect_eq(check_sse("divss", false, e_div32, h_divss), 0);
    cr_expect_eq(check_sse("sqrtss", false, e_sqrt32, h_sqrtss), 0);
}
