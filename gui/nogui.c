/* gui/nogui.c: the headless back-ends.
 *
 * nogui shows nothing and reads nothing: the guest runs as on a machine
 * without a monitor (conformance ROMs, serial-console kernels). term is
 * nogui plus a mirror of the VGA text screen on standard output, printed
 * whenever the characters on it change (in text modes only). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "gui/display.h"

const struct display_ops display_nogui_ops = {.name = "nogui"};

/* Code page 437, the VGA's character set, as UTF-8, sixteen characters a
 * row; 0x00 and 0xFF (NBSP) print as spaces. */
static const char *const cp437[16] = {
    " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼", "►◄↕‼¶§▬↨↑↓→←∟↔▲▼", " !\"#$%&'()*+,-./", "0123456789:;<=>?",
    "@ABCDEFGHIJKLMNO", "PQRSTUVWXYZ[\\]^_", "`abcdefghijklmno", "pqrstuvwxyz{|}~⌂",
    "ÇüéâäàåçêëèïîìÄÅ", "ÉæÆôöòûùÿÖÜ¢£¥₧ƒ", "áíóúñÑªº¿⌐¬½¼¡«»", "░▒▓│┤╡╢╖╕╣║╗╝╜╛┐",
    "└┴┬├─┼╞╟╚╔╩╦╠═╬╧", "╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀", "αßΓπΣσµτΦΘΩδ∞φε∩", "≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ",
};

/* Appends the UTF-8 form of character c to out; returns the new length. */
static size_t put_cp437(char *out, size_t len, uint8_t c)
{
    const unsigned char *p = (const unsigned char *)cp437[c >> 4];
    for (int k = c & 15; k > 0; k--) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    do
        out[len++] = (char)*p++;
    while ((*p & 0xC0) == 0x80);
    return len;
}

struct term {
    FILE *out;
    bool tty;
    uint16_t cols, rows;
    uint8_t *chars; /* as last printed */
    char *line;
};

static int term_open(struct display *d, const struct config *cfg)
{
    (void)cfg;
    struct term *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->out = stdout;
    t->tty = isatty(fileno(stdout));
    d->priv = t;
    return 0;
}

static void term_update(struct display *d, const struct framebuffer *fb, const struct text_screen *ts)
{
    (void)fb;
    struct term *t = d->priv;
    if (!ts || !ts->cells || !ts->cols || !ts->rows)
        return;
    size_t n = (size_t)ts->cols * ts->rows;
    bool changed = ts->cols != t->cols || ts->rows != t->rows;
    if (changed) {
        uint8_t *c = realloc(t->chars, n);
        char *l = realloc(t->line, (size_t)ts->cols * 4 + 2);
        if (!c || !l) {
            free(c ? c : t->chars);
            free(l ? l : t->line);
            t->chars = NULL;
            t->line = NULL;
            t->cols = t->rows = 0;
            return;
        }
        t->chars = c;
        t->line = l;
        t->cols = ts->cols;
        t->rows = ts->rows;
    }
    for (size_t i = 0; i < n && !changed; i++)
        changed = t->chars[i] != (uint8_t)ts->cells[i];
    if (!changed)
        return;
    for (size_t i = 0; i < n; i++)
        t->chars[i] = (uint8_t)ts->cells[i];
    /* on a terminal, redraw in place; into a file or pipe, one screen after
     * the other with a separator */
    if (t->tty)
        fputs("\033[H\033[2J", t->out);
    else
        fprintf(t->out, "---- emu: screen %ux%u ----\n", t->cols, t->rows);
    for (unsigned r = 0; r < t->rows; r++) {
        size_t len = 0, end = 0;
        for (unsigned c = 0; c < t->cols; c++) {
            uint8_t ch = t->chars[r * t->cols + c];
            len = put_cp437(t->line, len, ch);
            if (ch != ' ' && ch != 0 && ch != 0xFF)
                end = len; /* trailing blanks are not printed */
        }
        t->line[end] = '\n';
        fwrite(t->line, 1, end + 1, t->out);
    }
    fflush(t->out);
}

static void term_close(struct display *d)
{
    struct term *t = d->priv;
    if (!t)
        return;
    free(t->chars);
    free(t->line);
    free(t);
    d->priv = NULL;
}

const struct display_ops display_term_ops = {
    .name = "term",
    .open = term_open,
    .update = term_update,
    .close = term_close,
};
