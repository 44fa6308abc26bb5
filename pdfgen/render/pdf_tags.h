/* pdf_tags.h — the logical structure of a tagged PDF (ISO 32000-1 14.7, 14.8; PDF/UA-1,
 * ISO 14289-1, 7.1-7.10) built from the boxes as they are drawn: every box is drawn inside
 * one marked-content sequence, either page furniture and decoration as an /Artifact, or
 * a sequence with an MCID that belongs to the structure element of the block the box
 * comes from. Private to the PDF renderer. */
#ifndef PG_PDF_TAGS_H
#define PG_PDF_TAGS_H

#include "core/error.h"
#include "model/boxes.h"

#include <hpdf.h>

typedef struct pg_pdf_tags pg_pdf_tags;

/** The structure of one document whose language is lang (BCP 47). */
pg_pdf_tags *pg_pdf_tags_new(HPDF_Doc pdf, const char *lang);

/** A new page (height in pt, to turn box positions into PDF coordinates) whose boxes
 * follow. */
void pg_pdf_tags_page(pg_pdf_tags *t, HPDF_Page page, double height);

/** Opens the marked-content sequence box b is drawn in; pg_pdf_tags_close ends it. */
void pg_pdf_tags_open(pg_pdf_tags *t, const pg_box *b);
void pg_pdf_tags_close(pg_pdf_tags *t);

/** Writes the structure tree, the parent tree, each page's /StructParents and the
 * catalog's /MarkInfo; call once, after the last page and before saving. */
int pg_pdf_tags_finish(pg_pdf_tags *t, pg_error *err);

void pg_pdf_tags_free(pg_pdf_tags *t);

#endif
