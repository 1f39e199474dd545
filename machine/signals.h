/* machine/signals.h: SIGINT and SIGTERM end the run cleanly.
 *
 * The handlers only record the signal; the run loop polls it between
 * slices of instructions and ends the run as if the guest had asked, so
 * that machine_free closes every device and every disk image is flushed.
 * A second signal of the same kind while the first is pending kills emu
 * at once (the default action), for a run that does not stop.
 */
#ifndef EMU_MACHINE_SIGNALS_H
#define EMU_MACHINE_SIGNALS_H

struct machine;

/* Installs the handlers (idempotent). */
void signals_install(void);
/* If a signal arrived, requests the end of the run with status 128 + the
 * signal number, as a shell reports a killed program. Returns the signal
 * number or 0. */
int signals_poll(struct machine *m);

#endif
