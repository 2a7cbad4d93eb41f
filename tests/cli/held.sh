#!/usr/bin/env bash
# held.sh: whether a session counts as held is written once for SQL (the
# held_attendance and held_sessions views of schema/0008_held.sql) and once
# for C (app/domain/session_state.c, which adds the clock). Every trigger
# of the live schema uses the views; the couple list's figures still follow
# the rule as sessions come, change and go.
. "$DYAD_SRC/tests/lib.sh"

sql() { sqlite3 "$DYAD_DB" "$@" 2>"$T/err"; }

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
expect_rc "a couple is added" 0

# --- the live schema writes the rule once -------------------------------------------
expect "the rule is a view" test "$(sql "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema
	WHERE type = 'view' AND name IN ('held_attendance', 'held_sessions') ORDER BY name)")" = \
	"held_attendance,held_sessions"
# The condition as 0006 and 0007 wrote it: a list of the attending values,
# or "not no-show or cancelled".
raw=$(sql "SELECT group_concat(name, ' ') FROM sqlite_schema
	WHERE sql LIKE '%''both'', ''a-only'', ''b-only'')%'
	   OR sql LIKE '%IN (''no-show'', ''cancelled'')%'")
expect "no trigger or view of the live schema spells out the held condition" test -z "$raw"
users=$(sql "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
	AND (sql LIKE '%held_sessions%' OR sql LIKE '%held_attendance%')")
expect "every trigger that needs the rule reads it from the views (12)" test "$users" = 12

# --- nor does the program's source --------------------------------------------------
cd "$DYAD_SRC" || exit 1
src=$(grep -rnE --include='*.c' --include='*.h' \
	"'both', 'a-only', 'b-only'|IN \('no-show', 'cancelled'\)|planned = 0 AND attendance" app reports)
expect "no SQL in the program spells out the held condition" test -z "$src"
c_rule=$(grep -rlE 'return SESSION_HELD' app | grep -v '^app/domain/session_state.c$')
expect "only app/domain/session_state.c decides that a session is held" test -z "$c_rule"
cd - >/dev/null || exit 1

# --- the couple list's figures follow the rule --------------------------------------
figures() { sql "SELECT sessions_total || '/' || sessions_held || '/' || coalesce(last_session, '-')
	FROM couple_stats WHERE couple_id = $CID"; }
run session add "$CID" --date 2026-11-10T10:00
S1=$OUT
run session add "$CID" --date 2026-11-17T10:00 --attendance no-show
S2=$OUT
run session add "$CID" --date 2026-12-10T10:00
expect "planned sessions are not on record; a no-show is on record but not held" \
	test "$(figures)" = "2/1/2026-11-10T10:00"
sql "UPDATE session SET attendance = 'b-only' WHERE id = $S2"
expect "a no-show recorded as B alone becomes the last held session" \
	test "$(figures)" = "2/2/2026-11-17T10:00"
sql "UPDATE session SET attendance = 'cancelled' WHERE id = $S2"
expect "cancelling it counts it out again" test "$(figures)" = "2/1/2026-11-10T10:00"
sql "DELETE FROM session WHERE id = $S2"
expect "removing a session recounts" test "$(figures)" = "1/1/2026-11-10T10:00"

# --- and the triggers refuse as before ----------------------------------------------
printf "Held.\n" >"$T/note.txt"
run note set "$S1" --file "$T/note.txt"
sql "UPDATE session SET planned = 1 WHERE id = $S1"
expect "a session with a note cannot become planned (the new values meet the rule)" \
	grep -q "only a held session keeps" "$T/err"
run session add "$CID" --date 2026-11-24T10:00 --attendance cancelled
S3=$OUT
sql "INSERT INTO note (session_id, body) VALUES ($S3, 'x')"
expect "a cancelled session takes no note from the shell" grep -q "only a held session takes a note" "$T/err"
