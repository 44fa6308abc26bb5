/* fuzz_fonts.c — a fonts.xml through the loader (fonts.rng), fontconfig and HarfBuzz, and,
 * when it opens, one mixed-script paragraph set in it: any input must end in a fontset or
 * a clean error, and any fontset must shape text or report an uncovered character. */
#include "fuzz.h"

#include "load/load.h"
#include "pipeline.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>

static const char sample[] = "Take 1 tablet \xd8\xaf\xd9\x88\xd8\xa7\xd8\xa1 \xe0\xa4\xa6\xe0\xa4"
                             "\xb5\xe0\xa4\xbe \xe8\x8d\xaf\xe7\x89\xa9 \xec\x95\xbd "
                             "\xd7\xaa\xd7\xa8\xd7\x95\xd7\xa4\xd7\x94 thu\xe1\xbb\x91"
                             "c \xe2\x9c\x93";

/* The real fonts stay open for the whole run: they keep fontconfig initialised, so each
 * input does not pay for FcInit and FcFini (pg_fontset_free stops fontconfig with its
 * last user). Freed at exit, before LeakSanitizer looks. */
static pg_fontset *keep;

static void release(void)
{
    pg_fontset_free(keep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!keep) {
        pg_error e = {0};
        if (pg_pipeline_fonts(&keep, pg_default_fonts_path(), &e)) {
            fprintf(stderr, "fuzz_fonts: the real fonts do not open: %s\n", e.msg);
            abort();
        }
        atexit(release);
    }
    const char *path = fuzz_write("fonts.xml", data, size);
    pg_arena *a = pg_arena_new();
    pg_error err = {0};
    pg_fonts_spec *spec = NULL;
    pg_fontset *fs = NULL;
    pg_shaper *sh = NULL;
    if (pg_load_fonts(&spec, path, a, &err) || pg_fontset_open(&fs, spec, &err))
        goto done;
    if (pg_shaper_new(&sh, fs, "en", 0, &err))
        goto done;
    pg_span sp = {sample, 0, {"fuzz", 1, 1}};
    for (int fam = -1; fam < pg_fontset_n_families(fs) && fam < 4; fam++) {
        pg_text_style st = {fam, 10, fam & 1, 0, {0, 0, 0, 1}};
        pg_line *lines = NULL;
        int n = 0;
        pg_text_lines(&lines, &n, sh, &sp, 1, &st, 60, a, &err);
    }
done:
    pg_shaper_free(sh);
    pg_fontset_free(fs);
    pg_arena_free(a);
    return 0;
}
