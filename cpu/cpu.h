/* cpu/cpu.h: CPU state and the interfaces handlers use.
 *
 * The state is that of an x86-64 CPU from the start (64-bit registers,
 * descriptor caches, control registers, a mode), even where only real mode
 * is exercised. Handlers receive (struct cpu *, const struct insn *) and
 * use the accessors below; a fault longjmps out of the handler to the
 * execution loop, which restores RIP to the faulting instruction and
 * delivers the exception.
 */
#ifndef EMU_CPU_CPU_H
#define EMU_CPU_CPU_H

#include <setjmp.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "decoder/insn.h"
#include "memory/tlb.h"
#include "cpu/fpu.h"

struct machine;
struct phys;
struct icache;

/* Processor signature (CPUID.1:EAX and EDX after reset): family 6,
 * model 26, stepping 5. */
#define CPU_SIGNATURE 0x000106A5u

/* EFLAGS bits */
enum {
    F_CF = 1u << 0, F_1 = 1u << 1, F_PF = 1u << 2, F_AF = 1u << 4,
    F_ZF = 1u << 6, F_SF = 1u << 7, F_TF = 1u << 8, F_IF = 1u << 9,
    F_DF = 1u << 10, F_OF = 1u << 11, F_IOPL = 3u << 12, F_NT = 1u << 14,
    F_RF = 1u << 16, F_VM = 1u << 17, F_AC = 1u << 18, F_VIF = 1u << 19,
    F_VIP = 1u << 20, F_ID = 1u << 21,
};
#define F_STATUS (F_CF | F_PF | F_AF | F_ZF | F_SF | F_OF)

/* CR0 bits */
enum {
    CR0_PE = 1u << 0, CR0_MP = 1u << 1, CR0_EM = 1u << 2, CR0_TS = 1u << 3,
    CR0_ET = 1u << 4, CR0_NE = 1u << 5, CR0_WP = 1u << 16, CR0_AM = 1u << 18,
    CR0_NW = 1u << 29, CR0_CD = 1u << 30, CR0_PG = 1u << 31,
};

/* Exception vectors */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5,
    EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12,
    EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17, EXC_MC = 18, EXC_XM = 19,
};

/* Processor operating mode */
enum cpu_mode { CPU_REAL = 0, CPU_PROT, CPU_V86, CPU_LONG };

/* Segment descriptor cache. attr holds descriptor bits 40-55 as in the
 * descriptor's second dword >> 8: type(4) S DPL(2) P | limit19:16 | AVL L DB G. */
struct seg {
    uint16_t sel;
    uint16_t attr;
    uint32_t limit; /* byte granular, already scaled by G */
    uint64_t base;
};
enum {
    SA_TYPE = 0x000F, SA_S = 0x0010, SA_DPL = 0x0060, SA_P = 0x0080,
    SA_AVL = 0x1000, SA_L = 0x2000, SA_DB = 0x4000, SA_G = 0x8000,
};

struct dtr {
    uint64_t base;
    uint32_t limit;
};

/* Lazy flags: the six status flags live in two words, from which each flag
 * is one or two host instructions to extract, whatever operation set them
 * (cpu/flags.c describes the encoding). cpu.eflags holds every other bit;
 * its status bits are ignored. */
enum lf_op {
    LF_NONE = 0, LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC,
    LF_NEG, LF_SHL, LF_SHR, LF_SAR,
};
struct lazyflags {
    uint64_t res; /* the result, sign-extended to 64 bits: ZF, SF */
    uint64_t aux; /* CF (bit 63), CF^OF (62), AF (3), parity delta (8-15),
                     sign delta (0) */
};
#define LF_CF_BIT 63
#define LF_PO_BIT 62
#define LF_AF_MASK 0x8ull
#define LF_PDB_SHIFT 8
#define LF_SD_MASK 0x1ull

/* SSE state (SDM Vol.1 10.2): sixteen 128-bit XMM registers (eight
 * outside 64-bit mode) and MXCSR. The MMX registers are not here: MMn
 * is the significand of x87 physical register Rn (SDM Vol.1 9.5). */
typedef union {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t d[4];
    uint64_t q[2];
    int8_t sb[16];
    int16_t sw[8];
    int32_t sd[4];
    int64_t sq[2];
} xmm_t;
#define MXCSR_DEFAULT 0x1F80u
struct xmm {
    xmm_t r[16];
    uint32_t mxcsr;
};

struct cpu {
    union {
        uint64_t gpr[18];    /* gpr[R_NONE] stays zero; gpr[R_RIP] is rip */
        struct {
            uint64_t gpr_slots_[17];
            uint64_t rip;    /* during a handler: the next instruction */
        };
    };
    uint64_t insn_rip;       /* the instruction being executed */
    uint32_t eflags;         /* all bits but the lazy status flags */
    struct lazyflags lf;

    struct seg seg[6];       /* ES CS SS DS FS GS */
    struct seg ldtr, tr;
    struct dtr gdtr, idtr;
    uint64_t cr0, cr2, cr3, cr4, cr8;
    uint64_t pdpte[4];       /* PAE paging: loaded from CR3 (memory/paging.h) */
    uint64_t dr[8];
    uint64_t efer;
    uint64_t tsc_offset;
    uint64_t msr_sysenter_cs, msr_sysenter_esp, msr_sysenter_eip;
    uint64_t msr_star, msr_lstar, msr_cstar, msr_sfmask, msr_kernel_gs_base;
    uint64_t msr_apic_base, msr_pat, msr_misc_enable;
    uint64_t msr_tsc_aux, msr_mtrr_deftype, msr_mtrr_fixed[11], msr_mtrr_var[16];
    uint8_t model;           /* CPUID model (cpu/system.c), from cpu: model= */
    /* debug registers (cpu/debugreg.c): which kinds of breakpoints DR7
     * arms (DBG_*), and the DR6 bits of a #DB trap due at the end of the
     * current instruction */
    uint8_t dbg_armed;
    uint32_t dbg_pending;
    /* nonzero when data accesses must take the checked path: data
     * breakpoints armed (1), alignment checking possible (2, CR0.AM),
     * access observers registered (ACC_CHECK_OBS) */
    uint8_t acc_check;
#define ACC_CHECK_OBS 4u

    enum cpu_mode mode;
    enum dec_mode dmode;     /* code size from CS (decoder mode) */
    uint8_t cpl;
    bool halted;
    bool intr_shadow;        /* after STI / MOV SS / POP SS: no interrupt */
    bool nmi_pending;
    bool pending_step;       /* single-step trap held off by MOV SS */

    uint64_t icount;         /* instructions retired before the running block
                                (cpu_icount() gives the exact count at any time) */
    uint32_t nfaults;        /* exceptions raised by instructions (debugger, traces) */
    int exc_vec;             /* the last exception delivered, for traces: vector, */
    uint32_t exc_err;        /* error code */
    bool exc_has_err;
    uint64_t insn_budget;    /* run() returns when icount reaches this */
    bool stop;               /* set by devices/debugger to end run() early */
    /* the running decoded block (cpu/exec.c): its records, RIP at its
     * start and the end of the records still to run (0: stop after the
     * current one) */
    const struct insn *blk_first;
    uint16_t blk_n;
    uint64_t blk_rip;
    uintptr_t blk_end;
    const struct insn *blk_stop; /* the record a chain stopped at (handlers.h) */

    /* memory */
    struct phys *phys;
    struct tlb tlb;
    struct icache *icache;
    struct insn scratch_insn; /* an instruction crossing pages (not cached) */

    /* the PC around the CPU */
    struct machine *mach;
    uint32_t (*port_in)(struct machine *, uint16_t port, int size);
    void (*port_out)(struct machine *, uint16_t port, int size, uint32_t val);
    /* interrupt controller: returns true if an IRQ is pending */
    bool (*intr_pending)(struct machine *);
    int (*intr_ack)(struct machine *); /* returns the vector */

    /* exception unwinding */
    jmp_buf *fault_jmp;
    int fault_depth;         /* nesting for #DF / triple fault */
    int pending_vec;
    uint32_t pending_err;
    bool pending_has_err;
    bool triple_fault;

    /* memory-access observers (debug registers, debugger watchpoints,
     * traces): called for every data access while nobservers > 0 */
    int nobservers;
    struct cpu_observer {
        void (*fn)(void *opaque, struct cpu *c, uint64_t lin, unsigned len, bool write);
        void *opaque;
    } observers[4];

    struct fpu fpu;          /* x87 state (cpu/fpu.c) */
    struct xmm xmm;          /* SSE state (cpu/sse*.c, cpu/simd.h) */

    uint32_t cpuid_level;
    int log_unimpl;          /* log unimplemented opcodes (count) */
};
_Static_assert(offsetof(struct cpu, rip) == offsetof(struct cpu, gpr) + 8 * R_RIP,
               "gpr[R_RIP] must be rip");

/* Instructions retired: icount plus those of the running block that
 * completed before the current one (cpu/exec.c). Exact at any point,
 * inside handlers and device callbacks too. */
unsigned cpu_blk_done(const struct cpu *c);
static inline uint64_t cpu_icount(const struct cpu *c)
{
    return c->blk_first ? c->icount + cpu_blk_done(c) : c->icount;
}
/* Folds the running block's progress into icount; the block does not
 * continue (a fault is being raised). */
static inline void cpu_icount_sync(struct cpu *c)
{
    if (c->blk_first) {
        c->icount += cpu_blk_done(c);
        c->blk_first = NULL;
    }
}
/* Ends the running block after the current instruction. */
static inline void cpu_end_block(struct cpu *c)
{
    c->blk_end = 0;
}

/* ---- registers ---- */
#define R64(c, r) ((c)->gpr[(r)])
static inline uint8_t *cpu_reg8p(struct cpu *c, unsigned r)
{
    /* 0-15 low byte; REG8_AH..REG8_BH bits 15:8 of AX..BX (little-endian host) */
    if (r < 16)
        return (uint8_t *)&c->gpr[r];
    return (uint8_t *)&c->gpr[r - REG8_AH] + 1;
}
static inline uint8_t cpu_get8(struct cpu *c, unsigned r) { return *cpu_reg8p(c, r); }
static inline void cpu_set8(struct cpu *c, unsigned r, uint8_t v) { *cpu_reg8p(c, r) = v; }
/* 16-bit reads and writes are 16-bit host accesses, so that a read after
 * a write is forwarded from the store (a wider load after a narrower
 * store stalls) */
static inline uint16_t cpu_get16(struct cpu *c, unsigned r)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint16_t v;
    __builtin_memcpy(&v, &c->gpr[r], sizeof v);
    return v;
#else
    return (uint16_t)c->gpr[r];
#endif
}
static inline void cpu_set16(struct cpu *c, unsigned r, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    __builtin_memcpy(&c->gpr[r], &v, sizeof v);
#else
    c->gpr[r] = (c->gpr[r] & ~0xFFFFull) | v;
#endif
}
static inline uint32_t cpu_get32(struct cpu *c, unsigned r) { return (uint32_t)c->gpr[r]; }
/* 32-bit register writes zero-extend to 64 bits (SDM Vol.1 3.4.1.1) */
static inline void cpu_set32(struct cpu *c, unsigned r, uint32_t v) { c->gpr[r] = v; }
static inline uint64_t cpu_get64(struct cpu *c, unsigned r) { return c->gpr[r]; }
static inline void cpu_set64(struct cpu *c, unsigned r, uint64_t v) { c->gpr[r] = v; }

/* Effective address (offset within the segment) of a memory operand. */
static inline uint64_t cpu_ea(const struct cpu *c, const struct insn *i)
{
    /* RIP-relative: base R_RIP reads rip, the next instruction's address */
    uint64_t ea = c->gpr[i->base] + (c->gpr[i->index] << i->scale) + (uint64_t)(int64_t)i->disp;
    return ea & i->amask;
}

/* The same for an operand without an index register. */
static inline uint64_t cpu_ea_bd(const struct cpu *c, const struct insn *i)
{
    return (c->gpr[i->base] + (uint64_t)(int64_t)i->disp) & i->amask;
}

/* ---- exceptions (cpu/exception.c) ---- */
_Noreturn void cpu_fault(struct cpu *c, int vec, uint32_t err);       /* with error code */
_Noreturn void cpu_fault_noerr(struct cpu *c, int vec);               /* without */
#define cpu_ud(c) cpu_fault_noerr((c), EXC_UD)
#define cpu_gp0(c) cpu_fault((c), EXC_GP, 0)
/* Handler for opcodes whose handler is missing: logs and raises #UD. */
void cpu_unimplemented(struct cpu *c, const struct insn *i);
/* Deliver an interrupt or exception now (used by the loop and INT n).
 * kind: INT_EXT (hardware), INT_SOFT (INT n/INT3/INTO), INT_EXC. */
enum { INT_EXT = 0, INT_SOFT, INT_EXC, INT_ICEBP };
void cpu_deliver(struct cpu *c, int vec, int kind, bool has_err, uint32_t err);

/* ---- memory access through segments (cpu/access.c); may fault ----
 * cpu_readN/cpu_writeN are inline: the fast path checks an expand-up data
 * segment (present; writable for writes) and its limit, or the canonical
 * form in 64-bit mode, then compares the TLB tag and uses the host
 * pointer. Everything else (other segment types, real-mode details,
 * faults, TLB misses, MMIO, code pages, page-crossing accesses, alignment
 * checks, debug observers) goes to cpu_readN_slow/cpu_writeN_slow, which
 * do the full checks of seg_linear() and the translation. */
uint8_t cpu_read8_slow(struct cpu *c, int seg, uint64_t off);
uint16_t cpu_read16_slow(struct cpu *c, int seg, uint64_t off);
uint32_t cpu_read32_slow(struct cpu *c, int seg, uint64_t off);
uint64_t cpu_read64_slow(struct cpu *c, int seg, uint64_t off);
void cpu_write8_slow(struct cpu *c, int seg, uint64_t off, uint8_t v);
void cpu_write16_slow(struct cpu *c, int seg, uint64_t off, uint16_t v);
void cpu_write32_slow(struct cpu *c, int seg, uint64_t off, uint32_t v);
void cpu_write64_slow(struct cpu *c, int seg, uint64_t off, uint64_t v);

/* Linear address of the access at off in seg when the inline checks accept
 * it (and no checked path is needed), else false. Neither the canonical
 * form (64-bit mode) nor page crossing is checked here: the caller compares
 * the TLB tag of lin's slot with the page of the access's last byte, which
 * never matches for an access that crosses a page (the next page has
 * another slot) or for a non-canonical address (the TLB only holds
 * translations of canonical ones), so those go to the slow path. */
/* With acc_check set: only CR0.AM (2) lets an access through inline,
 * unless it could raise #AC (misaligned, CPL 3, EFLAGS.AC: SDM Vol.3
 * 6.15); data breakpoints and observers always take the checked path.
 * Linux runs with CR0.AM set, so this keeps its accesses inline. */
static inline __attribute__((always_inline)) bool cpu_acc_ok(const struct cpu *c, uint64_t lin,
                                                             unsigned len)
{
    if (__builtin_expect(c->acc_check == 0, 1))
        return true;
    return c->acc_check == 2u && !((lin & (len - 1)) && c->cpl == 3 && (c->eflags & F_AC));
}
static inline __attribute__((always_inline)) bool cpu_acc_lin(struct cpu *c, int seg, uint64_t off,
                                                              unsigned len, bool write, uint64_t *linp)
{
    const struct seg *s = &c->seg[seg];
    uint64_t lin;
    if (c->dmode == DMODE_64) {
        lin = off + (seg >= SEG_FS ? s->base : 0);
    } else {
        /* present, data (bit 3 clear), expand-up (bit 2 clear), writable */
        unsigned want = write ? (SA_P | 2u) : SA_P;
        if ((s->attr & (SA_P | 0xCu | (write ? 2u : 0u))) != want || off + len - 1 > s->limit)
            return false;
        lin = (s->base + off) & 0xFFFFFFFFull;
    }
    if (!cpu_acc_ok(c, lin, len)) /* alignment checks, data breakpoints, observers */
        return false;
    *linp = lin;
    return true;
}
/* The TLB tag an access of len bytes at lin hits: its last byte's page. */
static inline __attribute__((always_inline)) uint64_t cpu_acc_tag(uint64_t lin, unsigned len)
{
    return (lin + len - 1) & ~0xFFFull;
}

/* Host pointer for an access of len bytes at seg:off when the inline
 * segment checks pass and the TLB has a host pointer for it (for a write:
 * a writable, dirty RAM page without decoded code), else NULL: then the
 * caller takes the checked path. */
static inline __attribute__((always_inline)) void *cpu_host_ptr(struct cpu *c, int seg, uint64_t off,
                                                                unsigned len, bool write)
{
    uint64_t lin;
    if (__builtin_expect(!cpu_acc_lin(c, seg, off, len, write, &lin), 0))
        return NULL;
    const struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, c->cpl == 3);
    if (__builtin_expect((write ? e->tag_w : e->tag_r) != cpu_acc_tag(lin, len), 0))
        return NULL;
    return (void *)(uintptr_t)(lin + e->addend);
}

#define CPU_ACC_INLINE(bits)                                                      \
    static inline __attribute__((always_inline)) uint##bits##_t cpu_read##bits(struct cpu *c, int seg, uint64_t off) \
    {                                                                             \
        const void *p = cpu_host_ptr(c, seg, off, bits / 8, false);               \
        if (__builtin_expect(p != NULL, 1)) {                                     \
            uint##bits##_t v;                                                     \
            __builtin_memcpy(&v, p, sizeof v);                                    \
            return v;                                                             \
        }                                                                         \
        return cpu_read##bits##_slow(c, seg, off);                                \
    }                                                                             \
    static inline __attribute__((always_inline)) void cpu_write##bits(struct cpu *c, int seg, uint64_t off, uint##bits##_t v) \
    {                                                                             \
        void *p = cpu_host_ptr(c, seg, off, bits / 8, true);                      \
        if (__builtin_expect(p != NULL, 1)) {                                     \
            __builtin_memcpy(p, &v, sizeof v);                                    \
            return;                                                               \
        }                                                                         \
        cpu_write##bits##_slow(c, seg, off, v);                                   \
    }
CPU_ACC_INLINE(8)
CPU_ACC_INLINE(16)
CPU_ACC_INLINE(32)
CPU_ACC_INLINE(64)
#undef CPU_ACC_INLINE
/* Checks that [off, off+len) is writable/readable without accessing it
 * (for instructions that must fault before changing any state). */
void cpu_check_write(struct cpu *c, int seg, uint64_t off, unsigned len);
void cpu_check_read(struct cpu *c, int seg, uint64_t off, unsigned len);
/* Linear-address access (descriptor tables, IVT): no segment checks. */
uint8_t cpu_lread8_slow(struct cpu *c, uint64_t lin);
uint16_t cpu_lread16_slow(struct cpu *c, uint64_t lin);
uint32_t cpu_lread32_slow(struct cpu *c, uint64_t lin);
uint64_t cpu_lread64_slow(struct cpu *c, uint64_t lin);
/* Inline: a supervisor-mode TLB hit with a host pointer. */
#define CPU_LREAD_INLINE(bits)                                                    \
    static inline uint##bits##_t cpu_lread##bits(struct cpu *c, uint64_t lin)    \
    {                                                                             \
        const struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, false);           \
        if (__builtin_expect(e->tag_r == cpu_acc_tag(lin, bits / 8), 1)) {        \
            uint##bits##_t v;                                                     \
            __builtin_memcpy(&v, (const void *)(uintptr_t)(lin + e->addend), sizeof v); \
            return v;                                                             \
        }                                                                         \
        return cpu_lread##bits##_slow(c, lin);                                    \
    }
CPU_LREAD_INLINE(8)
CPU_LREAD_INLINE(16)
CPU_LREAD_INLINE(32)
CPU_LREAD_INLINE(64)
#undef CPU_LREAD_INLINE
void cpu_lwrite16(struct cpu *c, uint64_t lin, uint16_t v);
void cpu_lwrite32(struct cpu *c, uint64_t lin, uint32_t v);

/* ---- access observers (cpu/observe.c) ---- */
/* Adds/removes an observer called before each data access (linear address,
 * size, write?). An observer may raise a fault (#DB) or stop the CPU. */
int cpu_add_observer(struct cpu *c, void (*fn)(void *, struct cpu *, uint64_t, unsigned, bool),
                     void *opaque);
void cpu_remove_observer(struct cpu *c, void (*fn)(void *, struct cpu *, uint64_t, unsigned, bool),
                         void *opaque);
void cpu_observe(struct cpu *c, uint64_t lin, unsigned len, bool write);

/* ---- stack: SS's B bit / 64-bit mode give the width of SP ----
 * A push writes memory before SP changes and a pop reads memory before SP
 * changes, so a fault leaves the registers untouched. */
/* stack pointer mask for the current stack width */
static inline __attribute__((always_inline)) uint64_t cpu_sp_mask(const struct cpu *c)
{
    if (c->dmode == DMODE_64)
        return ~0ull;
    return (c->seg[SEG_SS].attr & SA_DB) ? 0xFFFFFFFFull : 0xFFFFull;
}
/* The checked pushes and pops (cpu/access.c), and inline ones that write
 * or read through a host pointer when the inline checks give one. */
void cpu_push16_slow(struct cpu *c, uint16_t v);
void cpu_push32_slow(struct cpu *c, uint32_t v);
void cpu_push64_slow(struct cpu *c, uint64_t v);
uint16_t cpu_pop16_slow(struct cpu *c);
uint32_t cpu_pop32_slow(struct cpu *c);
uint64_t cpu_pop64_slow(struct cpu *c);
#define CPU_STACK_INLINE(bits)                                                    \
    static inline void cpu_push##bits(struct cpu *c, uint##bits##_t v)            \
    {                                                                             \
        uint64_t m = cpu_sp_mask(c);                                              \
        uint64_t sp = (c->gpr[R_SP] - bits / 8) & m;                              \
        void *p = cpu_host_ptr(c, SEG_SS, sp, bits / 8, true);                    \
        if (__builtin_expect(!p, 0)) {                                            \
            cpu_push##bits##_slow(c, v);                                          \
            return;                                                               \
        }                                                                         \
        __builtin_memcpy(p, &v, sizeof v);                                        \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | sp;                                  \
    }                                                                             \
    static inline uint##bits##_t cpu_pop##bits(struct cpu *c)                     \
    {                                                                             \
        uint64_t m = cpu_sp_mask(c);                                              \
        uint64_t sp = c->gpr[R_SP] & m;                                           \
        const void *p = cpu_host_ptr(c, SEG_SS, sp, bits / 8, false);             \
        if (__builtin_expect(!p, 0))                                              \
            return cpu_pop##bits##_slow(c);                                       \
        uint##bits##_t v;                                                         \
        __builtin_memcpy(&v, p, sizeof v);                                        \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | ((sp + bits / 8) & m);               \
        return v;                                                                 \
    }
CPU_STACK_INLINE(16)
CPU_STACK_INLINE(32)
CPU_STACK_INLINE(64)
#undef CPU_STACK_INLINE

/* ---- segments (cpu/seg.c) ---- */
/* Loads a segment register as MOV/POP/LxS would in the current mode;
 * faults as the SDM says. */
void cpu_load_seg(struct cpu *c, int seg, uint16_t sel);
/* Real-mode/V86 style load: base = sel << 4, limit and attributes kept. */
void cpu_load_seg_real(struct cpu *c, int seg, uint16_t sel);
/* Far control transfer target load of CS (real mode: plain; PM: checks). */
void cpu_load_cs(struct cpu *c, uint16_t sel, uint64_t rip);
/* Recomputes mode, cpl and decoder mode after CR0/EFER/CS/EFLAGS.VM changes. */
void cpu_update_mode(struct cpu *c);

/* ---- flags (cpu/flags.c) ---- */
uint32_t cpu_get_eflags(struct cpu *c);           /* full EFLAGS */
void cpu_set_status(struct cpu *c, uint32_t f);   /* set the six status flags */
/* Writes EFLAGS bits selected by mask (status flags included); keeps bit 1 set. */
void cpu_write_eflags(struct cpu *c, uint32_t v, uint32_t mask);
/* The flags, each from the two words whatever set them. */
static inline __attribute__((always_inline)) bool cpu_cf(const struct cpu *c)
{
    return c->lf.aux >> LF_CF_BIT;
}
static inline __attribute__((always_inline)) bool cpu_of(const struct cpu *c)
{
    return ((c->lf.aux >> LF_CF_BIT) ^ (c->lf.aux >> LF_PO_BIT)) & 1;
}
static inline __attribute__((always_inline)) bool cpu_zf(const struct cpu *c)
{
    return c->lf.res == 0;
}
static inline __attribute__((always_inline)) bool cpu_sf(const struct cpu *c)
{
    return ((c->lf.res >> 63) ^ c->lf.aux) & 1;
}
static inline __attribute__((always_inline)) bool cpu_af(const struct cpu *c)
{
    return (c->lf.aux & LF_AF_MASK) != 0;
}
static inline __attribute__((always_inline)) bool cpu_pf(const struct cpu *c)
{
    /* even number of one bits in the low byte of the result */
    return !(__builtin_popcount((unsigned)((c->lf.res ^ (c->lf.aux >> LF_PDB_SHIFT)) & 0xFF)) & 1);
}
/* Jcc/SETcc/CMOVcc condition 0..15 (SDM Vol.1 Appendix B). */
static inline __attribute__((always_inline)) bool cpu_cond(const struct cpu *c, unsigned cc)
{
    bool r;
    switch ((cc >> 1) & 7) {
    case 0: r = cpu_of(c); break;                                 /* O */
    case 1: r = cpu_cf(c); break;                                 /* B */
    case 2: r = cpu_zf(c); break;                                 /* E */
    case 3: r = cpu_cf(c) | cpu_zf(c); break;                     /* BE */
    case 4: r = cpu_sf(c); break;                                 /* S */
    case 5: r = cpu_pf(c); break;                                 /* P */
    case 6: r = cpu_sf(c) ^ cpu_of(c); break;                     /* L */
    default: r = cpu_zf(c) | (cpu_sf(c) ^ cpu_of(c)); break;      /* LE */
    }
    return r ^ (cc & 1);
}

/* CF, CF^OF and AF in aux from a carry-out (or borrow-out) vector: bit k
 * is the carry out of bit k of a size-byte operation. */
static inline __attribute__((always_inline)) uint64_t lf_aux_cout(uint64_t cout, unsigned size)
{
    return (cout & LF_AF_MASK) | ((cout << (64 - size * 8)) & (3ull << LF_PO_BIT));
}
static inline __attribute__((always_inline)) uint64_t lf_sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;
    return (uint64_t)((int64_t)(v << sh) >> sh);
}
/* aux with the given CF and OF and nothing else */
static inline __attribute__((always_inline)) uint64_t lf_aux_cf_of(uint64_t cf, uint64_t of)
{
    return (cf << LF_CF_BIT) | ((cf ^ of) << LF_PO_BIT);
}

/* Records the flags of an operation of size bytes: res = a op b truncated
 * to the size (ADC/SBB: the carry-in already in res; shifts: b is the
 * masked count, nonzero). op is a constant at nearly every call, so only
 * its case remains. */
static inline __attribute__((always_inline)) void cpu_lf(struct cpu *c, enum lf_op op,
                                                         unsigned size, uint64_t res,
                                                         uint64_t a, uint64_t b)
{
    unsigned bits = size * 8;
    uint64_t aux = 0, cf, of;
    switch (op) {
    case LF_ADD: case LF_ADC:
        aux = lf_aux_cout((a & b) | ((a | b) & ~res), size);
        break;
    case LF_SUB: case LF_SBB:
        aux = lf_aux_cout((~a & b) | (~(a ^ b) & res), size);
        break;
    case LF_NEG: /* 0 - a */
        aux = lf_aux_cout(a | res, size);
        break;
    case LF_INC: /* CF is kept (SDM Vol.2 INC, DEC); OF: the result is the
                    most negative value; AF: the low nibble wrapped */
        of = lf_sext(res, size) == ~0ull << (bits - 1);
        aux = lf_aux_cf_of(c->lf.aux >> LF_CF_BIT, of) | ((res & 0xF) == 0 ? LF_AF_MASK : 0);
        break;
    case LF_DEC: /* OF: the result is the most positive value */
        of = (res & (~0ull >> (64 - bits))) == ~0ull >> (65 - bits);
        aux = lf_aux_cf_of(c->lf.aux >> LF_CF_BIT, of) | ((res & 0xF) == 0xF ? LF_AF_MASK : 0);
        break;
    case LF_SHL: /* CF: the last bit out; OF: MSB(res) ^ CF (AF: 0) */
        cf = b <= bits ? (a >> (bits - b)) & 1 : 0;
        of = ((res >> (bits - 1)) & 1) ^ cf;
        aux = lf_aux_cf_of(cf, of);
        break;
    case LF_SHR: /* OF: the two top bits of the result XORed */
        cf = b <= bits ? (a >> (b - 1)) & 1 : 0;
        of = ((res ^ (res << 1)) >> (bits - 1)) & 1;
        aux = lf_aux_cf_of(cf, of);
        break;
    case LF_SAR: /* everything shifted out past the width is the sign */
        cf = (a >> (b < bits ? b - 1 : bits - 1)) & 1;
        aux = lf_aux_cf_of(cf, 0);
        break;
    case LF_LOGIC: case LF_NONE:
        break;
    }
    c->lf.res = lf_sext(res, size);
    c->lf.aux = aux;
}
/* Sets CF and OF, keeping SF ZF AF PF (rotates, MUL, ...). */
static inline void cpu_set_cf_of(struct cpu *c, bool cf, bool of)
{
    c->lf.aux = (c->lf.aux & ~(3ull << LF_PO_BIT)) | lf_aux_cf_of(cf, of);
}
/* Sets CF alone (BT, CLC, STC, CMC, ...). */
static inline void cpu_set_cf(struct cpu *c, bool cf)
{
    cpu_set_cf_of(c, cf, cpu_of(c));
}

/* ---- control transfer (cpu/control.c) ---- */
/* Near branch to target (already truncated to the operand size): checks the
 * CS limit (#GP(0)) outside 64-bit mode, canonical form in 64-bit mode. */
void cpu_branch(struct cpu *c, uint64_t target);

/* ---- ports (cpu/io.c) ---- */
static inline uint32_t cpu_port_in(struct cpu *c, uint16_t port, int size)
{
    if (!c->port_in)
        return size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFFFFFFu;
    return c->port_in(c->mach, port, size);
}
static inline void cpu_port_out(struct cpu *c, uint16_t port, int size, uint32_t v)
{
    if (c->port_out)
        c->port_out(c->mach, port, size, v);
}
/* I/O permission check (IOPL/TSS bitmap in protected mode); may fault. */
void cpu_io_check(struct cpu *c, uint16_t port, unsigned size);

/* ---- life cycle and execution (cpu/cpu.c, cpu/exec.c) ---- */
struct cpu *cpu_new(struct machine *m, struct phys *p);
void cpu_free(struct cpu *c);
void cpu_reset(struct cpu *c);
/* Runs until icount reaches insn_budget, the CPU halts with nothing pending,
 * or stop is set. Returns the number of instructions executed. */
uint64_t cpu_run(struct cpu *c);
/* Executes exactly one instruction (or delivers one pending event). */
void cpu_step(struct cpu *c);
/* Invalidate decoded code in a physical range (called on writes to code pages). */
void cpu_code_written(struct cpu *c, uint64_t pa, unsigned len);
/* Flush TLB (after CR0/CR3/CR4/A20 changes). */
void cpu_tlb_flush(struct cpu *c);

#endif
