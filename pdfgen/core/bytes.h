/* bytes.h — a growing byte buffer (malloc'd) for output made piece by piece: an object
 * being written, a key being built, a saved document. */
#ifndef PG_BYTES_H
#define PG_BYTES_H

#include <stddef.h>

typedef struct pg_bytes {
    unsigned char *data;
    size_t len, cap;
} pg_bytes;

/** Appends the n bytes at p (nothing for n == 0); aborts when out of memory. */
void pg_bytes_add(pg_bytes *b, const void *p, size_t n);

/** Appends v in decimal digits, written by hand: PDF writers add numbers by the
 * thousand (object numbers, MCIDs) and printf costs more than the rest of the work. */
void pg_bytes_add_uint(pg_bytes *b, unsigned long v);

/** Frees the data; the buffer is empty again. */
void pg_bytes_free(pg_bytes *b);

#endif
