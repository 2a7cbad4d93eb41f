#!/usr/bin/env bash
# encryption.sh: encryption at rest with SQLCipher: no readable header and
# no note text in the file or its WAL, passphrases only from a private
# file or the terminal, a wrong one is a clear refusal, and encrypt,
# decrypt and rekey keep every record.
. "$DYAD_SRC/tests/lib.sh"

if ! "$DYAD" --version | grep -q "with SQLCipher"; then
	skip "encryption at rest" "this build links plain SQLite"
	exit 0
fi

# passfile NAME TEXT: a private passphrase file.
passfile() {
	printf '%s\n' "$2" >"$T/$1"
	chmod 600 "$T/$1"
	echo "$T/$1"
}
PASS=$(passfile pass 'Correct horse, battery staple')
NEWPASS=$(passfile newpass 'a whole new passphrase')
WRONG=$(passfile wrong 'not the passphrase')
header() { head -c 15 "$1" | tr -d '\0'; }

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Grief after a loss."
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'Pomegranate-Flamingo spoke about the funeral.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run note sign "$SID"
expect "before encryption the file is a plain SQLite file" test "$(header "$DYAD_DB")" = "SQLite format 3"
expect "and the note text is in it" grep -q -a "Pomegranate-Flamingo" "$DYAD_DB" "$DYAD_DB-wal"

# --- encrypt --------------------------------------------------------------------
chmod 644 "$PASS"
DYAD_PASSPHRASE_FILE=$PASS refused "encrypt refuses a passphrase file others can read" 1 "chmod 600" encrypt
chmod 600 "$PASS"
SHORT=$(passfile short 'tiny')
DYAD_PASSPHRASE_FILE=$SHORT refused "encrypt refuses a passphrase shorter than 8 characters" 1 "at least 8" encrypt
# Without a file and without a terminal (a new session has none) there is
# no one to ask.
printf '#!/bin/sh\nexec setsid -w "%s" "$@"\n' "$DYAD" >"$T/dyad-notty"
chmod 755 "$T/dyad-notty"
DYAD=$T/dyad-notty refused "encrypt without a terminal or a passphrase file is refused" 1 "DYAD_PASSPHRASE_FILE" encrypt
refused "a passphrase is never taken from the command line" 2 "unknown option" encrypt --passphrase secret123
run session add "$CID" --date 2026-11-21T09:00
PLAIN_DRAFT=$OUT
mkfifo "$T/fifo0"
"$DYAD" note set "$PLAIN_DRAFT" <"$T/fifo0" >/dev/null 2>&1 &
holder=$!
exec 6>"$T/fifo0"
wait_until_open "$holder"
DYAD_PASSPHRASE_FILE=$PASS refused "encrypt is refused while another dyad has the database open" 1 "another dyad" encrypt
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
exec 6>&-
/usr/bin/python3 -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM couple").fetchall()
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.05)' "$DYAD_DB" "$T/reader-ready" "$T/reader-done" &
reader=$!
for i in $(seq 1 200); do [ -e "$T/reader-ready" ] && break; sleep 0.05; done
DYAD_PASSPHRASE_FILE=$PASS refused "encrypt is refused while another program reads the database" 1 "open in another program" encrypt
touch "$T/reader-done"
wait "$reader"
DYAD_PASSPHRASE_FILE=$PASS run encrypt
expect_rc "encrypt succeeds" 0
expect_out "encrypt says what happened" "Encrypted"
expect "the encrypted file does not begin with 'SQLite format 3'" test "$(header "$DYAD_DB")" != "SQLite format 3"
expect "the database stays mode 0600" test "$(stat -c %a "$DYAD_DB")" = 600
expect "no temporary file is left beside it" test -z "$(ls "$T" | grep -E '^dyad\.db\.new-')"

export DYAD_PASSPHRASE_FILE=$PASS
# A second dyad holds the database open (waiting for a note on a fifo), so
# what is written next stays in the -wal instead of being checkpointed away.
run session add "$CID" --date 2026-11-29T09:00
DRAFT=$OUT
mkfifo "$T/fifo"
"$DYAD" note set "$DRAFT" <"$T/fifo" >/dev/null 2>&1 &
holder=$!
exec 7>"$T/fifo"
wait_until_open "$holder"
printf 'Zanzibar-Quokka came up again in session.\n' >"$T/note2.txt"
run session add "$CID" --date 2026-11-27T14:30
SID2=$OUT
run note set "$SID2" --file "$T/note2.txt"
expect_rc "an encrypted database takes new notes" 0
printf 'Addendum: Quixotic-Marmalade was the word.\n' >"$T/add.txt"
run note addendum "$SID" --file "$T/add.txt"
expect_rc "and addenda" 0
expect "the -wal holds those writes while another dyad has the database open" test -s "$DYAD_DB-wal"
for f in "$DYAD_DB" "$DYAD_DB-wal"; do
	[ -e "$f" ] || continue
	if grep -q -a -E "Pomegranate-Flamingo|Zanzibar-Quokka|Quixotic-Marmalade|Okafor|Maya" "$f"; then
		not_ok "no note text or name is readable in $(basename "$f")"
	else
		ok "no note text or name is readable in $(basename "$f")"
	fi
done
run note show "$SID"
expect "with the passphrase the note reads back exactly" test "$(head -1 "$T/out")" = "$(cat "$T/note.txt")"
DYAD_NEW_PASSPHRASE_FILE=$NEWPASS refused "rekey is refused while another dyad has the database open" 1 "another dyad" rekey
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
exec 7>&-
run note show "$SID2"
expect "the note written into the encrypted database reads back" test "$OUT" = "$(cat "$T/note2.txt")"
run search "Zanzibar"
expect_out "full-text search works on an encrypted database" "Okafor & Reyes"
expect "the sqlite3 shell cannot read it" sh -c "! sqlite3 '$DYAD_DB' 'SELECT count(*) FROM note' >/dev/null 2>&1"
if command -v sqlcipher >/dev/null 2>&1; then
	got=$(sqlcipher "$DYAD_DB" "PRAGMA key = '$(cat "$PASS")'; SELECT count(*) FROM note;" 2>/dev/null | tail -1)
	expect "the sqlcipher shell reads it with the passphrase" test "$got" = 4
fi

# --- wrong passphrases ----------------------------------------------------------------
before=$(sha256sum <"$DYAD_DB")
DYAD_PASSPHRASE_FILE=$WRONG run couple list
expect_rc "a wrong passphrase is refused with exit 1" 1
expect "the refusal is one clear line" test "$(printf '%s\n' "$ERR" | wc -l)" = 1
expect_err "the refusal speaks of the passphrase" "passphrase: it does not open"
expect "nothing is printed on stdout" test -z "$OUT"
expect "SQLCipher's own log stays quiet" sh -c "! grep -q -i -E 'hmac|codec|ERROR CORE' '$T/err'"
expect "a wrong passphrase leaves the file untouched" test "$before" = "$(sha256sum <"$DYAD_DB")"
DYAD_PASSPHRASE_FILE=$T/nope refused "a missing passphrase file is refused" 1 "passphrase" couple list
EMPTY=$(passfile empty '')
DYAD_PASSPHRASE_FILE=$EMPTY refused "an empty passphrase file is refused" 1 "empty" couple list
DYAD=$T/dyad-notty DYAD_PASSPHRASE_FILE= refused "with no passphrase file and no terminal the refusal says how to give one" 1 "DYAD_PASSPHRASE_FILE" couple list

# --- the passphrase never lands in the data -------------------------------------------
run audit --json
expect "the audit log records the encryption" test "$(json_get '[e["action"] for e in d if e["object"] == "database"]')" = "['encrypt']"
expect "the passphrase is not in the audit log" sh -c "! grep -q -F 'battery staple' '$T/out'"
run export -o "$T/all.json"
expect "the passphrase is not in an export of everything" sh -c "! grep -q -F 'battery staple' '$T/all.json'"
expect "the passphrase is not in the database file" sh -c "! grep -q -a -F 'battery staple' '$DYAD_DB'"

# --- rekey --------------------------------------------------------------------------
chmod 640 "$WRONG"
DYAD_NEW_PASSPHRASE_FILE=$WRONG refused "rekey refuses a new passphrase file others can read" 1 "chmod 600" rekey
chmod 600 "$WRONG"
DYAD_NEW_PASSPHRASE_FILE=$NEWPASS run rekey
expect_rc "rekey succeeds" 0
run couple list
expect_rc "the old passphrase no longer opens the database" 1
DYAD_PASSPHRASE_FILE=$NEWPASS run note show "$SID"
expect "the new passphrase opens it, every note intact" test "$(head -1 "$T/out")" = "$(cat "$T/note.txt")"
DYAD_PASSPHRASE_FILE=$NEWPASS run check
expect_rc "the re-keyed database checks clean" 0
expect_out "the encrypted pages are checked too" "encrypted pages:     ok"

# --- decrypt ---------------------------------------------------------------------------
export DYAD_PASSPHRASE_FILE=$NEWPASS
refused "encrypt refuses an encrypted database" 1 "already encrypted" encrypt
run decrypt
expect_rc "decrypt succeeds" 0
expect "a decrypted file begins with 'SQLite format 3' again" test "$(header "$DYAD_DB")" = "SQLite format 3"
unset DYAD_PASSPHRASE_FILE
expect "the sqlite3 shell reads it again" test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM note')" = 4
run note show "$SID2"
expect "every note survives the round trip" test "$OUT" = "$(cat "$T/note2.txt")"
run audit --json
expect "the log shows encrypt, rekey and decrypt" test "$(json_get '[e["action"] for e in d if e["object"] == "database"]')" = "['encrypt', 'rekey', 'decrypt']"
run check
expect_rc "the decrypted database checks clean" 0
refused "decrypt refuses a plain database" 1 "not encrypted" decrypt
refused "rekey refuses a plain database" 1 "not encrypted" rekey

# --- a file that is not a database at all ---------------------------------------------------
head -c 8192 /dev/urandom >"$T/noise.db"
DYAD_DB="$T/noise.db" DYAD_PASSPHRASE_FILE=$PASS run couple list
expect "random bytes are refused without a crash" test "$RC" -eq 1
expect_err "with a message about the passphrase or the file" "not a dyad database"
