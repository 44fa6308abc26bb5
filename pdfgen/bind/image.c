/* image.c — PNG through libpng (simplified API) and JPEG through libjpeg, decoded to 8-bit
 * RGB. Checking everything here keeps libharu's own PNG reader, which aborts the process
 * on a truncated file, out of the picture entirely. */
#include "bind/image.h"
#include "core/file.h"

#include <jpeglib.h>
#include <png.h>

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIDE 8192
#define MAX_PIXELS (40L * 1000 * 1000)
/* Decoding fails with this when the picture would overrun the document's budget. */
#define OVER_BUDGET (-4)
#define MAX_FILE_BYTES (32L << 20)

static int fail(pg_error *err, pg_pos pos, const char *src, const char *why)
{
    return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col, "image \"%s\": %s", src, why);
}

/* The decoders return 0, -1 (corrupt), -2 (too large for any document) or OVER_BUDGET
 * (more pixels than budget); they allocate only after checking the size. */
static int size_ok(unsigned long w, unsigned long h, long budget)
{
    if (w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE || (long)(w * h) > MAX_PIXELS)
        return -2;
    return (long)(w * h) > budget ? OVER_BUDGET : 0;
}

static int decode_png(pg_image *img, const unsigned char *data, size_t len, long budget,
                      pg_arena *a)
{
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&pi, data, len))
        return -1;
    int size = size_ok(pi.width, pi.height, budget);
    if (size) {
        png_image_free(&pi);
        return size;
    }
    pi.format = PNG_FORMAT_RGB;
    img->width = (int)pi.width;
    img->height = (int)pi.height;
    img->rgb = pg_arena_alloc(a, (size_t)pi.width * pi.height * 3);
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&pi, &white, img->rgb, 0, NULL)) {
        png_image_free(&pi);
        return -1;
    }
    return 0;
}

typedef struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
} jpeg_fail;

static void on_jpeg_error(j_common_ptr cinfo)
{
    longjmp(((jpeg_fail *)cinfo->err)->jump, 1);
}

static void on_jpeg_message(j_common_ptr cinfo)
{
    (void)cinfo; /* warnings are not printed; a corrupt file fails in on_jpeg_error */
}

static int decode_jpeg(pg_image *img, const unsigned char *data, size_t len, long budget,
                       pg_arena *a)
{
    struct jpeg_decompress_struct ci;
    jpeg_fail jf;
    ci.err = jpeg_std_error(&jf.mgr);
    jf.mgr.error_exit = on_jpeg_error;
    jf.mgr.output_message = on_jpeg_message;
    volatile int rc = 0;
    if (setjmp(jf.jump)) {
        jpeg_destroy_decompress(&ci);
        return -1;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)len);
    jpeg_read_header(&ci, TRUE);
    int size = size_ok(ci.image_width, ci.image_height, budget);
    if (size) {
        jpeg_destroy_decompress(&ci);
        return size;
    }
    ci.out_color_space = JCS_RGB;
    jpeg_start_decompress(&ci);
    img->width = (int)ci.output_width;
    img->height = (int)ci.output_height;
    img->rgb = pg_arena_alloc(a, (size_t)img->width * img->height * 3);
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = img->rgb + (size_t)ci.output_scanline * img->width * 3;
        jpeg_read_scanlines(&ci, &row, 1);
    }
    /* A file cut short decodes with gray fill and a warning; treat it as corrupt. */
    if (jf.mgr.num_warnings > 0)
        rc = -1;
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    return rc;
}

/* Resolves "." and ".." in path without touching the file system. */
static char *lexical(const char *path, pg_arena *a)
{
    size_t n = strlen(path);
    char *out = pg_arena_alloc(a, n + 2);
    size_t len = 0;
    int absolute = path[0] == '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t seg = (size_t)(e - p);
        if (seg == 0 || (seg == 1 && p[0] == '.')) {
            /* nothing */
        } else if (seg == 2 && p[0] == '.' && p[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            else if (!absolute)
                return NULL; /* above the starting point */
        } else {
            if (len > 0 || absolute)
                out[len++] = '/';
            memcpy(out + len, p, seg);
            len += seg;
        }
        p = e;
    }
    if (len == 0 && absolute)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

static int inside(const char *real, const char *root_real)
{
    size_t n = strlen(root_real);
    return !strncmp(real, root_real, n) && (real[n] == '/' || (n == 1 && root_real[0] == '/'));
}

int pg_image_load(const pg_image **out, pg_image_set *set, const char *src, const char *dir,
                  const char *root, pg_pos pos, pg_arena *a, pg_error *err)
{
    if (src[0] == '/')
        return fail(err, pos, src, "the path must be relative to the content file");
    char *path = pg_arena_printf(a, "%s/%s", dir, src);
    /* First by the name alone, so nothing outside is even looked at; then again after
     * following links. The content folder and the file's folder exist: they were read. */
    char real[PATH_MAX], root_real[PATH_MAX], dir_real[PATH_MAX];
    if (!realpath(root, root_real) || !realpath(dir, dir_real))
        return fail(err, pos, src, strerror(errno));
    const char *lex = lexical(pg_arena_printf(a, "%s/%s", dir_real, src), a);
    if (!lex || !inside(lex, root_real))
        return fail(err, pos, src, "the image must be inside the content folder");
    if (!realpath(path, real))
        return fail(err, pos, src, errno == ENOENT ? "file not found" : strerror(errno));
    if (!inside(real, root_real))
        return fail(err, pos, src, "the image must be inside the content folder");
    /* The same file twice in a document is decoded once, and embedded once. */
    for (int i = 0; i < set->n; i++)
        if (!strcmp(set->images[i]->path, real)) {
            *out = set->images[i];
            return 0;
        }

    char *file = NULL;
    size_t len = 0;
    pg_error ferr = {0};
    if (pg_file_read(&file, &len, real, MAX_FILE_BYTES, "the file is larger than 32 MB", &ferr))
        return fail(err, pos, src, ferr.msg);
    /* The decoded pixels live in a; the file's bytes only until they are decoded. */
    const unsigned char *data = (const unsigned char *)file;
    int rc = 0;

    pg_image *img = PG_ARENA_NEW(a, pg_image);
    img->path = pg_arena_strdup(a, real);
    long budget = (long)(PG_IMAGE_MAX_DOC_PIXELS - set->pixels);
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (len >= 8 && !memcmp(data, png_sig, 8))
        rc = decode_png(img, data, len, budget, a);
    else if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        rc = decode_jpeg(img, data, len, budget, a);
    else
        rc = -3;
    free(file);
    if (rc == -3)
        return fail(err, pos, src, "not a PNG or JPEG file");
    if (rc == -2)
        return fail(err, pos, src,
                    "the picture is too large (at most 8192 pixels a side and 40 megapixels)");
    if (rc == OVER_BUDGET)
        return pg_error_set(err, PG_EINPUT, pos.file, pos.line, pos.col,
                            "image \"%s\": the document's pictures would hold more than %d "
                            "megapixels in all; use smaller pictures (150 dpi at their printed "
                            "size is plenty)",
                            src, (int)(PG_IMAGE_MAX_DOC_PIXELS / 1000000));
    if (rc)
        return fail(err, pos, src, "the file is corrupt or truncated");
    pg_arena_grow(a, (void **)&set->images, &set->cap, (size_t)set->n + 1, sizeof *set->images);
    set->images[set->n++] = img;
    set->pixels += (long long)img->width * img->height;
    *out = img;
    return 0;
}
