/* memory/paging.h: the page walker (SDM Vol.3 chapter 4 "Paging").
 *
 * paging_walk() translates one linear address with 32-bit paging, PAE
 * paging or 4-level paging, as selected by CR0.PG, CR4.PAE and EFER.LMA in
 * a struct paging_regs. It reads the paging structures from a struct phys,
 * checks reserved bits and permissions, and (when asked) sets the accessed
 * and dirty flags. It never raises anything itself: a fault comes back as
 * the #PF error code, so the walker can be tested and used by the debugger
 * without a CPU.
 *
 * The mmu_* functions below are the CPU-facing side: they read the control
 * registers out of struct cpu and maintain its TLB; the CR/INVLPG/EFER
 * handlers and the task switch call them.
 */
#ifndef EMU_MEMORY_PAGING_H
#define EMU_MEMORY_PAGING_H

#include <stdbool.h>
#include <stdint.h>

struct phys;
struct cpu;

/* Physical-address width of the model (SDM Vol.3 4.1.4: 36 bits when
 * CPUID.80000008H is not reported). */
#define MMU_MAXPHYADDR 36

/* Control-register bits the walker looks at */
#define PG_CR0_WP (1ull << 16)
#define PG_CR0_PG (1ull << 31)
#define PG_CR4_PSE (1ull << 4)
#define PG_CR4_PAE (1ull << 5)
#define PG_CR4_PGE (1ull << 7)
#define PG_EFER_LMA (1ull << 10)
#define PG_EFER_NXE (1ull << 11)

/* Paging-structure entry bits (SDM Vol.3 4.3-4.5, tables 4-4 to 4-20) */
#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_XD (1ull << 63)

/* #PF error code bits (SDM Vol.3 4.7) */
#define PF_P (1u << 0)
#define PF_W (1u << 1)
#define PF_U (1u << 2)
#define PF_RSVD (1u << 3)
#define PF_ID (1u << 4)

/* What the walker needs from the CPU. */
struct paging_regs {
    uint64_t cr0, cr3, cr4, efer;
    uint64_t pdpte[4]; /* PAE paging: loaded at MOV CR3 (SDM Vol.3 4.4.1) */
    unsigned maxphy;   /* MAXPHYADDR */
    bool pse36;        /* 4 MiB pages map physical bits above 31 */
    bool page1g;       /* 1 GiB pages in 4-level paging */
};

enum paging_mode { PGM_NONE = 0, PGM_32, PGM_PAE, PGM_4LEVEL };

/* Kinds of access. */
enum { PG_READ = 0, PG_WRITE = 1, PG_FETCH = 2 };

/* Result of one walk. levels/entry/entry_pa list the entries read, from
 * the top (index 0) to the last one read; for PAE the first is the PDPTE
 * from the CPU's PDPTE registers (entry_pa is its address in the PDPT). */
struct paging_walk {
    uint64_t pa;        /* physical address of lin (valid when err < 0) */
    uint64_t page_size; /* 4 KiB, 2 MiB, 4 MiB or 1 GiB */
    int levels;
    uint64_t entry[4];
    uint64_t entry_pa[4];
    bool global;        /* G in the final entry and CR4.PGE */
    bool user_ok;       /* U/S set at every level */
    bool write_ok;      /* a write by this privilege would be allowed */
    bool exec_ok;       /* a fetch by this privilege would be allowed */
    bool dirty;         /* D set in the final entry (after the walk) */
    int err;            /* -1: translated; else the #PF error code */
};

enum paging_mode paging_mode(const struct paging_regs *r);

/* Translates lin for an access of kind acc (PG_READ/PG_WRITE/PG_FETCH) by
 * a user-mode (user=true) or supervisor-mode access. With update, sets the
 * accessed flags of every entry used (top down) and the dirty flag of the
 * final entry on a write, only when the access is allowed (SDM Vol.3 4.8).
 * Returns true when translated, false with w->err set to the error code. */
bool paging_walk(struct phys *p, const struct paging_regs *r, uint64_t lin, int acc, bool user,
                 bool update, struct paging_walk *w);

/* Reads the four PDPTEs for PAE paging from the PDPT that cr3 points to.
 * Returns false if a present PDPTE has reserved bits set (the MOV that
 * loads them raises #GP(0), SDM Vol.3 4.4.1). */
bool paging_load_pdptes(struct phys *p, uint64_t cr3, unsigned maxphy, uint64_t pdpte[4]);

/* ---- the CPU's MMU ---- */

/* Fills r from the CPU's control registers. */
void mmu_regs(const struct cpu *c, struct paging_regs *r);
/* Called after MOV to CR0/CR3/CR4 (crn 0, 3, 4) has stored new: flushes
 * what the SDM says (SDM Vol.3 4.10.4.1) and reloads the PDPTEs when PAE
 * paging is in use; if they are invalid the register gets old back and
 * #GP(0) is raised. */
void mmu_cr_written(struct cpu *c, int crn, uint64_t old, uint64_t new);
/* INVLPG: drops every translation of the page holding lin (any privilege,
 * global or not, the whole large page). */
void mmu_invlpg(struct cpu *c, uint64_t lin);
/* Walks lin with the CPU's current registers without side effects (no
 * A/D update, no fault, TLB untouched), for the debugger and the gdb stub.
 * Returns true if lin is mapped for a supervisor read; *w holds the entries
 * seen either way, pa gets the physical address. */
bool mmu_translate_debug(struct cpu *c, uint64_t lin, uint64_t *pa, struct paging_walk *w);

#endif
