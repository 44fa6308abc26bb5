/* load.h — reading pdfgen's XML inputs (handout content, shared strings, layouts and the
 * font configuration) into the model. Every file is validated against its RELAX NG schema
 * first; text is normalized to NFC and XML whitespace runs become single spaces. */
#ifndef PG_LOAD_H
#define PG_LOAD_H

#include "core/arena.h"
#include "core/error.h"
#include "model/content.h"

/** Loads a handout; a translation without <variables> takes the declarations of the
 * source (en.xml beside it). The model lives in arena a. */
int pg_load_handout(pg_handout **out, const char *path, pg_arena *a, pg_error *err);

/** Loads content/common/<lang>.xml. */
int pg_load_strings(pg_strings **out, const char *path, pg_arena *a, pg_error *err);

/** Loads a layout definition. */
int pg_load_layout(pg_layout **out, const char *path, pg_arena *a, pg_error *err);

/** Loads fonts/fonts.xml (families and fallback chains; fonts are not opened here). */
int pg_load_fonts(pg_fonts_spec **out, const char *path, pg_arena *a, pg_error *err);

/** The hash of what a translator translates in b (its inline runs, an image's
 * alternative text), as 16 hex digits and a NUL: stable across file formatting, so a
 * translation keeps its source blocks' hashes and check can name those that changed. */
void pg_block_hash(char out[17], const pg_block *b);

/** The shared string with this id, or NULL. */
const pg_string *pg_strings_find(const pg_strings *s, const char *id);

/** Writes h as content XML (content/content.rng) to path atomically: the written file
 * loads back (pg_load_handout) as the same model. A translation (source_version > 0)
 * gets no <variables>. PG_EIO when the file cannot be written. */
int pg_save_handout(const char *path, const pg_handout *h, pg_error *err);

#endif
