#!/usr/bin/env bash
# signed_session.sh: signing a note seals the whole session (its note, the
# couple, date and time, attendance, minutes, modality, every rating and
# score). dyad refuses to change any of it, triggers refuse the sqlite3
# shell, and when someone drops the triggers and edits the file anyway,
# `dyad check` recomputes each signed session's digest and says which
# session changed, and how.
. "$DYAD_SRC/tests/lib.sh"

# sql [DB] STATEMENTS: the sqlite3 shell on the file; sets RC, OUT and ERR.
sql() {
	local db=$DYAD_DB
	if [ $# -gt 1 ]; then
		db=$1
		shift
	fi
	sqlite3 "$db" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
C1=$OUT
run intake "$C1" --concerns "Money arguments."
run couple add "Lind & Haas" --partner "Ada Lind" --partner "Jon Haas" --intake 2026-11-01
C2=$OUT
run session add "$C1" --date 2026-11-20T14:30 --modality video
SID=$OUT
run session add "$C1" --date 2026-11-27T14:30
DRAFT=$OUT
printf 'Maya named the kitchen argument;\nDaniel used the break signal.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run rate "$SID" startup 4 --partner a
run rate "$SID" meta 3
run measure "$SID" csi4 12.5 --partner a
run measure "$SID" felt_safety 7 --partner b
run note sign "$SID"
expect_rc "the note is signed" 0

# --- the digest follows the canonical form of app/store/signatures.c ------------------
signed_at=$(sqlite3 "$DYAD_DB" "SELECT signed_at FROM note WHERE session_id = $SID")
{
	printf 'dyad-signed-session 1\nsession %s\ncouple %s\n' "$SID" "$C1"
	printf 'starts_at 2026-11-20T14:30\nattendance both\nminutes 50\nmodality video\n'
	printf 'signed_at %s\n' "$signed_at"
	printf 'rating meta couple 3\nrating startup a 4\n'
	printf 'score csi4 a 12.5\nscore felt_safety b 7\n'
	printf 'note %s\n' "$(wc -c <"$T/note.txt")"
	cat "$T/note.txt"
	printf '\n'
} >"$T/canonical.txt"
want=$(sha256sum <"$T/canonical.txt" | cut -d' ' -f1)
expect "signing stores the SHA-256 of the session's canonical form" \
	test "$(sqlite3 "$DYAD_DB" "SELECT content_sha256 || ' ' || taken FROM session_signature WHERE session_id = $SID")" = "$want signing"
expect "only the signed session has a signature" \
	test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM session_signature")" = 1
run check
expect_rc "dyad check passes on an untouched record" 0
expect_out "check says how many signed sessions it compared" "signed sessions:     1 compared with their signature"

# --- dyad refuses to change a signed session --------------------------------------------
refused "rate on a signed session is refused, naming it" 1 "session $SID's note is signed" \
	rate "$SID" startup 2 --partner a
refused "a new rating on a signed session is refused too" 1 "session $SID's note is signed" \
	rate "$SID" stance 3 --partner b
refused "measure on a signed session is refused, naming it" 1 "session $SID's note is signed" \
	measure "$SID" csi4 20 --partner a
refused "a signed session's score cannot be cleared" 1 "session $SID's note is signed" \
	measure "$SID" felt_safety --clear --partner b
refused "a signed session's length is fixed" 1 "session $SID's note is signed" \
	session set "$SID" --minutes 80
refused "a signed session's modality is fixed" 1 "session $SID's note is signed" \
	session set "$SID" --modality phone
refused "a signed session's date is fixed" 1 "session $SID's note is signed" \
	session set "$SID" --date 2026-11-21T14:30
run session set "$SID" --minutes 50 --modality video
expect_rc "restating a signed session's own values changes nothing and is allowed" 0
printf 'Correction: the break was Maya'"'"'s idea.\n' >"$T/add.txt"
run note addendum "$SID" --file "$T/add.txt"
expect_rc "an addendum is still the way to correct a signed note" 0
run rate "$DRAFT" startup 2 --partner a
expect_rc "a draft session still takes ratings" 0
run measure "$DRAFT" csi4 14 --partner b
expect_rc "a draft session still takes scores" 0
run session set "$DRAFT" --minutes 60 --modality phone
expect_rc "a draft session's details can still be corrected" 0

# --- the sqlite3 shell is refused while the triggers stand ------------------------------
before=$(db_fingerprint)
sql "INSERT INTO rating (session_id, concept_id, partner, value) SELECT $SID, id, 'b', 2 FROM concept WHERE key = 'attention'"
expect "the shell cannot add a rating to a signed session" test "$RC" -ne 0
expect "the shell is told the ratings are locked" grep -q "ratings are locked" "$T/err"
sql "INSERT INTO measure_value (session_id, measure_id, partner, value) SELECT $SID, id, 'b', 3 FROM measure WHERE key = 'csi4'"
expect "the shell cannot add a score to a signed session" test "$RC" -ne 0
sql "UPDATE measure_value SET value = 20 WHERE session_id = $SID"
expect "the shell cannot change a signed session's score" test "$RC" -ne 0
sql "DELETE FROM measure_value WHERE session_id = $SID"
expect "the shell cannot delete a signed session's score" test "$RC" -ne 0
sql "UPDATE rating SET session_id = $SID WHERE session_id = $DRAFT"
expect "the shell cannot move a rating onto a signed session" test "$RC" -ne 0
for change in "couple_id = $C2" "starts_at = '2026-11-19T14:30'" "attendance = 'a-only'" \
	"minutes = 90" "modality = 'phone'"; do
	sql "UPDATE session SET $change WHERE id = $SID"
	expect "the shell cannot set $change on a signed session" test "$RC" -ne 0
done
expect "the shell is told the session's details are fixed" grep -q "its note is signed" "$T/err"
sql "UPDATE session_signature SET content_sha256 = '$(printf '0%.0s' $(seq 64))'"
expect "the shell cannot change a signature" test "$RC" -ne 0
sql "DELETE FROM session_signature"
expect "the shell cannot delete a signature" test "$RC" -ne 0
expect "after all that the database is unchanged" test "$before" = "$(db_fingerprint)"

# --- attacks with the triggers dropped (and put back), each found by check --------------
sqlite3 "$DYAD_DB" ".backup '$T/clean.db'"
# attack NAME SQL: a fresh copy of the record, the triggers it needs
# dropped, SQL run, the triggers made again, so only the digest can tell.
attack() {
	local name=$1 statements=$2 db="$T/$1.db" triggers
	cp "$T/clean.db" "$db"
	triggers=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE '%signed%' OR name LIKE 'session_signature%')")
	sqlite3 "$db" "$(sqlite3 "$db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE '%signed%' OR name LIKE 'session_signature%')")"
	sql "$db" "$statements"
	expect "$name: the shell did it with the triggers gone" test "$RC" -eq 0
	sqlite3 "$db" "$triggers"
	DYAD_DB=$db run check
}
attack added_rating "INSERT INTO rating (session_id, concept_id, partner, value) SELECT $SID, id, 'b', 2 FROM concept WHERE key = 'attention'"
expect_rc "added_rating: check fails" 1
expect_out "added_rating: check names the session and says its ratings changed" "session $SID: its signed content no longer matches its signature: its ratings changed"
expect "added_rating: every trigger was back in place" grep -q "protective triggers: \([0-9]*\) of \1 in place" "$T/out"

attack moved "UPDATE session SET couple_id = $C2 WHERE id = $SID"
expect_rc "moved: check fails" 1
expect_out "moved: check says the session went to another couple" "session $SID: its signed content no longer matches its signature: it was moved to another couple (signed: $C1; now: $C2)"

attack redated "UPDATE session SET starts_at = '2026-11-19T09:00' WHERE id = $SID"
expect_rc "redated: check fails" 1
expect_out "redated: check says the date changed, from what to what" "its date or time changed (signed: 2026-11-20T14:30; now: 2026-11-19T09:00)"

attack edited_score "UPDATE measure_value SET value = 19 WHERE session_id = $SID AND partner = 'a'"
expect_rc "edited_score: check fails" 1
expect_out "edited_score: check names the session and its scores" "session $SID: its signed content no longer matches its signature: its measure scores changed"

attack last_digit "UPDATE measure_value SET value = 12.500000000000002 WHERE session_id = $SID AND partner = 'a'"
expect_rc "a score changed in its last binary digit is found too" 1

attack edited_note "UPDATE note SET body = 'Nothing of note.' WHERE session_id = $SID"
expect_rc "edited_note: check fails" 1
expect_out "edited_note: check names the session and its note text" "session $SID: its signed content no longer matches its signature: its note text changed"

attack unsigned "DELETE FROM session_signature WHERE session_id = $SID"
expect_rc "a signature taken away: check fails" 1
expect_out "check says the signed note has no signature" "session $SID: its note is signed but has no signature digest"

attack forged "DELETE FROM session_signature WHERE session_id = $SID; UPDATE rating SET value = 1 WHERE session_id = $SID AND partner = 'a'"
expect_rc "ratings changed and the signature taken away: check fails" 1
expect_out "check says the signed note lost its signature" "session $SID: its note is signed but has no signature digest"

# The shell user recomputes the digest with sha256sum and replaces the
# signature: the digest the audit log wrote at signing gives it away.
sed 's/^rating startup a 4$/rating startup a 1/' "$T/canonical.txt" >"$T/forged.txt"
forged=$(sha256sum <"$T/forged.txt" | cut -d' ' -f1)
forged_ratings=$(printf 'rating meta couple 3\nrating startup a 1\n' | sha256sum | cut -d' ' -f1)
expect "the forger's digest differs from the signed one" test "$forged" != "$want"
attack replaced "CREATE TEMP TABLE keep AS SELECT * FROM session_signature WHERE session_id = $SID;
DELETE FROM session_signature WHERE session_id = $SID;
UPDATE rating SET value = 1 WHERE session_id = $SID AND partner = 'a';
INSERT INTO session_signature SELECT session_id, form, '$forged', session_fields, '$forged_ratings',
	scores_sha256, note_sha256, taken, taken_at FROM keep"
expect_rc "replaced: check fails" 1
expect_out "replaced: check says the signature is not the one signed" "session $SID: its signature is not the one the audit log recorded when the note was signed"
expect "replaced: the forged digest itself fits the edited session" sh -c "! grep -q 'no longer matches' '$T/out'"

cp "$T/clean.db" "$T/notrigger.db"
sqlite3 "$T/notrigger.db" "DROP TRIGGER measure_value_signed_no_insert"
DYAD_DB=$T/notrigger.db run check
expect_rc "a lock trigger that is missing fails the check" 1
expect_out "check names the missing trigger" "measure_value_signed_no_insert is missing"

# --- a database signed before schema 13 gets its digests at the upgrade -----------------
cp "$T/clean.db" "$T/old.db"
drops=""
for t in session_signature_needs_signed_note session_signature_no_update \
	session_signature_no_delete rating_signed_no_insert rating_signed_no_move \
	measure_value_signed_no_insert measure_value_signed_no_update \
	measure_value_signed_no_delete session_signed_no_update; do
	drops="$drops DROP TRIGGER $t;"
done
sqlite3 "$T/old.db" "$drops DROP TABLE session_signature; PRAGMA user_version = 12;"
DYAD_DB=$T/old.db run check
expect_rc "an upgraded database with signed notes passes the check" 0
expect "the signed note's digest is marked as taken at the upgrade" \
	test "$(sqlite3 "$T/old.db" "SELECT taken || ' ' || content_sha256 FROM session_signature WHERE session_id = $SID")" = "upgrade $want"
cp "$T/old.db" "$T/old2.db"
triggers=$(sqlite3 "$T/old2.db" "SELECT sql || ';' FROM sqlite_schema WHERE name = 'session_signed_no_update'")
sqlite3 "$T/old2.db" "DROP TRIGGER session_signed_no_update; UPDATE session SET minutes = 45 WHERE id = $SID; $triggers"
DYAD_DB=$T/old2.db run check
expect_rc "a change after the upgrade is found" 1
expect_out "check says when a digest was taken at the upgrade" "its length in minutes changed (signed: 50; now: 45) (the digest was taken at the upgrade on 2026-"

# --- export and import keep the signatures, and check them -------------------------------
run export -o "$T/all.json"
expect_rc "export succeeds" 0
DYAD_DB=$T/imported.db run import "$T/all.json"
expect_rc "a faithful export imports" 0
DYAD_DB=$T/imported.db run check
expect_rc "and the imported record passes the check" 0
expect "the imported session keeps its signature" \
	test "$(sqlite3 "$T/imported.db" "SELECT content_sha256 FROM session_signature WHERE session_id = $SID")" = "$want"
sed 's/"2026-11-20T14:30"/"2026-11-20T15:30"/' "$T/all.json" >"$T/redated.json"
expect "the export could be re-dated" sh -c "! cmp -s '$T/all.json' '$T/redated.json'"
DYAD_DB=$T/imported2.db run import "$T/redated.json"
expect_rc "an export whose signed session was re-dated is refused" 1
expect_err "the refusal says the session does not match its signature" "does not match its signature"
