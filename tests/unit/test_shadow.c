/* tests/unit/test_shadow.c: i440FX shadow RAM (PAM) and SMRAM in the
 * physical map, through phys_set_pam and through the chipset's registers;
 * QEMU's fw_cfg interface; the APM handshake of the BIOSes' SMM set-up. */
#include "iodev/pci.h"
#include "devtest.h"

static int changes;
static void on_change(void *opaque) { (void)opaque, changes++; }

static struct phys *rom_machine(void)
{
    struct phys *p = phys_new(2 << 20);
    static uint8_t rom[0x20000];
    memset(rom, 0xC3, sizeof rom);
    cr_assert_eq(phys_map_rom(p, 0xE0000, rom, sizeof rom, "rom-low"), 0);
    p->map_changed = on_change;
    changes = 0;
    return p;
}

Test(shadow, pam_off_reads_rom_and_drops_writes)
{
    struct phys *p = rom_machine();
    phys_write(p, 0xF1234, 1, 0x11);
    cr_assert_eq(phys_read(p, 0xF1234, 1), 0xC3);
    cr_assert_null(phys_host_page(p, 0xF1000, true));
    cr_assert_eq(phys_host_page(p, 0xF1000, false)[0], 0xC3);
    phys_free(p);
}

Test(shadow, write_only_then_read_write_then_read_only)
{
    struct phys *p = rom_machine();
    /* WE=1 RE=0: the copy loop reads the ROM and fills the RAM below */
    phys_set_pam(p, 0xF0000, 0x10000, false, true);
    cr_assert_eq(changes, 1);
    phys_write(p, 0xF1234, 1, phys_read(p, 0xF1234, 1) + 1);
    cr_assert_eq(phys_read(p, 0xF1234, 1), 0xC3);
    /* reads and writes differ: no host pointer for writes */
    cr_assert_null(phys_host_page(p, 0xF1000, true));
    phys_set_pam(p, 0xF0000, 0x10000, true, true);
    cr_assert_eq(phys_read(p, 0xF1234, 1), 0xC4);
    cr_assert_eq(phys_read(p, 0xF1235, 1), 0x00);
    phys_write(p, 0xF1235, 1, 0x77);
    cr_assert_eq(phys_read(p, 0xF1235, 1), 0x77);
    cr_assert_eq(phys_host_page(p, 0xF1000, true), p->ram + 0xF1000);
    /* RE=1 WE=0: write-protected shadow */
    phys_set_pam(p, 0xF0000, 0x10000, true, false);
    phys_write(p, 0xF1235, 1, 0x99);
    cr_assert_eq(phys_read(p, 0xF1235, 1), 0x77);
    cr_assert_null(phys_host_page(p, 0xF1000, true));
    /* other segments untouched; unchanged settings do not flush */
    cr_assert_eq(phys_read(p, 0xE1235, 1), 0xC3);
    int n = changes;
    phys_set_pam(p, 0xF0000, 0x10000, true, false);
    cr_assert_eq(changes, n);
    phys_free(p);
}

Test(shadow, segment_granularity_is_16k)
{
    struct phys *p = rom_machine();
    phys_set_pam(p, 0xE4000, 0x4000, true, true);
    phys_write(p, 0xE4000, 1, 0x5A);
    phys_write(p, 0xE3FFF, 1, 0x5A);
    cr_assert_eq(phys_read(p, 0xE4000, 1), 0x5A);
    cr_assert_eq(phys_read(p, 0xE3FFF, 1), 0xC3);
    /* a word across the segment edge: one byte of ROM, one of RAM */
    cr_assert_eq(phys_read(p, 0xE3FFF, 2), 0x5AC3);
    phys_free(p);
}

static struct machine *mk(void)
{
    static struct config cfg;
    config_defaults(&cfg);
    cfg.mem_mb = 32;
    return dt_machine(&cfg);
}

Test(shadow, pam_registers_reach_the_memory_map)
{
    struct machine *m = mk();
    struct phys *p = m->phys;
    uint32_t rom = (uint32_t)phys_read(p, 0xF0000, 4);
    /* PAM0 (59h) high nibble: F0000-FFFFF; WE only, then RE|WE */
    pci_config_write(m, 0, 0, 0x59, 1, 0x20);
    phys_write(p, 0xF0000, 4, rom);
    pci_config_write(m, 0, 0, 0x59, 1, 0x30);
    cr_assert_eq(phys_read(p, 0xF0000, 4), rom);
    phys_write(p, 0xF0000, 4, 0x12345678);
    cr_assert_eq(phys_read(p, 0xF0000, 4), 0x12345678);
    /* back to ROM */
    pci_config_write(m, 0, 0, 0x59, 1, 0x00);
    cr_assert_eq(phys_read(p, 0xF0000, 4), rom);
    /* PAM1 (5Ah) low nibble: C0000-C3FFF; the VGA BIOS is hidden by RAM */
    uint16_t sig = (uint16_t)phys_read(p, 0xC0000, 2);
    cr_assert_eq(sig, 0xAA55);
    pci_config_write(m, 0, 0, 0x5A, 1, 0x03);
    cr_assert_eq(phys_read(p, 0xC0000, 2), 0);
    /* reset: every segment back to ROM */
    machine_reset(m);
    cr_assert_eq(phys_read(p, 0xC0000, 2), 0xAA55);
    machine_free(m);
}

Test(shadow, smram_d_open_shows_ram_under_the_vga)
{
    struct machine *m = mk();
    struct phys *p = m->phys;
    pci_config_write(m, 0, 0, 0x72, 1, 0x4A); /* D_OPEN | G_SMRAME | A0000 */
    phys_write(p, 0xA8000, 4, 0xCAFEF00D);
    cr_assert_eq(phys_read(p, 0xA8000, 4), 0xCAFEF00D);
    pci_config_write(m, 0, 0, 0x72, 1, 0x0A);
    cr_assert_neq(phys_read(p, 0xA8000, 4), 0xCAFEF00D);
    cr_assert_eq(p->ram[0xA8000], 0x0D);
    /* D_LCK closes and locks the register */
    pci_config_write(m, 0, 0, 0x72, 1, 0x5A);
    cr_assert_eq(pci_config_read(m, 0, 0, 0x72, 1) & 0x40, 0);
    pci_config_write(m, 0, 0, 0x72, 1, 0x4A);
    cr_assert_eq(pci_config_read(m, 0, 0, 0x72, 1), 0x1A);
    machine_free(m);
}

Test(shadow, fw_cfg_signature_directory_and_e820)
{
    struct machine *m = mk();
    dt_outw(m, 0x510, 0x0000);
    char sig[5] = {0};
    for (int i = 0; i < 4; i++)
        sig[i] = (char)dt_inb(m, 0x511);
    cr_assert_str_eq(sig, "QEMU");
    dt_outw(m, 0x510, 0x0019);
    uint32_t n = 0;
    for (int i = 0; i < 4; i++)
        n = n << 8 | dt_inb(m, 0x511);
    cr_assert_geq(n, 2);
    uint16_t e820_sel = 0;
    for (uint32_t f = 0; f < n; f++) {
        uint8_t e[64];
        for (int i = 0; i < 64; i++)
            e[i] = dt_inb(m, 0x511);
        if (!strcmp((char *)e + 8, "etc/e820"))
            e820_sel = (uint16_t)(e[4] << 8 | e[5]);
    }
    cr_assert_geq(e820_sel, 0x20);
    dt_outw(m, 0x510, e820_sel);
    uint8_t ent[20];
    for (int i = 0; i < 20; i++)
        ent[i] = dt_inb(m, 0x511);
    uint64_t len = 0;
    memcpy(&len, ent + 8, 8);
    cr_assert_eq(len, 32u << 20);
    cr_assert_eq(ent[16], 1);
    machine_free(m);
}

Test(shadow, apm_smi_handshake_needs_apmc_en)
{
    struct machine *m = mk();
    dt_outb(m, 0xB3, 0x01);
    dt_outb(m, 0xB2, 0x00);
    cr_assert_eq(dt_inb(m, 0xB3), 0x01); /* no SMI without APMC_EN */
    pci_config_write(m, 1, 3, 0x5B, 1, 0x02);
    dt_outb(m, 0xB2, 0x00);
    cr_assert_eq(dt_inb(m, 0xB3), 0x00);
    machine_free(m);
}
