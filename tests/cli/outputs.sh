#!/usr/bin/env bash
# outputs.sh: where a file of client data may go. No output (handout,
# handouts --dir, report, report --caseload, export -o, backup) is ever
# written over the database, its companion files, or any other database;
# a file that is not a database is never taken for an encrypted one; and a
# file whose audit entry cannot be written is not left behind.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-10-01
CID=$OUT
run assign "$CID" attention-daily --due 2026-12-05
AID=$OUT
run session add "$CID" --date 2026-11-20T10:00

# still_whole NAME BEFORE: the database has the same contents as BEFORE and
# still opens.
still_whole() {
	if [ "$(db_fingerprint)" != "$2" ]; then
		not_ok "$1" "the database changed"
	elif [ "$(head -c 16 "$DYAD_DB" | tr -d '\0')" != "SQLite format 3" ]; then
		not_ok "$1" "the database file is no longer a SQLite file"
	elif ! "$DYAD" couple list >/dev/null 2>&1; then
		not_ok "$1" "the database no longer opens"
	else
		ok "$1"
	fi
}

# refused_output NAME WANT ARGS...: dyad refuses in one line with WANT, and
# the database is exactly as it was.
refused_output() {
	local name=$1 want=$2
	shift 2
	local before
	before=$(db_fingerprint)
	run "$@"
	if [ "$RC" -ne 1 ]; then
		not_ok "$name" "exit $RC, wanted 1; stderr: $ERR"
	elif [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] || ! printf '%s' "$ERR" | grep -q -- "$want"; then
		not_ok "$name" "wanted one line with '$want', got: $ERR"
	else
		still_whole "$name" "$before"
	fi
}

# --- 1. the database and its own files ------------------------------------------------------
mkdir -p "$T/sub" "$T/handouts"
ln -s "$T" "$T/via-link"
db_name=$(basename "$DYAD_DB")
cd "$T" || exit 1
for spelling in "$DYAD_DB" "./$db_name" "sub/../$db_name" "via-link/$db_name" "$T/./sub/../$db_name"; do
	refused_output "handout -o $spelling (the database) is refused" "the dyad database itself" \
		handout "$AID" -o "$spelling"
	refused_output "report -o $spelling (the database) is refused" "the dyad database itself" \
		report "$CID" -o "$spelling"
	refused_output "report --caseload -o $spelling is refused" "the dyad database itself" \
		report --caseload -o "$spelling"
	refused_output "export -o $spelling is refused" "the dyad database itself" export -o "$spelling"
	refused_output "backup $spelling is refused" "the dyad database itself" backup "$spelling"
done
for own in -wal -shm -journal -lock; do
	refused_output "handout -o the database's $own file is refused" "own files ($own)" \
		handout "$AID" -o "$DYAD_DB$own"
	refused_output "export -o the database's $own file is refused" "own files ($own)" \
		export -o "$DYAD_DB$own"
	refused_output "backup to the database's $own file is refused" "own files ($own)" \
		backup "$DYAD_DB$own"
done
expect "a refused -journal target was not created" test ! -e "$DYAD_DB-journal"

# A database named like a spreadsheet, and a hard link to the database.
XLSX_DB="$T/practice.xlsx"
cp "$DYAD_DB" "$XLSX_DB"
before=$(DYAD_DB=$XLSX_DB db_fingerprint)
DYAD_DB=$XLSX_DB run report "$CID" -o "$XLSX_DB"
expect "report -o a database named .xlsx is refused" test "$RC" = 1
expect "and it says the file is the database" grep -q "the dyad database itself" "$T/err"
expect "and the database is unchanged" test "$(DYAD_DB=$XLSX_DB db_fingerprint)" = "$before"
ln "$DYAD_DB" "$T/hard-link.pdf"
refused_output "handout -o a hard link to the database is refused" "the dyad database itself" \
	handout "$AID" -o "$T/hard-link.pdf"
refused_output "report names its option" "^dyad: -o:" report "$CID" -o "$T/hard-link.pdf"
refused_output "export names its option" "^dyad: -o:" export -o "$T/hard-link.pdf"
refused_output "backup names itself" "^dyad: backup:" backup "$T/hard-link.pdf"
rm -f "$T/hard-link.pdf"

# handouts --dir into the database's folder, where a handout's own name is
# the database's: refused like any other.
run handout "$AID" -o "$T/handouts"
HDB=$OUT
expect "a handout's default name is known" test -f "$HDB"
rm -f "$HDB"
cp "$DYAD_DB" "$HDB"
before=$(DYAD_DB=$HDB db_fingerprint)
DYAD_DB=$HDB run handouts --due-before 2026-12-31 --dir "$T/handouts"
expect "handouts --dir refuses the file that is the database" test "$RC" = 1
expect "and says why" grep -q "the dyad database itself" "$T/err"
expect "and that database is unchanged" test "$(DYAD_DB=$HDB db_fingerprint)" = "$before"
rm -f "$HDB" "$HDB-wal" "$HDB-shm" "$HDB-lock"

# --- 1. any other database ---------------------------------------------------------------------
cp "$DYAD_DB" "$T/other.db"
other_sum=$(sha256sum <"$T/other.db")
refused_output "handout -o another SQLite database is refused" "is a SQLite database" \
	handout "$AID" -o "$T/other.db"
refused_output "backup over an older backup is refused" "is a SQLite database" \
	backup "$T/other.db"
refused_output "export -o another SQLite database is refused" "is a SQLite database" \
	export -o "$T/other.db"
expect "the other database is untouched" test "$(sha256sum <"$T/other.db")" = "$other_sum"
# 4096 random bytes: what an encrypted database looks like from outside.
head -c 4096 /dev/urandom >"$T/secret.db"
secret_sum=$(sha256sum <"$T/secret.db")
refused_output "report -o a file that could be an encrypted database is refused" \
	"could be an encrypted database" report "$CID" -o "$T/secret.db"
refused_output "backup over a file that could be an encrypted database is refused" \
	"could be an encrypted database" backup "$T/secret.db"
expect "the encrypted-looking file is untouched" test "$(sha256sum <"$T/secret.db")" = "$secret_sum"
# An older handout or export is replaced as before.
run handout "$AID" -o "$T/older.pdf"
run handout "$AID" -o "$T/older.pdf"
expect_rc "an older handout is still replaced" 0
run export -o "$T/older.json"
run export -o "$T/older.json"
expect_rc "an older export is still replaced" 0
expect "no temporary file is left beside the refused outputs" \
	test -z "$(ls -A "$T" | grep '^\.' || true)"

# --- 2. a database that is not one -------------------------------------------------------------
# not_a_database NAME FILE: dyad says FILE is no dyad database, asks for no
# passphrase, and leaves FILE as it was.
not_a_database() {
	local sum
	sum=$(sha256sum <"$2" 2>/dev/null || echo folder)
	DYAD_DB=$2 run couple list
	if [ "$RC" -ne 1 ]; then
		not_ok "$1" "exit $RC, wanted 1; stderr: $ERR"
	elif [ "$ERR" != "dyad: $2: not a dyad database" ] &&
		[ "$ERR" != "dyad: $2: not a dyad database (it is a folder)" ]; then
		not_ok "$1" "stderr: $ERR"
	elif [ "$(sha256sum <"$2" 2>/dev/null || echo folder)" != "$sum" ]; then
		not_ok "$1" "the file changed"
	else
		ok "$1"
	fi
}
run handout "$AID" -o "$T/a.pdf"
not_a_database "a PDF as the database is not a dyad database" "$T/a.pdf"
printf 'dear diary\n' >"$T/notes.txt"
not_a_database "a text file as the database is not a dyad database" "$T/notes.txt"
# Text that happens to fill whole pages is still text.
for i in $(seq 1 64); do printf 'line %03d of a text file, 64 bytes long, padded to fit. ....\n' "$i"; done >"$T/pages.txt"
not_a_database "a text file of whole pages is not a dyad database" "$T/pages.txt"
mkdir -p "$T/a-folder"
not_a_database "a folder as the database is not a dyad database" "$T/a-folder"
DYAD_DB=$T/a.pdf run restore "$T/other.db"
expect "restore refuses to replace a PDF named as the database" test "$RC" = 1 -a -s "$T/a.pdf"
expect "and says it is not a dyad database" grep -q "not a dyad database" "$T/err"
run restore "$T/notes.txt"
expect "restore from a text file says it is not a dyad database" grep -q "notes.txt: not a dyad database" "$T/err"
expect "without asking for a passphrase" test "$(grep -c passphrase "$T/err")" = 0
: >"$T/empty.db"
DYAD_DB=$T/empty.db run couple list
expect "an empty file is a new database" test "$RC" = 0 -a "$(head -c 15 "$T/empty.db")" = "SQLite format 3"
DYAD_DB=$T/secret.db run couple list
expect "random bytes are still taken for an encrypted database" grep -q passphrase "$T/err"

# --- 3. the audit entry cannot be written: no file is left -----------------------------------
# hold_write_lock: a sqlite3 shell takes the write lock and keeps it until
# release_write_lock, longer than dyad's 10-second busy timeout.
hold_write_lock() {
	rm -f "$T/held" "$T/lock-cmds"
	mkfifo "$T/lock-cmds" || return 1
	sqlite3 "$DYAD_DB" <"$T/lock-cmds" >/dev/null 2>&1 &
	HOLDER=$!
	exec 8>"$T/lock-cmds"
	printf 'BEGIN IMMEDIATE;\nINSERT INTO setting (key, value) VALUES (%s, 1);\n.system touch %s\n' \
		"'held'" "$T/held" >&8
	for ((w = 0; w < 200; w++)); do
		[ -e "$T/held" ] && return 0
		sleep 0.05
	done
	release_write_lock
	return 1
}
release_write_lock() {
	printf 'ROLLBACK;\n' >&8
	exec 8>&-
	wait "$HOLDER" 2>/dev/null
}
mkdir -p "$T/busy"
# (Handouts and reports go through the same path; each trial takes the
# whole busy timeout, so only these two are timed here.)
for spec in "export|export -o $T/busy/export.json" "backup|backup $T/busy/backup.db"; do
	name=${spec%%|*}
	target=${spec##* }
	audit_before=$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM audit')
	if hold_write_lock; then
		# shellcheck disable=SC2086
		run ${spec#*|}
		release_write_lock
		if [ "$RC" -ne 1 ]; then
			not_ok "$name: with the database busy it fails" "exit $RC; stderr: $ERR"
		else
			ok "$name: with the database busy it fails"
		fi
		expect "$name: it says the database was busy and the file was not written" \
			grep -q "busy.*was not written" "$T/err"
		expect "$name: in one line" test "$(wc -l <"$T/err")" = 1
		expect "$name: no file is left" test ! -e "$target"
		expect "$name: no temporary file is left" test -z "$(ls -A "$T/busy")"
		expect "$name: no audit entry was added" \
			test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM audit')" = "$audit_before"
	else
		skip "$name: with the database busy it fails" "could not hold the write lock"
	fi
done
run export -o "$T/busy/export.json"
expect "export works again once the lock is gone" test "$RC" = 0 -a -s "$T/busy/export.json"
expect "and its audit entry names the file" \
	test "$(sqlite3 "$DYAD_DB" "SELECT detail FROM audit WHERE object = 'export' ORDER BY id DESC LIMIT 1")" = "$T/busy/export.json"
