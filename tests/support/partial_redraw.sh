#!/usr/bin/env bash
# A frame draws again only the part of the window it changed (issue 15; platform/changed_area.hpp and
# platform/offscreen_picture.hpp), and what is on screen is then exactly what drawing the whole window
# gives. The nurse signed in on Today under Xvfb, with INFUSIONDOC_FRAME_TIMES recording how many pixels
# each frame drew. After each step (the pointer onto a button and off it, scrolling, typing a search,
# opening the new-visit dialog and typing in it, closing it) the X display's pixels are saved; then the
# window is unmapped and mapped again, which makes it draw the whole picture afresh; the two screens must
# not differ by one pixel. A change drawn in part that left a stale pixel anywhere would fail here.
#
# Usage: partial_redraw.sh PROGRAM CONFIG_DIR OUT_DIR     (needs xvfb-run, xdotool and ImageMagick)
set -euo pipefail

if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3
  frames=$out/frames.txt probe=$out/probe.txt
  whole=$((1280 * 800))
  pid=""
  finish() { [[ -n $pid ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; }
  trap finish EXIT
  fail() { echo "FAIL: $*" >&2; echo "--- window log:" >&2; cat "$out/window.log" >&2; exit 1; }
  count() { if [[ -f $frames ]]; then wc -l <"$frames"; else echo 0; fi; }
  # The pixels drawn by frames after line $1 of the frame file, one number per drawn frame.
  drawn_since() { awk -F'\t' -v n="$1" 'NR > n && $3 == 1 { print $4 }' "$frames"; }
  # Waits (5 s at most) until the window has made frames past `before` and then none for a second.
  settle_after() {
    local n
    for ((i = 0; i < 50 && $(count) == $1; ++i)); do sleep 0.1; done
    n=$(count)
    while sleep 1 && (($(count) != n)); do n=$(count); done
  }
  # ImGui 1.86 misses a key pressed and released within one frame: each is held for a moment.
  key() { xdotool keydown "$1"; sleep 0.15; xdotool keyup "$1"; }
  # Text arrives as characters, which ImGui queues: typed at a person's pace is enough.
  typed() { xdotool type --delay 120 "$1"; }
  checks=0 partial=0
  # same_as_whole STEP: the screen now equals the whole window drawn again.
  same_as_whole() {
    local step=$1 before differing
    import -window root "$out/$step-partial.png"
    before=$(count)
    xdotool windowunmap --sync "$win"
    xdotool windowmap --sync "$win"
    settle_after "$before"
    drawn_since "$before" | grep -qx "$whole" || fail "$step: mapping the window again did not draw it whole"
    import -window root "$out/$step-whole.png"
    differing=$(compare -metric AE "$out/$step-partial.png" "$out/$step-whole.png" "$out/$step-diff.png" 2>&1 || true)
    [[ $differing == 0 ]] ||
      fail "$step: $differing pixels on screen differ from the whole window drawn again (in red: $out/$step-diff.png)"
    checks=$((checks + 1))
  }
  # step NAME COMMAND...: runs the input, waits for the window to settle, and checks the screen. Counts
  # the steps whose frames all drew less than the whole window.
  step() {
    local name=$1 before most
    shift
    before=$(count)
    "$@"
    settle_after "$before"
    most=$(drawn_since "$before" | sort -n | tail -1)
    [[ -n $most ]] || fail "$name: the input drew no frame"
    ((most < whole)) && partial=$((partial + 1))
    last_most=$most
    echo "$name: the largest frame drew $most of $whole pixels"
    same_as_whole "$name"
  }

  INFUSIONDOC_FRAME_TIMES=$frames INFUSIONDOC_UI_PROBE=$probe "$program" --config "$out/config" --db "$out/clinic.db" \
    --user rn.okafor --password-file "$out/nurse.pw" >"$out/window.log" 2>&1 &
  pid=$!
  win=$(timeout 60 xdotool search --sync --onlyvisible --name '^InfusionDoc') || fail "no window appeared"
  win=${win%%$'\n'*}
  settle_after 0
  read -r bx by < <(awk -F'\t' '$1 == "rect" && $2 == "new" { print $3 + 20, int(($4 + $6) / 2); exit }' "$probe") ||
    fail "the probe shows no '+ New visit' button"

  # The pointer starts where Xvfb puts it (over some row): first beside the title, over nothing.
  before=$(count)
  xdotool mousemove --window "$win" 640 55
  settle_after "$before"
  step onto_button xdotool mousemove --window "$win" "$bx" "$by"
  ((last_most < whole / 20)) || fail "lighting the button drew $last_most pixels: more than a twentieth of the window"
  step off_button xdotool mousemove --window "$win" 640 55
  step scroll xdotool mousemove --window "$win" 640 420 click 5 click 5 click 5
  step over_rows xdotool mousemove --window "$win" 600 300 mousemove --window "$win" 600 360
  step search_typed eval 'xdotool mousemove --window "$win" 170 112 click 1; sleep 0.3; typed MRN'
  step search_cleared eval 'key BackSpace; key BackSpace; key BackSpace'
  step dialog_open xdotool mousemove --window "$win" "$bx" "$by" click 1
  step dialog_typed typed MRN-900001
  step dialog_closed key Escape
  ((partial >= 3)) || fail "only $partial of the steps drew less than the whole window"
  echo "partial redraw: $checks screens equal to the whole window drawn again; $partial steps drew only a part"
  exit 0
fi

program=$1 config=$2 out=$3
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
"$program" --config "$out/config" --db "$out/clinic.db" demo-data --visits 60 --days 1 >/dev/null
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 170 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out"
