/* pdf_objects.c — libharu's object layer (hpdf_objects.h, hpdf_pages.h, hpdf_doc.h)
 * behind pdf_objects.h; the only file built without HPDF_SHARED. */
#include "render/pdf_objects.h"
#include "core/bytes.h"
#include "core/error.h"
#include "render/deflate.h"
#include "text/unicode.h"

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>

HPDF_Dict pg_haru_dict(HPDF_Doc pdf)
{
    return HPDF_Dict_New(pdf->mmgr);
}

HPDF_Dict pg_haru_indirect_dict(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* HPDF_Xref_Add frees d on failure */
    return d;
}

HPDF_Dict pg_haru_stream(HPDF_Doc pdf)
{
    HPDF_Dict st = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (st)
        st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return st;
}

HPDF_Dict pg_haru_plain_stream(HPDF_Doc pdf)
{
    HPDF_Dict st = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (st)
        st->filter = HPDF_STREAM_FILTER_NONE;
    return st;
}

pg_haru_array pg_haru_array_new(HPDF_Doc pdf)
{
    return HPDF_Array_New(pdf->mmgr);
}

void pg_haru_add(HPDF_Dict d, const char *key, void *obj)
{
    if (d && obj)
        HPDF_Dict_Add(d, key, obj);
}

void pg_haru_add_name(HPDF_Dict d, const char *key, const char *name)
{
    if (d)
        HPDF_Dict_AddName(d, key, name);
}

void pg_haru_add_int(HPDF_Dict d, const char *key, long v)
{
    if (d)
        HPDF_Dict_AddNumber(d, key, (HPDF_INT32)v);
}

void pg_haru_add_bool(HPDF_Dict d, const char *key, int v)
{
    if (d)
        HPDF_Dict_AddBoolean(d, key, v ? HPDF_TRUE : HPDF_FALSE);
}

void pg_haru_add_ascii(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *s)
{
    if (d && s)
        HPDF_Dict_Add(d, key, HPDF_String_New(pdf->mmgr, s, NULL));
}

void pg_haru_add_text(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *utf8)
{
    if (!d || !utf8 || !*utf8)
        return;
    pg_arena *a = pg_arena_new();
    size_t n = 0;
    unsigned char *buf = pg_unicode_utf16be(utf8, &n, a);
    HPDF_Dict_Add(d, key, HPDF_Binary_New(pdf->mmgr, buf, (HPDF_UINT)n));
    pg_arena_free(a);
}

void pg_haru_array_add(pg_haru_array arr, void *obj)
{
    if (arr && obj)
        HPDF_Array_Add(arr, obj);
}

void pg_haru_array_add_bytes(HPDF_Doc pdf, pg_haru_array arr, const void *bytes, size_t len)
{
    if (arr)
        HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)bytes, (HPDF_UINT)len));
}

void pg_haru_array_add_real(pg_haru_array arr, double v)
{
    if (arr)
        HPDF_Array_AddReal(arr, (HPDF_REAL)v);
}

void pg_haru_array_add_int(pg_haru_array arr, long v)
{
    if (arr)
        HPDF_Array_AddNumber(arr, (HPDF_INT32)v);
}

void pg_haru_stream_write(HPDF_Dict stream, const void *data, size_t len)
{
    if (stream)
        HPDF_Stream_Write(stream->stream, data, (HPDF_UINT)len);
}

void pg_haru_page_write(HPDF_Page page, const char *data, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)data, (HPDF_UINT)len);
}

pg_haru_array pg_haru_page_cut(HPDF_Doc pdf, HPDF_Page page, pg_haru_array contents)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->stream->size)
        return contents;
    HPDF_Dict next = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!next)
        return contents; /* the error is in the document's error state */
    HPDF_Array all = contents;
    if (!all) { /* the page's first cut: its one stream becomes the first of an array */
        all = HPDF_Array_New(pdf->mmgr);
        if (!all || HPDF_Array_Add(all, attr->contents) != HPDF_OK ||
            HPDF_Dict_Add(page, "Contents", all) != HPDF_OK)
            return NULL;
    }
    next->filter = attr->contents->filter;
    HPDF_Array_Add(all, next);
    attr->contents = next;
    attr->stream = next->stream;
    return all;
}

HPDF_Dict pg_haru_page_stream(HPDF_Page page)
{
    return ((HPDF_PageAttr)page->attr)->contents;
}

int pg_haru_page_font(HPDF_Page page, const char *name, HPDF_Dict font)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (!attr->fonts) {
        HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
        if (!res)
            return -1;
        attr->fonts = HPDF_Dict_New(page->mmgr);
        if (!attr->fonts || HPDF_Dict_Add(res, "Font", attr->fonts) != HPDF_OK)
            return -1;
    }
    return HPDF_Dict_Add(attr->fonts, name, font) == HPDF_OK ? 0 : -1;
}

HPDF_Dict pg_haru_catalog(HPDF_Doc pdf)
{
    return pdf->catalog;
}

HPDF_Dict pg_haru_info(HPDF_Doc pdf)
{
    return pdf->info;
}

HPDF_Dict pg_haru_trailer(HPDF_Doc pdf)
{
    return pdf->trailer;
}

unsigned long pg_haru_number(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF; /* without the type bits */
}

typedef struct raw_entries {
    size_t len;
    unsigned char bytes[];
} raw_entries;

/* libharu calls a dictionary's write_fn after its own entries, before the closing ">>". */
static HPDF_STATUS raw_write(HPDF_Dict d, HPDF_Stream out)
{
    const raw_entries *r = d->attr;
    return r && r->len ? HPDF_Stream_Write(out, r->bytes, (HPDF_UINT)r->len) : HPDF_OK;
}

static void raw_free(HPDF_Dict d)
{
    free(d->attr);
    d->attr = NULL;
}

void pg_haru_set_raw(HPDF_Dict d, const void *bytes, size_t len)
{
    if (!d)
        return;
    /* Only for plain dictionaries: others have hooks of libharu's own. */
    assert((!d->write_fn || d->write_fn == raw_write) && (!d->free_fn || d->free_fn == raw_free));
    raw_entries *r = malloc(sizeof *r + len);
    if (!r)
        pg_oom();
    r->len = len;
    memcpy(r->bytes, bytes, len);
    if (d->free_fn == raw_free)
        free(d->attr);
    d->attr = r;
    d->write_fn = raw_write;
    d->free_fn = raw_free;
}

void pg_haru_set_pdf17(HPDF_Doc pdf)
{
    pdf->pdf_version = HPDF_VER_17;
}

/* Said in the dictionary of a stream whose data is compressed already: libharu drops a
 * /Filter key it did not make itself, so the key is written by this hook. */
static HPDF_STATUS flate_filter(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* The data libharu holds for a stream, in one piece (malloc'd). */
static unsigned char *stream_data(HPDF_Stream st, size_t *len)
{
    unsigned char *buf = malloc(st->size ? st->size : 1);
    if (!buf)
        pg_oom();
    size_t n = 0;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(st); i++) {
        HPDF_UINT piece = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(st, i, &piece);
        if (!p || n + piece > st->size)
            break;
        memcpy(buf + n, p, piece);
        n += piece;
    }
    *len = n;
    return buf;
}

/* Bytes libharu reads a stream's data from at save (libharu copies its own memory
 * streams a byte at a time). */
typedef struct held {
    size_t len, at;
    unsigned char bytes[];
} held;

static HPDF_STATUS held_read(HPDF_Stream st, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    held *h = st->attr;
    size_t n = h->len - h->at < *siz ? h->len - h->at : *siz;
    memcpy(ptr, h->bytes + h->at, n);
    h->at += n;
    if (n < *siz) {
        *siz = (HPDF_UINT)n;
        return HPDF_STREAM_EOF;
    }
    return HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held *h = st->attr;
    long at = mode == HPDF_SEEK_CUR   ? (long)h->at + pos
              : mode == HPDF_SEEK_END ? (long)h->len + pos
                                      : pos;
    if (at < 0 || (size_t)at > h->len)
        return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
    h->at = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream st)
{
    return (HPDF_INT32)((held *)st->attr)->at;
}

static HPDF_UINT32 held_size(HPDF_Stream st)
{
    return (HPDF_UINT32)((held *)st->attr)->len;
}

static void held_free(HPDF_Stream st)
{
    free(st->attr);
    st->attr = NULL;
}

/* A stream libharu reads the len bytes at data from (copied). */
static HPDF_Stream held_stream(HPDF_Doc pdf, const void *data, size_t len)
{
    held *h = malloc(sizeof *h + len);
    if (!h)
        pg_oom();
    h->len = len;
    h->at = 0;
    memcpy(h->bytes, data, len);
    HPDF_Stream st =
        HPDF_CallbackReader_New(pdf->mmgr, held_read, held_seek, held_tell, held_size, h);
    if (!st) {
        free(h);
        return NULL;
    }
    st->free_fn = held_free;
    return st;
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t) * (const HPDF_Dict *)a, y = (uintptr_t) * (const HPDF_Dict *)b;
    return (x > y) - (x < y);
}

void pg_haru_deflate_streams(HPDF_Doc pdf, pg_memo *memo, const HPDF_Dict *once, size_t n_once)
{
    HPDF_Dict *sorted = malloc(sizeof *sorted * (n_once + 1));
    if (!sorted)
        pg_oom();
    if (n_once)
        memcpy(sorted, once, sizeof *sorted * n_once);
    qsort(sorted, n_once, sizeof *sorted, by_address);
    HPDF_List entries = pdf->xref->entries;
    for (HPDF_UINT i = 0; i < entries->count; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(entries, i);
        HPDF_Obj_Header *h = e ? e->obj : NULL;
        if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
            continue;
        HPDF_Dict d = e->obj;
        if (!d->stream || d->stream->type != HPDF_STREAM_MEMORY || d->write_fn ||
            d->filter != HPDF_STREAM_FILTER_FLATE_DECODE)
            continue;
        size_t len = 0;
        unsigned char *raw = stream_data(d->stream, &len);
        if (len != d->stream->size) { /* not all there: leave it to libharu */
            free(raw);
            continue;
        }
        unsigned char *own = NULL;
        const unsigned char *packed;
        size_t packed_len;
        if (bsearch(&d, sorted, n_once, sizeof *sorted, by_address))
            packed = own = pg_deflate_bytes(&packed_len, raw, len, PG_DEFLATE_DEFAULT);
        else
            pg_deflate(&packed, &packed_len, memo, raw, len);
        free(raw);
        HPDF_Stream packed_st = held_stream(pdf, packed, packed_len);
        free(own);
        if (!packed_st)
            continue; /* left to libharu */
        HPDF_Stream_Free(d->stream);
        d->stream = packed_st;
        d->filter = HPDF_STREAM_FILTER_NONE;
        d->write_fn = flate_filter;
    }
    free(sorted);
}

/* libharu's save goes here: appended to a growing buffer. */
static HPDF_STATUS save_write(HPDF_Stream st, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
    pg_bytes_add(st->attr, ptr, siz);
    return HPDF_OK;
}

int pg_haru_save(HPDF_Doc pdf, unsigned char **out, size_t *out_len)
{
    pg_bytes sv = {0};
    HPDF_Stream st = HPDF_CallbackWriter_New(pdf->mmgr, save_write, &sv);
    if (!st)
        return -1;
    if (pdf->stream)
        HPDF_Stream_Free(pdf->stream);
    pdf->stream = st; /* HPDF_SaveToStream writes to the document's stream */
    HPDF_STATUS rc = HPDF_SaveToStream(pdf);
    pdf->stream = NULL;
    HPDF_Stream_Free(st);
    if (rc != HPDF_OK) {
        pg_bytes_free(&sv);
        return -1;
    }
    *out = sv.data;
    *out_len = sv.len;
    return 0;
}
