/* decoder/decode.c: bytes -> struct insn, driven by the table of opcodes.def.
 *
 * Instruction format (SDM Vol.2 chapter 2, figure 2-1):
 *   legacy prefixes, REX (64-bit mode), opcode (1-3 bytes), ModRM, SIB,
 *   displacement, immediate; at most 15 bytes (SDM Vol.2 2.3.11).
 * The opcode maps are those of SDM Vol.2 Appendix A; the table gives each
 * form its operands, and the operands say which of ModRM, SIB,
 * displacement and immediates follow the opcode.
 *
 * decode() writes only *out. The per-opcode index of the table is built
 * once (pthread_once), which is the only shared state and is read-only
 * afterwards.
 */
#include <pthread.h>
#include <string.h>

#include "decoder/opcodes.h"

#define MAX_LEN 15

/* ---- the table index: entries of each (map, opcode) in table order ---- */

/* Sum of the entries' counts: every entry once per opcode it covers. */
#define X(map, opc, cnt, reg, mod, rm, pfx, name, mn, o1, o2, o3, attr) +(cnt)
enum { INDEX_SLOTS = 0
#include "decoder/opcodes.def"
};
#undef X

static uint16_t idx_start[MAP_COUNT][257]; /* into idx_list */
static uint16_t idx_list[INDEX_SLOTS];
static uint8_t idx_modrm[MAP_COUNT][256];  /* opcode has a ModRM byte */
static pthread_once_t idx_once = PTHREAD_ONCE_INIT;

/* Operand kinds that are (part of) the ModRM byte. */
static int opnd_uses_modrm(uint8_t k)
{
    switch (k) {
    case O_Eb: case O_Ew: case O_Ed: case O_Eq: case O_Ev: case O_Ey:
    case O_Gb: case O_Gw: case O_Gd: case O_Gq: case O_Gv: case O_Gy:
    case O_Rd: case O_Rq: case O_Ry: case O_Rv:
    case O_M: case O_Mb: case O_Mw: case O_Md: case O_Mq: case O_Mdq:
    case O_Mp: case O_Ma: case O_Ms: case O_Mt:
    case O_Sw: case O_Cd: case O_Dd:
    case O_STi: case O_Mfs: case O_Mfl: case O_Mft: case O_Mw16i: case O_Md32i:
    case O_Mq64i: case O_Mbcd: case O_Menv: case O_Mstate:
    case O_Pq: case O_Qq: case O_Nq: case O_Vx: case O_Wx: case O_Ux:
    case O_Vss: case O_Wss: case O_Vsd: case O_Wsd: case O_Vq: case O_Wq:
    case O_Wd: case O_Mx: case O_Qd: case O_Ww: case O_RdMb: case O_RdMw:
    case O_Uq:
        return 1;
    default:
        return 0;
    }
}

/* Operand kinds that only accept a memory operand (mod != 3). */
static int opnd_mem_only(uint8_t k)
{
    switch (k) {
    case O_M: case O_Mb: case O_Mw: case O_Md: case O_Mq: case O_Mdq:
    case O_Mp: case O_Ma: case O_Ms: case O_Mt:
    case O_Mfs: case O_Mfl: case O_Mft: case O_Mw16i: case O_Md32i:
    case O_Mq64i: case O_Mbcd: case O_Menv: case O_Mstate: case O_Mx:
        return 1;
    default:
        return 0;
    }
}

/* Operand kinds that only accept a register operand in ModRM.rm. */
static int opnd_reg_only(uint8_t k)
{
    return k == O_Rd || k == O_Rq || k == O_Ry || k == O_Rv || k == O_Nq ||
           k == O_Ux || k == O_Uq || k == O_STi;
}

static int entry_has_modrm(const struct opdesc *d)
{
    if (d->reg != R_ANY || d->mod != M_ANY || d->rm != R_ANY)
        return 1;
    for (int i = 0; i < 3; i++)
        if (opnd_uses_modrm(d->opnd[i]))
            return 1;
    return 0;
}

static void idx_build(void)
{
    static uint16_t count[MAP_COUNT][256];
    for (unsigned i = 1; i < opdesc_count; i++) {
        const struct opdesc *d = &opdesc_table[i];
        for (unsigned o = d->opcode; o < (unsigned)d->opcode + d->count && o < 256; o++) {
            count[d->map][o]++;
            if (entry_has_modrm(d))
                idx_modrm[d->map][o] = 1;
        }
    }
    /* The x87 escapes always carry a ModRM byte (SDM Vol.2 A.4). */
    for (unsigned o = 0xD8; o <= 0xDF; o++)
        idx_modrm[MAP_1][o] = 1;
    unsigned pos = 0;
    for (unsigned m = 0; m < MAP_COUNT; m++) {
        for (unsigned o = 0; o < 256; o++) {
            idx_start[m][o] = (uint16_t)pos;
            pos += count[m][o];
            count[m][o] = 0;
        }
        idx_start[m][256] = (uint16_t)pos;
    }
    for (unsigned i = 1; i < opdesc_count; i++) {
        const struct opdesc *d = &opdesc_table[i];
        for (unsigned o = d->opcode; o < (unsigned)d->opcode + d->count && o < 256; o++)
            idx_list[idx_start[d->map][o] + count[d->map][o]++] = (uint16_t)i;
    }
}

/* ---- byte fetching with the 15-byte limit ---- */

struct cursor {
    const uint8_t *b;
    size_t avail;
    unsigned pos;
};

/* Makes n more bytes available, or says why not: past 15 bytes the
 * instruction is too long whatever follows (#GP, SDM Vol.2 2.3.11);
 * otherwise the caller must supply more bytes. */
static int need(const struct cursor *c, unsigned n)
{
    if (c->pos + n > MAX_LEN)
        return DEC_TOO_LONG;
    if (c->pos + n > c->avail)
        return DEC_NEED_MORE;
    return 0;
}

static uint64_t take(struct cursor *c, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)c->b[c->pos + i] << (8 * i);
    c->pos += n;
    return v;
}

static int64_t sext(uint64_t v, unsigned bytes)
{
    unsigned sh = 64 - 8 * bytes;
    return (int64_t)(v << sh) >> sh;
}

/* ---- prefixes (SDM Vol.2 2.1.1, 2.2.1) ---- */

struct prefixes {
    uint8_t seg;      /* SEG_NONE or the last segment override */
    uint8_t opsz, adsz, lock;
    uint8_t last_rep; /* 0, 0xF2 or 0xF3: the last of them wins */
    uint8_t rex;
};

static int is_legacy_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
        return 1;
    default:
        return 0;
    }
}

static int read_prefixes(struct cursor *c, struct prefixes *p, enum dec_mode mode)
{
    memset(p, 0, sizeof *p);
    p->seg = SEG_NONE;
    for (;;) {
        int e = need(c, 1);
        if (e)
            return e;
        uint8_t b = c->b[c->pos];
        if (mode == DMODE_64 && (b & 0xF0) == 0x40) {
            p->rex = b; /* a later REX replaces it; a legacy prefix cancels it */
            c->pos++;
            continue;
        }
        if (!is_legacy_prefix(b))
            return 0;
        c->pos++;
        p->rex = 0; /* REX must immediately precede the opcode (SDM Vol.2 2.2.1) */
        switch (b) {
        case 0x66: p->opsz = 1; break;
        case 0x67: p->adsz = 1; break;
        case 0xF0: p->lock = 1; break;
        case 0xF2: case 0xF3: p->last_rep = b; break;
        case 0x64: p->seg = SEG_FS; break;
        case 0x65: p->seg = SEG_GS; break;
        default:
            /* ES/CS/SS/DS overrides are ignored in 64-bit mode (SDM Vol.1 3.3.7.1) */
            if (mode != DMODE_64)
                p->seg = (uint8_t)((b >> 3) & 3);
            break;
        }
    }
}

/* The mandatory-prefix class of SSE encodings: F2/F3 take precedence over
 * 66 (SDM Vol.2 2.1.1 / A.2.5.2). */
static uint8_t prefix_class(const struct prefixes *p)
{
    if (p->last_rep == 0xF3)
        return P_F3;
    if (p->last_rep == 0xF2)
        return P_F2;
    return p->opsz ? P_66 : P_NONE;
}

/* ---- entry selection ---- */

static int entry_matches(const struct opdesc *d, uint8_t modrm, int has_modrm, int regform,
                         uint8_t cls, enum dec_mode mode)
{
    if ((d->attr & A_NO64) && mode == DMODE_64)
        return 0;
    if ((d->attr & A_ONLY64) && mode != DMODE_64)
        return 0;
    if (d->pfx != P_ANY && d->pfx != cls)
        return 0;
    if (!has_modrm)
        return 1;
    if (d->reg != R_ANY && d->reg != ((modrm >> 3) & 7))
        return 0;
    if (d->mod == M_MEM && regform)
        return 0;
    if (d->mod == M_REG && !regform)
        return 0;
    if (d->rm != R_ANY && d->rm != (modrm & 7))
        return 0;
    /* Sreg encodings 6 and 7 are reserved, and MOV cannot load CS
     * (SDM Vol.2 MOV: #UD "if attempt is made to load the CS register"). */
    if (d->opnd[0] == O_Sw && ((modrm >> 3) & 7) == SEG_CS)
        return 0;
    if ((d->opnd[0] == O_Sw || d->opnd[1] == O_Sw) && ((modrm >> 3) & 7) > SEG_GS)
        return 0;
    for (int i = 0; i < 3; i++) {
        if (regform && opnd_mem_only(d->opnd[i]))
            return 0;
        if (!regform && opnd_reg_only(d->opnd[i]))
            return 0;
    }
    return 1;
}

static unsigned select_entry(unsigned map, uint8_t opc, uint8_t modrm, int has_modrm,
                             int regform, uint8_t cls, enum dec_mode mode)
{
    for (unsigned k = idx_start[map][opc]; k < idx_start[map][opc + 1]; k++) {
        unsigned e = idx_list[k];
        if (entry_matches(&opdesc_table[e], modrm, has_modrm, regform, cls, mode))
            return e;
    }
    return IOP_INVALID;
}

/* ---- sizes (SDM Vol.1 3.6, Vol.2 2.2.1.2 and table 2-4) ---- */

static uint8_t operand_size(const struct opdesc *d, const struct prefixes *p, int opsz_pfx,
                            enum dec_mode mode)
{
    if (d->attr & A_OS16)
        return 2;
    if (mode == DMODE_64) {
        if (d->attr & A_F64)
            return 8;
        if (p->rex & 8)
            return 8;
        if (d->attr & A_D64)
            return opsz_pfx ? 2 : 8;
        return opsz_pfx ? 2 : 4;
    }
    uint8_t def = mode == DMODE_16 ? 2 : 4;
    return opsz_pfx ? (uint8_t)(6 - def) : def;
}

static uint8_t address_size(const struct prefixes *p, enum dec_mode mode)
{
    if (mode == DMODE_64)
        return p->adsz ? 4 : 8;
    uint8_t def = mode == DMODE_16 ? 2 : 4;
    return p->adsz ? (uint8_t)(6 - def) : def;
}

static uint64_t address_mask(uint8_t asz)
{
    return asz == 2 ? 0xFFFFu : asz == 4 ? 0xFFFFFFFFu : ~(uint64_t)0;
}

/* ---- ModRM memory operands (SDM Vol.2 tables 2-1, 2-2, 2-3) ---- */

static int modrm16(struct cursor *c, struct insn *o, uint8_t mod, uint8_t rm)
{
    static const uint8_t base16[8] = {R_BX, R_BX, R_BP, R_BP, R_SI, R_DI, R_BP, R_BX};
    static const uint8_t index16[8] = {R_SI, R_DI, R_SI, R_DI, R_NONE, R_NONE, R_NONE, R_NONE};
    o->base = base16[rm];
    o->index = index16[rm];
    unsigned dsz = mod == 1 ? 1 : mod == 2 ? 2 : 0;
    if (mod == 0 && rm == 6) { /* [disp16] */
        o->base = R_NONE;
        dsz = 2;
    }
    int e = need(c, dsz);
    if (e)
        return e;
    o->disp = dsz ? (int32_t)sext(take(c, dsz), dsz) : 0;
    return 0;
}

static int modrm32(struct cursor *c, struct insn *o, uint8_t mod, uint8_t rm, uint8_t rex,
                   enum dec_mode mode)
{
    unsigned dsz = mod == 1 ? 1 : mod == 2 ? 4 : 0;
    o->index = R_NONE;
    if (rm == 4) { /* SIB follows */
        int e = need(c, 1);
        if (e)
            return e;
        uint8_t sib = (uint8_t)take(c, 1);
        uint8_t idx = (uint8_t)(((sib >> 3) & 7) | ((rex & 2) << 2));
        o->scale = sib >> 6;
        o->index = idx == 4 ? R_NONE : idx; /* index 100b without REX.X: none */
        o->base = (uint8_t)((sib & 7) | ((rex & 1) << 3));
        if ((sib & 7) == 5 && mod == 0) { /* no base, disp32 */
            o->base = R_NONE;
            dsz = 4;
        }
    } else if (rm == 5 && mod == 0) {
        /* disp32: absolute, or RIP-relative in 64-bit mode (SDM Vol.2 2.2.1.6) */
        o->base = R_NONE;
        dsz = 4;
        if (mode == DMODE_64) {
            o->flags |= IF_RIPREL;
            o->base = R_RIP;
        }
    } else {
        o->base = (uint8_t)(rm | ((rex & 1) << 3));
    }
    int e = need(c, dsz);
    if (e)
        return e;
    o->disp = dsz ? (int32_t)sext(take(c, dsz), dsz) : 0;
    return 0;
}

static uint8_t default_seg(const struct insn *o, const struct prefixes *p)
{
    if (p->seg != SEG_NONE)
        return p->seg;
    return (o->base == R_SP || o->base == R_BP) ? SEG_SS : SEG_DS;
}

/* ---- immediates ---- */

/* Size in bytes of an immediate operand kind, 0 if the kind is not one. */
static unsigned imm_size(uint8_t k, const struct insn *o)
{
    switch (k) {
    case O_Ib: case O_Ibs: case O_Jb:
        return 1;
    case O_Iw:
        return 2;
    case O_Iz: case O_Jz:
        return o->opsize == 2 ? 2 : 4;
    case O_Iv:
        return o->opsize;
    case O_Ap:
        return (o->opsize == 2 ? 2u : 4u) + 2;
    case O_Ob: case O_Ov:
        return o->addrsize;
    default:
        return 0;
    }
}

static uint64_t imm_value(uint8_t k, uint64_t raw, unsigned n, const struct insn *o)
{
    switch (k) {
    case O_Ibs: case O_Jb: case O_Jz:
        return (uint64_t)sext(raw, n);
    case O_Iz:
        return o->opsize == 8 ? (uint64_t)sext(raw, n) : raw;
    default:
        return raw;
    }
}

static int read_immediates(struct cursor *c, struct insn *o, const struct opdesc *d)
{
    int nimm = 0;
    for (int i = 0; i < 3; i++) {
        uint8_t k = d->opnd[i];
        uint64_t v;
        if (k == O_I1) {
            v = 1;
        } else {
            unsigned n = imm_size(k, o);
            if (!n)
                continue;
            int e = need(c, n);
            if (e)
                return e;
            if (k == O_Ap) { /* ptr16:16 / ptr16:32: offset, then selector */
                unsigned off = n - 2;
                o->imm = take(c, off);
                o->imm2 = (uint16_t)take(c, 2);
                nimm = 2;
                continue;
            }
            v = imm_value(k, take(c, n), n, o);
        }
        if (nimm++ == 0)
            o->imm = v;
        else
            o->imm2 = (uint16_t)v;
    }
    return 0;
}

/* ---- register operands ---- */

/* Without REX, byte register encodings 4-7 name AH, CH, DH, BH
 * (SDM Vol.2 3.1.1.1, table 3-1 footnote; 2.2.1.2). */
static uint8_t byte_reg(uint8_t r, uint8_t rex)
{
    return (!rex && r >= 4 && r < 8) ? (uint8_t)(r - 4 + REG8_AH) : r;
}

static void map_byte_regs(struct insn *o, const struct opdesc *d)
{
    for (int i = 0; i < 3; i++) {
        switch (d->opnd[i]) {
        case O_Gb: case O_Zb:
            o->reg = byte_reg(o->reg, o->rex);
            break;
        case O_Eb:
            if (o->mod == 3)
                o->rm = byte_reg(o->rm, o->rex);
            break;
        default:
            break;
        }
    }
}

static int has_opnd(const struct opdesc *d, uint8_t k)
{
    return d->opnd[0] == k || d->opnd[1] == k || d->opnd[2] == k;
}

/* ---- decode() ---- */

static int fail(struct insn *o, unsigned len, int code)
{
    o->op = IOP_INVALID;
    o->len = (uint8_t)len;
    return code;
}

static void init_insn(struct insn *o, enum dec_mode mode)
{
    memset(o, 0, sizeof *o);
    o->base = o->index = R_NONE;
    o->seg = SEG_DS;
    o->mod = 3;
    o->dmode = (uint8_t)mode;
}

/* Reads the opcode bytes: one-byte map, 0F, 0F 38 or 0F 3A (SDM Vol.2 2.1.2). */
static int read_opcode(struct cursor *c, struct insn *o)
{
    int e = need(c, 1);
    if (e)
        return e;
    uint8_t b = (uint8_t)take(c, 1);
    o->map = MAP_1;
    if (b == 0x0F) {
        if ((e = need(c, 1)))
            return e;
        b = (uint8_t)take(c, 1);
        o->map = MAP_0F;
        if (b == 0x38 || b == 0x3A) {
            o->map = b == 0x38 ? MAP_0F38 : MAP_0F3A;
            if ((e = need(c, 1)))
                return e;
            b = (uint8_t)take(c, 1);
        }
    }
    o->opcode = b;
    return 0;
}

static int decode_memory(struct cursor *c, struct insn *o, const struct prefixes *p,
                         enum dec_mode mode)
{
    uint8_t mod = o->modrm >> 6, rm = o->modrm & 7;
    int e = o->addrsize == 2 ? modrm16(c, o, mod, rm) : modrm32(c, o, mod, rm, p->rex, mode);
    if (e)
        return e;
    o->seg = default_seg(o, p);
    return 0;
}

int decode(struct insn *out, const uint8_t *bytes, size_t avail, enum dec_mode mode)
{
    pthread_once(&idx_once, idx_build);
    struct insn o;
    init_insn(&o, mode);
    struct cursor c = {bytes, avail, 0};
    struct prefixes p;
    int e = read_prefixes(&c, &p, mode);
    if (!e)
        e = read_opcode(&c, &o);
    if (e) {
        *out = o;
        return fail(out, c.pos, e);
    }
    o.rex = p.rex;
    o.flags = (uint8_t)((p.rex ? IF_REX : 0) | (p.opsz ? IF_OPSZ : 0) | (p.adsz ? IF_ADSZ : 0) |
                        (p.seg != SEG_NONE ? IF_SEGOVR : 0));
    o.lock = p.lock;
    o.rep = p.last_rep == 0xF3 ? REP_F3 : p.last_rep == 0xF2 ? REP_F2 : REP_NONE;

    int has_modrm = idx_modrm[o.map][o.opcode];
    if (has_modrm) {
        if ((e = need(&c, 1))) {
            *out = o;
            return fail(out, c.pos, e);
        }
        o.modrm = (uint8_t)take(&c, 1);
    }
    /* MOV to/from CR/DR ignore mod: always register operands (SDM Vol.2 MOV CR). */
    int regform = !has_modrm || (o.modrm >> 6) == 3 ||
                  (o.map == MAP_0F && o.opcode >= 0x20 && o.opcode <= 0x23);
    uint8_t cls = prefix_class(&p);
    unsigned op;
    if (o.map == MAP_1 && o.opcode == 0x90 && (p.rex & 1))
        op = IOP_XCHG_ZvrAX; /* 90 with REX.B is XCHG r8, rAX, not NOP */
    else
        op = select_entry(o.map, o.opcode, o.modrm, has_modrm, regform, cls, mode);
    const struct opdesc *d = &opdesc_table[op];
    /* LOCK needs a lockable entry with a memory destination (SDM Vol.2 LOCK). */
    if (op == IOP_INVALID || (p.lock && (!(d->attr & A_LOCK) || regform))) {
        *out = o;
        return fail(out, c.pos, DEC_UD);
    }
    o.op = (uint16_t)op;
    o.pfx = d->pfx;
    int opsz_pfx = p.opsz && d->pfx != P_66; /* a mandatory 66 is not a size prefix */
    if (d->pfx == P_F2 || d->pfx == P_F3)
        o.rep = REP_NONE;
    o.opsize = operand_size(d, &p, opsz_pfx, mode);
    o.addrsize = address_size(&p, mode);
    o.amask = address_mask(o.addrsize);
    o.seg = p.seg != SEG_NONE ? p.seg : SEG_DS;

    if (has_modrm) {
        o.reg = (uint8_t)(((o.modrm >> 3) & 7) | ((p.rex & 4) << 1));
        if (regform) {
            o.mod = 3;
            o.rm = (uint8_t)((o.modrm & 7) | ((p.rex & 1) << 3));
        } else {
            o.mod = o.modrm >> 6;
            o.rm = o.modrm & 7;
            if ((e = decode_memory(&c, &o, &p, mode))) {
                *out = o;
                return fail(out, c.pos, e);
            }
        }
    } else if (op == IOP_XCHG_ZvrAX || has_opnd(d, O_Zb) || has_opnd(d, O_Zv) ||
               has_opnd(d, O_Zq) || has_opnd(d, O_Zy)) {
        o.reg = (uint8_t)((o.opcode & 7) | ((p.rex & 1) << 3));
    }
    if ((e = read_immediates(&c, &o, d))) {
        *out = o;
        return fail(out, c.pos, e);
    }
    if (has_opnd(d, O_Ob) || has_opnd(d, O_Ov))
        o.mod = 0; /* moffs: a memory operand with no base, index or ModRM */
    map_byte_regs(&o, d);
    if (has_opnd(d, O_Sw))
        o.reg &= 7; /* REX.R does not extend the Sreg field */
    o.form = FORM(o.opsize == 2 ? SZ16 : o.opsize == 4 ? SZ32 : SZ64, has_modrm && o.mod != 3);
    o.len = (uint8_t)c.pos;
    *out = o;
    return c.pos;
}
