#!/usr/bin/env bash
# backup.sh: getting data out and back: online backups that stay
# consistent while another dyad writes, restores that check first and keep
# what they replace, and a JSON export that imports back byte for byte.
. "$DYAD_SRC/tests/lib.sh"

mode() { stat -c %a "$1"; }
# The shell waits for a lock like dyad does (the writer below holds one
# for a moment at every save; without a timeout a count comes back empty).
q() { sqlite3 -cmd '.timeout 5000' "$1" "$2"; }

# consistent DB: a backup holds whole transactions only: every couple has
# both partners, every session its note, each writer's couple and note its
# audit entry (the demo is one entry for all of it), and dyad check passes.
consistent() {
	local db=$1
	[ "$(q "$db" 'SELECT count(*) FROM couple c WHERE (SELECT count(*) FROM partner p WHERE p.couple_id = c.id) <> 2')" = 0 ] &&
		[ "$(q "$db" 'SELECT count(*) FROM session s LEFT JOIN note n ON n.session_id = s.id WHERE n.session_id IS NULL')" = 0 ] &&
		[ "$(q "$db" "SELECT count(*) FROM couple WHERE name LIKE 'Writer couple %'")" = "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'create' AND object = 'couple'")" ] &&
		[ "$(q "$db" "SELECT count(*) FROM note WHERE body LIKE 'Note % written while a backup ran.%'")" = "$(q "$db" "SELECT count(*) FROM audit WHERE action = 'change' AND object = 'note'")" ] &&
		DYAD_DB=$db "$DYAD" check >/dev/null 2>&1
}

run init --demo
expect_rc "a demo practice to back up" 0
run note addendum 1 --file - <<<"Addendum: the intake date was a week earlier."

# --- backup while another dyad writes -----------------------------------------------
# The writer adds couples, sessions and notes until told to stop.
writer() {
	local i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		c=$("$DYAD" couple add "Writer couple $i" --partner "A$i" --partner "B$i" 2>/dev/null) || continue
		s=$("$DYAD" session add "$c" 2>/dev/null) || continue
		printf 'Note %s written while a backup ran.\n' "$i" | "$DYAD" note set "$s" 2>/dev/null
	done
}
writer &
writer_pid=$!
base=$(q "$DYAD_DB" 'SELECT count(*) FROM couple')
for i in $(seq 1 100); do
	[ "$(q "$DYAD_DB" 'SELECT count(*) FROM couple' 2>/dev/null)" -gt "$base" ] && break
	sleep 0.1
done
all_ok=1
for n in 1 2 3 4 5; do
	run backup "$T/backups/while-writing-$n.db"
	if [ "$RC" -ne 0 ] || ! consistent "$T/backups/while-writing-$n.db"; then
		all_ok=0
		echo "# backup $n: rc=$RC err=$ERR"
	fi
done
touch "$T/stop"
wait "$writer_pid"
if [ $all_ok = 1 ]; then ok "five backups taken while another dyad writes are each consistent"; else not_ok "five backups taken while another dyad writes are each consistent"; fi
after=$(q "$DYAD_DB" 'SELECT count(*) FROM couple')
expect "the writer kept writing through the backups" test "$after" -gt "$base"
expect "the live database is consistent too" consistent "$DYAD_DB"
B="$T/backups/while-writing-5.db"
expect "a backup is mode 0600" test "$(mode "$B")" = 600
expect "a backup folder dyad creates is mode 0700" test "$(mode "$T/backups")" = 700
expect "a backup is one file, with no -wal beside it" test ! -e "$B-wal" -a ! -e "$B-journal"
expect "a backup of a plain database reads in the sqlite3 shell" test "$(q "$B" 'PRAGMA integrity_check')" = ok
run audit --json
expect "each backup is in the audit log" test "$(json_get 'len([e for e in d if e["action"] == "export" and e["object"] == "backup"])')" = 5

# --- backups refuse to write where they should not -----------------------------------
echo "precious" >"$T/precious.txt"
ln -s "$T/precious.txt" "$T/link.db"
refused "a backup refuses a symbolic link at its target" 1 "symbolic link" backup "$T/link.db"
expect "the link's target is untouched" test "$(cat "$T/precious.txt")" = precious
refused "a backup over the database itself is refused" 1 "database itself" backup "$DYAD_DB"
mkdir "$T/adir"
refused "a backup onto a folder is refused" 1 "not a regular file" backup "$T/adir"

# --- restore -------------------------------------------------------------------------
backup_couples=$(q "$B" 'SELECT count(*) FROM couple')
run couple add "Added after the backup" --partner X --partner Y
live_couples=$(q "$DYAD_DB" 'SELECT count(*) FROM couple')
run restore "$B"
expect_rc "restore succeeds" 0
expect_out "restore names the copy it kept" "kept as"
kept=$(ls "$T" | grep '^dyad\.db\.before-restore-' | grep -v -- '-lock$' | head -1)
expect "the replaced database is kept as a dated copy" test -n "$kept"
expect "the dated copy is mode 0600" test "$(mode "$T/$kept")" = 600
expect "the dated copy still holds what came after the backup" test "$(q "$T/$kept" "SELECT count(*) FROM couple WHERE name = 'Added after the backup'")" = 1
expect "the restored database holds exactly the backup's couples" test "$(q "$DYAD_DB" 'SELECT count(*) FROM couple')" = "$backup_couples"
expect "the couple added after the backup is gone from it" test "$(q "$DYAD_DB" "SELECT count(*) FROM couple WHERE name = 'Added after the backup'")" = 0
expect "the restored database is consistent" consistent "$DYAD_DB"
run audit --json
expect "the restore is recorded in the restored database" test "$(json_get 'd[-1]["action"]')" = restore
expect "the live database had more couples than the backup" test "$live_couples" -gt "$backup_couples"

# A damaged backup is refused and nothing changes.
cp "$B" "$T/damaged.db"
pages=$(($(stat -c %s "$T/damaged.db") / 4096))
dd if=/dev/urandom of="$T/damaged.db" bs=4096 seek=$((pages / 2)) count=2 conv=notrunc 2>/dev/null
refused "a damaged backup is refused and the database is unchanged" 1 "restore" restore "$T/damaged.db"
cp "$B" "$T/tampered.db"
sqlite3 "$T/tampered.db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE id = 2;"
refused "a backup whose audit log was altered is refused" 1 "audit entry 2" restore "$T/tampered.db"
head -c 20000 /dev/urandom >"$T/noise.db"
printf 'some passphrase\n' >"$T/any-pass"
chmod 600 "$T/any-pass"
DYAD_BACKUP_PASSPHRASE_FILE=$T/any-pass refused "a file that is not a database is refused" 1 "not a \(dyad database\|SQLite file\)" restore "$T/noise.db"
refused "a missing backup is refused" 1 "does not exist" restore "$T/nothing-here.db"
refused "restoring the database onto itself is refused" 1 "itself" restore "$DYAD_DB"
sqlite3 "$T/empty-sqlite.db" "CREATE TABLE t (x)"
refused "a SQLite file that is not a dyad database is refused" 1 "no dyad data" restore "$T/empty-sqlite.db"

# Restore waits for no one: it is refused while a dyad has the database open.
run session add 1
DRAFT=$OUT
mkfifo "$T/fifo"
"$DYAD" note set "$DRAFT" <"$T/fifo" >/dev/null 2>&1 &
holder=$!
exec 7>"$T/fifo"
wait_until_open "$holder"
refused "restore is refused while another dyad has the database open" 1 "open in another program" restore "$B"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
exec 7>&-

# ...and while another program (here Python's sqlite3) has it open.
/usr/bin/python3 -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM couple").fetchall()
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)' "$DYAD_DB" "$T/reader-ready" "$T/reader-done" &
reader=$!
for i in $(seq 1 200); do [ -e "$T/reader-ready" ] && break; sleep 0.05; done
refused "restore is refused while another program reads the database" 1 "open in another program" restore "$B"
touch "$T/reader-done"
wait "$reader"

# Restoring into a database that does not exist yet keeps nothing.
DYAD_DB="$T/fresh/dyad.db" run restore "$B"
expect_rc "restore creates a missing database from the backup" 0
expect "with nothing to keep, no dated copy is made" test -z "$(ls "$T/fresh" | grep before-restore)"
expect "and the new folder is private" test "$(mode "$T/fresh")" = 700

# --- encrypted backups ------------------------------------------------------------------
if "$DYAD" --version | grep -q "with SQLCipher"; then
	printf 'a long enough passphrase\n' >"$T/pass"
	chmod 600 "$T/pass"
	export DYAD_DB="$T/enc.db"
	"$DYAD" init --demo >/dev/null
	DYAD_PASSPHRASE_FILE=$T/pass "$DYAD" encrypt >/dev/null
	DYAD_PASSPHRASE_FILE=$T/pass run backup "$T/enc-backup.db"
	expect_rc "an encrypted database backs up" 0
	expect "the backup of an encrypted database is encrypted" test "$(head -c 15 "$T/enc-backup.db" | tr -d '\0')" != "SQLite format 3"
	expect "it holds no readable note text" sh -c "! grep -q -a -E 'flooding|repair' '$T/enc-backup.db'"
	DYAD_PASSPHRASE_FILE=$T/pass run couple add "Later" --partner X --partner Y
	printf 'not it at all\n' >"$T/wrong"
	chmod 600 "$T/wrong"
	DYAD_BACKUP_PASSPHRASE_FILE=$T/wrong refused "an encrypted backup with the wrong passphrase is refused" 1 "passphrase" restore "$T/enc-backup.db"
	DYAD_PASSPHRASE_FILE=$T/pass run restore "$T/enc-backup.db"
	expect_rc "an encrypted backup restores with its passphrase" 0
	DYAD_PASSPHRASE_FILE=$T/pass run couple list --all --json
	expect "the restored encrypted database opens and lacks the later couple" test "$(json_get 'len([c for c in d if c["name"] == "Later"])')" = 0
	DYAD_PASSPHRASE_FILE=$T/pass run check
	expect_rc "and checks clean" 0
	export DYAD_DB="$T/dyad.db"
fi

# --- export and import -----------------------------------------------------------------
NOTE=$'Line one with "quotes", a back\\slash, tabs\tand émoji 😀.\nA second line; -- not a comment; =SUM(A1)'
run session add 2 --date 2026-11-26T10:00
S=$OUT
printf '%s\n' "$NOTE" | "$DYAD" note set "$S"
"$DYAD" rate "$S" startup 3 --partner b >/dev/null
"$DYAD" note sign "$S"
printf 'An addendum with "quotes" too.\n' | "$DYAD" note addendum "$S" >/dev/null
run export -o "$T/exports/first.json"
expect_rc "export -o writes a file" 0
expect "the export is mode 0600" test "$(mode "$T/exports/first.json")" = 600
expect "a folder made for it is mode 0700" test "$(mode "$T/exports")" = 700
expect "the export is valid JSON in the documented shape" test "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["format"], d["format_version"], [t["name"] for t in d["tables"]][:4])' "$T/exports/first.json")" = "dyad-export 1 ['couple', 'partner', 'session', 'note']"
expect "the export holds everything, the audit log included" test "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(t["name"] for t in d["tables"] if t["name"] in ("audit","audit_head","addendum","rating","concept")))' "$T/exports/first.json")" = "['addendum', 'audit', 'audit_head', 'concept', 'rating']"
expect "the note comes through byte for byte" test "$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=[t for t in d["tables"] if t["name"]=="note"][0]; i=t["columns"].index("body"); j=t["columns"].index("session_id"); sys.stdout.write([r[i] for r in t["rows"] if r[j]=='"$S"'][0])' "$T/exports/first.json")" = "$NOTE"
expect "the search index is not exported" sh -c "! grep -q note_fts '$T/exports/first.json'"
run export
expect "export without -o writes the same notes as JSON to standard output" test "$(/usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
note = lambda d: [t for t in d["tables"] if t["name"] == "note"][0]
print(note(a) == note(b) and [t["name"] for t in a["tables"]] == [t["name"] for t in b["tables"]])' "$T/out" "$T/exports/first.json")" = True
run audit --json
expect "exports are recorded in the audit log" test "$(json_get '[e["detail"] for e in d if e["action"] == "export" and e["object"] == "export"]')" = "['$T/exports/first.json', 'standard output']"

# Moving to another computer: its audit key is not this one's. The import
# says how to bring the key along, and works once it is there.
export_file="$T/exports/first.json"
mkdir -p "$T/other/.config"
HOME="$T/other" XDG_CONFIG_HOME="$T/other/.config" DYAD_DB="$T/other.db" run import "$export_file"
expect_rc "an export kept with another computer's audit key is not imported blindly" 1
expect_err "the refusal says to copy that computer's audit key" "copy that computer's audit.key to $T/other/.config/dyad/audit.key"
expect "and nothing was imported" test "$(sqlite3 "$T/other.db" "SELECT count(*) FROM couple" 2>/dev/null || echo 0)" = 0
HOME="$T/other" XDG_CONFIG_HOME="$T/other/.config" DYAD_AUDIT_KEY_FILE="$T/home/.config/dyad/audit.key" \
	DYAD_DB="$T/other.db" run import "$export_file"
expect_rc "with that key pointed at, the same export imports" 0

# Round trip: export, import into an empty database, export again.
DYAD_DB="$T/imported.db" run import "$export_file"
expect_rc "import into an empty database succeeds" 0
DYAD_DB="$T/imported.db" run export -o "$T/exports/second.json"
expect "export, import, export gives an identical file" cmp "$export_file" "$T/exports/second.json"
DYAD_DB="$T/imported.db" run check
expect_rc "the imported database checks clean, audit chain and all" 0
DYAD_DB="$T/imported.db" run search "émoji"
expect_out "the search index is rebuilt on import" "2026-11-26"
DYAD_DB="$T/imported.db" run note show "$S" --json
expect "an imported signed note is still signed, with its addendum" test "$(json_get '(d["status"], len(d["addenda"]))')" = "('signed', 1)"
before=$(sqlite3 "$T/imported.db" 'SELECT count(*) FROM note')
sqlite3 "$T/imported.db" "UPDATE note SET body = 'x' WHERE session_id = $S" 2>/dev/null
expect "an imported signed note is locked too" test "$(sqlite3 "$T/imported.db" "SELECT body FROM note WHERE session_id = $S")" = "$NOTE"

for n in 1 2 3 4; do DYAD_DB="$T/empty$n.db" "$DYAD" couple list >/dev/null; done
DYAD_DB="$T/imported.db" refused "import into a database with records is refused" 1 "empty database" import "$export_file"
head -c 3000 "$export_file" >"$T/truncated.json"
DYAD_DB="$T/empty1.db" refused "a truncated export is refused, naming a line" 1 "line" import "$T/truncated.json"
expect "and nothing of it was imported" test "$(sqlite3 "$T/empty1.db" 'SELECT count(*) FROM couple')" = 0
sed 's/"fictional demo practice/"an edited demo practice/' "$export_file" >"$T/tampered.json"
DYAD_DB="$T/empty2.db" refused "an export whose audit log was edited is refused" 1 "does not verify" import "$T/tampered.json"
sed 's/^{"name":"partner"/{"name":"partners"/' "$export_file" >"$T/unknown.json"
DYAD_DB="$T/empty3.db" refused "an export with a table this dyad lacks is refused" 1 "partners" import "$T/unknown.json"
echo '{"format":"something-else","format_version":1,"schema_version":1,"tables":[]}' >"$T/other.json"
DYAD_DB="$T/empty4.db" refused "a JSON file that is not a dyad export is refused" 1 "not a dyad export" import "$T/other.json"
refused "import of a missing file is refused" 1 "import" import "$T/nothing.json"

ln -s "$T/precious.txt" "$T/exports/link.json"
refused "export refuses a symbolic link at its target" 1 "symbolic link" export -o "$T/exports/link.json"
expect "the link's target is untouched by export" test "$(cat "$T/precious.txt")" = precious
refused "export over the database itself is refused" 1 "database itself" export -o "$DYAD_DB"
