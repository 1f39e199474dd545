/* memory/tlb.c: software TLB maintenance. */
#include "memory/tlb.h"

static void drop(struct tlb_entry *e)
{
    e->tag_r = e->tag_w = e->tag_x = TLB_INVALID;
    e->xtag_r = e->xtag_w = e->xtag_x = TLB_INVALID;
    e->page = TLB_INVALID;
    e->addend = 0;
    e->phys = 0;
    e->lmask = ~0xFFFull;
    e->global = false;
}

void tlb_flush(struct tlb *t)
{
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++)
        drop(&t->e[i]);
    t->large = 0;
    t->epoch++;
}

void tlb_flush_nonglobal(struct tlb *t)
{
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++)
        if (!t->e[i].global)
            drop(&t->e[i]);
    t->epoch++;
}

void tlb_invlpg(struct tlb *t, uint64_t lin)
{
    t->epoch++;
    if (!t->large) {
        /* only 4 KiB entries: the two slots of this page */
        for (unsigned u = 0; u < 2; u++) {
            struct tlb_entry *e = tlb_slot_priv(t, lin, u);
            if (e->page == (lin & ~0xFFFull))
                drop(e);
        }
        return;
    }
    /* a large page is cached as many 4 KiB entries: drop all of them */
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++) {
        struct tlb_entry *e = &t->e[i];
        if (e->page != TLB_INVALID && (e->page & e->lmask) == (lin & e->lmask))
            drop(e);
    }
}

void tlb_claim(struct tlb *t, struct tlb_entry *e, uint64_t page, uint64_t phys,
               uint64_t page_size, bool global)
{
    if (e->page != page || e->phys != phys)
        drop(e);
    e->page = page;
    e->phys = phys;
    e->lmask = ~(page_size - 1);
    e->global = global;
    if (page_size > 4096)
        t->large++;
}

void tlb_protect_phys(struct tlb *t, uint64_t pa)
{
    uint64_t page = pa & ~0xFFFull;
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++)
        if (t->e[i].phys == page)
            t->e[i].tag_w = TLB_INVALID;
}
