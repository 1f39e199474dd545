/* tests/unit/test_paging.c: the page walker (32-bit, PAE, 4-level) on
 * tables built in a struct phys, and the TLB as the CPU uses it. Expected
 * values follow SDM Vol.3 chapter 4. */
#include <criterion/criterion.h>
#include <string.h>

#include "cpu/cpu.h"
#include "memory/paging.h"
#include "memory/phys.h"

#define P PTE_P
#define RW PTE_RW
#define US PTE_US

static struct paging_regs regs(uint64_t cr3, uint64_t cr4, uint64_t efer, bool wp)
{
    struct paging_regs r;
    memset(&r, 0, sizeof r);
    r.cr0 = PG_CR0_PG | (wp ? PG_CR0_WP : 0) | 1;
    r.cr3 = cr3;
    r.cr4 = cr4;
    r.efer = efer;
    r.maxphy = MMU_MAXPHYADDR;
    r.pse36 = true;
    r.page1g = true;
    return r;
}

static uint64_t rd(struct phys *p, uint64_t pa) { return phys_read(p, pa, 8); }
static void wr(struct phys *p, uint64_t pa, uint64_t v) { phys_write(p, pa, 8, v); }
static void wr4(struct phys *p, uint64_t pa, uint32_t v) { phys_write(p, pa, 4, v); }

/* ---- 32-bit paging ---- */

/* PD at 0x10000; lin 0x00400000-0x007FFFFF through the PT at 0x11000 */
static struct phys *setup32(void)
{
    struct phys *p = phys_new(8 << 20);
    wr4(p, 0x10000 + 4 * 1, 0x11000 | P | RW | US);
    wr4(p, 0x11000 + 4 * 0, 0x200000 | P | RW | US); /* 400000 -> 200000 user RW */
    wr4(p, 0x11000 + 4 * 1, 0x201000 | P | US);      /* 401000 -> 201000 user RO */
    wr4(p, 0x11000 + 4 * 2, 0x202000 | P | RW);      /* 402000 -> 202000 supervisor */
    wr4(p, 0x11000 + 4 * 3, 0x203000 | RW | US);     /* 403000 not present */
    return p;
}

Test(walk32, translates_and_sets_accessed_then_dirty)
{
    struct phys *p = setup32();
    struct paging_regs r = regs(0x10000, 0, 0, false);
    struct paging_walk w;
    cr_assert(paging_walk(p, &r, 0x400123, PG_READ, false, true, &w));
    cr_assert_eq(w.pa, 0x200123);
    cr_assert_eq(w.levels, 2);
    cr_assert_eq(w.page_size, 4096);
    cr_assert_eq(phys_read(p, 0x10004, 4), 0x11000 | P | RW | US | PTE_A);
    cr_assert_eq(phys_read(p, 0x11000, 4), 0x200000 | P | RW | US | PTE_A, "no D on a read");
    cr_assert_not(w.dirty);
    cr_assert(paging_walk(p, &r, 0x400FFF, PG_WRITE, true, true, &w));
    cr_assert_eq(w.pa, 0x200FFF);
    cr_assert_eq(phys_read(p, 0x11000, 4), 0x200000 | P | RW | US | PTE_A | PTE_D);
    cr_assert_eq(phys_read(p, 0x10004, 4) & PTE_D, 0, "D only in the final entry");
    phys_free(p);
}

Test(walk32, fault_codes_and_no_flags_on_fault)
{
    struct phys *p = setup32();
    struct paging_regs r = regs(0x10000, 0, 0, false);
    struct paging_walk w;
    /* PDE not present: supervisor read 0, user write W|U */
    cr_assert_not(paging_walk(p, &r, 0x800000, PG_READ, false, true, &w));
    cr_assert_eq(w.err, 0);
    cr_assert_not(paging_walk(p, &r, 0x800000, PG_WRITE, true, true, &w));
    cr_assert_eq(w.err, PF_W | PF_U);
    /* PTE not present: the PDE is not marked accessed by a faulting walk */
    cr_assert_not(paging_walk(p, &r, 0x403000, PG_FETCH, false, true, &w));
    cr_assert_eq(w.err, 0, "no I/D without PAE+NXE");
    cr_assert_eq(phys_read(p, 0x10004, 4) & PTE_A, 0);
    /* user read of a supervisor page: P|U */
    cr_assert_not(paging_walk(p, &r, 0x402000, PG_READ, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_U);
    cr_assert_eq(phys_read(p, 0x11008, 4) & PTE_A, 0);
    /* user write to a read-only page: P|W|U */
    cr_assert_not(paging_walk(p, &r, 0x401000, PG_WRITE, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_W | PF_U);
    cr_assert_eq(phys_read(p, 0x11004, 4) & (PTE_A | PTE_D), 0);
    /* supervisor write to it: allowed with WP=0, P|W with WP=1 */
    cr_assert(paging_walk(p, &r, 0x401000, PG_WRITE, false, true, &w));
    cr_assert_eq(phys_read(p, 0x11004, 4) & (PTE_A | PTE_D), PTE_A | PTE_D);
    struct paging_regs rwp = regs(0x10000, 0, 0, true);
    cr_assert_not(paging_walk(p, &rwp, 0x401000, PG_WRITE, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_W);
    phys_free(p);
}

Test(walk32, rw_and_us_combine_across_levels)
{
    struct phys *p = setup32();
    wr4(p, 0x10004, 0x11000 | P | US); /* PDE read-only */
    struct paging_regs r = regs(0x10000, 0, 0, false);
    struct paging_walk w;
    cr_assert_not(paging_walk(p, &r, 0x400000, PG_WRITE, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_W | PF_U);
    wr4(p, 0x10004, 0x11000 | P | RW); /* PDE supervisor */
    cr_assert_not(paging_walk(p, &r, 0x400000, PG_READ, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_U);
    phys_free(p);
}

Test(walk32, pse_4mib_pages_and_pse36)
{
    struct phys *p = setup32();
    struct paging_walk w;
    wr4(p, 0x10000 + 4 * 2, 0x00400000 | P | RW | PTE_PS); /* 8 MiB -> 4 MiB */
    /* without CR4.PSE the PS bit is ignored: the PDE points at a table */
    struct paging_regs r = regs(0x10000, 0, 0, false);
    cr_assert_not(paging_walk(p, &r, 0x812345, PG_READ, false, false, &w));
    cr_assert_eq(w.levels, 2, "PTE at 0x400048 read (not present)");
    cr_assert_eq(w.entry_pa[1], 0x400048);
    r = regs(0x10000, PG_CR4_PSE, 0, false);
    cr_assert(paging_walk(p, &r, 0x9ABCDE, PG_WRITE, false, true, &w));
    cr_assert_eq(w.pa, 0x400000 + 0x1ABCDE);
    cr_assert_eq(w.levels, 1);
    cr_assert_eq(w.page_size, 4u << 20);
    cr_assert_eq(phys_read(p, 0x10008, 4) & (PTE_A | PTE_D), PTE_A | PTE_D);
    /* PSE-36: PDE bits 16:13 are physical bits 35:32 */
    wr4(p, 0x10000 + 4 * 3, 0x00C00000 | (0x5u << 13) | P | PTE_PS);
    cr_assert(paging_walk(p, &r, 0xC00010, PG_READ, false, false, &w));
    cr_assert_eq(w.pa, 0x500C00010ull);
    /* bit 21 and bits above MAXPHYADDR (20:17) are reserved: P|RSVD */
    wr4(p, 0x10000 + 4 * 3, 0x00C00000 | (1u << 21) | P | PTE_PS);
    cr_assert_not(paging_walk(p, &r, 0xC00010, PG_READ, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD);
    wr4(p, 0x10000 + 4 * 3, 0x00C00000 | (1u << 17) | P | PTE_PS);
    cr_assert_not(paging_walk(p, &r, 0xC00010, PG_WRITE, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD | PF_W | PF_U);
    phys_free(p);
}

Test(walk32, global_only_with_pge)
{
    struct phys *p = setup32();
    wr4(p, 0x11000, 0x200000 | P | RW | PTE_G);
    struct paging_walk w;
    struct paging_regs r = regs(0x10000, 0, 0, false);
    cr_assert(paging_walk(p, &r, 0x400000, PG_READ, false, false, &w));
    cr_assert_not(w.global);
    r = regs(0x10000, PG_CR4_PGE, 0, false);
    cr_assert(paging_walk(p, &r, 0x400000, PG_READ, false, false, &w));
    cr_assert(w.global);
    phys_free(p);
}

Test(walk32, recursive_entry_keeps_both_flags)
{
    /* the PDE for 0x400000 points at the PD itself: the same entry is the
     * PDE and the PTE; A is set by the first level, D by the last */
    struct phys *p = phys_new(1 << 20);
    wr4(p, 0x10004, 0x10000 | P | RW);
    struct paging_regs r = regs(0x10000, 0, 0, false);
    struct paging_walk w;
    cr_assert(paging_walk(p, &r, 0x401008, PG_WRITE, false, true, &w));
    cr_assert_eq(w.pa, 0x10008);
    cr_assert_eq(phys_read(p, 0x10004, 4), 0x10000 | P | RW | PTE_A | PTE_D);
    phys_free(p);
}

/* ---- PAE ---- */

/* PDPT at 0x10020, PD at 0x11000 for 1-2 GiB, PT at 0x12000 */
static struct phys *setup_pae(void)
{
    struct phys *p = phys_new(8 << 20);
    wr(p, 0x10020 + 8 * 1, 0x11000 | P);
    wr(p, 0x11000 + 8 * 0, 0x12000 | P | RW | US);
    wr(p, 0x11000 + 8 * 1, 0x600000 | P | RW | PTE_PS | PTE_XD); /* 2 MiB, NX */
    wr(p, 0x12000 + 8 * 0, 0x300000 | P | RW | US);
    wr(p, 0x12000 + 8 * 1, 0x301000 | P | RW | US | PTE_XD);
    return p;
}

Test(walk_pae, pdptes_load_and_reserved_bits)
{
    struct phys *p = setup_pae();
    uint64_t pd[4];
    cr_assert(paging_load_pdptes(p, 0x10020, MMU_MAXPHYADDR, pd));
    cr_assert_eq(pd[1], 0x11000 | P);
    cr_assert_eq(pd[0], 0);
    wr(p, 0x10020 + 8 * 2, 0x13000 | P | RW); /* R/W is reserved in a PDPTE */
    cr_assert_not(paging_load_pdptes(p, 0x10020, MMU_MAXPHYADDR, pd));
    wr(p, 0x10020 + 8 * 2, 0x13000 | RW); /* not present: not checked */
    cr_assert(paging_load_pdptes(p, 0x10020, MMU_MAXPHYADDR, pd));
    wr(p, 0x10020 + 8 * 2, (1ull << 40) | P); /* above MAXPHYADDR */
    cr_assert_not(paging_load_pdptes(p, 0x10020, MMU_MAXPHYADDR, pd));
    phys_free(p);
}

Test(walk_pae, pages_nx_and_reserved)
{
    struct phys *p = setup_pae();
    struct paging_regs r = regs(0x10020, PG_CR4_PAE, PG_EFER_NXE, false);
    cr_assert(paging_load_pdptes(p, 0x10020, MMU_MAXPHYADDR, r.pdpte));
    struct paging_walk w;
    cr_assert(paging_walk(p, &r, 0x40000ABC, PG_FETCH, true, true, &w));
    cr_assert_eq(w.pa, 0x300ABC);
    cr_assert_eq(w.levels, 3);
    /* the PDPTE has no accessed flag; PDE and PTE do */
    cr_assert_eq(rd(p, 0x10028), 0x11000 | P);
    cr_assert_eq(rd(p, 0x11000) & PTE_A, PTE_A);
    cr_assert_eq(rd(p, 0x12000) & (PTE_A | PTE_D), PTE_A);
    /* fetch from an XD page: P|I/D (and U for a user fetch) */
    cr_assert_not(paging_walk(p, &r, 0x40001000, PG_FETCH, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_ID | PF_U);
    cr_assert(paging_walk(p, &r, 0x40001000, PG_READ, true, true, &w));
    /* 2 MiB page with XD */
    cr_assert(paging_walk(p, &r, 0x40212345, PG_WRITE, false, true, &w));
    cr_assert_eq(w.pa, 0x612345);
    cr_assert_eq(w.page_size, 2u << 20);
    cr_assert_not(paging_walk(p, &r, 0x40212345, PG_FETCH, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_ID);
    /* not-present fetch: I/D as well */
    cr_assert_not(paging_walk(p, &r, 0x40002000, PG_FETCH, false, true, &w));
    cr_assert_eq(w.err, PF_ID);
    /* PDPTE not present */
    cr_assert_not(paging_walk(p, &r, 0x80000000, PG_READ, false, true, &w));
    cr_assert_eq(w.err, 0);
    /* with NXE=0 the XD bit is reserved, and there is no I/D */
    struct paging_regs r0 = regs(0x10020, PG_CR4_PAE, 0, false);
    memcpy(r0.pdpte, r.pdpte, sizeof r0.pdpte);
    cr_assert_not(paging_walk(p, &r0, 0x40001000, PG_FETCH, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD);
    /* 2 MiB page with bit 13 set: reserved */
    wr(p, 0x11000 + 8 * 1, 0x600000 | (1u << 13) | P | RW | PTE_PS);
    cr_assert_not(paging_walk(p, &r, 0x40200000, PG_READ, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD);
    /* address bits above MAXPHYADDR in a PTE: reserved */
    wr(p, 0x12000, (1ull << 36) | 0x300000 | P | RW);
    cr_assert_not(paging_walk(p, &r, 0x40000000, PG_WRITE, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD | PF_W);
    phys_free(p);
}

/* ---- 4-level ---- */

Test(walk64, four_levels_1g_2m_4k)
{
    struct phys *p = phys_new(8 << 20);
    /* PML4 0x10000; entry 1 (lin 0x0000008000000000) -> PDPT 0x11000 */
    wr(p, 0x10000 + 8 * 1, 0x11000 | P | RW | US);
    wr(p, 0x11000 + 8 * 0, 0x12000 | P | RW | US);           /* -> PD */
    wr(p, 0x11000 + 8 * 1, 0x40000000 | P | RW | PTE_PS);     /* 1 GiB */
    wr(p, 0x12000 + 8 * 0, 0x13000 | P | RW | US);           /* -> PT */
    wr(p, 0x12000 + 8 * 1, 0x400000 | P | PTE_PS | US);       /* 2 MiB RO */
    wr(p, 0x13000 + 8 * 5, 0x7000 | P | RW | US | PTE_XD);
    struct paging_regs r = regs(0x10000, PG_CR4_PAE, PG_EFER_LMA | PG_EFER_NXE, false);
    struct paging_walk w;
    uint64_t base = 0x0000008000000000ull;
    cr_assert(paging_walk(p, &r, base + 0x5123, PG_WRITE, true, true, &w));
    cr_assert_eq(w.pa, 0x7123);
    cr_assert_eq(w.levels, 4);
    for (int k = 0; k < 4; k++)
        cr_assert_eq(rd(p, w.entry_pa[k]) & PTE_A, PTE_A, "A at level %d", k);
    cr_assert_eq(rd(p, 0x13000 + 8 * 5) & PTE_D, PTE_D);
    cr_assert_eq(rd(p, 0x12000) & PTE_D, 0);
    cr_assert(paging_walk(p, &r, base + 0x40000000 + 0x123456, PG_READ, false, true, &w));
    cr_assert_eq(w.pa, 0x40123456);
    cr_assert_eq(w.page_size, 1u << 30);
    cr_assert(paging_walk(p, &r, base + 0x200000 + 0x1234, PG_READ, true, true, &w));
    cr_assert_eq(w.pa, 0x401234);
    /* U/S clear in the 1 GiB PDPTE */
    cr_assert_not(paging_walk(p, &r, base + 0x40000000, PG_READ, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_U);
    /* user write to the read-only 2 MiB page */
    cr_assert_not(paging_walk(p, &r, base + 0x200000, PG_WRITE, true, true, &w));
    cr_assert_eq(w.err, PF_P | PF_W | PF_U);
    /* PS in a PML4E is reserved */
    wr(p, 0x10000 + 8 * 1, 0x11000 | P | RW | US | PTE_PS);
    cr_assert_not(paging_walk(p, &r, base, PG_READ, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD);
    /* 1 GiB pages when the model has none: PS reserved in the PDPTE */
    wr(p, 0x10000 + 8 * 1, 0x11000 | P | RW | US);
    r.page1g = false;
    cr_assert_not(paging_walk(p, &r, base + 0x40000000, PG_READ, false, true, &w));
    cr_assert_eq(w.err, PF_P | PF_RSVD);
    phys_free(p);
}

Test(walk64, debug_walk_has_no_side_effects)
{
    struct phys *p = setup32();
    struct paging_regs r = regs(0x10000, 0, 0, false);
    struct paging_walk w;
    cr_assert(paging_walk(p, &r, 0x400000, PG_WRITE, false, false, &w));
    cr_assert_eq(phys_read(p, 0x11000, 4) & (PTE_A | PTE_D), 0);
    cr_assert_eq(phys_read(p, 0x10004, 4) & PTE_A, 0);
    cr_assert_eq(w.entry[0], 0x11000 | P | RW | US);
    cr_assert_eq(w.entry_pa[1], 0x11000);
    phys_free(p);
}

/* ---- the TLB through the CPU ---- */

static jmp_buf jb;

static struct cpu *paged_cpu(struct phys *p, uint64_t cr3, uint64_t cr4)
{
    struct cpu *c = cpu_new(NULL, p);
    c->cr3 = cr3;
    c->cr4 = cr4;
    c->cr0 = CR0_PE | CR0_PG | CR0_ET;
    for (int s = 0; s < 6; s++) {
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFFFFFF;
        c->seg[s].attr = SA_P | SA_S | SA_DB | SA_G | (s == SEG_CS ? 0xB : 0x3);
    }
    cpu_update_mode(c);
    cpu_tlb_flush(c);
    c->fault_jmp = &jb;
    return c;
}

/* Identity-maps 0-64 KiB (supervisor) and builds a GDT (0x08 flat code,
 * 0x10 flat data) at 0x2000 and an IDT at 0x3000 whose gates all lead to
 * 0x5000, so that a fault is delivered (error code pushed at 0x7FF0 by
 * the stack at 0x8000) and unwinds to jb. pae: 64-bit entries, PD 0x15000. */
static void fault_env(struct phys *p, struct cpu *c, bool pae)
{
    if (pae) {
        wr(p, 0x10020, 0x15000 | P);
        wr(p, 0x15000, 0x16000 | P | RW);
        for (unsigned k = 0; k < 16; k++)
            wr(p, 0x16000 + 8 * k, (k << 12) | P | RW);
        paging_load_pdptes(p, c->cr3, MMU_MAXPHYADDR, c->pdpte);
    } else {
        wr4(p, 0x10000, 0x14000 | P | RW);
        for (unsigned k = 0; k < 16; k++)
            wr4(p, 0x14000 + 4 * k, (k << 12) | P | RW);
    }
    wr(p, 0x2008, 0x00CF9A000000FFFFull);
    wr(p, 0x2010, 0x00CF92000000FFFFull);
    for (unsigned v = 0; v < 32; v++)
        wr(p, 0x3000 + 8 * v, 0x00008E0000085000ull);
    c->gdtr.base = 0x2000;
    c->gdtr.limit = 0x17;
    c->idtr.base = 0x3000;
    c->idtr.limit = 0xFF;
    c->seg[SEG_CS].sel = 0x08;
    c->seg[SEG_SS].sel = 0x10;
    c->gpr[R_SP] = 0x8000;
    cpu_tlb_flush(c);
}

static struct phys *setup_tlb(void)
{
    struct phys *p = setup32();
    phys_write(p, 0x200000, 4, 0xAAAA0000);
    phys_write(p, 0x201000, 4, 0xBBBB0000);
    phys_write(p, 0x202000, 4, 0xCCCC0000);
    return p;
}

Test(tlb_cpu, hit_does_not_walk_until_invlpg)
{
    struct phys *p = setup_tlb();
    wr4(p, 0x11000, 0x200000 | P | RW | US | PTE_A | PTE_D);
    struct cpu *c = paged_cpu(p, 0x10000, 0);
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xAAAA0000);
    wr4(p, 0x11000, 0x201000 | P | RW | US); /* remap behind the TLB's back */
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xAAAA0000, "stale until INVLPG");
    cpu_write32(c, SEG_DS, 0x400004, 0x1234); /* write: same stale frame */
    cr_assert_eq(phys_read(p, 0x200004, 4), 0x1234);
    mmu_invlpg(c, 0x400FFF);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xBBBB0000);
    cpu_free(c);
    phys_free(p);
}

Test(tlb_cpu, writes_through_the_tlb_need_dirty)
{
    struct phys *p = setup_tlb();
    struct cpu *c = paged_cpu(p, 0x10000, 0);
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    (void)cpu_read32(c, SEG_DS, 0x400000);
    cr_assert_eq(phys_read(p, 0x11000, 4) & PTE_D, 0);
    cpu_write8(c, SEG_DS, 0x400010, 1); /* must walk to set D */
    cr_assert_eq(phys_read(p, 0x11000, 4) & PTE_D, PTE_D);
    /* clear D in memory: the TLB entry still says dirty, no walk */
    wr4(p, 0x11000, 0x200000 | P | RW | US | PTE_A);
    cpu_write8(c, SEG_DS, 0x400011, 2);
    cr_assert_eq(phys_read(p, 0x11000, 4) & PTE_D, 0);
    cr_assert_eq(phys_read(p, 0x200010, 2), 0x0201);
    cpu_free(c);
    phys_free(p);
}

Test(tlb_cpu, cr3_write_keeps_global_entries)
{
    struct phys *p = setup_tlb();
    wr4(p, 0x11000, 0x200000 | P | RW | US | PTE_G);
    struct cpu *c = paged_cpu(p, 0x10000, PG_CR4_PGE);
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xAAAA0000); /* global */
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x401000), 0xBBBB0000); /* not global */
    wr4(p, 0x11000, 0x202000 | P | RW | US | PTE_G);
    wr4(p, 0x11004, 0x202000 | P | US);
    mmu_cr_written(c, 3, c->cr3, c->cr3);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xAAAA0000, "global survives CR3");
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x401000), 0xCCCC0000, "non-global flushed");
    /* toggling CR4.PGE flushes global entries too */
    c->cr4 = 0;
    mmu_cr_written(c, 4, PG_CR4_PGE, 0);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x400000), 0xCCCC0000);
    cpu_free(c);
    phys_free(p);
}

Test(tlb_cpu, invlpg_drops_global_and_large_pages)
{
    struct phys *p = setup_tlb();
    wr4(p, 0x10008, 0x000000 | P | RW | PTE_PS | PTE_G); /* 8 MiB -> 0, 4 MiB, global */
    phys_write(p, 0x1000, 4, 0x11110000);
    phys_write(p, 0x3000, 4, 0x33330000);
    struct cpu *c = paged_cpu(p, 0x10000, PG_CR4_PGE | PG_CR4_PSE);
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x801000), 0x11110000);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x803000), 0x33330000);
    wr4(p, 0x10008, 0x400000 | P | RW | PTE_PS | PTE_G);
    phys_write(p, 0x401000, 4, 0x44440000);
    mmu_cr_written(c, 3, c->cr3, c->cr3);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x801000), 0x11110000, "global large page kept");
    /* INVLPG anywhere in the 4 MiB page drops every 4 KiB piece of it */
    mmu_invlpg(c, 0xBFF000);
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x801000), 0x44440000);
    cpu_free(c);
    phys_free(p);
}

Test(tlb_cpu, user_and_supervisor_do_not_share_entries)
{
    struct phys *p = setup_tlb();
    struct cpu *c = paged_cpu(p, 0x10000, 0);
    if (setjmp(jb))
        cr_assert_fail("unexpected fault");
    /* supervisor reads the supervisor-only page; then it becomes a user
     * page elsewhere: a user read must walk, a supervisor read hits */
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x402000), 0xCCCC0000);
    wr4(p, 0x11008, 0x201000 | P | RW | US);
    c->cpl = 3;
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x402000), 0xBBBB0000);
    /* implicit supervisor accesses (descriptor tables) at CPL 3 use the
     * supervisor entry */
    cr_assert_eq(cpu_lread32(c, 0x402000), 0xCCCC0000);
    c->cpl = 0;
    cr_assert_eq(cpu_read32(c, SEG_DS, 0x402000), 0xCCCC0000);
    cpu_free(c);
    phys_free(p);
}

Test(tlb_cpu, cr0_wp_change_flushes_permissions)
{
    struct phys *p = setup_tlb();
    struct cpu *c = paged_cpu(p, 0x10000, 0);
    fault_env(p, c, false);
    volatile int stage = 0;
    if (setjmp(jb)) {
        cr_assert_eq(stage, 1, "unexpected fault");
        cr_assert_eq(c->rip, 0x5000, "#PF delivered");
        cr_assert_eq(c->cr2, 0x401008);
        cr_assert_eq(phys_read(p, 0x7FF0, 4), PF_P | PF_W);
        cr_assert_eq(phys_read(p, 0x201008, 4), 0, "nothing written");
        cpu_free(c);
        phys_free(p);
        return;
    }
    cpu_write32(c, SEG_DS, 0x401004, 5); /* WP=0: supervisor write to RO ok */
    cr_assert_eq(phys_read(p, 0x201004, 4), 5);
    uint64_t old = c->cr0;
    c->cr0 |= CR0_WP;
    mmu_cr_written(c, 0, old, c->cr0);
    stage = 1;
    cpu_write32(c, SEG_DS, 0x401008, 6);
    cr_assert_fail("write to a read-only page with WP=1 did not fault");
}

Test(tlb_cpu, page_crossing_write_checks_both_pages_first)
{
    struct phys *p = setup_tlb();
    struct cpu *c = paged_cpu(p, 0x10000, 0);
    fault_env(p, c, false);
    volatile int stage = 0;
    if (setjmp(jb)) {
        cr_assert_eq(stage, 1, "unexpected fault");
        cr_assert_eq(c->cr2, 0x403000, "CR2 is the first byte of the second page");
        cr_assert_eq(phys_read(p, 0x7FF0, 4), PF_W);
        cr_assert_eq(phys_read(p, 0x202FFC, 4), 0x5A5A5A5A, "first page untouched");
        cpu_free(c);
        phys_free(p);
        return;
    }
    phys_write(p, 0x202FFC, 4, 0x5A5A5A5A);
    stage = 1;
    cpu_write32(c, SEG_DS, 0x402FFE, 0x12345678); /* 403000 is not present */
    cr_assert_fail("no fault");
}

Test(tlb_cpu, pae_cr3_load_rejects_bad_pdptes)
{
    struct phys *p = setup_pae();
    struct cpu *c = paged_cpu(p, 0x10020, PG_CR4_PAE);
    fault_env(p, c, true);
    volatile int stage = 0;
    if (setjmp(jb)) {
        cr_assert_eq(stage, 1, "unexpected fault");
        cr_assert_eq(c->rip, 0x5000, "#GP delivered");
        cr_assert_eq(c->cr3, 0x10020, "CR3 keeps its old value");
        cr_assert_eq(c->pdpte[1], 0x11000 | P, "PDPTEs unchanged");
        cpu_free(c);
        phys_free(p);
        return;
    }
    memset(c->pdpte, 0, sizeof c->pdpte);
    mmu_cr_written(c, 3, 0x10020, 0x10020); /* valid: PDPTEs loaded */
    cr_assert_eq(c->pdpte[1], 0x11000 | P);
    /* a second PDPT at 0x10040 with a reserved bit in entry 3 */
    wr(p, 0x10040, 0x15000 | P);
    wr(p, 0x10040 + 8 * 3, 0x13000 | P | (1ull << 5));
    stage = 1;
    c->cr3 = 0x10040;
    mmu_cr_written(c, 3, 0x10020, 0x10040);
    cr_assert_fail("no #GP");
}
