/* cpu/dispatch.c: the handler table, IOP_* x FORM -> handler. */
#include <pthread.h>

#include "cpu/handlers.h"

static handler_fn table[IOP_COUNT][6];
static pthread_once_t once = PTHREAD_ONCE_INIT;

void cpu_set_handlers(unsigned iop, handler_fn r16, handler_fn m16, handler_fn r32,
                      handler_fn m32, handler_fn r64, handler_fn m64)
{
    if (iop >= IOP_COUNT)
        return;
    handler_fn *t = table[iop];
    t[0] = r16, t[1] = m16, t[2] = r32, t[3] = m32, t[4] = r64, t[5] = m64;
}

static void init_table(void)
{
    cpu_register_alu();
    cpu_register_shift();
    cpu_register_muldiv();
    cpu_register_bcd();
    cpu_register_bitops();
    cpu_register_datamov();
    cpu_register_stack();
    cpu_register_control();
    cpu_register_string();
    cpu_register_io();
    cpu_register_system();
    cpu_register_fpu();
    cpu_register_sse();
    for (unsigned i = 0; i < IOP_COUNT; i++)
        for (unsigned f = 0; f < 6; f++)
            if (!table[i][f])
                table[i][f] = cpu_unimplemented;
}

/* The table is written once, before any lookup, and is read-only after. */
void cpu_handlers_init(void) { pthread_once(&once, init_table); }

handler_fn cpu_handler(unsigned iop, unsigned form)
{
    cpu_handlers_init();
    if (iop >= IOP_COUNT || form >= 6)
        return cpu_unimplemented;
    return table[iop][form];
}
