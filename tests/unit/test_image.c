/* tests/unit/test_image.c: the disk image layer: bounds and user errors. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "iodev/image.h"
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
    snprintf(want, sizeof want, "emu: %s: image mode 'vpc' is not supported (only flat)\n", path);
    cr_assert_stderr_eq_str(want);
    unlink(path);
}
