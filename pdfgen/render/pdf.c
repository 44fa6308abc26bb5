/* pdf.c — the PDF renderer (ISO 32000-1) through libharu's public API: libharu keeps the
 * document, pages, graphics, images, metadata and compression; text is drawn by pdf_font
 * as shaped glyph ids in Type0 fonts; every box inside the marked content pdf_tags gives
 * it; pdf_meta makes the file PDF/A-2u and PDF/UA-1. What the public API lacks goes
 * through pdf_objects. */
#include "core/atomic_file.h"
#include "core/bytes.h"
#include "render/pdf_font.h"
#include "render/pdf_meta.h"
#include "render/pdf_objects.h"
#include "render/pdf_tags.h"
#include "render/render.h"

#include <hpdf.h>

#include <stdlib.h>
#include <string.h>

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

typedef struct pdf_renderer {
    pg_renderer r;
    const char *path;    /* write here at end, or */
    unsigned char **out; /* keep the bytes here */
    size_t *out_len;
    HPDF_Doc pdf;
    haru_error he;
    pg_pdf_fonts *fonts;
    pg_pdf_tags *tags;
    pg_pdf_id id;
    const pg_doc_info *info;
    image_ref *images;
    int n_images;
    HPDF_Page page;
    int page_number;
    double page_h;
    pg_memo *memo;  /* compressed streams, kept across documents */
    pg_memo *drawn; /* plans and drawn lines, kept across documents, or NULL */
    int own_memo;
    int stream_varies;      /* the page's current content stream holds a patient's values */
    pg_bytes varying;       /* every such stream of the document (HPDF_Dict) */
    pg_haru_array contents; /* the page's content streams once it has more than one */
} pdf_renderer;

/* The first error libharu reported, if any: recorded through the handler, or left in
 * the document by its object layer. */
static int check_haru(const pdf_renderer *R, const char *when, pg_error *err)
{
    HPDF_STATUS code = R->he.code ? R->he.code : HPDF_GetError(R->pdf);
    if (!code)
        return 0;
    return pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library error 0x%04X (detail %u) %s",
                        (unsigned)code,
                        (unsigned)(R->he.code ? R->he.detail : HPDF_GetErrorDetail(R->pdf)), when);
}

static void set_color(HPDF_Page page, pg_color c, int stroke)
{
    if (stroke)
        HPDF_Page_SetRGBStroke(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    else
        HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void draw_shape(pdf_renderer *R, const pg_box *b)
{
    HPDF_Page page = R->page;
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

static void draw_rule(pdf_renderer *R, const pg_box *b)
{
    HPDF_Page page = R->page;
    set_color(page, b->stroke, 1);
    HPDF_Page_SetLineWidth(page, (HPDF_REAL)b->stroke_width);
    HPDF_Page_MoveTo(page, (HPDF_REAL)b->x, (HPDF_REAL)(R->page_h - b->y));
    HPDF_Page_LineTo(page, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)(R->page_h - b->y));
    HPDF_Page_Stroke(page);
}

/* An image is embedded once per document however often it is drawn. */
static int draw_image(pdf_renderer *R, const pg_box *b, pg_error *err)
{
    HPDF_Image obj = NULL;
    for (int i = 0; i < R->n_images && !obj; i++)
        if (R->images[i].img == b->image)
            obj = R->images[i].obj;
    if (!obj) {
        obj = HPDF_LoadRawImageFromMem(R->pdf, b->image->rgb, (HPDF_UINT)b->image->width,
                                       (HPDF_UINT)b->image->height, HPDF_CS_DEVICE_RGB, 8);
        if (!obj)
            return pg_error_set(err, PG_EINTERNAL, b->pos.file, b->pos.line, b->pos.col,
                                "PDF library cannot embed image %s", b->image->path);
        image_ref *ni = realloc(R->images, sizeof *ni * (size_t)(R->n_images + 1));
        if (!ni)
            pg_oom();
        R->images = ni;
        R->images[R->n_images++] = (image_ref){b->image, obj};
    }
    HPDF_Page_DrawImage(R->page, obj, (HPDF_REAL)b->x, (HPDF_REAL)(R->page_h - b->y - b->h),
                        (HPDF_REAL)b->w, (HPDF_REAL)b->h);
    return 0;
}

/* An outline entry at page (12.3.3); its title as a UTF-16 text string. */
static void add_bookmark(HPDF_Doc pdf, HPDF_Page page, const char *title)
{
    HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, "-", NULL);
    if (!o)
        return;
    pg_haru_add_text(pdf, o, "Title", title);
    HPDF_Destination dst = HPDF_Page_CreateDestination(page);
    if (dst)
        HPDF_Outline_SetDestination(o, dst);
    HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}

static int pdf_begin(pg_renderer *r, const pg_doc_info *info, pg_error *err)
{
    pdf_renderer *R = (pdf_renderer *)r;
    (void)err;
    R->info = info;
    R->pdf = HPDF_New(on_haru_error, &R->he);
    if (!R->pdf)
        pg_oom();
    HPDF_SetCompressionMode(R->pdf, HPDF_COMP_ALL);
    R->fonts = pg_pdf_fonts_new(R->pdf, R->drawn);
    R->tags = pg_pdf_tags_new(R->pdf, info->lang);
    pg_pdf_id_init(&R->id);
    return 0;
}

/* The fonts' codes before any page: first for every line the text stage kept (the same
 * for every patient), then for the other lines without a patient's value and for ASCII in
 * the fonts that set Latin text, then for the lines that hold a patient's values. */
static void pdf_plan(pg_renderer *r, const pg_doc_part *parts, int n_parts)
{
    pdf_renderer *R = (pdf_renderer *)r;
    enum { KEPT, OTHER, VALUES };
    pg_bytes lines[3] = {{0}}; /* the document's lines of each kind, in order */
    for (int i = 0; i < n_parts; i++)
        for (int p = 0; p < parts[i].pages->n_pages; p++) {
            const pg_page *page = &parts[i].pages->pages[p];
            for (int b = 0; b < page->n_boxes; b++) {
                const pg_line *line = page->boxes[b].line;
                if (page->boxes[b].kind == PG_BOX_LINE && line)
                    pg_bytes_add(&lines[line->varies ? VALUES
                                        : line->kept ? KEPT
                                                     : OTHER],
                                 &line, sizeof line);
            }
        }
    const pg_line **kept = (const pg_line **)lines[KEPT].data;
    pg_pdf_fonts_plan(R->fonts, kept, lines[KEPT].len / sizeof *kept);
    for (int kind = OTHER; kind <= VALUES; kind++) {
        if (kind == VALUES)
            pg_pdf_fonts_reserve_ascii(R->fonts);
        const pg_line **l = (const pg_line **)lines[kind].data;
        for (size_t k = 0; k < lines[kind].len / sizeof *l; k++)
            pg_pdf_fonts_reserve(R->fonts, l[k]);
    }
    for (int kind = KEPT; kind <= VALUES; kind++)
        pg_bytes_free(&lines[kind]);
}

/* The page before is finished: report what libharu found wrong on it. */
static int end_page(pdf_renderer *R, pg_error *err)
{
    if (!R->page)
        return 0;
    char when[32];
    snprintf(when, sizeof when, "on page %d", R->page_number);
    return check_haru(R, when, err);
}

static int pdf_page(pg_renderer *r, const pg_page_ref *ref, pg_error *err)
{
    pdf_renderer *R = (pdf_renderer *)r;
    int rc = 0;
    PG_CHECK(end_page(R, err));
    R->page = HPDF_AddPage(R->pdf);
    if (!R->page)
        PG_CHECK(pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot add a page"));
    R->page_number = ref->number;
    R->page_h = ref->pages->height;
    R->stream_varies = 0;
    R->contents = NULL;
    HPDF_Page_SetWidth(R->page, (HPDF_REAL)ref->pages->width);
    HPDF_Page_SetHeight(R->page, (HPDF_REAL)ref->pages->height);
    pg_pdf_tags_page(R->tags, R->page, ref->pages->height);
    pg_pdf_id_add(&R->id, &ref->number, sizeof ref->number);
    /* libharu writes an empty content stream as zero bytes marked FlateDecode, which
     * readers reject as a truncated stream: a blank page gets a no-op instead. */
    if (ref->index < 0 || ref->pages->pages[ref->index].n_boxes == 0) {
        HPDF_Page_GSave(R->page);
        HPDF_Page_GRestore(R->page);
    }
    if (ref->bookmark)
        add_bookmark(R->pdf, R->page, ref->bookmark);
done:
    return rc;
}

/* The file identifier depends on what is drawn and where, nothing else. */
static void add_to_id(pg_pdf_id *id, const pg_box *b)
{
    double geometry[4] = {b->x, b->y, b->w, b->h};
    pg_pdf_id_add(id, &b->kind, sizeof b->kind);
    pg_pdf_id_add(id, geometry, sizeof geometry);
    if (b->line && b->line->utf8)
        pg_pdf_id_add(id, b->line->utf8, strlen(b->line->utf8));
    if (b->image)
        pg_pdf_id_add(id, b->image->rgb, (size_t)b->image->width * 3);
}

static int draw_box(pdf_renderer *R, const pg_box *b, pg_error *err)
{
    switch (b->kind) {
    case PG_BOX_RECT:
    case PG_BOX_CIRCLE:
        draw_shape(R, b);
        return 0;
    case PG_BOX_RULE:
        draw_rule(R, b);
        return 0;
    case PG_BOX_IMAGE:
        return draw_image(R, b, err);
    case PG_BOX_LINE:
        return pg_pdf_fonts_draw_line(R->fonts, R->page, b->line, b->x, R->page_h - b->y, err);
    }
    return 0;
}

/* Every box is drawn inside its own marked-content sequence: tagged, or an artifact. A
 * line with a patient's values gets content streams of its own, so the page's other
 * streams are the same bytes for every patient (a print file keeps one copy of them). */
static int pdf_box(pg_renderer *r, const pg_box *b, pg_error *err)
{
    pdf_renderer *R = (pdf_renderer *)r;
    int varies = b->kind == PG_BOX_LINE && b->line && b->line->varies;
    if (varies != R->stream_varies) {
        R->contents = pg_haru_page_cut(R->pdf, R->page, R->contents);
        R->stream_varies = varies;
        if (varies) {
            HPDF_Dict stream = pg_haru_page_stream(R->page);
            pg_bytes_add(&R->varying, &stream, sizeof stream);
        }
    }
    add_to_id(&R->id, b);
    pg_pdf_tags_open(R->tags, b);
    int rc = draw_box(R, b, err);
    pg_pdf_tags_close(R->tags);
    return rc;
}

static int pdf_end(pg_renderer *r, pg_error *err)
{
    pdf_renderer *R = (pdf_renderer *)r;
    int rc = 0;
    unsigned char *bytes = NULL;
    size_t len = 0;
    PG_CHECK(end_page(R, err));
    PG_CHECK(pg_pdf_fonts_finish(R->fonts, err));
    PG_CHECK(pg_pdf_tags_finish(R->tags, err));
    pg_pdf_meta_write(R->pdf, R->info, &R->id);
    pg_haru_deflate_streams(R->pdf, R->memo, (const HPDF_Dict *)R->varying.data,
                            R->varying.len / sizeof(HPDF_Dict));
    if (pg_haru_save(R->pdf, &bytes, &len)) {
        rc = check_haru(R, "while writing", err);
        if (!rc)
            rc = pg_error_set(err, PG_EINTERNAL, NULL, 0, 0, "PDF library: cannot save");
        goto done;
    }
    PG_CHECK(check_haru(R, "while writing", err));
    if (R->out) {
        *R->out = bytes;
        *R->out_len = len;
        bytes = NULL;
    } else {
        pg_atomic_file af;
        PG_CHECK(pg_atomic_open(&af, R->path, err));
        if (fwrite(bytes, 1, len, af.f) != len) {
            pg_atomic_abort(&af);
            rc = pg_error_set(err, PG_EIO, R->path, 0, 0, "write failed");
            goto done;
        }
        PG_CHECK(pg_atomic_commit(&af, err));
    }
done:
    free(bytes);
    return rc;
}

static void pdf_free(pg_renderer *r)
{
    pdf_renderer *R = (pdf_renderer *)r;
    pg_pdf_fonts_free(R->fonts);
    pg_pdf_tags_free(R->tags);
    free(R->images);
    pg_bytes_free(&R->varying);
    if (R->pdf)
        HPDF_Free(R->pdf);
    if (R->own_memo)
        pg_memo_free(R->memo);
    free(R);
}

/* One document's streams: a memo that never needs to forget. */
#define OWN_MEMO_BUDGET ((size_t)-1)

static pdf_renderer *pdf_new(pg_render_memos memos)
{
    pdf_renderer *R = calloc(1, sizeof *R);
    if (!R)
        pg_oom();
    R->r = (pg_renderer){pdf_begin, pdf_plan, pdf_page, pdf_box, pdf_end, pdf_free};
    R->own_memo = !memos.streams;
    R->memo = memos.streams ? memos.streams : pg_memo_new(OWN_MEMO_BUDGET);
    R->drawn = memos.drawn;
    return R;
}

pg_renderer *pg_render_pdf_new(const char *path, pg_render_memos memos)
{
    pdf_renderer *R = pdf_new(memos);
    R->path = path;
    return &R->r;
}

pg_renderer *pg_render_pdf_new_bytes(unsigned char **out, size_t *out_len, pg_render_memos memos)
{
    pdf_renderer *R = pdf_new(memos);
    R->out = out;
    R->out_len = out_len;
    return &R->r;
}
