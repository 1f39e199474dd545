/* tests/unit/devtest.h: helpers for device unit tests: a whole machine
 * built from a configuration, port access without a CPU, virtual time
 * advanced by hand, scratch disk images. */
#ifndef EMU_TESTS_UNIT_DEVTEST_H
#define EMU_TESTS_UNIT_DEVTEST_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "iodev/bus.h"
#include "machine/machine.h"
#include "machine/timerq.h"
#include "memory/phys.h"

static inline struct machine *dt_machine(struct config *cfg)
{
    cfg->e9_path = "stderr";
    struct machine *m = machine_new(cfg);
    cr_assert_not_null(m, "machine_new failed");
    return m;
}

static inline uint8_t dt_inb(struct machine *m, uint16_t p) { return (uint8_t)io_in(&m->io, p, 1); }
static inline uint16_t dt_inw(struct machine *m, uint16_t p) { return (uint16_t)io_in(&m->io, p, 2); }
static inline uint32_t dt_inl(struct machine *m, uint16_t p) { return io_in(&m->io, p, 4); }
static inline void dt_outb(struct machine *m, uint16_t p, uint8_t v) { io_out(&m->io, p, 1, v); }
static inline void dt_outw(struct machine *m, uint16_t p, uint16_t v) { io_out(&m->io, p, 2, v); }
static inline void dt_outl(struct machine *m, uint16_t p, uint32_t v) { io_out(&m->io, p, 4, v); }

/* Lets ns of virtual time pass and fires the timers that came due. */
static inline void dt_run(struct machine *m, uint64_t ns)
{
    timerq_skip(m->timers, timerq_ns_to_ticks(m->timers, ns));
    timerq_run_due(m->timers);
}

/* Byte i of a pattern image: sector number mixed with the offset, so
 * that every sector differs. */
static inline uint8_t dt_pattern(uint64_t i) { return (uint8_t)((i / 512) * 7 + (i % 512)); }

/* A scratch image of size bytes filled with dt_pattern; the name is
 * written to path (at least 64 bytes). */
static inline void dt_image(char *path, uint64_t size)
{
    strcpy(path, "/tmp/emu-test-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    for (uint64_t i = 0; i < size; i++)
        fputc(dt_pattern(i), f);
    fclose(f);
}

#endif
