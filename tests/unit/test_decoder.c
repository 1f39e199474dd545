/* tests/unit/test_decoder.c: decode() and disasm() on hand-picked encodings.
 * Expected values come from the SDM (Vol.2 chapter 2 and the instruction
 * pages); the disassembly strings follow Capstone's Intel syntax. */
#include <criterion/criterion.h>
#include <string.h>

#include "decoder/opcodes.h"

#define B(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static struct insn in;

static int dec(enum dec_mode m, const uint8_t *b, size_t n)
{
    return decode(&in, b, n, m);
}

static const char *dis(uint64_t rip)
{
    static char buf[128];
    disasm(buf, sizeof buf, &in, rip);
    return buf;
}

static void expect_text(enum dec_mode m, const uint8_t *b, size_t n, uint64_t rip, const char *want)
{
    int r = decode(&in, b, n, m);
    cr_assert_eq(r, (int)n, "length %d for \"%s\"", r, want);
    cr_expect_str_eq(dis(rip), want);
}

/* ---- lengths and basic fields ---- */

Test(decoder, simple_lengths)
{
    cr_expect_eq(dec(DMODE_32, B(0x90)), 1);
    cr_expect_eq(in.op, IOP_NOP);
    cr_expect_eq(in.mod, 3);
    cr_expect_eq(dec(DMODE_32, B(0x05, 1, 2, 3, 4)), 5);
    cr_expect_eq(dec(DMODE_16, B(0x05, 1, 2)), 3);
    cr_expect_eq(dec(DMODE_64, B(0x48, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8)), 10);
    cr_expect_eq(in.imm, 0x0807060504030201ull);
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0x38, 0x00, 0xC1)), 4); /* pshufb mm0, mm1 */
    cr_expect_eq(in.map, MAP_0F38);
    cr_expect_eq(dec(DMODE_32, B(0x66, 0x0F, 0x3A, 0x0F, 0xC1, 0x08)), 6); /* palignr xmm */
    cr_expect_eq(in.map, MAP_0F3A);
    cr_expect_eq(in.pfx, P_66);
    cr_expect_eq(in.imm, 8);
}

Test(decoder, opsize_and_addrsize)
{
    dec(DMODE_16, B(0x66, 0x01, 0xC0));
    cr_expect_eq(in.opsize, 4);
    cr_expect_eq(in.addrsize, 2);
    cr_expect_eq(in.amask, 0xFFFF);
    cr_expect_eq(in.form, FORM(SZ32, 0));
    dec(DMODE_32, B(0x67, 0x01, 0x00));
    cr_expect_eq(in.addrsize, 2);
    cr_expect_eq(in.form, FORM(SZ32, 1));
    dec(DMODE_64, B(0x66, 0x48, 0x01, 0xC0)); /* REX.W wins over 66 */
    cr_expect_eq(in.opsize, 8);
    cr_expect_eq(in.form, FORM(SZ64, 0));
    dec(DMODE_64, B(0x67, 0x01, 0x00));
    cr_expect_eq(in.addrsize, 4);
    cr_expect_eq(in.amask, 0xFFFFFFFFu);
    dec(DMODE_64, B(0x50)); /* push: default 64 */
    cr_expect_eq(in.opsize, 8);
    dec(DMODE_64, B(0x66, 0x50));
    cr_expect_eq(in.opsize, 2);
    dec(DMODE_64, B(0x66, 0xEB, 0x00)); /* near branch: forced 64 */
    cr_expect_eq(in.opsize, 8);
    dec(DMODE_64, B(0x01, 0x00));
    cr_expect_eq(in.amask, ~0ull);
}

/* ---- ModRM and SIB ---- */

Test(decoder, modrm16_forms)
{
    static const uint8_t base[8] = {R_BX, R_BX, R_BP, R_BP, R_SI, R_DI, R_BP, R_BX};
    static const uint8_t index[8] = {R_SI, R_DI, R_SI, R_DI, R_NONE, R_NONE, R_NONE, R_NONE};
    for (uint8_t rm = 0; rm < 8; rm++) {
        uint8_t b[4] = {0x8B, (uint8_t)(0x40 | rm), 0xFE};
        cr_assert_eq(decode(&in, b, 3, DMODE_16), 3);
        cr_expect_eq(in.base, base[rm], "rm %d", rm);
        cr_expect_eq(in.index, index[rm], "rm %d", rm);
        cr_expect_eq(in.disp, -2);
        cr_expect_eq(in.seg, (rm == 2 || rm == 3 || rm == 6) ? SEG_SS : SEG_DS, "rm %d", rm);
    }
    cr_expect_eq(dec(DMODE_16, B(0x8B, 0x06, 0x34, 0x12)), 4); /* [0x1234] */
    cr_expect_eq(in.base, R_NONE);
    cr_expect_eq(in.disp, 0x1234);
    cr_expect_eq(in.seg, SEG_DS);
    cr_expect_eq(dec(DMODE_16, B(0x8B, 0x86, 0x00, 0x80)), 4); /* [bp - 0x8000] */
    cr_expect_eq(in.disp, -0x8000);
}

Test(decoder, modrm32_sib_forms)
{
    /* mov eax, [esp] needs a SIB with no index */
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x04, 0x24)), 3);
    cr_expect_eq(in.base, R_SP);
    cr_expect_eq(in.index, R_NONE);
    cr_expect_eq(in.seg, SEG_SS);
    /* [eax + ecx*4 + 0x10] */
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x44, 0x88, 0x10)), 4);
    cr_expect_eq(in.base, R_AX);
    cr_expect_eq(in.index, R_CX);
    cr_expect_eq(in.scale, 2);
    cr_expect_eq(in.disp, 0x10);
    /* SIB base 101 with mod 0: [ecx*8 + disp32] */
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x04, 0xCD, 0x78, 0x56, 0x34, 0x12)), 7);
    cr_expect_eq(in.base, R_NONE);
    cr_expect_eq(in.index, R_CX);
    cr_expect_eq(in.scale, 3);
    cr_expect_eq(in.disp, 0x12345678);
    /* mod 0 rm 101: disp32 absolute in 32-bit mode */
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x05, 0xF0, 0xFF, 0xFF, 0xFF)), 6);
    cr_expect_eq(in.base, R_NONE);
    cr_expect_eq(in.disp, -16);
    cr_expect_eq(in.flags & IF_RIPREL, 0);
    /* [ebp + 8] defaults to SS, [ebp] needs mod 1 */
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x45, 0x08)), 3);
    cr_expect_eq(in.base, R_BP);
    cr_expect_eq(in.seg, SEG_SS);
}

Test(decoder, modrm64_rex_and_riprel)
{
    /* mov rax, [rip + 0x10] */
    cr_expect_eq(dec(DMODE_64, B(0x48, 0x8B, 0x05, 0x10, 0, 0, 0)), 7);
    cr_expect(in.flags & IF_RIPREL);
    cr_expect_eq(in.base, R_RIP);
    cr_expect_eq(in.index, R_NONE);
    cr_expect_eq(in.disp, 0x10);
    /* mov r9, [r12 + r13*2]: REX.WRXB */
    cr_expect_eq(dec(DMODE_64, B(0x4F, 0x8B, 0x0C, 0x6C)), 4);
    cr_expect_eq(in.reg, R_R9);
    cr_expect_eq(in.base, R_R12);
    cr_expect_eq(in.index, R_R13);
    cr_expect_eq(in.scale, 1);
    cr_expect_eq(in.seg, SEG_DS); /* only rSP/rBP bases default to SS */
    /* REX.X makes index 100b R12 */
    cr_expect_eq(dec(DMODE_64, B(0x42, 0x8B, 0x04, 0x20)), 4);
    cr_expect_eq(in.index, R_R12);
    /* r13 base with mod 0 is disp32, like rbp */
    cr_expect_eq(dec(DMODE_64, B(0x41, 0x8B, 0x04, 0x25, 0x00, 0x10, 0, 0)), 8);
    cr_expect_eq(in.base, R_NONE);
    cr_expect_eq(in.disp, 0x1000);
    /* register form with REX.B */
    cr_expect_eq(dec(DMODE_64, B(0x49, 0x01, 0xC7)), 3);
    cr_expect_eq(in.rm, R_R15);
    cr_expect_eq(in.mod, 3);
}

Test(decoder, mov_cr_is_register_form)
{
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0x20, 0x00)), 3); /* mod 0 still names eax */
    cr_expect_eq(in.op, IOP_MOV_RdCd);
    cr_expect_eq(in.mod, 3);
    cr_expect_eq(in.rm, R_AX);
    cr_expect_eq(in.form & 1, 0);
    cr_expect_eq(dec(DMODE_64, B(0x44, 0x0F, 0x22, 0xC0)), 4); /* mov cr8, rax */
    cr_expect_eq(in.reg, 8);
    cr_expect_eq(in.opsize, 8);
}

/* ---- prefixes ---- */

Test(decoder, segment_overrides)
{
    dec(DMODE_32, B(0x26, 0x64, 0x8B, 0x00));
    cr_expect_eq(in.seg, SEG_FS); /* the last one wins */
    cr_expect(in.flags & IF_SEGOVR);
    dec(DMODE_64, B(0x64, 0x8B, 0x00));
    cr_expect_eq(in.seg, SEG_FS);
    dec(DMODE_64, B(0x26, 0x8B, 0x45, 0x00)); /* ES ignored in 64-bit mode */
    cr_expect_eq(in.seg, SEG_SS);
    cr_expect_eq(in.flags & IF_SEGOVR, 0);
    dec(DMODE_32, B(0x2E, 0xA4)); /* string source takes the override */
    cr_expect_eq(in.seg, SEG_CS);
    dec(DMODE_32, B(0xA4));
    cr_expect_eq(in.seg, SEG_DS);
}

Test(decoder, rex_must_precede_opcode)
{
    /* REX followed by a legacy prefix is ignored */
    cr_expect_eq(dec(DMODE_64, B(0x48, 0x66, 0x01, 0xC0)), 4);
    cr_expect_eq(in.rex, 0);
    cr_expect_eq(in.opsize, 2);
    /* two REX prefixes: the last one counts */
    cr_expect_eq(dec(DMODE_64, B(0x48, 0x41, 0x01, 0xC0)), 4);
    cr_expect_eq(in.rex, 0x41);
    cr_expect_eq(in.opsize, 4);
    cr_expect_eq(in.rm, R_R8);
    /* 40-4F are INC/DEC outside 64-bit mode */
    cr_expect_eq(dec(DMODE_32, B(0x41)), 1);
    cr_expect_eq(in.op, IOP_INC_Zv);
    cr_expect_eq(in.reg, R_CX);
}

Test(decoder, rep_and_mandatory_prefixes)
{
    dec(DMODE_32, B(0xF3, 0xA5));
    cr_expect_eq(in.rep, REP_F3);
    dec(DMODE_32, B(0xF3, 0xF2, 0xA6));
    cr_expect_eq(in.rep, REP_F2);
    /* F3 0F 10 movss consumes the F3 */
    cr_expect_eq(dec(DMODE_32, B(0xF3, 0x0F, 0x10, 0xC1)), 4);
    cr_expect_eq(in.op, IOP_MOVSS_VssWss);
    cr_expect_eq(in.rep, REP_NONE);
    cr_expect_eq(in.pfx, P_F3);
    /* 66 0F 6F movdqa: the 66 is not an operand-size prefix */
    dec(DMODE_32, B(0x66, 0x0F, 0x6F, 0xC1));
    cr_expect_eq(in.op, IOP_MOVDQA_VxWx);
    cr_expect_eq(in.opsize, 4);
    /* F3 wins over 66 for the class */
    dec(DMODE_32, B(0x66, 0xF3, 0x0F, 0x6F, 0xC1));
    cr_expect_eq(in.op, IOP_MOVDQU_VxWx);
    /* the last of F2/F3 wins */
    dec(DMODE_32, B(0xF3, 0xF2, 0x0F, 0x10, 0xC1));
    cr_expect_eq(in.op, IOP_MOVSD_VsdWsd);
    /* no prefix: MMX form */
    dec(DMODE_32, B(0x0F, 0x6F, 0xC1));
    cr_expect_eq(in.op, IOP_MOVQ_PqQq);
    /* a prefix class the opcode does not define is #UD */
    cr_expect_eq(dec(DMODE_32, B(0xF2, 0x0F, 0x6F, 0xC1)), DEC_UD);
    /* popcnt needs F3, crc32 needs F2; 66 still sizes them */
    dec(DMODE_32, B(0x66, 0xF3, 0x0F, 0xB8, 0xC1));
    cr_expect_eq(in.op, IOP_POPCNT_GvEv);
    cr_expect_eq(in.opsize, 2);
    dec(DMODE_32, B(0xF2, 0x0F, 0x38, 0xF1, 0xC1));
    cr_expect_eq(in.op, IOP_CRC32_GyEv);
    dec(DMODE_32, B(0x0F, 0x38, 0xF0, 0x01));
    cr_expect_eq(in.op, IOP_MOVBE_GvMv);
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0xB8, 0xC1)), DEC_UD);
}

Test(decoder, pause_and_xchg_r8)
{
    dec(DMODE_32, B(0xF3, 0x90));
    cr_expect_eq(in.op, IOP_PAUSE);
    dec(DMODE_64, B(0x41, 0x90));
    cr_expect_eq(in.op, IOP_XCHG_ZvrAX);
    cr_expect_eq(in.reg, R_R8);
    dec(DMODE_64, B(0x48, 0x90)); /* REX.W alone: still NOP */
    cr_expect_eq(in.op, IOP_NOP);
}

/* ---- errors ---- */

Test(decoder, too_long_and_need_more)
{
    uint8_t b[20];
    memset(b, 0x66, sizeof b);
    b[14] = 0x90; /* 14 prefixes + nop = 15 bytes: fine */
    cr_expect_eq(decode(&in, b, sizeof b, DMODE_32), 15);
    b[14] = 0x66;
    b[15] = 0x90; /* 16 bytes */
    cr_expect_eq(decode(&in, b, sizeof b, DMODE_32), DEC_TOO_LONG);
    memset(b, 0x66, sizeof b);
    b[10] = 0x05; /* 10 prefixes + add eax, imm16 = 13 bytes: ok */
    cr_expect_eq(decode(&in, b, sizeof b, DMODE_32), 13);
    memset(b, 0x2E, sizeof b);
    b[11] = 0x05; /* 11 prefixes + 05 + imm32 = 16 bytes */
    cr_expect_eq(decode(&in, b, sizeof b, DMODE_32), DEC_TOO_LONG);
    /* running out of bytes */
    cr_expect_eq(dec(DMODE_32, B(0x05, 1, 2)), DEC_NEED_MORE);
    cr_expect_eq(dec(DMODE_32, B(0x0F)), DEC_NEED_MORE);
    cr_expect_eq(dec(DMODE_32, B(0x8B, 0x04)), DEC_NEED_MORE);
    cr_expect_eq(dec(DMODE_32, B(0x8B)), DEC_NEED_MORE);
    cr_expect_eq(dec(DMODE_32, B(0x66, 0x67)), DEC_NEED_MORE);
    cr_expect_eq(decode(&in, b, 0, DMODE_16), DEC_NEED_MORE);
}

Test(decoder, undefined_opcodes)
{
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0x04)), DEC_UD);
    cr_expect_eq(in.op, IOP_INVALID);
    cr_expect_eq(in.len, 2);
    cr_expect_eq(dec(DMODE_64, B(0x06)), DEC_UD); /* push es: not in 64-bit mode */
    cr_expect_eq(dec(DMODE_64, B(0x63, 0xC1)), 2); /* movsxd */
    cr_expect_eq(in.op, IOP_MOVSXD_GvEd);
    cr_expect_eq(dec(DMODE_32, B(0x63, 0xC1)), 2); /* arpl */
    cr_expect_eq(in.op, IOP_ARPL_EwGw);
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0x01, 0xF8)), DEC_UD); /* swapgs only in 64 */
    cr_expect_eq(dec(DMODE_32, B(0x8D, 0xC0)), DEC_UD);       /* lea with a register */
    cr_expect_eq(dec(DMODE_32, B(0x8E, 0xC8)), DEC_UD);       /* mov cs, ax */
    cr_expect_eq(dec(DMODE_32, B(0x8C, 0xF0)), DEC_UD);       /* Sreg 6 */
    cr_expect_eq(dec(DMODE_32, B(0xFF, 0xF8)), DEC_UD);       /* FF /7 */
    cr_expect_eq(dec(DMODE_32, B(0xFE, 0x10)), DEC_UD);       /* FE /2 */
}

Test(decoder, lock_rules)
{
    cr_expect_eq(dec(DMODE_32, B(0xF0, 0x01, 0x00)), 3); /* lock add [eax], eax */
    cr_expect_eq(in.lock, 1);
    cr_expect_eq(dec(DMODE_32, B(0xF0, 0x01, 0xC0)), DEC_UD); /* register destination */
    cr_expect_eq(dec(DMODE_32, B(0xF0, 0x8B, 0x00)), DEC_UD); /* mov is not lockable */
    cr_expect_eq(dec(DMODE_32, B(0xF0, 0x90)), DEC_UD);
    cr_expect_eq(dec(DMODE_32, B(0xF0, 0x0F, 0xC7, 0x08)), 4); /* lock cmpxchg8b */
}

/* ---- registers and immediates ---- */

Test(decoder, byte_registers)
{
    dec(DMODE_32, B(0x88, 0xE0)); /* mov al, ah */
    cr_expect_eq(in.rm, R_AX);
    cr_expect_eq(in.reg, REG8_AH);
    dec(DMODE_64, B(0x40, 0x88, 0xE0)); /* mov al, spl */
    cr_expect_eq(in.reg, R_SP);
    dec(DMODE_64, B(0x44, 0x88, 0xE7)); /* mov dil, r12b */
    cr_expect_eq(in.reg, R_R12);
    cr_expect_eq(in.rm, R_DI);
    dec(DMODE_32, B(0xB7, 0x12)); /* mov bh, 0x12 */
    cr_expect_eq(in.reg, REG8_BH);
    dec(DMODE_64, B(0x41, 0xB7, 0x12)); /* mov r15b, 0x12 */
    cr_expect_eq(in.reg, R_R15);
    dec(DMODE_32, B(0x0F, 0xB6, 0xC4)); /* movzx eax, ah */
    cr_expect_eq(in.rm, REG8_AH);
    cr_expect_eq(in.reg, R_AX);
    dec(DMODE_32, B(0x0F, 0x94, 0xC7)); /* sete bh */
    cr_expect_eq(in.rm, REG8_BH);
}

Test(decoder, immediates)
{
    dec(DMODE_32, B(0x83, 0xC0, 0xFF)); /* add eax, -1: Ibs */
    cr_expect_eq(in.imm, ~0ull);
    dec(DMODE_32, B(0x80, 0xC0, 0xFF)); /* add al, 0xff: Ib */
    cr_expect_eq(in.imm, 0xFF);
    dec(DMODE_32, B(0x05, 0xFF, 0xFF, 0xFF, 0xFF));
    cr_expect_eq(in.imm, 0xFFFFFFFFull);
    dec(DMODE_64, B(0x48, 0x05, 0xFF, 0xFF, 0xFF, 0xFF)); /* Iz sign-extends to 64 */
    cr_expect_eq(in.imm, ~0ull);
    dec(DMODE_16, B(0x05, 0x00, 0x80));
    cr_expect_eq(in.imm, 0x8000);
    dec(DMODE_32, B(0xD1, 0xE0)); /* shl eax, 1 */
    cr_expect_eq(in.imm, 1);
    dec(DMODE_32, B(0xC8, 0x10, 0x00, 0x03)); /* enter 16, 3 */
    cr_expect_eq(in.imm, 16);
    cr_expect_eq(in.imm2, 3);
    dec(DMODE_32, B(0x69, 0xC1, 0x10, 0x00, 0x00, 0x00)); /* imul eax, ecx, 16 */
    cr_expect_eq(in.imm, 16);
    dec(DMODE_32, B(0x0F, 0xA4, 0xC1, 0x05)); /* shld ecx, eax, 5 */
    cr_expect_eq(in.imm, 5);
    dec(DMODE_16, B(0xEA, 0x5B, 0xE0, 0x00, 0xF0)); /* jmp far f000:e05b */
    cr_expect_eq(in.imm, 0xE05B);
    cr_expect_eq(in.imm2, 0xF000);
    dec(DMODE_32, B(0x9A, 1, 2, 3, 4, 0x08, 0x00)); /* call far 8:04030201 */
    cr_expect_eq(in.imm, 0x04030201);
    cr_expect_eq(in.imm2, 8);
    dec(DMODE_32, B(0x75, 0xFE)); /* jne $ */
    cr_expect_eq(in.imm, (uint64_t)-2);
    dec(DMODE_16, B(0xE9, 0x00, 0x80)); /* jmp rel16 */
    cr_expect_eq(in.imm, (uint64_t)-0x8000);
    cr_expect_eq(in.len, 3);
    dec(DMODE_32, B(0xA1, 0x78, 0x56, 0x34, 0x12)); /* mov eax, [moffs32] */
    cr_expect_eq(in.imm, 0x12345678);
    cr_expect_eq(in.mod, 0);
    cr_expect_eq(in.base, R_NONE);
    cr_expect_eq(in.seg, SEG_DS);
    cr_expect_eq(dec(DMODE_64, B(0xA1, 1, 2, 3, 4, 5, 6, 7, 8)), 9); /* moffs64 */
    cr_expect_eq(in.imm, 0x0807060504030201ull);
    cr_expect_eq(dec(DMODE_64, B(0x67, 0xA1, 1, 2, 3, 4)), 6);
}

Test(decoder, x87_and_groups)
{
    cr_expect_eq(dec(DMODE_32, B(0xD9, 0xE8)), 2);
    cr_expect_eq(in.op, IOP_FLD1);
    cr_expect_eq(dec(DMODE_32, B(0xDD, 0x45, 0x08)), 3);
    cr_expect_eq(in.op, IOP_FLD_Mfl);
    cr_expect_eq(dec(DMODE_32, B(0xDF, 0xE0)), 2);
    cr_expect_eq(in.op, IOP_FNSTSW_AX);
    cr_expect_eq(dec(DMODE_32, B(0xD9, 0xD1)), DEC_UD); /* D9 D1 is reserved */
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0xAE, 0xF0)), 3);
    cr_expect_eq(in.op, IOP_MFENCE);
    cr_expect_eq(dec(DMODE_32, B(0x0F, 0xAE, 0x38)), 3);
    cr_expect_eq(in.op, IOP_CLFLUSH);
    cr_expect_eq(dec(DMODE_32, B(0x66, 0x0F, 0x73, 0xF9, 0x04)), 5);
    cr_expect_eq(in.op, IOP_PSLLDQ_UxIb);
}

/* ---- disassembly ---- */

Test(disasm, integer)
{
    expect_text(DMODE_16, B(0x00, 0x00), 0, "add byte ptr [bx + si], al");
    expect_text(DMODE_32, B(0x8B, 0x45, 0xF8), 0, "mov eax, dword ptr [ebp - 8]");
    expect_text(DMODE_32, B(0x8B, 0x44, 0x88, 0x10), 0, "mov eax, dword ptr [eax + ecx*4 + 0x10]");
    expect_text(DMODE_64, B(0x48, 0x8B, 0x05, 0x10, 0, 0, 0), 0, "mov rax, qword ptr [rip + 0x10]");
    expect_text(DMODE_32, B(0x64, 0x8B, 0x00), 0, "mov eax, dword ptr fs:[eax]");
    expect_text(DMODE_16, B(0x8B, 0x06, 0x34, 0x12), 0, "mov ax, word ptr [0x1234]");
    expect_text(DMODE_32, B(0x88, 0xE0), 0, "mov al, ah");
    expect_text(DMODE_64, B(0x40, 0x88, 0xE0), 0, "mov al, spl");
    expect_text(DMODE_32, B(0x83, 0xC0, 0x10), 0, "add eax, 0x10");
    expect_text(DMODE_32, B(0xC8, 0x10, 0x00, 0x03), 0, "enter 0x10, 3");
    expect_text(DMODE_32, B(0x8D, 0x04, 0x24), 0, "lea eax, [esp]");
    expect_text(DMODE_32, B(0xF0, 0x0F, 0xB1, 0x0A), 0, "lock cmpxchg dword ptr [edx], ecx");
    expect_text(DMODE_32, B(0x0F, 0x22, 0xC0), 0, "mov cr0, eax");
    expect_text(DMODE_64, B(0x41, 0x90), 0, "xchg r8d, eax");
}

Test(disasm, branches_and_strings)
{
    expect_text(DMODE_16, B(0x75, 0x10), 0x1220, "jne 0x1232");
    expect_text(DMODE_16, B(0xEB, 0xFE), 0xFFFF, "jmp 0xffff");
    expect_text(DMODE_16, B(0xE9, 0x00, 0x10), 0xF000, "jmp 0x3"); /* wraps at 64K */
    expect_text(DMODE_32, B(0xE8, 0xFB, 0xFF, 0xFF, 0xFF), 0x401000, "call 0x401000");
    expect_text(DMODE_64, B(0x0F, 0x84, 0x00, 0x01, 0x00, 0x00), 0x7FFFFFFFF000ull, "je 0x7ffffffff106");
    expect_text(DMODE_16, B(0xEA, 0x5B, 0xE0, 0x00, 0xF0), 0, "jmp far 0xf000:0xe05b");
    expect_text(DMODE_16, B(0xF3, 0xA4), 0, "rep movsb");
    expect_text(DMODE_32, B(0xF3, 0xA6), 0, "repe cmpsb");
    expect_text(DMODE_32, B(0xF2, 0xAE), 0, "repne scasb");
    expect_text(DMODE_64, B(0xF3, 0x48, 0xAB), 0, "rep stosq");
    expect_text(DMODE_32, B(0x66, 0xAD), 0, "lodsw");
    expect_text(DMODE_32, B(0xCD, 0x21), 0, "int 0x21");
}

Test(disasm, fpu_sse)
{
    expect_text(DMODE_32, B(0xD8, 0xC1), 0, "fadd st(0), st(1)");
    expect_text(DMODE_32, B(0xDC, 0xC1), 0, "fadd st(1), st(0)");
    expect_text(DMODE_32, B(0xDD, 0x45, 0x08), 0, "fld qword ptr [ebp + 8]");
    expect_text(DMODE_32, B(0xDB, 0x28), 0, "fld xword ptr [eax]");
    expect_text(DMODE_32, B(0xDF, 0xE0), 0, "fnstsw ax");
    expect_text(DMODE_32, B(0x66, 0x0F, 0x6F, 0x04, 0x24), 0, "movdqa xmm0, xmmword ptr [esp]");
    expect_text(DMODE_32, B(0xF3, 0x0F, 0x58, 0xCA), 0, "addss xmm1, xmm2");
    expect_text(DMODE_32, B(0x0F, 0xEF, 0xC1), 0, "pxor mm0, mm1");
    expect_text(DMODE_64, B(0x66, 0x48, 0x0F, 0x7E, 0xC0), 0, "movq rax, xmm0");
    expect_text(DMODE_64, B(0x66, 0x45, 0x0F, 0x3A, 0x16, 0xC1, 0x02), 0, "pextrd r9d, xmm8, 2");
    expect_text(DMODE_32, B(0x0F, 0xAE, 0xE8), 0, "lfence");
}

Test(disasm, never_overflows)
{
    char buf[64];
    dec(DMODE_64, B(0x66, 0x48, 0x0F, 0x7E, 0xC0));
    int full = disasm(buf, sizeof buf, &in, 0);
    for (size_t n = 0; n < (size_t)full + 2; n++) {
        char small[64];
        memset(small, 'X', sizeof small);
        int r = disasm(small, n, &in, 0);
        cr_assert_leq((size_t)r, n ? n - 1 : 0, "size %zu", n);
        for (size_t i = n; i < sizeof small; i++)
            cr_assert_eq(small[i], 'X', "wrote past %zu", n);
        if (n)
            cr_assert_eq(small[r], 0);
    }
    in.op = IOP_INVALID;
    disasm(buf, sizeof buf, &in, 0);
    cr_expect_str_eq(buf, "(bad)");
}

Test(decoder, every_entry_reachable_name)
{
    /* the table index is by IOP, with a name and a mnemonic for each */
    cr_assert_eq(opdesc_count, IOP_COUNT);
    for (unsigned i = 1; i < opdesc_count; i++) {
        cr_assert_not_null(opdesc_table[i].name, "entry %u", i);
        cr_assert_not_null(opdesc_table[i].mnem, "entry %u", i);
        cr_expect(opdesc_table[i].count >= 1, "%s", opdesc_table[i].name);
    }
}
