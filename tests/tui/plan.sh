#!/usr/bin/env bash
# plan.sh: the new-session form books a session dated ahead as planned
# (its attendance starts at "both", which cannot be true of a day to come),
# and records one dated today or earlier as held.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Brennan & Cho" --partner "Ava Brennan" --partner "Min Cho" --intake 2026-10-01
CID=$OUT
state_of() {
	sqlite3 "$DYAD_DB" "SELECT planned || ' ' || attendance FROM session WHERE starts_at = '$1'"
}

tui_start
tui_to_couples
tui_keys Enter
tui_expect "the couple opens" "No sessions yet"
tui_keys a
tui_expect "a opens the new-session form" "New session"
tui_keys C-u
tui_type "2026-12-05 10:00"
tui_keys Enter
tui_expect "a session dated ahead is booked, and the screen says so" "Session planned."
tui_expect "its header reads as planned" "planned, not held yet"
expect "it is stored as planned" test "$(state_of 2026-12-05T10:00)" = "1 both"

tui_keys q
tui_expect "back on the couple" "Brennan & Cho"
tui_keys a
tui_expect "the form opens again" "New session"
tui_keys C-u
tui_type "2026-11-27 10:00"
tui_keys Enter
tui_expect "a session already past is recorded as held" "Session added. Press e to write its note."
expect "it is stored as held by both" test "$(state_of 2026-11-27T10:00)" = "0 both"
tui_finish "dyad quits cleanly"
