#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-abi.sh BASELINE CURRENT SUPPRESSIONS
#
# The verdict of `make check-abi`: compares CURRENT, the ABI of the built
# library as abidw writes it (libkpi/libkpi-1.0.abi), with BASELINE, the
# committed one (abi/libkpi-1.0.abi), through abidiff with the suppressions
# of what is not API. Exit status: 0 when the library has the baseline's
# ABI or only adds to it; 1 when it removes or changes a function, a
# variable or a type that a program may use, with abidiff's report; 77 when
# the two cannot be compared (another architecture).
#
# abidiff's exit status is a set of bits (abidiff(1)): 1 ABIDIFF_ERROR,
# 2 ABIDIFF_USAGE_ERROR, 4 ABIDIFF_ABI_CHANGE (something changed, added
# symbols included), 8 ABIDIFF_ABI_INCOMPATIBLE_CHANGE (a symbol the
# baseline has is gone, or changed incompatibly). A change that is not
# incompatible for sure (4 without 8: a type that changed under a function)
# is told from an addition by a second comparison that ignores the added
# symbols: what it still finds is a change, and fails.
set -u

ABIDIFF=${ABIDIFF:-abidiff}
if [ $# -ne 3 ]; then
  echo "usage: $0 BASELINE CURRENT SUPPRESSIONS" >&2
  exit 2
fi
baseline=$1 current=$2 suppr=$3

for f in "$baseline" "$current" "$suppr"; do
  [ -f "$f" ] || { echo "check-abi: $f: no such file"; exit 1; }
done

# abidw writes no types without DWARF: the comparison would then see the
# symbols only, and find nothing wrong with a changed signature
if ! grep -q '<function-decl' "$current"; then
  echo "check-abi: $current has no function declarations: the library was built without debug information (CFLAGS without -g); build it with -g to check its ABI"
  exit 1
fi

arch () { sed -n "s/.*<abi-corpus [^>]*architecture='\([^']*\)'.*/\1/p" "$1" | head -n 1; }
if [ "$(arch "$baseline")" != "$(arch "$current")" ]; then
  echo "check-abi: the baseline is of $(arch "$baseline"), this library of $(arch "$current"): not compared"
  exit 77
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT

"$ABIDIFF" --suppressions "$suppr" "$baseline" "$current" > "$report" 2>&1
status=$?
n=$(grep -c '<elf-symbol ' "$current")

# abidiff reads a broken XML file with libxml2's "parser error" and a 0 exit
if grep -q 'parser error' "$report"; then
  cat "$report"
  echo "check-abi: abidiff cannot read $baseline or $current (above)"
  exit 1
fi
if [ $((status & 3)) -ne 0 ]; then
  cat "$report"
  echo "check-abi: abidiff failed (exit status $status)"
  exit 1
fi
if [ $((status & 8)) -ne 0 ]; then
  cat "$report"
  echo "check-abi: the library breaks the ABI of $baseline (above): a symbol is gone or changed incompatibly"
  exit 1
fi
if [ $((status & 4)) -ne 0 ]; then
  "$ABIDIFF" --no-added-syms --suppressions "$suppr" "$baseline" "$current" > /dev/null 2>&1
  if [ $? -ne 0 ]; then
    cat "$report"
    echo "check-abi: the library changes the ABI of $baseline (above): a type that a public function uses is not what it was"
    exit 1
  fi
  cat "$report"
  echo "check-abi: the library adds to the ABI of $baseline (above), and breaks nothing ($n symbols)"
  exit 0
fi
echo "check-abi: the library has the ABI of $baseline ($n symbols)"
exit 0
