/* cmd.h — the commands beside render and batch, one function each: they parse their own
 * arguments, print their messages and return the exit status (0 done, 1 input rejected
 * or an output failed, 2 usage error). main.c dispatches to them by name. */
#ifndef PG_CMD_H
#define PG_CMD_H

/** Prints "pdfgen: error: MSG[: ARG]" and "Try 'pdfgen CMD --help'." on stderr; returns 2,
 * the exit status of a usage error. */
int pg_cmd_usage_error(const char *cmd, const char *msg, const char *arg);

/** The exit status of a PG_E* code: 0 for PG_OK, 2 for PG_EUSAGE, 1 for everything else
 * (a rejected input, an output that cannot be written, a library that failed). */
int pg_cmd_exit_status(int code);

/** pdfgen xliff export|import ...: XLIFF 1.2 for translators (cmd/xliff.c). */
int pg_cmd_xliff(int argc, char **argv);

/** pdfgen check [options] [HANDOUT-ID ...]: the findings about translations and the
 * source's reading grade (cmd/check.c). */
int pg_cmd_check(int argc, char **argv);

#endif
