/* machine/log.c: the log, as Bochs's `log:`, `logprefix:` and the
 * debug/info/error/panic `action=` settings describe it.
 *
 * Messages go to the log file (cfg->log_file) or stderr. A level whose
 * action is "fatal" ends the run after the message (exit status 1), as
 * Bochs does; "ignore" drops it. logprefix understands Bochs's codes:
 * %t instructions executed, %i the instruction pointer, %e the event
 * letter (d, i, e, p), %d the module name, %% a percent sign.
 */
#include "machine/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "config/config.h"
#include "cpu/cpu.h"
#include "machine/machine.h"

static void put_prefix(FILE *out, struct machine *m, enum log_level lvl, const char *module)
{
    static const char letters[] = "diep";
    const char *fmt = m->cfg->logprefix;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1]) {
            fputc(*p, out);
            continue;
        }
        switch (*++p) {
        case 't':
            fprintf(out, "%011llu", m->cpu ? (unsigned long long)cpu_icount(m->cpu) : 0ull);
            break;
        case 'i':
            fprintf(out, "%08llx", m->cpu ? (unsigned long long)m->cpu->insn_rip : 0ull);
            break;
        case 'e':
            fputc(letters[lvl < LOG_NONE ? lvl : LOG_PANIC], out);
            break;
        case 'd':
            fprintf(out, "[%-6s]", module);
            break;
        default:
            fputc(*p, out);
            break;
        }
    }
    fputc(' ', out);
}

void log_msg(struct machine *m, enum log_level lvl, const char *module, const char *fmt, ...)
{
    int threshold = m ? m->log_level : LOG_INFO;
    int action = m && m->cfg && lvl < LOG_NONE ? m->cfg->log_action[lvl] : LOGACT_REPORT;
    bool fatal = action == LOGACT_FATAL;
    if ((int)lvl < threshold && !fatal)
        return;
    FILE *out = m && m->log_out ? m->log_out : stderr;
    static const char *const names[] = {"debug", "info", "error", "panic"};
    if (m && m->cfg && m->cfg->logprefix)
        put_prefix(out, m, lvl, module);
    else
        fprintf(out, "emu: %s: %s: ", names[lvl < LOG_NONE ? lvl : LOG_PANIC], module);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    if (fatal && m && lvl != LOG_PANIC) {
        /* panics are followed by the caller's own abort; others end the run */
        fflush(out);
        machine_request_exit(m, EXIT_USAGE);
    }
}
