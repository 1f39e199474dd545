/* debug/gdb_xml.c: target descriptions for gdb (qXfer:features:read).
 *
 * gdb's "Target Descriptions" appendix: features org.gnu.gdb.i386.core
 * (general, segment and x87 registers), org.gnu.gdb.i386.sse (xmm, mxcsr),
 * org.gnu.gdb.i386.segments (fs_base, gs_base, x86-64 only) and a feature
 * of our own, org.emu.x86.sys, with the control registers and EFER (gdb
 * shows registers of unknown features as $cr0 etc.). The register order
 * below is the order of the g packet.
 */
#include <stdio.h>
#include <string.h>

#include "debug/debug.h"

#define REG(n, b, k, i) {n, b, k, i}

static const struct gdb_reg regs64[] = {
    REG("rax", 8, GR_GPR, 0),  REG("rbx", 8, GR_GPR, 3),  REG("rcx", 8, GR_GPR, 1),
    REG("rdx", 8, GR_GPR, 2),  REG("rsi", 8, GR_GPR, 6),  REG("rdi", 8, GR_GPR, 7),
    REG("rbp", 8, GR_GPR, 5),  REG("rsp", 8, GR_GPR, 4),  REG("r8", 8, GR_GPR, 8),
    REG("r9", 8, GR_GPR, 9),   REG("r10", 8, GR_GPR, 10), REG("r11", 8, GR_GPR, 11),
    REG("r12", 8, GR_GPR, 12), REG("r13", 8, GR_GPR, 13), REG("r14", 8, GR_GPR, 14),
    REG("r15", 8, GR_GPR, 15), REG("rip", 8, GR_RIP, 0),  REG("eflags", 4, GR_EFLAGS, 0),
    REG("cs", 4, GR_SEG, 1),   REG("ss", 4, GR_SEG, 2),   REG("ds", 4, GR_SEG, 3),
    REG("es", 4, GR_SEG, 0),   REG("fs", 4, GR_SEG, 4),   REG("gs", 4, GR_SEG, 5),
    REG("st0", 10, GR_FPU80, 0), REG("st1", 10, GR_FPU80, 1), REG("st2", 10, GR_FPU80, 2),
    REG("st3", 10, GR_FPU80, 3), REG("st4", 10, GR_FPU80, 4), REG("st5", 10, GR_FPU80, 5),
    REG("st6", 10, GR_FPU80, 6), REG("st7", 10, GR_FPU80, 7),
    REG("fctrl", 4, GR_FPU32, 0), REG("fstat", 4, GR_FPU32, 1), REG("ftag", 4, GR_FPU32, 2),
    REG("fiseg", 4, GR_FPU32, 3), REG("fioff", 4, GR_FPU32, 4), REG("foseg", 4, GR_FPU32, 5),
    REG("fooff", 4, GR_FPU32, 6), REG("fop", 4, GR_FPU32, 7),
    REG("xmm0", 16, GR_XMM, 0),   REG("xmm1", 16, GR_XMM, 1),   REG("xmm2", 16, GR_XMM, 2),
    REG("xmm3", 16, GR_XMM, 3),   REG("xmm4", 16, GR_XMM, 4),   REG("xmm5", 16, GR_XMM, 5),
    REG("xmm6", 16, GR_XMM, 6),   REG("xmm7", 16, GR_XMM, 7),   REG("xmm8", 16, GR_XMM, 8),
    REG("xmm9", 16, GR_XMM, 9),   REG("xmm10", 16, GR_XMM, 10), REG("xmm11", 16, GR_XMM, 11),
    REG("xmm12", 16, GR_XMM, 12), REG("xmm13", 16, GR_XMM, 13), REG("xmm14", 16, GR_XMM, 14),
    REG("xmm15", 16, GR_XMM, 15), REG("mxcsr", 4, GR_MXCSR, 0),
    REG("fs_base", 8, GR_FSBASE, 0), REG("gs_base", 8, GR_GSBASE, 0),
    REG("cr0", 8, GR_CR, 0), REG("cr2", 8, GR_CR, 2), REG("cr3", 8, GR_CR, 3),
    REG("cr4", 8, GR_CR, 4), REG("cr8", 8, GR_CR, 8), REG("efer", 8, GR_EFER, 0),
};

static const struct gdb_reg regs32[] = {
    REG("eax", 4, GR_GPR, 0), REG("ecx", 4, GR_GPR, 1), REG("edx", 4, GR_GPR, 2),
    REG("ebx", 4, GR_GPR, 3), REG("esp", 4, GR_GPR, 4), REG("ebp", 4, GR_GPR, 5),
    REG("esi", 4, GR_GPR, 6), REG("edi", 4, GR_GPR, 7), REG("eip", 4, GR_RIP, 0),
    REG("eflags", 4, GR_EFLAGS, 0),
    REG("cs", 4, GR_SEG, 1),  REG("ss", 4, GR_SEG, 2),  REG("ds", 4, GR_SEG, 3),
    REG("es", 4, GR_SEG, 0),  REG("fs", 4, GR_SEG, 4),  REG("gs", 4, GR_SEG, 5),
    REG("st0", 10, GR_FPU80, 0), REG("st1", 10, GR_FPU80, 1), REG("st2", 10, GR_FPU80, 2),
    REG("st3", 10, GR_FPU80, 3), REG("st4", 10, GR_FPU80, 4), REG("st5", 10, GR_FPU80, 5),
    REG("st6", 10, GR_FPU80, 6), REG("st7", 10, GR_FPU80, 7),
    REG("fctrl", 4, GR_FPU32, 0), REG("fstat", 4, GR_FPU32, 1), REG("ftag", 4, GR_FPU32, 2),
    REG("fiseg", 4, GR_FPU32, 3), REG("fioff", 4, GR_FPU32, 4), REG("foseg", 4, GR_FPU32, 5),
    REG("fooff", 4, GR_FPU32, 6), REG("fop", 4, GR_FPU32, 7),
    REG("xmm0", 16, GR_XMM, 0), REG("xmm1", 16, GR_XMM, 1), REG("xmm2", 16, GR_XMM, 2),
    REG("xmm3", 16, GR_XMM, 3), REG("xmm4", 16, GR_XMM, 4), REG("xmm5", 16, GR_XMM, 5),
    REG("xmm6", 16, GR_XMM, 6), REG("xmm7", 16, GR_XMM, 7), REG("mxcsr", 4, GR_MXCSR, 0),
    REG("cr0", 4, GR_CR, 0), REG("cr2", 4, GR_CR, 2), REG("cr3", 4, GR_CR, 3),
    REG("cr4", 4, GR_CR, 4), REG("efer", 8, GR_EFER, 0),
};

const struct gdb_reg *gdb_xml_regs(bool x86_64, int *n)
{
    if (x86_64) {
        *n = (int)(sizeof regs64 / sizeof regs64[0]);
        return regs64;
    }
    *n = (int)(sizeof regs32 / sizeof regs32[0]);
    return regs32;
}

static const char *type_of(const struct gdb_reg *r, bool x86_64)
{
    switch (r->kind) {
    case GR_RIP: return "code_ptr";
    case GR_GPR: return (r->idx == 4 || r->idx == 5) ? "data_ptr" : x86_64 ? "int64" : "int32";
    case GR_FPU80: return "i387_ext";
    case GR_XMM: return "vec128";
    case GR_FSBASE: case GR_GSBASE: return "data_ptr";
    case GR_CR: case GR_EFER: return x86_64 || r->kind == GR_EFER ? "uint64" : "uint32";
    default: return "int32";
    }
}

static const char *feature_of(const struct gdb_reg *r)
{
    switch (r->kind) {
    case GR_XMM: case GR_MXCSR: return "org.gnu.gdb.i386.sse";
    case GR_FSBASE: case GR_GSBASE: return "org.gnu.gdb.i386.segments";
    case GR_CR: case GR_EFER: return "org.emu.x86.sys";
    default: return "org.gnu.gdb.i386.core";
    }
}

/* Builds the document once per layout into buf (caller-owned storage). */
static const char *build(bool x86_64, char *buf, size_t size)
{
    int n;
    const struct gdb_reg *r = gdb_xml_regs(x86_64, &n);
    size_t len = 0;
#define PUT(...) len += (size_t)snprintf(buf + len, len < size ? size - len : 0, __VA_ARGS__)
    PUT("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n");
    PUT("<architecture>%s</architecture>\n", x86_64 ? "i386:x86-64" : "i386");
    const char *cur = NULL;
    for (int i = 0; i < n; i++) {
        const char *f = feature_of(&r[i]);
        if (!cur || strcmp(cur, f)) {
            if (cur)
                PUT("</feature>\n");
            PUT("<feature name=\"%s\">\n", f);
            cur = f;
            if (!strcmp(f, "org.gnu.gdb.i386.sse"))
                /* gdb's own vec128 (features/i386/64bit-sse.xml): $xmm0.v4_float ... */
                PUT("<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
                    "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
                    "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
                    "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
                    "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
                    "<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
                    "<union id=\"vec128\"><field name=\"v4_float\" type=\"v4f\"/>"
                    "<field name=\"v2_double\" type=\"v2d\"/><field name=\"v16_int8\" type=\"v16i8\"/>"
                    "<field name=\"v8_int16\" type=\"v8i16\"/><field name=\"v4_int32\" type=\"v4i32\"/>"
                    "<field name=\"v2_int64\" type=\"v2i64\"/><field name=\"uint128\" type=\"uint128\"/>"
                    "</union>\n");
        }
        PUT("<reg name=\"%s\" bitsize=\"%d\" type=\"%s\" regnum=\"%d\"%s/>\n", r[i].name, r[i].bytes * 8,
            type_of(&r[i], x86_64), i, r[i].kind == GR_FPU32 || r[i].kind == GR_SEG ? " group=\"general\"" : "");
    }
    PUT("</feature>\n</target>\n");
#undef PUT
    return len < size ? buf : NULL;
}

const char *gdb_xml_annex(const char *annex, bool x86_64, char *buf, size_t size)
{
    if (strcmp(annex, "target.xml"))
        return NULL;
    return build(x86_64, buf, size);
}
