#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the storage tests (issue 14): its own cluster in a fresh temporary
# folder, reachable only through a Unix socket in that folder (no TCP port), stopped and removed by `stop`.
#
#   pg_cluster.sh start STATE   initdb + start; writes the socket folder to the file STATE
#   pg_cluster.sh stop STATE    stops the server and removes its folder and STATE
#
# initdb and postgres refuse to run as root, and the tests also run as root in CI: then the cluster
# belongs to `nobody` and both run under setpriv as that user. Root still reaches the socket.
# The superuser is `infusiondoc_test_admin`; `infusiondoc_owner` (owns each test database and runs the
# migrations) and `infusiondoc_app` (the least-privilege role of docs/storage.md) are created here once.
# fsync is off: a crash of this server loses nothing anyone needs, and it makes the tests fast.
set -euo pipefail
action=${1:?usage: pg_cluster.sh start|stop STATE}
state=${2:?usage: pg_cluster.sh start|stop STATE}

bindir=""
for candidate in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir || true)" /usr/lib/postgresql/15/bin; do
  if [[ -n $candidate && -x $candidate/initdb && -x $candidate/pg_ctl ]]; then bindir=$candidate; break; fi
done
if [[ -z $bindir ]]; then
  echo "pg_cluster.sh: PostgreSQL 15 is not installed (initdb, pg_ctl); run scripts/install-deps" >&2
  exit 1
fi

as_owner=()
if [[ $(id -u) == 0 ]]; then as_owner=(setpriv --reuid=nobody --regid=nogroup --clear-groups --); fi

stop_cluster() {
  local dir=$1
  [[ -d $dir ]] || return 0
  if [[ -f $dir/data/postmaster.pid ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start)
    # A cluster left by an interrupted run is stopped first, so it never lingers.
    if [[ -f $state ]]; then stop_cluster "$(cat "$state")"; rm -f "$state"; fi
    dir=$(mktemp -d /tmp/infusiondoc-pg.XXXXXX)
    chmod 0755 "$dir"
    if ((${#as_owner[@]})); then chown nobody:nogroup "$dir"; fi
    trap 'stop_cluster "$dir"' ERR
    # The socket folder is the cluster folder itself: owner-only in effect (no TCP), trust auth inside.
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U infusiondoc_test_admin --auth=trust -E UTF8 \
      --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
          -c max_connections=100 -c shared_buffers=32MB" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    "$bindir/psql" -h "$dir" -U infusiondoc_test_admin -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE infusiondoc_owner LOGIN" -c "CREATE ROLE infusiondoc_app LOGIN" >/dev/null
    printf '%s\n' "$dir" >"$state"
    ;;
  stop)
    if [[ -f $state ]]; then stop_cluster "$(cat "$state")"; rm -f "$state"; fi
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop STATE" >&2
    exit 2
    ;;
esac
