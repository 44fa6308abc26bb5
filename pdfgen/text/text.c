/* text.c — itemize, shape, break, reorder (see text.h). ICU gives NFC'd text its bidi
 * levels (UAX #9), scripts (UAX #24), grapheme clusters (UAX #29) and line break
 * opportunities (UAX #14); HarfBuzz shapes each run with the whole paragraph as context,
 * so Arabic joins across style changes. Lines are measured from the shaped advances. */
#include "text/text.h"
#include "core/bytes.h"
#include "core/memo.h"

#include <hb.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pg_shaper {
    const pg_fontset *fonts;
    char lang[32];
    char icu_locale[64];
    int rtl;
    hb_buffer_t *buf;
    hb_language_t hb_lang;
    UBreakIterator *line_brk, *char_brk;
    UBiDi *bidi;
    int keep_all;            /* Korean: break at spaces only */
    const char *lang_script; /* the script the language is written in ("Hani" for zh), or
                                NULL: where punctuation goes that the text before it lacks */
    pg_memo *lines;          /* paragraphs broken before, by their text, style and width */
    pg_bytes key;            /* the key being built */
};

/* What the memo of broken paragraphs may hold: both MitraClip handouts in one language
 * take about 1 MB. */
#define LINES_MEMO_BUDGET (2u << 20)

/* The main script of a language, as the font chains name it: ICU's first script for the
 * locale, with Han in either form as Hani and Korean as Hangul. */
static const char *script_of_lang(const char *icu_locale)
{
    UScriptCode codes[8];
    UErrorCode st = U_ZERO_ERROR;
    int n = uscript_getCode(icu_locale, codes, 8, &st);
    if (U_FAILURE(st) || n < 1)
        return NULL;
    switch (codes[0]) {
    case USCRIPT_SIMPLIFIED_HAN:
    case USCRIPT_TRADITIONAL_HAN:
    case USCRIPT_JAPANESE:
        return "Hani";
    case USCRIPT_KOREAN:
        return "Hang";
    default:
        return uscript_getShortName(codes[0]);
    }
}

int pg_shaper_new(pg_shaper **out, const pg_fontset *fonts, const char *lang, int rtl,
                  pg_error *err)
{
    pg_shaper *s = calloc(1, sizeof *s);
    if (!s)
        pg_oom();
    s->fonts = fonts;
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    UErrorCode st = U_ZERO_ERROR;
    uloc_forLanguageTag(lang, s->icu_locale, sizeof s->icu_locale, NULL, &st);
    if (U_FAILURE(st))
        snprintf(s->icu_locale, sizeof s->icu_locale, "%s", lang);
    s->rtl = rtl;
    s->keep_all = !strncmp(lang, "ko", 2) && (lang[2] == '\0' || lang[2] == '-');
    s->lang_script = script_of_lang(s->icu_locale);
    s->buf = hb_buffer_create();
    s->hb_lang = hb_language_from_string(lang, -1);
    st = U_ZERO_ERROR;
    s->line_brk = ubrk_open(UBRK_LINE, s->icu_locale, NULL, 0, &st);
    s->char_brk = ubrk_open(UBRK_CHARACTER, s->icu_locale, NULL, 0, &st);
    s->bidi = ubidi_open();
    s->lines = pg_memo_new(LINES_MEMO_BUDGET);
    if (!s->bidi || !hb_buffer_allocation_successful(s->buf))
        pg_oom();
    if (U_FAILURE(st) || !s->line_brk || !s->char_brk) {
        pg_shaper_free(s);
        return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0,
                            "ICU cannot open its break iterators for \"%s\": %s", lang,
                            u_errorName(st));
    }
    *out = s;
    return 0;
}

void pg_shaper_free(pg_shaper *s)
{
    if (!s)
        return;
    hb_buffer_destroy(s->buf);
    ubrk_close(s->line_brk);
    ubrk_close(s->char_brk);
    ubidi_close(s->bidi);
    pg_memo_free(s->lines);
    pg_bytes_free(&s->key);
    free(s);
}

/* ---- paragraph assembly ------------------------------------------------------------ */

typedef struct para {
    UChar *u;
    int32_t n;
    int *span_of;    /* per UTF-16 unit: index of its span */
    unsigned *flags; /* per UTF-16 unit: its span's PG_BOLD | PG_ITALIC */
    UBiDiLevel *levels;
    const char **script; /* per unit: ISO 15924 code after resolving Common/Inherited */
    const pg_font **font;
    float *adv;               /* per unit: advance of the glyphs of the cluster starting here */
    unsigned char *can_break; /* per unit: 1 a break is allowed before it, 2 mandatory */
} para;

static int is_space16(UChar c)
{
    return c == ' ' || c == 0x2028;
}

/* Concatenates spans into UTF-16, collapsing spaces where spans meet and trimming the
 * paragraph's ends (content whitespace was already collapsed within each text node). */
static void assemble(para *p, const pg_span *spans, int n_spans, pg_arena *a)
{
    int32_t cap = 1;
    for (int i = 0; i < n_spans; i++)
        cap += (int32_t)strlen(spans[i].text) + 1;
    p->u = PG_ARENA_ARRAY(a, UChar, cap);
    p->span_of = PG_ARENA_ARRAY(a, int, cap);
    int32_t n = 0;
    for (int i = 0; i < n_spans; i++) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t len = 0;
        UChar *tmp = PG_ARENA_ARRAY(a, UChar, (int32_t)strlen(spans[i].text) + 1);
        u_strFromUTF8(tmp, (int32_t)strlen(spans[i].text) + 1, &len, spans[i].text, -1, &st);
        if (U_FAILURE(st))
            len = 0;
        for (int32_t k = 0; k < len; k++) {
            UChar c = tmp[k];
            if (c == ' ' && (n == 0 || is_space16(p->u[n - 1])))
                continue;
            if (c == 0x2028 && n > 0 && p->u[n - 1] == ' ')
                n--; /* no space hanging before a forced break */
            p->u[n] = c;
            p->span_of[n] = i;
            n++;
        }
    }
    while (n > 0 && p->u[n - 1] == ' ')
        n--;
    p->n = n;
    p->flags = PG_ARENA_ARRAY(a, unsigned, n + 1);
    for (int32_t i = 0; i < n; i++)
        p->flags[i] = spans[p->span_of[i]].flags & (PG_BOLD | PG_ITALIC);
}

static uint32_t cp_at(const para *p, int32_t i)
{
    UChar32 c;
    int32_t k = i;
    U16_NEXT(p->u, k, p->n, c);
    return (uint32_t)c;
}

/* UAX #24 script runs: Common and Inherited characters take the script of the text
 * before them, or after them at the start of the paragraph; one that only some scripts
 * use (Script_Extensions: the danda after a Latin name in Hindi) takes the latest of
 * those scripts before it. */
static void resolve_scripts(para *p, pg_arena *a)
{
    p->script = PG_ARENA_ARRAY(a, const char *, p->n + 1);
    const char *current = NULL;
    UScriptCode seen[8]; /* the scripts met so far, the latest first */
    int n_seen = 0;
    int32_t first_unresolved = 0;
    for (int32_t i = 0; i < p->n;) {
        int32_t start = i;
        UChar32 c;
        U16_NEXT(p->u, i, p->n, c);
        UErrorCode st = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript(c, &st);
        const char *name = current;
        if (U_SUCCESS(st) && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED &&
            sc != USCRIPT_UNKNOWN) {
            name = uscript_getShortName(sc);
            if (!current)
                for (int32_t k = first_unresolved; k < start; k++)
                    p->script[k] = name;
            current = name;
            int k = 0;
            while (k < n_seen && seen[k] != sc)
                k++;
            if (k == n_seen && n_seen < 8)
                n_seen++;
            memmove(seen + 1, seen, sizeof *seen * (size_t)(k < n_seen ? k : n_seen - 1));
            seen[0] = sc;
        } else if (!uscript_hasScript(c, USCRIPT_COMMON) &&
                   !uscript_hasScript(c, USCRIPT_INHERITED)) {
            /* Its Script_Extensions name the scripts that use it. */
            for (int k = 0; k < n_seen; k++)
                if (uscript_hasScript(c, seen[k])) {
                    name = uscript_getShortName(seen[k]);
                    break;
                }
        }
        for (int32_t k = start; k < i; k++)
            p->script[k] = name;
    }
    for (int32_t k = 0; k < p->n; k++)
        if (!p->script[k])
            p->script[k] = "Zyyy";
}

/* The source place of unit at: its span's start plus the characters before it in the
 * span, when the span's text sits on one line of its file (it does: values and text
 * nodes have their line ends collapsed). */
static pg_pos pos_at(const para *p, int32_t at, const pg_span *spans)
{
    const pg_span *sp = &spans[p->span_of[at]];
    pg_pos pos = sp->pos;
    if (pos.col > 0) {
        int32_t k = at;
        while (k > 0 && p->span_of[k - 1] == p->span_of[at])
            k--;
        for (int32_t i = k; i < at; i++)
            if (!U16_IS_TRAIL(p->u[i]))
                pos.col++;
    }
    return pos;
}

static int no_font_error(const para *p, int32_t at, const pg_span *spans, const pg_fontset *fs,
                         pg_error *err)
{
    uint32_t cp = cp_at(p, at);
    char name[128] = "";
    UErrorCode st = U_ZERO_ERROR;
    u_charName((UChar32)cp, U_UNICODE_CHAR_NAME, name, sizeof name, &st);
    if (U_FAILURE(st) || !name[0]) {
        /* Unnamed code points get their Unicode label, e.g. <private use area-E000>. */
        st = U_ZERO_ERROR;
        u_charName((UChar32)cp, U_EXTENDED_CHAR_NAME, name, sizeof name, &st);
    }
    pg_pos pos = pos_at(p, at, spans);
    /* A face of fonts.xml that is not installed is the likely reason: say which. */
    const char *missing = pg_fontset_missing(fs);
    if (missing)
        return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col,
                            "no font covers U+%04X (%s): %s", cp, name, missing);
    return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col,
                        "no font covers U+%04X (%s); add a font with this character to the "
                        "chain for its script in fonts/fonts.xml",
                        cp, name);
}

/* Font choice per grapheme cluster, so a base and its marks share one font. */
static int choose_fonts(para *p, pg_shaper *s, const pg_span *spans, const pg_text_style *style,
                        pg_arena *a, pg_error *err)
{
    p->font = PG_ARENA_ARRAY(a, const pg_font *, p->n + 1);
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(s->char_brk, p->u, p->n, &st);
    const pg_font *prev = NULL;
    uint32_t cps[32];
    for (int32_t start = ubrk_first(s->char_brk), end; start != UBRK_DONE && start < p->n;
         start = end) {
        end = ubrk_next(s->char_brk);
        if (end == UBRK_DONE)
            end = p->n;
        int n = 0;
        for (int32_t i = start; i < end && n < 32;) {
            UChar32 c;
            U16_NEXT(p->u, i, end, c);
            cps[n++] = (uint32_t)c;
        }
        const pg_span *sp = &spans[p->span_of[start]];
        int bold = style->bold || (sp->flags & PG_BOLD);
        int italic = style->italic || (sp->flags & PG_ITALIC);
        UErrorCode sst = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript((UChar32)cps[0], &sst);
        /* Spaces, digits and punctuation stay in the font of the text around them. */
        const pg_font *prefer = NULL;
        if ((sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) && prev &&
            p->flags[start] == p->flags[start > 0 ? start - 1 : 0])
            prefer = prev;
        /* Punctuation the fonts of the text before it lack (a full-width comma after
         * "Plavix" in Chinese) goes in the language's own script before any fallback. */
        const char *also =
            (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) ? s->lang_script : NULL;
        const pg_font *f = pg_fontset_pick(s->fonts, style->family, p->script[start], also, s->lang,
                                           bold, italic, cps, n, prefer);
        if (!f) {
            /* Name the first character of the cluster that no font has. */
            int32_t at = start;
            for (int32_t i = start; i < end;) {
                int32_t here = i;
                UChar32 c;
                U16_NEXT(p->u, i, end, c);
                uint32_t one = (uint32_t)c;
                if (!pg_fontset_pick(s->fonts, style->family, p->script[start], also, s->lang, bold,
                                     italic, &one, 1, NULL)) {
                    at = here;
                    break;
                }
            }
            return no_font_error(p, at, spans, s->fonts, err);
        }
        for (int32_t i = start; i < end; i++)
            p->font[i] = f;
        prev = f;
    }
    return 0;
}

/* ---- runs and shaping -------------------------------------------------------------- */

typedef struct run {
    int32_t start, end;
    UBiDiLevel level;
    const pg_font *font;
    const char *script;
    int span;
    hb_glyph_info_t *info;
    hb_glyph_position_t *pos;
    unsigned n;
    double scale; /* pt per font unit */
} run;

static int same_run(const para *p, int32_t a, int32_t b)
{
    return p->levels[a] == p->levels[b] && p->font[a] == p->font[b] &&
           p->script[a] == p->script[b] && p->flags[a] == p->flags[b];
}

static void shape_run(run *r, const para *p, pg_shaper *s, const pg_text_style *style, pg_arena *a)
{
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf16(s->buf, p->u, p->n, (unsigned)r->start, (int)(r->end - r->start));
    hb_buffer_set_direction(s->buf, (r->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(s->buf, hb_script_from_string(r->script, -1));
    hb_buffer_set_language(s->buf, s->hb_lang);
    /* Bidi controls (the isolates around variable values) and joiners shape but draw
     * nothing. */
    hb_buffer_set_flags(s->buf, HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES);
    hb_font_t *hf = pg_font_hb(r->font);
    hb_shape(hf, s->buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, &n);
    r->n = n;
    r->info = PG_ARENA_ARRAY(a, hb_glyph_info_t, n + 1);
    r->pos = PG_ARENA_ARRAY(a, hb_glyph_position_t, n + 1);
    memcpy(r->info, info, sizeof *info * n);
    memcpy(r->pos, pos, sizeof *pos * n);
    int xs, ys;
    hb_font_get_scale(hf, &xs, &ys);
    r->scale = style->size / (xs ? xs : 1000);
    for (unsigned g = 0; g < n; g++)
        p->adv[r->info[g].cluster] += (float)(r->pos[g].x_advance * r->scale);
}

/* ---- line breaking (UAX #14, first fit) -------------------------------------------- */

static void find_breaks(para *p, pg_shaper *s, pg_arena *a)
{
    p->can_break = PG_ARENA_ARRAY(a, unsigned char, p->n + 1);
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(s->line_brk, p->u, p->n, &st);
    for (int32_t b = ubrk_first(s->line_brk); b != UBRK_DONE; b = ubrk_next(s->line_brk)) {
        if (b <= 0 || b > p->n)
            continue;
        /* A break is forced only after a mandatory break character (UAX #14 classes BK,
         * CR, LF, NL: U+2028 from <br/> among them). ICU's rule status is not enough:
         * the dictionary breaks of Khmer or Myanmar text that runs up to a <br/> come with
         * a status in the hard range, and would each end a line. */
        UChar32 before;
        int32_t k = b;
        U16_PREV(p->u, 0, k, before);
        int lb = u_getIntPropertyValue(before, UCHAR_LINE_BREAK);
        int hard = lb == U_LB_MANDATORY_BREAK || lb == U_LB_CARRIAGE_RETURN ||
                   lb == U_LB_LINE_FEED || lb == U_LB_NEXT_LINE;
        p->can_break[b] = hard ? 2 : 1;
    }
    p->can_break[p->n] = 2;
    /* No break after a hyphen between two letters ("regardez-le", "follow-up"): poppler
     * takes a hyphen at a line's end for a hyphenation and drops it when text is copied
     * or read, and a short compound reads better whole. A compound wider than the line
     * still breaks, grapheme by grapheme, as any overlong word does. */
    /* (Letters include the vowel signs of Indic scripts: "छोटी-सी".) */
    for (int32_t b = 1; b + 1 < p->n; b++)
        if (p->can_break[b] == 1 && (p->u[b - 1] == 0x2D || p->u[b - 1] == 0x2010) && b >= 2 &&
            u_hasBinaryProperty(p->u[b - 2], UCHAR_ALPHABETIC) &&
            u_hasBinaryProperty(p->u[b], UCHAR_ALPHABETIC))
            p->can_break[b] = 0;
    /* A range of numbers stays whole ("1–2", "3-4"), and a dash set off by spaces does
     * not begin a line ("вода — например"). */
    for (int32_t b = 1; b < p->n; b++) {
        if (p->can_break[b] != 1)
            continue;
        UChar c = p->u[b - 1];
        if ((c == 0x2013 || c == 0x2D) && b >= 2 && u_isdigit(p->u[b - 2]) && u_isdigit(p->u[b]))
            p->can_break[b] = 0;
        if ((p->u[b] == 0x2014 || p->u[b] == 0x2013) && c == ' ' && b + 1 < p->n &&
            p->u[b + 1] == ' ')
            p->can_break[b] = 0;
    }
    /* A number stays on the line with the word after it ("6 meses", "911 rather", and
     * with no space between, "5磅"): a reader must not meet "6" at the end of a page and
     * "meses" on the next. */
    for (int32_t b = 1; b < p->n; b++)
        if (p->can_break[b] == 1 && u_isdigit(p->u[b - 1]) && u_isalpha(p->u[b]))
            p->can_break[b] = 0;
    for (int32_t b = 1; b < p->n; b++) {
        if (p->can_break[b] != 1 || p->u[b - 1] != ' ' || !u_isalpha(p->u[b]))
            continue;
        int32_t k = b - 1;
        while (k > 0 && p->u[k - 1] == ' ')
            k--;
        if (k > 0 && u_isdigit(p->u[k - 1]))
            p->can_break[b] = 0;
    }
    if (s->keep_all) {
        /* Korean breaks between words, not between syllables (CSS word-break: keep-all):
         * keep only the opportunities after a space, forced ones, and those next to
         * ideographs and kana, which break anywhere in every CJK language. */
        for (int32_t b = 1; b < p->n; b++) {
            if (p->can_break[b] != 1 || is_space16(p->u[b - 1]))
                continue;
            UErrorCode e = U_ZERO_ERROR;
            UScriptCode before = uscript_getScript(p->u[b - 1], &e);
            UScriptCode after = uscript_getScript(p->u[b], &e);
            if (before != USCRIPT_HAN && after != USCRIPT_HAN && before != USCRIPT_HIRAGANA &&
                after != USCRIPT_HIRAGANA && before != USCRIPT_KATAKANA &&
                after != USCRIPT_KATAKANA)
                p->can_break[b] = 0;
        }
    }
}

static int32_t trim_end(const para *p, int32_t start, int32_t end)
{
    while (end > start && (is_space16(p->u[end - 1])))
        end--;
    return end;
}

static double width_of(const para *p, int32_t start, int32_t end)
{
    double w = 0;
    for (int32_t i = start; i < end; i++)
        w += p->adv[i];
    return w;
}

typedef struct range {
    int32_t start, end;
} range;

/* Greedy first fit: the longest prefix ending at a break opportunity that fits; a word
 * wider than the line is cut between grapheme clusters. */
/* The grapheme clusters of [start, end) that are not punctuation. */
static int letters_in(const para *p, pg_shaper *s, int32_t start, int32_t end)
{
    int n = 0;
    for (int32_t b = start; b < end;) {
        int32_t nb = ubrk_following(s->char_brk, b);
        if (nb == UBRK_DONE || nb > end)
            nb = end;
        UChar32 c;
        int32_t k = b;
        U16_NEXT(p->u, k, end, c);
        n += !u_ispunct(c) && !u_isspace(c);
        b = nb;
    }
    return n;
}

/* A paragraph broken between characters (Chinese, Japanese) does not end on a line of
 * one character and its punctuation ("代。"): the line before gives one up. */
static void no_lone_last_character(range *lines, int n, const para *p, pg_shaper *s)
{
    if (n < 2)
        return;
    range *prev = &lines[n - 2], *last = &lines[n - 1];
    if (prev->end != last->start || p->can_break[last->start] != 1 ||
        is_space16(p->u[last->start - 1]) || letters_in(p, s, last->start, last->end) != 1)
        return;
    for (int32_t b = prev->end - 1; b > prev->start; b--) {
        if (p->can_break[b] == 1 && !is_space16(p->u[b - 1])) {
            if (letters_in(p, s, prev->start, b) >= 2) {
                prev->end = b;
                last->start = b;
            }
            return;
        }
    }
}

static range *break_lines(int *n_out, para *p, pg_shaper *s, double max_width, pg_arena *a)
{
    range *lines = NULL;
    size_t cap = 0;
    int n = 0;
    int32_t start = 0;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(s->char_brk, p->u, p->n, &st);
    while (start < p->n) {
        int32_t fit = -1;
        /* Spaces before a break hang in the margin: only the width up to the last
         * non-space counts. It never shrinks, so the scan stops once it is too wide. */
        double w = 0, ink = 0;
        for (int32_t i = start; i < p->n; i++) {
            w += p->adv[i];
            if (!is_space16(p->u[i]))
                ink = w;
            if (ink > max_width + 1e-6)
                break;
            int32_t b = i + 1;
            if (!p->can_break[b])
                continue;
            fit = b;
            if (p->can_break[b] == 2)
                break;
        }
        int32_t end = fit;
        if (end <= start) {
            /* Nothing fits: take as many grapheme clusters as fit, at least one. */
            double cw = 0;
            int32_t b = ubrk_following(s->char_brk, start);
            end = b == UBRK_DONE ? p->n : b;
            cw = width_of(p, start, end);
            for (;;) {
                int32_t nb = ubrk_following(s->char_brk, end);
                if (nb == UBRK_DONE || nb > p->n)
                    break;
                double nw = cw + width_of(p, end, nb);
                if (nw > max_width + 1e-6 || p->can_break[end] == 2)
                    break;
                cw = nw;
                end = nb;
            }
        }
        pg_arena_grow(a, (void **)&lines, &cap, (size_t)n + 1, sizeof *lines);
        lines[n].start = start;
        lines[n].end = end;
        n++;
        start = end;
        /* A forced break's own character and the spaces after a break start no line. */
        while (start < p->n && (p->u[start] == ' '))
            start++;
    }
    no_lone_last_character(lines, n, p, s);
    *n_out = n;
    return lines;
}

/* ---- one line in visual order ------------------------------------------------------ */

/* pos_at for the first character of every line, in one pass over the paragraph. */
static void set_line_places(pg_line *lines, const range *ranges, int n, const para *p,
                            const pg_span *spans)
{
    int l = 0, span = -1, col = 0;
    for (int32_t i = 0; i < p->n && l < n; i++) {
        if (p->span_of[i] != span) {
            span = p->span_of[i];
            col = spans[span].pos.col;
        } else if (col > 0 && !U16_IS_TRAIL(p->u[i - 1])) {
            col++;
        }
        for (; l < n && ranges[l].start == i; l++) {
            lines[l].pos = spans[span].pos;
            lines[l].pos.col = col;
        }
    }
}

/* The first of runs[0, n) (sorted, each starting where the one before ends) that ends
 * after at. */
static int first_run_after(const run *runs, int n, int32_t at)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (runs[mid].end <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first glyph of rn, in array order, whose cluster lies on the line's side of at:
 * HarfBuzz keeps clusters monotonic (rising left to right in a left-to-right run,
 * falling in a right-to-left one), so the glyphs of a text range are contiguous. */
static unsigned glyph_bound(const run *rn, int32_t at)
{
    int rtl = rn->level & 1;
    unsigned lo = 0, hi = rn->n;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        int32_t cl = (int32_t)rn->info[mid].cluster;
        if (rtl ? cl >= at : cl < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where the cluster of glyph g ends in the text: where the next cluster in logical order
 * begins (the glyph after the cluster's glyphs in a left-to-right run, before them in a
 * right-to-left one), or at the run's end. */
static uint32_t cluster_end(const run *rn, unsigned g)
{
    uint32_t cl = rn->info[g].cluster;
    if (rn->level & 1) {
        while (g > 0 && rn->info[g - 1].cluster == cl)
            g--;
        return g > 0 ? rn->info[g - 1].cluster : (uint32_t)rn->end;
    }
    while (g + 1 < rn->n && rn->info[g + 1].cluster == cl)
        g++;
    return g + 1 < rn->n ? rn->info[g + 1].cluster : (uint32_t)rn->end;
}

/* Builds line r from the shaped runs. Time is linear in the line's length: the runs and
 * glyphs it draws are found by binary search, never by a scan of the paragraph. */
/* The reach of a line's outlines above and below its baseline. */
static void measure_ink(pg_line *line)
{
    for (int r = 0; r < line->n_runs; r++) {
        const pg_glyph_run *gr = &line->runs[r];
        for (int g = 0; g < gr->n_glyphs; g++) {
            double top, bottom;
            pg_font_glyph_ink(gr->font, gr->glyphs[g].gid, &top, &bottom);
            top = top * gr->size / 1000 + gr->glyphs[g].dy;
            bottom = bottom * gr->size / 1000 - gr->glyphs[g].dy;
            if (top > line->ink_top)
                line->ink_top = top;
            if (bottom > line->ink_bottom)
                line->ink_bottom = bottom;
        }
    }
}

static void build_line(pg_line *line, const para *p, const run *runs, int n_runs, range r,
                       const pg_text_style *style, pg_arena *a)
{
    int32_t end = trim_end(p, r.start, r.end);
    while (end > r.start && p->u[end - 1] == 0x2028)
        end--;
    /* Pieces: the parts of runs inside the line, in logical order. */
    int first = first_run_after(runs, n_runs, r.start), n_pieces = 0;
    while (first + n_pieces < n_runs && runs[first + n_pieces].start < end)
        n_pieces++;
    line->runs = PG_ARENA_ARRAY(a, pg_glyph_run, n_pieces + 1);
    UBiDiLevel *levels = PG_ARENA_ARRAY(a, UBiDiLevel, n_pieces + 1);
    int32_t *order = PG_ARENA_ARRAY(a, int32_t, n_pieces + 1);
    for (int k = 0; k < n_pieces; k++)
        levels[k] = runs[first + k].level;
    if (n_pieces > 0)
        ubidi_reorderVisual(levels, n_pieces, order);
    line->n_runs = 0;
    line->width = 0;
    for (int v = 0; v < n_pieces; v++) {
        const run *rn = &runs[first + order[v]];
        int32_t ps = rn->start > r.start ? rn->start : r.start;
        int32_t pe = rn->end < end ? rn->end : end;
        pg_glyph_run *gr = &line->runs[line->n_runs];
        gr->font = rn->font;
        gr->size = style->size;
        gr->color = style->color;
        gr->rtl = rn->level & 1;
        gr->fake_bold =
            (style->bold || (p->flags[rn->start] & PG_BOLD)) && !pg_font_is_bold(rn->font);
        unsigned g0 = glyph_bound(rn, gr->rtl ? pe : ps), g1 = glyph_bound(rn, gr->rtl ? ps : pe);
        gr->glyphs = PG_ARENA_ARRAY(a, pg_glyph, g1 - g0 + 1);
        for (unsigned g = g0; g < g1; g++) {
            uint32_t cl = rn->info[g].cluster;
            pg_glyph *gl = &gr->glyphs[gr->n_glyphs];
            gl->gid = rn->info[g].codepoint;
            gl->advance = (float)(rn->pos[g].x_advance * rn->scale);
            gl->dx = (float)(rn->pos[g].x_offset * rn->scale);
            gl->dy = (float)(rn->pos[g].y_offset * rn->scale);
            gl->text_start = cl;
            /* The text of a cluster goes with its first glyph in logical order: the
             * first in the array for LTR, the last for RTL. */
            int lead = gr->rtl ? (g + 1 == rn->n || rn->info[g + 1].cluster != cl)
                               : (g == 0 || rn->info[g - 1].cluster != cl);
            if (lead) {
                uint32_t next = cluster_end(rn, g);
                if ((int32_t)next > pe)
                    next = (uint32_t)pe;
                gl->text_len = (uint16_t)(next - cl);
            }
            gr->width += gl->advance;
            gr->n_glyphs++;
        }
        if (gr->n_glyphs == 0)
            continue;
        line->width += gr->width;
        line->n_runs++;
    }
    line->text = p->u;
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8(NULL, 0, &len, p->u + r.start, end - r.start, &st);
    st = U_ZERO_ERROR;
    char *s8 = pg_arena_alloc(a, (size_t)len + 1);
    u_strToUTF8(s8, len + 1, NULL, p->u + r.start, end - r.start, &st);
    line->utf8 = s8;
}

/* Bounds that keep time and memory in proportion and the shaper safe: a paragraph of at
 * most PG_TEXT_MAX_CHARS characters; at most PG_TEXT_MAX_MARKS combining marks on one
 * base, the limit of Unicode's stream-safe text format (UAX #15) — HarfBuzz aborts on
 * tens of thousands. */
static int check_bounds(const para *p, const pg_span *spans, pg_error *err)
{
    int32_t chars = 0;
    for (int32_t i = 0; i < p->n; i++)
        chars += !U16_IS_TRAIL(p->u[i]);
    if (chars > PG_TEXT_MAX_CHARS) {
        pg_pos pos = pos_at(p, 0, spans);
        return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col,
                            "this paragraph holds %d characters; one paragraph may hold at "
                            "most %d: split it into several",
                            (int)chars, PG_TEXT_MAX_CHARS);
    }
    int marks = 0;
    for (int32_t i = 0; i < p->n;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(p->u, i, p->n, c);
        int8_t type = u_charType(c);
        if (type != U_NON_SPACING_MARK && type != U_ENCLOSING_MARK &&
            type != U_COMBINING_SPACING_MARK) {
            marks = 0;
            continue;
        }
        if (++marks > PG_TEXT_MAX_MARKS) {
            pg_pos pos = pos_at(p, at, spans);
            return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col,
                                "more than %d combining marks on one character (U+%04X "
                                "follows %d others); Unicode's stream-safe text format "
                                "(UAX #15) allows %d: remove the extra marks",
                                PG_TEXT_MAX_MARKS, (unsigned)c, PG_TEXT_MAX_MARKS,
                                PG_TEXT_MAX_MARKS);
        }
    }
    return 0;
}

/* The paragraph of spans itemized, shaped and with its break opportunities: *n_runs 0
 * for an empty text. */
static int prepare(para *pp, run **runs_out, int *n_runs_out, double *asc, double *desc,
                   pg_shaper *s, const pg_span *spans, int n_spans, const pg_text_style *style,
                   pg_arena *a, pg_error *err)
{
    para p = {0};
    *n_runs_out = 0;
    assemble(&p, spans, n_spans, a);
    *pp = p;
    if (p.n == 0)
        return 0;
    int rc = 0;
    PG_CHECK(check_bounds(&p, spans, err));

    UErrorCode st = U_ZERO_ERROR;
    ubidi_setPara(s->bidi, p.u, p.n, s->rtl ? 1 : 0, NULL, &st);
    const UBiDiLevel *lv = ubidi_getLevels(s->bidi, &st);
    if (U_FAILURE(st))
        PG_CHECK(pg_error_set(err, PG_EINTERNAL, spans[0].pos.file, spans[0].pos.line,
                              spans[0].pos.col, "ICU's bidi algorithm failed on this text: %s",
                              u_errorName(st)));
    p.levels = PG_ARENA_ARRAY(a, UBiDiLevel, p.n + 1);
    memcpy(p.levels, lv, (size_t)p.n);

    resolve_scripts(&p, a);
    PG_CHECK(choose_fonts(&p, s, spans, style, a, err));

    int n_runs = 0;
    for (int32_t i = 0; i < p.n; i++)
        if (i == 0 || !same_run(&p, i - 1, i))
            n_runs++;
    run *runs = PG_ARENA_ARRAY(a, run, n_runs + 1);
    p.adv = PG_ARENA_ARRAY(a, float, p.n + 1);
    int k = -1;
    for (int32_t i = 0; i < p.n; i++) {
        if (i == 0 || !same_run(&p, i - 1, i)) {
            k++;
            runs[k].start = i;
            runs[k].level = p.levels[i];
            runs[k].font = p.font[i];
            runs[k].script = p.script[i];
            runs[k].span = p.span_of[i];
        }
        runs[k].end = i + 1;
    }
    double ascent = 0, descent = 0;
    for (int i = 0; i < n_runs; i++) {
        pg_text_style rs = *style;
        const pg_span *sp = &spans[runs[i].span];
        rs.bold |= (sp->flags & PG_BOLD) != 0;
        rs.italic |= (sp->flags & PG_ITALIC) != 0;
        shape_run(&runs[i], &p, s, &rs, a);
        pg_font_metrics m = pg_font_get_metrics(runs[i].font);
        if (m.ascender * style->size > ascent)
            ascent = m.ascender * style->size;
        if (m.descender * style->size > descent)
            descent = m.descender * style->size;
    }

    find_breaks(&p, s, a);
    *pp = p;
    *runs_out = runs;
    *n_runs_out = n_runs;
    *asc = ascent;
    *desc = descent;
done:
    return rc;
}

/* ---- the memo of broken paragraphs ------------------------------------------------ */

static void key_add_str(pg_shaper *s, const char *str)
{
    pg_bytes_add(&s->key, str ? str : "", (str ? strlen(str) : 0) + 1);
}

/* Everything the lines of a paragraph depend on besides the shaper: the spans' text,
 * flags and places, the style and the width. */
static void make_key(pg_shaper *s, const pg_span *spans, int n_spans, const pg_text_style *style,
                     double max_width)
{
    s->key.len = 0;
    /* Field by field: a struct's padding bytes are undefined. */
    double numbers[] = {style->family,  style->size,      style->bold,
                        style->italic,  style->color.r,   style->color.g,
                        style->color.b, style->color.set, max_width};
    pg_bytes_add(&s->key, numbers, sizeof numbers);
    for (int i = 0; i < n_spans; i++) {
        pg_bytes_add(&s->key, &spans[i].flags, sizeof spans[i].flags);
        pg_bytes_add(&s->key, &spans[i].pos.line, sizeof spans[i].pos.line);
        pg_bytes_add(&s->key, &spans[i].pos.col, sizeof spans[i].pos.col);
        key_add_str(s, spans[i].pos.file);
        key_add_str(s, spans[i].text);
    }
}

typedef struct broken {
    pg_line *lines;
    int n;
    int32_t n_text; /* UTF-16 units of the paragraph */
} broken;

/* A copy of n lines over the n_text UTF-16 units of their paragraph, in a. */
static pg_line *copy_lines(const pg_line *src, int n, int32_t n_text, pg_arena *a)
{
    pg_line *dst = PG_ARENA_ARRAY(a, pg_line, n + 1);
    uint16_t *text = PG_ARENA_ARRAY(a, uint16_t, n_text + 1);
    if (n)
        memcpy(text, src[0].text, (size_t)n_text * sizeof *text);
    for (int i = 0; i < n; i++) {
        dst[i] = src[i];
        dst[i].text = text;
        dst[i].utf8 = pg_arena_strdup(a, src[i].utf8);
        dst[i].pos.file = src[i].pos.file ? pg_arena_strdup(a, src[i].pos.file) : NULL;
        dst[i].runs = PG_ARENA_ARRAY(a, pg_glyph_run, src[i].n_runs + 1);
        for (int r = 0; r < src[i].n_runs; r++) {
            dst[i].runs[r] = src[i].runs[r];
            dst[i].runs[r].glyphs = PG_ARENA_ARRAY(a, pg_glyph, src[i].runs[r].n_glyphs + 1);
            memcpy(dst[i].runs[r].glyphs, src[i].runs[r].glyphs,
                   (size_t)src[i].runs[r].n_glyphs * sizeof(pg_glyph));
        }
    }
    return dst;
}

static int break_paragraph(pg_line **out, int *n_out, int32_t *n_text, pg_shaper *s,
                           const pg_span *spans, int n_spans, const pg_text_style *style,
                           double max_width, pg_arena *a, pg_error *err)
{
    *out = NULL;
    *n_out = 0;
    *n_text = 0;
    para p;
    run *runs = NULL;
    int n_runs, rc = 0;
    double ascent = 0, descent = 0;
    PG_CHECK(prepare(&p, &runs, &n_runs, &ascent, &descent, s, spans, n_spans, style, a, err));
    if (!n_runs)
        return 0;
    int n_lines = 0;
    range *ranges = break_lines(&n_lines, &p, s, max_width, a);
    pg_line *lines = PG_ARENA_ARRAY(a, pg_line, n_lines + 1);
    set_line_places(lines, ranges, n_lines, &p, spans);
    for (int i = 0; i < n_lines; i++) {
        build_line(&lines[i], &p, runs, n_runs, ranges[i], style, a);
        lines[i].ascent = ascent;
        lines[i].descent = descent;
        measure_ink(&lines[i]);
        for (int32_t k = ranges[i].start; k < ranges[i].end && !lines[i].varies; k++)
            lines[i].varies = (spans[p.span_of[k]].flags & PG_VALUE) != 0;
    }
    *out = lines;
    *n_out = n_lines;
    *n_text = p.n;
done:
    return rc;
}

int pg_text_lines(pg_line **out, int *n_out, pg_shaper *s, const pg_span *spans, int n_spans,
                  const pg_text_style *style, double max_width, pg_arena *a, pg_error *err)
{
    /* A paragraph with a patient's values is made for that patient alone: not kept. */
    int32_t n_text = 0;
    for (int i = 0; i < n_spans; i++)
        if (spans[i].flags & PG_VALUE)
            return break_paragraph(out, n_out, &n_text, s, spans, n_spans, style, max_width, a,
                                   err);
    make_key(s, spans, n_spans, style, max_width);
    /* A hit is copied into a: the memo may forget it before the caller is done. */
    const broken *hit = pg_memo_get(s->lines, s->key.data, s->key.len);
    if (hit) {
        *out = copy_lines(hit->lines, hit->n, hit->n_text, a);
        *n_out = hit->n;
        return 0;
    }
    int rc = break_paragraph(out, n_out, &n_text, s, spans, n_spans, style, max_width, a, err);
    if (!rc) {
        static uint64_t last_kept;
        for (int i = 0; i < *n_out; i++)
            (*out)[i].kept = ++last_kept;
        pg_memo_trim(s->lines);
        pg_arena *ma = pg_memo_arena(s->lines);
        broken *kept = PG_ARENA_NEW(ma, broken);
        *kept = (broken){copy_lines(*out, *n_out, n_text, ma), *n_out, n_text};
        pg_memo_put(s->lines, s->key.data, s->key.len, kept);
    }
    return rc;
}

int pg_text_widths(double *min, double *max, pg_shaper *s, const pg_span *spans, int n_spans,
                   const pg_text_style *style, pg_arena *a, pg_error *err)
{
    para p;
    run *runs = NULL;
    int n_runs, rc = 0;
    double ascent, descent;
    *min = *max = 0;
    PG_CHECK(prepare(&p, &runs, &n_runs, &ascent, &descent, s, spans, n_spans, style, a, err));
    /* Between consecutive break opportunities: the widest piece is the narrowest line
     * that breaks no word; the widest run between forced breaks is one line's width. */
    int32_t piece = 0, line = 0;
    for (int32_t b = 1; n_runs && b <= p.n; b++) {
        if (!p.can_break[b])
            continue;
        *min = fmax(*min, width_of(&p, piece, trim_end(&p, piece, b)));
        *max = fmax(*max, width_of(&p, line, trim_end(&p, line, b)));
        piece = b;
        if (p.can_break[b] == 2)
            line = b;
    }
done:
    return rc;
}
