/* helpers.c — temporary fixture files for unit tests. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *write_tmp(const char *name, const char *text)
{
    /* A few buffers in turn, so two paths can be used together. */
    static char paths[8][4096];
    static int next;
    char *path = paths[next++ % 8];
    char dir[4096];
    snprintf(path, 4096, "%s/%s", PG_TEST_TMP, name);
    /* Create the parent directories of name. */
    snprintf(dir, sizeof dir, "%s", path);
    (void)sizeof dir;
    for (char *p = dir + strlen(PG_TEST_TMP) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

const char *src_path(const char *rel)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", PG_SOURCE_DIR, rel);
    return path;
}

int pdf_bytes(unsigned char **out, size_t *out_len, const pg_doc_part *parts, int n_parts,
              const pg_doc_info *info, pg_error *err)
{
    int pages;
    pg_renderer *r = pg_render_pdf_new_bytes(out, out_len, (pg_render_memos){0});
    int rc = pg_render(&pages, r, parts, n_parts, info, err);
    r->free(r);
    return rc;
}

int pdf_file(int *n_pages, const char *path, const pg_doc_part *parts, int n_parts,
             const pg_doc_info *info, pg_error *err)
{
    pg_renderer *r = pg_render_pdf_new(path, (pg_render_memos){0});
    int rc = pg_render(n_pages, r, parts, n_parts, info, err);
    r->free(r);
    return rc;
}
