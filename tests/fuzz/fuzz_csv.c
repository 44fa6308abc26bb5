/* fuzz_csv.c — a patient list through the CSV reader and the roster against the shipped
 * content tree: any input must end in rows (each good or with its error) or a clean
 * error for the file, never a crash or a hang. */
#include "fuzz.h"

#include "load/csv.h"
#include "batch/roster.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const handouts[] = {"mitraclip-home-care"};
    pg_arena *a = pg_arena_new();
    pg_csv csv;
    pg_error err = {0};
    if (pg_csv_parse(&csv, (const char *)data, size, "fuzz.csv", a, &err) == 0) {
        pg_roster_opts o = {"fuzz.csv", PG_SOURCE_DIR "/content", handouts, 1, "en"};
        pg_patient *rows = NULL;
        int n = 0;
        pg_roster_build(&rows, &n, &csv, &o, a, &err);
    }
    pg_arena_free(a);
    return 0;
}
