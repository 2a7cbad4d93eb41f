#!/usr/bin/env bash
# restore_check.sh: restore runs the whole check on a backup before it
# replaces anything: a backup whose triggers were dropped or added to, whose
# audit chain is broken or whose signed note was edited is refused and the
# live database stays as it was; --force restores it anyway and says so in
# the audit log.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Weekends."
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'We spoke about the weekend; lighthouse was the word they chose.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run note sign "$SID"
expect_rc "the note is signed" 0
run backup "$T/good.db"
expect_rc "a backup is made" 0
run couple add "Later Couple" --partner "A" --partner "B" --intake 2026-11-02

# tamper FILE SQL: a copy of the good backup, changed with the sqlite3 shell.
tamper() {
	cp "$T/good.db" "$T/$1"
	sqlite3 "$T/$1" "$2" >/dev/null 2>"$T/sqlerr" || { echo "# sqlite3: $(cat "$T/sqlerr")"; }
}
tamper dropped.db "DROP TRIGGER note_signed_no_update"
tamper extra.db "CREATE TRIGGER quiet_helper AFTER INSERT ON couple BEGIN SELECT 1; END"
# The attacker puts each trigger back exactly as it was, so only the
# record itself gives the change away.
trigger_sql() { sqlite3 "$T/good.db" "SELECT sql FROM sqlite_master WHERE name = '$1'"; }
tamper chain.db "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'nothing to see' WHERE id = 2; $(trigger_sql audit_no_update)"
tamper edited.db "DROP TRIGGER note_signed_no_update; UPDATE note SET body = 'rewritten' WHERE session_id = $SID; $(trigger_sql note_signed_no_update)"
schema_of() { sqlite3 "$1" "SELECT sql FROM sqlite_master ORDER BY name"; }
expect "the attacks leave the schema as dyad made it" test "$(schema_of "$T/edited.db")" = "$(schema_of "$T/good.db")"

refused "a backup with a dropped trigger is refused, the database unchanged" 1 "note_signed_no_update" restore "$T/dropped.db"
refused "a backup with an extra trigger is refused, the database unchanged" 1 "extra trigger quiet_helper" restore "$T/extra.db"
refused "a backup with a broken audit chain is refused, the database unchanged" 1 "audit entry 2" restore "$T/chain.db"
refused "a backup whose signed note was edited is refused, the database unchanged" 1 "signed note no longer reads" restore "$T/edited.db"
expect "a refusal keeps no copy of the database beside it" test -z "$(ls "$T" | grep before-restore | grep -v -- -lock)"
run couple list --json
expect "after the refusals the live database still has its later couple" test "$(json_get 'len([c for c in d if c["name"] == "Later Couple"])')" = 1

run restore "$T/good.db"
expect_rc "a good backup restores" 0
run couple list --json
expect "the restored database lacks the couple added after the backup" test "$(json_get 'len([c for c in d if c["name"] == "Later Couple"])')" = 0
run check
expect_rc "the restored database checks clean" 0

run restore --force "$T/extra.db"
expect_rc "restore --force puts back a backup that failed its check" 0
expect_out "a forced restore lists what the check found" "extra trigger quiet_helper"
expect_out "a forced restore says it was forced" "--force"
run audit --json
expect "the forced restore is in the audit log, saying it was forced" test "$(json_get 'd[-1]["action"] + "|" + str("forced (--force)" in d[-1]["detail"])')" = "restore|True"
run check
expect_rc "check still reports the extra trigger after a forced restore" 1
expect_out "check names the extra trigger" "extra trigger quiet_helper"
