#!/bin/sh
# peer.sh [PDFGEN] [run.py options] — the peer handout benchmark (../shared/bench/peer-handout:
# the same 4-page handout in pdfgen's and Typst's formats, 100 patients) run against this
# build. The benchmark's layout keeps a 0.75 in bottom margin, which pdfgen now refuses: its
# 14 pt footer kept 0.5 in from the paper's edge needs 0.76 in. The benchmark is copied to a
# temporary folder with that one number changed, then its own run.py measures.
# PEER_TIMES=10 lists every patient 10 times (new ids) for both programs: 1,000 patients.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
peer=${PEER_HANDOUT:-$root/../shared/bench/peer-handout}
pdfgen=${1:-$root/build/pdfgen}
[ $# -gt 0 ] && shift
[ -f "$peer/run.py" ] || { echo "peer.sh: error: no $peer/run.py (set PEER_HANDOUT)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$peer" "$work/peer-handout"
sed -i 's/margin-bottom="0.75in"/margin-bottom="0.76in"/' "$work/peer-handout/pdfgen/layouts/"*.xml
times=${PEER_TIMES:-1}
if [ "$times" -gt 1 ]; then
  csv=$work/peer-handout/pdfgen/patients.csv tsv=$work/peer-handout/typst/patients.tsv
  { head -n 1 "$csv"
    for k in $(seq 1 "$times"); do tail -n +2 "$csv" | sed "s/^\([^,]*\),/\1-$k,/"; done; } > "$csv.new"
  for k in $(seq 1 "$times"); do sed "s/^\([^\t]*\)\t/\1-$k\t/" "$tsv"; done > "$tsv.new"
  mv "$csv.new" "$csv"
  mv "$tsv.new" "$tsv"
fi
case $pdfgen in /*) ;; *) pdfgen=$PWD/$pdfgen ;; esac
python3 "$work/peer-handout/run.py" "$pdfgen" "$@"
