/* cpu/access.c: memory accesses through segmentation and the TLB.
 *
 * Each access first checks the segment (descriptor cache: limit, type,
 * usability; SDM Vol.3 5.3 and 5.4), forms the linear address, then looks
 * the page up in the TLB: a hit is a compare and an add giving a host
 * pointer. Misses, MMIO, ROM writes, code pages and page-crossing accesses
 * take the slow path through the physical map.
 */
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/icache.h"
#include "cpu/prot.h"
#include "machine/log.h"
#include "memory/paging.h"
#include "memory/phys.h"

enum acc {
    ACC_R, ACC_W, ACC_X,
    /* flag: an implicit supervisor-mode access (descriptor tables, IDT,
     * TSS) whatever the CPL (SDM Vol.3 4.6) */
    ACC_SV = 4, ACC_RS = ACC_R | ACC_SV, ACC_WS = ACC_W | ACC_SV,
};
#define ACC_KIND 3

/* SDM Vol.3 4.6: user-mode accesses are those made at CPL 3, except the
 * implicit supervisor-mode ones. User and supervisor translations live in
 * separate TLB arrays. */
static inline bool acc_user(const struct cpu *c, enum acc a)
{
    return c->cpl == 3 && !(a & ACC_SV);
}

static _Noreturn void page_fault(struct cpu *c, uint64_t lin, uint32_t err)
{
    c->cr2 = lin; /* SDM Vol.3 4.7: CR2 holds the faulting linear address */
    cpu_fault(c, EXC_PF, err);
}

/* TLB miss: walks the page tables (which may fault) and records in e every
 * kind of access the walk allows, so that one walk serves reads, fetches
 * and (once the dirty flag is set) writes. */
static uint64_t walk(struct cpu *c, uint64_t lin, unsigned kind, bool user, struct tlb_entry *e)
{
    uint64_t page = lin & ~0xFFFull;
    if (!(c->cr0 & CR0_PG)) {
        tlb_claim(&c->tlb, e, page, page, 4096, false);
        e->xtag_r = e->xtag_w = e->xtag_x = page;
        return lin;
    }
    struct paging_regs r;
    struct paging_walk w;
    mmu_regs(c, &r);
    if (!paging_walk(c->phys, &r, lin, (int)kind, user, true, &w))
        page_fault(c, lin, (uint32_t)w.err);
    tlb_claim(&c->tlb, e, page, w.pa & ~0xFFFull, w.page_size, w.global);
    e->xtag_r = page; /* any allowed access implies that reads are allowed */
    if (w.write_ok && w.dirty)
        e->xtag_w = page; /* SDM Vol.3 4.8: a write must find D set */
    if (w.exec_ok)
        e->xtag_x = page;
    return w.pa;
}

/* Linear -> physical for one access; a TLB hit does not walk. */
static uint64_t translate(struct cpu *c, uint64_t lin, enum acc a)
{
    unsigned kind = a & ACC_KIND;
    bool user = acc_user(c, a);
    struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, user);
    uint64_t page = lin & ~0xFFFull;
    uint64_t tag = kind == ACC_W ? e->xtag_w : kind == ACC_X ? e->xtag_x : e->xtag_r;
    if (tag == page)
        return e->phys | (lin & 0xFFF);
    return walk(c, lin, kind, user, e);
}

/* Translates and, if the frame is plain RAM (or ROM for reads), gives the
 * entry a host pointer for this kind of access. */
static uint8_t *tlb_fill(struct cpu *c, uint64_t lin, enum acc a)
{
    unsigned kind = a & ACC_KIND;
    uint64_t page = lin & ~0xFFFull;
    uint64_t pa = translate(c, lin, a) & ~0xFFFull;
    uint8_t *host = phys_host_page(c->phys, pa, kind == ACC_W);
    if (!host)
        return NULL;
    struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, acc_user(c, a));
    uintptr_t addend = (uintptr_t)host - (uintptr_t)page;
    if (e->addend != addend)
        e->tag_r = e->tag_w = e->tag_x = TLB_INVALID;
    e->addend = addend;
    if (kind == ACC_W)
        e->tag_w = page;
    else if (kind == ACC_X)
        e->tag_x = page;
    e->tag_r = page;
    return (uint8_t *)(uintptr_t)(lin + addend);
}

static inline uint8_t *host_ptr(struct cpu *c, uint64_t lin, enum acc a)
{
    struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, acc_user(c, a));
    uint64_t page = lin & ~0xFFFull;
    unsigned kind = a & ACC_KIND;
    uint64_t tag = kind == ACC_W ? e->tag_w : kind == ACC_X ? e->tag_x : e->tag_r;
    if (tag == page)
        return (uint8_t *)(uintptr_t)(lin + e->addend);
    return tlb_fill(c, lin, a);
}

/* ---- segment checks ---- */

static _Noreturn void seg_fault(struct cpu *c, int seg)
{
    cpu_fault(c, seg == SEG_SS ? EXC_SS : EXC_GP, 0);
}

/* Returns the linear address of [off, off+len) in segment seg, or faults. */
static uint64_t seg_linear(struct cpu *c, int seg, uint64_t off, unsigned len, enum acc a)
{
    const struct seg *s = &c->seg[seg];
    if (c->dmode == DMODE_64) {
        /* SDM Vol.3 5.3.1: no limit checks in 64-bit mode; FS/GS bases apply */
        uint64_t lin = (seg >= SEG_FS ? s->base : 0) + off;
        uint64_t last = lin + len - 1;
        if ((uint64_t)((int64_t)(lin << 16) >> 16) != lin ||
            (uint64_t)((int64_t)(last << 16) >> 16) != last)
            seg_fault(c, seg);
        return lin;
    }
    if (c->mode == CPU_PROT || (c->mode == CPU_LONG)) {
        /* an unusable (null) segment faults on any access */
        if (!(s->attr & SA_P))
            seg_fault(c, seg);
        unsigned type = s->attr & SA_TYPE;
        if (a == ACC_W && ((type & 8) || !(type & 2)))
            cpu_gp0(c); /* code, or read-only data */
        if (a == ACC_R && (type & 0xA) == 0x8)
            cpu_gp0(c); /* execute-only code */
        if ((type & 0xC) == 0x4) {
            /* expand-down data: valid offsets are limit+1 .. 0xFFFF/0xFFFFFFFF */
            uint64_t upper = (s->attr & SA_DB) ? 0xFFFFFFFFull : 0xFFFFull;
            if (off <= s->limit || off + len - 1 > upper)
                seg_fault(c, seg);
            return (s->base + off) & 0xFFFFFFFFull;
        }
    }
    if (off + len - 1 > s->limit || off + len - 1 < off)
        seg_fault(c, seg);
    return (s->base + off) & 0xFFFFFFFFull;
}

/* ---- linear accesses ---- */

static uint64_t lin_read_slow(struct cpu *c, uint64_t lin, unsigned len, enum acc a)
{
    uint64_t v = 0;
    if (((lin & 0xFFF) + len) <= 0x1000) {
        uint64_t pa = translate(c, lin, a);
        return phys_read(c->phys, pa, (int)len);
    }
    /* crosses a page: both translations first (either may fault) */
    uint64_t second = (lin | 0xFFF) + 1;
    uint64_t pa1 = translate(c, lin, a), pa2 = translate(c, second, a);
    unsigned n1 = (unsigned)(second - lin);
    for (unsigned i = len; i-- > 0;) {
        uint64_t pa = i < n1 ? pa1 + i : pa2 + (i - n1);
        v = (v << 8) | (uint8_t)phys_read(c->phys, pa, 1);
    }
    return v;
}

static void lin_write_slow(struct cpu *c, uint64_t lin, unsigned len, uint64_t v, enum acc a)
{
    if (((lin & 0xFFF) + len) <= 0x1000) {
        phys_write(c->phys, translate(c, lin, a), (int)len, v);
        return;
    }
    /* crosses a page: both translations before writing either */
    uint64_t second = (lin | 0xFFF) + 1;
    uint64_t pa1 = translate(c, lin, a), pa2 = translate(c, second, a);
    unsigned n1 = (unsigned)(second - lin);
    for (unsigned i = 0; i < len; i++, v >>= 8) {
        uint64_t pa = i < n1 ? pa1 + i : pa2 + (i - n1);
        phys_write(c->phys, pa, 1, v & 0xFF);
    }
}

static inline uint64_t lin_read(struct cpu *c, uint64_t lin, unsigned len, enum acc a)
{
    if ((lin & 0xFFF) + len <= 0x1000) {
        uint8_t *h = host_ptr(c, lin, a);
        if (h) {
            switch (len) {
            case 1: return *h;
            case 2: { uint16_t v; memcpy(&v, h, 2); return v; }
            case 4: { uint32_t v; memcpy(&v, h, 4); return v; }
            default: { uint64_t v; memcpy(&v, h, 8); return v; }
            }
        }
    }
    return lin_read_slow(c, lin, len, a);
}

static inline void lin_write_acc(struct cpu *c, uint64_t lin, unsigned len, uint64_t v,
                                 enum acc a)
{
    if ((lin & 0xFFF) + len <= 0x1000) {
        uint8_t *h = host_ptr(c, lin, a);
        if (h) {
            switch (len) {
            case 1: *h = (uint8_t)v; return;
            case 2: { uint16_t x = (uint16_t)v; memcpy(h, &x, 2); return; }
            case 4: { uint32_t x = (uint32_t)v; memcpy(h, &x, 4); return; }
            default: memcpy(h, &v, 8); return;
            }
        }
    }
    lin_write_slow(c, lin, len, v, a);
}

static inline void lin_write(struct cpu *c, uint64_t lin, unsigned len, uint64_t v)
{
    lin_write_acc(c, lin, len, v, ACC_W);
}

/* ---- the public accessors ---- */

/* The checked path, taken only while cpu.acc_check is set: alignment
 * check (SDM Vol.3 6.15 #AC: CR0.AM, EFLAGS.AC, CPL 3, misaligned data)
 * before the access, data breakpoints recorded for the trap after it. */
static void acc_checks(struct cpu *c, uint64_t lin, unsigned len, bool write)
{
    if ((c->acc_check & 2u) && (lin & (len - 1)) && c->cpl == 3 && (c->eflags & F_AC) &&
        (c->cr0 & CR0_AM) && c->mode != CPU_REAL)
        cpu_fault(c, EXC_AC, 0);
    if (c->dbg_armed & 2u)
        dbg_data_check(c, lin, len, write);
}

#define READ_FN(bits, type)                                                         \
    type cpu_read##bits##_slow(struct cpu *c, int seg, uint64_t off)                \
    {                                                                               \
        uint64_t lin = seg_linear(c, seg, off, bits / 8, ACC_R);                    \
        if (c->acc_check)                                                           \
            acc_checks(c, lin, bits / 8, false);                                    \
        if (c->nobservers)                                                          \
            cpu_observe(c, lin, bits / 8, false);                                   \
        return (type)lin_read(c, lin, bits / 8, ACC_R);                             \
    }                                                                               \
    type cpu_lread##bits##_slow(struct cpu *c, uint64_t lin)                         \
    {                                                                               \
        return (type)lin_read(c, lin, bits / 8, ACC_RS);                            \
    }
READ_FN(8, uint8_t)
READ_FN(16, uint16_t)
READ_FN(32, uint32_t)
READ_FN(64, uint64_t)

#define WRITE_FN(bits, type)                                                        \
    void cpu_write##bits##_slow(struct cpu *c, int seg, uint64_t off, type v)       \
    {                                                                               \
        uint64_t lin = seg_linear(c, seg, off, bits / 8, ACC_W);                    \
        if (c->acc_check)                                                           \
            acc_checks(c, lin, bits / 8, true);                                     \
        if (c->nobservers)                                                          \
            cpu_observe(c, lin, bits / 8, true);                                    \
        lin_write(c, lin, bits / 8, v);                                             \
    }
WRITE_FN(8, uint8_t)
WRITE_FN(16, uint16_t)
WRITE_FN(32, uint32_t)
WRITE_FN(64, uint64_t)

void cpu_lwrite16(struct cpu *c, uint64_t lin, uint16_t v) { lin_write_acc(c, lin, 2, v, ACC_WS); }
void cpu_lwrite32(struct cpu *c, uint64_t lin, uint32_t v) { lin_write_acc(c, lin, 4, v, ACC_WS); }

void cpu_lstack_check(struct cpu *c, uint64_t lin, unsigned len, bool user)
{
    enum acc a = user ? ACC_W : ACC_WS;
    translate(c, lin, a);
    if (((lin & 0xFFF) + len) > 0x1000)
        translate(c, (lin | 0xFFF) + 1, a);
}

void cpu_lstack_write64(struct cpu *c, uint64_t lin, uint64_t v, bool user)
{
    lin_write_acc(c, lin, 8, v, user ? ACC_W : ACC_WS);
}

/* The inline checks and a TLB entry that allows the access settle it
 * without a walk. */
static inline bool check_fast(struct cpu *c, int seg, uint64_t off, unsigned len, bool write)
{
    uint64_t lin;
    if (!cpu_acc_lin(c, seg, off, len, write, &lin))
        return false;
    const struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, c->cpl == 3);
    return (write ? e->xtag_w : e->xtag_r) == cpu_acc_tag(lin, len);
}

void cpu_check_write(struct cpu *c, int seg, uint64_t off, unsigned len)
{
    if (check_fast(c, seg, off, len, true))
        return;
    uint64_t lin = seg_linear(c, seg, off, len, ACC_W);
    translate(c, lin, ACC_W);
    if (((lin & 0xFFF) + len) > 0x1000)
        translate(c, (lin | 0xFFF) + 1, ACC_W);
}

void cpu_check_read(struct cpu *c, int seg, uint64_t off, unsigned len)
{
    if (check_fast(c, seg, off, len, false))
        return;
    uint64_t lin = seg_linear(c, seg, off, len, ACC_R);
    translate(c, lin, ACC_R);
    if (((lin & 0xFFF) + len) > 0x1000)
        translate(c, (lin | 0xFFF) + 1, ACC_R);
}

/* ---- instruction fetch ---- */

/* Physical address of the byte at CS:RIP (CS limit checked). */
uint64_t cpu_fetch_pa(struct cpu *c);
uint64_t cpu_fetch_pa(struct cpu *c)
{
    const struct seg *cs = &c->seg[SEG_CS];
    uint64_t lin;
    if (c->dmode == DMODE_64) {
        lin = c->rip;
    } else {
        if (c->rip > cs->limit)
            cpu_gp0(c);
        lin = (cs->base + c->rip) & 0xFFFFFFFFull;
    }
    struct tlb_entry *e = tlb_slot_priv(&c->tlb, lin, acc_user(c, ACC_X));
    if (e->xtag_x == (lin & ~0xFFFull))
        return (e->phys | (lin & 0xFFF)) & c->phys->a20_mask;
    uint64_t pa = translate(c, lin, ACC_X); /* may fault */
    tlb_fill(c, lin, ACC_X);
    return pa & c->phys->a20_mask;
}

/* Copies up to max instruction bytes at CS:rip into buf, stopping at the CS
 * limit. Bytes of a second page are fetched only if want_second. Returns
 * the count, and the physical address of the first byte in *pa. */
unsigned cpu_fetch_bytes(struct cpu *c, uint8_t *buf, unsigned max, uint64_t *pa,
                         uint64_t *pa2, bool want_second);
unsigned cpu_fetch_bytes(struct cpu *c, uint8_t *buf, unsigned max, uint64_t *pa,
                         uint64_t *pa2, bool want_second)
{
    const struct seg *cs = &c->seg[SEG_CS];
    uint64_t lin;
    unsigned n = max;
    if (c->dmode == DMODE_64) {
        lin = c->rip;
    } else {
        if (c->rip > cs->limit)
            cpu_gp0(c);
        uint64_t room = (uint64_t)cs->limit - c->rip + 1;
        if (room < n)
            n = (unsigned)room;
        lin = (cs->base + c->rip) & 0xFFFFFFFFull;
    }
    unsigned first = 0x1000 - (unsigned)(lin & 0xFFF);
    if (!want_second && n > first)
        n = first;
    *pa = translate(c, lin, ACC_X) & c->phys->a20_mask;
    *pa2 = ~0ull;
    uint8_t *h = host_ptr(c, lin, ACC_X);
    unsigned n1 = n < first ? n : first;
    if (h)
        memcpy(buf, h, n1);
    else
        for (unsigned i = 0; i < n1; i++)
            buf[i] = (uint8_t)phys_read(c->phys, *pa + i, 1);
    if (n > n1) {
        uint64_t lin2 = lin + first;
        *pa2 = translate(c, lin2, ACC_X) & c->phys->a20_mask;
        for (unsigned i = n1; i < n; i++)
            buf[i] = (uint8_t)phys_read(c->phys, *pa2 + (i - n1), 1);
    }
    return n;
}

/* ---- pushes and pops through the checked accessors ---- */
#define STACK_SLOW(bits)                                                            \
    void cpu_push##bits##_slow(struct cpu *c, uint##bits##_t v)                     \
    {                                                                               \
        uint64_t m = cpu_sp_mask(c);                                                \
        uint64_t sp = (c->gpr[R_SP] - bits / 8) & m;                                \
        cpu_write##bits##_slow(c, SEG_SS, sp, v);                                   \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | sp;                                    \
    }                                                                               \
    uint##bits##_t cpu_pop##bits##_slow(struct cpu *c)                              \
    {                                                                               \
        uint64_t m = cpu_sp_mask(c);                                                \
        uint64_t sp = c->gpr[R_SP] & m;                                             \
        uint##bits##_t v = cpu_read##bits##_slow(c, SEG_SS, sp);                    \
        c->gpr[R_SP] = (c->gpr[R_SP] & ~m) | ((sp + bits / 8) & m);                 \
        return v;                                                                   \
    }
STACK_SLOW(16)
STACK_SLOW(32)
STACK_SLOW(64)
