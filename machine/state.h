/* machine/state.h: serializing device and CPU state for snapshots. */
#ifndef EMU_MACHINE_STATE_H
#define EMU_MACHINE_STATE_H

#include <stddef.h>
#include <stdint.h>

struct state_writer {
    uint8_t *buf;
    size_t len, cap;
    int error;
};

struct state_reader {
    const uint8_t *buf;
    size_t len, pos;
    int error;
};

void state_put(struct state_writer *w, const void *data, size_t len);
void state_put_u32(struct state_writer *w, uint32_t v);
void state_put_u64(struct state_writer *w, uint64_t v);
/* Returns 0, or -1 (and sets r->error) when the data is short. */
int state_get(struct state_reader *r, void *data, size_t len);
uint32_t state_get_u32(struct state_reader *r);
uint64_t state_get_u64(struct state_reader *r);

#endif
