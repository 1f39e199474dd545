/* cpu/simd.h: helpers shared by the MMX and SSE instruction files
 * (mmx.c, sse_int.c, sse_fp.c, sse_mov.c, sse_str.c, sse_float.c).
 *
 * Register access, the checks every MMX/SSE instruction makes before it
 * runs (SDM Vol.3 2.5 and 13.1-13.4, Vol.2 chapter 2 exception classes),
 * 128-bit memory operands with the legacy-SSE alignment rule, and the
 * MXCSR <-> soft-float environment.
 */
#ifndef EMU_CPU_SIMD_H
#define EMU_CPU_SIMD_H

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "cpu/softfloat.h"

/* CR4 bits for the OS's SSE support (SDM Vol.3 2.5) */
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

/* MXCSR (SDM Vol.1 10.2.3): flags 5:0, DAZ 6, masks 12:7, RC 14:13, FTZ 15 */
enum {
    MXCSR_DAZ = 1u << 6, MXCSR_RC_SHIFT = 13, MXCSR_FTZ = 1u << 15,
};
/* MXCSR_MASK as FXSAVE stores it: every defined bit, DAZ included
 * (SDM Vol.1 10.5.1.2); the rest are reserved (#GP when set). */
#define MXCSR_MASK 0x0000FFFFu

/* ---- checks ---- */

/* SSE/SSE2/.../SSE4.2 instructions (SDM Vol.3 13.1-13.4, Vol.2 2.4):
 * CR0.EM or CR4.OSFXSR = 0 -> #UD, then CR0.TS -> #NM. */
static inline void sse_check(struct cpu *c)
{
    if ((c->cr0 & CR0_EM) || !(c->cr4 & CR4_OSFXSR))
        cpu_ud(c);
    if (c->cr0 & CR0_TS)
        cpu_fault_noerr(c, EXC_NM);
}

/* MMX instructions (the "Other Exceptions" of the MMX instruction pages,
 * SDM Vol.1 9.5, 9.6): CR0.EM -> #UD, CR0.TS -> #NM, a pending unmasked x87
 * exception -> #MF (or FERR#), then the x87 -> MMX transition: TOP = 0,
 * every register tagged valid. */
void mmx_enter(struct cpu *c);
/* Instructions that mix MMX and XMM registers (CVTPI2PS, MOVQ2DQ, ...):
 * the SSE checks plus the MMX ones; the transition happens only when an
 * MMX register is an operand (SDM Vol.2 CVTPI2PS/CVTPI2PD). */
void mmx_sse_enter(struct cpu *c, bool transition);

/* ---- registers ---- */

static inline xmm_t *xreg(struct cpu *c, unsigned n)
{
    return &c->xmm.r[n & 15];
}
/* MMn is the significand of physical x87 register Rn; a write sets the
 * exponent/sign bits 79:64 to ones (SDM Vol.1 9.5.1). REX.R/B do not
 * extend MMX register numbers. */
static inline uint64_t mmx_get(const struct cpu *c, unsigned n)
{
    return c->fpu.r[n & 7].sig;
}
static inline void mmx_set(struct cpu *c, unsigned n, uint64_t v)
{
    c->fpu.r[n & 7].sig = v;
    c->fpu.r[n & 7].se = 0xFFFF;
}

/* ---- memory ---- */

/* Linear address of a memory operand's first byte, for the alignment
 * check (only its low bits matter): segment base + offset, with the
 * bases of ES/CS/SS/DS treated as zero in 64-bit mode. */
static inline uint64_t simd_lin(const struct cpu *c, int seg, uint64_t off)
{
    if (c->dmode == DMODE_64 && seg < SEG_FS)
        return off;
    return c->seg[seg].base + off;
}
/* Legacy-SSE 16-byte memory operands must be 16-byte aligned: #GP(0)
 * (SDM Vol.1 11.6.7); MOVUPS/MOVUPD/MOVDQU/LDDQU and the SSE4.2 string
 * compares are the exceptions. */
static inline void simd_align16(struct cpu *c, int seg, uint64_t off)
{
    if (simd_lin(c, seg, off) & 15)
        cpu_gp0(c);
}
static inline void simd_read128(struct cpu *c, int seg, uint64_t off, xmm_t *v, bool align)
{
    if (align)
        simd_align16(c, seg, off);
    cpu_check_read(c, seg, off, 16);
    v->q[0] = cpu_read64(c, seg, off);
    v->q[1] = cpu_read64(c, seg, off + 8);
}
/* Checks the whole operand first, so that a fault in its second half
 * leaves memory unchanged. */
static inline void simd_write128(struct cpu *c, int seg, uint64_t off, const xmm_t *v,
                                 bool align)
{
    if (align)
        simd_align16(c, seg, off);
    cpu_check_write(c, seg, off, 16);
    cpu_write64(c, seg, off, v->q[0]);
    cpu_write64(c, seg, off + 8, v->q[1]);
}
/* The Wx source operand: XMM register or 128-bit memory. */
static inline void sse_src128(struct cpu *c, const struct insn *i, xmm_t *v, bool align)
{
    if (i->mod == 3)
        *v = *xreg(c, i->rm);
    else
        simd_read128(c, i->seg, cpu_ea(c, i), v, align);
}

/* ---- MXCSR and the soft-float environment ---- */

static inline struct sf_env sse_env(const struct cpu *c)
{
    uint32_t m = c->xmm.mxcsr;
    struct sf_env e = {0};
    e.rc = (m >> MXCSR_RC_SHIFT) & 3;
    e.pc = SF_PC_64;
    e.masks = (m >> 7) & SF_ALL;
    e.daz = (m & MXCSR_DAZ) != 0;
    e.ftz = (m & MXCSR_FTZ) != 0;
    return e;
}
/* Folds the exception flags of an operation into MXCSR. With an unmasked
 * exception the destination stays unchanged and #XM is raised when
 * CR4.OSXMMEXCPT = 1, #UD otherwise (SDM Vol.1 11.5.1, Vol.3 13.4);
 * an unmasked pre-computation exception (IE, DE, ZE) in any element
 * suppresses the post-computation ones (SDM Vol.1 11.5.2). Returns only
 * when the result may be written. */
void sse_fp_finish(struct cpu *c, unsigned flags);

/* ---- float helpers with the SSE rules (cpu/sse_float.c) ---- */

/* Compare: SF_LT/SF_EQ/SF_GT/SF_UN. signaling: any NaN raises IE (COMISS,
 * CMPPS LT/LE/...); otherwise only an SNaN does (UCOMISS, CMPPS EQ/...). */
int sse_f32_compare(struct sf_env *e, uint32_t a, uint32_t b, bool signaling);
int sse_f64_compare(struct sf_env *e, uint64_t a, uint64_t b, bool signaling);
/* MINPS/MAXPS: the second operand when either is a NaN or both are zero */
uint32_t sse_f32_min(struct sf_env *e, uint32_t a, uint32_t b);
uint32_t sse_f32_max(struct sf_env *e, uint32_t a, uint32_t b);
uint64_t sse_f64_min(struct sf_env *e, uint64_t a, uint64_t b);
uint64_t sse_f64_max(struct sf_env *e, uint64_t a, uint64_t b);
/* CMPPS predicate 0-7 (SDM Vol.2 CMPPS Table 3-1): all ones or zero */
bool sse_f32_cmp_pred(struct sf_env *e, uint32_t a, uint32_t b, unsigned pred);
bool sse_f64_cmp_pred(struct sf_env *e, uint64_t a, uint64_t b, unsigned pred);
/* conversions */
uint64_t sse_f32_to_f64(struct sf_env *e, uint32_t a);
uint32_t sse_f64_to_f32(struct sf_env *e, uint64_t a);
uint32_t sse_i64_to_f32(struct sf_env *e, int64_t v);
uint64_t sse_i64_to_f64(struct sf_env *e, int64_t v);
/* to a signed integer of 32 or 64 bits; NaN/out of range: IE and the
 * integer indefinite 80000000H / 8000000000000000H */
int64_t sse_f32_to_int(struct sf_env *e, uint32_t a, unsigned bits, bool truncate);
int64_t sse_f64_to_int(struct sf_env *e, uint64_t a, unsigned bits, bool truncate);
/* ROUNDPS/ROUNDSS: round to an integral value with rc; inexact: PE
 * unless suppressed */
uint32_t sse_f32_round(struct sf_env *e, uint32_t a, unsigned rc, bool no_pe);
uint64_t sse_f64_round(struct sf_env *e, uint64_t a, unsigned rc, bool no_pe);
/* RCPPS/RSQRTPS approximations (relative error <= 1.5 * 2^-12) */
uint32_t sse_f32_rcp(uint32_t a);
uint32_t sse_f32_rsqrt(uint32_t a);

/* registration of each file's handlers (called by cpu_register_sse) */
void sse_register_int(void);
void sse_register_fp(void);
void sse_register_mov(void);
void sse_register_str(void);
void mmx_register(void);

#endif
