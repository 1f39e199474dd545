/* cpu/control.c: JMP, Jcc, CALL, RET, LOOP, INT, IRET, BOUND. */
#include "cpu/handlers.h"

void cpu_register_control(void)
{
}
