/* render_dump.c — a readable text form of laid-out pages (in the spirit of cmark's xml
 * renderer): what the golden tests compare, with positions rounded to 0.1 pt. */
#include "render/render.h"

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

void pg_render_dump(const pg_pages *pp, FILE *out)
{
    static const char *kinds[] = {"line", "rect", "circle", "image", "rule"};
    fprintf(out, "document %.1fx%.1f pages=%d%s\n", pp->width, pp->height, pp->n_pages,
            pp->rtl ? " rtl" : "");
    for (int p = 0; p < pp->n_pages; p++) {
        fprintf(out, "page %d\n", p + 1);
        for (int i = 0; i < pp->pages[p].n_boxes; i++) {
            const pg_box *b = &pp->pages[p].boxes[i];
            fprintf(out, "  %s %s x=%.1f y=%.1f w=%.1f", kinds[b->kind], b->role, b->x, b->y, b->w);
            if (b->kind != PG_BOX_LINE && b->kind != PG_BOX_RULE)
                fprintf(out, " h=%.1f", b->h);
            if (b->kind == PG_BOX_LINE)
                dump_line(b->line, out);
            fputc('\n', out);
        }
    }
}
