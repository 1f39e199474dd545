/* iodev/cmos.c: the Motorola MC146818A real-time clock with its CMOS RAM
 * (index port 0x70, data 0x71; the PIIX4's upper 128 bytes at 0x72/0x73).
 *
 * References are to the MC146818A datasheet: "Register A" ... "Register
 * D", "Update Cycle", "Interrupts". The clock registers (0-9) hold the
 * time in the format register B selects (BCD or binary, 12 or 24 hours);
 * once a second, while the divider runs (register A DV = 010) and SET is
 * clear, an update cycle advances them by one second, sets UF and checks
 * the alarm. UIP reads 1 from 244 us before the update cycle through its
 * 1984 us. The periodic flag is computed from virtual time when no
 * interrupt needs it, so an idle guest costs one event a second. IRQF
 * drives IRQ 8 high until register C is read.
 *
 * Time zero of the clock is clock: time0 (seconds since 1970, shown as
 * UTC) or the host's time at start-up (local time with time0=local).
 * The BIOS fields at 0x10-0x3D and 0x5B-0x5D follow Bochs's layout.
 */
#include "iodev/cmos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"

enum {
    REG_SEC = 0, REG_SEC_ALARM, REG_MIN, REG_MIN_ALARM, REG_HOUR, REG_HOUR_ALARM,
    REG_WDAY, REG_MDAY, REG_MONTH, REG_YEAR, REG_A, REG_B, REG_C, REG_D,
    REG_CENTURY = 0x32,
};
enum { B_SET = 0x80, B_PIE = 0x40, B_AIE = 0x20, B_UIE = 0x10, B_DM = 0x04, B_24H = 0x02 };
enum { C_IRQF = 0x80, C_PF = 0x40, C_AF = 0x20, C_UF = 0x10 };

#define NS_PER_S 1000000000ull
#define UIP_NS (244000ull + 1984000ull)

struct cmos {
    struct machine *m;
    uint8_t ram[256];
    uint8_t index;        /* port 0x70 bits 6-0 */
    uint8_t index_hi;     /* port 0x72 */
    uint8_t nmi_masked;
    uint8_t irq_level;
    uint64_t sec_phase;   /* virtual ns of an update boundary (mod 1 s) */
    uint64_t per_phase;   /* virtual ns the periodic divider started */
    uint64_t pf_seen;     /* virtual ns up to which PF has been accounted */
    struct timer *update_timer;
    struct timer *periodic_timer;
};

static bool divider_running(const struct cmos *c) { return (c->ram[REG_A] & 0x70) == 0x20; }

static uint8_t enc(const struct cmos *c, int v)
{
    if (c->ram[REG_B] & B_DM)
        return (uint8_t)v;
    return (uint8_t)((v / 10) << 4 | (v % 10));
}

static int dec(const struct cmos *c, uint8_t v)
{
    if (c->ram[REG_B] & B_DM)
        return v;
    return (v >> 4) * 10 + (v & 15);
}

/* Hour register: 0-23, or 1-12 with bit 7 = PM in 12-hour mode. */
static uint8_t enc_hour(const struct cmos *c, int h)
{
    if (c->ram[REG_B] & B_24H)
        return enc(c, h);
    int h12 = h % 12 ? h % 12 : 12;
    return (uint8_t)(enc(c, h12) | (h >= 12 ? 0x80 : 0));
}

static int dec_hour(const struct cmos *c, uint8_t v)
{
    if (c->ram[REG_B] & B_24H)
        return dec(c, v);
    int h = dec(c, v & 0x7F) % 12;
    return h + (v & 0x80 ? 12 : 0);
}

static void set_time(struct cmos *c, int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    c->ram[REG_SEC] = enc(c, tm.tm_sec);
    c->ram[REG_MIN] = enc(c, tm.tm_min);
    c->ram[REG_HOUR] = enc_hour(c, tm.tm_hour);
    c->ram[REG_WDAY] = enc(c, tm.tm_wday + 1);
    c->ram[REG_MDAY] = enc(c, tm.tm_mday);
    c->ram[REG_MONTH] = enc(c, tm.tm_mon + 1);
    c->ram[REG_YEAR] = enc(c, (tm.tm_year + 1900) % 100);
    c->ram[REG_CENTURY] = enc(c, (tm.tm_year + 1900) / 100);
}

static int64_t get_time(const struct cmos *c)
{
    struct tm tm = {0};
    tm.tm_sec = dec(c, c->ram[REG_SEC]);
    tm.tm_min = dec(c, c->ram[REG_MIN]);
    tm.tm_hour = dec_hour(c, c->ram[REG_HOUR]);
    tm.tm_mday = dec(c, c->ram[REG_MDAY]);
    tm.tm_mon = dec(c, c->ram[REG_MONTH]) - 1;
    tm.tm_year = dec(c, c->ram[REG_CENTURY]) * 100 + dec(c, c->ram[REG_YEAR]) - 1900;
    return (int64_t)timegm(&tm);
}

static void update_irq(struct cmos *c)
{
    uint8_t b = c->ram[REG_B], f = c->ram[REG_C];
    bool irqf = ((f & C_PF) && (b & B_PIE)) || ((f & C_AF) && (b & B_AIE)) || ((f & C_UF) && (b & B_UIE));
    if (irqf)
        c->ram[REG_C] |= C_IRQF;
    if (irqf != c->irq_level) {
        c->irq_level = irqf;
        irq_set(c->m, 8, irqf);
    }
}

/* Periodic interrupt rate (register A RS3-0): period in ns, 0 = off. */
static uint64_t periodic_ns(const struct cmos *c)
{
    int rs = c->ram[REG_A] & 15;
    if (!rs || !divider_running(c))
        return 0;
    int shift = rs <= 2 ? rs + 6 : rs - 1; /* 1: 256 Hz, 2: 128 Hz, 3: 8192 Hz ... 15: 2 Hz */
    return ((uint64_t)NS_PER_S << shift) / 32768;
}

static uint64_t next_boundary(uint64_t phase, uint64_t period, uint64_t now)
{
    if (now < phase)
        return phase;
    return phase + ((now - phase) / period + 1) * period;
}

/* PF: has a periodic boundary passed since pf_seen? */
static void account_pf(struct cmos *c, uint64_t now)
{
    uint64_t p = periodic_ns(c);
    if (p && now >= c->per_phase &&
        (c->pf_seen < c->per_phase || (now - c->per_phase) / p > (c->pf_seen - c->per_phase) / p))
        c->ram[REG_C] |= C_PF;
    c->pf_seen = now;
}

static void schedule(struct cmos *c)
{
    uint64_t now = machine_now_ns(c->m);
    if (divider_running(c) && !(c->ram[REG_B] & B_SET))
        timer_arm_at(c->update_timer, next_boundary(c->sec_phase, NS_PER_S, now));
    else
        timer_cancel(c->update_timer);
    uint64_t p = periodic_ns(c);
    if (p && (c->ram[REG_B] & B_PIE))
        timer_arm_at(c->periodic_timer, next_boundary(c->per_phase, p, now));
    else
        timer_cancel(c->periodic_timer);
}

static bool alarm_match(const struct cmos *c, int reg, int alarm)
{
    uint8_t a = c->ram[alarm];
    return (a & 0xC0) == 0xC0 || a == c->ram[reg]; /* 11xxxxxx: "don't care" */
}

/* End of an update cycle: one second more, UF, alarm check. */
static void update_fire(void *opaque)
{
    struct cmos *c = opaque;
    set_time(c, get_time(c) + 1);
    c->ram[REG_C] |= C_UF;
    if (alarm_match(c, REG_SEC, REG_SEC_ALARM) && alarm_match(c, REG_MIN, REG_MIN_ALARM) &&
        alarm_match(c, REG_HOUR, REG_HOUR_ALARM))
        c->ram[REG_C] |= C_AF;
    update_irq(c);
    schedule(c);
}

static void periodic_fire(void *opaque)
{
    struct cmos *c = opaque;
    account_pf(c, machine_now_ns(c->m));
    update_irq(c);
    schedule(c);
}

/* Halt check (timer_set_wake_check): an update cycle or periodic tick can
 * only wake a halted CPU through IRQ 8, which needs its enable bit in
 * register B and a path through the interrupt controllers. */
static bool update_may_wake(void *opaque)
{
    struct cmos *c = opaque;
    return (c->ram[REG_B] & (B_UIE | B_AIE)) && irq_can_reach_cpu(c->m, 8);
}

static bool periodic_may_wake(void *opaque)
{
    struct cmos *c = opaque;
    return (c->ram[REG_B] & B_PIE) && irq_can_reach_cpu(c->m, 8);
}

static uint8_t reg_read(struct cmos *c, int idx)
{
    uint64_t now = machine_now_ns(c->m);
    switch (idx) {
    case REG_A: {
        uint8_t a = c->ram[REG_A] & 0x7F;
        if (divider_running(c) && !(c->ram[REG_B] & B_SET) &&
            next_boundary(c->sec_phase, NS_PER_S, now) - now <= UIP_NS)
            a |= 0x80; /* update in progress */
        return a;
    }
    case REG_C: {
        account_pf(c, now);
        uint8_t v = c->ram[REG_C];
        c->ram[REG_C] = 0; /* read clears all flags */
        update_irq(c);
        return v;
    }
    case REG_D:
        return 0x80; /* VRT: the battery is fine */
    default:
        return c->ram[idx];
    }
}

static void reg_write(struct cmos *c, int idx, uint8_t v)
{
    uint64_t now = machine_now_ns(c->m);
    switch (idx) {
    case REG_A: {
        bool was = divider_running(c);
        account_pf(c, now);
        c->ram[REG_A] = v & 0x7F;
        if (!was && divider_running(c)) {
            /* out of divider reset: the first update is 500 ms later */
            c->sec_phase = now % NS_PER_S + NS_PER_S / 2;
            c->per_phase = now;
            c->pf_seen = now;
        }
        schedule(c);
        break;
    }
    case REG_B:
        if (v & B_SET)
            v &= (uint8_t)~B_UIE; /* setting SET clears UIE */
        c->ram[REG_B] = v;
        update_irq(c);
        schedule(c);
        break;
    case REG_C:
    case REG_D:
        break; /* read-only */
    default:
        c->ram[idx] = v;
        break;
    }
}

static uint32_t cmos_in(void *opaque, uint16_t port, int size)
{
    struct cmos *c = opaque;
    (void)size;
    switch (port) {
    case 0x71: return c->index < 14 ? reg_read(c, c->index) : c->ram[c->index];
    case 0x73: return c->ram[0x80 | c->index_hi];
    default: return 0xFF; /* the index registers are write-only */
    }
}

static void cmos_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct cmos *c = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port) {
    case 0x70:
        c->index = v & 0x7F;
        c->nmi_masked = v >> 7;
        break;
    case 0x71:
        if (c->index < 14)
            reg_write(c, c->index, v);
        else
            c->ram[c->index] = v;
        break;
    case 0x72: c->index_hi = v & 0x7F; break;
    case 0x73: c->ram[0x80 | c->index_hi] = v; break;
    default: break;
    }
}

static void fix_checksum(struct cmos *c)
{
    unsigned sum = 0;
    for (int i = 0x10; i <= 0x2D; i++)
        sum += c->ram[i];
    c->ram[0x2E] = (uint8_t)(sum >> 8);
    c->ram[0x2F] = (uint8_t)sum;
}

uint8_t cmos_get(struct cmos *c, int index) { return c->ram[index & 0xFF]; }

void cmos_set(struct cmos *c, int index, uint8_t val)
{
    c->ram[index & 0xFF] = val;
    if ((index & 0xFF) >= 0x10 && (index & 0xFF) <= 0x2D)
        fix_checksum(c);
}

bool cmos_nmi_masked(struct cmos *c) { return c->nmi_masked; }

static int floppy_code(const struct floppy_cfg *f)
{
    enum floppy_type t = f->type;
    if (t == FLOPPY_AUTO) {
        struct stat st;
        if (!f->path)
            return 0;
        t = FLOPPY_1_44M;
        if (stat(f->path, &st) == 0) {
            switch (st.st_size) {
            case 368640: t = FLOPPY_360K; break;
            case 737280: t = FLOPPY_720K; break;
            case 1228800: t = FLOPPY_1_2M; break;
            case 2949120: t = FLOPPY_2_88M; break;
            default: break;
            }
        }
    }
    switch (t) {
    case FLOPPY_360K: return 1;
    case FLOPPY_1_2M: return 2;
    case FLOPPY_720K: return 3;
    case FLOPPY_1_44M: return 4;
    case FLOPPY_2_88M: return 5;
    default: return 0;
    }
}

static void disk_geometry(const struct ata_dev_cfg *d, uint32_t *cyl, uint32_t *heads, uint32_t *spt)
{
    *cyl = d->cylinders, *heads = d->heads, *spt = d->spt;
    if (*cyl && *heads && *spt)
        return;
    struct stat st;
    uint64_t sectors = d->path && stat(d->path, &st) == 0 ? (uint64_t)st.st_size / 512 : 0;
    *heads = 16, *spt = 63;
    uint64_t c = sectors / (16 * 63);
    *cyl = c > 16383 ? 16383 : c ? (uint32_t)c : 1;
}

static const uint8_t boot_code[] = {[BOOT_NONE] = 0, [BOOT_FLOPPY] = 1, [BOOT_DISK] = 2,
                                    [BOOT_CDROM] = 3, [BOOT_NETWORK] = 4};

/* The BIOS fields (Bochs's layout, read by its BIOS and by SeaBIOS). */
static void fill_config(struct cmos *c)
{
    const struct config *cfg = c->m->cfg;
    uint8_t *r = c->ram;
    /* 0x10: floppy drive types, A in the high nibble */
    int fa = floppy_code(&cfg->floppy[0]), fb = floppy_code(&cfg->floppy[1]);
    r[0x10] = (uint8_t)(fa << 4 | fb);
    /* 0x14: equipment: floppies, FPU, VGA (00), PS/2 mouse */
    int nfl = (fa != 0) + (fb != 0);
    r[0x14] = (uint8_t)((nfl ? 0x01 | (nfl - 1) << 6 : 0) | 0x02 | (cfg->mouse_enabled ? 0x04 : 0));
    /* 0x15-0x18, 0x30-0x31: base 640 KiB, extended KiB above 1 MiB */
    uint64_t kb = cfg->mem_mb * 1024;
    r[0x15] = 0x80, r[0x16] = 0x02;
    uint64_t ext = kb > 1024 ? kb - 1024 : 0;
    if (ext > 0xFFFF)
        ext = 0xFFFF;
    r[0x17] = r[0x30] = (uint8_t)ext;
    r[0x18] = r[0x31] = (uint8_t)(ext >> 8);
    /* 0x34-0x35: 64 KiB units from 16 MiB up to the PCI hole at 3.5 GiB;
     * 0x5B-0x5D: 64 KiB units above 4 GiB */
    uint64_t bytes = cfg->mem_mb << 20, below = bytes < 0xE0000000ull ? bytes : 0xE0000000ull;
    uint64_t mid = below > (16u << 20) ? (below - (16u << 20)) >> 16 : 0;
    if (mid > 0xFFFF)
        mid = 0xFFFF;
    r[0x34] = (uint8_t)mid, r[0x35] = (uint8_t)(mid >> 8);
    uint64_t high = (bytes - below) >> 16;
    r[0x5B] = (uint8_t)high, r[0x5C] = (uint8_t)(high >> 8), r[0x5D] = (uint8_t)(high >> 16);
    /* hard disks 0 and 1: type 0xF with extended type 47 at 0x19/0x1A and
     * the user-defined geometry at 0x1B-0x23 / 0x24-0x2C */
    int nhd = 0;
    uint8_t trans = 0;
    for (int ch = 0; ch < 4 && nhd < 2; ch++) {
        for (int dv = 0; dv < 2 && nhd < 2; dv++) {
            const struct ata_dev_cfg *d = &cfg->ata[ch][dv];
            if (d->type != ATA_DISK)
                continue;
            uint32_t cyl, heads, spt;
            disk_geometry(d, &cyl, &heads, &spt);
            r[0x12] |= (uint8_t)(0xF0 >> (4 * nhd));
            r[0x19 + nhd] = 47;
            uint8_t *g = &r[0x1B + 9 * nhd];
            g[0] = (uint8_t)cyl, g[1] = (uint8_t)(cyl >> 8);
            g[2] = (uint8_t)heads;
            g[3] = 0xFF, g[4] = 0xFF; /* write precompensation: none */
            g[5] = (uint8_t)(0xC0 | (heads > 8 ? 0x08 : 0));
            g[6] = (uint8_t)cyl, g[7] = (uint8_t)(cyl >> 8); /* landing zone */
            g[8] = (uint8_t)spt;
            if (ch == 0) {
                /* 0x39: BIOS translation, two bits per ata0 device */
                static const uint8_t tr[] = {[TRANS_AUTO] = 1, [TRANS_NONE] = 0, [TRANS_LBA] = 1,
                                             [TRANS_LARGE] = 2, [TRANS_RECHS] = 3};
                trans |= (uint8_t)(tr[d->translation] << (2 * dv));
            }
            nhd++;
        }
    }
    r[0x39] = trans;
    /* boot order: 0x3D low nibble first device, high nibble second; 0x38
     * high nibble the third, bit 0 = skip the floppy boot signature check;
     * 0x2D bit 5 (older BIOSes): floppy before hard disk */
    r[0x3D] = (uint8_t)(boot_code[cfg->boot[0]] | boot_code[cfg->boot[1]] << 4);
    r[0x38] = (uint8_t)(boot_code[cfg->boot[2]] << 4 | (cfg->floppy_sig_check ? 0 : 1));
    r[0x2D] = cfg->boot[0] == BOOT_FLOPPY ? 0x20 : 0x00;
    fix_checksum(c);
}

static void cmos_reset(void *opaque)
{
    struct cmos *c = opaque;
    /* Power-on: the RAM keeps its contents on a real board (battery); the
     * emulated one starts from the configuration and the clock from
     * time0 plus the virtual time elapsed. */
    memset(c->ram, 0, sizeof c->ram);
    c->ram[REG_A] = 0x26;  /* 32.768 kHz time base, 1024 Hz periodic rate */
    c->ram[REG_B] = B_24H; /* BCD, 24 hours */
    c->ram[REG_D] = 0x80;
    uint64_t now = machine_now_ns(c->m);
    int64_t t0 = machine_time0(c->m);
    if (c->m->cfg->time0_local) {
        struct tm tm;
        time_t tt = (time_t)t0;
        localtime_r(&tt, &tm);
        t0 += tm.tm_gmtoff;
    }
    set_time(c, t0 + (int64_t)(now / NS_PER_S));
    c->sec_phase = NS_PER_S; /* time0 is a whole second at virtual time 0 */
    c->per_phase = 0;
    c->pf_seen = now;
    c->index = c->index_hi = 0;
    c->nmi_masked = 0;
    if (c->irq_level) {
        c->irq_level = 0;
        irq_set(c->m, 8, 0);
    }
    fill_config(c);
    schedule(c);
}

static const struct io_ops cmos_ops = {.in = cmos_in, .out = cmos_out, .sizes = 1};

static void cmos_save(void *opaque, struct state_writer *w)
{
    struct cmos *c = opaque;
    state_put(w, c->ram, sizeof c->ram);
    uint8_t b[4] = {c->index, c->index_hi, c->nmi_masked, c->irq_level};
    state_put(w, b, sizeof b);
    state_put_u64(w, c->sec_phase);
    state_put_u64(w, c->per_phase);
    state_put_u64(w, c->pf_seen);
}

static int cmos_load(void *opaque, struct state_reader *r)
{
    struct cmos *c = opaque;
    uint8_t ram[256], b[4];
    if (state_get(r, ram, sizeof ram) < 0 || state_get(r, b, sizeof b) < 0)
        return -1;
    uint64_t sp = state_get_u64(r), pp = state_get_u64(r), ps = state_get_u64(r);
    if (r->error)
        return -1;
    memcpy(c->ram, ram, sizeof ram);
    c->index = b[0] & 0x7F, c->index_hi = b[1] & 0x7F, c->nmi_masked = b[2] & 1;
    c->irq_level = b[3] & 1;
    c->sec_phase = sp, c->per_phase = pp, c->pf_seen = ps;
    schedule(c);
    return 0;
}

static void cmos_destroy(void *opaque)
{
    struct cmos *c = opaque;
    timer_free(c->update_timer);
    timer_free(c->periodic_timer);
    free(c);
}

static void cmos_info(void *opaque, char *buf, size_t size)
{
    struct cmos *c = opaque;
    snprintf(buf, size, "%02X%02X-%02X-%02X %02X:%02X:%02X  A %02X B %02X C %02X index %02X%s\n",
             c->ram[REG_CENTURY], c->ram[REG_YEAR], c->ram[REG_MONTH], c->ram[REG_MDAY], c->ram[REG_HOUR],
             c->ram[REG_MIN], c->ram[REG_SEC], c->ram[REG_A], c->ram[REG_B], c->ram[REG_C], c->index,
             c->nmi_masked ? " NMI masked" : "");
}

static const struct device_ops cmos_dev = {
    .name = "cmos",
    .reset = cmos_reset,
    .save = cmos_save,
    .load = cmos_load,
    .destroy = cmos_destroy,
    .info = cmos_info,
};

struct cmos *cmos_init(struct machine *m)
{
    struct cmos *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->m = m;
    c->update_timer = timer_new(m, "rtc-update", update_fire, c);
    c->periodic_timer = timer_new(m, "rtc-periodic", periodic_fire, c);
    if (!c->update_timer || !c->periodic_timer) {
        timer_free(c->update_timer);
        timer_free(c->periodic_timer);
        free(c);
        return NULL;
    }
    timer_set_wake_check(c->update_timer, update_may_wake);
    timer_set_wake_check(c->periodic_timer, periodic_may_wake);
    cmos_reset(c);
    io_register(&m->io, 0x70, 4, &cmos_ops, c);
    machine_add_device(m, &cmos_dev, c);
    return c;
}
