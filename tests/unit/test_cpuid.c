/* tests/unit/test_cpuid.c: CPUID as the configuration's cpuid: settings
 * change it (vendor, brand, signature, level, feature switches that only
 * take away what emu lacks). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <string.h>

#include "config/config.h"
#include "config/bochsrc.h"
#include "cpu/cpu.h"
#include "cpu/prot.h"
#include "machine/machine.h"

static struct config cfg;
static struct machine *m;

static void mk(const char *line)
{
    config_defaults(&cfg);
    cfg.e9_path = "stderr";
    if (line)
        cr_assert_eq(config_load_line(&cfg, line, "test"), 0);
    m = machine_new(&cfg);
    cr_assert_not_null(m);
}

static void done(void) { machine_free(m); }

static void id(uint32_t leaf, uint32_t r[4]) { cpu_cpuid(m->cpu, leaf, r); }

Test(cpuid, corei7_by_default)
{
    uint32_t r[4];
    char v[13] = {0};
    mk(NULL);
    id(0, r);
    memcpy(v, &r[1], 4), memcpy(v + 4, &r[3], 4), memcpy(v + 8, &r[2], 4);
    cr_assert_str_eq(v, "GenuineIntel");
    id(1, r);
    cr_assert_eq(r[0], 0x000106A5u);
    cr_assert(r[3] & (1u << 23)); /* MMX */
    cr_assert(r[3] & (1u << 26)); /* SSE2 */
    cr_assert(r[2] & (1u << 20)); /* SSE4.2 */
    id(0x80000001u, r);
    cr_assert(r[3] & (1u << 29)); /* LM */
    done();
}

Test(cpuid, vendor_brand_signature_and_switches, .init = cr_redirect_stderr)
{
    uint32_t r[4];
    char v[13] = {0}, b[49] = {0};
    mk("cpuid: vendor_string=AuthenticAMD, brand_string=\"emu test cpu\", family=6, model=0x3a, "
       "stepping=9, mmx=0, x86_64=0, simd=sse, apic=none, aes=1, level=1");
    id(0, r);
    cr_assert_eq(r[0], 1);
    memcpy(v, &r[1], 4), memcpy(v + 4, &r[3], 4), memcpy(v + 8, &r[2], 4);
    cr_assert_str_eq(v, "AuthenticAMD");
    id(1, r);
    cr_assert_eq(r[0], 0x000306A9u, "signature %08x", r[0]);
    cr_assert_not(r[3] & (1u << 23), "mmx=0");
    cr_assert(r[3] & (1u << 25), "simd=sse keeps SSE");
    cr_assert_not(r[3] & (1u << 26), "simd=sse drops SSE2");
    cr_assert_not(r[2] & (1u << 0), "and SSE3");
    cr_assert_not(r[2] & (1u << 25), "aes=1: emu has no AES-NI, CPUID does not report it");
    cr_assert_not(r[3] & (1u << 9), "apic=none");
    id(0x80000001u, r);
    cr_assert_not(r[3] & (1u << 29), "x86_64=0");
    cr_assert_not(cpu_model_efer_ok(m->cpu, 0x100), "no long mode: EFER.LME is reserved");
    for (uint32_t k = 0; k < 3; k++) {
        id(0x80000002u + k, r);
        memcpy(b + 16 * k, r, 16);
    }
    cr_assert_str_eq(b, "emu test cpu");
    done();
}

Test(cpuid, extended_family_and_sep_on_the_pentium)
{
    uint32_t r[4];
    mk("cpuid: family=16, model=2, stepping=3, sep=1, x86_64=1");
    id(1, r);
    cr_assert_eq(r[0], 0x00100F23u, "signature %08x", r[0]);
    done();
    config_defaults(&cfg);
    cfg.e9_path = "stderr";
    cr_assert_eq(config_load_line(&cfg, "cpu: model=pentium", "test"), 0);
    cr_assert_eq(config_load_line(&cfg, "cpuid: sep=1, x86_64=1", "test"), 0);
    m = machine_new(&cfg);
    cr_assert_not_null(m);
    id(1, r);
    cr_assert_eq(r[0], 0x0000052Cu);
    cr_assert(r[3] & (1u << 11), "sep=1: SYSENTER, which emu executes");
    cr_assert(cpu_model_has_sep(m->cpu));
    id(0x80000000u, r);
    cr_assert_lt(r[0], 0x80000000u, "no extended leaves on the Pentium, x86_64=1 or not");
    done();
}

Test(cpuid, bochs_model_names_map_to_emu_models)
{
    /* users' bochsrc files name Bochs's models */
    cr_assert_eq(cpu_model_lookup("corei7_sandy_bridge_2600k"), cpu_model_lookup("corei7"));
    cr_assert_eq(cpu_model_lookup("p3_katmai"), cpu_model_lookup("pentium3"));
    cr_assert_eq(cpu_model_lookup("pentium_mmx"), cpu_model_lookup("pentium"));
    cr_assert_geq(cpu_model_lookup("corei7"), 0);
    cr_assert_eq(cpu_model_lookup("athlon64_clawhammer"), -1);
}
