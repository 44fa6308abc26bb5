/* test_load.c — the loader: safe XML, schema validation, places in error messages, and
 * the model it builds. */
#include "helpers.h"

#include "load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HANDOUT_HEAD                                                                               \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<handout id=\"demo\" lang=\"en\" version=\"2\" reviewed=\"2026-11-01\">\n"                    \
    "  <variables><variable name=\"when\" type=\"date\"/></variables>\n"                           \
    "  <title id=\"title\">Demo</title>\n"

static int load(pg_handout **h, const char *text, pg_error *err, pg_arena *a)
{
    const char *path = write_tmp("load/demo/en.xml", text);
    return pg_load_handout(h, path, a, err);
}

static void test_load__builds_model_with_places(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_handout *h = NULL;
    int rc =
        load(&h,
             HANDOUT_HEAD "  <section id=\"s\">\n"
                          "    <h id=\"s.h\">Head</h>\n"
                          "    <p id=\"s.p\">Come   on\n <strong>Tue</strong>, "
                          "<var name=\"when\"/>.</p>\n"
                          "    <callout id=\"c\" kind=\"urgent\"><p id=\"c.p\">X</p></callout>\n"
                          "  </section>\n</handout>\n",
             &err, a);
    assert_int_equal(rc, 0);
    assert_string_equal(h->id, "demo");
    assert_int_equal(h->version, 2);
    assert_string_equal(h->vars->name, "when");
    assert_int_equal(h->vars->type, PG_VAR_DATE);
    const pg_block *title = h->blocks;
    assert_int_equal(title->kind, PG_BLK_TITLE);
    assert_int_equal(title->pos.line, 4);
    assert_int_equal(title->pos.col, 3);
    const pg_block *sec = title->next;
    const pg_block *p = sec->children->next;
    assert_int_equal(p->kind, PG_BLK_P);
    assert_int_equal(p->pos.line, 7);
    assert_int_equal(p->pos.col, 5);
    const pg_inline *in = p->inlines;
    assert_string_equal(in->text, "Come on "); /* whitespace runs collapse */
    assert_int_equal(in->pos.line, 7);
    assert_int_equal(in->pos.col, 17);
    assert_int_equal(in->next->flags, PG_BOLD);
    assert_int_equal(in->next->next->next->kind, PG_IN_VAR);
    const pg_block *callout = p->next;
    assert_int_equal(callout->kind, PG_BLK_CALLOUT);
    assert_int_equal(callout->subkind, PG_CALLOUT_URGENT);
    pg_arena_free(a);
}

static void expect_error(const char *text, int line, const char *needle)
{
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_handout *h = NULL;
    int rc = load(&h, text, &err, a);
    assert_int_equal(rc, PG_EINPUT);
    if (line)
        assert_int_equal(err.line, line);
    if (!strstr(err.msg, needle))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle);
    assert_non_null(strstr(err.file, "load/demo/en.xml"));
    pg_arena_free(a);
}

static void test_load__rejects_doctype_and_entities(void **state)
{
    (void)state;
    expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE handout [<!ENTITY x SYSTEM "
                 "\"file:///etc/passwd\">]>\n<handout>&x;</handout>\n",
                 0, "DOCTYPE");
    expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                 "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
                 "<handout>&lol2;</handout>\n",
                 0, "DOCTYPE");
}

static void test_load__reports_malformed_xml_at_its_place(void **state)
{
    (void)state;
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"h\">x</h>\n  <p id=\"p\">a</section>\n",
                 6, "");
    expect_error("<handout id=\"x\" \xff/>", 1, "");
}

static void test_load__reports_schema_errors(void **state)
{
    (void)state;
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <blink id=\"b\">x</blink></section>\n</handout>\n",
                 0, "content/content.rng");
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <list id=\"l\" kind=\"zigzag\"><item id=\"i\">x</item></list>"
                              "</section>\n</handout>\n",
                 0, "content/content.rng");
}

static void test_load__duplicate_ids_and_undeclared_vars(void **state)
{
    (void)state;
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <p id=\"s.h\">y</p></section>\n</handout>\n",
                 6, "used twice");
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <p id=\"p\">Hi <var name=\"nobody\"/></p></section>\n"
                              "</handout>\n",
                 6, "\"nobody\" is not declared");
}

static void test_load__tables_notes_and_write_in_fields(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_handout *h = NULL;
    int rc = load(&h,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<handout id=\"demo\" lang=\"en\" version=\"2\" reviewed=\"2026-11-01\">\n"
                  "  <variables><variable name=\"until\" type=\"date\" write-in=\"true\"/>"
                  "<variable name=\"who\" type=\"text\"/></variables>\n"
                  "  <title id=\"title\">Demo</title>\n"
                  "  <section id=\"s\"><h id=\"s.h\">Head</h>\n"
                  "    <table id=\"t\"><tr><th id=\"t.a\">A</th><th id=\"t.b\">B</th></tr>\n"
                  "      <tr><td id=\"t.1\">x</td><td/></tr></table>\n"
                  "    <notes id=\"n\" lines=\"4\"/>\n"
                  "  </section>\n</handout>\n",
                  &err, a);
    assert_int_equal(rc, 0);
    assert_true(h->vars->write_in);
    assert_false(h->vars->next->write_in);
    const pg_block *table = h->blocks->next->children->next;
    assert_int_equal(table->kind, PG_BLK_TABLE);
    const pg_block *head = table->children, *row = head->next;
    assert_int_equal(head->kind, PG_BLK_ROW);
    assert_true(head->implicit_id);
    assert_string_equal(head->id, "t#r1");
    assert_int_equal(head->children->subkind, PG_CELL_HEAD);
    assert_int_equal(row->children->subkind, PG_CELL_DATA);
    assert_false(row->children->implicit_id);
    assert_non_null(row->children->inlines);
    /* The empty cell: no text, an id made from its place that no file can hold. */
    const pg_block *empty = row->children->next;
    assert_null(empty->inlines);
    assert_true(empty->implicit_id);
    assert_string_equal(empty->id, "t#r2.c2");
    const pg_block *notes = table->next;
    assert_int_equal(notes->kind, PG_BLK_NOTES);
    assert_int_equal(notes->subkind, 4);
    pg_arena_free(a);
}

static void test_load__table_rows_match_the_header_row(void **state)
{
    (void)state;
    expect_error(HANDOUT_HEAD
                 "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                 "    <table id=\"t\"><tr><th id=\"t.a\">A</th><th id=\"t.b\">B</th></tr>\n"
                 "      <tr><td/></tr></table></section>\n</handout>\n",
                 7, "row 2 of table \"t\" has 1 cell, its header row 2");
    /* A header row of data cells, a notes area of no lines: the schema refuses them. */
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <table id=\"t\"><tr><td id=\"t.a\">A</td></tr>\n"
                              "      <tr><td/></tr></table></section>\n</handout>\n",
                 0, "content/content.rng");
    expect_error(HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h>\n"
                              "    <notes id=\"n\" lines=\"0\"/></section>\n</handout>\n",
                 0, "content/content.rng");
}

static void test_load__deep_nesting_is_an_error_not_a_crash(void **state)
{
    (void)state;
    size_t depth = 5000;
    char *text = malloc(depth * 20 + 512);
    strcpy(text, HANDOUT_HEAD "<section id=\"s\"><h id=\"h\">x</h><p id=\"p\">");
    for (size_t i = 0; i < depth; i++)
        strcat(text, "<em>");
    strcat(text, "deep");
    for (size_t i = 0; i < depth; i++)
        strcat(text, "</em>");
    strcat(text, "</p></section></handout>");
    expect_error(text, 0, "");
    free(text);
}

static void test_load__translation_inherits_source_variables(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    write_tmp("load/t/en.xml", HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">x</h></section>\n"
                                            "</handout>\n");
    const char *es = write_tmp(
        "load/t/es.xml",
        "<handout id=\"demo\" lang=\"es\" version=\"1\" source-version=\"2\" "
        "reviewed=\"2026-11-01\"><meta><translation by=\"test\" kind=\"person\" "
        "date=\"2026-11-02\" status=\"draft\">review</translation></meta>"
        "<title id=\"title\" source-hash=\"0123456789abcdef\">Demostración</title>"
        "<section id=\"s\"><h id=\"s.h\">El <var name=\"when\"/></h></section></handout>");
    pg_handout *h = NULL;
    assert_int_equal(pg_load_handout(&h, es, a, &err), 0);
    assert_string_equal(h->vars->name, "when");
    assert_int_equal(h->source_version, 2);
    assert_non_null(h->translation);
    assert_string_equal(h->translation->by, "test");
    assert_string_equal(h->translation->kind, "person");
    assert_int_equal(h->translation->status, PG_REVIEW_DRAFT);
    assert_string_equal(h->translation->note, "review");
    assert_string_equal(h->blocks->source_hash, "0123456789abcdef");
    assert_null(h->blocks->next->children->source_hash);
    /* Reviewed names the reviewer and the day. */
    const char *rev =
        write_tmp("load/t/fr.xml",
                  "<handout id=\"demo\" lang=\"fr\" version=\"1\" source-version=\"2\" "
                  "reviewed=\"2026-11-01\"><meta>\n<translation by=\"A\" kind=\"agency\" "
                  "date=\"2026-11-02\" status=\"reviewed\"/></meta>"
                  "<title id=\"title\">Démo</title><section id=\"s\"><h id=\"s.h\">x</h></section>"
                  "</handout>");
    assert_int_equal(pg_load_handout(&h, rev, a, &err), PG_EINPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "names its reviewer"));
    pg_arena_free(a);
}

/* An en.xml that is not in English and uses variables it does not declare would take
 * the declarations from itself, forever: refused at its root element (found by fuzzing). */
static void test_load__source_cannot_be_its_own_source(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    const char *path = write_tmp(
        "load/self/en.xml",
        "<handout id=\"demo\" lang=\"vd\" version=\"1\" reviewed=\"2026-11-01\">\n"
        "<title id=\"title\">On <var name=\"when\"/></title><section id=\"s\"><h id=\"s.h\">x"
        "</h></section></handout>");
    pg_handout *h = NULL;
    assert_int_equal(pg_load_handout(&h, path, a, &err), PG_EINPUT);
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "this is the source (en.xml) but says lang=\"vd\""));
    pg_arena_free(a);
}

/* The hash of a block's text ignores how the file is laid out, not what it says. */
static void test_load__block_hash(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    const char *one = write_tmp("load/h1/en.xml",
                                HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">Take  it\n"
                                             "   <strong>now</strong></h></section>\n</handout>\n");
    const char *two = write_tmp("load/h2/en.xml",
                                HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">Take it "
                                             "<strong>now</strong></h></section>\n</handout>\n");
    const char *three =
        write_tmp("load/h3/en.xml", HANDOUT_HEAD "  <section id=\"s\"><h id=\"s.h\">Take it "
                                                 "<em>now</em></h></section>\n</handout>\n");
    pg_handout *h1, *h2, *h3;
    assert_int_equal(pg_load_handout(&h1, one, a, &err), 0);
    assert_int_equal(pg_load_handout(&h2, two, a, &err), 0);
    assert_int_equal(pg_load_handout(&h3, three, a, &err), 0);
    char x1[17], x2[17], x3[17];
    pg_block_hash(x1, h1->blocks->next->children);
    pg_block_hash(x2, h2->blocks->next->children);
    pg_block_hash(x3, h3->blocks->next->children);
    assert_int_equal(strlen(x1), 16);
    assert_string_equal(x1, x2);
    assert_string_not_equal(x1, x3);
    pg_arena_free(a);
}

static void test_load__normalizes_to_nfc(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_handout *h = NULL;
    /* "Việt" written with combining marks (NFD) comes out precomposed. */
    assert_int_equal(load(&h,
                          HANDOUT_HEAD "<section id=\"s\"><h id=\"s.h\">Vie\xcc\xa3\xcc\x82t"
                                       "</h></section></handout>",
                          &err, a),
                     0);
    const pg_block *hd = h->blocks->next->children;
    assert_string_equal(hd->inlines->text, "Vi\xe1\xbb\x87t");
    pg_arena_free(a);
}

static void test_load__shipped_layouts(void **state)
{
    (void)state;
    const char *names[] = {"layouts/large-print-letter.xml", "layouts/large-print-a4.xml",
                           "layouts/standard-letter.xml"};
    for (int i = 0; i < 3; i++) {
        pg_arena *a = pg_arena_new();
        pg_error err = {0};
        pg_layout *L = NULL;
        int rc = pg_load_layout(&L, src_path(names[i]), a, &err);
        if (rc)
            fail_msg("%s: %s", names[i], err.msg);
        if (i < 2) {
            /* The large-print contract: body 18 pt, headings >= 24 pt, leading >= 1.4. */
            assert_true(L->styles[PG_ST_P].size == 18);
            assert_true(L->styles[PG_ST_H].size >= 24);
            assert_true(L->styles[PG_ST_P].line_height >= 1.4);
            assert_true(L->styles[PG_ST_LIST].size == 18);
        }
        assert_non_null(L->footer.slot[PG_SLOT_END]);
        pg_arena_free(a);
    }
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_layout *L = NULL;
    assert_int_equal(pg_load_layout(&L, src_path("layouts/large-print-a4.xml"), a, &err), 0);
    assert_true(L->page_w > 595 && L->page_w < 596);
    assert_true(L->margin_left > 56.6 && L->margin_left < 56.7); /* 20mm */
    pg_arena_free(a);
}

/* Lengths and colours are checked by the loader (not by the schema) with the forms
 * [0-9]+(.[0-9]+)?(pt|mm|in) and #[0-9A-Fa-f]{6}, placed at their element. */
static void test_load__layout_lengths_and_colours_have_their_form(void **state)
{
    (void)state;
    static const struct {
        const char *length, *colour;
        const char *wrong; /* NULL, "length" or "colour" */
    } cases[] = {
        {"12pt", "#1a2B3c", NULL},      {"0.75in", "#000000", NULL},
        {"20mm", "#FFFFFF", NULL},      {"12", "#000000", "length"},
        {".5in", "#000000", "length"},  {"1.in", "#000000", "length"},
        {"12PT", "#000000", "length"},  {"1e2pt", "#000000", "length"},
        {"12 pt", "#000000", "length"}, {"-3pt", "#000000", "length"},
        {"12pt", "#00000", "colour"},   {"12pt", "#0000000", "colour"},
        {"12pt", "000000", "colour"},   {"12pt", "#00000g", "colour"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "<layout id=\"t\">\n<page size=\"letter\" margin-top=\"1in\" "
                 "margin-bottom=\"1in\" margin-left=\"1in\" margin-right=\"1in\"/>\n"
                 "<style element=\"p\" size=\"%s\" color=\"%s\"/>\n</layout>\n",
                 cases[i].length, cases[i].colour);
        pg_arena *a = pg_arena_new();
        pg_error err = {0};
        pg_layout *L = NULL;
        int rc = pg_load_layout(&L, write_tmp("load/forms.xml", text), a, &err);
        if (!cases[i].wrong) {
            assert_int_equal(rc, 0);
        } else {
            char want[32];
            snprintf(want, sizeof want, "is not a %s", cases[i].wrong);
            assert_int_equal(rc, PG_EINPUT);
            assert_int_equal(err.line, 3);
            assert_non_null(strstr(err.msg, want));
        }
        pg_arena_free(a);
    }
}

static void test_load__fonts_chain_must_name_families(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_fonts_spec *fs = NULL;
    const char *p =
        write_tmp("load/fonts.xml", "<fonts><family name=\"a\"><face match=\"X\"/></family>\n"
                                    "<chain script=\"Latn\" families=\"a b\"/></fonts>");
    assert_int_equal(pg_load_fonts(&fs, p, a, &err), PG_EINPUT);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "\"b\""));
    assert_int_equal(pg_load_fonts(&fs, src_path("fonts/fonts.xml"), a, &err), 0);
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load__block_hash),
        cmocka_unit_test(test_load__source_cannot_be_its_own_source),
        cmocka_unit_test(test_load__builds_model_with_places),
        cmocka_unit_test(test_load__rejects_doctype_and_entities),
        cmocka_unit_test(test_load__reports_malformed_xml_at_its_place),
        cmocka_unit_test(test_load__reports_schema_errors),
        cmocka_unit_test(test_load__duplicate_ids_and_undeclared_vars),
        cmocka_unit_test(test_load__deep_nesting_is_an_error_not_a_crash),
        cmocka_unit_test(test_load__translation_inherits_source_variables),
        cmocka_unit_test(test_load__normalizes_to_nfc),
        cmocka_unit_test(test_load__shipped_layouts),
        cmocka_unit_test(test_load__layout_lengths_and_colours_have_their_form),
        cmocka_unit_test(test_load__fonts_chain_must_name_families),
        cmocka_unit_test(test_load__tables_notes_and_write_in_fields),
        cmocka_unit_test(test_load__table_rows_match_the_header_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
