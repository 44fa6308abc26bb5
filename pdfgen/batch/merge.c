/* merge.c — the print file, written as packets are added. Each packet is a PDF pdfgen
 * wrote through libharu (ISO 32000-1: a classic cross-reference table, no object
 * streams, no encryption). Its pages and every object they use are copied with new
 * object numbers; the packet's catalog, page tree, outline and info are left behind.
 * Page tree, outline (12.3.3), info and cross-reference table are written at the end,
 * so memory holds one packet plus 8 bytes per object and 4 per page, however many
 * patients there are. (qpdf merges any PDF, but keeps every packet's objects in memory
 * until it writes: 0.65 MB per patient measured, 6.5 GB for 10,000.)
 *
 * What packets have in common is written once: an object that leads to no page and no
 * structure element (a font with its subset, widths and maps, a page's content stream)
 * is "shareable"; it is written with its references already renumbered, and when the
 * same bytes were written before, that object is used instead. The earlier bytes are
 * read back from the file and compared whole, so sharing never mixes up two patients'
 * pages; memory grows by 32 bytes per distinct shared object.
 *
 * Every other object that is no stream (structure elements, pages, arrays) goes into an
 * object stream (7.5.7) of up to OBJSTM_MAX, compressed, and the cross-reference table is
 * a compressed cross-reference stream (7.5.8): the structure a screen reader needs costs
 * a tenth of its plain size.
 *
 * The print file stays PDF/UA-1 and PDF/A-2u like its packets: each packet's structure
 * tree becomes a Part (with its language) of one Document, its parent-tree keys moved
 * past the packets before it (14.7.4.4), and the file gets its own XMP packet, the first
 * packet's output intent and an /ID digested from the packets. */
#include "batch/merge.h"
#include "core/arena.h"
#include "core/atomic_file.h"
#include "core/bytes.h"
#include "core/memo.h"
#include "render/deflate.h"
#include "render/pdfa.h"
#include "text/unicode.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Objects 1-8 of the print file are written last but numbered first. */
enum {
    OBJ_CATALOG = 1,
    OBJ_PAGES,
    OBJ_OUTLINES,
    OBJ_INFO,
    OBJ_STRUCT,      /* the StructTreeRoot */
    OBJ_DOCUMENT,    /* its Document element, whose kids are the packets' Parts */
    OBJ_PARENT_TREE, /* its ParentTree */
    OBJ_METADATA,    /* the XMP packet */
    OBJ_FIRST_FREE
};

#define MAX_OBJECTS 1000000
enum { OBJSTM_MAX = 400 };
/* Object streams at level 5: 6 takes 5 % longer for 0.8 % less, 1 saves 9 % of the run
 * but makes the file 12 % larger (measured on the 1,000-row benchmark's print file). */
#define OBJSTM_LEVEL 5
/* An offsets[] entry for an object in an object stream: the stream's number and the
 * object's index in it. */
#define IN_STREAM ((uint64_t)1 << 63)

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
    uint32_t *parts; /* per packet: its Part element */
    size_t n_parts, cap_parts;
    uint32_t *keys; /* per parent-tree key: the array of its page's elements, or 0 */
    size_t n_keys, cap_keys;
    uint32_t intents;      /* the output intents array, from the first packet */
    char lang[40];         /* the packets' language as a PDF string, "(mul)" once they differ */
    pg_pdf_id id;          /* digest of the packets' bytes: the trailer's /ID */
    struct shared *shared; /* open addressing by hash: the shareable objects written */
    size_t n_shared, cap_shared;
    size_t kept_shared;  /* bytes of their copies */
    pg_bytes obj;        /* an object being written */
    unsigned char *back; /* an earlier object read back to compare */
    size_t cap_back;
    pg_bytes stm; /* the objects waiting for the next object stream, one after the other */
    uint32_t stm_num[OBJSTM_MAX];
    size_t stm_at[OBJSTM_MAX];
    int n_stm_objs;
};

/* A shareable object written: its body's hash, place and length, and its number. */
typedef struct shared {
    uint64_t hash;
    uint64_t off;
    size_t len;
    uint32_t n;           /* 0: an empty slot */
    unsigned char *bytes; /* a copy, once it has been met again; or NULL */
} shared;

/* What the copies of objects met again may take: a batch's font subsets and unchanged
 * page parts recur packet after packet, and reading them back from the file for every
 * comparison flushed the file's buffer each time. */
#define KEPT_SHARED_BUDGET (16u << 20)

/* ---- reading a packet ------------------------------------------------------------ */

typedef enum { T_NUM, T_NAME, T_STR, T_DICT, T_DICT_END, T_ARR, T_ARR_END, T_WORD } tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t start, end; /* bytes of the token in the packet */
    int depth;         /* an opener and its closer have the same depth */
    int integer;       /* T_NUM of digits only */
} tok;

typedef enum { SHARE_UNKNOWN, SHARE_VISITING, SHARE_YES, SHARE_NO } share_state;

typedef struct object {
    size_t tok0, n_toks;   /* its body in the packet's token list */
    size_t data, data_len; /* stream data, when data_len or is_stream */
    int is_stream, in_use;
    int seen;          /* collected for copying */
    share_state share; /* whether it may be one object with an equal one of another packet */
    uint32_t out;      /* its number in the print file, 0 when not (yet) numbered */
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

/* ---- the object being written, in pf->obj ---- */

static void put(pg_print_file *pf, const void *p, size_t n)
{
    pg_bytes_add(&pf->obj, p, n);
}

static void put_str(pg_print_file *pf, const char *s)
{
    put(pf, s, strlen(s));
}

/* "n 0 R" without snprintf: a print file writes a reference for every one its packets
 * hold, and snprintf was a fifth of the parent's time. */
static void put_ref(pg_print_file *pf, uint32_t n)
{
    pg_bytes_add_uint(&pf->obj, n);
    put(pf, " 0 R", 4);
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

/* How a packet's objects change on the way: parent-tree keys move by key_base; the
 * packet's Document element (part) becomes a Part with the packet's language. */
typedef struct rewrite {
    long key_base;
    const object *part;
    const char *lang; /* a PDF string, "(es)" */
} rewrite;

/* Tokens t[0..n) with their references renumbered, into pf->obj; a /Parent (of a page)
 * becomes the print file's page tree. o is the object they belong to, for rw. */
static void put_tokens(pg_print_file *pf, packet *pk, const tok *t, size_t n, const object *o,
                       const rewrite *rw)
{
    char num[64];
    size_t at = n ? t[0].start : 0;
    for (size_t i = 0; i < n;) {
        put(pf, pk->d + at, t[i].start - at); /* the spacing between tokens */
        long r = ref_at(pk, t, i, n);
        int key = rw && t[i].kind == T_NAME && t[i].depth == 1 && i + 1 < n;
        if (r >= 0) {
            put_ref(pf, is_parent(pk, t, i) ? (uint32_t)OBJ_PAGES : pk->objs[r].out);
            at = t[i + 2].end;
            i += 3;
        } else if (key && tok_is(pk, &t[i], "/StructParents") && t[i + 1].integer) {
            put(pf, num,
                (size_t)snprintf(num, sizeof num, "/StructParents %ld",
                                 tok_int(pk, &t[i + 1]) + rw->key_base));
            at = t[i + 1].end;
            i += 2;
        } else if (key && o == rw->part && tok_is(pk, &t[i], "/S")) {
            put_str(pf, "/S /Part /Lang ");
            put_str(pf, rw->lang);
            at = t[i + 1].end;
            i += 2;
        } else {
            put(pf, pk->d + t[i].start, t[i].end - t[i].start);
            at = t[i].end;
            i++;
        }
    }
}

/* Object o's body (and stream) with its references renumbered, into pf->obj. */
static void put_object(pg_print_file *pf, packet *pk, const object *o, const rewrite *rw)
{
    pf->obj.len = 0;
    put_tokens(pf, pk, pk->toks + o->tok0, o->n_toks, o, rw);
    if (o->is_stream) {
        put_str(pf, "\nstream\r\n");
        put(pf, pk->d + o->data, o->data_len);
        put_str(pf, "\r\nendstream");
    }
}

/* The objects waiting as one compressed object stream. */
static void flush_objects(pg_print_file *pf)
{
    if (!pf->n_stm_objs)
        return;
    char head[OBJSTM_MAX * 24];
    size_t n_head = 0;
    for (int i = 0; i < pf->n_stm_objs; i++)
        n_head += (size_t)snprintf(head + n_head, sizeof head - n_head, "%u %zu ", pf->stm_num[i],
                                   pf->stm_at[i]);
    unsigned char *plain = malloc(n_head + pf->stm.len + 1);
    if (!plain)
        pg_oom();
    memcpy(plain, head, n_head);
    memcpy(plain + n_head, pf->stm.data, pf->stm.len);
    size_t n_packed;
    unsigned char *packed = pg_deflate_bytes(&n_packed, plain, n_head + pf->stm.len, OBJSTM_LEVEL);
    free(plain);
    uint32_t n = new_object(pf);
    begin_object(pf, n);
    fprintf(pf->f,
            "<< /Type /ObjStm /N %d /First %zu /Filter /FlateDecode /Length %zu >>\n"
            "stream\r\n",
            pf->n_stm_objs, n_head, n_packed);
    fwrite(packed, 1, n_packed, pf->f);
    fputs("\r\nendstream\nendobj\n", pf->f);
    free(packed);
    for (int i = 0; i < pf->n_stm_objs; i++)
        pf->offsets[pf->stm_num[i]] = IN_STREAM | ((uint64_t)n << 16) | (uint64_t)i;
    pf->stm.len = 0;
    pf->n_stm_objs = 0;
}

/* pf->obj (no stream) as object n, in the next object stream. */
static void write_buf(pg_print_file *pf, uint32_t n)
{
    pf->stm_num[pf->n_stm_objs] = n;
    pf->stm_at[pf->n_stm_objs++] = pf->stm.len;
    pg_bytes_add(&pf->stm, pf->obj.data, pf->obj.len);
    pg_bytes_add(&pf->stm, "\n", 1);
    if (pf->n_stm_objs == OBJSTM_MAX)
        flush_objects(pf);
}

static void write_object(pg_print_file *pf, packet *pk, const object *o, const rewrite *rw)
{
    put_object(pf, pk, o, rw);
    if (!o->is_stream) {
        write_buf(pf, o->out);
        return;
    }
    begin_object(pf, o->out);
    fwrite(pf->obj.data, 1, pf->obj.len, pf->f);
    fputs("\nendobj\n", pf->f);
}

/* ---- shareable objects ---- */

/* Keys that tie an object to a page or to the structure: never shared. */
static int tied(const packet *pk, const object *o)
{
    static const char *const keys[] = {"/Parent",       "/P",    "/Pg", "/StructParents",
                                       "/StructParent", "/Kids", "/K"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (dict_get(pk, o, keys[i]) >= 0)
            return 1;
    return 0;
}

/* Whether o leads to no object that is tied or in a cycle (pages, structure elements and
 * the trees they hang in all are). Depth-first and remembered per object; a chain deeper
 * than any pdfgen writes counts as not shareable. */
static int shareable(packet *pk, object *o, int depth)
{
    if (o->share == SHARE_YES || o->share == SHARE_NO)
        return o->share == SHARE_YES;
    if (o->share == SHARE_VISITING || depth > 16 || tied(pk, o)) {
        o->share = SHARE_NO; /* a cycle closes here, or too deep */
        return 0;
    }
    o->share = SHARE_VISITING;
    const tok *t = pk->toks + o->tok0;
    int yes = 1;
    for (size_t i = 0; i < o->n_toks && yes; i++) {
        long r = ref_at(pk, t, i, o->n_toks);
        object *target = r >= 0 ? obj_ref(pk, r) : NULL;
        if (r >= 0)
            yes = target && shareable(pk, target, depth + 1);
    }
    if (o->share == SHARE_VISITING) /* not already marked by a cycle through it */
        o->share = yes ? SHARE_YES : SHARE_NO;
    return o->share == SHARE_YES;
}

/* Whether the object written at off, len bytes, is pf->obj: read back and compared. */
static int same_as_written(pg_print_file *pf, shared *e)
{
    if (e->len != pf->obj.len || !e->len)
        return e->len == pf->obj.len;
    if (e->bytes)
        return !memcmp(e->bytes, pf->obj.data, e->len);
    if (e->len > pf->cap_back) {
        pf->cap_back = e->len;
        if (!(pf->back = realloc(pf->back, pf->cap_back)))
            pg_oom();
    }
    fflush(pf->f);
    for (size_t got = 0; got < e->len;) {
        ssize_t r = pread(fileno(pf->f), pf->back + got, e->len - got, (off_t)(e->off + got));
        if (r <= 0)
            return 0; /* cannot compare: write it again */
        got += (size_t)r;
    }
    if (memcmp(pf->back, pf->obj.data, e->len))
        return 0;
    /* Met again: it will likely recur. */
    if (pf->kept_shared + e->len <= KEPT_SHARED_BUDGET) {
        if (!(e->bytes = malloc(e->len)))
            pg_oom();
        memcpy(e->bytes, pf->back, e->len);
        pf->kept_shared += e->len;
    }
    return 1;
}

static void grow_shared(pg_print_file *pf)
{
    shared *old = pf->shared;
    size_t old_cap = pf->cap_shared;
    pf->cap_shared = old_cap ? old_cap * 2 : 1024;
    pf->shared = calloc(pf->cap_shared, sizeof *pf->shared);
    if (!pf->shared)
        pg_oom();
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].n)
            continue;
        size_t k = old[i].hash & (pf->cap_shared - 1);
        while (pf->shared[k].n)
            k = (k + 1) & (pf->cap_shared - 1);
        pf->shared[k] = old[i];
    }
    free(old);
}

/* Gives shareable object o its number: that of the same bytes written before, or a new
 * one under which it is written now. Whatever it refers to first. */
static void write_shared(pg_print_file *pf, packet *pk, object *o)
{
    if (o->out)
        return;
    const tok *t = pk->toks + o->tok0;
    for (size_t i = 0; i < o->n_toks; i++) {
        long r = ref_at(pk, t, i, o->n_toks);
        if (r >= 0)
            write_shared(pf, pk, &pk->objs[r]); /* shareable, so present and acyclic */
    }
    put_object(pf, pk, o, NULL);
    uint64_t h = pg_hash_bytes(pf->obj.data, pf->obj.len);
    if ((pf->n_shared + 1) * 2 > pf->cap_shared)
        grow_shared(pf);
    size_t k = h & (pf->cap_shared - 1);
    for (; pf->shared[k].n; k = (k + 1) & (pf->cap_shared - 1))
        if (pf->shared[k].hash == h && same_as_written(pf, &pf->shared[k])) {
            o->out = pf->shared[k].n;
            return;
        }
    o->out = new_object(pf);
    begin_object(pf, o->out);
    uint64_t off = (uint64_t)ftello(pf->f);
    fwrite(pf->obj.data, 1, pf->obj.len, pf->f);
    fputs("\nendobj\n", pf->f);
    pf->shared[k] = (shared){h, off, pf->obj.len, o->out, NULL};
    pf->n_shared++;
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

/* Numbers the objects the tokens t[0..n) refer to (not through /Parent) and lists them. */
static int number_refs(pg_print_file *pf, packet *pk, const tok *t, size_t n, object ***order,
                       size_t *n_order, size_t *cap)
{
    for (size_t i = 0; i < n; i++) {
        long r = ref_at(pk, t, i, n);
        if (r < 0 || is_parent(pk, t, i))
            continue;
        object *target = obj_ref(pk, r);
        if (!target)
            return bad(pk, "a reference to a missing object");
        if (target->seen)
            continue;
        target->seen = 1;
        /* A shareable object gets its number when it is written (write_shared). */
        if (!shareable(pk, target, 0))
            target->out = new_object(pf);
        push_object(order, n_order, cap, target);
    }
    return 0;
}

/* Numbers every object reachable from the tokens t[0..n) and lists them. */
static int collect_refs(pg_print_file *pf, packet *pk, const tok *t, size_t n, object ***order,
                        size_t *n_order, size_t *cap)
{
    size_t first = *n_order;
    int rc = number_refs(pf, pk, t, n, order, n_order, cap);
    for (size_t q = first; q < *n_order && !rc; q++) {
        const object *o = (*order)[q];
        rc = number_refs(pf, pk, pk->toks + o->tok0, o->n_toks, order, n_order, cap);
    }
    return rc;
}

/* Numbers the object start (a page, a structure element) and every object reachable
 * from it, and lists them. */
static int collect(pg_print_file *pf, packet *pk, object *start, object ***order, size_t *n,
                   size_t *cap)
{
    if (start->seen)
        return bad(pk, "an object is used twice");
    start->seen = 1;
    start->out = new_object(pf);
    push_object(order, n, cap, start);
    return collect_refs(pf, pk, pk->toks + start->tok0, start->n_toks, order, n, cap);
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

/* A blank page the size of page (whose /MediaBox is a direct array: checked before). */
static void write_blank(pg_print_file *pf, packet *pk, const object *page)
{
    long mb = dict_get(pk, page, "/MediaBox");
    size_t end = skip_value(pk, pk->toks, (size_t)mb, pk->n_toks) - 1;
    uint32_t n = new_object(pf);
    begin_object(pf, n);
    fprintf(pf->f, "<< /Type /Page /Parent %u 0 R /Resources << >> /MediaBox ", OBJ_PAGES);
    fwrite(pk->d + pk->toks[mb].start, 1, pk->toks[end].end - pk->toks[mb].start, pf->f);
    fputs(" >>\nendobj\n", pf->f);
    add_page(pf, n);
}

/* The first object the value at token i refers to, itself or as an array's first item. */
static object *first_ref(packet *pk, long i)
{
    if (i >= 0 && pk->toks[i].kind == T_ARR)
        i++;
    return value_ref(pk, i);
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 256;
    while (n < need)
        n *= 2;
    void *np = realloc(p, n * size);
    if (!np)
        pg_oom();
    *cap = n;
    return np;
}

/* The packet's structure: its Document element (whose objects join order) and the
 * arrays of its parent tree, each numbered as an object of the print file (arrays[k]
 * for key k, 0 for none; *n_keys gets the packet's ParentTreeNextKey). */
static int collect_structure(pg_print_file *pf, packet *pk, object *root, object **doc,
                             uint32_t **arrays, size_t *n_keys, size_t **tok_of, object ***order,
                             size_t *n_order, size_t *cap_order)
{
    object *st = value_ref(pk, dict_get(pk, root, "/StructTreeRoot"));
    if (!st)
        return bad(pk, "it is not a tagged PDF (no structure tree)");
    *doc = first_ref(pk, dict_get(pk, st, "/K"));
    object *tree = value_ref(pk, dict_get(pk, st, "/ParentTree"));
    long next = dict_get(pk, st, "/ParentTreeNextKey");
    if (!*doc || !tree || next < 0 || !pk->toks[next].integer)
        return bad(pk, "malformed structure tree");
    *n_keys = (size_t)tok_int(pk, &pk->toks[next]);
    /* References to the packet's own root (the Document's /P) go to the print file's
     * Document element, whose Part the packet's Document becomes. */
    st->out = OBJ_DOCUMENT;
    st->seen = 1;
    int rc = collect(pf, pk, *doc, order, n_order, cap_order);
    if (rc)
        return rc;
    long nums = dict_get(pk, tree, "/Nums");
    if (nums < 0 || pk->toks[nums].kind != T_ARR || *n_keys > 1000000)
        return bad(pk, "malformed parent tree");
    *arrays = calloc(*n_keys + 1, sizeof **arrays);
    *tok_of = calloc(*n_keys + 1, sizeof **tok_of); /* per key: its array's first token */
    if (!*arrays || !*tok_of)
        pg_oom();
    size_t end = skip_value(pk, pk->toks, (size_t)nums, pk->n_toks) - 1;
    for (size_t i = (size_t)nums + 1; i < end;) {
        const tok *key = &pk->toks[i];
        if (!key->integer || i + 1 >= end || pk->toks[i + 1].kind != T_ARR ||
            (size_t)tok_int(pk, key) >= *n_keys)
            return bad(pk, "malformed parent tree");
        size_t k = (size_t)tok_int(pk, key), v = i + 1, after = skip_value(pk, pk->toks, v, end);
        rc = collect_refs(pf, pk, pk->toks + v, after - v, order, n_order, cap_order);
        if (rc)
            return rc;
        if ((*arrays)[k])
            return bad(pk, "a parent-tree key appears twice");
        (*arrays)[k] = new_object(pf);
        (*tok_of)[k] = v;
        i = after;
    }
    return 0;
}

int pg_print_file_add(pg_print_file *pf, const unsigned char *data, size_t len, const char *name,
                      const char *bookmark, pg_error *err)
{
    packet pk = {.d = data, .len = len, .name = name, .err = err};
    object *root = NULL, **pages = NULL, **order = NULL, *doc = NULL;
    size_t n_pages = 0, cap_pages = 0, n_order = 0, cap_order = 0, n_keys = 0;
    size_t objects_before = pf->n_objects, *tok_of = NULL;
    uint32_t *arrays = NULL, intents = 0;
    int rc = 0;
    PG_CHECK(read_xref(&pk, &root));
    object *tree = value_ref(&pk, dict_get(&pk, root, "/Pages"));
    PG_CHECK(tree ? 0 : bad(&pk, "no page tree"));
    PG_CHECK(list_pages(&pk, tree, &pages, &n_pages, &cap_pages, 0));
    PG_CHECK(n_pages ? 0 : bad(&pk, "no pages"));
    long lang = dict_get(&pk, root, "/Lang");
    PG_CHECK(lang >= 0 && pk.toks[lang].kind == T_STR &&
                     pk.toks[lang].end - pk.toks[lang].start < sizeof pf->lang
                 ? 0
                 : bad(&pk, "no document language"));
    for (size_t i = 0; i < n_pages; i++)
        PG_CHECK(collect(pf, &pk, pages[i], &order, &n_order, &cap_order));
    PG_CHECK(collect_structure(pf, &pk, root, &doc, &arrays, &n_keys, &tok_of, &order, &n_order,
                               &cap_order));
    if (pf->duplex && n_pages % 2) { /* the blank back needs the last page's size */
        long mb = dict_get(&pk, pages[n_pages - 1], "/MediaBox");
        PG_CHECK(pk.toks[mb].kind == T_ARR ? 0 : bad(&pk, "a page's /MediaBox is not an array"));
    }
    long oi = dict_get(&pk, root, "/OutputIntents");
    if (!pf->intents) {
        PG_CHECK(oi >= 0 && pk.toks[oi].kind == T_ARR ? 0 : bad(&pk, "no output intent"));
        size_t end = skip_value(&pk, pk.toks, (size_t)oi, pk.n_toks);
        PG_CHECK(
            collect_refs(pf, &pk, pk.toks + oi, end - (size_t)oi, &order, &n_order, &cap_order));
        intents = new_object(pf);
    }

    /* Everything is numbered: write. */
    char lang_str[sizeof pf->lang];
    memcpy(lang_str, pk.d + pk.toks[lang].start, pk.toks[lang].end - pk.toks[lang].start);
    lang_str[pk.toks[lang].end - pk.toks[lang].start] = '\0';
    rewrite rw = {(long)pf->n_keys, doc, lang_str};
    for (size_t i = 0; i < n_order; i++)
        if (order[i]->share == SHARE_YES)
            write_shared(pf, &pk, order[i]);
    for (size_t i = 0; i < n_order; i++)
        if (order[i]->share != SHARE_YES)
            write_object(pf, &pk, order[i], &rw);
    for (size_t k = 0; k < n_keys; k++) {
        if (!arrays[k])
            continue;
        size_t v = tok_of[k], after = skip_value(&pk, pk.toks, v, pk.n_toks);
        pf->obj.len = 0;
        put_tokens(pf, &pk, pk.toks + v, after - v, NULL, &rw);
        write_buf(pf, arrays[k]);
    }
    if (intents) {
        size_t end = skip_value(&pk, pk.toks, (size_t)oi, pk.n_toks);
        pf->obj.len = 0;
        put_tokens(pf, &pk, pk.toks + oi, end - (size_t)oi, NULL, &rw);
        write_buf(pf, intents);
        pf->intents = intents;
    }
    for (size_t i = 0; i < n_pages; i++)
        add_page(pf, pages[i]->out);
    pf->keys = grow(pf->keys, &pf->cap_keys, pf->n_keys + n_keys, sizeof *pf->keys);
    memcpy(pf->keys + pf->n_keys, arrays, n_keys * sizeof *arrays);
    pf->n_keys += n_keys;
    pf->parts = grow(pf->parts, &pf->cap_parts, pf->n_parts + 1, sizeof *pf->parts);
    pf->parts[pf->n_parts++] = doc->out;
    if (!pf->lang[0])
        memcpy(pf->lang, lang_str, sizeof pf->lang);
    else if (strcmp(pf->lang, lang_str) != 0)
        strcpy(pf->lang, "(mul)"); /* ISO 639-2: multiple languages */
    pg_pdf_id_add(&pf->id, data, len);
    pf->marks = grow(pf->marks, &pf->cap_marks, pf->n_marks + 1, sizeof *pf->marks);
    char *title = strdup(bookmark);
    if (!title)
        pg_oom();
    pf->marks[pf->n_marks++] = (mark){pages[0]->out, title};
    if (pf->duplex && n_pages % 2)
        write_blank(pf, &pk, pages[n_pages - 1]);
done:
    if (rc)
        pf->n_objects = objects_before; /* nothing of it was written: errors come first */
    free(pages);
    free(order);
    free(arrays);
    free(tok_of);
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
    fputs("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", pf->f);
    pg_pdf_id_init(&pf->id);
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
    free(pf->parts);
    free(pf->keys);
    free(pf->pages);
    free(pf->offsets);
    for (size_t i = 0; i < pf->cap_shared; i++)
        free(pf->shared[i].bytes);
    free(pf->shared);
    pg_bytes_free(&pf->obj);
    free(pf->back);
    pg_bytes_free(&pf->stm);
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
    /* The structure: one Document of the packets' Parts, and the parent tree. */
    begin_object(pf, OBJ_STRUCT);
    fprintf(f,
            "<< /Type /StructTreeRoot /K [%u 0 R] /ParentTree %u 0 R /ParentTreeNextKey %zu >>\n"
            "endobj\n",
            OBJ_DOCUMENT, OBJ_PARENT_TREE, pf->n_keys);
    begin_object(pf, OBJ_DOCUMENT);
    fprintf(f, "<< /Type /StructElem /S /Document /P %u 0 R /K [", OBJ_STRUCT);
    for (size_t i = 0; i < pf->n_parts; i++)
        fprintf(f, "%s%u 0 R", i % 8 ? " " : "\n", pf->parts[i]);
    fputs(" ] >>\nendobj\n", f);
    begin_object(pf, OBJ_PARENT_TREE);
    fputs("<< /Nums [", f);
    for (size_t k = 0; k < pf->n_keys; k++)
        if (pf->keys[k])
            fprintf(f, "\n%zu %u 0 R", k, pf->keys[k]);
    fputs(" ] >>\nendobj\n", f);

    /* Info and XMP say the same (PDF/A-2 6.6.3). */
    const char *producer = "pdfgen " PG_VERSION;
    if (!pf->lang[0])
        strcpy(pf->lang, "(und)"); /* no packet: no language */
    char lang[sizeof pf->lang];
    size_t n_lang = strlen(pf->lang);
    memcpy(lang, pf->lang + 1, n_lang - 2);
    lang[n_lang - 2] = '\0';
    pg_doc_info info = {.title = title, .lang = lang};
    size_t n_xmp = 0;
    char *xmp = pg_pdfa_xmp(&n_xmp, &info, producer, NULL);
    begin_object(pf, OBJ_METADATA);
    fprintf(f, "<< /Type /Metadata /Subtype /XML /Length %zu >>\nstream\n", n_xmp);
    fwrite(xmp, 1, n_xmp, f);
    fputs("\nendstream\nendobj\n", f);
    free(xmp);
    begin_object(pf, OBJ_INFO);
    fputs("<< /Title ", f);
    write_text_string(f, title);
    fprintf(f, " /Creator (%s) /Producer (%s) >>\nendobj\n", producer, producer);
    begin_object(pf, OBJ_CATALOG);
    fprintf(f,
            "<< /Type /Catalog /Pages %u 0 R /Outlines %u 0 R /PageMode /UseOutlines\n"
            "/StructTreeRoot %u 0 R /MarkInfo << /Marked true >> /Lang %s\n"
            "/ViewerPreferences << /DisplayDocTitle true >> /Metadata %u 0 R",
            OBJ_PAGES, OBJ_OUTLINES, OBJ_STRUCT, pf->lang, OBJ_METADATA);
    if (pf->intents)
        fprintf(f, " /OutputIntents %u 0 R", pf->intents);
    fputs(" >>\nendobj\n", f);

    /* The cross-reference stream (7.5.8.2): W [1 5 2], type 1 offset + generation, type 2
     * object stream + index, type 0 for a number never written. */
    flush_objects(pf);
    uint32_t xref = new_object(pf);
    begin_object(pf, xref);
    /* Each row is stored as its difference from the row above (the PNG Up predictor,
     * 7.4.4.4): consecutive objects differ in a byte or two, which deflate then packs. */
    enum { ROW = 8 };
    size_t n_rows = pf->n_objects;
    unsigned char *rows = calloc(n_rows, ROW + 1), prev[ROW] = {0};
    if (!rows)
        pg_oom();
    for (size_t i = 0; i < n_rows; i++) {
        unsigned char r[ROW];
        uint64_t v = pf->offsets[i], field = v;
        unsigned gen = 0;
        if (i == 0) {
            r[0] = 0, field = 0, gen = 65535;
        } else if (v & IN_STREAM) {
            r[0] = 2, field = (v & ~IN_STREAM) >> 16, gen = (unsigned)(v & 0xFFFF);
        } else {
            r[0] = v ? 1 : 0;
        }
        for (int b = 0; b < 5; b++)
            r[1 + b] = (unsigned char)(field >> (8 * (4 - b)));
        r[6] = (unsigned char)(gen >> 8);
        r[7] = (unsigned char)gen;
        unsigned char *out = rows + (ROW + 1) * i;
        out[0] = 2; /* PNG filter type Up */
        for (int b = 0; b < ROW; b++)
            out[1 + b] = (unsigned char)(r[b] - prev[b]);
        memcpy(prev, r, ROW);
    }
    size_t n_packed;
    unsigned char *packed =
        pg_deflate_bytes(&n_packed, rows, (ROW + 1) * n_rows, PG_DEFLATE_DEFAULT);
    free(rows);
    char id[33];
    snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)pf->id.h[0],
             (unsigned long long)pf->id.h[1]);
    fprintf(f,
            "<< /Type /XRef /Size %zu /W [1 5 2] /Root %u 0 R /Info %u 0 R /ID [<%s> <%s>]\n"
            "/Filter /FlateDecode /DecodeParms << /Columns 8 /Predictor 12 >> /Length %zu >>\n"
            "stream\r\n",
            n_rows, OBJ_CATALOG, OBJ_INFO, id, id, n_packed);
    fwrite(packed, 1, n_packed, f);
    fprintf(f, "\r\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n",
            (unsigned long long)pf->offsets[xref]);
    free(packed);
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
