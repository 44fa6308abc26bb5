#!/usr/bin/python3
"""large_print.py [--any-size] PDF... — what a printer and a reader with low vision
meet on each page:

  * no ink within 0.5 in (36 pt) of the paper's edge, as many printers do not print
    closer: each page rendered at 72 dpi by poppler (pdftoppm), one pixel a point, and
    its outer 36 pixels looked at;
  * unless --any-size: every piece of text at least 18 pt, the ACB large-print minimum
    (the size a text-showing operator uses: the Tf size times the text matrix's
    vertical scale).

Prints each violation with its page; exit status 1 when there is one. Needs Debian's
python3-pikepdf and python3-pil."""
import os
import subprocess
import sys
import tempfile

import pikepdf
from PIL import Image

MIN_SIZE = 18.0
EDGE = 36.0
TEXT_SHOW = {"Tj", "TJ", "'", '"'}


def check_sizes(page, number, out):
    smallest = None
    scale, size = 1.0, 0.0
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "Tf":
            size = float(operands[1])
        elif op == "Tm":
            scale = abs(float(operands[3])) or 1.0
        elif op in TEXT_SHOW and (smallest is None or size * scale < smallest):
            smallest = size * scale
    if smallest is not None and smallest < MIN_SIZE - 0.01:
        out.append("page %d: text at %.1f pt, below the %.0f pt of large print" %
                   (number, smallest, MIN_SIZE))


def check_edges(path, out):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "72", "-gray", path, os.path.join(tmp, "p")],
                       check=True)
        for name in sorted(os.listdir(tmp), key=lambda n: int(n.split("-")[1].split(".")[0])):
            number = int(name.split("-")[1].split(".")[0])
            img = Image.open(os.path.join(tmp, name))
            w, h = img.size
            e = int(EDGE)
            for where, box in (("top", (0, 0, w, e)), ("bottom", (0, h - e, w, h)),
                               ("left", (0, 0, e, h)), ("right", (w - e, 0, w, h))):
                lo, _ = img.crop(box).getextrema()
                if lo < 160:  # a grey a printer would print; antialiasing stays lighter
                    out.append("page %d: ink within 0.5 in of the %s edge" % (number, where))


def main(args):
    sizes = "--any-size" not in args
    paths = [a for a in args if a != "--any-size"]
    bad = 0
    for path in paths:
        out = []
        check_edges(path, out)
        if sizes:
            with pikepdf.open(path) as pdf:
                for number, page in enumerate(pdf.pages, 1):
                    check_sizes(page, number, out)
        for line in out:
            print("%s: %s" % (path, line))
        bad += bool(out)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
