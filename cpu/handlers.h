/* cpu/handlers.h: how instruction families register their handlers.
 *
 * Each table entry IOP_* (decoder/opcodes.def) has six handler slots,
 * FORM(size, is_mem): 16/32/64-bit operand size x register/memory operand.
 * A family file (cpu/alu.c, cpu/string.c, ...) defines one handler per form
 * and registers them in its cpu_register_<family>() function; slots left
 * empty execute cpu_unimplemented (#UD, logged).
 */
#ifndef EMU_CPU_HANDLERS_H
#define EMU_CPU_HANDLERS_H

#include "cpu/cpu.h"
#include "decoder/opcodes.h"

/* A handler is defined as `static HANDLER(name) { body }`. The body
 * becomes one always-inline function from which two handlers are made:
 * `name`, which executes the instruction and returns (the table's entry:
 * single steps, the debugger, a translator), and a chained twin that
 * then goes on to the next record of its decoded block without returning
 * to a dispatcher (CPU_CHAIN_NEXT); a constructor registers the pair
 * (cpu_set_chain) so that block_build() can find the twin. */
#define HANDLER(name)                                                              \
    inline __attribute__((always_inline)) void name##_body_(struct cpu *c, const struct insn *i); \
    static void name(struct cpu *c, const struct insn *i) { name##_body_(c, i); }  \
    static void name##_ch_(struct cpu *c, const struct insn *i)                    \
    {                                                                              \
        name##_body_(c, i);                                                        \
        CPU_CHAIN_NEXT(c, i);                                                      \
    }                                                                              \
    static __attribute__((constructor)) void name##_reg_(void) { cpu_set_chain(name, name##_ch_); } \
    static inline __attribute__((always_inline)) void name##_body_(struct cpu *c, const struct insn *i)
/* A handler without a chained twin: the fast memory handlers, whose
 * checked path is a tail call that chaining would turn into a call with a
 * stack frame; blocks reach them through a trampoline. */
#define HANDLER_NOCHAIN(name) void name(struct cpu *c, const struct insn *i)
/* An out-of-line helper with a handler's signature that is not a handler
 * of its own (the checked twins of fast memory handlers). */
#define SLOW_HANDLER(name) __attribute__((noinline)) void name(struct cpu *c, const struct insn *i)

/* Goes on to the record after i in the running block: RIP and insn_rip
 * advance as in run_block(). The last record of a block has the plain
 * handler as its chain, so the chain ends there; when cpu_end_block() cut
 * the block short, the record reached is left in blk_stop for the count. */
#define CPU_CHAIN_NEXT(c, i)                                                       \
    do {                                                                           \
        const struct insn *n_ = (i) + 1;                                           \
        if (__builtin_expect((uintptr_t)n_ >= (c)->blk_end, 0)) {                  \
            (c)->blk_stop = n_;                                                    \
            return;                                                                \
        }                                                                          \
        uint64_t r_ = (c)->blk_rip + n_->boff; /* not c->rip: no store-to-load \
                                                     chain from one instruction \
                                                     to the next */             \
        (c)->insn_rip = r_;                                                        \
        (c)->rip = r_ + n_->len;                                                   \
        n_->chain((c), n_);                                                        \
    } while (0)

/* Registers hand-made chained twin NAME##_ch_ of handler NAME (handlers
 * with a checked slow path, made as a pair: see cpu/alu.c). */
#define CHAIN_PAIR(NAME) \
    static __attribute__((constructor)) void NAME##_reg_(void) { cpu_set_chain(NAME, NAME##_ch_); }
/* The checked twin slow, then on to the next record: the slow path of a
 * chained fast handler, as a tail call so that its fast path needs no
 * stack frame. */
#define SLOW_NEXT(slow) \
    static SLOW_HANDLER(slow##_next) { slow(c, i); CPU_CHAIN_NEXT(c, i); }

/* Registers the chained twin of handler fn; cpu_chain_of() finds it (or a
 * generic trampoline for functions without one). */
void cpu_set_chain(handler_fn fn, handler_fn chained);
handler_fn cpu_chain_of(handler_fn fn);

void cpu_set_handlers(unsigned iop, handler_fn r16, handler_fn m16, handler_fn r32,
                      handler_fn m32, handler_fn r64, handler_fn m64);
handler_fn cpu_handler(unsigned iop, unsigned form);
/* The handler for a decoded instruction: cpu_handler(op, form), or one
 * specialised further (Jcc per condition) where that pays. */
handler_fn cpu_handler_insn(const struct insn *in);
/* Fills the table once (thread-safe); cpu_handler() calls it too. */
void cpu_handlers_init(void);

/* one function for every form */
#define H_ONE(iop, fn) cpu_set_handlers((iop), fn, fn, fn, fn, fn, fn)
/* register/memory variants, independent of operand size */
#define H_RM(iop, fr, fm) cpu_set_handlers((iop), fr, fm, fr, fm, fr, fm)
/* size variants named p##_r16, p##_m16, p##_r32, p##_m32, p##_r64, p##_m64 */
#define H_V(iop, p) \
    cpu_set_handlers((iop), p##_r16, p##_m16, p##_r32, p##_m32, p##_r64, p##_m64)
/* size variants without a ModRM r/m operand: p##16, p##32, p##64 */
#define H_S(iop, p) cpu_set_handlers((iop), p##16, p##16, p##32, p##32, p##64, p##64)

/* A variant of memory-form handler `general` for operands without an
 * index register (base + displacement, RIP-relative, absolute), whose
 * effective address is cheaper: cpu_handler_insn() picks it for them. */
void cpu_set_bd(handler_fn general, handler_fn bd);
#define H_BD(fn) cpu_set_bd(fn, fn##_bd)
#define H_BD_V(p) do { H_BD(p##_m16); H_BD(p##_m32); H_BD(p##_m64); } while (0)

/* Family registration functions, called once by cpu_handlers_init(). */
void cpu_register_alu(void);     /* cpu/alu.c: ADD..CMP, TEST, INC/DEC, NEG/NOT */
void cpu_register_shift(void);   /* cpu/shift.c: rotates, shifts, SHLD/SHRD */
void cpu_register_muldiv(void);  /* cpu/muldiv.c: MUL/IMUL/DIV/IDIV */
void cpu_register_bcd(void);     /* cpu/bcd.c: DAA DAS AAA AAS AAM AAD */
void cpu_register_bitops(void);  /* cpu/bitops.c: BT*, BSF/BSR, SETcc, CMOVcc, BSWAP, POPCNT */
void cpu_register_datamov(void); /* cpu/datamov.c: MOV, XCHG, LEA, MOVZX/SX, CBW.., XLAT, CMPXCHG, XADD, LxS */
void cpu_register_stack(void);   /* cpu/stack.c: PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE */
void cpu_register_control(void); /* cpu/control.c: JMP, Jcc, CALL, RET, LOOP, INT, IRET, BOUND */
void cpu_register_string(void);  /* cpu/string.c: MOVS CMPS STOS LODS SCAS with REP */
void cpu_register_io(void);      /* cpu/io.c: IN OUT INS OUTS */
void cpu_register_system(void);  /* cpu/system.c: flags insns, HLT, CPUID, RDTSC, CRx, descriptor tables, MSRs */
void cpu_register_fpu(void);     /* cpu/fpu*.c: x87, incl. FWAIT (after system) */
void cpu_register_long(void);    /* cpu/long.c: SYSCALL SYSRET SWAPGS (from cpu_register_system) */
void cpu_register_sse(void);     /* cpu/mmx.c, cpu/sse*.c: MMX, SSE-SSE4.2, FXSAVE, CRC32 */

#endif
