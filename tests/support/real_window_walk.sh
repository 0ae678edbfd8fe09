#!/usr/bin/env bash
# The nurse's path in the real window, with real X input (issue 13): the program under Xvfb, driven by
# xdotool as a person drives it. She signs in on the sign-in screen, clicks "+ New visit", types the
# patient, and types times into the set-up's Start and Stop fields:
#   Start "0905" (click, type, Tab)           saved as 09:05 on the visit's day
#   Stop  "23:50" (Tab, type, Tab)            later than now: refused, stays in the field with the reason
#   Stop  "10:7" (click, type, Enter)         unreadable: stays in the field, framed red, with the reason
#   Stop  now + 5 min (click, type, Tab)      saved, and the reason goes away: the pump's clock runs ahead, and
#                                             this clinic allows 10 minutes ([signing] clock_skew_minutes)
# What was saved is read from outside, through the program's command line (`visits show`), while the
# window is still open; the window is photographed with the unreadable entry (OUT/nurse-walk.png) and at
# the end (OUT/nurse-walk-end.png).
#
# Nothing waits on a guess: with INFUSIONDOC_UI_PROBE the window writes, after each frame, what it saw of
# the input (keys and button down, the pointer, characters received), where each named control is and what
# each time field holds (src/ui/ui_probe.hpp). Controls are clicked by name; the pointer rests until a frame
# saw it over the control; every key and button is held down until a frame saw it down (ImGui 1.86 reads
# key state once a frame, so a press and release within one frame is lost); typing is done when every
# character arrived; and every step waits, with a deadline, for what the screen or the database must show.
#
# At the end, a refused entry stands in Stop and the window is closed by its close button (WM_DELETE_WINDOW, the
# helper tests/platform/wm_close.cpp): it asks first; Stay keeps the entry; Discard and close ends the
# program by itself, exit 0, its layout (imgui.ini) written (OUT/close-question.png).
#
# Usage: real_window_walk.sh PROGRAM CONFIG_DIR OUT_DIR WM_CLOSE  (needs xvfb-run, xdotool, ImageMagick's import)
set -euo pipefail

# ---- inside Xvfb: the walk -------------------------------------------------------------------------
if [[ ${1:-} == --inside ]]; then
  program=$2 out=$3 zone=$4 wm_close=$5
  common=(--config "$out/config" --db "$out/clinic.db")
  probe=$out/probe.txt
  today=$(TZ="$zone" date +%Y-%m-%d)
  pid=""
  # A walk that fails leaves the window to SIGTERM; one that passes closes it with its close button.
  finish() {
    if [[ -n $pid ]]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
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
  probe_line() { grep -m1 "^$1"$'\t' "$probe" 2>/dev/null || true; }
  rect() { awk -F'\t' -v n="$1" '$1 == "rect" && $2 == n { print int(($3 + $5) / 2), int(($4 + $6) / 2); found = 1 }
                                  END { exit !found }' "$probe" 2>/dev/null; }
  shown() { rect "$1" >/dev/null; }
  focused() { [[ $(probe_line focus) == "focus"$'\t'"$1" ]]; }
  typing() { [[ $(probe_line typing) == "typing"$'\t'"1" ]]; }
  characters() { probe_line characters | cut -f2; }
  characters_past() { (($(characters) >= $1)); }
  # What ImGui saw in its last frame: a key (GLFW_KEY_* code) or the left button down, the pointer at x y.
  key_down() { [[ $(probe_line keys)$'\t' == *$'\t'"$1"$'\t'* ]]; }
  key_up() { ! key_down "$1"; }
  button_is() { [[ $(probe_line mouse | cut -f4) == "$1" ]]; }
  pointer_at() { [[ $(probe_line mouse | cut -f2,3) == "$1"$'\t'"$2" ]]; }
  # time_field FIELD: "TEXT<tab>MESSAGE" of a time field as the screen shows it.
  time_field() { awk -F'\t' -v f="$1" '$1 == "time" && $2 == f { print $3 "\t" $4 }' "$probe"; }
  field_text_is() { [[ $(time_field "$1" | cut -f1) == "$2" ]]; }
  # click NAME: the pointer onto the control, and only once ImGui has drawn a frame with it there (it
  # must see the hover first), the button down until a frame saw it down, then up likewise.
  click() {
    wait_until "\"$1\" on screen" shown "$1"
    local x y
    read -r x y < <(rect "$1")
    xdotool mousemove --window "$win" "$x" "$y"
    wait_until "the pointer at $x,$y over $1" pointer_at "$x" "$y"
    xdotool mousedown 1
    wait_until "the button down over $1" button_is 1
    xdotool mouseup 1
    wait_until "the button up over $1" button_is 0
  }
  # key NAME: held until a frame saw it down (ImGui 1.86 loses a press and release within one frame).
  key() {
    local code
    case $1 in
      Tab) code=258 ;;
      Return) code=257 ;;
      *) fail "key(): no GLFW code for $1" ;;
    esac
    xdotool keydown "$1"
    wait_until "$1 down" key_down "$code"
    xdotool keyup "$1"
    wait_until "$1 up" key_up "$code"
  }
  # type_text TEXT: only while a text field has the keyboard (otherwise ImGui drops the characters), and
  # done when the window has received every one.
  type_text() {
    wait_until "a text field with the keyboard" typing
    local before
    before=$(characters)
    xdotool type --delay 30 "$1"
    wait_until "the window to receive \"$1\"" characters_past $((before + ${#1}))
  }
  # scroll_to NAME ANCHOR: turns the mouse wheel over ANCHOR's scrolling pane until NAME is on screen,
  # then a notch more so all of it is (the probe lists what is even partly in view).
  scroll_to() {
    shown "$1" && return 0
    local x y notches=0 before
    read -r x y < <(rect "$2") || fail "\"$2\" is not on screen to scroll over"
    xdotool mousemove --window "$win" "$x" "$y"
    wait_until "the pointer over $2" pointer_at "$x" "$y"
    until shown "$1"; do
      ((++notches <= 40)) || fail "\"$1\" did not come into view"
      before=$(frame)
      xdotool click 5
      wait_until "a frame after the wheel" frame_past $((before + 2))
    done
    before=$(frame)
    xdotool click 5
    wait_until "a frame after the wheel" frame_past $((before + 2))
  }
  window_has_keyboard() { [[ $(xdotool getwindowfocus 2>/dev/null) == "$win" ]]; }
  # photograph NAME: OUT/NAME.png once two more frames are on screen (the probe is written before a frame
  # is shown). An idle window draws nothing (it sleeps until input or the idle lock's deadline), so the
  # pointer is nudged a pixel and back: input, as a hand resting on the mouse gives, buys a few frames.
  photograph() {
    local before
    before=$(frame)
    xdotool mousemove_relative -- 1 0 mousemove_relative -- -1 0
    wait_until "two more frames" frame_past $((before + 2))
    import -window root "$out/$1.png"
  }
  # stored FIELD: the visit's pump_setups[0].FIELD as the database holds it, read by the command line.
  stored() {
    "$program" "${common[@]}" --user rn.okafor --password-file "$out/nurse.pw" visits show "$visit" --format toml |
      awk -v k="$1" '$1 == k && $2 == "=" && !done { print $3; done = 1 }'
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
    --patient MRN-880001 | awk 'NR == 2 { print $1 }')
  [[ -n $visit ]] || fail "the new visit for MRN-880001 is not in the database"

  # Start: scrolled to with the wheel, a click into the field, HHMM, Tab.
  scroll_to pump_setups[0].start substances[0].dose
  click pump_setups[0].start
  type_text "0905"
  wait_until "0905 in the Start field" field_text_is pump_setups[0].start 0905
  key Tab
  wait_until "Start saved as 09:05" stored_is start "${today}T09:05:00"

  # Stop, by keyboard: the Tab out of a typed Start goes past its "Now" (Enter there replaced the time just
  # typed) into Stop; a time later than now is refused there.
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
  photograph nurse-walk

  # Fixed with the stop read off the pump, whose clock runs 5 minutes ahead of this computer's: within
  # the clinic's clock skew (10 minutes here, not the default 2), so saved, and the reason goes away.
  click pump_setups[0].stop
  stop=$(TZ="$zone" date -d "+5 minutes" +%H:%M)
  type_text "$stop"
  key Tab
  wait_until "Stop saved as $stop" stored_is stop "${today}T${stop}:00"
  wait_until "the reason gone" eval '! shown pump_setups[0].stop.message'
  field_text_is pump_setups[0].stop "$stop" || fail "Stop shows $(time_field pump_setups[0].stop)"
  photograph nurse-walk-end

  # Closing the window with the close button (WM_DELETE_WINDOW, as a window manager sends it) while a
  # refused entry stands in Stop: the window asks first. "Stay and correct it" keeps the entry; closing
  # again and "Discard and close" ends the program by itself, exit 0, with its layout written (closing
  # read freed memory once, which AddressSanitizer turns into an abort here), and the saved stop as it was.
  click pump_setups[0].stop
  type_text "11:7"
  key Tab
  wait_until "11:7 refused" shown pump_setups[0].stop.message
  "$wm_close" "$win" || fail "wm_close could not reach the window"
  wait_until "the question before closing" shown leave.question
  photograph close-question
  click leave.stay
  wait_until "the question gone" eval '! shown leave.question'
  field_text_is pump_setups[0].stop "11:7" || fail "Stay lost the entry: $(time_field pump_setups[0].stop)"
  "$wm_close" "$win" || fail "wm_close could not reach the window"
  wait_until "the question before closing, again" shown leave.question
  click leave.discard
  status=0
  wait "$pid" || status=$?
  pid=""
  ((status == 0)) || fail "the program exited $status after \"Discard and close\""
  [[ -s $XDG_CONFIG_HOME/infusiondoc/imgui.ini ]] || fail "closing wrote no $XDG_CONFIG_HOME/infusiondoc/imgui.ini"
  stored_is stop "${today}T${stop}:00" || fail "the saved stop changed to $(stored stop)"
  echo "visit $visit: Start 09:05 saved; 23:50 and 10:7 refused in Stop with their reasons, not saved;" \
    "Stop $stop (5 min ahead, within the clinic's 10-minute clock skew) saved; closing with 11:7 refused" \
    "asked first, and Discard and close ended the program (exit 0, layout saved)"
  exit 0
fi

# ---- outside: a clinic whose clock reads about noon, then Xvfb ---------------------------------------
program=$1 config=$2 out=$3 wm_close=$4
rm -rf "$out" && mkdir -p "$out/home"
cp -r "$config" "$out/config"
# The clinic's zone is chosen so that it is noon to 1 pm there now: 09:05 and 10:35 have happened today,
# 23:50 has not, whatever the hour the test runs at.
hour=$(date -u +%H)
k=$((12 - 10#$hour))
if ((k > 0)); then zone="Etc/GMT-$k"; elif ((k < 0)); then zone="Etc/GMT+$((-k))"; else zone="Etc/GMT"; fi
sed -i "s|^time_zone = .*|time_zone = \"$zone\"|" "$out/config/clinic.toml"
grep -q "^time_zone = \"$zone\"" "$out/config/clinic.toml" || { echo "could not set the zone in clinic.toml" >&2; exit 1; }
# This clinic allows 10 minutes between clocks (the time fields must use it, not a fixed 2 minutes).
sed -i "s|^clock_skew_minutes = .*|clock_skew_minutes = 10|" "$out/config/coding-rules.toml"
grep -q "^clock_skew_minutes = 10" "$out/config/coding-rules.toml" || { echo "could not set the skew" >&2; exit 1; }
printf 'nurse-demo-1\n' >"$out/nurse.pw" && chmod 600 "$out/nurse.pw"
"$program" --config "$out/config" --db "$out/clinic.db" demo-data --visits 5 --days 1 >/dev/null
# The window's imgui.ini goes to a scratch home, not the user's.
HOME=$out/home XDG_CONFIG_HOME=$out/home/.config \
  timeout 100 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" --inside "$program" "$out" "$zone" "$wm_close"
