/* tests/unit/test_pci.c: configuration mechanism #1, the chipset
 * functions, BAR sizing and PIRQ routing. */
#include "iodev/pci.h"
#include "devtest.h"

static struct machine *mk(void)
{
    static struct config cfg;
    config_defaults(&cfg);
    return dt_machine(&cfg);
}

static uint32_t cfgrd(struct machine *m, int dev, int fn, int off, int size)
{
    dt_outl(m, 0xCF8, 0x80000000u | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (uint32_t)(off & 0xFC));
    return io_in(&m->io, (uint16_t)(0xCFC + (off & 3)), size);
}

static void cfgwr(struct machine *m, int dev, int fn, int off, int size, uint32_t v)
{
    dt_outl(m, 0xCF8, 0x80000000u | (uint32_t)dev << 11 | (uint32_t)fn << 8 | (uint32_t)(off & 0xFC));
    io_out(&m->io, (uint16_t)(0xCFC + (off & 3)), size, v);
}

Test(pci, chipset_ids_and_classes)
{
    struct machine *m = mk();
    cr_assert_eq(cfgrd(m, 0, 0, 0, 4), 0x12378086);
    cr_assert_eq(cfgrd(m, 0, 0, 8, 4) >> 8, 0x060000);
    cr_assert_eq(cfgrd(m, 1, 0, 0, 4), 0x70008086);
    cr_assert_eq(cfgrd(m, 1, 0, 0x0E, 1), 0x80);
    cr_assert_eq(cfgrd(m, 1, 1, 0, 4), 0x70108086);
    cr_assert_eq(cfgrd(m, 1, 1, 8, 4) >> 8, 0x010180);
    cr_assert_eq(cfgrd(m, 1, 3, 0, 4), 0x71138086);
    cr_assert_eq(cfgrd(m, 1, 3, 2, 2), 0x7113);
    cr_assert_eq(cfgrd(m, 1, 3, 0x0B, 1), 0x06);
    /* absent device, absent function of a single-function device */
    cr_assert_eq(cfgrd(m, 7, 0, 0, 4), 0xFFFFFFFF);
    cr_assert_eq(cfgrd(m, 0, 1, 0, 4), 0xFFFFFFFF);
    /* address register reads back; disabled cycles read all ones */
    dt_outl(m, 0xCF8, 0x80000804);
    cr_assert_eq(dt_inl(m, 0xCF8), 0x80000804);
    dt_outl(m, 0xCF8, 0x00000000);
    cr_assert_eq(dt_inl(m, 0xCFC), 0xFFFFFFFF);
    machine_free(m);
}

Test(pci, ide_bar4_sizing_and_decode)
{
    struct machine *m = mk();
    cfgwr(m, 1, 1, 0x20, 4, 0xFFFFFFFF);
    cr_assert_eq(cfgrd(m, 1, 1, 0x20, 4), 0xFFFFFFF1); /* 16 bytes of I/O */
    cfgwr(m, 1, 1, 0x20, 4, 0xC001);
    cr_assert_eq(cfgrd(m, 1, 1, 0x20, 4), 0xC001);
    /* I/O decode off: nothing at 0xC000 */
    cr_assert_eq(dt_inb(m, 0xC002), 0xFF);
    cfgwr(m, 1, 1, 0x04, 2, 0x0005);
    cr_assert_eq(dt_inb(m, 0xC002), 0x00);
    dt_outl(m, 0xC004, 0x12345677);
    cr_assert_eq(dt_inl(m, 0xC004), 0x12345674);
    /* moving the BAR moves the registers */
    cfgwr(m, 1, 1, 0x20, 4, 0xD000);
    cr_assert_eq(dt_inl(m, 0xD004), 0x12345674);
    cr_assert_eq(dt_inb(m, 0xC004), 0xFF);
    machine_free(m);
}

Test(pci, read_only_fields_and_byte_writes)
{
    struct machine *m = mk();
    cfgwr(m, 1, 0, 0, 4, 0);
    cr_assert_eq(cfgrd(m, 1, 0, 0, 4), 0x70008086);
    cfgwr(m, 1, 1, 0x3C, 1, 0x0E);
    cr_assert_eq(cfgrd(m, 1, 1, 0x3C, 1), 0x0E);
    cfgwr(m, 0, 0, 0x5A, 1, 0xFF);
    cr_assert_eq(cfgrd(m, 0, 0, 0x5A, 1), 0x33);
    cfgwr(m, 0, 0, 0x59, 1, 0xFF);
    cr_assert_eq(cfgrd(m, 0, 0, 0x59, 1), 0x30);
    bool r, w;
    pci_pam_get(m, 0xF8000, &r, &w);
    cr_assert(r && w);
    pci_pam_get(m, 0xC4000, &r, &w);
    cr_assert(r && w);
    pci_pam_get(m, 0xC8000, &r, &w);
    cr_assert(!r && !w);
    machine_free(m);
}

static int pam_calls;
static uint32_t pam_base, pam_size;
static bool pam_r, pam_w;
static void pam_hook(void *o, uint32_t base, uint32_t size, bool r, bool w)
{
    (void)o;
    pam_calls++;
    pam_base = base, pam_size = size, pam_r = r, pam_w = w;
}

Test(pci, pam_hook_sees_segment_changes)
{
    struct machine *m = mk();
    pci_set_pam_hook(m, pam_hook, NULL);
    cfgwr(m, 0, 0, 0x5F, 1, 0x20); /* EC000-EFFFF: write enable only */
    cr_assert_eq(pam_calls, 2);
    cr_assert_eq(pam_base, 0xEC000);
    cr_assert_eq(pam_size, 0x4000);
    cr_assert(!pam_r && pam_w);
    machine_free(m);
}

/* Reads the master/slave PIC IRR after initialising them (edge mode). */
static unsigned irr(struct machine *m)
{
    dt_outb(m, 0x20, 0x0A);
    dt_outb(m, 0xA0, 0x0A);
    return dt_inb(m, 0x20) | dt_inb(m, 0xA0) << 8;
}

static void init_pics(struct machine *m)
{
    static const uint8_t icw[2][4] = {{0x11, 0x08, 0x04, 0x01}, {0x11, 0x70, 0x02, 0x01}};
    for (int c = 0; c < 2; c++) {
        uint16_t base = c ? 0xA0 : 0x20;
        dt_outb(m, base, icw[c][0]);
        for (int i = 1; i < 4; i++)
            dt_outb(m, (uint16_t)(base + 1), icw[c][i]);
    }
}

Test(pci, pirq_routing_follows_the_route_registers)
{
    struct machine *m = mk();
    init_pics(m);
    /* device 2 INTA# is PIRQB: route it to IRQ 11 */
    cfgwr(m, 1, 0, 0x61, 1, 0x0B);
    cr_assert_eq(cfgrd(m, 1, 0, 0x60, 4), 0x80800B80);
    cr_assert_eq(irr(m) & (1u << 11), 0);
    pci_set_irq(m, 2, 0, 1);
    cr_assert_neq(irr(m) & (1u << 11), 0);
    pci_set_irq(m, 2, 0, 0);
    /* device 1 INTB# is PIRQB too; routing disabled means no ISA line */
    cfgwr(m, 1, 0, 0x61, 1, 0x8A);
    pci_set_irq(m, 1, 1, 1);
    cr_assert_eq(irr(m) & (1u << 10), 0);
    /* enabling the route while the line is high raises IRQ 10 */
    cfgwr(m, 1, 0, 0x61, 1, 0x0A);
    cr_assert_neq(irr(m) & (1u << 10), 0);
    machine_free(m);
}

Test(pci, memory_bar_type_bits_are_read_only)
{
    /* the VGA's BAR0 is 16 MiB of prefetchable memory: sizing and
     * programming must keep bit 3 (prefetchable) and the type bits */
    struct machine *m = mk();
    uint32_t before = cfgrd(m, 2, 0, 0x10, 4);
    cr_assert_eq(before & 0x8, 0x8, "BAR0 %08x not prefetchable", before);
    cfgwr(m, 2, 0, 0x10, 4, 0xFFFFFFFF);
    cr_assert_eq(cfgrd(m, 2, 0, 0x10, 4), 0xFF000008);
    cfgwr(m, 2, 0, 0x10, 4, 0xE0000000);
    cr_assert_eq(cfgrd(m, 2, 0, 0x10, 4), 0xE0000008);
    machine_free(m);
}
