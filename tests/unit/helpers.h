/* helpers.h — shared by the unit tests: temporary files and fixture paths. */
#ifndef PG_TEST_HELPERS_H
#define PG_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "render/render.h"

/** Writes text to a fresh file under the test tmp dir named name; returns its path (static
 * buffer, valid until the next call). */
const char *write_tmp(const char *name, const char *text);

/** PG_SOURCE_DIR "/" rel, in a static buffer. */
const char *src_path(const char *rel);

/** The parts rendered as a PDF in memory through the PDF renderer (*out malloc'd). */
int pdf_bytes(unsigned char **out, size_t *out_len, const pg_doc_part *parts, int n_parts,
              const pg_doc_info *info, pg_error *err);

/** The parts rendered as a PDF file at path; *n_pages gets its page count. */
int pdf_file(int *n_pages, const char *path, const pg_doc_part *parts, int n_parts,
             const pg_doc_info *info, pg_error *err);

#endif
