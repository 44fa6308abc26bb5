/* pdfa.c — the XMP metadata packet (ISO 32000-1 14.3.2) of a PDF/A-2u (ISO 19005-2 6.6)
 * and PDF/UA-1 (ISO 14289-1 5) file: Dublin Core title, description, creator and
 * language, producer and dates as the info dictionary gives them, the pdfaid and pdfuaid
 * identification, and the pdfuaid schema declared as a PDF/A extension schema
 * (6.6.2.3), as PDF/A requires of any property outside its predefined schemas. */
#include "render/pdfa.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

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

char *pg_pdfa_xmp(size_t *len, const pg_doc_info *info, const char *producer, const char *date)
{
    buf storage = {0}, *b = &storage;
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
    *len = b->n;
    return b->s;
}

void pg_pdf_id_init(pg_pdf_id *id)
{
    id->h[0] = 0xcbf29ce484222325ull; /* FNV-1a offset basis */
    id->h[1] = 0x84222325cbf29ce4ull;
}

/* Eight bytes a step: the print file digests every packet it takes in, a tenth of a
 * gigabyte for a thousand patients, and a byte a step took a quarter of a second. */
void pg_pdf_id_add(pg_pdf_id *id, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        id->h[0] = (id->h[0] ^ w) * 0xff51afd7ed558ccdull;
        id->h[0] ^= id->h[0] >> 32;
        id->h[1] = (id->h[1] ^ w ^ (id->h[0] >> 17)) * 0xc4ceb9fe1a85ec53ull;
        id->h[1] ^= id->h[1] >> 29;
    }
    for (; i < len; i++) {
        id->h[0] = (id->h[0] ^ p[i]) * 0x100000001b3ull;
        id->h[1] = (id->h[1] ^ p[i] ^ (id->h[0] >> 56)) * 0x100000001b3ull;
    }
}
