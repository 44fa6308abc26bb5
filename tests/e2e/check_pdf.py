#!/usr/bin/env python3
"""check_pdf.py PDF CONTENT.xml LAYOUT.xml — checks one rendered handout the way a print
room and a screen reader would meet it:
  * qpdf --check passes; poppler (pdftotext, pdffonts), MuPDF (mutool) and Ghostscript
    open it without a warning;
  * every font is embedded, subset and has a ToUnicode map;
  * the page size is the layout's;
  * the body text extracts back: every literal piece of every block of the content
    (the text between variables) appears in reading order, compared after NFKC with
    white space removed.
Exit status 0 when all hold; otherwise each failure is printed."""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

SIZES = {"letter": (612, 792), "a4": (595.276, 841.89), "legal": (612, 1008), "a5": (419.528, 595.276)}


def run(args):
    p = subprocess.run(args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def length(s):
    v, unit = re.fullmatch(r"([0-9.]+)(pt|mm|in)", s).groups()
    return float(v) * {"pt": 1, "mm": 72 / 25.4, "in": 72}[unit]


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", s))


def find_letters(text, piece, start):
    """Where a window of text holds exactly the letters of piece, in any order, at or
    after start; -1 if none. Right-to-left text comes back from extractors in logical
    order with ligatures reversed, or in visual order: its letters are what can be
    compared."""
    n = len(piece)
    if n > len(text) - start:
        return -1
    need = {}
    for ch in piece:
        need[ch] = need.get(ch, 0) + 1
    have = {}
    for ch in text[start:start + n]:
        have[ch] = have.get(ch, 0) + 1
    diff = sum(1 for k in set(need) | set(have) if need.get(k, 0) != have.get(k, 0))
    i = start
    while True:
        if diff == 0:
            return i
        if i + n >= len(text):
            return -1
        out, inn = text[i], text[i + n]
        for ch, d in ((out, -1), (inn, 1)):
            before = have.get(ch, 0) == need.get(ch, 0)
            have[ch] = have.get(ch, 0) + d
            after = have.get(ch, 0) == need.get(ch, 0)
            diff += (before and not after) - (after and not before)
        i += 1


def pieces(el):
    """The literal text runs of a block, split at <var> and <br>."""
    out, cur = [], [el.text or ""]
    for child in el:
        if child.tag in ("var", "br"):
            out.append("".join(cur))
            cur = []
        else:
            cur.append("".join(child.itertext()))
        cur.append(child.tail or "")
    out.append("".join(cur))
    return [p for p in (norm(x) for x in out) if p]


def main():
    pdf, content, layout = sys.argv[1:4]
    errors = []
    rc, out, err = run(["qpdf", "--check", pdf])
    if rc != 0 or "No syntax or stream encoding errors" not in out:
        errors.append("qpdf --check: " + (out + err).strip())

    rc, out, err = run(["pdffonts", pdf])
    if rc != 0 or err.strip():
        errors.append("pdffonts: " + err.strip())
    rows = out.splitlines()[2:]
    if not rows:
        errors.append("pdffonts: no fonts")
    for row in rows:
        cols = row.split()
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        if (emb, sub, uni) != ("yes", "yes", "yes"):
            errors.append("font not embedded+subset+unicode: " + row)

    rc, out, err = run(["mutool", "info", pdf])
    if rc != 0 or "warning" in (out + err).lower() or "error" in err.lower():
        errors.append("mutool: " + (err or out).strip()[:400])
    rc, out, err = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", pdf])
    if rc != 0 or out.strip() or err.strip():
        errors.append("ghostscript: " + (out + err).strip()[:400])

    lay = ET.parse(layout).getroot()
    page = lay.find("page")
    size = page.get("size")
    want = SIZES.get(size) or tuple(length(x) for x in size.split())
    rc, out, err = run(["pdfinfo", pdf])
    m = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", out)
    if not m or abs(float(m.group(1)) - want[0]) > 0.5 or abs(float(m.group(2)) - want[1]) > 0.5:
        errors.append("page size %s, want %s" % (m.group(0) if m else "?", want))
    n_pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))

    # The body only: crop away the header and footer margins.
    top = length(page.get("margin-top"))
    bottom = length(page.get("margin-bottom"))
    body = []
    for p in range(1, n_pages + 1):
        rc, out, err = run(["pdftotext", "-q", "-f", str(p), "-l", str(p), "-r", "72",
                            "-x", "0", "-y", str(int(top - 2)), "-W", str(int(want[0])),
                            "-H", str(int(want[1] - top - bottom + 4)), pdf, "-"])
        if err.strip():
            errors.append("pdftotext: " + err.strip())
        body.append(out)
    text = norm("".join(body))

    root = ET.parse(content).getroot()
    rtl = root.get("lang", "").split("-")[0] in ("ar", "he", "fa", "ur", "yi")
    if rtl:
        # Punctuation and digits of right-to-left lines move to either end in
        # extraction; the letters are the words.
        letters = lambda t: "".join(c for c in t if unicodedata.category(c)[0] in "LM")
        text = letters(text)
    pos = 0
    for el in root.iter():
        if el.tag not in ("title", "h", "p", "item", "step"):
            continue
        for piece in pieces(el):
            if rtl:
                piece = letters(piece)
                if not piece:
                    continue
            # poppler's reading order of right-to-left lines is its own: there the
            # letters of every piece must be found, anywhere.
            at = find_letters(text, piece, 0) if rtl else text.find(piece, pos)
            if at < 0:
                errors.append("text of %s not found in order: %r" % (el.get("id"), piece[:60]))
            elif not rtl:
                pos = at + len(piece)
    for e in errors:
        print("%s: %s" % (pdf, e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
