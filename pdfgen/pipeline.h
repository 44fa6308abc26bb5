/* pipeline.h — the one place that knows the order of the stages: load → bind → text →
 * layout → render. The CLI and the tests call these. */
#ifndef PG_PIPELINE_H
#define PG_PIPELINE_H

#include "arena.h"
#include "bind.h"
#include "error.h"
#include "font.h"
#include "layout.h"

typedef struct pg_job {
    const char *layout_path, *content_path;
    const pg_setting *settings;
    int n_settings;
} pg_job;

typedef struct pg_result {
    pg_pages *pages;
    pg_binding *binding;
} pg_result;

/** The fonts.xml to use: $PDFGEN_FONTS, else the one installed with pdfgen. */
const char *pg_default_fonts_path(void);

/** Loads fonts_path and opens its fonts (once per process or worker). */
int pg_pipeline_fonts(pg_fontset **out, const char *fonts_path, pg_error *err);

/** Loads, binds and lays out one handout; everything lives in arena a. */
int pg_pipeline_layout(pg_result *out, const pg_job *job, const pg_fontset *fonts, pg_arena *a,
                       pg_error *err);

/** Renders a laid-out handout to a PDF at out_path (atomically). */
int pg_pipeline_write_pdf(const pg_result *r, const char *out_path, pg_error *err);

#endif
