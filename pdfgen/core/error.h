/* error.h — one error value passed up from the lowest level that knows the place.
 * Fallible functions return 0 or a negative PG_E* code and fill a pg_error with the
 * file, line, column and a one-line message; callers pass the code up unchanged.
 * Cleanup follows one idiom: `int rc = 0; ... PG_CHECK(f(...)); ... done: return rc;`. */
#ifndef PG_ERROR_H
#define PG_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum {
    PG_OK = 0,
    PG_EINPUT = -1,    /* the input was rejected: the user can fix it */
    PG_EUSAGE = -2,    /* the command line is wrong */
    PG_EIO = -3,       /* reading or writing a file failed (disk full, permissions) */
    PG_EINTERNAL = -4, /* a library failed where it should not (a bug, or out of resources) */
};

/** Runs expr; on a negative result stores it in rc and jumps to the function's done:. */
#define PG_CHECK(expr)                                                                             \
    do {                                                                                           \
        rc = (expr);                                                                               \
        if (rc < 0)                                                                                \
            goto done;                                                                             \
    } while (0)

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

/** Formats err as "FILE:LINE:COL: SEVERITY: MSG" with the place parts that are known,
 * "pdfgen: SEVERITY: MSG" with no place; with severity NULL, "FILE:LINE:COL: MSG" or
 * "MSG" (for a message another place will prefix). */
void pg_error_format(char *buf, size_t cap, const pg_error *err, const char *severity);

/** Writes err formatted with severity "error" and a newline to out. */
void pg_error_print(const pg_error *err, FILE *out);

/** Prints "pdfgen: out of memory" and aborts; for allocation failures only. */
_Noreturn void pg_oom(void);

#endif
