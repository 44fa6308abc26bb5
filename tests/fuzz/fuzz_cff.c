/* fuzz_cff.c — any bytes as a CFF table through the charset reader (text/cff.c): a map
 * of as many CIDs as the table has glyphs, "name-keyed", or a clean refusal; never a
 * read past the data. */
#include "fuzz.h"

#include "text/cff.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy: a read one byte past the data is caught by the sanitizer. */
    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    uint16_t *cids = NULL;
    unsigned n = 0;
    int rc = pg_cff_cids(&cids, &n, copy, size);
    if (rc == 1 && (!cids || n == 0 || n > 65536))
        abort();
    if (rc != 1 && (cids || n))
        abort();
    free(cids);
    free(copy);
    return 0;
}
