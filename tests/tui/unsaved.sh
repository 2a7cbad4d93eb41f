#!/usr/bin/env bash
# unsaved.sh: note text that never reached the database is kept privately
# beside it and offered back at the next start. Here dyad is killed (-9)
# while the editor is open, the way a crash or a closed terminal would end
# it, and the next start puts the text back, discards it, or leaves it.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run session add "$CID" --date 2026-11-13T14:30
OLDER=$OUT
run session add "$CID" --date 2026-11-20T14:30
NEWER=$OUT
printf 'What was saved before.\n' >"$T/draft"
run note set "$NEWER" --file "$T/draft"
body() { sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $1"; }

# The editor writes its text, then kills dyad: the process id is part of
# the editing folder's name ("editing-session-<id>-p<pid>-XXXXXX").
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
cat "$NEXT_NOTE" > "$1"
pid=${1##*-p}
kill -9 "${pid%%-*}"
SH
chmod +x "$T/editor.sh"

# edit_and_die ROW TEXT: opens the session on ROW of the couple (0 newest)
# and has dyad killed while its note is in the editor.
edit_and_die() {
	printf '%s\n' "$2" >"$T/next-note"
	tui_start DYAD_EDITOR="$T/editor.sh" NEXT_NOTE="$T/next-note"
	tui_wait "Okafor & Reyes"
	# What an earlier kill left is offered first; it can wait.
	if tui_screen | grep -q "not saved"; then
		tui_keys n
		tui_wait "The kept notes stay in"
	fi
	tui_to_couples
	tui_keys Enter
	tui_wait "newest first"
	[ "$1" = 1 ] && tui_keys j
	tui_keys Enter
	tui_wait "Note  draft"
	tui_keys e
	tui_exit_status >/dev/null
}

edit_and_die 0 "Words written when dyad died."
expect "dyad was killed mid-edit" test "$(cat "$TUI_RC")" = 137
left=$(ls -d "$T"/unsaved/editing-session-"$NEWER"-p*-* 2>/dev/null)
expect "the editor's file is left in a folder named after the session" test -f "$left/note.txt"
expect "inside the private folder beside the database (0700)" test "$(stat -c %a "$T/unsaved")" = 700
expect "the file itself is private (0600)" test "$(stat -c %a "$left/note.txt")" = 600
expect "nothing of the note went to the shared temporary folder" test -z "$(ls -d "$T"/dyad-* 2>/dev/null)"
edit_and_die 1 "Words for the empty note."

tui_start
tui_expect "the next start says how many notes were not saved, and where" "2 notes written earlier were not saved and are kept in"
tui_expect "it offers to put them back or discard them" "d discards them"
tui_keys n
tui_expect "n leaves them for later, and says so" "The kept notes stay in"
expect "both are still there after n" test "$(ls -d "$T"/unsaved/editing-session-* | wc -l)" = 2
tui_finish "dyad quits cleanly after leaving them"

tui_start
tui_expect "the next start asks again" "2 notes written earlier were not saved"
tui_keys y
tui_expect "y puts both back" "Put back 2 kept notes into their drafts"
expect "a draft with text keeps it, with the recovered words below" \
	test "$(body "$NEWER" | head -n 1)" = "What was saved before."
expect "below a dated mark that says they were recovered" \
	test "$(body "$NEWER" | sed '3s/ on 20[0-9-]* at [0-9:]* / on WHEN /')" = "$(printf 'What was saved before.\n\n--- Recovered: text written on WHEN that was not saved ---\nWords written when dyad died.')"
expect "an empty draft simply becomes the recovered words" test "$(body "$OLDER")" = "Words for the empty note."
expect "what was put back is removed" test -z "$(ls -A "$T/unsaved")"
tui_finish "dyad quits cleanly after putting them back"

tui_start
tui_expect_gone "with nothing kept, nothing is asked" "were not saved"
tui_expect "Today opens as usual" "c couples"
tui_finish "dyad quits cleanly with nothing kept"

edit_and_die 0 "Words to throw away."
before=$(db_fingerprint)
tui_start
tui_expect "a single kept note is offered" "1 note written earlier was not saved"
tui_keys d
tui_expect "d discards it" "Discarded 1 kept note."
expect "its folder is gone" test -z "$(ls -A "$T/unsaved")"
expect "and the database did not change" test "$(db_fingerprint)" = "$before"
tui_finish "dyad quits cleanly after discarding"

# A dyad still running keeps its editing folder: another start must not
# offer (or remove) a note someone is writing now.
mkdir -m 700 "$T/unsaved/editing-session-$NEWER-p$$-abcdef"
printf 'being written\n' >"$T/unsaved/editing-session-$NEWER-p$$-abcdef/note.txt"
tui_start
tui_to_couples
tui_expect "the couples list opens" "Okafor & Reyes"
tui_expect_gone "a folder of a running process is not offered" "were not saved"
expect "and is left alone" test -f "$T/unsaved/editing-session-$NEWER-p$$-abcdef/note.txt"
tui_finish "dyad quits cleanly beside a running edit"
rm -rf "$T/unsaved/editing-session-$NEWER-p$$-abcdef"

# --- an encrypted database ------------------------------------------------------------------------
if "$DYAD" --version | grep -q "with SQLCipher"; then
	printf 'the unsaved passphrase\n' >"$T/pass"
	chmod 600 "$T/pass"
	DYAD_PASSPHRASE_FILE=$T/pass run encrypt
	printf 'Secret words.\n' >"$T/next-note"
	tui_start DYAD_PASSPHRASE_FILE="$T/pass" DYAD_EDITOR="$T/editor.sh" NEXT_NOTE="$T/next-note"
	tui_to_couples
	tui_keys Enter
	tui_wait "newest first"
	tui_keys Enter
	tui_wait "Note  draft"
	tui_keys e
	tui_exit_status >/dev/null
	tui_start DYAD_PASSPHRASE_FILE="$T/pass"
	tui_expect "with an encrypted database the offer warns that the files are plain text" "these files are plain text"
	tui_keys y
	tui_expect "y puts it back" "Put back 1 kept note into its draft"
	expect "and no plain text is left" test -z "$(ls -A "$T/unsaved")"
	tui_finish "dyad quits cleanly from the encrypted database"
fi
