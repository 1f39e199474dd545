/* gui/sdl2.c: the SDL2 window.
 *
 * Shows the VGA's framebuffer (text modes are rendered by the VGA too, so
 * both look the same), scaled to the window: an integer factor with
 * --scale N / options="scale=N", any size when the user resizes the window.
 * The status line (MIPS, disk activity) is the window title. Keys go to the
 * guest as set-1 scancodes by position (gui/keymap.c).
 *
 * Mouse (with mouse: enabled=1): a click in the window captures the mouse
 * for the guest; the release key is chosen by `mouse: toggle=` (Bochs's
 * names):
 *   ctrl+alt (emu's default, as in QEMU), ctrl+mbutton (Bochs's default),
 *   ctrl+f10 or f12.
 * Hot keys (Ctrl+Alt held, not passed to the guest):
 *   Ctrl+Alt+S  screenshot (emu-screenshot-N.png in the current directory)
 *   Ctrl+Alt+F  full screen on/off
 *   Ctrl+Alt+U  send keyboard: user_shortcut= to the guest (default
 *               Ctrl+Alt+Del, which the host would otherwise keep)
 * Closing the window ends the run with exit status 0. */
#include "config.h"

#ifdef HAVE_SDL2
#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "gui/display.h"

#define EVQ 64

enum toggle { TOGGLE_CTRL_ALT = 0, TOGGLE_CTRL_MBUTTON, TOGGLE_CTRL_F10, TOGGLE_F12 };

struct sdl {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    uint32_t tw, th;      /* texture size */
    uint64_t generation;
    uint32_t scale;       /* 0: fit */
    bool fullscreen;
    bool nokeyrepeat;
    bool captured;
    bool mouse;           /* mouse: enabled=1: the guest has a mouse to give the pointer to */
    enum toggle toggle;
    unsigned buttons;
    bool ctrl, alt;       /* left/right Ctrl and Alt held */
    bool toggle_armed;    /* ctrl+alt pressed with no other key since */
    /* converted events waiting for poll_input */
    struct input_event q[EVQ];
    int qhead, qtail;
    char title[200];
};

static void push(struct sdl *s, const struct input_event *ev)
{
    int next = (s->qtail + 1) % EVQ;
    if (next == s->qhead)
        return; /* full: the guest is not reading fast enough; drop */
    s->q[s->qtail] = *ev;
    s->qtail = next;
}

static void set_capture(struct sdl *s, bool on)
{
    s->captured = on;
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    SDL_SetWindowGrab(s->win, on ? SDL_TRUE : SDL_FALSE);
    SDL_SetWindowTitle(s->win, s->title);
}

static int sdl_open(struct display *d, const struct config *cfg)
{
    /* SDL would quietly pick an off-screen or console driver without a
     * display; say what is wrong instead */
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY") && !getenv("SDL_VIDEODRIVER")) {
        fprintf(stderr, "emu: --display sdl2: no display to open a window on ($DISPLAY and $WAYLAND_DISPLAY "
                        "are not set); use --display none or --display term\n");
        return -1;
    }
    /* SIGINT/SIGTERM belong to machine/signals.c (a clean end with images
     * flushed and status 128 + signal), not to SDL's quit event */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        fprintf(stderr, "emu: --display sdl2: cannot open a window: %s\n", SDL_GetError());
        return -1;
    }
    struct sdl *s = calloc(1, sizeof *s);
    if (!s) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return -1;
    }
    s->scale = cfg->display_scale;
    s->fullscreen = cfg->display_fullscreen;
    s->nokeyrepeat = cfg->display_nokeyrepeat;
    s->mouse = cfg->mouse_enabled;
    const char *tg = cfg->mouse_toggle ? cfg->mouse_toggle : "ctrl+alt";
    s->toggle = !strcmp(tg, "ctrl+mbutton") ? TOGGLE_CTRL_MBUTTON
                : !strcmp(tg, "ctrl+f10")   ? TOGGLE_CTRL_F10
                : !strcmp(tg, "f12")        ? TOGGLE_F12
                                            : TOGGLE_CTRL_ALT;
    snprintf(s->title, sizeof s->title, "emu");
    uint32_t sc = s->scale ? s->scale : 1;
    s->win = SDL_CreateWindow("emu", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, (int)(640 * sc),
                              (int)(400 * sc),
                              SDL_WINDOW_RESIZABLE | (s->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0));
    if (s->win)
        s->ren = SDL_CreateRenderer(s->win, -1, 0);
    if (!s->win || !s->ren) {
        fprintf(stderr, "emu: --display sdl2: cannot create the window: %s\n", SDL_GetError());
        if (s->win)
            SDL_DestroyWindow(s->win);
        free(s);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return -1;
    }
    SDL_SetRenderDrawColor(s->ren, 0, 0, 0, 255);
    SDL_RenderClear(s->ren);
    SDL_RenderPresent(s->ren);
    d->priv = s;
    return 0;
}

static void sdl_close(struct display *d)
{
    struct sdl *s = d->priv;
    if (!s)
        return;
    if (s->tex)
        SDL_DestroyTexture(s->tex);
    SDL_DestroyRenderer(s->ren);
    SDL_DestroyWindow(s->win);
    /* all of SDL, not only video: SDL_Quit also closes its D-Bus connection */
    SDL_Quit();
    free(s);
    d->priv = NULL;
}

static void sdl_update(struct display *d, const struct framebuffer *fb, const struct text_screen *text)
{
    (void)text;
    struct sdl *s = d->priv;
    if (!fb || !fb->pixels || !fb->width || !fb->height)
        return;
    bool full = false;
    if (!s->tex || fb->width != s->tw || fb->height != s->th || fb->generation != s->generation) {
        if (s->tex)
            SDL_DestroyTexture(s->tex);
        s->tex = SDL_CreateTexture(s->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, (int)fb->width,
                                   (int)fb->height);
        if (!s->tex)
            return;
        if (fb->width != s->tw || fb->height != s->th) {
            SDL_RenderSetLogicalSize(s->ren, (int)fb->width, (int)fb->height);
            SDL_RenderSetIntegerScale(s->ren, s->scale ? SDL_TRUE : SDL_FALSE);
            if (!s->fullscreen) {
                uint32_t sc = s->scale ? s->scale : 1;
                SDL_SetWindowSize(s->win, (int)(fb->width * sc), (int)(fb->height * sc));
            }
        }
        s->tw = fb->width;
        s->th = fb->height;
        s->generation = fb->generation;
        full = true;
    }
    uint32_t y0 = full ? 0 : fb->dirty_y0, y1 = full ? fb->height : fb->dirty_y1;
    if (y1 > fb->height)
        y1 = fb->height;
    if (y1 > y0) {
        SDL_Rect r = {0, (int)y0, (int)fb->width, (int)(y1 - y0)};
        SDL_UpdateTexture(s->tex, &r, (const uint8_t *)fb->pixels + (size_t)y0 * fb->pitch, (int)fb->pitch);
    }
    /* redraw every time: the window may have been exposed or resized */
    SDL_RenderClear(s->ren);
    SDL_RenderCopy(s->ren, s->tex, NULL, NULL);
    SDL_RenderPresent(s->ren);
}

static void sdl_set_status(struct display *d, const char *status)
{
    struct sdl *s = d->priv;
    const char *hint = s->toggle == TOGGLE_CTRL_MBUTTON ? "Ctrl+middle button"
                       : s->toggle == TOGGLE_CTRL_F10   ? "Ctrl+F10"
                       : s->toggle == TOGGLE_F12        ? "F12"
                                                        : "Ctrl+Alt";
    snprintf(s->title, sizeof s->title, "emu%s%s%s%s", *status ? " - " : "", status,
             s->captured ? " - mouse captured, release with " : "", s->captured ? hint : "");
    SDL_SetWindowTitle(s->win, s->title);
}

static void key_event(struct display *d, struct sdl *s, const SDL_KeyboardEvent *k)
{
    bool down = k->type == SDL_KEYDOWN;
    SDL_Scancode sc = k->keysym.scancode;
    if (sc == SDL_SCANCODE_LCTRL || sc == SDL_SCANCODE_RCTRL)
        s->ctrl = down;
    else if (sc == SDL_SCANCODE_LALT || sc == SDL_SCANCODE_RALT)
        s->alt = down;
    else if (down)
        s->toggle_armed = false;
    if (down && s->ctrl && s->alt && (sc == SDL_SCANCODE_LCTRL || sc == SDL_SCANCODE_RCTRL ||
                                      sc == SDL_SCANCODE_LALT || sc == SDL_SCANCODE_RALT))
        s->toggle_armed = true;
    /* hot keys: Ctrl+Alt+key, not passed to the guest */
    if (down && s->ctrl && s->alt && (sc == SDL_SCANCODE_S || sc == SDL_SCANCODE_F || sc == SDL_SCANCODE_U)) {
        if (sc == SDL_SCANCODE_S || sc == SDL_SCANCODE_U) {
            struct input_event ev = {.kind = sc == SDL_SCANCODE_S ? IN_SCREENSHOT : IN_SHORTCUT};
            push(s, &ev);
        } else {
            s->fullscreen = !s->fullscreen;
            SDL_SetWindowFullscreen(s->win, s->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        }
        return;
    }
    /* mouse release keys */
    if (s->captured) {
        bool release = false;
        if (s->toggle == TOGGLE_CTRL_ALT && !down && s->toggle_armed &&
            (sc == SDL_SCANCODE_LCTRL || sc == SDL_SCANCODE_RCTRL || sc == SDL_SCANCODE_LALT ||
             sc == SDL_SCANCODE_RALT))
            release = true;
        else if (s->toggle == TOGGLE_CTRL_F10 && down && s->ctrl && sc == SDL_SCANCODE_F10)
            release = true;
        else if (s->toggle == TOGGLE_F12 && down && sc == SDL_SCANCODE_F12)
            release = true;
        if (release) {
            s->toggle_armed = false;
            set_capture(s, false);
            if (sc == SDL_SCANCODE_F10 || sc == SDL_SCANCODE_F12)
                return;
        }
    }
    if (down && k->repeat && s->nokeyrepeat)
        return;
    struct input_event ev = {.kind = IN_KEY, .scancode = keymap_hid_to_set1((unsigned)sc), .down = down};
    (void)d;
    if (ev.scancode)
        push(s, &ev);
}

static unsigned sdl_buttons(uint32_t state)
{
    return (state & SDL_BUTTON_LMASK ? 1u : 0u) | (state & SDL_BUTTON_RMASK ? 2u : 0u) |
           (state & SDL_BUTTON_MMASK ? 4u : 0u);
}

static bool sdl_poll(struct display *d, struct input_event *out)
{
    struct sdl *s = d->priv;
    SDL_Event e;
    while (s->qhead == s->qtail && SDL_PollEvent(&e)) {
        struct input_event ev = {0};
        switch (e.type) {
        case SDL_QUIT:
            ev.kind = IN_QUIT;
            push(s, &ev);
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
                ev.kind = IN_QUIT;
                push(s, &ev);
            } else if (e.window.event == SDL_WINDOWEVENT_FOCUS_LOST && s->captured)
                set_capture(s, false);
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            key_event(d, s, &e.key);
            break;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            if (!s->captured) {
                if (s->mouse && e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT)
                    set_capture(s, true); /* this click only captures */
                break;
            }
            if (s->toggle == TOGGLE_CTRL_MBUTTON && e.type == SDL_MOUSEBUTTONDOWN &&
                e.button.button == SDL_BUTTON_MIDDLE && (SDL_GetModState() & KMOD_CTRL)) {
                set_capture(s, false);
                break;
            }
            s->buttons = sdl_buttons(SDL_GetMouseState(NULL, NULL));
            ev.kind = IN_MOUSE;
            ev.buttons = s->buttons;
            push(s, &ev);
            break;
        case SDL_MOUSEMOTION:
            if (s->captured) {
                ev.kind = IN_MOUSE;
                ev.dx = e.motion.xrel;
                ev.dy = e.motion.yrel;
                ev.buttons = s->buttons;
                push(s, &ev);
            }
            break;
        case SDL_MOUSEWHEEL:
            if (s->captured) {
                ev.kind = IN_MOUSE;
                ev.dz = -e.wheel.y; /* PS/2: positive z scrolls down */
                ev.buttons = s->buttons;
                push(s, &ev);
            }
            break;
        default:
            break;
        }
    }
    if (s->qhead == s->qtail)
        return false;
    *out = s->q[s->qhead];
    s->qhead = (s->qhead + 1) % EVQ;
    return true;
}

const struct display_ops display_sdl2_ops = {
    .name = "sdl2",
    .open = sdl_open,
    .update = sdl_update,
    .poll_input = sdl_poll,
    .set_status = sdl_set_status,
    .close = sdl_close,
};

#else
typedef int emu_sdl2_absent; /* a translation unit may not be empty */
#endif /* HAVE_SDL2 */
