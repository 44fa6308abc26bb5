/* error.c — filling and printing pg_error values in the GNU "FILE:LINE:COL: error:" form
 * that editors and CI logs turn into links. */
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

int pg_error_set(pg_error *err, int code, const char *file, int line, int col, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void pg_error_print(const pg_error *err, FILE *out)
{
    if (err->file[0] && err->line > 0 && err->col > 0)
        fprintf(out, "%s:%d:%d: error: %s\n", err->file, err->line, err->col, err->msg);
    else if (err->file[0] && err->line > 0)
        fprintf(out, "%s:%d: error: %s\n", err->file, err->line, err->msg);
    else if (err->file[0])
        fprintf(out, "%s: error: %s\n", err->file, err->msg);
    else
        fprintf(out, "pdfgen: error: %s\n", err->msg);
}

void pg_oom(void)
{
    fputs("pdfgen: out of memory\n", stderr);
    abort();
}
