/* pipeline.h — the one place that knows the order of the stages: load → bind → text →
 * layout → render. The CLI, the batch workers and the tests call these. */
#ifndef PG_PIPELINE_H
#define PG_PIPELINE_H

#include "core/arena.h"
#include "bind/bind.h"
#include "core/error.h"
#include "text/font.h"
#include "layout/layout.h"
#include "render/render.h"

typedef struct pg_job {
    const char *layout_path, *content_path;
    const pg_setting *settings;
    int n_settings;
} pg_job;

typedef struct pg_result {
    pg_pages *pages;
    pg_binding *binding;
} pg_result;

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

/** Renders laid-out handouts as one PDF at out_path (atomically); with more than one,
 * each gets a bookmark and, when the layout is duplex, starts on a right-hand page.
 * *n_pages gets the PDF's page count, blank pages included. */
int pg_pipeline_write_pdf(int *n_pages, const pg_result *parts, int n_parts, const char *out_path,
                          pg_error *err);

#endif
