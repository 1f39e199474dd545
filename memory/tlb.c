/* memory/tlb.c: software TLB maintenance. */
#include "memory/tlb.h"

void tlb_flush(struct tlb *t)
{
    for (unsigned i = 0; i < TLB_SIZE; i++) {
        t->e[i].tag_r = t->e[i].tag_w = t->e[i].tag_x = TLB_INVALID;
        t->e[i].addend = 0;
        t->e[i].phys = 0;
    }
}

void tlb_protect_phys(struct tlb *t, uint64_t pa)
{
    uint64_t page = pa & ~0xFFFull;
    for (unsigned i = 0; i < TLB_SIZE; i++)
        if (t->e[i].phys == page)
            t->e[i].tag_w = TLB_INVALID;
}
