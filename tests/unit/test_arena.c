/* test_arena.c — the region allocator. */
#include "helpers.h"

#include "core/arena.h"

#include <stdint.h>
#include <string.h>

/* Fresh heap memory is zero already, so zeroing is checked on memory the arena hands out a
 * second time: every allocation is filled with 0xAA, the arena is reset, and the same
 * allocations come back from the dirtied first block. */
static void test_arena__alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    unsigned char *first[2] = {NULL, NULL};
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 1; i < 1000; i += 7) {
            unsigned char *p = pg_arena_alloc(a, (size_t)i);
            if (i == 1)
                first[pass] = p;
            assert_int_equal((uintptr_t)p % 16, 0);
            for (int k = 0; k < i; k++)
                assert_int_equal(p[k], 0);
            memset(p, 0xAA, (size_t)i);
        }
        pg_arena_reset(a);
    }
    /* The second pass really got the dirtied memory back. */
    assert_ptr_equal(first[1], first[0]);
    pg_arena_free(a);
}

static void test_arena__big_blocks_and_reset(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    size_t base = pg_arena_bytes(a);
    char *big = pg_arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 1;
    char *small = pg_arena_strdup(a, "still here");
    assert_string_equal(small, "still here");
    assert_true(pg_arena_bytes(a) > base + (1 << 20) - 1);
    pg_arena_reset(a);
    assert_int_equal(pg_arena_bytes(a), base);
    /* Reset memory is reused and zeroed again. */
    char *again = pg_arena_alloc(a, 64);
    assert_int_equal(again[0], 0);
    pg_arena_free(a);
}

static void test_arena__grow_keeps_contents(void **state)
{
    (void)state;
    pg_arena *a = pg_arena_new();
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 10000; i++) {
        pg_arena_grow(a, (void **)&v, &cap, (size_t)i + 1, sizeof *v);
        v[i] = i * 3;
    }
    for (int i = 0; i < 10000; i++)
        assert_int_equal(v[i], i * 3);
    assert_string_equal(pg_arena_printf(a, "%s-%d", "x", 42), "x-42");
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena__alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_arena__big_blocks_and_reset),
        cmocka_unit_test(test_arena__grow_keeps_contents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
