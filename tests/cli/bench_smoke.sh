#!/bin/bash
# bench_smoke.sh: make bench's scripts work end to end on a tiny practice
# (tests/bench/run.py --smoke). Times are printed, never asserted.
# make check-all only: the benchmark and its openpyxl peer on a tiny practice.
. "$DYAD_SRC/tests/lib.sh"

probe="${DYAD_UNIT_DIR:-}/../bench/probe"
missing=""
for tool in hyperfine /usr/bin/time sqlite3 /usr/bin/python3; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x "$probe" ] || missing="$missing probe"
if [ -n "$missing" ]; then
	skip "the benchmark runs end to end on a tiny practice" "missing:$missing; make bench installs them"
	exit 0
fi

bench() {
	DYAD_PROBE="$probe" /usr/bin/python3 "$DYAD_SRC/tests/bench/run.py" --smoke \
		--work "$T/work" --results "$T/results.md" "$@" >"$T/table" 2>"$T/log"
}

bench
RC=$?
expect_rc "the benchmark runs end to end on a tiny practice" 0
expect "the practice was generated into the work folder" \
	test "$(ls "$T/work"/practice-12-*.db | wc -l)" -eq 1
for figure in "generate the synthetic practice" "dyad couple list" "open the database" \
	"one handout PDF" "handouts in one batch" "start to first full screen" "a keystroke to the redrawn" \
	"interface: peak memory" "couple report" "caseload report, 12 couples, whole" \
	"caseload report, 12 couples, peak memory" "growth: caseload report" \
	"common word" "rare word" "search as you type"; do
	expect "the results have a measured row for: $figure" \
		grep -q -E "^\| [^|]*$figure[^|]*\| [0-9.]+ (ms|s|MB) \|" "$T/results.md"
done
expect "the results describe the machine" grep -q -E "^- CPU: .+, [0-9]+ cores" "$T/results.md"
expect "the printed table has a header and a row per figure" \
	test "$(grep -c -E 'ms|figure' "$T/table")" -ge 7

# The second run is about the cache: make test times one figure with it,
# make check-all (DYAD_TEST_ALL=1) every figure again.
if [ "${DYAD_TEST_ALL:-0}" = 1 ]; then bench; else bench --only "dyad couple list"; fi
RC=$?
expect_rc "a second run succeeds" 0
expect "a second run reuses the cached practice" \
	sh -c "! grep -q 'generating a practice' '$T/log'"
