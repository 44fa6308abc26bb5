/* test_csv.c — the patient list reader: RFC 4180 through libcsv, spreadsheet habits
 * (BOM, CRLF, empty rows), physical line numbers, and malformed files. */
#include "helpers.h"

#include "load/csv.h"

#include <string.h>

typedef struct parsed {
    pg_arena *a;
    pg_csv csv;
    pg_error err;
    int rc;
} parsed;

static parsed parse(const char *text, size_t len)
{
    parsed p = {.a = pg_arena_new()};
    p.rc = pg_csv_parse(&p.csv, text, len, "list.csv", p.a, &p.err);
    return p;
}

#define PARSE(text) parse(text, sizeof(text) - 1)

static void test_csv__fields_and_lines(void **state)
{
    (void)state;
    parsed p = PARSE("id,lang,name\nP1,en,Ana\nP2,es,\"Ruiz, Ana\"\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.csv.n_records, 3);
    assert_int_equal(p.csv.records[2].line, 3);
    assert_int_equal(p.csv.records[2].n_fields, 3);
    assert_string_equal(p.csv.records[2].fields[2], "Ruiz, Ana");
    pg_arena_free(p.a);
}

static void test_csv__spreadsheet_export(void **state)
{
    (void)state;
    /* A byte order mark, CRLF, a quoted CRLF inside a field, doubled quotes, a row of
     * empty cells and a blank line; the last line has no line end. */
    parsed p = PARSE("\xEF\xBB\xBFid,lang,note\r\n"
                     "P1,en,\"two\r\nlines\"\r\n"
                     ",,\r\n"
                     "\r\n"
                     "P2,fr,\"say \"\"hi\"\"\"\r\n"
                     "P3,es, spaced ");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.csv.n_records, 4);
    assert_string_equal(p.csv.records[0].fields[0], "id");
    assert_string_equal(p.csv.records[1].fields[2], "two\nlines");
    assert_int_equal(p.csv.records[1].line, 2);
    assert_int_equal(p.csv.records[2].line, 6);
    assert_string_equal(p.csv.records[2].fields[2], "say \"hi\"");
    assert_int_equal(p.csv.records[3].line, 7);
    assert_string_equal(p.csv.records[3].fields[2], " spaced "); /* RFC 4180: kept */
    pg_arena_free(p.a);
}

static void test_csv__empty_fields_count(void **state)
{
    (void)state;
    parsed p = PARSE("a,b,c\n1,,\n,2,\n");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.csv.n_records, 3);
    assert_int_equal(p.csv.records[1].n_fields, 3);
    assert_string_equal(p.csv.records[1].fields[1], "");
    assert_int_equal(p.csv.records[2].n_fields, 3);
    pg_arena_free(p.a);
}

static void test_csv__old_mac_line_ends(void **state)
{
    (void)state;
    parsed p = PARSE("a,b\r1,2\r3,4");
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.csv.n_records, 3);
    assert_int_equal(p.csv.records[2].line, 3);
    pg_arena_free(p.a);
}

static void test_csv__nul_byte_is_kept_visible(void **state)
{
    (void)state;
    parsed p = parse("a,b\nx\0y,z\n", 10);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.csv.records[1].lens[0], 3);
    assert_int_equal(strlen(p.csv.records[1].fields[0]), 1);
    pg_arena_free(p.a);
}

static void test_csv__malformed_quotes_name_their_line(void **state)
{
    (void)state;
    parsed p = PARSE("id,name\nP1,Ana\nP2,O\"Brien\nP3,Lee\n");
    assert_int_equal(p.rc, PG_EINPUT);
    assert_int_equal(p.err.line, 3);
    assert_non_null(strstr(p.err.msg, "malformed CSV"));
    pg_arena_free(p.a);

    p = PARSE("id,name\nP1,\"Ana\"x\n");
    assert_int_equal(p.rc, PG_EINPUT);
    assert_int_equal(p.err.line, 2);
    pg_arena_free(p.a);

    /* A quote never closed swallows the rest: the error points at its record. */
    p = PARSE("id,name\nP1,Ana\nP2,\"Lee\nP3,Kim\nP4,Ray\n");
    assert_int_equal(p.rc, PG_EINPUT);
    assert_int_equal(p.err.line, 3);
    assert_non_null(strstr(p.err.msg, "never closed"));
    pg_arena_free(p.a);
}

static void test_csv__utf16_is_refused(void **state)
{
    (void)state;
    parsed p = PARSE("\xFF\xFEi\0d\0");
    assert_int_equal(p.rc, PG_EINPUT);
    assert_non_null(strstr(p.err.msg, "UTF-16"));
    pg_arena_free(p.a);
}

static void test_csv__files(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_csv csv;
    pg_error err = {0};
    assert_int_equal(pg_csv_read(&csv, write_tmp("csv/a.csv", "id,lang\nP1,en\n"), a, &err), 0);
    assert_int_equal(csv.n_records, 2);
    assert_int_equal(pg_csv_read(&csv, src_path("no/such.csv"), a, &err), PG_EINPUT);
    assert_non_null(strstr(err.msg, "cannot open"));
    assert_int_equal(pg_csv_read(&csv, src_path("tests"), a, &err), PG_EINPUT);
    assert_non_null(strstr(err.msg, "is a directory, not a file"));
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv__fields_and_lines),
        cmocka_unit_test(test_csv__spreadsheet_export),
        cmocka_unit_test(test_csv__empty_fields_count),
        cmocka_unit_test(test_csv__old_mac_line_ends),
        cmocka_unit_test(test_csv__nul_byte_is_kept_visible),
        cmocka_unit_test(test_csv__malformed_quotes_name_their_line),
        cmocka_unit_test(test_csv__utf16_is_refused),
        cmocka_unit_test(test_csv__files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
