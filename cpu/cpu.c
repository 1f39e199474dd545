/* cpu/cpu.c: creating, resetting and freeing a CPU. */
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/prot.h"
#include "cpu/handlers.h"
#include "cpu/icache.h"
#include "memory/phys.h"

static void on_code_written(void *opaque, uint64_t pa, unsigned len)
{
    cpu_code_written(opaque, pa, len);
}

/* ROM, MMIO or RAM aliases moved: host pointers and decoded code from
 * the old contents are stale. */
static void on_map_changed(void *opaque)
{
    struct cpu *c = opaque;
    cpu_tlb_flush(c);
    icache_flush(c->icache);
    cpu_end_block(c);
}

struct cpu *cpu_new(struct machine *m, struct phys *p)
{
    struct cpu *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->mach = m;
    c->phys = p;
    c->icache = icache_new(p->ram_size, 16);
    if (!c->icache) {
        free(c);
        return NULL;
    }
    p->code_written = on_code_written;
    p->code_opaque = c;
    p->map_changed = on_map_changed;
    p->map_opaque = c;
    cpu_handlers_init();
    cpu_reset(c);
    return c;
}

void cpu_free(struct cpu *c)
{
    if (!c)
        return;
    icache_free(c->icache);
    free(c);
}

/* The state after RESET, SDM Vol.3 9.1.1 Table 9-1. */
void cpu_reset(struct cpu *c)
{
    memset(c->gpr, 0, sizeof c->gpr);
    c->gpr[R_DX] = CPU_SIGNATURE; /* SDM Vol.3 9.1.4: EDX holds the signature */
    c->eflags = F_1;
    cpu_set_status(c, 0);
    for (int i = 0; i < 6; i++) {
        c->seg[i].sel = 0;
        c->seg[i].base = 0;
        c->seg[i].limit = 0xFFFF;
        c->seg[i].attr = SA_P | SA_S | 0x3; /* present read/write accessed data */
    }
    c->seg[SEG_CS].sel = 0xF000;
    c->seg[SEG_CS].base = 0xFFFF0000;
    c->seg[SEG_CS].attr = SA_P | SA_S | 0xB; /* execute/read accessed code */
    c->rip = 0xFFF0;
    c->insn_rip = 0xFFF0;
    c->gdtr.base = c->idtr.base = 0;
    c->gdtr.limit = c->idtr.limit = 0xFFFF;
    memset(&c->ldtr, 0, sizeof c->ldtr);
    c->ldtr.limit = 0xFFFF;
    c->ldtr.attr = SA_P | 0x2;
    memset(&c->tr, 0, sizeof c->tr);
    c->tr.limit = 0xFFFF;
    c->tr.attr = SA_P | 0xB;
    c->cr0 = 0x60000010; /* CD NW ET */
    c->cr2 = c->cr3 = c->cr4 = c->cr8 = 0;
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = 0xFFFF0FF0;
    c->dr[7] = 0x400;
    c->efer = 0;
    c->msr_apic_base = 0xFEE00900; /* BSP, enabled */
    c->msr_pat = 0x0007040600070406ull;
    c->halted = false;
    c->intr_shadow = false;
    c->nmi_pending = false;
    c->pending_vec = -1;
    c->cpuid_level = 1;
    fpu_init(&c->fpu); /* SDM Vol.3 Table 9-1: x87 state after RESET */
    memset(&c->xmm, 0, sizeof c->xmm); /* Table 9-1: XMM0-15 zero, MXCSR 1F80H */
    c->xmm.mxcsr = MXCSR_DEFAULT;
    cpu_sys_reset(c); /* model, EDX signature, MSRs, debug state */
    cpu_update_mode(c);
    tlb_flush(&c->tlb);
    icache_flush(c->icache);
    cpu_end_block(c); /* a reset from inside an instruction ends its block */
}
