/* test_roster.c — CSV rows to packets: language matching, handouts, ids that could
 * escape the output directory or collide, rows that fail alone, header errors. */
#include "helpers.h"

#include "batch/roster.h"

#include <string.h>

typedef struct built {
    pg_arena *a;
    pg_patient *rows;
    int n, rc;
    pg_error err;
} built;

static const char *tmp_root(void)
{
    /* Two handouts; h2 has no French translation. */
    write_tmp("roster/content/h1/en.xml", "x");
    write_tmp("roster/content/h1/fr.xml", "x");
    write_tmp("roster/content/h2/en.xml", "x");
    write_tmp("roster/content/common/en.xml", "x");
    static char root[4096];
    snprintf(root, sizeof root, "%s", write_tmp("roster/content/common/fr.xml", "x"));
    *strstr(root, "/common/") = '\0';
    return root;
}

static built build(const char *csv_text, const char *root, const char *const *handouts,
                   int n_handouts, const char *fallback)
{
    built b = {.a = pg_arena_new()};
    pg_csv csv;
    assert_int_equal(pg_csv_parse(&csv, csv_text, strlen(csv_text), "list.csv", b.a, &b.err), 0);
    pg_roster_opts o = {"list.csv", root, handouts, n_handouts, fallback};
    b.rc = pg_roster_build(&b.rows, &b.n, &csv, &o, b.a, &b.err);
    return b;
}

static void test_roster__languages_resolve_as_bcp47(void **state)
{
    (void)state;
    built b = build("id,lang,handouts,patient_name\n"
                    "a,ES,mitraclip-home-care,Ana\n"
                    "b,es-MX,mitraclip-home-care,\n"
                    "c,zh_hans,mitraclip-home-care,\n"
                    "d,sr-Latn,mitraclip-home-care,\n"
                    "e,xx,mitraclip-home-care,\n"
                    "f,../en,mitraclip-home-care,\n",
                    src_path("content"), NULL, 0, NULL);
    assert_int_equal(b.rc, 0);
    assert_int_equal(b.n, 6);
    assert_string_equal(b.rows[0].lang, "es");
    assert_null(b.rows[0].error);
    assert_string_equal(b.rows[0].name, "Ana");
    assert_string_equal(b.rows[1].lang, "es");
    assert_string_equal(b.rows[2].lang, "zh-Hans");
    for (int i = 3; i < 6; i++) {
        assert_non_null(b.rows[i].error);
        assert_non_null(strstr(b.rows[i].error, "unknown language"));
    }
    /* A region is dropped, never a script. */
    assert_non_null(strstr(b.rows[3].error, "\"sr-Latn\""));
    pg_arena_free(b.a);
}

static void test_roster__handouts_and_settings(void **state)
{
    (void)state;
    const char *dflt[] = {"mitraclip-procedure-day", "mitraclip-home-care"};
    built b = build("id,lang,handouts,patient_name,Notes,arrival_time\n"
                    "a,en,mitraclip-home-care ; mitraclip-procedure-day,Ana,x,07:30\n"
                    "b,en,,Bo,,\n"
                    "c,en,nope,Cy,,\n"
                    "d,en,mitraclip-home-care;mitraclip-home-care,Di,,\n",
                    src_path("content"), dflt, 2, NULL);
    assert_int_equal(b.rc, 0);
    const pg_patient *a = &b.rows[0];
    assert_null(a->error);
    assert_int_equal(a->n_items, 2);
    assert_string_equal(a->items[0].handout, "mitraclip-home-care");
    assert_string_equal(a->items[1].handout, "mitraclip-procedure-day");
    assert_non_null(strstr(a->items[0].content_path, "content/mitraclip-home-care/en.xml"));
    assert_string_equal(a->file, "a.pdf");
    /* Variables: every column with a variable's name and a value ("Notes" is not one). */
    assert_int_equal(a->n_settings, 2);
    assert_string_equal(a->settings[0].name, "patient_name");
    assert_string_equal(a->settings[1].name, "arrival_time");
    assert_string_equal(a->settings[1].where, "column arrival_time");
    /* An empty handouts cell takes the --handout options; empty cells are no value. */
    assert_null(b.rows[1].error);
    assert_int_equal(b.rows[1].n_items, 2);
    assert_int_equal(b.rows[1].n_settings, 1);
    assert_non_null(strstr(b.rows[2].error, "unknown handout \"nope\""));
    assert_non_null(strstr(b.rows[3].error, "listed twice"));
    pg_arena_free(b.a);
}

static void test_roster__ids_that_escape_or_collide(void **state)
{
    (void)state;
    built b = build("id,lang,handouts\n"
                    ",en,mitraclip-home-care\n"
                    "../up,en,mitraclip-home-care\n"
                    "a/b,en,mitraclip-home-care\n"
                    ".hidden,en,mitraclip-home-care\n"
                    "a\\b,en,mitraclip-home-care\n"
                    "P-7,en,mitraclip-home-care\n"
                    "ok,en,mitraclip-home-care\n"
                    "p-7,en,mitraclip-home-care\n"
                    "  spaced  ,en,mitraclip-home-care\n",
                    src_path("content"), NULL, 0, NULL);
    assert_int_equal(b.rc, 0);
    assert_non_null(strstr(b.rows[0].error, "id is empty"));
    for (int i = 1; i <= 4; i++)
        assert_non_null(strstr(b.rows[i].error, "cannot name a file inside the output directory"));
    /* Both rows of a duplicated id fail, whichever comes first; case does not count. */
    assert_non_null(strstr(b.rows[5].error, "also used on line 9"));
    assert_non_null(strstr(b.rows[7].error, "also used on line 7"));
    assert_null(b.rows[6].error);
    assert_string_equal(b.rows[8].id, "spaced");
    assert_null(b.rows[8].error);
    pg_arena_free(b.a);
}

static void test_roster__bad_rows_fail_alone(void **state)
{
    (void)state;
    built b = build("id,lang,handouts,patient_name\n"
                    "a,en,mitraclip-home-care\n"
                    "b,en,mitraclip-home-care,\xC3(\n"
                    "c,en,mitraclip-home-care,Cy\n",
                    src_path("content"), NULL, 0, NULL);
    assert_int_equal(b.rc, 0);
    assert_non_null(strstr(b.rows[0].error, "has 3 fields but the header has 4"));
    assert_non_null(strstr(b.rows[1].error, "column \"patient_name\" is not valid UTF-8"));
    assert_int_equal(b.rows[1].line, 3);
    assert_null(b.rows[2].error);
    pg_arena_free(b.a);
}

static void test_roster__missing_translation_and_fallback(void **state)
{
    (void)state;
    const char *root = tmp_root();
    const char *csv = "id,lang,handouts\na,fr,h1;h2\nb,fr,h1\n";
    built b = build(csv, root, NULL, 0, NULL);
    assert_int_equal(b.rc, 0);
    assert_non_null(strstr(b.rows[0].error, "handout \"h2\" has no fr translation"));
    assert_null(b.rows[1].error);
    pg_arena_free(b.a);

    b = build(csv, root, NULL, 0, "EN");
    assert_int_equal(b.rc, 0);
    assert_null(b.rows[0].error);
    assert_string_equal(b.rows[0].items[0].lang, "fr");
    assert_string_equal(b.rows[0].items[1].lang, "en");
    assert_non_null(strstr(b.rows[0].note, "no fr translation of h2: printed in en"));
    assert_null(b.rows[1].note);
    pg_arena_free(b.a);

    b = build(csv, root, NULL, 0, "de");
    assert_int_equal(b.rc, PG_EUSAGE);
    assert_non_null(strstr(b.err.msg, "--fallback-lang de"));
    pg_arena_free(b.a);
}

static void test_roster__header_errors(void **state)
{
    (void)state;
    const char *root = tmp_root();
    const char *h1[] = {"h1"};
    built b = build("name,lang\nx,en\n", root, h1, 1, NULL);
    assert_int_equal(b.rc, PG_EINPUT);
    assert_non_null(strstr(b.err.msg, "needs an \"id\" and a \"lang\" column"));
    pg_arena_free(b.a);
    b = build("id,lang,x,x\n1,en,a,b\n", root, h1, 1, NULL);
    assert_non_null(strstr(b.err.msg, "appears twice"));
    pg_arena_free(b.a);
    b = build("id,lang,today\n1,en,a\n", root, h1, 1, NULL);
    assert_non_null(strstr(b.err.msg, "built-in"));
    pg_arena_free(b.a);
    b = build("id,lang\n1,en\n", root, NULL, 0, NULL);
    assert_non_null(strstr(b.err.msg, "no \"handouts\" column and no --handout"));
    pg_arena_free(b.a);
    b = build("id,lang\n", root, h1, 1, NULL);
    assert_non_null(strstr(b.err.msg, "no patient rows"));
    pg_arena_free(b.a);
    const char *bad[] = {"h9"};
    b = build("id,lang\n1,en\n", root, bad, 1, NULL);
    assert_int_equal(b.rc, PG_EUSAGE);
    assert_non_null(strstr(b.err.msg, "--handout h9"));
    pg_arena_free(b.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roster__languages_resolve_as_bcp47),
        cmocka_unit_test(test_roster__handouts_and_settings),
        cmocka_unit_test(test_roster__ids_that_escape_or_collide),
        cmocka_unit_test(test_roster__bad_rows_fail_alone),
        cmocka_unit_test(test_roster__missing_translation_and_fallback),
        cmocka_unit_test(test_roster__header_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
