#!/usr/bin/env bash
# alerts.sh (tui): a couple with a safety alert is marked in the couples
# list, its screen carries a one-line banner with the reason and the
# suggestion to see each partner alone, and Today lists it; a calm couple
# gets none of these.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01
BEL=$OUT
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
OKA=$OUT
run session add "$OKA" --date 2026-11-20T10:00
"$DYAD" measure "$OUT" felt_safety 2 --partner a >/dev/null
"$DYAD" measure "$OUT" felt_safety 8 --partner b >/dev/null
run session add "$BEL" --date 2026-11-20T12:00
"$DYAD" measure "$OUT" felt_safety 7 --partner a >/dev/null
"$DYAD" measure "$OUT" felt_safety 8 --partner b >/dev/null

tui_start
tui_expect "Today has a part for safety alerts" "Safety alerts (for you only)"
tui_expect "Today lists the alerted couple with the reason" "Maya Okafor: felt safety 2/10 on 20 Nov"
alerts_part() { tui_screen | sed -n '/Safety alerts (for you only)/,/Homework due/p'; }
expect "Today lists the alerted couple under it" sh -c "printf '%s' \"\$1\" | grep -q 'Okafor & Reyes'" _ "$(alerts_part)"
expect "Today does not list the calm couple there" sh -c "! printf '%s' \"\$1\" | grep -q 'Bello & Lindqvist'" _ "$(alerts_part)"
tui_to_couples
tui_expect "the couples list says what its mark means" "! a safety alert"
expect "the alerted couple's row is marked in the margin" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q '^!Okafor & Reyes'"
expect "the calm couple's row is not" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q '^ Bello & Lindqvist'"
tui_keys Down
tui_keys Enter
tui_expect "the couple screen carries the alert banner" "! Safety alert, check in with each partner alone: Maya Okafor: felt safety 2/10 on 20 Nov"
tui_keys q
tui_wait "active couples"
tui_keys Up
tui_keys Enter
tui_wait "Aisha Bello"
expect "the calm couple's screen has no banner" sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q '! Safety alert'"
tui_finish "dyad quits cleanly after showing alerts"
