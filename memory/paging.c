/* memory/paging.c: the page walker and the CPU's MMU hooks.
 *
 * The walk reads every entry first, checks reserved bits level by level
 * and the permissions on the combined rights, and only when the access is
 * allowed sets the accessed flags top down and then the dirty flag of the
 * final entry (SDM Vol.3 4.8). Each flag update is a read-modify-write of
 * the entry as it is in memory at that moment, so that an entry which is
 * also used at another level (recursive mappings) keeps both updates, and
 * it goes through phys_write so that page tables sharing a page with
 * decoded code invalidate that code.
 */
#include "memory/paging.h"

#include <string.h>

#include "cpu/cpu.h"
#include "memory/phys.h"
#include "memory/tlb.h"

enum paging_mode paging_mode(const struct paging_regs *r)
{
    if (!(r->cr0 & PG_CR0_PG))
        return PGM_NONE;
    if (!(r->cr4 & PG_CR4_PAE))
        return PGM_32;
    return (r->efer & PG_EFER_LMA) ? PGM_4LEVEL : PGM_PAE;
}

/* bits lo..hi inclusive */
static uint64_t bits(unsigned hi, unsigned lo)
{
    return ((hi >= 63 ? ~0ull : ((1ull << (hi + 1)) - 1))) & ~((1ull << lo) - 1);
}

/* Physical-address bits of an entry: 12 .. MAXPHYADDR-1 */
static uint64_t addr_bits(unsigned maxphy) { return bits(maxphy - 1, 12); }

/* Reserved bits of a 64-bit entry that all levels share: the address bits
 * above MAXPHYADDR (62:M for PAE paging, SDM Vol.3 tables 4-8..4-11; 51:M
 * for 4-level paging, tables 4-14..4-20) and XD when EFER.NXE=0. */
static uint64_t rsvd64(const struct paging_regs *r, bool four_level)
{
    uint64_t m = four_level ? bits(51, r->maxphy) : bits(62, r->maxphy);
    if (!(r->efer & PG_EFER_NXE))
        m |= PTE_XD;
    return m;
}

bool paging_load_pdptes(struct phys *p, uint64_t cr3, unsigned maxphy, uint64_t pdpte[4])
{
    /* SDM Vol.3 4.4.1: CR3 bits 31:5 locate the 32-byte PDPT; reserved
     * bits of a present PDPTE are 2:1, 8:5 and 63:MAXPHYADDR. */
    uint64_t base = cr3 & 0xFFFFFFE0ull;
    uint64_t rsvd = bits(2, 1) | bits(8, 5) | bits(63, maxphy);
    uint64_t e[4];
    for (int k = 0; k < 4; k++) {
        e[k] = phys_read(p, base + 8u * (unsigned)k, 8);
        if ((e[k] & PTE_P) && (e[k] & rsvd))
            return false;
    }
    memcpy(pdpte, e, sizeof e);
    return true;
}

/* Sets flag f in the entry at pa if it is clear (the locked read-modify-
 * write of SDM Vol.3 4.8); A and D live in the low doubleword. */
static void set_flag(struct phys *p, uint64_t pa, uint64_t f)
{
    uint32_t v = (uint32_t)phys_read(p, pa, 4);
    if (!(v & f))
        phys_write(p, pa, 4, v | (uint32_t)f);
}

static void add_level(struct paging_walk *w, uint64_t pa, uint64_t e)
{
    w->entry_pa[w->levels] = pa;
    w->entry[w->levels] = e;
    w->levels++;
}

bool paging_walk(struct phys *p, const struct paging_regs *r, uint64_t lin, int acc, bool user,
                 bool update, struct paging_walk *w)
{
    memset(w, 0, sizeof *w);
    w->err = -1;
    enum paging_mode mode = paging_mode(r);
    bool wide = mode == PGM_PAE || mode == PGM_4LEVEL;
    bool nxe = wide && (r->efer & PG_EFER_NXE);
    /* SDM Vol.3 4.7: W/R, U/S and (with PAE and NXE) I/D describe the
     * access in every #PF error code. */
    uint32_t acc_err = (acc == PG_WRITE ? PF_W : 0) | (user ? PF_U : 0) |
                       (acc == PG_FETCH && nxe ? PF_ID : 0);

    if (mode == PGM_NONE) {
        w->pa = lin;
        w->page_size = 4096;
        w->user_ok = w->write_ok = w->exec_ok = w->dirty = true;
        return true;
    }

    uint64_t amask = addr_bits(r->maxphy);
    bool rw = true, us = true, xd = false;
    uint64_t leaf = 0, size = 4096;
    int first_a = 0; /* first level that has an accessed flag */

    if (mode == PGM_32) {
        /* SDM Vol.3 4.3: PDE from CR3[31:12] + lin[31:22] */
        uint64_t pde_pa = (r->cr3 & 0xFFFFF000ull) | ((lin >> 20) & 0xFFC);
        uint64_t pde = phys_read(p, pde_pa, 4);
        add_level(w, pde_pa, pde);
        if (!(pde & PTE_P))
            goto not_present;
        rw &= !!(pde & PTE_RW);
        us &= !!(pde & PTE_US);
        if ((pde & PTE_PS) && (r->cr4 & PG_CR4_PSE)) {
            /* 4 MiB page (table 4-4): bits 20:13 give physical bits 39:32
             * with PSE-36, up to MAXPHYADDR; bit 21 and the bits beyond
             * MAXPHYADDR are reserved. */
            unsigned hi = r->pse36 ? (r->maxphy > 40 ? 40 : r->maxphy) : 32;
            uint64_t rsvd = (1ull << 21) | (hi < 40 ? bits(20, 13 + (hi - 32)) : 0);
            if (pde & rsvd)
                goto reserved;
            uint64_t high = ((pde >> 13) & 0xFF) << 32;
            size = 4ull << 20;
            w->pa = (pde & 0xFFC00000ull) | high | (lin & (size - 1));
            leaf = pde;
        } else {
            uint64_t pte_pa = (pde & 0xFFFFF000ull) | ((lin >> 10) & 0xFFC);
            uint64_t pte = phys_read(p, pte_pa, 4);
            add_level(w, pte_pa, pte);
            if (!(pte & PTE_P))
                goto not_present;
            rw &= !!(pte & PTE_RW);
            us &= !!(pte & PTE_US);
            w->pa = (pte & 0xFFFFF000ull) | (lin & 0xFFF);
            leaf = pte;
        }
    } else {
        uint64_t common = rsvd64(r, mode == PGM_4LEVEL);
        uint64_t table;
        if (mode == PGM_PAE) {
            /* SDM Vol.3 4.4.2: the PDPTE comes from the PDPTE registers,
             * checked when they were loaded; it has no R/W, U/S, XD or A. */
            unsigned k = (unsigned)(lin >> 30) & 3;
            uint64_t pdpte = r->pdpte[k];
            add_level(w, (r->cr3 & 0xFFFFFFE0ull) + 8u * k, pdpte);
            first_a = 1;
            if (!(pdpte & PTE_P))
                goto not_present;
            table = pdpte & amask;
        } else {
            /* SDM Vol.3 4.5.4: PML4E from CR3 + lin[47:39], PS reserved */
            uint64_t pml4_pa = (r->cr3 & amask) | ((lin >> 36) & 0xFF8);
            uint64_t e = phys_read(p, pml4_pa, 8);
            add_level(w, pml4_pa, e);
            if (!(e & PTE_P))
                goto not_present;
            if (e & (common | PTE_PS))
                goto reserved;
            rw &= !!(e & PTE_RW);
            us &= !!(e & PTE_US);
            xd |= !!(e & PTE_XD);
            /* PDPTE from lin[38:30]; PS=1 maps a 1 GiB page */
            uint64_t pdpte_pa = (e & amask) | ((lin >> 27) & 0xFF8);
            e = phys_read(p, pdpte_pa, 8);
            add_level(w, pdpte_pa, e);
            if (!(e & PTE_P))
                goto not_present;
            if ((e & common) || ((e & PTE_PS) && (!r->page1g || (e & bits(29, 13)))))
                goto reserved;
            rw &= !!(e & PTE_RW);
            us &= !!(e & PTE_US);
            xd |= !!(e & PTE_XD);
            if (e & PTE_PS) {
                size = 1ull << 30;
                w->pa = (e & amask & ~(size - 1)) | (lin & (size - 1));
                leaf = e;
                goto translated;
            }
            table = e & amask;
        }
        /* PDE from lin[29:21]; PS=1 maps a 2 MiB page (bits 20:13 reserved) */
        uint64_t pde_pa = table | ((lin >> 18) & 0xFF8);
        uint64_t pde = phys_read(p, pde_pa, 8);
        add_level(w, pde_pa, pde);
        if (!(pde & PTE_P))
            goto not_present;
        if ((pde & common) || ((pde & PTE_PS) && (pde & bits(20, 13))))
            goto reserved;
        rw &= !!(pde & PTE_RW);
        us &= !!(pde & PTE_US);
        xd |= !!(pde & PTE_XD);
        if (pde & PTE_PS) {
            size = 2ull << 20;
            w->pa = (pde & amask & ~(size - 1)) | (lin & (size - 1));
            leaf = pde;
        } else {
            /* PTE from lin[20:12] */
            uint64_t pte_pa = (pde & amask) | ((lin >> 9) & 0xFF8);
            uint64_t pte = phys_read(p, pte_pa, 8);
            add_level(w, pte_pa, pte);
            if (!(pte & PTE_P))
                goto not_present;
            if (pte & common)
                goto reserved;
            rw &= !!(pte & PTE_RW);
            us &= !!(pte & PTE_US);
            xd |= !!(pte & PTE_XD);
            w->pa = (pte & amask) | (lin & 0xFFF);
            leaf = pte;
        }
    }

translated:
    /* SDM Vol.3 4.6: user accesses need U/S=1 at every level; writes need
     * R/W=1 at every level for user accesses, and for supervisor ones when
     * CR0.WP=1; fetches need XD=0 at every level when NXE=1. */
    w->page_size = size;
    w->global = (leaf & PTE_G) && (r->cr4 & PG_CR4_PGE);
    w->user_ok = us;
    w->write_ok = (!user || us) && (rw || (!user && !(r->cr0 & PG_CR0_WP)));
    w->exec_ok = (!user || us) && !(nxe && xd);
    w->dirty = !!(leaf & PTE_D);
    bool ok = acc == PG_WRITE ? w->write_ok : acc == PG_FETCH ? w->exec_ok : (!user || us);
    if (!ok) {
        w->err = (int)(PF_P | acc_err);
        return false;
    }
    if (update) {
        for (int k = first_a; k < w->levels; k++)
            set_flag(p, w->entry_pa[k], PTE_A);
        if (acc == PG_WRITE) {
            set_flag(p, w->entry_pa[w->levels - 1], PTE_D);
            w->dirty = true;
        }
    }
    return true;

not_present:
    w->err = (int)acc_err;
    return false;
reserved:
    w->err = (int)(PF_P | PF_RSVD | acc_err);
    return false;
}

/* ---- the CPU's MMU ---- */

#define CR0_CHANGES_PDPTES (CR0_PG | CR0_CD | CR0_NW)
#define CR4_CHANGES_TLB (PG_CR4_PSE | PG_CR4_PAE | PG_CR4_PGE)

void mmu_regs(const struct cpu *c, struct paging_regs *r)
{
    r->cr0 = c->cr0;
    r->cr3 = c->cr3;
    r->cr4 = c->cr4;
    r->efer = c->efer;
    memcpy(r->pdpte, c->pdpte, sizeof r->pdpte);
    r->maxphy = MMU_MAXPHYADDR;
    r->pse36 = true;
    r->page1g = false; /* the models have no 1 GiB pages (CPUID.80000001H:EDX[26] = 0) */
}

static bool pae_legacy(const struct cpu *c)
{
    return (c->cr0 & CR0_PG) && (c->cr4 & PG_CR4_PAE) && !(c->efer & PG_EFER_LMA);
}

void mmu_cr_written(struct cpu *c, int crn, uint64_t old, uint64_t new)
{
    uint64_t chg = old ^ new;
    bool reload = false, all = false, nonglobal = false;
    switch (crn) {
    case 0:
        /* SDM Vol.3 4.10.4.1: changing PG invalidates everything; the TLB
         * holds permission decisions that depend on WP too */
        all = chg & (CR0_PG | CR0_WP);
        reload = chg & CR0_CHANGES_PDPTES;
        break;
    case 3:
        nonglobal = true; /* global entries survive (CR4.PGE) */
        reload = true;
        break;
    case 4:
        all = chg & CR4_CHANGES_TLB;
        reload = chg & CR4_CHANGES_TLB;
        break;
    default:
        return;
    }
    if (reload && pae_legacy(c)) {
        /* SDM Vol.3 4.4.1: these MOVs load the PDPTEs; a reserved bit in a
         * present one is #GP(0) and the register keeps its old value */
        uint64_t pd[4];
        if (!paging_load_pdptes(c->phys, c->cr3, MMU_MAXPHYADDR, pd)) {
            if (crn == 0) {
                c->cr0 = old;
                cpu_update_mode(c);
            } else if (crn == 3) {
                c->cr3 = old;
            } else {
                c->cr4 = old;
            }
            cpu_gp0(c);
        }
        memcpy(c->pdpte, pd, sizeof pd);
    }
    if (all)
        tlb_flush(&c->tlb);
    else if (nonglobal)
        tlb_flush_nonglobal(&c->tlb);
}

void mmu_invlpg(struct cpu *c, uint64_t lin) { tlb_invlpg(&c->tlb, lin); }

bool mmu_translate_debug(struct cpu *c, uint64_t lin, uint64_t *pa, struct paging_walk *w)
{
    struct paging_regs r;
    mmu_regs(c, &r);
    bool ok = paging_walk(c->phys, &r, lin, PG_READ, false, false, w);
    if (pa)
        *pa = ok ? w->pa : ~0ull;
    return ok;
}
