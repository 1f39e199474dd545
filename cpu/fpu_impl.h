/* cpu/fpu_impl.h: helpers shared by the x87 instruction files
 * (fpu.c, fpu_ld_st.c, fpu_arith.c, fpu_trans.c). Not for other modules.
 */
#ifndef EMU_CPU_FPU_IMPL_H
#define EMU_CPU_FPU_IMPL_H

#include "cpu/cpu.h"
#include "cpu/fpu.h"
#include "cpu/handlers.h"

/* What the instruction prologue does (SDM Vol.1 8.1.8, 8.3.12). */
enum {
    FK_ARITH,  /* waiting, non-control: #MF check, records FIP/FOP(/FDP) */
    FK_WAIT,   /* waiting control instruction (FLDCW, FLDENV, FRSTOR) */
    FK_NOWAIT, /* FNINIT FNCLEX FNSTSW FNSTCW FNSTENV FNSAVE */
};

void fpu_begin(struct cpu *c, const struct insn *i, int kind);

static inline unsigned fpu_top(const struct fpu *f)
{
    return (f->sw >> 11) & 7;
}
static inline void fpu_set_top(struct fpu *f, unsigned t)
{
    f->sw = (uint16_t)((f->sw & ~FSW_TOP) | ((t & 7) << 11));
}
static inline unsigned fpu_phys(const struct fpu *f, unsigned i)
{
    return (fpu_top(f) + i) & 7;
}
static inline bool fpu_empty(const struct fpu *f, unsigned i)
{
    return (f->empty >> fpu_phys(f, i)) & 1;
}
static inline sf_x80 fpu_st(const struct fpu *f, unsigned i)
{
    return f->r[fpu_phys(f, i)];
}
static inline void fpu_set_st(struct fpu *f, unsigned i, sf_x80 v)
{
    unsigned p = fpu_phys(f, i);
    f->r[p] = v;
    f->empty &= (uint8_t) ~(1u << p);
}
static inline void fpu_push(struct fpu *f, sf_x80 v)
{
    fpu_set_top(f, fpu_top(f) - 1);
    fpu_set_st(f, 0, v);
}
static inline void fpu_pop(struct fpu *f)
{
    f->empty |= (uint8_t)(1u << fpu_top(f));
    fpu_set_top(f, fpu_top(f) + 1);
}
static inline void fpu_set_c1(struct fpu *f, bool v)
{
    f->sw = (uint16_t)((f->sw & ~FSW_C1) | (v ? FSW_C1 : 0));
}

/* The soft-float environment from the control word. */
static inline struct sf_env fpu_env(const struct fpu *f)
{
    struct sf_env e = {0};
    e.rc = (f->cw >> 10) & 3;
    e.pc = (f->cw >> 8) & 3;
    if (e.pc == 1) /* reserved encoding: full precision */
        e.pc = SF_PC_64;
    e.masks = f->cw & SF_ALL;
    return e;
}

/* Sets ES and B when an exception flag is set whose mask is clear. */
static inline void fpu_update_es(struct fpu *f)
{
    if (f->sw & ~f->cw & 0x3F)
        f->sw |= FSW_ES | FSW_B;
    else
        f->sw &= (uint16_t) ~(FSW_ES | FSW_B);
}

/* Folds a soft-float env into the status word. Returns true when the
 * result may be written: unmasked IE, DE and ZE leave the destination
 * alone (SDM Vol.1 8.5), and so do unmasked OE/UE for a memory one. */
static inline bool fpu_commit(struct fpu *f, const struct sf_env *e, bool to_mem)
{
    unsigned fl = e->flags & SF_ALL, un = fl & ~f->cw & SF_ALL;
    /* an unmasked IE, DE or ZE stops the operation before it produces
     * anything else (SDM Vol.1 4.9.2, 8.5) */
    if (un & (SF_IE | SF_DE | SF_ZE))
        fl &= SF_IE | SF_DE | SF_ZE;
    f->sw |= (uint16_t)fl;
    fpu_set_c1(f, e->c1 && !(un & (SF_IE | SF_DE | SF_ZE)));
    if (un)
        f->sw |= FSW_ES | FSW_B;
    if (un & (SF_IE | SF_DE | SF_ZE))
        return false;
    if (to_mem && (un & (SF_OE | SF_UE)))
        return false;
    return true;
}

/* Stack overflow/underflow (SDM Vol.1 8.5.1.1): IE and SF, C1 = 1 for
 * overflow, 0 for underflow. Returns true when IE is masked (the caller
 * then delivers the QNaN indefinite). */
static inline bool fpu_stack_fault(struct fpu *f, bool overflow)
{
    f->sw |= FSW_IE | FSW_SF;
    fpu_set_c1(f, overflow);
    if (!(f->cw & FSW_IE)) {
        f->sw |= FSW_ES | FSW_B;
        return false;
    }
    return true;
}

/* Pushes v, or handles stack overflow (ST(7) not empty). */
static inline void fpu_push_checked(struct fpu *f, sf_x80 v)
{
    if (!((f->empty >> ((fpu_top(f) - 1) & 7)) & 1)) {
        if (fpu_stack_fault(f, true))
            fpu_push(f, SF_X80_INDEFINITE);
        return;
    }
    fpu_push(f, v);
}

/* Condition codes of a comparison (SDM Vol.2 FCOM table). */
static inline void fpu_set_cc(struct fpu *f, int rel)
{
    static const uint16_t cc[4] = {FSW_C0, FSW_C3, 0, FSW_C0 | FSW_C2 | FSW_C3};
    f->sw = (uint16_t)((f->sw & ~(FSW_C0 | FSW_C2 | FSW_C3 | FSW_C1)) | cc[rel]);
}

/* memory operands */
sf_x80 fpu_read_m80(struct cpu *c, int seg, uint64_t off);
void fpu_write_m80(struct cpu *c, int seg, uint64_t off, sf_x80 v);

/* registration of each file's handlers */
void fpu_register_ld_st(void);
void fpu_register_arith(void);
void fpu_register_trans(void);

#endif
