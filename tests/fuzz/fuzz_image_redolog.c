/* tests/fuzz/fuzz_image_redolog.c: libFuzzer target for the header and
 * catalog parser of Bochs's redolog format (iodev/image_redolog.c), which
 * growing images, undoable redologs and volatile logs share.
 *
 * Build and run (docs/TESTING.md):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -D_GNU_SOURCE \
 *     tests/fuzz/fuzz_image_redolog.c iodev/image.c iodev/image_redolog.c \
 *     -o fuzz_image_redolog
 *   mkdir -p corpus-redolog && ./fuzz_image_redolog -max_total_time=600 corpus-redolog
 *
 * Each input becomes the whole image file (in a memfd) and is opened as a
 * growing image; when the parser accepts it, sectors are read at the
 * start, the middle and the end, and (for disks of at most 64 MiB) written
 * and read back, so that a catalog entry or bitmap pointing anywhere
 * shows up as an overrun or a wrong read. The first input, if the corpus is
 * empty, is a valid header made by image_create_growing.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "iodev/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    if (!sink) {
        /* the image layer's messages go nowhere; the sanitizers and
         * libFuzzer still write to fd 2 */
        sink = fopen("/dev/null", "w");
        if (sink)
            stderr = sink;
    }
    int fd = memfd_create("fuzz-redolog", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct image *im = image_open(path, IMG_GROWING, false);
    if (im) {
        uint8_t buf[1024], back[1024];
        uint64_t offs[3] = {0, im->size / 2 / 512 * 512, im->size >= 1024 ? im->size - 1024 : 0};
        for (int i = 0; i < 3; i++)
            image_read(im, offs[i], buf, sizeof buf);
        if (im->size <= (64u << 20)) {
            for (int i = 0; i < 3; i++) {
                memset(buf, 0x5A + i, sizeof buf);
                if (image_write(im, offs[i] + 100, buf, 700) == 0 && image_read(im, offs[i] + 100, back, 700) == 0 &&
                    memcmp(buf, back, 700))
                    abort(); /* a write that does not read back */
            }
        }
        image_close(im);
    }
    close(fd);
    return 0;
}
