/* helpers.h — shared by the unit tests: temporary files and fixture paths. */
#ifndef PG_TEST_HELPERS_H
#define PG_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/** Writes text to a fresh file under the test tmp dir named name; returns its path (static
 * buffer, valid until the next call). */
const char *write_tmp(const char *name, const char *text);

/** PG_SOURCE_DIR "/" rel, in a static buffer. */
const char *src_path(const char *rel);

#endif
