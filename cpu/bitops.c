/* cpu/bitops.c: BT*, BSF/BSR, SETcc, CMOVcc, BSWAP, POPCNT. */
#include "cpu/handlers.h"

void cpu_register_bitops(void)
{
}
