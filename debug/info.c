/* debug/info.c: register and system-structure dumps (r, sreg, creg, dreg,
 * fp, info gdt|idt|ldt|tss|tab|eflags|device, page), in the layout of
 * Bochs's debugger: set flags in upper case, clear ones in lower case.
 * Descriptor formats: SDM Vol.3 3.4.5 (segment descriptors), 3.5
 * (system descriptors), 6.11 (IDT gates), 7.2.1 (32-bit TSS), chapter 4
 * (paging structures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debug/dbg_int.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "memory/paging.h"
#include "memory/phys.h"

#pragma weak mmu_translate_debug

static void flagword(FILE *f, uint64_t v, const char *const names[], int nbits)
{
    /* names[i] is bit nbits-1-i; NULL entries are skipped */
    for (int i = 0; i < nbits; i++) {
        const char *n = names[i];
        if (!n)
            continue;
        int bit = nbits - 1 - i;
        char w[16];
        snprintf(w, sizeof w, "%s", n);
        if (v >> bit & 1)
            for (char *p = w; *p; p++)
                *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        fprintf(f, " %s", w);
    }
}

static void eflags_line(struct debugger *d, uint32_t fl)
{
    static const struct { const char *n; int bit; } f[] = {
        {"id", 21}, {"vip", 20}, {"vif", 19}, {"ac", 18}, {"vm", 17}, {"rf", 16}, {"nt", 14},
        {NULL, 12}, {"of", 11}, {"df", 10}, {"if", 9}, {"tf", 8}, {"sf", 7}, {"zf", 6},
        {"af", 4}, {"pf", 2}, {"cf", 0}};
    fprintf(d->out, "eflags 0x%08x:", fl);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (!f[i].n) {
            fprintf(d->out, " IOPL=%u", (fl >> 12) & 3);
            continue;
        }
        const char *n = f[i].n;
        bool set = fl >> f[i].bit & 1;
        fputc(' ', d->out);
        for (; *n; n++)
            fputc(set ? *n - 32 : *n, d->out);
    }
    fputc('\n', d->out);
}

void dbg_info_eflags(struct debugger *d) { eflags_line(d, cpu_get_eflags(d->c)); }

void dbg_info_regs(struct debugger *d)
{
    struct cpu *c = d->c;
    static const char *const n64[16] = {"rax", "rbx", "rcx", "rdx", "rsp", "rbp", "rsi", "rdi",
                                        "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
    static const int idx[16] = {R_AX, R_BX, R_CX, R_DX, R_SP, R_BP, R_SI, R_DI,
                                8, 9, 10, 11, 12, 13, 14, 15};
    if (c->mode == CPU_LONG) {
        for (int i = 0; i < 16; i++) {
            uint64_t v = c->gpr[idx[i]];
            fprintf(d->out, "%s: %08x_%08x\n", n64[i], (unsigned)(v >> 32), (unsigned)v);
        }
        fprintf(d->out, "rip: %08x_%08x\n", (unsigned)(c->rip >> 32), (unsigned)c->rip);
    } else {
        for (int i = 0; i < 8; i++) {
            uint32_t v = (uint32_t)c->gpr[idx[i]];
            fprintf(d->out, "e%s: 0x%08x %u\n", n64[i] + 1, v, v);
        }
        fprintf(d->out, "eip: 0x%08x\n", (unsigned)c->rip);
    }
    dbg_info_eflags(d);
}

static void describe(FILE *f, uint16_t attr, uint64_t base, uint32_t limit, bool lm)
{
    unsigned type = attr & 0xF;
    if (!(attr & SA_S) && lm && (type == 9 || type == 11)) {
        /* IA-32e mode: 16-byte TSS descriptor (SDM Vol.3 8.2.3) */
        fprintf(f, "64-bit TSS (%s), base=0x%016llx, limit=0x%08x", type == 11 ? "busy" : "available",
                (unsigned long long)base, limit);
        return;
    }
    if (!(attr & SA_S)) {
        static const char *const sys[16] = {"reserved", "16-bit TSS (available)", "LDT",
                                            "16-bit TSS (busy)", "16-bit call gate", "task gate",
                                            "16-bit interrupt gate", "16-bit trap gate", "reserved",
                                            "32-bit TSS (available)", "reserved", "32-bit TSS (busy)",
                                            "32-bit call gate", "reserved", "32-bit interrupt gate",
                                            "32-bit trap gate"};
        fprintf(f, "%s, base=0x%08llx, limit=0x%08x", sys[type], (unsigned long long)base, limit);
        return;
    }
    if (type & 8) {
        fprintf(f, "Code segment, base=0x%08llx, limit=0x%08x, %s, %s%s, %s", (unsigned long long)base,
                limit, (type & 2) ? "Execute/Read" : "Execute-Only", (type & 4) ? "Conforming" : "Non-Conforming",
                (type & 1) ? ", Accessed" : "", (attr & SA_L) ? "64-bit" : (attr & SA_DB) ? "32-bit" : "16-bit");
    } else {
        fprintf(f, "Data segment, base=0x%08llx, limit=0x%08x, %s%s%s", (unsigned long long)base, limit,
                (type & 2) ? "Read/Write" : "Read-Only", (type & 4) ? ", Expand-down" : "",
                (type & 1) ? ", Accessed" : "");
    }
}

static void seg_line(struct debugger *d, const char *name, const struct seg *s)
{
    uint32_t raw = (s->attr & SA_G) ? s->limit >> 12 : s->limit;
    uint32_t dl = (uint32_t)((s->base & 0xFFFF) << 16) | (raw & 0xFFFF);
    uint32_t dh = (uint32_t)(s->base & 0xFF000000u) | ((uint32_t)(s->attr & 0xF0FF) << 8) | (raw & 0xF0000) |
                  (uint32_t)((s->base >> 16) & 0xFF);
    fprintf(d->out, "%s:0x%04x, dh=0x%08x, dl=0x%08x, valid=%d\n\t", name, s->sel, dh, dl,
            (s->attr & SA_P) ? 1 : 0);
    describe(d->out, s->attr, s->base, s->limit, d->c->mode == CPU_LONG);
    fputc('\n', d->out);
}

void dbg_info_sregs(struct debugger *d)
{
    static const char *const names[6] = {"es", "cs", "ss", "ds", "fs", "gs"};
    struct cpu *c = d->c;
    for (int i = 0; i < 6; i++)
        seg_line(d, names[i], &c->seg[i]);
    seg_line(d, "ldtr", &c->ldtr);
    seg_line(d, "tr", &c->tr);
    fprintf(d->out, "gdtr:base=0x%016llx, limit=0x%x\n", (unsigned long long)c->gdtr.base, c->gdtr.limit);
    fprintf(d->out, "idtr:base=0x%016llx, limit=0x%x\n", (unsigned long long)c->idtr.base, c->idtr.limit);
    if (c->mode == CPU_LONG)
        fprintf(d->out, "fs_base=0x%016llx gs_base=0x%016llx\n", (unsigned long long)c->seg[SEG_FS].base,
                (unsigned long long)c->seg[SEG_GS].base);
}

void dbg_info_cregs(struct debugger *d)
{
    struct cpu *c = d->c;
    static const char *const cr0n[32] = {"pg", "cd", "nw", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, "am", NULL, "wp", NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, NULL, NULL, NULL, "ne", "et", "ts", "em",
                                         "mp", "pe"};
    fprintf(d->out, "CR0=0x%08llx:", (unsigned long long)c->cr0);
    flagword(d->out, c->cr0, cr0n, 32);
    fprintf(d->out, "\nCR2=page fault laddr=0x%016llx\n", (unsigned long long)c->cr2);
    fprintf(d->out, "CR3=0x%016llx\n    PCD=page-level cache disable=%d\n    PWT=page-level write-through=%d\n",
            (unsigned long long)c->cr3, (int)(c->cr3 >> 4 & 1), (int)(c->cr3 >> 3 & 1));
    static const char *const cr4n[11] = {"osxmmexcpt", "osfxsr", "pce", "pge", "mce", "pae", "pse",
                                         "de", "tsd", "pvi", "vme"};
    fprintf(d->out, "CR4=0x%08llx:", (unsigned long long)c->cr4);
    flagword(d->out, c->cr4, cr4n, 11);
    fprintf(d->out, "\nCR8: 0x%llx\n", (unsigned long long)c->cr8);
    static const char *const efern[12] = {"nxe", "lma", NULL, "lme", NULL, NULL, NULL, NULL,
                                          NULL, NULL, NULL, "sce"};
    fprintf(d->out, "EFER=0x%08llx:", (unsigned long long)c->efer);
    flagword(d->out, c->efer, efern, 12);
    fputc('\n', d->out);
}

void dbg_info_dregs(struct debugger *d)
{
    struct cpu *c = d->c;
    for (int i = 0; i < 4; i++)
        fprintf(d->out, "DR%d=0x%016llx\n", i, (unsigned long long)c->dr[i]);
    fprintf(d->out, "DR6=0x%08llx: %s %s %s B3=%d B2=%d B1=%d B0=%d\n", (unsigned long long)c->dr[6],
            (c->dr[6] >> 15 & 1) ? "BT" : "bt", (c->dr[6] >> 14 & 1) ? "BS" : "bs",
            (c->dr[6] >> 13 & 1) ? "BD" : "bd", (int)(c->dr[6] >> 3 & 1), (int)(c->dr[6] >> 2 & 1),
            (int)(c->dr[6] >> 1 & 1), (int)(c->dr[6] & 1));
    fprintf(d->out, "DR7=0x%08llx:", (unsigned long long)c->dr[7]);
    for (int i = 3; i >= 0; i--) {
        unsigned rw = (unsigned)(c->dr[7] >> (16 + 4 * i)) & 3, len = (unsigned)(c->dr[7] >> (18 + 4 * i)) & 3;
        fprintf(d->out, " R/W%d=%u LEN%d=%u", i, rw, i, len);
    }
    for (int i = 3; i >= 0; i--)
        fprintf(d->out, " %c%d %c%d", (c->dr[7] >> (2 * i + 1) & 1) ? 'G' : 'g', i,
                (c->dr[7] >> (2 * i) & 1) ? 'L' : 'l', i);
    fputc('\n', d->out);
}

/* An 80-bit register as a decimal approximation (sign, exponent and the
 * explicit integer bit of SDM Vol.1 4.2.2; no host long double needed). */
static void x80_text(sf_x80 v, char *buf, size_t size)
{
    int sign = v.se >> 15, exp = v.se & 0x7FFF;
    const char *s = sign ? "-" : "";
    if (exp == 0x7FFF) {
        if ((v.sig << 1) == 0)
            snprintf(buf, size, "%sinf", s);
        else
            snprintf(buf, size, "%snan", s);
        return;
    }
    if (v.sig == 0) {
        snprintf(buf, size, "%s0", s);
        return;
    }
    /* value = sig / 2^63 * 2^(exp - 16383); denormals use exponent 1 */
    double m = (double)v.sig / 9223372036854775808.0;
    int e = (exp ? exp : 1) - 16383;
    if (e > 1000 || e < -1000) {
        snprintf(buf, size, "%s%.15g*2^%d", s, m, e); /* beyond a double */
        return;
    }
    for (; e > 0; e--)
        m *= 2;
    for (; e < 0; e++)
        m /= 2;
    snprintf(buf, size, "%s%.15g", s, m);
}

static const char *const tag_name[4] = {"valid", "zero", "special", "empty"};

/* Bochs's fpu, mmx and xmm commands (and sse) */
void dbg_info_fpu(struct debugger *d, const char *what)
{
    struct cpu *c = d->c;
    const struct fpu *f = &c->fpu;
    FILE *o = d->out;
    if (what[0] == 'f') {
        static const char *const rc[4] = {"RC_NEAREST", "RC_DOWN", "RC_UP", "RC_CHOP"};
        static const char *const pc[4] = {"PC_32", "PC_RESERVED", "PC_64", "PC_80"};
        unsigned top = (f->sw >> 11) & 7;
        uint16_t tw = fpu_tag_word(f);
        fprintf(o, "status  word: 0x%04x: %s %s TOP%u %s %s %s %s %s %s %s %s %s %s %s\n", f->sw,
                f->sw & FSW_B ? "B" : "b", f->sw & FSW_C3 ? "C3" : "c3", top, f->sw & FSW_C2 ? "C2" : "c2",
                f->sw & FSW_C1 ? "C1" : "c1", f->sw & FSW_C0 ? "C0" : "c0", f->sw & FSW_ES ? "ES" : "es",
                f->sw & FSW_SF ? "SF" : "sf", f->sw & FSW_PE ? "PE" : "pe", f->sw & FSW_UE ? "UE" : "ue",
                f->sw & FSW_OE ? "OE" : "oe", f->sw & FSW_ZE ? "ZE" : "ze", f->sw & FSW_DE ? "DE" : "de",
                f->sw & FSW_IE ? "IE" : "ie");
        fprintf(o, "control word: 0x%04x: %s %s %s %s %s %s %s %s\n", f->cw, rc[(f->cw >> 10) & 3],
                pc[(f->cw >> 8) & 3], f->cw & 0x20 ? "PM" : "pm", f->cw & 0x10 ? "UM" : "um",
                f->cw & 0x08 ? "OM" : "om", f->cw & 0x04 ? "ZM" : "zm", f->cw & 0x02 ? "DM" : "dm",
                f->cw & 0x01 ? "IM" : "im");
        fprintf(o, "tag word:     0x%04x\n", tw);
        fprintf(o, "operand:      0x%04x\n", f->fop);
        fprintf(o, "fip:          0x%016llx\n", (unsigned long long)f->fip);
        fprintf(o, "fcs:          0x%04x\n", f->fcs);
        fprintf(o, "fdp:          0x%016llx\n", (unsigned long long)f->fdp);
        fprintf(o, "fds:          0x%04x\n", f->fds);
        for (unsigned i = 0; i < 8; i++) {
            unsigned p = (top + i) & 7;
            char num[64];
            x80_text(f->r[p], num, sizeof num);
            unsigned t = (tw >> (2 * p)) & 3;
            fprintf(o, "%sFP%u ST%u(%c): raw 0x%04x:%016llx (%s)", i == 0 ? "=>" : "  ", p, i, "vzse"[t],
                    f->r[p].se, (unsigned long long)f->r[p].sig, tag_name[t]);
            if (t != 3)
                fprintf(o, " %s", num);
            fputc('\n', o);
        }
        return;
    }
    if (what[0] == 'm') {
        for (unsigned i = 0; i < 8; i++) {
            uint64_t v = f->r[i].sig;
            fprintf(o, "MM[%u]: %08x_%08x\n", i, (unsigned)(v >> 32), (unsigned)v);
        }
        return;
    }
    for (unsigned i = 0; i < 16; i++) {
        const xmm_t *x = &c->xmm.r[i];
        fprintf(o, "XMM[%02u]: %08x_%08x_%08x_%08x\n", i, x->d[3], x->d[2], x->d[1], x->d[0]);
    }
    uint32_t m = c->xmm.mxcsr;
    static const char *const rc[4] = {"RC:Nearest", "RC:Down", "RC:Up", "RC:Chop"};
    fprintf(o, "MXCSR: 0x%05x: %s %s %s %s %s %s %s %s %s %s %s %s %s %s", m, m & 0x10000 ? "MM" : "mm",
            m & 0x8000 ? "FZ" : "fz", rc[(m >> 13) & 3], m & 0x1000 ? "PM" : "pm", m & 0x800 ? "UM" : "um",
            m & 0x400 ? "OM" : "om", m & 0x200 ? "ZM" : "zm", m & 0x100 ? "DM" : "dm", m & 0x80 ? "IM" : "im",
            m & 0x40 ? "DAZ" : "daz", m & 0x20 ? "PE" : "pe", m & 0x10 ? "UE" : "ue",
            m & 0x08 ? "OE" : "oe", m & 0x04 ? "ZE" : "ze");
    fprintf(o, " %s %s\n", m & 0x02 ? "DE" : "de", m & 0x01 ? "IE" : "ie");
}

/* ---- descriptor tables ---- */

static bool read_desc(struct cpu *c, uint64_t lin, uint8_t *b, unsigned n)
{
    return dbg_read_lin(c, lin, b, n) == n;
}

static void print_desc(struct debugger *d, const char *tab, unsigned idx, const uint8_t *b, bool gate64, bool lm)
{
    uint32_t lo = b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    uint32_t hi = b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
    uint16_t attr = (uint16_t)((hi >> 8) & 0xF0FF);
    fprintf(d->out, "%s[0x%04x]=", tab, idx);
    if (!(attr & SA_P) && !(attr & 0x1F)) {
        fprintf(d->out, "??? descriptor hi=0x%08x, lo=0x%08x\n", hi, lo);
        return;
    }
    unsigned type = attr & 0xF;
    if (!(attr & SA_S) && (type == 4 || type == 5 || type == 6 || type == 7 || type == 12 || type == 14 ||
                           type == 15)) {
        uint16_t sel = (uint16_t)(lo >> 16);
        uint64_t off = (lo & 0xFFFF) | (hi & 0xFFFF0000u);
        if (gate64)
            off |= (uint64_t)(b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 | (uint32_t)b[11] << 24) << 32;
        static const char *const g[16] = {[4] = "16-Bit Call Gate", [5] = "Task Gate",
                                          [6] = "16-Bit Interrupt Gate", [7] = "16-Bit Trap Gate",
                                          [12] = "32-Bit Call Gate", [14] = "32-Bit Interrupt Gate",
                                          [15] = "32-Bit Trap Gate"};
        const char *name = gate64 ? (type == 14 ? "64-Bit Interrupt Gate" : type == 15 ? "64-Bit Trap Gate"
                                                                                          : "64-Bit Call Gate")
                                  : g[type];
        if (type == 5)
            fprintf(d->out, "%s target=0x%04x, DPL=%u%s\n", name, sel, (attr >> 5) & 3, (attr & SA_P) ? "" : ", not present");
        else
            fprintf(d->out, "%s target=0x%04x:0x%08llx, DPL=%u%s\n", name, sel, (unsigned long long)off,
                    (attr >> 5) & 3, (attr & SA_P) ? "" : ", not present");
        return;
    }
    uint64_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
    uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000);
    if (attr & SA_G)
        limit = (limit << 12) | 0xFFF;
    if (lm && !(attr & SA_S))
        base |= (uint64_t)(b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 | (uint32_t)b[11] << 24) << 32;
    describe(d->out, attr, base, limit, lm);
    fprintf(d->out, "%s\n", (attr & SA_P) ? "" : ", not present");
}

void dbg_info_table(struct debugger *d, const char *which, const char *args)
{
    struct cpu *c = d->c;
    uint64_t base;
    uint32_t limit;
    const char *title;
    bool idt = !strcmp(which, "idt");
    if (idt) {
        base = c->idtr.base, limit = c->idtr.limit, title = "Interrupt Descriptor Table";
    } else if (!strcmp(which, "gdt")) {
        base = c->gdtr.base, limit = c->gdtr.limit, title = "Global Descriptor Table";
    } else {
        if (!(c->ldtr.sel & ~3u) || c->mode == CPU_REAL) {
            fprintf(d->out, "no LDT is loaded (LDTR selector 0x%04x)\n", c->ldtr.sel);
            return;
        }
        base = c->ldtr.base, limit = c->ldtr.limit, title = "Local Descriptor Table";
    }
    unsigned esz = idt ? (c->mode == CPU_REAL ? 4 : c->mode == CPU_LONG ? 16 : 8) : 8;
    unsigned count = (limit + 1) / esz;
    unsigned first = 0, last = count ? count - 1 : 0;
    if (*args) {
        char *e;
        first = (unsigned)strtoul(args, &e, 0);
        last = first;
        while (*e == ' ')
            e++;
        if (*e)
            last = (unsigned)strtoul(e, NULL, 0);
        if (!idt) {
            /* Bochs's info gdt takes entry numbers */
        }
    }
    fprintf(d->out, "%s (base=0x%016llx, limit=%u):\n", title, (unsigned long long)base, limit);
    char tab[4] = {(char)(which[0] - 32), 'D', 'T', 0};
    for (unsigned i = first; i <= last && i < count; i++) {
        uint8_t b[16];
        if (!read_desc(c, base + (uint64_t)i * esz, b, esz)) {
            fprintf(d->out, "%s[0x%02x]: not mapped\n", tab, i);
            break;
        }
        if (idt && c->mode == CPU_REAL) {
            fprintf(d->out, "IDT[0x%02x]=real mode vector %04x:%04x\n", i, b[2] | b[3] << 8, b[0] | b[1] << 8);
            continue;
        }
        /* long mode: LDT, TSS and call-gate descriptors take two GDT/LDT slots */
        bool sys16 = !idt && c->mode == CPU_LONG && !(b[5] & 0x10) && (b[5] & 0x8F) != 0 &&
                     read_desc(c, base + (uint64_t)i * esz + 8, b + 8, 8);
        print_desc(d, tab, idt ? i : i * 8, b, (idt && c->mode == CPU_LONG) || sys16, sys16);
        if (sys16)
            i++;
    }
    fprintf(d->out, "You can list individual entries with 'info %s [NUM]' or groups with 'info %s [NUM] [NUM]'\n",
            which, which);
}

void dbg_info_tss(struct debugger *d)
{
    struct cpu *c = d->c;
    fprintf(d->out, "tr:s=0x%04x, base=0x%016llx, limit=0x%x, valid=%d\n", c->tr.sel,
            (unsigned long long)c->tr.base, c->tr.limit, (c->tr.attr & SA_P) ? 1 : 0);
    if (c->mode == CPU_REAL || !(c->tr.attr & SA_P) || !(c->tr.sel & ~3u)) {
        fprintf(d->out, "no task state segment is loaded\n");
        return;
    }
    uint8_t t[104];
    if (c->tr.limit < 103 || dbg_read_lin(c, c->tr.base, t, sizeof t) != sizeof t) {
        fprintf(d->out, "TSS is too small or not mapped\n");
        return;
    }
#define D32(o) ((uint32_t)t[o] | (uint32_t)t[o + 1] << 8 | (uint32_t)t[o + 2] << 16 | (uint32_t)t[o + 3] << 24)
#define D16(o) ((unsigned)(t[o] | t[o + 1] << 8))
    if (c->mode == CPU_LONG) {
        fprintf(d->out, "rsp0=0x%08x%08x rsp1=0x%08x%08x rsp2=0x%08x%08x\n", D32(8), D32(4), D32(16), D32(12),
                D32(24), D32(20));
        for (int i = 0; i < 7; i++)
            fprintf(d->out, "ist%d=0x%08x%08x\n", i + 1, D32(40 + 8 * i), D32(36 + 8 * i));
        fprintf(d->out, "iomap=0x%04x\n", D16(102));
        return;
    }
    fprintf(d->out, "backlink=0x%04x esp0=0x%08x ss0=0x%04x esp1=0x%08x ss1=0x%04x esp2=0x%08x ss2=0x%04x\n",
            D16(0), D32(4), D16(8), D32(12), D16(16), D32(20), D16(24));
    fprintf(d->out, "cr3=0x%08x eip=0x%08x eflags=0x%08x\n", D32(28), D32(32), D32(36));
    fprintf(d->out, "eax=0x%08x ecx=0x%08x edx=0x%08x ebx=0x%08x\n", D32(40), D32(44), D32(48), D32(52));
    fprintf(d->out, "esp=0x%08x ebp=0x%08x esi=0x%08x edi=0x%08x\n", D32(56), D32(60), D32(64), D32(68));
    fprintf(d->out, "es=0x%04x cs=0x%04x ss=0x%04x ds=0x%04x fs=0x%04x gs=0x%04x ldt=0x%04x\n", D16(72),
            D16(76), D16(80), D16(84), D16(88), D16(92), D16(96));
    fprintf(d->out, "trap=%u iomap=0x%04x\n", t[100] & 1, D16(102));
#undef D32
#undef D16
}

/* ---- paging ---- */

struct tabwalk {
    struct debugger *d;
    bool have;
    uint64_t lin0, lin1, pa0; /* current merged range [lin0, lin1) */
    int lines;
};

static void tab_emit(struct tabwalk *w)
{
    if (!w->have)
        return;
    if (w->lines++ < 4096)
        fprintf(w->d->out, "0x%016llx-0x%016llx -> 0x%012llx-0x%012llx\n", (unsigned long long)w->lin0,
                (unsigned long long)(w->lin1 - 1), (unsigned long long)w->pa0,
                (unsigned long long)(w->pa0 + (w->lin1 - w->lin0) - 1));
    w->have = false;
}

static void tab_map(struct tabwalk *w, uint64_t lin, uint64_t pa, uint64_t size)
{
    if (w->have && lin == w->lin1 && pa == w->pa0 + (w->lin1 - w->lin0)) {
        w->lin1 += size;
        return;
    }
    tab_emit(w);
    w->have = true;
    w->lin0 = lin;
    w->lin1 = lin + size;
    w->pa0 = pa;
}

static uint64_t rd(struct phys *p, uint64_t pa, bool wide)
{
    return wide ? phys_read(p, pa, 4) | (uint64_t)phys_read(p, pa + 4, 4) << 32 : phys_read(p, pa, 4);
}

/* Walks one table level: 'level' counts down to 1 (the page table). */
static void tab_level(struct tabwalk *w, uint64_t table, int level, uint64_t lin_base, bool wide, bool pse_ok,
                      int entries)
{
    struct phys *p = w->d->c->phys;
    unsigned shift = wide ? 12 + 9 * (unsigned)(level - 1) : 12 + 10 * (unsigned)(level - 1);
    uint64_t amask = 0x000FFFFFFFFFF000ull;
    for (int i = 0; i < entries; i++) {
        uint64_t e = rd(p, table + (uint64_t)i * (wide ? 8 : 4), wide);
        uint64_t lin = lin_base + ((uint64_t)i << shift);
        if (level == 4 && (lin >> 47 & 1))
            lin |= 0xFFFF000000000000ull; /* canonical upper half */
        if (!(e & PTE_P)) {
            tab_emit(w);
            continue;
        }
        if (level == 1 || ((e & PTE_PS) && pse_ok && level <= 3)) {
            uint64_t size = 1ull << shift;
            uint64_t pa = wide ? (e & amask & ~(size - 1)) : (e & ~(size - 1) & 0xFFFFFFFFull);
            tab_map(w, lin, pa, size);
        } else {
            tab_level(w, wide ? (e & amask) : (e & 0xFFFFF000u), level - 1, lin, wide, pse_ok, wide ? 512 : 1024);
        }
    }
}

void dbg_info_tab(struct debugger *d)
{
    struct cpu *c = d->c;
    fprintf(d->out, "cr3: 0x%012llx\n", (unsigned long long)c->cr3);
    if (!(c->cr0 & CR0_PG)) {
        fprintf(d->out, "paging is off: linear addresses are physical\n");
        return;
    }
    struct tabwalk w = {.d = d};
    if (c->efer & PG_EFER_LMA) {
        tab_level(&w, c->cr3 & 0x000FFFFFFFFFF000ull, 4, 0, true, true, 512);
    } else if (c->cr4 & PG_CR4_PAE) {
        for (int i = 0; i < 4; i++) {
            uint64_t e = rd(c->phys, (c->cr3 & ~0x1Full) + (uint64_t)i * 8, true);
            if (e & PTE_P)
                tab_level(&w, e & 0x000FFFFFFFFFF000ull, 2, (uint64_t)i << 30, true, true, 512);
            else
                tab_emit(&w);
        }
    } else {
        tab_level(&w, c->cr3 & 0xFFFFF000u, 2, 0, false, (c->cr4 & PG_CR4_PSE) != 0, 1024);
    }
    tab_emit(&w);
}

void dbg_info_page(struct debugger *d, uint64_t lin)
{
    struct cpu *c = d->c;
    if (!(c->cr0 & CR0_PG)) {
        fprintf(d->out, "linear page 0x%016llx maps to physical page 0x%012llx (paging is off)\n",
                (unsigned long long)(lin & ~0xFFFull), (unsigned long long)(lin & ~0xFFFull));
        return;
    }
    if (!mmu_translate_debug) {
        fprintf(d->out, "page: this build has no page walker\n");
        return;
    }
    struct paging_walk w;
    uint64_t pa;
    bool ok = mmu_translate_debug(c, lin, &pa, &w);
    static const char *const lv4[4] = {"PML4E", "PDPTE", "PDE", "PTE"};
    static const char *const lvpae[3] = {"PDPTE", "PDE", "PTE"};
    static const char *const lv32[2] = {"PDE", "PTE"};
    for (int i = 0; i < w.levels; i++) {
        const char *n = (c->efer & PG_EFER_LMA) ? lv4[i] : (c->cr4 & PG_CR4_PAE) ? lvpae[i] : lv32[i];
        uint64_t e = w.entry[i];
        fprintf(d->out, "%-5s at 0x%012llx: 0x%016llx %s %s %s %s %s\n", n, (unsigned long long)w.entry_pa[i],
                (unsigned long long)e, (e & PTE_P) ? "P" : "p", (e & PTE_RW) ? "RW" : "rw",
                (e & PTE_US) ? "US" : "us", (e & PTE_A) ? "A" : "a", (e & PTE_PS) ? "PS" : "ps");
    }
    if (ok)
        fprintf(d->out, "linear page 0x%016llx maps to physical page 0x%012llx\n",
                (unsigned long long)(lin & ~(w.page_size - 1)), (unsigned long long)(pa & ~(w.page_size - 1)));
    else
        fprintf(d->out, "linear address 0x%016llx is not mapped (#PF error code 0x%x)\n",
                (unsigned long long)lin, (unsigned)w.err);
}

void dbg_info_device(struct debugger *d, const char *name)
{
    struct machine *m = d->m;
    if (!*name) {
        fprintf(d->out, "devices:");
        for (int i = 0; i < m->ndevices; i++)
            fprintf(d->out, " %s", m->devices[i].ops->name);
        fprintf(d->out, "%s\n", m->ndevices ? "" : " (none)");
        return;
    }
    for (int i = 0; i < m->ndevices; i++) {
        if (strcmp(m->devices[i].ops->name, name))
            continue;
        if (!m->devices[i].ops->info) {
            fprintf(d->out, "%s: no state dump\n", name);
            return;
        }
        char *buf = malloc(16384);
        if (!buf)
            return;
        buf[0] = 0;
        m->devices[i].ops->info(m->devices[i].opaque, buf, 16384);
        fprintf(d->out, "%s", buf);
        if (!*buf || buf[strlen(buf) - 1] != '\n')
            fputc('\n', d->out);
        free(buf);
        return;
    }
    fprintf(d->out, "info device: no device '%s'\n", name);
}
