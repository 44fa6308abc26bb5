/* test_cff.c — the CID of each glyph of a CID-keyed CFF (text/cff.c), a name-keyed CFF
 * told apart, and damaged tables refused without a read past their end. */
#include "helpers.h"

#include "text/cff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc((size_t)n);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return d;
}

static void test_cff__cid_keyed_subset_keeps_its_cids(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d =
        slurp(src_path("tests/fuzz/corpus/cff/NotoSansCJKsc-Regular-subset.cff"), &len);
    uint16_t *cids;
    unsigned n;
    assert_int_equal(pg_cff_cids(&cids, &n, d, len), 1);
    /* A subset of glyphs packed in their order: CIDs rising from 0, spread far wider
     * than the glyph count (Han ideographs sit past CID 10,000). */
    assert_true(n > 100);
    assert_int_equal(cids[0], 0);
    for (unsigned g = 1; g < n; g++)
        assert_true(cids[g] > cids[g - 1]);
    assert_true(cids[n - 1] > 10000);
    free(cids);
    free(d);
}

static void test_cff__name_keyed_and_damaged(void **state)
{
    (void)state;
    /* Header, a Name INDEX of "A", a Top DICT of "CharStrings at 0" and no ROS. */
    static const unsigned char named[] = {1,   0, 4, 1, 0, 1, 1,    1,   2,
                                          'A', 0, 1, 1, 1, 3, 0x8b, 0x11};
    uint16_t *cids = (uint16_t *)1;
    unsigned n = 7;
    assert_int_equal(pg_cff_cids(&cids, &n, named, sizeof named), 0);
    assert_null(cids);
    assert_int_equal(n, 0);
    /* Every cut of a real table is refused or read whole, never read past its end (an
     * exact-size copy each time, for the sanitizers). */
    size_t len;
    unsigned char *d = slurp(src_path("tests/fuzz/corpus/cff/NotoSansCJKsc-Bold-subset.cff"), &len);
    int refused = 0;
    for (size_t cut = 0; cut < len; cut += cut < 64 ? 1 : 97) {
        unsigned char *part = malloc(cut ? cut : 1);
        memcpy(part, d, cut);
        int rc = pg_cff_cids(&cids, &n, part, cut);
        assert_true(rc == -1 || rc == 1);
        refused += rc == -1;
        if (rc == 1)
            free(cids);
        free(part);
    }
    assert_true(refused > 64);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cff__cid_keyed_subset_keeps_its_cids),
        cmocka_unit_test(test_cff__name_keyed_and_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
