/* tests/unit/test_dbg_expr.c: the debugger's expression parser. */
#include <criterion/criterion.h>
#include <string.h>

#include "debug/debug.h"

static bool reg(void *o, const char *name, uint64_t *v)
{
    (void)o;
    if (!strcmp(name, "eax")) { *v = 0x10; return true; }
    if (!strcmp(name, "cs")) { *v = 0x07c0; return true; }
    if (!strcmp(name, "ip")) { *v = 0x0020; return true; }
    return false;
}

static bool sym(void *o, const char *name, uint64_t *v)
{
    (void)o;
    if (!strcmp(name, "main")) { *v = 0x1234; return true; }
    return false;
}

/* protected-mode style: selector 8 has base 0x100000 */
static bool segoff(void *o, uint64_t seg, uint64_t off, uint64_t *lin)
{
    (void)o;
    if (seg == 8) { *lin = 0x100000 + off; return true; }
    if (seg == 0) return false;
    *lin = (seg << 4) + off;
    return true;
}

static const struct dbg_expr_env env = {NULL, reg, sym, segoff};

static uint64_t ev(const char *s)
{
    struct dbg_value v;
    char err[128];
    int r = dbg_expr_eval(s, &env, &v, NULL, err, sizeof err);
    cr_assert_eq(r, 0, "'%s' failed: %s", s, err);
    return v.val;
}

Test(expr, numbers)
{
    cr_assert_eq(ev("0x7c00"), 0x7c00);
    cr_assert_eq(ev("31744"), 31744);
    cr_assert_eq(ev("0XFFFFFFFFFFFFFFFF"), ~0ull);
}

Test(expr, precedence_and_parentheses)
{
    cr_assert_eq(ev("1 + 2 * 3"), 7);
    cr_assert_eq(ev("(1 + 2) * 3"), 9);
    cr_assert_eq(ev("1 << 4 + 1"), 32);
    cr_assert_eq(ev("0xff & 0x0f | 0x100"), 0x10f);
    cr_assert_eq(ev("6 ^ 3"), 5);
    cr_assert_eq(ev("-1"), ~0ull);
    cr_assert_eq(ev("~0 >> 60"), 0xf);
    cr_assert_eq(ev("17 % 5 + 17 / 5"), 5);
}

Test(expr, registers_and_symbols)
{
    cr_assert_eq(ev("eax + 1"), 0x11);
    cr_assert_eq(ev("$eax*2"), 0x20);
    cr_assert_eq(ev("main+4"), 0x1238);
}

Test(expr, seg_off_forms)
{
    struct dbg_value v;
    cr_assert_eq(dbg_expr_eval("0x07c0:0x10", &env, &v, NULL, NULL, 0), 0);
    cr_assert(v.segoff);
    cr_assert_eq(v.seg, 0x7c0);
    cr_assert_eq(v.off, 0x10);
    cr_assert_eq(v.val, 0x7c10);
    cr_assert_eq(ev("cs:ip+2"), 0x7c22);
    cr_assert_eq(ev("8:0x20"), 0x100020);
}

Test(expr, errors_are_reported_not_guessed)
{
    struct dbg_value v;
    char err[128];
    cr_assert_eq(dbg_expr_eval("nosuch + 1", &env, &v, NULL, err, sizeof err), -1);
    cr_assert(strstr(err, "nosuch"), "%s", err);
    cr_assert_eq(dbg_expr_eval("(1 + 2", &env, &v, NULL, err, sizeof err), -1);
    cr_assert_eq(dbg_expr_eval("4 / 0", &env, &v, NULL, err, sizeof err), -1);
    cr_assert_eq(dbg_expr_eval("0x", &env, &v, NULL, err, sizeof err), -1);
    cr_assert_eq(dbg_expr_eval("12ab", &env, &v, NULL, err, sizeof err), -1);
    cr_assert_eq(dbg_expr_eval("", &env, &v, NULL, err, sizeof err), -1);
    cr_assert_eq(dbg_expr_eval("0:5", &env, &v, NULL, err, sizeof err), -1); /* null selector */
}

Test(expr, stops_between_operands)
{
    struct dbg_value v;
    const char *end;
    cr_assert_eq(dbg_expr_eval("0x500 2", &env, &v, &end, NULL, 0), 0);
    cr_assert_eq(v.val, 0x500);
    cr_assert_eq(dbg_expr_eval(end, &env, &v, NULL, NULL, 0), 0);
    cr_assert_eq(v.val, 2);
}
