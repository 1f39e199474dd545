/* iodev/atapi.c: the ATAPI CD-ROM: the PACKET protocol of ATA/ATAPI-6
 * (9.8, 9.10) and the MMC/SFF-8020i commands a BIOS, a bootloader and
 * Linux's sr/cdrom drivers use, on an ISO image of 2048-byte sectors.
 *
 * Data-in commands run in chunks no larger than the byte count limit the
 * host wrote to LBA Mid/High with the PACKET command (9.10: an odd limit
 * smaller than the rest is rounded down to even); each chunk is announced
 * by DRQ with the interrupt reason IO=1 CoD=0 and the chunk size in the
 * byte count registers. Errors end the command with CHECK CONDITION: ERR
 * in the status, the sense key in the error register's high nibble, and
 * the full sense for REQUEST SENSE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/ata.h"
#include "iodev/image.h"

#define CD_SECTOR 2048

/* sense keys and additional sense codes (SPC/MMC) */
enum { SK_NOT_READY = 0x02, SK_MEDIUM_ERROR = 0x03, SK_ILLEGAL_REQUEST = 0x05, SK_UNIT_ATTENTION = 0x06 };
enum {
    ASC_INVALID_OPCODE = 0x20, ASC_LBA_OUT_OF_RANGE = 0x21, ASC_INVALID_FIELD = 0x24,
    ASC_MEDIUM_CHANGED = 0x28, ASC_SAVING_NOT_SUPPORTED = 0x39, ASC_MEDIUM_NOT_PRESENT = 0x3A,
    ASC_REMOVAL_PREVENTED = 0x53, ASC_UNRECOVERED_READ = 0x11,
};

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v; }

static uint32_t cd_sectors(const struct ata_dev *d) { return d->img ? (uint32_t)(d->img->size / CD_SECTOR) : 0; }

int atapi_open(struct ata_dev *d, const struct ata_dev_cfg *cfg)
{
    snprintf(d->model, sizeof d->model, "%s", cfg->model && *cfg->model ? cfg->model : "EMU CD-ROM");
    if (cfg->path && *cfg->path) {
        d->path = strdup(cfg->path);
        if (cfg->inserted) {
            d->img = image_open(cfg->path, cfg->mode, true);
            if (!d->img)
                return -1;
            d->st.media = true;
        }
    }
    return 0;
}

static void complete(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    d->st.nsect = 0x03; /* IO=1, CoD=1: status follows */
    d->st.status = ST_DRDY | ST_DSC;
    d->st.error = 0;
    c->st.xfer = XF_NONE;
    ata_raise_irq(c);
}

static void check_condition(struct ata_chan *c, uint8_t key, uint8_t asc, uint8_t ascq)
{
    struct ata_dev *d = ata_cur(c);
    d->st.sense_key = key, d->st.asc = asc, d->st.ascq = ascq;
    d->st.error = (uint8_t)(key << 4 | (key == SK_ILLEGAL_REQUEST ? ER_ABRT : 0));
    d->st.status = ST_DRDY | ST_DSC | ST_ERR;
    d->st.nsect = 0x03;
    c->st.xfer = XF_NONE;
    c->st.dma_waiting = false;
    ata_raise_irq(c);
}

void atapi_packet_start(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    c->st.byte_limit = (uint32_t)(d->st.lbam | d->st.lbah << 8);
    c->st.xfer = XF_PACKET;
    c->st.pos = 0;
    /* 9.10: DRQ with CoD=1 IO=0, no interrupt for the packet itself */
    d->st.nsect = (uint8_t)((d->st.nsect & 0xF8) | 0x01);
    d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
}

static void next_chunk(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    uint32_t limit = c->st.byte_limit;
    if (limit == 0 || limit == 0xFFFF)
        limit = 0xFFFE;
    if ((limit & 1) && c->st.src_left > limit)
        limit--;
    uint32_t n = c->st.src_left < limit ? c->st.src_left : limit;
    if (c->st.src_image) {
        ata_activity(c, false);
        if (image_read(d->img, c->st.src_off, c->buf, n) < 0) {
            check_condition(c, SK_MEDIUM_ERROR, ASC_UNRECOVERED_READ, 0);
            return;
        }
        c->st.pos = 0;
        c->st.end = n;
    } else {
        c->st.pos = (uint32_t)c->st.src_off;
        c->st.end = (uint32_t)c->st.src_off + n;
    }
    c->st.src_off += n;
    c->st.src_left -= n;
    c->st.xfer = XF_PIO_IN;
    d->st.lbam = (uint8_t)n, d->st.lbah = (uint8_t)(n >> 8);
    d->st.nsect = 0x02; /* IO=1, CoD=0: data to the host */
    d->st.status = ST_DRDY | ST_DSC | ST_DRQ;
    ata_raise_irq(c);
}

void atapi_chunk_done(struct ata_chan *c)
{
    if (c->st.src_left)
        next_chunk(c);
    else
        complete(c);
}

/* Starts the data-in phase of len bytes (from buf, or from the image at
 * src_off when image is set), cut to the allocation length. */
static void data_in(struct ata_chan *c, uint32_t len, uint32_t alloc, bool image, uint64_t off)
{
    c->st.src_image = image;
    c->st.src_off = off;
    c->st.src_left = len < alloc ? len : alloc;
    if (!c->st.src_left) {
        complete(c);
        return;
    }
    if (ata_cur(c)->st.feature & 1) {
        /* DMA: the bus master moves the data once started */
        c->st.xfer = XF_DMA_IN;
        c->st.dma_waiting = true;
        ata_cur(c)->st.status = ST_DRDY | ST_DSC | ST_DRQ;
        if (c->st.bm_cmd & 1)
            atapi_dma_run(c);
        return;
    }
    next_chunk(c);
}

void atapi_dma_run(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    bool prd_end = false;
    while (c->st.src_left) {
        uint32_t n = c->st.src_left < ATA_BUF_SIZE ? c->st.src_left : ATA_BUF_SIZE;
        uint8_t *src = c->buf;
        if (c->st.src_image) {
            ata_activity(c, false);
            if (image_read(d->img, c->st.src_off, c->buf, n) < 0) {
                c->st.bm_status &= (uint8_t)~1u;
                check_condition(c, SK_MEDIUM_ERROR, ASC_UNRECOVERED_READ, 0);
                return;
            }
        } else {
            src = c->buf + c->st.src_off;
        }
        size_t moved = ata_bm_transfer(c, src, n, true, &prd_end);
        if (moved < n) {
            c->st.bm_status &= (uint8_t)~1u;
            c->st.dma_waiting = false;
            return;
        }
        c->st.src_off += n;
        c->st.src_left -= n;
    }
    d->st.nsect = 0x03;
    d->st.status = ST_DRDY | ST_DSC;
    d->st.error = 0;
    ata_bm_finish(c, false, prd_end);
}

/* ---- response builders ---- */

static void lba_to_msf(uint8_t *p, uint32_t lba)
{
    lba += 150;
    p[0] = 0;
    p[1] = (uint8_t)(lba / (75 * 60));
    p[2] = (uint8_t)(lba / 75 % 60);
    p[3] = (uint8_t)(lba % 75);
}

static void put_addr(uint8_t *p, uint32_t lba, bool msf)
{
    if (msf)
        lba_to_msf(p, lba);
    else
        put32(p, lba);
}

/* READ TOC/PMA/ATIP (MMC-2 5.23): a single data track. Returns the
 * length, or -1 for an invalid field. */
static int read_toc(struct ata_dev *d, const uint8_t *p, uint8_t *b)
{
    bool msf = p[1] & 2;
    int format = p[2] & 0x0F;
    if (!format)
        format = p[9] >> 6; /* SFF-8020i placed the format in byte 9 */
    uint8_t start = p[6];
    uint32_t total = cd_sectors(d);
    int n = 4;
    switch (format) {
    case 0:
        if (start > 1 && start != 0xAA)
            return -1;
        b[2] = 1, b[3] = 1;
        if (start <= 1) {
            memset(b + n, 0, 8);
            b[n + 1] = 0x14, b[n + 2] = 1;
            put_addr(b + n + 4, 0, msf);
            n += 8;
        }
        memset(b + n, 0, 8);
        b[n + 1] = 0x14, b[n + 2] = 0xAA;
        put_addr(b + n + 4, total, msf);
        n += 8;
        break;
    case 1: /* session information */
        b[2] = 1, b[3] = 1;
        memset(b + 4, 0, 8);
        b[5] = 0x14, b[6] = 1;
        put_addr(b + 8, 0, msf);
        n = 12;
        break;
    case 2: { /* raw TOC: points A0, A1, A2 and track 1 */
        b[2] = 1, b[3] = 1;
        static const uint8_t points[4] = {0xA0, 0xA1, 0xA2, 0x01};
        for (int i = 0; i < 4; i++) {
            uint8_t *e = b + n;
            memset(e, 0, 11);
            e[0] = 1, e[1] = 0x14, e[3] = points[i];
            if (points[i] == 0xA0 || points[i] == 0xA1)
                e[8] = 1; /* first / last track; disc type 0 */
            else if (points[i] == 0xA2)
                lba_to_msf(e + 7, total);
            else
                lba_to_msf(e + 7, 0);
            n += 11;
        }
        break;
    }
    default:
        return -1;
    }
    put16(b, (uint32_t)(n - 2));
    return n;
}

static int mode_page(struct ata_dev *d, int page, int pc, uint8_t *b)
{
    int len;
    switch (page) {
    case 0x01: /* read error recovery */
        len = 8;
        memset(b, 0, 8);
        b[3] = 5;
        break;
    case 0x0D: /* CD device parameters */
        len = 8;
        memset(b, 0, 8);
        put16(b + 4, 60), put16(b + 6, 75);
        break;
    case 0x0E: /* CD audio control */
        len = 16;
        memset(b, 0, 16);
        b[2] = 0x04, b[8] = 1, b[9] = 0xFF, b[10] = 2, b[11] = 0xFF;
        break;
    case 0x2A: /* capabilities and mechanical status */
        len = 20;
        memset(b, 0, 20);
        b[4] = 0x71;
        b[5] = 0x03;
        b[6] = (uint8_t)(0x29 | (d->st.locked ? 0x02 : 0)); /* tray, eject, lock (state) */
        b[7] = 0x03;
        put16(b + 8, 5632);
        put16(b + 10, 256);
        put16(b + 12, 512);
        put16(b + 14, 5632);
        break;
    default:
        return -1;
    }
    b[0] = (uint8_t)page;
    b[1] = (uint8_t)(len - 2);
    if (pc == 1) /* changeable values: none */
        memset(b + 2, 0, (size_t)len - 2);
    return len;
}

static int mode_sense(struct ata_dev *d, const uint8_t *p, bool ten, uint8_t *b, int *err_asc)
{
    int pc = p[2] >> 6, page = p[2] & 0x3F;
    if (pc == 3) {
        *err_asc = ASC_SAVING_NOT_SUPPORTED;
        return -1;
    }
    int n = ten ? 8 : 4;
    memset(b, 0, (size_t)n);
    if (page == 0x3F) {
        static const int all[] = {0x01, 0x0D, 0x0E, 0x2A};
        for (int i = 0; i < 4; i++)
            n += mode_page(d, all[i], pc, b + n);
    } else {
        int k = mode_page(d, page, pc, b + n);
        if (k < 0) {
            *err_asc = ASC_INVALID_FIELD;
            return -1;
        }
        n += k;
    }
    if (ten) {
        put16(b, (uint32_t)(n - 2));
        b[2] = d->st.media ? 0x01 : 0x70;
    } else {
        b[0] = (uint8_t)(n - 1);
        b[1] = d->st.media ? 0x01 : 0x70;
    }
    return n;
}

/* GET CONFIGURATION (MMC-3 5.6): profile list, core, morphing, removable
 * medium, random readable, CD read. */
static int get_config(struct ata_dev *d, const uint8_t *p, uint8_t *b)
{
    int rt = p[1] & 3;
    uint16_t sfn = be16(p + 2);
    bool media = d->st.media;
    struct feat {
        uint16_t code;
        bool current;
        uint8_t len;
        uint8_t data[8];
    } f[] = {
        {0x0000, true, 4, {0x00, 0x08, (uint8_t)media, 0}},
        {0x0001, true, 4, {0, 0, 0, 2}},
        {0x0002, true, 4, {0x02, 0, 0, 0}},
        {0x0003, true, 4, {0x29, 0, 0, 0}},
        {0x0010, media, 8, {0, 0, 0x08, 0, 0, 1, 0, 0}},
        {0x001E, media, 4, {0, 0, 0, 0}},
    };
    int n = 8;
    memset(b, 0, 8);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (f[i].code < sfn || (rt == 1 && !f[i].current) || (rt == 2 && f[i].code != sfn))
            continue;
        put16(b + n, f[i].code);
        /* version, persistent (profile list and core), current */
        b[n + 2] = (uint8_t)((f[i].code <= 0x0002 ? 0x02 : 0) | (f[i].current ? 1 : 0));
        b[n + 3] = f[i].len;
        memcpy(b + n + 4, f[i].data, f[i].len);
        n += 4 + f[i].len;
    }
    put32(b, (uint32_t)(n - 4));
    put16(b + 6, media ? 0x0008 : 0x0000);
    return n;
}

/* ---- the packet command ---- */

static bool needs_medium(uint8_t op)
{
    switch (op) {
    case 0x00: case 0x25: case 0x28: case 0xA8: case 0x43: case 0x51: case 0x2B:
        return true;
    default:
        return false;
    }
}

void atapi_packet_exec(struct ata_chan *c)
{
    struct ata_dev *d = ata_cur(c);
    const uint8_t *p = c->st.packet;
    uint8_t *b = c->buf;
    uint8_t op = p[0];
    c->st.xfer = XF_NONE;
    if (op != 0x03) {
        /* unit attention is reported once, except to commands MMC lets
         * through it */
        if (d->st.unit_attention && op != 0x12 && op != 0x46 && op != 0x4A) {
            d->st.unit_attention = false;
            check_condition(c, SK_UNIT_ATTENTION, ASC_MEDIUM_CHANGED, 0);
            return;
        }
        d->st.sense_key = d->st.asc = d->st.ascq = 0;
    }
    if (needs_medium(op) && !d->st.media) {
        check_condition(c, SK_NOT_READY, ASC_MEDIUM_NOT_PRESENT, 0);
        return;
    }
    switch (op) {
    case 0x00: /* TEST UNIT READY */
    case 0x2B: /* SEEK(10) */
    case 0xBB: /* SET CD SPEED */
        complete(c);
        return;
    case 0x03: /* REQUEST SENSE */
        memset(b, 0, 18);
        b[0] = 0x70;
        b[2] = d->st.sense_key;
        b[7] = 10;
        b[12] = d->st.asc;
        b[13] = d->st.ascq;
        d->st.sense_key = d->st.asc = d->st.ascq = 0;
        data_in(c, 18, p[4], false, 0);
        return;
    case 0x12: /* INQUIRY */
        if (p[1] & 1) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        memset(b, 0, 36);
        b[0] = 0x05; /* CD/DVD device */
        b[1] = 0x80; /* removable */
        b[3] = 0x21; /* ATAPI, response data format 1 */
        b[4] = 31;
        memcpy(b + 8, "EMU     ", 8);
        memcpy(b + 16, "CD-ROM          ", 16);
        memcpy(b + 32, "0.1 ", 4);
        data_in(c, 36, p[4], false, 0);
        return;
    case 0x25: /* READ CAPACITY */
        put32(b, cd_sectors(d) ? cd_sectors(d) - 1 : 0);
        put32(b + 4, CD_SECTOR);
        data_in(c, 8, 8, false, 0);
        return;
    case 0x28: case 0xA8: { /* READ(10), READ(12) */
        uint32_t lba = be32(p + 2);
        uint32_t count = op == 0x28 ? be16(p + 7) : be32(p + 6);
        uint32_t total = cd_sectors(d);
        if (lba > total || count > total - lba) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
            return;
        }
        if (count > 0xFFFFFFFFu / CD_SECTOR) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        data_in(c, count * CD_SECTOR, 0xFFFFFFFFu, true, (uint64_t)lba * CD_SECTOR);
        return;
    }
    case 0x43: { /* READ TOC */
        int n = read_toc(d, p, b);
        if (n < 0) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        data_in(c, (uint32_t)n, be16(p + 7), false, 0);
        return;
    }
    case 0x1A: case 0x5A: { /* MODE SENSE(6/10) */
        int asc = 0;
        int n = mode_sense(d, p, op == 0x5A, b, &asc);
        if (n < 0) {
            check_condition(c, SK_ILLEGAL_REQUEST, (uint8_t)asc, 0);
            return;
        }
        data_in(c, (uint32_t)n, op == 0x5A ? be16(p + 7) : p[4], false, 0);
        return;
    }
    case 0x46: { /* GET CONFIGURATION */
        if ((p[1] & 3) == 3) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        int n = get_config(d, p, b);
        data_in(c, (uint32_t)n, be16(p + 7), false, 0);
        return;
    }
    case 0x4A: { /* GET EVENT STATUS NOTIFICATION (polled only) */
        if (!(p[1] & 1)) {
            check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
            return;
        }
        int n;
        if (p[4] & 0x10) {
            put16(b, 6);
            b[2] = 0x04; /* media class */
            b[3] = 0x10; /* supported: media */
            b[4] = d->st.media_event & 0x0F;
            b[5] = d->st.media ? 0x02 : 0x01; /* media present / tray open */
            b[6] = b[7] = 0;
            d->st.media_event = 0;
            n = 8;
        } else {
            put16(b, 2);
            b[2] = 0x80; /* no event available */
            b[3] = 0x10;
            n = 4;
        }
        data_in(c, (uint32_t)n, be16(p + 7), false, 0);
        return;
    }
    case 0x1B: { /* START STOP UNIT */
        bool loej = p[4] & 2, start = p[4] & 1;
        if (loej && !start) {
            if (d->st.locked) {
                check_condition(c, SK_ILLEGAL_REQUEST, ASC_REMOVAL_PREVENTED, 0x02);
                return;
            }
            if (d->st.media) {
                d->st.media = false;
                d->st.media_event = 3; /* media removal */
            }
        } else if (loej && start && !d->st.media && d->img) {
            d->st.media = true;
            d->st.media_event = 2; /* new media */
        }
        complete(c);
        return;
    }
    case 0x1E: /* PREVENT ALLOW MEDIUM REMOVAL */
        d->st.locked = p[4] & 1;
        complete(c);
        return;
    case 0x51: /* READ DISC INFORMATION */
        memset(b, 0, 34);
        put16(b, 32);
        b[2] = 0x0E; /* last session complete, disc complete */
        b[3] = 1, b[4] = 1, b[5] = 1, b[6] = 1;
        b[7] = 0x20; /* unrestricted use */
        memset(b + 16, 0xFF, 8);
        data_in(c, 34, be16(p + 7), false, 0);
        return;
    case 0xBD: /* MECHANISM STATUS */
        memset(b, 0, 8);
        b[1] = d->st.media ? 0x00 : 0x10; /* door open without a disc */
        data_in(c, 8, be16(p + 8), false, 0);
        return;
    default:
        check_condition(c, SK_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
    }
}
