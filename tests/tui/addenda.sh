#!/usr/bin/env bash
# addenda.sh: a signed note's addenda are part of the record, so the
# interface shows them under the note, dated and marked, on the session
# screen and in the note reader.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run session add "$CID" --date 2026-11-13T14:30
LONG=$OUT
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'Both came in tense; we slowed down.\n' >"$T/note"
run note set "$SID" --file "$T/note"
run note sign "$SID"
printf 'Correction: it was Daniel who asked for the break.\n' >"$T/add1"
run note addendum "$SID" --file "$T/add1"
printf 'Maya called on Monday to confirm the plan.\n' >"$T/add2"
run note addendum "$SID" --file "$T/add2"
# The stamps as stored (UTC), as the screen shows them: "2026-12-04 15:40 UTC".
stamp() {
	sqlite3 "$DYAD_DB" "SELECT substr(created_at, 1, 10) || ' ' || substr(created_at, 12, 5) || ' UTC'
		FROM addendum WHERE session_id = $1 ORDER BY id LIMIT 1 OFFSET $2"
}
first=$(stamp "$SID" 0)
second=$(stamp "$SID" 1)

# A long note whose addendum does not fit on the session screen.
for i in $(seq 1 40); do echo "Line $i of a long note."; done >"$T/long"
run note set "$LONG" --file "$T/long"
run note sign "$LONG"
printf 'Added later: the homework was misheard.\n' >"$T/add3"
run note addendum "$LONG" --file "$T/add3"

tui_start
tui_to_couples
tui_wait "Okafor & Reyes"
tui_keys Enter
tui_wait "newest first"
tui_keys Enter
tui_expect "the session screen shows the signed note" "Both came in tense; we slowed down."
tui_expect "the note's heading says it has addenda" "signed and locked  ·  2 addenda below"
tui_expect "the first addendum is marked and dated" "Addendum, $first"
tui_expect "its text is under the mark" "Correction: it was Daniel who asked for the break."
tui_expect "the second addendum follows" "Maya called on Monday to confirm the plan."
expect "both marks show, in order" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -n 'Addendum, ' | cut -d: -f1 | awk 'NR==1{a=\$1} NR==2{b=\$1} END{exit !(NR==2 && a<b)}'"
expect "the second is dated too" sh -c "tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q -F 'Addendum, $second'"
tui_keys v
tui_expect "the note reader says how many addenda there are" "signed · 2 addenda"
tui_expect "and shows them under the note" "Addendum, $first"
tui_expect "with their text" "Maya called on Monday to confirm the plan."
tui_keys q
tui_wait "2 addenda below"
tui_keys q
tui_wait "newest first"
tui_keys j Enter
tui_expect "a long note says its hidden lines hold an addendum" "more lines, with 1 addendum"
tui_keys v
tui_wait "Line 1 of a long note."
tui_keys G
tui_expect "the reader reaches the addendum at the end" "Added later: the homework was misheard."
tui_expect "marked as an addendum" "Addendum, $(stamp "$LONG" 0)"
expect "reading notes makes no folder for unsaved text beside the database" test ! -e "$T/unsaved"
tui_finish "dyad quits cleanly"
