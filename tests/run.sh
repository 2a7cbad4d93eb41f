#!/usr/bin/env bash
# Runs every test: the unit binaries in $DYAD_UNIT_DIR and the scripts in
# tests/cli, tests/golden and tests/tui. Each prints TAP-style lines
# ("ok - ...", "not ok - ...", "skip - ..."); this counts them and ends with
# "N passed, N failed, N skipped". Exits non-zero when anything failed.
#   DYAD_TEST_ONLY=regex   only the files whose path matches
#   DYAD_TEST_TIMES=1      also print each file's wall time, slowest first,
#                          with its share of the total
#   DYAD_TEST_ALL=1        the long forms too, and the files marked
#                          "# make check-all only:" (make check-all)
#   DYAD_TEST_JOBS=N       files run at once (3)
# Each file's time is kept in $DYAD_UNIT_DIR/../test-times, so the next run
# starts the slowest first and two cores stay busy to the end.
set -u
: "${DYAD_BIN:?run through make test}"
: "${DYAD_UNIT_DIR:?run through make test}"
: "${DYAD_SRC:?run through make test}"
export DYAD_BIN DYAD_SRC
export DYAD_TEST_ALL="${DYAD_TEST_ALL:-0}"
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

times_file="$(dirname "$DYAD_UNIT_DIR")/test-times"
[ "$DYAD_TEST_ALL" = 1 ] && times_file="$times_file-all"

run_one() {
	f=$1
	name=$(echo "$f" | sed "s|^$DYAD_SRC/||; s|^$DYAD_UNIT_DIR/|unit/|")
	out="$results/$(echo "$name" | tr '/' '_').log"
	start=$(date +%s.%N)
	case "$f" in
	*.sh) bash "$f" >"$out" 2>&1 ;;
	*) "$f" >"$out" 2>&1 ;;
	esac
	code=$?
	end=$(date +%s.%N)
	if [ $code -ne 0 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $name exited with status $code" >>"$out"
	fi
	if ! grep -q -E '^(ok|not ok|skip) ' "$out"; then
		echo "not ok - $name ran no test" >>"$out"
	fi
	echo "$name" >"$out.name"
	awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", b - a }' >"$out.time"
	# This subshell's children's user and system time: the processor time the
	# file took, which a busy machine changes much less than the wall time.
	# (times itself, not in a pipe: a pipe's subshell has no children.)
	times >"$out.times"
	awk 'NR == 2 { split($0, f, /[ms]+/); print f[1] * 60 + f[2] + f[3] * 60 + f[4] }' "$out.times" >"$out.cpu"
}

# A script whose opening lines say "# make check-all only: WHY" (the slow
# fault, sanitizer, set-up and build-variant runs) is left to make check-all,
# unless DYAD_TEST_ONLY names it.
check_all_only() {
	case "$1" in
	*.sh) head -n 20 "$1" | grep -q '^# make check-all only:' ;;
	*) return 1 ;;
	esac
}
selected=""
left_out=""
for f in $jobs_list; do
	if [ -n "${DYAD_TEST_ONLY:-}" ]; then
		echo "$f" | grep -q -E "$DYAD_TEST_ONLY" || continue
	elif [ "$DYAD_TEST_ALL" != 1 ] && check_all_only "$f"; then
		left_out="$left_out $(basename "$f")"
		continue
	fi
	selected="$selected $f"
done
# Slowest first (by the last run's times; unknown files count as slow), so
# the long files overlap instead of one finishing alone at the end.
# A first run (a fresh clone, CI) goes by tests/typical-times instead.
typical="$DYAD_SRC/tests/typical-times"
column=1
[ "$DYAD_TEST_ALL" = 1 ] && column=2
ordered=$(for f in $selected; do
	t=$([ -f "$times_file" ] && awk -v f="$f" '$2 == f { t = $1 } END { print t }' "$times_file")
	if [ -z "$t" ] && [ -f "$typical" ]; then
		name=$(echo "$f" | sed "s|^$DYAD_SRC/||; s|^$DYAD_UNIT_DIR/|unit/|")
		t=$(awk -v f="$name" -v c="$column" '$3 == f && $c != "-" { t = $c } END { print t }' "$typical")
	fi
	echo "${t:-9999} $f"
done | sort -k1,1 -g -r -s | cut -d' ' -f2)

# A pool of three: the machines have two cores, and the terminal tests and
# the lock waits mostly sleep, so a third file keeps both cores busy.
max=${DYAD_TEST_JOBS:-3}
suite_start=$(date +%s.%N)
running=0
for f in $ordered; do
	if [ "$running" -ge "$max" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_one "$f" &
	running=$((running + 1))
done
wait
suite_end=$(date +%s.%N)

# Remember this run's times for the next one's order (files not run keep theirs).
if [ -n "$selected" ]; then
	{
		[ -f "$times_file" ] && cat "$times_file"
		for f in $selected; do
			log="$results/$(echo "$f" | sed "s|^$DYAD_SRC/||; s|^$DYAD_UNIT_DIR/|unit/|" | tr '/' '_').log"
			[ -f "$log.time" ] && echo "$(cat "$log.time") $f"
		done
	} | awk '{ t[$2] = $1 } END { for (f in t) print t[f], f }' >"$times_file.new" &&
		mv "$times_file.new" "$times_file"
fi

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
if [ "${DYAD_TEST_TIMES:-0}" = 1 ]; then
	echo "-- seconds per file, slowest first (share of the sum; wall $(awk -v a="$suite_start" -v b="$suite_end" 'BEGIN { printf "%.0f", b - a }') s with $max at once)"
	for log in "$results"/*.log; do
		[ -f "$log.time" ] && echo "$(cat "$log.time") $(cat "$log.cpu" 2>/dev/null || echo 0) $(cat "$log.name")"
	done | sort -k1,1 -g -r | awk '{ t[NR] = $1; c[NR] = $2; n[NR] = $3; sum += $1; cpu += $2 }
		END { for (i = 1; i <= NR; i++) printf "%7.1f s %5.1f%%  cpu %6.1f s  %s\n", t[i], sum ? 100 * t[i] / sum : 0, c[i], n[i]
		      printf "%7.1f s  sum, cpu %.1f s\n", sum, cpu }'
fi
[ -n "$left_out" ] && echo "# left to make check-all:$left_out"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
