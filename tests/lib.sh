# lib.sh: helpers for the shell tests. Source it first; it gives each test
# file a private home, database and clock, and these functions:
#   run ARGS...           run dyad; sets RC, and OUT/ERR (files: $T/out $T/err)
#   ok NAME / not_ok NAME [WHY] / skip NAME WHY
#   expect NAME COND...   ok when the command COND succeeds
#   expect_rc NAME CODE   ok when the last run exited CODE
#   expect_out NAME TEXT  ok when OUT contains TEXT
#   expect_err NAME TEXT  ok when ERR contains TEXT
#   db_fingerprint        a hash of the whole database's contents
#   wait_until_open PID   waits (up to 20 s) until process PID has the database open
set -u
: "${DYAD_BIN:?}"
: "${DYAD_SRC:?}"
DYAD=$DYAD_BIN
T=$(mktemp -d "${TMPDIR:-/tmp}/dyad-t.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
export XDG_DATA_HOME="$T/home/.local/share"
export XDG_CONFIG_HOME="$T/home/.config"
mkdir -p "$HOME"
export DYAD_DB="$T/dyad.db"
export DYAD_TODAY=2026-11-28
unset DYAD_EDITOR VISUAL EDITOR NO_COLOR PAPERSIZE DYAD_PASSPHRASE_FILE 2>/dev/null || true
RC=0
OUT=""
ERR=""

# ($(<FILE) reads the file in the shell itself, with no cat to start: the
# suite runs these thousands of times.)
run() {
	"$DYAD" "$@" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(<"$T/out")
	ERR=$(<"$T/err")
}

# run_in FILE ARGS...: like run, with standard input from FILE.
run_in() {
	local input=$1
	shift
	"$DYAD" "$@" <"$input" >"$T/out" 2>"$T/err"
	RC=$?
	OUT=$(<"$T/out")
	ERR=$(<"$T/err")
}

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}
skip() { echo "skip - $1 ($2)"; }

expect() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $* | rc=$RC out=$(head -c 300 "$T/out" 2>/dev/null) err=$(head -c 300 "$T/err" 2>/dev/null)"; fi
}

expect_rc() {
	if [ "$RC" -eq "$2" ]; then ok "$1"; else not_ok "$1" "exit $RC, wanted $2; stderr: $ERR"; fi
}

expect_out() {
	case "$OUT" in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1" "stdout lacks '$2': $(head -c 400 "$T/out")" ;;
	esac
}

expect_err() {
	case "$ERR" in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1" "stderr lacks '$2': $ERR" ;;
	esac
}

# The hash covers every table's rows and the schema (triggers included).
db_fingerprint() {
	sqlite3 "$DYAD_DB" '.sha3sum --schema' 2>/dev/null
}

# refused() checks the database before and after each refusal; a run of
# refusals would hash the same file over and over. The last "after" is
# kept, with a mark file written just after it, and stands for "before"
# while the mark is strictly newer than the database and its WAL: a write
# in the same clock tick as the mark leaves it not newer, so it is hashed
# again. Only "before" is ever taken from it: "after" is always hashed
# afresh. (Both set variables, and -nt and : > are the shell's own, so no
# process starts for them.)
FP_LAST="" FP_LAST_DB=""
db_fingerprint_before() {	# sets FP_BEFORE
	if [ -n "$FP_LAST" ] && [ "$FP_LAST_DB" = "$DYAD_DB" ] &&
		[ "$T/fp.mark" -nt "$DYAD_DB" ] && [ "$T/fp.mark" -nt "$DYAD_DB-wal" ]; then
		FP_BEFORE=$FP_LAST
	else
		FP_BEFORE=$(db_fingerprint)
	fi
}
db_fingerprint_after() {	# sets FP_LAST
	FP_LAST=$(db_fingerprint)
	FP_LAST_DB=$DYAD_DB
	: >"$T/fp.mark"
}

# refused NAME EXPECTED_RC FIELD ARGS...: runs dyad, and checks the exit code,
# that stderr names FIELD, has one line, and that the database is unchanged.
refused() {
	local name=$1 want=$2 field=$3
	shift 3
	local before after
	db_fingerprint_before
	before=$FP_BEFORE
	run "$@"
	db_fingerprint_after
	after=$FP_LAST
	if [ "$RC" -ne "$want" ]; then
		not_ok "$name" "exit $RC, wanted $want; stderr: $ERR"
	elif [[ -z $ERR || $ERR == *$'\n'* ]]; then
		not_ok "$name" "wanted one line on stderr, got: $ERR"
	elif ! grep -q -- "$field" <<<"$ERR"; then
		not_ok "$name" "stderr does not name '$field': $ERR"
	elif [ "$before" != "$after" ]; then
		not_ok "$name" "the database changed"
	elif [ -n "$OUT" ]; then
		not_ok "$name" "printed to stdout: $OUT"
	else
		ok "$name"
	fi
}

# json_get EXPR: evaluates a Python expression over the JSON in $T/out
# (bound to `d`) with the system Python, and prints the result.
json_get() {
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/out" "$1"
}

# wait_until_open PID: waits until dyad process PID holds $DYAD_DB open (it
# keeps $DYAD_DB-lock open while it does), or has exited; gives up after 20 s.
wait_until_open() {
	local i
	for i in $(seq 1 200); do
		ls -l "/proc/$1/fd" 2>/dev/null | grep -q -F -- "$DYAD_DB-lock" && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
