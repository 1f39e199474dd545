/* iodev/image_redolog.h: Bochs's redolog format (internal to the image
 * layer).
 *
 * One layout serves three of Bochs's image modes: "Growing" (the sparse
 * disk itself), "Undoable" (the log of writes beside a read-only base) and
 * "Volatile" (the same log, kept in memory here). The file is:
 *
 *   0    512-byte header, little-endian:
 *          0  magic[32]   "Bochs Virtual HD Image"
 *         32  type[16]    "Redolog"
 *         48  subtype[16] "Growing" / "Undoable" / "Volatile"
 *         64  u32 version 0x00020000 (0x00010000: no timestamp field)
 *         68  u32 header  512
 *         72  u32 catalog entries
 *         76  u32 bitmap  bytes per extent bitmap
 *         80  u32 extent  bytes per extent (8 * 512 * bitmap)
 *         84  u32 timestamp (v2: the base image's mtime, FAT format)
 *      84/88  u64 disk    virtual disk size in bytes (84 in v1)
 *   512  catalog: u32 per extent, the extent's slot or 0xFFFFFFFF
 *   512 + 4 * catalog: slots, each a bitmap (rounded up to 512 bytes,
 *        one bit per 512-byte sector, LSB first) followed by the extent.
 */
#ifndef EMU_IODEV_IMAGE_REDOLOG_H
#define EMU_IODEV_IMAGE_REDOLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct redolog;

/* Writes an empty redolog of subtype for a disk of size bytes to fd
 * (which must be empty). 0, or -1 with errno. */
int redolog_create(int fd, const char *subtype, uint64_t size, uint32_t timestamp);
/* Reads and checks the header and catalog of the redolog in fd. On error
 * writes a reason ("truncated header (100 of 512 bytes)") to why and
 * returns NULL. The redolog does not own fd. */
struct redolog *redolog_open(int fd, const char *subtype, char *why, size_t whylen);
uint64_t redolog_disk_size(const struct redolog *r);
/* 1: the sector is in the log (buf filled); 0: not in the log; -1: error. */
int redolog_read_sector(struct redolog *r, uint64_t sector, void *buf);
/* 0, or -1 on a host error. */
int redolog_write_sector(struct redolog *r, uint64_t sector, const void *buf);
void redolog_free(struct redolog *r);

#endif
