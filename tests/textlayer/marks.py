#!/usr/bin/python3
"""marks.py PDF... — checks that no glyph with a width stands for a base character and a
nonspacing mark together: in every font, a code whose W width is not 0 and whose
ToUnicode text holds a mark (General_Category Mn) holds nothing but marks. pdf.js takes
any glyph whose text holds a mark for a mark of no width and loses its place on the line
("स् वागत"); pdfgen gives such marks to a carrier of no width drawn after the glyph
(pdfgen/render/pdf_font.c). Exit status 0 when all hold, 1 with each offending code
printed, 2 on a usage error. Needs pikepdf (Debian's python3-pikepdf)."""
import re
import sys
import unicodedata

import pikepdf


def widths(cid_font):
    w, arr, i = {}, list(cid_font.get("/W", [])), 0
    while i < len(arr):
        first = int(arr[i])
        if isinstance(arr[i + 1], pikepdf.Array):
            for k, v in enumerate(arr[i + 1]):
                w[first + k] = float(v)
            i += 2
        else:
            for c in range(first, int(arr[i + 1]) + 1):
                w[c] = float(arr[i + 2])
            i += 3
    return w, float(cid_font.get("/DW", 1000))


def to_unicode(font):
    data = font.ToUnicode.read_bytes().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    return out


def check(path):
    bad, seen = [], set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for _, font in page.Resources.get("/Font", {}).items():
                if font.objgen in seen or font.get("/Subtype") != "/Type0":
                    continue
                seen.add(font.objgen)
                w, dw = widths(font.DescendantFonts[0])
                for code, text in sorted(to_unicode(font).items()):
                    marks = [unicodedata.category(c) == "Mn" for c in text]
                    if w.get(code, dw) != 0 and any(marks) and not all(marks):
                        bad.append("%s: %s code %d (W %g) stands for %s" % (
                            path, font.BaseFont, code, w.get(code, dw),
                            " ".join("U+%04X" % ord(c) for c in text)))
    return bad


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    bad = [line for path in argv for line in check(path)]
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
