/* arena.h — region allocator: everything made for one handout lives in one arena and is
 * freed at once by pg_arena_reset, so a long batch runs in flat memory. */
#ifndef PG_ARENA_H
#define PG_ARENA_H

#include <stddef.h>

typedef struct pg_arena pg_arena;

/** A new empty arena; never NULL (aborts when out of memory). Free with pg_arena_free. */
pg_arena *pg_arena_new(void);
void pg_arena_free(pg_arena *a);
/** Frees everything allocated so far but keeps the first block for reuse. */
void pg_arena_reset(pg_arena *a);
/** Zeroed memory aligned for any type, valid until the next reset. */
void *pg_arena_alloc(pg_arena *a, size_t size);
/** Grows *array (of *cap elements of elem_size) to hold at least need elements. */
void pg_arena_grow(pg_arena *a, void **array, size_t *cap, size_t need, size_t elem_size);
char *pg_arena_strdup(pg_arena *a, const char *s);
char *pg_arena_strndup(pg_arena *a, const char *s, size_t n);
char *pg_arena_printf(pg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Bytes currently held (for the benchmark and leak checks). */
size_t pg_arena_bytes(const pg_arena *a);

#define PG_ARENA_NEW(a, type) ((type *)pg_arena_alloc((a), sizeof(type)))
#define PG_ARENA_ARRAY(a, type, n) ((type *)pg_arena_alloc((a), sizeof(type) * (size_t)(n)))

#endif
