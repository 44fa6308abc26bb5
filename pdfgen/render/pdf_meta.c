/* pdf_meta.c — document metadata for PDF/A-2u and PDF/UA-1: the info dictionary
 * (ISO 32000-1 14.3.3) and an XMP packet (14.3.2; PDF/A-2 6.6) saying the same, with the
 * pdfaid and pdfuaid identification (the pdfuaid schema declared as a PDF/A extension
 * schema, 6.6.2.3), an sRGB output intent (6.2.3) for the DeviceRGB the pages paint
 * with, the catalog's /Lang and /DisplayDocTitle, and the trailer's /ID. */
#include "render/pdf_meta.h"
#include "core/error.h"
#include "render/pdf_objects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern const unsigned char pg_srgb_icc[];
extern const size_t pg_srgb_icc_len;

void pg_pdf_id_init(pg_pdf_id *id)
{
    id->h[0] = 0xcbf29ce484222325ull; /* FNV-1a offset basis */
    id->h[1] = 0x84222325cbf29ce4ull;
}

void pg_pdf_id_add(pg_pdf_id *id, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        id->h[0] = (id->h[0] ^ p[i]) * 0x100000001b3ull;
        id->h[1] = (id->h[1] ^ p[i] ^ (id->h[0] >> 56)) * 0x100000001b3ull;
    }
}

/* ---- XMP ----------------------------------------------------------------------------- */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void add(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns)
            pg_oom();
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void str(buf *b, const char *s)
{
    add(b, s, strlen(s));
}

/* Text as XML character data. */
static void xml_text(buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': str(b, "&amp;"); break;
        case '<': str(b, "&lt;"); break;
        case '>': str(b, "&gt;"); break;
        case '"': str(b, "&quot;"); break;
        default: add(b, s, 1);
        }
    }
}

static void element(buf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    str(b, "   <");
    str(b, name);
    str(b, ">");
    xml_text(b, value);
    str(b, "</");
    str(b, name);
    str(b, ">\n");
}

/* A language alternative (dc:title, dc:description): one x-default entry. */
static void alt(buf *b, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    str(b, "   <");
    str(b, name);
    str(b, "><rdf:Alt><rdf:li xml:lang=\"x-default\">");
    xml_text(b, value);
    str(b, "</rdf:li></rdf:Alt></");
    str(b, name);
    str(b, ">\n");
}

static void xmp_packet(buf *b, const pg_doc_info *info, const char *producer, const char *date)
{
    str(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
           "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
           " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
           "  <rdf:Description rdf:about=\"\"\n"
           "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
           "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
           "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
           "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
           "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"\n"
           "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
           "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
           "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
           "   <dc:format>application/pdf</dc:format>\n");
    alt(b, "dc:title", info->title);
    alt(b, "dc:description", info->subject);
    if (info->author && *info->author) {
        str(b, "   <dc:creator><rdf:Seq><rdf:li>");
        xml_text(b, info->author);
        str(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (info->lang && *info->lang) {
        str(b, "   <dc:language><rdf:Bag><rdf:li>");
        xml_text(b, info->lang);
        str(b, "</rdf:li></rdf:Bag></dc:language>\n");
    }
    element(b, "pdf:Producer", producer);
    element(b, "pdf:Keywords", info->keywords);
    element(b, "xmp:CreatorTool", "pdfgen " PG_VERSION);
    element(b, "xmp:CreateDate", date);
    element(b, "xmp:ModifyDate", date);
    element(b, "xmp:MetadataDate", date);
    str(b, "   <pdfaid:part>2</pdfaid:part>\n"
           "   <pdfaid:conformance>U</pdfaid:conformance>\n"
           "   <pdfuaid:part>1</pdfuaid:part>\n"
           "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
           "    <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
           "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
           "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
           "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
           "     <pdfaProperty:name>part</pdfaProperty:name>\n"
           "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
           "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
           "     <pdfaProperty:description>The part of ISO 14289 the file conforms to"
           "</pdfaProperty:description>\n"
           "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
           "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
           "  </rdf:Description>\n"
           " </rdf:RDF>\n"
           "</x:xmpmeta>\n"
           "<?xpacket end=\"r\"?>\n");
}

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
    buf x = {0};
    xmp_packet(&x, info, producer, xmp_date);
    HPDF_Dict xmp = pg_haru_plain_stream(pdf);
    pg_haru_add_name(xmp, "Type", "Metadata");
    pg_haru_add_name(xmp, "Subtype", "XML");
    pg_haru_stream_write(xmp, x.s, x.n);
    free(x.s);
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
