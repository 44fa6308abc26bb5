/* file.h — the file tests and whole-file reads every stage needs, in one place: only
 * regular files are read (opened without blocking, so a FIFO or a device never hangs),
 * and an output is checked the same way by every command before anything is rendered. */
#ifndef PG_FILE_H
#define PG_FILE_H

#include "core/error.h"

#include <stddef.h>

/** Whether path names a regular file (after following links). */
int pg_file_is_regular(const char *path);

/** Whether a and b name one file: the same file if both exist (hard links too), else the
 * same name in the same directory however it is spelt ("out/x.pdf", "./out/x.pdf"). */
int pg_file_same(const char *a, const char *b);

/** Whether path names a directory (after following links). */
int pg_file_is_dir(const char *path);

/** Reads the regular file at path whole: *out is malloc'd, NUL-terminated, *len its
 * length without the NUL; the caller frees it. A missing file, anything but a regular
 * file, or a file over max bytes is PG_EINPUT (too_large says what to do then); a read
 * that fails is PG_EIO. Errors are placed at path. */
int pg_file_read(char **out, size_t *len, const char *path, size_t max, const char *too_large,
                 pg_error *err);

/** Checks an output file before anything is written: not a directory, none of the n
 * inputs (by name or by identity; NULL entries are skipped), and its directory exists.
 * what names the option in messages ("-o", "--merge"). Errors are PG_EINPUT at path. */
int pg_file_check_output(const char *path, const char *what, const char *const *inputs, int n,
                         pg_error *err);

#endif
