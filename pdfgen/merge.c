/* merge.c — page copying through qpdf's C API: qpdf copies each page with everything it
 * uses (fonts, images) and renumbers the objects; pdfgen adds the blank backs, the
 * outline (ISO 32000-1 12.3.3) and the document title. Only this file includes qpdf. */
#include "merge.h"

#include <qpdf/qpdf-c.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* The first qpdf error on q as a pdfgen error at file. */
static int qpdf_failed(qpdf_data q, const char *file, const char *what, pg_error *err)
{
    const char *detail = "unknown error";
    if (qpdf_has_error(q)) {
        qpdf_error e = qpdf_get_error(q);
        detail = qpdf_get_error_message_detail(q, e);
    }
    return pg_error_set(err, PG_EINPUT, file, 0, 0, "%s: %s", what, detail);
}

static qpdf_data open_quiet(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

/* A page with nothing on it, the size of like. */
static qpdf_oh blank_page(qpdf_data q, qpdf_oh like)
{
    qpdf_oh page = qpdf_oh_parse(q, "<< /Type /Page /Resources << >> >>");
    qpdf_oh_replace_key(q, page, "/MediaBox", qpdf_oh_get_key(q, like, "/MediaBox"));
    return qpdf_make_indirect_object(q, page);
}

/* One outline entry per item, at its first page; the panel opens with the file. */
static void add_outline(qpdf_data q, const pg_merge_item *items, const qpdf_oh *first_pages,
                        int n)
{
    qpdf_oh root = qpdf_make_indirect_object(q, qpdf_oh_parse(q, "<< /Type /Outlines >>"));
    qpdf_oh prev = 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh it = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, it, "/Title", qpdf_oh_new_unicode_string(q, items[i].bookmark));
        qpdf_oh_replace_key(q, it, "/Parent", root);
        qpdf_oh dest = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, dest, first_pages[i]);
        qpdf_oh_append_item(q, dest, qpdf_oh_new_name(q, "/Fit"));
        qpdf_oh_replace_key(q, it, "/Dest", dest);
        if (prev) {
            qpdf_oh_replace_key(q, it, "/Prev", prev);
            qpdf_oh_replace_key(q, prev, "/Next", it);
        } else {
            qpdf_oh_replace_key(q, root, "/First", it);
        }
        prev = it;
    }
    if (prev)
        qpdf_oh_replace_key(q, root, "/Last", prev);
    qpdf_oh_replace_key(q, root, "/Count", qpdf_oh_new_integer(q, n));
    qpdf_oh cat = qpdf_get_root(q);
    qpdf_oh_replace_key(q, cat, "/Outlines", root);
    qpdf_oh_replace_key(q, cat, "/PageMode", qpdf_oh_new_name(q, "/UseOutlines"));
}

static void set_info(qpdf_data q, const char *title)
{
    qpdf_oh info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
    qpdf_oh_replace_key(q, info, "/Title", qpdf_oh_new_unicode_string(q, title));
    qpdf_oh_replace_key(q, info, "/Creator", qpdf_oh_new_unicode_string(q, "pdfgen " PG_VERSION));
    qpdf_oh_replace_key(q, qpdf_get_trailer(q), "/Info", info);
}

/* Every packet stays open until the print file is written (qpdf reads their streams
 * then), so allow as many open files as the system lets this process have. */
static void raise_file_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int pg_merge_pdfs(int *pages, const pg_merge_item *items, int n_items, int duplex,
                  const char *title, const char *out_path, pg_error *err)
{
    raise_file_limit();
    qpdf_data out = open_quiet();
    qpdf_data *in = calloc((size_t)n_items + 1, sizeof *in);
    qpdf_oh *first = calloc((size_t)n_items + 1, sizeof *first);
    char *tmp = NULL;
    int rc = 0, n = 0;
    if (!in || !first)
        pg_oom();
    if (qpdf_empty_pdf(out) & QPDF_ERRORS) {
        rc = qpdf_failed(out, out_path, "cannot start the print file", err);
        goto done;
    }
    for (int i = 0; i < n_items; i++) {
        in[i] = open_quiet();
        if (qpdf_read(in[i], items[i].path, NULL) & QPDF_ERRORS) {
            rc = qpdf_failed(in[i], items[i].path, "cannot read this packet", err);
            goto done;
        }
        int np = qpdf_get_num_pages(in[i]);
        for (int p = 0; p < np; p++)
            if (qpdf_add_page(out, in[i], qpdf_get_page_n(in[i], (size_t)p), QPDF_FALSE) &
                QPDF_ERRORS) {
                rc = qpdf_failed(out, items[i].path, "cannot copy a page of this packet", err);
                goto done;
            }
        first[i] = qpdf_get_page_n(out, (size_t)n);
        n += np;
        if (duplex && np % 2) {
            qpdf_add_page(out, out, blank_page(out, qpdf_get_page_n(out, (size_t)n - 1)),
                          QPDF_FALSE);
            n++;
        }
        qpdf_oh_release_all(in[i]);
    }
    add_outline(out, items, first, n_items);
    set_info(out, title);

    size_t plen = strlen(out_path);
    tmp = malloc(plen + 16);
    if (!tmp)
        pg_oom();
    const char *slash = strrchr(out_path, '/');
    size_t dirlen = slash ? (size_t)(slash - out_path + 1) : 0;
    snprintf(tmp, plen + 16, "%.*s.%s.XXXXXX", (int)dirlen, out_path, out_path + dirlen);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = pg_error_set(err, PG_EINPUT, out_path, 0, 0, "cannot write here: %s",
                          strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    fchmod(fd, 0644);
    close(fd);
    if ((qpdf_init_write(out, tmp) & QPDF_ERRORS)) {
        rc = qpdf_failed(out, out_path, "cannot write the print file", err);
        goto done;
    }
    /* The same packets give the same bytes: no random /ID, no timestamps. */
    qpdf_set_deterministic_ID(out, QPDF_TRUE);
    qpdf_set_object_stream_mode(out, qpdf_o_generate);
    qpdf_set_compress_streams(out, QPDF_TRUE);
    if (qpdf_write(out) & QPDF_ERRORS) {
        rc = qpdf_failed(out, out_path, "cannot write the print file", err);
        goto done;
    }
    if (fsync_path(tmp) || rename(tmp, out_path)) {
        rc = pg_error_set(err, PG_EINPUT, out_path, 0, 0, "cannot finish writing: %s",
                          strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL;
    *pages = n;
done:
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
    for (int i = 0; i < n_items; i++)
        if (in[i])
            qpdf_cleanup(&in[i]);
    qpdf_cleanup(&out);
    free(in);
    free(first);
    return rc;
}
