/* cpu/datamov.c: MOV, XCHG, LEA, MOVZX/SX, CBW.., XLAT, CMPXCHG, XADD, LxS. */
#include "cpu/handlers.h"

void cpu_register_datamov(void)
{
}
