#!/usr/bin/env bash
# attacks.sh: someone with the database file and the sqlite3 shell (but not
# the audit key in the user's config) changes the record behind dyad's back;
# every change must be found by `dyad check`: non-zero exit and a message
# naming what is wrong, never "No problems found".
. "$DYAD_SRC/tests/lib.sh"

KEY="$XDG_CONFIG_HOME/dyad/audit.key"
ANCHORS="$XDG_CONFIG_HOME/dyad/audit.anchors"

run init
expect_rc "init succeeds" 0
expect "init makes the audit key in the private config folder" test -f "$KEY"
expect "the key file is 0600" test "$(stat -c %a "$KEY")" = 600
expect "its folder is 0700" test "$(stat -c %a "$(dirname "$KEY")")" = 700
expect_out "init names the key and asks for a copy elsewhere" "audit.key"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Weekends."
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
run session add "$CID" --date 2026-11-27T14:30
DRAFT=$OUT
printf 'They named the lighthouse walk as the good part of the week.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run note sign "$SID"
expect_rc "a note is signed" 0
printf 'A draft about the car ride home.\n' >"$T/draft.txt"
run note set "$DRAFT" --file "$T/draft.txt"
run check
expect_rc "the untouched record checks clean" 0
expect_out "check says every entry is keyed" "keyed"
expect "a clean check leaves an anchor" grep -q "^dyad-anchor-1 " "$ANCHORS"
expect "the anchor file is 0600" test "$(stat -c %a "$ANCHORS")" = 600
run check --anchor
expect_rc "check --anchor succeeds on a clean record" 0
expect "check --anchor prints one line with the count and head" test "$(printf '%s\n' "$OUT" | wc -l)" = 1
expect_out "the anchor line holds the entry count" "entries="
N=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM audit")
expect "the anchor line holds the log's head" test "$(printf '%s' "$OUT" | sed 's/.*head=\([0-9a-f]*\).*/\1/')" = "$(sqlite3 "$DYAD_DB" "SELECT hash FROM audit WHERE id = $N")"

# Keep this state, to start each attack from it.
sqlite3 "$DYAD_DB" ".backup '$T/base.db'"
cp -a "$XDG_CONFIG_HOME" "$T/base-config"
reset() {
	rm -f "$DYAD_DB" "$DYAD_DB-wal" "$DYAD_DB-shm"
	cp "$T/base.db" "$DYAD_DB"
	rm -rf "$XDG_CONFIG_HOME"
	cp -a "$T/base-config" "$XDG_CONFIG_HOME"
}
trigger_sql() { sqlite3 "$DYAD_DB" "SELECT sql FROM sqlite_master WHERE name = '$1'"; }
# shell SQL: the attacker's change, with sqlite3 alone
shell() {
	if ! sqlite3 "$DYAD_DB" "$1" >"$T/sql.out" 2>&1; then
		echo "# sqlite3 refused: $(cat "$T/sql.out")"
	fi
}
# found NAME TEXT: check exits non-zero, names TEXT and never says all is well.
found() {
	run check
	if [ "$RC" -eq 0 ]; then
		not_ok "$1" "check exited 0: $OUT"
	elif [ -z "$(printf '%s' "$OUT" | grep -F -- "$2")" ]; then
		not_ok "$1" "check did not say '$2': $OUT"
	elif printf '%s' "$OUT" | grep -q "No problems found"; then
		not_ok "$1" "check also said no problems: $OUT"
	else
		ok "$1"
	fi
}
# The unkeyed hash of an entry, as dyad computed it before the audit key.
field() { if [ -z "$1" ]; then printf -- '-\n'; else printf '%s:%s\n' "${#1}" "$1"; fi; }
plain_hash() {
	{ field dyad-audit-1; field "$1"; field "$2"; field "$3"; field "$4"; field "$5"; field "$6"
	  field "$7"; field "$8"; field "$9"; field "${10}"; } | sha256sum | cut -d' ' -f1
}

reset
shell "UPDATE note SET status = 'signed', signed_at = '2026-11-27T15:40:00Z' WHERE session_id = $DRAFT"
found "a draft marked signed with no audit entry is found" "session $DRAFT's note is marked signed, but the audit log has no entry for its signing"

reset
last=$(sqlite3 "$DYAD_DB" "SELECT hash FROM audit ORDER BY id DESC LIMIT 1")
id=$((N + 1))
at=2026-11-27T15:40:00Z
body_sha=$(printf 'A draft about the car ride home.\n' | sha256sum | cut -d' ' -f1)
h=$(plain_hash "$id" "$at" sign note "$CID" "$DRAFT" "" "revision 1" "$body_sha" "$last")
shell "UPDATE note SET status = 'signed', signed_at = '$at' WHERE session_id = $DRAFT;
INSERT INTO audit (id, at, action, object, couple_id, session_id, detail, content_sha256, prev_hash, hash)
VALUES ($id, '$at', 'sign', 'note', $CID, $DRAFT, 'revision 1', '$body_sha', '$last', '$h');
UPDATE audit_head SET last_id = $id, last_hash = '$h'"
found "a backdated signature entry with a recomputed hash is found (no key)" "audit entry $id (sign note, $at) was written without the audit key"
found "and its date is found out of time order" "audit entry $id (sign note) is out of time order"

reset
keep=$((N - 2))
head_hash=$(sqlite3 "$DYAD_DB" "SELECT hash FROM audit WHERE id = $keep")
no_delete=$(trigger_sql audit_no_delete)
follows=$(trigger_sql audit_head_follows)
shell "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_head_follows;
DELETE FROM audit WHERE id > $keep;
UPDATE audit_head SET last_id = $keep, last_hash = '$head_hash';
$no_delete; $follows"
found "the log's tail cut (head moved back with it) is found against the anchor" "entries were cut from its end"

reset
head_delete=$(trigger_sql audit_head_no_delete)
shell "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_head_no_delete;
DELETE FROM audit; DELETE FROM audit_head; $no_delete; $head_delete"
found "the whole log deleted is found against the anchor" "the whole log was deleted"
found "and the signed note left without its signing entry is found" "session $SID's note is marked signed, but the audit log has no entry"

reset
back=$((N - 1))
back_hash=$(sqlite3 "$DYAD_DB" "SELECT hash FROM audit WHERE id = $back")
shell "DROP TRIGGER audit_head_follows; UPDATE audit_head SET last_id = $back, last_hash = '$back_hash'; $follows"
found "the log's head moved back is found" "its head says entry $back"

reset
rm -f "$KEY"
found "the audit key removed is found" "audit key $KEY is missing; check cannot vouch for the log"
run note set "$DRAFT" --file "$T/note.txt"
expect_rc "without the key nothing is added to a keyed log" 1
expect_err "and the refusal names the missing key" "audit key $KEY is missing"

reset
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$KEY"
echo >>"$KEY"
found "the audit key replaced is found" "audit key $KEY does not match this log"

reset
run check
expect_rc "after all that, the kept state still checks clean" 0

# --- a log from before the key: unkeyed history, then the keyed chain ---------------
L="$T/legacy.db"
: >"$T/not-a-folder"
old_dyad() { DYAD_DB="$L" DYAD_AUDIT_KEY_FILE="$T/not-a-folder/audit.key" run "$@"; }
old_dyad couple add "Early Couple" --partner "Ada" --partner "Ben" --intake 2026-10-01
ECID=$OUT
old_dyad intake "$ECID" --concerns "Chores."
old_dyad session add "$ECID" --date 2026-10-05T10:00
ESID=$OUT
old_dyad note set "$ESID" --file "$T/note.txt"
old_dyad note sign "$ESID"
expect_rc "with no place for a key, dyad still records (unkeyed)" 0
DYAD_DB="$L" run check
expect_rc "a log from before the key is unkeyed history, not tampering" 0
expect_out "check calls it history" "history from before the audit key"
DYAD_DB="$L" run couple add "Later Couple" --partner "Cy" --partner "Di" --intake 2026-11-01
DYAD_DB="$L" run audit --json
expect "the first entry with the key starts the keyed chain" test "$(json_get '[e["object"] for e in d][-2]')" = audit_key
DYAD_DB="$L" run check
expect_rc "history and keyed chain together check clean" 0
expect_out "check counts the keyed entries" "2 keyed"
sqlite3 "$L" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'quietly changed' WHERE id = 1; $(sqlite3 "$T/base.db" "SELECT sql FROM sqlite_master WHERE name = 'audit_no_update'")"
DYAD_DB="$L" run check
expect_rc "an altered entry of the unkeyed history is still found" 1
expect_out "check names it" "audit entry 1"
