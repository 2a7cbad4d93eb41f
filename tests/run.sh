#!/bin/sh
# Runs every test: the unit binaries in $DYAD_UNIT_DIR and the scripts in
# tests/cli, tests/golden and tests/tui. Each prints TAP-style lines
# ("ok - ...", "not ok - ...", "skip - ..."); this counts them and ends with
# "N passed, N failed, N skipped". Exits non-zero when anything failed.
# Only files matching a pattern: DYAD_TEST_ONLY=regex.
set -u
: "${DYAD_BIN:?run through make test}"
: "${DYAD_UNIT_DIR:?run through make test}"
: "${DYAD_SRC:?run through make test}"
export DYAD_BIN DYAD_SRC
export LC_ALL=C.UTF-8
# Under `make asan`: leaks in system libraries that are not dyad's.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$DYAD_SRC/tests/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0}"
export TERM="${TERM:-xterm-256color}"
[ "$TERM" = dumb ] && export TERM=xterm-256color
results=$(mktemp -d "${TMPDIR:-/tmp}/dyad-tests.XXXXXX")
trap 'rm -rf "$results"' EXIT INT TERM

jobs_list=""
for f in "$DYAD_UNIT_DIR"/test_*; do
	[ -x "$f" ] && jobs_list="$jobs_list $f"
done
for dir in cli golden tui; do
	for f in "$DYAD_SRC/tests/$dir"/*.sh; do
		[ -f "$f" ] && jobs_list="$jobs_list $f"
	done
done

run_one() {
	f=$1
	name=$(echo "$f" | sed "s|^$DYAD_SRC/||; s|^$DYAD_UNIT_DIR/|unit/|")
	out="$results/$(echo "$name" | tr '/' '_').log"
	case "$f" in
	*.sh) bash "$f" >"$out" 2>&1 ;;
	*) "$f" >"$out" 2>&1 ;;
	esac
	code=$?
	if [ $code -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $name exited with status $code" >>"$out"
	fi
	if ! grep -q -E '^(ok|not ok|skip) ' "$out"; then
		echo "not ok - $name ran no test" >>"$out"
	fi
	echo "$name" >"$out.name"
}

# Two at a time: the machines have two cores, and the terminal tests mostly wait.
max=${DYAD_TEST_JOBS:-2}
running=0
for f in $jobs_list; do
	if [ -n "${DYAD_TEST_ONLY:-}" ] && ! echo "$f" | grep -q -E "$DYAD_TEST_ONLY"; then
		continue
	fi
	run_one "$f" &
	running=$((running + 1))
	if [ "$running" -ge "$max" ]; then
		wait
		running=0
	fi
done
wait

passed=0 failed=0 skipped=0
for log in "$results"/*.log; do
	[ -f "$log" ] || continue
	name=$(cat "$log.name")
	p=$(grep -c '^ok ' "$log")
	x=$(grep -c '^not ok ' "$log")
	s=$(grep -c '^skip ' "$log")
	passed=$((passed + p))
	failed=$((failed + x))
	skipped=$((skipped + s))
	if [ "$x" -gt 0 ]; then
		echo "== $name: $x failed"
		grep -E '^(not ok|#)' "$log" | head -n 60
		grep -v -E '^(ok|not ok|skip|#) ' "$log" | head -n 30 | sed 's/^/   | /'
	else
		echo "== $name: $p passed${s:+, $s skipped}" | sed 's/, 0 skipped//'
	fi
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
