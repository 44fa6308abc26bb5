/* test_text.c — line breaking, bidi reordering and font coverage with the fake font
 * (every advance 0.5 em, glyph id = code point, so glyph ids spell the visual order). */
#include "helpers.h"

#include "text/text.h"

#include <stdio.h>
#include <string.h>

static pg_fontset *fonts;

static int setup(void **state)
{
    (void)state;
    fonts = pg_fontset_fake();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pg_fontset_free(fonts);
    return 0;
}

static const pg_text_style style10 = {-1, 10, 0, 0, {0, 0, 0, 1}};

static int lines_of(pg_line **out, const char *text, const char *lang, int rtl, double width,
                    pg_arena *a, pg_error *err)
{
    pg_shaper *sh = NULL;
    assert_int_equal(pg_shaper_new(&sh, fonts, lang, rtl, err), 0);
    pg_span sp = {text, 0, {"t.xml", 3, 5}};
    int n = 0;
    int rc = pg_text_lines(out, &n, sh, &sp, 1, &style10, width, a, err);
    pg_shaper_free(sh);
    return rc ? rc : n;
}

/* The glyph ids of a line, left to right, as UTF-8: its visual order. */
static const char *visual(const pg_line *l, pg_arena *a)
{
    char *s = pg_arena_alloc(a, 4096), *o = s;
    for (int r = 0; r < l->n_runs; r++)
        for (int g = 0; g < l->runs[r].n_glyphs; g++) {
            uint32_t c = l->runs[r].glyphs[g].gid;
            if (c < 0x80) {
                *o++ = (char)c;
            } else if (c < 0x800) {
                *o++ = (char)(0xC0 | (c >> 6));
                *o++ = (char)(0x80 | (c & 0x3F));
            } else {
                *o++ = (char)(0xE0 | (c >> 12));
                *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
                *o++ = (char)(0x80 | (c & 0x3F));
            }
        }
    *o = '\0';
    return s;
}

static void test_text__first_fit_breaking(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    /* Each character is 5 pt: "aaa bbb" is 35 pt wide. */
    assert_int_equal(lines_of(&l, "aaa bbb ccc", "en", 0, 35, a, &err), 2);
    assert_string_equal(l[0].utf8, "aaa bbb");
    assert_true(l[0].width == 35);
    assert_string_equal(l[1].utf8, "ccc");
    assert_int_equal(lines_of(&l, "aaa bbb ccc", "en", 0, 34.9, a, &err), 3);
    assert_int_equal(lines_of(&l, "  spaced   out  ", "en", 0, 1000, a, &err), 1);
    assert_string_equal(l[0].utf8, "spaced out");
    assert_true(l[0].width == 50);
    assert_int_equal(lines_of(&l, "", "en", 0, 100, a, &err), 0);
    pg_arena_free(a);
}

/* A table column's widths: its widest word, and its text on one line. */
static void test_text__narrowest_and_widest_widths(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_shaper *sh = NULL;
    assert_int_equal(pg_shaper_new(&sh, fonts, "en", 0, &err), 0);
    double mn, mx;
    pg_span sp = {"aa bbbbb c \xe2\x80\xa8"
                  "dd",
                  0,
                  {"t.xml", 1, 1}};
    assert_int_equal(pg_text_widths(&mn, &mx, sh, &sp, 1, &style10, a, &err), 0);
    assert_true(mn == 25); /* "bbbbb", 5 pt a character */
    assert_true(mx == 50); /* "aa bbbbb c" up to the forced break */
    /* "6 months" does not break: the number keeps its word. */
    sp.text = "6 months";
    assert_int_equal(pg_text_widths(&mn, &mx, sh, &sp, 1, &style10, a, &err), 0);
    assert_true(mn == 40 && mx == 40);
    sp.text = "";
    assert_int_equal(pg_text_widths(&mn, &mx, sh, &sp, 1, &style10, a, &err), 0);
    assert_true(mn == 0 && mx == 0);
    pg_shaper_free(sh);
    pg_arena_free(a);
}

static void test_text__forced_breaks_and_long_words(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    assert_int_equal(lines_of(&l, "one \xe2\x80\xa8two", "en", 0, 1000, a, &err), 2);
    assert_string_equal(l[0].utf8, "one");
    assert_string_equal(l[1].utf8, "two");
    char word[10001];
    memset(word, 'x', 10000);
    word[10000] = '\0';
    int n = lines_of(&l, word, "en", 0, 100, a, &err);
    assert_int_equal(n, 500); /* 20 characters of 5 pt per 100 pt line */
    for (int i = 0; i < n; i++)
        assert_true(l[i].width <= 100);
    pg_arena_free(a);
}

static void test_text__no_break_after_a_hyphen_in_a_word(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    /* "regardez-le" (55 pt) does not fit after "aa " on a 60 pt line: it goes down
     * whole, never "aa regardez-" / "le" (poppler would copy "regardezle"). */
    assert_int_equal(lines_of(&l, "aa regardez-le", "fr", 0, 60, a, &err), 2);
    assert_string_equal(l[0].utf8, "aa");
    assert_string_equal(l[1].utf8, "regardez-le");
    /* A phone number still breaks at its hyphen when it must. */
    assert_int_equal(lines_of(&l, "555 123-4567", "en", 0, 40, a, &err), 2);
    assert_string_equal(l[1].utf8, "123-4567");
    pg_arena_free(a);
}

static void test_text__a_number_keeps_its_word_and_no_lone_last_character(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    /* "durante 6" fits a 45 pt line, but the number goes down with its word. */
    assert_int_equal(lines_of(&l, "durante 6 meses", "es", 0, 45, a, &err), 2);
    assert_string_equal(l[0].utf8, "durante");
    assert_string_equal(l[1].utf8, "6 meses");
    /* With no space between ("5磅", five pounds) too. */
    assert_int_equal(lines_of(&l,
                              "\xe8\xb6\x85\xe8\xbf\x87"
                              "5\xe7\xa3\x85\xe9\x87\x8d",
                              "zh-Hans", 0, 15, a, &err),
                     2);
    assert_string_equal(l[0].utf8, "\xe8\xb6\x85\xe8\xbf\x87");
    assert_string_equal(l[1].utf8, "5\xe7\xa3\x85\xe9\x87\x8d");
    /* A range stays whole, and a spaced dash never begins a line. */
    assert_int_equal(lines_of(&l,
                              "stay 1\xe2\x80\x93"
                              "2 days",
                              "en", 0, 40, a, &err),
                     2);
    assert_string_equal(l[0].utf8, "stay");
    assert_int_equal(lines_of(&l, "aaaa \xe2\x80\x94 bb", "ru", 0, 30, a, &err), 2);
    assert_string_equal(l[0].utf8, "aaaa \xe2\x80\x94");
    /* Eight ideographs and a full stop on 35 pt lines (7 each) would leave "代。" alone:
     * the line before gives up one. */
    assert_int_equal(lines_of(&l, "一二三四五六七代。", "zh-Hans", 0, 35, a, &err), 2);
    assert_string_equal(l[0].utf8, "一二三四五六");
    assert_string_equal(l[1].utf8, "七代。");
    pg_arena_free(a);
}

static void test_text__bidi_lines_in_visual_order(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    /* Hebrew inside English: the Hebrew word reads right to left. */
    assert_int_equal(lines_of(&l, "abc \xd7\x90\xd7\x91\xd7\x92 def", "en", 0, 1000, a, &err), 1);
    assert_string_equal(visual(&l[0], a), "abc \xd7\x92\xd7\x91\xd7\x90 def");
    /* An English word and a number inside a right-to-left paragraph keep their order,
     * and the paragraph runs right to left around them. */
    assert_int_equal(lines_of(&l, "\xd7\x90\xd7\x91 MitraClip 123", "he", 1, 1000, a, &err), 1);
    assert_string_equal(visual(&l[0], a), "MitraClip 123 \xd7\x91\xd7\x90");
    /* Parentheses mirror in right-to-left text (UAX #9 L4). */
    assert_int_equal(lines_of(&l, "\xd7\x90(\xd7\x91)", "he", 1, 1000, a, &err), 1);
    assert_string_equal(visual(&l[0], a), "(\xd7\x91)\xd7\x90");
    /* Lines break in logical order and each is reordered on its own: the first logical
     * word of a right-to-left paragraph ends up at the right of the first line. */
    assert_int_equal(
        lines_of(&l, "\xd7\x90\xd7\x90 \xd7\x91\xd7\x91 \xd7\x92\xd7\x92", "he", 1, 25, a, &err),
        2);
    assert_string_equal(visual(&l[0], a), "\xd7\x91\xd7\x91 \xd7\x90\xd7\x90");
    assert_string_equal(visual(&l[1], a), "\xd7\x92\xd7\x92");
    pg_arena_free(a);
}

static void test_text__uncovered_character_is_an_error_at_its_place(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    assert_int_equal(lines_of(&l, "ab\xee\x80\x80", "en", 0, 1000, a, &err), PG_EINPUT);
    assert_string_equal(err.file, "t.xml");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 7);
    assert_non_null(strstr(err.msg, "no font covers U+E000 (<private use area-E000>)"));
    pg_arena_free(a);
}

static void test_text__cjk_and_korean_breaks(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    /* Chinese breaks between ideographs, but never before closing punctuation: with
     * room for four characters, "。" pulls "三" down with it. */
    assert_int_equal(
        lines_of(&l, "\xe4\xb8\x80\xe4\xba\x8c\xe5\x9b\x9b\xe4\xb8\x89\xe3\x80\x82\xe4\xba\x94",
                 "zh-Hans", 0, 20, a, &err),
        2);
    assert_string_equal(l[0].utf8, "\xe4\xb8\x80\xe4\xba\x8c\xe5\x9b\x9b");
    assert_string_equal(l[1].utf8, "\xe4\xb8\x89\xe3\x80\x82\xe4\xba\x94");
    /* Korean breaks between words only (keep-all), though UAX #14 allows any syllable. */
    const char *ko = "\xea\xb0\x80\xeb\x82\x98\xeb\x8b\xa4 \xeb\x9d\xbc\xeb\xa7\x88\xeb\xb0\x94";
    assert_int_equal(lines_of(&l, ko, "ko", 0, 20, a, &err), 2);
    assert_string_equal(l[0].utf8, "\xea\xb0\x80\xeb\x82\x98\xeb\x8b\xa4");
    /* The same text in Chinese rules would break inside the words. */
    assert_int_equal(lines_of(&l, ko, "zh", 0, 10, a, &err), 4);
    pg_arena_free(a);
}

static void test_text__copy_text_per_glyph(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_line *l;
    assert_int_equal(lines_of(&l, "h\xc3\xa9!", "fr", 0, 1000, a, &err), 1);
    const pg_glyph_run *r = &l[0].runs[0];
    assert_int_equal(r->n_glyphs, 3);
    assert_int_equal(r->glyphs[1].gid, 0xE9);
    assert_int_equal(r->glyphs[1].text_start, 1);
    assert_int_equal(r->glyphs[1].text_len, 1);
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text__first_fit_breaking),
        cmocka_unit_test(test_text__forced_breaks_and_long_words),
        cmocka_unit_test(test_text__no_break_after_a_hyphen_in_a_word),
        cmocka_unit_test(test_text__a_number_keeps_its_word_and_no_lone_last_character),
        cmocka_unit_test(test_text__bidi_lines_in_visual_order),
        cmocka_unit_test(test_text__uncovered_character_is_an_error_at_its_place),
        cmocka_unit_test(test_text__cjk_and_korean_breaks),
        cmocka_unit_test(test_text__copy_text_per_glyph),
        cmocka_unit_test(test_text__narrowest_and_widest_widths),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
