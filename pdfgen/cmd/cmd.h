/* cmd.h — the commands beside render and batch, one function each: they parse their own
 * arguments, print their messages and return the exit status (0 done, 1 input rejected
 * or an output failed, 2 usage error). main.c dispatches to them by name. */
#ifndef PG_CMD_H
#define PG_CMD_H

/** pdfgen xliff export|import ...: XLIFF 1.2 for translators (cmd/xliff.c). */
int pg_cmd_xliff(int argc, char **argv);

/** pdfgen check [options] [HANDOUT-ID ...]: the findings about translations and the
 * source's reading grade (cmd/check.c). */
int pg_cmd_check(int argc, char **argv);

#endif
