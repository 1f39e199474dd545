/* debug/regs.c: registers by name, for expressions, `set` and gdb.
 *
 * Names follow Bochs's debugger and gdb: rax/eax/ax/al/ah, r8-r15 with
 * d/w/b (or l) suffixes, rip/eip/ip/pc, eflags/rflags/flags, the segment
 * selectors, cr0-cr4, cr8, dr0-dr7, efer, fs_base/gs_base.
 */
#include <string.h>
#include <strings.h>

#include "cpu/cpu.h"
#include "debug/debug.h"

static const char *const gpr64[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                      "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
static const char *const gpr8l[8] = {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"};
static const char *const gpr8h[4] = {"ah", "ch", "dh", "bh"};
static const char *const segs[6] = {"es", "cs", "ss", "ds", "fs", "gs"};

enum rk { RK_NONE, RK_GPR, RK_GPR8H, RK_RIP, RK_FLAGS, RK_SEG, RK_CR, RK_DR, RK_EFER, RK_FSB, RK_GSB };

/* Resolves a name to a kind, an index and a width in bytes. */
static enum rk lookup(const char *name, int *idx, int *bytes)
{
    for (int i = 0; i < 16; i++) {
        const char *g = gpr64[i];
        size_t n = strlen(g);
        *idx = i;
        if (!strcasecmp(name, g)) {
            *bytes = 8;
            return RK_GPR;
        }
        if (i < 8) {
            /* eax, ax: the names without the 'r' */
            if (name[0] == 'e' && !strcasecmp(name + 1, g + 1)) {
                *bytes = 4;
                return RK_GPR;
            }
            if (!strcasecmp(name, g + 1)) {
                *bytes = 2;
                return RK_GPR;
            }
            if (!strcasecmp(name, gpr8l[i])) {
                *bytes = 1;
                return RK_GPR;
            }
        } else if (!strncasecmp(name, g, n) && name[n] && !name[n + 1]) {
            char s = (char)(name[n] | 0x20);
            *bytes = s == 'd' ? 4 : s == 'w' ? 2 : (s == 'b' || s == 'l') ? 1 : 0;
            if (*bytes)
                return RK_GPR;
        }
    }
    for (int i = 0; i < 4; i++)
        if (!strcasecmp(name, gpr8h[i])) {
            *idx = i;
            *bytes = 1;
            return RK_GPR8H;
        }
    for (int i = 0; i < 6; i++)
        if (!strcasecmp(name, segs[i])) {
            *idx = i;
            *bytes = 2;
            return RK_SEG;
        }
    *idx = 0;
    if (!strcasecmp(name, "rip") || !strcasecmp(name, "pc")) {
        *bytes = 8;
        return RK_RIP;
    }
    if (!strcasecmp(name, "eip")) {
        *bytes = 4;
        return RK_RIP;
    }
    if (!strcasecmp(name, "ip")) {
        *bytes = 2;
        return RK_RIP;
    }
    if (!strcasecmp(name, "eflags") || !strcasecmp(name, "rflags") || !strcasecmp(name, "flags")) {
        *bytes = 4;
        return RK_FLAGS;
    }
    if (!strcasecmp(name, "efer")) {
        *bytes = 8;
        return RK_EFER;
    }
    if (!strcasecmp(name, "fs_base")) {
        *bytes = 8;
        return RK_FSB;
    }
    if (!strcasecmp(name, "gs_base")) {
        *bytes = 8;
        return RK_GSB;
    }
    if ((name[0] == 'c' || name[0] == 'd' || name[0] == 'C' || name[0] == 'D') &&
        (name[1] | 0x20) == 'r' && name[2] >= '0' && name[2] <= '8' && !name[3]) {
        *idx = name[2] - '0';
        *bytes = 8;
        bool cr = (name[0] | 0x20) == 'c';
        if (cr && *idx != 0 && *idx != 2 && *idx != 3 && *idx != 4 && *idx != 8)
            return RK_NONE;
        if (!cr && *idx > 7)
            return RK_NONE;
        return cr ? RK_CR : RK_DR;
    }
    return RK_NONE;
}

static uint64_t *cr_ptr(struct cpu *c, int n)
{
    switch (n) {
    case 0: return &c->cr0;
    case 2: return &c->cr2;
    case 3: return &c->cr3;
    case 4: return &c->cr4;
    default: return &c->cr8;
    }
}

bool dbg_reg_get(struct cpu *c, const char *name, uint64_t *val)
{
    int idx = 0, bytes = 8; /* lookup() leaves them unset for unknown names */
    enum rk k = lookup(name, &idx, &bytes);
    uint64_t mask = bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
    switch (k) {
    case RK_NONE: return false;
    case RK_GPR: *val = c->gpr[idx] & mask; return true;
    case RK_GPR8H: *val = (c->gpr[idx] >> 8) & 0xFF; return true;
    case RK_RIP: *val = c->rip & mask; return true;
    case RK_FLAGS: *val = cpu_get_eflags(c); return true;
    case RK_SEG: *val = c->seg[idx].sel; return true;
    case RK_CR: *val = *cr_ptr(c, idx); return true;
    case RK_DR: *val = c->dr[idx]; return true;
    case RK_EFER: *val = c->efer; return true;
    case RK_FSB: *val = c->seg[SEG_FS].base; return true;
    case RK_GSB: *val = c->seg[SEG_GS].base; return true;
    }
    return false;
}

int dbg_reg_set(struct cpu *c, const char *name, uint64_t val)
{
    int idx = 0, bytes = 8; /* lookup() leaves them unset for unknown names */
    enum rk k = lookup(name, &idx, &bytes);
    uint64_t mask = bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
    switch (k) {
    case RK_NONE: return -1;
    case RK_GPR:
        /* a 32-bit write zero-extends as the CPU does (SDM Vol.1 3.4.1.1) */
        if (bytes == 4)
            c->gpr[idx] = (uint32_t)val;
        else
            c->gpr[idx] = (c->gpr[idx] & ~mask) | (val & mask);
        return 0;
    case RK_GPR8H: c->gpr[idx] = (c->gpr[idx] & ~0xFF00ull) | ((val & 0xFF) << 8); return 0;
    case RK_RIP: c->rip = bytes == 4 ? (uint32_t)val : (c->rip & ~mask) | (val & mask); return 0;
    case RK_FLAGS: cpu_write_eflags(c, (uint32_t)val, 0x3F7FD5u); return 0;
    case RK_SEG: {
        uint16_t sel = (uint16_t)val;
        uint64_t base;
        if (c->mode == CPU_REAL || c->mode == CPU_V86) {
            c->seg[idx].sel = sel;
            c->seg[idx].base = (uint64_t)sel << 4;
        } else if (dbg_seg_linear(c, sel, 0, &base)) {
            /* selector and base only: the debugger must not fault the guest */
            c->seg[idx].sel = sel;
            c->seg[idx].base = base;
        } else {
            return -1;
        }
        return 0;
    }
    case RK_CR: *cr_ptr(c, idx) = val; cpu_tlb_flush(c); return 0;
    case RK_DR: c->dr[idx] = val; return 0;
    case RK_EFER: c->efer = val; cpu_tlb_flush(c); return 0;
    case RK_FSB: c->seg[SEG_FS].base = val; return 0;
    case RK_GSB: c->seg[SEG_GS].base = val; return 0;
    }
    return -1;
}
