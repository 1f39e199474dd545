/* cpu/bitops.c: BT BTS BTR BTC, BSF BSR, SETcc, CMOVcc, BSWAP, POPCNT. */
#include "cpu/arith.h"

static inline int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* ---- BT/BTS/BTR/BTC ----
 * SDM Vol.2 "BT": CF = the selected bit; ZF unchanged; OF SF AF PF are
 * undefined and we leave them unchanged (as Bochs does). With a register
 * bit offset and a memory operand the offset is a signed integer that may
 * reach outside the operand: the operand-sized word at
 * EA + size * floor(offset / bits) is accessed (SDM Vol.2 "BT", Table 3-2
 * and the bit-string addressing of Vol.1 3.5.1). */
enum bt_kind { B_BT, B_BTS, B_BTR, B_BTC };

static inline uint64_t bt_apply(enum bt_kind k, uint64_t v, uint64_t m)
{
    switch (k) {
    case B_BTS: return v | m;
    case B_BTR: return v & ~m;
    case B_BTC: return v ^ m;
    default: return v;
    }
}

static inline void bt_flags(struct cpu *c, bool bit)
{
    cpu_set_cf(c, bit);
}

static inline unsigned log2bits(unsigned bits)
{
    return bits == 16 ? 4 : bits == 32 ? 5 : 6;
}

/* Register bit offset (0F A3/AB/B3/BB). */
#define BT_G(name, K, B, M)                                                   \
    static HANDLER(name)                                                      \
    {                                                                         \
        UT(B) src = GETR_##B(c, i->reg);                                      \
        uint64_t off = 0;                                                     \
        if (M) {                                                              \
            int64_t w = sext(src, B) >> log2bits(B);                          \
            off = (cpu_ea(c, i) + (uint64_t)w * ((B) / 8)) & i->amask;        \
        }                                                                     \
        UT(B) v = LOAD_E(B, M, off);                                          \
        UT(B) m = (UT(B))((UT(B))1 << (src & ((B) - 1)));                     \
        if ((K) != B_BT)                                                      \
            STORE_E(B, M, off, (UT(B))bt_apply(K, v, m));                     \
        bt_flags(c, (v & m) != 0);                                            \
    }

/* Immediate bit offset (0F BA /4-/7): taken modulo the operand width. */
#define BT_I(name, K, B, M)                                                   \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) v = LOAD_E(B, M, off);                                          \
        UT(B) m = (UT(B))((UT(B))1 << (i->imm & ((B) - 1)));                  \
        if ((K) != B_BT)                                                      \
            STORE_E(B, M, off, (UT(B))bt_apply(K, v, m));                     \
        bt_flags(c, (v & m) != 0);                                            \
    }

#define BT_G_BT(n, B, M) BT_G(n, B_BT, B, M)
#define BT_G_BTS(n, B, M) BT_G(n, B_BTS, B, M)
#define BT_G_BTR(n, B, M) BT_G(n, B_BTR, B, M)
#define BT_G_BTC(n, B, M) BT_G(n, B_BTC, B, M)
#define BT_I_BT(n, B, M) BT_I(n, B_BT, B, M)
#define BT_I_BTS(n, B, M) BT_I(n, B_BTS, B, M)
#define BT_I_BTR(n, B, M) BT_I(n, B_BTR, B, M)
#define BT_I_BTC(n, B, M) BT_I(n, B_BTC, B, M)
GEN_V(BT_G_BT, bt_G)
GEN_V(BT_G_BTS, bts_G)
GEN_V(BT_G_BTR, btr_G)
GEN_V(BT_G_BTC, btc_G)
GEN_V(BT_I_BT, bt_I)
GEN_V(BT_I_BTS, bts_I)
GEN_V(BT_I_BTR, btr_I)
GEN_V(BT_I_BTC, btc_I)

/* ---- BSF/BSR ----
 * SDM Vol.2 "BSF", "BSR": a zero source sets ZF and leaves the destination
 * unchanged (the whole register: no zero-extension either, as on AMD's
 * documented behaviour and Bochs). Otherwise ZF = 0; CF OF SF AF PF are
 * undefined: like Bochs we give CF = OF = AF = 0 and SF, PF from the index. */
#define BSX(name, REV, B, M)                                                  \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) s = LOAD_E(B, M, off);                                          \
        if (s == 0) {                                                         \
            cpu_set_status(c, cpu_get_eflags(c) | F_ZF);                      \
            return;                                                           \
        }                                                                     \
        unsigned idx = REV ? 63u - (unsigned)__builtin_clzll(s)               \
                           : (unsigned)__builtin_ctzll(s);                    \
        SETR_##B(c, i->reg, (UT(B))idx);                                      \
        cpu_set_status(c, arith_szp(idx, B) & ~(uint32_t)F_ZF);               \
    }
#define BSF_V(n, B, M) BSX(n, 0, B, M)
#define BSR_V(n, B, M) BSX(n, 1, B, M)
GEN_V(BSF_V, bsf)
GEN_V(BSR_V, bsr)

/* ---- SETcc Eb: condition in the low nibble of the opcode ---- */
static HANDLER(setcc_r)
{
    cpu_set8(c, i->rm, cpu_cond(c, i->opcode & 15));
}
static HANDLER(setcc_m)
{
    cpu_write8(c, i->seg, cpu_ea(c, i), cpu_cond(c, i->opcode & 15));
}

/* ---- CMOVcc Gv,Ev ----
 * The source is read whatever the condition (a memory source may fault).
 * A 32-bit CMOV writes its destination even when the condition is false,
 * so the upper half is cleared in 64-bit mode (SDM Vol.2 "CMOVcc"). */
#define CMOV(name, B, M)                                                      \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) s = LOAD_E(B, M, off);                                          \
        if (cpu_cond(c, i->opcode & 15))                                      \
            SETR_##B(c, i->reg, s);                                           \
        else if ((B) == 32)                                                   \
            SETR_##B(c, i->reg, GETR_##B(c, i->reg));                         \
    }
GEN_V(CMOV, cmov)

/* ---- BSWAP ----
 * With a 16-bit operand the result is undefined (SDM Vol.2 "BSWAP"); Intel
 * CPUs clear the low word, the rest of the register is kept. */
static HANDLER(bswap16)
{
    cpu_set16(c, i->reg, 0);
}
static HANDLER(bswap32)
{
    cpu_set32(c, i->reg, __builtin_bswap32(cpu_get32(c, i->reg)));
}
static HANDLER(bswap64)
{
    cpu_set64(c, i->reg, __builtin_bswap64(cpu_get64(c, i->reg)));
}

/* ---- POPCNT: ZF = (source == 0), OF SF AF CF PF cleared ---- */
#define POPCNT(name, B, M)                                                    \
    static HANDLER(name)                                                      \
    {                                                                         \
        uint64_t off = E_OFF(M);                                              \
        UT(B) s = LOAD_E(B, M, off);                                          \
        SETR_##B(c, i->reg, (UT(B))__builtin_popcountll(s));                  \
        cpu_set_status(c, s == 0 ? F_ZF : 0);                                 \
    }
GEN_V(POPCNT, popcnt)

void cpu_register_bitops(void)
{
    H_V(IOP_BT_EvGv, bt_G);
    H_V(IOP_BTS_EvGv, bts_G);
    H_V(IOP_BTR_EvGv, btr_G);
    H_V(IOP_BTC_EvGv, btc_G);
    H_V(IOP_BT_EvIb, bt_I);
    H_V(IOP_BTS_EvIb, bts_I);
    H_V(IOP_BTR_EvIb, btr_I);
    H_V(IOP_BTC_EvIb, btc_I);
    H_V(IOP_BSF_GvEv, bsf);
    H_V(IOP_BSR_GvEv, bsr);
    H_RM(IOP_SETCC_Eb, setcc_r, setcc_m);
    H_V(IOP_CMOVCC_GvEv, cmov);
    H_S(IOP_BSWAP_Zy, bswap);
    H_V(IOP_POPCNT_GvEv, popcnt);
}
