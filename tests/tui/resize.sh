#!/usr/bin/env bash
# resize.sh: the screens redraw at any size down to 60x16, below that say
# the terminal is too small (and never crash), and NO_COLOR or a
# monochrome terminal give the same screens without colour.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run init --demo
expect_rc "the demo practice is created" 0

# Every line of the screen fits the width (display columns, wide
# characters counted twice).
fits() {
	tui_screen | /usr/bin/python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
sys.exit(0 if all(width(l.rstrip("\n")) <= w for l in sys.stdin) else 1)' "$1"
}

tui_start
tui_to_couples
tui_expect "the list opens at 100x30" "Yamada & Mori"
tui_keys /
tui_type "yamada"
tui_keys Enter
tui_wait "newest first"
tui_keys Enter
tui_expect "a session opens at 100x30 with its scale column" "Scale"
tui_resize 60 16
tui_expect_gone "at 60x16 the scale column makes way" "Scale"
tui_expect "at 60x16 the ratings are still there" "Sentiment override"
tui_expect "and the partners' columns" "A  山田 花子"
tui_expect "and the keys" "? help"
expect "nothing is drawn past the 60th column" fits 60
tui_keys j
tui_expect "keys still work at 60x16" "Flooding: episodes (0 to 20)"
tui_resize 50 12
tui_expect "below 60x16 the screen says the terminal is too small" "The terminal is too small."
tui_expect "and how big it needs to be" "dyad needs at least 60x16"
tui_keys j j
tui_resize 100 30
tui_expect "back at 100x30 the session returns whole" "Scale"
tui_expect "where it was" "Flooding: episodes (0 to 20)"
tui_resize 60 16
tui_keys q
tui_expect "the couple screen fits 60x16" "Partner A  山田 花子"
expect "the couple screen draws nothing past the 60th column" fits 60
tui_keys q
tui_expect "the couples list fits 60x16" "Yamada & Mori"
expect "the list draws nothing past the 60th column" fits 60
tui_keys '?'
tui_expect "help fits 60x16" "Keys on the couples list"
tui_finish "after all that resizing dyad quits cleanly"

# --- colour, NO_COLOR and a monochrome terminal ------------------------------------------------
colour_codes() { tmx capture-pane -p -e -t 0 | grep -c -E $'\e\\[[0-9;]*(3[0-7]|4[0-7])[;m]'; }
tui_start
tui_to_couples
tui_wait "Yamada & Mori"
expect "with colours allowed, the title bar is coloured" test "$(colour_codes)" -gt 0
tui_finish "dyad quits cleanly"
tui_start NO_COLOR=1
tui_to_couples
tui_wait "Yamada & Mori"
expect "NO_COLOR turns every colour off" test "$(colour_codes)" = 0
tui_keys Enter
tui_expect "and the screens still work" "Partner A"
tui_finish "dyad quits cleanly without colour"
tui_start TERM=vt100
tui_to_couples
tui_expect "a monochrome terminal (vt100) shows the list" "Yamada & Mori"
expect "in monochrome no colour is sent" test "$(colour_codes)" = 0
tui_keys Enter
tui_expect "and the screens work" "Partner A"
tui_finish "dyad quits cleanly on a monochrome terminal"
