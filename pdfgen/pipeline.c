/* pipeline.c — load → bind → text → layout → render for one handout. Output paths are
 * checked before any work so a bad one costs nothing and clobbers nothing. */
#include "pipeline.h"
#include "load.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *pg_default_fonts_path(void)
{
    const char *env = getenv("PDFGEN_FONTS");
    return env && *env ? env : PG_DATA_DIR "/fonts/fonts.xml";
}

int pg_pipeline_fonts(pg_fontset **out, const char *fonts_path, pg_error *err)
{
    pg_arena *a = pg_arena_new();
    pg_fonts_spec *spec = NULL;
    int rc = pg_load_fonts(&spec, fonts_path, a, err);
    if (!rc)
        rc = pg_fontset_open(out, spec, err);
    pg_arena_free(a);
    return rc;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pg_pipeline_layout(pg_result *out, const pg_job *job, const pg_fontset *fonts, pg_arena *a,
                       pg_error *err)
{
    pg_layout *L = NULL;
    pg_handout *h = NULL;
    pg_strings *strings = NULL;
    int rc = pg_load_layout(&L, job->layout_path, a, err);
    if (!rc)
        rc = pg_load_handout(&h, job->content_path, a, err);
    if (rc)
        return rc;
    const char *common = pg_arena_printf(a, "%s/common/%s.xml", h->root, h->lang);
    if (file_exists(common) && (rc = pg_load_strings(&strings, common, a, err)))
        return rc;
    if (strings && strcmp(strings->lang, h->lang))
        return pg_error_set(err, PG_EINPUT, common, 0, 0,
                            "says lang=\"%s\" but is the shared strings file for \"%s\"",
                            strings->lang, h->lang);
    pg_binding *b = NULL;
    if ((rc = pg_bind(&b, h, L, strings, job->settings, job->n_settings, a, err)))
        return rc;
    pg_shaper *sh = pg_shaper_new(fonts, h->lang, b->rtl);
    pg_pages *pages = NULL;
    rc = pg_layout_run(&pages, b, fonts, sh, a, err);
    pg_shaper_free(sh);
    if (rc)
        return rc;
    out->pages = pages;
    out->binding = b;
    return 0;
}

static long long doc_date(const pg_handout *h)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        return strtoll(sde, NULL, 10);
    /* Without SOURCE_DATE_EPOCH the date is the content's review date: fixed for the
     * same input, and meaningful to whoever reads the properties. */
    int y = 2000, m = 1, d = 1;
    sscanf(h->reviewed, "%d-%d-%d", &y, &m, &d);
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
    return (long long)timegm(&tm);
}

int pg_pipeline_write_pdf(const pg_result *r, const char *out_path, pg_error *err)
{
    const pg_binding *b = r->binding;
    const char *author = NULL;
    for (int i = 0; i < b->n_values; i++)
        if (!strcmp(b->names[i], "clinic_name"))
            author = b->values[i];
    pg_doc_info info = {
        .title = b->title,
        .subject = b->handout->subject,
        .lang = b->lang,
        .author = author,
        .keywords = b->handout->id,
        .date = doc_date(b->handout),
    };
    return pg_render_pdf(r->pages, &info, out_path, err);
}
