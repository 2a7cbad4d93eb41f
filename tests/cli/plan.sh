#!/usr/bin/env bash
# plan.sh: treatment plans: the strict reading of objectives, statuses
# worked out from a constructed record, signing and versions, the triggers
# that hold from the sqlite3 shell, homework linked to objectives, and the
# export/import round trip.
. "$DYAD_SRC/tests/lib.sh"

sql() {
	sqlite3 "$DYAD_DB" "$@" >"$T/sqlout" 2>"$T/sqlerr"
	RC=$?
	ERR=$(cat "$T/sqlerr")
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run couple add "Lindqvist & Moreau" --partner "Ana Lindqvist" --partner "Jo Moreau" --intake 2026-09-01
OTHER=$OUT

# --- strict reading: one line naming the line and what is wrong, nothing saved -------
bad_plan() { # NAME WHAT LINE_TEXT
	printf 'Review date: 2027-02-20\n\nProblems:\n- Money talks turn harsh\n\nObjectives:\n- %s\n' "$3" >"$T/bad.txt"
	refused "$1" 1 "$2" plan "$CID" --file "$T/bad.txt"
}
bad_plan "a misspelt concept is refused, naming the line" "line 7: 'horsemen.contemt' is neither a concept nor a measure" \
	"horsemen.contemt <= 1 for 3 sessions"
bad_plan "a threshold off the scale is refused with the scale" "line 7: 30 is off the scale of csi4 (0..21)" "csi4 >= 30"
bad_plan "an unknown comparison is refused" "line 7: '=>' is not a comparison" "csi4 => 13.5"
bad_plan "a threshold that is not a number is refused" "line 7: after '>=' comes a number" "csi4 >= high"
bad_plan "'for' needs a number of sessions" "line 7: 'for' takes a number of sessions" "csi4 >= 13 for three sessions"
bad_plan "'for N' needs the word sessions" "line 7: 'for 3' needs the word 'sessions'" "csi4 >= 13 for 3"
bad_plan "a couple-level concept takes no partners" "line 7: 'meta' is rated for the couple as a whole" \
	"meta >= 3 both partners"
bad_plan "an unknown partner is refused" "line 7: write 'partner a' or 'partner b'" "safety >= 7 partner c"
bad_plan "a target that can never be met is refused" "line 7: '< 0' can never be met" "horsemen.contempt < 0"
bad_plan "trailing words are refused" "line 7: 'mostly' is not understood" "csi4 >= 13.5 mostly"
printf 'Review date: 2027-02-31\nGoals:\n- x\n' >"$T/bad.txt"
refused "a review date that is not a real date is refused" 1 "line 1: '2027-02-31' is not a real date" \
	plan "$CID" --file "$T/bad.txt"
printf 'Talk more\nGoals:\n- x\n' >"$T/bad.txt"
refused "text before any heading is refused" 1 "line 1: 'Talk more' comes before any heading" \
	plan "$CID" --file "$T/bad.txt"
printf 'Goals:\n- x\nGoals:\n- y\n' >"$T/bad.txt"
refused "a heading given twice is refused" 1 "line 3: the heading Goals: comes twice" \
	plan "$CID" --file "$T/bad.txt"
run plan show "$CID"
expect_rc "after all those refusals the couple still has no plan" 1
expect_err "plan show says there is no plan yet" "has no treatment plan yet"

# --- the editor -------------------------------------------------------------------------
before=$(db_fingerprint)
DYAD_EDITOR=true run plan "$CID"
expect_rc "saving the template unchanged is not an error" 0
expect_err "it says nothing was saved" "unchanged; nothing was saved"
expect "and nothing was" test "$before" = "$(db_fingerprint)"

cat >"$T/editor.sh" <<EOS
#!/bin/sh
cp "\$1" "$T/template.txt"
sed -i 's/^Objectives:\$/Objectives:\\n- horsemen.contemt <= 1/' "\$1"
EOS
chmod +x "$T/editor.sh"
DYAD_EDITOR="$T/editor.sh" run plan "$CID"
expect_rc "a plan with a bad objective, written in the editor, is refused" 1
expect "the template the editor opened names the headings and a review date 12 weeks on" \
	grep -q '^Review date: 2027-02-20$' "$T/template.txt"
expect "the template shows how a measurable objective is written" \
	grep -q 'horsemen.contempt <= 1 for 3 sessions' "$T/template.txt"
expect_err "the refusal names the line" "plan: line"
expect "the text typed is kept in a private file, and the refusal says where" \
	sh -c "f=\$(sed -n 's/^Your text is kept in \\(.*\\); correct.*/\\1/p' '$T/err'); [ -s \"\$f\" ] && [ \"\$(stat -c %a \"\$f\")\" = 600 ]"
expect "and still nothing is saved" test "$before" = "$(db_fingerprint)"

# --- a plan with objectives whose status comes from the record --------------------------
cat >"$T/plan.txt" <<'EOP'
# a comment line is not saved
Review date: 2027-02-20

Problems:
- Harsh startups about money; contempt when tired

Goals:
- Raise money worries softly

Objectives:
- horsemen.contempt <= 1 for 3 sessions
- csi4 >= 13.5 both partners
- safety >= 7 partner b
- meta >= 3
- Keep the weekly face-to-face conversation

Interventions:
- Softened startup rehearsal
- Flooding plan with a 20-minute break
EOP
run plan "$CID" --file "$T/plan.txt"
expect_rc "a plan read from a file is saved" 0
expect_err "it is saved as version 1, a draft" "version 1, a draft"

# Two dyads on one plan: while this editor is open, another saves a
# different draft; saving over it would lose their work.
sed 's/^- Raise money worries softly$/- OTHERDRAFT goal/' "$T/plan.txt" >"$T/other.txt"
cat >"$T/editor.sh" <<EOS
#!/bin/sh
"$DYAD_BIN" plan "$CID" --file "$T/other.txt" 2>/dev/null
sed -i 's/^Goals:\$/Goals:\\n- MINE goal/' "\$1"
EOS
chmod +x "$T/editor.sh"
DYAD_EDITOR="$T/editor.sh" run plan "$CID"
expect_rc "a plan changed elsewhere while it was in the editor is not saved over" 1
expect_err "the refusal says why" "saved or signed elsewhere while you were editing it"
expect "the other dyad's draft is the one kept" test "$(sqlite3 "$DYAD_DB" \
	"SELECT instr(goals, 'OTHERDRAFT') > 0 AND instr(goals, 'MINE') = 0 FROM treatment_plan")" = 1
expect_err "and this editor's text is kept for the clinician" "Your text is kept in"
run plan "$CID" --file "$T/plan.txt"
expect_rc "the draft is put back for what follows" 0

# Sessions, oldest first. meta is rated only in the first, which is
# older than the last four held sessions by the end.
session() { run session add "$CID" --date "$1"; echo "$OUT"; }
S1=$(session 2026-10-01T10:00)
S2=$(session 2026-10-08T10:00)
S3=$(session 2026-10-15T10:00)
S4=$(session 2026-10-22T10:00)
S5=$(session 2026-10-29T10:00)
S6=$(session 2026-11-05T10:00)
SC=$(session 2026-11-12T10:00)
run session set "$SC" --attendance cancelled
run rate "$S1" meta 2
i=0
for s in "$S3" "$S4" "$S5" "$S6"; do
	set -- 2 2  1 1  0 1  1 0
	shift $((i * 2)); run rate "$s" horsemen.contempt "$1" --partner a; run rate "$s" horsemen.contempt "$2" --partner b
	set -- 9 10  10 11  11 12.5  12 14
	shift $((i * 2)); run measure "$s" csi4 "$1" --partner a; run measure "$s" csi4 "$2" --partner b
	set -- 6 5 4 4
	shift "$i"; run rate "$s" safety "$1" --partner b
	i=$((i + 1))
done
expect_rc "the record is in place" 0

run plan show "$CID" --json
expect_rc "plan show --json" 0
status() { json_get "d['objectives'][$1]['status']"; }
expect "contempt at most 1 in each of the last 3 sessions, both partners: met" test "$(status 0)" = met
expect "csi4 not yet 13.5 for A (12) but rising from 9, and B at 14: progressing" test "$(status 1)" = progressing
expect "B's felt safety falling away from 7: not yet" test "$(status 2)" = "not yet"
expect "meta rated only before the last 4 held sessions: no data" test "$(status 3)" = "no data"
expect "an objective without a comparison is not measured" test "$(status 4)" = "not measured"
expect "the current value is the latest session's, per partner" \
	test "$(json_get "d['objectives'][1]['current']")" = "{'a': 12, 'b': 14}"
expect "a partner-b objective shows only B's value" \
	test "$(json_get "d['objectives'][2]['current']")" = "{'b': 4}"
expect "the objective's parts are given" \
	test "$(json_get "[d['objectives'][0][k] for k in ('key','operator','threshold','sessions','partners')]")" = \
	"['horsemen.contempt', '<=', 1, 3, 'both']"

run plan show "$CID"
expect_out "plan show prints each objective with its status and current values" "$(printf '  2. csi4 >= 13.5 both partners\n     progressing; now A 12, B 14')"
expect_out "plan show says it is a draft" "version 1, a draft, not signed yet"

# A bad session for A: the last three no longer all meet the target.
S8=$(session 2026-11-19T10:00)
run rate "$S8" horsemen.contempt 2 --partner a
run rate "$S8" horsemen.contempt 0 --partner b
run session plan "$CID" --date 2026-12-03T10:00
run plan show "$CID" --json
expect "after a session with contempt 2 the objective is no longer met" test "$(status 0)" = "not yet"
expect "a session booked ahead changes nothing" test "$(status 3)" = "no data"

# --- homework linked to an objective ----------------------------------------------------
run assign "$CID" attention-daily --objective 2
expect_rc "assign --objective links the homework" 0
HW=$OUT
refused "assign to an objective the plan does not have is refused, and no homework is made" 1 \
	"objective: the couple's plan has objectives 1 to 5; there is no 9" assign "$CID" attention-daily --objective 9
refused "assign --objective 0 is refused: objectives count from 1" 1 "objective: '0' is not a whole number from 1" assign "$CID" attention-daily --objective 0
refused "a couple without a plan has no objectives to link to" 1 "no treatment plan yet" \
	assign "$OTHER" attention-daily --objective 1
run assign "$CID" appreciation-tally
HW2=$OUT
run assignment set "$HW2" --objective 1
expect_rc "assignment set --objective links existing homework" 0
refused "assignment set to a missing objective changes nothing" 1 "there is no 6" \
	assignment set "$HW2" --objective 6 --status done
run plan show "$CID" --json
expect "plan show lists the homework under its objective" \
	test "$(json_get "[o['homework'] for o in d['objectives']][:2]")" = "[[$HW2], [$HW]]"
run plan show "$CID"
expect_out "the text view names the homework" "homework $HW: Ten Minutes, Phones Away (assigned)"
run assignment set "$HW2" --objective 0
run plan show "$CID" --json
expect "assignment set --objective 0 removes the link" test "$(json_get "d['objectives'][0]['homework']")" = "[]"

# --- signing and versions ---------------------------------------------------------------
run plan sign "$CID"
expect_rc "plan sign signs the draft" 0
expect_err "it says the version is locked" "Signed version 1"
refused "signing again, with no draft, is refused" 1 "version 1 is signed already" plan sign "$CID"
refused "a couple without a plan has nothing to sign" 1 "no plan yet" plan sign "$OTHER"
sed 's/^- Softened startup rehearsal$/- Softened startup rehearsal, weekly/' "$T/plan.txt" >"$T/plan2.txt"
run plan "$CID" --file "$T/plan2.txt"
expect_err "changing a signed plan starts version 2, a draft" "version 2, a draft"
run plan "$CID" --file "$T/plan2.txt"
expect_err "changing the draft again keeps version 2" "Saved the draft, version 2"
run plan history "$CID" --json
expect "plan history lists both versions, newest first" \
	test "$(json_get "[(v['version'], v['status']) for v in d]")" = "[(2, 'draft'), (1, 'signed')]"
run plan show "$CID"
expect_out "plan show says the draft follows a signed version" "version 2, a draft (version 1 was signed"
expect "version 1 kept its own text" test "$(sqlite3 "$DYAD_DB" "SELECT interventions FROM treatment_plan WHERE couple_id = $CID AND version = 1")" = \
	"$(printf -- '- Softened startup rehearsal\n- Flooding plan with a 20-minute break')"
run audit --couple "$CID" --json
expect "every change to the plan is in the audit log (the two changes: the other dyad's draft and its putting back)" \
	test "$(json_get "[(e['action'], e['detail']) for e in d if e['object'] == 'plan']")" = \
	"[('create', 'version 1'), ('change', 'version 1'), ('change', 'version 1'), ('sign', 'version 1'), ('create', 'version 2'), ('change', 'version 2')]"
expect "so is each link to an objective, and its removal" \
	test "$(json_get "[e['detail'] for e in d if e['object'] == 'assignment' and e['detail'].startswith('objective')]")" = \
	"['objective 2', 'objective 1', 'objective removed']"

# --- homework follows its objective when the plan is reordered ------------------------------
# Links are by number; a new draft that drops, reorders and rewords
# objectives moves each link to where its objective went.
run assignment set "$HW2" --objective 5
run assign "$CID" attention-daily --objective 1
HW3=$OUT
run assign "$CID" appreciation-tally --objective 4
HW4=$OUT
link() { sqlite3 "$DYAD_DB" "SELECT coalesce((SELECT objective FROM assignment_objective WHERE assignment_id = $1), 'none')"; }
/usr/bin/python3 - "$T/plan2.txt" "$T/plan3.txt" <<'PY'
import sys
text = open(sys.argv[1]).read()
old = ("- horsemen.contempt <= 1 for 3 sessions\n- csi4 >= 13.5 both partners\n"
       "- safety >= 7 partner b\n- meta >= 3\n- Keep the weekly face-to-face conversation\n")
new = ("- Keep the weekly face-to-face conversation\n- safety >= 7 partner b\n"
       "- csi4 >= 13.5 both partners\n- meta >= 4\n")
assert old in text
open(sys.argv[2], "w").write(text.replace(old, new))
PY
run plan "$CID" --file "$T/plan3.txt"
expect_rc "a draft with its objectives reordered saves" 0
expect "a link to a moved objective follows it (csi4: 2 -> 3)" test "$(link "$HW")" = 3
expect "so does one moved to the front (5 -> 1)" test "$(link "$HW2")" = 1
expect "a link to an objective no longer in the plan is removed" test "$(link "$HW3")" = none
expect "the homework itself stays" test "$(sqlite3 "$DYAD_DB" "SELECT status FROM assignment WHERE id = $HW3")" = assigned
expect "an objective reworded in place keeps its link (meta >= 3 -> >= 4)" test "$(link "$HW4")" = 4
expect_err "the save says how many links moved" "2 homework links followed their objective"
expect_err "and how many were removed, and how to link again" "1 homework link was removed"
run audit --couple "$CID" --json
expect "the moves are in the plan's audit entry" test "$(json_get "[e['detail'] for e in d if e['object'] == 'plan'][-1]")" = \
	"version 2; homework links moved 2, removed 1"
run plan "$CID" --file "$T/plan3.txt"
expect "saving the same draft again moves nothing" test "$(link "$HW")/$(link "$HW2")/$(link "$HW4")" = 3/1/4
run plan "$CID" --file "$T/plan2.txt"
expect "putting the objectives back puts the links back" test "$(link "$HW")/$(link "$HW2")/$(link "$HW4")" = 2/5/4
run assignment set "$HW2" --objective 0
run assignment set "$HW4" --objective 0
run assignment set "$HW3" --status dropped
run assignment set "$HW4" --status dropped

# --- the triggers hold from the sqlite3 shell -------------------------------------------
before=$(db_fingerprint)
sql "UPDATE treatment_plan SET goals = 'rewritten' WHERE couple_id = $CID AND version = 1"
expect "the shell cannot change a signed version" test "$RC" -ne 0
expect "and is told why" grep -q "a signed version is locked" "$T/sqlerr"
sql "UPDATE treatment_plan SET status = 'draft', signed_at = NULL WHERE couple_id = $CID AND version = 1"
expect "the shell cannot turn a signed version back into a draft" test "$RC" -ne 0
sql "DELETE FROM treatment_plan WHERE couple_id = $CID AND version = 1"
expect "the shell cannot delete a signed version" test "$RC" -ne 0
sql "INSERT INTO treatment_plan (couple_id, version) VALUES ($CID, 3)"
expect "the shell cannot add a version beside the draft" test "$RC" -ne 0
sql "INSERT INTO treatment_plan (couple_id, version) VALUES ($OTHER, 2)"
expect "the shell cannot skip a version number" test "$RC" -ne 0
sql "UPDATE treatment_plan SET couple_id = $OTHER WHERE couple_id = $CID AND version = 2"
expect "the shell cannot move a draft to another couple" test "$RC" -ne 0
sql "INSERT INTO treatment_plan (couple_id, version, status) VALUES ($OTHER, 1, 'signed')"
expect "a signed version needs its signing time" test "$RC" -ne 0
expect "after all that the database is unchanged" test "$before" = "$(db_fingerprint)"
run check
expect_rc "dyad check passes, the plan's triggers counted" 0
expect_out "dyad check counts the plan triggers among the protective ones" "protective triggers: 27 of 27"

# --- export and import ------------------------------------------------------------------
run plan show "$CID" --json
cp "$T/out" "$T/show_before.json"
run export -o "$T/all.json"
expect_rc "export" 0
DYAD_DB="$T/copy.db" run import "$T/all.json"
expect_rc "the export imports into an empty database" 0
DYAD_DB="$T/copy.db" run plan show "$CID" --json
expect "the imported plan shows the same, statuses and homework included" cmp -s "$T/out" "$T/show_before.json"
same_rows() { test "$(sqlite3 "$DYAD_DB" "SELECT * FROM $1 ORDER BY 1")" = "$(sqlite3 "$T/copy.db" "SELECT * FROM $1 ORDER BY 1")"; }
expect "every plan version comes back as it was" same_rows treatment_plan
expect "every objective link comes back" same_rows assignment_objective
sqlite3 "$T/copy.db" "UPDATE treatment_plan SET goals = 'x' WHERE version = 1" 2>/dev/null
expect "the imported signed version is locked too" test "$?" -ne 0

# --- the progress report's Plan sheet ---------------------------------------------------
# Linked homework is named as the Homework sheet shows it (title and date given),
# never by its record id.
given() { sqlite3 "$DYAD_DB" "SELECT assigned_on FROM assignment WHERE id = $1"; }
run assignment set "$HW2" --objective 1
run report "$CID" -o "$T/progress.xlsx"
expect_rc "the progress report is written" 0
/usr/bin/python3 - "$T/progress.xlsx" >"$T/sheet.txt" 2>&1 <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Plan"]
print(ws["A1"].value)
for row in ws.iter_rows(min_row=5, max_row=10, values_only=True):
    print("|".join("" if v is None else str(v) for v in row))
PY
expect "the report has a Plan sheet titled with the version" grep -qx "Treatment plan, version 2 (draft)" "$T/sheet.txt"
expect "its columns are objective, as written, target, now for each partner, status and homework" \
	grep -qx "Objective|As written|Target|Now (A)|Now (B)|Status|Linked homework" "$T/sheet.txt"
expect "an objective met or not, with its target, the latest values and the linked homework" \
	grep -qx "1|horsemen.contempt <= 1 for 3 sessions|horsemen.contempt <= 1 for 3 sessions, both partners|2|0|not yet|Counting Appreciations, given $(given "$HW2") (assigned)" "$T/sheet.txt"
expect "a progressing measure shows both partners' scores as numbers" \
	grep -qx "2|csi4 >= 13.5 both partners|csi4 >= 13.5, both partners|12|14|progressing|Ten Minutes, Phones Away, given $(given "$HW") (assigned)" "$T/sheet.txt"
expect "a couple-level objective shows the couple's value once" \
	grep -qx "4|meta >= 3|meta >= 3||(couple)|no data|" "$T/sheet.txt"
expect "a free-text objective says it is not measured" \
	grep -qx "5|Keep the weekly face-to-face conversation|not measured|||not measured|" "$T/sheet.txt"
run report "$OTHER" -o "$T/other.xlsx"
expect "a couple without a plan gets no Plan sheet" \
	/usr/bin/python3 -c 'import sys, openpyxl; sys.exit("Plan" in openpyxl.load_workbook(sys.argv[1]).sheetnames)' "$T/other.xlsx"
