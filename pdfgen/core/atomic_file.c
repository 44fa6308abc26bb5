/* atomic_file.c — temporary file, fsync (or one syncfs for a group), rename. */
#include "core/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pg_atomic_open(pg_atomic_file *out, const char *path, pg_error *err)
{
    memset(out, 0, sizeof *out);
    size_t plen = strlen(path);
    out->path = strdup(path);
    out->tmp = malloc(plen + 16);
    if (!out->path || !out->tmp)
        pg_oom();
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
    snprintf(out->tmp, plen + 16, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
    int fd = mkstemp(out->tmp);
    if (fd >= 0)
        fchmod(fd, 0644);
    if (fd < 0 || !(out->f = fdopen(fd, "wb"))) {
        int rc = pg_error_set(err, PG_EIO, path, 0, 0, "cannot write here: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(out->tmp);
        }
        free(out->tmp);
        free(out->path);
        memset(out, 0, sizeof *out);
        return rc;
    }
    return 0;
}

int pg_atomic_commit(pg_atomic_file *af, pg_error *err)
{
    int rc = 0;
    if (fflush(af->f) || ferror(af->f) || fsync(fileno(af->f)))
        rc = pg_error_set(err, PG_EIO, af->path, 0, 0, "write failed: %s", strerror(errno));
    if (fclose(af->f) && !rc)
        rc = pg_error_set(err, PG_EIO, af->path, 0, 0, "write failed: %s", strerror(errno));
    af->f = NULL;
    if (!rc && rename(af->tmp, af->path))
        rc =
            pg_error_set(err, PG_EIO, af->path, 0, 0, "cannot finish writing: %s", strerror(errno));
    if (rc)
        unlink(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
    return rc;
}

void pg_atomic_abort(pg_atomic_file *af)
{
    if (af->f)
        fclose(af->f);
    if (af->tmp)
        unlink(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}

int pg_atomic_close(pg_atomic_file *af, pg_error *err)
{
    int rc = 0;
    if (fflush(af->f) || ferror(af->f))
        rc = pg_error_set(err, PG_EIO, af->path, 0, 0, "write failed: %s", strerror(errno));
    if (fclose(af->f) && !rc)
        rc = pg_error_set(err, PG_EIO, af->path, 0, 0, "write failed: %s", strerror(errno));
    af->f = NULL;
    if (rc)
        pg_atomic_abort(af);
    return rc;
}

int pg_atomic_sync(const char *path, pg_error *err)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc = 0;
    if (fd < 0 || syncfs(fd))
        rc =
            pg_error_set(err, PG_EIO, path, 0, 0, "cannot be written to disk: %s", strerror(errno));
    if (fd >= 0)
        close(fd);
    return rc;
}

int pg_atomic_publish(pg_atomic_file *af, pg_error *err)
{
    int rc = 0;
    if (rename(af->tmp, af->path)) {
        rc =
            pg_error_set(err, PG_EIO, af->path, 0, 0, "cannot finish writing: %s", strerror(errno));
        unlink(af->tmp);
    }
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
    return rc;
}
