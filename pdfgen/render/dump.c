/* dump.c — a readable text form of laid-out pages, in the spirit of cmark's xml renderer
 * with its source positions: what the golden tests compare, positions rounded to 0.1 pt,
 * each box ending with the place of what it draws, so a diff names content.xml:41. */
#include "core/atomic_file.h"
#include "render/render.h"
#include "text/font.h"

#include <stdlib.h>

typedef struct dumper {
    pg_renderer r;
    FILE *out;
    const char *path; /* NULL: out is the caller's stream */
    pg_atomic_file af;
} dumper;

static void dump_line(const pg_line *l, FILE *out)
{
    fputs(" \"", out);
    for (const char *p = l->utf8; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
    for (int r = 0; r < l->n_runs; r++) {
        const pg_glyph_run *run = &l->runs[r];
        fprintf(out, " [%s %.1f%s %d]", pg_font_postscript_name(run->font), run->size,
                run->rtl ? " rtl" : "", run->n_glyphs);
    }
}

static int dump_begin(pg_renderer *r, const pg_doc_info *info, pg_error *err)
{
    dumper *d = (dumper *)r;
    (void)info;
    if (!d->path)
        return 0;
    int rc = pg_atomic_open(&d->af, d->path, err);
    d->out = d->af.f;
    return rc;
}

static int dump_page(pg_renderer *r, const pg_page_ref *ref, pg_error *err)
{
    dumper *d = (dumper *)r;
    const pg_pages *pp = ref->pages;
    (void)err;
    if (ref->index < 0) {
        fprintf(d->out, "page (blank)\n");
        return 0;
    }
    if (ref->index == 0)
        fprintf(d->out, "document %.1fx%.1f pages=%d%s\n", pp->width, pp->height, pp->n_pages,
                pp->rtl ? " rtl" : "");
    fprintf(d->out, "page %d\n", ref->index + 1);
    return 0;
}

static int dump_box(pg_renderer *r, const pg_box *b, pg_error *err)
{
    static const char *const kinds[] = {"line", "rect", "circle", "image", "rule"};
    dumper *d = (dumper *)r;
    (void)err;
    fprintf(d->out, "  %s %s x=%.1f y=%.1f w=%.1f", kinds[b->kind], b->role, b->x, b->y, b->w);
    if (b->kind != PG_BOX_LINE && b->kind != PG_BOX_RULE)
        fprintf(d->out, " h=%.1f", b->h);
    if (b->kind == PG_BOX_LINE)
        dump_line(b->line, d->out);
    if (b->pos.file)
        fprintf(d->out, " @%s:%d:%d", b->pos.file, b->pos.line, b->pos.col);
    fputc('\n', d->out);
    return 0;
}

static int dump_end(pg_renderer *r, pg_error *err)
{
    dumper *d = (dumper *)r;
    if (!d->path)
        return 0;
    d->out = NULL;
    return pg_atomic_commit(&d->af, err);
}

static void dump_free(pg_renderer *r)
{
    dumper *d = (dumper *)r;
    if (d->path && d->out)
        pg_atomic_abort(&d->af);
    free(d);
}

static pg_renderer *dumper_new(FILE *out, const char *path)
{
    dumper *d = calloc(1, sizeof *d);
    if (!d)
        pg_oom();
    d->r = (pg_renderer){dump_begin, NULL, dump_page, dump_box, dump_end, dump_free};
    d->out = out;
    d->path = path;
    return &d->r;
}

pg_renderer *pg_render_dump_new(const char *path)
{
    return dumper_new(NULL, path);
}

pg_renderer *pg_render_dump_new_stream(FILE *out)
{
    return dumper_new(out, NULL);
}
