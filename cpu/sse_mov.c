/* cpu/sse_mov.c: SSE data movement and state: MOVxPS/PD/DQ, MOVSS/MOVSD,
 * the half-register moves, MOVD/MOVQ with XMM registers, element insert
 * and extract (PINSRx/PEXTRx, INSERTPS/EXTRACTPS), PMOVMSKB, MASKMOVDQU,
 * non-temporal stores, fences, CLFLUSH, LDMXCSR/STMXCSR and
 * FXSAVE/FXRSTOR.
 */
#include "cpu/fpu_impl.h"
#include "cpu/simd.h"

/* ---- full-register moves ---- */

static HANDLER(mov_x_r) /* Vx <- Ux (any of MOVAPS/MOVUPS/MOVDQA/...) */
{
    sse_check(c);
    *xreg(c, i->reg) = *xreg(c, i->rm);
}
static HANDLER(mov_x_r_st) /* Ux <- Vx (the store opcodes with a register) */
{
    sse_check(c);
    *xreg(c, i->rm) = *xreg(c, i->reg);
}
static HANDLER(load_a)
{
    sse_check(c);
    xmm_t v;
    simd_read128(c, i->seg, cpu_ea(c, i), &v, true);
    *xreg(c, i->reg) = v;
}
static HANDLER(load_u)
{
    sse_check(c);
    xmm_t v;
    simd_read128(c, i->seg, cpu_ea(c, i), &v, false);
    *xreg(c, i->reg) = v;
}
static HANDLER(store_a)
{
    sse_check(c);
    simd_write128(c, i->seg, cpu_ea(c, i), xreg(c, i->reg), true);
}
static HANDLER(store_u)
{
    sse_check(c);
    simd_write128(c, i->seg, cpu_ea(c, i), xreg(c, i->reg), false);
}

/* ---- MOVSS/MOVSD: register to register merges the low element; a
 * load zeroes the rest (SDM Vol.2 MOVSS) ---- */
static HANDLER(movss_ld_r)
{
    sse_check(c);
    xreg(c, i->reg)->d[0] = xreg(c, i->rm)->d[0];
}
static HANDLER(movss_ld_m)
{
    sse_check(c);
    uint32_t v = cpu_read32(c, i->seg, cpu_ea(c, i));
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = v;
    d->q[1] = 0;
}
static HANDLER(movss_st_r)
{
    sse_check(c);
    xreg(c, i->rm)->d[0] = xreg(c, i->reg)->d[0];
}
static HANDLER(movss_st_m)
{
    sse_check(c);
    cpu_write32(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->d[0]);
}
static HANDLER(movsd_ld_r)
{
    sse_check(c);
    xreg(c, i->reg)->q[0] = xreg(c, i->rm)->q[0];
}
static HANDLER(movsd_ld_m)
{
    sse_check(c);
    uint64_t v = cpu_read64(c, i->seg, cpu_ea(c, i));
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = v;
    d->q[1] = 0;
}
static HANDLER(movsd_st_r)
{
    sse_check(c);
    xreg(c, i->rm)->q[0] = xreg(c, i->reg)->q[0];
}
static HANDLER(movsd_st_m)
{
    sse_check(c);
    cpu_write64(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->q[0]);
}

/* ---- half-register moves ---- */
static HANDLER(movlp_ld) /* MOVLPS/MOVLPD xmm, m64 */
{
    sse_check(c);
    xreg(c, i->reg)->q[0] = cpu_read64(c, i->seg, cpu_ea(c, i));
}
static HANDLER(movlp_st) /* MOVLPS/MOVLPD m64, xmm */
{
    sse_check(c);
    cpu_write64(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->q[0]);
}
static HANDLER(movhp_ld)
{
    sse_check(c);
    xreg(c, i->reg)->q[1] = cpu_read64(c, i->seg, cpu_ea(c, i));
}
static HANDLER(movhp_st)
{
    sse_check(c);
    cpu_write64(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->q[1]);
}
static HANDLER(movhlps)
{
    sse_check(c);
    xreg(c, i->reg)->q[0] = xreg(c, i->rm)->q[1];
}
static HANDLER(movlhps)
{
    sse_check(c);
    xreg(c, i->reg)->q[1] = xreg(c, i->rm)->q[0];
}

/* ---- MOVD/MOVQ with XMM registers ---- */
static HANDLER(movd_vx_r32)
{
    sse_check(c);
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = cpu_get32(c, i->rm);
    d->q[1] = 0;
}
static HANDLER(movd_vx_m32)
{
    sse_check(c);
    uint32_t v = cpu_read32(c, i->seg, cpu_ea(c, i));
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = v;
    d->q[1] = 0;
}
static HANDLER(movq_vx_r64)
{
    sse_check(c);
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = cpu_get64(c, i->rm);
    d->q[1] = 0;
}
static HANDLER(movq_vx_m64) /* also MOVQ xmm, m64 (F3 0F 7E) */
{
    sse_check(c);
    uint64_t v = cpu_read64(c, i->seg, cpu_ea(c, i));
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = v;
    d->q[1] = 0;
}
static HANDLER(movd_ey_r32)
{
    sse_check(c);
    cpu_set32(c, i->rm, xreg(c, i->reg)->d[0]);
}
static HANDLER(movd_ey_m32)
{
    sse_check(c);
    cpu_write32(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->d[0]);
}
static HANDLER(movq_ey_r64)
{
    sse_check(c);
    cpu_set64(c, i->rm, xreg(c, i->reg)->q[0]);
}
static HANDLER(movq_ey_m64) /* also MOVQ m64, xmm (66 0F D6) */
{
    sse_check(c);
    cpu_write64(c, i->seg, cpu_ea(c, i), xreg(c, i->reg)->q[0]);
}
static HANDLER(movq_vq_wq_r) /* F3 0F 7E: MOVQ xmm1, xmm2 (upper zeroed) */
{
    sse_check(c);
    xmm_t *d = xreg(c, i->reg);
    d->q[0] = xreg(c, i->rm)->q[0];
    d->q[1] = 0;
}
static HANDLER(movq_wq_vq_r) /* 66 0F D6: MOVQ xmm2, xmm1 (upper zeroed) */
{
    sse_check(c);
    xmm_t *d = xreg(c, i->rm);
    d->q[0] = xreg(c, i->reg)->q[0];
    d->q[1] = 0;
}

/* ---- insert / extract ---- */
static HANDLER(pinsrw_x)
{
    sse_check(c);
    uint16_t v = i->mod == 3 ? (uint16_t)cpu_get32(c, i->rm) : cpu_read16(c, i->seg, cpu_ea(c, i));
    xreg(c, i->reg)->w[i->imm & 7] = v;
}
static HANDLER(pextrw_gd) /* 66 0F C5: PEXTRW r32, xmm, imm8 */
{
    sse_check(c);
    cpu_set64(c, i->reg, xreg(c, i->rm)->w[i->imm & 7]);
}
/* 0F 3A 14-17: the XMM register is ModRM.reg, the destination ModRM.rm */
static HANDLER(pextrb)
{
    sse_check(c);
    uint8_t v = xreg(c, i->reg)->b[i->imm & 15];
    if (i->mod == 3)
        cpu_set64(c, i->rm, v);
    else
        cpu_write8(c, i->seg, cpu_ea(c, i), v);
}
static HANDLER(pextrw_m)
{
    sse_check(c);
    uint16_t v = xreg(c, i->reg)->w[i->imm & 7];
    if (i->mod == 3)
        cpu_set64(c, i->rm, v);
    else
        cpu_write16(c, i->seg, cpu_ea(c, i), v);
}
static HANDLER(pextrd) /* PEXTRD r/m32 and EXTRACTPS r/m32 */
{
    sse_check(c);
    uint32_t v = xreg(c, i->reg)->d[i->imm & 3];
    if (i->mod == 3)
        cpu_set32(c, i->rm, v);
    else
        cpu_write32(c, i->seg, cpu_ea(c, i), v);
}
static HANDLER(pextrq)
{
    sse_check(c);
    uint64_t v = xreg(c, i->reg)->q[i->imm & 1];
    if (i->mod == 3)
        cpu_set64(c, i->rm, v);
    else
        cpu_write64(c, i->seg, cpu_ea(c, i), v);
}
static HANDLER(pinsrb)
{
    sse_check(c);
    uint8_t v = i->mod == 3 ? (uint8_t)cpu_get32(c, i->rm) : cpu_read8(c, i->seg, cpu_ea(c, i));
    xreg(c, i->reg)->b[i->imm & 15] = v;
}
static HANDLER(pinsrd)
{
    sse_check(c);
    uint32_t v = i->mod == 3 ? cpu_get32(c, i->rm) : cpu_read32(c, i->seg, cpu_ea(c, i));
    xreg(c, i->reg)->d[i->imm & 3] = v;
}
static HANDLER(pinsrq)
{
    sse_check(c);
    uint64_t v = i->mod == 3 ? cpu_get64(c, i->rm) : cpu_read64(c, i->seg, cpu_ea(c, i));
    xreg(c, i->reg)->q[i->imm & 1] = v;
}
/* INSERTPS (SDM Vol.2): imm8 7:6 source element (register source only),
 * 5:4 destination element, 3:0 elements cleared */
static HANDLER(insertps)
{
    sse_check(c);
    unsigned imm = (unsigned)(i->imm & 0xFF);
    uint32_t v = i->mod == 3 ? xreg(c, i->rm)->d[imm >> 6] : cpu_read32(c, i->seg, cpu_ea(c, i));
    xmm_t *d = xreg(c, i->reg);
    d->d[(imm >> 4) & 3] = v;
    for (unsigned k = 0; k < 4; k++)
        if ((imm >> k) & 1)
            d->d[k] = 0;
}
static HANDLER(pmovmskb_x)
{
    sse_check(c);
    const xmm_t *s = xreg(c, i->rm);
    uint32_t m = 0;
    for (unsigned k = 0; k < 16; k++)
        m |= (uint32_t)(s->b[k] >> 7) << k;
    cpu_set64(c, i->reg, m);
}
/* MASKMOVDQU xmm1, xmm2: bytes of xmm1 selected by the sign bits of
 * xmm2 go to DS:rDI; no alignment requirement */
static HANDLER(maskmovdqu)
{
    sse_check(c);
    const xmm_t *v = xreg(c, i->reg), *m = xreg(c, i->rm);
    uint64_t base = c->gpr[R_DI] & i->amask;
    for (unsigned k = 0; k < 16; k++)
        if (m->b[k] & 0x80)
            cpu_check_write(c, i->seg, (base + k) & i->amask, 1);
    for (unsigned k = 0; k < 16; k++)
        if (m->b[k] & 0x80)
            cpu_write8(c, i->seg, (base + k) & i->amask, v->b[k]);
}

/* ---- MOVNTI, fences, CLFLUSH ---- */
static HANDLER(movnti32)
{
    cpu_write32(c, i->seg, cpu_ea(c, i), cpu_get32(c, i->reg));
}
static HANDLER(movnti64)
{
    cpu_write64(c, i->seg, cpu_ea(c, i), cpu_get64(c, i->reg));
}
/* emu executes in order with coherent memory: the fences order nothing
 * further (SDM Vol.3 8.2) */
static HANDLER(fence)
{
    (void)c, (void)i;
}
/* CLFLUSH faults like a byte read of its operand (SDM Vol.2 CLFLUSH);
 * there is no cache to flush */
static HANDLER(clflush)
{
    cpu_check_read(c, i->seg, cpu_ea(c, i), 1);
}

/* ---- MXCSR ---- */
static HANDLER(ldmxcsr)
{
    sse_check(c);
    uint32_t v = cpu_read32(c, i->seg, cpu_ea(c, i));
    if (v & ~MXCSR_MASK)
        cpu_gp0(c); /* SDM Vol.2 LDMXCSR: reserved bits set */
    c->xmm.mxcsr = v;
}
static HANDLER(stmxcsr)
{
    sse_check(c);
    cpu_write32(c, i->seg, cpu_ea(c, i), c->xmm.mxcsr);
}

/* ---- FXSAVE / FXRSTOR (SDM Vol.1 10.5.1, Vol.2 FXSAVE Tables 3-53..3-56)
 *
 * 512 bytes, 16-byte aligned. Bytes 0-31 hold the x87 environment (with
 * the abridged tag byte: bit n set when physical register n is valid),
 * 24 MXCSR, 28 MXCSR_MASK, 32 + 16*i ST(i)/MMi, 160 + 16*i XMMi. With
 * REX.W (FXSAVE64) FIP and FDP are 64-bit at 8 and 16; otherwise they
 * are 32-bit with FCS at 12 and FDS at 20. XMM8-15 exist only in 64-bit
 * mode. Bytes 464-511 are left alone. ---- */

/* FXSAVE/FXRSTOR: #NM with CR0.EM or CR0.TS (SDM Vol.2 FXSAVE), no
 * CR4.OSFXSR check, no pending x87 exception check */
static void fx_check(struct cpu *c, uint64_t off, const struct insn *i)
{
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_fault_noerr(c, EXC_NM);
    simd_align16(c, i->seg, off);
}

static unsigned fx_nxmm(const struct cpu *c)
{
    return c->dmode == DMODE_64 ? 16 : 8;
}

static void fxsave(struct cpu *c, const struct insn *i, bool w64)
{
    uint64_t off = cpu_ea(c, i);
    fx_check(c, off, i);
    cpu_check_write(c, i->seg, off, 512);
    const struct fpu *f = &c->fpu;
    int s = i->seg;
    cpu_write16(c, s, off + 0, f->cw);
    cpu_write16(c, s, off + 2, f->sw);
    cpu_write8(c, s, off + 4, (uint8_t)~f->empty);
    cpu_write8(c, s, off + 5, 0);
    cpu_write16(c, s, off + 6, f->fop & 0x7FF);
    if (w64) {
        cpu_write64(c, s, off + 8, f->fip);
        cpu_write64(c, s, off + 16, f->fdp);
    } else {
        cpu_write32(c, s, off + 8, (uint32_t)f->fip);
        cpu_write16(c, s, off + 12, f->fcs);
        cpu_write16(c, s, off + 14, 0);
        cpu_write32(c, s, off + 16, (uint32_t)f->fdp);
        cpu_write16(c, s, off + 20, f->fds);
        cpu_write16(c, s, off + 22, 0);
    }
    cpu_write32(c, s, off + 24, c->xmm.mxcsr);
    cpu_write32(c, s, off + 28, MXCSR_MASK);
    for (unsigned k = 0; k < 8; k++) {
        sf_x80 v = fpu_st(f, k);
        uint64_t a = off + 32 + 16 * k;
        cpu_write64(c, s, a, v.sig);
        cpu_write16(c, s, a + 8, v.se);
        cpu_write16(c, s, a + 10, 0);
        cpu_write32(c, s, a + 12, 0);
    }
    for (unsigned k = 0; k < fx_nxmm(c); k++) {
        cpu_write64(c, s, off + 160 + 16 * k, c->xmm.r[k].q[0]);
        cpu_write64(c, s, off + 168 + 16 * k, c->xmm.r[k].q[1]);
    }
}

static void fxrstor(struct cpu *c, const struct insn *i, bool w64)
{
    uint64_t off = cpu_ea(c, i);
    fx_check(c, off, i);
    cpu_check_read(c, i->seg, off, 512);
    int s = i->seg;
    uint32_t mxcsr = cpu_read32(c, s, off + 24);
    if (mxcsr & ~MXCSR_MASK)
        cpu_gp0(c); /* SDM Vol.2 FXRSTOR: reserved MXCSR bits -> #GP(0) */
    /* read everything before changing any state */
    struct fpu f = c->fpu;
    f.cw = cpu_read16(c, s, off + 0);
    f.sw = cpu_read16(c, s, off + 2);
    uint8_t tag = cpu_read8(c, s, off + 4);
    f.fop = cpu_read16(c, s, off + 6) & 0x7FF;
    if (w64) {
        f.fip = cpu_read64(c, s, off + 8);
        f.fdp = cpu_read64(c, s, off + 16);
    } else {
        f.fip = cpu_read32(c, s, off + 8);
        f.fcs = cpu_read16(c, s, off + 12);
        f.fdp = cpu_read32(c, s, off + 16);
        f.fds = cpu_read16(c, s, off + 20);
    }
    f.empty = (uint8_t)~tag;
    for (unsigned k = 0; k < 8; k++) {
        uint64_t a = off + 32 + 16 * k;
        sf_x80 v;
        v.sig = cpu_read64(c, s, a);
        v.se = cpu_read16(c, s, a + 8);
        f.r[(fpu_top(&f) + k) & 7] = v;
    }
    xmm_t x[16];
    unsigned n = fx_nxmm(c);
    for (unsigned k = 0; k < n; k++) {
        x[k].q[0] = cpu_read64(c, s, off + 160 + 16 * k);
        x[k].q[1] = cpu_read64(c, s, off + 168 + 16 * k);
    }
    c->fpu = f;
    fpu_update_es(&c->fpu);
    c->xmm.mxcsr = mxcsr;
    for (unsigned k = 0; k < n; k++)
        c->xmm.r[k] = x[k];
}
static HANDLER(fxsave32) { fxsave(c, i, false); }
static HANDLER(fxsave64) { fxsave(c, i, true); }
static HANDLER(fxrstor32) { fxrstor(c, i, false); }
static HANDLER(fxrstor64) { fxrstor(c, i, true); }

void sse_register_mov(void)
{
    /* aligned loads and stores */
    H_RM(IOP_MOVAPS_VxWx, mov_x_r, load_a);
    H_RM(IOP_MOVAPD_VxWx, mov_x_r, load_a);
    H_RM(IOP_MOVDQA_VxWx, mov_x_r, load_a);
    H_RM(IOP_MOVAPS_WxVx, mov_x_r_st, store_a);
    H_RM(IOP_MOVAPD_WxVx, mov_x_r_st, store_a);
    H_RM(IOP_MOVDQA_WxVx, mov_x_r_st, store_a);
    H_RM(IOP_MOVNTPS_MxVx, store_a, store_a);
    H_RM(IOP_MOVNTPD_MxVx, store_a, store_a);
    H_RM(IOP_MOVNTDQ_MxVx, store_a, store_a);
    H_RM(IOP_MOVNTDQA_VxMx, load_a, load_a);
    /* unaligned */
    H_RM(IOP_MOVUPS_VxWx, mov_x_r, load_u);
    H_RM(IOP_MOVUPD_VxWx, mov_x_r, load_u);
    H_RM(IOP_MOVDQU_VxWx, mov_x_r, load_u);
    H_RM(IOP_MOVUPS_WxVx, mov_x_r_st, store_u);
    H_RM(IOP_MOVUPD_WxVx, mov_x_r_st, store_u);
    H_RM(IOP_MOVDQU_WxVx, mov_x_r_st, store_u);
    H_RM(IOP_LDDQU_VxMx, load_u, load_u);
    /* scalar */
    H_RM(IOP_MOVSS_VssWss, movss_ld_r, movss_ld_m);
    H_RM(IOP_MOVSS_WssVss, movss_st_r, movss_st_m);
    H_RM(IOP_MOVSD_VsdWsd, movsd_ld_r, movsd_ld_m);
    H_RM(IOP_MOVSD_WsdVsd, movsd_st_r, movsd_st_m);
    /* halves */
    H_RM(IOP_MOVLPS_VqMq, movlp_ld, movlp_ld);
    H_RM(IOP_MOVLPD_VqMq, movlp_ld, movlp_ld);
    H_RM(IOP_MOVLPS_MqVq, movlp_st, movlp_st);
    H_RM(IOP_MOVLPD_MqVq, movlp_st, movlp_st);
    H_RM(IOP_MOVHPS_VqMq, movhp_ld, movhp_ld);
    H_RM(IOP_MOVHPD_VqMq, movhp_ld, movhp_ld);
    H_RM(IOP_MOVHPS_MqVq, movhp_st, movhp_st);
    H_RM(IOP_MOVHPD_MqVq, movhp_st, movhp_st);
    H_RM(IOP_MOVHLPS_VqUq, movhlps, movhlps);
    H_RM(IOP_MOVLHPS_VqUq, movlhps, movlhps);
    /* MOVD/MOVQ */
    cpu_set_handlers(IOP_MOVD_VxEy, movd_vx_r32, movd_vx_m32, movd_vx_r32, movd_vx_m32,
                     movq_vx_r64, movq_vx_m64);
    cpu_set_handlers(IOP_MOVD_EyVx, movd_ey_r32, movd_ey_m32, movd_ey_r32, movd_ey_m32,
                     movq_ey_r64, movq_ey_m64);
    H_RM(IOP_MOVQ_VqWq, movq_vq_wq_r, movq_vx_m64);
    H_RM(IOP_MOVQ_WqVq, movq_wq_vq_r, movq_ey_m64);
    /* insert / extract */
    H_ONE(IOP_PINSRW_VxRdMwIb, pinsrw_x);
    H_ONE(IOP_PEXTRW_GdUxIb, pextrw_gd);
    H_ONE(IOP_PEXTRB_RdMbVxIb, pextrb);
    H_ONE(IOP_PEXTRW_RdMwVxIb, pextrw_m);
    cpu_set_handlers(IOP_PEXTRD_EyVxIb, pextrd, pextrd, pextrd, pextrd, pextrq, pextrq);
    H_ONE(IOP_EXTRACTPS_EdVxIb, pextrd);
    H_ONE(IOP_PINSRB_VxRdMbIb, pinsrb);
    cpu_set_handlers(IOP_PINSRD_VxEyIb, pinsrd, pinsrd, pinsrd, pinsrd, pinsrq, pinsrq);
    H_ONE(IOP_INSERTPS_VxWdIb, insertps);
    H_ONE(IOP_PMOVMSKB_GdUx, pmovmskb_x);
    H_ONE(IOP_MASKMOVDQU_VxUx, maskmovdqu);
    /* non-SSE-state instructions of the same families */
    cpu_set_handlers(IOP_MOVNTI_MyGy, movnti32, movnti32, movnti32, movnti32, movnti64,
                     movnti64);
    H_ONE(IOP_LFENCE, fence);
    H_ONE(IOP_MFENCE, fence);
    H_ONE(IOP_SFENCE, fence);
    H_ONE(IOP_CLFLUSH, clflush);
    H_ONE(IOP_LDMXCSR, ldmxcsr);
    H_ONE(IOP_STMXCSR, stmxcsr);
    cpu_set_handlers(IOP_FXSAVE, fxsave32, fxsave32, fxsave32, fxsave32, fxsave64, fxsave64);
    cpu_set_handlers(IOP_FXRSTOR, fxrstor32, fxrstor32, fxrstor32, fxrstor32, fxrstor64,
                     fxrstor64);
}
