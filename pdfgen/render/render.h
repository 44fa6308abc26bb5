/* render.h — the last stage: laid-out pages out through one renderer interface, which
 * the PDF renderer (libharu) and the text dump both implement, so every output goes the
 * same way: begin the document, each page and its boxes in order, end. */
#ifndef PG_RENDER_H
#define PG_RENDER_H

#include "core/error.h"
#include "core/memo.h"
#include "model/boxes.h"

#include <stddef.h>
#include <stdio.h>

/** Where a page stands in the document. */
typedef struct pg_page_ref {
    const pg_pages *pages; /* the laid-out handout the page belongs to */
    int index;             /* in pages->pages, or -1 for a blank page before the part */
    int number;            /* in the document, from 1, blank pages included */
    const char *bookmark;  /* on a part's first page, when the part has one */
} pg_page_ref;

typedef struct pg_renderer pg_renderer;

/** A renderer: begin once, plan when it has one, then page for every page and box for each of its
 * boxes, then end, which writes the output. free releases it whether or not end ran. Each returns 0
 * or a negative PG_E* code with err filled. */
struct pg_renderer {
    int (*begin)(pg_renderer *r, const pg_doc_info *info, pg_error *err);
    /* Optional, right after begin: every part before the first page is drawn. */
    void (*plan)(pg_renderer *r, const pg_doc_part *parts, int n_parts);
    int (*page)(pg_renderer *r, const pg_page_ref *page, pg_error *err);
    int (*box)(pg_renderer *r, const pg_box *box, pg_error *err);
    int (*end)(pg_renderer *r, pg_error *err);
    void (*free)(pg_renderer *r);
};

/** Draws the parts through r, one after the other; when info->recto, a part that would
 * start on a left-hand (even) page gets a blank page first. *n_pages gets the pages
 * drawn, blanks included. Does not free r. */
int pg_render(int *n_pages, pg_renderer *r, const pg_doc_part *parts, int n_parts,
              const pg_doc_info *info, pg_error *err);

/** What a batch's documents share: compressed streams (so a batch compresses the bytes
 * it wrote for the patient before only once), and the fonts' codes for the lines every
 * patient has and those lines drawn (pg_pdf_fonts_plan). NULL memos: this document
 * only. */
typedef struct pg_render_memos {
    pg_memo *streams, *drawn;
} pg_render_memos;

/** The PDF renderer: at end, the document is written atomically to path (a temporary
 * file beside it renamed over it when complete, so a failure leaves no PDF and never
 * replaces an existing one). Every font is embedded as a subset. */
pg_renderer *pg_render_pdf_new(const char *path, pg_render_memos memos);

/** The same PDF kept in memory: at end, *out (malloc'd) and *out_len get its bytes. */
pg_renderer *pg_render_pdf_new_bytes(unsigned char **out, size_t *out_len, pg_render_memos memos);

/** The text dump, in the spirit of cmark's xml renderer: one line per box with its kind,
 * role, position and source place, and for text its characters in logical order with
 * its glyph runs' fonts and sizes. Written atomically to path at end. */
pg_renderer *pg_render_dump_new(const char *path);

/** The same dump written to out as it goes (for tests). */
pg_renderer *pg_render_dump_new_stream(FILE *out);

#endif
