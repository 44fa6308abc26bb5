/* memo.c — see memo.h. An open-addressing table (linear probing, at most half full) of
 * 64-bit hashes; keys and values in one arena, so forgetting is one reset. */
#include "core/memo.h"
#include "core/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    uint64_t hash;
    size_t len;
    const unsigned char *key; /* NULL: empty */
    void *value;
} slot;

struct pg_memo {
    pg_arena *arena;
    size_t budget;
    slot *slots;
    size_t cap, used; /* cap a power of two */
};

/* Eight bytes a step (keys are whole font subsets and pages), then a final mix so the
 * low bits that pick the slot depend on every byte. */
uint64_t pg_hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0x9e3779b97f4a7c15u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    return h ^ (h >> 33);
}

static slot *new_slots(size_t cap)
{
    slot *s = calloc(cap, sizeof *s);
    if (!s)
        pg_oom();
    return s;
}

pg_memo *pg_memo_new(size_t budget)
{
    pg_memo *m = calloc(1, sizeof *m);
    if (!m)
        pg_oom();
    m->arena = pg_arena_new();
    m->budget = budget;
    m->cap = 64;
    m->slots = new_slots(m->cap);
    return m;
}

void pg_memo_free(pg_memo *m)
{
    if (!m)
        return;
    pg_arena_free(m->arena);
    free(m->slots);
    free(m);
}

/* The slot holding key, or the empty slot where it would go. */
static slot *find(const pg_memo *m, uint64_t h, const void *key, size_t len)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && !memcmp(s->key, key, len)))
            return s;
    }
}

void *pg_memo_get(pg_memo *m, const void *key, size_t len)
{
    slot *s = find(m, pg_hash_bytes(key, len), key, len);
    return s->key ? s->value : NULL;
}

static void grow(pg_memo *m)
{
    slot *old = m->slots;
    size_t old_cap = m->cap;
    m->cap *= 2;
    m->slots = new_slots(m->cap);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find(m, old[i].hash, old[i].key, old[i].len) = old[i];
    free(old);
}

void pg_memo_put(pg_memo *m, const void *key, size_t len, void *value)
{
    uint64_t h = pg_hash_bytes(key, len);
    slot *s = find(m, h, key, len);
    if (s->key)
        return;
    unsigned char *copy = pg_arena_alloc(m->arena, len ? len : 1);
    memcpy(copy, key, len);
    *s = (slot){h, len, copy, value};
    if (++m->used * 2 > m->cap)
        grow(m);
}

pg_arena *pg_memo_arena(pg_memo *m)
{
    return m->arena;
}

void pg_memo_trim(pg_memo *m)
{
    if (pg_arena_bytes(m->arena) <= m->budget)
        return;
    pg_arena_reset(m->arena);
    memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->used = 0;
}
