/* check.c — `pdfgen check` (SPEC "check", issue 10 item 2): walks content/<handout>/,
 * loads each source (en.xml) and translation through load/, compares blocks, variables,
 * text and scripts with the source, compares each block's source-hash with pg_block_hash
 * of the source block now, lays every file out through the pipeline (fonts, max-pages)
 * with sample values, and grades the source's reading level (grade.h). Names (one word,
 * or two capitalized words such as "Maria Lopez") and words starting with a capital in
 * another script (MitraClip, TEE) are not text left in the source language. */
#include "check/check.h"
#include "check/grade.h"
#include "core/file.h"
#include "load/load.h"
#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sample values that stand for what a clinic gives: a long-ish name fills the banner. */
#define SAMPLE_TEXT "Maria Guadalupe Hernandez-Lopez"
#define SAMPLE_DATE "2026-12-03"
#define SAMPLE_TIME "07:30"

const char *pg_severity_name(pg_severity s)
{
    return s == PG_SEV_ERROR ? "error" : s == PG_SEV_WARNING ? "warning" : "note";
}

const char *pg_check_default_layout(const char *content_root, pg_arena *a)
{
    const char *slash = strrchr(content_root, '/');
    while (slash && slash[1] == '\0' && slash > content_root) {
        /* "content/" names the same tree as "content". */
        content_root = pg_arena_strndup(a, content_root, (size_t)(slash - content_root));
        slash = strrchr(content_root, '/');
    }
    if (!slash)
        return "layouts/large-print-letter.xml";
    return pg_arena_printf(a, "%.*s/layouts/large-print-letter.xml", (int)(slash - content_root),
                           content_root);
}

/* ---- the report -------------------------------------------------------------------- */

typedef struct checker {
    pg_check_report *r;
    size_t cap;
    pg_arena *a; /* the report's */
    const pg_fontset *fonts;
    const char *layout_path, *layout_name;
    const char *dict_path;
    pg_syllables *dict;
    int dict_tried;
    /* the file being checked */
    const char *file, *handout, *lang;
    int file_start; /* its first finding */
} checker;

static void add(checker *C, pg_severity sev, const char *file, int line, int col, const char *block,
                const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(checker *C, pg_severity sev, const char *file, int line, int col, const char *block,
                const char *fmt, ...)
{
    pg_check_report *r = C->r;
    pg_arena_grow(C->a, (void **)&r->findings, &C->cap, (size_t)r->n_findings + 1,
                  sizeof *r->findings);
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->findings[r->n_findings++] = (pg_finding){
        sev,
        pg_arena_strdup(C->a, file ? file : C->file),
        line,
        col,
        C->handout,
        C->lang,
        block ? pg_arena_strdup(C->a, block) : NULL,
        pg_arena_strdup(C->a, msg),
    };
    if (sev == PG_SEV_ERROR)
        r->n_errors++;
    else if (sev == PG_SEV_WARNING)
        r->n_warnings++;
    else
        r->n_notes++;
}

static void add_error(checker *C, const pg_error *err)
{
    add(C, PG_SEV_ERROR, err->file[0] ? err->file : NULL, err->line, err->col, NULL, "%s",
        err->msg);
}

/* Findings of the file just checked in source order: a stable insertion sort by line and
 * column (a file has a few dozen at most), so findings at one place keep their order. */
static void end_file(checker *C)
{
    pg_finding *f = C->r->findings + C->file_start;
    int n = C->r->n_findings - C->file_start;
    for (int i = 1; i < n; i++) {
        pg_finding x = f[i];
        int j = i;
        while (j > 0 &&
               (f[j - 1].line > x.line || (f[j - 1].line == x.line && f[j - 1].col > x.col))) {
            f[j] = f[j - 1];
            j--;
        }
        f[j] = x;
    }
}

/* ---- scripts ----------------------------------------------------------------------- */

typedef enum {
    S_NONE,
    S_LATN,
    S_GREK,
    S_CYRL,
    S_HEBR,
    S_ARAB,
    S_DEVA,
    S_THAI,
    S_HANG,
    S_HANI,
    S_KANA,
    S__COUNT
} script;

static const char *const script_codes[S__COUNT] = {NULL,   "Latn", "Grek", "Cyrl", "Hebr", "Arab",
                                                   "Deva", "Thai", "Hang", "Hani", "Kana"};
static const char *const script_names[S__COUNT] = {"",       "Latin",  "Greek",      "Cyrillic",
                                                   "Hebrew", "Arabic", "Devanagari", "Thai",
                                                   "Hangul", "Han",    "Kana"};

/* The script of a letter (UAX #24 blocks, letters only: digits, punctuation and symbols
 * belong to every script). */
static script script_of(uint32_t c)
{
    if ((c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ||
        (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF))
        return S_LATN;
    if ((c >= 0x370 && c <= 0x3FF) || (c >= 0x1F00 && c <= 0x1FFF))
        return S_GREK;
    if (c >= 0x400 && c <= 0x52F)
        return S_CYRL;
    if (c >= 0x5D0 && c <= 0x5EA)
        return S_HEBR;
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || (c >= 0x6FA && c <= 0x6FF) ||
        (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
        (c >= 0xFE70 && c <= 0xFEFC))
        return S_ARAB;
    if (c >= 0x900 && c <= 0x97F && !(c >= 0x966 && c <= 0x96F))
        return S_DEVA;
    if (c >= 0xE00 && c <= 0xE7F)
        return S_THAI;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xAC00 && c <= 0xD7AF))
        return S_HANG;
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF))
        return S_HANI;
    if (c >= 0x3040 && c <= 0x30FF)
        return S_KANA;
    return S_NONE;
}

static int is_upper(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x391 && c <= 0x3AB) || (c >= 0x400 && c <= 0x42F);
}

/* The script a language is written in (its primary subtag), S_NONE when check does not
 * know it (the script test is then skipped). Korean may also use Han, Japanese Han and
 * Kana. */
static script lang_script(const char *lang)
{
    static const struct {
        const char *tags;
        script s;
    } table[] = {
        {" ar fa ur ps ku ", S_ARAB},
        {" he yi ", S_HEBR},
        {" ru uk bg be mk kk ky tg mn ", S_CYRL},
        {" el ", S_GREK},
        {" hi mr ne sa ", S_DEVA},
        {" th ", S_THAI},
        {" ko ", S_HANG},
        {" zh ja ", S_HANI},
        {" en es fr de it pt nl vi ht tl so sw pl ro cs sk hu tr id ms sq hr bs da sv no nb fi "
         "et lv lt ca gl eu sm to ",
         S_LATN},
    };
    char key[16];
    size_t n = strcspn(lang, "-");
    if (n + 3 > sizeof key)
        return S_NONE;
    snprintf(key, sizeof key, " %.*s ", (int)n, lang);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strstr(table[i].tags, key))
            return table[i].s;
    return S_NONE;
}

static int script_fits(script s, script want)
{
    return s == want || (want == S_HANG && s == S_HANI) || (want == S_HANI && s == S_KANA);
}

static uint32_t utf8_next(const char *s, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && s[*i + (size_t)k]; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + (size_t)k] & 0x3F);
    *i += (size_t)len;
    return cp;
}

/* ---- blocks ------------------------------------------------------------------------ */

typedef struct flat {
    const pg_block *b, *parent;
} flat;

static void flatten(flat **out, int *n, size_t *cap, const pg_block *b, const pg_block *parent,
                    pg_arena *a)
{
    for (; b; b = b->next) {
        pg_arena_grow(a, (void **)out, cap, (size_t)*n + 1, sizeof **out);
        (*out)[(*n)++] = (flat){b, parent};
        flatten(out, n, cap, b->children, b, a);
    }
}

static const flat *find_block(const flat *f, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(f[i].b->id, id))
            return &f[i];
    return NULL;
}

static const char *kind_name(pg_block_kind k)
{
    static const char *const names[] = {"title", "section", "h",    "p",         "list",
                                        "item",  "steps",   "step", "checklist", "callout",
                                        "img",   "table",   "tr",   "th or td",  "notes"};
    return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "block";
}

static int has_text(const pg_block *b)
{
    return b->inlines || b->kind == PG_BLK_IMG;
}

/* What a translator writes in b; with_vars marks the variables (to compare with the
 * source), else each is a space (to count words). */
static const char *text_of(const pg_block *b, int with_vars, pg_arena *a)
{
    if (b->kind == PG_BLK_IMG)
        return b->alt ? b->alt : "";
    const char *s = "";
    for (const pg_inline *in = b->inlines; in; in = in->next)
        s = in->kind == PG_IN_TEXT               ? pg_arena_printf(a, "%s%s", s, in->text)
            : in->kind == PG_IN_VAR && with_vars ? pg_arena_printf(a, "%s\x01%s\x01", s, in->text)
                                                 : pg_arena_printf(a, "%s ", s);
    return s;
}

/* The variable names b uses, as " a b " (each once). */
static const char *vars_of(const pg_block *b, pg_arena *a)
{
    const char *s = " ";
    for (const pg_inline *in = b->inlines; in; in = in->next) {
        if (in->kind != PG_IN_VAR)
            continue;
        char key[128];
        snprintf(key, sizeof key, " %s ", in->text);
        if (!strstr(s, key))
            s = pg_arena_printf(a, "%s%s ", s, in->text);
    }
    return s;
}

/* The names in the space-separated list have but other does not, as "a, b". */
static const char *missing_names(const char *have, const char *other, pg_arena *a)
{
    const char *out = "";
    for (const char *p = have; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        char key[128];
        snprintf(key, sizeof key, " %.*s ", (int)n, p);
        if (!strstr(other, key))
            out = pg_arena_printf(a, "%s%s%.*s", out, *out ? ", " : "", (int)n, p);
        p += n;
    }
    return out;
}

/* Words (runs of letters) in t, and how many of them are names: words that start with a
 * capital. */
typedef struct word_stats {
    int words, capitalized;
    int want_letters;               /* letters in the language's script */
    int other_words, other_letters; /* in another script, names left out */
    script other;                   /* the most used other script */
    char sample[96];                /* the first words in another script */
} word_stats;

static word_stats words_of(const char *t, script want)
{
    word_stats w = {0};
    int per_script[S__COUNT] = {0};
    size_t i = 0, n = strlen(t);
    while (i < n) {
        size_t at = i;
        uint32_t c = utf8_next(t, &i);
        script s = script_of(c);
        if (s == S_NONE)
            continue;
        /* A word: letters of one script (marks of Devanagari and Hangul are inside). */
        int cap = is_upper(c), letters = 1;
        size_t end = i;
        while (end < n) {
            size_t j = end;
            uint32_t d = utf8_next(t, &j);
            if (script_of(d) != s)
                break;
            end = j;
            letters++;
        }
        i = end;
        w.words++;
        w.capitalized += cap;
        if (want == S_NONE)
            continue;
        if (script_fits(s, want)) {
            w.want_letters += letters;
        } else if (!cap) {
            w.other_words++;
            w.other_letters += letters;
            per_script[s] += letters;
            size_t used = strlen(w.sample);
            if (used + (end - at) + 8 < sizeof w.sample)
                snprintf(w.sample + used, sizeof w.sample - used, "%s%.*s", used ? " " : "",
                         (int)(end - at), t + at);
        }
    }
    for (int s = 1; s < S__COUNT; s++)
        if (per_script[s] > per_script[w.other])
            w.other = (script)s;
    return w;
}

/* Only a number, a name or a variable: nothing to translate, identical text is fine. */
static int nothing_to_translate(const char *t)
{
    word_stats w = words_of(t, S_NONE);
    return w.words <= 1 || (w.words <= 2 && w.capitalized == w.words);
}

/* ---- per file checks --------------------------------------------------------------- */

static void check_blocks(checker *C, const pg_handout *src, const pg_handout *t, pg_arena *fa)
{
    flat *sf = NULL, *tf = NULL;
    int ns = 0, nt = 0;
    size_t cs = 0, ct = 0;
    flatten(&sf, &ns, &cs, src->blocks, NULL, fa);
    flatten(&tf, &nt, &ct, t->blocks, NULL, fa);
    script want = lang_script(t->lang);
    int no_hash = 0, text_blocks = 0;

    for (int i = 0; i < ns; i++) {
        const pg_block *s = sf[i].b;
        const flat *found = find_block(tf, nt, s->id);
        if (!found) {
            /* Placed where it belongs: in its parent, if the translation has it. */
            const flat *parent = sf[i].parent ? find_block(tf, nt, sf[i].parent->id) : NULL;
            pg_pos at = parent ? parent->b->pos : t->pos;
            add(C, PG_SEV_ERROR, NULL, at.line, at.col, s->id,
                "block %s is missing; the source has it at %s:%d:%d", s->id, s->pos.file,
                s->pos.line, s->pos.col);
            continue;
        }
        const pg_block *b = found->b;
        if (b->kind != s->kind) {
            add(C, PG_SEV_ERROR, NULL, b->pos.line, b->pos.col, b->id,
                "block %s is a <%s> here but a <%s> in the source", b->id, kind_name(b->kind),
                kind_name(s->kind));
            continue;
        }
        if (!has_text(s))
            continue;
        text_blocks++;

        const char *sv = vars_of(s, fa), *tv = vars_of(b, fa);
        const char *gone = missing_names(sv, tv, fa), *extra = missing_names(tv, sv, fa);
        if (*gone || *extra)
            add(C, PG_SEV_ERROR, NULL, b->pos.line, b->pos.col, b->id,
                "block %s: its variables differ from the source's:%s%s%s%s%s%s", b->id,
                *gone ? " missing " : "", gone, *gone && *extra ? ";" : "",
                *extra ? " not in the source block " : "", extra,
                " (the same <var name=\"...\"/> as the source, translated around them)");

        const char *st = text_of(s, 1, fa), *tt = text_of(b, 1, fa);
        const char *words = text_of(b, 0, fa);
        if (!strcmp(st, tt) && !nothing_to_translate(words)) {
            add(C, PG_SEV_ERROR, NULL, b->pos.line, b->pos.col, b->id,
                "block %s is the same as in the source: translate it", b->id);
        } else {
            word_stats w = words_of(words, want);
            if (w.other_words > 0 && (w.other_letters > w.want_letters || w.other_words >= 3))
                add(C, PG_SEV_ERROR, NULL, b->pos.line, b->pos.col, b->id,
                    "block %s: %d word%s in %s script, not %s (\"%s\"): is it left in the "
                    "source language?",
                    b->id, w.other_words, w.other_words == 1 ? "" : "s", script_names[w.other],
                    script_names[want], w.sample);
        }

        if (!b->source_hash) {
            no_hash++;
        } else {
            char now[17];
            pg_block_hash(now, s);
            if (strcmp(now, b->source_hash))
                add(C, PG_SEV_WARNING, NULL, b->pos.line, b->pos.col, b->id,
                    "block %s: the source changed since it was translated", b->id);
        }
    }
    for (int i = 0; i < nt; i++)
        if (!find_block(sf, ns, tf[i].b->id))
            add(C, PG_SEV_ERROR, NULL, tf[i].b->pos.line, tf[i].b->pos.col, tf[i].b->id,
                "block %s is not in the source; every block id must be the source's", tf[i].b->id);
    if (no_hash == text_blocks && text_blocks > 0)
        add(C, PG_SEV_NOTE, NULL, t->pos.line, t->pos.col, NULL,
            "no block carries a source-hash, so which blocks changed in the source since "
            "they were translated cannot be checked (an XLIFF import adds them)");
    else if (no_hash > 0)
        add(C, PG_SEV_NOTE, NULL, t->pos.line, t->pos.col, NULL,
            "%d of %d blocks carry no source-hash: whether their source changed since they "
            "were translated cannot be checked",
            no_hash, text_blocks);
}

static void check_meta(checker *C, const pg_handout *src, const pg_handout *t)
{
    if (!t->source_version)
        add(C, PG_SEV_ERROR, NULL, t->pos.line, t->pos.col, NULL,
            "a translation names the source version it was translated from: add "
            "source-version=\"%d\" once it matches the source",
            src->version);
    else if (t->source_version < src->version)
        add(C, PG_SEV_WARNING, NULL, t->pos.line, t->pos.col, NULL,
            "stale translation: translated from version %d of the source, which is now at "
            "version %d",
            t->source_version, src->version);
    else if (t->source_version > src->version)
        add(C, PG_SEV_ERROR, NULL, t->pos.line, t->pos.col, NULL,
            "source-version %d is newer than the source (version %d)", t->source_version,
            src->version);
    if (!t->translation)
        add(C, PG_SEV_WARNING, NULL, t->pos.line, t->pos.col, NULL,
            "draft translation: not yet reviewed by a qualified medical translator (it has no "
            "<translation> metadata)");
    else if (t->translation->status != PG_REVIEW_REVIEWED)
        add(C, PG_SEV_WARNING, NULL, t->translation->pos.line, t->translation->pos.col, NULL,
            "draft translation: not yet reviewed by a qualified medical translator");
}

/* Every character no font has, once per character at its first place; the pipeline's
 * own message (with the character's name) is kept for the one it stops at. */
typedef struct uncovered {
    uint32_t cp;
    pg_pos pos;
    const char *block;
} uncovered;

static void scan_fonts(uncovered **out, int *n, size_t *cap, const pg_block *b, script lang,
                       const pg_fontset *fonts, pg_arena *a)
{
    for (; b; b = b->next) {
        for (const pg_inline *in = b->inlines; in; in = in->next) {
            if (in->kind != PG_IN_TEXT)
                continue;
            pg_pos pos = in->pos;
            for (size_t i = 0; in->text[i];) {
                uint32_t c = utf8_next(in->text, &i);
                script s = script_of(c);
                int seen = 0;
                for (int k = 0; k < *n && !seen; k++)
                    seen = (*out)[k].cp == c;
                if (c >= 0x20 && !seen &&
                    !pg_fontset_pick(fonts, -1, script_codes[s ? s : lang], NULL, NULL, 0, 0, &c, 1,
                                     NULL) &&
                    !pg_fontset_pick(fonts, -1, script_codes[lang], NULL, NULL, 0, 0, &c, 1,
                                     NULL)) {
                    pg_arena_grow(a, (void **)out, cap, (size_t)*n + 1, sizeof **out);
                    (*out)[(*n)++] = (uncovered){c, pos, b->id};
                }
                if (pos.col > 0)
                    pos.col++;
            }
        }
        scan_fonts(out, n, cap, b->children, lang, fonts, a);
    }
}

/* The first block drawn on page i (0-based), and the page its first box is on. */
static const pg_bblock *first_block_on(const pg_pages *p, int i, int *starts)
{
    const pg_bblock *blk = NULL;
    for (int k = 0; k < p->pages[i].n_boxes && !blk; k++) {
        const pg_box *bx = &p->pages[i].boxes[k];
        if (bx->part == PG_PART_CONTENT && bx->from && bx->from->id)
            blk = bx->from;
    }
    *starts = i;
    for (int pg = 0; blk && pg <= i; pg++)
        for (int k = 0; k < p->pages[pg].n_boxes; k++)
            if (p->pages[pg].boxes[k].from == blk) {
                *starts = pg;
                return blk;
            }
    return blk;
}

static void check_render(checker *C, const pg_handout *h, const pg_var_decl *vars, pg_arena *fa)
{
    int n = 0;
    for (const pg_var_decl *v = vars; v; v = v->next)
        n++;
    pg_setting *settings = PG_ARENA_ARRAY(fa, pg_setting, n + 1);
    n = 0;
    for (const pg_var_decl *v = vars; v; v = v->next)
        settings[n++] = (pg_setting){v->name,
                                     v->type == PG_VAR_DATE   ? SAMPLE_DATE
                                     : v->type == PG_VAR_TIME ? SAMPLE_TIME
                                                              : SAMPLE_TEXT,
                                     "pdfgen check"};

    uncovered *miss = NULL;
    int n_miss = 0;
    size_t cap = 0;
    script ls = lang_script(h->lang);
    scan_fonts(&miss, &n_miss, &cap, h->blocks, ls ? ls : S_LATN, C->fonts, fa);

    pg_job job = {.layout_path = C->layout_path,
                  .content_path = h->path,
                  .settings = settings,
                  .n_settings = n};
    pg_result r = {0};
    pg_error err = {0};
    int rc = pg_pipeline_layout(&r, &job, C->fonts, NULL, fa, &err);
    if (rc < 0) {
        unsigned cp = 0;
        if (sscanf(err.msg, "no font covers U+%X", &cp) == 1)
            for (int k = 0; k < n_miss; k++)
                if (miss[k].cp == cp)
                    miss[k].cp = 0; /* reported with its name below */
        add_error(C, &err);
    }
    for (int k = 0; k < n_miss; k++)
        if (miss[k].cp)
            add(C, PG_SEV_ERROR, miss[k].pos.file, miss[k].pos.line, miss[k].pos.col, miss[k].block,
                "no font covers U+%04X; add a font with this character to the chain for its "
                "script in fonts/fonts.xml",
                (unsigned)miss[k].cp);
    if (rc < 0)
        return;

    int max = r.binding->layout->max_pages;
    const pg_pages *p = r.pages;
    if (max > 0 && p->n_pages > max) {
        int starts = max;
        const pg_bblock *blk = first_block_on(p, max, &starts);
        if (blk)
            add(C, PG_SEV_ERROR, blk->pos.file, blk->pos.line, blk->pos.col, blk->id,
                "the handout takes %d pages; %s allows %d (max-pages): block %s %s page %d",
                p->n_pages, C->layout_name, max, blk->id, starts < max ? "runs past" : "begins",
                starts < max ? max : max + 1);
        else
            add(C, PG_SEV_ERROR, NULL, h->pos.line, h->pos.col, NULL,
                "the handout takes %d pages; %s allows %d (max-pages)", p->n_pages, C->layout_name,
                max);
    }
}

static const char *excerpt(const char *s, pg_arena *a)
{
    size_t n = strlen(s);
    if (n <= 72)
        return s;
    size_t cut = 64;
    while (cut > 40 && s[cut] != ' ')
        cut--;
    return pg_arena_printf(a, "%.*s ...", (int)cut, s);
}

static void check_grade(checker *C, const pg_handout *h, int spanish, pg_arena *fa)
{
    if (!spanish && !C->dict_tried) {
        C->dict_tried = 1;
        pg_error derr = {0};
        if (pg_syllables_open(&C->dict, C->dict_path, &derr) < 0)
            add(C, PG_SEV_NOTE, NULL, h->pos.line, h->pos.col, NULL,
                "the CMU pronouncing dictionary is missing (%s; install festlex-cmu): "
                "syllables are counted by rule",
                derr.msg);
    }
    pg_grade g;
    pg_grade_handout(&g, h, spanish, C->dict, fa);
    if (!g.words)
        return;
    if (spanish) {
        double s = g.score;
        const char *band = s >= 90   ? "very easy"
                           : s >= 80 ? "easy"
                           : s >= 70 ? "fairly easy"
                           : s >= 60 ? "standard"
                           : s >= 50 ? "fairly difficult"
                           : s >= 30 ? "difficult"
                                     : "very difficult";
        add(C, s < 70 ? PG_SEV_WARNING : PG_SEV_NOTE, NULL, h->pos.line, h->pos.col, NULL,
            "Fernández-Huerta readability %.1f (%s%s; %d words, %d sentences, %d syllables)", s,
            band, s < 70 ? ", harder than fairly easy: aim for 70 or more" : "", g.words,
            g.sentences, g.syllables);
        return;
    }
    add(C, g.score > 7 ? PG_SEV_WARNING : PG_SEV_NOTE, NULL, h->pos.line, h->pos.col, NULL,
        "reading grade %.1f (Flesch-Kincaid%s; %d words, %d sentences, %d syllables)%s", g.score,
        C->dict ? "" : ", syllables by rule", g.words, g.sentences, g.syllables,
        g.score > 7 ? ": above grade 7; the hardest sentences follow" : "");
    if (g.score <= 7)
        return;
    for (int i = 0; i < g.n_hardest; i++) {
        const pg_sentence *s = &g.hardest[i];
        add(C, PG_SEV_NOTE, s->pos.file, s->pos.line, s->pos.col, s->block,
            "hard sentence in block %s (grade %.1f: %d words, %.2f syllables a word): \"%s\"",
            s->block, s->grade, s->words, (double)s->syllables / s->words, excerpt(s->text, fa));
    }
}

static void begin_file(checker *C, const char *path, const char *handout, const char *lang)
{
    C->file = pg_arena_strdup(C->a, path);
    C->handout = pg_arena_strdup(C->a, handout);
    C->lang = pg_arena_strdup(C->a, lang);
    C->file_start = C->r->n_findings;
    C->r->n_files++;
}

/* Whether the file's handout id and language match its place, content/<id>/<lang>.xml. */
static void check_place(checker *C, const pg_handout *h, const char *id, const char *lang)
{
    if (strcmp(h->id, id))
        add(C, PG_SEV_ERROR, NULL, h->pos.line, h->pos.col, NULL,
            "the handout's id is \"%s\" but it lives in the folder \"%s\"", h->id, id);
    if (strcmp(h->lang, lang))
        add(C, PG_SEV_ERROR, NULL, h->pos.line, h->pos.col, NULL,
            "the handout's lang is \"%s\" but the file is named %s.xml", h->lang, lang);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The names in dir (sorted) that are folders (want_dirs) or .xml files, in a. A folder
 * that cannot be read is PG_EIO at dir. */
static int list_dir(const char ***out, int *n, const char *dir, int want_dirs, pg_arena *a,
                    pg_error *err)
{
    *out = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return pg_error_set(err, PG_EIO, dir, 0, 0, "cannot read this folder: %s", strerror(errno));
    size_t cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        const char *path = pg_arena_printf(a, "%s/%s", dir, e->d_name);
        size_t len = strlen(e->d_name);
        int ok = want_dirs
                     ? pg_file_is_dir(path)
                     : len > 4 && !strcmp(e->d_name + len - 4, ".xml") && pg_file_is_regular(path);
        if (!ok)
            continue;
        pg_arena_grow(a, (void **)out, &cap, (size_t)*n + 1, sizeof **out);
        (*out)[(*n)++] = pg_arena_strdup(a, e->d_name);
    }
    closedir(d);
    if (*n > 1)
        qsort((void *)*out, (size_t)*n, sizeof **out, by_name);
    return 0;
}

static void check_handout(checker *C, const char *root, const char *id, pg_arena *ha, pg_arena *fa)
{
    const char *dir = pg_arena_printf(ha, "%s/%s", root, id);
    const char *src_path = pg_arena_printf(ha, "%s/en.xml", dir);
    pg_handout *src = NULL;
    pg_error err = {0};
    begin_file(C, src_path, id, "en");
    if (pg_load_handout(&src, src_path, ha, &err) < 0) {
        add_error(C, &err);
        add(C, PG_SEV_NOTE, err.file[0] ? err.file : NULL, err.line, err.col, NULL,
            "the translations of %s are not checked until their source loads", id);
        end_file(C);
        return;
    }
    check_place(C, src, id, "en");
    check_render(C, src, src->vars, fa);
    check_grade(C, src, 0, fa);
    end_file(C);
    pg_arena_reset(fa);

    const char **files = NULL;
    int n = 0;
    if (list_dir(&files, &n, dir, 0, ha, &err) < 0)
        add_error(C, &err); /* placed at the folder, in the source's group */
    for (int i = 0; i < n; i++) {
        if (!strcmp(files[i], "en.xml"))
            continue;
        const char *path = pg_arena_printf(ha, "%s/%s", dir, files[i]);
        const char *lang = pg_arena_strndup(ha, files[i], strlen(files[i]) - 4);
        begin_file(C, path, id, lang);
        pg_handout *t = NULL;
        if (pg_load_handout(&t, path, fa, &err) < 0) {
            add_error(C, &err);
        } else {
            check_place(C, t, id, lang);
            check_meta(C, src, t);
            check_blocks(C, src, t, fa);
            check_render(C, t, src->vars, fa);
            if (!strcmp(lang, "es") || !strncmp(lang, "es-", 3))
                check_grade(C, t, 1, fa);
        }
        end_file(C);
        pg_arena_reset(fa);
    }
}

int pg_check_run(pg_check_report *out, const pg_check_options *opt, pg_arena *a, pg_error *err)
{
    int rc = 0;
    pg_fontset *fonts = NULL;
    pg_arena *ha = pg_arena_new(), *fa = pg_arena_new();
    const char *root = opt->content_root ? opt->content_root : "content";
    checker C = {.r = out, .a = a, .dict_path = opt->dict_path};
    memset(out, 0, sizeof *out);
    if (!pg_file_is_dir(root)) {
        rc = pg_error_set(err, PG_EINPUT, root, 0, 0,
                          "is not a folder of handouts (content/<handout>/<lang>.xml)");
        goto done;
    }
    const char **ids = NULL;
    int n_ids = 0;
    if (opt->n_handouts > 0) {
        ids = (const char **)opt->handouts;
        n_ids = opt->n_handouts;
        for (int i = 0; i < n_ids; i++) {
            const char *p = pg_arena_printf(a, "%s/%s/en.xml", root, ids[i]);
            if (strchr(ids[i], '/') || ids[i][0] == '.' || !pg_file_is_regular(p)) {
                rc = pg_error_set(err, PG_EINPUT, NULL, 0, 0,
                                  "no handout \"%s\" in %s (there is no %s)", ids[i], root, p);
                goto done;
            }
        }
    } else {
        const char **dirs = NULL;
        int n_dirs = 0;
        PG_CHECK(list_dir(&dirs, &n_dirs, root, 1, a, err));
        ids = PG_ARENA_ARRAY(a, const char *, n_dirs + 1);
        for (int i = 0; i < n_dirs; i++)
            if (strcmp(dirs[i], "common") &&
                pg_file_is_regular(pg_arena_printf(a, "%s/%s/en.xml", root, dirs[i])))
                ids[n_ids++] = dirs[i];
    }
    C.layout_path = opt->layout_path ? opt->layout_path : pg_check_default_layout(root, a);
    const char *slash = strrchr(C.layout_path, '/');
    C.layout_name = slash ? slash + 1 : C.layout_path;
    /* The layout is loaded once here so a broken one stops the check with its place,
     * instead of failing every file. */
    const pg_layout *L = NULL;
    PG_CHECK(pg_pipeline_load_layout(&L, C.layout_path, NULL, a, err));
    PG_CHECK(pg_pipeline_fonts(&fonts, opt->fonts_path ? opt->fonts_path : pg_default_fonts_path(),
                               err));
    C.fonts = fonts;
    for (int i = 0; i < n_ids; i++) {
        check_handout(&C, root, ids[i], ha, fa);
        pg_arena_reset(ha);
    }
done:
    pg_syllables_free(C.dict);
    pg_fontset_free(fonts);
    pg_arena_free(ha);
    pg_arena_free(fa);
    return rc;
}
