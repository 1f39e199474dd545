/* machine/machine.c: assembling a PC and running it. */
#include "machine/machine.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bios/roms.h"
#include "cpu/cpu.h"
#include "debug/debug.h"
#include "gui/display.h"
#include "iodev/device.h"
#include "iodev/ata.h"
#include "iodev/biosdebug.h"
#include "iodev/fwcfg.h"
#include "iodev/dma.h"
#include "iodev/floppy.h"
#include "iodev/pci.h"
#include "iodev/acpi.h"
#include "iodev/cmos.h"
#include "iodev/irq.h"
#include "iodev/kbd.h"
#include "iodev/pic.h"
#include "iodev/pit.h"
#include "iodev/serial.h"
#include "iodev/sysctl.h"
#include "machine/acpi_tables.h"
#include "iodev/image.h"
#include "machine/loader.h"
#include "machine/signals.h"
#include "machine/snapshot.h"
#include "machine/timer.h"
#include "machine/timerq.h"
#include "memory/phys.h"
#include "iodev/apic_bus.h"
#include "iodev/vga.h"

#define ROM_MAX (256u * 1024)
#define ROMIMAGE_MAX (4u << 20) /* romimage: up to 4 MiB below 4 GiB, as Bochs */
#define ROM_LOW_MAX 0x20000u    /* the part of it also seen at E0000-FFFFF */

static uint32_t bus_in(struct machine *m, uint16_t port, int size) { return io_in(&m->io, port, size); }
static void bus_out(struct machine *m, uint16_t port, int size, uint32_t v) { io_out(&m->io, port, size, v); }

/* Reads a whole file (up to max + 1 bytes, so that a caller can tell it is
 * too large); prints one error naming it on failure. */
static uint8_t *read_file(const char *path, size_t *len, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "emu: %s: read error\n", path);
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

static int map_rom(struct machine *m, const uint8_t *data, size_t len, const char *name)
{
    if (len == 0) {
        fprintf(stderr, "emu: %s: ROM image is empty\n", name);
        return -1;
    }
    if (len > ROM_MAX) {
        fprintf(stderr, "emu: %s: ROM image is larger than %u KiB\n", name, ROM_MAX / 1024);
        return -1;
    }
    if (len % 2048) {
        fprintf(stderr, "emu: %s: ROM size %zu is not a multiple of 2 KiB (truncated image?)\n", name, len);
        return -1;
    }
    /* the reset vector is the last 16 bytes: top of the first MiB and of 4 GiB */
    if (phys_map_rom(m->phys, 0x100000 - len, data, len, "rom-low") < 0 ||
        phys_map_rom(m->phys, 0x100000000ull - len, data, len, "rom-high") < 0) {
        fprintf(stderr, "emu: %s: cannot map ROM\n", name);
        return -1;
    }
    return 0;
}

/* The VGA BIOS at C0000: vgaromimage: file=, or emu's own (bios/vgabios.asm). */
static int map_vga_rom(struct machine *m)
{
    const struct config *cfg = m->cfg;
    if (!cfg->vgaromimage) {
        size_t len = (size_t)(emu_vgabios_rom_end - emu_vgabios_rom);
        return phys_map_rom(m->phys, 0xC0000, emu_vgabios_rom, len, "vga-rom");
    }
    size_t len;
    uint8_t *data = read_file(cfg->vgaromimage, &len, ROM_MAX);
    if (!data)
        return -1;
    int r = -1;
    if (len == 0 || len > 0x20000 || len % 512)
        fprintf(stderr, "emu: %s: a VGA ROM image must be a multiple of 512 bytes up to 128 KiB\n", cfg->vgaromimage);
    else if ((r = phys_map_rom(m->phys, 0xC0000, data, len, "vga-rom")) < 0)
        fprintf(stderr, "emu: %s: cannot map the VGA ROM\n", cfg->vgaromimage);
    free(data);
    return r;
}

/* romimage: file= [address=]: the image ends at 4 GiB (address= 0 means
 * 4 GiB - size; Bochs's older address=0xE0000/0xF0000 form, ending at
 * 1 MiB, names the same place), and its last 128 KiB are also at
 * E0000-FFFFF, where the chipset decodes the BIOS below 1 MiB. */
static int map_romimage(struct machine *m)
{
    const struct config *cfg = m->cfg;
    const char *name = cfg->romimage;
    size_t len;
    uint8_t *data = read_file(name, &len, ROMIMAGE_MAX);
    if (!data)
        return -1;
    int r = -1;
    uint64_t addr = cfg->romimage_address;
    if (len == 0 || len > ROMIMAGE_MAX || len % 0x10000) {
        fprintf(stderr, "emu: %s: a BIOS image (romimage:) must be a multiple of 64 KiB up to %u MiB, not %zu bytes\n",
                name, ROMIMAGE_MAX >> 20, len);
    } else if (addr && addr + len != 0x100000000ull && addr + len != 0x100000) {
        fprintf(stderr, "emu: %s: romimage: address=0x%llx: the %zu KiB image must end at 4 GiB (address=0x%llx) or at 1 MiB\n",
                name, (unsigned long long)addr, len / 1024, (unsigned long long)(0x100000000ull - len));
    } else {
        size_t low = len < ROM_LOW_MAX ? len : ROM_LOW_MAX;
        if (phys_map_rom(m->phys, 0x100000000ull - len, data, len, "rom-high") < 0 ||
            phys_map_rom(m->phys, 0x100000 - low, data + len - low, low, "rom-low") < 0)
            fprintf(stderr, "emu: %s: cannot map the BIOS image\n", name);
        else
            r = 0;
    }
    free(data);
    return r;
}

/* optromimage1-4: file= address=: ISA option ROMs in C0000-EFFFF (the BIOS
 * finds them by their 55AAh signature). */
static int map_optroms(struct machine *m)
{
    const struct config *cfg = m->cfg;
    for (int i = 0; i < 4; i++) {
        const char *name = cfg->optrom[i];
        if (!name)
            continue;
        size_t len;
        uint8_t *data = read_file(name, &len, 0x30000);
        if (!data)
            return -1;
        uint64_t addr = cfg->optrom_addr[i];
        int r = -1;
        if (len == 0 || len % 512 || len > 0x30000)
            fprintf(stderr, "emu: %s: an option ROM image (optromimage%d:) must be a multiple of 512 bytes up to 192 KiB\n",
                    name, i + 1);
        else if (addr < 0xC0000 || addr % 2048 || addr + len > 0xF0000)
            fprintf(stderr, "emu: %s: optromimage%d: address=0x%llx: the ROM must start on a 2 KiB boundary and lie in C0000-EFFFF\n",
                    name, i + 1, (unsigned long long)addr);
        else if ((r = phys_map_rom(m->phys, addr, data, len, "optrom")) < 0)
            fprintf(stderr, "emu: %s: cannot map the option ROM\n", name);
        free(data);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* i440FX PAM registers -> shadow RAM in the physical map */
static void pam_changed(void *opaque, uint32_t base, uint32_t size, bool read_ram, bool write_ram)
{
    phys_set_pam(opaque, base, size, read_ram, write_ram);
}

/* Something for the BIOS to boot: a floppy, a hard disk or a CD-ROM drive. */
static bool has_boot_media(const struct config *cfg)
{
    for (int i = 0; i < 2; i++)
        if (cfg->floppy[i].path)
            return true;
    for (int ch = 0; ch < 4; ch++)
        for (int d = 0; d < 2; d++)
            if (cfg->ata[ch][d].type != ATA_NONE)
                return true;
    return false;
}

struct machine *machine_new(const struct config *cfg)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = cfg;
    m->log_level = cfg->log_level;
    if (cfg->log_file) {
        m->log_out = fopen(cfg->log_file, "w");
        if (!m->log_out) {
            fprintf(stderr, "emu: log file %s: %s\n", cfg->log_file, strerror(errno));
            goto fail;
        }
    }
    m->io.mach = m;
    if (!strcmp(cfg->e9_path, "stdout")) {
        m->e9_out = stdout;
    } else if (!strcmp(cfg->e9_path, "stderr")) {
        m->e9_out = stderr;
    } else {
        m->e9_out = fopen(cfg->e9_path, "wb");
        if (!m->e9_out) {
            fprintf(stderr, "emu: --e9 %s: %s\n", cfg->e9_path, strerror(errno));
            goto fail;
        }
        m->e9_owned = true;
    }
    m->phys = phys_new(cfg->mem_mb << 20);
    if (!m->phys) {
        fprintf(stderr, "emu: cannot allocate %llu MiB of guest RAM\n", (unsigned long long)cfg->mem_mb);
        goto fail;
    }
    if (cfg->rom_path) {
        size_t len;
        uint8_t *data = read_file(cfg->rom_path, &len, ROM_MAX);
        if (!data)
            goto fail;
        int r = map_rom(m, data, len, cfg->rom_path);
        free(data);
        if (r < 0)
            goto fail;
    } else if (cfg->romimage) {
        if (map_romimage(m) < 0)
            goto fail;
    } else if (has_boot_media(cfg) || cfg->kernel) {
        /* emu's own BIOS (bios/bios.asm) boots the configured disks */
        size_t len = (size_t)(emu_bios_rom_end - emu_bios_rom);
        if (map_rom(m, emu_bios_rom, len, "built-in BIOS") < 0)
            goto fail;
    } else {
        size_t len = (size_t)(emu_demo_rom_end - emu_demo_rom);
        if (map_rom(m, emu_demo_rom, len, "built-in demo ROM") < 0)
            goto fail;
    }
    if (map_vga_rom(m) < 0 || map_optroms(m) < 0)
        goto fail;
    /* ACPI, MP and SMBIOS tables in emu's own BIOS (machine/acpi_tables.c) */
    fwtables_install(m);
    m->timers = timerq_new(m);
    if (!m->timers)
        goto fail;
    m->cpu = cpu_new(m, m->phys);
    if (!m->cpu) {
        fprintf(stderr, "emu: cannot create the CPU\n");
        goto fail;
    }
    m->cpu->port_in = bus_in;
    m->cpu->port_out = bus_out;
    debugport_init(m);
    port92_init(m);
    if (!biosdebug_init(m) || !fwcfg_init(m))
        goto fail;
    ferr_init(m);
    /* interrupt controllers first: devices raise lines from their init */
    if (!pic_init(m))
        goto fail;
    /* the PCI bus before the functions that register on it (VGA, IDE) */
    if (cfg->pci_enabled) {
        pci_init(m);
        pci_set_pam_hook(m, pam_changed, m->phys);
    }
    dma_init(m);
    if (floppy_init(m) < 0 || ata_init(m) < 0)
        goto fail;
    if (!lapic_init(m) || !ioapic_init(m) || !vga_init(m))
        goto fail;
    irq_connect_cpu(m);
    if (!pit_init(m) || !cmos_init(m) || !acpi_init(m))
        goto fail;
    sysctl_init(m);
    if (!kbd_init(m) || serial_init(m) < 0)
        goto fail;
    if (dbg_init(m) < 0)
        goto fail;
    /* --kernel: load it and start it without the BIOS (machine/loader.c) */
    if (cfg->kernel && loader_boot(m) < 0)
        goto fail;
    /* SIGINT/SIGTERM end the run cleanly from here on (a window may be
     * up before the run loop starts) */
    signals_install();
    /* the display last: it reads the VGA and feeds the keyboard */
    if (display_open(m) < 0)
        goto fail;
    return m;
fail:
    machine_free(m);
    return NULL;
}

void machine_add_device(struct machine *m, const struct device_ops *ops, void *opaque)
{
    if (m->ndevices >= MACHINE_MAX_DEVICES) {
        log_msg(m, LOG_PANIC, "machine", "too many devices (%s)", ops->name);
        abort();
    }
    m->devices[m->ndevices].ops = ops;
    m->devices[m->ndevices].opaque = opaque;
    m->ndevices++;
}

void *machine_find_device(struct machine *m, const char *name)
{
    for (int i = 0; i < m->ndevices; i++)
        if (!strcmp(m->devices[i].ops->name, name))
            return m->devices[i].opaque;
    return NULL;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    display_close(m);
    for (int i = m->ndevices - 1; i >= 0; i--)
        if (m->devices[i].ops->destroy)
            m->devices[i].ops->destroy(m->devices[i].opaque);
    dbg_free(m);
    cpu_free(m->cpu);
    m->cpu = NULL;
    timerq_free(m->timers);
    phys_free(m->phys);
    if (m->log_out)
        fclose(m->log_out);
    if (m->e9_owned && m->e9_out)
        fclose(m->e9_out);
    else if (m->e9_out)
        fflush(m->e9_out);
    free(m);
}

void machine_request_exit(struct machine *m, int status)
{
    if (!m->exit_requested) {
        m->exit_requested = true;
        m->exit_status = status;
    }
    if (m->cpu)
        m->cpu->stop = true;
}

void machine_reset_cpu(struct machine *m)
{
    cpu_reset(m->cpu);
    m->cpu->stop = true; /* leave the run loop: the CPU state changed under it */
}

void machine_reset(struct machine *m)
{
    for (int i = 0; i < m->ndevices; i++)
        if (m->devices[i].ops->reset)
            m->devices[i].ops->reset(m->devices[i].opaque);
    m->port92 = 0;
    phys_set_a20(m->phys, true);
    machine_reset_cpu(m);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Would the CPU take an interrupt now (it is halted and waiting)? */
static bool can_wake(struct cpu *c)
{
    if (c->nmi_pending)
        return true;
    return (c->eflags & F_IF) && c->intr_pending && c->intr_pending(c->mach);
}

/* clock: sync=realtime: virtual time follows the host clock. Virtual time
 * ahead of the host (the CPU runs faster than ips) sleeps the difference;
 * virtual time behind by more than a little (the CPU is slower than ips)
 * jumps forward, as Bochs does, so guest clocks stay right. */
struct rt_sync {
    bool on;
    double host0;      /* host seconds at virtual time vns0 */
    uint64_t vns0;
};

static void sleep_ns(uint64_t ns)
{
    struct timespec ts = {.tv_sec = (time_t)(ns / 1000000000u), .tv_nsec = (long)(ns % 1000000000u)};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void rt_catch_up(struct machine *m, struct rt_sync *rt)
{
    uint64_t vns = machine_now_ns(m) - rt->vns0;
    double host = (now() - rt->host0) * 1e9;
    if ((double)vns > host + 2e6) {
        sleep_ns((uint64_t)((double)vns - host));
    } else if ((double)vns + 50e6 < host) {
        uint64_t behind = (uint64_t)(host - (double)vns);
        timerq_skip(m->timers, timerq_ns_to_ticks(m->timers, behind));
    }
}

int machine_run(struct machine *m)
{
    struct cpu *c = m->cpu;
    struct timerq *q = m->timers;
    const struct config *cfg = m->cfg;
    /* a slice ends at the next deadline; with no timer armed it still ends
     * now and then so that the real-time clock and the host stay in step */
    const uint64_t slice = 1u << 20;
    double t0 = now();
    int status = EXIT_OK;
    struct rt_sync rt = {.on = cfg->clock_sync != SYNC_NONE, .host0 = t0, .vns0 = machine_now_ns(m)};
    signals_install();
    image_set_commit(cfg->commit_undoable);
    if (cfg->restore_path && snapshot_restore(m, cfg->restore_path) < 0)
        return EXIT_USAGE;
    bool snap_due = cfg->snapshot_path && cfg->snapshot_at;
    for (;;) {
        if (snap_due && c->icount >= cfg->snapshot_at) {
            snap_due = false;
            if (snapshot_save(m, cfg->snapshot_path) < 0) {
                status = EXIT_USAGE;
                break;
            }
        }
        uint64_t idle = timerq_now_ticks(q) - c->icount;
        uint64_t next = timerq_next_tick(q);
        uint64_t budget = c->icount + slice;
        if (next != UINT64_MAX) {
            uint64_t at = next > idle ? next - idle : 0;
            if (at < c->icount)
                at = c->icount;
            if (at < budget)
                budget = at;
        }
        if (cfg->max_insns && budget > cfg->max_insns)
            budget = cfg->max_insns;
        if (snap_due && budget > cfg->snapshot_at)
            budget = cfg->snapshot_at;
        c->insn_budget = budget;
        c->stop = false;
        /* debug/: the instrumented loop only while debugging is on
         * (DESIGN.md "Debugging without cost") */
        if (m->dbg)
            dbg_run(m);
        else
            cpu_run(c);
        signals_poll(m);
        if (!m->exit_requested)
            timerq_run_due(q);
        if (m->exit_requested) {
            status = m->exit_status;
            break;
        }
        if (cfg->max_insns && c->icount >= cfg->max_insns) {
            log_info(m, "machine", "stopped after %llu instructions (--max-insns)",
                     (unsigned long long)c->icount);
            status = EXIT_MAX_INSNS;
            break;
        }
        if (rt.on)
            rt_catch_up(m, &rt);
        if (!c->halted || c->intr_shadow || can_wake(c))
            continue;
        /* HLT: nothing to do until the next event. */
        next = timerq_next_tick(q);
        if (!(c->eflags & F_IF) || next == UINT64_MAX || !timerq_may_wake(q)) {
            log_info(m, "machine", "CPU halted at %04X:%08llX with nothing to wake it%s",
                     c->seg[SEG_CS].sel, (unsigned long long)c->rip,
                     (c->eflags & F_IF) ? "" : " (interrupts disabled)");
            status = EXIT_HALTED;
            break;
        }
        uint64_t nowt = timerq_now_ticks(q);
        if (next > nowt) {
            if (rt.on) {
                /* sleep the host thread until the deadline instead of spinning */
                double host = (now() - rt.host0) * 1e9;
                uint64_t vdl = timerq_ticks_to_ns(q, next) - rt.vns0;
                if ((double)vdl > host)
                    sleep_ns((uint64_t)((double)vdl - host));
            }
            timerq_skip(q, next - nowt);
        }
        timerq_run_due(q);
        if (m->exit_requested) {
            status = m->exit_status;
            break;
        }
    }
    if (cfg->snapshot_path && !cfg->snapshot_at && snapshot_save(m, cfg->snapshot_path) < 0 && status == EXIT_OK)
        status = EXIT_USAGE;
    else if (snap_due)
        fprintf(stderr, "emu: %s: the run ended before instruction %llu: no snapshot saved\n",
                cfg->snapshot_path, (unsigned long long)cfg->snapshot_at);
    double dt = now() - t0;
    if (cfg->stats) {
        fflush(stdout);
        fprintf(stderr, "emu: %llu instructions in %.3f s: %.1f MIPS; virtual time %.6f s\n",
                (unsigned long long)c->icount, dt, dt > 0 ? (double)c->icount / dt / 1e6 : 0.0,
                (double)machine_now_ns(m) * 1e-9);
    }
    if (m->e9_out)
        fflush(m->e9_out);
    if (vga_exit_outputs(m) < 0 && status == EXIT_OK)
        status = EXIT_USAGE;
    return status;
}
