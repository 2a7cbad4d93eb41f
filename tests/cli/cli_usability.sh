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
expect "the command list shows the six groups" test "$(printf '%s\n' $groups | wc -l)" -eq 6

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
