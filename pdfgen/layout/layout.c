/* layout.c — blocks to chunks to pages. Every block becomes a run of "chunks" (a line,
 * an image, a marker line) that carry their space before, whether the page may break
 * after them (keep), and the callout they belong to. Pagination is first fit with
 * backtracking to the last allowed break: headings keep with the next block, a
 * paragraph leaves no single line at a page top or bottom, a callout or step stays whole
 * when it fits on a page. Coordinates are laid out from the start edge; right-to-left
 * pages are mirrored at the end. */
#include "layout/layout.h"
#include "text/text.h"

#include <assert.h>
#include <math.h>
#include <string.h>

typedef struct chunk {
    double height;
    double gap; /* space before; dropped at the top of a page */
    int keep;   /* no page break between this chunk and the next */
    int container;
    pg_box *boxes; /* y relative to the chunk's top */
    int n_boxes;
    size_t cap;
} chunk;

typedef struct container {
    const pg_style *style;
    const char *role;
    const pg_bblock *from;
    int first;          /* its first chunk */
    int framed;         /* a callout's or the banner's frame around it; a table has none */
    int repeat;         /* a table: its header row's chunk, drawn again at the top of a
                           page it goes on to; -1 none */
    pg_line *continued; /* its heading "(continued)", set where a page begins inside it */
    int n_continued;
    double continued_h; /* their height, with the heading's space after */
    double continued_x;
} container;

typedef struct flow {
    const pg_binding *b;
    const pg_layout *L;
    pg_shaper *sh;
    const pg_running *running;
    pg_arena *a;
    pg_error *err;
    chunk *chunks;
    int n;
    size_t cap;
    container *conts;
    int n_conts;
    size_t cap_conts;
    int cur_container;
    double pending;
    double x0, width; /* the current text column, from the start edge */
    double top;       /* where the text starts on every page: below the draft notice */
    char *split;      /* per page: 1 when it begins inside a block that should stay whole
                         (a callout, a step, a heading) but does not fit on one page */
} flow;

/* ---- helpers ----------------------------------------------------------------------- */

static chunk *new_chunk(flow *f, double height)
{
    pg_arena_grow(f->a, (void **)&f->chunks, &f->cap, (size_t)f->n + 1, sizeof *f->chunks);
    chunk *c = &f->chunks[f->n++];
    memset(c, 0, sizeof *c);
    c->height = height;
    c->gap = f->pending;
    c->container = f->cur_container;
    f->pending = 0;
    return c;
}

/* A new zeroed box at the end of a page's or a chunk's boxes. */
static pg_box *push_box(flow *f, pg_box **boxes, int *n, size_t *cap)
{
    pg_arena_grow(f->a, (void **)boxes, cap, (size_t)*n + 1, sizeof **boxes);
    pg_box *b = &(*boxes)[(*n)++];
    memset(b, 0, sizeof *b);
    return b;
}

static pg_box *add_box(flow *f, chunk *c, pg_box_kind kind, pg_box_part part, const char *role,
                       const pg_bblock *from)
{
    pg_box *b = push_box(f, &c->boxes, &c->n_boxes, &c->cap);
    b->kind = kind;
    b->part = part;
    b->role = role;
    b->from = from;
    b->pos = from->pos;
    return b;
}

static void space_before(flow *f, double s)
{
    if (s > f->pending)
        f->pending = s;
}

/* Lines are set on a fixed pitch (size x line height), whatever the fonts' own extents:
 * fonts with tall marks (Arabic, Devanagari) would otherwise loosen every line. */
static double line_height(const pg_style *st)
{
    return st->size * st->line_height;
}

static double baseline_in(const pg_style *st, const pg_line *l)
{
    return (line_height(st) - (l->ascent + l->descent)) / 2 + l->ascent;
}

enum { KEEP_LINES_TOGETHER = 1, KEEP_WITH_NEXT = 2 };

/* A chunk's keep: whether the page may break after it. A soft keep (inside a callout,
 * between its paragraphs and items) gives way when keeping the callout whole would
 * leave the page less than MIN_FILL full. */
enum { BREAK_OK = 0, KEEP_HARD = 1, KEEP_SOFT = 2 };
#define MIN_FILL 0.6

/* Adds the lines of block b's spans in style sid (its text set as ts, or as the style
 * says when ts is NULL) as chunks at column x, width w. Returns the index of the first
 * chunk added, or -1 for an empty text, in *first; *baseline gets its baseline offset. */
static int add_text(flow *f, const pg_bblock *b, pg_style_id sid, const pg_text_style *ts, double x,
                    double w, const char *role, int keep, int *first, double *baseline)
{
    const pg_style *st = &f->L->styles[sid];
    pg_line *lines;
    int n, rc = 0;
    PG_CHECK(pg_text_lines(&lines, &n, f->sh, b->spans, b->n_spans, ts ? ts : &f->b->styles[sid], w,
                           f->a, f->err));
    *first = n ? f->n : -1;
    for (int i = 0; i < n; i++) {
        chunk *c = new_chunk(f, line_height(st));
        /* The fixed pitch gives way where two lines' ink would touch (an Arabic title's
         * dots over a Latin capital): this line moves down by the difference. */
        double clash =
            i ? lines[i - 1].ink_bottom + lines[i].ink_top + st->size * 0.08 - line_height(st) : 0;
        if (clash > 0)
            c->height += clash;
        pg_box *box = add_box(f, c, PG_BOX_LINE, PG_PART_CONTENT, role, b);
        box->line = &lines[i];
        box->pos = lines[i].pos;
        box->x = x;
        box->y = baseline_in(st, &lines[i]) + (clash > 0 ? clash : 0);
        box->w = lines[i].width;
        box->h = c->height;
        if (i == 0 && baseline)
            *baseline = box->y;
        /* No orphan (first line alone at a page bottom), no widow (last line alone at a
         * page top). */
        if (keep & KEEP_LINES_TOGETHER)
            c->keep = i + 1 < n;
        else
            c->keep = (i == 0 && n > 1) || (i == n - 2);
        if (i + 1 == n && (keep & KEEP_WITH_NEXT))
            c->keep = 1;
    }
done:
    return rc;
}

/* A one-line label (marker, number) of item shaped without a width limit. */
static int shape_label(const pg_line **out, flow *f, const pg_bblock *item, const pg_text_style *ts)
{
    pg_span sp = {item->label, 0, item->pos};
    pg_line *lines;
    int n, rc = 0;
    PG_CHECK(pg_text_lines(&lines, &n, f->sh, &sp, 1, ts, INFINITY, f->a, f->err));
    *out = n ? &lines[0] : NULL;
done:
    return rc;
}

/* ---- blocks ------------------------------------------------------------------------ */

static int add_blocks(flow *f, const pg_bblock *b);

/* The label boxes added after the first n_text boxes of c move before them: a reader
 * that follows the drawing order reads "3. Call" rather than "Call 3.". Not on a
 * right-to-left page, whose lines are drawn left to right: there the label, at the
 * line's right end, comes last. */
static void labels_first(chunk *c, int n_text)
{
    for (int k = 0; k < n_text; k++) {
        pg_box text = c->boxes[0];
        memmove(&c->boxes[0], &c->boxes[1], sizeof *c->boxes * (size_t)(c->n_boxes - 1));
        c->boxes[c->n_boxes - 1] = text;
    }
}

/* One item of a list (kind PG_BLK_LIST), steps or a checklist, with its label on the
 * first line: a marker or number, a numbered circle, or a check box. */
static int add_item(flow *f, const pg_bblock *item, pg_style_id sid, pg_block_kind kind)
{
    const pg_style *st = &f->L->styles[sid];
    double indent = st->indent > 0 ? st->indent : st->size * 1.5;
    int first = -1, n_text = 0;
    double base = 0;
    int keep = kind == PG_BLK_STEPS ? KEEP_LINES_TOGETHER : 0;
    int rc = 0;
    PG_CHECK(add_text(f, item, sid, NULL, f->x0 + indent, f->width - indent,
                      kind == PG_BLK_STEPS ? "step" : "item", keep, &first, &base));
    if (first < 0)
        goto done;
    chunk *c = &f->chunks[first];
    n_text = c->n_boxes;
    /* Marks sit on the first line, centred on the height of its capitals. */
    double mid = base - st->size * 0.36;
    if (kind == PG_BLK_CHECKLIST) {
        double d = st->box_size;
        pg_box *box = add_box(f, c, PG_BOX_RECT, PG_PART_LABEL, "checkbox", item);
        box->x = f->x0 + 1;
        box->y = mid - d / 2;
        box->w = box->h = d;
        box->stroke = st->color;
        box->stroke_width = d > 14 ? 1.6 : 1.0;
        goto done;
    }
    assert(item->label);
    pg_text_style ts = f->b->styles[sid];
    const pg_line *mark;
    if (kind == PG_BLK_STEPS) {
        double d = st->box_size;
        pg_box *circle = add_box(f, c, PG_BOX_CIRCLE, PG_PART_LABEL, "step-circle", item);
        circle->x = f->x0;
        circle->y = mid - d / 2;
        circle->w = circle->h = d;
        circle->stroke = st->color;
        circle->stroke_width = d > 14 ? 1.6 : 1.0;
        ts.size = d * 0.6;
        ts.bold = 1;
        PG_CHECK(shape_label(&mark, f, item, &ts));
        if (mark) {
            pg_box *m = add_box(f, c, PG_BOX_LINE, PG_PART_LABEL, "step-number", item);
            m->line = mark;
            m->x = f->x0 + (d - mark->width) / 2;
            m->y = mid + ts.size * 0.36;
            m->w = mark->width;
        }
        goto done;
    }
    ts.bold |= item->parent->subkind == PG_LIST_NUMBER;
    PG_CHECK(shape_label(&mark, f, item, &ts));
    if (mark) {
        pg_box *m = add_box(f, c, PG_BOX_LINE, PG_PART_LABEL, "marker", item);
        m->line = mark;
        m->x = f->x0;
        m->y = base;
        m->w = mark->width;
    }
done:
    if (!rc && first >= 0 && !f->b->rtl)
        labels_first(&f->chunks[first], n_text);
    return rc;
}

static int add_items(flow *f, const pg_bblock *b, pg_style_id sid)
{
    const pg_style *st = &f->L->styles[sid];
    int rc = 0;
    space_before(f, st->space_before);
    for (const pg_bblock *it = b->children; it; it = it->next) {
        if (it != b->children)
            space_before(f, st->item_space);
        PG_CHECK(add_item(f, it, sid, b->kind));
    }
    f->pending = st->space_after;
done:
    return rc;
}

/* The text of a callout's heading in reverse: the callout style's heading color. */
static const pg_text_style *banded_style(flow *f, const pg_style *callout, pg_text_style *ts)
{
    *ts = f->b->styles[PG_ST_H];
    if (callout->heading_color.set)
        ts->color = callout->heading_color;
    return ts;
}

static int open_container(flow *f, const pg_style *st, const char *role, const pg_bblock *from,
                          double *saved_x, double *saved_w)
{
    pg_arena_grow(f->a, (void **)&f->conts, &f->cap_conts, (size_t)f->n_conts + 1,
                  sizeof *f->conts);
    container *ct = &f->conts[f->n_conts];
    *ct = (container){st, role, from, f->n, 1, -1, NULL, 0, 0, 0};
    f->cur_container = f->n_conts++;
    space_before(f, st->space_before);
    double pad = st->padding + st->border_width;
    *saved_x = f->x0;
    *saved_w = f->width;
    f->x0 += pad;
    f->width -= 2 * pad;
    int rc = 0;
    if (from->n_continued) {
        const pg_style *h = &f->L->styles[PG_ST_H];
        pg_text_style ts;
        PG_CHECK(pg_text_lines(
            &ct->continued, &ct->n_continued, f->sh, from->continued, from->n_continued,
            st->heading_fill.set ? banded_style(f, st, &ts) : &f->b->styles[PG_ST_H], f->width,
            f->a, f->err));
        ct->continued_h =
            ct->n_continued * line_height(h) +
            (st->heading_fill.set ? fmax(h->space_after, h->size * 0.6) : h->space_after);
        ct->continued_x = f->x0;
    }
done:
    return rc;
}

static void close_container(flow *f, int first_chunk, const pg_style *st, double x, double w)
{
    /* A callout stays whole when it fits on a page, unless that would leave the page
     * short: then it may go on between its paragraphs and items, but never with its
     * last one alone under the "(continued)" heading. */
    int last = -1;
    for (int i = first_chunk; i + 1 < f->n; i++)
        if (f->chunks[i].keep == BREAK_OK) {
            f->chunks[i].keep = KEEP_SOFT;
            last = i;
        }
    if (last >= 0)
        f->chunks[last].keep = KEEP_HARD;
    f->cur_container = -1;
    f->x0 = x;
    f->width = w;
    f->pending = st->space_after;
}

static int add_image(flow *f, const pg_bblock *b)
{
    const pg_style *st = &f->L->styles[PG_ST_IMG];
    const pg_image *img = b->image;
    double body_h = f->L->page_h - f->L->margin_top - f->L->margin_bottom;
    /* Natural size at 150 dpi, shrunk to the column and the allowed height. */
    double w = img->width * 72.0 / 150.0, h = img->height * 72.0 / 150.0;
    double max_h = body_h * (st->max_height > 0 ? st->max_height : 0.5);
    double scale = 1;
    if (w * scale > f->width)
        scale = f->width / w;
    if (h * scale > max_h)
        scale = max_h / h;
    space_before(f, st->space_before);
    chunk *c = new_chunk(f, h * scale);
    c->keep = 1; /* with its caption */
    pg_box *box = add_box(f, c, PG_BOX_IMAGE, PG_PART_CONTENT, "img", b);
    box->image = img;
    box->x = f->x0;
    box->y = 0;
    box->w = w * scale;
    box->h = h * scale;
    const pg_style *cap = &f->L->styles[PG_ST_CAPTION];
    space_before(f, cap->space_before);
    int first;
    int rc = add_text(f, b, PG_ST_CAPTION, NULL, f->x0, f->width, "caption", 0, &first, NULL);
    f->pending = st->space_after > cap->space_after ? st->space_after : cap->space_after;
    return rc;
}

/* The width a heading is set in: the column, or for a heading of two lines the narrowest
 * width that keeps it to two, so its lines are even rather than a long line over a
 * word ("en la / ingle"). */
static int heading_width(double *out, flow *f, const pg_bblock *b, const pg_text_style *ts,
                         double w)
{
    pg_line *lines;
    int n, rc = 0;
    *out = w;
    PG_CHECK(pg_text_lines(&lines, &n, f->sh, b->spans, b->n_spans, ts, w, f->a, f->err));
    if (n != 2)
        goto done;
    double lo = w / 2, hi = w; /* hi gives two lines; below lo, two cannot hold it */
    for (int i = 0; i < 12 && hi - lo > 0.5; i++) {
        double mid = (lo + hi) / 2;
        PG_CHECK(pg_text_lines(&lines, &n, f->sh, b->spans, b->n_spans, ts, mid, f->a, f->err));
        if (n == 2)
            hi = mid;
        else
            lo = mid;
    }
    *out = hi;
done:
    return rc;
}

/* A block of text in style sid between its style's spaces. */
static int add_para(flow *f, const pg_bblock *b, pg_style_id sid, const char *role, int keep)
{
    const pg_style *st = &f->L->styles[sid];
    int first, rc = 0;
    double w = f->width;
    if (sid == PG_ST_TITLE || sid == PG_ST_H)
        PG_CHECK(heading_width(&w, f, b, &f->b->styles[sid], f->width));
    space_before(f, st->space_before);
    rc = add_text(f, b, sid, NULL, f->x0, w, role, keep, &first, NULL);
    f->pending = st->space_after;
done:
    return rc;
}

/* A callout's heading in reverse: on a band of heading_fill from the inner edge of the
 * frame to half the heading's space after. */
static pg_box *band(flow *f, chunk *c, const pg_style *callout, const pg_bblock *from, double top,
                    double height)
{
    pg_box *r = add_box(f, c, PG_BOX_RECT, PG_PART_DECORATION, "callout-band", from);
    r->x = f->L->margin_left + callout->border_width;
    r->w = f->L->page_w - f->L->margin_left - f->L->margin_right - 2 * callout->border_width;
    r->y = top;
    r->h = height;
    r->fill = callout->heading_fill;
    return r;
}

static int add_banded_heading(flow *f, const pg_bblock *b)
{
    const container *ct = &f->conts[f->cur_container];
    const pg_style *h = &f->L->styles[PG_ST_H];
    pg_text_style ts;
    int first, rc = 0;
    space_before(f, h->space_before);
    int before = f->n;
    double w;
    PG_CHECK(heading_width(&w, f, b, banded_style(f, ct->style, &ts), f->width));
    PG_CHECK(add_text(f, b, PG_ST_H, &ts, f->x0, w, "h", KEEP_LINES_TOGETHER | KEEP_WITH_NEXT,
                      &first, NULL));
    /* The first line's band reaches up to the frame (its padding), the last one's down
     * below its descenders; drawn before the text. */
    double below = h->size * 0.3;
    for (int i = before; i < f->n; i++) {
        chunk *c = &f->chunks[i];
        int n_text = c->n_boxes;
        double top = i == before && i == ct->first ? -ct->style->padding : 0;
        double bottom = c->height + (i + 1 == f->n ? below : 0);
        band(f, c, ct->style, b, top, bottom - top);
        labels_first(c, n_text);
    }
    f->pending = fmax(h->space_after, below + h->size * 0.3);
done:
    return rc;
}

/* ---- tables, notes, the colophon --------------------------------------------------- */

/* The width of each of a table's columns: each as wide as its widest word, with the room
 * left shared out as the columns' text asks for it; when even the words do not fit,
 * shares of the column in proportion to them (the text then breaks inside words). */
static int column_widths(double *w, int cols, flow *f, const pg_bblock *t, double pad)
{
    double *lo = PG_ARENA_ARRAY(f->a, double, cols), *hi = PG_ARENA_ARRAY(f->a, double, cols);
    int rc = 0;
    for (const pg_bblock *row = t->children; row; row = row->next) {
        int j = 0;
        for (const pg_bblock *cell = row->children; cell && j < cols; cell = cell->next, j++) {
            pg_text_style ts = f->b->styles[PG_ST_TABLE];
            ts.bold |= cell->subkind == PG_CELL_HEAD;
            double mn, mx;
            PG_CHECK(
                pg_text_widths(&mn, &mx, f->sh, cell->spans, cell->n_spans, &ts, f->a, f->err));
            lo[j] = fmax(lo[j], mn + 2 * pad);
            hi[j] = fmax(hi[j], mx + 2 * pad);
        }
    }
    double sum_lo = 0, sum_hi = 0, W = f->width;
    for (int j = 0; j < cols; j++)
        sum_lo += lo[j], sum_hi += hi[j];
    for (int j = 0; j < cols; j++) {
        if (sum_hi <= W)
            w[j] = hi[j] + (W - sum_hi) / cols; /* room to write in every column */
        else if (sum_lo <= W) /* half as the text asks, half alike: room to write in */
            w[j] = lo[j] + (W - sum_lo) * (0.5 * (hi[j] - lo[j]) / (sum_hi - sum_lo) + 0.5 / cols);
        else
            w[j] = W * lo[j] / sum_lo;
    }
done:
    return rc;
}

/* One row of a table as one chunk: its cells side by side from the start edge, each
 * framed, the header row's filled and in bold; a row of empty cells is tall enough to
 * write in by hand. An empty cell's frame is its content: a tagged PDF keeps the cell. */
static int add_row(flow *f, const pg_bblock *row, const double *w, double pad, double bw)
{
    const pg_style *st = &f->L->styles[PG_ST_TABLE];
    double lh = line_height(st);
    int cols = 0, rc = 0;
    for (const pg_bblock *c = row->children; c; c = c->next)
        cols++;
    pg_line **lines = PG_ARENA_ARRAY(f->a, pg_line *, cols);
    int *n = PG_ARENA_ARRAY(f->a, int, cols);
    double height = 1.6 * lh + 2 * pad; /* handwriting */
    int j = 0, text = 0;
    for (const pg_bblock *c = row->children; c; c = c->next, j++) {
        pg_text_style ts = f->b->styles[PG_ST_TABLE];
        ts.bold |= c->subkind == PG_CELL_HEAD;
        PG_CHECK(pg_text_lines(&lines[j], &n[j], f->sh, c->spans, c->n_spans, &ts, w[j] - 2 * pad,
                               f->a, f->err));
        if (n[j])
            height = text++ ? fmax(height, n[j] * lh + 2 * pad) : n[j] * lh + 2 * pad;
    }
    double body_h = f->L->page_h - f->top - f->L->margin_bottom;
    if (height > body_h)
        return pg_error_set(f->err, PG_EINPUT, row->pos.file, row->pos.line, row->pos.col,
                            "this table row is %.0fpt tall, more than the %.0fpt of a page's "
                            "text area: shorten its cells' text",
                            height, body_h);
    chunk *ch = new_chunk(f, height);
    double x = f->x0;
    j = 0;
    for (const pg_bblock *c = row->children; c; c = c->next, j++) {
        pg_box *r = add_box(f, ch, PG_BOX_RECT, n[j] ? PG_PART_DECORATION : PG_PART_CONTENT,
                            "table-cell", c);
        /* On the column's edges: a cell's border and its neighbour's are one line. */
        r->x = x;
        r->y = 0;
        r->w = w[j];
        r->h = height;
        r->stroke = st->border.set ? st->border : st->color;
        r->stroke_width = bw;
        if (c->subkind == PG_CELL_HEAD)
            r->fill = st->fill;
        for (int i = 0; i < n[j]; i++) {
            pg_box *b = add_box(f, ch, PG_BOX_LINE, PG_PART_CONTENT,
                                c->subkind == PG_CELL_HEAD ? "th" : "td", c);
            b->line = &lines[j][i];
            b->pos = lines[j][i].pos;
            b->x = x + pad;
            b->y = pad + i * lh + baseline_in(st, &lines[j][i]);
            b->w = lines[j][i].width;
            b->h = lh;
        }
        x += w[j];
    }
done:
    return rc;
}

/* A table: like a callout, whole when it fits on a page, unless that would leave the
 * page short; then it goes on between rows, its header row drawn again. The header row
 * keeps with the first row under it. */
static int add_table(flow *f, const pg_bblock *t)
{
    const pg_style *st = &f->L->styles[PG_ST_TABLE];
    double pad = st->padding > 0 ? st->padding : st->size * 0.3;
    double bw = st->border_width > 0 ? st->border_width : 1;
    int cols = 0, rc = 0;
    for (const pg_bblock *c = t->children->children; c; c = c->next)
        cols++;
    double *w = PG_ARENA_ARRAY(f->a, double, cols);
    PG_CHECK(column_widths(w, cols, f, t, pad));
    pg_arena_grow(f->a, (void **)&f->conts, &f->cap_conts, (size_t)f->n_conts + 1,
                  sizeof *f->conts);
    space_before(f, st->space_before);
    f->conts[f->n_conts] = (container){st, "table", t, f->n, 0, f->n, NULL, 0, 0, 0};
    f->cur_container = f->n_conts++;
    for (const pg_bblock *row = t->children; row; row = row->next) {
        PG_CHECK(add_row(f, row, w, pad, bw));
        f->chunks[f->n - 1].keep = row == t->children ? KEEP_HARD
                                   : row->next        ? KEEP_SOFT
                                                      : BREAK_OK;
    }
    f->pending = st->space_after;
done:
    f->cur_container = -1;
    return rc;
}

/* Ruled lines to write on, one chunk each, kept together (split only when they do not
 * fit on a page). The lines are drawn, not read: the section's heading names them. */
static void add_notes(flow *f, const pg_bblock *b)
{
    const pg_style *st = &f->L->styles[PG_ST_NOTES];
    double pitch = st->item_space > 0 ? st->item_space : line_height(st) * 1.6;
    space_before(f, st->space_before);
    for (int i = 0; i < b->subkind; i++) {
        chunk *c = new_chunk(f, pitch);
        c->keep = i + 1 < b->subkind;
        pg_box *r = add_box(f, c, PG_BOX_RULE, PG_PART_DECORATION, "notes-line", b);
        r->x = f->x0;
        r->w = f->width;
        r->y = pitch * 0.85;
        r->stroke = st->border.set ? st->border : st->color;
        r->stroke_width = st->border_width > 0 ? st->border_width : 0.75;
    }
    f->pending = st->space_after;
}

/* The layout's closing lines after the last block, kept together and with the last
 * line before them: never alone on a page. */
static int add_colophon(flow *f)
{
    const pg_bblock *col = f->b->colophon;
    const pg_style *st = &f->L->styles[PG_ST_COLOPHON];
    int rc = 0;
    if (col && f->n > 0)
        f->chunks[f->n - 1].keep = KEEP_HARD;
    space_before(f, st->space_before);
    for (const pg_bblock *p = col ? col->children : NULL; p; p = p->next) {
        int first;
        PG_CHECK(add_text(f, p, PG_ST_COLOPHON, NULL, f->x0, f->width, "colophon",
                          KEEP_LINES_TOGETHER | (p->next ? KEEP_WITH_NEXT : 0), &first, NULL));
        if (p->next)
            space_before(f, st->item_space);
    }
done:
    return rc;
}

static int add_block(flow *f, const pg_bblock *b)
{
    int rc = 0;
    double x, w;
    switch (b->kind) {
    case PG_BLK_TITLE:
        return add_para(f, b, PG_ST_TITLE, "title", KEEP_LINES_TOGETHER | KEEP_WITH_NEXT);
    case PG_BLK_H:
        if (f->cur_container >= 0 && f->conts[f->cur_container].style->heading_fill.set)
            return add_banded_heading(f, b);
        return add_para(f, b, PG_ST_H, "h", KEEP_LINES_TOGETHER | KEEP_WITH_NEXT);
    case PG_BLK_P:
        return add_para(f, b, PG_ST_P, "p", 0);
    case PG_BLK_LIST:
        return add_items(f, b, PG_ST_LIST);
    case PG_BLK_STEPS:
        return add_items(f, b, PG_ST_STEPS);
    case PG_BLK_CHECKLIST:
        return add_items(f, b, PG_ST_CHECKLIST);
    case PG_BLK_CALLOUT: {
        const pg_style *st =
            &f->L->styles[b->subkind == PG_CALLOUT_URGENT    ? PG_ST_CALLOUT_URGENT
                          : b->subkind == PG_CALLOUT_WARNING ? PG_ST_CALLOUT_WARNING
                                                             : PG_ST_CALLOUT_INFO];
        int start = f->n;
        rc = open_container(f, st, "callout", b, &x, &w);
        if (!rc)
            rc = add_blocks(f, b->children);
        close_container(f, start, st, x, w);
        return rc;
    }
    case PG_BLK_IMG:
        return add_image(f, b);
    case PG_BLK_TABLE:
        return add_table(f, b);
    case PG_BLK_NOTES:
        add_notes(f, b);
        return 0;
    case PG_BLK_SECTION:
        return add_blocks(f, b->children);
    case PG_BLK_ITEM:
    case PG_BLK_STEP:
    case PG_BLK_ROW:
    case PG_BLK_CELL:
    case PG_BLK_BANNER_ROW:
        break; /* laid out by their parent */
    case PG_BLK_BANNER:
    case PG_BLK_NOTICE:
    case PG_BLK_COLOPHON:
        assert(!"the banner and the notice are laid out on their own");
        break;
    }
    return 0;
}

static int add_blocks(flow *f, const pg_bblock *b)
{
    int rc = 0;
    for (; b; b = b->next)
        PG_CHECK(add_block(f, b));
done:
    return rc;
}

static int add_banner(flow *f)
{
    const pg_bblock *banner = f->b->banner;
    if (!banner || !banner->children)
        return 0;
    const pg_style *st = &f->L->styles[PG_ST_BANNER];
    double x, w;
    int start = f->n, rc = 0;
    open_container(f, st, "banner", banner, &x, &w);
    for (const pg_bblock *row = banner->children; row; row = row->next) {
        int first;
        PG_CHECK(add_text(f, row, PG_ST_BANNER, NULL, f->x0, f->width, "banner",
                          KEEP_LINES_TOGETHER, &first, NULL));
    }
    close_container(f, start, st, x, w);
done:
    return rc;
}

/* ---- pagination -------------------------------------------------------------------- */

static double pad_of(const flow *f, int cont)
{
    const pg_style *st = f->conts[cont].style;
    if (!f->conts[cont].framed)
        return 0;
    return st->padding + st->border_width;
}

/* A callout that goes on from the page before repeats its heading, "(continued)", as
 * decoration: a reader of the tags has read it once. Returns the y below it. */
static double place_continued(flow *f, const container *ct, double y, pg_page *page)
{
    const pg_style *st = &f->L->styles[PG_ST_H];
    if (page && ct->n_continued && ct->style->heading_fill.set) {
        pg_box *r = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
        r->kind = PG_BOX_RECT;
        r->part = PG_PART_DECORATION;
        r->role = "callout-band";
        r->from = ct->from;
        r->pos = ct->from->pos;
        r->x = f->L->margin_left + ct->style->border_width;
        r->w = f->L->page_w - f->L->margin_left - f->L->margin_right - 2 * ct->style->border_width;
        r->y = y - ct->style->padding;
        r->h = ct->style->padding + ct->n_continued * line_height(st) + st->size * 0.3;
        r->fill = ct->style->heading_fill;
    }
    for (int k = 0; k < ct->n_continued && page; k++) {
        pg_box *bx = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
        bx->kind = PG_BOX_LINE;
        bx->part = PG_PART_DECORATION;
        bx->role = "continued";
        bx->from = ct->from;
        bx->line = &ct->continued[k];
        bx->pos = ct->continued[k].pos;
        bx->x = ct->continued_x;
        bx->y = y + k * line_height(st) + baseline_in(st, &ct->continued[k]);
        bx->w = ct->continued[k].width;
        bx->h = line_height(st);
    }
    return y + ct->continued_h;
}

/* A table that goes on from the page before repeats its header row, as decoration: a
 * reader of the tags has read it once. Returns the y below it. */
static double place_repeat(flow *f, const container *ct, double y, pg_page *page)
{
    const chunk *h = &f->chunks[ct->repeat];
    for (int k = 0; k < h->n_boxes && page; k++) {
        pg_box *bx = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
        *bx = h->boxes[k];
        bx->part = PG_PART_DECORATION;
        bx->role = bx->kind == PG_BOX_LINE ? "table-header-repeat" : "table-cell";
        bx->y += y;
    }
    return y + h->height;
}

/* Places chunks [from, to) on a page starting at y; returns the y below the last one.
 * With page non-NULL the boxes are added to it (container frames first). */
static double place(flow *f, int from, int to, double y, pg_page *page)
{
    int open = -1;
    int frame = -1;
    double top = 0;
    for (int i = from; i < to; i++) {
        const chunk *c = &f->chunks[i];
        if (open >= 0 && c->container != open) {
            y += pad_of(f, open);
            if (page && frame >= 0)
                page->boxes[frame].h = y - top - f->conts[open].style->border_width;
            open = -1;
        }
        if (i > from)
            y += c->gap;
        if (c->container >= 0 && c->container != open) {
            open = c->container;
            top = y;
            y += pad_of(f, open);
            frame = -1;
            if (page && f->conts[open].framed) {
                const container *ct = &f->conts[open];
                const pg_style *st = ct->style;
                frame = page->n_boxes;
                pg_box *bx = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
                bx->kind = PG_BOX_RECT;
                bx->part = PG_PART_DECORATION;
                bx->role = ct->role;
                bx->from = ct->from;
                bx->pos = ct->from->pos;
                bx->x = f->L->margin_left + st->border_width / 2;
                bx->y = top + st->border_width / 2;
                bx->w = f->L->page_w - f->L->margin_left - f->L->margin_right - st->border_width;
                bx->fill = st->fill;
                bx->stroke = st->border;
                bx->stroke_width = st->border_width;
            }
            /* Inside the frame, drawn after it: a fill would cover it. */
            if (i == from && i > f->conts[open].first)
                y = f->conts[open].repeat >= 0 ? place_repeat(f, &f->conts[open], y, page)
                                               : place_continued(f, &f->conts[open], y, page);
        }
        if (page) {
            for (int k = 0; k < c->n_boxes; k++) {
                pg_box *bx = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
                *bx = c->boxes[k];
                bx->y += y;
            }
        }
        y += c->height;
    }
    if (open >= 0) {
        y += pad_of(f, open);
        if (page && frame >= 0) {
            const pg_style *st = f->conts[open].style;
            page->boxes[frame].h = y - top - st->border_width;
        }
    }
    return y;
}

static void paginate(pg_pages *pp, flow *f)
{
    double top = f->top, bottom = f->L->page_h - f->L->margin_bottom;
    int *starts = PG_ARENA_ARRAY(f->a, int, f->n + 2);
    f->split = PG_ARENA_ARRAY(f->a, char, f->n + 2);
    int n_pages = 0;
    int start = 0;
    while (start < f->n) {
        int i = start + 1;
        while (i < f->n && place(f, start, i + 1, top, NULL) <= bottom + 1e-6)
            i++;
        int forced = 0;
        if (i < f->n) {
            /* Chunk i does not fit: break after the last chunk that allows it, or after
             * the last soft keep when that leaves the page fuller than MIN_FILL would. */
            int k = i - 1, soft = -1;
            while (k >= start && f->chunks[k].keep != BREAK_OK) {
                if (soft < 0 && f->chunks[k].keep == KEEP_SOFT)
                    soft = k;
                k--;
            }
            if (soft >= 0 &&
                (k < start || place(f, start, k + 1, top, NULL) - top < MIN_FILL * (bottom - top)))
                k = soft;
            if (k >= start)
                i = k + 1;
            else
                forced = 1; /* none does: what should stay whole is split here */
        }
        starts[n_pages++] = start;
        f->split[n_pages] = (char)forced;
        start = i;
    }
    starts[n_pages] = f->n;
    if (n_pages == 0)
        n_pages = 1, starts[1] = 0;
    pp->n_pages = n_pages;
    pp->pages = PG_ARENA_ARRAY(f->a, pg_page, n_pages);
    for (int p = 0; p < n_pages; p++)
        place(f, starts[p], starts[p + 1], top, &pp->pages[p]);
}

/* ---- header and footer ------------------------------------------------------------- */

/* How near the paper's edge running headers and footers may come: many printers leave
 * the outer quarter inch blank, some more. 0.5 in, and a point to spare for rounding. */
#define FURNITURE_EDGE 37.0 /* pt */

static int decorate(pg_pages *pp, flow *f, const pg_template *t, pg_style_id sid, int footer)
{
    const pg_layout *L = f->L;
    const pg_style *st = &L->styles[sid];
    double x0 = L->margin_left, x1 = L->page_w - L->margin_right;
    int rc = 0;
    for (int p = 0; p < pp->n_pages; p++) {
        pg_page *page = &pp->pages[p];
        const pg_line *slot_line[3] = {0};
        double slot_x[3] = {0};
        double top = 0, bottom = 0; /* the parts' ink above and below the baseline */
        double right = -INFINITY;   /* where the text of the parts so far ends */
        for (int s = 0; s < 3; s++) {
            if (!t->slot[s])
                continue;
            pg_span *spans;
            int n;
            PG_CHECK(f->running->bind(&spans, &n, f->running->ctx, t->slot[s], p + 1, pp->n_pages,
                                      f->a, f->err));
            pg_line *lines;
            int nl;
            double w = s == PG_SLOT_CENTER ? (x1 - x0) / 2 : (x1 - x0);
            PG_CHECK(
                pg_text_lines(&lines, &nl, f->sh, spans, n, &f->b->styles[sid], w, f->a, f->err));
            if (!nl)
                continue;
            double x = s == PG_SLOT_START ? x0
                       : s == PG_SLOT_END ? x1 - lines[0].width
                                          : (x0 + x1 - lines[0].width) / 2;
            /* A running line is one line, its parts side by side: text that would wrap
             * or run into the part beside it would be lost or unreadable. */
            if (nl > 1 || x < right + st->size * 0.5) {
                rc = pg_error_set(f->err, PG_EINPUT, lines[0].pos.file, lines[0].pos.line,
                                  lines[0].pos.col,
                                  "the %s of page %d does not fit on one line at %gpt: its "
                                  "parts need more than the %.0fpt between the margins; "
                                  "shorten the text (a title, a clinic name) or make the %s "
                                  "smaller in the layout",
                                  footer ? "footer" : "header", p + 1, st->size, x1 - x0,
                                  footer ? "footer" : "header");
                goto done;
            }
            right = x + lines[0].width;
            slot_line[s] = &lines[0];
            slot_x[s] = x;
            top = fmax(top, lines[0].ink_top);
            bottom = fmax(bottom, lines[0].ink_bottom);
        }
        const pg_line *first = slot_line[0]   ? slot_line[0]
                               : slot_line[1] ? slot_line[1]
                                              : slot_line[2];
        if (!first)
            continue;
        /* One baseline for the parts, centred in the margin, but the ink never nearer the
         * paper's edge than printers print, and clear of the text, the rule included. */
        double rule_gap = st->size * 0.4;
        double base = footer ? fmin(L->page_h - L->margin_bottom / 2 + (top - bottom) / 2,
                                    L->page_h - FURNITURE_EDGE - bottom)
                             : fmax(L->margin_top / 2 + (top - bottom) / 2, FURNITURE_EDGE + top);
        double reach = footer ? L->page_h - (base - top - (t->rule ? rule_gap : 0))
                              : base + bottom + (t->rule ? rule_gap : 0);
        double need = reach + st->size * 0.25, margin = footer ? L->margin_bottom : L->margin_top;
        if (need > margin + 0.01) {
            rc =
                pg_error_set(f->err, PG_EINPUT, first->pos.file, first->pos.line, first->pos.col,
                             "the %s at %gpt, kept %.1fin from the paper's edge where printers "
                             "print, needs a %s margin of at least %.2fin; the layout gives "
                             "%.2fin: make the margin larger or the %s smaller",
                             footer ? "footer" : "header", st->size, 0.5, footer ? "bottom" : "top",
                             need / 72, margin / 72, footer ? "footer" : "header");
            goto done;
        }
        for (int s = 0; s < 3; s++) {
            if (!slot_line[s])
                continue;
            pg_box *b = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
            b->kind = PG_BOX_LINE;
            b->part = PG_PART_FURNITURE;
            b->role = footer ? "footer" : "header";
            b->line = slot_line[s];
            b->pos = slot_line[s]->pos;
            b->w = slot_line[s]->width;
            b->x = slot_x[s];
            b->y = base;
        }
        if (t->rule) {
            pg_box *r = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
            r->kind = PG_BOX_RULE;
            r->part = PG_PART_FURNITURE;
            r->role = footer ? "footer-rule" : "header-rule";
            r->pos = first->pos;
            r->x = x0;
            r->w = x1 - x0;
            r->y = footer ? base - top - rule_gap : base + bottom + rule_gap;
            r->stroke = st->color;
            r->stroke_width = 0.75;
        }
    }
done:
    return rc;
}

/* The draft notice of a translation no one has reviewed yet: a frame in the banner's
 * style across the top of every page's text area, its lines in bold. It is page
 * furniture, and the text starts below it, so it never covers a word. */
typedef struct notice {
    pg_line *lines;
    int n;
    double height; /* frame included */
} notice;

static int shape_notice(notice *nt, flow *f)
{
    int rc = 0;
    const pg_bblock *b = f->b->notice;
    const pg_style *st = &f->L->styles[PG_ST_BANNER];
    double pad = st->padding + st->border_width;
    PG_CHECK(pg_text_lines(&nt->lines, &nt->n, f->sh, b->spans, b->n_spans,
                           &f->b->styles[PG_ST_BANNER], f->width - 2 * pad, f->a, f->err));
    nt->height = nt->n * line_height(st) + 2 * pad;
    double body_h = f->L->page_h - f->L->margin_top - f->L->margin_bottom;
    if (nt->height > body_h / 2)
        rc = pg_error_set(f->err, PG_EINPUT, f->L->path, st->pos.line, st->pos.col,
                          "the draft-translation notice, in the banner's style, takes %.0fpt "
                          "of the %.0fpt text area; make the banner text smaller",
                          nt->height, body_h);
done:
    return rc;
}

static void place_notice(pg_page *page, flow *f, const notice *nt)
{
    const pg_layout *L = f->L;
    const pg_style *st = &L->styles[PG_ST_BANNER];
    const pg_bblock *b = f->b->notice;
    pg_box *frame = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
    frame->kind = PG_BOX_RECT;
    frame->part = PG_PART_FURNITURE;
    frame->role = "draft-notice";
    frame->from = b;
    frame->pos = b->pos;
    frame->x = L->margin_left + st->border_width / 2;
    frame->y = L->margin_top + st->border_width / 2;
    frame->w = L->page_w - L->margin_left - L->margin_right - st->border_width;
    frame->h = nt->height - st->border_width;
    frame->fill = st->fill;
    frame->stroke = st->border;
    frame->stroke_width = st->border_width;
    double pad = st->padding + st->border_width;
    for (int i = 0; i < nt->n; i++) {
        pg_box *line = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
        line->kind = PG_BOX_LINE;
        line->part = PG_PART_FURNITURE;
        line->role = "draft-notice";
        line->from = b;
        line->line = &nt->lines[i];
        line->pos = nt->lines[i].pos;
        line->x = L->margin_left + pad;
        line->y = L->margin_top + pad + i * line_height(st) + baseline_in(st, &nt->lines[i]);
        line->w = nt->lines[i].width;
        line->h = line_height(st);
    }
}

/* A frame around the text line b, dx and dy pt clear of its ink, drawn after it on page. */
static void frame_line(flow *f, pg_page *page, const pg_box *b, const char *role, pg_color color,
                       double dx, double dy, double width)
{
    pg_box *m = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
    m->kind = PG_BOX_RECT;
    m->part = PG_PART_DECORATION;
    m->role = role;
    m->from = b->from;
    m->pos = b->pos;
    m->x = b->x - dx;
    m->y = b->y - b->line->ascent - dy;
    m->w = b->w + 2 * dx;
    m->h = b->line->ascent + b->line->descent + 2 * dy;
    m->stroke = color;
    m->stroke_width = width;
}

/* A preview for translators marks what they must see, without moving a word: every line
 * of a block still in the source language framed in orange, the text area of every page
 * past the layout's max-pages framed in red, and the first line of a page that continues
 * a block that should stay whole (a callout, a step, a heading) but no longer fits on a
 * page framed in purple. */
static void mark_preview(pg_pages *pp, flow *f)
{
    static const pg_color orange = {1.0, 0.55, 0.0, 1}, red = {0.85, 0.0, 0.0, 1},
                          purple = {0.5, 0.0, 0.7, 1};
    const pg_layout *L = f->L;
    for (int p = 0; p < pp->n_pages; p++) {
        pg_page *page = &pp->pages[p];
        int n = page->n_boxes;
        for (int i = 0; i < n && f->split[p]; i++) {
            const pg_box b = page->boxes[i];
            if (b.part != PG_PART_CONTENT || b.kind != PG_BOX_LINE || !b.from)
                continue;
            frame_line(f, page, &b, "preview-split", purple, 3, 2, 2);
            break;
        }
        for (int i = 0; i < n; i++) {
            const pg_box b = page->boxes[i];
            if (b.part != PG_PART_CONTENT || b.kind != PG_BOX_LINE || !b.from ||
                !b.from->untranslated)
                continue;
            frame_line(f, page, &b, "preview-untranslated", orange, 2, 1, 1.5);
        }
        if (L->max_pages > 0 && p >= L->max_pages) {
            pg_box *m = push_box(f, &page->boxes, &page->n_boxes, &page->cap);
            m->kind = PG_BOX_RECT;
            m->part = PG_PART_DECORATION;
            m->role = "preview-past-max-pages";
            m->pos = L->pos;
            m->x = L->margin_left - 4;
            m->y = L->margin_top - 4;
            m->w = L->page_w - L->margin_left - L->margin_right + 8;
            m->h = L->page_h - L->margin_top - L->margin_bottom + 8;
            m->stroke = red;
            m->stroke_width = 3;
        }
    }
}

static void mirror(pg_pages *pp)
{
    for (int p = 0; p < pp->n_pages; p++)
        for (int i = 0; i < pp->pages[p].n_boxes; i++) {
            pg_box *b = &pp->pages[p].boxes[i];
            b->x = pp->width - b->x - b->w;
        }
}

int pg_layout_run(pg_pages **out, const pg_binding *b, pg_shaper *sh, const pg_running *running,
                  pg_arena *a, pg_error *err)
{
    int rc = 0;
    const pg_layout *L = b->layout;
    flow f = {.b = b,
              .L = L,
              .sh = sh,
              .running = running,
              .a = a,
              .err = err,
              .cur_container = -1,
              .x0 = L->margin_left,
              .width = L->page_w - L->margin_left - L->margin_right,
              .top = L->margin_top};
    notice nt = {0};
    if (b->notice) {
        PG_CHECK(shape_notice(&nt, &f));
        f.top += nt.height + L->styles[PG_ST_BANNER].space_after;
    }
    PG_CHECK(add_banner(&f));
    PG_CHECK(add_blocks(&f, b->blocks));
    PG_CHECK(add_colophon(&f));
    pg_pages *pp = PG_ARENA_NEW(a, pg_pages);
    pp->width = L->page_w;
    pp->height = L->page_h;
    pp->rtl = b->rtl;
    pp->lang = b->lang;
    paginate(pp, &f);
    if (pp->n_pages > PG_LAYOUT_MAX_PAGES) {
        rc = pg_error_set(err, PG_EINPUT, b->handout->path, b->handout->pos.line,
                          b->handout->pos.col,
                          "the handout would take %d pages; a handout may take at most %d: is "
                          "it the right file?",
                          pp->n_pages, PG_LAYOUT_MAX_PAGES);
        goto done;
    }
    if (b->notice)
        for (int p = 0; p < pp->n_pages; p++)
            place_notice(&pp->pages[p], &f, &nt);
    if (b->preview)
        mark_preview(pp, &f);
    PG_CHECK(decorate(pp, &f, &L->header, PG_ST_HEADER, 0));
    PG_CHECK(decorate(pp, &f, &L->footer, PG_ST_FOOTER, 1));
    if (pp->rtl)
        mirror(pp);
    *out = pp;
done:
    return rc;
}
