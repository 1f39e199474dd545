/* cpu/shift.c: ROL ROR RCL RCR SHL/SAL SHR SAR and SHLD/SHRD.
 *
 * SDM Vol.2 "RCL/RCR/ROL/ROR" and "SAL/SAR/SHL/SHR":
 * - the count is masked to 5 bits (6 with a 64-bit operand); a masked
 *   count of 0 changes neither the operand nor any flag;
 * - RCL/RCR rotate through CF modulo 9 (8-bit) or 17 (16-bit) after masking;
 *   ROL/ROR modulo the width, but CF/OF are still updated when the masked
 *   count is a nonzero multiple of the width (CF = LSB/MSB of the result);
 * - OF is defined for a count of 1 only. For larger counts we apply the
 *   count-1 formula to the final result, as Bochs does for Intel CPUs:
 *   ROL/RCL/SHL/SHLD: OF = MSB(res) XOR CF; ROR/RCR/SHR/SHRD: OF = the two
 *   top bits of the result XORed; SAR: OF = 0.
 * - AF after a shift with a nonzero count is undefined: we give 0.
 * - Rotates leave SF, ZF, AF and PF alone.
 * - A 32-bit register destination is written even for a count of 0, so its
 *   upper half is cleared in 64-bit mode like any 32-bit register write.
 *
 * SHL/SHR/SAR record lazy flags (LF_SHL/LF_SHR/LF_SAR); rotates and double
 * shifts compute the flags at once.
 */
#include "cpu/arith.h"

enum sh_kind { S_ROL, S_ROR, S_RCL, S_RCR, S_SHL, S_SHR, S_SAR };

static inline uint64_t bmask(unsigned bits)
{
    return bits == 64 ? ~0ull : (1ull << bits) - 1;
}
/* shifts that give 0 for a distance of 64 or more instead of UB */
static inline uint64_t shl_s(uint64_t x, unsigned n)
{
    return n >= 64 ? 0 : x << n;
}
static inline uint64_t shr_s(uint64_t x, unsigned n)
{
    return n >= 64 ? 0 : x >> n;
}
static inline unsigned msb(uint64_t v, unsigned bits)
{
    return (v >> (bits - 1)) & 1;
}

/* Result of a shift: a flags record (lf != LF_NONE), new CF and OF alone
 * (rotates: rot), or the new status flags f. */
struct shout {
    uint64_t r;
    uint32_t f;
    uint8_t lf;
    uint8_t rot, cf, of;
};

static inline void with_cf_of(struct shout *o, unsigned cf, unsigned of)
{
    o->rot = 1;
    o->cf = (uint8_t)cf;
    o->of = (uint8_t)of;
}

/* cnt is the masked count, nonzero; a is truncated to bits. */
static inline struct shout sh_calc(struct cpu *c, enum sh_kind k, unsigned bits, uint64_t a,
                                   unsigned cnt)
{
    struct shout o = {0, 0, LF_NONE, 0, 0, 0};
    uint64_t m = bmask(bits);
    unsigned cf, of, rc;
    switch (k) {
    case S_SHL:
        o.r = shl_s(a, cnt) & m;
        o.lf = LF_SHL;
        break;
    case S_SHR:
        o.r = shr_s(a, cnt);
        o.lf = LF_SHR;
        break;
    case S_SAR: {
        /* sign-extend to 64 bits; cnt <= 63 so the shift is defined */
        int64_t sa = (int64_t)(a << (64 - bits)) >> (64 - bits);
        o.r = (uint64_t)(sa >> cnt) & m;
        o.lf = LF_SAR;
        break;
    }
    case S_ROL:
        rc = cnt & (bits - 1);
        o.r = rc ? ((a << rc) | (a >> (bits - rc))) & m : a;
        cf = o.r & 1;
        of = msb(o.r, bits) ^ cf;
        with_cf_of(&o, cf, of);
        break;
    case S_ROR:
        rc = cnt & (bits - 1);
        o.r = rc ? ((a >> rc) | (a << (bits - rc))) & m : a;
        cf = msb(o.r, bits);
        of = cf ^ msb(o.r << 1, bits);
        with_cf_of(&o, cf, of);
        break;
    case S_RCL: {
        /* rotate the (bits+1)-bit value CF:a */
        unsigned cin = cpu_cf(c);
        rc = bits < 32 ? cnt % (bits + 1) : cnt;
        o.r = a;
        cf = cin;
        if (rc) {
            o.r = (shl_s(a, rc) | ((uint64_t)cin << (rc - 1)) | shr_s(a, bits + 1 - rc)) & m;
            cf = (a >> (bits - rc)) & 1;
        }
        of = msb(o.r, bits) ^ cf;
        with_cf_of(&o, cf, of);
        break;
    }
    case S_RCR: {
        unsigned cin = cpu_cf(c);
        rc = bits < 32 ? cnt % (bits + 1) : cnt;
        o.r = a;
        cf = cin;
        if (rc) {
            o.r = (shr_s(a, rc) | ((uint64_t)cin << (bits - rc)) | shl_s(a, bits + 1 - rc)) & m;
            cf = (a >> (rc - 1)) & 1;
        }
        of = msb(o.r, bits) ^ msb(o.r << 1, bits);
        with_cf_of(&o, cf, of);
        break;
    }
    }
    return o;
}

static inline void sh_commit(struct cpu *c, const struct shout *o, unsigned bits, uint64_t a,
                             unsigned cnt)
{
    if (o->lf != LF_NONE)
        cpu_lf(c, (enum lf_op)o->lf, bits / 8, o->r, a, cnt);
    else if (o->rot)
        cpu_set_cf_of(c, o->cf, o->of); /* rotates keep SF ZF AF PF */
    else
        cpu_set_status(c, o->f);
}

/* Count 0: nothing changes, but a 32-bit register is still written (upper
 * half cleared) and a memory operand is still checked for writing, as the
 * instruction is a read-modify-write access either way. */
#define SH_ZERO(B, M, off, a)                               \
    do {                                                    \
        if (M)                                              \
            cpu_check_write(c, i->seg, (off), (B) / 8);     \
        else if ((B) == 32)                                 \
            SETR_32(c, i->rm, (uint32_t)(a));               \
    } while (0)

#define SH_E(name, K, B, M, CNT)                                       \
    static HANDLER(name)                                               \
    {                                                                  \
        unsigned cnt = (unsigned)(CNT) & ((B) == 64 ? 63 : 31);        \
        uint64_t off = E_OFF(M);                                       \
        UT(B) a = LOAD_E(B, M, off);                                   \
        if (!cnt) {                                                    \
            SH_ZERO(B, M, off, a);                                     \
            return;                                                    \
        }                                                              \
        struct shout o = sh_calc(c, K, B, a, cnt);                     \
        STORE_E(B, M, off, (UT(B))o.r);                                \
        sh_commit(c, &o, B, a, cnt);                                   \
    }

#define SH_V(p, K, CNT)                \
    SH_E(p##_r16, K, 16, 0, CNT)       \
    SH_E(p##_m16, K, 16, 1, CNT)       \
    SH_E(p##_r32, K, 32, 0, CNT)       \
    SH_E(p##_m32, K, 32, 1, CNT)       \
    SH_E(p##_r64, K, 64, 0, CNT)       \
    SH_E(p##_m64, K, 64, 1, CNT)

#define CNT_1 1
#define CNT_IB i->imm
#define CNT_CL cpu_get8(c, R_CX)

#define SH_FAMILY(p, K)                          \
    SH_E(p##_Eb1_r, K, 8, 0, CNT_1)              \
    SH_E(p##_Eb1_m, K, 8, 1, CNT_1)              \
    SH_V(p##_Ev1, K, CNT_1)                      \
    SH_E(p##_EbIb_r, K, 8, 0, CNT_IB)            \
    SH_E(p##_EbIb_m, K, 8, 1, CNT_IB)            \
    SH_V(p##_EvIb, K, CNT_IB)                    \
    SH_E(p##_EbCL_r, K, 8, 0, CNT_CL)            \
    SH_E(p##_EbCL_m, K, 8, 1, CNT_CL)            \
    SH_V(p##_EvCL, K, CNT_CL)

SH_FAMILY(rol, S_ROL)
SH_FAMILY(ror, S_ROR)
SH_FAMILY(rcl, S_RCL)
SH_FAMILY(rcr, S_RCR)
SH_FAMILY(shl, S_SHL)
SH_FAMILY(shr, S_SHR)
SH_FAMILY(sar, S_SAR)

/* SHLD/SHRD (SDM Vol.2 "SHLD", "SHRD"): dest is shifted, the vacated bits
 * come from the source register. CF is the last bit shifted out of dest;
 * OF as for SHL/SHR; SF ZF PF from the result; AF undefined, we give 0.
 * With a 16-bit operand and a count of 17..31 the result is undefined; we
 * model P6-and-later Intel CPUs (as Bochs does): the shift operates on the
 * 48-bit value dest:src:dest. */
static inline struct shout shd_calc(bool right, unsigned bits, uint64_t a, uint64_t b,
                                    unsigned cnt)
{
    struct shout o = {0, 0, LF_NONE, 0, 0, 0};
    uint64_t m = bmask(bits);
    unsigned cf, of;
    if (bits == 16) {
        uint64_t x = (a << 32) | (b << 16) | a;
        if (right) {
            o.r = (x >> cnt) & m;
            cf = (x >> (cnt - 1)) & 1;
        } else {
            o.r = (x >> (32 - cnt)) & m;
            cf = (x >> (48 - cnt)) & 1;
        }
    } else if (right) {
        o.r = ((a >> cnt) | (b << (bits - cnt))) & m;
        cf = (a >> (cnt - 1)) & 1;
    } else {
        o.r = ((a << cnt) | (b >> (bits - cnt))) & m;
        cf = (a >> (bits - cnt)) & 1;
    }
    if (right)
        of = msb(o.r, bits) ^ msb(o.r << 1, bits);
    else
        of = msb(o.r, bits) ^ cf;
    o.f = arith_szp(o.r, bits) | (cf ? F_CF : 0) | (of ? F_OF : 0);
    return o;
}

#define SHD_E(name, RIGHT, B, M, CNT)                                  \
    static HANDLER(name)                                               \
    {                                                                  \
        unsigned cnt = (unsigned)(CNT) & ((B) == 64 ? 63 : 31);        \
        uint64_t off = E_OFF(M);                                       \
        UT(B) a = LOAD_E(B, M, off);                                   \
        UT(B) b = GETR_##B(c, i->reg);                                 \
        if (!cnt) {                                                    \
            SH_ZERO(B, M, off, a);                                     \
            return;                                                    \
        }                                                              \
        struct shout o = shd_calc(RIGHT, B, a, b, cnt);                \
        STORE_E(B, M, off, (UT(B))o.r);                                \
        cpu_set_status(c, o.f);                                        \
    }

#define SHD_V(p, RIGHT, CNT)                \
    SHD_E(p##_r16, RIGHT, 16, 0, CNT)       \
    SHD_E(p##_m16, RIGHT, 16, 1, CNT)       \
    SHD_E(p##_r32, RIGHT, 32, 0, CNT)       \
    SHD_E(p##_m32, RIGHT, 32, 1, CNT)       \
    SHD_E(p##_r64, RIGHT, 64, 0, CNT)       \
    SHD_E(p##_m64, RIGHT, 64, 1, CNT)

SHD_V(shld_Ib, false, CNT_IB)
SHD_V(shld_CL, false, CNT_CL)
SHD_V(shrd_Ib, true, CNT_IB)
SHD_V(shrd_CL, true, CNT_CL)

#define REG_SH(P, p)                                              \
    do {                                                          \
        H_RM(IOP_##P##_Eb1, p##_Eb1_r, p##_Eb1_m);                \
        H_V(IOP_##P##_Ev1, p##_Ev1);                              \
        H_RM(IOP_##P##_EbIb, p##_EbIb_r, p##_EbIb_m);             \
        H_V(IOP_##P##_EvIb, p##_EvIb);                            \
        H_RM(IOP_##P##_EbCL, p##_EbCL_r, p##_EbCL_m);             \
        H_V(IOP_##P##_EvCL, p##_EvCL);                            \
    } while (0)

void cpu_register_shift(void)
{
    REG_SH(ROL, rol);
    REG_SH(ROR, ror);
    REG_SH(RCL, rcl);
    REG_SH(RCR, rcr);
    REG_SH(SHL, shl);
    REG_SH(SAL, shl); /* /6 is an alias of /4 (SHL) */
    REG_SH(SHR, shr);
    REG_SH(SAR, sar);
    H_V(IOP_SHLD_EvGvIb, shld_Ib);
    H_V(IOP_SHLD_EvGvCL, shld_CL);
    H_V(IOP_SHRD_EvGvIb, shrd_Ib);
    H_V(IOP_SHRD_EvGvCL, shrd_CL);
}
