/* cpu/flags.c: lazy evaluation of the six status flags.
 *
 * Arithmetic handlers record (op, size, res, a, b[, cf]) in c->lf with
 * cpu_lf(); the flags are derived here only when something reads them
 * (Jcc, ADC, PUSHF, ...). When lf.op == LF_NONE the status flags are the
 * ones stored in c->eflags.
 *
 * Meaning of the records (res, a, b truncated to lf.size bytes):
 *   LF_ADD   res = a + b
 *   LF_ADC   res = a + b + lf.cf
 *   LF_SUB   res = a - b              (SUB, CMP, CMPS, SCAS, CMPXCHG)
 *   LF_SBB   res = a - b - lf.cf
 *   LF_LOGIC res = a OP b             CF = OF = 0; AF = 0 (undefined in the
 *                                     SDM, modern Intel CPUs clear it)
 *   LF_INC   res = a + 1, lf.cf = CF before (INC does not change CF)
 *   LF_DEC   res = a - 1, lf.cf = CF before
 *   LF_NEG   res = 0 - a
 *   LF_SHL   res = a << b, b = masked count, 1..63 (may exceed the width
 *            for 8/16-bit operands: then CF = 0 and res = 0)
 *   LF_SHR   res = a >> b (logical)
 *   LF_SAR   res = a >> b (arithmetic)
 *
 * Shift flags follow SDM Vol.2 "SAL/SAR/SHL/SHR": CF is the last bit
 * shifted out; OF is defined for a count of 1 only. For larger counts we
 * compute OF with the count-1 formula applied to the final result
 * (SHL: MSB(res) XOR CF; SHR: MSB(res) XOR bit below it, which is the
 * original MSB for a count of 1; SAR: 0), as Bochs does for Intel CPUs.
 * AF after a shift is undefined; we give 0 (Bochs's choice, also what
 * LOGIC-style flag producers on Intel give).
 */
#include "cpu/cpu.h"

static inline uint64_t sz_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static inline uint64_t sz_sign(unsigned size)
{
    return size ? 1ull << (size * 8 - 1) : 0;
}

static inline bool parity8(uint64_t v)
{
    /* PF is set when the low byte has an even number of one bits */
    return !(__builtin_popcount((unsigned)(v & 0xFF)) & 1);
}

bool cpu_cf_lazy(struct cpu *c)
{
    const struct lazyflags *lf = &c->lf;
    switch (lf->op) {
    case LF_NONE:
        return c->eflags & F_CF;
    case LF_ADD:
        return lf->res < lf->a;
    case LF_ADC:
        return lf->cf ? lf->res <= lf->a : lf->res < lf->a;
    case LF_SUB:
        return lf->a < lf->b;
    case LF_SBB:
        return lf->cf ? lf->a <= lf->b : lf->a < lf->b;
    case LF_LOGIC:
        return false;
    case LF_INC:
    case LF_DEC:
        return lf->cf;
    case LF_NEG:
        return lf->a != 0;
    case LF_SHL: {
        unsigned bits = lf->size * 8;
        /* the last bit out is bit (bits - count) of the operand */
        return lf->b <= bits ? (lf->a >> (bits - lf->b)) & 1 : false;
    }
    case LF_SHR: {
        unsigned bits = lf->size * 8;
        return lf->b <= bits ? (lf->a >> (lf->b - 1)) & 1 : false;
    }
    case LF_SAR: {
        unsigned bits = lf->size * 8;
        if (lf->b >= bits) /* everything shifted out is a copy of the sign */
            return (lf->a & sz_sign(lf->size)) != 0;
        return (lf->a >> (lf->b - 1)) & 1;
    }
    }
    return false;
}

bool cpu_pf(struct cpu *c)
{
    if (c->lf.op == LF_NONE)
        return c->eflags & F_PF;
    return parity8(c->lf.res);
}

bool cpu_af(struct cpu *c)
{
    const struct lazyflags *lf = &c->lf;
    switch (lf->op) {
    case LF_NONE:
        return c->eflags & F_AF;
    case LF_ADD:
    case LF_ADC:
    case LF_SUB:
    case LF_SBB:
        /* carry out of bit 3: the sum bit 4 differs from a4 ^ b4 */
        return ((lf->a ^ lf->b ^ lf->res) & 0x10) != 0;
    case LF_INC:
        return (lf->res & 0xF) == 0;
    case LF_DEC:
        return (lf->res & 0xF) == 0xF;
    case LF_NEG:
        return ((lf->a ^ lf->res) & 0x10) != 0;
    default:
        return false;
    }
}

bool cpu_of(struct cpu *c)
{
    const struct lazyflags *lf = &c->lf;
    if (lf->op == LF_NONE)
        return c->eflags & F_OF;
    uint64_t sign = sz_sign(lf->size);
    switch (lf->op) {
    case LF_ADD:
    case LF_ADC:
        /* both operands have the same sign and the result another */
        return ((lf->a ^ lf->res) & (lf->b ^ lf->res) & sign) != 0;
    case LF_SUB:
    case LF_SBB:
        return ((lf->a ^ lf->b) & (lf->a ^ lf->res) & sign) != 0;
    case LF_INC:
        return lf->res == sign;
    case LF_DEC:
        return lf->res == sign - 1;
    case LF_NEG:
        return lf->res == sign;
    case LF_SHL:
        return ((lf->res & sign) != 0) != cpu_cf_lazy(c);
    case LF_SHR:
        /* count 1: the original MSB; larger counts: same formula (Bochs) */
        return ((lf->res ^ (lf->res << 1)) & sign) != 0;
    default: /* LF_LOGIC, LF_SAR */
        return false;
    }
}

/* All six status flags at once (one switch instead of six). */
static uint32_t status_flags(struct cpu *c)
{
    const struct lazyflags *lf = &c->lf;
    if (lf->op == LF_NONE)
        return c->eflags & F_STATUS;
    uint32_t f = 0;
    if (cpu_cf_lazy(c))
        f |= F_CF;
    if (parity8(lf->res))
        f |= F_PF;
    if (cpu_af(c))
        f |= F_AF;
    if ((lf->res & sz_mask(lf->size)) == 0)
        f |= F_ZF;
    if (lf->res & sz_sign(lf->size))
        f |= F_SF;
    if (cpu_of(c))
        f |= F_OF;
    return f;
}

uint32_t cpu_get_eflags(struct cpu *c)
{
    return (c->eflags & ~(uint32_t)F_STATUS) | status_flags(c) | F_1;
}

void cpu_set_status(struct cpu *c, uint32_t f)
{
    c->eflags = (c->eflags & ~(uint32_t)F_STATUS) | (f & F_STATUS);
    c->lf.op = LF_NONE;
}

/* Bits 3, 5, 15 and 22-31 are reserved and read as 0; bit 1 reads as 1
 * (SDM Vol.1 3.4.3). */
#define F_RESERVED (0xFFC00000u | (1u << 15) | (1u << 5) | (1u << 3))

void cpu_write_eflags(struct cpu *c, uint32_t v, uint32_t mask)
{
    uint32_t cur = cpu_get_eflags(c);
    cur = (cur & ~mask) | (v & mask);
    c->eflags = (cur & ~F_RESERVED) | F_1;
    c->lf.op = LF_NONE;
}

bool cpu_cond_lazy(struct cpu *c, unsigned cc)
{
    bool r;
    if (c->lf.op == LF_SUB) {
        /* CMP then Jcc is the common case: compare the operands directly.
         * Shifting both left to bit 63 keeps their signed order. */
        uint64_t a = c->lf.a, b = c->lf.b;
        unsigned sh = 64 - c->lf.size * 8;
        int64_t sa = (int64_t)(a << sh), sb = (int64_t)(b << sh);
        switch ((cc >> 1) & 7) {
        case 1: return (a < b) ^ (cc & 1);   /* B */
        case 2: return (a == b) ^ (cc & 1);  /* E */
        case 3: return (a <= b) ^ (cc & 1);  /* BE */
        case 6: return (sa < sb) ^ (cc & 1); /* L */
        case 7: return (sa <= sb) ^ (cc & 1); /* LE */
        default: break;
        }
    }
    switch ((cc >> 1) & 7) {
    case 0: r = cpu_of(c); break;                      /* O */
    case 1: r = cpu_cf(c); break;                      /* B/C */
    case 2: r = cpu_zf(c); break;                      /* E/Z */
    case 3: r = cpu_cf(c) || cpu_zf(c); break;         /* BE */
    case 4: r = cpu_sf(c); break;                      /* S */
    case 5: r = cpu_pf(c); break;                      /* P */
    case 6: r = cpu_sf(c) != cpu_of(c); break;         /* L */
    default: r = cpu_zf(c) || cpu_sf(c) != cpu_of(c); break; /* LE */
    }
    return r ^ (cc & 1);
}
