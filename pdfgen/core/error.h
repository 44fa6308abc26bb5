/* error.h — one error value passed up from the lowest level that knows the place.
 * Fallible functions return 0 or a negative PG_E* code and fill a pg_error with the
 * file, line, column and a one-line message; callers pass the code up unchanged. */
#ifndef PG_ERROR_H
#define PG_ERROR_H

#include <stdarg.h>
#include <stdio.h>

enum {
    PG_OK = 0,
    PG_EINPUT = -1, /* the input was rejected: exit status 1 */
    PG_EUSAGE = -2, /* bad command line: exit status 2 */
};

typedef struct pg_error {
    int code;
    char file[512];
    int line; /* 0 when unknown */
    int col;  /* 0 when unknown */
    char msg[1024];
} pg_error;

/** Records an error at FILE:LINE:COL (file may be NULL, line/col 0) and returns code. */
int pg_error_set(pg_error *err, int code, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/** Writes "FILE:LINE:COL: error: MSG" (the place parts that are known) to out. */
void pg_error_print(const pg_error *err, FILE *out);

/** Prints "pdfgen: out of memory" and aborts; for allocation failures only. */
_Noreturn void pg_oom(void);

#endif
