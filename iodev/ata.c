/* iodev/ata.c: the PIIX3 IDE function: ATA channels, hard disks and the
 * bus-master IDE (BMIDE) engine.
 *
 * References: ATA/ATAPI-6 (T13/1410D): 5.2 register selection, 6.2 reset
 * protocols and signatures, 8 command descriptions, 8.15/8.16 IDENTIFY
 * data, 9 protocols (PIO data-in/out, DMA, PACKET); PIIX3 datasheet 2.3
 * (IDE configuration: BMIBA at 20h, IDETIM at 40h) and 2.7 (bus master
 * IDE I/O registers, PRD format). Commands complete synchronously: the
 * interrupt line rises during the OUT that finishes the command, so the
 * CPU takes it after that instruction.
 */
#include "iodev/ata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gui/display.h"
#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/image.h"
#include "iodev/irq.h"
#include "iodev/pci.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "memory/phys.h"

/* BMIDE status bits */
enum { BM_ACTIVE = 0x01, BM_ERROR = 0x02, BM_INTR = 0x04 };

struct ata {
    struct machine *m;
    struct ata_chan ch[2];
    struct pci_func pci;
    uint16_t bm_base;   /* 0: BAR4 not decoding */
};

/* ---- interrupt line ---- */

static void update_irq(struct ata_chan *c)
{
    irq_set(c->m, c->irq, c->st.intrq && !(c->st.devctl & 0x02));
}

void ata_raise_irq(struct ata_chan *c)
{
    c->st.intrq = true;
    /* PIIX3 2.7.2: IDE interrupt status follows the device's INTRQ */
    c->st.bm_status |= BM_INTR;
    update_irq(c);
}

static void clear_irq(struct ata_chan *c)
{
    if (c->st.intrq) {
        c->st.intrq = false;
        update_irq(c);
    }
}

/* ---- helpers ---- */

static void put_string(uint16_t *id, int word, int words, const char *s)
{
    /* ATA strings: two characters per word, the first in the high byte */
    size_t n = strlen(s);
    for (int i = 0; i < words * 2; i++) {
        uint8_t ch = (size_t)i < n ? (uint8_t)s[i] : ' ';
        if (i & 1)
            id[word + i / 2] |= ch;
        else
            id[word + i / 2] = (uint16_t)(ch << 8);
    }
}

static void identify_to_buf(struct ata_chan *c, const uint16_t *id)
{
    for (int i = 0; i < 256; i++) {
        c->buf[2 * i] = (uint8_t)id[i];
        c->buf[2 * i + 1] = (uint8_t)(id[i] >> 8);
    }
}

static void checksum(uint16_t *id)
{
    /* word 255: signature A5h and a checksum making all 512 bytes sum to 0 */
    id[255] = 0xA5;
    uint8_t sum = 0;
    for (int i = 0; i < 255; i++)
        sum = (uint8_t)(sum + (id[i] & 0xFF) + (id[i] >> 8));
    sum = (uint8_t)(sum + 0xA5);
    id[255] |= (uint16_t)((uint8_t)-sum << 8);
}

static void disk_identify(struct ata_dev *d, uint16_t *id)
{
    memset(id, 0, 512);
    id[0] = 0x0040; /* fixed device, not removable */
    id[1] = d->cyls;
    id[3] = d->heads;
    id[4] = (uint16_t)(512 * d->spt); /* obsolete: bytes per track */
    id[5] = 512;
    id[6] = d->spt;
    put_string(id, 10, 10, d->serial);
    id[20] = 3, id[21] = 512, id[22] = 4;
    put_string(id, 23, 4, "0.1.0");
    put_string(id, 27, 20, d->model);
    id[47] = 0x8000 | 16;     /* READ/WRITE MULTIPLE: up to 16 sectors */
    id[48] = 1;               /* 32-bit PIO */
    id[49] = 0x0F00;          /* IORDY, IORDY disable, LBA, DMA */
    id[50] = 0x4000;
    id[51] = 0x0200, id[52] = 0x0200; /* PIO/DMA timing mode 2 */
    id[53] = 0x0007;          /* words 54-58, 64-70 and 88 are valid */
    uint32_t cur = (uint32_t)d->st.cur_cyls * d->st.cur_heads * d->st.cur_spt;
    id[54] = d->st.cur_cyls, id[55] = d->st.cur_heads, id[56] = d->st.cur_spt;
    id[57] = (uint16_t)cur, id[58] = (uint16_t)(cur >> 16);
    id[59] = d->st.mult ? (uint16_t)(0x0100 | d->st.mult) : 0;
    uint32_t lba28 = d->sectors > 0x0FFFFFFF ? 0x0FFFFFFF : (uint32_t)d->sectors;
    id[60] = (uint16_t)lba28, id[61] = (uint16_t)(lba28 >> 16);
    uint8_t mode = d->st.xfer_mode;
    id[63] = 0x0007 | ((mode >> 3) == 4 ? (uint16_t)(0x100 << (mode & 7)) : 0);
    id[64] = 0x0003;          /* PIO modes 3 and 4 */
    id[65] = id[66] = id[67] = id[68] = 120;
    id[80] = 0x007E;          /* ATA-1 .. ATA-6 */
    id[81] = 0x0019;
    id[82] = 0x0028;          /* power management, write cache */
    id[83] = 0x4000 | 1u << 13 | 1u << 12 | 1u << 10; /* FLUSH CACHE (EXT), 48-bit */
    id[84] = 0x4000;
    id[85] = (uint16_t)(0x0008 | (d->st.wcache ? 0x0020 : 0));
    id[86] = 1u << 13 | 1u << 12 | 1u << 10;
    id[87] = 0x4000;
    id[88] = 0x003F | ((mode >> 3) == 8 ? (uint16_t)(0x100 << (mode & 7)) : 0);
    id[93] = 0x600B;          /* device 0 passed diagnostics, 80-conductor cable */
    id[100] = (uint16_t)d->sectors, id[101] = (uint16_t)(d->sectors >> 16);
    id[102] = (uint16_t)(d->sectors >> 32), id[103] = (uint16_t)(d->sectors >> 48);
    checksum(id);
}

void atapi_identify(struct ata_chan *c, struct ata_dev *d, uint16_t *id)
{
    (void)c;
    memset(id, 0, 512);
    /* ATAPI, CD-ROM (05h), removable, DRQ within 50 us, 12-byte packets */
    id[0] = 0x85C0;
    put_string(id, 10, 10, d->serial);
    put_string(id, 23, 4, "0.1.0");
    put_string(id, 27, 20, d->model);
    id[49] = 0x0F00;          /* IORDY, LBA, DMA */
    id[53] = 0x0006;
    uint8_t mode = d->st.xfer_mode;
    id[62] = 0x0007;
    id[63] = 0x0007 | ((mode >> 3) == 4 ? (uint16_t)(0x100 << (mode & 7)) : 0);
    id[64] = 0x0003;
    id[65] = id[66] = id[67] = id[68] = 120;
    id[71] = 30, id[72] = 30;
    id[80] = 0x007E;
    id[82] = 0x4010;          /* PACKET command set */
    id[83] = 0x4000;
    id[84] = 0x4000;
    id[85] = 0x0010;
    id[87] = 0x4000;
    id[88] = 0x003F | ((mode >> 3) == 8 ? (uint16_t)(0x100 << (mode & 7)) : 0);
    id[93] = 0x600B;
    checksum(id);
}

void atapi_signature(struct ata_chan *c)
{
    for (int i = 0; i < 2; i++) {
        struct ata_dev *d = &c->dev[i];
        d->st.nsect = 1, d->st.lbal = 1;
        d->st.lbam = d->type == ATA_CDROM ? 0x14 : 0;
        d->st.lbah = d->type == ATA_CDROM ? 0xEB : 0;
    }
    c->st.select &= 0xF0 & ~0x10;
}

static void cmd_error(struct ata_chan *c, uint8_t err)
{
    struct ata_dev *d = ata_cur(c);
    d->st.error = err;
    d->st.status = ST_DRDY | ST_DSC | ST_ERR;
    c->st.xfer = XF_NONE;
    c->st.dma_waiting = false;
    ata_raise_irq(c);
}

static void cmd_ok(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    d->st.error = 0;
    d->st.status = ST_DRDY | ST_DSC;
    c->st.xfer = XF_NONE;
    ata_raise_irq(c);
}

/* ---- disk data transfers ---- */

/* The status line's activity light of the selected device (unit
 * channel * 2 + drive). */
void ata_activity(struct ata_chan *c, bool write)
{
    display_disk_activity(c->m, c->idx * 2 + ((c->st.select >> 4) & 1), write);
}

static void pio_load(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    uint32_t n = c->st.left < c->st.block ? c->st.left : c->st.block;
    ata_activity(c, false);
    if (image_read(d->img, c->st.lba * 512, c->buf, n * 512u) < 0) {
        cmd_error(c, ER_UNC | ER_ABRT);
        return;
    }
    c->st.pos = 0;
    c->st.end = n * 512u;
    d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
    ata_raise_irq(c);
}

static void pio_block_done(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    uint32_t n = c->st.end / 512;
    if (c->st.xfer == XF_PIO_OUT)
        ata_activity(c, true);
    if (c->st.xfer == XF_PIO_OUT &&
        image_write(d->img, c->st.lba * 512, c->buf, n * 512u) < 0) {
        cmd_error(c, ER_ABRT);
        return;
    }
    c->st.lba += n;
    c->st.left -= n;
    if (c->st.xfer == XF_PIO_IN) {
        if (c->st.left) {
            pio_load(c);
        } else {
            c->st.xfer = XF_NONE;
            d->st.status = ST_DRDY | ST_DSC;
        }
    } else if (c->st.xfer == XF_PIO_OUT) {
        if (c->st.left) {
            c->st.pos = 0;
            c->st.end = (c->st.left < c->st.block ? c->st.left : c->st.block) * 512u;
            d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
            ata_raise_irq(c);
        } else {
            cmd_ok(c);
        }
    } else {
        /* IDENTIFY and other single-block data-in */
        c->st.xfer = XF_NONE;
        d->st.status = ST_DRDY | ST_DSC;
    }
}

/* ---- bus master ---- */

size_t ata_bm_transfer(struct ata_chan *c, uint8_t *buf, size_t len, bool to_memory, bool *prd_end)
{
    struct phys *p = c->m->phys;
    size_t done = 0;
    while (done < len) {
        if (!c->st.bm_left) {
            if (c->st.bm_last)
                break;
            /* PIIX3 2.7.3: PRD = base (bit 0 zero), byte count (bit 0
             * zero, 0 = 64 KiB), EOT in bit 31 of the second dword */
            uint32_t a = (uint32_t)phys_read(p, c->st.bm_cur, 4);
            uint32_t n = (uint32_t)phys_read(p, c->st.bm_cur + 4, 4);
            c->st.bm_cur += 8;
            c->st.bm_addr = a & ~1u;
            c->st.bm_left = (n & 0xFFFE) ? (n & 0xFFFE) : 0x10000;
            c->st.bm_last = n >> 31;
        }
        size_t k = len - done < c->st.bm_left ? len - done : c->st.bm_left;
        if (to_memory)
            phys_write_buf(p, c->st.bm_addr, buf + done, k);
        else
            phys_read_buf(p, c->st.bm_addr, buf + done, k);
        c->st.bm_addr += (uint32_t)k;
        c->st.bm_left -= (uint32_t)k;
        done += k;
    }
    *prd_end = !c->st.bm_left && c->st.bm_last;
    return done;
}

void ata_bm_finish(struct ata_chan *c, bool error, bool prd_exhausted)
{
    struct ata_dev *d = ata_cur(c);
    c->st.dma_waiting = false;
    c->st.xfer = XF_NONE;
    /* PIIX3 2.7.2: Active clears when the PRD table is used up; with a
     * larger table it stays set while the interrupt bit rises */
    if (prd_exhausted)
        c->st.bm_status &= (uint8_t)~BM_ACTIVE;
    if (error) {
        d->st.status = ST_DRDY | ST_DSC | ST_ERR;
        d->st.error = ER_ABRT;
    } else if (d->type == ATA_DISK) {
        d->st.status = ST_DRDY | ST_DSC;
        d->st.error = 0;
    }
    ata_raise_irq(c);
}

static void disk_dma_run(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    bool to_mem = c->st.xfer == XF_DMA_IN, prd_end = false;
    ata_activity(c, !to_mem);
    while (c->st.left) {
        uint32_t n = c->st.left < ATA_BUF_SIZE / 512 ? c->st.left : ATA_BUF_SIZE / 512;
        if (to_mem && image_read(d->img, c->st.lba * 512, c->buf, n * 512u) < 0) {
            ata_bm_finish(c, true, true);
            return;
        }
        size_t moved = ata_bm_transfer(c, c->buf, n * 512u, to_mem, &prd_end);
        if (moved < n * 512u) {
            /* the PRD table ended before the transfer: the device still
             * wants data; Active clears, no interrupt (2.7.2 table) */
            c->st.bm_status &= (uint8_t)~BM_ACTIVE;
            c->st.dma_waiting = false;
            return;
        }
        if (!to_mem && image_write(d->img, c->st.lba * 512, c->buf, n * 512u) < 0) {
            ata_bm_finish(c, true, true);
            return;
        }
        c->st.lba += n;
        c->st.left -= n;
    }
    ata_bm_finish(c, false, prd_end);
}

static void dma_kick(struct ata_chan *c)
{
    if (!c->st.dma_waiting || !(c->st.bm_cmd & 1))
        return;
    if (ata_cur(c)->type == ATA_CDROM)
        atapi_dma_run(c);
    else
        disk_dma_run(c);
}

/* ---- disk commands ---- */

static bool disk_address(struct ata_chan *c, struct ata_dev *d, bool lba48, uint64_t *lba, uint32_t *count)
{
    struct ata_dev *s = d;
    if (lba48) {
        *lba = (uint64_t)s->st.lbal | (uint64_t)s->st.lbam << 8 | (uint64_t)s->st.lbah << 16 |
               (uint64_t)s->st.hob_lbal << 24 | (uint64_t)s->st.hob_lbam << 32 | (uint64_t)s->st.hob_lbah << 40;
        *count = (uint32_t)(s->st.nsect | s->st.hob_nsect << 8);
        if (!*count)
            *count = 65536;
    } else {
        *count = s->st.nsect ? s->st.nsect : 256;
        if (c->st.select & 0x40) {
            *lba = (uint64_t)s->st.lbal | (uint64_t)s->st.lbam << 8 | (uint64_t)s->st.lbah << 16 |
                   (uint64_t)(c->st.select & 0x0F) << 24;
        } else {
            uint32_t cyl = (uint32_t)(s->st.lbam | s->st.lbah << 8), head = c->st.select & 0x0F;
            uint32_t sec = s->st.lbal;
            if (!sec || sec > d->st.cur_spt || head >= d->st.cur_heads || cyl >= d->st.cur_cyls)
                return false;
            *lba = ((uint64_t)cyl * d->st.cur_heads + head) * d->st.cur_spt + sec - 1;
        }
    }
    return *lba < d->sectors && *count <= d->sectors - *lba;
}

static bool set_features(struct ata_dev *d)
{
    switch (d->st.feature) {
    case 0x03: { /* set transfer mode (8.37.10) */
        uint8_t v = d->st.nsect;
        if (v <= 1 || (v >= 0x08 && v <= 0x0C) || (v >= 0x20 && v <= 0x22) || (v >= 0x40 && v <= 0x45)) {
            d->st.xfer_mode = v;
            return true;
        }
        return false;
    }
    case 0x02: d->st.wcache = true; return true;
    case 0x82: d->st.wcache = false; return true;
    case 0x55: case 0xAA: case 0x66: case 0xCC: return true; /* look-ahead, reverting defaults */
    default: return false;
    }
}

static void diag_done(struct ata_chan *c)
{
    atapi_signature(c);
    for (int i = 0; i < 2; i++) {
        struct ata_dev *d = &c->dev[i];
        d->st.error = 0x01; /* device 0 passed, device 1 passed or absent */
        d->st.status = d->type == ATA_DISK ? ST_DRDY | ST_DSC : 0;
    }
}

static void disk_command(struct ata_chan *c, struct ata_dev *d, uint8_t cmd)
{
    uint64_t lba;
    uint32_t count;
    bool lba48 = false;
    uint16_t id[256];
    switch (cmd) {
    case 0xEC: /* IDENTIFY DEVICE */
        disk_identify(d, id);
        identify_to_buf(c, id);
        c->st.xfer = XF_PIO_ONE; /* single block, no sector bookkeeping */
        c->st.pos = 0, c->st.end = 512;
        d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
        ata_raise_irq(c);
        return;
    case 0x24: case 0x29: case 0x34: case 0x39: case 0x25: case 0x35: case 0x42:
        lba48 = true;
        /* fall through */
    case 0x20: case 0x21: case 0x30: case 0x31: case 0xC4: case 0xC5:
    case 0xC8: case 0xC9: case 0xCA: case 0xCB: case 0x40: case 0x41: {
        bool multiple = cmd == 0xC4 || cmd == 0xC5 || cmd == 0x29 || cmd == 0x39;
        if (multiple && !d->st.mult) {
            cmd_error(c, ER_ABRT);
            return;
        }
        if (!disk_address(c, d, lba48, &lba, &count)) {
            cmd_error(c, ER_IDNF | ER_ABRT);
            return;
        }
        c->st.lba = lba;
        c->st.left = count;
        c->st.block = multiple ? d->st.mult : 1;
        c->st.lba48 = lba48;
        switch (cmd) {
        case 0x20: case 0x21: case 0x24: case 0xC4: case 0x29:
            c->st.xfer = XF_PIO_IN;
            pio_load(c);
            return;
        case 0x30: case 0x31: case 0x34: case 0xC5: case 0x39:
            c->st.xfer = XF_PIO_OUT;
            c->st.pos = 0;
            c->st.end = (count < c->st.block ? count : c->st.block) * 512u;
            d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
            return;
        case 0xC8: case 0xC9: case 0x25: case 0xCA: case 0xCB: case 0x35:
            c->st.xfer = (cmd == 0xC8 || cmd == 0xC9 || cmd == 0x25) ? XF_DMA_IN : XF_DMA_OUT;
            d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
            c->st.dma_waiting = true;
            dma_kick(c);
            return;
        default: /* READ VERIFY: the sectors exist in the image */
            cmd_ok(c);
            return;
        }
    }
    case 0xC6: { /* SET MULTIPLE MODE */
        uint8_t n = d->st.nsect;
        if (n > 16 || (n & (n - 1))) {
            cmd_error(c, ER_ABRT);
            return;
        }
        d->st.mult = n;
        cmd_ok(c);
        return;
    }
    case 0x91: { /* INITIALIZE DEVICE PARAMETERS */
        uint16_t heads = (uint16_t)((c->st.select & 0x0F) + 1), spt = d->st.nsect;
        if (!spt) {
            cmd_error(c, ER_ABRT);
            return;
        }
        uint64_t cyl = d->sectors / ((uint64_t)heads * spt);
        d->st.cur_heads = heads;
        d->st.cur_spt = spt;
        d->st.cur_cyls = (uint16_t)(cyl > 65535 ? 65535 : cyl);
        cmd_ok(c);
        return;
    }
    case 0xEF:
        if (set_features(d))
            cmd_ok(c);
        else
            cmd_error(c, ER_ABRT);
        return;
    case 0xE7: case 0xEA: /* FLUSH CACHE (EXT) */
        if (image_flush(d->img) < 0)
            cmd_error(c, ER_ABRT);
        else
            cmd_ok(c);
        return;
    case 0xE0: case 0x94: case 0xE2: case 0x96: /* STANDBY (IMMEDIATE) */
        d->st.power = 0x00;
        cmd_ok(c);
        return;
    case 0xE1: case 0x95: case 0xE3: case 0x97: /* IDLE (IMMEDIATE) */
        d->st.power = 0xFF;
        cmd_ok(c);
        return;
    case 0xE6: case 0x99: /* SLEEP */
        cmd_ok(c);
        return;
    case 0xE5: case 0x98: /* CHECK POWER MODE */
        cmd_ok(c);
        d->st.nsect = d->st.power;
        return;
    case 0x70: /* SEEK */
        cmd_ok(c);
        return;
    case 0x90: /* EXECUTE DEVICE DIAGNOSTIC */
        diag_done(c);
        ata_raise_irq(c);
        return;
    default:
        if (cmd >= 0x10 && cmd <= 0x1F) { /* RECALIBRATE (obsolete) */
            cmd_ok(c);
            return;
        }
        log_debug(c->m, "ata", "ata%d: unsupported command %02x", c->idx, cmd);
        cmd_error(c, ER_ABRT);
    }
}

static void cdrom_command(struct ata_chan *c, struct ata_dev *d, uint8_t cmd)
{
    uint16_t id[256];
    switch (cmd) {
    case 0xA0:
        atapi_packet_start(c);
        return;
    case 0xA1: /* IDENTIFY PACKET DEVICE */
        atapi_identify(c, d, id);
        identify_to_buf(c, id);
        c->st.xfer = XF_PIO_ONE;
        c->st.pos = 0, c->st.end = 512;
        d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
        ata_raise_irq(c);
        return;
    case 0x08: /* DEVICE RESET: no interrupt (9.5) */
        atapi_signature(c);
        d->st.error = 0x01;
        d->st.status = 0;
        c->st.xfer = XF_NONE;
        return;
    case 0x90:
        diag_done(c);
        ata_raise_irq(c);
        return;
    case 0xEF:
        if (set_features(d))
            cmd_ok(c);
        else
            cmd_error(c, ER_ABRT);
        return;
    case 0xE5: case 0x98:
        cmd_ok(c);
        d->st.nsect = 0xFF;
        return;
    case 0xE0: case 0xE1: case 0xE6:
        cmd_ok(c);
        return;
    default:
        /* IDENTIFY DEVICE and READ SECTOR(S) abort with the packet
         * signature in the task file (9.10) */
        cmd_error(c, ER_ABRT);
        if (cmd == 0xEC || cmd == 0x20 || cmd == 0x21) {
            d->st.nsect = 1, d->st.lbal = 1, d->st.lbam = 0x14, d->st.lbah = 0xEB;
        }
    }
}

/* ---- ports ---- */

static uint32_t data_in(struct ata_chan *c, int size)
{
    if (c->st.xfer != XF_PIO_IN && c->st.xfer != XF_PIO_ONE)
        return 0xFFFFFFFFu;
    uint32_t v = 0;
    for (int i = 0; i < size && c->st.pos < c->st.end; i++)
        v |= (uint32_t)c->buf[c->st.pos++] << (8 * i);
    if (c->st.pos >= c->st.end) {
        if (ata_cur(c)->type == ATA_CDROM && c->st.xfer == XF_PIO_IN)
            atapi_chunk_done(c);
        else
            pio_block_done(c);
    }
    return v;
}

static void data_out(struct ata_chan *c, int size, uint32_t v)
{
    if (c->st.xfer == XF_PACKET) {
        for (int i = 0; i < size && c->st.pos < 12; i++)
            c->st.packet[c->st.pos++] = (uint8_t)(v >> (8 * i));
        if (c->st.pos >= 12)
            atapi_packet_exec(c);
        return;
    }
    if (c->st.xfer != XF_PIO_OUT)
        return;
    for (int i = 0; i < size && c->st.pos < c->st.end; i++)
        c->buf[c->st.pos++] = (uint8_t)(v >> (8 * i));
    if (c->st.pos >= c->st.end)
        pio_block_done(c);
}

static bool any_device(const struct ata_chan *c) { return c->dev[0].type || c->dev[1].type; }

static uint32_t cmd_in(void *opaque, uint16_t port, int size)
{
    struct ata_chan *c = opaque;
    int reg = port - c->base;
    struct ata_dev *d = ata_cur(c);
    bool hob = c->st.devctl & 0x80;
    if (reg == 0)
        return d->type ? data_in(c, size) : 0xFFFFFFFFu;
    if (!any_device(c))
        return 0xFF;
    if (!d->type) /* device 1 absent: device 0 answers with zeros (5.2.12) */
        return reg == 6 ? (uint32_t)(c->st.select | 0xA0) : 0;
    switch (reg) {
    case 1: return d->st.error;
    case 2: return hob ? d->st.hob_nsect : d->st.nsect;
    case 3: return hob ? d->st.hob_lbal : d->st.lbal;
    case 4: return hob ? d->st.hob_lbam : d->st.lbam;
    case 5: return hob ? d->st.hob_lbah : d->st.lbah;
    case 6: return c->st.select | 0xA0;
    default:
        clear_irq(c);
        return d->st.status;
    }
}

static void cmd_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct ata_chan *c = opaque;
    int reg = port - c->base;
    uint8_t v = (uint8_t)val;
    if (reg == 0) {
        if (ata_cur(c)->type)
            data_out(c, size, val);
        return;
    }
    if (reg >= 1 && reg <= 5) {
        c->st.devctl &= 0x7F; /* a register write clears HOB (7.9) */
        for (int i = 0; i < 2; i++) {
            struct ata_dev *d = &c->dev[i];
            uint8_t *cur[] = {&d->st.feature, &d->st.nsect, &d->st.lbal, &d->st.lbam, &d->st.lbah};
            uint8_t *old[] = {&d->st.hob_feature, &d->st.hob_nsect, &d->st.hob_lbal, &d->st.hob_lbam, &d->st.hob_lbah};
            *old[reg - 1] = *cur[reg - 1];
            *cur[reg - 1] = v;
        }
        return;
    }
    if (reg == 6) {
        c->st.devctl &= 0x7F;
        c->st.select = v & 0x5F;
        return;
    }
    /* command register */
    struct ata_dev *d = ata_cur(c);
    if (!d->type)
        return;
    if ((d->st.status & (ST_BSY | ST_DRQ)) && v != 0x08) {
        log_debug(c->m, "ata", "ata%d: command %02x while busy ignored", c->idx, v);
        return;
    }
    clear_irq(c);
    c->st.cmd = v;
    c->st.xfer = XF_NONE;
    c->st.dma_waiting = false;
    if (d->type == ATA_DISK)
        disk_command(c, d, v);
    else
        cdrom_command(c, d, v);
}

static uint32_t ctl_in(void *opaque, uint16_t port, int size)
{
    struct ata_chan *c = opaque;
    (void)port, (void)size;
    struct ata_dev *d = ata_cur(c);
    if (!any_device(c))
        return 0xFF;
    return d->type ? d->st.status : 0;
}

static void ctl_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct ata_chan *c = opaque;
    (void)port, (void)size;
    uint8_t old = c->st.devctl;
    c->st.devctl = (uint8_t)val;
    if ((val & 0x04) && !(old & 0x04)) {
        /* SRST asserted (9.2): both devices go busy */
        for (int i = 0; i < 2; i++)
            c->dev[i].st.status = ST_BSY;
        c->st.xfer = XF_NONE;
        c->st.dma_waiting = false;
        clear_irq(c);
    } else if (!(val & 0x04) && (old & 0x04)) {
        diag_done(c);
        for (int i = 0; i < 2; i++) {
            c->dev[i].st.mult = 0;
            c->dev[i].st.cur_cyls = c->dev[i].cyls;
            c->dev[i].st.cur_heads = c->dev[i].heads;
            c->dev[i].st.cur_spt = c->dev[i].spt;
        }
    }
    update_irq(c);
}

static uint32_t data_port_in(void *opaque, uint16_t port, int size) { return cmd_in(opaque, port, size); }

static const struct io_ops data_io = {.in = data_port_in, .out = cmd_out, .sizes = 1 | 2 | 4};
static const struct io_ops cmd_io = {.in = cmd_in, .out = cmd_out, .sizes = 1};
static const struct io_ops ctl_io = {.in = ctl_in, .out = ctl_out, .sizes = 1};

/* ---- bus master registers (PIIX3 2.7) ---- */

static uint32_t bm_in(void *opaque, uint16_t port, int size)
{
    struct ata *a = opaque;
    int off = port - a->bm_base;
    struct ata_chan *c = &a->ch[off >> 3];
    uint32_t v = 0;
    for (int i = 0; i < size; i++) {
        int r = (off + i) & 7;
        uint8_t b = 0;
        if (r == 0)
            b = c->st.bm_cmd;
        else if (r == 2)
            b = c->st.bm_status;
        else if (r >= 4)
            b = (uint8_t)(c->st.bm_prd >> (8 * (r - 4)));
        v |= (uint32_t)b << (8 * i);
    }
    return v;
}

static void bm_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct ata *a = opaque;
    int off = port - a->bm_base;
    struct ata_chan *c = &a->ch[off >> 3];
    for (int i = 0; i < size; i++) {
        int r = (off + i) & 7;
        uint8_t b = (uint8_t)(val >> (8 * i));
        if (r == 0) {
            uint8_t old = c->st.bm_cmd;
            c->st.bm_cmd = b & 0x09;
            if ((b & 1) && !(old & 1)) {
                c->st.bm_status |= BM_ACTIVE;
                c->st.bm_cur = c->st.bm_prd;
                c->st.bm_left = 0;
                c->st.bm_last = false;
                dma_kick(c);
            } else if (!(b & 1)) {
                c->st.bm_status &= (uint8_t)~BM_ACTIVE;
            }
        } else if (r == 2) {
            c->st.bm_status = (uint8_t)((c->st.bm_status & ~0x60 & ~(b & (BM_ERROR | BM_INTR))) | (b & 0x60));
        } else if (r >= 4) {
            int sh = 8 * (r - 4);
            c->st.bm_prd = (c->st.bm_prd & ~(0xFFu << sh)) | (uint32_t)b << sh;
            c->st.bm_prd &= ~3u;
        }
    }
}

static const struct io_ops bm_io = {.in = bm_in, .out = bm_out, .sizes = 1 | 2 | 4};

static void bar_changed(struct pci_func *f, int bar, bool mapped, uint32_t addr)
{
    struct ata *a = f->opaque;
    if (bar != 4)
        return;
    if (!mapped) {
        io_register(&a->m->io, (uint16_t)addr, 16, NULL, NULL);
        a->bm_base = 0;
    } else {
        io_register(&a->m->io, (uint16_t)addr, 16, &bm_io, a);
        a->bm_base = (uint16_t)addr;
    }
}

static void pci_reset(struct ata *a)
{
    struct pci_func *f = &a->pci;
    pci_func_init(f, 0x8086, 0x7010, 0x00, 0x010180); /* IDE, bus master, legacy mode */
    f->cfg[PCI_STATUS + 1] = 0x02;                     /* DEVSEL medium */
    pci_func_set_bar(f, 4, 16, true);
    for (int o = 0x40; o < 0x50; o++)
        f->wmask[o] = 0xFF;                            /* IDETIM, SIDETIM */
}

/* ---- device interface ---- */

static void dev_reset_state(struct ata_dev *d)
{
    bool media = d->st.media;
    memset(&d->st, 0, sizeof d->st);
    d->st.cur_cyls = d->cyls, d->st.cur_heads = d->heads, d->st.cur_spt = d->spt;
    d->st.power = 0xFF;
    d->st.wcache = true;
    d->st.media = media;
    d->st.status = d->type == ATA_DISK ? ST_DRDY | ST_DSC : 0;
    d->st.error = 0x01;
}

static void ata_reset(void *opaque)
{
    struct ata *a = opaque;
    for (int i = 0; i < 2; i++) {
        struct ata_chan *c = &a->ch[i];
        memset(&c->st, 0, sizeof c->st);
        for (int j = 0; j < 2; j++)
            dev_reset_state(&c->dev[j]);
        atapi_signature(c);
        update_irq(c);
    }
    pci_reset(a);
    /* BAR4 back to 0: the PCI layer sees the change on the next write */
}

static void ata_save(void *opaque, struct state_writer *w)
{
    struct ata *a = opaque;
    for (int i = 0; i < 2; i++) {
        state_put(w, &a->ch[i].st, sizeof a->ch[i].st);
        for (int j = 0; j < 2; j++)
            state_put(w, &a->ch[i].dev[j].st, sizeof a->ch[i].dev[j].st);
        state_put(w, a->ch[i].buf, ATA_BUF_SIZE);
    }
    /* the redologs of volatile and undoable disks */
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            image_save(a->ch[i].dev[j].type == ATA_DISK ? a->ch[i].dev[j].img : NULL, w);
}

static int ata_load(void *opaque, struct state_reader *r)
{
    struct ata *a = opaque;
    for (int i = 0; i < 2; i++) {
        state_get(r, &a->ch[i].st, sizeof a->ch[i].st);
        for (int j = 0; j < 2; j++)
            state_get(r, &a->ch[i].dev[j].st, sizeof a->ch[i].dev[j].st);
        state_get(r, a->ch[i].buf, ATA_BUF_SIZE);
        if (a->ch[i].enabled)
            update_irq(&a->ch[i]);
    }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            if (image_load(a->ch[i].dev[j].type == ATA_DISK ? a->ch[i].dev[j].img : NULL, r) < 0)
                return -1;
    return r->error ? -1 : 0;
}

static void ata_destroy(void *opaque)
{
    struct ata *a = opaque;
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            image_close(a->ch[i].dev[j].img);
            free(a->ch[i].dev[j].path);
        }
        free(a->ch[i].buf);
    }
    free(a);
}

static void ata_info(void *opaque, char *buf, size_t size)
{
    struct ata *a = opaque;
    size_t n = 0;
    for (int i = 0; i < 2 && n < size; i++) {
        struct ata_chan *c = &a->ch[i];
        for (int j = 0; j < 2 && n < size; j++) {
            struct ata_dev *d = &c->dev[j];
            int k = snprintf(buf + n, size - n, "ata%d-%s: %s status %02x error %02x%s\n", i, j ? "slave" : "master",
                             d->type == ATA_DISK ? "disk" : d->type == ATA_CDROM ? "cdrom" : "none", d->st.status,
                             d->st.error, d->img ? "" : " (no image)");
            if (k < 0)
                return;
            n += (size_t)k;
        }
    }
}

static const struct device_ops ata_dev_ops = {
    .name = "ata", .reset = ata_reset, .save = ata_save, .load = ata_load,
    .destroy = ata_destroy, .info = ata_info,
};

static int open_disk(struct ata_dev *d, const struct ata_dev_cfg *cfg, int n)
{
    d->img = image_open_journal(cfg->path, cfg->mode, cfg->read_only, cfg->journal);
    if (!d->img)
        return -1;
    if (d->img->size < 512 || d->img->size % 512) {
        fprintf(stderr, "emu: %s: a disk image must be a non-empty multiple of 512 bytes (%llu bytes)\n",
                cfg->path, (unsigned long long)d->img->size);
        return -1;
    }
    d->sectors = d->img->size / 512;
    if (cfg->cylinders && cfg->heads && cfg->spt) {
        if (cfg->heads > 16 || cfg->spt > 63 || cfg->cylinders > 65535 ||
            (uint64_t)cfg->cylinders * cfg->heads * cfg->spt > d->sectors) {
            fprintf(stderr, "emu: %s: geometry %u/%u/%u does not fit the image (%llu sectors; heads <= 16, spt <= 63)\n",
                    cfg->path, cfg->cylinders, cfg->heads, cfg->spt, (unsigned long long)d->sectors);
            return -1;
        }
        d->cyls = (uint16_t)cfg->cylinders, d->heads = (uint16_t)cfg->heads, d->spt = (uint16_t)cfg->spt;
    } else if (d->sectors >= 16 * 63) {
        uint64_t cyl = d->sectors / (16 * 63);
        d->cyls = (uint16_t)(cyl > 16383 ? 16383 : cyl), d->heads = 16, d->spt = 63;
    } else {
        d->spt = (uint16_t)(d->sectors < 63 ? d->sectors : 63);
        d->heads = 1;
        d->cyls = (uint16_t)(d->sectors / d->spt);
    }
    snprintf(d->serial, sizeof d->serial, "EMU0000%d", n);
    snprintf(d->model, sizeof d->model, "%s", cfg->model && *cfg->model ? cfg->model : "EMU HARDDISK");
    return 0;
}

int ata_init(struct machine *m)
{
    struct ata *a = calloc(1, sizeof *a);
    if (!a) {
        log_msg(m, LOG_PANIC, "ata", "out of memory");
        abort();
    }
    a->m = m;
    const struct config *cfg = m->cfg;
    int rc = 0;
    for (int i = 0; i < 2 && !rc; i++) {
        struct ata_chan *c = &a->ch[i];
        c->m = m;
        c->idx = i;
        c->enabled = cfg->ata_channel_enabled[i];
        c->base = cfg->ata_ioaddr1[i];
        c->ctl = (uint16_t)(cfg->ata_ioaddr2[i] + 6);
        c->irq = cfg->ata_irq[i];
        c->buf = calloc(1, ATA_BUF_SIZE);
        if (!c->buf) {
            log_msg(m, LOG_PANIC, "ata", "out of memory");
            abort();
        }
        for (int j = 0; j < 2 && !rc; j++) {
            const struct ata_dev_cfg *dc = &cfg->ata[i][j];
            struct ata_dev *d = &c->dev[j];
            if (!c->enabled || dc->type == ATA_NONE)
                continue;
            d->type = dc->type;
            if (dc->type == ATA_DISK)
                rc = open_disk(d, dc, i * 2 + j + 1);
            else {
                rc = atapi_open(d, dc);
                snprintf(d->serial, sizeof d->serial, "EMU0000%d", i * 2 + j + 1);
            }
        }
    }
    if (rc) {
        ata_destroy(a);
        return -1;
    }
    a->pci.opaque = a;
    a->pci.bar_changed = bar_changed;
    ata_reset(a);
    for (int i = 0; i < 2; i++) {
        struct ata_chan *c = &a->ch[i];
        if (!c->enabled)
            continue;
        io_register(&m->io, c->base, 1, &data_io, c);
        io_register(&m->io, (uint16_t)(c->base + 1), 7, &cmd_io, c);
        io_register(&m->io, c->ctl, 1, &ctl_io, c);
    }
    if (m->pci)
        pci_register(m, 1, 1, &a->pci);
    machine_add_device(m, &ata_dev_ops, a);
    return 0;
}
