/* cpu/bcd.c: DAA DAS AAA AAS AAM AAD. */
#include "cpu/handlers.h"

void cpu_register_bcd(void)
{
}
