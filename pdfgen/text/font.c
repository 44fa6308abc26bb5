/* font.c — fontset: fonts.xml families resolved by fontconfig, opened by HarfBuzz
 * (mmap'd blobs, so opening is cheap), fallback chains per ISO 15924 script, coverage and
 * metrics, and glyph-id-preserving TrueType subsets (hb-subset) for embedding. */
#include "text/font.h"
#include "core/memo.h"
#include "text/cff.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What a face's memo of subsets may hold: the subsets of both MitraClip handouts in
 * every language it serves, with a few patients' names each. */
#define SUBSET_MEMO_BUDGET (4u << 20)

struct pg_font {
    int id;
    char *file;
    int index;
    int bold, italic;
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *hb;
    unsigned upem;
    pg_font_metrics metrics; /* read once at open: the text stage asks for every run */
    char psname[64];
    int cff;       /* outlines: 0 TrueType, 1 CID-keyed CFF, 2 name-keyed CFF */
    uint16_t *cid; /* CID-keyed CFF: the CID of each glyph */
    unsigned n_cid;
    unsigned room; /* glyphs a subset can have added: pg_font_room_for_glyphs */
    /* The subsets made, by glyph and character set: a batch worker embeds the same
     * subset in packet after packet (the same handout in the same language, names that
     * add no glyph). */
    pg_memo *subsets;
    /* Each glyph's advance and ink extent, read from the font the first time it is asked
     * for (a CFF glyph's extent means running its charstring), in blocks of GLYPH_BLOCK
     * glyphs made as needed: the pages of a batch ask for the same glyphs again and again. */
    struct glyph_info **blocks;
    unsigned n_blocks;
};

/* Small blocks: a CJK handout's few hundred glyphs lie all over its font's 65,000, and
 * blocks of 256 held 6 MiB of a batch worker's memory. */
enum { GLYPH_BLOCK = 32 };

typedef struct glyph_info {
    double width, top, bottom;
    unsigned char known; /* 1 width, 2 ink */
} glyph_info;

/* A face of fonts.xml, found through fontconfig and opened the first time a document
 * needs it: a render opens the few faces its scripts use, not all of fonts.xml. */
typedef struct face {
    char *pattern, *package, *file; /* file: fonts.xml, for errors */
    int line, col, bold, italic;
    int state;     /* 0 not tried yet, 1 opened, -1 missing */
    pg_font *font; /* when opened */
} face;

typedef struct family {
    char *name;
    face faces[4]; /* [bold*2 + italic]; pattern NULL where the family has none */
} family;

typedef struct chain {
    char script[8];
    char lang[8]; /* "" for every language */
    int *families;
    int n;
} chain;

/* What opening faces on demand changes in a fontset its users hold as const. */
typedef struct opened {
    pg_font **fonts;
    int n_fonts;
    char *missing; /* why the first face that could not be opened was not, or NULL */
} opened;

struct pg_fontset {
    int uses_fontconfig;
    family *families;
    int n_families;
    chain *chains;
    int n_chains;
    opened *open;
};

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        pg_oom();
    return p;
}

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        pg_oom();
    return p;
}

static void font_free(pg_font *f)
{
    if (!f)
        return;
    hb_font_destroy(f->hb);
    hb_face_destroy(f->face);
    hb_blob_destroy(f->blob);
    free(f->cid);
    pg_memo_free(f->subsets);
    for (unsigned i = 0; i < f->n_blocks; i++)
        free(f->blocks[i]);
    free(f->blocks);
    free(f->file);
    free(f);
}

/* Fontconfig is process-wide: it is shut down with the last fontset that started it,
 * so a run ends with nothing left allocated.
 *
 * Its own start (FcInit) reads some fifty configuration files, 5 ms: most of what a
 * single render spends starting. Finding a face by name needs only the font list, so
 * faces are looked up first in a configuration that lists the font folders Debian's
 * fonts.conf lists and reads fontconfig's caches of them (under 1 ms). A face not found
 * there is looked up again in the whole configuration, which is then loaded: fonts an
 * administrator added through fontconfig's configuration are still found. When
 * FONTCONFIG_FILE, FONTCONFIG_PATH or FONTCONFIG_SYSROOT chooses another configuration,
 * only the whole one is used. */
static int fontconfig_users;
static FcConfig *quick_config, *full_config;
static int quick_tried;

static const char quick_config_xml[] =
    "<?xml version=\"1.0\"?><fontconfig>"
    "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
    "<dir prefix=\"xdg\">fonts</dir><dir>~/.fonts</dir>"
    "<cachedir>/var/cache/fontconfig</cachedir><cachedir prefix=\"xdg\">fontconfig</cachedir>"
    "<cachedir>~/.fontconfig</cachedir></fontconfig>";

static int fontconfig_chosen_by_environment(void)
{
    static const char *const vars[] = {"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return 1;
    }
    return 0;
}

/* The quick configuration, made the first time; NULL when the environment chose another
 * configuration or fontconfig cannot make it (then the whole one serves alone). */
static FcConfig *quick(void)
{
    if (fontconfig_chosen_by_environment())
        return NULL;
    if (quick_tried)
        return quick_config;
    quick_tried = 1;
    FcConfig *c = FcConfigCreate();
    if (c && FcConfigParseAndLoadFromMemory(c, (const FcChar8 *)quick_config_xml, FcFalse) &&
        FcConfigBuildFonts(c))
        quick_config = c;
    else if (c)
        FcConfigDestroy(c);
    return quick_config;
}

/* The whole configuration, loaded the first time; NULL when fontconfig cannot start. */
static FcConfig *full(void)
{
    if (!full_config)
        full_config = FcInitLoadConfigAndFonts();
    return full_config;
}

static void fontconfig_stop(void)
{
    if (quick_config)
        FcConfigDestroy(quick_config);
    if (full_config)
        FcConfigDestroy(full_config);
    quick_config = full_config = NULL;
    quick_tried = 0;
    FcFini();
}

void pg_fontset_free(pg_fontset *fs)
{
    if (!fs)
        return;
    if (fs->uses_fontconfig && --fontconfig_users == 0)
        fontconfig_stop();
    if (fs->open) {
        for (int i = 0; i < fs->open->n_fonts; i++)
            font_free(fs->open->fonts[i]);
        free(fs->open->fonts);
        free(fs->open->missing);
        free(fs->open);
    }
    for (int i = 0; i < fs->n_families; i++) {
        free(fs->families[i].name);
        for (int k = 0; k < 4; k++) {
            free(fs->families[i].faces[k].pattern);
            free(fs->families[i].faces[k].package);
            free(fs->families[i].faces[k].file);
        }
    }
    for (int i = 0; i < fs->n_chains; i++)
        free(fs->chains[i].families);
    free(fs->families);
    free(fs->chains);
    free(fs);
}

static pg_font_metrics read_metrics(const pg_font *f);
static unsigned room_for_glyphs(hb_face_t *hf);

static void set_psname(pg_font *f)
{
    unsigned len = sizeof f->psname;
    hb_ot_name_get_utf8(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                        f->psname);
    /* A PDF name: keep it to printable ASCII without delimiters. */
    char *o = f->psname;
    for (const char *p = f->psname; *p; p++)
        if (*p > 32 && *p < 127 && !strchr("()<>[]{}/%#", *p))
            *o++ = *p;
    *o = '\0';
    if (!f->psname[0])
        snprintf(f->psname, sizeof f->psname, "Font%d", f->id);
}

static pg_font *font_open(const char *file, int index, int id)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
    if (!blob)
        return NULL;
    pg_font *f = xcalloc(1, sizeof *f);
    f->id = id;
    f->file = xstrdup(file);
    f->index = index;
    f->blob = blob;
    f->face = hb_face_create(blob, (unsigned)index);
    f->upem = hb_face_get_upem(f->face);
    if (hb_face_get_glyph_count(f->face) == 0 || f->upem == 0) {
        font_free(f);
        return NULL;
    }
    f->hb = hb_font_create(f->face);
    set_psname(f);
    /* CFF outlines: a PDF reaches a CID-keyed font's glyphs by CID, read from its charset
     * now; a table that cannot be read leaves the font unusable. */
    hb_blob_t *cff = hb_face_reference_table(f->face, HB_TAG('C', 'F', 'F', ' '));
    unsigned len = 0;
    const char *data = hb_blob_get_data(cff, &len);
    if (len) {
        int keyed = pg_cff_cids(&f->cid, &f->n_cid, (const unsigned char *)data, len);
        f->cff = keyed == 1 ? 1 : 2;
        if (keyed < 0) {
            hb_blob_destroy(cff);
            font_free(f);
            return NULL;
        }
    }
    hb_blob_destroy(cff);
    if (!f->cff)
        f->room = room_for_glyphs(f->face);
    return f;
}

static int add_font(opened *o, pg_font *f)
{
    o->fonts = realloc(o->fonts, sizeof *o->fonts * (size_t)(o->n_fonts + 1));
    if (!o->fonts)
        pg_oom();
    o->fonts[o->n_fonts] = f;
    return o->n_fonts++;
}

/* The requested family name of a pattern ("Noto Sans:style=Bold" -> "Noto Sans"). */
static int family_matches(const FcPattern *want, const FcPattern *got)
{
    FcChar8 *wf = NULL;
    if (FcPatternGetString(want, FC_FAMILY, 0, &wf) != FcResultMatch)
        return 1; /* the pattern names no family: anything fontconfig chose will do */
    FcChar8 *gf;
    for (int i = 0; FcPatternGetString(got, FC_FAMILY, i, &gf) == FcResultMatch; i++)
        if (!strcasecmp((const char *)wf, (const char *)gf))
            return 1;
    return 0;
}

/* The font config c matches to pattern pat, when its family is the one pat asks for;
 * else (or with no config) NULL. */
static FcPattern *find_face(FcConfig *c, const FcPattern *pat)
{
    if (!c)
        return NULL;
    FcPattern *p = FcPatternDuplicate(pat);
    if (!p)
        pg_oom();
    FcConfigSubstitute(c, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *match = FcFontMatch(c, p, &res);
    FcPatternDestroy(p);
    if (match && !family_matches(pat, match)) {
        FcPatternDestroy(match);
        match = NULL;
    }
    return match;
}

/* The one face config c lists with pat's elements (a family and a style), or NULL when
 * it lists none or several. Listing compares names; matching scores every installed
 * font, five times the cost (0.04 against 0.18 ms a face). Where a single face has the
 * elements, matching picks it too: the unit test holds every face of fonts.xml to the
 * whole configuration's match. */
static FcPattern *only_face(FcConfig *c, const FcPattern *pat)
{
    if (!c)
        return NULL;
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, NULL);
    if (!os)
        pg_oom();
    FcFontSet *set = FcFontList(c, (FcPattern *)pat, os);
    FcObjectSetDestroy(os);
    FcPattern *one = NULL;
    if (set && set->nfont == 1 && family_matches(pat, set->fonts[0])) {
        one = set->fonts[0];
        FcPatternReference(one);
    }
    if (set)
        FcFontSetDestroy(set);
    return one;
}

/* Opens face fc through fontconfig; *why gets the reason when it cannot. */
static pg_font *resolve_face(opened *o, const face *fc, char **why)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)fc->pattern);
    FcPattern *match = NULL;
    pg_font *f = NULL;
    char msg[1024];
    if (!pat) {
        snprintf(msg, sizeof msg, "%s:%d:%d: \"%s\" is not a fontconfig pattern", fc->file,
                 fc->line, fc->col, fc->pattern);
        goto done;
    }
    FcChar8 *file = NULL;
    int index = 0;
    match = only_face(quick(), pat);
    if (!match)
        match = find_face(quick(), pat);
    if (!match)
        match = find_face(full(), pat);
    if (!match || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
        snprintf(msg, sizeof msg, "%s:%d:%d: font \"%s\" is not installed%s%s", fc->file, fc->line,
                 fc->col, fc->pattern, fc->package ? "; install it with: apt-get install " : "",
                 fc->package ? fc->package : "");
        goto done;
    }
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    /* Faces shared by several families or styles are opened once. */
    for (int i = 0; i < o->n_fonts; i++)
        if (!strcmp(o->fonts[i]->file, (const char *)file) && o->fonts[i]->index == index) {
            f = o->fonts[i];
            goto done;
        }
    f = font_open((const char *)file, index, o->n_fonts);
    if (!f) {
        snprintf(msg, sizeof msg, "%s:%d:%d: font file %s (for \"%s\") cannot be read as OpenType",
                 fc->file, fc->line, fc->col, file, fc->pattern);
        goto done;
    }
    f->bold = fc->bold;
    f->italic = fc->italic;
    f->metrics = read_metrics(f);
    add_font(o, f);
done:
    if (!f)
        *why = xstrdup(msg);
    if (match)
        FcPatternDestroy(match);
    if (pat)
        FcPatternDestroy(pat);
    return f;
}

int pg_fontset_open(pg_fontset **out, const pg_fonts_spec *spec, pg_error *err)
{
    int rc = 0;
    pg_fontset *fs = xcalloc(1, sizeof *fs);
    fs->uses_fontconfig = 1;
    fontconfig_users++;
    if (!quick() && !full()) {
        rc = pg_error_set(err, PG_EINTERNAL, spec->path, 0, 0, "fontconfig cannot start");
        goto done;
    }
    for (const pg_family_spec *f = spec->families; f; f = f->next)
        fs->n_families++;
    for (const pg_chain_spec *c = spec->chains; c; c = c->next)
        fs->n_chains++;
    fs->families = xcalloc((size_t)fs->n_families, sizeof *fs->families);
    fs->chains = xcalloc((size_t)fs->n_chains, sizeof *fs->chains);
    fs->open = xcalloc(1, sizeof *fs->open);
    int i = 0;
    for (const pg_family_spec *f = spec->families; f; f = f->next, i++) {
        fs->families[i].name = xstrdup(f->name);
        for (const pg_face_spec *sp = f->faces; sp; sp = sp->next) {
            face *fc = &fs->families[i].faces[sp->bold * 2 + sp->italic];
            /* A style given twice: the later face wins, as the family reads. */
            free(fc->pattern);
            free(fc->package);
            free(fc->file);
            *fc = (face){xstrdup(sp->pattern),
                         sp->package ? xstrdup(sp->package) : NULL,
                         xstrdup(sp->pos.file ? sp->pos.file : spec->path),
                         sp->pos.line,
                         sp->pos.col,
                         sp->bold,
                         sp->italic,
                         0,
                         NULL};
        }
    }
    i = 0;
    for (const pg_chain_spec *c = spec->chains; c; c = c->next, i++) {
        chain *ch = &fs->chains[i];
        snprintf(ch->script, sizeof ch->script, "%s", c->script);
        snprintf(ch->lang, sizeof ch->lang, "%s", c->lang ? c->lang : "");
        ch->families = xcalloc((size_t)c->n_families, sizeof *ch->families);
        for (int k = 0; k < c->n_families; k++)
            ch->families[k] = pg_fontset_family(fs, c->families[k]);
        ch->n = c->n_families;
    }
    *out = fs;
    fs = NULL;
done:
    pg_fontset_free(fs);
    return rc;
}

/* ---- the fake font ----------------------------------------------------------------- */

static hb_bool_t fake_nominal(hb_font_t *font, void *data, hb_codepoint_t u, hb_codepoint_t *g,
                              void *user)
{
    (void)font, (void)data, (void)user;
    if (u >= 0xE000 && u <= 0xF8FF)
        return 0;
    *g = u;
    return 1;
}

static hb_position_t fake_advance(hb_font_t *font, void *data, hb_codepoint_t g, void *user)
{
    (void)font, (void)data, (void)g, (void)user;
    return 500;
}

static hb_bool_t fake_extents(hb_font_t *font, void *data, hb_font_extents_t *e, void *user)
{
    (void)font, (void)data, (void)user;
    memset(e, 0, sizeof *e);
    e->ascender = 800;
    e->descender = -200;
    return 1;
}

/* Every glyph a box from the baseline to the height of a capital, 700/1000 em. */
static hb_bool_t fake_glyph_extents(hb_font_t *font, void *data, hb_codepoint_t g,
                                    hb_glyph_extents_t *e, void *user)
{
    (void)font, (void)data, (void)g, (void)user;
    *e = (hb_glyph_extents_t){0, 700, 500, -700};
    return 1;
}

pg_fontset *pg_fontset_fake(void)
{
    pg_fontset *fs = xcalloc(1, sizeof *fs);
    pg_font *f = xcalloc(1, sizeof *f);
    f->file = xstrdup("fake");
    f->blob = hb_blob_get_empty();
    f->face = hb_face_create(f->blob, 0);
    hb_face_set_upem(f->face, 1000);
    hb_face_set_glyph_count(f->face, 0x110000);
    f->upem = 1000;
    f->hb = hb_font_create(f->face);
    hb_font_funcs_t *funcs = hb_font_funcs_create();
    hb_font_funcs_set_nominal_glyph_func(funcs, fake_nominal, NULL, NULL);
    hb_font_funcs_set_glyph_h_advance_func(funcs, fake_advance, NULL, NULL);
    hb_font_funcs_set_font_h_extents_func(funcs, fake_extents, NULL, NULL);
    hb_font_funcs_set_glyph_extents_func(funcs, fake_glyph_extents, NULL, NULL);
    hb_font_funcs_make_immutable(funcs);
    hb_font_set_funcs(f->hb, funcs, NULL, NULL);
    hb_font_funcs_destroy(funcs); /* the font holds its own reference */
    hb_font_set_scale(f->hb, 1000, 1000);
    snprintf(f->psname, sizeof f->psname, "Fake");
    f->metrics = read_metrics(f);
    fs->open = xcalloc(1, sizeof *fs->open);
    add_font(fs->open, f);
    fs->n_families = 1;
    fs->families = xcalloc(1, sizeof *fs->families);
    fs->families[0].name = xstrdup("fake");
    fs->families[0].faces[0] = (face){xstrdup("fake"), NULL, xstrdup("fake"), 0, 0, 0, 0, 1, f};
    fs->n_chains = 1;
    fs->chains = xcalloc(1, sizeof *fs->chains);
    snprintf(fs->chains[0].script, sizeof fs->chains[0].script, "default");
    fs->chains[0].families = xcalloc(1, sizeof(int));
    fs->chains[0].n = 1;
    return fs;
}

/* ---- choosing fonts ---------------------------------------------------------------- */

int pg_fontset_family(const pg_fontset *fs, const char *name)
{
    for (int i = 0; i < fs->n_families; i++)
        if (!strcmp(fs->families[i].name, name))
            return i;
    return -1;
}

int pg_fontset_n_families(const pg_fontset *fs)
{
    return fs->n_families;
}

const char *pg_fontset_family_name(const pg_fontset *fs, int i)
{
    return fs->families[i].name;
}

int pg_font_covers(const pg_font *f, uint32_t cp)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(f->hb, cp, &g);
}

uint32_t pg_font_nominal_glyph(const pg_font *f, uint32_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(f->hb, cp, &g) ? g : 0;
}

/* Default-ignorable and format characters (ZWJ, ZWNJ, variation selectors, bidi marks)
 * are the shaper's business; fonts need not map them. */
static int needs_glyph(uint32_t cp)
{
    return !(cp == 0x200B || cp == 0x200C || cp == 0x200D || (cp >= 0x200E && cp <= 0x200F) ||
             (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
             (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x2028 || cp == 0xFEFF ||
             (cp >= 0xE0100 && cp <= 0xE01EF));
}

static int covers_all(const pg_font *f, const uint32_t *cps, int n)
{
    if (!f)
        return 0;
    for (int i = 0; i < n; i++)
        if (needs_glyph(cps[i]) && !pg_font_covers(f, cps[i]))
            return 0;
    return 1;
}

/* Face k of a family, opened now if it has not been tried; NULL when the family has no
 * such face or it cannot be opened (the first such reason is kept for errors). */
static const pg_font *open_face(const pg_fontset *fs, family *fam, int k)
{
    face *fc = &fam->faces[k];
    if (!fc->pattern || fc->state < 0)
        return NULL;
    if (fc->state == 0) {
        char *why = NULL;
        fc->font = resolve_face(fs->open, fc, &why);
        fc->state = fc->font ? 1 : -1;
        if (why && !fs->open->missing)
            fs->open->missing = why;
        else
            free(why);
    }
    return fc->font;
}

/* The face of a family closest to the requested weight and slant: exact, then the same
 * weight upright, then regular. */
static const pg_font *family_face(const pg_fontset *fs, family *fam, int bold, int italic)
{
    const pg_font *f = open_face(fs, fam, bold * 2 + italic);
    if (!f)
        f = open_face(fs, fam, bold * 2);
    if (!f)
        f = open_face(fs, fam, italic);
    if (!f)
        f = open_face(fs, fam, 0);
    return f;
}

const char *pg_fontset_missing(const pg_fontset *fs)
{
    return fs->open ? fs->open->missing : NULL;
}

/* Whether BCP 47 tag lang has the primary language subtag want ("ur" for "ur-PK"). */
static int lang_is(const char *lang, const char *want)
{
    size_t n = strlen(want);
    return lang && !strncmp(lang, want, n) && (lang[n] == '\0' || lang[n] == '-');
}

/* The chain for script: the one for lang's text in it when there is one. */
static const chain *find_chain(const pg_fontset *fs, const char *script, const char *lang)
{
    const chain *any = NULL;
    for (int i = 0; i < fs->n_chains; i++) {
        const chain *c = &fs->chains[i];
        if (strcmp(c->script, script))
            continue;
        if (!c->lang[0] && !any)
            any = c;
        else if (c->lang[0] && lang_is(lang, c->lang))
            return c;
    }
    return any;
}

const pg_font *pg_fontset_pick(const pg_fontset *fs, int fam, const char *script, const char *also,
                               const char *lang, int bold, int italic, const uint32_t *cps, int n,
                               const pg_font *prefer)
{
    if (prefer && covers_all(prefer, cps, n))
        return prefer;
    if (fam >= 0 && fam < fs->n_families) {
        const pg_font *f = family_face(fs, &fs->families[fam], bold, italic);
        if (covers_all(f, cps, n))
            return f;
    }
    const chain *chains[3] = {script ? find_chain(fs, script, lang) : NULL,
                              also ? find_chain(fs, also, lang) : NULL,
                              find_chain(fs, "default", lang)};
    for (int c = 0; c < 3; c++) {
        if (!chains[c] || (c > 0 && chains[c] == chains[0]) || (c == 2 && chains[2] == chains[1]))
            continue;
        for (int i = 0; i < chains[c]->n; i++) {
            const pg_font *f = family_face(fs, &fs->families[chains[c]->families[i]], bold, italic);
            if (covers_all(f, cps, n))
                return f;
        }
    }
    return NULL;
}

/* ---- facts for the renderer -------------------------------------------------------- */

int pg_font_is_bold(const pg_font *f)
{
    return f->bold;
}

unsigned pg_font_glyph_count(const pg_font *f)
{
    return hb_face_get_glyph_count(f->face);
}

const char *pg_font_postscript_name(const pg_font *f)
{
    return f->psname;
}

void *pg_font_hb(const pg_font *f)
{
    return f->hb;
}

/* What is remembered of glyph gid (the font's own cache: it changes no answer), or NULL
 * for a glyph id past the font's glyphs. */
static glyph_info *glyph(const pg_font *f, uint32_t gid)
{
    if (gid >= pg_font_glyph_count(f))
        return NULL;
    pg_font *mf = (pg_font *)f;
    if (!mf->blocks) {
        mf->n_blocks = pg_font_glyph_count(f) / GLYPH_BLOCK + 1;
        mf->blocks = xcalloc(mf->n_blocks, sizeof *mf->blocks);
    }
    glyph_info **block = &mf->blocks[gid / GLYPH_BLOCK];
    if (!*block)
        *block = xcalloc(GLYPH_BLOCK, sizeof **block);
    return &(*block)[gid % GLYPH_BLOCK];
}

double pg_font_glyph_width(const pg_font *f, uint32_t gid)
{
    glyph_info *g = glyph(f, gid);
    if (g && (g->known & 1))
        return g->width;
    double w = hb_font_get_glyph_h_advance(f->hb, gid) * 1000.0 / f->upem;
    if (g) {
        g->width = w;
        g->known |= 1;
    }
    return w;
}

void pg_font_glyph_ink(const pg_font *f, uint32_t gid, double *top, double *bottom)
{
    glyph_info *g = glyph(f, gid);
    if (g && (g->known & 2)) {
        *top = g->top;
        *bottom = g->bottom;
        return;
    }
    hb_glyph_extents_t e = {0};
    *top = *bottom = 0;
    if (hb_font_get_glyph_extents(f->hb, gid, &e)) {
        *top = e.y_bearing * 1000.0 / f->upem;
        *bottom = -(e.y_bearing + e.height) * 1000.0 / f->upem;
    }
    if (g) {
        g->top = *top;
        g->bottom = *bottom;
        g->known |= 2;
    }
}

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

static pg_font_metrics read_metrics(const pg_font *f)
{
    pg_font_metrics m = {0};
    hb_font_extents_t e;
    hb_font_get_h_extents(f->hb, &e);
    double u = f->upem;
    m.ascender = e.ascender / u;
    m.descender = -e.descender / u;
    hb_position_t cap = 0;
    if (hb_ot_metrics_get_position(f->hb, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap) && cap > 0)
        m.cap_height = cap / u;
    else
        m.cap_height = m.ascender * 0.9;
    hb_blob_t *head = hb_face_reference_table(f->face, HB_TAG('h', 'e', 'a', 'd'));
    unsigned len = 0;
    const char *d = hb_blob_get_data(head, &len);
    if (len >= 44) {
        for (int i = 0; i < 4; i++)
            m.bbox[i] = be16(d + 36 + 2 * i) / u;
    } else {
        m.bbox[0] = 0;
        m.bbox[1] = -m.descender;
        m.bbox[2] = 1;
        m.bbox[3] = m.ascender;
    }
    hb_blob_destroy(head);
    m.bold = f->bold;
    m.italic = f->italic;
    if (f->italic)
        m.italic_angle = -12;
    return m;
}

pg_font_metrics pg_font_get_metrics(const pg_font *f)
{
    return f->metrics;
}

int pg_font_is_cff(const pg_font *f)
{
    return f->cff != 0;
}

uint32_t pg_font_cid(const pg_font *f, uint32_t gid)
{
    return f->cff == 1 && gid < f->n_cid ? f->cid[gid] : gid;
}

unsigned pg_font_upem(const pg_font *f)
{
    return f->upem;
}

unsigned pg_font_room_for_glyphs(const pg_font *f)
{
    return f->room;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int pg_glyph_copy_order(const void *a, const void *b)
{
    const pg_glyph_copy *x = a, *y = b;
    if (x->gid != y->gid)
        return (x->gid > y->gid) - (x->gid < y->gid);
    return (x->advance > y->advance) - (x->advance < y->advance);
}

/* Whether v[0..n) is in increasing order: the PDF fonts give their sets sorted. */
static int in_order(const uint32_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (v[i] < v[i - 1])
            return 0;
    return 1;
}

/* The glyph set, the copies and the character set, each sorted and counted: the subset
 * depends on the sets, not on the order glyphs were first drawn in. */
static uint32_t *subset_key(size_t *n_key, const uint32_t *gids, size_t n_gids, const uint32_t *cps,
                            size_t n_cps, const pg_glyph_copy *copies, size_t n_copies)
{
    size_t n = 2 + n_gids + 2 * n_copies + n_cps;
    uint32_t *key = xcalloc(n, sizeof *key), *k = key;
    *k++ = (uint32_t)n_gids;
    memcpy(k, gids, sizeof *k * n_gids);
    if (!in_order(k, n_gids))
        qsort(k, n_gids, sizeof *k, by_value);
    k += n_gids;
    *k++ = (uint32_t)n_copies;
    memcpy(k, copies, sizeof *copies * n_copies); /* sorted already */
    k += 2 * n_copies;
    memcpy(k, cps, sizeof *k * n_cps);
    if (!in_order(k, n_cps))
        qsort(k, n_cps, sizeof *k, by_value);
    *n_key = n;
    return key;
}

typedef struct subset {
    size_t len;
    unsigned first_copy; /* the id of the first glyph added */
    unsigned char bytes[];
} subset;

static int hb_subset_bytes(unsigned char **out, size_t *out_len, unsigned *first_copy,
                           const pg_font *f, const uint32_t *gids, size_t n_gids,
                           const uint32_t *cps, size_t n_cps, const pg_glyph_copy *copies,
                           size_t n_copies, pg_error *err);

int pg_font_subset(unsigned char **out, size_t *out_len, uint32_t *copy_gids, const pg_font *f,
                   const uint32_t *gids, size_t n_gids, const uint32_t *cps, size_t n_cps,
                   const pg_glyph_copy *copies, size_t n_copies, pg_error *err)
{
    /* The copies as the subset adds them: sorted, without repeats, none of glyph 0. */
    pg_glyph_copy *added = xcalloc(n_copies + 1, sizeof *added);
    size_t n_added = 0;
    if (n_copies)
        memcpy(added, copies, sizeof *copies * n_copies);
    qsort(added, n_copies, sizeof *added, pg_glyph_copy_order);
    for (size_t i = 0; i < n_copies; i++)
        if (added[i].gid && (n_added == 0 || pg_glyph_copy_order(&added[i], &added[n_added - 1])))
            added[n_added++] = added[i];
    assert(n_added <= f->room);
    /* The memo is the font's own cache, not what the font is: it changes no answer. */
    pg_font *mf = (pg_font *)f;
    if (!mf->subsets)
        mf->subsets = pg_memo_new(SUBSET_MEMO_BUDGET);
    size_t n_key;
    uint32_t *key = subset_key(&n_key, gids, n_gids, cps, n_cps, added, n_added);
    const subset *hit = pg_memo_get(mf->subsets, key, sizeof *key * n_key);
    int rc = 0;
    unsigned first_copy = 0;
    if (hit) {
        *out = xcalloc(hit->len, 1);
        memcpy(*out, hit->bytes, hit->len);
        *out_len = hit->len;
        first_copy = hit->first_copy;
    } else {
        rc = hb_subset_bytes(out, out_len, &first_copy, f, gids, n_gids, cps, n_cps, added, n_added,
                             err);
        if (!rc) {
            pg_memo_trim(mf->subsets);
            subset *kept = pg_arena_alloc(pg_memo_arena(mf->subsets), sizeof *kept + *out_len);
            kept->len = *out_len;
            kept->first_copy = first_copy;
            memcpy(kept->bytes, *out, *out_len);
            pg_memo_put(mf->subsets, key, sizeof *key * n_key, kept);
        }
    }
    for (size_t i = 0; !rc && i < n_copies; i++) {
        const pg_glyph_copy *c =
            bsearch(&copies[i], added, n_added, sizeof *added, pg_glyph_copy_order);
        copy_gids[i] = c ? first_copy + (uint32_t)(c - added) : 0;
    }
    free(key);
    free(added);
    return rc;
}

/* ---- glyphs added to a TrueType subset --------------------------------------------- */

/* A PDF reader takes a glyph to end at its advance (in the PDF's W, which must equal the
 * font program's, PDF/A-2 6.2.11.5). A glyph the PDF draws with another advance is a copy
 * added after the subset's glyphs: a composite glyph (OpenType 'glyf') of one component,
 * the original at offset 0,0, with the original's box and side bearing and its own
 * advance (no USE_MY_METRICS). The tables are rewritten to hold the new glyphs (loca in
 * its long format, hmtx with an advance per glyph) and the font reassembled by
 * HarfBuzz's face builder, which sums the tables again. */

static unsigned get16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFF);
}

/* The glyph tables of a TrueType face, checked against each other. */
typedef struct glyph_tables {
    hb_blob_t *head, *hhea, *maxp, *loca, *glyf, *hmtx;
    const unsigned char *head_d, *hhea_d, *maxp_d, *loca_d, *glyf_d, *hmtx_d;
    unsigned head_n, hhea_n, maxp_n, loca_n, glyf_n, hmtx_n;
    unsigned n_glyphs, n_hmetrics;
    int long_loca;
} glyph_tables;

static void glyph_tables_free(glyph_tables *t)
{
    hb_blob_destroy(t->head);
    hb_blob_destroy(t->hhea);
    hb_blob_destroy(t->maxp);
    hb_blob_destroy(t->loca);
    hb_blob_destroy(t->glyf);
    hb_blob_destroy(t->hmtx);
}

static const unsigned char *table(hb_blob_t **blob, unsigned *len, hb_face_t *hf, hb_tag_t tag)
{
    *blob = hb_face_reference_table(hf, tag);
    return (const unsigned char *)hb_blob_get_data(*blob, len);
}

/* Where glyph i's outline starts in glyf (i <= n_glyphs: the last entry ends the table). */
static uint32_t loca_at(const glyph_tables *t, unsigned i)
{
    return t->long_loca ? get32(t->loca_d + 4 * i) : 2 * get16(t->loca_d + 2 * i);
}

/* Reads face's glyph tables into t; returns 0, or -1 when they are missing, short or do
 * not agree (t is to be freed either way). */
static int glyph_tables_read(glyph_tables *t, hb_face_t *hf)
{
    memset(t, 0, sizeof *t);
    t->head_d = table(&t->head, &t->head_n, hf, HB_TAG('h', 'e', 'a', 'd'));
    t->hhea_d = table(&t->hhea, &t->hhea_n, hf, HB_TAG('h', 'h', 'e', 'a'));
    t->maxp_d = table(&t->maxp, &t->maxp_n, hf, HB_TAG('m', 'a', 'x', 'p'));
    t->loca_d = table(&t->loca, &t->loca_n, hf, HB_TAG('l', 'o', 'c', 'a'));
    t->glyf_d = table(&t->glyf, &t->glyf_n, hf, HB_TAG('g', 'l', 'y', 'f'));
    t->hmtx_d = table(&t->hmtx, &t->hmtx_n, hf, HB_TAG('h', 'm', 't', 'x'));
    if (t->head_n < 54 || t->hhea_n < 36 || t->maxp_n < 6 || !t->glyf_n)
        return -1;
    unsigned format = get16(t->head_d + 50);
    if (format > 1)
        return -1;
    t->long_loca = format == 1;
    t->n_glyphs = get16(t->maxp_d + 4);
    t->n_hmetrics = get16(t->hhea_d + 34);
    if (t->n_glyphs == 0 || t->n_hmetrics == 0 || t->n_hmetrics > t->n_glyphs ||
        t->hmtx_n < 4u * t->n_hmetrics + 2u * (t->n_glyphs - t->n_hmetrics) ||
        t->loca_n < (t->long_loca ? 4u : 2u) * (t->n_glyphs + 1))
        return -1;
    for (unsigned i = 0; i < t->n_glyphs; i++)
        if (loca_at(t, i) > loca_at(t, i + 1))
            return -1;
    return loca_at(t, t->n_glyphs) <= t->glyf_n ? 0 : -1;
}

static unsigned room_for_glyphs(hb_face_t *hf)
{
    glyph_tables t = {0};
    hb_blob_t *fvar = hb_face_reference_table(hf, HB_TAG('f', 'v', 'a', 'r'));
    /* A variable font's copies would need variation data of their own. */
    int ok = hb_blob_get_length(fvar) == 0 && !glyph_tables_read(&t, hf);
    hb_blob_destroy(fvar);
    glyph_tables_free(&t);
    return ok ? 0xFFFF - t.n_glyphs : 0;
}

static unsigned umax(unsigned a, unsigned b)
{
    return a > b ? a : b;
}

/* Adds a blob of len bytes (taken over) to a face builder as table tag. */
static void add_table(hb_face_t *builder, hb_tag_t tag, unsigned char *data, size_t len)
{
    hb_blob_t *b =
        hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, free);
    hb_face_builder_add_table(builder, tag, b);
    hb_blob_destroy(b);
}

static unsigned char *dup_bytes(const unsigned char *p, size_t len)
{
    unsigned char *d = xcalloc(len, 1);
    memcpy(d, p, len);
    return d;
}

/* The TrueType font made with copies (n of them, sorted, no repeats, no glyph 0) added
 * after its glyphs, the first at *first; an empty blob when its glyph tables cannot be
 * read or have no room. */
static hb_blob_t *add_copies(unsigned *first, hb_face_t *made, const pg_glyph_copy *copies,
                             size_t n)
{
    /* The face the subsetter makes lists no tables (HarfBuzz 6): read the font it writes. */
    hb_blob_t *whole = hb_face_reference_blob(made);
    hb_face_t *sub = hb_face_create(whole, 0);
    glyph_tables t;
    hb_blob_t *font = hb_blob_get_empty();
    if (glyph_tables_read(&t, sub) || n > 0xFFFFu - t.n_glyphs)
        goto done;
    unsigned old = t.n_glyphs, total = old + (unsigned)n;
    int composite_of_composite = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t g = copies[i].gid, len = g < old ? loca_at(&t, g + 1) - loca_at(&t, g) : 0;
        if (g == 0 || g >= old || (len > 0 && len < 10) || copies[i].advance > 0xFFFF)
            goto done;
        if (len && (int16_t)get16(t.glyf_d + loca_at(&t, g)) < 0)
            composite_of_composite = 1;
    }
    /* glyf: the subset's outlines, then each copy's 16 bytes (none for a glyph with no
     * outline, a space). */
    size_t glyf_start = loca_at(&t, old);
    unsigned char *glyf = xcalloc(glyf_start + 16 * n, 1);
    memcpy(glyf, t.glyf_d, glyf_start);
    unsigned char *loca = xcalloc(total + 1, 4), *hmtx = xcalloc(total, 4);
    for (unsigned i = 0; i <= old; i++)
        put32(loca + 4 * i, loca_at(&t, i));
    for (unsigned i = 0; i < old; i++) {
        unsigned m = i < t.n_hmetrics ? i : t.n_hmetrics - 1;
        put16(hmtx + 4 * i, get16(t.hmtx_d + 4 * m));
        put16(hmtx + 4 * i + 2, i < t.n_hmetrics
                                    ? get16(t.hmtx_d + 4 * i + 2)
                                    : get16(t.hmtx_d + 4 * t.n_hmetrics + 2 * (i - t.n_hmetrics)));
    }
    size_t end = glyf_start;
    unsigned widest = get16(t.hhea_d + 10);
    for (size_t i = 0; i < n; i++) {
        uint32_t g = copies[i].gid, at = loca_at(&t, g);
        if (loca_at(&t, g + 1) > at) {
            unsigned char *o = glyf + end;
            put16(o, 0xFFFF);                    /* numberOfContours -1: composite */
            memcpy(o + 2, t.glyf_d + at + 2, 8); /* xMin yMin xMax yMax */
            put16(o + 10, 0x0002);               /* ARGS_ARE_XY_VALUES, byte offsets */
            put16(o + 12, g);
            end += 16; /* offsets 0, 0 */
        }
        put32(loca + 4 * (old + i + 1), (uint32_t)end);
        put16(hmtx + 4 * (old + i), copies[i].advance);
        memcpy(hmtx + 4 * (old + i) + 2, hmtx + 4 * g + 2, 2);
        widest = umax(widest, copies[i].advance);
    }
    unsigned char *head = dup_bytes(t.head_d, t.head_n);
    put32(head + 8, 0); /* checkSumAdjustment: the builder sets it */
    put16(head + 50, 1);
    unsigned char *hhea = dup_bytes(t.hhea_d, t.hhea_n);
    put16(hhea + 10, widest);
    put16(hhea + 34, total);
    unsigned char *maxp = dup_bytes(t.maxp_d, t.maxp_n);
    put16(maxp + 4, total);
    if (get32(maxp) == 0x00010000 && t.maxp_n >= 32) {
        /* A copy has its original's points and contours, one more level of nesting. */
        put16(maxp + 10, umax(get16(maxp + 10), get16(maxp + 6)));
        put16(maxp + 12, umax(get16(maxp + 12), get16(maxp + 8)));
        put16(maxp + 28, umax(get16(maxp + 28), 1));
        put16(maxp + 30, composite_of_composite ? get16(maxp + 30) + 1 : umax(get16(maxp + 30), 1));
    }
    hb_face_t *builder = hb_face_builder_create();
    add_table(builder, HB_TAG('g', 'l', 'y', 'f'), glyf, end);
    add_table(builder, HB_TAG('l', 'o', 'c', 'a'), loca, 4 * ((size_t)total + 1));
    add_table(builder, HB_TAG('h', 'm', 't', 'x'), hmtx, 4 * (size_t)total);
    add_table(builder, HB_TAG('h', 'e', 'a', 'd'), head, t.head_n);
    add_table(builder, HB_TAG('h', 'h', 'e', 'a'), hhea, t.hhea_n);
    add_table(builder, HB_TAG('m', 'a', 'x', 'p'), maxp, t.maxp_n);
    unsigned n_tags = hb_face_get_table_tags(sub, 0, NULL, NULL);
    hb_tag_t *tags = xcalloc(n_tags, sizeof *tags);
    hb_face_get_table_tags(sub, 0, &n_tags, tags);
    for (unsigned i = 0; i < n_tags; i++) {
        switch (tags[i]) {
        case HB_TAG('g', 'l', 'y', 'f'):
        case HB_TAG('l', 'o', 'c', 'a'):
        case HB_TAG('h', 'm', 't', 'x'):
        case HB_TAG('h', 'e', 'a', 'd'):
        case HB_TAG('h', 'h', 'e', 'a'):
        case HB_TAG('m', 'a', 'x', 'p'):
            continue; /* made above */
        case HB_TAG('h', 'd', 'm', 'x'):
        case HB_TAG('L', 'T', 'S', 'H'):
        case HB_TAG('v', 'h', 'e', 'a'):
        case HB_TAG('v', 'm', 't', 'x'):
            continue; /* per glyph, for screens or vertical text: not for the PDF */
        case HB_TAG('p', 'o', 's', 't'): {
            /* Glyph names (version 2.0) are per glyph: version 3.0 has none. */
            unsigned len = 0;
            hb_blob_t *b = hb_face_reference_table(sub, tags[i]);
            const unsigned char *d = (const unsigned char *)hb_blob_get_data(b, &len);
            if (len >= 32) {
                unsigned char *post = dup_bytes(d, 32);
                put32(post, 0x00030000);
                add_table(builder, tags[i], post, 32);
            }
            hb_blob_destroy(b);
            continue;
        }
        default: {
            hb_blob_t *b = hb_face_reference_table(sub, tags[i]);
            hb_face_builder_add_table(builder, tags[i], b);
            hb_blob_destroy(b);
        }
        }
    }
    free(tags);
    font = hb_face_reference_blob(builder);
    hb_face_destroy(builder);
    *first = old;
done:
    glyph_tables_free(&t);
    hb_face_destroy(sub);
    hb_blob_destroy(whole);
    return font;
}

static int hb_subset_bytes(unsigned char **out, size_t *out_len, unsigned *first_copy,
                           const pg_font *f, const uint32_t *gids, size_t n_gids,
                           const uint32_t *cps, size_t n_cps, const pg_glyph_copy *copies,
                           size_t n_copies, pg_error *err)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        pg_oom();
    hb_set_t *glyphs = hb_subset_input_glyph_set(in);
    hb_set_add(glyphs, 0);
    for (size_t i = 0; i < n_gids; i++)
        hb_set_add(glyphs, gids[i]);
    for (size_t i = 0; i < n_copies; i++)
        hb_set_add(glyphs, copies[i].gid);
    hb_set_t *unicodes = hb_subset_input_unicode_set(in);
    for (size_t i = 0; i < n_cps; i++)
        hb_set_add(unicodes, cps[i]);
    /* The PDF draws glyph ids directly: layout tables are dead weight, and without GSUB
     * the subsetter adds no glyphs reachable only through substitutions. */
    hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const hb_tag_t dropped[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('J', 'S', 'T', 'F'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('M', 'A', 'T', 'H'),
        HB_TAG('D', 'S', 'I', 'G'), HB_TAG('k', 'e', 'r', 'n'),
    };
    for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
        hb_set_add(drop, dropped[i]);
    /* Print needs no hinting instructions: dropping them halves some subsets. A subset
     * keeps its glyph ids (the PDF reaches TrueType glyphs through a CIDToGIDMap and a
     * name-keyed CFF's by id), except a CID-keyed CFF's: it keeps each glyph's CID in its
     * charset, which is how the PDF reaches them, so its glyphs are packed (keeping the
     * ids would carry an empty entry for every glyph up to the last one used: 65,000 in
     * a CJK font). A CID-keyed CFF's charstrings are written without subroutines: the
     * few hundred glyphs of a handout share few of them, and HarfBuzz then neither walks
     * nor renumbers them (the subset is 3 % smaller, a Chinese render 0.93 of the time). */
    hb_subset_input_set_flags(
        in, HB_SUBSET_FLAGS_NO_HINTING |
                (f->cff == 1 ? HB_SUBSET_FLAGS_DESUBROUTINIZE : HB_SUBSET_FLAGS_RETAIN_GIDS));
    hb_face_t *sub = hb_subset_or_fail(f->face, in);
    hb_subset_input_destroy(in);
    if (!sub)
        return pg_error_set(err, PG_EINTERNAL, f->file, 0, 0,
                            "HarfBuzz cannot subset this font for embedding");
    /* A CFF font is embedded as its bare CFF table (FontFile3 /CIDFontType0C). */
    hb_blob_t *blob = pg_font_is_cff(f) ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                      : n_copies        ? add_copies(first_copy, sub, copies, n_copies)
                                        : hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    int rc = 0;
    if (!len) {
        rc = pg_error_set(err, PG_EINTERNAL, f->file, 0, 0,
                          n_copies ? "the font subset's glyph tables cannot be read"
                                   : "the font subset came out empty");
    } else {
        *out = malloc(len);
        if (!*out)
            pg_oom();
        memcpy(*out, data, len);
        *out_len = len;
    }
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return rc;
}
