/* bind.h — the handout bound to one rendering: variables checked against their declared
 * types and formatted for the handout's language, shared strings and layout defaults
 * resolved, images read and checked, inline markup turned into styled text spans. */
#ifndef PG_BIND_H
#define PG_BIND_H

#include "core/arena.h"
#include "core/error.h"
#include "bind/image.h"
#include "model/content.h"
#include "text/text.h"

typedef struct pg_bblock {
    pg_block_kind kind;
    int subkind;
    const char *id;
    pg_pos pos;
    pg_span *spans; /* title, h, p, item, step; img: its alternative text */
    int n_spans;
    const pg_image *image;
    struct pg_bblock *children, *next;
} pg_bblock;

typedef struct pg_banner_line {
    pg_span *label, *value;
    int n_label, n_value;
} pg_banner_line;

typedef struct pg_binding {
    const pg_handout *handout;
    const pg_layout *layout;
    const pg_strings *strings;
    const char *lang;
    int rtl;
    int icu_lang;                 /* ICU has locale data for lang: dates and times come from CLDR */
    const char *title;            /* plain text, for the document metadata */
    const char **names, **values; /* formatted values of every variable known */
    int n_values;
    pg_bblock *blocks;
    pg_banner_line *banner; /* NULL when the banner's first row has no value */
    int n_banner;
} pg_binding;

typedef struct pg_setting {
    const char *name, *value; /* as given: --set NAME=VALUE or a CSV column */
    const char *where;        /* names the source in errors; NULL: "--set NAME" */
} pg_setting;

/** Binds h for layout L with shared strings s and the given settings (which override
 * layout defaults). A value that does not parse as its declared type, a variable used
 * with no value, invalid UTF-8 or a missing image is an error naming it. */
int pg_bind(pg_binding **out, const pg_handout *h, const pg_layout *L, const pg_strings *s,
            const pg_setting *settings, int n_settings, pg_arena *a, pg_error *err);

/** Spans for a template's inlines (header, footer) on page `page` of `pages`. */
int pg_bind_template(pg_span **out, int *n_out, const pg_binding *b, const pg_inline *in, int page,
                     int pages, pg_arena *a, pg_error *err);

#endif
