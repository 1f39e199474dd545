/* cpu/fpu.h: x87 FPU state (SDM Vol.1 8.1) and the FPU module's interface.
 *
 * The eight data registers are kept in physical order R0-R7; ST(i) is
 * R[(TOP + i) & 7]. TOP lives in the status word (bits 13:11) so that
 * FNSTSW needs no assembly. The tag word is kept as an "empty" bit per
 * physical register: that is all the FPU itself uses (SDM Vol.1 8.1.7),
 * and it is exactly FXSAVE's abridged tag (SDM Vol.1 10.5.1.1, inverted);
 * the full two-bit tags of FSTENV/FSAVE are computed from the contents.
 */
#ifndef EMU_CPU_FPU_H
#define EMU_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/softfloat.h"

struct cpu;

/* Status word (SDM Vol.1 8.1.3) */
enum {
    FSW_IE = 1u << 0, FSW_DE = 1u << 1, FSW_ZE = 1u << 2, FSW_OE = 1u << 3,
    FSW_UE = 1u << 4, FSW_PE = 1u << 5, FSW_SF = 1u << 6, FSW_ES = 1u << 7,
    FSW_C0 = 1u << 8, FSW_C1 = 1u << 9, FSW_C2 = 1u << 10, FSW_TOP = 7u << 11,
    FSW_C3 = 1u << 14, FSW_B = 1u << 15,
};
#define FSW_CC (FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)
/* Control word (SDM Vol.1 8.1.5): masks 5:0, PC 9:8, RC 11:10, X 12 */
#define FCW_DEFAULT 0x037Fu

struct fpu {
    sf_x80 r[8];    /* physical registers R0-R7 */
    uint16_t cw;    /* control word */
    uint16_t sw;    /* status word including TOP */
    uint8_t empty;  /* bit n set: Rn tagged empty */
    uint16_t fop;   /* last non-control opcode, 11 bits (SDM Vol.1 8.1.9) */
    uint16_t fcs, fds;
    uint64_t fip, fdp; /* last instruction and data pointers (offsets) */
    bool ferr;      /* FERR# asserted (IRQ13 raised, waits for port F0h) */
};

/* Resets to the FNINIT state (SDM Vol.1 8.1.10 Table 8-3... and Vol.3 9.2). */
void fpu_init(struct fpu *f);
/* The full tag word (two bits per physical register) from the contents. */
uint16_t fpu_tag_word(const struct fpu *f);
/* IGNNE#/port F0h: the chipset clears FERR# (and lowers IRQ13). */
void fpu_clear_ferr(struct cpu *c);

#endif
