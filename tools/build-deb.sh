#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the Debian packages of debian/, checks them with lintian, installs
# them on this machine and tests the installed library (tests/installed/run.sh).
# As root, on Debian 12; safe to run again (the packages are reinstalled).
#
#   tools/build-deb.sh                  build, lint, install, test
#   tools/build-deb.sh --update-symbols also rewrite debian/libkpi-1.0-0.symbols
#                                       from the library just built (see
#                                       debian/README.source)
#
# The build happens in a copy of the tree (the files git knows and the new
# ones it does not ignore) under _build-deb/, so the work tree stays clean;
# the packages, the build log and lintian's output stay there. The package
# build does not run the test suite (DEB_BUILD_OPTIONS=nocheck): make check
# runs it from the tree already.
#
# Each stage (build dependencies, package build, lintian, installation) is a
# test, and so is each of tests/installed/run.sh; the last line is the
# summary "N passed, N failed" that tools/quickstart.sh check adds up.
set -u -o pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=${KPI_DEB_OUT:-$here/_build-deb}
update_symbols=no

for arg in "$@"; do
  case "$arg" in
    --update-symbols) update_symbols=yes ;;
    *) echo "usage: $0 [--update-symbols]" >&2; exit 2 ;;
  esac
done

passed=0
failed=0
summary () { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; }

# Runs a stage that is one test of its own.
stage () {
  local name=$1; shift
  echo "== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    echo "!! $name failed"
    failed=$((failed + 1))
    return 1
  fi
}

export DEBIAN_FRONTEND=noninteractive

# The packaging tools, then the build dependencies debian/control lists
# (apt-get build-dep on the source directory); apt is asked only for what is
# missing, so a machine that has everything needs no network.
apt_updated=no
apt_install () {
  if [ "$apt_updated" = no ]; then
    apt-get update -q > /dev/null || return 1
    apt_updated=yes
  fi
  apt-get install -y -q --no-install-recommends "$@"
}

tools_installed () {
  local missing=() p
  for p in dpkg-dev debhelper dh-python devscripts lintian man-db; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

version=
upstream_version=
src=

copy_tree () {
  rm -rf "$out" && mkdir -p "$src" || return 1
  # the files git knows (as they are in the work tree) and the new ones it
  # does not ignore: no build directory, no in-tree configure output
  (cd "$here" && git ls-files -z --cached --others --exclude-standard |
     tar --null --files-from=- --ignore-failed-read -cf - 2> /dev/null) |
    tar -xf - -C "$src"
}

build_deps_installed () {
  (cd "$src" && dpkg-checkbuilddeps -P nocheck > /dev/null 2>&1) && return 0
  [ "$apt_updated" = no ] && { apt-get update -q > /dev/null || return 1; apt_updated=yes; }
  apt-get build-dep -y -q --no-install-recommends -P nocheck "$src"
}

# The source package too (an orig tarball of the copy without debian/, then
# dpkg-source), for lintian's checks of debian/ itself; before the build,
# which configures in the tree.
source_package () {
  (cd "$src" && tar --exclude=./debian -cJf "$out/libkpi_$upstream_version.orig.tar.xz" \
     --transform "s,^\.,libkpi-$upstream_version," .) || return 1
  (cd "$out" && dpkg-source -b "libkpi-$upstream_version" > "$out/source.log" 2>&1) ||
    { cat "$out/source.log"; return 1; }
  (cd "$out" && ls -- *.dsc)
}

build_packages () {
  echo "   log: $out/build.log"
  (cd "$src" &&
     DEB_BUILD_OPTIONS="nocheck parallel=2" DEB_BUILD_PROFILES=nocheck \
       dpkg-buildpackage -us -uc -b > "$out/build.log" 2>&1) ||
    { tail -n 40 "$out/build.log"; return 1; }
  grep -E "^dpkg-gensymbols: warning|^[+-] |^ kpi_" "$out/build.log" | head -n 20
  (cd "$out" && ls -- *.deb)
}

# lintian on the source package and the .changes (the .debs and the
# .buildinfo): no error and no warning; the info and pedantic tags are
# shown, not counted. (Not --show-overrides: lintian 2.116 then fails on
# the overridden warnings too.)
run_lintian () {
  local changes dsc
  changes=$(ls "$out"/libkpi_*_*.changes) && dsc=$(ls "$out"/libkpi_*.dsc) || return 1
  lintian --info --display-info --pedantic --fail-on error,warning \
    "$dsc" "$changes" > "$out/lintian.log" 2>&1
  local status=$?
  grep -v "^N:" "$out/lintian.log" | grep -v "running with root privileges" || true
  echo "   tags: $(grep -c '^[EWIP]:' "$out/lintian.log") (errors $(grep -c '^E:' "$out/lintian.log"), warnings $(grep -c '^W:' "$out/lintian.log")); log: $out/lintian.log"
  return $status
}

# apt installs the packages with what they depend on; --reinstall, so that a
# second run installs the packages just built even at the same version.
install_packages () {
  (cd "$out" && apt-get install -y -q --reinstall --no-install-recommends ./*.deb > "$out/install.log" 2>&1) ||
    { tail -n 20 "$out/install.log"; return 1; }
  dpkg-query -W -f='   ${Package} ${Version}\n' libkpi-1.0-0 libkpi-1.0-dev gir1.2-kpi-1.0 \
    libkpi-1.0-doc libkpi-tools python3-kpi-1.0
}

update_symbols_file () {
  local target="$here/debian/libkpi-1.0-0.symbols"
  (cd "$src" && dpkg-gensymbols -plibkpi-1.0-0 -Pdebian/libkpi-1.0-0 \
     -v"$upstream_version" -c0 -q -O"$target.new") || return 1
  mv "$target.new" "$target"
  echo "   $(grep -c '@Base' "$target") symbols in debian/libkpi-1.0-0.symbols"
}

start=$(date +%s)
stage "packaging tools" tools_installed || { summary; exit 1; }
version=$(dpkg-parsechangelog -l "$here/debian/changelog" -SVersion) &&
  [ -n "$version" ] || { echo "!! no version in debian/changelog"; failed=$((failed + 1)); summary; exit 1; }
upstream_version=${version%-*}
src="$out/libkpi-$upstream_version"
stage "copy of the tree in $src" copy_tree || { summary; exit 1; }
stage "build dependencies" build_deps_installed || { summary; exit 1; }
stage "source package" source_package
stage "dpkg-buildpackage -us -uc -b (nocheck)" build_packages || { summary; exit 1; }
if [ "$update_symbols" = yes ]; then
  stage "dpkg-gensymbols" update_symbols_file
fi
stage "lintian" run_lintian
stage "apt-get install ./*.deb" install_packages || { summary; exit 1; }

echo "== tests/installed/run.sh"
# the script clears the environment that leads into a build tree itself;
# from a directory of its own, with nothing of the tree on the paths
(cd / && env -u GI_TYPELIB_PATH -u LD_LIBRARY_PATH -u PYTHONPATH -u PKG_CONFIG_PATH \
   "$here/tests/installed/run.sh") | tee "$out/installed.log"
tests=$(tail -n 1 "$out/installed.log")
if [[ $tests =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
  passed=$((passed + BASH_REMATCH[1]))
  failed=$((failed + BASH_REMATCH[2]))
else
  echo "!! tests/installed/run.sh did not finish"
  failed=$((failed + 1))
fi
echo "== $(($(date +%s) - start)) s"
summary
