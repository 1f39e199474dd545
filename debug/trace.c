/* debug/trace.c: instruction traces (--trace FILE, `trace on`).
 *
 * One line per instruction before it executes:
 *     [0x0000000f0005] f000:0005 b80010               mov ax, 0x1000
 * the physical address (as Bochs's debugger shows it), the address in the
 * current mode's form (seg:off with a 16-bit offset in real mode, 32-bit in
 * protected mode, 64-bit in long mode), the bytes and the disassembly.
 * Optional lines after it list the registers the instruction changed and
 * the memory it accessed; events (interrupts, exceptions, mode switches)
 * get lines of their own starting with "---". The file is written through
 * a large stdio buffer and never flushed per line, so that tracing a long
 * boot costs formatting, not system calls.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debug/debug.h"

struct dbg_trace {
    FILE *f;
    bool owned;
    char *buf;
};

struct dbg_trace *dbg_trace_open(const char *path, char *err, size_t errlen)
{
    struct dbg_trace *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!path || !strcmp(path, "-") || !strcmp(path, "stdout")) {
        t->f = stdout;
    } else if (!strcmp(path, "stderr")) {
        t->f = stderr;
    } else {
        t->f = fopen(path, "w");
        if (!t->f) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            free(t);
            return NULL;
        }
        t->owned = true;
        t->buf = malloc(1 << 20);
        if (t->buf)
            setvbuf(t->f, t->buf, _IOFBF, 1 << 20);
    }
    return t;
}

void dbg_trace_close(struct dbg_trace *t)
{
    if (!t)
        return;
    if (t->owned)
        fclose(t->f);
    else
        fflush(t->f);
    free(t->buf);
    free(t);
}

FILE *dbg_trace_file(struct dbg_trace *t) { return t->f; }

static const char hexdig[] = "0123456789abcdef";

void dbg_trace_insn(struct dbg_trace *t, struct cpu *c)
{
    uint64_t lin = dbg_pc_linear(c), pa = 0;
    char text[128];
    uint8_t bytes[16];
    int n = dbg_disasm_at(c, lin, c->rip, c->dmode, text, sizeof text, bytes);
    dbg_lin_to_phys(c, lin, &pa);
    char hex[40];
    int k = 0;
    for (int i = 0; i < n && k < 36; i++) {
        hex[k++] = hexdig[bytes[i] >> 4];
        hex[k++] = hexdig[bytes[i] & 15];
    }
    hex[k] = 0;
    if (c->dmode == DMODE_64)
        fprintf(t->f, "[0x%012llx] %04x:%016llx %-20s %s\n", (unsigned long long)pa,
                c->seg[SEG_CS].sel, (unsigned long long)c->rip, hex, text);
    else if (c->dmode == DMODE_32)
        fprintf(t->f, "[0x%012llx] %04x:%08llx %-20s %s\n", (unsigned long long)pa,
                c->seg[SEG_CS].sel, (unsigned long long)c->rip, hex, text);
    else
        fprintf(t->f, "[0x%012llx] %04x:%04llx %-20s %s\n", (unsigned long long)pa,
                c->seg[SEG_CS].sel, (unsigned long long)c->rip, hex, text);
}

void dbg_snap(struct cpu *c, struct dbg_regsnap *s)
{
    memcpy(s->gpr, c->gpr, sizeof s->gpr);
    s->rip = c->rip;
    s->eflags = cpu_get_eflags(c);
    for (int i = 0; i < 6; i++)
        s->sel[i] = c->seg[i].sel;
    s->cr0 = c->cr0;
    s->cr3 = c->cr3;
    s->cr4 = c->cr4;
    s->efer = c->efer;
}

void dbg_trace_regs(struct dbg_trace *t, struct cpu *c, const struct dbg_regsnap *b)
{
    static const char *const g[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
    static const char *const s[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
    bool wide = c->mode == CPU_LONG;
    for (int i = 0; i < 16; i++) {
        if (c->gpr[i] == b->gpr[i])
            continue;
        if (wide)
            fprintf(t->f, "    %s: 0x%016llx -> 0x%016llx\n", g[i], (unsigned long long)b->gpr[i],
                    (unsigned long long)c->gpr[i]);
        else
            fprintf(t->f, "    e%s: 0x%08llx -> 0x%08llx\n", g[i] + 1, (unsigned long long)b->gpr[i],
                    (unsigned long long)c->gpr[i]);
    }
    uint32_t fl = cpu_get_eflags(c);
    if (fl != b->eflags)
        fprintf(t->f, "    eflags: 0x%08x -> 0x%08x\n", b->eflags, fl);
    for (int i = 0; i < 6; i++)
        if (c->seg[i].sel != b->sel[i])
            fprintf(t->f, "    %s: 0x%04x -> 0x%04x\n", s[i], b->sel[i], c->seg[i].sel);
    if (c->cr0 != b->cr0)
        fprintf(t->f, "    cr0: 0x%08llx -> 0x%08llx\n", (unsigned long long)b->cr0, (unsigned long long)c->cr0);
    if (c->cr3 != b->cr3)
        fprintf(t->f, "    cr3: 0x%08llx -> 0x%08llx\n", (unsigned long long)b->cr3, (unsigned long long)c->cr3);
    if (c->cr4 != b->cr4)
        fprintf(t->f, "    cr4: 0x%08llx -> 0x%08llx\n", (unsigned long long)b->cr4, (unsigned long long)c->cr4);
    if (c->efer != b->efer)
        fprintf(t->f, "    efer: 0x%llx -> 0x%llx\n", (unsigned long long)b->efer, (unsigned long long)c->efer);
}

void dbg_trace_mem(struct dbg_trace *t, uint64_t lin, unsigned len, bool write)
{
    fprintf(t->f, "    mem %s 0x%08llx len %u\n", write ? "W" : "R", (unsigned long long)lin, len);
}

void dbg_trace_note(struct dbg_trace *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("--- ", t->f);
    vfprintf(t->f, fmt, ap);
    fputc('\n', t->f);
    va_end(ap);
}
