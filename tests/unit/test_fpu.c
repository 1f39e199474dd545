/* tests/unit/test_fpu.c: x87 instructions through the decoder and the
 * handler table, on a CPU without a machine (real mode, code at
 * 0000:1000, data at 0000:1F00 and 0000:2000, every IVT vector v pointing
 * at a HLT at 0000:3000+v so that a test sees which exception came).
 *
 * Expected values come from the SDM: the FSAVE/FSTENV layouts of Vol.1
 * 8.1.10 (Figures 8-9 to 8-12), FXAM's classes, FPREM's quotient bits,
 * FBSTP/FISTTP results, stack faults (Vol.1 8.5.1.1), #MF/FERR# and #NM
 * (Vol.3 2.5, Vol.1 8.6, D.2).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

/* machine code assembled with nasm (bits 16) from the listing beside each */
static const uint8_t p_save16[] = {0xDB, 0xE3, 0xD9, 0x2E, 0x00, 0x1F, 0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0x06, 0x10, 0x1F, 0xDD, 0x36, 0x00, 0x20, 0xF4};
static const uint8_t p_save32[] = {0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB, 0xD8, 0xC1, 0x66, 0xDD, 0x36, 0x00, 0x20, 0xF4};
static const uint8_t p_rstor16[] = {0xDD, 0x26, 0x00, 0x20, 0xF4};
static const uint8_t p_rstor32[] = {0x66, 0xDD, 0x26, 0x00, 0x20, 0xF4};
static const uint8_t p_stenv16[] = {0xD9, 0x36, 0x00, 0x20, 0xF4};
static const uint8_t p_stenv32[] = {0x66, 0xD9, 0x36, 0x00, 0x20, 0xF4};
static const uint8_t p_ldenv16[] = {0xD9, 0x26, 0x00, 0x20, 0xF4};
static const uint8_t p_fxam[] = {0xDB, 0x2E, 0x00, 0x1F, 0xD9, 0xE5, 0xDF, 0xE0, 0xF4};
static const uint8_t p_fprem[] = {0xDB, 0x2E, 0x10, 0x1F, 0xDB, 0x2E, 0x00, 0x1F, 0xD9, 0xF8, 0xDF, 0xE0, 0xDB, 0x3E, 0x00, 0x20, 0xF4};
static const uint8_t p_fprem1[] = {0xDB, 0x2E, 0x10, 0x1F, 0xDB, 0x2E, 0x00, 0x1F, 0xD9, 0xF5, 0xDF, 0xE0, 0xDB, 0x3E, 0x00, 0x20, 0xF4};
static const uint8_t p_fbstp[] = {0xD9, 0x2E, 0x20, 0x1F, 0xDB, 0x2E, 0x00, 0x1F, 0xDF, 0x36, 0x00, 0x20, 0xDF, 0xE0, 0xDF, 0x26, 0x00, 0x20, 0xDB, 0x3E, 0x10, 0x20, 0xF4};
static const uint8_t p_fisttp[] = {0xD9, 0x2E, 0x20, 0x1F, 0xDB, 0x2E, 0x00, 0x1F, 0xDF, 0x0E, 0x00, 0x20, 0xDB, 0x2E, 0x00, 0x1F, 0xDB, 0x0E, 0x02, 0x20, 0xDB, 0x2E, 0x00, 0x1F, 0xDD, 0x0E, 0x06, 0x20, 0xDB, 0x2E, 0x00, 0x1F, 0xDB, 0x1E, 0x0E, 0x20, 0xDF, 0xE0, 0xF4};
static const uint8_t p_overflow[] = {0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xD9, 0xE8, 0xDF, 0xE0, 0xDB, 0x3E, 0x00, 0x20, 0xF4};
static const uint8_t p_underflow[] = {0xDB, 0xE3, 0xD9, 0xE8, 0xD8, 0xC2, 0xDF, 0xE0, 0xDB, 0x3E, 0x00, 0x20, 0xF4};
static const uint8_t p_unmasked[] = {0xDB, 0xE3, 0xD9, 0x2E, 0x20, 0x1F, 0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0xDF, 0xE0, 0xD9, 0xD0, 0xF4};
static const uint8_t p_fwait_mf[] = {0x9B, 0xF4};
static const uint8_t p_fld1[] = {0xD9, 0xE8, 0xF4};
static const uint8_t p_consts[] = {0xD9, 0x2E, 0x20, 0x1F, 0xD9, 0xEB, 0xD9, 0xE9, 0xD9, 0xEA, 0xD9, 0xEC, 0xD9, 0xED, 0xDD, 0x36, 0x00, 0x20, 0xF4};
static const uint8_t p_fcomi[] = {0xDB, 0x2E, 0x10, 0x1F, 0xDB, 0x2E, 0x00, 0x1F, 0xDB, 0xF1, 0x9C, 0x8F, 0x06, 0x00, 0x20, 0xDA, 0xC1, 0xDB, 0x3E, 0x10, 0x20, 0xF4};
static const uint8_t p_stenv_mask[] = {0xDB, 0xE3, 0xD9, 0x2E, 0x20, 0x1F, 0xD9, 0x36, 0x00, 0x20, 0xD9, 0x3E, 0x40, 0x20, 0xF4};

static struct phys *P;

static struct cpu *setup(void)
{
    P = phys_new(1 << 20);
    struct cpu *c = cpu_new(NULL, P);
    for (unsigned v = 0; v < 256; v++) {
        phys_write(P, v * 4, 4, 0x3000 + v);
        phys_write(P, 0x3000 + v, 1, 0xF4);
    }
    cpu_load_seg_real(c, SEG_CS, 0);
    c->idtr.base = 0;
    c->idtr.limit = 0x3FF;
    c->gpr[R_SP] = 0x7000;
    return c;
}

static void done(struct cpu *c)
{
    cpu_free(c);
    phys_free(P);
}

/* Runs code at 0000:1000 until HLT; returns the exception vector taken
 * (-1 if none). */
static int run(struct cpu *c, const uint8_t *code, size_t n)
{
    phys_write_buf(P, 0x1000, code, n);
    c->rip = 0x1000;
    c->halted = false;
    for (int k = 0; k < 1000 && !c->halted; k++)
        cpu_step(c);
    cr_assert(c->halted, "ran into HLT");
    if (c->rip >= 0x3001 && c->rip <= 0x3100)
        return (int)(c->rip - 0x3001);
    return -1;
}

static void put80(uint64_t pa, uint16_t se, uint64_t sig)
{
    phys_write(P, pa, 8, sig);
    phys_write(P, pa + 8, 2, se);
}
static uint64_t rd(uint64_t pa, int n)
{
    return phys_read(P, pa, n);
}

#define PI_RN 0xC90FDAA22168C235ull

Test(fpu, reset_state_is_fninit)
{
    struct cpu *c = setup();
    cr_expect_eq(c->fpu.cw, 0x037F);
    cr_expect_eq(c->fpu.sw, 0);
    cr_expect_eq(fpu_tag_word(&c->fpu), 0xFFFF);
    done(c);
}

Test(fpu, fnsave_frstor_16bit_real_mode_layout)
{
    struct cpu *c = setup();
    phys_write(P, 0x1F00, 2, 0x027F);       /* PC = 53 bits */
    phys_write(P, 0x1F10, 4, 0x40200000);   /* 2.5f */
    cr_assert_eq(run(c, p_save16, sizeof p_save16), -1);
    /* SDM Vol.1 Figure 8-10 (real mode, 16-bit) */
    cr_expect_eq(rd(0x2000, 2), 0x027F, "cw");
    cr_expect_eq(rd(0x2002, 2), 0x2800, "sw: TOP = 5");
    cr_expect_eq(rd(0x2004, 2), 0x03FF, "tw: R5-R7 valid, R0-R4 empty");
    cr_expect_eq(rd(0x2006, 2), 0x100A, "FIP 15:0 (linear, the FLD m32)");
    cr_expect_eq(rd(0x2008, 2), 0x0106, "FIP 19:16 and FOP D9 06");
    cr_expect_eq(rd(0x200A, 2), 0x1F10, "FDP 15:0");
    cr_expect_eq(rd(0x200C, 2), 0x0000, "FDP 19:16");
    cr_expect_eq(rd(0x200E, 8), 0xA000000000000000ull, "ST0 = 2.5");
    cr_expect_eq(rd(0x2016, 2), 0x4000);
    cr_expect_eq(rd(0x2018, 8), PI_RN, "ST1 = pi");
    cr_expect_eq(rd(0x2022, 8), 0x8000000000000000ull, "ST2 = 1");
    cr_expect_eq(rd(0x202A, 2), 0x3FFF);
    /* FNSAVE re-initializes */
    cr_expect_eq(c->fpu.cw, 0x037F);
    cr_expect_eq(c->fpu.sw, 0);
    cr_expect_eq(c->fpu.empty, 0xFF);
    /* and FRSTOR brings it all back */
    cr_assert_eq(run(c, p_rstor16, sizeof p_rstor16), -1);
    cr_expect_eq(c->fpu.cw, 0x027F);
    cr_expect_eq(c->fpu.sw, 0x2800);
    cr_expect_eq(c->fpu.empty, 0x1F);
    cr_expect_eq(c->fpu.r[6].sig, PI_RN);
    cr_expect_eq(c->fpu.r[5].se, 0x4000);
    cr_expect_eq(c->fpu.fip, 0x100A);
    cr_expect_eq(c->fpu.fop, 0x106);
    done(c);
}

Test(fpu, fnsave_32bit_real_mode_layout)
{
    struct cpu *c = setup();
    cr_assert_eq(run(c, p_save32, sizeof p_save32), -1);
    /* SDM Vol.1 Figure 8-10 (real mode, 32-bit): 28-byte environment */
    cr_expect_eq(rd(0x2000, 4), 0xFFFF037Fu);
    cr_expect_eq(rd(0x2004, 4) & 0xFFFF3800u, 0xFFFF3000u, "sw: TOP = 6");
    cr_expect_eq(rd(0x2008, 4), 0xFFFF0FFFu, "tw");
    cr_expect_eq(rd(0x200C, 4), 0xFFFF1006u, "FIP 15:0 of FADD");
    cr_expect_eq(rd(0x2010, 4), 0x000000C1u, "FIP 31:16 << 12 | FOP D8 C1");
    cr_expect_eq(rd(0x201C + 10, 8), 0x8000000000000000ull, "ST1 = 1");
    cr_expect_eq(rd(0x201C + 8, 2), 0x4001, "ST0 = pi + 1");
    cr_assert_eq(run(c, p_rstor32, sizeof p_rstor32), -1);
    cr_expect_eq(c->fpu.sw & 0x3800, 0x3000);
    cr_expect_eq(c->fpu.empty, 0x3F);
    cr_expect_eq(c->fpu.r[7].sig, 0x8000000000000000ull);
    done(c);
}

Test(fpu, fnstenv_protected_mode_layouts)
{
    struct cpu *c = setup();
    cr_assert_eq(run(c, p_save32, sizeof p_save32), -1);
    cr_assert_eq(run(c, p_rstor32, sizeof p_rstor32), -1);
    c->fpu.fcs = 0x0008;
    c->fpu.fip = 0x12345678;
    c->fpu.fds = 0x0010;
    c->fpu.fdp = 0x9ABCDEF0;
    c->mode = CPU_PROT; /* the image format follows the mode */
    cr_assert_eq(run(c, p_stenv32, sizeof p_stenv32), -1);
    /* SDM Vol.1 Figure 8-9 (protected mode, 32-bit) */
    cr_expect_eq(rd(0x200C, 4), 0x12345678u, "FIP");
    cr_expect_eq(rd(0x2010, 4), 0x00C10008u, "FOP << 16 | FCS");
    cr_expect_eq(rd(0x2014, 4), 0x9ABCDEF0u, "FDP");
    cr_expect_eq(rd(0x2018, 2), 0x0010, "FDS");
    c->fpu.cw = 0x037F;
    cr_assert_eq(run(c, p_stenv16, sizeof p_stenv16), -1);
    /* Figure 8-11 (protected mode, 16-bit) */
    cr_expect_eq(rd(0x2000, 2), 0x037F);
    cr_expect_eq(rd(0x2006, 2), 0x5678, "FIP");
    cr_expect_eq(rd(0x2008, 2), 0x0008, "FCS");
    cr_expect_eq(rd(0x200A, 2), 0xDEF0, "FDP");
    cr_expect_eq(rd(0x200C, 2), 0x0010, "FDS");
    done(c);
}

Test(fpu, fnstenv_masks_exceptions)
{
    struct cpu *c = setup();
    phys_write(P, 0x1F20, 2, 0x0360);
    cr_assert_eq(run(c, p_stenv_mask, sizeof p_stenv_mask), -1);
    cr_expect_eq(rd(0x2000, 2), 0x0360, "saved as it was");
    cr_expect_eq(rd(0x2040, 2), 0x037F, "then every exception masked");
    done(c);
}

static uint16_t fxam(uint16_t se, uint64_t sig)
{
    struct cpu *c = setup();
    put80(0x1F00, se, sig);
    cr_assert_eq(run(c, p_fxam, sizeof p_fxam), -1);
    uint16_t cc = cpu_get16(c, R_AX) & 0x4700;
    done(c);
    return cc;
}

Test(fpu, fxam_classes)
{
    cr_expect_eq(fxam(0x0000, 0), 0x4000, "+0: C3");
    cr_expect_eq(fxam(0x8000, 0), 0x4200, "-0: C3 C1");
    cr_expect_eq(fxam(0x0000, 1), 0x4400, "denormal: C3 C2");
    cr_expect_eq(fxam(0x0000, 0x8000000000000001ull), 0x4400, "pseudo-denormal");
    cr_expect_eq(fxam(0x3FFF, 0x8000000000000000ull), 0x0400, "normal: C2");
    cr_expect_eq(fxam(0xFFFF, 0x8000000000000000ull), 0x0700, "-inf: C2 C0 C1");
    cr_expect_eq(fxam(0x7FFF, 0xC000000000000001ull), 0x0100, "QNaN: C0");
    cr_expect_eq(fxam(0x7FFF, 0x8000000000000001ull), 0x0100, "SNaN: C0");
    cr_expect_eq(fxam(0x3FFF, 0x4000000000000000ull), 0x0000, "unnormal: unsupported");
    cr_expect_eq(fxam(0x7FFF, 0x0000000000000001ull), 0x0000, "pseudo-NaN: unsupported");
    /* empty: C3 C0 */
    struct cpu *c = setup();
    static const uint8_t p[] = {0xD9, 0xE5, 0xDF, 0xE0, 0xF4}; /* fxam; fnstsw ax */
    cr_assert_eq(run(c, p, sizeof p), -1);
    cr_expect_eq(cpu_get16(c, R_AX) & 0x4500, 0x4100);
    done(c);
}

/* dividend, divisor (small integers or powers of two) -> sw & CC, result */
static uint16_t prem(const uint8_t *code, size_t n, uint16_t ase, uint64_t asig, uint16_t bse,
                     uint64_t bsig, uint64_t *rsig, uint16_t *rse)
{
    struct cpu *c = setup();
    put80(0x1F00, ase, asig);
    put80(0x1F10, bse, bsig);
    cr_assert_eq(run(c, code, n), -1);
    uint16_t cc = cpu_get16(c, R_AX) & 0x4700;
    *rsig = rd(0x2000, 8);
    *rse = (uint16_t)rd(0x2008, 2);
    done(c);
    return cc;
}

Test(fpu, fprem_quotient_bits)
{
    uint64_t s;
    uint16_t e;
    /* 100 / 7: Q = 14 = 1110b -> C0 = Q2 = 1, C3 = Q1 = 1, C1 = Q0 = 0; r = 2 */
    cr_expect_eq(prem(p_fprem, sizeof p_fprem, 0x4005, 0xC800000000000000ull, 0x4001,
                      0xE000000000000000ull, &s, &e), 0x4100);
    cr_expect(s == 0x8000000000000000ull && e == 0x4000, "100 mod 7 = 2");
    /* 11 / 4: FPREM Q = 2 (C3), r = 3; FPREM1 Q = 3 (C3 C1), r = -1 */
    cr_expect_eq(prem(p_fprem, sizeof p_fprem, 0x4002, 0xB000000000000000ull, 0x4001,
                      0x8000000000000000ull, &s, &e), 0x4000);
    cr_expect(s == 0xC000000000000000ull && e == 0x4000, "11 rem 4 = 3");
    cr_expect_eq(prem(p_fprem1, sizeof p_fprem1, 0x4002, 0xB000000000000000ull, 0x4001,
                      0x8000000000000000ull, &s, &e), 0x4200);
    cr_expect(s == 0x8000000000000000ull && e == 0xBFFF, "11 rem1 4 = -1");
    /* 2^100 / 3: exponent difference >= 64 -> partial, C2 = 1 */
    cr_expect_eq(prem(p_fprem, sizeof p_fprem, 0x3FFF + 100, 0x8000000000000000ull, 0x4000,
                      0xC000000000000000ull, &s, &e) & 0x0400, 0x0400);
}

Test(fpu, fbstp_and_fbld)
{
    struct cpu *c = setup();
    phys_write(P, 0x1F20, 2, 0x037F);
    put80(0x1F00, 0xC013, 0x96B43F0000000000ull); /* -1234567.5 */
    cr_assert_eq(run(c, p_fbstp, sizeof p_fbstp), -1);
    /* rounds to even: -1234568, PE and C1 (rounded up in magnitude) */
    cr_expect_eq(rd(0x2000, 8), 0x0000000001234568ull);
    cr_expect_eq(rd(0x2008, 2), 0x8000);
    cr_expect_eq(cpu_get16(c, R_AX) & 0x027F, 0x0220);
    cr_expect_eq(rd(0x2010, 8), 0x96B4400000000000ull, "FBLD back");
    cr_expect_eq(rd(0x2018, 2), 0xC013);
    done(c);
    /* 10^18 is out of range: IE, the packed BCD indefinite */
    c = setup();
    phys_write(P, 0x1F20, 2, 0x037F);
    put80(0x1F00, 0x403A, 0xDE0B6B3A76400000ull);
    cr_assert_eq(run(c, p_fbstp, sizeof p_fbstp), -1);
    cr_expect_eq(rd(0x2000, 8), 0xC000000000000000ull);
    cr_expect_eq(rd(0x2008, 2), 0xFFFF);
    cr_expect_eq(cpu_get16(c, R_AX) & 0x3F, 0x01);
    done(c);
}

Test(fpu, fisttp_truncates_whatever_rc)
{
    struct cpu *c = setup();
    phys_write(P, 0x1F20, 2, 0x077F);                /* RC = down */
    put80(0x1F00, 0xC000, 0xACCCCCCCCCCCCCCDull);    /* -2.7 */
    cr_assert_eq(run(c, p_fisttp, sizeof p_fisttp), -1);
    cr_expect_eq(rd(0x2000, 2), 0xFFFE, "FISTTP m16 = -2");
    cr_expect_eq(rd(0x2002, 4), 0xFFFFFFFEu, "FISTTP m32 = -2");
    cr_expect_eq(rd(0x2006, 8), 0xFFFFFFFFFFFFFFFEull, "FISTTP m64 = -2");
    cr_expect_eq(rd(0x200E, 4), 0xFFFFFFFDu, "FISTP rounds down: -3");
    done(c);
}

Test(fpu, stack_overflow_and_underflow)
{
    struct cpu *c = setup();
    cr_assert_eq(run(c, p_overflow, sizeof p_overflow), -1);
    /* ninth push: IE SF C1=1, TOP = 7, QNaN indefinite in ST0 */
    cr_expect_eq(cpu_get16(c, R_AX), 0x3A41);
    cr_expect_eq(rd(0x2000, 8), 0xC000000000000000ull);
    cr_expect_eq(rd(0x2008, 2), 0xFFFF);
    done(c);
    c = setup();
    cr_assert_eq(run(c, p_underflow, sizeof p_underflow), -1);
    /* FADD ST0, ST2 with ST2 empty: IE SF C1=0, indefinite */
    cr_expect_eq(cpu_get16(c, R_AX), 0x3841);
    cr_expect_eq(rd(0x2000, 8), 0xC000000000000000ull);
    done(c);
}

Test(fpu, unmasked_exception_is_mf_at_next_waiting_insn_with_ne)
{
    struct cpu *c = setup();
    c->cr0 |= CR0_NE;
    phys_write(P, 0x1F20, 2, 0x037B); /* ZE unmasked */
    int v = run(c, p_unmasked, sizeof p_unmasked);
    /* 1/0: ZE ES B; destination unchanged, no pop (TOP = 6) */
    cr_expect_eq(cpu_get16(c, R_AX), 0xB084);
    cr_expect_eq(v, EXC_MF, "#MF on the FNOP");
    cr_expect_eq(rd(0x7000 - 6, 2), 0x100E, "IP saved = the FNOP");
    cr_expect_eq(c->fpu.r[7].sig, 0x8000000000000000ull, "ST1 still 1.0");
    /* FNCLEX clears it; then FWAIT passes */
    static const uint8_t clex[] = {0xDB, 0xE2, 0x9B, 0xF4};
    c->gpr[R_SP] = 0x7000;
    cr_expect_eq(run(c, clex, sizeof clex), -1);
    done(c);
}

Test(fpu, unmasked_exception_without_ne_asserts_ferr)
{
    struct cpu *c = setup();
    phys_write(P, 0x1F20, 2, 0x037B);
    cr_expect_eq(run(c, p_unmasked, sizeof p_unmasked), -1, "no #MF with CR0.NE = 0");
    cr_expect(c->fpu.ferr, "FERR# asserted (IRQ13)");
    fpu_clear_ferr(c);
    cr_expect(!c->fpu.ferr);
    done(c);
}

Test(fpu, nm_with_ts_em_and_wait_with_mp_ts)
{
    struct cpu *c = setup();
    c->cr0 |= CR0_TS;
    cr_expect_eq(run(c, p_fld1, sizeof p_fld1), EXC_NM, "TS");
    cr_expect_eq(run(c, p_fwait_mf, sizeof p_fwait_mf), -1, "WAIT ignores TS without MP");
    c->cr0 |= CR0_MP;
    cr_expect_eq(run(c, p_fwait_mf, sizeof p_fwait_mf), EXC_NM, "WAIT with MP and TS");
    c->cr0 &= ~(uint64_t)(CR0_TS | CR0_MP);
    c->cr0 |= CR0_EM;
    cr_expect_eq(run(c, p_fld1, sizeof p_fld1), EXC_NM, "EM");
    cr_expect_eq(run(c, p_fwait_mf, sizeof p_fwait_mf), -1, "WAIT ignores EM");
    c->cr0 &= ~(uint64_t)CR0_EM;
    cr_expect_eq(run(c, p_fld1, sizeof p_fld1), -1);
    done(c);
}

/* FLDPI, FLDL2T, FLDL2E, FLDLG2, FLDLN2 under each RC (SDM Vol.2 FLD1..) */
Test(fpu, constants_follow_rounding_control)
{
    static const uint64_t want[4][5] = {
        /* ln2, lg2, l2e, l2t, pi */
        {0xB17217F7D1CF79ACull, 0x9A209A84FBCFF799ull, 0xB8AA3B295C17F0BCull,
         0xD49A784BCD1B8AFEull, 0xC90FDAA22168C235ull},
        {0xB17217F7D1CF79ABull, 0x9A209A84FBCFF798ull, 0xB8AA3B295C17F0BBull,
         0xD49A784BCD1B8AFEull, 0xC90FDAA22168C234ull},
        {0xB17217F7D1CF79ACull, 0x9A209A84FBCFF799ull, 0xB8AA3B295C17F0BCull,
         0xD49A784BCD1B8AFFull, 0xC90FDAA22168C235ull},
        {0xB17217F7D1CF79ABull, 0x9A209A84FBCFF798ull, 0xB8AA3B295C17F0BBull,
         0xD49A784BCD1B8AFEull, 0xC90FDAA22168C234ull},
    };
    for (unsigned rc = 0; rc < 4; rc++) {
        struct cpu *c = setup();
        phys_write(P, 0x1F20, 2, 0x037F | rc << 10);
        cr_assert_eq(run(c, p_consts, sizeof p_consts), -1);
        for (int k = 0; k < 5; k++)
            cr_expect_eq(rd(0x200E + 10 * k, 8), want[rc][k], "rc %u constant %d", rc, k);
        cr_expect_eq(rd(0x2002, 2) & 0x3F, 0, "no exception from constants");
        done(c);
    }
}

Test(fpu, fcomi_sets_eflags_and_fcmov_reads_them)
{
    struct cpu *c = setup();
    put80(0x1F00, 0x3FFF, 0x8000000000000000ull); /* ST0 = 1 */
    put80(0x1F10, 0x4000, 0x8000000000000000ull); /* ST1 = 2 */
    cr_assert_eq(run(c, p_fcomi, sizeof p_fcomi), -1);
    cr_expect_eq(rd(0x2000, 2) & (F_ZF | F_PF | F_CF | F_OF | F_SF | F_AF), F_CF);
    cr_expect_eq(rd(0x2010, 8), 0x8000000000000000ull);
    cr_expect_eq(rd(0x2018, 2), 0x4000, "FCMOVB took ST1 = 2");
    done(c);
}

Test(fpu, fldenv_with_pending_unmasked_exception_sets_es)
{
    struct cpu *c = setup();
    phys_write(P, 0x2000, 2, 0x037B); /* cw: ZE unmasked */
    phys_write(P, 0x2002, 2, 0x0004); /* sw: ZE, no ES */
    phys_write(P, 0x2004, 2, 0xFFFF);
    cr_assert_eq(run(c, p_ldenv16, sizeof p_ldenv16), -1);
    cr_expect_eq(c->fpu.sw, 0x8084, "ES and B follow the unmasked flag");
    c->cr0 |= CR0_NE;
    cr_expect_eq(run(c, p_fld1, sizeof p_fld1), EXC_MF);
    done(c);
}
