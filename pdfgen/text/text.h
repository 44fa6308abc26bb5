/* text.h — from styled text spans to shaped, broken, visually ordered lines. The
 * pipeline follows libraqm: NFC text is itemized by bidi level (UAX #9), script
 * (UAX #24) and font (each grapheme cluster in the first font of its script's chain
 * that covers it), shaped by HarfBuzz, broken into lines in logical order at UAX #14
 * opportunities, and each line is then reordered to visual order (UAX #9 rule L2). */
#ifndef PG_TEXT_H
#define PG_TEXT_H

#include "core/arena.h"
#include "core/error.h"
#include "text/font.h"
#include "model/content.h"

#include <stdint.h>

typedef struct pg_span {
    const char *text; /* UTF-8, NFC; U+2028 is a forced line break */
    unsigned flags;   /* PG_BOLD | PG_ITALIC, added to the style's */
    pg_pos pos;       /* where the text starts in its source file */
} pg_span;

typedef struct pg_text_style {
    int family; /* fontset family tried first, or -1 */
    double size;
    int bold, italic;
    pg_color color;
} pg_text_style;

typedef struct pg_glyph {
    uint32_t gid;
    float advance, dx, dy; /* pt; dy upward */
    uint32_t text_start;   /* UTF-16 offset into the line's text */
    uint16_t text_len;     /* UTF-16 units this glyph stands for when copied (0: none) */
} pg_glyph;

typedef struct pg_glyph_run {
    const pg_font *font;
    double size;
    pg_color color;
    int rtl;
    int fake_bold; /* bold asked for, but the font has no bold face */
    pg_glyph *glyphs;
    int n_glyphs;
    double width;
} pg_glyph_run;

typedef struct pg_line {
    pg_glyph_run *runs; /* in visual order, left to right */
    int n_runs;
    double width;           /* pt, trailing spaces excluded */
    double ascent, descent; /* pt, the largest of the paragraph's fonts */
    const uint16_t *text;   /* the paragraph's UTF-16 text the glyphs point into */
    const char *utf8;       /* this line's text in logical order (for dumps) */
} pg_line;

typedef struct pg_shaper pg_shaper;

/** A shaper for one language and base direction, reusable for every paragraph of a
 * document; holds the break iterators and buffers. */
pg_shaper *pg_shaper_new(const pg_fontset *fonts, const char *lang, int rtl);
void pg_shaper_free(pg_shaper *s);

/** Breaks spans into lines of at most max_width pt (a word longer than a line is broken
 * between graphemes). Spaces are collapsed across spans and trimmed at the ends. A
 * character no font covers is an error at its place. An empty text gives no lines. */
int pg_text_lines(pg_line **out, int *n_out, pg_shaper *s, const pg_span *spans, int n_spans,
                  const pg_text_style *style, double max_width, pg_arena *a, pg_error *err);

#endif
