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

void pg_bytes_free(pg_bytes *b)
{
    free(b->data);
    *b = (pg_bytes){0};
}
