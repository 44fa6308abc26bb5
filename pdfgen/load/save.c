/* save.c — a handout model written back as content XML (content/content.rng), the
 * inverse of pg_load_handout: blocks with their ids and source hashes, inline runs as
 * strong/em/var/br, translation metadata. Written atomically (core/atomic_file.h), so a
 * failed save leaves the old file as it was. */
#include "core/atomic_file.h"
#include "load/load.h"

#include <stdio.h>
#include <string.h>

/* XML character data or an attribute value: the five specials, and in attributes the
 * whitespace characters attribute normalization would otherwise turn into spaces. */
static void put_escaped(FILE *f, const char *s, int attr)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs(attr ? "&quot;" : "\"", f);
            break;
        case '\n':
        case '\t':
        case '\r':
            if (attr)
                fprintf(f, "&#%d;", *s);
            else
                fputc(*s, f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static void put_attr(FILE *f, const char *name, const char *value)
{
    if (!value)
        return;
    fprintf(f, " %s=\"", name);
    put_escaped(f, value, 1);
    fputc('"', f);
}

static const char *wrapper(unsigned flag, int closing)
{
    if (flag == PG_BOLD)
        return closing ? "</strong>" : "<strong>";
    return closing ? "</em>" : "<em>";
}

/* Runs to mixed content. Emphasis is a set of flags per run; the elements are opened
 * in one fixed order (strong outside em) and closed as soon as a run lacks them, which
 * loads back as the same flags. Two text runs in a row with the same flags (the loader
 * makes them around a comment) are kept apart by an empty comment, so they stay two. */
static void put_inlines(FILE *f, const pg_inline *in)
{
    unsigned open[2];
    int depth = 0, prev_text = 0;
    for (; in; in = in->next) {
        if (in->kind == PG_IN_TEXT && (!in->text || !*in->text))
            continue;
        unsigned want = in->flags & (PG_BOLD | PG_ITALIC);
        int keep = 0;
        while (keep < depth && (want & open[keep]))
            keep++;
        int changed = depth > keep;
        while (depth > keep)
            fputs(wrapper(open[--depth], 1), f);
        for (unsigned fl = PG_BOLD; fl <= PG_ITALIC; fl <<= 1) {
            int is_open = 0;
            for (int i = 0; i < depth; i++)
                is_open |= open[i] == fl;
            if ((want & fl) && !is_open) {
                fputs(wrapper(fl, 0), f);
                open[depth++] = fl;
                changed = 1;
            }
        }
        switch (in->kind) {
        case PG_IN_TEXT:
            if (prev_text && !changed)
                fputs("<!---->", f);
            put_escaped(f, in->text, 0);
            break;
        case PG_IN_VAR:
            fputs("<var", f);
            put_attr(f, "name", in->text);
            fputs("/>", f);
            break;
        case PG_IN_BR:
            fputs("<br/>", f);
            break;
        default:
            break; /* strings and titles belong to layouts, not to content */
        }
        prev_text = in->kind == PG_IN_TEXT;
    }
    while (depth > 0)
        fputs(wrapper(open[--depth], 1), f);
}

static const char *block_name(pg_block_kind k)
{
    switch (k) {
    case PG_BLK_TITLE:
        return "title";
    case PG_BLK_SECTION:
        return "section";
    case PG_BLK_H:
        return "h";
    case PG_BLK_P:
        return "p";
    case PG_BLK_LIST:
        return "list";
    case PG_BLK_ITEM:
        return "item";
    case PG_BLK_STEPS:
        return "steps";
    case PG_BLK_STEP:
        return "step";
    case PG_BLK_CHECKLIST:
        return "checklist";
    case PG_BLK_CALLOUT:
        return "callout";
    case PG_BLK_IMG:
        return "img";
    case PG_BLK_TABLE:
        return "table";
    case PG_BLK_ROW:
        return "tr";
    case PG_BLK_CELL:
        return NULL; /* th or td: put_blocks knows which */
    case PG_BLK_NOTES:
        return "notes";
    default:
        return NULL;
    }
}

static void put_blocks(FILE *f, const pg_block *b, int indent)
{
    static const char *const callout_kinds[] = {"urgent", "warning", "info"};
    for (; b; b = b->next) {
        const char *name = b->kind == PG_BLK_CELL ? (b->subkind == PG_CELL_HEAD ? "th" : "td")
                                                  : block_name(b->kind);
        if (!name)
            continue;
        fprintf(f, "%*s<%s", indent, "", name);
        if (!b->implicit_id)
            put_attr(f, "id", b->id);
        put_attr(f, "source-hash", b->source_hash);
        if (b->kind == PG_BLK_LIST)
            put_attr(f, "kind", b->subkind == PG_LIST_NUMBER ? "number" : "bullet");
        if (b->kind == PG_BLK_CALLOUT && b->subkind >= 0 && b->subkind <= PG_CALLOUT_INFO)
            put_attr(f, "kind", callout_kinds[b->subkind]);
        switch (b->kind) {
        case PG_BLK_NOTES:
            fprintf(f, " lines=\"%d\"/>\n", b->subkind);
            break;
        case PG_BLK_CELL:
            if (!b->inlines) {
                fputs("/>\n", f);
                break;
            }
            fputc('>', f);
            put_inlines(f, b->inlines);
            fprintf(f, "</%s>\n", name);
            break;
        case PG_BLK_IMG:
            put_attr(f, "src", b->src);
            put_attr(f, "alt", b->alt);
            fputs("/>\n", f);
            break;
        case PG_BLK_TITLE:
        case PG_BLK_H:
        case PG_BLK_P:
        case PG_BLK_ITEM:
        case PG_BLK_STEP:
            fputc('>', f);
            put_inlines(f, b->inlines);
            fprintf(f, "</%s>\n", name);
            break;
        default:
            fputs(">\n", f);
            put_blocks(f, b->children, indent + 2);
            fprintf(f, "%*s</%s>\n", indent, "", name);
        }
    }
}

static void put_handout(FILE *f, const pg_handout *h)
{
    static const char *const var_types[] = {"text", "date", "time"};
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<handout", f);
    put_attr(f, "id", h->id);
    put_attr(f, "lang", h->lang);
    fprintf(f, " version=\"%d\"", h->version);
    if (h->source_version > 0)
        fprintf(f, " source-version=\"%d\"", h->source_version);
    put_attr(f, "reviewed", h->reviewed);
    fputs(">\n", f);
    const pg_translation *t = h->translation;
    if (h->subject || t) {
        fputs("  <meta>\n", f);
        if (h->subject) {
            fputs("    <subject>", f);
            put_escaped(f, h->subject, 0);
            fputs("</subject>\n", f);
        }
        if (t) {
            fputs("    <translation", f);
            put_attr(f, "by", t->by);
            put_attr(f, "kind", t->kind);
            put_attr(f, "date", t->date);
            put_attr(f, "status", t->status == PG_REVIEW_REVIEWED ? "reviewed" : "draft");
            put_attr(f, "reviewer", t->reviewer);
            put_attr(f, "review-date", t->review_date);
            fputc('>', f);
            put_escaped(f, t->note, 0);
            fputs("</translation>\n", f);
        }
        fputs("  </meta>\n", f);
    }
    if (h->source_version == 0 && h->vars) {
        fputs("  <variables>\n", f);
        for (const pg_var_decl *d = h->vars; d; d = d->next) {
            fputs("    <variable", f);
            put_attr(f, "name", d->name);
            put_attr(f, "type", var_types[d->type]);
            if (d->write_in)
                put_attr(f, "write-in", "true");
            fputs("/>\n", f);
        }
        fputs("  </variables>\n", f);
    }
    put_blocks(f, h->blocks, 2);
    fputs("</handout>\n", f);
}

int pg_save_handout(const char *path, const pg_handout *h, pg_error *err)
{
    int rc = 0;
    pg_atomic_file af = {0};
    PG_CHECK(pg_atomic_open(&af, path, err));
    put_handout(af.f, h);
    if (ferror(af.f)) {
        pg_atomic_abort(&af);
        rc = pg_error_set(err, PG_EIO, path, 0, 0, "could not write the file");
        goto done;
    }
    PG_CHECK(pg_atomic_commit(&af, err));
done:
    return rc;
}
