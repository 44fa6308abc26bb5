/* pdf_meta.c — document metadata for PDF/A-2u and PDF/UA-1: the info dictionary
 * (ISO 32000-1 14.3.3) and an XMP packet (14.3.2; PDF/A-2 6.6) saying the same, with the
 * pdfaid and pdfuaid identification (the pdfuaid schema declared as a PDF/A extension
 * schema, 6.6.2.3), an sRGB output intent (6.2.3) for the DeviceRGB the pages paint
 * with, the catalog's /Lang and /DisplayDocTitle, and the trailer's /ID. */
#include "render/pdf_meta.h"
#include "core/error.h"
#include "render/pdf_objects.h"
#include "render/pdfa.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the document ------------------------------------------------------------------- */

static void output_intent(HPDF_Doc pdf, HPDF_Dict catalog)
{
    HPDF_Dict icc = pg_haru_stream(pdf);
    pg_haru_stream_write(icc, pg_srgb_icc, pg_srgb_icc_len);
    pg_haru_add_int(icc, "N", 3);
    HPDF_Dict oi = pg_haru_dict(pdf);
    pg_haru_add_name(oi, "Type", "OutputIntent");
    pg_haru_add_name(oi, "S", "GTS_PDFA1");
    pg_haru_add_ascii(pdf, oi, "OutputConditionIdentifier", "sRGB IEC61966-2.1");
    pg_haru_add_ascii(pdf, oi, "Info", "sRGB IEC61966-2.1");
    pg_haru_add_ascii(pdf, oi, "RegistryName", "http://www.color.org");
    pg_haru_add(oi, "DestOutputProfile", icc);
    pg_haru_array intents = pg_haru_array_new(pdf);
    pg_haru_array_add(intents, oi);
    pg_haru_add(catalog, "OutputIntents", intents);
}

void pg_pdf_meta_write(HPDF_Doc pdf, const pg_doc_info *info, const pg_pdf_id *id)
{
    pg_haru_set_pdf17(pdf);
    char producer[64];
    snprintf(producer, sizeof producer, "pdfgen %s (libharu %s)", PG_VERSION, HPDF_GetVersion());
    /* libharu makes the info dictionary on first use. */
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "pdfgen " PG_VERSION);
    HPDF_Dict meta = pg_haru_info(pdf);
    pg_haru_add_ascii(pdf, meta, "Producer", producer);
    pg_haru_add_text(pdf, meta, "Title", info->title);
    pg_haru_add_text(pdf, meta, "Subject", info->subject);
    pg_haru_add_text(pdf, meta, "Author", info->author);
    pg_haru_add_text(pdf, meta, "Keywords", info->keywords);
    time_t t = (time_t)info->date;
    struct tm tm;
    gmtime_r(&t, &tm);
    char pdf_date[24], xmp_date[24];
    strftime(pdf_date, sizeof pdf_date, "D:%Y%m%d%H%M%SZ", &tm);
    strftime(xmp_date, sizeof xmp_date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    pg_haru_add_ascii(pdf, meta, "CreationDate", pdf_date);
    pg_haru_add_ascii(pdf, meta, "ModDate", pdf_date);

    HPDF_Dict catalog = pg_haru_catalog(pdf);
    size_t n = 0;
    char *packet = pg_pdfa_xmp(&n, info, producer, xmp_date);
    HPDF_Dict xmp = pg_haru_plain_stream(pdf);
    pg_haru_add_name(xmp, "Type", "Metadata");
    pg_haru_add_name(xmp, "Subtype", "XML");
    pg_haru_stream_write(xmp, packet, n);
    free(packet);
    pg_haru_add(catalog, "Metadata", xmp);
    output_intent(pdf, catalog);
    if (info->lang && *info->lang)
        pg_haru_add_ascii(pdf, catalog, "Lang", info->lang);
    /* Readers show the document's title rather than its file name (PDF/UA 7.1). */
    HPDF_Dict vp = pg_haru_dict(pdf);
    pg_haru_add_bool(vp, "DisplayDocTitle", 1);
    pg_haru_add(catalog, "ViewerPreferences", vp);

    unsigned char bytes[16];
    for (int i = 0; i < 16; i++)
        bytes[i] = (unsigned char)(id->h[i / 8] >> (8 * (i % 8)));
    pg_haru_array ids = pg_haru_array_new(pdf);
    pg_haru_array_add_bytes(pdf, ids, bytes, sizeof bytes);
    pg_haru_array_add_bytes(pdf, ids, bytes, sizeof bytes);
    pg_haru_add(pg_haru_trailer(pdf), "ID", ids);
}
