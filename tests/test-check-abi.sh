#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The wiring of make check-abi (libkpi/Makefile.am, tools/check-abi.sh):
# the ABI of the built library (libkpi/libkpi-1.0.abi, which make check
# writes with abidw) against edited copies of it standing for the baseline,
# each a change of the library the verdict must see:
#   - the copy has a function more: the library lost it, which fails;
#   - the copy lacks a function: the library added it, which passes;
#   - a function's return type differs: the library changed it, which fails
#     (abidiff: an ABI change, not flagged incompatible on its own);
#   - no change at all passes; a dump without debug information fails, and
#     another architecture is not compared.
# The first two go through `make check-abi KPI_ABI_BASELINE=...` as well.
# Speaks TAP; skipped without abidw and abidiff. Environment (from
# tests/Makefile.am): ABIDW, ABIDIFF, KPI_TOP_SRCDIR, KPI_TOP_BUILDDIR, MAKE.
set -u

if [ -z "${ABIDW:-}" ] || [ -z "${ABIDIFF:-}" ]; then
  echo "1..0 # SKIP abidw and abidiff not found (Debian: abigail-tools)"
  exit 0
fi

export ABIDIFF
check="$KPI_TOP_SRCDIR/tools/check-abi.sh"
suppr="$KPI_TOP_SRCDIR/abi/libkpi.suppr"
current="$KPI_TOP_BUILDDIR/libkpi/libkpi-1.0.abi"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1..10"
if ! grep -q "<function-decl name='kpi_get_major_version'" "$current" 2>/dev/null; then
  echo "Bail out! $current is not the ABI of the built library (make check writes it)"
  exit 1
fi

# A copy with kpi_abi_test_gone, a twin of kpi_get_major_version: its ELF
# symbol and its declaration
awk -v from=kpi_get_major_version -v to=kpi_abi_test_gone -v q="'" '
  function twin(line) { gsub(from, to, line); return line }
  index($0, "<elf-symbol name=" q from q) { print; print twin($0); next }
  index($0, "<function-decl name=" q from q) { inblock = 1; block = "" }
  inblock { print; block = block twin($0) "\n"
            if (index($0, "</function-decl>")) { printf "%s", block; inblock = 0 }
            next }
  { print }' "$current" > "$work/extra.abi"
# A copy without kpi_get_minor_version
sed -e "/<elf-symbol name='kpi_get_minor_version'/d" \
    -e "/<function-decl name='kpi_get_minor_version'/,/<\/function-decl>/d" \
    "$current" > "$work/missing.abi"
# A copy where kpi_get_major_version returns a double
double=$(sed -n "s/.*<type-decl name='double' [^>]*id='\([^']*\)'.*/\1/p" "$current" | head -n 1)
sed -e "/<function-decl name='kpi_get_major_version'/,/<\/function-decl>/s/<return type-id='[^']*'/<return type-id='$double'/" \
    "$current" > "$work/changed.abi"
# The ABI of a library built without -g: the symbols only
sed -e "/<abi-instr /,/<\/abi-instr>/d" "$current" > "$work/nodebug.abi"
# A baseline cut short (abidiff says "parser error" but exits with 0)
head -n 1000 "$current" > "$work/cut.abi"
# The baseline of another architecture
sed -e "s/architecture='[^']*'/architecture='elf-arm-aarch64'/" "$current" > "$work/arch.abi"

n=0
# verdict NAME EXPECTED-STATUS PATTERN BASELINE [CURRENT]
verdict () {
  local name=$1 want=$2 pattern=$3 baseline=$4 cur=${5:-$current} rc
  n=$((n + 1))
  "$check" "$baseline" "$cur" "$suppr" > "$work/out" 2>&1
  rc=$?
  if [ "$rc" -eq "$want" ] && grep -q -F -- "$pattern" "$work/out"; then
    echo "ok $n - $name"
  else
    echo "not ok $n - $name: exit status $rc, expected $want and \"$pattern\""
    sed 's/^/# /' "$work/out" | head -n 40
  fi
}

# the edits are what they say (else every verdict below means nothing)
n=$((n + 1))
if [ "$(grep -c '<elf-symbol ' "$work/extra.abi")" -eq $(( $(grep -c '<elf-symbol ' "$current") + 1 )) ] &&
   grep -q "<function-decl name='kpi_abi_test_gone'" "$work/extra.abi" &&
   ! grep -q "kpi_get_minor_version" "$work/missing.abi" && [ -n "$double" ] &&
   ! cmp -s "$current" "$work/changed.abi"; then
  echo "ok $n - the edited copies have one function more, one less, one changed"
else
  echo "not ok $n - the edited copies are not what the test needs"
fi

verdict "the same ABI passes" 0 "the library has the ABI of" "$current"
verdict "a function the library lost fails" 1 "kpi_abi_test_gone" "$work/extra.abi"
verdict "a function the library added passes" 0 "the library adds to the ABI" "$work/missing.abi"
verdict "a function whose type changed fails" 1 "the library changes the ABI" "$work/changed.abi"
verdict "a library without debug information fails" 1 "without debug information" "$current" "$work/nodebug.abi"
verdict "a baseline abidiff cannot read fails" 1 "cannot read" "$work/cut.abi"
verdict "another architecture is not compared" 77 "not compared" "$work/arch.abi"

# The same two verdicts from the make target
unset MAKEFLAGS MFLAGS MAKELEVEL
make_verdict () {
  local name=$1 want=$2 baseline=$3 rc
  n=$((n + 1))
  ${MAKE:-make} -s -C "$KPI_TOP_BUILDDIR/libkpi" check-abi KPI_ABI_BASELINE="$baseline" > "$work/out" 2>&1
  rc=$?
  if { [ "$want" = pass ] && [ "$rc" -eq 0 ]; } || { [ "$want" = fail ] && [ "$rc" -ne 0 ]; }; then
    echo "ok $n - make check-abi: $name"
  else
    echo "not ok $n - make check-abi: $name: exit status $rc"
    sed 's/^/# /' "$work/out" | head -n 40
  fi
}
make_verdict "a function the library lost fails" fail "$work/extra.abi"
make_verdict "a function the library added passes" pass "$work/missing.abi"
exit 0
