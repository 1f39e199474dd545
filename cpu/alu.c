/* cpu/alu.c: ADD OR ADC SBB AND SUB XOR CMP, TEST, INC/DEC, NOT/NEG.
 *
 * Every form is generated per operand size by macros. Read-modify-write
 * forms read the operand, compute, write, and only then record the lazy
 * flags: the write may fault, and a faulting instruction must leave flags
 * and registers as they were.
 */
#include "cpu/arith.h"

enum alu_kind { K_ADD, K_OR, K_ADC, K_SBB, K_AND, K_SUB, K_XOR, K_CMP, K_TEST };

static const uint8_t alu_lfop[] = {
    [K_ADD] = LF_ADD, [K_OR] = LF_LOGIC, [K_ADC] = LF_ADC, [K_SBB] = LF_SBB,
    [K_AND] = LF_LOGIC, [K_SUB] = LF_SUB, [K_XOR] = LF_LOGIC, [K_CMP] = LF_SUB,
    [K_TEST] = LF_LOGIC,
};

/* k is a constant in every caller, so these fold to one operation. */
static inline unsigned alu_cin(struct cpu *c, enum alu_kind k)
{
    return (k == K_ADC || k == K_SBB) ? cpu_cf(c) : 0;
}

static inline uint64_t alu_calc(enum alu_kind k, uint64_t a, uint64_t b, unsigned cin)
{
    switch (k) {
    case K_ADD: return a + b;
    case K_OR: return a | b;
    case K_ADC: return a + b + cin;
    case K_SBB: return a - b - cin;
    case K_AND: case K_TEST: return a & b;
    case K_SUB: case K_CMP: return a - b;
    case K_XOR: return a ^ b;
    }
    return 0;
}

static inline bool alu_writes(enum alu_kind k)
{
    return k != K_CMP && k != K_TEST;
}

static inline __attribute__((always_inline)) void alu_flags(struct cpu *c, enum alu_kind k, unsigned bits, uint64_t r,
                             uint64_t a, uint64_t b, unsigned cin)
{
    (void)cin; /* ADC/SBB: already in r */
    cpu_lf(c, (enum lf_op)alu_lfop[k], bits / 8, r, a, b);
}

/* Memory forms come in two parts: the handler, which works on a host
 * pointer when the inline segment and TLB checks give one
 * (cpu_host_ptr: a read-modify-write asks for write access, which
 * implies read access), and a _slow twin with the full checked accessors
 * that it tail-calls otherwise. Nothing has changed when it hands over. */
#define HP_LOAD(B, p) ({ UT(B) v_; __builtin_memcpy(&v_, (p), sizeof v_); v_; })
#define HP_STORE(B, p, v) do { UT(B) v_ = (v); __builtin_memcpy((p), &v_, sizeof v_); } while (0)

/* The operation with operands A and BV (evaluated in that order): the
 * result r written back by WB unless the kind only sets flags, then the
 * flags. */
#define ALU_OP(K, B, A, BV, WB)                                        \
        UT(B) a = (A);                                                 \
        UT(B) b = (BV);                                                \
        unsigned cin = alu_cin(c, K);                                  \
        UT(B) r = (UT(B))alu_calc(K, a, b, cin);                       \
        if (alu_writes(K)) {                                           \
            WB;                                                        \
        }                                                              \
        alu_flags(c, K, B, r, a, b, cin);

/* A memory form on the host pointer p (write access when WR), its
 * checked path SLOW, then TAIL (nothing, or the chain to the next record). */
#define ALU_MEM_FAST_(NAME, K, B, EA, WR, A, BV, WB, SLOW, TAIL)      \
    static void NAME(struct cpu *c, const struct insn *i)              \
    {                                                                  \
        uint8_t *p = cpu_host_ptr(c, i->seg, EA, B / 8, WR);           \
        if (__builtin_expect(!p, 0)) {                                 \
            SLOW(c, i);                                                \
            return;                                                    \
        }                                                              \
        ALU_OP(K, B, A, BV, WB)                                        \
        TAIL                                                           \
    }
/* ... as a plain/chained pair */
#define ALU_MEM_PAIR(NAME, name, K, B, EA, WR, A, BV, WB)              \
    ALU_MEM_FAST_(NAME, K, B, EA, WR, A, BV, WB, name##_slow, )        \
    ALU_MEM_FAST_(NAME##_ch_, K, B, EA, WR, A, BV, WB, name##_slow_next, CPU_CHAIN_NEXT(c, i);) \
    CHAIN_PAIR(NAME)
/* Form F's memory handler: the checked twin, and fast pairs for any
 * address and for base + displacement. */
#define ALU_MEM_1(F, name, K, B)                                       \
    static SLOW_HANDLER(name##_slow) { ALU_##F##_BODY(K, B, 1) }       \
    SLOW_NEXT(name##_slow)                                             \
    ALU_##F##_FAST(name, name, K, B, cpu_ea(c, i))                     \
    ALU_##F##_FAST(name##_bd, name, K, B, cpu_ea_bd(c, i))

/* E op= G (00, 01, 08, ... 38, 39; TEST 84/85) */
#define ALU_EG_BODY(K, B, M)                                           \
        uint64_t off = E_OFF(M);                                       \
        ALU_OP(K, B, LOAD_E(B, M, off), GETR_##B(c, i->reg), STORE_E(B, M, off, r))
#define ALU_EG_FAST(NAME, name, K, B, EA)                              \
    ALU_MEM_PAIR(NAME, name, K, B, EA, alu_writes(K), HP_LOAD(B, p), GETR_##B(c, i->reg), \
                 HP_STORE(B, p, r))
#define ALU_EG(name, K, B, M) ALU_EG_##M(name, K, B)
#define ALU_EG_0(name, K, B) static HANDLER(name) { ALU_EG_BODY(K, B, 0) }
#define ALU_EG_1(name, K, B) ALU_MEM_1(EG, name, K, B)

/* G op= E (02, 03, ... 3A, 3B) */
#define ALU_GE_BODY(K, B, M)                                           \
        uint64_t off = E_OFF(M);                                       \
        ALU_OP(K, B, GETR_##B(c, i->reg), LOAD_E(B, M, off), SETR_##B(c, i->reg, r))
#define ALU_GE_FAST(NAME, name, K, B, EA)                              \
    ALU_MEM_PAIR(NAME, name, K, B, EA, false, GETR_##B(c, i->reg), HP_LOAD(B, p), \
                 SETR_##B(c, i->reg, r))
#define ALU_GE(name, K, B, M) ALU_GE_##M(name, K, B)
#define ALU_GE_0(name, K, B) static HANDLER(name) { ALU_GE_BODY(K, B, 0) }
#define ALU_GE_1(name, K, B) ALU_MEM_1(GE, name, K, B)

/* E op= imm (80, 81, 82, 83; TEST F6/0 F7/0) */
#define ALU_EI_BODY(K, B, M)                                           \
        uint64_t off = E_OFF(M);                                       \
        ALU_OP(K, B, LOAD_E(B, M, off), (UT(B))i->imm, STORE_E(B, M, off, r))
#define ALU_EI_FAST(NAME, name, K, B, EA)                              \
    ALU_MEM_PAIR(NAME, name, K, B, EA, alu_writes(K), HP_LOAD(B, p), (UT(B))i->imm, \
                 HP_STORE(B, p, r))
#define ALU_EI(name, K, B, M) ALU_EI_##M(name, K, B)
#define ALU_EI_0(name, K, B) static HANDLER(name) { ALU_EI_BODY(K, B, 0) }
#define ALU_EI_1(name, K, B) ALU_MEM_1(EI, name, K, B)

/* AL/rAX op= imm (04, 05, ... 3C, 3D; TEST A8/A9) */
#define ALU_AI(name, K, B)                                             \
    static HANDLER(name) { ALU_OP(K, B, GETR_##B(c, R_AX), (UT(B))i->imm, SETR_##B(c, R_AX, r)) }

#define ALU_EG_V(name, B, M) ALU_EG(name, KIND, B, M)
#define ALU_GE_V(name, B, M) ALU_GE(name, KIND, B, M)
#define ALU_EI_V(name, B, M) ALU_EI(name, KIND, B, M)

/* All forms of one operation; KIND is redefined before each use. */
#define ALU_FAMILY(p)                  \
    ALU_EG(p##_EbGb_r, KIND, 8, 0)     \
    ALU_EG(p##_EbGb_m, KIND, 8, 1)     \
    GEN_V(ALU_EG_V, p##_EvGv)          \
    ALU_GE(p##_GbEb_r, KIND, 8, 0)     \
    ALU_GE(p##_GbEb_m, KIND, 8, 1)     \
    GEN_V(ALU_GE_V, p##_GvEv)          \
    ALU_EI(p##_EbIb_r, KIND, 8, 0)     \
    ALU_EI(p##_EbIb_m, KIND, 8, 1)     \
    GEN_V(ALU_EI_V, p##_EvI)           \
    ALU_AI(p##_ALIb, KIND, 8)          \
    ALU_AI(p##_rAXIz16, KIND, 16)      \
    ALU_AI(p##_rAXIz32, KIND, 32)      \
    ALU_AI(p##_rAXIz64, KIND, 64)

#define KIND K_ADD
ALU_FAMILY(add)
#undef KIND
#define KIND K_OR
ALU_FAMILY(or)
#undef KIND
#define KIND K_ADC
ALU_FAMILY(adc)
#undef KIND
#define KIND K_SBB
ALU_FAMILY(sbb)
#undef KIND
#define KIND K_AND
ALU_FAMILY(and)
#undef KIND
#define KIND K_SUB
ALU_FAMILY(sub)
#undef KIND
#define KIND K_XOR
ALU_FAMILY(xor)
#undef KIND
#define KIND K_CMP
ALU_FAMILY(cmp)
#undef KIND

/* TEST has only the E,G / E,imm / A,imm forms. */
#define KIND K_TEST
ALU_EG(test_EbGb_r, KIND, 8, 0)
ALU_EG(test_EbGb_m, KIND, 8, 1)
GEN_V(ALU_EG_V, test_EvGv)
ALU_EI(test_EbIb_r, KIND, 8, 0)
ALU_EI(test_EbIb_m, KIND, 8, 1)
GEN_V(ALU_EI_V, test_EvI)
ALU_AI(test_ALIb, KIND, 8)
ALU_AI(test_rAXIz16, KIND, 16)
ALU_AI(test_rAXIz32, KIND, 32)
ALU_AI(test_rAXIz64, KIND, 64)
#undef KIND

/* INC/DEC: CF is preserved (SDM Vol.2 INC, DEC), so the record keeps it. */
#define INCDEC_E(name, DEC, B, M)                                      \
    static HANDLER(name)                                               \
    {                                                                  \
        uint64_t off = E_OFF(M);                                       \
        UT(B) a = LOAD_E(B, M, off);                                   \
        UT(B) r = (UT(B))(DEC ? (uint64_t)a - 1 : (uint64_t)a + 1);    \
        STORE_E(B, M, off, r);                                         \
        cpu_lf(c, DEC ? LF_DEC : LF_INC, B / 8, r, a, 1);              \
    }
#define INCDEC_Z(name, DEC, B)                                         \
    static HANDLER(name)                                               \
    {                                                                  \
        UT(B) a = GETR_##B(c, i->reg);                                 \
        UT(B) r = (UT(B))(DEC ? (uint64_t)a - 1 : (uint64_t)a + 1);    \
        SETR_##B(c, i->reg, r);                                        \
        cpu_lf(c, DEC ? LF_DEC : LF_INC, B / 8, r, a, 1);              \
    }
#define INC_V(name, B, M) INCDEC_E(name, 0, B, M)
#define DEC_V(name, B, M) INCDEC_E(name, 1, B, M)
INCDEC_E(inc_Eb_r, 0, 8, 0)
INCDEC_E(inc_Eb_m, 0, 8, 1)
INCDEC_E(dec_Eb_r, 1, 8, 0)
INCDEC_E(dec_Eb_m, 1, 8, 1)
GEN_V(INC_V, inc_Ev)
GEN_V(DEC_V, dec_Ev)
INCDEC_Z(inc_Zv16, 0, 16)
INCDEC_Z(inc_Zv32, 0, 32)
INCDEC_Z(inc_Zv64, 0, 64)
INCDEC_Z(dec_Zv16, 1, 16)
INCDEC_Z(dec_Zv32, 1, 32)
INCDEC_Z(dec_Zv64, 1, 64)

/* NOT changes no flags; NEG sets CF unless the operand was 0. */
#define NOT_E(name, B, M)                                              \
    static HANDLER(name)                                               \
    {                                                                  \
        uint64_t off = E_OFF(M);                                       \
        UT(B) a = LOAD_E(B, M, off);                                   \
        STORE_E(B, M, off, (UT(B))~a);                                 \
    }
#define NEG_E(name, B, M)                                              \
    static HANDLER(name)                                               \
    {                                                                  \
        uint64_t off = E_OFF(M);                                       \
        UT(B) a = LOAD_E(B, M, off);                                   \
        UT(B) r = (UT(B))(0 - (uint64_t)a);                            \
        STORE_E(B, M, off, r);                                         \
        cpu_lf(c, LF_NEG, B / 8, r, a, 0);                             \
    }
NOT_E(not_Eb_r, 8, 0)
NOT_E(not_Eb_m, 8, 1)
GEN_V(NOT_E, not_Ev)
NEG_E(neg_Eb_r, 8, 0)
NEG_E(neg_Eb_m, 8, 1)
GEN_V(NEG_E, neg_Ev)

#define REG_FAMILY(P, p)                                         \
    do {                                                         \
        H_RM(IOP_##P##_EbGb, p##_EbGb_r, p##_EbGb_m);            \
        H_V(IOP_##P##_EvGv, p##_EvGv);                           \
        H_RM(IOP_##P##_GbEb, p##_GbEb_r, p##_GbEb_m);            \
        H_V(IOP_##P##_GvEv, p##_GvEv);                           \
        H_ONE(IOP_##P##_ALIb, p##_ALIb);                         \
        H_S(IOP_##P##_rAXIz, p##_rAXIz);                         \
        H_RM(IOP_##P##_EbIb, p##_EbIb_r, p##_EbIb_m);            \
        H_RM(IOP_##P##_EbIb_82, p##_EbIb_r, p##_EbIb_m);         \
        H_V(IOP_##P##_EvIz, p##_EvI);                            \
        H_V(IOP_##P##_EvIb, p##_EvI);                            \
        H_BD(p##_EbGb_m);                                        \
        H_BD_V(p##_EvGv);                                        \
        H_BD(p##_GbEb_m);                                        \
        H_BD_V(p##_GvEv);                                        \
        H_BD(p##_EbIb_m);                                        \
        H_BD_V(p##_EvI);                                         \
    } while (0)

void cpu_register_alu(void)
{
    REG_FAMILY(ADD, add);
    REG_FAMILY(OR, or);
    REG_FAMILY(ADC, adc);
    REG_FAMILY(SBB, sbb);
    REG_FAMILY(AND, and);
    REG_FAMILY(SUB, sub);
    REG_FAMILY(XOR, xor);
    REG_FAMILY(CMP, cmp);

    H_RM(IOP_TEST_EbGb, test_EbGb_r, test_EbGb_m);
    H_V(IOP_TEST_EvGv, test_EvGv);
    H_ONE(IOP_TEST_ALIb, test_ALIb);
    H_S(IOP_TEST_rAXIz, test_rAXIz);
    H_RM(IOP_TEST_EbIb, test_EbIb_r, test_EbIb_m);
    H_RM(IOP_TEST1_EbIb, test_EbIb_r, test_EbIb_m); /* F6 /1 aliases /0 */
    H_V(IOP_TEST_EvIz, test_EvI);
    H_V(IOP_TEST1_EvIz, test_EvI);
    H_BD(test_EbGb_m);
    H_BD_V(test_EvGv);
    H_BD(test_EbIb_m);
    H_BD_V(test_EvI);

    H_RM(IOP_INC_Eb, inc_Eb_r, inc_Eb_m);
    H_RM(IOP_DEC_Eb, dec_Eb_r, dec_Eb_m);
    H_V(IOP_INC_Ev, inc_Ev);
    H_V(IOP_DEC_Ev, dec_Ev);
    H_S(IOP_INC_Zv, inc_Zv);
    H_S(IOP_DEC_Zv, dec_Zv);

    H_RM(IOP_NOT_Eb, not_Eb_r, not_Eb_m);
    H_V(IOP_NOT_Ev, not_Ev);
    H_RM(IOP_NEG_Eb, neg_Eb_r, neg_Eb_m);
    H_V(IOP_NEG_Ev, neg_Ev);
}
