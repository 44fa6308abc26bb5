/* driver.c — replays fuzz inputs as ordinary tests: every file named on the command line
 * or found in a named directory goes through LLVMFuzzerTestOneInput once. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fuzz_write(const char *rel, const uint8_t *data, size_t size)
{
    static char path[8192];
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/fuzz-%d", PG_TEST_TMP, (int)getpid());
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char sub[8192];
    snprintf(sub, sizeof sub, "%s", path);
    char *slash = strrchr(sub, '/');
    *slash = '\0';
    mkdir(sub, 0755);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite(data, 1, size, f);
    fclose(f);
    return path;
}

#ifndef PG_LIBFUZZER
/* Under libFuzzer (clang -fsanitize=fuzzer) its own main replays and fuzzes instead. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, got);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int count = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            struct dirent **list;
            int n = scandir(argv[i], &list, NULL, alphasort);
            for (int k = 0; k < n; k++) {
                if (list[k]->d_name[0] != '.') {
                    char p[4096];
                    snprintf(p, sizeof p, "%s/%s", argv[i], list[k]->d_name);
                    failed += run_file(p);
                    count++;
                }
                free(list[k]);
            }
            free(list);
        } else {
            failed += run_file(argv[i]);
            count++;
        }
    }
    printf("%d passed, %d failed\n", count - failed, failed);
    return failed || count == 0;
}
#endif
