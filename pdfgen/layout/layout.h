/* layout.h — pure geometry: a bound handout becomes pages of positioned boxes (lines of
 * glyphs, rectangles, circles, images). Text is measured through the text stage, never
 * the PDF library, so layout is deterministic and testable with the fake font; every
 * word it places was written by bind, page numbers included (through `running`). */
#ifndef PG_LAYOUT_H
#define PG_LAYOUT_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"
#include "model/boxes.h"

typedef struct pg_shaper pg_shaper; /* text/text.h */

/** The most pages one handout may take: far beyond any handout, short of a runaway. */
#define PG_LAYOUT_MAX_PAGES 2000

/** How layout gets the text of a header or footer slot once it knows the page count:
 * the pipeline passes bind's pg_bind_running with the binding as ctx. */
typedef struct pg_running {
    int (*bind)(pg_span **out, int *n_out, const void *ctx, const pg_inline *slot, int page,
                int pages, pg_arena *a, pg_error *err);
    const void *ctx;
} pg_running;

/** Lays out the binding b on the pages of its layout, with header, footer and banner,
 * shaping text with sh (made for b's language and direction). Errors: text no font
 * covers, more than PG_LAYOUT_MAX_PAGES pages, and whatever running->bind reports. */
int pg_layout_run(pg_pages **out, const pg_binding *b, pg_shaper *sh, const pg_running *running,
                  pg_arena *a, pg_error *err);

#endif
