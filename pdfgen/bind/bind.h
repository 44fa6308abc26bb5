/* bind.h — the handout bound to one rendering: variables checked against their declared
 * types and written as the handout's language writes them, shared strings and layout
 * defaults resolved, list and step labels numbered in the language's digits, font
 * families resolved, images read and checked, inline markup turned into styled spans. */
#ifndef PG_BIND_H
#define PG_BIND_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"

/** The longest value a variable may be given, in bytes: a name, a date, a phone number
 * or a short note, never a document. */
#define PG_BIND_MAX_VALUE 4096

/** What a binding depends on besides the handout, the layout and the shared strings. */
typedef struct pg_bind_env {
    const pg_setting *settings; /* override the layout's defaults */
    int n_settings;
    const char *const *families; /* the font families there are (fonts.xml order) */
    int n_families;
    long long today;           /* seconds since the epoch: the day the variable "today" prints */
    const pg_strings *english; /* the source's shared strings: the draft notice in English */
    int preview;               /* every variable prints as [name]; blocks the same as in
                                  source (en.xml) are flagged untranslated */
    const pg_handout *source;  /* with preview, for a translation: its source; else NULL */
} pg_bind_env;

/** Binds h for layout L with shared strings s (NULL when there are none). A translation
 * that is not reviewed gets the draft notice: the shared string "draft-mark" in its
 * language and in English (env->english); either missing is an error. A value that
 * does not parse as its declared type, a variable used with no value, a built-in set by
 * hand, a value over PG_BIND_MAX_VALUE bytes or with a control character, invalid UTF-8, a missing
 * image, or a font family the layout names that env lacks (at the layout's line) is PG_EINPUT. */
int pg_bind(pg_binding **out, const pg_handout *h, const pg_layout *L, const pg_strings *s,
            const pg_bind_env *env, pg_arena *a, pg_error *err);

/** Spans for a header or footer template on page `page` of `pages` (page numbers in the
 * language's digits). */
int pg_bind_running(pg_span **out, int *n_out, const pg_binding *b, const pg_inline *in, int page,
                    int pages, pg_arena *a, pg_error *err);

#endif
