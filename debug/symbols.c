/* debug/symbols.c: symbol tables for ldsym.
 *
 * Bochs's ldsym reads lines of the form "ADDRESS NAME" (hex address);
 * lines in nm(1) format "ADDRESS TYPE NAME" are accepted too so that
 * `nm kernel.elf > kernel.sym` works. Symbols are kept sorted by address
 * for the nearest-symbol lookup used in listings. (Bochs keeps global and
 * per-context tables; emu has one table, and "global" is accepted.)
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debug/debug.h"

struct sym {
    uint64_t addr;
    char *name;
};

struct dbg_symtab {
    struct sym *v;
    size_t n, cap;
};

struct dbg_symtab *dbg_sym_new(void) { return calloc(1, sizeof(struct dbg_symtab)); }

void dbg_sym_free(struct dbg_symtab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
    free(t);
}

static int by_addr(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int add(struct dbg_symtab *t, uint64_t addr, const char *name)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        struct sym *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].addr = addr;
    t->v[t->n].name = strdup(name);
    if (!t->v[t->n].name)
        return -1;
    t->n++;
    return 0;
}

int dbg_sym_load(struct dbg_symtab *t, const char *path, uint64_t offset, bool global, char *err,
                 size_t errlen)
{
    (void)global;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[512];
    int count = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#' || *p == ';')
            continue;
        char *end;
        errno = 0;
        uint64_t addr = strtoull(p, &end, 16);
        if (end == p || errno || !isspace((unsigned char)*end)) {
            snprintf(err, errlen, "%s:%d: expected 'ADDRESS NAME'", path, lineno);
            fclose(f);
            return -1;
        }
        char *w1 = strtok(end, " \t\r\n");
        char *w2 = strtok(NULL, " \t\r\n");
        /* nm format: a one-letter type between address and name */
        const char *name = (w2 && strlen(w1) == 1) ? w2 : w1;
        if (!name) {
            snprintf(err, errlen, "%s:%d: symbol name missing", path, lineno);
            fclose(f);
            return -1;
        }
        if (add(t, addr + offset, name) < 0) {
            snprintf(err, errlen, "out of memory");
            fclose(f);
            return -1;
        }
        count++;
    }
    fclose(f);
    qsort(t->v, t->n, sizeof *t->v, by_addr);
    return count;
}

bool dbg_sym_lookup(const struct dbg_symtab *t, const char *name, uint64_t *addr)
{
    if (!t)
        return false;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].name, name)) {
            *addr = t->v[i].addr;
            return true;
        }
    return false;
}

const char *dbg_sym_nearest(const struct dbg_symtab *t, uint64_t addr, uint64_t *delta)
{
    if (!t || !t->n || t->v[0].addr > addr)
        return NULL;
    size_t lo = 0, hi = t->n; /* last entry with v.addr <= addr */
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->v[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *delta = addr - t->v[lo].addr;
    return t->v[lo].name;
}

const char *dbg_sym_at(const struct dbg_symtab *t, uint64_t addr)
{
    uint64_t d;
    const char *n = dbg_sym_nearest(t, addr, &d);
    return n && !d ? n : NULL;
}
