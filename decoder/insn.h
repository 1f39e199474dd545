/* decoder/insn.h: the decoded-instruction record and the decoder's interface.
 *
 * decode() is a pure function: bytes and a code size in, a struct insn out.
 * The record holds everything execution needs, so that handlers never look
 * at instruction bytes again and never switch on operand size: the decoder
 * resolves prefixes, ModRM/SIB/displacement, immediates and the exact form
 * (register or memory operand, operand size) of the instruction.
 */
#ifndef EMU_DECODER_INSN_H
#define EMU_DECODER_INSN_H

#include <stddef.h>
#include <stdint.h>

struct cpu;
struct insn;
typedef void (*handler_fn)(struct cpu *, const struct insn *);

/* Default code size the decoder is asked to decode for (CS.D / CS.L). */
enum dec_mode { DMODE_16 = 0, DMODE_32 = 1, DMODE_64 = 2 };

/* Segment register numbers, in the encoding order of the Sreg field. */
enum { SEG_ES = 0, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_NONE = 7 };

/* General register numbers (REX-extended encodings 0-15). */
enum {
    R_AX = 0, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
    R_NONE = 16, /* a register slot that always reads zero (absent base/index) */
    R_RIP = 17,  /* base of a RIP-relative operand (IF_RIPREL): the slot after
                    the registers holds the next instruction's RIP */
};

/* Byte register operands: 0-15 name the low byte of that register;
 * REG8_AH..REG8_BH name bits 15:8 of AX..BX (no REX prefix present). */
enum { REG8_AH = 16, REG8_CH, REG8_DH, REG8_BH };

/* Opcode maps. */
enum { MAP_1 = 0, MAP_0F, MAP_0F38, MAP_0F3A, MAP_COUNT };

/* Operand kinds, Intel SDM Appendix A naming (table and disassembler). */
enum opnd {
    O_NONE = 0,
    /* ModRM.rm, register or memory */
    O_Eb, O_Ew, O_Ed, O_Eq, O_Ev, O_Ey,
    /* ModRM.reg general register */
    O_Gb, O_Gw, O_Gd, O_Gq, O_Gv, O_Gy,
    /* ModRM.rm register only */
    O_Rd, O_Rq, O_Ry, O_Rv,
    /* memory only */
    O_M, O_Mb, O_Mw, O_Md, O_Mq, O_Mdq, O_Mp, O_Ma, O_Ms, O_Mt,
    /* immediates, relative targets, direct addresses */
    O_Ib, O_Iw, O_Iz, O_Iv, O_I1, O_Ibs, /* Ibs: Ib sign-extended to opsize */
    O_Jb, O_Jz, O_Ap, O_Ob, O_Ov,
    /* special registers in ModRM.reg */
    O_Sw, O_Cd, O_Dd,
    /* register encoded in the low 3 opcode bits (plus REX.B) */
    O_Zb, O_Zv, O_Zq, O_Zy,
    /* fixed registers */
    O_AL, O_CL, O_AX, O_DX, O_rAX, O_eAX,
    O_ES, O_CS, O_SS, O_DS, O_FS, O_GS,
    /* string operands DS:rSI and ES:rDI */
    O_Xb, O_Xv, O_Yb, O_Yv, O_Xz, O_Yz,
    /* x87 */
    O_ST0, O_STi, O_Mfs, O_Mfl, O_Mft, O_Mw16i, O_Md32i, O_Mq64i, O_Mbcd,
    O_Menv, O_Mstate,
    /* MMX / SSE */
    O_Pq, O_Qq, O_Nq, O_Vx, O_Wx, O_Ux, O_Vss, O_Wss, O_Vsd, O_Wsd, O_Vq, O_Wq,
    O_Wd, O_Mx, O_XMM0,
    /* added with the SSE2-SSE4.2 maps */
    O_Qd,   /* MMX register or 32-bit memory (MMX unpack low) */
    O_Ww,   /* XMM register or 16-bit memory (PMOVSXBQ) */
    O_RdMb, /* 32-bit GPR or 8-bit memory (PEXTRB, PINSRB) */
    O_RdMw, /* 32-bit GPR or 16-bit memory (PINSRW, PEXTRW m16) */
    O_Uq,   /* XMM register in ModRM.rm, 64-bit use (MOVHLPS, MOVDQ2Q) */
    O_KIND_COUNT
};

/* Attributes of a table entry. */
enum {
    A_NO64 = 1u << 0,    /* #UD in 64-bit mode */
    A_ONLY64 = 1u << 1,  /* exists only in 64-bit mode */
    A_D64 = 1u << 2,     /* default operand size 64 in 64-bit mode */
    A_F64 = 1u << 3,     /* operand size forced to 64 in 64-bit mode */
    A_LOCK = 1u << 4,    /* LOCK allowed (with a memory destination) */
    A_BRANCH = 1u << 5,  /* may change RIP other than to the next insn */
    A_STRING = 1u << 6,  /* REP/REPE/REPNE apply */
    A_SIZE_FIXED = 1u << 7, /* form does not depend on operand size */
    A_PRIV = 1u << 8,    /* privileged (CPL 0) */
    A_SERIAL = 1u << 9,  /* ends a decoded block (mode/IF/flags side effects) */
    A_MODRM = 1u << 10,  /* has a ModRM byte (set by the decoder from operands) */
    A_UNDOC = 1u << 11,  /* undocumented but executed by real CPUs (SALC, ...) */
    A_OS16 = 1u << 12,   /* operand size forced to 16 (e.g. far ptr selectors) */
};

/* insn.flags */
enum {
    IF_RIPREL = 1u << 0,  /* effective address is relative to the next RIP */
    IF_SEGOVR = 1u << 1,  /* a segment override prefix was present */
    IF_OPSZ = 1u << 2,    /* 66 prefix present */
    IF_ADSZ = 1u << 3,    /* 67 prefix present */
    IF_REX = 1u << 4,     /* REX prefix present */
};

/* insn.rep */
enum { REP_NONE = 0, REP_F3 = 1, REP_F2 = 2 };

/* insn.form: index into a handler's six variants. */
#define FORM(size_idx, is_mem) ((uint8_t)((size_idx) * 2 + (is_mem)))
enum { SZ16 = 0, SZ32 = 1, SZ64 = 2 };

struct insn {
    handler_fn exec;    /* chosen for this exact form (filled by cpu/) */
    uint16_t op;        /* IOP_* table entry */
    uint8_t len;        /* total length including prefixes, 1..15 */
    uint8_t opsize;     /* operand size in bytes: 2, 4 or 8 */
    uint8_t addrsize;   /* address size in bytes: 2, 4 or 8 */
    uint8_t seg;        /* segment of the memory operand after overrides */
    uint8_t form;       /* FORM(size index, is_mem) */
    uint8_t mod;        /* ModRM.mod; 3 for register forms and no-ModRM insns */
    uint8_t reg;        /* ModRM.reg (+REX.R), or the Z register, or REG8_* */
    uint8_t rm;         /* ModRM.rm (+REX.B) for register forms, or REG8_* */
    uint8_t base;       /* memory base register or R_NONE */
    uint8_t index;      /* memory index register or R_NONE */
    uint8_t scale;      /* shift count 0..3 */
    uint8_t rep;        /* REP_* */
    uint8_t lock;       /* LOCK prefix present */
    uint8_t rex;        /* REX byte or 0 */
    uint8_t flags;      /* IF_* */
    uint8_t map;        /* MAP_* */
    uint8_t opcode;     /* last opcode byte */
    uint8_t modrm;      /* raw ModRM byte (0 if none) */
    uint8_t pfx;        /* mandatory-prefix class that matched: P_NONE.. */
    uint8_t dmode;      /* enum dec_mode decoded for */
    uint16_t imm2;      /* second immediate (ENTER level, far pointer selector) */
    int32_t disp;       /* displacement (sign-extended) */
    uint16_t boff;      /* offset from the start of its decoded block (cpu/) */
    uint64_t amask;     /* address-size mask applied to the effective address */
    uint64_t imm;       /* first immediate (extended as the operand demands) */
    handler_fn chain;   /* exec's twin that goes on to the next record of its
                           decoded block (filled by cpu/) */
};
_Static_assert(sizeof(struct insn) == 64, "decoded instructions are 64 bytes");

/* decode() results (negative) */
enum {
    DEC_NEED_MORE = -1, /* bytes ran out before the instruction ended */
    DEC_TOO_LONG = -2,  /* longer than 15 bytes: #GP(0) */
    DEC_UD = -3,        /* undefined opcode or invalid form: #UD */
};

/* Decodes one instruction. Returns its length (1..15) or a DEC_* code.
 * On DEC_UD the record still holds len (if known) and op = IOP_INVALID. */
int decode(struct insn *out, const uint8_t *bytes, size_t avail, enum dec_mode mode);

/* Table access for the CPU's handler table and the disassembler. */
struct opdesc {
    const char *name;   /* IOP identifier without the prefix, e.g. "ADD_EbGb" */
    const char *mnem;   /* mnemonic, "a|b|c" for 16|32|64 variants, '*' = cc */
    uint8_t map, opcode, count, reg, mod, rm, pfx;
    uint8_t opnd[3];
    uint32_t attr;
};
extern const struct opdesc opdesc_table[];
extern const unsigned opdesc_count;

/* Disassembles a decoded instruction in Intel syntax (Bochs's debugger
 * style). rip is the address of the instruction (for branch targets).
 * Returns the length of the text written. */
int disasm(char *buf, size_t size, const struct insn *in, uint64_t rip);

#endif
