/* pdf_font.h — shaped glyphs into a libharu document: one embedded Type0 font per font
 * used, drawn with TJ in each page's content stream. Private to the PDF renderer. */
#ifndef PG_PDF_FONT_H
#define PG_PDF_FONT_H

#include "core/error.h"
#include "model/lines.h"

#include <hpdf.h>

typedef struct pg_pdf_fonts pg_pdf_fonts;

/** The fonts of one document; free with pg_pdf_fonts_free after saving. */
pg_pdf_fonts *pg_pdf_fonts_new(HPDF_Doc pdf);

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
