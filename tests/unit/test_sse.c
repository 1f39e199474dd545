/* tests/unit/test_sse.c: MMX/SSE rules that the differential test cannot
 * reach from user space: CR0.EM/TS and CR4.OSFXSR/OSXMMEXCPT, #XM vs #UD,
 * alignment #GP, LDMXCSR reserved bits, the x87/MMX transition, the
 * FXSAVE/FXRSTOR image, memory forms against register forms, and fixed
 * vectors for CRC32 and PCMPISTRI.
 *
 * The CPU runs machine-less in real mode; each exception vector n is
 * pointed at 0000:(0x100 + n), so the address reached after one step
 * tells which exception was delivered.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

#define CODE 0x7000
#define DATA 0x2000
#define NO_EXC -1

static struct phys *P;
static struct cpu *C;

static void setup(void)
{
    P = phys_new(1 << 20);
    C = cpu_new(NULL, P);
    for (int v = 0; v < 32; v++) {
        uint32_t ent = (uint32_t)(0x100 + v); /* segment 0 */
        phys_write_buf(P, (uint64_t)v * 4, &ent, 4);
    }
    C->seg[SEG_CS].sel = 0;
    C->seg[SEG_CS].base = 0;
    C->cr4 |= 1u << 9; /* OSFXSR */
    C->cr0 &= ~(uint64_t)(CR0_EM | CR0_TS);
}
static void teardown(void)
{
    cpu_free(C);
    phys_free(P);
}
TestSuite(sse, .init = setup, .fini = teardown);

/* Runs one instruction at CODE; returns the exception vector or NO_EXC. */
static int run(const uint8_t *code, unsigned len)
{
    phys_write_buf(P, CODE, code, len);
    cpu_code_written(C, CODE, len);
    C->rip = CODE;
    C->gpr[R_SP] = 0x6000;
    C->halted = false;
    cpu_step(C);
    if (C->rip == CODE + len)
        return NO_EXC;
    if (C->rip >= 0x100 && C->rip < 0x120)
        return (int)C->rip - 0x100;
    return -2;
}
#define RUN(...)                                       \
    ({                                                 \
        static const uint8_t b_[] = {__VA_ARGS__};     \
        run(b_, sizeof b_);                            \
    })

static void put128(uint64_t pa, uint64_t lo, uint64_t hi)
{
    phys_write_buf(P, pa, &lo, 8);
    phys_write_buf(P, pa + 8, &hi, 8);
}

/* ---- CR0/CR4 gates ---- */

Test(sse, osfxsr_em_ts)
{
    C->xmm.r[0].d[0] = 0x3F800000; /* 1.0 */
    C->xmm.r[1].d[0] = 0x40000000; /* 2.0 */
    cr_assert_eq(RUN(0x0F, 0x58, 0xC1), NO_EXC); /* addps xmm0, xmm1 */
    cr_assert_eq(C->xmm.r[0].d[0], 0x40400000u);
    C->cr4 &= ~(uint64_t)(1u << 9);
    cr_assert_eq(RUN(0x0F, 0x58, 0xC1), EXC_UD, "CR4.OSFXSR = 0: #UD");
    cr_assert_eq(RUN(0x0F, 0xFC, 0xC1), NO_EXC, "MMX needs no OSFXSR");
    C->cr4 |= 1u << 9;
    C->cr0 |= CR0_EM;
    cr_assert_eq(RUN(0x0F, 0x58, 0xC1), EXC_UD, "CR0.EM: #UD");
    cr_assert_eq(RUN(0x0F, 0xFC, 0xC1), EXC_UD, "CR0.EM: #UD for MMX");
    cr_assert_eq(RUN(0x0F, 0xAE, 0x07), EXC_NM, "CR0.EM: FXSAVE #NM");
    C->cr0 &= ~(uint64_t)CR0_EM;
    C->cr0 |= CR0_TS;
    cr_assert_eq(RUN(0x0F, 0x58, 0xC1), EXC_NM, "CR0.TS: #NM");
    cr_assert_eq(RUN(0x0F, 0xFC, 0xC1), EXC_NM, "CR0.TS: #NM for MMX");
    cr_assert_eq(RUN(0x0F, 0x77), EXC_NM, "CR0.TS: #NM for EMMS");
    C->cr0 &= ~(uint64_t)CR0_TS;
    cr_assert_eq(RUN(0x0F, 0x58, 0xC1), NO_EXC);
}

/* ---- alignment ---- */

Test(sse, alignment)
{
    put128(DATA, 0x1111111122222222ull, 0x3333333344444444ull);
    put128(DATA + 0x18, 0x5555555566666666ull, 0x7777777788888888ull);
    C->gpr[R_BX] = DATA;
    cr_assert_eq(RUN(0x0F, 0x28, 0x07), NO_EXC); /* movaps xmm0, [bx] */
    cr_assert_eq(C->xmm.r[0].q[1], 0x3333333344444444ull);
    C->gpr[R_BX] = DATA + 0x18;
    cr_assert_eq(RUN(0x0F, 0x28, 0x07), EXC_GP, "movaps misaligned");
    cr_assert_eq(C->xmm.r[0].q[1], 0x3333333344444444ull, "destination unchanged");
    cr_assert_eq(RUN(0x66, 0x0F, 0x6F, 0x07), EXC_GP, "movdqa misaligned");
    cr_assert_eq(RUN(0x0F, 0x29, 0x07), EXC_GP, "movaps store misaligned");
    cr_assert_eq(RUN(0x0F, 0x2B, 0x07), EXC_GP, "movntps misaligned");
    cr_assert_eq(RUN(0x0F, 0x58, 0x07), EXC_GP, "addps m128 misaligned");
    cr_assert_eq(RUN(0x66, 0x0F, 0xFE, 0x07), EXC_GP, "paddd m128 misaligned");
    cr_assert_eq(RUN(0x0F, 0x10, 0x07), NO_EXC, "movups");
    cr_assert_eq(C->xmm.r[0].q[0], 0x5555555566666666ull);
    cr_assert_eq(RUN(0xF3, 0x0F, 0x6F, 0x0F), NO_EXC, "movdqu");
    cr_assert_eq(RUN(0xF2, 0x0F, 0xF0, 0x07), NO_EXC, "lddqu");
    cr_assert_eq(RUN(0xF3, 0x0F, 0x58, 0x07), NO_EXC, "addss m32");
    cr_assert_eq(RUN(0x66, 0x0F, 0x3A, 0x63, 0x07, 0x0C), NO_EXC, "pcmpistri m128");
    cr_assert_eq(RUN(0x0F, 0xFC, 0x07), NO_EXC, "MMX paddb m64");
    C->gpr[R_BX] = DATA + 0x10;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x07), NO_EXC, "fxsave aligned");
    C->gpr[R_BX] = DATA + 0x18;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x07), EXC_GP, "fxsave misaligned");
    cr_assert_eq(RUN(0x0F, 0xAE, 0x0F), EXC_GP, "fxrstor misaligned");
}

/* ---- MXCSR ---- */

Test(sse, ldmxcsr_stmxcsr)
{
    uint32_t v = 0x0000FFC0; /* every defined bit but the flags */
    phys_write_buf(P, DATA, &v, 4);
    C->gpr[R_BX] = DATA;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x17), NO_EXC); /* ldmxcsr [bx] */
    cr_assert_eq(C->xmm.mxcsr, 0xFFC0u);
    cr_assert_eq(RUN(0x0F, 0xAE, 0x5F, 0x08), NO_EXC); /* stmxcsr [bx+8] */
    cr_assert_eq(phys_read(P, DATA + 8, 4), 0xFFC0u);
    v = 0x00011F80;
    phys_write_buf(P, DATA, &v, 4);
    cr_assert_eq(RUN(0x0F, 0xAE, 0x17), EXC_GP, "reserved bit 16");
    cr_assert_eq(C->xmm.mxcsr, 0xFFC0u);
}

Test(sse, unmasked_exception_xm_or_ud)
{
    C->xmm.mxcsr = 0x1F80 & ~0x200u; /* ZM clear */
    C->xmm.r[0].d[0] = 0x3F800000;
    C->xmm.r[1].d[0] = 0;
    C->xmm.r[1].d[1] = C->xmm.r[1].d[2] = C->xmm.r[1].d[3] = 0x3F800000;
    xmm_t before = C->xmm.r[0];
    C->cr4 |= 1u << 10; /* OSXMMEXCPT */
    cr_assert_eq(RUN(0x0F, 0x5E, 0xC1), EXC_XM, "divps by zero, ZE unmasked");
    cr_assert(!memcmp(&before, &C->xmm.r[0], 16), "destination unchanged");
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0x04u, "ZE set");
    C->cr4 &= ~(uint64_t)(1u << 10);
    C->xmm.mxcsr &= ~0x3Fu;
    cr_assert_eq(RUN(0x0F, 0x5E, 0xC1), EXC_UD, "OSXMMEXCPT = 0: #UD");
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0x04u);
    /* masked: infinity and ZE */
    C->xmm.mxcsr = 0x1F80;
    cr_assert_eq(RUN(0x0F, 0x5E, 0xC1), NO_EXC);
    cr_assert_eq(C->xmm.r[0].d[0], 0x7F800000u);
    cr_assert_eq(C->xmm.mxcsr, 0x1F84u);
    /* an unmasked IE (SNaN) reported alone even with a masked PE elsewhere */
    C->xmm.mxcsr = 0x1F80 & ~0x80u;
    C->xmm.r[0].d[0] = 0x7F800001;
    C->xmm.r[1].d[0] = 0x3F800000;
    C->cr4 |= 1u << 10;
    cr_assert_eq(RUN(0xF3, 0x0F, 0x58, 0xC1), EXC_XM);
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0x01u);
}

Test(sse, daz_ftz)
{
    /* FTZ: a tiny product becomes zero with UE and PE */
    C->xmm.mxcsr = 0x1F80 | 0x8000;
    C->xmm.r[0].d[0] = 0x00800000; /* smallest normal */
    C->xmm.r[1].d[0] = 0x3F000000; /* 0.5 */
    cr_assert_eq(RUN(0xF3, 0x0F, 0x59, 0xC1), NO_EXC);
    cr_assert_eq(C->xmm.r[0].d[0], 0u);
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0x30u);
    /* without FTZ: the exact denormal, no flags */
    C->xmm.mxcsr = 0x1F80;
    C->xmm.r[0].d[0] = 0x00800000;
    cr_assert_eq(RUN(0xF3, 0x0F, 0x59, 0xC1), NO_EXC);
    cr_assert_eq(C->xmm.r[0].d[0], 0x00400000u);
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0u);
    /* DAZ: a denormal operand is zero, no DE */
    C->xmm.mxcsr = 0x1F80 | 0x40;
    C->xmm.r[0].d[0] = 0x3F800000;
    C->xmm.r[1].d[0] = 0x00000001;
    cr_assert_eq(RUN(0xF3, 0x0F, 0x58, 0xC1), NO_EXC);
    cr_assert_eq(C->xmm.r[0].d[0], 0x3F800000u);
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0u);
    C->xmm.mxcsr = 0x1F80;
    cr_assert_eq(RUN(0xF3, 0x0F, 0x58, 0xC1), NO_EXC);
    cr_assert_eq(C->xmm.mxcsr & 0x3F, 0x22u, "DE and PE without DAZ");
    /* default NaN of an invalid operation */
    C->xmm.r[0].q[0] = 0;
    C->xmm.r[1].q[0] = 0;
    cr_assert_eq(RUN(0xF2, 0x0F, 0x5E, 0xC1), NO_EXC); /* divsd 0/0 */
    cr_assert_eq(C->xmm.r[0].q[0], 0xFFF8000000000000ull);
}

/* ---- MMX and the x87 ---- */

Test(sse, mmx_transition_and_emms)
{
    C->fpu.sw = (uint16_t)(5u << 11); /* TOP = 5 */
    C->fpu.empty = 0xFF;
    C->fpu.r[1].sig = 0x0102030405060708ull;
    C->fpu.r[2].sig = 0x1010101010101010ull;
    cr_assert_eq(RUN(0x0F, 0xFC, 0xCA), NO_EXC); /* paddb mm1, mm2 */
    cr_assert_eq(C->fpu.r[1].sig, 0x1112131415161718ull);
    cr_assert_eq(C->fpu.r[1].se, 0xFFFF, "bits 79:64 set by an MMX write");
    cr_assert_eq((C->fpu.sw >> 11) & 7, 0u, "TOP = 0");
    cr_assert_eq(C->fpu.empty, 0, "all tags valid");
    cr_assert_eq(RUN(0x0F, 0x77), NO_EXC); /* emms */
    cr_assert_eq(C->fpu.empty, 0xFF);
    /* MOVD mm, r32 zero-extends; MOVD r32, mm */
    C->gpr[R_AX] = 0xFFFFFFFF89ABCDEFull;
    cr_assert_eq(RUN(0x0F, 0x6E, 0xD8), NO_EXC); /* movd mm3, eax */
    cr_assert_eq(C->fpu.r[3].sig, 0x89ABCDEFull);
    /* a pending unmasked x87 exception: #MF (CR0.NE) before the MMX op */
    C->cr0 |= CR0_NE;
    C->fpu.cw = 0x037E; /* IM clear */
    C->fpu.sw = 0x0081; /* IE, ES */
    cr_assert_eq(RUN(0x0F, 0xFC, 0xCA), EXC_MF);
}

/* ---- FXSAVE / FXRSTOR ---- */

Test(sse, fxsave_layout_and_fxrstor)
{
    struct fpu *f = &C->fpu;
    f->cw = 0x027F;
    f->sw = (uint16_t)(6u << 11 | 0x0021);
    f->empty = 0x3F; /* R6, R7 valid */
    f->r[6] = (sf_x80){0x8000000000000000ull, 0x3FFF}; /* ST0 = 1.0 */
    f->r[7] = (sf_x80){0xC000000000000000ull, 0xC000}; /* ST1 = -3.0 */
    f->fop = 0x5D9;
    f->fip = 0x1234;
    f->fcs = 0x0008;
    f->fdp = 0x5678;
    f->fds = 0x0010;
    C->xmm.mxcsr = 0x9FC1;
    for (int r = 0; r < 16; r++)
        for (int k = 0; k < 4; k++)
            C->xmm.r[r].d[k] = (uint32_t)(r << 8 | k);
    uint8_t fill[512];
    memset(fill, 0xEE, sizeof fill);
    phys_write_buf(P, DATA, fill, sizeof fill);
    C->gpr[R_BX] = DATA;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x07), NO_EXC); /* fxsave [bx] */
    cr_assert_eq(phys_read(P, DATA + 0, 2), 0x027Fu);
    cr_assert_eq(phys_read(P, DATA + 2, 2), (uint64_t)(6u << 11 | 0x21));
    cr_assert_eq(phys_read(P, DATA + 4, 1), 0xC0u, "abridged tag: R6 and R7 valid");
    cr_assert_eq(phys_read(P, DATA + 6, 2), 0x5D9u);
    cr_assert_eq(phys_read(P, DATA + 8, 4), 0x1234u);
    cr_assert_eq(phys_read(P, DATA + 12, 2), 0x0008u);
    cr_assert_eq(phys_read(P, DATA + 16, 4), 0x5678u);
    cr_assert_eq(phys_read(P, DATA + 20, 2), 0x0010u);
    cr_assert_eq(phys_read(P, DATA + 24, 4), 0x9FC1u);
    cr_assert_eq(phys_read(P, DATA + 28, 4), 0xFFFFu, "MXCSR_MASK with DAZ");
    cr_assert_eq(phys_read(P, DATA + 32, 8), 0x8000000000000000ull, "ST0 first");
    cr_assert_eq(phys_read(P, DATA + 40, 2), 0x3FFFu);
    cr_assert_eq(phys_read(P, DATA + 48, 8), 0xC000000000000000ull);
    cr_assert_eq(phys_read(P, DATA + 56, 2), 0xC000u);
    cr_assert_eq(phys_read(P, DATA + 160, 4), 0x0000u);
    cr_assert_eq(phys_read(P, DATA + 160 + 16 * 7 + 12, 4), 0x0703u, "XMM7");
    cr_assert_eq(phys_read(P, DATA + 288, 4), 0xEEEEEEEEu, "no XMM8 outside 64-bit mode");
    cr_assert_eq(phys_read(P, DATA + 464, 4), 0xEEEEEEEEu, "464-511 untouched");
    /* FXRSTOR of a changed image */
    struct cpu saved = *C;
    uint32_t v = 0x1F80;
    phys_write_buf(P, DATA + 24, &v, 4);
    uint8_t tag = 0x40; /* only R6 valid */
    phys_write_buf(P, DATA + 4, &tag, 1);
    memset(&C->xmm.r[3], 0, 16);
    f->cw = 0x037F;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x0F), NO_EXC); /* fxrstor [bx] */
    cr_assert_eq(C->xmm.mxcsr, 0x1F80u);
    cr_assert_eq(C->fpu.cw, 0x027F);
    cr_assert_eq(C->fpu.empty, 0xBF);
    cr_assert_eq(C->fpu.r[6].se, 0x3FFF);
    cr_assert(!memcmp(&C->xmm.r[3], &saved.xmm.r[3], 16));
    /* reserved MXCSR bits in the image: #GP(0), nothing loaded */
    v = 0x00021F80;
    phys_write_buf(P, DATA + 24, &v, 4);
    f->cw = 0x0333;
    cr_assert_eq(RUN(0x0F, 0xAE, 0x0F), EXC_GP);
    cr_assert_eq(C->fpu.cw, 0x0333);
}

/* ---- memory forms agree with register forms ---- */

Test(sse, memory_forms)
{
    static const struct {
        uint8_t op[5];
        unsigned len;
    } ops[] = {
        {{0x0F, 0x58}, 2},       {{0x66, 0x0F, 0x5E}, 3},   {{0xF3, 0x0F, 0x59}, 3},
        {{0xF2, 0x0F, 0x51}, 3}, {{0x66, 0x0F, 0xF5}, 3},   {{0x66, 0x0F, 0x38, 0x00}, 4},
        {{0x0F, 0x14}, 2},       {{0x66, 0x0F, 0x38, 0x20}, 4}, {{0xF3, 0x0F, 0xE6}, 3},
    };
    for (unsigned k = 0; k < sizeof ops / sizeof ops[0]; k++) {
        uint8_t code[8];
        xmm_t a = {.q = {0x3F8000004049999Aull, 0xC0000000BF000001ull}};
        xmm_t b = {.q = {0x4000000040400000ull, 0x3E80000041200000ull}};
        memcpy(code, ops[k].op, ops[k].len);
        code[ops[k].len] = 0xC1; /* xmm0, xmm1 */
        C->xmm.r[0] = a;
        C->xmm.r[1] = b;
        C->xmm.mxcsr = 0x1F80;
        cr_assert_eq(run(code, ops[k].len + 1), NO_EXC);
        xmm_t rr = C->xmm.r[0];
        uint32_t mr = C->xmm.mxcsr;
        put128(DATA, b.q[0], b.q[1]);
        C->gpr[R_BX] = DATA;
        code[ops[k].len] = 0x07; /* xmm0, [bx] */
        C->xmm.r[0] = a;
        C->xmm.mxcsr = 0x1F80;
        cr_assert_eq(run(code, ops[k].len + 1), NO_EXC);
        cr_assert(!memcmp(&rr, &C->xmm.r[0], 16), "form %u", k);
        cr_assert_eq(mr, C->xmm.mxcsr);
    }
}

/* ---- fixed vectors ---- */

Test(sse, crc32_and_pcmpistri)
{
    /* CRC-32C("123456789") = E3069283 (the check value of the Castagnoli CRC) */
    static const char s[] = "123456789";
    C->gpr[R_AX] = 0xFFFFFFFF;
    for (int k = 0; k < 9; k++) {
        C->gpr[R_DX] = (uint8_t)s[k];
        cr_assert_eq(RUN(0xF2, 0x0F, 0x38, 0xF0, 0xC2), NO_EXC); /* crc32 eax, dl */
    }
    cr_assert_eq((uint32_t)C->gpr[R_AX] ^ 0xFFFFFFFFu, 0xE3069283u);
    /* pcmpistri equal ordered: "lo" in "hello world" at 3 */
    memset(&C->xmm.r[0], 0, 16);
    memset(&C->xmm.r[1], 0, 16);
    memcpy(&C->xmm.r[0], "lo", 2);
    memcpy(&C->xmm.r[1], "hello world", 11);
    cr_assert_eq(RUN(0x66, 0x0F, 0x3A, 0x63, 0xC1, 0x0C), NO_EXC);
    cr_assert_eq(C->gpr[R_CX], 3u);
    uint32_t fl = cpu_get_eflags(C);
    cr_assert(fl & F_CF);
    cr_assert(fl & F_ZF, "the second string ends within 16 bytes");
    cr_assert(fl & F_SF);
}
