/* cpu/debugreg.c: debug registers DR0-DR7 as the guest sees them (SDM
 * Vol.3 17.2-17.3): instruction breakpoints (faults checked when an
 * instruction starts, suppressed by EFLAGS.RF), data write and read/write
 * breakpoints and I/O breakpoints (CR4.DE), reported as #DB traps after
 * the instruction with B0-B3 in DR6.
 *
 * Nothing here runs while DR7 enables no breakpoint: DR7 writes compute
 * cpu.dbg_armed, and the execution loop and the memory accessors test that
 * one byte before calling in.
 */
#include "cpu/prot.h"

enum { DBG_INSN = 1, DBG_DATA = 2, DBG_IO = 4 };
#define CR4_DE (1u << 3)

static unsigned bp_rw(const struct cpu *c, unsigned n)
{
    return (unsigned)(c->dr[7] >> (16 + 4 * n)) & 3u;
}
static bool bp_enabled(const struct cpu *c, unsigned n)
{
    return (c->dr[7] >> (2 * n)) & 3u;
}
/* LEN encoding: 00 1 byte, 01 2 bytes, 11 4 bytes, 10 8 bytes */
static unsigned bp_len(const struct cpu *c, unsigned n)
{
    static const unsigned len[4] = {1, 2, 8, 4};
    return len[(c->dr[7] >> (18 + 4 * n)) & 3u];
}

void dbg_dr7_changed(struct cpu *c)
{
    uint8_t armed = 0;
    for (unsigned n = 0; n < 4; n++) {
        if (!bp_enabled(c, n))
            continue;
        switch (bp_rw(c, n)) {
        case 0: armed |= DBG_INSN; break;
        case 2:
            /* I/O breakpoints exist only with CR4.DE (SDM Vol.3 17.2.4) */
            if (c->cr4 & CR4_DE)
                armed |= DBG_IO;
            break;
        default: armed |= DBG_DATA; break;
        }
    }
    c->dbg_armed = armed;
    c->acc_check = (uint8_t)((c->acc_check & ~1u) | ((armed & DBG_DATA) ? 1u : 0u));
}

void dbg_insn_check(struct cpu *c)
{
    if (c->eflags & F_RF)
        return; /* SDM Vol.3 17.3.1.1: RF suppresses instruction breakpoints */
    uint64_t lin = c->seg[SEG_CS].base + c->rip;
    if (c->dmode != DMODE_64)
        lin &= 0xFFFFFFFFull;
    uint32_t hits = 0;
    for (unsigned n = 0; n < 4; n++)
        if (bp_enabled(c, n) && bp_rw(c, n) == 0 && c->dr[n] == lin)
            hits |= 1u << n;
    if (hits) {
        c->dr[6] = (c->dr[6] & ~0xFull) | hits;
        cpu_fault_noerr(c, EXC_DB);
    }
}

static uint32_t match(struct cpu *c, uint64_t addr, unsigned len, unsigned want_rw)
{
    uint32_t hits = 0;
    for (unsigned n = 0; n < 4; n++) {
        if (!bp_enabled(c, n))
            continue;
        unsigned rw = bp_rw(c, n);
        bool ok = want_rw == 1 ? (rw == 1 || rw == 3) : rw == want_rw;
        if (!ok)
            continue;
        unsigned bl = bp_len(c, n);
        uint64_t b = c->dr[n] & ~(uint64_t)(bl - 1);
        if (addr < b + bl && b < addr + len)
            hits |= 1u << n;
    }
    return hits;
}

void dbg_data_check(struct cpu *c, uint64_t lin, unsigned len, bool write)
{
    /* writes trigger RW=01 and RW=11, reads only RW=11 */
    c->dbg_pending |= match(c, lin, len, write ? 1u : 3u);
}

void dbg_io_check(struct cpu *c, uint16_t port, unsigned len)
{
    if (c->dbg_armed & DBG_IO)
        c->dbg_pending |= match(c, port, len, 2u);
}

void dbg_trap_end(struct cpu *c)
{
    uint32_t p = c->dbg_pending;
    c->dbg_pending = 0;
    if (p & 0xFu)
        c->dr[6] = (c->dr[6] & ~0xFull) | (p & 0xFu);
    c->dr[6] |= p & 0xE000u; /* BD BS BT */
    c->insn_rip = c->rip;
    cpu_deliver(c, EXC_DB, INT_EXC, false, 0);
}
