/* tests/unit/test_fpu_trans.c: accuracy of emu's transcendental x87
 * instructions (FSIN FCOS FPTAN FSINCOS FPATAN FYL2X FYL2XP1 F2XM1).
 *
 * Each instruction runs in emu on random operands over the range stated
 * in docs/FPU.md; the reference is libquadmath (113-bit __float128, used
 * only here). The error of the 64-bit result is measured in units in the
 * last place of the exact value; the test fails when any result is 1 ulp
 * or more away, and prints the maximum error and the share of correctly
 * rounded results for emu and, for comparison, for the host's x87.
 * Special operands (zeros, infinities, NaNs, out-of-range arguments) are
 * checked against the SDM's tables by test_fpu_diff and below.
 */
#include <criterion/criterion.h>
#include <quadmath.h>
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

#include "xorshift.h"

#define N_CASES 3000

static uint64_t rng = 0xA4093822299F31D0ull;
static uint64_t rnd(void) { return xorshift64(&rng); }

static struct phys *P;
static struct cpu *C;

static void setup(void)
{
    P = phys_new(1 << 20);
    C = cpu_new(NULL, P);
    cpu_load_seg_real(C, SEG_CS, 0);
}
static void teardown(void)
{
    cpu_free(C);
    phys_free(P);
}

/* ST1 = b, ST0 = a; op; results ST0 -> [0x2000], ST1 -> [0x2010] */
static void emu_op(uint8_t op, sf_x80 a, sf_x80 b, sf_x80 *r0, sf_x80 *r1, uint16_t *sw)
{
    const uint8_t code[] = {0xDB, 0xE3,                   /* fninit */
                            0xDB, 0x2E, 0x10, 0x1F,       /* fld tword [1F10] */
                            0xDB, 0x2E, 0x00, 0x1F,       /* fld tword [1F00] */
                            0xD9, op,                     /* the instruction */
                            0xDF, 0xE0,                   /* fnstsw ax */
                            0xDB, 0x3E, 0x00, 0x20,       /* fstp tword [2000] */
                            0xDB, 0x3E, 0x10, 0x20,       /* fstp tword [2010] */
                            0xF4};
    phys_write_buf(P, 0x1000, code, sizeof code);
    phys_write(P, 0x1F00, 8, a.sig);
    phys_write(P, 0x1F08, 2, a.se);
    phys_write(P, 0x1F10, 8, b.sig);
    phys_write(P, 0x1F18, 2, b.se);
    C->rip = 0x1000;
    C->halted = false;
    for (int k = 0; k < 20 && !C->halted; k++)
        cpu_step(C);
    cr_assert(C->halted);
    r0->sig = phys_read(P, 0x2000, 8);
    r0->se = (uint16_t)phys_read(P, 0x2008, 2);
    r1->sig = phys_read(P, 0x2010, 8);
    r1->se = (uint16_t)phys_read(P, 0x2018, 2);
    *sw = cpu_get16(C, R_AX);
}

static void host_op(uint8_t op, sf_x80 a, sf_x80 b, sf_x80 *r0, sf_x80 *r1)
{
    uint8_t code_op = op;
    long double x0, x1;
    memcpy(&x0, &a, 10);
    memcpy(&x1, &b, 10);
    switch (code_op) {
    case 0xFE: __asm__("fsin" : "+t"(x0)); break;
    case 0xFF: __asm__("fcos" : "+t"(x0)); break;
    case 0xF0: __asm__("f2xm1" : "+t"(x0)); break;
    case 0xF2: __asm__("fptan\n\tfstp %%st(0)" : "+t"(x0)); break;
    case 0xF3: __asm__("fpatan" : "+t"(x0) : "u"(x1) : "st(1)"); break;
    case 0xF1: __asm__("fyl2x" : "+t"(x0) : "u"(x1) : "st(1)"); break;
    case 0xF9: __asm__("fyl2xp1" : "+t"(x0) : "u"(x1) : "st(1)"); break;
    default: break;
    }
    memcpy(r0, &x0, 10);
    r1->sig = 0, r1->se = 0;
}

static __float128 q_of(sf_x80 v)
{
    int e = v.se & 0x7FFF;
    __float128 q = ldexpq((__float128)v.sig, (e ? e : 1) - 16383 - 63);
    return (v.se & 0x8000) ? -q : q;
}

/* |got - want| in ulps of the 64-bit format at want */
static double ulps(sf_x80 got, __float128 want)
{
    if (want == 0)
        return q_of(got) == 0 ? 0 : 1e9;
    int e;
    frexpq(want, &e);
    __float128 ulp = ldexpq(1, e - 64);
    /* extended denormals: the ulp does not shrink below 2^-16445 */
    if (e - 64 < -16445)
        ulp = ldexpq(1, -16445);
    return (double)fabsq((q_of(got) - want) / ulp);
}

static sf_x80 x80_of_q(__float128 q)
{
    /* only used to build operands: exact for 64-bit significands */
    sf_x80 v = {0, 0};
    if (q == 0)
        return v;
    int e;
    __float128 m = frexpq(fabsq(q), &e); /* [0.5, 1) */
    v.sig = (uint64_t)ldexpq(m, 64);
    v.se = (uint16_t)((e - 1 + 16383) | (q < 0 ? 0x8000 : 0));
    return v;
}

/* random x with |x| in [2^lo, 2^hi), random sign if sgn */
static sf_x80 rand_range(int lo, int hi, bool sgn)
{
    int e = lo + (int)(rnd() % (uint64_t)(hi - lo));
    sf_x80 v = {rnd() | (1ull << 63), (uint16_t)(16383 + e)};
    if (sgn && (rnd() & 1))
        v.se |= 0x8000;
    return v;
}

typedef __float128 (*ref_fn)(__float128 a, __float128 b);
static __float128 r_sin(__float128 a, __float128 b) { (void)b; return sinq(a); }
static __float128 r_cos(__float128 a, __float128 b) { (void)b; return cosq(a); }
static __float128 r_tan(__float128 a, __float128 b) { (void)b; return tanq(a); }
static __float128 r_atan(__float128 a, __float128 b) { return atan2q(b, a); }
static __float128 r_yl2x(__float128 a, __float128 b) { return b * log2q(a); }
static __float128 r_yl2xp1(__float128 a, __float128 b) { return b * log1pq(a) / M_LN2q; }
static __float128 r_2xm1(__float128 a, __float128 b) { (void)b; return expm1q(a * M_LN2q); }

struct acc {
    double max_emu, max_host;
    int exact_emu, exact_host, n;
};

static struct acc measure(const char *name, uint8_t op, ref_fn ref, int alo, int ahi, bool asgn,
                          int blo, int bhi, bool bsgn, int result)
{
    struct acc s = {0, 0, 0, 0, 0};
    setup();
    for (int k = 0; k < N_CASES; k++) {
        sf_x80 a = rand_range(alo, ahi, asgn), b = rand_range(blo, bhi, bsgn);
        sf_x80 e0, e1, h0, h1;
        uint16_t sw;
        emu_op(op, a, b, &e0, &e1, &sw);
        host_op(op, a, b, &h0, &h1);
        __float128 want = ref(q_of(a), q_of(b));
        sf_x80 got = result == 1 ? e1 : e0;
        double de = ulps(got, want), dh = ulps(h0, want);
        if (de > s.max_emu)
            s.max_emu = de;
        if (dh > s.max_host)
            s.max_host = dh;
        s.exact_emu += de <= 0.5;
        s.exact_host += dh <= 0.5;
        s.n++;
        if (de >= 1.0)
            cr_log_error("%s a=%04x:%016llx b=%04x:%016llx emu=%04x:%016llx err %.3f ulp", name,
                         a.se, (unsigned long long)a.sig, b.se, (unsigned long long)b.sig,
                         got.se, (unsigned long long)got.sig, de);
    }
    fprintf(stderr, "%-8s emu: max %.3f ulp, %5.1f%% correctly rounded | host x87: max %.3f ulp, "
                    "%5.1f%%\n",
            name, s.max_emu, 100.0 * s.exact_emu / s.n, s.max_host, 100.0 * s.exact_host / s.n);
    teardown();
    return s;
}

Test(fpu_trans, fsin) { cr_expect_lt(measure("fsin", 0xFE, r_sin, -40, 6, true, 0, 1, false, 0).max_emu, 1.0); }
Test(fpu_trans, fsin_large) { cr_expect_lt(measure("fsin 2^6..2^20", 0xFE, r_sin, 6, 20, true, 0, 1, false, 0).max_emu, 1.0); }
Test(fpu_trans, fcos) { cr_expect_lt(measure("fcos", 0xFF, r_cos, -40, 6, true, 0, 1, false, 0).max_emu, 1.0); }
Test(fpu_trans, fptan) { cr_expect_lt(measure("fptan", 0xF2, r_tan, -40, 6, true, 0, 1, false, 1).max_emu, 1.0); }
Test(fpu_trans, fpatan) { cr_expect_lt(measure("fpatan", 0xF3, r_atan, -60, 60, true, -60, 60, true, 0).max_emu, 1.0); }
Test(fpu_trans, fyl2x) { cr_expect_lt(measure("fyl2x", 0xF1, r_yl2x, -1000, 1000, false, -20, 20, true, 0).max_emu, 1.0); }
Test(fpu_trans, fyl2xp1) { cr_expect_lt(measure("fyl2xp1", 0xF9, r_yl2xp1, -60, -2, true, -20, 20, true, 0).max_emu, 1.0); }
Test(fpu_trans, f2xm1) { cr_expect_lt(measure("f2xm1", 0xF0, r_2xm1, -60, 0, true, 0, 1, false, 0).max_emu, 1.0); }

/* FSINCOS: ST1 = sin, ST0 = cos */
Test(fpu_trans, fsincos_matches_fsin_and_fcos)
{
    setup();
    for (int k = 0; k < 200; k++) {
        sf_x80 a = rand_range(-20, 6, true), z = {0, 0}, s0, s1, c0, c1, r0, r1;
        uint16_t sw;
        emu_op(0xFE, a, z, &s0, &s1, &sw);
        emu_op(0xFF, a, z, &c0, &c1, &sw);
        emu_op(0xFB, a, z, &r0, &r1, &sw);
        cr_expect(r1.sig == s0.sig && r1.se == s0.se && r0.sig == c0.sig && r0.se == c0.se);
    }
    teardown();
}

/* SDM Vol.2 FSIN: |x| >= 2^63 -> C2 = 1, ST(0) unchanged */
Test(fpu_trans, out_of_range_sets_c2)
{
    setup();
    sf_x80 a = {0x8000000000000000ull, 16383 + 63}, z = {0, 0}, r0, r1;
    uint16_t sw;
    emu_op(0xFE, a, z, &r0, &r1, &sw);
    cr_expect(sw & 0x0400, "C2");
    cr_expect(r0.sig == a.sig && r0.se == a.se, "operand unchanged");
    emu_op(0xF2, a, z, &r0, &r1, &sw);
    cr_expect(sw & 0x0400, "FPTAN C2");
    cr_expect(r0.sig == a.sig && r0.se == a.se, "nothing pushed");
    a.se = 16383 + 62;
    emu_op(0xFE, a, z, &r0, &r1, &sw);
    cr_expect(!(sw & 0x0400), "in range");
    teardown();
    (void)x80_of_q;
}

/* FPTAN pushes 1.0 */
Test(fpu_trans, fptan_pushes_one)
{
    setup();
    sf_x80 a = {0x8000000000000000ull, 16383 - 1}, z = {0, 0}, r0, r1;
    uint16_t sw;
    emu_op(0xF2, a, z, &r0, &r1, &sw);
    cr_expect(r0.sig == 0x8000000000000000ull && r0.se == 0x3FFF);
    teardown();
}
