#!/usr/bin/env bash
# hostile_homework.sh: the hostile payloads of hostile_lib.sh in everything
# homework takes: practice settings, assignment notes (given and from a
# file), check-in comments, exercise ids and the therapist's own template
# files. Each is stored exactly or refused in one line naming the field,
# with the database unchanged; a broken template is reported safely and
# left out; stored text reaches the handout PDF as literal text.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/hostile_lib.sh"

pdftext() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n\f' '  ' | tr -s ' '; }

run couple add "Okafor & Reyes" --partner Maya --partner Daniel
CID=$OUT
run assign "$CID" attention-daily --due 2026-12-05
AID=$OUT
expect "an assignment to work on" test "$AID" -ge 1

# stored_as NAME SQL: the value the SQL selects is byte for byte payload $p.
stored_as() {
	local got
	got=$(sqlite3 "$DYAD_DB" "$2")
	if [ "$got" = "$(hex_of "$P/$p")" ]; then ok "$1"; else not_ok "$1" "stored $got, sent $(hex_of "$P/$p")"; fi
}

# --- practice settings: one line each, printed on every handout ------------------------
# The practice's name takes every payload; under make test the other two
# settings share them out (line_payloads_for), make check-all gives each all.
i=0
for key in practice.name practice.contact clinician.name; do
	line_payloads_for $i
	i=$((i + 1))
	for p in $refused_payloads; do
		refused_safely "$key: $p is refused" 1 "$key" config set "$key" "$(payload "$p")"
	done
	for p in $stored_payloads; do
		run config set "$key" "$(payload "$p")"
		if [ "$RC" -ne 0 ]; then
			not_ok "$key: $p is stored exactly" "exit $RC: $ERR"
			continue
		fi
		stored_as "$key: $p is stored exactly" "SELECT hex(value) FROM setting WHERE key = '$key'"
	done
done
run config list
output_safe "config list shows hostile settings safely for a terminal"

# --- assignment notes and check-in comments: free text ---------------------------------
# The note given on the command line takes every payload; under make test
# the other three fields take turns (make check-all: every field, all).
i=0
for p in $text_refused; do
	V=$(payload "$p")
	refused_safely "assignment note: $p is refused" 1 "note" assign "$CID" attention-daily --note "Before. $V"
	if turn $i 0 3; then
		{ printf 'Before.\n'; payload "$p"; } >"$T/note"
		refused_safely "assignment note file: $p is refused" 1 "note" assign "$CID" attention-daily --note-file "$T/note"
	fi
	turn $i 1 3 && refused_safely "changed assignment note: $p is refused" 1 "note" assignment set "$AID" --note "$V"
	turn $i 2 3 && refused_safely "check-in comment: $p is refused" 1 "comment" checkin "$AID" --partner a --done 1 --comment "$V"
	i=$((i + 1))
done
for f in "A NUL\0 inside" "\0at the start" "at the end\0"; do
	printf "$f" >"$T/nul"
	refused_safely "assignment note file with a NUL byte is refused" 1 "note" assign "$CID" attention-daily --note-file "$T/nul"
done
for p in $text_stored; do
	V=$(payload "$p")
	run assign "$CID" attention-daily --note "$V"
	if [ "$RC" -eq 0 ]; then
		stored_as "assignment note: $p is stored exactly" "SELECT hex(note) FROM assignment WHERE id = $OUT"
	else
		not_ok "assignment note: $p is stored exactly" "exit $RC: $ERR"
	fi
	run checkin "$AID" --partner b --done 1 --comment "$V"
	if [ "$RC" -eq 0 ]; then
		stored_as "check-in comment: $p is stored exactly" "SELECT hex(comment) FROM checkin ORDER BY id DESC LIMIT 1"
	else
		not_ok "check-in comment: $p is stored exactly" "exit $RC: $ERR"
	fi
done
run assignments "$CID" --all
output_safe "assignments shows every stored note and comment safely for a terminal"
run assignments "$CID" --all --json
expect "assignments --json is valid JSON with every note" test "$(json_get 'len(d)')" -ge 15
head -c $((100 * 1024)) /dev/zero | tr '\0' 'n' >"$T/long-note"
run assign "$CID" attention-daily --note-file "$T/long-note"
expect_rc "a 100 KB note (the limit) is accepted" 0
LONG=$OUT
head -c $((100 * 1024 + 1)) /dev/zero | tr '\0' 'n' >"$T/too-long"
refused_safely "a note over 100 KB is refused" 1 "note" assign "$CID" attention-daily --note-file "$T/too-long"
refused_safely "a comment over 4000 bytes is refused" 1 "comment" checkin "$AID" --partner a --done 1 --comment "$(head -c 4001 /dev/zero | tr '\0' c)"
i=0
for p in csi rlo invalid sql_drop formula_eq emoji; do
	turn $i 0 2 && refused_safely "exercise id: $p is refused" 1 "exercise" assign "$CID" "$(payload "$p")"
	turn $i 1 2 && refused_safely "check-in count: $p is refused" 1 "done" checkin "$AID" --partner a --done "$(payload "$p")"
	turn $i 0 2 && refused_safely "assignment status: $p is refused" 1 "status" assignment set "$AID" --status "$(payload "$p")"
	turn $i 1 2 && refused_safely "due date: $p is refused" 1 "due" assign "$CID" attention-daily --due "$(payload "$p")"
	i=$((i + 1))
done

# --- the therapist's own templates ----------------------------------------------------------
MINE="$XDG_DATA_HOME/dyad/templates"
mkdir -p "$MINE"
# template ID TITLE INTRO: a small valid exercise with the given text.
template() {
	printf 'id: %s\ntitle: %s\nconcepts: attention\nfrequency: daily\nminutes: 10\n\n[introduction]\n%s\n\n[steps]\n1. Sit down together.\n\n[tracking]\nkind: grid\ncolumns: Done\n' "$1" "$2" "$3"
}
for p in csi osc c1_csi rlo invalid overlong truncated del; do
	template "h-title-$p" "Title $(payload "$p")" "Fine." >"$MINE/h-title-$p.txt"
	template "h-intro-$p" "Fine" "Intro $(payload "$p")" >"$MINE/h-intro-$p.txt"
done
{ template h-nul Fine Fine; printf 'a\0b\n'; } >"$MINE/h-nul.txt"
{ template h-huge Fine Fine; head -c 1048576 /dev/zero | tr '\0' 'x'; } >"$MINE/h-huge.txt"
head -c 4096 /dev/urandom >"$MINE/h-random.txt"
run exercises
expect_rc "exercises still lists the library when templates are hostile" 0
output_safe "and reports them safely for a terminal"
bad=0
for f in "$MINE"/h-*.txt; do
	case "$ERR" in *"$(basename "$f"):"*) ;; *) bad=$((bad + 1)); echo "# not reported: $(basename "$f")" ;; esac
done
expect "every hostile template is reported with its file name" test "$bad" = 0
run exercises --json
expect "and none of them is listed" test "$(json_get 'len([e for e in d if e["id"].startswith("h-")])')" = 0
rm -f "$MINE"/h-*.txt

# Text that is only unusual is kept, and reaches the handout as it was written.
stored_templates=0
for p in sql_drop sql_comment formula_eq formula_plus format emoji wide; do
	template "h-${p//_/-}" "Title $(payload "$p")" "Intro $(payload "$p") end." >"$MINE/h-$p.txt"
done
run exercises --json
for p in sql_drop sql_comment formula_eq formula_plus format emoji wide; do
	got=$(json_get "[e['title'] for e in d if e['id'] == 'h-${p//_/-}'][0].encode('utf-8').hex().upper()")
	[ "$got" = "$(printf 'Title %s' "$(payload "$p")" | od -An -v -tx1 | tr -d ' \n' | tr a-f A-F)" ] &&
		stored_templates=$((stored_templates + 1))
done
expect "templates with SQL, formulas, printf formats, emoji and wide text load exactly" test "$stored_templates" = 7
run config set practice.name "=cmd|' /C calc'!A0"
run couple add "+1 (Robert'); DROP TABLE couple;--)" --partner "@Maya" --partner "-Daniel"
HCID=$OUT
run assign "$HCID" h-formula-eq --note "=SUM(A1:A9) and 'quotes' -- and %s"
HAID=$OUT
run handout "$HAID" -o "$T/hostile.pdf"
expect_rc "a handout full of hostile text is written" 0
pdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }
expect "it is a valid PDF" pdf_ok "$T/hostile.pdf"
text=$(pdftext "$T/hostile.pdf")
for want in '=HYPERLINK("http://x.invalid","go")' "=SUM(A1:A9) and 'quotes' -- and %s" "=cmd|' /C calc'!A0" "@Maya" "-Daniel"; do
	case "$text" in
	*"$want"*) ok "the handout shows [$want] as literal text" ;;
	*) not_ok "the handout shows [$want] as literal text" "$text" ;;
	esac
done
run handout "$LONG" -o "$T/long.pdf"
expect_rc "a handout with a 100 KB unbroken note is written" 0
expect "and no letter of it is lost" test "$(pdftotext "$T/long.pdf" - 2>/dev/null | grep -E '^n+$' | tr -d '\n' | wc -c)" = $((100 * 1024))
expect "after all of it, the database is whole" test "$(sqlite3 "$DYAD_DB" 'PRAGMA integrity_check')" = ok
