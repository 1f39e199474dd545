/* tests/unit/xorshift.h: the xorshift64 generator (shifts 13, 7, 17) of
 * the randomized unit tests. Each test keeps its own state and seed, so
 * its case sequence stays reproducible. */
#ifndef EMU_TESTS_UNIT_XORSHIFT_H
#define EMU_TESTS_UNIT_XORSHIFT_H

#include <stdint.h>

static inline uint64_t xorshift64(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

#endif
