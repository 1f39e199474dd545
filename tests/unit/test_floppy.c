/* tests/unit/test_floppy.c: 82077AA command, execution and result phases. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "gui/display.h"
#include "iodev/floppy.h"
#include "devtest.h"

static struct config cfg;
static char img[64];

static struct machine *mk(uint64_t size)
{
    config_defaults(&cfg);
    dt_image(img, size);
    cfg.floppy[0].path = img;
    cfg.floppy[0].inserted = true;
    return dt_machine(&cfg);
}

static void done(struct machine *m)
{
    machine_free(m);
    unlink(img);
}

static void cmd(struct machine *m, const uint8_t *b, int n)
{
    for (int i = 0; i < n; i++) {
        cr_assert_eq(dt_inb(m, 0x3F4) & 0xC0, 0x80, "MSR %02x before byte %d", dt_inb(m, 0x3F4), i);
        dt_outb(m, 0x3F5, b[i]);
    }
}

static int result(struct machine *m, uint8_t *r)
{
    int n = 0;
    while ((dt_inb(m, 0x3F4) & 0xD0) == 0xD0 && n < 16)
        r[n++] = dt_inb(m, 0x3F5);
    return n;
}

static void sense(struct machine *m, uint8_t *st0, uint8_t *pcn)
{
    static const uint8_t si = 0x08;
    cmd(m, &si, 1);
    uint8_t r[16];
    cr_assert_eq(result(m, r), 2);
    *st0 = r[0], *pcn = r[1];
}

static void dma_ch2(struct machine *m, uint32_t addr, uint16_t len, bool to_memory)
{
    dt_outb(m, 0xD6, 0xC0);
    dt_outb(m, 0xD4, 0x00);
    dt_outb(m, 0x0A, 0x06);
    dt_outb(m, 0x0C, 0);
    dt_outb(m, 0x04, (uint8_t)addr);
    dt_outb(m, 0x04, (uint8_t)(addr >> 8));
    dt_outb(m, 0x81, (uint8_t)(addr >> 16));
    dt_outb(m, 0x05, (uint8_t)(len - 1));
    dt_outb(m, 0x05, (uint8_t)((len - 1) >> 8));
    dt_outb(m, 0x0B, to_memory ? 0x46 : 0x4A);
    dt_outb(m, 0x0A, 0x02);
}

Test(floppy, version_dumpreg_configure_lock)
{
    struct machine *m = mk(1474560);
    uint8_t r[16];
    cr_assert_eq(dt_inb(m, 0x3F4), 0x80);
    cmd(m, (const uint8_t[]){0x10}, 1);
    cr_assert_eq(dt_inb(m, 0x3F4), 0xD0);
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x90);
    cmd(m, (const uint8_t[]){0x03, 0xDF, 0x02}, 3);           /* SPECIFY */
    cmd(m, (const uint8_t[]){0x13, 0x00, 0x57, 0x05}, 4);     /* CONFIGURE */
    cmd(m, (const uint8_t[]){0x94}, 1);                       /* LOCK */
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x10);
    cmd(m, (const uint8_t[]){0x0E}, 1);                       /* DUMPREG */
    cr_assert_eq(result(m, r), 10);
    cr_assert_eq(r[4], 0xDF);
    cr_assert_eq(r[5], 0x02);
    cr_assert_eq(r[7] & 0x80, 0x80);
    cr_assert_eq(r[8], 0x57);
    cr_assert_eq(r[9], 0x05);
    /* a reset keeps the locked configuration */
    dt_outb(m, 0x3F2, 0x08);
    dt_outb(m, 0x3F2, 0x0C);
    dt_run(m, 1000000);
    cmd(m, (const uint8_t[]){0x0E}, 1);
    cr_assert_eq(result(m, r), 10);
    cr_assert_eq(r[8], 0x57);
    /* invalid opcode: one result byte 80h */
    cmd(m, (const uint8_t[]){0x1F}, 1);
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x80);
    done(m);
}

Test(floppy, reset_gives_four_polling_interrupts)
{
    struct machine *m = mk(1474560);
    uint8_t st0, pcn;
    dt_outb(m, 0x3F2, 0x08);
    cr_assert_eq(dt_inb(m, 0x3F4), 0x00);
    dt_outb(m, 0x3F2, 0x0C);
    dt_run(m, 1000000);
    for (int d = 0; d < 4; d++) {
        sense(m, &st0, &pcn);
        cr_assert_eq(st0, 0xC0 | d);
    }
    uint8_t r[16];
    cmd(m, (const uint8_t[]){0x08}, 1);
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x80);
    done(m);
}

Test(floppy, seek_completes_later_and_sense_reports_it)
{
    struct machine *m = mk(1474560);
    uint8_t st0, pcn, r[16];
    cmd(m, (const uint8_t[]){0x0F, 0x04, 33}, 3);            /* SEEK head 1 to 33 */
    /* the seek runs in the background: drive 0 busy, no status yet */
    cr_assert_eq(dt_inb(m, 0x3F4), 0x81);
    cmd(m, (const uint8_t[]){0x08}, 1);
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x80);
    dt_run(m, 10000000);
    cr_assert_eq(dt_inb(m, 0x3F4), 0x80);
    sense(m, &st0, &pcn);
    cr_assert_eq(st0, 0x24);
    cr_assert_eq(pcn, 33);
    /* disk change cleared by the step; SENSE DRIVE STATUS: not track 0 */
    cr_assert_eq(dt_inb(m, 0x3F7) & 0x80, 0);
    cmd(m, (const uint8_t[]){0x04, 0x00}, 2);
    cr_assert_eq(result(m, r), 1);
    cr_assert_eq(r[0], 0x28);
    cmd(m, (const uint8_t[]){0x07, 0x00}, 2);                /* RECALIBRATE */
    dt_run(m, 10000000);
    sense(m, &st0, &pcn);
    cr_assert_eq(st0, 0x20);
    cr_assert_eq(pcn, 0);
    /* drive 2 does not exist: equipment check */
    cmd(m, (const uint8_t[]){0x07, 0x02}, 2);
    dt_run(m, 10000000);
    sense(m, &st0, &pcn);
    cr_assert_eq(st0, 0x72);
    done(m);
}

Test(floppy, read_data_multitrack_by_dma)
{
    struct machine *m = mk(1474560);
    uint8_t r[16];
    cmd(m, (const uint8_t[]){0x07, 0x00}, 2);
    dt_run(m, 10000000);
    uint8_t st0, pcn;
    sense(m, &st0, &pcn);
    /* sectors 17-18 of head 0 and 1 of head 1, cylinder 0 */
    dt_outb(m, 0x3F7, 0); /* 500 kbps for 1.44 MB */
    dma_ch2(m, 0x10000, 3 * 512, true);
    cmd(m, (const uint8_t[]){0xE6, 0x00, 0, 0, 17, 2, 18, 0x1B, 0xFF}, 9);
    cr_assert_eq(dt_inb(m, 0x3F4) & 0xF0, 0x10); /* execution: busy, no RQM */
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x04, "%02x %02x %02x %u %u %u %u", r[0], r[1], r[2], r[3], r[4], r[5], r[6]); /* normal termination, head 1 */
    cr_assert_eq(r[1], 0);
    cr_assert_eq(r[2], 0);
    cr_assert_eq(r[3], 0);
    cr_assert_eq(r[4], 1);
    cr_assert_eq(r[5], 2);
    cr_assert_eq(r[6], 2);
    /* LBA 16, 17, 18 */
    cr_assert_eq(phys_read(m->phys, 0x10000, 1), dt_pattern(16 * 512));
    cr_assert_eq(phys_read(m->phys, 0x10000 + 512 + 5, 1), dt_pattern(17 * 512 + 5));
    cr_assert_eq(phys_read(m->phys, 0x10000 + 1024 + 9, 1), dt_pattern(18 * 512 + 9));
    done(m);
}

Test(floppy, write_data_and_errors)
{
    struct machine *m = mk(737280);
    uint8_t r[16];
    dt_outb(m, 0x3F7, 2); /* 250 kbps for 720K */
    for (int i = 0; i < 512; i++)
        phys_write(m->phys, 0x20000 + (uint64_t)i, 1, 0xC3);
    dma_ch2(m, 0x20000, 512, false);
    cmd(m, (const uint8_t[]){0x45, 0x00, 0, 0, 9, 2, 9, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x00);
    cr_assert_eq(r[3], 1); /* C+1: EOT reached without MT */
    cr_assert_eq(r[5], 1);
    FILE *f = fopen(img, "rb");
    fseek(f, 8 * 512, SEEK_SET);
    cr_assert_eq(fgetc(f), 0xC3);
    fclose(f);
    /* sector 10 does not exist on a 9-sector track */
    dma_ch2(m, 0x20000, 512, true);
    cmd(m, (const uint8_t[]){0x46, 0x00, 0, 0, 10, 2, 10, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x40);
    cr_assert_eq(r[1], 0x04);
    /* wrong data rate: missing address mark */
    dt_outb(m, 0x3F7, 0);
    cmd(m, (const uint8_t[]){0x46, 0x00, 0, 0, 1, 2, 9, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x40);
    cr_assert_eq(r[1], 0x01);
    /* a cylinder the head is not on (no implied seek): wrong cylinder */
    dt_outb(m, 0x3F7, 2);
    cmd(m, (const uint8_t[]){0x46, 0x00, 5, 0, 1, 2, 9, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[1], 0x04);
    cr_assert_eq(r[2], 0x10);
    /* READ ID */
    cmd(m, (const uint8_t[]){0x4A, 0x00}, 2);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x00);
    cr_assert_eq(r[6], 2);
    done(m);
}

Test(floppy, data_rate_unprogrammed_then_kept_across_software_reset)
{
    struct machine *m = mk(1474560);
    uint8_t r[16];
    /* no CCR/DSR write since power-on (Bochs's BIOS): the medium's own rate */
    dma_ch2(m, 0x10000, 512, true);
    cmd(m, (const uint8_t[]){0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x00, "st0 %02x st1 %02x", r[0], r[1]);
    cr_assert_eq(phys_read(m->phys, 0x10000 + 3, 1), dt_pattern(3));
    /* and a transfer moves the head to its cylinder (no SEEK, EIS off) */
    dma_ch2(m, 0x10000, 512, true);
    cmd(m, (const uint8_t[]){0x46, 0x00, 1, 0, 1, 2, 18, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x00, "st0 %02x st1 %02x st2 %02x", r[0], r[1], r[2]);
    cr_assert_eq(phys_read(m->phys, 0x10000 + 5, 1), dt_pattern(36 * 512 + 5));
    /* 250 kbps programmed: a 1.44 MB medium has no address marks */
    dt_outb(m, 0x3F7, 2);
    cmd(m, (const uint8_t[]){0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x40);
    cr_assert_eq(r[1], 0x01);
    /* a DOR software reset keeps the programmed rate */
    dt_outb(m, 0x3F2, 0x08);
    dt_outb(m, 0x3F2, 0x0C);
    dt_run(m, 1000000);
    uint8_t st0, pcn;
    for (int d = 0; d < 4; d++)
        sense(m, &st0, &pcn);
    cmd(m, (const uint8_t[]){0x4A, 0x00}, 2); /* READ ID */
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x40);
    cr_assert_eq(r[1], 0x01);
    /* 500 kbps through the DSR */
    dt_outb(m, 0x3F4, 0x00);
    cmd(m, (const uint8_t[]){0x4A, 0x00}, 2);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert_eq(r[0], 0x00);
    done(m);
}

Test(floppy, cmos_type_from_image_size)
{
    struct machine *m = mk(2949120);
    cr_assert_eq(floppy_cmos_type(m, 0), 5);
    cr_assert_eq(floppy_cmos_type(m, 1), 0);
    done(m);
}

Test(floppy, unknown_size_is_a_user_error, .init = cr_redirect_stderr)
{
    config_defaults(&cfg);
    dt_image(img, 1000);
    cfg.floppy[0].path = img;
    cfg.floppy[0].inserted = true;
    cfg.e9_path = "stderr";
    cr_assert_null(machine_new(&cfg));
    unlink(img);
}

Test(floppy, transfers_light_the_status_line)
{
    struct machine *m = mk(1474560);
    uint8_t r[16];
    bool wr = true;
    cr_assert_not_null(m->display, "machine_new opens the (headless) display");
    cr_assert_not(display_disk_lit(m, 4, NULL));
    dt_outb(m, 0x3F7, 0);
    dma_ch2(m, 0x10000, 512, true);
    cmd(m, (const uint8_t[]){0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert(display_disk_lit(m, 4, &wr));
    cr_assert_not(wr);
    dma_ch2(m, 0x10000, 512, false);
    cmd(m, (const uint8_t[]){0x45, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF}, 9);
    dt_run(m, 10000000);
    cr_assert_eq(result(m, r), 7);
    cr_assert(display_disk_lit(m, 4, &wr));
    cr_assert(wr);
    cr_assert_not(display_disk_lit(m, 5, NULL));
    done(m);
}
