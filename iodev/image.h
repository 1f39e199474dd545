/* iodev/image.h: disk images as the devices see them.
 *
 * One interface for every image format: open gives the size in bytes,
 * read/write move bytes at an offset, flush makes written data durable,
 * close releases everything. Formats (iodev/image.c):
 *   flat      a raw file, written in place; flushed (fsync) on FLUSH CACHE
 *             and at close
 *   growing   Bochs's sparse growing image (a redolog of subtype "Growing")
 *   volatile  a flat base that is never written; writes go to a redolog in
 *             memory (memfd) and are dropped at close
 *   undoable  a flat base that is never written; writes go to a Bochs
 *             redolog beside it (PATH.redolog, or journal=), kept across
 *             runs; at close it is merged into the base only when
 *             image_set_commit(true) was called (emu --commit)
 * A read-only image (read_only) refuses writes with -1; the device turns
 * that into an error status.
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
    int fd;          /* flat files; the log file of a redolog format */
    struct redolog *redo; /* growing, volatile, undoable */
    struct image *base;   /* volatile, undoable: the read-only base */
    char *redo_path;      /* undoable: the redolog's file name */
};

/* Opens path with the given format. On failure prints one message naming
 * the file ("emu: disk.img: No such file or directory") and returns NULL. */
struct image *image_open(const char *path, enum image_mode mode, bool read_only);
/* The same with journal= (the undoable redolog's name; NULL: PATH.redolog). */
struct image *image_open_journal(const char *path, enum image_mode mode, bool read_only, const char *journal);
/* Undoable images merge their redolog into the base at close (default:
 * the redolog is kept and the base untouched). */
void image_set_commit(bool commit);
/* Creates an empty growing image of size bytes (0, or -1 with a message). */
int image_create_growing(const char *path, uint64_t size);
/* 0 on success; -1 when [off, off+len) is not inside the image, the image
 * is read-only (write) or the host reports an error. */
int image_read(struct image *im, uint64_t off, void *buf, size_t len);
int image_write(struct image *im, uint64_t off, const void *buf, size_t len);
int image_flush(struct image *im);
void image_close(struct image *im);

/* Snapshots: the disk contents a snapshot cannot find in files the user
 * keeps. For volatile and undoable images that is the redolog (the
 * in-memory log; the undoable log as written so far), saved whole; flat
 * and growing images (and NULL) save only a marker, their file is the
 * state. image_load puts the saved redolog back (an undoable image's log
 * file is rewritten) so that reads see the saved contents; -1 when the
 * saved data is for another kind or size of image or the host fails, and
 * then the image is unchanged. */
struct state_writer;
struct state_reader;
void image_save(struct image *im, struct state_writer *w);
int image_load(struct image *im, struct state_reader *r);

#endif
