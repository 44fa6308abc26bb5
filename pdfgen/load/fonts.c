/* load_fonts.c — fonts/fonts.xml (fonts/fonts.rng) into pg_fonts_spec: the families with
 * their faces as fontconfig patterns, and per script the chain of families to try. The
 * files themselves are found and opened by the font module. */
#include "load/load.h"
#include "load/xml.h"

#include <string.h>

static void split_families(pg_chain_spec *c, const char *list, pg_arena *a)
{
    int n = 0;
    size_t cap = 0;
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        pg_arena_grow(a, (void **)&c->families, &cap, (size_t)n + 1, sizeof *c->families);
        c->families[n++] = pg_arena_strndup(a, p, (size_t)(e - p));
        p = e;
    }
    c->n_families = n;
}

int pg_load_fonts(pg_fonts_spec **out, const char *path, pg_arena *a, pg_error *err)
{
    xmlDocPtr doc = NULL;
    int rc = 0;
    PG_CHECK(pg_xml_load(&doc, path, PG_SCHEMA_FONTS, err));
    pg_fonts_spec *fs = PG_ARENA_NEW(a, pg_fonts_spec);
    fs->path = pg_arena_strdup(a, path);
    pg_family_spec **ftail = &fs->families;
    pg_chain_spec **ctail = &fs->chains;
    for (const xmlNode *n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
        if (pg_xml_is(n, "family")) {
            pg_family_spec *f = PG_ARENA_NEW(a, pg_family_spec);
            f->name = pg_arena_strdup(a, pg_xml_attr(n, "name"));
            f->pos = pg_xml_pos(fs->path, n);
            pg_face_spec **tail = &f->faces;
            for (const xmlNode *c = n->children; c; c = c->next) {
                if (!pg_xml_is(c, "face"))
                    continue;
                pg_face_spec *face = PG_ARENA_NEW(a, pg_face_spec);
                const char *w = pg_xml_attr(c, "weight"), *s = pg_xml_attr(c, "style");
                face->bold = w && !strcmp(w, "bold");
                face->italic = s && !strcmp(s, "italic");
                face->pattern = pg_arena_strdup(a, pg_xml_attr(c, "match"));
                const char *pkg = pg_xml_attr(c, "package");
                face->package = pkg ? pg_arena_strdup(a, pkg) : NULL;
                face->pos = pg_xml_pos(fs->path, c);
                *tail = face;
                tail = &face->next;
            }
            *ftail = f;
            ftail = &f->next;
        } else if (pg_xml_is(n, "chain")) {
            pg_chain_spec *c = PG_ARENA_NEW(a, pg_chain_spec);
            c->script = pg_arena_strdup(a, pg_xml_attr(n, "script"));
            if (pg_xml_attr(n, "lang"))
                c->lang = pg_arena_strdup(a, pg_xml_attr(n, "lang"));
            c->pos = pg_xml_pos(fs->path, n);
            split_families(c, pg_xml_attr(n, "families"), a);
            *ctail = c;
            ctail = &c->next;
        }
    }
    /* Every family a chain names must exist. */
    for (const pg_chain_spec *c = fs->chains; c; c = c->next)
        for (int i = 0; i < c->n_families; i++) {
            const pg_family_spec *f = fs->families;
            while (f && strcmp(f->name, c->families[i]))
                f = f->next;
            if (!f) {
                rc = pg_error_set(err, PG_EINPUT, fs->path, c->pos.line, c->pos.col,
                                  "chain for %s names family \"%s\", which is not defined",
                                  c->script, c->families[i]);
                goto done;
            }
        }
    *out = fs;
done:
    xmlFreeDoc(doc);
    return rc;
}
