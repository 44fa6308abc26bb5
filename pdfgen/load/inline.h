/* load_inline.h — turning mixed XML content (text, strong, em, var, br, and in layouts
 * string and handout-title) into a pg_inline list; shared by the content and layout
 * loaders. */
#ifndef PG_LOAD_INLINE_H
#define PG_LOAD_INLINE_H

#include "core/arena.h"
#include "load/xml.h"

/** The inline runs under node's children; whitespace runs collapse to one space. */
pg_inline *pg_load_inlines(const xmlNode *node, const char *file, pg_arena *a);

/** Text of a simple element with XML whitespace collapsed and trimmed, NFC. */
char *pg_load_text(const xmlNode *node, pg_arena *a);

#endif
