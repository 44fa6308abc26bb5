#!/usr/bin/env python3
"""page_fill.py [--min F] LAYOUT.xml DUMP... — how full each page of a handout is: the
body height its boxes use (from the top margin to the lowest box that is not the
running header or footer) over the body height the layout gives, read from pdfgen's
--dump. Prints one line per dump: its pages' fill. With --min F (default 0.6), exit
status 1 when a page other than the last is less than F full: pagination must not leave
a half-empty page when the next block could go on there."""
import re
import sys
import xml.etree.ElementTree as ET

SIZES = {"letter": (612, 792), "a4": (595.276, 841.89)}
FURNITURE = {"header", "footer", "header-rule", "footer-rule"}
BOX = re.compile(r"\s+(\w+) ([\w-]+) x=([\d.-]+) y=([\d.-]+) w=([\d.-]+)(?: h=([\d.-]+))?")


def length(s):
    v, unit = re.fullmatch(r"([0-9.]+)(pt|mm|in)", s).groups()
    return float(v) * {"pt": 1, "mm": 72 / 25.4, "in": 72}[unit]


def body(layout):
    page = ET.parse(layout).getroot().find("page")
    size = page.get("size")
    height = SIZES[size][1] if size in SIZES else length(size.split()[1])
    top, bottom = length(page.get("margin-top")), length(page.get("margin-bottom"))
    return top, height - bottom


def fills(dump, top, bottom):
    pages = []
    for line in open(dump, encoding="utf-8"):
        if line.startswith("page "):
            pages.append(top)
            continue
        m = BOX.match(line)
        if not m or not pages or m.group(2) in FURNITURE:
            continue
        kind, y, h = m.group(1), float(m.group(4)), float(m.group(6) or 0)
        # A line's y is its baseline; its descent is not counted.
        pages[-1] = max(pages[-1], y if kind == "line" else y + h)
    return [(p - top) / (bottom - top) for p in pages]


def main(args):
    low = 0.6
    if args and args[0] == "--min":
        low = float(args[1])
        args = args[2:]
    top, bottom = body(args[0])
    bad = 0
    for dump in args[1:]:
        f = fills(dump, top, bottom)
        print("%s: %d pages, %s" % (dump, len(f), " ".join("%.0f%%" % (100 * v) for v in f)))
        for i, v in enumerate(f[:-1]):
            if v < low:
                print("%s: page %d is %.0f%% full, less than %.0f%%" % (dump, i + 1, 100 * v,
                                                                        100 * low))
                bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
