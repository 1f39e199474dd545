/* cpu/arith.h: helpers shared by the arithmetic families (alu.c, shift.c,
 * muldiv.c, bcd.c, bitops.c).
 *
 * Handlers are generated per operand size by macros; these helpers let a
 * macro name the accessor of a size by pasting the bit width:
 * UT(16) is uint16_t, GETR_16 reads a 16-bit register, RDM_16 reads memory.
 */
#ifndef EMU_CPU_ARITH_H
#define EMU_CPU_ARITH_H

#include "cpu/handlers.h"

#define UT(B) uint##B##_t
#define ST(B) int##B##_t

#define GETR_8(c, r) cpu_get8((c), (r))
#define GETR_16(c, r) cpu_get16((c), (r))
#define GETR_32(c, r) cpu_get32((c), (r))
#define GETR_64(c, r) cpu_get64((c), (r))
#define SETR_8(c, r, v) cpu_set8((c), (r), (v))
#define SETR_16(c, r, v) cpu_set16((c), (r), (v))
#define SETR_32(c, r, v) cpu_set32((c), (r), (v)) /* zero-extends to 64 */
#define SETR_64(c, r, v) cpu_set64((c), (r), (v))
#define RDM_8(c, s, o) cpu_read8((c), (s), (o))
#define RDM_16(c, s, o) cpu_read16((c), (s), (o))
#define RDM_32(c, s, o) cpu_read32((c), (s), (o))
#define RDM_64(c, s, o) cpu_read64((c), (s), (o))
#define WRM_8(c, s, o, v) cpu_write8((c), (s), (o), (v))
#define WRM_16(c, s, o, v) cpu_write16((c), (s), (o), (v))
#define WRM_32(c, s, o, v) cpu_write32((c), (s), (o), (v))
#define WRM_64(c, s, o, v) cpu_write64((c), (s), (o), (v))

/* Sign bit and parity of a result, for handlers that compute flags eagerly. */
static inline uint64_t arith_sign(unsigned bits)
{
    return 1ull << (bits - 1);
}
static inline uint32_t arith_szp(uint64_t res, unsigned bits)
{
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint32_t f = 0;
    if ((res & m) == 0)
        f |= F_ZF;
    if (res & arith_sign(bits))
        f |= F_SF;
    if (!(__builtin_popcount((unsigned)(res & 0xFF)) & 1))
        f |= F_PF;
    return f;
}

/* The r/m operand of a handler generated for memory (M = 1) or register
 * (M = 0) forms; M is a constant, so the untaken branch disappears.
 * E_OFF evaluates the effective address once, before any access. */
#define E_OFF(M) ((M) ? cpu_ea(c, i) : 0)
#define LOAD_E(B, M, off) ((M) ? RDM_##B(c, i->seg, (off)) : GETR_##B(c, i->rm))
#define STORE_E(B, M, off, v)                   \
    do {                                        \
        if (M)                                  \
            WRM_##B(c, i->seg, (off), (v));     \
        else                                    \
            SETR_##B(c, i->rm, (v));            \
    } while (0)

/* Generates the six size variants p##_r16 .. p##_m64 of a handler body
 * macro M(name, B, is_mem). */
#define GEN_V(M, p)      \
    M(p##_r16, 16, 0)    \
    M(p##_m16, 16, 1)    \
    M(p##_r32, 32, 0)    \
    M(p##_m32, 32, 1)    \
    M(p##_r64, 64, 0)    \
    M(p##_m64, 64, 1)

#endif
