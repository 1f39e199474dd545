/* memory/tlb.c: software TLB maintenance. */
#include "memory/tlb.h"

static void drop(struct tlb *t, unsigned i)
{
    struct tlb_entry *e = &t->e[i];
    struct tlb_meta *m = &t->m[i];
    e->tag_r = e->tag_w = e->tag_x = TLB_INVALID;
    e->xtag_r = e->xtag_w = e->xtag_x = TLB_INVALID;
    e->addend = 0;
    e->phys = 0;
    m->page = TLB_INVALID;
    m->lmask = ~0xFFFull;
    m->global = false;
}

void tlb_flush(struct tlb *t)
{
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++)
        drop(t, i);
    t->large = 0;
    t->epoch++;
}

void tlb_flush_nonglobal(struct tlb *t)
{
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++)
        if (!t->m[i].global)
            drop(t, i);
    t->epoch++;
}

void tlb_invlpg(struct tlb *t, uint64_t lin)
{
    t->epoch++;
    if (!t->large) {
        /* only 4 KiB entries: the two slots of this page */
        for (unsigned u = 0; u < 2; u++) {
            unsigned i = (unsigned)(tlb_slot_priv(t, lin, u) - t->e);
            if (t->m[i].page == (lin & ~0xFFFull))
                drop(t, i);
        }
        return;
    }
    /* a large page is cached as many 4 KiB entries: drop all of them */
    for (unsigned i = 0; i < 2 * TLB_SIZE; i++) {
        const struct tlb_meta *m = &t->m[i];
        if (m->page != TLB_INVALID && (m->page & m->lmask) == (lin & m->lmask))
            drop(t, i);
    }
}

void tlb_claim(struct tlb *t, struct tlb_entry *e, uint64_t page, uint64_t phys,
               uint64_t page_size, bool global)
{
    unsigned i = (unsigned)(e - t->e);
    struct tlb_meta *m = &t->m[i];
    if (m->page != page || e->phys != phys)
        drop(t, i);
    m->page = page;
    e->phys = phys;
    m->lmask = ~(page_size - 1);
    m->global = global;
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
