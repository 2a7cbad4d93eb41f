#!/usr/bin/env bash
# measures.sh: the measure catalogue, recording scores, and trends.
. "$DYAD_SRC/tests/lib.sh"

# --- the catalogue ---------------------------------------------------------------
run measures --json
expect_rc "measures --json succeeds" 0
expect "CSI-4 is seeded with its range" test "$(json_get '[(m["min"], m["max"]) for m in d if m["key"]=="csi4"][0]')" = "(0, 21)"
expect "CSI-4's cutoff is 13.5, higher being better" test "$(json_get '[(m["cutoff"], m["higher_is_better"]) for m in d if m["key"]=="csi4"][0]')" = "(13.5, True)"
expect "felt safety and felt connection run 0 to 10 without a cutoff" test "$(json_get 'sorted((m["key"], m["max"], m["cutoff"]) for m in d if m["key"].startswith("felt_"))')" = "[('felt_connection', 10, None), ('felt_safety', 10, None)]"
run measures
expect_out "measures prints a table with the cutoff's side" "below 13.5"

run measure add k10 "K10 distress" --min 10 --max 50 --cutoff 19.5 --lower-is-better
expect_rc "measure add succeeds" 0
run measures --json
expect "a new measure keeps its direction and cutoff" test "$(json_get '[(m["cutoff"], m["higher_is_better"]) for m in d if m["key"]=="k10"][0]')" = "(19.5, False)"
refused "a taken key is refused" 1 "key" measure add csi4 "Again" --min 0 --max 21
refused "a key with capitals is refused" 1 "key" measure add "Bad Key" "X" --min 0 --max 1
refused "max below min is refused" 1 "max" measure add mood "Mood" --min 10 --max 0
refused "a cutoff outside the range is refused" 1 "cutoff" measure add mood "Mood" --min 0 --max 10 --cutoff 11
refused "a range that is not a number is refused" 1 "min" measure add mood "Mood" --min zero --max 10
refused "a missing range is a usage error" 2 "max" measure add mood "Mood" --min 0
refused "both directions at once is a usage error" 2 "higher-is-better" measure add mood "Mood" --min 0 --max 10 --higher-is-better --lower-is-better
refused "a control character in a measure name is refused" 1 "name" measure add mood $'Mo\ad' --min 0 --max 10

# --- scores ------------------------------------------------------------------------
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-01-05
CID=$OUT
run intake "$CID" --concerns "Money arguments."
declare -a S
for w in 1 2 3 4 5; do
	run session add "$CID" --date "2026-02-0${w}T10:00"
	S[$w]=$OUT
done
run session add "$CID" --date 2026-02-06T10:00 --attendance cancelled
CANCELLED=$OUT

run measure "${S[1]}" csi4 12 --partner a
expect_rc "measure records a score" 0
expect "the score is stored as a number" test "$(sqlite3 "$DYAD_DB" "SELECT typeof(value) || ':' || value FROM measure_value WHERE session_id=${S[1]} AND partner='a'")" = "real:12.0"
run measure "${S[1]}" csi4 14.5 --partner A
expect "recording again replaces the score" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) || ':' || max(value) FROM measure_value WHERE session_id=${S[1]}")" = "1:14.5"
refused "a score above the range is refused" 1 "value" measure "${S[1]}" csi4 21.5 --partner a
refused "a score that is not a number is refused" 1 "value" measure "${S[1]}" csi4 lots --partner a
refused "an unknown measure is refused" 1 "measure" measure "${S[1]}" happiness 3 --partner a
refused "a score without a partner is a usage error" 2 "partner" measure "${S[1]}" csi4 3
refused "a third partner is refused" 1 "partner" measure "${S[1]}" csi4 3 --partner c
refused "a missing session is refused" 1 "session" measure 9999 csi4 3 --partner a
refused "a cancelled session takes no scores" 1 "session" measure "$CANCELLED" csi4 3 --partner a
run measure "${S[1]}" csi4 15 --partner b
run note sign "${S[1]}"
before=$(db_fingerprint)
run measure "${S[1]}" felt_safety 6 --partner b
expect_rc "a signed note locks the partners' scores: its signature covers them" 1
expect_err "the refusal names the session and says its note is signed" "session ${S[1]}'s note is signed"
run measure "${S[1]}" csi4 --clear --partner b
expect_rc "a signed session's score cannot be cleared either" 1
expect "the refused scores left the database as it was" test "$before" = "$(db_fingerprint)"
run measure "${S[2]}" felt_safety 6 --partner b
run measure "${S[2]}" felt_safety --clear --partner b
expect "measure --clear removes a score" test "$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM measure_value WHERE session_id=${S[2]} AND partner='b'")" = 0

# --- trends: A improves while B slides ----------------------------------------------
a=(x 14.5 14 16 17 19)
b=(x 15 14 12 10 7)
for w in 2 3 4 5; do
	run measure "${S[$w]}" csi4 "${a[$w]}" --partner a
	run measure "${S[$w]}" csi4 "${b[$w]}" --partner b
	run measure "${S[$w]}" felt_safety 6 --partner a
	run measure "${S[$w]}" felt_safety 6 --partner b
done
run trends "$CID" --json
expect_rc "trends --json succeeds" 0
expect "the trend covers the couple's sessions" test "$(json_get 'd["sessions"]')" = 6
expect "CSI-4 is flagged as diverging" test "$(json_get '[m["diverging"] for m in d["measures"] if m["key"]=="csi4"][0]')" = True
expect "partner A's CSI-4 is rising" test "$(json_get '[m["partners"][0]["direction"] for m in d["measures"] if m["key"]=="csi4"][0]')" = rising
expect "partner B's CSI-4 is falling" test "$(json_get '[m["partners"][1]["direction"] for m in d["measures"] if m["key"]=="csi4"][0]')" = falling
expect "B's last CSI-4 is past the cutoff" test "$(json_get '[m["partners"][1]["past_cutoff"] for m in d["measures"] if m["key"]=="csi4"][0]')" = True
expect "a flat felt safety is steady and not diverging" test "$(json_get '[(m["partners"][0]["direction"], m["diverging"]) for m in d["measures"] if m["key"]=="felt_safety"][0]')" = "('steady', False)"
expect "a measure without scores has no trend" test "$(json_get '[(m["partners"][0]["count"], m["partners"][0]["direction"]) for m in d["measures"] if m["key"]=="felt_connection"][0]')" = "(0, None)"
expect "the values come back in session order" test "$(json_get '[v["value"] for m in d["measures"] if m["key"]=="csi4" for v in m["partners"][1]["values"]]')" = "[15, 14, 12, 10, 7]"
run trends "$CID"
expect_out "trends marks the divergence" "DIVERGING"
expect_out "trends draws a sparkline of B's CSI-4" "▆▆▅▄▃"
expect_out "trends marks a score past the cutoff" "7!"
refused "trends for a missing couple is refused" 1 "couple" trends 999

# --- the demo shows real trends -------------------------------------------------------
export DYAD_DB="$T/demo.db"
run init --demo
expect "the demo records scores" test "$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM measure_value')" -gt 300
flagged=""
for c in $(sqlite3 "$DYAD_DB" 'SELECT id FROM couple ORDER BY id'); do
	run trends "$c" --json
	flagged="$flagged$(json_get 'int(any(m["diverging"] for m in d["measures"]))')"
done
# Couples 3, 6 and 9 of the demo are the diverging ones; the others improve
# together or stay stuck.
expect "the demo's diverging couples, and only they, diverge on a measure" test "$flagged" = 0010010010
run trends 2 --json
expect "a stuck demo couple sits below the CSI-4 cutoff" test "$(json_get '[m["partners"][0]["past_cutoff"] for m in d["measures"] if m["key"]=="csi4"][0]')" = True
