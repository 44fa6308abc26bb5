/* fuzz_text.c — the text pipeline with the real fonts (fonts/fonts.xml): NFC, bidi,
 * script and font runs, HarfBuzz shaping, UAX #14 line breaking, reordering per line.
 * Byte 0 picks the language (low 3 bits), the base direction (bit 3) and the line width
 * (high 4 bits); byte 1 the size, bold, italic and the family tried first; the rest is
 * the text, split into spans at 0x1F. The text is made what bind hands the text stage:
 * valid UTF-8 (invalid sequences dropped), no C0 controls (tab and line ends become
 * spaces), nothing XML cannot carry, NFC. Any text must end in lines or a clean error. */
#include "fuzz.h"

#include "pipeline.h"
#include "text/text.h"
#include "text/unicode.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const langs[8] = {"en", "ar", "hi", "zh-Hans", "ko", "vi", "he", "th"};
static const double widths[16] = {INFINITY, 1,   5,   10,  20,  30,  50,   72,
                                  100,      150, 200, 300, 400, 600, 1000, 1e6};
static const double sizes[4] = {4, 10, 18, 72};

/* Appends the code point at *p (of end) to o if bind could hand it on; advances *p past
 * it, or past one byte when it is not well-formed UTF-8 (RFC 3629). */
static char *take(char *o, const uint8_t **p, const uint8_t *end)
{
    const uint8_t *s = *p;
    uint32_t c = s[0];
    int n = c < 0x80                 ? 1
            : c >= 0xC2 && c <= 0xDF ? 2
            : c >= 0xE0 && c <= 0xEF ? 3
            : c >= 0xF0 && c <= 0xF4 ? 4
                                     : 0;
    *p = s + 1;
    if (n == 0 || end - s < n)
        return o;
    if (n > 1) {
        c &= 0x3F >> (n - 1);
        for (int i = 1; i < n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return o;
            c = c << 6 | (s[i] & 0x3F);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF are ill-formed. */
        if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
            (c >= 0xD800 && c <= 0xDFFF))
            return o;
    }
    *p = s + n;
    if (c == '\t' || c == '\n' || c == '\r') {
        *o++ = ' ';
        return o;
    }
    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
        return o;
    for (int i = 0; i < n; i++)
        *o++ = (char)s[i];
    return o;
}

static pg_fontset *fonts;
static pg_shaper *shapers[8][2];

/* At exit, so that LeakSanitizer sees nothing of the run's fonts left (it checks after
 * the atexit handlers registered later than its own). */
static void release(void)
{
    for (int i = 0; i < 8; i++)
        for (int k = 0; k < 2; k++)
            pg_shaper_free(shapers[i][k]);
    pg_fontset_free(fonts);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fonts) {
        pg_error e = {0};
        if (pg_pipeline_fonts(&fonts, pg_default_fonts_path(), &e)) {
            fprintf(stderr, "fuzz_text: the real fonts do not open: %s\n", e.msg);
            abort();
        }
        atexit(release);
    }
    if (size < 2)
        return 0;
    int lang = data[0] & 7, rtl = data[0] >> 3 & 1;
    double width = widths[data[0] >> 4];
    pg_text_style style = {(data[1] >> 4) % (pg_fontset_n_families(fonts) + 1) - 1,
                           sizes[data[1] & 3],
                           data[1] >> 2 & 1,
                           data[1] >> 3 & 1,
                           {0, 0, 0, 1}};
    if (!shapers[lang][rtl]) {
        pg_error e = {0};
        if (pg_shaper_new(&shapers[lang][rtl], fonts, langs[lang], rtl, &e)) {
            fprintf(stderr, "fuzz_text: no shaper for %s: %s\n", langs[lang], e.msg);
            abort();
        }
    }

    pg_arena *a = pg_arena_new();
    const uint8_t *p = data + 2, *end = data + size;
    int n_spans = 1;
    for (const uint8_t *q = p; q < end; q++)
        n_spans += *q == 0x1F;
    pg_span *spans = PG_ARENA_ARRAY(a, pg_span, n_spans);
    char *buf = pg_arena_alloc(a, size + 1);
    for (int i = 0; i < n_spans; i++) {
        char *start = buf, *o = buf;
        while (p < end && *p != 0x1F)
            o = take(o, &p, end);
        p++; /* the separator */
        *o++ = '\0';
        buf = o;
        spans[i] = (pg_span){
            pg_unicode_nfc(start, a), (unsigned)i & (PG_BOLD | PG_ITALIC), {"fuzz.xml", 1 + i, 1}};
    }

    pg_line *lines = NULL;
    int n = 0;
    pg_error err = {0};
    pg_text_lines(&lines, &n, shapers[lang][rtl], spans, n_spans, &style, width, a, &err);
    pg_arena_free(a);
    return 0;
}
