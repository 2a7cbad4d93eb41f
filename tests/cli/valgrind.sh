#!/usr/bin/env bash
# valgrind.sh: a command-line smoke run under valgrind's memcheck: no invalid
# read or write, no use of uninitialised memory, no leak, on the paths that
# succeed and on the paths that refuse. tests/valgrind.supp names the one
# leak that is a system library's.
# make check-all only: every command again under memcheck.
. "$DYAD_SRC/tests/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	skip "a command-line smoke run is clean under valgrind" "valgrind not installed"
	exit 0
fi
if grep -q -a __asan_init "$DYAD"; then
	skip "a command-line smoke run is clean under valgrind" "this dyad is built with AddressSanitizer, which valgrind cannot run; make test covers it"
	exit 0
fi

# make test runs these under memcheck, one for each library dyad leans on
# and each way a command ends (made, refused, a usage error); the others run
# plainly, only to build the practice the next ones use. make check-all
# (DYAD_TEST_ALL=1) runs every one under memcheck.
QUICK="|init --demo|couple add|note set from standard input|note sign|search|handout (libharu and fontconfig)|report (libxlsxwriter)|a refused name with an escape sequence|an unknown option|"

# vg NAME EXPECTED_RC ARGS...: runs dyad under memcheck; ok when it exits
# as expected and memcheck found nothing.
vg() {
	local name=$1 want=$2
	shift 2
	if [ "${DYAD_TEST_ALL:-0}" != 1 ] && [[ $QUICK != *"|$name|"* ]]; then
		"$DYAD" "$@" >"$T/out" 2>"$T/err" <"${VG_STDIN:-/dev/null}"
		RC=$?
		OUT=$(cat "$T/out")
		return 0
	fi
	valgrind -q --error-exitcode=99 --leak-check=full \
		--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--suppressions="$DYAD_SRC/tests/valgrind.supp" \
		--log-file="$T/vg.log" "$DYAD" "$@" >"$T/out" 2>"$T/err" <"${VG_STDIN:-/dev/null}"
	RC=$?
	OUT=$(cat "$T/out")
	if [ "$RC" -eq 99 ] || [ -s "$T/vg.log" ]; then
		not_ok "$name is clean under valgrind" "$(head -n 40 "$T/vg.log")"
	elif [ "$RC" -ne "$want" ]; then
		not_ok "$name is clean under valgrind" "exit $RC, wanted $want: $(head -c 300 "$T/err")"
	else
		ok "$name is clean under valgrind"
	fi
}

vg "init --demo" 0 init --demo --couples 3 --weeks 4
vg "couple add" 0 couple add "Zoë Åström & Łukasz Wróbel" --partner "Zoë Åström" \
	--partner "Łukasz Wróbel" --pronouns-a she/her --intake 2026-02-28
CID=$OUT
vg "couple list --all --json" 0 couple list --all --json
vg "couple set" 0 couple set "$CID" --name "Åström & Wróbel" --status paused --partner-b "Łukasz W."
vg "couple show" 0 couple show "$CID"
vg "session add" 0 session add "$CID" --date 2026-11-20T14:30 --minutes 75 --modality video
SID=$OUT
printf 'Softened startup from Zoë.\nA repair attempt (humour) landed.\n' >"$T/note.txt"
VG_STDIN="$T/note.txt" vg "note set from standard input" 0 note set "$SID"
vg "rate" 0 rate "$SID" startup 4 --partner a
vg "measure" 0 measure "$SID" csi4 14 --partner a
vg "session list --json" 0 session list "$CID" --json
vg "intake" 0 intake "$CID" --concerns "Distance since the move." --goal-a improve
vg "note sign" 0 note sign "$SID"
vg "note show --json" 0 note show "$SID" --json
vg "search" 0 search "repair humour" --json
vg "concepts" 0 concepts
vg "assign" 0 assign "$CID" attention-daily --due 2026-12-05 --note "Phones in the other room."
AID=$OUT
vg "checkin" 0 checkin "$AID" --partner a --done 3 --of 7 --comment "Two evenings missed."
vg "assignments --json" 0 assignments "$CID" --json
vg "handout (libharu and fontconfig)" 0 handout "$AID" -o "$T/handout.pdf"
vg "a refused score on a signed session" 1 measure "$SID" csi4 15 --partner a
vg "trends --json" 0 trends "$CID" --json
vg "report (libxlsxwriter)" 0 report "$CID" --include-notes -o "$T/report.xlsx"
vg "a refused name with an escape sequence" 1 couple add $'Evil\e[2J' --partner A --partner B
vg "a refused save of a signed note" 1 note set "$SID" --file "$T/note.txt"
vg "an unknown option" 2 couple list --colour
vg "--help" 0 --help
