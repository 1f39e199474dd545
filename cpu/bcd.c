/* cpu/bcd.c: DAA DAS AAA AAS AAM AAD and the undocumented SALC.
 *
 * Defined results and flags follow the Operation sections of SDM Vol.2
 * (386-and-later behaviour: AAA adds 106H to AX as a whole, AAS subtracts
 * 6 from AX and 1 from AH). Undefined flags, our choices:
 * - DAA/DAS: OF as the overflow of the single add/subtract of the whole
 *   correction (00H/06H/60H/66H) to AL, which is how the adjustment is
 *   built in hardware;
 * - AAA/AAS: SF, ZF, PF from the final AL; OF = 0;
 * - AAM: CF = OF = AF = 0 (SF, ZF, PF from AL are defined);
 * - AAD: the flags of the byte addition AL + AH * imm8, whose result is
 *   the new AL (SF, ZF, PF from AL are defined).
 */
#include "cpu/arith.h"

static uint32_t szp8(uint8_t v)
{
    return arith_szp(v, 8);
}

static HANDLER(daa)
{
    (void)i;
    uint8_t al = cpu_get8(c, R_AX);
    bool cf = cpu_cf(c), af = cpu_af(c);
    uint8_t corr = 0;
    bool ncf = false, naf = false;
    if ((al & 0x0F) > 9 || af) {
        corr = 0x06;
        naf = true;
    }
    if (al > 0x99 || cf) {
        corr |= 0x60;
        ncf = true;
    }
    uint8_t r = (uint8_t)(al + corr);
    bool of = ((al ^ r) & (corr ^ r) & 0x80) != 0;
    cpu_set8(c, R_AX, r);
    cpu_set_status(c, szp8(r) | (ncf ? F_CF : 0) | (naf ? F_AF : 0) | (of ? F_OF : 0));
}

static HANDLER(das)
{
    (void)i;
    uint8_t al = cpu_get8(c, R_AX);
    bool cf = cpu_cf(c), af = cpu_af(c);
    uint8_t corr = 0;
    bool ncf = false, naf = false;
    if ((al & 0x0F) > 9 || af) {
        corr = 0x06;
        naf = true;
        ncf = cf || al < 6; /* borrow from AL - 6 */
    }
    if (al > 0x99 || cf) {
        corr |= 0x60;
        ncf = true;
    }
    uint8_t r = (uint8_t)(al - corr);
    bool of = ((al ^ corr) & (al ^ r) & 0x80) != 0;
    cpu_set8(c, R_AX, r);
    cpu_set_status(c, szp8(r) | (ncf ? F_CF : 0) | (naf ? F_AF : 0) | (of ? F_OF : 0));
}

static HANDLER(aaa)
{
    (void)i;
    uint16_t ax = cpu_get16(c, R_AX);
    bool adj = (ax & 0x0F) > 9 || cpu_af(c);
    if (adj)
        ax = (uint16_t)(ax + 0x106);
    ax &= 0xFF0F;
    cpu_set16(c, R_AX, ax);
    cpu_set_status(c, szp8((uint8_t)ax) | (adj ? F_AF | F_CF : 0));
}

static HANDLER(aas)
{
    (void)i;
    uint16_t ax = cpu_get16(c, R_AX);
    bool adj = (ax & 0x0F) > 9 || cpu_af(c);
    if (adj) {
        ax = (uint16_t)(ax - 6);
        ax = (uint16_t)(ax - 0x100);
    }
    ax &= 0xFF0F;
    cpu_set16(c, R_AX, ax);
    cpu_set_status(c, szp8((uint8_t)ax) | (adj ? F_AF | F_CF : 0));
}

static HANDLER(aam)
{
    uint8_t base = (uint8_t)i->imm;
    if (base == 0)
        cpu_fault_noerr(c, EXC_DE);
    uint8_t al = cpu_get8(c, R_AX);
    uint8_t q = al / base, r = al % base;
    cpu_set16(c, R_AX, (uint16_t)((q << 8) | r));
    cpu_lf(c, LF_LOGIC, 1, r, 0, 0);
}

static HANDLER(aad)
{
    uint8_t base = (uint8_t)i->imm;
    uint8_t al = cpu_get8(c, R_AX), ah = cpu_get8(c, REG8_AH);
    uint8_t prod = (uint8_t)(ah * base);
    uint8_t r = (uint8_t)(al + prod);
    cpu_set16(c, R_AX, r);
    cpu_lf(c, LF_ADD, 1, r, al, prod);
}

/* SALC (D6): AL = CF ? FFH : 00H, flags unchanged. */
static HANDLER(salc)
{
    (void)i;
    cpu_set8(c, R_AX, cpu_cf(c) ? 0xFF : 0x00);
}

void cpu_register_bcd(void)
{
    H_ONE(IOP_DAA, daa);
    H_ONE(IOP_DAS, das);
    H_ONE(IOP_AAA, aaa);
    H_ONE(IOP_AAS, aas);
    H_ONE(IOP_AAM_Ib, aam);
    H_ONE(IOP_AAD_Ib, aad);
    H_ONE(IOP_SALC, salc);
}
