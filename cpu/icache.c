/* cpu/icache.c: decoded-instruction cache storage. */
#include "cpu/icache.h"

#include <stdlib.h>

struct icache *icache_new(uint64_t ram_size, unsigned bits)
{
    struct icache *ic = calloc(1, sizeof *ic);
    if (!ic)
        return NULL;
    ic->mask = (1u << bits) - 1;
    ic->e = calloc((size_t)ic->mask + 1, sizeof *ic->e);
    ic->npages = (ram_size + 4095) >> 12;
    ic->page_gen = calloc(ic->npages ? ic->npages : 1, sizeof *ic->page_gen);
    if (!ic->e || !ic->page_gen) {
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
    free(ic->e);
    free(ic->page_gen);
    free(ic);
}

void icache_flush(struct icache *ic)
{
    for (uint32_t i = 0; i <= ic->mask; i++)
        ic->e[i].pa = ~0ull;
}
