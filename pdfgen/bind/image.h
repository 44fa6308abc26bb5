/* image.h — PNG and JPEG images, read and fully decoded by pdfgen itself before the PDF
 * library sees them, since a corrupt file must be an error, never a crash. */
#ifndef PG_IMAGE_H
#define PG_IMAGE_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"

/** The most pixels the pictures of one document may hold together (3 bytes each when
 * decoded, and again in the PDF library while it compresses them). */
#define PG_IMAGE_MAX_DOC_PIXELS 60000000LL

/** The images of one document: each file decoded once, and their pixels counted. */
typedef struct pg_image_set {
    const pg_image **images;
    int n;
    size_t cap;
    long long pixels;
} pg_image_set;

/** Reads src (relative to dir) and checks it: the file must lie inside root (after
 * resolving links), be a regular file, a PNG or JPEG by its signature, at most 8192 px a
 * side and 40 megapixels, fit in what is left of set's PG_IMAGE_MAX_DOC_PIXELS, and decode
 * without error. A file set already holds is returned again, not decoded again. Errors
 * are reported at pos. */
int pg_image_load(const pg_image **out, pg_image_set *set, const char *src, const char *dir,
                  const char *root, pg_pos pos, pg_arena *a, pg_error *err);

#endif
