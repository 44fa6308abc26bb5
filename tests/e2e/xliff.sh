#!/usr/bin/env bash
# xliff.sh PDFGEN WORKDIR — pdfgen xliff export/import proven with tools that are not
# ours: every export validates against the OASIS XLIFF 1.2 strict schema (xmllint, the
# schema from Debian's php-symfony-translation, xml.xsd resolved offline through
# tests/xliff/schema/catalog.xml); translate-toolkit's pofilter reads it; podebug
# pseudo-translations (unicode, flipped) round-trip through import and render. Works on
# a copy of content/; the shipped files are never touched.
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work" && mkdir -p "$work"
pass=0 fail=0

schema=/usr/share/php/Symfony/Component/Translation/Resources/schemas/xliff-core-1.2-strict.xsd
export XML_CATALOG_FILES="$root/tests/xliff/schema/catalog.xml"
for tool in xmllint pofilter podebug pdftotext; do
  command -v "$tool" >/dev/null ||
    { echo "FAIL: $tool is missing (make deps: libxml2-utils translate-toolkit poppler-utils)"; exit 1; }
done
[ -f "$schema" ] || { echo "FAIL: $schema is missing (apt-get install php-symfony-translation)"; exit 1; }

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# expect STATUS PATTERN -- command...: the exit status and a pattern on stderr+stdout.
expect() {
  local want=$1 pattern=$2
  shift 3
  local got status
  got=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$got"; then
    bad "$* -> status $status (want $want), output: $got"
  else
    ok
  fi
}

valid() { # the file validates against the strict schema, offline
  local out
  if out=$(xmllint --nonet --noout --schema "$schema" "$1" 2>&1); then ok; else bad "$1 does not validate: $out"; fi
}

cp -r "$root/content" "$work/content"
cr="$work/content"
handouts=(mitraclip-procedure-day mitraclip-home-care)
langs=(es fr ar zh-Hans vi ru ko hi ht)
# Checks that concern the file rather than the wording: a unit pofilter flags here means
# the export lost or garbled something (doublespacing and startwhitespace are left out:
# they misread the space next to an inline code).
checks=(-t blank -t untranslated -t xmltags -t printf -t escapes -t newlines -t tabs)

# --- every shipped translation: valid XLIFF 1.2 strict, clean for pofilter, and export
# → import gives back the same file, byte for byte (the shipped files carry the source
# hashes an import writes).
for h in "${handouts[@]}"; do
  for l in "${langs[@]}"; do
    x="$work/$h-$l.xlf"
    expect 0 "" -- "$pdfgen" xliff export --handout "$h" --lang "$l" -o "$x" --content-root "$cr"
    valid "$x"
    rm -f "$work/flagged.xlf"
    pofilter "${checks[@]}" "$x" "$work/flagged.xlf" >/dev/null 2>&1
    if [ -f "$work/flagged.xlf" ]; then bad "pofilter flags units of $x: $(grep -o 'from="pofilter">[a-z]*' "$work/flagged.xlf" | sort | uniq -c)"; else ok; fi
    expect 0 "$h/$l.xml" -- "$pdfgen" xliff import "$x" --content-root "$cr"
    if cmp -s "$cr/$h/$l.xml" "$root/content/$h/$l.xml"; then ok; else bad "$h/$l.xml changed in the round trip"; fi
  done
done

# pofilter reads our units: a new language's export has every target untranslated.
x="$work/new.xlf"
expect 0 "" -- "$pdfgen" xliff export --handout mitraclip-procedure-day --lang xx -o "$x" --content-root "$cr"
valid "$x"
units=$(grep -c '<trans-unit ' "$x")
rm -f "$work/flagged.xlf"
pofilter -t untranslated "$x" "$work/flagged.xlf" >/dev/null 2>&1
n=$(grep -c 'from="pofilter">untranslated' "$work/flagged.xlf" 2>/dev/null || echo 0)
if [ "$units" -gt 40 ] && [ "$n" -eq "$units" ]; then ok; else bad "pofilter flagged $n of $units untranslated units"; fi
expect 1 'unit "about.p1": the target is empty; translate it' -- "$pdfgen" xliff import "$x" --content-root "$cr" --by T
[ ! -e "$cr/mitraclip-procedure-day/xx.xml" ] && ok || bad "a refused import wrote xx.xml"

# --- podebug as the translator: unicode and flipped (right to left) pseudo-translations
# of a new language round-trip through import, keep codes and variables, and render.
sed 's/lang="ht"/lang="xx"/' "$cr/common/ht.xml" >"$cr/common/xx.xml" # dates without ICU data
for rewrite in unicode flipped; do
  p="$work/xx-$rewrite.xlf"
  rm -f "$cr/mitraclip-procedure-day/xx.xml"
  podebug --rewrite="$rewrite" "$x" "$p" >/dev/null 2>&1 || bad "podebug --rewrite=$rewrite failed"
  valid "$p"
  expect 2 "is a new translation: say who made it with --by" -- "$pdfgen" xliff import "$p" --content-root "$cr"
  expect 0 "xx.xml" -- "$pdfgen" xliff import "$p" --content-root "$cr" --by "podebug --rewrite=$rewrite" --kind machine
  t="$cr/mitraclip-procedure-day/xx.xml"
  case $rewrite in
  unicode) word="Ẏǿŭř ḾīŧřȧƇŀīƥ Ƥřǿƈḗḓŭřḗ Ḓȧẏ" ;;
  flipped) word="WıʇɹɐↃʅıd" ;; # after U+202E RIGHT-TO-LEFT OVERRIDE, in logical order
  esac
  grep -qF "$word" "$t" && ok || bad "$rewrite: the pseudo-translated title is not in xx.xml"
  grep -qF 'status="draft"' "$t" && grep -qF 'kind="machine"' "$t" && ok || bad "$rewrite: xx.xml is not a machine draft"
  # the same variables, line breaks and emphasis as the source, block for block
  for tag in '<var name="procedure_date"/>' '<var name="arrival_time"/>' '<var name="care_team_phone"/>' '<strong>' '<em>' '<br/>'; do
    a=$(grep -oF "$tag" "$cr/mitraclip-procedure-day/en.xml" | wc -l)
    b=$(grep -oF "$tag" "$t" | wc -l)
    [ "$a" -eq "$b" ] && ok || bad "$rewrite: $tag $b times in xx.xml, $a in en.xml"
  done
  pdf="$work/xx-$rewrite.pdf"
  expect 0 "" -- "$pdfgen" render -l "$root/layouts/large-print-letter.xml" -c "$t" \
    --set patient_name=A --set procedure_date=2026-12-03 --set arrival_time=07:30 \
    --set care_team_phone=1 -o "$pdf"
  case $rewrite in
  unicode) line="Ẏǿŭř ḾīŧřȧƇŀīƥ" ;;
  flipped) line="dıʅↃɐɹʇıW ɹno⅄" ;; # as displayed: right to left
  esac
  pdftotext "$pdf" - 2>/dev/null | grep -qF "$line" && ok || bad "$rewrite: the PDF's text lacks the pseudo-translated title"
done

# The test handout: nested emphasis, variables inside emphasis, a line break, a picture.
cp -r "$root/tests/xliff/content/demo" "$cr/demo"
x="$work/demo-yy.xlf"
expect 0 "" -- "$pdfgen" xliff export --handout demo --lang yy -o "$x" --content-root "$cr"
valid "$x"
podebug --rewrite=unicode "$x" "$work/demo-yy-pseudo.xlf" >/dev/null 2>&1 || bad "podebug on the demo failed"
expect 0 "demo/yy.xml" -- "$pdfgen" xliff import "$work/demo-yy-pseudo.xlf" --content-root "$cr" --by podebug --kind machine
for tag in '<var name="procedure_date"/>' '<var name="care_team_phone"/>' '<strong>' '<em>' '<br/>' 'alt="Ȧ ḓřȧẇīƞɠ ǿƒ ŧħḗ ħḗȧřŧ"' '<strong>Ḓǿ ƞǿŧ ḗȧŧ <em>ȧƞẏŧħīƞɠ</em></strong>'; do
  a=$(grep -oF "$tag" "$cr/demo/en.xml" | wc -l)
  b=$(grep -oF "$tag" "$cr/demo/yy.xml" | wc -l)
  case $tag in alt=* | *ȧƞẏŧħīƞɠ*) a=1 ;; esac
  [ "$a" -eq "$b" ] && [ "$b" -gt 0 ] && ok || bad "demo: $tag $b times in yy.xml, $a in en.xml"
done

# --- refusals leave the translation byte-identical (cmp).
es="$cr/mitraclip-procedure-day/es.xml"
cp "$es" "$work/es.before"
x="$work/es.xlf"
"$pdfgen" xliff export --handout mitraclip-procedure-day --lang es -o "$x" --content-root "$cr"
refuse() { # NAME PATTERN SED-EXPRESSION
  sed "$3" "$x" >"$work/$1.xlf"
  expect 1 "$2" -- "$pdfgen" xliff import "$work/$1.xlf" --content-root "$cr"
  cmp -s "$es" "$work/es.before" && ok || bad "$1: es.xml changed after a refused import"
}
refuse renamed 'renamed\.xlf:[0-9]+:[0-9]+: error: unit "arrive\.p1": <x id="1"/> is the variable arrival_time in the source; the file calls it arrival_hour' \
  's/1=arrival_time/1=arrival_hour/'
refuse dropped-g 'unit "before\.p1": <g id="1"> \(bold\) is missing' \
  's|<target xml:lang="es" state="translated"><g id="1" ctype="bold">No coma ni beba</g>|<target xml:lang="es" state="translated">No coma ni beba|'
refuse stale 'unit "about\.p2": the English source changed since this file was exported' \
  's/A MitraClip is a small metal clip/A MitraClip is a tiny metal clip/'
refuse extra 'unit "about\.p9": .* has no such block' \
  's/<trans-unit id="about.p2" resname="about.p2"/<trans-unit id="about.p9" resname="about.p9"/'
expect 1 "refused \(1 problem\); nothing was written" -- "$pdfgen" xliff import "$work/renamed.xlf" --content-root "$cr"

# --- the command line
expect 0 "usage: pdfgen xliff export" -- "$pdfgen" xliff --help
expect 2 "xliff needs export or import" -- "$pdfgen" xliff
expect 2 "xliff export needs --handout ID, --lang LANG and -o FILE.xlf" -- "$pdfgen" xliff export --handout x
expect 2 "unknown option" -- "$pdfgen" xliff export --bogus
expect 2 "--reviewer needs \"NAME, CREDENTIAL\"" -- "$pdfgen" xliff import "$x" --reviewer "Dr Who"
expect 2 "--lang needs the BCP 47 tag" -- "$pdfgen" xliff export --handout mitraclip-home-care --lang ../x -o "$work/y.xlf" --content-root "$cr"
expect 1 "no such handout" -- "$pdfgen" xliff export --handout nope --lang es -o "$work/y.xlf" --content-root "$cr"
expect 1 "is a directory" -- "$pdfgen" xliff export --handout mitraclip-home-care --lang es -o "$work" --content-root "$cr"
expect 1 "is one of the inputs" -- "$pdfgen" xliff export --handout mitraclip-home-care --lang es -o "$cr/mitraclip-home-care/es.xml" --content-root "$cr"
expect 1 "not an XLIFF 1.2 file" -- "$pdfgen" xliff import "$es" --content-root "$cr"

echo "xliff.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
