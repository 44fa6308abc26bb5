/* test_font.c — the shipped fonts.xml through fontconfig: fallback choice per script,
 * faces by weight, coverage, errors for a missing font, and subsets. */
#include "helpers.h"

#include "text/cff.h"
#include "text/font.h"
#include "load/load.h"
#include "pipeline.h"

#include <hb.h>
#include <math.h>
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

/* A HarfBuzz font reading the font file at data (kept by the caller while it is used). */
static hb_font_t *font_of_bytes(const unsigned char *data, size_t len)
{
    hb_blob_t *blob =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face); /* holds the face, which holds the blob */
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return font;
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
    assert_int_equal(pg_font_subset(&data, &len, NULL, f, gids, 3, &cp, 1, NULL, 0, &err), 0);
    assert_true(len > 100);
    assert_true(len < 40000); /* the full face is over 500 KB */
    /* A TrueType file starts with version 1.0. */
    assert_int_equal(data[0], 0);
    assert_int_equal(data[1], 1);
    /* The PDF draws the original glyph ids, so each must still name the same glyph in the
     * subset: the subset has room for them, and gives the same advance, outline box and
     * cmap entry as the original (both read at the faces' own units per em). */
    hb_font_t *sub = font_of_bytes(data, len);
    hb_face_t *sub_face = hb_font_get_face(sub);
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
    assert_int_equal(pg_font_subset(&a, &na, NULL, f, gids, 3, one, 1, NULL, 0, &err), 0);
    assert_int_equal(pg_font_subset(&b, &nb, NULL, f, reordered, 3, one, 1, NULL, 0, &err), 0);
    assert_int_equal(pg_font_subset(&c, &nc, NULL, f, gids, 3, two, 2, NULL, 0, &err), 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    assert_true(nc != na || memcmp(a, c, na) != 0); /* 'Z' brings its glyph */
    /* Five other sets push the first out; made again, it is the same. */
    for (uint32_t k = 0; k < 5; k++) {
        uint32_t g[] = {40 + k}, u[] = {'E' + k};
        unsigned char *d;
        size_t nd;
        assert_int_equal(pg_font_subset(&d, &nd, NULL, f, g, 1, u, 1, NULL, 0, &err), 0);
        free(d);
    }
    free(b);
    assert_int_equal(pg_font_subset(&b, &nb, NULL, f, gids, 3, one, 1, NULL, 0, &err), 0);
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

/* What an outline is, as HarfBuzz draws it: the number of points and their sums. */
typedef struct shape {
    int points;
    long sum_x, sum_y;
} shape;

static void shape_point(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y,
                        void *user)
{
    (void)df, (void)st, (void)user;
    shape *s = data;
    s->points++;
    s->sum_x += lroundf(x);
    s->sum_y += lroundf(y);
}

static void shape_quad(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float cx, float cy,
                       float x, float y, void *user)
{
    shape_point(df, data, st, cx, cy, user);
    shape_point(df, data, st, x, y, user);
}

static void shape_cubic(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float c1x, float c1y,
                        float c2x, float c2y, float x, float y, void *user)
{
    shape_point(df, data, st, c1x, c1y, user);
    shape_point(df, data, st, c2x, c2y, user);
    shape_point(df, data, st, x, y, user);
}

static shape shape_of(hb_font_t *font, hb_codepoint_t gid)
{
    shape s = {0};
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(df, shape_point, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, shape_point, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, shape_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, shape_cubic, NULL, NULL);
    hb_font_get_glyph_shape(font, gid, df, &s);
    hb_draw_funcs_destroy(df);
    return s;
}

/* A subset can hold copies of glyphs with other advances (a Devanagari vowel sign drawn
 * with the advance that reaches the next glyph): each after the subset's own glyphs, in
 * the order of glyph and advance, with its advance and the original's outline, box and
 * side bearing; equal copies share one glyph, and glyph 0 is never copied. */
static void test_font__subset_adds_copies_with_other_advances(void **state)
{
    (void)state;
    uint32_t ka = 0x0915, e_sign = 0x0947;
    const pg_font *f = pg_fontset_pick(fs, -1, "Deva", NULL, NULL, 0, 0, &ka, 1, NULL);
    assert_string_equal(pg_font_postscript_name(f), "NotoSansDevanagari-Regular");
    assert_true(pg_font_room_for_glyphs(f) > 1000);
    uint32_t g_ka = pg_font_nominal_glyph(f, ka), g_e = pg_font_nominal_glyph(f, e_sign);
    assert_true(g_ka && g_e && g_ka != g_e);
    assert_true(pg_font_glyph_width(f, g_e) == 0); /* a mark: no advance of its own */
    uint32_t gids[] = {g_ka, g_e}, cps[] = {ka, e_sign};
    pg_error err = {0};
    unsigned char *plain = NULL, *data = NULL;
    size_t n_plain = 0, len = 0;
    assert_int_equal(pg_font_subset(&plain, &n_plain, NULL, f, gids, 2, cps, 2, NULL, 0, &err), 0);
    hb_blob_t *plain_blob =
        hb_blob_create((const char *)plain, (unsigned)n_plain, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *plain_face = hb_face_create(plain_blob, 0);
    unsigned first = hb_face_get_glyph_count(plain_face);
    assert_true(first > g_ka && first > g_e);
    const pg_glyph_copy copies[] = {{g_e, 221}, {g_ka, 900}, {g_e, 45}, {g_e, 221}, {0, 500}};
    uint32_t copy_gids[5] = {0};
    assert_int_equal(pg_font_subset(&data, &len, copy_gids, f, gids, 2, cps, 2, copies, 5, &err),
                     0);
    /* Sorted by glyph, then advance: ka's copy first when ka's glyph id is the lower. */
    uint32_t e45 = first + (g_ka < g_e), e221 = e45 + 1, ka900 = g_ka < g_e ? first : first + 2;
    assert_int_equal(copy_gids[0], e221);
    assert_int_equal(copy_gids[1], ka900);
    assert_int_equal(copy_gids[2], e45);
    assert_int_equal(copy_gids[3], e221);
    assert_int_equal(copy_gids[4], 0);

    hb_font_t *sub = font_of_bytes(data, len);
    hb_face_t *sub_face = hb_font_get_face(sub);
    hb_font_t *orig = hb_font_create(hb_font_get_face(pg_font_hb(f)));
    assert_int_equal(hb_face_get_glyph_count(sub_face), first + 3);
    const uint32_t made[][3] = {{e45, g_e, 45}, {e221, g_e, 221}, {ka900, g_ka, 900}};
    for (size_t i = 0; i < 3; i++) {
        uint32_t copy = made[i][0], of = made[i][1];
        assert_int_equal(hb_font_get_glyph_h_advance(sub, copy), made[i][2]);
        hb_glyph_extents_t want, got;
        assert_true(hb_font_get_glyph_extents(orig, of, &want));
        assert_true(want.width > 0 && want.height < 0);
        assert_true(hb_font_get_glyph_extents(sub, copy, &got));
        assert_int_equal(got.x_bearing, want.x_bearing);
        assert_int_equal(got.y_bearing, want.y_bearing);
        assert_int_equal(got.width, want.width);
        assert_int_equal(got.height, want.height);
        shape s_want = shape_of(orig, of), s_got = shape_of(sub, copy);
        assert_true(s_want.points > 4);
        assert_int_equal(s_got.points, s_want.points);
        assert_int_equal(s_got.sum_x, s_want.sum_x);
        assert_int_equal(s_got.sum_y, s_want.sum_y);
        /* The original keeps its own advance. */
        assert_int_equal(hb_font_get_glyph_h_advance(sub, of),
                         hb_font_get_glyph_h_advance(orig, of));
    }
    /* A composite of one component without USE_MY_METRICS (0x0200): HarfBuzz reads the
     * advance from hmtx either way, FreeType would take the original's. */
    hb_blob_t *loca = hb_face_reference_table(sub_face, HB_TAG('l', 'o', 'c', 'a'));
    hb_blob_t *glyf = hb_face_reference_table(sub_face, HB_TAG('g', 'l', 'y', 'f'));
    unsigned n_loca = 0, n_glyf = 0;
    const unsigned char *l = (const unsigned char *)hb_blob_get_data(loca, &n_loca);
    const unsigned char *gl = (const unsigned char *)hb_blob_get_data(glyf, &n_glyf);
    assert_int_equal(n_loca, 4 * (first + 4)); /* long offsets */
    size_t at =
        (size_t)l[4 * e221] << 24 | l[4 * e221 + 1] << 16 | l[4 * e221 + 2] << 8 | l[4 * e221 + 3];
    assert_true(at + 16 <= n_glyf);
    assert_int_equal(gl[at] << 8 | gl[at + 1], 0xFFFF);       /* numberOfContours -1 */
    assert_int_equal(gl[at + 10] << 8 | gl[at + 11], 0x0002); /* ARGS_ARE_XY_VALUES only */
    assert_int_equal(gl[at + 12] << 8 | gl[at + 13], g_e);
    hb_blob_destroy(loca);
    hb_blob_destroy(glyf);
    hb_codepoint_t g = 0;
    assert_true(hb_font_get_nominal_glyph(sub, ka, &g));
    assert_int_equal(g, g_ka);
    hb_font_destroy(orig);
    hb_font_destroy(sub);
    hb_face_destroy(plain_face);
    hb_blob_destroy(plain_blob);
    free(data);
    free(plain);
    /* CFF outlines take no copies. */
    uint32_t han = 0x4E2D;
    const pg_font *cjk = pg_fontset_pick(fs, -1, "Hani", NULL, "zh-Hans", 0, 0, &han, 1, NULL);
    assert_non_null(cjk);
    assert_true(pg_font_is_cff(cjk));
    assert_int_equal(pg_font_room_for_glyphs(cjk), 0);
}

/* A CID-keyed CFF subset (the bare table the PDF embeds: glyphs packed, charstrings
 * without subroutines) draws each glyph with exactly the original's outline, reached by
 * the glyph's CID. */
static void test_font__cjk_subset_draws_the_original_outlines(void **state)
{
    (void)state;
    uint32_t cps[] = {0x5FC3, 0x810F, 0x4E2D, 0x6587, 0x533B, 0x751F}; /* 心脏中文医生 */
    enum { N = sizeof cps / sizeof cps[0] };
    const pg_font *cjk = pg_fontset_pick(fs, -1, "Hani", NULL, "zh-Hans", 0, 0, cps, 1, NULL);
    assert_non_null(cjk);
    assert_true(pg_font_is_cff(cjk));
    uint32_t gids[N];
    for (int i = 0; i < N; i++) {
        gids[i] = pg_font_nominal_glyph(cjk, cps[i]);
        assert_true(gids[i] != 0);
    }
    unsigned char *data = NULL;
    size_t len = 0;
    pg_error err = {0};
    assert_int_equal(pg_font_subset(&data, &len, NULL, cjk, gids, N, cps, N, NULL, 0, &err), 0);
    uint16_t *cids = NULL;
    unsigned n = 0;
    assert_int_equal(pg_cff_cids(&cids, &n, data, len), 1);
    assert_int_equal(n, N + 1); /* and .notdef */
    /* A face of the bare table, with the original's head and a maxp of its own. */
    hb_face_t *orig_face = hb_font_get_face(pg_font_hb(cjk));
    hb_face_t *built = hb_face_builder_create();
    hb_blob_t *cff =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_blob_t *head = hb_face_reference_table(orig_face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned char maxp[6] = {0, 0, 0x50, 0, (unsigned char)(n >> 8), (unsigned char)n};
    hb_blob_t *maxp_blob =
        hb_blob_create((const char *)maxp, sizeof maxp, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_builder_add_table(built, HB_TAG('C', 'F', 'F', ' '), cff);
    hb_face_builder_add_table(built, HB_TAG('h', 'e', 'a', 'd'), head);
    hb_face_builder_add_table(built, HB_TAG('m', 'a', 'x', 'p'), maxp_blob);
    hb_blob_t *whole = hb_face_reference_blob(built);
    hb_face_t *sub_face = hb_face_create(whole, 0);
    hb_font_t *sub = hb_font_create(sub_face);
    hb_font_t *orig = hb_font_create(orig_face);
    for (int i = 0; i < N; i++) {
        unsigned k = 0;
        while (k < n && cids[k] != pg_font_cid(cjk, gids[i]))
            k++;
        assert_true(k < n);
        shape want = shape_of(orig, gids[i]), got = shape_of(sub, k);
        assert_true(want.points > 8);
        assert_int_equal(got.points, want.points);
        assert_int_equal(got.sum_x, want.sum_x);
        assert_int_equal(got.sum_y, want.sum_y);
    }
    hb_font_destroy(orig);
    hb_font_destroy(sub);
    hb_face_destroy(sub_face);
    hb_blob_destroy(whole);
    hb_face_destroy(built);
    hb_blob_destroy(maxp_blob);
    hb_blob_destroy(head);
    hb_blob_destroy(cff);
    free(cids);
    free(data);
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
        cmocka_unit_test(test_font__subset_adds_copies_with_other_advances),
        cmocka_unit_test(test_font__cjk_subset_draws_the_original_outlines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
