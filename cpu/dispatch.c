/* cpu/dispatch.c: the handler table, IOP_* x FORM -> handler. */
#include <pthread.h>

#include "cpu/handlers.h"
#include "cpu/insn_util.h"

static handler_fn table[IOP_COUNT][6];
static pthread_once_t once = PTHREAD_ONCE_INIT;

void cpu_set_handlers(unsigned iop, handler_fn r16, handler_fn m16, handler_fn r32,
                      handler_fn m32, handler_fn r64, handler_fn m64)
{
    if (iop >= IOP_COUNT)
        return;
    handler_fn *t = table[iop];
    t[0] = r16, t[1] = m16, t[2] = r32, t[3] = m32, t[4] = r64, t[5] = m64;
}

static void init_table(void)
{
    cpu_register_alu();
    cpu_register_shift();
    cpu_register_muldiv();
    cpu_register_bcd();
    cpu_register_bitops();
    cpu_register_datamov();
    cpu_register_stack();
    cpu_register_control();
    cpu_register_string();
    cpu_register_io();
    cpu_register_system();
    cpu_register_fpu();
    cpu_register_sse();
    for (unsigned i = 0; i < IOP_COUNT; i++)
        for (unsigned f = 0; f < 6; f++)
            if (!table[i][f])
                table[i][f] = cpu_unimplemented;
}

/* The table is written once, before any lookup, and is read-only after. */
void cpu_handlers_init(void) { pthread_once(&once, init_table); }

handler_fn cpu_handler(unsigned iop, unsigned form)
{
    cpu_handlers_init();
    if (iop >= IOP_COUNT || form >= 6)
        return cpu_unimplemented;
    return table[iop][form];
}

/* ---- handlers specialised beyond the table's (op, form) ----
 *
 * Jcc per condition and operand size: the condition folds into the
 * inline lazy-flag test (cpu_cond), and the target check is inline. */
static inline void jcc_take(struct cpu *c, const struct insn *i, uint64_t mask)
{
    uint64_t t = (c->rip + i->imm) & mask;
    if (in64(c) ? !canonical48(t) : t > c->seg[SEG_CS].limit)
        cpu_gp0(c); /* SDM Vol.3 5.3: target outside CS, or not canonical */
    c->rip = t;
}
#define DEF_JCC(cc, N, M)                                                       \
    static HANDLER(jcc##cc##_##N)                                               \
    {                                                                           \
        if (cpu_cond(c, cc))                                                    \
            jcc_take(c, i, M);                                                  \
    }
#define DEF_JCC_CC(cc) DEF_JCC(cc, 16, 0xFFFFull) DEF_JCC(cc, 32, 0xFFFFFFFFull) DEF_JCC(cc, 64, ~0ull)
DEF_JCC_CC(0) DEF_JCC_CC(1) DEF_JCC_CC(2) DEF_JCC_CC(3)
DEF_JCC_CC(4) DEF_JCC_CC(5) DEF_JCC_CC(6) DEF_JCC_CC(7)
DEF_JCC_CC(8) DEF_JCC_CC(9) DEF_JCC_CC(10) DEF_JCC_CC(11)
DEF_JCC_CC(12) DEF_JCC_CC(13) DEF_JCC_CC(14) DEF_JCC_CC(15)
#define JCC_ROW(cc) {jcc##cc##_16, jcc##cc##_32, jcc##cc##_64}
static const handler_fn jcc_fn[16][3] = {
    JCC_ROW(0), JCC_ROW(1), JCC_ROW(2), JCC_ROW(3), JCC_ROW(4), JCC_ROW(5),
    JCC_ROW(6), JCC_ROW(7), JCC_ROW(8), JCC_ROW(9), JCC_ROW(10), JCC_ROW(11),
    JCC_ROW(12), JCC_ROW(13), JCC_ROW(14), JCC_ROW(15),
};

/* Maps from one handler to another (open addressing keyed by the
 * handler's address): a general memory-form handler to its base +
 * displacement variant, filled with the handler table; every handler to
 * its chained twin, filled by constructors (HANDLER). */
#define FNMAP_SLOTS 8192u
struct fnmap {
    struct {
        handler_fn key, val;
    } e[FNMAP_SLOTS];
};
static struct fnmap bd_map, chain_map;

static unsigned fn_hash(handler_fn f)
{
    uintptr_t x = (uintptr_t)f;
    return (unsigned)((x >> 4) ^ (x >> 17)) & (FNMAP_SLOTS - 1);
}

static void fnmap_set(struct fnmap *m, handler_fn key, handler_fn val)
{
    for (unsigned h = fn_hash(key), n = 0; n < FNMAP_SLOTS; n++, h = (h + 1) & (FNMAP_SLOTS - 1)) {
        if (!m->e[h].key || m->e[h].key == key) {
            m->e[h].key = key;
            m->e[h].val = val;
            return;
        }
    }
}

static handler_fn fnmap_get(const struct fnmap *m, handler_fn key)
{
    for (unsigned h = fn_hash(key), n = 0; n < FNMAP_SLOTS; n++, h = (h + 1) & (FNMAP_SLOTS - 1)) {
        if (!m->e[h].key)
            return NULL;
        if (m->e[h].key == key)
            return m->e[h].val;
    }
    return NULL;
}

void cpu_set_bd(handler_fn general, handler_fn bd) { fnmap_set(&bd_map, general, bd); }
static handler_fn bd_lookup(handler_fn general) { return fnmap_get(&bd_map, general); }

/* Constructors run before main, one thread. */
void cpu_set_chain(handler_fn fn, handler_fn chained) { fnmap_set(&chain_map, fn, chained); }

/* For functions without a chained twin (the #UD of undecodable bytes,
 * cpu_unimplemented): run the plain one, then go on. */
static void chain_tramp(struct cpu *c, const struct insn *i)
{
    i->exec(c, i);
    CPU_CHAIN_NEXT(c, i);
}

handler_fn cpu_chain_of(handler_fn fn)
{
    handler_fn ch = fnmap_get(&chain_map, fn);
    return ch ? ch : chain_tramp;
}

handler_fn cpu_handler_insn(const struct insn *in)
{
    if ((in->op == IOP_JCC_Jb || in->op == IOP_JCC_Jz) && in->form < 6)
        return jcc_fn[in->opcode & 15][in->form >> 1];
    handler_fn h = cpu_handler(in->op, in->form);
    if ((in->form & 1) && in->index == R_NONE) {
        handler_fn bd = bd_lookup(h);
        if (bd)
            return bd;
    }
    return h;
}
