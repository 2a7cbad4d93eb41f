#!/usr/bin/env bash
# cli_usability.sh: the shell interface is usable without reading the source:
# help for every command and group, couples named instead of numbered, notes
# written in an editor at a terminal, scales that say what their ends mean,
# and help and manual that fit an 80-column terminal.
. "$DYAD_SRC/tests/lib.sh"

# --- help for groups and their commands ---------------------------------------
run --help
cp "$T/out" "$T/usage"
# The table's entries, as `dyad --help` lists them: "WORD [SUB]".
entries=$(grep -E '^  [a-z]' "$T/usage" | awk '{ if ($2 ~ /^[a-z]+$/) print $1, $2; else print $1 }')
groups=$(printf '%s\n' "$entries" | awk 'NF == 2 { print $1 }' | sort -u)
expect "the command list shows the nine groups" test "$(printf '%s\n' $groups | wc -l)" -eq 9

for g in $groups; do
	run help "$g"
	rc_help=$RC
	cp "$T/out" "$T/help_group"
	missing=""
	for sub in $(printf '%s\n' "$entries" | awk -v g="$g" '$1 == g && NF == 2 { print $2 }'); do
		grep -q -E "^  $g $sub( |\$)" "$T/help_group" || missing="$missing $sub"
	done
	if [ "$rc_help" -eq 0 ] && [ -z "$missing" ]; then
		ok "dyad help $g lists every $g command"
	else
		not_ok "dyad help $g lists every $g command" "exit $rc_help, missing:$missing; $(cat "$T/err")"
	fi
	run "$g" --help
	if [ "$RC" -eq 0 ] && cmp -s "$T/out" "$T/help_group"; then
		ok "dyad $g --help shows the same list"
	else
		not_ok "dyad $g --help shows the same list" "exit $RC; $(head -c 300 "$T/out") $ERR"
	fi
	for sub in $(printf '%s\n' "$entries" | awk -v g="$g" '$1 == g && NF == 2 { print $2 }'); do
		run help "$g" "$sub"
		a=$(head -1 "$T/out")
		run "$g" "$sub" --help
		b=$(head -1 "$T/out")
		case "$a|$b" in
		"usage: dyad $g $sub"*"|usage: dyad $g $sub"*) ok "dyad help $g $sub and dyad $g $sub --help describe it" ;;
		*) not_ok "dyad help $g $sub and dyad $g $sub --help describe it" "got '$a' and '$b'" ;;
		esac
	done
done
run help note sing
expect_rc "help for an unknown subcommand is a usage error" 2
expect_err "it names the group's help" "dyad help note"

# --- help fits 80 columns -----------------------------------------------------
: >"$T/all_help"
cat "$T/usage" >>"$T/all_help"
while read -r w s; do
	"$DYAD" help $w $s >>"$T/all_help" 2>&1
	"$DYAD" $w $s --help >>"$T/all_help" 2>&1
done <<<"$entries"
for g in $groups; do "$DYAD" help "$g" >>"$T/all_help" 2>&1; done
wide=$(awk 'length > 80' "$T/all_help")
expect "no line of any help output is wider than 80 columns" test -z "$wide"
expect "the help outputs were all gathered" test "$(grep -c '^usage: dyad' "$T/all_help")" -gt 80
# A long synopsis continues under its first argument.
run help session add
expect "a wrapped synopsis keeps a hanging indent" \
	grep -q -E '^ {20,}\[--' "$T/out"

# --- couples by name ----------------------------------------------------------
run couple add "Brennan & Diaz" --partner "Maeve Brennan" --partner "Luis Diaz" --intake 2026-10-01
BRENNAN=$OUT
run couple add "Brown & Li" --partner "Ada Brown" --partner "Wei Li" --intake 2026-10-01
BROWN=$OUT
run couple add "Brown & Lim" --partner "Ravi Brown" --partner "Jo Lim" --intake 2026-10-01
BROWNLIM=$OUT
run couple add "Zoë & Kim" --partner "Zoë Åberg" --partner "Kim Ngata" --intake 2026-10-01
ZOE=$OUT
run couple add "2020 Group" --partner "Pat One" --partner "Sam Two" --intake 2026-10-01

run couple show Brennan
expect "couple show takes the start of a couple's name" test "$(head -1 "$T/out")" = "Couple $BRENNAN: Brennan & Diaz (active)"
run couple show bREN
expect_out "the name is matched without regard to ASCII case" "Couple $BRENNAN:"
run couple show luis
expect_out "a partner's first name finds the couple" "Couple $BRENNAN:"
run couple show zoë
expect_out "a name beyond ASCII is matched too" "Couple $ZOE:"
run couple show "Brown & Li"
expect_out "a couple's whole name picks it even when it begins another's" "Couple $BROWN:"
run couple show 2
expect_out "digits stay an id, even beside a name that begins with digits" "Couple 2:"
refused "a prefix shared by several couples is refused" 1 "couple:" couple show br
expect_err "the refusal lists each candidate's id and name" "$BRENNAN Brennan & Diaz, $BROWN Brown & Li, $BROWNLIM Brown & Lim"
refused "a name no couple has is refused" 1 "couple id" couple show Nobody

run couple set Brennan --status paused
run couple show "$BRENNAN" --json
expect "couple set takes a name" test "$(json_get 'd["status"]')" = paused
run session add brennan --date 2026-11-20T10:00
SID=$OUT
expect_rc "session add takes a name" 0
run session list Brennan --json
expect "session list takes a name" test "$(json_get 'd[0]["id"]')" = "$SID"
run assign Brennan attention-daily
expect_rc "assign takes a name" 0
run assignments Maeve --json
expect "assignments takes a partner's name" test "$(json_get 'd[0]["couple_id"]')" = "$BRENNAN"
run trends Brennan --json
expect "trends takes a name" test "$(json_get 'd["couple_id"]')" = "$BRENNAN"
run report Brennan -o "$T/brennan.xlsx"
expect "report takes a name" test -s "$T/brennan.xlsx"
run audit --couple Brennan --json
expect "audit --couple takes a name" test "$(json_get 'len([e for e in d if e["couple_id"] != '"$BRENNAN"'])')" = 0
expect "audit --couple finds the couple's entries" test "$(json_get 'len(d)')" -gt 0
refused "session add with an ambiguous name changes nothing" 1 "couple:" session add Br

# --- concept scales say what their ends mean ------------------------------------
run concepts
expect "concepts shows what each end of startup means" \
	grep -q -E '^startup +each partner +1 harsh \.\. 5 soft +higher +Startup$' "$T/out"
expect "concepts says lower is better for contempt" \
	grep -q -E '^horsemen\.contempt .* 0 none \.\. 3 pervasive +lower ' "$T/out"
expect "concepts shows a pulse in bpm" grep -q -E '^flooding\.peak_bpm .* 30\.\.220 bpm +lower ' "$T/out"
expect "concepts shows a yes/no as one" grep -q -E '^flooding\.break .* 0 no \.\. 1 yes +yes ' "$T/out"
expect "concepts shows a tally as a count" grep -q -E '^ratio\.positive .* count 0\.\.200 +higher ' "$T/out"
expect "concepts keeps the sign of a scale's positive end" \
	grep -q -E '^sentiment_override .* -2 strongly negative \.\. \+2 strongly positive +higher ' "$T/out"
run concepts --json
expect "concepts --json gives the ends' labels" \
	test "$(json_get '[(c["low_label"], c["high_label"], c["better"]) for c in d if c["key"] == "startup"][0]')" = "('harsh', 'soft', 'higher')"
expect "concepts --json gives a tally's unit and direction" \
	test "$(json_get '[(c["low_label"], c["unit"], c["better"]) for c in d if c["key"] == "ratio.negative"][0]')" = "(None, 'count', 'lower')"
# A concept whose range a clinician changed loses the default labels, which
# would no longer describe it.
sqlite3 "$DYAD_DB" "UPDATE concept SET scale_max = 7 WHERE key = 'startup'"
run concepts --json
expect "a changed range drops the default labels" \
	test "$(json_get '[(c["low_label"], c["better"]) for c in d if c["key"] == "startup"][0]')" = "(None, None)"
run concepts
expect "a changed range shows the bare range" grep -q -E '^startup +each partner +1\.\.7 +- +Startup$' "$T/out"
sqlite3 "$DYAD_DB" "UPDATE concept SET scale_max = 5 WHERE key = 'startup'"

# --- notes at a terminal --------------------------------------------------------
# in_pty ARGS...: runs dyad with a terminal as standard input (stdout and
# stderr to $T/out and $T/err, as run does); PTY_INPUT, when set, is typed
# and followed by Ctrl-D. Gives up after 10 seconds (a dyad waiting forever).
in_pty() {
	/usr/bin/python3 - "$DYAD" "$@" >"$T/out" 2>"$T/err" <<'PY'
import os, pty, select, subprocess, sys, time
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=sys.stdout, stderr=sys.stderr)
os.close(slave)
typed = os.environ.get("PTY_INPUT")
if typed is not None:
    os.write(master, typed.encode() + b"\x04")
deadline = time.time() + 10
while p.poll() is None and time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            os.read(master, 4096)
        except OSError:
            pass
if p.poll() is None:
    p.kill()
    p.wait()
    sys.stderr.write("in_pty: dyad was still waiting after 10 seconds\n")
    sys.exit(124)
sys.exit(p.returncode)
PY
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

run intake Brennan --concerns "Arguments about chores."
run session add Brennan --date 2026-11-27T10:00
NSID=$OUT
printf 'First draft.\n' >"$T/draft.txt"
run note set "$NSID" --file "$T/draft.txt"
# A fake editor: keeps a copy of what it was given and where, then writes
# its own text.
cat >"$T/editor.sh" <<EOS
#!/bin/sh
cp "\$1" "$T/editor_saw.txt"
echo "\$1" >"$T/editor_path.txt"
printf 'Written in the editor.\nSecond line.\n' >"\$1"
EOS
chmod +x "$T/editor.sh"
export DYAD_EDITOR="$T/editor.sh"

in_pty note set "$NSID"
expect_rc "note set at a terminal without --file opens the editor" 0
expect "the editor was given the current draft" cmp -s "$T/editor_saw.txt" "$T/draft.txt"
run note show "$NSID"
expect_out "the text saved in the editor becomes the note" "Written in the editor."
gone() { [ -s "$T/editor_path.txt" ] && [ ! -e "$1" ]; }
expect "the editor's temporary file is gone" gone "$(cat "$T/editor_path.txt" 2>/dev/null)"
expect "and so is its folder" gone "$(dirname "$(cat "$T/editor_path.txt" 2>/dev/null)")"

run note show "$NSID" --json
rev=$(json_get 'd["revision"]')
DYAD_EDITOR=true in_pty note edit "$NSID"
expect_rc "an editor that changes nothing is not an error" 0
expect_err "it says nothing was saved" "unchanged"
run note show "$NSID" --json
expect "an unchanged note keeps its revision" test "$(json_get 'd["revision"]')" = "$rev"

before=$(db_fingerprint)
DYAD_EDITOR=false run note edit "$NSID"
expect_rc "an editor that fails is refused" 1
expect_err "it says nothing was changed" "nothing was changed"
expect "and the database is unchanged" test "$(db_fingerprint)" = "$before"

# Someone saves the note while it is open in the editor: theirs is kept.
printf 'Saved from elsewhere.\n' >"$T/elsewhere.txt"
cat >"$T/editor_race.sh" <<EOS
#!/bin/sh
"$DYAD" note set "$NSID" --file "$T/elsewhere.txt" </dev/null
printf 'Mine.\n' >"\$1"
EOS
chmod +x "$T/editor_race.sh"
DYAD_EDITOR="$T/editor_race.sh" run note edit "$NSID"
expect_rc "a save made while the editor was open wins" 1
run note show "$NSID"
expect "the other save is kept" test "$OUT" = "Saved from elsewhere."

PTY_INPUT=$'Typed at the terminal.\n' in_pty note set "$NSID" --file -
expect_rc "note set --file - at a terminal reads what is typed" 0
expect_err "it says how to finish typing" "Type the note, then Ctrl-D on a line of its own"
run note show "$NSID"
expect "the typed text becomes the note" test "$OUT" = "Typed at the terminal."

printf 'From a pipe.\n' >"$T/pipe.txt"
run_in "$T/pipe.txt" note set "$NSID"
expect "note set from a pipe reads it silently" test -z "$ERR"
run note show "$NSID"
expect "the piped text becomes the note" test "$OUT" = "From a pipe."

run note sign "$NSID"
rm -f "$T/editor_saw.txt"
in_pty note set "$NSID"
expect_rc "a signed note is not opened in the editor" 1
expect_err "it says to add an addendum" "addendum"
expect "the editor never ran" test ! -e "$T/editor_saw.txt"

PTY_INPUT=$'A dated correction.\n' in_pty note addendum "$NSID"
expect_rc "note addendum at a terminal reads what is typed" 0
expect_err "it says how to finish typing the addendum" "Type the addendum, then Ctrl-D on a line of its own"
run note show "$NSID"
expect_out "the typed addendum is on the record" "A dated correction."
unset DYAD_EDITOR

# The note's working copy lives in the database's private unsaved/ folder,
# named as the interface names its own, never in a shared temporary area.
run session add Brennan --date 2026-11-26T10:00
WSID=$OUT
cat >"$T/where.sh" <<SH
#!/bin/sh
printf '%s\n' "\$1" >"$T/editor_path.txt"
stat -c %a "\$(dirname "\$1")" >"$T/editor_mode.txt"
printf 'Written in the private folder.\n' >"\$1"
SH
chmod +x "$T/where.sh"
DYAD_EDITOR="$T/where.sh" TMPDIR="$T/shared-tmp" in_pty note edit "$WSID"
expect_rc "note edit saves from the private working copy" 0
expect "the working copy is in the database's unsaved folder" \
	grep -q "^$T/unsaved/editing-session-$WSID-p[0-9]*-....../note.txt$" "$T/editor_path.txt"
expect "its folder is private" test "$(cat "$T/editor_mode.txt")" = 700
expect "the unsaved folder is private" test "$(stat -c %a "$T/unsaved")" = 700
expect "nothing is left in the folder afterwards" test -z "$(ls -A "$T/unsaved")"

# --- the manual renders cleanly -------------------------------------------------
if command -v groff >/dev/null 2>&1; then
	for dev in utf8 ascii; do
		groff -ww -z -man -T"$dev" "$DYAD_SRC/app/dyad.1" 2>"$T/groff.err"
		expect "the manual renders for $dev terminals without warnings" test ! -s "$T/groff.err"
	done
	groff -man -Tascii -P-cbou "$DYAD_SRC/app/dyad.1" 2>/dev/null | tr -s ' \n' '  ' >"$T/man.txt"
	expect "the DYAD_KEYS_SCRIPT paragraph keeps its words apart" \
		grep -q -F 'writes the screen as text to FILE. dyad quits when the script ends.' "$T/man.txt"
	expect "the manual documents note edit" grep -q -F 'note edit SESSION_ID' "$T/man.txt"
	expect "the manual says a couple may be named" grep -q -F 'start of the couple' "$T/man.txt"
else
	skip "the manual renders without warnings" "groff is not installed (package groff-base)"
fi
