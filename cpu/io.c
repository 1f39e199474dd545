/* cpu/io.c: IN OUT INS OUTS.
 *
 * Port access goes through cpu_port_in / cpu_port_out after the
 * protection check of cpu_io_check. INS/OUTS follow the iteration rules of
 * cpu/string.c: a bounded batch per call, registers consistent after each
 * iteration, and for INS the destination is checked for writability before
 * the port is read, so that a faulting INS does not consume device data.
 */
#include "cpu/handlers.h"
#include "cpu/insn_util.h"
#include "cpu/prot.h"

/* SDM Vol.1 19.5 / Vol.3 20.2.8: in protected mode with CPL > IOPL, and
 * always in V86 mode, the I/O permission bitmap of the current 32-bit TSS
 * decides. The bitmap offset is the word at TSS+66H; the two bytes
 * covering the port are read and every bit of the access must be clear. */
void cpu_io_check(struct cpu *c, uint16_t port, unsigned size)
{
    if (c->dbg_armed & 4u)
        dbg_io_check(c, port, size); /* I/O breakpoints (CR4.DE), a trap */
    if (c->mode == CPU_REAL)
        return;
    if (c->mode != CPU_V86 && c->cpl <= ((c->eflags & F_IOPL) >> 12))
        return;
    unsigned type = c->tr.attr & SA_TYPE;
    /* 32-bit (or 64-bit) TSS, available or busy, present and big enough */
    if (!(c->tr.attr & SA_P) || (type != 9 && type != 11) || c->tr.limit < 0x67)
        cpu_gp0(c);
    uint32_t base = cpu_lread16(c, c->tr.base + 0x66);
    uint32_t off = base + port / 8u;
    if (off + 1 > c->tr.limit)
        cpu_gp0(c);
    uint16_t bits = cpu_lread16(c, c->tr.base + off);
    unsigned want = ((1u << size) - 1u) << (port & 7u);
    if (bits & want)
        cpu_gp0(c);
}

/* ---- IN / OUT ---- */

/* The port comes from imm8 (_ib forms) or DX (_dx forms); W is the access
 * width in bits, through AL/AX/EAX. */
#define PORT_ib ((uint16_t)(i->imm & 0xFF))
#define PORT_dx cpu_get16(c, R_DX)
#define DEF_IN(NAME, SRC, W)                                                    \
    static HANDLER(NAME)                                                        \
    {                                                                           \
        (void)i;                                                                \
        uint16_t p = PORT_##SRC;                                                \
        cpu_io_check(c, p, (W) / 8);                                            \
        cpu_set##W(c, R_AX, (uint##W##_t)cpu_port_in(c, p, (W) / 8));           \
    }
#define DEF_OUT(NAME, SRC, W)                                                   \
    static HANDLER(NAME)                                                        \
    {                                                                           \
        (void)i;                                                                \
        uint16_t p = PORT_##SRC;                                                \
        cpu_io_check(c, p, (W) / 8);                                            \
        cpu_port_out(c, p, (W) / 8, cpu_get##W(c, R_AX));                       \
    }
DEF_IN(in_al_ib, ib, 8)
DEF_IN(in_al_dx, dx, 8)
DEF_OUT(out_ib_al, ib, 8)
DEF_OUT(out_dx_al, dx, 8)

/* eAX forms: 16 or 32 bits; REX.W does not make a 64-bit port access. */
DEF_IN(in_eax_ib16, ib, 16)
DEF_IN(in_eax_ib32, ib, 32)
DEF_IN(in_eax_dx16, dx, 16)
DEF_IN(in_eax_dx32, dx, 32)
DEF_OUT(out_ib_eax16, ib, 16)
DEF_OUT(out_ib_eax32, ib, 32)
DEF_OUT(out_dx_eax16, dx, 16)
DEF_OUT(out_dx_eax32, dx, 32)

/* ---- INS / OUTS ---- */

#define DEF_INSOUTS(N, SZ, SFX)                                                 \
    static bool ins_it##SFX(struct cpu *c, const struct insn *i)                \
    {                                                                           \
        uint64_t am = i->amask, di = c->gpr[R_DI] & am;                         \
        uint16_t p = cpu_get16(c, R_DX);                                        \
        cpu_io_check(c, p, SZ);                                                 \
        cpu_check_write(c, SEG_ES, di, SZ);                                     \
        uint##N##_t v = (uint##N##_t)cpu_port_in(c, p, SZ);                     \
        cpu_write##N(c, SEG_ES, di, v);                                         \
        areg_set(c, R_DI, di + str_step(c, SZ), am);                            \
        return true;                                                            \
    }                                                                           \
    static bool outs_it##SFX(struct cpu *c, const struct insn *i)               \
    {                                                                           \
        uint64_t am = i->amask, si = c->gpr[R_SI] & am;                         \
        uint16_t p = cpu_get16(c, R_DX);                                        \
        cpu_io_check(c, p, SZ);                                                 \
        uint##N##_t v = cpu_read##N(c, i->seg, si);                             \
        cpu_port_out(c, p, SZ, v);                                              \
        areg_set(c, R_SI, si + str_step(c, SZ), am);                            \
        return true;                                                            \
    }                                                                           \
    static HANDLER(ins##SFX) { run_rep(c, i, ins_it##SFX); }                    \
    static HANDLER(outs##SFX) { run_rep(c, i, outs_it##SFX); }
DEF_INSOUTS(8, 1, b)
DEF_INSOUTS(16, 2, 16)
DEF_INSOUTS(32, 4, 32)

void cpu_register_io(void)
{
    H_ONE(IOP_IN_ALIb, in_al_ib);
    H_ONE(IOP_IN_ALDX, in_al_dx);
    H_ONE(IOP_OUT_IbAL, out_ib_al);
    H_ONE(IOP_OUT_DXAL, out_dx_al);
    cpu_set_handlers(IOP_IN_eAXIb, in_eax_ib16, in_eax_ib16, in_eax_ib32, in_eax_ib32,
                     in_eax_ib32, in_eax_ib32);
    cpu_set_handlers(IOP_IN_eAXDX, in_eax_dx16, in_eax_dx16, in_eax_dx32, in_eax_dx32,
                     in_eax_dx32, in_eax_dx32);
    cpu_set_handlers(IOP_OUT_IbeAX, out_ib_eax16, out_ib_eax16, out_ib_eax32, out_ib_eax32,
                     out_ib_eax32, out_ib_eax32);
    cpu_set_handlers(IOP_OUT_DXeAX, out_dx_eax16, out_dx_eax16, out_dx_eax32, out_dx_eax32,
                     out_dx_eax32, out_dx_eax32);
    H_ONE(IOP_INSB, insb);
    H_ONE(IOP_OUTSB, outsb);
    cpu_set_handlers(IOP_INS, ins16, ins16, ins32, ins32, ins32, ins32);
    cpu_set_handlers(IOP_OUTS, outs16, outs16, outs32, outs32, outs32, outs32);
}
