/* iodev/image.h: disk images as the devices see them.
 *
 * One interface for every image format: open gives the size in bytes,
 * read/write move bytes at an offset, flush makes written data durable,
 * close releases everything. Only flat raw files exist today; other
 * formats (volatile, growing, vpc, ...) plug in as another image_ops.
 * Every access is bounds-checked here: a request that does not lie wholly
 * inside the image fails (-1) and touches nothing, so no guest action can
 * read or write outside the image.
 */
#ifndef EMU_IODEV_IMAGE_H
#define EMU_IODEV_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"

struct image;

struct image_ops {
    const char *name; /* "flat" */
    int (*read)(struct image *im, uint64_t off, void *buf, size_t len);
    int (*write)(struct image *im, uint64_t off, const void *buf, size_t len);
    int (*flush)(struct image *im);
    void (*close)(struct image *im);
};

struct image {
    const struct image_ops *ops;
    char *path;
    uint64_t size;   /* bytes */
    bool read_only;
    int fd;          /* flat files */
};

/* Opens path with the given format. On failure prints one message naming
 * the file ("emu: disk.img: No such file or directory") and returns NULL. */
struct image *image_open(const char *path, enum image_mode mode, bool read_only);
/* 0 on success; -1 when [off, off+len) is not inside the image, the image
 * is read-only (write) or the host reports an error. */
int image_read(struct image *im, uint64_t off, void *buf, size_t len);
int image_write(struct image *im, uint64_t off, const void *buf, size_t len);
int image_flush(struct image *im);
void image_close(struct image *im);

#endif
