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
/* cpu/flags.c: the six status flags.
 *
 * Arithmetic handlers record their flags with cpu_lf() (cpu/cpu.h) in two
 * words, the same encoding for every operation (the scheme of Bochs's
 * lazy_flags.h), so that reading a flag never depends on what set it:
 *
 *   lf.res  the result sign-extended to 64 bits:  ZF = (res == 0),
 *           SF = bit 63 of res XOR the sign delta (aux bit 0);
 *   lf.aux  bit 63: CF; bit 62: CF XOR OF; bit 3: AF;
 *           bits 8-15: parity delta, PF = even parity of
 *           (res ^ aux >> 8) & 0xFF; bit 0: sign delta.
 *
 * Additions and subtractions store their carry-out (borrow-out) vector
 * cout, bit k = carry out of bit k, from which CF = cout[w-1], OF =
 * cout[w-1] ^ cout[w-2] and AF = cout[3] (w = operand width). The deltas
 * are zero for every operation; cpu_set_status() uses them to encode
 * arbitrary flag combinations (ZF and SF both set, PF against the result).
 *
 * Per operation (SDM Vol.2, the instruction pages):
 *   ADD ADC SUB SBB NEG  all six from the result and the carry vector;
 *   AND OR XOR TEST      CF = OF = 0, AF = 0 (undefined in the SDM,
 *                        modern Intel CPUs clear it);
 *   INC DEC              CF kept, the others as ADD/SUB of 1;
 *   SHL SHR SAR          CF = the last bit shifted out; OF is defined for a
 *                        count of 1 only, larger counts apply the count-1
 *                        formula to the final result as Bochs does for
 *                        Intel CPUs (SHL: MSB(res) ^ CF; SHR: the two top
 *                        bits of res XORed; SAR: 0); AF = 0.
 */
#include "cpu/cpu.h"

static uint32_t status_flags(const struct cpu *c)
{
    /* each flag moved to its EFLAGS bit without branches */
    uint64_t aux = c->lf.aux, res = c->lf.res;
    uint32_t cf = (uint32_t)(aux >> LF_CF_BIT);
    uint32_t of = (uint32_t)((aux >> LF_CF_BIT) ^ (aux >> LF_PO_BIT)) & 1u;
    uint32_t sf = (uint32_t)((res >> 63) ^ aux) & 1u;
    return cf * F_CF | (uint32_t)cpu_pf(c) * F_PF | (uint32_t)(aux & LF_AF_MASK) * (F_AF / 8u) |
           (uint32_t)(res == 0) * F_ZF | sf * F_SF | of * F_OF;
}

uint32_t cpu_get_eflags(struct cpu *c)
{
    return (c->eflags & ~(uint32_t)F_STATUS) | status_flags(c) | F_1;
}

void cpu_set_status(struct cpu *c, uint32_t f)
{
    /* res = 0 for ZF, else 1; SF through the sign delta; PF through the
     * parity delta against the low byte of res */
    uint64_t low = (f & F_ZF) ? 0 : 1;
    uint64_t pdb = low ^ ((f & F_PF) ? 0 : 1);
    uint64_t cf = (f & F_CF) != 0, of = (f & F_OF) != 0;
    c->lf.res = low;
    c->lf.aux = lf_aux_cf_of(cf, of) | ((f & F_AF) ? LF_AF_MASK : 0) | (pdb << LF_PDB_SHIFT) |
                ((f & F_SF) ? LF_SD_MASK : 0);
    c->eflags &= ~(uint32_t)F_STATUS; /* only lf holds them */
}

/* Bits 3, 5, 15 and 22-31 are reserved and read as 0; bit 1 reads as 1
 * (SDM Vol.1 3.4.3). */
#define F_RESERVED (0xFFC00000u | (1u << 15) | (1u << 5) | (1u << 3))

void cpu_write_eflags(struct cpu *c, uint32_t v, uint32_t mask)
{
    /* when all six status flags are written (POPF, IRET), the current
     * ones need not be worked out */
    uint32_t cur = (mask & F_STATUS) == F_STATUS ? (c->eflags & ~(uint32_t)F_STATUS) | F_1
                                                 : cpu_get_eflags(c);
    cur = (cur & ~mask) | (v & mask);
    c->eflags = (cur & ~F_RESERVED) | F_1;
    cpu_set_status(c, c->eflags);
}

