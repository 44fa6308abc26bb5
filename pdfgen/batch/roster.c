/* roster.c — CSV rows to packets. Languages are matched as BCP 47 tags (RFC 4647
 * lookup, case-insensitive, "_" read as "-") against the files under the content root;
 * a region may be dropped ("es-MX" finds "es"), a script never ("sr-Latn" does not find
 * "sr"), so a patient never gets another script silently. */
#include "batch/roster.h"
#include "core/file.h"
#include "core/names.h"
#include "text/unicode.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_ID_BYTES 200

typedef struct names {
    const char **v;
    size_t n, cap;
} names;

typedef struct content_index {
    names langs, handouts; /* sorted */
} content_index;

static int by_string(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void names_add(names *s, const char *name, pg_arena *a)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], name))
            return;
    pg_arena_grow(a, (void **)&s->v, &s->cap, s->n + 1, sizeof(char *));
    s->v[s->n++] = pg_arena_strdup(a, name);
}

static const char *names_list(const names *s, pg_arena *a)
{
    const char *out = "";
    for (size_t i = 0; i < s->n; i++)
        out = pg_arena_printf(a, "%s%s%s", out, i ? ", " : "", s->v[i]);
    return out;
}

/* The handouts (directories) and languages (<lang>.xml files) under root. */
static int index_content(content_index *ix, const char *root, pg_arena *a, pg_error *err)
{
    DIR *d = opendir(root);
    if (!d)
        return pg_error_set(err, PG_EINPUT, root, 0, 0,
                            "cannot read the content root; give it with --content-root");
    for (struct dirent *e; (e = readdir(d));) {
        const char *dir = pg_arena_printf(a, "%s/%s", root, e->d_name);
        if (e->d_name[0] == '.' || !pg_file_is_dir(dir))
            continue;
        if (strcmp(e->d_name, "common"))
            names_add(&ix->handouts, e->d_name, a);
        DIR *h = opendir(dir);
        for (struct dirent *f; h && (f = readdir(h));) {
            size_t n = strlen(f->d_name);
            if (n > 4 && f->d_name[0] != '.' && !strcmp(f->d_name + n - 4, ".xml"))
                names_add(&ix->langs, pg_arena_strndup(a, f->d_name, n - 4), a);
        }
        if (h)
            closedir(h);
    }
    closedir(d);
    qsort(ix->langs.v, ix->langs.n, sizeof(char *), by_string);
    qsort(ix->handouts.v, ix->handouts.n, sizeof(char *), by_string);
    return 0;
}

static int tag_chars_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 35)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static int is_script_subtag(const char *s, size_t n)
{
    if (n != 4)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            return 0;
    return 1;
}

/* The shipped language asked has, or NULL. */
static const char *resolve_lang(const content_index *ix, const char *asked, pg_arena *a)
{
    if (!tag_chars_ok(asked))
        return NULL;
    char *tag = pg_arena_strdup(a, asked);
    for (char *p = tag; *p; p++)
        if (*p == '_')
            *p = '-';
    for (;;) {
        for (size_t i = 0; i < ix->langs.n; i++)
            if (!strcasecmp(ix->langs.v[i], tag))
                return ix->langs.v[i];
        char *dash = strrchr(tag, '-');
        if (!dash || is_script_subtag(dash + 1, strlen(dash + 1)))
            return NULL;
        *dash = '\0';
    }
}

static int valid_handout_id(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

/* Why id cannot name OUTDIR/<id>.pdf, or NULL. */
static const char *bad_id(const char *id, pg_arena *a)
{
    if (!*id)
        return "the id is empty; every row needs an id, which names its PDF";
    int unsafe = id[0] == '.' || strlen(id) > MAX_ID_BYTES;
    for (const unsigned char *p = (const unsigned char *)id; *p && !unsafe; p++)
        unsafe = *p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7F;
    if (!unsafe)
        return NULL;
    return pg_arena_printf(a,
                           "id \"%s\" cannot name a file inside the output directory: an id may "
                           "not contain / or \\ or control characters, start with a dot, or be "
                           "longer than %d bytes",
                           id, MAX_ID_BYTES);
}

typedef struct header {
    int id, lang, handouts, n;
    const char **names;
} header;

static int read_header(header *h, const pg_csv_record *r, const pg_roster_opts *o, pg_arena *a,
                       pg_error *err)
{
    const char *path = o->csv_path;
    *h = (header){-1, -1, -1, r->n_fields, PG_ARENA_ARRAY(a, const char *, r->n_fields)};
    for (int i = 0; i < r->n_fields; i++) {
        if (strlen(r->fields[i]) != r->lens[i] || !pg_unicode_valid(r->fields[i]))
            return pg_error_set(err, PG_EINPUT, path, r->line, 0,
                                "the header is not valid UTF-8 text; save the list as \"CSV "
                                "UTF-8\"");
        const char *name = h->names[i] = pg_name_trim(r->fields[i], a);
        for (int j = 0; j < i; j++)
            if (*name && !strcmp(name, h->names[j]))
                return pg_error_set(err, PG_EINPUT, path, r->line, 0,
                                    "column \"%s\" appears twice in the header", name);
        if (pg_name_builtin(name))
            return pg_error_set(err, PG_EINPUT, path, r->line, 0,
                                "column \"%s\" is a built-in variable and cannot be given; "
                                "rename the column",
                                name);
        if (!strcmp(name, "id"))
            h->id = i;
        else if (!strcmp(name, "lang"))
            h->lang = i;
        else if (!strcmp(name, "handouts"))
            h->handouts = i;
    }
    if (h->id < 0 || h->lang < 0)
        return pg_error_set(err, PG_EINPUT, path, r->line, 0,
                            "the header needs an \"id\" and a \"lang\" column (found: %s)",
                            r->n_fields ? r->fields[0] : "");
    if (h->handouts < 0 && o->n_handouts == 0)
        return pg_error_set(err, PG_EINPUT, path, r->line, 0,
                            "no \"handouts\" column and no --handout option: say which "
                            "handouts to print");
    return 0;
}

/* Adds handout hid to p, in p's language or the fallback; returns the row error or NULL. */
static const char *add_item(pg_patient *p, const char *hid, const content_index *ix,
                            const pg_roster_opts *o, pg_arena *a)
{
    if (!valid_handout_id(hid) || !strcmp(hid, "common") ||
        !pg_file_is_dir(pg_arena_printf(a, "%s/%s", o->content_root, hid)))
        return pg_arena_printf(a, "unknown handout \"%s\"; %s has: %s", hid, o->content_root,
                               names_list(&ix->handouts, a));
    for (int i = 0; i < p->n_items; i++)
        if (!strcmp(p->items[i].handout, hid))
            return pg_arena_printf(a, "handout \"%s\" is listed twice", hid);
    pg_packet_item *it = &p->items[p->n_items];
    const char *path = pg_arena_printf(a, "%s/%s/%s.xml", o->content_root, hid, p->lang);
    if (pg_file_is_regular(path)) {
        *it = (pg_packet_item){hid, p->lang, path};
    } else if (o->fallback_lang &&
               pg_file_is_regular(path = pg_arena_printf(a, "%s/%s/%s.xml", o->content_root, hid,
                                                         o->fallback_lang))) {
        *it = (pg_packet_item){hid, o->fallback_lang, path};
        p->note =
            pg_arena_printf(a, "%s%sno %s translation of %s: printed in %s", p->note ? p->note : "",
                            p->note ? "; " : "", p->lang, hid, o->fallback_lang);
    } else {
        return pg_arena_printf(a,
                               "handout \"%s\" has no %s translation (%s/%s/%s.xml); add it, "
                               "or give --fallback-lang to print another language",
                               hid, p->lang, o->content_root, hid, p->lang);
    }
    p->n_items++;
    return NULL;
}

static const char *add_items(pg_patient *p, const char *list, const content_index *ix,
                             const pg_roster_opts *o, pg_arena *a)
{
    int max = o->n_handouts + 1;
    for (const char *s = list; *s; s++)
        max += *s == ';';
    p->items = PG_ARENA_ARRAY(a, pg_packet_item, max);
    const char *why = NULL;
    if (*list) {
        for (const char *s = list; !why;) {
            const char *end = strchr(s, ';');
            const char *hid =
                pg_name_trim(pg_arena_strndup(a, s, end ? (size_t)(end - s) : strlen(s)), a);
            if (*hid)
                why = add_item(p, hid, ix, o, a);
            if (!end)
                break;
            s = end + 1;
        }
    } else {
        for (int i = 0; i < o->n_handouts && !why; i++)
            why = add_item(p, o->handouts[i], ix, o, a);
    }
    if (!why && p->n_items == 0)
        why = "no handouts: the handouts column is empty and no --handout option was given";
    return why;
}

/* Checks one record against the header; sets p->error when the row fails. */
static void read_row(pg_patient *p, const pg_csv_record *r, const header *h,
                     const content_index *ix, const pg_roster_opts *o, pg_arena *a)
{
    p->line = r->line;
    p->id = r->n_fields > h->id ? pg_name_trim(r->fields[h->id], a) : "";
    p->lang = r->n_fields > h->lang ? pg_name_trim(r->fields[h->lang], a) : "";
    if (r->n_fields != h->n) {
        p->error = pg_arena_printf(a,
                                   "the row has %d fields but the header has %d; look for a "
                                   "missing comma, or a comma in a value that is not in quotes",
                                   r->n_fields, h->n);
        return;
    }
    for (int i = 0; i < r->n_fields; i++)
        if (strlen(r->fields[i]) != r->lens[i] || !pg_unicode_valid(r->fields[i])) {
            p->id = p->id && pg_unicode_valid(p->id) ? p->id : "";
            p->lang = pg_unicode_valid(p->lang) ? p->lang : "";
            p->error = pg_arena_printf(a,
                                       "column \"%s\" is not valid UTF-8 text or holds control "
                                       "characters; save the list as \"CSV UTF-8\"",
                                       h->names[i]);
            return;
        }
    if ((p->error = bad_id(p->id, a)))
        return;
    p->file = pg_arena_printf(a, "%s.pdf", p->id);
    const char *lang = resolve_lang(ix, p->lang, a);
    if (!lang) {
        p->error = pg_arena_printf(a, "unknown language \"%s\"; %s has: %s", p->lang,
                                   o->content_root, names_list(&ix->langs, a));
        return;
    }
    p->lang = lang;
    const char *list = h->handouts >= 0 ? r->fields[h->handouts] : "";
    if ((p->error = add_items(p, list, ix, o, a)))
        return;
    p->settings = PG_ARENA_ARRAY(a, pg_setting, h->n);
    for (int i = 0; i < h->n; i++) {
        if (i == h->id || i == h->lang || i == h->handouts ||
            !pg_name_valid(h->names[i], strlen(h->names[i])))
            continue;
        if (!strcmp(h->names[i], "patient_name") && *r->fields[i])
            p->name = r->fields[i];
        if (*r->fields[i])
            p->settings[p->n_settings++] = (pg_setting){
                h->names[i], r->fields[i], pg_arena_printf(a, "column %s", h->names[i])};
    }
}

typedef struct folded {
    const char *key;
    int row;
} folded;

static int by_key(const void *x, const void *y)
{
    const folded *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : a->row - b->row;
}

/* Rows whose ids differ only in case or width would overwrite each other's PDF on a
 * case-insensitive file system (a Windows or macOS share): they all fail. */
static void fail_duplicates(pg_patient *rows, int n, pg_arena *a)
{
    folded *f = PG_ARENA_ARRAY(a, folded, n);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].id && *rows[i].id && !bad_id(rows[i].id, a))
            f[k++] = (folded){pg_unicode_fold(rows[i].id, a), i};
    qsort(f, (size_t)k, sizeof *f, by_key);
    for (int i = 0; i < k;) {
        int j = i + 1;
        while (j < k && !strcmp(f[j].key, f[i].key))
            j++;
        for (int m = i; j - i > 1 && m < j; m++) {
            pg_patient *p = &rows[f[m].row];
            const pg_patient *other = &rows[f[m == i ? i + 1 : i].row];
            p->error = pg_arena_printf(a,
                                       "id \"%s\" is also used on line %d (ids are compared "
                                       "ignoring case); each patient needs their own id",
                                       p->id, other->line);
        }
        i = j;
    }
}

int pg_roster_build(pg_patient **out, int *n_out, const pg_csv *csv, const pg_roster_opts *o,
                    pg_arena *a, pg_error *err)
{
    if (csv->n_records == 0)
        return pg_error_set(err, PG_EINPUT, o->csv_path, 1, 0,
                            "is empty; it needs a header row (id,lang,...) and a row per patient");
    header h;
    content_index ix = {0};
    int rc = 0;
    PG_CHECK(read_header(&h, &csv->records[0], o, a, err));
    PG_CHECK(index_content(&ix, o->content_root, a, err));
    for (int i = 0; i < o->n_handouts; i++)
        if (!valid_handout_id(o->handouts[i]) ||
            !pg_file_is_dir(pg_arena_printf(a, "%s/%s", o->content_root, o->handouts[i])))
            PG_CHECK(pg_error_set(err, PG_EUSAGE, NULL, 0, 0,
                                  "--handout %s: unknown handout; %s has: %s", o->handouts[i],
                                  o->content_root, names_list(&ix.handouts, a)));
    pg_roster_opts opts = *o;
    if (o->fallback_lang && !(opts.fallback_lang = resolve_lang(&ix, o->fallback_lang, a)))
        PG_CHECK(pg_error_set(err, PG_EUSAGE, NULL, 0, 0,
                              "--fallback-lang %s: no content in that language; %s has: %s",
                              o->fallback_lang, o->content_root, names_list(&ix.langs, a)));
    if (csv->n_records == 1)
        PG_CHECK(pg_error_set(err, PG_EINPUT, o->csv_path, csv->records[0].line, 0,
                              "has a header but no patient rows"));
    int n = csv->n_records - 1;
    pg_patient *rows = PG_ARENA_ARRAY(a, pg_patient, n);
    for (int i = 0; i < n; i++)
        read_row(&rows[i], &csv->records[i + 1], &h, &ix, &opts, a);
    fail_duplicates(rows, n, a);
    *out = rows;
    *n_out = n;
done:
    return rc;
}
