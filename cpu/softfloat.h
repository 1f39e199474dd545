/* cpu/softfloat.h: emu's own software floating point.
 *
 * Every x87 (and later SSE) result is computed here with integer arithmetic
 * only, so that emu gives the same bits on every host. Values are the
 * architectural encodings: sf_x80 is the 80-bit double extended format
 * (SDM Vol.1 4.2.2: 64-bit significand with an explicit integer bit,
 * 15-bit exponent biased by 16383), float32/float64 are plain uint32_t /
 * uint64_t bit patterns.
 *
 * Each operation takes a struct sf_env: the rounding mode, the precision
 * (x87 precision control), the exception masks and the SSE modes in, the
 * exception flags and the x87 C1 "rounded up" bit out. Flags accumulate
 * (the caller clears them). The masks matter for results: an unmasked
 * numeric overflow or underflow delivers the x87 bias-adjusted result
 * (SDM Vol.1 8.5.4.2, 8.5.5.2) to a register destination.
 *
 * NaN rules: the sf_x80_* functions follow the x87 column of SDM Vol.1
 * Table 4-7; the sf_f32_* / sf_f64_* arithmetic follows the SSE column
 * (first operand wins), with DAZ and FTZ from the env (SDM Vol.1 10.2.3.4).
 */
#ifndef EMU_CPU_SOFTFLOAT_H
#define EMU_CPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    uint64_t sig; /* significand, bit 63 = explicit integer bit */
    uint16_t se;  /* bit 15 sign, bits 14:0 biased exponent */
} sf_x80;

/* Exception flags and masks, in the bit order of the x87 status/control
 * words and of MXCSR (SDM Vol.1 8.1.3, 8.1.5, 10.2.3). */
enum {
    SF_IE = 0x01, SF_DE = 0x02, SF_ZE = 0x04, SF_OE = 0x08, SF_UE = 0x10, SF_PE = 0x20,
    SF_ALL = 0x3F,
};
/* Rounding control, x87 RC / MXCSR RC encoding (SDM Vol.1 Table 4-8). */
enum { SF_RC_NEAR = 0, SF_RC_DOWN = 1, SF_RC_UP = 2, SF_RC_ZERO = 3 };
/* Precision control, x87 PC encoding (SDM Vol.1 Table 8-2). */
enum { SF_PC_24 = 0, SF_PC_53 = 2, SF_PC_64 = 3 };

struct sf_env {
    uint8_t rc;    /* SF_RC_* */
    uint8_t pc;    /* SF_PC_*: precision of sf_x80 arithmetic results */
    uint8_t masks; /* SF_* bits set = exception masked */
    uint8_t flags; /* SF_* raised (accumulated) */
    bool c1;       /* x87 C1: the last rounded result was rounded up in magnitude */
    bool daz, ftz; /* SSE: denormal operands are zero, flush tiny results */
};

/* Compare results (x87 condition codes are derived by the caller). */
enum { SF_LT = 0, SF_EQ = 1, SF_GT = 2, SF_UN = 3 };

/* Classes of an extended value (FXAM, tags, operand checks). */
enum sf_class {
    SF_C_ZERO, SF_C_NORMAL, SF_C_DENORMAL, SF_C_PSEUDODENORMAL, SF_C_INF,
    SF_C_QNAN, SF_C_SNAN, SF_C_UNSUPPORTED,
};
enum sf_class sf_x80_class(sf_x80 a);
static inline bool sf_x80_sign(sf_x80 a) { return a.se >> 15; }
static inline sf_x80 sf_x80_make(bool sign, uint16_t exp, uint64_t sig)
{
    return (sf_x80){sig, (uint16_t)((sign ? 0x8000u : 0) | (exp & 0x7FFFu))};
}
/* The QNaN floating-point indefinite (SDM Vol.1 4.8.3.7). */
#define SF_X80_INDEFINITE ((sf_x80){0xC000000000000000ull, 0xFFFF})

/* ---- x87 arithmetic: results rounded to env->pc precision ---- */
sf_x80 sf_x80_add(struct sf_env *e, sf_x80 a, sf_x80 b);
sf_x80 sf_x80_sub(struct sf_env *e, sf_x80 a, sf_x80 b);
sf_x80 sf_x80_mul(struct sf_env *e, sf_x80 a, sf_x80 b);
sf_x80 sf_x80_div(struct sf_env *e, sf_x80 a, sf_x80 b);
sf_x80 sf_x80_sqrt(struct sf_env *e, sf_x80 a);
/* Round to an integral value with env->rc (FRNDINT). */
sf_x80 sf_x80_round_int(struct sf_env *e, sf_x80 a);
/* a * 2^trunc(b) (FSCALE). */
sf_x80 sf_x80_scale(struct sf_env *e, sf_x80 a, sf_x80 b);
/* Partial remainder (FPREM: nearest = false; FPREM1: true). *q receives
 * the low bits of the quotient, *incomplete is set when the reduction is
 * partial (SDM Vol.2 FPREM/FPREM1). */
sf_x80 sf_x80_rem(struct sf_env *e, sf_x80 a, sf_x80 b, bool nearest, uint64_t *q,
                  bool *incomplete);
/* FXTRACT: *sig gets the significand (exponent 0), return the exponent. */
sf_x80 sf_x80_extract(struct sf_env *e, sf_x80 a, sf_x80 *sig);
/* Comparison. quiet: only SNaN raises IE (FUCOM); otherwise any NaN does. */
int sf_x80_compare(struct sf_env *e, sf_x80 a, sf_x80 b, bool quiet);
/* A register operand check used by moves and FCHS-like operations:
 * IE for SNaN/unsupported returns true and gives the masked result. */

/* ---- conversions ---- */
sf_x80 sf_x80_from_i64(int64_t v);
/* To a signed integer of bits 16/32/64, rounding with env->rc or
 * truncating; out of range or NaN: IE and the integer indefinite. */
int64_t sf_x80_to_int(struct sf_env *e, sf_x80 a, unsigned bits, bool truncate);
sf_x80 sf_x80_from_f32(struct sf_env *e, uint32_t f);
sf_x80 sf_x80_from_f64(struct sf_env *e, uint64_t f);
/* Exact widening for arithmetic operands: no flags; *den tells a denormal
 * (the caller decides on DE), an SNaN stays signaling (the operation then
 * raises IE and picks the NaN). */
sf_x80 sf_x80_widen_f32(uint32_t f, bool *den);
sf_x80 sf_x80_widen_f64(uint64_t f, bool *den);
uint32_t sf_x80_to_f32(struct sf_env *e, sf_x80 a);
uint64_t sf_x80_to_f64(struct sf_env *e, sf_x80 a);
/* Rounds an extended value to env->pc precision keeping the exponent range
 * (used by loads of constants and by the transcendental code). */
sf_x80 sf_x80_round_prec(struct sf_env *e, sf_x80 a);
/* Packed BCD, 10 bytes little-endian (SDM Vol.1 4.7). */
sf_x80 sf_x80_from_bcd(const uint8_t bcd[10]);
void sf_x80_to_bcd(struct sf_env *e, sf_x80 a, uint8_t bcd[10]);

/* ---- building blocks for the transcendental code (cpu/fpu_trans.c) ---- */
/* Rounds sign * m / 2^127 * 2^(exp - 16383) (m != 0, any bit position) to
 * prec_bits (24, 53, 64) into the extended format, with every flag and the
 * x87 masked/unmasked over- and underflow responses. */
sf_x80 sf_x80_round_pack(struct sf_env *e, bool sign, int32_t exp, unsigned __int128 m,
                         unsigned prec_bits);
/* Quiets a NaN, raising IE for an SNaN; picks the x87 result of two
 * operands of which at least one is a NaN (Table 4-7). */
sf_x80 sf_x80_propagate_nan(struct sf_env *e, sf_x80 a, sf_x80 b);
/* true for SNaN/QNaN */
bool sf_x80_is_nan(sf_x80 a);

/* ---- float32/float64 arithmetic with the SSE rules ---- */
uint32_t sf_f32_add(struct sf_env *e, uint32_t a, uint32_t b);
uint32_t sf_f32_sub(struct sf_env *e, uint32_t a, uint32_t b);
uint32_t sf_f32_mul(struct sf_env *e, uint32_t a, uint32_t b);
uint32_t sf_f32_div(struct sf_env *e, uint32_t a, uint32_t b);
uint32_t sf_f32_sqrt(struct sf_env *e, uint32_t a);
uint64_t sf_f64_add(struct sf_env *e, uint64_t a, uint64_t b);
uint64_t sf_f64_sub(struct sf_env *e, uint64_t a, uint64_t b);
uint64_t sf_f64_mul(struct sf_env *e, uint64_t a, uint64_t b);
uint64_t sf_f64_div(struct sf_env *e, uint64_t a, uint64_t b);
uint64_t sf_f64_sqrt(struct sf_env *e, uint64_t a);

#endif
