/* arena.c — a chain of blocks; large requests get a block of their own. */
#include "core/arena.h"
#include "core/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct block {
    struct block *next;
    size_t size, used;
    _Alignas(ALIGN) unsigned char data[];
} block;

struct pg_arena {
    block *first; /* kept across resets */
    block *head;
    size_t bytes;
};

static block *block_new(size_t size)
{
    block *b = malloc(sizeof(block) + size);
    if (!b)
        pg_oom();
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

pg_arena *pg_arena_new(void)
{
    pg_arena *a = calloc(1, sizeof *a);
    if (!a)
        pg_oom();
    a->first = a->head = block_new(BLOCK_SIZE);
    a->bytes = BLOCK_SIZE;
    return a;
}

void pg_arena_free(pg_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void pg_arena_reset(pg_arena *a)
{
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (b != a->first)
            free(b);
    }
    a->first->next = NULL;
    a->first->used = 0;
    a->head = a->first;
    a->bytes = a->first->size;
}

void *pg_arena_alloc(pg_arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    block *b = a->head;
    if (b->size - b->used < size) {
        size_t want = size > BLOCK_SIZE / 4 ? size : BLOCK_SIZE;
        b = block_new(want);
        a->bytes += want;
        if (want == size && a->head) {
            /* A big one-off block goes behind the head so the head keeps filling. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void pg_arena_grow(pg_arena *a, void **array, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem_size)
            pg_oom();
        n *= 2;
    }
    void *p = pg_arena_alloc(a, n * elem_size);
    if (*cap)
        memcpy(p, *array, *cap * elem_size);
    *array = p;
    *cap = n;
}

char *pg_arena_strndup(pg_arena *a, const char *s, size_t n)
{
    char *p = pg_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *pg_arena_strdup(pg_arena *a, const char *s)
{
    return pg_arena_strndup(a, s, strlen(s));
}

char *pg_arena_printf(pg_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *p = pg_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

size_t pg_arena_bytes(const pg_arena *a)
{
    return a->bytes;
}
