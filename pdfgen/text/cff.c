/* cff.c — the charset of a CID-keyed CFF (Adobe TN 5176): header, Name INDEX, Top DICT
 * INDEX, the Top DICT's ROS (12 30), charset (15) and CharStrings (17) operators, and
 * the charset in format 0, 1 or 2. Every read is checked against the table's length. */
#include "text/cff.h"

#include <stdlib.h>

typedef struct reader {
    const unsigned char *d;
    size_t len;
} reader;

static int card(const reader *r, size_t at, int size, uint32_t *out)
{
    if (size < 1 || size > 4 || at > r->len || r->len - at < (size_t)size)
        return -1;
    uint32_t v = 0;
    for (int i = 0; i < size; i++)
        v = v << 8 | r->d[at + i];
    *out = v;
    return 0;
}

/* An INDEX at *at: its count, where its first object starts and *at past its end. */
static int index_at(const reader *r, size_t *at, uint32_t *count, size_t *first, size_t *first_len)
{
    uint32_t n, off_size, o0, o1, last;
    if (card(r, *at, 2, &n))
        return -1;
    *count = n;
    if (n == 0) {
        *at += 2;
        *first = *first_len = 0;
        return 0;
    }
    if (card(r, *at + 2, 1, &off_size) || off_size < 1 || off_size > 4)
        return -1;
    size_t offs = *at + 3, data = offs + (size_t)(n + 1) * off_size - 1;
    if (card(r, offs, (int)off_size, &o0) || card(r, offs + off_size, (int)off_size, &o1) ||
        card(r, offs + (size_t)n * off_size, (int)off_size, &last) || o0 != 1 || o1 < o0 ||
        last < o1 || data + last > r->len)
        return -1;
    *first = data + o0;
    *first_len = o1 - o0;
    *at = data + last;
    return 0;
}

/* The operands of DICT operator op (12 30 as 1230) in [at, at + len): up to 3 integers. */
static int dict_find(const reader *r, size_t at, size_t len, int op, int32_t *v, int *nv)
{
    int32_t stack[48];
    int n = 0;
    size_t end = at + len;
    if (end > r->len)
        return -1;
    while (at < end) {
        unsigned b = r->d[at];
        int32_t val;
        if (b <= 21) { /* an operator */
            int o = (int)b;
            if (b == 12) {
                if (at + 1 >= end)
                    return -1;
                o = 1200 + r->d[at + 1];
                at++;
            }
            at++;
            if (o == op) {
                *nv = n < 3 ? n : 3;
                for (int i = 0; i < *nv; i++)
                    v[i] = stack[i];
                return 1;
            }
            n = 0;
            continue;
        }
        if (b == 28 || b == 29) {
            uint32_t u;
            if (card(r, at + 1, b == 28 ? 2 : 4, &u))
                return -1;
            val = b == 28 ? (int16_t)u : (int32_t)u;
            at += b == 28 ? 3 : 5;
        } else if (b == 30) { /* a real: nibbles up to 0xf; not needed, skipped */
            at++;
            while (at < end && (r->d[at] & 0x0f) != 0x0f && (r->d[at] >> 4) != 0x0f)
                at++;
            at++;
            val = 0;
        } else if (b >= 32 && b <= 246) {
            val = (int32_t)b - 139;
            at++;
        } else if (b >= 247 && b <= 254) {
            if (at + 1 >= end)
                return -1;
            val = b <= 250 ? ((int32_t)b - 247) * 256 + r->d[at + 1] + 108
                           : -((int32_t)b - 251) * 256 - r->d[at + 1] - 108;
            at += 2;
        } else {
            return -1;
        }
        if (n < 48)
            stack[n++] = val;
    }
    return 0;
}

int pg_cff_cids(uint16_t **cids, unsigned *n_out, const unsigned char *data, size_t len)
{
    reader r = {data, len};
    *cids = NULL;
    *n_out = 0;
    uint32_t hdr, count;
    size_t at, top, top_len, ignore_len;
    if (card(&r, 2, 1, &hdr))
        return -1;
    at = hdr;
    if (index_at(&r, &at, &count, &top, &ignore_len) || /* Name INDEX */
        index_at(&r, &at, &count, &top, &top_len) || count < 1)
        return -1;
    int32_t v[3];
    int nv, found = dict_find(&r, top, top_len, 1230, v, &nv);
    if (found < 0)
        return -1;
    if (!found)
        return 0; /* name-keyed */
    int32_t cs, cset;
    if (dict_find(&r, top, top_len, 17, v, &nv) != 1 || nv < 1 || v[0] <= 0)
        return -1;
    cs = v[0];
    if (dict_find(&r, top, top_len, 15, v, &nv) != 1 || nv < 1 || v[0] <= 2)
        return -1;
    cset = v[0];
    size_t cs_at = (size_t)cs, first, first_len;
    uint32_t n_glyphs;
    if (index_at(&r, &cs_at, &n_glyphs, &first, &first_len) || n_glyphs == 0 || n_glyphs > 65536)
        return -1;
    uint16_t *map = calloc(n_glyphs, sizeof *map);
    if (!map)
        return -1;
    uint32_t fmt, g = 1;
    size_t p = (size_t)cset;
    int bad = card(&r, p++, 1, &fmt) || fmt > 2;
    while (!bad && g < n_glyphs) {
        uint32_t cid, left = 0;
        if (fmt == 0) {
            bad = card(&r, p, 2, &cid);
            p += 2;
        } else {
            bad = card(&r, p, 2, &cid) || card(&r, p + 2, fmt == 1 ? 1 : 2, &left);
            p += fmt == 1 ? 3 : 4;
        }
        for (uint32_t k = 0; !bad && k <= left && g < n_glyphs; k++)
            map[g++] = (uint16_t)(cid + k);
    }
    if (bad) {
        free(map);
        return -1;
    }
    *cids = map;
    *n_out = n_glyphs;
    return 1;
}
