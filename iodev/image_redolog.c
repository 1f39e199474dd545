/* iodev/image_redolog.c: Bochs's redolog format (see image_redolog.h). */
#include "iodev/image_redolog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RL_MAGIC "Bochs Virtual HD Image"
#define RL_TYPE "Redolog"
#define RL_HEADER 512u
#define RL_V1 0x00010000u
#define RL_V2 0x00020000u
#define RL_FREE 0xFFFFFFFFu
/* limits beyond anything Bochs's bximage makes: 2^24 extents of at most
 * 64 MiB, so the catalog is at most 64 MiB and offsets fit in 64 bits */
#define RL_MAX_CATALOG (1u << 24)
#define RL_MAX_BITMAP (16u << 10)

struct redolog {
    int fd;
    uint32_t ncatalog, bitmap_size, extent_size;
    uint64_t bitmap_bytes, slot_bytes; /* bitmap rounded to 512; bitmap + extent */
    uint32_t *catalog;
    uint32_t next_slot;
    uint64_t disk;
    uint8_t *bitmap;   /* the bitmap of cached_slot */
    uint32_t cached_slot;
};

static uint32_t get32(const uint8_t *p) { return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static int pio(int fd, void *buf, size_t len, uint64_t off, bool wr)
{
    uint8_t *p = buf;
    while (len) {
        ssize_t n = wr ? pwrite(fd, p, len, (off_t)off) : pread(fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return -1;
        }
        p += n, off += (uint64_t)n, len -= (size_t)n;
    }
    return 0;
}

int redolog_create(int fd, const char *subtype, uint64_t size, uint32_t timestamp)
{
    uint32_t entries = 512, bitmap = 1, extent;
    uint64_t max;
    int flip = 0;
    do { /* the same sizes as Bochs's redolog_t::create */
        extent = 8 * bitmap * 512;
        max = (uint64_t)entries * extent;
        if (max >= size)
            break;
        if (++flip & 1)
            bitmap *= 2;
        else
            entries *= 2;
    } while (entries <= RL_MAX_CATALOG && bitmap <= RL_MAX_BITMAP);
    if (max < size) {
        errno = EFBIG;
        return -1;
    }
    uint8_t h[RL_HEADER] = {0};
    memcpy(h, RL_MAGIC, sizeof RL_MAGIC);
    memcpy(h + 32, RL_TYPE, sizeof RL_TYPE);
    strncpy((char *)h + 48, subtype, 15);
    put32(h + 64, RL_V2);
    put32(h + 68, RL_HEADER);
    put32(h + 72, entries);
    put32(h + 76, bitmap);
    put32(h + 80, extent);
    put32(h + 84, timestamp);
    put32(h + 88, (uint32_t)size);
    put32(h + 92, (uint32_t)(size >> 32));
    if (pio(fd, h, sizeof h, 0, true) < 0)
        return -1;
    uint8_t *cat = malloc((size_t)entries * 4);
    if (!cat)
        return -1;
    memset(cat, 0xFF, (size_t)entries * 4);
    int r = pio(fd, cat, (size_t)entries * 4, RL_HEADER, true);
    free(cat);
    return r;
}

struct redolog *redolog_open(int fd, const char *subtype, char *why, size_t whylen)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        snprintf(why, whylen, "%s", strerror(errno));
        return NULL;
    }
    uint64_t fsize = (uint64_t)st.st_size;
    uint8_t h[RL_HEADER];
    if (fsize < RL_HEADER) {
        snprintf(why, whylen, "truncated redolog header (%llu of %u bytes)", (unsigned long long)fsize, RL_HEADER);
        return NULL;
    }
    if (pio(fd, h, sizeof h, 0, false) < 0) {
        snprintf(why, whylen, "%s", strerror(errno));
        return NULL;
    }
    if (memcmp(h, RL_MAGIC, sizeof RL_MAGIC) || memcmp(h + 32, RL_TYPE, sizeof RL_TYPE)) {
        snprintf(why, whylen, "not a Bochs redolog/growing image (no \"%s\" \"%s\" header)", RL_MAGIC, RL_TYPE);
        return NULL;
    }
    char sub[17] = {0};
    memcpy(sub, h + 48, 16);
    if (strcmp(sub, subtype)) {
        snprintf(why, whylen, "redolog of subtype \"%.16s\", expected \"%s\"", sub, subtype);
        return NULL;
    }
    uint32_t version = get32(h + 64), hsize = get32(h + 68);
    uint32_t ncat = get32(h + 72), bitmap = get32(h + 76), extent = get32(h + 80);
    if (version != RL_V1 && version != RL_V2) {
        snprintf(why, whylen, "unknown redolog version 0x%08x", version);
        return NULL;
    }
    const uint8_t *dp = h + (version == RL_V2 ? 88 : 84);
    uint64_t disk = get32(dp) | (uint64_t)get32(dp + 4) << 32;
    if (hsize != RL_HEADER || ncat == 0 || ncat > RL_MAX_CATALOG || ncat % 128 || bitmap == 0 ||
        bitmap > RL_MAX_BITMAP || extent == 0 || extent % 512 || extent / 512 > 8ull * bitmap ||
        disk % 512 || disk > (uint64_t)ncat * extent) {
        snprintf(why, whylen, "bad redolog header (header %u, catalog %u, bitmap %u, extent %u, disk %llu)", hsize,
                 ncat, bitmap, extent, (unsigned long long)disk);
        return NULL;
    }
    uint64_t data = RL_HEADER + (uint64_t)ncat * 4;
    if (fsize < data) {
        snprintf(why, whylen, "truncated redolog catalog (%llu of %llu bytes)", (unsigned long long)fsize,
                 (unsigned long long)data);
        return NULL;
    }
    struct redolog *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(why, whylen, "out of memory");
        return NULL;
    }
    r->fd = fd;
    r->ncatalog = ncat, r->bitmap_size = bitmap, r->extent_size = extent, r->disk = disk;
    r->bitmap_bytes = ((uint64_t)bitmap + 511) / 512 * 512;
    r->slot_bytes = r->bitmap_bytes + extent;
    r->cached_slot = RL_FREE;
    r->catalog = malloc((size_t)ncat * 4);
    r->bitmap = malloc(r->bitmap_bytes);
    if (!r->catalog || !r->bitmap || pio(fd, r->catalog, (size_t)ncat * 4, RL_HEADER, false) < 0) {
        snprintf(why, whylen, "%s", r->catalog && r->bitmap ? strerror(errno) : "out of memory");
        redolog_free(r);
        return NULL;
    }
    for (uint32_t i = 0; i < ncat; i++) {
        uint32_t s = get32((const uint8_t *)&r->catalog[i]);
        r->catalog[i] = s;
        if (s == RL_FREE)
            continue;
        if (s >= ncat || (uint64_t)(s + 1) * r->slot_bytes > fsize - data) {
            snprintf(why, whylen, "truncated or corrupt redolog (catalog entry %u points to extent %u past the end)",
                     i, s);
            redolog_free(r);
            return NULL;
        }
        if (s >= r->next_slot)
            r->next_slot = s + 1;
    }
    return r;
}

uint64_t redolog_disk_size(const struct redolog *r) { return r->disk; }

static uint64_t slot_off(const struct redolog *r, uint32_t slot)
{
    return RL_HEADER + (uint64_t)r->ncatalog * 4 + (uint64_t)slot * r->slot_bytes;
}

static int load_bitmap(struct redolog *r, uint32_t slot)
{
    if (r->cached_slot == slot)
        return 0;
    r->cached_slot = RL_FREE;
    if (pio(r->fd, r->bitmap, r->bitmap_bytes, slot_off(r, slot), false) < 0)
        return -1;
    r->cached_slot = slot;
    return 0;
}

int redolog_read_sector(struct redolog *r, uint64_t sector, void *buf)
{
    uint64_t idx = sector / (r->extent_size / 512);
    uint32_t in = (uint32_t)(sector % (r->extent_size / 512));
    if (idx >= r->ncatalog)
        return -1;
    uint32_t slot = r->catalog[idx];
    if (slot == RL_FREE)
        return 0;
    if (load_bitmap(r, slot) < 0)
        return -1;
    if (!(r->bitmap[in / 8] >> (in % 8) & 1))
        return 0;
    return pio(r->fd, buf, 512, slot_off(r, slot) + r->bitmap_bytes + (uint64_t)in * 512, false) < 0 ? -1 : 1;
}

int redolog_write_sector(struct redolog *r, uint64_t sector, const void *buf)
{
    uint64_t idx = sector / (r->extent_size / 512);
    uint32_t in = (uint32_t)(sector % (r->extent_size / 512));
    if (idx >= r->ncatalog)
        return -1;
    uint32_t slot = r->catalog[idx];
    if (slot == RL_FREE) {
        /* a new extent at the end: a zero bitmap and a sparse extent */
        slot = r->next_slot;
        if (slot >= r->ncatalog)
            return -1;
        if (ftruncate(r->fd, (off_t)slot_off(r, slot + 1)) < 0)
            return -1;
        memset(r->bitmap, 0, r->bitmap_bytes);
        if (pio(r->fd, r->bitmap, r->bitmap_bytes, slot_off(r, slot), true) < 0)
            return -1;
        r->cached_slot = slot;
        r->next_slot = slot + 1;
        uint8_t le[4];
        put32(le, slot);
        if (pio(r->fd, le, 4, RL_HEADER + idx * 4, true) < 0)
            return -1;
        r->catalog[idx] = slot;
    }
    /* the data first, then the bit that makes it visible */
    if (pio(r->fd, (void *)buf, 512, slot_off(r, slot) + r->bitmap_bytes + (uint64_t)in * 512, true) < 0)
        return -1;
    if (load_bitmap(r, slot) < 0)
        return -1;
    if (!(r->bitmap[in / 8] >> (in % 8) & 1)) {
        r->bitmap[in / 8] |= (uint8_t)(1u << (in % 8));
        if (pio(r->fd, &r->bitmap[in / 8], 1, slot_off(r, slot) + in / 8, true) < 0)
            return -1;
    }
    return 0;
}

void redolog_free(struct redolog *r)
{
    if (!r)
        return;
    free(r->catalog);
    free(r->bitmap);
    free(r);
}
