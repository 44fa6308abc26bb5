/* pipeline.c — load → bind → text → layout → render. Loaded inputs may be kept in a
 * cache so a batch worker parses each layout and handout once, not once per patient. */
#include "pipeline.h"
#include "load/load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct cached {
    const char *key;
    const void *value;
    struct cached *next;
} cached;

struct pg_cache {
    pg_arena *arena; /* lives as long as the cache */
    cached *layouts, *handouts, *strings;
    struct shaper_ref {
        char lang[36];
        int rtl;
        pg_shaper *shaper;
        struct shaper_ref *next;
    } * shapers;
};

pg_cache *pg_cache_new(void)
{
    pg_cache *c = calloc(1, sizeof *c);
    if (!c)
        pg_oom();
    c->arena = pg_arena_new();
    return c;
}

void pg_cache_free(pg_cache *c)
{
    if (!c)
        return;
    for (struct shaper_ref *s = c->shapers, *next; s; s = next) {
        next = s->next;
        pg_shaper_free(s->shaper);
        free(s);
    }
    pg_arena_free(c->arena);
    free(c);
}

static const void *cache_find(const cached *list, const char *key)
{
    for (; list; list = list->next)
        if (!strcmp(list->key, key))
            return list->value;
    return NULL;
}

static void cache_put(pg_cache *c, cached **list, const char *key, const void *value)
{
    cached *e = PG_ARENA_NEW(c->arena, cached);
    *e = (cached){pg_arena_strdup(c->arena, key), value, *list};
    *list = e;
}

/* A shaper for lang and direction: from the cache, or a new one the caller frees. */
static pg_shaper *get_shaper(pg_cache *c, const pg_fontset *fonts, const char *lang, int rtl,
                             int *owned)
{
    *owned = !c;
    if (!c)
        return pg_shaper_new(fonts, lang, rtl);
    for (struct shaper_ref *s = c->shapers; s; s = s->next)
        if (s->rtl == rtl && !strcmp(s->lang, lang))
            return s->shaper;
    struct shaper_ref *s = calloc(1, sizeof *s);
    if (!s)
        pg_oom();
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    s->rtl = rtl;
    s->shaper = pg_shaper_new(fonts, lang, rtl);
    s->next = c->shapers;
    c->shapers = s;
    return s->shaper;
}

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

int pg_pipeline_load_layout(const pg_layout **out, const char *path, pg_cache *cache, pg_arena *a,
                            pg_error *err)
{
    if (cache && (*out = cache_find(cache->layouts, path)))
        return 0;
    pg_layout *L = NULL;
    int rc = pg_load_layout(&L, path, cache ? cache->arena : a, err);
    if (!rc && cache)
        cache_put(cache, &cache->layouts, path, L);
    *out = L;
    return rc;
}

static int load_handout(const pg_handout **out, const char *path, pg_cache *cache, pg_arena *a,
                        pg_error *err)
{
    if (cache && (*out = cache_find(cache->handouts, path)))
        return 0;
    pg_handout *h = NULL;
    int rc = pg_load_handout(&h, path, cache ? cache->arena : a, err);
    if (!rc && cache)
        cache_put(cache, &cache->handouts, path, h);
    *out = h;
    return rc;
}

/* content/common/<lang>.xml beside the handout, or NULL when there is none. */
static int load_strings(const pg_strings **out, const pg_handout *h, pg_cache *cache, pg_arena *a,
                        pg_error *err)
{
    pg_arena *keep = cache ? cache->arena : a;
    const char *path = pg_arena_printf(a, "%s/common/%s.xml", h->root, h->lang);
    *out = NULL;
    if (cache && (*out = cache_find(cache->strings, path)))
        return 0;
    if (!file_exists(path))
        return 0;
    pg_strings *s = NULL;
    int rc = pg_load_strings(&s, path, keep, err);
    if (rc)
        return rc;
    if (strcmp(s->lang, h->lang))
        return pg_error_set(err, PG_EINPUT, path, 0, 0,
                            "says lang=\"%s\" but is the shared strings file for \"%s\"", s->lang,
                            h->lang);
    if (cache)
        cache_put(cache, &cache->strings, path, s);
    *out = s;
    return 0;
}

int pg_pipeline_layout(pg_result *out, const pg_job *job, const pg_fontset *fonts, pg_cache *cache,
                       pg_arena *a, pg_error *err)
{
    const pg_layout *L = NULL;
    const pg_handout *h = NULL;
    const pg_strings *strings = NULL;
    int rc = pg_pipeline_load_layout(&L, job->layout_path, cache, a, err);
    if (!rc)
        rc = load_handout(&h, job->content_path, cache, a, err);
    if (!rc)
        rc = load_strings(&strings, h, cache, a, err);
    if (rc)
        return rc;
    pg_binding *b = NULL;
    if ((rc = pg_bind(&b, h, L, strings, job->settings, job->n_settings, a, err)))
        return rc;
    int owned;
    pg_shaper *sh = get_shaper(cache, fonts, h->lang, b->rtl, &owned);
    pg_pages *pages = NULL;
    rc = pg_layout_run(&pages, b, fonts, sh, a, err);
    if (owned)
        pg_shaper_free(sh);
    if (rc)
        return rc;
    out->pages = pages;
    out->binding = b;
    return 0;
}

static long long doc_date(const pg_result *parts, int n_parts)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        return strtoll(sde, NULL, 10);
    /* Without SOURCE_DATE_EPOCH the date is the latest review date of the content:
     * fixed for the same input, and meaningful to whoever reads the properties. */
    long long latest = 0;
    for (int i = 0; i < n_parts; i++) {
        int y = 2000, m = 1, d = 1;
        sscanf(parts[i].binding->handout->reviewed, "%d-%d-%d", &y, &m, &d);
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
        long long t = (long long)timegm(&tm);
        latest = t > latest ? t : latest;
    }
    return latest;
}

/* The parts' texts joined with " · " (titles, subjects, ids), in a. */
static const char *joined(const pg_result *parts, int n, int what, pg_arena *a)
{
    const char *s = "";
    for (int i = 0; i < n; i++) {
        const pg_binding *b = parts[i].binding;
        const char *t = what == 0 ? b->title : what == 1 ? b->handout->subject : b->handout->id;
        if (t && *t)
            s = *s ? pg_arena_printf(a, "%s%s%s", s, what == 2 ? ", " : " · ", t) : t;
    }
    return s;
}

int pg_pipeline_write_pdf(int *n_pages, const pg_result *parts, int n_parts, const char *out_path,
                          pg_error *err)
{
    const pg_binding *b = parts[0].binding;
    const char *author = NULL;
    for (int i = 0; i < b->n_values; i++)
        if (!strcmp(b->names[i], "clinic_name"))
            author = b->values[i];
    pg_arena *a = pg_arena_new();
    pg_doc_part *dp = PG_ARENA_ARRAY(a, pg_doc_part, n_parts);
    for (int i = 0; i < n_parts; i++)
        dp[i] = (pg_doc_part){parts[i].pages, n_parts > 1 ? parts[i].binding->title : NULL};
    pg_doc_info info = {
        .title = joined(parts, n_parts, 0, a),
        .subject = joined(parts, n_parts, 1, a),
        .lang = b->lang,
        .author = author,
        .keywords = joined(parts, n_parts, 2, a),
        .date = doc_date(parts, n_parts),
        .recto = b->layout->duplex,
    };
    int rc = pg_render_pdf(n_pages, dp, n_parts, &info, out_path, err);
    pg_arena_free(a);
    return rc;
}
