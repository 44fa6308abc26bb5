#!/usr/bin/env python3
"""batch.py [PDFGEN] [--rows N] [--jobs J] [--runs R] [--merge] [--growth] — measures
`pdfgen batch` on a synthetic patient list.

The list (written to a temp dir) has N rows (default 1000) spread evenly over every
shipped language (the basenames of content/common/*.xml), each row asking for both
MitraClip handouts, with names in the language's script, dates in December 2026,
arrival times 07:00-11:45 and varied phone numbers; ids are unique. The batch is run
R times (default 5) with layouts/large-print-letter.xml and --jobs J (default 2), each
time as one process from the repo root into a fresh output directory that is deleted
afterwards. Wall time is perf_counter around fork/exec/wait4, so start-up, font
discovery, the workers and the final summary are all included; peak RSS is ru_maxrss
from wait4, which on Linux is the largest RSS of pdfgen and of every worker it forked
and waited for. Every run must exit 0, print "W written, 0 failed" with W = N and leave
N PDFs. Printed per run and as the median over runs: packets/s, pages/s (pages from
pdfgen's summary line), peak RSS in MiB and bytes per packet (total size of the packet
PDFs / N).

--merge  also does R separate runs with --merge, each right after a plain run (so the
         packet figures above stay comparable and drift hits both alike), and prints
         their median wall time, the extra time over the plain runs, peak RSS and the
         size of the print file.
--growth instead runs once with 1,000 rows and once with 10,000 rows (jobs as given, no
         merge) and prints the peak RSS of both and their ratio: memory should not grow
         with the length of the list."""
import argparse
import csv
import glob
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAYOUT = "layouts/large-print-letter.xml"
HANDOUTS = "mitraclip-procedure-day;mitraclip-home-care"
HEADER = ["id", "lang", "handouts", "patient_name", "procedure_date", "arrival_time",
          "care_team_phone"]

# A few realistic names per language, in the language's own script.
NAMES = {
    "en": ["Maria Lopez", "John O'Connor", "Patricia Williams", "Robert Johnson",
           "Linda Nguyen-Baker", "James Smith"],
    "es": ["María José Núñez", "José Ángel Ibáñez", "Lucía Peña Gómez", "Andrés Muñoz",
           "Inés Martínez Suárez", "Begoña Sáenz"],
    "fr": ["François Lefèvre", "Hélène Dubois", "Jérôme Gaëtan Moreau", "Zoé Bérénice Roux",
           "Cécile Lemaître", "Noël Girard"],
    "vi": ["Nguyễn Thị Hương", "Trần Văn Đức", "Lê Thị Ánh Tuyết", "Phạm Quốc Bảo",
           "Hoàng Minh Châu", "Đặng Thuỳ Dương"],
    "ht": ["Jean-Baptiste Désir", "Marie-Lourdes Pierre-Louis", "Wilfrid Théodore",
           "Rose-Michelle Célestin", "Ti Jan Estimé", "Nadège Jérôme"],
    "ar": ["محمد عبد الله", "فاطمة الزهراء", "أحمد حسن", "ليلى منصور", "يوسف الخطيب",
           "نور الهدى سليم"],
    "zh-Hans": ["王秀英", "李伟", "张静", "刘洋", "陈晓明", "黄丽华"],
    "ru": ["Иван Петрович Смирнов", "Анна Сергеевна Кузнецова", "Дмитрий Волков",
           "Ольга Попова", "Наталья Соколова", "Сергей Лебедев"],
    "ko": ["김민준", "이서연", "박지훈", "최수아", "정하은", "강도윤"],
    "hi": ["राजेश कुमार", "सुनीता शर्मा", "अमित पटेल", "प्रिया सिंह", "अनिल वर्मा",
           "कविता गुप्ता"],
}
LATIN = NAMES["en"]  # for a language shipped later without a list of its own


def languages():
    langs = sorted(os.path.basename(p)[:-4]
                   for p in glob.glob(os.path.join(root, "content", "common", "*.xml")))
    if not langs:
        sys.exit("no languages under %s/content/common" % root)
    return langs


def write_list(path, n, langs):
    rnd = random.Random(20261201)  # the same list every time
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for i in range(n):
            lang = langs[i % len(langs)]
            names = NAMES.get(lang, LATIN)
            w.writerow(["p%06d" % (i + 1), lang, HANDOUTS, names[(i // len(langs)) % len(names)],
                        "2026-12-%02d" % rnd.randint(1, 31),
                        "%02d:%02d" % (rnd.randint(7, 11), rnd.choice((0, 15, 30, 45))),
                        "(%03d) %03d-%04d" % (rnd.choice((212, 305, 415, 617, 713, 808)),
                                              rnd.randint(200, 999), rnd.randint(0, 9999))])


def run(args, tmp):
    """fork/exec/wait4 one pdfgen from the repo root -> (seconds, peak RSS MiB, stdout)."""
    out_path, err_path = os.path.join(tmp, "stdout"), os.path.join(tmp, "stderr")
    sys.stdout.flush()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(root)
            os.dup2(os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
            os.dup2(os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
            os.execv(args[0], args)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    dt = time.perf_counter() - t0
    with open(out_path, encoding="utf-8", errors="replace") as f:
        stdout = f.read()
    if status != 0:
        with open(err_path, encoding="utf-8", errors="replace") as f:
            err = f.read().splitlines()
        sys.exit("failed (%s): %s\n%s" % (
            "exit %d" % os.waitstatus_to_exitcode(status) if os.WIFEXITED(status)
            else "signal %d" % os.WTERMSIG(status), " ".join(args),
            "\n".join(err[-10:] + stdout.splitlines()[-3:])))
    return dt, usage.ru_maxrss / 1024.0, stdout  # KiB -> MiB


def summary(stdout, n):
    """'pdfgen batch: W written, F failed, P pages, S seconds' -> (P, S), checking W and F."""
    lines = stdout.strip().splitlines()
    last = lines[-1] if lines else ""
    try:
        head, rest = last.split(": ", 1)
        w, f, p, s = (x.split()[0] for x in rest.split(", "))
        w, f, p, s = int(w), int(f), int(p), float(s)
    except ValueError:
        sys.exit("unexpected last line of stdout: %r" % last)
    if head != "pdfgen batch" or w != n or f != 0:
        sys.exit("expected %d written, 0 failed: %r" % (n, last))
    return p, s


def batch(pdfgen, data, n, jobs, tmp, merge=False, keep=True):
    """One batch run into a fresh OUTDIR -> dict of figures. With keep, the packets stay
    until the whole benchmark ends (tmp is deleted then): deleting a thousand files right
    before the next run makes that run's file creation slower on ext4 without a journal,
    which passes over inodes freed in the last 30 s (4 % of a worker's time, measured
    with perf: recently_deleted, find_get_block_common); a clinic's batch into its
    folder of the day does not meet that."""
    outdir = tempfile.mkdtemp(prefix="out-", dir=tmp)
    shutil.rmtree(outdir)  # let pdfgen create it
    args = [pdfgen, "batch", "-l", LAYOUT, "--data", data, "-o", outdir, "--jobs", str(jobs)]
    print_file = os.path.join(tmp, "print.pdf")
    if merge:
        args += ["--merge", print_file]
    try:
        dt, rss, stdout = run(args, tmp)
        pages, secs = summary(stdout, n)
        pdfs = glob.glob(os.path.join(outdir, "*.pdf"))
        if len(pdfs) != n:
            sys.exit("expected %d packets in %s, found %d" % (n, outdir, len(pdfs)))
        size = sum(os.path.getsize(p) for p in pdfs)
        merged = 0
        if merge:
            if not os.path.isfile(print_file) or os.path.getsize(print_file) == 0:
                sys.exit("no print file written: " + print_file)
            merged = os.path.getsize(print_file)
    finally:
        if not keep:
            shutil.rmtree(outdir, ignore_errors=True)
        if os.path.exists(print_file):
            os.unlink(print_file)
    return {"wall": dt, "rss": rss, "pages": pages, "secs": secs, "pps": n / dt,
            "pgps": pages / dt, "bpp": size / n, "merged": merged}


def mib(b):
    return b / 1048576.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfgen", nargs="?", default=os.path.join(root, "build", "pdfgen"))
    ap.add_argument("--rows", type=int, default=1000, help="patients in the list (1000)")
    ap.add_argument("--jobs", type=int, default=2, help="pdfgen --jobs (2)")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (5)")
    ap.add_argument("--merge", action="store_true", help="also measure runs with --merge")
    ap.add_argument("--growth", action="store_true",
                    help="peak RSS with 1,000 vs 10,000 rows instead")
    a = ap.parse_args()
    if a.rows < 1 or a.jobs < 1 or a.runs < 1:
        ap.error("--rows, --jobs and --runs must be at least 1")
    pdfgen = os.path.abspath(a.pdfgen)
    if not os.access(pdfgen, os.X_OK):
        ap.error("not an executable: " + pdfgen)
    langs = languages()
    tmp = tempfile.mkdtemp(prefix="pdfgen-bench-batch-")
    try:
        if a.growth:
            growth(pdfgen, a, langs, tmp)
        else:
            plain(pdfgen, a, langs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def plain(pdfgen, a, langs, tmp):
    data = os.path.join(tmp, "patients.csv")
    write_list(data, a.rows, langs)
    print("pdfgen batch, %s, %d rows x 2 handouts over %d languages (%s), --jobs %d, "
          "%d runs" % (LAYOUT, a.rows, len(langs), " ".join(langs), a.jobs, a.runs))
    print("%-6s %8s %8s %7s %10s %8s %9s %11s" % ("run", "wall s", "pdfgen s", "pages",
                                                  "packets/s", "pages/s", "RSS MiB",
                                                  "B/packet"))
    rows, mrows = [], []
    for i in range(a.runs):
        r = batch(pdfgen, data, a.rows, a.jobs, tmp)
        rows.append(r)
        if a.merge:  # alternate, so a noisy machine's drift hits both kinds alike
            mrows.append(batch(pdfgen, data, a.rows, a.jobs, tmp, merge=True))
        print("%-6d %8.2f %8.2f %7d %10.1f %8.1f %9.1f %11.0f" % (
            i + 1, r["wall"], r["secs"], r["pages"], r["pps"], r["pgps"], r["rss"], r["bpp"]))
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    print("%-6s %8.2f %8.2f %7d %10.1f %8.1f %9.1f %11.0f" % (
        "median", med["wall"], med["secs"], med["pages"], med["pps"], med["pgps"], med["rss"],
        med["bpp"]))
    if a.merge:
        print()
        print("with --merge PRINT.pdf, %d runs (each right after the plain run above)"
              % a.runs)
        print("%-6s %8s %8s %9s %12s" % ("run", "wall s", "pdfgen s", "RSS MiB", "print MiB"))
        for i, r in enumerate(mrows):
            print("%-6d %8.2f %8.2f %9.1f %12.2f" % (i + 1, r["wall"], r["secs"], r["rss"],
                                                    mib(r["merged"])))
        mmed = {k: statistics.median(r[k] for r in mrows) for k in mrows[0]}
        print("%-6s %8.2f %8.2f %9.1f %12.2f" % ("median", mmed["wall"], mmed["secs"],
                                                mmed["rss"], mib(mmed["merged"])))
    print()
    tag = "batch %d rows, --jobs %d, median of %d runs:" % (a.rows, a.jobs, a.runs)
    print("%s %.1f packets/s" % (tag, med["pps"]))
    print("%s %.1f pages/s" % (tag, med["pgps"]))
    print("%s peak RSS %.1f MiB" % (tag, med["rss"]))
    print("%s %.0f bytes per packet (%.1f KiB)" % (tag, med["bpp"], med["bpp"] / 1024.0))
    if a.merge:
        print("%s with --merge %.2f s total (+%.2f s over %.2f s without), peak RSS %.1f MiB"
              % (tag, mmed["wall"], mmed["wall"] - med["wall"], med["wall"], mmed["rss"]))
        print("%s print file %.2f MiB (%d bytes)" % (tag, mib(mmed["merged"]), mmed["merged"]))


def growth(pdfgen, a, langs, tmp):
    print("pdfgen batch, %s, --jobs %d, no merge: peak RSS against list length (1 run each)"
          % (LAYOUT, a.jobs))
    print("%-8s %8s %8s %10s %9s" % ("rows", "wall s", "pages", "packets/s", "RSS MiB"))
    res = []
    for n in (1000, 10000):
        data = os.path.join(tmp, "patients-%d.csv" % n)
        write_list(data, n, langs)
        r = batch(pdfgen, data, n, a.jobs, tmp, keep=False)  # RSS only: 1 GiB of packets
        os.unlink(data)
        res.append(r)
        print("%-8d %8.2f %8d %10.1f %9.1f" % (n, r["wall"], r["pages"], r["pps"], r["rss"]))
    ratio = res[1]["rss"] / res[0]["rss"]
    print()
    print("batch --jobs %d peak RSS: %.1f MiB for 1,000 rows, %.1f MiB for 10,000 rows "
          "(ratio %.2f for 10x the rows)" % (a.jobs, res[0]["rss"], res[1]["rss"], ratio))


if __name__ == "__main__":
    main()
