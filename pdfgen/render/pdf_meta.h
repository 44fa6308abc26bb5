/* pdf_meta.h — what makes a PDF PDF/A-2u (ISO 19005-2) and PDF/UA-1 (ISO 14289-1) beyond
 * its pages: the version header, the info dictionary and the XMP metadata that agrees
 * with it, the sRGB output intent, the catalog's language and viewer preferences, and a
 * trailer /ID derived from what was drawn, so the same input gives the same bytes.
 * Private to the PDF renderer. */
#ifndef PG_PDF_META_H
#define PG_PDF_META_H

#include "model/boxes.h"
#include "render/pdfa.h"

#include <hpdf.h>

/** Writes the metadata of info into pdf; call once, before saving. */
void pg_pdf_meta_write(HPDF_Doc pdf, const pg_doc_info *info, const pg_pdf_id *id);

#endif
