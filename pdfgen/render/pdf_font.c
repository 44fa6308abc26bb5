/* pdf_font.c — Type0 fonts (ISO 32000-1 9.7) whose codes are allocated per glyph and
 * text: for TrueType outlines a CIDFontType2 descendant with a CIDToGIDMap stream and a
 * glyph-id-preserving subset as FontFile2; for CFF outlines (Noto Sans CJK) a
 * CIDFontType0 descendant whose CFF subset (FontFile3 /CIDFontType0C) keeps each glyph's
 * CID, reached through an embedded CMap from code to CID as the font's encoding; both
 * with widths per code in W and a ToUnicode CMap (9.10.3).
 *
 * Every reader extracts text through the codes it meets in the content stream: poppler
 * and MuPDF (which also honour /ActualText) and pdf.js (which does not). So each code
 * stands for exactly the text it is drawn for: a glyph drawn for different text (lam-alef
 * with and without a mark, a vowel with and without its tone) gets one code per text,
 * and a cluster drawn with several glyphs (a Devanagari vowel sign before its consonant,
 * a reph) spreads its characters over its glyphs in the order they are shown, so the
 * concatenation is the cluster's text in every reader. A glyph that ends short of the
 * next (a mark placed by an offset over its base) is drawn by a copy added to the
 * TrueType subset whose advance reaches the next glyph, so no reader sees a space
 * there, and a glyph with a width never stands for a mark with its base: pdf.js would
 * take it for a mark of no width (see before_mark). Objects come from libharu's object
 * layer. */
#include "render/pdf_font.h"
#include "core/memo.h"
#include "render/pdf_objects.h"
#include "text/font.h"
#include "text/unicode.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAP_UNITS 16
#define MAX_CODES 65535 /* two-byte codes; code 0 is left unused */
/* A gap after a glyph left as it is (rounding), in em: poppler splits the word at a
 * mark a twentieth of an em left of the pen (see reach). */
#define MIN_GAP 0.01

typedef struct code {
    uint32_t gid;
    int32_t advance; /* of the glyph made for it (font units), or -1: gid's own */
    int width;       /* its advance in W: thousandths of an em */
    uint32_t drawn;  /* the glyph of the embedded font it draws: gid or the one made */
    uint16_t len;
    uint16_t text[MAX_MAP_UNITS];
} code;

typedef struct embedded {
    const pg_font *font;
    char res_name[16];
    HPDF_Dict type0, cid, descriptor;
    HPDF_Page last_page;
    int cff;     /* CFF outlines: CIDFontType0 */
    code *codes; /* code c is codes[c - 1], in the order first drawn */
    size_t n_codes, cap_codes;
    uint32_t *slots; /* open addressing: (glyph, advance, text) -> its code; 0 empty */
    size_t n_slots;
    unsigned n_glyphs;
    unsigned upem;
    /* Codes whose glyph is a copy of the font's made with a longer advance, and how
     * many more the font has room for (0: the font cannot take new glyphs). */
    unsigned n_extended, room;
    /* The glyph whose copies with no advance carry marks (see carrier_for): the font's
     * space, which has no outline; 0 when it has none or draws something. */
    uint32_t blank;
} embedded;

struct pg_pdf_fonts {
    HPDF_Doc pdf;
    embedded *fonts;
    int n_fonts;
    /* The codes pg_pdf_fonts_reserve gave each line's glyphs, one per glyph in run order,
     * by the line's address: drawing the line then looks none up again. */
    pg_memo *line_codes;
    pg_memo *shared; /* plans and drawn lines, across documents; or NULL */
    uint64_t plan;   /* the plan the kept lines' codes come from (0: none) */
};

pg_pdf_fonts *pg_pdf_fonts_new(HPDF_Doc pdf, pg_memo *shared)
{
    pg_pdf_fonts *pf = calloc(1, sizeof *pf);
    if (!pf)
        pg_oom();
    pf->pdf = pdf;
    pf->line_codes = pg_memo_new(SIZE_MAX); /* one document's: never trimmed */
    pf->shared = shared;
    return pf;
}

void pg_pdf_fonts_free(pg_pdf_fonts *pf)
{
    if (!pf)
        return;
    for (int i = 0; i < pf->n_fonts; i++) {
        free(pf->fonts[i].codes);
        free(pf->fonts[i].slots);
    }
    pg_memo_free(pf->line_codes);
    free(pf->fonts);
    free(pf);
}

static int glyph_width(const pg_font *f, uint32_t gid)
{
    return (int)lround(pg_font_glyph_width(f, gid));
}

static embedded *font_for(pg_pdf_fonts *pf, const pg_font *font)
{
    for (int i = 0; i < pf->n_fonts; i++)
        if (pf->fonts[i].font == font)
            return &pf->fonts[i];
    embedded *nf = realloc(pf->fonts, sizeof *nf * (size_t)(pf->n_fonts + 1));
    if (!nf)
        pg_oom();
    pf->fonts = nf;
    embedded *e = &pf->fonts[pf->n_fonts];
    memset(e, 0, sizeof *e);
    e->font = font;
    e->n_glyphs = pg_font_glyph_count(font);
    e->upem = pg_font_upem(font);
    e->room = pg_font_room_for_glyphs(font);
    e->blank = pg_font_nominal_glyph(font, 0x0020);
    double top, bottom;
    pg_font_glyph_ink(font, e->blank, &top, &bottom);
    if (e->blank >= e->n_glyphs || top != 0 || bottom != 0)
        e->blank = 0;
    e->n_slots = 1024;
    e->slots = calloc(e->n_slots, sizeof *e->slots);
    if (!e->slots)
        pg_oom();
    snprintf(e->res_name, sizeof e->res_name, "PF%d", pf->n_fonts + 1);
    HPDF_Doc pdf = pf->pdf;
    e->type0 = pg_haru_indirect_dict(pdf);
    e->cid = pg_haru_indirect_dict(pdf);
    e->descriptor = pg_haru_indirect_dict(pdf);
    if (!e->type0 || !e->cid || !e->descriptor)
        return NULL;
    e->cff = pg_font_is_cff(font);
    pg_haru_add_name(e->type0, "Type", "Font");
    pg_haru_add_name(e->type0, "Subtype", "Type0");
    pg_haru_array desc = pg_haru_array_new(pdf);
    pg_haru_array_add(desc, e->cid);
    pg_haru_add(e->type0, "DescendantFonts", desc);

    pg_haru_add_name(e->cid, "Type", "Font");
    pg_haru_add_name(e->cid, "Subtype", e->cff ? "CIDFontType0" : "CIDFontType2");
    HPDF_Dict info = pg_haru_dict(pdf);
    pg_haru_add_ascii(pdf, info, "Registry", "Adobe");
    pg_haru_add_ascii(pdf, info, "Ordering", "Identity");
    pg_haru_add_int(info, "Supplement", 0);
    pg_haru_add(e->cid, "CIDSystemInfo", info);
    pg_haru_add(e->cid, "FontDescriptor", e->descriptor);
    pg_haru_add_name(e->descriptor, "Type", "FontDescriptor");
    pf->n_fonts++;
    return e;
}

/* The text of a cluster as copied: bidi controls dropped, no-break spaces as spaces.
 * Returns its length in UTF-16 units. */
static int plain_text(uint16_t *out, const uint16_t *text, int len)
{
    int n = 0;
    for (int i = 0; i < len && n < MAX_MAP_UNITS; i++) {
        uint16_t c = text[i];
        if ((c >= 0x2066 && c <= 0x2069) || (c >= 0x202A && c <= 0x202E) || c == 0x200E ||
            c == 0x200F)
            continue;
        out[n++] = (c == 0x00A0 || c == 0x202F) ? 0x0020 : c;
    }
    /* A surrogate pair cut at the limit would map to half a character. */
    if (n == MAX_MAP_UNITS && out[n - 1] >= 0xD800 && out[n - 1] < 0xDC00)
        n--;
    return n;
}

static size_t slot_of(const embedded *e, uint32_t gid, int32_t advance, const uint16_t *text,
                      int len)
{
    uint32_t h = 2166136261u ^ gid;
    h = (h * 16777619u) ^ (uint32_t)advance;
    h *= 16777619u;
    for (int i = 0; i < len; i++)
        h = (h ^ text[i]) * 16777619u;
    size_t i = h & (e->n_slots - 1);
    while (e->slots[i]) {
        const code *c = &e->codes[e->slots[i] - 1];
        if (c->gid == gid && c->advance == advance && c->len == len &&
            !memcmp(c->text, text, sizeof *text * (size_t)len))
            break;
        i = (i + 1) & (e->n_slots - 1);
    }
    return i;
}

/* The slots made again, in a table twice the font's codes or more, at most half full. */
static void rehash(embedded *e)
{
    while (e->n_codes * 2 > e->n_slots)
        e->n_slots *= 2;
    free(e->slots);
    e->slots = calloc(e->n_slots, sizeof *e->slots);
    if (!e->slots)
        pg_oom();
    for (size_t k = 0; k < e->n_codes; k++)
        e->slots[slot_of(e, e->codes[k].gid, e->codes[k].advance, e->codes[k].text,
                         e->codes[k].len)] = (uint32_t)(k + 1);
}

/* The code that draws glyph gid standing for text, with the font's advance (advance
 * -1) or as a copy of the glyph advancing advance font units: allocated on first use.
 * When the font has no room left for another copy, the glyph's own code. Returns 0
 * when the font has run out of two-byte codes. */
static unsigned code_for(embedded *e, uint32_t gid, int32_t advance, const uint16_t *text, int len)
{
    size_t i = slot_of(e, gid, advance, text, len);
    if (e->slots[i])
        return e->slots[i];
    if (advance >= 0 && e->n_extended == e->room)
        return code_for(e, gid, -1, text, len);
    if (e->n_codes == MAX_CODES)
        return 0;
    if (e->n_codes == e->cap_codes) {
        size_t cap = e->cap_codes ? e->cap_codes * 2 : 256;
        code *nc = realloc(e->codes, sizeof *nc * cap);
        if (!nc)
            pg_oom();
        e->codes = nc;
        e->cap_codes = cap;
    }
    code *c = &e->codes[e->n_codes++];
    c->gid = gid;
    c->advance = advance;
    c->width = advance >= 0 ? (int)lround(advance * 1000.0 / e->upem) : glyph_width(e->font, gid);
    c->drawn = gid;
    if (advance >= 0)
        e->n_extended++;
    c->len = (uint16_t)len;
    memcpy(c->text, text, sizeof *text * (size_t)len);
    e->slots[i] = (uint32_t)e->n_codes;
    if (e->n_codes * 2 > e->n_slots)
        rehash(e);
    return (unsigned)e->n_codes;
}

/* Numbers in content streams: at most two decimals, no trailing zeros, no "-0". Written
 * from the hundredths as an integer: a page holds thousands of them, and printf's
 * locale-aware float formatting was a sixth of a batch's time. Returns the length. */
static size_t num(char *buf, size_t cap, double v)
{
    assert(cap >= 24);
    (void)cap;
    double hundredths = round(v * 100);
    if (!(fabs(hundredths) < 1e15)) /* not a page coordinate: out of the PDF's range */
        hundredths = 0;
    long long k = (long long)hundredths;
    char digits[24], *o = buf;
    if (k < 0) {
        *o++ = '-';
        k = -k;
    }
    int n = 0;
    long long whole = k / 100;
    do {
        digits[n++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (n)
        *o++ = digits[--n];
    int frac = (int)(k % 100);
    if (frac) {
        *o++ = '.';
        *o++ = (char)('0' + frac / 10);
        if (frac % 10)
            *o++ = (char)('0' + frac % 10);
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* Where a line's operators go before they join the page's content stream in one write:
 * a line is hundreds of small pieces. */
typedef struct sink {
    HPDF_Page page;
    size_t n;
    int flushed; /* some of the line went to the page before its end */
    char buf[8192];
} sink;

static void flush(sink *o)
{
    pg_haru_page_write(o->page, o->buf, o->n);
    o->n = 0;
    o->flushed = 1;
}

static void out(sink *o, const char *data, size_t len)
{
    if (o->n + len > sizeof o->buf)
        flush(o);
    if (len > sizeof o->buf) {
        pg_haru_page_write(o->page, data, len);
        return;
    }
    memcpy(o->buf + o->n, data, len);
    o->n += len;
}

/* Content-stream operators for the page being drawn: written piece by piece, without
 * printf (a batch draws every line of every packet). */
static void emit(sink *o, const char *s)
{
    out(o, s, strlen(s));
}

/* "a b c" followed by op: a colour operator's operands. */
static void emit3(sink *o, const char *a, const char *b, const char *c, const char *op)
{
    emit(o, a);
    emit(o, " ");
    emit(o, b);
    emit(o, " ");
    emit(o, c);
    emit(o, op);
}

static int use_on_page(embedded *e, HPDF_Page page)
{
    if (e->last_page == page)
        return 0;
    if (pg_haru_page_font(page, e->res_name, e->type0))
        return -1;
    e->last_page = page;
    return 0;
}

/* UTF-16 units as a hex string, "<0041...>"; out holds 4 * n + 3 bytes. */
static size_t hex16(char *out, const uint16_t *u, int n)
{
    static const char digits[] = "0123456789ABCDEF";
    char *o = out;
    *o++ = '<';
    for (int i = 0; i < n; i++)
        for (int shift = 12; shift >= 0; shift -= 4)
            *o++ = digits[(u[i] >> shift) & 0xF];
    *o++ = '>';
    *o = '\0';
    return (size_t)(o - out);
}

/* ---- drawing ----------------------------------------------------------------------- */

/* A text object being written: where the pen of its open TJ array stands. */
typedef struct pen {
    sink *page;
    double size;
    int open;    /* a TJ array is open */
    int in_hex;  /* a hex string of codes is open inside it */
    double x, y; /* the pen after the last glyph shown, in page coordinates */
} pen;

static void close_hex(pen *p)
{
    if (p->in_hex)
        out(p->page, ">", 1);
    p->in_hex = 0;
}

static void close_tj(pen *p)
{
    close_hex(p);
    if (p->open)
        emit(p->page, "] TJ\n");
    p->open = 0;
}

/* Shows code cid (of W width, in thousandths of an em) with its origin at x, y: inside
 * the open TJ array with a kerning number when on the same baseline, else from a new
 * text matrix. */
static void show(pen *p, int width, unsigned cid, double x, double y)
{
    char a[32], b[32];
    if (!p->open || fabs(y - p->y) > 0.001) {
        close_tj(p);
        num(a, sizeof a, x);
        num(b, sizeof b, y);
        emit(p->page, "1 0 0 1 ");
        emit3(p->page, a, b, "Tm", " [");
        p->open = 1;
        p->y = y;
    } else {
        double adjust = (p->x - x) * 1000.0 / p->size; /* TJ numbers move the pen left */
        if (fabs(adjust) > 0.01) {
            close_hex(p);
            out(p->page, a, num(a, sizeof a, adjust));
        }
    }
    /* Codes shown one after another share a string: <0041004200C3>. */
    static const char digits[] = "0123456789ABCDEF";
    char hex[5];
    size_t n = 0;
    if (!p->in_hex)
        hex[n++] = '<';
    p->in_hex = 1;
    for (int shift = 12; shift >= 0; shift -= 4)
        hex[n++] = digits[(cid >> shift) & 0xF];
    out(p->page, hex, n);
    p->x = x + width * p->size / 1000.0;
}

/* Readers take a glyph to reach from its origin to its origin plus its width in W, and a
 * gap from there to the next glyph for a space: MuPDF when it is wide enough, poppler
 * when it is over a tenth of an em, or at all where it has split the word because the
 * next glyph starts within a tenth of an em of the last one's origin (its test for
 * overprinted text). A mark placed by an offset over its base (a Devanagari vowel sign
 * with no advance, drawn a quarter em left of the pen; an anusvara a twentieth) ends
 * where it is drawn, short of the pen: "के यर" for "केयर". Such a glyph is drawn by a
 * copy of it the subset adds with the advance that reaches the pen (pg_font_subset),
 * so nothing separates it from the next glyph. Returns that advance in font units, or
 * -1 for a glyph that ends less than MIN_GAP short of the pen: it is drawn as it is. */
static int32_t reach(const embedded *e, const pg_glyph_run *run, const pg_glyph *g)
{
    if (!e->room || g->gid == 0 || g->gid >= e->n_glyphs)
        return -1;
    double to_pen = (g->advance - g->dx) * 1000.0 / run->size; /* thousandths of an em */
    if (to_pen - pg_font_glyph_width(e->font, g->gid) < MIN_GAP * 1000.0)
        return -1;
    double units = to_pen * e->upem / 1000.0;
    return units < 65536 ? (int32_t)lround(units) : -1; /* hmtx advances are 16-bit */
}

/* pdf.js takes a glyph whose text holds a nonspacing mark anywhere (the virama of a half
 * form "स्", the nukta of "ज़", a vowel sign) for a mark of no width: it does not move its
 * pen by the glyph's width, and where the next text matrix sets the pen it sees a gap (a
 * space: "स् वागत") or, the pen being ahead, starts a new item and loses text. So a glyph
 * that has a width keeps the characters before the first mark of its text, and the rest
 * goes to the cluster's next glyph when that has no width, else to a carrier drawn right
 * after it (carrier_x): a copy of the font's space with no advance, which draws nothing
 * and is 0 wide in W (carrier_for). pdf.js then moves by the glyph's width and by nothing
 * for the carrier; poppler and MuPDF read the two texts one after the other, no gap
 * between them. Returns the length of text's first part (len when none of
 * it is a mark). */
static int before_mark(const uint16_t *text, int len)
{
    for (int i = 0; i < len; i++) {
        uint32_t c = text[i];
        int pair = c >= 0xD800 && c < 0xDC00 && i + 1 < len && text[i + 1] >= 0xDC00 &&
                   text[i + 1] < 0xE000;
        if (pair)
            c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
        if (pg_unicode_nonspacing_mark(c))
            return i;
        i += pair;
    }
    return len;
}

/* The width in W of glyph g drawn with advance (reach), in thousandths of an em. */
static int drawn_width(const embedded *e, const pg_glyph *g, int32_t advance)
{
    return advance >= 0 ? (int)lround(advance * 1000.0 / e->upem) : glyph_width(e->font, g->gid);
}

/* The code of a carrier of text (see before_mark): the font's space drawn as a copy with
 * no advance. 0 when the font cannot have one: no space glyph without an outline, or no
 * room for the copy. */
static unsigned carrier_for(embedded *e, const uint16_t *text, int len)
{
    if (!e->blank)
        return 0;
    size_t i = slot_of(e, e->blank, 0, text, len);
    if (e->slots[i])
        return e->slots[i];
    if (e->n_extended == e->room)
        return 0;
    return code_for(e, e->blank, 0, text, len);
}

/* Where the carrier of glyph k of run goes, once the glyph is shown: at the pen, or where
 * the next glyph starts when that is left of the pen (a mark drawn back over the glyph,
 * a kerned pair). poppler splits a word where a character starts within a tenth of an em
 * of the last one, then puts the pieces of a line in order by where they start: a
 * carrier at the pen with a mark starting left of it would be read after the mark. */
static double carrier_x(const pen *p, const pg_glyph_run *run, const double *xs, int k)
{
    double x = p->x;
    if (k + 1 < run->n_glyphs && xs[k + 1] + run->glyphs[k + 1].dx < x)
        x = xs[k + 1] + run->glyphs[k + 1].dx;
    double origin = xs[k] + run->glyphs[k].dx;
    return x > origin ? x : origin;
}

/* Splits a cluster's text over its n_glyphs glyphs in the order they are shown: the
 * first glyph takes what is left over, every other glyph one character. starts[k] and
 * starts[k + 1] bound glyph k's share; a glyph past the last character gets none. */
static void share_text(int *starts, int n_glyphs, const uint16_t *text, int len)
{
    int cps[MAX_MAP_UNITS + 1], n_cps = 0;
    for (int i = 0; i < len; i++) {
        cps[n_cps++] = i;
        if (text[i] >= 0xD800 && text[i] < 0xDC00 && i + 1 < len)
            i++;
    }
    cps[n_cps] = len;
    int lead = n_cps - n_glyphs + 1; /* characters of the first glyph */
    if (lead < 1)
        lead = 1;
    starts[0] = 0;
    for (int k = 1; k <= n_glyphs; k++) {
        int c = lead + k - 1;
        starts[k] = cps[c < n_cps ? c : n_cps];
    }
}

/* A marked-content span whose text replaces its glyphs' in extraction (14.9.4); the
 * string is UTF-16BE with a byte order mark. */
static void write_actual_text(sink *page, const uint16_t *u, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    emit(page, "/Span <</ActualText <FEFF");
    char hex[4 * 64];
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; i < n && k < sizeof hex; i++)
            for (int shift = 12; shift >= 0; shift -= 4)
                hex[k++] = digits[(u[i] >> shift) & 0xF];
        out(page, hex, k);
    }
    emit(page, ">>> BDC\n");
}

/* Reverses n UTF-16 units by characters, keeping surrogate pairs in order. */
static void reverse_chars(uint16_t *out, const uint16_t *in, int n)
{
    for (int i = 0; i < n; i++) {
        int pair = in[i] >= 0xD800 && in[i] < 0xDC00 && i + 1 < n;
        if (pair) {
            out[n - 2 - i] = in[i];
            out[n - 1 - i] = in[i + 1];
            i++;
        } else {
            out[n - 1 - i] = in[i];
        }
    }
}

/* Draws one cluster: glyphs [i, j) of run, left to right, at their x; with no pen, only
 * gives its glyphs their codes. codes (two per glyph of run: its own and its carrier's or
 * 0, or NULL) keeps them: filled when there is no pen, used when there is. */
static int draw_cluster(pen *p, embedded *e, const pg_glyph_run *run, const pg_line *line, int i,
                        int j, const double *xs, double y, unsigned *codes)
{
    if (p && codes && codes[2 * i] && (j - i == 1 || run->rtl)) {
        /* Known codes, and no /ActualText to write (only a left-to-right cluster of
         * several glyphs may need one). */
        for (int k = i; k < j; k++) {
            const pg_glyph *g = &run->glyphs[k];
            show(p, e->codes[codes[2 * k] - 1].width, codes[2 * k], xs[k] + g->dx, y + g->dy);
            if (codes[2 * k + 1])
                show(p, 0, codes[2 * k + 1], carrier_x(p, run, xs, k), y + g->dy);
        }
        return 0;
    }
    /* The common case, one glyph for one character below the combining marks (Latin,
     * digits, punctuation): the code the general way below gives, without sharing out a
     * cluster's text or looking for marks (a batch reserves every glyph of every page). */
    const pg_glyph *g0 = &run->glyphs[i];
    uint16_t c0 = g0->text_len == 1 ? line->text[g0->text_start] : 0;
    if (j - i == 1 && c0 >= 0x20 && c0 < 0x300 && c0 != 0xA0) {
        unsigned c = code_for(e, g0->gid, reach(e, run, g0), &c0, 1);
        if (!c)
            return -1;
        if (codes && !p) {
            codes[2 * i] = c;
            codes[2 * i + 1] = 0;
        }
        if (p)
            show(p, e->codes[c - 1].width, c, xs[i] + g0->dx, y + g0->dy);
        return 0;
    }
    uint16_t text[MAX_MAP_UNITS];
    int len = 0;
    for (int k = i; k < j; k++) {
        const pg_glyph *g = &run->glyphs[k];
        if (g->text_len)
            len = plain_text(text, line->text + g->text_start, g->text_len);
    }
    /* Glyphs are shown left to right, as HarfBuzz gives them: a right-to-left cluster's
     * glyphs are in reverse reading order, and its text is shared out from the other
     * end. pdf.js and poppler turn such lines around; a reader that does not (MuPDF 1.21)
     * reads the line backwards whichever order is chosen for the others. */
    int n = j - i, backwards = run->rtl;
    int starts[MAX_MAP_UNITS + 2];
    if (n > MAX_MAP_UNITS)
        n = MAX_MAP_UNITS; /* more glyphs than characters: the rest get the last share */
    share_text(starts, n, text, len);
    /* More glyphs than characters (a vowel drawn in two pieces): some glyphs stand for
     * nothing; a zero-width joiner keeps every code mapped, and /ActualText gives the
     * readers that honour it the cluster's text exactly. */
    int short_of_text = p && j - i > 1 && starts[n - 1] == starts[n] && !run->rtl;
    if (short_of_text) {
        close_tj(p);
        write_actual_text(p->page, text, (size_t)len);
    }
    int passed = -1; /* where the next glyph's share starts instead: the marks left to it */
    for (int k = i; k < j; k++) {
        const pg_glyph *g = &run->glyphs[k];
        int s = k - i < n ? k - i : n - 1;
        if (backwards)
            s = n - 1 - s;
        static const uint16_t zwj = 0x200D;
        uint16_t reversed[MAX_MAP_UNITS];
        int from = passed >= 0 ? passed : starts[s];
        const uint16_t *share = text + from;
        int share_len = starts[s + 1] - from;
        passed = -1;
        if (share_len == 0) {
            share = &zwj;
            share_len = 1;
        } else if (backwards && share_len > 1) {
            /* Readers turn a right-to-left line around character by character, a
             * ligature's text too: lam-alef is stored as alef-lam. */
            reverse_chars(reversed, share, share_len);
            share = reversed;
        }
        int32_t advance = reach(e, run, g);
        int keep = share_len, cut = backwards ? share_len : before_mark(share, share_len);
        unsigned carrier = 0;
        if (cut > 0 && cut < share_len && drawn_width(e, g, advance) != 0) {
            /* The marks go to the cluster's next glyph when it has no width (an anusvara
             * after "रे"): a carrier would start where it starts, and poppler puts two
             * pieces of a line that start at one point in either order ("है।ं"). Else
             * a carrier takes them. */
            if (k + 1 < j && k - i + 1 < n && drawn_width(e, g + 1, reach(e, run, g + 1)) == 0)
                passed = from + cut;
            else
                carrier = carrier_for(e, share + cut, share_len - cut);
            if (carrier || passed >= 0)
                keep = cut;
        }
        unsigned c = code_for(e, g->gid, advance, share, keep);
        if (!c)
            return -1;
        if (codes && !p) {
            codes[2 * k] = c;
            codes[2 * k + 1] = carrier;
        }
        if (p) {
            show(p, e->codes[c - 1].width, c, xs[k] + g->dx, y + g->dy);
            if (carrier)
                show(p, 0, carrier, carrier_x(p, run, xs, k), y + g->dy);
        }
    }
    if (short_of_text) {
        close_tj(p);
        emit(p->page, "EMC\n");
    }
    return 0;
}

void pg_pdf_fonts_reserve_ascii(pg_pdf_fonts *pf)
{
    for (int i = 0; i < pf->n_fonts; i++) {
        embedded *e = &pf->fonts[i];
        int latin = 0;
        for (size_t k = 0; k < e->n_codes && !latin; k++) {
            uint16_t c = e->codes[k].text[0];
            latin = e->codes[k].len == 1 && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
        }
        for (uint16_t c = 0x21; latin && c <= 0x7E; c++) {
            uint32_t gid = pg_font_nominal_glyph(e->font, c);
            if (gid && !code_for(e, gid, -1, &c, 1))
                return; /* out of codes: drawing says so */
        }
    }
}

/* Where the codes of line's glyphs go: a new zeroed array of two per glyph (its code and
 * its carrier's), or NULL when the line was reserved already. */
static unsigned *new_line_codes(pg_pdf_fonts *pf, const pg_line *line)
{
    if (pg_memo_get(pf->line_codes, &line, sizeof line))
        return NULL;
    size_t n = 0;
    for (int r = 0; r < line->n_runs; r++)
        n += (size_t)line->runs[r].n_glyphs;
    unsigned *codes = pg_arena_alloc(pg_memo_arena(pf->line_codes), sizeof *codes * (2 * n + 1));
    pg_memo_put(pf->line_codes, &line, sizeof line, codes);
    return codes;
}

void pg_pdf_fonts_reserve(pg_pdf_fonts *pf, const pg_line *line)
{
    unsigned *codes = new_line_codes(pf, line);
    if (!codes)
        return;
    for (int r = 0; r < line->n_runs; r++) {
        const pg_glyph_run *run = &line->runs[r];
        embedded *e = font_for(pf, run->font);
        if (!e)
            return; /* drawing the line says so */
        for (int i = 0; i < run->n_glyphs;) {
            int j = i + 1;
            while (j < run->n_glyphs && run->glyphs[j].text_start == run->glyphs[i].text_start)
                j++;
            if (draw_cluster(NULL, e, run, line, i, j, NULL, 0, codes))
                return; /* out of codes: drawing the line says so */
            i = j;
        }
        codes += 2 * run->n_glyphs;
    }
}

/* ---- plans: the kept lines' codes, and their drawing, across documents ------------ */

/* Keys in the shared memo start with what they are. */
enum { PLAN_KEY = 1, DRAWN_KEY = 2 };

typedef struct planned_font {
    const pg_font *font;
    code *codes;
    size_t n_codes;
    unsigned n_extended;
} planned_font;

/* The fonts, in the order the document made them, and their codes after the kept lines. */
typedef struct plan {
    uint64_t serial; /* unique in the process: drawn lines are remembered under it */
    int n_fonts;
    planned_font *fonts;
} plan;

typedef struct drawn_key {
    uint64_t what, plan, kept;
    double x, y;
} drawn_key;

typedef struct drawn {
    size_t len;
    char bytes[];
} drawn;

/* The font's code table as the plan has it, in a font the document has just made. */
static void restore_font(embedded *e, const planned_font *pl)
{
    if (pl->n_codes > e->cap_codes) {
        code *nc = realloc(e->codes, sizeof *nc * pl->n_codes);
        if (!nc)
            pg_oom();
        e->codes = nc;
        e->cap_codes = pl->n_codes;
    }
    memcpy(e->codes, pl->codes, sizeof *e->codes * pl->n_codes);
    e->n_codes = pl->n_codes;
    e->n_extended = pl->n_extended;
    rehash(e);
}

static const plan *remember_plan(pg_pdf_fonts *pf, const uint64_t *key, size_t key_len)
{
    static uint64_t last_plan;
    pg_memo_trim(pf->shared);
    pg_arena *a = pg_memo_arena(pf->shared);
    plan *pl = PG_ARENA_NEW(a, plan);
    pl->serial = ++last_plan;
    pl->n_fonts = pf->n_fonts;
    pl->fonts = PG_ARENA_ARRAY(a, planned_font, pf->n_fonts + 1);
    for (int i = 0; i < pf->n_fonts; i++) {
        const embedded *e = &pf->fonts[i];
        planned_font *f = &pl->fonts[i];
        *f = (planned_font){e->font, PG_ARENA_ARRAY(a, code, e->n_codes + 1), e->n_codes,
                            e->n_extended};
        memcpy(f->codes, e->codes, sizeof *e->codes * e->n_codes);
    }
    pg_memo_put(pf->shared, key, key_len, pl);
    return pl;
}

/* The kept numbers of lines, each once, in order, after PLAN_KEY: n_out of them. */
static uint64_t *plan_key(size_t *n_out, const pg_line *const *lines, size_t n)
{
    uint64_t *key = malloc(sizeof *key * (n + 1));
    if (!key)
        pg_oom();
    pg_memo *seen = pg_memo_new(SIZE_MAX);
    size_t k = 0;
    key[k++] = PLAN_KEY;
    for (size_t i = 0; i < n; i++)
        if (!pg_memo_get(seen, &lines[i]->kept, sizeof lines[i]->kept)) {
            pg_memo_put(seen, &lines[i]->kept, sizeof lines[i]->kept, (void *)lines[i]);
            key[k++] = lines[i]->kept;
        }
    pg_memo_free(seen);
    *n_out = k;
    return key;
}

void pg_pdf_fonts_plan(pg_pdf_fonts *pf, const pg_line *const *lines, size_t n)
{
    if (!pf->shared) {
        for (size_t i = 0; i < n; i++)
            pg_pdf_fonts_reserve(pf, lines[i]);
        return;
    }
    size_t n_key;
    uint64_t *key = plan_key(&n_key, lines, n);
    const plan *pl = pg_memo_get(pf->shared, key, sizeof *key * n_key);
    if (pl) {
        for (int i = 0; i < pl->n_fonts; i++) {
            embedded *e = font_for(pf, pl->fonts[i].font);
            if (!e)
                break; /* drawing says so */
            restore_font(e, &pl->fonts[i]);
        }
    } else {
        for (size_t i = 0; i < n; i++)
            pg_pdf_fonts_reserve(pf, lines[i]);
        pl = remember_plan(pf, key, sizeof *key * n_key);
    }
    pf->plan = pl->serial;
    free(key);
}

/* A kept line drawn before at x, y under this document's plan: the same bytes again. */
static int draw_remembered(pg_pdf_fonts *pf, HPDF_Page page, const pg_line *line, const drawn *d,
                           pg_error *err)
{
    for (int r = 0; r < line->n_runs; r++) {
        embedded *e = font_for(pf, line->runs[r].font);
        if (!e || use_on_page(e, page))
            return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add font %s",
                                pg_font_postscript_name(line->runs[r].font));
    }
    pg_haru_page_write(page, d->bytes, d->len);
    return 0;
}

static void remember_drawn(pg_pdf_fonts *pf, const drawn_key *key, const char *bytes, size_t len)
{
    pg_memo_trim(pf->shared);
    drawn *d = pg_arena_alloc(pg_memo_arena(pf->shared), sizeof *d + len);
    d->len = len;
    memcpy(d->bytes, bytes, len);
    pg_memo_put(pf->shared, key, sizeof *key, d);
}

int pg_pdf_fonts_draw_line(pg_pdf_fonts *pf, HPDF_Page page, const pg_line *line, double x,
                           double y, pg_error *err)
{
    char a[32], b[32], c[32];
    double left = x;
    int rc = 0;
    double *xs = NULL;
    /* A kept line under a plan: its bytes depend on nothing else than where it stands. */
    drawn_key key = {DRAWN_KEY, pf->plan, line->kept, x, y};
    int keep = pf->shared && pf->plan && line->kept && !line->varies;
    const drawn *known = keep ? pg_memo_get(pf->shared, &key, sizeof key) : NULL;
    if (known)
        return draw_remembered(pf, page, line, known, err);
    unsigned *codes = pg_memo_get(pf->line_codes, &line, sizeof line);
    sink line_ops;
    sink *o = &line_ops;
    o->page = page;
    o->n = 0;
    o->flushed = 0;
    for (int r = 0; r < line->n_runs; r++) {
        const pg_glyph_run *run = &line->runs[r];
        embedded *e = font_for(pf, run->font);
        if (!e || use_on_page(e, page))
            PG_CHECK(pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add font %s",
                                  pg_font_postscript_name(run->font)));
        xs = realloc(xs, sizeof *xs * (size_t)(run->n_glyphs + 1));
        if (!xs)
            pg_oom();
        for (int i = 0; i < run->n_glyphs; i++) {
            if (run->glyphs[i].gid == 0 || run->glyphs[i].gid >= e->n_glyphs)
                PG_CHECK(pg_error_set(err, PG_EINTERNAL, line->pos.file, line->pos.line,
                                      line->pos.col, "font %s has no glyph for this text",
                                      pg_font_postscript_name(run->font)));
            xs[i] = left;
            left += run->glyphs[i].advance;
        }
        num(a, sizeof a, run->size);
        emit(o, "BT\n/");
        emit(o, e->res_name);
        emit(o, " ");
        emit(o, a);
        emit(o, " Tf\n");
        num(a, sizeof a, run->color.r);
        num(b, sizeof b, run->color.g);
        num(c, sizeof c, run->color.b);
        emit3(o, a, b, c, " rg\n");
        if (run->fake_bold) {
            /* Fill and stroke the outlines: a bold look for fonts with no bold face. */
            emit3(o, a, b, c, " RG\n");
            num(a, sizeof a, run->size * 0.035);
            emit(o, a);
            emit(o, " w 2 Tr\n");
        }
        pen p = {o, run->size, 0, 0, 0, 0};
        for (int i = 0; i < run->n_glyphs;) {
            int j = i + 1;
            while (j < run->n_glyphs && run->glyphs[j].text_start == run->glyphs[i].text_start)
                j++;
            if (draw_cluster(&p, e, run, line, i, j, xs, y, codes))
                PG_CHECK(pg_error_set(err, PG_EINPUT, line->pos.file, line->pos.line, line->pos.col,
                                      "more than %d different characters in font %s: split "
                                      "the document",
                                      MAX_CODES, pg_font_postscript_name(run->font)));
            i = j;
        }
        close_tj(&p);
        if (codes)
            codes += 2 * run->n_glyphs;
        if (run->fake_bold)
            emit(o, "0 Tr\n");
        emit(o, "ET\n");
    }
done:
    if (keep && !rc && !o->flushed)
        remember_drawn(pf, &key, o->buf, o->n);
    flush(o);
    free(xs);
    return rc;
}

/* ---- finishing: subsets, widths, code maps ---------------------------------------- */

static int by_gid(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The subset's tag (9.6.4): from its glyph set (gids, n distinct ones in order), the
 * copies of glyphs with other advances (n_copies, sorted here) and the font's name, so
 * the same glyph set gets the same tag in every document. */
static void subset_tag(char tag[7], const embedded *e, const uint32_t *gids, size_t n,
                       pg_glyph_copy *copies, size_t n_copies)
{
    uint32_t h = 2166136261u; /* FNV-1a over the distinct glyphs */
    for (size_t i = 0; i < n; i++) {
        h ^= gids[i];
        h *= 16777619u;
    }
    qsort(copies, n_copies, sizeof *copies, pg_glyph_copy_order);
    for (size_t i = 0; i < n_copies; i++) {
        if (i > 0 && !pg_glyph_copy_order(&copies[i], &copies[i - 1]))
            continue;
        h = (h ^ copies[i].gid) * 16777619u;
        h = (h ^ copies[i].advance) * 16777619u;
    }
    /* The font by its name, not the order fonts were opened in: a batch worker opens them
     * as its packets need them, and a packet must not depend on the ones before it. */
    for (const char *c = pg_font_postscript_name(e->font); *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
        if (h == 0)
            h = 2166136261u + (uint32_t)i;
    }
    tag[6] = '\0';
}

typedef struct cid_width {
    uint32_t cid, gid;
} cid_width;

static int by_cid(const void *a, const void *b)
{
    uint32_t x = ((const cid_width *)a)->cid, y = ((const cid_width *)b)->cid;
    return (x > y) - (x < y);
}

/* W is keyed by CID (9.7.4.3). A TrueType font's CIDs are its codes, which run from 1
 * without gaps: one entry holds every width. A CFF font's are its glyphs' CIDs: one
 * entry per glyph, in order. */
static pg_haru_array widths(HPDF_Doc pdf, const embedded *e)
{
    pg_haru_array w = pg_haru_array_new(pdf);
    if (!e->cff) {
        pg_haru_array_add_int(w, 1);
        pg_haru_array run = pg_haru_array_new(pdf);
        for (size_t k = 0; k < e->n_codes; k++)
            pg_haru_array_add_int(run, e->codes[k].width);
        pg_haru_array_add(w, run);
        return w;
    }
    cid_width *cw = malloc(sizeof *cw * (e->n_codes + 1));
    if (!cw)
        pg_oom();
    for (size_t k = 0; k < e->n_codes; k++)
        cw[k] = (cid_width){pg_font_cid(e->font, e->codes[k].gid), e->codes[k].gid};
    qsort(cw, e->n_codes, sizeof *cw, by_cid);
    for (size_t k = 0; k < e->n_codes; k++) {
        if (k > 0 && cw[k].cid == cw[k - 1].cid)
            continue;
        pg_haru_array_add_int(w, cw[k].cid);
        pg_haru_array one = pg_haru_array_new(pdf);
        pg_haru_array_add_int(one, glyph_width(e->font, cw[k].gid));
        pg_haru_array_add(w, one);
    }
    free(cw);
    return w;
}

static HPDF_Dict cid_to_gid(HPDF_Doc pdf, const embedded *e)
{
    HPDF_Dict st = pg_haru_stream(pdf);
    unsigned char *map = calloc(e->n_codes + 1, 2);
    if (!map)
        pg_oom();
    for (size_t k = 0; k < e->n_codes; k++) {
        map[2 * (k + 1)] = (unsigned char)(e->codes[k].drawn >> 8);
        map[2 * (k + 1) + 1] = (unsigned char)e->codes[k].drawn;
    }
    pg_haru_stream_write(st, map, 2 * (e->n_codes + 1));
    free(map);
    return st;
}

static void put(HPDF_Dict st, const char *s)
{
    pg_haru_stream_write(st, s, strlen(s));
}

/* A CFF font's encoding (9.7.5.3): an embedded CMap from each code to its glyph's CID,
 * which the subset keeps. */
static HPDF_Dict code_to_cid(HPDF_Doc pdf, const embedded *e, const char *name)
{
    HPDF_Dict st = pg_haru_stream(pdf);
    if (!st)
        return NULL;
    pg_haru_add_name(st, "Type", "CMap");
    pg_haru_add_name(st, "CMapName", name);
    HPDF_Dict info = pg_haru_dict(pdf);
    pg_haru_add_ascii(pdf, info, "Registry", "Adobe");
    pg_haru_add_ascii(pdf, info, "Ordering", "Identity");
    pg_haru_add_int(info, "Supplement", 0);
    pg_haru_add(st, "CIDSystemInfo", info);
    char line[200];
    put(st, "%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin\n"
            "12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering "
            "(Identity) /Supplement 0 >> def\n");
    snprintf(line, sizeof line, "/CMapName /%s def\n", name);
    put(st, line);
    put(st, "/CMapType 1 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < e->n_codes; i += 100) {
        size_t block = e->n_codes - i < 100 ? e->n_codes - i : 100;
        snprintf(line, sizeof line, "%zu begincidchar\n", block);
        put(st, line);
        for (size_t k = i; k < i + block; k++) {
            snprintf(line, sizeof line, "<%04X> %u\n", (unsigned)(k + 1),
                     (unsigned)pg_font_cid(e->font, e->codes[k].gid));
            put(st, line);
        }
        put(st, "endcidchar\n");
    }
    put(st, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return st;
}

static HPDF_Dict to_unicode(HPDF_Doc pdf, const embedded *e)
{
    HPDF_Dict st = pg_haru_stream(pdf);
    if (!st)
        return NULL;
    put(st, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
            ">> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* At most 100 entries per bfchar block (PDF 9.10.3 / Adobe TN 5411). */
    for (size_t i = 0; i < e->n_codes; i += 100) {
        size_t block = e->n_codes - i < 100 ? e->n_codes - i : 100;
        char head[32];
        snprintf(head, sizeof head, "%zu beginbfchar\n", block);
        put(st, head);
        for (size_t k = i; k < i + block; k++) {
            uint16_t c = (uint16_t)(k + 1);
            char hex[4 * (MAX_MAP_UNITS + 1) + 3];
            hex16(hex, &c, 1);
            put(st, hex);
            put(st, " ");
            hex16(hex, e->codes[k].text, e->codes[k].len);
            put(st, hex);
            put(st, "\n");
        }
        put(st, "endbfchar\n");
    }
    put(st, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    return st;
}

static int utf16_to_cps(uint32_t *out, const uint16_t *u, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00);
            i++;
        }
        out[k++] = c;
    }
    return k;
}

/* The distinct values of v[0..n) in increasing order, in place; returns how many. Glyph
 * ids and the code points of the Basic Multilingual Plane go through a bitmap (a
 * packet's fonts hold thousands of codes, and sorting them with qsort for the subset's
 * key and tag was 4 % of a batch); the few others through qsort. */
static size_t sort_unique(uint32_t *v, size_t n)
{
    enum { PLANE = 0x10000 };
    uint64_t *bits = calloc(PLANE / 64, sizeof *bits);
    uint32_t *high = malloc((n + 1) * sizeof *high);
    if (!bits || !high)
        pg_oom();
    size_t n_high = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] < PLANE)
            bits[v[i] >> 6] |= 1ull << (v[i] & 63);
        else
            high[n_high++] = v[i];
    for (size_t w = 0; w < PLANE / 64; w++)
        for (uint64_t b = bits[w]; b; b &= b - 1)
            v[k++] = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(b));
    qsort(high, n_high, sizeof *high, by_gid);
    for (size_t i = 0; i < n_high; i++)
        if (i == 0 || high[i] != high[i - 1])
            v[k++] = high[i];
    free(bits);
    free(high);
    return k;
}

static int finish_font(pg_pdf_fonts *pf, embedded *e, pg_error *err)
{
    HPDF_Doc pdf = pf->pdf;
    size_t n = e->n_codes;
    uint32_t *gids = calloc(n + 1, sizeof *gids);
    uint32_t *cps = calloc(n * MAX_MAP_UNITS + 1, sizeof *cps);
    pg_glyph_copy *copies = calloc(e->n_extended + 1, sizeof *copies);
    uint32_t *copy_gids = calloc(e->n_extended + 1, sizeof *copy_gids);
    if (!gids || !cps || !copies || !copy_gids)
        pg_oom();
    size_t n_cps = 0, n_copies = 0;
    for (size_t i = 0; i < n; i++) {
        gids[i] = e->codes[i].gid;
        n_cps += (size_t)utf16_to_cps(cps + n_cps, e->codes[i].text, e->codes[i].len);
        if (e->codes[i].advance >= 0)
            copies[n_copies++] = (pg_glyph_copy){e->codes[i].gid, (uint32_t)e->codes[i].advance};
    }
    size_t n_gids = sort_unique(gids, n);
    n_cps = sort_unique(cps, n_cps);
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = pg_font_subset(&data, &len, copy_gids, e->font, gids, n_gids, cps, n_cps, copies,
                            n_copies, err);
    for (size_t i = 0, c = 0; !rc && i < n; i++)
        if (e->codes[i].advance >= 0)
            e->codes[i].drawn = copy_gids[c++];
    char tag[7];
    subset_tag(tag, e, gids, n_gids, copies, n_copies);
    free(gids);
    free(cps);
    free(copies);
    free(copy_gids);
    if (rc)
        return rc;

    char name[128];
    snprintf(name, sizeof name, "%s+%s", tag, pg_font_postscript_name(e->font));
    pg_haru_add_name(e->type0, "BaseFont", name);
    pg_haru_add_name(e->cid, "BaseFont", name);
    pg_haru_add(e->cid, "W", widths(pdf, e));
    pg_haru_add_int(e->cid, "DW", 1000);
    if (e->cff) {
        char cmap[140];
        snprintf(cmap, sizeof cmap, "%s-%s", tag, "Codes");
        pg_haru_add(e->type0, "Encoding", code_to_cid(pdf, e, cmap));
    } else {
        pg_haru_add_name(e->type0, "Encoding", "Identity-H");
        pg_haru_add(e->cid, "CIDToGIDMap", cid_to_gid(pdf, e));
    }
    pg_haru_add(e->type0, "ToUnicode", to_unicode(pdf, e));

    pg_font_metrics m = pg_font_get_metrics(e->font);
    HPDF_Dict d = e->descriptor;
    pg_haru_add_name(d, "FontName", name);
    /* Flags (9.8.2): Symbolic (the glyphs are addressed by id), plus Italic. */
    pg_haru_add_int(d, "Flags", 4 | (m.italic ? 64 : 0));
    pg_haru_array bbox = pg_haru_array_new(pdf);
    for (int i = 0; i < 4; i++)
        pg_haru_array_add_int(bbox, lround(m.bbox[i] * 1000));
    pg_haru_add(d, "FontBBox", bbox);
    pg_haru_add_int(d, "ItalicAngle", (long)m.italic_angle);
    pg_haru_add_int(d, "Ascent", lround(m.ascender * 1000));
    pg_haru_add_int(d, "Descent", -lround(m.descender * 1000));
    pg_haru_add_int(d, "CapHeight", lround(m.cap_height * 1000));
    pg_haru_add_int(d, "StemV", m.bold ? 140 : 80);
    HPDF_Dict ff = pg_haru_stream(pdf);
    if (!ff) {
        free(data);
        return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot embed a font");
    }
    pg_haru_stream_write(ff, data, len);
    if (e->cff) {
        pg_haru_add_name(ff, "Subtype", "CIDFontType0C");
        pg_haru_add(d, "FontFile3", ff);
    } else {
        pg_haru_add_int(ff, "Length1", (long)len);
        pg_haru_add(d, "FontFile2", ff);
    }
    free(data);
    return 0;
}

int pg_pdf_fonts_finish(pg_pdf_fonts *pf, pg_error *err)
{
    int rc = 0;
    for (int i = 0; i < pf->n_fonts; i++)
        PG_CHECK(finish_font(pf, &pf->fonts[i], err));
done:
    return rc;
}
