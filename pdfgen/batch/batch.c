/* batch.c — the batch run: check the list, fork the workers, keep each a few rows ahead,
 * collect results while filling the print file, then write the report. Workers are
 * processes: a crash costs one row, not the run. A worker writes its packets under
 * temporary names, waits once for the disk to hold a group of them, then renames them
 * (a power cut leaves no short file under a real name). It ignores Ctrl-C and finishes
 * the rows it holds, while the parent stops handing out rows, so an interrupted run
 * leaves only complete PDFs. */
#include "batch/batch.h"
#include "batch/merge.h"
#include "batch/roster.h"
#include "core/atomic_file.h"
#include "core/file.h"
#include "load/csv.h"
#include "pipeline.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A packet is tens of kilobytes; a file far larger in OUTDIR is not one this run wrote. */
#define MAX_PACKET_BYTES ((size_t)256 << 20)

/* A worker's answer for one row, or its word that it starts on the row (started); small
 * enough to be written to a pipe atomically. */
typedef struct result {
    int32_t worker, row, ok, pages;
    int32_t started;
    int32_t drafts;   /* handouts printed from a translation not yet reviewed */
    int32_t reviewed; /* handouts printed from a reviewed translation */
    char msg[PIPE_BUF - 8 * sizeof(int32_t)]; /* the error, or a warning when ok */
} result;

/* The rows a worker holds at once: it renders them one after the other and writes them
 * to disk as a group. */
enum { HELD = 4 };

typedef struct worker {
    pid_t pid;
    int jobs_fd;    /* the parent writes rows here */
    int held[HELD]; /* the rows handed to it and not answered, oldest first */
    int n_held;
    int in_hand; /* the row it said it started, or -1 */
} worker;

typedef struct run {
    const pg_batch_opts *o;
    pg_arena *arena;
    pg_patient *rows;
    int n_rows;
    int *status; /* per row: 0 to do, 1 written, -1 failed */
    int *pages;
    char *drafts;        /* per row: 'd' a handout from a draft translation, else 'r' one from a
                            reviewed translation, else 's' the source only */
    const char **errors; /* per row: error or warning text from the worker */
    const pg_layout *layout;
    pg_fontset *fonts;
    pg_cache *cache;
    worker *workers;
    int n_workers, result_fd, next, in_flight;
    int *retry; /* rows a crashed worker held but had not started, to hand out again */
    int n_retry;
    int result_pipe[2]; /* kept open in the parent so a crashed worker can be replaced */
    pg_batch_stats *stats;
    /* The print file, filled in list order while the workers render: the parent has
     * nothing else to do meanwhile. */
    pg_print_file *print;
    int merged;   /* every row before this one is in it, or was not written */
    int n_merged; /* packets in it */
    int merge_rc; /* the first error, in merge_err; the print file is then given up */
    pg_error merge_err;
} run;

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* ---- the worker side ----------------------------------------------------------- */

/* A job on the pipe: the row's number, then its packet as NUL-terminated strings (id,
 * file, the handouts as handout/lang/path triples, the settings as name/value/where
 * triples, each list preceded by its count). Workers are forked before the list is
 * read, so their memory does not grow with its length. */
static void put(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (*len + n > *cap) {
        *cap = (*len + n) * 2;
        if (!(*buf = realloc(*buf, *cap)))
            pg_oom();
    }
    memcpy(*buf + *len, s, n);
    *len += n;
}

static char *encode_patient(const pg_patient *p, size_t *len)
{
    char *buf = NULL, num[16];
    size_t cap = 0;
    *len = 0;
    put(&buf, len, &cap, p->id);
    put(&buf, len, &cap, p->file);
    snprintf(num, sizeof num, "%d", p->n_items);
    put(&buf, len, &cap, num);
    for (int i = 0; i < p->n_items; i++) {
        put(&buf, len, &cap, p->items[i].handout);
        put(&buf, len, &cap, p->items[i].lang);
        put(&buf, len, &cap, p->items[i].content_path);
    }
    snprintf(num, sizeof num, "%d", p->n_settings);
    put(&buf, len, &cap, num);
    for (int i = 0; i < p->n_settings; i++) {
        put(&buf, len, &cap, p->settings[i].name);
        put(&buf, len, &cap, p->settings[i].value);
        put(&buf, len, &cap, p->settings[i].where);
    }
    return buf;
}

/* The next string of a job; "" past its end. */
static const char *take(const char **at, const char *end)
{
    const char *s = *at;
    const char *nul = s < end ? memchr(s, '\0', (size_t)(end - s)) : NULL;
    if (!nul)
        return "";
    *at = nul + 1;
    return s;
}

static pg_patient decode_patient(const char *buf, size_t len, pg_arena *a)
{
    const char *at = buf, *end = buf + len;
    pg_patient p = {0};
    p.id = take(&at, end);
    p.file = take(&at, end);
    int n = atoi(take(&at, end));
    p.items = PG_ARENA_ARRAY(a, pg_packet_item, n > 0 ? n : 1);
    for (; p.n_items < n && at < end; p.n_items++) {
        pg_packet_item *it = &p.items[p.n_items];
        it->handout = take(&at, end);
        it->lang = take(&at, end);
        it->content_path = take(&at, end);
    }
    n = atoi(take(&at, end));
    p.settings = PG_ARENA_ARRAY(a, pg_setting, n > 0 ? n : 1);
    for (; p.n_settings < n && at < end; p.n_settings++) {
        pg_setting *st = &p.settings[p.n_settings];
        st->name = take(&at, end);
        st->value = take(&at, end);
        st->where = take(&at, end);
    }
    return p;
}

/* A packet rendered and written under its temporary name, waiting for its group to be
 * on disk. */
typedef struct pending {
    result res;
    pg_atomic_file file;
} pending;

/* Renders the packet of row p into a temporary file beside OUTDIR/<id>.pdf (pk->file,
 * when pk->res.ok); everything made for it lives in a, reset for the next packet. */
static void render_packet(pending *pk, run *R, const pg_patient *p, pg_arena *a)
{
    result *res = &pk->res;
    pg_error err = {0};
    pg_result *parts = PG_ARENA_ARRAY(a, pg_result, p->n_items);
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = 0;
    for (int i = 0; i < p->n_items; i++) {
        pg_job job = {.layout_path = R->o->layout_path,
                      .content_path = p->items[i].content_path,
                      .settings = p->settings,
                      .n_settings = p->n_settings};
        PG_CHECK(pg_pipeline_layout(&parts[i], &job, R->fonts, R->cache, a, &err));
    }
    PG_CHECK(pg_pipeline_pdf(&pdf, &len, &res->pages, parts, p->n_items, R->cache, &err));
    const char *path = pg_arena_printf(a, "%s/%s", R->o->out_dir, p->file);
    PG_CHECK(pg_atomic_open(&pk->file, path, &err));
    if (fwrite(pdf, 1, len, pk->file.f) != len) {
        pg_atomic_abort(&pk->file);
        PG_CHECK(pg_error_set(&err, PG_EIO, path, 0, 0, "write failed"));
    }
    PG_CHECK(pg_atomic_close(&pk->file, &err));
    res->ok = 1;
    for (int i = 0; i < p->n_items; i++) {
        const pg_binding *b = parts[i].binding;
        res->drafts += b->notice != NULL;
        res->reviewed += !b->notice && b->handout->source_version > 0;
    }
    pg_error warn = {0};
    for (int i = 0; i < p->n_items; i++)
        if (pg_pipeline_over_limit(&warn, &parts[i]))
            pg_error_format(res->msg, sizeof res->msg, &warn, NULL);
done:
    free(pdf);
    if (rc)
        pg_error_format(res->msg, sizeof res->msg, &err, NULL);
}

/* The group on disk (one sync), renamed into place, and answered. Returns -1 when the
 * parent is gone. */
static int commit_group(run *R, pending *group, int n)
{
    pg_error err = {0};
    int written = 0;
    for (int i = 0; i < n; i++)
        written |= group[i].res.ok;
    int synced = !written || pg_atomic_sync(R->o->out_dir, &err) == 0;
    for (int i = 0; i < n; i++) {
        result *res = &group[i].res;
        if (res->ok && !synced) {
            pg_atomic_abort(&group[i].file);
            res->ok = 0;
            pg_error_format(res->msg, sizeof res->msg, &err, NULL);
        } else if (res->ok && pg_atomic_publish(&group[i].file, &err)) {
            res->ok = 0;
            pg_error_format(res->msg, sizeof res->msg, &err, NULL);
        }
        if (write_all(R->result_fd, res, sizeof *res))
            return -1;
    }
    return 0;
}

/* Whether the parent has written more to fd than has been read. */
static int more_waiting(int fd)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    return poll(&pfd, 1, 0) > 0;
}

static _Noreturn void worker_main(run *R, int self, int jobs_fd)
{
    /* The parent decides when to stop; the rows held are always finished. */
    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    pg_arena *a = pg_arena_new();
    char *job = NULL;
    size_t cap = 0;
    int32_t row;
    uint32_t len;
    pending group[HELD];
    int n = 0;
    while (read_all(jobs_fd, &row, sizeof row) == 0 && read_all(jobs_fd, &len, sizeof len) == 0) {
        if (len > cap && !(job = realloc(job, cap = len)))
            pg_oom();
        if (read_all(jobs_fd, job, len))
            break;
        result start = {.worker = self, .row = row, .started = 1};
        if (write_all(R->result_fd, &start, sizeof start))
            break;
        pg_arena_reset(a);
        pg_patient p = decode_patient(job, len, a);
        group[n] = (pending){.res = {.worker = self, .row = row}};
        render_packet(&group[n++], R, &p, a);
        /* A group ends when it is full or when the parent has handed out nothing more
         * for now: no packet waits on ones the parent has not sent. */
        if (n == HELD || !more_waiting(jobs_fd)) {
            if (commit_group(R, group, n))
                break;
            n = 0;
        }
    }
    if (n)
        commit_group(R, group, n);
    free(job);
    pg_arena_free(a);
    _exit(0);
}

/* ---- the parent side ----------------------------------------------------------- */

static int spawn(run *R, int w)
{
    int jobs[2];
    if (pipe(jobs))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(jobs[0]);
        close(jobs[1]);
        return -1;
    }
    if (pid == 0) {
        close(jobs[1]);
        close(R->result_pipe[0]);
        for (int i = 0; i < R->n_workers; i++)
            if (i != w && R->workers[i].pid > 0)
                close(R->workers[i].jobs_fd);
        R->result_fd = R->result_pipe[1];
        worker_main(R, w, jobs[0]);
    }
    close(jobs[0]);
    R->workers[w] = (worker){.pid = pid, .jobs_fd = jobs[1], .in_hand = -1};
    return 0;
}

/* Hands worker w the next row to do (a row a crashed worker left first), or, with none
 * left, tells it so by closing its pipe; nothing while it holds HELD rows. */
static void dispatch(run *R, int w)
{
    worker *wk = &R->workers[w];
    if (wk->jobs_fd < 0)
        return;
    while (!stop_signal && !R->n_retry && R->next < R->n_rows && R->status[R->next] != 0)
        R->next++;
    if (stop_signal || (!R->n_retry && R->next >= R->n_rows)) {
        close(wk->jobs_fd);
        wk->jobs_fd = -1;
        return;
    }
    if (wk->n_held == HELD)
        return;
    int32_t row = R->n_retry ? R->retry[--R->n_retry] : R->next++;
    size_t len = 0;
    char *job = encode_patient(&R->rows[row], &len);
    uint32_t len32 = (uint32_t)len;
    int failed = write_all(wk->jobs_fd, &row, sizeof row) ||
                 write_all(wk->jobs_fd, &len32, sizeof len32) || write_all(wk->jobs_fd, job, len);
    free(job);
    if (failed) {
        R->status[row] = -1;
        R->errors[row] = "the worker process could not take this row";
        return;
    }
    wk->held[wk->n_held++] = row;
    R->in_flight++;
}

/* Keeps worker w HELD rows ahead (fewer when rows run out). */
static void fill(run *R, int w)
{
    for (int k = R->workers[w].n_held; k < HELD; k++)
        dispatch(R, w);
}

static void merge_ready(run *R, int all);

static void take_result(run *R, const result *res)
{
    int row = res->row;
    if (row < 0 || row >= R->n_rows || res->worker < 0 || res->worker >= R->n_workers)
        return;
    worker *wk = &R->workers[res->worker];
    if (res->started) {
        wk->in_hand = row;
        return;
    }
    int k = 0;
    while (k < wk->n_held && wk->held[k] != row)
        k++;
    if (k == wk->n_held)
        return; /* not a row it holds */
    memmove(wk->held + k, wk->held + k + 1, sizeof *wk->held * (size_t)(wk->n_held - k - 1));
    wk->n_held--;
    if (wk->in_hand == row)
        wk->in_hand = -1;
    R->status[row] = res->ok ? 1 : -1;
    R->pages[row] = res->pages;
    R->drafts[row] = res->drafts ? 'd' : res->reviewed ? 'r' : 's';
    R->errors[row] = res->msg[0] ? pg_arena_strdup(R->arena, res->msg) : NULL;
    R->in_flight--;
    dispatch(R, res->worker);
    if (!stop_signal)
        merge_ready(R, 0);
}

/* The temporary files of row, if any, removed. */
static void remove_temporary(run *R, int row)
{
    const char *prefix = pg_arena_printf(R->arena, ".%s.", R->rows[row].file);
    DIR *d = opendir(R->o->out_dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            unlinkat(dirfd(d), e->d_name, 0);
    if (d)
        closedir(d);
}

/* A worker that ended: the row it was rendering (if any) failed; the others it held are
 * handed out again; their temporary files are removed. */
static void reap(run *R, pid_t pid, int wstatus, const struct rusage *ru)
{
    long kb = ru->ru_maxrss;
    if (kb > R->stats->worker_peak_rss_kb)
        R->stats->worker_peak_rss_kb = kb;
    for (int w = 0; w < R->n_workers; w++) {
        worker *wk = &R->workers[w];
        if (wk->pid != pid)
            continue;
        wk->pid = -1;
        for (int k = 0; k < wk->n_held; k++) {
            int row = wk->held[k];
            remove_temporary(R, row);
            R->in_flight--;
            if (row != wk->in_hand) {
                R->retry[R->n_retry++] = row;
                continue;
            }
            R->status[row] = -1;
            R->errors[row] =
                pg_arena_printf(R->arena,
                                "pdfgen's worker process stopped (%s %d) while rendering this row; "
                                "nothing was written for it",
                                WIFSIGNALED(wstatus) ? "signal" : "exit status",
                                WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus));
        }
        wk->n_held = 0;
        wk->in_hand = -1;
        if (wk->jobs_fd >= 0)
            close(wk->jobs_fd);
        wk->jobs_fd = -1;
    }
}

static void show_progress(run *R, double start, double *last, int final)
{
    FILE *tty = R->o->progress;
    if (!tty)
        return;
    double t = now();
    if (!final && t - *last < 0.1)
        return;
    *last = t;
    if (final) {
        fputs("\r\033[K", tty);
        fflush(tty);
        return;
    }
    int done = 0, failed = 0;
    for (int i = 0; i < R->n_rows; i++) {
        done += R->status[i] != 0;
        failed += R->status[i] < 0;
    }
    double rate = t > start ? done / (t - start) : 0;
    int left = rate > 0 ? (int)((R->n_rows - done) / rate + 0.5) : 0;
    fprintf(tty, "\r\033[K%d/%d rows, %d failed, %.0f rows/s, %d:%02d left", done, R->n_rows,
            failed, rate, left / 60, left % 60);
    fflush(tty);
}

/* Forks the workers: after the fonts and layout are loaded (each worker has them once)
 * and before the list is read (no worker holds it). */
static void start_workers(run *R)
{
    R->n_workers = R->o->jobs;
    R->workers = PG_ARENA_ARRAY(R->arena, worker, R->n_workers);
    for (int w = 0; w < R->n_workers; w++)
        R->workers[w] = (worker){.pid = -1, .jobs_fd = -1, .in_hand = -1};
    if (pipe(R->result_pipe))
        pg_oom();
    R->result_fd = R->result_pipe[0];
    for (int w = 0; w < R->n_workers; w++)
        if (spawn(R, w))
            R->workers[w].pid = -1;
}

/* Hands out the rows to do and collects the results until every worker has ended. */
static void drive_workers(run *R)
{
    for (int k = 0; k < HELD; k++) /* in turn, so a short list is shared out evenly */
        for (int w = 0; w < R->n_workers; w++)
            if (R->workers[w].pid > 0)
                dispatch(R, w);
    double start = now(), last = 0;
    int live = 0;
    for (int w = 0; w < R->n_workers; w++)
        live += R->workers[w].pid > 0;
    while (live > 0) {
        if (stop_signal)
            for (int w = 0; w < R->n_workers; w++)
                dispatch(R, w); /* closes its pipe: the worker ends after the rows it holds */
        /* Once every worker has been told to end and no row is out, all that is left is
         * to see them exit: wait for that, rather than poll for results none will send. */
        int ending = R->in_flight == 0;
        for (int w = 0; w < R->n_workers; w++)
            ending &= R->workers[w].pid < 0 || R->workers[w].jobs_fd < 0;
        struct pollfd pfd = {R->result_fd, POLLIN, 0};
        if (!ending && poll(&pfd, 1, 200) > 0) {
            result res;
            if (read_all(R->result_fd, &res, sizeof res) == 0)
                take_result(R, &res);
        }
        int wstatus;
        struct rusage ru;
        pid_t pid;
        while ((pid = wait4(-1, &wstatus, ending ? 0 : WNOHANG, &ru)) > 0) {
            /* What it answered before it ended is in the pipe: take that first. */
            result res;
            while (more_waiting(R->result_fd) && read_all(R->result_fd, &res, sizeof res) == 0)
                take_result(R, &res);
            reap(R, pid, wstatus, &ru);
            live--;
            /* A crashed worker is replaced while rows remain. */
            for (int w = 0; w < R->n_workers && !stop_signal; w++)
                if (R->workers[w].pid < 0 && (R->n_retry || R->next < R->n_rows) &&
                    spawn(R, w) == 0) {
                    live++;
                    fill(R, w);
                }
        }
        show_progress(R, start, &last, 0);
    }
    /* Results written just before a worker exited are still in the pipe. */
    close(R->result_pipe[1]);
    result res;
    while (read_all(R->result_fd, &res, sizeof res) == 0)
        take_result(R, &res);
    close(R->result_fd);
    show_progress(R, start, &last, 1);
}

/* ---- before and after ---------------------------------------------------------- */

/* An output file's absolute name (its directory resolved), to compare outputs. */
static const char *absolute(const char *path, pg_arena *a)
{
    const char *slash = strrchr(path, '/');
    const char *dir =
        slash ? (slash == path ? "/" : pg_arena_strndup(a, path, (size_t)(slash - path))) : ".";
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return NULL;
    return pg_arena_printf(a, "%s/%s", real, slash ? slash + 1 : path);
}

/* --merge and --report: what every output must be (see pg_file_check_output), and not
 * a packet this run writes. */
static int check_output(run *R, const char *path, const char *option, pg_error *err)
{
    const pg_batch_opts *o = R->o;
    const char *inputs[] = {o->csv_path, o->layout_path, o->fonts_path, o->merge_path,
                            o->report_path};
    int rc = 0;
    PG_CHECK(pg_file_check_output(path, option, inputs, sizeof inputs / sizeof *inputs, err));
    const char *abs = absolute(path, R->arena);
    char dir[PATH_MAX];
    size_t k = abs && realpath(o->out_dir, dir) ? strlen(dir) : 0;
    int in_out_dir = k && !strncmp(abs, dir, k) && abs[k] == '/';
    for (int i = 0; in_out_dir && i < R->n_rows; i++)
        if (R->rows[i].file && !strcmp(abs + k + 1, R->rows[i].file))
            return pg_error_set(err, PG_EINPUT, path, 0, 0,
                                "%s names the packet of the row on line %d; choose another name",
                                option, R->rows[i].line);
done:
    return rc;
}

static int make_out_dir(const char *dir, pg_error *err)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)))
        return 0;
    if (errno == EEXIST)
        return pg_error_set(err, PG_EINPUT, dir, 0, 0, "exists and is not a directory");
    return pg_error_set(err, PG_EINPUT, dir, 0, 0, "cannot create the output directory: %s%s",
                        strerror(errno),
                        errno == ENOENT ? " (its parent directory must exist)" : "");
}

static const char *status_name(const run *R, int i)
{
    if (R->status[i] > 0)
        return R->rows[i].note ? "fallback" : "written";
    return R->status[i] < 0 ? "failed" : "not-run";
}

/* The report: one line per row, written to a temporary file renamed when complete. */
static int write_report(run *R, pg_error *err)
{
    pg_atomic_file af;
    int rc = 0;
    PG_CHECK(pg_atomic_open(&af, R->o->report_path, err));
    FILE *f = af.f;
    fputs("line,id,language,status,pages,translation,output,error\n", f);
    for (int i = 0; i < R->n_rows; i++) {
        const pg_patient *p = &R->rows[i];
        char num[32];
        snprintf(num, sizeof num, "%d", p->line);
        pg_csv_write_field(f, num, 0);
        pg_csv_write_field(f, p->id, 0);
        pg_csv_write_field(f, p->lang, 0);
        pg_csv_write_field(f, status_name(R, i), 0);
        snprintf(num, sizeof num, "%d", R->pages[i]);
        pg_csv_write_field(f, R->status[i] > 0 ? num : "", 0);
        /* Whether the packet carries a translation no qualified translator has signed off:
         * the print room can tell before a patient gets it. */
        pg_csv_write_field(f,
                           R->status[i] <= 0     ? ""
                           : R->drafts[i] == 'd' ? "draft"
                           : R->drafts[i] == 'r' ? "reviewed"
                                                 : "source",
                           0);
        pg_csv_write_field(
            f, R->status[i] > 0 ? pg_arena_printf(R->arena, "%s/%s", R->o->out_dir, p->file) : "",
            0);
        const char *why = p->error ? p->error : R->status[i] < 0 ? R->errors[i] : p->note;
        if (R->status[i] == 0 && !why)
            why = "not rendered: the run was interrupted";
        pg_csv_write_field(f, why, 1);
    }
    PG_CHECK(pg_atomic_commit(&af, err));
done:
    return rc;
}

/* Adds the written packets that come next in list order to the print file; with all,
 * rows never run are passed over too (nothing more will come). */
static void merge_ready(run *R, int all)
{
    while (R->print && !R->merge_rc && R->merged < R->n_rows &&
           (all || R->status[R->merged] != 0)) {
        const pg_patient *p = &R->rows[R->merged];
        if (R->status[R->merged++] <= 0)
            continue;
        const char *path = pg_arena_printf(R->arena, "%s/%s", R->o->out_dir, p->file);
        char *mark = p->name ? pg_arena_printf(R->arena, "%s \xE2\x80\x94 %s", p->id, p->name)
                             : (char *)p->id;
        char *data = NULL;
        size_t len = 0;
        R->merge_rc =
            pg_file_read(&data, &len, path, MAX_PACKET_BYTES,
                         "is larger than a packet pdfgen writes; was it replaced?", &R->merge_err);
        if (!R->merge_rc)
            R->merge_rc = pg_print_file_add(R->print, (const unsigned char *)data, len, path, mark,
                                            &R->merge_err);
        free(data);
        R->n_merged += !R->merge_rc;
    }
}

static void start_print_file(run *R)
{
    if (R->o->merge_path)
        R->merge_rc =
            pg_print_file_open(&R->print, R->o->merge_path, R->layout->duplex, &R->merge_err);
}

/* Every written packet in list order; Ctrl-C on the way leaves no print file. */
static int finish_print_file(run *R, pg_error *err)
{
    merge_ready(R, 1);
    int rc = R->merge_rc;
    if (rc)
        *err = R->merge_err;
    else if (stop_signal)
        rc = pg_error_set(err, PG_EINPUT, R->o->merge_path, 0, 0,
                          "interrupted: no print file written");
    else if (R->n_merged == 0)
        rc = pg_error_set(err, PG_EINPUT, R->o->merge_path, 0, 0,
                          "no packet was written, so there is no print file");
    if (rc) {
        pg_print_file_abort(R->print);
        R->print = NULL;
        return rc;
    }
    const char *base = strrchr(R->o->csv_path, '/');
    const char *title = pg_arena_printf(R->arena, "Print file: %s (%d patients)",
                                        base ? base + 1 : R->o->csv_path, R->n_merged);
    int pages = 0;
    rc = pg_print_file_close(R->print, title, &pages, err);
    R->print = NULL;
    return rc;
}

/* Row errors and warnings, in the order of the list. */
static void log_rows(run *R)
{
    FILE *log = R->o->log;
    const char **seen = PG_ARENA_ARRAY(R->arena, const char *, R->n_rows);
    int n_seen = 0;
    for (int i = 0; i < R->n_rows; i++) {
        const pg_patient *p = &R->rows[i];
        if (R->status[i] < 0)
            fprintf(log, "%s:%d: error: %s\n", R->o->csv_path, p->line,
                    p->error ? p->error : R->errors[i]);
        else if (R->status[i] > 0 && p->note)
            fprintf(log, "%s:%d: warning: %s\n", R->o->csv_path, p->line, p->note);
        if (R->status[i] > 0 && R->errors[i]) {
            /* A warning about the content shows once, not once per patient. */
            int dup = 0;
            for (int k = 0; k < n_seen && !dup; k++)
                dup = !strcmp(seen[k], R->errors[i]);
            if (!dup) {
                seen[n_seen++] = R->errors[i];
                fprintf(log, "%s:%d: warning: %s\n", R->o->csv_path, p->line, R->errors[i]);
            }
        }
    }
}

/* What every worker needs, loaded once before they are forked. */
static int prepare_render(run *R, pg_error *err)
{
    int rc = 0;
    PG_CHECK(pg_pipeline_load_layout(&R->layout, R->o->layout_path, R->cache, R->arena, err));
    PG_CHECK(pg_pipeline_fonts(&R->fonts, R->o->fonts_path, err));
done:
    return rc;
}

/* The list, checked row by row, and the places the outputs go. */
static int prepare_list(run *R, pg_error *err)
{
    const pg_batch_opts *o = R->o;
    pg_csv csv;
    pg_roster_opts ro = {o->csv_path, o->content_root, o->handouts, o->n_handouts,
                         o->fallback_lang};
    int rc = 0;
    PG_CHECK(pg_csv_read(&csv, o->csv_path, R->arena, err));
    PG_CHECK(pg_roster_build(&R->rows, &R->n_rows, &csv, &ro, R->arena, err));
    /* OUTDIR first: the print file or report may go inside it. */
    PG_CHECK(make_out_dir(o->out_dir, err));
    if (o->merge_path)
        PG_CHECK(check_output(R, o->merge_path, "--merge", err));
    if (o->report_path)
        PG_CHECK(check_output(R, o->report_path, "--report", err));
    R->status = PG_ARENA_ARRAY(R->arena, int, R->n_rows);
    R->pages = PG_ARENA_ARRAY(R->arena, int, R->n_rows);
    R->drafts = PG_ARENA_ARRAY(R->arena, char, R->n_rows);
    R->errors = PG_ARENA_ARRAY(R->arena, const char *, R->n_rows);
    R->retry = PG_ARENA_ARRAY(R->arena, int, R->n_rows + 1);
    for (int i = 0; i < R->n_rows; i++)
        R->status[i] = R->rows[i].error ? -1 : 0;
done:
    if (rc)
        R->n_rows = 0;
    return rc;
}

int pg_batch_run(pg_batch_stats *out, const pg_batch_opts *o, pg_error *err)
{
    memset(out, 0, sizeof *out);
    double start = now();
    run R = {.o = o, .arena = pg_arena_new(), .cache = pg_cache_new(), .stats = out};
    struct sigaction sa = {0}, old[3];
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    stop_signal = 0;
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &sa, &old[i]);
    int rc = 0;
    PG_CHECK(prepare_render(&R, err));
    start_workers(&R);
    rc = prepare_list(&R, err);
    if (!rc)
        start_print_file(&R);
    drive_workers(&R); /* with no rows (rc set), the workers are only told to end */
    PG_CHECK(rc);
    for (int i = 0; i < R.n_rows; i++) {
        out->written += R.status[i] > 0;
        out->failed += R.status[i] < 0;
        out->not_run += R.status[i] == 0;
        out->pages += R.status[i] > 0 ? R.pages[i] : 0;
    }
    out->rows = R.n_rows;
    log_rows(&R);
    pg_error oerr = {0};
    if (o->report_path && write_report(&R, &oerr)) {
        pg_error_print(&oerr, o->log);
        out->outputs_failed = 1;
    }
    if (o->merge_path && finish_print_file(&R, &oerr)) {
        if (!stop_signal)
            pg_error_print(&oerr, o->log);
        out->outputs_failed = !stop_signal;
    }
    out->signal = stop_signal;
done:
    pg_print_file_abort(R.print);
    for (int i = 0; i < 3; i++)
        sigaction(sigs[i], &old[i], NULL);
    out->seconds = now() - start;
    pg_fontset_free(R.fonts);
    pg_cache_free(R.cache);
    pg_arena_free(R.arena);
    return rc;
}
