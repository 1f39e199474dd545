/* tests/unit/test_chipset.c: the virtual-time event queue and the chipset
 * devices at register level: 8259A pair, 8254, MC146818, 8042, 16550A,
 * ACPI PM. The machine runs no instructions: tests advance virtual time
 * with timerq_skip and fire due timers with timerq_run_due. */
#include <criterion/criterion.h>
#include <string.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/input.h"
#include "iodev/pic.h"
#include "iodev/pit.h"
#include "machine/machine.h"
#include "machine/timer.h"
#include "machine/timerq.h"

static struct config cfg;
static struct machine *m;

static void setup(void)
{
    config_defaults(&cfg);
    cfg.time0 = 1700000000; /* Tue 2023-11-14 22:13:20 UTC */
    cfg.e9_path = "stderr";
    m = machine_new(&cfg);
    cr_assert_not_null(m);
}

static void teardown(void) { machine_free(m); }

static uint8_t in8(uint16_t p) { return (uint8_t)io_in(&m->io, p, 1); }
static void out8(uint16_t p, uint8_t v) { io_out(&m->io, p, 1, v); }

/* advance virtual time by ns and fire what is due */
static void advance(uint64_t ns)
{
    uint64_t t = timerq_ns_to_ticks(m->timers, machine_now_ns(m) + ns) - timerq_now_ticks(m->timers);
    while (t) {
        uint64_t next = timerq_next_tick(m->timers), now = timerq_now_ticks(m->timers);
        uint64_t step = next > now && next - now < t ? next - now : t;
        timerq_skip(m->timers, step);
        t -= step;
        timerq_run_due(m->timers);
    }
}

/* ---- timer queue ---- */

static char order[16];
static int norder;
static void cb_a(void *o) { (void)o; order[norder++] = 'a'; }
static void cb_b(void *o) { (void)o; order[norder++] = 'b'; }
static void cb_c(void *o) { (void)o; order[norder++] = 'c'; }

Test(timer, fires_in_deadline_order_ties_in_arming_order, .init = setup, .fini = teardown)
{
    struct timer *a = timer_new(m, "a", cb_a, NULL), *b = timer_new(m, "b", cb_b, NULL),
                 *c = timer_new(m, "c", cb_c, NULL);
    norder = 0;
    uint64_t t0 = machine_now_ns(m);
    timer_arm_at(c, t0 + 3000000);
    timer_arm_at(a, t0 + 1000000);
    timer_arm_at(b, t0 + 1000000);
    timer_arm_at(c, t0 + 500000); /* re-arming replaces */
    cr_assert(timer_armed(c));
    advance(2000000);
    order[norder] = 0;
    cr_assert_str_eq(order, "cab");
    cr_assert_not(timer_armed(a));
    timer_arm(a, 1000);
    timer_cancel(a);
    advance(10000);
    cr_assert_eq(norder, 3);
    timer_free(a), timer_free(b), timer_free(c);
}

Test(timer, arming_shortens_the_cpu_budget, .init = setup, .fini = teardown)
{
    struct timer *a = timer_new(m, "a", cb_a, NULL);
    m->cpu->insn_budget = m->cpu->icount + 1000000;
    timer_arm(a, 250 * 10); /* 10 instructions at 4 MIPS */
    cr_assert_eq(m->cpu->insn_budget, m->cpu->icount + 10);
    timer_free(a);
}

Test(timer, virtual_time_follows_ips, .init = setup, .fini = teardown)
{
    uint64_t t0 = machine_now_ns(m);
    timerq_skip(m->timers, 4000000); /* one second at 4 MIPS */
    cr_assert_eq(machine_now_ns(m) - t0, 1000000000ull);
}

/* ---- 8259A ---- */

static void pic_init_pair(void)
{
    out8(0x20, 0x11), out8(0x21, 0x20), out8(0x21, 0x04), out8(0x21, 0x01);
    out8(0xA0, 0x11), out8(0xA1, 0x28), out8(0xA1, 0x02), out8(0xA1, 0x01);
    out8(0x21, 0x00), out8(0xA1, 0x00);
}

Test(pic, spurious_irq7_when_the_request_is_gone, .init = setup, .fini = teardown)
{
    pic_init_pair();
    cr_assert_eq(pic_ack(m->pic), 0x27);
    out8(0x20, 0x0B);
    cr_assert_eq(in8(0x20), 0x00, "a spurious IRQ 7 sets no ISR bit");
}

Test(pic, slave_request_cascades_and_spurious_irq15, .init = setup, .fini = teardown)
{
    pic_init_pair();
    pic_set_irq(m->pic, 10, 1);
    pic_set_irq(m->pic, 10, 0);
    cr_assert(pic_intr(m->pic));
    cr_assert_eq(pic_ack(m->pic), 0x2A);
    out8(0xA0, 0x20), out8(0x20, 0x20);
    cr_assert_not(pic_intr(m->pic));
}

Test(pic, level_mode_through_elcr, .init = setup, .fini = teardown)
{
    pic_init_pair();
    out8(0x4D1, 0x08); /* IRQ 11 level triggered */
    cr_assert_eq(in8(0x4D1), 0x08);
    pic_set_irq(m->pic, 11, 1);
    cr_assert_eq(pic_ack(m->pic), 0x2B);
    out8(0xA0, 0x20), out8(0x20, 0x20);
    cr_assert(pic_intr(m->pic), "a level still high requests again after EOI");
    pic_set_irq(m->pic, 11, 0);
    /* the request left the slave, but the master latched the slave's INT
     * edge on IR2: its INTA finds nothing on the slave (spurious IRQ 15) */
    cr_assert(pic_intr(m->pic));
    cr_assert_eq(pic_ack(m->pic), 0x2F);
    out8(0x20, 0x20);
    cr_assert_not(pic_intr(m->pic));
    /* edge mode: one request per rising edge */
    out8(0x4D1, 0x00);
    pic_set_irq(m->pic, 11, 1);
    cr_assert_eq(pic_ack(m->pic), 0x2B);
    out8(0xA0, 0x20), out8(0x20, 0x20);
    cr_assert_not(pic_intr(m->pic));
    pic_set_irq(m->pic, 11, 0);
}

Test(pic, masked_lines_and_priority, .init = setup, .fini = teardown)
{
    pic_init_pair();
    out8(0x21, 0x02); /* mask IRQ 1 */
    pic_set_irq(m->pic, 1, 1);
    cr_assert_not(pic_intr(m->pic));
    pic_set_irq(m->pic, 5, 1);
    pic_set_irq(m->pic, 3, 1);
    cr_assert_eq(pic_ack(m->pic), 0x23, "IRQ 3 before IRQ 5");
    cr_assert_not(pic_intr(m->pic), "IRQ 5 waits while IRQ 3 is in service");
    out8(0x20, 0x20);
    cr_assert_eq(pic_ack(m->pic), 0x25);
}

/* ---- 8254 ---- */

Test(pit, mode2_irq0_rate, .init = setup, .fini = teardown)
{
    pic_init_pair();
    out8(0x43, 0x34), out8(0x40, 0xA9), out8(0x40, 0x04); /* 1193: ~1 kHz */
    int n = 0;
    for (int i = 0; i < 100; i++) {
        advance(100000); /* 0.1 ms */
        if (pic_intr(m->pic)) {
            cr_assert_eq(pic_ack(m->pic), 0x20);
            out8(0x20, 0x20);
            n++;
        }
    }
    cr_assert_eq(n, 10, "10 ms of a 1 ms period gave %d interrupts", n);
}

Test(pit, counter_latch_and_readback, .init = setup, .fini = teardown)
{
    out8(0x43, 0x30), out8(0x40, 0x00), out8(0x40, 0x10); /* mode 0, 4096 */
    advance(1000000);                                     /* 1193 clocks */
    out8(0x43, 0x00);
    advance(1000000);
    uint16_t v = in8(0x40);
    v |= (uint16_t)(in8(0x40) << 8);
    cr_assert(v >= 4096 - 1194 && v <= 4096 - 1192, "latched %u", v);
    cr_assert_not(pit_out(machine_find_device(m, "pit"), 0), "mode 0: OUT low before the count ends");
    advance(2000000);
    out8(0x43, 0xE2); /* read-back status of channel 0 */
    cr_assert_eq(in8(0x40) & 0xBF, 0xB0, "OUT high after the terminal count");
}

/* ---- MC146818 ---- */

static uint8_t cmos(uint8_t r)
{
    out8(0x70, r);
    return in8(0x71);
}

Test(cmos, time0_in_bcd_and_register_c_clears, .init = setup, .fini = teardown)
{
    cr_assert_eq(cmos(0x04), 0x22);
    cr_assert_eq(cmos(0x02), 0x13);
    cr_assert_eq(cmos(0x00), 0x20);
    cr_assert_eq(cmos(0x09), 0x23);
    cr_assert_eq(cmos(0x32), 0x20);
    advance(1000000000);
    cr_assert_eq(cmos(0x00), 0x21, "one second later");
    cr_assert(cmos(0x0C) & 0x10, "UF");
    cr_assert_eq(cmos(0x0C) & 0x10, 0, "read clears");
}

Test(cmos, memory_fields_and_checksum, .init = setup, .fini = teardown)
{
    cr_assert_eq(cmos(0x15) | cmos(0x16) << 8, 640);
    cr_assert_eq(cmos(0x17) | cmos(0x18) << 8, 31 * 1024);
    cr_assert_eq(cmos(0x34) | cmos(0x35) << 8, (32 - 16) * 16);
    unsigned sum = 0;
    for (int i = 0x10; i <= 0x2D; i++)
        sum += cmos((uint8_t)i);
    cr_assert_eq(cmos(0x2E) << 8 | cmos(0x2F), sum);
}

/* ---- 8042 ---- */

Test(kbd, self_test_and_translated_key, .init = setup, .fini = teardown)
{
    out8(0x64, 0xAA);
    cr_assert(in8(0x64) & 1);
    cr_assert_eq(in8(0x60), 0x55);
    input_key(m, 0x1E, true);
    cr_assert_eq(in8(0x60), 0x1E, "set 2 translated to set 1");
    input_key(m, 0x1E, false);
    cr_assert_eq(in8(0x60), 0x9E);
    out8(0x64, 0x60), out8(0x60, 0x01); /* no translation */
    input_key(m, 0xE048, false);
    cr_assert_eq(in8(0x60), 0xE0);
    cr_assert_eq(in8(0x60), 0xF0);
    cr_assert_eq(in8(0x60), 0x75);
}

Test(kbd, mouse_stream_packet, .init = setup, .fini = teardown)
{
    out8(0x64, 0xD4), out8(0x60, 0xF4);
    cr_assert_eq(in8(0x64) & 0x21, 0x21);
    cr_assert_eq(in8(0x60), 0xFA);
    input_mouse(m, 5, 3, 0, 1);
    cr_assert_eq(in8(0x60), 0x29, "left button, Y negative (moved down)");
    cr_assert_eq(in8(0x60), 5);
    cr_assert_eq(in8(0x60), 0xFD);
}

/* ---- 16550A ---- */

Test(serial, loopback_fifo_and_iir, .init = setup, .fini = teardown)
{
    out8(0x3FB, 0x80), out8(0x3F8, 1), out8(0x3F9, 0), out8(0x3FB, 0x03);
    out8(0x3FA, 0x07);
    out8(0x3FC, 0x10);
    for (int i = 0; i < 3; i++)
        out8(0x3F8, (uint8_t)('x' + i));
    cr_assert_eq(in8(0x3FD) & 1, 1);
    out8(0x3F9, 0x01);
    cr_assert_eq(in8(0x3FA), 0xC4, "3 bytes reach trigger level 1");
    cr_assert_eq(in8(0x3F8), 'x');
    cr_assert_eq(in8(0x3F8), 'y');
    cr_assert_eq(in8(0x3F8), 'z');
    cr_assert_eq(in8(0x3FD) & 1, 0);
    cr_assert_eq(in8(0x3FA), 0xC1);
}

static void setup_com3(void)
{
    config_defaults(&cfg);
    cfg.e9_path = "stderr";
    cfg.com[2].enabled = true;
    m = machine_new(&cfg);
    cr_assert_not_null(m);
}

Test(serial, com1_and_com3_share_irq4_as_a_wired_or, .init = setup_com3, .fini = teardown)
{
    pic_init_pair();
    out8(0x4D0, 0x10); /* IRQ 4 level triggered: the request follows the line */
    out8(0x3F9, 0x02), out8(0x3FC, 0x08); /* COM1: THR empty interrupt, OUT2 */
    cr_assert(pic_intr(m->pic));
    out8(0x3E9, 0x02), out8(0x3EC, 0x08); /* COM3 too */
    cr_assert_eq(in8(0x3EA), 0x02);
    /* reading COM3's IIR retired its THRE interrupt: COM1 still holds IRQ 4 */
    cr_assert_eq(in8(0x3EA) & 0x0F, 0x01);
    cr_assert(pic_intr(m->pic), "COM3 dropping its level must not drop COM1's");
    cr_assert_eq(pic_ack(m->pic), 0x24);
    out8(0x20, 0x20);
    cr_assert(pic_intr(m->pic));
    out8(0x3F9, 0x00); /* COM1 quiet: the line falls */
    cr_assert_not(pic_intr(m->pic));
}

/* ---- ACPI PM ---- */

Test(acpi, pm_timer_rate_and_power_off, .init = setup, .fini = teardown)
{
    uint32_t a = io_in(&m->io, 0xB008, 4);
    advance(1000000); /* 1 ms: 3579.545 ticks */
    uint32_t b = io_in(&m->io, 0xB008, 4);
    uint32_t d = (b - a) & 0xFFFFFF;
    cr_assert(d >= 3579 && d <= 3580, "%u ticks", d);
    io_out(&m->io, 0xB004, 2, 0x2000);
    cr_assert(m->exit_requested);
    cr_assert_eq(m->exit_status, 0);
}
