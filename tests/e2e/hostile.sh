#!/usr/bin/env bash
# hostile.sh PDFGEN WORKDIR — input from an attacker or an unlucky user: every case is
# refused with a placed message, quickly, without a crash, a hang or a PDF; or, where it
# is fine, rendered with nothing lost. Times and memory are measured by
# tests/bench/growth.py; here each case only has to finish within `timeout`.
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rm -rf "$work" && mkdir -p "$work/content/h" && cp -r "$root/content/common" "$work/content/"
lay="$root/layouts/large-print-letter.xml"
all=(--set "patient_name=A" --set procedure_date=2026-12-03 --set arrival_time=07:30
     --set "care_team_phone=1")
pass=0 fail=0
# A case that does not finish within this many seconds hangs (under valgrind: longer).
case $pdfgen in *-memcheck) limit=${PG_TIMEOUT:-600} ;; *) limit=${PG_TIMEOUT:-30} ;; esac

# expect STATUS PATTERN -- command...: exit status, a pattern on stderr+stdout, no PDF.
expect() {
  local want=$1 pattern=$2
  shift 3
  rm -f "$work/out.pdf"
  local got status
  got=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$got"; then
    echo "FAIL: $* -> status $status (want $want), output: ${got:0:400}"
    fail=$((fail + 1))
  elif [ "$want" -ne 0 ] && [ -e "$work/out.pdf" ]; then
    echo "FAIL: $* failed but left out.pdf"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

# handout NAME BODY: content/h/NAME.xml with a title, a section heading and BODY.
handout() {
  printf '<handout id="h" lang="en" version="1" reviewed="2026-01-01">\n<title id="t">T</title>\n<section id="s"><h id="s.h">H</h>\n%s\n</section></handout>\n' "$2" > "$work/content/h/$1.xml"
}
# render NAME [LAYOUT]: renders content/h/NAME.xml; a hang fails after $limit s (status 124).
render() { timeout "$limit" "$pdfgen" render -l "${2:-$lay}" -c "$work/content/h/$1.xml" -o "$work/out.pdf"; }

# 1. Long text: linear, bounded. 10,000 words render; a paragraph over the limit and a
#    paragraph of 10,000 <br/> are refused at their place.
handout words "<p id=\"p\">$(python3 -c 'print("word " * 10000)')</p>"
expect 0 "" -- render words
if [ "$(pdftotext "$work/out.pdf" - | grep -o word | wc -l)" -eq 10000 ]; then
  pass=$((pass + 1)); else echo "FAIL: 10,000 words did not all reach the PDF"; fail=$((fail + 1)); fi
handout huge "<p id=\"p\">$(python3 -c 'print("word " * 220000)')</p>"
expect 1 "huge.xml:4:[0-9]+: error: this paragraph holds 1099999 characters; one paragraph may hold at most 200000" -- render huge
handout breaks "<p id=\"p\">$(python3 -c 'print("w<br/>" * 10000)')</p>"
expect 1 "breaks.xml:4:[0-9]+: error: <p> holds more than 2000 elements" -- render breaks
# A value far longer than a name or a note: refused before it reaches the text.
expect 1 "--set patient_name: error: the value of patient_name is 100000 bytes long; a value may hold at most 4096" -- \
  timeout "$limit" "$pdfgen" render -l "$lay" -c "$root/content/mitraclip-procedure-day/en.xml" "${all[@]}" \
  --set "patient_name=$(python3 -c 'print("a" * 100000, end="")')" -o "$work/out.pdf"

# ... and in a patient list the row fails alone, at its line and column.
python3 - "$work/long.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,lang,handouts,patient_name,procedure_date,arrival_time,care_team_phone\n")
    f.write("ok,en,mitraclip-home-care,Ana,2026-12-03,07:30,1\n")
    f.write("long,en,mitraclip-home-care," + "a" * 100000 + ",2026-12-03,07:30,1\n")
PY
expect 1 "long.csv:3: error: column patient_name: the value of patient_name is 100000 bytes long" -- \
  timeout "$limit" "$pdfgen" batch -l "$lay" --data "$work/long.csv" -o "$work/lb" --content-root "$root/content" --jobs 1
[ -f "$work/lb/ok.pdf" ] && [ ! -e "$work/lb/long.pdf" ] && pass=$((pass + 1)) ||
  { echo "FAIL: the good row was not written alone"; fail=$((fail + 1)); }

# 2. Tens of thousands of combining marks on one base: a placed error, not an abort in
#    the shaper.
handout marks "<p id=\"p\">Da$(python3 -c 'print("\u0301" * 66000, end="")')</p>"
expect 1 "marks.xml:4:[0-9]+: error: more than 30 combining marks on one character" -- render marks
handout fine "<p id=\"p\">Vie$(python3 -c 'print("\u0323\u0302", end="")')t and Zalgo z$(python3 -c 'print("\u0301" * 30, end="")')</p>"
expect 0 "" -- render fine

# 3. A FIFO never hangs: as the content, as a picture, as the layout.
mkfifo "$work/content/h/fifo.xml" "$work/content/h/fifo.png" "$work/fifo-layout.xml"
expect 1 "fifo.xml: error: is a pipe \(FIFO\), not a file" -- render fifo
handout pic "<img id=\"i\" src=\"fifo.png\" alt=\"A picture\"/>"
expect 1 "pic.xml:4:[0-9]+: error: image \"fifo.png\": is a pipe \(FIFO\), not a file" -- render pic
expect 1 "fifo-layout.xml: error: is a pipe" -- render words "$work/fifo-layout.xml"

# 4. Layout numbers that leave text no room are errors at the layout's line; nothing is
#    set outside the page.
handout boxed "<callout id=\"c\" kind=\"info\"><p id=\"c.p\">Inside the box.</p></callout><list id=\"l\" kind=\"bullet\"><item id=\"l.1\">An item</item></list>"
sed '/element="callout-info"/s#padding="[^"]*"#padding="100in"#' "$lay" > "$work/pad.xml"
line=$(grep -n 'padding="100in"' "$work/pad.xml" | cut -d: -f1)
expect 1 "pad.xml:$line:[0-9]+: error: the padding and border of callout-info leave -[0-9]+pt for text" -- render boxed "$work/pad.xml"
sed '/element="list"/s#indent="[^"]*"#indent="100in"#' "$lay" > "$work/indent.xml"
line=$(grep -n 'indent="100in"' "$work/indent.xml" | cut -d: -f1)
expect 1 "indent.xml:$line:[0-9]+: error: the indent \(inside a callout's padding\) of list leave -[0-9]+pt" -- render boxed "$work/indent.xml"
sed 's#size="letter"#size="99999in 11in"#' "$lay" > "$work/page.xml"
line=$(grep -n '99999in' "$work/page.xml" | cut -d: -f1)
expect 1 "page.xml:$line:[0-9]+: error: a page of 7199928pt x 792pt cannot be printed" -- render boxed "$work/page.xml"
sed 's#margin-top="[^"]*"#margin-top="0.1in"#' "$lay" > "$work/margin.xml"
expect 1 "margin.xml:[0-9]+:[0-9]+: error: margin-top of 7.2pt cannot hold the header" -- render boxed "$work/margin.xml"
# A running header too wide for one line is an error, never a cut or overprinted line.
sed '/element="header"/s#size="[^"]*"#size="30pt"#' "$lay" > "$work/header.xml"
printf '<handout id="h" lang="en" version="1" reviewed="2026-01-01">\n<title id="t">Caring for Yourself at Home After Your MitraClip Procedure</title>\n<section id="s"><h id="s.h">H</h><p id="p">Text.</p></section></handout>\n' > "$work/content/h/longtitle.xml"
expect 1 "error: the header of page 1 does not fit on one line at 30pt" -- render longtitle "$work/header.xml"
# A running footer that the bottom margin cannot hold 0.5 in from the paper's edge.
sed '/element="footer"/s#size="[^"]*"#size="30pt"#' "$lay" > "$work/footer.xml"
expect 1 "footer.xml:[0-9]+:[0-9]+: error: the footer at 30pt, kept 0.5in from the paper's edge where printers print, needs a bottom margin of at least" -- render longtitle "$work/footer.xml"
# A schema error is reported at its line even when libxml2 first says something vaguer.
sed 's#duplex="[^"]*"#duplex="maybe"#' "$lay" > "$work/schema.xml"
expect 1 "schema.xml:[0-9]+:[0-9]+: error: Invalid attribute duplex for element page" -- render boxed "$work/schema.xml"
# Lengths and colours are checked by pdfgen, not the schema: the same place, plainer words.
sed 's#margin-top="[^"]*"#margin-top="wide"#' "$lay" > "$work/length.xml"
expect 1 "length.xml:[0-9]+:[0-9]+: error: margin-top=\"wide\" is not a length: write a number and pt, mm or in" -- render boxed "$work/length.xml"
sed '0,/color="#[0-9A-Fa-f]*"/s|color="#[0-9A-Fa-f]*"|color="#12345"|' "$lay" > "$work/colour.xml"
expect 1 "colour.xml:[0-9]+:[0-9]+: error: color=\"#12345\" is not a colour: write # and six hexadecimal digits" -- render boxed "$work/colour.xml"

# 5. One big picture used six times: decoded and embedded once; a document's pictures
#    share a pixel budget.
python3 - "$work/content/h/big.png" <<'PY'
import struct, sys, zlib
w = h = 6000  # 16-bit gray: 36 megapixels, a small file (every row the same)
row = b"\0" + b"\x80\x00" * w
data = zlib.compress(row * h, 9)
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 0, 0, 0, 0)) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
PY
cp "$work/content/h/big.png" "$work/content/h/big2.png"
handout six "$(for i in 1 2 3 4 5 6; do printf '<img id="i%d" src="big.png" alt="The same picture"/>' $i; done)"
expect 0 "" -- render six
if [ "$(pdfimages -list "$work/out.pdf" | tail -n +3 | awk '{print $4}' | sort -u | wc -l)" -eq 1 ] &&
   [ "$(qpdf --show-npages "$work/out.pdf")" -ge 2 ] &&
   [ "$(qpdf --show-object=trailer "$work/out.pdf" >/dev/null; pdfimages -list "$work/out.pdf" | tail -n +3 | wc -l)" -eq 6 ]; then
  pass=$((pass + 1))
else
  echo "FAIL: six uses of one picture: $(pdfimages -list "$work/out.pdf" | head -12)"; fail=$((fail + 1))
fi
if [ "$(python3 -c "import re,sys; d=open(sys.argv[1],'rb').read(); print(len(re.findall(rb'/Subtype */Image', d)))" "$work/out.pdf")" -eq 1 ]; then
  pass=$((pass + 1)); else echo "FAIL: the picture is embedded more than once"; fail=$((fail + 1)); fi
handout two "<img id=\"a\" src=\"big.png\" alt=\"One\"/><img id=\"b\" src=\"big2.png\" alt=\"Two\"/>"
expect 1 "two.xml:4:[0-9]+: error: image \"big2.png\": the document's pictures would hold more than 60 megapixels" -- render two

# A runaway handout: more pages than any handout takes is an error, not 10,000 pages.
sed '/element="body"/s#size="[^"]*"#size="144pt"#; /element="p"/s#space-after="[^"]*"#space-after="200pt"#' "$lay" > "$work/huge-type.xml"
handout pages "$(python3 -c 'print("".join(f"<p id=\"p{i}\">Go.</p>" if i % 100 else f"</section><section id=\"s{i}\"><h id=\"h{i}\">H</h><p id=\"p{i}\">Go.</p>" for i in range(1, 4300)))')"
expect 1 "pages.xml:1:[0-9]+: error: the handout would take [0-9]+ pages; a handout may take at most 2000" -- render pages "$work/huge-type.xml"

# 6. Places and words: a control character in --set is called so, not "not UTF-8".
expect 1 "the value of patient_name holds a control character \(U\+0007\)" -- \
  "$pdfgen" render -l "$lay" -c "$root/content/mitraclip-procedure-day/en.xml" "${all[@]}" \
  --set "patient_name=$(printf 'A\aB')" -o "$work/out.pdf"
expect 2 "^pdfgen: error: --jobs needs a number" -- "$pdfgen" batch -l "$lay" --data x.csv -o "$work/b" --jobs 0

# 7. The report neutralizes cells a spreadsheet would run as formulas (OWASP).
printf 'id,lang,handouts,patient_name,procedure_date,arrival_time,care_team_phone\n=1+2,en,mitraclip-home-care,A,2026-12-03,07:30,1\n@SUM(A1),en,mitraclip-home-care,B,2026-12-03,07:30,1\n-3,en,mitraclip-home-care,C,2026-12-03,07:30,1\n' > "$work/formula.csv"
"$pdfgen" batch -l "$lay" --data "$work/formula.csv" -o "$work/fb" --content-root "$root/content" --report "$work/report.csv" --jobs 1 >/dev/null 2>&1
if python3 - "$work/report.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
ids = [r[1] for r in rows[1:]]
outs = [r[5] for r in rows[1:]]
assert ids == ["'=1+2", "'@SUM(A1)", "'-3"], ids
assert not any(c and c[0] in "=+-@\t\r" for r in rows for c in r), rows
PY
then pass=$((pass + 1)); else echo "FAIL: report cells not neutralized: $(cat "$work/report.csv")"; fail=$((fail + 1)); fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
