/* iodev/biosdebug.h: Bochs's BIOS message ports 0x400-0x403. */
#ifndef EMU_IODEV_BIOSDEBUG_H
#define EMU_IODEV_BIOSDEBUG_H

#include <stdbool.h>

struct machine;

bool biosdebug_init(struct machine *m);

#endif
