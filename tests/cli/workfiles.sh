#!/usr/bin/env bash
# workfiles.sh: no plain copy of the database is left beside an encrypted
# one. encrypt, decrypt, rekey and restore work in DATABASE-work (0700); what
# a killed one leaves there (or, from older versions, as DATABASE.new-XXXXXX)
# is removed by the next dyad to start; encrypt removes the plain copies an
# earlier restore kept; and the copy restore keeps of an encrypted database
# is itself encrypted.
. "$DYAD_SRC/tests/lib.sh"

if ! "$DYAD" --version | grep -q "with SQLCipher"; then
	skip "plain copies beside an encrypted database" "this build links plain SQLite"
	exit 0
fi
printf 'Correct horse, battery staple\n' >"$T/pass"
chmod 600 "$T/pass"
WORK=$DYAD_DB-work

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run session add "$CID" --date 2026-11-20T14:30
printf 'Pomegranate-Flamingo spoke about the funeral.\n' >"$T/note.txt"
run note set "$OUT" --file "$T/note.txt"
run backup "$T/backups/plain.db"

# plain_copies: the files beside the database (its own name and more) in
# which the note can be read.
plain_copies() {
	grep -l -a -r "Pomegranate-Flamingo" "$DYAD_DB"* 2>/dev/null || true
}

# --- what a killed encrypt, decrypt or restore leaves is removed at the next start -------------
mkdir -p "$WORK"
cp "$DYAD_DB" "$WORK/new-Ab3dE9"
cp "$DYAD_DB" "$WORK/new-Ab3dE9-journal"
cp "$DYAD_DB" "$DYAD_DB.new-Zq81xY"
printf 'keep me\n' >"$WORK/notes-of-mine"
printf 'keep me\n' >"$DYAD_DB.new-year-plans.txt"
run couple list
expect_rc "dyad starts as usual" 0
expect "a work file left in DATABASE-work is removed" test ! -e "$WORK/new-Ab3dE9"
expect "and its journal" test ! -e "$WORK/new-Ab3dE9-journal"
expect "a work file left beside the database by an older dyad is removed" test ! -e "$DYAD_DB.new-Zq81xY"
expect "files that are not dyad's work are kept" test -e "$WORK/notes-of-mine" -a -e "$DYAD_DB.new-year-plans.txt"
rm -f "$WORK/notes-of-mine" "$DYAD_DB.new-year-plans.txt"

# A restore keeps the plain database it replaced; encrypt removes it.
run couple add "Added after the backup" --partner A --partner B --intake 2026-10-01
run restore "$T/backups/plain.db"
expect_rc "a plain backup is restored" 0
kept=$(ls -t "$DYAD_DB".before-restore-* 2>/dev/null | grep -v -- '-lock$' | head -1)
expect "and the replaced database is kept" test -n "$kept"
DYAD_PASSPHRASE_FILE=$T/pass run encrypt
expect_rc "encrypt succeeds" 0
expect_out "encrypt says it removed the plain copy restore kept" "Removed $kept, an unencrypted copy"
expect "that copy is gone" test ! -e "$kept"
expect "no file beside the encrypted database holds the note in plain text" test -z "$(plain_copies)"
expect "the work folder is private" test "$(stat -c %a "$WORK")" = 700
expect "and empty" test -z "$(ls -A "$WORK")"

# --- a decrypt killed half-way --------------------------------------------------------------
# A larger practice, so the rewrite takes long enough to be caught at it.
DYAD_DB=$T/big.db run init --demo --couples 120 --weeks 40 --seed 7
DYAD_DB=$T/big.db DYAD_PASSPHRASE_FILE=$T/pass run encrypt
caught=""
for attempt in 1 2 3 4 5; do
	DYAD_DB=$T/big.db DYAD_PASSPHRASE_FILE=$T/pass "$DYAD" decrypt >/dev/null 2>&1 &
	pid=$!
	for ((i = 0; i < 400; i++)); do
		if [ -n "$(ls "$T/big.db-work" 2>/dev/null | grep '^new-')" ]; then
			kill -9 "$pid" 2>/dev/null && caught=1
			break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.005
	done
	wait "$pid" 2>/dev/null
	[ -n "$caught" ] && break
	# It finished first: encrypt again and try once more.
	DYAD_DB=$T/big.db DYAD_PASSPHRASE_FILE=$T/pass run encrypt
done
if [ -n "$caught" ]; then
	expect "a killed decrypt left its work only inside the private folder" \
		test -z "$(ls -A "$T" | grep '^big\.db\.new-' || true)"
	expect "that folder is 0700" test "$(stat -c %a "$T/big.db-work")" = 700
	DYAD_DB=$T/big.db DYAD_PASSPHRASE_FILE=$T/pass run couple list
	expect_rc "the database still opens with its passphrase after the kill" 0
	expect "and the next start removed the half-made plain copy" \
		test -z "$(ls -A "$T/big.db-work")"
else
	skip "a killed decrypt left its work only inside the private folder" "decrypt always finished first"
fi

# --- restore over an encrypted database keeps an encrypted copy ---------------------------
DYAD_PASSPHRASE_FILE=$T/pass run backup "$T/backups/encrypted.db"
DYAD_PASSPHRASE_FILE=$T/pass run couple add "After the encrypted backup" --partner C --partner D --intake 2026-10-01
DYAD_PASSPHRASE_FILE=$T/pass run restore "$T/backups/encrypted.db"
expect_rc "an encrypted backup is restored" 0
kept=$(ls -t "$DYAD_DB".before-restore-* 2>/dev/null | grep -v -- '-lock$' | head -1)
expect "the replaced encrypted database is kept" test -n "$kept"
expect "and that copy has no readable header" test "$(head -c 15 "$kept" | tr -d '\0')" != "SQLite format 3"
expect "and the note cannot be read in it" test -z "$(plain_copies)"
expect "the kept copy opens with the passphrase" \
	env DYAD_DB="$kept" DYAD_PASSPHRASE_FILE="$T/pass" "$DYAD" couple list >/dev/null
DYAD_PASSPHRASE_FILE=$T/pass run encrypt
expect_rc "encrypt refuses an encrypted database" 1
expect "and keeps the encrypted copy restore made" test -e "$kept"
