/* cpu/alu.c: ADD..CMP, TEST, INC/DEC, NEG/NOT. */
#include "cpu/handlers.h"

void cpu_register_alu(void)
{
}
