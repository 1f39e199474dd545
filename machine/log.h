/* machine/log.h: one log for every room. */
#ifndef EMU_MACHINE_LOG_H
#define EMU_MACHINE_LOG_H

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_ERROR, LOG_PANIC, LOG_NONE };
struct machine;

/* m may be NULL (before a machine exists). module is a short tag ("cpu"). */
void log_msg(struct machine *m, enum log_level lvl, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define log_debug(m, mod, ...) log_msg((m), LOG_DEBUG, (mod), __VA_ARGS__)
#define log_info(m, mod, ...) log_msg((m), LOG_INFO, (mod), __VA_ARGS__)
#define log_error(m, mod, ...) log_msg((m), LOG_ERROR, (mod), __VA_ARGS__)

#endif
