/* tests/fuzz/fuzz_decode.c: libFuzzer target for decode() and disasm().
 *
 * Build and run (docs/DECODER.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -D_GNU_SOURCE \
 *     tests/fuzz/fuzz_decode.c decoder/decode.c decoder/disasm.c \
 *     decoder/tables.c -o fuzz_decode
 *   ./fuzz_decode -max_total_time=300
 *
 * Each input is decoded in all three modes, from every offset, with every
 * shorter length too (so NEED_MORE paths run), and checked for the
 * contract: a length within 1..15 and within the bytes given, a DEC_*
 * code otherwise, and a disassembly that stays inside its buffer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decoder/opcodes.h"

static void check_one(const uint8_t *b, size_t n, enum dec_mode m)
{
    struct insn in;
    int r = decode(&in, b, n, m);
    if (r > 0) {
        if (r > 15 || (size_t)r > n || in.len != r || in.op == IOP_INVALID || in.op >= IOP_COUNT)
            abort();
        /* a complete instruction decodes the same with fewer spare bytes */
        struct insn again;
        if (decode(&again, b, (size_t)r, m) != r || again.op != in.op)
            abort();
        if (in.base > R_NONE || in.index > R_NONE || in.scale > 3 || in.seg > SEG_GS)
            abort();
    } else if (r != DEC_NEED_MORE && r != DEC_TOO_LONG && r != DEC_UD) {
        abort();
    } else if (r == DEC_NEED_MORE && n >= 15) {
        abort(); /* 15 bytes always suffice to decide */
    }
    /* disasm() must stay inside any buffer size, valid insn or not */
    char buf[96];
    memset(buf, 0x5A, sizeof buf);
    size_t sz = (size_t)(b[0] % 80);
    int t = disasm(buf, sz, &in, 0x1000);
    if (t < 0 || (sz && (size_t)t >= sz) || (!sz && t != 0))
        abort();
    for (size_t i = sz; i < sizeof buf; i++)
        if (buf[i] != 0x5A)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t lim = size > 64 ? 64 : size;
    for (int m = DMODE_16; m <= DMODE_64; m++) {
        check_one(data, size, (enum dec_mode)m);
        for (size_t n = 1; n < lim && n < 16; n++)
            check_one(data, n, (enum dec_mode)m);
    }
    return 0;
}
