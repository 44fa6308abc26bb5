/* main.c — the pdfgen command line: parses arguments, runs the pipeline, prints, and
 * picks the exit status (0 done, 1 input rejected or an output failed, 2 usage error). */
#include "batch/batch.h"
#include "cmd/cmd.h"
#include "core/file.h"
#include "core/names.h"
#include "pipeline.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SETTINGS 256

static const char usage_main[] =
    "usage: pdfgen render -l LAYOUT.xml -c CONTENT.xml [--set NAME=VALUE ...] -o OUT.pdf\n"
    "       pdfgen batch  -l LAYOUT.xml --data PATIENTS.csv -o OUTDIR [--handout ID ...]\n"
    "                     [--content-root content] [--jobs N] [--merge PRINT.pdf]\n"
    "                     [--report REPORT.csv] [--fallback-lang LANG]\n"
    "       pdfgen xliff export --handout ID --lang LANG -o FILE.xlf | xliff import FILE.xlf\n"
    "       pdfgen check  [--content-root content] [--layout LAYOUT.xml] [--format text|json]\n"
    "                     [HANDOUT-ID ...]\n"
    "       pdfgen --help | --version | pdfgen CMD --help\n"
    "\n"
    "Turns a layout definition and handout content (XML) into print-ready PDFs.\n";

static const char usage_batch[] =
    "usage: pdfgen batch -l LAYOUT.xml --data PATIENTS.csv -o OUTDIR [options]\n"
    "\n"
    "One PDF per patient row, OUTDIR/<id>.pdf, holding the row's handouts in its language.\n"
    "The CSV (UTF-8, a header row) has the columns id, lang, optionally handouts\n"
    "(e.g. mitraclip-procedure-day;mitraclip-home-care) and one column per variable\n"
    "(patient_name, procedure_date as YYYY-MM-DD, arrival_time as HH:MM, ...).\n"
    "\n"
    "  -l, --layout FILE        layout definition (layouts/*.xml)\n"
    "  -d, --data FILE          the patient list (CSV)\n"
    "  -o, --output DIR         where the packets go (created if missing)\n"
    "      --handout ID         a handout for rows without a handouts value (repeatable)\n"
    "      --content-root DIR   the content tree (default: content)\n"
    "  -j, --jobs N             worker processes (default: the number of cores)\n"
    "      --merge FILE         also write one print file of every packet, in list order\n"
    "      --report FILE        also write a CSV report of every row\n"
    "      --fallback-lang LANG print a missing translation in LANG (the report says so)\n"
    "                           instead of failing the row\n"
    "      --fonts FILE         font configuration (default: $PDFGEN_FONTS or the installed\n"
    "                           fonts/fonts.xml)\n"
    "\n"
    "A bad row fails alone (FILE.csv:LINE: error: ...); the others are written.\n"
    "Exit status: 0 all written, 1 a row or an output failed, 2 usage error.\n";

static const char usage_render[] =
    "usage: pdfgen render -l LAYOUT.xml -c CONTENT.xml [--set NAME=VALUE ...] -o OUT.pdf\n"
    "\n"
    "  -l, --layout FILE    layout definition (layouts/*.xml)\n"
    "  -c, --content FILE   handout content (content/<handout>/<lang>.xml)\n"
    "  -s, --set NAME=VALUE a variable, e.g. --set patient_name=\"Ana Ruiz\"\n"
    "                       --set procedure_date=2026-12-03 --set arrival_time=07:30\n"
    "  -o, --output FILE    the PDF to write (its directory must exist)\n"
    "      --fonts FILE     font configuration (default: $PDFGEN_FONTS or the installed\n"
    "                       fonts/fonts.xml)\n"
    "      --dump           write a text dump of the laid-out pages instead of a PDF\n"
    "      --preview        for translators: every variable as [name], no values needed;\n"
    "                       lines still in the source language framed in orange, pages\n"
    "                       past the layout's max-pages framed in red, a block that should\n"
    "                       stay on one page but is split framed in purple, and a note for each\n"
    "                       on stderr\n"
    "\n"
    "Exit status: 0 written, 1 input rejected, 2 usage error.\n";

static const char *command = "render";

static int usage_error(const char *msg, const char *arg)
{
    return pg_cmd_usage_error(command, msg, arg);
}

static int report(const pg_error *err)
{
    pg_error_print(err, stderr);
    return pg_cmd_exit_status(err->code);
}

static void warn(const pg_error *w)
{
    char buf[sizeof w->file + sizeof w->msg + 64];
    pg_error_format(buf, sizeof buf, w, "warning");
    fprintf(stderr, "%s\n", buf);
}

/* What a preview marks, as notes a translator's editor can jump to: each block still in
 * the source language once, and the first block on each page past max-pages. */
static void preview_notes(const pg_pages *pp)
{
    const pg_bblock *last = NULL;
    for (int p = 0; p < pp->n_pages; p++) {
        const pg_page *page = &pp->pages[p];
        int past = 0;
        for (int i = 0; i < page->n_boxes; i++) {
            const pg_box *b = &page->boxes[i];
            if (!strcmp(b->role, "preview-past-max-pages"))
                past = 1;
            if (!strcmp(b->role, "preview-split")) {
                /* A callout stays whole as one: name it, not the paragraph inside. */
                const pg_bblock *whole = b->from;
                while (whole->parent && whole->parent->kind == PG_BLK_CALLOUT)
                    whole = whole->parent;
                fprintf(stderr,
                        "%s:%d:%d: note: block %s should stay on one page but does not fit: it "
                        "goes on at the top of page %d\n",
                        b->pos.file, b->pos.line, b->pos.col, whole->id, p + 1);
            }
        }
        for (int i = 0; i < page->n_boxes; i++) {
            const pg_box *b = &page->boxes[i];
            if (b->part != PG_PART_CONTENT || !b->from || !b->pos.file)
                continue;
            if (past) {
                fprintf(stderr,
                        "%s:%d:%d: note: page %d is past the layout's max-pages; it "
                        "starts with block %s\n",
                        b->pos.file, b->pos.line, b->pos.col, p + 1,
                        b->from->id ? b->from->id : "(untitled)");
                past = 0;
            }
            if (b->from->untranslated && b->from != last) {
                fprintf(stderr, "%s:%d:%d: note: block %s is still in the source language\n",
                        b->pos.file, b->pos.line, b->pos.col, b->from->id);
                last = b->from;
            }
        }
    }
}

static int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'l'},
        {"content", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"fonts", required_argument, NULL, 'F'},
        {"dump", no_argument, NULL, 'D'},
        {"preview", no_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *layout = NULL, *content = NULL, *out = NULL, *fonts_path = NULL;
    int dump = 0, preview = 0;
    pg_setting settings[MAX_SETTINGS];
    int n_settings = 0;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":l:c:s:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            layout = optarg;
            break;
        case 'c':
            content = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'F':
            fonts_path = optarg;
            break;
        case 'D':
            dump = 1;
            break;
        case 'P':
            preview = 1;
            break;
        case 's': {
            const char *eq = strchr(optarg, '=');
            if (!eq || !pg_name_valid(optarg, (size_t)(eq - optarg)))
                return usage_error("--set needs NAME=VALUE with a name like patient_name", optarg);
            if (n_settings == MAX_SETTINGS)
                return usage_error("too many --set options", NULL);
            char *name = strndup(optarg, (size_t)(eq - optarg));
            if (!name)
                pg_oom();
            if (pg_name_builtin(name)) {
                free(name);
                return usage_error("--set cannot give a built-in variable (page, pages, today)",
                                   optarg);
            }
            settings[n_settings++] = (pg_setting){name, eq + 1, NULL};
            break;
        }
        case 'h':
            fputs(usage_render, stdout);
            return 0;
        case ':':
            return usage_error("option needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    if (!layout || !content || !out)
        return usage_error("render needs -l LAYOUT, -c CONTENT and -o OUT", NULL);
    if (!fonts_path)
        fonts_path = pg_default_fonts_path();

    pg_error err = {0};
    pg_fontset *fonts = NULL;
    pg_arena *a = pg_arena_new();
    const char *inputs[] = {layout, content, fonts_path};
    pg_job job = {.layout_path = layout,
                  .content_path = content,
                  .settings = settings,
                  .n_settings = n_settings,
                  .preview = preview};
    pg_result r = {0};
    int n_pages, rc = 0;
    PG_CHECK(pg_file_check_output(out, "-o", inputs, 3, &err));
    PG_CHECK(pg_pipeline_fonts(&fonts, fonts_path, &err));
    PG_CHECK(pg_pipeline_layout(&r, &job, fonts, NULL, a, &err));
    pg_error w = {0};
    if (pg_pipeline_over_limit(&w, &r))
        warn(&w);
    if (preview)
        preview_notes(r.pages);
    PG_CHECK(
        pg_pipeline_write(&n_pages, &r, 1, out, dump ? PG_OUTPUT_DUMP : PG_OUTPUT_PDF, NULL, &err));
done:
    for (int i = 0; i < n_settings; i++)
        free((char *)settings[i].name);
    pg_fontset_free(fonts);
    pg_arena_free(a);
    return rc ? report(&err) : 0;
}

#define MAX_HANDOUTS 64

static int cmd_batch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"layout", required_argument, NULL, 'l'},
        {"data", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"handout", required_argument, NULL, 'H'},
        {"content-root", required_argument, NULL, 'C'},
        {"jobs", required_argument, NULL, 'j'},
        {"merge", required_argument, NULL, 'M'},
        {"report", required_argument, NULL, 'R'},
        {"fallback-lang", required_argument, NULL, 'L'},
        {"fonts", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *handouts[MAX_HANDOUTS];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    pg_batch_opts o = {.content_root = "content",
                       .handouts = handouts,
                       .jobs = cores > 0 ? (int)cores : 1,
                       .log = stderr};
    command = "batch";
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":l:d:o:j:h", opts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o.layout_path = optarg;
            break;
        case 'd':
            o.csv_path = optarg;
            break;
        case 'o':
            o.out_dir = optarg;
            break;
        case 'H':
            if (o.n_handouts == MAX_HANDOUTS)
                return usage_error("too many --handout options", NULL);
            handouts[o.n_handouts++] = optarg;
            break;
        case 'C':
            o.content_root = optarg;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256)
                return usage_error("--jobs needs a number from 1 to 256", optarg);
            o.jobs = (int)n;
            break;
        }
        case 'M':
            o.merge_path = optarg;
            break;
        case 'R':
            o.report_path = optarg;
            break;
        case 'L':
            o.fallback_lang = optarg;
            break;
        case 'F':
            o.fonts_path = optarg;
            break;
        case 'h':
            fputs(usage_batch, stdout);
            return 0;
        case ':':
            return usage_error("option needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    if (!o.layout_path || !o.csv_path || !o.out_dir)
        return usage_error("batch needs -l LAYOUT, --data PATIENTS.csv and -o OUTDIR", NULL);
    if (!o.fonts_path)
        o.fonts_path = pg_default_fonts_path();
    o.progress = isatty(STDERR_FILENO) ? stderr : NULL;

    pg_batch_stats st;
    pg_error err = {0};
    if (pg_batch_run(&st, &o, &err))
        return report(&err);
    printf("pdfgen batch: %d written, %d failed, %d pages, %.1f seconds", st.written, st.failed,
           st.pages, st.seconds);
    if (st.not_run)
        printf(", %d not run (interrupted)", st.not_run);
    putchar('\n');
    fflush(stdout);
    if (st.signal) {
        /* Stop the way the signal would have, so a calling script sees it. */
        signal(st.signal, SIG_DFL);
        raise(st.signal);
    }
    return st.failed || st.outputs_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("pdfgen %s\n", PG_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "render"))
        return cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "batch"))
        return cmd_batch(argc - 1, argv + 1);
    if (!strcmp(cmd, "xliff"))
        return pg_cmd_xliff(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return pg_cmd_check(argc - 1, argv + 1);
    fprintf(stderr, "pdfgen: error: unknown command '%s'\n", cmd);
    fputs(usage_main, stderr);
    return 2;
}
