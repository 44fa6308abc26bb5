/* test_layout.c — pagination rules with the fake font (10 pt text, line height 2 ⇒
 * every line 20 pt tall; characters 5 pt wide). */
#include "helpers.h"

#include "pipeline.h"

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

/* A 300 x 300 pt page with 50 pt margins: a 200 pt column, 200 pt tall = 10 lines. */
static const char *layout =
    "<layout id=\"t\"><page size=\"300pt 300pt\" margin-top=\"50pt\" margin-bottom=\"50pt\" "
    "margin-left=\"50pt\" margin-right=\"50pt\"/>"
    "<style element=\"body\" size=\"10pt\" line-height=\"2\"/>"
    "<style element=\"callout-info\" border-width=\"2pt\" padding=\"8pt\"/>"
    "</layout>";

static pg_pages *lay_out(const char *body, const char *lang, pg_arena *a)
{
    char text[16384];
    snprintf(text, sizeof text,
             "<handout id=\"l\" lang=\"%s\" version=\"1\" reviewed=\"2026-01-01\">"
             "<title id=\"title\">T</title>%s</handout>",
             lang, body);
    pg_job job = {.layout_path = write_tmp("layout/layout.xml", layout),
                  .content_path = write_tmp("layout/l/x.xml", text),
                  .settings = NULL,
                  .n_settings = 0};
    pg_result r = {0};
    pg_error err = {0};
    if (pg_pipeline_layout(&r, &job, fonts, NULL, a, &err)) {
        pg_error_print(&err, stderr);
        fail();
    }
    return r.pages;
}

/* "w w w ..." of n words: 20 words fill 4 lines of 200 pt ("w " is 10 pt). */
static const char *words(int n, pg_arena *a)
{
    char *s = pg_arena_alloc(a, (size_t)n * 2 + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + 2 * i, "w ", 2);
    return s;
}

static int lines_on(const pg_page *p, const char *role)
{
    int n = 0;
    for (int i = 0; i < p->n_boxes; i++)
        n += p->boxes[i].kind == PG_BOX_LINE && !strcmp(p->boxes[i].role, role);
    return n;
}

static void test_layout__lines_fill_the_page_exactly(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    char body[4096];
    /* Title (1 line) + heading (1) + a paragraph of 8 lines = 10 lines: one page. */
    snprintf(body, sizeof body, "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p></section>",
             words(160, a));
    pg_pages *pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 1);
    assert_int_equal(lines_on(&pp->pages[0], "p"), 8);
    const pg_box *first = &pp->pages[0].boxes[0];
    assert_true(first->x == 50);
    /* Baseline: top margin + half-leading (20 - 10) / 2 + ascender 8. */
    assert_true(first->y == 50 + 5 + 8);
    /* One more line goes to a second page with its widow partner. */
    snprintf(body, sizeof body, "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p></section>",
             words(180, a));
    pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 2);
    assert_int_equal(lines_on(&pp->pages[0], "p"), 7);
    assert_int_equal(lines_on(&pp->pages[1], "p"), 2);
    pg_arena_free(a);
}

static void test_layout__no_orphan_and_heading_keeps_with_next(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    char body[8192];
    /* Title + h + 7 lines leave one line free: the next heading must not sit there
     * alone, nor the first line of the paragraph after it. */
    snprintf(body, sizeof body,
             "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p></section>"
             "<section id=\"t\"><h id=\"t.h\">Next</h><p id=\"t.p\">%s</p></section>",
             words(140, a), words(60, a));
    pg_pages *pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 2);
    assert_int_equal(lines_on(&pp->pages[0], "h"), 1);
    assert_int_equal(lines_on(&pp->pages[1], "h"), 1);
    assert_int_equal(lines_on(&pp->pages[1], "p"), 3);
    pg_arena_free(a);
}

static void test_layout__callout_is_not_split_when_it_fits(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    char body[8192];
    snprintf(body, sizeof body,
             "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p>"
             "<callout id=\"c\" kind=\"info\"><p id=\"c.p\">%s</p></callout></section>",
             words(120, a), words(30, a));
    pg_pages *pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 2);
    const pg_page *p2 = &pp->pages[1];
    assert_int_equal(p2->boxes[0].kind, PG_BOX_RECT);
    assert_string_equal(p2->boxes[0].role, "callout");
    /* The frame: border centred on the edge, padding inside. */
    assert_true(p2->boxes[0].x == 51);
    assert_true(p2->boxes[0].w == 198);
    assert_true(p2->boxes[0].h == 2 * 10 + 20 * 2 - 2); /* 2 pads + 2 lines, less border */
    assert_int_equal(lines_on(p2, "p"), 2);
    pg_arena_free(a);
}

/* A callout that kept whole would leave the page less than 60 % full goes on between its
 * paragraphs, its heading repeated with "(continued)" at the top of the next page. */
static void test_layout__callout_goes_on_under_its_heading(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    write_tmp("layout/common/en.xml",
              "<strings lang=\"en\" version=\"1\"><string id=\"continued\">(continued)</string>"
              "</strings>");
    char body[8192];
    snprintf(body, sizeof body,
             "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">w</p>"
             "<callout id=\"c\" kind=\"info\"><h id=\"c.h\">Call</h><p id=\"c.1\">%s</p>"
             "<p id=\"c.2\">%s</p></callout></section>",
             words(60, a), words(60, a));
    pg_pages *pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 2);
    assert_int_equal(lines_on(&pp->pages[0], "p"), 1 + 4); /* "w", then the first one */
    assert_int_equal(lines_on(&pp->pages[1], "p"), 4);
    const pg_box *cont = NULL;
    for (int i = 0; i < pp->pages[1].n_boxes; i++)
        if (!strcmp(pp->pages[1].boxes[i].role, "continued"))
            cont = &pp->pages[1].boxes[i];
    assert_non_null(cont);
    assert_string_equal(cont->line->utf8, "Call (continued)");
    assert_int_equal(cont->part, PG_PART_DECORATION); /* read once, not twice */
    pg_arena_free(a);
}

static void test_layout__taller_than_a_page_splits_and_ends(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    char body[16384];
    snprintf(body, sizeof body, "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p></section>",
             words(800, a));
    pg_pages *pp = lay_out(body, "en", a);
    int total = 0;
    for (int i = 0; i < pp->n_pages; i++) {
        total += lines_on(&pp->pages[i], "p");
        assert_true(lines_on(&pp->pages[i], "p") <= 10);
    }
    assert_int_equal(total, 40); /* 8 on the first page under title and heading, then 10 */
    assert_int_equal(pp->n_pages, 5);
    assert_int_equal(lines_on(&pp->pages[4], "p"), 2);
    pg_arena_free(a);
}

/* The boxes of role on p, in order, into out[0..max); returns how many there are. */
static int boxes_of(const pg_box **out, int max, const pg_page *p, const char *role)
{
    int n = 0;
    for (int i = 0; i < p->n_boxes; i++)
        if (!strcmp(p->boxes[i].role, role)) {
            if (n < max)
                out[n] = &p->boxes[i];
            n++;
        }
    return n;
}

/* A table's header row never ends a page alone: it goes on with its first row; rows go on
 * to the next page whole, under the header row drawn again (as decoration). */
static void test_layout__table_header_keeps_and_repeats(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    char body[8192];
    /* Title and heading (2 lines) and 6 lines of text leave 40 pt: room for the header
     * row (26 pt) but not for a row to write in under it (1.6 lines + padding, 38 pt). */
    const char *row = "<tr><td/><td/></tr>";
    snprintf(body, sizeof body,
             "<section id=\"s\"><h id=\"h\">H</h><p id=\"p\">%s</p>"
             "<table id=\"t\"><tr><th id=\"t.a\">A</th><th id=\"t.b\">B</th></tr>%s%s%s%s%s%s"
             "</table></section>",
             words(120, a), row, row, row, row, row, row);
    pg_pages *pp = lay_out(body, "en", a);
    assert_int_equal(pp->n_pages, 3);
    assert_int_equal(lines_on(&pp->pages[0], "th"), 0);
    assert_int_equal(lines_on(&pp->pages[1], "th"), 2);
    assert_int_equal(lines_on(&pp->pages[1], "table-header-repeat"), 0);
    assert_int_equal(lines_on(&pp->pages[2], "table-header-repeat"), 2);
    for (int i = 0; i < pp->pages[2].n_boxes; i++)
        if (!strcmp(pp->pages[2].boxes[i].role, "table-header-repeat"))
            assert_int_equal(pp->pages[2].boxes[i].part, PG_PART_DECORATION);
    pg_arena_free(a);
}

static void test_layout__right_to_left_pages_mirror(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    /* Two bullets, two numbers, two steps and a checkbox, on one page of the 200 pt
     * column from x = 50 to 250: mirrored, every start edge is the right edge. */
    pg_pages *pp = lay_out("<section id=\"s\"><h id=\"h\">H</h>"
                           "<list id=\"l\" kind=\"bullet\">"
                           "<item id=\"l.1\">\xd7\x90\xd7\x91</item>"
                           "<item id=\"l.2\">\xd7\x92\xd7\x93\xd7\x94</item></list>"
                           "<list id=\"n\" kind=\"number\">"
                           "<item id=\"n.1\">\xd7\x95</item><item id=\"n.2\">\xd7\x96</item></list>"
                           "<steps id=\"st\"><step id=\"st.1\">\xd7\x97</step>"
                           "<step id=\"st.2\">\xd7\x98</step></steps>"
                           "<checklist id=\"c\"><item id=\"c.1\">\xd7\x99</item></checklist>"
                           "</section>",
                           "he", a);
    assert_true(pp->rtl);
    assert_int_equal(pp->n_pages, 1);
    const pg_page *p = &pp->pages[0];
    const pg_box *b[8];
    /* Ragged left: the title and heading end at the right margin. */
    assert_int_equal(boxes_of(b, 8, p, "title"), 1);
    assert_true(b[0]->x + b[0]->w == 250);
    assert_true(b[0]->w == 5);
    assert_int_equal(boxes_of(b, 8, p, "h"), 1);
    assert_true(b[0]->x + b[0]->w == 250);
    /* Item text is indented 15 pt from the right; the checklist item is an item too. */
    const pg_box *item[8];
    assert_int_equal(boxes_of(item, 8, p, "item"), 5);
    for (int i = 0; i < 5; i++)
        assert_true(item[i]->x + item[i]->w == 250 - 15);
    assert_true(item[1]->w == 15); /* three letters of 5 pt */
    /* One marker per list item, at the right edge, on its item's first baseline:
     * "•" (5 pt) twice, then "1." and "2." (10 pt). */
    assert_int_equal(boxes_of(b, 8, p, "marker"), 4);
    for (int i = 0; i < 4; i++) {
        assert_true(b[i]->x + b[i]->w == 250);
        assert_true(b[i]->w == (i < 2 ? 5 : 10));
        assert_true(b[i]->y == item[i]->y);
    }
    /* Steps: a circle (8.5 pt, the default 0.85 em) at the right edge, centred on the
     * capitals of its first line, its number centred in it, the text indented 15 pt. */
    const pg_box *step[4];
    assert_int_equal(boxes_of(step, 4, p, "step"), 2);
    assert_int_equal(boxes_of(b, 8, p, "step-circle"), 2);
    for (int i = 0; i < 2; i++) {
        assert_true(step[i]->x + step[i]->w == 250 - 15);
        assert_true(b[i]->w == 8.5);
        assert_true(b[i]->x + b[i]->w == 250);
        assert_float_equal(b[i]->y + b[i]->h / 2, step[i]->y - 3.6, 1e-3); /* 0.36 em up */
    }
    assert_int_equal(boxes_of(b, 8, p, "step-number"), 2);
    for (int i = 0; i < 2; i++) {
        assert_true(b[i]->w > 0);
        assert_float_equal(b[i]->x + b[i]->w / 2, 250 - 8.5 / 2, 1e-3);
    }
    /* The checkbox: 1 pt in from the right edge. */
    assert_int_equal(boxes_of(b, 8, p, "checkbox"), 1);
    assert_true(b[0]->x + b[0]->w == 249);
    pg_arena_free(a);
}

/* Every box knows what it draws: content and labels their bound block and its place,
 * frames their callout, running header and footer are furniture from the layout. */
static void test_layout__boxes_know_their_source(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    const char *lay = "<layout id=\"t\"><page size=\"300pt 300pt\" margin-top=\"60pt\" "
                      "margin-bottom=\"50pt\" margin-left=\"50pt\" margin-right=\"50pt\"/>\n"
                      "<style element=\"body\" size=\"10pt\" line-height=\"2\"/>\n"
                      "<style element=\"callout-info\" border-width=\"2pt\" padding=\"8pt\"/>\n"
                      "<header rule=\"true\"><start>Clinic <var name=\"page\"/></start></header>\n"
                      "</layout>";
    const char *content = "<handout id=\"l\" lang=\"en\" version=\"1\" reviewed=\"2026-01-01\">\n"
                          "<title id=\"title\">T</title>\n"
                          "<section id=\"s\"><h id=\"s.h\">H</h>\n"
                          "<list id=\"n\" kind=\"number\"><item id=\"n.1\">one</item>"
                          "<item id=\"n.2\">two</item></list>\n"
                          "<callout id=\"c\" kind=\"info\"><p id=\"c.p\">inside</p></callout>\n"
                          "</section></handout>";
    pg_job job = {.layout_path = write_tmp("layout/src-layout.xml", lay),
                  .content_path = write_tmp("layout/src/x.xml", content),
                  .settings = NULL,
                  .n_settings = 0};
    pg_result r = {0};
    pg_error err = {0};
    if (pg_pipeline_layout(&r, &job, fonts, NULL, a, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(r.pages->n_pages, 1);
    const pg_page *pg = &r.pages->pages[0];
    int n[4] = {0};
    for (int i = 0; i < pg->n_boxes; i++) {
        const pg_box *b = &pg->boxes[i];
        n[b->part]++;
        assert_non_null(b->pos.file);
        assert_true(b->pos.line > 0);
        switch (b->part) {
        case PG_PART_CONTENT:
            assert_non_null(b->from);
            assert_string_equal(b->pos.file, job.content_path);
            assert_ptr_equal(b->line->pos.file, b->pos.file);
            if (!strcmp(b->role, "title")) {
                assert_int_equal(b->from->kind, PG_BLK_TITLE);
                assert_int_equal(b->pos.line, 2);
            } else if (!strcmp(b->role, "h")) {
                assert_int_equal(b->from->kind, PG_BLK_H);
                assert_int_equal(b->from->level, 2);
            } else if (!strcmp(b->role, "item")) {
                assert_int_equal(b->from->kind, PG_BLK_ITEM);
                assert_int_equal(b->from->parent->kind, PG_BLK_LIST);
                assert_int_equal(b->pos.line, 4);
            } else {
                assert_string_equal(b->role, "p");
                assert_int_equal(b->from->parent->kind, PG_BLK_CALLOUT);
                assert_int_equal(b->pos.line, 5);
            }
            break;
        case PG_PART_LABEL:
            assert_string_equal(b->role, "marker");
            assert_int_equal(b->from->kind, PG_BLK_ITEM);
            assert_string_equal(b->line->utf8, b->from->label);
            break;
        case PG_PART_DECORATION:
            assert_string_equal(b->role, "callout");
            assert_int_equal(b->from->kind, PG_BLK_CALLOUT);
            assert_int_equal(b->pos.line, 5);
            break;
        case PG_PART_FURNITURE:
            assert_null(b->from);
            assert_string_equal(b->pos.file, job.layout_path);
            assert_int_equal(b->pos.line, 4);
            break;
        }
    }
    /* title, heading, two items, the callout's paragraph; two numbers; one frame; the
     * header's line and its rule. */
    assert_int_equal(n[PG_PART_CONTENT], 5);
    assert_int_equal(n[PG_PART_LABEL], 2);
    assert_int_equal(n[PG_PART_DECORATION], 1);
    assert_int_equal(n[PG_PART_FURNITURE], 2);
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout__boxes_know_their_source),
        cmocka_unit_test(test_layout__lines_fill_the_page_exactly),
        cmocka_unit_test(test_layout__no_orphan_and_heading_keeps_with_next),
        cmocka_unit_test(test_layout__callout_is_not_split_when_it_fits),
        cmocka_unit_test(test_layout__callout_goes_on_under_its_heading),
        cmocka_unit_test(test_layout__taller_than_a_page_splits_and_ends),
        cmocka_unit_test(test_layout__right_to_left_pages_mirror),
        cmocka_unit_test(test_layout__table_header_keeps_and_repeats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
