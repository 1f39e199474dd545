/* cpu/icache.c: decoded-block cache storage. */
#include "cpu/icache.h"

#include <stdlib.h>

/* 2^18 instruction records (16 MiB of address space, touched only as
 * blocks are decoded) */
#define ARENA_BITS 18

struct icache *icache_new(uint64_t ram_size, unsigned bits)
{
    struct icache *ic = calloc(1, sizeof *ic);
    if (!ic)
        return NULL;
    ic->mask = (1u << bits) - 1;
    ic->b = calloc((size_t)ic->mask + 1, sizeof *ic->b);
    ic->arena_size = 1u << ARENA_BITS;
    ic->arena = calloc(ic->arena_size, sizeof *ic->arena);
    ic->npages = (ram_size + 4095) >> 12;
    ic->page_gen = calloc(ic->npages ? ic->npages : 1, sizeof *ic->page_gen);
    if (!ic->b || !ic->arena || !ic->page_gen) {
        icache_free(ic);
        return NULL;
    }
    icache_flush(ic);
    return ic;
}

void icache_free(struct icache *ic)
{
    if (!ic)
        return;
    free(ic->b);
    free(ic->arena);
    free(ic->page_gen);
    free(ic);
}

void icache_flush(struct icache *ic)
{
    for (uint32_t i = 0; i <= ic->mask; i++) {
        ic->b[i].pa = ~0ull;
        ic->b[i].insn = NULL;
        ic->b[i].n = 0;
        ic->b[i].link[0] = ic->b[i].link[1] = NULL;
        ic->b[i].link_rip[0] = ic->b[i].link_rip[1] = ~0ull;
    }
    ic->arena_used = 0;
}

struct insn *icache_alloc(struct icache *ic, unsigned n)
{
    if (ic->arena_size - ic->arena_used < n)
        return NULL;
    struct insn *r = &ic->arena[ic->arena_used];
    ic->arena_used += n;
    return r;
}
