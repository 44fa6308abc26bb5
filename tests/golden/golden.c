/* golden.c — golden tests: tests/golden/<case>/ holds content.xml, optional settings
 * (NAME=VALUE lines) and expected.txt, the text dump of the laid-out pages with the
 * source place of every box (or the error line); tests/golden/layout.xml is the layout
 * of every case. Cases use the fake font unless the case has a file "real-fonts"; those
 * are also written as PDF to the path given second, for the reference-image check.
 * Paths are relative to tests/golden, so places read "basic-blocks/content.xml:5:7".
 * PG_UPDATE_GOLDEN=1 rewrites expected.txt; review the diff before committing it. */
#include "pipeline.h"
#include "render/render.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    fclose(m);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: golden CASE_DIR [OUT.pdf]\n");
        return 2;
    }
    char dir_buf[4096], name_buf[4096];
    snprintf(dir_buf, sizeof dir_buf, "%s", argv[1]);
    snprintf(name_buf, sizeof name_buf, "%s", argv[1]);
    const char *name = basename(name_buf);
    const char *pdf_path = argc == 3 ? argv[2] : NULL;
    if (chdir(dirname(dir_buf))) {
        perror(argv[1]);
        return 2;
    }
    char content[4200], settings_path[4200], expected[4200], real[4200];
    snprintf(content, sizeof content, "%s/content.xml", name);
    snprintf(settings_path, sizeof settings_path, "%s/settings", name);
    snprintf(expected, sizeof expected, "%s/expected.txt", name);
    snprintf(real, sizeof real, "%s/real-fonts", name);

    pg_setting settings[64];
    int n_settings = 0;
    char *text = slurp(settings_path);
    for (char *line = text ? strtok(text, "\n") : NULL; line && n_settings < 64;
         line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        settings[n_settings++] = (pg_setting){line, eq + 1, NULL};
    }

    pg_error err = {0};
    pg_fontset *fonts = NULL;
    int real_fonts = access(real, F_OK) == 0;
    if (real_fonts) {
        if (pg_pipeline_fonts(&fonts, pg_default_fonts_path(), &err)) {
            pg_error_print(&err, stderr);
            return 1;
        }
    } else {
        fonts = pg_fontset_fake();
    }

    char *got = NULL;
    size_t got_len = 0;
    FILE *out = open_memstream(&got, &got_len);
    pg_arena *a = pg_arena_new();
    pg_job job = {.layout_path = "layout.xml",
                  .content_path = content,
                  .settings = settings,
                  .n_settings = n_settings};
    pg_result r = {0};
    int status = 0, n_pages;
    if (pg_pipeline_layout(&r, &job, fonts, NULL, a, &err)) {
        pg_error_print(&err, out);
    } else {
        pg_renderer *dump = pg_render_dump_new_stream(out);
        pg_doc_part part = {r.pages, NULL};
        pg_doc_info info = {0};
        if (pg_render(&n_pages, dump, &part, 1, &info, &err))
            pg_error_print(&err, out);
        dump->free(dump);
        if (real_fonts && pdf_path &&
            pg_pipeline_write(&n_pages, &r, 1, pdf_path, PG_OUTPUT_PDF, NULL, &err)) {
            pg_error_print(&err, stderr);
            status = 1;
        }
    }
    fclose(out);

    if (getenv("PG_UPDATE_GOLDEN")) {
        FILE *f = fopen(expected, "wb");
        fwrite(got, 1, got_len, f);
        fclose(f);
        printf("updated %s\n", expected);
    } else {
        char *want = slurp(expected);
        if (!want || strcmp(want, got)) {
            fprintf(stderr, "%s: the dump differs from expected.txt.\n--- got ---\n%s", name, got);
            status = 1;
        }
        free(want);
    }
    free(got);
    free(text);
    pg_arena_free(a);
    pg_fontset_free(fonts);
    return status;
}
