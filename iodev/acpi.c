/* iodev/acpi.c: ACPI power management as in the Intel 82371AB PIIX4
 * function 3 (datasheet section "Power Management Registers (PM I/O
 * space)") and the ACPI specification's fixed hardware (4.8 "ACPI
 * Hardware Features": PM1 event/control blocks, PM timer).
 *
 * PM I/O block (64 bytes at the PM base, 0xB000 until the PCI function
 * sets PMBA):
 *   +0 PM1a_STS  TMR_STS(0) BM_STS(4) GBL_STS(5) PWRBTN_STS(8) RTC_STS(10)
 *                WAK_STS(15); write 1 to clear
 *   +2 PM1a_EN   TMR_EN(0) GBL_EN(5) PWRBTN_EN(8) RTC_EN(10)
 *   +4 PM1a_CNT  SCI_EN(0) BM_RLD(1) GBL_RLS(2) SLP_TYP(12:10) SLP_EN(13)
 *   +8 PM_TMR    24-bit counter at 3.579545 MHz from virtual time
 * Writing SLP_EN with SLP_TYP 000 (PIIX4: soft off, S5) powers the
 * machine off: emu ends with status 0. Other sleep types are logged and
 * ignored (no suspend). The SCI is IRQ 9 (level, active while an enabled
 * status bit is set). The APM control port 0xB2 takes the FADT's
 * ACPI_ENABLE (0xF1) and ACPI_DISABLE (0xF0) values, which set and clear
 * SCI_EN, as the SMI handler of Bochs's and QEMU's BIOSes would.
 * emu has no System Management Mode: when the PM function enables the SMI
 * on APMC writes (DEVACTB bit 25, APMC_EN), command 00h is answered as the
 * SMBASE-relocation handler of those BIOSes answers it, by clearing the
 * APM status port 0xB3 that their SMM set-up polls.
 */
#include "iodev/acpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/irq.h"
#include "iodev/pci.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"

enum { STS_TMR = 1u << 0, STS_GBL = 1u << 5, STS_PWRBTN = 1u << 8, STS_RTC = 1u << 10, STS_WAK = 1u << 15 };
enum { CNT_SCI_EN = 1u << 0, CNT_SLP_EN = 1u << 13 };
#define ACPI_SCI_IRQ 9
#define APM_CNT 0xB2

struct acpi {
    struct machine *m;
    uint16_t base;
    uint16_t sts, en, cnt;
    uint8_t apm_cnt, apm_sts;
    uint8_t sci;
    uint64_t tmr_seen;  /* PM timer bit-23 periods accounted in TMR_STS */
    struct timer *timer;
};

static uint64_t pm_ticks(struct acpi *a)
{
    return (uint64_t)((unsigned __int128)machine_now_ns(a->m) * ACPI_PM_HZ / 1000000000u);
}

/* TMR_STS: set whenever bit 23 of the counter changes. */
static void account_tmr(struct acpi *a)
{
    uint64_t p = pm_ticks(a) >> 23;
    if (p != a->tmr_seen) {
        a->sts |= STS_TMR;
        a->tmr_seen = p;
    }
}

static void update_sci(struct acpi *a)
{
    bool level = (a->sts & a->en & (STS_TMR | STS_GBL | STS_PWRBTN | STS_RTC)) != 0;
    if (level != a->sci) {
        a->sci = level;
        irq_set(a->m, ACPI_SCI_IRQ, level);
    }
    if (a->en & STS_TMR) {
        uint64_t next = (a->tmr_seen + 1) << 23;
        timer_arm_at(a->timer, (uint64_t)(((unsigned __int128)next * 1000000000u + ACPI_PM_HZ - 1) / ACPI_PM_HZ));
    } else {
        timer_cancel(a->timer);
    }
}

static void tmr_fire(void *opaque)
{
    struct acpi *a = opaque;
    account_tmr(a);
    update_sci(a);
}

static void sleep_request(struct acpi *a, uint16_t cnt)
{
    int typ = (cnt >> 10) & 7;
    if (typ == 0) {
        log_info(a->m, "acpi", "power off (S5) requested through PM1a_CNT");
        machine_request_exit(a->m, 0);
    } else {
        log_info(a->m, "acpi", "sleep type %d requested: suspend is not emulated, ignored", typ);
        a->sts |= STS_WAK; /* as if woken at once */
    }
}

static uint32_t acpi_in(void *opaque, uint16_t port, int size)
{
    struct acpi *a = opaque;
    if (port == APM_CNT)
        return a->apm_cnt;
    if (port == APM_CNT + 1)
        return a->apm_sts;
    unsigned off = (uint16_t)(port - a->base);
    uint32_t v;
    switch (off & ~1u) {
    case 0x00:
        account_tmr(a);
        v = a->sts;
        if (size == 4 && off == 0)
            return v | (uint32_t)a->en << 16;
        break;
    case 0x02: v = a->en; break;
    case 0x04: v = a->cnt & ~CNT_SLP_EN; break; /* SLP_EN reads 0 */
    case 0x08: case 0x0A:
        v = (uint32_t)(pm_ticks(a) & 0xFFFFFF);
        if ((off & 3) || size == 1)
            v >>= 8 * (off & 3);
        return v;
    default: return 0;
    }
    if (off & 1)
        v >>= 8;
    return v;
}

static void reg_write16(struct acpi *a, unsigned off, uint16_t v, uint16_t mask)
{
    switch (off) {
    case 0x00:
        account_tmr(a);
        a->sts &= (uint16_t)~(v & mask); /* write 1 to clear */
        break;
    case 0x02:
        a->en = (uint16_t)((a->en & ~mask) | (v & mask));
        a->en &= STS_TMR | STS_GBL | STS_PWRBTN | STS_RTC;
        break;
    case 0x04: {
        uint16_t n = (uint16_t)((a->cnt & ~mask) | (v & mask));
        a->cnt = n & (uint16_t)~CNT_SLP_EN;
        if ((mask & CNT_SLP_EN) && (n & CNT_SLP_EN))
            sleep_request(a, n);
        break;
    }
    default: break;
    }
    update_sci(a);
}

static void acpi_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct acpi *a = opaque;
    if (port == APM_CNT) {
        a->apm_cnt = (uint8_t)val;
        if (a->apm_cnt == 0xF1)
            a->cnt |= CNT_SCI_EN;
        else if (a->apm_cnt == 0xF0)
            a->cnt &= (uint16_t)~CNT_SCI_EN;
        else if (a->apm_cnt == 0x00 && a->m->pci && (pci_config_read(a->m, 1, 3, 0x5B, 1) & 0x02))
            a->apm_sts = 0;
        return;
    }
    if (port == APM_CNT + 1) {
        a->apm_sts = (uint8_t)val;
        return;
    }
    unsigned off = (uint16_t)(port - a->base);
    if (off >= 0x08)
        return; /* the PM timer is read-only */
    if (size == 1) {
        uint16_t sh = (uint16_t)(8 * (off & 1));
        reg_write16(a, off & ~1u, (uint16_t)((val & 0xFF) << sh), (uint16_t)(0xFF << sh));
    } else if (size == 2) {
        reg_write16(a, off, (uint16_t)val, 0xFFFF);
    } else {
        /* a dword write at PM1a_STS covers STS and EN */
        reg_write16(a, off, (uint16_t)val, 0xFFFF);
        if (off == 0)
            reg_write16(a, 2, (uint16_t)(val >> 16), 0xFFFF);
    }
}

static const struct io_ops acpi_ops = {.in = acpi_in, .out = acpi_out, .sizes = 1 | 2 | 4};

void acpi_set_pm_base(struct machine *m, uint16_t base)
{
    struct acpi *a = machine_find_device(m, "acpi");
    if (!a)
        return;
    base &= 0xFFC0;
    if (a->base)
        io_register(&m->io, a->base, 64, NULL, NULL);
    a->base = base;
    if (base)
        io_register(&m->io, base, 64, &acpi_ops, a);
}

static void acpi_reset(void *opaque)
{
    struct acpi *a = opaque;
    a->sts = a->en = a->cnt = 0;
    a->apm_cnt = a->apm_sts = 0;
    a->tmr_seen = pm_ticks(a) >> 23;
    update_sci(a);
}

static void acpi_save(void *opaque, struct state_writer *w)
{
    struct acpi *a = opaque;
    uint16_t r[4] = {a->base, a->sts, a->en, a->cnt};
    state_put(w, r, sizeof r);
    uint8_t b[3] = {a->apm_cnt, a->apm_sts, a->sci};
    state_put(w, b, sizeof b);
    state_put_u64(w, a->tmr_seen);
}

static int acpi_load(void *opaque, struct state_reader *rd)
{
    struct acpi *a = opaque;
    uint16_t r[4];
    uint8_t b[3];
    if (state_get(rd, r, sizeof r) < 0 || state_get(rd, b, sizeof b) < 0)
        return -1;
    uint64_t seen = state_get_u64(rd);
    if (rd->error)
        return -1;
    acpi_set_pm_base(a->m, r[0]);
    a->sts = r[1], a->en = r[2], a->cnt = r[3] & (uint16_t)~CNT_SLP_EN;
    a->apm_cnt = b[0], a->apm_sts = b[1], a->sci = b[2] & 1;
    a->tmr_seen = seen;
    update_sci(a);
    return 0;
}

static void acpi_destroy(void *opaque)
{
    struct acpi *a = opaque;
    timer_free(a->timer);
    free(a);
}

static void acpi_info(void *opaque, char *buf, size_t size)
{
    struct acpi *a = opaque;
    snprintf(buf, size, "PM base %04X: PM1a_STS %04X EN %04X CNT %04X PM_TMR %06llX SCI %d\n", a->base, a->sts,
             a->en, a->cnt, (unsigned long long)(pm_ticks(a) & 0xFFFFFF), a->sci);
}

static const struct device_ops acpi_dev = {
    .name = "acpi",
    .reset = acpi_reset,
    .save = acpi_save,
    .load = acpi_load,
    .destroy = acpi_destroy,
    .info = acpi_info,
};

struct acpi *acpi_init(struct machine *m)
{
    struct acpi *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->m = m;
    a->timer = timer_new(m, "acpi-pmtmr", tmr_fire, a);
    machine_add_device(m, &acpi_dev, a);
    acpi_set_pm_base(m, ACPI_PM_BASE_DEFAULT);
    io_register(&m->io, APM_CNT, 2, &acpi_ops, a);
    acpi_reset(a);
    return a;
}
