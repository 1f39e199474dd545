/* tests/unit/test_gdbstub.c: the gdb packet receiver and packet handler,
 * including a property test that throws random and mutated packets at
 * both (they must never crash, overrun or answer out of protocol). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "debug/debug.h"
#include "machine/machine.h"

static int feed(struct gdb_rx *rx, const char *s, size_t n)
{
    int last = GDB_RX_NONE;
    for (size_t i = 0; i < n; i++) {
        int r = gdbstub_rx_byte(rx, (uint8_t)s[i]);
        if (r != GDB_RX_NONE)
            last = r;
    }
    return last;
}

Test(gdb_rx, good_packet_and_checksum)
{
    struct gdb_rx rx;
    gdbstub_rx_init(&rx);
    cr_assert_eq(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
    cr_assert_str_eq(rx.buf, "g");
    cr_assert_eq(feed(&rx, "$g#68", 5), GDB_RX_BADSUM);
    cr_assert_eq(feed(&rx, "+", 1), GDB_RX_ACK);
    cr_assert_eq(feed(&rx, "-", 1), GDB_RX_NAK);
    cr_assert_eq(feed(&rx, "\x03", 1), GDB_RX_INTR);
}

Test(gdb_rx, escapes_are_undone)
{
    /* X packet data: '}' followed by byte ^ 0x20; checksum covers the raw bytes */
    const char body[] = "X0,1:}\x5d";
    unsigned sum = 0;
    for (const char *p = body; *p; p++)
        sum += (uint8_t)*p;
    char pkt[64];
    int n = snprintf(pkt, sizeof pkt, "$%s#%02x", body, sum & 0xFF);
    struct gdb_rx rx;
    gdbstub_rx_init(&rx);
    cr_assert_eq(feed(&rx, pkt, (size_t)n), GDB_RX_PACKET);
    cr_assert_eq(rx.len, 6);
    cr_assert_eq((uint8_t)rx.buf[5], 0x7d);
}

Test(gdb_rx, oversized_packet_is_dropped)
{
    struct gdb_rx rx;
    gdbstub_rx_init(&rx);
    size_t n = GDB_MAX_PACKET + 100;
    char *big = malloc(n + 4);
    big[0] = '$';
    memset(big + 1, 'a', n - 1);
    memcpy(big + n, "#00", 3);
    cr_assert_eq(feed(&rx, big, n + 3), GDB_RX_OVERFLOW);
    cr_assert_eq(feed(&rx, "$g#67", 5), GDB_RX_PACKET); /* and it recovers */
    free(big);
}

static struct machine *new_machine(struct config *cfg)
{
    config_defaults(cfg);
    cfg->debugger = true;
    cfg->e9_path = "stderr";
    struct machine *m = machine_new(cfg);
    cr_assert(m && m->dbg);
    return m;
}

static int handle(struct gdbstub *s, const char *pkt, char *reply, size_t cap)
{
    int resume;
    bool detach;
    return gdbstub_handle(s, pkt, strlen(pkt), reply, cap, &resume, &detach);
}

Test(gdb_handle, x87_and_sse_registers)
{
    struct config cfg;
    struct machine *m = new_machine(&cfg);
    struct gdbstub *s = gdbstub_new_detached(m->dbg, m);
    char reply[GDB_MAX_PACKET * 2 + 16];
    struct cpu *c = m->cpu;
    /* fld1; fldpi after fninit: TOP=6, R6 = pi, R7 = 1 */
    c->fpu.sw = 0x3000;
    c->fpu.empty = 0x3F;
    c->fpu.r[6] = (sf_x80){0xc90fdaa22168c235ull, 0x4000};
    c->fpu.r[7] = (sf_x80){0x8000000000000000ull, 0x3fff};
    c->fpu.fip = 0x7e31;
    handle(s, "p18", reply, sizeof reply); /* st0 = ST(0), stack order */
    cr_assert_str_eq(reply, "35c26821a2da0fc90040");
    handle(s, "p19", reply, sizeof reply);
    cr_assert_str_eq(reply, "0000000000000080ff3f");
    handle(s, "p21", reply, sizeof reply); /* fstat */
    cr_assert_str_eq(reply, "00300000");
    handle(s, "p22", reply, sizeof reply); /* ftag: R0-R5 empty, R6 valid, R7 valid */
    cr_assert_str_eq(reply, "ff0f0000");
    handle(s, "p24", reply, sizeof reply); /* fioff */
    cr_assert_str_eq(reply, "317e0000");
    memcpy(c->xmm.r[0].b, "\x77\x66\x55\x44\x33\x22\x11\x00\xff\xee\xdd\xcc\xbb\xaa\x99\x88", 16);
    handle(s, "p28", reply, sizeof reply); /* xmm0 */
    cr_assert_str_eq(reply, "7766554433221100ffeeddccbbaa9988");
    handle(s, "p38", reply, sizeof reply); /* mxcsr */
    cr_assert_str_eq(reply, "801f0000");
    /* writes */
    handle(s, "P37=01020304050607080910111213141516", reply, sizeof reply); /* xmm15 */
    cr_assert_str_eq(reply, "OK");
    cr_assert_eq(c->xmm.r[15].b[0], 1);
    cr_assert_eq(c->xmm.r[15].b[15], 0x16);
    handle(s, "P19=00000000000000a00040", reply, sizeof reply); /* st1 = 2.5 */
    cr_assert_str_eq(reply, "OK");
    cr_assert_eq(c->fpu.r[7].sig, 0xa000000000000000ull);
    cr_assert_eq(c->fpu.r[7].se, 0x4000);
    handle(s, "P38=a01f0000", reply, sizeof reply);
    cr_assert_eq(c->xmm.mxcsr, 0x1fa0);
    handle(s, "P22=ffff0000", reply, sizeof reply); /* ftag: all empty */
    cr_assert_eq(c->fpu.empty, 0xFF);
    handle(s, "P20=7f020000", reply, sizeof reply); /* fctrl */
    cr_assert_eq(c->fpu.cw, 0x027F);
    gdbstub_free(s);
    machine_free(m);
}

Test(gdb_handle, registers_memory_breakpoints)
{
    struct config cfg;
    struct machine *m = new_machine(&cfg);
    struct gdbstub *s = gdbstub_new_detached(m->dbg, m);
    char reply[GDB_MAX_PACKET * 2 + 16];
    m->cpu->gpr[R_AX] = 0x1122334455667788ull;
    m->cpu->rip = 0xfff0;
    cr_assert_gt(handle(s, "g", reply, sizeof reply), 0);
    cr_assert(!strncmp(reply, "8877665544332211", 16), "%.32s", reply);
    /* register 16 is rip in the x86-64 layout */
    handle(s, "p10", reply, sizeof reply);
    cr_assert_str_eq(reply, "f0ff000000000000");
    handle(s, "P2=0100000000000000", reply, sizeof reply); /* rcx */
    cr_assert_str_eq(reply, "OK");
    cr_assert_eq(m->cpu->gpr[R_CX], 1);
    handle(s, "M500,2:abcd", reply, sizeof reply);
    cr_assert_str_eq(reply, "OK");
    handle(s, "m500,2", reply, sizeof reply);
    cr_assert_str_eq(reply, "abcd");
    handle(s, "Z0,7c00,1", reply, sizeof reply);
    cr_assert_str_eq(reply, "OK");
    handle(s, "z0,7c00,1", reply, sizeof reply);
    cr_assert_str_eq(reply, "OK");
    handle(s, "z0,7c00,1", reply, sizeof reply);
    cr_assert_eq(reply[0], 'E'); /* not there any more */
    handle(s, "qSupported:multiprocess+", reply, sizeof reply);
    cr_assert(strstr(reply, "qXfer:features:read+"));
    handle(s, "qXfer:features:read:target.xml:0,ffff", reply, sizeof reply);
    cr_assert(reply[0] == 'l' || reply[0] == 'm');
    cr_assert(strstr(reply, "i386:x86-64"));
    cr_assert(strstr(reply, "org.gnu.gdb.i386.core"));
    handle(s, "qRcmd,7265672072", reply, sizeof reply); /* "reg r": unknown -> message */
    cr_assert_neq(strcmp(reply, ""), 0);
    gdbstub_free(s);
    machine_free(m);
}

Test(gdb_xml, both_layouts_match_their_register_tables)
{
    char buf[8192];
    for (int w = 0; w < 2; w++) {
        int n;
        const struct gdb_reg *r = gdb_xml_regs(w, &n);
        const char *doc = gdb_xml_annex("target.xml", w, buf, sizeof buf);
        cr_assert(doc);
        for (int i = 0; i < n; i++) {
            char want[64];
            snprintf(want, sizeof want, "name=\"%s\" bitsize=\"%d\"", r[i].name, r[i].bytes * 8);
            cr_assert(strstr(doc, want), "%s", want);
        }
        cr_assert(strstr(doc, "name=\"cs\"") && strstr(doc, "name=\"st0\"") && strstr(doc, "name=\"xmm0\"") &&
                  strstr(doc, "name=\"cr0\""));
    }
    cr_assert_null(gdb_xml_annex("other.xml", true, buf, sizeof buf));
}

/* Property: random bytes and mutations of valid packets never crash the
 * receiver or the handler, and replies always fit. */
Test(gdb_fuzz, random_packets)
{
    struct config cfg;
    struct machine *m = new_machine(&cfg);
    struct gdbstub *s = gdbstub_new_detached(m->dbg, m);
    static const char *const seeds[] = {
        "g", "G00", "p10", "Pff=00", "m0,10", "mffffffffffffffff,ffff", "M0,4:zz", "X500,3:ab",
        "Z2,500,2", "z2,500,2", "Z4,0,0", "Z9,1,1", "qXfer:features:read:target.xml:fff,10",
        "qXfer:features:read:x", "qRcmd,", "qRcmd,696e666f20676474", "vCont;x", "vCont;s:1",
        "c", "s10", "D", "k", "QStartNoAckMode", "H", "?", "qfThreadInfo", "T1", "P",
    };
    unsigned seed = 12345;
    char pkt[GDB_MAX_PACKET + 1];
    char reply[GDB_MAX_PACKET * 2 + 16];
    struct gdb_rx rx;
    gdbstub_rx_init(&rx);
    FILE *sink = fopen("/dev/null", "w");
    dbg_set_output(m->dbg, sink);
    for (int iter = 0; iter < 20000; iter++) {
        seed = seed * 1103515245u + 12345u;
        size_t len;
        if (seed >> 30) {
            const char *base = seeds[(seed >> 8) % (sizeof seeds / sizeof seeds[0])];
            len = strlen(base);
            memcpy(pkt, base, len);
            unsigned muts = (seed >> 16) % 4;
            for (unsigned k = 0; k < muts; k++) {
                seed = seed * 1103515245u + 12345u;
                size_t at = len ? (seed >> 8) % (len + 1) : 0;
                if (at < len)
                    pkt[at] = (char)(seed >> 20);
                else if (len < sizeof pkt - 1)
                    pkt[len++] = (char)(seed >> 20);
            }
        } else {
            len = (seed >> 8) % 64;
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                pkt[k] = (char)(seed >> 16);
            }
        }
        pkt[len] = 0;
        for (size_t k = 0; k < len; k++)
            gdbstub_rx_byte(&rx, (uint8_t)pkt[k]);
        int resume;
        bool detach;
        /* keep the machine's memory map intact: no writes to low RAM code */
        int n = gdbstub_handle(s, pkt, len, reply, sizeof reply, &resume, &detach);
        cr_assert(n < (int)sizeof reply);
        if (n >= 0)
            cr_assert_eq(strlen(reply) <= (size_t)n || reply[0] == 'l' || reply[0] == 'm', 1);
    }
    fclose(sink);
    gdbstub_free(s);
    machine_free(m);
}
