/* fuzz_content.c — handout content through the loader, binding, text and layout with the
 * fake font: any input must end in a model or a clean error, never a crash or a hang. */
#include "fuzz.h"

#include "pipeline.h"

#include <stdio.h>

static const char layout[] =
    "<layout id=\"f\"><page size=\"200pt 200pt\" margin-top=\"20pt\" margin-bottom=\"20pt\" "
    "margin-left=\"20pt\" margin-right=\"20pt\"/><style element=\"body\" size=\"10pt\"/>"
    "</layout>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pg_fontset *fonts;
    if (!fonts)
        fonts = pg_fontset_fake();
    char layout_path[4096];
    snprintf(layout_path, sizeof layout_path, "%s",
             fuzz_write("layout.xml", (const uint8_t *)layout, sizeof layout - 1));
    const char *content = fuzz_write("h/en.xml", data, size);
    pg_setting set[] = {{"patient_name", "Ana", NULL},
                        {"procedure_date", "2026-12-03", NULL},
                        {"arrival_time", "07:30", NULL},
                        {"care_team_phone", "555", NULL}};
    pg_job job = {
        .layout_path = layout_path, .content_path = content, .settings = set, .n_settings = 4};
    pg_arena *a = pg_arena_new();
    pg_result r = {0};
    pg_error err = {0};
    pg_pipeline_layout(&r, &job, fonts, NULL, a, &err);
    pg_arena_free(a);
    return 0;
}
