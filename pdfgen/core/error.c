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

void pg_error_format(char *buf, size_t cap, const pg_error *err, const char *severity)
{
    char place[600] = "";
    if (err->file[0] && err->line > 0 && err->col > 0)
        snprintf(place, sizeof place, "%s:%d:%d: ", err->file, err->line, err->col);
    else if (err->file[0] && err->line > 0)
        snprintf(place, sizeof place, "%s:%d: ", err->file, err->line);
    else if (err->file[0])
        snprintf(place, sizeof place, "%s: ", err->file);
    else if (severity)
        snprintf(place, sizeof place, "pdfgen: ");
    snprintf(buf, cap, "%s%s%s%s", place, severity ? severity : "", severity ? ": " : "", err->msg);
}

void pg_error_print(const pg_error *err, FILE *out)
{
    char buf[sizeof err->file + sizeof err->msg + 64];
    pg_error_format(buf, sizeof buf, err, "error");
    fprintf(out, "%s\n", buf);
}

void pg_oom(void)
{
    fputs("pdfgen: out of memory\n", stderr);
    abort();
}
