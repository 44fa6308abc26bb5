/* bind.c — variables, shared strings and images into the model. Typed values print as
 * the handout's language writes them (ICU/CLDR long dates, short times); a value is
 * always text, never markup. */
#include "bind/bind.h"
#include "load/load.h"
#include "text/unicode.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct binder {
    pg_binding *b;
    pg_arena *a;
    pg_error *err;
    const char *page, *pages; /* set while binding templates */
    pg_span *spans;
    size_t cap;
    int n;
} binder;

static const char *value_of(const binder *B, const char *name)
{
    if (B->page && !strcmp(name, "page"))
        return B->page;
    if (B->pages && !strcmp(name, "pages"))
        return B->pages;
    for (int i = B->b->n_values - 1; i >= 0; i--)
        if (!strcmp(B->b->names[i], name))
            return B->b->values[i];
    return NULL;
}

static void push(binder *B, const char *text, unsigned flags, pg_pos pos)
{
    pg_arena_grow(B->a, (void **)&B->spans, &B->cap, (size_t)B->n + 1, sizeof *B->spans);
    B->spans[B->n++] = (pg_span){text, flags, pos};
}

static int bind_inlines(binder *B, const pg_inline *in, int depth)
{
    for (; in; in = in->next) {
        switch (in->kind) {
        case PG_IN_TEXT:
            push(B, in->text, in->flags, in->pos);
            break;
        case PG_IN_BR:
            push(B, "\u2028", in->flags, in->pos);
            break;
        case PG_IN_TITLE:
            push(B, B->b->title, in->flags, in->pos);
            break;
        case PG_IN_VAR: {
            const char *v = value_of(B, in->text);
            if (!v)
                return pg_error_set(B->err, PG_EINPUT, in->pos.file, in->pos.line, in->pos.col,
                                    "variable \"%s\" has no value; give it with --set %s=VALUE "
                                    "or a \"%s\" column",
                                    in->text, in->text, in->text);
            push(B, v, in->flags, in->pos);
            break;
        }
        case PG_IN_STRING: {
            const pg_string *s = pg_strings_find(B->b->strings, in->text);
            if (!B->b->strings)
                return pg_error_set(B->err, PG_EINPUT, in->pos.file, in->pos.line, in->pos.col,
                                    "shared string \"%s\" is needed, but there is no %s/common/"
                                    "%s.xml",
                                    in->text, B->b->handout->root, B->b->lang);
            if (!s || depth > 0)
                return pg_error_set(
                    B->err, PG_EINPUT, in->pos.file, in->pos.line, in->pos.col,
                    "shared string \"%s\" is not in %s; add <string id=\"%s\"> "
                    "there",
                    in->text, B->b->strings ? B->b->strings->path : "the shared strings", in->text);
            int rc = bind_inlines(B, s->inlines, depth + 1);
            if (rc)
                return rc;
            break;
        }
        }
    }
    return 0;
}

static int bind_to(pg_span **out, int *n_out, binder *B, const pg_inline *in)
{
    B->spans = NULL;
    B->cap = 0;
    B->n = 0;
    int rc = bind_inlines(B, in, 0);
    *out = B->spans;
    *n_out = B->n;
    return rc;
}

/* ---- values ------------------------------------------------------------------------ */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* A spreadsheet cell may carry spaces around a date or time. */
static const char *trimmed(const char *s, pg_arena *a)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        n--;
    return pg_arena_strndup(a, s, n);
}

static int parse_date(const char *s, int *y, int *m, int *d)
{
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3 || s[4] != '-' ||
        s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

static int parse_time(const char *s, int *h, int *m)
{
    size_t n = strlen(s);
    if ((n != 5 && n != 4) || s[n - 3] != ':')
        return -1;
    for (size_t i = 0; i < n; i++)
        if (i != n - 3 && (s[i] < '0' || s[i] > '9'))
            return -1;
    *h = atoi(s);
    *m = atoi(s + n - 2);
    return (*h > 23 || *m > 59) ? -1 : 0;
}

static const pg_var_decl *declared(const pg_handout *h, const char *name)
{
    for (const pg_var_decl *d = h->vars; d; d = d->next)
        if (!strcmp(d->name, name))
            return d;
    return NULL;
}

/* A value is inserted text: it goes inside a first-strong isolate (FSI ... PDI, UAX #9
 * 2.4) so a phone number or a Latin name keeps its own direction inside Arabic, and a
 * short value (a name, a date, a phone number) stays on one line: its spaces become
 * no-break spaces, so "(555) 123-4567" never ends one line and starts the next. */
static const char *as_inserted(const char *v, pg_arena *a)
{
    size_t n = strlen(v), spaces = 0;
    for (const char *p = v; *p; p++)
        spaces += *p == ' ';
    int keep = n <= 40;
    char *out = pg_arena_alloc(a, n + spaces + 7), *o = out;
    memcpy(o, "\xe2\x81\xa8", 3); /* U+2068 FIRST STRONG ISOLATE */
    o += 3;
    for (const char *p = v; *p; p++) {
        if (*p == ' ' && keep) {
            *o++ = (char)0xC2;
            *o++ = (char)0xA0;
        } else {
            *o++ = *p;
        }
    }
    memcpy(o, "\xe2\x81\xa9", 3); /* U+2069 POP DIRECTIONAL ISOLATE */
    o[3] = '\0';
    return out;
}

static void add_value(pg_binding *b, size_t *cap, const char *name, const char *value, pg_arena *a)
{
    size_t c1 = *cap;
    pg_arena_grow(a, (void **)&b->names, &c1, (size_t)b->n_values + 1, sizeof *b->names);
    pg_arena_grow(a, (void **)&b->values, cap, (size_t)b->n_values + 1, sizeof *b->values);
    b->names[b->n_values] = name;
    b->values[b->n_values] = as_inserted(value, a);
    b->n_values++;
}

/* Languages without CLDR data in ICU (Haitian Creole, for one) write their dates and
 * times in their shared strings: "date-format" with the variables day, month (the name
 * from "month-1" ... "month-12") and year, and "time-format" with hour and minute. */
static const char *string_text(const pg_strings *s, const char *id)
{
    const pg_string *str = pg_strings_find(s, id);
    if (!str || !str->inlines || str->inlines->kind != PG_IN_TEXT || str->inlines->next)
        return NULL;
    return str->inlines->text;
}

static const char *format_from_strings(const pg_binding *b, const char *id, int y, int m, int d,
                                       int h, int mi, pg_arena *a)
{
    const pg_string *fmt = pg_strings_find(b->strings, id);
    if (!fmt)
        return NULL;
    const char *out = "";
    for (const pg_inline *in = fmt->inlines; in; in = in->next) {
        const char *piece = in->kind == PG_IN_TEXT ? in->text : NULL;
        if (in->kind == PG_IN_VAR) {
            if (!strcmp(in->text, "day"))
                piece = pg_arena_printf(a, "%d", d);
            else if (!strcmp(in->text, "year"))
                piece = pg_arena_printf(a, "%d", y);
            else if (!strcmp(in->text, "hour"))
                piece = pg_arena_printf(a, "%d", h);
            else if (!strcmp(in->text, "minute"))
                piece = pg_arena_printf(a, "%02d", mi);
            else if (!strcmp(in->text, "month"))
                piece = string_text(b->strings, pg_arena_printf(a, "month-%d", m));
            if (!piece)
                return NULL;
        }
        if (piece)
            out = pg_arena_printf(a, "%s%s", out, piece);
    }
    return out;
}

static const char *local_date(const pg_binding *b, int y, int m, int d, pg_arena *a)
{
    if (b->icu_lang)
        return pg_locale_date(y, m, d, b->lang, a);
    return format_from_strings(b, "date-format", y, m, d, 0, 0, a);
}

static const char *local_time(const pg_binding *b, int h, int mi, pg_arena *a)
{
    if (b->icu_lang)
        return pg_locale_time(h, mi, b->lang, a);
    return format_from_strings(b, "time-format", 0, 0, 0, h, mi, a);
}

static int format_value(const char **out, const char *name, const char *raw, const char *where,
                        const pg_binding *b, pg_arena *a, pg_error *err)
{
    if (!pg_unicode_valid(raw))
        return pg_error_set(err, PG_EINPUT, where, 0, 0, "the value of %s is not valid UTF-8 text",
                            name);
    const pg_var_decl *d = declared(b->handout, name);
    pg_var_type type = d ? d->type : PG_VAR_TEXT;
    int y, m, dd, h, mi;
    switch (type) {
    case PG_VAR_TEXT: {
        /* Line ends in a value would break the layout's lines: they become spaces. */
        char *v = pg_arena_strdup(a, raw);
        for (char *p = v; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        *out = pg_unicode_nfc(v, a);
        return 0;
    }
    case PG_VAR_DATE:
        if (parse_date(trimmed(raw, a), &y, &m, &dd))
            return pg_error_set(err, PG_EINPUT, where, 0, 0,
                                "%s=\"%s\" is not a date; write it as YYYY-MM-DD, e.g. "
                                "2026-12-03",
                                name, raw);
        *out = local_date(b, y, m, dd, a);
        break;
    case PG_VAR_TIME:
        if (parse_time(trimmed(raw, a), &h, &mi))
            return pg_error_set(err, PG_EINPUT, where, 0, 0,
                                "%s=\"%s\" is not a time; write it as HH:MM on the 24-hour "
                                "clock, e.g. 07:30",
                                name, raw);
        *out = local_time(b, h, mi, a);
        break;
    }
    if (!*out)
        return pg_error_set(err, PG_EINPUT, where, 0, 0,
                            "cannot write %s in language \"%s\": ICU has no data for it, so "
                            "its shared strings must give date-format, month-1 ... month-12 "
                            "and time-format",
                            name, b->lang);
    return 0;
}

/* "today" is the day of SOURCE_DATE_EPOCH when set, so reproducible builds stay so. */
static const char *today(const pg_binding *b, pg_arena *a)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    const char *v = local_date(b, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, a);
    return v ? v : "";
}

/* ---- blocks ------------------------------------------------------------------------ */

static int bind_blocks(pg_bblock **out, const pg_block *blk, binder *B)
{
    pg_bblock **tail = out;
    for (; blk; blk = blk->next) {
        pg_bblock *bb = PG_ARENA_NEW(B->a, pg_bblock);
        bb->kind = blk->kind;
        bb->subkind = blk->subkind;
        bb->id = blk->id;
        bb->pos = blk->pos;
        int rc = 0;
        if (blk->kind == PG_BLK_IMG) {
            rc = pg_image_load(&bb->image, blk->src, B->b->handout->dir, B->b->handout->root,
                               blk->pos, B->a, B->err);
            if (rc)
                return rc;
            bb->spans = PG_ARENA_NEW(B->a, pg_span);
            bb->spans[0] = (pg_span){blk->alt, 0, blk->pos};
            bb->n_spans = 1;
        } else if (blk->inlines) {
            if ((rc = bind_to(&bb->spans, &bb->n_spans, B, blk->inlines)))
                return rc;
        }
        if ((rc = bind_blocks(&bb->children, blk->children, B)))
            return rc;
        *tail = bb;
        tail = &bb->next;
    }
    return 0;
}

static char *plain_text(const pg_span *spans, int n, pg_arena *a)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += strlen(spans[i].text);
    char *s = pg_arena_alloc(a, len);
    for (int i = 0; i < n; i++)
        strcat(s, strcmp(spans[i].text, "\u2028") ? spans[i].text : " ");
    return s;
}

static int row_complete(const pg_inline *in, const binder *B)
{
    for (; in; in = in->next)
        if (in->kind == PG_IN_VAR && !value_of(B, in->text))
            return 0;
    return 1;
}

int pg_bind(pg_binding **out, const pg_handout *h, const pg_layout *L, const pg_strings *s,
            const pg_setting *settings, int n_settings, pg_arena *a, pg_error *err)
{
    pg_binding *b = PG_ARENA_NEW(a, pg_binding);
    b->handout = h;
    b->layout = L;
    b->strings = s;
    b->lang = h->lang;
    b->rtl = pg_locale_rtl(h->lang);
    b->icu_lang = pg_locale_known(h->lang);
    if (!b->icu_lang && !pg_strings_find(s, "date-format"))
        return pg_error_set(err, PG_EINPUT, h->path, h->pos.line, h->pos.col,
                            "language \"%s\" is not known to ICU; use a BCP 47 tag such as "
                            "\"es\" or \"zh-Hans\", or give date-format, month-1 ... month-12 "
                            "and time-format in its shared strings",
                            h->lang);
    size_t cap = 0;
    int rc;
    add_value(b, &cap, "today", today(b, a), a);
    for (const pg_default *d = L->defaults; d; d = d->next) {
        const char *v;
        if ((rc = format_value(&v, d->name, d->value, L->path, b, a, err)))
            return rc;
        add_value(b, &cap, d->name, v, a);
    }
    for (int i = 0; i < n_settings; i++) {
        const char *v;
        char where[160];
        if (settings[i].where)
            snprintf(where, sizeof where, "%s", settings[i].where);
        else
            snprintf(where, sizeof where, "--set %s", settings[i].name);
        if (!strcmp(settings[i].name, "page") || !strcmp(settings[i].name, "pages") ||
            !strcmp(settings[i].name, "today"))
            return pg_error_set(err, PG_EINPUT, NULL, 0, 0, "\"%s\" is built in and cannot be set",
                                settings[i].name);
        if ((rc = format_value(&v, settings[i].name, settings[i].value, where, b, a, err)))
            return rc;
        add_value(b, &cap, settings[i].name, v, a);
    }

    binder B = {b, a, err, NULL, NULL, NULL, 0, 0};
    /* The title first: templates may print it. */
    b->title = "";
    if ((rc = bind_blocks(&b->blocks, h->blocks, &B)))
        return rc;
    for (const pg_bblock *bb = b->blocks; bb; bb = bb->next)
        if (bb->kind == PG_BLK_TITLE)
            b->title = plain_text(bb->spans, bb->n_spans, a);

    if (L->banner && row_complete(L->banner->value, &B)) {
        for (const pg_banner_row *r = L->banner; r; r = r->next)
            b->n_banner++;
        b->banner = PG_ARENA_ARRAY(a, pg_banner_line, b->n_banner);
        int i = 0;
        for (const pg_banner_row *r = L->banner; r; r = r->next) {
            if (!row_complete(r->value, &B) || !row_complete(r->label, &B))
                continue;
            pg_banner_line *bl = &b->banner[i++];
            if ((rc = bind_to(&bl->label, &bl->n_label, &B, r->label)) ||
                (rc = bind_to(&bl->value, &bl->n_value, &B, r->value)))
                return rc;
        }
        b->n_banner = i;
    }
    *out = b;
    return 0;
}

int pg_bind_template(pg_span **out, int *n_out, const pg_binding *b, const pg_inline *in, int page,
                     int pages, pg_arena *a, pg_error *err)
{
    binder B = {(pg_binding *)b,
                a,
                err,
                pg_locale_int(page, b->lang, a),
                pg_locale_int(pages, b->lang, a),
                NULL,
                0,
                0};
    return bind_to(out, n_out, &B, in);
}
