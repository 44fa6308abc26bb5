/* fuzz_xliff.c — a translated XLIFF file through the importer, against a small source
 * handout (tests/xliff/content/demo/en.xml): any input must end in a written translation
 * or in findings, never a crash, a hang or a partial file. */
#include "fuzz.h"

#include "load/xliff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The source handout, read once from the test fixtures. */
static const char *source_text(size_t *len)
{
    static char *text;
    static size_t n;
    if (!text) {
        FILE *f = fopen(PG_SOURCE_DIR "/tests/xliff/content/demo/en.xml", "rb");
        if (!f)
            abort();
        text = malloc(1 << 20);
        if (!text)
            abort();
        n = fread(text, 1, 1 << 20, f);
        fclose(f);
    }
    *len = n;
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n;
    const char *src = source_text(&n);
    char root[4096];
    fuzz_write("content/.keep", (const uint8_t *)"", 0); /* fuzz_write makes one level */
    snprintf(root, sizeof root, "%s", fuzz_write("content/demo/en.xml", (const uint8_t *)src, n));
    *strrchr(root, '/') = '\0';
    *strrchr(root, '/') = '\0';
    const char *xlf = fuzz_write("in.xlf", data, size);
    pg_xliff_import_opts opts = {
        .content_root = root, .by = "fuzz", .kind = "machine", .today = "2026-01-01"};
    pg_arena *a = pg_arena_new();
    const char *written = NULL;
    pg_xliff_finding *findings = NULL;
    pg_error err = {0};
    pg_xliff_import(&written, &findings, xlf, &opts, a, &err);
    pg_arena_free(a);
    return 0;
}
