/* memory/tlb.h: the software TLB.
 *
 * Two direct-mapped arrays, one for supervisor-mode and one for user-mode
 * accesses, so that the two never share a permission decision (SDM Vol.3
 * 4.6). Each entry caches one 4 KiB linear page with two sets of tags per
 * kind of access (read, write, fetch):
 *  - xtag_*: the translation (phys) is valid for that kind of access: the
 *    page walk allowed it, and for writes the dirty flag is already set
 *    (SDM Vol.3 4.8), so a hit never walks the page tables;
 *  - tag_*: additionally a host pointer exists: host = lin + addend. RAM
 *    pages holding decoded code, ROM (for writes) and MMIO have none and
 *    take the slow path through the physical map.
 * A tag equal to the page address is a hit; TLB_INVALID never matches.
 * Entries from large pages remember their size so that INVLPG drops the
 * whole page; global entries (G with CR4.PGE) survive CR3 writes.
 */
#ifndef EMU_MEMORY_TLB_H
#define EMU_MEMORY_TLB_H

#include <stdbool.h>
#include <stdint.h>

#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_INVALID 1ull /* never equal to a page-aligned tag */

/* What an access looks at: 64 bytes, so that a slot is a shift away. */
struct tlb_entry {
    uint64_t tag_r, tag_w, tag_x;    /* linear page with a host pointer, or TLB_INVALID */
    uintptr_t addend;                /* host pointer minus linear address */
    uint64_t phys;                   /* physical page */
    uint64_t xtag_r, xtag_w, xtag_x; /* linear page with a valid translation */
};
_Static_assert(sizeof(struct tlb_entry) == 64, "TLB entries are 64 bytes");
/* What only maintenance looks at, for the entry of the same index. */
struct tlb_meta {
    uint64_t page;                   /* linear page held, or TLB_INVALID */
    uint64_t lmask;                  /* ~(page size - 1) of the mapping */
    bool global;
};

struct tlb {
    struct tlb_entry e[2 * TLB_SIZE]; /* [0, TLB_SIZE): supervisor; then user */
    struct tlb_meta m[2 * TLB_SIZE];
    unsigned large;                   /* entries from large pages since the last flush */
    uint32_t epoch;                   /* bumped by every flush and INVLPG: cached
                                         links between decoded blocks (cpu/exec.c)
                                         made under another epoch are stale */
};

/* Supervisor-mode slot for lin. */
static inline struct tlb_entry *tlb_slot(struct tlb *t, uint64_t lin)
{
    return &t->e[(lin >> 12) & (TLB_SIZE - 1)];
}
/* Slot for lin for a user-mode (user=true) or supervisor-mode access. */
static inline struct tlb_entry *tlb_slot_priv(struct tlb *t, uint64_t lin, bool user)
{
    return &t->e[((unsigned)user << TLB_BITS) | ((lin >> 12) & (TLB_SIZE - 1))];
}
/* Everything, global entries included. */
void tlb_flush(struct tlb *t);
/* Everything but global entries (MOV to CR3). */
void tlb_flush_nonglobal(struct tlb *t);
/* Every entry (both privileges, global or not) whose page, of whatever
 * size, contains lin (INVLPG). */
void tlb_invlpg(struct tlb *t, uint64_t lin);
/* Makes e hold linear page `page` mapped to physical page phys (from a
 * mapping of page_size bytes): a different page or frame drops every tag. */
void tlb_claim(struct tlb *t, struct tlb_entry *e, uint64_t page, uint64_t phys,
               uint64_t page_size, bool global);
/* Drops write permission of any entry mapping physical page pa (code page). */
void tlb_protect_phys(struct tlb *t, uint64_t pa);

#endif
