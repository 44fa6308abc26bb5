/* load_xml.c — safe XML reading for every pdfgen input. libxml2 is told never to touch
 * the network, load a DTD or substitute entities; a DOCTYPE stops the parse at once, so
 * no entity (external or "billion laughs") is ever declared. Positions of elements and
 * text nodes are recorded by wrapping two SAX callbacks, since libxml2 keeps no column. */
#include "load/xml.h"
#include "core/file.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT_BYTES (16u << 20)
/* libxml2's RELAX NG validation of mixed content takes time in the square of the number
 * of elements in one parent (10,000 <br/> in a paragraph: 0.4 s, 40,000: 6 s), so no
 * element may hold more; a real handout's largest (a section) holds a few dozen. */
#define MAX_CHILDREN 2000
#define MAX_DEPTH 512
static const char too_large[] = "file is larger than 16 MB; is it the right file?";

extern const unsigned char pg_schema_content[], pg_schema_layout[], pg_schema_fonts[];

typedef struct parse_state {
    int doctype_seen;
    const char *raw; /* the file as read, for positions */
    size_t raw_len, scan_off;
    int scan_line, scan_col; /* the place of raw[scan_off] */
    int has_error;           /* the first error is the one to report: later ones are echoes */
    xmlError first;
    char first_msg[600];
    startElementNsSAX2Func start_element;
    charactersSAXFunc characters;
    int children[MAX_DEPTH];       /* elements so far in the open element at each depth */
    int crowded_line, crowded_col; /* where an element got one child too many */
    char crowded[64];              /* its name */
} parse_state;

/* Positions are packed into node->_private: line in the high bits, column in the low. */
static void *pack_pos(int line, int col)
{
    return (void *)(((uintptr_t)line << 20) | ((uintptr_t)col & 0xFFFFF));
}

pg_pos pg_xml_pos(const char *file, const xmlNode *node)
{
    uintptr_t v = (uintptr_t)node->_private;
    pg_pos p = {file, (int)(v >> 20), (int)(v & 0xFFFFF)};
    if (p.line == 0)
        p.line = (int)xmlGetLineNo(node);
    return p;
}

/* Line and column of byte offset off in the raw file, counting characters (UTF-8 lead
 * bytes) as editors do. Offsets arrive in document order, so scanning resumes from the
 * last answer. */
static void locate(parse_state *st, size_t off, int *line, int *col)
{
    if (off > st->raw_len)
        off = st->raw_len;
    if (off < st->scan_off) {
        st->scan_off = 0;
        st->scan_line = st->scan_col = 1;
    }
    /* Places come in file order: the scan goes on from the last one, so a file with
     * every element on one line costs one pass, not one per element. */
    for (; st->scan_off < off; st->scan_off++) {
        char ch = st->raw[st->scan_off];
        if (ch == '\n') {
            st->scan_line++;
            st->scan_col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            st->scan_col++;
        }
    }
    *line = st->scan_line;
    *col = st->scan_col;
}

/* The offset in the file of p, a pointer into the parser's current input buffer. */
static size_t offset_of(xmlParserCtxtPtr ctxt, const xmlChar *p)
{
    return (size_t)ctxt->input->consumed + (size_t)(p - ctxt->input->base);
}

static void on_parse_error(void *ctx, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (st->has_error || e->level < XML_ERR_ERROR)
        return;
    st->has_error = 1;
    st->first = *e;
    snprintf(st->first_msg, sizeof st->first_msg, "%s", e->message ? e->message : "");
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
                               const xmlChar *sys)
{
    (void)name, (void)ext, (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    ((parse_state *)ctxt->_private)->doctype_seen = 1;
    xmlStopParser(ctxt);
}

static void on_start_element(void *ctx, const xmlChar *local, const xmlChar *prefix,
                             const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
                             const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    st->start_element(ctx, local, prefix, uri, nns, ns, nattr, ndef, attrs);
    if (!ctxt->node)
        return;
    /* The callback runs with cur at the end of the start tag; '<' cannot occur inside
     * one, so the nearest '<' before it is where the tag begins. */
    const xmlChar *p = ctxt->input->cur;
    while (p > ctxt->input->base && *p != '<')
        p--;
    int line, col;
    locate(st, offset_of(ctxt, p), &line, &col);
    ctxt->node->_private = pack_pos(line, col);
    int depth = ctxt->nodeNr; /* the new element's, counting from 1 for the root */
    if (depth < 1 || depth >= MAX_DEPTH)
        return; /* libxml2 stops far sooner (256) */
    st->children[depth] = 0;
    if (depth > 1 && ++st->children[depth - 1] > MAX_CHILDREN && !st->crowded_line) {
        st->crowded_line = line;
        st->crowded_col = col;
        const xmlNode *parent = ctxt->node->parent;
        snprintf(st->crowded, sizeof st->crowded, "%s",
                 parent && parent->name ? (const char *)parent->name : "?");
        xmlStopParser(ctxt);
    }
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    st->characters(ctx, ch, len);
    if (!parent || !parent->last || parent->last == before || parent->last->type != XML_TEXT_NODE)
        return; /* appended to an existing text node, whose start is already known */
    int line, col;
    const xmlChar *start = ctxt->input->cur, *cur = ctxt->input->cur;
    if (ch >= ctxt->input->base && ch + len <= ctxt->input->end)
        start = ch; /* libxml2 hands out plain character data straight from its buffer */
    else if (cur - len >= ctxt->input->base && !memcmp(cur - len, ch, (size_t)len))
        start = cur - len; /* or a copy of the text that ends where the parser stands */
    locate(st, offset_of(ctxt, start), &line, &col);
    parent->last->_private = pack_pos(line, col);
}

static const char *schema_text(pg_schema s)
{
    switch (s) {
    case PG_SCHEMA_CONTENT:
        return (const char *)pg_schema_content;
    case PG_SCHEMA_LAYOUT:
        return (const char *)pg_schema_layout;
    case PG_SCHEMA_FONTS:
        return (const char *)pg_schema_fonts;
    }
    return NULL;
}

static const char *schema_name(pg_schema s)
{
    switch (s) {
    case PG_SCHEMA_CONTENT:
        return "content/content.rng";
    case PG_SCHEMA_LAYOUT:
        return "layouts/layout.rng";
    case PG_SCHEMA_FONTS:
        return "fonts/fonts.rng";
    }
    return "";
}

/* Compiled once per process and kept: schemas are constant and parsing them costs more
 * than validating a handout. */
static xmlRelaxNGPtr compiled_schema(pg_schema s)
{
    static xmlRelaxNGPtr cache[3];
    if (cache[s])
        return cache[s];
    const char *text = schema_text(s);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(text, (int)strlen(text));
    if (!pc)
        pg_oom();
    cache[s] = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    if (!cache[s]) {
        fprintf(stderr, "pdfgen: internal error: built-in schema %s does not compile\n",
                schema_name(s));
        abort();
    }
    return cache[s];
}

typedef struct valid_state {
    pg_error *err;
    const char *path;
    pg_schema schema;
    int failed;
} valid_state;

static void trim_message(char *dst, size_t cap, const char *msg)
{
    snprintf(dst, cap, "%s", msg ? msg : "invalid");
    size_t n = strlen(dst);
    while (n && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
        dst[--n] = '\0';
}

enum { NONE, UNPLACED, PLACED }; /* valid_state.failed */

static void on_valid_error(void *data, xmlErrorPtr e)
{
    valid_state *vs = data;
    pg_pos pos = {vs->path, e->line, 0};
    if (e->node)
        pos = pg_xml_pos(vs->path, (const xmlNode *)e->node);
    /* The first error with a place wins; libxml2 sometimes reports a summary without one
     * ("Element page failed to validate attributes") before the placed detail. */
    if (vs->failed == PLACED || (vs->failed == UNPLACED && pos.line <= 0))
        return;
    vs->failed = pos.line > 0 ? PLACED : UNPLACED;
    char msg[600];
    trim_message(msg, sizeof msg, e->message);
    pg_error_set(vs->err, PG_EINPUT, vs->path, pos.line, pos.col,
                 "%s (the format is defined by %s)", msg, schema_name(vs->schema));
}

int pg_xml_parse(xmlDocPtr *out, const char *path, pg_error *err)
{
    int rc = 0;
    char *buf = NULL;
    size_t len = 0;
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    *out = NULL;

    PG_CHECK(pg_file_read(&buf, &len, path, MAX_INPUT_BYTES, too_large, err));

    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        pg_oom();
    parse_state st = {0};
    st.raw = buf;
    st.raw_len = len;
    st.scan_line = st.scan_col = 1;
    st.start_element = ctxt->sax->startElementNs;
    st.characters = ctxt->sax->characters;
    ctxt->_private = &st;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->internalSubset = on_internal_subset;
    ctxt->sax->startElementNs = on_start_element;
    ctxt->sax->characters = on_characters;
    /* No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR, no HUGE (depth and size
     * limits stay on); NONET in case anything still asks for a URL. */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                  XML_PARSE_NOXINCNODE;
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, path, NULL, options);
    if (st.doctype_seen) {
        int line = ctxt->input ? ctxt->input->line : 0;
        rc = pg_error_set(err, PG_EINPUT, path, line, 0,
                          "DOCTYPE declarations are not allowed in pdfgen files; remove the "
                          "<!DOCTYPE ...> line");
        goto done;
    }
    if (st.crowded_line) {
        rc = pg_error_set(err, PG_EINPUT, path, st.crowded_line, st.crowded_col,
                          "<%s> holds more than %d elements; split it (a paragraph into "
                          "paragraphs, a list into lists)",
                          st.crowded, MAX_CHILDREN);
        goto done;
    }
    if (!doc || !ctxt->wellFormed) {
        xmlErrorPtr e = st.has_error ? &st.first : xmlCtxtGetLastError(ctxt);
        char msg[600];
        trim_message(msg, sizeof msg,
                     st.has_error ? st.first_msg
                     : e          ? e->message
                                  : "not well-formed XML");
        if (strstr(msg, "Excessive depth"))
            snprintf(msg, sizeof msg, "elements nest more than 256 levels deep");
        rc = pg_error_set(err, PG_EINPUT, path, e ? e->line : 0, e ? e->int2 : 0, "%s", msg);
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    free(buf);
    return rc;
}

int pg_xml_load(xmlDocPtr *out, const char *path, pg_schema schema, pg_error *err)
{
    int rc = 0;
    xmlDocPtr doc = NULL;
    xmlRelaxNGValidCtxtPtr vc = NULL;
    *out = NULL;

    PG_CHECK(pg_xml_parse(&doc, path, err));
    vc = xmlRelaxNGNewValidCtxt(compiled_schema(schema));
    if (!vc)
        pg_oom();
    valid_state vs = {err, path, schema, 0};
    xmlRelaxNGSetValidStructuredErrors(vc, on_valid_error, &vs);
    int v = xmlRelaxNGValidateDoc(vc, doc);
    if (v != 0) {
        if (!vs.failed)
            pg_error_set(err, PG_EINPUT, path, 0, 0, "does not match %s", schema_name(schema));
        rc = PG_EINPUT;
        goto done;
    }
    *out = doc;
    doc = NULL;
done:
    if (vc)
        xmlRelaxNGFreeValidCtxt(vc);
    if (doc)
        xmlFreeDoc(doc);
    return rc;
}

const char *pg_xml_attr(const xmlNode *node, const char *name)
{
    for (xmlAttrPtr a = node->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name) && a->children &&
            a->children->type == XML_TEXT_NODE)
            return (const char *)a->children->content;
    return NULL;
}

int pg_xml_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, name);
}
