/* bind.c — variables, shared strings and images into the model. Typed values print as
 * the handout's language writes them (ICU/CLDR long dates, short times); a value is
 * always text, never markup. */
#include "bind/bind.h"
#include "bind/image.h"
#include "core/names.h"
#include "load/load.h"
#include "text/unicode.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct binder {
    const pg_binding *b;
    pg_arena *a;
    pg_error *err;
    const char *page, *pages; /* set while binding templates */
    pg_image_set images;      /* the document's pictures, each decoded once */
    const pg_handout *source; /* preview of a translation: its source */
    pg_span *spans;
    size_t cap;
    int n;
} binder;

static const pg_var_decl *declared(const pg_handout *h, const char *name)
{
    for (const pg_var_decl *d = h->vars; d; d = d->next)
        if (!strcmp(d->name, name))
            return d;
    return NULL;
}

/* A write-in field with no value: a line of low lines (U+005F) to write on by hand, a
 * name's longer than a date's or a time's. They join into one rule in every font, stay
 * on one line (UAX #14 has no break between them), and copy as the blank a paper form
 * shows. */
static const char *write_on_line(pg_var_type type)
{
    switch (type) {
    case PG_VAR_DATE:
        return "\u2068______________\u2069";
    case PG_VAR_TIME:
        return "\u2068__________\u2069";
    default:
        return "\u2068____________________\u2069";
    }
}

/* The value name prints; *given says whether it was given for this patient (see
 * PG_VALUE), not built in nor a layout default. */
static const char *value_of(const binder *B, const char *name, int *given)
{
    *given = 0;
    if (B->page && !strcmp(name, "page"))
        return B->page;
    if (B->pages && !strcmp(name, "pages"))
        return B->pages;
    /* A preview shows where each variable goes, by name, isolated like a value. */
    if (B->b->preview && !pg_name_builtin(name))
        return pg_arena_printf(B->a, "\u2068[%s]\u2069", name);
    for (int i = B->b->n_values - 1; i >= 0; i--)
        if (!strcmp(B->b->names[i], name)) {
            *given = i >= B->b->n_fixed;
            return B->b->values[i];
        }
    const pg_var_decl *d = declared(B->b->handout, name);
    return d && d->write_in ? write_on_line(d->type) : NULL;
}

static void push(binder *B, const char *text, unsigned flags, pg_pos pos)
{
    /* Large print sets emphasis in bold: italics are hard to read with low vision. */
    if ((flags & PG_ITALIC) && B->b->layout->emphasis_bold)
        flags = (flags & ~(unsigned)PG_ITALIC) | PG_BOLD;
    pg_arena_grow(B->a, (void **)&B->spans, &B->cap, (size_t)B->n + 1, sizeof *B->spans);
    B->spans[B->n++] = (pg_span){text, flags, pos};
}

static int ends_with_period(const char *s)
{
    size_t n = strlen(s);
    /* Values are bidi-isolated for the page: look past the isolate's end. */
    if (n >= 3 && !memcmp(s + n - 3, "\xE2\x81\xA9", 3))
        n -= 3;
    return n && s[n - 1] == '.';
}

static int bind_inlines(binder *B, const pg_inline *in, int depth)
{
    int after_value = 0; /* the span before is a variable's value */
    for (; in; in = in->next) {
        int value = 0;
        switch (in->kind) {
        case PG_IN_TEXT:
            /* A value that ends its sentence with its own period ("2026 г.") takes the
             * place of the sentence's: one period, not two. */
            if (after_value && in->text[0] == '.' && ends_with_period(B->spans[B->n - 1].text))
                push(B, in->text + 1, in->flags, in->pos);
            else
                push(B, in->text, in->flags, in->pos);
            break;
        case PG_IN_BR:
            push(B, "\u2028", in->flags, in->pos);
            break;
        case PG_IN_TITLE:
            push(B, B->b->title, in->flags, in->pos);
            break;
        case PG_IN_VAR: {
            int given;
            const char *v = value_of(B, in->text, &given);
            if (!v)
                return pg_error_set(B->err, PG_EINPUT, in->pos.file, in->pos.line, in->pos.col,
                                    "variable \"%s\" has no value; give it with --set %s=VALUE "
                                    "or a \"%s\" column",
                                    in->text, in->text, in->text);
            push(B, v, in->flags | (given ? PG_VALUE : 0), in->pos);
            value = 1;
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
            int from = B->n;
            int rc = bind_inlines(B, s->inlines, depth + 1);
            if (rc)
                return rc;
            for (int k = from; k < B->n; k++) /* <strong><string .../></strong> */
                B->spans[k].flags |= in->flags;
            break;
        }
        }
        after_value = value;
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

static void add_value(pg_binding *b, size_t *cap, const char *name, const char *raw,
                      const char *value, pg_arena *a)
{
    size_t need = (size_t)b->n_values + 1;
    if (need > *cap) {
        /* The three arrays grow together: one capacity for all of them. */
        size_t c = *cap, c2 = *cap, c3 = *cap;
        pg_arena_grow(a, (void **)&b->names, &c, need, sizeof *b->names);
        pg_arena_grow(a, (void **)&b->values, &c2, need, sizeof *b->values);
        pg_arena_grow(a, (void **)&b->raw, &c3, need, sizeof *b->raw);
        assert(c == c2 && c2 == c3);
        *cap = c;
    }
    b->names[b->n_values] = name;
    b->raw[b->n_values] = raw;
    b->values[b->n_values] = as_inserted(value, a);
    b->n_values++;
}

/* A language writes its dates and times in its shared strings when ICU has no CLDR data
 * for it (Haitian Creole) or its readers expect another form: "date-format" with the
 * variables day, month (the name from "month-1" ... "month-12"), month_number and year;
 * "time-format" with hour (0-23), hour12 (1-12), minute and period (the string
 * "time-am" before noon, "time-pm" after). */
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
            else if (!strcmp(in->text, "hour12"))
                piece = pg_arena_printf(a, "%d", h % 12 ? h % 12 : 12);
            else if (!strcmp(in->text, "period"))
                piece = string_text(b->strings, h < 12 ? "time-am" : "time-pm");
            else if (!strcmp(in->text, "month_number"))
                piece = pg_arena_printf(a, "%d", m);
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

/* A language's own "date-format" or "time-format" wins over CLDR's: a translator
 * writes "7 h 30" where ICU would give "07:30". */
static const char *local_date(const pg_binding *b, int y, int m, int d, pg_arena *a)
{
    if (b->icu_lang && !pg_strings_find(b->strings, "date-format"))
        return pg_locale_date(y, m, d, b->number_lang, a);
    return format_from_strings(b, "date-format", y, m, d, 0, 0, a);
}

static const char *local_time(const pg_binding *b, int h, int mi, pg_arena *a)
{
    if (b->icu_lang && !pg_strings_find(b->strings, "time-format"))
        return pg_locale_time(h, mi, b->number_lang, a);
    return format_from_strings(b, "time-format", 0, 0, 0, h, mi, a);
}

/* *out: the value as the page prints it; *plain: the text as given, NFC, with line ends
 * as spaces (the same as *out for text values). */
static int format_value(const char **out, const char **plain, const char *name, const char *raw,
                        const char *where, const pg_binding *b, pg_arena *a, pg_error *err)
{
    size_t len = strlen(raw);
    if (len > PG_BIND_MAX_VALUE)
        return pg_error_set(err, PG_EINPUT, where, 0, 0,
                            "the value of %s is %zu bytes long; a value may hold at most %d", name,
                            len, PG_BIND_MAX_VALUE);
    for (const unsigned char *c = (const unsigned char *)raw; *c; c++)
        if ((*c < 0x20 && *c != '\t' && *c != '\n' && *c != '\r') || *c == 0x7F)
            return pg_error_set(err, PG_EINPUT, where, 0, 0,
                                "the value of %s holds a control character (U+%04X); remove it",
                                name, (unsigned)*c);
    if (!pg_unicode_valid(raw))
        return pg_error_set(err, PG_EINPUT, where, 0, 0, "the value of %s is not valid UTF-8 text",
                            name);
    const pg_var_decl *d = declared(b->handout, name);
    pg_var_type type = d ? d->type : PG_VAR_TEXT;
    /* Line ends in a value would break the layout's lines: they become spaces. */
    char *v = pg_arena_strdup(a, raw);
    for (char *p = v; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    *plain = pg_unicode_nfc(v, a);
    int y, m, dd, h, mi;
    switch (type) {
    case PG_VAR_TEXT:
        *out = *plain;
        return 0;
    case PG_VAR_DATE:
        if (parse_date(pg_name_trim(raw, a), &y, &m, &dd))
            return pg_error_set(err, PG_EINPUT, where, 0, 0,
                                "%s=\"%s\" is not a date; write it as YYYY-MM-DD, e.g. "
                                "2026-12-03",
                                name, raw);
        *out = local_date(b, y, m, dd, a);
        break;
    case PG_VAR_TIME:
        if (parse_time(pg_name_trim(raw, a), &h, &mi))
            return pg_error_set(err, PG_EINPUT, where, 0, 0,
                                "%s=\"%s\" is not a time; write it as HH:MM on the 24-hour "
                                "clock, e.g. 07:30",
                                name, raw);
        *out = local_time(b, h, mi, a);
        break;
    }
    if (!*out) {
        const char *id = type == PG_VAR_DATE ? "date-format" : "time-format";
        const pg_string *fmt = pg_strings_find(b->strings, id);
        if (fmt)
            return pg_error_set(err, PG_EINPUT, b->strings->path, fmt->pos.line, fmt->pos.col,
                                "%s cannot write %s: it uses a variable with no string to "
                                "fill it (month needs month-1 ... month-12, period needs "
                                "time-am and time-pm) or one it does not know",
                                id, name);
        return pg_error_set(err, PG_EINPUT, where, 0, 0,
                            "cannot write %s in language \"%s\": ICU has no data for it, so "
                            "its shared strings must give date-format, month-1 ... month-12 "
                            "and time-format",
                            name, b->lang);
    }
    return 0;
}

static const char *today(const pg_binding *b, long long now, pg_arena *a)
{
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    const char *v = local_date(b, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, a);
    return v ? v : "";
}

/* ---- blocks ------------------------------------------------------------------------ */

/* Item labels: a bullet list's marker from the layout, numbers in the language's digits
 * ("3." in a numbered list, "3" in a step circle); check boxes have none. */
static const char *item_label(const pg_bblock *list, int number, binder *B)
{
    const pg_binding *b = B->b;
    switch (list->kind) {
    case PG_BLK_LIST:
        if (list->subkind == PG_LIST_NUMBER)
            return pg_arena_printf(B->a, "%s.", pg_locale_int(number, b->number_lang, B->a));
        return b->layout->styles[PG_ST_LIST].marker;
    case PG_BLK_STEPS:
        return pg_locale_int(number, b->number_lang, B->a);
    default:
        return NULL;
    }
}

/* A callout that goes on to the next page repeats its heading there, with the shared
 * string "continued" ("(continued)", "(suite)"); without that string, or a heading,
 * nothing is repeated. */
static int bind_continued(pg_bblock *callout, binder *B)
{
    const pg_bblock *h = callout->children;
    if (!h || h->kind != PG_BLK_H || !pg_strings_find(B->b->strings, "continued"))
        return 0;
    pg_inline word = {PG_IN_STRING, 0, "continued", h->pos, NULL};
    B->spans = NULL;
    B->cap = 0;
    B->n = 0;
    for (int i = 0; i < h->n_spans; i++)
        push(B, h->spans[i].text, h->spans[i].flags, h->spans[i].pos);
    /* "Call (continued)", but "标题（续）": a full-width bracket brings its own space. */
    const char *w = string_text(B->b->strings, "continued");
    if (!w || (unsigned char)w[0] < 0xE3)
        push(B, " ", 0, h->pos);
    int rc = bind_inlines(B, &word, 0);
    callout->continued = B->spans;
    callout->n_continued = B->n;
    return rc;
}

/* Whether the source has a block with b's id and the same text: still untranslated. */
static int same_as_source(const pg_block *b, const pg_block *source)
{
    for (const pg_block *s = source; s; s = s->next) {
        if (s->id && !strcmp(s->id, b->id)) {
            char x[17], y[17];
            pg_block_hash(x, b);
            pg_block_hash(y, s);
            return !strcmp(x, y);
        }
        if (same_as_source(b, s->children))
            return 1;
    }
    return 0;
}

/* Heading levels without gaps: the title 1, a section's heading 2, a heading inside a
 * callout one below its section's. */
static int heading_level(const pg_bblock *parent)
{
    int level = 2;
    for (const pg_bblock *p = parent; p; p = p->parent)
        level += p->kind == PG_BLK_CALLOUT;
    return level;
}

static int bind_blocks(pg_bblock **out, const pg_block *blk, const pg_bblock *parent, binder *B)
{
    int rc = 0;
    pg_bblock **tail = out;
    int number = 0;
    const pg_handout *source = B->source;
    for (; blk; blk = blk->next) {
        pg_bblock *bb = PG_ARENA_NEW(B->a, pg_bblock);
        bb->kind = blk->kind;
        bb->subkind = blk->subkind;
        bb->id = blk->id;
        bb->pos = blk->pos;
        bb->lang = B->b->lang;
        bb->parent = parent;
        if (blk->kind == PG_BLK_TITLE)
            bb->level = 1;
        else if (blk->kind == PG_BLK_H)
            bb->level = heading_level(parent);
        if (parent && (blk->kind == PG_BLK_ITEM || blk->kind == PG_BLK_STEP))
            bb->label = item_label(parent, ++number, B);
        if (source && (blk->inlines || blk->alt))
            bb->untranslated = same_as_source(blk, source->blocks);
        /* Still the source's text: read in the source's language (a tagged PDF's /Lang). */
        if (bb->untranslated && source->lang)
            bb->lang = source->lang;
        if (blk->kind == PG_BLK_IMG) {
            PG_CHECK(pg_image_load(&bb->image, &B->images, blk->src, B->b->handout->dir,
                                   B->b->handout->root, blk->pos, B->a, B->err));
            bb->alt = blk->alt;
            bb->spans = PG_ARENA_NEW(B->a, pg_span);
            bb->spans[0] = (pg_span){blk->alt, 0, blk->pos};
            bb->n_spans = 1;
        } else if (blk->inlines) {
            PG_CHECK(bind_to(&bb->spans, &bb->n_spans, B, blk->inlines));
        }
        PG_CHECK(bind_blocks(&bb->children, blk->children, bb, B));
        if (bb->kind == PG_BLK_CALLOUT)
            PG_CHECK(bind_continued(bb, B));
        *tail = bb;
        tail = &bb->next;
    }
done:
    return rc;
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

/* Whether a banner or colophon line can be printed: each of its variables has a value
 * (a write-in field's line counts), and is one the handout declares, one the layout
 * gives a default for or a built-in one; a discharge sheet has no arrival time to show,
 * even when the clinic's data has one. */
static int row_complete(const pg_inline *in, const binder *B)
{
    for (; in; in = in->next) {
        int given;
        if (in->kind != PG_IN_VAR)
            continue;
        if (!value_of(B, in->text, &given))
            return 0;
        int known = pg_name_builtin(in->text) || declared(B->b->handout, in->text);
        for (const pg_default *d = B->b->layout->defaults; d && !known; d = d->next)
            known = !strcmp(d->name, in->text);
        if (!known)
            return 0;
    }
    return 1;
}

/* The banner, when its first row has a value (the patient's name): a row per layout row
 * whose variables all have values, its label in bold, a space, then its value. */
static int bind_banner(pg_bblock **out, binder *B)
{
    int rc = 0;
    const pg_banner_row *rows = B->b->layout->banner;
    if (!rows || !row_complete(rows->value, B))
        return 0;
    pg_bblock *banner = PG_ARENA_NEW(B->a, pg_bblock);
    banner->kind = PG_BLK_BANNER;
    banner->lang = B->b->lang;
    banner->pos = rows->label ? rows->label->pos : rows->value ? rows->value->pos : (pg_pos){0};
    pg_bblock **tail = &banner->children;
    for (const pg_banner_row *r = rows; r; r = r->next) {
        if (!row_complete(r->value, B) || !row_complete(r->label, B))
            continue;
        pg_span *label, *value;
        int n_label, n_value;
        PG_CHECK(bind_to(&label, &n_label, B, r->label));
        PG_CHECK(bind_to(&value, &n_value, B, r->value));
        pg_bblock *row = PG_ARENA_NEW(B->a, pg_bblock);
        row->kind = PG_BLK_BANNER_ROW;
        row->lang = banner->lang;
        row->parent = banner;
        row->pos = r->label ? r->label->pos : banner->pos;
        row->n_spans = n_label + 1 + n_value;
        row->n_label_spans = n_label + 1;
        row->spans = PG_ARENA_ARRAY(B->a, pg_span, row->n_spans);
        for (int k = 0; k < n_label; k++) {
            row->spans[k] = label[k];
            row->spans[k].flags |= PG_BOLD;
        }
        row->spans[n_label] = (pg_span){" ", 0, row->pos};
        memcpy(row->spans + n_label + 1, value, sizeof *value * (size_t)n_value);
        *tail = row;
        tail = &row->next;
    }
    *out = banner;
done:
    return rc;
}

/* Whether the shared strings a line names (at its top level or in <strong>) exist: a
 * content tree whose shared strings predate the colophon prints none of it. */
static int strings_present(const pg_inline *in, const binder *B)
{
    for (; in; in = in->next)
        if (in->kind == PG_IN_STRING && !pg_strings_find(B->b->strings, in->text))
            return 0;
    return 1;
}

/* The layout's closing lines after the last block, each a paragraph: those whose
 * variables all have values. */
static int bind_colophon(pg_bblock **out, binder *B)
{
    int rc = 0;
    const pg_layout *L = B->b->layout;
    pg_bblock *col = NULL;
    pg_bblock **tail = NULL;
    for (int i = 0; i < L->n_colophon; i++) {
        const pg_inline *line = L->colophon[i];
        if (!line || !row_complete(line, B) || !strings_present(line, B))
            continue;
        if (!col) {
            col = PG_ARENA_NEW(B->a, pg_bblock);
            col->kind = PG_BLK_COLOPHON;
            col->lang = B->b->lang;
            col->pos = line->pos;
            tail = &col->children;
        }
        pg_bblock *p = PG_ARENA_NEW(B->a, pg_bblock);
        p->kind = PG_BLK_P;
        p->lang = col->lang;
        p->parent = col;
        p->pos = line->pos;
        PG_CHECK(bind_to(&p->spans, &p->n_spans, B, line));
        *tail = p;
        tail = &p->next;
    }
    *out = col;
done:
    return rc;
}

/* A translation no qualified medical translator has signed off says so on every page:
 * "draft-mark" in its language, then in English, in bold. Never by default: a translation
 * without metadata is a draft too. */
static int bind_notice(pg_bblock **out, binder *B, const pg_bind_env *env)
{
    int rc = 0;
    const pg_handout *h = B->b->handout;
    *out = NULL;
    if (h->source_version == 0 || (h->translation && h->translation->status == PG_REVIEW_REVIEWED))
        return 0;
    const pg_string *english = pg_strings_find(env->english, "draft-mark");
    if (!english)
        return pg_error_set(B->err, PG_EINPUT, h->path, h->pos.line, h->pos.col,
                            "this translation is a draft, and the English shared strings "
                            "(common/en.xml) lack <string id=\"draft-mark\"> to say so");
    pg_inline mark = {PG_IN_STRING, 0, "draft-mark", h->pos, NULL};
    B->spans = NULL;
    B->cap = 0;
    B->n = 0;
    PG_CHECK(bind_inlines(B, &mark, 0));
    push(B, "\u2028", 0, h->pos);
    PG_CHECK(bind_inlines(B, english->inlines, 1));
    pg_bblock *notice = PG_ARENA_NEW(B->a, pg_bblock);
    notice->kind = PG_BLK_NOTICE;
    notice->lang = B->b->lang;
    notice->pos = h->translation ? h->translation->pos : h->pos;
    notice->spans = B->spans;
    notice->n_spans = B->n;
    for (int i = 0; i < notice->n_spans; i++)
        notice->spans[i].flags |= PG_BOLD;
    *out = notice;
done:
    return rc;
}

/* Each style's family, resolved now so an unknown one is reported at its layout line. */
static int resolve_styles(pg_binding *b, const pg_bind_env *env, pg_error *err)
{
    const pg_layout *L = b->layout;
    for (int i = 0; i < PG_ST__COUNT; i++) {
        const pg_style *st = &L->styles[i];
        pg_text_style *ts = &b->styles[i];
        *ts = (pg_text_style){-1, st->size, st->bold, st->italic, st->color};
        if (!st->family)
            continue;
        for (int k = 0; k < env->n_families && ts->family < 0; k++)
            if (!strcmp(env->families[k], st->family))
                ts->family = k;
        if (ts->family < 0)
            return pg_error_set(err, PG_EINPUT, L->path, st->family_pos.line, st->family_pos.col,
                                "font family \"%s\" is not defined in fonts/fonts.xml", st->family);
    }
    return 0;
}

static int bind_values(pg_binding *b, const pg_bind_env *env, pg_arena *a, pg_error *err)
{
    int rc = 0;
    size_t cap = 0;
    const char *today_text = today(b, env->today, a);
    add_value(b, &cap, "today", today_text, today_text, a);
    /* Document control: the version of the source the text is (a translation's
     * source-version) and the day that source was last reviewed, as the language writes
     * it; a translation's own review status is the draft notice's business. */
    const pg_handout *h = b->handout;
    const char *version =
        pg_locale_int(h->source_version ? h->source_version : h->version, b->number_lang, a);
    add_value(b, &cap, "version", version, version, a);
    const char *reviewed = h->source_reviewed ? h->source_reviewed : h->reviewed;
    int y, m, dd;
    if (reviewed && !parse_date(reviewed, &y, &m, &dd)) {
        const char *day = local_date(b, y, m, dd, a);
        if (day)
            add_value(b, &cap, "reviewed", reviewed, day, a);
    }
    for (const pg_default *d = b->layout->defaults; d; d = d->next) {
        const char *v, *raw;
        PG_CHECK(format_value(&v, &raw, d->name, d->value, b->layout->path, b, a, err));
        add_value(b, &cap, d->name, raw, v, a);
    }
    b->n_fixed = b->n_values;
    for (int i = 0; i < env->n_settings; i++) {
        const pg_setting *st = &env->settings[i];
        const char *v, *raw;
        char where[160];
        if (st->where)
            snprintf(where, sizeof where, "%s", st->where);
        else
            snprintf(where, sizeof where, "--set %s", st->name);
        if (pg_name_builtin(st->name)) {
            rc = pg_error_set(err, PG_EINPUT, where, 0, 0, "\"%s\" is built in and cannot be set",
                              st->name);
            goto done;
        }
        PG_CHECK(format_value(&v, &raw, st->name, st->value, where, b, a, err));
        add_value(b, &cap, st->name, raw, v, a);
    }
done:
    return rc;
}

int pg_bind(pg_binding **out, const pg_handout *h, const pg_layout *L, const pg_strings *s,
            const pg_bind_env *env, pg_arena *a, pg_error *err)
{
    int rc = 0;
    pg_binding *b = PG_ARENA_NEW(a, pg_binding);
    b->handout = h;
    b->layout = L;
    b->strings = s;
    b->lang = h->lang;
    b->rtl = pg_locale_rtl(h->lang);
    b->icu_lang = pg_locale_known(h->lang);
    /* Generated numbers in the digits the text uses: an Arabic handout whose text writes
     * 911 and the phone number in Western digits says <string id="digits">latn</string>,
     * and its dates, times, page numbers and list numbers follow. */
    const char *digits = string_text(s, "digits");
    if (digits && strcmp(digits, "native") != 0 && !pg_locale_digits_known(digits)) {
        const pg_string *ds = pg_strings_find(s, "digits");
        return pg_error_set(err, PG_EINPUT, s->path, ds->pos.line, ds->pos.col,
                            "<string id=\"digits\"> is \"%s\", not a numbering system: write "
                            "native, or one ICU knows such as latn, arab or deva",
                            digits);
    }
    b->number_lang = digits && strcmp(digits, "native") != 0
                         ? pg_arena_printf(a, "%s-u-nu-%s", h->lang, digits)
                         : h->lang;
    b->preview = env->preview;
    if (!b->icu_lang && !pg_strings_find(s, "date-format"))
        return pg_error_set(err, PG_EINPUT, h->path, h->pos.line, h->pos.col,
                            "language \"%s\" is not known to ICU; use a BCP 47 tag such as "
                            "\"es\" or \"zh-Hans\", or give date-format, month-1 ... month-12 "
                            "and time-format in its shared strings",
                            h->lang);
    PG_CHECK(resolve_styles(b, env, err));
    PG_CHECK(bind_values(b, env, a, err));

    binder B = {.b = b, .a = a, .err = err, .source = env->preview ? env->source : NULL};
    /* The title first: templates may print it. */
    b->title = "";
    PG_CHECK(bind_blocks(&b->blocks, h->blocks, NULL, &B));
    for (const pg_bblock *bb = b->blocks; bb; bb = bb->next)
        if (bb->kind == PG_BLK_TITLE)
            b->title = plain_text(bb->spans, bb->n_spans, a);
    PG_CHECK(bind_banner(&b->banner, &B));
    PG_CHECK(bind_colophon(&b->colophon, &B));
    PG_CHECK(bind_notice(&b->notice, &B, env));
    *out = b;
done:
    return rc;
}

int pg_bind_running(pg_span **out, int *n_out, const pg_binding *b, const pg_inline *in, int page,
                    int pages, pg_arena *a, pg_error *err)
{
    binder B = {.b = b,
                .a = a,
                .err = err,
                .page = pg_locale_int(page, b->number_lang, a),
                .pages = pg_locale_int(pages, b->number_lang, a)};
    return bind_to(out, n_out, &B, in);
}
