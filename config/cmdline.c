/* config/cmdline.c: the command line. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "machine/log.h"

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->e9_path = "stdout";
    cfg->mem_mb = 32;
    cfg->display = DISPLAY_NONE;
    cfg->log_level = LOG_INFO;
    cfg->ips = 4000000; /* Bochs's default cpu: ips= */
    cfg->reset_on_triple_fault = true;
    cfg->boot[0] = BOOT_FLOPPY;
    cfg->floppy_sig_check = true;
    cfg->port_e9_hack = true;
    cfg->vga_update_freq = 30;
    cfg->pci_enabled = true;
    cfg->mouse_enabled = false;
    for (int ch = 0; ch < 4; ch++) {
        static const uint16_t io1[4] = {0x1F0, 0x170, 0x1E8, 0x168};
        static const uint16_t io2[4] = {0x3F0, 0x370, 0x3E0, 0x360};
        static const uint8_t irq[4] = {14, 15, 11, 9};
        cfg->ata_channel_enabled[ch] = ch < 2;
        cfg->ata_ioaddr1[ch] = io1[ch];
        cfg->ata_ioaddr2[ch] = io2[ch];
        cfg->ata_irq[ch] = irq[ch];
    }
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: emu [options]\n"
            "\n"
            "With no options emu runs its built-in demo ROM headless.\n"
            "\n"
            "  --rom FILE         map a raw ROM image at the top of the first MiB (and of\n"
            "                     4 GiB) and start at the reset vector F000:FFF0\n"
            "  --memory MB        guest RAM in MiB (default 32)\n"
            "  --display KIND     none (headless) or sdl2 (default none)\n"
            "  --e9 stdout|FILE   where bytes written to port 0xE9 go (default stdout)\n"
            "  --max-insns N      stop after N instructions (exit status 124)\n"
            "  --stats            print instructions executed and MIPS at exit\n"
            "  --trace            print every instruction executed (to stderr)\n"
            "  --log-level LEVEL  debug, info, error (default info)\n"
            "  -h, --help         this text\n"
            "  --version          print the version\n"
            "\n"
            "Exit status: 0 normal end or Bochs shutdown port (\"Shutdown\" on 0x8900);\n"
            "(v << 1) | 1 when the guest writes v to port 0xF4 (QEMU isa-debug-exit);\n"
            "1 bad usage or input; 2 CPU halted with no way to wake up;\n"
            "124 --max-insns reached.\n");
}

static int parse_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || !*s || *end || s[0] == '-') {
        fprintf(stderr, "emu: %s: expected a non-negative number, got '%s'\n", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

int config_parse_args(struct config *cfg, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        char name[64];
        /* --opt=value and --opt value */
        if (a[0] == '-' && a[1] == '-' && strchr(a, '=')) {
            size_t n = (size_t)(strchr(a, '=') - a);
            if (n >= sizeof name)
                n = sizeof name - 1;
            memcpy(name, a, n);
            name[n] = 0;
            val = strchr(a, '=') + 1;
            a = name;
        }
#define NEED_VAL()                                                                 \
    do {                                                                           \
        if (!val) {                                                                \
            if (i + 1 >= argc) {                                                   \
                fprintf(stderr, "emu: option %s needs a value (see emu --help)\n", a); \
                return -1;                                                         \
            }                                                                      \
            val = argv[++i];                                                       \
        }                                                                          \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--version")) {
            printf("emu 0.1.0\n");
            return 1;
        } else if (!strcmp(a, "--rom")) {
            NEED_VAL();
            cfg->rom_path = val;
        } else if (!strcmp(a, "--e9")) {
            NEED_VAL();
            cfg->e9_path = val;
        } else if (!strcmp(a, "--max-insns")) {
            NEED_VAL();
            if (parse_u64(a, val, &cfg->max_insns) < 0)
                return -1;
        } else if (!strcmp(a, "--memory")) {
            NEED_VAL();
            if (parse_u64(a, val, &cfg->mem_mb) < 0)
                return -1;
            if (cfg->mem_mb < 1 || cfg->mem_mb > 65536) {
                fprintf(stderr, "emu: --memory: %" PRIu64 " MiB is outside 1..65536\n", cfg->mem_mb);
                return -1;
            }
        } else if (!strcmp(a, "--display")) {
            NEED_VAL();
            if (!strcmp(val, "none") || !strcmp(val, "nogui"))
                cfg->display = DISPLAY_NONE;
            else if (!strcmp(val, "sdl2") || !strcmp(val, "sdl"))
                cfg->display = DISPLAY_SDL2;
            else {
                fprintf(stderr, "emu: --display: unknown display '%s' (expected none or sdl2)\n", val);
                return -1;
            }
        } else if (!strcmp(a, "--stats")) {
            cfg->stats = true;
        } else if (!strcmp(a, "--trace")) {
            cfg->trace = true;
        } else if (!strcmp(a, "--log-level")) {
            NEED_VAL();
            if (!strcmp(val, "debug"))
                cfg->log_level = LOG_DEBUG;
            else if (!strcmp(val, "info"))
                cfg->log_level = LOG_INFO;
            else if (!strcmp(val, "error"))
                cfg->log_level = LOG_ERROR;
            else {
                fprintf(stderr, "emu: --log-level: unknown level '%s' (expected debug, info or error)\n", val);
                return -1;
            }
        } else {
            fprintf(stderr, "emu: unknown option '%s' (see emu --help)\n", argv[i]);
            return -1;
        }
#undef NEED_VAL
    }
    return 0;
}
