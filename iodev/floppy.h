/* iodev/floppy.h: the 82077AA floppy disk controller (ports 0x3F0-0x3F5
 * and 0x3F7, IRQ 6, DMA channel 2) with drives A: and B: from
 * cfg->floppy[0..1]. */
#ifndef EMU_IODEV_FLOPPY_H
#define EMU_IODEV_FLOPPY_H

struct machine;

/* Opens the images; on a user error (missing file, size that is no known
 * floppy format) prints one message naming the file and returns -1. */
int floppy_init(struct machine *m);
/* CMOS drive type of drive 0/1 (register 0x10 nibble): 0 none, 1 360 KB,
 * 2 1.2 MB, 3 720 KB, 4 1.44 MB, 5 2.88 MB. */
int floppy_cmos_type(struct machine *m, int drive);

#endif
