/* bytes.c — see bytes.h. */
#include "core/bytes.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

void pg_bytes_add(pg_bytes *b, const void *p, size_t n)
{
    if (!n)
        return;
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        if (!(b->data = realloc(b->data, b->cap)))
            pg_oom();
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

void pg_bytes_add_uint(pg_bytes *b, unsigned long v)
{
    char digits[24];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while (v /= 10);
    pg_bytes_add(b, digits + i, sizeof digits - i);
}

void pg_bytes_free(pg_bytes *b)
{
    free(b->data);
    *b = (pg_bytes){0};
}
