#!/usr/bin/env bash
# batch.sh PDFGEN WORKDIR — pdfgen batch end to end: a packet per CSV row (page counts
# from single renders, bytes, text), the print file (pages, one bookmark per patient),
# the report, bad rows failing alone at the right line, a spreadsheet-style CSV,
# --fallback-lang, malformed lists, interrupted runs (only complete PDFs left) and usage.
# Fixtures: tests/e2e/batch/*.csv (exact bytes; see .gitattributes there).
set -u
pdfgen=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="$here/batch"
rm -rf "$work" && mkdir -p "$work/logs" "$work/single"
export SOURCE_DATE_EPOCH=1764547200
lay="$root/layouts/large-print-letter.xml"
grep -q 'duplex="true"' "$lay" && duplex=1 || duplex=0
handouts=(mitraclip-procedure-day mitraclip-home-care) # the --handout defaults
common=(-l "$lay" --content-root "$root/content" --handout "${handouts[0]}"
        --handout "${handouts[1]}")
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# batch NAME ARGS...: runs pdfgen batch; logs/NAME.out and .err get stdout and stderr,
# $st the exit status.
batch() {
  local name=$1
  shift
  "$pdfgen" batch "$@" >"$work/logs/$name.out" 2>"$work/logs/$name.err"
  st=$?
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
# The text of a PDF on one line (pdftotext gives no-break spaces as U+00A0).
text() { pdftotext "$1" - 2>/dev/null | sed 's/\xc2\xa0/ /g' | tr '\n' ' '; }
# The records of a CSV file, one a line, fields separated by U+001F (read with
# IFS=$'\x1f'), a newline inside a field written as \n.
records() {
  python3 - "$1" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig", errors="replace") as f:
    for r in csv.reader(f):
        print("\x1f".join(x.replace("\r\n", "\\n").replace("\n", "\\n") for x in r))
EOF
}
# The entries of a PDF's outline as TITLE<TAB>PAGE, one a line.
outline() { mutool show "$1" outline 2>/dev/null | sed -nE 's/^[|+-]?\t"(.*)"\t#page=([0-9]+).*/\1\t\2/p'; }
# The entries of OUTDIR, sorted, on one line.
listing() { (cd "$1" 2>/dev/null && ls -A | sort | tr '\n' ' '); }
# The stdout summary line: "pdfgen batch: W written, F failed, P pages, S seconds".
summary_re() { echo "^pdfgen batch: $1 written, $2 failed, $3 pages, [0-9]+(\.[0-9]+)? seconds$"; }

# ---- expectations from single renders -------------------------------------------
# For each row of clean.csv: its handouts rendered one by one with pdfgen render and
# the row's values; the packet's page count is their sum plus, in a duplex layout, a
# blank after each odd-length handout but the last.
declare -A name pkt_pages
ids=()
# expect_packet ID LANG HANDOUTS NAME DATE TIME PHONE [CONTENT_ROOT FALLBACK_LANG]
expect_packet() {
  local id=$1 lang=$2 list=$3 croot=${8:-$root/content} fb=${9:-}
  local set=() hs=() total=0 i n c l
  [ -n "$4" ] && set+=(--set "patient_name=$4")
  [ -n "$5" ] && set+=(--set "procedure_date=$5")
  [ -n "$6" ] && set+=(--set "arrival_time=$6")
  [ -n "$7" ] && set+=(--set "care_team_phone=$7")
  if [ -n "$list" ]; then IFS=';' read -r -a hs <<<"$list"; else hs=("${handouts[@]}"); fi
  for i in "${!hs[@]}"; do
    l=$lang
    [ -e "$croot/${hs[i]}/$l.xml" ] || l=$fb
    c="$croot/${hs[i]}/$l.xml"
    if ! "$pdfgen" render -l "$lay" -c "$c" "${set[@]}" -o "$work/single/$id.$i.pdf" 2>"$work/logs/single.err"; then
      bad "single render $id ${hs[i]}: $(cat "$work/logs/single.err")"
      continue
    fi
    n=$(pages "$work/single/$id.$i.pdf")
    total=$((total + n))
    [ "$duplex" = 1 ] && [ $((i + 1)) -lt ${#hs[@]} ] && [ $((n % 2)) = 1 ] && total=$((total + 1))
  done
  pkt_pages[$id]=$total
  name[$id]=$4
}
while IFS=$'\x1f' read -r id lang list nm date time phone; do
  expect_packet "$id" "$lang" "$list" "$nm" "$date" "$time" "$phone"
  ids+=("$id")
done < <(records "$data/clean.csv" | tail -n +2)
[ ${#ids[@]} -eq 10 ] && ok || bad "clean.csv: read ${#ids[@]} rows, want 10"

# check_print NAME PRINT.pdf ID...: the print file holds the packets of the ids in
# order, a blank after each odd packet when duplex, one bookmark per patient
# ("<id> — <name>", or "<id>") at the packet's first page.
check_print() {
  local what=$1 print=$2 id want_pages=0 want_outline=""
  shift 2
  for id in "$@"; do
    local title=$id
    [ -n "${name[$id]}" ] && title="$id — ${name[$id]}"
    want_outline+="$title"$'\t'"$((want_pages + 1))"$'\n'
    want_pages=$((want_pages + pkt_pages[$id]))
    [ "$duplex" = 1 ] && [ $((pkt_pages[$id] % 2)) = 1 ] && want_pages=$((want_pages + 1))
  done
  if [ ! -f "$print" ]; then
    bad "$what: merge: no print file $print"
    return
  fi
  qpdf --check "$print" >/dev/null 2>&1 && ok || bad "$what: merge: qpdf --check $print fails"
  local got
  got=$(pages "$print")
  [ "$got" = "$want_pages" ] && ok || bad "$what: merge: print file has $got pages, want $want_pages"
  got=$(outline "$print")
  [ "$got"$'\n' = "$want_outline" ] && ok ||
    bad "$what: merge: outline is"$'\n'"$got"$'\n'"want"$'\n'"$want_outline"
}

# report_field REPORT LINE FIELD: a field (line id language status pages translation output
# error) of the report row for CSV line LINE.
report_field() {
  local l i lang s p t o e
  while IFS=$'\x1f' read -r l i lang s p t o e; do
    if [ "$l" = "$2" ]; then
      case $3 in id) echo "$i" ;; language) echo "$lang" ;; status) echo "$s" ;;
        pages) echo "$p" ;; translation) echo "$t" ;; output) echo "$o" ;; error) echo "$e" ;; esac
      return
    fi
  done < <(records "$1" | tail -n +2)
  echo "<no row>"
}
# check_report_shape WHAT REPORT N: the header, N data rows, every field double-quoted.
check_report_shape() {
  if [ ! -f "$2" ]; then bad "$1: no report $2"; return; fi
  [ "$(head -n 1 "$2")" = "line,id,language,status,pages,translation,output,error" ] && ok ||
    bad "$1: report header is '$(head -n 1 "$2")'"
  local n
  n=$(records "$2" | tail -n +2 | wc -l)
  [ "$n" -eq "$3" ] && ok || bad "$1: report has $n rows, want $3"
  tail -n +2 "$2" | grep -qvE '^"([^"]|"")*"(,"([^"]|"")*"){7}$' &&
    bad "$1: report has a line whose fields are not all double-quoted" || ok
}

# ---- a. a clean list ----------------------------------------------------------------
out="$work/clean/out"
mkdir -p "$work/clean"
batch clean "${common[@]}" --data "$data/clean.csv" -o "$out" --jobs 2 \
  --merge "$work/clean/print.pdf" --report "$work/clean/report.csv"
[ "$st" -eq 0 ] && ok || bad "clean: exit status $st, want 0: $(cat "$work/logs/clean.err")"
grep -qE 'error:|warning:' "$work/logs/clean.err" && bad "clean: stderr: $(cat "$work/logs/clean.err")" || ok
total=0 want_listing=""
for id in "${ids[@]}"; do
  total=$((total + pkt_pages[$id]))
  want_listing+="$id.pdf"$'\n'
done
want_listing=$(sort <<<"$want_listing" | sed '/^$/d' | tr '\n' ' ')
tail -n 1 "$work/logs/clean.out" | grep -qE "$(summary_re 10 0 $total)" && ok ||
  bad "clean: summary line '$(tail -n 1 "$work/logs/clean.out")', want 10 written, 0 failed, $total pages"
# Every packet: a valid PDF with the single renders' pages plus the blanks.
for id in "${ids[@]}"; do
  f="$out/$id.pdf"
  if [ ! -f "$f" ]; then bad "clean: $f missing"; continue; fi
  qpdf --check "$f" >/dev/null 2>&1 && ok || bad "clean: qpdf --check $f fails"
  got=$(pages "$f")
  [ "$got" = "${pkt_pages[$id]}" ] && ok || bad "clean: $id.pdf has $got pages, want ${pkt_pages[$id]}"
done
[ "$(listing "$out")" = "$want_listing" ] && ok ||
  bad "clean: OUTDIR holds '$(listing "$out")', want '$want_listing'"
# The patient's values show up, in the row's language.
text "$out/P-1.pdf" | grep -q "Maria Lopez" && ok || bad "clean: P-1.pdf lacks the patient name"
text "$out/P-2.pdf" | grep -q "José García" && ok || bad "clean: P-2.pdf lacks the patient name"
text "$out/P-2.pdf" | grep -q "3 de diciembre de 2026" && ok || bad "clean: P-2.pdf lacks the date in Spanish"
text "$out/P-4.pdf" | grep -q "王芳" && ok || bad "clean: P-4.pdf lacks the patient name"
# The print file and its bookmarks.
check_print clean "$work/clean/print.pdf" "${ids[@]}"
# Packets and print file are tagged PDF/UA-1 + PDF/A-2u; the print file reads as one
# Document of a Part per patient, each in its language.
"$root/tests/pdfua/check_pdfua.py" "$out"/*.pdf "$work/clean/print.pdf" && ok ||
  bad "clean: packets or print file fail the PDF/UA-1 + PDF/A-2u checker"
parts=$(pdfinfo -struct "$work/clean/print.pdf" | grep -c '^  Part')
[ "$parts" = "${#ids[@]}" ] && ok || bad "clean: print file has $parts Parts, want ${#ids[@]}"
# The report: a row per CSV line, written, with the packet's pages and path.
# The report says which packets carry draft translations.
while IFS=, read -r line lang; do
  t=$(report_field "$work/clean/report.csv" "$line" translation)
  want=draft; [ "$lang" = en ] && want=source
  [ "$t" = "$want" ] && ok || bad "clean: line $line ($lang): translation '$t', want '$want'"
done < <(python3 -c 'import csv,sys
rows=list(csv.reader(open(sys.argv[1])))
h=rows[0]
for n,r in enumerate(rows[1:],2):
    print("%d,%s" % (n, r[h.index("lang")].split("-")[0].lower()))' "$here/batch/clean.csv")
check_report_shape clean "$work/clean/report.csv" 10
line=2
for id in "${ids[@]}"; do
  r="$work/clean/report.csv"
  got="$(report_field "$r" $line id) $(report_field "$r" $line status) $(report_field "$r" $line pages) $(report_field "$r" $line output)"
  want="$id written ${pkt_pages[$id]} $out/$id.pdf"
  [ "$got" = "$want" ] && ok || bad "clean: report line $line: '$got', want '$want'"
  line=$((line + 1))
done

# ---- a2. a packet does not depend on the ones before it ------------------------------
# The rows in reverse order through one worker (whose fonts remember the subsets the
# packets before made): every packet is the clean run's, byte for byte.
mkdir -p "$work/reversed"
{ head -n 1 "$data/clean.csv"; tail -n +2 "$data/clean.csv" | tac; } > "$work/reversed/list.csv"
batch reversed "${common[@]}" --data "$work/reversed/list.csv" -o "$work/reversed/out" --jobs 1
[ "$st" -eq 0 ] && ok || bad "reversed: exit status $st: $(cat "$work/logs/reversed.err")"
for id in "${ids[@]}"; do
  cmp -s "$work/clean/out/$id.pdf" "$work/reversed/out/$id.pdf" && ok ||
    bad "reversed: $id.pdf differs from the clean run's"
done

# ---- a3. a packet is what a render with nothing remembered writes -------------------
# Every row twice, once with another name and day, asks for home care alone, in a
# shuffled order, through one worker, whose memos (broken paragraphs, compressed
# streams, font subsets) the packets before have filled: each packet is, byte for byte,
# what `pdfgen render` of its values writes.
mkdir -p "$work/alone"
{ head -n 1 "$data/clean.csv"
  tail -n +2 "$data/clean.csv" | awk -F, 'BEGIN { OFS = "," } {
      $3 = "mitraclip-home-care"; print
      $1 = $1 "b"; if ($4 != "") $4 = "Zoe " $4; $5 = "2026-12-24"; print }' |
    shuf --random-source=<(yes); } > "$work/alone/list.csv"
batch alone "${common[@]}" --data "$work/alone/list.csv" -o "$work/alone/out" --jobs 1
[ "$st" -eq 0 ] && ok || bad "alone: exit status $st: $(cat "$work/logs/alone.err")"
while IFS=$'\x1f' read -r id lang list nm date time phone; do
  set=()
  [ -n "$nm" ] && set+=(--set "patient_name=$nm")
  set+=(--set "procedure_date=$date" --set "arrival_time=$time" --set "care_team_phone=$phone")
  "$pdfgen" render -l "$lay" -c "$root/content/$list/$lang.xml" "${set[@]}" \
    -o "$work/alone/$id.single.pdf" 2>"$work/logs/alone-single.err" ||
    bad "alone: render $id: $(cat "$work/logs/alone-single.err")"
  cmp -s "$work/alone/$id.single.pdf" "$work/alone/out/$id.pdf" && ok ||
    bad "alone: $id.pdf differs from pdfgen render of the same values"
done < <(records "$work/alone/list.csv" | tail -n +2)

# ---- b. bad rows fail alone ---------------------------------------------------------
# bad.csv: the clean rows (same ids and values) with one bad row of each kind between
# them; LINE:KIND of each bad row.
bad_rows=(
  "3:unknown language" "6:unknown handout" "8:has no value" "10:is not a date"
  "11:is not a time" "13:not valid UTF-8" "14:fields but the header has" "16:id is empty"
  "17:is also used on line 19" "19:is also used on line 17"
  "20:cannot name a file inside the output directory"
  "21:cannot name a file inside the output directory"
  "22:cannot name a file inside the output directory"
)
out="$work/bad/out"
mkdir -p "$work/bad"
batch bad "${common[@]}" --data "$data/bad.csv" -o "$out" --jobs 2 \
  --merge "$work/bad/print.pdf" --report "$work/bad/report.csv"
err="$work/logs/bad.err"
[ "$st" -eq 1 ] && ok || bad "bad: exit status $st, want 1"
n=$(grep -c ': error: ' "$err")
[ "$n" -eq ${#bad_rows[@]} ] && ok || bad "bad: $n error lines, want ${#bad_rows[@]}: $(cat "$err")"
for b in "${bad_rows[@]}"; do
  l=${b%%:*} kind=${b#*:}
  got=$(grep -F "bad.csv:$l: error: " "$err")
  if [ "$(grep -c . <<<"$got")" -eq 1 ] && grep -qF -- "$kind" <<<"$got" &&
     grep -qE "^(.*/)?bad\.csv:$l: error: " <<<"$got"; then ok
  else bad "bad: want one 'bad.csv:$l: error: ...$kind...', got '$got'"; fi
  s=$(report_field "$work/bad/report.csv" "$l" status)
  e=$(report_field "$work/bad/report.csv" "$l" error)
  [ "$s" = failed ] && grep -qF -- "$kind" <<<"$e" && ok ||
    bad "bad: report line $l: status '$s' error '$e', want failed, $kind"
done
# The good packets are the clean run's, byte for byte; nothing else is in OUTDIR.
for id in "${ids[@]}"; do
  cmp -s "$work/clean/out/$id.pdf" "$out/$id.pdf" && ok || bad "bad: $id.pdf differs from the clean run's (or is missing)"
done
[ "$(listing "$out")" = "$want_listing" ] && ok ||
  bad "bad: OUTDIR holds '$(listing "$out")', want '$want_listing'"
# Nothing written outside OUTDIR (../x, a/b, .hidden).
[ "$(listing "$work/bad")" = "out print.pdf report.csv " ] && ok ||
  bad "bad: $work/bad holds '$(listing "$work/bad")'"
[ -z "$(find "$work" -name x.pdf -o -name b.pdf -o -name .hidden.pdf -o -name 'd-1.pdf' -o -name 'D-1.pdf')" ] && ok ||
  bad "bad: a bad row wrote $(find "$work" -name x.pdf -o -name b.pdf -o -name .hidden.pdf -o -name 'd-1.pdf' -o -name 'D-1.pdf')"
tail -n 1 "$work/logs/bad.out" | grep -qE "$(summary_re 10 13 $total)" && ok ||
  bad "bad: summary line '$(tail -n 1 "$work/logs/bad.out")', want 10 written, 13 failed, $total pages"
check_report_shape bad "$work/bad/report.csv" 23
for l in 2 4 5 7 9 12 15 18 23 24; do
  id=$(report_field "$work/bad/report.csv" $l id)
  got="$(report_field "$work/bad/report.csv" $l status) $(report_field "$work/bad/report.csv" $l pages)"
  [ "$got" = "written ${pkt_pages[$id]:-?}" ] && ok || bad "bad: report line $l ($id): '$got', want 'written ${pkt_pages[$id]:-?}'"
done
check_print bad "$work/bad/print.pdf" "${ids[@]}"

# ---- c. a spreadsheet's CSV: BOM, CRLF, quoted commas and newlines, blank rows ------
f="$data/spreadsheet.csv"
[ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || bad "spreadsheet.csv lost its BOM"
[ "$(grep -c $'\r$' "$f")" -eq "$(wc -l <"$f")" ] && ok || bad "spreadsheet.csv lost its CRLF line ends"
# Lines: 1 header, 2-3 S-1 ("Lopez, Maria", notes over two lines), 4 only commas,
# 5 S-2 (a phone number with a comma), 6 blank.
expect_packet S-1 en mitraclip-procedure-day "Lopez, Maria" 2026-12-03 07:30 "(555) 123-4567"
expect_packet S-2 es mitraclip-home-care "José García" 2026-12-03 08:15 "(555) 123-4567, ext. 12"
out="$work/sheet/out"
mkdir -p "$work/sheet"
batch sheet "${common[@]}" --data "$f" -o "$out" --jobs 2 --report "$work/sheet/report.csv"
[ "$st" -eq 0 ] && ok || bad "spreadsheet: exit status $st, want 0: $(cat "$work/logs/sheet.err")"
[ "$(listing "$out")" = "S-1.pdf S-2.pdf " ] && ok || bad "spreadsheet: OUTDIR holds '$(listing "$out")'"
for id in S-1 S-2; do
  got=$(pages "$out/$id.pdf")
  [ "$got" = "${pkt_pages[$id]}" ] && ok || bad "spreadsheet: $id.pdf has '$got' pages, want ${pkt_pages[$id]}"
done
text "$out/S-1.pdf" | grep -q "Lopez, Maria" && ok || bad "spreadsheet: S-1.pdf lacks 'Lopez, Maria'"
text "$out/S-2.pdf" | grep -q "José García" && ok || bad "spreadsheet: S-2.pdf lacks 'José García' (BOM/UTF-8)"
text "$out/S-2.pdf" | grep -q "(555) 123-4567, ext. 12" && ok || bad "spreadsheet: S-2.pdf lacks the phone with a comma"
check_report_shape spreadsheet "$work/sheet/report.csv" 2
got="$(report_field "$work/sheet/report.csv" 2 id) $(report_field "$work/sheet/report.csv" 5 id)"
[ "$got" = "S-1 S-2" ] && ok || bad "spreadsheet: report lines 2 and 5 hold '$got', want 'S-1 S-2'"
tail -n 1 "$work/logs/sheet.out" | grep -qE "$(summary_re 2 0 $((pkt_pages[S-1] + pkt_pages[S-2])))" && ok ||
  bad "spreadsheet: summary line '$(tail -n 1 "$work/logs/sheet.out")'"
# Error lines count physical lines: 1 header, 2-3 S-1, 4 commas, 5 S-3 (bad date),
# 6-7 S-4 (notes over two lines, bad time), 8 S-2, 9 blank.
batch sheetbad "${common[@]}" --data "$data/spreadsheet-bad.csv" -o "$work/sheetbad" --jobs 2
err="$work/logs/sheetbad.err"
[ "$st" -eq 1 ] && ok || bad "spreadsheet-bad: exit status $st, want 1"
[ "$(grep -c ': error: ' "$err")" -eq 2 ] && ok || bad "spreadsheet-bad: want 2 error lines, got: $(cat "$err")"
grep -qE "spreadsheet-bad\.csv:5: error: .*is not a date" "$err" && ok || bad "spreadsheet-bad: no line-5 date error: $(cat "$err")"
grep -qE "spreadsheet-bad\.csv:6: error: .*is not a time" "$err" && ok || bad "spreadsheet-bad: no line-6 time error: $(cat "$err")"
[ "$(listing "$work/sheetbad")" = "S-1.pdf S-2.pdf " ] && ok || bad "spreadsheet-bad: OUTDIR holds '$(listing "$work/sheetbad")'"

# ---- d. --fallback-lang: a missing translation ------------------------------------
croot="$work/content"
cp -r "$root/content" "$croot" && rm "$croot/mitraclip-home-care/vi.xml"
out="$work/nofallback"
batch nofallback "${common[@]}" --content-root "$croot" --data "$data/fallback.csv" -o "$out" --jobs 2
err="$work/logs/nofallback.err"
[ "$st" -eq 1 ] && ok || bad "no fallback: exit status $st, want 1"
grep -qE "fallback\.csv:2: error: .*has no vi translation" "$err" && ok || bad "no fallback: no line-2 error: $(cat "$err")"
[ "$(listing "$out")" = "F-2.pdf " ] && ok || bad "no fallback: OUTDIR holds '$(listing "$out")', want F-2.pdf only"
# With --fallback-lang en: written (home care in English), a warning, report says fallback.
expect_packet F-1 vi "" "Nguyễn Văn An" 2026-12-03 07:30 "(555) 123-4567" "$croot" en
out="$work/fallback/out"
mkdir -p "$work/fallback"
batch fallback "${common[@]}" --content-root "$croot" --data "$data/fallback.csv" -o "$out" \
  --jobs 2 --fallback-lang en --report "$work/fallback/report.csv"
err="$work/logs/fallback.err"
[ "$st" -eq 0 ] && ok || bad "fallback: exit status $st, want 0: $(cat "$err")"
grep -qE "fallback\.csv:2: warning: " "$err" && ok || bad "fallback: no line-2 warning: $(cat "$err")"
grep -q 'error:' "$err" && bad "fallback: an error: $(cat "$err")" || ok
[ "$(listing "$out")" = "F-1.pdf F-2.pdf " ] && ok || bad "fallback: OUTDIR holds '$(listing "$out")'"
got=$(pages "$out/F-1.pdf")
[ "$got" = "${pkt_pages[F-1]}" ] && ok || bad "fallback: F-1.pdf has '$got' pages, want ${pkt_pages[F-1]}"
got="$(report_field "$work/fallback/report.csv" 2 status) $(report_field "$work/fallback/report.csv" 3 status)"
[ "$got" = "fallback written" ] && ok || bad "fallback: report statuses '$got', want 'fallback written'"

# ---- e. a malformed CSV is rejected whole -----------------------------------------
# malformed-quote.csv: ab"c unquoted on line 3; malformed-unclosed.csv: a quote opened
# on line 3 never closed.
for m in quote unclosed; do
  out="$work/malformed-$m"
  batch "malformed-$m" "${common[@]}" --data "$data/malformed-$m.csv" -o "$out/out" \
    --jobs 2 --merge "$out.print.pdf" --report "$out.report.csv"
  err="$work/logs/malformed-$m.err"
  [ "$st" -eq 1 ] && ok || bad "malformed-$m: exit status $st, want 1"
  grep -qE "malformed-$m\.csv:3: error: malformed CSV" "$err" && ok || bad "malformed-$m: want a line-3 error, got: $(cat "$err")"
  [ -z "$(find "$work" -path "$out*" -type f)" ] && ok || bad "malformed-$m: wrote $(find "$work" -path "$out*" -type f)"
done

# ---- f. an interrupted run leaves only complete PDFs -------------------------------
# 300 rows; the run is started with default signal dispositions in its own process
# group, and signalled once a few packets are written.
big="$work/big.csv"
langs=(en es fr ar zh-Hans vi ru ko hi ht)
{
  echo "id,lang,patient_name,procedure_date,arrival_time,care_team_phone"
  for i in $(seq 1 300); do echo "I-$i,${langs[i % 10]},Patient $i,2026-12-03,07:30,555"; done
} >"$big"
# interrupt NAME SIGNAL TARGET: TARGET "group" signals the whole process group, as
# Ctrl-C at a terminal does; "parent" only the pdfgen process.
interrupt() {
  local what=$1 sig=$2 target=$3 dir="$work/$1" pid n
  mkdir -p "$dir"
  python3 -c 'import os, signal, sys
os.setpgid(0, 0)
for s in (signal.SIGINT, signal.SIGTERM): signal.signal(s, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$pdfgen" batch "${common[@]}" --data "$big" -o "$dir/out" \
    --jobs 2 --report "$dir/report.csv" --merge "$dir/print.pdf" \
    >"$work/logs/$what.out" 2>"$work/logs/$what.err" &
  pid=$!
  for _ in $(seq 1 1200); do # up to 2 minutes
    n=$(find "$dir/out" -maxdepth 1 -name '*.pdf' ! -name '.*' 2>/dev/null | wc -l)
    [ "$n" -ge 4 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$target" = group ]; then kill -s "$sig" -- "-$pid"; else kill -s "$sig" "$pid"; fi
  wait "$pid"
  local status=$? want=$((128 + $(kill -l "$sig")))
  [ "$status" -eq "$want" ] && ok || bad "$what: exit status $status, want $want (killed by SIG$sig)"
  # Only complete PDFs: each passes qpdf --check; no temporary (dot) files.
  local pdfs=("$dir"/out/*.pdf) bad_pdf=0 f
  for f in "${pdfs[@]}"; do
    [ -e "$f" ] || continue
    qpdf --check "$f" >/dev/null 2>&1 || { bad_pdf=1; bad "$what: qpdf --check $f fails"; }
  done
  [ "$bad_pdf" = 0 ] && ok
  n=$(find "$dir/out" -maxdepth 1 -name '*.pdf' ! -name '.*' | wc -l)
  [ "$n" -ge 4 ] && [ "$n" -lt 300 ] && ok || bad "$what: $n PDFs, want from 4 to 299"
  [ -z "$(ls -A "$dir/out" | grep '^\.')" ] && ok || bad "$what: temporary files left: $(ls -A "$dir/out" | grep '^\.')"
  [ -z "$(ls -A "$dir/out" | grep -v '\.pdf$')" ] && ok || bad "$what: other files left: $(ls -A "$dir/out" | grep -v '\.pdf$')"
  [ ! -e "$dir/print.pdf" ] && ok || bad "$what: a print file was written"
  [ -z "$(ls -A "$dir" | grep -v '^out$\|^report\.csv$')" ] && ok || bad "$what: left $(ls -A "$dir")"
  # The report: every row, the unrendered ones not-run, written ones as in OUTDIR.
  if [ -f "$dir/report.csv" ]; then
    check_report_shape "$what" "$dir/report.csv" 300
    local w nr
    w=$(records "$dir/report.csv" | awk -F'\x1f' '$4 == "written"' | wc -l)
    nr=$(records "$dir/report.csv" | awk -F'\x1f' '$4 == "not-run"' | wc -l)
    [ "$w" -eq "$n" ] && ok || bad "$what: report says $w written, OUTDIR has $n PDFs"
    [ "$nr" -gt 0 ] && [ $((w + nr)) -eq 300 ] && ok || bad "$what: report has $nr not-run and $w written rows of 300"
  else
    bad "$what: no report"
  fi
  tail -n 1 "$work/logs/$what.out" | grep -qE "^pdfgen batch: $n written, 0 failed, [0-9]+ pages, [0-9.]+ seconds, $((300 - n)) not run \(interrupted\)$" && ok ||
    bad "$what: summary line '$(tail -n 1 "$work/logs/$what.out")', want $n written, $((300 - n)) not run"
}
interrupt sigint INT group
interrupt sigterm TERM parent

# ---- f2. a worker killed mid-run costs at most the row it was rendering ------------
# Each worker holds a few rows; the one it had started fails, the others are handed to a
# new worker, and every other row is written.
dir="$work/killed"
mkdir -p "$dir"
"$pdfgen" batch "${common[@]}" --data "$big" -o "$dir/out" --jobs 2 --report "$dir/report.csv" \
  >"$work/logs/killed.out" 2>"$work/logs/killed.err" &
pid=$!
for _ in $(seq 1 1200); do
  n=$(find "$dir/out" -maxdepth 1 -name '*.pdf' ! -name '.*' 2>/dev/null | wc -l)
  [ "$n" -ge 4 ] && break
  sleep 0.1
done
victim=$(pgrep -P "$pid" | head -n 1)
[ -n "$victim" ] && kill -9 "$victim"
wait "$pid"
st=$?
w=$(records "$dir/report.csv" | awk -F'\x1f' '$4 == "written"' | wc -l)
f=$(records "$dir/report.csv" | awk -F'\x1f' '$4 == "failed"' | wc -l)
[ -n "$victim" ] && [ "$f" -le 1 ] && [ $((w + f)) -eq 300 ] && ok ||
  bad "killed: report has $w written and $f failed rows of 300, want at most 1 failed"
[ "$st" -eq $((f > 0 ? 1 : 0)) ] && ok || bad "killed: exit status $st with $f failed rows"
[ "$f" -eq 0 ] || grep -q "worker process stopped (signal 9) while rendering this row" "$work/logs/killed.err" &&
  ok || bad "killed: no row error names the stopped worker: $(cat "$work/logs/killed.err")"
[ "$(find "$dir/out" -maxdepth 1 -name '*.pdf' ! -name '.*' | wc -l)" -eq "$w" ] && ok ||
  bad "killed: OUTDIR does not hold the $w written packets"
[ -z "$(ls -A "$dir/out" | grep '^\.')" ] && ok || bad "killed: temporary files left: $(ls -A "$dir/out" | grep '^\.')"

# ---- g. usage ----------------------------------------------------------------------
# expect STATUS PATTERN -- command...: the exit status and a pattern on stderr+stdout.
expect() {
  local want=$1 pattern=$2
  shift 3
  local got status
  got=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ] || ! grep -qE -- "$pattern" <<<"$got"; then
    bad "$* -> status $status (want $want), output: $got"
  else ok; fi
}
u="$work/usage"
expect 0 "usage: pdfgen batch" -- "$pdfgen" batch --help
expect 2 "jobs" -- "$pdfgen" batch "${common[@]}" --data "$data/clean.csv" -o "$u" --jobs 0
expect 2 "data" -- "$pdfgen" batch "${common[@]}" -o "$u"
expect 2 "" -- "$pdfgen" batch --content-root "$root/content" --data "$data/clean.csv" -o "$u"
expect 2 "" -- "$pdfgen" batch "${common[@]}" --data "$data/clean.csv"
expect 2 "unknown option" -- "$pdfgen" batch "${common[@]}" --data "$data/clean.csv" -o "$u" --bogus
[ ! -e "$u" ] && ok || bad "usage: a usage error created OUTDIR"
# The print file may not overwrite a packet (OUTDIR exists, so only that is wrong).
mkdir -p "$u"
expect 1 "error: .*merge" -- "$pdfgen" batch "${common[@]}" --data "$data/clean.csv" -o "$u" --merge "$u/P-1.pdf"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
