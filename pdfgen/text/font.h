/* font.h — the fonts of fonts/fonts.xml, found through fontconfig and opened with
 * HarfBuzz: coverage, advances and metrics for the text stage, glyph subsets and widths
 * for the PDF renderer. A fake font with fixed advances stands in for exact layout tests.
 * HarfBuzz and fontconfig stay inside text/: callers see opaque handles. */
#ifndef PG_FONT_H
#define PG_FONT_H

#include "core/error.h"
#include "model/content.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pg_font pg_font;
typedef struct pg_fontset pg_fontset;

/** Metrics in em units (fractions of the font size). */
typedef struct pg_font_metrics {
    double ascender, descender; /* descender positive, below the baseline */
    double cap_height;
    double bbox[4]; /* xMin yMin xMax yMax */
    double italic_angle;
    int fixed_pitch, serif, italic, bold;
} pg_font_metrics;

/** Resolves every face of spec through fontconfig and opens it. A face that is not
 * installed is an error at its fonts.xml line naming the package to install. */
int pg_fontset_open(pg_fontset **out, const pg_fonts_spec *spec, pg_error *err);

/** One family "fake" (also the default chain) of a single face: every code point except
 * the private use area U+E000..U+F8FF maps to glyph id = code point, each advance is
 * 0.5 em, ascender 0.8, descender 0.2. For unit tests. */
pg_fontset *pg_fontset_fake(void);

void pg_fontset_free(pg_fontset *fs);

/** Index of the family named name, or -1. */
int pg_fontset_family(const pg_fontset *fs, const char *name);

/** Why the first face of fonts.xml a document needed could not be opened (not
 * installed, not OpenType), with its place in fonts.xml; NULL when none failed. Faces
 * are opened the first time a document needs them. */
const char *pg_fontset_missing(const pg_fontset *fs);

/** Number of families, and the name of family i (0 <= i < that number). */
int pg_fontset_n_families(const pg_fontset *fs);
const char *pg_fontset_family_name(const pg_fontset *fs, int i);

/** The first font of the chain (family first, if >= 0, then the chain of script, an ISO
 * 15924 code such as "Arab" — the one for text in language lang when fonts.xml has
 * one — then the chain of also, if not NULL, then the default chain) that has a glyph
 * for every code point of cps, in the face closest to bold/italic; prefer, if it covers,
 * is tried before all of them. NULL when no font covers the cluster. */
const pg_font *pg_fontset_pick(const pg_fontset *fs, int family, const char *script,
                               const char *also, const char *lang, int bold, int italic,
                               const uint32_t *cps, int n, const pg_font *prefer);

/** Whether f has a glyph for cp. */
int pg_font_covers(const pg_font *f, uint32_t cp);

/** The glyph f maps cp to before any shaping (its cmap), or 0 when it has none. */
uint32_t pg_font_nominal_glyph(const pg_font *f, uint32_t cp);

/** Whether f is a bold face (else bold text in it is drawn with a stroke). */
int pg_font_is_bold(const pg_font *f);

/** Number of glyphs in f. */
unsigned pg_font_glyph_count(const pg_font *f);

const char *pg_font_postscript_name(const pg_font *f);

/** Metrics read once when the font was opened. */
pg_font_metrics pg_font_get_metrics(const pg_font *f);

/** Advance of glyph gid in thousandths of an em (the PDF W array unit). */
double pg_font_glyph_width(const pg_font *f, uint32_t gid);

/** How far glyph gid's outline reaches above (*top) and below (*bottom, positive) the
 * baseline, in 1/1000 em; 0 and 0 for a glyph with no outline. */
void pg_font_glyph_ink(const pg_font *f, uint32_t gid, double *top, double *bottom);

/** Whether f's outlines are CFF (an OpenType font with a 'CFF ' table), not TrueType. */
int pg_font_is_cff(const pg_font *f);

/** The CID by which a PDF reaches glyph gid of f: its CID in a CID-keyed CFF font, the
 * glyph id itself otherwise. */
uint32_t pg_font_cid(const pg_font *f, uint32_t gid);

/** Units per em of f: the unit of its glyphs' advances in the font program. */
unsigned pg_font_upem(const pg_font *f);

/** How many glyphs a subset of f can have added (pg_font_subset): 0 for a font whose
 * outlines cannot take them (CFF, a variable font) or whose glyph tables cannot be
 * read. */
unsigned pg_font_room_for_glyphs(const pg_font *f);

/** A glyph added to a subset: a copy of glyph gid, drawn the same from the same origin,
 * with an advance of advance font units (at most 65535). */
typedef struct pg_glyph_copy {
    uint32_t gid, advance;
} pg_glyph_copy;

/** qsort order of copies: by glyph, then advance (the order a subset adds them in). */
int pg_glyph_copy_order(const void *a, const void *b);

/** A subset of f holding the glyphs gids and the cmap entries of cps: a TrueType font
 * with its glyph ids unchanged, or for a CFF font its bare CFF table, with its glyph ids
 * unchanged or, CID-keyed, packed but each keeping its CID; *out is malloc'd. A TrueType
 * subset also holds copies (at most pg_font_room_for_glyphs of them; copies of glyph 0
 * are not made), after the subset's own glyphs and ordered by glyph and advance:
 * copy_gids[i] gets the id of copies[i] (equal copies share one). Returns PG_EINTERNAL
 * if HarfBuzz cannot subset the font or the subset's glyph tables cannot be read. */
int pg_font_subset(unsigned char **out, size_t *out_len, uint32_t *copy_gids, const pg_font *f,
                   const uint32_t *gids, size_t n_gids, const uint32_t *cps, size_t n_cps,
                   const pg_glyph_copy *copies, size_t n_copies, pg_error *err);

/** HarfBuzz font handle (hb_font_t *) for text.c, the shaper; owned by the fontset. */
void *pg_font_hb(const pg_font *f);

#endif
