#!/usr/bin/python3
"""calibrate.py - run check_pdfua.py over a local copy of the veraPDF corpus.

Usage: calibrate.py CORPUS_DIR [--details] [--jobs N] [--suite PDF_UA-1 ...]

CORPUS_DIR is a checkout (or `git archive` extract) of the public
veraPDF-corpus repository; nothing is fetched.  Each corpus file tests one
rule and says in its name whether it must pass or fail it:
  PDF_UA-1/7.1 General/7.1-t03-fail-a.pdf                          (PDF/UA 7.1, test 3)
  PDF_A-2b/.../veraPDF test suite 6-2-11-5-t01-fail-a.pdf            (PDF/A 6.2.11.5, test 1)

A file counts as agreeing when the checker reports an error under that rule
(or one of its aliases below) exactly when the file is a "fail" file.  Only
rules the checker implements are counted; errors of other rules in the same
file (corpus files are minimal, not otherwise conforming) are ignored.
"""

import argparse
import multiprocessing
import os
import re
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import check_pdfua  # noqa: E402

# PDF/UA rules whose check is reported under the PDF/A rule of the same content
UA_ALIASES = {
    # the corpus predates the split of these rules: its 7.2-t03, t19 and t27
    # files also test Caption placement, now 7.2-16/39, 7.2-40 and 7.2-28
    "7.2-3": ["PDF/UA 7.2-16", "PDF/UA 7.2-39"],
    "7.2-19": ["PDF/UA 7.2-40"],
    "7.2-27": ["PDF/UA 7.2-28"],
    "6.1-1": ["PDF/A 6.1.2-1"],
    "7.11-1": ["PDF/A 6.8-2"],
    "7.20-1": ["PDF/A 6.2.9-2"],
    "7.21.3.1-1": ["PDF/A 6.2.11.3.1-1"],
    "7.21.3.2-1": ["PDF/A 6.2.11.3.2-1"],
    "7.21.3.3-1": ["PDF/A 6.2.11.3.3-1"],
    "7.21.3.3-2": ["PDF/A 6.2.11.3.3-2"],
    "7.21.3.3-3": ["PDF/A 6.2.11.3.3-3"],
    "7.21.4.1-1": ["PDF/A 6.2.11.4.1-1"],
    "7.21.4.1-2": ["PDF/A 6.2.11.4.1-2"],
    "7.21.4.2-2": ["PDF/A 6.2.11.4.2-2"],
    "7.21.5-1": ["PDF/A 6.2.11.5-1"],
    "7.21.6-1": ["PDF/A 6.2.11.6-1"],
    "7.21.6-2": ["PDF/A 6.2.11.6-2"],
    "7.21.6-3": ["PDF/A 6.2.11.6-3"],
    "7.21.6-4": ["PDF/A 6.2.11.6-4"],
    "7.21.7-1": ["PDF/A 6.2.11.7.2-1"],
    "7.21.7-2": ["PDF/A 6.2.11.7.2-2"],
    "7.21.8-1": ["PDF/A 6.2.11.8-1"],
}

# PDF/UA-1 rules (clause-test) the checker implements as errors
UA_IMPLEMENTED = set("""
5-1 5-2 5-3 5-4 5-5 6.1-1 6.2-1
7.1-1 7.1-2 7.1-3 7.1-4 7.1-5 7.1-6 7.1-7 7.1-8 7.1-9 7.1-10 7.1-11 7.1-12
7.2-2 7.2-3 7.2-4 7.2-5 7.2-6 7.2-7 7.2-8 7.2-9 7.2-10 7.2-11 7.2-12 7.2-13 7.2-14 7.2-16
7.2-17 7.2-18 7.2-19 7.2-20 7.2-21 7.2-22 7.2-23 7.2-26 7.2-27 7.2-28 7.2-29 7.2-30 7.2-31
7.2-32 7.2-33 7.2-34 7.2-36 7.2-37 7.2-38 7.2-39 7.2-40
7.3-1 7.4.2-1 7.4.4-1 7.4.4-2 7.4.4-3 7.7-1 7.9-1 7.9-2 7.11-1 7.16-1
7.18.1-1 7.18.2-1 7.18.3-1 7.18.4-1 7.18.5-1 7.18.5-2 7.20-1
7.21.3.1-1 7.21.3.2-1 7.21.3.3-1 7.21.3.3-2 7.21.3.3-3 7.21.4.1-1 7.21.4.1-2 7.21.4.2-2
7.21.5-1 7.21.6-1 7.21.6-2 7.21.6-3 7.21.6-4 7.21.7-1 7.21.7-2 7.21.8-1
""".split())

# PDF/A-2 clauses implemented (all corpus tests of the clause are counted; the
# corpus' test numbers do not always match the profile's within a clause)
PDFA_IMPLEMENTED = set("""
6.1.2 6.1.3 6.1.10 6.2.2 6.2.3 6.2.4.3 6.2.5 6.2.8 6.2.9 6.2.11.2 6.2.11.3.1 6.2.11.3.2 6.2.11.3.3
6.2.11.4.1 6.2.11.4.2 6.2.11.5 6.2.11.6 6.2.11.7.2 6.2.11.8 6.3.1 6.4.1 6.4.2 6.5.1 6.5.2
6.6.2.1 6.6.2.3.1 6.6.2.3.2 6.6.2.3.3 6.6.4 6.1.7.1 6.10 6.11
""".split())

# corpus tests within an implemented clause that exercise a part the checker
# does not implement (kept out of the counts; listed in the README)
PDFA_EXCLUDED = set("""
6.1.7.1-t01 6.1.7.1-t02 6.1.7.1-t03
6.2.11.4.2-t01
6.6.2.3.1-t01 6.6.2.3.1-t02 6.6.2.3.1-t03 6.6.2.3.1-t04 6.6.2.3.1-t05 6.6.2.3.1-t07 6.6.2.3.1-t09
6.6.2.3.1-t10 6.6.2.3.1-t11 6.6.2.3.1-t13 6.6.2.3.1-t14 6.6.2.3.1-t15 6.6.2.3.1-t16 6.6.2.3.1-t17
6.6.2.3.1-t18 6.6.2.3.1-t19
""".split())

# corpus tests filed under an older clause number than the rule that now covers them
PDFA_CLAUSE_ALIASES = {
    "6.2.2-t02": ["6.2.6"],      # rendering intent in a content stream
    "6.2.5-t05": ["6.2.6"],      # rendering intent in an ExtGState
}

UA_RE = re.compile(r"^(\d+(?:\.\d+)*)-t(\d+)-(pass|fail)-([a-z]+)\.pdf$")
UA_RE2 = re.compile(r"^(\d+)[.-](\d+(?:\.\d+)*)-t(\d+)-(pass|fail)-([a-z]+)\.pdf$")
PDFA_RE = re.compile(r"^veraPDF test suite (\d+(?:-\d+)*)-t(\d+)-(pass|fail)-([a-z]+)\.pdf$")


def classify(path):
    base = os.path.basename(path)
    parts = path.replace("\\", "/").split("/")
    if "PDF_UA-1" in parts:
        m = UA_RE.match(base)
        if not m:
            m2 = UA_RE2.match(base)      # "7-18.3-t01-pass-a.pdf"
            if not m2:
                return None
            clause = m2.group(1) + "." + m2.group(2)
            test, exp = int(m2.group(3)), m2.group(4)
        else:
            clause, test, exp = m.group(1), int(m.group(2)), m.group(3)
        rid = "%s-%d" % (clause, test)
        if rid not in UA_IMPLEMENTED:
            return None
        rules = ["PDF/UA " + rid] + UA_ALIASES.get(rid, [])
        return ("PDF/UA-1", "PDF/UA " + rid, rules, exp == "fail", None)
    for suite in ("PDF_A-2u", "PDF_A-2b", "PDF_A-2a"):
        if suite in parts:
            m = PDFA_RE.match(base)
            if not m:
                return None
            clause = m.group(1).replace("-", ".")
            if clause not in PDFA_IMPLEMENTED:
                return None
            rid = "%s-t%02d" % (clause, int(m.group(2)))
            if rid in PDFA_EXCLUDED:
                return None
            clauses = [clause] + PDFA_CLAUSE_ALIASES.get(rid, [])
            return (suite, "PDF/A %s (t%02d)" % (clause, int(m.group(2))), None, m.group(3) == "fail", clauses)
    return None


def verdict(args):
    path, rules, clauses = args
    # the PDF/A-2b corpus files declare conformance B: accept it there
    conf = ("B", "U", "A") if "PDF_A-2b" in path else ("U", "A")
    try:
        fs = check_pdfua.check_file(path, run_qpdf=False, pdfa_conformance=conf)
    except Exception as e:  # noqa: BLE001
        return path, None, "checker crashed: %s" % e
    errs = [f for f in fs if f.severity == "error"]
    if rules is not None:
        hit = [f for f in errs if f.rule in rules]
    else:
        pres = tuple("PDF/A %s-" % c for c in clauses)
        hit = [f for f in errs if f.rule.startswith(pres)]
    internal = [f for f in errs if f.rule == "CHECKER"]
    msg = "; ".join("%s: %s" % (f.rule, f.message) for f in (hit or internal)[:2])
    return path, bool(hit), msg


def main(argv=None):
    ap = argparse.ArgumentParser(description="calibrate check_pdfua.py against the veraPDF corpus")
    ap.add_argument("corpus")
    ap.add_argument("--details", action="store_true", help="list every disagreeing file")
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) // 2))
    ap.add_argument("--suite", action="append", help="PDF_UA-1, PDF_A-2u, PDF_A-2b, PDF_A-2a (default: all)")
    a = ap.parse_args(argv)
    suites = a.suite or ["PDF_UA-1", "PDF_A-2u", "PDF_A-2b"]
    files = []
    for s in suites:
        top = os.path.join(a.corpus, s)
        if not os.path.isdir(top):
            print("missing %s" % top, file=sys.stderr)
            continue
        for dp, _dn, fns in os.walk(top):
            for fn in sorted(fns):
                if fn.endswith(".pdf"):
                    p = os.path.join(dp, fn)
                    c = classify(os.path.relpath(p, a.corpus))
                    if c:
                        files.append((p, c))
    if not files:
        print("no corpus files found under %s" % a.corpus, file=sys.stderr)
        return 2
    with multiprocessing.Pool(a.jobs) as pool:
        res = pool.map(verdict, [(p, c[2], c[4]) for p, c in files], chunksize=4)
    table = OrderedDict()
    disagree = []
    for (p, c), (_p, hit, msg) in zip(files, res):
        suite, label, _rules, expect_fail, _clause = c
        row = table.setdefault((suite, label), {"pass": 0, "fail": 0, "agree": 0, "n": 0})
        row["n"] += 1
        row["fail" if expect_fail else "pass"] += 1
        if hit is not None and hit == expect_fail:
            row["agree"] += 1
        else:
            disagree.append((suite, label, os.path.relpath(p, a.corpus), expect_fail, hit, msg))

    def sort_key(k):
        suite, label = k
        nums = [int(x) for x in re.findall(r"\d+", label)]
        return (suite, nums)

    print("| suite | rule | files | expected pass/fail | agreement |")
    print("|---|---|---:|---:|---:|")
    tot = [0, 0]
    per_suite = OrderedDict()
    for k in sorted(table, key=sort_key):
        r = table[k]
        print("| %s | %s | %d | %d/%d | %d/%d |" % (k[0], k[1], r["n"], r["pass"], r["fail"], r["agree"], r["n"]))
        tot[0] += r["agree"]
        tot[1] += r["n"]
        ps = per_suite.setdefault(k[0], [0, 0])
        ps[0] += r["agree"]
        ps[1] += r["n"]
    for s, (ag, n) in per_suite.items():
        print("| %s | **all implemented rules** | %d | | %d/%d |" % (s, n, ag, n))
    print("\noverall agreement: %d/%d files" % (tot[0], tot[1]))
    if a.details and disagree:
        print("\ndisagreements:")
        for suite, label, p, expect_fail, hit, msg in disagree:
            print("  %s  expected %s, checker %s  %s" % (p, "fail" if expect_fail else "pass",
                                                        "crash" if hit is None else ("fail" if hit else "pass"),
                                                        ("[" + msg + "]") if msg else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
