#!/usr/bin/env bash
# run.sh BUILD_DIR SECONDS [TARGET...] — runs each libFuzzer target of a PDFGEN_FUZZ build
# (CC=clang cmake -DPDFGEN_FUZZ=ON) for SECONDS, one at a time, with its dictionary
# (dict/TARGET.dict) and its corpus (corpus/TARGET, read only: new inputs go to
# BUILD_DIR/fuzz-work/TARGET/corpus). A target stops at its first crash, hang (a unit over
# 10 s), leak or run over 2 GB; its input is copied to corpus/TARGET/crash-NAME and the
# log is kept. Prints per target: seconds, executions, exec/s, and whether it crashed.
# Exits 1 when any target crashed. FUZZ_FLAGS adds libFuzzer flags (-use_value_profile=1,
# -max_len=N); FUZZ_MINIMIZE=1 also minimizes a crash input (up to 60 s) before copying.
set -uo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
    exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in "$here"/fuzz_*.c; do
        f=${f##*/fuzz_}
        targets+=("${f%.c}")
    done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

crashed=0
printf '%-8s %8s %12s %9s  %s\n' target seconds executions exec/s result
for t in "${targets[@]}"; do
    bin=$build/tests/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "$t: no $bin (build with CC=clang cmake -DPDFGEN_FUZZ=ON)" >&2
        exit 2
    fi
    work=$build/fuzz-work/$t
    stamp=$(date -u +%Y%m%dT%H%M%S)
    art=$work/artifacts-$stamp
    log=$work/log-$stamp.txt
    seeds=$work/seeds
    mkdir -p "$work/corpus" "$art"
    # The committed corpus less its crash-* inputs: those are regression inputs for the
    # gcc replay, and fuzzing from a known crash would only find it again.
    rm -rf "$seeds"
    mkdir -p "$seeds"
    [ -d "$here/corpus/$t" ] &&
        find "$here/corpus/$t" -maxdepth 1 -type f ! -name 'crash-*' -exec cp {} "$seeds/" \;

    dict=()
    [ -f "$here/dict/$t.dict" ] && dict=(-dict="$here/dict/$t.dict")

    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 "${dict[@]}" \
        -artifact_prefix="$art/" -print_final_stats=1 \
        ${FUZZ_FLAGS:-} "$work/corpus" "$seeds" >"$log" 2>&1
    rc=$?
    end=$(date +%s.%N)

    secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#')
    [ -n "$execs" ] || execs=0
    rate=$(awk -v n="$execs" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? n / s : n) }')

    found=$(find "$art" -maxdepth 1 -type f ! -name 'slow-unit-*' | head -n 1)
    if [ -z "$found" ] && [ $rc -eq 0 ]; then
        result=ok
        rmdir "$art" 2>/dev/null
    else
        crashed=1
        if [ -n "$found" ]; then
            name=$(basename "$found")
            case $name in crash-*) ;; *) name=crash-$name ;; esac
            dest=$here/corpus/$t/$name
            if [ "${FUZZ_MINIMIZE:-0}" = 1 ]; then
                "$bin" -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=2048 \
                    -exact_artifact_path="$art/minimized" "$found" >"$log.minimize" 2>&1
                [ -s "$art/minimized" ] && found=$art/minimized
            fi
            cp "$found" "$dest"
            result="CRASH $(grep -m1 -oE 'ERROR: [A-Za-z]+: [^ ]+( [^ ]+)?|deadly signal|timeout after [0-9]+ seconds|out-of-memory|detected memory leaks|runtime error: .*' "$log") -> tests/fuzz/corpus/$t/$name"
        else
            result="FAILED (exit $rc, no input written)"
        fi
        result="$result; log $log"
    fi
    printf '%-8s %8s %12s %9s  %s\n' "$t" "$secs" "$execs" "$rate" "$result"
    if [ "$result" != ok ]; then
        # The report (sanitizer summary and stack) for ctest's output and the reader.
        grep -n -m1 -E '==ERROR|runtime error|ALARM|out-of-memory|deadly signal|LeakSanitizer' "$log" |
            cut -d: -f1 | while read -r line; do sed -n "$line,$((line + 40))p" "$log"; done
    fi
done
exit $crashed
