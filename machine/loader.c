/* machine/loader.c: direct boot, the parts common to the formats: reading
 * the files, the memory map, guest RAM placement, the devices as a BIOS
 * leaves them and the 32-bit protected-mode entry (machine/loader.h). */
#include "machine/loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "iodev/apic_bus.h"
#include "iodev/pci.h"
#include "machine/layout.h"
#include "machine/machine.h"
#include "memory/phys.h"

uint8_t *loader_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "emu: %s: cannot determine the file size (not a regular file?)\n", path);
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "emu: %s: %s\n", path, buf ? "read error" : "out of memory");
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = (size_t)size;
    return buf;
}

bool loader_ram_ok(const struct loader *ld, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    if (end < addr)
        return false;
    if (len == 0)
        return true;
    /* conventional memory below the EBDA, or extended memory */
    if (end <= LAYOUT_EBDA_BASE)
        return true;
    return addr >= 0x100000 && end <= ld->ram_below;
}

void loader_put(struct loader *ld, uint64_t addr, const void *data, size_t len, uint64_t zlen)
{
    if (len)
        phys_write_buf(ld->m->phys, addr, data, len);
    static const uint8_t zero[4096];
    for (uint64_t a = addr + len, end = addr + len + zlen; a < end;) {
        uint64_t n = end - a < sizeof zero ? end - a : sizeof zero;
        phys_write_buf(ld->m->phys, a, zero, (size_t)n);
        a += n;
    }
}

void loader_claim(struct loader *ld, uint64_t addr, uint64_t len)
{
    if (!len)
        return;
    if (!ld->load_hi || addr < ld->load_lo)
        ld->load_lo = addr;
    if (addr + len > ld->load_hi)
        ld->load_hi = addr + len;
}

uint32_t loader_info_alloc(struct loader *ld, uint32_t len, uint32_t align)
{
    uint32_t a = (ld->info_next + align - 1) & ~(align - 1);
    if (a + len > LOADER_INFO_END || a + len < a)
        return 0;
    ld->info_next = a + len;
    loader_put(ld, a, NULL, 0, len);
    return a;
}

static void e820_add(struct loader *ld, uint64_t base, uint64_t len, uint32_t type)
{
    if (len && ld->ne820 < LOADER_E820_MAX)
        ld->e820[ld->ne820++] = (struct e820_entry){base, len, type};
}

/* The map the BIOS's INT 15h E820 reports (bios/bios_svc.inc). */
static void build_e820(struct loader *ld)
{
    e820_add(ld, 0, LAYOUT_EBDA_BASE, E820_RAM);
    e820_add(ld, LAYOUT_EBDA_BASE, LAYOUT_EBDA_SIZE, E820_RESERVED);
    e820_add(ld, LAYOUT_BIOS_BASE, LAYOUT_BIOS_SIZE, E820_RESERVED);
    if (ld->ram_below > 0x100000)
        e820_add(ld, 0x100000, ld->ram_below - 0x100000, E820_RAM);
    e820_add(ld, IOAPIC_DEFAULT_BASE, 0x1000, E820_RESERVED);
    e820_add(ld, LAPIC_DEFAULT_BASE, 0x1000, E820_RESERVED);
    e820_add(ld, 0x100000000ull - LAYOUT_BIOS_SIZE, LAYOUT_BIOS_SIZE, E820_RESERVED);
    e820_add(ld, 0x100000000ull, ld->ram_above, E820_RAM);
}

/* What the BIOS's POST leaves behind that a kernel may rely on. */
static void devices_as_after_post(struct machine *m)
{
    static const uint8_t pic[][2] = {
        {0x20, 0x11}, {0x21, 0x08}, {0x21, 0x04}, {0x21, 0x01}, /* master: ICW1-4, vectors 08h */
        {0xA0, 0x11}, {0xA1, 0x70}, {0xA1, 0x02}, {0xA1, 0x01}, /* slave: vectors 70h */
        {0x21, 0xFB}, {0xA1, 0xFF},                             /* all masked but the cascade */
        {0x43, 0x36}, {0x40, 0x00}, {0x40, 0x00},               /* PIT 0: mode 3, 18.2 Hz */
    };
    for (size_t i = 0; i < sizeof pic / sizeof pic[0]; i++)
        io_out(&m->io, pic[i][0], 1, pic[i][1]);
    phys_set_a20(m->phys, true);
    m->port92 |= 0x02;
    if (m->pci) {
        static const uint8_t pirq[4] = LAYOUT_PIRQ_IRQS;
        for (int i = 0; i < 4; i++)
            pci_config_write(m, 1, 0, 0x60 + i, 1, pirq[i]);
        pci_config_write(m, 1, 3, 0x40, 4, LAYOUT_PM_BASE | 1);
        pci_config_write(m, 1, 3, 0x80, 1, 1); /* PMIOSE */
    }
}

void loader_enter32(struct loader *ld, uint32_t eip, uint32_t eax, uint32_t ebx, uint32_t esi, uint32_t esp)
{
    struct cpu *c = ld->m->cpu;
    /* GDT: null, null, 0x10 flat code, 0x18 flat data (the selectors the
     * Linux boot protocol names __BOOT_CS and __BOOT_DS) */
    static const uint64_t gdt[4] = {0, 0, 0x00CF9B000000FFFFull, 0x00CF93000000FFFFull};
    loader_put(ld, LOADER_GDT, gdt, sizeof gdt, 0);
    c->gdtr.base = LOADER_GDT;
    c->gdtr.limit = sizeof gdt - 1;
    c->idtr.base = 0;
    c->idtr.limit = 0x3FF;
    c->cr0 = CR0_PE | CR0_ET;
    for (int s = 0; s < 6; s++) {
        c->seg[s].sel = LOADER_SEL_DATA;
        c->seg[s].base = 0;
        c->seg[s].limit = 0xFFFFFFFFu;
        c->seg[s].attr = 0x3 | SA_S | SA_P | SA_DB | SA_G;
    }
    c->seg[SEG_CS].sel = LOADER_SEL_CODE;
    c->seg[SEG_CS].attr = 0xB | SA_S | SA_P | SA_DB | SA_G;
    for (int r = 0; r < 16; r++)
        c->gpr[r] = 0;
    c->gpr[R_AX] = eax;
    c->gpr[R_BX] = ebx;
    c->gpr[R_SI] = esi;
    c->gpr[R_SP] = esp;
    cpu_write_eflags(c, 0x2, 0xFFFFFFFFu);
    c->rip = eip;
    c->halted = false;
    cpu_update_mode(c);
    cpu_tlb_flush(c);
}

int loader_boot(struct machine *m)
{
    const struct config *cfg = m->cfg;
    struct loader ld = {.m = m, .path = cfg->kernel, .info_next = LOADER_INFO_BASE};
    uint64_t ram = cfg->mem_mb << 20;
    ld.ram_below = ram < LAYOUT_PCI_HOLE ? ram : LAYOUT_PCI_HOLE;
    ld.ram_above = ram - ld.ram_below;
    build_e820(&ld);
    size_t len;
    uint8_t *img = loader_read_file(cfg->kernel, &len);
    if (!img)
        return -1;
    ld.img = img;
    ld.len = len;
    devices_as_after_post(m);
    int r;
    int mb = multiboot_probe(img, len);
    if (linux_probe(img, len)) {
        r = linux_load(&ld);
    } else if (mb == 2) {
        r = multiboot2_load(&ld);
    } else if (mb == 1) {
        r = multiboot1_load(&ld);
    } else {
        fprintf(stderr, "emu: %s: not a kernel emu can boot: no Linux setup header (\"HdrS\" at 0x202) and no "
                        "Multiboot 1 or 2 header in the first 8/32 KiB\n", cfg->kernel);
        r = -1;
    }
    free(img);
    return r;
}
