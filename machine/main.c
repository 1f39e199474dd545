/* machine/main.c: emu's entry point. */
#include <stdio.h>

#include "config/config.h"
#include "machine/machine.h"

int main(int argc, char **argv)
{
    struct config cfg;
    config_defaults(&cfg);
    int r = config_parse_args(&cfg, argc, argv);
    if (r != 0 || cfg.check_config) {
        config_free(&cfg);
        return r < 0 ? EXIT_USAGE : EXIT_OK;
    }
    struct machine *m = machine_new(&cfg);
    if (!m) {
        config_free(&cfg);
        return EXIT_USAGE;
    }
    int status = machine_run(m);
    machine_free(m);
    config_free(&cfg);
    return status;
}
