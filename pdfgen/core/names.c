/* names.c — variable names and the built-in variables. */
#include "core/names.h"
#include "core/arena.h"

#include <string.h>

static const char *const builtins[] = {"page", "pages", "today", "version", "reviewed"};

int pg_name_valid(const char *s, size_t n)
{
    if (n == 0 || s[0] < 'a' || s[0] > 'z')
        return 0;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

int pg_name_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (!strcmp(name, builtins[i]))
            return 1;
    return 0;
}

const char *pg_name_trim(const char *s, pg_arena *a)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return pg_arena_strndup(a, s, n);
}
