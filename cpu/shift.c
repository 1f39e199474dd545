/* cpu/shift.c: rotates, shifts, SHLD/SHRD. */
#include "cpu/handlers.h"

void cpu_register_shift(void)
{
}
