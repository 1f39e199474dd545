/* iodev/image.c: the image interface and flat raw files. */
#include "iodev/image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool in_range(const struct image *im, uint64_t off, size_t len)
{
    return off <= im->size && len <= im->size - off;
}

static int flat_read(struct image *im, uint64_t off, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = pread(im->fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n, off += (uint64_t)n, len -= (size_t)n;
    }
    return 0;
}

static int flat_write(struct image *im, uint64_t off, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = pwrite(im->fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n, off += (uint64_t)n, len -= (size_t)n;
    }
    return 0;
}

static int flat_flush(struct image *im) { return fsync(im->fd) < 0 && errno != EINVAL ? -1 : 0; }

static void flat_close(struct image *im)
{
    if (im->fd >= 0)
        close(im->fd);
}

static const struct image_ops flat_ops = {"flat", flat_read, flat_write, flat_flush, flat_close};

static const char *const mode_names[] = {"flat", "volatile", "growing", "sparse", "vpc", "vmware4", "vvfat"};

struct image *image_open(const char *path, enum image_mode mode, bool read_only)
{
    if (!path || !*path) {
        fprintf(stderr, "emu: disk image: no file name given\n");
        return NULL;
    }
    if (mode != IMG_FLAT) {
        unsigned i = (unsigned)mode;
        fprintf(stderr, "emu: %s: image mode '%s' is not supported (only flat)\n", path,
                i < sizeof mode_names / sizeof mode_names[0] ? mode_names[i] : "?");
        return NULL;
    }
    int fd = open(path, read_only ? O_RDONLY : O_RDWR);
    if (fd < 0) {
        fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "emu: %s: %s\n", path, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return NULL;
    }
    struct image *im = calloc(1, sizeof *im);
    char *copy = strdup(path);
    if (!im || !copy) {
        fprintf(stderr, "emu: %s: out of memory\n", path);
        free(im);
        free(copy);
        close(fd);
        return NULL;
    }
    im->ops = &flat_ops;
    im->path = copy;
    im->size = (uint64_t)st.st_size;
    im->read_only = read_only;
    im->fd = fd;
    return im;
}

int image_read(struct image *im, uint64_t off, void *buf, size_t len)
{
    if (!im || !in_range(im, off, len))
        return -1;
    return len ? im->ops->read(im, off, buf, len) : 0;
}

int image_write(struct image *im, uint64_t off, const void *buf, size_t len)
{
    if (!im || im->read_only || !in_range(im, off, len))
        return -1;
    return len ? im->ops->write(im, off, buf, len) : 0;
}

int image_flush(struct image *im)
{
    if (!im || im->read_only)
        return 0;
    return im->ops->flush(im);
}

void image_close(struct image *im)
{
    if (!im)
        return;
    im->ops->close(im);
    free(im->path);
    free(im);
}
