/* tests/unit/test_ata.c: ATA disks and the ATAPI CD-ROM at register level,
 * PIO and bus-master DMA. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <sys/stat.h>

#include "gui/display.h"
#include "iodev/pci.h"
#include "devtest.h"

static struct config cfg;
static char disk[64], iso[64];

#define DISK_SECTORS 4096u /* 2 MiB */

static struct machine *mk(void)
{
    config_defaults(&cfg);
    dt_image(disk, DISK_SECTORS * 512ull);
    dt_image(iso, 16 * 2048);
    cfg.ata[0][0].type = ATA_DISK;
    cfg.ata[0][0].path = disk;
    cfg.ata[1][0].type = ATA_CDROM;
    cfg.ata[1][0].path = iso;
    cfg.ata[1][0].inserted = true;
    return dt_machine(&cfg);
}

static void done(struct machine *m)
{
    machine_free(m);
    unlink(disk);
    unlink(iso);
}

static void read_block(struct machine *m, uint16_t base, uint16_t *w, int words)
{
    for (int i = 0; i < words; i++)
        w[i] = dt_inw(m, base);
}

static void identify_string(const uint16_t *id, int word, int words, char *out)
{
    for (int i = 0; i < words; i++) {
        out[2 * i] = (char)(id[word + i] >> 8);
        out[2 * i + 1] = (char)id[word + i];
    }
    out[2 * words] = 0;
}

Test(ata, identify_device)
{
    struct machine *m = mk();
    dt_outb(m, 0x1F6, 0xA0);
    dt_outb(m, 0x1F7, 0xEC);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x58);
    uint16_t id[256];
    read_block(m, 0x1F0, id, 256);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    cr_assert_eq(id[0], 0x0040);
    cr_assert_eq(id[1], 4); /* 4096 / (16 * 63) */
    cr_assert_eq(id[3], 16);
    cr_assert_eq(id[6], 63);
    char s[48];
    identify_string(id, 27, 20, s);
    cr_assert_str_eq(s, "EMU HARDDISK                            ");
    identify_string(id, 10, 10, s);
    cr_assert_str_eq(s, "EMU00001            ");
    cr_assert_eq(id[49] & 0x0300, 0x0300);
    cr_assert_eq(id[60] | id[61] << 16, DISK_SECTORS);
    cr_assert_eq(id[83] & (1u << 10), 1u << 10);
    cr_assert_eq(id[100], DISK_SECTORS);
    cr_assert_eq(id[63] & 7, 7);
    uint8_t sum = 0;
    for (int i = 0; i < 256; i++)
        sum = (uint8_t)(sum + (id[i] & 0xFF) + (id[i] >> 8));
    cr_assert_eq(sum, 0);
    cr_assert_eq(id[255] & 0xFF, 0xA5);
    done(m);
}

static void lba28(struct machine *m, uint32_t lba, uint8_t count, uint8_t cmd)
{
    dt_outb(m, 0x1F6, (uint8_t)(0xE0 | (lba >> 24)));
    dt_outb(m, 0x1F2, count);
    dt_outb(m, 0x1F3, (uint8_t)lba);
    dt_outb(m, 0x1F4, (uint8_t)(lba >> 8));
    dt_outb(m, 0x1F5, (uint8_t)(lba >> 16));
    dt_outb(m, 0x1F7, cmd);
}

static void lba48(struct machine *m, uint64_t lba, uint16_t count, uint8_t cmd)
{
    dt_outb(m, 0x1F6, 0x40);
    dt_outb(m, 0x1F2, (uint8_t)(count >> 8));
    dt_outb(m, 0x1F3, (uint8_t)(lba >> 24));
    dt_outb(m, 0x1F4, (uint8_t)(lba >> 32));
    dt_outb(m, 0x1F5, (uint8_t)(lba >> 40));
    dt_outb(m, 0x1F2, (uint8_t)count);
    dt_outb(m, 0x1F3, (uint8_t)lba);
    dt_outb(m, 0x1F4, (uint8_t)(lba >> 8));
    dt_outb(m, 0x1F5, (uint8_t)(lba >> 16));
    dt_outb(m, 0x1F7, cmd);
}

Test(ata, lba28_and_lba48_pio_round_trip)
{
    struct machine *m = mk();
    uint16_t w[256];
    lba28(m, 100, 2, 0x20);
    for (int s = 0; s < 2; s++) {
        cr_assert_eq(dt_inb(m, 0x3F6) & 0x89, 0x08);
        read_block(m, 0x1F0, w, 256);
        cr_assert_eq(w[0] & 0xFF, dt_pattern((100u + s) * 512));
        cr_assert_eq(w[10] >> 8, dt_pattern((100u + s) * 512 + 21));
    }
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    /* WRITE SECTORS EXT of two sectors at 4094, then read them back */
    lba48(m, DISK_SECTORS - 2, 2, 0x34);
    for (int s = 0; s < 2; s++) {
        cr_assert_eq(dt_inb(m, 0x1F7) & 0x89, 0x08);
        for (int i = 0; i < 256; i++)
            dt_outw(m, 0x1F0, (uint16_t)(0x1111 * (s + 1) + i));
    }
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    lba48(m, DISK_SECTORS - 1, 1, 0x24);
    read_block(m, 0x1F0, w, 256);
    cr_assert_eq(w[0], 0x2222);
    cr_assert_eq(w[255], 0x2222 + 255);
    /* the HOB bit reads the previous values */
    dt_outb(m, 0x3F6, 0x80);
    cr_assert_eq(dt_inb(m, 0x1F3), 0x00);
    dt_outb(m, 0x3F6, 0x00);
    cr_assert_eq(dt_inb(m, 0x1F3), (DISK_SECTORS - 1) & 0xFF);
    /* FLUSH CACHE EXT */
    dt_outb(m, 0x1F7, 0xEA);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    done(m);
}

Test(ata, out_of_range_is_idnf_and_the_image_is_untouched)
{
    struct machine *m = mk();
    lba28(m, DISK_SECTORS - 1, 2, 0x30);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x51);
    cr_assert_eq(dt_inb(m, 0x1F1) & 0x10, 0x10);
    lba48(m, 1ull << 40, 1, 0x24);
    cr_assert_eq(dt_inb(m, 0x1F7) & 0x01, 0x01);
    /* CHS beyond the geometry */
    dt_outb(m, 0x1F6, 0xA0 | 15);
    dt_outb(m, 0x1F2, 1);
    dt_outb(m, 0x1F3, 64);
    dt_outb(m, 0x1F4, 0);
    dt_outb(m, 0x1F5, 0);
    dt_outb(m, 0x1F7, 0x20);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x51);
    /* READ MULTIPLE without SET MULTIPLE MODE aborts */
    lba28(m, 0, 1, 0xC4);
    cr_assert_eq(dt_inb(m, 0x1F1), 0x04);
    machine_free(m);
    FILE *f = fopen(disk, "rb");
    fseek(f, 0, SEEK_END);
    cr_assert_eq(ftell(f), DISK_SECTORS * 512l);
    fclose(f);
    unlink(disk);
    unlink(iso);
}

Test(ata, readonly_disk_aborts_writes_and_keeps_the_file)
{
    config_defaults(&cfg);
    dt_image(disk, DISK_SECTORS * 512ull);
    dt_image(iso, 16 * 2048);
    chmod(disk, 0444); /* never opened for writing */
    cfg.ata[0][0].type = ATA_DISK;
    cfg.ata[0][0].path = disk;
    cfg.ata[0][0].read_only = true;
    struct machine *m = dt_machine(&cfg);
    cr_assert_not_null(m);
    /* WRITE SECTORS of one sector at LBA 3: the data phase, then ABRT */
    lba28(m, 3, 1, 0x30);
    cr_assert_eq(dt_inb(m, 0x1F7) & 0x08, 0x08);
    for (int i = 0; i < 256; i++)
        dt_outw(m, 0x1F0, 0xBEEF);
    cr_assert_eq(dt_inb(m, 0x1F7) & 0x01, 0x01);
    cr_assert_eq(dt_inb(m, 0x1F1), 0x04);
    /* reads still work */
    lba28(m, 3, 1, 0x20);
    uint16_t w[256];
    read_block(m, 0x1F0, w, 256);
    cr_assert_eq(w[0] & 0xFF, dt_pattern(3 * 512));
    machine_free(m);
    FILE *f = fopen(disk, "rb");
    uint8_t b[2];
    fseek(f, 3 * 512, SEEK_SET);
    cr_assert_eq(fread(b, 1, 2, f), 2);
    fclose(f);
    cr_assert_eq(b[0], dt_pattern(3 * 512));
    unlink(disk);
    unlink(iso);
}

Test(ata, chs_and_multiple)
{
    struct machine *m = mk();
    uint16_t w[256 * 4];
    /* C/H/S 1/2/3 = (1 * 16 + 2) * 63 + 2 = 1136 */
    dt_outb(m, 0x1F6, 0xA2);
    dt_outb(m, 0x1F2, 1);
    dt_outb(m, 0x1F3, 3);
    dt_outb(m, 0x1F4, 1);
    dt_outb(m, 0x1F5, 0);
    dt_outb(m, 0x1F7, 0x20);
    read_block(m, 0x1F0, w, 256);
    cr_assert_eq(w[0] & 0xFF, dt_pattern(1136 * 512));
    dt_outb(m, 0x1F2, 4);
    dt_outb(m, 0x1F7, 0xC6);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    lba28(m, 8, 8, 0xC4);
    read_block(m, 0x1F0, w, 1024); /* one DRQ block of four sectors */
    cr_assert_eq(dt_inb(m, 0x1F7) & 0x08, 0x08);
    cr_assert_eq(w[3 * 256] & 0xFF, dt_pattern(11 * 512));
    read_block(m, 0x1F0, w, 1024);
    cr_assert_eq(w[3 * 256] & 0xFF, dt_pattern(15 * 512));
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    done(m);
}

Test(ata, srst_signatures_and_cdrom_aborts_identify_device)
{
    struct machine *m = mk();
    dt_outb(m, 0x376, 0x04);
    cr_assert_eq(dt_inb(m, 0x376) & 0x80, 0x80);
    dt_outb(m, 0x376, 0x00);
    cr_assert_eq(dt_inb(m, 0x172), 1);
    cr_assert_eq(dt_inb(m, 0x173), 1);
    cr_assert_eq(dt_inb(m, 0x174), 0x14);
    cr_assert_eq(dt_inb(m, 0x175), 0xEB);
    cr_assert_eq(dt_inb(m, 0x171), 0x01);
    dt_outb(m, 0x3F6, 0x04);
    dt_outb(m, 0x3F6, 0x00);
    cr_assert_eq(dt_inb(m, 0x1F4), 0x00);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    /* device 1 absent on channel 0 */
    dt_outb(m, 0x1F6, 0xB0);
    cr_assert_eq(dt_inb(m, 0x1F7), 0x00);
    dt_outb(m, 0x176, 0xA0);
    dt_outb(m, 0x177, 0xEC);
    cr_assert_eq(dt_inb(m, 0x177) & 0x01, 0x01);
    cr_assert_eq(dt_inb(m, 0x174), 0x14);
    cr_assert_eq(dt_inb(m, 0x175), 0xEB);
    dt_outb(m, 0x177, 0xA1);
    uint16_t id[256];
    read_block(m, 0x170, id, 256);
    cr_assert_eq(id[0], 0x85C0);
    done(m);
}

/* Sends a packet; returns the status after the packet. */
static uint8_t packet(struct machine *m, const uint8_t *p, uint16_t limit)
{
    dt_outb(m, 0x176, 0xA0);
    dt_outb(m, 0x171, 0);
    dt_outb(m, 0x174, (uint8_t)limit);
    dt_outb(m, 0x175, (uint8_t)(limit >> 8));
    dt_outb(m, 0x177, 0xA0);
    cr_assert_eq(dt_inb(m, 0x376) & 0x88, 0x08);
    cr_assert_eq(dt_inb(m, 0x172) & 3, 1);
    for (int i = 0; i < 6; i++)
        dt_outw(m, 0x170, (uint16_t)(p[2 * i] | p[2 * i + 1] << 8));
    return dt_inb(m, 0x177);
}

/* Reads a data-in phase; returns the bytes received. */
static int data(struct machine *m, uint8_t *buf, int max)
{
    int n = 0;
    while ((dt_inb(m, 0x376) & 0x08) && n < max) {
        cr_assert_eq(dt_inb(m, 0x172) & 3, 2);
        int len = dt_inb(m, 0x174) | dt_inb(m, 0x175) << 8;
        for (int i = 0; i < len; i += 2) {
            uint16_t w = dt_inw(m, 0x170);
            buf[n++] = (uint8_t)w;
            buf[n++] = (uint8_t)(w >> 8);
        }
    }
    return n;
}

Test(atapi, inquiry_capacity_read10_with_byte_limit)
{
    struct machine *m = mk();
    static uint8_t buf[3 * 2048];
    packet(m, (const uint8_t[12]){0x12, 0, 0, 0, 36}, 0xFFFE);
    cr_assert_eq(data(m, buf, sizeof buf), 36);
    cr_assert_eq(buf[0], 0x05);
    cr_assert_eq(buf[1], 0x80);
    cr_assert_eq(memcmp(buf + 8, "EMU     ", 8), 0);
    cr_assert_eq(dt_inb(m, 0x172) & 3, 3);
    cr_assert_eq(dt_inb(m, 0x177), 0x50);
    packet(m, (const uint8_t[12]){0x25}, 0xFFFE);
    cr_assert_eq(data(m, buf, sizeof buf), 8);
    cr_assert_eq(buf[3], 15);
    cr_assert_eq(buf[6], 0x08);
    /* READ(10) of sectors 2-4 in chunks of at most 1000 bytes */
    packet(m, (const uint8_t[12]){0x28, 0, 0, 0, 0, 2, 0, 0, 3}, 1000);
    cr_assert_eq(dt_inb(m, 0x174) | dt_inb(m, 0x175) << 8, 1000);
    cr_assert_eq(data(m, buf, sizeof buf), 3 * 2048);
    cr_assert_eq(buf[0], dt_pattern(2 * 2048));
    cr_assert_eq(buf[2048 + 77], dt_pattern(3 * 2048 + 77));
    cr_assert_eq(buf[3 * 2048 - 1], dt_pattern(5 * 2048 - 1));
    done(m);
}

Test(atapi, errors_and_sense)
{
    struct machine *m = mk();
    uint8_t buf[64];
    uint8_t st = packet(m, (const uint8_t[12]){0x28, 0, 0, 0, 0, 16, 0, 0, 1}, 2048);
    cr_assert_eq(st & 0x01, 0x01);
    cr_assert_eq(dt_inb(m, 0x171) >> 4, 5);
    packet(m, (const uint8_t[12]){0x03, 0, 0, 0, 18}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 18);
    cr_assert_eq(buf[2], 5);
    cr_assert_eq(buf[12], 0x21);
    st = packet(m, (const uint8_t[12]){0xFF}, 2048);
    cr_assert_eq(st & 1, 1);
    /* lock, refuse the eject, unlock, eject: then NOT READY / 3A */
    packet(m, (const uint8_t[12]){0x1E, 0, 0, 0, 1}, 2048);
    st = packet(m, (const uint8_t[12]){0x1B, 0, 0, 0, 2}, 2048);
    cr_assert_eq(st & 1, 1);
    packet(m, (const uint8_t[12]){0x1E, 0, 0, 0, 0}, 2048);
    st = packet(m, (const uint8_t[12]){0x1B, 0, 0, 0, 2}, 2048);
    cr_assert_eq(st & 1, 0);
    st = packet(m, (const uint8_t[12]){0x00}, 2048);
    cr_assert_eq(st & 1, 1);
    cr_assert_eq(dt_inb(m, 0x171) >> 4, 2);
    packet(m, (const uint8_t[12]){0x03, 0, 0, 0, 18}, 2048);
    data(m, buf, sizeof buf);
    cr_assert_eq(buf[12], 0x3A);
    /* GESN reports the removal once */
    packet(m, (const uint8_t[12]){0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 8);
    cr_assert_eq(buf[4], 3);
    cr_assert_eq(buf[5], 0x01);
    done(m);
}

Test(atapi, toc_mode_sense_config_disc_info_mechanism)
{
    struct machine *m = mk();
    uint8_t buf[256];
    packet(m, (const uint8_t[12]){0x43, 0, 0, 0, 0, 0, 0, 0, 0xFF}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 20);
    cr_assert_eq(buf[1], 18);
    cr_assert_eq(buf[6], 1);
    cr_assert_eq(buf[14], 0xAA);
    cr_assert_eq(buf[19], 16);
    packet(m, (const uint8_t[12]){0x43, 2, 0, 0, 0, 0, 0, 0, 0xFF}, 2048); /* MSF */
    cr_assert_eq(data(m, buf, sizeof buf), 20);
    cr_assert_eq(buf[10], 2);                                               /* 00:02:00 */
    packet(m, (const uint8_t[12]){0x43, 0, 1, 0, 0, 0, 0, 0, 0xFF}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 12);
    packet(m, (const uint8_t[12]){0x43, 0, 2, 0, 0, 0, 0, 0, 0xFF}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 48);
    cr_assert_eq(buf[7], 0xA0);
    packet(m, (const uint8_t[12]){0x5A, 0, 0x2A, 0, 0, 0, 0, 0, 0xFF}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 28);
    cr_assert_eq(buf[8], 0x2A);
    packet(m, (const uint8_t[12]){0x1A, 0, 0x3F, 0, 0xFF}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 4 + 8 + 8 + 16 + 20);
    uint8_t st = packet(m, (const uint8_t[12]){0x5A, 0, 0x05, 0, 0, 0, 0, 0, 0xFF}, 2048);
    cr_assert_eq(st & 1, 1);
    packet(m, (const uint8_t[12]){0x46, 0, 0, 0, 0, 0, 0, 0, 0xFF}, 2048);
    int n = data(m, buf, sizeof buf);
    cr_assert_eq(buf[7], 0x08);
    cr_assert_eq(n, 8 + 8 + 8 + 8 + 8 + 12 + 8);
    packet(m, (const uint8_t[12]){0x51, 0, 0, 0, 0, 0, 0, 0, 34}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 34);
    cr_assert_eq(buf[2], 0x0E);
    packet(m, (const uint8_t[12]){0xBD, 0, 0, 0, 0, 0, 0, 0, 0, 8}, 2048);
    cr_assert_eq(data(m, buf, sizeof buf), 8);
    done(m);
}

/* Bus master at 0xC000: PRD table at 0x1000. */
static void bm_setup(struct machine *m)
{
    dt_outl(m, 0xCF8, 0x80000920);
    dt_outl(m, 0xCFC, 0xC001);
    dt_outl(m, 0xCF8, 0x80000904);
    dt_outw(m, 0xCFC, 0x0005);
}

Test(ata, bus_master_dma_read_and_write)
{
    struct machine *m = mk();
    bm_setup(m);
    /* two PRD entries: 512 bytes at 0x4000, 1024 at 0x8000 (EOT) */
    phys_write(m->phys, 0x1000, 4, 0x4000);
    phys_write(m->phys, 0x1004, 4, 512);
    phys_write(m->phys, 0x1008, 4, 0x8000);
    phys_write(m->phys, 0x100C, 4, 0x80000000u | 1024);
    dt_outl(m, 0xC004, 0x1000);
    dt_outb(m, 0xC000, 0x08); /* direction: to memory */
    lba28(m, 20, 3, 0xC8);
    cr_assert_eq(dt_inb(m, 0x3F6) & 0x08, 0x08);
    dt_outb(m, 0xC000, 0x09);
    cr_assert_eq(dt_inb(m, 0xC002) & 0x07, 0x04); /* interrupt, not active */
    cr_assert_eq(dt_inb(m, 0x1F7), 0x50);
    dt_outb(m, 0xC000, 0x00);
    dt_outb(m, 0xC002, 0x04);
    cr_assert_eq(dt_inb(m, 0xC002) & 0x07, 0x00);
    cr_assert_eq(phys_read(m->phys, 0x4000, 1), dt_pattern(20 * 512));
    cr_assert_eq(phys_read(m->phys, 0x8000, 1), dt_pattern(21 * 512));
    cr_assert_eq(phys_read(m->phys, 0x8200 + 3, 1), dt_pattern(22 * 512 + 3));
    /* WRITE DMA EXT of one sector from 0x4000 to LBA 5 */
    phys_write(m->phys, 0x1000, 4, 0x4000);
    phys_write(m->phys, 0x1004, 4, 0x80000000u | 512);
    phys_write(m->phys, 0x4000, 4, 0xDEADBEEF);
    lba48(m, 5, 1, 0x35);
    dt_outb(m, 0xC000, 0x01);
    cr_assert_eq(dt_inb(m, 0xC002) & 0x07, 0x04);
    dt_outb(m, 0xC000, 0x00);
    lba28(m, 5, 1, 0x20);
    cr_assert_eq(dt_inw(m, 0x1F0), 0xBEEF);
    for (int i = 1; i < 256; i++)
        dt_inw(m, 0x1F0);
    /* a PRD table shorter than the transfer: no interrupt, not active */
    dt_outb(m, 0xC002, 0x04);
    lba28(m, 0, 2, 0xC8);
    dt_outb(m, 0xC000, 0x09);
    cr_assert_eq(dt_inb(m, 0xC002) & 0x07, 0x00, "bm status %02x", dt_inb(m, 0xC002));
    done(m);
}

Test(atapi, read10_by_bus_master_dma)
{
    struct machine *m = mk();
    bm_setup(m);
    phys_write(m->phys, 0x1000, 4, 0x6000);
    phys_write(m->phys, 0x1004, 4, 0x80000000u | 4096);
    dt_outl(m, 0xC00C, 0x1000);
    dt_outb(m, 0xC008, 0x08);
    dt_outb(m, 0x176, 0xA0);
    dt_outb(m, 0x171, 0x01); /* DMA */
    dt_outb(m, 0x177, 0xA0);
    const uint8_t p[12] = {0x28, 0, 0, 0, 0, 7, 0, 0, 2};
    for (int i = 0; i < 6; i++)
        dt_outw(m, 0x170, (uint16_t)(p[2 * i] | p[2 * i + 1] << 8));
    dt_outb(m, 0xC008, 0x09);
    cr_assert_eq(dt_inb(m, 0xC00A) & 0x07, 0x04);
    cr_assert_eq(dt_inb(m, 0x177) & 0x89, 0x00);
    cr_assert_eq(dt_inb(m, 0x172) & 3, 3);
    cr_assert_eq(phys_read(m->phys, 0x6000, 1), dt_pattern(7 * 2048));
    cr_assert_eq(phys_read(m->phys, 0x6FFF, 1), dt_pattern(9 * 2048 - 1));
    done(m);
}

Test(ata, missing_image_is_a_user_error, .init = cr_redirect_stderr)
{
    config_defaults(&cfg);
    cfg.ata[0][0].type = ATA_DISK;
    cfg.ata[0][0].path = "/nonexistent/hd.img";
    cfg.e9_path = "stderr";
    cr_assert_null(machine_new(&cfg));
    fflush(stderr);
    cr_assert_stderr_eq_str("emu: /nonexistent/hd.img: No such file or directory\n");
}

Test(ata, transfers_light_the_status_line)
{
    struct machine *m = mk();
    uint16_t w[256];
    bool wr = true;
    cr_assert_not_null(m->display, "machine_new opens the (headless) display");
    cr_assert_not(display_disk_lit(m, 0, NULL));
    lba28(m, 3, 1, 0x20);
    read_block(m, 0x1F0, w, 256);
    cr_assert(display_disk_lit(m, 0, &wr));
    cr_assert_not(wr);
    lba28(m, 3, 1, 0x30);
    for (int i = 0; i < 256; i++)
        dt_outw(m, 0x1F0, w[i]);
    cr_assert(display_disk_lit(m, 0, &wr));
    cr_assert(wr);
    /* the CD-ROM is the secondary master: unit 2 */
    cr_assert_not(display_disk_lit(m, 2, NULL));
    static uint8_t buf[2048];
    packet(m, (const uint8_t[12]){0x28, 0, 0, 0, 0, 1, 0, 0, 1}, 0xFFFE);
    cr_assert_eq(data(m, buf, sizeof buf), 2048);
    cr_assert(display_disk_lit(m, 2, &wr));
    cr_assert_not(wr);
    cr_assert_not(display_disk_lit(m, 1, NULL));
    done(m);
}
