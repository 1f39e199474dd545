/* machine/state.c: byte-buffer serialization for snapshots. */
#include "machine/state.h"

#include <stdlib.h>
#include <string.h>

void state_put(struct state_writer *w, const void *data, size_t len)
{
    if (w->error)
        return;
    if (w->len + len > w->cap) {
        size_t cap = w->cap ? w->cap : 4096;
        while (cap < w->len + len)
            cap *= 2;
        uint8_t *nb = realloc(w->buf, cap);
        if (!nb) {
            w->error = 1;
            return;
        }
        w->buf = nb;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, data, len);
    w->len += len;
}

void state_put_u32(struct state_writer *w, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    state_put(w, b, 4);
}

void state_put_u64(struct state_writer *w, uint64_t v)
{
    state_put_u32(w, (uint32_t)v);
    state_put_u32(w, (uint32_t)(v >> 32));
}

int state_get(struct state_reader *r, void *data, size_t len)
{
    if (r->error || r->len - r->pos < len) {
        r->error = 1;
        memset(data, 0, len);
        return -1;
    }
    memcpy(data, r->buf + r->pos, len);
    r->pos += len;
    return 0;
}

uint32_t state_get_u32(struct state_reader *r)
{
    uint8_t b[4];
    if (state_get(r, b, 4) < 0)
        return 0;
    return b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t state_get_u64(struct state_reader *r)
{
    uint64_t lo = state_get_u32(r);
    return lo | (uint64_t)state_get_u32(r) << 32;
}
