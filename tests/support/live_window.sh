#!/usr/bin/env bash
# Live lists in the real window (issue 14): the nurse signed in on Today under Xvfb, idle. Another process
# (a second workstation on the same SQLite file: here `infusiondoc import`) documents a visit for today;
# the window shows it within 2 seconds with no input and no restart, and draws no frame while nothing
# changes, before or after (it asks only PRAGMA data_version once a second).
#
# With PG_STATE (the tests' PostgreSQL server, tests/support/pg_cluster.sh), the same on a fresh database
# on that server: the window and the import are two workstations connected as the application role, and
# the window learns of the import by LISTEN/NOTIFY (it reads only what the server has already sent).
#
# Usage: live_window.sh PROGRAM CONFIG_DIR OUT_DIR [PG_STATE]     (needs xvfb-run and xdotool)
set -euo pipefail

if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3
  mapfile -t db <"$out/db-args"  # one argument a line: a connection string has spaces
  frames=$out/frames.txt probe=$out/probe.txt
  pid=""
  finish() { [[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
  trap finish EXIT
  fail() { echo "FAIL: $*" >&2; echo "--- window log:" >&2; cat "$out/window.log" >&2; exit 1; }
  # 0 until the window has drawn its first frame (the window can be mapped before the file exists).
  count() { if [[ -f $frames ]]; then wc -l <"$frames"; else echo 0; fi; }
  rows() { grep -c $'^rect\tvisit\\.[0-9]' "$probe" || true; }
  INFUSIONDOC_FRAME_TIMES=$frames INFUSIONDOC_UI_PROBE=$probe "$program" --config "$out/config" \
    "${db[@]}" --user rn.okafor --password-file "$out/nurse.pw" >"$out/window.log" 2>&1 &
  pid=$!
  timeout 60 xdotool search --sync --onlyvisible --name '^InfusionDoc' >/dev/null || fail "no window appeared"
  settled=0
  for ((i = 0; i < 60 && settled == 0; ++i)); do
    before=$(count)
    sleep 1.5
    ((before > 0 && $(count) == before)) && settled=1
  done
  ((settled)) || fail "the window kept drawing for a minute without input ($(count) frames)"
  (($(rows) == 0)) || fail "Today lists a visit before any was documented"
  before=$(count)
  sleep 3
  (($(count) == before)) || fail "$(($(count) - before)) frames drawn in 3 seconds with nothing changed"

  # The other workstation documents a visit for today. Its commit lies between the import's start and
  # its exit: the window must show the visit within 2 s of the exit, and says how long after each.
  start=$EPOCHREALTIME
  "$program" --config "$out/config" "${db[@]}" --user rn.lindqvist --password-file "$out/other.pw" \
    import "$out/today.toml" >"$out/import.log" 2>&1 || { cat "$out/import.log" >&2; fail "import failed"; }
  exited=$EPOCHREALTIME
  for ((i = 0; i < 100 && $(rows) == 0; ++i)); do sleep 0.05; done
  seen=$EPOCHREALTIME
  (($(rows) == 1)) || fail "the visit documented elsewhere is not on Today 5 s after the import"
  took=$(awk -v a="$exited" -v b="$seen" 'BEGIN { printf "%.2f", b - a }')
  whole=$(awk -v a="$start" -v b="$seen" 'BEGIN { printf "%.2f", b - a }')
  awk -v t="$took" 'BEGIN { exit !(t <= 2.0) }' || fail "the visit documented elsewhere took $took s to show"
  sleep 1.5
  after=$(count)
  sleep 3
  (($(count) == after)) || fail "$(($(count) - after)) frames drawn in 3 seconds after the change was shown"
  echo "live: another workstation's visit on Today $took s after its import exited ($whole s after it started);" \
    "no frame while nothing changed"
  exit 0
fi

program=$1 config=$2 out=$3 pg_state=${4:-}
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
printf 'nurse-demo-2\n' >"$out/other.pw" && chmod 600 "$out/other.pw"
if [[ -n $pg_state ]]; then
  socket=$(cat "$pg_state")
  name=live_window_$$
  admin=(psql -h "$socket" -U infusiondoc_test_admin -d postgres -v ON_ERROR_STOP=1 -q)
  "${admin[@]}" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name OWNER infusiondoc_owner" >/dev/null
  trap '"${admin[@]}" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
  # The owner creates the schema and the accounts; the workstations connect as the application role.
  "$program" --config "$out/config" --db-url "host=$socket dbname=$name user=infusiondoc_owner" users demo >/dev/null
  printf '%s\n' --db-url "host=$socket dbname=$name user=infusiondoc_app" >"$out/db-args"
else
  "$program" --config "$out/config" --db "$out/clinic.db" users demo >/dev/null
  printf '%s\n' --db "$out/clinic.db" >"$out/db-args"
fi
# A visit of today in the clinic's zone, early in the day (documented times are never in the future).
zone=$(awk -F'"' '/^time_zone/ { print $2; exit }' "$out/config/clinic.toml")
day=$(TZ=$zone date +%Y-%m-%d)
cat >"$out/today.toml" <<VISIT
format = "infusiondoc-visit-1"

[patient]
id = "MRN-LIVE01"
name = "Live, List"

[visit]
clinician = "rn.lindqvist"
time_zone = "$zone"

[[substances]]
name = "Hizentra"
dose = 8.0
unit = "g"

[[pump_setups]]
pump = "Freedom60"
start = ${day}T00:05:00
VISIT
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 100 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out"
