/* pdf_objects.h — the PDF object layer under libharu's public API: dictionaries, arrays,
 * streams, the catalog and the info dictionary, a page's content stream and resources.
 * pdf_objects.c is the one file that includes libharu's private headers; every other
 * render file is built with HPDF_SHARED, which leaves libharu's handles opaque, so the
 * compiler refuses any other reach into its structures. Failures are recorded in the
 * document's error state, which the renderer checks after each page and before saving. */
#ifndef PG_PDF_OBJECTS_H
#define PG_PDF_OBJECTS_H

#include "core/memo.h"

#include <hpdf.h>

#include <stddef.h>

typedef void *pg_haru_array; /* an HPDF_Array */

/** A new direct dictionary, or NULL. */
HPDF_Dict pg_haru_dict(HPDF_Doc pdf);
/** A new dictionary that is an object of its own (referenced, not copied), or NULL. */
HPDF_Dict pg_haru_indirect_dict(HPDF_Doc pdf);
/** A new indirect stream whose data is Flate-compressed when saved, or NULL. */
HPDF_Dict pg_haru_stream(HPDF_Doc pdf);
/** The same, left uncompressed (XMP metadata must stay readable, PDF/A 6.6.2.1). */
HPDF_Dict pg_haru_plain_stream(HPDF_Doc pdf);
pg_haru_array pg_haru_array_new(HPDF_Doc pdf);

void pg_haru_add(HPDF_Dict d, const char *key, void *obj);
void pg_haru_add_name(HPDF_Dict d, const char *key, const char *name);
void pg_haru_add_int(HPDF_Dict d, const char *key, long v);
void pg_haru_add_bool(HPDF_Dict d, const char *key, int v);
/** A PDF string of ASCII text (a language tag, a registry name). */
void pg_haru_add_ascii(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *s);
/** A PDF text string (7.9.2.2): UTF-16BE with a byte order mark, so any script works in
 * the info dictionary and in bookmarks. Nothing is added for NULL or "". */
void pg_haru_add_text(HPDF_Doc pdf, HPDF_Dict d, const char *key, const char *utf8);
void pg_haru_array_add(pg_haru_array arr, void *obj);
/** A PDF string of len arbitrary bytes (an ID), appended to an array. */
void pg_haru_array_add_bytes(HPDF_Doc pdf, pg_haru_array arr, const void *bytes, size_t len);
void pg_haru_array_add_real(pg_haru_array arr, double v);
void pg_haru_array_add_int(pg_haru_array arr, long v);

/** Appends len bytes to a stream made by pg_haru_stream. */
void pg_haru_stream_write(HPDF_Dict stream, const void *data, size_t len);
/** Appends len bytes to page's content stream. */
void pg_haru_page_write(HPDF_Page page, const char *data, size_t len);
/** Ends the page's current content stream (when it holds anything) and goes on in a new
 * one: the page's /Contents becomes an array of streams, read as one (7.8.2). contents
 * is what the page's last cut returned, NULL before its first; returns the array. */
pg_haru_array pg_haru_page_cut(HPDF_Doc pdf, HPDF_Page page, pg_haru_array contents);
/** Names font in page's resources (/Font << /name font >>). Returns 0 or -1. */
int pg_haru_page_font(HPDF_Page page, const char *name, HPDF_Dict font);

/** The content stream the page is being drawn into. */
HPDF_Dict pg_haru_page_stream(HPDF_Page page);

/** Compresses the data of every stream libharu would compress when saving, so saving
 * writes them as they are: through memo (the same bytes are compressed once per memo),
 * except the n_once streams at once (what only this document holds: remembering it
 * would only crowd out what others share). Call just before saving. */
void pg_haru_deflate_streams(HPDF_Doc pdf, pg_memo *memo, const HPDF_Dict *once, size_t n_once);

/** Saves the document into *out (malloc'd; *out_len bytes). Returns 0, or -1 with the
 * error in the document's error state. */
int pg_haru_save(HPDF_Doc pdf, unsigned char **out, size_t *out_len);

/** The document catalog, the document information dictionary (NULL until the first
 * HPDF_SetInfoAttr makes it) and the trailer dictionary. */
HPDF_Dict pg_haru_catalog(HPDF_Doc pdf);
HPDF_Dict pg_haru_info(HPDF_Doc pdf);
HPDF_Dict pg_haru_trailer(HPDF_Doc pdf);

/** The object number of an indirect object (a dictionary made by pg_haru_indirect_dict,
 * a page): what a reference to it in bytes of one's own says, "N 0 R". */
unsigned long pg_haru_number(const void *obj);

/** Entries of indirect dictionary d written as the len bytes at bytes (copied; entries
 * like "/S /P\n/P 12 0 R\n"), after those added through libharu. For objects made by the
 * hundred, where libharu's objects (one per key and value) cost more than the writing.
 * Given again, the new bytes replace the old. */
void pg_haru_set_raw(HPDF_Dict d, const void *bytes, size_t len);

/** Writes the header as %PDF-1.7 (libharu's public API stops at choosing 1.3-1.6 through
 * features it writes itself). */
void pg_haru_set_pdf17(HPDF_Doc pdf);

#endif
