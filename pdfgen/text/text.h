/* text.h — from styled text spans to shaped, broken, visually ordered lines. The
 * pipeline follows libraqm: NFC text is itemized by bidi level (UAX #9), script
 * (UAX #24) and font (each grapheme cluster in the first font of its script's chain
 * that covers it), shaped by HarfBuzz, broken into lines in logical order at UAX #14
 * opportunities, and each line is then reordered to visual order (UAX #9 rule L2). */
#ifndef PG_TEXT_H
#define PG_TEXT_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"
#include "model/lines.h"
#include "text/font.h"

/** The most characters one paragraph may hold (about 100 pages of large print). */
#define PG_TEXT_MAX_CHARS 200000
/** The most combining marks on one base character (UAX #15, stream-safe text). */
#define PG_TEXT_MAX_MARKS 30

typedef struct pg_shaper pg_shaper;

/** A shaper for one language and base direction, reusable for every paragraph of a
 * document; holds the break iterators and buffers. Free with pg_shaper_free. ICU failing
 * to open its iterators is PG_EINTERNAL. */
int pg_shaper_new(pg_shaper **out, const pg_fontset *fonts, const char *lang, int rtl,
                  pg_error *err);
void pg_shaper_free(pg_shaper *s);

/** Breaks spans into lines of at most max_width pt (a word longer than a line is broken
 * between graphemes). Spaces are collapsed across spans and trimmed at the ends. A
 * character no font covers, a paragraph over PG_TEXT_MAX_CHARS characters and more than
 * PG_TEXT_MAX_MARKS combining marks on one character are errors at their place. An empty
 * text gives no lines. Each line records the source place of its first character. Time
 * and memory are linear in the length of the text. The same spans, style and width give
 * a copy of the lines made the first time: the shaper remembers them, within a budget. */
int pg_text_lines(pg_line **out, int *n_out, pg_shaper *s, const pg_span *spans, int n_spans,
                  const pg_text_style *style, double max_width, pg_arena *a, pg_error *err);

/** The narrowest width spans can be set in without breaking inside a word (their widest
 * piece between two break opportunities) in *min, and the width of their longest line
 * when nothing but a forced break ends one in *max; 0 for an empty text. Errors as
 * pg_text_lines. */
int pg_text_widths(double *min, double *max, pg_shaper *s, const pg_span *spans, int n_spans,
                   const pg_text_style *style, pg_arena *a, pg_error *err);

#endif
