#!/usr/bin/env python3
"""check_pdf.py PDF CONTENT.xml LAYOUT.xml — checks one rendered handout the way a print
room and a screen reader would meet it:
  * qpdf --check passes; poppler (pdftotext, pdffonts), MuPDF (mutool) and Ghostscript
    open it without a warning;
  * every font is embedded, subset and has a ToUnicode map; a large-print PDF has no
    italic font;
  * the page size is the layout's;
  * every page of a translation that is not reviewed begins with the draft notice, in
    its language and in English; no page of a source or a reviewed one has it;
  * the body text extracts back: every literal piece of every block of the content
    (the text between variables) appears in reading order, compared after NFKC with
    white space removed; in right-to-left handouts each piece's letters in order (so
    words in the wrong order within a line are found), the pieces in any order.
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


def norm_words(s):
    """NFKC without bidi controls; white space is kept."""
    return BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", s))


def norm(s):
    return re.sub(r"\s+", "", norm_words(s))


# Lam followed by an alef (or alef maksura) is drawn as one ligature glyph, and poppler
# gives the letters of such a glyph in reverse.
LAM_ALEF = re.compile("\u0644([\u0622\u0623\u0625\u0627\u0649])")


def rtl_letters(t):
    """The letters of right-to-left text as pdftotext (poppler 22) extracts them: in
    logical order, with the letters of every lam-alef ligature swapped. Punctuation and
    digits move to either end of a right-to-left line in extraction, and marks come out
    before or after their letter, so only letters (category L) are kept. The swap is made
    within each word, as a ligature never spans a space."""
    words = ("".join(c for c in w if unicodedata.category(c)[0] == "L") for w in t.split())
    return "".join(LAM_ALEF.sub("\\1\u0644", w) for w in words)


def pieces(el, keep_spaces=False):
    """The literal text runs of a block, split at <var> and <br>, normalized (norm, or
    norm_words with keep_spaces)."""
    out, cur = [], [el.text or ""]
    for child in el:
        if child.tag in ("var", "br"):
            out.append("".join(cur))
            cur = []
        else:
            cur.append("".join(child.itertext()))
        cur.append(child.tail or "")
    out.append("".join(cur))
    return [p for p in ((norm_words if keep_spaces else norm)(x) for x in out) if p.strip()]


def draft_marks(content):
    """The draft-mark string of the content's language and of English, from the shared
    strings of its content tree."""
    import os
    lang = ET.parse(content).getroot().get("lang")
    common = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(content))), "common")
    marks = []
    for l in (lang, "en"):
        path = os.path.join(common, l + ".xml")
        if os.path.exists(path):
            for s in ET.parse(path).getroot().iter("string"):
                if s.get("id") == "draft-mark":
                    marks.append("".join(s.itertext()))
    return marks


def notice_texts(content):
    return draft_marks(content)


def draft_notice(root, content):
    """The lines every page must begin with: a translation (source-version) that is not
    reviewed says so in its language and in English."""
    if root.get("source-version") is None:
        return []
    tr = root.find("meta/translation")
    if tr is not None and tr.get("status") == "reviewed":
        return []
    return draft_marks(content)


def drop_notice(page_text, notice, same):
    """page_text without the notice's lines (they are the first lines of the page)."""
    lines = page_text.splitlines()
    want = same("".join(notice))
    got = ""
    for i, line in enumerate(lines):
        got += same(line)
        if len(got) >= len(want):
            return "\n".join(lines[i + 1:])
    return page_text


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
    large_print = ET.parse(layout).getroot().get("id", "").startswith("large-print")
    for row in rows:
        if large_print and "italic" in row.split()[0].lower():
            errors.append("an italic font in a large-print PDF (ACB: no italics): " + row)
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

    root = ET.parse(content).getroot()
    rtl = root.get("lang", "").split("-")[0] in ("ar", "he", "fa", "ur", "yi")
    same = (lambda t: rtl_letters(norm_words(t))) if rtl else norm
    notice = draft_notice(root, content)

    # The body only: crop away the header and footer margins, and the draft notice at
    # the top of every page of an unreviewed translation, which must be there.
    top = length(page.get("margin-top"))
    bottom = length(page.get("margin-bottom"))
    body = []
    for p in range(1, n_pages + 1):
        rc, out, err = run(["pdftotext", "-q", "-f", str(p), "-l", str(p), "-r", "72",
                            "-x", "0", "-y", str(int(top - 2)), "-W", str(int(want[0])),
                            "-H", str(int(want[1] - top - bottom + 4)), pdf, "-"])
        if err.strip():
            errors.append("pdftotext: " + err.strip())
        for mark in notice:
            if same(mark) not in same(out):
                errors.append("page %d lacks the draft notice %r" % (p, mark[:40]))
        if notice and not rtl and not same(out).startswith(same("".join(notice))):
            errors.append("page %d: the draft notice is not at the top" % p)
        found = [m for m in notice_texts(content) if same(m) in same(out)]
        if not notice and found:
            errors.append("page %d of a source or reviewed translation says %r" % (p, found[0]))
        if notice:
            out = drop_notice(out, notice, same)
        body.append(out)
    text = norm("".join(body))

    if rtl:
        text = rtl_letters(norm_words("".join(body)))
    pos = 0
    for el in root.iter():
        if el.tag not in ("title", "h", "p", "item", "step"):
            continue
        for piece in pieces(el, keep_spaces=rtl):
            if rtl:
                piece = rtl_letters(piece)
                if not piece:
                    continue
            # poppler orders the blocks of right-to-left pages its own way (a list item
            # of two lines may come before the one-line item above it): there each piece,
            # its words in order, may be anywhere.
            at = text.find(piece, 0 if rtl else pos)
            if at < 0:
                errors.append("text of %s not found in order: %r" % (el.get("id"), piece[:60]))
            elif not rtl:
                pos = at + len(piece)
    for e in errors:
        print("%s: %s" % (pdf, e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
