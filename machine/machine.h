/* machine/machine.h: a PC assembled from a configuration. */
#ifndef EMU_MACHINE_MACHINE_H
#define EMU_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config/config.h"
#include "iodev/bus.h"
#include "machine/log.h"

struct cpu;
struct phys;
struct device_ops;
struct timerq;
struct pic;
struct ioapic;
struct lapic;
struct display;
struct debugger;
struct pci_bus;
struct dma;

#define MACHINE_MAX_DEVICES 64

struct machine {
    const struct config *cfg;
    struct phys *phys;
    struct cpu *cpu;
    struct iobus io;
    int log_level;
    FILE *log_out;       /* log: FILE (NULL: stderr) */

    FILE *e9_out;        /* port 0xE9 output */
    bool e9_owned;
    int shutdown_idx;    /* progress through "Shutdown" on port 0x8900 */
    uint8_t port92;      /* System Control Port A */

    bool exit_requested; /* a guest asked to end the run */
    int exit_status;

    /* devices (iodev/device.h) */
    struct {
        const struct device_ops *ops;
        void *opaque;
    } devices[MACHINE_MAX_DEVICES];
    int ndevices;

    /* virtual time (machine/timer.c) */
    struct timerq *timers;

    /* interrupt controllers, for the IRQ routing of machine/irq.c */
    struct pic *pic;
    struct ioapic *ioapic;
    struct lapic *lapic;
    /* shared ISA lines: bit n of irq_sources[irq] is the level of source
     * n on that line (irq_set_source); the line is their wired OR */
    uint32_t irq_sources[16];

    /* buses other devices reach (iodev/pci.c, iodev/dma.c) */
    struct pci_bus *pci;
    struct dma *dma;

    /* the display back-end (gui/) */
    struct display *display;

    /* debug/: set only while the debugger, gdb stub or a trace is on */
    struct debugger *dbg;
};

/* Builds the machine from cfg; on error prints a message and returns NULL. */
struct machine *machine_new(const struct config *cfg);
void machine_free(struct machine *m);
/* Runs until exit; returns emu's exit status. */
int machine_run(struct machine *m);
/* Requests the end of the run with an exit status (exit ports, power-off). */
void machine_request_exit(struct machine *m, int status);
/* Resets the CPU (INIT/RESET from a device); memory is kept. */
void machine_reset_cpu(struct machine *m);
/* Hard reset (0xCF9 with SRST, PIIX3): every device's reset, A20 on,
 * then the CPU; memory is kept. */
void machine_reset(struct machine *m);

#endif
