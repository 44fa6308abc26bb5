#!/usr/bin/env bash
# check.sh PDFGEN WORKDIR — `pdfgen check` end to end: the fixture tree tests/check/content
# (each translation broken in one way, named in its first comment) gives exactly the
# finding lines below, the summary and exit status 1; JSON output parses and agrees; the
# usage errors exit 2; and the shipped content passes with no errors (how CI checks it).
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work" && mkdir -p "$work/layouts"
pass=0 fail=0

# The fixtures, with the shipped shared strings (the pipeline needs them for every
# language) and the shipped large-print layout cut to one page
cp -r "$root/tests/check/content" "$work/content"
cp -r "$root/content/common" "$work/content/common"
# (without the colophon's closing lines: the fixtures' page counts predate it)
sed -e 's/max-pages="[0-9]*"/max-pages="1"/' -e '/<colophon>/,/<\/colophon>/d' \
  "$root/layouts/large-print-letter.xml" > "$work/layouts/one-page.xml"
cd "$work" || exit 1

"$pdfgen" check --content-root content --layout layouts/one-page.xml > out.txt 2> err.txt
status=$?

# has LINE: the output holds exactly this line.
has() {
  if grep -qxF -- "$1" out.txt; then
    pass=$((pass + 1))
  else
    echo "FAIL: missing line: $1"
    fail=$((fail + 1))
  fi
}

# One finding per kind, each at its place.
has 'content/visit/es.xml:10:5: error: block visit.list.2 is missing; the source has it at content/visit/en.xml:18:7'
has 'content/visit/fr.xml:14:5: error: block visit.p3 is not in the source; every block id must be the source'"'"'s'
has 'content/visit/vi.xml:12:7: error: block visit.list.2: its variables differ from the source'"'"'s: missing care_team_phone; not in the source block patient_name (the same <var name="..."/> as the source, translated around them)'
has 'content/visit/ht.xml:9:5: error: block visit.p2 is the same as in the source: translate it'
has 'content/visit/ar.xml:9:5: error: block visit.p2: 10 words in Latin script, not Arabic ("bring a list of your medicines and your insurance card"): is it left in the source language?'
has 'content/visit/ru.xml:3:1: warning: stale translation: translated from version 1 of the source, which is now at version 2'
has 'content/visit/ko.xml:9:5: warning: block visit.p2: the source changed since it was translated'
has 'content/visit/hi.xml:9:96: error: no font covers U+E000 (<private use area-E000>); add a font with this character to the chain for its script in fonts/fonts.xml'
has 'content/visit/hi.xml:11:92: error: no font covers U+E001; add a font with this character to the chain for its script in fonts/fonts.xml'
has 'content/visit/zh-Hans.xml:9:5: error: the handout takes 2 pages; one-page.xml allows 1 (max-pages): block visit.p2 runs past page 1'
has 'content/discharge/es.xml:4:9: warning: draft translation: not yet reviewed by a qualified medical translator'
has 'content/discharge/ru.xml:3:1: warning: draft translation: not yet reviewed by a qualified medical translator (it has no <translation> metadata)'
has 'content/discharge/ru.xml:3:1: note: no block carries a source-hash, so which blocks changed in the source since they were translated cannot be checked (an XLIFF import adds them)'
has 'content/discharge/fr.xml:4:9: error: a reviewed translation names its reviewer and the day: add reviewer="NAME, CREDENTIAL" and review-date="YYYY-MM-DD", or keep status="draft"'
# The sources' reading grades: the easy one a note, the hard one a warning naming its
# three hardest sentences; Spanish gets its Fernández-Huerta score.
has 'content/visit/en.xml:4:1: note: reading grade 1.3 (Flesch-Kincaid; 29 words, 5 sentences, 36 syllables)'
has 'content/discharge/en.xml:4:1: warning: reading grade 16.6 (Flesch-Kincaid; 62 words, 6 sentences, 148 syllables): above grade 7; the hardest sentences follow'
has 'content/discharge/en.xml:11:21: note: hard sentence in block home.p1 (grade 23.9: 25 words, 2.52 syllables a word): "Following your transcatheter procedure, the interventional ..."'
has 'content/discharge/en.xml:13:21: note: hard sentence in block home.p3 (grade 31.4: 12 words, 3.58 syllables a word): "Anticoagulation therapy necessitates consistent laboratory ..."'
has 'content/discharge/en.xml:15:30: note: hard sentence in block home.list.1 (grade 15.5: 11 words, 2.27 syllables a word): "Avoid strenuous physical activity and heavy lifting for ..."'
has 'content/discharge/es.xml:3:1: note: Fernández-Huerta readability 71.4 (fairly easy; 67 words, 6 sentences, 141 syllables)'
has 'content/visit/es.xml:3:1: note: Fernández-Huerta readability 85.1 (easy; 27 words, 4 sentences, 48 syllables)'
# Nothing else: the counts, the correct control file (discharge/vi.xml) silent, the
# findings grouped per file in the order the files are checked, and the exit status.
has 'pdfgen check: 15 files, 9 errors, 5 warnings'
expect_eq() {
  if [ "$1" = "$2" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: $3: got '$1', want '$2'"
    fail=$((fail + 1))
  fi
}
expect_eq "$(grep -c ': \(error\|warning\|note\): ' out.txt)" 21 "finding lines"
expect_eq "$(grep -c '^content/discharge/vi.xml' out.txt)" 0 "findings on the correct file"
expect_eq "$(sed 's/:.*//' out.txt | grep '^content' | uniq | tr '\n' ' ')" \
  "content/discharge/en.xml content/discharge/es.xml content/discharge/fr.xml content/discharge/ru.xml content/visit/en.xml content/visit/ar.xml content/visit/es.xml content/visit/fr.xml content/visit/hi.xml content/visit/ht.xml content/visit/ko.xml content/visit/ru.xml content/visit/vi.xml content/visit/zh-Hans.xml " \
  "files in order, each once"
expect_eq "$status" 1 "exit status with errors"
expect_eq "$(cat err.txt)" "" "stderr"

# Warnings alone pass: the draft and the stale translation, named.
"$pdfgen" check --content-root content --layout layouts/one-page.xml discharge > one.txt 2>&1
expect_eq "$?" 1 "discharge (fr.xml has an error)"
expect_eq "$(tail -1 one.txt)" "pdfgen check: 5 files, 1 error, 3 warnings" "discharge summary"
rm content/discharge/fr.xml
"$pdfgen" check --content-root content --layout layouts/one-page.xml discharge > one.txt 2>&1
expect_eq "$?" 0 "warnings only"
expect_eq "$(tail -1 one.txt)" "pdfgen check: 4 files, 0 errors, 3 warnings" "warnings summary"

# JSON: the same findings, for tools.
"$pdfgen" check --content-root content --layout layouts/one-page.xml --format json visit > out.json
expect_eq "$?" 1 "json exit status"
expect_eq "$(python3 -c '
import json, sys
d = json.load(open("out.json"))
f = d["findings"]
m = [x for x in f if x["file"] == "content/visit/vi.xml"][0]
print(len(f), d["summary"]["errors"], d["summary"]["warnings"], d["summary"]["files"],
      m["line"], m["col"], m["severity"], m["handout"], m["lang"], m["block"])
' 2>&1)" "12 8 2 10 12 7 error visit vi visit.list.2" "json findings"

# Usage errors exit 2; an unknown handout or root is an input error (1) on stderr.
"$pdfgen" check --bogus > /dev/null 2>&1
expect_eq "$?" 2 "unknown option"
"$pdfgen" check --format xml > /dev/null 2>&1
expect_eq "$?" 2 "bad --format"
"$pdfgen" check --layout > /dev/null 2>&1
expect_eq "$?" 2 "missing argument"
"$pdfgen" check --help | grep -q "usage: pdfgen check"
expect_eq "$?" 0 "--help"
"$pdfgen" check --content-root content --layout layouts/one-page.xml nosuch > out.txt 2> err.txt
expect_eq "$?:$(cat err.txt)" \
  '1:pdfgen: error: no handout "nosuch" in content (there is no content/nosuch/en.xml)' \
  "unknown handout"
"$pdfgen" check --content-root nowhere > /dev/null 2> err.txt
expect_eq "$?:$(cat err.txt)" \
  "1:nowhere: error: is not a folder of handouts (content/<handout>/<lang>.xml)" "no root"

# The shipped content: no errors (drafts are warnings). This is how CI checks it.
cd "$root" || exit 1
"$pdfgen" check --content-root content > "$work/shipped.txt" 2>&1
status=$?
if [ "$status" -ne 0 ] || grep -q ': error: ' "$work/shipped.txt"; then
  echo "FAIL: the shipped content has errors:"
  cat "$work/shipped.txt"
  fail=$((fail + 1))
else
  pass=$((pass + 1))
fi

echo "check.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
