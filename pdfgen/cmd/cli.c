/* cli.c — what every command's command line shares: the usage error and the exit status
 * of an error code (SPEC: 0 done, 1 input rejected or an output failed, 2 usage). */
#include "cmd/cmd.h"
#include "core/error.h"

#include <stdio.h>

int pg_cmd_usage_error(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "pdfgen: error: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, "Try 'pdfgen %s --help'.\n", cmd);
    return 2;
}

int pg_cmd_exit_status(int code)
{
    switch (code) {
    case PG_OK:
        return 0;
    case PG_EUSAGE:
        return 2;
    case PG_EINPUT:
    case PG_EIO:
    case PG_EINTERNAL:
    default:
        return 1;
    }
}
