/* golden.c — golden tests: tests/golden/<case>/ holds layout.xml, content.xml, optional
 * settings (NAME=VALUE lines) and expected.txt, the text dump of the laid-out pages (or
 * the error line). Cases use the fake font unless the case has a file "real-fonts".
 * PG_UPDATE_GOLDEN=1 rewrites expected.txt; review the diff before committing it. */
#include "pipeline.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    if (argc != 2) {
        fprintf(stderr, "usage: golden CASE_DIR\n");
        return 2;
    }
    const char *dir = argv[1];
    char layout[4096], content[4096], settings_path[4096], expected[4096], real[4096];
    snprintf(layout, sizeof layout, "%s/layout.xml", dir);
    snprintf(content, sizeof content, "%s/content.xml", dir);
    snprintf(settings_path, sizeof settings_path, "%s/settings", dir);
    snprintf(expected, sizeof expected, "%s/expected.txt", dir);
    snprintf(real, sizeof real, "%s/real-fonts", dir);

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
    FILE *fr = fopen(real, "r");
    if (fr) {
        fclose(fr);
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
    pg_job job = {layout, content, settings, n_settings};
    pg_result r = {0};
    if (pg_pipeline_layout(&r, &job, fonts, NULL, a, &err)) {
        /* Paths in the expectation are relative to the case directory. */
        const char *file = err.file;
        size_t dl = strlen(dir);
        if (!strncmp(file, dir, dl) && file[dl] == '/')
            memmove(err.file, file + dl + 1, strlen(file + dl + 1) + 1);
        pg_error_print(&err, out);
    } else {
        pg_render_dump(r.pages, out);
    }
    fclose(out);

    int status = 0;
    if (getenv("PG_UPDATE_GOLDEN")) {
        FILE *f = fopen(expected, "wb");
        fwrite(got, 1, got_len, f);
        fclose(f);
        printf("updated %s\n", expected);
    } else {
        char *want = slurp(expected);
        if (!want || strcmp(want, got)) {
            fprintf(stderr, "%s: the dump differs from expected.txt.\n--- got ---\n%s", dir, got);
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
