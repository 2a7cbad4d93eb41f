#!/usr/bin/env bash
# foundation.sh: the practice from the command line (couples, sessions, notes,
# ratings, search), run on the built binary.
. "$DYAD_SRC/tests/lib.sh"

# --- creating the database ---------------------------------------------------
run couple list
expect_rc "couple list on a missing database creates it" 0
expect "the database file is mode 0600" test "$(stat -c %a "$DYAD_DB")" = 600
DYAD_DB= run couple list
expect "the default database lives under XDG_DATA_HOME" test -f "$XDG_DATA_HOME/dyad/dyad.db"
expect "its folder is mode 0700" test "$(stat -c %a "$XDG_DATA_HOME/dyad")" = 700
run --db "$T/other/place.db" couple list
expect "--db picks another file" test -f "$T/other/place.db"

# --- couples -------------------------------------------------------------------
NAME='Zoë Åström-Núñez & Łukasz Wróbel'
run couple add "$NAME" --partner 'Zoë Åström-Núñez' --partner 'Łukasz Wróbel' --intake 2024-02-29
expect_rc "couple add succeeds" 0
CID=$OUT
expect "couple add prints the new id" test "$CID" -ge 1
run intake "$CID" --concerns "Distance since the move."
run couple show "$CID" --json
expect_rc "couple show --json succeeds" 0
got=$(json_get 'd["name"]')
expect "the couple's name comes back byte-identical through --json" test "$got" = "$NAME"
expect "partner A comes back byte-identical" test "$(json_get 'd["partners"][0]["name"]')" = 'Zoë Åström-Núñez'
expect "partner B comes back byte-identical" test "$(json_get 'd["partners"][1]["name"]')" = 'Łukasz Wróbel'
expect "ids are JSON numbers" test "$(json_get 'type(d["id"]).__name__')" = int
expect "a leap day is a valid intake date" test "$(json_get 'd["intake"]')" = 2024-02-29
expect "show --json counts sessions" test "$(json_get 'd["sessions"]["total"]')" = 0

refused "a couple with one partner is a usage error" 2 partner couple add "Solo" --partner "Only One"
refused "a couple with three partners is a usage error" 2 partner couple add "Trio" --partner A --partner B --partner C
refused "an empty couple name is refused" 1 "name:" couple add "" --partner A --partner B
refused "a blank partner name is refused" 1 "partner A name" couple add "X" --partner "   " --partner B
refused "an escape sequence in a name is refused" 1 "name:" couple add $'Evil\e[2J' --partner A --partner B
refused "invalid UTF-8 in a name is refused" 1 "partner B name" couple add "X" --partner A --partner $'B\xff'
refused "a right-to-left override in a name is refused" 1 "name:" couple add $'ab\u202ecd' --partner A --partner B
refused "a 201-character name is refused" 1 "name:" couple add "$(printf 'x%.0s' {1..201})" --partner A --partner B
refused "February 30th is refused" 1 "intake" couple add "X" --partner A --partner B --intake 2026-02-30
refused "an unknown option is a usage error" 2 "unknown option" couple add "X" --partner A --partner B --colour blue
refused "a missing option value is a usage error" 2 "intake" couple add "X" --partner A --partner B --intake
refused "showing a missing couple is refused" 1 "couple" couple show 999
refused "a malformed id is refused" 1 "couple id" couple show 12abc
refused "an unknown status is refused" 1 "status" couple set "$CID" --status divorced
refused "couple set with nothing to change is a usage error" 2 "nothing to change" couple set "$CID"
run couple add "$(printf 'é%.0s' {1..200})" --partner A --partner B
expect_rc "a 200-character name (400 bytes) is accepted" 0

run couple set "$CID" --status paused
expect_rc "couple set --status succeeds" 0
run couple list --json
expect "a paused couple is not in the active list" test "$(json_get 'len([c for c in d if c["id"]=='"$CID"'])')" = 0
run couple list --all --json
expect "couple list --all includes it" test "$(json_get '[c["status"] for c in d if c["id"]=='"$CID"'][0]')" = paused
run couple set "$CID" --status active --name "Åström-Núñez & Wróbel"
run couple list
expect_out "couple list shows the couple by name" "Åström-Núñez & Wróbel"
expect_out "couple list shows both partners" "Zoë Åström-Núñez / Łukasz Wróbel"

# --- sessions --------------------------------------------------------------------
run session add "$CID" --date 2026-11-20T14:30 --minutes 75 --modality video --attendance a-only
expect_rc "session add succeeds" 0
SID=$OUT
run session add "$CID"
expect_rc "session add with defaults succeeds" 0
SID2=$OUT
run session list "$CID" --json
expect "session list is newest first" test "$(json_get 'd[0]["id"]')" = "$SID2"
expect "the session keeps its fields" test "$(json_get '[ (s["starts_at"],s["minutes"],s["modality"],s["attendance"]) for s in d if s["id"]=='"$SID"'][0]')" = "('2026-11-20T14:30', 75, 'video', 'a-only')"
expect "a default session is 50 minutes in person with both" test "$(json_get '(d[0]["minutes"], d[0]["modality"], d[0]["attendance"])')" = "(50, 'in-person', 'both')"
refused "a session for a missing couple is refused" 1 "couple" session add 999
refused "an impossible session date is refused" 1 "date" session add "$CID" --date 2026-02-30
refused "an impossible session time is refused" 1 "date" session add "$CID" --date 2026-02-03T25:00
refused "zero minutes are refused" 1 "minutes" session add "$CID" --minutes 0
refused "an unknown modality is refused" 1 "modality" session add "$CID" --modality carrier-pigeon
refused "an unknown attendance is refused" 1 "attendance" session add "$CID" --attendance maybe
run session list "$CID"
expect_out "session list prints a table" "2026-11-20 14:30"

# --- notes -----------------------------------------------------------------------
printf 'Both arrived on time.\nSoftened startup from Zoë; repair accepted.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
expect_rc "note set --file succeeds" 0
run note show "$SID"
expect "note show prints the body exactly" cmp -s "$T/out" "$T/note.txt"
printf 'Second draft, from standard input.\n' >"$T/note2.txt"
run_in "$T/note2.txt" note set "$SID"
expect_rc "note set from standard input succeeds" 0
run note show "$SID"
expect "the draft was replaced" cmp -s "$T/out" "$T/note2.txt"
printf 'bad\0byte' >"$T/nul.txt"
refused "a note with a NUL byte is refused" 1 "note" note set "$SID" --file "$T/nul.txt"
printf 'bad \xff byte' >"$T/bad.txt"
refused "a note with invalid UTF-8 is refused" 1 "note" note set "$SID" --file "$T/bad.txt"
printf 'clear \033[2J screen' >"$T/esc.txt"
refused "a note with an escape sequence is refused" 1 "note" note set "$SID" --file "$T/esc.txt"
refused "a note for a missing session is refused" 1 "session" note set 999 --file "$T/note.txt"
refused "a missing note file is refused" 1 "note" note set "$SID" --file "$T/does-not-exist"
run note sign "$SID"
expect_rc "note sign succeeds" 0
run note show "$SID" --json
expect "a signed note says so" test "$(json_get 'd["status"]')" = signed
refused "a signed note cannot be replaced" 1 "signed" note set "$SID" --file "$T/note.txt"
refused "a note cannot be signed twice" 1 "already signed" note sign "$SID"

# --- ratings ---------------------------------------------------------------------
run rate "$SID2" startup 4 --partner a
expect_rc "rating a per-partner concept succeeds" 0
run rate "$SID2" sentiment_override -2 --partner b
expect_rc "a negative rating on the sentiment scale succeeds" 0
run rate "$SID2" meta 3
expect_rc "rating a couple-level concept succeeds" 0
run rate "$SID2" startup 5 --partner a
expect "rating again replaces the value" test "$(sqlite3 "$DYAD_DB" "SELECT value FROM rating r JOIN concept c ON c.id=r.concept_id WHERE session_id=$SID2 AND key='startup' AND partner='a'")" = 5
expect "and does not add a row" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM rating WHERE session_id=$SID2")" = 3
refused "a per-partner concept needs --partner" 1 "partner" rate "$SID2" startup 4
refused "a couple-level concept refuses --partner" 1 "partner" rate "$SID2" meta 3 --partner a
refused "a value off the scale is refused" 1 "value" rate "$SID2" startup 6 --partner a
refused "a value below the scale is refused" 1 "value" rate "$SID2" sentiment_override -3 --partner a
refused "a fractional value is refused" 1 "value" rate "$SID2" startup 4.5 --partner a
refused "an unknown concept is refused" 1 "concept" rate "$SID2" charisma 4 --partner a
refused "an unknown partner is refused" 1 "partner" rate "$SID2" startup 4 --partner c
refused "ratings of a signed note are locked" 1 "signed" rate "$SID" startup 4 --partner a
refused "a missing value is a usage error" 2 "VALUE" rate "$SID2" startup

run concepts --json
expect_rc "concepts --json succeeds" 0
expect "the catalogue holds the DOMAIN.md concepts" test "$(json_get 'sorted({c["family"] for c in d})')" = "['attention', 'flooding', 'horsemen', 'meta', 'ratio', 'repair', 'safety', 'sentiment_override', 'stance', 'startup']"
expect "every concept has a description" test "$(json_get 'all(len(c["description"]) > 20 for c in d)')" = True
expect "meta is couple-level" test "$(json_get '[c["level"] for c in d if c["key"]=="meta"][0]')" = couple
run concepts
expect_out "concepts prints a table" "sentiment_override"

# --- search ----------------------------------------------------------------------
run search standard
expect_out "search shows the couple of a matching note" "Åström-Núñez & Wróbel"
run search STANDARD --json
expect "search finds the signed note by a word" test "$(json_get '[h["session_id"] for h in d]')" = "[$SID]"
for q in "O'Brien" "self-soothing" '"' "'" 'AND' 'NOT' '(' ')' '*' 'a:b' 'NEAR(x' '-' '"unterminated' '^caret' '' '   '; do
	run search "$q"
	if [ "$RC" -ne 0 ] || [ -n "$ERR" ]; then
		not_ok "search never answers with a syntax error: [$q]" "rc=$RC err=$ERR"
	else
		ok "search never answers with a syntax error: [$q]"
	fi
done
printf "Talked with O'Brien about self-soothing.\n" >"$T/n3.txt"
run note set "$SID2" --file "$T/n3.txt"
run search "O'Brien" --json
expect "a name with an apostrophe is found" test "$(json_get 'len(d)')" = 1
run search "self-soothing" --json
expect "a hyphenated word is found" test "$(json_get 'len(d)')" = 1

# --- init and the demo -------------------------------------------------------------
refused "the demo is refused when couples exist" 1 "demo" init --demo
export DYAD_DB="$T/demo.db"
run init --demo
expect_rc "init --demo succeeds on an empty database" 0
run couple list --all --json
expect "the demo has at least 8 couples" test "$(json_get 'len(d)')" -ge 8
expect "the demo has about 3 months of weekly sessions" test "$(json_get 'max(c["sessions"]["total"] for c in d)')" -ge 12
expect "the demo's notes are searchable" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'flooding'")" -gt 0
expect "the demo has ratings" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM rating")" -gt 100
run init --demo --seed 7 --couples 3
expect_rc "a second demo into the same database is refused" 1
DYAD_DB="$T/demo2.db" run init --demo
expect "the demo is deterministic for a given day" test "$(sqlite3 "$T/demo.db" 'SELECT group_concat(body) FROM note')" = "$(sqlite3 "$T/demo2.db" 'SELECT group_concat(body) FROM note')"

# --- the schema version guard -------------------------------------------------------
sqlite3 "$DYAD_DB" 'PRAGMA user_version = 9999' >/dev/null
before=$(sha256sum <"$DYAD_DB")
run couple list
expect_rc "a database from a newer dyad is refused" 1
expect_err "the refusal explains itself" "newer dyad"
expect "the newer database is left untouched" test "$before" = "$(sha256sum <"$DYAD_DB")"

# --- usage -------------------------------------------------------------------------
run frobnicate
expect_rc "an unknown command is a usage error" 2
run couple
expect_rc "a group without a subcommand is a usage error" 2
run --help
expect_out "--help lists the commands" "couple add"
run --version
expect_out "--version prints the version" "dyad "
run couple add --help
expect_out "a command's --help prints its synopsis" "usage: dyad couple add"
