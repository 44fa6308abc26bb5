/* layout.h — pure geometry: a bound handout becomes pages of positioned boxes (lines of
 * glyphs, rectangles, circles, images). Text is measured through the text stage, never
 * the PDF library, so layout is deterministic and testable with the fake font. */
#ifndef PG_LAYOUT_H
#define PG_LAYOUT_H

#include "bind/bind.h"
#include "text/font.h"
#include "text/text.h"

typedef enum {
    PG_BOX_LINE,   /* a line of text; y is its baseline */
    PG_BOX_RECT,   /* filled and/or stroked rectangle; y is its top */
    PG_BOX_CIRCLE, /* circle in the square x, y, w, h */
    PG_BOX_IMAGE,  /* y is the top */
    PG_BOX_RULE,   /* horizontal line from x to x + w at y */
} pg_box_kind;

typedef struct pg_box {
    pg_box_kind kind;
    double x, y, w, h; /* pt, from the top-left corner of the page */
    const pg_line *line;
    const pg_image *image;
    pg_color fill, stroke;
    double stroke_width;
    const char *role; /* what it is, for dumps: "title", "p", "marker", "callout", ... */
} pg_box;

typedef struct pg_page {
    pg_box *boxes;
    int n_boxes;
    size_t cap;
} pg_page;

typedef struct pg_pages {
    double width, height;
    pg_page *pages;
    int n_pages;
    int rtl;
} pg_pages;

/** Lays out the binding b on the pages of its layout, with header, footer and banner.
 * fonts must be the fontset the shaper uses. Errors: a font family the layout names that
 * fonts.xml lacks, text no font covers, a missing shared string. */
int pg_layout_run(pg_pages **out, const pg_binding *b, const pg_fontset *fonts, pg_shaper *sh,
                  pg_arena *a, pg_error *err);

#endif
