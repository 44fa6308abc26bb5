/* names.h — the rules for names users write: variable names (in content, --set and CSV
 * headers) and the variables pdfgen provides itself, which no one may set. */
#ifndef PG_NAMES_H
#define PG_NAMES_H

#include "core/arena.h"

#include <stddef.h>

/** Whether the n bytes at s are a variable name: a-z, then a-z, 0-9 or _. */
int pg_name_valid(const char *s, size_t n);

/** Whether name is a built-in variable (page, pages, today). */
int pg_name_builtin(const char *name);

/** s without the spaces and tabs at its ends, as a new string in a. */
const char *pg_name_trim(const char *s, pg_arena *a);

#endif
