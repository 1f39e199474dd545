/* machine/snapshot.h: saving and restoring the whole machine.
 *
 * A snapshot file is zlib-compressed (compress2) and holds a header (magic,
 * format version, emu build id) and one section per part: the CPU, the
 * machine's own state, RAM with the chipset's shadow-RAM routing, virtual
 * time, every device by name and the armed timers with their deadlines.
 * Restoring a snapshot into a machine of the same configuration (RAM size,
 * device set) continues the run exactly as the original would have with
 * clock: sync=none.
 */
#ifndef EMU_MACHINE_SNAPSHOT_H
#define EMU_MACHINE_SNAPSHOT_H

struct machine;

/* Each returns 0, or prints one error naming path and returns -1. */
int snapshot_save(struct machine *m, const char *path);
int snapshot_restore(struct machine *m, const char *path);

#endif
