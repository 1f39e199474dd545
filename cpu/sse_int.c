/* cpu/sse_int.c: packed integer instructions on MMX (64-bit) and XMM
 * (128-bit) registers: MMX, the SSE/SSE2 integer additions, SSSE3 and
 * the SSE4.1/4.2 integer operations.
 *
 * Each operation is one kernel working on n = 8 or 16 bytes; the same
 * kernel serves the MMX form (no prefix, Pq/Qq) and the XMM form (66,
 * Vx/Wx). Generic handlers fetch the operands of the form (register,
 * 64-bit memory, aligned 128-bit memory), call the kernel of the decoded
 * IOP from a table, and write the destination.
 */
#include <string.h>

#include "cpu/simd.h"

typedef void (*vk_fn)(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm);
static vk_fn kern[IOP_COUNT];

/* ---- saturation helpers ---- */
static int8_t sat8(int32_t v) { return (int8_t)(v < -128 ? -128 : v > 127 ? 127 : v); }
static uint8_t satu8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }
static int16_t sat16(int32_t v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }
static uint16_t satu16(int32_t v) { return (uint16_t)(v < 0 ? 0 : v > 65535 ? 65535 : v); }

/* element-wise kernels: EXPR uses a (destination element), b (source) */
#define EW(name, F, T, EXPR)                                                 \
    static void name(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)     \
    {                                                                        \
        (void)imm;                                                           \
        for (unsigned k = 0; k < n / sizeof(d->F[0]); k++) {                 \
            T a = d->F[k], b = s->F[k];                                      \
            (void)a;                                                         \
            (void)b;                                                         \
            d->F[k] = (EXPR);                                                \
        }                                                                    \
    }

EW(k_paddb, b, uint8_t, (uint8_t)(a + b))
EW(k_paddw, w, uint16_t, (uint16_t)(a + b))
EW(k_paddd, d, uint32_t, a + b)
EW(k_paddq, q, uint64_t, a + b)
EW(k_psubb, b, uint8_t, (uint8_t)(a - b))
EW(k_psubw, w, uint16_t, (uint16_t)(a - b))
EW(k_psubd, d, uint32_t, a - b)
EW(k_psubq, q, uint64_t, a - b)
EW(k_paddsb, sb, int8_t, sat8(a + b))
EW(k_paddsw, sw, int16_t, sat16(a + b))
EW(k_psubsb, sb, int8_t, sat8(a - b))
EW(k_psubsw, sw, int16_t, sat16(a - b))
EW(k_paddusb, b, uint8_t, satu8(a + b))
EW(k_paddusw, w, uint16_t, satu16(a + b))
EW(k_psubusb, b, uint8_t, satu8(a - b))
EW(k_psubusw, w, uint16_t, satu16(a - b))
EW(k_pcmpeqb, b, uint8_t, a == b ? 0xFF : 0)
EW(k_pcmpeqw, w, uint16_t, a == b ? 0xFFFF : 0)
EW(k_pcmpeqd, d, uint32_t, a == b ? 0xFFFFFFFFu : 0)
EW(k_pcmpeqq, q, uint64_t, a == b ? ~0ull : 0)
EW(k_pcmpgtb, sb, int8_t, a > b ? -1 : 0)
EW(k_pcmpgtw, sw, int16_t, a > b ? -1 : 0)
EW(k_pcmpgtd, sd, int32_t, a > b ? -1 : 0)
EW(k_pcmpgtq, sq, int64_t, a > b ? -1 : 0)
EW(k_pand, q, uint64_t, a & b)
EW(k_pandn, q, uint64_t, ~a & b)
EW(k_por, q, uint64_t, a | b)
EW(k_pxor, q, uint64_t, a ^ b)
EW(k_pmullw, w, uint16_t, (uint16_t)((uint32_t)a * b))
EW(k_pmulhw, sw, int16_t, (int16_t)((a * b) >> 16))
EW(k_pmulhuw, w, uint16_t, (uint16_t)(((uint32_t)a * b) >> 16))
EW(k_pmulld, d, uint32_t, a * b)
EW(k_pmulhrsw, sw, int16_t, (int16_t)((((int32_t)a * b >> 14) + 1) >> 1))
EW(k_pavgb, b, uint8_t, (uint8_t)((a + b + 1) >> 1))
EW(k_pavgw, w, uint16_t, (uint16_t)(((uint32_t)a + b + 1) >> 1))
EW(k_pminub, b, uint8_t, a < b ? a : b)
EW(k_pmaxub, b, uint8_t, a > b ? a : b)
EW(k_pminsw, sw, int16_t, a < b ? a : b)
EW(k_pmaxsw, sw, int16_t, a > b ? a : b)
EW(k_pminsb, sb, int8_t, a < b ? a : b)
EW(k_pmaxsb, sb, int8_t, a > b ? a : b)
EW(k_pminuw, w, uint16_t, a < b ? a : b)
EW(k_pmaxuw, w, uint16_t, a > b ? a : b)
EW(k_pminsd, sd, int32_t, a < b ? a : b)
EW(k_pmaxsd, sd, int32_t, a > b ? a : b)
EW(k_pminud, d, uint32_t, a < b ? a : b)
EW(k_pmaxud, d, uint32_t, a > b ? a : b)
EW(k_pabsb, sb, int8_t, (int8_t)(uint8_t)(b < 0 ? -b : b))
EW(k_pabsw, sw, int16_t, (int16_t)(uint16_t)(b < 0 ? -b : b))
EW(k_pabsd, d, uint32_t, (int32_t)b < 0 ? 0u - b : b)
EW(k_psignb, sb, int8_t, (int8_t)(b < 0 ? (uint8_t)(0u - (uint8_t)a) : b == 0 ? 0 : a))
EW(k_psignw, sw, int16_t, (int16_t)(b < 0 ? (uint16_t)(0u - (uint16_t)a) : b == 0 ? 0 : a))
EW(k_psignd, d, uint32_t, (int32_t)b < 0 ? 0u - a : b == 0 ? 0 : a)

/* ---- shifts: the count is the source's low quadword (or the imm8 the
 * handler puts there); counts above the element width clear the
 * element or fill it with the sign (SDM Vol.2 PSLLW/PSRAW) ---- */
#define SHIFT(name, F, T, W, EXPR_IN, EXPR_OUT)                              \
    static void name(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)     \
    {                                                                        \
        (void)imm;                                                           \
        uint64_t cnt = s->q[0];                                              \
        for (unsigned k = 0; k < n / sizeof(d->F[0]); k++) {                 \
            T a = d->F[k];                                                   \
            d->F[k] = cnt < W ? (T)(EXPR_IN) : (T)(EXPR_OUT);                \
        }                                                                    \
    }
SHIFT(k_psllw, w, uint16_t, 16, a << cnt, 0)
SHIFT(k_pslld, d, uint32_t, 32, a << cnt, 0)
SHIFT(k_psllq, q, uint64_t, 64, a << cnt, 0)
SHIFT(k_psrlw, w, uint16_t, 16, a >> cnt, 0)
SHIFT(k_psrld, d, uint32_t, 32, a >> cnt, 0)
SHIFT(k_psrlq, q, uint64_t, 64, a >> cnt, 0)
SHIFT(k_psraw, sw, int16_t, 16, a >> cnt, a >> 15)
SHIFT(k_psrad, sd, int32_t, 32, a >> cnt, a >> 31)

/* PSRLDQ/PSLLDQ: bytes; imm8 > 15 clears the register */
static void k_psrldq(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    unsigned c = (unsigned)(s->q[0] & 0xFF);
    xmm_t r = {0};
    (void)imm;
    for (unsigned k = 0; k + c < n; k++)
        r.b[k] = d->b[k + c];
    *d = r;
}
static void k_pslldq(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    unsigned c = (unsigned)(s->q[0] & 0xFF);
    xmm_t r = {0};
    (void)imm;
    for (unsigned k = c; k < n; k++)
        r.b[k] = d->b[k - c];
    *d = r;
}

/* ---- unpack and pack ---- */
#define UNPACK(name, F, HIGH)                                                 \
    static void name(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)      \
    {                                                                         \
        unsigned cnt = n / sizeof(d->F[0]), base = (HIGH) ? cnt / 2 : 0;      \
        xmm_t r = {0};                                                        \
        (void)imm;                                                            \
        for (unsigned k = 0; k < cnt / 2; k++) {                              \
            r.F[2 * k] = d->F[base + k];                                      \
            r.F[2 * k + 1] = s->F[base + k];                                  \
        }                                                                     \
        *d = r;                                                               \
    }
UNPACK(k_punpcklbw, b, 0)
UNPACK(k_punpcklwd, w, 0)
UNPACK(k_punpckldq, d, 0)
UNPACK(k_punpcklqdq, q, 0)
UNPACK(k_punpckhbw, b, 1)
UNPACK(k_punpckhwd, w, 1)
UNPACK(k_punpckhdq, d, 1)
UNPACK(k_punpckhqdq, q, 1)

#define PACK(name, FI, FO, SAT)                                               \
    static void name(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)      \
    {                                                                         \
        unsigned cnt = n / sizeof(d->FI[0]);                                  \
        xmm_t r = {0};                                                        \
        (void)imm;                                                            \
        for (unsigned k = 0; k < cnt; k++) {                                  \
            r.FO[k] = SAT(d->FI[k]);                                          \
            r.FO[cnt + k] = SAT(s->FI[k]);                                    \
        }                                                                     \
        *d = r;                                                               \
    }
PACK(k_packsswb, sw, sb, sat8)
PACK(k_packuswb, sw, b, satu8)
PACK(k_packssdw, sd, sw, sat16)
PACK(k_packusdw, sd, w, satu16)

/* ---- multiply-add, sums of differences, horizontal operations ---- */
static void k_pmuludq(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < n / 8; k++)
        d->q[k] = (uint64_t)d->d[2 * k] * s->d[2 * k];
}
static void k_pmuldq(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < n / 8; k++)
        d->q[k] = (uint64_t)((int64_t)d->sd[2 * k] * s->sd[2 * k]);
}
static void k_pmaddwd(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < n / 4; k++) {
        /* 0x8000 * 0x8000 * 2 wraps to 0x80000000 (SDM Vol.2 PMADDWD) */
        uint32_t p = (uint32_t)((int32_t)d->sw[2 * k] * s->sw[2 * k]) +
                     (uint32_t)((int32_t)d->sw[2 * k + 1] * s->sw[2 * k + 1]);
        d->d[k] = p;
    }
}
static void k_pmaddubsw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    xmm_t r;
    (void)imm;
    for (unsigned k = 0; k < n / 2; k++)
        r.sw[k] = sat16((int32_t)d->b[2 * k] * s->sb[2 * k] +
                        (int32_t)d->b[2 * k + 1] * s->sb[2 * k + 1]);
    for (unsigned k = 0; k < n / 2; k++)
        d->sw[k] = r.sw[k];
}
static void k_psadbw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)imm;
    for (unsigned k = 0; k < n / 8; k++) {
        unsigned sum = 0;
        for (unsigned j = 0; j < 8; j++) {
            int v = (int)d->b[8 * k + j] - (int)s->b[8 * k + j];
            sum += (unsigned)(v < 0 ? -v : v);
        }
        d->q[k] = sum;
    }
}
/* PHADDW etc.: the destination's pairs give the low half of the result,
 * the source's pairs the high half */
#define HORIZ(name, F, T, EXPR)                                               \
    static void name(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)      \
    {                                                                         \
        unsigned cnt = n / sizeof(d->F[0]);                                   \
        xmm_t r = {0};                                                        \
        (void)imm;                                                            \
        for (unsigned k = 0; k < cnt / 2; k++) {                              \
            T a = d->F[2 * k], b = d->F[2 * k + 1];                           \
            r.F[k] = (EXPR);                                                  \
            a = s->F[2 * k], b = s->F[2 * k + 1];                             \
            r.F[cnt / 2 + k] = (EXPR);                                        \
        }                                                                     \
        *d = r;                                                               \
    }
HORIZ(k_phaddw, w, uint16_t, (uint16_t)(a + b))
HORIZ(k_phaddd, d, uint32_t, a + b)
HORIZ(k_phaddsw, sw, int16_t, sat16(a + b))
HORIZ(k_phsubw, w, uint16_t, (uint16_t)(a - b))
HORIZ(k_phsubd, d, uint32_t, a - b)
HORIZ(k_phsubsw, sw, int16_t, sat16(a - b))

/* ---- shuffles ---- */
static void k_pshufb(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    xmm_t r;
    (void)imm;
    for (unsigned k = 0; k < n; k++)
        r.b[k] = (s->b[k] & 0x80) ? 0 : d->b[s->b[k] & (n - 1)];
    for (unsigned k = 0; k < n; k++)
        d->b[k] = r.b[k];
}
static void k_pshufw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)n;
    for (unsigned k = 0; k < 4; k++)
        d->w[k] = s->w[(imm >> (2 * k)) & 3];
}
static void k_pshufd(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)n;
    for (unsigned k = 0; k < 4; k++)
        d->d[k] = s->d[(imm >> (2 * k)) & 3];
}
static void k_pshuflw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)n;
    for (unsigned k = 0; k < 4; k++)
        d->w[k] = s->w[(imm >> (2 * k)) & 3];
    d->q[1] = s->q[1];
}
static void k_pshufhw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)n;
    d->q[0] = s->q[0];
    for (unsigned k = 0; k < 4; k++)
        d->w[4 + k] = s->w[4 + ((imm >> (2 * k)) & 3)];
}
/* PALIGNR: (dest:src) shifted right by imm8 bytes, low n bytes kept */
static void k_palignr(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    uint8_t t[32];
    xmm_t r;
    for (unsigned k = 0; k < n; k++) {
        t[k] = s->b[k];
        t[n + k] = d->b[k];
    }
    for (unsigned k = 0; k < n; k++)
        r.b[k] = k + imm < 2 * n ? t[k + imm] : 0;
    for (unsigned k = 0; k < n; k++)
        d->b[k] = r.b[k];
}
static void k_pblendw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    (void)n;
    for (unsigned k = 0; k < 8; k++)
        if ((imm >> k) & 1)
            d->w[k] = s->w[k];
}
/* MPSADBW (SDM Vol.2): eight sums of absolute differences of 4-byte
 * groups; imm8 bit 2 picks the destination offset (0/4), bits 1:0 the
 * source group */
static void k_mpsadbw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    unsigned so = (imm & 3) * 4, doff = ((imm >> 2) & 1) * 4;
    xmm_t r;
    (void)n;
    for (unsigned k = 0; k < 8; k++) {
        unsigned sum = 0;
        for (unsigned j = 0; j < 4; j++) {
            int v = (int)d->b[doff + k + j] - (int)s->b[so + j];
            sum += (unsigned)(v < 0 ? -v : v);
        }
        r.w[k] = (uint16_t)sum;
    }
    *d = r;
}
/* PHMINPOSUW: the minimum word and its index in the low dword */
static void k_phminposuw(xmm_t *d, const xmm_t *s, unsigned n, unsigned imm)
{
    unsigned idx = 0;
    (void)n, (void)imm;
    for (unsigned k = 1; k < 8; k++)
        if (s->w[k] < s->w[idx])
            idx = k;
    uint16_t m = s->w[idx];
    d->q[0] = d->q[1] = 0;
    d->w[0] = m;
    d->w[1] = (uint16_t)idx;
}
/* PMOVMSKB, PSHUFB and friends are elsewhere; PMULHRSW rounding:
 * ((a * b >> 14) + 1) >> 1 (SDM Vol.2). */

/* ---- handlers ---- */

static HANDLER(mmx_op_r)
{
    mmx_enter(c);
    xmm_t a = {0}, b = {0};
    a.q[0] = mmx_get(c, i->reg);
    b.q[0] = mmx_get(c, i->rm);
    kern[i->op](&a, &b, 8, (unsigned)(i->imm & 0xFF));
    mmx_set(c, i->reg, a.q[0]);
}
static HANDLER(mmx_op_m)
{
    xmm_t a = {0}, b = {0};
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    b.q[0] = cpu_read64(c, i->seg, off);
    a.q[0] = mmx_get(c, i->reg);
    kern[i->op](&a, &b, 8, (unsigned)(i->imm & 0xFF));
    mmx_set(c, i->reg, a.q[0]);
}
/* PUNPCKLxx mm, m32: only the low 32 bits are read (SDM Vol.2 PUNPCKLBW) */
static HANDLER(mmx_op_m32)
{
    xmm_t a = {0}, b = {0};
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    b.q[0] = cpu_read32(c, i->seg, off);
    a.q[0] = mmx_get(c, i->reg);
    kern[i->op](&a, &b, 8, 0);
    mmx_set(c, i->reg, a.q[0]);
}
/* shift by imm8 of the register in ModRM.rm */
static HANDLER(mmx_shift_imm)
{
    mmx_enter(c);
    xmm_t a = {0}, b = {0};
    a.q[0] = mmx_get(c, i->rm);
    b.q[0] = i->imm & 0xFF;
    kern[i->op](&a, &b, 8, 0);
    mmx_set(c, i->rm, a.q[0]);
}
static HANDLER(sse_op_r)
{
    sse_check(c);
    xmm_t a = *xreg(c, i->reg), b = *xreg(c, i->rm);
    kern[i->op](&a, &b, 16, (unsigned)(i->imm & 0xFF));
    *xreg(c, i->reg) = a;
}
static HANDLER(sse_op_m)
{
    sse_check(c);
    xmm_t b;
    simd_read128(c, i->seg, cpu_ea(c, i), &b, true);
    xmm_t a = *xreg(c, i->reg);
    kern[i->op](&a, &b, 16, (unsigned)(i->imm & 0xFF));
    *xreg(c, i->reg) = a;
}
static HANDLER(sse_shift_imm)
{
    sse_check(c);
    xmm_t a = *xreg(c, i->rm), b = {0};
    b.q[0] = i->imm & 0xFF;
    kern[i->op](&a, &b, 16, 0);
    *xreg(c, i->rm) = a;
}

/* PBLENDVB/BLENDVPS/BLENDVPD: XMM0 is the implicit mask (sign bits) */
static void blendv(struct cpu *c, const struct insn *i, unsigned esize)
{
    sse_check(c);
    xmm_t b;
    sse_src128(c, i, &b, true);
    xmm_t *d = xreg(c, i->reg), m = *xreg(c, 0);
    for (unsigned k = 0; k < 16; k += esize)
        if (m.b[k + esize - 1] & 0x80)
            memcpy(&d->b[k], &b.b[k], esize);
}
static HANDLER(pblendvb) { blendv(c, i, 1); }
static HANDLER(blendvps) { blendv(c, i, 4); }
static HANDLER(blendvpd) { blendv(c, i, 8); }

/* PTEST: ZF = (dest AND src) == 0, CF = (NOT dest AND src) == 0; the
 * other status flags are cleared (SDM Vol.2 PTEST) */
static HANDLER(ptest)
{
    sse_check(c);
    xmm_t b;
    sse_src128(c, i, &b, true);
    const xmm_t *a = xreg(c, i->reg);
    uint32_t f = 0;
    if (!((a->q[0] & b.q[0]) | (a->q[1] & b.q[1])))
        f |= F_ZF;
    if (!((~a->q[0] & b.q[0]) | (~a->q[1] & b.q[1])))
        f |= F_CF;
    cpu_set_status(c, f);
}

/* PMOVSX/PMOVZX: the source is the low 8/4/2 bytes of an XMM register or
 * memory of that size (no alignment) */
static void pmov(struct cpu *c, const struct insn *i, unsigned from, unsigned to, bool sx)
{
    sse_check(c);
    unsigned cnt = 16 / to, bytes = cnt * from;
    xmm_t s = {0};
    if (i->mod == 3) {
        s = *xreg(c, i->rm);
    } else {
        uint64_t off = cpu_ea(c, i);
        if (bytes == 8)
            s.q[0] = cpu_read64(c, i->seg, off);
        else if (bytes == 4)
            s.d[0] = cpu_read32(c, i->seg, off);
        else
            s.w[0] = cpu_read16(c, i->seg, off);
    }
    xmm_t r;
    for (unsigned k = 0; k < cnt; k++) {
        uint64_t v = 0;
        memcpy(&v, &s.b[k * from], from);
        if (sx) {
            unsigned sh = 64 - 8 * from;
            v = (uint64_t)((int64_t)(v << sh) >> sh);
        }
        memcpy(&r.b[k * to], &v, to);
    }
    *xreg(c, i->reg) = r;
}
#define PMOV(name, f, t, sx) \
    static HANDLER(name) { pmov(c, i, f, t, sx); }
PMOV(pmovsxbw, 1, 2, true)
PMOV(pmovsxbd, 1, 4, true)
PMOV(pmovsxbq, 1, 8, true)
PMOV(pmovsxwd, 2, 4, true)
PMOV(pmovsxwq, 2, 8, true)
PMOV(pmovsxdq, 4, 8, true)
PMOV(pmovzxbw, 1, 2, false)
PMOV(pmovzxbd, 1, 4, false)
PMOV(pmovzxbq, 1, 8, false)
PMOV(pmovzxwd, 2, 4, false)
PMOV(pmovzxwq, 2, 8, false)
PMOV(pmovzxdq, 4, 8, false)

/* ---- registration ---- */

static void both(unsigned iop_mmx, unsigned iop_xmm, vk_fn k)
{
    if (iop_mmx) {
        kern[iop_mmx] = k;
        H_RM(iop_mmx, mmx_op_r, mmx_op_m);
    }
    if (iop_xmm) {
        kern[iop_xmm] = k;
        H_RM(iop_xmm, sse_op_r, sse_op_m);
    }
}
static void shift_imm(unsigned iop_mmx, unsigned iop_xmm, vk_fn k)
{
    if (iop_mmx) {
        kern[iop_mmx] = k;
        H_RM(iop_mmx, mmx_shift_imm, mmx_shift_imm);
    }
    kern[iop_xmm] = k;
    H_RM(iop_xmm, sse_shift_imm, sse_shift_imm);
}
#define B(op, k) both(IOP_##op##_PqQq, IOP_##op##_VxWx, k)
#define X(op, k) both(0, IOP_##op##_VxWx, k)

void sse_register_int(void)
{
    B(PADDB, k_paddb); B(PADDW, k_paddw); B(PADDD, k_paddd); B(PADDQ, k_paddq);
    B(PSUBB, k_psubb); B(PSUBW, k_psubw); B(PSUBD, k_psubd); B(PSUBQ, k_psubq);
    B(PADDSB, k_paddsb); B(PADDSW, k_paddsw); B(PSUBSB, k_psubsb); B(PSUBSW, k_psubsw);
    B(PADDUSB, k_paddusb); B(PADDUSW, k_paddusw); B(PSUBUSB, k_psubusb); B(PSUBUSW, k_psubusw);
    B(PCMPEQB, k_pcmpeqb); B(PCMPEQW, k_pcmpeqw); B(PCMPEQD, k_pcmpeqd);
    B(PCMPGTB, k_pcmpgtb); B(PCMPGTW, k_pcmpgtw); B(PCMPGTD, k_pcmpgtd);
    B(PAND, k_pand); B(PANDN, k_pandn); B(POR, k_por); B(PXOR, k_pxor);
    B(PMULLW, k_pmullw); B(PMULHW, k_pmulhw); B(PMULHUW, k_pmulhuw); B(PMULUDQ, k_pmuludq);
    B(PMADDWD, k_pmaddwd); B(PSADBW, k_psadbw); B(PAVGB, k_pavgb); B(PAVGW, k_pavgw);
    B(PMINUB, k_pminub); B(PMAXUB, k_pmaxub); B(PMINSW, k_pminsw); B(PMAXSW, k_pmaxsw);
    B(PSLLW, k_psllw); B(PSLLD, k_pslld); B(PSLLQ, k_psllq);
    B(PSRLW, k_psrlw); B(PSRLD, k_psrld); B(PSRLQ, k_psrlq);
    B(PSRAW, k_psraw); B(PSRAD, k_psrad);
    B(PUNPCKHBW, k_punpckhbw); B(PUNPCKHWD, k_punpckhwd); B(PUNPCKHDQ, k_punpckhdq);
    B(PACKSSWB, k_packsswb); B(PACKUSWB, k_packuswb); B(PACKSSDW, k_packssdw);
    /* MMX unpack low reads only 32 bits from memory */
    both(IOP_PUNPCKLBW_PqQq, IOP_PUNPCKLBW_VxWx, k_punpcklbw);
    both(IOP_PUNPCKLWD_PqQq, IOP_PUNPCKLWD_VxWx, k_punpcklwd);
    both(IOP_PUNPCKLDQ_PqQq, IOP_PUNPCKLDQ_VxWx, k_punpckldq);
    H_RM(IOP_PUNPCKLBW_PqQq, mmx_op_r, mmx_op_m32);
    H_RM(IOP_PUNPCKLWD_PqQq, mmx_op_r, mmx_op_m32);
    H_RM(IOP_PUNPCKLDQ_PqQq, mmx_op_r, mmx_op_m32);
    X(PUNPCKLQDQ, k_punpcklqdq); X(PUNPCKHQDQ, k_punpckhqdq);
    /* shifts by an immediate */
    shift_imm(IOP_PSRLW_NqIb, IOP_PSRLW_UxIb, k_psrlw);
    shift_imm(IOP_PSRAW_NqIb, IOP_PSRAW_UxIb, k_psraw);
    shift_imm(IOP_PSLLW_NqIb, IOP_PSLLW_UxIb, k_psllw);
    shift_imm(IOP_PSRLD_NqIb, IOP_PSRLD_UxIb, k_psrld);
    shift_imm(IOP_PSRAD_NqIb, IOP_PSRAD_UxIb, k_psrad);
    shift_imm(IOP_PSLLD_NqIb, IOP_PSLLD_UxIb, k_pslld);
    shift_imm(IOP_PSRLQ_NqIb, IOP_PSRLQ_UxIb, k_psrlq);
    shift_imm(IOP_PSLLQ_NqIb, IOP_PSLLQ_UxIb, k_psllq);
    shift_imm(0, IOP_PSRLDQ_UxIb, k_psrldq);
    shift_imm(0, IOP_PSLLDQ_UxIb, k_pslldq);
    /* shuffles with imm8 */
    both(IOP_PSHUFW_PqQqIb, IOP_PSHUFD_VxWxIb, NULL);
    kern[IOP_PSHUFW_PqQqIb] = k_pshufw;
    kern[IOP_PSHUFD_VxWxIb] = k_pshufd;
    both(0, IOP_PSHUFHW_VxWxIb, k_pshufhw);
    both(0, IOP_PSHUFLW_VxWxIb, k_pshuflw);
    /* SSSE3 */
    B(PSHUFB, k_pshufb); B(PHADDW, k_phaddw); B(PHADDD, k_phaddd); B(PHADDSW, k_phaddsw);
    B(PMADDUBSW, k_pmaddubsw); B(PHSUBW, k_phsubw); B(PHSUBD, k_phsubd);
    B(PHSUBSW, k_phsubsw); B(PSIGNB, k_psignb); B(PSIGNW, k_psignw); B(PSIGND, k_psignd);
    B(PMULHRSW, k_pmulhrsw); B(PABSB, k_pabsb); B(PABSW, k_pabsw); B(PABSD, k_pabsd);
    both(IOP_PALIGNR_PqQq, IOP_PALIGNR_VxWx, k_palignr);
    /* SSE4.1 / SSE4.2 */
    X(PMULDQ, k_pmuldq); X(PCMPEQQ, k_pcmpeqq); X(PACKUSDW, k_packusdw);
    X(PCMPGTQ, k_pcmpgtq); X(PMINSB, k_pminsb); X(PMINSD, k_pminsd); X(PMINUW, k_pminuw);
    X(PMINUD, k_pminud); X(PMAXSB, k_pmaxsb); X(PMAXSD, k_pmaxsd); X(PMAXUW, k_pmaxuw);
    X(PMAXUD, k_pmaxud); X(PMULLD, k_pmulld); X(PHMINPOSUW, k_phminposuw);
    both(0, IOP_PBLENDW_VxWxIb, k_pblendw);
    both(0, IOP_MPSADBW_VxWxIb, k_mpsadbw);
    H_ONE(IOP_PBLENDVB_VxWx, pblendvb);
    H_ONE(IOP_BLENDVPS_VxWx, blendvps);
    H_ONE(IOP_BLENDVPD_VxWx, blendvpd);
    H_ONE(IOP_PTEST_VxWx, ptest);
    H_ONE(IOP_PMOVSXBW_VxWq, pmovsxbw); H_ONE(IOP_PMOVSXBD_VxWd, pmovsxbd);
    H_ONE(IOP_PMOVSXBQ_VxWw, pmovsxbq); H_ONE(IOP_PMOVSXWD_VxWq, pmovsxwd);
    H_ONE(IOP_PMOVSXWQ_VxWd, pmovsxwq); H_ONE(IOP_PMOVSXDQ_VxWq, pmovsxdq);
    H_ONE(IOP_PMOVZXBW_VxWq, pmovzxbw); H_ONE(IOP_PMOVZXBD_VxWd, pmovzxbd);
    H_ONE(IOP_PMOVZXBQ_VxWw, pmovzxbq); H_ONE(IOP_PMOVZXWD_VxWq, pmovzxwd);
    H_ONE(IOP_PMOVZXWQ_VxWd, pmovzxwq); H_ONE(IOP_PMOVZXDQ_VxWq, pmovzxdq);
}
