#!/usr/bin/env bash
# inputs.sh: every file dyad reads because someone named it (an option, the
# environment) must be a regular file: a named pipe would wait for ever,
# /dev/zero would never end, a folder is no file. Each is refused at once in
# one line that names the input, and nothing is changed.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-10-01
CID=$OUT
run session add "$CID" --date 2026-11-20T10:00
SID=$OUT
run assign "$CID" attention-daily --due 2026-12-05
AID=$OUT
mkfifo "$T/pipe"
mkdir -p "$T/folder"

# refused_quickly NAME FIELD TIMEOUT_ARGS...: dyad (given 10 s at most)
# refuses in one line naming FIELD, and the database is unchanged.
refused_quickly() {
	local name=$1 field=$2
	shift 2
	local before after
	before=$(db_fingerprint)
	timeout 10 "$DYAD" "$@" >"$T/out" 2>"$T/err" </dev/null
	RC=$?
	ERR=$(cat "$T/err")
	after=$(db_fingerprint)
	if [ "$RC" -eq 124 ]; then
		not_ok "$name" "dyad was still waiting after 10 seconds"
	elif [ "$RC" -ne 1 ]; then
		not_ok "$name" "exit $RC, wanted 1; stderr: $ERR"
	elif [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] || ! printf '%s' "$ERR" | grep -q -- "$field"; then
		not_ok "$name" "wanted one line naming '$field', got: $ERR"
	elif [ "$before" != "$after" ]; then
		not_ok "$name" "the database changed"
	else
		ok "$name"
	fi
}

for bad in "$T/pipe" /dev/zero "$T/folder"; do
	refused_quickly "note set --file $bad is refused" "note: $bad is" note set "$SID" --file "$bad"
	refused_quickly "assign --note-file $bad is refused" "note: $bad is" \
		assign "$CID" repair-log --due 2026-12-05 --note-file "$bad"
	refused_quickly "import $bad is refused" "import: $bad is" import "$bad"
	DYAD_PAPERSIZE_FILE=$bad refused_quickly "DYAD_PAPERSIZE_FILE=$bad is refused" \
		"DYAD_PAPERSIZE_FILE: $bad is" handout "$AID" -o "$T/h.pdf"
done
expect "no handout was written" test ! -e "$T/h.pdf"
expect "the pipe is named as one" grep -q "is a named pipe, not a regular file" <(
	timeout 10 "$DYAD" note set "$SID" --file "$T/pipe" 2>&1 </dev/null)

# A papersize file that is present but says nothing useful is ignored, as
# before; a missing one too.
printf '# no size here\n\n' >"$T/papersize"
DYAD_PAPERSIZE_FILE=$T/papersize run handout "$AID" -o "$T/h.pdf"
expect "an ordinary papersize file is still read" test "$RC" = 0 -a -s "$T/h.pdf"
printf 'a4\n' >"$T/papersize"
DYAD_PAPERSIZE_FILE=$T/papersize run handout "$AID" -o "$T/h4.pdf"
expect "a4 from the papersize file is used" grep -q "595.* x 841" <(pdfinfo "$T/h4.pdf")
DYAD_PAPERSIZE_FILE=$T/missing run handout "$AID" -o "$T/h5.pdf"
expect "a missing papersize file falls back quietly" test "$RC" = 0

# --- the passphrase file ------------------------------------------------------------------------
if "$DYAD" --version 2>/dev/null | grep -qi sqlcipher; then
	printf 'correct horse battery staple\n' >"$T/pass"
	chmod 600 "$T/pass"
	DYAD_PASSPHRASE_FILE=$T/pass run encrypt
	expect "the database is encrypted for the trials" test "$RC" = 0
	for bad in "$T/pipe" /dev/zero "$T/folder"; do
		DYAD_PASSPHRASE_FILE=$bad refused_quickly "DYAD_PASSPHRASE_FILE=$bad is refused" \
			"passphrase: $bad is" couple list
	done
	DYAD_PASSPHRASE_FILE=$T/pass run couple list
	expect "the real passphrase file still opens it" test "$RC" = 0
else
	skip "DYAD_PASSPHRASE_FILE as a pipe is refused" "built without SQLCipher"
fi
