/* grade.c — reading grade for `pdfgen check`. English: Flesch–Kincaid grade level
 * (Kincaid et al. 1975), syllables from Festival's syllabified CMU dictionary (festlex-cmu;
 * each entry lists its syllables with a stress digit) and a vowel-group rule for words it
 * lacks. Spanish: Fernández-Huerta (1959, in the corrected form 206.84 − 0.60 P − 1.02 F)
 * with a rule-based syllabifier (diphthongs and hiatus). What counts as text: paragraphs,
 * items and steps; each item or step is a sentence; titles, headings, variables and image
 * alternative text are not counted (see grade.h). */
#include "check/grade.h"
#include "core/file.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the dictionary ---------------------------------------------------------------- */

struct pg_syllables {
    char *text;        /* the file, words NUL-terminated in place */
    const char **keys; /* open addressing, n_slots a power of two */
    unsigned char *counts;
    size_t n_slots;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static size_t slot_of(const pg_syllables *d, const char *w, size_t n)
{
    size_t i = (size_t)hash_bytes(w, n) & (d->n_slots - 1);
    while (d->keys[i] && (strncmp(d->keys[i], w, n) || d->keys[i][n]))
        i = (i + 1) & (d->n_slots - 1);
    return i;
}

int pg_syllables_open(pg_syllables **out, const char *path, pg_error *err)
{
    int rc = 0;
    char *text = NULL;
    size_t len = 0;
    if (!path)
        path = getenv("PDFGEN_CMUDICT");
    if (!path || !*path)
        path = PG_CMUDICT_PATH;
    PG_CHECK(pg_file_read(&text, &len, path, (size_t)64 << 20,
                          "is this the CMU dictionary of festlex-cmu?", err));
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    pg_syllables *d = calloc(1, sizeof *d);
    if (!d)
        pg_oom();
    d->n_slots = 1024;
    while (d->n_slots < 2 * lines)
        d->n_slots *= 2;
    d->keys = calloc(d->n_slots, sizeof *d->keys);
    d->counts = calloc(d->n_slots, 1);
    if (!d->keys || !d->counts)
        pg_oom();
    d->text = text;
    /* Entries look like ("medicine" nil (((m eh) 1) ((d ax) 0) ((s ax n) 0))): one
     * "((phones) STRESS)" group per syllable. The first entry of a word wins. */
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (line[0] == '(' && line[1] == '"') {
            char *w = line + 2, *q = strchr(w, '"');
            if (q && q > w) {
                *q = '\0';
                int n = 0;
                for (const char *p = q + 1; *p; p++)
                    if (p[0] == ')' && p[1] == ' ' && isdigit((unsigned char)p[2]) && p[3] == ')')
                        n++;
                size_t i = slot_of(d, w, (size_t)(q - w));
                if (!d->keys[i] && n > 0) {
                    d->keys[i] = w;
                    d->counts[i] = (unsigned char)(n > 255 ? 255 : n);
                }
            }
        }
        line = end ? end + 1 : NULL;
    }
    *out = d;
done:
    return rc;
}

void pg_syllables_free(pg_syllables *d)
{
    if (!d)
        return;
    free(d->text);
    free(d->keys);
    free(d->counts);
    free(d);
}

/* The key Festival stores: lower case, apostrophes (' and U+2019) dropped. 0 when the
 * word has other non-ASCII letters or does not fit. */
static size_t dict_key(char *key, size_t cap, const char *w, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c == '\'')
            continue;
        if (c == 0xE2 && i + 2 < n && (unsigned char)w[i + 1] == 0x80 &&
            (unsigned char)w[i + 2] == 0x99) {
            i += 2;
            continue;
        }
        if (c >= 0x80 || k + 1 >= cap)
            return 0;
        key[k++] = (char)tolower(c);
    }
    key[k] = '\0';
    return k;
}

static int dict_count(const pg_syllables *d, const char *w, size_t n)
{
    char key[64];
    size_t k = d ? dict_key(key, sizeof key, w, n) : 0;
    if (!k)
        return 0;
    size_t i = slot_of(d, key, k);
    return d->keys[i] ? d->counts[i] : 0;
}

int pg_syllables_known(const pg_syllables *d, const char *word, size_t n)
{
    return dict_count(d, word, n) > 0;
}

/* ---- English by rule --------------------------------------------------------------- */

static int en_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

int pg_syllables_en_rule(const char *word, size_t n)
{
    char w[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof w; i++)
        if (isalpha((unsigned char)word[i]))
            w[k++] = (char)tolower((unsigned char)word[i]);
    w[k] = '\0';
    int count = 0;
    for (size_t i = 0; i < k; i++)
        /* A vowel group starts a syllable; y at the start of a word is a consonant. */
        if (en_vowel(w[i]) && !(w[i] == 'y' && i == 0) && (i == 0 || !en_vowel(w[i - 1])))
            count++;
    if (k >= 3 && count > 1) {
        char last = w[k - 1], prev = w[k - 2], before = w[k - 3];
        if (last == 'e' && !en_vowel(prev) && !(prev == 'l' && !en_vowel(before)))
            count--; /* silent final e: "make", but not "table" */
        else if (last == 'd' && prev == 'e' && before != 't' && before != 'd' && !en_vowel(before))
            count--; /* "walked", but not "wanted" */
        else if (last == 's' && prev == 'e' && !strchr("sxzcgh", before) && !en_vowel(before))
            count--; /* "makes", but not "boxes" */
    }
    return count > 0 ? count : 1;
}

int pg_syllables_en(const pg_syllables *d, const char *word, size_t n)
{
    int c = dict_count(d, word, n);
    return c > 0 ? c : pg_syllables_en_rule(word, n);
}

/* ---- Spanish by rule --------------------------------------------------------------- */

static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && *i + (size_t)k < n; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + (size_t)k] & 0x3F);
    *i += (size_t)len;
    return cp;
}

static uint32_t es_lower(uint32_t c)
{
    if (c < 0x80)
        return (uint32_t)tolower((int)c);
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 0x20; /* Á É Í Ó Ú Ü Ñ and the other Latin-1 capitals */
    return c;
}

/* 2 a strong vowel (a e o, and an accented vowel, which never joins a diphthong: "día"),
 * 1 a weak vowel (i u ü), 0 a consonant. */
static int es_vowel(uint32_t c)
{
    switch (c) {
    case 'a':
    case 'e':
    case 'o':
    case 0xE1: /* á */
    case 0xE9: /* é */
    case 0xF3: /* ó */
    case 0xED: /* í */
    case 0xFA: /* ú */
        return 2;
    case 'i':
    case 'u':
    case 0xFC: /* ü */
        return 1;
    default:
        return 0;
    }
}

int pg_syllables_es(const char *word, size_t n)
{
    uint32_t cps[64];
    int k = 0;
    for (size_t i = 0; i < n && k < 64;)
        cps[k++] = es_lower(next_cp(word, n, &i));
    int count = 0, prev = 0;
    for (int i = 0; i < k; i++) {
        int v = es_vowel(cps[i]);
        /* y is a vowel alone ("y") or at the end after a vowel ("muy", "hoy"), where it
         * closes a diphthong. */
        if (cps[i] == 'y' && (k == 1 || (i == k - 1 && prev)))
            v = 1;
        if (v && (!prev || (v == 2 && prev == 2)))
            count++; /* a new nucleus: after a consonant, or two strong vowels in hiatus */
        prev = v;
    }
    return count > 0 ? count : 1;
}

/* ---- formulas ---------------------------------------------------------------------- */

double pg_grade_fk(int words, int sentences, int syllables)
{
    if (words <= 0 || sentences <= 0)
        return 0;
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59;
}

double pg_grade_fh(int words, int sentences, int syllables)
{
    if (words <= 0)
        return 0;
    return 206.84 - 0.60 * (100.0 * syllables / words) - 1.02 * (100.0 * sentences / words);
}

/* ---- sentences and words ----------------------------------------------------------- */

/* Where each run of a block's text starts, to place a sentence. */
typedef struct segment {
    size_t at;
    pg_pos pos;
} segment;

typedef struct grader {
    pg_grade *g;
    int spanish;
    const pg_syllables *d;
    pg_arena *a;
    size_t cap_hardest;
} grader;

static int is_letter(uint32_t c)
{
    return (c < 0x80 && isalpha((int)c)) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}

static int is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019;
}

static const char *const abbreviations[] = {"dr", "mr",  "mrs", "ms",  "st",  "vs", "etc", "approx",
                                            "no", "e.g", "i.e", "a.m", "p.m", "sr", "sra", "dra"};

/* Whether the token ending at byte e (exclusive, the period at e) is an abbreviation or
 * an initial, after which a period does not end a sentence. */
static int abbreviation(const char *s, size_t start, size_t e)
{
    size_t b = e;
    while (b > start && (isalpha((unsigned char)s[b - 1]) || s[b - 1] == '.'))
        b--;
    size_t n = e - b;
    if (n == 1 && isupper((unsigned char)s[b]))
        return 1;
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        if (strlen(abbreviations[i]) == n && !strncasecmp(abbreviations[i], s + b, n))
            return 1;
    return 0;
}

static int word_syllables(const grader *G, const char *w, size_t n)
{
    /* A hyphenated word ("open-heart") counts once, with the syllables of its parts. */
    int total = 0;
    size_t part = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && w[i] != '-')
            continue;
        if (i > part) {
            int has_letter = 0;
            for (size_t k = part; k < i; k++)
                has_letter |= isalpha((unsigned char)w[k]) || (unsigned char)w[k] >= 0x80;
            if (has_letter)
                total += G->spanish ? pg_syllables_es(w + part, i - part)
                                    : pg_syllables_en(G->d, w + part, i - part);
        }
        part = i + 1;
    }
    return total > 0 ? total : 1;
}

static void add_sentence(grader *G, const char *s, size_t b, size_t e, int words, int syllables,
                         const char *block, const segment *segs, int n_segs)
{
    pg_grade *g = G->g;
    g->sentences++;
    g->words += words;
    g->syllables += syllables;
    pg_sentence st = {.block = block, .words = words, .syllables = syllables};
    st.grade = pg_grade_fk(words, 1, syllables);
    /* Keep the three hardest; an earlier sentence stays ahead of an equal later one. */
    int at = g->n_hardest;
    while (at > 0 && g->hardest[at - 1].grade < st.grade)
        at--;
    if (at >= 3)
        return;
    while (b < e && s[b] == ' ')
        b++;
    st.text = pg_arena_strndup(G->a, s + b, e - b);
    if (n_segs > 0) {
        int k = 0;
        while (k + 1 < n_segs && segs[k + 1].at <= b)
            k++;
        st.pos = segs[k].pos;
        if (st.pos.col > 0)
            for (size_t i = segs[k].at; i < b; i++)
                if (((unsigned char)s[i] & 0xC0) != 0x80)
                    st.pos.col++;
    }
    pg_arena_grow(G->a, (void **)&g->hardest, &G->cap_hardest, 4, sizeof *g->hardest);
    int n = g->n_hardest < 3 ? g->n_hardest + 1 : 3;
    for (int i = n - 1; i > at; i--)
        g->hardest[i] = g->hardest[i - 1];
    g->hardest[at] = st;
    g->n_hardest = n;
}

/* Grades one unit of text (a block): a sentence never runs from one block into the next,
 * and the end of the unit ends a sentence. */
static void grade_unit(grader *G, const char *s, const char *block, const segment *segs, int n_segs)
{
    size_t n = strlen(s), start = 0, i = 0;
    int words = 0, syllables = 0;
    while (i < n) {
        size_t at = i;
        uint32_t c = next_cp(s, n, &i);
        if (is_letter(c) || (c < 0x80 && isdigit((int)c))) {
            /* A token: letters and digits, with inner apostrophes and hyphens. */
            size_t b = at, e = i;
            int letters = is_letter(c);
            while (i < n) {
                size_t j = i;
                uint32_t d = next_cp(s, n, &j);
                if (is_letter(d) || (d < 0x80 && isdigit((int)d))) {
                    letters |= is_letter(d);
                    i = e = j;
                    continue;
                }
                if (is_apostrophe(d) || d == '-') {
                    size_t k = j;
                    if (k < n) {
                        uint32_t after = next_cp(s, n, &k);
                        if (is_letter(after) || (after < 0x80 && isdigit((int)after))) {
                            i = e = j;
                            continue;
                        }
                    }
                }
                break;
            }
            if (letters) {
                words++;
                syllables += word_syllables(G, s + b, e - b);
            }
            continue;
        }
        if ((c == '.' || c == '!' || c == '?' || c == 0x2026) &&
            (i >= n || s[i] == ' ' || s[i] == ')' || s[i] == '"' || (unsigned char)s[i] == 0xE2) &&
            !(c == '.' && abbreviation(s, start, at))) {
            if (words > 0)
                add_sentence(G, s, start, i, words, syllables, block, segs, n_segs);
            start = i;
            words = syllables = 0;
        }
    }
    if (words > 0)
        add_sentence(G, s, start, n, words, syllables, block, segs, n_segs);
}

static void finish(pg_grade *g, int spanish)
{
    g->score = spanish ? pg_grade_fh(g->words, g->sentences, g->syllables)
                       : pg_grade_fk(g->words, g->sentences, g->syllables);
}

void pg_grade_text(pg_grade *out, const char *text, int spanish, const pg_syllables *d, pg_arena *a)
{
    memset(out, 0, sizeof *out);
    grader G = {out, spanish, d, a, 0};
    grade_unit(&G, text, NULL, NULL, 0);
    finish(out, spanish);
}

static void grade_blocks(grader *G, const pg_block *b)
{
    for (; b; b = b->next) {
        if (b->kind == PG_BLK_P || b->kind == PG_BLK_ITEM || b->kind == PG_BLK_STEP) {
            /* The block's text runs joined; a variable or a line break is a space. */
            size_t len = 1;
            int n_segs = 0;
            for (const pg_inline *in = b->inlines; in; in = in->next)
                len += (in->kind == PG_IN_TEXT ? strlen(in->text) : 0) + 1, n_segs++;
            char *s = pg_arena_alloc(G->a, len);
            segment *segs = PG_ARENA_ARRAY(G->a, segment, n_segs + 1);
            size_t at = 0;
            n_segs = 0;
            for (const pg_inline *in = b->inlines; in; in = in->next) {
                if (in->kind == PG_IN_TEXT) {
                    segs[n_segs++] = (segment){at, in->pos};
                    size_t k = strlen(in->text);
                    memcpy(s + at, in->text, k);
                    at += k;
                } else {
                    s[at++] = ' ';
                }
            }
            s[at] = '\0';
            grade_unit(G, s, b->id, segs, n_segs);
        }
        grade_blocks(G, b->children);
    }
}

void pg_grade_handout(pg_grade *out, const pg_handout *h, int spanish, const pg_syllables *d,
                      pg_arena *a)
{
    memset(out, 0, sizeof *out);
    grader G = {out, spanish, d, a, 0};
    grade_blocks(&G, h->blocks);
    finish(out, spanish);
}
