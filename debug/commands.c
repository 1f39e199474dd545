/* debug/commands.c: Bochs's debugger commands.
 *
 * Syntax and names follow the Bochs user manual, "Using Bochs internal
 * debugger": c, s [n], p/n, b/pb/vb/lb, info break, bpd/bpe/d/del, watch,
 * unwatch, r, sreg, creg, dreg, fp, mmx, xmm, x/xp /nuf, u, setpmem,
 * set reg = val, info ..., page, trace*, show, print-stack, writemem,
 * ldsym, source, q.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu/cpu.h"
#include "debug/dbg_int.h"
#include "machine/machine.h"
#include "machine/snapshot.h"
#include "memory/phys.h"

static const char *skip(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Copies the next blank-separated word into w; returns the rest. */
static const char *word(const char *p, char *w, size_t size)
{
    p = skip(p);
    size_t n = 0;
    while (*p && *p != ' ' && *p != '\t') {
        if (n + 1 < size)
            w[n++] = *p;
        p++;
    }
    w[n] = 0;
    return skip(p);
}

static bool on_off(struct debugger *d, const char *arg, bool *flag, const char *what)
{
    if (!strcasecmp(arg, "on"))
        *flag = true;
    else if (!strcasecmp(arg, "off"))
        *flag = false;
    else {
        fprintf(d->out, "%s: expected on or off\n", what);
        return false;
    }
    fprintf(d->out, "%s %s\n", what, *flag ? "on" : "off");
    return true;
}

/* ---- x / xp ---- */

static void parse_nuf(struct debugger *d, const char **pp)
{
    const char *p = skip(*pp);
    if (*p != '/')
        return;
    p++;
    if (isdigit((unsigned char)*p))
        d->x_count = (unsigned)strtoul(p, (char **)&p, 10);
    while (*p && *p != ' ' && *p != '\t') {
        switch (*p) {
        case 'b': d->x_unit = 1; break;
        case 'h': d->x_unit = 2; break;
        case 'w': d->x_unit = 4; break;
        case 'g': d->x_unit = 8; break;
        case 'x': case 'd': case 'u': case 'o': case 't': case 'c': case 's': case 'i':
            d->x_fmt = *p;
            break;
        default: break;
        }
        p++;
    }
    *pp = skip(p);
}

static void print_unit(FILE *f, uint64_t v, unsigned unit, char fmt)
{
    switch (fmt) {
    case 'd': {
        int64_t s = unit == 8 ? (int64_t)v : (int64_t)(v << (64 - unit * 8)) >> (64 - unit * 8);
        fprintf(f, "%lld", (long long)s);
        break;
    }
    case 'u': fprintf(f, "%llu", (unsigned long long)v); break;
    case 'o': fprintf(f, "0%llo", (unsigned long long)v); break;
    case 't':
        for (int i = (int)unit * 8 - 1; i >= 0; i--)
            fputc('0' + (int)((v >> i) & 1), f);
        break;
    case 'c': fprintf(f, "'%c'", isprint((int)(v & 0xFF)) ? (int)(v & 0xFF) : '.'); break;
    default: fprintf(f, "0x%0*llx", (int)unit * 2, (unsigned long long)v); break;
    }
}

static void cmd_x(struct debugger *d, const char *args, bool phys)
{
    parse_nuf(d, &args);
    uint64_t addr = d->x_next;
    if (*args) {
        struct dbg_value v;
        if (!dbg_eval(d, args, &v, NULL))
            return;
        addr = v.val;
    }
    unsigned per_line = d->x_unit == 1 ? 8 : d->x_unit == 2 ? 8 : d->x_unit == 4 ? 4 : 2;
    if (d->x_fmt == 'i') {
        for (unsigned i = 0; i < d->x_count; i++) {
            char text[128];
            uint8_t bytes[16];
            int n = dbg_disasm_at(d->c, addr, addr, d->c->dmode, text, sizeof text, bytes);
            fprintf(d->out, "0x%016llx: %s\n", (unsigned long long)addr, text);
            addr += n ? (unsigned)n : 1;
        }
        d->x_next = addr;
        return;
    }
    fprintf(d->out, "[emu]:\n");
    for (unsigned i = 0; i < d->x_count; i++) {
        uint64_t a = addr + (uint64_t)i * d->x_unit;
        if (i % per_line == 0) {
            if (i)
                fputc('\n', d->out);
            uint64_t delta;
            const char *s = dbg_sym_nearest(d->syms, a, &delta);
            fprintf(d->out, "0x%016llx <%s+%8llu>:", (unsigned long long)a, s ? s : "bogus",
                    (unsigned long long)(s ? delta : 0));
        }
        uint8_t buf[8] = {0};
        size_t got;
        if (phys) {
            phys_read_buf(d->c->phys, a, buf, d->x_unit);
            got = d->x_unit;
        } else {
            got = dbg_read_lin(d->c, a, buf, d->x_unit);
        }
        if (got < d->x_unit) {
            fprintf(d->out, "\n(page not mapped at 0x%llx)", (unsigned long long)a);
            break;
        }
        uint64_t v = 0;
        for (unsigned k = d->x_unit; k-- > 0;)
            v = (v << 8) | buf[k];
        fputc('\t', d->out);
        print_unit(d->out, v, d->x_unit, d->x_fmt);
    }
    fputc('\n', d->out);
    d->x_next = addr + (uint64_t)d->x_count * d->x_unit;
}

/* ---- u ---- */

static void cmd_u(struct debugger *d, const char *args)
{
    unsigned n = 1;
    args = skip(args);
    if (*args == '/') {
        n = (unsigned)strtoul(args + 1, (char **)&args, 10);
        args = skip(args);
    }
    struct cpu *c = d->c;
    uint64_t lin = d->u_next ? d->u_next : dbg_pc_linear(c);
    if (*args) {
        struct dbg_value v;
        if (!dbg_eval(d, args, &v, NULL))
            return;
        lin = v.val;
    }
    uint64_t base = c->dmode == DMODE_64 ? 0 : c->seg[SEG_CS].base;
    for (unsigned i = 0; i < n; i++) {
        char text[128];
        uint8_t bytes[16];
        int len = dbg_disasm_at(c, lin, lin - base, c->dmode, text, sizeof text, bytes);
        const char *sym = dbg_sym_at(d->syms, lin);
        fprintf(d->out, "%016llx: ( %-19s): %-26s ; ", (unsigned long long)lin, sym ? sym : "", text);
        for (int k = 0; k < len; k++)
            fprintf(d->out, "%02x", bytes[k]);
        fputc('\n', d->out);
        if (!len)
            break;
        lin += (unsigned)len;
    }
    d->u_next = lin;
}

/* ---- breakpoints ---- */

static void cmd_break(struct debugger *d, enum bp_kind kind, const char *args)
{
    struct dbg_value v;
    if (!*skip(args)) {
        if (kind == BP_VIRT) {
            fprintf(d->out, "vb: expected seg:off\n");
            return;
        }
        v.val = kind == BP_LIN ? dbg_pc_linear(d->c) : 0;
        if (kind == BP_PHYS)
            dbg_lin_to_phys(d->c, dbg_pc_linear(d->c), &v.val);
    } else if (!dbg_eval(d, args, &v, NULL)) {
        return;
    }
    uint16_t seg = 0;
    uint64_t addr = v.val;
    if (kind == BP_VIRT) {
        if (!v.segoff) {
            fprintf(d->out, "vb: expected seg:off\n");
            return;
        }
        seg = (uint16_t)v.seg;
        addr = v.off;
    }
    int id = dbg_add_bp(d, kind, seg, addr, false);
    if (id < 0) {
        fprintf(d->out, "too many breakpoints\n");
        return;
    }
    if (kind == BP_VIRT)
        fprintf(d->out, "Breakpoint %d at 0x%04x:0x%llx\n", id, seg, (unsigned long long)addr);
    else
        fprintf(d->out, "Breakpoint %d at 0x%012llx\n", id, (unsigned long long)addr);
}

static void info_break(struct debugger *d)
{
    static const char *const kinds[] = {"pbreakpoint", "lbreakpoint", "vbreakpoint"};
    fprintf(d->out, "Num Type           Disp Enb Address\n");
    for (int i = 0; i < d->nbp; i++) {
        const struct dbg_bp *b = &d->bp[i];
        if (b->gdb)
            continue;
        fprintf(d->out, "%3d %-14s keep %c   ", b->id, kinds[b->kind], b->enabled ? 'y' : 'n');
        if (b->kind == BP_VIRT)
            fprintf(d->out, "0x%04x:0x%llx\n", b->seg, (unsigned long long)b->addr);
        else
            fprintf(d->out, "0x%012llx\n", (unsigned long long)b->addr);
    }
}

static struct dbg_bp *find_bp(struct debugger *d, const char *args)
{
    struct dbg_value v;
    if (!dbg_eval(d, args, &v, NULL))
        return NULL;
    for (int i = 0; i < d->nbp; i++)
        if (!d->bp[i].gdb && d->bp[i].id == (int)v.val)
            return &d->bp[i];
    fprintf(d->out, "no breakpoint %llu\n", (unsigned long long)v.val);
    return NULL;
}

/* ---- watchpoints ---- */

static void cmd_watch(struct debugger *d, const char *args)
{
    char kind[16];
    const char *rest = word(args, kind, sizeof kind);
    if (!kind[0]) {
        fprintf(d->out, "%d watchpoints\n", d->nwp);
        for (int i = 0; i < d->nwp; i++)
            fprintf(d->out, "  %s 0x%012llx len %u (%s)\n",
                    d->wp[i].type == WP_WRITE ? "write" : d->wp[i].type == WP_READ ? "read" : "access",
                    (unsigned long long)d->wp[i].addr, d->wp[i].len, d->wp[i].phys ? "physical" : "linear");
        return;
    }
    int type;
    if (!strcmp(kind, "r") || !strcmp(kind, "read"))
        type = WP_READ;
    else if (!strcmp(kind, "w") || !strcmp(kind, "write"))
        type = WP_WRITE;
    else {
        fprintf(d->out, "watch: expected r or w, then an address\n");
        return;
    }
    struct dbg_value a, l = {.val = 1};
    const char *end;
    if (!dbg_eval(d, rest, &a, &end))
        return;
    if (*skip(end) && !dbg_eval(d, end, &l, NULL))
        return;
    if (dbg_add_wp(d, a.val, (unsigned)l.val, type, true, false) < 0) {
        fprintf(d->out, "too many watchpoints\n");
        return;
    }
    fprintf(d->out, "%s watchpoint at 0x%012llx len %u inserted\n", type == WP_READ ? "read" : "write",
            (unsigned long long)a.val, (unsigned)l.val);
}

static void cmd_unwatch(struct debugger *d, const char *args)
{
    args = skip(args);
    if (!*args || !strcmp(args, "all")) {
        for (int i = d->nwp - 1; i >= 0; i--)
            if (!d->wp[i].gdb)
                dbg_del_wp(d, d->wp[i].addr, d->wp[i].len, d->wp[i].type, d->wp[i].phys, false);
        fprintf(d->out, "watchpoints removed\n");
        return;
    }
    char kind[16];
    const char *rest = args;
    if ((args[0] == 'r' || args[0] == 'w') && (args[1] == ' ' || args[1] == '\t'))
        rest = word(args, kind, sizeof kind);
    struct dbg_value a;
    if (!dbg_eval(d, rest, &a, NULL))
        return;
    if (dbg_del_wp(d, a.val, 0, 0, true, false) < 0)
        fprintf(d->out, "no watchpoint at 0x%llx\n", (unsigned long long)a.val);
    else
        fprintf(d->out, "watchpoint at 0x%012llx removed\n", (unsigned long long)a.val);
}

/* ---- misc ---- */

static void cmd_set(struct debugger *d, const char *args)
{
    args = skip(args);
    if (*args == '$')
        args++;
    char name[32];
    size_t n = 0;
    while (isalnum((unsigned char)*args) || *args == '_') {
        if (n + 1 < sizeof name)
            name[n++] = *args;
        args++;
    }
    name[n] = 0;
    args = skip(args);
    if (*args != '=') {
        fprintf(d->out, "set: expected 'set REG = VALUE'\n");
        return;
    }
    struct dbg_value v;
    if (!dbg_eval(d, args + 1, &v, NULL))
        return;
    if (dbg_reg_set(d->c, name, v.val) < 0)
        fprintf(d->out, "set: unknown or unsettable register '%s'\n", name);
    else if (!strcasecmp(name, "cr0") || !strcasecmp(name, "efer") || !strncasecmp(name, "cs", 2) ||
             strstr(name, "flags"))
        cpu_update_mode(d->c);
}

static void cmd_setpmem(struct debugger *d, const char *args)
{
    struct dbg_value a, sz, val;
    const char *e;
    if (!dbg_eval(d, args, &a, &e) || !dbg_eval(d, e, &sz, &e) || !dbg_eval(d, e, &val, NULL))
        return;
    if (sz.val != 1 && sz.val != 2 && sz.val != 4 && sz.val != 8) {
        fprintf(d->out, "setpmem: size must be 1, 2, 4 or 8\n");
        return;
    }
    uint8_t b[8];
    for (unsigned i = 0; i < 8; i++)
        b[i] = (uint8_t)(val.val >> (8 * i));
    phys_write_buf(d->c->phys, a.val, b, (size_t)sz.val);
    cpu_tlb_flush(d->c);
}

static void cmd_writemem(struct debugger *d, const char *args)
{
    char path[256];
    const char *rest = word(args, path, sizeof path);
    struct dbg_value a, l;
    const char *e;
    if (!path[0] || !dbg_eval(d, rest, &a, &e) || !dbg_eval(d, e, &l, NULL)) {
        fprintf(d->out, "writemem: expected FILE LINEAR-ADDRESS LENGTH\n");
        return;
    }
    size_t pl = strlen(path);
    if (pl >= 2 && path[0] == '"' && path[pl - 1] == '"') {
        memmove(path, path + 1, pl - 2); /* Bochs quotes file names */
        path[pl - 2] = 0;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(d->out, "writemem: %s: %s\n", path, strerror(errno));
        return;
    }
    uint8_t buf[4096];
    uint64_t done = 0;
    while (done < l.val) {
        size_t n = l.val - done < sizeof buf ? (size_t)(l.val - done) : sizeof buf;
        size_t got = dbg_read_lin(d->c, a.val + done, buf, n);
        fwrite(buf, 1, got, f);
        done += got;
        if (got < n) {
            fprintf(d->out, "writemem: page not mapped at 0x%llx\n", (unsigned long long)(a.val + done));
            break;
        }
    }
    fclose(f);
    fprintf(d->out, "wrote %llu bytes to %s\n", (unsigned long long)done, path);
}

/* snapshot save|restore FILE (machine/snapshot.h); errors go to stderr */
static void cmd_snapshot(struct debugger *d, const char *args)
{
    char op[16], path[256];
    word(word(args, op, sizeof op), path, sizeof path);
    if (!path[0] || (strcmp(op, "save") && strcmp(op, "restore"))) {
        fprintf(d->out, "snapshot: expected save FILE or restore FILE\n");
        return;
    }
    if (!strcmp(op, "save") ? snapshot_save(d->m, path) == 0 : snapshot_restore(d->m, path) == 0)
        fprintf(d->out, "snapshot %s %s at instruction %llu\n", !strcmp(op, "save") ? "saved to" : "restored from",
                path, (unsigned long long)d->c->icount);
}

static void cmd_print_stack(struct debugger *d, const char *args)
{
    struct cpu *c = d->c;
    unsigned n = 16;
    if (*skip(args)) {
        struct dbg_value v;
        if (!dbg_eval(d, args, &v, NULL))
            return;
        n = (unsigned)v.val;
    }
    unsigned w = c->dmode == DMODE_64 ? 8 : (c->seg[SEG_SS].attr & SA_DB) ? 4 : 2;
    fprintf(d->out, "Stack address size %u\n", w);
    uint64_t sp = c->gpr[R_SP] & (w == 2 ? 0xFFFF : w == 4 ? 0xFFFFFFFF : ~0ull);
    for (unsigned i = 0; i < n; i++) {
        uint64_t off = sp + (uint64_t)i * w;
        uint64_t lin = c->dmode == DMODE_64 ? off : (c->seg[SEG_SS].base + off) & 0xFFFFFFFFull;
        uint8_t b[8] = {0};
        if (dbg_read_lin(c, lin, b, w) < w)
            break;
        uint64_t v = 0;
        for (unsigned k = w; k-- > 0;)
            v = (v << 8) | b[k];
        uint64_t delta;
        const char *s = dbg_sym_nearest(d->syms, v, &delta);
        fprintf(d->out, " | STACK 0x%0*llx [0x%0*llx] (%s)\n", (int)w * 2, (unsigned long long)lin,
                (int)w * 2, (unsigned long long)v, s ? s : "<unknown>");
    }
}

static void cmd_ldsym(struct debugger *d, const char *args)
{
    char w[256];
    bool global = false;
    const char *rest = word(args, w, sizeof w);
    if (!strcmp(w, "global")) {
        global = true;
        rest = word(rest, w, sizeof w);
    }
    uint64_t offset = 0;
    if (*rest) {
        struct dbg_value v;
        if (!dbg_eval(d, rest, &v, NULL))
            return;
        offset = v.val;
    }
    /* Bochs quotes the file name */
    size_t n = strlen(w);
    if (n >= 2 && w[0] == '"' && w[n - 1] == '"') {
        memmove(w, w + 1, n - 2);
        w[n - 2] = 0;
    }
    char err[300];
    int r = dbg_sym_load(d->syms, w, offset, global, err, sizeof err);
    if (r < 0)
        fprintf(d->out, "ldsym: %s\n", err);
    else
        fprintf(d->out, "%d symbols loaded from %s\n", r, w);
}

static void cmd_source(struct debugger *d, const char *args)
{
    char path[256];
    word(args, path, sizeof path);
    if (d->nsrc >= DBG_MAX_SRC) {
        fprintf(d->out, "source: too deeply nested\n");
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(d->out, "source: %s: %s\n", path, strerror(errno));
        return;
    }
    d->src[d->nsrc++] = f;
}

static void cmd_trace(struct debugger *d, const char *arg, bool *flag, const char *what)
{
    if (!on_off(d, arg, flag, what))
        return;
    if (*flag && !d->trace) {
        char err[64];
        d->trace = dbg_trace_open("stdout", err, sizeof err);
    }
    dbg_update_observer(d);
}

static void cmd_show(struct debugger *d, const char *arg)
{
    if (!strcmp(arg, "mode"))
        d->show_mode = !d->show_mode;
    else if (!strcmp(arg, "int"))
        d->show_int = !d->show_int;
    else if (!strcmp(arg, "call"))
        d->show_call = !d->show_call;
    else if (!strcmp(arg, "off") || !strcmp(arg, "all"))
        d->show_mode = d->show_int = d->show_call = !strcmp(arg, "all");
    else if (!*arg) {
        fprintf(d->out, "current mode: %s\n", dbg_mode_name(d->c->mode));
    } else {
        fprintf(d->out, "show: expected mode, int, call, all or off\n");
        return;
    }
    fprintf(d->out, "show mode=%s int=%s call=%s\n", d->show_mode ? "on" : "off",
            d->show_int ? "on" : "off", d->show_call ? "on" : "off");
}

static void cmd_step_over(struct debugger *d)
{
    struct cpu *c = d->c;
    uint64_t lin = dbg_pc_linear(c);
    uint8_t b[16] = {0};
    size_t n = dbg_read_lin(c, lin, b, 15);
    struct insn in;
    if (decode(&in, b, n, c->dmode) > 0) {
        const char *name = in.op < opdesc_count ? opdesc_table[in.op].name : "";
        if (!strncmp(name, "CALL", 4) || !strncmp(name, "INT", 3) || in.rep) {
            d->over = true;
            d->over_lin = lin + in.len;
            return;
        }
    }
    d->steps_left = 1;
}

static void help(struct debugger *d)
{
    fprintf(d->out,
            "c | s [n] | p (n) | b/pb ADDR | lb ADDR | vb SEG:OFF | info break | bpd N | bpe N | d N\n"
            "watch r|w ADDR [LEN] | unwatch [ADDR] | r | sreg | creg | dreg | fp | mmx | xmm\n"
            "x /nuf ADDR | xp /nuf ADDR | u [/n] [ADDR] | setpmem ADDR SIZE VAL | set REG = VAL\n"
            "info cpu|gdt|idt|ldt|tss|tab|eflags|device [NAME] | page ADDR\n"
            "trace on|off | trace-reg on|off | trace-mem on|off | show mode|int|call|all|off\n"
            "print-stack [N] | writemem FILE ADDR LEN | ldsym [global] FILE [OFFSET]\n"
            "snapshot save|restore FILE | source FILE | ? EXPR | q\n");
}

int dbg_command(struct debugger *d, const char *line)
{
    char cmd[32];
    const char *args = word(line, cmd, sizeof cmd);
    if (!cmd[0] || cmd[0] == '#')
        return 0;
    bool resume = !strcmp(cmd, "c") || !strcmp(cmd, "cont") || !strcmp(cmd, "continue") ||
                  !strcmp(cmd, "s") || !strcmp(cmd, "step") || !strcmp(cmd, "p") ||
                  !strcmp(cmd, "n") || !strcmp(cmd, "next");
    if (resume && d->in_monitor) {
        fprintf(d->out, "%s: use gdb's own command for this\n", cmd);
        return 0;
    }
    if (!strcmp(cmd, "c") || !strcmp(cmd, "cont") || !strcmp(cmd, "continue")) {
        return 1;
    } else if (!strcmp(cmd, "s") || !strcmp(cmd, "step")) {
        d->steps_left = 1;
        if (*args) {
            struct dbg_value v;
            if (!dbg_eval(d, args, &v, NULL))
                return -1;
            d->steps_left = v.val ? v.val : 1;
        }
        return 1;
    } else if (!strcmp(cmd, "p") || !strcmp(cmd, "n") || !strcmp(cmd, "next")) {
        cmd_step_over(d);
        return 1;
    } else if (!strcmp(cmd, "q") || !strcmp(cmd, "quit") || !strcmp(cmd, "exit")) {
        d->quit = true;
        return 0;
    } else if (!strcmp(cmd, "b") || !strcmp(cmd, "pb") || !strcmp(cmd, "pbreak") || !strcmp(cmd, "break")) {
        cmd_break(d, BP_PHYS, args);
    } else if (!strcmp(cmd, "lb") || !strcmp(cmd, "lbreak")) {
        cmd_break(d, BP_LIN, args);
    } else if (!strcmp(cmd, "vb") || !strcmp(cmd, "vbreak")) {
        cmd_break(d, BP_VIRT, args);
    } else if (!strcmp(cmd, "blist")) {
        info_break(d);
    } else if (!strcmp(cmd, "d") || !strcmp(cmd, "del") || !strcmp(cmd, "delete")) {
        struct dbg_bp *b = find_bp(d, args);
        if (b) {
            int i = (int)(b - d->bp);
            memmove(&d->bp[i], &d->bp[i + 1], (size_t)(d->nbp - i - 1) * sizeof d->bp[0]);
            d->nbp--;
        }
    } else if (!strcmp(cmd, "bpd") || !strcmp(cmd, "bpe")) {
        struct dbg_bp *b = find_bp(d, args);
        if (b)
            b->enabled = cmd[2] == 'e';
    } else if (!strcmp(cmd, "watch")) {
        cmd_watch(d, args);
    } else if (!strcmp(cmd, "unwatch")) {
        cmd_unwatch(d, args);
    } else if (!strcmp(cmd, "r") || !strcmp(cmd, "reg") || !strcmp(cmd, "regs") || !strcmp(cmd, "registers")) {
        dbg_info_regs(d);
    } else if (!strcmp(cmd, "sreg")) {
        dbg_info_sregs(d);
    } else if (!strcmp(cmd, "creg")) {
        dbg_info_cregs(d);
    } else if (!strcmp(cmd, "dreg")) {
        dbg_info_dregs(d);
    } else if (!strcmp(cmd, "fp") || !strcmp(cmd, "fpu") || !strcmp(cmd, "mmx") || !strcmp(cmd, "xmm") ||
               !strcmp(cmd, "sse")) {
        dbg_info_fpu(d, cmd);
    } else if (!strcmp(cmd, "x")) {
        cmd_x(d, args, false);
    } else if (!strcmp(cmd, "xp")) {
        cmd_x(d, args, true);
    } else if (!strcmp(cmd, "u") || !strcmp(cmd, "disasm") || !strcmp(cmd, "disassemble")) {
        cmd_u(d, args);
    } else if (!strcmp(cmd, "setpmem")) {
        cmd_setpmem(d, args);
    } else if (!strcmp(cmd, "set")) {
        cmd_set(d, args);
    } else if (!strcmp(cmd, "info")) {
        char what[32];
        const char *rest = word(args, what, sizeof what);
        if (!strcmp(what, "break") || !strcmp(what, "b"))
            info_break(d);
        else if (!strcmp(what, "cpu") || !strcmp(what, "all")) {
            dbg_info_regs(d);
            dbg_info_sregs(d);
            dbg_info_cregs(d);
            dbg_info_dregs(d);
        } else if (!strcmp(what, "r") || !strcmp(what, "reg") || !strcmp(what, "registers"))
            dbg_info_regs(d);
        else if (!strcmp(what, "gdt") || !strcmp(what, "idt") || !strcmp(what, "ldt"))
            dbg_info_table(d, what, rest);
        else if (!strcmp(what, "tss"))
            dbg_info_tss(d);
        else if (!strcmp(what, "tab"))
            dbg_info_tab(d);
        else if (!strcmp(what, "eflags") || !strcmp(what, "flags"))
            dbg_info_eflags(d);
        else if (!strcmp(what, "device"))
            dbg_info_device(d, rest);
        else if (!strcmp(what, "symbols")) {
            uint64_t a;
            if (*rest && dbg_sym_lookup(d->syms, rest, &a))
                fprintf(d->out, "%s = 0x%llx\n", rest, (unsigned long long)a);
        } else
            fprintf(d->out, "info: expected break, cpu, gdt, idt, ldt, tss, tab, eflags or device\n");
    } else if (!strcmp(cmd, "page")) {
        struct dbg_value v;
        if (dbg_eval(d, args, &v, NULL))
            dbg_info_page(d, v.val);
    } else if (!strcmp(cmd, "trace")) {
        cmd_trace(d, args, &d->trace_on, "trace");
    } else if (!strcmp(cmd, "trace-reg")) {
        cmd_trace(d, args, &d->trace_reg, "trace-reg");
    } else if (!strcmp(cmd, "trace-mem")) {
        cmd_trace(d, args, &d->trace_mem, "trace-mem");
    } else if (!strcmp(cmd, "show")) {
        cmd_show(d, args);
    } else if (!strcmp(cmd, "print-stack")) {
        cmd_print_stack(d, args);
    } else if (!strcmp(cmd, "writemem")) {
        cmd_writemem(d, args);
    } else if (!strcmp(cmd, "snapshot")) {
        cmd_snapshot(d, args);
    } else if (!strcmp(cmd, "ldsym")) {
        cmd_ldsym(d, args);
    } else if (!strcmp(cmd, "source")) {
        cmd_source(d, args);
    } else if (!strcmp(cmd, "?") || !strcmp(cmd, "calc") || !strcmp(cmd, "print")) {
        struct dbg_value v;
        if (dbg_eval(d, args, &v, NULL))
            fprintf(d->out, "0x%llx %llu\n", (unsigned long long)v.val, (unsigned long long)v.val);
    } else if (!strcmp(cmd, "help") || !strcmp(cmd, "h")) {
        help(d);
    } else {
        fprintf(d->out, "unknown command '%s' (try help)\n", cmd);
        return -1;
    }
    return 0;
}
