#!/usr/bin/env bash
# The real window is idle when nothing happens (issue 15): the nurse signed in on Today under Xvfb, with
# INFUSIONDOC_FRAME_TIMES recording every frame the window makes. With no input for 5 seconds the window
# makes no frame at all (it sleeps until input or the idle lock's deadline, 5 minutes away); a pointer
# move wakes it for a few frames; then it sleeps again.
#
# A frame whose picture is the one on screen is not drawn (platform/changed_area.hpp): the pointer
# moving over empty space wakes the window but draws nothing; moving onto the "+ New visit" button draws
# it highlighted, and moving away draws it plain again. What the screen shows is read from the screen
# itself (a screenshot of the X display), not from the program: a change that never reached the screen
# would fail here.
#
# Usage: idle_window.sh PROGRAM CONFIG_DIR OUT_DIR     (needs xvfb-run, xdotool and ImageMagick)
set -euo pipefail

if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3
  frames=$out/frames.txt probe=$out/probe.txt
  pid=""
  finish() { [[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
  trap finish EXIT
  fail() { echo "FAIL: $*" >&2; echo "--- window log:" >&2; cat "$out/window.log" >&2; exit 1; }
  # 0 until the window has drawn its first frame (the window can be mapped before the file exists).
  count() { if [[ -f $frames ]]; then wc -l <"$frames"; else echo 0; fi; }
  drawn() { if [[ -f $frames ]]; then awk -F'\t' '$3 == 1' "$frames" | wc -l; else echo 0; fi; }
  # The button's left inner edge, beside its label, and its middle height: "X Y" on screen.
  beside_label() { awk -F'\t' -v n="$1" '$1 == "rect" && $2 == n { print $3 + 4, int(($4 + $6) / 2); exit }' "$probe"; }
  # The colour of the screen at X Y, as ImageMagick names it ("srgb(38,66,105)").
  screen_colour() {
    import -window root "$out/screen.png"
    convert "$out/screen.png" -format "%[pixel:p{$1,$2}]" info:
  }
  # Waits (5 s at most) until the window has made frames past `before` and then none for half a second.
  settle_after() {
    local n
    for ((i = 0; i < 50 && $(count) == $1; ++i)); do sleep 0.1; done
    n=$(count)
    while sleep 0.5 && (($(count) != n)); do n=$(count); done
  }
  INFUSIONDOC_FRAME_TIMES=$frames INFUSIONDOC_UI_PROBE=$probe "$program" --config "$out/config" --db "$out/clinic.db" --user rn.okafor \
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

  # The pointer over empty space again: the window wakes, and the picture is the one on screen.
  before=$(count) painted=$(drawn)
  xdotool mousemove --window "$win" 640 55 mousemove --window "$win" 660 57
  settle_after "$before"
  (($(count) > before)) || fail "a second pointer move woke no frame"
  (($(drawn) == painted)) || fail "$(($(drawn) - painted)) frames drawn for a pointer move that changed nothing"
  # Onto the button: drawn highlighted. Away again: drawn plain, as before.
  read -r bx by < <(beside_label new) || fail "the probe shows no '+ New visit' button"
  plain=$(screen_colour "$bx" "$by")
  before=$(count) painted=$(drawn)
  xdotool mousemove --window "$win" "$((bx + 20))" "$by"
  settle_after "$before"
  (($(drawn) > painted)) || fail "the pointer on the button drew no frame"
  lit=$(screen_colour "$bx" "$by")
  [[ $lit != "$plain" ]] || fail "the button under the pointer looks as it did without it ($plain): the change did not reach the screen"
  before=$(count) painted=$(drawn)
  xdotool mousemove --window "$win" 640 55
  settle_after "$before"
  (($(drawn) > painted)) || fail "the pointer leaving the button drew no frame"
  back=$(screen_colour "$bx" "$by")
  [[ $back == "$plain" ]] || fail "the button after the pointer left is $back, not $plain as before"
  echo "idle: 0 frames in 5 s without input; a pointer move drew $woken frames, then none for 3 s;" \
    "over empty space frames are made but not drawn; the button is drawn $lit under the pointer, $plain without"
  exit 0
fi

program=$1 config=$2 out=$3
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
"$program" --config "$out/config" --db "$out/clinic.db" demo-data --visits 30 --days 1 >/dev/null
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 100 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out"
