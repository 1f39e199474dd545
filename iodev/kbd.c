/* iodev/kbd.c: the Intel 8042 keyboard controller (ports 0x60/0x64, IRQ 1
 * and 12) with a PS/2 MF-II keyboard and a PS/2 mouse.
 *
 * Sources: the IBM PS/2 Hardware Interface Technical Reference, sections
 * "Keyboard/Auxiliary Device Controller" (status register, command byte,
 * controller commands, input/output ports), "Keyboard" (commands ED-FF,
 * scan code sets 1-3, typematic rates) and "Pointing Device" (commands
 * E6-FF, data packet, IntelliMouse extension by sample-rate knock
 * 200/100/80 from Microsoft's "Wheel mouse" specification).
 *
 * The controller holds one output byte. Keyboard and mouse bytes wait in
 * queues until it is free; each one sets OBF (and AUX OBF for the mouse)
 * and holds IRQ 1 / IRQ 12 high until the guest reads port 0x60, when the
 * command byte enables that interrupt. With the command byte's XLATE bit
 * the controller translates the keyboard's set-2 bytes to set 1.
 * Transfers take no time, and parity/timeout errors never happen.
 */
#include "iodev/kbd.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/input.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"
#include "memory/phys.h"

/* status register (port 0x64 read) */
enum { ST_OBF = 0x01, ST_IBF = 0x02, ST_SYS = 0x04, ST_CMD = 0x08, ST_UNLOCKED = 0x10, ST_AUX = 0x20 };
/* command byte */
enum { CB_INT = 0x01, CB_INT2 = 0x02, CB_SYS = 0x04, CB_DIS = 0x10, CB_DIS2 = 0x20, CB_XLATE = 0x40 };

#define QLEN 64
struct queue {
    uint8_t data[QLEN];
    uint8_t head, count;
};

struct inject {
    uint64_t at_ns;
    uint16_t code;
    bool down;
};

struct kbd {
    struct machine *m;
    /* controller */
    uint8_t status;
    uint8_t out;          /* the output buffer */
    uint8_t out_aux;      /* it came from the mouse */
    uint8_t cmdbyte;
    uint8_t ram[32];      /* controller RAM 0x20-0x3F (ram[0] is the command byte) */
    uint8_t pending;      /* controller command waiting for its data byte */
    uint8_t outport;      /* bit 0 reset (1 = running), bit 1 A20 */
    uint8_t irq1, irq12;  /* line levels */
    uint8_t xlate_f0;     /* translation: an F0 prefix was seen */
    struct queue kq, mq;
    /* keyboard */
    uint8_t k_set;        /* scan code set 1-3 */
    uint8_t k_enabled;
    uint8_t k_expect;     /* command waiting for its parameter (ED, F0, F3) */
    uint8_t k_leds;
    uint8_t k_typematic;  /* F3 parameter */
    uint8_t k_last;       /* for FE (resend) */
    uint8_t k_set3_mode;  /* F7-FA: bit 0 typematic, bit 1 make/break */
    uint16_t k_repeat;    /* set-1 code of the key repeating (0 none) */
    /* mouse */
    uint8_t m_enabled, m_remote, m_wrap, m_scale21;
    uint8_t m_rate, m_res, m_id;
    uint8_t m_expect;     /* F3 or E8 waiting for a parameter */
    uint8_t m_knock[3];   /* the last three sample rates */
    uint8_t m_buttons;
    uint8_t m_last;
    int m_dx, m_dy, m_dz; /* motion not yet reported (remote mode) */
    struct timer *typematic_timer;
    /* --inject-keys */
    struct inject *inj;
    size_t ninj, next_inj;
    struct timer *inject_timer;
};

/* ---- scan codes ---- */

/* Set-2 make codes by set-1 make code (0x00-0x5D); extended keys (E0 xx)
 * use the same byte after E0 in both sets. */
static const uint8_t set1_to_set2[0x5E] = {
    0x00, 0x76, 0x16, 0x1E, 0x26, 0x25, 0x2E, 0x36, 0x3D, 0x3E, 0x46, 0x45, 0x4E, 0x55, 0x66, 0x0D,
    0x15, 0x1D, 0x24, 0x2D, 0x2C, 0x35, 0x3C, 0x43, 0x44, 0x4D, 0x54, 0x5B, 0x5A, 0x14, 0x1C, 0x1B,
    0x23, 0x2B, 0x34, 0x33, 0x3B, 0x42, 0x4B, 0x4C, 0x52, 0x0E, 0x12, 0x5D, 0x1A, 0x22, 0x21, 0x2A,
    0x32, 0x31, 0x3A, 0x41, 0x49, 0x4A, 0x59, 0x7C, 0x11, 0x29, 0x58, 0x05, 0x06, 0x04, 0x0C, 0x03,
    0x0B, 0x83, 0x0A, 0x01, 0x09, 0x77, 0x7E, 0x6C, 0x75, 0x7D, 0x7B, 0x6B, 0x73, 0x74, 0x79, 0x69,
    0x72, 0x7A, 0x70, 0x71, 0x84, 0x00, 0x61, 0x78, 0x07, 0x00, 0x00, 0x1F, 0x27, 0x2F,
};

/* Set 3 where it differs from set 2 (by set-1 code; extended keys with
 * 0x80 added to the index). Set 3 has no E0 prefixes. */
struct set3_fix {
    uint8_t key, code;
};
static const struct set3_fix set3_fixes[] = {
    {0x01, 0x08}, {0x3B, 0x07}, {0x3C, 0x0F}, {0x3D, 0x17}, {0x3E, 0x1F}, {0x3F, 0x27}, {0x40, 0x2F},
    {0x41, 0x37}, {0x42, 0x3F}, {0x43, 0x47}, {0x44, 0x4F}, {0x57, 0x56}, {0x58, 0x5E}, {0x1D, 0x11},
    {0x38, 0x19}, {0x3A, 0x14}, {0x37, 0x7E}, {0x4A, 0x84}, {0x4E, 0x7C}, {0x45, 0x76}, {0x46, 0x5F},
    {0x2B, 0x5C}, {0x56, 0x13}, {0x80 | 0x38, 0x39}, {0x80 | 0x1D, 0x58}, {0x80 | 0x1C, 0x79},
    {0x80 | 0x35, 0x77}, {0x80 | 0x52, 0x67}, {0x80 | 0x53, 0x64}, {0x80 | 0x47, 0x6E}, {0x80 | 0x4F, 0x65},
    {0x80 | 0x49, 0x6F}, {0x80 | 0x51, 0x6D}, {0x80 | 0x48, 0x63}, {0x80 | 0x50, 0x60}, {0x80 | 0x4B, 0x61},
    {0x80 | 0x4D, 0x6A}, {0x80 | 0x5B, 0x8B}, {0x80 | 0x5C, 0x8C}, {0x80 | 0x5D, 0x8D}, {0x80 | 0x37, 0x57},
};

/* The 8042's set-2 to set-1 translation: the inverse of set1_to_set2
 * (bytes outside it pass unchanged). */
static uint8_t translate(uint8_t b)
{
    if (b == 0x00)
        return 0xFF; /* keyboard error / overrun */
    if (b == 0x02)
        return 0x41; /* the set-number reply of F0 00 (the table's alias of 0x83) */
    for (int i = 1; i < (int)sizeof set1_to_set2; i++)
        if (set1_to_set2[i] == b)
            return (uint8_t)i;
    return b;
}

/* ---- the controller's output ---- */

static void q_put(struct queue *q, uint8_t b)
{
    if (q->count < QLEN)
        q->data[(q->head + q->count++) % QLEN] = b;
}

static int q_get(struct queue *q)
{
    if (!q->count)
        return -1;
    uint8_t b = q->data[q->head];
    q->head = (uint8_t)((q->head + 1) % QLEN);
    q->count--;
    return b;
}

static void update_irqs(struct kbd *k)
{
    bool l1 = (k->status & ST_OBF) && !k->out_aux && (k->cmdbyte & CB_INT);
    bool l12 = (k->status & ST_OBF) && k->out_aux && (k->cmdbyte & CB_INT2);
    if (l1 != k->irq1)
        irq_set(k->m, 1, k->irq1 = l1);
    if (l12 != k->irq12)
        irq_set(k->m, 12, k->irq12 = l12);
}

/* Moves the next waiting byte into the output buffer when it is free. */
static void pump(struct kbd *k)
{
    if (!(k->status & ST_OBF)) {
        int b = -1;
        bool aux = false;
        if (k->kq.count && !(k->cmdbyte & CB_DIS)) {
            b = q_get(&k->kq);
        } else if (k->mq.count && !(k->cmdbyte & CB_DIS2)) {
            b = q_get(&k->mq);
            aux = true;
        }
        if (b >= 0) {
            k->out = (uint8_t)b;
            k->out_aux = aux;
            k->status = (uint8_t)((k->status & ~ST_AUX) | ST_OBF | (aux ? ST_AUX : 0));
        }
    }
    update_irqs(k);
}

/* A byte from the controller itself (command replies). */
static void ctrl_reply(struct kbd *k, uint8_t b)
{
    k->out = b;
    k->out_aux = 0;
    k->status = (uint8_t)((k->status & ~ST_AUX) | ST_OBF);
    update_irqs(k);
}

/* A byte the keyboard sends; translated to set 1 when XLATE is on. */
static void kbd_send(struct kbd *k, uint8_t b)
{
    k->k_last = b;
    if (k->cmdbyte & CB_XLATE) {
        if (b == 0xF0) {
            k->xlate_f0 = 1;
            return;
        }
        uint8_t t = translate(b);
        if (k->xlate_f0 && b != 0xE0 && b != 0xE1) {
            t |= 0x80;
            k->xlate_f0 = 0;
        }
        q_put(&k->kq, t);
    } else {
        q_put(&k->kq, b);
    }
    pump(k);
}

static void aux_send(struct kbd *k, uint8_t b)
{
    k->m_last = b;
    q_put(&k->mq, b);
    pump(k);
}

/* ---- keyboard ---- */

static void key_bytes(struct kbd *k, uint16_t code, bool down)
{
    bool ext = (code >> 8) == 0xE0;
    uint8_t key = (uint8_t)(code & 0x7F);
    if (k->k_set == 1) {
        if (ext)
            kbd_send(k, 0xE0);
        kbd_send(k, (uint8_t)(key | (down ? 0 : 0x80)));
        return;
    }
    uint8_t c2 = key < sizeof set1_to_set2 ? set1_to_set2[key] : 0;
    if (!c2)
        return; /* no such key in set 2 */
    if (k->k_set == 3) {
        uint8_t idx = (uint8_t)(key | (ext ? 0x80 : 0));
        for (size_t i = 0; i < sizeof set3_fixes / sizeof set3_fixes[0]; i++)
            if (set3_fixes[i].key == idx)
                c2 = set3_fixes[i].code;
        if (!down && !(k->k_set3_mode & 2))
            return; /* make-only keys */
        if (!down)
            kbd_send(k, 0xF0);
        kbd_send(k, c2);
        return;
    }
    if (ext)
        kbd_send(k, 0xE0);
    if (!down)
        kbd_send(k, 0xF0);
    kbd_send(k, c2);
}

/* Typematic byte (F3): delay (bits 6-5) 250-1000 ms; period
 * (8 + bits 2-0) * 2^(bits 4-3) * 4.17 ms. */
static uint64_t typematic_delay_ns(const struct kbd *k) { return 250000000ull * (((k->k_typematic >> 5) & 3) + 1); }
static uint64_t typematic_period_ns(const struct kbd *k)
{
    uint64_t a = k->k_typematic & 7, b = (k->k_typematic >> 3) & 3;
    return (8 + a) * (1ull << b) * 4170000ull;
}

static void typematic_fire(void *opaque)
{
    struct kbd *k = opaque;
    if (!k->k_repeat || !k->k_enabled)
        return;
    key_bytes(k, k->k_repeat, true);
    timer_arm(k->typematic_timer, typematic_period_ns(k));
}

void input_key(struct machine *m, uint16_t scancode, bool down)
{
    struct kbd *k = machine_find_device(m, "kbd");
    if (!k || !k->k_enabled)
        return;
    key_bytes(k, scancode, down);
    bool typematic = k->k_set != 3 || (k->k_set3_mode & 1);
    if (down && typematic) {
        k->k_repeat = scancode;
        timer_arm(k->typematic_timer, typematic_delay_ns(k));
    } else if (!down && k->k_repeat == scancode) {
        k->k_repeat = 0;
        timer_cancel(k->typematic_timer);
    }
}

static void kbd_defaults(struct kbd *k)
{
    k->k_typematic = 0x2B; /* 500 ms, 10.9 characters/s */
    k->k_set3_mode = 3;
    k->k_repeat = 0;
    timer_cancel(k->typematic_timer);
}

static void kbd_reset_device(struct kbd *k)
{
    k->k_set = 2;
    k->k_enabled = 1;
    k->k_expect = 0;
    k->k_leds = 0;
    kbd_defaults(k);
}

/* A byte the guest sends to the keyboard (port 0x60 write). */
static void kbd_write(struct kbd *k, uint8_t v)
{
    if (k->k_expect) {
        uint8_t cmd = k->k_expect;
        k->k_expect = 0;
        if (cmd == 0xED) {
            k->k_leds = v & 7;
            kbd_send(k, 0xFA);
            return;
        }
        if (cmd == 0xF3) {
            k->k_typematic = v & 0x7F;
            kbd_send(k, 0xFA);
            return;
        }
        if (cmd == 0xF0) {
            if (v == 0) {
                kbd_send(k, 0xFA);
                kbd_send(k, k->k_set); /* translated as any byte: 1->43, 2->41, 3->3F */
            } else if (v <= 3) {
                k->k_set = v;
                kbd_send(k, 0xFA);
            } else {
                kbd_send(k, 0xFE);
            }
            return;
        }
    }
    switch (v) {
    case 0xED: case 0xF0: case 0xF3:
        k->k_expect = v;
        kbd_send(k, 0xFA);
        break;
    case 0xEE: kbd_send(k, 0xEE); break; /* echo */
    case 0xF2:                           /* identify: MF-II keyboard */
        kbd_send(k, 0xFA);
        kbd_send(k, 0xAB);
        kbd_send(k, 0x83);
        break;
    case 0xF4: k->k_enabled = 1; kbd_send(k, 0xFA); break;
    case 0xF5: kbd_defaults(k); k->k_enabled = 0; kbd_send(k, 0xFA); break;
    case 0xF6: kbd_defaults(k); kbd_send(k, 0xFA); break;
    case 0xF7: k->k_set3_mode = 1; kbd_send(k, 0xFA); break; /* all typematic */
    case 0xF8: k->k_set3_mode = 2; kbd_send(k, 0xFA); break; /* all make/break */
    case 0xF9: k->k_set3_mode = 0; kbd_send(k, 0xFA); break; /* all make only */
    case 0xFA: k->k_set3_mode = 3; kbd_send(k, 0xFA); break;
    case 0xFE: kbd_send(k, k->k_last); break;
    case 0xFF:                           /* reset: ACK, then BAT passed */
        k->kq.count = 0;
        kbd_reset_device(k);
        kbd_send(k, 0xFA);
        kbd_send(k, 0xAA);
        break;
    default:
        kbd_send(k, 0xFE); /* unknown command: resend */
        break;
    }
}

/* ---- mouse ---- */

static void mouse_defaults(struct kbd *k)
{
    k->m_rate = 100;
    k->m_res = 2; /* 4 counts/mm */
    k->m_scale21 = 0;
    k->m_enabled = 0;
    k->m_dx = k->m_dy = k->m_dz = 0;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void mouse_packet(struct kbd *k)
{
    int dx = k->m_dx, dy = k->m_dy, dz = k->m_dz;
    uint8_t b0 = (uint8_t)(0x08 | (k->m_buttons & 1) | (k->m_buttons & 2) | (k->m_buttons & 4));
    if (dx < -256 || dx > 255)
        b0 |= 0x40;
    if (dy < -256 || dy > 255)
        b0 |= 0x80;
    dx = clampi(dx, -256, 255);
    dy = clampi(dy, -256, 255);
    if (dx < 0)
        b0 |= 0x10;
    if (dy < 0)
        b0 |= 0x20;
    aux_send(k, b0);
    aux_send(k, (uint8_t)dx);
    aux_send(k, (uint8_t)dy);
    if (k->m_id == 3) {
        dz = clampi(dz, -8, 7);
        aux_send(k, (uint8_t)(dz & 0x0F));
    }
    k->m_dx = k->m_dy = k->m_dz = 0;
}

void input_mouse(struct machine *m, int dx, int dy, int dz, unsigned buttons)
{
    struct kbd *k = machine_find_device(m, "kbd");
    if (!k)
        return;
    /* PS/2 counts up as the mouse moves up; the host's dy grows downwards */
    k->m_dx += dx;
    k->m_dy -= dy;
    k->m_dz += dz;
    k->m_buttons = (uint8_t)(buttons & 7);
    if (k->m_enabled && !k->m_remote && !k->m_wrap && k->mq.count + 4 <= QLEN)
        mouse_packet(k);
}

static void mouse_write(struct kbd *k, uint8_t v)
{
    if (k->m_wrap && v != 0xEC && v != 0xFF) {
        aux_send(k, v); /* wrap mode echoes */
        return;
    }
    if (k->m_expect) {
        uint8_t cmd = k->m_expect;
        k->m_expect = 0;
        if (cmd == 0xF3) {
            k->m_rate = v;
            k->m_knock[0] = k->m_knock[1];
            k->m_knock[1] = k->m_knock[2];
            k->m_knock[2] = v;
            if (k->m_knock[0] == 200 && k->m_knock[1] == 100 && k->m_knock[2] == 80)
                k->m_id = 3; /* IntelliMouse: wheel in a fourth byte */
        } else {
            k->m_res = v & 3;
        }
        aux_send(k, 0xFA);
        return;
    }
    switch (v) {
    case 0xE6: k->m_scale21 = 0; aux_send(k, 0xFA); break;
    case 0xE7: k->m_scale21 = 1; aux_send(k, 0xFA); break;
    case 0xE8: case 0xF3: k->m_expect = v; aux_send(k, 0xFA); break;
    case 0xE9: /* status request */
        aux_send(k, 0xFA);
        aux_send(k, (uint8_t)((k->m_remote ? 0x40 : 0) | (k->m_enabled ? 0x20 : 0) | (k->m_scale21 ? 0x10 : 0) |
                              (k->m_buttons & 1 ? 0x04 : 0) | (k->m_buttons & 4 ? 0x02 : 0) |
                              (k->m_buttons & 2 ? 0x01 : 0)));
        aux_send(k, k->m_res);
        aux_send(k, k->m_rate);
        break;
    case 0xEA: k->m_remote = 0; aux_send(k, 0xFA); break;
    case 0xEB: aux_send(k, 0xFA); mouse_packet(k); break; /* read data */
    case 0xEC: k->m_wrap = 0; aux_send(k, 0xFA); break;
    case 0xEE: k->m_wrap = 1; aux_send(k, 0xFA); break;
    case 0xF0: k->m_remote = 1; aux_send(k, 0xFA); break;
    case 0xF2: aux_send(k, 0xFA); aux_send(k, k->m_id); break;
    case 0xF4: k->m_enabled = 1; aux_send(k, 0xFA); break;
    case 0xF5: k->m_enabled = 0; aux_send(k, 0xFA); break;
    case 0xF6: mouse_defaults(k); aux_send(k, 0xFA); break;
    case 0xFE: aux_send(k, k->m_last); break;
    case 0xFF:
        k->mq.count = 0;
        mouse_defaults(k);
        k->m_remote = k->m_wrap = 0;
        k->m_id = 0;
        memset(k->m_knock, 0, sizeof k->m_knock);
        aux_send(k, 0xFA);
        aux_send(k, 0xAA);
        aux_send(k, 0x00);
        break;
    default: aux_send(k, 0xFE); break;
    }
}

/* ---- controller commands ---- */

static void set_outport(struct kbd *k, uint8_t v)
{
    k->outport = v | 0x01;
    phys_set_a20(k->m->phys, v & 0x02);
    if (!(v & 0x01)) {
        log_info(k->m, "kbd", "CPU reset through the 8042 output port");
        machine_reset_cpu(k->m);
    }
}

static void ctrl_command(struct kbd *k, uint8_t c)
{
    if (c >= 0x20 && c <= 0x3F) {
        ctrl_reply(k, c == 0x20 ? k->cmdbyte : k->ram[c & 0x1F]);
        return;
    }
    if ((c >= 0x60 && c <= 0x7F) || c == 0xD1 || c == 0xD2 || c == 0xD3 || c == 0xD4) {
        k->pending = c;
        return;
    }
    switch (c) {
    case 0xA7: k->cmdbyte |= CB_DIS2; break;
    case 0xA8: k->cmdbyte &= (uint8_t)~CB_DIS2; pump(k); break;
    case 0xA9: ctrl_reply(k, 0x00); break; /* mouse interface test: no error */
    case 0xAA:                             /* self-test */
        k->status |= ST_SYS;
        ctrl_reply(k, 0x55);
        break;
    case 0xAB: ctrl_reply(k, 0x00); break; /* keyboard interface test */
    case 0xAD: k->cmdbyte |= CB_DIS; break;
    case 0xAE: k->cmdbyte &= (uint8_t)~CB_DIS; pump(k); break;
    case 0xC0: ctrl_reply(k, 0x80); break; /* input port: keyboard not inhibited */
    case 0xD0: {
        uint8_t o = (uint8_t)((k->outport & 0x03) | 0xC0);
        if (k->status & ST_OBF)
            o |= k->out_aux ? 0x20 : 0x10;
        ctrl_reply(k, o);
        break;
    }
    case 0xDD: set_outport(k, k->outport & (uint8_t)~0x02); break;
    case 0xDF: set_outport(k, k->outport | 0x02); break;
    case 0xE0: ctrl_reply(k, 0x00); break;
    default:
        if (c >= 0xF0) {
            /* pulse output port bits whose command bit is 0; bit 0 = reset */
            if (!(c & 0x01)) {
                log_info(k->m, "kbd", "CPU reset through 8042 command %02X", c);
                machine_reset_cpu(k->m);
            }
        } else {
            log_debug(k->m, "kbd", "unknown controller command %02X", c);
        }
        break;
    }
}

static void data_write(struct kbd *k, uint8_t v)
{
    uint8_t p = k->pending;
    k->pending = 0;
    if (p >= 0x60 && p <= 0x7F) {
        if (p == 0x60) {
            k->cmdbyte = v;
            k->status = (uint8_t)((k->status & ~ST_SYS) | (v & CB_SYS));
            pump(k);
        } else {
            k->ram[p & 0x1F] = v;
        }
        return;
    }
    switch (p) {
    case 0xD1: set_outport(k, v); return;
    case 0xD2: q_put(&k->kq, v); pump(k); return;
    case 0xD3: aux_send(k, v); return;
    case 0xD4: mouse_write(k, v); return;
    default: break;
    }
    kbd_write(k, v);
}

static uint32_t kbd_in(void *opaque, uint16_t port, int size)
{
    struct kbd *k = opaque;
    (void)size;
    if (port == 0x64)
        return k->status;
    uint8_t v = k->out;
    k->status &= (uint8_t)~(ST_OBF | ST_AUX);
    /* the read drops IRQ 1/12; the next byte raises it again: a new edge */
    update_irqs(k);
    pump(k);
    return v;
}

static void kbd_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct kbd *k = opaque;
    (void)size;
    if (port == 0x64) {
        k->status |= ST_CMD;
        ctrl_command(k, (uint8_t)val);
    } else {
        k->status &= (uint8_t)~ST_CMD;
        data_write(k, (uint8_t)val);
    }
}

static const struct io_ops kbd_ops = {.in = kbd_in, .out = kbd_out, .sizes = 1};

/* ---- --inject-keys ---- */

static void inject_fire(void *opaque)
{
    struct kbd *k = opaque;
    uint64_t now = machine_now_ns(k->m);
    while (k->next_inj < k->ninj && k->inj[k->next_inj].at_ns <= now) {
        const struct inject *e = &k->inj[k->next_inj++];
        input_key(k->m, e->code, e->down);
    }
    if (k->next_inj < k->ninj)
        timer_arm_at(k->inject_timer, k->inj[k->next_inj].at_ns);
}

/* "TIME:CODE,..." with TIME in microseconds of virtual time and CODE a
 * set-1 make code (0xE0xx extended); a break code (bit 7) is a release. */
static int parse_inject(struct kbd *k, const char *s)
{
    const char *p = s;
    uint64_t last = 0;
    while (*p) {
        char *end;
        errno = 0;
        unsigned long long us = strtoull(p, &end, 0);
        if (errno || end == p || *end != ':' || *p == '-')
            goto bad;
        p = end + 1;
        unsigned long code = strtoul(p, &end, 0);
        if (end == p || code == 0 || code > 0xFFFF || ((code >> 8) && (code >> 8) != 0xE0))
            goto bad;
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            goto bad;
        if (us > UINT64_MAX / 1000 || us * 1000 < last) {
            fprintf(stderr, "emu: --inject-keys: times must not decrease (at '%s')\n", s);
            return -1;
        }
        last = us * 1000;
        struct inject *n = realloc(k->inj, (k->ninj + 1) * sizeof *n);
        if (!n)
            return -1;
        k->inj = n;
        k->inj[k->ninj].at_ns = last;
        k->inj[k->ninj].code = (uint16_t)(code & ~0x80u);
        k->inj[k->ninj].down = !(code & 0x80);
        k->ninj++;
    }
    return 0;
bad:
    fprintf(stderr, "emu: --inject-keys: expected TIME_US:SCANCODE[,...] (e.g. 5000:0x1E,6000:0x9E), got '%s'\n", s);
    return -1;
}

/* ---- device ---- */

static void kbd_reset(void *opaque)
{
    struct kbd *k = opaque;
    k->status = ST_UNLOCKED;
    k->out = 0;
    k->out_aux = 0;
    k->cmdbyte = CB_INT | CB_INT2 | CB_XLATE;
    memset(k->ram, 0, sizeof k->ram);
    k->pending = 0;
    k->outport = 0x03;
    k->xlate_f0 = 0;
    memset(&k->kq, 0, sizeof k->kq);
    memset(&k->mq, 0, sizeof k->mq);
    kbd_reset_device(k);
    k->k_last = 0;
    mouse_defaults(k);
    k->m_remote = k->m_wrap = 0;
    k->m_id = 0;
    k->m_expect = 0;
    memset(k->m_knock, 0, sizeof k->m_knock);
    k->m_buttons = 0;
    k->m_last = 0;
    update_irqs(k);
}

/* The state is plain bytes between the controller fields and the timers. */
#define KBD_STATE_START offsetof(struct kbd, status)
#define KBD_STATE_END offsetof(struct kbd, typematic_timer)

static void kbd_save(void *opaque, struct state_writer *w)
{
    struct kbd *k = opaque;
    state_put(w, (uint8_t *)k + KBD_STATE_START, KBD_STATE_END - KBD_STATE_START);
}

static int kbd_load(void *opaque, struct state_reader *r)
{
    struct kbd *k = opaque;
    struct kbd tmp = *k;
    if (state_get(r, (uint8_t *)&tmp + KBD_STATE_START, KBD_STATE_END - KBD_STATE_START) < 0)
        return -1;
    if (tmp.kq.head >= QLEN || tmp.kq.count > QLEN || tmp.mq.head >= QLEN || tmp.mq.count > QLEN ||
        tmp.k_set < 1 || tmp.k_set > 3)
        return -1;
    memcpy((uint8_t *)k + KBD_STATE_START, (uint8_t *)&tmp + KBD_STATE_START, KBD_STATE_END - KBD_STATE_START);
    k->irq1 = !k->irq1, k->irq12 = !k->irq12; /* force the lines to be driven */
    update_irqs(k);
    return 0;
}

static void kbd_destroy(void *opaque)
{
    struct kbd *k = opaque;
    timer_free(k->typematic_timer);
    timer_free(k->inject_timer);
    free(k->inj);
    free(k);
}

static void kbd_info(void *opaque, char *buf, size_t size)
{
    struct kbd *k = opaque;
    snprintf(buf, size,
             "status %02X command byte %02X output %02X%s, queued kbd %u mouse %u; keyboard set %u %s leds %u; "
             "mouse %s id %u rate %u\n",
             k->status, k->cmdbyte, k->out, k->out_aux ? " (aux)" : "", k->kq.count, k->mq.count, k->k_set,
             k->k_enabled ? "enabled" : "disabled", k->k_leds, k->m_enabled ? "enabled" : "disabled", k->m_id,
             k->m_rate);
}

static const struct device_ops kbd_dev = {
    .name = "kbd",
    .reset = kbd_reset,
    .save = kbd_save,
    .load = kbd_load,
    .destroy = kbd_destroy,
    .info = kbd_info,
};

struct kbd *kbd_init(struct machine *m)
{
    struct kbd *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    k->m = m;
    k->typematic_timer = timer_new(m, "kbd-typematic", typematic_fire, k);
    k->inject_timer = timer_new(m, "kbd-inject", inject_fire, k);
    kbd_reset(k);
    machine_add_device(m, &kbd_dev, k);
    io_register(&m->io, 0x60, 1, &kbd_ops, k);
    io_register(&m->io, 0x64, 1, &kbd_ops, k);
    if (m->cfg->inject_keys) {
        if (parse_inject(k, m->cfg->inject_keys) < 0)
            return NULL;
        if (k->ninj)
            timer_arm_at(k->inject_timer, k->inj[0].at_ns);
    }
    return k;
}
