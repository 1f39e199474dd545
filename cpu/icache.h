/* cpu/icache.h: the decoded-instruction cache of blocks.
 *
 * A block is a run of decoded instructions starting at one physical
 * address, decoded for one decoder mode, that ends at the first branch,
 * serializing instruction (A_SERIAL: mode, IF, segment or paging side
 * effects), repeated string instruction, port output, undecodable bytes,
 * instruction crossing the page end or the CS limit, or after
 * ICACHE_BLOCK_MAX instructions. Blocks never cross a 4 KiB page.
 *
 * Block headers live in a direct-mapped table keyed by physical address
 * and decoder mode; their instruction records live in one arena that is
 * filled in order and emptied (with the table) when full. Each RAM page
 * has a generation number; a block records the generation of its page,
 * and a write to a page that holds decoded code bumps it, so stale blocks
 * miss (self-modifying code, SDM Vol.3 11.6). Pages are marked as code
 * pages in the physical map, so ordinary stores to data pages never pay
 * for this check.
 */
#ifndef EMU_CPU_ICACHE_H
#define EMU_CPU_ICACHE_H

#include <stdint.h>

#include "decoder/insn.h"

#define ICACHE_BLOCK_MAX 32

struct block {
    uint64_t pa;        /* physical address of the first byte, or ~0 */
    uint32_t gen;       /* generation of the page when decoded */
    uint8_t dmode;      /* decoder mode */
    uint8_t n;          /* instructions, 1..ICACHE_BLOCK_MAX */
    uint16_t bytes;     /* their total length */
    struct insn *insn;  /* n records in the arena */
    /* Links to the blocks that followed this one (a branch's two ways),
     * by the RIP they start at; valid while the link epoch (cpu/exec.c)
     * equals lepoch. A block that ends with an instruction that may change
     * CS, CPL or the mode (not linkable) also keys its links on CS's base
     * and link_ctx (CPL and decoder mode). */
    uint64_t link_rip[2];
    uint64_t link_csbase[2];
    struct block *link[2];
    uint32_t lepoch;
    uint8_t link_ctx[2];
    uint8_t linkable;
    uint8_t selfloop;   /* ends with a relative branch to its own start */
    uint8_t link_next;  /* the way to replace next */
};

struct icache {
    struct block *b;
    uint32_t mask;
    struct insn *arena;
    uint32_t arena_size, arena_used;
    uint32_t *page_gen; /* per RAM page */
    uint64_t npages;
    uint64_t flushes;   /* times the arena filled up (statistics) */
};

struct icache *icache_new(uint64_t ram_size, unsigned bits);
void icache_free(struct icache *ic);
void icache_flush(struct icache *ic);
/* Room for n instruction records in the arena, or NULL when full (the
 * caller flushes and retries). */
struct insn *icache_alloc(struct icache *ic, unsigned n);
/* Gives back the unused tail of the last allocation of n records. */
static inline void icache_trim(struct icache *ic, unsigned n, unsigned used)
{
    ic->arena_used -= n - used;
}

static inline uint32_t icache_gen(const struct icache *ic, uint64_t pa)
{
    uint64_t pg = pa >> 12;
    return pg < ic->npages ? ic->page_gen[pg] : 0;
}

static inline struct block *icache_slot(struct icache *ic, uint64_t pa)
{
    return &ic->b[(pa ^ (pa >> 9)) & ic->mask];
}

/* A write hit a code page: every decoded block from it goes stale. */
static inline void icache_page_written(struct icache *ic, uint64_t pa)
{
    uint64_t pg = pa >> 12;
    if (pg < ic->npages)
        ic->page_gen[pg]++;
}

#endif
