/* cpu/io.c: IN OUT INS OUTS. */
#include "cpu/handlers.h"

void cpu_register_io(void)
{
}
