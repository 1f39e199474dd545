/* machine/snapshot.c: whole-machine snapshots (machine/snapshot.h).
 *
 * File: a 20-byte header (magic "EMUSNAP\0", u32 format version, u64
 * payload length; little-endian) so that a foreign or truncated file is
 * told apart before inflating, then the payload compressed with zlib
 * (compress2). Payload: the build id (u32 length + text), then sections,
 * each u32 name length, name, u64 body length, body:
 *   "cpu", "machine", "ram", "clock", one per device (by its name, in
 *   registration order), "timers" (the armed timers with their deadlines).
 *   The "ata" section ends with the redologs of volatile and undoable
 *   disks (image_save), so a restore sees the disks as they were.
 * Restoring checks every section's name in turn, so a different device
 * set or RAM size is one clear error naming the file.
 */
#include "machine/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "iodev/device.h"
#include "machine/machine.h"
#include "machine/state.h"
#include "machine/timer.h"
#include "machine/timerq.h"
#include "memory/phys.h"

#define SNAP_MAGIC "EMUSNAP"
#define SNAP_VERSION 2u /* 2: the ATA section holds the disks' redologs */
#define SNAP_HDR 20u /* magic 8, version 4, payload length 8 */

/* what a snapshot's raw CPU fields depend on */
static void build_id(char *buf, size_t size)
{
    snprintf(buf, size, "emu cpu=%zu fpu=%zu xmm=%zu seg=%zu lf=%zu", sizeof(struct cpu),
             sizeof(struct fpu), sizeof(struct xmm), sizeof(struct seg), sizeof(struct lazyflags));
}

static void put_str(struct state_writer *w, const char *s)
{
    uint32_t len = (uint32_t)strlen(s);
    state_put_u32(w, len);
    state_put(w, s, len);
}

/* 0 when the next string is s */
static int expect_str(struct state_reader *r, const char *s)
{
    char buf[128];
    uint32_t len = state_get_u32(r);
    if (r->error || len != strlen(s) || len >= sizeof buf || state_get(r, buf, len) < 0)
        return -1;
    return memcmp(buf, s, len) ? -1 : 0;
}

/* A section: name, then its body's length patched in at the end. */
static size_t begin_section(struct state_writer *w, const char *name)
{
    put_str(w, name);
    size_t at = w->len;
    state_put_u64(w, 0);
    return at;
}

static void end_section(struct state_writer *w, size_t at)
{
    if (w->error)
        return;
    uint64_t len = w->len - at - 8;
    for (int i = 0; i < 8; i++)
        w->buf[at + i] = (uint8_t)(len >> (8 * i));
}

/* Opens section name: r2 reads exactly its body; r moves past it. */
static int open_section(struct state_reader *r, const char *name, struct state_reader *r2)
{
    if (expect_str(r, name) < 0)
        return -1;
    uint64_t len = state_get_u64(r);
    if (r->error || len > r->len - r->pos)
        return -1;
    *r2 = (struct state_reader){.buf = r->buf + r->pos, .len = (size_t)len};
    r->pos += (size_t)len;
    return 0;
}

#define CPU_FIELDS(X)                                                                     \
    X(gpr) X(rip) X(insn_rip) X(eflags) X(lf) X(seg) X(ldtr) X(tr) X(gdtr) X(idtr) X(cr0) \
    X(cr2) X(cr3) X(cr4) X(cr8) X(pdpte) X(dr) X(efer) X(tsc_offset) X(msr_sysenter_cs)   \
    X(msr_sysenter_esp) X(msr_sysenter_eip) X(msr_star) X(msr_lstar) X(msr_cstar)         \
    X(msr_sfmask) X(msr_kernel_gs_base) X(msr_apic_base) X(msr_pat) X(msr_misc_enable)    \
    X(msr_tsc_aux) X(msr_mtrr_deftype) X(msr_mtrr_fixed) X(msr_mtrr_var) X(model)         \
    X(dbg_armed) X(dbg_pending) X(acc_check) X(mode) X(dmode) X(cpl) X(halted)            \
    X(intr_shadow) X(nmi_pending) X(pending_step) X(icount) X(nfaults) X(exc_vec)         \
    X(exc_err) X(exc_has_err) X(fault_depth) X(pending_vec) X(pending_err)                \
    X(pending_has_err) X(triple_fault) X(fpu) X(xmm) X(cpuid_level)

static void save_cpu(struct cpu *c, struct state_writer *w)
{
#define PUT(f) state_put(w, &c->f, sizeof c->f);
    CPU_FIELDS(PUT)
#undef PUT
}

static int load_cpu(struct cpu *c, struct state_reader *r)
{
    struct cpu *t = malloc(sizeof *t);
    if (!t)
        return -1;
    /* read into a copy first: a short section changes nothing */
#define GET(f) state_get(r, &t->f, sizeof t->f);
    CPU_FIELDS(GET)
#undef GET
    if (r->error || r->pos != r->len) {
        free(t);
        return -1;
    }
#define SET(f) memcpy(&c->f, &t->f, sizeof c->f);
    CPU_FIELDS(SET)
#undef SET
    free(t);
    return 0;
}

static void save_machine(struct machine *m, struct state_writer *w)
{
    state_put_u32(w, (uint32_t)m->shutdown_idx);
    state_put(w, &m->port92, 1);
    for (int i = 0; i < 16; i++)
        state_put_u32(w, m->irq_sources[i]);
}

static int load_machine(struct machine *m, struct state_reader *r)
{
    uint32_t sd = state_get_u32(r);
    uint8_t p92;
    state_get(r, &p92, 1);
    uint32_t src[16];
    for (int i = 0; i < 16; i++)
        src[i] = state_get_u32(r);
    if (r->error || r->pos != r->len)
        return -1;
    m->shutdown_idx = (int)sd;
    m->port92 = p92;
    memcpy(m->irq_sources, src, sizeof src);
    return 0;
}

static void save_ram(struct phys *p, struct state_writer *w)
{
    state_put_u64(w, p->ram_size);
    state_put_u64(w, p->a20_mask);
    state_put(w, p->pam, sizeof p->pam);
    state_put(w, p->ram, p->ram_size);
}

static int load_ram(struct phys *p, struct state_reader *r)
{
    uint64_t size = state_get_u64(r), a20 = state_get_u64(r);
    uint8_t pam[sizeof p->pam];
    state_get(r, pam, sizeof pam);
    if (r->error || size != p->ram_size || r->len - r->pos != size)
        return -1;
    state_get(r, p->ram, size);
    phys_set_a20(p, a20 == ~0ull);
    for (unsigned i = 0; i < sizeof pam; i++)
        phys_set_pam(p, PHYS_PAM_BASE + i * 0x4000u, 0x4000u, pam[i] & PHYS_PAM_READ, pam[i] & PHYS_PAM_WRITE);
    return 0;
}

/* Translations and decoded code are rebuilt from the state; the run loop
 * starts a new slice. */
static void flush_derived(struct machine *m)
{
    cpu_tlb_flush(m->cpu);
    if (m->phys->map_changed)
        m->phys->map_changed(m->phys->map_opaque); /* drops decoded code too */
    m->cpu->stop = true;
}

int snapshot_save(struct machine *m, const char *path)
{
    struct state_writer w = {0};
    char id[128];
    build_id(id, sizeof id);
    put_str(&w, id);
    size_t at = begin_section(&w, "cpu");
    save_cpu(m->cpu, &w);
    end_section(&w, at);
    at = begin_section(&w, "machine");
    save_machine(m, &w);
    end_section(&w, at);
    at = begin_section(&w, "ram");
    save_ram(m->phys, &w);
    end_section(&w, at);
    at = begin_section(&w, "clock");
    state_put_u64(&w, timerq_now_ticks(m->timers) - m->cpu->icount);
    state_put_u64(&w, (uint64_t)machine_time0(m));
    end_section(&w, at);
    for (int i = 0; i < m->ndevices; i++) {
        at = begin_section(&w, m->devices[i].ops->name);
        if (m->devices[i].ops->save)
            m->devices[i].ops->save(m->devices[i].opaque, &w);
        end_section(&w, at);
    }
    at = begin_section(&w, "timers");
    timerq_save(m->timers, &w);
    end_section(&w, at);
    if (w.error) {
        free(w.buf);
        fprintf(stderr, "emu: %s: out of memory saving the snapshot\n", path);
        return -1;
    }
    uLongf clen = compressBound(w.len);
    uint8_t *out = malloc(SNAP_HDR + clen);
    if (!out || compress2(out + SNAP_HDR, &clen, w.buf, w.len, 6) != Z_OK) {
        free(out);
        free(w.buf);
        fprintf(stderr, "emu: %s: cannot compress the snapshot\n", path);
        return -1;
    }
    memcpy(out, SNAP_MAGIC, 8);
    for (int i = 0; i < 4; i++)
        out[8 + i] = (uint8_t)(SNAP_VERSION >> (8 * i));
    for (int i = 0; i < 8; i++)
        out[12 + i] = (uint8_t)((uint64_t)w.len >> (8 * i));
    free(w.buf);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(out, 1, SNAP_HDR + clen, f) == SNAP_HDR + clen;
    if (f && fclose(f) != 0)
        ok = 0;
    free(out);
    if (!ok) {
        fprintf(stderr, "emu: %s: cannot write the snapshot: %s\n", path, strerror(errno));
        return -1;
    }
    log_info(m, "snapshot", "saved %s at instruction %llu", path, (unsigned long long)m->cpu->icount);
    return 0;
}

static int restore_payload(struct machine *m, struct state_reader *r, const char **what)
{
    struct state_reader s;
    char id[128];
    build_id(id, sizeof id);
    *what = "it was saved by a different build of emu";
    if (expect_str(r, id) < 0)
        return -1;
    *what = "the CPU state is damaged";
    if (open_section(r, "cpu", &s) < 0 || load_cpu(m->cpu, &s) < 0)
        return -1;
    *what = "the machine state is damaged";
    if (open_section(r, "machine", &s) < 0 || load_machine(m, &s) < 0)
        return -1;
    *what = "its RAM size differs from this machine's";
    if (open_section(r, "ram", &s) < 0 || load_ram(m->phys, &s) < 0)
        return -1;
    *what = "the clock state is damaged";
    if (open_section(r, "clock", &s) < 0)
        return -1;
    uint64_t idle = state_get_u64(&s), time0 = state_get_u64(&s);
    if (s.error || s.pos != s.len)
        return -1;
    timerq_set_clock(m->timers, idle, (int64_t)time0);
    for (int i = 0; i < m->ndevices; i++) {
        *what = "its device set differs from this machine's";
        if (open_section(r, m->devices[i].ops->name, &s) < 0)
            return -1;
        *what = "a device's state is damaged";
        if (m->devices[i].ops->load && m->devices[i].ops->load(m->devices[i].opaque, &s) < 0)
            return -1;
    }
    *what = "its device set differs from this machine's";
    if (open_section(r, "timers", &s) < 0 || timerq_load(m->timers, &s) < 0 || r->pos != r->len)
        return -1;
    return 0;
}

int snapshot_restore(struct machine *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "emu: %s: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *file = NULL;
    size_t flen = 0, cap = 0;
    for (;;) {
        if (flen == cap) {
            cap = cap ? cap * 2 : 1u << 20;
            uint8_t *nb = realloc(file, cap);
            if (!nb)
                break;
            file = nb;
        }
        size_t n = fread(file + flen, 1, cap - flen, f);
        flen += n;
        if (n == 0)
            break;
    }
    int err = ferror(f);
    fclose(f);
    const char *what = NULL;
    uint64_t plen = 0;
    if (err || !file)
        what = "read error";
    else if (flen < SNAP_HDR || memcmp(file, SNAP_MAGIC, 8))
        what = "not an emu snapshot";
    else if ((file[8] | file[9] << 8 | file[10] << 16 | (uint32_t)file[11] << 24) != SNAP_VERSION)
        what = "unsupported snapshot version";
    for (int i = 0; !what && i < 8; i++)
        plen |= (uint64_t)file[12 + i] << (8 * i);
    uint8_t *payload = NULL;
    if (!what && (plen > ((uint64_t)1 << 40) || !(payload = malloc(plen ? plen : 1))))
        what = "snapshot too large";
    if (!what) {
        uLongf dlen = plen;
        if (uncompress(payload, &dlen, file + SNAP_HDR, flen - SNAP_HDR) != Z_OK || dlen != plen)
            what = "truncated or damaged snapshot";
    }
    free(file);
    if (!what) {
        struct state_reader r = {.buf = payload, .len = plen};
        if (restore_payload(m, &r, &what) == 0)
            what = NULL;
    }
    free(payload);
    if (what) {
        fprintf(stderr, "emu: %s: cannot restore the snapshot: %s\n", path, what);
        return -1;
    }
    /* derived state: decoded code, translations, the mode */
    struct cpu *c = m->cpu;
    cpu_update_mode(c);
    flush_derived(m);
    log_info(m, "snapshot", "restored %s at instruction %llu", path, (unsigned long long)c->icount);
    return 0;
}
