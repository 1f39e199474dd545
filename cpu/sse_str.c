/* cpu/sse_str.c: SSE4.2 string and text instructions (PCMPESTRI,
 * PCMPESTRM, PCMPISTRI, PCMPISTRM) and CRC32, and the registration of
 * every MMX/SSE family (cpu_register_sse).
 *
 * The string compares follow SDM Vol.2 4.1 ("Imm8 control byte
 * operation for PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM"): a boolean
 * matrix of element comparisons between the first operand (xmm1) and
 * the second (xmm2/m128), forced where elements are invalid (past the
 * string's length, Table 4-7), aggregated (equal any, ranges, equal each,
 * equal ordered), polarity applied, then reduced to an index in ECX or a
 * mask in XMM0, with CF ZF SF OF describing the result. Their memory
 * operand needs no alignment (SDM Vol.1 12.10.3).
 */
#include "cpu/simd.h"

static int elem(const xmm_t *v, unsigned k, unsigned fmt)
{
    switch (fmt & 3) {
    case 0: return v->b[k];
    case 1: return v->w[k];
    case 2: return v->sb[k];
    default: return v->sw[k];
    }
}

/* implicit length: index of the first zero element */
static unsigned implicit_len(const xmm_t *v, unsigned n, unsigned fmt)
{
    for (unsigned k = 0; k < n; k++)
        if (!elem(v, k, fmt))
            return k;
    return n;
}
/* explicit length: |reg| saturated to n (SDM Vol.2 PCMPESTRI) */
static unsigned explicit_len(const struct cpu *c, unsigned r, bool w64, unsigned n)
{
    int64_t v = w64 ? (int64_t)c->gpr[r] : (int64_t)(int32_t)c->gpr[r];
    uint64_t a = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    return a > n ? n : (unsigned)a;
}

/* Returns IntRes2 (bit j for element j of the second operand). */
static unsigned str_compare(const xmm_t *a, unsigned la, const xmm_t *b, unsigned lb,
                            unsigned imm, unsigned n)
{
    unsigned agg = (imm >> 2) & 3, res = 0;
    for (unsigned j = 0; j < n; j++) {
        bool bv = j < lb, r = false;
        int y = elem(b, j, imm);
        switch (agg) {
        case 0: /* equal any: b[j] equals some valid a[i] */
            for (unsigned i = 0; i < la && !r; i++)
                r = bv && elem(a, i, imm) == y;
            break;
        case 1: /* ranges: a[i] <= b[j] <= a[i+1] for a valid pair */
            for (unsigned i = 0; i + 1 < n && !r; i += 2) {
                bool lo = i < la && bv && elem(a, i, imm) <= y;
                bool hi = i + 1 < la && bv && y <= elem(a, i + 1, imm);
                r = lo && hi;
            }
            break;
        case 2: { /* equal each: both invalid -> true, one invalid -> false */
            bool av = j < la;
            r = (!av && !bv) || (av && bv && elem(a, j, imm) == y);
            break;
        }
        default: /* equal ordered: a occurs in b at position j */
            r = true;
            for (unsigned k = 0; k + j < n && r; k++) {
                bool av = k < la, bv2 = k + j < lb;
                if (!av)
                    break; /* a invalid: forced true */
                r = bv2 && elem(a, k, imm) == elem(b, k + j, imm);
            }
            break;
        }
        if (r)
            res |= 1u << j;
    }
    unsigned all = (1u << n) - 1;
    switch ((imm >> 4) & 3) {
    case 1: res ^= all; break;
    case 3: res ^= (1u << lb) - 1; break; /* negate only valid elements of b */
    default: break;
    }
    return res & all;
}

static void pcmpstr(struct cpu *c, const struct insn *i, bool explicit_, bool index)
{
    sse_check(c);
    xmm_t b;
    sse_src128(c, i, &b, false);
    const xmm_t *a = xreg(c, i->reg);
    unsigned imm = (unsigned)(i->imm & 0xFF), n = (imm & 1) ? 8 : 16;
    unsigned la, lb;
    if (explicit_) {
        bool w = (i->rex & 8) != 0;
        la = explicit_len(c, R_AX, w, n);
        lb = explicit_len(c, R_DX, w, n);
    } else {
        la = implicit_len(a, n, imm);
        lb = implicit_len(&b, n, imm);
    }
    unsigned res = str_compare(a, la, &b, lb, imm, n);
    if (index) {
        unsigned idx = n;
        if (res)
            idx = (imm & 0x40) ? 31u - (unsigned)__builtin_clz(res) : (unsigned)__builtin_ctz(res);
        cpu_set32(c, R_CX, idx);
    } else {
        xmm_t m = {0};
        if (imm & 0x40) {
            for (unsigned k = 0; k < n; k++)
                if ((res >> k) & 1) {
                    if (n == 16)
                        m.b[k] = 0xFF;
                    else
                        m.w[k] = 0xFFFF;
                }
        } else {
            m.d[0] = res;
        }
        *xreg(c, 0) = m;
    }
    uint32_t f = 0;
    if (res)
        f |= F_CF;
    if (lb < n)
        f |= F_ZF;
    if (la < n)
        f |= F_SF;
    if (res & 1)
        f |= F_OF;
    cpu_set_status(c, f);
}
static HANDLER(pcmpestri) { pcmpstr(c, i, true, true); }
static HANDLER(pcmpestrm) { pcmpstr(c, i, true, false); }
static HANDLER(pcmpistri) { pcmpstr(c, i, false, true); }
static HANDLER(pcmpistrm) { pcmpstr(c, i, false, false); }

/* ---- CRC32 (SDM Vol.2 CRC32): CRC-32C, polynomial 11EDC6F41H, in the
 * bit-reflected form; the 32-bit result is zero-extended ---- */
static uint32_t crc32c(uint32_t crc, uint64_t v, unsigned bytes)
{
    for (unsigned k = 0; k < bytes; k++) {
        crc ^= (uint8_t)(v >> (8 * k));
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ ((crc & 1) ? 0x82F63B78u : 0);
    }
    return crc;
}
#define CRC(name, bytes, M, RD)                                              \
    static HANDLER(name)                                                     \
    {                                                                        \
        uint64_t v = (M) ? RD(c, i->seg, cpu_ea(c, i)) : cpu_get64(c, i->rm); \
        cpu_set64(c, i->reg, crc32c(cpu_get32(c, i->reg), v, bytes));       \
    }
static uint64_t rd8(struct cpu *c, int s, uint64_t o) { return cpu_read8(c, s, o); }
static uint64_t rd16(struct cpu *c, int s, uint64_t o) { return cpu_read16(c, s, o); }
static uint64_t rd32(struct cpu *c, int s, uint64_t o) { return cpu_read32(c, s, o); }
static uint64_t rd64(struct cpu *c, int s, uint64_t o) { return cpu_read64(c, s, o); }
CRC(crc32_m16, 2, 1, rd16)
CRC(crc32_m32, 4, 1, rd32)
CRC(crc32_m64, 8, 1, rd64)
CRC(crc32_r16, 2, 0, rd16)
CRC(crc32_r32, 4, 0, rd32)
CRC(crc32_r64, 8, 0, rd64)
CRC(crc32_mb, 1, 1, rd8)
/* byte register: AH..BH without REX */
static HANDLER(crc32_rb)
{
    cpu_set64(c, i->reg, crc32c(cpu_get32(c, i->reg), cpu_get8(c, i->rm), 1));
}

void sse_register_str(void)
{
    H_ONE(IOP_PCMPESTRI_VxWxIb, pcmpestri);
    H_ONE(IOP_PCMPESTRM_VxWxIb, pcmpestrm);
    H_ONE(IOP_PCMPISTRI_VxWxIb, pcmpistri);
    H_ONE(IOP_PCMPISTRM_VxWxIb, pcmpistrm);
    H_RM(IOP_CRC32_GyEb, crc32_rb, crc32_mb);
    H_V(IOP_CRC32_GyEv, crc32);
}

/* Called once by cpu_handlers_init(). */
void cpu_register_sse(void)
{
    mmx_register();
    sse_register_int();
    sse_register_fp();
    sse_register_mov();
    sse_register_str();
}
