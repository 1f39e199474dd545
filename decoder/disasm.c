/* decoder/disasm.c: Intel-syntax text of a decoded instruction.
 *
 * The style follows Bochs's debugger and Capstone: lower case, "size ptr"
 * on memory operands, "[base + index*scale + disp]", small numbers in
 * decimal and the rest in hex, branch targets as absolute addresses,
 * string instructions by their sized mnemonic ("rep movsb").
 * Every write goes through struct out, which never passes the buffer's end.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decoder/opcodes.h"

/* A bounded text buffer: appends are truncated, never overflow. */
struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
    if (o->size == 0 || o->len >= o->size - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    o->len += (size_t)n;
    if (o->len > o->size - 1)
        o->len = o->size - 1;
}

/* Numbers as Capstone prints them: 0-9 in decimal, larger ones in hex. */
static void put_num(struct out *o, uint64_t v)
{
    if (v < 10)
        put(o, "%u", (unsigned)v);
    else
        put(o, "0x%llx", (unsigned long long)v);
}

/* ---- register names ---- */

static const char *const reg64[17] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "?"};
static const char *const reg32[17] = {"eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi", "r8d",
                                      "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d", "?"};
static const char *const reg16[17] = {"ax",  "cx",  "dx",   "bx",   "sp",   "bp",   "si",   "di", "r8w",
                                      "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w", "?"};
static const char *const reg8[20] = {"al",  "cl",  "dl",   "bl",   "spl",  "bpl",  "sil",  "dil",  "r8b", "r9b",
                                     "r10b", "r11b", "r12b", "r13b", "r14b", "r15b", "ah", "ch", "dh", "bh"};
static const char *const sreg[8] = {"es", "cs", "ss", "ds", "fs", "gs", "?", "?"};
static const char *const cc[16] = {"o", "no", "b",  "ae", "e", "ne", "be", "a",
                                   "s", "ns", "p", "np", "l",  "ge", "le", "g"};

static const char *gpr(unsigned r, unsigned size)
{
    if (size == 1)
        return r < 20 ? reg8[r] : "?";
    if (r > 16)
        r = 16;
    return size == 2 ? reg16[r] : size == 4 ? reg32[r] : reg64[r];
}

static const char *ptr_name(unsigned size)
{
    switch (size) {
    case 1: return "byte ptr ";
    case 2: return "word ptr ";
    case 4: return "dword ptr ";
    case 6: return "fword ptr ";
    case 8: return "qword ptr ";
    case 10: return "xword ptr ";
    case 16: return "xmmword ptr ";
    default: return "";
    }
}

/* ---- memory operands ---- */

static void put_seg(struct out *o, const struct insn *in)
{
    if (in->flags & IF_SEGOVR)
        put(o, "%s:", sreg[in->seg & 7]);
}

static void put_disp_term(struct out *o, int64_t d, int first)
{
    if (first) {
        put_num(o, (uint64_t)d);
        return;
    }
    if (d < 0)
        put(o, " - "), put_num(o, (uint64_t)-d);
    else
        put(o, " + "), put_num(o, (uint64_t)d);
}

static void put_mem(struct out *o, const struct insn *in, unsigned size)
{
    put(o, "%s", ptr_name(size));
    put_seg(o, in);
    put(o, "[");
    int first = 1;
    if (in->flags & IF_RIPREL) {
        put(o, "%s", in->addrsize == 8 ? "rip" : "eip");
        first = 0;
    }
    if (in->base != R_NONE && in->base != R_RIP) {
        put(o, "%s", gpr(in->base, in->addrsize));
        first = 0;
    }
    if (in->index != R_NONE) {
        put(o, "%s%s", first ? "" : " + ", gpr(in->index, in->addrsize));
        if (in->scale)
            put(o, "*%u", 1u << in->scale);
        first = 0;
    }
    if (first) /* absolute address: unsigned, within the address size */
        put_num(o, (uint64_t)(int64_t)in->disp & in->amask);
    else if (in->disp)
        put_disp_term(o, in->addrsize == 2 ? (int16_t)in->disp : in->disp, 0);
    put(o, "]");
}

/* ---- operands ---- */

static unsigned ysize(const struct insn *in) { return in->opsize == 8 ? 8 : 4; }

/* Register or memory operand of ModRM.rm: size of the GPR and of the memory. */
static void put_e(struct out *o, const struct insn *in, unsigned rsize, unsigned msize)
{
    if (in->mod == 3)
        put(o, "%s", gpr(in->rm, rsize));
    else
        put_mem(o, in, msize);
}

static void put_vec(struct out *o, const struct insn *in, int mmx, int use_rm, unsigned msize)
{
    if (use_rm && in->mod != 3) {
        put_mem(o, in, msize);
        return;
    }
    unsigned r = use_rm ? in->rm : in->reg;
    if (mmx)
        put(o, "mm%u", r & 7);
    else
        put(o, "xmm%u", r & 15);
}

static uint64_t branch_target(const struct insn *in, uint64_t rip)
{
    uint64_t t = rip + in->len + in->imm;
    return in->opsize == 2 ? t & 0xFFFF : in->opsize == 4 ? t & 0xFFFFFFFF : t;
}

/* Immediate, masked to the operand's width for display. */
static void put_imm(struct out *o, uint64_t v, unsigned size)
{
    if (size < 8)
        v &= (1ull << (8 * size)) - 1;
    put_num(o, v);
}

static unsigned size_of_imm(uint8_t k, const struct insn *in, const struct opdesc *d)
{
    if (k == O_Ib || k == O_Iw)
        return k == O_Ib ? 1 : 2;
    /* Ibs extends to the size of the destination */
    if (d->opnd[0] == O_Eb || d->opnd[0] == O_AL)
        return 1;
    return in->opsize;
}

/* Prints one operand; `imm_i` counts immediates already printed. */
static void put_operand(struct out *o, const struct insn *in, const struct opdesc *d, uint8_t k,
                        int *imm_i, uint64_t rip)
{
    unsigned os = in->opsize;
    switch (k) {
    case O_Eb: put_e(o, in, 1, 1); break;
    case O_Ew: put_e(o, in, 2, 2); break;
    case O_Ed: put_e(o, in, 4, 4); break;
    case O_Eq: put_e(o, in, 8, 8); break;
    case O_Ev: /* MOV r/m, Sreg stores 16 bits to memory (SDM Vol.2 MOV) */
        put_e(o, in, os, d->opnd[1] == O_Sw ? 2 : os);
        break;
    case O_Ey: put_e(o, in, ysize(in), ysize(in)); break;
    case O_RdMb: put_e(o, in, 4, 1); break;
    case O_RdMw: put_e(o, in, 4, 2); break;
    case O_Gb: put(o, "%s", gpr(in->reg, 1)); break;
    case O_Gw: put(o, "%s", gpr(in->reg, 2)); break;
    case O_Gd: put(o, "%s", gpr(in->reg, 4)); break;
    case O_Gq: put(o, "%s", gpr(in->reg, 8)); break;
    case O_Gv: put(o, "%s", gpr(in->reg, os)); break;
    case O_Gy: put(o, "%s", gpr(in->reg, ysize(in))); break;
    case O_Rd: put(o, "%s", gpr(in->rm, 4)); break;
    case O_Rq: put(o, "%s", gpr(in->rm, 8)); break;
    case O_Rv: put(o, "%s", gpr(in->rm, os)); break;
    case O_Ry: put(o, "%s", gpr(in->rm, in->dmode == DMODE_64 ? 8 : 4)); break;
    case O_M: case O_Ms: put_mem(o, in, 0); break;
    case O_Mb: put_mem(o, in, 1); break;
    case O_Mw: case O_Mw16i: put_mem(o, in, 2); break;
    case O_Md: case O_Mfs: case O_Md32i: put_mem(o, in, 4); break;
    case O_Mq: case O_Mfl: case O_Mq64i: put_mem(o, in, 8); break;
    case O_Mt: case O_Mft: case O_Mbcd: put_mem(o, in, 10); break;
    case O_Mdq: case O_Mx: put_mem(o, in, 16); break;
    case O_Ma: put_mem(o, in, os * 2); break;
    case O_Mp: put_mem(o, in, os + 2); break;
    case O_Menv: case O_Mstate: put_mem(o, in, 0); break;
    case O_Ib: case O_Iw: case O_Ibs: case O_Iz: case O_Iv: case O_I1: {
        uint64_t v = (*imm_i)++ == 0 ? in->imm : in->imm2;
        put_imm(o, v, size_of_imm(k, in, d));
        break;
    }
    case O_Jb: case O_Jz: put(o, "0x%llx", (unsigned long long)branch_target(in, rip)); break;
    case O_Ap:
        put(o, "0x%llx:0x%llx", (unsigned long long)in->imm2, (unsigned long long)in->imm);
        break;
    case O_Ob: case O_Ov:
        put(o, "%s", ptr_name(k == O_Ob ? 1 : os));
        put_seg(o, in);
        put(o, "[");
        put_num(o, in->imm);
        put(o, "]");
        break;
    case O_Sw: put(o, "%s", sreg[in->reg & 7]); break;
    case O_Cd: put(o, "cr%u", in->reg); break;
    case O_Dd: put(o, "dr%u", in->reg); break;
    case O_Zb: put(o, "%s", gpr(in->reg, 1)); break;
    case O_Zv: put(o, "%s", gpr(in->reg, os)); break;
    case O_Zq: put(o, "%s", gpr(in->reg, 8)); break;
    case O_Zy: put(o, "%s", gpr(in->reg, ysize(in))); break;
    case O_AL: put(o, "al"); break;
    case O_CL: put(o, "cl"); break;
    case O_AX: put(o, "ax"); break;
    case O_DX: put(o, "dx"); break;
    case O_rAX: put(o, "%s", gpr(R_AX, os)); break;
    case O_eAX: put(o, "%s", os == 2 ? "ax" : "eax"); break;
    case O_ES: case O_CS: case O_SS: case O_DS: case O_FS: case O_GS:
        put(o, "%s", sreg[k - O_ES]);
        break;
    case O_Xb: case O_Xv: case O_Xz:
        put(o, "%s", ptr_name(k == O_Xb ? 1 : k == O_Xz && os == 8 ? 4 : os));
        put(o, "%s:[%s]", sreg[in->seg & 7], gpr(R_SI, in->addrsize));
        break;
    case O_Yb: case O_Yv: case O_Yz:
        put(o, "%s", ptr_name(k == O_Yb ? 1 : k == O_Yz && os == 8 ? 4 : os));
        put(o, "es:[%s]", gpr(R_DI, in->addrsize));
        break;
    case O_ST0: put(o, "st(0)"); break;
    case O_STi: put(o, "st(%u)", in->rm & 7); break;
    case O_Pq: put_vec(o, in, 1, 0, 8); break;
    case O_Qq: put_vec(o, in, 1, 1, 8); break;
    case O_Qd: put_vec(o, in, 1, 1, 4); break;
    case O_Nq: put_vec(o, in, 1, 1, 8); break;
    case O_Vx: case O_Vss: case O_Vsd: case O_Vq: put_vec(o, in, 0, 0, 16); break;
    case O_Wx: case O_Ux: case O_Uq: put_vec(o, in, 0, 1, 16); break;
    case O_Wss: case O_Wd: put_vec(o, in, 0, 1, 4); break;
    case O_Wsd: case O_Wq: put_vec(o, in, 0, 1, 8); break;
    case O_Ww: put_vec(o, in, 0, 1, 2); break;
    case O_XMM0: put(o, "xmm0"); break;
    default: put(o, "?"); break;
    }
}

/* ---- mnemonic ---- */

/* Copies variant `which` (0-2) of "a|b|c" into dst, expanding '*' to the
 * condition code of the opcode's low nibble. */
static void put_mnemonic(struct out *o, const char *mn, unsigned which, uint8_t opcode)
{
    const char *s = mn;
    const char *bar = strchr(mn, '|');
    if (bar) {
        for (unsigned i = 0; i < which; i++) {
            const char *nx = strchr(s, '|');
            if (!nx)
                break;
            s = nx + 1;
        }
        if (*s == '|' || *s == 0) /* empty variant: fall back to the first */
            s = mn;
    }
    for (; *s && *s != '|'; s++) {
        if (*s == '*')
            put(o, "%s", cc[opcode & 15]);
        else
            put(o, "%c", *s);
    }
}

static void put_prefixes(struct out *o, const struct insn *in, const struct opdesc *d)
{
    if (in->lock)
        put(o, "lock ");
    if (!(d->attr & A_STRING) || in->rep == REP_NONE)
        return;
    /* CMPS and SCAS test ZF: F3 is REPE there, REP elsewhere (SDM Vol.2 REP) */
    int cmp = in->map == MAP_1 && (in->opcode == 0xA6 || in->opcode == 0xA7 ||
                                   in->opcode == 0xAE || in->opcode == 0xAF);
    if (in->rep == REP_F2)
        put(o, "repne ");
    else
        put(o, cmp ? "repe " : "rep ");
}

int disasm(char *buf, size_t size, const struct insn *in, uint64_t rip)
{
    struct out o = {buf, size, 0};
    if (size)
        buf[0] = 0;
    if (in->op == IOP_INVALID || in->op >= opdesc_count) {
        put(&o, "(bad)");
        return (int)o.len;
    }
    const struct opdesc *d = &opdesc_table[in->op];
    put_prefixes(&o, in, d);
    unsigned which = in->opsize == 2 ? 0 : in->opsize == 4 ? 1 : 2;
    put_mnemonic(&o, d->mnem, which, in->opcode);
    /* String instructions read as "movsb"; their operands are implied,
     * unless a segment override changes the source. */
    if ((d->attr & A_STRING) && !(in->flags & IF_SEGOVR))
        return (int)o.len;
    int imm_i = 0;
    for (int i = 0; i < 3 && d->opnd[i] != O_NONE; i++) {
        put(&o, i ? ", " : " ");
        put_operand(&o, in, d, d->opnd[i], &imm_i, rip);
    }
    return (int)o.len;
}
