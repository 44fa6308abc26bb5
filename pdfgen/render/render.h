/* render.h — the last stage: laid-out pages to a PDF file (through libharu) or to a
 * plain-text dump of every box for golden tests and debugging. */
#ifndef PG_RENDER_H
#define PG_RENDER_H

#include "core/error.h"
#include "layout/layout.h"

#include <stdio.h>

typedef struct pg_doc_info {
    const char *title, *subject, *lang, *author, *keywords;
    long long date; /* seconds since the epoch: the creation and modification date */
    int recto;      /* each part starts on an odd (right-hand) page: blank pages between */
} pg_doc_info;

/** One laid-out handout of a document, with its bookmark (NULL: none). */
typedef struct pg_doc_part {
    const pg_pages *pages;
    const char *bookmark;
} pg_doc_part;

/** Writes the parts as one PDF at path, atomically: the bytes go to a temporary file
 * beside it that is renamed over path only when complete, so a failure leaves no PDF
 * behind and never replaces an existing one. Every font is embedded as a subset.
 * *n_pages gets the document's page count, blank pages included. */
int pg_render_pdf(int *n_pages, const pg_doc_part *parts, int n_parts, const pg_doc_info *info,
                  const char *path, pg_error *err);

/** The same PDF in memory (malloc'd *out), for tests. */
int pg_render_pdf_bytes(unsigned char **out, size_t *out_len, const pg_doc_part *parts, int n_parts,
                        const pg_doc_info *info, pg_error *err);

/** Writes one line per box: page, kind, role, position and, for text, the line's
 * characters in logical order with its glyph runs' fonts and sizes. */
void pg_render_dump(const pg_pages *pp, FILE *out);

#endif
