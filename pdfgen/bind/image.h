/* image.h — PNG and JPEG images, read and fully decoded by pdfgen itself before the PDF
 * library sees them, since a corrupt file must be an error, never a crash. */
#ifndef PG_IMAGE_H
#define PG_IMAGE_H

#include "core/arena.h"
#include "core/error.h"
#include "model/bound.h"

/** Reads src (relative to dir) and checks it: the file must lie inside root (after
 * resolving links), be a PNG or JPEG by its signature, at most 8192 px a side and 40
 * megapixels, and decode without error. Errors are reported at pos. */
int pg_image_load(const pg_image **out, const char *src, const char *dir, const char *root,
                  pg_pos pos, pg_arena *a, pg_error *err);

#endif
