/* config/bochsrc.c: reading Bochs's configuration format.
 *
 * A file is a list of lines `option: param, param, ...`. This file handles
 * the text: comments (#, outside quotes), continuation lines (a trailing
 * backslash), `#include FILE`, $VAR and ${VAR} from the environment
 * ($BXSHARE defaults to where emu installs its data), quoting, and
 * splitting parameters at commas and blanks. What each option means is
 * config/options.c's business. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/bochsrc.h"

#ifndef EMU_DATADIR
#define EMU_DATADIR "/usr/local/share/emu"
#endif

#define MAX_INCLUDE_DEPTH 16
#define MAX_LINE 65536

static FILE *diag_stream(const struct config *cfg) { return cfg->diag ? cfg->diag : stderr; }

void config_diag(struct config *cfg, const char *fmt, ...)
{
    FILE *f = diag_stream(cfg);
    va_list ap;
    va_start(ap, fmt);
    fputs("emu: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

int bx_error(const struct bx_line *ln, const char *fmt, ...)
{
    FILE *f = diag_stream(ln->cfg);
    va_list ap;
    va_start(ap, fmt);
    fprintf(f, "emu: %s: %s: ", ln->origin, ln->key);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
    return -1;
}

void bx_warn(const struct bx_line *ln, const char *fmt, ...)
{
    FILE *f = diag_stream(ln->cfg);
    va_list ap;
    va_start(ap, fmt);
    fprintf(f, "emu: %s: warning: %s: ", ln->origin, ln->key);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
    ln->cfg->nwarnings++;
}

/* ---- growing strings ---- */

struct sbuf {
    char *s;
    size_t len, cap;
};

static int sb_putn(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
    return 0;
}

/* ---- one logical line ---- */

/* Replaces $NAME and ${NAME} with the environment's value. An unset
 * variable is an error, except BXSHARE, which defaults to emu's data
 * directory as it does in Bochs. */
static int expand_vars(struct config *cfg, const char *origin, const char *in, char **out)
{
    struct sbuf b = {0};
    for (const char *p = in; *p;) {
        const char *name = NULL;
        size_t nlen = 0, skip = 0;
        if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p + 2, '}');
            if (!end) {
                config_diag(cfg, "%s: unterminated ${ (expected ${NAME})", origin);
                free(b.s);
                return -1;
            }
            name = p + 2;
            nlen = (size_t)(end - name);
            skip = nlen + 3;
        } else if (p[0] == '$' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
            name = p + 1;
            while (isalnum((unsigned char)name[nlen]) || name[nlen] == '_')
                nlen++;
            skip = nlen + 1;
        }
        if (!name) {
            if (sb_putn(&b, p, 1) < 0)
                goto oom;
            p++;
            continue;
        }
        char var[128];
        if (nlen == 0 || nlen >= sizeof var) {
            config_diag(cfg, "%s: bad environment variable reference (expected $NAME or ${NAME})", origin);
            free(b.s);
            return -1;
        }
        memcpy(var, name, nlen);
        var[nlen] = 0;
        const char *val = getenv(var);
        if (!val && !strcmp(var, "BXSHARE"))
            val = EMU_DATADIR;
        if (!val) {
            config_diag(cfg, "%s: environment variable $%s is not set", origin, var);
            free(b.s);
            return -1;
        }
        if (sb_putn(&b, val, strlen(val)) < 0)
            goto oom;
        p += skip;
    }
    if (sb_putn(&b, "", 0) < 0)
        goto oom;
    *out = b.s;
    return 0;
oom:
    free(b.s);
    config_diag(cfg, "%s: out of memory", origin);
    return -1;
}

/* Cuts a comment (# outside quotes) and trailing blanks. */
static void strip_comment(char *s)
{
    bool quoted = false;
    for (char *p = s; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '#' && !quoted) {
            *p = 0;
            break;
        }
    }
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
}

int bx_split_params(struct bx_line *ln, char *p)
{
    ln->n = 0;
    for (;;) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        if (!*p)
            return 0;
        if (ln->n == BX_MAX_PARAMS)
            return bx_error(ln, "more than %d parameters", BX_MAX_PARAMS);
        /* a token runs to the next comma or blank outside quotes; quotes
         * are removed in place */
        char *start = p, *w = p, *eq = NULL;
        bool quoted = false;
        for (; *p; p++) {
            if (*p == '"') {
                quoted = !quoted;
                continue;
            }
            if (!quoted && (*p == ',' || isspace((unsigned char)*p)))
                break;
            if (*p == '=' && !quoted && !eq)
                eq = w;
            *w++ = *p;
        }
        if (quoted)
            return bx_error(ln, "unterminated quote (expected a closing \")");
        char *next = *p ? p + 1 : p;
        *w = 0;
        struct bx_param *pr = &ln->p[ln->n++];
        pr->name = start;
        pr->value = NULL;
        if (eq) {
            *eq = 0;
            pr->value = eq + 1;
            if (!*pr->name)
                return bx_error(ln, "parameter '=%s' has no name (expected name=value)", pr->value);
        }
        p = next;
    }
}

/* Applies one logical line: text already without continuations. */
static int apply_text(struct config *cfg, const char *origin, const char *text)
{
    char *line;
    if (expand_vars(cfg, origin, text, &line) < 0)
        return -1;
    strip_comment(line);
    char *p = line;
    while (isspace((unsigned char)*p))
        p++;
    int r = 0;
    if (*p) {
        struct bx_line ln = {.cfg = cfg, .origin = origin, .key = p};
        char *k = p;
        while (isalnum((unsigned char)*k) || *k == '_' || *k == '-')
            k++;
        char *colon = k;
        while (isspace((unsigned char)*colon))
            colon++;
        if (k == p || *colon != ':') {
            config_diag(cfg, "%s: expected 'option: value', got '%s'", origin, p);
            r = -1;
        } else {
            *k = 0;
            ln.key = p;
            r = bx_split_params(&ln, colon + 1);
            if (r == 0)
                r = bx_apply(&ln);
        }
    }
    free(line);
    return r;
}

int config_load_line(struct config *cfg, const char *text, const char *origin)
{
    return apply_text(cfg, origin, text);
}

static int load_file(struct config *cfg, const char *path, const char *includer, int depth);

/* `#include FILE`: FILE as given, else beside the including file. */
static int include_file(struct config *cfg, const char *origin, const char *from, char *arg, int depth)
{
    char *name;
    if (expand_vars(cfg, origin, arg, &name) < 0)
        return -1;
    strip_comment(name);
    char *p = name;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    if (n >= 2 && ((p[0] == '"' && p[n - 1] == '"') || (p[0] == '<' && p[n - 1] == '>'))) {
        p[n - 1] = 0;
        p++;
    }
    int r;
    if (!*p) {
        config_diag(cfg, "%s: #include needs a file name", origin);
        r = -1;
    } else if (depth >= MAX_INCLUDE_DEPTH) {
        config_diag(cfg, "%s: #include %s: nested more than %d deep (an include loop?)", origin, p,
                    MAX_INCLUDE_DEPTH);
        r = -1;
    } else {
        char *path = NULL;
        const char *slash = strrchr(from, '/');
        FILE *probe = fopen(p, "r");
        if (probe)
            fclose(probe);
        else if (p[0] != '/' && slash) {
            size_t dl = (size_t)(slash - from) + 1;
            path = malloc(dl + strlen(p) + 1);
            if (path) {
                memcpy(path, from, dl);
                strcpy(path + dl, p);
            }
        }
        FILE *again = path ? fopen(path, "r") : NULL;
        if (!probe && !again) {
            /* name the file as written, not where emu looked last */
            config_diag(cfg, "%s: #include %s: %s", origin, p, strerror(errno));
            r = -1;
        } else {
            if (again)
                fclose(again);
            r = load_file(cfg, path ? path : p, origin, depth + 1);
        }
        free(path);
    }
    free(name);
    return r;
}

static int load_stream(struct config *cfg, FILE *f, const char *path, int depth);

static int load_file(struct config *cfg, const char *path, const char *includer, int depth)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (includer)
            config_diag(cfg, "%s: #include %s: %s", includer, path, strerror(errno));
        else
            config_diag(cfg, "%s: %s", path, strerror(errno));
        return -1;
    }
    int r = load_stream(cfg, f, path, depth);
    fclose(f);
    return r;
}

int bx_load_stream(struct config *cfg, FILE *f, const char *name)
{
    return load_stream(cfg, f, name, 0);
}

static int load_stream(struct config *cfg, FILE *f, const char *path, int depth)
{
    struct sbuf logical = {0};
    /* one physical line at most MAX_LINE characters: a bochsrc is text, and
     * a device or binary file named by mistake must not grow without end */
    char *phys = malloc(MAX_LINE + 2);
    int lineno = 0, first = 0, r = 0;
    char origin[512];
    if (!phys) {
        config_diag(cfg, "%s: out of memory", path);
        return -1;
    }
    for (;;) {
        if (!fgets(phys, MAX_LINE + 2, f)) {
            if (ferror(f)) {
                config_diag(cfg, "%s: read error (%s)", path, strerror(errno));
                r = -1;
            }
            break;
        }
        size_t got = strlen(phys);
        ssize_t n = (ssize_t)got;
        lineno++;
        if (got == MAX_LINE + 1 && phys[got - 1] != '\n') {
            config_diag(cfg, "%s:%d: line longer than %d characters (expected a text file)", path, lineno,
                        MAX_LINE);
            r = -1;
            break;
        }
        /* fgets stops at a NUL byte as if the line ended there */
        if (got == 0 || (phys[got - 1] != '\n' && !feof(f))) {
            config_diag(cfg, "%s:%d: NUL byte in the file (expected text)", path, lineno);
            r = -1;
            break;
        }
        if (logical.len == 0)
            first = lineno;
        while (n > 0 && (phys[n - 1] == '\n' || phys[n - 1] == '\r'))
            phys[--n] = 0;
        /* a trailing backslash joins the next line */
        bool cont = n > 0 && phys[n - 1] == '\\';
        if (cont)
            phys[--n] = 0;
        if (sb_putn(&logical, phys, (size_t)n) < 0) {
            config_diag(cfg, "%s: out of memory", path);
            r = -1;
            break;
        }
        if (cont)
            continue;
        snprintf(origin, sizeof origin, "%s:%d", path, first);
        const char *t = logical.s;
        while (isspace((unsigned char)*t))
            t++;
        if (!strncmp(t, "#include", 8) && (isspace((unsigned char)t[8]) || t[8] == '"' || t[8] == '<'))
            r = include_file(cfg, origin, path, (char *)t + 8, depth);
        else
            r = apply_text(cfg, origin, t);
        logical.len = 0;
        logical.s[0] = 0;
        if (r < 0)
            break;
    }
    if (r == 0 && logical.len) {
        config_diag(cfg, "%s:%d: the file ends after a continuation backslash (expected another line)", path,
                    first);
        r = -1;
    }
    free(phys);
    free(logical.s);
    return r;
}

int config_load_file(struct config *cfg, const char *path)
{
    return load_file(cfg, path, NULL, 0);
}
