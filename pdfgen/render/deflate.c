/* deflate.c — see deflate.h; zlib lives here. */
#include "render/deflate.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct packed {
    size_t len;
    unsigned char bytes[];
} packed;

unsigned char *pg_deflate_bytes(size_t *out_len, const void *data, size_t len, int level)
{
    uLongf got = compressBound((uLong)len);
    unsigned char *buf = malloc(got);
    /* compress2 fails only for want of memory: compressBound is a true bound. */
    if (!buf || compress2(buf, &got, data, (uLong)len, level) != Z_OK)
        pg_oom();
    *out_len = got;
    return buf;
}

void pg_deflate(const unsigned char **out, size_t *out_len, pg_memo *m, const void *data,
                size_t len)
{
    packed *p = pg_memo_get(m, data, len);
    if (!p) {
        size_t got;
        unsigned char *buf = pg_deflate_bytes(&got, data, len, PG_DEFLATE_DEFAULT);
        pg_memo_trim(m);
        p = pg_arena_alloc(pg_memo_arena(m), sizeof *p + got);
        p->len = got;
        memcpy(p->bytes, buf, got);
        free(buf);
        pg_memo_put(m, data, len, p);
    }
    *out = p->bytes;
    *out_len = p->len;
}
