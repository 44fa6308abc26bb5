/* deflate.c — see deflate.h; libdeflate lives here. */
#include "render/deflate.h"
#include "core/error.h"

#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

typedef struct packed {
    size_t len;
    unsigned char bytes[];
} packed;

/* One compressor per level, kept for the process: a render compresses some thirty
 * streams, a batch thousands, and a compressor's tables are some hundreds of KiB. */
enum { KEPT_LEVELS = 4 };
static struct {
    int level;
    struct libdeflate_compressor *c;
} kept[KEPT_LEVELS];
static int n_kept;

static struct libdeflate_compressor *compressor(int level)
{
    for (int i = 0; i < n_kept; i++)
        if (kept[i].level == level)
            return kept[i].c;
    if (n_kept == KEPT_LEVELS) { /* not with the levels pdfgen uses: start over */
        for (int i = 0; i < n_kept; i++)
            libdeflate_free_compressor(kept[i].c);
        n_kept = 0;
    }
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
    if (!c)
        pg_oom(); /* the level is pdfgen's own: only memory can be wanting */
    kept[n_kept].level = level;
    kept[n_kept++].c = c;
    return c;
}

unsigned char *pg_deflate_bytes(size_t *out_len, const void *data, size_t len, int level)
{
    struct libdeflate_compressor *c = compressor(level);
    size_t bound = libdeflate_zlib_compress_bound(c, len);
    unsigned char *buf = malloc(bound);
    if (!buf)
        pg_oom();
    *out_len = libdeflate_zlib_compress(c, data, len, buf, bound);
    /* The bound is a true bound: the compressed bytes always fit in it. */
    if (!*out_len)
        pg_oom();
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
