/* tests/unit/test_display.c: the key map and the terminal mirror (gui/). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "gui/display.h"

Test(keymap, main_keys)
{
    cr_assert_eq(keymap_hid_to_set1(0x04), 0x1E); /* A */
    cr_assert_eq(keymap_hid_to_set1(0x1D), 0x2C); /* Z */
    cr_assert_eq(keymap_hid_to_set1(0x1E), 0x02); /* 1 */
    cr_assert_eq(keymap_hid_to_set1(0x27), 0x0B); /* 0 */
    cr_assert_eq(keymap_hid_to_set1(0x28), 0x1C); /* Return */
    cr_assert_eq(keymap_hid_to_set1(0x29), 0x01); /* Escape */
    cr_assert_eq(keymap_hid_to_set1(0x3A), 0x3B); /* F1 */
    cr_assert_eq(keymap_hid_to_set1(0x43), 0x44); /* F10 */
    cr_assert_eq(keymap_hid_to_set1(0x44), 0x57); /* F11 */
    cr_assert_eq(keymap_hid_to_set1(0x45), 0x58); /* F12 */
    cr_assert_eq(keymap_hid_to_set1(0xE0), 0x1D); /* left Ctrl */
    cr_assert_eq(keymap_hid_to_set1(0xE2), 0x38); /* left Alt */
    cr_assert_eq(keymap_hid_to_set1(0x64), 0x56); /* 102nd key */
}

Test(keymap, extended_keys)
{
    cr_assert_eq(keymap_hid_to_set1(0x52), 0xE048); /* Up */
    cr_assert_eq(keymap_hid_to_set1(0x51), 0xE050); /* Down */
    cr_assert_eq(keymap_hid_to_set1(0x50), 0xE04B); /* Left */
    cr_assert_eq(keymap_hid_to_set1(0x4F), 0xE04D); /* Right */
    cr_assert_eq(keymap_hid_to_set1(0x4C), 0xE053); /* Delete */
    cr_assert_eq(keymap_hid_to_set1(0x58), 0xE01C); /* keypad Enter */
    cr_assert_eq(keymap_hid_to_set1(0x54), 0xE035); /* keypad / */
    cr_assert_eq(keymap_hid_to_set1(0xE4), 0xE01D); /* right Ctrl */
    cr_assert_eq(keymap_hid_to_set1(0xE6), 0xE038); /* AltGr */
    cr_assert_eq(keymap_hid_to_set1(0xE3), 0xE05B); /* left Windows */
    /* the keypad digits are not extended */
    cr_assert_eq(keymap_hid_to_set1(0x60), 0x48); /* keypad 8 */
    cr_assert_eq(keymap_hid_to_set1(0x01), 0);
    cr_assert_eq(keymap_hid_to_set1(0x1000), 0);
}

/* Every key the table knows maps to a distinct code, except \ and the ISO
 * non-US # key, which share a position. */
Test(keymap, codes_are_distinct)
{
    for (unsigned a = 0; a < 256; a++) {
        uint16_t ca = keymap_hid_to_set1(a);
        for (unsigned b = a + 1; ca && b < 256; b++)
            if (keymap_hid_to_set1(b) == ca)
                cr_assert(a == 0x31 && b == 0x32, "usages %#x and %#x both give %#x", a, b, ca);
    }
}

static void show(struct display *d, uint16_t cols, uint16_t rows, const uint16_t *cells)
{
    struct text_screen ts = {.cols = cols, .rows = rows, .cells = cells};
    display_term_ops.update(d, NULL, &ts);
}

Test(term, mirrors_the_text_screen_when_it_changes, .init = cr_redirect_stdout)
{
    struct display d = {.ops = &display_term_ops};
    struct config cfg;
    config_defaults(&cfg);
    cr_assert_eq(display_term_ops.open(&d, &cfg), 0);
    uint16_t cells[3 * 2];
    const uint8_t text[] = {'H', 'i', ' ', 0xC9, 0xCD, 0x01}; /* box corner, double line, smiley */
    for (int i = 0; i < 6; i++)
        cells[i] = (uint16_t)(text[i] | 0x0700);
    show(&d, 3, 2, cells);
    /* the same characters in another colour: nothing new to print */
    for (int i = 0; i < 6; i++)
        cells[i] = (uint16_t)(text[i] | 0x1E00);
    show(&d, 3, 2, cells);
    cells[1] = 'o' | 0x0700;
    show(&d, 3, 2, cells);
    display_term_ops.close(&d);
    fflush(stdout);
    cr_assert_stdout_eq_str("---- emu: screen 3x2 ----\n"
                            "Hi\n"
                            "╔═☺\n"
                            "---- emu: screen 3x2 ----\n"
                            "Ho\n"
                            "╔═☺\n");
}

Test(term, code_page_437_upper_half, .init = cr_redirect_stdout)
{
    struct display d = {.ops = &display_term_ops};
    struct config cfg;
    config_defaults(&cfg);
    cr_assert_eq(display_term_ops.open(&d, &cfg), 0);
    /* the last character of each row of the table, and 0xFF (NBSP) as blank */
    const uint8_t text[] = {0x8F, 0x9F, 0xAF, 0xBF, 0xCF, 0xDF, 0xEF, 0xFE, 0xFF, 'x'};
    uint16_t cells[10];
    for (int i = 0; i < 10; i++)
        cells[i] = text[i];
    show(&d, 10, 1, cells);
    display_term_ops.close(&d);
    fflush(stdout);
    cr_assert_stdout_eq_str("---- emu: screen 10x1 ----\nÅƒ»┐╧▀∩■ x\n");
}

Test(keymap, user_shortcut_names)
{
    uint16_t c[8];
    cr_assert_eq(keymap_shortcut("ctrl-alt-del", c, 8), 3);
    cr_assert_eq(c[0], 0x1D);
    cr_assert_eq(c[1], 0x38);
    cr_assert_eq(c[2], 0xE053);
    cr_assert_eq(keymap_shortcut("alt-f4", c, 8), 2);
    cr_assert_eq(c[1], 0x3E);
    cr_assert_eq(keymap_shortcut("win", c, 8), 1);
    cr_assert_eq(c[0], 0xE05B);
    cr_assert_eq(keymap_shortcut("ctrl-meta", c, 8), -1);
    cr_assert_eq(keymap_shortcut("", c, 8), -1);
    cr_assert_eq(keymap_shortcut("ctrl-alt-del", c, 2), -1);
}
