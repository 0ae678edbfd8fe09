#!/usr/bin/env bash
# The real window is idle when nothing happens (issue 15): the nurse signed in on Today under Xvfb, with
# INFUSIONDOC_FRAME_TIMES recording every frame drawn. With no input for 5 seconds the window draws no
# frame at all (it sleeps until input or the idle lock's deadline, 5 minutes away); a pointer move
# wakes it and draws a few frames; then it sleeps again.
#
# Usage: idle_window.sh PROGRAM CONFIG_DIR OUT_DIR     (needs xvfb-run and xdotool)
set -euo pipefail

if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3
  frames=$out/frames.txt
  pid=""
  finish() { [[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
  trap finish EXIT
  fail() { echo "FAIL: $*" >&2; echo "--- window log:" >&2; cat "$out/window.log" >&2; exit 1; }
  # 0 until the window has drawn its first frame (the window can be mapped before the file exists).
  count() { if [[ -f $frames ]]; then wc -l <"$frames"; else echo 0; fi; }
  INFUSIONDOC_FRAME_TIMES=$frames "$program" --config "$out/config" --db "$out/clinic.db" --user rn.okafor \
    --password-file "$out/nurse.pw" >"$out/window.log" 2>&1 &
  pid=$!
  win=$(timeout 60 xdotool search --sync --onlyvisible --name '^InfusionDoc') || fail "no window appeared"
  win=${win%%$'\n'*}
  # Settled: no new frame for a whole second (the first frames lay the screen out and load the list).
  settled=0
  for ((i = 0; i < 60 && settled == 0; ++i)); do
    before=$(count)
    sleep 1
    ((before > 0 && $(count) == before)) && settled=1
  done
  ((settled)) || fail "the window kept drawing for a minute without input ($(count) frames)"
  before=$(count)
  sleep 5
  idle=$(($(count) - before))
  ((idle == 0)) || fail "$idle frames drawn in 5 seconds without input (signed in on Today)"
  xdotool mousemove --window "$win" 600 50 mousemove --window "$win" 620 52
  for ((i = 0; i < 100 && $(count) == before; ++i)); do sleep 0.1; done
  woken=$(($(count) - before))
  ((woken > 0)) || fail "a pointer move drew no frame"
  sleep 2
  after=$(count)
  sleep 3
  (($(count) == after)) || fail "$(($(count) - after)) frames drawn in 3 seconds after the input had settled"
  echo "idle: 0 frames in 5 s without input; a pointer move drew $woken frames, then none for 3 s"
  exit 0
fi

program=$1 config=$2 out=$3
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
"$program" --config "$out/config" --db "$out/clinic.db" demo-data --visits 30 --days 1 >/dev/null
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 100 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out"
