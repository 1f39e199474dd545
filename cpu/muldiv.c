/* cpu/muldiv.c: MUL/IMUL/DIV/IDIV. */
#include "cpu/handlers.h"

void cpu_register_muldiv(void)
{
}
