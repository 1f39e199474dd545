/* iodev/floppy.c: Intel 82077AA floppy disk controller in PC/AT mode.
 *
 * Registers (82077AA datasheet, 2.0): 0x3F2 DOR, 0x3F3 TDR, 0x3F4 MSR
 * (read) / DSR (write), 0x3F5 FIFO, 0x3F7 DIR (read) / CCR (write). SRA
 * and SRB (0x3F0/0x3F1) exist only in PS/2 mode and read as all ones.
 * Commands go through the FIFO in three phases (command, execution,
 * result, 5.0). Execution of seeks and data transfers completes on a
 * virtual-time timer, so the interrupt arrives after the command bytes,
 * as on the real controller. Data moves by DMA on channel 2; the non-DMA
 * (PIO) execution mode selected by SPECIFY ND=1 is not emulated and is
 * treated like DMA mode.
 */
#include "iodev/floppy.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gui/display.h"
#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/dma.h"
#include "iodev/image.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"

#define FDC_IRQ 6
#define FDC_DMA 2

/* ST0 (Table 5-11), ST1, ST2, ST3 bits */
enum { ST0_IC_ABN = 0x40, ST0_IC_INV = 0x80, ST0_IC_POLL = 0xC0, ST0_SE = 0x20, ST0_EC = 0x10 };
enum { ST1_MA = 0x01, ST1_NW = 0x02, ST1_ND = 0x04, ST1_OR = 0x10, ST1_DE = 0x20, ST1_EN = 0x80 };
enum { ST2_MD = 0x01, ST2_BC = 0x02, ST2_WC = 0x10, ST2_DD = 0x20 };
enum { ST3_HD = 0x04, ST3_TS = 0x08, ST3_T0 = 0x10, ST3_RDY = 0x20, ST3_WP = 0x40 };
/* MSR */
enum { MSR_RQM = 0x80, MSR_DIO = 0x40, MSR_NDMA = 0x20, MSR_CB = 0x10 };
/* DOR */
enum { DOR_NRESET = 0x04, DOR_DMAGATE = 0x08 };

enum phase { PH_IDLE = 0, PH_CMD, PH_EXEC, PH_RESULT };

struct media {
    uint64_t size;
    uint8_t cyls, heads, spt;
    uint8_t rates;     /* acceptable CCR data rates, bit per rate code */
    int cmos;          /* drive type it implies */
};

/* data rate codes (Table 2-8): 0 500 kbps, 1 300, 2 250, 3 1 Mbps */
static const struct media media_table[] = {
    {1474560, 80, 2, 18, 1u << 0, 4}, /* 1.44 MB */
    {2949120, 80, 2, 36, 1u << 3, 5}, /* 2.88 MB */
    {737280, 80, 2, 9, 1u << 2, 3},   /* 720 KB */
    {1228800, 80, 2, 15, 1u << 0, 2}, /* 1.2 MB */
    {368640, 40, 2, 9, 1u << 1 | 1u << 2, 1}, /* 360 KB (300 kbps in a 1.2 MB drive) */
    {327680, 40, 2, 8, 1u << 1 | 1u << 2, 1}, /* 320 KB */
    {184320, 40, 1, 9, 1u << 1 | 1u << 2, 1}, /* 180 KB */
    {163840, 40, 1, 8, 1u << 1 | 1u << 2, 1}, /* 160 KB */
};

struct fdrive {
    struct image *img;
    const struct media *med; /* NULL: no disk */
    bool present, wp;
    int cmos;
};

struct fdc {
    struct machine *m;
    struct timer *timer;
    struct fdrive drv[2];
    struct {
        uint8_t dor, tdr, rate, dsr;
        bool rate_set;          /* CCR or DSR written since hardware reset */
        enum phase phase;
        uint8_t cmd[10];
        uint8_t cmd_len, cmd_pos;
        uint8_t res[10];
        uint8_t res_len, res_pos;
        uint8_t busy;           /* MSR drive-busy bits (seeking) */
        bool irq;               /* interrupt output (before the DMA gate) */
        uint8_t pending;        /* drives with seek status for SENSE INTERRUPT */
        uint8_t st0[4];
        uint8_t reset_polls;    /* polling statuses left after a reset */
        bool reset_pending;     /* reset completion timer armed */
        uint8_t pcn[4];
        uint8_t target[4];      /* seek destination */
        uint8_t next_sector[4]; /* READ ID rotation */
        bool dskchg[2];
        uint8_t spec1, spec2;   /* SPECIFY bytes */
        uint8_t config;         /* CONFIGURE byte 2: EIS EFIFO POLL FIFOTHR */
        uint8_t pretrk;
        uint8_t perp;
        bool lock;
    } st;
};

static void update_irq(struct fdc *f)
{
    irq_set(f->m, FDC_IRQ, f->st.irq && (f->st.dor & DOR_DMAGATE));
}

static void set_irq(struct fdc *f, bool on)
{
    f->st.irq = on;
    update_irq(f);
}

static int cmd_length(uint8_t c)
{
    switch (c & 0x1F) {
    case 0x03: return 3;  /* SPECIFY */
    case 0x04: return 2;  /* SENSE DRIVE STATUS */
    case 0x05: return 9;  /* WRITE DATA */
    case 0x06: return 9;  /* READ DATA */
    case 0x07: return 2;  /* RECALIBRATE */
    case 0x08: return 1;  /* SENSE INTERRUPT STATUS */
    case 0x0A: return 2;  /* READ ID */
    case 0x0D: return 6;  /* FORMAT TRACK */
    case 0x0E: return 1;  /* DUMPREG */
    case 0x0F: return 3;  /* SEEK */
    case 0x10: return 1;  /* VERSION */
    case 0x12: return 2;  /* PERPENDICULAR MODE */
    case 0x13: return 4;  /* CONFIGURE */
    case 0x14: return 1;  /* LOCK / UNLOCK */
    default: return 0;
    }
}

/* Which opcodes are valid with which high bits (Table 5-1): MT/MFM/SK
 * only where the datasheet has them. */
static bool cmd_valid(uint8_t c)
{
    switch (c & 0x1F) {
    case 0x05: return !(c & 0x20);          /* MT MFM 0 */
    case 0x06: return true;                 /* MT MFM SK */
    case 0x0A: case 0x0D: return !(c & 0xA0); /* 0 MFM 0 */
    case 0x14: return (c & 0x7F) == 0x14;   /* LOCK bit 7 */
    case 0: return false;
    default: return cmd_length(c) && !(c & 0xE0);
    }
}

static void result(struct fdc *f, const uint8_t *bytes, int n, bool irq)
{
    memcpy(f->st.res, bytes, (size_t)n);
    f->st.res_len = (uint8_t)n;
    f->st.res_pos = 0;
    f->st.phase = PH_RESULT;
    if (irq)
        set_irq(f, true);
}

static struct fdrive *drive(struct fdc *f, int d) { return d < 2 && f->drv[d].present ? &f->drv[d] : NULL; }

/* ---- execution phase of READ DATA, WRITE DATA, FORMAT TRACK, READ ID ---- */

static void rw_result(struct fdc *f, uint8_t st0, uint8_t st1, uint8_t st2, uint8_t c, uint8_t h, uint8_t r, uint8_t n)
{
    uint8_t res[7] = {st0, st1, st2, c, h, r, n};
    result(f, res, 7, true);
}

/* Medium readable at the current data rate? Until the guest programs the
 * rate (CCR or DSR) after a hardware reset, the controller behaves as
 * Bochs's, for which Bochs's BIOS is written (it never writes either
 * register): every medium reads at its own rate (docs/DEVICES.md). */
static bool rate_ok(struct fdc *f, const struct fdrive *dr)
{
    if (!dr || !dr->med)
        return false;
    return !f->st.rate_set || ((dr->med->rates >> f->st.rate) & 1);
}

static void exec_rw(struct fdc *f)
{
    const uint8_t *cmd = f->st.cmd;
    bool write = (cmd[0] & 0x1F) == 0x05, mt = cmd[0] & 0x80;
    int d = cmd[1] & 3, hd = (cmd[1] >> 2) & 1;
    uint8_t c = cmd[2], h = cmd[3], r = cmd[4], n = cmd[5], eot = cmd[6];
    uint8_t st0 = (uint8_t)(hd << 2 | d);
    struct fdrive *dr = drive(f, d);
    if (!dr || !dr->med || !rate_ok(f, dr)) {
        /* no index or address marks at this rate: the controller gives up
         * after two revolutions (5.2.1) */
        rw_result(f, st0 | ST0_IC_ABN, ST1_MA, dr && dr->med ? ST2_MD : 0, c, h, r, n);
        return;
    }
    if (write && dr->wp) {
        rw_result(f, st0 | ST0_IC_ABN, ST1_NW, 0, c, h, r, n);
        return;
    }
    /* EIS: implied seek; so too before the guest programs the rate (Bochs's
     * BIOS never seeks before a transfer, and Bochs's controller moves the
     * head to the command's cylinder; see rate_ok) */
    if ((f->st.config & 0x40) || !f->st.rate_set)
        f->st.pcn[d] = c;
    const struct media *md = dr->med;
    uint8_t buf[512];
    display_disk_activity(f->m, 4 + d, write);
    for (;;) {
        /* the sector IDs on the track carry (pcn, head, 1..spt, 2); the
         * command's C/H/R/N must match one of them */
        if (f->st.pcn[d] >= md->cyls || hd >= md->heads) {
            rw_result(f, st0 | ST0_IC_ABN, ST1_MA, ST2_MD, c, h, r, n);
            return;
        }
        if (c != f->st.pcn[d]) {
            rw_result(f, st0 | ST0_IC_ABN, ST1_ND, c == 0xFF ? ST2_BC : ST2_WC, c, h, r, n);
            return;
        }
        if (h != hd || n != 2 || r < 1 || r > md->spt) {
            rw_result(f, st0 | ST0_IC_ABN, ST1_ND, 0, c, h, r, n);
            return;
        }
        uint64_t off = (((uint64_t)c * md->heads + hd) * md->spt + (r - 1u)) * 512u;
        size_t moved;
        if (write) {
            moved = dma_transfer(f->m, FDC_DMA, buf, 512, false);
            if (moved < 512 && !dma_terminal_count(f->m, FDC_DMA)) {
                rw_result(f, st0 | ST0_IC_ABN, ST1_OR, 0, c, h, r, n);
                return;
            }
            memset(buf + moved, 0, 512 - moved);
            if (image_write(dr->img, off, buf, 512) < 0) {
                rw_result(f, st0 | ST0_IC_ABN, ST1_DE, ST2_DD, c, h, r, n);
                return;
            }
        } else {
            if (image_read(dr->img, off, buf, 512) < 0) {
                rw_result(f, st0 | ST0_IC_ABN, ST1_DE, ST2_DD, c, h, r, n);
                return;
            }
            moved = dma_transfer(f->m, FDC_DMA, buf, 512, true);
            if (moved < 512 && !dma_terminal_count(f->m, FDC_DMA)) {
                rw_result(f, st0 | ST0_IC_ABN, ST1_OR, 0, c, h, r, n);
                return;
            }
        }
        bool tc = dma_terminal_count(f->m, FDC_DMA);
        /* the next sector (Table 5-2: C H R N after the command) */
        bool end_of_track = r == eot;
        if (!end_of_track) {
            r++;
        } else if (mt && hd == 0) {
            hd = 1, h = (uint8_t)(h ^ 1), r = 1;
            st0 = (uint8_t)(1 << 2 | d);
            end_of_track = false;
        } else {
            if (mt)
                h = (uint8_t)(h ^ 1);
            c++, r = 1;
        }
        if (tc) {
            rw_result(f, st0, 0, 0, c, h, r, n);
            return;
        }
        if (end_of_track) {
            /* no terminal count by the last sector: end of cylinder */
            rw_result(f, st0 | ST0_IC_ABN, ST1_EN, 0, c, h, r, n);
            return;
        }
    }
}

static void exec_format(struct fdc *f)
{
    const uint8_t *cmd = f->st.cmd;
    int d = cmd[1] & 3, hd = (cmd[1] >> 2) & 1;
    uint8_t n = cmd[2], sc = cmd[3], fill = cmd[5];
    uint8_t st0 = (uint8_t)(hd << 2 | d);
    struct fdrive *dr = drive(f, d);
    if (!dr || !dr->med || !rate_ok(f, dr)) {
        rw_result(f, st0 | ST0_IC_ABN, ST1_MA, 0, f->st.pcn[d], (uint8_t)hd, 1, n);
        return;
    }
    if (dr->wp) {
        rw_result(f, st0 | ST0_IC_ABN, ST1_NW, 0, f->st.pcn[d], (uint8_t)hd, 1, n);
        return;
    }
    const struct media *md = dr->med;
    uint8_t id[4] = {0}, buf[512];
    display_disk_activity(f->m, 4 + d, true);
    memset(buf, fill, sizeof buf);
    /* only the standard layout of the medium can be written: 512-byte
     * sectors, at most spt of them, on an existing track */
    if (n != 2 || sc > md->spt || f->st.pcn[d] >= md->cyls || hd >= md->heads) {
        rw_result(f, st0 | ST0_IC_ABN, ST1_ND, 0, f->st.pcn[d], (uint8_t)hd, 1, n);
        return;
    }
    for (int i = 0; i < sc; i++) {
        if (dma_transfer(f->m, FDC_DMA, id, 4, false) < 4) {
            rw_result(f, st0 | ST0_IC_ABN, ST1_OR, 0, id[0], id[1], id[2], id[3]);
            return;
        }
        if (id[2] >= 1 && id[2] <= md->spt) {
            uint64_t off = (((uint64_t)f->st.pcn[d] * md->heads + hd) * md->spt + (id[2] - 1u)) * 512u;
            if (image_write(dr->img, off, buf, 512) < 0) {
                rw_result(f, st0 | ST0_IC_ABN, ST1_DE, 0, id[0], id[1], id[2], id[3]);
                return;
            }
        }
    }
    rw_result(f, st0, 0, 0, id[0], id[1], id[2], id[3]);
}

static void exec_read_id(struct fdc *f)
{
    int d = f->st.cmd[1] & 3, hd = (f->st.cmd[1] >> 2) & 1;
    uint8_t st0 = (uint8_t)(hd << 2 | d);
    struct fdrive *dr = drive(f, d);
    if (!dr || !dr->med || !rate_ok(f, dr) || hd >= dr->med->heads || f->st.pcn[d] >= dr->med->cyls) {
        rw_result(f, st0 | ST0_IC_ABN, ST1_MA, 0, f->st.pcn[d], (uint8_t)hd, 1, 2);
        return;
    }
    /* the first ID field to pass under the head */
    uint8_t r = (uint8_t)(f->st.next_sector[d] % dr->med->spt + 1);
    f->st.next_sector[d] = r;
    rw_result(f, st0, 0, 0, f->st.pcn[d], (uint8_t)hd, r, 2);
}

/* ---- seeks and reset ---- */

static void finish_seek(struct fdc *f, int d)
{
    bool recal = (f->st.cmd[0] & 0x1F) == 0x07;
    int hd = (f->st.cmd[1] >> 2) & 1;
    struct fdrive *dr = drive(f, d);
    uint8_t st0 = (uint8_t)(ST0_SE | d | (recal ? 0 : hd << 2));
    if (!dr) {
        /* no track 0 signal after 79 step pulses: equipment check */
        st0 |= ST0_IC_ABN | ST0_EC;
    } else {
        f->st.pcn[d] = f->st.target[d];
        /* a step pulse with a disk in the drive resets disk change */
        if (dr->med && d < 2)
            f->st.dskchg[d] = false;
    }
    f->st.st0[d] = st0;
    f->st.pending |= (uint8_t)(1u << d);
    f->st.busy &= (uint8_t)~(1u << d);
    set_irq(f, true);
}

static void timer_fired(void *opaque)
{
    struct fdc *f = opaque;
    if (f->st.reset_pending) {
        f->st.reset_pending = false;
        /* 82077AA 5.3.1: four polling statuses after a reset, unless
         * polling is disabled by CONFIGURE */
        if (!(f->st.config & 0x10)) {
            f->st.reset_polls = 4;
            set_irq(f, true);
        }
        return;
    }
    if (f->st.busy) {
        for (int d = 0; d < 4; d++)
            if (f->st.busy & (1u << d))
                finish_seek(f, d);
        return;
    }
    if (f->st.phase != PH_EXEC)
        return;
    switch (f->st.cmd[0] & 0x1F) {
    case 0x05: case 0x06:
        exec_rw(f);
        break;
    case 0x0D:
        exec_format(f);
        break;
    case 0x0A:
        exec_read_id(f);
        break;
    }
}

static void controller_reset(struct fdc *f)
{
    f->st.phase = PH_IDLE;
    f->st.cmd_pos = f->st.cmd_len = 0;
    f->st.res_pos = f->st.res_len = 0;
    f->st.pending = 0;
    f->st.busy = 0;
    f->st.reset_polls = 0;
    f->st.reset_pending = false;
    f->st.perp &= 0x80;
    if (!f->st.lock) {
        f->st.config = 0x20; /* EIS=0, FIFO disabled, polling on, threshold 1 */
        f->st.pretrk = 0;
    }
    timer_cancel(f->timer);
    set_irq(f, false);
}

/* ---- commands ---- */

static void execute(struct fdc *f)
{
    uint8_t *cmd = f->st.cmd;
    int d = cmd[1] & 3;
    uint8_t res[10];
    switch (cmd[0] & 0x1F) {
    case 0x03: /* SPECIFY */
        f->st.spec1 = cmd[1];
        f->st.spec2 = cmd[2];
        f->st.phase = PH_IDLE;
        break;
    case 0x04: { /* SENSE DRIVE STATUS */
        struct fdrive *dr = drive(f, d);
        uint8_t st3 = (uint8_t)(cmd[1] & 7) | ST3_RDY | ST3_TS;
        if (dr && f->st.pcn[d] == 0)
            st3 |= ST3_T0;
        if (dr && (dr->wp || !dr->med))
            st3 |= ST3_WP;
        res[0] = st3;
        result(f, res, 1, false);
        break;
    }
    case 0x07: /* RECALIBRATE */
    case 0x0F: /* SEEK */
        f->st.target[d] = (cmd[0] & 0x1F) == 0x07 ? 0 : cmd[2];
        f->st.busy |= (uint8_t)(1u << d);
        f->st.phase = PH_IDLE;
        /* step rate from SPECIFY is not modelled: a fixed short delay */
        timer_arm(f->timer, 100000 + 2000u * (uint64_t)abs((int)f->st.target[d] - (int)f->st.pcn[d]));
        break;
    case 0x08: /* SENSE INTERRUPT STATUS */
        if (f->st.reset_polls) {
            int drv = 4 - f->st.reset_polls--;
            res[0] = (uint8_t)(ST0_IC_POLL | drv);
            res[1] = f->st.pcn[drv];
            if (!f->st.reset_polls && !f->st.pending)
                set_irq(f, false);
            result(f, res, 2, false);
        } else if (f->st.pending) {
            int drv = 0;
            while (!(f->st.pending & (1u << drv)))
                drv++;
            f->st.pending &= (uint8_t)~(1u << drv);
            res[0] = f->st.st0[drv];
            res[1] = f->st.pcn[drv];
            if (!f->st.pending)
                set_irq(f, false);
            result(f, res, 2, false);
        } else {
            res[0] = ST0_IC_INV;
            result(f, res, 1, false);
        }
        break;
    case 0x05: case 0x06: case 0x0A: case 0x0D:
        f->st.phase = PH_EXEC;
        timer_arm(f->timer, 200000);
        break;
    case 0x0E: /* DUMPREG */
        res[0] = f->st.pcn[0], res[1] = f->st.pcn[1], res[2] = f->st.pcn[2], res[3] = f->st.pcn[3];
        res[4] = f->st.spec1, res[5] = f->st.spec2;
        res[6] = f->st.cmd[6]; /* SC/EOT of the last data command */
        res[7] = (uint8_t)((f->st.lock ? 0x80 : 0) | (f->st.perp & 0x7F));
        res[8] = f->st.config;
        res[9] = f->st.pretrk;
        result(f, res, 10, false);
        break;
    case 0x10: /* VERSION: 82077AA */
        res[0] = 0x90;
        result(f, res, 1, false);
        break;
    case 0x12: /* PERPENDICULAR MODE: OW enables changing D3-D0 */
        if (cmd[1] & 0x80)
            f->st.perp = (uint8_t)((f->st.perp & 0x03) | (cmd[1] & 0x3C));
        f->st.perp = (uint8_t)((f->st.perp & ~0x03) | (cmd[1] & 0x03));
        f->st.phase = PH_IDLE;
        break;
    case 0x13: /* CONFIGURE */
        f->st.config = cmd[2];
        f->st.pretrk = cmd[3];
        f->st.phase = PH_IDLE;
        break;
    case 0x14: /* LOCK */
        f->st.lock = cmd[0] & 0x80;
        res[0] = (uint8_t)(f->st.lock ? 0x10 : 0);
        result(f, res, 1, false);
        break;
    }
}

static void fifo_write(struct fdc *f, uint8_t v)
{
    if (!(f->st.dor & DOR_NRESET))
        return;
    if (f->st.phase == PH_IDLE) {
        if (!cmd_valid(v)) {
            uint8_t res = ST0_IC_INV;
            f->st.cmd[0] = v;
            result(f, &res, 1, false);
            return;
        }
        /* a new command (other than SENSE INTERRUPT) clears a pending
         * result interrupt */
        if ((v & 0x1F) != 0x08 && !f->st.pending && !f->st.reset_polls)
            set_irq(f, false);
        f->st.cmd[0] = v;
        f->st.cmd_len = (uint8_t)cmd_length(v);
        f->st.cmd_pos = 1;
        f->st.phase = PH_CMD;
    } else if (f->st.phase == PH_CMD) {
        f->st.cmd[f->st.cmd_pos++] = v;
    } else {
        log_debug(f->m, "fdc", "FIFO write %02x outside the command phase ignored", v);
        return;
    }
    if (f->st.cmd_pos >= f->st.cmd_len)
        execute(f);
}

static uint8_t fifo_read(struct fdc *f)
{
    if (f->st.phase != PH_RESULT)
        return 0xFF;
    uint8_t v = f->st.res[f->st.res_pos++];
    /* reading the result clears the interrupt of a data command */
    if (f->st.res_pos == 1 && !f->st.pending && !f->st.reset_polls)
        set_irq(f, false);
    if (f->st.res_pos >= f->st.res_len)
        f->st.phase = PH_IDLE;
    return v;
}

static uint8_t msr(struct fdc *f)
{
    if (!(f->st.dor & DOR_NRESET))
        return 0;
    switch (f->st.phase) {
    case PH_IDLE: return (uint8_t)(MSR_RQM | f->st.busy);
    case PH_CMD: return MSR_RQM | MSR_CB;
    case PH_EXEC: return MSR_CB;
    case PH_RESULT: return MSR_RQM | MSR_DIO | MSR_CB;
    }
    return 0;
}

static void start_reset(struct fdc *f)
{
    controller_reset(f);
    f->st.reset_pending = true;
    timer_arm(f->timer, 10000);
}

static uint32_t fdc_in(void *opaque, uint16_t port, int size)
{
    struct fdc *f = opaque;
    (void)size;
    switch (port & 7) {
    case 2: return f->st.dor;
    case 3: return f->st.tdr;
    case 4: return msr(f);
    case 5: return fifo_read(f);
    case 7: {
        int d = f->st.dor & 3;
        return d < 2 && f->drv[d].present && f->st.dskchg[d] ? 0x80 : 0x00;
    }
    default: return 0xFF; /* SRA/SRB: PS/2 mode only */
    }
}

static void fdc_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct fdc *f = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port & 7) {
    case 2: {
        uint8_t old = f->st.dor;
        f->st.dor = v;
        if (!(v & DOR_NRESET))
            controller_reset(f);
        else if (!(old & DOR_NRESET))
            start_reset(f);
        update_irq(f);
        break;
    }
    case 3:
        f->st.tdr = v & 3;
        break;
    case 4: /* DSR */
        f->st.dsr = v & 0x7F;
        f->st.rate = v & 3;
        f->st.rate_set = true;
        if (v & 0x80)
            start_reset(f);
        break;
    case 5:
        fifo_write(f, v);
        break;
    case 7: /* CCR */
        f->st.rate = v & 3;
        f->st.rate_set = true;
        break;
    }
}

static const struct io_ops fdc_io = {.in = fdc_in, .out = fdc_out, .sizes = 1};

static void fdc_reset(void *opaque)
{
    struct fdc *f = opaque;
    memset(&f->st, 0, sizeof f->st);
    f->st.lock = false;
    /* the data rate survives a software reset (DOR bit 2, DSR bit 7) and
     * returns to 250 kbps only on a hardware reset, as in Bochs */
    f->st.rate = 2;
    f->st.rate_set = false;
    controller_reset(f);
    f->st.dor = DOR_NRESET | DOR_DMAGATE;
    for (int d = 0; d < 2; d++)
        f->st.dskchg[d] = true; /* no step pulse since power-on */
}

static void fdc_save(void *opaque, struct state_writer *w)
{
    struct fdc *f = opaque;
    state_put(w, &f->st, sizeof f->st);
    state_put_u64(w, timer_armed(f->timer) ? timer_deadline(f->timer) : UINT64_MAX);
}

static int fdc_load(void *opaque, struct state_reader *r)
{
    struct fdc *f = opaque;
    if (state_get(r, &f->st, sizeof f->st) < 0)
        return -1;
    uint64_t dl = state_get_u64(r);
    if (r->error)
        return -1;
    if (dl != UINT64_MAX)
        timer_arm_at(f->timer, dl);
    else
        timer_cancel(f->timer);
    update_irq(f);
    return 0;
}

static void fdc_destroy(void *opaque)
{
    struct fdc *f = opaque;
    for (int d = 0; d < 2; d++)
        image_close(f->drv[d].img);
    timer_free(f->timer);
    free(f);
}

static void fdc_info(void *opaque, char *buf, size_t size)
{
    struct fdc *f = opaque;
    snprintf(buf, size, "DOR %02x MSR %02x phase %d cmd %02x pcn %u/%u rate %u irq %d\n", f->st.dor, msr(f),
             (int)f->st.phase, f->st.cmd[0], f->st.pcn[0], f->st.pcn[1], f->st.rate, f->st.irq);
}

static const struct device_ops fdc_dev_ops = {
    .name = "floppy", .reset = fdc_reset, .save = fdc_save, .load = fdc_load,
    .destroy = fdc_destroy, .info = fdc_info,
};

static const int type_cmos[] = {
    [FLOPPY_AUTO] = 0, [FLOPPY_360K] = 1, [FLOPPY_720K] = 3, [FLOPPY_1_2M] = 2,
    [FLOPPY_1_44M] = 4, [FLOPPY_2_88M] = 5, [FLOPPY_160K] = 1, [FLOPPY_180K] = 1, [FLOPPY_320K] = 1,
};

static int open_drive(struct fdc *f, int d, const struct floppy_cfg *c)
{
    struct fdrive *dr = &f->drv[d];
    unsigned t = (unsigned)c->type;
    dr->cmos = t < sizeof type_cmos / sizeof type_cmos[0] ? type_cmos[t] : 0;
    dr->present = c->path || dr->cmos;
    if (!c->path || !c->inserted)
        return 0;
    dr->img = image_open(c->path, IMG_FLAT, c->write_protected);
    if (!dr->img)
        return -1;
    dr->wp = c->write_protected;
    for (size_t i = 0; i < sizeof media_table / sizeof media_table[0]; i++)
        if (media_table[i].size == dr->img->size)
            dr->med = &media_table[i];
    if (!dr->med) {
        fprintf(stderr,
                "emu: %s: %llu bytes is no floppy format emu knows (160K, 180K, 320K, 360K, 720K, "
                "1.2M, 1.44M, 2.88M)\n",
                c->path, (unsigned long long)dr->img->size);
        return -1;
    }
    if (!dr->cmos)
        dr->cmos = dr->med->cmos;
    return 0;
}

int floppy_init(struct machine *m)
{
    struct fdc *f = calloc(1, sizeof *f);
    if (!f) {
        log_msg(m, LOG_PANIC, "fdc", "out of memory");
        abort();
    }
    f->m = m;
    for (int d = 0; d < 2; d++)
        if (open_drive(f, d, &m->cfg->floppy[d]) < 0) {
            for (int e = 0; e <= d; e++)
                image_close(f->drv[e].img);
            free(f);
            return -1;
        }
    f->timer = timer_new(m, "fdc", timer_fired, f);
    fdc_reset(f);
    io_register(&m->io, 0x3F0, 6, &fdc_io, f);
    io_register(&m->io, 0x3F7, 1, &fdc_io, f);
    machine_add_device(m, &fdc_dev_ops, f);
    return 0;
}

int floppy_cmos_type(struct machine *m, int drv)
{
    struct fdc *f = machine_find_device(m, "floppy");
    if (!f || drv < 0 || drv > 1 || !f->drv[drv].present)
        return 0;
    return f->drv[drv].cmos ? f->drv[drv].cmos : 4;
}
