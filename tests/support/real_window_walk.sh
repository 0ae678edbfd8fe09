#!/usr/bin/env bash
# The nurse's path in the real window, with real X input (issue 13): the program under Xvfb, driven by
# xdotool as a person drives it. She signs in on the sign-in screen, clicks "+ New visit", types the
# patient, and types times into the set-up's Start and Stop fields:
#   Start "0905" (click, type, Tab)           saved as 09:05 on the visit's day
#   Stop  "23:50" (Tab Tab, type, Tab)        later than now: refused, stays in the field with the reason
#   Stop  "10:7" (click, type, Enter)         unreadable: stays in the field, framed red, with the reason
#   Stop  "10:35" (click, type, Tab)          saved; the reason goes away
# What was saved is read from outside, through the program's command line (`visits show`), while the
# window is still open; the window is photographed with the unreadable entry (OUT/nurse-walk.png) and at
# the end (OUT/nurse-walk-end.png).
#
# Nothing waits on a guess: with INFUSIONDOC_UI_PROBE the window writes, after each frame, its frame
# number, where each named control is and what each time field holds (src/ui/ui_probe.hpp). Controls are
# clicked by name; every key and button is held down until the window has drawn two frames with it down
# (ImGui 1.86 reads key state once a frame, so a press and release within one frame is lost), and every
# step waits, with a deadline, for what the screen or the database must then show.
#
# Usage: real_window_walk.sh PROGRAM CONFIG_DIR OUT_DIR     (needs xvfb-run, xdotool, ImageMagick's import)
set -euo pipefail

# ---- inside Xvfb: the walk -------------------------------------------------------------------------
if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3 zone=$4
  common=(--config "$out/config" --db "$out/clinic.db")
  probe=$out/probe.txt
  today=$(TZ="$zone" date +%Y-%m-%d)
  pid=""
  finish() {
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    return 0
  }
  trap finish EXIT
  fail() {
    echo "FAIL: $*" >&2
    import -window root "$out/failure.png" 2>/dev/null && echo "the screen at the failure: $out/failure.png" >&2
    echo "--- last probe:" >&2 && cat "$probe" >&2 2>/dev/null
    echo "--- window log:" >&2 && cat "$out/window.log" >&2
    exit 1
  }
  # wait_until DESCRIPTION COMMAND...: retries COMMAND until it succeeds, for at most 20 s.
  wait_until() {
    local what=$1 deadline=$((SECONDS + 20))
    shift
    until "$@"; do
      ((SECONDS < deadline)) || fail "timed out waiting for: $what"
      sleep 0.05
    done
  }
  frame() { awk -F'\t' '$1 == "frame" { print $2; found = 1; exit } END { if (!found) print 0 }' "$probe" 2>/dev/null; }
  frame_past() { (($(frame) >= $1)); }
  # Two more frames drawn: the window has seen what was just done.
  settle() {
    local target=$(($(frame) + 2))
    wait_until "two frames" frame_past "$target"
  }
  rect() { awk -F'\t' -v n="$1" '$1 == "rect" && $2 == n { print int(($3 + $5) / 2), int(($4 + $6) / 2); found = 1 }
                                  END { exit !found }' "$probe" 2>/dev/null; }
  shown() { rect "$1" >/dev/null; }
  focused() { grep -q -x -F "focus"$'\t'"$1" "$probe"; }
  # time_field FIELD: "TEXT<tab>MESSAGE" of a time field as the screen shows it.
  time_field() { awk -F'\t' -v f="$1" '$1 == "time" && $2 == f { print $3 "\t" $4 }' "$probe"; }
  field_text_is() { [[ $(time_field "$1" | cut -f1) == "$2" ]]; }
  # scroll_to NAME ANCHOR: turns the mouse wheel over ANCHOR's scrolling pane until NAME is on screen,
  # then a notch more so all of it is (the probe lists what is even partly in view).
  scroll_to() {
    shown "$1" && return 0
    local x y notches=0
    read -r x y < <(rect "$2") || fail "\"$2\" is not on screen to scroll over"
    xdotool mousemove --window "$win" "$x" "$y"
    settle
    until shown "$1"; do
      ((++notches <= 40)) || fail "\"$1\" did not come into view"
      xdotool click 5
      settle
    done
    xdotool click 5
    settle
  }
  click() {
    wait_until "\"$1\" on screen" shown "$1"
    local x y
    read -r x y < <(rect "$1")
    xdotool mousemove --window "$win" "$x" "$y"
    settle  # ImGui must have seen the pointer over the control before the button goes down
    xdotool mousedown 1
    settle
    xdotool mouseup 1
    settle
  }
  key() {
    xdotool keydown "$1"
    settle
    xdotool keyup "$1"
    settle
  }
  typing() { grep -q -x -F "typing"$'\t'"1" "$probe"; }
  # Characters reach ImGui only while a text field has the keyboard; otherwise they are dropped.
  type_text() {
    wait_until "a text field with the keyboard" typing
    xdotool type --delay 30 "$1"
    settle
  }
  window_has_keyboard() { [[ $(xdotool getwindowfocus 2>/dev/null) == "$win" ]]; }
  # stored FIELD: the visit's pump_setups[0].FIELD as the database holds it, read by the command line.
  stored() {
    "$program" "${common[@]}" --user rn.okafor --password-file "$out/nurse.pw" visits show "$visit" --format toml |
      awk -v k="$1" '$1 == k && $2 == "=" { print $3; exit }'
  }
  stored_is() { [[ $(stored "$1") == "$2" ]]; }

  INFUSIONDOC_UI_PROBE=$probe "$program" "${common[@]}" >"$out/window.log" 2>&1 &
  pid=$!
  win=$(timeout 30 xdotool search --sync --onlyvisible --name '^InfusionDoc') || fail "no window appeared"
  win=${win%%$'\n'*}
  # There is no window manager: the window takes the X keyboard focus itself when it is shown (GLFW).
  # Keys sent before that go elsewhere, which is how a walk loses its first letters.
  wait_until "the window to have the keyboard" window_has_keyboard

  # Sign in: the username field has the focus.
  wait_until "the sign-in screen" shown signin.username
  type_text "rn.okafor"
  key Tab
  type_text "nurse-demo-1"
  key Return
  wait_until "Today after signing in" shown new

  # A new visit, by mouse then keyboard.
  click new
  wait_until "the new-visit form" shown new.patient_id
  type_text "MRN-880001"
  key Tab
  type_text "Ekwueme, Ada"
  key Return
  wait_until "the visit screen" shown sign
  visit=$("$program" "${common[@]}" --user rn.okafor --password-file "$out/nurse.pw" visits list \
    --patient MRN-880001 | awk 'NR > 1 { print $1; exit }')
  [[ -n $visit ]] || fail "the new visit for MRN-880001 is not in the database"

  # Start: scrolled to with the wheel, a click into the field, HHMM, Tab.
  scroll_to pump_setups[0].start substances[0].dose
  click pump_setups[0].start
  type_text "0905"
  wait_until "0905 in the Start field" field_text_is pump_setups[0].start 0905
  key Tab
  wait_until "Start saved as 09:05" stored_is start "${today}T09:05:00"

  # Stop, by keyboard: Tab over "Now" into Stop; a time later than now is refused there.
  key Tab
  wait_until "the focus on Stop" focused pump_setups[0].stop
  type_text "23:50"
  key Tab
  wait_until "23:50 refused" shown pump_setups[0].stop.message
  [[ $(time_field pump_setups[0].stop) == $'23:50\tLater than now ('* ]] ||
    fail "23:50 should stay in Stop with \"Later than now\": $(time_field pump_setups[0].stop)"

  # An unreadable stop: it stays in the field, marked, with the reason; nothing is saved.
  click pump_setups[0].stop
  type_text "10:7"
  key Return
  wait_until "10:7 kept with its reason" field_text_is pump_setups[0].stop "10:7"
  wait_until "the reason for 10:7" shown pump_setups[0].stop.message
  [[ $(time_field pump_setups[0].stop) == $'10:7\t"10:7" is not a time'* ]] ||
    fail "10:7 should stay in Stop with \"is not a time\": $(time_field pump_setups[0].stop)"
  [[ -z $(stored stop) ]] || fail "a refused stop was saved: $(stored stop)"
  stored_is start "${today}T09:05:00" || fail "Start changed to $(stored start)"
  settle
  import -window root "$out/nurse-walk.png"

  # Fixed: saved, and the reason goes away.
  click pump_setups[0].stop
  type_text "10:35"
  key Tab
  wait_until "Stop saved as 10:35" stored_is stop "${today}T10:35:00"
  wait_until "the reason gone" eval '! shown pump_setups[0].stop.message'
  field_text_is pump_setups[0].stop "10:35" || fail "Stop shows $(time_field pump_setups[0].stop)"
  import -window root "$out/nurse-walk-end.png"
  echo "visit $visit: Start 09:05 saved; 23:50 and 10:7 refused in Stop with their reasons, not saved; Stop 10:35 saved"
  exit 0
fi

# ---- outside: a clinic whose clock reads about noon, then Xvfb ---------------------------------------
program=$1 config=$2 out=$3
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
# The clinic's zone is chosen so that it is noon to 1 pm there now: 09:05 and 10:35 have happened today,
# 23:50 has not, whatever the hour the test runs at.
hour=$(date -u +%H)
k=$((12 - 10#$hour))
if ((k > 0)); then zone="Etc/GMT-$k"; elif ((k < 0)); then zone="Etc/GMT+$((-k))"; else zone="Etc/GMT"; fi
sed -i "s|^time_zone = .*|time_zone = \"$zone\"|" "$out/config/clinic.toml"
grep -q "^time_zone = \"$zone\"" "$out/config/clinic.toml" || { echo "could not set the zone in clinic.toml" >&2; exit 1; }
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
"$program" --config "$out/config" --db "$out/clinic.db" demo-data --visits 5 --days 1 >/dev/null
# The window's imgui.ini goes to a scratch home, not the user's.
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 100 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out" "$zone"
