#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The version macros (libkpi/kpi-version.h.in) under the settings a program
# may choose: version/version-macros.c declares dummy functions through
# KPI_AVAILABLE_IN_0_1, KPI_AVAILABLE_IN_0_2, KPI_DEPRECATED_IN_0_1(_FOR)...
# and uses one of them; each case compiles it with the whole of
# <libkpi/kpi.h> and says whether the compiler must be silent, warn (with
# the attribute's message) or stop at one of the sanity #errors.
#
# The headers are the built ones (0.1.0), and, for what only a later release
# can show (a deprecation in 0.2, a MIN_REQUIRED above 0.1), the same
# kpi-version.h.in instantiated as configure would for 0.2.0 and for the
# snapshot 0.1.90.
# Speaks TAP. Environment (from tests/Makefile.am): CC, KPI_DEPS_CFLAGS,
# KPI_SRCDIR, KPI_TOP_SRCDIR, KPI_TOP_BUILDDIR.
set -u
# the compiler quotes names with plain quotes only in the C locale
export LC_ALL=C

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$KPI_SRCDIR/version/version-macros.c"

# kpi-version.h as configure writes it for another version
instantiate () {
  local dir="$work/$1.$2.$3"
  mkdir -p "$dir/libkpi"
  sed -e "s/@KPI_MAJOR_VERSION@/$1/g" -e "s/@KPI_MINOR_VERSION@/$2/g" \
      -e "s/@KPI_MICRO_VERSION@/$3/g" \
      "$KPI_TOP_SRCDIR/libkpi/kpi-version.h.in" > "$dir/libkpi/kpi-version.h"
}
instantiate 0 2 0
instantiate 0 1 90

n=0
failed=0
# case HEADERS USE EXPECT PATTERN [CPPFLAGS...]
#   HEADERS: built, or a version instantiated above
#   EXPECT:  clean (no diagnostic at all), warn or error (PATTERN in the output)
case_ () {
  local headers=$1 use=$2 expect=$3 pattern=$4 rc ok=yes
  shift 4
  local inc=()
  [ "$headers" != built ] && inc=(-I"$work/$headers")
  n=$((n + 1))
  # shellcheck disable=SC2086
  $CC -fsyntax-only -Wall -Wextra -Wdeprecated-declarations \
    "${inc[@]}" -I"$KPI_TOP_BUILDDIR" -I"$KPI_TOP_SRCDIR" $KPI_DEPS_CFLAGS \
    -DUSE="$use" "$@" "$src" > "$work/out" 2>&1
  rc=$?
  case $expect in
    clean) [ "$rc" -eq 0 ] && [ ! -s "$work/out" ] || ok=no ;;
    warn)  [ "$rc" -eq 0 ] && grep -q -- "-Wdeprecated-declarations" "$work/out" &&
             grep -q -F -- "$pattern" "$work/out" || ok=no ;;
    error) [ "$rc" -ne 0 ] && grep -q -F -- "$pattern" "$work/out" || ok=no ;;
  esac
  local what="$headers headers, $use, ${*:-defaults}: $expect${pattern:+ ($pattern)}"
  if [ $ok = yes ]; then
    echo "ok $n - $what"
  else
    echo "not ok $n - $what (exit status $rc)"
    sed 's/^/# /' "$work/out"
    failed=$((failed + 1))
  fi
}

echo "1..19"

# The built headers (0.1.0): defaults are MIN_REQUIRED = MAX_ALLOWED = 0.1
case_ built kpi_test_in_0_1 clean ""
case_ built kpi_test_in_all clean ""
case_ built kpi_test_deprecated_in_0_2_for clean ""
case_ built kpi_test_in_0_2 warn "Not available before 0.2" -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_1
case_ built kpi_test_in_0_2 clean "" -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_2
case_ built kpi_test_in_0_2 clean "" -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_1 -DKPI_DISABLE_DEPRECATION_WARNINGS
case_ built kpi_test_deprecated_in_0_1_for warn "Use 'kpi_test_in_0_1' instead" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1
case_ built kpi_test_deprecated_in_0_1 warn "kpi_test_deprecated_in_0_1' is deprecated" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1
case_ built kpi_test_deprecated_in_0_1 clean "" -DKPI_DISABLE_DEPRECATION_WARNINGS
case_ built kpi_test_in_0_1 error "KPI_VERSION_MIN_REQUIRED must be <= KPI_VERSION_CUR_STABLE" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_2
case_ built kpi_test_in_0_1 error "KPI_VERSION_MIN_REQUIRED must be >= KPI_VERSION_0_1" "-DKPI_VERSION_MIN_REQUIRED=KPI_ENCODE_VERSION(0,0,0)"

# A 0.2 release: defaults are MIN_REQUIRED = MAX_ALLOWED = 0.2
case_ 0.2.0 kpi_test_in_0_2 clean ""
case_ 0.2.0 kpi_test_in_0_2 warn "Not available before 0.2" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1 -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_1
case_ 0.2.0 kpi_test_deprecated_in_0_2_for warn "Use 'kpi_test_in_0_2' instead"
case_ 0.2.0 kpi_test_deprecated_in_0_2_for clean "" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1
case_ 0.2.0 kpi_test_deprecated_in_0_1_for warn "Use 'kpi_test_in_0_1' instead" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1
case_ 0.2.0 kpi_test_in_0_1 error "KPI_VERSION_MAX_ALLOWED must be >= KPI_VERSION_MIN_REQUIRED" -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_1

# A snapshot on the way to 0.2 (micro 90 and above) already has its API
case_ 0.1.90 kpi_test_in_0_2 clean ""
case_ 0.1.90 kpi_test_in_0_2 warn "Not available before 0.2" -DKPI_VERSION_MIN_REQUIRED=KPI_VERSION_0_1 -DKPI_VERSION_MAX_ALLOWED=KPI_VERSION_0_1

[ "$n" -eq 19 ] || { echo "not ok - planned 19 cases, ran $n"; exit 1; }
exit 0
