/* tests/unit/test_sse_diff.c: differential test of the MMX/SSE
 * instructions against the host CPU.
 *
 * Every register form in the pool runs with generated operands (biased
 * toward the special encodings: zeros, denormals, infinities, QNaNs,
 * SNaNs, values near the integer and exponent limits, strings with
 * terminators for PCMPxSTRx) and a random MXCSR (rounding control, DAZ,
 * FTZ; exceptions masked) natively on the host, in a child process
 * executing a small generated function, and in emu (decode() and the
 * handler on a machine-less CPU). XMM0-2, MM0-1, RAX/RCX/RDX, MXCSR and
 * the status flags the instruction defines are compared bit for bit;
 * RCPPS/RSQRTPS, whose bits the SDM leaves to the implementation, are
 * compared against the documented bound (|relative error| <=
 * 1.5 * 2^-12 for each, so at most 3 * 2^-12 apart) with exact special
 * cases. The agreement rate per instruction is printed.
 *
 * make check runs SSE_DIFF_N cases per instruction (default 2000);
 * SSE_DIFF_N=100000 is the full run. SSE_DIFF_ONLY=name limits the pool.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

#include "xorshift.h"

#if !defined(__x86_64__)
#error "the native oracle needs an x86-64 host"
#endif

/* state exchanged with the generated host function (rdi points to it) */
struct st {
    uint8_t x[3][16]; /* 0: xmm0-2 */
    uint64_t mm[2];   /* 48 */
    uint32_t mxcsr;   /* 64: in */
    uint32_t mxcsr_o; /* 68: out */
    uint64_t rax, rcx, rdx; /* 72, 80, 88 */
    uint64_t rflags;  /* 96 */
};

enum { T_INT, T_F32, T_F64, T_STR, T_CVTI32, T_CVTI64 };
/* compare flags: which status flags the instruction defines */
#define FL_ALL (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
enum { CMP_EXACT = 0, CMP_APPROX = 1 };

struct form {
    const char *name;
    uint8_t bytes[8]; /* instruction without the imm8 */
    uint8_t len;
    uint8_t type;     /* operand generator */
    uint8_t nimm;     /* 0: no imm8; 8: imm 0..7; 255: random imm8s */
    uint32_t flags;   /* status flags compared */
    uint8_t cmp;
    uint8_t mmx;      /* uses MM registers */
};

/* ModRM C1 = reg 0 (xmm0/mm0), rm 1 (xmm1/mm1) */
#define R 0xC1
static const struct form pool[] = {
    /* SSE / SSE2 floating point */
    {"addps", {0x0F, 0x58, R}, 3, T_F32, 0, 0, 0, 0},
    {"addpd", {0x66, 0x0F, 0x58, R}, 4, T_F64, 0, 0, 0, 0},
    {"addss", {0xF3, 0x0F, 0x58, R}, 4, T_F32, 0, 0, 0, 0},
    {"addsd", {0xF2, 0x0F, 0x58, R}, 4, T_F64, 0, 0, 0, 0},
    {"subps", {0x0F, 0x5C, R}, 3, T_F32, 0, 0, 0, 0},
    {"subsd", {0xF2, 0x0F, 0x5C, R}, 4, T_F64, 0, 0, 0, 0},
    {"mulps", {0x0F, 0x59, R}, 3, T_F32, 0, 0, 0, 0},
    {"mulpd", {0x66, 0x0F, 0x59, R}, 4, T_F64, 0, 0, 0, 0},
    {"mulss", {0xF3, 0x0F, 0x59, R}, 4, T_F32, 0, 0, 0, 0},
    {"divps", {0x0F, 0x5E, R}, 3, T_F32, 0, 0, 0, 0},
    {"divpd", {0x66, 0x0F, 0x5E, R}, 4, T_F64, 0, 0, 0, 0},
    {"divsd", {0xF2, 0x0F, 0x5E, R}, 4, T_F64, 0, 0, 0, 0},
    {"sqrtps", {0x0F, 0x51, R}, 3, T_F32, 0, 0, 0, 0},
    {"sqrtpd", {0x66, 0x0F, 0x51, R}, 4, T_F64, 0, 0, 0, 0},
    {"sqrtss", {0xF3, 0x0F, 0x51, R}, 4, T_F32, 0, 0, 0, 0},
    {"sqrtsd", {0xF2, 0x0F, 0x51, R}, 4, T_F64, 0, 0, 0, 0},
    {"minps", {0x0F, 0x5D, R}, 3, T_F32, 0, 0, 0, 0},
    {"minpd", {0x66, 0x0F, 0x5D, R}, 4, T_F64, 0, 0, 0, 0},
    {"maxps", {0x0F, 0x5F, R}, 3, T_F32, 0, 0, 0, 0},
    {"maxsd", {0xF2, 0x0F, 0x5F, R}, 4, T_F64, 0, 0, 0, 0},
    {"cmpps", {0x0F, 0xC2, R}, 3, T_F32, 8, 0, 0, 0},
    {"cmppd", {0x66, 0x0F, 0xC2, R}, 4, T_F64, 8, 0, 0, 0},
    {"cmpss", {0xF3, 0x0F, 0xC2, R}, 4, T_F32, 8, 0, 0, 0},
    {"cmpsd", {0xF2, 0x0F, 0xC2, R}, 4, T_F64, 8, 0, 0, 0},
    {"comiss", {0x0F, 0x2F, R}, 3, T_F32, 0, FL_ALL, 0, 0},
    {"ucomiss", {0x0F, 0x2E, R}, 3, T_F32, 0, FL_ALL, 0, 0},
    {"comisd", {0x66, 0x0F, 0x2F, R}, 4, T_F64, 0, FL_ALL, 0, 0},
    {"ucomisd", {0x66, 0x0F, 0x2E, R}, 4, T_F64, 0, FL_ALL, 0, 0},
    {"rcpps", {0x0F, 0x53, R}, 3, T_F32, 0, 0, CMP_APPROX, 0},
    {"rcpss", {0xF3, 0x0F, 0x53, R}, 4, T_F32, 0, 0, CMP_APPROX, 0},
    {"rsqrtps", {0x0F, 0x52, R}, 3, T_F32, 0, 0, CMP_APPROX, 0},
    {"rsqrtss", {0xF3, 0x0F, 0x52, R}, 4, T_F32, 0, 0, CMP_APPROX, 0},
    {"andps", {0x0F, 0x54, R}, 3, T_F32, 0, 0, 0, 0},
    {"andnpd", {0x66, 0x0F, 0x55, R}, 4, T_F64, 0, 0, 0, 0},
    {"orps", {0x0F, 0x56, R}, 3, T_F32, 0, 0, 0, 0},
    {"xorpd", {0x66, 0x0F, 0x57, R}, 4, T_F64, 0, 0, 0, 0},
    {"shufps", {0x0F, 0xC6, R}, 3, T_F32, 255, 0, 0, 0},
    {"shufpd", {0x66, 0x0F, 0xC6, R}, 4, T_F64, 255, 0, 0, 0},
    {"unpcklps", {0x0F, 0x14, R}, 3, T_F32, 0, 0, 0, 0},
    {"unpckhps", {0x0F, 0x15, R}, 3, T_F32, 0, 0, 0, 0},
    {"unpcklpd", {0x66, 0x0F, 0x14, R}, 4, T_F64, 0, 0, 0, 0},
    {"unpckhpd", {0x66, 0x0F, 0x15, R}, 4, T_F64, 0, 0, 0, 0},
    {"movss", {0xF3, 0x0F, 0x10, R}, 4, T_F32, 0, 0, 0, 0},
    {"movsd", {0xF2, 0x0F, 0x10, R}, 4, T_F64, 0, 0, 0, 0},
    {"movhlps", {0x0F, 0x12, R}, 3, T_F32, 0, 0, 0, 0},
    {"movlhps", {0x0F, 0x16, R}, 3, T_F32, 0, 0, 0, 0},
    {"movmskps", {0x0F, 0x50, R}, 3, T_F32, 0, 0, 0, 0},
    {"movmskpd", {0x66, 0x0F, 0x50, R}, 4, T_F64, 0, 0, 0, 0},
    /* conversions */
    {"cvtps2pd", {0x0F, 0x5A, R}, 3, T_F32, 0, 0, 0, 0},
    {"cvtpd2ps", {0x66, 0x0F, 0x5A, R}, 4, T_F64, 0, 0, 0, 0},
    {"cvtss2sd", {0xF3, 0x0F, 0x5A, R}, 4, T_F32, 0, 0, 0, 0},
    {"cvtsd2ss", {0xF2, 0x0F, 0x5A, R}, 4, T_F64, 0, 0, 0, 0},
    {"cvtdq2ps", {0x0F, 0x5B, R}, 3, T_INT, 0, 0, 0, 0},
    {"cvtps2dq", {0x66, 0x0F, 0x5B, R}, 4, T_F32, 0, 0, 0, 0},
    {"cvttps2dq", {0xF3, 0x0F, 0x5B, R}, 4, T_F32, 0, 0, 0, 0},
    {"cvtdq2pd", {0xF3, 0x0F, 0xE6, R}, 4, T_INT, 0, 0, 0, 0},
    {"cvtpd2dq", {0xF2, 0x0F, 0xE6, R}, 4, T_F64, 0, 0, 0, 0},
    {"cvttpd2dq", {0x66, 0x0F, 0xE6, R}, 4, T_F64, 0, 0, 0, 0},
    {"cvtss2si r32", {0xF3, 0x0F, 0x2D, R}, 4, T_F32, 0, 0, 0, 0},
    {"cvtss2si r64", {0xF3, 0x48, 0x0F, 0x2D, R}, 5, T_F32, 0, 0, 0, 0},
    {"cvttss2si r32", {0xF3, 0x0F, 0x2C, R}, 4, T_F32, 0, 0, 0, 0},
    {"cvtsd2si r32", {0xF2, 0x0F, 0x2D, R}, 4, T_F64, 0, 0, 0, 0},
    {"cvttsd2si r64", {0xF2, 0x48, 0x0F, 0x2C, R}, 5, T_F64, 0, 0, 0, 0},
    {"cvtsi2ss r32", {0xF3, 0x0F, 0x2A, 0xC2}, 4, T_CVTI32, 0, 0, 0, 0},
    {"cvtsi2ss r64", {0xF3, 0x48, 0x0F, 0x2A, 0xC2}, 5, T_CVTI64, 0, 0, 0, 0},
    {"cvtsi2sd r32", {0xF2, 0x0F, 0x2A, 0xC2}, 4, T_CVTI32, 0, 0, 0, 0},
    {"cvtsi2sd r64", {0xF2, 0x48, 0x0F, 0x2A, 0xC2}, 5, T_CVTI64, 0, 0, 0, 0},
    {"cvtpi2ps", {0x0F, 0x2A, R}, 3, T_INT, 0, 0, 0, 1},
    {"cvtpi2pd", {0x66, 0x0F, 0x2A, R}, 4, T_INT, 0, 0, 0, 1},
    {"cvtps2pi", {0x0F, 0x2D, R}, 3, T_F32, 0, 0, 0, 1},
    {"cvttpd2pi", {0x66, 0x0F, 0x2C, R}, 4, T_F64, 0, 0, 0, 1},
    /* SSE3 */
    {"haddps", {0xF2, 0x0F, 0x7C, R}, 4, T_F32, 0, 0, 0, 0},
    {"hsubpd", {0x66, 0x0F, 0x7D, R}, 4, T_F64, 0, 0, 0, 0},
    {"addsubps", {0xF2, 0x0F, 0xD0, R}, 4, T_F32, 0, 0, 0, 0},
    {"addsubpd", {0x66, 0x0F, 0xD0, R}, 4, T_F64, 0, 0, 0, 0},
    {"movsldup", {0xF3, 0x0F, 0x12, R}, 4, T_F32, 0, 0, 0, 0},
    {"movddup", {0xF2, 0x0F, 0x12, R}, 4, T_F64, 0, 0, 0, 0},
    /* SSE4.1 floating point */
    {"roundps", {0x66, 0x0F, 0x3A, 0x08, R}, 5, T_F32, 16, 0, 0, 0},
    {"roundpd", {0x66, 0x0F, 0x3A, 0x09, R}, 5, T_F64, 16, 0, 0, 0},
    {"roundss", {0x66, 0x0F, 0x3A, 0x0A, R}, 5, T_F32, 16, 0, 0, 0},
    {"roundsd", {0x66, 0x0F, 0x3A, 0x0B, R}, 5, T_F64, 16, 0, 0, 0},
    {"dpps", {0x66, 0x0F, 0x3A, 0x40, R}, 5, T_F32, 255, 0, 0, 0},
    {"dppd", {0x66, 0x0F, 0x3A, 0x41, R}, 5, T_F64, 255, 0, 0, 0},
    {"blendps", {0x66, 0x0F, 0x3A, 0x0C, R}, 5, T_F32, 255, 0, 0, 0},
    {"blendvpd", {0x66, 0x0F, 0x38, 0x15, R}, 5, T_F64, 0, 0, 0, 0},
    {"insertps", {0x66, 0x0F, 0x3A, 0x21, R}, 5, T_F32, 255, 0, 0, 0},
    {"extractps", {0x66, 0x0F, 0x3A, 0x17, 0xC8}, 5, T_F32, 255, 0, 0, 0},
    /* SSE2 integer (and the MMX forms) */
    {"paddb", {0x66, 0x0F, 0xFC, R}, 4, T_INT, 0, 0, 0, 0},
    {"paddq", {0x66, 0x0F, 0xD4, R}, 4, T_INT, 0, 0, 0, 0},
    {"psubw", {0x66, 0x0F, 0xF9, R}, 4, T_INT, 0, 0, 0, 0},
    {"paddsb", {0x66, 0x0F, 0xEC, R}, 4, T_INT, 0, 0, 0, 0},
    {"paddsw", {0x66, 0x0F, 0xED, R}, 4, T_INT, 0, 0, 0, 0},
    {"psubsw", {0x66, 0x0F, 0xE9, R}, 4, T_INT, 0, 0, 0, 0},
    {"paddusb", {0x66, 0x0F, 0xDC, R}, 4, T_INT, 0, 0, 0, 0},
    {"psubusw", {0x66, 0x0F, 0xD9, R}, 4, T_INT, 0, 0, 0, 0},
    {"pcmpeqb", {0x66, 0x0F, 0x74, R}, 4, T_INT, 0, 0, 0, 0},
    {"pcmpgtw", {0x66, 0x0F, 0x65, R}, 4, T_INT, 0, 0, 0, 0},
    {"pcmpgtd", {0x66, 0x0F, 0x66, R}, 4, T_INT, 0, 0, 0, 0},
    {"pandn", {0x66, 0x0F, 0xDF, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmullw", {0x66, 0x0F, 0xD5, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmulhw", {0x66, 0x0F, 0xE5, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmulhuw", {0x66, 0x0F, 0xE4, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmuludq", {0x66, 0x0F, 0xF4, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmaddwd", {0x66, 0x0F, 0xF5, R}, 4, T_INT, 0, 0, 0, 0},
    {"psadbw", {0x66, 0x0F, 0xF6, R}, 4, T_INT, 0, 0, 0, 0},
    {"pavgb", {0x66, 0x0F, 0xE0, R}, 4, T_INT, 0, 0, 0, 0},
    {"pavgw", {0x66, 0x0F, 0xE3, R}, 4, T_INT, 0, 0, 0, 0},
    {"pminub", {0x66, 0x0F, 0xDA, R}, 4, T_INT, 0, 0, 0, 0},
    {"pmaxsw", {0x66, 0x0F, 0xEE, R}, 4, T_INT, 0, 0, 0, 0},
    {"psllw", {0x66, 0x0F, 0xF1, R}, 4, T_INT, 0, 0, 0, 0},
    {"psrld", {0x66, 0x0F, 0xD2, R}, 4, T_INT, 0, 0, 0, 0},
    {"psrlq", {0x66, 0x0F, 0xD3, R}, 4, T_INT, 0, 0, 0, 0},
    {"psraw", {0x66, 0x0F, 0xE1, R}, 4, T_INT, 0, 0, 0, 0},
    {"psrad", {0x66, 0x0F, 0xE2, R}, 4, T_INT, 0, 0, 0, 0},
    {"psrlw imm", {0x66, 0x0F, 0x71, 0xD0}, 4, T_INT, 255, 0, 0, 0},
    {"psraw imm", {0x66, 0x0F, 0x71, 0xE0}, 4, T_INT, 255, 0, 0, 0},
    {"pslld imm", {0x66, 0x0F, 0x72, 0xF0}, 4, T_INT, 255, 0, 0, 0},
    {"psrlq imm", {0x66, 0x0F, 0x73, 0xD0}, 4, T_INT, 255, 0, 0, 0},
    {"psrldq", {0x66, 0x0F, 0x73, 0xD8}, 4, T_INT, 255, 0, 0, 0},
    {"pslldq", {0x66, 0x0F, 0x73, 0xF8}, 4, T_INT, 255, 0, 0, 0},
    {"punpcklbw", {0x66, 0x0F, 0x60, R}, 4, T_INT, 0, 0, 0, 0},
    {"punpckhwd", {0x66, 0x0F, 0x69, R}, 4, T_INT, 0, 0, 0, 0},
    {"punpckldq", {0x66, 0x0F, 0x62, R}, 4, T_INT, 0, 0, 0, 0},
    {"punpckhqdq", {0x66, 0x0F, 0x6D, R}, 4, T_INT, 0, 0, 0, 0},
    {"packsswb", {0x66, 0x0F, 0x63, R}, 4, T_INT, 0, 0, 0, 0},
    {"packuswb", {0x66, 0x0F, 0x67, R}, 4, T_INT, 0, 0, 0, 0},
    {"packssdw", {0x66, 0x0F, 0x6B, R}, 4, T_INT, 0, 0, 0, 0},
    {"pshufd", {0x66, 0x0F, 0x70, R}, 4, T_INT, 255, 0, 0, 0},
    {"pshufhw", {0xF3, 0x0F, 0x70, R}, 4, T_INT, 255, 0, 0, 0},
    {"pshuflw", {0xF2, 0x0F, 0x70, R}, 4, T_INT, 255, 0, 0, 0},
    {"pmovmskb", {0x66, 0x0F, 0xD7, R}, 4, T_INT, 0, 0, 0, 0},
    {"pextrw", {0x66, 0x0F, 0xC5, R}, 4, T_INT, 255, 0, 0, 0},
    {"pinsrw", {0x66, 0x0F, 0xC4, 0xC2}, 4, T_INT, 255, 0, 0, 0},
    {"movd xmm,r32", {0x66, 0x0F, 0x6E, 0xC2}, 4, T_INT, 0, 0, 0, 0},
    {"movq r64,xmm", {0x66, 0x48, 0x0F, 0x7E, 0xC8}, 5, T_INT, 0, 0, 0, 0},
    {"movq xmm,xmm", {0xF3, 0x0F, 0x7E, R}, 4, T_INT, 0, 0, 0, 0},
    /* MMX */
    {"mmx paddw", {0x0F, 0xFD, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx psubsb", {0x0F, 0xE8, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx psubusb", {0x0F, 0xD8, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx pmaddwd", {0x0F, 0xF5, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx pmulhw", {0x0F, 0xE5, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx pcmpgtb", {0x0F, 0x64, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx packsswb", {0x0F, 0x63, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx punpckhbw", {0x0F, 0x68, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx punpckldq", {0x0F, 0x62, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx psllq", {0x0F, 0xF3, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx psrad imm", {0x0F, 0x72, 0xE0}, 3, T_INT, 255, 0, 0, 1},
    {"mmx pshufw", {0x0F, 0x70, R}, 3, T_INT, 255, 0, 0, 1},
    {"mmx psadbw", {0x0F, 0xF6, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx pmuludq", {0x0F, 0xF4, R}, 3, T_INT, 0, 0, 0, 1},
    {"mmx pshufb", {0x0F, 0x38, 0x00, R}, 4, T_INT, 0, 0, 0, 1},
    {"mmx palignr", {0x0F, 0x3A, 0x0F, R}, 4, T_INT, 255, 0, 0, 1},
    {"mmx pmovmskb", {0x0F, 0xD7, R}, 3, T_INT, 0, 0, 0, 1},
    {"movq2dq", {0xF3, 0x0F, 0xD6, R}, 4, T_INT, 0, 0, 0, 1},
    {"movdq2q", {0xF2, 0x0F, 0xD6, R}, 4, T_INT, 0, 0, 0, 1},
    /* SSSE3 */
    {"pshufb", {0x66, 0x0F, 0x38, 0x00, R}, 5, T_INT, 0, 0, 0, 0},
    {"phaddw", {0x66, 0x0F, 0x38, 0x01, R}, 5, T_INT, 0, 0, 0, 0},
    {"phaddsw", {0x66, 0x0F, 0x38, 0x03, R}, 5, T_INT, 0, 0, 0, 0},
    {"phsubd", {0x66, 0x0F, 0x38, 0x06, R}, 5, T_INT, 0, 0, 0, 0},
    {"phsubsw", {0x66, 0x0F, 0x38, 0x07, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmaddubsw", {0x66, 0x0F, 0x38, 0x04, R}, 5, T_INT, 0, 0, 0, 0},
    {"psignb", {0x66, 0x0F, 0x38, 0x08, R}, 5, T_INT, 0, 0, 0, 0},
    {"psignd", {0x66, 0x0F, 0x38, 0x0A, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmulhrsw", {0x66, 0x0F, 0x38, 0x0B, R}, 5, T_INT, 0, 0, 0, 0},
    {"pabsb", {0x66, 0x0F, 0x38, 0x1C, R}, 5, T_INT, 0, 0, 0, 0},
    {"pabsd", {0x66, 0x0F, 0x38, 0x1E, R}, 5, T_INT, 0, 0, 0, 0},
    {"palignr", {0x66, 0x0F, 0x3A, 0x0F, R}, 5, T_INT, 255, 0, 0, 0},
    /* SSE4.1 integer */
    {"pblendvb", {0x66, 0x0F, 0x38, 0x10, R}, 5, T_INT, 0, 0, 0, 0},
    {"pblendw", {0x66, 0x0F, 0x3A, 0x0E, R}, 5, T_INT, 255, 0, 0, 0},
    {"ptest", {0x66, 0x0F, 0x38, 0x17, R}, 5, T_INT, 0, FL_ALL, 0, 0},
    {"pmuldq", {0x66, 0x0F, 0x38, 0x28, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmulld", {0x66, 0x0F, 0x38, 0x40, R}, 5, T_INT, 0, 0, 0, 0},
    {"pcmpeqq", {0x66, 0x0F, 0x38, 0x29, R}, 5, T_INT, 0, 0, 0, 0},
    {"packusdw", {0x66, 0x0F, 0x38, 0x2B, R}, 5, T_INT, 0, 0, 0, 0},
    {"pminsb", {0x66, 0x0F, 0x38, 0x38, R}, 5, T_INT, 0, 0, 0, 0},
    {"pminud", {0x66, 0x0F, 0x38, 0x3B, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmaxsd", {0x66, 0x0F, 0x38, 0x3D, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmaxuw", {0x66, 0x0F, 0x38, 0x3E, R}, 5, T_INT, 0, 0, 0, 0},
    {"phminposuw", {0x66, 0x0F, 0x38, 0x41, R}, 5, T_INT, 0, 0, 0, 0},
    {"mpsadbw", {0x66, 0x0F, 0x3A, 0x42, R}, 5, T_INT, 255, 0, 0, 0},
    {"pmovsxbw", {0x66, 0x0F, 0x38, 0x20, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmovsxbq", {0x66, 0x0F, 0x38, 0x22, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmovzxwd", {0x66, 0x0F, 0x38, 0x33, R}, 5, T_INT, 0, 0, 0, 0},
    {"pmovzxdq", {0x66, 0x0F, 0x38, 0x35, R}, 5, T_INT, 0, 0, 0, 0},
    {"pextrb", {0x66, 0x0F, 0x3A, 0x14, 0xC8}, 5, T_INT, 255, 0, 0, 0},
    {"pextrd", {0x66, 0x0F, 0x3A, 0x16, 0xC8}, 5, T_INT, 255, 0, 0, 0},
    {"pextrq", {0x66, 0x48, 0x0F, 0x3A, 0x16, 0xC8}, 6, T_INT, 255, 0, 0, 0},
    {"pinsrb", {0x66, 0x0F, 0x3A, 0x20, 0xC2}, 5, T_INT, 255, 0, 0, 0},
    {"pinsrd", {0x66, 0x0F, 0x3A, 0x22, 0xC2}, 5, T_INT, 255, 0, 0, 0},
    {"pinsrq", {0x66, 0x48, 0x0F, 0x3A, 0x22, 0xC2}, 6, T_INT, 255, 0, 0, 0},
    /* SSE4.2 */
    {"pcmpgtq", {0x66, 0x0F, 0x38, 0x37, R}, 5, T_INT, 0, 0, 0, 0},
    {"pcmpistri", {0x66, 0x0F, 0x3A, 0x63, R}, 5, T_STR, 255, FL_ALL, 0, 0},
    {"pcmpistrm", {0x66, 0x0F, 0x3A, 0x62, R}, 5, T_STR, 255, FL_ALL, 0, 0},
    {"pcmpestri", {0x66, 0x0F, 0x3A, 0x61, R}, 5, T_STR, 255, FL_ALL, 0, 0},
    {"pcmpestrm", {0x66, 0x0F, 0x3A, 0x60, R}, 5, T_STR, 255, FL_ALL, 0, 0},
    {"crc32 r32,r8", {0xF2, 0x0F, 0x38, 0xF0, 0xC2}, 5, T_INT, 0, 0, 0, 0},
    {"crc32 r32,r16", {0x66, 0xF2, 0x0F, 0x38, 0xF1, 0xC2}, 6, T_INT, 0, 0, 0, 0},
    {"crc32 r32,r32", {0xF2, 0x0F, 0x38, 0xF1, 0xC2}, 5, T_INT, 0, 0, 0, 0},
    {"crc32 r64,r64", {0xF2, 0x48, 0x0F, 0x38, 0xF1, 0xC2}, 6, T_INT, 0, 0, 0, 0},
    {"popcnt", {0xF3, 0x0F, 0xB8, 0xC2}, 4, T_INT, 0, FL_ALL, 0, 0},
};
#define NPOOL (sizeof pool / sizeof pool[0])

/* ---------------------------------------------------------------------- */
/* operand generation                                                     */

static uint64_t rng = 0x243F6A8885A308D3ull;
static uint64_t rnd(void) { return xorshift64(&rng); }

static uint32_t gen_f32(void)
{
    uint32_t s = (uint32_t)(rnd() & 1) << 31, r = (uint32_t)rnd();
    switch (rnd() % 16) {
    case 0: return s;                                  /* zero */
    case 1: return s | (r & 0x7FFFFFu);                /* denormal */
    case 2: return s | 0x7F800000u;                    /* infinity */
    case 3: return s | 0x7FC00000u | (r & 0x3FFFFFu);  /* QNaN */
    case 4: return s | 0x7F800000u | ((r & 0x3FFFFFu) | 1); /* SNaN */
    case 5: return s | (0x00800000u + (r & 0x00FFFFFFu)); /* near the smallest normal */
    case 6: return s | (0x7F000000u + (r & 0x007FFFFFu)); /* huge */
    case 7: return s | ((uint32_t)(127 + rnd() % 32) << 23) | (r & 0x7FFFFFu); /* 1..2^31 */
    case 8: return s | ((uint32_t)(150 + rnd() % 40) << 23) | (r & 0x7FFFFFu); /* large ints */
    case 9: return s | ((uint32_t)(126 + rnd() % 3) << 23) | (r & 0x7Fu << 16); /* 0.5 .. 4, short */
    default: return r;
    }
}
static uint64_t gen_f64(void)
{
    uint64_t s = (rnd() & 1) << 63, r = rnd();
    switch (rnd() % 16) {
    case 0: return s;
    case 1: return s | (r & 0xFFFFFFFFFFFFFull);
    case 2: return s | 0x7FF0000000000000ull;
    case 3: return s | 0x7FF8000000000000ull | (r & 0x7FFFFFFFFFFFFull);
    case 4: return s | 0x7FF0000000000000ull | ((r & 0x7FFFFFFFFFFFFull) | 1);
    case 5: return s | (0x0010000000000000ull + (r & 0x001FFFFFFFFFFFFFull));
    case 6: return s | (0x7FE0000000000000ull + (r & 0x000FFFFFFFFFFFFFull));
    case 7: return s | ((uint64_t)(1023 + rnd() % 33) << 52) | (r & 0xFFFFFFFFFFFFFull);
    case 8: return s | ((uint64_t)(1023 + 52 + rnd() % 20) << 52) | (r & 0xFFFFFFFFFFFFFull);
    case 9: return s | ((uint64_t)(1022 + rnd() % 3) << 52) | (r & (0xFFull << 44));
    case 10: /* float32 range edges: converts to denormal/huge float32 */
        return s | ((uint64_t)(1023 - 126 - rnd() % 30) << 52) | (r & 0xFFFFFFFFFFFFFull);
    case 11:
        return s | ((uint64_t)(1023 + 120 + rnd() % 10) << 52) | (r & 0xFFFFFFFFFFFFFull);
    default: return r;
    }
}
static uint64_t gen_int64(void)
{
    static const uint64_t sp[] = {0, 1, ~0ull, 0x80, 0x7F, 0xFF, 0x8000, 0x7FFF, 0xFFFF,
                                  0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu,
                                  0x8000000000000000ull, 0x7FFFFFFFFFFFFFFFull};
    switch (rnd() % 6) {
    case 0: return sp[rnd() % (sizeof sp / sizeof sp[0])];
    case 1: { /* bytes from a small alphabet */
        uint64_t v = 0;
        for (int k = 0; k < 8; k++) {
            static const uint8_t b[] = {0, 1, 0x7F, 0x80, 0x81, 0xFF, 0xFE};
            v |= (uint64_t)b[rnd() % 7] << (8 * k);
        }
        return v;
    }
    case 2: return rnd() % 64; /* shift counts */
    default: return rnd();
    }
}
static void gen_str(uint8_t *x)
{
    static const char al[] = "abcAB09z";
    for (int k = 0; k < 16; k++)
        x[k] = (uint8_t)(rnd() % 10 == 0 ? rnd() : (uint8_t)al[rnd() % 8]);
    if (rnd() % 2)
        x[rnd() % 16] = 0;
    if (rnd() % 4 == 0)
        x[(rnd() % 8) * 2 + 1] = 0;
}

static void gen_case(const struct form *f, struct st *s)
{
    memset(s, 0, sizeof *s);
    for (int r = 0; r < 3; r++) {
        for (int k = 0; k < 2; k++) {
            uint64_t v;
            switch (f->type) {
            case T_F32: v = gen_f32() | (uint64_t)gen_f32() << 32; break;
            case T_F64: v = gen_f64(); break;
            default: v = gen_int64(); break;
            }
            memcpy(&s->x[r][8 * k], &v, 8);
        }
        if (f->type == T_STR)
            gen_str(s->x[r]);
    }
    /* the blend masks in XMM0: mostly sign bits from the int generator */
    s->mm[0] = gen_int64();
    s->mm[1] = gen_int64();
    if (f->type == T_F32 && rnd() % 2)
        s->mm[1] = gen_f32() | (uint64_t)gen_f32() << 32;
    if (f->type == T_F64 && rnd() % 2)
        s->mm[1] = gen_f64();
    s->rax = gen_int64();
    s->rcx = gen_int64();
    s->rdx = gen_int64();
    if (f->type == T_STR) {
        s->rax = (uint64_t)(int64_t)((int)(rnd() % 41) - 20);
        s->rdx = (uint64_t)(int64_t)((int)(rnd() % 41) - 20);
        if (rnd() % 8 == 0)
            s->rdx = rnd();
    }
    if (f->type == T_CVTI32 || f->type == T_CVTI64)
        s->rdx = rnd() % 3 ? gen_int64() : (rnd() >> (rnd() % 64));
    /* MXCSR: random RC, DAZ, FTZ; every exception masked; no flags */
    uint32_t m = 0x1F80u | (uint32_t)(rnd() % 4) << 13;
    if (rnd() % 4 == 0)
        m |= 0x40;
    if (rnd() % 4 == 0)
        m |= 0x8000;
    s->mxcsr = m;
}

/* ---------------------------------------------------------------------- */
/* host                                                                   */

static uint8_t *host_code;

static unsigned put(uint8_t *p, unsigned n, const uint8_t *b, unsigned len)
{
    memcpy(p + n, b, len);
    return n + len;
}
static void host_build(const struct form *f, uint8_t imm)
{
    static const uint8_t pro[] = {
        0x0F, 0xAE, 0x57, 0x40,             /* ldmxcsr [rdi+64] */
        0xF3, 0x0F, 0x6F, 0x47, 0x00,       /* movdqu xmm0,[rdi] */
        0xF3, 0x0F, 0x6F, 0x4F, 0x10,       /* movdqu xmm1,[rdi+16] */
        0xF3, 0x0F, 0x6F, 0x57, 0x20,       /* movdqu xmm2,[rdi+32] */
        0x0F, 0x6F, 0x47, 0x30,             /* movq mm0,[rdi+48] */
        0x0F, 0x6F, 0x4F, 0x38,             /* movq mm1,[rdi+56] */
        0x48, 0x8B, 0x47, 0x48,             /* mov rax,[rdi+72] */
        0x48, 0x8B, 0x4F, 0x50,             /* mov rcx,[rdi+80] */
        0x48, 0x8B, 0x57, 0x58,             /* mov rdx,[rdi+88] */
    };
    static const uint8_t epi[] = {
        0xF3, 0x0F, 0x7F, 0x47, 0x00,       /* movdqu [rdi],xmm0 */
        0xF3, 0x0F, 0x7F, 0x4F, 0x10,
        0xF3, 0x0F, 0x7F, 0x57, 0x20,
        0x0F, 0x7F, 0x47, 0x30,             /* movq [rdi+48],mm0 */
        0x0F, 0x7F, 0x4F, 0x38,
        0x48, 0x89, 0x47, 0x48,             /* mov [rdi+72],rax */
        0x48, 0x89, 0x4F, 0x50,
        0x48, 0x89, 0x57, 0x58,
        0x9C,                               /* pushfq */
        0x8F, 0x47, 0x60,                   /* pop qword [rdi+96] */
        0x0F, 0xAE, 0x5F, 0x44,             /* stmxcsr [rdi+68] */
        0x0F, 0x77,                         /* emms */
        0xC3,
    };
    unsigned n = 0;
    n = put(host_code, n, pro, sizeof pro);
    n = put(host_code, n, f->bytes, f->len);
    if (f->nimm)
        host_code[n++] = imm;
    n = put(host_code, n, epi, sizeof epi);
}

/* Runs cases [0, n) natively in a child (a host fault kills only it). */
static bool host_run(const struct form *f, const uint8_t *imms, struct st *io, unsigned n,
                     unsigned per_imm)
{
    pid_t pid = fork();
    if (pid == 0) {
        for (unsigned k = 0; k < n; k++) {
            if (k % per_imm == 0)
                host_build(f, imms[k / per_imm]);
            ((void (*)(struct st *))(void *)host_code)(&io[k]);
        }
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* ---------------------------------------------------------------------- */
/* emu                                                                    */

static struct phys *P;
static struct cpu *C;

static bool emu_exec(const struct form *f, uint8_t imm, struct st *s)
{
    uint8_t b[16];
    memcpy(b, f->bytes, f->len);
    b[f->len] = imm;
    struct insn in;
    int len = decode(&in, b, f->len + (f->nimm ? 1u : 0u), DMODE_64);
    if (len <= 0)
        return false;
    in.exec = cpu_handler(in.op, in.form);
    for (int r = 0; r < 3; r++)
        memcpy(&C->xmm.r[r], s->x[r], 16);
    for (int r = 0; r < 2; r++) {
        C->fpu.r[r].sig = s->mm[r];
        C->fpu.r[r].se = 0xFFFF;
    }
    C->fpu.sw &= (uint16_t)~FSW_TOP; /* MM0/MM1 are R0/R1 with TOP = 0 */
    C->xmm.mxcsr = s->mxcsr;
    C->gpr[R_AX] = s->rax;
    C->gpr[R_CX] = s->rcx;
    C->gpr[R_DX] = s->rdx;
    cpu_set_status(C, 0);
    jmp_buf jb;
    C->fault_jmp = &jb;
    if (setjmp(jb)) {
        C->fault_jmp = NULL;
        return false;
    }
    in.exec(C, &in);
    C->fault_jmp = NULL;
    for (int r = 0; r < 3; r++)
        memcpy(s->x[r], &C->xmm.r[r], 16);
    s->mm[0] = C->fpu.r[0].sig;
    s->mm[1] = C->fpu.r[1].sig;
    s->mxcsr_o = C->xmm.mxcsr;
    s->rax = C->gpr[R_AX];
    s->rcx = C->gpr[R_CX];
    s->rdx = C->gpr[R_DX];
    s->rflags = cpu_get_eflags(C);
    return true;
}

/* RCPPS/RSQRTPS lanes: NaN/inf/zero results exactly, others within
 * 3 * 2^-12 of each other */
static bool approx_eq(uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    bool sa = ((a >> 23) & 0xFF) == 0xFF || !(a & 0x7FFFFFFFu);
    bool sb = ((b >> 23) & 0xFF) == 0xFF || !(b & 0x7FFFFFFFu);
    if (sa || sb)
        return false;
    float fa, fb;
    memcpy(&fa, &a, 4);
    memcpy(&fb, &b, 4);
    return fabsf(fa - fb) <= fabsf(fb) * 3.0f / 4096.0f;
}

static bool same(const struct form *f, const struct st *h, const struct st *e)
{
    if (f->cmp == CMP_APPROX) {
        for (int r = 0; r < 3; r++)
            for (int k = 0; k < 4; k++) {
                uint32_t a, b;
                memcpy(&a, &h->x[r][4 * k], 4);
                memcpy(&b, &e->x[r][4 * k], 4);
                if (!approx_eq(a, b))
                    return false;
            }
    } else if (memcmp(h->x, e->x, sizeof h->x)) {
        return false;
    }
    if (f->mmx && memcmp(h->mm, e->mm, sizeof h->mm))
        return false;
    if (h->mxcsr_o != e->mxcsr_o || h->rax != e->rax || h->rcx != e->rcx || h->rdx != e->rdx)
        return false;
    if ((h->rflags ^ e->rflags) & f->flags)
        return false;
    return true;
}

static void dump(const char *who, const struct st *s)
{
    fprintf(stderr, "  %s:", who);
    for (int r = 0; r < 3; r++) {
        uint64_t lo, hi;
        memcpy(&lo, &s->x[r][0], 8);
        memcpy(&hi, &s->x[r][8], 8);
        fprintf(stderr, " x%d=%016llx_%016llx", r, (unsigned long long)hi,
                (unsigned long long)lo);
    }
    fprintf(stderr, " mm=%016llx,%016llx mxcsr=%04x rax=%llx rcx=%llx rdx=%llx fl=%03llx\n",
            (unsigned long long)s->mm[0], (unsigned long long)s->mm[1], s->mxcsr_o,
            (unsigned long long)s->rax, (unsigned long long)s->rcx, (unsigned long long)s->rdx,
            (unsigned long long)(s->rflags & FL_ALL));
}

Test(sse_diff, agreement_with_host, .timeout = 1800)
{
    const char *ns = getenv("SSE_DIFF_N"), *only = getenv("SSE_DIFF_ONLY");
    unsigned n = ns ? (unsigned)strtoul(ns, NULL, 0) : 2000;
    if (n < 64)
        n = 64;
    host_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    cr_assert(host_code != MAP_FAILED);
    P = phys_new(1 << 20);
    C = cpu_new(NULL, P);
    C->cr4 |= 1u << 9; /* CR4.OSFXSR */
    C->cr0 &= ~(uint64_t)(CR0_EM | CR0_TS);
    struct st *in = malloc(sizeof *in * n), *e = malloc(sizeof *e * n);
    struct st *h = mmap(NULL, sizeof *h * n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                        -1, 0);
    cr_assert(in && e && h != MAP_FAILED);
    unsigned bad_forms = 0;
    uint64_t total = 0, total_ok = 0;
    for (unsigned p = 0; p < NPOOL; p++) {
        const struct form *f = &pool[p];
        if (only && strcmp(only, f->name))
            continue;
        /* imm8 values: 0..nimm-1, or random ones (a new one every 64 cases) */
        unsigned per = f->nimm == 255 ? 64 : f->nimm ? (n + f->nimm - 1) / f->nimm : n;
        unsigned nb = (n + per - 1) / per;
        uint8_t *imms = calloc(nb, 1);
        for (unsigned b = 0; b < nb; b++)
            imms[b] = f->nimm == 255 ? (uint8_t)rnd() : (uint8_t)(f->nimm ? b % f->nimm : 0);
        for (unsigned k = 0; k < n; k++)
            gen_case(f, &in[k]);
        memcpy(h, in, sizeof *h * n);
        bool host_ok = host_run(f, imms, h, n, per);
        cr_expect(host_ok, "%s: the host run failed", f->name);
        unsigned ok = 0, shown = 0;
        for (unsigned k = 0; k < n; k++) {
            e[k] = in[k];
            bool ran = emu_exec(f, imms[k / per], &e[k]);
            if (ran && host_ok && same(f, &h[k], &e[k])) {
                ok++;
            } else if (shown++ < 3) {
                fprintf(stderr, "%s imm=%02x mismatch%s\n", f->name, imms[k / per],
                        ran ? "" : " (emu faulted)");
                struct st i2 = in[k];
                i2.mxcsr_o = in[k].mxcsr;
                dump("in  ", &i2);
                dump("host", &h[k]);
                dump("emu ", &e[k]);
            }
        }
        free(imms);
        printf("%-16s %6u/%-6u %7.3f%%\n", f->name, ok, n, 100.0 * ok / n);
        total += n;
        total_ok += ok;
        if (ok != n)
            bad_forms++;
    }
    printf("sse_diff: %llu/%llu cases agree (%.4f%%)\n", (unsigned long long)total_ok,
           (unsigned long long)total, total ? 100.0 * (double)total_ok / (double)total : 0.0);
    fflush(stdout);
    cr_expect_eq(bad_forms, 0, "%u instruction forms disagree with the host", bad_forms);
    munmap(h, sizeof *h * n);
    free(in);
    free(e);
    cpu_free(C);
    phys_free(P);
}
