/* cmd/check.c — `pdfgen check [--content-root DIR] [--layout FILE] [--format text|json]
 * [HANDOUT-ID ...]`: runs check/check.c and prints its findings on stdout, one a line as
 * FILE:LINE:COL: error|warning|note: MESSAGE grouped per file and a summary line, or as
 * JSON (RFC 8259). Exit status 0 no errors (warnings allowed), 1 errors, 2 usage. */
#include "cmd/cmd.h"
#include "check/check.h"
#include "core/arena.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#define MAX_HANDOUTS 64

static const char usage_check[] =
    "usage: pdfgen check [--content-root content] [--layout LAYOUT.xml] [--format text|json]\n"
    "                    [HANDOUT-ID ...]\n"
    "\n"
    "Checks every translation of the handouts named (default: all under the content root)\n"
    "against its English source: it loads, has the same blocks and variables, nothing left\n"
    "in the source language or in the wrong script, not stale (source-version, and each\n"
    "block's source-hash), every character in the fonts, within the layout's max-pages,\n"
    "and its review status. For the sources: the reading grade (Flesch-Kincaid, syllables\n"
    "from the CMU dictionary of festlex-cmu); for Spanish: the Fernandez-Huerta score.\n"
    "\n"
    "      --content-root DIR   the content tree (default: content)\n"
    "  -l, --layout FILE        the layout to fit (default: layouts/large-print-letter.xml\n"
    "                           beside the content root)\n"
    "      --format text|json   one finding a line (default), or JSON for tools\n"
    "      --fonts FILE         font configuration (default: $PDFGEN_FONTS or the installed\n"
    "                           fonts/fonts.xml)\n"
    "\n"
    "Prints FILE:LINE:COL: error|warning|note: MESSAGE per finding, then\n"
    "'pdfgen check: N files, E errors, W warnings'.\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error.\n";

static void print_text(const pg_check_report *r)
{
    for (int i = 0; i < r->n_findings; i++) {
        const pg_finding *f = &r->findings[i];
        if (f->line > 0 && f->col > 0)
            printf("%s:%d:%d: ", f->file, f->line, f->col);
        else if (f->line > 0)
            printf("%s:%d: ", f->file, f->line);
        else
            printf("%s: ", f->file);
        printf("%s: %s\n", pg_severity_name(f->severity), f->message);
    }
}

/* s as a JSON string (RFC 8259 section 7): quotes, backslashes and control characters
 * escaped; UTF-8 passes through. NULL is null. */
static void json_string(const char *s)
{
    if (!s) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            printf("\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", stdout);
        else if (*p < 0x20 || *p == 0x7F)
            printf("\\u%04x", *p);
        else
            putchar(*p);
    }
    putchar('"');
}

static void json_int(int v)
{
    if (v > 0)
        printf("%d", v);
    else
        fputs("null", stdout);
}

static void print_json(const pg_check_report *r)
{
    fputs("{\"findings\": [", stdout);
    for (int i = 0; i < r->n_findings; i++) {
        const pg_finding *f = &r->findings[i];
        fputs(i ? ",\n  {" : "\n  {", stdout);
        fputs("\"file\": ", stdout);
        json_string(f->file);
        fputs(", \"line\": ", stdout);
        json_int(f->line);
        fputs(", \"col\": ", stdout);
        json_int(f->col);
        fputs(", \"severity\": ", stdout);
        json_string(pg_severity_name(f->severity));
        fputs(", \"message\": ", stdout);
        json_string(f->message);
        fputs(", \"handout\": ", stdout);
        json_string(f->handout);
        fputs(", \"lang\": ", stdout);
        json_string(f->lang);
        fputs(", \"block\": ", stdout);
        json_string(f->block);
        putchar('}');
    }
    printf(
        "%s],\n \"summary\": {\"files\": %d, \"errors\": %d, \"warnings\": %d, \"notes\": %d}}\n",
        r->n_findings ? "\n" : "", r->n_files, r->n_errors, r->n_warnings, r->n_notes);
}

int pg_cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"content-root", required_argument, NULL, 'r'},
        {"layout", required_argument, NULL, 'l'},
        {"format", required_argument, NULL, 'f'},
        {"fonts", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    pg_check_options opt = {0};
    int json = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":l:h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            opt.content_root = optarg;
            break;
        case 'l':
            opt.layout_path = optarg;
            break;
        case 'F':
            opt.fonts_path = optarg;
            break;
        case 'f':
            if (!strcmp(optarg, "json"))
                json = 1;
            else if (strcmp(optarg, "text"))
                return pg_cmd_usage_error("check", "--format takes text or json", optarg);
            break;
        case 'h':
            fputs(usage_check, stdout);
            return 0;
        case ':':
            return pg_cmd_usage_error("check", "option needs an argument", argv[optind - 1]);
        default:
            return pg_cmd_usage_error("check", "unknown option", argv[optind - 1]);
        }
    }
    const char *ids[MAX_HANDOUTS];
    for (int i = optind; i < argc; i++) {
        if (opt.n_handouts == MAX_HANDOUTS)
            return pg_cmd_usage_error("check", "too many handouts named", NULL);
        if (!argv[i][0])
            return pg_cmd_usage_error("check", "an empty handout id", NULL);
        ids[opt.n_handouts++] = argv[i];
    }
    opt.handouts = ids;

    pg_arena *a = pg_arena_new();
    pg_check_report r;
    pg_error err = {0};
    int status;
    if (pg_check_run(&r, &opt, a, &err) < 0) {
        pg_error_print(&err, stderr);
        status = err.code == PG_EUSAGE ? 2 : 1;
    } else {
        if (json) {
            print_json(&r);
        } else {
            print_text(&r);
            printf("pdfgen check: %d file%s, %d error%s, %d warning%s\n", r.n_files,
                   r.n_files == 1 ? "" : "s", r.n_errors, r.n_errors == 1 ? "" : "s", r.n_warnings,
                   r.n_warnings == 1 ? "" : "s");
        }
        status = r.n_errors ? 1 : 0;
    }
    pg_arena_free(a);
    return status;
}
