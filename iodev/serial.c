/* iodev/serial.c: National Semiconductor PC16550D UARTs at 0x3F8, 0x2F8,
 * 0x3E8, 0x2E8 (COM1-COM4) on IRQ 4, 3, 4, 3.
 *
 * References are to the PC16550D datasheet: Table II (registers), "FIFO
 * Interrupt Mode Operation" (trigger levels, character timeout after four
 * character times), Table IV (interrupt identification and priorities),
 * "Loopback" (MCR bit 4). On the PC, MCR OUT2 gates the interrupt onto the
 * ISA line. Transmission takes no time: a byte written to THR goes to the
 * back-end at once and THR is empty again. Received bytes are taken from
 * the back-end (pty, socket, terminal) once per character time while the
 * receiver has room. Back-end I/O never blocks: output a host cannot take
 * is dropped. Sockets are on 127.0.0.1 only.
 */
#include "iodev/serial.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iodev/bus.h"
#include "iodev/device.h"
#include "iodev/irq.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"

enum { IER_RDA = 1, IER_THRE = 2, IER_RLS = 4, IER_MSI = 8 };
enum { LSR_DR = 1, LSR_OE = 2, LSR_PE = 4, LSR_FE = 8, LSR_BI = 16, LSR_THRE = 32, LSR_TEMT = 64, LSR_FIFOERR = 128 };
enum { MCR_DTR = 1, MCR_RTS = 2, MCR_OUT1 = 4, MCR_OUT2 = 8, MCR_LOOP = 16 };
#define FIFO_LEN 16

struct uart_regs {
    uint8_t rbr_fifo[FIFO_LEN];
    uint8_t rx_head, rx_count;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    uint8_t thre_pending; /* THRE interrupt not yet acknowledged */
    uint8_t timeout_pending;
    uint8_t irq_level;
};

struct uart {
    struct machine *m;
    int index;
    uint16_t base;
    int irq;
    struct uart_regs r;
    enum serial_mode mode;
    int fd_in, fd_out;   /* -1 when absent */
    int listen_fd;
    FILE *file;
    bool own_out;
    struct timer *rx_timer;      /* back-end polling, one character time */
    struct timer *timeout_timer; /* character timeout */
};

static uint64_t char_ns(const struct uart *u)
{
    /* 1.8432 MHz / 16 / divisor bauds; start + data + parity + stop bits */
    unsigned bits = 1 + 5 + (u->r.lcr & 3) + ((u->r.lcr & 8) ? 1 : 0) + ((u->r.lcr & 4) ? 2 : 1);
    uint64_t div = u->r.divisor ? u->r.divisor : 65536;
    return (uint64_t)bits * div * 16 * 1000000000ull / 1843200;
}

static bool fifo_on(const struct uart *u) { return u->r.fcr & 1; }

static unsigned trigger(const struct uart *u)
{
    static const unsigned t[4] = {1, 4, 8, 14};
    return fifo_on(u) ? t[u->r.fcr >> 6] : 1;
}

/* Table IV: the highest-priority pending interrupt (IIR bits 3-0). */
static uint8_t iir_id(const struct uart *u)
{
    if ((u->r.ier & IER_RLS) && (u->r.lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI)))
        return 0x06;
    if ((u->r.ier & IER_RDA) && u->r.rx_count >= trigger(u))
        return 0x04;
    if ((u->r.ier & IER_RDA) && u->r.timeout_pending && u->r.rx_count)
        return 0x0C;
    if ((u->r.ier & IER_THRE) && u->r.thre_pending)
        return 0x02;
    if ((u->r.ier & IER_MSI) && (u->r.msr & 0x0F))
        return 0x00;
    return 0x01;
}

static void update_irq(struct uart *u)
{
    bool level = iir_id(u) != 0x01 && (u->r.mcr & MCR_OUT2);
    if (level != u->r.irq_level) {
        u->r.irq_level = level;
        irq_set_source(u->m, u->irq, u->index, level);
    }
}

static void rx_put(struct uart *u, uint8_t b)
{
    unsigned cap = fifo_on(u) ? FIFO_LEN : 1;
    if (u->r.rx_count >= cap) {
        u->r.lsr |= LSR_OE; /* overrun: the new byte is lost */
    } else {
        u->r.rbr_fifo[(u->r.rx_head + u->r.rx_count++) % FIFO_LEN] = b;
        u->r.lsr |= LSR_DR;
    }
    u->r.timeout_pending = 0;
    if (fifo_on(u) && u->r.rx_count && u->r.rx_count < trigger(u))
        timer_arm(u->timeout_timer, 4 * char_ns(u));
    update_irq(u);
}

static void backend_write(struct uart *u, uint8_t b)
{
    if (u->file) {
        fputc(b, u->file);
        if (b == '\n')
            fflush(u->file);
    } else if (u->fd_out >= 0) {
        ssize_t n = write(u->fd_out, &b, 1);
        (void)n; /* a host that cannot take the byte loses it */
    }
}

/* Modem status inputs: in loopback the outputs feed them (CTS=RTS,
 * DSR=DTR, RI=OUT1, DCD=OUT2); otherwise a connected back-end looks like
 * a modem with CTS, DSR and DCD on. */
static void update_msr(struct uart *u)
{
    uint8_t in;
    if (u->r.mcr & MCR_LOOP)
        in = (uint8_t)(((u->r.mcr & MCR_RTS) ? 0x10 : 0) | ((u->r.mcr & MCR_DTR) ? 0x20 : 0) |
                       ((u->r.mcr & MCR_OUT1) ? 0x40 : 0) | ((u->r.mcr & MCR_OUT2) ? 0x80 : 0));
    else
        in = u->mode == SER_NULL ? 0 : 0xB0;
    uint8_t old = u->r.msr & 0xF0, d = 0;
    if ((old ^ in) & 0x10) d |= 0x01;
    if ((old ^ in) & 0x20) d |= 0x02;
    if ((old & 0x40) && !(in & 0x40)) d |= 0x04; /* trailing edge of RI */
    if ((old ^ in) & 0x80) d |= 0x08;
    u->r.msr = (uint8_t)(in | (u->r.msr & 0x0F) | d);
}

static void poll_backend(struct uart *u)
{
    if (u->listen_fd >= 0 && u->fd_in < 0) {
        int fd = accept(u->listen_fd, NULL, NULL);
        if (fd >= 0) {
            fcntl(fd, F_SETFL, O_NONBLOCK);
            u->fd_in = u->fd_out = fd;
            log_info(u->m, "serial", "COM%d: client connected", u->index + 1);
        }
    }
    if (u->fd_in < 0 || (u->r.mcr & MCR_LOOP))
        return;
    unsigned cap = fifo_on(u) ? FIFO_LEN : 1;
    if (u->r.rx_count >= cap)
        return; /* the host keeps the byte until there is room */
    uint8_t b;
    ssize_t n = read(u->fd_in, &b, 1);
    if (n == 1) {
        rx_put(u, b);
    } else if (n == 0 && u->listen_fd >= 0) {
        close(u->fd_in); /* the client went away: wait for another */
        u->fd_in = u->fd_out = -1;
    }
}

static void rx_fire(void *opaque)
{
    struct uart *u = opaque;
    poll_backend(u);
    timer_arm(u->rx_timer, char_ns(u));
}

static void timeout_fire(void *opaque)
{
    struct uart *u = opaque;
    if (u->r.rx_count) {
        u->r.timeout_pending = 1;
        update_irq(u);
    }
}

static uint32_t uart_in(void *opaque, uint16_t port, int size)
{
    struct uart *u = opaque;
    (void)size;
    uint8_t v = 0;
    switch (port - u->base) {
    case 0:
        if (u->r.lcr & 0x80)
            return u->r.divisor & 0xFF;
        if (u->r.rx_count) {
            v = u->r.rbr_fifo[u->r.rx_head];
            u->r.rx_head = (uint8_t)((u->r.rx_head + 1) % FIFO_LEN);
            u->r.rx_count--;
        }
        if (!u->r.rx_count)
            u->r.lsr &= (uint8_t)~LSR_DR;
        u->r.timeout_pending = 0;
        if (fifo_on(u) && u->r.rx_count)
            timer_arm(u->timeout_timer, 4 * char_ns(u));
        else
            timer_cancel(u->timeout_timer);
        break;
    case 1:
        return (u->r.lcr & 0x80) ? u->r.divisor >> 8 : u->r.ier;
    case 2:
        v = iir_id(u);
        if (v == 0x02)
            u->r.thre_pending = 0; /* reading IIR acknowledges THRE */
        v |= fifo_on(u) ? 0xC0 : 0;
        break;
    case 3: return u->r.lcr;
    case 4: return u->r.mcr;
    case 5:
        v = u->r.lsr;
        if (fifo_on(u) && u->r.rx_count && (u->r.lsr & (LSR_PE | LSR_FE | LSR_BI)))
            v |= LSR_FIFOERR;
        u->r.lsr &= (uint8_t)~(LSR_OE | LSR_PE | LSR_FE | LSR_BI); /* read clears errors */
        break;
    case 6:
        update_msr(u);
        v = u->r.msr;
        u->r.msr &= 0xF0; /* read clears the deltas */
        break;
    default: return u->r.scr;
    }
    update_irq(u);
    return v;
}

static void uart_out(void *opaque, uint16_t port, int size, uint32_t val)
{
    struct uart *u = opaque;
    uint8_t v = (uint8_t)val;
    (void)size;
    switch (port - u->base) {
    case 0:
        if (u->r.lcr & 0x80) {
            u->r.divisor = (uint16_t)((u->r.divisor & 0xFF00) | v);
            break;
        }
        if (u->r.mcr & MCR_LOOP)
            rx_put(u, v);
        else
            backend_write(u, v);
        u->r.lsr |= LSR_THRE | LSR_TEMT;
        u->r.thre_pending = 1;
        break;
    case 1:
        if (u->r.lcr & 0x80) {
            u->r.divisor = (uint16_t)((u->r.divisor & 0xFF) | v << 8);
            break;
        }
        /* enabling the THRE interrupt with THR empty raises it */
        if ((v & IER_THRE) && !(u->r.ier & IER_THRE) && (u->r.lsr & LSR_THRE))
            u->r.thre_pending = 1;
        u->r.ier = v & 0x0F;
        break;
    case 2:
        if ((v ^ u->r.fcr) & 1) {
            u->r.rx_count = 0; /* changing the FIFO mode clears both FIFOs */
            u->r.lsr &= (uint8_t)~LSR_DR;
        }
        if (v & 2) {
            u->r.rx_count = 0;
            u->r.lsr &= (uint8_t)~LSR_DR;
            u->r.timeout_pending = 0;
            timer_cancel(u->timeout_timer);
        }
        u->r.fcr = (v & 1) ? (v & 0xC1) : 0;
        break;
    case 3: u->r.lcr = v; break;
    case 4:
        u->r.mcr = v & 0x1F;
        update_msr(u);
        break;
    case 5: break; /* LSR is read-only (factory test only) */
    case 6: break;
    default: u->r.scr = v; break;
    }
    update_irq(u);
}

static const struct io_ops uart_ops = {.in = uart_in, .out = uart_out, .sizes = 1};

static void uart_reset(void *opaque)
{
    struct uart *u = opaque;
    memset(&u->r, 0, sizeof u->r);
    u->r.lsr = LSR_THRE | LSR_TEMT;
    u->r.divisor = 12; /* 9600 baud until the guest programs it */
    update_msr(u);
    u->r.msr &= 0xF0;
    irq_set_source(u->m, u->irq, u->index, 0);
    timer_cancel(u->timeout_timer);
    if (u->fd_in >= 0 || u->listen_fd >= 0)
        timer_arm(u->rx_timer, char_ns(u));
}

static void uart_save(void *opaque, struct state_writer *w) { state_put(w, &((struct uart *)opaque)->r, sizeof(struct uart_regs)); }

static int uart_load(void *opaque, struct state_reader *r)
{
    struct uart *u = opaque;
    struct uart_regs regs;
    if (state_get(r, &regs, sizeof regs) < 0)
        return -1;
    regs.rx_head %= FIFO_LEN;
    if (regs.rx_count > FIFO_LEN)
        regs.rx_count = FIFO_LEN;
    regs.irq_level = !regs.irq_level;
    u->r = regs;
    update_irq(u);
    return 0;
}

static void uart_destroy(void *opaque)
{
    struct uart *u = opaque;
    timer_free(u->rx_timer);
    timer_free(u->timeout_timer);
    if (u->file && u->file != stdout)
        fclose(u->file);
    else if (u->file)
        fflush(u->file);
    if (u->fd_in >= 0)
        close(u->fd_in);
    if (u->fd_out >= 0 && u->fd_out != u->fd_in && u->own_out)
        close(u->fd_out);
    if (u->listen_fd >= 0)
        close(u->listen_fd);
    free(u);
}

static void uart_info(void *opaque, char *buf, size_t size)
{
    struct uart *u = opaque;
    snprintf(buf, size, "COM%d at %03X irq %d: divisor %u lcr %02X ier %02X iir %02X mcr %02X lsr %02X msr %02X fcr %02X rx %u\n",
             u->index + 1, u->base, u->irq, u->r.divisor, u->r.lcr, u->r.ier, iir_id(u), u->r.mcr, u->r.lsr, u->r.msr,
             u->r.fcr, u->r.rx_count);
}

static const char *const uart_names[4] = {"com1", "com2", "com3", "com4"};
static const struct device_ops uart_devs[4] = {
#define UART_DEV(n) {.name = n, .reset = uart_reset, .save = uart_save, .load = uart_load, .destroy = uart_destroy, .info = uart_info}
    UART_DEV("com1"), UART_DEV("com2"), UART_DEV("com3"), UART_DEV("com4"),
#undef UART_DEV
};

/* "127.0.0.1:PORT", "localhost:PORT" or "PORT" */
static int tcp_port(const char *dev)
{
    if (!dev)
        return -1;
    const char *c = strrchr(dev, ':');
    if (c) {
        size_t n = (size_t)(c - dev);
        if (!(n == 9 && !strncmp(dev, "127.0.0.1", 9)) && !(n == 9 && !strncmp(dev, "localhost", 9)) && n)
            return -2;
        dev = c + 1;
    }
    char *end;
    long p = strtol(dev, &end, 10);
    return (*dev && !*end && p > 0 && p < 65536) ? (int)p : -1;
}

static int open_backend(struct uart *u, const struct serial_cfg *sc)
{
    const char *name = uart_names[u->index];
    u->mode = sc->mode;
    switch (sc->mode) {
    case SER_NULL: return 0;
    case SER_FILE:
        if (!sc->dev) {
            fprintf(stderr, "emu: %s: mode=file needs dev=FILE\n", name);
            return -1;
        }
        u->file = fopen(sc->dev, "wb");
        if (!u->file) {
            fprintf(stderr, "emu: %s: %s: %s\n", name, sc->dev, strerror(errno));
            return -1;
        }
        return 0;
    case SER_STDOUT:
        u->file = stdout; /* the stdio stream keeps the order with port 0xE9 */
        return 0;
    case SER_TERM:
        u->fd_in = sc->dev ? open(sc->dev, O_RDWR | O_NONBLOCK | O_NOCTTY) : -1;
        if (u->fd_in < 0) {
            fprintf(stderr, "emu: %s: %s: %s\n", name, sc->dev ? sc->dev : "(no dev=)", strerror(errno));
            return -1;
        }
        u->fd_out = u->fd_in;
        return 0;
    case SER_PTY: {
        int fd = posix_openpt(O_RDWR | O_NOCTTY);
        if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0) {
            fprintf(stderr, "emu: %s: cannot create a pty: %s\n", name, strerror(errno));
            if (fd >= 0)
                close(fd);
            return -1;
        }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        u->fd_in = u->fd_out = fd;
        fprintf(stderr, "emu: %s is %s\n", name, ptsname(fd));
        return 0;
    }
    case SER_SOCKET_SERVER:
    case SER_SOCKET_CLIENT: {
        int port = tcp_port(sc->dev);
        if (port < 0) {
            fprintf(stderr, "emu: %s: dev=%s: expected 127.0.0.1:PORT (sockets are local only)\n", name,
                    sc->dev ? sc->dev : "");
            return -1;
        }
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            goto sockfail;
        if (sc->mode == SER_SOCKET_SERVER) {
            int one = 1;
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(fd, 1) < 0) {
                close(fd);
                goto sockfail;
            }
            fcntl(fd, F_SETFL, O_NONBLOCK);
            u->listen_fd = fd;
        } else {
            if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
                close(fd);
                goto sockfail;
            }
            fcntl(fd, F_SETFL, O_NONBLOCK);
            u->fd_in = u->fd_out = fd;
        }
        return 0;
    sockfail:
        fprintf(stderr, "emu: %s: 127.0.0.1:%d: %s\n", name, port, strerror(errno));
        return -1;
    }
    }
    return 0;
}

int serial_init(struct machine *m)
{
    static const uint16_t bases[4] = {0x3F8, 0x2F8, 0x3E8, 0x2E8};
    static const int irqs[4] = {4, 3, 4, 3};
    for (int i = 0; i < 4; i++) {
        const struct serial_cfg *sc = &m->cfg->com[i];
        if (i > 0 && !sc->enabled)
            continue;
        struct uart *u = calloc(1, sizeof *u);
        if (!u)
            return -1;
        u->m = m;
        u->index = i;
        u->base = bases[i];
        u->irq = irqs[i];
        u->fd_in = u->fd_out = u->listen_fd = -1;
        u->rx_timer = timer_new(m, "uart-rx", rx_fire, u);
        u->timeout_timer = timer_new(m, "uart-timeout", timeout_fire, u);
        machine_add_device(m, &uart_devs[i], u);
        if (sc->enabled && open_backend(u, sc) < 0)
            return -1;
        u->own_out = u->fd_out > 2;
        io_register(&m->io, u->base, 8, &uart_ops, u);
        uart_reset(u);
    }
    return 0;
}
