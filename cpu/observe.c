/* cpu/observe.c: observers of data accesses.
 *
 * Debug-register data breakpoints, debugger watchpoints and memory traces
 * all need to see accesses. They register here; the accessors call
 * cpu_observe() only while at least one observer exists, so the cost when
 * nothing observes is one predictable branch per access.
 */
#include "cpu/cpu.h"

int cpu_add_observer(struct cpu *c, void (*fn)(void *, struct cpu *, uint64_t, unsigned, bool),
                     void *opaque)
{
    for (int i = 0; i < c->nobservers; i++)
        if (c->observers[i].fn == fn && c->observers[i].opaque == opaque)
            return 0;
    if (c->nobservers >= (int)(sizeof c->observers / sizeof c->observers[0]))
        return -1;
    c->observers[c->nobservers].fn = fn;
    c->observers[c->nobservers].opaque = opaque;
    c->nobservers++;
    c->acc_check |= ACC_CHECK_OBS;
    return 0;
}

void cpu_remove_observer(struct cpu *c, void (*fn)(void *, struct cpu *, uint64_t, unsigned, bool),
                         void *opaque)
{
    for (int i = 0; i < c->nobservers; i++) {
        if (c->observers[i].fn == fn && c->observers[i].opaque == opaque) {
            for (int j = i + 1; j < c->nobservers; j++)
                c->observers[j - 1] = c->observers[j];
            c->nobservers--;
            if (!c->nobservers)
                c->acc_check &= (uint8_t)~ACC_CHECK_OBS;
            return;
        }
    }
}

void cpu_observe(struct cpu *c, uint64_t lin, unsigned len, bool write)
{
    for (int i = 0; i < c->nobservers; i++)
        c->observers[i].fn(c->observers[i].opaque, c, lin, len, write);
}
