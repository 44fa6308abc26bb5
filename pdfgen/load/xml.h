/* load_xml.h — the loader's private door to libxml2: read one XML file safely (no
 * network, no DTD, no entities, a DOCTYPE rejected, size and depth bounded), validate
 * it against one of the RELAX NG schemas built into pdfgen, and report places. */
#ifndef PG_LOAD_XML_H
#define PG_LOAD_XML_H

#include "core/error.h"
#include "model/content.h"

#include <libxml/tree.h>

typedef enum { PG_SCHEMA_CONTENT, PG_SCHEMA_LAYOUT, PG_SCHEMA_FONTS } pg_schema;

/** Parses path by the same safety rules as pg_xml_load (no network, DTD or entities, a
 * DOCTYPE rejected, size, depth and children bounded, places recorded) but validates it
 * against no schema: for formats whose structure the caller checks (XLIFF). *out is
 * freed by the caller with xmlFreeDoc. */
int pg_xml_parse(xmlDocPtr *out, const char *path, pg_error *err);

/** Parses and validates path; *out is freed by the caller with xmlFreeDoc. */
int pg_xml_load(xmlDocPtr *out, const char *path, pg_schema schema, pg_error *err);

/** The place of an element's start tag or of the first character of a text node. */
pg_pos pg_xml_pos(const char *file, const xmlNode *node);

/** An attribute's value, or NULL; the pointer lives as long as the tree. */
const char *pg_xml_attr(const xmlNode *node, const char *name);

/** Whether node is the element called name. */
int pg_xml_is(const xmlNode *node, const char *name);

#endif
