/* machine/log.c: messages to stderr, filtered by the machine's level. */
#include "machine/log.h"

#include <stdarg.h>
#include <stdio.h>

#include "machine/machine.h"

void log_msg(struct machine *m, enum log_level lvl, const char *module, const char *fmt, ...)
{
    int threshold = m ? m->log_level : LOG_INFO;
    if ((int)lvl < threshold)
        return;
    static const char *const names[] = {"debug", "info", "error", "panic"};
    fprintf(stderr, "emu: %s: %s: ", names[lvl < LOG_NONE ? lvl : LOG_PANIC], module);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
