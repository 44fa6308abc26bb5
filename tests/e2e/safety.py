#!/usr/bin/env python3
"""safety.py PDFDIR CONTENTROOT LAYOUT — the safety instructions reach the page in every
language: for each block below, the rendered PDF (HANDOUT.LANG.LAYOUT.pdf) has a tagged
element that reads as that block (at least 90 % of its words, as pdfinfo -struct-text
extracts the tags a screen reader walks), and where a number carries the rule (10
minutes of pressure, a fever of 100.4 °F / 38 °C, the weight gain, the lifting limit)
the translation and that element hold every number the English block holds, in any
digits. Prints one line per failure; exits 1 if any."""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

SAFETY = {
    "mitraclip-home-care": [
        "groin.bleed.list.2",   # press for 10 minutes
        "groin.bleed.list.3",   # still bleeding after 10 minutes: 911
        "call911.list.4",
        "callteam.list.1",      # fever 100.4 °F (38 °C)
        "callteam.list.9",      # weight gain 2 lb (1 kg) a day, 5 lb (2 kg) a week
        "activity.list.2",      # 10 pounds (4.5 kg)
        "keypoints.list.2",
    ],
    "mitraclip-procedure-day": [
        "before.p1",            # nothing to eat or drink after midnight
        "before.p2",            # the sip of water for morning pills
        "before.p3",            # insulin and diabetes pills
    ],
}


def ascii_digits(s):
    return "".join(str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None
                   and not c.isascii() else c for c in s)


def numbers(s):
    s = ascii_digits(s)
    return sorted(n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", s))


def words(s):
    return re.findall(r"\w+", unicodedata.normalize("NFC", ascii_digits(s)).lower())


def block_texts(path):
    """id -> the block's text, variables as spaces."""
    out = {}
    for el in ET.parse(path).getroot().iter():
        if el.get("id") is None:
            continue
        parts = [el.text or ""]
        for c in el.iter():
            if c is not el:
                parts.append(" " if c.tag == "var" else (c.text or ""))
                parts.append(c.tail or "")
        out[el.get("id")] = "".join(parts) if len(list(el)) else (el.text or "")
    return out


def elements(pdf):
    """The text of every tagged element that holds text, in tree order."""
    text = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    out, cur = [], None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith('"'):
            if cur is None:
                cur = []
                out.append(cur)
            cur.append(s.strip('"'))
        else:
            cur = None
    return [" ".join(e) for e in out]


def main():
    pdfdir, root, layout = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    failures = checked = 0
    for handout, ids in SAFETY.items():
        english = block_texts(root / handout / "en.xml")
        for src in sorted((root / handout).glob("*.xml")):
            lang = src.stem
            pdf = pdfdir / f"{handout}.{lang}.{layout}.pdf"
            texts = block_texts(src)
            if not pdf.is_file():
                print(f"{pdf}: not rendered")
                checked += 1
                failures += 1
                continue
            elems = [(e, set(words(e))) for e in elements(pdf)]
            for bid in ids:
                checked += 1
                want = english.get(bid)
                got = texts.get(bid)
                if want is None or got is None:
                    print(f"{src}: block {bid} is missing")
                    failures += 1
                    continue
                need = numbers(want)
                if not set(need) <= set(numbers(got)):
                    print(f"{src}: block {bid} lacks the numbers {need} of the English "
                          f"(it has {numbers(got)})")
                    failures += 1
                bw = set(words(got))
                best, best_e = 0.0, ""
                for e, ew in elems:
                    share = len(bw & ew) / max(1, len(bw))
                    if share > best:
                        best, best_e = share, e
                if best < 0.9:
                    print(f"{pdf.name}: no tagged element reads as block {bid} "
                          f"({best:.0%} of its words at best)")
                    failures += 1
                elif not set(need) <= set(numbers(best_e)):
                    print(f"{pdf.name}: block {bid} is on the page without the numbers "
                          f"{need}: \"{best_e}\"")
                    failures += 1
    print(f"safety content: {checked - failures} of {checked} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
