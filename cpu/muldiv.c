/* cpu/muldiv.c: MUL IMUL DIV IDIV.
 *
 * Flags after MUL/IMUL (SDM Vol.2 "MUL", "IMUL"): CF = OF = 1 when the
 * significant bits of the product do not fit the low half (one-operand
 * forms) or the destination (two- and three-operand forms). SF, ZF, AF and
 * PF are undefined; like Bochs we set SF, ZF and PF from the low half of
 * the product (what lands in AL/AX/EAX/RAX or the destination) and clear AF.
 *
 * DIV/IDIV (SDM Vol.2 "DIV", "IDIV"): #DE when the divisor is 0 or the
 * quotient does not fit, raised before any register changes. All six
 * status flags are undefined afterwards; we leave them unchanged.
 * The quotient truncates toward zero and the remainder has the sign of the
 * dividend. -2^(n-1) is a valid IDIV quotient on the 286 and later.
 */
#include "cpu/arith.h"

static inline void mul_flags(struct cpu *c, uint64_t low, unsigned bits, bool ovf)
{
    cpu_set_status(c, arith_szp(low, bits) | (ovf ? F_CF | F_OF : 0));
}

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* ---- one-operand MUL/IMUL: rDX:rAX = rAX * E (AX = AL * E for bytes) ---- */
#define MUL1_8(name, M, SIGNED)                                               \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        uint8_t s = LOAD_E(8, M, off);                                        \
        uint8_t a = cpu_get8(c, R_AX);                                        \
        uint16_t p;                                                           \
        bool ovf;                                                             \
        if (SIGNED) {                                                         \
            p = (uint16_t)((int16_t)(int8_t)a * (int16_t)(int8_t)s);          \
            ovf = sext(p, 16) != sext(p & 0xFF, 8);                           \
        } else {                                                              \
            p = (uint16_t)((unsigned)a * s);                                  \
            ovf = (p >> 8) != 0;                                              \
        }                                                                     \
        cpu_set16(c, R_AX, p);                                                \
        mul_flags(c, p, 8, ovf);                                              \
    }

/* 16 and 32 bits: the product fits a uint64_t / int64_t */
#define MUL1_V(name, B, M, SIGNED)                                            \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) s = LOAD_E(B, M, off);                                          \
        UT(B) a = GETR_##B(c, R_AX);                                          \
        uint64_t p;                                                           \
        bool ovf;                                                             \
        if (SIGNED) {                                                         \
            int64_t sp = sext(a, B) * sext(s, B);                             \
            p = (uint64_t)sp;                                                 \
            ovf = sp != sext(p, B);                                           \
        } else {                                                              \
            p = (uint64_t)a * s;                                              \
            ovf = (p >> (B)) != 0;                                            \
        }                                                                     \
        SETR_##B(c, R_AX, (UT(B))p);                                          \
        SETR_##B(c, R_DX, (UT(B))(p >> (B)));                                 \
        mul_flags(c, p, B, ovf);                                              \
    }

#define MUL1_64(name, M, SIGNED)                                              \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        uint64_t s = LOAD_E(64, M, off);                                      \
        uint64_t a = cpu_get64(c, R_AX);                                      \
        unsigned __int128 p;                                                  \
        bool ovf;                                                             \
        if (SIGNED) {                                                         \
            __int128 sp = (__int128)(int64_t)a * (int64_t)s;                  \
            p = (unsigned __int128)sp;                                        \
            ovf = sp != (__int128)(int64_t)(uint64_t)p;                       \
        } else {                                                              \
            p = (unsigned __int128)a * s;                                     \
            ovf = (uint64_t)(p >> 64) != 0;                                   \
        }                                                                     \
        cpu_set64(c, R_AX, (uint64_t)p);                                      \
        cpu_set64(c, R_DX, (uint64_t)(p >> 64));                              \
        mul_flags(c, (uint64_t)p, 64, ovf);                                   \
    }

MUL1_8(mul_Eb_r, 0, 0)
MUL1_8(mul_Eb_m, 1, 0)
MUL1_8(imul_Eb_r, 0, 1)
MUL1_8(imul_Eb_m, 1, 1)
MUL1_V(mul_Ev_r16, 16, 0, 0)
MUL1_V(mul_Ev_m16, 16, 1, 0)
MUL1_V(mul_Ev_r32, 32, 0, 0)
MUL1_V(mul_Ev_m32, 32, 1, 0)
MUL1_64(mul_Ev_r64, 0, 0)
MUL1_64(mul_Ev_m64, 1, 0)
MUL1_V(imul_Ev_r16, 16, 0, 1)
MUL1_V(imul_Ev_m16, 16, 1, 1)
MUL1_V(imul_Ev_r32, 32, 0, 1)
MUL1_V(imul_Ev_m32, 32, 1, 1)
MUL1_64(imul_Ev_r64, 0, 1)
MUL1_64(imul_Ev_m64, 1, 1)

/* ---- two/three-operand IMUL: G = E * (G or imm), truncated ---- */
static inline uint64_t imul_trunc(int64_t a, int64_t b, unsigned bits, bool *ovf)
{
    if (bits == 64) {
        __int128 p = (__int128)a * b;
        *ovf = p != (__int128)(int64_t)(uint64_t)p;
        return (uint64_t)p;
    }
    int64_t p = a * b; /* |a|,|b| <= 2^31: no overflow */
    *ovf = p != sext((uint64_t)p, bits);
    return (uint64_t)p;
}

#define IMUL_G(name, B, M, SRC2)                                              \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) a = LOAD_E(B, M, off);                                          \
        UT(B) b = (UT(B))(SRC2);                                              \
        bool ovf;                                                             \
        UT(B) r = (UT(B))imul_trunc(sext(a, B), sext(b, B), B, &ovf);         \
        SETR_##B(c, i->reg, r);                                               \
        mul_flags(c, r, B, ovf);                                              \
    }
#define IMUL_GE(name, B, M) IMUL_G(name, B, M, GETR_##B(c, i->reg))
#define IMUL_GEI(name, B, M) IMUL_G(name, B, M, i->imm)
GEN_V(IMUL_GE, imul_GvEv)
GEN_V(IMUL_GEI, imul_GvEvI)

/* ---- DIV/IDIV ---- */
/* Unsigned: the dividend has 2*bits bits (hi:lo); bits <= 32 here. */
static inline bool udiv64(uint64_t n, uint64_t d, unsigned bits, uint64_t *q, uint64_t *r)
{
    if (d == 0)
        return false;
    *q = n / d;
    *r = n % d;
    return (*q >> bits) == 0;
}
/* Signed, through magnitudes so that no intermediate overflows. */
static inline bool idiv64(int64_t n, int64_t d, unsigned bits, uint64_t *q, uint64_t *r)
{
    if (d == 0)
        return false;
    uint64_t un = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    uint64_t ud = d < 0 ? 0 - (uint64_t)d : (uint64_t)d;
    uint64_t uq = un / ud, ur = un % ud;
    bool qneg = (n < 0) != (d < 0);
    uint64_t lim = 1ull << (bits - 1); /* |q| <= lim-1, or lim when negative */
    if (uq > lim - (qneg ? 0 : 1))
        return false;
    *q = qneg ? 0 - uq : uq;
    *r = n < 0 ? 0 - ur : ur;
    return true;
}
static inline bool udiv128(unsigned __int128 n, uint64_t d, uint64_t *q, uint64_t *r)
{
    if (d == 0)
        return false;
    unsigned __int128 uq = n / d;
    if ((uint64_t)(uq >> 64) != 0)
        return false;
    *q = (uint64_t)uq;
    *r = (uint64_t)(n % d);
    return true;
}
static inline bool idiv128(unsigned __int128 n, int64_t d, uint64_t *q, uint64_t *r)
{
    if (d == 0)
        return false;
    bool nneg = (n >> 127) != 0, dneg = d < 0;
    unsigned __int128 un = nneg ? 0 - n : n;
    uint64_t ud = dneg ? 0 - (uint64_t)d : (uint64_t)d;
    unsigned __int128 uq = un / ud;
    uint64_t ur = (uint64_t)(un % ud);
    bool qneg = nneg != dneg;
    unsigned __int128 lim = (unsigned __int128)1 << 63;
    if (uq > lim - (qneg ? 0 : 1))
        return false;
    *q = qneg ? 0 - (uint64_t)uq : (uint64_t)uq;
    *r = nneg ? 0 - ur : ur;
    return true;
}

#define DIV_8(name, M, SIGNED)                                                \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        uint8_t d = LOAD_E(8, M, off);                                        \
        uint16_t n = cpu_get16(c, R_AX);                                      \
        uint64_t q, r;                                                        \
        bool ok = SIGNED ? idiv64(sext(n, 16), sext(d, 8), 8, &q, &r)         \
                         : udiv64(n, d, 8, &q, &r);                           \
        if (!ok)                                                              \
            cpu_fault_noerr(c, EXC_DE);                                       \
        cpu_set16(c, R_AX, (uint16_t)(((r & 0xFF) << 8) | (q & 0xFF)));       \
    }

#define DIV_V(name, B, M, SIGNED)                                             \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) d = LOAD_E(B, M, off);                                          \
        uint64_t n = ((uint64_t)GETR_##B(c, R_DX) << (B)) | GETR_##B(c, R_AX);\
        uint64_t q, r;                                                        \
        bool ok = SIGNED ? idiv64(sext(n, 2 * (B)), sext(d, B), B, &q, &r)    \
                         : udiv64(n, d, B, &q, &r);                           \
        if (!ok)                                                              \
            cpu_fault_noerr(c, EXC_DE);                                       \
        SETR_##B(c, R_AX, (UT(B))q);                                          \
        SETR_##B(c, R_DX, (UT(B))r);                                          \
    }

#define DIV_64(name, M, SIGNED)                                               \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        uint64_t d = LOAD_E(64, M, off);                                      \
        unsigned __int128 n =                                                 \
            ((unsigned __int128)cpu_get64(c, R_DX) << 64) | cpu_get64(c, R_AX); \
        uint64_t q, r;                                                        \
        bool ok = SIGNED ? idiv128(n, (int64_t)d, &q, &r)                     \
                         : udiv128(n, d, &q, &r);                             \
        if (!ok)                                                              \
            cpu_fault_noerr(c, EXC_DE);                                       \
        cpu_set64(c, R_AX, q);                                                \
        cpu_set64(c, R_DX, r);                                                \
    }

DIV_8(div_Eb_r, 0, 0)
DIV_8(div_Eb_m, 1, 0)
DIV_8(idiv_Eb_r, 0, 1)
DIV_8(idiv_Eb_m, 1, 1)
DIV_V(div_Ev_r16, 16, 0, 0)
DIV_V(div_Ev_m16, 16, 1, 0)
DIV_V(div_Ev_r32, 32, 0, 0)
DIV_V(div_Ev_m32, 32, 1, 0)
DIV_64(div_Ev_r64, 0, 0)
DIV_64(div_Ev_m64, 1, 0)
DIV_V(idiv_Ev_r16, 16, 0, 1)
DIV_V(idiv_Ev_m16, 16, 1, 1)
DIV_V(idiv_Ev_r32, 32, 0, 1)
DIV_V(idiv_Ev_m32, 32, 1, 1)
DIV_64(idiv_Ev_r64, 0, 1)
DIV_64(idiv_Ev_m64, 1, 1)

void cpu_register_muldiv(void)
{
    H_RM(IOP_MUL_Eb, mul_Eb_r, mul_Eb_m);
    H_RM(IOP_IMUL_Eb, imul_Eb_r, imul_Eb_m);
    H_RM(IOP_DIV_Eb, div_Eb_r, div_Eb_m);
    H_RM(IOP_IDIV_Eb, idiv_Eb_r, idiv_Eb_m);
    H_V(IOP_MUL_Ev, mul_Ev);
    H_V(IOP_IMUL_Ev, imul_Ev);
    H_V(IOP_DIV_Ev, div_Ev);
    H_V(IOP_IDIV_Ev, idiv_Ev);
    H_V(IOP_IMUL_GvEv, imul_GvEv);
    H_V(IOP_IMUL_GvEvIz, imul_GvEvI);
    H_V(IOP_IMUL_GvEvIb, imul_GvEvI);
}
