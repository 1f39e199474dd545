/* tests/unit/test_image.c: the disk image layer: bounds and user errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include <sys/stat.h>

#include "iodev/image.h"
#include "machine/state.h"
#include "devtest.h"

Test(image, flat_read_write_round_trip)
{
    char path[64];
    dt_image(path, 4096);
    struct image *im = image_open(path, IMG_FLAT, false);
    cr_assert_not_null(im);
    cr_assert_eq(im->size, 4096);
    uint8_t buf[16];
    cr_assert_eq(image_read(im, 512, buf, 16), 0);
    cr_assert_eq(buf[0], dt_pattern(512));
    memset(buf, 0x5A, sizeof buf);
    cr_assert_eq(image_write(im, 4080, buf, 16), 0);
    cr_assert_eq(image_flush(im), 0);
    uint8_t back[16] = {0};
    cr_assert_eq(image_read(im, 4080, back, 16), 0);
    cr_assert_arr_eq(back, buf, 16);
    image_close(im);
    unlink(path);
}

Test(image, accesses_outside_fail_and_do_not_grow_the_file)
{
    char path[64];
    dt_image(path, 1024);
    struct image *im = image_open(path, IMG_FLAT, false);
    uint8_t buf[512] = {0};
    cr_assert_eq(image_read(im, 1024, buf, 1), -1);
    cr_assert_eq(image_read(im, 600, buf, 512), -1);
    cr_assert_eq(image_write(im, 1020, buf, 8), -1);
    cr_assert_eq(image_write(im, UINT64_MAX - 4, buf, 8), -1);
    cr_assert_eq(image_read(im, 512, buf, 512), 0);
    image_close(im);
    FILE *f = fopen(path, "rb");
    fseek(f, 0, SEEK_END);
    cr_assert_eq(ftell(f), 1024);
    fclose(f);
    unlink(path);
}

Test(image, read_only_refuses_writes)
{
    char path[64];
    dt_image(path, 1024);
    struct image *im = image_open(path, IMG_FLAT, true);
    uint8_t b = 1;
    cr_assert_eq(image_write(im, 0, &b, 1), -1);
    cr_assert_eq(image_read(im, 0, &b, 1), 0);
    cr_assert_eq(b, dt_pattern(0));
    image_close(im);
    unlink(path);
}

Test(image, missing_file_is_one_message_naming_it, .init = cr_redirect_stderr)
{
    cr_assert_null(image_open("/nonexistent/disk.img", IMG_FLAT, false));
    fflush(stderr);
    cr_assert_stderr_eq_str("emu: /nonexistent/disk.img: No such file or directory\n");
}

Test(image, unsupported_mode_names_the_file, .init = cr_redirect_stderr)
{
    char path[64];
    dt_image(path, 512);
    cr_assert_null(image_open(path, IMG_VPC, false));
    fflush(stderr);
    char want[160];
    snprintf(want, sizeof want, "emu: %s: image mode 'vpc' is not supported (flat, growing, volatile or undoable)\n",
             path);
    cr_assert_stderr_eq_str(want);
    unlink(path);
}

/* ---- helpers for the redolog modes ---- */

static uint64_t file_size(const char *path)
{
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s", path);
    return (uint64_t)st.st_size;
}

/* true when the file still holds dt_pattern everywhere */
static bool untouched(const char *path, uint64_t size)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    bool ok = true;
    for (uint64_t i = 0; i < size && ok; i++)
        ok = fgetc(f) == dt_pattern(i);
    ok = ok && fgetc(f) == EOF;
    fclose(f);
    return ok;
}

static void scribble(struct image *im)
{
    uint8_t buf[1536];
    memset(buf, 0xA5, sizeof buf);
    cr_assert_eq(image_write(im, 1000, buf, sizeof buf), 0); /* unaligned, three sectors */
    memset(buf, 0x3C, 512);
    cr_assert_eq(image_write(im, im->size - 512, buf, 512), 0);
}

static void check_scribble(struct image *im, bool on_pattern)
{
    uint8_t buf[4096];
    cr_assert_eq(image_read(im, 0, buf, 4096), 0);
    for (int i = 0; i < 4096; i++) {
        uint8_t want = i >= 1000 && i < 2536 ? 0xA5 : on_pattern ? dt_pattern((uint64_t)i) : 0;
        cr_assert_eq(buf[i], want, "byte %d: %02x, want %02x", i, buf[i], want);
    }
    cr_assert_eq(image_read(im, im->size - 512, buf, 512), 0);
    cr_assert_eq(buf[0], 0x3C);
    cr_assert_eq(buf[511], 0x3C);
}

Test(image, volatile_keeps_writes_in_memory_and_never_writes_the_base)
{
    char path[64];
    const uint64_t size = 3u << 20; /* more than one extent */
    dt_image(path, size);
    struct image *im = image_open(path, IMG_VOLATILE, false);
    cr_assert_not_null(im);
    cr_assert_eq(im->size, size);
    scribble(im);
    cr_assert_eq(image_flush(im), 0);
    check_scribble(im, true);
    uint8_t b;
    cr_assert_eq(image_write(im, size, &b, 1), -1);
    cr_assert(untouched(path, size));
    image_close(im);
    cr_assert(untouched(path, size));
    im = image_open(path, IMG_VOLATILE, false); /* the writes are gone */
    uint8_t buf[512];
    cr_assert_eq(image_read(im, 1024, buf, 512), 0);
    cr_assert_eq(buf[0], dt_pattern(1024));
    image_close(im);
    unlink(path);
}

Test(image, undoable_logs_beside_the_base_and_keeps_the_log_across_runs)
{
    char path[64], log[80];
    const uint64_t size = 5u << 20;
    dt_image(path, size);
    snprintf(log, sizeof log, "%s.redolog", path);
    struct image *im = image_open(path, IMG_UNDOABLE, false);
    cr_assert_not_null(im);
    scribble(im);
    check_scribble(im, true);
    image_close(im);
    cr_assert(untouched(path, size));
    /* the Bochs header */
    FILE *f = fopen(log, "rb");
    cr_assert_not_null(f);
    char h[96];
    cr_assert_eq(fread(h, 1, sizeof h, f), sizeof h);
    fclose(f);
    cr_assert_str_eq(h, "Bochs Virtual HD Image");
    cr_assert_str_eq(h + 32, "Redolog");
    cr_assert_str_eq(h + 48, "Undoable");
    /* the next run sees the writes */
    im = image_open(path, IMG_UNDOABLE, false);
    cr_assert_not_null(im);
    check_scribble(im, true);
    image_close(im);
    cr_assert(untouched(path, size));
    /* --commit merges them and removes the log */
    image_set_commit(true);
    im = image_open(path, IMG_UNDOABLE, false);
    image_close(im);
    image_set_commit(false);
    cr_assert_eq(access(log, F_OK), -1);
    im = image_open(path, IMG_FLAT, true);
    check_scribble(im, true);
    image_close(im);
    unlink(path);
}

Test(image, undoable_journal_names_the_log)
{
    char path[64], log[80];
    dt_image(path, 8192);
    snprintf(log, sizeof log, "%s.mylog", path);
    struct image *im = image_open_journal(path, IMG_UNDOABLE, false, log);
    cr_assert_not_null(im);
    uint8_t b = 0x77;
    cr_assert_eq(image_write(im, 8191, &b, 1), 0);
    image_close(im);
    cr_assert(file_size(log) > 512);
    cr_assert(untouched(path, 8192));
    unlink(log);
    unlink(path);
}

Test(image, growing_starts_empty_round_trips_and_stays_sparse)
{
    char path[64];
    strcpy(path, "/tmp/emu-test-XXXXXX");
    close(mkstemp(path));
    const uint64_t size = 1ull << 30;
    cr_assert_eq(image_create_growing(path, size), 0);
    struct image *im = image_open(path, IMG_GROWING, false);
    cr_assert_not_null(im);
    cr_assert_eq(im->size, size);
    uint8_t buf[4096];
    cr_assert_eq(image_read(im, 12345, buf, sizeof buf), 0);
    for (size_t i = 0; i < sizeof buf; i++)
        cr_assert_eq(buf[i], 0);
    scribble(im);
    check_scribble(im, false);
    uint8_t b = 0;
    cr_assert_eq(image_write(im, size - 1, &b, 2), -1);
    image_close(im);
    cr_assert(file_size(path) < (8u << 20), "a growing image only holds what was written");
    im = image_open(path, IMG_GROWING, true);
    check_scribble(im, false);
    cr_assert_eq(image_write(im, 0, &b, 1), -1);
    image_close(im);
    unlink(path);
}

Test(image, truncated_growing_header_is_one_message, .init = cr_redirect_stderr)
{
    char path[64];
    strcpy(path, "/tmp/emu-test-XXXXXX");
    close(mkstemp(path));
    cr_assert_eq(image_create_growing(path, 1u << 20), 0);
    cr_assert_eq(truncate(path, 100), 0);
    cr_assert_null(image_open(path, IMG_GROWING, false));
    fflush(stderr);
    char want[160];
    snprintf(want, sizeof want, "emu: %s: truncated redolog header (100 of 512 bytes)\n", path);
    cr_assert_stderr_eq_str(want);
    unlink(path);
}

Test(image, truncated_growing_catalog_is_an_error, .init = cr_redirect_stderr)
{
    char path[64];
    strcpy(path, "/tmp/emu-test-XXXXXX");
    close(mkstemp(path));
    cr_assert_eq(image_create_growing(path, 1u << 20), 0);
    cr_assert_eq(truncate(path, 1000), 0);
    cr_assert_null(image_open(path, IMG_GROWING, false));
    unlink(path);
}

Test(image, flat_file_is_not_a_growing_image, .init = cr_redirect_stderr)
{
    char path[64];
    dt_image(path, 4096);
    cr_assert_null(image_open(path, IMG_GROWING, false));
    fflush(stderr);
    char want[200];
    snprintf(want, sizeof want,
             "emu: %s: not a Bochs redolog/growing image (no \"Bochs Virtual HD Image\" \"Redolog\" header)\n",
             path);
    cr_assert_stderr_eq_str(want);
    unlink(path);
}

Test(image, undoable_log_of_another_size_is_refused, .init = cr_redirect_stderr)
{
    char path[64], log[80];
    dt_image(path, 8192);
    snprintf(log, sizeof log, "%s.redolog", path);
    image_close(image_open(path, IMG_UNDOABLE, false));
    cr_assert_eq(truncate(path, 4096), 0);
    cr_assert_null(image_open(path, IMG_UNDOABLE, false));
    unlink(log);
    unlink(path);
}

/* ---- snapshots: the redolog travels with the machine state ---- */

static void snapshot_round_trip(enum image_mode mode)
{
    char path[64], log[80];
    dt_image(path, 64 * 1024);
    snprintf(log, sizeof log, "%s.redolog", path);
    struct image *im = image_open(path, mode, false);
    cr_assert_not_null(im);
    uint8_t a[512], b[512], got[512];
    memset(a, 0xA1, sizeof a);
    memset(b, 0xB2, sizeof b);
    cr_assert_eq(image_write(im, 10 * 512, a, 512), 0);
    struct state_writer w = {0};
    image_save(im, &w);
    cr_assert_eq(w.error, 0);
    /* written after the save: sector 10 again and a new sector 100 */
    cr_assert_eq(image_write(im, 10 * 512, b, 512), 0);
    cr_assert_eq(image_write(im, 100 * 512, b, 512), 0);
    struct state_reader r = {.buf = w.buf, .len = w.len};
    cr_assert_eq(image_load(im, &r), 0);
    cr_assert_eq(r.pos, r.len);
    cr_assert_eq(image_read(im, 10 * 512, got, 512), 0);
    cr_assert_arr_eq(got, a, 512);
    cr_assert_eq(image_read(im, 100 * 512, got, 512), 0);
    cr_assert_eq(got[0], dt_pattern(100 * 512));
    cr_assert_eq(got[511], dt_pattern(100 * 512 + 511));
    /* the restored log keeps working */
    cr_assert_eq(image_write(im, 101 * 512, b, 512), 0);
    cr_assert_eq(image_read(im, 101 * 512, got, 512), 0);
    cr_assert_arr_eq(got, b, 512);
    /* another kind of image refuses the saved state */
    struct image *flat = image_open(path, IMG_FLAT, true);
    struct state_reader r2 = {.buf = w.buf, .len = w.len};
    cr_assert_eq(image_load(flat, &r2), -1);
    image_close(flat);
    image_close(im);
    if (mode == IMG_UNDOABLE) {
        /* the log on disk is the restored one */
        im = image_open(path, mode, false);
        cr_assert_eq(image_read(im, 10 * 512, got, 512), 0);
        cr_assert_arr_eq(got, a, 512);
        cr_assert_eq(image_read(im, 100 * 512, got, 512), 0);
        cr_assert_eq(got[0], dt_pattern(100 * 512));
        image_close(im);
        unlink(log);
    }
    free(w.buf);
    unlink(path);
}

Test(image, volatile_redolog_is_saved_and_restored) { snapshot_round_trip(IMG_VOLATILE); }
Test(image, undoable_redolog_is_saved_and_restored) { snapshot_round_trip(IMG_UNDOABLE); }

Test(image, flat_saves_only_a_marker)
{
    char path[64];
    dt_image(path, 4096);
    struct image *im = image_open(path, IMG_FLAT, false);
    struct state_writer w = {0};
    image_save(im, &w);
    cr_assert_eq(w.len, 4);
    struct state_reader r = {.buf = w.buf, .len = w.len};
    cr_assert_eq(image_load(im, &r), 0);
    struct image *vol = image_open(path, IMG_VOLATILE, false);
    struct state_reader r2 = {.buf = w.buf, .len = w.len};
    cr_assert_eq(image_load(vol, &r2), -1);
    image_close(vol);
    image_close(im);
    free(w.buf);
    unlink(path);
}
