/* tests/fuzz/fuzz_bochsrc.c: libFuzzer target for the bochsrc reader and
 * the option table (config/).
 *
 * Build and run (docs/TESTING.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -D_GNU_SOURCE \
 *     tests/fuzz/fuzz_bochsrc.c config/bochsrc.c config/options.c \
 *     config/cmdline.c config/check.c -o fuzz_bochsrc
 *   mkdir -p corpus && cp tests/config/samples/full.bochsrc corpus/
 *   ./fuzz_bochsrc -max_total_time=600 corpus
 *
 * Each input is read as a whole bochsrc (comments, continuation lines,
 * variables, quotes, every option's parameters), then line by line as
 * command-line configuration lines, into a fresh configuration that is
 * checked and freed, so that leaks and overruns in any path show. Messages
 * go to a scratch stream.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/bochsrc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    struct config cfg;
    config_defaults(&cfg);
    cfg.diag = sink;
    FILE *f = fmemopen((void *)data, size, "r");
    if (f) {
        bx_load_stream(&cfg, f, "fuzz");
        fclose(f);
    }
    config_free(&cfg);

    /* the same bytes as command-line lines */
    config_defaults(&cfg);
    cfg.diag = sink;
    char *copy = malloc(size + 1);
    if (copy) {
        memcpy(copy, data, size);
        copy[size] = 0;
        char *save = NULL;
        for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
            config_load_line(&cfg, line, "command line argument 1");
        free(copy);
    }
    config_free(&cfg);
    return 0;
}
