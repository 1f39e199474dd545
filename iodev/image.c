/* iodev/image.c: the image interface, flat raw files and the redolog
 * modes (growing, volatile, undoable; the format is in image_redolog.c). */
#include "iodev/image.h"
#include "iodev/image_redolog.h"
#include "machine/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
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
    if (im->fd >= 0) {
        if (!im->read_only)
            fsync(im->fd);
        close(im->fd);
    }
}

static const struct image_ops flat_ops = {"flat", flat_read, flat_write, flat_flush, flat_close};

static const char *const mode_names[] = {"flat", "volatile", "growing", "sparse", "vpc", "vmware4", "vvfat",
                                          "undoable"};

static bool commit_undoable;

void image_set_commit(bool commit) { commit_undoable = commit; }

/* ---- the redolog formats: growing, volatile, undoable ---- */

/* One 512-byte sector as the guest sees it: from the log, else from the
 * base (zeros past its end), else zeros. */
static int redo_get(struct image *im, uint64_t s, uint8_t *sec)
{
    int r = redolog_read_sector(im->redo, s, sec);
    if (r != 0)
        return r < 0 ? -1 : 0;
    memset(sec, 0, 512);
    if (im->base && s * 512 < im->base->size) {
        uint64_t n = im->base->size - s * 512;
        return image_read(im->base, s * 512, sec, n < 512 ? (size_t)n : 512);
    }
    return 0;
}

static int redo_rw(struct image *im, uint64_t off, uint8_t *p, size_t len, bool wr)
{
    uint8_t sec[512];
    while (len) {
        uint64_t s = off / 512;
        size_t so = (size_t)(off % 512), n = 512 - so < len ? 512 - so : len;
        if ((!wr || n != 512) && redo_get(im, s, sec) < 0)
            return -1;
        if (wr) {
            memcpy(sec + so, p, n);
            if (redolog_write_sector(im->redo, s, sec) < 0)
                return -1;
        } else {
            memcpy(p, sec + so, n);
        }
        p += n, off += n, len -= n;
    }
    return 0;
}

static int redo_read(struct image *im, uint64_t off, void *buf, size_t len) { return redo_rw(im, off, buf, len, false); }
static int redo_write(struct image *im, uint64_t off, const void *buf, size_t len)
{
    return redo_rw(im, off, (uint8_t *)buf, len, true);
}

static int redo_flush(struct image *im)
{
    /* a memfd (volatile) has nothing to make durable */
    return im->base && !im->redo_path ? 0 : flat_flush(im);
}

/* Merges the redolog into the base: the base is opened for writing only
 * here. */
static int undoable_commit(struct image *im)
{
    int fd = open(im->base->path, O_WRONLY);
    if (fd < 0) {
        fprintf(stderr, "emu: %s: cannot commit %s: %s\n", im->base->path, im->redo_path, strerror(errno));
        return -1;
    }
    uint8_t sec[512];
    int r = 0;
    for (uint64_t s = 0; r == 0 && s * 512 < im->size; s++) {
        int got = redolog_read_sector(im->redo, s, sec);
        if (got < 0) {
            r = -1;
            break;
        }
        if (got == 0)
            continue;
        uint64_t n = im->size - s * 512;
        if (pwrite(fd, sec, n < 512 ? (size_t)n : 512, (off_t)(s * 512)) != (ssize_t)(n < 512 ? n : 512))
            r = -1;
    }
    if (r == 0 && fsync(fd) < 0 && errno != EINVAL)
        r = -1;
    if (r < 0)
        fprintf(stderr, "emu: %s: committing %s failed: %s\n", im->base->path, im->redo_path, strerror(errno));
    close(fd);
    return r;
}

static void redo_close(struct image *im)
{
    bool commit = im->redo && im->redo_path && commit_undoable && !im->read_only;
    if (im->redo_path && !im->read_only)
        flat_flush(im);
    if (commit && undoable_commit(im) == 0)
        unlink(im->redo_path);
    redolog_free(im->redo);
    if (im->fd >= 0)
        close(im->fd);
    image_close(im->base);
    free(im->redo_path);
}

static const struct image_ops redo_ops = {"redolog", redo_read, redo_write, redo_flush, redo_close};

/* FAT date << 16 | FAT time of a file's mtime, as Bochs stamps undoable
 * redologs with their base image. */
static uint32_t fat_stamp(time_t t)
{
    struct tm tm;
    if (!localtime_r(&t, &tm) || tm.tm_year < 80)
        return 0;
    uint32_t date = (uint32_t)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
    uint32_t tim = (uint32_t)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
    return date << 16 | tim;
}

static struct image *new_image(const char *path, int fd, uint64_t size, bool read_only)
{
    struct image *im = calloc(1, sizeof *im);
    char *copy = strdup(path);
    if (!im || !copy) {
        fprintf(stderr, "emu: %s: out of memory\n", path);
        free(im);
        free(copy);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    im->ops = &flat_ops;
    im->path = copy;
    im->size = size;
    im->read_only = read_only;
    im->fd = fd;
    return im;
}

static int open_file(const char *path, int flags, const char *what)
{
    int fd = open(path, flags, 0644);
    if (fd < 0) {
        fprintf(stderr, "emu: %s: %s%s%s\n", path, what, *what ? ": " : "", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "emu: %s: %s\n", path, S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
        close(fd);
        return -1;
    }
    return fd;
}

static struct image *open_flat(const char *path, bool read_only)
{
    int fd = open_file(path, read_only ? O_RDONLY : O_RDWR, "");
    if (fd < 0)
        return NULL;
    struct stat st;
    fstat(fd, &st);
    return new_image(path, fd, (uint64_t)st.st_size, read_only);
}

static struct image *attach_redolog(struct image *im, const char *name, const char *subtype)
{
    char why[160];
    im->ops = &redo_ops; /* so that image_close releases the base too */
    im->redo = redolog_open(im->fd, subtype, why, sizeof why);
    if (!im->redo) {
        fprintf(stderr, "emu: %s: %s\n", name, why);
        image_close(im);
        return NULL;
    }
    return im;
}

static struct image *open_growing(const char *path, bool read_only)
{
    int fd = open_file(path, read_only ? O_RDONLY : O_RDWR, "");
    if (fd < 0)
        return NULL;
    struct image *im = new_image(path, fd, 0, read_only);
    if (!im || !(im = attach_redolog(im, path, "Growing")))
        return NULL;
    im->size = redolog_disk_size(im->redo);
    return im;
}

static struct image *open_volatile(const char *path, bool read_only)
{
    struct image *base = open_flat(path, true);
    if (!base)
        return NULL;
    int fd = memfd_create("emu-volatile", MFD_CLOEXEC);
    if (fd < 0 || redolog_create(fd, "Volatile", base->size, 0) < 0) {
        fprintf(stderr, "emu: %s: volatile redolog: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        image_close(base);
        return NULL;
    }
    struct image *im = new_image(path, fd, base->size, read_only);
    if (!im) {
        image_close(base);
        return NULL;
    }
    im->base = base;
    return attach_redolog(im, path, "Volatile");
}

static struct image *open_undoable(const char *path, bool read_only, const char *journal)
{
    struct image *base = open_flat(path, true);
    if (!base)
        return NULL;
    struct stat st;
    fstat(base->fd, &st);
    uint32_t stamp = fat_stamp(st.st_mtime);
    char *rp = NULL;
    if (journal && *journal)
        rp = strdup(journal);
    else if (asprintf(&rp, "%s.redolog", path) < 0)
        rp = NULL;
    if (!rp) {
        fprintf(stderr, "emu: %s: out of memory\n", path);
        image_close(base);
        return NULL;
    }
    int fd = open(rp, read_only ? O_RDONLY : O_RDWR);
    if (fd < 0 && errno == ENOENT && !read_only) {
        fd = open_file(rp, O_RDWR | O_CREAT | O_EXCL, "creating the redolog");
        if (fd >= 0 && redolog_create(fd, "Undoable", base->size, stamp) < 0) {
            fprintf(stderr, "emu: %s: writing the redolog: %s\n", rp, strerror(errno));
            close(fd);
            unlink(rp);
            fd = -1;
        }
    } else if (fd < 0) {
        fprintf(stderr, "emu: %s: %s\n", rp, strerror(errno));
    }
    if (fd < 0) {
        free(rp);
        image_close(base);
        return NULL;
    }
    struct image *im = new_image(path, fd, base->size, read_only);
    if (!im) {
        free(rp);
        image_close(base);
        return NULL;
    }
    im->base = base;
    im->redo_path = rp;
    if (!(im = attach_redolog(im, rp, "Undoable")))
        return NULL;
    if (redolog_disk_size(im->redo) != base->size) {
        fprintf(stderr, "emu: %s: the redolog is for a disk of %llu bytes, %s has %llu\n", rp,
                (unsigned long long)redolog_disk_size(im->redo), path, (unsigned long long)base->size);
        image_close(im);
        return NULL;
    }
    return im;
}

int image_create_growing(const char *path, uint64_t size)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || redolog_create(fd, "Growing", size, 0) < 0) {
        fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

struct image *image_open_journal(const char *path, enum image_mode mode, bool read_only, const char *journal)
{
    if (!path || !*path) {
        fprintf(stderr, "emu: disk image: no file name given\n");
        return NULL;
    }
    switch (mode) {
    case IMG_FLAT:
        return open_flat(path, read_only);
    case IMG_GROWING:
        return open_growing(path, read_only);
    case IMG_VOLATILE:
        return open_volatile(path, read_only);
    case IMG_UNDOABLE:
        return open_undoable(path, read_only, journal);
    default: {
        unsigned i = (unsigned)mode;
        fprintf(stderr, "emu: %s: image mode '%s' is not supported (flat, growing, volatile or undoable)\n", path,
                i < sizeof mode_names / sizeof mode_names[0] ? mode_names[i] : "?");
        return NULL;
    }
    }
}

struct image *image_open(const char *path, enum image_mode mode, bool read_only)
{
    return image_open_journal(path, mode, read_only, NULL);
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

/* ---- snapshots ---- */

enum { SNAP_IMG_FILE = 0, SNAP_IMG_REDO = 1 };

static bool has_saved_redo(const struct image *im) { return im && im->redo && im->base; }

static int write_all(int fd, const uint8_t *p, uint64_t len)
{
    uint64_t off = 0;
    while (off < len) {
        ssize_t n = pwrite(fd, p + off, (size_t)(len - off), (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        off += (uint64_t)n;
    }
    return 0;
}

void image_save(struct image *im, struct state_writer *w)
{
    if (!has_saved_redo(im)) {
        state_put_u32(w, SNAP_IMG_FILE);
        return;
    }
    state_put_u32(w, SNAP_IMG_REDO);
    struct stat st;
    uint8_t *buf = NULL;
    uint64_t len = 0;
    if (fstat(im->fd, &st) == 0 && st.st_size > 0 && (buf = malloc((size_t)st.st_size))) {
        len = (uint64_t)st.st_size;
        struct image tmp = *im; /* read the log file as a flat file */
        tmp.size = len;
        if (flat_read(&tmp, 0, buf, (size_t)len) < 0)
            w->error = 1;
    } else {
        w->error = 1;
    }
    state_put_u64(w, len);
    if (buf)
        state_put(w, buf, (size_t)len);
    free(buf);
}

int image_load(struct image *im, struct state_reader *r)
{
    uint32_t kind = state_get_u32(r);
    if (r->error)
        return -1;
    if (kind != (has_saved_redo(im) ? SNAP_IMG_REDO : SNAP_IMG_FILE))
        return -1;
    if (kind == SNAP_IMG_FILE)
        return 0;
    uint64_t len = state_get_u64(r);
    if (r->error || len > r->len - r->pos)
        return -1;
    const uint8_t *data = r->buf + r->pos;
    r->pos += (size_t)len;
    if (im->read_only)
        return -1;
    const char *subtype = im->redo_path ? "Undoable" : "Volatile";
    char why[160];
    /* check the saved log before touching the image */
    int fd = memfd_create("emu-snapshot", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    struct redolog *check = NULL;
    if (write_all(fd, data, len) == 0)
        check = redolog_open(fd, subtype, why, sizeof why);
    bool ok = check && redolog_disk_size(check) == im->size;
    redolog_free(check);
    close(fd);
    if (!ok)
        return -1;
    if (ftruncate(im->fd, 0) < 0 || write_all(im->fd, data, len) < 0)
        return -1;
    struct redolog *nr = redolog_open(im->fd, subtype, why, sizeof why);
    if (!nr)
        return -1;
    redolog_free(im->redo);
    im->redo = nr;
    return 0;
}
