/* debug/expr.c: debugger expressions.
 *
 * The operand syntax of Bochs's internal debugger: numbers (0x... hex,
 * otherwise decimal), registers with or without '$' (eax, $ax, rip, cs),
 * symbols loaded with ldsym, C arithmetic and bit operators with C
 * precedence, parentheses, and a seg:off form at the lowest precedence
 * (0x07c0:0x10, cs:ip, ds:si+4). A recursive-descent parser; evaluation
 * happens while parsing, so there is no tree to free.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "debug/debug.h"

struct parser {
    const char *p;
    const struct dbg_expr_env *env;
    char *err;
    size_t errlen;
    bool failed;
};

static void fail(struct parser *ps, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    va_list ap;
    va_start(ap, fmt);
    if (ps->err && ps->errlen)
        vsnprintf(ps->err, ps->errlen, fmt, ap);
    va_end(ap);
}

static void skip_ws(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

/* Peeks at the next non-blank character without consuming blanks when it
 * cannot continue the expression (so that "0x500 2" stays two operands). */
static char peek(struct parser *ps)
{
    const char *q = ps->p;
    while (*q == ' ' || *q == '\t')
        q++;
    return *q;
}

static bool accept(struct parser *ps, const char *op)
{
    const char *q = ps->p;
    while (*q == ' ' || *q == '\t')
        q++;
    size_t n = strlen(op);
    if (strncmp(q, op, n))
        return false;
    /* "<" must not match "<<" etc. */
    if (n == 1 && (op[0] == '<' || op[0] == '>') && q[1] == op[0])
        return false;
    ps->p = q + n;
    return true;
}

static uint64_t parse_or(struct parser *ps);

static bool ident_start(char ch) { return isalpha((unsigned char)ch) || ch == '_' || ch == '.' || ch == '@'; }
static bool ident_char(char ch) { return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '@' || ch == '?'; }

static uint64_t parse_primary(struct parser *ps)
{
    skip_ws(ps);
    const char *p = ps->p;
    if (*p == '(') {
        ps->p++;
        uint64_t v = parse_or(ps);
        if (!accept(ps, ")"))
            fail(ps, "missing ')'");
        return v;
    }
    if (isdigit((unsigned char)*p)) {
        uint64_t v = 0;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
            p += 2;
            if (!isxdigit((unsigned char)*p)) {
                fail(ps, "bad hex number");
                return 0;
            }
            while (isxdigit((unsigned char)*p)) {
                int dgt = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);
                v = v * 16 + (uint64_t)dgt;
                p++;
            }
        } else {
            while (isdigit((unsigned char)*p))
                v = v * 10 + (uint64_t)(*p++ - '0');
        }
        if (ident_char(*p)) {
            fail(ps, "bad number near '%.16s'", ps->p);
            return 0;
        }
        ps->p = p;
        return v;
    }
    bool dollar = *p == '$';
    if (dollar)
        p++;
    if (ident_start(*p)) {
        char name[128];
        size_t n = 0;
        while (ident_char(*p)) {
            if (n + 1 < sizeof name)
                name[n++] = *p;
            p++;
        }
        name[n] = 0;
        ps->p = p;
        uint64_t v;
        if (ps->env && ps->env->reg && ps->env->reg(ps->env->opaque, name, &v))
            return v;
        if (!dollar && ps->env && ps->env->sym && ps->env->sym(ps->env->opaque, name, &v))
            return v;
        fail(ps, "unknown %s '%s'", dollar ? "register" : "register or symbol", name);
        return 0;
    }
    if (*p == 0)
        fail(ps, "expression expected");
    else
        fail(ps, "unexpected '%c'", *p);
    return 0;
}

static uint64_t parse_unary(struct parser *ps)
{
    if (accept(ps, "-"))
        return (uint64_t)0 - parse_unary(ps);
    if (accept(ps, "+"))
        return parse_unary(ps);
    if (accept(ps, "~"))
        return ~parse_unary(ps);
    if (accept(ps, "!"))
        return !parse_unary(ps);
    return parse_primary(ps);
}

static uint64_t parse_mul(struct parser *ps)
{
    uint64_t v = parse_unary(ps);
    for (;;) {
        if (accept(ps, "*")) {
            v *= parse_unary(ps);
        } else if (accept(ps, "/") || accept(ps, "%")) {
            bool mod = ps->p[-1] == '%';
            uint64_t d = parse_unary(ps);
            if (!d) {
                fail(ps, "division by zero");
                return 0;
            }
            v = mod ? v % d : v / d;
        } else {
            return v;
        }
    }
}

static uint64_t parse_add(struct parser *ps)
{
    uint64_t v = parse_mul(ps);
    for (;;) {
        if (accept(ps, "+"))
            v += parse_mul(ps);
        else if (accept(ps, "-"))
            v -= parse_mul(ps);
        else
            return v;
    }
}

static uint64_t parse_shift(struct parser *ps)
{
    uint64_t v = parse_add(ps);
    for (;;) {
        if (accept(ps, "<<")) {
            uint64_t n = parse_add(ps);
            v = n >= 64 ? 0 : v << n;
        } else if (accept(ps, ">>")) {
            uint64_t n = parse_add(ps);
            v = n >= 64 ? 0 : v >> n;
        } else {
            return v;
        }
    }
}

static uint64_t parse_and(struct parser *ps)
{
    uint64_t v = parse_shift(ps);
    while (peek(ps) == '&' && accept(ps, "&"))
        v &= parse_shift(ps);
    return v;
}

static uint64_t parse_xor(struct parser *ps)
{
    uint64_t v = parse_and(ps);
    while (accept(ps, "^"))
        v ^= parse_and(ps);
    return v;
}

static uint64_t parse_or(struct parser *ps)
{
    uint64_t v = parse_xor(ps);
    while (accept(ps, "|"))
        v |= parse_xor(ps);
    return v;
}

int dbg_expr_eval(const char *s, const struct dbg_expr_env *env, struct dbg_value *out,
                  const char **end, char *err, size_t errlen)
{
    struct parser ps = {.p = s, .env = env, .err = err, .errlen = errlen};
    if (err && errlen)
        err[0] = 0;
    memset(out, 0, sizeof *out);
    uint64_t v = parse_or(&ps);
    if (!ps.failed && accept(&ps, ":")) {
        uint64_t off = parse_or(&ps);
        out->segoff = true;
        out->seg = v & 0xFFFF;
        out->off = off;
        uint64_t lin = (v << 4) + off;
        if (!ps.failed && env && env->seg_off && !env->seg_off(env->opaque, out->seg, off, &lin))
            fail(&ps, "selector 0x%04llx is not usable", (unsigned long long)out->seg);
        v = lin;
    }
    if (end)
        *end = ps.p;
    if (ps.failed)
        return -1;
    out->val = v;
    return 0;
}
