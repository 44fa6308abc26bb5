/* merge.h — the print file of a batch: the patients' packets, in order, in one PDF, each
 * packet starting on a new sheet and found by its bookmark. The file is written as the
 * packets are added, so memory does not grow with their number. */
#ifndef PG_MERGE_H
#define PG_MERGE_H

#include "core/error.h"

#include <stddef.h>

typedef struct pg_print_file pg_print_file;

/** Starts the print file at path (a temporary file beside it until pg_print_file_close).
 * With duplex, a blank page follows a packet of odd length so the next starts on a new
 * sheet. */
int pg_print_file_open(pg_print_file **out, const char *path, int duplex, pg_error *err);

/** Appends the pages of a packet pdfgen wrote (data, len: its bytes; name: its file, for
 * errors) with a bookmark at its first page. A PDF of another structure is an error. */
int pg_print_file_add(pg_print_file *pf, const unsigned char *data, size_t len, const char *name,
                      const char *bookmark, pg_error *err);

/** Finishes the file (page tree, outline, title, cross-reference table) and renames it
 * into place; *pages gets its page count. Frees pf, also on error. */
int pg_print_file_close(pg_print_file *pf, const char *title, int *pages, pg_error *err);

/** Drops an unfinished print file: the temporary file is removed. */
void pg_print_file_abort(pg_print_file *pf);

#endif
