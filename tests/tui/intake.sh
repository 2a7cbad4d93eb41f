#!/usr/bin/env bash
# intake.sh (tui): the intake and safety screening in the interface: the
# flag marks the couple in the list and puts a banner on its screen; the
# intake is read on the couple screen and edited in the editor by the same
# rules as the command line; screenings stay hidden until asked for, and
# showing them is audited; a screening is added with a small form; conflict
# exercises and signing before an intake ask a yes-or-no question first.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run intake "$CID" --concerns "Money arguments that escalate." --history "Together nine years." \
	--goal-a improve --goal-b clarify --confidentiality individual --referral "their GP"
run safety add "$CID" --partner b --date 2026-10-01 --method "QUIETMETHOD interview" --result concern
run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01
C2=$OUT
run session add "$C2" --date 2026-11-20T10:00
intake_col() { sqlite3 "$DYAD_DB" "SELECT $1 FROM intake WHERE couple_id = $CID"; }
opens() { sqlite3 "$DYAD_DB" "SELECT count(*) FROM audit WHERE action = 'open' AND object = 'screening'"; }

cat >"$T/editor.sh" <<'SH'
#!/bin/sh
case "$EDIT_MODE" in
history) sed -i 's/^Together nine years\.$/Together nine years; one earlier separation./' "$1" ;;
empty) : > "$1" ;;
esac
SH
chmod +x "$T/editor.sh"

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=history
tui_to_couples
tui_expect "the couples list says what its mark means" "! a safety flag"
expect "the flagged couple's row is marked in the margin" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q '^!Okafor & Reyes'"
expect "the other couple is not" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q '^ Bello & Lindqvist'"
tui_keys Down
tui_keys Enter
tui_expect "the couple screen carries the banner" "! Safety concern on record (partner B)"
tui_expect "the intake is on the couple screen" "Goals: A improve · B clarify · Confidentiality: individual"
tui_expect "the safety section says how many screenings there are" "1 on record · private"
expect "the screening itself is not shown before it is asked for" sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q QUIETMETHOD"

# --- the intake in the editor ---------------------------------------------------------------------
tui_keys Tab Tab
tui_expect "Tab reaches the intake, which offers e" "e edit intake"
expect "the status line does not offer e a second time for the couple" \
	sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | tail -1 | grep -q 'e edit couple'"
tui_keys e
tui_expect "e saves the form edited in the editor" "Intake saved."
expect "the edited history is stored" test "$(intake_col history)" = "Together nine years; one earlier separation."
expect "at a new revision" test "$(intake_col revision)" = 2
tui_finish "dyad quits cleanly after editing the intake"

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=empty
tui_to_couples
tui_wait "2 active couples"
tui_keys Down
tui_keys Enter
tui_wait "Safety screening"
tui_keys Tab Tab
before=$(db_fingerprint)
tui_keys e
tui_expect "an empty save in the editor changes nothing, and says so" "The intake is unchanged."
expect "the database is as it was" test "$(db_fingerprint)" = "$before"

# --- screenings: shown on request, audited -----------------------------------------------------
tui_keys Tab
tui_expect "the safety section offers to show the screenings" "Enter show screenings"
expect "and a for a screening only, not also for a session" \
	sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | tail -1 | grep -q 'a add session'"
before=$(opens)
tui_keys Enter
tui_expect "Enter shows them" "QUIETMETHOD interview"
expect "showing them wrote an audit entry" test "$(opens)" = $((before + 1))

tui_keys a
tui_expect "a opens the screening form" "New safety screening"
tui_keys Tab Tab
tui_keys Enter
tui_expect "an empty method is refused with the command line's words" "method: must not be empty"
expect "nothing was recorded" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM safety_screening")" = 1
tui_type "follow-up interview"
tui_keys Enter
tui_expect "the screening is recorded" "Screening recorded for partner A."
expect "it is stored for partner A with result none" \
	test "$(sqlite3 "$DYAD_DB" "SELECT partner || result || method FROM safety_screening ORDER BY id DESC LIMIT 1")" = "anonefollow-up interview"
tui_expect "and listed at once" "follow-up interview"
tui_keys '?'
tui_expect "the help says what e does on the intake" "on the Intake part,"
tui_expect "and what a does on the screenings" "screening for one partner"
tui_keys q
tui_wait "Safety screening"

# --- a conflict exercise asks first ----------------------------------------------------------------
tui_keys h
tui_wait "Exercise library"
tui_keys j
tui_expect "the second exercise is one about conflict" "Checking My Stance"
tui_keys Enter
tui_expect "assigning it to a flagged couple asks first" "Assign despite the safety flag?"
tui_keys n
tui_expect "no assigns nothing" "Not assigned."
expect "no assignment was stored" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM assignment")" = 0
tui_keys Enter
tui_wait "Assign despite the safety flag?"
tui_keys y
tui_expect "yes goes on to the assign form" "Assign: Checking My Stance"
tui_keys Enter
tui_expect "and it is assigned" "Assigned “Checking My Stance”"
tui_finish "dyad quits cleanly after the safety questions"

# --- signing before an intake -------------------------------------------------------------------------
tui_start
tui_to_couples
tui_wait "2 active couples"
tui_keys Enter
tui_wait "newest first"
tui_keys Enter
tui_wait "Fri 2026-11-20 10:00"
tui_keys S
tui_expect "signing before an intake asks, and says why" "Sign without an intake?"
tui_keys n
expect "no leaves the note a draft" test "$(sqlite3 "$DYAD_DB" "SELECT status FROM note WHERE session_id = (SELECT id FROM session WHERE couple_id = $C2)")" = draft
tui_finish "dyad quits cleanly after declining to sign"
