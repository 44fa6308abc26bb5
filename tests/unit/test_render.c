/* test_render.c — the PDF renderer: embedded Type0 fonts with ToUnicode, determinism,
 * atomic writes. Content streams are compressed, so structure is checked on the
 * uncompressed object text libharu writes around them. */
#include "helpers.h"

#include "pipeline.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pg_fontset *fonts;

static int setup(void **state)
{
    (void)state;
    pg_error err = {0};
    return pg_pipeline_fonts(&fonts, src_path("fonts/fonts.xml"), &err);
}

static int teardown(void **state)
{
    (void)state;
    pg_fontset_free(fonts);
    return 0;
}

static pg_result lay_out(pg_arena *a)
{
    write_tmp("render/common/en.xml",
              "<strings lang=\"en\"><string id=\"page-label\">Page <var name=\"page\"/> of "
              "<var name=\"pages\"/></string></strings>");
    const char *content = write_tmp(
        "render/r/en.xml",
        "<handout id=\"r\" lang=\"en\" version=\"1\" reviewed=\"2026-11-01\">"
        "<title id=\"title\">Office \xef\xac\x81le</title><section id=\"s\"><h id=\"h\">Hello</h>"
        "<p id=\"p\">Plain <strong>bold</strong> <em>italic</em> \xd8\xa8\xd9\x8a\xd8\xaa.</p>"
        "</section></handout>");
    pg_job job = {.layout_path = src_path("layouts/standard-letter.xml"),
                  .content_path = content,
                  .settings = NULL,
                  .n_settings = 0};
    pg_result r = {0};
    pg_error err = {0};
    if (pg_pipeline_layout(&r, &job, fonts, NULL, a, &err)) {
        pg_error_print(&err, stderr);
        fail();
    }
    return r;
}

static int contains(const unsigned char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            return 1;
    return 0;
}

static void test_render__type0_fonts_and_metadata(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_result r = lay_out(a);
    pg_doc_info info = {"Office", "Subject", "en", NULL, NULL, 0, 0};
    unsigned char *pdf = NULL;
    size_t len = 0;
    pg_error err = {0};
    pg_doc_part part = {r.pages, NULL};
    assert_int_equal(pdf_bytes(&pdf, &len, &part, 1, &info, &err), 0);
    assert_true(contains(pdf, len, "/Subtype /Type0"));
    assert_true(contains(pdf, len, "/Subtype /CIDFontType2"));
    assert_true(contains(pdf, len, "/Encoding /Identity-H"));
    /* One code per glyph and text, mapped to glyph ids by a stream. */
    assert_false(contains(pdf, len, "/CIDToGIDMap /Identity"));
    assert_true(contains(pdf, len, "/CIDToGIDMap "));
    assert_true(contains(pdf, len, "/ToUnicode"));
    assert_true(contains(pdf, len, "/FontFile2"));
    assert_true(contains(pdf, len, "+NotoSans-Bold"));
    assert_true(contains(pdf, len, "+NotoSans-Italic"));
    assert_true(contains(pdf, len, "+NotoSansArabic-Regular"));
    assert_true(contains(pdf, len, "/Lang (en)"));
    /* Tagged, PDF/A-2u and PDF/UA-1 (checked in depth by tests/pdfua on every demo PDF). */
    assert_memory_equal(pdf, "%PDF-1.7\n%", 10);
    assert_true(contains(pdf, len, "/StructTreeRoot"));
    assert_true(contains(pdf, len, "/Marked true"));
    assert_true(contains(pdf, len, "/StructParents 0"));
    assert_true(contains(pdf, len, "<pdfaid:part>2</pdfaid:part>"));
    assert_true(contains(pdf, len, "<pdfuaid:part>1</pdfuaid:part>"));
    assert_true(contains(pdf, len, "/S /GTS_PDFA1"));
    assert_true(contains(pdf, len, "/ID ["));
    assert_true(len < 120000);
    /* Same input, same bytes. */
    unsigned char *again = NULL;
    size_t len2 = 0;
    assert_int_equal(pdf_bytes(&again, &len2, &part, 1, &info, &err), 0);
    assert_int_equal(len, len2);
    assert_memory_equal(pdf, again, len);
    free(pdf);
    free(again);
    pg_arena_free(a);
}

static void test_render__atomic_write(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_result r = lay_out(a);
    pg_doc_info info = {"T", NULL, "en", NULL, NULL, 0, 0};
    pg_error err = {0};
    char path[4200], dir[4096];
    snprintf(dir, sizeof dir, "%s/render-out", PG_TEST_TMP);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/a.pdf", dir);
    pg_doc_part part = {r.pages, NULL};
    int pages = 0;
    assert_int_equal(pdf_file(&pages, path, &part, 1, &info, &err), 0);
    assert_int_equal(pages, r.pages->n_pages);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(st.st_size > 1000);
    /* No temporary file is left beside it. */
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/no/such/dir/a.pdf", PG_TEST_TMP);
    assert_int_equal(pdf_file(&pages, path, &part, 1, &info, &err), PG_EIO);
    assert_non_null(strstr(err.msg, "cannot write"));
    pg_arena_free(a);
}

/* Parts of a duplex document start on odd pages; each part's bookmark is an outline
 * entry with a UTF-16 title. */
static void test_render__parts_recto_and_bookmarks(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_result r = lay_out(a);
    pg_pages one = *r.pages;
    one.n_pages = 1;
    pg_doc_part parts[] = {{&one, "Première"}, {&one, "Second"}};
    pg_doc_info info = {"T", NULL, "en", NULL, NULL, 0, 1};
    unsigned char *pdf = NULL;
    size_t len = 0;
    pg_error err = {0};
    assert_int_equal(pdf_bytes(&pdf, &len, parts, 2, &info, &err), 0);
    assert_true(contains(pdf, len, "/Type /Pages"));
    assert_true(contains(pdf, len, "/Count 3"));
    assert_true(contains(pdf, len, "/Type /Outlines"));
    assert_true(contains(pdf, len, "/PageMode /UseOutlines"));
    /* "Première" as UTF-16BE with a byte order mark. */
    assert_true(contains(pdf, len, "FEFF005000720065006D006900E800720065"));
    free(pdf);
    pg_arena_free(a);
}

/* One packet of the shipped procedure-day handout in lang for patient name. */
static void packet(unsigned char **pdf, size_t *len, const char *lang, const char *name,
                   const char *phone, pg_cache *cache)
{
    char content[512], layout[512]; /* src_path's buffer is one for all calls */
    snprintf(content, sizeof content, "%s/%s.xml", src_path("content/mitraclip-procedure-day"),
             lang);
    snprintf(layout, sizeof layout, "%s", src_path("layouts/large-print-letter.xml"));
    pg_setting settings[] = {{"patient_name", name, NULL},
                             {"procedure_date", "2026-12-03", NULL},
                             {"arrival_time", "07:30", NULL},
                             {"care_team_phone", phone, NULL}};
    pg_job job = {
        .layout_path = layout, .content_path = content, .settings = settings, .n_settings = 4};
    pg_arena *a = pg_arena_new();
    pg_result r = {0};
    pg_error err = {0};
    int n_pages = 0;
    if (pg_pipeline_layout(&r, &job, fonts, cache, a, &err) ||
        pg_pipeline_pdf(pdf, len, &n_pages, &r, 1, cache, &err)) {
        pg_error_print(&err, stderr);
        fail();
    }
    pg_arena_free(a);
}

/* What a batch remembers across packets (paragraphs, the fonts' plans, drawn lines,
 * compressed streams) changes no byte: each packet made through one cache, in two
 * languages in turn, with names and phone numbers long enough to move the lines below
 * them, is the packet made alone. */
static void test_render__a_cache_changes_no_byte(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "1764547200", 1);
    static const char *const names[] = {
        "Ana Li", "Maria Guadalupe Fernandez-Castellanos de la Torre y Villanueva", "Ana Li", "Jo",
        "Ana Li"};
    static const char *const langs[] = {"en", "es", "en", "es", "en"};
    static const char *const phones[] = {
        "(555) 123-4567", "(555) 123-4567",
        "(555) 123-4567, or the front desk, who will page the heart team nurse on call",
        "(555) 123-4567, o la recepción, que llamará a la enfermera de guardia", "555"};
    pg_cache *cache = pg_cache_new();
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            unsigned char *cached = NULL, *alone = NULL;
            size_t cached_len = 0, alone_len = 0;
            packet(&cached, &cached_len, langs[i], names[i], phones[i], cache);
            packet(&alone, &alone_len, langs[i], names[i], phones[i], NULL);
            assert_int_equal(cached_len, alone_len);
            assert_memory_equal(cached, alone, alone_len);
            free(cached);
            free(alone);
        }
    pg_cache_free(cache);
    unsetenv("SOURCE_DATE_EPOCH");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render__type0_fonts_and_metadata),
        cmocka_unit_test(test_render__atomic_write),
        cmocka_unit_test(test_render__parts_recto_and_bookmarks),
        cmocka_unit_test(test_render__a_cache_changes_no_byte),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
