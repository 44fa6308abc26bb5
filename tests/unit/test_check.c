/* test_check.c — the reading grade behind `pdfgen check`: syllables from the CMU
 * dictionary (festlex-cmu) and by rule, the Spanish syllabifier, sentences and words, the
 * Flesch–Kincaid and Fernández-Huerta formulas; and where check looks for its layout.
 * The findings themselves are tested end to end (tests/e2e/check.sh). */
#include "helpers.h"

#include "check/check.h"
#include "check/grade.h"

#include <string.h>

static pg_syllables *dict;

static int open_dict(void **state)
{
    (void)state;
    pg_error err = {0};
    if (pg_syllables_open(&dict, NULL, &err) < 0) {
        fprintf(stderr, "%s (install festlex-cmu)\n", err.msg);
        return -1;
    }
    return 0;
}

static int close_dict(void **state)
{
    (void)state;
    pg_syllables_free(dict);
    return 0;
}

#define EN(w) pg_syllables_en(dict, w, strlen(w))
#define RULE(w) pg_syllables_en_rule(w, strlen(w))
#define ES(w) pg_syllables_es(w, strlen(w))

static void test_check__syllables_from_the_dictionary(void **state)
{
    (void)state;
    assert_true(pg_syllables_known(dict, "medicine", 8));
    assert_int_equal(EN("medicine"), 3);
    assert_int_equal(EN("procedure"), 3);
    int every = EN("every");
    assert_true(every == 2 || every == 3); /* CMU 0.4 says ev-er-y: 3 */
    assert_int_equal(EN("the"), 1);
    /* Any case; apostrophes (' and U+2019) as Festival drops them. */
    assert_int_equal(EN("Anesthesia"), 4);
    assert_int_equal(EN("don't"), 1);
    assert_int_equal(EN("team\xe2\x80\x99s"), 1);
    /* Where the rule is wrong, the dictionary wins: "fire" and "create" are two each. */
    assert_int_equal(EN("fire"), 2);
    assert_int_equal(RULE("fire"), 1);
    assert_int_equal(EN("create"), 2);
}

static void test_check__syllables_by_rule(void **state)
{
    (void)state;
    /* Made-up words are not in the dictionary: the rule counts them. */
    assert_false(pg_syllables_known(dict, "blorptastic", 11));
    assert_int_equal(EN("blorptastic"), 3);
    assert_int_equal(EN("flimberous"), 3);
    assert_int_equal(EN("zz"), 1);
    assert_int_equal(RULE("make"), 1);
    assert_int_equal(RULE("table"), 2);
    assert_int_equal(RULE("walked"), 1);
    assert_int_equal(RULE("wanted"), 2);
    assert_int_equal(RULE("makes"), 1);
    assert_int_equal(RULE("boxes"), 2);
    assert_int_equal(RULE("yes"), 1);
    assert_int_equal(RULE("agree"), 2);
    /* No dictionary at all: rules only. */
    assert_int_equal(pg_syllables_en(NULL, "medicine", 8), RULE("medicine"));
}

static void test_check__spanish_syllables(void **state)
{
    (void)state;
    assert_int_equal(ES("procedimiento"), 5); /* pro-ce-di-mien-to: ie a diphthong */
    assert_int_equal(ES("corazón"), 3);
    assert_int_equal(ES("CORAZÓN"), 3);
    assert_int_equal(ES("día"), 2);  /* an accented weak vowel breaks the diphthong */
    assert_int_equal(ES("leer"), 2); /* two strong vowels: hiatus */
    assert_int_equal(ES("ciudad"), 2);
    assert_int_equal(ES("guía"), 2);
    assert_int_equal(ES("muy"), 1); /* final y closes a diphthong */
    assert_int_equal(ES("y"), 1);
    assert_int_equal(ES("ayuda"), 3); /* y before a vowel is a consonant */
    assert_int_equal(ES("ahí"), 2);
}

/* cmocka's assert_float_equal compares floats: 1e-4 is as close as they get. */
static void test_check__flesch_kincaid(void **state)
{
    (void)state;
    assert_float_equal(pg_grade_fk(100, 5, 150), 0.39 * 20 + 11.8 * 1.5 - 15.59, 1e-4);
    pg_arena *a = pg_arena_new();
    pg_grade g;
    /* 9 words (The cat sat on the mat / It was hap-py), 2 sentences, 10 syllables. */
    pg_grade_text(&g, "The cat sat on the mat. It was happy.", 0, dict, a);
    assert_int_equal(g.words, 9);
    assert_int_equal(g.sentences, 2);
    assert_int_equal(g.syllables, 10);
    assert_float_equal(g.score, 0.39 * 9 / 2 + 11.8 * 10 / 9 - 15.59, 1e-4);
    assert_float_equal(g.score, -0.724, 0.001);
    pg_arena_free(a);
}

static void test_check__sentences_and_words(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_grade g;
    /* "Dr." does not end a sentence, a decimal point neither; numbers are not words;
     * "open-heart" is one word with the syllables of both parts; text without a final
     * period still ends a sentence (a list item). */
    pg_grade_text(&g, "Call Dr. Lee at noon. Take 1.5 tablets! No open-heart surgery", 0, dict, a);
    assert_int_equal(g.sentences, 3);
    assert_int_equal(g.words, 10);
    /* call dr lee at noon | take tab-lets | no o-pen-heart sur-ger-y */
    assert_int_equal(g.syllables, 5 + 3 + 7);
    pg_arena_free(a);
}

static void test_check__hardest_sentences(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    pg_grade g;
    pg_grade_text(&g,
                  "Rest today. Anticoagulation necessitates laboratory monitoring. Drink water. "
                  "Walk a little every day with your family. Sleep.",
                  0, dict, a);
    assert_int_equal(g.sentences, 5);
    assert_int_equal(g.n_hardest, 3);
    assert_string_equal(g.hardest[0].text, "Anticoagulation necessitates laboratory monitoring.");
    assert_int_equal(g.hardest[0].words, 4);
    assert_string_equal(g.hardest[1].text, "Walk a little every day with your family.");
    assert_true(g.hardest[0].grade > g.hardest[1].grade);
    assert_true(g.hardest[1].grade >= g.hardest[2].grade);
    pg_arena_free(a);
}

static void test_check__fernandez_huerta(void **state)
{
    (void)state;
    assert_float_equal(pg_grade_fh(100, 10, 200), 206.84 - 0.60 * 200 - 1.02 * 10, 1e-4);
    pg_arena *a = pg_arena_new();
    pg_grade g;
    /* Su co-ra-zón es-tá bien (7) / Va-ya a ca-sa hoy (6): 8 words, 2 sentences. */
    pg_grade_text(&g, "Su corazón está bien. Vaya a casa hoy.", 1, NULL, a);
    assert_int_equal(g.words, 8);
    assert_int_equal(g.sentences, 2);
    assert_int_equal(g.syllables, 13);
    assert_float_equal(g.score, 206.84 - 0.60 * 100.0 * 13 / 8 - 1.02 * 100.0 * 2 / 8, 1e-4);
    pg_arena_free(a);
}

static void test_check__default_layout(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    assert_string_equal(pg_check_default_layout("content", a), "layouts/large-print-letter.xml");
    assert_string_equal(pg_check_default_layout("content/", a), "layouts/large-print-letter.xml");
    assert_string_equal(pg_check_default_layout("/srv/pdfgen/content", a),
                        "/srv/pdfgen/layouts/large-print-letter.xml");
    assert_string_equal(pg_check_default_layout("../x/content/", a),
                        "../x/layouts/large-print-letter.xml");
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check__syllables_from_the_dictionary),
        cmocka_unit_test(test_check__syllables_by_rule),
        cmocka_unit_test(test_check__spanish_syllables),
        cmocka_unit_test(test_check__flesch_kincaid),
        cmocka_unit_test(test_check__sentences_and_words),
        cmocka_unit_test(test_check__hardest_sentences),
        cmocka_unit_test(test_check__fernandez_huerta),
        cmocka_unit_test(test_check__default_layout),
    };
    return cmocka_run_group_tests(tests, open_dict, close_dict);
}
