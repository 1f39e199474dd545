/* cpu/cpuid.c: the CPU models CPUID describes and `cpu: model=` chooses.
 *
 * Each model is a documented Intel part: its signature, maximum leaves,
 * cache descriptors and brand string are the real ones, and its feature
 * flags are that part's flags restricted to what emu implements (the x87
 * FPU of cpu/fpu*.c; MMX, FXSR and SSE on the Pentium III; up to SSE4.2
 * and POPCNT on the corei7, no XSAVE; the corei7 has long mode, SYSCALL and NX,
 * 80000008H: 36-bit physical, 48-bit linear). A leaf above the maximum
 * returns the data of the highest basic leaf, as Intel CPUs do (SDM CPUID).
 *
 * The configuration's cpuid: settings change the model's answers (struct
 * cpuid_view): vendor_string, brand_string, family/model/stepping (the
 * signature, with the extended family and model fields of SDM CPUID
 * "Processor Version Information"), level (at most the model's own), and
 * the switches: mmx and sep can be turned on or off (emu executes both on
 * every model), x86_64 off (on only where the model has the extended
 * leaves), 1g_pages, simd (none, sse, sse2) and apic=none only take
 * features away. The CPU's behaviour follows the view where it checks a
 * feature (SYSENTER, EFER bits).
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
    /* Bochs's model names (cpu: model= in users' bochsrc files) map to the
     * nearest model emu describes */
    static const struct {
        const char *prefix, *model;
    } bochs[] = {
        {"corei7", "corei7"}, {"core2", "corei7"}, {"p4_", "pentium3"}, {"p3_", "pentium3"},
        {"p2_", "pentium3"}, {"pentium", "pentium"},
    };
    for (unsigned a = 0; a < sizeof bochs / sizeof bochs[0]; a++)
        if (!strncmp(name, bochs[a].prefix, strlen(bochs[a].prefix)))
            return cpu_model_lookup(bochs[a].model);
    return -1;
}

static const struct cpu_model *model(const struct cpu *c)
{
    return &models[c->model < NMODELS ? c->model : DEFAULT_MODEL];
}

/* The model as the configuration's cpuid: settings change it. */
struct cpuid_view {
    uint32_t signature, max_basic;
    uint32_t edx1, ecx1, ecx81, edx81;
    bool apic;          /* CPUID.1 may report the local APIC */
    const char *vendor; /* 12 characters */
    const char *brand;  /* NULL: none */
};

static void view(const struct cpu *c, struct cpuid_view *v)
{
    const struct cpu_model *m = model(c);
    const struct config *cfg = c->mach ? c->mach->cfg : NULL;
    v->signature = m->signature;
    v->max_basic = m->max_basic;
    v->edx1 = m->edx1, v->ecx1 = m->ecx1, v->ecx81 = m->ecx81, v->edx81 = m->edx81;
    v->apic = true;
    v->vendor = "GenuineIntel";
    v->brand = m->brand;
    if (!cfg)
        return;
    if (cfg->cpuid_vendor && strlen(cfg->cpuid_vendor) == 12)
        v->vendor = cfg->cpuid_vendor;
    if (cfg->cpuid_brand)
        v->brand = cfg->cpuid_brand;
    uint32_t fam = (v->signature >> 8 & 0xF) + (v->signature >> 20 & 0xFF);
    uint32_t mod = (v->signature >> 4 & 0xF) | (v->signature >> 12 & 0xF0);
    uint32_t step = v->signature & 0xF;
    if (cfg->cpuid_family >= 0)
        fam = (uint32_t)cfg->cpuid_family;
    if (cfg->cpuid_model >= 0)
        mod = (uint32_t)cfg->cpuid_model;
    if (cfg->cpuid_stepping >= 0)
        step = (uint32_t)cfg->cpuid_stepping & 0xF;
    if (cfg->cpuid_family >= 0 || cfg->cpuid_model >= 0 || cfg->cpuid_stepping >= 0) {
        /* SDM CPUID leaf 1 EAX: family above 15 goes to the extended
         * family field; the extended model field is used by families 6
         * and 15 */
        uint32_t base = fam > 15 ? 15 : fam, ext = fam > 15 ? fam - 15 : 0;
        v->signature = (v->signature & 0xF0003000u) | (ext & 0xFF) << 20 | (mod >> 4 & 0xF) << 16 | base << 8 |
                       (mod & 0xF) << 4 | step;
    }
    if (cfg->cpuid_level >= 0 && (uint32_t)cfg->cpuid_level < v->max_basic)
        v->max_basic = (uint32_t)cfg->cpuid_level;
    uint32_t set = cfg->cpuid_set, clear = cfg->cpuid_clear;
    if (set & CPUID_SW_MMX)
        v->edx1 |= E_MMX;
    if (set & CPUID_SW_SEP)
        v->edx1 |= E_SEP;
    if ((set & CPUID_SW_X86_64) && m->max_ext >= 0x80000001u)
        v->edx81 |= X_LM;
    if (clear & CPUID_SW_MMX)
        v->edx1 &= ~E_MMX;
    if (clear & CPUID_SW_SEP)
        v->edx1 &= ~E_SEP;
    if (clear & CPUID_SW_X86_64)
        v->edx81 &= ~X_LM;
    if (clear & CPUID_SW_1G_PAGES)
        v->edx81 &= ~(1u << 26);
    const char *simd = cfg->cpuid_simd;
    if (simd && (!strcmp(simd, "none") || !strcmp(simd, "sse") || !strcmp(simd, "sse2"))) {
        v->ecx1 &= ~(C_SSE3 | C_SSSE3 | C_SSE41 | C_SSE42);
        if (strcmp(simd, "sse2"))
            v->edx1 &= ~E_SSE2;
        if (!strcmp(simd, "none"))
            v->edx1 &= ~E_SSE;
    }
    if (cfg->cpuid_apic && !strcmp(cfg->cpuid_apic, "none"))
        v->apic = false;
}

uint32_t cpu_model_signature(const struct cpu *c)
{
    struct cpuid_view v;
    view(c, &v);
    return v.signature;
}
uint32_t cpu_model_pmcs(const struct cpu *c) { return model(c)->pmcs; }
bool cpu_model_has_rdtscp(const struct cpu *c) { return model(c)->edx81 & X_RDTSCP; }
bool cpu_model_has_sep(const struct cpu *c)
{
    struct cpuid_view v;
    view(c, &v);
    return v.edx1 & E_SEP;
}

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
    struct cpuid_view v;
    view(c, &v);
    uint32_t x = v.edx81;
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
    struct cpuid_view v;
    view(c, &v);
    memset(r, 0, 4 * sizeof r[0]);
    if (m->max_ext && leaf >= 0x80000000u && leaf <= m->max_ext) {
        switch (leaf) {
        case 0x80000000u: r[0] = m->max_ext; break;
        case 0x80000001u: r[2] = v.ecx81; r[3] = v.edx81; break;
        case 0x80000002u:
        case 0x80000003u:
        case 0x80000004u: {
            char b[48] = {0};
            size_t n = v.brand ? strlen(v.brand) : 0;
            if (n)
                memcpy(b, v.brand, n < 47 ? n : 47);
            memcpy(r, b + (leaf - 0x80000002u) * 16, 16);
            break;
        }
        case 0x80000006u: r[2] = 0x01006040u; break; /* 256 KiB L2, 8-way, 64-byte lines */
        case 0x80000008u: r[0] = m->phys_virt; break;
        default: break; /* reserved leaves read 0 */
        }
        return;
    }
    if (leaf > v.max_basic)
        leaf = v.max_basic;
    switch (leaf) {
    case 0:
        r[0] = v.max_basic;
        memcpy(&r[1], v.vendor, 4);
        memcpy(&r[3], v.vendor + 4, 4);
        memcpy(&r[2], v.vendor + 8, 4);
        break;
    case 1:
        r[0] = v.signature;
        r[1] = 0; /* brand index 0, one logical processor, APIC ID 0 */
        if (v.edx1 & E_CLFSH)
            r[1] |= 8u << 8; /* CLFLUSH line size in 8-byte units: 64 bytes */
        r[2] = v.ecx1;
        r[3] = v.edx1;
        /* the local APIC is there when the machine has one and
         * IA32_APIC_BASE.EN is set (SDM Vol.3 10.4.3); models that predate
         * the on-chip APIC of the P6 family do not report it */
        if (v.apic && m->max_basic >= 2 && c->mach && c->mach->lapic && (c->msr_apic_base & (1u << 11))) {
            r[3] |= E_APIC;
            r[2] |= C_TSC_DEADLINE;
        }
        break;
    default:
        memcpy(r, m->leaf2, sizeof m->leaf2);
        break;
    }
}
