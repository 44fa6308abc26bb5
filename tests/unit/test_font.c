/* test_font.c — the shipped fonts.xml through fontconfig: fallback choice per script,
 * faces by weight, coverage, errors for a missing font, and subsets. */
#include "helpers.h"

#include "text/font.h"
#include "load/load.h"
#include "pipeline.h"

#include <hb.h>
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
    const pg_font *f = pg_fontset_pick(fs, -1, script, NULL, NULL, bold, italic, &cp, 1, NULL);
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
    const pg_font *f = pg_fontset_pick(fs, dejavu, "Latn", NULL, NULL, 0, 0, &a, 1, NULL);
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
    /* Faces open when a document first needs them: then the missing one is named, with
     * its line and package, and its text has no font. */
    assert_int_equal(pg_pipeline_fonts(&bad, p, &err), 0);
    assert_null(pg_fontset_missing(bad));
    uint32_t cp = 'A';
    assert_null(pg_fontset_pick(bad, -1, "Latn", NULL, NULL, 0, 0, &cp, 1, NULL));
    const char *why = pg_fontset_missing(bad);
    assert_non_null(why);
    assert_non_null(strstr(why, "fonts.xml:3:"));
    assert_non_null(strstr(why, "not installed"));
    assert_non_null(strstr(why, "apt-get install fonts-nonesuch"));
    pg_fontset_free(bad);
}

static void test_font__subset_keeps_glyph_ids_and_is_small(void **state)
{
    (void)state;
    uint32_t cp = 'A';
    const pg_font *f = pg_fontset_pick(fs, -1, "Latn", NULL, NULL, 0, 0, &cp, 1, NULL);
    uint32_t gids[] = {36, 37, 38}; /* A, B, C in Noto Sans */
    unsigned char *data = NULL;
    size_t len = 0;
    pg_error err = {0};
    assert_int_equal(pg_font_subset(&data, &len, f, gids, 3, &cp, 1, &err), 0);
    assert_true(len > 100);
    assert_true(len < 40000); /* the full face is over 500 KB */
    /* A TrueType file starts with version 1.0. */
    assert_int_equal(data[0], 0);
    assert_int_equal(data[1], 1);
    /* The PDF draws the original glyph ids, so each must still name the same glyph in the
     * subset: the subset has room for them, and gives the same advance, outline box and
     * cmap entry as the original (both read at the faces' own units per em). */
    hb_blob_t *blob =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *sub_face = hb_face_create(blob, 0);
    hb_font_t *sub = hb_font_create(sub_face);
    hb_font_t *orig = hb_font_create(hb_font_get_face(pg_font_hb(f)));
    assert_int_equal(hb_face_get_upem(sub_face), hb_face_get_upem(hb_font_get_face(orig)));
    for (size_t i = 0; i < 3; i++)
        assert_true(hb_face_get_glyph_count(sub_face) > gids[i]);
    for (size_t i = 0; i < 3; i++) {
        hb_glyph_extents_t want, got;
        assert_true(hb_font_get_glyph_extents(orig, gids[i], &want));
        assert_true(want.width > 0 && want.height < 0); /* a real outline, not an empty glyph */
        assert_true(hb_font_get_glyph_extents(sub, gids[i], &got));
        assert_int_equal(got.x_bearing, want.x_bearing);
        assert_int_equal(got.y_bearing, want.y_bearing);
        assert_int_equal(got.width, want.width);
        assert_int_equal(got.height, want.height);
        assert_int_equal(hb_font_get_glyph_h_advance(sub, gids[i]),
                         hb_font_get_glyph_h_advance(orig, gids[i]));
    }
    hb_codepoint_t g_orig = 0, g_sub = 0;
    assert_true(hb_font_get_nominal_glyph(orig, 'A', &g_orig));
    assert_int_equal(g_orig, 36);
    assert_true(hb_font_get_nominal_glyph(sub, 'A', &g_sub));
    assert_int_equal(g_sub, g_orig);
    hb_font_destroy(orig);
    hb_font_destroy(sub);
    hb_face_destroy(sub_face);
    hb_blob_destroy(blob);
    free(data);
    pg_font_metrics m = pg_font_get_metrics(f);
    assert_true(m.ascender > 0.9 && m.ascender < 1.2);
    assert_true(m.descender > 0.2 && m.descender < 0.4);
    assert_true(pg_font_glyph_width(f, 36) > 400);
}

/* A font remembers its last subsets by glyph set and character set, in any order: the
 * same sets give the bytes made the first time, another character set other bytes. */
static void test_font__subsets_are_remembered_by_their_sets(void **state)
{
    (void)state;
    uint32_t cp = 'A';
    const pg_font *f = pg_fontset_pick(fs, -1, "Latn", NULL, NULL, 0, 0, &cp, 1, NULL);
    uint32_t gids[] = {36, 37, 38}, reordered[] = {38, 36, 37};
    uint32_t one[] = {'A'}, two[] = {'A', 'Z'};
    pg_error err = {0};
    unsigned char *a, *b, *c;
    size_t na, nb, nc;
    assert_int_equal(pg_font_subset(&a, &na, f, gids, 3, one, 1, &err), 0);
    assert_int_equal(pg_font_subset(&b, &nb, f, reordered, 3, one, 1, &err), 0);
    assert_int_equal(pg_font_subset(&c, &nc, f, gids, 3, two, 2, &err), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_true(nc != na || memcmp(a, c, na) != 0); /* 'Z' brings its glyph */
    /* Five other sets push the first out; made again, it is the same. */
    for (uint32_t k = 0; k < 5; k++) {
        uint32_t g[] = {40 + k}, u[] = {'E' + k};
        unsigned char *d;
        size_t nd;
        assert_int_equal(pg_font_subset(&d, &nd, f, g, 1, u, 1, &err), 0);
        free(d);
    }
    free(b);
    assert_int_equal(pg_font_subset(&b, &nb, f, gids, 3, one, 1, &err), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    free(c);
}

/* Faces are looked up in a quick configuration (fontconfig's caches of the usual font
 * folders) before the whole one: every face of the shipped fonts.xml, in each of its
 * styles, must be the one the whole configuration gives. */
static void test_font__quick_lookup_finds_what_fontconfig_finds(void **state)
{
    (void)state;
    int n = pg_fontset_n_families(fs);
    setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf", 1); /* only the whole one */
    pg_fontset *whole = NULL;
    pg_error err = {0};
    assert_int_equal(pg_pipeline_fonts(&whole, src_path("fonts/fonts.xml"), &err), 0);
    int compared = 0;
    for (int i = 0; i < n; i++)
        for (int style = 0; style < 4; style++) {
            const pg_font *a =
                pg_fontset_pick(fs, i, "Zzzz", NULL, NULL, style >> 1, style & 1, NULL, 0, NULL);
            const pg_font *b =
                pg_fontset_pick(whole, i, "Zzzz", NULL, NULL, style >> 1, style & 1, NULL, 0, NULL);
            assert_non_null(a);
            assert_non_null(b);
            assert_string_equal(pg_font_postscript_name(a), pg_font_postscript_name(b));
            assert_int_equal(pg_font_glyph_count(a), pg_font_glyph_count(b));
            compared++;
        }
    unsetenv("FONTCONFIG_FILE");
    pg_fontset_free(whole);
    assert_true(compared >= 4 * 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_font__fallback_chain_per_script),
        cmocka_unit_test(test_font__layout_family_is_tried_first),
        cmocka_unit_test(test_font__missing_font_names_the_package),
        cmocka_unit_test(test_font__quick_lookup_finds_what_fontconfig_finds),
        cmocka_unit_test(test_font__subset_keeps_glyph_ids_and_is_small),
        cmocka_unit_test(test_font__subsets_are_remembered_by_their_sets),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
