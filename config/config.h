/* config/config.h: one struct config, built from a bochsrc (-f FILE), the
 * extra configuration lines on the command line and the command-line
 * options. Every room reads its settings from here; nothing else parses
 * user input. `char *` strings are owned by the config (strdup'ed, freed by
 * config_free); `const char *` ones point into argv. */
#ifndef EMU_CONFIG_CONFIG_H
#define EMU_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* DISPLAY_TERM: headless, mirroring the VGA text screen to the terminal */
enum display_kind { DISPLAY_NONE = 0, DISPLAY_SDL2, DISPLAY_TERM };
/* debug/info/error/panic: action= (Bochs's "ask" has no prompt in emu: fatal) */
enum log_action { LOGACT_IGNORE = 0, LOGACT_REPORT, LOGACT_WARN, LOGACT_FATAL };

/* ata*-master/slave: type= */
enum ata_type { ATA_NONE = 0, ATA_DISK, ATA_CDROM };
/* disk image modes (Bochs: flat, volatile, growing, vpc, vmware4, ...) */
enum image_mode { IMG_FLAT = 0, IMG_VOLATILE, IMG_GROWING, IMG_SPARSE, IMG_VPC, IMG_VMDK, IMG_VVFAT, IMG_UNDOABLE };
/* translation= for ATA disks */
enum ata_translation { TRANS_AUTO = 0, TRANS_NONE, TRANS_LBA, TRANS_LARGE, TRANS_RECHS };
enum boot_dev { BOOT_NONE = 0, BOOT_FLOPPY, BOOT_DISK, BOOT_CDROM, BOOT_NETWORK };
enum clock_sync { SYNC_NONE = 0, SYNC_REALTIME, SYNC_SLOWDOWN, SYNC_BOTH };
/* com*: mode= */
enum serial_mode { SER_NULL = 0, SER_FILE, SER_STDOUT, SER_PTY, SER_SOCKET_SERVER, SER_SOCKET_CLIENT, SER_TERM };
/* floppy type= */
enum floppy_type { FLOPPY_AUTO = 0, FLOPPY_360K, FLOPPY_720K, FLOPPY_1_2M, FLOPPY_1_44M, FLOPPY_2_88M,
                  FLOPPY_160K, FLOPPY_180K, FLOPPY_320K };

struct ata_dev_cfg {
    enum ata_type type;
    char *path;
    enum image_mode mode;
    bool read_only;                 /* mode=readonly: flat, guest writes abort */
    uint32_t cylinders, heads, spt; /* 0 = from the image size */
    enum ata_translation translation;
    bool inserted;                  /* status=inserted (CD-ROM) */
    char *model;                    /* model="..." */
    char *journal;                  /* journal= (redo log of undoable/volatile) */
    char *origin;                   /* "FILE:LINE" or "--hda", for messages */
};

struct floppy_cfg {
    char *path;
    enum floppy_type type;
    bool inserted;
    bool write_protected;
    char *origin;                   /* "FILE:LINE" or "--fda", for messages */
};

struct serial_cfg {
    bool enabled;
    enum serial_mode mode;
    char *dev; /* file name, "127.0.0.1:port", pty path */
};

struct config {
    /* the source of each setting is kept for messages */
    const char *config_file;    /* -f FILE */

    /* ROMs and boot */
    const char *rom_path;       /* --rom FILE: raw ROM at the top of 1 MiB and 4 GiB */
    char *romimage;             /* romimage: file= (NULL: built-in BIOS) */
    uint64_t romimage_address;  /* romimage: address= (0: top of 4 GiB) */
    char *vgaromimage;          /* vgaromimage: file= (NULL: built-in VGA BIOS) */
    char *optrom[4];            /* optromimage1-4: file= */
    uint64_t optrom_addr[4];
    enum boot_dev boot[3];      /* boot: floppy, disk, cdrom */
    bool floppy_sig_check;      /* floppy_bootsig_check: disabled=0 */

    /* direct boot (QEMU's -kernel) */
    char *kernel, *initrd, *append;

    /* memory and CPU */
    uint64_t mem_mb;            /* megs / memory: guest= / --memory */
    uint64_t host_mem_mb;       /* memory: host= */
    char *cpu_model;            /* cpu: model= */
    uint64_t ips;               /* cpu: ips= (instructions per emulated second) */
    bool reset_on_triple_fault; /* cpu: reset_on_triple_fault= */
    bool ignore_bad_msrs;       /* cpu: ignore_bad_msrs= */

    /* time */
    enum clock_sync clock_sync; /* clock: sync= */
    int64_t time0;              /* clock: time0= (seconds since 1970; 0 = now) */
    bool time0_local;           /* time0=local */
    bool rtc_sync;              /* clock: rtc_sync= */

    /* disks and ports */
    struct ata_dev_cfg ata[4][2];   /* ata0-master .. ata3-slave */
    bool ata_channel_enabled[4];
    uint16_t ata_ioaddr1[4], ata_ioaddr2[4];
    uint8_t ata_irq[4];
    struct floppy_cfg floppy[2];    /* floppya, floppyb */
    struct serial_cfg com[4];       /* com1-com4 */

    /* display and input */
    enum display_kind display;  /* display_library / --display */
    char *display_options;      /* display_library: ..., options="..." */
    char *vga_extension;        /* vga: extension= (vbe, cirrus, none) */
    uint32_t vga_update_freq;   /* vga: update_freq= */
    char *keyboard_keymap;
    char *mouse_type;
    bool mouse_enabled;
    char *screenshot_path;      /* --screenshot FILE (PNG at exit) */
    char *text_dump_path;       /* --text-dump FILE (text screen at exit) */
    bool fb_checksum;           /* --fb-checksum: CRC-32 of the rendered screen to stderr at exit */

    /* debugging */
    bool port_e9_hack;          /* port_e9_hack: enabled= (always on for --rom) */
    const char *e9_path;        /* --e9 stdout|FILE (default stdout) */
    bool magic_break;           /* magic_break: enabled=1 */
    bool debugger;              /* -d / --debugger */
    char *debugger_rc;          /* -rc FILE */
    int gdb_port;               /* gdbstub: port= / --gdb [PORT]; 0 = off */
    char *log_file;             /* log: FILE */
    char *debugger_log;         /* debugger_log: FILE */
    int log_level;              /* --log-level debug|info|error */
    bool trace;                 /* --trace: print each instruction */

    /* run control */
    uint64_t max_insns;         /* --max-insns N (0 = no limit) */
    const char *snapshot_path;  /* --save-snapshot FILE (machine/snapshot.h) */
    uint64_t snapshot_at;       /* --snapshot-at N: save when N instructions have retired */
    const char *restore_path;   /* --restore FILE: start from a snapshot */
    bool stats;                 /* --stats */
    bool commit_undoable;       /* --commit: merge undoable redologs into their base at exit */
    const char *inject_keys;    /* --inject-keys "US:CODE,...": key presses at virtual times */
    bool quick_start;           /* -q */
    bool check_config;          /* --check-config: read, check files, exit 0 */
    bool pci_enabled;           /* pci: enabled= */
    char *pci_chipset;          /* pci: chipset= */
    char *pci_slot[5];          /* pci: slot1-5= (device names) */

    /* more of Bochs's settings (config/options.c) */
    char *romimage_options;     /* romimage: options= (e.g. fastboot) */
    bool cpuid_limit_winnt;     /* cpu: cpuid_limit_winnt= */
    bool mwait_is_nop;          /* cpu: mwait_is_nop= */
    uint32_t cpuid_set, cpuid_clear; /* cpuid: switches emu implements (CPUID_SW_*) */
    char *cpuid_simd;           /* cpuid: simd= (none, sse, sse2, ...) */
    char *cpuid_apic;           /* cpuid: apic= (legacy, xapic, x2apic, none) */
    char *cpuid_vendor, *cpuid_brand; /* cpuid: vendor_string=, brand_string= */
    int32_t cpuid_family, cpuid_model, cpuid_stepping, cpuid_level; /* -1: default */
    bool vga_realtime;          /* vga: realtime= */
    char *keyboard_type;        /* keyboard: type= (xt, at, mf) */
    uint32_t kbd_serial_delay;  /* keyboard: serial_delay= (microseconds) */
    uint32_t kbd_paste_delay;   /* keyboard: paste_delay= (microseconds) */
    char *keyboard_shortcut;    /* keyboard: user_shortcut= */
    char *mouse_toggle;         /* mouse: toggle= (ctrl+mbutton, ctrl+f10, ctrl+alt, f12) */
    uint8_t log_action[4];      /* debug/info/error/panic: action=, by enum log_level */
    char *logprefix;            /* logprefix: FORMAT */
    uint64_t gdb_text_base, gdb_data_base, gdb_bss_base; /* gdbstub: *_base= */
    char *trace_file;           /* --trace [FILE] (NULL: stderr) */
    char *serial_spec;          /* --serial MODE[:DEV] as given, for messages */
    uint32_t display_scale;     /* display_library: options="scale=N" / --scale (0: fit) */
    bool display_fullscreen;    /* options="fullscreen" */
    bool display_hide_ips;      /* options="hideIPS" */
    bool display_nokeyrepeat;   /* options="nokeyrepeat" */
    bool display_fallback;      /* SDL2 stands in for another Bochs display:
                                 * headless if emu has no SDL2 */

    /* configuration diagnostics: where warnings and errors go (NULL:
     * stderr) and how many warnings the files produced */
    FILE *diag;
    unsigned nwarnings;
};

/* cpuid: feature switches emu implements (bits of cpuid_set/cpuid_clear) */
enum {
    CPUID_SW_X86_64 = 1u << 0,
    CPUID_SW_MMX = 1u << 1,
    CPUID_SW_SEP = 1u << 2,
    CPUID_SW_1G_PAGES = 1u << 3,
};

/* Exit statuses of emu */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 1,        /* bad option, bad configuration line, unusable file */
    EXIT_HALTED = 2,       /* the CPU halted and nothing can wake it */
    EXIT_MAX_INSNS = 124,  /* --max-insns reached (like timeout(1)) */
};

void config_defaults(struct config *cfg);
/* Parses argv; on error prints one message naming the problem and returns -1.
 * Returns 1 if the program should exit 0 (--help, --version). */
int config_parse_args(struct config *cfg, int argc, char **argv);
/* Frees the strings the configuration owns. */
void config_free(struct config *cfg);

/* config/bochsrc.c: Bochs's configuration format.
 * config_load_file reads FILE (with #include); config_load_line applies one
 * line (as given on the command line); origin names it in messages. Both
 * print one message and return -1 on a malformed line. */
int config_load_file(struct config *cfg, const char *path);
int config_load_line(struct config *cfg, const char *text, const char *origin);
/* Checks that every image and ROM file the configuration names exists
 * (called once everything is parsed); -1 with one message if not. */
int config_check_files(struct config *cfg);

#endif
