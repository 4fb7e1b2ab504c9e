#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Regenerates the build system, then runs configure with the given arguments
# (unless NOCONFIGURE is set). `autoreconf -fi` alone does the same first
# half: configure.ac asks automake for the TAP driver (AC_REQUIRE_AUX_FILE)
# and m4/ holds the macros that are not autotools' own.
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose)
if test -z "$NOCONFIGURE"; then
  "$srcdir/configure" "$@"
fi
