/* iodev/fwcfg.h: QEMU's firmware configuration interface (fw_cfg). */
#ifndef EMU_IODEV_FWCFG_H
#define EMU_IODEV_FWCFG_H

#include <stdbool.h>

struct machine;

/* Ports 0x510 (selector) and 0x511 (data). Call after the ROMs are mapped:
 * the VGA BIOS at C0000 is offered as the file "vgaroms/vgabios.bin". */
bool fwcfg_init(struct machine *m);

#endif
