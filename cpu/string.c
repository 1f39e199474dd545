/* cpu/string.c: MOVS CMPS STOS LODS SCAS with REP. */
#include "cpu/handlers.h"

void cpu_register_string(void)
{
}
