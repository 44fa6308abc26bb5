/* grade.h — reading grade of handout text: Flesch–Kincaid grade level for English
 * (syllables from the CMU pronouncing dictionary, festlex-cmu, with a rule fallback) and
 * the Fernández-Huerta readability score for Spanish (a rule-based syllabifier). */
#ifndef PG_CHECK_GRADE_H
#define PG_CHECK_GRADE_H

#include "core/arena.h"
#include "core/error.h"
#include "model/content.h"

#include <stddef.h>

/** The pronouncing dictionary festlex-cmu installs (Festival's syllabified CMUdict). */
#define PG_CMUDICT_PATH "/usr/share/festival/dicts/cmu/cmudict-0.4.out"

typedef struct pg_syllables pg_syllables;

/** Loads the syllable counts of a Festival CMU lexicon (path NULL: $PDFGEN_CMUDICT, else
 * PG_CMUDICT_PATH). A missing or unreadable file is PG_EINPUT placed at path; the caller
 * may go on with rules only (pg_syllables_en takes NULL). Free with pg_syllables_free. */
int pg_syllables_open(pg_syllables **out, const char *path, pg_error *err);
void pg_syllables_free(pg_syllables *d);

/** Syllables of one English word (n bytes of UTF-8, any case, apostrophes allowed): the
 * dictionary's count when d has the word, else pg_syllables_en_rule. At least 1. */
int pg_syllables_en(const pg_syllables *d, const char *word, size_t n);

/** Whether d has the word (lower-cased, apostrophes dropped, as Festival stores it). */
int pg_syllables_known(const pg_syllables *d, const char *word, size_t n);

/** Syllables of one English word by rule: vowel groups, less a silent final e, "-ed" and
 * "-es" endings; at least 1. */
int pg_syllables_en_rule(const char *word, size_t n);

/** Syllables of one Spanish word (UTF-8): one per vowel nucleus, where a weak vowel (i, u,
 * ü, final y) next to another vowel forms a diphthong and two strong vowels (a, e, o, or
 * an accented í ú) are in hiatus. At least 1. */
int pg_syllables_es(const char *word, size_t n);

/** Flesch–Kincaid grade level: 0.39 words/sentences + 11.8 syllables/words − 15.59. */
double pg_grade_fk(int words, int sentences, int syllables);

/** Fernández-Huerta readability: 206.84 − 0.60 P − 1.02 F, P syllables and F sentences per
 * 100 words (100 very easy, 70–80 fairly easy, below 60 hard). */
double pg_grade_fh(int words, int sentences, int syllables);

/** One sentence of a graded text, with where it starts. */
typedef struct pg_sentence {
    const char *block; /* id of its block */
    pg_pos pos;        /* where it starts (the column assumes one source line, as text.c) */
    const char *text;  /* the sentence, in the grade's arena */
    int words, syllables;
    double grade; /* its own Flesch–Kincaid grade: long sentences of long words rank first */
} pg_sentence;

typedef struct pg_grade {
    int words, sentences, syllables;
    double score;         /* FK grade (English) or Fernández-Huerta score (Spanish) */
    pg_sentence *hardest; /* up to 3, hardest first */
    int n_hardest;
} pg_grade;

/** Grades a plain text: sentences end at . ! ? followed by a space or the end (not after
 * a lone capital or a known abbreviation such as "Dr."); words are runs of letters (with
 * inner apostrophes and hyphens), a hyphenated word counts once with the syllables of its
 * parts; numbers and symbols are not words. spanish picks the Spanish syllabifier and
 * score; otherwise d (may be NULL) and FK. */
void pg_grade_text(pg_grade *out, const char *text, int spanish, const pg_syllables *d,
                   pg_arena *a);

/** Grades what a patient reads of a handout: the text of paragraphs, list and checklist
 * items and steps (callouts included); each item or step is a sentence even without a
 * final period. Titles and headings are left out (short fragments that would make any
 * text look easy), and so are variables (their values are not the writer's words) and
 * image alternative text (not printed). */
void pg_grade_handout(pg_grade *out, const pg_handout *h, int spanish, const pg_syllables *d,
                      pg_arena *a);

#endif
