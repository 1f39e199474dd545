/* cpu/string.c: MOVS CMPS STOS LODS SCAS with REP / REPE / REPNE.
 *
 * The address size selects SI/DI/CX, ESI/EDI/ECX or RSI/RDI/RCX; the
 * source segment is i->seg (DS unless overridden), the destination is
 * always ES (SDM Vol.1 7.3.9.1). DF selects the direction.
 *
 * A repeated instruction runs at most STR_BATCH iterations per call. When
 * it is not finished, RIP is set back to the instruction so that the loop
 * executes it again, which lets interrupts and timer deadlines in between
 * (SDM REP: "a repeating string operation can be suspended by an
 * exception or interrupt"). Each iteration updates the pointers and the
 * counter only after its memory accesses succeeded, so a fault in the
 * middle resumes correctly with the registers of the faulting iteration.
 */
#include "cpu/handlers.h"
#include "cpu/insn_util.h"

/* For CMPS/SCAS: F3 = REPE (stop when ZF=0), F2 = REPNE (stop when ZF=1). */
static inline bool rep_cond(struct cpu *c, const struct insn *i)
{
    if (i->rep == REP_NONE)
        return true;
    bool zf = cpu_zf(c);
    return i->rep == REP_F3 ? zf : !zf;
}

#define DEF_STR(N, SFX)                                                         \
    static bool movs_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, d = str_step(c, N / 8);                         \
        uint64_t si = c->gpr[R_SI] & am, di = c->gpr[R_DI] & am;                \
        uint##N##_t v = cpu_read##N(c, i->seg, si);                             \
        cpu_write##N(c, SEG_ES, di, v);                                         \
        areg_set(c, R_SI, si + d, am);                                          \
        areg_set(c, R_DI, di + d, am);                                          \
        return true;                                                            \
    }                                                                           \
    static bool stos_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, di = c->gpr[R_DI] & am;                         \
        cpu_write##N(c, SEG_ES, di, (uint##N##_t)c->gpr[R_AX]);                 \
        areg_set(c, R_DI, di + str_step(c, N / 8), am);                         \
        return true;                                                            \
    }                                                                           \
    static bool lods_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, si = c->gpr[R_SI] & am;                         \
        uint##N##_t v = cpu_read##N(c, i->seg, si);                             \
        cpu_set##N(c, R_AX, v);                                                 \
        areg_set(c, R_SI, si + str_step(c, N / 8), am);                         \
        return true;                                                            \
    }                                                                           \
    static bool cmps_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, d = str_step(c, N / 8);                         \
        uint64_t si = c->gpr[R_SI] & am, di = c->gpr[R_DI] & am;                \
        uint##N##_t a = cpu_read##N(c, i->seg, si);                             \
        uint##N##_t b = cpu_read##N(c, SEG_ES, di);                             \
        cpu_lf(c, LF_SUB, N / 8, (uint##N##_t)(a - b), a, b);                   \
        areg_set(c, R_SI, si + d, am);                                          \
        areg_set(c, R_DI, di + d, am);                                          \
        return rep_cond(c, i);                                                  \
    }                                                                           \
    static bool scas_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, di = c->gpr[R_DI] & am;                         \
        uint##N##_t a = (uint##N##_t)c->gpr[R_AX];                              \
        uint##N##_t b = cpu_read##N(c, SEG_ES, di);                             \
        cpu_lf(c, LF_SUB, N / 8, (uint##N##_t)(a - b), a, b);                   \
        areg_set(c, R_DI, di + str_step(c, N / 8), am);                         \
        return rep_cond(c, i);                                                  \
    }                                                                           \
    static HANDLER(movs##SFX) { run_rep(c, i, movs_it##SFX); }                  \
    static HANDLER(stos##SFX) { run_rep(c, i, stos_it##SFX); }                  \
    static HANDLER(lods##SFX) { run_rep(c, i, lods_it##SFX); }                  \
    static HANDLER(cmps##SFX) { run_rep(c, i, cmps_it##SFX); }                  \
    static HANDLER(scas##SFX) { run_rep(c, i, scas_it##SFX); }

/* the byte forms use cpu_read8/cpu_write8 and cpu_set8(R_AX) = AL */
DEF_STR(8, b)
DEF_STR(16, 16)
DEF_STR(32, 32)
DEF_STR(64, 64)

void cpu_register_string(void)
{
    H_ONE(IOP_MOVSB, movsb);
    H_ONE(IOP_STOSB, stosb);
    H_ONE(IOP_LODSB, lodsb);
    H_ONE(IOP_CMPSB, cmpsb);
    H_ONE(IOP_SCASB, scasb);
    H_S(IOP_MOVS, movs);
    H_S(IOP_STOS, stos);
    H_S(IOP_LODS, lods);
    H_S(IOP_CMPS, cmps);
    H_S(IOP_SCAS, scas);
}
