#!/usr/bin/env python3
"""render.py [PDFGEN] [RUNS] [--vs BASELINE] — renders every shipped handout in every
shipped language with every shipped layout RUNS times (default 11) as separate processes
and prints, per PDF, its pages, size, the median wall time, pages per second and the peak
RSS of the pdfgen process (from wait4), then the medians over all of them. Whole-process
figures: start-up, font discovery, loading, layout and writing are all included.

--vs BASELINE runs another pdfgen right after each run, on the same input, and adds its
median and the median of the paired ratios (PDFGEN's time over BASELINE's): on a shared
machine the time of the same work drifts within minutes, and only runs side by side
compare."""
import argparse
import glob
import os
import statistics
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
cli.add_argument("pdfgen", nargs="?", default=os.path.join(root, "build", "pdfgen"))
cli.add_argument("runs", nargs="?", type=int, default=11)
cli.add_argument("--vs", metavar="BASELINE", help="another pdfgen, run side by side")
opts = cli.parse_args()
pdfgen, runs, baseline = opts.pdfgen, opts.runs, opts.vs
out_dir = "/tmp/pdfgen-bench"
os.makedirs(out_dir, exist_ok=True)
settings = ["--set", "patient_name=Maria Lopez", "--set", "procedure_date=2026-12-03",
            "--set", "arrival_time=07:30", "--set", "care_team_phone=(555) 123-4567"]


def one(args):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execv(args[0], args)
    _, status, usage = os.wait4(pid, 0)
    dt = time.perf_counter() - t0
    if status != 0:
        sys.exit("failed: " + " ".join(args))
    return dt, usage.ru_maxrss / 1024.0  # KiB -> MiB


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))


rows = []
head = "%-52s %5s %8s %9s %8s %8s" % ("handout.lang.layout", "pages", "KB", "median ms", "pages/s",
                                      "RSS MB")
print(head + (" %11s %6s" % ("baseline ms", "ratio") if baseline else ""))
for layout in sorted(glob.glob(os.path.join(root, "layouts", "*.xml"))):
    for content in sorted(glob.glob(os.path.join(root, "content", "*", "*.xml"))):
        if "/common/" in content:
            continue
        name = "%s.%s.%s" % (os.path.basename(os.path.dirname(content)),
                             os.path.basename(content)[:-4], os.path.basename(layout)[:-4])
        out = os.path.join(out_dir, name + ".pdf")
        tail = ["-l", layout, "-c", content] + settings
        times, rss, base_times = [], [], []
        for _ in range(runs):
            dt, mib = one([pdfgen, "render"] + tail + ["-o", out])
            times.append(dt)
            rss.append(mib)
            if baseline:
                base_times.append(one([baseline, "render"] + tail + ["-o", out + ".base"])[0])
        n = pages(out)
        med = statistics.median(times)
        ratio = statistics.median(a / b for a, b in zip(times, base_times)) if baseline else 0
        rows.append((n, med, max(rss), statistics.median(base_times) if baseline else 0, ratio))
        line = "%-52s %5d %8.1f %9.1f %8.1f %8.1f" % (name, n, os.path.getsize(out) / 1024.0,
                                                     med * 1000, n / med, max(rss))
        print(line + (" %11.1f %6.3f" % (rows[-1][3] * 1000, ratio) if baseline else ""))
print("median over %d PDFs (%d runs each): %.1f ms per handout, %.1f pages/s, peak RSS %.1f MB"
      % (len(rows), runs, statistics.median(r[1] for r in rows) * 1000,
         statistics.median(r[0] / r[1] for r in rows), max(r[2] for r in rows)))
if baseline:
    print("baseline %s: %.1f ms per handout; paired ratio %.3f (PDFs' medians %.3f to %.3f)"
          % (baseline, statistics.median(r[3] for r in rows) * 1000,
             statistics.median(r[4] for r in rows), min(r[4] for r in rows),
             max(r[4] for r in rows)))
