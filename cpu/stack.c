/* cpu/stack.c: PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE. */
#include "cpu/handlers.h"

void cpu_register_stack(void)
{
}
