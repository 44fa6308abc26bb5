/* load_content.c — handout content and shared strings (content/content.rng) into the
 * model. The schema has already checked the structure; this copies what later stages
 * need and checks what a schema cannot: unique block ids, declared variables. */
#include "core/file.h"
#include "load/load.h"
#include "load/inline.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    pg_block_kind kind;
} block_names[] = {
    {"title", PG_BLK_TITLE},
    {"section", PG_BLK_SECTION},
    {"h", PG_BLK_H},
    {"p", PG_BLK_P},
    {"list", PG_BLK_LIST},
    {"item", PG_BLK_ITEM},
    {"steps", PG_BLK_STEPS},
    {"step", PG_BLK_STEP},
    {"checklist", PG_BLK_CHECKLIST},
    {"callout", PG_BLK_CALLOUT},
    {"img", PG_BLK_IMG},
    {"table", PG_BLK_TABLE},
    {"tr", PG_BLK_ROW},
    {"th", PG_BLK_CELL},
    {"td", PG_BLK_CELL},
    {"notes", PG_BLK_NOTES},
};

static int block_kind(const xmlNode *n, pg_block_kind *out)
{
    for (size_t i = 0; i < sizeof block_names / sizeof block_names[0]; i++)
        if (pg_xml_is(n, block_names[i].name)) {
            *out = block_names[i].kind;
            return 1;
        }
    return 0;
}

typedef struct loader {
    const char *path;
    pg_arena *a;
    pg_error *err;
    const char **ids;
    size_t n_ids, cap_ids;
} loader;

static int note_id(loader *L, const char *id, pg_pos pos)
{
    for (size_t i = 0; i < L->n_ids; i++)
        if (!strcmp(L->ids[i], id))
            return pg_error_set(L->err, PG_EINPUT, pos.file, pos.line, pos.col,
                                "block id \"%s\" is used twice; ids must be unique", id);
    pg_arena_grow(L->a, (void **)&L->ids, &L->cap_ids, L->n_ids + 1, sizeof *L->ids);
    L->ids[L->n_ids++] = id;
    return 0;
}

/* A table's rows have the header row's number of cells: a cell too many or too few
 * would shift every column after it. */
static int check_table(const pg_block *table, loader *L)
{
    int want = 0;
    for (const pg_block *c = table->children->children; c; c = c->next)
        want++;
    int row = 1;
    for (const pg_block *r = table->children; r; r = r->next, row++) {
        int n = 0;
        for (const pg_block *c = r->children; c; c = c->next)
            n++;
        if (n != want)
            return pg_error_set(L->err, PG_EINPUT, r->pos.file, r->pos.line, r->pos.col,
                                "row %d of table \"%s\" has %d cell%s, its header row %d: give "
                                "every row one <td> per column (an empty <td/> for a cell to "
                                "fill in by hand)",
                                row, table->id, n, n == 1 ? "" : "s", want);
    }
    return 0;
}

static int load_blocks(pg_block **out, const xmlNode *parent, const pg_block *owner, loader *L)
{
    int rc = 0;
    pg_block **tail = out;
    int index = 0;
    for (const xmlNode *n = parent->children; n; n = n->next) {
        pg_block_kind kind;
        if (!block_kind(n, &kind))
            continue;
        index++;
        pg_block *b = PG_ARENA_NEW(L->a, pg_block);
        b->kind = kind;
        b->pos = pg_xml_pos(L->path, n);
        const char *id = pg_xml_attr(n, "id");
        if (id) {
            b->id = pg_arena_strdup(L->a, id);
        } else {
            /* A row, or a cell to fill in by hand: named by its place in the table. */
            b->id =
                pg_arena_printf(L->a, "%s%s%d", owner->id, kind == PG_BLK_ROW ? "#r" : ".c", index);
            b->implicit_id = 1;
        }
        const char *hash = pg_xml_attr(n, "source-hash");
        b->source_hash = hash ? pg_arena_strdup(L->a, hash) : NULL;
        PG_CHECK(note_id(L, b->id, b->pos));
        const char *k = pg_xml_attr(n, "kind");
        switch (kind) {
        case PG_BLK_LIST:
            b->subkind = !strcmp(k, "number") ? PG_LIST_NUMBER : PG_LIST_BULLET;
            break;
        case PG_BLK_CALLOUT:
            b->subkind = !strcmp(k, "urgent")    ? PG_CALLOUT_URGENT
                         : !strcmp(k, "warning") ? PG_CALLOUT_WARNING
                                                 : PG_CALLOUT_INFO;
            break;
        case PG_BLK_IMG:
            b->src = pg_arena_strdup(L->a, pg_xml_attr(n, "src"));
            b->alt = pg_load_text((const xmlNode *)xmlHasProp(n, BAD_CAST "alt"), L->a);
            break;
        case PG_BLK_CELL:
            b->subkind = pg_xml_is(n, "th") ? PG_CELL_HEAD : PG_CELL_DATA;
            break;
        case PG_BLK_NOTES:
            b->subkind = atoi(pg_xml_attr(n, "lines"));
            break;
        default:
            break;
        }
        switch (kind) {
        case PG_BLK_TITLE:
        case PG_BLK_H:
        case PG_BLK_P:
        case PG_BLK_ITEM:
        case PG_BLK_STEP:
            b->inlines = pg_load_inlines(n, L->path, L->a);
            break;
        case PG_BLK_CELL:
            b->inlines = b->implicit_id ? NULL : pg_load_inlines(n, L->path, L->a);
            break;
        case PG_BLK_IMG:
        case PG_BLK_NOTES:
            break;
        default:
            PG_CHECK(load_blocks(&b->children, n, b, L));
        }
        if (kind == PG_BLK_TABLE)
            PG_CHECK(check_table(b, L));
        *tail = b;
        tail = &b->next;
    }
done:
    return rc;
}

static const char *parent_dir(const char *path, pg_arena *a)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return pg_arena_strndup(a, path, (size_t)(slash - path));
}

static void load_vars(pg_var_decl **out, const xmlNode *vars, const char *path, pg_arena *a)
{
    pg_var_decl **tail = out;
    for (const xmlNode *v = vars->children; v; v = v->next) {
        if (!pg_xml_is(v, "variable"))
            continue;
        pg_var_decl *d = PG_ARENA_NEW(a, pg_var_decl);
        d->name = pg_arena_strdup(a, pg_xml_attr(v, "name"));
        const char *t = pg_xml_attr(v, "type");
        d->type = !strcmp(t, "date") ? PG_VAR_DATE : !strcmp(t, "time") ? PG_VAR_TIME : PG_VAR_TEXT;
        const char *w = pg_xml_attr(v, "write-in");
        d->write_in = w && !strcmp(w, "true");
        d->pos = pg_xml_pos(path, v);
        *tail = d;
        tail = &d->next;
    }
}

/* <translation>: a reviewed one names its reviewer and the day of the review. */
static int load_translation(const pg_translation **out, const xmlNode *m, const char *path,
                            pg_arena *a, pg_error *err)
{
    pg_translation *t = PG_ARENA_NEW(a, pg_translation);
    t->pos = pg_xml_pos(path, m);
    t->by = pg_arena_strdup(a, pg_xml_attr(m, "by"));
    t->kind = pg_arena_strdup(a, pg_xml_attr(m, "kind"));
    t->date = pg_arena_strdup(a, pg_xml_attr(m, "date"));
    t->note = pg_load_text(m, a);
    t->status =
        !strcmp(pg_xml_attr(m, "status"), "reviewed") ? PG_REVIEW_REVIEWED : PG_REVIEW_DRAFT;
    const char *reviewer = pg_xml_attr(m, "reviewer"), *day = pg_xml_attr(m, "review-date");
    if (t->status == PG_REVIEW_REVIEWED && (!reviewer || !*reviewer || !day))
        return pg_error_set(err, PG_EINPUT, path, t->pos.line, t->pos.col,
                            "a reviewed translation names its reviewer and the day: add "
                            "reviewer=\"NAME, CREDENTIAL\" and review-date=\"YYYY-MM-DD\", or "
                            "keep status=\"draft\"");
    t->reviewer = reviewer ? pg_arena_strdup(a, reviewer) : NULL;
    t->review_date = day ? pg_arena_strdup(a, day) : NULL;
    *out = t;
    return 0;
}

void pg_block_hash(char out[17], const pg_block *b)
{
    /* FNV-1a, 64 bits, over what a translator translates: the block's inline runs (kind,
     * emphasis and text, NFC with whitespace collapsed), or an image's alternative text.
     * Layout and whitespace in the file do not change it. */
    uint64_t h = 14695981039346656037ull;
#define MIX(byte) (h = (h ^ (uint8_t)(byte)) * 1099511628211ull)
    for (const pg_inline *in = b->inlines; in; in = in->next) {
        MIX(in->kind);
        MIX(in->flags);
        for (const char *p = in->text ? in->text : ""; *p; p++)
            MIX(*p);
        MIX(0);
    }
    for (const char *p = b->alt ? b->alt : ""; *p; p++)
        MIX(*p);
#undef MIX
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int uses_vars(const pg_block *b)
{
    for (; b; b = b->next) {
        for (const pg_inline *in = b->inlines; in; in = in->next)
            if (in->kind == PG_IN_VAR)
                return 1;
        if (uses_vars(b->children))
            return 1;
    }
    return 0;
}

/* Every var a block uses must be declared (by the source), so that its type is known. */
static int check_vars_declared(const pg_block *b, const pg_handout *h, pg_error *err)
{
    int rc = 0;
    for (; b; b = b->next) {
        for (const pg_inline *in = b->inlines; in; in = in->next) {
            if (in->kind != PG_IN_VAR)
                continue;
            const pg_var_decl *d = h->vars;
            while (d && strcmp(d->name, in->text))
                d = d->next;
            if (!d)
                PG_CHECK(pg_error_set(err, PG_EINPUT, in->pos.file, in->pos.line, in->pos.col,
                                      "variable \"%s\" is not declared; add <variable "
                                      "name=\"%s\" type=\"text|date|time\"/> to <variables> "
                                      "in the source",
                                      in->text, in->text));
        }
        PG_CHECK(check_vars_declared(b->children, h, err));
    }
done:
    return rc;
}

int pg_load_handout(pg_handout **out, const char *path, pg_arena *a, pg_error *err)
{
    xmlDocPtr doc = NULL;
    int rc = 0;
    PG_CHECK(pg_xml_load(&doc, path, PG_SCHEMA_CONTENT, err));
    const xmlNode *root = xmlDocGetRootElement(doc);
    pg_handout *h = PG_ARENA_NEW(a, pg_handout);
    h->path = pg_arena_strdup(a, path);
    h->pos = pg_xml_pos(h->path, root);
    if (!pg_xml_is(root, "handout")) {
        rc = pg_error_set(err, PG_EINPUT, path, h->pos.line, h->pos.col,
                          "this is a shared-strings file, not a handout");
        goto done;
    }
    h->dir = parent_dir(h->path, a);
    h->root = parent_dir(h->dir, a);
    h->id = pg_arena_strdup(a, pg_xml_attr(root, "id"));
    h->lang = pg_arena_strdup(a, pg_xml_attr(root, "lang"));
    h->version = atoi(pg_xml_attr(root, "version"));
    const char *sv = pg_xml_attr(root, "source-version");
    h->source_version = sv ? atoi(sv) : 0;
    h->reviewed = pg_arena_strdup(a, pg_xml_attr(root, "reviewed"));

    loader L = {h->path, a, err, NULL, 0, 0};
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (pg_xml_is(n, "meta")) {
            for (const xmlNode *m = n->children; m; m = m->next) {
                if (pg_xml_is(m, "subject"))
                    h->subject = pg_load_text(m, a);
                else if (pg_xml_is(m, "translation"))
                    PG_CHECK(load_translation(&h->translation, m, h->path, a, err));
            }
        } else if (pg_xml_is(n, "variables")) {
            load_vars(&h->vars, n, h->path, a);
        }
    }
    PG_CHECK(load_blocks(&h->blocks, root, NULL, &L));
    if (!h->vars && strcmp(h->lang, "en") && uses_vars(h->blocks)) {
        /* Translations share the source's declarations so a type is stated once. */
        pg_handout *src = NULL;
        const char *src_path = pg_arena_printf(a, "%s/en.xml", h->dir);
        if (pg_file_same(src_path, path)) {
            /* en.xml is the source: it cannot take the declarations from itself. */
            rc = pg_error_set(err, PG_EINPUT, path, h->pos.line, h->pos.col,
                              "this is the source (en.xml) but says lang=\"%s\"; the source "
                              "is written in English and declares its variables in "
                              "<variables>",
                              h->lang);
            goto done;
        }
        PG_CHECK(pg_load_handout(&src, src_path, a, err));
        h->vars = src->vars;
        h->source_reviewed = src->reviewed;
    }
    PG_CHECK(check_vars_declared(h->blocks, h, err));
    *out = h;
done:
    xmlFreeDoc(doc);
    return rc;
}

int pg_load_strings(pg_strings **out, const char *path, pg_arena *a, pg_error *err)
{
    xmlDocPtr doc = NULL;
    int rc = 0;
    PG_CHECK(pg_xml_load(&doc, path, PG_SCHEMA_CONTENT, err));
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!pg_xml_is(root, "strings")) {
        pg_pos p = pg_xml_pos(path, root);
        rc = pg_error_set(err, PG_EINPUT, path, p.line, p.col,
                          "expected <strings>, the shared strings of one language");
        goto done;
    }
    pg_strings *s = PG_ARENA_NEW(a, pg_strings);
    s->path = pg_arena_strdup(a, path);
    s->lang = pg_arena_strdup(a, pg_xml_attr(root, "lang"));
    pg_string **tail = &s->list;
    for (const xmlNode *n = root->children; n; n = n->next) {
        if (!pg_xml_is(n, "string"))
            continue;
        pg_string *str = PG_ARENA_NEW(a, pg_string);
        str->id = pg_arena_strdup(a, pg_xml_attr(n, "id"));
        str->pos = pg_xml_pos(s->path, n);
        str->inlines = pg_load_inlines(n, s->path, a);
        *tail = str;
        tail = &str->next;
    }
    *out = s;
done:
    xmlFreeDoc(doc);
    return rc;
}

const pg_string *pg_strings_find(const pg_strings *s, const char *id)
{
    for (const pg_string *str = s ? s->list : NULL; str; str = str->next)
        if (!strcmp(str->id, id))
            return str;
    return NULL;
}
