#!/usr/bin/env bash
# concurrent.sh: two programs on one database. A save made while another
# process holds the write lock waits for it and then succeeds; what one
# interface changes shows in another after a refresh or a change of screen.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT

tui_start
tui_to_couples
tui_wait "Okafor & Reyes"
tui_keys Enter
tui_wait "newest first"
tui_keys Enter
tui_expect "the session opens" "Ratings"

# --- a writer holds the lock; the interface's save waits, then succeeds ----------------------
mkfifo "$T/sql"
sqlite3 "$DYAD_DB" <"$T/sql" >/dev/null 2>&1 &
writer=$!
exec 3>"$T/sql"
echo "BEGIN IMMEDIATE; UPDATE couple SET updated_at = updated_at WHERE id = $CID;" >&3
locked() { ! sqlite3 "$DYAD_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }
i=0
while ! locked && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
expect "the other writer holds the lock" locked
tui_keys +
# Give the key a moment to reach the waiting save (not a timing test: the
# outcome below is the same whenever it arrives).
sleep 1
rating() {
	sqlite3 "$DYAD_DB" "SELECT count(*) FROM rating WHERE session_id = $SID"
}
expect "nothing is saved while the other process writes" test "$(rating)" = 0
echo "COMMIT;" >&3
exec 3>&-
wait "$writer"
tui_expect "once the lock is free the save goes through" "Saved: Sentiment override for Maya Okafor, 0."
expect "and the rating is in the database" test "$(rating)" = 1

# --- a second interface on the same database -------------------------------------------------------
first=$TUI_SOCKET
second="$first-2"
TUI_SOCKET=$second
trap 'tmux -L "$first" kill-server 2>/dev/null; tmux -L "$second" kill-server 2>/dev/null; rm -rf "$T"' EXIT
TUI_RC="$T/tui2.rc"
tui_start
tui_to_couples
tui_expect "a second interface opens on the same database" "Okafor & Reyes"
tui_keys n
tui_wait "New couple"
tui_type "Second & Window"
tui_keys Tab
tui_type "Ada Second"
tui_keys Tab Tab
tui_type "Ben Window"
tui_keys Enter
tui_expect "the second interface saves a couple" "Partner B  Ben Window"
TUI_SOCKET=$first
TUI_RC="$T/tui.rc"
tui_keys q
tui_wait "newest first"
tui_keys q
tui_expect "the first interface shows the other's couple on changing screens" "Second & Window"
tui_keys j Enter
tui_expect "and can open it" "Partner A  Ada Second"
TUI_SOCKET=$second
TUI_RC="$T/tui2.rc"
tui_keys e
tui_wait "Edit couple"
tui_keys C-u
tui_type "Second & Renamed"
tui_keys Enter
tui_expect "the second interface renames it" "Second & Renamed"
TUI_SOCKET=$first
TUI_RC="$T/tui.rc"
tui_keys r
tui_expect "the first shows the new name after the refresh key" "Couples › Second & Renamed"
tui_finish "the first interface quits cleanly"
TUI_SOCKET=$second
TUI_RC="$T/tui2.rc"
tui_finish "the second interface quits cleanly"
