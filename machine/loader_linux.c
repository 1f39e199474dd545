/* machine/loader_linux.c: the Linux/x86 boot protocol (the kernel's
 * Documentation/x86/boot.rst), 32-bit entry: the protected-mode part of a
 * bzImage is loaded at 1 MiB (or at pref_address when the kernel is
 * relocatable and it fits), the initrd at the top of RAM below
 * initrd_addr_max, and emu builds the zero page (struct boot_params: the
 * setup header copied from the file, the E820 map, the command line
 * pointer, type_of_loader 0xFF, screen_info for the 80x25 VGA text
 * screen, the ACPI RSDP) and starts the kernel at code32_start in flat
 * 32-bit protected mode with ESI = the zero page. No real-mode setup code
 * runs, so no BIOS service is needed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "machine/acpi_tables.h"
#include "machine/loader.h"
#include "machine/machine.h"

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v), put16(p + 2, (uint16_t)(v >> 16)); }
static void put64(uint8_t *p, uint64_t v) { put32(p, (uint32_t)v), put32(p + 4, (uint32_t)(v >> 32)); }

/* setup header and boot_params offsets (boot.rst, "The real-mode kernel
 * header" and zero-page.rst) */
enum {
    SI_ORIG_X = 0x00, SI_EXT_MEM_K = 0x02, SI_VIDEO_MODE = 0x06, SI_VIDEO_COLS = 0x07, SI_EGA_BX = 0x0A,
    SI_VIDEO_LINES = 0x0E, SI_ISVGA = 0x0F, SI_POINTS = 0x10,
    BP_ACPI_RSDP = 0x070, BP_ALT_MEM_K = 0x1E0, BP_E820_ENTRIES = 0x1E8, BP_E820_TABLE = 0x2D0,
    H_SETUP_SECTS = 0x1F1, H_VID_MODE = 0x1FA, H_BOOT_FLAG = 0x1FE, H_JUMP = 0x200, H_MAGIC = 0x202,
    H_VERSION = 0x206, H_TYPE_OF_LOADER = 0x210, H_LOADFLAGS = 0x211, H_CODE32_START = 0x214,
    H_RAMDISK_IMAGE = 0x218, H_RAMDISK_SIZE = 0x21C, H_CMD_LINE_PTR = 0x228, H_INITRD_ADDR_MAX = 0x22C,
    H_KERNEL_ALIGNMENT = 0x230, H_RELOCATABLE = 0x234, H_CMDLINE_SIZE = 0x238, H_PREF_ADDRESS = 0x258,
    H_INIT_SIZE = 0x260,
};
#define LOADED_HIGH 0x01
#define E820_MAX_ZP 128

bool linux_probe(const uint8_t *img, size_t len)
{
    return len >= 0x264 && !memcmp(img + H_MAGIC, "HdrS", 4) && rd16(img + H_BOOT_FLAG) == 0xAA55;
}

int linux_load(struct loader *ld)
{
    const uint8_t *img = ld->img;
    const struct config *cfg = ld->m->cfg;
    uint16_t version = rd16(img + H_VERSION);
    if (version < 0x0204 || !(img[H_LOADFLAGS] & LOADED_HIGH)) {
        fprintf(stderr, "emu: %s: Linux boot protocol %u.%02u%s: emu boots bzImage kernels of protocol 2.04 and "
                        "later\n", ld->path, version >> 8, version & 0xFF,
                img[H_LOADFLAGS] & LOADED_HIGH ? "" : " (a zImage)");
        return -1;
    }
    unsigned setup_sects = img[H_SETUP_SECTS] ? img[H_SETUP_SECTS] : 4;
    size_t pm_off = (size_t)(setup_sects + 1) * 512;
    size_t hdr_end = 0x202 + img[H_JUMP + 1];
    if (pm_off >= ld->len || hdr_end > pm_off) {
        fprintf(stderr, "emu: %s: the bzImage is truncated (%zu bytes, setup code alone is %zu)\n", ld->path,
                ld->len, pm_off);
        return -1;
    }
    size_t pm_size = ld->len - pm_off;
    uint64_t need = pm_size;
    if (version >= 0x020A && rd32(img + H_INIT_SIZE) > need)
        need = rd32(img + H_INIT_SIZE);

    /* where the protected-mode kernel goes */
    uint64_t load = 0x100000;
    if (version >= 0x020A && img[H_RELOCATABLE]) {
        uint64_t pref = rd32(img + H_PREF_ADDRESS) | (uint64_t)rd32(img + H_PREF_ADDRESS + 4) << 32;
        if (pref >= 0x100000 && loader_ram_ok(ld, pref, need))
            load = pref;
    }
    if (!loader_ram_ok(ld, load, need)) {
        fprintf(stderr, "emu: %s: the kernel needs %llu MiB from 0x%llx; the machine has %llu MiB of RAM "
                        "(--memory)\n", ld->path, (unsigned long long)((need + (1 << 20) - 1) >> 20),
                (unsigned long long)load, (unsigned long long)(ld->ram_below >> 20));
        return -1;
    }
    loader_put(ld, load, img + pm_off, pm_size, 0);
    loader_claim(ld, load, need);

    /* the zero page */
    uint8_t *bp = calloc(1, 4096);
    if (!bp) {
        fprintf(stderr, "emu: out of memory\n");
        return -1;
    }
    int r = -1;
    memcpy(bp + H_SETUP_SECTS, img + H_SETUP_SECTS, hdr_end - H_SETUP_SECTS);
    bp[H_TYPE_OF_LOADER] = 0xFF;
    put16(bp + H_VID_MODE, 0xFFFF); /* "normal" */
    put32(bp + H_CODE32_START, (uint32_t)load);

    /* the initrd: as high as RAM and initrd_addr_max allow, page-aligned */
    if (cfg->initrd && *cfg->initrd) {
        size_t ilen;
        uint8_t *initrd = loader_read_file(cfg->initrd, &ilen);
        if (!initrd)
            goto out;
        uint64_t max = version >= 0x0203 ? rd32(img + H_INITRD_ADDR_MAX) : 0x37FFFFFF;
        uint64_t top = ld->ram_below < max + 1 ? ld->ram_below : max + 1;
        uint64_t at = top > ilen ? (top - ilen) & ~0xFFFull : 0;
        if (at < ld->load_hi || !loader_ram_ok(ld, at, ilen)) {
            fprintf(stderr, "emu: %s: the initrd (%zu bytes) does not fit between the kernel (ending at 0x%llx) and "
                            "the end of RAM or initrd_addr_max (0x%llx)\n", cfg->initrd, ilen,
                    (unsigned long long)ld->load_hi, (unsigned long long)top);
            free(initrd);
            goto out;
        }
        loader_put(ld, at, initrd, ilen, 0);
        free(initrd);
        put32(bp + H_RAMDISK_IMAGE, (uint32_t)at);
        put32(bp + H_RAMDISK_SIZE, (uint32_t)ilen);
    }

    /* the command line */
    const char *append = cfg->append ? cfg->append : "";
    size_t clen = strlen(append);
    uint32_t cmax = version >= 0x0206 ? rd32(img + H_CMDLINE_SIZE) : 255;
    if (clen > cmax) {
        fprintf(stderr, "emu: --append: the command line has %zu characters; this kernel takes %u\n", clen, cmax);
        goto out;
    }
    uint32_t cmd = loader_info_alloc(ld, (uint32_t)clen + 1, 16);
    uint32_t zp = loader_info_alloc(ld, 4096, 4096);
    if (!cmd || !zp) {
        fprintf(stderr, "emu: --append: the command line is too long\n");
        goto out;
    }
    loader_put(ld, cmd, append, clen + 1, 0);
    put32(bp + H_CMD_LINE_PTR, cmd);

    /* memory: sizes, and the E820 map the BIOS would report */
    uint64_t ext_k = (ld->ram_below - 0x100000) >> 10;
    put16(bp + SI_EXT_MEM_K, (uint16_t)(ext_k > 0xFFFF ? 0xFFFF : ext_k));
    put32(bp + BP_ALT_MEM_K, (uint32_t)ext_k);
    int n = ld->ne820 < E820_MAX_ZP ? ld->ne820 : E820_MAX_ZP;
    for (int i = 0; i < n; i++) {
        uint8_t *e = bp + BP_E820_TABLE + 20 * i;
        put64(e, ld->e820[i].base);
        put64(e + 8, ld->e820[i].len);
        put32(e + 16, ld->e820[i].type);
    }
    bp[BP_E820_ENTRIES] = (uint8_t)n;

    /* screen_info: VGA text mode 3, 80x25, cursor at the top left */
    bp[SI_ORIG_X] = 0;
    bp[SI_VIDEO_MODE] = 3;
    bp[SI_VIDEO_COLS] = 80;
    put16(bp + SI_EGA_BX, 0x0003);
    bp[SI_VIDEO_LINES] = 25;
    bp[SI_ISVGA] = 1;
    put16(bp + SI_POINTS, 16);

    uint32_t rsdp = fwtables_find_rsdp(ld->m);
    if (rsdp && version >= 0x020E)
        put64(bp + BP_ACPI_RSDP, rsdp);

    loader_put(ld, zp, bp, 4096, 0);
    loader_enter32(ld, (uint32_t)load, 0, 0, zp, LOADER_STACK);
    r = 0;
out:
    free(bp);
    return r;
}
