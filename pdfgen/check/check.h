/* check.h — `pdfgen check` (SPEC "check"): the findings about a content tree. For every
 * translation: it loads (schema), the same blocks and variables as the source, no block
 * left in the source language or in the wrong script, not stale (version and per-block
 * source hashes), every character in the fonts, within the layout's max-pages, reviewed.
 * For the source: the reading grade (grade.h). */
#ifndef PG_CHECK_H
#define PG_CHECK_H

#include "core/arena.h"
#include "core/error.h"

typedef enum {
    PG_SEV_NOTE,    /* information: a reading grade, what could not be checked */
    PG_SEV_WARNING, /* worth a look; check still passes */
    PG_SEV_ERROR,   /* check fails (exit status 1) */
} pg_severity;

/** One finding, at a place in a content file. */
typedef struct pg_finding {
    pg_severity severity;
    const char *file; /* the content file it is about (as reached from the content root) */
    int line, col;    /* 0 when unknown */
    const char *handout, *lang;
    const char *block; /* the block it is about, or NULL */
    const char *message;
} pg_finding;

typedef struct pg_check_options {
    const char *content_root;    /* "content" when NULL */
    const char *layout_path;     /* NULL: layouts/large-print-letter.xml beside the root */
    const char *fonts_path;      /* NULL: pg_default_fonts_path() */
    const char *dict_path;       /* NULL: the CMU dictionary of festlex-cmu (grade.h) */
    const char *const *handouts; /* handout ids to check; none: every one under the root */
    int n_handouts;
} pg_check_options;

typedef struct pg_check_report {
    pg_finding *findings; /* grouped per file: each source, then its translations by name */
    int n_findings;
    int n_files, n_errors, n_warnings, n_notes;
} pg_check_report;

/** Checks the content tree as opt says; the report and its strings live in a. Returns 0
 * whatever the findings; PG_EINPUT (err placed) only when the check cannot run: the root
 * is not a directory, a named handout does not exist, the layout or the fonts do not
 * load. */
int pg_check_run(pg_check_report *out, const pg_check_options *opt, pg_arena *a, pg_error *err);

/** "error", "warning" or "note". */
const char *pg_severity_name(pg_severity s);

/** The layout check uses when none is given: layouts/large-print-letter.xml in the
 * parent of the content root, in a. */
const char *pg_check_default_layout(const char *content_root, pg_arena *a);

#endif
