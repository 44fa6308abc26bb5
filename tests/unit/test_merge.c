/* test_merge.c — the print file: packets copied in order, blank backs after odd packets
 * when duplex, one bookmark per packet, and anything but a pdfgen packet refused without
 * leaving a file behind. qpdf and mutool check the result from outside. */
#include "helpers.h"

#include "batch/merge.h"
#include "pipeline.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pg_fontset *fonts;
static unsigned char *one_page, *three_pages; /* packets of 1 and 1 + blank + 1 pages */
static size_t one_len, three_len;
static unsigned char *other_page; /* one page that differs from one_page in one word */
static size_t other_len;

/* A one-page packet of a handout whose paragraph says text. */
static int packet(unsigned char **out, size_t *out_len, const char *name, const char *text,
                  pg_error *err)
{
    char xml[1024];
    snprintf(xml, sizeof xml,
             "<handout id=\"%s\" lang=\"en\" version=\"1\" reviewed=\"2026-11-01\">"
             "<title id=\"title\">Merge</title><section id=\"s\"><h id=\"h\">Hi</h>"
             "<p id=\"p\">%s</p></section></handout>",
             name, text);
    char rel[64];
    snprintf(rel, sizeof rel, "merge/%s/en.xml", name);
    const char *content = write_tmp(rel, xml);
    pg_arena *a = pg_arena_new();
    pg_job job = {.layout_path = src_path("layouts/standard-letter.xml"), .content_path = content};
    pg_result r = {0};
    int rc = pg_pipeline_layout(&r, &job, fonts, NULL, a, err);
    if (!rc) {
        pg_doc_part part = {r.pages, "Only"};
        pg_doc_info info = {"T", NULL, "en", NULL, NULL, 0, 1};
        rc = pdf_bytes(out, out_len, &part, 1, &info, err);
    }
    pg_arena_free(a);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    pg_error err = {0};
    if (pg_pipeline_fonts(&fonts, src_path("fonts/fonts.xml"), &err))
        return -1;
    write_tmp("merge/common/en.xml",
              "<strings lang=\"en\"><string id=\"page-label\">Page <var name=\"page\"/> of "
              "<var name=\"pages\"/></string></strings>");
    const char *content = write_tmp(
        "merge/m/en.xml", "<handout id=\"m\" lang=\"en\" version=\"1\" reviewed=\"2026-11-01\">"
                          "<title id=\"title\">Merge</title><section id=\"s\"><h id=\"h\">Hi</h>"
                          "<p id=\"p\">Text \xd8\xa8\xd9\x8a\xd8\xaa.</p></section></handout>");
    pg_arena *a = pg_arena_new();
    pg_job job = {.layout_path = src_path("layouts/standard-letter.xml"),
                  .content_path = content,
                  .settings = NULL,
                  .n_settings = 0};
    pg_result r = {0};
    int rc = pg_pipeline_layout(&r, &job, fonts, NULL, a, &err);
    if (!rc) {
        pg_doc_part parts[] = {{r.pages, "First"}, {r.pages, "Second"}};
        pg_doc_info info = {"T", NULL, "en", NULL, NULL, 0, 1};
        rc = pdf_bytes(&one_page, &one_len, parts, 1, &info, &err) ||
             pdf_bytes(&three_pages, &three_len, parts, 2, &info, &err);
    }
    if (!rc)
        rc = packet(&other_page, &other_len, "o", "Text \xd8\xa8\xd9\x8a\xd8\xaa, other.", &err);
    if (rc)
        pg_error_print(&err, stderr);
    pg_arena_free(a);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    free(one_page);
    free(three_pages);
    free(other_page);
    pg_fontset_free(fonts);
    return 0;
}

static int run(const char *fmt, const char *arg)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, fmt, arg, arg, arg);
    return system(cmd);
}

/* pg_print_file_add on a copy of data[0..len) in an allocation of exactly len bytes. */
static int add_copy(pg_print_file *pf, const unsigned char *data, size_t len, const char *name,
                    pg_error *err)
{
    unsigned char *copy = malloc(len);
    assert_true(copy != NULL || len == 0);
    if (len)
        memcpy(copy, data, len);
    int rc = pg_print_file_add(pf, copy, len, name, "C", err);
    free(copy);
    return rc;
}

static void test_merge__order_blanks_and_bookmarks(void **state)
{
    (void)state;
    const char *path = write_tmp("merge/print.pdf", "old");
    pg_print_file *pf = NULL;
    pg_error err = {0};
    int pages = 0;
    assert_int_equal(pg_print_file_open(&pf, path, 1, &err), 0);
    assert_int_equal(pg_print_file_add(pf, one_page, one_len, "a.pdf", "A1 \xE2\x80\x94 Ana", &err),
                     0);
    assert_int_equal(pg_print_file_add(pf, three_pages, three_len, "b.pdf", "B2", &err), 0);
    assert_int_equal(
        pg_print_file_add(pf, one_page, one_len, "c.pdf", "C3 \xE2\x80\x94 \xE7\x8E\x8B", &err), 0);
    assert_int_equal(pg_print_file_close(pf, "Print file", &pages, &err), 0);
    /* 1 + blank, 3 + blank, 1 + blank: every packet starts on a front. */
    assert_int_equal(pages, 8);
    assert_int_equal(run("qpdf --check '%s' >/dev/null", path), 0);
    assert_int_equal(run("test \"$(qpdf --show-npages '%s')\" = 8", path), 0);
    assert_int_equal(run("mutool show '%s' outline | tr -d '\\t' > '%s.outline'", path), 0);
    assert_int_equal(run("grep -qx '|\"A1 — Ana\"#page=1&view=Fit' '%s.outline'", path), 0);
    assert_int_equal(run("grep -qx '|\"B2\"#page=3&view=Fit' '%s.outline'", path), 0);
    assert_int_equal(run("grep -qx '|\"C3 — 王\"#page=7&view=Fit' '%s.outline'", path), 0);
    assert_int_equal(run("test $(wc -l < '%s.outline') = 3", path), 0);
    /* Blank pages have no text; the packets' text is all there. */
    assert_int_equal(run("test -z \"$(pdftotext -f 2 -l 2 '%s' - | tr -d '[:space:]')\"", path), 0);
    assert_int_equal(run("test $(pdftotext '%s' - | grep -c 'Page 1 of 1') = 4", path), 0);
    assert_int_equal(run("gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage '%s' 2>&1 | "
                         "grep -q . && exit 1 || exit 0",
                         path),
                     0);
}

static void test_merge__simplex_has_no_blanks(void **state)
{
    (void)state;
    const char *path = write_tmp("merge/simplex.pdf", "");
    pg_print_file *pf = NULL;
    pg_error err = {0};
    int pages = 0;
    assert_int_equal(pg_print_file_open(&pf, path, 0, &err), 0);
    assert_int_equal(pg_print_file_add(pf, one_page, one_len, "a.pdf", "A", &err), 0);
    assert_int_equal(pg_print_file_add(pf, three_pages, three_len, "b.pdf", "B", &err), 0);
    assert_int_equal(pg_print_file_close(pf, "P", &pages, &err), 0);
    assert_int_equal(pages, 4);
    assert_int_equal(run("qpdf --check '%s' >/dev/null", path), 0);
}

/* How often needle occurs in the file at path. */
static int count_in(const char *path, const char *needle)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char data[1 << 20];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    int count = 0;
    for (const char *p = data; (p = memmem(p, n - (size_t)(p - data), needle, strlen(needle))); p++)
        count++;
    return count;
}

static void test_merge__shares_what_packets_have_in_common(void **state)
{
    (void)state;
    const char *path = write_tmp("merge/shared.pdf", "");
    pg_print_file *pf = NULL;
    pg_error err = {0};
    int pages = 0;
    assert_int_equal(pg_print_file_open(&pf, path, 0, &err), 0);
    assert_int_equal(pg_print_file_add(pf, one_page, one_len, "a.pdf", "A", &err), 0);
    assert_int_equal(pg_print_file_add(pf, other_page, other_len, "b.pdf", "B", &err), 0);
    assert_int_equal(pg_print_file_add(pf, one_page, one_len, "c.pdf", "C", &err), 0);
    assert_int_equal(pg_print_file_add(pf, one_page, one_len, "d.pdf", "D", &err), 0);
    assert_int_equal(pg_print_file_close(pf, "P", &pages, &err), 0);
    assert_int_equal(pages, 4);
    assert_int_equal(run("qpdf --check '%s' >/dev/null", path), 0);
    /* Each page shows its own text. */
    assert_int_equal(run("test \"$(pdftotext -f 2 -l 2 '%s' - | grep -c other)\" = 1", path), 0);
    assert_int_equal(run("test \"$(pdftotext -f 1 -l 1 '%s' - | grep -c other)\" = 0", path), 0);
    assert_int_equal(run("test \"$(pdftotext -f 3 -l 4 '%s' - | grep -c other)\" = 0", path), 0);
    assert_int_equal(run("test \"$(pdftotext '%s' - | grep -c '^Text')\" = 4", path), 0);
    /* The cross-reference stream and the object streams read in every reader. */
    assert_int_equal(
        run("mutool draw -q -F txt -o /dev/null '%s' 2>&1 | grep -v ICC | grep -q . && "
            "exit 1 || exit 0",
            path),
        0);
    assert_int_equal(run("gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage '%s' 2>&1 | "
                         "grep -q . && exit 1 || exit 0",
                         path),
                     0);
    /* Three copies of a packet: one copy of each of its font programs and streams. */
    const char *same = write_tmp("merge/same.pdf", "");
    assert_int_equal(pg_print_file_open(&pf, same, 0, &err), 0);
    for (int i = 0; i < 3; i++)
        assert_int_equal(pg_print_file_add(pf, one_page, one_len, "a.pdf", "A", &err), 0);
    assert_int_equal(pg_print_file_close(pf, "P", &pages, &err), 0);
    const char *one = write_tmp("merge/one.pdf", "");
    FILE *f = fopen(one, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(one_page, 1, one_len, f), one_len);
    fclose(f);
    assert_true(count_in(one, "/FontFile2") > 0);
    assert_int_equal(count_in(same, "/FontFile2"), count_in(one, "/FontFile2"));
    /* Its streams, and one object stream and the cross-reference stream. */
    assert_int_equal(count_in(same, "endstream"), count_in(one, "endstream") + 2);
}

static void test_merge__refuses_what_it_cannot_copy(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/merge-bad", PG_TEST_TMP);
    /* Start empty: a run that crashed (an ASan report) leaves its temporary file here. */
    assert_int_equal(run("rm -rf '%s'", dir), 0);
    mkdir(dir, 0755);
    char path[4200];
    snprintf(path, sizeof path, "%s/print.pdf", dir);
    pg_print_file *pf = NULL;
    pg_error err = {0};
    assert_int_equal(pg_print_file_open(&pf, path, 1, &err), 0);
    const char junk[] = "%PDF-1.4\nnot really\nstartxref\n5\n%%EOF\n";
    assert_int_equal(
        pg_print_file_add(pf, (const unsigned char *)junk, sizeof junk - 1, "j.pdf", "J", &err),
        PG_EINPUT);
    assert_non_null(strstr(err.msg, "cannot add this packet"));
    assert_string_equal(err.file, "j.pdf");
    /* Every cut of a real packet is refused or copied, never read out of bounds: each cut
     * gets an allocation of its own size, so a read past it is an ASan error. A packet ends
     * "startxref\n<offset>\n%%EOF\n": cut before that offset is whole, it is refused;
     * cut after it, only "%%EOF" is missing, nothing the merge reads, and it is copied. */
    assert_true(one_len > 7);
    assert_memory_equal(one_page + one_len - 7, "\n%%EOF\n", 7);
    size_t whole = one_len - 7;
    for (size_t cut = 0; cut <= one_len; cut++) {
        err = (pg_error){0};
        int rc = add_copy(pf, one_page, cut, "cut.pdf", &err);
        if (rc != (cut >= whole ? 0 : PG_EINPUT))
            fail_msg("cut at %zu of %zu: rc %d (%s)", cut, one_len, rc, err.msg);
        if (rc)
            assert_string_equal(err.file, "cut.pdf");
    }
    /* Without startxref nothing is lexed, so no cut above reaches the end of the buffer
     * inside a token. Here an object is cut inside a hex string, after the trailer, so no
     * '>' follows it: the lexer must stop at the end of the buffer. */
    char cut_hex[256];
    const char *xref = "%%PDF-1.4\nxref\n0 2\n0000000000 65535 f \n%010zu 00000 n \ntrailer\n"
                       "<< /Root 1 0 R /Size 2 >>\nstartxref\n9\n";
    int obj = snprintf(cut_hex, sizeof cut_hex, xref, (size_t)0);
    snprintf(cut_hex, sizeof cut_hex, xref, (size_t)obj);
    strcat(cut_hex, "1 0 obj\n<< /Title <FEFF00");
    err = (pg_error){0};
    assert_int_equal(add_copy(pf, (const unsigned char *)cut_hex, strlen(cut_hex), "hex.pdf", &err),
                     PG_EINPUT);
    assert_non_null(strstr(err.msg, "an object is cut short"));
    /* A parent tree whose key goes past its ParentTreeNextKey is refused (it would index
     * past the tables the print file keeps per key). */
    unsigned char *bad = malloc(one_len);
    assert_non_null(bad);
    memcpy(bad, one_page, one_len);
    unsigned char *nums = memmem(bad, one_len, "/Nums [\n0 [", 11);
    assert_non_null(nums);
    nums[8] = '9';
    err = (pg_error){0};
    assert_int_equal(add_copy(pf, bad, one_len, "tree.pdf", &err), PG_EINPUT);
    assert_non_null(strstr(err.msg, "malformed parent tree"));
    free(bad);
    pg_print_file_abort(pf);
    /* Nothing is left: no print file, no temporary file. */
    assert_int_equal(run("test -z \"$(ls -A '%s')\"", dir), 0);
    snprintf(path, sizeof path, "%s/no/such/dir/p.pdf", PG_TEST_TMP);
    assert_int_equal(pg_print_file_open(&pf, path, 1, &err), PG_EIO);
    assert_non_null(strstr(err.msg, "cannot write here"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge__order_blanks_and_bookmarks),
        cmocka_unit_test(test_merge__simplex_has_no_blanks),
        cmocka_unit_test(test_merge__shares_what_packets_have_in_common),
        cmocka_unit_test(test_merge__refuses_what_it_cannot_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
