#!/usr/bin/env bash
# records.sh: a signed note is locked even from the sqlite3 shell, addenda
# are dated and immutable, the audit log is append-only and `dyad check`
# finds what was done behind the triggers' back.
. "$DYAD_SRC/tests/lib.sh"

# sql STATEMENTS: runs them in the sqlite3 shell; sets RC and ERR.
sql() {
	sqlite3 "$DYAD_DB" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
run session add "$CID" --date 2026-11-27T14:30
DRAFT=$OUT
printf 'Maya described the kitchen argument; pomegranate was our shared word.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run rate "$SID" startup 4 --partner a
run note sign "$SID"
expect_rc "the note is signed" 0

# --- a signed note is locked, even from the sqlite3 shell --------------------------
before=$(db_fingerprint)
sql "UPDATE note SET body = 'rewritten' WHERE session_id = $SID"
expect "the sqlite3 shell cannot change a signed note's text" test "$RC" -ne 0
expect "the shell is told why" grep -q "signed note is locked" "$T/err"
sql "UPDATE note SET status = 'draft', signed_at = NULL WHERE session_id = $SID"
expect "the sqlite3 shell cannot turn a signed note back into a draft" test "$RC" -ne 0
sql "DELETE FROM note WHERE session_id = $SID"
expect "the sqlite3 shell cannot delete a signed note" test "$RC" -ne 0
sql "DELETE FROM session WHERE id = $SID"
expect "the sqlite3 shell cannot delete the session under a signed note" test "$RC" -ne 0
sql "UPDATE rating SET value = 1 WHERE session_id = $SID"
expect "the sqlite3 shell cannot change a signed note's ratings" test "$RC" -ne 0
sql "DELETE FROM rating WHERE session_id = $SID"
expect "the sqlite3 shell cannot delete a signed note's ratings" test "$RC" -ne 0
expect "after all that the database is unchanged" test "$before" = "$(db_fingerprint)"
sql "UPDATE note SET body = 'still a draft' WHERE session_id = $DRAFT"
expect "a draft can still be changed" test "$RC" -eq 0

# --- addenda ------------------------------------------------------------------------
printf 'Correction: the session ran 60 minutes, not 50.\n' >"$T/add1.txt"
run note addendum "$SID" --file "$T/add1.txt"
expect_rc "note addendum adds a correction to a signed note" 0
AID=$OUT
expect "it prints the addendum's id" test "$AID" -ge 1
printf 'A second thought, from standard input.\n' >"$T/add2.txt"
run_in "$T/add2.txt" note addendum "$SID"
expect_rc "note addendum reads standard input" 0
run note show "$SID"
expect "note show prints the note, then each addendum under a dated line" \
	test "$(sed -n '1p;3p;4p;6p;7p' "$T/out" | sed 's/[0-9T:-]*Z$/DATE/')" = "$(printf '%s\n' \
	'Maya described the kitchen argument; pomegranate was our shared word.' \
	"-- addendum $AID, DATE" 'Correction: the session ran 60 minutes, not 50.' \
	"-- addendum $((AID + 1)), DATE" 'A second thought, from standard input.')"
run note show "$SID" --json
expect "note show --json lists the addenda in order" test "$(json_get '[a["body"] for a in d["addenda"]]')" = "['Correction: the session ran 60 minutes, not 50.\\n', 'A second thought, from standard input.\\n']"
expect "each addendum is dated (UTC)" test "$(json_get 'all(a["created_at"].endswith("Z") and len(a["created_at"]) == 20 for a in d["addenda"])')" = True
expect "the note text itself is untouched by addenda" test "$(json_get 'd["body"]')" = "$(cat "$T/note.txt")"
refused "an addendum to a draft is refused" 1 "draft" note addendum "$DRAFT" --file "$T/add1.txt"
printf '   \n\n' >"$T/blank.txt"
refused "a blank addendum is refused" 1 "addendum" note addendum "$SID" --file "$T/blank.txt"
printf 'bad \033]0;title\007 escape' >"$T/esc.txt"
refused "an addendum with an escape sequence is refused" 1 "addendum" note addendum "$SID" --file "$T/esc.txt"
printf 'bad\xff' >"$T/bad.txt"
refused "an addendum with invalid UTF-8 is refused" 1 "addendum" note addendum "$SID" --file "$T/bad.txt"
refused "an addendum for a missing session is refused" 1 "session" note addendum 999 --file "$T/add1.txt"
refused "an addendum with no session id is a usage error" 2 "SESSION_ID" note addendum
before=$(db_fingerprint)
sql "UPDATE addendum SET body = 'softened' WHERE id = $AID"
expect "the sqlite3 shell cannot change an addendum" test "$RC" -ne 0
sql "DELETE FROM addendum WHERE id = $AID"
expect "the sqlite3 shell cannot delete an addendum" test "$RC" -ne 0
sql "INSERT INTO addendum (session_id, body) VALUES ($DRAFT, 'sneaky')"
expect "the sqlite3 shell cannot add an addendum to a draft" test "$RC" -ne 0
expect "the addenda are unchanged" test "$before" = "$(db_fingerprint)"

# --- the audit log -----------------------------------------------------------------
run couple set "$CID" --status paused
run audit --json
expect_rc "audit --json succeeds" 0
expect "the log shows creation, changes, signing and addenda in order" \
	test "$(json_get '[(e["action"], e["object"]) for e in d]')" = \
	"[('create', 'couple'), ('create', 'intake'), ('create', 'session'), ('create', 'session'), ('change', 'note'), ('change', 'rating'), ('sign', 'note'), ('addendum', 'note'), ('addendum', 'note'), ('change', 'couple')]"
expect "entries are numbered from 1 without gaps" test "$(json_get '[e["id"] for e in d] == list(range(1, len(d) + 1))')" = True
expect "session entries name their couple" test "$(json_get 'all(e["couple_id"] == '"$CID"' for e in d)')" = True
expect "the signing entry keeps a fingerprint of the signed text, not the text" \
	test "$(json_get '[e["content_sha256"] for e in d if e["action"] == "sign"][0]')" = "$(sha256sum <"$T/note.txt" | cut -d' ' -f1)"
expect "every entry has a 64-digit hash" test "$(json_get 'all(len(e["hash"]) == 64 for e in d)')" = True
expect "no audit entry carries note or addendum text" test "$(grep -c -i -E 'pomegranate|kitchen|60 minutes|second thought' "$T/out")" = 0
run audit
expect_out "audit prints a table" "addendum"
expect_out "the table shows what changed" "status paused"
run couple add "Other & Pair" --partner One --partner Two
OTHER=$OUT
run audit --couple "$OTHER" --json
expect "audit --couple shows only that couple's entries" test "$(json_get '[(e["action"], e["couple_id"]) for e in d]')" = "[('create', $OTHER)]"
run audit --since 2199-01-01
expect_out "audit --since in the future finds nothing" "No audit entries match"
run audit --since 2000-01-01 --json
expect "audit --since in the past finds everything" test "$(json_get 'len(d)')" = 11
refused "audit --since needs a real date" 1 "since" audit --since 2026-02-30
refused "audit --couple needs an id" 1 "couple id" audit --couple x

before=$(db_fingerprint)
sql "UPDATE audit SET detail = 'nothing to see' WHERE id = 3"
expect "the sqlite3 shell cannot change an audit entry" test "$RC" -ne 0
sql "DELETE FROM audit WHERE id = 3"
expect "the sqlite3 shell cannot delete an audit entry" test "$RC" -ne 0
sql "DELETE FROM audit"
expect "the sqlite3 shell cannot empty the audit log" test "$RC" -ne 0
sql "INSERT INTO audit (id, at, action, object, detail, prev_hash, hash) VALUES (99, '2026-01-01T00:00:00Z', 'create', 'couple', '', '$(printf '0%.0s' {1..64})', '$(printf 'a%.0s' {1..64})')"
expect "the sqlite3 shell cannot append an entry that does not link to the last" test "$RC" -ne 0
sql "UPDATE audit_head SET last_id = 1"
expect "the sqlite3 shell cannot move the log's head back" test "$RC" -ne 0
expect "the audit log is unchanged" test "$before" = "$(db_fingerprint)"

# --- dyad check ------------------------------------------------------------------------
run check
expect_rc "dyad check passes on an untouched database" 0
expect_out "it reports integrity_check" "integrity_check:     ok"
expect_out "it counts the protective triggers" "27 of 27 in place"
expect_out "it says so plainly" "No problems found."
cp "$DYAD_DB" "$T/clean.db"

# tamper COMMANDS: a fresh copy of the clean database, changed with the sqlite3 shell.
tamper() {
	cp "$T/clean.db" "$T/tampered.db"
	rm -f "$T/tampered.db-wal" "$T/tampered.db-shm"
	sqlite3 "$T/tampered.db" "$1"
	DYAD_DB="$T/tampered.db" run check
}

tamper "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'softened' WHERE id = 3;"
expect_rc "check exits non-zero when an entry was altered behind dropped triggers" 1
expect_out "check names the altered entry" "audit entry 3 (create session"
expect_out "check names the missing trigger" "audit_no_update is missing"
expect "a failed check says so on stderr in one line" test "$(printf '%s\n' "$ERR" | wc -l)" = 1
tamper "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 4;"
expect_rc "check exits non-zero when an entry was removed" 1
expect_out "check names the removed entry" "audit entry 4 is missing"
tamper "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);"
expect_rc "check exits non-zero when the last entry was removed" 1
expect_out "check sees the log was cut short" "the last entries were removed"
tamper "DROP TRIGGER audit_no_update; UPDATE audit SET hash = '$(printf 'b%.0s' {1..64})' WHERE id = 2;"
expect_out "check finds a replaced hash" "audit entry 2 "
tamper "DROP TRIGGER note_signed_no_update; UPDATE note SET body = 'a kinder version' WHERE session_id = $SID;"
expect_rc "check exits non-zero when a signed note was rewritten behind dropped triggers" 1
expect_out "check names the rewritten note" "session $SID's signed note no longer reads as it did"
tamper "DROP TRIGGER addendum_no_update; UPDATE addendum SET body = 'never mind' WHERE id = $AID;"
expect_out "check finds a rewritten addendum" "addendum $AID no longer reads as it did"
tamper "DROP TRIGGER note_signed_no_update; UPDATE note SET status = 'draft', signed_at = NULL WHERE session_id = $SID;"
expect_out "check finds a signed note turned back into a draft" "is now a draft again"
tamper "PRAGMA foreign_keys = OFF; INSERT INTO rating (session_id, concept_id, partner, value) VALUES (9999, 1, 'a', 1);"
expect_rc "check exits non-zero on a dangling reference" 1
expect_out "check reports it as a foreign key problem" "foreign keys: rating row"
cp "$T/clean.db" "$T/tampered.db"
rm -f "$T/tampered.db-wal" "$T/tampered.db-shm"
DYAD_DB="$T/tampered.db" run check
expect_rc "an untouched copy still checks clean" 0

# A damaged file: check reports it instead of crashing.
cp "$T/clean.db" "$T/damaged.db"
pages=$(($(stat -c %s "$T/damaged.db") / 4096))
dd if=/dev/urandom of="$T/damaged.db" bs=4096 seek=$((pages - 2)) count=1 conv=notrunc 2>/dev/null
DYAD_DB="$T/damaged.db" run check
expect "check on a damaged file exits 1 without crashing" test "$RC" -eq 1

# --- the demo is summarised, not itemised -----------------------------------------
DYAD_DB="$T/demo.db" run init --demo
DYAD_DB="$T/demo.db" run audit --json
expect "the demo practice is one audit entry" test "$(json_get '[(e["action"], e["object"]) for e in d]')" = "[('create', 'demo')]"
DYAD_DB="$T/demo.db" run check
expect_rc "the demo database checks clean" 0

# --- homework: its changes and every handout are in the audit log -----------------
export DYAD_DB="$T/homework.db"
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
HC=$OUT
run session add "$HC" --date 2026-11-20T14:30
HS=$OUT
run config set practice.name "Riverside Couples Practice"
run assign "$HC" attention-daily --session "$HS" --note "Right after dinner."
expect_rc "an exercise is assigned" 0
HA=$OUT
run checkin "$HA" --partner a --done 5 --of 7 --comment "Tangerine-Walrus evenings were the hardest."
expect_rc "a check-in is recorded" 0
run assignment set "$HA" --status done
mkdir -p "$T/handouts"
run handout "$HA" -o "$T/handouts/attention.pdf"
expect_rc "a handout is written" 0
run audit --json
expect "homework changes are in the audit log, each with its couple" \
	test "$(json_get '[(e["action"], e["object"], e["couple_id"]) for e in d if e["object"] in ("setting", "assignment", "checkin", "handout")]')" = \
	"[('change', 'setting', None), ('create', 'assignment', $HC), ('create', 'checkin', $HC), ('change', 'assignment', $HC), ('export', 'handout', $HC)]"
expect "the handout's entry names the file that left" test "$(json_get '[e["detail"] for e in d if e["object"] == "handout"][0]')" = "$T/handouts/attention.pdf"
expect "a check-in's entry keeps the figures, not the couple's words" test "$(json_get '[e["detail"] for e in d if e["object"] == "checkin"][0]')" = "assignment $HA, partner a, $DYAD_TODAY: 5 of 7"
expect "no entry carries the check-in comment" sh -c "! grep -q Tangerine '$T/out'"
run export -o "$T/homework.json"
DYAD_DB="$T/homework-imported.db" run import "$T/homework.json"
expect_rc "a practice with homework imports" 0
DYAD_DB="$T/homework-imported.db" run export -o "$T/homework-again.json"
expect "homework survives export, import, export byte for byte" cmp "$T/homework.json" "$T/homework-again.json"
DYAD_DB="$T/homework-imported.db" run assignments "$HC" --all --json
expect "the imported assignment is there, done" test "$(json_get '[a["status"] for a in d]')" = "['done']"

# --- measures and progress reports are in the audit log too ------------------------
run measure add closeness "Felt closeness" --min 0 --max 10 --higher-is-better
expect_rc "a measure is added to the catalogue" 0
run measure "$HS" csi4 15.5 --partner a
expect_rc "a score is recorded" 0
run measure "$HS" csi4 --partner a --clear
mkdir -p "$T/reports"
run report "$HC" -o "$T/reports/okafor.xlsx" --include-notes
expect_rc "a couple's report is written" 0
run report --caseload -o "$T/reports/caseload.xlsx"
expect_rc "the caseload report is written" 0
run audit --json
expect "measures, scores and reports are in the audit log" \
	test "$(json_get '[(e["action"], e["object"], e["detail"]) for e in d if e["object"] in ("measure", "measure_score", "report")]')" = \
	"[('create', 'measure', 'closeness'), ('change', 'measure_score', 'csi4, partner a: 15.5'), ('change', 'measure_score', 'csi4, partner a: cleared'), ('export', 'report', '$T/reports/okafor.xlsx (with note text)'), ('export', 'report', 'caseload: $T/reports/caseload.xlsx')]"
expect "a couple's report entry names the couple" test "$(json_get '[e["couple_id"] for e in d if e["object"] == "report"]')" = "[$HC, None]"
run measure "$HS" csi4 12 --partner b
run export -o "$T/measures.json"
DYAD_DB="$T/measures-imported.db" run import "$T/measures.json"
DYAD_DB="$T/measures-imported.db" run export -o "$T/measures-again.json"
expect "measures (real numbers included) survive export, import, export byte for byte" cmp "$T/measures.json" "$T/measures-again.json"
DYAD_DB="$T/measures-imported.db" run check
expect_rc "and the imported database checks clean" 0
