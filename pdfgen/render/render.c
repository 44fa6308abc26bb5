/* render.c — the one loop every renderer is driven by: parts, pages, boxes. */
#include "render/render.h"

/* The last line of defence against lost text: layout checks the layout's numbers, but a
 * line drawn outside the page would be read by no one and printed nowhere. */
static int check_on_page(const pg_box *b, const pg_pages *pp, int number, pg_error *err)
{
    if (b->kind != PG_BOX_LINE)
        return 0;
    const double slack = 0.5; /* pt: rounding */
    double top = b->y - b->line->ascent, bottom = b->y + b->line->descent;
    if (b->x >= -slack && b->x + b->w <= pp->width + slack && top >= -slack &&
        bottom <= pp->height + slack)
        return 0;
    return pg_error_set(err, PG_EINPUT, b->pos.file, b->pos.line, b->pos.col,
                        "this text would be drawn outside page %d (at x=%.0fpt y=%.0fpt, "
                        "%.0fpt wide, on a page of %.0fpt x %.0fpt); the layout leaves it no "
                        "room: check the margins, paddings and indents",
                        number, b->x, b->y, b->w, pp->width, pp->height);
}

int pg_render(int *n_pages, pg_renderer *r, const pg_doc_part *parts, int n_parts,
              const pg_doc_info *info, pg_error *err)
{
    int rc = 0, n = 0;
    PG_CHECK(r->begin(r, info, err));
    if (r->plan)
        r->plan(r, parts, n_parts);
    for (int i = 0; i < n_parts; i++) {
        const pg_pages *pp = parts[i].pages;
        /* Duplex: a part after an odd page count starts on the next sheet's front. */
        if (info->recto && n % 2) {
            pg_page_ref blank = {pp, -1, ++n, NULL};
            PG_CHECK(r->page(r, &blank, err));
        }
        for (int p = 0; p < pp->n_pages; p++) {
            pg_page_ref ref = {pp, p, ++n, p == 0 ? parts[i].bookmark : NULL};
            PG_CHECK(r->page(r, &ref, err));
            const pg_page *page = &pp->pages[p];
            for (int b = 0; b < page->n_boxes; b++) {
                PG_CHECK(check_on_page(&page->boxes[b], pp, ref.number, err));
                PG_CHECK(r->box(r, &page->boxes[b], err));
            }
        }
    }
    PG_CHECK(r->end(r, err));
done:
    *n_pages = n;
    return rc;
}
