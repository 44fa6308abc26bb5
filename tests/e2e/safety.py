#!/usr/bin/env python3
"""safety.py PDFDIR CONTENTROOT LAYOUT — the safety instructions reach the page in every
language: for each block below, the rendered PDF (HANDOUT.LANG.LAYOUT.pdf) has a stretch
of text that reads as that block (at least 90 % of its words within as many words and a
page turn's header and footer, as pdftotext extracts them in reading order, right to
left included), and where a number carries the rule (10
minutes of pressure, a fever of 100.4 °F / 38 °C, the weight gain, the lifting limit)
the translation and that stretch hold every number the English block holds, in any
digits. Prints one line per failure; exits 1 if any."""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

# block id -> the numbers that carry its rule, in the English.
SAFETY = {
    "mitraclip-home-care": {
        "groin.bleed.list.2": ["10"],            # press for 10 minutes
        "groin.bleed.list.3": ["10"],            # still bleeding after 10 minutes: 911
        "call911.list.4": ["10"],
        "callteam.list.1": ["100.4", "38"],      # fever 100.4 °F (38 °C)
        "callteam.list.9": ["2", "1", "5"],      # 2 lb (1 kg) a day, 5 lb (2 kg) a week
        "activity.list.2": ["10", "4.5"],        # lift nothing over 10 pounds (4.5 kg)
        "keypoints.list.2": ["10"],
    },
    "mitraclip-procedure-day": {
        "before.p1": [],                         # nothing to eat or drink after midnight
        "before.p2": [],                         # the sip of water for morning pills
        "before.p3": [],                         # insulin and diabetes pills
    },
}


def ascii_digits(s):
    return "".join(str(unicodedata.digit(c)) if unicodedata.digit(c, None) is not None
                   and not c.isascii() else c for c in s)


def numbers(s):
    s = ascii_digits(s)
    return sorted(n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", s))


def words(s):
    """Numbers whole ("100.4", "4,5"), Han and kana one character each (a line may break
    between any two), other words between spaces and punctuation."""
    s = unicodedata.normalize("NFC", ascii_digits(s)).lower()
    return re.findall(r"\d+(?:[.,]\d+)?|[\u3040-\u30ff\u3400-\u9fff]|\w+", s)


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


def page_words(pdf):
    """The document's words in reading order."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return words(text)


def best_window(doc, block, slack=24):
    """The stretch of doc that holds the most of block's words: (share, its words)."""
    want = set(block)
    n = len(block) + slack
    best, at = 0.0, 0
    for i in range(max(1, len(doc) - len(block) + 1)):
        share = len(want & set(doc[i:i + n])) / max(1, len(want))
        if share > best:
            best, at = share, i
    return best, doc[at:at + n]


def main():
    pdfdir, root, layout = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    failures = checked = 0
    for handout, rules in SAFETY.items():
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
            doc = page_words(pdf)
            for bid, need in rules.items():
                checked += 1
                want = english.get(bid)
                got = texts.get(bid)
                if want is None or got is None:
                    print(f"{src}: block {bid} is missing")
                    failures += 1
                    continue
                assert set(need) <= set(numbers(want)), (bid, want)
                if not set(need) <= set(numbers(got)):
                    print(f"{src}: block {bid} lacks the numbers {need} of the English "
                          f"(it has {numbers(got)})")
                    failures += 1
                share, stretch = best_window(doc, words(got))
                if share < 0.9:
                    print(f"{pdf.name}: no stretch of text reads as block {bid} "
                          f"({share:.0%} of its words at best)")
                    failures += 1
                elif not set(need) <= set(numbers(" ".join(stretch))):
                    print(f"{pdf.name}: block {bid} is on the page without the numbers "
                          f"{need}: \"{' '.join(stretch)}\"")
                    failures += 1
    print(f"safety content: {checked - failures} of {checked} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
