#!/usr/bin/env bash
# io_faults.sh: I/O errors injected into dyad with libfiu (open, read, write,
# fsync, close failing at random). Every run either succeeds, with its
# change stored whole (an export: a valid, private file), or says why in
# one line and changes nothing (an export: no file, no temporary file);
# the database passes every check after each run. DYAD_FIU_SEED replays the
# sequence of operations (libfiu draws its own random faults).
# make test runs 36: each of the nine operations under each of the four
# kinds of fault once. make check-all (DYAD_TEST_ALL=1) runs 180, the rest
# of them operations picked at random.
# make check-all only: write faults injected with libfiu.
. "$DYAD_SRC/tests/lib.sh"

if ! command -v fiu-run >/dev/null 2>&1; then
	skip "injected I/O errors are reported and corrupt nothing" "fiu-run not installed (Debian: fiu-utils)"
	exit 0
fi
if grep -q -a __asan_init "$DYAD"; then
	skip "injected I/O errors are reported and corrupt nothing" "libfiu's preload library crashes an AddressSanitizer binary before main; make test runs this on the plain build"
	exit 0
fi

seed=${DYAD_FIU_SEED:-$(( $(date +%s) % 32768 ))}
echo "# seed $seed (DYAD_FIU_SEED=$seed replays the operations)"
RANDOM=$seed

failpoint_sets=(
	"enable_random name=posix/io/rw/*,probability=0.04"
	"enable_random name=posix/io/sync/*,probability=0.5"
	"enable_random name=posix/io/oc/*,probability=0.15"
	"enable_random name=posix/io/*,probability=0.02"
)

# The practice the faults are injected into.
run couple add "Okafor & Reyes" --partner Maya --partner Daniel
CID=$OUT
for i in 1 2 3 4; do
	run session add "$CID"
	SIDS+=("$OUT")
done
printf 'Before any fault.\n' >"$T/first.txt"
run note set "${SIDS[0]}" --file "$T/first.txt"
run assign "$CID" attention-daily --due 2026-12-05 --note "Phones away."
AID=$OUT
mkdir -p "$T/exp"

q() { sqlite3 "$DYAD_DB" "$1"; }

# whole_db: prints what is wrong with the database, nothing when all is well.
whole_db() {
	local db=$1
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || echo "integrity_check failed"
	[ -z "$(sqlite3 "$db" 'PRAGMA foreign_key_check')" ] || echo "foreign_key_check found rows"
	sqlite3 "$db" "INSERT INTO note_fts (note_fts, rank) VALUES ('integrity-check', 1)" 2>/dev/null ||
		echo "the search index does not match the notes"
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM couple c WHERE (SELECT count(*) FROM partner p WHERE p.couple_id = c.id) != 2')" = 0 ] ||
		echo "a couple without both partners"
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM session s WHERE NOT EXISTS (SELECT 1 FROM note n WHERE n.session_id = s.id)')" = 0 ] ||
		echo "a session without its note row"
}

runs=0 succeeded=0 refused=0
problems=""
problem() { problems="$problems
# run $runs ($1): $2"; }

total=36
[ "${DYAD_TEST_ALL:-0}" = 1 ] && total=180
for ((runs = 1; runs <= total; runs++)); do
	cfg=${failpoint_sets[$((runs % ${#failpoint_sets[@]}))]}
	sid=${SIDS[$((RANDOM % ${#SIDS[@]}))]}
	db=$DYAD_DB
	# The first 36 pair every operation with every kind of fault (9 and 4
	# share no factor); after them, operations come at random.
	pick=$((RANDOM % 9))
	[ "$runs" -le 36 ] && pick=$((runs % 9))
	case $pick in
	0) op="couple add"; args=(couple add "Fault couple $runs" --partner "A$runs" --partner "B$runs")
		present() { [ "$(q "SELECT count(*) FROM couple c JOIN partner a ON a.couple_id = c.id AND a.role = 'a' AND a.name = 'A$runs' JOIN partner b ON b.couple_id = c.id AND b.role = 'b' AND b.name = 'B$runs' WHERE c.name = 'Fault couple $runs'")" = 1 ]; } ;;
	1) op="session add"; args=(session add "$CID"); n=$(q 'SELECT count(*) FROM session')
		present() { [ "$(q 'SELECT count(*) FROM session')" = $((n + 1)) ]; } ;;
	2) op="note set"; printf 'Save %d.\nThey slowed down and named it.\n' "$runs" >"$T/note.txt"
		args=(note set "$sid" --file "$T/note.txt")
		present() { [ "$(q "SELECT body FROM note WHERE session_id = $sid")" = "$(cat "$T/note.txt")" ]; } ;;
	3) op="rate"; v=$((1 + runs % 5)); q "DELETE FROM rating WHERE session_id = $sid"
		args=(rate "$sid" startup "$v" --partner a)
		present() { [ "$(q "SELECT value FROM rating r JOIN concept c ON c.id = r.concept_id WHERE r.session_id = $sid AND c.key = 'startup' AND r.partner = 'a'")" = "$v" ]; } ;;
	4) op="couple set"; args=(couple set "$CID" --name "Renamed $runs")
		present() { [ "$(q "SELECT name FROM couple WHERE id = $CID")" = "Renamed $runs" ]; } ;;
	5) op="init --demo"; db="$T/demo$runs.db"; args=(--db "$db" init --demo)
		present() { [ "$(sqlite3 "$db" 'SELECT count(*) FROM couple')" -ge 8 ]; } ;;
	6) op="couple list"; args=(couple list --all --json)
		present() { /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" 2>/dev/null; } ;;
	7) op="handout"; file="$T/exp/h$runs.pdf"; args=(handout "$AID" -o "$file")
		present() { qpdf --check "$file" >/dev/null 2>&1 && [ "$(stat -c %a "$file")" = 600 ]; } ;;
	8) op="report"; file="$T/exp/r$runs.xlsx"; args=(report "$CID" --include-notes -o "$file")
		present() { /usr/bin/python3 -c 'import openpyxl,sys; openpyxl.load_workbook(sys.argv[1])' "$file" 2>/dev/null &&
			[ "$(stat -c %a "$file")" = 600 ]; } ;;
	esac
	before=$(sqlite3 "$DYAD_DB" .dump | sha256sum)
	fiu-run -x -f '' -c "$cfg" "$DYAD" "${args[@]}" >"$T/out" 2>"$T/err"
	RC=$?
	# fontconfig says so itself when it cannot read one of its own files,
	# and carries on; that is not dyad's message.
	ERR=$(grep -v '^Fontconfig ' "$T/err")
	if [ "$op" = "init --demo" ]; then
		# A dyad without faults must open whatever was left (finishing the
		# schema when its creation failed) before it can be checked.
		"$DYAD" --db "$db" couple list --all >/dev/null 2>"$T/reopen.err" ||
			problem "$op" "the next dyad cannot open what was left: $(cat "$T/reopen.err")"
	fi
	wrong=$(whole_db "$db")
	[ -n "$wrong" ] && problem "$op" "$wrong"
	[ -z "$(ls -A "$T/exp" | grep '^\.')" ] || problem "$op" "a temporary export file was left: $(ls -A "$T/exp" | grep '^\.')"
	if [ "$RC" -eq 0 ]; then
		succeeded=$((succeeded + 1))
		present || problem "$op" "dyad said it succeeded but the change is not stored"
		[ -z "$ERR" ] || problem "$op" "succeeded but wrote to stderr: $ERR"
		continue
	fi
	refused=$((refused + 1))
	# fontconfig (a library) reports a failed cache write on stderr by itself
	# under injected ENOSPC; dyad's own message is what this checks. Known gap:
	# keeping fontconfig quiet during handouts is still to do.
	ERR=$(printf '%s\n' "$ERR" | grep -v '^write cache: ')
	if [ "$RC" -ne 1 ]; then
		problem "$op" "exit $RC (a crash or a usage error), stderr: $ERR"
	elif [ "$(printf '%s\n' "$ERR" | wc -l)" -ne 1 ] || [ "${ERR#dyad: }" = "$ERR" ]; then
		problem "$op" "wanted one line 'dyad: ...' on stderr, got: $ERR"
	fi
	case $ERR in
	"dyad: output: could not write to standard output"* | "dyad: output: could not write the result"*)
		# The change was made; only printing its result failed.
		[ "$op" = "couple list" ] || present || problem "$op" "output failed and the change is missing" ;;
	*)
		if [ "$op" = handout ] || [ "$op" = report ]; then
			# The one way a file may stay: its audit entry failed, and then
			# removing it failed too, which the message must say.
			case $ERR in
			*"could not be removed"*) ;;
			*) [ ! -e "$file" ] || problem "$op" "a failed export left $file behind ($ERR)" ;;
			esac
		fi
		if [ "$op" = "init --demo" ]; then
			[ "$(sqlite3 "$db" 'SELECT count(*) FROM couple' 2>/dev/null || echo 0)" = 0 ] ||
				problem "$op" "a failed demo left couples behind"
		elif [ "$before" != "$(sqlite3 "$DYAD_DB" .dump | sha256sum)" ]; then
			problem "$op" "dyad reported '$ERR' but the database changed"
		fi ;;
	esac
done
runs=$((runs - 1))
echo "# $runs runs under injected faults: $succeeded succeeded, $refused reported an error"

if [ -z "$problems" ]; then
	ok "every one of $runs runs under injected I/O errors succeeded whole or reported an error and changed nothing"
else
	not_ok "every one of $runs runs under injected I/O errors succeeded whole or reported an error and changed nothing" "$problems"
fi
expect "the faults made some runs fail" test "$refused" -gt $((runs / 18))
expect "and let some succeed" test "$succeeded" -gt $((runs / 18))
run session add "$CID"
expect_rc "without faults, dyad writes to the same database as before" 0
expect "which is whole" test -z "$(whole_db "$DYAD_DB")"
