/* pipeline.h — the one place that knows the order of the stages: load → bind → layout →
 * render. Layout drives the text stage paragraph by paragraph (breaking lines needs the
 * column width), so text runs inside layout. The CLI, the batch workers and the tests
 * call these. */
#ifndef PG_PIPELINE_H
#define PG_PIPELINE_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"
#include "model/boxes.h"
#include "text/font.h"

typedef struct pg_job {
    const char *layout_path, *content_path;
    const pg_setting *settings;
    int n_settings;
    int preview; /* for translators: variables as [name], marks on the page (bind.h) */
} pg_job;

typedef struct pg_result {
    pg_pages *pages;
    pg_binding *binding;
} pg_result;

typedef enum {
    PG_OUTPUT_PDF,  /* the PDF */
    PG_OUTPUT_DUMP, /* the text dump of every box, with source places */
} pg_output;

/** What a process keeps between handouts: every layout, handout and shared strings file
 * it has loaded, and a shaper per language. A batch worker loads each once. */
typedef struct pg_cache pg_cache;

pg_cache *pg_cache_new(void);
void pg_cache_free(pg_cache *c);

/** The fonts.xml to use: $PDFGEN_FONTS, else the one installed with pdfgen. */
const char *pg_default_fonts_path(void);

/** Loads fonts_path and opens its fonts (once per process or worker). */
int pg_pipeline_fonts(pg_fontset **out, const char *fonts_path, pg_error *err);

/** Loads (through cache, or into a when cache is NULL), binds and lays out one handout;
 * what is made for this handout lives in arena a. */
int pg_pipeline_layout(pg_result *out, const pg_job *job, const pg_fontset *fonts, pg_cache *cache,
                       pg_arena *a, pg_error *err);

/** The layout at path, through cache (or into a when cache is NULL). */
int pg_pipeline_load_layout(const pg_layout **out, const char *path, pg_cache *cache, pg_arena *a,
                            pg_error *err);

/** Writes laid-out handouts as one output at path (atomically); with more than one, each
 * gets a bookmark and, when the layout is duplex, starts on a right-hand page. *n_pages
 * gets the page count, blank pages included. Through cache when not NULL. */
int pg_pipeline_write(int *n_pages, const pg_result *parts, int n_parts, const char *path,
                      pg_output output, pg_cache *cache, pg_error *err);

/** The same PDF as pg_pipeline_write makes, in *out (malloc'd) and *out_len. */
int pg_pipeline_pdf(unsigned char **out, size_t *out_len, int *n_pages, const pg_result *parts,
                    int n_parts, pg_cache *cache, pg_error *err);

/** Whether r is longer than its layout's max-pages; if so, warn gets the warning, placed
 * at the content file. */
int pg_pipeline_over_limit(pg_error *warn, const pg_result *r);

#endif
