/* memory/phys.c: the guest physical address space (RAM, ROM, MMIO, A20). */
#include "memory/phys.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

struct phys *phys_new(uint64_t ram_size)
{
    struct phys *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    ram_size = (ram_size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    p->ram = calloc(1, ram_size ? ram_size : PAGE_SIZE);
    p->code_map = calloc(1, (ram_size >> PAGE_SHIFT) + 1);
    if (!p->ram || !p->code_map) {
        phys_free(p);
        return NULL;
    }
    p->ram_size = ram_size;
    p->a20_mask = ~0ull;
    return p;
}

void phys_free(struct phys *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nregions; i++)
        if (p->regions[i].kind == REG_ROM)
            free(p->regions[i].host);
    free(p->ram);
    free(p->code_map);
    free(p);
}

static void map_changed(struct phys *p)
{
    if (p->map_changed)
        p->map_changed(p->map_opaque);
}

static struct region *add_region(struct phys *p, uint64_t base, uint64_t size, const char *name)
{
    if (p->nregions >= PHYS_MAX_REGIONS)
        return NULL;
    struct region *r = &p->regions[p->nregions++];
    memset(r, 0, sizeof *r);
    r->base = base;
    r->size = size;
    snprintf(r->name, sizeof r->name, "%s", name ? name : "?");
    return r;
}

int phys_map_rom(struct phys *p, uint64_t base, const void *data, uint64_t size, const char *name)
{
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy)
        return -1;
    memcpy(copy, data, size);
    struct region *r = add_region(p, base, size, name);
    if (!r) {
        free(copy);
        return -1;
    }
    r->kind = REG_ROM;
    r->host = copy;
    map_changed(p);
    return 0;
}

void phys_map_mmio(struct phys *p, uint64_t base, uint64_t size, const struct mmio_ops *ops,
                   void *opaque, const char *name)
{
    struct region *r = add_region(p, base, size, name);
    if (!r)
        return;
    r->kind = REG_MMIO;
    r->ops = ops;
    r->opaque = opaque;
    map_changed(p);
}

void phys_set_a20(struct phys *p, bool enabled)
{
    uint64_t m = enabled ? ~0ull : ~(1ull << 20);
    if (m != p->a20_mask) {
        p->a20_mask = m;
        map_changed(p);
    }
}

bool phys_a20(const struct phys *p) { return p->a20_mask == ~0ull; }

void phys_set_pam(struct phys *p, uint32_t base, uint32_t size, bool read_ram, bool write_ram)
{
    uint8_t v = (uint8_t)((read_ram ? PHYS_PAM_READ : 0) | (write_ram ? PHYS_PAM_WRITE : 0));
    bool changed = false;
    for (uint64_t a = base; a < (uint64_t)base + size; a += 0x4000) {
        if (a < PHYS_PAM_BASE || a >= PHYS_PAM_END)
            continue;
        uint8_t *e = &p->pam[(a - PHYS_PAM_BASE) >> 14];
        changed |= *e != v;
        *e = v;
    }
    /* host pointers and decoded code of the old view are stale */
    if (changed)
        map_changed(p);
}

static uint8_t pam_of(const struct phys *p, uint64_t pa)
{
    return pa >= PHYS_PAM_BASE && pa < PHYS_PAM_END ? p->pam[(pa - PHYS_PAM_BASE) >> 14] : 0;
}

/* Later regions win over earlier ones (a ROM mapped over RAM, MMIO over both). */
static struct region *find_region(struct phys *p, uint64_t pa)
{
    for (int i = p->nregions - 1; i >= 0; i--) {
        struct region *r = &p->regions[i];
        if (pa - r->base < r->size)
            return r;
    }
    return NULL;
}

/* An access crossing from one 16 KiB shadow segment to the next may
 * reach ROM on one side and RAM on the other. */
static bool pam_split(uint64_t pa, int size)
{
    return pa >= PHYS_PAM_BASE - 8 && pa < PHYS_PAM_END && ((pa ^ (pa + (uint64_t)size - 1)) >> 14);
}

/* The region an access of this direction reaches: a ROM or MMIO region in
 * A0000-FFFFF that the chipset routes to DRAM for it (PAM, SMRAM) gives
 * way to the RAM below. */
static struct region *find_region_acc(struct phys *p, uint64_t pa, bool write)
{
    struct region *r = find_region(p, pa);
    if (r && r->kind != REG_RAM_ALIAS && (pam_of(p, pa) & (write ? PHYS_PAM_WRITE : PHYS_PAM_READ)))
        return NULL;
    return r;
}

uint8_t *phys_host_page(struct phys *p, uint64_t pa, bool write)
{
    pa &= p->a20_mask;
    uint64_t page = pa & ~(uint64_t)(PAGE_SIZE - 1);
    struct region *r = find_region_acc(p, page, write);
    if (r) {
        /* only whole pages inside a ROM get a host pointer */
        if (r->kind != REG_ROM || write || page - r->base + PAGE_SIZE > r->size)
            return NULL;
        return r->host + (page - r->base);
    }
    /* a region that starts inside this page prevents a host pointer */
    for (int i = 0; i < p->nregions; i++)
        if (p->regions[i].base > page && p->regions[i].base < page + PAGE_SIZE)
            return NULL;
    if (page >= p->ram_size)
        return NULL;
    /* shadow RAM written while reads still come from the ROM: a TLB entry
     * filled for a write also serves reads, so no host pointer */
    if (write && !(pam_of(p, page) & PHYS_PAM_READ) && find_region(p, page))
        return NULL;
    if (write && p->code_map[page >> PAGE_SHIFT])
        return NULL;
    return p->ram + page;
}

static uint64_t load_le(const uint8_t *s, int size)
{
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--)
        v = (v << 8) | s[i];
    return v;
}

static void store_le(uint8_t *d, int size, uint64_t v)
{
    for (int i = 0; i < size; i++, v >>= 8)
        d[i] = (uint8_t)v;
}

uint64_t phys_read(struct phys *p, uint64_t pa, int size)
{
    pa &= p->a20_mask;
    struct region *r = find_region_acc(p, pa, false);
    if (pam_split(pa, size)) {
        /* byte by byte below */
    } else if (r) {
        uint64_t off = pa - r->base;
        if (r->kind == REG_MMIO)
            return r->ops->read ? r->ops->read(r->opaque, off, size) : ~0ull;
        if (off + (uint64_t)size <= r->size)
            return load_le(r->host + off, size);
        /* straddles the region end: byte by byte */
    } else if (pa + (uint64_t)size <= p->ram_size) {
        return load_le(p->ram + pa, size);
    }
    uint64_t v = 0;
    for (int i = size - 1; i >= 0; i--) {
        uint64_t a = (pa + (uint64_t)i) & p->a20_mask;
        struct region *q = find_region_acc(p, a, false);
        uint8_t b = 0xFF;
        if (q && q->kind == REG_MMIO)
            b = q->ops->read ? (uint8_t)q->ops->read(q->opaque, a - q->base, 1) : 0xFF;
        else if (q)
            b = q->host[a - q->base];
        else if (a < p->ram_size)
            b = p->ram[a];
        v = (v << 8) | b;
    }
    return v;
}

static void ram_written(struct phys *p, uint64_t pa, int size)
{
    uint64_t first = pa >> PAGE_SHIFT, last = (pa + (uint64_t)size - 1) >> PAGE_SHIFT;
    for (uint64_t pg = first; pg <= last && (pg << PAGE_SHIFT) < p->ram_size; pg++)
        if (p->code_map[pg] && p->code_written)
            p->code_written(p->code_opaque, pa, (unsigned)size);
}

void phys_write(struct phys *p, uint64_t pa, int size, uint64_t val)
{
    pa &= p->a20_mask;
    struct region *r = find_region_acc(p, pa, true);
    if (pam_split(pa, size)) {
        /* byte by byte below */
    } else if (r) {
        uint64_t off = pa - r->base;
        if (r->kind == REG_MMIO) {
            if (r->ops->write)
                r->ops->write(r->opaque, off, size, val);
            return;
        }
        if (off + (uint64_t)size <= r->size)
            return; /* ROM: writes ignored */
    } else if (pa + (uint64_t)size <= p->ram_size) {
        store_le(p->ram + pa, size, val);
        ram_written(p, pa, size);
        return;
    }
    for (int i = 0; i < size; i++, val >>= 8) {
        uint64_t a = (pa + (uint64_t)i) & p->a20_mask;
        struct region *q = find_region_acc(p, a, true);
        if (q && q->kind == REG_MMIO) {
            if (q->ops->write)
                q->ops->write(q->opaque, a - q->base, 1, val & 0xFF);
        } else if (!q && a < p->ram_size) {
            p->ram[a] = (uint8_t)val;
            ram_written(p, a, 1);
        }
    }
}

void phys_read_buf(struct phys *p, uint64_t pa, void *buf, size_t len)
{
    uint8_t *d = buf;
    for (size_t i = 0; i < len; i++)
        d[i] = (uint8_t)phys_read(p, pa + i, 1);
}

void phys_write_buf(struct phys *p, uint64_t pa, const void *buf, size_t len)
{
    const uint8_t *s = buf;
    for (size_t i = 0; i < len; i++)
        phys_write(p, pa + i, 1, s[i]);
}

void phys_mark_code(struct phys *p, uint64_t pa)
{
    pa &= p->a20_mask;
    if (pa < p->ram_size)
        p->code_map[pa >> PAGE_SHIFT] = 1;
}
