/* tests/unit/test_dma.c: 8237A registers and transfers. */
#include "iodev/dma.h"
#include "devtest.h"

static struct machine *mk(void)
{
    static struct config cfg;
    config_defaults(&cfg);
    return dt_machine(&cfg);
}

/* channel 2: address 0x1234 page 0x03, count n-1, mode single/inc/write */
static void setup_ch2(struct machine *m, uint16_t addr, uint16_t count, uint8_t mode)
{
    dt_outb(m, 0xD6, 0xC0);  /* channel 4: cascade, unmasked (as the BIOS does) */
    dt_outb(m, 0xD4, 0x00);
    dt_outb(m, 0x0A, 0x06);  /* mask 2 */
    dt_outb(m, 0x0C, 0);     /* flip-flop */
    dt_outb(m, 0x04, (uint8_t)addr);
    dt_outb(m, 0x04, (uint8_t)(addr >> 8));
    dt_outb(m, 0x81, 0x03);
    dt_outb(m, 0x05, (uint8_t)count);
    dt_outb(m, 0x05, (uint8_t)(count >> 8));
    dt_outb(m, 0x0B, mode);
    dt_outb(m, 0x0A, 0x02);  /* unmask 2 */
}

Test(dma, address_and_count_read_back_through_the_flip_flop)
{
    struct machine *m = mk();
    setup_ch2(m, 0xBEEF, 0x01FF, 0x46);
    dt_outb(m, 0x0C, 0);
    cr_assert_eq(dt_inb(m, 0x04), 0xEF);
    cr_assert_eq(dt_inb(m, 0x04), 0xBE);
    cr_assert_eq(dt_inb(m, 0x05), 0xFF);
    cr_assert_eq(dt_inb(m, 0x05), 0x01);
    cr_assert_eq(dt_inb(m, 0x81), 0x03);
    machine_free(m);
}

Test(dma, write_transfer_to_memory_until_terminal_count)
{
    struct machine *m = mk();
    setup_ch2(m, 0x1000, 9, 0x46); /* 10 bytes, single, write */
    uint8_t data[16];
    for (int i = 0; i < 16; i++)
        data[i] = (uint8_t)(0xA0 + i);
    cr_assert(dma_channel_ready(m, 2));
    cr_assert_eq(dma_transfer(m, 2, data, 16, true), 10);
    cr_assert(dma_terminal_count(m, 2));
    cr_assert_eq(phys_read(m->phys, 0x31000, 1), 0xA0);
    cr_assert_eq(phys_read(m->phys, 0x31009, 1), 0xA9);
    cr_assert_eq(phys_read(m->phys, 0x3100A, 1), 0);
    /* status: TC bit 2, cleared by the read */
    cr_assert_eq(dt_inb(m, 0x08) & 0x0F, 0x04);
    cr_assert_eq(dt_inb(m, 0x08) & 0x0F, 0x00);
    /* without autoinit the channel masks itself at TC */
    cr_assert_not(dma_channel_ready(m, 2));
    cr_assert_eq(dt_inb(m, 0x0F) & 0x04, 0x04);
    cr_assert_eq(dma_transfer(m, 2, data, 1, true), 0);
    machine_free(m);
}

Test(dma, autoinit_reloads_and_read_transfer_takes_from_memory)
{
    struct machine *m = mk();
    phys_write(m->phys, 0x32000, 4, 0x44332211);
    setup_ch2(m, 0x2000, 3, 0x5A); /* autoinit, read (memory to device) */
    uint8_t got[8] = {0};
    cr_assert_eq(dma_transfer(m, 2, got, 8, false), 4);
    cr_assert_eq(got[0], 0x11);
    cr_assert_eq(got[3], 0x44);
    cr_assert(dma_channel_ready(m, 2));
    dt_outb(m, 0x0C, 0);
    cr_assert_eq(dt_inb(m, 0x04), 0x00);
    cr_assert_eq(dt_inb(m, 0x04), 0x20);
    machine_free(m);
}

Test(dma, masked_channel_and_master_clear)
{
    struct machine *m = mk();
    setup_ch2(m, 0x1000, 9, 0x46);
    dt_outb(m, 0x0A, 0x06);
    uint8_t b[4] = {1, 2, 3, 4};
    cr_assert_eq(dma_transfer(m, 2, b, 4, true), 0);
    dt_outb(m, 0x0E, 0); /* clear all masks */
    cr_assert(dma_channel_ready(m, 2));
    dt_outb(m, 0xD4, 0x04); /* cascade masked: controller 1 cut off */
    cr_assert_not(dma_channel_ready(m, 2));
    dt_outb(m, 0xD4, 0x00);
    dt_outb(m, 0x0D, 0); /* master clear: all masked */
    cr_assert_not(dma_channel_ready(m, 2));
    cr_assert_eq(dt_inb(m, 0x0F) & 0x0F, 0x0F);
    machine_free(m);
}

Test(dma, word_channel_uses_word_addresses)
{
    struct machine *m = mk();
    /* channel 5: page 0x8B (bits 23:17), word address 0x0800 -> 0x21000 */
    dt_outb(m, 0xD4, 0x05);
    dt_outb(m, 0xD8, 0);
    dt_outb(m, 0xC4, 0x00);
    dt_outb(m, 0xC4, 0x08);
    dt_outb(m, 0x8B, 0x02);
    dt_outb(m, 0xC6, 1); /* 2 words */
    dt_outb(m, 0xC6, 0);
    dt_outb(m, 0xD6, 0x45);
    dt_outb(m, 0xD4, 0x01);
    uint8_t d[6] = {1, 2, 3, 4, 5, 6};
    cr_assert_eq(dma_transfer(m, 5, d, 6, true), 4);
    cr_assert_eq(phys_read(m->phys, 0x21000, 4), 0x04030201);
    cr_assert_eq(phys_read(m->phys, 0x21004, 1), 0);
    machine_free(m);
}
