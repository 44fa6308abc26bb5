/* model/lines.h — what the text stage makes and layout places: lines of shaped glyph
 * runs in visual order, each glyph pointing back into the paragraph's text. */
#ifndef PG_MODEL_LINES_H
#define PG_MODEL_LINES_H

#include "model/content.h"

#include <stdint.h>

typedef struct pg_font pg_font; /* opaque: see text/font.h */

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
    double width;               /* pt, trailing spaces excluded */
    double ascent, descent;     /* pt, the largest of the paragraph's fonts */
    double ink_top, ink_bottom; /* pt above and below the baseline its glyphs' outlines
                                   reach (what a printer must print) */
    const uint16_t *text;       /* the paragraph's UTF-16 text the glyphs point into */
    const char *utf8;           /* this line's text in logical order (for dumps) */
    pg_pos pos;                 /* where the line's first character is in its source */
    int varies;                 /* holds a variable's value (PG_VALUE) */
    /* The line's number in the text stage's memo, the same for every copy handed out and
     * never given to another line in the process; 0 for a line of a paragraph made for
     * one patient (one that holds a value). What is made from a kept line once (its
     * fonts' codes, its drawing) can be looked up by it. */
    uint64_t kept;
} pg_line;

#endif
