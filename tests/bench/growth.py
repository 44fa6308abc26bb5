#!/usr/bin/env python3
"""growth.py PDFGEN [--runs N] — time and peak memory against the size of the input, for
the shapes that used to grow with its square: one long paragraph (1 KB to 1 MB), many
forced line breaks, many short paragraphs. For every tenfold step of the input the cost
(wall time, the fastest of N runs; peak RSS of the process) may grow at most fifteenfold;
a paragraph over pdfgen's limit must be refused within 2 s and 300 MB. Prints a table;
exits 1 when a bound is broken."""
import argparse
import os
import shutil
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("pdfgen")
ap.add_argument("--runs", type=int, default=3)
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
layout = os.path.join(root, "layouts", "large-print-letter.xml")
work = tempfile.mkdtemp(prefix="pdfgen-growth.")
shutil.copytree(os.path.join(root, "content", "common"), os.path.join(work, "common"))
os.mkdir(os.path.join(work, "h"))


def handout(name, body):
    path = os.path.join(work, "h", name + ".xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<handout id="h" lang="en" version="1" reviewed="2026-01-01">'
                '<title id="t">T</title><section id="s"><h id="s.h">H</h>'
                + body + "</section></handout>")
    return path


def words(n_bytes):
    # "Take one pill each day. " and so on: real words, real break opportunities.
    text = "Take one pill with water each morning and call us if you feel dizzy. "
    return (text * (n_bytes // len(text) + 1))[:n_bytes]


def run(content):
    """(status, seconds, peak RSS in MB) of one render, the fastest of the runs."""
    best = None
    for _ in range(args.runs):
        t = time.monotonic()
        pid = os.fork()
        if pid == 0:
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.execv(args.pdfgen, ["pdfgen", "render", "-l", layout, "-c", content,
                                   "-o", os.path.join(work, "out.pdf")])
        _, status, usage = os.wait4(pid, 0)
        got = (os.waitstatus_to_exitcode(status), time.monotonic() - t, usage.ru_maxrss / 1024)
        best = got if best is None or got[1] < best[1] else (best[0], best[1], max(best[2], got[2]))
    return best


failures = []
print(f"{'case':<28} {'input':>9} {'status':>6} {'seconds':>8} {'peak MB':>8}")


def series(name, make, sizes):
    prev = None
    for size in sizes:
        path = make(size)
        status, secs, rss = run(path)
        print(f"{name:<28} {os.path.getsize(path):>9} {status:>6} {secs:>8.3f} {rss:>8.1f}")
        if status != 0:
            failures.append(f"{name} {size}: exit status {status}")
        if prev:
            for what, now, before in (("time", secs, prev[0]), ("memory", rss, prev[1])):
                if now > 15 * before:
                    failures.append(f"{name}: {what} grew {now / before:.1f}x for 10x input")
        prev = (secs, rss)


series("one paragraph", lambda n: handout(f"p{n}", f'<p id="p">{words(n)}</p>'),
       [1_000, 10_000, 100_000])
series("paragraphs of 100 KB", lambda n: handout(
    f"d{n}", "".join(f'<p id="p{i}">{words(100_000)}</p>' for i in range(n))), [1, 10])
series("forced line breaks", lambda n: handout(
    f"b{n}", '<p id="p">' + "Take it.<br/>" * n + "</p>"), [150, 1_500])
series("short paragraphs", lambda n: handout(
    f"s{n}", "".join(f'<p id="p{i}">Call us.</p>' if i % 100 else
                     f'</section><section id="s{i}"><h id="h{i}">More</h><p id="p{i}">Call us.</p>'
                     for i in range(1, n + 1))), [300, 3_000])

# Over the paragraph limit: refused, quickly, in little memory.
status, secs, rss = run(handout("huge", f'<p id="p">{words(1_000_000)}</p>'))
print(f"{'1 MB paragraph (refused)':<28} {1_000_000:>9} {status:>6} {secs:>8.3f} {rss:>8.1f}")
if status != 1 or secs > 2 or rss > 300:
    failures.append(f"1 MB paragraph: status {status}, {secs:.2f} s, {rss:.0f} MB "
                    "(want 1, under 2 s and 300 MB)")

shutil.rmtree(work)
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
