/* tests/unit/test_bochsrc.c: the bochsrc reader, the option table and the
 * command line (config/). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "machine/log.h"

/* A configuration whose messages are captured in diag. */
struct fixture {
    struct config cfg;
    char *diag;
    size_t diaglen;
    char dir[64];
    int nfiles;
};

static void fx_init(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    config_defaults(&fx->cfg);
    fx->cfg.diag = open_memstream(&fx->diag, &fx->diaglen);
    strcpy(fx->dir, "/tmp/emu-test-bochsrc-XXXXXX");
    cr_assert_not_null(mkdtemp(fx->dir));
}

static const char *fx_messages(struct fixture *fx)
{
    fflush(fx->cfg.diag);
    return fx->diag ? fx->diag : "";
}

static void fx_fini(struct fixture *fx)
{
    fclose(fx->cfg.diag);
    fx->cfg.diag = NULL;
    free(fx->diag);
    config_free(&fx->cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    cr_assert_eq(system(cmd), 0);
}

/* Writes text to DIR/name and returns the path (static storage per call). */
static const char *fx_file(struct fixture *fx, const char *name, const char *text)
{
    static char paths[8][256];
    char *p = paths[fx->nfiles++ % 8];
    snprintf(p, 256, "%s/%s", fx->dir, name);
    FILE *f = fopen(p, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static int load(struct fixture *fx, const char *text)
{
    return config_load_file(&fx->cfg, fx_file(fx, "bochsrc", text));
}

Test(bochsrc, comments_continuation_and_quotes)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "# a comment line\n"
                      "   \n"
                      "megs: 64   # trailing comment\n"
                      "cpu: model=core2_penryn_t9600, \\\n"
                      "     ips=10000000, reset_on_triple_fault=0\n"
                      "ata0-master: type=cdrom, path=\"\", model=\"My # CD drive\"\n"
                      "clock: sync=realtime, time0=946681200, rtc_sync=1\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.mem_mb, 64);
    cr_assert_str_eq(fx.cfg.cpu_model, "core2_penryn_t9600");
    cr_assert_eq(fx.cfg.ips, 10000000);
    cr_assert_not(fx.cfg.reset_on_triple_fault);
    cr_assert_str_eq(fx.cfg.ata[0][0].model, "My # CD drive");
    cr_assert_eq(fx.cfg.ata[0][0].type, ATA_CDROM);
    cr_assert_null(fx.cfg.ata[0][0].path);
    cr_assert_eq(fx.cfg.clock_sync, SYNC_REALTIME);
    cr_assert_eq(fx.cfg.time0, 946681200);
    cr_assert(fx.cfg.rtc_sync);
    cr_assert_eq(fx.cfg.nwarnings, 0, "%s", fx_messages(&fx));
    fx_fini(&fx);
}

Test(bochsrc, environment_variables)
{
    struct fixture fx;
    fx_init(&fx);
    setenv("EMU_TEST_LOGDIR", "/var/tmp/x", 1);
    unsetenv("BXSHARE");
    int r = load(&fx, "log: ${EMU_TEST_LOGDIR}/bochs.out\n"
                      "debugger_log: $EMU_TEST_LOGDIR/dbg.out\n"
                      "keyboard: user_shortcut=\"$BXSHARE\"\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_str_eq(fx.cfg.log_file, "/var/tmp/x/bochs.out");
    cr_assert_str_eq(fx.cfg.debugger_log, "/var/tmp/x/dbg.out");
    /* BXSHARE defaults to emu's data directory, as Bochs's does */
    cr_assert_str_eq(fx.cfg.keyboard_shortcut, EMU_DATADIR);
    setenv("BXSHARE", "/opt/bx", 1);
    cr_assert_eq(config_load_line(&fx.cfg, "keyboard: user_shortcut=$BXSHARE/x", "test"), 0);
    cr_assert_str_eq(fx.cfg.keyboard_shortcut, "/opt/bx/x");
    unsetenv("BXSHARE");
    fx_fini(&fx);
}

Test(bochsrc, unset_variable_is_an_error)
{
    struct fixture fx;
    fx_init(&fx);
    unsetenv("EMU_TEST_NOT_SET");
    cr_assert_eq(load(&fx, "megs: 16\nlog: $EMU_TEST_NOT_SET/x\n"), -1);
    cr_assert(strstr(fx_messages(&fx), "/bochsrc:2: environment variable $EMU_TEST_NOT_SET is not set"),
              "%s", fx_messages(&fx));
    fx_fini(&fx);
}

Test(bochsrc, include_beside_the_including_file)
{
    struct fixture fx;
    fx_init(&fx);
    fx_file(&fx, "common.rc", "megs: 128\nboot: cdrom, disk\n");
    int r = load(&fx, "megs: 16\n#include common.rc\nvga: update_freq=10\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.mem_mb, 128);
    cr_assert_eq(fx.cfg.boot[0], BOOT_CDROM);
    cr_assert_eq(fx.cfg.boot[1], BOOT_DISK);
    cr_assert_eq(fx.cfg.boot[2], BOOT_NONE);
    cr_assert_eq(fx.cfg.vga_update_freq, 10);
    fx_fini(&fx);
}

Test(bochsrc, include_errors)
{
    struct fixture fx;
    fx_init(&fx);
    cr_assert_eq(load(&fx, "megs: 16\n#include nothere.rc\n"), -1);
    cr_assert(strstr(fx_messages(&fx), "/bochsrc:2: #include nothere.rc: No such file or directory"), "%s",
              fx_messages(&fx));
    fx_fini(&fx);

    fx_init(&fx);
    fx_file(&fx, "loop.rc", "#include loop.rc\n");
    cr_assert_eq(load(&fx, "#include loop.rc\n"), -1);
    cr_assert(strstr(fx_messages(&fx), "nested more than 16 deep"), "%s", fx_messages(&fx));
    fx_fini(&fx);
}

/* Each malformed line: one message naming the file, the line and what was
 * expected. */
Test(bochsrc, malformed_lines)
{
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        {"megs: 32\nfrobnicate: yes\n", ":2: unknown option 'frobnicate'"},
        {"megs 32\n", ":1: expected 'option: value', got 'megs 32'"},
        {"megs: lots\n", ":1: megs: expected a size in MiB between 1 and 65536, got 'lots'"},
        {"cpu: count=1, speed=fast\n", ":1: cpu: unknown parameter 'speed' (expected model, count"},
        {"cpu: ips=12x\n", ":1: cpu: ips: expected a number, got '12x'"},
        {"boot: tape\n", ":1: boot: expected floppy, disk, cdrom or network, got 'tape'"},
        {"clock: sync=sometimes\n", ":1: clock: sync: expected none, realtime, slowdown or both, got 'sometimes'"},
        {"ata0-master: type=disk\n", ":1: ata0-master: type=disk needs path=IMAGE"},
        {"ata0-master: type=disk, path=x.img, mode=vbox\n", ":1: ata0-master: mode=vbox: emu cannot read"},
        {"ata0: irq=99\n", ":1: ata0: irq: 99 is outside 1..15"},
        {"floppya: 1_44=a.img, status=maybe\n", ":1: floppya: status: expected ejected or inserted, got 'maybe'"},
        {"magic_break: enabled=2\n", ":1: magic_break: enabled: expected 0 or 1, got '2'"},
        {"display_library: curses\n", ":1: display_library: expected sdl2, sdl, nogui, term"},
        {"plugin_ctrl: frobber=1\n", ":1: plugin_ctrl: unknown plug-in 'frobber'"},
        {"com1: enabled=1, mode=file\n", ":1: com1: this mode needs dev=FILE"},
        {"log: \"unterminated\n", ":1: log: unterminated quote"},
        {"megs: 16\\\n", ":1: the file ends after a continuation backslash"},
        {"romimage: file=/nonexistent/bios.bin\n", ":1: romimage: file=/nonexistent/bios.bin: No such file"},
        {"cpu: model\n", ":1: cpu: parameter 'model' needs a value"},
        {"gdbstub: port=0\n", ":1: gdbstub: port: 0 is outside 1..65535"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct fixture fx;
        fx_init(&fx);
        cr_assert_eq(load(&fx, cases[i].text), -1, "accepted: %s", cases[i].text);
        const char *msg = fx_messages(&fx);
        cr_assert(strstr(msg, cases[i].message), "for %s got: %s", cases[i].text, msg);
        cr_assert(strstr(msg, "emu: /tmp/emu-test-bochsrc-"), "no file name in %s", msg);
        /* exactly one message */
        cr_assert_eq(strchr(msg, '\n'), msg + strlen(msg) - 1, "more than one line: %s", msg);
        fx_fini(&fx);
    }
}

/* Options emu does not have: one warning each, naming file, line, option
 * and what emu does instead; a line that disables one is quiet. */
Test(bochsrc, unsupported_options_warn_once)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "sb16: midimode=1, wavemode=1, dmatimer=600000\n"
                      "speaker: enabled=0\n"
                      "ne2k: ioaddr=0x300, irq=9, mac=b0:c4:20:00:00:00, ethmod=null\n"
                      "parport1: enabled=0\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.nwarnings, 2, "%s", fx_messages(&fx));
    const char *msg = fx_messages(&fx);
    cr_assert(strstr(msg, "/bochsrc:1: warning: sb16: emu has no Sound Blaster 16"), "%s", msg);
    cr_assert(strstr(msg, "/bochsrc:3: warning: ne2k: emu has no NE2000"), "%s", msg);
    cr_assert_null(strstr(msg, "speaker"), "%s", msg);
    fx_fini(&fx);
}

Test(bochsrc, cpu_and_cpuid)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "cpu: count=2, ips=2000000, ignore_bad_msrs=1, cpuid_limit_winnt=1, mwait_is_nop=1\n"
                      "cpuid: x86_64=0, mmx=1, aes=1, simd=sse2, family=6, model=0x1a, stepping=5\n"
                      "cpuid: vendor_string=GenuineIntel, brand_string=\"emu test cpu\"\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.nwarnings, 2, "%s", fx_messages(&fx));
    cr_assert(strstr(fx_messages(&fx), "count=2: emu emulates one CPU"));
    cr_assert(strstr(fx_messages(&fx), "aes=1: emu does not implement aes"));
    cr_assert_eq(fx.cfg.ips, 2000000);
    cr_assert(fx.cfg.ignore_bad_msrs && fx.cfg.cpuid_limit_winnt && fx.cfg.mwait_is_nop);
    cr_assert(fx.cfg.cpuid_clear & CPUID_SW_X86_64);
    cr_assert(fx.cfg.cpuid_set & CPUID_SW_MMX);
    cr_assert_not(fx.cfg.cpuid_set & CPUID_SW_X86_64);
    cr_assert_str_eq(fx.cfg.cpuid_simd, "sse2");
    cr_assert_eq(fx.cfg.cpuid_family, 6);
    cr_assert_eq(fx.cfg.cpuid_model, 0x1a);
    cr_assert_eq(fx.cfg.cpuid_stepping, 5);
    cr_assert_eq(fx.cfg.cpuid_level, -1);
    cr_assert_str_eq(fx.cfg.cpuid_vendor, "GenuineIntel");
    cr_assert_str_eq(fx.cfg.cpuid_brand, "emu test cpu");
    fx_fini(&fx);
}

Test(bochsrc, clock_time0_forms)
{
    struct fixture fx;
    fx_init(&fx);
    cr_assert_eq(config_load_line(&fx.cfg, "clock: sync=none, time0=utc", "t"), 0);
    cr_assert_eq(fx.cfg.time0, 0);
    cr_assert_not(fx.cfg.time0_local);
    cr_assert_eq(config_load_line(&fx.cfg, "clock: time0=local", "t"), 0);
    cr_assert(fx.cfg.time0_local);
    setenv("TZ", "UTC", 1);
    cr_assert_eq(config_load_line(&fx.cfg, "clock: time0=\"Mon Jan  1 00:00:00 1990\"", "t"), 0,
                 "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.time0, 631152000);
    cr_assert_eq(config_load_line(&fx.cfg, "clock: sync=both, time0=1", "t"), 0);
    cr_assert_eq(fx.cfg.time0, 0);
    cr_assert_eq(fx.cfg.clock_sync, SYNC_BOTH);
    cr_assert_eq(config_load_line(&fx.cfg, "clock: time0=yesterday", "t"), -1);
    fx_fini(&fx);
}

Test(bochsrc, disks_and_boot)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "ata1: enabled=1, ioaddr1=0x170, ioaddr2=0x370, irq=15\n"
                      "ata2: enabled=1, ioaddr1=0x1e8, ioaddr2=0x3e0, irq=11\n"
                      "ata0-master: type=disk, mode=undoable, path=c.img, cylinders=306, heads=4, spt=17, "
                      "translation=lba, journal=c.redolog\n"
                      "ata1-slave: type=cdrom, path=cd.iso, status=ejected\n"
                      "floppya: 720k=a.img, status=inserted, write_protected=1\n"
                      "floppyb: type=1_44\n"
                      "boot: c, a\n"
                      "floppy_bootsig_check: disabled=1\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    struct ata_dev_cfg *d = &fx.cfg.ata[0][0];
    cr_assert_eq(d->type, ATA_DISK);
    cr_assert_eq(d->mode, IMG_UNDOABLE);
    cr_assert_str_eq(d->path, "c.img");
    cr_assert_str_eq(d->journal, "c.redolog");
    cr_assert_eq(d->cylinders, 306);
    cr_assert_eq(d->heads, 4);
    cr_assert_eq(d->spt, 17);
    cr_assert_eq(d->translation, TRANS_LBA);
    cr_assert(strstr(d->origin, "/bochsrc:3"));
    cr_assert_eq(fx.cfg.ata[1][1].type, ATA_CDROM);
    cr_assert_not(fx.cfg.ata[1][1].inserted);
    cr_assert(fx.cfg.ata_channel_enabled[2]);
    cr_assert_eq(fx.cfg.ata_ioaddr1[2], 0x1e8);
    cr_assert_eq(fx.cfg.ata_irq[2], 11);
    cr_assert_str_eq(fx.cfg.floppy[0].path, "a.img");
    cr_assert_eq(fx.cfg.floppy[0].type, FLOPPY_720K);
    cr_assert(fx.cfg.floppy[0].inserted && fx.cfg.floppy[0].write_protected);
    cr_assert_eq(fx.cfg.floppy[1].type, FLOPPY_1_44M);
    cr_assert_not(fx.cfg.floppy[1].inserted);
    cr_assert_eq(fx.cfg.boot[0], BOOT_DISK);
    cr_assert_eq(fx.cfg.boot[1], BOOT_FLOPPY);
    cr_assert_not(fx.cfg.floppy_sig_check);
    fx_fini(&fx);
}

Test(bochsrc, mode_readonly_is_a_read_only_flat_disk)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "ata0-master: type=disk, path=c.img, mode=readonly\n"
                      "ata0-slave: type=disk, path=d.img, mode=flat\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.ata[0][0].mode, IMG_FLAT);
    cr_assert(fx.cfg.ata[0][0].read_only);
    cr_assert_not(fx.cfg.ata[0][1].read_only);
    fx_fini(&fx);
}

Test(bochsrc, display_input_and_ports)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "display_library: sdl, options=\"gui_debug, hideIPS, scale=2\"\n"
                      "vga: extension=vbe, update_freq=25, realtime=0\n"
                      "keyboard: type=mf, serial_delay=200, paste_delay=100000, user_shortcut=ctrl-alt-del\n"
                      "mouse: enabled=1, type=imps2, toggle=f12\n"
                      "com1: enabled=1, mode=socket-server, dev=localhost:8888\n"
                      "com2: enabled=1, mode=file, dev=serial.out\n"
                      "port_e9_hack: enabled=0\n"
                      "magic_break: enabled=1\n"
                      "gdbstub: enabled=1, port=4321, text_base=0, data_base=0, bss_base=0\n"
                      "pci: enabled=1, chipset=i440fx, slot1=pcivga\n"
                      "debug: action=report\n"
                      "panic: action=fatal\n"
                      "logprefix: %t%e%d\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.nwarnings, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.display, DISPLAY_SDL2);
    cr_assert(fx.cfg.debugger); /* gui_debug asks for the debugger */
    cr_assert(fx.cfg.display_hide_ips);
    cr_assert_eq(fx.cfg.display_scale, 2);
    cr_assert_str_eq(fx.cfg.vga_extension, "vbe");
    cr_assert_eq(fx.cfg.vga_update_freq, 25);
    cr_assert_not(fx.cfg.vga_realtime);
    cr_assert_str_eq(fx.cfg.keyboard_type, "mf");
    cr_assert_eq(fx.cfg.kbd_serial_delay, 200);
    cr_assert_str_eq(fx.cfg.keyboard_shortcut, "ctrl-alt-del");
    cr_assert(fx.cfg.mouse_enabled);
    cr_assert_str_eq(fx.cfg.mouse_type, "imps2");
    cr_assert_str_eq(fx.cfg.mouse_toggle, "f12");
    cr_assert(fx.cfg.com[0].enabled);
    cr_assert_eq(fx.cfg.com[0].mode, SER_SOCKET_SERVER);
    cr_assert_str_eq(fx.cfg.com[0].dev, "localhost:8888");
    cr_assert_eq(fx.cfg.com[1].mode, SER_FILE);
    cr_assert_not(fx.cfg.port_e9_hack);
    cr_assert(fx.cfg.magic_break);
    cr_assert_eq(fx.cfg.gdb_port, 4321);
    cr_assert_str_eq(fx.cfg.pci_slot[0], "pcivga");
    cr_assert_eq(fx.cfg.log_action[LOG_DEBUG], LOGACT_REPORT);
    cr_assert_eq(fx.cfg.log_level, LOG_DEBUG);
    cr_assert_str_eq(fx.cfg.logprefix, "%t%e%d");
    fx_fini(&fx);
}

Test(bochsrc, display_fallbacks_warn)
{
    struct fixture fx;
    fx_init(&fx);
    cr_assert_eq(load(&fx, "display_library: x\n"), 0);
    cr_assert_eq(fx.cfg.nwarnings, 1);
    cr_assert_eq(fx.cfg.display, DISPLAY_SDL2);
    cr_assert(fx.cfg.display_fallback);
    cr_assert_eq(config_load_line(&fx.cfg, "display_library: term", "t"), 0);
    cr_assert_eq(fx.cfg.display, DISPLAY_TERM);
    cr_assert_not(fx.cfg.display_fallback);
    cr_assert_eq(config_load_line(&fx.cfg, "plugin_ctrl: unmapped=1, e1000=1, biosdev=0", "t"), 0);
    cr_assert_eq(fx.cfg.nwarnings, 3, "%s", fx_messages(&fx));
    cr_assert(strstr(fx_messages(&fx), "t: warning: plugin_ctrl: e1000=1: emu has no 'e1000' device"));
    fx_fini(&fx);
}

Test(bochsrc, legacy_option_names)
{
    struct fixture fx;
    fx_init(&fx);
    int r = load(&fx, "ips: 1000000\nvga_update_interval: 300000\nkeyboard_serial_delay: 250\n"
                      "keyboard_paste_delay: 100000\ni440fxsupport: enabled=0\nkeyboard_type: at\n");
    cr_assert_eq(r, 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.ips, 1000000);
    cr_assert_eq(fx.cfg.vga_update_freq, 3);
    cr_assert_not(fx.cfg.pci_enabled);
    cr_assert_str_eq(fx.cfg.keyboard_type, "at");
    fx_fini(&fx);
}

/* ---- the command line ---- */

static int args(struct fixture *fx, char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    return config_parse_args(&fx->cfg, argc, argv);
}

Test(cmdline, config_lines_then_options)
{
    struct fixture fx;
    fx_init(&fx);
    const char *img = fx_file(&fx, "disk.img", "not really a disk");
    const char *img2 = fx_file(&fx, "other.img", "another");
    char line[300];
    snprintf(line, sizeof line, "megs: 8\nata0-master: type=disk, path=%s\nboot: floppy\n", img);
    const char *rc = fx_file(&fx, "bochsrc", line);
    char *argv[] = {"emu", "-q", "-f", (char *)rc, "boot: cdrom", "--memory", "48", "--hdb", (char *)img2,
                    "megs: 16", NULL};
    cr_assert_eq(args(&fx, argv), 0, "%s", fx_messages(&fx));
    cr_assert_str_eq(fx.cfg.config_file, rc);
    cr_assert(fx.cfg.quick_start);
    /* lines on the command line come after the file; --options last */
    cr_assert_eq(fx.cfg.boot[0], BOOT_CDROM);
    cr_assert_eq(fx.cfg.mem_mb, 48);
    cr_assert_str_eq(fx.cfg.ata[0][0].path, img);
    cr_assert_str_eq(fx.cfg.ata[0][1].path, img2);
    cr_assert_eq(fx.cfg.ata[0][1].type, ATA_DISK);
    fx_fini(&fx);
}

Test(cmdline, common_options)
{
    struct fixture fx;
    fx_init(&fx);
    const char *iso = fx_file(&fx, "cd.iso", "iso");
    const char *k = fx_file(&fx, "vmlinuz", "kernel");
    char *argv[] = {"emu", "--cdrom", (char *)iso, "--boot", "cdrom,disk", "--kernel", (char *)k, "--append",
                    "console=ttyS0", "--serial", "file:out.txt", "--gdb", "--trace", "trace.txt", "-rc",
                    (char *)k, "-d", "--display", "term", "--scale", "3", NULL};
    cr_assert_eq(args(&fx, argv), 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.ata[1][0].type, ATA_CDROM);
    cr_assert_str_eq(fx.cfg.ata[1][0].path, iso);
    cr_assert_eq(fx.cfg.boot[0], BOOT_CDROM);
    cr_assert_eq(fx.cfg.boot[1], BOOT_DISK);
    cr_assert_str_eq(fx.cfg.append, "console=ttyS0");
    cr_assert_eq(fx.cfg.com[0].mode, SER_FILE);
    cr_assert_str_eq(fx.cfg.com[0].dev, "out.txt");
    cr_assert_eq(fx.cfg.gdb_port, 1234);
    cr_assert(fx.cfg.trace);
    cr_assert_str_eq(fx.cfg.trace_file, "trace.txt");
    cr_assert_str_eq(fx.cfg.debugger_rc, k);
    cr_assert(fx.cfg.debugger);
    cr_assert_eq(fx.cfg.display, DISPLAY_TERM);
    cr_assert_eq(fx.cfg.display_scale, 3);
    fx_fini(&fx);
}

Test(cmdline, gdb_port_and_trace_without_file)
{
    struct fixture fx;
    fx_init(&fx);
    char *argv[] = {"emu", "--gdb", "5555", "--trace", "megs: 4", NULL};
    cr_assert_eq(args(&fx, argv), 0, "%s", fx_messages(&fx));
    cr_assert_eq(fx.cfg.gdb_port, 5555);
    cr_assert(fx.cfg.trace);
    cr_assert_null(fx.cfg.trace_file);
    cr_assert_eq(fx.cfg.mem_mb, 4); /* "megs: 4" is a configuration line */
    fx_fini(&fx);
}

Test(cmdline, missing_images_are_errors_at_start)
{
    struct fixture fx;
    fx_init(&fx);
    char *argv[] = {"emu", "--hda", "/nonexistent/disk.img", NULL};
    cr_assert_eq(args(&fx, argv), -1);
    fx_fini(&fx);

    fx_init(&fx);
    const char *rc = fx_file(&fx, "bochsrc", "floppya: 1_44=/nonexistent/a.img, status=inserted\n");
    char *argv2[] = {"emu", "-f", (char *)rc, NULL};
    cr_assert_eq(args(&fx, argv2), -1);
    cr_assert(strstr(fx_messages(&fx), "/bochsrc:1: floppya: /nonexistent/a.img: No such file or directory"),
              "%s", fx_messages(&fx));
    fx_fini(&fx);

    /* a host drive that is not there is an empty drive, with a warning */
    fx_init(&fx);
    rc = fx_file(&fx, "bochsrc", "ata0-slave: type=cdrom, path=/dev/emu-no-such-cdrom, status=inserted\n");
    char *argv3[] = {"emu", "-f", (char *)rc, NULL};
    cr_assert_eq(args(&fx, argv3), 0, "%s", fx_messages(&fx));
    cr_assert_not(fx.cfg.ata[0][1].inserted);
    cr_assert_eq(fx.cfg.nwarnings, 1);
    fx_fini(&fx);
}

/* A binary file or device named as a bochsrc: one error, no endless read. */
Test(bochsrc, binary_input)
{
    struct fixture fx;
    fx_init(&fx);
    char path[300];
    snprintf(path, sizeof path, "%s/binary", fx.dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fwrite("megs: 16\nmegs: 3\0 junk\n", 1, 24, f);
    fclose(f);
    cr_assert_eq(config_load_file(&fx.cfg, path), -1);
    cr_assert(strstr(fx_messages(&fx), "/binary:2: NUL byte in the file (expected text)"), "%s", fx_messages(&fx));
    fx_fini(&fx);

    fx_init(&fx);
    snprintf(path, sizeof path, "%s/long", fx.dir);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("# fine\n", f);
    for (int i = 0; i < 70000; i++)
        fputc('x', f);
    fclose(f);
    cr_assert_eq(config_load_file(&fx.cfg, path), -1);
    cr_assert(strstr(fx_messages(&fx), "/long:2: line longer than 65536 characters"), "%s", fx_messages(&fx));
    fx_fini(&fx);

    fx_init(&fx);
    cr_assert_eq(load(&fx, "#include /dev/zero\n"), -1);
    cr_assert(strstr(fx_messages(&fx), "/dev/zero:1: NUL byte"), "%s", fx_messages(&fx));
    fx_fini(&fx);
}
