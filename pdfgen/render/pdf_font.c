/* pdf_font.c — Type0 fonts (ISO 32000-1 9.7): a CIDFontType2 descendant with
 * CIDToGIDMap /Identity, so the 2-byte codes in the content stream are glyph ids; a
 * glyph-id-preserving TrueType subset as FontFile2; widths in W; and a ToUnicode CMap
 * (9.10.3) mapping each glyph to the characters of its cluster, so copying, search and
 * screen readers get the text back. Objects come from libharu's object layer. */
#include "render/pdf_font.h"
#include "render/pdf_objects.h"
#include "text/font.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MAP_UNITS 16

typedef struct mapping {
    uint32_t gid;
    uint16_t len;
    uint16_t text[MAX_MAP_UNITS];
} mapping;

typedef struct embedded {
    const pg_font *font;
    char res_name[16];
    HPDF_Dict type0, cid, descriptor;
    HPDF_Page last_page;
    mapping *maps; /* one per glyph used, in the order first drawn */
    size_t n_maps, cap_maps;
    uint32_t *seen; /* per glyph id: 1 + its index in maps, 0 when not used yet */
    unsigned n_glyphs;
} embedded;

struct pg_pdf_fonts {
    HPDF_Doc pdf;
    embedded *fonts;
    int n_fonts;
};

pg_pdf_fonts *pg_pdf_fonts_new(HPDF_Doc pdf)
{
    pg_pdf_fonts *pf = calloc(1, sizeof *pf);
    if (!pf)
        pg_oom();
    pf->pdf = pdf;
    return pf;
}

void pg_pdf_fonts_free(pg_pdf_fonts *pf)
{
    if (!pf)
        return;
    for (int i = 0; i < pf->n_fonts; i++) {
        free(pf->fonts[i].maps);
        free(pf->fonts[i].seen);
    }
    free(pf->fonts);
    free(pf);
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
    e->seen = calloc((size_t)e->n_glyphs + 1, sizeof *e->seen);
    if (!e->seen)
        pg_oom();
    snprintf(e->res_name, sizeof e->res_name, "PF%d", pf->n_fonts + 1);
    HPDF_Doc pdf = pf->pdf;
    e->type0 = pg_haru_indirect_dict(pdf);
    e->cid = pg_haru_indirect_dict(pdf);
    e->descriptor = pg_haru_indirect_dict(pdf);
    if (!e->type0 || !e->cid || !e->descriptor)
        return NULL;
    pg_haru_add_name(e->type0, "Type", "Font");
    pg_haru_add_name(e->type0, "Subtype", "Type0");
    pg_haru_add_name(e->type0, "Encoding", "Identity-H");
    pg_haru_array desc = pg_haru_array_new(pdf);
    pg_haru_array_add(desc, e->cid);
    pg_haru_add(e->type0, "DescendantFonts", desc);

    pg_haru_add_name(e->cid, "Type", "Font");
    pg_haru_add_name(e->cid, "Subtype", "CIDFontType2");
    HPDF_Dict info = pg_haru_dict(pdf);
    pg_haru_add_ascii(pdf, info, "Registry", "Adobe");
    pg_haru_add_ascii(pdf, info, "Ordering", "Identity");
    pg_haru_add_int(info, "Supplement", 0);
    pg_haru_add(e->cid, "CIDSystemInfo", info);
    pg_haru_add_name(e->cid, "CIDToGIDMap", "Identity");
    pg_haru_add(e->cid, "FontDescriptor", e->descriptor);
    pg_haru_add_name(e->descriptor, "Type", "FontDescriptor");
    pf->n_fonts++;
    return e;
}

static int glyph_width(const pg_font *f, uint32_t gid)
{
    return (int)lround(pg_font_glyph_width(f, gid));
}

/* The text a glyph stands for, as copied: bidi controls dropped, no-break spaces as
 * spaces. Returns its length in UTF-16 units. */
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
    return n;
}

/* Records the first text a glyph is drawn for: that is its ToUnicode entry. Returns the
 * glyph's mapping. */
static const mapping *note_glyph(embedded *e, const pg_glyph *g, const uint16_t *text)
{
    uint32_t gid = g->gid < e->n_glyphs ? g->gid : 0;
    if (e->seen[gid])
        return &e->maps[e->seen[gid] - 1];
    if (e->n_maps == e->cap_maps) {
        size_t cap = e->cap_maps ? e->cap_maps * 2 : 256;
        mapping *nm = realloc(e->maps, sizeof *nm * cap);
        if (!nm)
            pg_oom();
        e->maps = nm;
        e->cap_maps = cap;
    }
    mapping *m = &e->maps[e->n_maps++];
    m->gid = gid;
    m->len = (uint16_t)plain_text(m->text, text + g->text_start, g->text_len);
    e->seen[gid] = (uint32_t)e->n_maps;
    return m;
}

/* Numbers in content streams: at most two decimals, no trailing zeros, no "-0". */
static void num(char *buf, size_t cap, double v)
{
    double r = round(v * 100) / 100;
    if (r == 0)
        r = 0;
    snprintf(buf, cap, "%.2f", r);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
}

/* Content-stream operators for the page being drawn. */
static void emit(HPDF_Page page, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(HPDF_Page page, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert(n >= 0 && (size_t)n < sizeof buf);
    pg_haru_page_write(page, buf, (size_t)n);
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

/* Glyphs [i, j) of run that share one cluster (the same text). */
static int cluster_end(const pg_glyph_run *run, int i)
{
    int j = i + 1;
    while (j < run->n_glyphs && run->glyphs[j].text_start == run->glyphs[i].text_start)
        j++;
    return j;
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

/* A marked-content span whose text replaces its glyphs' in extraction (14.9.4); the
 * string is UTF-16BE with a byte order mark. */
static void write_actual_text(HPDF_Page page, const uint16_t *u, int n)
{
    uint16_t text[MAX_MAP_UNITS + 1] = {0xFEFF};
    memcpy(text + 1, u, sizeof *u * (size_t)n);
    char hex[4 * (MAX_MAP_UNITS + 1) + 3];
    hex16(hex, text, n + 1);
    emit(page, "/Span <</ActualText %s>> BDC\n", hex);
}

int pg_pdf_fonts_draw_line(pg_pdf_fonts *pf, HPDF_Page page, const pg_line *line, double x,
                           double y, pg_error *err)
{
    char a[32], b[32], c[32];
    double pen = x;
    for (int r = 0; r < line->n_runs; r++) {
        const pg_glyph_run *run = &line->runs[r];
        embedded *e = font_for(pf, run->font);
        if (!e || use_on_page(e, page))
            return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add font %s",
                                pg_font_postscript_name(run->font));
        num(a, sizeof a, run->size);
        emit(page, "BT\n/%s %s Tf\n", e->res_name, a);
        num(a, sizeof a, run->color.r);
        num(b, sizeof b, run->color.g);
        num(c, sizeof c, run->color.b);
        emit(page, "%s %s %s rg\n", a, b, c);
        if (run->fake_bold) {
            /* Fill and stroke the outlines: a bold look for fonts with no bold face. */
            emit(page, "%s %s %s RG\n", a, b, c);
            num(a, sizeof a, run->size * 0.035);
            emit(page, "%s w 2 Tr\n", a);
        }
        int open = 0, need_tm = 1;
        double pending = 0; /* TJ adjustment owed by the previous glyph */
        for (int i = 0; i < run->n_glyphs;) {
            int end = cluster_end(run, i);
            /* The cluster's text, and whether the glyphs' ToUnicode entries give it back.
             * When not (a conjunct drawn with several glyphs, a glyph first seen standing
             * for other text), the cluster carries its text as ActualText (14.9.4). */
            uint16_t want[MAX_MAP_UNITS], got[MAX_MAP_UNITS * 4];
            int n_want = 0, n_got = 0;
            for (int k = i; k < end; k++)
                if (run->glyphs[k].text_len)
                    n_want = plain_text(want, line->text + run->glyphs[k].text_start,
                                        run->glyphs[k].text_len);
            for (int k = i; k < end; k++) {
                const mapping *m = note_glyph(e, &run->glyphs[k], line->text);
                for (int t = 0; t < m->len && n_got < MAX_MAP_UNITS * 4; t++)
                    got[n_got++] = m->text[t];
            }
            int actual = end - i > 1 || n_got != n_want ||
                         memcmp(got, want, sizeof(uint16_t) * (size_t)n_want) != 0;
            if (actual) {
                if (open)
                    emit(page, "] TJ\n");
                open = 0;
                need_tm = 1;
                write_actual_text(page, want, n_want);
            }
            for (int k = i; k < end; k++) {
                const pg_glyph *g = &run->glyphs[k];
                int offset = fabsf(g->dx) > 0.001f || fabsf(g->dy) > 0.001f;
                if (offset || need_tm) {
                    if (open)
                        emit(page, "] TJ\n");
                    num(a, sizeof a, pen + g->dx);
                    num(b, sizeof b, y + g->dy);
                    emit(page, "1 0 0 1 %s %s Tm [", a, b);
                    open = 1;
                    need_tm = offset; /* after an offset glyph, start again at the pen */
                } else if (fabs(pending) > 0.01) {
                    num(a, sizeof a, pending);
                    emit(page, "%s", a);
                }
                emit(page, "<%04X>", (unsigned)g->gid);
                /* TJ moves by the font's width; shaping may want another advance. */
                pending = glyph_width(run->font, g->gid) - g->advance * 1000.0 / run->size;
                pen += g->advance;
            }
            if (actual) {
                emit(page, "] TJ\nEMC\n");
                open = 0;
                need_tm = 1;
            }
            i = end;
        }
        if (open)
            emit(page, "] TJ\n");
        if (run->fake_bold)
            emit(page, "0 Tr\n");
        emit(page, "ET\n");
    }
    return 0;
}

/* ---- finishing: subsets, widths, ToUnicode ----------------------------------------- */

static int by_gid(const void *pa, const void *pb)
{
    const mapping *a = pa, *b = pb;
    return a->gid < b->gid ? -1 : a->gid > b->gid;
}

static void subset_tag(char tag[7], const embedded *e)
{
    uint32_t h = 2166136261u; /* FNV-1a over the glyph ids: same glyphs, same tag */
    for (size_t i = 0; i < e->n_maps; i++) {
        h ^= e->maps[i].gid;
        h *= 16777619u;
    }
    h ^= (uint32_t)pg_font_id(e->font) * 2654435761u;
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
        if (h == 0)
            h = 2166136261u + (uint32_t)i;
    }
    tag[6] = '\0';
}

static pg_haru_array widths(HPDF_Doc pdf, const embedded *e)
{
    pg_haru_array w = pg_haru_array_new(pdf);
    for (size_t i = 0; i < e->n_maps;) {
        size_t j = i + 1;
        while (j < e->n_maps && e->maps[j].gid == e->maps[j - 1].gid + 1)
            j++;
        pg_haru_array_add_int(w, (long)e->maps[i].gid);
        pg_haru_array run = pg_haru_array_new(pdf);
        for (size_t k = i; k < j; k++)
            pg_haru_array_add_int(run, glyph_width(e->font, e->maps[k].gid));
        pg_haru_array_add(w, run);
        i = j;
    }
    return w;
}

static void put(HPDF_Dict st, const char *s)
{
    pg_haru_stream_write(st, s, strlen(s));
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
    size_t n_text = 0;
    for (size_t i = 0; i < e->n_maps; i++)
        n_text += e->maps[i].len > 0;
    /* At most 100 entries per bfchar block (PDF 9.10.3 / Adobe TN 5411). */
    size_t done = 0;
    for (size_t i = 0; i < e->n_maps;) {
        size_t block = n_text - done < 100 ? n_text - done : 100;
        if (block == 0)
            break;
        char head[32];
        snprintf(head, sizeof head, "%zu beginbfchar\n", block);
        put(st, head);
        for (size_t k = 0; k < block && i < e->n_maps; i++) {
            if (!e->maps[i].len)
                continue;
            uint16_t gid = (uint16_t)e->maps[i].gid;
            char hex[4 * (MAX_MAP_UNITS + 1) + 3];
            hex16(hex, &gid, 1);
            put(st, hex);
            put(st, " ");
            hex16(hex, e->maps[i].text, e->maps[i].len);
            put(st, hex);
            put(st, "\n");
            k++;
        }
        put(st, "endbfchar\n");
        done += block;
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

static int finish_font(pg_pdf_fonts *pf, embedded *e, pg_error *err)
{
    HPDF_Doc pdf = pf->pdf;
    /* Glyph ids in order, for the W array and the CMap. */
    qsort(e->maps, e->n_maps, sizeof *e->maps, by_gid);
    size_t n = e->n_maps;
    uint32_t *gids = malloc(sizeof *gids * (n + 1));
    uint32_t *cps = malloc(sizeof *cps * (n * MAX_MAP_UNITS + 1));
    if (!gids || !cps)
        pg_oom();
    size_t n_cps = 0;
    for (size_t i = 0; i < n; i++) {
        gids[i] = e->maps[i].gid;
        n_cps += (size_t)utf16_to_cps(cps + n_cps, e->maps[i].text, e->maps[i].len);
    }
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = pg_font_subset(&data, &len, e->font, gids, n, cps, n_cps, err);
    free(gids);
    free(cps);
    if (rc)
        return rc;

    char tag[7];
    subset_tag(tag, e);
    char name[128];
    snprintf(name, sizeof name, "%s+%s", tag, pg_font_postscript_name(e->font));
    pg_haru_add_name(e->type0, "BaseFont", name);
    pg_haru_add_name(e->cid, "BaseFont", name);
    pg_haru_add(e->cid, "W", widths(pdf, e));
    pg_haru_add_int(e->cid, "DW", 1000);
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
    pg_haru_add_int(ff, "Length1", (long)len);
    pg_haru_add(d, "FontFile2", ff);
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
