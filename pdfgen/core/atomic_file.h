/* atomic_file.h — output files that appear whole or not at all: written under a
 * temporary name beside the target, synced, then renamed over it (rename is atomic
 * within a directory), so a failure or an interruption never leaves a partial file and
 * never replaces a good one. */
#ifndef PG_ATOMIC_FILE_H
#define PG_ATOMIC_FILE_H

#include "core/error.h"

#include <stdio.h>

typedef struct pg_atomic_file {
    FILE *f;
    char *tmp; /* ".<name>.XXXXXX" beside the target */
    char *path;
} pg_atomic_file;

/** Opens a temporary file (mode 0644) beside path for writing. */
int pg_atomic_open(pg_atomic_file *out, const char *path, pg_error *err);

/** Flushes, syncs and closes the file and renames it over its target; on failure the
 * temporary file is removed. Frees the names either way. */
int pg_atomic_commit(pg_atomic_file *af, pg_error *err);

/** Closes and removes the temporary file (open or closed); frees the names. */
void pg_atomic_abort(pg_atomic_file *af);

/* A batch writes files in groups: each closed unsynced (pg_atomic_close), one sync of the
 * file system for the group (pg_atomic_sync), then each renamed (pg_atomic_publish). A
 * file is renamed only once its bytes are on disk, so a power cut leaves whole files or
 * temporary ones, never a short file under its real name. */

/** Flushes and closes the file without waiting for the disk; it stays under its
 * temporary name. On failure the file is removed and the names freed. */
int pg_atomic_close(pg_atomic_file *af, pg_error *err);

/** Waits until everything written to the file system that holds path is on disk. */
int pg_atomic_sync(const char *path, pg_error *err);

/** Renames a file closed by pg_atomic_close over its target; on failure the temporary
 * file is removed. Frees the names either way. */
int pg_atomic_publish(pg_atomic_file *af, pg_error *err);

#endif
