/* config/bochsrc.h: between the bochsrc reader (config/bochsrc.c), which
 * turns text into lines of `key: params`, and the option table
 * (config/options.c), which gives each option its meaning. */
#ifndef EMU_CONFIG_BOCHSRC_H
#define EMU_CONFIG_BOCHSRC_H

#include <stdio.h>

#include "config/config.h"

#define BX_MAX_PARAMS 48

/* One parameter: `name=value`, or a bare word (value NULL), as in
 * `boot: cdrom, disk` or `megs: 32`. Quotes are removed. */
struct bx_param {
    char *name;
    char *value;
};

struct bx_line {
    struct config *cfg;
    const char *origin;  /* "FILE:LINE" or "command line" */
    char *key;           /* the option, before the colon */
    int n;
    struct bx_param p[BX_MAX_PARAMS];
};

/* config/options.c: applies one line to cfg; -1 after one error message. */
int bx_apply(struct bx_line *ln);

/* Diagnostics naming the line's origin and option (config/bochsrc.c). */
int bx_error(const struct bx_line *ln, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bx_warn(const struct bx_line *ln, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for messages outside a line (file names, command line). */
void config_diag(struct config *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* config/bochsrc.c: splits the text after "key:" into parameters (the
 * line is modified in place); -1 with a message on an unterminated quote
 * or too many parameters. */
int bx_split_params(struct bx_line *ln, char *text);
/* Reads a whole bochsrc from an open stream (name for messages); for the
 * fuzz target. */
int bx_load_stream(struct config *cfg, FILE *f, const char *name);

#endif
