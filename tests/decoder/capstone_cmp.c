/* tests/decoder/capstone_cmp.c: differential test of decode() against Capstone.
 *
 *   capstone_cmp MODE COUNT SEED      (MODE = 16, 32 or 64)
 *
 * Generates COUNT pseudo-random byte sequences, biased towards prefixes,
 * the 0F/0F38/0F3A escapes, mandatory prefixes and every ModRM/SIB form,
 * decodes each with decode() and with Capstone, and compares the length,
 * the memory operand (base, index, scale, displacement), register operands
 * and immediates. Only sequences that both sides decode are compared;
 * the others are counted by category (instructions the table does not list
 * on purpose: VEX/AVX, AMD-only, later extensions; and rules where Capstone
 * is known to differ from the SDM, see docs/DECODER.md). Exits non-zero
 * when agreement is under 99.9%.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decoder/opcodes.h"

#define SEQ_LEN 16

/* ---- deterministic PRNG (xorshift64*) ---- */
static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}
static unsigned rndn(unsigned n) { return (unsigned)((rnd() >> 33) % n); }

/* Opcodes of 0F38/0F3A that exist, so that those maps are not mostly #UD. */
static const uint8_t map38_ops[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                    0x0A, 0x0B, 0x10, 0x14, 0x15, 0x17, 0x1C, 0x1D, 0x1E, 0x20,
                                    0x21, 0x22, 0x23, 0x24, 0x25, 0x28, 0x29, 0x2A, 0x2B, 0x30,
                                    0x31, 0x32, 0x33, 0x34, 0x35, 0x37, 0x38, 0x39, 0x3A, 0x3B,
                                    0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x41, 0x80, 0x81, 0xDB, 0xDC,
                                    0xDD, 0xDE, 0xDF, 0xF0, 0xF1};
static const uint8_t map3a_ops[] = {0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x14,
                                    0x15, 0x16, 0x17, 0x20, 0x21, 0x22, 0x40, 0x41, 0x42,
                                    0x44, 0x60, 0x61, 0x62, 0x63, 0xDF};
static const uint8_t legacy_pfx[] = {0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};

static void gen(uint8_t *b, int mode)
{
    unsigned n = 0;
    for (unsigned i = 0; i < SEQ_LEN; i++)
        b[i] = (uint8_t)rnd();
    /* prefixes: none half of the time, sometimes several, REX last */
    unsigned np = rndn(4) == 0 ? 1 + rndn(4) : rndn(2);
    for (unsigned i = 0; i < np; i++)
        b[n++] = legacy_pfx[rndn(i == 0 ? 4 : sizeof legacy_pfx)];
    unsigned m = rndn(100);
    if (m >= 40 && rndn(3) == 0) /* mandatory prefix for the 0F maps */
        b[n++] = (uint8_t[]){0x66, 0xF2, 0xF3}[rndn(3)];
    if (mode == 64 && rndn(3) == 0)
        b[n++] = (uint8_t)(0x40 | rndn(16));
    if (m < 40) {
        n++; /* one-byte map: random opcode */
    } else if (m < 70) {
        b[n++] = 0x0F;
        n++;
    } else if (m < 85) {
        b[n++] = 0x0F;
        b[n++] = 0x38;
        b[n++] = rndn(8) ? map38_ops[rndn(sizeof map38_ops)] : (uint8_t)rnd();
    } else {
        b[n++] = 0x0F;
        b[n++] = 0x3A;
        b[n++] = rndn(8) ? map3a_ops[rndn(sizeof map3a_ops)] : (uint8_t)rnd();
    }
    /* ModRM: favour memory forms with SIB and small displacements */
    if (n < SEQ_LEN && rndn(4) == 0)
        b[n] = (uint8_t)((b[n] & 0xC7) | 0x04);
}

/* ---- canonical operands, to compare both decoders ---- */

/* Register identity: GPRs 0-15 (AH..BH 16-19) by class size, MMX, XMM,
 * ST, segment; encoded as class*32 + number. */
enum { RC_NONE = 0, RC_G8, RC_G16, RC_G32, RC_G64, RC_MM, RC_XMM, RC_ST, RC_SEG, RC_CR, RC_DR, RC_IP };
#define RID(cls, n) ((cls) * 32 + (n))

static int cs_reg_id(csh h, unsigned r)
{
    static const char *const g64[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"};
    static const char *const g32[] = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    static const char *const g16[] = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    static const char *const g8[] = {"al",  "cl",  "dl",  "bl",  "spl", "bpl", "sil", "dil",
                                     "ah",  "ch",  "dh",  "bh"};
    static const char *const sg[] = {"es", "cs", "ss", "ds", "fs", "gs"};
    const char *s = cs_reg_name(h, r);
    unsigned n;
    char suf;
    if (!s)
        return -1;
    for (unsigned i = 0; i < 8; i++) {
        if (!strcmp(s, g64[i])) return RID(RC_G64, i);
        if (!strcmp(s, g32[i])) return RID(RC_G32, i);
        if (!strcmp(s, g16[i])) return RID(RC_G16, i);
    }
    for (unsigned i = 0; i < 12; i++)
        if (!strcmp(s, g8[i]))
            return RID(RC_G8, i < 8 ? i : 16 + (i - 8));
    for (unsigned i = 0; i < 6; i++)
        if (!strcmp(s, sg[i]))
            return RID(RC_SEG, i);
    if (!strcmp(s, "rip") || !strcmp(s, "eip"))
        return RID(RC_IP, 0);
    if (sscanf(s, "r%u%c", &n, &suf) == 2 && n < 16)
        return suf == 'd' ? RID(RC_G32, n) : suf == 'w' ? RID(RC_G16, n) : RID(RC_G8, n);
    if (sscanf(s, "r%u", &n) == 1 && n < 16)
        return RID(RC_G64, n);
    if (sscanf(s, "xmm%u", &n) == 1)
        return RID(RC_XMM, n);
    if (sscanf(s, "mm%u", &n) == 1)
        return RID(RC_MM, n);
    if (sscanf(s, "st(%u)", &n) == 1)
        return RID(RC_ST, n);
    if (sscanf(s, "cr%u", &n) == 1)
        return RID(RC_CR, n);
    if (sscanf(s, "dr%u", &n) == 1)
        return RID(RC_DR, n);
    return -1;
}

static int gpr_id(unsigned n, unsigned size)
{
    switch (size) {
    case 1: return RID(RC_G8, n);
    case 2: return RID(RC_G16, n);
    case 4: return RID(RC_G32, n);
    default: return RID(RC_G64, n);
    }
}

/* Our explicit register operands, in Intel order, as ids (-1 = not a register). */
static int our_reg(const struct insn *in, uint8_t k)
{
    unsigned os = in->opsize, ys = in->opsize == 8 ? 8 : 4;
    int rf = in->mod == 3;
    switch (k) {
    case O_Eb: return rf ? gpr_id(in->rm, 1) : -1;
    case O_Ew: return rf ? gpr_id(in->rm, 2) : -1;
    case O_Ed: return rf ? gpr_id(in->rm, 4) : -1;
    case O_Eq: return rf ? gpr_id(in->rm, 8) : -1;
    case O_Ev: return rf ? gpr_id(in->rm, os) : -1;
    case O_Ey: return rf ? gpr_id(in->rm, ys) : -1;
    case O_RdMb: case O_RdMw: return rf ? gpr_id(in->rm, 4) : -1;
    case O_Gb: return gpr_id(in->reg, 1);
    case O_Gw: return gpr_id(in->reg, 2);
    case O_Gd: return gpr_id(in->reg, 4);
    case O_Gq: return gpr_id(in->reg, 8);
    case O_Gv: return gpr_id(in->reg, os);
    case O_Gy: return gpr_id(in->reg, ys);
    case O_Rd: return gpr_id(in->rm, 4);
    case O_Rq: return gpr_id(in->rm, 8);
    case O_Rv: return gpr_id(in->rm, os);
    case O_Ry: return gpr_id(in->rm, in->dmode == DMODE_64 ? 8 : 4);
    case O_Zb: return gpr_id(in->reg, 1);
    case O_Zv: return gpr_id(in->reg, os);
    case O_Zq: return gpr_id(in->reg, 8);
    case O_Zy: return gpr_id(in->reg, ys);
    case O_AL: return RID(RC_G8, 0);
    case O_CL: return RID(RC_G8, 1);
    case O_AX: return RID(RC_G16, 0);
    case O_DX: return RID(RC_G16, 2);
    case O_rAX: return gpr_id(0, os);
    case O_eAX: return gpr_id(0, os == 2 ? 2 : 4);
    case O_ES: case O_CS: case O_SS: case O_DS: case O_FS: case O_GS:
        return RID(RC_SEG, k - O_ES);
    case O_Sw: return RID(RC_SEG, in->reg & 7);
    case O_Cd: return RID(RC_CR, in->reg);
    case O_Dd: return RID(RC_DR, in->reg);
    case O_ST0: return RID(RC_ST, 0);
    case O_STi: return RID(RC_ST, in->rm & 7);
    case O_Pq: return RID(RC_MM, in->reg & 7);
    case O_Qq: case O_Qd: case O_Nq: return rf ? RID(RC_MM, in->rm & 7) : -1;
    case O_Vx: case O_Vss: case O_Vsd: case O_Vq: return RID(RC_XMM, in->reg);
    case O_Wx: case O_Ux: case O_Uq: case O_Wss: case O_Wd: case O_Wsd: case O_Wq: case O_Ww:
        return rf ? RID(RC_XMM, in->rm) : -1;
    case O_XMM0: return RID(RC_XMM, 0);
    default: return -1;
    }
}

static int is_imm_kind(uint8_t k)
{
    return k == O_Ib || k == O_Iw || k == O_Iz || k == O_Iv || k == O_Ibs || k == O_Jb ||
           k == O_Jz || k == O_Ap;
}

/* ---- statistics ---- */

#define NKEYS (4 * 256 * 5)
struct stats {
    unsigned long total, both, agree, we_only, cs_only, neither;
    unsigned long dis[NKEYS];
    uint8_t dis_example[NKEYS][SEQ_LEN];
    unsigned long weonly[NKEYS];
    uint8_t weonly_example[NKEYS][SEQ_LEN];
    unsigned long cat_count[64];
    const char *cat_name[64];
    unsigned ncat;
};

static void count_cat(struct stats *s, const char *name)
{
    for (unsigned i = 0; i < s->ncat; i++)
        if (!strcmp(s->cat_name[i], name)) {
            s->cat_count[i]++;
            return;
        }
    if (s->ncat < 64) {
        s->cat_name[s->ncat] = name;
        s->cat_count[s->ncat++] = 1;
    } else {
        s->cat_count[63]++;
    }
}

/* Why Capstone decodes what the table does not list: by ISA extension. */
static const char *cs_category(const cs_insn *ci, const uint8_t *b, const struct insn *ours)
{
    const cs_detail *d = ci->detail;
    static const struct { uint8_t grp; const char *name; } groups[] = {
        {X86_GRP_AVX, "VEX/AVX"}, {X86_GRP_AVX2, "VEX/AVX"}, {X86_GRP_AVX512, "EVEX/AVX-512"},
        {X86_GRP_FMA, "VEX/AVX"}, {X86_GRP_F16C, "VEX/AVX"}, {X86_GRP_BMI, "BMI"},
        {X86_GRP_BMI2, "BMI"}, {X86_GRP_3DNOW, "AMD 3DNow!"}, {X86_GRP_SSE4A, "AMD SSE4a"},
        {X86_GRP_FMA4, "AMD FMA4/XOP/TBM"}, {X86_GRP_XOP, "AMD FMA4/XOP/TBM"},
        {X86_GRP_TBM, "AMD FMA4/XOP/TBM"}, {X86_GRP_ADX, "ADX"}, {X86_GRP_SHA, "SHA"},
        {X86_GRP_FSGSBASE, "FSGSBASE"}, {X86_GRP_RTM, "TSX"}, {X86_GRP_HLE, "TSX"},
        {X86_GRP_SGX, "SGX"}, {X86_GRP_SMAP, "SMAP"},
    };
    (void)b;
    for (unsigned g = 0; g < d->groups_count; g++)
        for (unsigned i = 0; i < sizeof groups / sizeof groups[0]; i++)
            if (d->groups[g] == groups[i].grp)
                return groups[i].name;
    if (ours->lock)
        return "LOCK on a non-lockable form (Capstone does not check)";
    /* The table gives SSE/MMX opcodes their prefix classes exactly; a class
     * without an entry is #UD (SDM Vol.2 2.1.1: reserved), where Capstone
     * ignores the prefix and decodes another class's form. */
    for (unsigned i = 1; i < opdesc_count; i++) {
        const struct opdesc *e = &opdesc_table[i];
        if (e->map == ours->map && ours->opcode >= e->opcode &&
            ours->opcode < e->opcode + e->count && e->pfx != P_ANY)
            return "prefix class the SSE/MMX opcode does not define (#UD; Capstone ignores it)";
    }
    static const char *const amd[] = {"vmrun", "vmload", "vmsave", "vmmcall", "stgi", "clgi",
                                      "skinit", "invlpga", "femms", "clzero", "monitorx",
                                      "mwaitx", "rdpid", "rdpkru", "wrpkru", "prefetchwt1",
                                      "clflushopt", "clwb", "xsavec", "xsaves", "xrstors",
                                      "encls", "enclu", "xend", "xtest", "invpcid", "lzcnt",
                                      "tzcnt", "bndmov", "bndcl", "bndcu", "bndcn", "bndldx",
                                      "bndstx", "bndmk", "ud1", "ud0", "sysexit", "sysret"};
    for (unsigned i = 0; i < sizeof amd / sizeof amd[0]; i++)
        if (!strcmp(ci->mnemonic, amd[i]))
            return "later/AMD system extension";
    if (!strncmp(ci->mnemonic, "xcrypt", 6) || !strncmp(ci->mnemonic, "xsha", 4) ||
        !strcmp(ci->mnemonic, "xstorerng") || !strcmp(ci->mnemonic, "montmul"))
        return "VIA PadLock";
    if (ci->mnemonic[0] == 'v')
        return "VEX/AVX";
    if (!strcmp(ci->mnemonic, "vmfunc"))
        return "later/AMD system extension";
    /* MOV CS, r/m16 is #UD (SDM Vol.2 MOV) */
    if (ours->map == MAP_1 && ours->opcode == 0x8E && ((ours->modrm >> 3) & 7) == SEG_CS)
        return "MOV to CS (#UD per the SDM; Capstone decodes it)";
    return NULL;
}

static unsigned key_of(const struct insn *in)
{
    unsigned cls = in->pfx == P_ANY ? 0 : in->pfx;
    return ((unsigned)in->map * 256 + in->opcode) * 5 + cls;
}

static unsigned key_raw(const struct insn *in)
{
    return ((unsigned)in->map * 256 + in->opcode) * 5;
}

static void print_key(unsigned k)
{
    static const char *const mp[] = {"", "0F ", "0F38 ", "0F3A "};
    static const char *const pf[] = {"", "np ", "66 ", "F3 ", "F2 "};
    unsigned cls = k % 5, op = (k / 5) % 256, map = k / 5 / 256;
    printf("%s%s%02X", pf[cls], mp[map], op);
}

static void print_bytes(const uint8_t *b)
{
    for (unsigned i = 0; i < SEQ_LEN; i++)
        printf("%02x ", b[i]);
}

static int is_prefix_byte(uint8_t v, int mode)
{
    for (unsigned i = 0; i < sizeof legacy_pfx; i++)
        if (v == legacy_pfx[i])
            return 1;
    return mode == 64 && (v & 0xF0) == 0x40;
}

/* ---- Capstone-specific rules (documented in docs/DECODER.md) ---- */

/* Returns a reason when Capstone is known to disagree with the SDM on this
 * instruction, so that it is skipped rather than counted. */
static const char *known_cs_rule(const struct insn *in, const cs_insn *ci, int mode,
                                 const uint8_t *b)
{
    const struct opdesc *d = &opdesc_table[in->op];
    /* A mandatory prefix (66/F2/F3) selects the SSE form wherever it sits
     * among the legacy prefixes (SDM Vol.2 2.1.1); Capstone honours it
     * only as the last prefix before the opcode. */
    if (d->pfx == P_66 || d->pfx == P_F2 || d->pfx == P_F3) {
        unsigned op_at = 0;
        while (op_at < in->len && b[op_at] != 0x0F)
            op_at++;
        if (op_at == in->len)
            return NULL;
        unsigned last = op_at;
        while (last > 0 && mode == 64 && (b[last - 1] & 0xF0) == 0x40)
            last--;
        uint8_t want = d->pfx == P_66 ? 0x66 : d->pfx == P_F2 ? 0xF2 : 0xF3;
        if (last == 0 || b[last - 1] != want)
            return "mandatory prefix not adjacent to the opcode (Capstone ignores it)";
    }
    /* Capstone's 16-bit mode does not know mandatory prefixes. */
    if (mode == 16 && d->pfx != P_ANY && d->pfx != P_NONE)
        return "mandatory prefix in 16-bit mode (Capstone decodes the no-prefix form)";
    /* An F2/F3 after a 66 makes Capstone drop the operand-size override. */
    if (in->flags & IF_OPSZ) {
        int seen66 = 0;
        for (unsigned i = 0; i < SEQ_LEN && (is_prefix_byte(b[i], mode)); i++) {
            if (b[i] == 0x66)
                seen66 = 1;
            else if (seen66 && (b[i] == 0xF2 || b[i] == 0xF3))
                return "F2/F3 after 66 (Capstone drops the operand-size override)";
        }
    }
    /* 64-bit mode: ES/CS/SS/DS overrides are null prefixes; we keep an
     * earlier FS/GS, Capstone takes the last segment prefix. */
    if (mode == 64 && (in->flags & IF_SEGOVR)) {
        int after = 0;
        for (unsigned i = 0; i < SEQ_LEN && is_prefix_byte(b[i], mode); i++) {
            if (b[i] == 0x64 || b[i] == 0x65)
                after = 0;
            else if (b[i] == 0x26 || b[i] == 0x2E || b[i] == 0x36 || b[i] == 0x3E)
                after = 1;
        }
        if (after)
            return "64-bit null segment prefix after FS/GS (Capstone takes the last)";
    }
    /* Capstone decodes an MMX opcode with 67 and REX as its 66 (xmm) form. */
    if (mode == 64 && (in->flags & IF_ADSZ) && in->rex && d->pfx == P_NONE)
        return "MMX form with 67 and REX (Capstone picks the xmm form)";
    /* IN/OUT have no 64-bit form: REX.W leaves them 32-bit (SDM Vol.2 IN). */
    if (mode == 64 && (in->rex & 8) && (d->opnd[0] == O_eAX || d->opnd[1] == O_eAX))
        return "IN/OUT with REX.W (Capstone lets 66 win)";
    /* BSWAP with a 16-bit operand size is undefined (SDM Vol.2 BSWAP). */
    if (in->op == IOP_BSWAP_Zy && in->opsize == 2)
        return "BSWAP with 16-bit operand size (undefined; Capstone shows r16)";
    /* Capstone 4 quirks in 64-bit mode with 66/REX.W combinations. */
    if (mode == 64 && in->op == IOP_XCHG_ZvrAX && in->opsize == 2)
        return "64-bit XCHG r16, ax (Capstone names eax)";
    if (mode == 64 && in->op == IOP_RET_Iw && in->rex)
        return "64-bit RET imm16 with REX (Capstone reads imm32)";
    if (mode == 64 && in->op == IOP_PUSH_Iz && ((in->flags & IF_OPSZ) || in->rex))
        return "64-bit PUSH imm with 66 or REX (Capstone does not sign-extend)";
    if (mode == 64 && (d->attr & A_BRANCH) && (in->flags & IF_ADSZ) && in->rex)
        return "64-bit near branch with 67 and REX (Capstone uses rel16)";
    if (mode == 64) {
        unsigned nrex = 0;
        for (unsigned i = 0; i < SEQ_LEN && is_prefix_byte(b[i], mode); i++)
            nrex += (b[i] & 0xF0) == 0x40;
        if (nrex > 1)
            return "several REX prefixes (Capstone does not use the last one)";
    }
    if (in->op == IOP_MOVQ_VqWq && (in->rex & 8))
        return "F3 REX.W 0F 7E (Capstone drops the F3)";
    /* F3 0F 1E FA/FB are ENDBR64/32 on CET CPUs, NOP before. */
    if (in->map == MAP_0F && in->opcode == 0x1E && in->rep == REP_F3 && (in->modrm == 0xFA || in->modrm == 0xFB))
        return "later extension (CET ENDBR)";
    /* SSE forms whose class came from F2/F3 while a 66 is also present. */
    if ((in->flags & IF_OPSZ) && (d->pfx == P_F2 || d->pfx == P_F3))
        return "66 together with a mandatory F2/F3 (Capstone picks the 66 form)";
    /* UD1 and UD0 take a ModRM byte (SDM Vol.2 UD); Capstone 4 decodes
     * 0F B9 as two-byte "ud2b" and 0F FF as two-byte "ud0". */
    if (in->map == MAP_0F && (in->opcode == 0xB9 || in->opcode == 0xFF))
        return "UD1/UD0 ModRM (Capstone 4 decodes them without)";
    /* MOVSXD without REX.W is r32 <- r/m32 (SDM Vol.2 MOVSX); Capstone
     * always names a 64-bit destination. */
    if (in->op == IOP_MOVSXD_GvEd && in->opsize != 8)
        return "MOVSXD without REX.W (Capstone shows a 64-bit destination)";
    /* Intel CPUs ignore 66 on near branches in 64-bit mode (SDM Vol.1
     * 3.6.1: 64-bit operand size forced); Capstone follows AMD (rel16). */
    if (mode == 64 && (in->flags & IF_OPSZ) && (d->attr & A_BRANCH) && (d->attr & A_F64))
        return "66 on a 64-bit near branch (Intel ignores it, Capstone uses rel16)";
    (void)ci;
    return NULL;
}

/* ---- comparison of one instruction ---- */

static int compare(csh h, const struct insn *in, const cs_insn *ci, uint64_t addr, int mode,
                   char *why, size_t wsz)
{
    const cs_x86 *x = &ci->detail->x86;
    const struct opdesc *d = &opdesc_table[in->op];
    if (ci->size != in->len) {
        snprintf(why, wsz, "length %u vs capstone %u", in->len, ci->size);
        return 0;
    }
    /* memory operand from ModRM */
    int has_mem = in->mod != 3 && !(d->opnd[0] == O_Ob || d->opnd[0] == O_Ov || d->opnd[1] == O_Ob ||
                                    d->opnd[1] == O_Ov);
    if (has_mem) {
        const cs_x86_op *m = NULL;
        for (unsigned i = 0; i < x->op_count; i++)
            if (x->operands[i].type == X86_OP_MEM) {
                m = &x->operands[i];
                break;
            }
        if (!m) {
            snprintf(why, wsz, "capstone has no memory operand");
            return 0;
        }
        int cb = m->mem.base == X86_REG_INVALID ? -1 : cs_reg_id(h, m->mem.base) % 32;
        int cx = m->mem.index == X86_REG_INVALID ? -1 : cs_reg_id(h, m->mem.index) % 32;
        int ob = (in->flags & IF_RIPREL) ? 0 : in->base == R_NONE ? -1 : in->base;
        int ox = in->index == R_NONE ? -1 : in->index;
        if ((in->flags & IF_RIPREL) && cs_reg_id(h, m->mem.base) != RID(RC_IP, 0))
            ob = 99;
        uint64_t mask = in->amask;
        if (cb != ob || cx != ox || (ox >= 0 && (1 << in->scale) != m->mem.scale) ||
            (((uint64_t)(int64_t)in->disp ^ (uint64_t)m->mem.disp) & mask)) {
            snprintf(why, wsz, "mem base %d/%d index %d/%d scale %d/%d disp %d/%" PRId64, ob, cb,
                     ox, cx, 1 << in->scale, m->mem.scale, in->disp, m->mem.disp);
            return 0;
        }
        if ((in->flags & IF_SEGOVR) && m->mem.segment != X86_REG_INVALID &&
            cs_reg_id(h, m->mem.segment) != RID(RC_SEG, in->seg)) {
            snprintf(why, wsz, "segment %u", in->seg);
            return 0;
        }
    }
    /* immediates, in operand order */
    uint64_t ours[3], omask[3];
    unsigned no = 0, ni = 0;
    int branch = 0, skip_imm = 0;
    for (int i = 0; i < 3; i++) {
        uint8_t k = d->opnd[i];
        if (!is_imm_kind(k))
            continue;
        uint64_t v = ni++ == 0 ? in->imm : in->imm2;
        uint64_t m = k == O_Ib ? 0xFF : k == O_Iw ? 0xFFFF : ~0ull;
        if (k == O_Jb || k == O_Jz) {
            v = addr + in->len + in->imm;
            m = in->opsize == 2 ? 0xFFFF : in->opsize == 4 ? 0xFFFFFFFF : ~0ull;
            /* Capstone wraps targets at 64K in 16-bit mode even with 66 */
            if (mode == 16)
                m &= 0xFFFF;
            branch = 1;
        }
        if (k == O_Ap) {
            omask[no] = 0xFFFF;
            ours[no++] = in->imm2;
            v = in->imm;
        }
        omask[no] = m;
        ours[no++] = v;
    }
    /* Capstone 4 computes the target of a relative branch with a 67 prefix
     * from a truncated address; the displacement itself is compared through
     * the length. */
    if (branch && (in->flags & IF_ADSZ))
        skip_imm = 1;
    /* CMPPS/PD/SS/SD predicates 0-7: Capstone folds the immediate into
     * the mnemonic (cmpleps) */
    if (in->map == MAP_0F && in->opcode == 0xC2 && in->imm < 8)
        skip_imm = 1;
    /* AAM/AAD with the default base 10: Capstone lists no operand */
    if ((in->op == IOP_AAM_Ib || in->op == IOP_AAD_Ib) && in->imm == 10)
        skip_imm = 1;
    unsigned nc = 0;
    for (unsigned i = 0; i < x->op_count && !skip_imm; i++) {
        const cs_x86_op *op = &x->operands[i];
        if (op->type != X86_OP_IMM)
            continue;
        if (nc >= no) {
            /* Capstone lists "shl eax, 1" and int3 etc. with an implicit immediate */
            if (d->opnd[0] == O_I1 || d->opnd[1] == O_I1)
                continue;
            snprintf(why, wsz, "capstone has an extra immediate");
            return 0;
        }
        uint64_t mask = op->size >= 8 || op->size == 0 ? ~0ull : (1ull << (8 * op->size)) - 1;
        mask &= omask[nc];
        if (((uint64_t)op->imm ^ ours[nc]) & mask) {
            snprintf(why, wsz, "imm %" PRIx64 " vs capstone %" PRIx64, ours[nc], (uint64_t)op->imm);
            return 0;
        }
        nc++;
    }
    if (nc != no && !skip_imm && !(d->attr & A_STRING)) {
        snprintf(why, wsz, "immediate count %u vs capstone %u", no, nc);
        return 0;
    }
    /* explicit register operands, in order */
    int our_regs[3], any_size[3], nr = 0;
    for (int i = 0; i < 3; i++) {
        uint8_t k = d->opnd[i];
        int r = our_reg(in, k);
        /* st(0) and xmm0 are implicit operands for Capstone */
        if (r < 0 || k == O_ST0 || k == O_XMM0)
            continue;
        /* Capstone names the Ew register of MOV Sreg/LAR/LSL by operand size */
        any_size[nr] = k == O_Ew;
        our_regs[nr++] = r;
    }
    int cs_regs[8], ncr = 0;
    for (unsigned i = 0; i < x->op_count && ncr < 8; i++)
        if (x->operands[i].type == X86_OP_REG)
            cs_regs[ncr++] = cs_reg_id(h, x->operands[i].reg);
    if (d->attr & A_STRING)
        return 1;
    /* Capstone sometimes lists implicit registers (st(0), xmm0, al); compare
     * ours as a subsequence of Capstone's. */
    for (int i = 0; i < nr; i++) {
        int j;
        for (j = 0; j < ncr; j++) {
            int same = cs_regs[j] == our_regs[i];
            int gpr = cs_regs[j] >= RID(RC_G16, 0) && cs_regs[j] < RID(RC_MM, 0);
            if (same || (any_size[i] && gpr && cs_regs[j] % 32 == our_regs[i] % 32))
                break;
        }
        if (j == ncr) {
            snprintf(why, wsz, "register operand %d (id %d) not in capstone's", i, our_regs[i]);
            return 0;
        }
        cs_regs[j] = -2; /* each Capstone operand matches once */
    }
    return 1;
}

/* Prints the `n` largest counters of cnt[] with an example each. */
static void print_top(const unsigned long *cnt, uint8_t (*ex)[SEQ_LEN], int n)
{
    static unsigned char done[NKEYS];
    memset(done, 0, sizeof done);
    for (int t = 0; t < n; t++) {
        unsigned best = 0;
        unsigned long bc = 0;
        for (unsigned k = 0; k < NKEYS; k++)
            if (!done[k] && cnt[k] > bc)
                bc = cnt[k], best = k;
        if (!bc)
            break;
        done[best] = 1;
        printf("    %8lu  ", bc);
        print_key(best);
        printf("   e.g. ");
        print_bytes(ex[best]);
        printf("\n");
    }
}

static void report(struct stats *s, int mode)
{
    unsigned long valid = s->both;
    double rate = valid ? 100.0 * (double)s->agree / (double)valid : 100.0;
    printf("mode %d: %lu sequences, both valid %lu, agree %lu (%.4f%%)\n", mode, s->total, valid,
           s->agree, rate);
    printf("  invalid for both: %lu; only Capstone decodes: %lu; only we decode: %lu\n",
           s->neither, s->cs_only, s->we_only);
    printf("  skipped (Capstone decodes something the table does not list, or a known rule):\n");
    for (unsigned i = 0; i < s->ncat; i++)
        printf("    %8lu  %s\n", s->cat_count[i], s->cat_name[i]);
    printf("  most frequent disagreements:\n");
    print_top(s->dis, s->dis_example, 12);
    printf("  most frequent opcodes only we decode (not counted):\n");
    print_top(s->weonly, s->weonly_example, 8);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s MODE(16|32|64) COUNT SEED\n", argv[0]);
        return 2;
    }
    int mode = atoi(argv[1]);
    unsigned long count = strtoul(argv[2], NULL, 0);
    rng_state = strtoull(argv[3], NULL, 0) * 2654435761u + 0x9E3779B97F4A7C15ull;
    if (mode != 16 && mode != 32 && mode != 64) {
        fprintf(stderr, "capstone_cmp: MODE must be 16, 32 or 64\n");
        return 2;
    }
    enum dec_mode dm = mode == 16 ? DMODE_16 : mode == 32 ? DMODE_32 : DMODE_64;
    csh h;
    if (cs_open(CS_ARCH_X86, mode == 16 ? CS_MODE_16 : mode == 32 ? CS_MODE_32 : CS_MODE_64, &h) !=
        CS_ERR_OK) {
        fprintf(stderr, "capstone_cmp: cs_open failed\n");
        return 2;
    }
    cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
    cs_insn *ci = cs_malloc(h);
    struct stats *s = calloc(1, sizeof *s);
    int verbose = getenv("CAPSTONE_CMP_VERBOSE") != NULL;
    const uint64_t base_addr = mode == 16 ? 0x1000 : 0x401000;
    for (unsigned long n = 0; n < count; n++) {
        uint8_t b[SEQ_LEN];
        gen(b, mode);
        s->total++;
        struct insn in;
        int r = decode(&in, b, SEQ_LEN, dm);
        const uint8_t *p = b;
        size_t sz = SEQ_LEN;
        uint64_t addr = base_addr;
        bool ok = cs_disasm_iter(h, &p, &sz, &addr, ci);
        if (r <= 0 && !ok) {
            s->neither++;
            continue;
        }
        if (r <= 0) {
            const char *cat = cs_category(ci, b, &in);
            s->cs_only++;
            count_cat(s, cat ? cat : "other (see verbose output)");
            if (!cat && verbose)
                printf("cs-only: %s %s | ", ci->mnemonic, ci->op_str), print_bytes(b), printf("\n");
            continue;
        }
        if (!ok) {
            s->we_only++;
            unsigned k = key_raw(&in);
            if (!s->weonly[k]++)
                memcpy(s->weonly_example[k], b, SEQ_LEN);
            continue;
        }
        const char *rule = known_cs_rule(&in, ci, mode, b);
        if (rule) {
            count_cat(s, rule);
            continue;
        }
        s->both++;
        char why[160];
        if (compare(h, &in, ci, base_addr, mode, why, sizeof why)) {
            s->agree++;
            continue;
        }
        unsigned k = key_of(&in);
        if (!s->dis[k]++)
            memcpy(s->dis_example[k], b, SEQ_LEN);
        if (verbose) {
            char txt[128];
            disasm(txt, sizeof txt, &in, base_addr);
            printf("DIFF %s: ours '%s' cs '%s %s' | ", why, txt, ci->mnemonic, ci->op_str);
            print_bytes(b);
            printf("\n");
        }
    }
    report(s, mode);
    int fail = s->both && (double)s->agree < 0.999 * (double)s->both;
    cs_free(ci, 1);
    cs_close(&h);
    free(s);
    return fail;
}
