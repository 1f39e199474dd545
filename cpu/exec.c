/* cpu/exec.c: the fetch-decode-execute loop.
 *
 * The loop looks the instruction at CS:RIP up in the decoded-instruction
 * cache (physical address + decoder mode), decodes it on a miss, advances
 * RIP past it and calls its handler. Faults longjmp back here after the
 * exception has been delivered (cpu/exception.c). External interrupts are
 * taken between instructions when IF=1 and no interrupt shadow is active.
 */
#include <stdio.h>

#include "cpu/cpu.h"
#include "cpu/handlers.h"
#include "cpu/icache.h"
#include "cpu/prot.h"
#include "machine/log.h"
#include "memory/phys.h"

unsigned cpu_fetch_bytes(struct cpu *c, uint8_t *buf, unsigned max, uint64_t *pa,
                         uint64_t *pa2, bool want_second);

/* Handler for byte sequences the decoder rejected. */
static void exec_decode_ud(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_ud(c);
}

static void exec_too_long(struct cpu *c, const struct insn *i)
{
    (void)i;
    cpu_gp0(c); /* SDM Vol.2 2.3.11: more than 15 bytes -> #GP(0) */
}

uint64_t cpu_fetch_pa(struct cpu *c);

/* cpu_fetch_pa() with the fetch-TLB hit inline. */
static inline uint64_t fetch_pa(struct cpu *c)
{
    const struct seg *cs = &c->seg[SEG_CS];
    uint64_t lin = c->rip;
    if (c->dmode != DMODE_64) {
        if (c->rip > cs->limit)
            return cpu_fetch_pa(c); /* #GP */
        lin = (cs->base + c->rip) & 0xFFFFFFFFull;
    }
    const struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, c->cpl == 3);
    if (e->xtag_x == (lin & ~0xFFFull))
        return (e->phys | (lin & 0xFFF)) & c->phys->a20_mask;
    return cpu_fetch_pa(c);
}

/* Does this instruction end a block? Branches and serializing
 * instructions (mode, IF, interrupt shadow, segment and paging changes),
 * repeated string instructions (they go back to themselves to let events
 * in between batches) and port output (a device may raise an interrupt
 * that is due right after it). */
static bool ends_block(const struct insn *in)
{
    uint32_t a = opdesc_table[in->op].attr;
    if (a & (A_BRANCH | A_SERIAL))
        return true;
    if ((a & A_STRING) && in->rep)
        return true;
    switch (in->op) {
    case IOP_OUT_IbAL: case IOP_OUT_IbeAX: case IOP_OUT_DXAL: case IOP_OUT_DXeAX:
    case IOP_OUTSB: case IOP_OUTS:
        return true;
    default:
        return false;
    }
}

/* Highest offset the code at CS:RIP may reach without a limit check per
 * instruction: the CS limit, and IP's 16-bit wrap with a 16-bit code size. */
static inline uint64_t code_limit(const struct cpu *c)
{
    uint64_t lim = c->seg[SEG_CS].limit;
    if (c->dmode == DMODE_16 && lim > 0xFFFF)
        lim = 0xFFFF;
    return lim;
}

/* Decodes the block at CS:RIP (physical address pa) into slot. Returns
 * NULL when not even its first instruction can be kept in a block (it
 * crosses the page end or the CS limit, or does not decode): the
 * per-instruction path handles those. */
static struct block *block_build(struct cpu *c, uint64_t pa, struct block *slot)
{
    struct icache *ic = c->icache;
    uint8_t buf[ICACHE_BLOCK_MAX * 15];
    unsigned max = sizeof buf;
    if (c->dmode == DMODE_16) {
        uint64_t room = 0x10000 - (c->rip & 0xFFFF);
        if (room < max)
            max = (unsigned)room;
    }
    uint64_t pa0, pa2;
    unsigned n = cpu_fetch_bytes(c, buf, max, &pa0, &pa2, false);
    struct insn *arr = icache_alloc(ic, ICACHE_BLOCK_MAX);
    if (!arr) {
        ic->flushes++;
        icache_flush(ic); /* slot stays a valid table entry */
        arr = icache_alloc(ic, ICACHE_BLOCK_MAX);
    }
    unsigned k = 0, off = 0;
    while (k < ICACHE_BLOCK_MAX && off < n) {
        struct insn *in = &arr[k];
        int r = decode(in, buf + off, n - off, c->dmode);
        if (r <= 0)
            break; /* left to the per-instruction path */
        in->exec = cpu_handler_insn(in);
        in->chain = cpu_chain_of(in->exec);
        in->boff = (uint16_t)off;
        off += (unsigned)r;
        k++;
        if (ends_block(in))
            break;
    }
    icache_trim(ic, ICACHE_BLOCK_MAX, k);
    if (k)
        arr[k - 1].chain = arr[k - 1].exec; /* nothing follows the last record */
    c->tlb.epoch++; /* links may point at the slot being replaced */
    if (k == 0)
        return NULL;
    phys_mark_code(c->phys, pa);
    tlb_protect_phys(&c->tlb, pa);
    slot->pa = pa;
    slot->gen = icache_gen(ic, pa);
    slot->dmode = (uint8_t)c->dmode;
    slot->n = (uint8_t)k;
    slot->bytes = (uint16_t)off;
    slot->insn = arr;
    /* far transfers change CS: the next block is looked up afresh */
    const struct insn *last = &arr[k - 1];
    slot->linkable = !(opdesc_table[last->op].attr & A_SERIAL) && last->op != IOP_CALLF_Ap;
    /* a relative branch back to the block's start: a loop (run_block) */
    bool rel = last->op == IOP_JCC_Jb || last->op == IOP_JCC_Jz || last->op == IOP_JMP_Jb ||
               last->op == IOP_JMP_Jz || last->op == IOP_LOOP_Jb || last->op == IOP_LOOPE_Jb ||
               last->op == IOP_LOOPNE_Jb || last->op == IOP_JCXZ_Jb;
    slot->selfloop = slot->linkable && rel && (uint64_t)((int64_t)off + last->imm) == 0;
    slot->link[0] = slot->link[1] = NULL;
    slot->link_rip[0] = slot->link_rip[1] = ~0ull;
    slot->lepoch = c->tlb.epoch;
    return slot;
}

/* The block at physical address pa, decoded if needed (NULL: see above). */
static inline struct block *block_get(struct cpu *c, uint64_t pa)
{
    struct icache *ic = c->icache;
    struct block *b = icache_slot(ic, pa);
    if (b->pa == pa && b->dmode == c->dmode && b->gen == icache_gen(ic, pa))
        return b;
    return block_build(c, pa, b);
}

static const struct insn *fetch_decode(struct cpu *c)
{
    uint64_t pa = cpu_fetch_pa(c); /* CS limit check and translation of RIP */
    struct block *b = block_get(c, pa);
    /* the whole instruction must still lie within the CS limit */
    if (b && (c->dmode == DMODE_64 || c->rip + b->insn[0].len - 1 <= c->seg[SEG_CS].limit))
        return &b->insn[0];

    uint8_t buf[16];
    uint64_t pa2;
    unsigned n = cpu_fetch_bytes(c, buf, 15, &pa, &pa2, false);
    struct insn in;
    int r = decode(&in, buf, n, c->dmode);
    if (r == DEC_NEED_MORE) {
        /* the instruction continues on the next page or runs into the CS
         * limit: fetch again across the boundary (which may fault) */
        n = cpu_fetch_bytes(c, buf, 15, &pa, &pa2, true);
        r = decode(&in, buf, n, c->dmode);
        if (r == DEC_NEED_MORE)
            cpu_gp0(c); /* ran into the CS limit */
    }
    if (r == DEC_TOO_LONG) {
        in.exec = exec_too_long;
        in.len = 15;
    } else if (r < 0) {
        in.exec = exec_decode_ud;
        if (!in.len)
            in.len = 1;
    } else {
        in.exec = cpu_handler_insn(&in);
    }
    /* not cached, decoded afresh each time so that writes to either page
     * are always seen */
    c->scratch_insn = in;
    return &c->scratch_insn;
}

static bool take_interrupt(struct cpu *c)
{
    if (c->nmi_pending) {
        c->nmi_pending = false;
        c->halted = false;
        c->insn_rip = c->rip;
        cpu_deliver(c, EXC_NMI, INT_EXT, false, 0);
        return true;
    }
    if ((c->eflags & F_IF) && c->intr_pending && c->intr_pending(c->mach)) {
        int vec = c->intr_ack(c->mach);
        if (vec >= 0) {
            c->halted = false;
            c->insn_rip = c->rip;
            cpu_deliver(c, vec, INT_EXT, false, 0);
            return true;
        }
    }
    return false;
}

/* TF was set when the instruction began: #DB after it (SDM Vol.3
 * 17.3.1.4), except that MOV SS/POP SS hold the trap off for one more
 * instruction, and software interrupts whose delivery cleared TF trap
 * in the handler's context instead of here. */
static void single_step_trap(struct cpu *c, const struct insn *in)
{
    if (in->op == IOP_POP_SS || (in->op == IOP_MOV_SwEw && in->reg == SEG_SS)) {
        c->pending_step = true;
        return;
    }
    bool swint = in->op == IOP_INT_Ib || in->op == IOP_INT3 || in->op == IOP_INTO ||
                 in->op == IOP_INT1;
    if (swint && !(c->eflags & F_TF))
        return;
    c->dbg_pending |= 0x4000; /* BS, reported with any breakpoint hits */
    dbg_trap_end(c);
}

static const uint64_t rip_mask[3] = {0xFFFF, 0xFFFFFFFF, ~0ull};

/* One instruction or one event; faults are caught by the caller's setjmp. */
static inline void step_one(struct cpu *c)
{
    if (c->intr_shadow)
        c->intr_shadow = false; /* SDM Vol.3 6.8.3: one instruction of shadow */
    else if (take_interrupt(c))
        return;
    if (c->halted)
        return;
    c->insn_rip = c->rip; /* a fetch fault belongs to this instruction */
    if (c->dbg_armed & 1u)
        dbg_insn_check(c); /* DR0-DR3 instruction breakpoints (fault) */
    bool rf = c->eflags & F_RF;
    const struct insn *in = fetch_decode(c);
    bool tf = (c->eflags & F_TF) || c->pending_step;
    c->pending_step = false;
    /* IP/EIP wrap at the code size (SDM Vol.3 20.1: 16-bit IP in real mode) */
    c->rip = (c->rip + in->len) & rip_mask[c->dmode];
    in->exec(c, in);
    c->icount++;
    /* SDM Vol.3 17.3.1.1: RF is cleared after any instruction completes,
     * except IRET, which loads it */
    if (rf && in->op != IOP_IRET)
        c->eflags &= ~(uint32_t)F_RF;
    if (tf)
        single_step_trap(c, in);
    else if (c->dbg_pending && !c->pending_step)
        dbg_trap_end(c); /* data/I/O breakpoint or task T-bit trap */
}

/* State that needs the per-instruction path: single-step (TF, or a trap
 * held off by MOV SS), RF (cleared after the next instruction), armed
 * debug registers or a #DB trap due, and the interrupt shadow. */
static inline bool need_step(const struct cpu *c)
{
    return ((c->eflags & (F_TF | F_RF)) | c->dbg_armed | c->dbg_pending | c->pending_step |
            c->intr_shadow) != 0;
}

/* Runs the instructions of block b back to back. icount grows by the
 * number run when the block ends; meanwhile cpu_icount() counts from
 * insn_rip, and a fault folds the completed ones in (cpu_icount_sync).
 * A store into decoded code or a reset (cpu_end_block) ends the block
 * after the current instruction; a stop request (exit, debugger) is seen
 * at the block's end: port output, which is how guests ask to exit, ends
 * blocks anyway. The block lies within the CS limit and does not wrap IP,
 * so RIP advances without masking. */
static inline __attribute__((always_inline)) void run_block_body(struct cpu *c, const struct block *b,
                                                                 bool loop)
{
    const struct insn *first = b->insn, *end = first + b->n; /* b may be flushed meanwhile */
    const uint64_t start = c->rip;
    const uint32_t epoch = c->tlb.epoch;
    c->blk_first = first;
    c->blk_n = b->n;
    for (;;) {
        /* the records chain from one to the next (CPU_CHAIN_NEXT) and
         * leave in blk_stop the one they stopped at: the end, or the one
         * after the instruction that cut the block short */
        c->blk_rip = start;
        c->blk_end = (uintptr_t)end;
        c->blk_stop = end; /* unless cut short */
        c->insn_rip = start;
        c->rip = start + first->len;
        first->chain(c, first);
        const struct insn *i = c->blk_stop;
        c->icount += (uint64_t)(i - first);
        /* A loop that branches back to its own start runs again at once
         * when run_loop would find nothing to do in between: the block
         * ran to its end, links (so the halt, single-step and debug state
         * cannot have changed), the link epoch is unchanged, no stop, no
         * event can be taken and the budget has room. */
        if (!loop || c->rip != start || i != end || c->stop || c->tlb.epoch != epoch ||
            b->n > c->insn_budget - c->icount || c->nmi_pending || (c->eflags & F_IF))
            break;
    }
    c->blk_first = NULL;
}

static void run_block(struct cpu *c, const struct block *b)
{
    if (b->selfloop)
        run_block_body(c, b, true);
    else
        run_block_body(c, b, false);
}

/* Instructions of the running block completed before the one at
 * insn_rip. */
unsigned cpu_blk_done(const struct cpu *c)
{
    uint64_t off = c->insn_rip - c->blk_rip, at = 0;
    unsigned k = 0;
    while (k < c->blk_n && at < off)
        at += c->blk_first[k++].len;
    return k;
}

/* The block that follows prev at c->rip, through prev's links. */
static inline uint8_t link_ctx(const struct cpu *c)
{
    return (uint8_t)(c->cpl | (c->dmode << 2));
}

static inline struct block *block_linked(const struct cpu *c, const struct block *prev)
{
    if (prev->lepoch != c->tlb.epoch)
        return NULL;
    unsigned w;
    if (prev->link_rip[0] == c->rip)
        w = 0;
    else if (prev->link_rip[1] == c->rip)
        w = 1;
    else
        return NULL;
    struct block *b = prev->link[w];
    if (!prev->linkable) {
        /* CS, CPL or the mode may have changed: same context, and the
         * block within the CS limit */
        if (prev->link_csbase[w] != c->seg[SEG_CS].base || prev->link_ctx[w] != link_ctx(c))
            return NULL;
        if (c->dmode != DMODE_64 && c->rip + b->bytes - 1 > code_limit(c))
            return NULL;
    }
    return b;
}

/* Remembers that b follows prev at c->rip. */
static inline void block_link(const struct cpu *c, struct block *prev, struct block *b)
{
    if (prev->lepoch != c->tlb.epoch) {
        prev->lepoch = c->tlb.epoch;
        prev->link_rip[0] = prev->link_rip[1] = ~0ull;
        prev->link_next = 0;
    }
    unsigned w = prev->link_next;
    prev->link_next = (uint8_t)(w ^ 1);
    prev->link_rip[w] = c->rip;
    prev->link_csbase[w] = c->seg[SEG_CS].base;
    prev->link_ctx[w] = link_ctx(c);
    prev->link[w] = b;
}

/* The loop proper; returns on budget, stop or a halt with nothing to do.
 * Faults longjmp to cpu_run(), which calls it again (not inlined there:
 * setjmp would keep its variables out of registers).
 *
 * A block that ended with a branch, or ran into its length limit, links
 * to the block that followed it: the next time, the successor is found
 * without translating RIP or looking the block up. A link holds while
 * CS, the mode and the translation of RIP cannot have changed: the
 * previous block ended without a serializing instruction, nothing
 * (interrupt, fault, single step) came in between, and the link epoch
 * (every TLB flush or INVLPG, every decoded block built, every store into
 * decoded code) is unchanged. The CS limit check made when the link was
 * made holds for the same RIP and CS. */
static __attribute__((noinline)) void run_loop(struct cpu *c)
{
    struct block *prev = NULL;
    while (c->icount < c->insn_budget && !c->stop) {
        /* After a linkable block none of these can have changed: HLT, the
         * instructions that change TF, RF, the interrupt shadow or the
         * debug registers, task switches and far transfers all end blocks
         * that are not linkable. */
        if (!prev || !prev->linkable) {
            if (c->halted && !c->intr_shadow) {
                prev = NULL;
                if (!take_interrupt(c))
                    break; /* nothing to wake us: the machine advances time */
                continue;
            }
            if (need_step(c)) {
                prev = NULL;
                step_one(c);
                continue;
            }
        }
        /* events are checked at block boundaries */
        if ((c->nmi_pending || (c->eflags & F_IF)) && take_interrupt(c)) {
            prev = NULL;
            continue;
        }
        struct block *b = prev ? block_linked(c, prev) : NULL;
        if (!b) {
            c->insn_rip = c->rip; /* a fetch fault belongs to this instruction */
            b = block_get(c, fetch_pa(c));
            if (!b || (c->dmode != DMODE_64 && c->rip + b->bytes - 1 > code_limit(c))) {
                prev = NULL;
                step_one(c); /* CS limit faults, odd instructions */
                continue;
            }
            if (prev)
                block_link(c, prev, b);
        }
        if (b->n > c->insn_budget - c->icount) {
            prev = NULL;
            step_one(c); /* exact budget */
            continue;
        }
        run_block(c, b);
        prev = c->blk_end ? b : NULL; /* links only from a block run to its end */
        if (!b->linkable && c->dbg_pending && !c->pending_step) {
            prev = NULL;
            dbg_trap_end(c); /* task T-bit trap after a task switch */
        }
    }
}

uint64_t cpu_run(struct cpu *c)
{
    jmp_buf jb;
    jmp_buf *saved = c->fault_jmp;
    uint64_t start = c->icount;
    c->fault_jmp = &jb;
    if (setjmp(jb)) {
        /* an exception was delivered; the faulting instruction does not
         * retire but the delivery counts as progress */
        c->blk_first = NULL;
        c->icount++;
    }
    run_loop(c);
    c->fault_jmp = saved;
    return c->icount - start;
}

void cpu_step(struct cpu *c)
{
    jmp_buf jb;
    jmp_buf *saved = c->fault_jmp;
    c->fault_jmp = &jb;
    if (setjmp(jb)) {
        c->icount++;
        c->nfaults++;
    } else {
        step_one(c);
    }
    c->fault_jmp = saved;
}

void cpu_unimplemented(struct cpu *c, const struct insn *i)
{
    if (c->log_unimpl < 1000) {
        c->log_unimpl++;
        char text[96];
        disasm(text, sizeof text, i, c->insn_rip);
        log_error(c->mach, "cpu", "unimplemented instruction at %04X:%08llX: %s (%s): #UD",
                  c->seg[SEG_CS].sel, (unsigned long long)c->insn_rip, text,
                  i->op < opdesc_count ? opdesc_table[i->op].name : "?");
    }
    cpu_ud(c);
}

void cpu_code_written(struct cpu *c, uint64_t pa, unsigned len)
{
    uint64_t first = pa >> 12, last = (pa + len - 1) >> 12;
    for (uint64_t pg = first; pg <= last; pg++) {
        icache_page_written(c->icache, pg << 12);
        cpu_end_block(c); /* the running block may be stale: end it */
        c->tlb.epoch++;   /* and links to blocks on the page */
        if (pg < (c->phys->ram_size >> 12))
            c->phys->code_map[pg] = 0; /* no decoded code left on it */
    }
}

void cpu_tlb_flush(struct cpu *c) { tlb_flush(&c->tlb); }
