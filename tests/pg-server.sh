#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A throwaway PostgreSQL server for the tests.
#
#   pg-server.sh start DIR   creates a cluster in DIR/data (Debian's initdb),
#                            starts it listening only on a Unix socket in
#                            DIR (no TCP), fsync off, trust authentication
#                            for local connections, creates the database
#                            kpitest, and prints its connection string:
#                              host=DIR dbname=kpitest user=kpitest
#   pg-server.sh stop DIR    stops it and removes DIR/data
#   pg-server.sh status DIR  exit status 0 when it runs
#
# PostgreSQL refuses to run as root: run as root, the server runs as the
# system user kpitest (created when missing), DIR belonging to it.  When
# the binaries are missing and we are root, the postgresql package is
# installed with apt-get.  Exit status 77 (automake's "skip") when there is
# no PostgreSQL and it cannot be installed.

set -eu

usage () {
  echo "usage: $0 start|stop|status DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$2
user=kpitest

find_bindir () {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# Runs "$@" as the server's user (ourselves unless we are root)
as_user () {
  if [ "$(id -u)" -eq 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u "$user" -- "$@"
    else
      setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
    fi
  else
    "$@"
  fi
}

bindir=$(find_bindir || true)

case $action in
  start)
    if [ -z "$bindir" ]; then
      if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "pg-server: installing postgresql with apt-get" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 ||
          { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; } ||
          { echo "pg-server: cannot install postgresql" >&2; exit 77; }
        bindir=$(find_bindir || true)
      fi
      if [ -z "$bindir" ]; then
        echo "pg-server: no PostgreSQL server (Debian: apt-get install postgresql)" >&2
        exit 77
      fi
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" -eq 0 ]; then
      user=kpitest
      if ! id "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" 2>/dev/null ||
          adduser --system --no-create-home --group "$user" >/dev/null
      fi
      chown "$user" "$dir"
      # The server's user must reach DIR through its parents
      d=$dir
      while [ "$d" != / ]; do
        d=$(dirname "$d")
        chmod o+x "$d" 2>/dev/null || true
      done
    else
      user=$(id -un)
    fi
    if as_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "host=$dir dbname=kpitest user=$user"
      exit 0
    fi
    rm -rf "$dir/data"
    as_user "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync >"$dir/initdb.log" 2>&1 ||
      as_user "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=40" \
      start >/dev/null 2>&1 ||
      { cat "$dir/server.log" >&2; exit 1; }
    as_user "$bindir/createdb" -h "$dir" -U "$user" -O "$user" -E UTF8 kpitest >&2
    echo "host=$dir dbname=kpitest user=$user"
    ;;
  stop)
    [ -n "$bindir" ] || exit 0
    [ -d "$dir/data" ] || exit 0
    if [ "$(id -u)" -eq 0 ]; then user=kpitest; else user=$(id -un); fi
    as_user "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir/data"
    ;;
  status)
    [ -n "$bindir" ] || exit 3
    if [ "$(id -u)" -eq 0 ]; then user=kpitest; else user=$(id -un); fi
    as_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
    ;;
  *)
    usage
    ;;
esac
