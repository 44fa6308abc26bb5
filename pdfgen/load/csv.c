/* csv.c — RFC 4180 through libcsv in strict mode. libcsv does not count lines, so
 * the input is fed one physical line at a time: a record starts on the first non-blank
 * line fed while the parser is between records. */
#include "load/csv.h"
#include "core/file.h"

#include <csv.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_BYTES (64L * 1024 * 1024)
#define MAX_FIELDS 1024
#define MAX_RECORDS 1000000

typedef struct reader {
    pg_arena *a;
    pg_csv *out;
    size_t cap;
    const char **fields; /* the record being read (malloc'd, reused) */
    size_t *lens;
    int n, start_line, at_boundary, too_wide, too_long;
} reader;

/* RFC 4180: spaces are part of a field. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->n == MAX_FIELDS) {
        r->too_wide = 1;
        return;
    }
    char *copy = pg_arena_alloc(r->a, len + 1);
    size_t k = 0;
    const char *f = field ? field : "";
    for (size_t i = 0; i < len; i++) {
        if (f[i] == '\r') {
            copy[k++] = '\n';
            if (i + 1 < len && f[i + 1] == '\n')
                i++;
        } else {
            copy[k++] = f[i];
        }
    }
    copy[k] = '\0';
    r->fields[r->n] = copy;
    r->lens[r->n] = k;
    r->n++;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    int any = 0;
    for (int i = 0; i < r->n && !any; i++)
        any = r->lens[i] > 0;
    if (any && r->out->n_records == MAX_RECORDS)
        r->too_long = 1;
    else if (any) {
        pg_arena_grow(r->a, (void **)&r->out->records, &r->cap, (size_t)r->out->n_records + 1,
                      sizeof(pg_csv_record));
        pg_csv_record *rec = &r->out->records[r->out->n_records++];
        rec->line = r->start_line;
        rec->n_fields = r->n;
        rec->fields = PG_ARENA_ARRAY(r->a, const char *, r->n);
        rec->lens = PG_ARENA_ARRAY(r->a, size_t, r->n);
        memcpy(rec->fields, r->fields, sizeof(char *) * (size_t)r->n);
        memcpy(rec->lens, r->lens, sizeof(size_t) * (size_t)r->n);
    }
    r->n = 0;
    r->at_boundary = 1;
}

/* The length of the physical line at p: through its LF, CRLF or lone CR. */
static size_t line_length(const char *p, size_t left)
{
    for (size_t i = 0; i < left; i++) {
        if (p[i] == '\n')
            return i + 1;
        if (p[i] == '\r')
            return i + 1 < left && p[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return left;
}

static int is_blank(const char *p, size_t len)
{
    return len == 0 || p[0] == '\n' || p[0] == '\r';
}

int pg_csv_parse(pg_csv *out, const char *data, size_t len, const char *path, pg_arena *a,
                 pg_error *err)
{
    memset(out, 0, sizeof *out);
    if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
        ((unsigned char)data[1] == 0xFE || (unsigned char)data[1] == 0xFF))
        return pg_error_set(err, PG_EINPUT, path, 1, 0,
                            "is UTF-16 text; save the list as \"CSV UTF-8\" instead");
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
        pg_oom();
    csv_set_space_func(&p, no_space);
    reader r = {.a = a, .out = out, .at_boundary = 1};
    r.fields = malloc(sizeof(char *) * MAX_FIELDS);
    r.lens = malloc(sizeof(size_t) * MAX_FIELDS);
    if (!r.fields || !r.lens)
        pg_oom();
    int rc = 0, line = 1;
    for (size_t off = 0; off < len && !rc; line++) {
        size_t n = line_length(data + off, len - off);
        if (r.at_boundary && !is_blank(data + off, n)) {
            r.start_line = line;
            r.at_boundary = 0;
        }
        if (csv_parse(&p, data + off, n, on_field, on_record, &r) != n) {
            if (csv_error(&p) != CSV_EPARSE)
                pg_oom();
            rc = pg_error_set(err, PG_EINPUT, path, line, 0,
                              "malformed CSV: a double quote inside an unquoted field, or text "
                              "after a closing quote; put the whole field in double quotes and "
                              "write each quote inside it twice (\"\")");
        }
        off += n;
    }
    if (!rc && csv_fini(&p, on_field, on_record, &r))
        rc = pg_error_set(err, PG_EINPUT, path, r.start_line, 0,
                          "malformed CSV: a quoted field in the record starting here is never "
                          "closed; add its closing double quote");
    if (!rc && r.too_wide)
        rc = pg_error_set(err, PG_EINPUT, path, 0, 0, "a record has more than %d fields",
                          MAX_FIELDS);
    if (!rc && r.too_long)
        rc = pg_error_set(err, PG_EINPUT, path, 0, 0,
                          "has more than %d rows; split the list into several files", MAX_RECORDS);
    csv_free(&p);
    free(r.fields);
    free(r.lens);
    return rc;
}

int pg_csv_read(pg_csv *out, const char *path, pg_arena *a, pg_error *err)
{
    memset(out, 0, sizeof *out);
    char *buf = NULL;
    size_t len = 0;
    int rc = 0;
    PG_CHECK(pg_file_read(&buf, &len, path, MAX_BYTES,
                          "is larger than 64 MiB; split the list into several files", err));
    PG_CHECK(pg_csv_parse(out, buf, len, path, a, err));
done:
    free(buf);
    return rc;
}

void pg_csv_write_field(FILE *f, const char *s, int last)
{
    s = s ? s : "";
    /* A spreadsheet would run a cell that starts like a formula (OWASP, CSV injection):
     * an apostrophe before it makes it text, and shows as nothing. */
    if (strchr("=+-@\t\r", s[0]) && s[0]) {
        size_t n = strlen(s);
        char *quoted = malloc(n + 2);
        if (!quoted)
            pg_oom();
        quoted[0] = '\'';
        memcpy(quoted + 1, s, n + 1);
        csv_fwrite(f, quoted, n + 1);
        free(quoted);
    } else {
        csv_fwrite(f, s, strlen(s));
    }
    fputc(last ? '\n' : ',', f);
}
