/* cpu/system.c: flag instructions, HLT, CPUID, RDTSC, control and debug
 * registers, descriptor-table registers, MSRs, LLDT/LTR/SLDT/STR,
 * LAR/LSL/VERR/VERW, ARPL, UD0/UD1/UD2, FWAIT.
 */
#include <string.h>

#include "cpu/handlers.h"
#include "cpu/insn_util.h"
#include "cpu/prot.h"
#include "machine/log.h"
#include "machine/machine.h"
#include "memory/paging.h"
#include "iodev/apic_bus.h"

#define CR4_VME (1u << 0)
#define CR4_PVI (1u << 1)
#define CR4_TSD (1u << 2)
#define CR4_DE (1u << 3)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_PGE (1u << 7)
#define CR4_PCE (1u << 8)
#define CR4_UMIP (1u << 11)
/* CR4 bits that may be set: VME..OSXMMEXCPT and UMIP (SDM Vol.3 2.5);
 * anything else is reserved here and #GP(0) on write. */
#define CR4_VALID 0x0FFFull

#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

/* Privileged instructions: CPL 0 (real mode is CPL 0; V86 is CPL 3). */
static void need_cpl0(struct cpu *c)
{
    if (c->mode == CPU_V86 || (c->mode != CPU_REAL && c->cpl != 0))
        cpu_gp0(c);
}

static unsigned iopl(struct cpu *c)
{
    return (c->eflags & F_IOPL) >> 12;
}

/* Instructions that are not recognized in real-address and V86 mode. */
static void need_prot(struct cpu *c)
{
    if (c->mode == CPU_REAL || c->mode == CPU_V86)
        cpu_ud(c);
}

/* SDM Vol.3 2.5: with CR4.UMIP, SGDT SIDT SLDT SMSW STR need CPL 0. */
static void umip_check(struct cpu *c)
{
    if ((c->cr4 & CR4_UMIP) && c->mode != CPU_REAL && c->cpl > 0)
        cpu_gp0(c);
}

/* ---- flag instructions ---- */

static HANDLER(clc)
{
    (void)i;
    cpu_set_cf(c, false);
}
static HANDLER(stc)
{
    (void)i;
    cpu_set_cf(c, true);
}
static HANDLER(cmc)
{
    (void)i;
    cpu_set_cf(c, !cpu_cf(c));
}
static HANDLER(cld)
{
    (void)i;
    c->eflags &= ~(uint32_t)F_DF;
}
static HANDLER(std_)
{
    (void)i;
    c->eflags |= F_DF;
}

/* SDM CLI/STI: in protected mode IF may change when CPL <= IOPL, in V86
 * mode when IOPL = 3; otherwise CR4.VME (V86) or CR4.PVI (CPL 3) make
 * them change VIF instead (cpu/v86.c), else #GP(0). Returns false when
 * VIF was the flag changed. */
static bool if_check(struct cpu *c, bool sti)
{
    bool denied = c->mode == CPU_V86 ? iopl(c) < 3 : (c->mode != CPU_REAL && c->cpl > iopl(c));
    if (!denied)
        return true;
    if (!v86_cli_sti(c, sti))
        cpu_gp0(c);
    return false;
}
static HANDLER(cli)
{
    (void)i;
    if (if_check(c, false))
        c->eflags &= ~(uint32_t)F_IF;
}
/* STI: interrupts stay inhibited until after the next instruction, but
 * only when IF was clear before (SDM STI). */
static HANDLER(sti)
{
    (void)i;
    if (!if_check(c, true))
        return;
    if (!(c->eflags & F_IF))
        c->intr_shadow = true;
    c->eflags |= F_IF;
}

static HANDLER(hlt)
{
    (void)i;
    need_cpl0(c);
    c->halted = true;
}

/* ---- CPUID ---- */

/* The models and their leaves are in cpu/cpuid.c. */
static HANDLER(cpuid)
{
    (void)i;
    uint32_t r[4];
    cpu_cpuid(c, cpu_get32(c, R_AX), r);
    cpu_set32(c, R_AX, r[0]);
    cpu_set32(c, R_BX, r[1]);
    cpu_set32(c, R_CX, r[2]);
    cpu_set32(c, R_DX, r[3]);
}

/* ---- time stamp counter ---- */

/* SDM RDTSC: with CR4.TSD, only CPL 0 may read the counter. */
static HANDLER(rdtsc)
{
    (void)i;
    if ((c->cr4 & CR4_TSD) && (c->mode == CPU_V86 || (c->mode != CPU_REAL && c->cpl > 0)))
        cpu_gp0(c);
    uint64_t t = cpu_icount(c) + c->tsc_offset;
    cpu_set32(c, R_AX, (uint32_t)t);
    cpu_set32(c, R_DX, (uint32_t)(t >> 32));
}

/* SDM RDTSCP: as RDTSC, and ECX = IA32_TSC_AUX; #UD where CPUID does not
 * report it. */
static HANDLER(rdtscp)
{
    if (!cpu_model_has_rdtscp(c))
        cpu_ud(c);
    rdtsc(c, i);
    cpu_set32(c, R_CX, (uint32_t)c->msr_tsc_aux);
}

/* SDM RDPMC: CPL 0 or CR4.PCE; ECX selects a counter of the model, else
 * #GP(0). No event is programmed to count, so counters read 0 (their
 * value after reset). */
static HANDLER(rdpmc)
{
    (void)i;
    bool ok = c->mode == CPU_REAL || (c->mode != CPU_V86 && c->cpl == 0) || (c->cr4 & CR4_PCE);
    if (!ok || cpu_get32(c, R_CX) >= cpu_model_pmcs(c))
        cpu_gp0(c);
    cpu_set32(c, R_AX, 0);
    cpu_set32(c, R_DX, 0);
}

/* ---- SYSENTER / SYSEXIT (SDM Vol.3 5.8.7 and the instruction pages) ---- */

/* Flat 4 GiB segment caches that SYSENTER/SYSEXIT load without reading
 * the GDT. */
static void flat_seg(struct seg *s, uint16_t sel, bool code, unsigned dpl)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0xFFFFFFFFu;
    s->attr = (uint16_t)(SA_P | SA_S | SA_DB | SA_G | (dpl << 5) | (code ? 0xB : 0x3));
}

static HANDLER(sysenter)
{
    (void)i;
    if (!cpu_model_has_sep(c))
        cpu_ud(c);
    if (c->mode == CPU_REAL || (c->msr_sysenter_cs & 0xFFFCu) == 0)
        cpu_gp0(c);
    uint16_t cs = (uint16_t)(c->msr_sysenter_cs & 0xFFFCu);
    c->eflags &= ~(uint32_t)(F_VM | F_IF | F_RF);
    flat_seg(&c->seg[SEG_CS], cs, true, 0);
    flat_seg(&c->seg[SEG_SS], (uint16_t)(cs + 8), false, 0);
    c->cpl = 0;
    cpu_update_mode(c);
    c->gpr[R_SP] = (uint32_t)c->msr_sysenter_esp;
    c->rip = (uint32_t)c->msr_sysenter_eip;
}

static HANDLER(sysexit)
{
    (void)i;
    if (!cpu_model_has_sep(c))
        cpu_ud(c);
    if (c->mode == CPU_REAL || c->mode == CPU_V86 || c->cpl != 0 ||
        (c->msr_sysenter_cs & 0xFFFCu) == 0)
        cpu_gp0(c);
    uint16_t cs = (uint16_t)(c->msr_sysenter_cs & 0xFFFCu);
    flat_seg(&c->seg[SEG_CS], (uint16_t)((cs + 16) | 3), true, 3);
    flat_seg(&c->seg[SEG_SS], (uint16_t)((cs + 24) | 3), false, 3);
    c->cpl = 3;
    cpu_update_mode(c);
    c->gpr[R_SP] = cpu_get32(c, R_CX);
    c->rip = cpu_get32(c, R_DX);
}

/* ---- MSRs ---- */

enum {
    MSR_TSC = 0x10, MSR_APIC_BASE = 0x1B, MSR_TSC_DEADLINE = 0x6E0, MSR_SYSENTER_CS = 0x174,
    MSR_SYSENTER_ESP = 0x175, MSR_SYSENTER_EIP = 0x176, MSR_MISC_ENABLE = 0x1A0,
    MSR_PAT = 0x277, MSR_EFER = 0xC0000080u, MSR_STAR = 0xC0000081u,
    MSR_LSTAR = 0xC0000082u, MSR_CSTAR = 0xC0000083u, MSR_SFMASK = 0xC0000084u,
    MSR_FS_BASE = 0xC0000100u, MSR_GS_BASE = 0xC0000101u,
    MSR_KERNEL_GS_BASE = 0xC0000102u, MSR_TSC_AUX = 0xC0000103u,
    MSR_MTRRCAP = 0xFE, MSR_MTRR_PHYS0 = 0x200, MSR_MTRR_FIX64K = 0x250,
    MSR_MTRR_FIX16K_80 = 0x258, MSR_MTRR_FIX16K_A0 = 0x259, MSR_MTRR_FIX4K_C0 = 0x268,
    MSR_MTRR_FIX4K_F8 = 0x26F, MSR_MTRR_DEFTYPE = 0x2FF, MSR_PLATFORM_ID = 0x17,
    MSR_BIOS_SIGN_ID = 0x8B,
};

/* SDM Vol.3 12.11: 8 variable ranges (PHYSBASE/PHYSMASK pairs from 200H),
 * fixed ranges at 250H, 258H, 259H, 268H-26FH, and the default type. */
static int mtrr_fixed_index(uint32_t msr)
{
    if (msr == MSR_MTRR_FIX64K)
        return 0;
    if (msr == MSR_MTRR_FIX16K_80 || msr == MSR_MTRR_FIX16K_A0)
        return 1 + (int)(msr - MSR_MTRR_FIX16K_80);
    if (msr >= MSR_MTRR_FIX4K_C0 && msr <= MSR_MTRR_FIX4K_F8)
        return 3 + (int)(msr - MSR_MTRR_FIX4K_C0);
    return -1;
}
static bool mtrr_type_ok(unsigned t) { return t == 0 || t == 1 || t == 4 || t == 5 || t == 6; }

/* Reads an MSR not handled in rdmsr's switch; false when unknown. */
static bool rdmsr_more(struct cpu *c, uint32_t msr, uint64_t *v)
{
    if (!cpu_model_has_sep(c) && msr >= MSR_SYSENTER_CS && msr <= MSR_SYSENTER_EIP)
        return false;
    int f = mtrr_fixed_index(msr);
    if (f >= 0) {
        *v = c->msr_mtrr_fixed[f];
        return true;
    }
    if (msr >= MSR_MTRR_PHYS0 && msr < MSR_MTRR_PHYS0 + 16) {
        *v = c->msr_mtrr_var[msr - MSR_MTRR_PHYS0];
        return true;
    }
    if (cpu_model_has_p6_msrs(c) && msr == MSR_PLATFORM_ID) {
        *v = cpu_model_platform_id(c);
        return true;
    }
    if (cpu_model_has_p6_msrs(c) && msr == MSR_BIOS_SIGN_ID) {
        *v = cpu_model_bios_sign_id(c);
        return true;
    }
    switch (msr) {
    case MSR_MTRRCAP: *v = 0x508; return true; /* 8 variable, fixed, WC */
    case MSR_MTRR_DEFTYPE: *v = c->msr_mtrr_deftype; return true;
    case MSR_TSC_AUX:
        if (!cpu_model_has_rdtscp(c))
            return false;
        *v = c->msr_tsc_aux;
        return true;
    default: return false;
    }
}

static bool wrmsr_more(struct cpu *c, uint32_t msr, uint64_t v)
{
    int f = mtrr_fixed_index(msr);
    if (f >= 0) {
        for (int k = 0; k < 8; k++)
            if (!mtrr_type_ok((unsigned)(v >> (8 * k)) & 0xFFu))
                cpu_gp0(c);
        c->msr_mtrr_fixed[f] = v;
        return true;
    }
    if (msr >= MSR_MTRR_PHYS0 && msr < MSR_MTRR_PHYS0 + 16) {
        /* 36-bit physical addresses: PHYSBASE bits 11:8 and PHYSMASK
         * bits 10:0 are reserved */
        bool is_mask = msr & 1u;
        uint64_t rsvd = ~0xFFFFFFFFFull | (is_mask ? 0x7FFull : 0xF00ull);
        if ((v & rsvd) || (!is_mask && !mtrr_type_ok(v & 0xFFu)))
            cpu_gp0(c);
        c->msr_mtrr_var[msr - MSR_MTRR_PHYS0] = v;
        return true;
    }
    /* the microcode revision register takes any value and reads the
     * model's revision once CPUID has run (there is no update to load) */
    if (cpu_model_has_p6_msrs(c) && msr == MSR_BIOS_SIGN_ID)
        return true;
    switch (msr) {
    case MSR_MTRR_DEFTYPE:
        if ((v & ~0xCFFull) || !mtrr_type_ok(v & 0xFFu))
            cpu_gp0(c);
        c->msr_mtrr_deftype = v;
        return true;
    case MSR_TSC_AUX:
        if (!cpu_model_has_rdtscp(c))
            return false;
        c->msr_tsc_aux = v & 0xFFFFFFFFu;
        return true;
    default: return false;
    }
}

/* An MSR the model does not have: #GP(0), logged; with cpu:
 * ignore_bad_msrs=1 reads give 0 and writes are dropped (as Bochs). */
static uint64_t bad_msr(struct cpu *c, uint32_t msr, bool write, uint64_t v)
{
    bool ignore = c->mach && c->mach->cfg && c->mach->cfg->ignore_bad_msrs;
    log_msg(c->mach, LOG_INFO, "cpu", "%s of unknown MSR %#x (value %#llx)%s",
            write ? "WRMSR" : "RDMSR", msr, (unsigned long long)v,
            ignore ? ": ignored" : ": #GP(0)");
    if (!ignore)
        cpu_gp0(c);
    return 0;
}

static HANDLER(rdmsr)
{
    (void)i;
    need_cpl0(c);
    uint64_t v;
    switch (cpu_get32(c, R_CX)) {
    case MSR_TSC: v = cpu_icount(c) + c->tsc_offset; break;
    case MSR_APIC_BASE: v = c->msr_apic_base; break;
    case MSR_TSC_DEADLINE:
        v = c->mach && c->mach->lapic ? lapic_tsc_deadline_read(c->mach->lapic)
                                      : bad_msr(c, MSR_TSC_DEADLINE, false, 0);
        break;
    case MSR_SYSENTER_CS: v = c->msr_sysenter_cs; break;
    case MSR_SYSENTER_ESP: v = c->msr_sysenter_esp; break;
    case MSR_SYSENTER_EIP: v = c->msr_sysenter_eip; break;
    case MSR_MISC_ENABLE: v = c->msr_misc_enable; break;
    case MSR_PAT: v = c->msr_pat; break;
    case MSR_EFER: v = c->efer; break;
    case MSR_STAR: v = c->msr_star; break;
    case MSR_LSTAR: v = c->msr_lstar; break;
    case MSR_CSTAR: v = c->msr_cstar; break;
    case MSR_SFMASK: v = c->msr_sfmask; break;
    case MSR_FS_BASE: v = c->seg[SEG_FS].base; break;
    case MSR_GS_BASE: v = c->seg[SEG_GS].base; break;
    case MSR_KERNEL_GS_BASE: v = c->msr_kernel_gs_base; break;
    default:
        if (!rdmsr_more(c, cpu_get32(c, R_CX), &v))
            v = bad_msr(c, cpu_get32(c, R_CX), false, 0);
    }
    cpu_set32(c, R_AX, (uint32_t)v);
    cpu_set32(c, R_DX, (uint32_t)(v >> 32));
}

/* PAT entries must each hold a valid memory type: 0 1 4 5 6 7 (SDM Vol.3
 * 12.12.2). */
static bool pat_valid(uint64_t v)
{
    for (int k = 0; k < 8; k++) {
        unsigned t = (unsigned)(v >> (k * 8)) & 0xFFu;
        if (t == 2 || t == 3 || t > 7)
            return false;
    }
    return true;
}

static void need_canonical(struct cpu *c, uint64_t v)
{
    if (!canonical48(v))
        cpu_gp0(c);
}

static HANDLER(wrmsr)
{
    (void)i;
    need_cpl0(c);
    uint64_t v = ((uint64_t)cpu_get32(c, R_DX) << 32) | cpu_get32(c, R_AX);
    switch (cpu_get32(c, R_CX)) {
    case MSR_TSC:
        c->tsc_offset = v - cpu_icount(c);
        break;
    case MSR_APIC_BASE:
        /* bits 7:0, 10 and above the physical address width are reserved */
        if (v & ~0xFFFFFFFFFull || v & 0x4FFull)
            cpu_gp0(c);
        c->msr_apic_base = v;
        if (c->mach && c->mach->lapic)
            lapic_base_written(c->mach->lapic, v); /* relocation, global enable */
        break;
    case MSR_TSC_DEADLINE:
        if (c->mach && c->mach->lapic)
            lapic_tsc_deadline_write(c->mach->lapic, v);
        else
            bad_msr(c, MSR_TSC_DEADLINE, true, v);
        break;
    case MSR_SYSENTER_CS: c->msr_sysenter_cs = v & 0xFFFFu; break;
    case MSR_SYSENTER_ESP: need_canonical(c, v); c->msr_sysenter_esp = v; break;
    case MSR_SYSENTER_EIP: need_canonical(c, v); c->msr_sysenter_eip = v; break;
    case MSR_MISC_ENABLE: c->msr_misc_enable = v; break;
    case MSR_PAT:
        if (!pat_valid(v))
            cpu_gp0(c);
        c->msr_pat = v;
        break;
    case MSR_EFER:
        /* SDM Vol.3 2.2.1: LMA is read-only; LME cannot change while
         * paging is on. */
        if (v & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE))
            cpu_gp0(c);
        /* bits of features the model does not report are reserved */
        if (!cpu_model_efer_ok(c, v & ~EFER_LMA))
            cpu_gp0(c);
        if ((c->cr0 & CR0_PG) && ((v ^ c->efer) & EFER_LME))
            cpu_gp0(c);
        c->efer = (v & ~EFER_LMA) | (c->efer & EFER_LMA);
        cpu_update_mode(c);
        cpu_tlb_flush(c);
        break;
    case MSR_STAR: c->msr_star = v; break;
    case MSR_LSTAR: need_canonical(c, v); c->msr_lstar = v; break;
    case MSR_CSTAR: need_canonical(c, v); c->msr_cstar = v; break;
    case MSR_SFMASK: c->msr_sfmask = v & 0xFFFFFFFFu; break;
    case MSR_FS_BASE: need_canonical(c, v); c->seg[SEG_FS].base = v; break;
    case MSR_GS_BASE: need_canonical(c, v); c->seg[SEG_GS].base = v; break;
    case MSR_KERNEL_GS_BASE: need_canonical(c, v); c->msr_kernel_gs_base = v; break;
    default:
        if (!wrmsr_more(c, cpu_get32(c, R_CX), v))
            bad_msr(c, cpu_get32(c, R_CX), true, v);
    }
}

/* ---- control registers ---- */

/* SDM MOV (control registers) and Vol.3 2.5. */
static void write_cr0(struct cpu *c, uint64_t v)
{
    if (v >> 32)
        cpu_gp0(c);
    /* ET is hardwired to 1; other reserved bits are ignored */
    v = (v & (CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_NE | CR0_WP | CR0_AM | CR0_NW |
              CR0_CD | CR0_PG)) | CR0_ET;
    if ((v & CR0_PG) && !(v & CR0_PE))
        cpu_gp0(c);
    if ((v & CR0_NW) && !(v & CR0_CD))
        cpu_gp0(c);
    if ((v & CR0_PG) && !(c->cr0 & CR0_PG) && (c->efer & EFER_LME)) {
        /* enabling IA-32e mode needs PAE */
        if (!(c->cr4 & CR4_PAE))
            cpu_gp0(c);
    }
    if (!(v & CR0_PG) && in64(c))
        cpu_gp0(c);
    if (in64(c) && !(v & CR0_PE))
        cpu_gp0(c);
    uint64_t old = c->cr0;
    c->cr0 = v;
    /* alignment checks become possible (cpu/access.c) */
    c->acc_check = (uint8_t)((c->acc_check & ~2u) | ((v & CR0_AM) ? 2u : 0u));
    if ((v & CR0_PG) && (c->efer & EFER_LME))
        c->efer |= EFER_LMA;
    else
        c->efer &= ~EFER_LMA;
    cpu_update_mode(c);
    mmu_cr_written(c, 0, old, v);
}

static void write_cr4(struct cpu *c, uint64_t v)
{
    if (v & ~CR4_VALID)
        cpu_gp0(c);
    /* PAE cannot be cleared in IA-32e mode */
    if ((c->efer & EFER_LMA) && !(v & CR4_PAE))
        cpu_gp0(c);
    uint64_t old = c->cr4;
    c->cr4 = v;
    dbg_dr7_changed(c); /* CR4.DE arms or disarms I/O breakpoints */
    mmu_cr_written(c, 4, old, v);
}

static void write_cr(struct cpu *c, unsigned n, uint64_t v)
{
    switch (n) {
    case 0: write_cr0(c, v); break;
    case 2: c->cr2 = v; break;
    case 3: {
        uint64_t old = c->cr3;
        /* SDM MOV CR3 (64-bit mode): bits above MAXPHYADDR are reserved */
        if (in64(c) && (v >> MMU_MAXPHYADDR))
            cpu_gp0(c);
        c->cr3 = in64(c) ? v : (uint32_t)v;
        mmu_cr_written(c, 3, old, c->cr3);
        break;
    }
    case 4: write_cr4(c, v); break;
    case 8:
        if (v & ~0xFull)
            cpu_gp0(c);
        /* SDM Vol.3 10.8.6.1: CR8[3:0] is TPR[7:4] of the local APIC
         * (TPR[3:0] <- 0); without a LAPIC the CPU keeps it */
        if (c->mach && c->mach->lapic)
            lapic_reg_write(c->mach->lapic, 0x80, (uint32_t)v << 4);
        c->cr8 = v;
        break;
    default: cpu_ud(c);
    }
}

static uint64_t read_cr(struct cpu *c, unsigned n)
{
    switch (n) {
    case 0: return c->cr0;
    case 2: return c->cr2;
    case 3: return c->cr3;
    case 4: return c->cr4;
    case 8:
        if (c->mach && c->mach->lapic)
            return (lapic_reg_read(c->mach->lapic, 0x80) >> 4) & 0xFu;
        return c->cr8;
    default: cpu_ud(c);
    }
}

/* CR8 exists only in 64-bit mode. The r/m field always names a register. */
static unsigned cr_num(struct cpu *c, const struct insn *i)
{
    unsigned n = i->reg;
    if (n == 8 && !in64(c))
        cpu_ud(c);
    return n;
}
static HANDLER(mov_rdcd32)
{
    unsigned n = cr_num(c, i);
    need_cpl0(c);
    cpu_set32(c, i->rm, (uint32_t)read_cr(c, n));
}
static HANDLER(mov_rdcd64)
{
    unsigned n = cr_num(c, i);
    need_cpl0(c);
    cpu_set64(c, i->rm, read_cr(c, n));
}
static HANDLER(mov_cdrd32)
{
    unsigned n = cr_num(c, i);
    need_cpl0(c);
    write_cr(c, n, cpu_get32(c, i->rm));
}
static HANDLER(mov_cdrd64)
{
    unsigned n = cr_num(c, i);
    need_cpl0(c);
    write_cr(c, n, cpu_get64(c, i->rm));
}

/* Debug registers: DR4/DR5 alias DR6/DR7 unless CR4.DE, which makes them
 * #UD (SDM Vol.3 18.2.2). DR6/DR7 keep their fixed bits. */
static unsigned dr_num(struct cpu *c, const struct insn *i)
{
    unsigned n = i->reg;
    if (n > 7)
        cpu_ud(c);
    if (n == 4 || n == 5) {
        if (c->cr4 & CR4_DE)
            cpu_ud(c);
        n += 2;
    }
    return n;
}
static void write_dr(struct cpu *c, unsigned n, uint64_t v)
{
    if (n >= 6 && (v >> 32))
        cpu_gp0(c);
    if (n == 6)
        v = (v & 0x0000E00Full) | 0xFFFF0FF0ull;
    else if (n == 7)
        v = (v & 0xFFFF2BFFull) | 0x400ull;
    c->dr[n & 7u] = v;
    if (n == 7)
        dbg_dr7_changed(c);
}

/* SDM Vol.3 17.2.4: with DR7.GD any MOV to or from a debug register is a
 * #DB fault with DR6.BD set; GD is cleared so that the handler can use
 * the registers. */
static void gd_check(struct cpu *c)
{
    if (c->dr[7] & (1u << 13)) {
        c->dr[7] &= ~(uint64_t)(1u << 13);
        c->dr[6] |= 0x2000u;
        dbg_dr7_changed(c);
        cpu_fault_noerr(c, EXC_DB);
    }
}
static HANDLER(mov_rddd32)
{
    unsigned n = dr_num(c, i);
    need_cpl0(c);
    gd_check(c);
    cpu_set32(c, i->rm, (uint32_t)c->dr[n]);
}
static HANDLER(mov_rddd64)
{
    unsigned n = dr_num(c, i);
    need_cpl0(c);
    gd_check(c);
    cpu_set64(c, i->rm, c->dr[n]);
}
static HANDLER(mov_ddrd32)
{
    unsigned n = dr_num(c, i);
    need_cpl0(c);
    gd_check(c);
    write_dr(c, n, cpu_get32(c, i->rm));
}
static HANDLER(mov_ddrd64)
{
    unsigned n = dr_num(c, i);
    need_cpl0(c);
    gd_check(c);
    write_dr(c, n, cpu_get64(c, i->rm));
}

/* LMSW loads PE MP EM TS; it can set PE but never clear it (SDM LMSW). */
static void lmsw(struct cpu *c, uint16_t v)
{
    need_cpl0(c);
    uint64_t keep = c->cr0 & ~0xEull;
    c->cr0 = keep | (v & 0xFu) | (c->cr0 & CR0_PE);
    cpu_update_mode(c);
}
static HANDLER(lmsw_r) { lmsw(c, cpu_get16(c, i->rm)); }
static HANDLER(lmsw_m) { lmsw(c, cpu_read16(c, i->seg, cpu_ea(c, i))); }

/* SMSW: a memory destination gets 16 bits; a register gets CR0 truncated
 * to the operand size. */
static HANDLER(smsw_r16) { umip_check(c); cpu_set16(c, i->rm, (uint16_t)c->cr0); }
static HANDLER(smsw_r32) { umip_check(c); cpu_set32(c, i->rm, (uint32_t)c->cr0); }
static HANDLER(smsw_r64) { umip_check(c); cpu_set64(c, i->rm, c->cr0); }
static HANDLER(smsw_m)
{
    umip_check(c);
    cpu_write16(c, i->seg, cpu_ea(c, i), (uint16_t)c->cr0);
}

static HANDLER(clts)
{
    (void)i;
    need_cpl0(c);
    c->cr0 &= ~(uint64_t)CR0_TS;
}
static HANDLER(invd)
{
    (void)i;
    need_cpl0(c);
}
/* INVLPG m: the linear address of m, no segment limit check (SDM INVLPG). */
static HANDLER(invlpg)
{
    need_cpl0(c);
    uint64_t ea = cpu_ea(c, i);
    uint64_t base = in64(c) && i->seg < SEG_FS ? 0 : c->seg[i->seg].base;
    uint64_t lin = base + ea;
    mmu_invlpg(c, in64(c) ? lin : (uint32_t)lin);
}

/* ---- GDTR / IDTR ---- */

/* LGDT/LIDT: 16-bit limit, then the base: 24 bits with a 16-bit operand
 * size, 32 bits with 32, 64 bits in 64-bit mode (SDM LGDT/LIDT). */
static void load_dtr(struct cpu *c, const struct insn *i, struct dtr *d, int size)
{
    need_cpl0(c);
    uint64_t ea = cpu_ea(c, i);
    uint16_t limit = cpu_read16(c, i->seg, ea);
    uint64_t base;
    if (in64(c)) {
        base = cpu_read64(c, i->seg, (ea + 2) & i->amask);
        need_canonical(c, base);
    } else {
        base = cpu_read32(c, i->seg, (ea + 2) & i->amask);
        if (size == 16)
            base &= 0xFFFFFFu;
    }
    d->limit = limit;
    d->base = base;
}
static HANDLER(lgdt16) { load_dtr(c, i, &c->gdtr, 16); }
static HANDLER(lgdt32) { load_dtr(c, i, &c->gdtr, 32); }
static HANDLER(lidt16) { load_dtr(c, i, &c->idtr, 16); }
static HANDLER(lidt32) { load_dtr(c, i, &c->idtr, 32); }

/* SGDT/SIDT store the limit and a full 32-bit base (64 in 64-bit mode)
 * whatever the operand size on 386 and later CPUs. */
static void store_dtr(struct cpu *c, const struct insn *i, const struct dtr *d)
{
    umip_check(c);
    uint64_t ea = cpu_ea(c, i);
    unsigned n = in64(c) ? 10 : 6;
    cpu_check_write(c, i->seg, ea, n);
    cpu_write16(c, i->seg, ea, (uint16_t)d->limit);
    if (n == 10)
        cpu_write64(c, i->seg, (ea + 2) & i->amask, d->base);
    else
        cpu_write32(c, i->seg, (ea + 2) & i->amask, (uint32_t)d->base);
}
static HANDLER(sgdt) { store_dtr(c, i, &c->gdtr); }
static HANDLER(sidt) { store_dtr(c, i, &c->idtr); }

/* ---- LDTR / TR and descriptor inspection ---- */

/* Reads the 8-byte descriptor for sel from the GDT or LDT. Returns false
 * when the selector is outside the table (or the LDT is not valid). */
static bool desc_read(struct cpu *c, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    struct desc d;
    if (!seg_desc_fetch(c, sel, &d))
        return false;
    *lo = d.lo;
    *hi = d.hi;
    return true;
}

static void desc_to_cache(struct seg *s, uint16_t sel, uint32_t lo, uint32_t hi)
{
    s->sel = sel;
    s->attr = (uint16_t)((hi >> 8) & 0xF0FFu);
    uint32_t limit = (lo & 0xFFFFu) | (hi & 0xF0000u);
    if (hi & (1u << 23))
        limit = (limit << 12) | 0xFFFu;
    s->limit = limit;
    s->base = (lo >> 16) | ((hi & 0xFFu) << 16) | (hi & 0xFF000000u);
}

/* System descriptors are 16 bytes in IA-32e mode: bits 63:32 of the base
 * follow in the next 8 bytes. */
static void desc_base_high(struct cpu *c, uint16_t sel, struct seg *s)
{
    if (c->mode == CPU_LONG) {
        if ((uint32_t)(sel | 7u) + 8 > c->gdtr.limit)
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
        /* SDM LLDT/LTR: the type field of the upper half must be 0, and
         * the base canonical */
        if (cpu_lread32(c, c->gdtr.base + (sel & ~7u) + 12) & 0x1F00u)
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
        s->base |= (uint64_t)cpu_lread32(c, c->gdtr.base + (sel & ~7u) + 8) << 32;
        if (!canonical48(s->base))
            cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    }
}

/* SDM LLDT: a null selector marks the LDT invalid; otherwise the selector
 * must name an LDT descriptor in the GDT. */
static void lldt(struct cpu *c, uint16_t sel)
{
    need_prot(c);
    need_cpl0(c);
    if ((sel & 0xFFFCu) == 0) {
        c->ldtr.sel = sel;
        c->ldtr.attr = 0;
        return;
    }
    uint32_t lo, hi;
    if ((sel & 4u) || !desc_read(c, sel, &lo, &hi))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if ((hi & 0x1F00u) != 0x0200u) /* S=0, type 2 */
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!(hi & 0x8000u))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    struct seg s;
    desc_to_cache(&s, sel, lo, hi);
    desc_base_high(c, sel, &s);
    c->ldtr = s;
}
static HANDLER(lldt_r) { lldt(c, cpu_get16(c, i->rm)); }
static HANDLER(lldt_m)
{
    need_prot(c);
    lldt(c, cpu_read16(c, i->seg, cpu_ea(c, i)));
}

/* SDM LTR: an available TSS descriptor in the GDT, marked busy on load. */
static void ltr(struct cpu *c, uint16_t sel)
{
    need_prot(c);
    need_cpl0(c);
    if ((sel & 0xFFFCu) == 0)
        cpu_gp0(c);
    uint32_t lo, hi;
    if ((sel & 4u) || !desc_read(c, sel, &lo, &hi))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    unsigned type = (hi >> 8) & 0x1Fu; /* S and type */
    if (type != 9 && !(type == 1 && c->mode != CPU_LONG))
        cpu_fault(c, EXC_GP, sel & 0xFFFCu);
    if (!(hi & 0x8000u))
        cpu_fault(c, EXC_NP, sel & 0xFFFCu);
    struct seg s;
    desc_to_cache(&s, sel, lo, hi);
    desc_base_high(c, sel, &s);
    hi |= 0x200u; /* busy */
    cpu_lwrite32(c, c->gdtr.base + (sel & ~7u) + 4, hi);
    s.attr |= 0x2u;
    c->tr = s;
}
static HANDLER(ltr_r) { ltr(c, cpu_get16(c, i->rm)); }
static HANDLER(ltr_m)
{
    need_prot(c);
    ltr(c, cpu_read16(c, i->seg, cpu_ea(c, i)));
}

/* SLDT/STR: a register destination gets the zero-extended selector, a
 * memory destination 16 bits. */
#define DEF_SSEL_R(NAME, FIELD, W)                                              \
    static HANDLER(NAME##_r##W)                                                 \
    {                                                                           \
        need_prot(c);                                                           \
        umip_check(c);                                                          \
        cpu_set##W(c, i->rm, c->FIELD.sel);                                     \
    }
#define DEF_SSEL(NAME, FIELD)                                                   \
    DEF_SSEL_R(NAME, FIELD, 16)                                                 \
    DEF_SSEL_R(NAME, FIELD, 32)                                                 \
    DEF_SSEL_R(NAME, FIELD, 64)                                                 \
    static HANDLER(NAME##_m)                                                    \
    {                                                                           \
        need_prot(c);                                                           \
        umip_check(c);                                                          \
        cpu_write16(c, i->seg, cpu_ea(c, i), c->FIELD.sel);                     \
    }
DEF_SSEL(sldt, ldtr)
DEF_SSEL(str, tr)

/* Common visibility rule of LAR/LSL/VERR/VERW: a data or non-conforming
 * code segment (and a system descriptor) needs DPL >= CPL and DPL >= RPL. */
static bool desc_visible(struct cpu *c, uint16_t sel, uint32_t hi)
{
    unsigned dpl = (hi >> 13) & 3u, type = (hi >> 8) & 0xFu;
    bool conforming_code = (hi & 0x1000u) && (type & 0xCu) == 0xCu;
    if (conforming_code)
        return true;
    return dpl >= c->cpl && dpl >= (sel & 3u);
}

/* System types LAR accepts (SDM LAR, Table "Segment and Gate Types"). */
static bool lar_type_ok(struct cpu *c, uint32_t hi)
{
    if (hi & 0x1000u)
        return true;
    unsigned t = (hi >> 8) & 0xFu;
    if (c->mode == CPU_LONG)
        return t == 2 || t == 9 || t == 11 || t == 12;
    return t == 1 || t == 2 || t == 3 || t == 4 || t == 5 || t == 9 || t == 11 || t == 12;
}
static bool lsl_type_ok(struct cpu *c, uint32_t hi)
{
    if (hi & 0x1000u)
        return true;
    unsigned t = (hi >> 8) & 0xFu;
    if (c->mode == CPU_LONG)
        return t == 2 || t == 9 || t == 11;
    return t == 1 || t == 2 || t == 3 || t == 9 || t == 11;
}

/* Looks the selector up for LAR/LSL: false (ZF=0) when null, outside the
 * table, of a type the instruction does not accept, or not visible. */
static bool lookup(struct cpu *c, uint16_t sel, bool lsl, uint32_t *lo, uint32_t *hi)
{
    if ((sel & 0xFFFCu) == 0 || !desc_read(c, sel, lo, hi))
        return false;
    if (!(lsl ? lsl_type_ok(c, *hi) : lar_type_ok(c, *hi)))
        return false;
    if (c->mode == CPU_LONG && !(*hi & 0x1000u)) {
        /* 16-byte system descriptor: the upper half must lie in the table
         * and have type 0 (SDM LAR/LSL, IA-32e mode) */
        uint64_t base = (sel & 4u) ? c->ldtr.base : c->gdtr.base;
        uint32_t limit = (sel & 4u) ? c->ldtr.limit : c->gdtr.limit;
        if ((uint32_t)(sel | 7u) + 8 > limit ||
            (cpu_lread32(c, base + (sel & ~7u) + 12) & 0x1F00u))
            return false;
    }
    return desc_visible(c, sel, *hi);
}

static uint16_t sel_operand(struct cpu *c, const struct insn *i)
{
    need_prot(c);
    if (i->mod == 3)
        return cpu_get16(c, i->rm);
    return cpu_read16(c, i->seg, cpu_ea(c, i));
}

/* LAR: access rights (dword 2 masked), LSL: the byte-granular limit;
 * the destination is written only when ZF=1. */
#define DEF_LARLSL(N)                                                           \
    static HANDLER(lar##N)                                                      \
    {                                                                           \
        uint32_t lo, hi;                                                        \
        bool ok = lookup(c, sel_operand(c, i), false, &lo, &hi);                \
        if (ok)                                                                 \
            cpu_set##N(c, i->reg, (uint##N##_t)(hi & 0x00FFFF00u));             \
        set_zf_only(c, ok);                                                     \
    }                                                                           \
    static HANDLER(lsl##N)                                                      \
    {                                                                           \
        uint32_t lo, hi;                                                        \
        bool ok = lookup(c, sel_operand(c, i), true, &lo, &hi);                 \
        if (ok) {                                                               \
            uint32_t limit = (lo & 0xFFFFu) | (hi & 0xF0000u);                  \
            if (hi & (1u << 23))                                                \
                limit = (limit << 12) | 0xFFFu;                                 \
            cpu_set##N(c, i->reg, (uint##N##_t)limit);                          \
        }                                                                       \
        set_zf_only(c, ok);                                                     \
    }
DEF_LARLSL(16)
DEF_LARLSL(32)
DEF_LARLSL(64)

/* VERR: readable code or any data segment; VERW: writable data. */
static void verx(struct cpu *c, const struct insn *i, bool write)
{
    uint16_t sel = sel_operand(c, i);
    uint32_t lo, hi;
    bool ok = (sel & 0xFFFCu) != 0 && desc_read(c, sel, &lo, &hi) && (hi & 0x1000u);
    if (ok) {
        unsigned type = (hi >> 8) & 0xFu;
        bool code = type & 8u;
        if (write)
            ok = !code && (type & 2u);
        else
            ok = !code || (type & 2u);
        ok = ok && desc_visible(c, sel, hi);
    }
    set_zf_only(c, ok);
}
static HANDLER(verr) { verx(c, i, false); }
static HANDLER(verw) { verx(c, i, true); }

/* ARPL (not in real or V86 mode): raises the destination's RPL to the
 * source's, ZF says whether it changed. */
static HANDLER(arpl_r)
{
    need_prot(c);
    uint16_t d = cpu_get16(c, i->rm), s = cpu_get16(c, i->reg);
    bool adj = (d & 3u) < (s & 3u);
    if (adj)
        cpu_set16(c, i->rm, (uint16_t)((d & ~3u) | (s & 3u)));
    set_zf_only(c, adj);
}
static HANDLER(arpl_m)
{
    need_prot(c);
    uint64_t ea = cpu_ea(c, i);
    uint16_t d = cpu_read16(c, i->seg, ea), s = cpu_get16(c, i->reg);
    bool adj = (d & 3u) < (s & 3u);
    if (adj)
        cpu_write16(c, i->seg, ea, (uint16_t)((d & ~3u) | (s & 3u)));
    set_zf_only(c, adj);
}

/* ---- misc ---- */

static HANDLER(ud)
{
    (void)i;
    cpu_ud(c);
}

/* FWAIT: #NM when CR0.MP and CR0.TS are both set; no x87 exceptions can be
 * pending while there is no FPU. */
static HANDLER(fwait)
{
    (void)i;
    if ((c->cr0 & (CR0_MP | CR0_TS)) == (CR0_MP | CR0_TS))
        cpu_fault_noerr(c, EXC_NM);
}

/* State of this file's registers after RESET (SDM Vol.3 Table 9-1): the
 * model from the configuration, EDX = its signature, MTRRs disabled. */
void cpu_sys_reset(struct cpu *c)
{
    cpu_model_select(c);
    c->gpr[R_DX] = cpu_model_signature(c);
    c->msr_tsc_aux = 0;
    c->msr_mtrr_deftype = 0;
    memset(c->msr_mtrr_fixed, 0, sizeof c->msr_mtrr_fixed);
    memset(c->msr_mtrr_var, 0, sizeof c->msr_mtrr_var);
    c->dbg_pending = 0;
    c->acc_check &= ACC_CHECK_OBS; /* observers stay */
    dbg_dr7_changed(c);
}

void cpu_register_system(void)
{
    H_ONE(IOP_CLC, clc);
    H_ONE(IOP_STC, stc);
    H_ONE(IOP_CMC, cmc);
    H_ONE(IOP_CLD, cld);
    H_ONE(IOP_STD, std_);
    H_ONE(IOP_CLI, cli);
    H_ONE(IOP_STI, sti);
    H_ONE(IOP_HLT, hlt);
    H_ONE(IOP_CPUID, cpuid);
    H_ONE(IOP_RDTSC, rdtsc);
    H_ONE(IOP_RDTSCP, rdtscp);
    H_ONE(IOP_RDPMC, rdpmc);
    H_ONE(IOP_SYSENTER, sysenter);
    H_ONE(IOP_SYSEXIT, sysexit);
    H_ONE(IOP_RDMSR, rdmsr);
    H_ONE(IOP_WRMSR, wrmsr);

    cpu_set_handlers(IOP_MOV_RdCd, mov_rdcd32, mov_rdcd32, mov_rdcd32, mov_rdcd32, mov_rdcd64,
                     mov_rdcd64);
    cpu_set_handlers(IOP_MOV_CdRd, mov_cdrd32, mov_cdrd32, mov_cdrd32, mov_cdrd32, mov_cdrd64,
                     mov_cdrd64);
    cpu_set_handlers(IOP_MOV_RdDd, mov_rddd32, mov_rddd32, mov_rddd32, mov_rddd32, mov_rddd64,
                     mov_rddd64);
    cpu_set_handlers(IOP_MOV_DdRd, mov_ddrd32, mov_ddrd32, mov_ddrd32, mov_ddrd32, mov_ddrd64,
                     mov_ddrd64);
    H_RM(IOP_LMSW_Ew, lmsw_r, lmsw_m);
    cpu_set_handlers(IOP_SMSW_Ev, smsw_r16, smsw_m, smsw_r32, smsw_m, smsw_r64, smsw_m);
    H_ONE(IOP_CLTS, clts);
    H_ONE(IOP_INVD, invd);
    H_ONE(IOP_WBINVD, invd);
    H_ONE(IOP_INVLPG_Mb, invlpg);

    cpu_set_handlers(IOP_LGDT_Ms, lgdt16, lgdt16, lgdt32, lgdt32, lgdt32, lgdt32);
    cpu_set_handlers(IOP_LIDT_Ms, lidt16, lidt16, lidt32, lidt32, lidt32, lidt32);
    H_ONE(IOP_SGDT_Ms, sgdt);
    H_ONE(IOP_SIDT_Ms, sidt);

    H_RM(IOP_LLDT_Ew, lldt_r, lldt_m);
    H_RM(IOP_LTR_Ew, ltr_r, ltr_m);
    cpu_set_handlers(IOP_SLDT_Ev, sldt_r16, sldt_m, sldt_r32, sldt_m, sldt_r64, sldt_m);
    cpu_set_handlers(IOP_STR_Ev, str_r16, str_m, str_r32, str_m, str_r64, str_m);
    cpu_set_handlers(IOP_LAR_GvEw, lar16, lar16, lar32, lar32, lar64, lar64);
    cpu_set_handlers(IOP_LSL_GvEw, lsl16, lsl16, lsl32, lsl32, lsl64, lsl64);
    H_ONE(IOP_VERR_Ew, verr);
    H_ONE(IOP_VERW_Ew, verw);
    H_RM(IOP_ARPL_EwGw, arpl_r, arpl_m);

    H_ONE(IOP_UD2, ud);
    H_ONE(IOP_UD1_GvEv, ud);
    H_ONE(IOP_UD0_GvEv, ud);
    H_ONE(IOP_FWAIT, fwait);
    cpu_register_long();
}
