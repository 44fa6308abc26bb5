/* csv.h — CSV through libcsv: a patient list read as RFC 4180 CSV, UTF-8 with an
 * optional byte order mark, CRLF or LF line ends, quoted fields holding commas, quotes
 * and line breaks. Each record keeps the line it starts on, for FILE:LINE errors. */
#ifndef PG_LOAD_CSV_H
#define PG_LOAD_CSV_H

#include "core/arena.h"
#include "core/error.h"

#include <stddef.h>
#include <stdio.h>

typedef struct pg_csv_record {
    int line; /* the physical line (from 1) the record starts on */
    int n_fields;
    const char **fields; /* NUL-terminated copies; CRLF inside a quoted field becomes LF */
    size_t *lens;        /* byte lengths: a field with a NUL byte is longer than strlen */
} pg_csv_record;

typedef struct pg_csv {
    pg_csv_record *records; /* the header is records[0] */
    int n_records;
} pg_csv;

/** Reads the CSV at path. Records whose fields are all empty (blank lines, or the
 * ",,," rows spreadsheets write) are skipped. A quote in an unquoted field, text after
 * a closing quote, a quote never closed, or a file over 64 MiB is an error at its line:
 * the structure of every later row would be in doubt. */
int pg_csv_read(pg_csv *out, const char *path, pg_arena *a, pg_error *err);

/** The same for bytes in memory; path names them in errors. */
int pg_csv_parse(pg_csv *out, const char *data, size_t len, const char *path, pg_arena *a,
                 pg_error *err);

/** Writes one field of a CSV record to f, quoted when it must be (RFC 4180), then a
 * comma, or a line end when last. NULL writes an empty field. A field that starts with
 * =, +, -, @, a tab or a carriage return gets an apostrophe first, so a spreadsheet
 * shows it as text instead of running it as a formula. */
void pg_csv_write_field(FILE *f, const char *s, int last);

#endif
