/* merge.c — the print file, written as packets are added. Each packet is a PDF pdfgen
 * wrote through libharu (ISO 32000-1: a classic cross-reference table, no object
 * streams, no encryption). Its pages and every object they use are copied with new
 * object numbers; the packet's catalog, page tree, outline and info are left behind.
 * Page tree, outline (12.3.3), info and cross-reference table are written at the end,
 * so memory holds one packet plus 8 bytes per object and 4 per page, however many
 * patients there are. (qpdf merges any PDF, but keeps every packet's objects in memory
 * until it writes: 0.65 MB per patient measured, 6.5 GB for 10,000.) */
#include "batch/merge.h"
#include "core/arena.h"
#include "core/atomic_file.h"
#include "text/unicode.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Objects 1-4 of the print file are written last but numbered first. */
enum { OBJ_CATALOG = 1, OBJ_PAGES, OBJ_OUTLINES, OBJ_INFO, OBJ_FIRST_FREE };

#define MAX_OBJECTS 1000000

typedef struct mark {
    uint32_t page; /* object number of the packet's first page */
    char *title;
} mark;

struct pg_print_file {
    pg_atomic_file out;
    FILE *f; /* out.f */
    int duplex;
    uint64_t *offsets; /* per object number */
    size_t n_objects, cap_objects;
    uint32_t *pages;
    size_t n_pages, cap_pages;
    mark *marks;
    size_t n_marks, cap_marks;
};

/* ---- reading a packet ------------------------------------------------------------ */

typedef enum { T_NUM, T_NAME, T_STR, T_DICT, T_DICT_END, T_ARR, T_ARR_END, T_WORD } tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t start, end; /* bytes of the token in the packet */
    int depth;         /* an opener and its closer have the same depth */
    int integer;       /* T_NUM of digits only */
} tok;

typedef struct object {
    size_t tok0, n_toks;   /* its body in the packet's token list */
    size_t data, data_len; /* stream data, when data_len or is_stream */
    int is_stream, in_use;
    uint32_t out; /* its number in the print file, 0 when not copied */
} object;

typedef struct packet {
    const unsigned char *d;
    size_t len;
    const char *name;
    tok *toks;
    size_t n_toks, cap_toks;
    object *objs;
    size_t n_objs;
    pg_error *err;
} packet;

static int bad(packet *pk, const char *what)
{
    return pg_error_set(pk->err, PG_EINPUT, pk->name, 0, 0,
                        "cannot add this packet to the print file: %s", what);
}

static int is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* The next token at *pos (7.2, 7.3); 0 at the end or on a malformed token. */
static int lex(packet *pk, size_t *pos, tok *t, int *depth)
{
    const unsigned char *d = pk->d;
    size_t i = *pos, n = pk->len;
    for (;;) {
        while (i < n && is_space(d[i]))
            i++;
        if (i < n && d[i] == '%') {
            while (i < n && d[i] != '\n' && d[i] != '\r')
                i++;
            continue;
        }
        break;
    }
    if (i >= n)
        return 0;
    *t = (tok){.start = i, .depth = *depth};
    unsigned char c = d[i];
    if (c == '<' && i + 1 < n && d[i + 1] == '<') {
        t->kind = T_DICT;
        (*depth)++;
        i += 2;
    } else if (c == '>' && i + 1 < n && d[i + 1] == '>') {
        t->kind = T_DICT_END;
        t->depth = --(*depth);
        i += 2;
    } else if (c == '[') {
        t->kind = T_ARR;
        (*depth)++;
        i++;
    } else if (c == ']') {
        t->kind = T_ARR_END;
        t->depth = --(*depth);
        i++;
    } else if (c == '<') {
        t->kind = T_STR;
        while (i < n && d[i] != '>')
            i++;
        if (i++ >= n)
            return 0;
    } else if (c == '(') {
        t->kind = T_STR;
        int nest = 0;
        for (; i < n; i++) {
            if (d[i] == '\\')
                i++;
            else if (d[i] == '(')
                nest++;
            else if (d[i] == ')' && --nest == 0)
                break;
        }
        if (i++ >= n)
            return 0;
    } else if (c == '/') {
        t->kind = T_NAME;
        for (i++; i < n && !is_space(d[i]) && !is_delim(d[i]); i++)
            ;
    } else if (c == ')' || c == '>' || c == '{' || c == '}') {
        return 0;
    } else {
        t->kind = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ? T_NUM : T_WORD;
        t->integer = t->kind == T_NUM;
        for (; i < n && !is_space(d[i]) && !is_delim(d[i]); i++)
            if (d[i] < '0' || d[i] > '9')
                t->integer = 0;
    }
    t->end = i;
    *pos = i;
    return *depth >= 0;
}

static int tok_is(const packet *pk, const tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->end - t->start == n && !memcmp(pk->d + t->start, word, n);
}

static long tok_int(const packet *pk, const tok *t)
{
    long v = 0;
    for (size_t i = t->start; i < t->end && v < 100000000; i++)
        v = v * 10 + (pk->d[i] - '0');
    return v;
}

/* Object number of the reference "N G R" at token i of toks[0..n), or -1. */
static long ref_at(const packet *pk, const tok *toks, size_t i, size_t n)
{
    if (i + 2 >= n || !toks[i].integer || !toks[i + 1].integer || toks[i + 2].kind != T_WORD ||
        !tok_is(pk, &toks[i + 2], "R"))
        return -1;
    return tok_int(pk, &toks[i]);
}

/* The token after the value starting at i. */
static size_t skip_value(const packet *pk, const tok *toks, size_t i, size_t n)
{
    if (toks[i].kind == T_DICT || toks[i].kind == T_ARR) {
        size_t j = i + 1;
        while (j < n && !((toks[j].kind == T_DICT_END || toks[j].kind == T_ARR_END) &&
                          toks[j].depth == toks[i].depth))
            j++;
        return j < n ? j + 1 : n;
    }
    return ref_at(pk, toks, i, n) >= 0 ? i + 3 : i + 1;
}

/* Index of the value of key in the dictionary that is object o's body, or -1. */
static long dict_get(const packet *pk, const object *o, const char *key)
{
    const tok *t = pk->toks + o->tok0;
    size_t n = o->n_toks;
    if (n < 2 || t[0].kind != T_DICT)
        return -1;
    for (size_t i = 1; i + 1 < n && t[i].kind == T_NAME;) {
        if (tok_is(pk, &t[i], key))
            return (long)(o->tok0 + i + 1);
        i = skip_value(pk, t, i + 1, n);
    }
    return -1;
}

static object *obj_ref(packet *pk, long k)
{
    return k > 0 && (size_t)k < pk->n_objs && pk->objs[k].in_use ? &pk->objs[k] : NULL;
}

/* The object the value at token i refers to, or NULL. */
static object *value_ref(packet *pk, long i)
{
    return i < 0 ? NULL : obj_ref(pk, ref_at(pk, pk->toks, (size_t)i, pk->n_toks));
}

static void push_tok(packet *pk, const tok *t)
{
    if (pk->n_toks == pk->cap_toks) {
        pk->cap_toks = pk->cap_toks ? 2 * pk->cap_toks : 4096;
        pk->toks = realloc(pk->toks, pk->cap_toks * sizeof *pk->toks);
        if (!pk->toks)
            pg_oom();
    }
    pk->toks[pk->n_toks++] = *t;
}

/* Object k at offset off: "k 0 obj", its body, and its stream data if any. */
static int read_object(packet *pk, size_t k, size_t off)
{
    object *o = &pk->objs[k];
    size_t pos = off;
    int depth = 0;
    tok a, b, c;
    if (!lex(pk, &pos, &a, &depth) || !lex(pk, &pos, &b, &depth) || !lex(pk, &pos, &c, &depth) ||
        !a.integer || (size_t)tok_int(pk, &a) != k || !tok_is(pk, &c, "obj"))
        return bad(pk, "an object is not where the cross-reference table says");
    o->tok0 = pk->n_toks;
    tok t;
    for (;;) {
        if (!lex(pk, &pos, &t, &depth))
            return bad(pk, "an object is cut short or malformed");
        if (t.kind == T_WORD && t.depth == 0 &&
            (tok_is(pk, &t, "endobj") || tok_is(pk, &t, "stream")))
            break;
        push_tok(pk, &t);
    }
    o->n_toks = pk->n_toks - o->tok0;
    if (tok_is(pk, &t, "stream")) {
        if (pos < pk->len && pk->d[pos] == '\r')
            pos++;
        if (pos < pk->len && pk->d[pos] == '\n')
            pos++;
        o->is_stream = 1;
        o->data = pos;
    }
    return 0;
}

/* Stream lengths may be indirect objects written after the stream: resolved once every
 * object is read. */
static int read_stream_lengths(packet *pk)
{
    for (size_t k = 1; k < pk->n_objs; k++) {
        object *o = &pk->objs[k];
        if (!o->in_use || !o->is_stream)
            continue;
        long v = dict_get(pk, o, "/Length");
        long len = -1;
        object *lo = value_ref(pk, v);
        if (lo && lo->n_toks == 1 && pk->toks[lo->tok0].integer)
            len = tok_int(pk, &pk->toks[lo->tok0]);
        else if (v >= 0 && pk->toks[v].integer)
            len = tok_int(pk, &pk->toks[v]);
        if (len < 0 || (size_t)len > pk->len - o->data)
            return bad(pk, "a stream has no usable /Length");
        o->data_len = (size_t)len;
        size_t pos = o->data + o->data_len;
        int depth = 0;
        tok t;
        if (!lex(pk, &pos, &t, &depth) || !tok_is(pk, &t, "endstream"))
            return bad(pk, "a stream does not end where its /Length says");
    }
    return 0;
}

/* The cross-reference table (7.5.4) and the trailer's /Root; *root gets the catalog. */
static int read_xref(packet *pk, object **root)
{
    const unsigned char *d = pk->d;
    size_t tail = pk->len > 1024 ? pk->len - 1024 : 0, sx = 0;
    for (size_t i = tail; i + 9 <= pk->len; i++)
        if (!memcmp(d + i, "startxref", 9))
            sx = i + 9;
    int depth = 0;
    tok t, u, v;
    size_t pos = sx;
    if (!sx || !lex(pk, &pos, &t, &depth) || !t.integer)
        return bad(pk, "no startxref");
    pos = (size_t)tok_int(pk, &t);
    if (pos >= pk->len || !lex(pk, &pos, &t, &depth) || !tok_is(pk, &t, "xref"))
        return bad(pk, "no cross-reference table (is it a PDF pdfgen wrote?)");
    size_t *offs = NULL;
    int rc = 0;
    for (;;) {
        if (!lex(pk, &pos, &t, &depth)) {
            rc = bad(pk, "the cross-reference table is cut short");
            goto done;
        }
        if (tok_is(pk, &t, "trailer"))
            break;
        if (!t.integer || !lex(pk, &pos, &u, &depth) || !u.integer) {
            rc = bad(pk, "malformed cross-reference table");
            goto done;
        }
        size_t first = (size_t)tok_int(pk, &t), count = (size_t)tok_int(pk, &u);
        if (first + count > MAX_OBJECTS) {
            rc = bad(pk, "too many objects");
            goto done;
        }
        if (first + count > pk->n_objs) {
            pk->objs = realloc(pk->objs, (first + count) * sizeof *pk->objs);
            offs = realloc(offs, (first + count) * sizeof *offs);
            if (!pk->objs || !offs)
                pg_oom();
            memset(pk->objs + pk->n_objs, 0, (first + count - pk->n_objs) * sizeof *pk->objs);
            pk->n_objs = first + count;
        }
        for (size_t k = first; k < first + count; k++) {
            if (!lex(pk, &pos, &t, &depth) || !lex(pk, &pos, &u, &depth) ||
                !lex(pk, &pos, &v, &depth) || !t.integer) {
                rc = bad(pk, "malformed cross-reference entry");
                goto done;
            }
            pk->objs[k].in_use = k > 0 && tok_is(pk, &v, "n");
            offs[k] = (size_t)tok_int(pk, &t);
        }
    }
    size_t trailer0 = pk->n_toks;
    object trailer = {.tok0 = trailer0};
    while (lex(pk, &pos, &t, &depth) && !tok_is(pk, &t, "startxref"))
        push_tok(pk, &t);
    trailer.n_toks = pk->n_toks - trailer0;
    for (size_t k = 1; k < pk->n_objs; k++)
        if (pk->objs[k].in_use)
            PG_CHECK(read_object(pk, k, offs[k]));
    PG_CHECK(read_stream_lengths(pk));
    if (dict_get(pk, &trailer, "/Encrypt") >= 0 ||
        !(*root = value_ref(pk, dict_get(pk, &trailer, "/Root"))))
        rc = bad(pk, "encrypted, or no /Root in the trailer");
done:
    free(offs);
    return rc;
}

/* ---- writing ----------------------------------------------------------------------- */

static uint32_t new_object(pg_print_file *pf)
{
    if (pf->n_objects == pf->cap_objects) {
        pf->cap_objects = pf->cap_objects ? 2 * pf->cap_objects : 4096;
        pf->offsets = realloc(pf->offsets, pf->cap_objects * sizeof *pf->offsets);
        if (!pf->offsets)
            pg_oom();
    }
    pf->offsets[pf->n_objects] = 0;
    return (uint32_t)pf->n_objects++;
}

static void begin_object(pg_print_file *pf, uint32_t n)
{
    pf->offsets[n] = (uint64_t)ftello(pf->f);
    fprintf(pf->f, "%u 0 obj\n", n);
}

static void add_page(pg_print_file *pf, uint32_t n)
{
    if (pf->n_pages == pf->cap_pages) {
        pf->cap_pages = pf->cap_pages ? 2 * pf->cap_pages : 1024;
        pf->pages = realloc(pf->pages, pf->cap_pages * sizeof *pf->pages);
        if (!pf->pages)
            pg_oom();
    }
    pf->pages[pf->n_pages++] = n;
}

/* Whether the reference at token i is the value of a dictionary's /Parent. */
static int is_parent(const packet *pk, const tok *t, size_t i)
{
    return i > 0 && t[i].depth == 1 && t[i - 1].kind == T_NAME && tok_is(pk, &t[i - 1], "/Parent");
}

/* Object o with its references renumbered; a /Parent (of a page) becomes the print
 * file's page tree. */
static void write_object(pg_print_file *pf, packet *pk, const object *o)
{
    const tok *t = pk->toks + o->tok0;
    size_t n = o->n_toks;
    begin_object(pf, o->out);
    size_t at = n ? t[0].start : 0;
    for (size_t i = 0; i < n;) {
        fwrite(pk->d + at, 1, t[i].start - at, pf->f); /* the spacing between tokens */
        long r = ref_at(pk, t, i, n);
        if (r >= 0) {
            fprintf(pf->f, "%u 0 R", is_parent(pk, t, i) ? (uint32_t)OBJ_PAGES : pk->objs[r].out);
            at = t[i + 2].end;
            i += 3;
        } else {
            fwrite(pk->d + t[i].start, 1, t[i].end - t[i].start, pf->f);
            at = t[i].end;
            i++;
        }
    }
    if (o->is_stream) {
        fputs("\nstream\r\n", pf->f);
        fwrite(pk->d + o->data, 1, o->data_len, pf->f);
        fputs("\r\nendstream", pf->f);
    }
    fputs("\nendobj\n", pf->f);
}

static void push_object(object ***list, size_t *n, size_t *cap, object *o)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 256;
        *list = realloc(*list, *cap * sizeof **list);
        if (!*list)
            pg_oom();
    }
    (*list)[(*n)++] = o;
}

/* Numbers every object reachable from the page (not through /Parent) and lists them. */
static int collect(pg_print_file *pf, packet *pk, object *page, object ***order, size_t *n,
                   size_t *cap)
{
    size_t start = *n;
    if (page->out)
        return bad(pk, "a page appears twice in the page tree");
    page->out = new_object(pf);
    push_object(order, n, cap, page);
    for (size_t q = start; q < *n; q++) {
        const object *o = (*order)[q];
        const tok *t = pk->toks + o->tok0;
        for (size_t i = 0; i < o->n_toks; i++) {
            long r = ref_at(pk, t, i, o->n_toks);
            if (r < 0 || is_parent(pk, t, i))
                continue;
            object *target = obj_ref(pk, r);
            if (!target)
                return bad(pk, "a reference to a missing object");
            if (target->out)
                continue;
            target->out = new_object(pf);
            push_object(order, n, cap, target);
        }
    }
    return 0;
}

/* The pages of the tree under node, in order (7.7.3.2). */
static int list_pages(packet *pk, object *node, object ***pages, size_t *n, size_t *cap, int level)
{
    long type = dict_get(pk, node, "/Type");
    if (type >= 0 && tok_is(pk, &pk->toks[type], "/Page")) {
        if (dict_get(pk, node, "/MediaBox") < 0 || dict_get(pk, node, "/Resources") < 0)
            return bad(pk, "a page inherits its size or resources");
        push_object(pages, n, cap, node);
        return 0;
    }
    long kids = dict_get(pk, node, "/Kids");
    if (level > 32 || type < 0 || !tok_is(pk, &pk->toks[type], "/Pages") || kids < 0 ||
        pk->toks[kids].kind != T_ARR)
        return bad(pk, "malformed page tree");
    size_t end = skip_value(pk, pk->toks, (size_t)kids, pk->n_toks) - 1;
    for (size_t i = (size_t)kids + 1; i < end; i += 3) {
        object *kid = value_ref(pk, (long)i);
        if (!kid)
            return bad(pk, "malformed page tree");
        int rc = list_pages(pk, kid, pages, n, cap, level + 1);
        if (rc)
            return rc;
    }
    return 0;
}

/* A blank page the size of page (whose /MediaBox is a direct array). */
static int write_blank(pg_print_file *pf, packet *pk, const object *page)
{
    long mb = dict_get(pk, page, "/MediaBox");
    if (pk->toks[mb].kind != T_ARR)
        return bad(pk, "a page's /MediaBox is not an array");
    size_t end = skip_value(pk, pk->toks, (size_t)mb, pk->n_toks) - 1;
    uint32_t n = new_object(pf);
    begin_object(pf, n);
    fprintf(pf->f, "<< /Type /Page /Parent %u 0 R /Resources << >> /MediaBox ", OBJ_PAGES);
    fwrite(pk->d + pk->toks[mb].start, 1, pk->toks[end].end - pk->toks[mb].start, pf->f);
    fputs(" >>\nendobj\n", pf->f);
    add_page(pf, n);
    return 0;
}

int pg_print_file_add(pg_print_file *pf, const unsigned char *data, size_t len, const char *name,
                      const char *bookmark, pg_error *err)
{
    packet pk = {.d = data, .len = len, .name = name, .err = err};
    object *root = NULL, **pages = NULL, **order = NULL;
    size_t n_pages = 0, cap_pages = 0, n_order = 0, cap_order = 0;
    size_t objects_before = pf->n_objects;
    int rc = 0;
    PG_CHECK(read_xref(&pk, &root));
    object *tree = value_ref(&pk, dict_get(&pk, root, "/Pages"));
    PG_CHECK(tree ? 0 : bad(&pk, "no page tree"));
    PG_CHECK(list_pages(&pk, tree, &pages, &n_pages, &cap_pages, 0));
    PG_CHECK(n_pages ? 0 : bad(&pk, "no pages"));
    for (size_t i = 0; i < n_pages; i++)
        PG_CHECK(collect(pf, &pk, pages[i], &order, &n_order, &cap_order));
    for (size_t i = 0; i < n_order; i++)
        write_object(pf, &pk, order[i]);
    for (size_t i = 0; i < n_pages; i++)
        add_page(pf, pages[i]->out);
    if (pf->n_marks == pf->cap_marks) {
        pf->cap_marks = pf->cap_marks ? 2 * pf->cap_marks : 256;
        pf->marks = realloc(pf->marks, pf->cap_marks * sizeof *pf->marks);
        if (!pf->marks)
            pg_oom();
    }
    char *title = strdup(bookmark);
    if (!title)
        pg_oom();
    pf->marks[pf->n_marks++] = (mark){pages[0]->out, title};
    if (pf->duplex && n_pages % 2)
        rc = write_blank(pf, &pk, pages[n_pages - 1]);
done:
    if (rc)
        pf->n_objects = objects_before; /* nothing of it was written */
    free(pages);
    free(order);
    free(pk.toks);
    free(pk.objs);
    return rc;
}

int pg_print_file_open(pg_print_file **out, const char *path, int duplex, pg_error *err)
{
    pg_print_file *pf = calloc(1, sizeof *pf);
    if (!pf)
        pg_oom();
    pf->duplex = duplex;
    int rc = pg_atomic_open(&pf->out, path, err);
    if (rc) {
        free(pf);
        return rc;
    }
    pf->f = pf->out.f;
    while (pf->n_objects < OBJ_FIRST_FREE)
        new_object(pf);
    fputs("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", pf->f);
    *out = pf;
    return 0;
}

void pg_print_file_abort(pg_print_file *pf)
{
    if (!pf)
        return;
    if (pf->out.f)
        pg_atomic_abort(&pf->out);
    for (size_t i = 0; i < pf->n_marks; i++)
        free(pf->marks[i].title);
    free(pf->marks);
    free(pf->pages);
    free(pf->offsets);
    free(pf);
}

static void write_text_string(FILE *f, const char *utf8)
{
    pg_arena *a = pg_arena_new();
    size_t n = 0;
    const unsigned char *u = pg_unicode_utf16be(utf8, &n, a);
    fputc('<', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02X", u[i]);
    fputc('>', f);
    pg_arena_free(a);
}

/* Page tree, outline, info, catalog, then the cross-reference table. */
static void write_tail(pg_print_file *pf, const char *title)
{
    FILE *f = pf->f;
    begin_object(pf, OBJ_PAGES);
    fputs("<< /Type /Pages /Count ", f);
    fprintf(f, "%zu /Kids [", pf->n_pages);
    for (size_t i = 0; i < pf->n_pages; i++)
        fprintf(f, "%s%u 0 R", i % 8 ? " " : "\n", pf->pages[i]);
    fputs(" ] >>\nendobj\n", f);

    uint32_t first = (uint32_t)pf->n_objects;
    for (size_t i = 0; i < pf->n_marks; i++)
        new_object(pf);
    for (size_t i = 0; i < pf->n_marks; i++) {
        begin_object(pf, first + (uint32_t)i);
        fputs("<< /Title ", f);
        write_text_string(f, pf->marks[i].title);
        fprintf(f, " /Parent %u 0 R /Dest [ %u 0 R /Fit ]", OBJ_OUTLINES, pf->marks[i].page);
        if (i > 0)
            fprintf(f, " /Prev %u 0 R", first + (uint32_t)i - 1);
        if (i + 1 < pf->n_marks)
            fprintf(f, " /Next %u 0 R", first + (uint32_t)i + 1);
        fputs(" >>\nendobj\n", f);
    }
    begin_object(pf, OBJ_OUTLINES);
    if (pf->n_marks)
        fprintf(f, "<< /Type /Outlines /First %u 0 R /Last %u 0 R /Count %zu >>\nendobj\n", first,
                first + (uint32_t)pf->n_marks - 1, pf->n_marks);
    else
        fputs("<< /Type /Outlines /Count 0 >>\nendobj\n", f);
    begin_object(pf, OBJ_INFO);
    fputs("<< /Title ", f);
    write_text_string(f, title);
    fputs(" /Creator (pdfgen " PG_VERSION ") /Producer (pdfgen " PG_VERSION ") >>\nendobj\n", f);
    begin_object(pf, OBJ_CATALOG);
    fprintf(f,
            "<< /Type /Catalog /Pages %u 0 R /Outlines %u 0 R /PageMode /UseOutlines >>\n"
            "endobj\n",
            OBJ_PAGES, OBJ_OUTLINES);

    uint64_t xref = (uint64_t)ftello(f);
    fprintf(f, "xref\n0 %zu\n0000000000 65535 f \n", pf->n_objects);
    for (size_t i = 1; i < pf->n_objects; i++)
        fprintf(f, "%010llu 00000 n \n", (unsigned long long)pf->offsets[i]);
    fprintf(f, "trailer\n<< /Size %zu /Root %u 0 R /Info %u 0 R >>\nstartxref\n%llu\n%%%%EOF\n",
            pf->n_objects, OBJ_CATALOG, OBJ_INFO, (unsigned long long)xref);
}

int pg_print_file_close(pg_print_file *pf, const char *title, int *pages, pg_error *err)
{
    int rc = 0;
    write_tail(pf, title);
    PG_CHECK(pg_atomic_commit(&pf->out, err));
    *pages = (int)pf->n_pages;
done:
    pg_print_file_abort(pf);
    return rc;
}
