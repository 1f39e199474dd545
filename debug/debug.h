/* debug/debug.h: the interactive debugger, the gdb remote stub and traces.
 *
 * DESIGN.md "Debugging without cost": the machine runs the plain cpu_run()
 * loop unless m->dbg is set; m->dbg exists only while the debugger, the gdb
 * stub, a trace or a breakpoint is wanted, and then machine_run() calls
 * dbg_run() instead, which steps one instruction at a time with cpu_step()
 * and checks breakpoints, watchpoints and traces between instructions.
 */
#ifndef EMU_DEBUG_DEBUG_H
#define EMU_DEBUG_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct cpu;
struct debugger;
struct gdbstub;

/* ---- life cycle and the instrumented loop (debug/debugger.c) ---- */

/* Creates the debugger state the configuration asks for (-d, -rc, --gdb,
 * --trace, magic_break) and stores it in m->dbg; leaves m->dbg NULL when
 * nothing is asked for. Returns -1 (after one message) on a user error. */
int dbg_init(struct machine *m);
void dbg_free(struct machine *m);
/* The instrumented counterpart of cpu_run(): runs until cpu->insn_budget,
 * a halt with nothing pending, or cpu->stop, stopping at breakpoints to
 * talk to the user or to gdb. Returns the instructions executed. */
uint64_t dbg_run(struct machine *m);
/* Runs one debugger command line; output goes to the debugger's output.
 * Returns 1 if the command resumes execution, 0 otherwise, -1 on error. */
int dbg_command(struct debugger *d, const char *line);
/* Redirects the debugger's output (monitor commands, tests). */
void dbg_set_output(struct debugger *d, FILE *out);
/* Asks the running loop to stop at the next instruction (Ctrl-C, gdb). */
void dbg_request_stop(struct debugger *d, const char *why);

/* ---- expressions (debug/expr.c) ---- */

/* What an expression may name. Each callback returns false if the name is
 * unknown. seg_off turns seg:off into a linear address (mode dependent). */
struct dbg_expr_env {
    void *opaque;
    bool (*reg)(void *opaque, const char *name, uint64_t *val);
    bool (*sym)(void *opaque, const char *name, uint64_t *val);
    bool (*seg_off)(void *opaque, uint64_t seg, uint64_t off, uint64_t *lin);
};
/* Result: val is the value (the linear address for seg:off); for a seg:off
 * form segoff is true and seg/off hold the two halves. */
struct dbg_value {
    uint64_t val;
    bool segoff;
    uint64_t seg, off;
};
/* Evaluates the expression at the start of s, stopping at the end of the
 * string or at a top-level character that cannot continue it (a space
 * between operands ends it only where Bochs's grammar would). *end gets
 * the first unused character. Returns 0, or -1 with a message in err. */
int dbg_expr_eval(const char *s, const struct dbg_expr_env *env, struct dbg_value *out,
                  const char **end, char *err, size_t errlen);

/* ---- registers by name (debug/regs.c) ---- */
bool dbg_reg_get(struct cpu *c, const char *name, uint64_t *val);
/* Returns 0, or -1 if the name is unknown or the register cannot be set. */
int dbg_reg_set(struct cpu *c, const char *name, uint64_t val);

/* ---- guest memory for the debugger (debug/mem.c) ---- */
/* Linear -> physical with the current paging and no side effects. */
bool dbg_lin_to_phys(struct cpu *c, uint64_t lin, uint64_t *pa);
/* Reads/writes linear memory page by page; returns the bytes done (short
 * at the first unmapped page). */
size_t dbg_read_lin(struct cpu *c, uint64_t lin, void *buf, size_t len);
size_t dbg_write_lin(struct cpu *c, uint64_t lin, const void *buf, size_t len);
/* Linear address of seg:off as the CPU would form it now (real mode and
 * V86: sel << 4; protected mode: the descriptor's base from the GDT/LDT). */
bool dbg_seg_linear(struct cpu *c, uint16_t sel, uint64_t off, uint64_t *lin);
/* Linear address of CS:IP. */
uint64_t dbg_pc_linear(struct cpu *c);
/* Disassembles the instruction at linear lin in the current code size:
 * writes the text and the bytes, returns the length (0 if unreadable). */
int dbg_disasm_at(struct cpu *c, uint64_t lin, uint64_t ip, int dmode, char *text, size_t tsize,
                  uint8_t *bytes);

/* ---- symbols (debug/symbols.c) ---- */
struct dbg_symtab;
struct dbg_symtab *dbg_sym_new(void);
void dbg_sym_free(struct dbg_symtab *t);
/* Loads "ADDR NAME" lines (nm-style "ADDR T NAME" too), adding offset.
 * Returns the number of symbols, or -1 (message in err). */
int dbg_sym_load(struct dbg_symtab *t, const char *path, uint64_t offset, bool global, char *err,
                 size_t errlen);
bool dbg_sym_lookup(const struct dbg_symtab *t, const char *name, uint64_t *addr);
/* Nearest symbol at or below addr: name and distance, or NULL. */
const char *dbg_sym_nearest(const struct dbg_symtab *t, uint64_t addr, uint64_t *delta);
/* Exact match of addr (for "(name)" in listings) or NULL. */
const char *dbg_sym_at(const struct dbg_symtab *t, uint64_t addr);

/* ---- traces (debug/trace.c) ---- */
struct dbg_trace;
struct dbg_trace *dbg_trace_open(const char *path, char *err, size_t errlen); /* "-": stdout */
void dbg_trace_close(struct dbg_trace *t);
/* One line for the instruction at CS:IP about to execute. */
void dbg_trace_insn(struct dbg_trace *t, struct cpu *c);
/* Registers changed by the last instruction (compared with before). */
struct dbg_regsnap {
    uint64_t gpr[16], rip;
    uint32_t eflags;
    uint16_t sel[6];
    uint64_t cr0, cr3, cr4, efer;
};
void dbg_snap(struct cpu *c, struct dbg_regsnap *s);
void dbg_trace_regs(struct dbg_trace *t, struct cpu *c, const struct dbg_regsnap *before);
void dbg_trace_mem(struct dbg_trace *t, uint64_t lin, unsigned len, bool write);
void dbg_trace_note(struct dbg_trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
FILE *dbg_trace_file(struct dbg_trace *t);

/* ---- gdb remote protocol (debug/gdbstub.c, debug/gdb_xml.c) ---- */

#define GDB_MAX_PACKET 4096

/* Incremental packet receiver: feed bytes one at a time. */
enum {
    GDB_RX_NONE = 0,   /* need more bytes */
    GDB_RX_PACKET,     /* a packet with a good checksum is in buf/len */
    GDB_RX_BADSUM,     /* a complete packet with a bad checksum (NAK it) */
    GDB_RX_OVERFLOW,   /* a packet longer than GDB_MAX_PACKET (dropped) */
    GDB_RX_INTR,       /* 0x03 outside a packet: interrupt */
    GDB_RX_ACK,        /* '+' */
    GDB_RX_NAK,        /* '-' */
};
struct gdb_rx {
    int state;
    size_t len;
    uint8_t sum, got;
    bool overflow;
    char buf[GDB_MAX_PACKET + 1]; /* NUL-terminated payload, escapes undone */
};
void gdbstub_rx_init(struct gdb_rx *rx);
int gdbstub_rx_byte(struct gdb_rx *rx, uint8_t b);

/* Starts listening on 127.0.0.1:port; the first stop waits for gdb. */
struct gdbstub *gdbstub_new(struct debugger *d, struct machine *m, int port);
/* Same without a socket: for tests that drive gdbstub_handle(). */
struct gdbstub *gdbstub_new_detached(struct debugger *d, struct machine *m);
void gdbstub_free(struct gdbstub *s);
/* Handles one packet payload; writes the reply payload (without $..#xx)
 * into reply and returns its length, or -1 when no reply is sent (after
 * c/s: the reply comes at the next stop). *resume gets 1 (continue),
 * 2 (step) or 0; *detach is set by D and k. */
int gdbstub_handle(struct gdbstub *s, const char *pkt, size_t len, char *reply, size_t cap,
                   int *resume, bool *detach);
/* At a stop: sends the stop reply and serves gdb until it resumes.
 * Returns 1 continue, 2 step, 0 detached (run on without gdb), -1 kill. */
int gdbstub_stopped(struct gdbstub *s, int signal);
/* While running: true if gdb sent Ctrl-C (checked every few thousand
 * instructions). */
bool gdbstub_poll_interrupt(struct gdbstub *s);
bool gdbstub_connected(const struct gdbstub *s);
int gdbstub_port(const struct gdbstub *s);

/* Target descriptions: writes the document named annex ("target.xml")
 * for the given layout into buf; returns buf, or NULL for an unknown
 * annex or a buffer too small (8 KiB is enough). */
const char *gdb_xml_annex(const char *annex, bool x86_64, char *buf, size_t size);
/* Register layout of the g packet. */
enum gdb_reg_kind { GR_GPR, GR_RIP, GR_EFLAGS, GR_SEG, GR_FPU80, GR_FPU32, GR_XMM, GR_MXCSR,
                    GR_FSBASE, GR_GSBASE, GR_CR, GR_EFER };
struct gdb_reg {
    const char *name;
    uint8_t bytes;
    uint8_t kind;
    uint8_t idx;
};
/* The registers in g-packet order; *n gets the count. */
const struct gdb_reg *gdb_xml_regs(bool x86_64, int *n);

#endif
