/* unicode.c — NFC (UAX #15) through unorm2, and CLDR locale data through ICU's date and
 * number formatters. Dates are formatted in UTC from a calendar date, so the time zone
 * of the machine never shifts a day. */
#include "text/unicode.h"
#include "core/error.h"

#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unorm2.h>
#include <unicode/unum.h>
#include <unicode/unumsys.h>
#include <unicode/ustring.h>

#include <stdlib.h>
#include <string.h>

static UChar *to_utf16(const char *s, int32_t *len, pg_arena *a)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, s, -1, &st);
    st = U_ZERO_ERROR;
    UChar *u = PG_ARENA_ARRAY(a, UChar, n + 1);
    u_strFromUTF8(u, n + 1, len, s, -1, &st);
    return U_FAILURE(st) ? NULL : u;
}

static char *to_utf8(const UChar *u, int32_t n, pg_arena *a)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = 0;
    u_strToUTF8(NULL, 0, &len, u, n, &st);
    st = U_ZERO_ERROR;
    char *s = pg_arena_alloc(a, (size_t)len + 1);
    u_strToUTF8(s, len + 1, NULL, u, n, &st);
    return U_FAILURE(st) ? NULL : s;
}

/* s through norm (valid UTF-8 in, UTF-8 out, in a); s itself when it is already
 * normalized or ICU fails. */
static char *normalize(const UNormalizer2 *norm, const char *s, pg_arena *a)
{
    int32_t n = 0;
    UChar *u = to_utf16(s, &n, a);
    UErrorCode st = U_ZERO_ERROR;
    if (!u || !norm || (unorm2_isNormalized(norm, u, n, &st) && U_SUCCESS(st)))
        return (char *)s;
    st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(norm, u, n, NULL, 0, &st); /* the length it needs */
    st = U_ZERO_ERROR;
    UChar *out = PG_ARENA_ARRAY(a, UChar, m + 1);
    unorm2_normalize(norm, u, n, out, m + 1, &st);
    if (U_FAILURE(st))
        return (char *)s;
    char *r = to_utf8(out, m, a);
    return r ? r : (char *)s;
}

char *pg_unicode_nfc(const char *s, pg_arena *a)
{
    int ascii = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80)
            ascii = 0;
    if (ascii)
        return (char *)s; /* ASCII is always NFC: the common case costs nothing */
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    return normalize(U_SUCCESS(st) ? nfc : NULL, s, a);
}

char *pg_unicode_fold(const char *s, pg_arena *a)
{
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&st);
    return normalize(U_SUCCESS(st) ? fold : NULL, s, a);
}

unsigned char *pg_unicode_utf16be(const char *s, size_t *len, pg_arena *a)
{
    int32_t n = 0;
    UChar *u = to_utf16(s, &n, a);
    if (!u)
        n = 0;
    unsigned char *out = pg_arena_alloc(a, 2 + 2 * (size_t)n);
    out[0] = 0xFE;
    out[1] = 0xFF;
    for (int32_t i = 0; i < n; i++) {
        out[2 + 2 * i] = (unsigned char)(u[i] >> 8);
        out[3 + 2 * i] = (unsigned char)u[i];
    }
    *len = 2 + 2 * (size_t)n;
    return out;
}

int pg_unicode_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return 0;
        if (c == 0x7F)
            return 0;
        if (c < 0x80) {
            p++;
            continue;
        }
        int n;
        uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

int pg_unicode_nonspacing_mark(uint32_t cp)
{
    return cp <= 0x10FFFF && u_charType((UChar32)cp) == U_NON_SPACING_MARK;
}

/* ICU's locale id for BCP 47 tag lang, in out (64 bytes). A batch asks for it with every
 * page number it formats: the last few answers are kept. */
enum { LOCALE_ID = 64, KEPT_LOCALES = 16 };
static void icu_locale(char out[LOCALE_ID], const char *lang)
{
    static struct {
        char lang[LOCALE_ID], loc[LOCALE_ID];
    } ids[KEPT_LOCALES];
    static int next_id;
    for (int i = 0; i < KEPT_LOCALES; i++)
        if (ids[i].lang[0] && !strcmp(ids[i].lang, lang)) {
            memcpy(out, ids[i].loc, LOCALE_ID);
            return;
        }
    UErrorCode st = U_ZERO_ERROR;
    uloc_forLanguageTag(lang, out, LOCALE_ID, NULL, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        snprintf(out, LOCALE_ID, "%s", lang);
    if (strlen(lang) < LOCALE_ID) {
        memcpy(ids[next_id].lang, lang, strlen(lang) + 1);
        memcpy(ids[next_id].loc, out, LOCALE_ID);
        next_id = (next_id + 1) % KEPT_LOCALES;
    }
}

/* ICU's formatters take far longer to open than to use, and a batch formats page
 * numbers, dates and times for every packet in a handful of languages: the formatters
 * opened last are kept for the life of the process, as are the languages looked up. */
enum { KEPT = 64 }; /* three formatters for each of 20 languages */
typedef enum { NUMBER, DATE, TIME } format_kind;
static struct {
    format_kind kind;
    char loc[64];
    void *fmt; /* UNumberFormat or UDateFormat */
} kept[KEPT];
static int next_kept;
static struct {
    char lang[64];
    int known;
} known[KEPT];
static int next_known;

static void close_kept(int i)
{
    if (!kept[i].fmt)
        return;
    if (kept[i].kind == NUMBER)
        unum_close(kept[i].fmt);
    else
        udat_close(kept[i].fmt);
    kept[i].fmt = NULL;
}

/* The formatter of kind for ICU locale loc, opened the first time; NULL if ICU fails. */
static void *formatter(format_kind kind, const char *loc)
{
    for (int i = 0; i < KEPT; i++)
        if (kept[i].fmt && kept[i].kind == kind && !strcmp(kept[i].loc, loc))
            return kept[i].fmt;
    UErrorCode st = U_ZERO_ERROR;
    static const UChar utc[] = {'U', 'T', 'C', 0};
    void *fmt = NULL;
    if (kind == NUMBER) {
        fmt = unum_open(UNUM_DECIMAL, NULL, 0, loc, NULL, &st);
        if (U_SUCCESS(st))
            unum_setAttribute(fmt, UNUM_GROUPING_USED, 0);
    } else {
        fmt = kind == DATE ? udat_open(UDAT_NONE, UDAT_LONG, loc, utc, -1, NULL, 0, &st)
                           : udat_open(UDAT_SHORT, UDAT_NONE, loc, utc, -1, NULL, 0, &st);
    }
    if (U_FAILURE(st)) {
        if (fmt)
            kind == NUMBER ? unum_close(fmt) : udat_close(fmt);
        return NULL;
    }
    close_kept(next_kept);
    kept[next_kept].kind = kind;
    snprintf(kept[next_kept].loc, sizeof kept[next_kept].loc, "%s", loc);
    kept[next_kept].fmt = fmt;
    next_kept = (next_kept + 1) % KEPT;
    return fmt;
}

static int look_up_known(const char *lang)
{
    char loc[LOCALE_ID];
    icu_locale(loc, lang);
    char want[16];
    UErrorCode st = U_ZERO_ERROR;
    uloc_getLanguage(loc, want, sizeof want, &st);
    if (U_FAILURE(st) || !want[0])
        return 0;
    for (int32_t i = 0, n = uloc_countAvailable(); i < n; i++) {
        char have[16];
        st = U_ZERO_ERROR;
        uloc_getLanguage(uloc_getAvailable(i), have, sizeof have, &st);
        if (!strcmp(have, want))
            return 1;
    }
    return 0;
}

int pg_locale_known(const char *lang)
{
    for (int i = 0; i < KEPT; i++)
        if (known[i].lang[0] && !strcmp(known[i].lang, lang))
            return known[i].known;
    int k = look_up_known(lang);
    if (strlen(lang) < sizeof known[0].lang) {
        snprintf(known[next_known].lang, sizeof known[next_known].lang, "%s", lang);
        known[next_known].known = k;
        next_known = (next_known + 1) % KEPT;
    }
    return k;
}

int pg_locale_rtl(const char *lang)
{
    char loc[LOCALE_ID];
    icu_locale(loc, lang);
    return uloc_isRightToLeft(loc) ? 1 : 0;
}

/* Milliseconds since 1970 of a proleptic Gregorian date and time in UTC. */
static UDate utc_millis(int y, int mo, int d, int h, int mi)
{
    /* Days from civil (H. Hinnant's algorithm): exact for every year. */
    y -= mo <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153LL * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long days = era * 146097 + doe - 719468;
    return ((double)days * 86400.0 + h * 3600.0 + mi * 60.0) * 1000.0;
}

static char *format(format_kind kind, int y, int mo, int d, int h, int mi, const char *lang,
                    pg_arena *a)
{
    char loc[LOCALE_ID];
    icu_locale(loc, lang);
    UDateFormat *fmt = formatter(kind, loc);
    if (!fmt)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[128];
    int32_t n = udat_format(fmt, utc_millis(y, mo, d, h, mi), buf, 128, NULL, &st);
    return U_SUCCESS(st) ? to_utf8(buf, n, a) : NULL;
}

char *pg_locale_date(int year, int month, int day, const char *lang, pg_arena *a)
{
    return format(DATE, year, month, day, 0, 0, lang, a);
}

char *pg_locale_time(int hour, int minute, const char *lang, pg_arena *a)
{
    return format(TIME, 2000, 1, 1, hour, minute, lang, a);
}

char *pg_locale_int(long v, const char *lang, pg_arena *a)
{
    char loc[LOCALE_ID];
    icu_locale(loc, lang);
    UNumberFormat *nf = formatter(NUMBER, loc);
    UErrorCode st = U_ZERO_ERROR;
    UChar buf[64];
    int32_t n = nf ? unum_formatInt64(nf, v, buf, 64, NULL, &st) : 0;
    if (!nf || U_FAILURE(st))
        return pg_arena_printf(a, "%ld", v);
    return to_utf8(buf, n, a);
}

int pg_locale_digits_known(const char *name)
{
    /* A bare name of letters and digits: ICU would read anything else as more keywords. */
    size_t n = strlen(name);
    if (n < 3 || n > 8 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789") != n)
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UNumberingSystem *ns = unumsys_openByName(name, &st);
    if (ns)
        unumsys_close(ns);
    return U_SUCCESS(st) && ns != NULL;
}
