/* test_bind.c — variables: types, locale formatting, missing values; the banner. */
#include "helpers.h"

#include "bind/bind.h"
#include "load/load.h"
#include "text/unicode.h"

#include <string.h>

static const char *layout_xml =
    "<layout id=\"t\"><page size=\"letter\" margin-top=\"1in\" margin-bottom=\"1in\" "
    "margin-left=\"1in\" margin-right=\"1in\"/>"
    "<defaults><value name=\"clinic_name\">Clinic</value></defaults>"
    "<style element=\"body\" size=\"10pt\"/>"
    "<banner><row><label>For:</label><value><var name=\"patient_name\"/></value></row>"
    "<row><label>Date:</label><value><var name=\"procedure_date\"/></value></row></banner>"
    "</layout>";

static const char *content_xml =
    "<handout id=\"b\" lang=\"%s\" version=\"1\" reviewed=\"2026-11-01\">"
    "<variables><variable name=\"patient_name\" type=\"text\"/>"
    "<variable name=\"procedure_date\" type=\"date\"/>"
    "<variable name=\"arrival_time\" type=\"time\"/></variables>"
    "<title id=\"title\">T</title><section id=\"s\"><h id=\"s.h\">H</h>"
    "<p id=\"p\">On <var name=\"procedure_date\"/> at <var name=\"arrival_time\"/>.</p>"
    "</section></handout>";

typedef struct fixture {
    pg_arena *a;
    pg_layout *L;
    pg_handout *h;
} fixture;

static void setup(fixture *f, const char *lang)
{
    f->a = pg_arena_new();
    pg_error err = {0};
    assert_int_equal(pg_load_layout(&f->L, write_tmp("bind/layout.xml", layout_xml), f->a, &err),
                     0);
    char text[2048], name[64];
    snprintf(text, sizeof text, content_xml, lang);
    snprintf(name, sizeof name, "bind/b/%s.xml", lang);
    int rc = pg_load_handout(&f->h, write_tmp(name, text), f->a, &err);
    if (rc)
        fail_msg("%s", err.msg);
}

/* Binds f's handout with the given settings, the font families "Sans" and "Serif" and
 * a fixed day for "today". */
static int bind_settings(pg_binding **b, fixture *f, const pg_setting *set, int n, pg_error *err)
{
    static const char *const families[] = {"Sans", "Serif"};
    pg_bind_env env = {.settings = set,
                       .n_settings = n,
                       .families = families,
                       .n_families = 2,
                       .today = 1764547200 /* 2025-12-01 */};
    return pg_bind(b, f->h, f->L, NULL, &env, f->a, err);
}

static char *joined(const pg_bblock *p, pg_arena *a)
{
    char *s = pg_arena_strdup(a, "");
    for (int i = 0; i < p->n_spans; i++)
        s = pg_arena_printf(a, "%s%s", s, p->spans[i].text);
    return s;
}

/* NBSP (U+00A0) as the tests write it. */
#define NB "\xc2\xa0"
/* Values are isolated for the bidi algorithm: FSI ... PDI. */
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"

static void test_bind__formats_typed_values_per_language(void **state)
{
    (void)state;
    struct {
        const char *lang, *want;
    } cases[] = {
        {"en", "On " FSI "December" NB "3," NB "2026" PDI " at " FSI "7:30\xe2\x80\xaf"
               "AM" PDI "."},
        {"es",
         "On " FSI "3" NB "de" NB "diciembre" NB "de" NB "2026" PDI " at " FSI "7:30" PDI "."},
        {"fr", "On " FSI "3" NB "d\xc3\xa9"
               "cembre" NB "2026" PDI " at " FSI "07:30" PDI "."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        setup(&f, cases[i].lang);
        pg_setting set[] = {{"procedure_date", "2026-12-03", NULL},
                            {"arrival_time", "07:30", NULL}};
        pg_binding *b = NULL;
        pg_error err = {0};
        int rc = bind_settings(&b, &f, set, 2, &err);
        if (rc)
            fail_msg("%s", err.msg);
        const pg_bblock *p = b->blocks->next->children->next;
        assert_string_equal(joined(p, f.a), cases[i].want);
        assert_null(b->banner); /* no patient_name: no banner */
        pg_arena_free(f.a);
    }
}

/* A language's shared strings set its digits, and its own date and time forms win over
 * CLDR's; a value's own period ends the sentence. */
static void test_bind__shared_strings_set_digits_dates_and_times(void **state)
{
    (void)state;
    struct {
        const char *lang, *strings, *want;
    } cases[] = {
        {"ar", "<string id=\"digits\">latn</string>", "2026"},
        {"fr", "<string id=\"time-format\"><var name=\"hour\"/> h <var name=\"minute\"/></string>",
         "7" NB "h" NB "30"},
        {"vi",
         "<string id=\"date-format\"><var name=\"day\"/> th\xc3\xa1ng <var name=\"month_number\"/>"
         " n\xc4\x83m <var name=\"year\"/></string>"
         "<string id=\"time-format\"><var name=\"hour12\"/> gi\xe1\xbb\x9d <var name=\"minute\"/> "
         "<var name=\"period\"/></string><string id=\"time-am\">s\xc3\xa1ng</string>"
         "<string id=\"time-pm\">chi\xe1\xbb\x81u</string>",
         "3" NB "th\xc3\xa1ng" NB "12" NB "n\xc4\x83m" NB "2026" PDI " at " FSI "7" NB
         "gi\xe1\xbb\x9d" NB "30" NB "s\xc3\xa1ng" PDI "."},
        /* "7:30 ч." then the sentence's period: one period. */
        {"ru",
         "<string id=\"time-format\"><var name=\"hour\"/>:<var name=\"minute\"/> "
         "\xd1\x87.</string>",
         "7:30" NB "\xd1\x87." PDI},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fixture f;
        setup(&f, cases[i].lang);
        char xml[2048], name[64];
        snprintf(xml, sizeof xml, "<strings lang=\"%s\" version=\"1\">%s</strings>", cases[i].lang,
                 cases[i].strings);
        snprintf(name, sizeof name, "bind/common/%s.xml", cases[i].lang);
        pg_strings *strings = NULL;
        pg_error err = {0};
        if (pg_load_strings(&strings, write_tmp(name, xml), f.a, &err))
            fail_msg("%s", err.msg);
        pg_setting set[] = {{"procedure_date", "2026-12-03", NULL},
                            {"arrival_time", "07:30", NULL}};
        static const char *const families[] = {"Sans", "Serif"};
        pg_bind_env env = {.settings = set,
                           .n_settings = 2,
                           .families = families,
                           .n_families = 2,
                           .today = 1764547200};
        pg_binding *b = NULL;
        if (pg_bind(&b, f.h, f.L, strings, &env, f.a, &err))
            fail_msg("%s", err.msg);
        const char *text = joined(b->blocks->next->children->next, f.a);
        const char *at = strstr(text, cases[i].want);
        if (!at)
            fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].lang, text, cases[i].want);
        if (!strcmp(cases[i].lang, "ru"))
            assert_string_equal(at, cases[i].want); /* nothing after: no second period */
        pg_arena_free(f.a);
    }
}

/* Digits that are not a numbering system are an error at their string. */
static void test_bind__unknown_digits_are_placed(void **state)
{
    (void)state;
    fixture f;
    setup(&f, "ar");
    pg_strings *strings = NULL;
    pg_error err = {0};
    if (pg_load_strings(&strings,
                        write_tmp("bind/common/ar.xml", "<strings lang=\"ar\" version=\"1\">\n"
                                                        "<string id=\"digits\">latn nu</string>"
                                                        "</strings>"),
                        f.a, &err))
        fail_msg("%s", err.msg);
    pg_bind_env env = {.today = 1764547200};
    pg_binding *b = NULL;
    assert_int_equal(pg_bind(&b, f.h, f.L, strings, &env, f.a, &err), PG_EINPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "not a numbering system"));
    /* A time format whose period has no time-am / time-pm: an error at the format. */
    if (pg_load_strings(
            &strings,
            write_tmp("bind/common/ar.xml",
                      "<strings lang=\"ar\" version=\"1\">\n\n<string id=\"time-format\">"
                      "<var name=\"hour12\"/> <var name=\"period\"/></string></strings>"),
            f.a, &err))
        fail_msg("%s", err.msg);
    pg_setting set[] = {{"arrival_time", "07:30", NULL}};
    env.settings = set;
    env.n_settings = 1;
    assert_int_equal(pg_bind(&b, f.h, f.L, strings, &env, f.a, &err), PG_EINPUT);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "time-format cannot write arrival_time"));
    pg_arena_free(f.a);
}

static void test_bind__locale_dates_in_other_scripts(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    assert_string_equal(pg_locale_date(2026, 12, 3, "zh-Hans", a), "2026\xe5\xb9\xb4"
                                                                   "12"
                                                                   "\xe6\x9c\x88"
                                                                   "3\xe6\x97\xa5");
    /* Arabic: Arabic-Indic digits, month name, right to left. */
    const char *ar = pg_locale_date(2026, 12, 3, "ar", a);
    assert_non_null(strstr(ar, "\xd9\xa3"));                         /* ٣ */
    assert_non_null(strstr(ar, "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6")); /* ٢٠٢٦ */
    assert_true(pg_locale_rtl("ar"));
    assert_false(pg_locale_rtl("en"));
    assert_string_equal(pg_locale_int(12, "ar", a), "\xd9\xa1\xd9\xa2");
    pg_arena_free(a);
}

static void expect_bind_error(const pg_setting *set, int n, const char *needle)
{
    fixture f;
    setup(&f, "en");
    pg_binding *b = NULL;
    pg_error err = {0};
    assert_int_equal(bind_settings(&b, &f, set, n, &err), PG_EINPUT);
    if (!strstr(err.msg, needle))
        fail_msg("\"%s\" lacks \"%s\"", err.msg, needle);
    pg_arena_free(f.a);
}

static void test_bind__rejects_bad_values_and_missing_ones(void **state)
{
    (void)state;
    pg_setting bad_date[] = {{"procedure_date", "2026-02-30", NULL},
                             {"arrival_time", "07:30", NULL}};
    expect_bind_error(bad_date, 2, "procedure_date=\"2026-02-30\" is not a date");
    pg_setting bad_time[] = {{"procedure_date", "2026-02-03", NULL},
                             {"arrival_time", "7.30", NULL}};
    expect_bind_error(bad_time, 2, "is not a time");
    pg_setting late[] = {{"procedure_date", "2026-02-03", NULL}, {"arrival_time", "24:00", NULL}};
    expect_bind_error(late, 2, "is not a time");
    pg_setting missing[] = {{"procedure_date", "2026-02-03", NULL}};
    expect_bind_error(missing, 1, "variable \"arrival_time\" has no value");
    pg_setting bad_utf8[] = {{"patient_name", "Ana \xc3", NULL},
                             {"procedure_date", "2026-02-03", NULL},
                             {"arrival_time", "07:30", NULL}};
    expect_bind_error(bad_utf8, 3, "not valid UTF-8");
    pg_setting builtin[] = {{"page", "3", NULL}};
    expect_bind_error(builtin, 1, "built in");
}

/* Values from a CSV column: spaces around a date or time are allowed, other spreadsheet
 * forms are refused, and the error names the column. */
static void test_bind__csv_values_name_their_column(void **state)
{
    (void)state;
    fixture f;
    setup(&f, "es");
    pg_setting ok[] = {{"procedure_date", " 2026-12-03 ", "column procedure_date"},
                       {"arrival_time", "7:30", "column arrival_time"}};
    pg_binding *b = NULL;
    pg_error err = {0};
    assert_int_equal(bind_settings(&b, &f, ok, 2, &err), 0);
    assert_non_null(strstr(joined(b->blocks->next->children->next, f.a), "diciembre"));
    const char *bad_dates[] = {"12/03/2026", "2026-12-03 00:00:00", "3 Dec 2026",
                               "2026-13-01", "2025-02-29",          ""};
    for (size_t i = 0; i < sizeof bad_dates / sizeof *bad_dates; i++) {
        pg_setting set[] = {{"procedure_date", bad_dates[i], "column procedure_date"},
                            {"arrival_time", "07:30", "column arrival_time"}};
        assert_int_equal(bind_settings(&b, &f, set, 2, &err), PG_EINPUT);
        assert_string_equal(err.file, "column procedure_date");
        assert_non_null(strstr(err.msg, "is not a date"));
    }
    const char *bad_times[] = {"7:30 AM", "07:30:00", "19h30", "12:60"};
    for (size_t i = 0; i < sizeof bad_times / sizeof *bad_times; i++) {
        pg_setting set[] = {{"procedure_date", "2026-12-03", "column procedure_date"},
                            {"arrival_time", bad_times[i], "column arrival_time"}};
        assert_int_equal(bind_settings(&b, &f, set, 2, &err), PG_EINPUT);
        assert_string_equal(err.file, "column arrival_time");
    }
    pg_arena_free(f.a);
}

static void test_bind__values_are_text_and_fill_the_banner(void **state)
{
    (void)state;
    fixture f;
    setup(&f, "en");
    pg_setting set[] = {{"patient_name", "<b>Ana</b> &amp;", NULL},
                        {"procedure_date", "2026-12-03", NULL},
                        {"arrival_time", "13:05", NULL}};
    pg_binding *b = NULL;
    pg_error err = {0};
    assert_int_equal(bind_settings(&b, &f, set, 3, &err), 0);
    /* Two rows, each its label in bold, a space, then its value. */
    assert_non_null(b->banner);
    assert_int_equal(b->banner->kind, PG_BLK_BANNER);
    const pg_bblock *row = b->banner->children;
    assert_non_null(row);
    assert_non_null(row->next);
    assert_null(row->next->next);
    assert_int_equal(row->kind, PG_BLK_BANNER_ROW);
    assert_int_equal(row->n_label_spans, 2);
    assert_string_equal(row->spans[0].text, "For:");
    assert_true(row->spans[0].flags & PG_BOLD);
    assert_string_equal(row->spans[1].text, " ");
    assert_string_equal(row->spans[2].text, FSI "<b>Ana</b>" NB "&amp;" PDI);
    assert_false(row->spans[2].flags & PG_BOLD);
    assert_ptr_equal(row->parent, b->banner);
    assert_string_equal(b->title, "T");
    pg_arena_free(f.a);
}

/* Metadata takes the values as given; the page takes them isolated and unbreakable. */
static void test_bind__keeps_raw_values_for_metadata(void **state)
{
    (void)state;
    fixture f;
    setup(&f, "en");
    pg_setting set[] = {{"procedure_date", "2026-12-03", NULL}, {"arrival_time", "07:30", NULL}};
    pg_binding *b = NULL;
    pg_error err = {0};
    assert_int_equal(bind_settings(&b, &f, set, 2, &err), 0);
    int found = 0;
    for (int i = 0; i < b->n_values; i++)
        if (!strcmp(b->names[i], "clinic_name")) {
            assert_string_equal(b->raw[i], "Clinic");
            assert_string_equal(b->values[i], FSI "Clinic" PDI);
            found++;
        } else if (!strcmp(b->names[i], "procedure_date")) {
            assert_string_equal(b->raw[i], "2026-12-03");
            assert_string_equal(b->values[i], FSI "December" NB "3," NB "2026" PDI);
            found++;
        } else if (!strcmp(b->names[i], "today")) {
            assert_string_equal(b->raw[i], "December 1, 2025");
            found++;
        }
    assert_int_equal(found, 3);
    pg_arena_free(f.a);
}

static const char *lists_xml =
    "<handout id=\"l\" lang=\"%s\" version=\"1\" reviewed=\"2026-11-01\">"
    "<title id=\"t\">T</title><section id=\"s\"><h id=\"s.h\">H</h>"
    "<list id=\"n\" kind=\"number\"><item id=\"n.1\">a</item><item id=\"n.2\">b</item>"
    "<item id=\"n.3\">c</item></list>"
    "<list id=\"u\" kind=\"bullet\"><item id=\"u.1\">a</item></list>"
    "<steps id=\"st\"><step id=\"st.1\">a</step><step id=\"st.2\">b</step></steps>"
    "<checklist id=\"c\"><item id=\"c.1\">a</item></checklist>"
    "<callout id=\"co\" kind=\"urgent\"><h id=\"co.h\">Call</h><p id=\"co.p\">x</p></callout>"
    "</section></handout>";

/* Labels are written by bind in the language's digits; headings get levels without gaps;
 * every block knows its parent and language. */
static void test_bind__labels_levels_and_parents(void **state)
{
    (void)state;
    const char *langs[] = {"en", "ar"};
    const char *third[] = {"3.", "\xd9\xa3."}; /* 3. and ٣. */
    const char *second[] = {"2", "\xd9\xa2"};  /* 2 and ٢ */
    for (int k = 0; k < 2; k++) {
        fixture f;
        setup(&f, "en");
        char text[2048], name[64];
        snprintf(text, sizeof text, lists_xml, langs[k]);
        snprintf(name, sizeof name, "bind/l/%s.xml", langs[k]);
        pg_error err = {0};
        if (pg_load_handout(&f.h, write_tmp(name, text), f.a, &err))
            fail_msg("%s", err.msg);
        pg_binding *b = NULL;
        if (bind_settings(&b, &f, NULL, 0, &err))
            fail_msg("%s", err.msg);
        const pg_bblock *title = b->blocks, *sec = title->next;
        assert_int_equal(title->level, 1);
        const pg_bblock *h = sec->children, *num = h->next, *bul = num->next, *steps = bul->next,
                        *check = steps->next, *callout = check->next;
        assert_int_equal(h->level, 2);
        assert_ptr_equal(h->parent, sec);
        assert_string_equal(h->lang, langs[k]);
        assert_string_equal(num->children->next->next->label, third[k]);
        assert_ptr_equal(num->children->parent, num);
        assert_string_equal(bul->children->label, "\xe2\x80\xa2"); /* the layout's marker */
        assert_string_equal(steps->children->next->label, second[k]);
        assert_null(check->children->label);
        assert_int_equal(callout->children->level, 3);
        pg_arena_free(f.a);
    }
}

/* A font family the layout names that fonts.xml lacks is an error at the layout's line. */
/* A write-in field with no value prints a line to write on, in the text and the banner;
 * a banner row about a variable the handout does not declare is left out; the colophon
 * gets the handout's version and review day. */
static void test_bind__write_in_fields_and_the_colophon(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_layout *L;
    assert_int_equal(
        pg_load_layout(
            &L,
            write_tmp("bind/wl.xml",
                      "<layout id=\"t\"><page size=\"letter\" margin-top=\"1in\" "
                      "margin-bottom=\"1in\" margin-left=\"1in\" margin-right=\"1in\"/>"
                      "<style element=\"body\" size=\"10pt\"/>"
                      "<banner><row><label>For:</label><value><var name=\"patient_name\"/>"
                      "</value></row><row><label>Room:</label><value><var name=\"room\"/>"
                      "</value></row><row><label>Date:</label><value>"
                      "<var name=\"procedure_date\"/></value></row></banner>"
                      "<colophon><line>v<var name=\"version\"/> <var name=\"reviewed\"/>"
                      "</line><line>only with <var name=\"room\"/></line></colophon>"
                      "</layout>"),
            a, &err),
        0);
    pg_handout *h;
    int rc = pg_load_handout(
        &h,
        write_tmp("bind/w/en.xml",
                  "<handout id=\"w\" lang=\"en\" version=\"3\" reviewed=\"2026-11-26\">"
                  "<variables><variable name=\"patient_name\" type=\"text\"/>"
                  "<variable name=\"procedure_date\" type=\"date\" write-in=\"true\"/>"
                  "</variables><title id=\"title\">T</title><section id=\"s\"><h id=\"s.h\">H"
                  "</h><p id=\"p\">Date: <var name=\"procedure_date\"/></p></section></handout>"),
        a, &err);
    if (rc)
        fail_msg("%s", err.msg);
    static const char *const families[] = {"Sans"};
    pg_setting set[] = {{"patient_name", "Ana", NULL}, {"room", "12", NULL}};
    pg_bind_env env = {.settings = set, .n_settings = 2, .families = families, .n_families = 1};
    pg_binding *b = NULL;
    assert_int_equal(pg_bind(&b, h, L, NULL, &env, a, &err), 0);
    const char *line = FSI "______________" PDI;
    const pg_bblock *p = b->blocks->next->children->next;
    assert_string_equal(joined(p, a), pg_arena_printf(a, "Date: %s", line));
    const pg_bblock *row = b->banner->children;
    assert_string_equal(joined(row, a), "For: " FSI "Ana" PDI);
    assert_string_equal(joined(row->next, a), pg_arena_printf(a, "Date: %s", line));
    assert_null(row->next->next);
    assert_non_null(b->colophon);
    assert_string_equal(joined(b->colophon->children, a),
                        "v" FSI "3" PDI " " FSI "November" NB "26," NB "2026" PDI);
    assert_null(b->colophon->children->next);
    /* With a value, the value; without one and not a write-in field, an error. */
    pg_setting dated[] = {{"patient_name", "Ana", NULL}, {"procedure_date", "2026-12-03", NULL}};
    env.settings = dated;
    assert_int_equal(pg_bind(&b, h, L, NULL, &env, a, &err), 0);
    assert_string_equal(joined(b->blocks->next->children->next, a),
                        "Date: " FSI "December" NB "3," NB "2026" PDI);
    pg_arena_free(a);
}

static void test_bind__unknown_family_is_placed(void **state)
{
    (void)state;
    fixture f;
    setup(&f, "en");
    pg_error err = {0};
    const char *xml = "<layout id=\"t\">\n<page size=\"letter\" margin-top=\"1in\" "
                      "margin-bottom=\"1in\" margin-left=\"1in\" margin-right=\"1in\"/>\n"
                      "<style element=\"body\" size=\"10pt\" family=\"Sans\"/>\n"
                      "<style element=\"h\" family=\"Nonesuch\"/>\n</layout>";
    const char *path = write_tmp("bind/badfam.xml", xml);
    assert_int_equal(pg_load_layout(&f.L, path, f.a, &err), 0);
    pg_setting set[] = {{"procedure_date", "2026-12-03", NULL}, {"arrival_time", "07:30", NULL}};
    pg_binding *b = NULL;
    assert_int_equal(bind_settings(&b, &f, set, 2, &err), PG_EINPUT);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "\"Nonesuch\" is not defined"));
    pg_arena_free(f.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bind__formats_typed_values_per_language),
        cmocka_unit_test(test_bind__shared_strings_set_digits_dates_and_times),
        cmocka_unit_test(test_bind__unknown_digits_are_placed),
        cmocka_unit_test(test_bind__locale_dates_in_other_scripts),
        cmocka_unit_test(test_bind__rejects_bad_values_and_missing_ones),
        cmocka_unit_test(test_bind__csv_values_name_their_column),
        cmocka_unit_test(test_bind__values_are_text_and_fill_the_banner),
        cmocka_unit_test(test_bind__keeps_raw_values_for_metadata),
        cmocka_unit_test(test_bind__labels_levels_and_parents),
        cmocka_unit_test(test_bind__unknown_family_is_placed),
        cmocka_unit_test(test_bind__write_in_fields_and_the_colophon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
