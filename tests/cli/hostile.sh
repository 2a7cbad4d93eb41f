#!/usr/bin/env bash
# hostile.sh: every text a person can give dyad, tried with terminal escape
# sequences (CSI, OSC), C1 controls, U+202E, invalid UTF-8, NUL bytes, huge
# text, SQL quotes and comments, and spreadsheet formula prefixes. Each is
# stored exactly or refused in one line that names the field; the database
# is never changed by a refusal; nothing dyad prints to a person carries a
# control character; nothing crashes.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/hostile_lib.sh"

run couple add "Okafor & Reyes" --partner Maya --partner Daniel --intake 2026-11-01
CID=$OUT
run session add "$CID" --date 2026-11-20T10:00
SID=$OUT
tables_before=$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM sqlite_master')

# --- one-line fields: names and pronouns ---------------------------------------------
# Each field: the label its refusal names, and how to set it to $V. The
# couple's name takes every payload; under make test the four partner
# fields share them out (line_payloads_for), make check-all gives each all.
i=0
for field in name partner_a partner_b pronouns_a pronouns_b; do
	line_payloads_for $i
	i=$((i + 1))
	for p in $refused_payloads; do
		V=$(payload "$p")
		case $field in
		name) refused_safely "couple name: $p is refused" 1 "name:" couple add "$V" --partner A --partner B ;;
		partner_a) refused_safely "partner A name: $p is refused" 1 "partner A name" couple add X --partner "$V" --partner B ;;
		partner_b) refused_safely "partner B name: $p is refused" 1 "partner B name" couple add X --partner A --partner "$V" ;;
		pronouns_a) refused_safely "partner A pronouns: $p is refused" 1 "partner A pronouns" couple add X --partner A --partner B --pronouns-a "$V" ;;
		pronouns_b) refused_safely "partner B pronouns: $p is refused" 1 "partner B pronouns" couple set "$CID" --pronouns-b "$V" ;;
		esac
	done
	for p in $stored_payloads; do
		V=$(payload "$p")
		case $field in
		name) run couple add "$V" --partner A --partner B; id=$OUT; col="SELECT hex(name) FROM couple WHERE id = $id"; js='d["name"]' ;;
		partner_a) run couple add X --partner "$V" --partner B; id=$OUT; col="SELECT hex(name) FROM partner WHERE couple_id = $id AND role = 'a'"; js='d["partners"][0]["name"]' ;;
		partner_b) run couple add X --partner A --partner "$V"; id=$OUT; col="SELECT hex(name) FROM partner WHERE couple_id = $id AND role = 'b'"; js='d["partners"][1]["name"]' ;;
		pronouns_a) run couple add X --partner A --partner B --pronouns-a "$V"; id=$OUT; col="SELECT hex(pronouns) FROM partner WHERE couple_id = $id AND role = 'a'"; js='d["partners"][0]["pronouns"]' ;;
		pronouns_b) run couple set "$CID" --pronouns-b "$V"; id=$CID; col="SELECT hex(pronouns) FROM partner WHERE couple_id = $id AND role = 'b'"; js='d["partners"][1]["pronouns"]' ;;
		esac
		if [ "$RC" -ne 0 ]; then
			not_ok "$field: $p is stored exactly" "exit $RC: $ERR"
			continue
		fi
		got=$(sqlite3 "$DYAD_DB" "$col")
		run couple show "$id" --json
		back=$(json_get "$js.encode('utf-8').hex().upper()")
		if [ "$got" = "$(hex_of "$P/$p")" ] && [ "$back" = "$got" ]; then
			ok "$field: $p is stored exactly and comes back exactly in JSON"
		else
			not_ok "$field: $p is stored exactly and comes back exactly in JSON" "stored $got, json $back, sent $(hex_of "$P/$p")"
		fi
	done
done
run couple add "$(head -c 200 /dev/zero | tr '\0' 'e')" --partner A --partner B
expect_rc "a 200-character name is the longest accepted" 0
refused_safely "a 201-character name is refused" 1 "name:" couple add "$(head -c 201 /dev/zero | tr '\0' 'e')" --partner A --partner B
refused_safely "a blank name (no-break spaces) is refused" 1 "name:" couple add $'\xc2\xa0\xc2\xa0' --partner A --partner B
expect "no SQL text ran: the schema has the same tables" test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM sqlite_master')" = "$tables_before"
expect "and the database is whole" test "$(sqlite3 "$DYAD_DB" 'PRAGMA integrity_check')" = ok

# Everything stored above, listed and shown for a person: nothing raw.
run couple list --all
output_safe "couple list shows every stored name safely for a terminal"
expect_out "couple list shows a formula as text" '=HYPERLINK("http://x.invalid","go")'
expect_out "couple list shows SQL as text" "Robert'); DROP TABLE couple;--"
run couple show "$CID"
output_safe "couple show shows hostile pronouns safely"
run couple list --all --json
expect "couple list --json is valid JSON with every stored name" \
	test "$(json_get 'len(d)')" = "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM couple')"

# --- notes: multi-line text from a file or standard input --------------------------------
# From a file, every payload; from standard input, every other under make test.
i=0
for p in $text_refused; do
	{ printf 'Session went well.\n'; payload "$p"; printf '\nEnd.\n'; } >"$T/note"
	refused_safely "note (file): $p is refused" 1 "note:" note set "$SID" --file "$T/note"
	turn $i 0 2 && refused_safely "note (standard input): $p is refused" 1 "note:" note set "$SID" --file - <"$T/note"
	i=$((i + 1))
done
printf 'A NUL\0 in the middle\n' >"$T/nul1"
printf '\0starts with NUL\n' >"$T/nul2"
printf 'ends with NUL\0' >"$T/nul3"
head -c 65536 /dev/urandom >"$T/random"
for f in nul1 nul2 nul3 random; do
	refused_safely "note: a file with NUL or random bytes ($f) is refused" 1 "note:" note set "$SID" --file "$T/$f"
done
for p in $text_stored; do
	{ printf 'Session went well.\r\n'; payload "$p"; printf '\nEnd.\n'; } >"$T/note"
	run note set "$SID" --file "$T/note"
	if [ "$RC" -ne 0 ]; then
		not_ok "note: $p is stored exactly" "exit $RC: $ERR"
		continue
	fi
	run note show "$SID"
	same_pipe=$(cmp -s "$T/out" "$T/note" && echo yes)
	run note show "$SID" --json
	back=$(json_get 'd["body"].encode("utf-8").hex().upper()')
	if [ "$same_pipe" = yes ] && [ "$back" = "$(hex_of "$T/note")" ]; then
		ok "note: $p is stored exactly (piped and JSON)"
	else
		not_ok "note: $p is stored exactly (piped and JSON)" "piped same: ${same_pipe:-no}; json $back"
	fi
done
# A megabyte of note: stored exactly. Over the 2 MB limit: refused.
yes "Softened startup, a repair attempt, and a pause. =1+1 '-- \"quoted\"" | head -c 1048576 >"$T/mega"
run note set "$SID" --file "$T/mega"
expect_rc "a 1 MB note is accepted" 0
run note show "$SID"
expect "and comes back byte for byte" cmp -s "$T/out" "$T/mega"
run search "softened startup" --json
expect "and is found by search" test "$(json_get '[h["session_id"] for h in d]')" = "[$SID]"
expect "a note over 64 KB shows its opening words as the match" test "$(json_get 'd[0]["snippet"][:26]')" = "Softened startup, a repair"
head -c $((2 * 1024 * 1024 + 1)) /dev/zero | tr '\0' 'x' >"$T/toobig"
refused_safely "a note over 2 MB is refused" 1 "note:" note set "$SID" --file "$T/toobig"
printf 'Back to a short note.\n' >"$T/note"
run note set "$SID" --file "$T/note" # (keeps the fingerprints below quick)

# On a terminal, stored text is shown escaped.
if command -v script >/dev/null 2>&1; then
	printf 'Flagged \xe2\x80\xae reversed, tab\there.\n' >"$T/note"
	run note set "$SID" --file "$T/note"
	script -q -e -c "$DYAD note show $SID" /dev/null >"$T/out" 2>"$T/err"
	: >"$T/err"
	output_safe "note show on a terminal escapes a stored U+202E"
	expect "and shows it as \\u202e" grep -q -F '\u202e' "$T/out"
else
	skip "note show on a terminal escapes a stored U+202E" "script (util-linux) not installed"
fi

# --- search text: anything at all is searched for, never an error --------------------------
for p in $line_refused $line_stored; do
	V=$(payload "$p")
	run search "$V"
	if [ "$RC" -eq 0 ] && [ -z "$ERR" ] && [ -z "$(terminal_safe "$T/out")" ]; then
		ok "search for $p answers safely without an error"
	else
		not_ok "search for $p answers safely without an error" "exit $RC: $ERR $(terminal_safe "$T/out")"
	fi
done
refused_safely "a search of more than 32 words is refused" 1 "search:" search "$(yes 'a b' | head -n 20 | tr '\n' ' ')"

# --- dates, ids, numbers and choices --------------------------------------------------------
short_hostile="csi osc c1_csi rlo invalid sql_drop formula_eq emoji"
# Under make test the fields take turns: each gets every other payload.
i=0
for p in $short_hostile; do
	V=$(payload "$p")
	turn $((i + 0)) 0 2 && refused_safely "intake date: $p is refused" 1 "intake" couple add X --partner A --partner B --intake "$V"
	turn $((i + 1)) 0 2 && refused_safely "session date: $p is refused" 1 "date" session add "$CID" --date "$V"
	turn $((i + 0)) 0 2 && refused_safely "minutes: $p is refused" 1 "minutes" session add "$CID" --minutes "$V"
	turn $((i + 1)) 0 2 && refused_safely "modality: $p is refused" 1 "modality" session set "$SID" --modality "$V"
	turn $((i + 0)) 0 2 && refused_safely "attendance: $p is refused" 1 "attendance" session set "$SID" --attendance "$V"
	turn $((i + 1)) 0 2 && refused_safely "status: $p is refused" 1 "status" couple set "$CID" --status "$V"
	# A couple is found by its name too, and three couples above carry the
	# stored payloads (as couple and partner names): refused as ambiguous,
	# their names listed safely.
	case " $line_stored " in
	*" $p "*) refused_safely "couple $p: the candidates are listed safely" 1 "couple:" couple show "$V" ;;
	*) refused_safely "couple id: $p is refused" 1 "couple id" couple show "$V" ;;
	esac
	turn $((i + 0)) 0 2 && refused_safely "session id: $p is refused" 1 "session id" note show "$V"
	turn $((i + 1)) 0 2 && refused_safely "rating value: $p is refused" 1 "value" rate "$SID" startup "$V" --partner a
	turn $((i + 0)) 0 2 && refused_safely "rating partner: $p is refused" 1 "partner" rate "$SID" startup 3 --partner "$V"
	turn $((i + 1)) 0 2 && refused_safely "concept: $p is refused" 1 "concept" rate "$SID" "$V" 3 --partner a
	turn $((i + 0)) 0 2 && refused_safely "search limit: $p is refused" 1 "limit" search x --limit "$V"
	turn $((i + 1)) 0 2 && refused_safely "note revision: $p is refused" 1 "revision" note set "$SID" --file "$T/note" --if-revision "$V"
	turn $((i + 0)) 0 2 && refused_safely "an unknown command $p is a usage error" 2 "unknown command" "$V"
	turn $((i + 1)) 0 2 && refused_safely "an unknown subcommand $p is a usage error" 2 "unknown subcommand" couple "$V"
	turn $((i + 0)) 0 2 && refused_safely "an unexpected argument $p is a usage error" 2 "unexpected argument" couple list "$V"
	turn $((i + 1)) 0 2 && refused_safely "an unknown option --$p... is a usage error" 2 "unknown option" couple list "--$V"
	i=$((i + 1))
done
for v in 0 -1 9223372036854775808 99999999999999999999 1e3 0x10 ' 1' '1 ' '+1' '' ; do
	refused_safely "couple id '$v' is refused" 1 "couple id" couple show "$v"
done
refused_safely "minutes beyond 600 are refused" 1 "minutes" session add "$CID" --minutes 601
refused_safely "a huge number of minutes is refused" 1 "minutes" session add "$CID" --minutes 99999999999999999999999
refused_safely "a rating value beyond int range is refused" 1 "value" rate "$SID" startup 4294967297 --partner a

# A hostile path: the message that names it is escaped too.
mkdir -p "$T/dir"
: >"$T/dir/"$'\e]0;x\a'
run --db "$T/dir/"$'\e]0;x\a'"/sub/dyad.db" couple list
expect_rc "a database path through a file is refused" 1
output_safe "and the message naming the hostile path is safe for a terminal"

expect "after all of it, the database is whole" test "$(sqlite3 "$DYAD_DB" 'PRAGMA integrity_check')" = ok
expect "and the search index matches the notes" sqlite3 "$DYAD_DB" "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)"
