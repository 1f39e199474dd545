/* debug/mem.c: guest memory as the debugger sees it.
 *
 * Linear addresses go through the current paging with the side-effect-free
 * walk of memory/paging.c (no accessed/dirty updates, no #PF, TLB left
 * alone); physical memory is read with phys_read_buf, which reaches ROM
 * and MMIO as the CPU would. Writes go through phys_write_buf so that
 * decoded code on the page is invalidated (self-modifying code rules).
 */
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debug/debug.h"
#include "memory/paging.h"
#include "memory/phys.h"

/* memory/paging.c provides the walk once it is linked into the CPU; until
 * then, paging is off as far as the debugger can tell and linear equals
 * physical. The weak reference keeps both builds working. */
#pragma weak mmu_translate_debug

bool dbg_lin_to_phys(struct cpu *c, uint64_t lin, uint64_t *pa)
{
    if (!(c->cr0 & CR0_PG) || !mmu_translate_debug) {
        *pa = lin & 0xFFFFFFFFull;
        if (c->mode == CPU_LONG)
            *pa = lin;
        *pa &= c->phys->a20_mask;
        return true;
    }
    struct paging_walk w;
    return mmu_translate_debug(c, lin, pa, &w);
}

static size_t access_lin(struct cpu *c, uint64_t lin, void *buf, size_t len, bool write)
{
    size_t done = 0;
    while (done < len) {
        uint64_t a = lin + done;
        size_t chunk = 0x1000 - (a & 0xFFF);
        if (chunk > len - done)
            chunk = len - done;
        uint64_t pa;
        if (!dbg_lin_to_phys(c, a, &pa))
            break;
        uint8_t *host = write ? NULL : phys_host_page(c->phys, pa & ~0xFFFull, false);
        if (host)
            memcpy((uint8_t *)buf + done, host + (pa & 0xFFF), chunk); /* RAM/ROM: no per-byte path */
        else if (write)
            phys_write_buf(c->phys, pa, (const uint8_t *)buf + done, chunk);
        else
            phys_read_buf(c->phys, pa, (uint8_t *)buf + done, chunk);
        done += chunk;
    }
    return done;
}

size_t dbg_read_lin(struct cpu *c, uint64_t lin, void *buf, size_t len)
{
    return access_lin(c, lin, buf, len, false);
}

size_t dbg_write_lin(struct cpu *c, uint64_t lin, const void *buf, size_t len)
{
    size_t n = access_lin(c, lin, (void *)buf, len, true);
    /* the TLB may hold host pointers for pages whose code map changed */
    cpu_tlb_flush(c);
    return n;
}

bool dbg_seg_linear(struct cpu *c, uint16_t sel, uint64_t off, uint64_t *lin)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86) {
        *lin = (((uint64_t)sel << 4) + (off & 0xFFFFFFFF)) & 0xFFFFFFFFull;
        return true;
    }
    if ((sel & ~3u) == 0 && !(sel & 4))
        return false; /* null selector */
    uint64_t tbase = (sel & 4) ? c->ldtr.base : c->gdtr.base;
    uint32_t tlimit = (sel & 4) ? c->ldtr.limit : c->gdtr.limit;
    if ((uint32_t)(sel & ~7u) + 7 > tlimit)
        return false;
    uint8_t d[8];
    if (dbg_read_lin(c, tbase + (sel & ~7u), d, 8) != 8)
        return false;
    if (!(d[5] & 0x80))
        return false; /* not present */
    uint64_t base = d[2] | (uint32_t)d[3] << 8 | (uint32_t)d[4] << 16 | (uint32_t)d[7] << 24;
    if (c->mode == CPU_LONG && (d[6] & 0x20) && (d[5] & 0x18) == 0x18)
        base = 0; /* a 64-bit code segment has no base (SDM Vol.3 5.2.1) */
    *lin = c->mode == CPU_LONG ? base + off : (base + off) & 0xFFFFFFFFull;
    return true;
}

uint64_t dbg_pc_linear(struct cpu *c)
{
    if (c->dmode == DMODE_64)
        return c->rip;
    return (c->seg[SEG_CS].base + c->rip) & 0xFFFFFFFFull;
}

int dbg_disasm_at(struct cpu *c, uint64_t lin, uint64_t ip, int dmode, char *text, size_t tsize,
                  uint8_t *bytes)
{
    uint8_t buf[16];
    memset(buf, 0, sizeof buf);
    size_t n = dbg_read_lin(c, lin, buf, 15);
    struct insn in;
    int r = decode(&in, buf, n, (enum dec_mode)dmode);
    if (r <= 0) {
        snprintf(text, tsize, "(invalid)");
        if (bytes)
            bytes[0] = buf[0];
        return n ? 1 : 0;
    }
    disasm(text, tsize, &in, ip);
    if (bytes)
        memcpy(bytes, buf, (size_t)r);
    return r;
}
