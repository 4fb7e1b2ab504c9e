#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Regenerates the build system, then runs configure with the given arguments
# (unless NOCONFIGURE is set).
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
(cd "$srcdir" && autoreconf --force --install --verbose)
# automake ships the TAP driver but installs it only on request.
cp -f "$(automake --print-libdir)/tap-driver.sh" "$srcdir/build-aux/tap-driver.sh"
if test -z "$NOCONFIGURE"; then
  "$srcdir/configure" "$@"
fi
