/* cpu/v86.c: virtual-8086 mode extensions (SDM Vol.3 20.3-20.4): INT n
 * redirection through the TSS's interrupt redirection bitmap with
 * CR4.VME, the virtual interrupt flag VIF/VIP for CLI, STI, PUSHF, POPF
 * and IRET at IOPL < 3 (VME in V86 mode, PVI at CPL 3 in protected mode).
 */
#include "cpu/prot.h"

#define CR4_VME (1u << 0)
#define CR4_PVI (1u << 1)

static unsigned iopl(const struct cpu *c) { return (c->eflags & F_IOPL) >> 12; }

bool v86_vme_active(struct cpu *c)
{
    return c->mode == CPU_V86 && iopl(c) < 3 && (c->cr4 & CR4_VME);
}

/* Bit vec of the redirection bitmap: the 32 bytes just below the I/O map
 * base of the 32-bit TSS (SDM Vol.3 20.3.3.5); #GP(0) outside the TSS. */
static bool redirect_bit(struct cpu *c, int vec)
{
    unsigned type = c->tr.attr & SA_TYPE;
    if (!(c->tr.attr & SA_P) || (type != 9 && type != 11) || c->tr.limit < 0x67)
        cpu_gp0(c);
    uint32_t iomap = cpu_lread16(c, c->tr.base + 0x66);
    uint32_t off = iomap - 32u + (uint32_t)vec / 8u;
    if (iomap < 32 || off > c->tr.limit)
        cpu_gp0(c);
    return (cpu_lread8(c, c->tr.base + off) >> (vec & 7)) & 1u;
}

bool v86_int(struct cpu *c, int vec)
{
    /* SDM Vol.3 Table 20-2 */
    if (!(c->cr4 & CR4_VME)) {
        if (iopl(c) < 3)
            cpu_gp0(c); /* method 1/2: to the monitor through #GP */
        return false;
    }
    if (redirect_bit(c, vec)) {
        if (iopl(c) < 3)
            cpu_gp0(c); /* method 4 */
        return false;   /* method 3: protected-mode handler */
    }
    /* methods 5/6: the 8086 program's own handler through the IVT at
     * linear address 0, as in real mode; at IOPL < 3 the FLAGS image has
     * IOPL 3 and IF = VIF, and VIF (not IF) is cleared */
    uint32_t fl = cpu_get_eflags(c);
    uint16_t img = (uint16_t)fl;
    if (iopl(c) < 3)
        img = (uint16_t)((img & ~F_IF) | F_IOPL | ((fl & F_VIF) ? F_IF : 0));
    uint16_t ip = cpu_lread16(c, (uint64_t)vec * 4);
    uint16_t cs = cpu_lread16(c, (uint64_t)vec * 4 + 2);
    uint32_t sp = (uint32_t)c->gpr[R_SP] & 0xFFFFu;
    cpu_check_write(c, SEG_SS, (sp - 6) & 0xFFFFu, 2);
    cpu_write16(c, SEG_SS, (sp - 2) & 0xFFFFu, img);
    cpu_write16(c, SEG_SS, (sp - 4) & 0xFFFFu, c->seg[SEG_CS].sel);
    cpu_write16(c, SEG_SS, (sp - 6) & 0xFFFFu, (uint16_t)c->rip);
    c->gpr[R_SP] = (c->gpr[R_SP] & ~0xFFFFull) | ((sp - 6) & 0xFFFFu);
    cpu_load_seg_real(c, SEG_CS, cs);
    c->rip = ip;
    c->eflags &= ~(uint32_t)(F_TF | F_RF);
    if (iopl(c) < 3)
        c->eflags &= ~(uint32_t)F_VIF;
    else
        c->eflags &= ~(uint32_t)F_IF;
    return true;
}

bool v86_cli_sti(struct cpu *c, bool sti)
{
    /* SDM CLI/STI: VME in V86 mode, PVI at CPL 3, both with IOPL < 3 */
    bool virt = (c->mode == CPU_V86 && (c->cr4 & CR4_VME)) ||
                (c->mode == CPU_PROT && c->cpl == 3 && (c->cr4 & CR4_PVI));
    if (!virt)
        return false;
    if (sti) {
        if (c->eflags & F_VIP)
            return false;
        c->eflags |= F_VIF;
    } else {
        c->eflags &= ~(uint32_t)F_VIF;
    }
    return true;
}

uint16_t v86_pushf_image(struct cpu *c)
{
    /* SDM PUSHF: VME, 16-bit: IF <- VIF and IOPL reads as 3 */
    uint32_t fl = cpu_get_eflags(c);
    return (uint16_t)((fl & ~(uint32_t)F_IF) | F_IOPL | ((fl & F_VIF) ? F_IF : 0));
}

void v86_popf16(struct cpu *c, uint16_t v)
{
    /* SDM POPF: VME, 16-bit: #GP(0) if TF would be set or IF set while
     * VIP is pending; else all but IF and IOPL, and VIF <- IF */
    if ((v & F_TF) || ((v & F_IF) && (c->eflags & F_VIP)))
        cpu_gp0(c);
    cpu_write_eflags(c, v, F_STATUS | F_DF | F_NT);
    c->eflags = (c->eflags & ~(uint32_t)F_VIF) | ((v & F_IF) ? F_VIF : 0);
}
