/* decoder/tables.c: the opcode maps of opcodes.def as an array of entries,
 * indexed by IOP_* (entry 0 is the invalid opcode). */
#include "decoder/opcodes.h"

const struct opdesc opdesc_table[] = {
    [IOP_INVALID] = {"INVALID", "(invalid)", 0, 0, 0, R_ANY, M_ANY, R_ANY, P_ANY, {O_NONE, O_NONE, O_NONE}, 0},
#define X(map, opc, cnt, reg, mod, rm, pfx, name, mn, o1, o2, o3, attr) \
    [IOP_##name] = {#name, mn, map, opc, cnt, reg, mod, rm, pfx, {o1, o2, o3}, attr},
#include "decoder/opcodes.def"
#undef X
};
const unsigned opdesc_count = sizeof opdesc_table / sizeof opdesc_table[0];
