/* pipeline.c — load → bind → layout (→ text) → render. Loaded inputs may be kept in a
 * cache so a batch worker parses each layout and handout once, not once per patient.
 * The environment (SOURCE_DATE_EPOCH, the clock) is read here, not in the stages. */
#include "pipeline.h"
#include "bind/bind.h"
#include "core/file.h"
#include "layout/layout.h"
#include "load/load.h"
#include "render/render.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct cached {
    const char *key;
    const void *value;
    struct cached *next;
} cached;

typedef struct shaper_ref {
    char lang[36];
    int rtl;
    pg_shaper *shaper;
    struct shaper_ref *next;
} shaper_ref;

struct pg_cache {
    pg_arena *arena; /* lives as long as the cache */
    cached *layouts, *handouts, *strings;
    shaper_ref *shapers;
    pg_memo *streams; /* compressed PDF streams */
    pg_memo *drawn;   /* the fonts' codes for the kept lines, and those lines drawn */
};

/* What the memo of compressed streams may hold: a batch's packets in every language share
 * their font subsets, maps and unchanged pages through it. */
#define STREAM_MEMO_BUDGET (8u << 20)
/* And of the fonts' plans and drawn lines: a batch of both handouts in all ten
 * languages fills 0.9 MiB. */
#define DRAWN_MEMO_BUDGET (2u << 20)

pg_cache *pg_cache_new(void)
{
    pg_cache *c = calloc(1, sizeof *c);
    if (!c)
        pg_oom();
    c->arena = pg_arena_new();
    c->streams = pg_memo_new(STREAM_MEMO_BUDGET);
    c->drawn = pg_memo_new(DRAWN_MEMO_BUDGET);
    return c;
}

void pg_cache_free(pg_cache *c)
{
    if (!c)
        return;
    for (shaper_ref *s = c->shapers, *next; s; s = next) {
        next = s->next;
        pg_shaper_free(s->shaper);
        free(s);
    }
    pg_memo_free(c->streams);
    pg_memo_free(c->drawn);
    pg_arena_free(c->arena);
    free(c);
}

/* A loader of one input kind: pg_load_layout, pg_load_handout, pg_load_strings. */
typedef int (*loader)(void **out, const char *path, pg_arena *a, pg_error *err);

static int load_layout(void **out, const char *path, pg_arena *a, pg_error *err)
{
    return pg_load_layout((pg_layout **)out, path, a, err);
}

static int load_handout(void **out, const char *path, pg_arena *a, pg_error *err)
{
    return pg_load_handout((pg_handout **)out, path, a, err);
}

static int load_strings(void **out, const char *path, pg_arena *a, pg_error *err)
{
    return pg_load_strings((pg_strings **)out, path, a, err);
}

/* The input at path from the cache's list, else loaded (into the cache's arena, or into
 * a when there is no cache) and remembered. */
static int cached_load(const void **out, const char *path, loader load, pg_cache *c, cached **list,
                       pg_arena *a, pg_error *err)
{
    if (c)
        for (const cached *e = *list; e; e = e->next)
            if (!strcmp(e->key, path)) {
                *out = e->value;
                return 0;
            }
    void *value = NULL;
    int rc = 0;
    PG_CHECK(load(&value, path, c ? c->arena : a, err));
    if (c) {
        cached *e = PG_ARENA_NEW(c->arena, cached);
        *e = (cached){pg_arena_strdup(c->arena, path), value, *list};
        *list = e;
    }
    *out = value;
done:
    return rc;
}

/* A shaper for lang and direction: from the cache, or a new one the caller frees. */
static int get_shaper(pg_shaper **out, int *owned, pg_cache *c, const pg_fontset *fonts,
                      const char *lang, int rtl, pg_error *err)
{
    *owned = !c;
    if (!c)
        return pg_shaper_new(out, fonts, lang, rtl, err);
    for (shaper_ref *s = c->shapers; s; s = s->next)
        if (s->rtl == rtl && !strcmp(s->lang, lang)) {
            *out = s->shaper;
            return 0;
        }
    pg_shaper *sh = NULL;
    int rc = 0;
    PG_CHECK(pg_shaper_new(&sh, fonts, lang, rtl, err));
    shaper_ref *s = calloc(1, sizeof *s);
    if (!s)
        pg_oom();
    snprintf(s->lang, sizeof s->lang, "%s", lang);
    s->rtl = rtl;
    s->shaper = sh;
    s->next = c->shapers;
    c->shapers = s;
    *out = sh;
done:
    return rc;
}

const char *pg_default_fonts_path(void)
{
    const char *env = getenv("PDFGEN_FONTS");
    return env && *env ? env : PG_DATA_DIR "/fonts/fonts.xml";
}

int pg_pipeline_fonts(pg_fontset **out, const char *fonts_path, pg_error *err)
{
    int rc = 0;
    pg_arena *a = pg_arena_new();
    pg_fonts_spec *spec = NULL;
    PG_CHECK(pg_load_fonts(&spec, fonts_path, a, err));
    PG_CHECK(pg_fontset_open(out, spec, err));
done:
    pg_arena_free(a);
    return rc;
}

int pg_pipeline_load_layout(const pg_layout **out, const char *path, pg_cache *cache, pg_arena *a,
                            pg_error *err)
{
    return cached_load((const void **)out, path, load_layout, cache, cache ? &cache->layouts : NULL,
                       a, err);
}

/* content/common/<lang>.xml of the content tree at root, or NULL when there is none. */
static int find_strings(const pg_strings **out, const char *root, const char *lang, pg_cache *cache,
                        pg_arena *a, pg_error *err)
{
    const char *path = strcmp(root, ".") ? pg_arena_printf(a, "%s/common/%s.xml", root, lang)
                                         : pg_arena_printf(a, "common/%s.xml", lang);
    *out = NULL;
    if (!pg_file_is_regular(path))
        return 0;
    int rc = 0;
    PG_CHECK(cached_load((const void **)out, path, load_strings, cache,
                         cache ? &cache->strings : NULL, a, err));
    if (strcmp((*out)->lang, lang))
        rc = pg_error_set(err, PG_EINPUT, path, 0, 0,
                          "says lang=\"%s\" but is the shared strings file for \"%s\"",
                          (*out)->lang, lang);
done:
    return rc;
}

/* SOURCE_DATE_EPOCH, or -1 when it is not set: reproducible builds fix every date. */
static long long source_date(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    return sde && *sde ? strtoll(sde, NULL, 10) : -1;
}

static int bind_running(pg_span **out, int *n_out, const void *ctx, const pg_inline *slot, int page,
                        int pages, pg_arena *a, pg_error *err)
{
    return pg_bind_running(out, n_out, ctx, slot, page, pages, a, err);
}

int pg_pipeline_layout(pg_result *out, const pg_job *job, const pg_fontset *fonts, pg_cache *cache,
                       pg_arena *a, pg_error *err)
{
    int rc = 0, owned = 0;
    pg_shaper *sh = NULL;
    const pg_layout *L = NULL;
    const pg_handout *h = NULL;
    const pg_strings *strings = NULL, *english = NULL;
    PG_CHECK(pg_pipeline_load_layout(&L, job->layout_path, cache, a, err));
    PG_CHECK(cached_load((const void **)&h, job->content_path, load_handout, cache,
                         cache ? &cache->handouts : NULL, a, err));
    PG_CHECK(find_strings(&strings, h->root, h->lang, cache, a, err));
    const pg_handout *source = NULL;
    if (h->source_version > 0) { /* a translation: the draft notice has an English line */
        PG_CHECK(find_strings(&english, h->root, "en", cache, a, err));
        if (job->preview)
            PG_CHECK(cached_load((const void **)&source, pg_arena_printf(a, "%s/en.xml", h->dir),
                                 load_handout, cache, cache ? &cache->handouts : NULL, a, err));
    }

    int n_families = pg_fontset_n_families(fonts);
    const char **families = PG_ARENA_ARRAY(a, const char *, n_families + 1);
    for (int i = 0; i < n_families; i++)
        families[i] = pg_fontset_family_name(fonts, i);
    long long sde = source_date();
    pg_bind_env env = {.settings = job->settings,
                       .n_settings = job->n_settings,
                       .families = families,
                       .n_families = n_families,
                       .today = sde >= 0 ? sde : (long long)time(NULL),
                       .english = english,
                       .preview = job->preview,
                       .source = source};
    pg_binding *b = NULL;
    PG_CHECK(pg_bind(&b, h, L, strings, &env, a, err));

    PG_CHECK(get_shaper(&sh, &owned, cache, fonts, h->lang, b->rtl, err));
    pg_running running = {bind_running, b};
    pg_pages *pages = NULL;
    PG_CHECK(pg_layout_run(&pages, b, sh, &running, a, err));
    out->pages = pages;
    out->binding = b;
done:
    if (owned)
        pg_shaper_free(sh);
    return rc;
}

static long long doc_date(const pg_result *parts, int n_parts)
{
    long long sde = source_date();
    if (sde >= 0)
        return sde;
    /* Without SOURCE_DATE_EPOCH the date is the latest review date of the content:
     * fixed for the same input, and meaningful to whoever reads the properties. */
    long long latest = 0;
    for (int i = 0; i < n_parts; i++) {
        int y = 2000, m = 1, d = 1;
        if (sscanf(parts[i].binding->handout->reviewed, "%d-%d-%d", &y, &m, &d) != 3)
            y = 2000, m = 1, d = 1;
        struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
        long long t = (long long)timegm(&tm);
        latest = t > latest ? t : latest;
    }
    return latest;
}

typedef enum { TITLE, SUBJECT, ID } part_text;

/* The parts' titles or subjects joined with " · ", or their ids with ", ", in a. */
static const char *joined(const pg_result *parts, int n, part_text what, pg_arena *a)
{
    const char *s = "";
    for (int i = 0; i < n; i++) {
        const pg_binding *b = parts[i].binding;
        const char *t = what == TITLE     ? b->title
                        : what == SUBJECT ? b->handout->subject
                                          : b->handout->id;
        if (t && *t)
            s = *s ? pg_arena_printf(a, "%s%s%s", s, what == ID ? ", " : " · ", t) : t;
    }
    return s;
}

/* The value a variable was given (the layout's default or a setting), as given. */
static const char *raw_value(const pg_binding *b, const char *name)
{
    for (int i = b->n_values - 1; i >= 0; i--)
        if (!strcmp(b->names[i], name))
            return b->raw[i];
    return NULL;
}

/* Draws the parts through renderer r, which it frees. */
static int render_parts(int *n_pages, pg_renderer *r, const pg_result *parts, int n_parts,
                        pg_error *err)
{
    const pg_binding *b = parts[0].binding;
    pg_arena *a = pg_arena_new();
    pg_doc_part *dp = PG_ARENA_ARRAY(a, pg_doc_part, n_parts);
    for (int i = 0; i < n_parts; i++)
        dp[i] = (pg_doc_part){parts[i].pages, n_parts > 1 ? parts[i].binding->title : NULL};
    pg_doc_info info = {
        .title = joined(parts, n_parts, TITLE, a),
        .subject = joined(parts, n_parts, SUBJECT, a),
        .lang = b->lang,
        .author = raw_value(b, "clinic_name"),
        .keywords = joined(parts, n_parts, ID, a),
        .date = doc_date(parts, n_parts),
        .recto = b->layout->duplex,
    };
    int rc = pg_render(n_pages, r, dp, n_parts, &info, err);
    r->free(r);
    pg_arena_free(a);
    return rc;
}

static pg_render_memos memos_of(const pg_cache *cache)
{
    return cache ? (pg_render_memos){cache->streams, cache->drawn} : (pg_render_memos){0};
}

int pg_pipeline_write(int *n_pages, const pg_result *parts, int n_parts, const char *path,
                      pg_output output, pg_cache *cache, pg_error *err)
{
    pg_renderer *r = output == PG_OUTPUT_DUMP ? pg_render_dump_new(path)
                                              : pg_render_pdf_new(path, memos_of(cache));
    return render_parts(n_pages, r, parts, n_parts, err);
}

int pg_pipeline_pdf(unsigned char **out, size_t *out_len, int *n_pages, const pg_result *parts,
                    int n_parts, pg_cache *cache, pg_error *err)
{
    *out = NULL;
    *out_len = 0;
    pg_renderer *r = pg_render_pdf_new_bytes(out, out_len, memos_of(cache));
    return render_parts(n_pages, r, parts, n_parts, err);
}

int pg_pipeline_over_limit(pg_error *warn, const pg_result *r)
{
    int max = r->binding->layout->max_pages;
    if (max <= 0 || r->pages->n_pages <= max)
        return 0;
    pg_error_set(warn, 0, r->binding->handout->path, 0, 0,
                 "the handout takes %d pages, more than this layout's max-pages of %d",
                 r->pages->n_pages, max);
    return 1;
}
