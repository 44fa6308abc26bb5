/* fuzz_merge.c — bytes offered to the print file as a packet: a PDF the merger cannot
 * copy must be refused cleanly, never read out of bounds, loop or crash. */
#include "fuzz.h"

#include "batch/merge.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_write("print.pdf", (const uint8_t *)"", 0);
    pg_print_file *pf = NULL;
    pg_error err = {0};
    if (pg_print_file_open(&pf, path, 1, &err))
        return 0;
    pg_print_file_add(pf, data, size, "fuzz.pdf", "F", &err);
    pg_print_file_abort(pf);
    return 0;
}
