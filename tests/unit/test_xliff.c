/* test_xliff.c — XLIFF 1.2 export and import (load/xliff.c) and saving a handout
 * (load/save.c): every shipped translation survives export → import unchanged; a damaged
 * or stale file is refused with the exact finding line and the translation left
 * byte-identical; sign-off needs every unit approved and a reviewer. Works on copies of
 * content/ and tests/xliff/content/ under the test tmp dir. */
#include "helpers.h"

#include "load/load.h"
#include "load/xliff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------------------ */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    fclose(m);
    return buf;
}

static void spit(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fresh copy of a content tree (rel to the source dir) at PG_TEST_TMP/name. */
static const char *copy_tree(const char *rel, const char *name)
{
    static char dst[4096];
    char cmd[9000];
    snprintf(dst, sizeof dst, "%s/%s", PG_TEST_TMP, name);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", dst, src_path(rel), dst);
    assert_int_equal(system(cmd), 0);
    return dst;
}

/* text with the first occurrence of from replaced by to (malloc'd); fails when absent. */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t head = (size_t)(at - text), tail = strlen(at + strlen(from));
    char *out = malloc(head + strlen(to) + tail + 1);
    memcpy(out, text, head);
    strcpy(out + head, to);
    strcat(out, at + strlen(from));
    return out;
}

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_runs(const pg_inline *a, const pg_inline *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (a->kind != b->kind || a->flags != b->flags || !same_str(a->text, b->text))
            return 0;
    return !a && !b;
}

/* The models compared field by field (places aside). A source hash may be added where
 * the original had none; then it must be the current source block's. */
static void assert_same_blocks(const pg_block *a, const pg_block *b, const pg_handout *src)
{
    for (; a && b; a = a->next, b = b->next) {
        assert_int_equal(a->kind, b->kind);
        assert_string_equal(a->id, b->id);
        assert_int_equal(a->subkind, b->subkind);
        assert_true(same_runs(a->inlines, b->inlines));
        assert_true(same_str(a->src, b->src));
        assert_true(same_str(a->alt, b->alt));
        if (a->source_hash)
            assert_true(same_str(a->source_hash, b->source_hash));
        if (b->source_hash) {
            const pg_block *s = src->blocks;
            /* find the source block with this id, depth first */
            const pg_block *stack[64];
            int depth = 0;
            const pg_block *found = NULL;
            while (s || depth) {
                if (!s) {
                    s = stack[--depth];
                    continue;
                }
                if (!strcmp(s->id, b->id)) {
                    found = s;
                    break;
                }
                if (s->children && depth < 64)
                    stack[depth++] = s->next, s = s->children;
                else
                    s = s->next;
            }
            assert_non_null(found);
            char h[17];
            pg_block_hash(h, found);
            assert_string_equal(b->source_hash, h);
        }
        assert_same_blocks(a->children, b->children, src);
    }
    assert_null(a);
    assert_null(b);
}

/* Blocks that hold text, and of them those with a source hash. */
static void count_hashes(const pg_block *b, int *text, int *hashed)
{
    for (; b; b = b->next) {
        if (b->inlines || b->kind == PG_BLK_IMG) {
            (*text)++;
            *hashed += b->source_hash != NULL;
        }
        count_hashes(b->children, text, hashed);
    }
}

static void assert_same_handout(const pg_handout *a, const pg_handout *b, const pg_handout *src)
{
    assert_string_equal(a->id, b->id);
    assert_string_equal(a->lang, b->lang);
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->source_version, b->source_version);
    assert_true(same_str(a->reviewed, b->reviewed));
    assert_true(same_str(a->subject, b->subject));
    assert_non_null(a->translation);
    assert_non_null(b->translation);
    const pg_translation *x = a->translation, *y = b->translation;
    assert_string_equal(x->by, y->by);
    assert_string_equal(x->kind, y->kind);
    assert_string_equal(x->date, y->date);
    assert_string_equal(x->note, y->note);
    assert_int_equal(x->status, y->status);
    assert_true(same_str(x->reviewer, y->reviewer));
    assert_true(same_str(x->review_date, y->review_date));
    assert_same_blocks(a->blocks, b->blocks, src);
}

static const pg_xliff_import_opts defaults = {NULL, NULL, NULL, NULL, "2026-12-01"};

/* ---- round trips -------------------------------------------------------------------- */

static void test_xliff__every_shipped_translation_round_trips(void **state)
{
    (void)state;
    static const char *const handouts[] = {"mitraclip-procedure-day", "mitraclip-home-care"};
    static const char *const langs[] = {"es", "fr", "ar", "zh-Hans", "vi", "ru", "ko", "hi", "ht"};
    char root[4096];
    snprintf(root, sizeof root, "%s", copy_tree("content", "xliff-shipped"));
    int n = 0;
    for (size_t h = 0; h < 2; h++)
        for (size_t l = 0; l < sizeof langs / sizeof langs[0]; l++) {
            pg_arena *a = pg_arena_new();
            pg_error err = {0};
            char path[4200], xlf[4200];
            snprintf(path, sizeof path, "%s/%s/%s.xml", root, handouts[h], langs[l]);
            snprintf(xlf, sizeof xlf, "%s/%s-%s.xlf", PG_TEST_TMP, handouts[h], langs[l]);
            pg_handout *before = NULL, *after = NULL, *src = NULL;
            assert_int_equal(pg_load_handout(&before, path, a, &err), 0);
            assert_int_equal(pg_xliff_export(xlf, root, handouts[h], langs[l], a, &err), 0);
            pg_xliff_import_opts o = defaults;
            o.content_root = root;
            const char *written = NULL;
            pg_xliff_finding *found = NULL;
            int rc = pg_xliff_import(&written, &found, xlf, &o, a, &err);
            if (rc)
                fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
            assert_int_equal(rc, 0);
            assert_null(found);
            assert_string_equal(written, path);
            assert_int_equal(pg_load_handout(&after, path, a, &err), 0);
            char en[4200];
            snprintf(en, sizeof en, "%s/%s/en.xml", root, handouts[h]);
            assert_int_equal(pg_load_handout(&src, en, a, &err), 0);
            assert_same_handout(before, after, src);
            /* Every block now records the hash of the source it was translated from. */
            int text = 0, hashed = 0;
            count_hashes(after->blocks, &text, &hashed);
            assert_true(text > 40);
            assert_int_equal(hashed, text);
            /* The translation's date stays: nothing in it changed. */
            assert_string_equal(after->translation->date, before->translation->date);
            pg_arena_free(a);
            n++;
        }
    assert_int_equal(n, 18);
}

/* pg_save_handout writes the source back as it loads, with its variables. */
static void test_xliff__save_round_trips_a_source(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_handout *h = NULL, *back = NULL;
    const char *in = write_tmp("save/demo/en.xml",
                               "<?xml version=\"1.0\"?>\n"
                               "<handout id=\"demo\" lang=\"en\" version=\"3\" "
                               "reviewed=\"2026-11-01\">\n"
                               "<variables><variable name=\"when\" type=\"date\"/>"
                               "<variable name=\"at\" type=\"time\"/></variables>\n"
                               "<title id=\"t\">A &amp; B &lt;C&gt; \"q\"</title>\n"
                               "<section id=\"s\"><h id=\"s.h\">H</h>\n"
                               "<p id=\"s.p\">one<!-- a comment -->two <em><strong>x<var "
                               "name=\"when\"/></strong> y</em><br/>z <var name=\"at\"/></p>\n"
                               "<list id=\"l\" kind=\"number\"><item id=\"l.1\">i</item></list>\n"
                               "<callout id=\"c\" kind=\"warning\"><p id=\"c.p\">w</p></callout>\n"
                               "<img id=\"i\" src=\"a.png\" alt=\"a &quot;b&quot;\"/>\n"
                               "</section></handout>\n");
    assert_int_equal(pg_load_handout(&h, in, a, &err), 0);
    char out[4096];
    snprintf(out, sizeof out, "%s/save/demo/copy.xml", PG_TEST_TMP);
    assert_int_equal(pg_save_handout(out, h, &err), 0);
    assert_int_equal(pg_load_handout(&back, out, a, &err), 0);
    assert_int_equal(back->version, 3);
    assert_int_equal(back->source_version, 0);
    assert_null(back->translation);
    assert_non_null(back->vars);
    assert_string_equal(back->vars->name, "when");
    assert_int_equal(back->vars->next->type, PG_VAR_TIME);
    /* every block, run for run: the comment still splits "one" from "two" */
    const pg_block *p = back->blocks->next->children->next;
    assert_string_equal(p->inlines->text, "one");
    assert_string_equal(p->inlines->next->text, "two ");
    for (const pg_block *x = h->blocks, *y = back->blocks; x || y; x = x->next, y = y->next) {
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x->id, y->id);
    }
    pg_handout fake = *h;
    fake.blocks = NULL;
    assert_same_blocks(h->blocks, back->blocks, &fake);
    assert_string_equal(back->blocks->inlines->text, "A & B <C> \"q\"");
    pg_arena_free(a);
}

/* ---- refusals ----------------------------------------------------------------------- */

typedef struct fixture {
    char root[4096];
    char xlf[4200];
    char tr[4200];
    char *exported; /* the exported file's text */
    char *before;   /* the translation's bytes */
} fixture;

static void setup_demo(fixture *F)
{
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    snprintf(F->root, sizeof F->root, "%s", copy_tree("tests/xliff/content", "xliff-demo"));
    snprintf(F->xlf, sizeof F->xlf, "%s/demo.xlf", F->root);
    snprintf(F->tr, sizeof F->tr, "%s/demo/xx.xml", F->root);
    assert_int_equal(pg_xliff_export(F->xlf, F->root, "demo", "xx", a, &err), 0);
    F->exported = slurp(F->xlf);
    F->before = slurp(F->tr);
    assert_non_null(F->exported);
    assert_non_null(F->before);
    pg_arena_free(a);
}

static void teardown_demo(fixture *F)
{
    free(F->exported);
    free(F->before);
}

/* Imports text as the .xlf; expects a refusal whose findings are, in order, the lines
 * given (each "LINE:COL: error: ..." after the file name) and the translation unchanged. */
static void expect_refusal(fixture *F, const char *text, const pg_xliff_import_opts *opts,
                           int n_expected, const char *const *expected)
{
    spit(F->xlf, text);
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_xliff_import_opts o = opts ? *opts : defaults;
    o.content_root = F->root;
    const char *written = NULL;
    pg_xliff_finding *found = NULL;
    assert_int_equal(pg_xliff_import(&written, &found, F->xlf, &o, a, &err), PG_EINPUT);
    assert_null(written);
    int n = 0;
    for (const pg_xliff_finding *f = found; f; f = f->next, n++) {
        char line[2048], want[6000];
        pg_error_format(line, sizeof line, &f->e, "error");
        if (n < n_expected) {
            snprintf(want, sizeof want, "%s:%s", F->xlf, expected[n]);
            assert_string_equal(line, want);
        } else {
            fprintf(stderr, "unexpected finding: %s\n", line);
        }
    }
    assert_int_equal(n, n_expected);
    char *after = slurp(F->tr);
    assert_non_null(after);
    assert_string_equal(after, F->before); /* byte-identical (the files hold no NUL) */
    free(after);
    pg_arena_free(a);
}

static void test_xliff__refuses_a_renamed_variable(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    char *t = replace(F.exported, "3=procedure_date", "3=procedure_day");
    const char *want[] = {
        "38:11: error: unit \"s.p1\": <x id=\"3\"/> is the variable procedure_date in the "
        "source; the file calls it procedure_day: a variable may not be renamed"};
    expect_refusal(&F, t, NULL, 1, want);
    free(t);
    /* a variable's code changed into a line break in the target */
    t = replace(F.exported, "before <x id=\"3\" ctype=\"x-pdfgen-var\"/>, ",
                "before <x id=\"3\" ctype=\"lb\"/>, ");
    const char *want2[] = {
        "35:72: error: unit \"s.p1\": <x id=\"3\"/> is the variable procedure_date "
        "(ctype=\"x-pdfgen-var\"); here it says ctype=\"lb\": a variable may not be changed "
        "or renamed"};
    expect_refusal(&F, t, NULL, 1, want2);
    free(t);
    teardown_demo(&F);
}

static void test_xliff__refuses_a_dropped_g(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    char *t = replace(F.exported,
                      "<g id=\"1\" ctype=\"bold\">at xonce: <x id=\"2\" "
                      "ctype=\"x-pdfgen-var\"/></g>",
                      "at xonce: <x id=\"2\" ctype=\"x-pdfgen-var\"/>");
    /* the <x/> left outside its <g> (placed at the <x/>), and the <g> gone (at the target) */
    const char *want[] = {"68:68: error: unit \"s.call.p1\": <x id=\"2\"/> (the variable "
                          "care_team_phone) is inside <g id=\"1\"> in the source but not here: "
                          "the codes must keep their nesting",
                          "68:9: error: unit \"s.call.p1\": <g id=\"1\"> (bold) is missing; put "
                          "it back where it belongs"};
    expect_refusal(&F, t, NULL, 2, want);
    free(t);
    teardown_demo(&F);
}

static void test_xliff__refuses_reordered_codes(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    /* bold and italic swapped: <g 2> outside <g 1> */
    char *t = replace(F.exported,
                      "<g id=\"1\" ctype=\"bold\">do xot eat <g id=\"2\" "
                      "ctype=\"italic\">xanything</g></g>",
                      "<g id=\"2\" ctype=\"italic\">do xot eat <g id=\"1\" "
                      "ctype=\"bold\">xanything</g></g>");
    const char *want[] = {
        "35:106: error: unit \"s.p1\": <g id=\"2\"> (italic) is inside <g id=\"1\"> in the "
        "source but not here: the codes must keep their nesting",
        "35:142: error: unit \"s.p1\": <g id=\"1\"> (bold) is inside <g id=\"2\"> here but "
        "not in the source: the codes must keep their nesting"};
    expect_refusal(&F, t, NULL, 2, want);
    free(t);
    /* an extra code, and one twice */
    t = replace(F.exported, "Xay or night.",
                "Xay <x id=\"9\" ctype=\"lb\"/>or<x id=\"3\" "
                "ctype=\"lb\"/> night.");
    const char *want2[] = {
        "68:153: error: unit \"s.call.p1\": <x id=\"9\"/> is not in the source (an extra inline "
        "code); remove it",
        "68:177: error: unit \"s.call.p1\": <x id=\"3\"/> appears twice; each code of the "
        "source appears once"};
    expect_refusal(&F, t, NULL, 2, want2);
    free(t);
    teardown_demo(&F);
}

static void test_xliff__refuses_missing_and_extra_units(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    char *t = replace(F.exported, "<trans-unit id=\"s.steps.1\" resname=\"s.steps.1\"",
                      "<trans-unit id=\"s.steps.9\" resname=\"s.steps.9\"");
    char want_extra[8400], want_missing[8400];
    snprintf(want_extra, sizeof want_extra,
             "75:7: error: unit \"s.steps.9\": %s/demo/en.xml has no such block; remove the "
             "unit (an extra unit)",
             F.root);
    snprintf(want_missing, sizeof want_missing,
             "8:5: error: unit \"s.steps.1\": missing from this file (%s/demo/en.xml has it); "
             "export the handout again",
             F.root);
    const char *want[] = {want_extra, want_missing};
    expect_refusal(&F, t, NULL, 2, want);
    free(t);
    teardown_demo(&F);
}

static void test_xliff__refuses_a_stale_source(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    /* the source changes after the export: the file's hash and text are old */
    char en[4200];
    snprintf(en, sizeof en, "%s/demo/en.xml", F.root);
    char *src = slurp(en);
    char *changed = replace(src, "Your photo ID", "Your photo ID card");
    spit(en, changed);
    char want[8400];
    snprintf(want, sizeof want,
             "51:9: error: unit \"s.list.2\": the English source changed since this file was "
             "exported (it no longer matches %s); export the handout again and translate the "
             "change",
             en);
    const char *w[] = {want};
    expect_refusal(&F, F.exported, NULL, 1, w);
    /* or the file's source text was edited, its hash left alone */
    spit(en, src);
    char *t = replace(F.exported, ">Check in at the desk.<", ">Check in at the front desk.<");
    snprintf(want, sizeof want,
             "76:9: error: unit \"s.steps.1\": the English source changed since this file was "
             "exported (it no longer matches %s); export the handout again and translate the "
             "change",
             en);
    expect_refusal(&F, t, NULL, 1, w);
    free(t);
    /* or only the recorded hash is not the source's */
    t = replace(F.exported, ">cf1c83f43b341291<", ">0000000000000000<");
    snprintf(want, sizeof want,
             "26:9: error: unit \"s.h\": the English source changed since this file was "
             "exported (it no longer matches %s); export the handout again and translate the "
             "change",
             en);
    expect_refusal(&F, t, NULL, 1, w);
    free(t);
    free(changed);
    free(src);
    teardown_demo(&F);
}

static void test_xliff__refuses_an_empty_target(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    char *t = replace(F.exported, ">Xour photo ID<", ">  <");
    const char *want[] = {"52:9: error: unit \"s.list.2\": the target is empty; translate it"};
    expect_refusal(&F, t, NULL, 1, want);
    free(t);
    teardown_demo(&F);
}

/* ---- states and sign-off ------------------------------------------------------------ */

static void test_xliff__reviewed_only_with_reviewer_and_every_unit_approved(void **state)
{
    (void)state;
    fixture F;
    setup_demo(&F);
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    /* every unit signed off */
    char *t = strdup(F.exported), *next;
    while (strstr(t, "state=\"translated\"")) {
        next = replace(t, "state=\"translated\"", "state=\"signed-off\"");
        free(t);
        t = next;
    }
    /* but one: the reviewer's sign-off is refused, unit named */
    char *one = replace(t, "<target xml:lang=\"xx\" state=\"signed-off\">Xheck",
                        "<target xml:lang=\"xx\" state=\"translated\">Xheck");
    pg_xliff_import_opts o = defaults;
    o.reviewer = "Dr. R. Eviewer, CMI";
    const char *want[] = {"75:7: error: unit \"s.steps.1\": not signed off "
                          "(approved=\"yes\" or state=\"signed-off\"); --reviewer signs off only "
                          "a file whose every unit is"};
    expect_refusal(&F, one, &o, 1, want);
    free(one);

    /* all signed off, no reviewer: a draft */
    spit(F.xlf, t);
    o = defaults;
    o.content_root = F.root;
    const char *written = NULL;
    pg_xliff_finding *found = NULL;
    pg_handout *h = NULL;
    assert_int_equal(pg_xliff_import(&written, &found, F.xlf, &o, a, &err), 0);
    assert_int_equal(pg_load_handout(&h, F.tr, a, &err), 0);
    assert_int_equal(h->translation->status, PG_REVIEW_DRAFT);
    assert_null(h->translation->reviewer);

    /* all signed off and a reviewer: reviewed, on the day */
    o.reviewer = "Dr. R. Eviewer, CMI";
    assert_int_equal(pg_xliff_import(&written, &found, F.xlf, &o, a, &err), 0);
    assert_int_equal(pg_load_handout(&h, F.tr, a, &err), 0);
    assert_int_equal(h->translation->status, PG_REVIEW_REVIEWED);
    assert_string_equal(h->translation->reviewer, "Dr. R. Eviewer, CMI");
    assert_string_equal(h->translation->review_date, "2026-12-01");
    assert_string_equal(h->translation->by, "A. Translator"); /* carried over */
    assert_string_equal(h->translation->date, "2026-11-02");  /* its text did not change */

    /* the next export says so: approved and signed off */
    assert_int_equal(pg_xliff_export(F.xlf, F.root, "demo", "xx", a, &err), 0);
    char *again = slurp(F.xlf);
    assert_non_null(strstr(again, "<trans-unit id=\"s.h\" resname=\"s.h\" xml:space=\"preserve\" "
                                  "size-unit=\"char\" maxwidth=\"60\" approved=\"yes\">"));
    assert_null(strstr(again, "state=\"translated\""));
    free(again);
    free(t);
    pg_arena_free(a);
    teardown_demo(&F);
}

static void test_xliff__new_translation_needs_by_and_dates_today(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    char root[4096];
    snprintf(root, sizeof root, "%s", copy_tree("tests/xliff/content", "xliff-new"));
    char xlf[4200], tr[4200];
    snprintf(xlf, sizeof xlf, "%s/yy.xlf", root);
    snprintf(tr, sizeof tr, "%s/demo/yy.xml", root);
    assert_int_equal(pg_xliff_export(xlf, root, "demo", "yy", a, &err), 0);
    char *text = slurp(xlf);
    /* no translation yet: empty targets that need translating */
    assert_non_null(strstr(text, "<target xml:lang=\"yy\" state=\"needs-translation\"/>"));
    assert_null(strstr(text, "state=\"translated\""));
    /* and importing them untranslated is refused, one line per unit */
    pg_xliff_import_opts o = defaults;
    o.content_root = root;
    o.by = "Y. Translator";
    const char *written = NULL;
    pg_xliff_finding *found = NULL;
    assert_int_equal(pg_xliff_import(&written, &found, xlf, &o, a, &err), PG_EINPUT);
    int n = 0;
    for (; found; found = found->next)
        n++;
    assert_int_equal(n, 10);
    free(text);
    /* fill every target with its source */
    spit(xlf, "");
    assert_int_equal(pg_xliff_export(xlf, root, "demo", "yy", a, &err), 0);
    text = slurp(xlf);
    char *p;
    while ((p = strstr(text, "<target xml:lang=\"yy\" state=\"needs-translation\"/>"))) {
        /* the source before this target */
        char *src = p;
        while (strncmp(src, "<source xml:lang=\"en\">", 22))
            src--;
        size_t slen = (size_t)(strstr(src, "</source>") - (src + 22));
        char *with = malloc(strlen(text) + slen + 64);
        size_t head = (size_t)(p - text);
        memcpy(with, text, head);
        int k = sprintf(with + head, "<target xml:lang=\"yy\" state=\"translated\">%.*s</target>",
                        (int)slen, src + 22);
        strcpy(with + head + k,
               p + strlen("<target xml:lang=\"yy\" state=\"needs-translation\"/>"));
        free(text);
        text = with;
    }
    spit(xlf, text);
    free(text);
    o.by = NULL;
    assert_int_equal(pg_xliff_import(&written, &found, xlf, &o, a, &err), PG_EUSAGE);
    assert_non_null(strstr(err.msg, "is a new translation: say who made it with --by NAME"));
    o.by = "Y. Translator";
    assert_int_equal(pg_xliff_import(&written, &found, xlf, &o, a, &err), 0);
    pg_handout *h = NULL;
    assert_int_equal(pg_load_handout(&h, tr, a, &err), 0);
    assert_string_equal(h->translation->by, "Y. Translator");
    assert_string_equal(h->translation->kind, "person");
    assert_string_equal(h->translation->date, "2026-12-01");
    assert_int_equal(h->translation->status, PG_REVIEW_DRAFT);
    assert_int_equal(h->source_version, 2);
    assert_string_equal(h->subject, "A demo handout for the XLIFF tests.");
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xliff__every_shipped_translation_round_trips),
        cmocka_unit_test(test_xliff__save_round_trips_a_source),
        cmocka_unit_test(test_xliff__refuses_a_renamed_variable),
        cmocka_unit_test(test_xliff__refuses_a_dropped_g),
        cmocka_unit_test(test_xliff__refuses_reordered_codes),
        cmocka_unit_test(test_xliff__refuses_missing_and_extra_units),
        cmocka_unit_test(test_xliff__refuses_a_stale_source),
        cmocka_unit_test(test_xliff__refuses_an_empty_target),
        cmocka_unit_test(test_xliff__reviewed_only_with_reviewer_and_every_unit_approved),
        cmocka_unit_test(test_xliff__new_translation_needs_by_and_dates_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
