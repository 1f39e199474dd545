/* machine/signals.c: SIGINT/SIGTERM request a clean end of the run. */
#include "machine/signals.h"

#include <signal.h>
#include <string.h>

#include "machine/machine.h"

static volatile sig_atomic_t pending;

static void on_signal(int sig)
{
    if (pending == sig) {
        /* the second one: the run did not end; leave now */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    pending = sig;
}

void signals_install(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int signals_poll(struct machine *m)
{
    int sig = pending;
    if (!sig)
        return 0;
    log_info(m, "machine", "signal %d: ending the run", sig);
    machine_request_exit(m, 128 + sig);
    return sig;
}
