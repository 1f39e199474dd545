/* cpu/system.c: flag instructions, HLT, CPUID, RDTSC, control registers, descriptor tables, MSRs. */
#include "cpu/handlers.h"

void cpu_register_system(void)
{
}
