/* cpu/cpuid.c: the CPU models CPUID describes and `cpu: model=` chooses.
 *
 * Each model is a documented Intel part: its signature, maximum leaves,
 * cache descriptors and brand string are the real ones, and its feature
 * flags are that part's flags restricted to what emu implements (the x87
 * FPU of cpu/fpu*.c; MMX, FXSR and SSE on the Pentium III; up to SSE4.2
 * and POPCNT on the corei7, no XSAVE; the corei7 has long mode, SYSCALL and NX,
 * 80000008H: 36-bit physical, 48-bit linear). A leaf above the maximum
 * returns the data of the highest basic leaf, as Intel CPUs do (SDM CPUID).
 */
#include <string.h>

#include "cpu/prot.h"
#include "machine/log.h"
#include "machine/machine.h"

/* CPUID.1:EDX bits */
enum {
    E_FPU = 1u << 0, E_VME = 1u << 1, E_DE = 1u << 2, E_PSE = 1u << 3, E_TSC = 1u << 4, E_MSR = 1u << 5,
    E_PAE = 1u << 6, E_CX8 = 1u << 8, E_APIC = 1u << 9, E_SEP = 1u << 11, E_MTRR = 1u << 12, E_PGE = 1u << 13,
    E_CMOV = 1u << 15, E_PAT = 1u << 16, E_PSE36 = 1u << 17, E_MMX = 1u << 23, E_FXSR = 1u << 24,
    E_SSE = 1u << 25, E_SSE2 = 1u << 26, E_CLFSH = 1u << 19,
};
/* CPUID.1:ECX bits */
enum {
    C_SSE3 = 1u << 0, C_SSSE3 = 1u << 9, C_CX16 = 1u << 13, C_SSE41 = 1u << 19,
    C_SSE42 = 1u << 20, C_POPCNT = 1u << 23, C_TSC_DEADLINE = 1u << 24,
};
/* CPUID.80000001H bits: ECX LAHF/SAHF in 64-bit mode; EDX NX, RDTSCP */
enum {
    X_LAHF = 1u << 0, X_SYSCALL = 1u << 11, X_NX = 1u << 20, X_RDTSCP = 1u << 27,
    X_LM = 1u << 29,
};

struct cpu_model {
    const char *name;
    uint32_t signature, max_basic, max_ext;
    uint32_t edx1, ecx1, ecx81, edx81;
    uint32_t leaf2[4];
    uint32_t phys_virt; /* 80000008H EAX */
    const char *brand;
    uint32_t pmcs;      /* general-purpose performance counters (RDPMC) */
    uint32_t ucode_rev; /* IA32_BIOS_SIGN_ID[63:32] after CPUID (P6 family on) */
    uint32_t platform;  /* IA32_PLATFORM_ID[52:50] */
};

static const struct cpu_model models[] = {
    /* Pentium P54C, 75-200 MHz: family 5, model 2, stepping C (SDM
     * Vol.2 CPUID, Table "Processor Type"); no extended leaves */
    {"pentium", 0x0000052Cu, 1, 0, E_FPU | E_VME | E_DE | E_PSE | E_TSC | E_MSR | E_CX8, 0, 0, 0,
     {0, 0, 0, 0}, 0, NULL, 2, 0, 0},
    /* Pentium III (Katmai): family 6, model 7, stepping 3; leaf 2 with
     * its 16 KiB L1 / 512 KiB L2 descriptors */
    {"pentium3", 0x00000673u, 2, 0,
     E_FPU | E_VME | E_DE | E_PSE | E_TSC | E_MSR | E_PAE | E_CX8 | E_SEP | E_MTRR | E_PGE | E_CMOV |
         E_PAT | E_PSE36 | E_MMX | E_FXSR | E_SSE,
     0, 0, 0, {0x03020101u, 0, 0, 0x0C040843u}, 0, NULL, 2, 0, 0},
    /* Core i7-920 (Nehalem, Bloomfield): family 6, model 1AH, stepping 5 */
    {"corei7", 0x000106A5u, 2, 0x80000008u,
     E_FPU | E_VME | E_DE | E_PSE | E_TSC | E_MSR | E_PAE | E_CX8 | E_SEP | E_MTRR | E_PGE | E_CMOV |
         E_PAT | E_PSE36 | E_MMX | E_FXSR | E_SSE | E_SSE2 | E_CLFSH,
     C_SSE3 | C_SSSE3 | C_CX16 | C_SSE41 | C_SSE42 | C_POPCNT, X_LAHF, X_SYSCALL | X_NX | X_RDTSCP | X_LM, {0x55035A01u, 0x00F0B2E4u, 0, 0x09CA212Cu},
     0x00003024u, "Intel(R) Core(TM) i7 CPU         920  @ 2.67GHz", 4, 0x19, 1},
};
#define NMODELS (sizeof models / sizeof models[0])
#define DEFAULT_MODEL 2

int cpu_model_lookup(const char *name)
{
    for (unsigned k = 0; k < NMODELS; k++)
        if (!strcmp(models[k].name, name))
            return (int)k;
    return -1;
}

static const struct cpu_model *model(const struct cpu *c)
{
    return &models[c->model < NMODELS ? c->model : DEFAULT_MODEL];
}

uint32_t cpu_model_signature(const struct cpu *c) { return model(c)->signature; }
uint32_t cpu_model_pmcs(const struct cpu *c) { return model(c)->pmcs; }
bool cpu_model_has_rdtscp(const struct cpu *c) { return model(c)->edx81 & X_RDTSCP; }
bool cpu_model_has_sep(const struct cpu *c) { return model(c)->edx1 & E_SEP; }

/* IA32_PLATFORM_ID (17H) and IA32_BIOS_SIGN_ID (8BH) exist from the P6
 * family on (SDM Vol.4 2.1 and Table 2-2). Operating systems read the
 * microcode revision as SDM Vol.3 10.11.7.1 says: WRMSR 0 to 8BH, CPUID
 * leaf 1, RDMSR 8BH; emu's revision is a constant of the model. */
bool cpu_model_has_p6_msrs(const struct cpu *c) { return ((model(c)->signature >> 8) & 0xFu) >= 6; }
uint64_t cpu_model_bios_sign_id(const struct cpu *c) { return (uint64_t)model(c)->ucode_rev << 32; }
uint64_t cpu_model_platform_id(const struct cpu *c) { return (uint64_t)(model(c)->platform & 7u) << 50; }

/* EFER bits need their feature (SDM Vol.3 2.2.1): SCE SYSCALL, LME long
 * mode, NXE the XD bit. */
bool cpu_model_efer_ok(const struct cpu *c, uint64_t efer)
{
    uint32_t x = model(c)->edx81;
    return !((efer & 1u) && !(x & X_SYSCALL)) && !((efer & 0x100u) && !(x & X_LM)) &&
           !((efer & 0x800u) && !(x & X_NX));
}

void cpu_model_select(struct cpu *c)
{
    const char *name = NULL;
    if (c->mach && c->mach->cfg)
        name = c->mach->cfg->cpu_model;
    c->model = DEFAULT_MODEL;
    if (name && *name) {
        int k = cpu_model_lookup(name);
        if (k < 0)
            log_error(c->mach, "cpu", "cpu: model=%s is not known (pentium, pentium3, corei7): "
                      "using corei7", name);
        else
            c->model = (uint8_t)k;
    }
}

void cpu_cpuid(struct cpu *c, uint32_t leaf, uint32_t r[4])
{
    const struct cpu_model *m = model(c);
    memset(r, 0, 4 * sizeof r[0]);
    if (m->max_ext && leaf >= 0x80000000u && leaf <= m->max_ext) {
        switch (leaf) {
        case 0x80000000u: r[0] = m->max_ext; break;
        case 0x80000001u: r[2] = m->ecx81; r[3] = m->edx81; break;
        case 0x80000002u:
        case 0x80000003u:
        case 0x80000004u: {
            char b[48] = {0};
            size_t n = strlen(m->brand);
            memcpy(b, m->brand, n < 47 ? n : 47);
            memcpy(r, b + (leaf - 0x80000002u) * 16, 16);
            break;
        }
        case 0x80000006u: r[2] = 0x01006040u; break; /* 256 KiB L2, 8-way, 64-byte lines */
        case 0x80000008u: r[0] = m->phys_virt; break;
        default: break; /* reserved leaves read 0 */
        }
        return;
    }
    if (leaf > m->max_basic)
        leaf = m->max_basic;
    switch (leaf) {
    case 0:
        r[0] = m->max_basic;
        memcpy(&r[1], "Genu", 4);
        memcpy(&r[3], "ineI", 4);
        memcpy(&r[2], "ntel", 4);
        break;
    case 1:
        r[0] = m->signature;
        r[1] = 0; /* brand index 0, one logical processor, APIC ID 0 */
        if (m->edx1 & E_CLFSH)
            r[1] |= 8u << 8; /* CLFLUSH line size in 8-byte units: 64 bytes */
        r[2] = m->ecx1;
        r[3] = m->edx1;
        /* the local APIC is there when the machine has one and
         * IA32_APIC_BASE.EN is set (SDM Vol.3 10.4.3); models that predate
         * the on-chip APIC of the P6 family do not report it */
        if (m->max_basic >= 2 && c->mach && c->mach->lapic && (c->msr_apic_base & (1u << 11))) {
            r[3] |= E_APIC;
            r[2] |= C_TSC_DEADLINE;
        }
        break;
    default:
        memcpy(r, m->leaf2, sizeof m->leaf2);
        break;
    }
}
