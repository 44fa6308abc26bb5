/* xliff.h — a handout's text for CAT tools as XLIFF 1.2 (OASIS, strict schema), and back.
 * Export writes one trans-unit per block that holds text, with the existing translation
 * as the target; import checks every unit against the current English source and writes
 * content/<ID>/<LANG>.xml atomically, or refuses with one finding per problem. */
#ifndef PG_LOAD_XLIFF_H
#define PG_LOAD_XLIFF_H

#include "core/arena.h"
#include "core/error.h"

/** One problem an import found; a list in the arena, in file order. */
typedef struct pg_xliff_finding {
    pg_error e;
    struct pg_xliff_finding *next;
} pg_xliff_finding;

/** What an import needs besides the file. */
typedef struct pg_xliff_import_opts {
    const char *content_root; /* the content tree, e.g. "content" */
    const char *by;           /* the translator when given (--by), else NULL */
    const char *kind;         /* "person", "agency" or "machine", or NULL */
    const char *reviewer;     /* "NAME, CREDENTIAL" signing the file off (--reviewer), or NULL */
    const char *today;        /* YYYY-MM-DD: the date of a new translation or review */
} pg_xliff_import_opts;

/** Writes handout id in language lang (its translation, when there is one, as targets)
 * as XLIFF 1.2 to out_path, atomically. content_root holds <id>/en.xml. Errors name the
 * file at fault; PG_EINPUT when the handout or language is unknown or invalid. */
int pg_xliff_export(const char *out_path, const char *content_root, const char *id,
                    const char *lang, pg_arena *a, pg_error *err);

/** Reads the XLIFF file at xlf_path, checks every unit against the current source and
 * writes the translation, atomically; *written gets its path (in the arena). When the
 * file is refused, nothing is written, *findings lists every problem (FILE:LINE:COL and
 * a message naming the unit), err holds the first and PG_EINPUT is returned. A new
 * translation without opts->by is PG_EUSAGE. */
int pg_xliff_import(const char **written, pg_xliff_finding **findings, const char *xlf_path,
                    const pg_xliff_import_opts *opts, pg_arena *a, pg_error *err);

#endif
