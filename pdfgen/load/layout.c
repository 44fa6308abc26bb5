/* load_layout.c — layout definitions (layouts/layout.rng) into pg_layout. Styles inherit
 * the font properties (family, size, weight, style, line height, colour) of "body";
 * spacing, borders and fills are each element's own. Lengths: pt, mm, in. */
#include "load/load.h"
#include "load/inline.h"

#include <stdlib.h>
#include <string.h>

const char *const pg_style_names[PG_ST__COUNT] = {
    "body",
    "title",
    "h",
    "p",
    "list",
    "steps",
    "checklist",
    "callout-urgent",
    "callout-warning",
    "callout-info",
    "img",
    "caption",
    "header",
    "footer",
    "banner",
    "table",
    "notes",
    "colophon",
};

/* Whether s is a length, [0-9]+(.[0-9]+)?(pt|mm|in), and a colour, #[0-9A-Fa-f]{6}: the
 * forms layout.rng describes and leaves to this file (see there). */
static int digits(const char **s)
{
    const char *start = *s;
    while (**s >= '0' && **s <= '9')
        (*s)++;
    return *s > start;
}

static int is_length(const char *s)
{
    if (!digits(&s) || (*s == '.' && (s++, !digits(&s))))
        return 0;
    return !strcmp(s, "pt") || !strcmp(s, "mm") || !strcmp(s, "in");
}

static int is_color(const char *s)
{
    if (*s++ != '#')
        return 0;
    for (int i = 0; i < 6; i++, s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
            return 0;
    return *s == '\0';
}

/* Every length and colour attribute of the page and the styles has its form. */
static int check_forms(const xmlNode *root, const char *path, pg_error *err)
{
    static const char *const lengths[] = {
        "margin-top",  "margin-bottom", "margin-left", "margin-right", "size",    "space-before",
        "space-after", "indent",        "item-space",  "box-size",     "padding", "border-width"};
    static const char *const colors[] = {"color", "fill", "border-color", "heading-fill",
                                         "heading-color"};
    for (const xmlNode *n = root->children; n; n = n->next) {
        int page = pg_xml_is(n, "page");
        if (!page && !pg_xml_is(n, "style"))
            continue;
        pg_pos pos = pg_xml_pos(path, n);
        for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
            const char *v = pg_xml_attr(n, lengths[i]);
            if (v && !(page && !strcmp(lengths[i], "size")) && !is_length(v))
                return pg_error_set(err, PG_EINPUT, path, pos.line, pos.col,
                                    "%s=\"%s\" is not a length: write a number and pt, mm or "
                                    "in, like 0.75in or 18pt",
                                    lengths[i], v);
        }
        for (size_t i = 0; i < sizeof colors / sizeof *colors; i++) {
            const char *v = pg_xml_attr(n, colors[i]);
            if (v && !is_color(v))
                return pg_error_set(err, PG_EINPUT, path, pos.line, pos.col,
                                    "%s=\"%s\" is not a colour: write # and six hexadecimal "
                                    "digits, like #1A1A1A",
                                    colors[i], v);
        }
    }
    return 0;
}

/* A length of the form is_length accepts, in points. */
static double length(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (!strcmp(end, "mm"))
        return v * 72.0 / 25.4;
    if (!strcmp(end, "in"))
        return v * 72.0;
    return v;
}

static pg_color color(const char *s)
{
    unsigned long v = strtoul(s + 1, NULL, 16);
    pg_color c = {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0, 1};
    return c;
}

static int page_size(pg_layout *L, const char *size)
{
    static const struct {
        const char *name;
        double w, h;
    } sizes[] = {
        {"letter", 612, 792},
        {"legal", 612, 1008},
        {"a4", 595.276, 841.890},
        {"a5", 419.528, 595.276},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (!strcmp(size, sizes[i].name)) {
            L->page_w = sizes[i].w;
            L->page_h = sizes[i].h;
            return 0;
        }
    char w[32], h[32];
    if (sscanf(size, "%31s %31s", w, h) != 2)
        return -1;
    L->page_w = length(w);
    L->page_h = length(h);
    return 0;
}

static void read_font_props(pg_style *st, const xmlNode *n, const char *path, pg_arena *a)
{
    const char *v;
    if ((v = pg_xml_attr(n, "family"))) {
        st->family = pg_arena_strdup(a, v);
        st->family_pos = pg_xml_pos(path, n);
    }
    if ((v = pg_xml_attr(n, "size")))
        st->size = length(v);
    if ((v = pg_xml_attr(n, "weight")))
        st->bold = !strcmp(v, "bold");
    if ((v = pg_xml_attr(n, "style")))
        st->italic = !strcmp(v, "italic");
    if ((v = pg_xml_attr(n, "line-height")))
        st->line_height = strtod(v, NULL);
    if ((v = pg_xml_attr(n, "color")))
        st->color = color(v);
}

static void read_box_props(pg_style *st, const xmlNode *n, pg_arena *a)
{
    const char *v;
    if ((v = pg_xml_attr(n, "space-before")))
        st->space_before = length(v);
    if ((v = pg_xml_attr(n, "space-after")))
        st->space_after = length(v);
    if ((v = pg_xml_attr(n, "indent")))
        st->indent = length(v);
    if ((v = pg_xml_attr(n, "item-space")))
        st->item_space = length(v);
    if ((v = pg_xml_attr(n, "marker")))
        st->marker = pg_arena_strdup(a, v);
    if ((v = pg_xml_attr(n, "box-size")))
        st->box_size = length(v);
    if ((v = pg_xml_attr(n, "fill")))
        st->fill = color(v);
    if ((v = pg_xml_attr(n, "border-color")))
        st->border = color(v);
    if ((v = pg_xml_attr(n, "border-width")))
        st->border_width = length(v);
    if ((v = pg_xml_attr(n, "padding")))
        st->padding = length(v);
    if ((v = pg_xml_attr(n, "heading-fill")))
        st->heading_fill = color(v);
    if ((v = pg_xml_attr(n, "heading-color")))
        st->heading_color = color(v);
    if ((v = pg_xml_attr(n, "max-height")))
        st->max_height = strtod(v, NULL);
}

/* Page sides: 1 in to 200 in, the largest a PDF page may be (ISO 32000-1, C.2). */
#define MIN_PAGE 72.0
#define MAX_PAGE 14400.0
/* The narrowest column text may be set in: one inch. */
#define MIN_COLUMN 72.0

static int no_room(pg_error *err, const pg_layout *L, pg_style_id id, const char *what, double left)
{
    const pg_pos *p = &L->styles[id].pos;
    return pg_error_set(err, PG_EINPUT, L->path, p->line, p->col,
                        "%s of %s leave %.0fpt for text; it needs at least %.0fpt (1in): make "
                        "them smaller",
                        what, pg_style_names[id], left, MIN_COLUMN);
}

/* Every number that decides where text goes must leave it room on the page, so no text
 * is ever set outside it: boxes inside the column, list text beside its label, spaces
 * and labels smaller than a page, header and footer inside their margins. */
static int check_room(const pg_layout *L, pg_error *err)
{
    const pg_style *S = L->styles;
    double body_w = L->page_w - L->margin_left - L->margin_right;
    double body_h = L->page_h - L->margin_top - L->margin_bottom;
    double widest_frame = 0; /* lists may sit inside callouts */
    static const pg_style_id framed[] = {PG_ST_CALLOUT_URGENT, PG_ST_CALLOUT_WARNING,
                                         PG_ST_CALLOUT_INFO, PG_ST_BANNER};
    for (size_t i = 0; i < sizeof framed / sizeof *framed; i++) {
        const pg_style *st = &S[framed[i]];
        double frame = st->padding + st->border_width;
        if (body_w - 2 * frame < MIN_COLUMN)
            return no_room(err, L, framed[i], "the padding and border", body_w - 2 * frame);
        if (framed[i] != PG_ST_BANNER && frame > widest_frame)
            widest_frame = frame;
    }
    static const pg_style_id listed[] = {PG_ST_LIST, PG_ST_STEPS, PG_ST_CHECKLIST};
    for (size_t i = 0; i < sizeof listed / sizeof *listed; i++) {
        const pg_style *st = &S[listed[i]];
        double indent = st->indent > 0 ? st->indent : st->size * 1.5;
        double left = body_w - 2 * widest_frame - indent;
        if (left < MIN_COLUMN)
            return no_room(err, L, listed[i], "the indent (inside a callout's padding)", left);
        if (st->box_size > indent + st->size)
            return pg_error_set(err, PG_EINPUT, L->path, st->pos.line, st->pos.col,
                                "a %s box of %gpt is wider than its indent of %gpt; make the "
                                "box smaller or the indent larger",
                                pg_style_names[listed[i]], st->box_size, indent);
    }
    for (int i = 0; i < PG_ST__COUNT; i++) {
        const pg_style *st = &S[i];
        double tallest = st->space_before > st->space_after ? st->space_before : st->space_after;
        if (tallest > body_h / 2)
            return pg_error_set(err, PG_EINPUT, L->path, st->pos.line, st->pos.col,
                                "a space of %gpt around %s is more than half the text area "
                                "(%gpt tall); make it smaller",
                                tallest, pg_style_names[i], body_h);
        if (st->size * st->line_height > body_h)
            return pg_error_set(err, PG_EINPUT, L->path, st->pos.line, st->pos.col,
                                "one line of %s is taller than the text area; make the text "
                                "or the line height smaller",
                                pg_style_names[i]);
    }
    if (S[PG_ST_IMG].max_height > 1)
        return pg_error_set(err, PG_EINPUT, L->path, S[PG_ST_IMG].pos.line, S[PG_ST_IMG].pos.col,
                            "max-height is a fraction of the text area's height, at most 1");
    /* Running lines are centred in their margin: it must hold them. */
    if (L->header.slot[0] || L->header.slot[1] || L->header.slot[2]) {
        const pg_style *st = &S[PG_ST_HEADER];
        if (st->size * st->line_height > L->margin_top)
            return pg_error_set(err, PG_EINPUT, L->path, L->pos.line, L->pos.col,
                                "margin-top of %gpt cannot hold the header's %gpt text; make "
                                "the margin larger or the header smaller",
                                L->margin_top, st->size);
    }
    if (L->footer.slot[0] || L->footer.slot[1] || L->footer.slot[2]) {
        const pg_style *st = &S[PG_ST_FOOTER];
        if (st->size * st->line_height > L->margin_bottom)
            return pg_error_set(err, PG_EINPUT, L->path, L->pos.line, L->pos.col,
                                "margin-bottom of %gpt cannot hold the footer's %gpt text; make "
                                "the margin larger or the footer smaller",
                                L->margin_bottom, st->size);
    }
    return 0;
}

static int style_id(const char *name)
{
    for (int i = 0; i < PG_ST__COUNT; i++)
        if (!strcmp(pg_style_names[i], name))
            return i;
    return -1;
}

static void load_template(pg_template *t, const xmlNode *n, const char *path, pg_arena *a)
{
    const char *rule = pg_xml_attr(n, "rule");
    t->rule = rule && (!strcmp(rule, "true") || !strcmp(rule, "1"));
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (pg_xml_is(c, "start"))
            t->slot[PG_SLOT_START] = pg_load_inlines(c, path, a);
        else if (pg_xml_is(c, "center"))
            t->slot[PG_SLOT_CENTER] = pg_load_inlines(c, path, a);
        else if (pg_xml_is(c, "end"))
            t->slot[PG_SLOT_END] = pg_load_inlines(c, path, a);
    }
}

int pg_load_layout(pg_layout **out, const char *path, pg_arena *a, pg_error *err)
{
    xmlDocPtr doc = NULL;
    int rc = 0;
    PG_CHECK(pg_xml_load(&doc, path, PG_SCHEMA_LAYOUT, err));
    const xmlNode *root = xmlDocGetRootElement(doc);
    PG_CHECK(check_forms(root, path, err));
    pg_layout *L = PG_ARENA_NEW(a, pg_layout);
    L->path = pg_arena_strdup(a, path);
    L->id = pg_arena_strdup(a, pg_xml_attr(root, "id"));

    pg_pos root_pos = pg_xml_pos(L->path, root);
    pg_style body = {
        .size = 12, .line_height = 1.3, .color = {0, 0, 0, 1}, .marker = "\u2022", .pos = root_pos};
    for (const xmlNode *n = root->children; n; n = n->next)
        if (pg_xml_is(n, "style") && !strcmp(pg_xml_attr(n, "element"), "body")) {
            const char *em = pg_xml_attr(n, "emphasis");
            L->emphasis_bold = em && !strcmp(em, "bold");
            read_font_props(&body, n, L->path, a);
            read_box_props(&body, n, a);
        }
    for (int i = 0; i < PG_ST__COUNT; i++) {
        pg_style *st = &L->styles[i];
        *st = (pg_style){.family = body.family,
                         .family_pos = body.family_pos,
                         .pos = root_pos,
                         .size = body.size,
                         .bold = body.bold,
                         .italic = body.italic,
                         .line_height = body.line_height,
                         .color = body.color,
                         .marker = body.marker};
    }
    L->styles[PG_ST_BODY] = body;

    pg_banner_row **brow = &L->banner;
    pg_default **dtail = &L->defaults;
    for (const xmlNode *n = root->children; n; n = n->next) {
        pg_pos pos = pg_xml_pos(L->path, n);
        if (pg_xml_is(n, "page")) {
            if (page_size(L, pg_xml_attr(n, "size"))) {
                rc = pg_error_set(err, PG_EINPUT, path, pos.line, pos.col, "bad page size");
                goto done;
            }
            if (!(L->page_w >= MIN_PAGE && L->page_w <= MAX_PAGE && L->page_h >= MIN_PAGE &&
                  L->page_h <= MAX_PAGE)) {
                rc = pg_error_set(err, PG_EINPUT, path, pos.line, pos.col,
                                  "a page of %.0fpt x %.0fpt cannot be printed; a side is 1in to "
                                  "200in (72pt to 14400pt)",
                                  L->page_w, L->page_h);
                goto done;
            }
            L->pos = pos;
            L->margin_top = length(pg_xml_attr(n, "margin-top"));
            L->margin_bottom = length(pg_xml_attr(n, "margin-bottom"));
            L->margin_left = length(pg_xml_attr(n, "margin-left"));
            L->margin_right = length(pg_xml_attr(n, "margin-right"));
            const char *v = pg_xml_attr(n, "duplex");
            L->duplex = v && (!strcmp(v, "true") || !strcmp(v, "1"));
            v = pg_xml_attr(n, "max-pages");
            L->max_pages = v ? atoi(v) : 0;
            if (L->page_w - L->margin_left - L->margin_right < 72 ||
                L->page_h - L->margin_top - L->margin_bottom < 144) {
                rc = pg_error_set(err, PG_EINPUT, path, pos.line, pos.col,
                                  "the margins leave less than 1in x 2in for the text; "
                                  "make the page larger or the margins smaller");
                goto done;
            }
        } else if (pg_xml_is(n, "style")) {
            int id = style_id(pg_xml_attr(n, "element"));
            if (id >= PG_ST_BODY)
                L->styles[id].pos = pos;
            if (id > PG_ST_BODY) {
                read_font_props(&L->styles[id], n, L->path, a);
                read_box_props(&L->styles[id], n, a);
            }
            const pg_style *st = &L->styles[id < 0 ? 0 : id];
            if (st->size < 4 || st->size > 144) {
                rc = pg_error_set(err, PG_EINPUT, path, pos.line, pos.col,
                                  "a text size of %gpt cannot be printed; use 4pt to 144pt",
                                  st->size);
                goto done;
            }
        } else if (pg_xml_is(n, "defaults")) {
            for (const xmlNode *v = n->children; v; v = v->next) {
                if (!pg_xml_is(v, "value"))
                    continue;
                pg_default *d = PG_ARENA_NEW(a, pg_default);
                d->name = pg_arena_strdup(a, pg_xml_attr(v, "name"));
                d->value = pg_load_text(v, a);
                *dtail = d;
                dtail = &d->next;
            }
        } else if (pg_xml_is(n, "header")) {
            load_template(&L->header, n, L->path, a);
        } else if (pg_xml_is(n, "footer")) {
            load_template(&L->footer, n, L->path, a);
        } else if (pg_xml_is(n, "colophon")) {
            for (const xmlNode *c = n->children; c; c = c->next) {
                if (!pg_xml_is(c, "line"))
                    continue;
                size_t cap = (size_t)L->n_colophon;
                pg_arena_grow(a, (void **)&L->colophon, &cap, (size_t)L->n_colophon + 1,
                              sizeof *L->colophon);
                L->colophon[L->n_colophon++] = pg_load_inlines(c, L->path, a);
            }
        } else if (pg_xml_is(n, "banner")) {
            for (const xmlNode *r = n->children; r; r = r->next) {
                if (!pg_xml_is(r, "row"))
                    continue;
                pg_banner_row *row = PG_ARENA_NEW(a, pg_banner_row);
                for (const xmlNode *c = r->children; c; c = c->next) {
                    if (pg_xml_is(c, "label"))
                        row->label = pg_load_inlines(c, L->path, a);
                    else if (pg_xml_is(c, "value"))
                        row->value = pg_load_inlines(c, L->path, a);
                }
                *brow = row;
                brow = &row->next;
            }
        }
    }
    for (int i = 0; i < PG_ST__COUNT; i++)
        if (L->styles[i].box_size <= 0)
            L->styles[i].box_size = L->styles[i].size * 0.85;
    PG_CHECK(check_room(L, err));
    *out = L;
done:
    xmlFreeDoc(doc);
    return rc;
}
