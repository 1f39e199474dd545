/* iodev/kbd.h: the 8042 keyboard controller with its PS/2 keyboard and
 * mouse (iodev/kbd.c). Input arrives through iodev/input.h. */
#ifndef EMU_IODEV_KBD_H
#define EMU_IODEV_KBD_H

struct machine;
struct kbd;

/* Creates the controller at 0x60/0x64 (IRQ 1 and 12); schedules the key
 * presses of cfg->inject_keys. Returns NULL (message printed) when that
 * list does not parse. */
struct kbd *kbd_init(struct machine *m);

#endif
