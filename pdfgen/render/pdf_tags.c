/* pdf_tags.c — the structure tree of a tagged PDF (ISO 32000-1 14.7 logical structure,
 * 14.8.4 standard structure types, 14.8.2.2 artifacts) from the boxes as they are drawn.
 *
 * Each bound block becomes one structure element, made when its first box is drawn and
 * appended to its parent's element, so the tree's order is the content's order whatever
 * the page or writing direction: the title H1, section headings H2, a heading inside a
 * callout H3; P; sections and callouts Sect; lists, steps and checklists L > LI > Lbl +
 * LBody with their numbering; an image and its caption Figure (with /Alt and /BBox) >
 * Caption; a table Table > TR > TH (scope Column) / TD, an empty cell's frame its content;
 * the patient banner and the closing lines a Div of one P per row. Each box is one marked-content
 * sequence with an MCID; an element on several pages holds marked-content references
 * with their own /Pg. Running header, footer, the draft mark and their rules are
 * pagination artifacts; frames, fills and preview marks layout artifacts. */
#include "render/pdf_tags.h"
#include "render/pdf_objects.h"
#include "core/bytes.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SUB_MAIN, SUB_LBL, SUB_LBODY, SUB_CAPTION };

typedef struct kid {
    int elem;       /* a child element, or -1 for marked content: */
    int page, mcid; /* its page record and MCID */
    int next;       /* the next kid of the same element, or -1 */
} kid;

typedef struct elem {
    const pg_bblock *from; /* NULL for the Document element */
    int sub;               /* SUB_*: a list item's label or body, a figure's caption */
    const char *type;
    int parent;
    int first_kid, last_kid;
    int page;       /* page record of its first marked content, or -1 */
    double bbox[4]; /* figures: the image, in PDF coordinates */
    HPDF_Dict dict;
} elem;

typedef struct page_rec {
    HPDF_Page page;
    int *owner; /* per MCID: the element it belongs to */
    int n, cap;
} page_rec;

struct pg_pdf_tags {
    HPDF_Doc pdf;
    const char *lang;
    elem *elems;
    int n_elems, cap_elems;
    kid *kids;
    int n_kids, cap_kids;
    page_rec *pages;
    int n_pages, cap_pages;
    double page_h;
    int *slots; /* open addressing: (block, sub) -> 1 + element index; 0 empty */
    size_t n_slots;
    pg_bytes raw; /* an element's entries being written */
};

static void *grow(void *p, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return p;
    int n = *cap ? *cap * 2 : 64;
    while (n < need)
        n *= 2;
    void *np = realloc(p, (size_t)n * size);
    if (!np)
        pg_oom();
    *cap = n;
    return np;
}

pg_pdf_tags *pg_pdf_tags_new(HPDF_Doc pdf, const char *lang)
{
    pg_pdf_tags *t = calloc(1, sizeof *t);
    if (!t)
        pg_oom();
    t->pdf = pdf;
    t->lang = lang ? lang : "";
    t->n_slots = 256;
    t->slots = calloc(t->n_slots, sizeof *t->slots);
    if (!t->slots)
        pg_oom();
    t->elems = grow(NULL, &t->cap_elems, 1, sizeof *t->elems);
    t->elems[0] = (elem){NULL, SUB_MAIN, "Document", -1, -1, -1, -1, {0}, NULL};
    t->n_elems = 1;
    return t;
}

void pg_pdf_tags_free(pg_pdf_tags *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_pages; i++)
        free(t->pages[i].owner);
    free(t->pages);
    free(t->elems);
    free(t->kids);
    free(t->slots);
    pg_bytes_free(&t->raw);
    free(t);
}

/* ---- elements ---------------------------------------------------------------------- */

static size_t slot_of(const pg_pdf_tags *t, const pg_bblock *b, int sub)
{
    uint64_t h = ((uint64_t)(uintptr_t)b >> 3) * 4 + (uint64_t)sub;
    h *= 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 32) & (t->n_slots - 1);
    while (t->slots[i]) {
        const elem *e = &t->elems[t->slots[i] - 1];
        if (e->from == b && e->sub == sub)
            break;
        i = (i + 1) & (t->n_slots - 1);
    }
    return i;
}

static void rehash(pg_pdf_tags *t)
{
    free(t->slots);
    t->n_slots *= 2;
    t->slots = calloc(t->n_slots, sizeof *t->slots);
    if (!t->slots)
        pg_oom();
    for (int i = 1; i < t->n_elems; i++)
        t->slots[slot_of(t, t->elems[i].from, t->elems[i].sub)] = i + 1;
}

static void add_kid(pg_pdf_tags *t, int parent, kid k)
{
    t->kids = grow(t->kids, &t->cap_kids, t->n_kids + 1, sizeof *t->kids);
    k.next = -1;
    t->kids[t->n_kids] = k;
    elem *p = &t->elems[parent];
    if (p->last_kid >= 0)
        t->kids[p->last_kid].next = t->n_kids;
    else
        p->first_kid = t->n_kids;
    p->last_kid = t->n_kids++;
}

static const char *heading(int level)
{
    static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    return h[level < 1 ? 0 : level > 6 ? 5 : level - 1];
}

static const char *type_of(const pg_bblock *b, int sub)
{
    if (sub == SUB_LBL)
        return "Lbl";
    if (sub == SUB_LBODY)
        return "LBody";
    if (sub == SUB_CAPTION)
        return "Caption";
    switch (b->kind) {
    case PG_BLK_TITLE:
    case PG_BLK_H:
        return heading(b->level);
    case PG_BLK_SECTION:
    case PG_BLK_CALLOUT:
        return "Sect";
    case PG_BLK_LIST:
    case PG_BLK_STEPS:
    case PG_BLK_CHECKLIST:
        return "L";
    case PG_BLK_ITEM:
    case PG_BLK_STEP:
        return "LI";
    case PG_BLK_IMG:
        return "Figure";
    case PG_BLK_TABLE:
        return "Table";
    case PG_BLK_ROW:
        return "TR";
    case PG_BLK_CELL:
        return b->subkind == PG_CELL_HEAD ? "TH" : "TD";
    case PG_BLK_BANNER:
    case PG_BLK_COLOPHON:
    case PG_BLK_NOTES:
        return "Div";
    case PG_BLK_P:
    case PG_BLK_BANNER_ROW:
    case PG_BLK_NOTICE:
        return "P";
    }
    return "P";
}

static int ensure(pg_pdf_tags *t, const pg_bblock *b, int sub);

static int make(pg_pdf_tags *t, const pg_bblock *b, int sub, int parent)
{
    t->elems = grow(t->elems, &t->cap_elems, t->n_elems + 1, sizeof *t->elems);
    int i = t->n_elems++;
    t->elems[i] = (elem){b, sub, type_of(b, sub), parent, -1, -1, -1, {0}, NULL};
    add_kid(t, parent, (kid){i, -1, -1, -1});
    if ((size_t)t->n_elems * 2 > t->n_slots)
        rehash(t);
    else
        t->slots[slot_of(t, b, sub)] = i + 1;
    return i;
}

/* The element of block b (sub SUB_MAIN) or of one of its parts, made with its ancestors
 * when first needed. */
static int ensure(pg_pdf_tags *t, const pg_bblock *b, int sub)
{
    int found = t->slots[slot_of(t, b, sub)];
    if (found)
        return found - 1;
    if (sub != SUB_MAIN) {
        ensure(t, b, SUB_MAIN); /* a list item makes its label and body with it */
        found = t->slots[slot_of(t, b, sub)];
        return found ? found - 1 : make(t, b, sub, ensure(t, b, SUB_MAIN));
    }
    int parent = b->parent ? ensure(t, b->parent, SUB_MAIN) : 0;
    int i = make(t, b, SUB_MAIN, parent);
    if (b->kind == PG_BLK_ITEM || b->kind == PG_BLK_STEP) {
        make(t, b, SUB_LBL, i); /* Lbl before LBody, whichever is drawn first */
        make(t, b, SUB_LBODY, i);
    }
    return i;
}

/* ---- marked content ---------------------------------------------------------------- */

static void put(pg_pdf_tags *t, const char *s)
{
    pg_haru_page_write(t->pages[t->n_pages - 1].page, s, strlen(s));
}

void pg_pdf_tags_page(pg_pdf_tags *t, HPDF_Page page, double height)
{
    t->pages = grow(t->pages, &t->cap_pages, t->n_pages + 1, sizeof *t->pages);
    t->pages[t->n_pages++] = (page_rec){page, NULL, 0, 0};
    t->page_h = height;
}

/* Where a content box belongs: (block, part), or -1 when it is read by no one. */
static int owner_of(pg_pdf_tags *t, const pg_box *b)
{
    if (!b->from || b->part == PG_PART_FURNITURE || b->part == PG_PART_DECORATION ||
        b->from->kind == PG_BLK_NOTICE)
        return -1;
    if (b->part == PG_PART_LABEL)
        return ensure(t, b->from, SUB_LBL);
    switch (b->from->kind) {
    case PG_BLK_ITEM:
    case PG_BLK_STEP:
        return ensure(t, b->from, SUB_LBODY);
    case PG_BLK_IMG:
        return ensure(t, b->from, b->kind == PG_BOX_IMAGE ? SUB_MAIN : SUB_CAPTION);
    default:
        return ensure(t, b->from, SUB_MAIN);
    }
}

void pg_pdf_tags_open(pg_pdf_tags *t, const pg_box *b)
{
    int owner = owner_of(t, b);
    if (owner < 0) {
        if (b->part == PG_PART_DECORATION)
            put(t, "/Artifact <</Type /Layout>> BDC\n");
        else if (b->role && !strncmp(b->role, "header", 6))
            put(t, "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n");
        else if (b->role && !strncmp(b->role, "footer", 6))
            put(t, "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n");
        else
            put(t, "/Artifact <</Type /Pagination>> BDC\n");
        return;
    }
    int pi = t->n_pages - 1;
    page_rec *pr = &t->pages[pi];
    pr->owner = grow(pr->owner, &pr->cap, pr->n + 1, sizeof *pr->owner);
    int mcid = pr->n;
    pr->owner[pr->n++] = owner;
    elem *e = &t->elems[owner];
    if (e->page < 0)
        e->page = pi;
    if (b->kind == PG_BOX_IMAGE) {
        double y = t->page_h - b->y - b->h;
        memcpy(e->bbox, (double[4]){b->x, y, b->x + b->w, y + b->h}, sizeof e->bbox);
    }
    add_kid(t, owner, (kid){-1, pi, mcid, -1});
    char buf[64];
    snprintf(buf, sizeof buf, "/%s <</MCID %d>> BDC\n", e->type, mcid);
    put(t, buf);
}

void pg_pdf_tags_close(pg_pdf_tags *t)
{
    put(t, "EMC\n");
}

/* ---- the tree ---------------------------------------------------------------------- */

static const char *lang_of(const pg_pdf_tags *t, int i)
{
    for (; i > 0; i = t->elems[i].parent)
        if (t->elems[i].from && t->elems[i].from->lang && *t->elems[i].from->lang)
            return t->elems[i].from->lang;
    return t->lang;
}

/* An element holds something to read: marked content, or an element that does. */
static int has_content(const pg_pdf_tags *t, int i)
{
    for (int k = t->elems[i].first_kid; k >= 0; k = t->kids[k].next)
        if (t->kids[k].elem < 0 || has_content(t, t->kids[k].elem))
            return 1;
    return 0;
}

static void list_attributes(HPDF_Doc pdf, HPDF_Dict d, const pg_bblock *b)
{
    const char *numbering = b->kind == PG_BLK_CHECKLIST    ? "None"
                            : b->kind == PG_BLK_STEPS      ? "Decimal"
                            : b->subkind == PG_LIST_NUMBER ? "Decimal"
                                                           : "Disc";
    HPDF_Dict a = pg_haru_dict(pdf);
    pg_haru_add_name(a, "O", "List");
    pg_haru_add_name(a, "ListNumbering", numbering);
    pg_haru_add(d, "A", a);
}

/* ---- writing: an element's common entries as bytes of its own (pg_haru_set_raw) ---- */

static void put_str(pg_bytes *b, const char *s)
{
    pg_bytes_add(b, s, strlen(s));
}

static void put_ref(pg_bytes *b, const void *obj)
{
    pg_bytes_add_uint(b, pg_haru_number(obj));
    put_str(b, " 0 R");
}

/* A literal string (7.3.4.2) of ASCII s: a language tag. */
static void put_ascii_string(pg_bytes *b, const char *s)
{
    pg_bytes_add(b, "(", 1);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c < 0x20 || *c > 0x7E || *c == '(' || *c == ')' || *c == '\\') {
            char esc[5] = {'\\', (char)('0' + (*c >> 6)), (char)('0' + ((*c >> 3) & 7)),
                           (char)('0' + (*c & 7)), 0};
            pg_bytes_add(b, esc, 4);
        } else {
            pg_bytes_add(b, c, 1);
        }
    }
    pg_bytes_add(b, ")", 1);
}

/* Entries a few elements have, as libharu objects: attributes, alternate and actual text. */
static void add_rare_entries(pg_pdf_tags *t, const elem *e, HPDF_Dict d)
{
    HPDF_Doc pdf = t->pdf;
    const pg_bblock *b = e->from;
    if (!b)
        return;
    if (e->sub == SUB_MAIN && !strcmp(e->type, "L"))
        list_attributes(pdf, d, b);
    if (e->sub == SUB_MAIN && !strcmp(e->type, "TH")) {
        HPDF_Dict a = pg_haru_dict(pdf);
        pg_haru_add_name(a, "O", "Table");
        pg_haru_add_name(a, "Scope", "Column");
        pg_haru_add(d, "A", a);
    }
    if (e->sub == SUB_MAIN && b->kind == PG_BLK_IMG) {
        pg_haru_add_text(pdf, d, "Alt", b->alt);
        HPDF_Dict a = pg_haru_dict(pdf);
        pg_haru_add_name(a, "O", "Layout");
        pg_haru_array box = pg_haru_array_new(pdf);
        for (int k = 0; k < 4; k++)
            pg_haru_array_add_real(box, e->bbox[k]);
        pg_haru_add(a, "BBox", box);
        pg_haru_add(d, "A", a);
    }
    /* A check box is drawn, not written: read as the ballot box it shows. */
    if (e->sub == SUB_LBL && b->parent && b->parent->kind == PG_BLK_CHECKLIST)
        pg_haru_add_text(pdf, d, "ActualText", "\xE2\x98\x90");
}

/* Element i's dictionary. Its type, parent, page, language and kids, which every element
 * has, are written as bytes (a handout has hundreds of elements, and libharu makes an
 * object of every key and value). */
static void fill_elem(pg_pdf_tags *t, int i, HPDF_Dict root)
{
    elem *e = &t->elems[i];
    pg_bytes *b = &t->raw;
    b->len = 0;
    /* No /Type: it is optional (ISO 32000-1 Table 323), and a handout has hundreds. */
    put_str(b, "/S /");
    put_str(b, e->type);
    put_str(b, "\n/P ");
    put_ref(b, e->parent < 0 ? root : t->elems[e->parent].dict);
    if (e->page >= 0) {
        put_str(b, "\n/Pg ");
        put_ref(b, t->pages[e->page].page);
    }
    const char *lang = lang_of(t, i), *outer = e->parent < 0 ? t->lang : lang_of(t, e->parent);
    if (strcmp(lang, outer) != 0) {
        put_str(b, "\n/Lang ");
        put_ascii_string(b, lang);
    }
    add_rare_entries(t, e, e->dict);
    put_str(b, "\n/K ");
    /* One marked-content sequence on the element's page is its /K as a number (14.7.2). */
    const kid *only =
        e->first_kid >= 0 && t->kids[e->first_kid].next < 0 ? &t->kids[e->first_kid] : NULL;
    if (only && only->elem < 0 && only->page == e->page) {
        pg_bytes_add_uint(b, (unsigned long)only->mcid);
    } else {
        put_str(b, "[");
        const char *sep = "";
        for (int k = e->first_kid; k >= 0; k = t->kids[k].next) {
            const kid *c = &t->kids[k];
            if (c->elem >= 0 && !t->elems[c->elem].dict)
                continue; /* left out: nothing to read */
            put_str(b, sep);
            sep = " ";
            if (c->elem >= 0) {
                put_ref(b, t->elems[c->elem].dict);
            } else if (c->page == e->page) {
                pg_bytes_add_uint(b, (unsigned long)c->mcid);
            } else {
                put_str(b, "<< /Type /MCR /Pg ");
                put_ref(b, t->pages[c->page].page);
                put_str(b, " /MCID ");
                pg_bytes_add_uint(b, (unsigned long)c->mcid);
                put_str(b, " >>");
            }
        }
        put_str(b, "]");
    }
    put_str(b, "\n");
    pg_haru_set_raw(e->dict, b->data, b->len);
}

int pg_pdf_tags_finish(pg_pdf_tags *t, pg_error *err)
{
    HPDF_Doc pdf = t->pdf;
    HPDF_Dict root = pg_haru_indirect_dict(pdf);
    if (!root)
        return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add the tags");
    /* Elements with nothing to read (a label never drawn) are left out. */
    for (int i = 0; i < t->n_elems; i++)
        if (i == 0 || has_content(t, i)) {
            t->elems[i].dict = pg_haru_indirect_dict(pdf);
            if (!t->elems[i].dict)
                return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0,
                                    "PDF library: cannot add the tags");
        }
    for (int i = 0; i < t->n_elems; i++)
        if (t->elems[i].dict)
            fill_elem(t, i, root);
    pg_haru_add_name(root, "Type", "StructTreeRoot");
    pg_haru_array top = pg_haru_array_new(pdf);
    pg_haru_array_add(top, t->elems[0].dict);
    pg_haru_add(root, "K", top);

    /* The parent tree (14.7.4.4): per page, the element of each MCID in order. */
    HPDF_Dict tree = pg_haru_indirect_dict(pdf);
    if (!tree)
        return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add the tags");
    pg_bytes *b = &t->raw;
    b->len = 0;
    put_str(b, "/Nums [");
    for (int p = 0; p < t->n_pages; p++) {
        const page_rec *pr = &t->pages[p];
        if (!pr->n)
            continue;
        pg_haru_add_int(pr->page, "StructParents", p);
        put_str(b, "\n");
        pg_bytes_add_uint(b, (unsigned long)p);
        put_str(b, " [");
        for (int m = 0; m < pr->n; m++) {
            if (m)
                put_str(b, " ");
            put_ref(b, t->elems[pr->owner[m]].dict);
        }
        put_str(b, "]");
    }
    put_str(b, "]\n");
    pg_haru_set_raw(tree, b->data, b->len);
    pg_haru_add(root, "ParentTree", tree);
    pg_haru_add_int(root, "ParentTreeNextKey", t->n_pages);

    HPDF_Dict catalog = pg_haru_catalog(pdf);
    pg_haru_add(catalog, "StructTreeRoot", root);
    HPDF_Dict mark = pg_haru_dict(pdf);
    pg_haru_add_bool(mark, "Marked", 1);
    pg_haru_add(catalog, "MarkInfo", mark);
    return 0;
}
