/* memory/tlb.h: the software TLB.
 *
 * Each entry caches the translation of one 4 KiB linear page for reads,
 * writes and instruction fetches separately. A hit gives a host pointer:
 * host = (uint8_t *)(lin + addend). A tag that does not match (or is
 * TLB_INVALID) sends the access down the slow path (page walk, MMIO, ROM,
 * pages holding decoded code for writes).
 */
#ifndef EMU_MEMORY_TLB_H
#define EMU_MEMORY_TLB_H

#include <stdint.h>

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_INVALID 1ull /* never equal to a page-aligned tag */

struct tlb_entry {
    uint64_t tag_r, tag_w, tag_x; /* linear page | privilege, or TLB_INVALID */
    uintptr_t addend;             /* host pointer minus linear address */
    uint64_t phys;                /* physical page */
};

struct tlb {
    struct tlb_entry e[TLB_SIZE];
};

static inline struct tlb_entry *tlb_slot(struct tlb *t, uint64_t lin)
{
    return &t->e[(lin >> 12) & (TLB_SIZE - 1)];
}
void tlb_flush(struct tlb *t);
/* Drops write permission of any entry mapping physical page pa (code page). */
void tlb_protect_phys(struct tlb *t, uint64_t pa);

#endif
