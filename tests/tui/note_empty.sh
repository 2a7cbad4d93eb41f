#!/usr/bin/env bash
# note_empty.sh: a note is never wiped by an empty save. In the interface
# an editor that saves nothing (or only blanks) asks first, and an editor
# that cannot start, fails or is killed says which; on the command line
# `note set` refuses empty input unless --allow-empty says it is meant.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'Maya named the kettle argument; we slowed down.\n' >"$T/draft"
run note set "$SID" --file "$T/draft"
body() { sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID"; }

# --- the command line ---------------------------------------------------------------------------
before=$(db_fingerprint)
run_in /dev/null note set "$SID"
expect_rc "note set with empty standard input is refused" 1
expect_err "and says why, and how to mean it" "the new text is empty and would wipe session $SID's draft; nothing was changed (give --allow-empty to empty it on purpose)"
expect "the draft is untouched" test "$(db_fingerprint)" = "$before"
printf '  \n\t\n\n' >"$T/blank"
run note set "$SID" --file "$T/blank"
expect_rc "a file of only spaces and line breaks counts as empty" 1
expect "the draft is still untouched" test "$(body)" = "Maya named the kettle argument; we slowed down."
run session add "$CID" --date 2026-11-13T14:30
EMPTY_SID=$OUT
run_in /dev/null note set "$EMPTY_SID"
expect_rc "empty text on a note that has none yet is fine" 0
run_in /dev/null note set "$SID" --allow-empty
expect_rc "--allow-empty empties a draft on purpose" 0
expect "the draft is empty now" test -z "$(body)"
run note set "$SID" --file "$T/draft"

# --- the interface -------------------------------------------------------------------------------
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
case "$EDIT_MODE" in
empty) : > "$1" ;;
blank) printf '  \n\t\n' > "$1" ;;
fail) exit 3 ;;
killed) kill -9 $$ ;;
esac
SH
chmod +x "$T/editor.sh"
open_session() {
	tui_to_couples
	tui_wait "Okafor & Reyes"
	tui_keys Enter
	tui_wait "newest first"
	tui_keys Enter
	tui_wait "› Fri 2026-11-20 14:30"
}

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=empty
open_session
before=$(db_fingerprint)
tui_keys e
tui_expect "an editor that saves the note empty asks first" "Empty the note?"
tui_expect "and says what that would do" "Emptying it removes all of"
tui_keys n
tui_expect "no keeps the note" "The note was not changed."
expect "the database is as it was after no" test "$(db_fingerprint)" = "$before"
tui_expect "the screen still shows the note" "Maya named the kettle argument"
tui_keys e
tui_wait "Empty the note?"
tui_keys Escape
tui_expect "Esc is no as well" "The note was not changed."
expect "the database is as it was after Esc" test "$(db_fingerprint)" = "$before"
tui_finish "dyad quits cleanly after keeping the note"

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=blank
open_session
tui_keys e
tui_expect "a note of only blanks counts as empty and asks too" "Empty the note?"
tui_keys y
tui_expect "yes empties it" "The note is empty now."
expect "the draft is empty in the database" test -z "$(body)"
tui_finish "dyad quits cleanly after emptying the note"
run note set "$SID" --file "$T/draft"

tui_start DYAD_EDITOR=/nonexistent
open_session
before=$(db_fingerprint)
tui_keys e
tui_expect "a missing editor says it could not start, and why" "Could not start the editor '/nonexistent': No such file or directory; the note was not changed"
expect "nothing changed" test "$(db_fingerprint)" = "$before"
tui_finish "dyad quits cleanly after a missing editor"

tui_start DYAD_EDITOR=no-such-editor-anywhere
open_session
tui_keys e
tui_expect "an editor not on the PATH is named" "no program called 'no-such-editor-anywhere'"
tui_finish "dyad quits cleanly after an editor not on the PATH"

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=fail
open_session
tui_keys e
tui_expect "an editor that exits non-zero gives its status" "The editor exited with status 3; the note was not changed"
tui_finish "dyad quits cleanly after a failing editor"

tui_start DYAD_EDITOR="$T/editor.sh" EDIT_MODE=killed
open_session
tui_keys e
tui_expect "an editor that is killed says so" "The editor was stopped by signal 9 (Killed); the note was not changed"
expect "the note is as it was" test "$(body)" = "Maya named the kettle argument; we slowed down."
expect "no editing folder is left behind" test -z "$(ls -d "$T"/unsaved/editing-* 2>/dev/null)"
tui_finish "dyad quits cleanly after a killed editor"
