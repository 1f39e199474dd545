/* decoder/opcodes.h: constants of the opcode table and the IOP_* identifiers. */
#ifndef EMU_DECODER_OPCODES_H
#define EMU_DECODER_OPCODES_H

#include "insn.h"

/* reg/rm "any" and mod constraints */
#define R_ANY 8
enum { M_ANY = 0, M_MEM = 1, M_REG = 2 };
/* mandatory prefix classes */
enum { P_ANY = 0, P_NONE = 1, P_66 = 2, P_F3 = 3, P_F2 = 4 };

enum iop {
    IOP_INVALID = 0,
#define X(map, opc, cnt, reg, mod, rm, pfx, name, mn, o1, o2, o3, attr) IOP_##name,
#include "opcodes.def"
#undef X
    IOP_COUNT
};

#endif
