/* cpu/mmx.c: the MMX state and the MMX-only instructions: the x87/MMX
 * transition, EMMS, MOVD/MOVQ with MMX registers, PINSRW/PEXTRW,
 * PMOVMSKB, MASKMOVQ, MOVNTQ, MOVQ2DQ/MOVDQ2Q. The packed arithmetic of
 * MMX registers is in sse_int.c (one kernel per operation for MMX and
 * XMM registers).
 *
 * SDM Vol.1 9.5: MMn is the 64-bit significand of x87 physical register
 * Rn. Every MMX instruction but EMMS sets TOP to 0 and tags all eight
 * registers valid; a write sets the register's bits 79:64 to ones; EMMS
 * tags all registers empty (SDM Vol.1 9.5.1, Table 9-2).
 */
#include "cpu/fpu_impl.h"
#include "cpu/simd.h"

void mmx_enter(struct cpu *c)
{
    if (c->cr0 & CR0_EM)
        cpu_ud(c);
    /* CR0.TS -> #NM, then a pending unmasked x87 exception -> #MF/FERR#:
     * the checks of a waiting x87 control instruction (the pointer and
     * opcode registers are not touched for FK_WAIT) */
    fpu_begin(c, NULL, FK_WAIT);
    fpu_set_top(&c->fpu, 0);
    c->fpu.empty = 0;
}

void mmx_sse_enter(struct cpu *c, bool transition)
{
    sse_check(c);
    fpu_begin(c, NULL, FK_WAIT);
    if (transition) {
        fpu_set_top(&c->fpu, 0);
        c->fpu.empty = 0;
    }
}

static HANDLER(emms)
{
    (void)i;
    if (c->cr0 & CR0_EM)
        cpu_ud(c);
    fpu_begin(c, NULL, FK_WAIT);
    c->fpu.empty = 0xFF;
}

/* MOVD/MOVQ mm, r/m32 or r/m64 (zero-extended) */
static HANDLER(movd_pq_r32)
{
    mmx_enter(c);
    mmx_set(c, i->reg, cpu_get32(c, i->rm));
}
static HANDLER(movd_pq_m32)
{
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    mmx_set(c, i->reg, cpu_read32(c, i->seg, off));
}
static HANDLER(movq_pq_r64)
{
    mmx_enter(c);
    mmx_set(c, i->reg, cpu_get64(c, i->rm));
}
static HANDLER(movq_pq_m64)
{
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    mmx_set(c, i->reg, cpu_read64(c, i->seg, off));
}
/* MOVD/MOVQ r/m32 or r/m64, mm */
static HANDLER(movd_ey_r32)
{
    mmx_enter(c);
    cpu_set32(c, i->rm, (uint32_t)mmx_get(c, i->reg));
}
static HANDLER(movd_ey_m32)
{
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    cpu_write32(c, i->seg, off, (uint32_t)mmx_get(c, i->reg));
}
static HANDLER(movq_ey_r64)
{
    mmx_enter(c);
    cpu_set64(c, i->rm, mmx_get(c, i->reg));
}
static HANDLER(movq_ey_m64)
{
    uint64_t off = cpu_ea(c, i);
    mmx_enter(c);
    cpu_write64(c, i->seg, off, mmx_get(c, i->reg));
}
/* MOVQ mm, mm/m64 and MOVQ mm/m64, mm; MOVNTQ m64, mm */
static HANDLER(movq_pq_qq_r)
{
    mmx_enter(c);
    mmx_set(c, i->reg, mmx_get(c, i->rm));
}
static HANDLER(movq_qq_pq_r)
{
    mmx_enter(c);
    mmx_set(c, i->rm, mmx_get(c, i->reg));
}

/* PINSRW mm, r32/m16, imm8 */
static HANDLER(pinsrw_mm)
{
    uint16_t v;
    if (i->mod == 3) {
        mmx_enter(c);
        v = (uint16_t)cpu_get32(c, i->rm);
    } else {
        uint64_t off = cpu_ea(c, i);
        mmx_enter(c);
        v = cpu_read16(c, i->seg, off);
    }
    unsigned sh = (unsigned)(i->imm & 3) * 16;
    uint64_t m = mmx_get(c, i->reg);
    m = (m & ~(0xFFFFull << sh)) | ((uint64_t)v << sh);
    mmx_set(c, i->reg, m);
}
/* PEXTRW r32, mm, imm8 */
static HANDLER(pextrw_mm)
{
    mmx_enter(c);
    unsigned sh = (unsigned)(i->imm & 3) * 16;
    cpu_set64(c, i->reg, (mmx_get(c, i->rm) >> sh) & 0xFFFF);
}
/* PMOVMSKB r32, mm */
static HANDLER(pmovmskb_mm)
{
    mmx_enter(c);
    uint64_t v = mmx_get(c, i->rm);
    uint32_t m = 0;
    for (unsigned k = 0; k < 8; k++)
        m |= (uint32_t)((v >> (8 * k + 7)) & 1) << k;
    cpu_set64(c, i->reg, m);
}
/* MASKMOVQ mm1, mm2: the bytes of mm1 whose mask byte in mm2 has bit 7
 * set go to DS:rDI (segment override allowed, SDM Vol.2 MASKMOVQ) */
static HANDLER(maskmovq)
{
    mmx_enter(c);
    uint64_t v = mmx_get(c, i->reg), m = mmx_get(c, i->rm);
    uint64_t base = c->gpr[R_DI] & i->amask;
    for (unsigned k = 0; k < 8; k++)
        if ((m >> (8 * k + 7)) & 1)
            cpu_check_write(c, i->seg, (base + k) & i->amask, 1);
    for (unsigned k = 0; k < 8; k++)
        if ((m >> (8 * k + 7)) & 1)
            cpu_write8(c, i->seg, (base + k) & i->amask, (uint8_t)(v >> (8 * k)));
}
/* MOVQ2DQ xmm, mm (upper half zeroed); MOVDQ2Q mm, xmm */
static HANDLER(movq2dq)
{
    mmx_sse_enter(c, true);
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = mmx_get(c, i->rm);
    d->q[1] = 0;
}
static HANDLER(movdq2q)
{
    mmx_sse_enter(c, true);
    mmx_set(c, i->reg, xreg(c, i->rm)->q[0]);
}

void mmx_register(void)
{
    H_ONE(IOP_EMMS, emms);
    cpu_set_handlers(IOP_MOVD_PqEy, movd_pq_r32, movd_pq_m32, movd_pq_r32, movd_pq_m32,
                     movq_pq_r64, movq_pq_m64);
    cpu_set_handlers(IOP_MOVD_EyPq, movd_ey_r32, movd_ey_m32, movd_ey_r32, movd_ey_m32,
                     movq_ey_r64, movq_ey_m64);
    H_RM(IOP_MOVQ_PqQq, movq_pq_qq_r, movq_pq_m64);
    H_RM(IOP_MOVQ_QqPq, movq_qq_pq_r, movq_ey_m64);
    H_RM(IOP_MOVNTQ_MqPq, movq_ey_m64, movq_ey_m64);
    H_ONE(IOP_PINSRW_PqRdMwIb, pinsrw_mm);
    H_ONE(IOP_PEXTRW_GdNqIb, pextrw_mm);
    H_ONE(IOP_PMOVMSKB_GdNq, pmovmskb_mm);
    H_ONE(IOP_MASKMOVQ_PqNq, maskmovq);
    H_ONE(IOP_MOVQ2DQ_VxNq, movq2dq);
    H_ONE(IOP_MOVDQ2Q_PqUq, movdq2q);
}
