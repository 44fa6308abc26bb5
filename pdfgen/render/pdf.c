/* render_pdf.c — laid-out pages to PDF through libharu (ISO 32000-1). libharu keeps the
 * document, pages, graphics, images, metadata and compression; text is drawn here as
 * shaped glyph ids: each font becomes one Type0/CIDFontType2 font per document with
 * Identity-H encoding (CID = glyph id), a TrueType subset (FontFile2), a W array and a
 * ToUnicode CMap (9.10.3), built with libharu's object API. */
#include "render/render.h"
#include "core/atomic_file.h"
#include "render/pdf_font.h"
#include "text/unicode.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct haru_error {
    HPDF_STATUS code, detail;
} haru_error;

/* libharu calls this on every error; the first is kept and checked after each page. */
static void on_haru_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
    haru_error *he = data;
    if (!he->code) {
        he->code = code;
        he->detail = detail;
    }
}

typedef struct image_ref {
    const pg_image *img;
    HPDF_Image obj;
} image_ref;

typedef struct renderer {
    HPDF_Doc pdf;
    haru_error he;
    pg_pdf_fonts *fonts;
    image_ref *images;
    int n_images;
    double page_h;
} renderer;

static void set_color(HPDF_Page page, pg_color c, int stroke)
{
    if (stroke)
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    else
        HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void draw_shape(renderer *R, HPDF_Page page, const pg_box *b)
{
    int fill = b->fill.set, stroke = b->stroke.set && b->stroke_width > 0;
    if (!fill && !stroke)
        return;
    if (fill)
        set_color(page, b->fill, 0);
    if (stroke) {
        set_color(page, b->stroke, 1);
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->stroke_width);
    }
    double y = R->page_h - b->y - b->h;
    if (b->kind == PG_BOX_CIRCLE)
        HPDF_Page_Circle(page, (HPDF_REAL)(b->x + b->w / 2), (HPDF_REAL)(y + b->h / 2),
                         (HPDF_REAL)(b->w / 2));
    else
        HPDF_Page_Rectangle(page, (HPDF_REAL)b->x, (HPDF_REAL)y, (HPDF_REAL)b->w, (HPDF_REAL)b->h);
    if (fill && stroke)
        HPDF_Page_FillStroke(page);
    else if (fill)
        HPDF_Page_Fill(page);
    else
        HPDF_Page_Stroke(page);
}

static void draw_rule(renderer *R, HPDF_Page page, const pg_box *b)
{
    set_color(page, b->stroke, 1);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->stroke_width);
    HPDF_Page_MoveTo(page, (HPDF_REAL)b->x, (HPDF_REAL)(R->page_h - b->y));
    HPDF_Page_LineTo(page, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(R->page_h - b->y));
    HPDF_Page_Stroke(page);
}

static void draw_image(renderer *R, HPDF_Page page, const pg_box *b)
{
    HPDF_Image obj = NULL;
    for (int i = 0; i < R->n_images; i++)
        if (R->images[i].img == b->image)
            obj = R->images[i].obj;
    if (!obj) {
        obj = HPDF_LoadRawImageFromMem(R->pdf, b->image->rgb, (HPDF_UINT)b->image->width,
                                       (HPDF_UINT)b->image->height, HPDF_CS_DEVICE_RGB, 8);
        if (!obj)
            return;
        image_ref *ni = realloc(R->images, sizeof *ni * (size_t)(R->n_images + 1));
        if (!ni)
            pg_oom();
        R->images = ni;
        R->images[R->n_images++] = (image_ref){b->image, obj};
    }
    HPDF_Page_DrawImage(page, obj, (HPDF_REAL)b->x, (HPDF_REAL)(R->page_h - b->y - b->h),
                        (HPDF_REAL)b->w, (HPDF_REAL)b->h);
}

static int draw_page(renderer *R, const pg_page *pg, double w, double h, pg_error *err)
{
    HPDF_Page page = HPDF_AddPage(R->pdf);
    if (!page)
        return pg_error_set(err, PG_EINPUT, NULL, 0, 0, "PDF library: cannot add a page");
    HPDF_Page_SetWidth(page, (HPDF_REAL)w);
    HPDF_Page_SetHeight(page, (HPDF_REAL)h);
    /* libharu writes an empty content stream as zero bytes marked FlateDecode, which
     * readers reject as a truncated stream: a blank page gets a no-op instead. */
    if (pg->n_boxes == 0) {
        HPDF_Page_GSave(page);
        HPDF_Page_GRestore(page);
    }
    for (int i = 0; i < pg->n_boxes; i++) {
        const pg_box *b = &pg->boxes[i];
        switch (b->kind) {
        case PG_BOX_RECT:
        case PG_BOX_CIRCLE:
            draw_shape(R, page, b);
            break;
        case PG_BOX_RULE:
            draw_rule(R, page, b);
            break;
        case PG_BOX_IMAGE:
            draw_image(R, page, b);
            break;
        case PG_BOX_LINE: {
            int rc = pg_pdf_fonts_draw_line(R->fonts, page, b->line, b->x, h - b->y, err);
            if (rc)
                return rc;
            break;
        }
        }
    }
    return 0;
}

/* A PDF text string: UTF-16BE with a byte order mark, so any script works in the
 * document information dictionary and in bookmarks. */
static void add_text_string(HPDF_Doc pdf, HPDF_Dict dict, const char *key, const char *utf8)
{
    if (!utf8 || !*utf8)
        return;
    pg_arena *a = pg_arena_new();
    size_t n = 0;
    unsigned char *buf = pg_unicode_utf16be(utf8, &n, a);
    HPDF_Dict_Add(dict, key, HPDF_Binary_New(pdf->mmgr, buf, (HPDF_UINT)n));
    pg_arena_free(a);
}

static void set_metadata(HPDF_Doc pdf, const pg_doc_info *info)
{
    /* libharu makes the info dictionary on first use. */
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "pdfgen " PG_VERSION);
    HPDF_Dict meta = pdf->info;
    add_text_string(pdf, meta, "Title", info->title);
    add_text_string(pdf, meta, "Subject", info->subject);
    add_text_string(pdf, meta, "Author", info->author);
    add_text_string(pdf, meta, "Keywords", info->keywords);
    time_t t = (time_t)info->date;
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                   tm.tm_sec,         'Z',           0,          0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
    if (info->lang && *info->lang)
        HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, info->lang, NULL));
    /* Readers open at the title, showing the document title rather than the file name. */
    HPDF_Dict vp = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE);
    HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
}

static int check_haru(const renderer *R, int page, pg_error *err)
{
    if (!R->he.code)
        return 0;
    return pg_error_set(err, PG_EINPUT, NULL, 0, 0,
                        "PDF library error 0x%04X (detail %u) on page %d", (unsigned)R->he.code,
                        (unsigned)R->he.detail, page);
}

/* An outline entry at page (12.3.3); its title as a UTF-16 text string. */
static void add_bookmark(HPDF_Doc pdf, HPDF_Page page, const char *title)
{
    HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, "-", NULL);
    if (!o)
        return;
    add_text_string(pdf, o, "Title", title);
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (dst)
        HPDF_Outline_SetDestination(o, dst);
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

/* Draws the parts; *n_pages gets the pages drawn, blanks included. */
static int draw_parts(int *n_pages, renderer *R, const pg_doc_part *parts, int n_parts, int recto,
                      pg_error *err)
{
    int n = 0, rc = 0;
    for (int i = 0; i < n_parts && !rc; i++) {
        const pg_pages *pp = parts[i].pages;
        R->page_h = pp->height;
        /* Duplex: a part after an odd page count starts on the next sheet's front. */
        if (recto && n % 2) {
            pg_page blank = {0};
            rc = draw_page(R, &blank, pp->width, pp->height, err);
            if (!rc)
                rc = check_haru(R, ++n, err);
        }
        for (int p = 0; p < pp->n_pages && !rc; p++) {
            rc = draw_page(R, &pp->pages[p], pp->width, pp->height, err);
            if (!rc)
                rc = check_haru(R, ++n, err);
            if (!rc && p == 0 && parts[i].bookmark)
                add_bookmark(R->pdf, HPDF_GetCurrentPage(R->pdf), parts[i].bookmark);
        }
    }
    *n_pages = n;
    return rc;
}

static int render_bytes(unsigned char **out, size_t *out_len, int *n_pages,
                        const pg_doc_part *parts, int n_parts, const pg_doc_info *info,
                        pg_error *err)
{
    renderer R = {0};
    int rc = 0;
    R.pdf = HPDF_New(on_haru_error, &R.he);
    if (!R.pdf)
        pg_oom();
    HPDF_SetCompressionMode(R.pdf, HPDF_COMP_ALL);
    R.fonts = pg_pdf_fonts_new(R.pdf);
    rc = draw_parts(n_pages, &R, parts, n_parts, info->recto, err);
    if (!rc)
        rc = pg_pdf_fonts_finish(R.fonts, err);
    if (!rc) {
        set_metadata(R.pdf, info);
        if (HPDF_SaveToStream(R.pdf) != HPDF_OK || R.he.code) {
            rc = pg_error_set(err, PG_EINPUT, NULL, 0, 0,
                              "PDF library error 0x%04X (detail %u) while writing",
                              (unsigned)R.he.code, (unsigned)R.he.detail);
        } else {
            HPDF_UINT32 size = HPDF_GetStreamSize(R.pdf);
            *out = malloc(size ? size : 1);
            if (!*out)
                pg_oom();
            HPDF_UINT32 got = size;
            HPDF_ResetStream(R.pdf);
            HPDF_STATUS st = HPDF_ReadFromStream(R.pdf, *out, &got);
            if ((st != HPDF_OK && st != HPDF_STREAM_EOF) || got != size) {
                free(*out);
                *out = NULL;
                rc = pg_error_set(err, PG_EINPUT, NULL, 0, 0,
                                  "PDF library: cannot read back the document");
            } else {
                *out_len = size;
            }
        }
    }
    pg_pdf_fonts_free(R.fonts);
    free(R.images);
    HPDF_Free(R.pdf);
    return rc;
}

int pg_render_pdf_bytes(unsigned char **out, size_t *out_len, const pg_doc_part *parts, int n_parts,
                        const pg_doc_info *info, pg_error *err)
{
    int n_pages;
    return render_bytes(out, out_len, &n_pages, parts, n_parts, info, err);
}

int pg_render_pdf(int *n_pages, const pg_doc_part *parts, int n_parts, const pg_doc_info *info,
                  const char *path, pg_error *err)
{
    unsigned char *bytes = NULL;
    size_t len = 0;
    int rc = render_bytes(&bytes, &len, n_pages, parts, n_parts, info, err);
    if (rc)
        return rc;
    pg_atomic_file af;
    if (!(rc = pg_atomic_open(&af, path, err))) {
        fwrite(bytes, 1, len, af.f);
        rc = pg_atomic_commit(&af, err);
    }
    free(bytes);
    return rc;
}
