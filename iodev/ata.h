/* iodev/ata.h: the PIIX3 IDE controller: two ATA channels with up to two
 * devices each (hard disks and ATAPI CD-ROMs), and bus-master DMA.
 *
 * The public part is ata_init(); the rest is shared between iodev/ata.c
 * (channels, task file, disks, bus master) and iodev/atapi.c (the packet
 * device).
 */
#ifndef EMU_IODEV_ATA_H
#define EMU_IODEV_ATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct machine;
struct image;

/* Creates the channels from cfg->ata_*, opens the images and registers
 * the PIIX3 IDE function (01.1). On a user error (missing image, bad
 * geometry) prints one message naming the file and returns -1. */
int ata_init(struct machine *m);

/* ---- shared with iodev/atapi.c ---- */

/* status register (ATA/ATAPI-6 7.15.6) */
enum { ST_ERR = 0x01, ST_DRQ = 0x08, ST_DSC = 0x10, ST_DF = 0x20, ST_DRDY = 0x40, ST_BSY = 0x80 };
/* error register */
enum { ER_ABRT = 0x04, ER_IDNF = 0x10, ER_UNC = 0x40 };

#define ATA_BUF_SIZE (128u * 1024)

/* XF_PIO_ONE: a single 512-byte data-in block (IDENTIFY) */
enum xfer { XF_NONE = 0, XF_PIO_IN, XF_PIO_OUT, XF_PACKET, XF_DMA_IN, XF_DMA_OUT, XF_PIO_ONE };

struct ata_dev {
    enum ata_type type;
    struct image *img;
    char serial[21], model[41];
    /* disks */
    uint64_t sectors;
    uint16_t cyls, heads, spt;          /* default geometry (IDENTIFY 1/3/6) */
    struct {
        /* each device latches every task-file write (ATA/ATAPI-6 5.2);
         * reads come from the selected one. hob_* hold the previous
         * value for 48-bit commands (HOB in the device control register) */
        uint8_t feature, nsect, lbal, lbam, lbah;
        uint8_t hob_feature, hob_nsect, hob_lbal, hob_lbam, hob_lbah;
        uint8_t status, error;
        uint16_t cur_cyls, cur_heads, cur_spt; /* INITIALIZE DEVICE PARAMETERS */
        uint8_t mult;                   /* SET MULTIPLE MODE (0 = off) */
        uint8_t xfer_mode;              /* SET FEATURES 03h value */
        bool wcache;
        uint8_t power;                  /* CHECK POWER MODE value */
        /* ATAPI */
        bool media;                     /* medium loaded */
        bool locked;                    /* PREVENT MEDIUM REMOVAL */
        bool unit_attention;            /* medium changed since last command */
        uint8_t media_event;            /* GESN media event code to report */
        uint8_t sense_key, asc, ascq;
    } st;
    char *path;                         /* CD-ROM image, for reloading */
};

struct ata_chan {
    struct machine *m;
    int idx;
    uint16_t base, ctl;
    int irq;
    bool enabled;
    struct ata_dev dev[2];
    uint8_t *buf;                       /* ATA_BUF_SIZE */
    struct {
        uint8_t select, devctl, cmd;
        bool intrq;
        /* the transfer in progress */
        enum xfer xfer;
        uint32_t pos, end;              /* position in buf, end of the DRQ block */
        uint64_t lba;                   /* next sector (disks) */
        uint32_t left;                  /* sectors left (disks) */
        uint16_t block;                 /* sectors per DRQ block */
        bool lba48;
        /* ATAPI */
        uint8_t packet[12];
        uint64_t src_off;               /* image byte offset of the next chunk */
        uint32_t src_left;              /* bytes left to transfer */
        bool src_image;                 /* chunks come from the image */
        uint32_t byte_limit;
        /* bus master (PIIX3 BMIDE) */
        uint8_t bm_cmd, bm_status;
        uint32_t bm_prd;
        uint32_t bm_cur, bm_addr, bm_left; /* PRD walk */
        bool bm_last;                   /* the current entry has EOT */
        bool dma_waiting;               /* DMA command waits for the start bit */
    } st;
};

static inline struct ata_dev *ata_cur(struct ata_chan *c) { return &c->dev[(c->st.select >> 4) & 1]; }

void ata_raise_irq(struct ata_chan *c);
/* Reports a transfer of the selected device to the display's status line. */
void ata_activity(struct ata_chan *c, bool write);
/* Bus-master transfer of len bytes between buf and the PRD table's
 * memory; returns the bytes moved (less when the table ran out). */
size_t ata_bm_transfer(struct ata_chan *c, uint8_t *buf, size_t len, bool to_memory, bool *prd_end);
/* Ends a bus-master command: status, BM interrupt/active bits, IRQ. */
void ata_bm_finish(struct ata_chan *c, bool error, bool prd_exhausted);

/* iodev/atapi.c */
void atapi_identify(struct ata_chan *c, struct ata_dev *d, uint16_t *id);
void atapi_signature(struct ata_chan *c);
/* PACKET command received (command phase); the packet follows. */
void atapi_packet_start(struct ata_chan *c);
/* All 12 packet bytes written: execute the packet command. */
void atapi_packet_exec(struct ata_chan *c);
/* The host read the whole DRQ chunk: next chunk or completion. */
void atapi_chunk_done(struct ata_chan *c);
/* Bus master started for a DMA packet command. */
void atapi_dma_run(struct ata_chan *c);
/* Opens the image of a CD-ROM (NULL path: empty drive). -1 on user error. */
int atapi_open(struct ata_dev *d, const struct ata_dev_cfg *cfg);

#endif
