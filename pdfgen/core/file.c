/* file.c — stat tests, a non-blocking whole-file read and the output check. */
#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pg_file_is_regular(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pg_file_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "is a directory, not a file";
    if (S_ISFIFO(m))
        return "is a pipe (FIFO), not a file";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "is a device, not a file";
    if (S_ISSOCK(m))
        return "is a socket, not a file";
    return "is not a regular file";
}

int pg_file_read(char **out, size_t *len, const char *path, size_t max, const char *too_large,
                 pg_error *err)
{
    int rc = 0;
    char *buf = NULL;
    *out = NULL;
    *len = 0;
    /* Checked before opening, and again on the open descriptor, since the name may
     * change in between; O_NONBLOCK keeps open() of a FIFO from waiting for a writer. */
    struct stat st;
    if (stat(path, &st) != 0)
        return pg_error_set(err, PG_EINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return pg_error_set(err, PG_EINPUT, path, 0, 0, "%s", kind_of(st.st_mode));
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return pg_error_set(err, PG_EINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = pg_error_set(err, PG_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = pg_error_set(err, PG_EINPUT, path, 0, 0, "%s", kind_of(st.st_mode));
        goto done;
    }
    if ((unsigned long long)st.st_size > max) {
        rc = pg_error_set(err, PG_EINPUT, path, 0, 0, "%s", too_large);
        goto done;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    buf = malloc(cap);
    if (!buf)
        pg_oom();
    /* The size may change while reading: read to the end, within max. */
    for (;;) {
        if (n + 1 == cap) {
            if (cap > max) {
                rc = pg_error_set(err, PG_EINPUT, path, 0, 0, "%s", too_large);
                goto done;
            }
            cap = cap * 2 > max + 1 ? max + 2 : cap * 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                pg_oom();
            buf = nb;
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = pg_error_set(err, PG_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
done:
    free(buf);
    close(fd);
    return rc;
}

/* The directory part of path ("." when it has none) into dir. */
static void dir_of(char dir[PATH_MAX], const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(dir, PATH_MAX, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    else
        snprintf(dir, PATH_MAX, ".");
}

int pg_file_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char da[PATH_MAX], db[PATH_MAX], ra[PATH_MAX], rb[PATH_MAX];
    dir_of(da, a);
    dir_of(db, b);
    const char *na = strrchr(a, '/'), *nb = strrchr(b, '/');
    return realpath(da, ra) && realpath(db, rb) && !strcmp(ra, rb) &&
           !strcmp(na ? na + 1 : a, nb ? nb + 1 : b);
}

int pg_file_check_output(const char *path, const char *what, const char *const *inputs, int n,
                         pg_error *err)
{
    if (pg_file_is_dir(path))
        return pg_error_set(err, PG_EINPUT, path, 0, 0,
                            "is a directory; %s needs a file name, e.g. %s/handout.pdf", what,
                            path);
    for (int i = 0; i < n; i++)
        if (inputs[i] && inputs[i] != path &&
            (pg_file_same(path, inputs[i]) || !strcmp(path, inputs[i])))
            return pg_error_set(err, PG_EINPUT, path, 0, 0,
                                "is one of the inputs or another output; give %s another file",
                                what);
    char dir[PATH_MAX];
    dir_of(dir, path);
    struct stat st;
    if (stat(dir, &st) != 0)
        return pg_error_set(err, PG_EINPUT, path, 0, 0,
                            "%s: directory %s does not exist; create it first", what, dir);
    if (!S_ISDIR(st.st_mode))
        return pg_error_set(err, PG_EINPUT, path, 0, 0, "%s: %s is a file, not a directory", what,
                            dir);
    return 0;
}
