/* roster.h — the patient list of a batch: each CSV row checked and turned into the
 * packet to print (its handouts in the patient's language and the row's values), or
 * into the reason the row fails. Nothing here renders. */
#ifndef PG_ROSTER_H
#define PG_ROSTER_H

#include "core/arena.h"
#include "model/bound.h"
#include "load/csv.h"
#include "core/error.h"

typedef struct pg_roster_opts {
    const char *csv_path;
    const char *content_root;
    const char *const *handouts; /* --handout: for rows with no handouts value */
    int n_handouts;
    const char *fallback_lang; /* print a missing translation in this language; NULL: fail */
} pg_roster_opts;

typedef struct pg_packet_item {
    const char *handout, *lang, *content_path;
} pg_packet_item;

typedef struct pg_patient {
    int line;              /* where the row starts in the CSV */
    const char *id;        /* as given (spaces at the ends trimmed); may be "" */
    const char *lang;      /* the language asked for, resolved to a shipped one */
    const char *name;      /* patient_name, or NULL */
    const char *file;      /* "<id>.pdf" */
    pg_packet_item *items; /* the handouts, in the order asked */
    int n_items;
    pg_setting *settings; /* every other non-empty column */
    int n_settings;
    const char *error; /* why this row fails (no place prefix), or NULL */
    const char *note;  /* says which handouts were printed in the fallback language */
} pg_patient;

/** Checks every record of csv (records[0] is the header) against the content tree.
 * A row fails alone: its error is set and the others are unaffected. A header without
 * id or lang, with a repeated or built-in column name, or with no handouts column when
 * no --handout is given, is an error for the whole list. */
int pg_roster_build(pg_patient **out, int *n_out, const pg_csv *csv, const pg_roster_opts *o,
                    pg_arena *a, pg_error *err);

#endif
