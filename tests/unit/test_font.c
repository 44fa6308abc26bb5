/* test_font.c — the shipped fonts.xml through fontconfig: fallback choice per script,
 * faces by weight, coverage, errors for a missing font, and subsets. */
#include "helpers.h"

#include "text/font.h"
#include "load/load.h"
#include "pipeline.h"

#include <stdlib.h>
#include <string.h>

static pg_fontset *fs;

static int setup(void **state)
{
    (void)state;
    pg_error err = {0};
    if (pg_pipeline_fonts(&fs, src_path("fonts/fonts.xml"), &err)) {
        pg_error_print(&err, stderr);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    pg_fontset_free(fs);
    return 0;
}

static const char *pick(const char *script, int bold, int italic, uint32_t cp)
{
    const pg_font *f = pg_fontset_pick(fs, -1, script, bold, italic, &cp, 1, NULL);
    return f ? pg_font_postscript_name(f) : "(none)";
}

static void test_font__fallback_chain_per_script(void **state)
{
    (void)state;
    assert_string_equal(pick("Latn", 0, 0, 'A'), "NotoSans-Regular");
    assert_string_equal(pick("Latn", 1, 0, 'A'), "NotoSans-Bold");
    assert_string_equal(pick("Latn", 0, 1, 'A'), "NotoSans-Italic");
    assert_string_equal(pick("Latn", 1, 1, 'A'), "NotoSans-BoldItalic");
    assert_string_equal(pick("Arab", 0, 0, 0x0628), "NotoSansArabic-Regular");
    /* Arabic has no italic face: the upright face of the same weight is used. */
    assert_string_equal(pick("Arab", 1, 1, 0x0628), "NotoSansArabic-Bold");
    assert_string_equal(pick("Deva", 0, 0, 0x0915), "NotoSansDevanagari-Regular");
    assert_string_equal(pick("Hebr", 0, 0, 0x05D0), "NotoSansHebrew-Regular");
    /* Digits in Arabic text come from the Arabic font when it has them... */
    assert_string_equal(pick("Arab", 0, 0, '3'), "NotoSansArabic-Regular");
    /* ...and a symbol Noto Sans and Noto Sans Symbols lack falls through to DejaVu. */
    assert_string_equal(pick("Zyyy", 0, 0, 0x2713), "DejaVuSans");
    assert_string_equal(pick("Latn", 0, 0, 0xE000), "(none)");
}

static void test_font__layout_family_is_tried_first(void **state)
{
    (void)state;
    int dejavu = pg_fontset_family(fs, "dejavu");
    assert_true(dejavu >= 0);
    uint32_t a = 'a';
    const pg_font *f = pg_fontset_pick(fs, dejavu, "Latn", 0, 0, &a, 1, NULL);
    assert_string_equal(pg_font_postscript_name(f), "DejaVuSans");
    assert_int_equal(pg_fontset_family(fs, "nonesuch"), -1);
}

static void test_font__missing_font_names_the_package(void **state)
{
    (void)state;
    pg_error err = {0};
    pg_fontset *bad = NULL;
    const char *p = write_tmp("font/fonts.xml",
                              "<fonts>\n<family name=\"x\">\n"
                              "<face match=\"No Such Font Family 42\" package=\"fonts-nonesuch\"/>"
                              "</family>\n<chain script=\"default\" families=\"x\"/></fonts>\n");
    assert_int_equal(pg_pipeline_fonts(&bad, p, &err), PG_EINPUT);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "not installed"));
    assert_non_null(strstr(err.msg, "apt-get install fonts-nonesuch"));
}

static void test_font__subset_keeps_glyph_ids_and_is_small(void **state)
{
    (void)state;
    uint32_t cp = 'A';
    const pg_font *f = pg_fontset_pick(fs, -1, "Latn", 0, 0, &cp, 1, NULL);
    uint32_t gids[] = {36, 37, 38};
    unsigned char *data = NULL;
    size_t len = 0;
    pg_error err = {0};
    assert_int_equal(pg_font_subset(&data, &len, f, gids, 3, &cp, 1, &err), 0);
    assert_true(len > 100);
    assert_true(len < 40000); /* the full face is over 500 KB */
    /* A TrueType file starts with version 1.0. */
    assert_int_equal(data[0], 0);
    assert_int_equal(data[1], 1);
    free(data);
    pg_font_metrics m = pg_font_get_metrics(f);
    assert_true(m.ascender > 0.9 && m.ascender < 1.2);
    assert_true(m.descender > 0.2 && m.descender < 0.4);
    assert_true(pg_font_glyph_width(f, 36) > 400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font__fallback_chain_per_script),
        cmocka_unit_test(test_font__layout_family_is_tried_first),
        cmocka_unit_test(test_font__missing_font_names_the_package),
        cmocka_unit_test(test_font__subset_keeps_glyph_ids_and_is_small),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
