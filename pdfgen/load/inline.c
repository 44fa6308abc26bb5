/* load_inline.c — mixed content to inline runs. XML whitespace (space, tab, CR, LF)
 * collapses to one space as in HTML, so translators may wrap lines freely; where runs
 * meet, the text stage removes doubled spaces and trims paragraph edges. */
#include "load/inline.h"
#include "text/unicode.h"

#include <string.h>

static int is_xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *collapse(const char *s, pg_arena *a)
{
    size_t n = strlen(s);
    char *out = pg_arena_alloc(a, n + 1), *o = out;
    int in_space = 0;
    for (const char *p = s; *p; p++) {
        if (is_xml_space(*p)) {
            if (!in_space)
                *o++ = ' ';
            in_space = 1;
        } else {
            *o++ = *p;
            in_space = 0;
        }
    }
    *o = '\0';
    return pg_unicode_nfc(out, a);
}

static pg_inline **append(pg_inline **tail, pg_inline_kind kind, unsigned flags, const char *text,
                          pg_pos pos, pg_arena *a)
{
    pg_inline *in = PG_ARENA_NEW(a, pg_inline);
    in->kind = kind;
    in->flags = flags;
    in->text = text;
    in->pos = pos;
    *tail = in;
    return &in->next;
}

static pg_inline **walk(pg_inline **tail, const xmlNode *parent, unsigned flags, const char *file,
                        pg_arena *a)
{
    for (const xmlNode *n = parent->children; n; n = n->next) {
        pg_pos pos = pg_xml_pos(file, n);
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            tail = append(tail, PG_IN_TEXT, flags, collapse((const char *)n->content, a), pos, a);
        } else if (pg_xml_is(n, "strong")) {
            tail = walk(tail, n, flags | PG_BOLD, file, a);
        } else if (pg_xml_is(n, "em")) {
            tail = walk(tail, n, flags | PG_ITALIC, file, a);
        } else if (pg_xml_is(n, "var")) {
            tail =
                append(tail, PG_IN_VAR, flags, pg_arena_strdup(a, pg_xml_attr(n, "name")), pos, a);
        } else if (pg_xml_is(n, "br")) {
            tail = append(tail, PG_IN_BR, flags, "", pos, a);
        } else if (pg_xml_is(n, "string")) {
            tail = append(tail, PG_IN_STRING, flags, pg_arena_strdup(a, pg_xml_attr(n, "ref")), pos,
                          a);
        } else if (pg_xml_is(n, "handout-title")) {
            tail = append(tail, PG_IN_TITLE, flags, "", pos, a);
        }
        /* Comments and processing instructions carry no content. */
    }
    return tail;
}

pg_inline *pg_load_inlines(const xmlNode *node, const char *file, pg_arena *a)
{
    pg_inline *head = NULL;
    walk(&head, node, 0, file, a);
    return head;
}

char *pg_load_text(const xmlNode *node, pg_arena *a)
{
    xmlChar *raw = xmlNodeGetContent(node);
    char *s = collapse(raw ? (const char *)raw : "", a);
    xmlFree(raw);
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    while (*s == ' ')
        s++;
    return s;
}
