#!/usr/bin/python3
"""selftest.py - the checker passes the sample and fails each deliberate breakage.

Builds tests/pdfua/make_sample.py's document (and its five broken variants) in a
temporary directory, runs check_pdfua on each (with qpdf --check) and checks:
  sample          no error and no warning
  no-markinfo     an error of rule PDF/UA 6.2-1
  untagged-text   an error of rule PDF/UA 7.1-3
  bad-parenttree  an error of rule ISO32000 ParentTree
  h3-after-h1     an error of rule PDF/UA 7.4.2-1
  tounicode-gap   an error of rule PDF/A 6.2.11.7.2-1
and that a broken variant has no error of another rule (so that each rule
fires for its own mistake only).  Also runs the command line once with
--json.  Exit 0 when every expectation holds; prints "N passed, M failed".
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_pdfua  # noqa: E402
import make_sample  # noqa: E402

EXPECT = {
    None: None,
    "no-markinfo": "PDF/UA 6.2-1",
    "untagged-text": "PDF/UA 7.1-3",
    "bad-parenttree": "ISO32000 ParentTree",
    "h3-after-h1": "PDF/UA 7.4.2-1",
    "tounicode-gap": "PDF/A 6.2.11.7.2-1",
}


def main():
    passed = failed = 0

    def result(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("PASS %s" % what)
        else:
            failed += 1
            print("FAIL %s%s" % (what, (": " + detail) if detail else ""))

    with tempfile.TemporaryDirectory() as tmp:
        for brk, rule in EXPECT.items():
            name = brk or "sample"
            out = os.path.join(tmp, name + ".pdf")
            make_sample.build(out, brk)
            fs = check_pdfua.check_file(out, run_qpdf=True)
            errs = [f for f in fs if f.severity == "error"]
            warns = [f for f in fs if f.severity == "warning"]
            shown = "; ".join("%s: %s" % (f.rule, f.message) for f in errs + warns)
            if rule is None:
                result(not errs and not warns, "sample passes", shown)
            else:
                result(any(f.rule == rule for f in errs), "%s fails with %s" % (name, rule), shown or "no error")
                others = [f for f in errs if f.rule != rule]
                result(not others, "%s has no error of another rule" % name,
                       "; ".join("%s: %s" % (f.rule, f.message) for f in others))
        # command line: exit status and --json shape
        good = os.path.join(tmp, "sample.pdf")
        bad = os.path.join(tmp, "untagged-text.pdf")
        p = subprocess.run([sys.executable, os.path.join(HERE, "check_pdfua.py"), good],
                           capture_output=True, text=True)
        result(p.returncode == 0 and p.stdout == "", "CLI exit 0 and silent on the sample", p.stdout + p.stderr)
        p = subprocess.run([sys.executable, os.path.join(HERE, "check_pdfua.py"), bad],
                           capture_output=True, text=True)
        result(p.returncode == 1 and ": PDF/UA 7.1-3: " in p.stdout and "(page 1)" in p.stdout,
               "CLI exit 1 and FILE: RULE: message (page N) on a broken file", p.stdout + p.stderr)
        p = subprocess.run([sys.executable, os.path.join(HERE, "check_pdfua.py"), "--json", good, bad],
                           capture_output=True, text=True)
        try:
            j = json.loads(p.stdout)
            ok = (p.returncode == 1 and j["ok"] is False and j["files"][0]["ok"] is True
                  and j["files"][1]["ok"] is False
                  and any(f["rule"] == "PDF/UA 7.1-3" and f["page"] == 1 for f in j["files"][1]["findings"]))
        except (ValueError, KeyError, IndexError) as e:
            ok = False
            p = p.__class__(p.args, p.returncode, p.stdout, str(e))
        result(ok, "CLI --json reports per file", p.stdout[:300] + p.stderr)

    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
