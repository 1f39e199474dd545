/* config/cmdline.c: the command line.
 *
 * Bochs's own arguments work as in Bochs: `-f FILE` reads a bochsrc, `-q`
 * and `-n` are accepted, `-rc FILE` gives debugger commands, and every
 * argument that is not an option is one more configuration line
 * (`emu -f bochsrc 'boot: cdrom'`). emu's --options apply after the file
 * and those lines, so `--hda x.img` overrides the file's ata0-master. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/bochsrc.h"
#include "config/config.h"
#include "machine/log.h"

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->e9_path = "stdout";
    cfg->mem_mb = 32;
    cfg->display = DISPLAY_NONE;
    cfg->log_level = LOG_INFO;
    cfg->log_action[LOG_DEBUG] = LOGACT_IGNORE;
    cfg->log_action[LOG_INFO] = LOGACT_REPORT;
    cfg->log_action[LOG_ERROR] = LOGACT_REPORT;
    cfg->log_action[LOG_PANIC] = LOGACT_FATAL;
    cfg->ips = 4000000; /* Bochs's default cpu: ips= */
    cfg->reset_on_triple_fault = true;
    cfg->boot[0] = BOOT_FLOPPY;
    cfg->floppy_sig_check = true;
    cfg->port_e9_hack = true;
    cfg->vga_update_freq = 30;
    cfg->vga_realtime = true;
    cfg->pci_enabled = true;
    cfg->mouse_enabled = false;
    cfg->kbd_serial_delay = 250;
    cfg->kbd_paste_delay = 100000;
    cfg->cpuid_family = cfg->cpuid_model = cfg->cpuid_stepping = cfg->cpuid_level = -1;
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

void config_free(struct config *cfg)
{
    char **owned[] = {&cfg->romimage,        &cfg->vgaromimage,    &cfg->kernel,          &cfg->initrd,
                      &cfg->append,          &cfg->cpu_model,      &cfg->display_options, &cfg->vga_extension,
                      &cfg->keyboard_keymap, &cfg->mouse_type,     &cfg->screenshot_path, &cfg->debugger_rc,
                      &cfg->log_file,        &cfg->debugger_log,   &cfg->pci_chipset,     &cfg->romimage_options,
                      &cfg->cpuid_simd,      &cfg->cpuid_apic,     &cfg->cpuid_vendor,    &cfg->cpuid_brand,
                      &cfg->keyboard_type,   &cfg->keyboard_shortcut, &cfg->mouse_toggle, &cfg->logprefix,
                      &cfg->trace_file,      &cfg->serial_spec,    &cfg->text_dump_path};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) {
        free(*owned[i]);
        *owned[i] = NULL;
    }
    for (int i = 0; i < 4; i++) {
        free(cfg->optrom[i]);
        free(cfg->com[i].dev);
        cfg->optrom[i] = cfg->com[i].dev = NULL;
    }
    for (int i = 0; i < 5; i++) {
        free(cfg->pci_slot[i]);
        cfg->pci_slot[i] = NULL;
    }
    for (int ch = 0; ch < 4; ch++) {
        for (int d = 0; d < 2; d++) {
            struct ata_dev_cfg *a = &cfg->ata[ch][d];
            free(a->path);
            free(a->model);
            free(a->journal);
            free(a->origin);
            a->path = a->model = a->journal = a->origin = NULL;
        }
    }
    for (int i = 0; i < 2; i++) {
        free(cfg->floppy[i].path);
        free(cfg->floppy[i].origin);
        cfg->floppy[i].path = cfg->floppy[i].origin = NULL;
    }
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: emu [options] [-f BOCHSRC] ['option: value' ...]\n"
            "\n"
            "With no options emu runs its built-in demo ROM headless.\n"
            "\n"
            "Bochs compatibility:\n"
            "  -f FILE            read a Bochs configuration file (bochsrc)\n"
            "  'option: value'    any further argument is one more bochsrc line\n"
            "  -q                 start at once (emu has no start menu; accepted)\n"
            "  -n                 no configuration file (the default unless -f)\n"
            "  -rc FILE           debugger commands to run at start\n"
            "  -d, --debugger     start in the debugger\n"
            "  -log FILE          same as --log FILE\n"
            "\n"
            "Machine:\n"
            "  --rom FILE         map a raw ROM image at the top of the first MiB (and of\n"
            "                     4 GiB) and start at the reset vector F000:FFF0\n"
            "  --memory MB        guest RAM in MiB (default 32)\n"
            "  --hda IMAGE        hard disk image as ata0-master (--hdb: ata0-slave)\n"
            "  --cdrom ISO        CD-ROM image as ata1-master\n"
            "  --fda IMAGE        floppy image in drive A: (--fdb: drive B:)\n"
            "  --boot LIST        boot order: floppy, disk, cdrom, network (comma-separated)\n"
            "  --kernel FILE      boot a Linux kernel directly (with --initrd FILE and\n"
            "                     --append 'COMMAND LINE')\n"
            "  --serial MODE[:DEV] COM1: null, stdout, pty, file:PATH, term:DEV,\n"
            "                     socket-server:HOST:PORT or socket-client:HOST:PORT\n"
            "\n"
            "Display:\n"
            "  --display KIND     sdl2 (a window), none/nogui (headless) or term (headless,\n"
            "                     the VGA text screen mirrored to the terminal); default none\n"
            "  --scale N          window scale factor 1..8 (default: fit the screen)\n"
            "  --screenshot FILE  write the screen as PNG at exit\n"
            "  --text-dump FILE   write the text-mode screen as text at exit\n"
            "  --fb-checksum      print the CRC-32 of the rendered screen to stderr at exit\n"
            "\n"
            "Debugging and runs:\n"
            "  --gdb [PORT]       wait for gdb on TCP PORT (default 1234)\n"
            "  --e9 stdout|FILE   where bytes written to port 0xE9 go (default stdout)\n"
            "  --max-insns N      stop after N instructions (exit status 124)\n"
            "  --save-snapshot FILE  save the machine to FILE (at exit, or with --snapshot-at)\n"
            "  --snapshot-at N    save the snapshot when N instructions have retired\n"
            "  --restore FILE     start from the snapshot in FILE (same configuration)\n"
            "  --stats            print instructions executed and MIPS at exit\n"
            "  --commit           at exit merge the redolog of each mode=undoable disk into\n"
            "                     its image (default: keep IMAGE.redolog, image untouched)\n"
            "  --inject-keys LIST press keys at virtual times: LIST is US:CODE,... with US\n"
            "                     microseconds since power-on and CODE a set-1 scan code\n"
            "                     (0xE0xx extended; with bit 7 set a release), e.g.\n"
            "                     --inject-keys 5000:0x1E,6000:0x9E types 'a'\n"
            "  --time0 SECONDS    the RTC starts at SECONDS since 1970, shown as UTC\n"
            "                     (clock: time0= shows local time, as Bochs does)\n"
            "  --trace [FILE]     print every instruction executed (to stderr or FILE)\n"
            "  --log FILE         write the log to FILE (default stderr)\n"
            "  --log-level LEVEL  debug, info, error (default info)\n"
            "  --check-config     read the configuration, check its files, and exit\n"
            "  -h, --help         this text\n"
            "  --version          print the version\n"
            "\n"
            "Exit status: 0 normal end or Bochs shutdown port (\"Shutdown\" on 0x8900);\n"
            "(v << 1) | 1 when the guest writes v to port 0xF4 (QEMU isa-debug-exit);\n"
            "1 bad usage or input; 2 CPU halted with no way to wake up;\n"
            "124 --max-insns reached.\n"
            "\n"
            "See emu(1) for the bochsrc options emu reads.\n");
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

static void set_owned(char **dst, const char *v)
{
    free(*dst);
    *dst = v ? strdup(v) : NULL;
}

/* An argument that reads like a bochsrc line ("name: ...") is not the
 * optional value of --trace or --gdb. */
static bool is_config_line(const char *s)
{
    const char *p = s;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '-')
        p++;
    return p != s && *p == ':';
}

static void set_disk(struct ata_dev_cfg *d, enum ata_type type, const char *path, const char *opt)
{
    set_owned(&d->path, path);
    set_owned(&d->origin, opt);
    set_owned(&d->model, NULL);
    d->type = type;
    d->mode = IMG_FLAT;
    d->cylinders = d->heads = d->spt = 0;
    d->translation = TRANS_AUTO;
    d->inserted = true;
}

static int parse_boot(struct config *cfg, const char *val)
{
    enum boot_dev order[3] = {BOOT_NONE, BOOT_NONE, BOOT_NONE};
    char *copy = strdup(val), *save = NULL;
    int n = 0, r = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        enum boot_dev b = !strcmp(t, "floppy") || !strcmp(t, "a")  ? BOOT_FLOPPY
                          : !strcmp(t, "disk") || !strcmp(t, "c")  ? BOOT_DISK
                          : !strcmp(t, "cdrom") || !strcmp(t, "d") ? BOOT_CDROM
                          : !strcmp(t, "network")                  ? BOOT_NETWORK
                                                                   : BOOT_NONE;
        if (b == BOOT_NONE || n == 3) {
            fprintf(stderr, "emu: --boot: expected up to three of floppy, disk, cdrom, network; got '%s'\n", val);
            r = -1;
            break;
        }
        order[n++] = b;
    }
    free(copy);
    if (r == 0 && n == 0) {
        fprintf(stderr, "emu: --boot: expected floppy, disk, cdrom or network\n");
        r = -1;
    }
    if (r == 0)
        memcpy(cfg->boot, order, sizeof order);
    return r;
}

/* --serial MODE[:DEV] for COM1 */
static int parse_serial(struct config *cfg, const char *val)
{
    static const struct {
        const char *name;
        enum serial_mode mode;
        bool needs_dev;
    } modes[] = {{"null", SER_NULL, false},
                 {"stdout", SER_STDOUT, false},
                 {"stdio", SER_STDOUT, false},
                 {"pty", SER_PTY, false},
                 {"file", SER_FILE, true},
                 {"term", SER_TERM, true},
                 {"socket-server", SER_SOCKET_SERVER, true},
                 {"socket-client", SER_SOCKET_CLIENT, true}};
    const char *colon = strchr(val, ':');
    size_t n = colon ? (size_t)(colon - val) : strlen(val);
    for (size_t k = 0; k < sizeof modes / sizeof modes[0]; k++) {
        if (strlen(modes[k].name) != n || strncmp(val, modes[k].name, n))
            continue;
        if (modes[k].needs_dev && (!colon || !colon[1])) {
            fprintf(stderr, "emu: --serial %s: expected %s:%s\n", val, modes[k].name,
                    modes[k].mode == SER_FILE || modes[k].mode == SER_TERM ? "PATH" : "HOST:PORT");
            return -1;
        }
        struct serial_cfg *s = &cfg->com[0];
        s->enabled = true;
        s->mode = modes[k].mode;
        set_owned(&s->dev, colon && colon[1] ? colon + 1 : NULL);
        set_owned(&cfg->serial_spec, val);
        return 0;
    }
    fprintf(stderr, "emu: --serial: unknown mode '%s' (expected null, stdout, pty, file:PATH, term:DEV, "
                    "socket-server:HOST:PORT or socket-client:HOST:PORT)\n",
            val);
    return -1;
}

/* Applies the options. In pass 1 (into a scratch config) it also collects
 * -f and the configuration lines; in pass 2 it skips them. Returns 1 for
 * --help/--version, -1 on an error (printed), 0 otherwise. */
static int parse_options(struct config *cfg, int argc, char **argv, int pass, const char **file, int *lines,
                         int *nlines)
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
/* an optional value: the next argument unless it is an option or a
 * configuration line */
#define OPT_VAL()                                                                                   \
    do {                                                                                            \
        if (!val && i + 1 < argc && argv[i + 1][0] != '-' && !is_config_line(argv[i + 1]))          \
            val = argv[++i];                                                                        \
    } while (0)
        if (a[0] != '-' || !a[1]) {
            /* a bochsrc line */
            if (pass == 1)
                lines[(*nlines)++] = i;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 1;
        } else if (!strcmp(a, "--version")) {
            printf("emu 0.1.0\n");
            return 1;
        } else if (!strcmp(a, "-f")) {
            NEED_VAL();
            if (pass == 1 && *file) {
                fprintf(stderr, "emu: -f given twice ('%s' and '%s'); emu reads one configuration file\n", *file,
                        val);
                return -1;
            }
            if (pass == 1)
                *file = val;
        } else if (!strcmp(a, "-q") || !strcmp(a, "-n")) {
            cfg->quick_start = true; /* emu has no start menu and reads no file unless -f */
        } else if (!strcmp(a, "-rc")) {
            NEED_VAL();
            set_owned(&cfg->debugger_rc, val);
        } else if (!strcmp(a, "-d") || !strcmp(a, "--debugger") || !strcmp(a, "-dbg_gui")) {
            cfg->debugger = true;
        } else if (!strcmp(a, "--check-config")) {
            cfg->check_config = true;
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
        } else if (!strcmp(a, "--save-snapshot")) {
            NEED_VAL();
            cfg->snapshot_path = val;
        } else if (!strcmp(a, "--snapshot-at")) {
            NEED_VAL();
            if (parse_u64(a, val, &cfg->snapshot_at) < 0)
                return -1;
        } else if (!strcmp(a, "--restore")) {
            NEED_VAL();
            cfg->restore_path = val;
        } else if (!strcmp(a, "--memory")) {
            NEED_VAL();
            if (parse_u64(a, val, &cfg->mem_mb) < 0)
                return -1;
            if (cfg->mem_mb < 1 || cfg->mem_mb > 65536) {
                fprintf(stderr, "emu: --memory: %" PRIu64 " MiB is outside 1..65536\n", cfg->mem_mb);
                return -1;
            }
        } else if (!strcmp(a, "--hda") || !strcmp(a, "--hdb")) {
            NEED_VAL();
            set_disk(&cfg->ata[0][a[4] == 'b'], ATA_DISK, val, a);
        } else if (!strcmp(a, "--cdrom")) {
            NEED_VAL();
            set_disk(&cfg->ata[1][0], ATA_CDROM, val, a);
            cfg->ata_channel_enabled[1] = true;
        } else if (!strcmp(a, "--fda") || !strcmp(a, "--fdb")) {
            NEED_VAL();
            struct floppy_cfg *f = &cfg->floppy[a[4] == 'b'];
            set_owned(&f->path, val);
            set_owned(&f->origin, a);
            f->type = FLOPPY_AUTO;
            f->inserted = true;
        } else if (!strcmp(a, "--boot")) {
            NEED_VAL();
            if (parse_boot(cfg, val) < 0)
                return -1;
        } else if (!strcmp(a, "--kernel")) {
            NEED_VAL();
            set_owned(&cfg->kernel, val);
        } else if (!strcmp(a, "--initrd")) {
            NEED_VAL();
            set_owned(&cfg->initrd, val);
        } else if (!strcmp(a, "--append")) {
            NEED_VAL();
            set_owned(&cfg->append, val);
        } else if (!strcmp(a, "--serial")) {
            NEED_VAL();
            if (parse_serial(cfg, val) < 0)
                return -1;
        } else if (!strcmp(a, "--gdb")) {
            OPT_VAL();
            uint64_t port = 1234;
            if (val && (parse_u64(a, val, &port) < 0 || port < 1 || port > 65535)) {
                if (port < 1 || port > 65535)
                    fprintf(stderr, "emu: --gdb: port %s is outside 1..65535\n", val);
                return -1;
            }
            cfg->gdb_port = (int)port;
        } else if (!strcmp(a, "--display")) {
            NEED_VAL();
            if (!strcmp(val, "none") || !strcmp(val, "nogui"))
                cfg->display = DISPLAY_NONE;
            else if (!strcmp(val, "sdl2") || !strcmp(val, "sdl"))
                cfg->display = DISPLAY_SDL2;
            else if (!strcmp(val, "term"))
                cfg->display = DISPLAY_TERM;
            else {
                fprintf(stderr, "emu: --display: unknown display '%s' (expected none, sdl2 or term)\n", val);
                return -1;
            }
        } else if (!strcmp(a, "--scale")) {
            NEED_VAL();
            uint64_t s;
            if (parse_u64(a, val, &s) < 0)
                return -1;
            if (s < 1 || s > 8) {
                fprintf(stderr, "emu: --scale: %s is outside 1..8\n", val);
                return -1;
            }
            cfg->display_scale = (uint32_t)s;
        } else if (!strcmp(a, "--screenshot")) {
            NEED_VAL();
            set_owned(&cfg->screenshot_path, val);
        } else if (!strcmp(a, "--text-dump")) {
            NEED_VAL();
            set_owned(&cfg->text_dump_path, val);
        } else if (!strcmp(a, "--fb-checksum")) {
            cfg->fb_checksum = true;
        } else if (!strcmp(a, "--stats")) {
            cfg->stats = true;
        } else if (!strcmp(a, "--commit")) {
            cfg->commit_undoable = true;
        } else if (!strcmp(a, "--inject-keys")) {
            NEED_VAL();
            cfg->inject_keys = val; /* parsed by the keyboard (iodev/kbd.c) */
        } else if (!strcmp(a, "--time0")) {
            NEED_VAL();
            uint64_t t0;
            if (parse_u64(a, val, &t0) < 0)
                return -1;
            cfg->time0 = (int64_t)t0;
            cfg->time0_local = false;
        } else if (!strcmp(a, "--trace")) {
            OPT_VAL();
            cfg->trace = true;
            set_owned(&cfg->trace_file, val);
        } else if (!strcmp(a, "--log") || !strcmp(a, "-log")) {
            NEED_VAL();
            set_owned(&cfg->log_file, strcmp(val, "-") ? val : NULL);
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
#undef OPT_VAL
    }
    return 0;
}

int config_parse_args(struct config *cfg, int argc, char **argv)
{
    /* pass 1 into a scratch record: find -f and the configuration lines,
     * and report bad options before reading any file */
    struct config scratch;
    config_defaults(&scratch);
    scratch.diag = cfg->diag;
    const char *file = NULL;
    int *lines = calloc((size_t)argc + 1, sizeof *lines);
    int nlines = 0;
    if (!lines)
        return -1;
    int r = parse_options(&scratch, argc, argv, 1, &file, lines, &nlines);
    config_free(&scratch);
    if (r == 0 && file) {
        cfg->config_file = file;
        r = config_load_file(cfg, file);
    }
    for (int k = 0; k < nlines && r == 0; k++) {
        char origin[64];
        snprintf(origin, sizeof origin, "command line argument %d", lines[k]);
        r = config_load_line(cfg, argv[lines[k]], origin);
    }
    free(lines);
    if (r == 0)
        r = parse_options(cfg, argc, argv, 2, NULL, NULL, NULL);
    if (r == 0)
        r = config_check_files(cfg);
    return r;
}
