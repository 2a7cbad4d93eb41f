#!/usr/bin/env bash
# concurrency.sh: several dyads writing at once never fail with "database is
# locked", and a note edited in two places keeps the first save and refuses
# the second as a conflict.
. "$DYAD_SRC/tests/lib.sh"

# How many times over: make check-all repeats each race more (DYAD_TEST_ALL=1).
if [ "${DYAD_TEST_ALL:-0}" = 1 ]; then new_rounds=25 per_writer=12 race_rounds=20; else new_rounds=8 per_writer=6 race_rounds=8; fi
writes=$((8 * per_writer))

# worker N COUNT COUPLE: COUNT session adds, each followed by a rating, as
# fast as it can; every failure goes to $T/fail.N.
worker() {
	local n=$1 count=$2 cid=$3 i sid
	for ((i = 0; i < count; i++)); do
		if ! sid=$("$DYAD" session add "$cid" --minutes $((40 + n)) 2>>"$T/err.$n"); then
			echo "session add failed" >>"$T/fail.$n"
			continue
		fi
		echo "$sid" >>"$T/sessions.$n"
		"$DYAD" rate "$sid" startup $((1 + (i + n) % 5)) --partner a 2>>"$T/err.$n" ||
			echo "rate $sid failed" >>"$T/fail.$n"
		"$DYAD" note set "$sid" --file "$T/note.$n" 2>>"$T/err.$n" ||
			echo "note set $sid failed" >>"$T/fail.$n"
	done
}

# --- a brand-new database, opened by eight dyads at once (new_rounds times) ---
failed=0
short=0
for ((round = 0; round < new_rounds; round++)); do
	db="$T/new$round.db"
	pids=()
	for n in 1 2 3 4 5 6 7 8; do
		DYAD_DB=$db "$DYAD" couple add "Couple $n" --partner "A$n" --partner "B$n" \
			>/dev/null 2>>"$T/cerr" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
	[ "$(sqlite3 "$db" 'SELECT count(*) FROM couple')" = 8 ] || short=$((short + 1))
done
expect "eight dyads creating one new database at once all succeed, $new_rounds times" test "$failed" = 0
expect "none of them reports a locked or busy database" test ! -s "$T/cerr"
expect "all eight couples are stored each time" test "$short" = 0
expect "the new databases use write-ahead logging" test "$(sqlite3 "$T/new0.db" 'PRAGMA journal_mode')" = wal
cp "$T/new0.db" "$DYAD_DB"

# --- eight writers and two readers at once ---------------------------------------
CID=$(sqlite3 "$DYAD_DB" "SELECT min(id) FROM couple")
for n in 1 2 3 4 5 6 7 8; do
	printf 'Writer %s was here.\nAnd stayed a while.\n' "$n" >"$T/note.$n"
done
pids=()
for n in 1 2 3 4 5 6 7 8; do
	worker "$n" "$per_writer" "$CID" &
	pids+=($!)
done
readers_failed=0
for ((i = 0; i < 15; i++)); do
	"$DYAD" session list "$CID" >/dev/null 2>>"$T/err.readers" || readers_failed=$((readers_failed + 1))
	"$DYAD" search writer >/dev/null 2>>"$T/err.readers" || readers_failed=$((readers_failed + 1))
done
for p in "${pids[@]}"; do wait "$p"; done
if ls "$T"/fail.* >/dev/null 2>&1; then
	not_ok "$((3 * writes)) concurrent writes (session add, rate, note set) all succeed" "$(cat "$T"/fail.* | head -5)"
else
	ok "$((3 * writes)) concurrent writes (session add, rate, note set) all succeed"
fi
if grep -l -i -E 'locked|busy' "$T"/err.* >/dev/null 2>&1; then
	not_ok "no writer or reader is told the database is locked or busy" "$(cat "$T"/err.* | head -5)"
else
	ok "no writer or reader is told the database is locked or busy"
fi
expect "reads made while eight dyads write all succeed" test "$readers_failed" = 0
expect "every acknowledged session is stored" test "$(cat "$T"/sessions.* | sort -n | uniq | wc -l)" = "$writes"
expect "and no other" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM session WHERE couple_id = $CID")" = "$writes"
expect "every session got its rating" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM rating r JOIN session s ON s.id = r.session_id WHERE s.couple_id = $CID")" = "$writes"
expect "every session got its writer's note" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM note n JOIN session s ON s.id = n.session_id WHERE s.couple_id = $CID AND n.body = 'Writer ' || (s.minutes - 40) || ' was here.' || char(10) || 'And stayed a while.' || char(10)")" = "$writes"
expect "the database is whole afterwards" test "$(sqlite3 "$DYAD_DB" 'PRAGMA integrity_check')" = ok

# --- a note edited in two places --------------------------------------------------
run session add "$CID"
SID=$OUT
printf 'First draft.\n' >"$T/draft0"
run note set "$SID" --file "$T/draft0"
run note show "$SID" --json
REV=$(json_get 'd["revision"]')
expect "note show --json gives the revision" test "$REV" -ge 1
# Two editors both opened revision $REV; the therapist's laptop saves first.
printf 'Saved from the laptop.\n' >"$T/laptop"
printf 'Saved from the office.\n' >"$T/office"
run note set "$SID" --file "$T/laptop" --if-revision "$REV"
expect_rc "the first save of revision $REV succeeds" 0
before=$(db_fingerprint)
run note set "$SID" --file "$T/office" --if-revision "$REV"
expect_rc "the second save of the same revision is refused" 1
expect_err "it is refused as a conflict, in plain words" "saved elsewhere while you edited it"
expect "the refusal is one line" test "$(printf '%s\n' "$ERR" | wc -l)" = 1
expect "the first editor's text is kept" test "$(sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID")" = "Saved from the laptop."
expect "the refused save changed nothing" test "$before" = "$(db_fingerprint)"
run note show "$SID" --json
NEXT=$(json_get 'd["revision"]')
run note set "$SID" --file "$T/office" --if-revision "$NEXT"
expect_rc "a save from the current revision succeeds" 0
refused "a revision that is not a number is refused" 1 "revision" note set "$SID" --file "$T/office" --if-revision soon
refused "a negative revision is refused" 1 "revision" note set "$SID" --file "$T/office" --if-revision -1

# The same race, started at the same moment, race_rounds times: exactly one
# save wins each time, the other is a conflict, and the winner's text stays.
rounds_ok=0
for ((r = 0; r < race_rounds; r++)); do
	run note show "$SID" --json
	REV=$(json_get 'd["revision"]')
	printf 'Round %d, editor one.\n' "$r" >"$T/one"
	printf 'Round %d, editor two.\n' "$r" >"$T/two"
	"$DYAD" note set "$SID" --file "$T/one" --if-revision "$REV" 2>"$T/e1" &
	p1=$!
	"$DYAD" note set "$SID" --file "$T/two" --if-revision "$REV" 2>"$T/e2" &
	p2=$!
	wait "$p1"; r1=$?
	wait "$p2"; r2=$?
	body=$(sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $SID")
	if [ "$r1" = 0 ] && [ "$r2" = 1 ] && grep -q 'saved elsewhere' "$T/e2" && [ "$body" = "Round $r, editor one." ]; then
		rounds_ok=$((rounds_ok + 1))
	elif [ "$r2" = 0 ] && [ "$r1" = 1 ] && grep -q 'saved elsewhere' "$T/e1" && [ "$body" = "Round $r, editor two." ]; then
		rounds_ok=$((rounds_ok + 1))
	else
		echo "# round $r: exits $r1 and $r2, body '$body', errors: $(cat "$T/e1" "$T/e2")"
	fi
done
expect "two simultaneous saves of one revision: one wins, the other is refused, $race_rounds times out of $race_rounds" test "$rounds_ok" = "$race_rounds"
