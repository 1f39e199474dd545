/* debug/dbg_int.h: the debugger's state, shared by the files of debug/. */
#ifndef EMU_DEBUG_DBG_INT_H
#define EMU_DEBUG_DBG_INT_H

#include "debug/debug.h"

#define DBG_MAX_BP 64
#define DBG_MAX_WP 16
#define DBG_MAX_SRC 8

enum bp_kind { BP_PHYS = 0, BP_LIN, BP_VIRT };
/* watchpoint kinds, as gdb's Z2/Z3/Z4 */
enum { WP_WRITE = 1, WP_READ = 2, WP_ACCESS = 3 };

struct dbg_bp {
    int id;
    enum bp_kind kind;
    uint64_t addr;     /* physical or linear; offset for BP_VIRT */
    uint16_t seg;      /* BP_VIRT */
    bool enabled;
    bool gdb;          /* set by gdb (Z0/Z1), not listed by info break */
};

struct dbg_wp {
    uint64_t addr;
    unsigned len;
    int type;          /* WP_* */
    bool phys;         /* Bochs's watch: physical; gdb: linear */
    bool gdb;
};

struct debugger {
    struct machine *m;
    struct cpu *c;
    FILE *out;

    struct dbg_bp bp[DBG_MAX_BP];
    int nbp, next_bp_id;
    struct dbg_wp wp[DBG_MAX_WP];
    int nwp;
    bool observing;            /* our observer is registered with the CPU */

    /* why the loop stops next (checked between instructions) */
    bool stop_pending;
    char stop_msg[200];
    int stop_signal;           /* for gdb: 5 SIGTRAP, 2 SIGINT */
    bool watch_hit;
    uint64_t watch_addr;
    unsigned watch_len;
    bool watch_write;
    int watch_type;            /* WP_* for gdb's stop reply */

    uint64_t steps_left;       /* s n */
    bool over;                 /* p: run until over_lin */
    uint64_t over_lin;
    bool skip_bp;              /* resume past a breakpoint at the current pc */

    /* tracing */
    struct dbg_trace *trace;   /* --trace FILE or the debugger's output */
    bool trace_on, trace_reg, trace_mem;
    bool cfg_trace;            /* --trace from the command line */
    bool show_mode, show_int, show_call;
    bool magic_break;

    struct dbg_symtab *syms;

    /* command input: a stack of files (-rc, source), then the terminal */
    FILE *src[DBG_MAX_SRC];
    int nsrc;
    bool interactive;          /* -d: a prompt exists */
    bool tty;
    int cmdno;
    char last_cmd[256];
    bool quit;
    bool in_monitor;           /* running a gdb monitor command */

    /* x / u defaults carried between commands */
    uint64_t x_next;
    unsigned x_count, x_unit;
    char x_fmt;
    uint64_t u_next;

    struct gdbstub *gdb;
    unsigned poll_count;
    bool sigint_installed;     /* Ctrl-C stops the guest (with a prompt) */
};

/* debug/debugger.c */
void dbg_update_observer(struct debugger *d);
void dbg_print_insn_line(struct debugger *d);
bool dbg_eval(struct debugger *d, const char *s, struct dbg_value *v, const char **end);
int dbg_add_bp(struct debugger *d, enum bp_kind kind, uint16_t seg, uint64_t addr, bool gdb);
int dbg_del_bp_addr(struct debugger *d, enum bp_kind kind, uint64_t addr, bool gdb);
int dbg_add_wp(struct debugger *d, uint64_t addr, unsigned len, int type, bool phys, bool gdb);
int dbg_del_wp(struct debugger *d, uint64_t addr, unsigned len, int type, bool phys, bool gdb);
const char *dbg_mode_name(int mode);

/* debug/info.c */
void dbg_info_regs(struct debugger *d);
void dbg_info_sregs(struct debugger *d);
void dbg_info_cregs(struct debugger *d);
void dbg_info_dregs(struct debugger *d);
void dbg_info_fpu(struct debugger *d, const char *what);
void dbg_info_eflags(struct debugger *d);
void dbg_info_table(struct debugger *d, const char *which, const char *args);
void dbg_info_tss(struct debugger *d);
void dbg_info_tab(struct debugger *d);
void dbg_info_page(struct debugger *d, uint64_t lin);
void dbg_info_device(struct debugger *d, const char *name);

#endif
