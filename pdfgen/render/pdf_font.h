/* pdf_font.h — shaped glyphs into a libharu document: one embedded Type0 font per font
 * used, drawn with TJ in each page's content stream. Private to the PDF renderer. */
#ifndef PG_PDF_FONT_H
#define PG_PDF_FONT_H

#include "core/error.h"
#include "core/memo.h"
#include "model/lines.h"

#include <hpdf.h>

typedef struct pg_pdf_fonts pg_pdf_fonts;

/** The fonts of one document; free with pg_pdf_fonts_free after saving. shared (or NULL)
 * keeps plans and drawn lines for the documents after it (pg_pdf_fonts_plan). */
pg_pdf_fonts *pg_pdf_fonts_new(HPDF_Doc pdf, pg_memo *shared);

/** Reserves (pg_pdf_fonts_reserve) the lines the text stage kept (pg_line.kept: the same
 * for every patient), in order, before any other: the codes they get depend on them
 * alone. With a shared memo, those codes are taken from the document before that had the
 * same kept lines, and a kept line drawn again where it was drawn under them is the
 * bytes it was then. */
void pg_pdf_fonts_plan(pg_pdf_fonts *pf, const pg_line *const *lines, size_t n);

/** Gives the glyphs of line their codes now, in the font and code order drawing it
 * would. Reserving every line that is the same for every patient before the first page
 * keeps their codes, and with them the pages that show only such lines, the same bytes
 * from patient to patient. */
void pg_pdf_fonts_reserve(pg_pdf_fonts *pf, const pg_line *line);

/** Gives every printable ASCII character a code in each font that draws a Latin letter
 * already: a name in the same fonts then adds no glyph and no code, so the fonts, their
 * widths and maps are the same bytes from patient to patient. Call after reserving the
 * lines every patient shares and before those with a patient's values. */
void pg_pdf_fonts_reserve_ascii(pg_pdf_fonts *pf);

/** Draws line with its left end at x and its baseline at y (PDF coordinates). */
int pg_pdf_fonts_draw_line(pg_pdf_fonts *pf, HPDF_Page page, const pg_line *line, double x,
                           double y, pg_error *err);

/** Subsets and embeds every font used and writes the W arrays and ToUnicode CMaps; call
 * once, after the last page and before saving. */
int pg_pdf_fonts_finish(pg_pdf_fonts *pf, pg_error *err);

void pg_pdf_fonts_free(pg_pdf_fonts *pf);

#endif
