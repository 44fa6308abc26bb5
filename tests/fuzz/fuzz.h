/* fuzz.h — one fuzz target per loader: LLVMFuzzerTestOneInput, run by libFuzzer when
 * built with clang -fsanitize=fuzzer, or over a corpus by driver.c under gcc (ctest). */
#ifndef PG_FUZZ_H
#define PG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** Writes data to a per-process temporary file at rel (under the test tmp dir). */
const char *fuzz_write(const char *rel, const uint8_t *data, size_t size);

#endif
