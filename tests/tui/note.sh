#!/usr/bin/env bash
# note.sh: writing the note in the editor ($DYAD_EDITOR, scripted here),
# a save that meets someone else's save, signing after a question, the
# lock that follows, and finding the note again by searching for a word.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
run session add "$CID" --date 2026-11-13T14:30

# A scripted editor: it records that it ran and what it was given, then
# writes the text of $T/next-note into the file.
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
cat "$1" > "$EDITOR_SAW"
echo ran >> "$EDITOR_RAN"
cat "$NEXT_NOTE" > "$1"
SH
chmod +x "$T/editor.sh"
EDITOR_ENV=(DYAD_EDITOR="$T/editor.sh" VISUAL=false EDITOR=false EDITOR_SAW="$T/saw"
	EDITOR_RAN="$T/ran" NEXT_NOTE="$T/next-note")

printf 'Both came in tense. Maya named the zephyrine argument; we slowed down.\n山田 style check: 花子.\n' >"$T/next-note"
tui_start "${EDITOR_ENV[@]}"
tui_to_couples
tui_expect "the list opens" "Okafor & Reyes"
tui_keys Enter
tui_wait "newest first"
tui_keys Enter
tui_expect "the newest session opens" "Fri 2026-11-20 14:30"
tui_keys e
tui_expect "e runs the editor and comes back to the redrawn screen" "Note saved."
tui_expect "the new text shows on the session screen" "Maya named the zephyrine argument"
tui_expect "wide characters in the note show intact" "山田 style check: 花子."
expect "\$DYAD_EDITOR was preferred over \$VISUAL and \$EDITOR" test "$(cat "$T/ran")" = ran
run note show "$SID" --json
expect "the note in the database is exactly what the editor wrote" \
	test "$(json_get 'd["body"]')" = "$(cat "$T/next-note")"
expect "it is still a draft" test "$(json_get 'd["status"]')" = draft

# --- a save made elsewhere while the editor was open is not overwritten ----------------------
cat >"$T/editor.sh" <<SH
#!/bin/sh
cat "\$1" > "\$EDITOR_SAW"
printf 'Written by the other dyad.\n' | env DYAD_DB="$DYAD_DB" "$DYAD" note set $SID
printf 'My longer version of the note.\n' > "\$1"
SH
tui_keys e
tui_expect "a conflicting save is refused and says so" "saved elsewhere while you edited it"
tui_expect "the refused text is kept in a file, whose path is shown" "Your text is kept in"
run note show "$SID" --json
expect "the other process's text stays in the database" test "$(json_get 'd["body"]')" = "Written by the other dyad."
kept=$(ls "$T"/unsaved/session-"$SID"-note-*.txt 2>/dev/null | head -n 1)
expect "the kept file holds the text typed in the editor" test "$(cat "$kept" 2>/dev/null)" = "My longer version of the note."
expect "the kept file is private (0600)" test "$(stat -c %a "$kept" 2>/dev/null)" = 600
tui_expect "the screen shows the other process's text after the refusal" "Written by the other dyad."
expect "the editor's private folder is gone" test -z "$(ls -d "$T"/unsaved/editing-* "$T"/dyad-* 2>/dev/null)"
expect "the folder of kept notes is private (0700)" test "$(stat -c %a "$T/unsaved")" = 700

# --- signing ------------------------------------------------------------------------------------------
printf 'Closing the session: the zephyrine plan holds.\n' >"$T/next-note"
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
echo ran >> "$EDITOR_RAN"
cat "$NEXT_NOTE" > "$1"
SH
tui_keys e
tui_expect "a second edit saves" "the zephyrine plan holds"
tui_keys S
tui_expect "S asks before signing" "Sign this note?"
tui_expect "and says what signing means" "locked for good"
tui_keys n
tui_expect "n leaves the note a draft" "Not signed; the note stays a draft."
run note show "$SID" --json
expect "after no, the note is still a draft" test "$(json_get 'd["status"]')" = draft
tui_keys S
tui_wait "Sign this note?"
tui_keys y
tui_expect "y signs it" "Signed. The note and its ratings are locked now."
tui_expect "a signed note shows as locked" "signed 2026-"
run note show "$SID" --json
expect "the note is signed in the database" test "$(json_get 'd["status"]')" = signed
before=$(db_fingerprint)
runs_before=$(wc -l <"$T/ran")
tui_keys e
tui_expect "editing a signed note is refused" "This note is signed and locked, so it cannot be edited."
expect "the editor did not even start" test "$(wc -l <"$T/ran")" = "$runs_before"
tui_keys +
tui_expect "changing a rating of a signed note is refused" "its ratings are locked"
expect "nothing in the database changed" test "$(db_fingerprint)" = "$before"

# --- search --------------------------------------------------------------------------------------------
tui_keys q
tui_wait "newest first"
tui_keys j Enter
tui_expect "the older session opens" "Fri 2026-11-13 14:30"
tui_keys s
tui_expect "s opens the note search" "Search notes"
tui_type "zephyr"
tui_expect "the search finds the note as the word is typed" "the [zephyrine] plan holds"
tui_expect "and names the couple" "Okafor & Reyes"
tui_keys Enter
tui_expect "Enter opens the session the note belongs to" "Fri 2026-11-20 14:30 · 50 min"
tui_expect "its note is there" "Closing the session: the zephyrine plan holds."
tui_expect "the title shows the way back through the search" "Search › Fri 2026-11-20 14:30"
tui_keys Escape
tui_expect "Esc returns to the results" "Search notes  zephyr"
tui_keys Escape
tui_expect "and again to where the search began" "Fri 2026-11-13 14:30"
tui_finish "dyad quits cleanly"

# --- an editor that fails, and text the rules refuse ----------------------------------------------
OLDER=$(sqlite3 "$DYAD_DB" "SELECT id FROM session WHERE starts_at = '2026-11-13T14:30'")
tui_start DYAD_EDITOR=false
# The text kept after the conflict is offered back at the next start; its
# note is signed now, so it cannot go back and stays where it is.
tui_expect "the next start offers the kept text back" "1 note written earlier was not saved"
tui_keys y
tui_expect "a kept text whose note is signed is not forced in" "Put back 0 of 1 kept notes"
expect "and its file stays" test -f "$kept"
tui_to_couples
tui_keys Enter
tui_wait "newest first"
tui_keys j Enter
# The title, not the session row of the list: opening the session writes
# an audit entry, which must be in before the fingerprint is taken.
tui_wait "› Fri 2026-11-13 14:30"
before=$(db_fingerprint)
tui_keys e
tui_expect "an editor that fails changes nothing and says so" "The editor exited with status 1; the note was not changed"
expect "the database is as it was" test "$(db_fingerprint)" = "$before"
tui_finish "dyad quits cleanly after a failed editor"
printf 'A bell \a and an escape \033[2J do not belong in a note.\n' >"$T/next-note"
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
cat "$NEXT_NOTE" > "$1"
SH
tui_start "${EDITOR_ENV[@]}"
tui_expect "the kept text is offered again" "1 note written earlier was not saved"
tui_keys d
tui_expect "d discards it" "Discarded 1 kept note."
expect "and its file is gone" test ! -e "$kept"
tui_to_couples
tui_keys Enter
tui_wait "newest first"
tui_keys j Enter
tui_wait "Fri 2026-11-13 14:30"
tui_keys e
tui_expect "a note with control characters is refused like on the command line" "note:"
tui_expect "and the text is kept, not lost" "Your text is kept in"
run note show "$OLDER" --json
expect "the refused text did not reach the database" test "$(json_get 'd["body"]')" = ""
expect "a file holds the refused text" test "$(ls "$T"/unsaved/session-"$OLDER"-note-*.txt | wc -l)" = 1
tui_finish "dyad quits cleanly after a refused note"
