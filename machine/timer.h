/* machine/timer.h: virtual time and the event queue.
 *
 * Virtual time advances with retired instructions at cfg->ips per second
 * (Bochs's cpu: ips=). Devices arm timers at absolute virtual times; the
 * run loop lets the CPU run until the earliest deadline, then fires the
 * timers that are due. With clock: sync=none the run is deterministic.
 */
#ifndef EMU_MACHINE_TIMER_H
#define EMU_MACHINE_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct timer;
typedef void (*timer_cb)(void *opaque);

struct timer *timer_new(struct machine *m, const char *name, timer_cb cb, void *opaque);
void timer_free(struct timer *t);
/* Arms the timer to fire at absolute virtual time ns (replacing any
 * earlier arming). */
void timer_arm_at(struct timer *t, uint64_t ns);
/* Arms the timer ns nanoseconds from now. */
void timer_arm(struct timer *t, uint64_t ns);
void timer_cancel(struct timer *t);
bool timer_armed(const struct timer *t);
/* A timer whose firing can only wake a halted CPU through an interrupt
 * may say when it could: may_wake(opaque) false means "my event would
 * reach nothing now", and a CPU halted with only such timers armed has
 * nothing to wake it (emu ends with status 2). Timers without one always
 * count. */
void timer_set_wake_check(struct timer *t, bool (*may_wake)(void *opaque));
uint64_t timer_deadline(const struct timer *t);

/* Current virtual time in nanoseconds since power-on. */
uint64_t machine_now_ns(struct machine *m);
/* Wall-clock seconds (since 1970) of virtual time zero (clock: time0). */
int64_t machine_time0(struct machine *m);

#endif
