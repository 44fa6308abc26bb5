/* deflate.h — Flate compression of PDF streams (ISO 32000-1 7.4.4: zlib, RFC 1950), with
 * a memo: the pages, fonts and maps a batch writes for one patient are mostly the bytes
 * it wrote for the patient before, and each is compressed once. */
#ifndef PG_DEFLATE_H
#define PG_DEFLATE_H

#include "core/memo.h"

#include <stddef.h>

/** The compression of the len bytes at data at PG_DEFLATE_DEFAULT, in *out and
 * *out_len, valid until the next call with m; remembered in m, within its budget. */
void pg_deflate(const unsigned char **out, size_t *out_len, pg_memo *m, const void *data,
                size_t len);

/** The level of every stream of a PDF (README, Speed: chosen by measurement). */
#define PG_DEFLATE_DEFAULT 6

/** The compression of the len bytes at data at level (libdeflate's: 1 fastest to 12
 * smallest), in the zlib format, malloc'd; its length in *out_len. */
unsigned char *pg_deflate_bytes(size_t *out_len, const void *data, size_t len, int level);

#endif
