/* fuzz_layout.c — layout definitions through the loader and a small layout run. */
#include "fuzz.h"

#include "pipeline.h"

#include <stdio.h>

static const char content[] =
    "<handout id=\"h\" lang=\"en\" version=\"1\" reviewed=\"2026-01-01\"><title id=\"t\">T"
    "</title><section id=\"s\"><h id=\"h\">H</h><p id=\"p\">Some words to lay out.</p>"
    "<callout id=\"c\" kind=\"urgent\"><p id=\"c.p\">Urgent</p></callout></section></handout>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pg_fontset *fonts;
    if (!fonts)
        fonts = pg_fontset_fake();
    char content_path[4096];
    snprintf(content_path, sizeof content_path, "%s",
             fuzz_write("h/en.xml", (const uint8_t *)content, sizeof content - 1));
    const char *layout = fuzz_write("layout.xml", data, size);
    pg_job job = {
        .layout_path = layout, .content_path = content_path, .settings = NULL, .n_settings = 0};
    pg_arena *a = pg_arena_new();
    pg_result r = {0};
    pg_error err = {0};
    pg_pipeline_layout(&r, &job, fonts, NULL, a, &err);
    pg_arena_free(a);
    return 0;
}
