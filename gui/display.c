/* gui/display.c: the machine's side of the display.
 *
 * Picks the back-end from the configuration, refreshes it from a
 * virtual-time timer at vga: update_freq, hands input to the keyboard
 * controller, keeps the status line (IPS, disk activity) and takes
 * screenshots. Back-ends see only the framebuffer and the text screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cpu/cpu.h"
#include "gui/display.h"
#include "iodev/input.h"
#include "machine/machine.h"
#include "machine/snapshot.h"
#include "machine/timer.h"

#define NUNITS 6
#define DISK_LIT_SECONDS 0.25

struct display_core {
    struct display d;  /* first: m->display points here */
    struct timer *timer;
    uint64_t period_ns;
    double min_wall;    /* seconds between two presentations */
    double last_present;
    /* status line */
    double last_status;
    uint64_t last_icount;
    double disk_until[NUNITS];
    bool disk_write[NUNITS];
    char status[160];
    unsigned shot_seq;
    uint16_t shortcut[8]; /* keyboard: user_shortcut=, as set-1 codes */
    int nshortcut;
};

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct display_core *core(struct machine *m) { return (struct display_core *)m->display; }

static void tick(void *opaque)
{
    struct machine *m = opaque;
    display_refresh(m);
    struct display_core *dc = core(m);
    if (dc && dc->timer)
        timer_arm(dc->timer, dc->period_ns);
}

int display_open(struct machine *m)
{
    const struct config *cfg = m->cfg;
    const struct display_ops *ops = &display_nogui_ops;
    if (cfg->display == DISPLAY_TERM)
        ops = &display_term_ops;
    else if (cfg->display == DISPLAY_SDL2) {
#ifdef HAVE_SDL2
        ops = &display_sdl2_ops;
#else
        if (!cfg->display_fallback) {
            fprintf(stderr, "emu: --display sdl2: this emu was built without SDL2 (install libsdl2-dev and "
                            "rebuild); use --display none or term\n");
            return -1;
        }
#endif
    }
    struct display_core *dc = calloc(1, sizeof *dc);
    if (!dc) {
        fprintf(stderr, "emu: out of memory\n");
        return -1;
    }
    dc->d.ops = ops;
    dc->d.m = m;
    const char *sc = cfg->keyboard_shortcut ? cfg->keyboard_shortcut : "ctrl-alt-del";
    dc->nshortcut = keymap_shortcut(sc, dc->shortcut, 8);
    if (dc->nshortcut < 0) {
        fprintf(stderr, "emu: keyboard: user_shortcut=%s: expected up to 8 key names joined by '-' (alt, ctrl, "
                        "shift, win, del, esc, enter, tab, space, bksp, f1-f12, ins, home, end, pgup, pgdwn, "
                        "up, down, left, right, ...)\n",
                sc);
        free(dc);
        return -1;
    }
    if (ops->open && ops->open(&dc->d, cfg) < 0) {
        free(dc);
        return -1;
    }
    m->display = &dc->d;
    uint32_t hz = cfg->vga_update_freq ? cfg->vga_update_freq : 30;
    dc->period_ns = 1000000000ull / hz;
    dc->min_wall = 1.0 / hz;
    dc->last_status = wall();
    /* headless: nothing to show and nothing to read, so no timer (it would
     * also keep a halted machine ticking) */
    if (ops != &display_nogui_ops) {
        dc->timer = timer_new(m, "display", tick, m);
        if (!dc->timer) {
            display_close(m);
            fprintf(stderr, "emu: cannot create the display timer\n");
            return -1;
        }
        timer_arm(dc->timer, dc->period_ns);
    }
    return 0;
}

void display_close(struct machine *m)
{
    struct display_core *dc = core(m);
    if (!dc)
        return;
    if (dc->timer)
        timer_free(dc->timer);
    if (dc->d.ops->close)
        dc->d.ops->close(&dc->d);
    m->display = NULL;
    free(dc);
}

void display_disk_activity(struct machine *m, int unit, bool write)
{
    struct display_core *dc = core(m);
    if (!dc || unit < 0 || unit >= NUNITS)
        return;
    dc->disk_until[unit] = wall() + DISK_LIT_SECONDS;
    dc->disk_write[unit] = write;
}

bool display_disk_lit(struct machine *m, int unit, bool *write)
{
    struct display_core *dc = core(m);
    if (!dc || unit < 0 || unit >= NUNITS || dc->disk_until[unit] <= wall())
        return false;
    if (write)
        *write = dc->disk_write[unit];
    return true;
}

int display_screenshot(struct machine *m, const char *path)
{
    const struct framebuffer *fb = vga_framebuffer(m);
    char name[64];
    struct display_core *dc = core(m);
    if (!path) {
        /* the first emu-screenshot-N.png that does not exist yet */
        unsigned n = dc ? dc->shot_seq : 0;
        do
            snprintf(name, sizeof name, "emu-screenshot-%u.png", ++n);
        while (access(name, F_OK) == 0 && n < 100000);
        if (dc)
            dc->shot_seq = n;
        path = name;
    }
    if (!fb) {
        fprintf(stderr, "emu: %s: this machine has no display adapter to take a screenshot of\n", path);
        return -1;
    }
    if (png_write_framebuffer(path, fb) < 0)
        return -1;
    log_info(m, "display", "screenshot written to %s", path);
    return 0;
}

static void update_status(struct machine *m, struct display_core *dc, double t)
{
    static const char *const names[NUNITS] = {"HD0", "HD1", "HD2", "HD3", "FDA", "FDB"};
    double dt = t - dc->last_status;
    /* the first status goes up with the first frame, then twice a second */
    if (dt < 0.5 && dc->status[0])
        return;
    uint64_t ic = m->cpu ? m->cpu->icount : 0;
    double ips = dt > 0 ? (double)(ic - dc->last_icount) / dt : 0.0;
    dc->last_icount = ic;
    dc->last_status = t;
    size_t n = 0;
    if (!m->cfg->display_hide_ips)
        n += (size_t)snprintf(dc->status + n, sizeof dc->status - n, "%.1f MIPS", ips / 1e6);
    for (int u = 0; u < NUNITS && n < sizeof dc->status; u++)
        if (dc->disk_until[u] > t)
            n += (size_t)snprintf(dc->status + n, sizeof dc->status - n, "%s%s %c", n ? "  " : "", names[u],
                                  dc->disk_write[u] ? 'W' : 'R');
    if (dc->d.ops->set_status)
        dc->d.ops->set_status(&dc->d, dc->status);
}

static void dispatch(struct machine *m, const struct input_event *ev)
{
    switch (ev->kind) {
    case IN_KEY:
        if (ev->scancode)
            input_key(m, ev->scancode, ev->down);
        break;
    case IN_MOUSE:
        if (m->cfg->mouse_enabled)
            input_mouse(m, ev->dx, ev->dy, ev->dz, ev->buttons);
        break;
    case IN_QUIT:
        log_info(m, "display", "window closed: ending the run");
        machine_request_exit(m, EXIT_OK);
        break;
    case IN_SCREENSHOT:
        display_screenshot(m, NULL);
        break;
    case IN_SHORTCUT:
        /* the keys down in order, then up in reverse */
        for (int i = 0; i < core(m)->nshortcut; i++)
            input_key(m, core(m)->shortcut[i], true);
        for (int i = core(m)->nshortcut - 1; i >= 0; i--)
            input_key(m, core(m)->shortcut[i], false);
        break;
    case IN_SNAPSHOT: {
        /* the first emu-snapshot-N.snap that does not exist yet */
        char name[64];
        unsigned n = 0;
        do
            snprintf(name, sizeof name, "emu-snapshot-%u.snap", ++n);
        while (access(name, F_OK) == 0 && n < 100000);
        if (snapshot_save(m, name) == 0)
            log_info(m, "display", "snapshot written to %s", name);
        break;
    }
    case IN_NONE:
        break;
    }
}

void display_refresh(struct machine *m)
{
    struct display_core *dc = core(m);
    if (!dc)
        return;
    struct input_event ev;
    while (dc->d.ops->poll_input && dc->d.ops->poll_input(&dc->d, &ev))
        dispatch(m, &ev);
    /* the timer runs in virtual time, which may be much faster than the
     * host's: present at most update_freq times per wall-clock second */
    double t = wall();
    if (t - dc->last_present < dc->min_wall)
        return;
    dc->last_present = t;
    update_status(m, dc, t);
    if (!dc->d.ops->update)
        return;
    const struct framebuffer *fb = vga_framebuffer(m);
    struct text_screen ts;
    bool text = vga_text_screen(m, &ts);
    if (fb || text)
        dc->d.ops->update(&dc->d, fb, text ? &ts : NULL);
}
