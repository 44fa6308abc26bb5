/* test_memo.c — remembered results: found by their exact key bytes, kept until the memo
 * is trimmed over its budget, and the compressed-stream memo on top of it. */
#include "helpers.h"

#include "core/memo.h"
#include "render/deflate.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

static void test_memo__finds_by_the_whole_key(void **state)
{
    (void)state;
    pg_memo *m = pg_memo_new(1 << 20);
    char key[64];
    /* Keys that differ in one byte, at the start, in the middle and at the end, and
     * keys that are prefixes of others. */
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "paragraph %d of the handout", i);
        int *v = pg_arena_alloc(pg_memo_arena(m), sizeof *v);
        *v = i;
        pg_memo_put(m, key, strlen(key), v);
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "paragraph %d of the handout", i);
        int *v = pg_memo_get(m, key, strlen(key));
        assert_non_null(v);
        assert_int_equal(*v, i);
        assert_null(pg_memo_get(m, key, strlen(key) - 1));
        key[0] = 'P';
        assert_null(pg_memo_get(m, key, strlen(key)));
    }
    /* A key stored again keeps its first value. */
    int *other = pg_arena_alloc(pg_memo_arena(m), sizeof *other);
    *other = -1;
    pg_memo_put(m, "paragraph 7 of the handout", 26, other);
    assert_int_equal(*(int *)pg_memo_get(m, "paragraph 7 of the handout", 26), 7);
    /* An empty key is a key. */
    pg_memo_put(m, "", 0, other);
    assert_ptr_equal(pg_memo_get(m, "", 0), other);
    pg_memo_free(m);
}

static void test_memo__forgets_only_over_budget(void **state)
{
    (void)state;
    pg_memo *m = pg_memo_new(256 << 10);
    char *big = pg_arena_alloc(pg_memo_arena(m), 100 << 10);
    pg_memo_put(m, "a", 1, big);
    pg_memo_trim(m); /* under budget: kept */
    assert_ptr_equal(pg_memo_get(m, "a", 1), big);
    for (int i = 0; i < 3; i++) {
        char k = (char)('b' + i);
        pg_memo_put(m, &k, 1, pg_arena_alloc(pg_memo_arena(m), 100 << 10));
    }
    assert_non_null(pg_memo_get(m, "b", 1));
    pg_memo_trim(m); /* 400 KiB held: all forgotten */
    assert_null(pg_memo_get(m, "a", 1));
    assert_null(pg_memo_get(m, "b", 1));
    pg_memo_put(m, "c", 1, big);
    assert_non_null(pg_memo_get(m, "c", 1));
    pg_memo_free(m);
}

/* pg_deflate gives bytes that zlib inflates back to the input, the same pointer for the
 * same bytes, and never another input's bytes. */
static void test_memo__deflate_remembers_each_input(void **state)
{
    (void)state;
    pg_memo *m = pg_memo_new(1 << 20);
    char page[2][4096];
    for (int k = 0; k < 2; k++) {
        size_t n = 0;
        for (int i = 0; n + 64 < sizeof page[k]; i++)
            n += (size_t)snprintf(page[k] + n, sizeof page[k] - n, "BT /PF1 18 Tf %d %d Td ET\n",
                                  i * 7 + k, i);
    }
    const unsigned char *out[2];
    size_t len[2];
    for (int k = 0; k < 2; k++)
        pg_deflate(&out[k], &len[k], m, page[k], strlen(page[k]));
    for (int k = 0; k < 2; k++) {
        unsigned char back[4096];
        uLongf n = sizeof back;
        const unsigned char *again;
        size_t again_len;
        pg_deflate(&again, &again_len, m, page[k], strlen(page[k]));
        assert_int_equal(uncompress(back, &n, again, (uLong)again_len), Z_OK);
        assert_int_equal(n, strlen(page[k]));
        assert_memory_equal(back, page[k], n);
    }
    pg_deflate(&out[0], &len[0], m, page[0], strlen(page[0]));
    const unsigned char *first = out[0];
    pg_deflate(&out[0], &len[0], m, page[0], strlen(page[0]));
    assert_ptr_equal(out[0], first);
    pg_memo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memo__finds_by_the_whole_key),
        cmocka_unit_test(test_memo__forgets_only_over_budget),
        cmocka_unit_test(test_memo__deflate_remembers_each_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
