/* tests/unit/test_fpu_diff.c: differential test of the x87 against the
 * host CPU.
 *
 * Random x87 instruction sequences (every non-transcendental x87
 * instruction, register and memory forms, random operands including the
 * special encodings, random rounding and precision control, exceptions
 * masked, or unmasked for a sequence of one instruction) are run natively
 * on the host, in a child process, and in emu on
 * a machine-less CPU in 32-bit flat protected mode. Memory operands use
 * [ebx+disp32], which means the same in both. Each sequence ends with
 * FNSAVE and PUSHF/POP: the status and control words, tag word, the eight
 * registers, the stored memory and the arithmetic flags are compared bit
 * for bit (the instruction and data pointers differ by construction and
 * are left out). A mismatching sequence is shortened until the first
 * instruction that makes the difference is found, and blamed on it; the
 * test prints the agreement rate per instruction.
 *
 * make check runs a small sample; FPU_DIFF_CASES=100000 runs more.
 * Transcendental instructions are implementation-specific in their last
 * bit and are measured by test_fpu_trans instead.
 */
#include <criterion/criterion.h>
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

#define BUF_SIZE 0x200
#define CODE_MAX 512
#define MAX_INSNS 24
#define GUEST_CODE 0x10000
#define GUEST_BUF 0x20000

/* data area offsets from EBX */
enum {
    D_CW = 0x00, D_INIT = 0x08, /* 8 x m80 */
    D_M32 = 0x58, D_M64 = 0x60, D_I16 = 0x68, D_I32 = 0x6C, D_I64 = 0x70,
    D_BCD = 0x78, D_OUT = 0x90, /* 16 bytes */
    D_SAVE = 0xA0,              /* 108 bytes */
    D_FLAGS = 0x110,
};

static uint64_t rng = 0x13198A2E03707344ull;
static uint64_t rnd(void) { return xorshift64(&rng); }

/* ---------------------------------------------------------------------- */
/* the instruction pool                                                   */

struct gen {
    uint8_t code[CODE_MAX];
    unsigned len;
    unsigned start[MAX_INSNS + 1]; /* body instruction offsets */
    const char *name[MAX_INSNS];
    unsigned n;
};

static void emit(struct gen *g, const uint8_t *b, unsigned n)
{
    memcpy(g->code + g->len, b, n);
    g->len += n;
}
static void emit_mem(struct gen *g, uint8_t op, unsigned reg, uint32_t disp)
{
    uint8_t b[6] = {op, (uint8_t)(0x83 | reg << 3), (uint8_t)disp, (uint8_t)(disp >> 8),
                    (uint8_t)(disp >> 16), (uint8_t)(disp >> 24)};
    emit(g, b, 6);
}

struct form {
    const char *name;
    uint8_t op, b2; /* b2: second byte for register forms (+i when sti), or reg for memory */
    uint8_t kind;   /* K_FIXED, K_STI, K_MEM */
    uint16_t disp;
};
enum { K_FIXED, K_STI, K_MEM };

static const struct form pool[] = {
    {"fadd st0,sti", 0xD8, 0xC0, K_STI, 0}, {"fmul st0,sti", 0xD8, 0xC8, K_STI, 0},
    {"fcom sti", 0xD8, 0xD0, K_STI, 0}, {"fcomp sti", 0xD8, 0xD8, K_STI, 0},
    {"fsub st0,sti", 0xD8, 0xE0, K_STI, 0}, {"fsubr st0,sti", 0xD8, 0xE8, K_STI, 0},
    {"fdiv st0,sti", 0xD8, 0xF0, K_STI, 0}, {"fdivr st0,sti", 0xD8, 0xF8, K_STI, 0},
    {"fadd sti,st0", 0xDC, 0xC0, K_STI, 0}, {"fmul sti,st0", 0xDC, 0xC8, K_STI, 0},
    {"fsubr sti,st0", 0xDC, 0xE0, K_STI, 0}, {"fsub sti,st0", 0xDC, 0xE8, K_STI, 0},
    {"fdivr sti,st0", 0xDC, 0xF0, K_STI, 0}, {"fdiv sti,st0", 0xDC, 0xF8, K_STI, 0},
    {"faddp", 0xDE, 0xC0, K_STI, 0}, {"fmulp", 0xDE, 0xC8, K_STI, 0},
    {"fsubrp", 0xDE, 0xE0, K_STI, 0}, {"fsubp", 0xDE, 0xE8, K_STI, 0},
    {"fdivrp", 0xDE, 0xF0, K_STI, 0}, {"fdivp", 0xDE, 0xF8, K_STI, 0},
    {"fcompp", 0xDE, 0xD9, K_FIXED, 0}, {"fucompp", 0xDA, 0xE9, K_FIXED, 0},
    {"fadd m32", 0xD8, 0, K_MEM, D_M32}, {"fmul m32", 0xD8, 1, K_MEM, D_M32},
    {"fcom m32", 0xD8, 2, K_MEM, D_M32}, {"fcomp m32", 0xD8, 3, K_MEM, D_M32},
    {"fsub m32", 0xD8, 4, K_MEM, D_M32}, {"fsubr m32", 0xD8, 5, K_MEM, D_M32},
    {"fdiv m32", 0xD8, 6, K_MEM, D_M32}, {"fdivr m32", 0xD8, 7, K_MEM, D_M32},
    {"fadd m64", 0xDC, 0, K_MEM, D_M64}, {"fmul m64", 0xDC, 1, K_MEM, D_M64},
    {"fcom m64", 0xDC, 2, K_MEM, D_M64}, {"fsub m64", 0xDC, 4, K_MEM, D_M64},
    {"fsubr m64", 0xDC, 5, K_MEM, D_M64}, {"fdiv m64", 0xDC, 6, K_MEM, D_M64},
    {"fdivr m64", 0xDC, 7, K_MEM, D_M64},
    {"fiadd m32", 0xDA, 0, K_MEM, D_I32}, {"fimul m32", 0xDA, 1, K_MEM, D_I32},
    {"ficom m32", 0xDA, 2, K_MEM, D_I32}, {"fisub m32", 0xDA, 4, K_MEM, D_I32},
    {"fidivr m32", 0xDA, 7, K_MEM, D_I32}, {"fiadd m16", 0xDE, 0, K_MEM, D_I16},
    {"ficomp m16", 0xDE, 3, K_MEM, D_I16}, {"fisubr m16", 0xDE, 5, K_MEM, D_I16},
    {"fidiv m16", 0xDE, 6, K_MEM, D_I16},
    {"fld sti", 0xD9, 0xC0, K_STI, 0}, {"fxch sti", 0xD9, 0xC8, K_STI, 0},
    {"fst sti", 0xDD, 0xD0, K_STI, 0}, {"fstp sti", 0xDD, 0xD8, K_STI, 0},
    {"fucom sti", 0xDD, 0xE0, K_STI, 0}, {"fucomp sti", 0xDD, 0xE8, K_STI, 0},
    {"ffree sti", 0xDD, 0xC0, K_STI, 0},
    {"fucomi", 0xDB, 0xE8, K_STI, 0}, {"fcomi", 0xDB, 0xF0, K_STI, 0},
    {"fucomip", 0xDF, 0xE8, K_STI, 0}, {"fcomip", 0xDF, 0xF0, K_STI, 0},
    {"fcmovb", 0xDA, 0xC0, K_STI, 0}, {"fcmove", 0xDA, 0xC8, K_STI, 0},
    {"fcmovbe", 0xDA, 0xD0, K_STI, 0}, {"fcmovu", 0xDA, 0xD8, K_STI, 0},
    {"fcmovnb", 0xDB, 0xC0, K_STI, 0}, {"fcmovne", 0xDB, 0xC8, K_STI, 0},
    {"fcmovnbe", 0xDB, 0xD0, K_STI, 0}, {"fcmovnu", 0xDB, 0xD8, K_STI, 0},
    {"fchs", 0xD9, 0xE0, K_FIXED, 0}, {"fabs", 0xD9, 0xE1, K_FIXED, 0},
    {"ftst", 0xD9, 0xE4, K_FIXED, 0}, {"fxam", 0xD9, 0xE5, K_FIXED, 0},
    {"fld1", 0xD9, 0xE8, K_FIXED, 0}, {"fldl2t", 0xD9, 0xE9, K_FIXED, 0},
    {"fldl2e", 0xD9, 0xEA, K_FIXED, 0}, {"fldpi", 0xD9, 0xEB, K_FIXED, 0},
    {"fldlg2", 0xD9, 0xEC, K_FIXED, 0}, {"fldln2", 0xD9, 0xED, K_FIXED, 0},
    {"fldz", 0xD9, 0xEE, K_FIXED, 0}, {"fxtract", 0xD9, 0xF4, K_FIXED, 0},
    {"fprem1", 0xD9, 0xF5, K_FIXED, 0}, {"fdecstp", 0xD9, 0xF6, K_FIXED, 0},
    {"fincstp", 0xD9, 0xF7, K_FIXED, 0}, {"fprem", 0xD9, 0xF8, K_FIXED, 0},
    {"fsqrt", 0xD9, 0xFA, K_FIXED, 0}, {"frndint", 0xD9, 0xFC, K_FIXED, 0},
    {"fscale", 0xD9, 0xFD, K_FIXED, 0}, {"fnop", 0xD9, 0xD0, K_FIXED, 0},
    {"fld m32", 0xD9, 0, K_MEM, D_M32}, {"fld m64", 0xDD, 0, K_MEM, D_M64},
    {"fld m80", 0xDB, 5, K_MEM, D_INIT}, {"fild m16", 0xDF, 0, K_MEM, D_I16},
    {"fild m32", 0xDB, 0, K_MEM, D_I32}, {"fild m64", 0xDF, 5, K_MEM, D_I64},
    {"fbld", 0xDF, 4, K_MEM, D_BCD},
    {"fst m32", 0xD9, 2, K_MEM, D_OUT}, {"fstp m32", 0xD9, 3, K_MEM, D_OUT},
    {"fst m64", 0xDD, 2, K_MEM, D_OUT}, {"fstp m64", 0xDD, 3, K_MEM, D_OUT},
    {"fstp m80", 0xDB, 7, K_MEM, D_OUT}, {"fist m16", 0xDF, 2, K_MEM, D_OUT},
    {"fistp m16", 0xDF, 3, K_MEM, D_OUT}, {"fist m32", 0xDB, 2, K_MEM, D_OUT},
    {"fistp m32", 0xDB, 3, K_MEM, D_OUT}, {"fistp m64", 0xDF, 7, K_MEM, D_OUT},
    {"fisttp m16", 0xDF, 1, K_MEM, D_OUT}, {"fisttp m32", 0xDB, 1, K_MEM, D_OUT},
    {"fisttp m64", 0xDD, 1, K_MEM, D_OUT}, {"fbstp", 0xDF, 6, K_MEM, D_OUT},
    {"fnstsw m16", 0xDD, 7, K_MEM, D_OUT}, {"fnstcw", 0xD9, 7, K_MEM, D_OUT},
    {"fldcw", 0xD9, 5, K_MEM, D_CW}, {"fnclex", 0xDB, 0xE2, K_FIXED, 0},
};
#define NPOOL (sizeof pool / sizeof pool[0])

/* prologue: flags, FNINIT, FLDCW, loads of the initial values */
static void gen_prologue(struct gen *g, unsigned nload, uint32_t flags)
{
    uint8_t pushf[6] = {0x68, (uint8_t)flags, (uint8_t)(flags >> 8), 0, 0, 0x9D};
    emit(g, pushf, 6);
    emit(g, (const uint8_t[]){0xDB, 0xE3}, 2);
    emit_mem(g, 0xD9, 5, D_CW);
    for (unsigned k = 0; k < nload; k++)
        emit_mem(g, 0xDB, 5, D_INIT + 10 * k);
}

static void gen_insn(struct gen *g, const struct form *f)
{
    switch (f->kind) {
    case K_FIXED:
        emit(g, (const uint8_t[]){f->op, f->b2}, 2);
        break;
    case K_STI:
        emit(g, (const uint8_t[]){f->op, (uint8_t)(f->b2 + rnd() % 8)}, 2);
        break;
    default: {
        uint32_t d = f->disp;
        if (d == D_INIT)
            d += 10 * (uint32_t)(rnd() % 8);
        emit_mem(g, f->op, f->b2, d);
        break;
    }
    }
}

/* epilogue: FNSAVE, PUSHF / POP [ebx+D_FLAGS], then RET (host) or HLT */
static void gen_epilogue(struct gen *g, uint8_t last)
{
    emit_mem(g, 0xDD, 6, D_SAVE);
    emit(g, (const uint8_t[]){0x9C}, 1);
    emit_mem(g, 0x8F, 0, D_FLAGS);
    emit(g, &last, 1);
}

/* ---------------------------------------------------------------------- */
/* operands                                                               */

static void rand_x80(uint8_t *p)
{
    uint16_t s = (rnd() & 1) ? 0x8000 : 0, e;
    uint64_t sig = rnd() | (1ull << 63);
    if (rnd() % 3 == 0)
        sig &= ~0ull << (rnd() % 64);
    switch (rnd() % 16) {
    case 0: e = 0; sig = 0; break;
    case 1: e = 0; sig >>= 1 + rnd() % 63; break;
    case 2: e = 0x7FFF; sig = 1ull << 63; break;
    case 3: e = 0x7FFF; sig |= 1ull << 62; break;
    case 4: e = 0x7FFF; sig = (sig & ~(1ull << 62)) | 1; break;
    case 5: e = (uint16_t)(0x3FFF + rnd() % 64); break;
    case 6: e = (uint16_t)(1 + rnd() % 0x7FFE); break;
    case 7: e = (uint16_t)(0x7FFE - rnd() % 40); break;
    case 8: e = (uint16_t)(1 + rnd() % 40); break;
    default: e = (uint16_t)(0x3FFF - 20 + rnd() % 40); break;
    }
    e |= s;
    memcpy(p, &sig, 8);
    memcpy(p + 8, &e, 2);
}

static void fill_data(uint8_t *d)
{
    memset(d, 0, BUF_SIZE);
    static const uint16_t pcs[4] = {0, 2, 3, 3};
    uint16_t cw = (uint16_t)(0x037F & ~0x0F00) | (uint16_t)(pcs[rnd() % 4] << 8) |
                  (uint16_t)((rnd() % 4) << 10);
    memcpy(d + D_CW, &cw, 2);
    for (int k = 0; k < 8; k++)
        rand_x80(d + D_INIT + 10 * k);
    uint32_t f = (uint32_t)rnd();
    switch (rnd() % 4) {
    case 0: f = (f & 0x807FFFFF); break;
    case 1: f |= 0x7F800000; break;
    default: f = (f & 0x81FFFFFF) | (uint32_t)(0x3E000000 + (rnd() % 4) * 0x01000000); break;
    }
    memcpy(d + D_M32, &f, 4);
    uint64_t q = rnd();
    if (rnd() % 4 == 0)
        q &= 0x800FFFFFFFFFFFFFull;
    else if (rnd() % 3 == 0)
        q |= 0x7FF0000000000000ull;
    else
        q = (q & 0x801FFFFFFFFFFFFFull) | (0x3FE0000000000000ull + (rnd() % 4) * (1ull << 52));
    memcpy(d + D_M64, &q, 8);
    uint16_t i16 = (uint16_t)(rnd() % 3 ? rnd() % 200 - 100 : rnd());
    uint32_t i32 = (uint32_t)(rnd() % 3 ? rnd() % 20000 - 10000 : rnd());
    uint64_t i64 = rnd() % 3 ? rnd() % 2000000 - 1000000 : rnd();
    memcpy(d + D_I16, &i16, 2);
    memcpy(d + D_I32, &i32, 4);
    memcpy(d + D_I64, &i64, 8);
    for (int k = 0; k < 9; k++)
        d[D_BCD + k] = (uint8_t)((rnd() % 10) << 4 | rnd() % 10);
    d[D_BCD + 9] = (rnd() & 1) ? 0x80 : 0;
}

/* ---------------------------------------------------------------------- */
/* the two machines                                                       */

struct result {
    uint8_t data[BUF_SIZE];
};

static uint8_t *host_code;

static void host_run(const uint8_t *code, unsigned len, uint8_t *data)
{
    memcpy(host_code, code, len);
    __asm__ volatile("sub $128, %%rsp\n\tpush %%rbx\n\tmov %[d], %%rbx\n\tcall *%[f]\n\t"
                     "pop %%rbx\n\tadd $128, %%rsp"
                     :
                     : [d] "r"(data), [f] "r"(host_code)
                     : "memory", "cc");
}

/* Runs a batch of host cases in a child process: out[k] from in[k]. */
static bool host_batch(const struct gen *gs, const struct result *in, struct result *out,
                       int n)
{
    struct result *shared = mmap(NULL, sizeof *out * (size_t)n, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    cr_assert(shared != MAP_FAILED);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        for (int k = 0; k < n; k++) {
            shared[k] = in[k];
            host_run(gs[k].code, gs[k].len, shared[k].data);
        }
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    memcpy(out, shared, sizeof *out * (size_t)n);
    munmap(shared, sizeof *out * (size_t)n);
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static struct phys *P;
static struct cpu *C;

static void emu_setup(void)
{
    P = phys_new(1 << 20);
    C = cpu_new(NULL, P);
    /* 32-bit flat protected mode, CPL 0 */
    C->cr0 |= CR0_PE | CR0_NE;
    for (int s = 0; s < 6; s++) {
        C->seg[s].sel = s == SEG_CS ? 0x08 : 0x10;
        C->seg[s].base = 0;
        C->seg[s].limit = 0xFFFFFFFFu;
        C->seg[s].attr = (uint16_t)(SA_P | SA_S | SA_DB | SA_G | (s == SEG_CS ? 0xB : 0x3));
    }
    cpu_update_mode(C);
}

static void emu_run(const struct gen *g, const uint8_t *in, uint8_t *out, unsigned len)
{
    uint8_t code[CODE_MAX];
    memcpy(code, g->code, len);
    phys_write_buf(P, GUEST_CODE, code, len);
    phys_write_buf(P, GUEST_BUF, in, BUF_SIZE);
    C->gpr[R_BX] = GUEST_BUF;
    C->gpr[R_SP] = 0x8000;
    C->rip = GUEST_CODE;
    C->halted = false;
    for (int k = 0; k < 200 && !C->halted; k++)
        cpu_step(C);
    for (unsigned k = 0; k < BUF_SIZE; k++)
        out[k] = (uint8_t)phys_read(P, GUEST_BUF + k, 1);
}

/* what is compared: CW SW TW (32-bit protected FNSAVE layout), the eight
 * registers, the memory written, the status flags */
static bool same(const uint8_t *h, const uint8_t *e, char *why, size_t wn)
{
    const uint8_t *hs = h + D_SAVE, *es = e + D_SAVE;
    if (memcmp(hs, es, 2)) return snprintf(why, wn, "cw"), false;
    if (memcmp(hs + 4, es + 4, 2))
        return snprintf(why, wn, "sw host %02x%02x emu %02x%02x", hs[5], hs[4], es[5], es[4]),
               false;
    if (memcmp(hs + 8, es + 8, 2)) return snprintf(why, wn, "tag word"), false;
    /* empty registers keep stale bits (FNINIT does not clear them) */
    unsigned top = (hs[5] >> 3) & 7, tw = (unsigned)(hs[8] | hs[9] << 8);
    for (unsigned k = 0; k < 8; k++)
        if (((tw >> (2 * ((top + k) & 7))) & 3) != 3 &&
            memcmp(hs + 28 + 10 * k, es + 28 + 10 * k, 10))
            return snprintf(why, wn, "ST%u", k), false;
    if (memcmp(h + D_OUT, e + D_OUT, 16)) return snprintf(why, wn, "memory"), false;
    uint32_t hf, ef;
    memcpy(&hf, h + D_FLAGS, 4);
    memcpy(&ef, e + D_FLAGS, 4);
    if ((hf ^ ef) & 0x8D5)
        return snprintf(why, wn, "eflags %03x %03x", hf & 0x8D5, ef & 0x8D5), false;
    return true;
}

static void build(struct gen *g, const unsigned *forms, unsigned n, unsigned nload,
                  uint32_t flags, uint8_t last, uint64_t seed)
{
    uint64_t saved = rng;
    rng = seed; /* the same sti/displacement choices for every prefix */
    g->len = 0;
    g->n = n;
    gen_prologue(g, nload, flags);
    for (unsigned k = 0; k < n; k++) {
        g->start[k] = g->len;
        g->name[k] = pool[forms[k]].name;
        gen_insn(g, &pool[forms[k]]);
    }
    g->start[n] = g->len;
    gen_epilogue(g, last);
    rng = saved;
}

struct stat {
    unsigned runs, blamed;
};

Test(fpu_diff, random_sequences_agree_with_the_host)
{
    int ncases = 1500;
    const char *env = getenv("FPU_DIFF_CASES");
    if (env)
        ncases = atoi(env);
    host_code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                     -1, 0);
    cr_assert(host_code != MAP_FAILED);
    emu_setup();
    struct stat st[NPOOL] = {{0}};
    const int batch = 500;
    struct gen *gh = calloc(batch, sizeof *gh), *ge = calloc(batch, sizeof *ge);
    struct result *in = calloc(batch, sizeof *in), *ho = calloc(batch, sizeof *ho);
    unsigned (*forms)[MAX_INSNS] = calloc(batch, sizeof *forms);
    unsigned *nins = calloc(batch, sizeof *nins), *nload = calloc(batch, sizeof *nload);
    uint32_t *flags = calloc(batch, sizeof *flags);
    uint64_t *seeds = calloc(batch, sizeof *seeds);
    int fails = 0, done_cases = 0;
    while (done_cases < ncases) {
        int n = ncases - done_cases < batch ? ncases - done_cases : batch;
        for (int k = 0; k < n; k++) {
            fill_data(in[k].data);
            nins[k] = 4 + (unsigned)(rnd() % (MAX_INSNS - 4));
            if (rnd() % 4 == 0) {
                /* one instruction with exceptions unmasked: FNSAVE (which
                 * does not wait) takes the state before any #MF */
                in[k].data[D_CW] &= (uint8_t)~(rnd() & 0x3F);
                nins[k] = 1;
            }
            nload[k] = 2 + (unsigned)(rnd() % 7);
            flags[k] = 0x202 | ((uint32_t)rnd() & 0x8D5);
            seeds[k] = rnd();
            for (unsigned j = 0; j < nins[k]; j++)
                forms[k][j] = (unsigned)(rnd() % NPOOL);
            build(&gh[k], forms[k], nins[k], nload[k], flags[k], 0xC3, seeds[k]);
        }
        cr_assert(host_batch(gh, in, ho, n), "host child completed");
        for (int k = 0; k < n; k++) {
            struct result eo;
            char why[64];
            build(&ge[k], forms[k], nins[k], nload[k], flags[k], 0xF4, seeds[k]);
            emu_run(&ge[k], in[k].data, eo.data, ge[k].len);
            for (unsigned j = 0; j < nins[k]; j++)
                st[forms[k][j]].runs++;
            if (same(ho[k].data, eo.data, why, sizeof why))
                continue;
            /* find the first instruction that makes a difference */
            unsigned lo = 0, hi = nins[k]; /* prefix lo agrees, prefix hi differs */
            while (hi - lo > 1) {
                unsigned mid = (lo + hi) / 2;
                struct gen g1, g2;
                struct result h1, e1;
                build(&g1, forms[k], mid, nload[k], flags[k], 0xC3, seeds[k]);
                build(&g2, forms[k], mid, nload[k], flags[k], 0xF4, seeds[k]);
                host_batch(&g1, &in[k], &h1, 1);
                emu_run(&g2, in[k].data, e1.data, g2.len);
                if (same(h1.data, e1.data, why, sizeof why))
                    lo = mid;
                else
                    hi = mid;
            }
            struct gen g1, g2;
            struct result h1, e1;
            build(&g1, forms[k], hi, nload[k], flags[k], 0xC3, seeds[k]);
            build(&g2, forms[k], hi, nload[k], flags[k], 0xF4, seeds[k]);
            host_batch(&g1, &in[k], &h1, 1);
            emu_run(&g2, in[k].data, e1.data, g2.len);
            same(h1.data, e1.data, why, sizeof why);
            st[forms[k][hi - 1]].blamed++;
            if (fails++ < 10) {
                /* the host state before the instruction, for the log */
                struct gen g0;
                struct result h0;
                build(&g0, forms[k], hi - 1, nload[k], flags[k], 0xC3, seeds[k]);
                host_batch(&g0, &in[k], &h0, 1);
                const uint8_t *s0 = h0.data + D_SAVE;
                cr_log_error("  before: sw %02x%02x ST0 %02x%02x:%016llx ST1 %02x%02x:%016llx "
                             "m32 %08x m64 %016llx",
                             s0[5], s0[4], s0[37], s0[36], *(const unsigned long long *)(s0 + 28),
                             s0[47], s0[46], *(const unsigned long long *)(s0 + 38),
                             *(const uint32_t *)(in[k].data + D_M32),
                             *(const unsigned long long *)(in[k].data + D_M64));
                char hex[3 * CODE_MAX + 1] = "";
                for (unsigned b = g2.start[hi - 1]; b < g2.start[hi]; b++)
                    sprintf(hex + strlen(hex), "%02x ", g2.code[b]);
                cr_log_error("case %d: first difference after \"%s\" (%s): %s",
                             done_cases + k, pool[forms[k][hi - 1]].name, hex, why);
            }
        }
        done_cases += n;
    }
    fprintf(stderr, "x87 differential test: %d sequences, %d disagree\n", ncases, fails);
    fprintf(stderr, "%-14s %8s %8s\n", "instruction", "runs", "agree%");
    for (unsigned k = 0; k < NPOOL; k++)
        fprintf(stderr, "%-14s %8u %8.3f\n", pool[k].name, st[k].runs,
                st[k].runs ? 100.0 * (st[k].runs - st[k].blamed) / st[k].runs : 100.0);
    cr_expect_eq(fails, 0);
    free(gh), free(ge), free(in), free(ho), free(forms), free(nins), free(nload), free(flags),
        free(seeds);
    cpu_free(C);
    phys_free(P);
}
