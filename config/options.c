/* config/options.c: what each bochsrc option means.
 *
 * Every option Bochs 2.7 documents is here: either it sets fields of
 * struct config, or (for hardware and host features emu does not have) it
 * produces exactly one warning that names the option and says what emu
 * does instead. Unknown options, unknown parameters and bad values are
 * errors naming the file, the line and what was expected. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/bochsrc.h"
#include "machine/log.h"

/* ---- parameter helpers ---- */

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? strdup(v) : NULL;
}

static int need_value(const struct bx_line *ln, int i)
{
    if (!ln->p[i].value)
        return bx_error(ln, "parameter '%s' needs a value (expected %s=VALUE)", ln->p[i].name, ln->p[i].name);
    return 0;
}

/* Numbers are decimal or 0x-prefixed hexadecimal, as in Bochs. */
static int parse_num(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-' || isspace((unsigned char)*s))
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static int num_param(const struct bx_line *ln, int i, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (need_value(ln, i) < 0)
        return -1;
    uint64_t v;
    if (parse_num(ln->p[i].value, &v) < 0)
        return bx_error(ln, "%s: expected a number, got '%s'", ln->p[i].name, ln->p[i].value);
    if (v < lo || v > hi)
        return bx_error(ln, "%s: %" PRIu64 " is outside %" PRIu64 "..%" PRIu64, ln->p[i].name, v, lo, hi);
    *out = v;
    return 0;
}

static int u32_param(const struct bx_line *ln, int i, uint32_t lo, uint32_t hi, uint32_t *out)
{
    uint64_t v;
    if (num_param(ln, i, lo, hi, &v) < 0)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on", "enabled"};
    static const char *const no[] = {"0", "false", "no", "off", "disabled"};
    for (size_t k = 0; k < 5; k++) {
        if (!strcasecmp(v, yes[k])) {
            *out = true;
            return 0;
        }
        if (!strcasecmp(v, no[k])) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

static int bool_param(const struct bx_line *ln, int i, bool *out)
{
    if (need_value(ln, i) < 0)
        return -1;
    if (parse_bool(ln->p[i].value, out) < 0)
        return bx_error(ln, "%s: expected 0 or 1, got '%s'", ln->p[i].name, ln->p[i].value);
    return 0;
}

/* Looks v up in a NULL-terminated list of names; the index or -1 with an
 * error listing the choices. */
static int choice_param(const struct bx_line *ln, int i, const char *const *names)
{
    if (need_value(ln, i) < 0)
        return -1;
    for (int k = 0; names[k]; k++)
        if (!strcasecmp(ln->p[i].value, names[k]))
            return k;
    char list[512] = "";
    for (int k = 0; names[k]; k++) {
        if (k)
            strncat(list, names[k + 1] ? ", " : " or ", sizeof list - strlen(list) - 1);
        strncat(list, names[k], sizeof list - strlen(list) - 1);
    }
    bx_error(ln, "%s: expected %s, got '%s'", ln->p[i].name, list, ln->p[i].value);
    return -1;
}

static int bad_param(const struct bx_line *ln, int i, const char *expected)
{
    return bx_error(ln, "unknown parameter '%s' (expected %s)", ln->p[i].name, expected);
}

static bool is(const struct bx_param *p, const char *name) { return !strcasecmp(p->name, name); }

/* The single bare word of `log: FILE`, `megs: 32`, ... */
static const char *single_word(const struct bx_line *ln, const char *what)
{
    if (ln->n != 1 || ln->p[0].value) {
        bx_error(ln, "expected %s", what);
        return NULL;
    }
    return ln->p[0].name;
}

/* "FILE:LINE" kept with an image for the missing-file check */
static char *origin_of(const struct bx_line *ln) { return strdup(ln->origin); }

/* ---- memory, ROMs, CPU ---- */

static int opt_megs(struct bx_line *ln)
{
    const char *w = single_word(ln, "the guest memory size in MiB (megs: 32)");
    uint64_t v;
    if (!w)
        return -1;
    if (parse_num(w, &v) < 0 || v < 1 || v > 65536)
        return bx_error(ln, "expected a size in MiB between 1 and 65536, got '%s'", w);
    ln->cfg->mem_mb = v;
    return 0;
}

static int opt_memory(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    uint64_t host = 0;
    for (int i = 0; i < ln->n; i++) {
        if (is(&ln->p[i], "guest")) {
            if (num_param(ln, i, 1, 65536, &c->mem_mb) < 0)
                return -1;
        } else if (is(&ln->p[i], "host")) {
            if (num_param(ln, i, 1, 65536, &host) < 0)
                return -1;
        } else if (is(&ln->p[i], "block_size")) {
            uint64_t bs;
            if (num_param(ln, i, 1, UINT32_MAX, &bs) < 0)
                return -1;
        } else
            return bad_param(ln, i, "guest, host or block_size");
    }
    if (host) {
        c->host_mem_mb = host;
        if (host < c->mem_mb)
            bx_warn(ln, "host=%" PRIu64 " is less than guest=%" PRIu64 "; emu allocates all guest memory "
                        "at start (the host system pages it in on use)",
                    host, c->mem_mb);
    }
    return 0;
}

static int rom_file(struct bx_line *ln, char **file, uint64_t *addr, char **options, bool addr_allowed)
{
    for (int i = 0; i < ln->n; i++) {
        if (is(&ln->p[i], "file")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(file, ln->p[i].value);
        } else if (is(&ln->p[i], "address") && addr_allowed) {
            if (num_param(ln, i, 0, UINT32_MAX, addr) < 0)
                return -1;
        } else if (is(&ln->p[i], "options") && options) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(options, ln->p[i].value);
        } else
            return bad_param(ln, i, options ? "file, address or options" : addr_allowed ? "file or address" : "file");
    }
    if (!*file || !**file)
        return bx_error(ln, "expected file=PATH");
    /* checked now, so that the message names this line */
    FILE *f = fopen(*file, "rb");
    if (!f)
        return bx_error(ln, "file=%s: %s", *file, strerror(errno));
    fclose(f);
    return 0;
}

static int opt_romimage(struct bx_line *ln)
{
    return rom_file(ln, &ln->cfg->romimage, &ln->cfg->romimage_address, &ln->cfg->romimage_options, true);
}

static int opt_vgaromimage(struct bx_line *ln)
{
    uint64_t unused = 0;
    return rom_file(ln, &ln->cfg->vgaromimage, &unused, NULL, false);
}

static int opt_optromimage(struct bx_line *ln)
{
    int k = ln->key[11] - '1';
    struct config *c = ln->cfg;
    if (rom_file(ln, &c->optrom[k], &c->optrom_addr[k], NULL, true) < 0)
        return -1;
    if (!c->optrom_addr[k])
        return bx_error(ln, "expected address=0xC8000..0xEFFFF for the option ROM");
    return 0;
}

static int opt_optramimage(struct bx_line *ln)
{
    char *file = NULL;
    uint64_t addr = 0;
    int r = rom_file(ln, &file, &addr, NULL, true);
    if (r == 0)
        bx_warn(ln, "emu does not preload files into RAM; %s is not loaded (use --kernel/--initrd or a ROM)", file);
    free(file);
    return r;
}

static int opt_cpu(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "model")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&c->cpu_model, p->value);
        } else if (is(p, "count")) {
            /* processors[:cores[:threads]] */
            uint64_t total = 1, v;
            char *s = p->value ? strdup(p->value) : NULL, *save = NULL;
            if (need_value(ln, i) < 0) {
                free(s);
                return -1;
            }
            for (char *t = strtok_r(s, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
                if (parse_num(t, &v) < 0 || v < 1 || v > 256) {
                    free(s);
                    return bx_error(ln, "count: expected PROCESSORS[:CORES[:THREADS]], got '%s'", p->value);
                }
                total *= v;
            }
            free(s);
            if (total > 1)
                bx_warn(ln, "count=%s: emu emulates one CPU; the guest sees a single processor", p->value);
        } else if (is(p, "ips")) {
            if (num_param(ln, i, 1000, UINT64_C(1) << 40, &c->ips) < 0)
                return -1;
        } else if (is(p, "quantum")) {
            uint64_t q;
            if (num_param(ln, i, 1, 32, &q) < 0) /* only meaningful with several CPUs */
                return -1;
        } else if (is(p, "reset_on_triple_fault")) {
            if (bool_param(ln, i, &c->reset_on_triple_fault) < 0)
                return -1;
        } else if (is(p, "cpuid_limit_winnt")) {
            if (bool_param(ln, i, &c->cpuid_limit_winnt) < 0)
                return -1;
        } else if (is(p, "ignore_bad_msrs")) {
            if (bool_param(ln, i, &c->ignore_bad_msrs) < 0)
                return -1;
        } else if (is(p, "mwait_is_nop")) {
            if (bool_param(ln, i, &c->mwait_is_nop) < 0)
                return -1;
        } else if (is(p, "msrs")) {
            if (need_value(ln, i) < 0)
                return -1;
            bx_warn(ln, "msrs=%s: emu does not load MSR definitions from a file; the CPU model's MSRs are used",
                    p->value);
        } else
            return bad_param(ln, i, "model, count, quantum, ips, reset_on_triple_fault, cpuid_limit_winnt, "
                                    "msrs, ignore_bad_msrs or mwait_is_nop");
    }
    return 0;
}

static int opt_cpuid(struct bx_line *ln)
{
    static const struct {
        const char *name;
        uint32_t bit;
    } sw[] = {{"x86_64", CPUID_SW_X86_64}, {"mmx", CPUID_SW_MMX}, {"sep", CPUID_SW_SEP},
              {"1g_pages", CPUID_SW_1G_PAGES}};
    /* switches Bochs documents for features emu's CPU does not execute */
    static const char *const absent[] = {"sse4a", "misaligned_sse", "aes", "sha", "movbe", "adx", "xsave",
                                         "xsaveopt", "avx_f16c", "avx_fma", "bmi", "xop", "fma4", "tbm",
                                         "pcid", "fsgsbase", "smep", "smap", "mwait", "vmx", "svm", "avx",
                                         "x2apic", NULL};
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        bool done = false, on;
        for (size_t k = 0; k < sizeof sw / sizeof sw[0] && !done; k++) {
            if (is(p, sw[k].name)) {
                if (bool_param(ln, i, &on) < 0)
                    return -1;
                c->cpuid_set = on ? c->cpuid_set | sw[k].bit : c->cpuid_set & ~sw[k].bit;
                c->cpuid_clear = on ? c->cpuid_clear & ~sw[k].bit : c->cpuid_clear | sw[k].bit;
                done = true;
            }
        }
        for (int k = 0; absent[k] && !done; k++) {
            if (is(p, absent[k])) {
                /* vmx= takes a level (0, 1, 2); the others are 0/1 */
                uint64_t lvl;
                if (is(p, "vmx")) {
                    if (num_param(ln, i, 0, 2, &lvl) < 0)
                        return -1;
                    on = lvl != 0;
                } else if (bool_param(ln, i, &on) < 0)
                    return -1;
                if (on)
                    bx_warn(ln, "%s=1: emu does not implement %s; CPUID does not report it", p->name, p->name);
                done = true;
            }
        }
        if (done)
            continue;
        if (is(p, "simd")) {
            static const char *const levels[] = {"none",   "sse",  "sse2",   "sse3",   "ssse3", "sse4_1",
                                                 "sse4_2", "avx",  "avx2",   "avx512", NULL};
            int l = choice_param(ln, i, levels);
            if (l < 0)
                return -1;
            if (l > 2)
                bx_warn(ln, "simd=%s: emu implements SSE and SSE2; CPUID reports simd=sse2", p->value);
            set_str(&c->cpuid_simd, l > 2 ? "sse2" : levels[l]);
        } else if (is(p, "apic")) {
            static const char *const kinds[] = {"legacy", "xapic", "xapic_ext", "x2apic", "none", NULL};
            int l = choice_param(ln, i, kinds);
            if (l < 0)
                return -1;
            if (l == 2 || l == 3)
                bx_warn(ln, "apic=%s: emu implements the xAPIC; CPUID reports apic=xapic", p->value);
            set_str(&c->cpuid_apic, l == 2 || l == 3 ? "xapic" : kinds[l]);
        } else if (is(p, "vendor_string")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (strlen(p->value) != 12)
                return bx_error(ln, "vendor_string: expected 12 characters, got '%s'", p->value);
            set_str(&c->cpuid_vendor, p->value);
        } else if (is(p, "brand_string")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (strlen(p->value) > 48)
                return bx_error(ln, "brand_string: expected at most 48 characters");
            set_str(&c->cpuid_brand, p->value);
        } else if (is(p, "family") || is(p, "model") || is(p, "stepping") || is(p, "level")) {
            uint64_t v;
            uint64_t hi = is(p, "family") ? 0xFFF : is(p, "model") ? 0xFF : is(p, "stepping") ? 0xF : 0x20;
            if (num_param(ln, i, is(p, "level") ? 1 : 0, hi, &v) < 0)
                return -1;
            int32_t *dst = is(p, "family")  ? &c->cpuid_family
                           : is(p, "model") ? &c->cpuid_model
                           : is(p, "level") ? &c->cpuid_level
                                            : &c->cpuid_stepping;
            *dst = (int32_t)v;
        } else
            return bad_param(ln, i, "a cpuid switch (x86_64, mmx, sep, simd, apic, aes, ...), "
                                    "vendor_string, brand_string, family, model, stepping or level");
    }
    return 0;
}

/* ---- time ---- */

static int opt_clock(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "sync")) {
            static const char *const modes[] = {"none", "realtime", "slowdown", "both", NULL};
            int k = choice_param(ln, i, modes);
            if (k < 0)
                return -1;
            c->clock_sync = (enum clock_sync)k; /* same order as enum clock_sync */
        } else if (is(p, "time0")) {
            uint64_t v;
            struct tm tm;
            if (need_value(ln, i) < 0)
                return -1;
            if (!strcasecmp(p->value, "local")) {
                c->time0 = 0;
                c->time0_local = true;
            } else if (!strcasecmp(p->value, "utc")) {
                c->time0 = 0;
                c->time0_local = false;
            } else if (parse_num(p->value, &v) == 0 && v <= INT64_MAX) {
                /* Bochs: 1 means "now, local time"; larger numbers are
                 * seconds since 1970, shown as local time */
                c->time0 = v <= 1 ? 0 : (int64_t)v;
                c->time0_local = true;
            } else {
                memset(&tm, 0, sizeof tm);
                const char *end = strptime(p->value, "%a %b %d %H:%M:%S %Y", &tm);
                if (!end || *end)
                    return bx_error(ln, "time0: expected local, utc, seconds since 1970 or a date like "
                                        "\"Mon Jan  1 00:00:00 1990\", got '%s'",
                                    p->value);
                tm.tm_isdst = -1;
                c->time0 = (int64_t)mktime(&tm);
                c->time0_local = true;
            }
        } else if (is(p, "rtc_sync")) {
            if (bool_param(ln, i, &c->rtc_sync) < 0)
                return -1;
        } else
            return bad_param(ln, i, "sync, time0 or rtc_sync");
    }
    return 0;
}

/* ---- disks ---- */

static int opt_floppy(struct bx_line *ln)
{
    static const struct {
        const char *name;
        enum floppy_type type;
    } media[] = {{"2_88", FLOPPY_2_88M}, {"1_44", FLOPPY_1_44M}, {"1_2", FLOPPY_1_2M},
                 {"720k", FLOPPY_720K},  {"360k", FLOPPY_360K},  {"320k", FLOPPY_320K},
                 {"180k", FLOPPY_180K},  {"160k", FLOPPY_160K},  {"image", FLOPPY_AUTO}};
    struct floppy_cfg *f = &ln->cfg->floppy[ln->key[6] - 'a'];
    bool status_given = false;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        bool done = false;
        for (size_t k = 0; k < sizeof media / sizeof media[0] && !done; k++) {
            if (is(p, media[k].name)) {
                if (need_value(ln, i) < 0)
                    return -1;
                if (!strncmp(p->value, "vvfat:", 6)) {
                    bx_warn(ln, "%s: emu cannot present a host directory as a floppy; the drive is empty "
                                "(make an image with mkfs.fat and mcopy)",
                            p->value);
                    set_str(&f->path, NULL);
                } else
                    set_str(&f->path, *p->value ? p->value : NULL);
                f->type = media[k].type;
                done = true;
            }
        }
        if (done)
            continue;
        if (is(p, "type")) {
            static const char *const types[] = {"none", "360k", "720k", "1_2", "1_44", "2_88", NULL};
            int k = choice_param(ln, i, types);
            if (k < 0)
                return -1;
            f->type = (enum floppy_type)k; /* "none" = no drive type chosen: auto */
        } else if (is(p, "status")) {
            static const char *const st[] = {"ejected", "inserted", NULL};
            int k = choice_param(ln, i, st);
            if (k < 0)
                return -1;
            f->inserted = k == 1;
            status_given = true;
        } else if (is(p, "write_protected")) {
            if (bool_param(ln, i, &f->write_protected) < 0)
                return -1;
        } else
            return bad_param(ln, i, "2_88, 1_44, 1_2, 720k, 360k, 320k, 180k, 160k, image, type, status or "
                                    "write_protected");
    }
    if (!status_given)
        f->inserted = f->path != NULL;
    free(f->origin);
    f->origin = origin_of(ln);
    return 0;
}

static int opt_ata_channel(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    int ch = ln->key[3] - '0';
    for (int i = 0; i < ln->n; i++) {
        uint64_t v;
        if (is(&ln->p[i], "enabled")) {
            if (bool_param(ln, i, &c->ata_channel_enabled[ch]) < 0)
                return -1;
        } else if (is(&ln->p[i], "ioaddr1") || is(&ln->p[i], "ioaddr2")) {
            if (num_param(ln, i, 1, 0xFFF8, &v) < 0)
                return -1;
            if (v & 7 && is(&ln->p[i], "ioaddr1"))
                return bx_error(ln, "ioaddr1: expected a multiple of 8, got '%s'", ln->p[i].value);
            if (is(&ln->p[i], "ioaddr1"))
                c->ata_ioaddr1[ch] = (uint16_t)v;
            else
                c->ata_ioaddr2[ch] = (uint16_t)v;
        } else if (is(&ln->p[i], "irq")) {
            if (num_param(ln, i, 1, 15, &v) < 0)
                return -1;
            c->ata_irq[ch] = (uint8_t)v;
        } else
            return bad_param(ln, i, "enabled, ioaddr1, ioaddr2 or irq");
    }
    return 0;
}

static int opt_ata_device(struct bx_line *ln)
{
    int ch = ln->key[3] - '0';
    bool slave = !strcasecmp(ln->key + 5, "slave");
    struct ata_dev_cfg *d = &ln->cfg->ata[ch][slave];
    bool status_given = false;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        int k;
        uint64_t v;
        if (is(p, "type")) {
            static const char *const types[] = {"none", "disk", "cdrom", NULL};
            if ((k = choice_param(ln, i, types)) < 0)
                return -1;
            d->type = (enum ata_type)k;
        } else if (is(p, "path")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&d->path, *p->value ? p->value : NULL);
        } else if (is(p, "mode")) {
            static const char *const modes[] = {"flat",   "volatile", "growing", "sparse", "vpc",
                                                "vmware4", "vvfat",   "undoable", NULL};
            static const char *const other[] = {"concat", "dll", "vmware3", "vbox", NULL};
            for (int o = 0; other[o]; o++)
                if (p->value && !strcasecmp(p->value, other[o]))
                    return bx_error(ln, "mode=%s: emu cannot read this image format (expected flat, readonly, volatile, "
                                        "undoable, growing, sparse, vpc, vmware4 or vvfat; convert with qemu-img)",
                                    p->value);
            /* emu's extension: a flat image the guest cannot write */
            if (p->value && !strcasecmp(p->value, "readonly")) {
                d->mode = IMG_FLAT;
                d->read_only = true;
                continue;
            }
            if ((k = choice_param(ln, i, modes)) < 0)
                return -1;
            d->mode = (enum image_mode)k; /* same order as enum image_mode */
            d->read_only = false;
        } else if (is(p, "cylinders")) {
            if (num_param(ln, i, 0, 65535, &v) < 0)
                return -1;
            d->cylinders = (uint32_t)v;
        } else if (is(p, "heads")) {
            if (num_param(ln, i, 0, 16, &v) < 0)
                return -1;
            d->heads = (uint32_t)v;
        } else if (is(p, "spt")) {
            if (num_param(ln, i, 0, 255, &v) < 0)
                return -1;
            d->spt = (uint32_t)v;
        } else if (is(p, "translation")) {
            static const char *const tr[] = {"auto", "none", "lba", "large", "rechs", NULL};
            if ((k = choice_param(ln, i, tr)) < 0)
                return -1;
            d->translation = (enum ata_translation)k;
        } else if (is(p, "status")) {
            static const char *const st[] = {"ejected", "inserted", NULL};
            if ((k = choice_param(ln, i, st)) < 0)
                return -1;
            d->inserted = k == 1;
            status_given = true;
        } else if (is(p, "model")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (strlen(p->value) > 40)
                return bx_error(ln, "model: expected at most 40 characters");
            set_str(&d->model, p->value);
        } else if (is(p, "journal")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&d->journal, p->value);
        } else if (is(p, "biosdetect")) {
            static const char *const bd[] = {"auto", "cmos", "none", NULL};
            if ((k = choice_param(ln, i, bd)) < 0)
                return -1;
            if (k != 0)
                bx_warn(ln, "biosdetect=%s: has no effect in Bochs or emu; the BIOS detects the drive itself",
                        p->value);
        } else if (is(p, "sect_size")) {
            if (num_param(ln, i, 512, 4096, &v) < 0)
                return -1;
            if (v != 512)
                return bx_error(ln, "sect_size: emu supports 512-byte sectors only, got '%s'", p->value);
        } else
            return bad_param(ln, i, "type, path, mode, cylinders, heads, spt, translation, status, model, "
                                    "journal or biosdetect");
    }
    if (d->type == ATA_DISK && !d->path)
        return bx_error(ln, "type=disk needs path=IMAGE");
    if (d->type == ATA_CDROM && !status_given)
        d->inserted = d->path != NULL;
    if (d->type == ATA_DISK)
        d->inserted = true;
    free(d->origin);
    d->origin = origin_of(ln);
    return 0;
}

static int opt_boot(struct bx_line *ln)
{
    if (ln->n < 1 || ln->n > 3)
        return bx_error(ln, "expected one to three of floppy, disk, cdrom, network");
    enum boot_dev order[3] = {BOOT_NONE, BOOT_NONE, BOOT_NONE};
    for (int i = 0; i < ln->n; i++) {
        const char *w = ln->p[i].name;
        if (ln->p[i].value)
            return bx_error(ln, "expected floppy, disk, cdrom or network, got '%s=%s'", w, ln->p[i].value);
        if (!strcasecmp(w, "floppy") || !strcasecmp(w, "a"))
            order[i] = BOOT_FLOPPY;
        else if (!strcasecmp(w, "disk") || !strcasecmp(w, "c"))
            order[i] = BOOT_DISK;
        else if (!strcasecmp(w, "cdrom"))
            order[i] = BOOT_CDROM;
        else if (!strcasecmp(w, "network"))
            order[i] = BOOT_NETWORK;
        else
            return bx_error(ln, "expected floppy, disk, cdrom or network, got '%s'", w);
        for (int j = 0; j < i; j++)
            if (order[j] == order[i])
                return bx_error(ln, "'%s' is listed twice", w);
    }
    memcpy(ln->cfg->boot, order, sizeof order);
    return 0;
}

static int enabled_only(struct bx_line *ln, const char *names, bool *dst)
{
    for (int i = 0; i < ln->n; i++) {
        if (is(&ln->p[i], names)) {
            if (bool_param(ln, i, dst) < 0)
                return -1;
        } else
            return bad_param(ln, i, names);
    }
    return 0;
}

static int opt_floppy_bootsig_check(struct bx_line *ln)
{
    bool disabled = !ln->cfg->floppy_sig_check;
    if (enabled_only(ln, "disabled", &disabled) < 0)
        return -1;
    ln->cfg->floppy_sig_check = !disabled;
    return 0;
}

/* ---- display and input ---- */

/* display_library: options="..." (comma- or blank-separated) */
static int display_options(struct bx_line *ln, const char *opts)
{
    struct config *c = ln->cfg;
    char *copy = strdup(opts), *save = NULL;
    int r = 0;
    for (char *t = strtok_r(copy, ", \t", &save); t && r == 0; t = strtok_r(NULL, ", \t", &save)) {
        uint64_t v;
        if (!strcasecmp(t, "gui_debug"))
            c->debugger = true; /* emu's debugger is the console one */
        else if (!strcasecmp(t, "hideIPS"))
            c->display_hide_ips = true;
        else if (!strcasecmp(t, "fullscreen"))
            c->display_fullscreen = true;
        else if (!strcasecmp(t, "nokeyrepeat"))
            c->display_nokeyrepeat = true;
        else if (!strncasecmp(t, "scale=", 6)) {
            if (parse_num(t + 6, &v) < 0 || v < 1 || v > 8)
                r = bx_error(ln, "options: scale: expected 1..8, got '%s'", t + 6);
            else
                c->display_scale = (uint32_t)v;
        } else
            bx_warn(ln, "options: '%s' is not an option of emu's display (emu knows gui_debug, hideIPS, "
                        "fullscreen, nokeyrepeat, scale=N); it is ignored",
                    t);
    }
    free(copy);
    return r;
}

static int opt_display_library(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (p->value) {
            if (!is(p, "options"))
                return bad_param(ln, i, "a display library and options=\"...\"");
            set_str(&c->display_options, p->value);
            if (display_options(ln, p->value) < 0)
                return -1;
            continue;
        }
        if (i != 0)
            return bx_error(ln, "expected 'display_library: NAME, options=\"...\"', got '%s'", p->name);
        c->display_fallback = false;
        if (!strcasecmp(p->name, "sdl2") || !strcasecmp(p->name, "sdl"))
            c->display = DISPLAY_SDL2;
        else if (!strcasecmp(p->name, "nogui"))
            c->display = DISPLAY_NONE;
        else if (!strcasecmp(p->name, "term"))
            c->display = DISPLAY_TERM;
        else if (!strcasecmp(p->name, "x") || !strcasecmp(p->name, "wx") || !strcasecmp(p->name, "rfb") ||
                 !strcasecmp(p->name, "vncsrv") || !strcasecmp(p->name, "win32") ||
                 !strcasecmp(p->name, "carbon") || !strcasecmp(p->name, "macintosh") ||
                 !strcasecmp(p->name, "amigaos")) {
            bx_warn(ln, "emu has no '%s' display; it opens an SDL2 window instead (headless when emu is "
                        "built without SDL2)",
                    p->name);
            c->display = DISPLAY_SDL2;
            c->display_fallback = true;
        } else
            return bx_error(ln, "expected sdl2, sdl, nogui, term, x, wx, rfb, vncsrv or win32, got '%s'", p->name);
    }
    return 0;
}

static int opt_vga(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "extension")) {
            static const char *const ext[] = {"none", "vbe", "cirrus", "voodoo", NULL};
            int k = choice_param(ln, i, ext);
            if (k < 0)
                return -1;
            if (k >= 2)
                bx_warn(ln, "extension=%s: emu has no %s adapter; it emulates a VGA with the Bochs VBE "
                            "extension (extension=vbe)",
                        p->value, p->value);
            set_str(&c->vga_extension, k >= 2 ? "vbe" : ext[k]);
        } else if (is(p, "update_freq")) {
            if (u32_param(ln, i, 1, 75, &c->vga_update_freq) < 0)
                return -1;
        } else if (is(p, "realtime")) {
            if (bool_param(ln, i, &c->vga_realtime) < 0)
                return -1;
        } else if (is(p, "ddc")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (strcasecmp(p->value, "builtin") && strcasecmp(p->value, "disabled"))
                bx_warn(ln, "ddc=%s: emu does not read monitor data from a file; it uses its built-in EDID",
                        p->value);
        } else
            return bad_param(ln, i, "extension, update_freq, realtime or ddc");
    }
    return 0;
}

static int keymap_warning(struct bx_line *ln, const char *map)
{
    bx_warn(ln, "keymap %s: emu maps keys by their position on the keyboard (SDL scancodes) and needs no "
                "keymap; it is not loaded",
            map);
    return 0;
}

static int opt_keyboard(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "type")) {
            static const char *const types[] = {"xt", "at", "mf", NULL};
            int k = choice_param(ln, i, types);
            if (k < 0)
                return -1;
            set_str(&c->keyboard_type, types[k]);
        } else if (is(p, "serial_delay")) {
            if (u32_param(ln, i, 0, 1000000, &c->kbd_serial_delay) < 0)
                return -1;
        } else if (is(p, "paste_delay")) {
            if (u32_param(ln, i, 0, 10000000, &c->kbd_paste_delay) < 0)
                return -1;
        } else if (is(p, "keymap")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (*p->value)
                keymap_warning(ln, p->value);
            set_str(&c->keyboard_keymap, *p->value ? p->value : NULL);
        } else if (is(p, "user_shortcut")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&c->keyboard_shortcut, p->value);
        } else
            return bad_param(ln, i, "type, serial_delay, paste_delay, keymap or user_shortcut");
    }
    return 0;
}

static int opt_mouse(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "enabled")) {
            if (bool_param(ln, i, &c->mouse_enabled) < 0)
                return -1;
        } else if (is(p, "type")) {
            static const char *const types[] = {"ps2",    "imps2", "serial", "serial_wheel", "serial_msys",
                                                "inport", "bus",   "usb",    "none",         NULL};
            int k = choice_param(ln, i, types);
            if (k < 0)
                return -1;
            if (k >= 2 && k <= 7)
                bx_warn(ln, "type=%s: emu has no %s mouse; the guest gets a PS/2 wheel mouse (imps2)", p->value,
                        p->value);
            set_str(&c->mouse_type, k >= 2 && k <= 7 ? "imps2" : types[k]);
        } else if (is(p, "toggle")) {
            static const char *const keys[] = {"ctrl+mbutton", "ctrl+f10", "ctrl+alt", "f12", NULL};
            int k = choice_param(ln, i, keys);
            if (k < 0)
                return -1;
            set_str(&c->mouse_toggle, keys[k]);
        } else
            return bad_param(ln, i, "enabled, type or toggle");
    }
    return 0;
}

/* ---- ports ---- */

static int opt_com(struct bx_line *ln)
{
    struct serial_cfg *s = &ln->cfg->com[ln->key[3] - '1'];
    bool enabled = true;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "enabled")) {
            if (bool_param(ln, i, &enabled) < 0)
                return -1;
        } else if (is(p, "mode")) {
            static const char *const modes[] = {"null",          "file",          "term",        "socket-server",
                                                "socket-client", "raw",           "mouse",       "pipe",
                                                "pipe-server",   "pipe-client",   "udp",         "stdout",
                                                "pty",           NULL};
            int k = choice_param(ln, i, modes);
            if (k < 0)
                return -1;
            static const enum serial_mode map[] = {SER_NULL,          SER_FILE, SER_TERM, SER_SOCKET_SERVER,
                                                   SER_SOCKET_CLIENT, SER_TERM, SER_NULL, SER_NULL,
                                                   SER_NULL,          SER_NULL, SER_NULL, SER_STDOUT,
                                                   SER_PTY};
            if (k == 5)
                bx_warn(ln, "mode=raw: emu treats a host serial device like a terminal (mode=term)");
            else if (k == 6)
                bx_warn(ln, "mode=mouse: emu has no serial mouse; the port is not connected (mode=null)");
            else if (k >= 7 && k <= 10)
                bx_warn(ln, "mode=%s: not available in emu; the port is not connected (mode=null); use "
                            "socket-client or socket-server",
                        p->value);
            s->mode = map[k];
        } else if (is(p, "dev")) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&s->dev, *p->value ? p->value : NULL);
        } else
            return bad_param(ln, i, "enabled, mode or dev");
    }
    s->enabled = enabled;
    if (enabled && (s->mode == SER_FILE || s->mode == SER_SOCKET_CLIENT || s->mode == SER_SOCKET_SERVER) &&
        !s->dev)
        return bx_error(ln, "this mode needs dev=FILE or dev=HOST:PORT");
    return 0;
}

static int opt_port_e9_hack(struct bx_line *ln)
{
    for (int i = 0; i < ln->n; i++) {
        bool all;
        if (is(&ln->p[i], "enabled")) {
            if (bool_param(ln, i, &ln->cfg->port_e9_hack) < 0)
                return -1;
        } else if (is(&ln->p[i], "all_rings")) {
            if (bool_param(ln, i, &all) < 0)
                return -1; /* emu's port 0xE9 never checks the I/O privilege level */
        } else
            return bad_param(ln, i, "enabled or all_rings");
    }
    return 0;
}

static int opt_magic_break(struct bx_line *ln)
{
    return enabled_only(ln, "enabled", &ln->cfg->magic_break);
}

/* ---- logging and debugging ---- */

static int file_option(struct bx_line *ln, char **dst)
{
    const char *w = single_word(ln, "a file name ('-' for the console)");
    if (!w)
        return -1;
    set_str(dst, strcmp(w, "-") ? w : NULL);
    return 0;
}

static int opt_log(struct bx_line *ln) { return file_option(ln, &ln->cfg->log_file); }
static int opt_debugger_log(struct bx_line *ln) { return file_option(ln, &ln->cfg->debugger_log); }

static int opt_logprefix(struct bx_line *ln)
{
    if (ln->n < 1)
        return bx_error(ln, "expected a format such as %%t%%e%%d");
    set_str(&ln->cfg->logprefix, ln->p[0].name);
    return 0;
}

static int opt_log_action(struct bx_line *ln)
{
    static const char *const actions[] = {"ignore", "report", "warn", "fatal", "ask", NULL};
    static const char *const levels[] = {"debug", "info", "error", "panic"};
    struct config *c = ln->cfg;
    int lvl = 0;
    while (strcasecmp(ln->key, levels[lvl]))
        lvl++;
    bool per_module = false;
    for (int i = 0; i < ln->n; i++) {
        int k = choice_param(ln, i, actions);
        if (k < 0)
            return -1;
        if (!is(&ln->p[i], "action")) {
            per_module = true;
            continue;
        }
        if (k == 4)
            bx_warn(ln, "action=ask: emu has no interactive prompt; the run ends (action=fatal)%s",
                    c->debugger ? "" : "; start emu with -d to stop in the debugger instead");
        c->log_action[lvl] = (uint8_t)(k == 4 ? LOGACT_FATAL : k);
    }
    if (per_module)
        bx_warn(ln, "per-module actions are not supported; emu applies action=%s to every module",
                actions[c->log_action[lvl]]);
    /* the lowest level that is reported decides what the log prints */
    c->log_level = LOG_PANIC;
    for (int l = LOG_ERROR; l >= LOG_DEBUG; l--)
        if (c->log_action[l] != LOGACT_IGNORE)
            c->log_level = l;
    return 0;
}

static int opt_gdbstub(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    bool enabled = true;
    uint64_t port = c->gdb_port ? (uint64_t)c->gdb_port : 1234;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "enabled")) {
            if (bool_param(ln, i, &enabled) < 0)
                return -1;
        } else if (is(p, "port")) {
            if (num_param(ln, i, 1, 65535, &port) < 0)
                return -1;
        } else if (is(p, "text_base")) {
            if (num_param(ln, i, 0, UINT64_MAX, &c->gdb_text_base) < 0)
                return -1;
        } else if (is(p, "data_base")) {
            if (num_param(ln, i, 0, UINT64_MAX, &c->gdb_data_base) < 0)
                return -1;
        } else if (is(p, "bss_base")) {
            if (num_param(ln, i, 0, UINT64_MAX, &c->gdb_bss_base) < 0)
                return -1;
        } else
            return bad_param(ln, i, "enabled, port, text_base, data_base or bss_base");
    }
    c->gdb_port = enabled ? (int)port : 0;
    return 0;
}

/* ---- PCI and plug-ins ---- */

static int opt_pci(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        if (is(p, "enabled")) {
            if (bool_param(ln, i, &c->pci_enabled) < 0)
                return -1;
        } else if (is(p, "chipset")) {
            static const char *const chips[] = {"i440fx", "i430fx", "i440bx", NULL};
            int k = choice_param(ln, i, chips);
            if (k < 0)
                return -1;
            if (k)
                bx_warn(ln, "chipset=%s: emu emulates the i440FX; the guest sees an i440FX", p->value);
            set_str(&c->pci_chipset, "i440fx");
        } else if (!strncasecmp(p->name, "slot", 4) && p->name[4] >= '1' && p->name[4] <= '5' && !p->name[5]) {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&c->pci_slot[p->name[4] - '1'], *p->value ? p->value : NULL);
            if (*p->value && strcasecmp(p->value, "pcivga"))
                bx_warn(ln, "%s=%s: emu has no PCI device '%s'; the slot stays empty", p->name, p->value,
                        p->value);
        } else if (is(p, "advopts")) {
            if (need_value(ln, i) < 0)
                return -1;
            if (*p->value)
                bx_warn(ln, "advopts=%s: emu has no advanced PCI options; the defaults stay", p->value);
        } else
            return bad_param(ln, i, "enabled, chipset, slot1-slot5 or advopts");
    }
    return 0;
}

static int opt_i440fxsupport(struct bx_line *ln)
{
    struct config *c = ln->cfg;
    for (int i = 0; i < ln->n; i++) {
        if (is(&ln->p[i], "enabled")) {
            if (bool_param(ln, i, &c->pci_enabled) < 0)
                return -1;
        } else if (!strncasecmp(ln->p[i].name, "slot", 4) && ln->p[i].name[4] >= '1' && ln->p[i].name[4] <= '5') {
            if (need_value(ln, i) < 0)
                return -1;
            set_str(&c->pci_slot[ln->p[i].name[4] - '1'], *ln->p[i].value ? ln->p[i].value : NULL);
        } else
            return bad_param(ln, i, "enabled or slot1-slot5");
    }
    return 0;
}

static int opt_plugin_ctrl(struct bx_line *ln)
{
    /* Bochs's plug-ins and whether emu has the device */
    static const struct {
        const char *name;
        bool present;
    } plugins[] = {
        {"unmapped", true},  {"biosdev", true},  {"extfpuirq", true}, {"serial", true},    {"pci_ide", true},
        {"acpi", true},      {"ioapic", true},   {"keyboard", true},  {"harddrv", true},   {"floppy", true},
        {"pci", true},       {"pci2isa", true},  {"cmos", true},      {"dma", true},       {"pic", true},
        {"pit", true},       {"vga", true},      {"speaker", false},  {"parallel", false}, {"gameport", false},
        {"iodebug", false},  {"hpet", false},    {"busmouse", false}, {"e1000", false},    {"ne2k", false},
        {"pcipnic", false},  {"sb16", false},    {"es1370", false},   {"usb_uhci", false}, {"usb_ohci", false},
        {"usb_ehci", false}, {"usb_xhci", false}, {"voodoo", false},  {"svga_cirrus", false}, {"pcidev", false},
        {"ata", true},       {"hdimage", true},  {"soundmod", false}, {"netmod", false},
    };
    for (int i = 0; i < ln->n; i++) {
        struct bx_param *p = &ln->p[i];
        bool on;
        if (bool_param(ln, i, &on) < 0)
            return -1;
        size_t k = 0, n = sizeof plugins / sizeof plugins[0];
        while (k < n && strcasecmp(p->name, plugins[k].name))
            k++;
        if (k == n)
            return bx_error(ln, "unknown plug-in '%s' (expected a Bochs device plug-in name such as "
                                "unmapped, biosdev, speaker, e1000)",
                            p->name);
        if (on && !plugins[k].present)
            bx_warn(ln, "%s=1: emu has no '%s' device; the machine is built without it", p->name, p->name);
        else if (!on && plugins[k].present)
            bx_warn(ln, "%s=0: '%s' is part of every emu machine; it stays", p->name, p->name);
    }
    return 0;
}

/* ---- older option names still found in people's files ---- */

static int opt_ips(struct bx_line *ln)
{
    const char *w = single_word(ln, "instructions per second (ips: 4000000)");
    uint64_t v;
    if (!w)
        return -1;
    if (parse_num(w, &v) < 0 || v < 1000)
        return bx_error(ln, "expected instructions per second (at least 1000), got '%s'", w);
    ln->cfg->ips = v;
    return 0;
}

static int opt_vga_update_interval(struct bx_line *ln)
{
    const char *w = single_word(ln, "an interval in microseconds");
    uint64_t v;
    if (!w)
        return -1;
    if (parse_num(w, &v) < 0 || v < 1000 || v > 10000000)
        return bx_error(ln, "expected microseconds between 1000 and 10000000, got '%s'", w);
    uint64_t hz = 1000000 / v;
    ln->cfg->vga_update_freq = hz < 1 ? 1 : hz > 75 ? 75 : (uint32_t)hz;
    return 0;
}

static int opt_legacy_delay(struct bx_line *ln)
{
    const char *w = single_word(ln, "a delay in microseconds");
    uint64_t v;
    if (!w)
        return -1;
    if (parse_num(w, &v) < 0 || v > 10000000)
        return bx_error(ln, "expected a delay in microseconds, got '%s'", w);
    if (!strcasecmp(ln->key, "keyboard_serial_delay"))
        ln->cfg->kbd_serial_delay = (uint32_t)v;
    else
        ln->cfg->kbd_paste_delay = (uint32_t)v;
    return 0;
}

static int opt_keyboard_type(struct bx_line *ln)
{
    const char *w = single_word(ln, "xt, at or mf");
    if (!w)
        return -1;
    if (strcasecmp(w, "xt") && strcasecmp(w, "at") && strcasecmp(w, "mf"))
        return bx_error(ln, "expected xt, at or mf, got '%s'", w);
    set_str(&ln->cfg->keyboard_type, w);
    return 0;
}

static int opt_keyboard_mapping(struct bx_line *ln)
{
    bool enabled = false;
    const char *map = NULL;
    for (int i = 0; i < ln->n; i++) {
        if (is(&ln->p[i], "enabled")) {
            if (bool_param(ln, i, &enabled) < 0)
                return -1;
        } else if (is(&ln->p[i], "map")) {
            if (need_value(ln, i) < 0)
                return -1;
            map = ln->p[i].value;
        } else
            return bad_param(ln, i, "enabled or map");
    }
    if (enabled)
        keymap_warning(ln, map ? map : "(none)");
    return 0;
}

static int opt_user_shortcut(struct bx_line *ln)
{
    for (int i = 0; i < ln->n; i++) {
        if (!is(&ln->p[i], "keys"))
            return bad_param(ln, i, "keys");
        if (need_value(ln, i) < 0)
            return -1;
        set_str(&ln->cfg->keyboard_shortcut, ln->p[i].value);
    }
    return 0;
}

/* ---- what emu does not have: one warning each ---- */

static const struct {
    const char *name;
    const char *instead;
} unsupported[] = {
    {"config_interface", "emu has no configuration menu; it starts the machine directly (as with -q)"},
    {"sound", "emu has no sound output; the option is ignored"},
    {"speaker", "emu has no PC speaker output; port 0x61 works but makes no sound"},
    {"sb16", "emu has no Sound Blaster 16; the machine is built without it"},
    {"es1370", "emu has no ES1370 sound card; the machine is built without it"},
    {"ne2k", "emu has no NE2000 network card; the machine has no network"},
    {"pcipnic", "emu has no pseudo-NIC; the machine has no network"},
    {"e1000", "emu has no e1000 network card; the machine has no network"},
    {"usb_uhci", "emu has no USB controller; the machine is built without it"},
    {"usb_ohci", "emu has no USB controller; the machine is built without it"},
    {"usb_ehci", "emu has no USB controller; the machine is built without it"},
    {"usb_xhci", "emu has no USB controller; the machine is built without it"},
    {"usb1", "emu has no USB controller; the machine is built without it"},
    {"voodoo", "emu has no Voodoo graphics card; the machine has a VGA only"},
    {"pcidev", "emu cannot pass a host PCI device through; the option is ignored"},
    {"parport1", "emu has no parallel port; nothing is written to the file"},
    {"parport2", "emu has no parallel port; nothing is written to the file"},
    {"cmosimage", "emu builds the CMOS contents from the configuration; the image is not loaded"},
    {"private_colormap", "emu renders in true colour and needs no colour map; the option is ignored"},
    {"print_timestamps", "emu's log has no timestamps; the option is ignored"},
    {"debug_symbols", "emu's debugger has no symbol table; load symbols in gdb (--gdb) instead"},
    {"user_plugin", "emu loads no plug-ins; the option is ignored"},
    {"load32bitOSImage", "emu does not load OS images this way; use --kernel/--initrd/--append"},
    {"text_snapshot_check", "emu has no text snapshot check; use --text-dump FILE"},
    {"floppy_command_delay", "emu's floppy controller uses its own timing; the option is ignored"},
    {"iodebug", "emu has no I/O debug device; the debugger's watchpoints do the same"},
};

/* an unsupported option whose line disables it is honoured, not ignored */
static bool disables(const struct bx_line *ln)
{
    for (int i = 0; i < ln->n; i++) {
        bool on;
        if (is(&ln->p[i], "enabled") && ln->p[i].value && parse_bool(ln->p[i].value, &on) == 0 && !on)
            return true;
    }
    return false;
}

/* ---- the table ---- */

static const struct {
    const char *name;
    int (*fn)(struct bx_line *ln);
} options[] = {
    {"megs", opt_megs},
    {"memory", opt_memory},
    {"romimage", opt_romimage},
    {"vgaromimage", opt_vgaromimage},
    {"optromimage1", opt_optromimage},
    {"optromimage2", opt_optromimage},
    {"optromimage3", opt_optromimage},
    {"optromimage4", opt_optromimage},
    {"optramimage1", opt_optramimage},
    {"optramimage2", opt_optramimage},
    {"optramimage3", opt_optramimage},
    {"optramimage4", opt_optramimage},
    {"cpu", opt_cpu},
    {"cpuid", opt_cpuid},
    {"clock", opt_clock},
    {"floppya", opt_floppy},
    {"floppyb", opt_floppy},
    {"ata0", opt_ata_channel},
    {"ata1", opt_ata_channel},
    {"ata2", opt_ata_channel},
    {"ata3", opt_ata_channel},
    {"ata0-master", opt_ata_device},
    {"ata0-slave", opt_ata_device},
    {"ata1-master", opt_ata_device},
    {"ata1-slave", opt_ata_device},
    {"ata2-master", opt_ata_device},
    {"ata2-slave", opt_ata_device},
    {"ata3-master", opt_ata_device},
    {"ata3-slave", opt_ata_device},
    {"boot", opt_boot},
    {"floppy_bootsig_check", opt_floppy_bootsig_check},
    {"display_library", opt_display_library},
    {"vga", opt_vga},
    {"keyboard", opt_keyboard},
    {"mouse", opt_mouse},
    {"com1", opt_com},
    {"com2", opt_com},
    {"com3", opt_com},
    {"com4", opt_com},
    {"port_e9_hack", opt_port_e9_hack},
    {"magic_break", opt_magic_break},
    {"log", opt_log},
    {"logprefix", opt_logprefix},
    {"debug", opt_log_action},
    {"info", opt_log_action},
    {"error", opt_log_action},
    {"panic", opt_log_action},
    {"debugger_log", opt_debugger_log},
    {"gdbstub", opt_gdbstub},
    {"pci", opt_pci},
    {"i440fxsupport", opt_i440fxsupport},
    {"plugin_ctrl", opt_plugin_ctrl},
    /* names from older Bochs versions */
    {"ips", opt_ips},
    {"vga_update_interval", opt_vga_update_interval},
    {"keyboard_serial_delay", opt_legacy_delay},
    {"keyboard_paste_delay", opt_legacy_delay},
    {"keyboard_type", opt_keyboard_type},
    {"keyboard_mapping", opt_keyboard_mapping},
    {"user_shortcut", opt_user_shortcut},
};

int bx_apply(struct bx_line *ln)
{
    for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
        if (!strcasecmp(ln->key, options[k].name))
            return options[k].fn(ln);
    for (size_t k = 0; k < sizeof unsupported / sizeof unsupported[0]; k++) {
        if (!strcasecmp(ln->key, unsupported[k].name)) {
            if (!disables(ln))
                bx_warn(ln, "%s", unsupported[k].instead);
            return 0;
        }
    }
    config_diag(ln->cfg, "%s: unknown option '%s' (expected a bochsrc option; see emu(1))", ln->origin, ln->key);
    return -1;
}
