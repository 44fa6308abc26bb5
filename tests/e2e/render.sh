#!/usr/bin/env bash
# render.sh PDFGEN WORKDIR — renders every shipped handout in every language with every
# shipped layout and checks each PDF (check_pdf.py), its tags and PDF/A conformance
# (tests/pdfua) and its text layer in three readers (tests/textlayer); checks that two
# renders are byte-identical and that a failing render leaves no file and keeps an
# existing one.
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
export SOURCE_DATE_EPOCH=1764547200
set_args=(--set "patient_name=Maria Lopez" --set procedure_date=2026-12-03
          --set arrival_time=07:30 --set "care_team_phone=(555) 123-4567")
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

for layout in "$root"/layouts/*.xml; do
  l=$(basename "$layout" .xml)
  for content in "$root"/content/*/*.xml; do
    case $content in */common/*) continue ;; esac
    h=$(basename "$(dirname "$content")")
    lang=$(basename "$content" .xml)
    out="$work/$h.$lang.$l.pdf"
    if ! "$pdfgen" render -l "$layout" -c "$content" "${set_args[@]}" -o "$out" 2>"$work/err"; then
      bad "render $h $lang $l: $(cat "$work/err")"
      continue
    fi
    if python3 "$here/check_pdf.py" "$out" "$content" "$layout"; then ok; else bad "check $out"; fi
  done
done

# Pages that fill: in large print no page but the last under 60 % full (the layout's
# dump gives each box's place).
for layout in "$root"/layouts/large-print-*.xml; do
  l=$(basename "$layout" .xml)
  dumps=()
  for content in "$root"/content/*/*.xml; do
    case $content in */common/*) continue ;; esac
    d="$work/$(basename "$(dirname "$content")").$(basename "$content" .xml).$l.dump"
    "$pdfgen" render --dump -l "$layout" -c "$content" "${set_args[@]}" -o "$d" 2>/dev/null &&
      dumps+=("$d")
  done
  if python3 "$here/page_fill.py" "$layout" "${dumps[@]}" >"$work/fill-$l.txt"; then
    ok
  else
    grep "full, less" "$work/fill-$l.txt"
    bad "half-empty pages in $l"
  fi
done

# No ink within 0.5 in of the paper's edge on any page, and no text under 18 pt in large
# print (the pages rendered at 72 dpi and looked at; the sizes read from the PDF).
if "$here/large_print.py" "$work"/*.large-print-*.pdf &&
   "$here/large_print.py" --any-size "$work"/*.standard-*.pdf; then ok; else bad "large print or edges"; fi

# Every render is tagged PDF/UA-1 and PDF/A-2u (tests/pdfua), and every reader gets its
# words (tests/textlayer: 0.99 word recall in poppler, MuPDF and pdf.js, below that
# only where tests/textlayer/floors gives a reader's reason).
if "$root/tests/pdfua/check_pdfua.py" "$work"/*.pdf; then ok; else bad "PDF/UA-1 + PDF/A-2u checker"; fi
if [ -d "$root/tests/textlayer/node_modules/pdfjs-dist" ]; then
  if "$root/tests/textlayer/recall.py" --table --min 0.99 \
      --floors "$root/tests/textlayer/floors" "$work" "$root/content" >"$work/recall.md"; then
    ok
  else
    cat "$work/recall.md"
    bad "text layer word recall"
  fi
else
  bad "pdf.js is not installed: npm ci --prefix tests/textlayer (make test does it)"
fi
# No glyph with a width stands for a base character and a mark together (pdf.js takes it
# for a mark of no width and loses its place): the marks go to a carrier of no width.
if "$root/tests/textlayer/marks.py" "$work"/*.pdf >"$work/marks.txt"; then
  ok
else
  head -20 "$work/marks.txt"
  bad "a glyph with a width stands for a base character and a mark"
fi

# An image is a Figure with its alt text and bounding box, its caption a Caption.
g="$root/tests/golden/image-caption"
if "$pdfgen" render -l "$root/tests/golden/layout.xml" -c "$g/content.xml" -o "$work/figure.pdf" &&
   "$root/tests/pdfua/check_pdfua.py" "$work/figure.pdf" >/dev/null &&
   pdfinfo -struct "$work/figure.pdf" | grep -q '^ *Figure' &&
   pdfinfo -struct "$work/figure.pdf" | grep -q '/BBox' &&
   pdfinfo -struct "$work/figure.pdf" | grep -q '^ *Caption' &&
   qpdf --qdf --object-streams=disable "$work/figure.pdf" - | grep -aq '/Alt <feff0041'; then
  ok
else
  bad "figure: no tagged Figure with /Alt, /BBox and a Caption"
fi

# Chinese and Korean in Noto Sans CJK, its regional face, with its real bold: CFF
# subsets embedded as CIDFontType0 (FontFile3 /CIDFontType0C), nothing from a fallback.
for pair in zh-Hans:sc ko:kr; do
  lang=${pair%%:*} face=${pair##*:}
  f="$work/mitraclip-home-care.$lang.large-print-letter.pdf"
  fonts=$(pdffonts "$f" | tail -n +3)
  if echo "$fonts" | grep -q "NotoSansCJK$face-Bold *CID Type 0C" &&
     echo "$fonts" | grep -q "NotoSansCJK$face-Regular *CID Type 0C" &&
     ! echo "$fonts" | grep -q -i 'Droid\|WenQuanYi\|Nanum'; then
    ok
  else
    echo "$fonts"
    bad "$lang: not set in Noto Sans CJK ${face^^} regular and bold as CFF"
  fi
done

# The English handouts fit in 6 large-print Letter pages (clinics print them double
# sided on 3 sheets).
for h in mitraclip-procedure-day mitraclip-home-care; do
  n=$(pdfinfo "$work/$h.en.large-print-letter.pdf" | sed -n 's/^Pages: *//p')
  [ "$n" -le 6 ] && ok || bad "$h in English takes $n large-print Letter pages, more than 6"
done

# The safety instructions reach the page in every language, with their numbers (10
# minutes of pressure, 100.4 °F / 38 °C, the weight and lifting limits).
for l in large-print-letter standard-letter; do
  if python3 "$here/safety.py" "$work" "$root/content" "$l" >"$work/safety-$l.txt"; then
    ok
  else
    cat "$work/safety-$l.txt"
    bad "safety content in $l"
  fi
done

# The tag tree a screen reader walks, for one left-to-right and one right-to-left
# handout: the content's order, no header or footer (PG_UPDATE_GOLDEN=1 rewrites them).
for name in mitraclip-home-care.en.large-print-letter mitraclip-procedure-day.ar.large-print-letter; do
  want="$here/struct/$name.txt"
  pdfinfo -struct-text "$work/$name.pdf" >"$work/$name.struct.txt"
  [ -n "${PG_UPDATE_GOLDEN:-}" ] && cp "$work/$name.struct.txt" "$want"
  if diff -u "$want" "$work/$name.struct.txt" >"$work/$name.struct.diff"; then
    ok
  else
    head -40 "$work/$name.struct.diff"
    bad "tag tree of $name differs from $want"
  fi
done

# Determinism: the same inputs give the same bytes.
c="$root/content/mitraclip-home-care/en.xml"
lay="$root/layouts/large-print-letter.xml"
"$pdfgen" render -l "$lay" -c "$c" "${set_args[@]}" -o "$work/a.pdf" &&
"$pdfgen" render -l "$lay" -c "$c" "${set_args[@]}" -o "$work/b.pdf" &&
cmp -s "$work/a.pdf" "$work/b.pdf" && ok || bad "two renders differ"

# Personalization shows up: banner and typed values in the handout's language.
# (pdftotext gives the no-break spaces that keep values on one line as U+00A0.)
text() { pdftotext "$1" - | sed 's/\xc2\xa0/ /g' | tr '\n' ' '; }
text "$work/a.pdf" | grep -q "Prepared for: Maria Lopez" && ok || bad "banner missing"
text "$work/a.pdf" | grep -q "December 3, 2026" && ok || bad "date missing"
"$pdfgen" render -l "$lay" -c "$c" --set procedure_date=2026-12-03 \
  --set "care_team_phone=555" -o "$work/nobanner.pdf" && ok || bad "render without patient"
# No name: the banner gives a line to write it on (patient_name is a write-in field).
text "$work/nobanner.pdf" | grep -q "Prepared for: _\{20\}" && ok || bad "no write-on line for the name"
# A discharge sheet shows no arrival time, though the clinic's data has one.
text "$work/a.pdf" | grep -q "Arrival time" && bad "arrival time on the home-care banner" || ok
# Write-in fields with no value print their line; with one, the value.
text "$work/a.pdf" | grep -q "Take your blood thinner until: _\{14\}" && ok || bad "write-in line missing"
"$pdfgen" render -l "$lay" -c "$c" "${set_args[@]}" --set blood_thinner_until=2027-06-03 \
  -o "$work/until.pdf" && text "$work/until.pdf" | grep -q "until: June 3, 2027" && ok ||
  bad "write-in value missing"

# Large print: body text is 18 pt (the dump gives each run's size).
"$pdfgen" render --dump -l "$lay" -c "$c" "${set_args[@]}" -o "$work/dump.txt" &&
grep -E '^  line p ' "$work/dump.txt" | grep -vq ' 18\.0' && bad "body not 18 pt" || ok

# A failing render leaves no file and never replaces a good one.
cp "$work/a.pdf" "$work/keep.pdf"
sum=$(md5sum < "$work/keep.pdf")
"$pdfgen" render -l "$lay" -c "$c" --set procedure_date=2026-13-45 -o "$work/keep.pdf" 2>/dev/null
[ $? -eq 1 ] && ok || bad "bad date: wrong exit status"
[ "$(md5sum < "$work/keep.pdf")" = "$sum" ] && ok || bad "failed render changed the existing PDF"
"$pdfgen" render -l "$lay" -c "$c" --set procedure_date=2026-13-45 -o "$work/new.pdf" 2>/dev/null
[ ! -e "$work/new.pdf" ] && ok || bad "failed render left a file"
ls -A "$work" | grep -q '^\.' && bad "temporary file left behind" || ok

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
