/* debug/gdbstub.c: gdb's Remote Serial Protocol over TCP.
 *
 * Packets are $payload#xx with a modulo-256 checksum, acknowledged with
 * '+'/'-' until QStartNoAckMode; '}' escapes the next byte XOR 0x20 in
 * binary data (X packets); 0x03 outside a packet interrupts the target
 * (GDB manual, appendix "Remote Serial Protocol"). The stub listens on
 * 127.0.0.1 only. Registers follow the layout of debug/gdb_xml.c; by
 * default the x86-64 layout with 32-bit values zero-extended in every mode
 * (see docs/DEBUGGER.md). Memory addresses are linear and go through the
 * current paging. Bad checksums are NAKed, oversized packets dropped, a
 * disconnect makes the stub wait for the next connection (or return to
 * the debugger prompt): nothing a client sends can crash emu.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "debug/dbg_int.h"
#include "machine/machine.h"

struct gdbstub {
    struct debugger *d;
    struct machine *m;
    int port;
    int lfd, fd;
    bool noack;
    bool x86_64;
    bool need_stop_reply;
    struct gdb_rx rx;
    char reply[GDB_MAX_PACKET * 2 + 16];
    char xml[8192];
};

/* ---- the receiver: a byte-at-a-time state machine ---- */

enum { RX_IDLE, RX_DATA, RX_ESC, RX_SUM1, RX_SUM2 };

void gdbstub_rx_init(struct gdb_rx *rx) { memset(rx, 0, sizeof *rx); }

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int gdbstub_rx_byte(struct gdb_rx *rx, uint8_t b)
{
    switch (rx->state) {
    case RX_IDLE:
        if (b == '$') {
            rx->state = RX_DATA;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        if (b == 0x03)
            return GDB_RX_INTR;
        if (b == '+')
            return GDB_RX_ACK;
        if (b == '-')
            return GDB_RX_NAK;
        return GDB_RX_NONE; /* noise between packets */
    case RX_DATA:
    case RX_ESC:
        if (b == '#' && rx->state == RX_DATA) {
            rx->state = RX_SUM1;
            return GDB_RX_NONE;
        }
        if (b == '$' && rx->state == RX_DATA) {
            /* a new packet starts: the old one was truncated */
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = false;
            return GDB_RX_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + b);
        if (rx->state == RX_DATA && b == '}') {
            rx->state = RX_ESC;
            return GDB_RX_NONE;
        }
        if (rx->state == RX_ESC) {
            b ^= 0x20;
            rx->state = RX_DATA;
        }
        if (rx->len < GDB_MAX_PACKET)
            rx->buf[rx->len++] = (char)b;
        else
            rx->overflow = true;
        return GDB_RX_NONE;
    case RX_SUM1: {
        int v = hexval(b);
        rx->got = (uint8_t)((v < 0 ? 0 : v) << 4);
        rx->state = v < 0 ? RX_IDLE : RX_SUM2;
        if (v < 0) {
            rx->buf[0] = 0;
            return GDB_RX_BADSUM;
        }
        return GDB_RX_NONE;
    }
    default: {
        int v = hexval(b);
        rx->state = RX_IDLE;
        rx->buf[rx->len] = 0;
        if (rx->overflow)
            return GDB_RX_OVERFLOW;
        if (v < 0 || (uint8_t)(rx->got | v) != rx->sum)
            return GDB_RX_BADSUM;
        return GDB_RX_PACKET;
    }
    }
}

/* ---- helpers ---- */

static const char hexd[] = "0123456789abcdef";

static size_t put_hex(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexd[b[i] >> 4];
        out[2 * i + 1] = hexd[b[i] & 15];
    }
    return 2 * n;
}

/* Parses hex digits up to a non-hex character; returns chars consumed. */
static size_t get_hexnum(const char *p, size_t avail, uint64_t *v)
{
    size_t i = 0;
    *v = 0;
    while (i < avail && i < 16 && hexval((unsigned char)p[i]) >= 0) {
        *v = (*v << 4) | (uint64_t)hexval((unsigned char)p[i]);
        i++;
    }
    return i;
}

static size_t get_hexbytes(const char *p, size_t avail, uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n && 2 * i + 1 < avail; i++) {
        int h = hexval((unsigned char)p[2 * i]), l = hexval((unsigned char)p[2 * i + 1]);
        if (h < 0 || l < 0)
            break;
        b[i] = (uint8_t)(h << 4 | l);
    }
    return i;
}

/* ---- registers ---- */

static void reg_get(struct cpu *c, const struct gdb_reg *r, uint8_t *out)
{
    uint64_t v = 0;
    memset(out, 0, r->bytes);
    switch (r->kind) {
    case GR_GPR: v = c->gpr[r->idx]; break;
    case GR_RIP: v = c->rip; break;
    case GR_EFLAGS: v = cpu_get_eflags(c); break;
    case GR_SEG: v = c->seg[r->idx].sel; break;
    case GR_FPU80: {
        /* st0-st7 in stack order: ST(i) is R[(TOP + i) & 7] */
        const sf_x80 *x = &c->fpu.r[(((c->fpu.sw >> 11) & 7) + r->idx) & 7];
        for (unsigned i = 0; i < 8; i++)
            out[i] = (uint8_t)(x->sig >> (8 * i));
        out[8] = (uint8_t)x->se;
        out[9] = (uint8_t)(x->se >> 8);
        return;
    }
    case GR_XMM: memcpy(out, c->xmm.r[r->idx].b, 16); return;
    case GR_FPU32:
        switch (r->idx) {
        case 0: v = c->fpu.cw; break;
        case 1: v = c->fpu.sw; break;
        case 2: v = fpu_tag_word(&c->fpu); break; /* the full tag word, as FSTENV */
        case 3: v = c->fpu.fcs; break;
        case 4: v = c->fpu.fip; break;
        case 5: v = c->fpu.fds; break;
        case 6: v = c->fpu.fdp; break;
        default: v = c->fpu.fop; break;
        }
        break;
    case GR_MXCSR: v = c->xmm.mxcsr; break;
    case GR_FSBASE: v = c->seg[SEG_FS].base; break;
    case GR_GSBASE: v = c->seg[SEG_GS].base; break;
    case GR_CR: v = r->idx == 0 ? c->cr0 : r->idx == 2 ? c->cr2 : r->idx == 3 ? c->cr3 : r->idx == 4 ? c->cr4 : c->cr8; break;
    case GR_EFER: v = c->efer; break;
    default: return; /* st, xmm: zero until the FPU/SSE state exists */
    }
    for (unsigned i = 0; i < r->bytes && i < 8; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static void reg_set(struct cpu *c, const struct gdb_reg *r, const uint8_t *in)
{
    uint64_t v = 0;
    for (unsigned i = r->bytes < 8 ? r->bytes : 8; i-- > 0;)
        v = (v << 8) | in[i];
    uint8_t cur[16];
    reg_get(c, r, cur);
    if (!memcmp(cur, in, r->bytes))
        return; /* G writes every register back: leave unchanged ones alone */
    static const char *const segn[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
    static const char *const crn[9] = {"cr0", NULL, "cr2", "cr3", "cr4", NULL, NULL, NULL, "cr8"};
    switch (r->kind) {
    case GR_GPR: c->gpr[r->idx] = r->bytes == 4 ? (uint32_t)v : v; break;
    case GR_RIP: c->rip = v; break;
    case GR_EFLAGS: dbg_reg_set(c, "eflags", v); cpu_update_mode(c); break;
    case GR_SEG: dbg_reg_set(c, segn[r->idx], v); break;
    case GR_FSBASE: c->seg[SEG_FS].base = v; break;
    case GR_GSBASE: c->seg[SEG_GS].base = v; break;
    case GR_CR: dbg_reg_set(c, crn[r->idx], v); cpu_update_mode(c); break;
    case GR_EFER: dbg_reg_set(c, "efer", v); cpu_update_mode(c); break;
    case GR_FPU80: {
        sf_x80 *x = &c->fpu.r[(((c->fpu.sw >> 11) & 7) + r->idx) & 7];
        x->sig = v;
        x->se = (uint16_t)(in[8] | in[9] << 8);
        break;
    }
    case GR_XMM: memcpy(c->xmm.r[r->idx].b, in, 16); break;
    case GR_FPU32:
        switch (r->idx) {
        case 0: c->fpu.cw = (uint16_t)v; break;
        case 1: c->fpu.sw = (uint16_t)v; break;
        case 2: /* two bits per register; only "empty" (3) is kept */
            c->fpu.empty = 0;
            for (unsigned p = 0; p < 8; p++)
                if (((v >> (2 * p)) & 3) == 3)
                    c->fpu.empty |= (uint8_t)(1u << p);
            break;
        case 3: c->fpu.fcs = (uint16_t)v; break;
        case 4: c->fpu.fip = (uint32_t)v; break;
        case 5: c->fpu.fds = (uint16_t)v; break;
        case 6: c->fpu.fdp = (uint32_t)v; break;
        default: c->fpu.fop = (uint16_t)(v & 0x7FF); break;
        }
        break;
    case GR_MXCSR: c->xmm.mxcsr = (uint32_t)v; break;
    default: break;
    }
}

/* ---- packets ---- */

static int err_reply(char *reply, size_t cap, int e)
{
    return snprintf(reply, cap, "E%02x", e);
}

static int stop_reply(struct gdbstub *s, char *reply, size_t cap, int sig)
{
    struct debugger *d = s->d;
    if (d->watch_hit) {
        const char *k = d->watch_type == WP_WRITE ? "watch" : d->watch_type == WP_READ ? "rwatch" : "awatch";
        return snprintf(reply, cap, "T%02x%s:%llx;thread:01;", sig, k, (unsigned long long)d->watch_addr);
    }
    return snprintf(reply, cap, "T%02xthread:01;", sig);
}

static int monitor(struct gdbstub *s, const char *hex, size_t n, char *reply, size_t cap)
{
    char cmd[512];
    size_t k = get_hexbytes(hex, n, (uint8_t *)cmd, sizeof cmd - 1);
    cmd[k] = 0;
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    if (!f)
        return err_reply(reply, cap, 12);
    FILE *saved = s->d->out;
    s->d->out = f;
    s->d->in_monitor = true;
    dbg_command(s->d, cmd);
    s->d->in_monitor = false;
    s->d->out = saved;
    fclose(f);
    int len;
    if (!outlen) {
        len = snprintf(reply, cap, "OK");
    } else {
        if (outlen * 2 + 1 > cap)
            outlen = (cap - 1) / 2;
        len = (int)put_hex(reply, (const uint8_t *)out, outlen);
        reply[len] = 0;
    }
    free(out);
    return len;
}

static int xfer(struct gdbstub *s, const char *args, char *reply, size_t cap)
{
    /* qXfer:features:read:ANNEX:OFFSET,LENGTH */
    char annex[64];
    const char *colon = strchr(args, ':');
    if (!colon || (size_t)(colon - args) >= sizeof annex)
        return err_reply(reply, cap, 0);
    memcpy(annex, args, (size_t)(colon - args));
    annex[colon - args] = 0;
    const char *doc = gdb_xml_annex(annex, s->x86_64, s->xml, sizeof s->xml);
    if (!doc)
        return err_reply(reply, cap, 0);
    uint64_t off, len;
    const char *p = colon + 1;
    size_t n = get_hexnum(p, strlen(p), &off);
    if (!n || p[n] != ',')
        return err_reply(reply, cap, 0);
    p += n + 1;
    if (!get_hexnum(p, strlen(p), &len))
        return err_reply(reply, cap, 0);
    size_t total = strlen(doc);
    if (off >= total)
        return snprintf(reply, cap, "l");
    size_t avail = total - (size_t)off;
    size_t take = avail < len ? avail : (size_t)len;
    if (take > GDB_MAX_PACKET - 16)
        take = GDB_MAX_PACKET - 16;
    size_t o = 0;
    reply[o++] = take == avail ? 'l' : 'm';
    for (size_t i = 0; i < take && o + 2 < cap; i++) {
        char ch = doc[off + i];
        if (ch == '#' || ch == '$' || ch == '}' || ch == '*') {
            reply[o++] = '}';
            reply[o++] = (char)(ch ^ 0x20);
        } else {
            reply[o++] = ch;
        }
    }
    reply[o] = 0;
    return (int)o;
}

/* Z/z type,addr,kind */
static int breakpoint(struct gdbstub *s, const char *pkt, size_t len, char *reply, size_t cap)
{
    bool insert = pkt[0] == 'Z';
    uint64_t type, addr, kind;
    size_t i = 1, n;
    if (!(n = get_hexnum(pkt + i, len - i, &type)) || i + n >= len || pkt[i + n] != ',')
        return err_reply(reply, cap, 1);
    i += n + 1;
    if (!(n = get_hexnum(pkt + i, len - i, &addr)) || i + n >= len || pkt[i + n] != ',')
        return err_reply(reply, cap, 1);
    i += n + 1;
    if (!get_hexnum(pkt + i, len - i, &kind))
        return err_reply(reply, cap, 1);
    struct debugger *d = s->d;
    int r;
    switch (type) {
    case 0: case 1:
        r = insert ? (dbg_add_bp(d, BP_LIN, 0, addr, true) < 0 ? -1 : 0) : dbg_del_bp_addr(d, BP_LIN, addr, true);
        break;
    case 2: case 3: case 4: {
        int t = type == 2 ? WP_WRITE : type == 3 ? WP_READ : WP_ACCESS;
        if (!kind || kind > 4096)
            return err_reply(reply, cap, 22);
        r = insert ? dbg_add_wp(d, addr, (unsigned)kind, t, false, true) : dbg_del_wp(d, addr, (unsigned)kind, t, false, true);
        break;
    }
    default:
        reply[0] = 0;
        return 0; /* unsupported type: empty reply */
    }
    return r < 0 ? err_reply(reply, cap, 14) : snprintf(reply, cap, "OK");
}

int gdbstub_handle(struct gdbstub *s, const char *pkt, size_t len, char *reply, size_t cap, int *resume,
                   bool *detach)
{
    struct cpu *c = s->m->cpu;
    int nregs;
    const struct gdb_reg *regs = gdb_xml_regs(s->x86_64, &nregs);
    *resume = 0;
    *detach = false;
    reply[0] = 0;
    if (!len)
        return 0;
    switch (pkt[0]) {
    case '?':
        return stop_reply(s, reply, cap, 5);
    case 'g': {
        size_t o = 0;
        for (int i = 0; i < nregs && o + 40 < cap; i++) {
            uint8_t b[16];
            reg_get(c, &regs[i], b);
            o += put_hex(reply + o, b, regs[i].bytes);
        }
        reply[o] = 0;
        return (int)o;
    }
    case 'G': {
        size_t o = 1;
        for (int i = 0; i < nregs; i++) {
            uint8_t b[16];
            if (get_hexbytes(pkt + o, len - o, b, regs[i].bytes) < regs[i].bytes)
                break; /* gdb may send fewer registers than the layout has */
            reg_set(c, &regs[i], b);
            o += 2u * regs[i].bytes;
        }
        return snprintf(reply, cap, "OK");
    }
    case 'p': case 'P': {
        uint64_t n;
        size_t k = get_hexnum(pkt + 1, len - 1, &n);
        if (!k || n >= (uint64_t)nregs)
            return pkt[0] == 'p' ? err_reply(reply, cap, 0) : err_reply(reply, cap, 0);
        uint8_t b[16];
        if (pkt[0] == 'p') {
            reg_get(c, &regs[n], b);
            size_t o = put_hex(reply, b, regs[n].bytes);
            reply[o] = 0;
            return (int)o;
        }
        if (1 + k >= len || pkt[1 + k] != '=' ||
            get_hexbytes(pkt + 2 + k, len - 2 - k, b, regs[n].bytes) < regs[n].bytes)
            return err_reply(reply, cap, 22);
        reg_set(c, &regs[n], b);
        return snprintf(reply, cap, "OK");
    }
    case 'm': case 'M': case 'X': {
        uint64_t addr, n;
        size_t k = get_hexnum(pkt + 1, len - 1, &addr);
        if (!k || 1 + k >= len || pkt[1 + k] != ',')
            return err_reply(reply, cap, 22);
        size_t k2 = get_hexnum(pkt + 2 + k, len - 2 - k, &n);
        if (!k2)
            return err_reply(reply, cap, 22);
        size_t data = 2 + k + k2;
        if (pkt[0] == 'm') {
            if (n > (cap - 1) / 2)
                n = (cap - 1) / 2;
            uint8_t buf[GDB_MAX_PACKET];
            if (n > sizeof buf)
                n = sizeof buf;
            size_t got = dbg_read_lin(c, addr, buf, (size_t)n);
            if (!got && n)
                return err_reply(reply, cap, 14);
            size_t o = put_hex(reply, buf, got);
            reply[o] = 0;
            return (int)o;
        }
        if (data >= len + 1 || (data < len && pkt[data] != ':') || n > GDB_MAX_PACKET)
            return err_reply(reply, cap, 22);
        uint8_t buf[GDB_MAX_PACKET];
        const char *src = pkt + data + 1;
        size_t avail = data < len ? len - data - 1 : 0;
        if (pkt[0] == 'M') {
            if (get_hexbytes(src, avail, buf, (size_t)n) < n)
                return err_reply(reply, cap, 22);
        } else {
            if (avail < n)
                return err_reply(reply, cap, 22);
            memcpy(buf, src, (size_t)n);
        }
        if (dbg_write_lin(c, addr, buf, (size_t)n) < n)
            return err_reply(reply, cap, 14);
        return snprintf(reply, cap, "OK");
    }
    case 'c': case 's': {
        uint64_t addr;
        if (len > 1 && get_hexnum(pkt + 1, len - 1, &addr))
            c->rip = addr;
        *resume = pkt[0] == 'c' ? 1 : 2;
        return -1;
    }
    case 'C': case 'S':
        /* continue/step with a signal: the signal means nothing to a PC */
        *resume = pkt[0] == 'C' ? 1 : 2;
        return -1;
    case 'v':
        if (!strncmp(pkt, "vCont?", 6))
            return snprintf(reply, cap, "vCont;c;C;s;S");
        if (!strncmp(pkt, "vCont;", 6)) {
            char a = pkt[6];
            if (a == 'c' || a == 'C')
                *resume = 1;
            else if (a == 's' || a == 'S')
                *resume = 2;
            else
                return err_reply(reply, cap, 22);
            return -1;
        }
        if (!strncmp(pkt, "vMustReplyEmpty", 15))
            return 0;
        if (!strncmp(pkt, "vKill", 5)) {
            *detach = true;
            *resume = -1;
            return snprintf(reply, cap, "OK");
        }
        return 0;
    case 'H':
        return snprintf(reply, cap, "OK");
    case 'T':
        return snprintf(reply, cap, "OK");
    case 'D':
        *detach = true;
        return snprintf(reply, cap, "OK");
    case 'k':
        *detach = true;
        *resume = -1;
        return -1;
    case 'Z': case 'z':
        return breakpoint(s, pkt, len, reply, cap);
    case 'q':
        if (!strncmp(pkt, "qSupported", 10))
            return snprintf(reply, cap, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+",
                            GDB_MAX_PACKET);
        if (!strncmp(pkt, "qXfer:features:read:", 20))
            return xfer(s, pkt + 20, reply, cap);
        if (!strcmp(pkt, "qAttached"))
            return snprintf(reply, cap, "1");
        if (!strcmp(pkt, "qC"))
            return snprintf(reply, cap, "QC1");
        if (!strcmp(pkt, "qfThreadInfo"))
            return snprintf(reply, cap, "m1");
        if (!strcmp(pkt, "qsThreadInfo"))
            return snprintf(reply, cap, "l");
        if (!strcmp(pkt, "qOffsets"))
            return snprintf(reply, cap, "Text=0;Data=0;Bss=0");
        if (!strncmp(pkt, "qSymbol", 7))
            return snprintf(reply, cap, "OK");
        if (!strncmp(pkt, "qRcmd,", 6))
            return monitor(s, pkt + 6, len - 6, reply, cap);
        return 0;
    case 'Q':
        if (!strcmp(pkt, "QStartNoAckMode")) {
            s->noack = true; /* takes effect after this reply's ack */
            return snprintf(reply, cap, "OK");
        }
        return 0;
    default:
        return 0;
    }
}

/* ---- the connection ---- */

static void close_conn(struct gdbstub *s)
{
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
    s->noack = false;
    gdbstub_rx_init(&s->rx);
}

static bool send_all(struct gdbstub *s, const char *b, size_t n)
{
    while (n) {
        ssize_t w = send(s->fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        b += w;
        n -= (size_t)w;
    }
    return true;
}

static bool send_packet(struct gdbstub *s, const char *payload, size_t n)
{
    char hdr = '$', tail[4];
    uint8_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
    snprintf(tail, sizeof tail, "#%02x", sum);
    return send_all(s, &hdr, 1) && send_all(s, payload, n) && send_all(s, tail, 3);
}

static bool wait_conn(struct gdbstub *s)
{
    if (s->fd >= 0)
        return true;
    if (s->lfd < 0)
        return false;
    fprintf(stderr, "emu: waiting for gdb on 127.0.0.1:%d\n", s->port);
    for (;;) {
        int fd = accept(s->lfd, NULL, NULL);
        if (fd >= 0) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            s->fd = fd;
            gdbstub_rx_init(&s->rx);
            return true;
        }
        if (errno != EINTR)
            return false;
    }
}

int gdbstub_stopped(struct gdbstub *s, int signal)
{
    if (s->fd < 0) {
        if (!wait_conn(s))
            return -1;
        s->need_stop_reply = false; /* gdb asks with '?' */
    }
    if (s->need_stop_reply) {
        int n = stop_reply(s, s->reply, sizeof s->reply, signal);
        if (!send_packet(s, s->reply, (size_t)n)) {
            close_conn(s);
            return s->d->interactive ? 0 : gdbstub_stopped(s, signal);
        }
        s->need_stop_reply = false;
    }
    uint8_t buf[4096];
    for (;;) {
        ssize_t got = recv(s->fd, buf, sizeof buf, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            close_conn(s);
            if (s->d->interactive)
                return 0;
            if (!wait_conn(s))
                return -1;
            continue;
        }
        for (ssize_t i = 0; i < got; i++) {
            int r = gdbstub_rx_byte(&s->rx, buf[i]);
            if (r == GDB_RX_BADSUM || r == GDB_RX_OVERFLOW) {
                if (!s->noack)
                    send_all(s, "-", 1);
                continue;
            }
            if (r != GDB_RX_PACKET)
                continue; /* acks, ^C while stopped, noise */
            bool was_noack = s->noack;
            if (!s->noack)
                send_all(s, "+", 1);
            int resume;
            bool detach;
            int n = gdbstub_handle(s, s->rx.buf, s->rx.len, s->reply, sizeof s->reply, &resume, &detach);
            if (n >= 0) {
                if (!was_noack && s->noack)
                    (void)0; /* the reply to QStartNoAckMode is still acked by gdb */
                send_packet(s, s->reply, (size_t)n);
            }
            if (detach) {
                close_conn(s);
                if (resume < 0)
                    return -1;
                return 0;
            }
            if (resume > 0) {
                s->need_stop_reply = true;
                return resume;
            }
        }
    }
}

bool gdbstub_poll_interrupt(struct gdbstub *s)
{
    if (s->fd < 0)
        return false;
    uint8_t buf[256];
    ssize_t got = recv(s->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (got == 0) {
        close_conn(s); /* gone while running: we'll wait at the next stop */
        return false;
    }
    for (ssize_t i = 0; i < got; i++)
        if (gdbstub_rx_byte(&s->rx, buf[i]) == GDB_RX_INTR)
            return true;
    return false;
}

bool gdbstub_connected(const struct gdbstub *s) { return s->fd >= 0; }
int gdbstub_port(const struct gdbstub *s) { return s->port; }

struct gdbstub *gdbstub_new_detached(struct debugger *d, struct machine *m)
{
    struct gdbstub *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->d = d;
    s->m = m;
    s->lfd = s->fd = -1;
    s->x86_64 = true;
    gdbstub_rx_init(&s->rx);
    return s;
}

struct gdbstub *gdbstub_new(struct debugger *d, struct machine *m, int port)
{
    struct gdbstub *s = gdbstub_new_detached(d, m);
    if (!s)
        return NULL;
    s->port = port;
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only */
    if (s->lfd < 0 || setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        bind(s->lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(s->lfd, 1) < 0) {
        fprintf(stderr, "emu: --gdb %d: cannot listen on 127.0.0.1:%d: %s\n", port, port, strerror(errno));
        gdbstub_free(s);
        return NULL;
    }
    return s;
}

void gdbstub_free(struct gdbstub *s)
{
    if (!s)
        return;
    close_conn(s);
    if (s->lfd >= 0)
        close(s->lfd);
    free(s);
}
