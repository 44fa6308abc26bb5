/* xliff.c — XLIFF 1.2 (OASIS, valid against xliff-core-1.2-strict.xsd) export and import
 * of a handout's text. A trans-unit per block that holds text (id = resname = block id),
 * strong/em as <g ctype="bold|italic">, var and br as empty <x ctype="x-pdfgen-var|lb"/>
 * numbered in source order; each unit records its source block's hash and the variable
 * behind each <x> in a context-group, so import can refuse a stale or damaged file. The
 * file is read by load/xml.c's safe parser; nothing is written unless every unit checks. */
#include "load/xliff.h"
#include "core/atomic_file.h"
#include "core/file.h"
#include "load/inline.h"
#include "load/load.h"
#include "load/xml.h"

#include <libxml/tree.h>

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XLIFF_NS "urn:oasis:names:tc:xliff:document:1.2"
#define SUBJECT_ID "meta:subject" /* ':' cannot occur in a block id */
#define CTYPE_VAR "x-pdfgen-var"
#define CTX_HASH "x-pdfgen-source-hash"

#ifndef PG_VERSION
#define PG_VERSION "0"
#endif

/* ---- units: the blocks a translator translates ------------------------------------- */

typedef struct unit {
    const char *id;
    const pg_block *block; /* NULL for the subject */
    const char *text;      /* img alt or the subject: plain text without codes */
    int callout;           /* PG_CALLOUT_* of the enclosing callout, or -1 */
    int checklist;         /* an item of a checklist */
    char hash[17];
} unit;

typedef struct units {
    unit *v;
    size_t n, cap;
} units;

static void add_units(units *U, const pg_block *b, int callout, int checklist, pg_arena *a)
{
    for (; b; b = b->next) {
        switch (b->kind) {
        case PG_BLK_TITLE:
        case PG_BLK_H:
        case PG_BLK_P:
        case PG_BLK_ITEM:
        case PG_BLK_STEP:
        case PG_BLK_CELL:
        case PG_BLK_IMG: {
            if (b->kind == PG_BLK_CELL && !b->inlines)
                break; /* a cell to fill in by hand: nothing to translate */
            pg_arena_grow(a, (void **)&U->v, &U->cap, U->n + 1, sizeof *U->v);
            unit *u = &U->v[U->n++];
            *u = (unit){b->id, b, b->kind == PG_BLK_IMG ? b->alt : NULL, callout, checklist, ""};
            pg_block_hash(u->hash, b);
            break;
        }
        default:
            add_units(U, b->children, b->kind == PG_BLK_CALLOUT ? b->subkind : callout,
                      b->kind == PG_BLK_CHECKLIST, a);
        }
    }
}

/* The subject (document metadata) is translated too; its hash is that of a text-only
 * block holding it. */
static void collect_units(units *U, const pg_handout *h, pg_arena *a)
{
    if (h->subject) {
        pg_arena_grow(a, (void **)&U->v, &U->cap, U->n + 1, sizeof *U->v);
        unit *u = &U->v[U->n++];
        *u = (unit){SUBJECT_ID, NULL, h->subject, -1, 0, ""};
        pg_block tmp = {0};
        tmp.alt = h->subject;
        pg_block_hash(u->hash, &tmp);
    }
    add_units(U, h->blocks, -1, 0, a);
}

static const pg_block *find_block(const pg_block *b, const char *id)
{
    for (; b; b = b->next) {
        if (b->id && !strcmp(b->id, id))
            return b;
        const pg_block *in = find_block(b->children, id);
        if (in)
            return in;
    }
    return NULL;
}

/* ---- inline codes ------------------------------------------------------------------- */

typedef struct code {
    const char *id;
    int is_g;
    const char *ctype;  /* bold, italic, lb, x-pdfgen-var */
    const char *var;    /* the variable's name */
    const char *parent; /* id of the enclosing <g>, "" at the top */
    int used;
} code;

typedef struct codes {
    code *v;
    size_t n, cap;
} codes;

static code *find_code(const codes *C, const char *id)
{
    for (size_t i = 0; id && i < C->n; i++)
        if (!strcmp(C->v[i].id, id))
            return &C->v[i];
    return NULL;
}

/* Source mode numbers every code in order and records it; target mode gives each code
 * the id of the first unused source code of the same kind (a variable by its name), so
 * a translation's codes pair with the source's however the words were reordered. */
typedef struct emitter {
    pg_arena *a;
    codes *src;
    int target;
    int next_id;
    xmlNsPtr ns;
} emitter;

static const char *assign(emitter *E, int is_g, const char *ctype, const char *var,
                          const char *parent)
{
    if (E->target) {
        for (size_t i = 0; i < E->src->n; i++) {
            code *c = &E->src->v[i];
            if (!c->used && c->is_g == is_g && !strcmp(c->ctype, ctype) &&
                (!var || (c->var && !strcmp(c->var, var)))) {
                c->used = 1;
                return c->id;
            }
        }
        return pg_arena_printf(E->a, "%d", ++E->next_id);
    }
    pg_arena_grow(E->a, (void **)&E->src->v, &E->src->cap, E->src->n + 1, sizeof *E->src->v);
    code *c = &E->src->v[E->src->n++];
    *c = (code){pg_arena_printf(E->a, "%d", ++E->next_id), is_g, ctype, var, parent, 0};
    return c->id;
}

/* Runs to XLIFF inline content. Emphasis flags become <g> elements opened in one fixed
 * order (bold outside italic) and closed as soon as a run lacks them, as save.c writes
 * strong and em, so a source and its translation nest the same way. */
static void emit_runs(xmlNodePtr parent, const pg_inline *in, emitter *E)
{
    struct {
        unsigned flag;
        xmlNodePtr node;
        const char *id;
    } open[2];
    int depth = 0;
    for (; in; in = in->next) {
        if (in->kind == PG_IN_TEXT && (!in->text || !*in->text))
            continue;
        unsigned want = in->flags & (PG_BOLD | PG_ITALIC);
        int keep = 0;
        while (keep < depth && (want & open[keep].flag))
            keep++;
        depth = keep;
        for (unsigned fl = PG_BOLD; fl <= PG_ITALIC; fl <<= 1) {
            int is_open = 0;
            for (int i = 0; i < depth; i++)
                is_open |= open[i].flag == fl;
            if (!(want & fl) || is_open)
                continue;
            xmlNodePtr at = depth ? open[depth - 1].node : parent;
            const char *ctype = fl == PG_BOLD ? "bold" : "italic";
            const char *id = assign(E, 1, ctype, NULL, depth ? open[depth - 1].id : "");
            xmlNodePtr g = xmlNewChild(at, E->ns, BAD_CAST "g", NULL);
            xmlNewProp(g, BAD_CAST "id", BAD_CAST id);
            xmlNewProp(g, BAD_CAST "ctype", BAD_CAST ctype);
            open[depth].flag = fl;
            open[depth].node = g;
            open[depth].id = id;
            depth++;
        }
        xmlNodePtr at = depth ? open[depth - 1].node : parent;
        const char *gid = depth ? open[depth - 1].id : "";
        if (in->kind == PG_IN_TEXT) {
            xmlAddChild(at, xmlNewText(BAD_CAST in->text));
        } else if (in->kind == PG_IN_VAR || in->kind == PG_IN_BR) {
            int var = in->kind == PG_IN_VAR;
            const char *ctype = var ? CTYPE_VAR : "lb";
            const char *id = assign(E, 0, ctype, var ? in->text : NULL, gid);
            xmlNodePtr x = xmlNewChild(at, E->ns, BAD_CAST "x", NULL);
            xmlNewProp(x, BAD_CAST "id", BAD_CAST id);
            xmlNewProp(x, BAD_CAST "ctype", BAD_CAST ctype);
        }
    }
}

/* Runs compared as a reader sees them: neighbouring text runs of the same emphasis are
 * one (a comment between them in the file splits them, and XLIFF cannot say so). */
static char *canon_runs(const pg_inline *in, pg_arena *a)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        pg_oom();
    int prev_text = 0;
    unsigned prev_flags = 0;
    for (; in; in = in->next) {
        if (in->kind == PG_IN_TEXT && (!in->text || !*in->text))
            continue;
        if (in->kind == PG_IN_TEXT) {
            if (!prev_text || prev_flags != in->flags)
                fprintf(f, "\x1fT%u:", in->flags);
            fputs(in->text, f);
        } else {
            fprintf(f, "\x1f%d/%u:%s", (int)in->kind, in->flags, in->text ? in->text : "");
        }
        prev_text = in->kind == PG_IN_TEXT;
        prev_flags = in->flags;
    }
    fclose(f);
    char *out = pg_arena_strdup(a, buf ? buf : "");
    free(buf);
    return out;
}

/* ---- export ------------------------------------------------------------------------- */

static const struct {
    const char *name, *what;
} var_notes[] = {
    {"patient_name", "the patient's name, as the clinic wrote it"},
    {"procedure_date", "the procedure date, written out in the patient's language "
                       "(\"December 3, 2026\" in English)"},
    {"arrival_time", "the arrival time, written as the patient's language writes times "
                     "(\"7:30 AM\" in English)"},
    {"care_team_phone", "the care team's phone number"},
    {"page", "the page number"},
    {"pages", "the number of pages"},
    {"today", "today's date, written out in the patient's language"},
};

static const char *var_note(const pg_handout *src, const char *name, pg_arena *a)
{
    for (size_t i = 0; i < sizeof var_notes / sizeof var_notes[0]; i++)
        if (!strcmp(var_notes[i].name, name))
            return var_notes[i].what;
    for (const pg_var_decl *d = src->vars; d; d = d->next)
        if (!strcmp(d->name, name))
            return d->type == PG_VAR_DATE ? "a date, written out in the patient's language"
                   : d->type == PG_VAR_TIME
                       ? "a time of day, written as the patient's language writes times"
                       : pg_arena_printf(a, "the %s, inserted as given", name);
    return "a value filled in when the handout is printed";
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += (*s & 0xC0) != 0x80;
    return n;
}

static size_t runs_chars(const pg_inline *in)
{
    size_t n = 0;
    for (; in; in = in->next)
        n += in->kind == PG_IN_TEXT ? utf8_chars(in->text) : 8;
    return n;
}

/* The length hint of a title or heading: room for two lines of large print, and never
 * less than twice the English. */
static size_t max_width(const unit *u)
{
    size_t n = 2 * runs_chars(u->block->inlines);
    return n < 60 ? 60 : n;
}

static char *unit_note(const unit *u, const codes *C, const pg_handout *src, pg_arena *a)
{
    static const char *const callouts[] = {
        "an urgent callout (what to do at once)",
        "a warning callout",
        "an information callout",
    };
    const char *what;
    if (!u->block)
        what = "The handout's description, stored in the PDF's document properties (not "
               "printed).";
    else
        switch (u->block->kind) {
        case PG_BLK_TITLE:
            what = "The handout's title, printed large on the first page.";
            break;
        case PG_BLK_H:
            what = u->callout >= 0 ? "The heading of " : "A section heading.";
            break;
        case PG_BLK_ITEM:
            what = u->checklist ? "An item of a checklist the patient ticks off" : "A list item";
            break;
        case PG_BLK_STEP:
            what = "A numbered step";
            break;
        case PG_BLK_CELL:
            what = u->block->subkind == PG_CELL_HEAD
                       ? "A column heading of a table (keep it short: the column is narrow)"
                       : "A cell of a table";
            break;
        case PG_BLK_IMG:
            what = "The description of a picture (alternative text), read aloud by screen "
                   "readers";
            break;
        default:
            what = "A paragraph";
        }
    char *note;
    if (u->block && u->block->kind == PG_BLK_H && u->callout >= 0)
        note = pg_arena_printf(a, "%s%s.", what, callouts[u->callout]);
    else if (u->block && u->block->kind != PG_BLK_TITLE && u->block->kind != PG_BLK_H)
        note = pg_arena_printf(a, "%s%s%s.", what, u->callout >= 0 ? " inside " : "",
                               u->callout >= 0 ? callouts[u->callout] : "");
    else
        note = pg_arena_strdup(a, what);
    for (size_t i = 0; i < C->n; i++) {
        const code *c = &C->v[i];
        if (c->var)
            note = pg_arena_printf(a,
                                   "%s Code %s (<x id=\"%s\"/>) is %s (variable %s): keep it "
                                   "and move it where your language puts it.",
                                   note, c->id, c->id, var_note(src, c->var, a), c->var);
        else if (!c->is_g)
            note = pg_arena_printf(a, "%s Code %s is a line break.", note, c->id);
    }
    for (size_t i = 0; i < C->n; i++)
        if (C->v[i].is_g) {
            note = pg_arena_printf(a,
                                   "%s Codes <g> mark emphasis (printed in bold in large print): "
                                   "keep them around the words that carry it.",
                                   note);
            break;
        }
    if (u->block && (u->block->kind == PG_BLK_H || u->block->kind == PG_BLK_TITLE))
        note = pg_arena_printf(a,
                               "%s Keep it short: at most about %zu characters (two lines "
                               "of large print).",
                               note, max_width(u));
    return note;
}

static void indent(xmlNodePtr parent, int n)
{
    char buf[64];
    snprintf(buf, sizeof buf, "\n%*s", n, "");
    xmlAddChild(parent, xmlNewText(BAD_CAST buf));
}

static xmlNodePtr add_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, int n)
{
    indent(parent, n);
    return xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

static void add_unit(xmlNodePtr body, xmlNsPtr ns, const unit *u, const pg_handout *src,
                     const pg_handout *tr, const char *lang, pg_arena *a)
{
    xmlNodePtr tu = add_child(body, ns, "trans-unit", 6);
    xmlNewProp(tu, BAD_CAST "id", BAD_CAST u->id);
    xmlNewProp(tu, BAD_CAST "resname", BAD_CAST u->id);
    xmlNodeSetSpacePreserve(tu, 1);
    if (u->block && (u->block->kind == PG_BLK_H || u->block->kind == PG_BLK_TITLE)) {
        xmlNewProp(tu, BAD_CAST "size-unit", BAD_CAST "char");
        xmlNewProp(tu, BAD_CAST "maxwidth", BAD_CAST pg_arena_printf(a, "%zu", max_width(u)));
    }

    codes C = {0};
    emitter E = {a, &C, 0, 0, ns};
    xmlNodePtr s = add_child(tu, ns, "source", 8);
    xmlNodeSetLang(s, BAD_CAST "en");
    if (u->text)
        xmlAddChild(s, xmlNewText(BAD_CAST u->text));
    else
        emit_runs(s, u->block->inlines, &E);

    /* The existing translation of this block, when there is one, is the target. */
    const pg_block *tb = tr && u->block ? find_block(tr->blocks, u->id) : NULL;
    const char *ttext = !tr        ? NULL
                        : u->block ? (tb && tb->kind == PG_BLK_IMG ? tb->alt : NULL)
                                   : tr->subject;
    int have = tb || ttext;
    const char *state = "needs-translation";
    int approved = 0;
    if (have) {
        int reviewed = tr->translation && tr->translation->status == PG_REVIEW_REVIEWED;
        if (tb && tb->source_hash && strcmp(tb->source_hash, u->hash))
            state = "needs-review-translation"; /* its source changed since */
        else if (reviewed)
            state = "signed-off", approved = 1;
        else
            state = "translated";
    }
    if (approved)
        xmlNewProp(tu, BAD_CAST "approved", BAD_CAST "yes");
    xmlNodePtr t = add_child(tu, ns, "target", 8);
    xmlNodeSetLang(t, BAD_CAST lang);
    xmlNewProp(t, BAD_CAST "state", BAD_CAST state);
    if (ttext) {
        xmlAddChild(t, xmlNewText(BAD_CAST ttext));
    } else if (tb && !u->text) {
        emitter T = {a, &C, 1, (int)C.n, ns};
        emit_runs(t, tb->inlines, &T);
    }

    xmlNodePtr cg = add_child(tu, ns, "context-group", 8);
    xmlNewProp(cg, BAD_CAST "name", BAD_CAST pg_arena_printf(a, "pdfgen:%s", u->id));
    xmlNewProp(cg, BAD_CAST "purpose", BAD_CAST "information");
    indent(cg, 10);
    xmlNodePtr ctx = xmlNewTextChild(cg, ns, BAD_CAST "context", BAD_CAST u->hash);
    xmlNewProp(ctx, BAD_CAST "context-type", BAD_CAST CTX_HASH);
    for (size_t i = 0; i < C.n; i++) {
        if (!C.v[i].var)
            continue;
        indent(cg, 10);
        ctx = xmlNewTextChild(cg, ns, BAD_CAST "context",
                              BAD_CAST pg_arena_printf(a, "%s=%s", C.v[i].id, C.v[i].var));
        xmlNewProp(ctx, BAD_CAST "context-type", BAD_CAST CTYPE_VAR);
    }
    indent(cg, 8);

    xmlNodePtr note = add_child(tu, ns, "note", 8);
    xmlNewProp(note, BAD_CAST "from", BAD_CAST "developer");
    xmlAddChild(note, xmlNewText(BAD_CAST unit_note(u, &C, src, a)));
    indent(tu, 6);
}

static int valid_slug(const char *s, const char *pattern)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB))
        return 0;
    int ok = s && !regexec(&re, s, 0, NULL, 0);
    regfree(&re);
    return ok;
}

#define ID_PATTERN "^[a-z0-9][a-z0-9-]*$"
#define LANG_PATTERN "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"

int pg_xliff_export(const char *out_path, const char *content_root, const char *id,
                    const char *lang, pg_arena *a, pg_error *err)
{
    int rc = 0;
    xmlDocPtr doc = NULL;
    xmlChar *text = NULL;
    pg_handout *src = NULL, *tr = NULL;
    if (!valid_slug(id, ID_PATTERN)) {
        rc = pg_error_set(err, PG_EUSAGE, NULL, 0, 0,
                          "--handout needs a handout id such as mitraclip-home-care: %s", id);
        goto done;
    }
    if (!valid_slug(lang, LANG_PATTERN) || !strcmp(lang, "en")) {
        rc = pg_error_set(err, PG_EUSAGE, NULL, 0, 0,
                          "--lang needs the BCP 47 tag of a target language (es, zh-Hans), "
                          "not the source's: %s",
                          lang);
        goto done;
    }
    const char *src_path = pg_arena_printf(a, "%s/%s/en.xml", content_root, id);
    const char *tr_path = pg_arena_printf(a, "%s/%s/%s.xml", content_root, id, lang);
    if (!pg_file_is_regular(src_path)) {
        rc = pg_error_set(err, PG_EINPUT, src_path, 0, 0,
                          "no such handout: %s has no en.xml (is --content-root right?)", id);
        goto done;
    }
    PG_CHECK(pg_load_handout(&src, src_path, a, err));
    if (pg_file_is_regular(tr_path))
        PG_CHECK(pg_load_handout(&tr, tr_path, a, err));

    units U = {0};
    collect_units(&U, src, a);

    doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "xliff");
    xmlDocSetRootElement(doc, root);
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST XLIFF_NS, NULL);
    xmlSetNs(root, ns);
    xmlNewProp(root, BAD_CAST "version", BAD_CAST "1.2");
    xmlNodePtr file = add_child(root, ns, "file", 2);
    xmlNewProp(file, BAD_CAST "original", BAD_CAST pg_arena_printf(a, "content/%s/en.xml", id));
    xmlNewProp(file, BAD_CAST "source-language", BAD_CAST "en");
    xmlNewProp(file, BAD_CAST "target-language", BAD_CAST lang);
    xmlNewProp(file, BAD_CAST "datatype", BAD_CAST "xml");
    xmlNewProp(file, BAD_CAST "tool-id", BAD_CAST "pdfgen");
    xmlNewProp(file, BAD_CAST "product-name", BAD_CAST id);
    xmlNewProp(file, BAD_CAST "product-version", BAD_CAST pg_arena_printf(a, "%d", src->version));
    xmlNodePtr header = add_child(file, ns, "header", 4);
    xmlNodePtr tool = add_child(header, ns, "tool", 6);
    xmlNewProp(tool, BAD_CAST "tool-id", BAD_CAST "pdfgen");
    xmlNewProp(tool, BAD_CAST "tool-name", BAD_CAST "pdfgen");
    xmlNewProp(tool, BAD_CAST "tool-version", BAD_CAST PG_VERSION);
    xmlNodePtr hn = add_child(header, ns, "note", 6);
    xmlNewProp(hn, BAD_CAST "from", BAD_CAST "pdfgen");
    xmlAddChild(hn, xmlNewText(BAD_CAST pg_arena_printf(
                        a,
                        "Large-print patient handout \"%s\", version %d, for translation "
                        "into %s. Translate the targets only; keep every inline code (<g>, "
                        "<x/>). Bring the file back with: pdfgen xliff import FILE.xlf",
                        id, src->version, lang)));
    indent(header, 4);
    xmlNodePtr body = add_child(file, ns, "body", 4);
    for (size_t i = 0; i < U.n; i++)
        add_unit(body, ns, &U.v[i], src, tr, lang, a);
    indent(body, 4);
    indent(file, 2);
    indent(root, 0);

    int len = 0;
    xmlDocDumpMemoryEnc(doc, &text, &len, "UTF-8");
    if (!text)
        pg_oom();
    pg_atomic_file af = {0};
    PG_CHECK(pg_atomic_open(&af, out_path, err));
    if (fwrite(text, 1, (size_t)len, af.f) != (size_t)len || fputc('\n', af.f) == EOF) {
        pg_atomic_abort(&af);
        rc = pg_error_set(err, PG_EIO, out_path, 0, 0, "could not write the file");
        goto done;
    }
    PG_CHECK(pg_atomic_commit(&af, err));
done:
    xmlFree(text);
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}

/* ---- import ------------------------------------------------------------------------- */

typedef struct importer {
    const char *path; /* the .xlf file */
    pg_arena *a;
    pg_xliff_finding *head, **tail;
    int n;
} importer;

static void finding(importer *I, const xmlNode *at, const char *unit_id, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void finding(importer *I, const xmlNode *at, const char *unit_id, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pg_pos p = at ? pg_xml_pos(I->path, at) : (pg_pos){I->path, 0, 0};
    pg_xliff_finding *f = PG_ARENA_NEW(I->a, pg_xliff_finding);
    if (unit_id)
        pg_error_set(&f->e, PG_EINPUT, I->path, p.line, p.col, "unit \"%s\": %s", unit_id, msg);
    else
        pg_error_set(&f->e, PG_EINPUT, I->path, p.line, p.col, "%s", msg);
    *I->tail = f;
    I->tail = &f->next;
    I->n++;
}

static int is_xliff(const xmlNode *n, const char *name)
{
    return pg_xml_is(n, name) && n->ns && !strcmp((const char *)n->ns->href, XLIFF_NS);
}

static const xmlNode *first_child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *n = parent ? parent->children : NULL; n; n = n->next)
        if (is_xliff(n, name))
            return n;
    return NULL;
}

static const char *code_name(const code *c, pg_arena *a)
{
    return c->is_g ? pg_arena_printf(a, "<g id=\"%s\">", c->id)
                   : pg_arena_printf(a, "<x id=\"%s\"/>", c->id);
}

static const char *code_meaning(const code *c, pg_arena *a)
{
    if (c->var)
        return pg_arena_printf(a, "the variable %s", c->var);
    if (!c->is_g)
        return "a line break";
    return !strcmp(c->ctype, "bold") ? "bold" : "italic";
}

/* Checks the codes of a target against the source's: each once, of the same kind and
 * ctype, inside the same <g>; nothing else. */
static void check_codes(importer *I, const char *uid, const xmlNode *el, const char *parent,
                        codes *C)
{
    for (const xmlNode *n = el->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        int is_g = is_xliff(n, "g");
        if (!is_g && !is_xliff(n, "x")) {
            finding(I, n, uid,
                    "<%s> is not one of this unit's inline codes; keep only the <g> and <x/> "
                    "codes of the source",
                    (const char *)n->name);
            continue;
        }
        const char *id = pg_xml_attr(n, "id");
        code *c = find_code(C, id);
        const char *written = is_g ? pg_arena_printf(I->a, "<g id=\"%s\">", id ? id : "")
                                   : pg_arena_printf(I->a, "<x id=\"%s\"/>", id ? id : "");
        if (!c || c->is_g != is_g) {
            finding(I, n, uid, "%s is not in the source (an extra inline code); remove it",
                    written);
        } else if (c->used) {
            finding(I, n, uid, "%s appears twice; each code of the source appears once", written);
        } else {
            c->used = 1;
            const char *ctype = pg_xml_attr(n, "ctype");
            if (!ctype || strcmp(ctype, c->ctype)) {
                if (c->var)
                    finding(I, n, uid,
                            "%s is the variable %s (ctype=\"%s\"); here it says ctype=\"%s\": "
                            "a variable may not be changed or renamed",
                            written, c->var, c->ctype, ctype ? ctype : "");
                else
                    finding(I, n, uid, "%s has ctype=\"%s\" in the source, not \"%s\"", written,
                            c->ctype, ctype ? ctype : "");
            }
            if (strcmp(parent, c->parent)) {
                if (!*c->parent)
                    finding(I, n, uid,
                            "%s (%s) is inside <g id=\"%s\"> here but not in the source: the "
                            "codes must keep their nesting",
                            written, code_meaning(c, I->a), parent);
                else if (!*parent)
                    finding(I, n, uid,
                            "%s (%s) is inside <g id=\"%s\"> in the source but not here: the "
                            "codes must keep their nesting",
                            written, code_meaning(c, I->a), c->parent);
                else
                    finding(I, n, uid,
                            "%s (%s) is inside <g id=\"%s\"> in the source, not inside <g "
                            "id=\"%s\">: the codes must keep their nesting",
                            written, code_meaning(c, I->a), c->parent, parent);
            }
            if (is_g && !n->children)
                finding(I, n, uid, "%s (%s) is empty; put the words it marks inside it", written,
                        code_meaning(c, I->a));
        }
        if (is_g && id)
            check_codes(I, uid, n, id, C);
    }
}

/* XLIFF inline content to content markup in a scratch element: <g> to strong or em and
 * <x/> to var or br by the source's codes, places kept, so the loader's own rules
 * (whitespace, NFC) make the runs. */
static void convert(xmlNodePtr to, const xmlNode *from, const codes *C)
{
    for (const xmlNode *n = from->children; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            xmlNodePtr t = xmlNewText(n->content);
            t->_private = n->_private;
            xmlAddChild(to, t);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const code *c = find_code(C, pg_xml_attr(n, "id"));
        const char *ctype = c ? c->ctype : pg_xml_attr(n, "ctype");
        if (!ctype)
            ctype = "";
        if (is_xliff(n, "g")) {
            xmlNodePtr at = to;
            if (!strcmp(ctype, "bold") || !strcmp(ctype, "italic")) {
                at =
                    xmlNewChild(to, NULL, BAD_CAST(!strcmp(ctype, "bold") ? "strong" : "em"), NULL);
                at->_private = n->_private;
            }
            convert(at, n, C);
        } else if (is_xliff(n, "x")) {
            xmlNodePtr x = NULL;
            if (!strcmp(ctype, "lb"))
                x = xmlNewChild(to, NULL, BAD_CAST "br", NULL);
            else if (c && c->var) {
                x = xmlNewChild(to, NULL, BAD_CAST "var", NULL);
                xmlNewProp(x, BAD_CAST "name", BAD_CAST c->var);
            }
            if (x)
                x->_private = n->_private;
        }
    }
}

static pg_inline *runs_of(const xmlNode *el, const codes *C, const char *path, pg_arena *a)
{
    xmlDocPtr scratch = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr p = xmlNewNode(NULL, BAD_CAST "p");
    xmlDocSetRootElement(scratch, p);
    convert(p, el, C);
    pg_inline *runs = pg_load_inlines(p, path, a);
    xmlFreeDoc(scratch);
    return runs;
}

static int has_elements(const xmlNode *el)
{
    for (const xmlNode *n = el->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

typedef struct imported {
    const xmlNode *tu;
    pg_inline *runs;
    const char *text;
    int signed_off;
} imported;

/* One unit: its source still ours, its target present, its codes those of the source. */
static void import_unit(imported *out, importer *I, const unit *u, const xmlNode *tu)
{
    pg_arena *a = I->a;
    codes C = {0};
    if (u->block && !u->text) {
        emitter E = {a, &C, 0, 0, NULL};
        xmlNodePtr scratch = xmlNewNode(NULL, BAD_CAST "source");
        emit_runs(scratch, u->block->inlines, &E);
        xmlFreeNode(scratch);
    }
    const xmlNode *src = first_child(tu, "source");
    const xmlNode *tgt = first_child(tu, "target");
    const xmlNode *cg = NULL;
    const char *hash = NULL;
    for (const xmlNode *n = tu->children; n; n = n->next) {
        if (!is_xliff(n, "context-group"))
            continue;
        for (const xmlNode *c = n->children; c; c = c->next) {
            const char *type = is_xliff(c, "context") ? pg_xml_attr(c, "context-type") : NULL;
            if (type && !strcmp(type, CTX_HASH)) {
                xmlChar *v = xmlNodeGetContent(c);
                hash = pg_arena_strdup(a, v ? (const char *)v : "");
                xmlFree(v);
                cg = n;
            }
        }
    }

    /* A stale source: the recorded hash, or the source text itself, is not ours. */
    int stale = !src || (hash && strcmp(hash, u->hash));
    if (!stale) {
        if (u->text) {
            stale = strcmp(pg_load_text(src, a), u->text) != 0;
        } else {
            pg_inline *was = runs_of(src, &C, I->path, a);
            stale = strcmp(canon_runs(was, a), canon_runs(u->block->inlines, a)) != 0;
        }
    }
    if (stale) {
        finding(I, src ? src : tu, u->id,
                "the English source changed since this file was exported (it no longer "
                "matches %s); export the handout again and translate the change",
                u->block ? u->block->pos.file : "en.xml");
        return;
    }

    /* Variables as recorded at export: the same name behind the same code. */
    for (const xmlNode *c = cg ? cg->children : NULL; c; c = c->next) {
        const char *type = is_xliff(c, "context") ? pg_xml_attr(c, "context-type") : NULL;
        if (!type || strcmp(type, CTYPE_VAR))
            continue;
        xmlChar *v = xmlNodeGetContent(c);
        const char *rec = v ? (const char *)v : "";
        const char *eq = strchr(rec, '=');
        char *id = eq ? pg_arena_strndup(a, rec, (size_t)(eq - rec)) : NULL;
        const code *k = find_code(&C, id);
        if (!k || !k->var)
            finding(I, c, u->id,
                    "the file records a variable \"%s\" that the source does not have here", rec);
        else if (strcmp(eq + 1, k->var))
            finding(I, c, u->id,
                    "<x id=\"%s\"/> is the variable %s in the source; the file calls it %s: a "
                    "variable may not be renamed",
                    k->id, k->var, eq + 1);
        xmlFree(v);
    }

    if (!tgt || (!has_elements(tgt) && !*pg_load_text(tgt, a))) {
        finding(I, tgt ? tgt : tu, u->id, "the target is empty; translate it");
        return;
    }
    if (u->text) {
        if (has_elements(tgt))
            finding(I, tgt, u->id, "this text takes no inline codes; remove them");
        out->text = pg_load_text(tgt, a);
    } else {
        check_codes(I, u->id, tgt, "", &C);
        for (size_t i = 0; i < C.n; i++)
            if (!C.v[i].used)
                finding(I, tgt, u->id, "%s (%s) is missing; put it back where it belongs",
                        code_name(&C.v[i], a), code_meaning(&C.v[i], a));
        out->runs = runs_of(tgt, &C, I->path, a);
    }
    const char *approved = pg_xml_attr(tu, "approved"), *state = pg_xml_attr(tgt, "state");
    out->signed_off = (approved && !strcmp(approved, "yes")) ||
                      (state && (!strcmp(state, "signed-off") || !strcmp(state, "final")));
}

static void collect_tus(const xmlNode *parent, const xmlNode ***v, size_t *n, size_t *cap,
                        pg_arena *a)
{
    for (const xmlNode *c = parent->children; c; c = c->next) {
        if (is_xliff(c, "trans-unit")) {
            pg_arena_grow(a, (void **)v, cap, *n + 1, sizeof **v);
            (*v)[(*n)++] = c;
        } else if (is_xliff(c, "group")) {
            collect_tus(c, v, n, cap, a);
        }
    }
}

/* A copy of the source's block tree with the imported text and the source hashes; an
 * image keeps the file the translation already used. */
static pg_block *build_blocks(const pg_block *b, const units *U, const imported *im,
                              const pg_handout *old, pg_arena *a)
{
    pg_block *head = NULL, **tail = &head;
    for (; b; b = b->next) {
        pg_block *c = PG_ARENA_NEW(a, pg_block);
        *c = *b;
        c->next = NULL;
        c->source_hash = NULL;
        c->children = build_blocks(b->children, U, im, old, a);
        for (size_t i = 0; i < U->n; i++) {
            if (U->v[i].block != b)
                continue;
            c->source_hash = pg_arena_strdup(a, U->v[i].hash);
            if (b->kind == PG_BLK_IMG) {
                c->alt = im[i].text;
                const pg_block *ob = old ? find_block(old->blocks, b->id) : NULL;
                if (ob && ob->kind == PG_BLK_IMG && ob->src)
                    c->src = ob->src;
            } else {
                c->inlines = im[i].runs;
            }
        }
        *tail = c;
        tail = &c->next;
    }
    return head;
}

/* Whether the translation's text differs from what the file held before. */
static int text_changed(const units *U, const imported *im, const pg_handout *old, pg_arena *a)
{
    if (!old)
        return 1;
    for (size_t i = 0; i < U->n; i++) {
        const unit *u = &U->v[i];
        if (!u->block) {
            if (!old->subject || strcmp(old->subject, im[i].text))
                return 1;
            continue;
        }
        const pg_block *ob = find_block(old->blocks, u->id);
        if (!ob || ob->kind != u->block->kind)
            return 1;
        if (u->text ? strcmp(ob->alt ? ob->alt : "", im[i].text)
                    : strcmp(canon_runs(ob->inlines, a), canon_runs(im[i].runs, a)))
            return 1;
    }
    return 0;
}

int pg_xliff_import(const char **written, pg_xliff_finding **findings, const char *xlf_path,
                    const pg_xliff_import_opts *opts, pg_arena *a, pg_error *err)
{
    int rc = 0;
    xmlDocPtr doc = NULL;
    importer I = {xlf_path, a, NULL, NULL, 0};
    I.tail = &I.head;
    *written = NULL;
    *findings = NULL;

    PG_CHECK(pg_xml_parse(&doc, xlf_path, err));
    const xmlNode *root = xmlDocGetRootElement(doc);
    pg_pos rp = pg_xml_pos(xlf_path, root);
    const char *version = is_xliff(root, "xliff") ? pg_xml_attr(root, "version") : NULL;
    if (!version || strcmp(version, "1.2")) {
        rc = pg_error_set(err, PG_EINPUT, xlf_path, rp.line, rp.col,
                          "not an XLIFF 1.2 file (<xliff version=\"1.2\" xmlns=\"" XLIFF_NS
                          "\">); pdfgen reads the XLIFF it exports");
        goto done;
    }
    const xmlNode *file = first_child(root, "file");
    for (const xmlNode *n = file ? file->next : NULL; n; n = n->next)
        if (is_xliff(n, "file")) {
            pg_pos p = pg_xml_pos(xlf_path, n);
            rc = pg_error_set(err, PG_EINPUT, xlf_path, p.line, p.col,
                              "the file holds more than one <file>; import one handout at a "
                              "time");
            goto done;
        }
    const xmlNode *body = first_child(file, "body");
    if (!file || !body) {
        rc = pg_error_set(err, PG_EINPUT, xlf_path, rp.line, rp.col,
                          "the XLIFF holds no <file> with a <body>");
        goto done;
    }
    pg_pos fp = pg_xml_pos(xlf_path, file);
    const char *original = pg_xml_attr(file, "original"),
               *lang = pg_xml_attr(file, "target-language");
    const char *srclang = pg_xml_attr(file, "source-language");
    size_t olen = original ? strlen(original) : 0;
    char *id = NULL;
    if (olen > 7 && !strcmp(original + olen - 7, "/en.xml")) {
        const char *end = original + olen - 7, *start = end;
        while (start > original && start[-1] != '/')
            start--;
        id = pg_arena_strndup(a, start, (size_t)(end - start));
    }
    if (!id || !valid_slug(id, ID_PATTERN) || !srclang || strcmp(srclang, "en")) {
        rc = pg_error_set(err, PG_EINPUT, xlf_path, fp.line, fp.col,
                          "<file original=\"%s\" source-language=\"%s\"> names no handout's "
                          "English source (content/ID/en.xml, source-language=\"en\")",
                          original ? original : "", srclang ? srclang : "");
        goto done;
    }
    if (!lang || !valid_slug(lang, LANG_PATTERN) || !strcmp(lang, "en")) {
        rc = pg_error_set(err, PG_EINPUT, xlf_path, fp.line, fp.col,
                          "target-language=\"%s\" is not the BCP 47 tag of a translation "
                          "(es, zh-Hans)",
                          lang ? lang : "");
        goto done;
    }
    const char *src_path = pg_arena_printf(a, "%s/%s/en.xml", opts->content_root, id);
    const char *dst = pg_arena_printf(a, "%s/%s/%s.xml", opts->content_root, id, lang);
    pg_handout *src = NULL, *old = NULL;
    if (!pg_file_is_regular(src_path)) {
        rc = pg_error_set(err, PG_EINPUT, xlf_path, fp.line, fp.col,
                          "there is no handout %s: %s is missing (is --content-root right?)", id,
                          src_path);
        goto done;
    }
    PG_CHECK(pg_load_handout(&src, src_path, a, err));
    if (pg_file_is_regular(dst))
        PG_CHECK(pg_load_handout(&old, dst, a, err));
    const pg_translation *ot = old ? old->translation : NULL;
    if (!opts->by && !ot) {
        rc = pg_error_set(err, PG_EUSAGE, NULL, 0, 0,
                          "%s is a new translation: say who made it with --by NAME (and "
                          "--kind person, agency or machine)",
                          dst);
        goto done;
    }

    units U = {0};
    collect_units(&U, src, a);
    imported *im = PG_ARENA_ARRAY(a, imported, U.n + 1);
    const xmlNode **tus = NULL;
    size_t n_tus = 0, cap_tus = 0;
    collect_tus(body, &tus, &n_tus, &cap_tus, a);
    for (size_t t = 0; t < n_tus; t++) {
        const char *uid = pg_xml_attr(tus[t], "id");
        size_t i = 0;
        while (i < U.n && (!uid || strcmp(U.v[i].id, uid)))
            i++;
        if (i == U.n)
            finding(&I, tus[t], uid ? uid : "",
                    "%s has no such block; remove the unit (an extra unit)", src_path);
        else if (im[i].tu)
            finding(&I, tus[t], uid, "the unit appears twice; each block is one unit");
        else
            im[i].tu = tus[t];
    }
    for (size_t i = 0; i < U.n; i++)
        if (!im[i].tu)
            finding(&I, body, U.v[i].id,
                    "missing from this file (%s has it); export the handout again", src_path);
    int all_signed = 1;
    for (size_t i = 0; i < U.n; i++)
        if (im[i].tu) {
            import_unit(&im[i], &I, &U.v[i], im[i].tu);
            all_signed &= im[i].signed_off;
        }
    if (!I.n && opts->reviewer && !all_signed)
        for (size_t i = 0; i < U.n; i++)
            if (!im[i].signed_off)
                finding(&I, im[i].tu, U.v[i].id,
                        "not signed off (approved=\"yes\" or state=\"signed-off\"); "
                        "--reviewer signs off only a file whose every unit is");
    if (I.n) {
        *findings = I.head;
        *err = I.head->e;
        rc = PG_EINPUT;
        goto done;
    }

    pg_handout *h = PG_ARENA_NEW(a, pg_handout);
    h->path = dst;
    h->id = src->id;
    h->lang = pg_arena_strdup(a, lang);
    h->version = old ? old->version : src->version;
    h->source_version = src->version;
    h->reviewed = old ? old->reviewed : src->reviewed;
    h->subject = old ? old->subject : NULL;
    for (size_t i = 0; i < U.n; i++)
        if (!U.v[i].block)
            h->subject = im[i].text;
    h->blocks = build_blocks(src->blocks, &U, im, old, a);

    pg_translation *t = PG_ARENA_NEW(a, pg_translation);
    int changed = text_changed(&U, im, old, a);
    t->by = opts->by ? opts->by : ot->by;
    t->kind = opts->kind ? opts->kind : opts->by ? "person" : ot->kind;
    t->date = changed || !ot ? opts->today : ot->date;
    t->note = ot ? ot->note : "";
    t->status = PG_REVIEW_DRAFT;
    if (opts->reviewer && all_signed) {
        t->status = PG_REVIEW_REVIEWED;
        t->reviewer = opts->reviewer;
        t->review_date = opts->today;
    }
    h->translation = t;
    PG_CHECK(pg_save_handout(dst, h, err));
    *written = dst;
done:
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}
