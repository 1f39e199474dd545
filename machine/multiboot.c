/* machine/multiboot.c: Multiboot 1 (specification 0.6.96) and Multiboot 2
 * (specification 2.0) kernels: ELF32 and ELF64 images loaded at their
 * segments' physical addresses, or raw images through the address fields
 * ("a.out kludge"), modules from --initrd "FILE ARGS,FILE ARGS", the
 * command line "KERNEL APPEND" as GRUB and QEMU pass it, and the boot
 * information (memory sizes, memory map, modules, boot loader name; for
 * Multiboot 2 also the ACPI RSDP). Both start in 32-bit protected mode
 * (Multiboot 2, 3.3 "I386 machine state", also for a 64-bit ELF file: the
 * kernel enters long mode itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "machine/acpi_tables.h"
#include "machine/layout.h"
#include "machine/loader.h"
#include "machine/machine.h"
#include "memory/phys.h"

#define MB1_MAGIC 0x1BADB002u
#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB1_SEARCH 8192
#define MB2_MAGIC 0xE85250D6u
#define MB2_BOOT_MAGIC 0x36D76289u
#define MB2_SEARCH 32768
#define MAX_MODULES 32
#define MAX_SEGS 32

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint64_t rd64(const uint8_t *p) { return rd32(p) | (uint64_t)rd32(p + 4) << 32; }
static void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }

static long find_mb1(const uint8_t *img, size_t len)
{
    for (size_t o = 0; o + 12 <= len && o + 12 <= MB1_SEARCH; o += 4)
        if (rd32(img + o) == MB1_MAGIC && (uint32_t)(rd32(img + o) + rd32(img + o + 4) + rd32(img + o + 8)) == 0)
            return (long)o;
    return -1;
}

static long find_mb2(const uint8_t *img, size_t len)
{
    for (size_t o = 0; o + 16 <= len && o + 16 <= MB2_SEARCH; o += 8)
        if (rd32(img + o) == MB2_MAGIC &&
            (uint32_t)(rd32(img + o) + rd32(img + o + 4) + rd32(img + o + 8) + rd32(img + o + 12)) == 0)
            return (long)o;
    return -1;
}

int multiboot_probe(const uint8_t *img, size_t len)
{
    if (find_mb2(img, len) >= 0)
        return 2;
    return find_mb1(img, len) >= 0 ? 1 : 0;
}

/* ---- image loading: ELF or the address fields ---- */

/* Loads the PT_LOAD segments of an ELF32 or ELF64 file at their physical
 * addresses; *entry is the entry point translated to a physical address
 * when it lies in a segment whose virtual and physical addresses differ
 * (as GRUB does). */
static int load_elf(struct loader *ld, uint32_t *entry)
{
    const uint8_t *e = ld->img;
    size_t len = ld->len;
    if (len < 52 || memcmp(e, "\x7F" "ELF", 4)) {
        fprintf(stderr, "emu: %s: the Multiboot header has no address fields and the file is not ELF\n", ld->path);
        return -1;
    }
    bool is64 = e[4] == 2;
    if ((e[4] != 1 && e[4] != 2) || e[5] != 1 || (is64 && len < 64)) {
        fprintf(stderr, "emu: %s: not a little-endian ELF32 or ELF64 file\n", ld->path);
        return -1;
    }
    uint16_t machine = rd16(e + 18);
    if (machine != 3 && machine != 62) {
        fprintf(stderr, "emu: %s: ELF machine %u is not x86 (3) or x86-64 (62)\n", ld->path, machine);
        return -1;
    }
    uint64_t ventry = is64 ? rd64(e + 24) : rd32(e + 24);
    uint64_t phoff = is64 ? rd64(e + 32) : rd32(e + 28);
    unsigned phentsize = rd16(e + (is64 ? 54 : 42)), phnum = rd16(e + (is64 ? 56 : 44));
    if (phentsize < (is64 ? 56u : 32u) || phoff > len || (uint64_t)phnum * phentsize > len - phoff) {
        fprintf(stderr, "emu: %s: ELF program headers lie outside the file (truncated?)\n", ld->path);
        return -1;
    }
    uint64_t pentry = ventry;
    int loaded = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = e + phoff + (uint64_t)i * phentsize;
        if (rd32(ph) != 1) /* PT_LOAD */
            continue;
        uint64_t off, vaddr, paddr, filesz, memsz;
        if (is64) {
            off = rd64(ph + 8), vaddr = rd64(ph + 16), paddr = rd64(ph + 24);
            filesz = rd64(ph + 32), memsz = rd64(ph + 40);
        } else {
            off = rd32(ph + 4), vaddr = rd32(ph + 8), paddr = rd32(ph + 12);
            filesz = rd32(ph + 16), memsz = rd32(ph + 20);
        }
        if (filesz > memsz || off > len || filesz > len - off) {
            fprintf(stderr, "emu: %s: ELF segment %u lies outside the file (truncated?)\n", ld->path, i);
            return -1;
        }
        if (!memsz)
            continue;
        if (!loader_ram_ok(ld, paddr, memsz)) {
            fprintf(stderr, "emu: %s: ELF segment %u at physical 0x%llx-0x%llx is not in RAM (%llu MiB)\n", ld->path,
                    i, (unsigned long long)paddr, (unsigned long long)(paddr + memsz - 1),
                    (unsigned long long)(ld->ram_below >> 20));
            return -1;
        }
        loader_put(ld, paddr, e + off, (size_t)filesz, memsz - filesz);
        loader_claim(ld, paddr, memsz);
        if (ventry >= vaddr && ventry - vaddr < memsz)
            pentry = ventry - vaddr + paddr;
        loaded++;
    }
    if (!loaded) {
        fprintf(stderr, "emu: %s: the ELF file has no loadable segment\n", ld->path);
        return -1;
    }
    if (pentry > 0xFFFFFFFFu) {
        fprintf(stderr, "emu: %s: the entry point 0x%llx is above 4 GiB\n", ld->path, (unsigned long long)pentry);
        return -1;
    }
    *entry = (uint32_t)pentry;
    return 0;
}

/* Multiboot 1 3.1.3 / Multiboot 2 3.1.5: the file from the header's
 * position minus (header_addr - load_addr) is loaded at load_addr up to
 * load_end_addr (0: the end of the file), then zeros up to bss_end_addr. */
static int load_kludge(struct loader *ld, uint32_t hdr_off, uint32_t header_addr, uint32_t load_addr,
                       uint32_t load_end, uint32_t bss_end)
{
    uint64_t off;
    if (load_addr == 0xFFFFFFFFu) { /* Multiboot 2: from the file's start */
        off = 0;
        load_addr = header_addr - hdr_off;
    } else if (load_addr > header_addr || header_addr - load_addr > hdr_off) {
        fprintf(stderr, "emu: %s: Multiboot load_addr 0x%x does not fit header_addr 0x%x at file offset 0x%x\n",
                ld->path, load_addr, header_addr, hdr_off);
        return -1;
    } else {
        off = hdr_off - (header_addr - load_addr);
    }
    uint64_t size = load_end ? (uint64_t)load_end - load_addr : ld->len - off;
    if (load_end && (load_end < load_addr || size > ld->len - off)) {
        fprintf(stderr, "emu: %s: Multiboot load_end_addr 0x%x is beyond the file's end\n", ld->path, load_end);
        return -1;
    }
    uint64_t end = load_addr + size;
    uint64_t bss = bss_end > end ? bss_end - end : 0;
    if (bss_end && bss_end < end) {
        fprintf(stderr, "emu: %s: Multiboot bss_end_addr 0x%x is below the loaded image's end 0x%llx\n", ld->path,
                bss_end, (unsigned long long)end);
        return -1;
    }
    if (!loader_ram_ok(ld, load_addr, size + bss)) {
        fprintf(stderr, "emu: %s: the image at 0x%x-0x%llx is not in RAM (%llu MiB)\n", ld->path, load_addr,
                (unsigned long long)(end + bss - 1), (unsigned long long)(ld->ram_below >> 20));
        return -1;
    }
    loader_put(ld, load_addr, ld->img + off, (size_t)size, bss);
    loader_claim(ld, load_addr, size + bss);
    return 0;
}

/* ---- modules, command line, memory map ---- */

struct module {
    uint32_t start, end;
    uint32_t string; /* guest address of "FILE ARGS" */
};

static uint32_t put_string(struct loader *ld, const char *s)
{
    size_t n = strlen(s) + 1;
    uint32_t a = loader_info_alloc(ld, (uint32_t)n, 1);
    if (a)
        loader_put(ld, a, s, n, 0);
    return a;
}

static int info_full(struct loader *ld)
{
    fprintf(stderr, "emu: %s: the boot information does not fit in %u KiB (command lines too long?)\n", ld->path,
            (LOADER_INFO_END - LOADER_INFO_BASE) / 1024);
    return -1;
}

/* --initrd "FILE ARGS,FILE ARGS": each module page-aligned above the
 * kernel. */
static int load_modules(struct loader *ld, struct module *mods, int *nmods)
{
    *nmods = 0;
    const char *spec = ld->m->cfg->initrd;
    if (!spec || !*spec)
        return 0;
    uint64_t next = ld->load_hi > 0x100000 ? ld->load_hi : 0x100000;
    char *list = strdup(spec);
    if (!list)
        return -1;
    int r = 0;
    char *save = NULL;
    for (char *item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        while (*item == ' ')
            item++;
        if (!*item)
            continue;
        if (*nmods == MAX_MODULES) {
            fprintf(stderr, "emu: --initrd: more than %d Multiboot modules\n", MAX_MODULES);
            r = -1;
            break;
        }
        char path[4096];
        size_t plen = strcspn(item, " ");
        if (plen >= sizeof path) {
            fprintf(stderr, "emu: --initrd: module file name too long\n");
            r = -1;
            break;
        }
        memcpy(path, item, plen);
        path[plen] = 0;
        size_t len;
        uint8_t *data = loader_read_file(path, &len);
        if (!data) {
            r = -1;
            break;
        }
        next = (next + 0xFFF) & ~0xFFFull;
        if (!loader_ram_ok(ld, next, len ? len : 1)) {
            fprintf(stderr, "emu: %s: module of %zu bytes does not fit in RAM above 0x%llx (%llu MiB)\n", path, len,
                    (unsigned long long)next, (unsigned long long)(ld->ram_below >> 20));
            free(data);
            r = -1;
            break;
        }
        loader_put(ld, next, data, len, 0);
        free(data);
        struct module *mo = &mods[(*nmods)++];
        mo->start = (uint32_t)next;
        mo->end = (uint32_t)(next + len);
        mo->string = put_string(ld, item);
        if (!mo->string) {
            r = info_full(ld);
            break;
        }
        next += len;
    }
    free(list);
    return r;
}

/* The kernel's command line: "FILE APPEND" (GRUB and QEMU pass the file
 * name first). */
static uint32_t put_cmdline(struct loader *ld)
{
    const char *append = ld->m->cfg->append;
    size_t n = strlen(ld->path) + (append ? strlen(append) + 1 : 0) + 1;
    char *s = malloc(n);
    if (!s)
        return 0;
    snprintf(s, n, "%s%s%s", ld->path, append ? " " : "", append ? append : "");
    uint32_t a = put_string(ld, s);
    free(s);
    return a;
}

static uint32_t mem_lower_kb(void) { return LAYOUT_EBDA_BASE / 1024; }
static uint32_t mem_upper_kb(const struct loader *ld) { return (uint32_t)((ld->ram_below - 0x100000) >> 10); }

/* ---- Multiboot 1 ---- */

enum {
    MB1_PAGE_ALIGN = 1u << 0, MB1_MEMORY_INFO = 1u << 1, MB1_VIDEO_MODE = 1u << 2, MB1_AOUT_KLUDGE = 1u << 16,
};
enum {
    MBI_MEM = 1u << 0, MBI_CMDLINE = 1u << 2, MBI_MODS = 1u << 3, MBI_MMAP = 1u << 6, MBI_LOADER = 1u << 9,
    MBI_FB = 1u << 12,
};

int multiboot1_load(struct loader *ld)
{
    long ho = find_mb1(ld->img, ld->len);
    const uint8_t *h = ld->img + ho;
    uint32_t flags = rd32(h + 4);
    if (flags & 0xFFF8u) {
        fprintf(stderr, "emu: %s: Multiboot header requests features 0x%x emu does not know\n", ld->path,
                flags & 0xFFF8u);
        return -1;
    }
    uint32_t entry;
    if (flags & MB1_AOUT_KLUDGE) {
        if ((size_t)ho + 32 > ld->len) {
            fprintf(stderr, "emu: %s: the Multiboot header's address fields are cut off\n", ld->path);
            return -1;
        }
        if (load_kludge(ld, (uint32_t)ho, rd32(h + 12), rd32(h + 16), rd32(h + 20), rd32(h + 24)) < 0)
            return -1;
        entry = rd32(h + 28);
    } else if (load_elf(ld, &entry) < 0) {
        return -1;
    }
    struct module mods[MAX_MODULES];
    int nmods;
    if (load_modules(ld, mods, &nmods) < 0)
        return -1;

    uint32_t mbi = loader_info_alloc(ld, 116, 8);
    uint32_t cmdline = put_cmdline(ld), name = put_string(ld, "emu");
    uint32_t mmap = loader_info_alloc(ld, (uint32_t)ld->ne820 * 24, 8);
    uint32_t mods_a = nmods ? loader_info_alloc(ld, (uint32_t)nmods * 16, 8) : 0;
    if (!mbi || !cmdline || !name || !mmap || (nmods && !mods_a))
        return info_full(ld);
    uint8_t b[116] = {0};
    uint32_t f = MBI_MEM | MBI_CMDLINE | MBI_MMAP | MBI_LOADER;
    put32(b + 4, mem_lower_kb());
    put32(b + 8, mem_upper_kb(ld));
    put32(b + 16, cmdline);
    if (nmods) {
        f |= MBI_MODS;
        put32(b + 20, (uint32_t)nmods);
        put32(b + 24, mods_a);
        for (int i = 0; i < nmods; i++) {
            uint8_t me[16] = {0};
            put32(me, mods[i].start);
            put32(me + 4, mods[i].end);
            put32(me + 8, mods[i].string);
            loader_put(ld, mods_a + 16u * (uint32_t)i, me, 16, 0);
        }
    }
    /* memory map: entries of size (not counting itself) 20 */
    for (int i = 0; i < ld->ne820; i++) {
        uint8_t me[24];
        put32(me, 20);
        put64(me + 4, ld->e820[i].base);
        put64(me + 12, ld->e820[i].len);
        put32(me + 20, ld->e820[i].type);
        loader_put(ld, mmap + 24u * (uint32_t)i, me, 24, 0);
    }
    put32(b + 44, (uint32_t)ld->ne820 * 24);
    put32(b + 48, mmap);
    put32(b + 64, name);
    if (flags & MB1_VIDEO_MODE) {
        /* the text screen the machine has: EGA text, 80x25 at B8000 */
        f |= MBI_FB;
        put64(b + 88, 0xB8000);
        put32(b + 96, 160);
        put32(b + 100, 80);
        put32(b + 104, 25);
        b[108] = 16;
        b[109] = 2;
    }
    put32(b, f);
    loader_put(ld, mbi, b, sizeof b, 0);
    loader_enter32(ld, entry, MB1_BOOT_MAGIC, mbi, 0, LOADER_STACK);
    return 0;
}

/* ---- Multiboot 2 ---- */

enum {
    TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3, TAG_MEMINFO = 4, TAG_BOOTDEV = 5,
    TAG_MMAP = 6, TAG_FB = 8, TAG_ACPI_OLD = 14, TAG_ACPI_NEW = 15,
};

/* Appends a tag of len bytes to the information structure being built. */
struct mbi2 {
    uint8_t *buf;
    size_t len, cap;
};

static uint8_t *tag_add(struct mbi2 *s, uint32_t type, size_t len)
{
    size_t need = s->len + ((len + 7) & ~(size_t)7);
    if (need > s->cap) {
        size_t cap = need * 2;
        uint8_t *nb = realloc(s->buf, cap);
        if (!nb)
            return NULL;
        s->buf = nb, s->cap = cap;
    }
    uint8_t *t = s->buf + s->len;
    memset(t, 0, (len + 7) & ~(size_t)7);
    put32(t, type);
    put32(t + 4, (uint32_t)len);
    s->len = need;
    return t;
}

static uint8_t *tag_string(struct mbi2 *s, uint32_t type, const char *str, size_t extra)
{
    size_t n = strlen(str) + 1;
    uint8_t *t = tag_add(s, type, 8 + extra + n);
    if (t)
        memcpy(t + 8 + extra, str, n);
    return t;
}

static bool info_supported(uint32_t type)
{
    return type == TAG_CMDLINE || type == TAG_LOADER || type == TAG_MODULE || type == TAG_MEMINFO ||
           type == TAG_MMAP || type == TAG_FB || type == TAG_ACPI_OLD || type == TAG_ACPI_NEW;
}

int multiboot2_load(struct loader *ld)
{
    long ho = find_mb2(ld->img, ld->len);
    const uint8_t *h = ld->img + ho;
    uint32_t arch = rd32(h + 4), hlen = rd32(h + 8);
    if (arch != 0) {
        fprintf(stderr, "emu: %s: Multiboot 2 architecture %u is not i386 (0)\n", ld->path, arch);
        return -1;
    }
    if (hlen < 16 || hlen > ld->len - (size_t)ho) {
        fprintf(stderr, "emu: %s: the Multiboot 2 header length %u runs past the file's end\n", ld->path, hlen);
        return -1;
    }
    const uint8_t *addr_tag = NULL;
    bool have_entry = false, want_fb = false;
    uint32_t entry = 0;
    for (uint32_t o = 16; o + 8 <= hlen;) {
        const uint8_t *t = h + o;
        uint16_t type = rd16(t), tflags = rd16(t + 2);
        uint32_t size = rd32(t + 4);
        bool optional = tflags & 1;
        if (size < 8 || size > hlen - o) {
            fprintf(stderr, "emu: %s: malformed Multiboot 2 header tag at file offset 0x%lx\n", ld->path,
                    (unsigned long)ho + o);
            return -1;
        }
        if (type == 0)
            break;
        switch (type) {
        case 1: /* information request */
            for (uint32_t i = 8; i + 4 <= size; i += 4) {
                uint32_t want = rd32(t + i);
                if (want == TAG_FB)
                    want_fb = true;
                if (!optional && !info_supported(want)) {
                    fprintf(stderr, "emu: %s: the kernel requires Multiboot 2 information tag %u, which emu does "
                                    "not provide\n", ld->path, want);
                    return -1;
                }
            }
            break;
        case 2: /* address */
            if (size < 24)
                goto bad;
            addr_tag = t;
            break;
        case 3: /* entry address */
            if (size < 12)
                goto bad;
            entry = rd32(t + 8);
            have_entry = true;
            break;
        case 5: /* framebuffer: emu gives the text screen */
            want_fb = true;
            break;
        case 4:  /* console flags */
        case 6:  /* module alignment: modules are page-aligned anyway */
        case 7:  /* EFI boot services */
        case 8:  /* EFI i386 entry: not an EFI machine */
        case 9:  /* EFI amd64 entry */
        case 10: /* relocatable: loaded at its link address */
            break;
        default:
            if (!optional) {
                fprintf(stderr, "emu: %s: unknown required Multiboot 2 header tag %u\n", ld->path, type);
                return -1;
            }
        }
        o += (size + 7) & ~7u;
        continue;
    bad:
        fprintf(stderr, "emu: %s: Multiboot 2 header tag %u is too short\n", ld->path, type);
        return -1;
    }
    uint32_t elf_entry = 0;
    if (addr_tag) {
        if (load_kludge(ld, (uint32_t)ho, rd32(addr_tag + 8), rd32(addr_tag + 12), rd32(addr_tag + 16),
                        rd32(addr_tag + 20)) < 0)
            return -1;
        if (!have_entry) {
            fprintf(stderr, "emu: %s: Multiboot 2 address tag without an entry address tag\n", ld->path);
            return -1;
        }
    } else if (load_elf(ld, &elf_entry) < 0) {
        return -1;
    }
    if (!have_entry)
        entry = elf_entry;
    struct module mods[MAX_MODULES];
    int nmods;
    if (load_modules(ld, mods, &nmods) < 0)
        return -1;

    /* 3.6 boot information: total size, reserved, 8-byte aligned tags */
    struct mbi2 s = {0};
    int r = -2; /* -2: out of memory */
    uint8_t *t = tag_add(&s, 0, 8); /* header: fixed below */
    const char *append = ld->m->cfg->append;
    size_t clen = strlen(ld->path) + (append ? strlen(append) + 1 : 0) + 1;
    char *cmd = malloc(clen);
    if (!t || !cmd)
        goto out;
    snprintf(cmd, clen, "%s%s%s", ld->path, append ? " " : "", append ? append : "");
    if (!tag_string(&s, TAG_CMDLINE, cmd, 0) || !tag_string(&s, TAG_LOADER, "emu", 0))
        goto out;
    for (int i = 0; i < nmods; i++) {
        char str[4096];
        phys_read_buf(ld->m->phys, mods[i].string, str, sizeof str);
        str[sizeof str - 1] = 0;
        if (!(t = tag_string(&s, TAG_MODULE, str, 8)))
            goto out;
        put32(t + 8, mods[i].start);
        put32(t + 12, mods[i].end);
    }
    if (!(t = tag_add(&s, TAG_MEMINFO, 16)))
        goto out;
    put32(t + 8, mem_lower_kb());
    put32(t + 12, mem_upper_kb(ld));
    if (!(t = tag_add(&s, TAG_MMAP, 16 + 24 * (size_t)ld->ne820)))
        goto out;
    put32(t + 8, 24);
    put32(t + 12, 0);
    for (int i = 0; i < ld->ne820; i++) {
        uint8_t *me = t + 16 + 24 * i;
        put64(me, ld->e820[i].base);
        put64(me + 8, ld->e820[i].len);
        put32(me + 16, ld->e820[i].type);
    }
    if (want_fb) {
        if (!(t = tag_add(&s, TAG_FB, 32)))
            goto out;
        put64(t + 8, 0xB8000);
        put32(t + 16, 160);
        put32(t + 20, 80);
        put32(t + 24, 25);
        t[28] = 16;
        t[29] = 2; /* EGA text */
    }
    uint32_t rsdp = fwtables_find_rsdp(ld->m);
    if (rsdp) {
        uint8_t r36[36];
        phys_read_buf(ld->m->phys, rsdp, r36, sizeof r36);
        if (!(t = tag_add(&s, TAG_ACPI_OLD, 8 + 20)))
            goto out;
        memcpy(t + 8, r36, 20);
        if (r36[15] >= 2) {
            if (!(t = tag_add(&s, TAG_ACPI_NEW, 8 + 36)))
                goto out;
            memcpy(t + 8, r36, 36);
        }
    }
    if (!tag_add(&s, TAG_END, 8))
        goto out;
    put32(s.buf, (uint32_t)s.len);
    put32(s.buf + 4, 0);
    uint32_t mbi = loader_info_alloc(ld, (uint32_t)s.len, 8);
    if (!mbi) {
        r = info_full(ld);
        goto out;
    }
    loader_put(ld, mbi, s.buf, s.len, 0);
    loader_enter32(ld, entry, MB2_BOOT_MAGIC, mbi, 0, LOADER_STACK);
    r = 0;
out:
    if (r == -2)
        fprintf(stderr, "emu: %s: out of memory\n", ld->path);
    free(cmd);
    free(s.buf);
    return r < 0 ? -1 : 0;
}
