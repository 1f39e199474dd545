/* debug/debugger.c: the instrumented run loop and the prompt.
 *
 * DESIGN.md "Debugging without cost": machine_run() calls dbg_run() only
 * when m->dbg exists; otherwise the CPU runs its plain loop and nothing
 * here costs anything. dbg_run() steps with cpu_step() and, between
 * instructions, checks breakpoints, the step count, watchpoint hits (from
 * a CPU access observer), the magic breakpoint (xchg bx, bx as Bochs's
 * magic_break), writes the trace and watches for mode changes. At a stop it
 * prints Bochs's "Next at t=" line and serves the prompt, or gdb.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef HAVE_READLINE
#include <readline/history.h>
#include <readline/readline.h>
#endif

#include "cpu/cpu.h"
#include "debug/dbg_int.h"
#include "machine/machine.h"
#include "memory/phys.h"

/* set by SIGINT while a prompt exists (catch_sigint) */
static volatile sig_atomic_t sigint_seen;

const char *dbg_mode_name(int mode)
{
    switch (mode) {
    case CPU_REAL: return "real mode";
    case CPU_PROT: return "protected mode";
    case CPU_V86: return "v8086 mode";
    default: return "long mode";
    }
}

/* ---- expressions over the CPU ---- */

static bool env_reg(void *o, const char *name, uint64_t *v)
{
    struct debugger *d = o;
    return dbg_reg_get(d->c, name, v);
}

static bool env_sym(void *o, const char *name, uint64_t *v)
{
    struct debugger *d = o;
    return dbg_sym_lookup(d->syms, name, v);
}

static bool env_segoff(void *o, uint64_t seg, uint64_t off, uint64_t *lin)
{
    struct debugger *d = o;
    return dbg_seg_linear(d->c, (uint16_t)seg, off, lin);
}

bool dbg_eval(struct debugger *d, const char *s, struct dbg_value *v, const char **end)
{
    struct dbg_expr_env env = {d, env_reg, env_sym, env_segoff};
    char err[160];
    const char *e;
    if (dbg_expr_eval(s, &env, v, &e, err, sizeof err) < 0) {
        fprintf(d->out, "%s\n", err);
        return false;
    }
    if (end)
        *end = e;
    return true;
}

/* ---- breakpoints and watchpoints ---- */

int dbg_add_bp(struct debugger *d, enum bp_kind kind, uint16_t seg, uint64_t addr, bool gdb)
{
    if (d->nbp >= DBG_MAX_BP)
        return -1;
    struct dbg_bp *b = &d->bp[d->nbp++];
    b->id = gdb ? 0 : ++d->next_bp_id;
    b->kind = kind;
    b->seg = seg;
    b->addr = addr;
    b->enabled = true;
    b->gdb = gdb;
    return b->id;
}

int dbg_del_bp_addr(struct debugger *d, enum bp_kind kind, uint64_t addr, bool gdb)
{
    for (int i = 0; i < d->nbp; i++) {
        if (d->bp[i].kind == kind && d->bp[i].addr == addr && d->bp[i].gdb == gdb) {
            memmove(&d->bp[i], &d->bp[i + 1], (size_t)(d->nbp - i - 1) * sizeof d->bp[0]);
            d->nbp--;
            return 0;
        }
    }
    return -1;
}

static void observer(void *o, struct cpu *c, uint64_t lin, unsigned len, bool write)
{
    struct debugger *d = o;
    if (d->trace_mem && d->trace)
        dbg_trace_mem(d->trace, lin, len, write);
    for (int i = 0; i < d->nwp; i++) {
        const struct dbg_wp *w = &d->wp[i];
        if (!(w->type & (write ? WP_WRITE : WP_READ)))
            continue;
        uint64_t a = lin;
        if (w->phys && !dbg_lin_to_phys(c, lin, &a))
            continue;
        if (a < w->addr + w->len && w->addr < a + len) {
            if (!d->watch_hit) {
                d->watch_hit = true;
                d->watch_addr = w->addr;
                d->watch_len = len;
                d->watch_write = write;
                d->watch_type = w->type;
            }
        }
    }
}

void dbg_update_observer(struct debugger *d)
{
    bool want = d->nwp > 0 || (d->trace_mem && d->trace);
    if (want && !d->observing) {
        if (cpu_add_observer(d->c, observer, d) == 0)
            d->observing = true;
    } else if (!want && d->observing) {
        cpu_remove_observer(d->c, observer, d);
        d->observing = false;
    }
}

int dbg_add_wp(struct debugger *d, uint64_t addr, unsigned len, int type, bool phys, bool gdb)
{
    if (d->nwp >= DBG_MAX_WP)
        return -1;
    d->wp[d->nwp++] = (struct dbg_wp){addr, len ? len : 1, type, phys, gdb};
    dbg_update_observer(d);
    return 0;
}

int dbg_del_wp(struct debugger *d, uint64_t addr, unsigned len, int type, bool phys, bool gdb)
{
    for (int i = 0; i < d->nwp; i++) {
        struct dbg_wp *w = &d->wp[i];
        if (w->addr == addr && (!len || w->len == len) && (!type || w->type == type) &&
            w->phys == phys && w->gdb == gdb) {
            memmove(w, w + 1, (size_t)(d->nwp - i - 1) * sizeof *w);
            d->nwp--;
            dbg_update_observer(d);
            return 0;
        }
    }
    return -1;
}

/* ---- output at a stop ---- */

static void print_csip(FILE *f, struct cpu *c)
{
    if (c->dmode == DMODE_64)
        fprintf(f, "%04x:%016llx", c->seg[SEG_CS].sel, (unsigned long long)c->rip);
    else if (c->dmode == DMODE_32)
        fprintf(f, "%04x:%08llx", c->seg[SEG_CS].sel, (unsigned long long)c->rip);
    else
        fprintf(f, "%04x:%04llx", c->seg[SEG_CS].sel, (unsigned long long)c->rip);
}

/* Bochs's line: (0) [0x000000007c00] 0000:7c00 (unk. ctxt): mov ax, 0x0000 ; b80000 */
void dbg_print_insn_line(struct debugger *d)
{
    struct cpu *c = d->c;
    uint64_t lin = dbg_pc_linear(c), pa = 0;
    char text[128], ctx[96];
    uint8_t bytes[16];
    int n = dbg_disasm_at(c, lin, c->rip, c->dmode, text, sizeof text, bytes);
    dbg_lin_to_phys(c, lin, &pa);
    uint64_t delta;
    const char *sym = dbg_sym_nearest(d->syms, lin, &delta);
    if (sym && delta >= 0x10000)
        sym = NULL; /* too far away to be inside that symbol */
    if (sym && delta)
        snprintf(ctx, sizeof ctx, "(%s+0x%llx)", sym, (unsigned long long)delta);
    else if (sym)
        snprintf(ctx, sizeof ctx, "(%s)", sym);
    else
        snprintf(ctx, sizeof ctx, "(unk. ctxt)");
    fprintf(d->out, "(0) [0x%012llx] ", (unsigned long long)pa);
    print_csip(d->out, c);
    fprintf(d->out, " %s: %-26s ; ", ctx, text);
    for (int i = 0; i < n; i++)
        fprintf(d->out, "%02x", bytes[i]);
    fputc('\n', d->out);
}

/* ---- command input ---- */

/* Next command line from -rc/source files, then the terminal. Returns
 * false at the end of input. */
static bool read_line(struct debugger *d, char *buf, size_t size)
{
    char prompt[32];
    snprintf(prompt, sizeof prompt, "<emu:%d> ", ++d->cmdno);
    while (d->nsrc > 0) {
        FILE *f = d->src[d->nsrc - 1];
        if (fgets(buf, (int)size, f)) {
            buf[strcspn(buf, "\r\n")] = 0;
            fprintf(d->out, "%s%s\n", prompt, buf);
            return true;
        }
        fclose(f);
        d->nsrc--;
    }
    if (!d->interactive)
        return false;
#ifdef HAVE_READLINE
    if (d->tty) {
        fflush(d->out);
        char *l = readline(prompt);
        if (!l)
            return false;
        snprintf(buf, size, "%s", l);
        if (*l)
            add_history(l);
        free(l);
        return true;
    }
#endif
    fputs(prompt, d->out);
    fflush(d->out);
    if (!fgets(buf, (int)size, stdin))
        return false;
    buf[strcspn(buf, "\r\n")] = 0;
    if (!d->tty)
        fprintf(d->out, "%s\n", buf); /* a transcript when stdin is a file */
    return true;
}

/* Serves the prompt until a command resumes; false when input ended or
 * the user quit. */
static bool prompt_loop(struct debugger *d)
{
    char line[512];
    for (;;) {
        if (!read_line(d, line, sizeof line)) {
            d->quit = true;
            return false;
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p) {
            if (!d->tty || !d->last_cmd[0])
                continue;
            p = d->last_cmd; /* Enter repeats the last command (Bochs) */
        } else if (p != d->last_cmd) {
            snprintf(d->last_cmd, sizeof d->last_cmd, "%.255s", p);
        }
        int r = dbg_command(d, p);
        if (d->quit)
            return false;
        if (r == 1)
            return true;
    }
}

/* A stop: report it and talk to the user or to gdb until execution
 * resumes. Returns false to end the run. */
static bool stopped(struct debugger *d)
{
    d->stop_pending = false;
    d->steps_left = 0;
    d->over = false;
    bool use_gdb = d->gdb && (gdbstub_connected(d->gdb) || !d->interactive);
    if (!use_gdb) {
        if (d->stop_msg[0])
            fprintf(d->out, "%s\n", d->stop_msg);
        fprintf(d->out, "Next at t=%llu\n", (unsigned long long)d->c->icount);
        dbg_print_insn_line(d);
    }
    d->stop_msg[0] = 0;
    if (use_gdb) {
        int r = gdbstub_stopped(d->gdb, d->stop_signal ? d->stop_signal : 5);
        d->watch_hit = false;
        d->stop_signal = 0;
        if (r < 0) {
            d->quit = true;
            return false;
        }
        if (r == 2)
            d->steps_left = 1;
        d->skip_bp = true;
        if (r == 0 && d->interactive)
            return stopped(d); /* gdb detached: back to the prompt */
        return true;
    }
    d->watch_hit = false;
    if (!d->interactive)
        return true; /* nothing to talk to: run on */
    fflush(stdout);
    bool go = prompt_loop(d);
    sigint_seen = 0; /* a Ctrl-C typed at the prompt does not stop the next run */
    d->skip_bp = true;
    return go;
}

void dbg_request_stop(struct debugger *d, const char *why)
{
    d->stop_pending = true;
    if (why)
        snprintf(d->stop_msg, sizeof d->stop_msg, "%s", why);
}

/* ---- the loop ---- */

static bool bp_hit(struct debugger *d, uint64_t lin)
{
    struct cpu *c = d->c;
    uint64_t pa = ~0ull;
    bool have_pa = false;
    for (int i = 0; i < d->nbp; i++) {
        struct dbg_bp *b = &d->bp[i];
        if (!b->enabled)
            continue;
        bool hit = false;
        switch (b->kind) {
        case BP_LIN: hit = b->addr == lin; break;
        case BP_VIRT: hit = b->seg == c->seg[SEG_CS].sel && b->addr == c->rip; break;
        case BP_PHYS:
            if (!have_pa) {
                have_pa = true;
                if (!dbg_lin_to_phys(c, lin, &pa))
                    pa = ~0ull;
            }
            hit = b->addr == pa;
            break;
        }
        if (hit) {
            if (b->gdb)
                snprintf(d->stop_msg, sizeof d->stop_msg, "(0) gdb breakpoint");
            else
                snprintf(d->stop_msg, sizeof d->stop_msg, "(0) Breakpoint %d, 0x%016llx in ?? ()", b->id,
                         (unsigned long long)lin);
            d->stop_signal = 5;
            return true;
        }
    }
    return false;
}

static bool is_call(const struct insn *in)
{
    const char *n = in->op < opdesc_count ? opdesc_table[in->op].name : "";
    return !strncmp(n, "CALL", 4);
}

static bool is_swint(const struct insn *in)
{
    const char *n = in->op < opdesc_count ? opdesc_table[in->op].name : "";
    return !strncmp(n, "INT", 3);
}

static bool is_ret(const struct insn *in)
{
    const char *n = in->op < opdesc_count ? opdesc_table[in->op].name : "";
    return !strncmp(n, "RET", 3) || !strncmp(n, "IRET", 4);
}

/* The exception cpu_step() just delivered: "0x0e #PF, error 0x0002" (SDM
 * Vol.3 6.15 mnemonics; vectors without one get the number only). */
static void exc_text(const struct cpu *c, char *buf, size_t size)
{
    static const char *const mn[32] = {"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", NULL,
                                       "TS", "NP", "SS", "GP", "PF", NULL, "MF", "AC", "MC", "XM",
                                       "VE", "CP"};
    int v = c->exc_vec;
    const char *n = v >= 0 && v < 32 && mn[v] ? mn[v] : "";
    if (c->exc_has_err)
        snprintf(buf, size, "0x%02x%s%s, error 0x%04x", v & 0xFF, *n ? " #" : "", n, c->exc_err);
    else
        snprintf(buf, size, "0x%02x%s%s", v & 0xFF, *n ? " #" : "", n);
}

/* ---- Ctrl-C at the debugger's terminal ---- */

static void on_sigint(int sig)
{
    (void)sig;
    sigint_seen = 1;
}

/* With a prompt, SIGINT stops the guest at the next instruction boundary
 * instead of ending emu (the machine's own handler ends the run). */
static void catch_sigint(struct debugger *d)
{
    if (d->sigint_installed || !d->interactive)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* the prompt's read goes on */
    sigaction(SIGINT, &sa, NULL);
    d->sigint_installed = true;
}

uint64_t dbg_run(struct machine *m)
{
    struct debugger *d = m->dbg;
    struct cpu *c = m->cpu;
    uint64_t start = c->icount;
    catch_sigint(d);
    while (!d->quit) {
        if (sigint_seen) {
            sigint_seen = 0;
            if (!d->stop_pending)
                snprintf(d->stop_msg, sizeof d->stop_msg, "(0) Keyboard interrupt (Ctrl-C)");
            d->stop_signal = 2;
            d->stop_pending = true;
        }
        if (d->stop_pending) {
            if (!stopped(d))
                break;
            continue;
        }
        if (c->icount >= c->insn_budget || c->stop)
            break;
        if (c->halted && !c->intr_shadow) {
            cpu_step(c); /* takes a pending interrupt, if any */
            if (c->halted)
                break;   /* the machine advances time */
            continue;
        }
        uint64_t lin = dbg_pc_linear(c);
        if (!d->skip_bp && d->nbp && bp_hit(d, lin)) {
            d->stop_pending = true;
            continue;
        }
        d->skip_bp = false;
        if (d->over && lin == d->over_lin) {
            d->stop_pending = true;
            continue;
        }
        /* the instruction about to run, for magic_break and show */
        struct insn in;
        bool decoded = false;
        if (d->magic_break || d->show_int || d->show_call) {
            uint8_t b[16] = {0};
            size_t nb = dbg_read_lin(c, lin, b, 15);
            decoded = decode(&in, b, nb, c->dmode) > 0;
        }
        if (d->trace_on && d->trace)
            dbg_trace_insn(d->trace, c);
        struct dbg_regsnap snap;
        if (d->trace_reg && d->trace)
            dbg_snap(c, &snap);
        uint64_t ic = c->icount;
        uint32_t faults = c->nfaults;
        int mode = c->mode, dmode = c->dmode;
        uint16_t cs = c->seg[SEG_CS].sel;
        uint64_t ip = c->rip;
        cpu_step(c);
        if (d->trace_reg && d->trace)
            dbg_trace_regs(d->trace, c, &snap);
        if (c->icount == ic && !c->halted) {
            /* no instruction retired: an external interrupt or NMI was taken */
            if (d->trace_on && d->trace)
                dbg_trace_note(d->trace, "interrupt taken, handler at %04x:%08llx", c->seg[SEG_CS].sel,
                               (unsigned long long)c->rip);
            if (d->show_int)
                fprintf(d->out, "(0) external interrupt at t=%llu: %04x:%08llx -> %04x:%08llx\n",
                        (unsigned long long)c->icount, cs, (unsigned long long)ip, c->seg[SEG_CS].sel,
                        (unsigned long long)c->rip);
        } else if (c->nfaults != faults) {
            char exc[48];
            exc_text(c, exc, sizeof exc);
            if (d->trace_on && d->trace)
                dbg_trace_note(d->trace, "exception %s at %04x:%08llx, handler at %04x:%08llx", exc, cs,
                               (unsigned long long)ip, c->seg[SEG_CS].sel, (unsigned long long)c->rip);
            if (d->show_int)
                fprintf(d->out, "(0) exception %s at t=%llu: %04x:%08llx -> %04x:%08llx\n", exc,
                        (unsigned long long)c->icount, cs, (unsigned long long)ip, c->seg[SEG_CS].sel,
                        (unsigned long long)c->rip);
        } else if (decoded) {
            if (d->show_int && is_swint(&in))
                fprintf(d->out, "(0) software interrupt at t=%llu: %04x:%08llx -> %04x:%08llx\n",
                        (unsigned long long)c->icount, cs, (unsigned long long)ip, c->seg[SEG_CS].sel,
                        (unsigned long long)c->rip);
            if (d->show_call && is_call(&in))
                fprintf(d->out, "(0) call at t=%llu: %04x:%08llx -> %04x:%08llx\n",
                        (unsigned long long)c->icount, cs, (unsigned long long)ip, c->seg[SEG_CS].sel,
                        (unsigned long long)c->rip);
            if (d->show_call && is_ret(&in))
                fprintf(d->out, "(0) return at t=%llu: %04x:%08llx -> %04x:%08llx\n",
                        (unsigned long long)c->icount, cs, (unsigned long long)ip, c->seg[SEG_CS].sel,
                        (unsigned long long)c->rip);
        }
        if ((int)c->mode != mode) {
            if (d->trace_on && d->trace)
                dbg_trace_note(d->trace, "mode switch: %s -> %s", dbg_mode_name(mode), dbg_mode_name(c->mode));
            if (d->show_mode)
                fprintf(d->out, "(0) mode switch at t=%llu: %s -> %s\n", (unsigned long long)c->icount,
                        dbg_mode_name(mode), dbg_mode_name(c->mode));
        } else if (mode == CPU_LONG && (dmode == DMODE_64) != (c->dmode == DMODE_64)) {
            /* IA-32e submodes (SDM Vol.3 2.2): CS.L chooses them */
            const char *from = dmode == DMODE_64 ? "64-bit" : "compatibility",
                       *to = c->dmode == DMODE_64 ? "64-bit" : "compatibility";
            if (d->trace_on && d->trace)
                dbg_trace_note(d->trace, "mode switch: long mode, %s -> %s", from, to);
            if (d->show_mode)
                fprintf(d->out, "(0) mode switch at t=%llu: long mode, %s -> %s\n", (unsigned long long)c->icount,
                        from, to);
        }
        if (d->watch_hit) {
            snprintf(d->stop_msg, sizeof d->stop_msg, "(0) Caught %s watch point at 0x%012llx (len %u)",
                     d->watch_write ? "write" : "read", (unsigned long long)d->watch_addr, d->watch_len);
            d->stop_signal = 5;
            d->stop_pending = true;
        }
        /* Bochs's magic breakpoint: xchg bx, bx in any operand size */
        bool magic = decoded && in.map == MAP_1 && in.opcode == 0x87 && in.mod == 3 && in.reg == R_BX &&
                     in.rm == R_BX;
        if (d->magic_break && magic && (d->interactive || d->gdb)) {
            snprintf(d->stop_msg, sizeof d->stop_msg, "(0) Magic breakpoint");
            d->stop_signal = 5;
            d->stop_pending = true;
        }
        if (d->steps_left && --d->steps_left == 0)
            d->stop_pending = true;
        if (d->gdb && !d->stop_pending && ++d->poll_count >= 4096) {
            d->poll_count = 0;
            if (gdbstub_poll_interrupt(d->gdb)) {
                d->stop_signal = 2;
                d->stop_pending = true;
            }
        }
    }
    if (d->quit && !m->exit_requested)
        machine_request_exit(m, EXIT_OK);
    if (d->trace)
        fflush(dbg_trace_file(d->trace));
    return c->icount - start;
}

/* ---- life cycle ---- */

void dbg_set_output(struct debugger *d, FILE *out) { d->out = out; }

int dbg_init(struct machine *m)
{
    const struct config *cfg = m->cfg;
    bool want = cfg->debugger || cfg->debugger_rc || cfg->gdb_port || cfg->trace || cfg->trace_file;
    if (!want)
        return 0;
    struct debugger *d = calloc(1, sizeof *d);
    if (!d) {
        fprintf(stderr, "emu: out of memory\n");
        return -1;
    }
    m->dbg = d;
    d->m = m;
    d->c = m->cpu;
    d->out = stdout;
    d->syms = dbg_sym_new();
    d->x_count = 1;
    d->x_unit = 4;
    d->x_fmt = 'x';
    d->magic_break = cfg->magic_break;
    d->interactive = cfg->debugger || cfg->debugger_rc;
    d->tty = isatty(0);
    if (cfg->trace || cfg->trace_file) {
        char err[200];
        d->trace = dbg_trace_open(cfg->trace_file ? cfg->trace_file : "stderr", err, sizeof err);
        if (!d->trace) {
            fprintf(stderr, "emu: --trace %s\n", err);
            return -1;
        }
        d->trace_on = true;
        d->cfg_trace = true;
    }
    if (cfg->debugger_rc) {
        FILE *f = fopen(cfg->debugger_rc, "r");
        if (!f) {
            fprintf(stderr, "emu: -rc %s: cannot open\n", cfg->debugger_rc);
            return -1;
        }
        d->src[d->nsrc++] = f;
    }
    if (cfg->gdb_port) {
        d->gdb = gdbstub_new(d, m, cfg->gdb_port);
        if (!d->gdb)
            return -1;
    }
    if (d->interactive || d->gdb)
        d->stop_pending = true; /* stop before the first instruction */
    return 0;
}

void dbg_free(struct machine *m)
{
    struct debugger *d = m->dbg;
    if (!d)
        return;
    if (d->observing)
        cpu_remove_observer(d->c, observer, d);
    gdbstub_free(d->gdb);
    dbg_trace_close(d->trace);
    dbg_sym_free(d->syms);
    for (int i = 0; i < d->nsrc; i++)
        fclose(d->src[i]);
    fflush(d->out);
    free(d);
    m->dbg = NULL;
}
