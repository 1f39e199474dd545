/* iodev/input.h: keyboard and mouse input into the 8042 controller.
 * Back-ends and tests call these; the controller queues scancodes in the
 * scancode set the guest selected (translating from set 1 as needed) and
 * raises IRQ 1 / IRQ 12. */
#ifndef EMU_IODEV_INPUT_H
#define EMU_IODEV_INPUT_H

#include <stdbool.h>
#include <stdint.h>

struct machine;

/* A key pressed or released; scancode is the set-1 make code, with 0xE0xx
 * for extended keys (e.g. 0xE048 = cursor up). */
void input_key(struct machine *m, uint16_t scancode, bool down);
/* Relative mouse motion (dy positive = down, as SDL reports it), wheel and
 * button state (bit 0 left, 1 right, 2 middle). */
void input_mouse(struct machine *m, int dx, int dy, int dz, unsigned buttons);

#endif
