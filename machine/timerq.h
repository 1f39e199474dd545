/* machine/timerq.h: the event queue as the run loop sees it (internal to
 * machine/; devices use machine/timer.h).
 *
 * Virtual time is measured in "ticks": instructions retired plus the
 * instructions a halted CPU would have retired while it waited. One tick
 * is 1e9 / ips nanoseconds. Because ticks come from the instruction count
 * only, a run with clock: sync=none is deterministic.
 */
#ifndef EMU_MACHINE_TIMERQ_H
#define EMU_MACHINE_TIMERQ_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct timerq;
struct state_writer;
struct state_reader;

struct timerq *timerq_new(struct machine *m);
void timerq_free(struct timerq *q);
/* Current virtual time in ticks. */
uint64_t timerq_now_ticks(struct timerq *q);
/* Tick of the earliest armed timer; UINT64_MAX when none is armed. */
uint64_t timerq_next_tick(struct timerq *q);
/* False when every armed timer has a wake check that says no. */
bool timerq_may_wake(struct timerq *q);
/* Fires every timer whose deadline has passed, in deadline order (ties in
 * arming order). Returns how many fired. */
int timerq_run_due(struct timerq *q);
/* Advances virtual time by ticks without executing instructions (a halted
 * CPU waiting for an event). The TSC advances with it. */
void timerq_skip(struct timerq *q, uint64_t ticks);
/* Conversions at the machine's ips. */
uint64_t timerq_ticks_to_ns(const struct timerq *q, uint64_t ticks);
uint64_t timerq_ns_to_ticks(const struct timerq *q, uint64_t ns); /* rounds up */

/* Snapshots (machine/snapshot.c): sets the ticks skipped while halted
 * and the wall-clock time of virtual time zero;
 * saves every timer's name and the armed ones with their deadlines in
 * queue order; loads them back into a queue with the same timers (0, or
 * -1 on a mismatch or bad data). */
void timerq_set_clock(struct timerq *q, uint64_t idle, int64_t time0);
void timerq_save(struct timerq *q, struct state_writer *w);
int timerq_load(struct timerq *q, struct state_reader *r);

#endif
