/* memo.h — remembered results keyed by bytes. A batch lays out and writes the same
 * paragraphs, pages and fonts for patient after patient; a memo keeps each result under
 * the exact bytes of what it was made from, so it is made once. Keys are compared whole
 * (a hash only finds the slot), so a hit is always the result the same input gives.
 *
 * A memo's values live in its arena and stay valid until pg_memo_trim forgets them; its
 * user trims before making a new value, so the memo holds at most its budget and one
 * value more. */
#ifndef PG_MEMO_H
#define PG_MEMO_H

#include "core/arena.h"

#include <stddef.h>
#include <stdint.h>

typedef struct pg_memo pg_memo;

/** A new empty memo that forgets everything at a trim once it holds over budget bytes;
 * never NULL. */
pg_memo *pg_memo_new(size_t budget);
void pg_memo_free(pg_memo *m);

/** The value stored under the len bytes at key, or NULL. */
void *pg_memo_get(pg_memo *m, const void *key, size_t len);

/** Stores value (made in pg_memo_arena(m)) under a copy of the len bytes at key. A key
 * stored already keeps its first value. */
void pg_memo_put(pg_memo *m, const void *key, size_t len, void *value);

/** Where values live: freed when the memo forgets. */
pg_arena *pg_memo_arena(pg_memo *m);

/** Forgets everything when the memo holds over its budget. */
void pg_memo_trim(pg_memo *m);

/** A 64-bit hash of len bytes (not for security: for tables whose keys are compared). */
uint64_t pg_hash_bytes(const void *data, size_t len);

#endif
