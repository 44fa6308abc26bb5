/* render.c — the one loop every renderer is driven by: parts, pages, boxes. */
#include "render/render.h"

int pg_render(int *n_pages, pg_renderer *r, const pg_doc_part *parts, int n_parts,
              const pg_doc_info *info, pg_error *err)
{
    int rc = 0, n = 0;
    PG_CHECK(r->begin(r, info, err));
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
            for (int b = 0; b < page->n_boxes; b++)
                PG_CHECK(r->box(r, &page->boxes[b], err));
        }
    }
    PG_CHECK(r->end(r, err));
done:
    *n_pages = n;
    return rc;
}
