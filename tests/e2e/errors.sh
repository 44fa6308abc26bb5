#!/usr/bin/env bash
# errors.sh PDFGEN WORKDIR — the command line's contract: exit status 0/1/2, errors as
# FILE:LINE:COL: error: ..., and nothing written on failure.
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
lay="$root/layouts/standard-letter.xml"
c="$root/content/mitraclip-procedure-day/en.xml"
all=(--set "patient_name=A" --set procedure_date=2026-12-03 --set arrival_time=07:30
     --set "care_team_phone=1")
pass=0 fail=0

# expect STATUS PATTERN -- command...: the exit status and a pattern on stderr+stdout.
expect() {
  local want=$1 pattern=$2
  shift 3
  local got
  got=$("$@" 2>&1)
  local status=$?
  if [ "$status" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$got"; then
    echo "FAIL: $* -> status $status (want $want), output: $got"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

expect 0 "usage: pdfgen render" -- "$pdfgen" --help
expect 0 "usage: pdfgen render" -- "$pdfgen" render --help
expect 0 "^pdfgen [0-9]+\.[0-9]+" -- "$pdfgen" --version
expect 2 "unknown command" -- "$pdfgen" frobnicate
expect 2 "unknown option" -- "$pdfgen" render --bogus
expect 2 "needs -l LAYOUT" -- "$pdfgen" render -l "$lay"
expect 2 "option needs an argument" -- "$pdfgen" render -l
expect 2 "NAME=VALUE" -- "$pdfgen" render -l "$lay" -c "$c" --set novalue -o "$work/x.pdf"

expect 1 "is a directory" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" -o "$work"
expect 1 "does not exist" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" -o "$work/no/x.pdf"
cp "$c" "$work/copy.xml"
expect 1 "is one of the inputs" -- "$pdfgen" render -l "$lay" -c "$work/copy.xml" "${all[@]}" -o "$work/copy.xml"
cmp -s "$c" "$work/copy.xml" && pass=$((pass + 1)) || { echo "FAIL: input overwritten"; fail=$((fail + 1)); }

expect 1 "variable \"arrival_time\" has no value" -- "$pdfgen" render -l "$lay" -c "$c" \
  --set procedure_date=2026-12-03 --set care_team_phone=1 -o "$work/x.pdf"
expect 1 "en.xml:[0-9]+:[0-9]+: error: variable \"arrival_time\"" -- "$pdfgen" render -l "$lay" -c "$c" \
  --set procedure_date=2026-12-03 --set care_team_phone=1 -o "$work/x.pdf"
expect 1 "is not a time" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" --set arrival_time=7pm -o "$work/x.pdf"

mkdir -p "$work/content/h"
printf '<handout id="h" lang="en" version="1" reviewed="2026-01-01">\n<title id="t">x</title>\n<section id="s"><h id="h">H</h><p id="p">oops</section>\n</handout>\n' > "$work/content/h/en.xml"
expect 1 "content/h/en.xml:3:[0-9]+: error: " -- "$pdfgen" render -l "$lay" -c "$work/content/h/en.xml" -o "$work/x.pdf"
printf '<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://example.invalid/x.dtd">\n<handout/>\n' > "$work/content/h/en.xml"
expect 1 "DOCTYPE declarations are not allowed" -- "$pdfgen" render -l "$lay" -c "$work/content/h/en.xml" -o "$work/x.pdf"
printf '<handout id="h" lang="en" version="1" reviewed="2026-01-01"><title id="t">x</title><section id="s"><h id="h">H</h><img id="i" src="../../../etc/hostname" alt="a"/></section></handout>' > "$work/content/h/en.xml"
expect 1 "inside the content folder" -- "$pdfgen" render -l "$lay" -c "$work/content/h/en.xml" -o "$work/x.pdf"
printf '<handout id="h" lang="en" version="1" reviewed="2026-01-01"><title id="t">x</title><section id="s"><h id="h">H \xee\x80\x80</h></section></handout>' > "$work/content/h/en.xml"
expect 1 "en.xml:1:[0-9]+: error: no font covers U\+E000 \(<private use area-E000>\)" -- "$pdfgen" render -l "$lay" -c "$work/content/h/en.xml" -o "$work/x.pdf"
expect 1 "cannot open" -- "$pdfgen" render -l "$work/nope.xml" -c "$c" -o "$work/x.pdf"
printf '<fonts><family name="sans"><face match="No Such Font 9" package="fonts-x"/></family><chain script="default" families="sans"/></fonts>' > "$work/fonts.xml"
expect 1 "en.xml:[0-9]+:[0-9]+: error: no font covers U\+[0-9A-F]+ \([A-Z -]+\): .*fonts.xml:1:[0-9]+: font \"No Such Font 9\" is not installed; install it with: apt-get install fonts-x" -- "$pdfgen" render --fonts "$work/fonts.xml" -l "$lay" -c "$c" "${all[@]}" -o "$work/x.pdf"

# Every error has the word "error:"; a built-in variable on the command line is a usage error.
expect 2 "^pdfgen: error: unknown option" -- "$pdfgen" render --bogus
expect 2 "^pdfgen: error: --set cannot give a built-in" -- "$pdfgen" render -l "$lay" -c "$c" --set page=3 -o "$work/x.pdf"
# An unknown font family is reported at the layout's line.
sed 's#<style element="h" #<style element="h" family="Nonesuch" #' "$lay" > "$work/badfam.xml"
famline=$(grep -n 'family="Nonesuch"' "$work/badfam.xml" | cut -d: -f1)
expect 1 "badfam.xml:$famline:[0-9]+: error: font family \"Nonesuch\" is not defined" -- "$pdfgen" render -l "$work/badfam.xml" -c "$c" "${all[@]}" -o "$work/x.pdf"
# Only regular files are read: a FIFO is refused at once, not waited on.
mkfifo "$work/fifo.xml"
expect 1 "fifo.xml: error: is a pipe \(FIFO\), not a file" -- timeout 10 "$pdfgen" render -l "$lay" -c "$work/fifo.xml" "${all[@]}" -o "$work/x.pdf"
# An output inside a regular file says so.
expect 1 "is a file, not a directory" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" -o "$c/x.pdf"
# Two outputs that are one file however they are spelt.
mkdir -p "$work/outs"
expect 1 "is one of the inputs or another output; give --merge another file" -- "$pdfgen" batch -l "$lay" --data "$root/examples/patients.csv" --content-root "$root/content" -o "$work/outs/b" --merge "$work/outs/x.pdf" --report "$work/outs/./x.pdf"
# --dump goes through the pipeline: every box with its source place.
expect 0 "" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" --dump -o "$work/dump.txt"
if grep -qE '^  line title .* @.*content/mitraclip-procedure-day/en.xml:[0-9]+:[0-9]+$' "$work/dump.txt" &&
   grep -qE '^  line footer .* @.*layouts/standard-letter.xml:[0-9]+:[0-9]+$' "$work/dump.txt"; then
  pass=$((pass + 1))
else
  echo "FAIL: --dump lacks source places"; fail=$((fail + 1))
fi

# A reviewed translation prints without the draft notice; the same text as a draft has it
# on every page; "reviewed" without a reviewer is refused at its line.
mkdir -p "$work/tree/h" && cp -r "$root/content/common" "$work/tree/"
cp "$root/content/mitraclip-home-care/en.xml" "$work/tree/h/en.xml"
sed 's#status="draft">#status="reviewed" reviewer="R. Diaz, CMI-Spanish" review-date="2026-11-30">#' \
  "$root/content/mitraclip-home-care/es.xml" > "$work/tree/h/es.xml"
expect 0 "" -- "$pdfgen" render -l "$lay" -c "$work/tree/h/es.xml" "${all[@]}" -o "$work/reviewed.pdf"
expect 0 "" -- "$pdfgen" render -l "$lay" -c "$root/content/mitraclip-home-care/es.xml" "${all[@]}" -o "$work/draft.pdf"
pages=$(pdfinfo "$work/draft.pdf" | sed -n 's/^Pages: *//p')
if [ "$(pdftotext "$work/reviewed.pdf" - | grep -c 'Draft translation')" -eq 0 ] &&
   [ "$(pdftotext "$work/draft.pdf" - | grep -c 'Draft translation')" -eq "$pages" ] &&
   [ "$(pdftotext "$work/draft.pdf" - | grep -c 'Borrador: sin revisar')" -eq "$pages" ]; then
  pass=$((pass + 1))
else
  echo "FAIL: the draft notice: reviewed $(pdftotext "$work/reviewed.pdf" - | grep -c 'Draft translation'), draft $(pdftotext "$work/draft.pdf" - | grep -c 'Draft translation') of $pages pages"
  fail=$((fail + 1))
fi
sed 's#status="draft">#status="reviewed">#' "$root/content/mitraclip-home-care/es.xml" > "$work/tree/h/es.xml"
expect 1 "es.xml:5:[0-9]+: error: a reviewed translation names its reviewer and the day" -- "$pdfgen" render -l "$lay" -c "$work/tree/h/es.xml" "${all[@]}" -o "$work/x.pdf"

# --preview, for translators: no values needed, variables as [name], a block still in
# English framed and named, pages past max-pages framed and named.
cp "$root/content/mitraclip-home-care/en.xml" "$work/tree/h/en.xml"
python3 - "$root/content/mitraclip-home-care" "$work/tree/h/es.xml" <<'PY'
import re, sys
es = open(sys.argv[1] + "/es.xml", encoding="utf-8").read()
en = open(sys.argv[1] + "/en.xml", encoding="utf-8").read()
pat = re.compile(r'<p id="home.p2"[^>]*>.*?</p>', re.S)
open(sys.argv[2], "w", encoding="utf-8").write(pat.sub(pat.search(en).group(0), es))
PY
sed 's/max-pages="[0-9]*"/max-pages="2"/' "$root/layouts/large-print-letter.xml" > "$work/max2.xml"
expect 0 "es.xml:[0-9]+:[0-9]+: note: block home.p2 is still in the source language" -- "$pdfgen" render -l "$work/max2.xml" -c "$work/tree/h/es.xml" --preview --dump -o "$work/preview.txt"
expect 0 "es.xml:[0-9]+:[0-9]+: note: page 3 is past the layout's max-pages; it starts with block " -- "$pdfgen" render -l "$work/max2.xml" -c "$work/tree/h/es.xml" --preview -o "$work/preview.pdf"
if [ "$(grep -c 'rect preview-untranslated' "$work/preview.txt")" -eq 2 ] &&
   [ "$(grep -c 'rect preview-past-max-pages' "$work/preview.txt")" -eq "$(( $(grep -c '^page ' "$work/preview.txt") - 2 ))" ] &&
   grep -q '\[procedure_date\]' "$work/preview.txt" && pdftotext "$work/preview.pdf" - | grep -q '\[patient_name\]'; then
  pass=$((pass + 1))
else
  echo "FAIL: preview marks: $(grep -c preview- "$work/preview.txt")"; fail=$((fail + 1))
fi
# The block still in English is tagged as English inside the Spanish document.
if qpdf --qdf --object-streams=disable "$work/preview.pdf" - | grep -aq '/Lang (en)' &&
   "$root/tests/pdfua/check_pdfua.py" "$work/preview.pdf" >/dev/null; then
  pass=$((pass + 1))
else
  echo "FAIL: preview: untranslated block not tagged /Lang (en), or not PDF/UA"; fail=$((fail + 1))
fi

# A step that should stay whole but no longer fits on a page: framed and named. (A
# callout may go on to the next page between its paragraphs and items, under its
# heading "(continued)".)
python3 - "$work/tree/h/split.xml" <<'PY'
import sys
long = " ".join(["Call your care team right away if the pain gets worse."] * 40)
open(sys.argv[1], "w").write('<handout id="h" lang="en" version="1" reviewed="2026-01-01">'
    '<title id="t">T</title><section id="s"><h id="s.h">H</h><p id="s.p">Short.</p>'
    '<steps id="c"><step id="c.1">' + long + '</step></steps></section></handout>')
PY
expect 0 "split.xml:1:[0-9]+: note: block c.1 should stay on one page but does not fit: it goes on at the top of page 3" -- "$pdfgen" render --preview -l "$root/layouts/large-print-letter.xml" -c "$work/tree/h/split.xml" -o "$work/split.pdf"

# Metadata takes the values as given, not as prepared for the page (no bidi isolates, no
# no-break spaces).
expect 0 "" -- "$pdfgen" render -l "$lay" -c "$c" "${all[@]}" --set "clinic_name=North Valley Clinic" -o "$work/meta.pdf"
if [ "$(pdfinfo -enc UTF-8 "$work/meta.pdf" | sed -n 's/^Author: *//p')" = "North Valley Clinic" ]; then
  pass=$((pass + 1))
else
  echo "FAIL: Author is not the raw clinic_name: $(pdfinfo "$work/meta.pdf" | grep Author | od -c | head -3)"
  fail=$((fail + 1))
fi

# An image beside a content file given by a relative path with "..": inside, accepted.
expect 0 "" -- bash -c "cd '$root/tests' && '$pdfgen' render -l golden/layout.xml \
  -c ../tests/golden/image-caption/content.xml -o '$work/img.pdf'"

[ ! -e "$work/x.pdf" ] && pass=$((pass + 1)) || { echo "FAIL: a failed render wrote x.pdf"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
