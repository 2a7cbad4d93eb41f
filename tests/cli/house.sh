#!/usr/bin/env bash
# house.sh: the code is kept in one place per fact. A command's synopsis is
# written once, in app/cli/commands.c's table: every usage line, `dyad help`,
# `--help` and the manual's command list say the same.
. "$DYAD_SRC/tests/lib.sh"

cd "$DYAD_SRC" || exit 1

# --- a command's synopsis, written once ----------------------------------------
# Usage lines are composed in cli.c alone (cli_parse, cli_usage), from the
# table; a handler that writes its own drifts from it.
hand=$(grep -n -E 'usage: dyad|static const char synopsis\[\]' app/cli/*.c | grep -v '^app/cli/cli\.c:')
if [ -z "$hand" ]; then
	ok "no command handler writes a usage line of its own"
else
	not_ok "no command handler writes a usage line of its own" "$hand"
fi

# synopsis_from_help ARGS...: the synopsis `dyad help ARGS` shows, on one line.
synopsis_from_help() {
	"$DYAD" help "$@" 2>/dev/null |
		awk 'NR == 1 { sub(/^usage: dyad /, ""); print; next } /^  [^ ]/ { exit } { print }' |
		tr -s ' \n' '  ' | sed 's/ $//'
}

# `dyad --help` lists each entry of the table: its synopsis from column 2
# (continued deeper than column 6), then its summary at column 6.
run --help
awk '/^  [a-z]/ { if (s != "") print s; s = substr($0, 3); next }
	/^       / && s != "" { sub(/^ +/, ""); s = s " " $0; next }
	{ if (s != "") print s; s = "" }
	END { if (s != "") print s }' "$T/out" >"$T/synopses"
entries=$(awk '{ if ($2 ~ /^[a-z]+$/) print $1, $2; else print $1 }' "$T/synopses")
expect "the table lists the commands" test "$(wc -l <"$T/synopses")" -gt 30
bad=""
help_bad=""
while read -r w s; do
	want=$(grep -m 1 -E "^$w $s( |\$)" "$T/synopses")
	[ -n "$s" ] || want=$(grep -m 1 -E "^$w( [^a-z]|\$)" "$T/synopses")
	"$DYAD" $w $s --no-such-flag </dev/null >"$T/o" 2>"$T/e"
	rc=$?
	got=$(sed -n 's/^dyad: unknown option .--no-such-flag.; usage: dyad //p' "$T/e")
	if [ "$rc" -ne 2 ] || [ "$got" != "$want" ]; then
		bad="$bad [$w $s: exit $rc, '$got' is not '$want']"
	fi
	# `dyad help WORD` of a group lists the group; its own help otherwise.
	help=$(synopsis_from_help $w $s)
	case "$help" in
	"$w SUBCOMMAND"*) ;;
	"$want") ;;
	*) help_bad="$help_bad [$w $s: '$help']" ;;
	esac
done <<<"$entries"
if [ -z "$bad" ]; then
	ok "every command's usage line is its synopsis in dyad --help"
else
	not_ok "every command's usage line is its synopsis in dyad --help" "$bad"
fi
expect "dyad help COMMAND shows the same synopsis" test -z "$help_bad"

# The usage lines written for a reason other than a bad option come from
# the table too.
for c in "couple set 1|couple set" "session set 1|session set" "assignment set 1|assignment set" \
	"checkin 1 --done 1|checkin" "handouts|handouts" "rate 1 startup|rate" \
	"measure 1 csi4|measure" "report|report" "note sign|note sign"; do
	args=${c%%|*}
	words=${c#*|}
	"$DYAD" $args </dev/null >"$T/o" 2>"$T/e"
	rc=$?
	got=$(sed -n 's/^dyad: .*; usage: dyad //p' "$T/e")
	if [ "$rc" -eq 2 ] && [ -n "$got" ] && grep -q -x -F -e "$got" "$T/synopses" &&
		[ "${got#"$words" }" != "$got" ]; then
		ok "dyad $args: its usage line is the table's"
	else
		not_ok "dyad $args: its usage line is the table's" "exit $rc; $(cat "$T/e")"
	fi
done

# The manual's command list: one entry per synopsis, word for word (groff's
# fonts and escapes taken away). report's two forms are two entries.
python3 - "$DYAD_SRC/app/dyad.1" >"$T/man_synopses" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split('\n')
section = None
for i, line in enumerate(lines):
    if line.startswith('.SH '):
        section = line[4:]
    if section == 'COMMANDS' and line == '.TP' and lines[i + 1].startswith('.B '):
        text = re.sub(r'\\f[BIRP]', '', lines[i + 1][3:])
        print(text.replace('\\-', '-'))
PY
awk '{ n = split($0, part, / \| /); out = part[1]
	for (i = 2; i <= n; i++) { split(part[1], w, " "); if (index(part[i], w[1] " ") == 1) { print out; out = part[i] } else out = out " | " part[i] }
	print out }' "$T/synopses" >"$T/table_synopses"
if diff "$T/table_synopses" "$T/man_synopses" >"$T/man.diff"; then
	ok "the manual lists every command with the table's synopsis, in its order"
else
	not_ok "the manual lists every command with the table's synopsis, in its order" "$(cat "$T/man.diff")"
fi

# The README's tour uses only commands the table has.
unknown=""
while read -r w s; do
	printf '%s\n' "$entries" | grep -q -x -F -e "$w $s" -e "$w" || unknown="$unknown [$w $s]"
done < <(sed -n 's/^    dyad \([a-z]*\) *\([a-z]*\).*/\1 \2/p' README.md)
expect "the README's tour names only real commands" test -z "$unknown"

# --- comments say what things are, and name what exists -------------------------
# stale_refs FILE...: one line for each comment citing a ticket number (work
# is named by its concept, not its ticket) and each app/ or reports/ source
# path named that does not exist.
ticket='iss''ue'
stale_refs() {
	grep -n -i -E "$ticket *#?[0-9]" "$@" /dev/null
	grep -o -n -P '(?<![\w/$.-])(app|reports)/[\w/]+\.[ch]\b' "$@" /dev/null |
		while IFS=: read -r file line path; do
			[ -e "$DYAD_SRC/$path" ] || echo "$file:$line: $path does not exist"
		done
}
sources=$(git ls-files app reports schema tests Makefile README.md templates 2>/dev/null |
	grep -v -E '\.(pdf|png|ttf|xlsx|db)$|^tests/bench/RESULTS\.md$')
[ -n "$sources" ] || sources=$(find app reports schema tests templates Makefile README.md -type f)
found=$(stale_refs $sources)
if [ -z "$found" ]; then
	ok "no comment cites a ticket number or a source file that is gone"
else
	not_ok "no comment cites a ticket number or a source file that is gone" "$found"
fi
printf '/* the lock screen (%s 6), see app/tui/rec''ords.c */\n' "$ticket" >"$T/stale.c"
expect "a ticket number in a comment is caught" test -n "$(stale_refs "$T/stale.c" | grep -i "$ticket")"
expect "a path to a file that is gone is caught" test -n "$(stale_refs "$T/stale.c" | grep 'records.c does not exist')"
