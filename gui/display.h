/* gui/display.h: what a display back-end implements, and what the VGA gives it.
 *
 * The VGA (iodev/vga*.c) renders the guest's screen into a framebuffer of
 * XRGB8888 pixels and keeps track of the rows that changed; in text modes it
 * also exposes the character cells. Back-ends (gui/sdl2.c, gui/headless.c)
 * only read these: they never see VGA registers. Input goes the other way
 * as input events, which the machine hands to the keyboard controller
 * (iodev/input.h).
 */
#ifndef EMU_GUI_DISPLAY_H
#define EMU_GUI_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

struct machine;
struct config;

struct framebuffer {
    uint32_t width, height;  /* pixels */
    uint32_t pitch;          /* bytes per row */
    uint32_t *pixels;        /* XRGB8888, width x height */
    uint32_t dirty_y0;       /* first changed row since the last update */
    uint32_t dirty_y1;       /* one past the last changed row (0 = clean) */
    uint64_t generation;     /* changes when the mode or size changes */
};

struct text_screen {
    uint16_t cols, rows;
    const uint16_t *cells;   /* character | attribute << 8, row-major */
    uint16_t cursor_col, cursor_row;
    bool cursor_visible;
};

/* IN_SHORTCUT: send keyboard: user_shortcut= (default Ctrl+Alt+Del) */
enum input_kind { IN_NONE = 0, IN_KEY, IN_MOUSE, IN_QUIT, IN_SCREENSHOT, IN_SNAPSHOT, IN_SHORTCUT };

struct input_event {
    enum input_kind kind;
    uint16_t scancode;       /* IN_KEY: set-1 make code; 0xE0xx for extended keys */
    bool down;               /* IN_KEY: pressed (true) or released */
    int dx, dy, dz;          /* IN_MOUSE: motion and wheel */
    unsigned buttons;        /* IN_MOUSE: bit 0 left, 1 right, 2 middle */
};

struct display;
struct display_ops {
    const char *name;
    int (*open)(struct display *d, const struct config *cfg);  /* 0 ok, -1 error (printed) */
    /* Called at the display refresh rate with what changed. text is NULL in
     * graphics modes. */
    void (*update)(struct display *d, const struct framebuffer *fb, const struct text_screen *text);
    /* Returns true and fills *ev while events are queued. */
    bool (*poll_input)(struct display *d, struct input_event *ev);
    void (*set_status)(struct display *d, const char *status); /* IPS, disk activity */
    void (*close)(struct display *d);
};

struct display {
    const struct display_ops *ops;
    struct machine *m;
    void *priv;
};

/* The VGA side (iodev/vga.c): renders what changed and returns the
 * framebuffer (never NULL once the VGA exists). */
const struct framebuffer *vga_framebuffer(struct machine *m);
/* Fills *t and returns true when the VGA is in a text mode. */
bool vga_text_screen(struct machine *m, struct text_screen *t);

/* gui/png.c: writes the framebuffer as a PNG file; 0 ok, -1 error (printed). */
int png_write_framebuffer(const char *path, const struct framebuffer *fb);

/* gui/display.c: the machine's side of the display.
 * display_open picks the back-end from cfg->display (after the devices
 * exist) and arms a virtual-time timer at cfg->vga_update_freq Hz that
 * calls display_refresh; display_refresh hands input events to the
 * keyboard controller and, at most that often in wall-clock time too,
 * shows what changed. */
int display_open(struct machine *m);       /* 0 ok, -1 error (printed) */
void display_refresh(struct machine *m);
void display_close(struct machine *m);
/* Devices report disk activity for the status line (unit: 0-3 ATA
 * channel*2+drive, 4-5 floppy A/B). */
void display_disk_activity(struct machine *m, int unit, bool write);
/* Is unit's light on (activity in the last moment); *write: its kind. */
bool display_disk_lit(struct machine *m, int unit, bool *write);
/* Writes the current screen as PNG; path NULL picks emu-screenshot-N.png
 * in the current directory. 0 ok, -1 error (printed). */
int display_screenshot(struct machine *m, const char *path);

/* The back-ends (gui/nogui.c, gui/sdl2.c). */
extern const struct display_ops display_nogui_ops;
extern const struct display_ops display_term_ops;
extern const struct display_ops display_sdl2_ops;   /* only in builds with SDL2 */
/* gui/keymap.c: USB HID keyboard usage (= SDL scancode) to the PC's set-1
 * make code (0xE0xx for extended keys); 0 for keys without one. */
uint16_t keymap_hid_to_set1(unsigned usage);
/* Bochs's user_shortcut= ("ctrl-alt-del"): fills codes with the set-1 codes
 * of the keys in order; their number, or -1 for an unknown key name. */
int keymap_shortcut(const char *spec, uint16_t *codes, int max);

#endif
