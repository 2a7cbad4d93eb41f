#!/usr/bin/env bash
# full_disk.sh: no room to write (a full tmpfs, a file-size limit, /dev/full
# as standard output): one clear line on stderr, a non-zero exit, and the
# database exactly as it was.
. "$DYAD_SRC/tests/lib.sh"

SMALL="$T/small"
mkdir -p "$SMALL"
trap 'umount "$SMALL" 2>/dev/null; rm -rf "$T"' EXIT

integrity() { sqlite3 "$1" 'PRAGMA integrity_check' 2>&1; }

# run_limited KB ARGS...: run dyad with files limited to KB kilobytes.
run_limited() {
	local kb=$1
	shift
	(ulimit -f "$kb" && exec "$DYAD" "$@") >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# refused_cleanly NAME REASON: the last run failed with one line naming
# REASON, and did not crash.
refused_cleanly() {
	if [ "$RC" -ne 1 ]; then
		not_ok "$1" "exit $RC, wanted 1; stderr: $ERR"
	elif [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] || ! printf '%s' "$ERR" | grep -q -- "$2"; then
		not_ok "$1" "wanted one line saying '$2', got: $ERR"
	else
		ok "$1"
	fi
}

# A practice to work on.
run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run session add "$CID" --date 2026-11-20T10:00
SID=$OUT
run session add "$CID" --date 2026-11-27T10:00
SID2=$OUT
printf 'Softened startup; a repair attempt landed.\n' >"$T/short.txt"
run note set "$SID" --file "$T/short.txt"
run rate "$SID" startup 4 --partner a
# 600 KB of note, more than any limit below lets through.
for ((i = 0; i < 7000; i++)); do
	printf 'Line %05d: they named the pattern together and slowed down.\n' "$i"
done >"$T/big.txt"

# --- /dev/full as standard output ----------------------------------------------
for cmd in "couple list" "couple list --json" "couple show $CID" "couple show $CID --json" \
	"session list $CID" "session list $CID --json" "note show $SID" "note show $SID --json" \
	"search startup" "search startup --json" "concepts" "concepts --json" "--help" "--version" \
	"help couple add"; do
	# shellcheck disable=SC2086
	"$DYAD" $cmd >/dev/full 2>"$T/err"
	RC=$?
	ERR=$(cat "$T/err")
	refused_cleanly "dyad $cmd into /dev/full says the output was lost" "output"
done
before=$(db_fingerprint)
"$DYAD" session add "$CID" >/dev/full 2>"$T/err"
RC=$?
ERR=$(cat "$T/err")
refused_cleanly "session add into /dev/full says its id could not be printed" "output"
expect "the session it made is whole (with its note row)" test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM session s JOIN note n ON n.session_id = s.id')" = 3
refused "/dev/full is refused as a database" 1 "not a regular file" --db /dev/full couple list

# --- a file-size limit (ulimit -f) ---------------------------------------------------
before=$(db_fingerprint)
run_limited 200 note set "$SID2" --file "$T/big.txt"
refused_cleanly "a note past the file-size limit is refused in one line" "nothing was saved"
expect "dyad was not killed by SIGXFSZ" test "$RC" -lt 128
expect "the database is unchanged" test "$before" = "$(db_fingerprint)"
expect "and whole" test "$(integrity "$DYAD_DB")" = ok
run note set "$SID2" --file "$T/big.txt"
expect_rc "the same note saves once the limit is lifted" 0
expect "and is stored exactly" test "$(sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID2")" = "$(cat "$T/big.txt")"
before=$(db_fingerprint)
run_limited 100 note set "$SID2" --file "$T/short.txt"
if [ "$RC" -eq 0 ]; then
	expect "a small save under the limit succeeds" test "$(sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID2")" = "$(cat "$T/short.txt")"
else
	refused_cleanly "a save beside a database already past the limit is refused in one line" "database"
	expect "and changes nothing" test "$before" = "$(db_fingerprint)"
fi
run_limited 8 --db "$T/demo.db" init --demo
refused_cleanly "a demo past the file-size limit is refused in one line" "database"
run --db "$T/demo.db" couple list --all --json
expect "and leaves no part of a practice behind" test "$OUT" = "[]"
expect "the half-made database opens and is whole" test "$(integrity "$T/demo.db")" = ok

# --- a full disk: a 768 KB tmpfs (a new database and its log take about 500 KB) -----
if ! mount -t tmpfs -o size=768k,mode=0700 tmpfs "$SMALL" 2>"$T/mount.err"; then
	skip "a full disk refuses writes and keeps the database whole" "cannot mount a tmpfs here: $(head -c 100 "$T/mount.err")"
	exit 0
fi
export DYAD_DB="$SMALL/dyad.db"
run couple add "Nakamura & Osei" --partner Hana --partner Kwame --intake 2026-11-01
CID=$OUT
run session add "$CID"
SID=$OUT
run note set "$SID" --file "$T/short.txt"
expect_rc "a database on the small disk works while there is room" 0
before=$(db_fingerprint)
run note set "$SID" --file "$T/big.txt"
refused_cleanly "a note that does not fit on the disk is refused in one line" "disk is full"
expect "the note keeps its old text" test "$(sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID")" = "$(cat "$T/short.txt")"
expect "the database is unchanged" test "$before" = "$(db_fingerprint)"
expect "and whole" test "$(integrity "$DYAD_DB")" = ok
# Fill the rest of the disk, then try the small writes too.
before=$(db_fingerprint)
dd if=/dev/zero of="$SMALL/filler" bs=1k count=2048 2>/dev/null
for args in "couple add Late --partner A --partner B" "session add $CID" "rate $SID startup 2 --partner b" "note sign $SID"; do
	# shellcheck disable=SC2086
	run $args
	refused_cleanly "on a completely full disk, $(echo "$args" | cut -d' ' -f1-2) is refused: the disk is full" "disk is full"
done
run --db "$SMALL/new.db" couple list
refused_cleanly "a new database on a full disk is refused in one line" "disk is full"
# (SQLite cannot even make the shared-memory index of a WAL database on a
# full disk, so the checks below wait for some room.)
rm -f "$SMALL/filler" "$SMALL/new.db"
expect "whatever was refused on the full disk left the database whole" test "$(integrity "$DYAD_DB")" = ok
expect "and unchanged" test "$before" = "$(db_fingerprint)"
expect "no couple lacks a partner, no session its note" test "$(sqlite3 "$DYAD_DB" 'SELECT (SELECT count(*) FROM couple c WHERE (SELECT count(*) FROM partner p WHERE p.couple_id = c.id) != 2) + (SELECT count(*) FROM session s WHERE NOT EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id))')" = 0
run note set "$SID" --file "$T/short.txt"
expect_rc "once there is room again, dyad writes as before" 0
run couple show "$CID" --json
expect "and the couple is still there" test "$(json_get 'd["name"]')" = "Nakamura & Osei"
