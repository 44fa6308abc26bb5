/* deflate.c — see deflate.h; zlib lives here. */
#include "render/deflate.h"
#include "core/error.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

typedef struct packed {
    size_t len;
    unsigned char bytes[];
} packed;

/* One compressor per level, kept for the process. zlib's state is some 256 KiB, and
 * making it anew for each of a render's thirty streams (fresh memory, zeroed) cost more
 * than compressing the small ones. deflateReset gives the bytes compress2 gives. */
enum { KEPT_LEVELS = 4 };
static struct {
    int level;
    z_stream z;
} kept[KEPT_LEVELS];
static int n_kept;

static z_stream *compressor(int level)
{
    for (int i = 0; i < n_kept; i++)
        if (kept[i].level == level)
            return &kept[i].z;
    if (n_kept == KEPT_LEVELS) { /* not with the levels pdfgen uses: start over */
        for (int i = 0; i < n_kept; i++)
            deflateEnd(&kept[i].z);
        n_kept = 0;
    }
    z_stream *z = &kept[n_kept].z;
    memset(z, 0, sizeof *z);
    if (deflateInit(z, level) != Z_OK)
        pg_oom(); /* the level is pdfgen's own: only memory can be wanting */
    kept[n_kept++].level = level;
    return z;
}

unsigned char *pg_deflate_bytes(size_t *out_len, const void *data, size_t len, int level)
{
    z_stream *z = compressor(level);
    size_t bound = deflateBound(z, (uLong)len); /* uLong holds a size_t on Linux */
    unsigned char *buf = malloc(bound);
    if (!buf)
        pg_oom();
    /* zlib counts in uInt: a stream over 4 GiB goes in pieces. */
    const unsigned char *in = data;
    size_t left = len;
    z->next_out = buf;
    int rc;
    do {
        uInt piece = left > UINT_MAX ? UINT_MAX : (uInt)left;
        z->next_in = (unsigned char *)in;
        z->avail_in = piece;
        in += piece;
        left -= piece;
        size_t room = bound - (size_t)(z->next_out - buf);
        z->avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
        rc = deflate(z, left ? Z_NO_FLUSH : Z_FINISH);
    } while (left && rc == Z_OK);
    /* The bound is a true bound: short of it only a failing zlib stops. */
    if (rc != Z_STREAM_END)
        pg_oom();
    *out_len = (size_t)(z->next_out - buf);
    deflateReset(z);
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
