/* unicode.h — small ICU services for the stages before text layout: NFC, UTF-8 checks,
 * and locale data (dates, times, numbers, writing direction) per BCP 47 language tag. */
#ifndef PG_UNICODE_H
#define PG_UNICODE_H

#include "core/arena.h"

#include <stdint.h>

/** s (valid UTF-8) in Unicode Normalization Form C, in a; returns s itself when it is
 * already NFC. */
char *pg_unicode_nfc(const char *s, pg_arena *a);

/** s (valid UTF-8) case-folded and in NFKC (ICU's NFKC_Casefold), for comparing names
 * that must differ in more than case: "P-01" and "p-01" fold to the same string. */
char *pg_unicode_fold(const char *s, pg_arena *a);

/** s (valid UTF-8) as UTF-16BE with a byte order mark: a PDF text string (7.9.2.2).
 * *len gets its length in bytes. */
unsigned char *pg_unicode_utf16be(const char *s, size_t *len, pg_arena *a);

/** Whether s is well-formed UTF-8 without NUL or C0 controls other than tab/newline. */
int pg_unicode_valid(const char *s);

/** Whether cp is a nonspacing mark (General_Category Mn: a virama, a nukta, most vowel
 * signs, Arabic harakat). */
int pg_unicode_nonspacing_mark(uint32_t cp);

/** "3 de diciembre de 2026" for 2026-12-03 in "es": the language's long date form.
 * NULL when lang is not a locale ICU knows. */
char *pg_locale_date(int year, int month, int day, const char *lang, pg_arena *a);

/** "7:30 AM" for 07:30 in "en": the language's short time form. */
char *pg_locale_time(int hour, int minute, const char *lang, pg_arena *a);

/** An integer in the language's own digits ("٣" in "ar"). */
char *pg_locale_int(long v, const char *lang, pg_arena *a);

/** Whether lang is written right to left (ar, he, fa, ur, ...). */
int pg_locale_rtl(const char *lang);

/** Whether ICU has locale data for lang (its language, at least). */
int pg_locale_known(const char *lang);

/** Whether name is a numbering system ICU knows ("latn", "arab", "deva"). */
int pg_locale_digits_known(const char *name);

#endif
