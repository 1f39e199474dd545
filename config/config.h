/* config/config.h: one struct config built from the command line (and,
 * later, a bochsrc). */
#ifndef EMU_CONFIG_CONFIG_H
#define EMU_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum display_kind { DISPLAY_NONE = 0, DISPLAY_SDL2 };

struct config {
    const char *rom_path;      /* --rom FILE: raw ROM at the top of 1 MiB and 4 GiB */
    const char *e9_path;       /* --e9 stdout|FILE (default stdout) */
    uint64_t max_insns;        /* --max-insns N (0 = no limit) */
    bool stats;                /* --stats */
    uint64_t mem_mb;           /* --memory MB */
    enum display_kind display; /* --display none|sdl2 */
    int log_level;             /* --log-level debug|info|error */
    bool trace;                /* --trace: print each instruction */
};

/* Exit statuses of emu */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,        /* bad option, unreadable file */
    EXIT_HALTED = 2,       /* the CPU halted and nothing can wake it */
    EXIT_MAX_INSNS = 124,  /* --max-insns reached (like timeout(1)) */
    EXIT_TRIPLE = 125,     /* triple fault with no reset policy / internal stop */
};

void config_defaults(struct config *cfg);
/* Parses argv; on error prints one message naming the problem and returns -1.
 * Returns 1 if the program should exit 0 (--help, --version). */
int config_parse_args(struct config *cfg, int argc, char **argv);

#endif
