#!/usr/bin/env bash
# sessions.sh: a session is planned, held, a no-show or cancelled; only a
# held one takes a note, ratings, scores, check-ins and a signature (per
# partner only for one who came), from the CLI and from the sqlite3 shell
# alike; a signed session stays put; none comes before the intake; and a
# database from before these rules keeps its past sessions held.
. "$DYAD_SRC/tests/lib.sh"

sql() {
	sqlite3 "$DYAD_DB" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# sql_refused NAME SQL: the sqlite3 shell is refused by one of the rules'
# triggers (their messages name the field, then the rule) and nothing changes.
sql_refused() {
	local before after
	before=$(db_fingerprint)
	sql "PRAGMA foreign_keys = ON; $2"
	after=$(db_fingerprint)
	if [ "$RC" -eq 0 ]; then
		not_ok "$1" "the shell was not refused"
	elif ! grep -q -E "(note|rating|measure|check-in|attendance|session|date|intake): " "$T/err"; then
		not_ok "$1" "refused for another reason: $ERR"
	elif [ "$before" != "$after" ]; then
		not_ok "$1" "the database changed"
	else
		ok "$1"
	fi
}

run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."

# --- planned sessions ---------------------------------------------------------------
run session add "$CID" --date 2026-12-05T10:00
FUT=$OUT
expect_rc "a session dated ahead is added" 0
expect_err "session add says a session dated ahead is planned" "planned for 2026-12-05"
run session add "$CID" --date 2026-12-12T10:00 --json
expect "session add --json carries the state" test "$(json_get 'd["state"]')" = planned
FUT2=$(json_get 'd["id"]')
run session add "$CID" --date 2026-11-20T10:00 --json
expect "a past session is held" test "$(json_get 'd["state"]')" = held
HELD=$(json_get 'd["id"]')
refused "a session dated ahead cannot be recorded as attended" 1 "attendance" \
	session add "$CID" --date 2026-12-05T10:00 --attendance both
refused "session set --attendance both on a session dated ahead is refused" 1 "attendance" \
	session set "$FUT" --attendance both
refused "a no-show cannot be recorded ahead" 1 "attendance" session set "$FUT" --attendance no-show
run session set "$FUT" --date 2026-12-06T11:00
expect_rc "a planned session can be re-dated" 0
run session set "$FUT2" --attendance cancelled
expect_rc "a planned session can be cancelled ahead" 0
refused "a held session cannot move ahead without being planned again" 1 "attendance" \
	session set "$HELD" --date 2026-12-20T10:00

# --- only a held session takes a record ---------------------------------------------
printf 'We talked about the kitchen.\n' >"$T/note.txt"
refused "a planned session takes no note" 1 "note" note set "$FUT" --file "$T/note.txt"
refused "a planned session takes no rating" 1 "rating" rate "$FUT" startup 3 --partner a
refused "a planned session takes no score" 1 "measure" measure "$FUT" csi4 10 --partner a
refused "a planned session takes no signature" 1 "note" note sign "$FUT"
refused "a cancelled session takes no rating" 1 "rating" rate "$FUT2" startup 3 --partner a
refused "a cancelled session takes no score" 1 "measure" measure "$FUT2" csi4 10 --partner a
run session add "$CID" --date 2026-11-21T10:00 --attendance no-show
NOSHOW=$OUT
refused "a no-show takes no rating" 1 "rating" rate "$NOSHOW" startup 3 --partner a
refused "a no-show takes no note" 1 "note" note set "$NOSHOW" --file "$T/note.txt"
run session add "$CID" --date 2026-11-22T10:00 --attendance a-only
AONLY=$OUT
refused "partner B takes no rating at an a-only session" 1 "rating" rate "$AONLY" startup 3 --partner b
refused "partner B takes no score at an a-only session" 1 "measure" measure "$AONLY" csi4 10 --partner b
run rate "$AONLY" startup 3 --partner a
expect_rc "partner A is rated at an a-only session" 0
run rate "$AONLY" meta 3
expect_rc "a couple-level concept is rated at an a-only session" 0
refused "a partner with ratings cannot be made absent" 1 "attendance" session set "$AONLY" --attendance b-only
refused "a session with ratings cannot be cancelled" 1 "attendance" session set "$AONLY" --attendance cancelled
run assign "$CID" attention-daily
AID=$OUT
refused "a planned session takes no check-in" 1 "check-in" checkin "$AID" --partner a --done 3 --session "$FUT"

# --- the same from the sqlite3 shell -----------------------------------------------
sql_refused "the shell cannot write a planned session's note" \
	"UPDATE note SET body = 'x', revision = revision + 1 WHERE session_id = $FUT"
sql_refused "the shell cannot sign a planned session's note" \
	"UPDATE note SET status = 'signed', signed_at = '2026-11-28T10:00:00Z' WHERE session_id = $FUT"
sql_refused "the shell cannot rate a cancelled session" \
	"INSERT INTO rating (session_id, concept_id, partner, value) SELECT $FUT2, id, 'a', 3 FROM concept WHERE key = 'startup'"
sql_refused "the shell cannot rate an absent partner" \
	"INSERT INTO rating (session_id, concept_id, partner, value) SELECT $AONLY, id, 'b', 3 FROM concept WHERE key = 'startup'"
sql_refused "the shell cannot score a planned session" \
	"INSERT INTO measure_value (session_id, measure_id, partner, value) SELECT $FUT, id, 'a', 9 FROM measure WHERE key = 'csi4'"
sql_refused "the shell cannot score an absent partner" \
	"INSERT INTO measure_value (session_id, measure_id, partner, value) SELECT $AONLY, id, 'b', 9 FROM measure WHERE key = 'csi4'"
sql_refused "the shell cannot check in at a no-show" \
	"INSERT INTO checkin (assignment_id, partner, done, checked_on, session_id) VALUES ($AID, 'a', 1, '2026-11-28', $NOSHOW)"
sql_refused "the shell cannot cancel a session that has ratings" \
	"UPDATE session SET attendance = 'cancelled' WHERE id = $AONLY"
sql_refused "the shell cannot make a session with ratings planned" \
	"UPDATE session SET planned = 1, attendance = 'both' WHERE id = $AONLY"

# --- a signed session stays put ----------------------------------------------------
run note set "$HELD" --file "$T/note.txt"
run note sign "$HELD"
expect_rc "a held session's note is signed" 0
refused "a signed session cannot be re-dated" 1 "date" session set "$HELD" --date 2026-11-19T10:00
refused "a signed session's attendance cannot change" 1 "attendance" session set "$HELD" --attendance a-only
sql_refused "the shell cannot re-date a signed session" \
	"UPDATE session SET starts_at = '2026-11-19T10:00' WHERE id = $HELD"
run couple add "Other" --partner X --partner Y --intake 2026-01-01
OTHER=$OUT
sql_refused "the shell cannot move a signed session to another couple" \
	"UPDATE session SET couple_id = $OTHER WHERE id = $HELD"
refused "a signed session's length is fixed too: the signature covers it" 1 "minutes" \
	session set "$HELD" --minutes 45

# --- nothing before the intake ------------------------------------------------------
refused "a session before the intake is refused" 1 "date" session add "$CID" --date 2026-10-31T10:00
refused "re-dating before the intake is refused" 1 "date" session set "$FUT" --date 2026-10-30T10:00
sql_refused "the shell cannot add a session before the intake" \
	"INSERT INTO session (couple_id, starts_at) VALUES ($CID, '2026-10-01T10:00')"
sql_refused "the shell cannot move the intake after a session" \
	"UPDATE couple SET intake_date = '2026-11-25' WHERE id = $CID"

# --- session plan ------------------------------------------------------------------
run session plan "$CID" --date 2026-12-03T09:30 --every 1w --count 3
expect_rc "session plan books weekly sessions" 0
expect "session plan prints three ids" test "$(printf '%s\n' "$OUT" | wc -l)" -eq 3
P1=$(printf '%s\n' "$OUT" | head -1)
run session list "$CID" --json
expect "session list --json carries each state" test "$(json_get '[s["state"] for s in d if s["id"] == '"$P1"'][0]')" = planned
expect "planned dates follow each week" test "$(json_get '",".join(s["starts_at"] for s in d if s["state"] == "planned" and s["starts_at"] >= "2026-12-03T09:30" and s["starts_at"] <= "2026-12-17T09:30" and s["starts_at"].endswith("09:30"))')" = "2026-12-17T09:30,2026-12-10T09:30,2026-12-03T09:30"
run session list "$CID"
expect_out "session list shows a STATE column" "STATE"
expect_out "session list shows a cancelled session" "cancelled"
run session plan "$CID" --date 2026-12-01 --every 2w --until 2027-01-01
expect "fortnightly until a day gives three sessions" test "$(printf '%s\n' "$OUT" | wc -l)" -eq 3
refused "planning a past date is refused" 1 "date" session plan "$CID" --date 2026-11-20
refused "more than 52 at once is refused" 1 "until" session plan "$CID" --date 2026-12-01 --every 1w --until 2028-06-01
refused "--until before --date is refused" 1 "until" session plan "$CID" --date 2026-12-10 --every 1w --until 2026-12-01
refused "--count 0 is refused" 1 "count" session plan "$CID" --date 2026-12-10 --every 1w --count 0
refused "a negative --count is refused" 1 "count" session plan "$CID" --date 2026-12-10 --every 1w --count -2
refused "--until with --count is refused" 2 "until" session plan "$CID" --date 2026-12-10 --every 1w --count 2 --until 2027-01-01
refused "an unknown spacing is refused" 1 "every" session plan "$CID" --date 2026-12-10 --every 3d --count 2
run couple add "Later" --partner P --partner Q --intake 2026-12-20
refused "planning before the intake is refused" 1 "date" session plan "$OUT" --date 2026-12-10

# --- planned, cancelled and missed sessions do not count as held ------------------
run couple show "$CID" --json
expect "the couple's last session is the last one held" test "$(json_get 'd["sessions"]["last"]')" = "2026-11-22T10:00"
expect "held sessions count only those held" test "$(json_get 'd["sessions"]["held"]')" = 2

# --- an upgrade from schema 0006 keeps past sessions held --------------------------
OLD=$T/old.db
for f in "$DYAD_SRC"/schema/000[1-6]_*.sql; do cat "$f"; done | sqlite3 "$OLD"
sqlite3 "$OLD" "PRAGMA user_version = 6;
INSERT INTO couple (id, name, intake_date) VALUES (1, 'Old', '2026-01-01');
INSERT INTO partner VALUES (1, 'a', 'A', NULL), (1, 'b', 'B', NULL);
INSERT INTO session (id, couple_id, starts_at, attendance) VALUES
  (1, 1, '2026-10-01T10:00', 'both'), (2, 1, '2026-10-08T10:00', 'a-only'),
  (3, 1, '2026-10-15T10:00', 'cancelled'), (4, 1, '2027-01-07T10:00', 'both');
INSERT INTO note (session_id, body) VALUES (1, 'held'), (2, ''), (3, ''), (4, '');
INSERT INTO rating (session_id, concept_id, partner, value) SELECT 1, id, 'a', 3 FROM concept WHERE key = 'startup';"
DYAD_DB=$OLD run session list 1 --json
expect_rc "a schema 0006 database opens and upgrades" 0
expect "past sessions stay held after the upgrade" test "$(json_get '",".join(s["state"] for s in d)')" = "planned,cancelled,held,held"
expect "attendance is kept by the upgrade" test "$(json_get '",".join(s["attendance"] for s in d)')" = "both,cancelled,a-only,both"
expect "the upgraded database passes its integrity check" test "$(sqlite3 "$OLD" 'PRAGMA integrity_check')" = ok

# --- addenda are part of the record: the report and search ------------------------
printf 'Correction: the quarrel was about the marmalade, not money.\n' >"$T/add.txt"
run note addendum "$HELD" --file "$T/add.txt"
expect_rc "an addendum is added to the signed note" 0
run report "$CID" --include-notes -o "$T/notes.xlsx"
expect_rc "a report with notes is written" 0
got=$(/usr/bin/python3 - "$T/notes.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Notes"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
for r in rows:
    print(r[1], (r[2] or "")[:8], (r[2] or "")[9:19], (r[4] or "").split("\n")[0][:30])
PY
)
# The report numbers the couple's sessions 1..N by date, never by record id.
HELD_NO=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM session s, session h WHERE h.id = $HELD AND s.couple_id = h.couple_id AND (s.starts_at, s.id) <= (h.starts_at, h.id)")
expect "the notes sheet shows the note, then its addendum, by session number" test "$(printf '%s\n' "$got" | cut -d' ' -f1,2)" = "$HELD_NO signed
$HELD_NO addendum"
expect "the addendum row is dated by the clock (DYAD_TODAY)" test "$(printf '%s\n' "$got" | sed -n 2p | cut -d' ' -f3)" = "$DYAD_TODAY"
expect "the addendum row holds its text" test "$(printf '%s\n' "$got" | sed -n 2p | cut -d' ' -f4-)" = "Correction: the quarrel was ab"
run search marmalade --json
expect "search finds a word that is only in an addendum" test "$(json_get '[(h["session_id"], h["in"]) for h in d]')" = "[($HELD, 'addendum')]"
run search kitchen --json
expect "a hit in the note says it is in the note" test "$(json_get '[h["in"] for h in d]')" = "['note']"
run search marmalade
expect_out "the search table says the match is in an addendum" "(addendum "
run search '"marmalade' 'OR' 'NEAR(x'
expect_rc "typed FTS5 syntax is searched as words, never a query error" 0

# --- the export carries each session's state, and imports back -------------------
run export -o "$T/all.json"
expect_rc "the practice exports" 0
expect "the export's session table has the planned column" test "$(/usr/bin/python3 -c 'import json,sys; t=[t for t in json.load(open(sys.argv[1]))["tables"] if t["name"] == "session"][0]; print("planned" in t["columns"])' "$T/all.json")" = True
DYAD_DB="$T/imported.db" run import "$T/all.json"
expect_rc "the export imports into a new database" 0
DYAD_DB="$T/imported.db" run session list "$CID" --json
expect "planned sessions are still planned after the import" test "$(json_get '[s["state"] for s in d if s["id"] == '"$FUT"'][0]')" = planned
run session list "$CID" --json
want=$(json_get '[(s["id"], s["state"]) for s in d]')
DYAD_DB="$T/imported.db" run session list "$CID" --json
expect "every session's state survives export and import" test "$(json_get '[(s["id"], s["state"]) for s in d]')" = "$want"
DYAD_DB="$T/imported.db" run search marmalade --json
expect "the imported addendum is searchable" test "$(json_get 'len(d)')" = 1
