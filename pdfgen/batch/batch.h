/* batch.h — pdfgen batch: a patient list in, one packet PDF per patient out, rendered by
 * worker processes that each load the fonts and layout once; optionally one print file
 * of every packet and a CSV report of every row. */
#ifndef PG_BATCH_H
#define PG_BATCH_H

#include "core/error.h"

#include <stdio.h>

typedef struct pg_batch_opts {
    const char *layout_path, *csv_path, *out_dir, *content_root, *fonts_path;
    const char *const *handouts; /* --handout, for rows without a handouts value */
    int n_handouts;
    const char *merge_path, *report_path, *fallback_lang; /* NULL: not asked for */
    int jobs;                                             /* worker processes, >= 1 */
    FILE *log;      /* row errors and warnings, as FILE.csv:LINE: error: ... */
    FILE *progress; /* a terminal to show progress on, or NULL */
} pg_batch_opts;

typedef struct pg_batch_stats {
    int rows, written, failed, not_run, pages;
    double seconds;
    long worker_peak_rss_kb; /* the largest of the workers */
    int signal;              /* the signal that stopped the run, or 0 */
    int outputs_failed;      /* the print file or the report could not be written */
} pg_batch_stats;

/** Runs the batch. Returns 0 when it ran (rows may have failed: see out), or an error
 * that stopped it before any packet was written (a malformed CSV, a bad layout, an
 * output that cannot be created). */
int pg_batch_run(pg_batch_stats *out, const pg_batch_opts *o, pg_error *err);

#endif
