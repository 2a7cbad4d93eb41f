#!/usr/bin/env bash
# safety.sh: per-partner safety screening. Recorded for one partner at a
# time, checked by dyad and by the database itself, shown only with an
# audit entry, flagging the couple everywhere it is listed, asking before
# conflict exercises, and kept out of everything that goes to the couple
# (handouts, reports) unless the clinician asks for a private report; the
# full export keeps it.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
run intake "$CID" --concerns "Money arguments." --goal-a improve --goal-b improve
count() { sqlite3 "$DYAD_DB" "SELECT count(*) FROM safety_screening"; }

# --- recording -----------------------------------------------------------------------------
run safety add "$CID" --partner a --date 2026-10-01 --method "individual interview" --result none
expect_rc "a screening for partner A is recorded" 0
run safety add "$CID" --partner b --date 2026-10-01 --method "individual interview" --result concern \
	--action "ZEPHYRPLAN safety plan agreed"
expect_rc "a screening for partner B is recorded" 0
expect "both are stored, each for its partner" test "$(sqlite3 "$DYAD_DB" "SELECT group_concat(partner || ':' || result) FROM safety_screening")" = "a:none,b:concern"

# --- bad input: one line, nothing changed ---------------------------------------------------
refused "an unknown result is refused" 1 "result" safety add "$CID" --partner a --date 2026-11-01 --method interview --result maybe
refused "partner c is refused" 1 "partner" safety add "$CID" --partner c --date 2026-11-01 --method interview --result none
refused "a missing partner is refused" 2 "partner" safety add "$CID" --date 2026-11-01 --method interview --result none
refused "an empty method is refused" 1 "method" safety add "$CID" --partner a --date 2026-11-01 --method "" --result none
refused "a method of only spaces is refused" 1 "method" safety add "$CID" --partner a --date 2026-11-01 --method "   " --result none
refused "month 13 is refused" 1 "date" safety add "$CID" --partner a --date 2026-13-01 --method interview --result none
refused "a date in the future is refused" 1 "date" safety add "$CID" --partner a --date 2026-11-29 --method interview --result none
refused "a date before the intake is refused" 1 "date" safety add "$CID" --partner a --date 2026-09-30 --method interview --result none
refused "an unknown couple is refused" 1 "couple" safety add 999 --partner a --date 2026-11-01 --method interview --result none

# --- the database holds the same rules against the sqlite3 shell -----------------------------
shell_refuses() {
	local name=$1 sql=$2 before
	before=$(count)
	if sqlite3 "$DYAD_DB" "$sql" 2>/dev/null; then
		not_ok "$name" "sqlite3 accepted: $sql"
	elif [ "$(count)" != "$before" ]; then
		not_ok "$name" "a row was written"
	else
		ok "$name"
	fi
}
shell_refuses "the shell cannot store an unknown result" \
	"INSERT INTO safety_screening (couple_id, partner, screened_on, method, result) VALUES ($CID, 'a', '2026-11-01', 'x', 'maybe')"
shell_refuses "the shell cannot store partner c" \
	"INSERT INTO safety_screening (couple_id, partner, screened_on, method, result) VALUES ($CID, 'c', '2026-11-01', 'x', 'none')"
shell_refuses "the shell cannot store a screening before the intake" \
	"INSERT INTO safety_screening (couple_id, partner, screened_on, method, result) VALUES ($CID, 'a', '2026-09-01', 'x', 'none')"
shell_refuses "the shell cannot store 2026-13-01" \
	"INSERT INTO safety_screening (couple_id, partner, screened_on, method, result) VALUES ($CID, 'a', '2026-13-01', 'x', 'none')"
shell_refuses "the shell cannot move a screening before the intake" \
	"UPDATE safety_screening SET screened_on = '2026-09-01'"
if sqlite3 "$DYAD_DB" "UPDATE couple SET intake_date = '2026-10-15' WHERE id = $CID" 2>/dev/null; then
	not_ok "the intake date cannot move past a screening" "the update went through"
else
	ok "the intake date cannot move past a screening"
fi

# --- the flag --------------------------------------------------------------------------------
run couple list
expect "couple list marks the couple in its safety column" sh -c "grep -q '^$CID .*Okafor & Reyes *active *concern ' '$T/out'"
run couple list --json
expect "the JSON list carries the flag" test "$(json_get 'd[0]["safety"]')" = concern
run couple show "$CID"
expect_out "couple show puts a banner on the couple" "! Safety concern on record (partner B)"
run couple show "$CID" --json
expect "couple show's JSON carries the flag" test "$(json_get 'd["safety"]')" = concern

# --- conflict exercises ask first --------------------------------------------------------------
refused "a flooding exercise for a flagged couple is refused without --despite-safety" 1 "despite-safety" assign "$CID" flooding-plan
refused "so is softened startup" 1 "safety" assign "$CID" softened-startup
run assign "$CID" attention-daily
expect_rc "an exercise that is not about conflict is assigned as usual" 0
run assign "$CID" flooding-plan --despite-safety
expect_rc "--despite-safety assigns it once the therapist has weighed it" 0
FLOOD=$OUT

# --- showing is audited ------------------------------------------------------------------------
opens() { sqlite3 "$DYAD_DB" "SELECT count(*) FROM audit WHERE action = 'open' AND object = 'screening'"; }
before=$(opens)
run safety list "$CID"
expect_out "safety list shows partner B's result" "concern"
expect_out "and the action taken" "ZEPHYRPLAN safety plan agreed"
expect_out "and the banner" "Safety concern on record (partner B)"
expect "showing the screenings writes an audit entry" test "$(opens)" = $((before + 1))
run safety list "$CID" --json
expect "the JSON has both screenings, oldest first" test "$(json_get '",".join(x["partner"] + x["result"] for x in d)')" = "anone,bconcern"
expect "the JSON showing is audited too" test "$(opens)" = $((before + 2))
expect "the audit log never holds what a screening found" sh -c "! sqlite3 '$DYAD_DB' \"SELECT detail FROM audit\" | grep -q -w -e ZEPHYRPLAN -e concern"

# --- kept from what the couple sees -----------------------------------------------------------
run handout "$FLOOD" -o "$T/flood.pdf"
expect_rc "the handout is written" 0
expect "the handout holds nothing of the screening" sh -c "! pdftotext -enc UTF-8 '$T/flood.pdf' - | grep -q -i -e ZEPHYR -e screening -e concern"

run session add "$CID" --date 2026-11-20T10:00
JOINT=$OUT
printf 'JOINTWORD together.\n' >"$T/joint"
run note set "$JOINT" --file "$T/joint"
run session add "$CID" --date 2026-11-21T10:00 --attendance b-only
ALONE=$OUT
printf 'ALONEWORD said alone.\n' >"$T/alone"
run note set "$ALONE" --file "$T/alone"

xlsx_text() {
	"$PY" - "$1" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("SHEETS", ",".join(wb.sheetnames))
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        print(" ".join(str(v) for v in row if v is not None))
PYEOF
}
run report "$CID" -o "$T/joint.xlsx" --include-notes
xlsx_text "$T/joint.xlsx" >"$T/joint.txt"
expect "a report with notes has the joint session's note" grep -q JOINTWORD "$T/joint.txt"
expect "but not the individual session's note" sh -c "! grep -q ALONEWORD '$T/joint.txt'"
expect "and no safety sheet" sh -c "! grep -q '^SHEETS.*Safety' '$T/joint.txt'"
expect "and nothing of the screening" sh -c "! grep -q -e ZEPHYR -e 'individual interview' '$T/joint.txt'"
run report "$CID" -o "$T/private.xlsx" --include-notes --include-private
expect_rc "a private report is written" 0
xlsx_text "$T/private.xlsx" >"$T/private.txt"
expect "the private report has a Safety sheet" grep -q '^SHEETS.*Safety' "$T/private.txt"
expect "with each screening and its action" grep -q ZEPHYRPLAN "$T/private.txt"
expect "and the individual session's note" grep -q ALONEWORD "$T/private.txt"
run audit --couple "$CID"
expect_out "the audit log says the report held private records" "(with private records)"
refused "the caseload takes no private records" 2 "include-private" report --caseload --include-private

# --- a later screening takes the flag down ------------------------------------------------------
run safety add "$CID" --partner b --date 2026-11-20 --method "follow-up interview" --result none
run couple list
expect "a later clear screening of partner B clears the flag" sh -c "grep -q '^$CID .*active *- ' '$T/out'"
run assign "$CID" softened-startup
expect_rc "and conflict exercises are assigned as usual again" 0

# --- the clinician's own copies keep it ---------------------------------------------------------
run export -o "$T/all.json"
expect "the export keeps every screening" test "$("$PY" -c 'import json,sys; print(sum(len(t["rows"]) for t in json.load(open(sys.argv[1]))["tables"] if t["name"] == "safety_screening"))' "$T/all.json")" = 3
DYAD_DB="$T/copy.db" run import "$T/all.json"
expect_rc "the export imports into an empty database" 0
q='SELECT group_concat(id || partner || screened_on || method || result || coalesce(action, "-"), ";") FROM safety_screening'
expect "the import round trip keeps the screenings exactly" test "$(sqlite3 "$T/copy.db" "$q")" = "$(sqlite3 "$DYAD_DB" "$q")"
q='SELECT concerns || goal_a || goal_b || revision FROM intake'
expect "and the intake" test "$(sqlite3 "$T/copy.db" "$q")" = "$(sqlite3 "$DYAD_DB" "$q")"
