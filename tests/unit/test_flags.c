/* tests/unit/test_flags.c: lazy flags and the arithmetic handlers.
 *
 * The oracle is the host CPU: each operation runs on random operands both
 * in emu's handler (register forms) and as the same instruction on the host
 * through GCC inline assembly, and the result and the flags the SDM
 * defines are compared, in 8, 16, 32 and 64-bit sizes. Flags the SDM
 * leaves undefined are checked against emu's documented choices with
 * fixed vectors instead (the host may be an AMD CPU).
 */
#include <criterion/criterion.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "memory/phys.h"

#include "xorshift.h"

#if !defined(__x86_64__)
#error "the host oracle needs an x86-64 host"
#endif

#define ST6 (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)
#define N_RANDOM 20000

/* ---------------------------------------------------------------------- */
/* random operands, biased toward the edges where flags change            */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) { return xorshift64(&rng_state); }
static uint64_t mask_of(unsigned bits)
{
    return bits == 64 ? ~0ull : (1ull << bits) - 1;
}
static uint64_t operand(unsigned bits)
{
    uint64_t sign = 1ull << (bits - 1), m = mask_of(bits);
    switch (rnd() % 10) {
    case 0: return 0;
    case 1: return (rnd() % 3) & m;           /* 0, 1, 2 */
    case 2: return m - (rnd() % 3);           /* -1, -2, -3 */
    case 3: return (sign + (rnd() % 3)) & m;  /* 80.., 80..1 */
    case 4: return (sign - 1 - (rnd() % 3)) & m; /* 7F.. */
    case 5: return (rnd() & 0x1F) ^ ((rnd() % 2) ? 0x0F : 0); /* nibble edges */
    default: return rnd() & m;
    }
}
static uint64_t host_flags_in(void)
{
    return (rnd() & ST6) | F_1;
}

/* ---------------------------------------------------------------------- */
/* host side: push the flags in, run one instruction, pull the flags out.  */
/* The stack pointer steps over the 128-byte red zone first.               */

#define PRE "sub $128, %%rsp\n\tpush %[fi]\n\tpopfq\n\t"
#define POST "\n\tpushfq\n\tpop %[f]\n\tadd $128, %%rsp"

typedef uint64_t (*host2_fn)(uint64_t a, uint64_t b, uint64_t fin, uint64_t *fout);

/* op b, a (AT&T): a = a OP b */
#define HOST2(fn, mnem, T, C)                                                  \
    static uint64_t fn(uint64_t a_, uint64_t b_, uint64_t fin, uint64_t *fout) \
    {                                                                          \
        T a = (T)a_, b = (T)b_;                                                \
        uint64_t f;                                                            \
        __asm__ volatile(PRE mnem " %[b], %[a]" POST                           \
                         : [a] "+" C(a), [f] "=&r"(f)                          \
                         : [b] C(b), [fi] "r"(fin)                             \
                         : "cc", "memory");                                    \
        *fout = f;                                                             \
        return a;                                                              \
    }
/* op a (unary); b unused */
#define HOST1(fn, mnem, T, C)                                                  \
    static uint64_t fn(uint64_t a_, uint64_t b_, uint64_t fin, uint64_t *fout) \
    {                                                                          \
        T a = (T)a_;                                                           \
        uint64_t f;                                                            \
        (void)b_;                                                              \
        __asm__ volatile(PRE mnem " %[a]" POST                                 \
                         : [a] "+" C(a), [f] "=&r"(f)                          \
                         : [fi] "r"(fin)                                       \
                         : "cc", "memory");                                    \
        *fout = f;                                                             \
        return a;                                                              \
    }
/* op %cl, a; b is the count */
#define HOSTSH(fn, mnem, T, C)                                                 \
    static uint64_t fn(uint64_t a_, uint64_t b_, uint64_t fin, uint64_t *fout) \
    {                                                                          \
        T a = (T)a_;                                                           \
        uint8_t n = (uint8_t)b_;                                               \
        uint64_t f;                                                            \
        __asm__ volatile(PRE mnem " %%cl, %[a]" POST                           \
                         : [a] "+" C(a), [f] "=&r"(f)                          \
                         : "c"(n), [fi] "r"(fin)                               \
                         : "cc", "memory");                                    \
        *fout = f;                                                             \
        return a;                                                              \
    }

#define HOST2_ALL(op, mnem)                  \
    HOST2(h_##op##8, mnem, uint8_t, "q")     \
    HOST2(h_##op##16, mnem, uint16_t, "r")   \
    HOST2(h_##op##32, mnem, uint32_t, "r")   \
    HOST2(h_##op##64, mnem, uint64_t, "r")
#define HOST1_ALL(op, mnem)                  \
    HOST1(h_##op##8, mnem, uint8_t, "q")     \
    HOST1(h_##op##16, mnem, uint16_t, "r")   \
    HOST1(h_##op##32, mnem, uint32_t, "r")   \
    HOST1(h_##op##64, mnem, uint64_t, "r")
#define HOSTSH_ALL(op, mnem)                 \
    HOSTSH(h_##op##8, mnem, uint8_t, "q")    \
    HOSTSH(h_##op##16, mnem, uint16_t, "r")  \
    HOSTSH(h_##op##32, mnem, uint32_t, "r")  \
    HOSTSH(h_##op##64, mnem, uint64_t, "r")
#define HOSTS(op) {h_##op##8, h_##op##16, h_##op##32, h_##op##64}

HOST2_ALL(add, "add")
HOST2_ALL(or, "or")
HOST2_ALL(adc, "adc")
HOST2_ALL(sbb, "sbb")
HOST2_ALL(and, "and")
HOST2_ALL(sub, "sub")
HOST2_ALL(xor, "xor")
HOST2_ALL(cmp, "cmp")
HOST2_ALL(test, "test")
HOST1_ALL(inc, "inc")
HOST1_ALL(dec, "dec")
HOST1_ALL(neg, "neg")
HOST1_ALL(not, "not")
HOSTSH_ALL(rol, "rol")
HOSTSH_ALL(ror, "ror")
HOSTSH_ALL(rcl, "rcl")
HOSTSH_ALL(rcr, "rcr")
HOSTSH_ALL(shl, "shl")
HOSTSH_ALL(shr, "shr")
HOSTSH_ALL(sar, "sar")

/* ---------------------------------------------------------------------- */
/* emu side                                                               */

static struct cpu *new_cpu(void)
{
    struct cpu *c = calloc(1, sizeof *c);
    cr_assert(c);
    c->eflags = F_1;
    cpu_set_status(c, 0);
    return c;
}

static unsigned size_idx(unsigned bits)
{
    return bits == 64 ? SZ64 : bits == 32 ? SZ32 : SZ16;
}

static void exec(struct cpu *c, unsigned iop, unsigned bits, struct insn *i)
{
    i->op = (uint16_t)iop;
    i->form = FORM(size_idx(bits), 0);
    i->mod = 3;
    i->opsize = (uint8_t)(bits == 8 ? 4 : bits / 8);
    i->base = i->index = R_NONE;
    handler_fn h = cpu_handler(iop, i->form);
    cr_assert(h && h != cpu_unimplemented, "no handler for iop %u form %u", iop, i->form);
    h(c, i);
}

/* the register a form's r/m or reg field names, as a 64-bit view */
static uint64_t reg_read(struct cpu *c, unsigned r, unsigned bits)
{
    switch (bits) {
    case 8: return cpu_get8(c, r);
    case 16: return cpu_get16(c, r);
    case 32: return cpu_get32(c, r);
    default: return cpu_get64(c, r);
    }
}
static void reg_write(struct cpu *c, unsigned r, unsigned bits, uint64_t v)
{
    switch (bits) {
    case 8: cpu_set8(c, r, (uint8_t)v); break;
    case 16: cpu_set16(c, r, (uint16_t)v); break;
    case 32: c->gpr[r] = (c->gpr[r] & ~0xFFFFFFFFull) | (uint32_t)v; break;
    default: cpu_set64(c, r, v); break;
    }
}
/* full 64-bit register after a write of `bits` bits of v to old */
static uint64_t after_write(uint64_t old, uint64_t v, unsigned bits, bool high8)
{
    switch (bits) {
    case 8:
        return high8 ? (old & ~0xFF00ull) | ((v & 0xFF) << 8) : (old & ~0xFFull) | (v & 0xFF);
    case 16: return (old & ~0xFFFFull) | (v & 0xFFFF);
    case 32: return v & 0xFFFFFFFFull; /* zero-extends */
    default: return v;
    }
}

static const unsigned sizes[4] = {8, 16, 32, 64};

/* Bits 8/16 use BL/BH and DL/DH; wider use RBX and RSI. */
static void pick_regs(unsigned bits, unsigned *rm, unsigned *reg, bool *rm_hi)
{
    if (bits == 8) {
        *rm_hi = rnd() & 1;
        *rm = *rm_hi ? REG8_BH : R_BX;
        *reg = (rnd() & 1) ? REG8_DH : R_DX;
    } else {
        *rm_hi = false;
        *rm = R_BX;
        *reg = R_SI;
    }
}

/* ---------------------------------------------------------------------- */
/* binary ALU operations                                                  */

struct binop {
    const char *name;
    unsigned eg8, egv, ge8, gev, ei8, eiv, eiv8, ai8, aiv;
    host2_fn host[4];
    uint32_t defined; /* flags the SDM defines */
    bool writes;
};

#define BIN(N, P, MASK, W)                                                      \
    {#N, IOP_##P##_EbGb, IOP_##P##_EvGv, IOP_##P##_GbEb, IOP_##P##_GvEv,        \
     IOP_##P##_EbIb, IOP_##P##_EvIz, IOP_##P##_EvIb, IOP_##P##_ALIb,            \
     IOP_##P##_rAXIz, HOSTS(N), MASK, W}

static const struct binop binops[] = {
    BIN(add, ADD, ST6, true),
    BIN(or, OR, ST6 & ~F_AF, true),
    BIN(adc, ADC, ST6, true),
    BIN(sbb, SBB, ST6, true),
    BIN(and, AND, ST6 & ~F_AF, true),
    BIN(sub, SUB, ST6, true),
    BIN(xor, XOR, ST6 & ~F_AF, true),
    BIN(cmp, CMP, ST6, false),
};

static void check_flags(const char *what, unsigned bits, uint64_t a, uint64_t b, uint32_t fin,
                        uint32_t got, uint64_t want, uint32_t mask)
{
    cr_assert_eq(got & mask, (uint32_t)want & mask,
                 "%s%u a=%#llx b=%#llx flags in %#x: emu flags %#x, host %#x (mask %#x)", what,
                 bits, (unsigned long long)a, (unsigned long long)b, fin, got & mask,
                 (uint32_t)want & mask, mask);
}

/* One random case of a binary operation in every encoding form. */
static void binop_case(struct cpu *c, const struct binop *op, unsigned bits, int form)
{
    uint64_t m = mask_of(bits);
    uint64_t a = operand(bits), b = operand(bits);
    uint64_t fin = host_flags_in();
    unsigned rm, reg;
    bool hi;
    pick_regs(bits, &rm, &reg, &hi);
    struct insn i = {0};
    unsigned iop;
    unsigned dst;

    if (form == 2 && bits == 64) /* imm32 sign-extended to 64 bits */
        b = (uint64_t)(int64_t)(int32_t)b;
    if (form == 3 && bits > 8) /* imm8 sign-extended */
        b = (uint64_t)(int64_t)(int8_t)b & m;

    uint64_t hf;
    uint64_t want = op->host[bits == 8 ? 0 : bits == 16 ? 1 : bits == 32 ? 2 : 3](a, b, fin, &hf);

    memset(c->gpr, 0, sizeof c->gpr);
    for (int r = 0; r < 16; r++)
        c->gpr[r] = rnd();
    cpu_set_status(c, (uint32_t)fin);
    switch (form) {
    case 0: /* E, G */
        iop = bits == 8 ? op->eg8 : op->egv;
        reg_write(c, rm, bits, a);
        reg_write(c, reg, bits, b);
        i.rm = (uint8_t)rm, i.reg = (uint8_t)reg;
        dst = rm;
        break;
    case 1: /* G, E */
        iop = bits == 8 ? op->ge8 : op->gev;
        reg_write(c, reg, bits, a);
        reg_write(c, rm, bits, b);
        i.rm = (uint8_t)rm, i.reg = (uint8_t)reg;
        dst = reg;
        break;
    case 2: /* E, Iz / Ib */
    case 3: /* E, Ib sign-extended */
        iop = bits == 8 ? op->ei8 : form == 2 ? op->eiv : op->eiv8;
        reg_write(c, rm, bits, a);
        i.rm = (uint8_t)rm;
        i.imm = b;
        dst = rm;
        break;
    default: /* AL/rAX, imm */
        iop = bits == 8 ? op->ai8 : op->aiv;
        if (bits == 64)
            b = (uint64_t)(int64_t)(int32_t)b, want = op->host[3](a, b, fin, &hf);
        reg_write(c, R_AX, bits, a);
        i.imm = b;
        dst = R_AX;
        break;
    }
    uint64_t before = c->gpr[dst < 16 ? dst : dst - REG8_AH];
    exec(c, iop, bits, &i);
    uint32_t got = cpu_get_eflags(c);
    check_flags(op->name, bits, a, b, (uint32_t)fin, got, hf, op->defined);
    if (op->writes) {
        cr_assert_eq(reg_read(c, dst, bits), want & m, "%s%u form %d a=%#llx b=%#llx: %#llx vs %#llx",
                     op->name, bits, form, (unsigned long long)a, (unsigned long long)b,
                     (unsigned long long)reg_read(c, dst, bits), (unsigned long long)(want & m));
        bool dhi = bits == 8 && dst >= REG8_AH;
        cr_assert_eq(c->gpr[dst < 16 ? dst : dst - REG8_AH], after_write(before, want, bits, dhi),
                     "%s%u: bits outside the operand", op->name, bits);
    } else {
        cr_assert_eq(c->gpr[dst < 16 ? dst : dst - REG8_AH], before, "%s must not write", op->name);
    }
}

Test(alu, binary_ops_vs_host)
{
    struct cpu *c = new_cpu();
    for (size_t k = 0; k < sizeof binops / sizeof binops[0]; k++)
        for (int s = 0; s < 4; s++)
            for (int n = 0; n < N_RANDOM; n++)
                binop_case(c, &binops[k], sizes[s], n % 5);
    free(c);
}

Test(alu, test_vs_host)
{
    struct cpu *c = new_cpu();
    for (int s = 0; s < 4; s++) {
        unsigned bits = sizes[s];
        for (int n = 0; n < N_RANDOM; n++) {
            uint64_t a = operand(bits), b = operand(bits), fin = host_flags_in(), hf;
            host2_fn h = (host2_fn[]){h_test8, h_test16, h_test32, h_test64}[s];
            h(a, b, fin, &hf);
            struct insn i = {0};
            cpu_set_status(c, (uint32_t)fin);
            c->gpr[R_BX] = rnd();
            c->gpr[R_SI] = rnd();
            reg_write(c, R_BX, bits, a);
            reg_write(c, R_SI, bits, b);
            uint64_t bx = c->gpr[R_BX];
            i.rm = R_BX, i.reg = R_SI, i.imm = b;
            unsigned iop = bits == 8 ? ((n & 1) ? IOP_TEST_EbGb : IOP_TEST_EbIb)
                                     : ((n & 1) ? IOP_TEST_EvGv : IOP_TEST_EvIz);
            if (bits == 64 && iop == IOP_TEST_EvIz)
                continue;
            exec(c, iop, bits, &i);
            check_flags("test", bits, a, b, (uint32_t)fin, cpu_get_eflags(c), hf, ST6 & ~F_AF);
            cr_assert_eq(cpu_get_eflags(c) & F_AF, 0u, "TEST clears AF (modern Intel)");
            cr_assert_eq(c->gpr[R_BX], bx);
        }
    }
    free(c);
}

/* ---------------------------------------------------------------------- */
/* unary: INC DEC NEG NOT                                                 */

struct unop {
    const char *name;
    unsigned e8, ev, zv;
    host2_fn host[4];
    uint32_t defined;
};

static const struct unop unops[] = {
    {"inc", IOP_INC_Eb, IOP_INC_Ev, IOP_INC_Zv, HOSTS(inc), ST6},
    {"dec", IOP_DEC_Eb, IOP_DEC_Ev, IOP_DEC_Zv, HOSTS(dec), ST6},
    {"neg", IOP_NEG_Eb, IOP_NEG_Ev, 0, HOSTS(neg), ST6},
    {"not", IOP_NOT_Eb, IOP_NOT_Ev, 0, HOSTS(not), ST6},
};

Test(alu, unary_ops_vs_host)
{
    struct cpu *c = new_cpu();
    for (size_t k = 0; k < sizeof unops / sizeof unops[0]; k++) {
        const struct unop *op = &unops[k];
        for (int s = 0; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM; n++) {
                uint64_t a = operand(bits), fin = host_flags_in(), hf;
                uint64_t want = op->host[s](a, 0, fin, &hf) & mask_of(bits);
                unsigned rm, reg;
                bool hi;
                pick_regs(bits, &rm, &reg, &hi);
                struct insn i = {0};
                for (int r = 0; r < 16; r++)
                    c->gpr[r] = rnd();
                cpu_set_status(c, (uint32_t)fin);
                bool zform = op->zv && bits > 8 && (n & 1);
                unsigned dst = zform ? R_DI : rm;
                reg_write(c, dst, bits, a);
                uint64_t before = c->gpr[dst < 16 ? dst : dst - REG8_AH];
                i.rm = (uint8_t)rm, i.reg = zform ? R_DI : (uint8_t)reg;
                exec(c, zform ? op->zv : bits == 8 ? op->e8 : op->ev, bits, &i);
                cr_assert_eq(reg_read(c, dst, bits), want, "%s%u %#llx", op->name, bits,
                             (unsigned long long)a);
                cr_assert_eq(c->gpr[dst < 16 ? dst : dst - REG8_AH],
                             after_write(before, want, bits, bits == 8 && dst >= REG8_AH));
                check_flags(op->name, bits, a, 0, (uint32_t)fin, cpu_get_eflags(c), hf,
                            op->defined);
            }
        }
    }
    free(c);
}

/* ---------------------------------------------------------------------- */
/* shifts and rotates                                                     */

enum shk { K_ROL, K_ROR, K_RCL, K_RCR, K_SHL, K_SHR, K_SAR };
struct shop {
    const char *name;
    enum shk k;
    unsigned cl8, clv, ib8, ibv, one8, onev;
    host2_fn host[4];
};
#define SHOP(N, P, K)                                                                  \
    {#N, K, IOP_##P##_EbCL, IOP_##P##_EvCL, IOP_##P##_EbIb, IOP_##P##_EvIb, IOP_##P##_Eb1, \
     IOP_##P##_Ev1, HOSTS(N)}
static const struct shop shops[] = {
    SHOP(rol, ROL, K_ROL), SHOP(ror, ROR, K_ROR), SHOP(rcl, RCL, K_RCL), SHOP(rcr, RCR, K_RCR),
    SHOP(shl, SHL, K_SHL), SHOP(shr, SHR, K_SHR), SHOP(sar, SAR, K_SAR),
    {"sal", K_SHL, IOP_SAL_EbCL, IOP_SAL_EvCL, IOP_SAL_EbIb, IOP_SAL_EvIb, IOP_SAL_Eb1,
     IOP_SAL_Ev1, HOSTS(shl)},
};

/* The flags the SDM defines after a shift by the masked count n. */
static uint32_t shift_defined(enum shk k, unsigned bits, unsigned n)
{
    if (n == 0)
        return ST6; /* nothing changes */
    switch (k) {
    case K_ROL: case K_ROR: case K_RCL: case K_RCR:
        return ST6 & ~(n == 1 ? 0u : (uint32_t)F_OF); /* SZAP kept, CF; OF for 1 */
    case K_SHL: case K_SHR: {
        uint32_t d = F_SF | F_ZF | F_PF | F_CF;
        if (n >= bits)
            d &= ~(uint32_t)F_CF; /* SDM: CF undefined for count >= width */
        return d | (n == 1 ? F_OF : 0);
    }
    default:
        return F_SF | F_ZF | F_PF | F_CF | (n == 1 ? F_OF : 0);
    }
}

Test(shift, shifts_rotates_vs_host)
{
    struct cpu *c = new_cpu();
    for (size_t k = 0; k < sizeof shops / sizeof shops[0]; k++) {
        const struct shop *op = &shops[k];
        for (int s = 0; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM; n++) {
                uint64_t a = operand(bits), fin = host_flags_in(), hf;
                unsigned cnt = (n % 4 == 0) ? 1 : (n % 4 == 1) ? (unsigned)(rnd() & 0xFF)
                                                               : (unsigned)(rnd() % (bits + 2));
                int form = (cnt == 1 && (n & 8)) ? 2 : (n & 16) ? 1 : 0;
                uint64_t want = op->host[s](a, cnt, fin, &hf) & mask_of(bits);
                unsigned rm, reg;
                bool hi;
                pick_regs(bits, &rm, &reg, &hi);
                if (bits == 8 && (rm == REG8_CH || rm == R_CX))
                    continue;
                struct insn i = {0};
                for (int r = 0; r < 16; r++)
                    c->gpr[r] = rnd();
                cpu_set_status(c, (uint32_t)fin);
                reg_write(c, rm, bits, a);
                cpu_set8(c, R_CX, (uint8_t)cnt);
                uint64_t before = c->gpr[rm < 16 ? rm : rm - REG8_AH];
                i.rm = (uint8_t)rm, i.reg = (uint8_t)reg, i.imm = cnt;
                unsigned iop = form == 0 ? (bits == 8 ? op->cl8 : op->clv)
                             : form == 1 ? (bits == 8 ? op->ib8 : op->ibv)
                                         : (bits == 8 ? op->one8 : op->onev);
                exec(c, iop, bits, &i);
                unsigned mc = cnt & (bits == 64 ? 63 : 31);
                cr_assert_eq(reg_read(c, rm, bits), want, "%s%u %#llx by %u: %#llx vs %#llx",
                             op->name, bits, (unsigned long long)a, cnt,
                             (unsigned long long)reg_read(c, rm, bits), (unsigned long long)want);
                cr_assert_eq(c->gpr[rm < 16 ? rm : rm - REG8_AH],
                             after_write(before, want, bits, bits == 8 && rm >= REG8_AH),
                             "%s%u by %u: bits outside the operand", op->name, bits, cnt);
                check_flags(op->name, bits, a, cnt, (uint32_t)fin, cpu_get_eflags(c), hf,
                            shift_defined(op->k, bits, mc));
            }
        }
    }
    free(c);
}

/* Undefined-flag choices (documented in cpu/flags.c and cpu/shift.c). */
Test(shift, undefined_flag_choices)
{
    struct cpu *c = new_cpu();
    struct insn i = {.rm = R_BX};
    /* SHL by 2: OF = MSB(result) XOR CF; AF = 0 */
    c->gpr[R_BX] = 0x60; /* 0110 0000 << 2 = 1000 0000, CF = 1 */
    cpu_set_status(c, F_AF);
    i.imm = 2;
    exec(c, IOP_SHL_EbIb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0x80);
    cr_assert_eq(cpu_get_eflags(c) & ST6, F_CF | F_SF); /* OF = 1 ^ 1 = 0 */
    /* SAR: OF = 0 */
    c->gpr[R_BX] = 0x80;
    i.imm = 3;
    exec(c, IOP_SAR_EbIb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0xF0);
    cr_assert_eq(cpu_get_eflags(c) & (F_OF | F_CF | F_AF), 0u);
    /* SHL AL by 9: result 0, CF = 0 */
    c->gpr[R_BX] = 0xFF;
    i.imm = 9;
    exec(c, IOP_SHL_EbIb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0);
    cr_assert_eq(cpu_get_eflags(c) & ST6, F_ZF | F_PF);
    /* count 0 on a 32-bit register still zero-extends */
    c->gpr[R_BX] = 0xDEADBEEF00000001ull;
    cpu_set_status(c, F_CF | F_OF);
    i.imm = 0;
    exec(c, IOP_ROL_EvIb, 32, &i);
    cr_assert_eq(c->gpr[R_BX], 1);
    cr_assert_eq(cpu_get_eflags(c) & ST6, F_CF | F_OF);
    c->gpr[R_BX] = 0xDEADBEEF00000001ull;
    exec(c, IOP_SHL_EvIb, 16, &i);
    cr_assert_eq(c->gpr[R_BX], 0xDEADBEEF00000001ull);
    /* RCL AL by 9 rotates the 9-bit value fully: unchanged, CF unchanged */
    c->gpr[R_BX] = 0x81;
    cpu_set_status(c, F_CF);
    i.imm = 9;
    exec(c, IOP_RCL_EbIb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0x81);
    cr_assert(cpu_get_eflags(c) & F_CF);
    free(c);
}

/* SHLD/SHRD against the host. */
#define HOSTSHD(fn, mnem, T)                                                        \
    static uint64_t fn(uint64_t a_, uint64_t b_, unsigned n_, uint64_t fin, uint64_t *fout) \
    {                                                                               \
        T a = (T)a_, b = (T)b_;                                                     \
        uint8_t n = (uint8_t)n_;                                                    \
        uint64_t f;                                                                 \
        __asm__ volatile(PRE mnem " %%cl, %[b], %[a]" POST                         \
                         : [a] "+r"(a), [f] "=&r"(f)                                \
                         : [b] "r"(b), "c"(n), [fi] "r"(fin)                        \
                         : "cc", "memory");                                         \
        *fout = f;                                                                  \
        return a;                                                                   \
    }
HOSTSHD(h_shld16, "shld", uint16_t)
HOSTSHD(h_shld32, "shld", uint32_t)
HOSTSHD(h_shld64, "shld", uint64_t)
HOSTSHD(h_shrd16, "shrd", uint16_t)
HOSTSHD(h_shrd32, "shrd", uint32_t)
HOSTSHD(h_shrd64, "shrd", uint64_t)
typedef uint64_t (*hostshd_fn)(uint64_t, uint64_t, unsigned, uint64_t, uint64_t *);
static const hostshd_fn host_shld[3] = {h_shld16, h_shld32, h_shld64};
static const hostshd_fn host_shrd[3] = {h_shrd16, h_shrd32, h_shrd64};

Test(shift, shld_shrd_vs_host)
{
    struct cpu *c = new_cpu();
    for (int right = 0; right < 2; right++)
        for (int s = 1; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM; n++) {
                uint64_t a = operand(bits), b = operand(bits), fin = host_flags_in(), hf;
                unsigned cnt = (unsigned)(rnd() % (bits == 16 ? 17 : 256));
                hostshd_fn h = right ? host_shrd[s - 1] : host_shld[s - 1];
                uint64_t want = h(a, b, cnt, fin, &hf);
                struct insn i = {.rm = R_BX, .reg = R_SI, .imm = cnt};
                c->gpr[R_BX] = rnd();
                c->gpr[R_SI] = rnd();
                reg_write(c, R_BX, bits, a);
                reg_write(c, R_SI, bits, b);
                cpu_set8(c, R_CX, (uint8_t)cnt);
                cpu_set_status(c, (uint32_t)fin);
                unsigned iop = right ? ((n & 1) ? IOP_SHRD_EvGvCL : IOP_SHRD_EvGvIb)
                                     : ((n & 1) ? IOP_SHLD_EvGvCL : IOP_SHLD_EvGvIb);
                exec(c, iop, bits, &i);
                unsigned mc = cnt & (bits == 64 ? 63 : 31);
                cr_assert_eq(reg_read(c, R_BX, bits), want & mask_of(bits),
                             "%s%u %#llx,%#llx by %u", right ? "shrd" : "shld", bits,
                             (unsigned long long)a, (unsigned long long)b, cnt);
                uint32_t def = mc == 0 ? ST6 : (F_SF | F_ZF | F_PF | F_CF | (mc == 1 ? F_OF : 0));
                check_flags(right ? "shrd" : "shld", bits, a, b, (uint32_t)fin,
                            cpu_get_eflags(c), hf, def);
            }
        }
    free(c);
}

/* ---------------------------------------------------------------------- */
/* MUL / IMUL                                                             */

static void host_mul(unsigned bits, bool sgn, uint64_t a, uint64_t s, uint64_t fin,
                     uint64_t *lo, uint64_t *hi, uint64_t *f)
{
    switch (bits) {
    case 8: {
        uint16_t ax = (uint8_t)a;
        uint8_t sb = (uint8_t)s;
        if (sgn)
            __asm__ volatile(PRE "imulb %[s]" POST : "+a"(ax), [f] "=&r"(*f) : [s] "q"(sb), [fi] "r"(fin) : "cc", "memory");
        else
            __asm__ volatile(PRE "mulb %[s]" POST : "+a"(ax), [f] "=&r"(*f) : [s] "q"(sb), [fi] "r"(fin) : "cc", "memory");
        *lo = ax & 0xFF, *hi = ax >> 8;
        return;
    }
#define HM(T, SUF)                                                                   \
    {                                                                                \
        T x = (T)a, d, sv = (T)s;                                                    \
        if (sgn)                                                                     \
            __asm__ volatile(PRE "imul" SUF " %[s]" POST                            \
                             : "+a"(x), "=&d"(d), [f] "=&r"(*f)                      \
                             : [s] "r"(sv), [fi] "r"(fin) : "cc", "memory");         \
        else                                                                         \
            __asm__ volatile(PRE "mul" SUF " %[s]" POST                             \
                             : "+a"(x), "=&d"(d), [f] "=&r"(*f)                      \
                             : [s] "r"(sv), [fi] "r"(fin) : "cc", "memory");         \
        *lo = x, *hi = d;                                                            \
        return;                                                                      \
    }
    case 16: HM(uint16_t, "w")
    case 32: HM(uint32_t, "l")
    default: HM(uint64_t, "q")
#undef HM
    }
}

Test(muldiv, mul_imul_one_operand_vs_host)
{
    struct cpu *c = new_cpu();
    for (int sgn = 0; sgn < 2; sgn++)
        for (int s = 0; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM; n++) {
                uint64_t a = operand(bits), v = operand(bits), fin = host_flags_in();
                uint64_t lo, hi, hf;
                host_mul(bits, sgn, a, v, fin, &lo, &hi, &hf);
                struct insn i = {.rm = R_BX};
                for (int r = 0; r < 16; r++)
                    c->gpr[r] = rnd();
                reg_write(c, R_AX, bits, a);
                reg_write(c, R_BX, bits, v);
                uint64_t dx = c->gpr[R_DX];
                cpu_set_status(c, (uint32_t)fin);
                unsigned iop = bits == 8 ? (sgn ? IOP_IMUL_Eb : IOP_MUL_Eb)
                                         : (sgn ? IOP_IMUL_Ev : IOP_MUL_Ev);
                exec(c, iop, bits, &i);
                if (bits == 8) {
                    cr_assert_eq(cpu_get16(c, R_AX), (uint16_t)(hi << 8 | lo));
                    cr_assert_eq(c->gpr[R_DX], dx);
                } else {
                    cr_assert_eq(reg_read(c, R_AX, bits), lo, "%smul%u %#llx*%#llx", sgn ? "i" : "",
                                 bits, (unsigned long long)a, (unsigned long long)v);
                    cr_assert_eq(reg_read(c, R_DX, bits), hi);
                }
                check_flags(sgn ? "imul" : "mul", bits, a, v, (uint32_t)fin, cpu_get_eflags(c), hf,
                            F_CF | F_OF);
            }
        }
    free(c);
}

HOST2(h_imul16, "imul", uint16_t, "r")
HOST2(h_imul32, "imul", uint32_t, "r")
HOST2(h_imul64, "imul", uint64_t, "r")

Test(muldiv, imul_two_three_operand_vs_host)
{
    struct cpu *c = new_cpu();
    static const host2_fn h[3] = {h_imul16, h_imul32, h_imul64};
    for (int s = 1; s < 4; s++) {
        unsigned bits = sizes[s];
        for (int n = 0; n < N_RANDOM; n++) {
            uint64_t a = operand(bits), b = operand(bits), fin = host_flags_in(), hf;
            int form = n % 3;
            if (form == 2)
                b = (uint64_t)(int64_t)(int8_t)b & mask_of(bits);
            if (form == 1 && bits == 64)
                b = (uint64_t)(int64_t)(int32_t)b;
            uint64_t want = h[s - 1](a, b, fin, &hf) & mask_of(bits);
            struct insn i = {.rm = R_BX, .reg = R_SI};
            c->gpr[R_BX] = rnd();
            c->gpr[R_SI] = rnd();
            cpu_set_status(c, (uint32_t)fin);
            if (form == 0) { /* imul G, E: G = G * E */
                reg_write(c, R_SI, bits, a);
                reg_write(c, R_BX, bits, b);
                exec(c, IOP_IMUL_GvEv, bits, &i);
            } else { /* imul G, E, imm: G = E * imm */
                reg_write(c, R_BX, bits, a);
                i.imm = b;
                exec(c, form == 1 ? IOP_IMUL_GvEvIz : IOP_IMUL_GvEvIb, bits, &i);
            }
            cr_assert_eq(reg_read(c, R_SI, bits), want);
            if (bits == 32)
                cr_assert_eq(c->gpr[R_SI] >> 32, 0u);
            check_flags("imul2", bits, a, b, (uint32_t)fin, cpu_get_eflags(c), hf, F_CF | F_OF);
        }
    }
    free(c);
}

/* DIV/IDIV: results from C arithmetic (the host would trap on #DE). */
Test(muldiv, div_idiv_results)
{
    struct cpu *c = new_cpu();
    for (int sgn = 0; sgn < 2; sgn++)
        for (int s = 0; s < 4; s++) {
            unsigned bits = sizes[s];
            uint64_t m = mask_of(bits);
            for (int n = 0; n < N_RANDOM; n++) {
                uint64_t d = operand(bits);
                if (d == 0)
                    d = 1 + (rnd() & 3);
                uint64_t q, r, hi, lo;
                if (!sgn) {
                    hi = rnd() % d, lo = operand(bits);
                    unsigned __int128 N = ((unsigned __int128)hi << bits) | lo;
                    if (bits == 64)
                        N = ((unsigned __int128)hi << 64) | lo;
                    q = (uint64_t)(N / d), r = (uint64_t)(N % d);
                } else {
                    /* pick quotient and remainder, build the dividend */
                    int64_t sd = (int64_t)(d << (64 - bits)) >> (64 - bits);
                    uint64_t ad = sd < 0 ? 0 - (uint64_t)sd : (uint64_t)sd;
                    int64_t sq = (int64_t)(operand(bits) << (64 - bits)) >> (64 - bits);
                    if (ad > 1 && bits < 64)
                        sq = sq / (int64_t)ad; /* keep the product in range */
                    else if (ad > 1)
                        sq = sq / 2;
                    int64_t sr = (int64_t)(rnd() % ad);
                    __int128 Nn = (__int128)sq * sd;
                    if (Nn < 0)
                        sr = -sr;
                    Nn += sr;
                    unsigned __int128 N = (unsigned __int128)Nn;
                    q = (uint64_t)sq & m, r = (uint64_t)sr & m;
                    lo = (uint64_t)N & m;
                    hi = bits == 64 ? (uint64_t)(N >> 64) : (uint64_t)(N >> bits) & m;
                    /* the quotient must fit (it does by construction) */
                }
                struct insn i = {.rm = R_BX};
                for (int k = 0; k < 16; k++)
                    c->gpr[k] = rnd();
                if (bits == 8) {
                    cpu_set16(c, R_AX, (uint16_t)(hi << 8 | lo));
                } else {
                    reg_write(c, R_AX, bits, lo);
                    reg_write(c, R_DX, bits, hi);
                }
                reg_write(c, R_BX, bits, d);
                unsigned iop = bits == 8 ? (sgn ? IOP_IDIV_Eb : IOP_DIV_Eb)
                                         : (sgn ? IOP_IDIV_Ev : IOP_DIV_Ev);
                exec(c, iop, bits, &i);
                if (bits == 8) {
                    cr_assert_eq(cpu_get16(c, R_AX), (uint16_t)((r & 0xFF) << 8 | (q & 0xFF)),
                                 "%sdiv8 %#llx:%#llx / %#llx", sgn ? "i" : "",
                                 (unsigned long long)hi, (unsigned long long)lo,
                                 (unsigned long long)d);
                } else {
                    cr_assert_eq(reg_read(c, R_AX, bits), q & m, "%sdiv%u q", sgn ? "i" : "", bits);
                    cr_assert_eq(reg_read(c, R_DX, bits), r & m, "%sdiv%u r", sgn ? "i" : "", bits);
                }
            }
        }
    free(c);
}

/* #DE must leave every register as it was: needs the real fault path. */
static struct cpu *new_machine_cpu(struct phys **pp)
{
    struct phys *p = phys_new(1u << 20);
    cr_assert(p);
    struct cpu *c = cpu_new(NULL, p);
    cr_assert(c);
    cpu_reset(c);
    c->seg[SEG_CS].sel = 0x1000, c->seg[SEG_CS].base = 0x10000;
    c->rip = c->insn_rip = 0x100;
    c->gpr[R_SP] = 0x8000;
    *pp = p;
    return c;
}

static bool raises_de(struct cpu *c, unsigned iop, unsigned bits, struct insn *i)
{
    jmp_buf jb;
    jmp_buf *saved = c->fault_jmp;
    c->fault_jmp = &jb;
    c->pending_vec = -1;
    if (setjmp(jb)) {
        c->fault_jmp = saved;
        return true;
    }
    exec(c, iop, bits, i);
    c->fault_jmp = saved;
    return false;
}

Test(muldiv, divide_errors_change_nothing)
{
    struct phys *p;
    struct cpu *c = new_machine_cpu(&p);
    struct {
        unsigned iop, bits;
        uint64_t dx, ax, src;
    } cases[] = {
        {IOP_DIV_Eb, 8, 0, 0x1234, 0},       /* divide by 0 */
        {IOP_DIV_Eb, 8, 0, 0x1234, 0x12},    /* quotient 0x100 */
        {IOP_IDIV_Eb, 8, 0, 0x8000, 0xFF},   /* -32768 / -1 */
        {IOP_IDIV_Eb, 8, 0, 0x0080, 0x01},   /* +128 does not fit */
        {IOP_DIV_Ev, 16, 0x1, 0x0000, 0x1},
        {IOP_IDIV_Ev, 16, 0x8000, 0x0000, 0xFFFF},
        {IOP_DIV_Ev, 32, 5, 0, 5},
        {IOP_IDIV_Ev, 32, 0x80000000, 0, 0xFFFFFFFF},
        {IOP_DIV_Ev, 64, 1, 0, 1},
        {IOP_IDIV_Ev, 64, 0x8000000000000000ull, 0, ~0ull}, /* -2^127 / -1 */
        {IOP_IDIV_Ev, 64, 0, 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct insn i = {.rm = R_BX};
        c->gpr[R_AX] = 0xAAAA000000000000ull | cases[k].ax;
        c->gpr[R_DX] = cases[k].dx;
        c->gpr[R_BX] = cases[k].src;
        if (cases[k].bits == 8 || cases[k].bits == 16)
            c->gpr[R_DX] |= 0x5555000000000000ull;
        cpu_set_status(c, F_CF | F_ZF);
        uint64_t ax = c->gpr[R_AX], dx = c->gpr[R_DX];
        c->rip = c->insn_rip = 0x100;
        cr_assert(raises_de(c, cases[k].iop, cases[k].bits, &i), "case %zu must raise #DE", k);
        cr_assert_eq(c->gpr[R_AX], ax, "case %zu changed rAX", k);
        cr_assert_eq(c->gpr[R_DX], dx, "case %zu changed rDX", k);
        c->gpr[R_SP] = 0x8000;
    }
    /* the smallest IDIV quotient is valid on the 286 and later */
    struct insn i = {.rm = R_BX};
    c->gpr[R_AX] = 0xFF80; /* -128 */
    c->gpr[R_BX] = 1;
    cr_assert(!raises_de(c, IOP_IDIV_Eb, 8, &i));
    cr_assert_eq(cpu_get16(c, R_AX), 0x0080);
    /* AAM 0 */
    struct insn j = {.imm = 0};
    c->gpr[R_AX] = 0x1234;
    cr_assert(raises_de(c, IOP_AAM_Ib, 8, &j));
    cr_assert_eq(c->gpr[R_AX], 0x1234);
    cpu_free(c);
    phys_free(p);
}

/* ---------------------------------------------------------------------- */
/* BCD                                                                    */

Test(bcd, sdm_examples)
{
    struct cpu *c = new_cpu();
    struct insn i = {0};
    /* ADD 35H + 47H = 7CH; DAA -> 82H, AF = 1, CF = 0 */
    c->gpr[R_AX] = 0x35;
    c->gpr[R_BX] = 0x47;
    i.rm = R_AX, i.reg = R_BX;
    exec(c, IOP_ADD_EbGb, 8, &i);
    exec(c, IOP_DAA, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x82);
    cr_assert_eq(cpu_get_eflags(c) & (F_AF | F_CF), F_AF);
    /* SDM DAS example: SUB 35H - 47H = EEH (CF AF set); DAS -> 88H, CF AF set */
    c->gpr[R_AX] = 0x35;
    exec(c, IOP_SUB_EbGb, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0xEE);
    exec(c, IOP_DAS, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x88);
    cr_assert_eq(cpu_get_eflags(c) & (F_AF | F_CF | F_SF | F_ZF), F_AF | F_CF | F_SF);
    /* DAA 9AH: 9AH + 66H = 00H, CF = AF = ZF = 1 */
    c->gpr[R_AX] = 0x9A;
    cpu_set_status(c, 0);
    exec(c, IOP_DAA, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x00);
    cr_assert_eq(cpu_get_eflags(c) & (F_AF | F_CF | F_ZF), F_AF | F_CF | F_ZF);
    /* AAA: 05H + 06H = 0BH -> AX 0101H, AF = CF = 1 */
    c->gpr[R_AX] = 0x000B;
    cpu_set_status(c, 0);
    exec(c, IOP_AAA, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x0101);
    cr_assert_eq(cpu_get_eflags(c) & (F_AF | F_CF), F_AF | F_CF);
    /* AAA on the 386 adds 106H to AX: AL = FAH carries into AH */
    c->gpr[R_AX] = 0x00FA;
    exec(c, IOP_AAA, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x0200);
    /* AAS: 02H - 05H = FDH (AF) -> AX = FF07H... with AH = 1: 0007H */
    c->gpr[R_AX] = 0x01FD;
    cpu_set_status(c, F_AF);
    exec(c, IOP_AAS, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x0007);
    cr_assert_eq(cpu_get_eflags(c) & (F_AF | F_CF), F_AF | F_CF);
    /* AAM 10: 3FH = 63 -> 0603H; AAD 10 back */
    c->gpr[R_AX] = 0x3F;
    i.imm = 10;
    exec(c, IOP_AAM_Ib, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x0603);
    exec(c, IOP_AAD_Ib, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x003F);
    cr_assert_eq(cpu_get_eflags(c) & (F_ZF | F_SF), 0u);
    /* SALC */
    cpu_set_status(c, F_CF);
    exec(c, IOP_SALC, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x00FF);
    cpu_set_status(c, 0);
    exec(c, IOP_SALC, 8, &i);
    cr_assert_eq(c->gpr[R_AX], 0x0000);
    free(c);
}

/* ---------------------------------------------------------------------- */
/* bit operations                                                         */

#define HOSTBT(fn, mnem, T)                                                         \
    static uint64_t fn(uint64_t a_, uint64_t b_, uint64_t fin, uint64_t *fout)     \
    {                                                                               \
        T a = (T)a_, b = (T)b_;                                                     \
        uint64_t f;                                                                 \
        __asm__ volatile(PRE mnem " %[b], %[a]" POST                               \
                         : [a] "+r"(a), [f] "=&r"(f)                                \
                         : [b] "r"(b), [fi] "r"(fin)                                \
                         : "cc", "memory");                                         \
        *fout = f;                                                                  \
        return a;                                                                   \
    }
#define HOSTBT_ALL(op)                     \
    HOSTBT(h_##op##16, #op, uint16_t)      \
    HOSTBT(h_##op##32, #op, uint32_t)      \
    HOSTBT(h_##op##64, #op, uint64_t)
HOSTBT_ALL(bt)
HOSTBT_ALL(bts)
HOSTBT_ALL(btr)
HOSTBT_ALL(btc)
HOSTBT_ALL(popcnt)
#define HOSTS3(op) {h_##op##16, h_##op##32, h_##op##64}

Test(bitops, bt_family_vs_host)
{
    struct cpu *c = new_cpu();
    static const struct {
        const char *name;
        unsigned g, ib;
        host2_fn h[3];
        bool writes;
    } ops[] = {
        {"bt", IOP_BT_EvGv, IOP_BT_EvIb, HOSTS3(bt), false},
        {"bts", IOP_BTS_EvGv, IOP_BTS_EvIb, HOSTS3(bts), true},
        {"btr", IOP_BTR_EvGv, IOP_BTR_EvIb, HOSTS3(btr), true},
        {"btc", IOP_BTC_EvGv, IOP_BTC_EvIb, HOSTS3(btc), true},
    };
    for (size_t k = 0; k < 4; k++)
        for (int s = 1; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM / 4; n++) {
                uint64_t a = operand(bits), b = rnd() & mask_of(bits), fin = host_flags_in(), hf;
                uint64_t want = ops[k].h[s - 1](a, b, fin, &hf) & mask_of(bits);
                struct insn i = {.rm = R_BX, .reg = R_SI, .imm = b & 0xFF};
                c->gpr[R_BX] = rnd();
                c->gpr[R_SI] = rnd();
                reg_write(c, R_BX, bits, a);
                reg_write(c, R_SI, bits, b);
                uint64_t before = c->gpr[R_BX];
                cpu_set_status(c, (uint32_t)fin);
                bool imm = n & 1;
                if (imm) /* the host ran the register form with the same offset mod width */
                    i.imm = b & (bits - 1);
                exec(c, imm ? ops[k].ib : ops[k].g, bits, &i);
                cr_assert_eq(reg_read(c, R_BX, bits), want, "%s%u", ops[k].name, bits);
                if (!ops[k].writes)
                    cr_assert_eq(c->gpr[R_BX], before);
                /* CF defined, ZF unchanged (SDM); the rest we leave unchanged */
                check_flags(ops[k].name, bits, a, b, (uint32_t)fin, cpu_get_eflags(c), hf,
                            F_CF | F_ZF);
                cr_assert_eq(cpu_get_eflags(c) & ST6 & ~F_CF, (uint32_t)fin & ST6 & ~F_CF);
            }
        }
    free(c);
}

HOSTBT_ALL(bsf)
HOSTBT_ALL(bsr)

Test(bitops, bsf_bsr_popcnt_vs_host)
{
    struct cpu *c = new_cpu();
    static const struct {
        const char *name;
        unsigned iop;
        host2_fn h[3];
        uint32_t defined;
    } ops[] = {
        {"bsf", IOP_BSF_GvEv, HOSTS3(bsf), F_ZF},
        {"bsr", IOP_BSR_GvEv, HOSTS3(bsr), F_ZF},
        {"popcnt", IOP_POPCNT_GvEv, HOSTS3(popcnt), ST6},
    };
    for (size_t k = 0; k < 3; k++)
        for (int s = 1; s < 4; s++) {
            unsigned bits = sizes[s];
            for (int n = 0; n < N_RANDOM / 4; n++) {
                uint64_t src = (n % 8 == 0) ? 0 : operand(bits);
                uint64_t dst = rnd(), fin = host_flags_in(), hf;
                uint64_t want = ops[k].h[s - 1](dst, src, fin, &hf);
                struct insn i = {.rm = R_BX, .reg = R_SI};
                c->gpr[R_SI] = dst;
                c->gpr[R_BX] = rnd();
                reg_write(c, R_BX, bits, src);
                cpu_set_status(c, (uint32_t)fin);
                exec(c, ops[k].iop, bits, &i);
                if (src == 0 && k < 2) {
                    /* destination unchanged, whole register (see bitops.c) */
                    cr_assert_eq(c->gpr[R_SI], dst, "%s%u with 0", ops[k].name, bits);
                    cr_assert(cpu_get_eflags(c) & F_ZF);
                } else {
                    cr_assert_eq(reg_read(c, R_SI, bits), want & mask_of(bits), "%s%u %#llx",
                                 ops[k].name, bits, (unsigned long long)src);
                    check_flags(ops[k].name, bits, src, 0, (uint32_t)fin, cpu_get_eflags(c), hf,
                                ops[k].defined);
                }
            }
        }
    free(c);
}

/* Bit-string addressing with a register offset reaching outside the
 * operand, through the real memory path. */
Test(bitops, bt_memory_bit_string)
{
    struct phys *p;
    struct cpu *c = new_machine_cpu(&p);
    /* DS base 0x20000 (real mode), operand at DS:0x100 */
    c->seg[SEG_DS].sel = 0x2000, c->seg[SEG_DS].base = 0x20000;
    struct insn i = {.reg = R_SI, .base = R_NONE, .index = R_NONE, .disp = 0x100,
                     .seg = SEG_DS, .amask = 0xFFFF};
    /* offset +35 with 16-bit operand: word at 0x100 + 2*(35>>4) = 0x104, bit 3 */
    c->gpr[R_SI] = 35;
    i.op = IOP_BTS_EvGv, i.form = FORM(SZ16, 1), i.mod = 0, i.opsize = 2;
    cpu_handler(IOP_BTS_EvGv, FORM(SZ16, 1))(c, &i);
    cr_assert_eq(p->ram[0x20104], 0x08);
    cr_assert(!cpu_cf(c));
    /* offset -1 with 32-bit operand: dword at 0x100 - 4, bit 31 */
    c->gpr[R_SI] = 0xFFFFFFFF;
    i.form = FORM(SZ32, 1), i.opsize = 4;
    cpu_handler(IOP_BTS_EvGv, FORM(SZ32, 1))(c, &i);
    cr_assert_eq(p->ram[0x200FF], 0x80);
    /* BT reads it back and sets CF */
    cpu_handler(IOP_BT_EvGv, FORM(SZ32, 1))(c, &i);
    cr_assert(cpu_cf(c));
    /* a 16-bit offset is signed too: 0xFFF0 = -16 -> word at 0x100 - 2 */
    c->gpr[R_SI] = 0x1234FFF0;
    i.form = FORM(SZ16, 1), i.opsize = 2;
    cpu_handler(IOP_BTC_EvGv, FORM(SZ16, 1))(c, &i);
    cr_assert_eq(p->ram[0x200FE], 0x01);
    /* an immediate offset stays inside the operand: 35 & 15 = bit 3 of 0x100 */
    i.imm = 35;
    cpu_handler(IOP_BTS_EvIb, FORM(SZ16, 1))(c, &i);
    cr_assert_eq(p->ram[0x20100], 0x08);
    /* a read-modify-write memory form of ADD */
    p->ram[0x20100] = 0xFF;
    cpu_set8(c, R_DX, 1);
    i.reg = R_DX;
    i.form = FORM(SZ16, 1);
    cpu_handler(IOP_ADD_EbGb, FORM(SZ16, 1))(c, &i);
    cr_assert_eq(p->ram[0x20100], 0x00);
    cr_assert(cpu_cf(c) && cpu_zf(c) && cpu_af(c));
    cpu_free(c);
    phys_free(p);
}

Test(bitops, setcc_cmov_bswap)
{
    struct cpu *c = new_cpu();
    struct insn i = {.rm = R_BX, .reg = R_SI};
    /* CMOV 32-bit with a false condition still zero-extends (64-bit mode) */
    c->gpr[R_SI] = 0xFFFFFFFF12345678ull;
    c->gpr[R_BX] = 0x1111111122222222ull;
    cpu_set_status(c, 0);
    i.opcode = 0x44; /* CMOVE, ZF = 0: false */
    exec(c, IOP_CMOVCC_GvEv, 32, &i);
    cr_assert_eq(c->gpr[R_SI], 0x12345678ull);
    c->gpr[R_SI] = 0xFFFFFFFF12345678ull;
    exec(c, IOP_CMOVCC_GvEv, 16, &i);
    cr_assert_eq(c->gpr[R_SI], 0xFFFFFFFF12345678ull);
    i.opcode = 0x45; /* CMOVNE: true */
    exec(c, IOP_CMOVCC_GvEv, 64, &i);
    cr_assert_eq(c->gpr[R_SI], 0x1111111122222222ull);
    /* SETcc */
    cpu_set_status(c, F_CF);
    i.opcode = 0x92; /* SETB */
    c->gpr[R_BX] = 0xFF00;
    exec(c, IOP_SETCC_Eb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0xFF01);
    i.opcode = 0x93;
    exec(c, IOP_SETCC_Eb, 8, &i);
    cr_assert_eq(c->gpr[R_BX], 0xFF00);
    /* BSWAP */
    struct insn z = {.reg = R_DI};
    c->gpr[R_DI] = 0x0102030405060708ull;
    exec(c, IOP_BSWAP_Zy, 64, &z);
    cr_assert_eq(c->gpr[R_DI], 0x0807060504030201ull);
    exec(c, IOP_BSWAP_Zy, 32, &z);
    cr_assert_eq(c->gpr[R_DI], 0x01020304ull);
    c->gpr[R_DI] = 0xAABBCCDD;
    exec(c, IOP_BSWAP_Zy, 16, &z);
    cr_assert_eq(c->gpr[R_DI], 0xAABB0000ull);
    free(c);
}

/* ---------------------------------------------------------------------- */
/* the flags API                                                          */

static bool host_cond(uint32_t f, unsigned cc)
{
    bool cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, of = f & F_OF, pf = f & F_PF;
    bool r[8] = {of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of};
    return r[cc >> 1] ^ (cc & 1);
}

Test(flags, cond_matches_host_flags)
{
    struct cpu *c = new_cpu();
    for (size_t k = 0; k < sizeof binops / sizeof binops[0]; k++)
        for (int s = 0; s < 4; s++)
            for (int n = 0; n < 2000; n++) {
                unsigned bits = sizes[s];
                uint64_t a = operand(bits), b = operand(bits), fin = host_flags_in(), hf;
                binops[k].host[s](a, b, fin, &hf);
                struct insn i = {.rm = R_BX, .reg = R_SI};
                reg_write(c, R_BX, bits, a);
                reg_write(c, R_SI, bits, b);
                cpu_set_status(c, (uint32_t)fin);
                exec(c, bits == 8 ? binops[k].eg8 : binops[k].egv, bits, &i);
                for (unsigned cc = 0; cc < 16; cc++)
                    cr_assert_eq(cpu_cond(c, cc), host_cond((uint32_t)hf, cc), "%s%u cc %u",
                                 binops[k].name, bits, cc);
                cr_assert_eq(cpu_cf(c), (hf & F_CF) != 0);
                cr_assert_eq(cpu_zf(c), (hf & F_ZF) != 0);
                cr_assert_eq(cpu_sf(c), (hf & F_SF) != 0);
                cr_assert_eq(cpu_of(c), (hf & F_OF) != 0);
                cr_assert_eq(cpu_pf(c), (hf & F_PF) != 0);
                if (binops[k].defined & F_AF)
                    cr_assert_eq(cpu_af(c), (hf & F_AF) != 0);
            }
    free(c);
}

/* The two-word encoding holds every combination of the six status flags:
 * cpu_set_status() of any combination reads back the same through
 * cpu_get_eflags(), each flag accessor and every condition code, and
 * CF/OF set alone (rotates, BT, CLC) keep the other four. */
Test(flags, status_round_trip)
{
    static const uint32_t bits[6] = {F_CF, F_PF, F_AF, F_ZF, F_SF, F_OF};
    struct cpu *c = new_cpu();
    c->eflags = F_1 | F_IF;
    for (unsigned m = 0; m < 64; m++) {
        uint32_t f = 0;
        for (unsigned k = 0; k < 6; k++)
            if (m & (1u << k))
                f |= bits[k];
        cpu_set_status(c, f);
        cr_assert_eq(cpu_get_eflags(c), F_1 | F_IF | f, "combination %02X", m);
        cr_assert_eq(cpu_cf(c), (f & F_CF) != 0);
        cr_assert_eq(cpu_pf(c), (f & F_PF) != 0);
        cr_assert_eq(cpu_af(c), (f & F_AF) != 0);
        cr_assert_eq(cpu_zf(c), (f & F_ZF) != 0);
        cr_assert_eq(cpu_sf(c), (f & F_SF) != 0);
        cr_assert_eq(cpu_of(c), (f & F_OF) != 0);
        bool cf = f & F_CF, zf = f & F_ZF, sf = f & F_SF, of = f & F_OF, pf = f & F_PF;
        const bool want[8] = {of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of};
        for (unsigned cc = 0; cc < 16; cc++)
            cr_assert_eq(cpu_cond(c, cc), want[cc >> 1] ^ (cc & 1), "cc %u of %02X", cc, m);
        for (unsigned k = 0; k < 4; k++) {
            bool ncf = k & 1, nof = k & 2;
            cpu_set_status(c, f);
            cpu_set_cf_of(c, ncf, nof);
            uint32_t want_f = (f & ~(uint32_t)(F_CF | F_OF)) | (ncf ? F_CF : 0) | (nof ? F_OF : 0);
            cr_assert_eq(cpu_get_eflags(c), F_1 | F_IF | want_f, "cf/of %u of %02X", k, m);
        }
        /* INC and DEC keep whatever CF was */
        cpu_set_status(c, f);
        cpu_lf(c, LF_INC, 2, 0x8000, 0x7FFF, 1);
        cr_assert_eq(cpu_cf(c), (f & F_CF) != 0);
        cr_assert(cpu_of(c) && cpu_sf(c) && !cpu_zf(c) && cpu_af(c));
        cpu_set_status(c, f);
        cpu_lf(c, LF_DEC, 4, 0x7FFFFFFF, 0x80000000, 1);
        cr_assert_eq(cpu_cf(c), (f & F_CF) != 0);
        cr_assert(cpu_of(c) && !cpu_sf(c) && !cpu_zf(c) && cpu_af(c));
    }
    free(c);
}

Test(flags, write_eflags_and_set_status)
{
    struct cpu *c = new_cpu();
    c->eflags = F_1 | F_IF;
    cpu_lf(c, LF_SUB, 1, 0xFF, 0x00, 0x01); /* CF SF AF PF */
    cr_assert_eq(cpu_get_eflags(c), F_1 | F_IF | F_CF | F_SF | F_AF | F_PF);
    /* writing only DF keeps the lazy status flags' values */
    cpu_write_eflags(c, F_DF, F_DF);
    cr_assert_eq(cpu_get_eflags(c), F_1 | F_IF | F_DF | F_CF | F_SF | F_AF | F_PF);
    /* reserved bits stay 0, bit 1 stays 1 */
    cpu_write_eflags(c, 0xFFFFFFFFu, 0xFFFFFFFFu);
    uint32_t f = cpu_get_eflags(c);
    cr_assert_eq(f & ((1u << 3) | (1u << 5) | (1u << 15) | 0xFFC00000u), 0u);
    cr_assert(f & F_1);
    cpu_write_eflags(c, 0, 0xFFFFFFFFu);
    cr_assert_eq(cpu_get_eflags(c), F_1);
    cpu_set_status(c, F_ZF | F_DF);
    cr_assert_eq(cpu_get_eflags(c), F_1 | F_ZF);
    cr_assert(cpu_zf(c) && !cpu_cf(c));
    /* INC keeps CF */
    cpu_set_status(c, F_CF);
    struct insn i = {.rm = R_BX};
    c->gpr[R_BX] = 0x7F;
    exec(c, IOP_INC_Eb, 8, &i);
    cr_assert_eq(cpu_get_eflags(c) & ST6, F_CF | F_OF | F_SF | F_AF);
    free(c);
}

/* ---------------------------------------------------------------------- */
/* decoded bytes through the handler table (decoder integration)          */

static void run_bytes(struct cpu *c, enum dec_mode mode, const uint8_t *b, size_t n)
{
    struct insn i;
    int len = decode(&i, b, n, mode);
    cr_assert_eq(len, (int)n, "decode length %d", len);
    handler_fn h = cpu_handler(i.op, i.form);
    cr_assert(h != cpu_unimplemented, "no handler for iop %u", (unsigned)i.op);
    h(c, &i);
}
#define RUN64(c, ...)                                                    \
    do {                                                                 \
        static const uint8_t b_[] = {__VA_ARGS__};                       \
        run_bytes((c), DMODE_64, b_, sizeof b_);                         \
    } while (0)

Test(decode, encodings_reach_the_right_forms)
{
    struct cpu *c = new_cpu();
    c->gpr[R_BX] = 5;
    RUN64(c, 0x48, 0x83, 0xC3, 0xFF); /* add rbx, -1 */
    cr_assert_eq(c->gpr[R_BX], 4);
    c->gpr[R_SI] = 0xFFFFFFFF00000007ull;
    cpu_set_status(c, 0);
    RUN64(c, 0x0F, 0x44, 0xF3); /* cmove esi, ebx (false) */
    cr_assert_eq(c->gpr[R_SI], 7);
    RUN64(c, 0x0F, 0x95, 0xC3); /* setne bl */
    cr_assert_eq(c->gpr[R_BX], 1);
    c->gpr[R_SI] = 0x1122334455667788ull;
    RUN64(c, 0x40, 0xFE, 0xC6); /* inc sil */
    cr_assert_eq(c->gpr[R_SI], 0x1122334455667789ull);
    c->gpr[R_DX] = 0x1234;
    RUN64(c, 0xFE, 0xC6); /* inc dh */
    cr_assert_eq(c->gpr[R_DX], 0x1334);
    c->gpr[R_BX] = 0xFFFFFFFF80000001ull;
    RUN64(c, 0xD1, 0xFB); /* sar ebx, 1 */
    cr_assert_eq(c->gpr[R_BX], 0xC0000000ull);
    cr_assert(cpu_cf(c));
    RUN64(c, 0xC1, 0xE3, 0x04); /* shl ebx, 4 */
    cr_assert_eq(c->gpr[R_BX], 0);
    c->gpr[R_BX] = 3;
    c->gpr[R_SI] = 64 + 5;
    RUN64(c, 0x48, 0x0F, 0xAB, 0xF3); /* bts rbx, rsi: bit 5 */
    cr_assert_eq(c->gpr[R_BX], 3 | 32);
    RUN64(c, 0x48, 0x69, 0xF3, 0xFE, 0xFF, 0xFF, 0xFF); /* imul rsi, rbx, -2 */
    cr_assert_eq(c->gpr[R_SI], (uint64_t)-70);
    c->gpr[R_AX] = 100, c->gpr[R_DX] = 0;
    c->gpr[R_BX] = 7;
    RUN64(c, 0x48, 0xF7, 0xF3); /* div rbx */
    cr_assert_eq(c->gpr[R_AX], 14);
    cr_assert_eq(c->gpr[R_DX], 2);
    c->gpr[R_AX] = 0x11223344;
    RUN64(c, 0x0F, 0xC8); /* bswap eax */
    cr_assert_eq(c->gpr[R_AX], 0x44332211);
    c->gpr[R_CX] = 0x0F00;
    RUN64(c, 0x0F, 0xBD, 0xC1); /* bsr eax, ecx */
    cr_assert_eq(c->gpr[R_AX], 11);
    c->gpr[R_AX] = 0xFFFF;
    RUN64(c, 0x48, 0x05, 0x01, 0x00, 0x00, 0x80); /* add rax, -0x7fffffff */
    cr_assert_eq(c->gpr[R_AX], 0xFFFFull - 0x7FFFFFFFull);
    free(c);
}
