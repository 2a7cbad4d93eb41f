#!/usr/bin/env bash
# sanitizers.sh: part of the suite again, under AddressSanitizer and UBSan,
# so that `make check-all` (and so CI) catches memory errors and undefined
# behaviour without a separate run: the foundation and hostile-input
# scripts with an ASan+UBSan dyad, and the ASan+UBSan unit tests and fuzz
# replays. `make asan` runs everything that way, so there this says so and
# stops. make check-all builds the instrumented copies in build/asan.
# Run alone (DYAD_TEST_ONLY=sanitizers make test, after make asan-build)
# it leaves out the hostile-input scripts and export_pdf.sh (the record
# PDF and its signature), which under the sanitizers take most of its time.
# make check-all only: the ASan+UBSan build and its runs (make asan-build builds it).
. "$DYAD_SRC/tests/lib.sh"

if grep -q -a __asan_init "$DYAD"; then
	skip "the sanitizer subset" "this whole run is already under AddressSanitizer"
	exit 0
fi
ASAN_BIN=${DYAD_ASAN_BIN:-}
ASAN_UNIT=${DYAD_ASAN_UNIT_DIR:-}
if [ -z "$ASAN_BIN" ] || [ ! -x "$ASAN_BIN" ] || ! grep -q -a __asan_init "$ASAN_BIN"; then
	not_ok "the sanitizer subset has an ASan+UBSan dyad to run" "DYAD_ASAN_BIN is '$ASAN_BIN'; run through make check-all, or make asan-build first"
	exit 0
fi
# Every report, from any dyad the scripts run, lands in $T/san as a file.
mkdir -p "$T/san"
export ASAN_OPTIONS="detect_leaks=1:exitcode=86:log_path=$T/san/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86:log_path=$T/san/ubsan"

# Each part's own ok/not ok lines count here, marked [asan]; then any
# sanitizer report it caused is a failure of its own.
part() {
	local name=$1 log="$T/part.log"
	shift
	"$@" >"$log" 2>&1
	local rc=$?
	sed -n -E 's/^(ok|not ok|skip) - /\1 - [asan] /p; /^# /p' "$log"
	if ls "$T/san/"* >/dev/null 2>&1; then
		not_ok "[asan] $name: no sanitizer report" "$(cat "$T/san/"* | head -n 40)"
		rm -f "$T/san/"*
	elif [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$log"; then
		not_ok "[asan] $name exited $rc" "$(tail -n 20 "$log")"
	else
		ok "[asan] $name: no sanitizer report"
	fi
}

scripts="foundation"
[ "${DYAD_TEST_ALL:-0}" = 1 ] && scripts="$scripts hostile hostile_homework hostile_progress import_hostile export_pdf"
for script in $scripts; do
	part "tests/cli/$script.sh" env DYAD_BIN="$ASAN_BIN" bash "$DYAD_SRC/tests/cli/$script.sh"
done
for unit in "$ASAN_UNIT"/test_core "$ASAN_UNIT"/test_import "$ASAN_UNIT"/test_store "$ASAN_UNIT"/test_files "$ASAN_UNIT"/test_reports "$ASAN_UNIT"/test_fuzz_*; do
	[ -x "$unit" ] || continue
	part "$(basename "$unit")" "$unit"
done
