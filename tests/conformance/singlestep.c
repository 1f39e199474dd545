/* tests/conformance/singlestep.c: runs SingleStepTests-format files
 * (hardware-recorded single-instruction tests of the 8086 and the 80286)
 * against emu's CPU and reports pass rates per opcode form.
 *
 * usage: singlestep [--cpu 8086|286] [--metadata FILE] [-v|-q] FILE...
 *
 * Each FILE is a gzip-compressed JSON array of tests (one opcode form per
 * file, e.g. 00.json.gz or F6.7.json.gz). For each test the CPU is reset,
 * loaded with the initial registers and RAM, runs the instruction, and its
 * registers, FLAGS and the listed RAM bytes are compared with the recorded
 * final state. emu models a 386-class CPU, not an 8086 or a 286: where the
 * recorded CPU legitimately differs, a rule below skips the test or masks
 * the field. Every rule is listed in docs/CONFORMANCE.md; tests are never
 * skipped by hash or name.
 *
 * The exit status is 0 if every opcode form that had any test compared
 * passes at least 99.5% of those tests, else 1 (2 for usage/IO errors).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "memory/phys.h"

#define PASS_BAR 99.5        /* the project's acceptance bar, percent */
#define MAX_STEPS_286 10000  /* 286 tests run to HLT; a runaway stops here */
#define MAX_STEPS_REP 0x20000 /* 8086 REP string: at most 64K iterations */
#define RAM_SIZE (16u << 20)

enum cpu_kind { CPU_UNKNOWN = 0, CPU_8086, CPU_286 };

/* The registers of a test, in the order of the JSON files' "regs". */
enum { RG_AX, RG_BX, RG_CX, RG_DX, RG_CS, RG_SS, RG_DS, RG_ES, RG_SP, RG_BP, RG_SI, RG_DI,
       RG_IP, RG_FLAGS, RG_COUNT };
static const char *const reg_names[RG_COUNT] = {
    "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp", "bp", "si", "di", "ip", "flags",
};
static const int reg_gpr[RG_COUNT] = {
    [RG_AX] = R_AX, [RG_BX] = R_BX, [RG_CX] = R_CX, [RG_DX] = R_DX, [RG_SP] = R_SP,
    [RG_BP] = R_BP, [RG_SI] = R_SI, [RG_DI] = R_DI,
    [RG_CS] = -1, [RG_SS] = -1, [RG_DS] = -1, [RG_ES] = -1, [RG_IP] = -1, [RG_FLAGS] = -1,
};
static const int reg_seg[RG_COUNT] = {
    [RG_CS] = SEG_CS, [RG_SS] = SEG_SS, [RG_DS] = SEG_DS, [RG_ES] = SEG_ES,
    [RG_AX] = -1, [RG_BX] = -1, [RG_CX] = -1, [RG_DX] = -1, [RG_SP] = -1, [RG_BP] = -1,
    [RG_SI] = -1, [RG_DI] = -1, [RG_IP] = -1, [RG_FLAGS] = -1,
};

/* FLAGS bits compared: the six status flags, TF, IF, DF. Bits 12-15
 * (IOPL, NT, bit 15) differ between the 8086 (all ones), the 286 (zero in
 * real mode) and a 386 (loadable IOPL/NT), and the reserved bits 1, 3, 5
 * carry no information (README "Rules for a 386-class CPU"). */
#define FLAGS_COMPARED 0x0FD5u

/* ---- the reasons for which a test is not compared ---- */
enum skip_rule {
    SK_STATUS,       /* form not "normal" and defined differently on a 386 */
    SK_LOCK,         /* LOCK on an instruction a 386 rejects with #UD */
    SK_86_SREG,      /* 8086 MOV Sreg with ModRM.reg >= 4 (aliases) */
    SK_286_SREG,     /* 286 MOV Sreg with FS/GS encodings (#UD there) */
    SK_86_SHIFT,     /* 8086 shift/rotate count not masked to 5 bits */
    SK_86_DIVERR,    /* 8086 #DE pushes the next IP */
    SK_86_WRAP,      /* 8086 word access at offset 0xFFFF wraps; 386 #GP/#SS */
    SK_86_REPMULDIV, /* 8086 REP prefix negates the IDIV quotient */
    SK_286_LEN,      /* 286: instructions over 10 bytes raise #GP */
    SK_286_SSVEC,    /* 286: stack limit violation is #GP, #SS on a 386 */
    SK_286_POPM,     /* 286: POP m16 at offset 0xFFFF faults after SP+=2 */
    SK_86_AAA,       /* 8086 AAA/AAS adjust AL alone, no carry into AH */
    SK_86_DAS,       /* 8086 DAS: no CF from the low adjustment, 0x9F threshold */
    SK_COUNT
};
static const char *const skip_names[SK_COUNT] = {
    [SK_STATUS] = "form not normal (alias/undefined/undocumented/fpu/prefix), differs on a 386",
    [SK_LOCK] = "LOCK prefix on an instruction that is #UD with LOCK on a 386",
    [SK_86_SREG] = "8086 MOV to/from Sreg with ModRM.reg >= 4 (8086 ignores bit 2)",
    [SK_286_SREG] = "286 MOV to/from FS/GS encodings (#UD on the 286)",
    [SK_86_SHIFT] = "8086 shift/rotate by CL > 31 (286+ mask the count to 5 bits)",
    [SK_86_DIVERR] = "8086 divide error (pushes the next IP; 286+ the faulting IP)",
    [SK_86_WRAP] = "8086 word access at offset 0xFFFF wraps (286+ raise #GP/#SS)",
    [SK_86_REPMULDIV] = "8086 REP prefix on IDIV negates the quotient",
    [SK_286_LEN] = "286 instruction longer than 10 bytes (#GP on the 286; 386 limit: 15)",
    [SK_286_SSVEC] = "286 stack access at offset 0xFFFF (#GP on the 286, #SS on a 386)",
    [SK_286_POPM] = "286 POP m16 at offset 0xFFFF: #GP after SP was incremented",
    [SK_86_AAA] = "8086 AAA/AAS: AL+-6 does not carry into AH (286+: AX+-6)",
    [SK_86_DAS] = "8086 DAS: low adjustment sets no CF, high threshold 0x9F",
};

/* ---- per-form statistics ---- */
struct form_stat {
    char name[24];
    unsigned pass, fail, skip;
    unsigned shown; /* failures printed so far */
};

struct opts {
    enum cpu_kind cpu;
    const char *metadata;
    int verbose; /* -1 quiet, 0 default, 1 and more: more failures shown */
};

struct runner {
    struct opts o;
    struct form_stat *forms;
    size_t nforms, capforms;
    unsigned long skip_by_rule[SK_COUNT];
    /* metadata cache: one file per data folder */
    char meta_path[4096];
    json_object *meta;
    /* one CPU per CPU kind, reset between tests (a fresh decoded-instruction
     * cache per test would cost more than the tests themselves) */
    struct phys *phys[3];
    struct cpu *cpu[3];
    char *failbuf; /* diff text of the current test */
    size_t faillen, failcap;
};

/* for the crash handler: which test was running */
static char crash_test[256];

static void on_crash(int sig)
{
    static const char msg[] = "\nsinglestep: crashed while running test: ";
    ssize_t r = write(2, msg, sizeof msg - 1);
    r = write(2, crash_test, strnlen(crash_test, sizeof crash_test));
    r = write(2, "\n", 1);
    (void)r;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "singlestep: out of memory\n");
        exit(2);
    }
    return q;
}

static struct form_stat *form_get(struct runner *r, const char *name)
{
    for (size_t i = 0; i < r->nforms; i++)
        if (strcmp(r->forms[i].name, name) == 0)
            return &r->forms[i];
    if (r->nforms == r->capforms) {
        r->capforms = r->capforms ? r->capforms * 2 : 64;
        r->forms = xrealloc(r->forms, r->capforms * sizeof *r->forms);
    }
    struct form_stat *f = &r->forms[r->nforms++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    return f;
}

static void failf(struct runner *r, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = r->failcap - r->faillen;
        va_start(ap, fmt);
        int n = vsnprintf(r->failbuf + r->faillen, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            return;
        if ((size_t)n < room) {
            r->faillen += (size_t)n;
            return;
        }
        r->failcap = r->failcap * 2 + (size_t)n + 256;
        r->failbuf = xrealloc(r->failbuf, r->failcap);
    }
}

/* ---- reading a test file ---- */
static char *read_gz(const char *path, size_t *len)
{
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        fprintf(stderr, "singlestep: %s: %s\n", path, strerror(errno ? errno : ENOENT));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = xrealloc(NULL, cap);
    for (;;) {
        if (cap - n < 65536) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        int got = gzread(gz, buf + n, (unsigned)(cap - n - 1));
        if (got < 0) {
            int err;
            fprintf(stderr, "singlestep: %s: %s\n", path, gzerror(gz, &err));
            gzclose(gz);
            free(buf);
            return NULL;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    gzclose(gz);
    buf[n] = 0;
    *len = n;
    return buf;
}

static json_object *parse_json(const char *path, const char *text, size_t len)
{
    json_tokener *tok = json_tokener_new_ex(64);
    json_object *o = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    if (!o || e != json_tokener_success) {
        fprintf(stderr, "singlestep: %s: invalid JSON: %s\n", path, json_tokener_error_desc(e));
        if (o)
            json_object_put(o);
        o = NULL;
    }
    json_tokener_free(tok);
    return o;
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o && json_object_is_type(o, json_type_object))
        json_object_object_get_ex(o, key, &v);
    return v;
}

/* ---- metadata: status and flags-mask of an opcode form ---- */
struct form_meta {
    const char *status; /* "normal" if unknown */
    uint16_t flags_mask;
};

static bool load_metadata(struct runner *r, const char *datafile)
{
    char path[4096];
    if (r->o.metadata) {
        snprintf(path, sizeof path, "%s", r->o.metadata);
    } else {
        const char *slash = strrchr(datafile, '/');
        int dirlen = slash ? (int)(slash - datafile) : 1;
        snprintf(path, sizeof path, "%.*s/metadata.json", dirlen, slash ? datafile : ".");
    }
    if (r->meta && strcmp(path, r->meta_path) == 0)
        return true;
    if (r->meta)
        json_object_put(r->meta);
    r->meta = json_object_from_file(path);
    if (!r->meta) {
        fprintf(stderr, "singlestep: %s: cannot read metadata (%s)\n", path, json_util_get_last_err());
        r->meta_path[0] = 0;
        return false;
    }
    snprintf(r->meta_path, sizeof r->meta_path, "%s", path);
    return true;
}

/* The metadata entry of opcode `op` ("F6"); `*has_reg` tells whether the
 * form is split by ModRM.reg. */
static json_object *meta_opcode(struct runner *r, const char *op, bool *has_reg)
{
    json_object *e = get(get(r->meta, "opcodes"), op);
    *has_reg = get(e, "reg") != NULL;
    return e;
}

static struct form_meta meta_form(json_object *e, int reg)
{
    struct form_meta m = {"normal", 0xFFFF};
    if (reg >= 0) {
        char k[4];
        snprintf(k, sizeof k, "%d", reg);
        e = get(get(e, "reg"), k);
    }
    json_object *s = get(e, "status"), *fm = get(e, "flags-mask");
    if (s)
        m.status = json_object_get_string(s);
    if (fm)
        m.flags_mask = (uint16_t)json_object_get_int(fm);
    return m;
}

/* ---- a decoded view of the test's instruction (independent of emu's
 * decoder: the skip rules must not depend on the code under test) ---- */
struct tinsn {
    int nprefix;
    bool lock, rep, bad_prefix86; /* bad_prefix86: F1 (8086 LOCK alias) */
    int seg;                       /* segment override or -1 */
    uint8_t op;
    bool has_modrm;
    uint8_t modrm;
    int mem;          /* ModRM names memory */
    uint16_t ea;      /* its offset (16-bit addressing) */
    int ea_seg;       /* its default or overridden segment */
    unsigned len;     /* prefixes + opcode + ModRM + displacement */
};

static bool opcode_has_modrm(uint8_t op)
{
    if (op < 0x40)
        return (op & 7) < 4;
    if (op == 0x62 || op == 0x63 || op == 0x69 || op == 0x6B)
        return true;
    if (op >= 0x80 && op <= 0x8F)
        return true;
    if (op == 0xC0 || op == 0xC1 || (op >= 0xC4 && op <= 0xC7))
        return true;
    if (op >= 0xD0 && op <= 0xD3)
        return true;
    if (op >= 0xD8 && op <= 0xDF)
        return true;
    return op == 0xF6 || op == 0xF7 || op == 0xFE || op == 0xFF;
}

static void tdecode(struct tinsn *t, const uint8_t *b, size_t n, const uint16_t *regs,
                    enum cpu_kind cpu)
{
    memset(t, 0, sizeof *t);
    t->seg = -1;
    size_t i = 0;
    for (; i < n; i++) {
        uint8_t p = b[i];
        if (p == 0x26 || p == 0x2E || p == 0x36 || p == 0x3E)
            t->seg = (p >> 3) & 3;
        else if (p == 0xF0)
            t->lock = true;
        else if (p == 0xF2 || p == 0xF3)
            t->rep = true;
        else if (p == 0xF1 && cpu == CPU_8086)
            t->bad_prefix86 = true;
        else
            break;
    }
    t->nprefix = (int)i;
    t->op = i < n ? b[i] : 0x90;
    i++;
    t->has_modrm = opcode_has_modrm(t->op);
    t->ea_seg = t->seg >= 0 ? t->seg : SEG_DS;
    if (t->has_modrm && i < n) {
        t->modrm = b[i++];
        unsigned mod = t->modrm >> 6, rm = t->modrm & 7;
        if (mod != 3) {
            static const int base[8] = {RG_BX, RG_BX, RG_BP, RG_BP, RG_SI, RG_DI, RG_BP, RG_BX};
            static const int index[8] = {RG_SI, RG_DI, RG_SI, RG_DI, -1, -1, -1, -1};
            uint16_t ea = 0;
            if (mod == 0 && rm == 6) {
                ea = (uint16_t)(b[i] | b[i + 1] << 8);
                i += 2;
            } else {
                ea = regs[base[rm]];
                if (index[rm] >= 0)
                    ea = (uint16_t)(ea + regs[index[rm]]);
                if (base[rm] == RG_BP && t->seg < 0)
                    t->ea_seg = SEG_SS;
                if (mod == 1)
                    ea = (uint16_t)(ea + (int8_t)b[i++]);
                else if (mod == 2) {
                    ea = (uint16_t)(ea + (b[i] | b[i + 1] << 8));
                    i += 2;
                }
            }
            t->mem = 1;
            t->ea = ea;
        }
    }
    t->len = (unsigned)i;
}

/* Width in bytes of the memory operand of a ModRM form (0: no access). */
static unsigned modrm_access_width(const struct tinsn *t)
{
    uint8_t op = t->op;
    unsigned reg = (t->modrm >> 3) & 7;
    if (op < 0x40 || (op >= 0x84 && op <= 0x8B) || op == 0xC0 || op == 0xC1 || op == 0xC6 ||
        op == 0xC7 || (op >= 0xD0 && op <= 0xD3))
        return (op & 1) ? 2 : 1;
    switch (op) {
    case 0x80: case 0x82: case 0xF6: case 0xFE: return 1;
    case 0x81: case 0x83: case 0xF7: case 0x8C: case 0x8E: case 0x8F:
    case 0x69: case 0x6B: case 0x63: return 2;
    case 0x62: case 0xC4: case 0xC5: return 4;   /* BOUND, LES, LDS */
    case 0xFF: return (reg == 3 || reg == 5) ? 4 : 2; /* far CALL/JMP: ptr16:16 */
    default: return 0;                            /* LEA, ESC */
    }
}

/* Does a word at one of `count` offsets start, start+step, ... sit at
 * offset 0xFFFF (crossing the end of the 64 KiB segment)? */
static bool word_run_hits_ffff(uint16_t start, int step, unsigned count)
{
    for (unsigned k = 0; k < count && k < 0x10000; k++)
        if ((uint16_t)(start + (int)k * step) == 0xFFFF)
            return true;
    return false;
}

/* Where an instruction touches a word (or a far pointer) that extends past
 * offset 0xFFFF of its segment. The 8086 wraps such an access to offset 0;
 * the 286 and later fault because it crosses the 64 KiB segment limit.
 * Found statically from the instruction bytes and the initial registers:
 * ModRM memory operands, direct moffs operands, string operands over all
 * REP iterations, stack pushes and pops (LEAVE: at BP), and the instruction
 * bytes themselves (code fetch past IP 0xFFFF). */
enum cross {
    CR_NONE = 0,
    CR_CODE,   /* instruction bytes wrap past IP 0xFFFF */
    CR_DATA,   /* a data-segment operand (not SS): #GP(0) on a 386 */
    CR_STRING, /* a string operand (not SS): #GP(0) on a 386 */
    CR_STACK,  /* an SS operand or a push/pop: #SS(0) on a 386 */
};

static enum cross crosses_ffff(const struct tinsn *t, const uint16_t *regs, const uint8_t *bytes,
                               size_t nbytes)
{
    uint8_t op = t->op;
    uint16_t sp = regs[RG_SP];
    if ((uint32_t)regs[RG_IP] + nbytes > 0x10000)
        return CR_CODE;
    if (t->mem) {
        unsigned w = modrm_access_width(t);
        if (w >= 2 && (uint32_t)t->ea + w - 1 > 0xFFFF)
            return t->ea_seg == SEG_SS ? CR_STACK : CR_DATA;
    }
    if (op == 0xA1 || op == 0xA3) {
        size_t o = (size_t)t->nprefix + 1;
        if (o + 1 < nbytes && (bytes[o] | bytes[o + 1] << 8) == 0xFFFF)
            return t->ea_seg == SEG_SS ? CR_STACK : CR_DATA;
    }
    if (((op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF) || (op >= 0x6C && op <= 0x6F)) &&
        (op & 1)) {
        unsigned count = t->rep ? regs[RG_CX] : 1;
        int step = (regs[RG_FLAGS] & F_DF) ? -2 : 2;
        bool src = (op >= 0xA4 && op <= 0xA7) || op == 0xAD || op == 0x6F;
        bool dst = (op >= 0xA4 && op <= 0xA7) || op == 0xAB || op == 0xAF || op == 0x6D;
        if (src && word_run_hits_ffff(regs[RG_SI], step, count))
            return t->ea_seg == SEG_SS ? CR_STACK : CR_STRING;
        if (dst && word_run_hits_ffff(regs[RG_DI], step, count))
            return CR_STRING; /* ES:DI, no override */
    }
    /* stack: words pushed below SP or popped from SP upwards */
    unsigned pushes = 0, pops = 0;
    unsigned reg = (t->modrm >> 3) & 7;
    switch (op) {
    case 0x06: case 0x0E: case 0x16: case 0x1E: case 0x9C: case 0xE8: case 0x68: case 0x6A:
        pushes = 1; break;
    case 0x9A: pushes = 2; break;
    case 0xCC: case 0xCD: case 0xCE: pushes = 3; break;
    case 0x60: pushes = 8; break;
    case 0x07: case 0x17: case 0x1F: case 0x8F: case 0x9D: case 0xC2: case 0xC3:
        pops = 1; break;
    case 0xCA: case 0xCB: pops = 2; break;
    case 0xCF: pops = 3; break;
    case 0x61: pops = 8; break;
    case 0xC9: /* LEAVE: SP = BP, then POP BP (186+) */
        sp = regs[RG_BP];
        pops = 1;
        break;
    case 0xFF:
        if (reg == 2 || reg == 6)
            pushes = 1;
        else if (reg == 3)
            pushes = 2;
        break;
    default:
        if (op >= 0x50 && op <= 0x57)
            pushes = 1;
        else if (op >= 0x58 && op <= 0x5F)
            pops = 1;
        break;
    }
    if (pushes && word_run_hits_ffff((uint16_t)(sp - 2), -2, pushes))
        return CR_STACK;
    if (pops && word_run_hits_ffff(sp, 2, pops))
        return CR_STACK;
    return CR_NONE;
}

/* Rule SK_LOCK: a 386 raises #UD for LOCK unless the instruction is one of
 * ADD ADC AND BTx CMPXCHG DEC INC NEG NOT OR SBB SUB XOR XADD XCHG with a
 * memory destination (SDM Vol.2 "LOCK"); the 8086 and 286 accept LOCK on
 * anything. */
static bool lock_ok_on_386(const struct tinsn *t)
{
    uint8_t op = t->op;
    unsigned reg = (t->modrm >> 3) & 7;
    if (!t->mem)
        return false;
    if (op < 0x40)
        return (op & 7) < 2 && (op >> 3) != 7; /* ALU Eb/Ev,G, not CMP */
    switch (op) {
    case 0x80: case 0x81: case 0x82: case 0x83: return reg != 7;
    case 0x86: case 0x87: return true;
    case 0xF6: case 0xF7: return reg == 2 || reg == 3;
    case 0xFE: case 0xFF: return reg <= 1;
    default: return false;
    }
}

/* Rule SK_STATUS: forms whose metadata status is not "normal" are compared
 * only where a 386-class CPU defines them the same way. */
static bool status_compared(enum cpu_kind cpu, uint8_t op, int reg, const char *status)
{
    if (strcmp(status, "normal") == 0)
        return true;
    /* 82 /r: alias of 80 /r (SDM opcode map: Grp1 Eb,Ib; invalid only in 64-bit mode) */
    if (op == 0x82)
        return true;
    /* F6 /1, F7 /1: TEST alias, executed as TEST by Intel and AMD CPUs */
    if ((op == 0xF6 || op == 0xF7) && reg == 1)
        return true;
    /* D6: SALC (AL = CF ? FF : 00) on the 8086, 286 and modern CPUs outside 64-bit mode */
    if (op == 0xD6)
        return true;
    /* D0-D3 /6, C0/C1 /6: SAL alias of SHL on the 286 and later; the 8086
     * executes SETMO/SETMOC there instead */
    if (((op >= 0xD0 && op <= 0xD3) || op == 0xC0 || op == 0xC1) && reg == 6)
        return cpu == CPU_286;
    /* everything else: 8086 aliases 60-6F (Jcc), C0/C1/C8/C9 (RET/RETF),
     * FF /7 (PUSH), C6/C7 /1-7 (MOV), FE /2-7, 8F /1-7; the 286's 64-67
     * (prefixes on a 386), the ESC opcodes D8-DF (x87 on a 386) */
    return false;
}

/* ---- running one test ---- */
struct ramb {
    uint32_t addr;
    uint8_t val;
};
struct test {
    const char *name;
    uint8_t bytes[32];
    size_t nbytes;
    uint16_t init[RG_COUNT], fin[RG_COUNT];
    bool fin_has[RG_COUNT];
    struct ramb *iram, *fram;
    size_t niram, nfram;
};

static bool parse_regs(json_object *o, uint16_t *regs, bool *has, bool need_all)
{
    for (int k = 0; k < RG_COUNT; k++) {
        json_object *v = get(o, reg_names[k]);
        if (has)
            has[k] = v != NULL;
        if (v)
            regs[k] = (uint16_t)json_object_get_int(v);
        else if (need_all)
            return false;
    }
    return true;
}

static size_t parse_ram(json_object *a, struct ramb **out, size_t *cap)
{
    size_t n = a ? json_object_array_length(a) : 0;
    if (n > *cap) {
        *cap = n + 64;
        *out = xrealloc(*out, *cap * sizeof **out);
    }
    for (size_t k = 0; k < n; k++) {
        json_object *e = json_object_array_get_idx(a, k);
        (*out)[k].addr = (uint32_t)json_object_get_int64(json_object_array_get_idx(e, 0));
        (*out)[k].val = (uint8_t)json_object_get_int(json_object_array_get_idx(e, 1));
    }
    return n;
}

static struct cpu *machine_for(struct runner *r, enum cpu_kind kind)
{
    if (!r->cpu[kind]) {
        r->phys[kind] = phys_new(RAM_SIZE);
        if (!r->phys[kind]) {
            fprintf(stderr, "singlestep: cannot allocate guest RAM\n");
            exit(2);
        }
        r->cpu[kind] = cpu_new(NULL, r->phys[kind]);
        if (!r->cpu[kind]) {
            fprintf(stderr, "singlestep: cannot create the CPU\n");
            exit(2);
        }
    }
    /* 8086 data: 1 MiB address space, addresses wrap (A20 masked).
     * 286 data: 16 MiB, A20 enabled (FFFF:0010 and up reach above 1 MiB). */
    phys_set_a20(r->phys[kind], kind == CPU_286);
    return r->cpu[kind];
}

static uint32_t lin(uint16_t seg, uint16_t off) { return ((uint32_t)seg << 4) + off; }

static const char *flag_letters(uint16_t f, char *buf)
{
    static const char L[] = "c.p.a.zstidoxxxx";
    for (int b = 15, j = 0; b >= 0; b--, j++)
        buf[j] = (f >> b & 1) ? (char)(L[b] - (L[b] >= 'a' ? 32 : 0)) : '.';
    buf[16] = 0;
    return buf;
}

/* Returns 1 pass, 0 fail, -1 skipped (with *rule set). */
static int run_test(struct runner *r, enum cpu_kind kind, struct test *t, const struct tinsn *ti,
                    const struct form_meta *fm)
{
    struct cpu *c = machine_for(r, kind);
    struct phys *p = c->phys;

    cpu_reset(c);
    /* state a previous test may have left that a reset need not clear */
    c->halted = false;
    c->triple_fault = false;
    c->fault_depth = 0;
    c->intr_shadow = false;
    c->nmi_pending = false;
    c->stop = false;
    c->log_unimpl = r->o.verbose >= 2 ? 0 : 1000; /* unimplemented: #UD, quietly */
    for (int k = 0; k < RG_COUNT; k++)
        if (reg_gpr[k] >= 0)
            c->gpr[reg_gpr[k]] = t->init[k];
    for (int k = 0; k < RG_COUNT; k++)
        if (reg_seg[k] >= 0)
            cpu_load_seg_real(c, reg_seg[k], t->init[k]);
    c->rip = t->init[RG_IP];
    /* FLAGS bits 12-15: all ones on the 8086 (meaningless), zero on the 286
     * in real mode (its PUSHF pushes zeros there whatever the JSON says):
     * load them as zero. cpu_write_eflags keeps bit 1 set. */
    cpu_write_eflags(c, t->init[RG_FLAGS] & 0x0FFFu, ~0u);
    c->idtr.base = 0;
    c->idtr.limit = 0x3FF;
    cpu_update_mode(c);
    cpu_tlb_flush(c);
    for (size_t k = 0; k < t->niram; k++)
        phys_write_buf(p, t->iram[k].addr, &t->iram[k].val, 1);

    uint64_t steps = 0;
    if (kind == CPU_286) {
        /* each test is the instruction and a HLT; exceptions find a HLT at
         * their handler */
        while (!c->halted && !c->triple_fault && steps < MAX_STEPS_286) {
            cpu_step(c);
            steps++;
        }
    } else {
        /* one instruction; the 8086 data records REP string instructions
         * run to completion (final CX = 0 or the REPE/REPNE condition), so
         * repeat while the REP string instruction restarts itself */
        bool rep_string = ti->rep && ((ti->op >= 0xA4 && ti->op <= 0xA7) ||
                                      (ti->op >= 0xAA && ti->op <= 0xAF));
        uint16_t cs0 = t->init[RG_CS], ip0 = t->init[RG_IP];
        do {
            cpu_step(c);
            steps++;
        } while (rep_string && c->seg[SEG_CS].sel == cs0 && c->rip == ip0 && !c->triple_fault &&
                 steps < MAX_STEPS_REP);
    }

    /* expected registers: those listed in final, the initial value otherwise */
    uint16_t exp[RG_COUNT];
    for (int k = 0; k < RG_COUNT; k++)
        exp[k] = t->fin_has[k] ? t->fin[k] : t->init[k];

    bool str286 =
        kind == CPU_286 && crosses_ffff(ti, t->init, t->bytes, t->nbytes) == CR_STRING;
    r->faillen = 0;
    if (r->failbuf)
        r->failbuf[0] = 0;
    int bad = 0;
    for (int k = 0; k < RG_COUNT; k++) {
        uint64_t full;
        uint16_t got;
        if (reg_gpr[k] >= 0) {
            full = c->gpr[reg_gpr[k]];
        } else if (reg_seg[k] >= 0) {
            full = c->seg[reg_seg[k]].sel;
            if (c->seg[reg_seg[k]].base != (uint64_t)c->seg[reg_seg[k]].sel << 4) {
                failf(r, "    %s.base = %llx, selector %04x (real mode: selector*16)\n",
                      reg_names[k], (unsigned long long)c->seg[reg_seg[k]].base,
                      c->seg[reg_seg[k]].sel);
                bad++;
            }
        } else if (k == RG_IP) {
            full = c->rip;
        } else {
            continue;
        }
        got = (uint16_t)full;
        /* Rule (IP wrap): sequential execution that ends exactly at offset
         * 0xFFFF leaves EIP = 0x10000 on a 386 (the next fetch would fault
         * on the CS limit); the 8086 and 286 wrap IP to 0. */
        if (k == RG_IP && full == 0x10000u + exp[k] && exp[k] < 16)
            full = exp[k];
        /* Rule (286 string fault): a word string access at offset 0xFFFF
         * raises #GP on both, but the 286 has already stepped SI, DI and CX
         * when it faults; a 386 faults with them unchanged. */
        if (str286 && (k == RG_SI || k == RG_DI || k == RG_CX))
            continue;
        if (got != exp[k] || (full >> 16) != 0) {
            failf(r, "    %-5s expected %04x got %04x%s (initial %04x)\n", reg_names[k], exp[k],
                  got, (full >> 16) ? " with upper bits set" : "", t->init[k]);
            bad++;
        }
    }
    uint16_t fmask = (uint16_t)(fm->flags_mask & FLAGS_COMPARED);
    uint16_t gotf = (uint16_t)cpu_get_eflags(c);
    if ((gotf & fmask) != (exp[RG_FLAGS] & fmask)) {
        char a[17], b[17], d[17];
        failf(r, "    flags expected %04x %s got %04x %s differ %s (mask %04x)\n", exp[RG_FLAGS],
              flag_letters(exp[RG_FLAGS], a), gotf, flag_letters(gotf, b),
              flag_letters((uint16_t)((gotf ^ exp[RG_FLAGS]) & fmask), d), fmask);
        bad++;
    }

    /* The FLAGS image pushed by PUSHF or an interrupt/exception frame sits
     * at SS:SP-2 (initial SS:SP): compare it with the same mask as FLAGS.
     * An interrupt frame is recognised by SP dropping by exactly 6. */
    uint32_t fimg = ~0u;
    uint16_t sp_fin = exp[RG_SP];
    if (ti->op == 0x9C || (uint16_t)(t->init[RG_SP] - 6) == sp_fin)
        fimg = lin(t->init[RG_SS], (uint16_t)(t->init[RG_SP] - 2));
    /* Rule (8086): PUSH SP (54, or FF /6 with ModRM F4) pushes SP after the decrement on the 8086, the
     * original value on the 286 and later: expect the original value. */
    uint32_t pushsp = ~0u;
    if (kind == CPU_8086 && (ti->op == 0x54 || (ti->op == 0xFF && ti->modrm == 0xF4)))
        pushsp = lin(t->init[RG_SS], (uint16_t)(t->init[RG_SP] - 2));
    uint32_t amask = kind == CPU_8086 ? 0xFFFFF : 0xFFFFFF;

    for (size_t k = 0; k < t->nfram; k++) {
        uint32_t a = t->fram[k].addr;
        uint8_t want = t->fram[k].val, m = 0xFF;
        uint8_t got = (uint8_t)phys_read(p, a, 1);
        if (fimg != ~0u && a == (fimg & amask))
            m = (uint8_t)fmask;
        else if (fimg != ~0u && a == ((fimg + 1) & amask))
            m = (uint8_t)(fmask >> 8);
        if (pushsp != ~0u && a == (pushsp & amask))
            want = (uint8_t)t->init[RG_SP];
        else if (pushsp != ~0u && a == ((pushsp + 1) & amask))
            want = (uint8_t)(t->init[RG_SP] >> 8);
        if ((got & m) != (want & m)) {
            failf(r, "    [%06x] expected %02x got %02x%s\n", a, want, got,
                  m != 0xFF ? " (pushed FLAGS, masked)" : "");
            bad++;
        }
    }
    if (c->triple_fault) {
        failf(r, "    triple fault\n");
        bad++;
    }
    if (kind == CPU_286 && !c->halted) {
        failf(r, "    did not reach HLT in %d steps\n", MAX_STEPS_286);
        bad++;
    }

    /* clear what the test touched, for the next one */
    static const uint8_t zero = 0;
    for (size_t k = 0; k < t->niram; k++)
        phys_write_buf(p, t->iram[k].addr, &zero, 1);
    for (size_t k = 0; k < t->nfram; k++)
        phys_write_buf(p, t->fram[k].addr, &zero, 1);
    return bad ? 0 : 1;
}

/* Applies the skip rules; returns the rule or -1 when the test is compared. */
static int skip_rule(enum cpu_kind kind, const struct test *t, const struct tinsn *ti, int reg,
                     const struct form_meta *fm)
{
    if (!status_compared(kind, ti->op, reg, fm->status))
        return SK_STATUS;
    if (ti->lock && !lock_ok_on_386(ti))
        return SK_LOCK;
    if (kind == CPU_8086 && ti->bad_prefix86)
        return SK_STATUS; /* F1 is ICEBP on a 386, a LOCK alias on the 8086 */
    if ((ti->op == 0x8C || ti->op == 0x8E) && ((ti->modrm >> 3) & 7) >= 4)
        return kind == CPU_8086 ? SK_86_SREG : (((ti->modrm >> 3) & 7) <= 5 ? SK_286_SREG : -1);
    if (kind == CPU_286) {
        /* Rule SK_286_LEN: the 286 raises #GP for an instruction longer
         * than 10 bytes (redundant prefixes included); a 386 allows 15 */
        if (t->nbytes - 1 > 10)
            return SK_286_LEN;
        /* Rule SK_286_SSVEC: a stack access past offset 0xFFFF raises
         * #GP(13) on the 286 and #SS(12) on a 386 (SDM Vol.2, real-address
         * mode exceptions of POP, RET, LEAVE...): the vector differs */
        enum cross cr = crosses_ffff(ti, t->init, t->bytes, t->nbytes);
        if (cr == CR_STACK)
            return SK_286_SSVEC;
        /* Rule SK_286_POPM: POP m16 whose destination is at offset 0xFFFF
         * faults on the 286 after SP was incremented (the frame lands 2
         * bytes higher); a 386 faults with SP unchanged */
        if (cr == CR_DATA && ti->op == 0x8F)
            return SK_286_POPM;
        return -1;
    }
    if ((ti->op == 0xD2 || ti->op == 0xD3) && (t->init[RG_CX] & 0xFF) > 31)
        return SK_86_SHIFT;
    if ((ti->op == 0xF6 || ti->op == 0xF7) && reg == 7 && ti->rep)
        return SK_86_REPMULDIV;
    {
        /* BCD adjustments (SDM Vol.2 AAA/AAS/DAS give the 286+ behaviour) */
        uint8_t al = (uint8_t)t->init[RG_AX];
        bool low_adjust = (al & 0x0F) > 9 || (t->init[RG_FLAGS] & F_AF);
        /* AAA: the 8086 adds 6 to AL alone; 286+ add 0x106 to AX, so a
         * carry out of AL reaches AH. AAS likewise with a borrow. */
        if (ti->op == 0x37 && low_adjust && al > 0xF9)
            return SK_86_AAA;
        if (ti->op == 0x3F && low_adjust && al < 6)
            return SK_86_AAA;
        /* DAS: the 8086 takes no CF from the borrow of AL-6 and compares
         * the original AL with 0x9F, not 0x99, after a low adjustment. */
        if (ti->op == 0x2F && low_adjust && (al < 6 || (al >= 0x9A && al <= 0x9F)))
            return SK_86_DAS;
    }
    /* #DE: the test ends at the vector 0 handler (IVT entry from the initial RAM) */
    {
        uint16_t v0[4] = {0, 0, 0, 0};
        for (size_t k = 0; k < t->niram; k++)
            if (t->iram[k].addr < 4)
                v0[t->iram[k].addr] = t->iram[k].val;
        uint16_t hip = (uint16_t)(v0[0] | v0[1] << 8), hcs = (uint16_t)(v0[2] | v0[3] << 8);
        uint16_t fip = t->fin_has[RG_IP] ? t->fin[RG_IP] : t->init[RG_IP];
        uint16_t fcs = t->fin_has[RG_CS] ? t->fin[RG_CS] : t->init[RG_CS];
        uint16_t fsp = t->fin_has[RG_SP] ? t->fin[RG_SP] : t->init[RG_SP];
        bool divop = ((ti->op == 0xF6 || ti->op == 0xF7) && reg >= 6) || ti->op == 0xD4;
        if (divop && fip == hip && fcs == hcs && fsp == (uint16_t)(t->init[RG_SP] - 6))
            return SK_86_DIVERR;
    }
    /* Rule SK_86_WRAP: the 8086 wraps any access at offset 0xFFFF */
    if (crosses_ffff(ti, t->init, t->bytes, t->nbytes) != CR_NONE)
        return SK_86_WRAP;
    return -1;
}

static void print_failure(struct runner *r, struct form_stat *f, const struct test *t, int idx)
{
    unsigned limit = r->o.verbose < 0 ? 0 : r->o.verbose == 0 ? 3 : r->o.verbose == 1 ? 20 : ~0u;
    if (f->shown >= limit)
        return;
    f->shown++;
    printf("FAIL %s #%d \"%s\" bytes", f->name, idx, t->name);
    for (size_t k = 0; k < t->nbytes; k++)
        printf(" %02X", t->bytes[k]);
    printf("\n%s", r->failbuf ? r->failbuf : "");
}

static enum cpu_kind cpu_from_path(const char *path)
{
    /* the nearest folder named 8086 or 80286 */
    enum cpu_kind k = CPU_UNKNOWN;
    const char *s = path;
    while (s && *s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (e) {
            if (n == 4 && strncmp(s, "8086", 4) == 0)
                k = CPU_8086;
            else if (n == 5 && strncmp(s, "80286", 5) == 0)
                k = CPU_286;
        }
        s = e ? e + 1 : NULL;
    }
    return k;
}

static int run_file(struct runner *r, const char *path)
{
    enum cpu_kind kind = r->o.cpu ? r->o.cpu : cpu_from_path(path);
    if (kind == CPU_UNKNOWN) {
        fprintf(stderr, "singlestep: %s: cannot tell the CPU from the path; use --cpu 8086|286\n",
                path);
        return -1;
    }
    if (!load_metadata(r, path))
        return -1;

    /* the opcode form from the file name: "F6.7.json.gz" -> "F6", reg 7 */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char opname[16] = {0};
    int file_reg = -1;
    size_t bl = strcspn(base, ".");
    snprintf(opname, sizeof opname, "%.*s", (int)(bl < 8 ? bl : 8), base);
    if (base[bl] == '.' && base[bl + 1] >= '0' && base[bl + 1] <= '7' && base[bl + 2] == '.')
        file_reg = base[bl + 1] - '0';
    bool has_reg = false;
    json_object *me = meta_opcode(r, opname, &has_reg);

    size_t len = 0;
    char *text = read_gz(path, &len);
    if (!text)
        return -1;
    json_object *arr = parse_json(path, text, len);
    free(text);
    if (!arr || !json_object_is_type(arr, json_type_array)) {
        if (arr)
            json_object_put(arr);
        fprintf(stderr, "singlestep: %s: not an array of tests\n", path);
        return -1;
    }

    struct test t;
    memset(&t, 0, sizeof t);
    size_t icap = 0, fcap = 0;
    size_t n = json_object_array_length(arr);
    for (size_t idx = 0; idx < n; idx++) {
        json_object *jt = json_object_array_get_idx(arr, idx);
        json_object *ini = get(jt, "initial"), *fin = get(jt, "final"), *jb = get(jt, "bytes");
        t.name = json_object_get_string(get(jt, "name"));
        if (!t.name)
            t.name = "?";
        t.nbytes = jb ? json_object_array_length(jb) : 0;
        if (t.nbytes > sizeof t.bytes)
            t.nbytes = sizeof t.bytes;
        for (size_t k = 0; k < t.nbytes; k++)
            t.bytes[k] = (uint8_t)json_object_get_int(json_object_array_get_idx(jb, k));
        if (!parse_regs(get(ini, "regs"), t.init, NULL, true) || !t.nbytes) {
            fprintf(stderr, "singlestep: %s: test %zu: missing registers or bytes\n", path, idx);
            continue;
        }
        parse_regs(get(fin, "regs"), t.fin, t.fin_has, false);
        t.niram = parse_ram(get(ini, "ram"), &t.iram, &icap);
        t.nfram = parse_ram(get(fin, "ram"), &t.fram, &fcap);

        struct tinsn ti;
        tdecode(&ti, t.bytes, t.nbytes, t.init, kind);
        int reg = file_reg;
        char form[24];
        if (reg < 0 && has_reg)
            reg = (ti.modrm >> 3) & 7;
        const char *fam = kind == CPU_8086 ? "8086" : "286";
        if (reg >= 0)
            snprintf(form, sizeof form, "%s/%s.%d", fam, opname, reg);
        else
            snprintf(form, sizeof form, "%s/%s", fam, opname);
        struct form_stat *f = form_get(r, form);
        struct form_meta fm = meta_form(me, has_reg ? reg : -1);

        int rule = skip_rule(kind, &t, &ti, reg, &fm);
        if (rule >= 0) {
            f->skip++;
            r->skip_by_rule[rule]++;
            continue;
        }
        snprintf(crash_test, sizeof crash_test, "%s #%zu %s", path, idx, t.name);
        if (run_test(r, kind, &t, &ti, &fm) > 0) {
            f->pass++;
        } else {
            f->fail++;
            print_failure(r, f, &t, (int)idx);
        }
    }
    free(t.iram);
    free(t.fram);
    json_object_put(arr);
    return 0;
}

static int cmp_form(const void *a, const void *b)
{
    return strcmp(((const struct form_stat *)a)->name, ((const struct form_stat *)b)->name);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: singlestep [--cpu 8086|286] [--metadata FILE] [-v] [-q] FILE...\n"
               "  runs SingleStepTests files (gzip JSON) against emu's CPU\n"
               "  --cpu       the CPU the data was recorded on (default: from a folder\n"
               "              named 8086 or 80286 in the path)\n"
               "  --metadata  metadata.json (default: beside each data file)\n"
               "  -v          show more failures (-vv: all, and log unimplemented opcodes)\n"
               "  -q          table rows below the bar and the summary only\n");
}

int main(int argc, char **argv)
{
    struct runner r;
    memset(&r, 0, sizeof r);
    r.failcap = 4096;
    r.failbuf = xrealloc(NULL, r.failcap);
    r.failbuf[0] = 0;
    int nfiles = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files)
        return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--cpu") == 0 && i + 1 < argc) {
            const char *v = argv[++i];
            if (strcmp(v, "8086") == 0 || strcmp(v, "86") == 0)
                r.o.cpu = CPU_8086;
            else if (strcmp(v, "286") == 0 || strcmp(v, "80286") == 0)
                r.o.cpu = CPU_286;
            else {
                fprintf(stderr, "singlestep: --cpu %s: expected 8086 or 286\n", v);
                return 2;
            }
        } else if (strcmp(a, "--metadata") == 0 && i + 1 < argc) {
            r.o.metadata = argv[++i];
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            r.o.verbose = r.o.verbose < 0 ? 1 : r.o.verbose + 1;
        } else if (strcmp(a, "-vv") == 0) {
            r.o.verbose = 2;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            r.o.verbose = -1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "singlestep: unknown option %s\n", a);
            usage(stderr);
            return 2;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) {
        usage(stderr);
        return 2;
    }
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGABRT, on_crash);
    setvbuf(stdout, NULL, _IOLBF, 0);

    int errors = 0;
    for (int i = 0; i < nfiles; i++)
        if (run_file(&r, files[i]) < 0)
            errors++;

    qsort(r.forms, r.nforms, sizeof *r.forms, cmp_form);
    unsigned long tp = 0, tf = 0, ts = 0;
    int below = 0;
    printf("\n%-10s %7s %7s %7s %8s\n", "form", "passed", "failed", "skipped", "pass %");
    for (size_t i = 0; i < r.nforms; i++) {
        struct form_stat *f = &r.forms[i];
        tp += f->pass;
        tf += f->fail;
        ts += f->skip;
        unsigned cmp = f->pass + f->fail;
        double pct = cmp ? 100.0 * f->pass / cmp : 100.0;
        bool low = cmp && pct < PASS_BAR;
        below += low;
        if (r.o.verbose < 0 && !low)
            continue;
        if (cmp)
            printf("%-10s %7u %7u %7u %7.1f%%%s\n", f->name, f->pass, f->fail, f->skip, pct,
                   low ? "  < bar" : "");
        else
            printf("%-10s %7u %7u %7u %8s\n", f->name, f->pass, f->fail, f->skip, "skipped");
    }
    printf("\nskipped by rule (docs/CONFORMANCE.md):\n");
    for (int k = 0; k < SK_COUNT; k++)
        if (r.skip_by_rule[k])
            printf("  %7lu  %s\n", r.skip_by_rule[k], skip_names[k]);
    /* per family (the prefix of the form name) */
    for (size_t i = 0; i < r.nforms;) {
        size_t fl = strcspn(r.forms[i].name, "/");
        unsigned long fp = 0, ff = 0, fs = 0;
        size_t j = i;
        for (; j < r.nforms && strncmp(r.forms[j].name, r.forms[i].name, fl + 1) == 0; j++) {
            fp += r.forms[j].pass;
            ff += r.forms[j].fail;
            fs += r.forms[j].skip;
        }
        printf("%.*s: %lu passed, %lu failed, %lu skipped (%.2f%% of compared tests)\n", (int)fl,
               r.forms[i].name, fp, ff, fs, fp + ff ? 100.0 * fp / (fp + ff) : 100.0);
        i = j;
    }
    printf("%d opcode form(s) below %.1f%%%s\n", below, PASS_BAR,
           errors ? ", and some files could not be read" : "");
    printf("%lu passed, %lu failed, %lu skipped\n", tp, tf, ts);

    for (int k = 0; k < 3; k++) {
        cpu_free(r.cpu[k]);
        phys_free(r.phys[k]);
    }
    if (r.meta)
        json_object_put(r.meta);
    free(r.forms);
    free(r.failbuf);
    free(files);
    return (below || errors) ? 1 : 0;
}
