#!/usr/bin/env python3
"""render.py [PDFGEN] [RUNS] — renders every shipped handout in every shipped language
with every shipped layout RUNS times (default 11) as separate processes and prints, per
PDF, its pages, size, the median wall time, pages per second and the peak RSS of the
pdfgen process (from wait4), then the medians over all of them. Whole-process figures:
start-up, font discovery, loading, layout and writing are all included."""
import glob
import os
import statistics
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
pdfgen = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build", "pdfgen")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
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
print("%-52s %5s %8s %9s %8s %8s" % ("handout.lang.layout", "pages", "KB", "median ms", "pages/s", "RSS MB"))
for layout in sorted(glob.glob(os.path.join(root, "layouts", "*.xml"))):
    for content in sorted(glob.glob(os.path.join(root, "content", "*", "*.xml"))):
        if "/common/" in content:
            continue
        name = "%s.%s.%s" % (os.path.basename(os.path.dirname(content)),
                             os.path.basename(content)[:-4], os.path.basename(layout)[:-4])
        out = os.path.join(out_dir, name + ".pdf")
        args = [pdfgen, "render", "-l", layout, "-c", content] + settings + ["-o", out]
        times, rss = zip(*(one(args) for _ in range(runs)))
        n = pages(out)
        med = statistics.median(times)
        rows.append((n, med, max(rss)))
        print("%-52s %5d %8.1f %9.1f %8.1f %8.1f" % (name, n, os.path.getsize(out) / 1024.0,
                                                   med * 1000, n / med, max(rss)))
print("median over %d PDFs (%d runs each): %.1f ms per handout, %.1f pages/s, peak RSS %.1f MB"
      % (len(rows), runs, statistics.median(r[1] for r in rows) * 1000,
         statistics.median(r[0] / r[1] for r in rows), max(r[2] for r in rows)))
