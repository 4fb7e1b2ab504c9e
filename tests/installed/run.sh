#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Tests libkpi as a distribution installs it (tools/build-deb.sh runs it
# after installing the Debian packages; debian/tests/control runs it as the
# autopkgtest): a C program built with pkg-config, Python and gjs through
# the system typelib (the Python override included), the kpi command and its
# manual pages. Nothing of a build tree may be on the paths: the environment
# that points into one is cleared, and every file the tests read is written
# here, into a temporary directory.
#
# Prints one "ok N - what" / "not ok N - what" line per test and, last,
# "N passed, N failed" (what tools/quickstart.sh check adds to its totals).
# Exit status 0 when nothing failed.
set -u -o pipefail

unset GI_TYPELIB_PATH LD_LIBRARY_PATH LD_PRELOAD PYTHONPATH PYTHONHOME \
      PKG_CONFIG_PATH PKG_CONFIG_LIBDIR XDG_DATA_DIRS MANPATH \
      KPI_SRCDIR KPI_TOOL KPI_TOP_BUILDDIR KPI_TOP_SRCDIR GJS_PATH
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8 G_DEBUG=fatal-warnings PYTHONDONTWRITEBYTECODE=1

multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=/usr/lib/$multiarch

work=$(mktemp -d "${TMPDIR:-/tmp}/kpi-installed.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

passed=0
failed=0
n=0

# check WHAT COMMAND...: one test; its output is shown when it fails.
check () {
  local what=$1; shift
  n=$((n + 1))
  if "$@" > "$work/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok $n - $what"
  else
    failed=$((failed + 1))
    echo "not ok $n - $what"
    sed 's/^/# /' "$work/out"
  fi
}

# Four orders in three months: January 100 + 50.5 = 150.5, February 200,
# March 25; 375.5 in all.
cat > orders.csv <<'EOF'
date,channel,amount
2025-01-05,online,100
2025-01-20,store,50.5
2025-02-03,online,200
2025-03-15,store,25
EOF

# --- pkg-config and a C program ------------------------------------------
pc_points_to_usr () {
  test "$(pkg-config --modversion libkpi-1.0)" = 0.1.0 || return 1
  test "$(pkg-config --variable=prefix libkpi-1.0)" = /usr || return 1
  pkg-config --cflags libkpi-1.0 | grep -q -- "-I/usr/include/libkpi-1.0"
}
check "pkg-config finds libkpi-1.0 0.1.0 in /usr" pc_points_to_usr

cat > sum.c <<'EOF'
#include <libkpi/kpi.h>
#include <math.h>

int
main (int argc, char **argv)
{
  g_autoptr(KpiDataset) orders = kpi_dataset_new ("date");
  g_autoptr(GError) error = NULL;
  g_autoptr(KpiFormula) formula = NULL;
  g_auto(GStrv) fields = NULL;
  const double *amount;
  double total = 0;
  gsize n;

  if (!KPI_CHECK_VERSION (0, 1, 0) || kpi_get_minor_version () != KPI_MINOR_VERSION)
    return 1;
  if (!kpi_dataset_load_path (orders, argv[1], NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  amount = kpi_dataset_get_measure (orders, "amount", &n);
  for (gsize i = 0; i < n; i++)
    if (!isnan (amount[i]))
      total += amount[i];
  formula = kpi_formula_parse ("sum(amount where channel = \"online\")", &error);
  if (formula == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  fields = kpi_formula_list_fields (formula);
  g_print ("%u rows, %g, %s\n", kpi_dataset_get_n_rows (orders), total,
           g_strjoinv (" ", fields));
  return 0;
}
EOF
c_program () {
  # shellcheck disable=SC2046
  cc -Wall -Werror -o sum sum.c $(pkg-config --cflags --libs libkpi-1.0) -lm || return 1
  # the library the loader picks is the packaged one (/lib is /usr/lib on a
  # merged-/usr system)
  local loaded
  loaded=$(ldd ./sum | sed -n 's/^[[:space:]]*libkpi-1.0.so.0 => \([^ ]*\) .*/\1/p')
  [ -n "$loaded" ] && [ "$(realpath "$loaded")" = "$(realpath "$libdir/libkpi-1.0.so.0")" ] ||
    { ldd ./sum; return 1; }
  local out
  out=$(./sum orders.csv) || return 1
  echo "$out"
  case "$out" in
    "4 rows, 375.5, amount channel" | "4 rows, 375.5, channel amount") ;;
    *) return 1 ;;
  esac
}
check "a C program built with pkg-config --cflags --libs libkpi-1.0 runs against $libdir" c_program

# --- Python ----------------------------------------------------------------
cat > kpi_test.py <<'EOF'
import sys

import gi
gi.require_version("Kpi", "1.0")
from gi.module import get_introspection_module  # noqa: E402
from gi.repository import Kpi  # noqa: E402
from gi.overrides import Kpi as override  # noqa: E402

libdir = sys.argv[1]
typelib = get_introspection_module("Kpi").__path__  # a list in PyGObject 3.42
typelib = typelib[0] if isinstance(typelib, list) else typelib
assert typelib == libdir + "/girepository-1.0/Kpi-1.0.typelib", typelib
assert override.__file__ == "/usr/lib/python3/dist-packages/gi/overrides/Kpi.py", override.__file__
assert Kpi.Period.__module__ == "gi.overrides.Kpi", Kpi.Period.__module__

# What the override adds: periods compare, sort and print their label,
# values convert to float, load options are keyword arguments.
calendar = Kpi.Calendar.new(None, 1)
august, september = calendar.parse_period("2025-08"), calendar.parse_period("2025-09")
assert sorted([september, august]) == [august, september]
assert str(september) == "2025-09" and september == calendar.parse_period("2025-09")
assert float(Kpi.Value.new(september, 1234.5, 12, Kpi.ValueFlags.NONE)) == 1234.5

orders = Kpi.Dataset.new("date")
orders.load_path("orders.csv", delimiter=",")
assert orders.get_n_rows() == 4
print("typelib", typelib, "override", override.__file__)
EOF
check "/usr/bin/python3 imports Kpi from the system typelib, with the installed override" \
  /usr/bin/python3 kpi_test.py "$libdir"

stubs_installed () {
  test -f /usr/lib/python3/dist-packages/gi-stubs/repository/Kpi.pyi &&
    grep -q "class Dataset" /usr/lib/python3/dist-packages/gi-stubs/repository/Kpi.pyi
}
check "the typing stubs are installed (gi-stubs/repository/Kpi.pyi)" stubs_installed

# --- gjs ---------------------------------------------------------------------
cat > kpi_test.js <<'EOF'
import GLib from 'gi://GLib';
import Kpi from 'gi://Kpi?version=1.0';
import System from 'system';

const orders = Kpi.Dataset.new('date');
orders.load_path('orders.csv', null);
const calendar = Kpi.Calendar.new(GLib.TimeZone.new_utc(), 1);
const september = calendar.parse_period('2025-09');
if (orders.get_n_rows() !== 4 || september.get_label() !== '2025-09') {
    printerr(`rows ${orders.get_n_rows()}, label ${september.get_label()}`);
    System.exit(1);
}
print(`${orders.get_n_rows()} rows, ${september.get_label()}`);
EOF
check "gjs imports Kpi from the system typelib" gjs -m kpi_test.js

# --- the kpi command and its manual pages ----------------------------------
kpi_eval () {
  test "$(command -v kpi)" = /usr/bin/kpi || return 1
  local expected='period,value
2025-01,150.5
2025-02,200
2025-03,25'
  local out
  out=$(kpi eval orders.csv 'sum(amount)') || return 1
  echo "$out"
  test "$out" = "$expected"
}
check "/usr/bin/kpi eval sums the orders by month" kpi_eval

man_pages () {
  local page path
  for page in kpi kpi-eval kpi-check kpi-validate kpi-report; do
    path=$(man -w "$page") || return 1
    echo "$path"
    case "$path" in /usr/share/man/man1/"$page".1*) ;; *) return 1 ;; esac
  done
}
check "man -w finds kpi(1) and its subcommands' pages in /usr/share/man" man_pages

# --- the reference ---------------------------------------------------------
reference () {
  test -f /usr/share/doc/libkpi-1.0/libkpi-1.0.devhelp2 &&
    test -f /usr/share/doc/libkpi-1.0/index.html &&
    test -f /usr/share/doc/libkpi-1.0/class.Dataset.html
}
check "the reference is where Devhelp looks (/usr/share/doc/libkpi-1.0)" reference

# --- Vala, when valac is there ----------------------------------------------
if command -v valac > /dev/null 2>&1; then
  cat > rows.vala <<'EOF'
int main (string[] args) {
    var orders = new Kpi.Dataset ("date");
    try {
        orders.load_path (args[1], null);
    } catch (Error e) {
        printerr ("%s\n", e.message);
        return 1;
    }
    print ("%u rows\n", orders.get_n_rows ());
    return orders.get_n_rows () == 4 ? 0 : 1;
}
EOF
  vala_program () {
    valac --pkg libkpi-1.0 -X -w rows.vala -o rows && ./rows orders.csv
  }
  check "a Vala program built with valac --pkg libkpi-1.0 runs" vala_program
else
  echo "# valac is not installed: the Vala API is not tested"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
