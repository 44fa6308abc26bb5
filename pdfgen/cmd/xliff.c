/* cmd/xliff.c — `pdfgen xliff export` and `pdfgen xliff import`: the command line around
 * load/xliff.h. Usage errors exit 2 (`pdfgen: error: ...`), a refused or failed import
 * or export exits 1 with one FILE:LINE:COL: error: line per problem. */
#include "cmd/cmd.h"
#include "core/file.h"
#include "load/xliff.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_xliff[] =
    "usage: pdfgen xliff export --handout ID --lang LANG -o FILE.xlf [--content-root DIR]\n"
    "       pdfgen xliff import FILE.xlf [--content-root DIR] [--by NAME] [--kind KIND]\n"
    "                           [--reviewer \"NAME, CREDENTIAL\"]\n"
    "\n"
    "export writes the handout's text (content/ID/en.xml) for a CAT tool as XLIFF 1.2, one\n"
    "unit per block, the existing translation (content/ID/LANG.xml) as the targets.\n"
    "import checks every unit against the current source and writes content/ID/LANG.xml,\n"
    "or refuses with one line per problem and leaves the file as it was.\n"
    "\n"
    "  --handout ID           the handout (a folder of the content tree)\n"
    "  --lang LANG            the target language, a BCP 47 tag (es, zh-Hans)\n"
    "  -o, --output FILE      the XLIFF file to write\n"
    "  --content-root DIR     the content tree (default: content)\n"
    "  --by NAME              who translated it (required for a new translation)\n"
    "  --kind KIND            person, agency or machine (default: person with --by)\n"
    "  --reviewer \"NAME, CREDENTIAL\"\n"
    "                         sign the translation off as reviewed: only when every unit\n"
    "                         is approved (approved=\"yes\" or state=\"signed-off\")\n"
    "\n"
    "Dates are today's (SOURCE_DATE_EPOCH when set).\n"
    "Exit status: 0 done, 1 input rejected, 2 usage error.\n";

/* Today as YYYY-MM-DD, from SOURCE_DATE_EPOCH when set (reproducible builds). */
static void today(char out[11])
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    time_t now = env && *env ? (time_t)strtoll(env, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int pg_cmd_xliff(int argc, char **argv)
{
    static const struct option opts[] = {
        {"handout", required_argument, NULL, 'H'},
        {"lang", required_argument, NULL, 'L'},
        {"output", required_argument, NULL, 'o'},
        {"content-root", required_argument, NULL, 'R'},
        {"by", required_argument, NULL, 'B'},
        {"kind", required_argument, NULL, 'K'},
        {"reviewer", required_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2) {
        if (argc == 1 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")))
            return fputs(usage_xliff, stdout), 0;
        return pg_cmd_usage_error("xliff", "xliff needs export or import", NULL);
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "--help") || !strcmp(sub, "-h"))
        return fputs(usage_xliff, stdout), 0;
    int export = !strcmp(sub, "export");
    if (!export && strcmp(sub, "import"))
        return pg_cmd_usage_error("xliff", "xliff needs export or import", sub);
    const char *handout = NULL, *lang = NULL, *out = NULL, *root = "content";
    pg_xliff_import_opts io = {0};
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc - 1, argv + 1, ":o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'H':
            handout = optarg;
            break;
        case 'L':
            lang = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'R':
            root = optarg;
            break;
        case 'B':
            io.by = optarg;
            break;
        case 'K':
            if (strcmp(optarg, "person") && strcmp(optarg, "agency") && strcmp(optarg, "machine"))
                return pg_cmd_usage_error("xliff", "--kind needs person, agency or machine",
                                          optarg);
            io.kind = optarg;
            break;
        case 'V': {
            const char *comma = strchr(optarg, ',');
            if (!comma || comma == optarg || !comma[1] || !comma[strspn(comma + 1, " ") + 1])
                return pg_cmd_usage_error("xliff", "--reviewer needs \"NAME, CREDENTIAL\"", optarg);
            io.reviewer = optarg;
            break;
        }
        case 'h':
            fputs(usage_xliff, stdout);
            return 0;
        case ':':
            return pg_cmd_usage_error("xliff", "option needs an argument", argv[optind]);
        default:
            return pg_cmd_usage_error("xliff", "unknown option", argv[optind]);
        }
    }
    char **rest = argv + 1 + optind;
    int n_rest = argc - 1 - optind;
    if (export) {
        if (n_rest > 0)
            return pg_cmd_usage_error("xliff", "unexpected argument", rest[0]);
        if (io.by || io.kind || io.reviewer)
            return pg_cmd_usage_error("xliff", "--by, --kind and --reviewer belong to xliff import",
                                      NULL);
        if (!handout || !lang || !out)
            return pg_cmd_usage_error(
                "xliff", "xliff export needs --handout ID, --lang LANG and -o FILE.xlf", NULL);
    } else {
        if (handout || lang || out)
            return pg_cmd_usage_error("xliff",
                                      "xliff import takes the file only: the handout and language "
                                      "are in it",
                                      NULL);
        if (n_rest != 1)
            return pg_cmd_usage_error("xliff",
                                      n_rest ? "xliff import takes one file"
                                             : "xliff import needs "
                                               "FILE.xlf",
                                      n_rest ? rest[1] : NULL);
    }
    if (io.kind && !io.by)
        return pg_cmd_usage_error("xliff", "--kind goes with --by", io.kind);

    pg_error err = {0};
    pg_arena *a = pg_arena_new();
    int rc = 0;
    if (export) {
        /* The handout's files are inputs: -o may not name them. */
        const char *inputs[] = {pg_arena_printf(a, "%s/%s/en.xml", root, handout),
                                pg_arena_printf(a, "%s/%s/%s.xml", root, handout, lang)};
        rc = pg_file_check_output(out, "-o", inputs, 2, &err);
        if (!rc)
            rc = pg_xliff_export(out, root, handout, lang, a, &err);
        if (rc == PG_EUSAGE) {
            pg_cmd_usage_error("xliff", err.msg, NULL);
        } else if (rc) {
            pg_error_print(&err, stderr);
        }
    } else {
        char day[11];
        today(day);
        io.content_root = root;
        io.today = day;
        const char *written = NULL;
        pg_xliff_finding *found = NULL;
        rc = pg_xliff_import(&written, &found, rest[0], &io, a, &err);
        if (rc == PG_EUSAGE) {
            pg_cmd_usage_error("xliff", err.msg, NULL);
        } else if (found) {
            int n = 0;
            for (const pg_xliff_finding *f = found; f; f = f->next, n++)
                pg_error_print(&f->e, stderr);
            fprintf(stderr, "pdfgen: error: %s refused (%d problem%s); nothing was written\n",
                    rest[0], n, n == 1 ? "" : "s");
        } else if (rc) {
            pg_error_print(&err, stderr);
        } else {
            printf("%s\n", written);
        }
    }
    pg_arena_free(a);
    return pg_cmd_exit_status(rc);
}
