/* merge.h — the print file of a batch: the patients' packets, in order, in one PDF
 * through qpdf, each packet starting on a new sheet and found by its bookmark. */
#ifndef PG_MERGE_H
#define PG_MERGE_H

#include "error.h"

typedef struct pg_merge_item {
    const char *path;     /* a packet PDF */
    const char *bookmark; /* its outline entry, UTF-8 */
} pg_merge_item;

/** Writes the pages of every item, in order, to out_path (atomically). With duplex, a
 * blank page follows an item of odd length so the next starts on a new sheet. *pages
 * gets the page count of the file. */
int pg_merge_pdfs(int *pages, const pg_merge_item *items, int n_items, int duplex,
                  const char *title, const char *out_path, pg_error *err);

#endif
