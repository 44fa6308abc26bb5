/* test_image.c — images are checked before the PDF library sees them: format, size,
 * corruption, and the content tree they must stay in. */
#include "helpers.h"

#include "bind/image.h"

#include <png.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *write_png(const char *name, int w, int h)
{
    const char *path = write_tmp(name, "");
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    pi.width = (png_uint_32)w;
    pi.height = (png_uint_32)h;
    pi.format = PNG_FORMAT_RGBA;
    unsigned char *px = calloc((size_t)w * h, 4);
    for (int i = 0; i < w * h; i++) {
        px[4 * i] = 200;
        px[4 * i + 3] = (unsigned char)(i % 2 ? 255 : 0); /* half transparent */
    }
    assert_true(png_image_write_to_file(&pi, path, 0, px, 0, NULL));
    free(px);
    return path;
}

/* Loads src into set, or into a set of its own when set is NULL. */
static int load_into(const pg_image **img, pg_image_set *set, const char *src, pg_arena *a,
                     pg_error *err)
{
    char dir[4096], root[4096];
    snprintf(dir, sizeof dir, "%s/img/content/h", PG_TEST_TMP);
    snprintf(root, sizeof root, "%s/img/content", PG_TEST_TMP);
    pg_pos pos = {"h/en.xml", 9, 5};
    pg_image_set own = {0};
    return pg_image_load(img, set ? set : &own, src, dir, root, pos, a, err);
}

static int load(const pg_image **img, const char *src, pg_arena *a, pg_error *err)
{
    return load_into(img, NULL, src, a, err);
}

static void expect(const char *src, const char *needle)
{
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    const pg_image *img;
    assert_int_equal(load(&img, src, a, &err), PG_EINPUT);
    assert_int_equal(err.line, 9);
    if (!strstr(err.msg, needle))
        fail_msg("\"%s\" lacks \"%s\"", err.msg, needle);
    pg_arena_free(a);
}

static void test_image__decodes_png_onto_white(void **state)
{
    (void)state;
    write_png("img/content/h/ok.png", 4, 3);
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    const pg_image *img;
    assert_int_equal(load(&img, "ok.png", a, &err), 0);
    assert_int_equal(img->width, 4);
    assert_int_equal(img->height, 3);
    assert_int_equal(img->rgb[0], 255); /* transparent pixel: white */
    assert_int_equal(img->rgb[3], 200);
    pg_arena_free(a);
}

static void test_image__rejects_bad_files(void **state)
{
    (void)state;
    expect("missing.png", "file not found");
    write_tmp("img/content/h/text.png", "this is not a picture");
    expect("text.png", "not a PNG or JPEG");
    /* A PNG cut in half: libharu would abort the process; pdfgen reports it. */
    const char *p = write_png("img/content/h/cut.png", 64, 64);
    FILE *f = fopen(p, "rb");
    char buf[8192];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    f = fopen(write_tmp("img/content/h/cut2.png", ""), "wb");
    fwrite(buf, 1, n / 2, f);
    fclose(f);
    expect("cut2.png", "corrupt or truncated");
    write_tmp("img/content/h/cut.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01");
    expect("cut.jpg", "corrupt or truncated");
}

static void test_image__stays_inside_the_content_tree(void **state)
{
    (void)state;
    write_png("img/outside.png", 2, 2);
    expect("../../outside.png", "inside the content folder");
    expect("/etc/passwd", "relative");
    char link[4096], target[4096];
    snprintf(link, sizeof link, "%s/img/content/h/link.png", PG_TEST_TMP);
    snprintf(target, sizeof target, "%s/img/outside.png", PG_TEST_TMP);
    unlink(link);
    assert_int_equal(symlink(target, link), 0);
    expect("link.png", "inside the content folder");
}

static void test_image__rejects_huge_pictures(void **state)
{
    (void)state;
    write_png("img/content/h/wide.png", 9000, 1);
    expect("wide.png", "too large");
}

/* Only regular files are read: a FIFO would block open() forever, a directory is not
 * "larger than 32 MB". */
static void test_image__only_regular_files(void **state)
{
    (void)state;
    char path[4096];
    snprintf(path, sizeof path, "%s/img/content/h/fifo.png", PG_TEST_TMP);
    unlink(path);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect("fifo.png", "is a pipe (FIFO), not a file");
    snprintf(path, sizeof path, "%s/img/content/h/dir.png", PG_TEST_TMP);
    mkdir(path, 0700);
    expect("dir.png", "is a directory, not a file");
}

/* A picture used several times is decoded once; the pictures of one document share a
 * budget of pixels, checked before decoding. */
static void test_image__decoded_once_within_a_budget(void **state)
{
    (void)state;
    write_png("img/content/h/a.png", 4, 3);
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_image_set set = {0};
    const pg_image *one, *two;
    assert_int_equal(load_into(&one, &set, "a.png", a, &err), 0);
    assert_int_equal(load_into(&two, &set, "../h/./a.png", a, &err), 0);
    assert_ptr_equal(one, two);
    assert_int_equal(set.n, 1);
    assert_int_equal(set.pixels, 12);
    /* 6000 x 6000 is allowed alone (36 megapixels) but not twice (72 > 60). */
    write_png("img/content/h/big1.png", 6000, 6000);
    write_png("img/content/h/big2.png", 6000, 6000);
    assert_int_equal(load_into(&one, &set, "big1.png", a, &err), 0);
    assert_int_equal(load_into(&two, &set, "big1.png", a, &err), 0); /* again: no cost */
    assert_int_equal(load_into(&two, &set, "big2.png", a, &err), PG_EINPUT);
    assert_non_null(strstr(err.msg, "more than 60 megapixels in all"));
    assert_int_equal(err.line, 9);
    assert_int_equal(set.n, 2);
    pg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_image__decodes_png_onto_white),
        cmocka_unit_test(test_image__rejects_bad_files),
        cmocka_unit_test(test_image__stays_inside_the_content_tree),
        cmocka_unit_test(test_image__rejects_huge_pictures),
        cmocka_unit_test(test_image__only_regular_files),
        cmocka_unit_test(test_image__decoded_once_within_a_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
