#!/usr/bin/python3
"""recall.py — word recall of a handout's text in the text three PDF readers extract.

What it measures
----------------
For a PDF that pdfgen rendered and the content XML it was rendered from:

  recall = |content tokens ∩ extracted tokens| / |content tokens|

where ∩ is the multiset intersection (a word the content has 3 times and the reader
gives twice counts 2).

Content tokens: the text of every text-bearing element of the content XML — <title>,
<h>, <p>, <item>, <step> (list, checklist and step items; the <h> and <p> of callouts
included) and an image <caption> should the schema grow one. Inline <strong>/<em> are
part of their block's text, <br/> is a space. Skipped: <meta>, <variables>, every
attribute (img alt included) and the <var/> elements themselves (their values come from
the command line). A word written against a <var/> with no space between is dropped too,
since the rendered word includes the value: Korean `<var name="procedure_date"/>에`
prints as the one word "3일에", `<var name="care_team_phone"/>번으로` as "4567번으로"
(a <var/> is a word boundary; only the tokens touching it go). Whitespace is
collapsed as XML rendering does (runs of space, tab, CR, LF become one space; no other
character is touched). Each block is tokenized on its own. The shared strings
(content/common: page footer, banner labels) are not counted: recall measures the
handout's words; whatever else the page carries only adds extracted tokens.

Extracted tokens: the text a reader gives, its lines joined as a reader joins them: a
line break between two characters of a script written without spaces between words
(Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) is removed together with the
spaces or tabs next to it; every other line break (and page break) becomes a space. A
line ending in a hyphen is not joined to the next one (pdfgen does not hyphenate, so a
hyphen at a line end is a real one).

Tokenizing (both sides alike): ICU word boundaries
(BreakIterator.createWordInstance(Locale(<handout lang>))), keeping the segments whose
rule status is not in the UBRK_WORD_NONE range (0..99), i.e. words that have a letter,
a digit, kana or an ideograph. Tokens are compared raw: no NFKC, no case folding, no
stripping of any character — a reader that gives a wrong code point (a Devanagari vowel
sign out of order, an Arabic presentation form, a lam-alef ligature whose letters come
out reversed, a private-use glyph) misses that word. -v shows the first 20 missed
tokens with their code points and what the reader gave in their place.

One exception: the explicit bidi formatting characters (U+061C, U+200E, U+200F,
U+202A..U+202E, U+2066..U+2069) are word boundaries, on both sides. pdftotext wraps
every right-to-left line and every left-to-right run inside it in U+202B/U+202A ...
U+202C of its own (nothing in the PDF asks for them: pdf.js and MuPDF give none), and
ICU's word rules (UAX #29 WB4) glue such a format character to the word before it, so
kept raw they cost poppler 0.13-0.18 of Arabic recall for a reason
the PDF cannot change. --raw-bidi keeps them, strictly raw.

Readers
-------
  poppler  pdftotext -enc UTF-8 -eol unix PDF -        (poppler-utils)
  mupdf    mutool draw -q -F txt -o - PDF              (mupdf-tools; -q: no progress)
  pdfjs    node extract.mjs --json PDF...              (pdfjs-dist, `npm ci --prefix tests/textlayer`)

pdftotext runs in its default reading-order mode, the one poppler-based viewers
(Evince, Okular) use to copy and search: -layout only pads columns with spaces (a
fixed-pitch picture of the page, not what a user copies) and -raw gives content-stream
order, which would measure pdfgen's drawing order rather than what a reader presents.
-eol unix makes the line ends plain LF whatever the platform default.

Usage
-----
  recall.py [--reader poppler|mupdf|pdfjs ...] [--min R] [--json] [-v] [--raw-bidi]
            PDF CONTENT_XML
      one line per reader: `reader recall found/total`
  recall.py --table [--reader ...] [--min R] [--json] OUT_DIR CONTENT_DIR
      every OUT_DIR/<handout>.<lang>.<layout>.pdf against CONTENT_DIR/<handout>/<lang>.xml,
      as a Markdown table with the minimum per reader at the bottom

Exit status: 0 done, 1 --min R given and some recall is below R, 2 a usage error or a
reader that could not be run.

Needs Debian's python3 (python3-icu): run it as /usr/bin/python3 or ./recall.py.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

try:
    import icu  # python3-icu (PyICU)
except ImportError:  # pragma: no cover - environment problem
    sys.stderr.write(
        "recall.py: error: PyICU is missing: apt-get install python3-icu, and run "
        "this script with Debian's /usr/bin/python3\n"
    )
    sys.exit(2)

HERE = Path(__file__).resolve().parent
READERS = ("poppler", "mupdf", "pdfjs")
READER_LABEL = {"poppler": "poppler", "mupdf": "mupdf", "pdfjs": "pdf.js"}

# Elements whose content is inline text (content.rng: title, h, p, item, step), plus a
# caption should images get one.
TEXT_BLOCKS = {"title", "h", "p", "item", "step", "caption"}
SKIPPED = {"meta", "variables"}

# ICU: rule status 0..99 is UBRK_WORD_NONE (spaces, punctuation, symbols);
# 100.. numbers, 200.. letters, 300.. kana, 400.. ideographs.
UBRK_WORD_NONE_LIMIT = 100

NO_SPACE_SCRIPTS = {
    icu.UScriptCode.HAN,
    icu.UScriptCode.HIRAGANA,
    icu.UScriptCode.KATAKANA,
    icu.UScriptCode.THAI,
    icu.UScriptCode.LAO,
    icu.UScriptCode.KHMER,
    icu.UScriptCode.MYANMAR,
}

PDF_NAME = re.compile(
    r"^(?P<handout>[a-z0-9][a-z0-9-]*)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"
    r"\.(?P<layout>[^./]+)\.pdf$"
)


class ReaderError(Exception):
    pass


# ---------------------------------------------------------------- tokenizing


_word_iterators: dict[str, icu.BreakIterator] = {}


# Explicit bidi formatting characters: word boundaries (see the module docstring).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RAW_BIDI = False  # --raw-bidi


# Stands for a <var/> in a block's text: a private-use character, so ICU breaks on
# both sides of it (UAX #29 WB999) and a token touching it is known to touch a value.
VAR_MARK = "\ue000"


def tokenize(text: str, lang: str) -> list[str]:
    """ICU word segments of text that have a letter or digit, exactly as they are;
    tokens right next to a VAR_MARK are left out."""
    if not RAW_BIDI:
        text = BIDI_CONTROLS.sub(" ", text)
    bi = _word_iterators.get(lang)
    if bi is None:
        bi = icu.BreakIterator.createWordInstance(icu.Locale.forLanguageTag(lang))
        _word_iterators[lang] = bi
    # Work on a UnicodeString: ICU's offsets are UTF-16 units, which differ from
    # Python's string indices past U+FFFF.
    us = icu.UnicodeString(text)
    bi.setText(us)
    tokens = []
    start = bi.first()
    n = len(us)
    for end in bi:
        if bi.getRuleStatus() >= UBRK_WORD_NONE_LIMIT and not (
            (start > 0 and str(us[start - 1 : start]) == VAR_MARK)
            or (end < n and str(us[end : end + 1]) == VAR_MARK)
        ):
            tokens.append(str(us[start:end]))
        start = end
    return tokens


def _no_space_script(ch: str) -> bool:
    return any(
        code in NO_SPACE_SCRIPTS for code in icu.Script.getScriptExtensions(ch)
    ) or icu.Script.getScript(ch).getScriptCode() in NO_SPACE_SCRIPTS


# A line or page break with the horizontal whitespace around it.
_BREAK = re.compile(r"[ \t]*(?:\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029])[\s]*")


def join_lines(text: str) -> str:
    """Join a reader's lines as a reader does (see the module docstring)."""

    def repl(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before and after and _no_space_script(before) and _no_space_script(after):
            return ""
        return " "

    return _BREAK.sub(repl, text)


# ------------------------------------------------------------------- content

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def _inline_text(el: ET.Element) -> str:
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.text:
            parts.append(e.text)
        for child in e:
            if child.tag == "var":
                parts.append(VAR_MARK)
            elif child.tag == "br":
                parts.append(" ")
            else:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return _XML_SPACE.sub(" ", "".join(parts)).strip(" ")


def content_blocks(path: Path) -> tuple[str, list[str]]:
    """(lang, the text of each text-bearing block in document order)."""
    root = ET.parse(path).getroot()
    lang = root.get("lang") or "und"
    blocks: list[str] = []

    def walk(e: ET.Element) -> None:
        for child in e:
            if child.tag in SKIPPED:
                continue
            if child.tag in TEXT_BLOCKS:
                blocks.append(_inline_text(child))
            else:
                walk(child)

    walk(root)
    return lang, blocks


def content_tokens(path: Path) -> tuple[str, list[str]]:
    lang, blocks = content_blocks(path)
    tokens: list[str] = []
    for b in blocks:
        tokens.extend(tokenize(b, lang))
    return lang, tokens


# ------------------------------------------------------------------- readers


def _run(cmd: list[str], what: str, timeout: float = 120) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except FileNotFoundError:
        raise ReaderError(f"{what}: {cmd[0]} not found") from None
    except subprocess.TimeoutExpired:
        raise ReaderError(f"{what}: timed out after {timeout:.0f} s") from None
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReaderError(
            f"{what}: {' '.join(cmd[:2])} exited {r.returncode}"
            + (f": {err[-1]}" if err else "")
        )
    return r.stdout.decode("utf-8", "replace")


def extract_poppler(pdf: Path) -> str:
    return _run(["pdftotext", "-enc", "UTF-8", "-eol", "unix", str(pdf), "-"], "poppler")


def extract_mupdf(pdf: Path) -> str:
    return _run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)], "mupdf")


def _node() -> str:
    node = os.environ.get("NODE") or shutil.which("node") or shutil.which("nodejs")
    if not node:
        raise ReaderError("pdfjs: node not found (apt-get install nodejs npm)")
    if not (HERE / "node_modules" / "pdfjs-dist").is_dir():
        raise ReaderError(
            "pdfjs: pdfjs-dist is not installed: npm ci --prefix tests/textlayer"
        )
    return node


def extract_pdfjs_many(pdfs: list[Path]) -> dict[Path, str]:
    """One node process for all the PDFs; the pages of each joined by a newline."""
    if not pdfs:
        return {}
    cmd = [_node(), str(HERE / "extract.mjs"), "--json", *map(str, pdfs)]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=60 + 10 * len(pdfs))
    except FileNotFoundError:
        raise ReaderError(f"pdfjs: {cmd[0]} not found") from None
    except subprocess.TimeoutExpired:
        raise ReaderError("pdfjs: extract.mjs timed out") from None
    try:
        out = json.loads(r.stdout.decode("utf-8"))
    except ValueError:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReaderError(
            f"pdfjs: extract.mjs exited {r.returncode}" + (f": {err[-1]}" if err else "")
        ) from None
    result = {}
    for pdf in pdfs:
        entry = out.get(str(pdf), {"error": "no output"})
        if "error" in entry:
            raise ReaderError(f"pdfjs: {pdf}: {entry['error']}")
        result[pdf] = "\n".join(entry["pages"])
    return result


def extract_pdfjs(pdf: Path) -> str:
    return extract_pdfjs_many([pdf])[pdf]


EXTRACT = {"poppler": extract_poppler, "mupdf": extract_mupdf, "pdfjs": extract_pdfjs}


# ------------------------------------------------------------------- scoring


class Score:
    def __init__(self, reader: str, content: list[str], extracted: list[str]):
        self.reader = reader
        self.content = content
        self.extracted = extracted
        c, e = Counter(content), Counter(extracted)
        self.total = len(content)
        self.found = sum((c & e).values())
        self.recall = self.found / self.total if self.total else 1.0
        self._missing_counts = c - e

    def missing(self, limit: int = 20) -> list[tuple[str, list[str] | None]]:
        """The first `limit` missed tokens (content order) and, where an alignment of
        the two token streams shows it, the reader's tokens in their place."""
        left = Counter(self._missing_counts)
        # A token that occurs n times in the content and m < n times in the text is
        # missed n - m times; report its last occurrences, the first ones matched.
        seen = Counter()
        wanted: list[int] = []
        occurrences = Counter(self.content)
        for i, tok in enumerate(self.content):
            seen[tok] += 1
            if left[tok] and seen[tok] > occurrences[tok] - self._missing_counts[tok]:
                wanted.append(i)
                if len(wanted) >= limit:
                    break
        if not wanted:
            return []
        sm = difflib.SequenceMatcher(None, self.content, self.extracted, autojunk=False)
        instead: dict[int, str | None] = {}
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            for i in range(i1, i2):
                if op == "replace" and i2 - i1 == j2 - j1:
                    instead[i] = [self.extracted[j1 + i - i1]]
                elif op == "replace":
                    instead[i] = self.extracted[j1:j2]
                else:
                    instead[i] = None
        return [(self.content[i], instead.get(i)) for i in wanted]

    def as_json(self) -> dict:
        return {
            "reader": self.reader,
            "recall": round(self.recall, 6),
            "found": self.found,
            "total": self.total,
        }


def codepoints(s: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in s)


def missing_line(tok: str, got: list[str] | None) -> str:
    """`  missing WORD [U+...] -> TOKEN | TOKEN [U+... | U+...]` (at most 4 tokens)."""
    line = f"  missing {tok} [{codepoints(tok)}]"
    if got:
        more = " | …" if len(got) > 4 else ""
        line += (f" -> {' | '.join(got[:4])}{more}"
                 f" [{' | '.join(codepoints(g) for g in got[:4])}{more}]")
    return line


def score(reader: str, text: str, lang: str, content: list[str]) -> Score:
    return Score(reader, content, tokenize(join_lines(text), lang))


# ----------------------------------------------------------------------- CLI


def single(args: argparse.Namespace) -> int:
    pdf, xml = Path(args.paths[0]), Path(args.paths[1])
    lang, content = content_tokens(xml)
    scores = []
    for reader in args.readers:
        scores.append(score(reader, EXTRACT[reader](pdf), lang, content))
    if args.json:
        print(json.dumps({"pdf": str(pdf), "content": str(xml), "lang": lang,
                          "readers": [s.as_json() for s in scores]}, ensure_ascii=False))
    for s in scores:
        if not args.json:
            print(f"{READER_LABEL[s.reader]} {s.recall:.3f} {s.found}/{s.total}")
        if args.verbose:
            out = sys.stderr if args.json else sys.stdout
            for tok, got in s.missing(20):
                print(missing_line(tok, got), file=out)
    return 1 if args.min is not None and any(s.recall < args.min for s in scores) else 0


def table(args: argparse.Namespace) -> int:
    out_dir, content_dir = Path(args.paths[0]), Path(args.paths[1])
    jobs = []  # (pdf, handout, lang, layout, xml)
    for pdf in sorted(out_dir.iterdir()):
        m = PDF_NAME.match(pdf.name)
        if not m:
            continue
        xml = content_dir / m["handout"] / f"{m['lang']}.xml"
        if xml.is_file():
            jobs.append((pdf, m["handout"], m["lang"], m["layout"], xml))
    if not jobs:
        print(f"recall.py: error: no <handout>.<lang>.<layout>.pdf in {out_dir} "
              f"with content in {content_dir}", file=sys.stderr)
        return 2

    contents = {}
    for _, _, _, _, xml in jobs:
        if xml not in contents:
            contents[xml] = content_tokens(xml)

    pdfs = [j[0] for j in jobs]
    texts: dict[tuple[str, Path], str] = {}
    workers = max(2, os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = {}
        if "pdfjs" in args.readers:
            # a few node processes, each extracting a share of the PDFs
            n = min(workers, len(pdfs))
            for k in range(n):
                futures[pool.submit(extract_pdfjs_many, pdfs[k::n])] = ("pdfjs", None)
        for reader in ("poppler", "mupdf"):
            if reader in args.readers:
                for pdf in pdfs:
                    futures[pool.submit(EXTRACT[reader], pdf)] = (reader, pdf)
        for f in concurrent.futures.as_completed(futures):
            reader, pdf = futures[f]
            if reader == "pdfjs":
                for p, text in f.result().items():
                    texts[("pdfjs", p)] = text
            else:
                texts[(reader, pdf)] = f.result()

    rows = []
    for pdf, handout, lang, layout, xml in jobs:
        clang, ctoks = contents[xml]
        scores = {r: score(r, texts[(r, pdf)], clang, ctoks) for r in args.readers}
        rows.append((pdf, handout, lang, layout, scores))

    mins = {r: min(row[4][r].recall for row in rows) for r in args.readers}
    if args.json:
        print(json.dumps({
            "rows": [{"pdf": str(pdf), "handout": h, "lang": l, "layout": lay,
                      "readers": {r: s[r].as_json() for r in args.readers}}
                     for pdf, h, l, lay, s in rows],
            "min": {r: round(v, 6) for r, v in mins.items()},
        }, ensure_ascii=False))
    else:
        heads = ["handout", "lang", "layout"] + [READER_LABEL[r] for r in args.readers]
        print("| " + " | ".join(heads) + " |")
        print("| --- | --- | --- |" + " ---: |" * len(args.readers))
        for pdf, h, l, lay, s in rows:
            cells = [h, l, lay] + [f"{s[r].recall:.3f}" for r in args.readers]
            print("| " + " | ".join(cells) + " |")
        print("| **min** | | |" + "".join(f" **{mins[r]:.3f}** |" for r in args.readers))
    if args.verbose:
        for pdf, h, l, lay, s in rows:
            for r in args.readers:
                miss = s[r].missing(20)
                if miss:
                    print(f"\n{pdf.name} {READER_LABEL[r]}:", file=sys.stderr)
                for tok, got in miss:
                    print(missing_line(tok, got), file=sys.stderr)
    if args.min is None:
        return 0
    floors = read_floors(args.floors) if args.floors else {}
    low = 0
    for pdf, h, l, lay, s in rows:
        for r in args.readers:
            floor = floors.get((r, l), args.min)
            if s[r].recall < floor:
                print(f"recall.py: {pdf.name}: {READER_LABEL[r]} recall {s[r].recall:.3f} "
                      f"is below {floor:.3f}", file=sys.stderr)
                low += 1
    return 1 if low else 0


def read_floors(path: str) -> dict[tuple[str, str], float]:
    """READER LANG MIN lines (# comments): a lower bound than --min for one reader and
    language, each with the reason it cannot reach --min written above it."""
    floors = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 3 or line[0] not in READERS:
                raise ValueError(f"{path}:{n}: expected READER LANG MIN")
            floors[(line[0], line[1])] = float(line[2])
    return floors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="recall.py",
        description="Word recall of a handout's text in the text layer three PDF "
                    "readers extract (see the top of this file).",
    )
    ap.add_argument("--reader", action="append", choices=READERS, dest="readers",
                    help="a reader to run (repeatable; default: all three)")
    ap.add_argument("--min", type=float, metavar="R",
                    help="exit 1 when any recall is below R")
    ap.add_argument("--floors", metavar="FILE",
                    help="with --table --min: per reader and language lower bounds "
                         "(READER LANG MIN lines), each below --min for a stated reason")
    ap.add_argument("--json", action="store_true", help="print JSON instead of text")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="show the first 20 missed tokens per reader with code points "
                         "(with --table or --json: on stderr)")
    ap.add_argument("--raw-bidi", action="store_true",
                    help="keep bidi formatting characters as part of words (strictly "
                         "raw; by default they are word boundaries)")
    ap.add_argument("--table", action="store_true",
                    help="batch mode: PATHS are OUT_DIR CONTENT_DIR")
    ap.add_argument("paths", nargs=2, metavar="PATH",
                    help="PDF CONTENT_XML, or with --table OUT_DIR CONTENT_DIR")
    args = ap.parse_args(argv)
    args.readers = [r for r in READERS if r in (args.readers or READERS)]
    global RAW_BIDI
    RAW_BIDI = args.raw_bidi
    try:
        return table(args) if args.table else single(args)
    except ReaderError as e:
        print(f"recall.py: error: {e}", file=sys.stderr)
        return 2
    except (OSError, ET.ParseError, ValueError) as e:
        print(f"recall.py: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
