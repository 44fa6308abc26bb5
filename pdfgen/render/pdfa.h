/* pdfa.h — what every PDF pdfgen writes carries to be PDF/A-2u and PDF/UA-1, whoever
 * writes the file (the libharu renderer, the print file): the XMP packet and the sRGB
 * profile of the output intent. */
#ifndef PG_PDFA_H
#define PG_PDFA_H

#include "model/boxes.h"

#include <stddef.h>
#include <stdint.h>

/** The XMP packet (UTF-8, malloc'd; *len gets its length) describing info, with the
 * producer and, when date is not NULL, the ISO 8601 date of creation and modification;
 * it must say what the info dictionary says. */
char *pg_pdfa_xmp(size_t *len, const pg_doc_info *info, const char *producer, const char *date);

/** A running digest of a file's content: its trailer /ID, the same for the same bytes. */
typedef struct pg_pdf_id {
    uint64_t h[2];
} pg_pdf_id;

void pg_pdf_id_init(pg_pdf_id *id);
void pg_pdf_id_add(pg_pdf_id *id, const void *data, size_t len);

/** The sRGB IEC 61966-2.1 ICC profile (ICC v2, from Debian's icc-profiles-free). */
extern const unsigned char pg_srgb_icc[];
extern const size_t pg_srgb_icc_len;

#endif
