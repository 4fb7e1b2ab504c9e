#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs the libFuzzer harnesses of fuzz/ (see fuzz/README.md):
#
#   tools/fuzz.sh [HARNESS...]       every harness (or those named), one
#                                    after the other, FUZZ_SECONDS each
#
# Without KPI_FUZZ_BUILDDIR (which make fuzz gives), it first configures
# and builds _build-fuzz with clang (--enable-fuzzing): the library and
# the harnesses only.
#
# Environment:
#   FUZZ_SECONDS   seconds per harness (default 600)
#   FUZZ_RUNS      stop a harness after this many executions instead
#                  (-runs; FUZZ_SECONDS still bounds it)
#   FUZZ_JOBS      harnesses run at once (default 1)
#   FUZZ_WORKDIR   where the work corpora, crashes and logs go, outside the
#                  tree (default ${XDG_CACHE_HOME:-~/.cache}/libkpi-fuzz):
#                  WORKDIR/corpus/HARNESS gathers the inputs that found new
#                  coverage (the seeds in fuzz/corpus stay as they are),
#                  WORKDIR/artifacts the crashes, WORKDIR/logs the output
#   FUZZ_ARGS      more libFuzzer options
#
# Exits non-zero when a harness found a crash, a leak or a timeout: the
# input is in WORKDIR/artifacts, to be kept in fuzz/regressions/HARNESS
# once fixed. The last line is the summary.
set -u -o pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-1}
workdir=${FUZZ_WORKDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/libkpi-fuzz}

all_harnesses=(fuzz-csv fuzz-json fuzz-jsonl fuzz-formula fuzz-period-label fuzz-catalog fuzz-definitions fuzz-checks fuzz-sql-rows)
if [ $# -gt 0 ]; then harnesses=("$@"); else harnesses=("${all_harnesses[@]}"); fi

# What each harness reads: the longest input worth trying, the dictionary.
max_len () {
  case $1 in
    fuzz-formula) echo 1024 ;;
    fuzz-period-label) echo 128 ;;
    fuzz-catalog|fuzz-definitions|fuzz-checks) echo 16384 ;;
    fuzz-sql-rows) echo 4096 ;;
    *) echo 8192 ;;
  esac
}
dictionary () {
  case $1 in
    fuzz-formula) echo formula.dict ;;
    fuzz-period-label) echo period-label.dict ;;
    fuzz-csv) echo csv.dict ;;
    fuzz-sql-rows) echo sql-rows.dict ;;
    *) echo json.dict ;;
  esac
}

builddir=${KPI_FUZZ_BUILDDIR:-}
if [ -z "$builddir" ]; then
  build=$here/_build-fuzz
  if [ ! -x "$here/configure" ] || [ "$here/configure.ac" -nt "$here/configure" ]; then
    (cd "$here" && NOCONFIGURE=1 ./autogen.sh > /dev/null) || exit 1
  fi
  mkdir -p "$build" || exit 1
  if [ ! -f "$build/config.status" ]; then
    (cd "$build" && "$here/configure" -q --enable-fuzzing CC=clang --disable-vapi --disable-docs) || exit 1
  fi
  # the library and the harnesses: nothing else is needed
  make -C "$build/libkpi" -s -j"$(nproc)" > /dev/null && \
    make -C "$build/fuzz" -s -j"$(nproc)" > /dev/null || exit 1
  builddir=$build/fuzz
fi

mkdir -p "$workdir/artifacts" "$workdir/logs" || exit 1

run_one () {
  local h=$1 log=$workdir/logs/$1.log status
  local runs=()
  [ -n "${FUZZ_RUNS:-}" ] && runs=(-runs="$FUZZ_RUNS")
  mkdir -p "$workdir/corpus/$h"
  mkdir -p "$here/fuzz/regressions/$h"
  # new inputs go into the first directory (the work corpus); the seeds and
  # the regressions are read only
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$builddir/$h" \
      -max_total_time="$seconds" "${runs[@]}" \
      -max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
      -dict="$here/fuzz/$(dictionary "$h")" \
      -artifact_prefix="$workdir/artifacts/$h-" \
      -print_final_stats=1 ${FUZZ_ARGS:-} \
      "$workdir/corpus/$h" "$here/fuzz/corpus/$h" "$here/fuzz/regressions/$h" \
      > "$log" 2>&1
  status=$?
  local stats
  stats=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
  if [ $status -eq 0 ]; then
    echo "ok   $h: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') executions; $stats"
  else
    echo "FAIL $h (exit $status): $(grep -m1 -E 'ERROR: |SUMMARY: |Test unit written' "$log")"
    echo "     log: $log"
  fi
  return $status
}

passed=0
failed=0
pids=()
names=()
for h in "${harnesses[@]}"; do
  if [ ! -x "$builddir/$h" ]; then
    echo "FAIL $h: no $builddir/$h"
    failed=$((failed + 1))
    continue
  fi
  run_one "$h" &
  pids+=($!)
  names+=("$h")
  # at most $jobs at once
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
done
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fuzzing ${seconds}s a harness: $passed passed, $failed failed (logs in $workdir/logs)"
[ "$failed" -eq 0 ]
