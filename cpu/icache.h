/* cpu/icache.h: the decoded-instruction cache.
 *
 * Instructions are decoded once and kept in a direct-mapped cache keyed by
 * the physical address of their first byte and the decoder mode. Each RAM
 * page has a generation number; an entry records the generation of the
 * page(s) its bytes came from, and a write to a page that holds decoded
 * code bumps that page's generation, so stale entries miss (self-modifying
 * code, SDM Vol.3 11.6). Pages are marked as code pages in the physical
 * map so that ordinary stores to data pages never pay for this check.
 */
#ifndef EMU_CPU_ICACHE_H
#define EMU_CPU_ICACHE_H

#include <stdint.h>

#include "decoder/insn.h"

struct icache_entry {
    uint64_t pa;      /* physical address of the first byte, or ~0 */
    uint32_t gen;     /* generation of the first page */
    uint32_t gen2;    /* generation of the second page (if the insn crosses) */
    uint8_t dmode;
    uint8_t crosses;  /* bytes came from two pages */
    struct insn insn;
};

struct icache {
    struct icache_entry *e;
    uint32_t mask;
    uint32_t *page_gen; /* per RAM page */
    uint64_t npages;
};

struct icache *icache_new(uint64_t ram_size, unsigned bits);
void icache_free(struct icache *ic);
void icache_flush(struct icache *ic);

static inline uint32_t icache_gen(const struct icache *ic, uint64_t pa)
{
    uint64_t pg = pa >> 12;
    return pg < ic->npages ? ic->page_gen[pg] : 0;
}

static inline struct icache_entry *icache_slot(struct icache *ic, uint64_t pa)
{
    return &ic->e[(pa ^ (pa >> 11)) & ic->mask];
}

/* A write hit a code page: every decoded instruction from it goes stale. */
static inline void icache_page_written(struct icache *ic, uint64_t pa)
{
    uint64_t pg = pa >> 12;
    if (pg < ic->npages)
        ic->page_gen[pg]++;
}

#endif
