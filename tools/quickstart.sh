#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README's two commands, on a fresh Debian 12 machine, as root:
#
#   tools/quickstart.sh demo    install what is missing, build, run the demo
#   tools/quickstart.sh check   install what is missing, build, run every test:
#                               C, Python and gjs tests, the C tests under
#                               valgrind, the whole suite again in an
#                               AddressSanitizer/UBSan build, the ABI against
#                               abi/libkpi-1.0.abi (make check-abi), each
#                               fuzzing harness for a short while (FUZZ_SECONDS,
#                               20 by default, two at a time), distcheck, and
#                               the Debian packages built, installed and
#                               tested (tools/build-deb.sh)
#
# The last line of `check` is the summary "N passed, N failed".
set -u -o pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

packages=(
  build-essential autoconf automake libtool pkg-config
  libglib2.0-dev libjson-glib-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  gobject-introspection libgirepository1.0-dev
  check valgrind gjs python3-gi python-gi-dev python3-pytest gi-docgen valac
  abigail-tools
  python3-numpy python3-scipy python3-statsmodels python3-pandas
  tzdata xz-utils
  chromium
  clang libclang-rt-14-dev libfuzzer-14-dev
)

install_packages () {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}" || return 1
  fi
}

# configure in a build directory of its own (the source tree stays clean)
build () {
  local dir=$1; shift
  if [ ! -x configure ] || [ configure.ac -nt configure ]; then
    NOCONFIGURE=1 ./autogen.sh > /dev/null || return 1
  fi
  mkdir -p "$dir" && (cd "$dir" && "$here/configure" -q "$@" && make -j"$(nproc)" -s) || return 1
}

passed=0
failed=0
recap=$(mktemp)
trap 'rm -f "$recap"' EXIT

# Adds the counts of an automake test-suite log to the totals.
count_log () {
  local log=$1 pass fail error
  if [ ! -f "$log" ]; then
    echo "!! no test log $log"
    echo "no test log: $log" >> "$recap"
    failed=$((failed + 1))
    return
  fi
  pass=$(sed -n 's/^# PASS: *//p' "$log" | head -1)
  fail=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
  error=$(sed -n 's/^# ERROR: *//p' "$log" | head -1)
  passed=$((passed + ${pass:-0}))
  failed=$((failed + ${fail:-0} + ${error:-0}))
  echo "== $log: ${pass:-0} passed, $(( ${fail:-0} + ${error:-0} )) failed"
  # the failed tests' names, for the recap above the summary (CI's log is
  # often read from its end)
  grep -E '^(FAIL|ERROR): ' "$log" | sort -u | head -n 20 | sed "s|^|$log: |" >> "$recap"
}

# Adds the counts of a script's last line "N passed, N failed" to the totals.
count_summary () {
  local log=$1 last
  last=$(tail -n 1 "$log")
  if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
    echo "== $2: $last"
  else
    echo "!! $2 did not finish"
    echo "did not finish: $2" >> "$recap"
    failed=$((failed + 1))
  fi
}

# Says how long the part just finished took (where CI's time goes).
started=$SECONDS
took () {
  echo "== $1: $((SECONDS - started)) s"
  started=$SECONDS
}

# Runs a step that is one test of its own (a build, distcheck).
step () {
  local name=$1; shift
  echo "== $name"
  started=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    took "$name"
  else
    echo "!! $name failed"
    echo "step: $name" >> "$recap"
    failed=$((failed + 1))
    took "$name"
    return 1
  fi
}

case "${1:-}" in
  demo)
    install_packages || exit 1
    build _build --enable-werror || exit 1
    make -s -C _build demo
    ;;

  check)
    step "install packages" install_packages || { echo "$passed passed, $failed failed"; exit 1; }

    if step "build" build _build --enable-werror; then
      rm -f _build/tests/test-suite.log _build/fuzz/test-suite.log
      started=$SECONDS
      make -j"$(nproc)" -C _build check
      took "make check"
      count_log _build/tests/test-suite.log
      count_log _build/fuzz/test-suite.log
      step "exports (make check-exports)" make -C _build/libkpi -s check-exports
      # one suite: the library against the ABI of the last release
      step "ABI (make check-abi)" make -C _build -s check-abi

      rm -f _build/tests/test-suite-valgrind.log
      started=$SECONDS
      make -j"$(nproc)" -C _build check-valgrind
      took "make check-valgrind"
      count_log _build/tests/test-suite-valgrind.log
    fi

    if step "sanitizer build" build _build-asan --enable-werror --enable-sanitizers; then
      rm -f _build-asan/tests/test-suite.log _build-asan/fuzz/test-suite.log
      started=$SECONDS
      make -j"$(nproc)" -C _build-asan check
      took "make check (sanitizers)"
      count_log _build-asan/tests/test-suite.log
      count_log _build-asan/fuzz/test-suite.log
    fi

    # Every harness a short while (a regression shows; the long runs are
    # make fuzz's): one suite, failed when a harness finds anything.
    step "fuzzing (${FUZZ_SECONDS:-20} s a harness)" \
      env FUZZ_SECONDS="${FUZZ_SECONDS:-20}" FUZZ_JOBS="${FUZZ_JOBS:-2}" \
          FUZZ_WORKDIR="${FUZZ_WORKDIR:-$here/_build-fuzz/work}" tools/fuzz.sh

    if [ -d _build ]; then
      step "distcheck (introspection and docs on)" make -j"$(nproc)" -C _build -s distcheck
    fi

    # The Debian packages: built (without their test suite), checked by
    # lintian, installed, and tested from the system paths.
    deb_log=$(mktemp)
    started=$SECONDS
    tools/build-deb.sh 2>&1 | tee "$deb_log"
    count_summary "$deb_log" "Debian packages (tools/build-deb.sh)"
    rm -f "$deb_log"
    took "Debian packages"

    if [ -s "$recap" ]; then
      echo "== what failed:"
      sed 's/^/!! /' "$recap"
    fi
    echo "== everything: $SECONDS s"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;

  *)
    echo "usage: $0 demo|check" >&2
    exit 2
    ;;
esac
