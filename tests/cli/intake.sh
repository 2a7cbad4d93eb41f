#!/usr/bin/env bash
# intake.sh: a couple's intake form from the command line: as flags or in
# the editor, shown as text and JSON, saved only when something changed,
# audited without its text; a note is signed after an intake unless the
# clinician says --without-intake; couples on record before intake forms
# existed keep signing as before.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
intake_col() { sqlite3 "$DYAD_DB" "SELECT $1 FROM intake WHERE couple_id = $CID"; }

# --- a note before the intake ---------------------------------------------------------------
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'First session.\n' >"$T/note"
run note set "$SID" --file "$T/note"
refused "signing before an intake is refused, saying how to go on" 1 "intake" note sign "$SID"
expect_err "the refusal names the way past it" "--without-intake"
expect "the note is still a draft" test "$(sqlite3 "$DYAD_DB" "SELECT status FROM note WHERE session_id = $SID")" = draft
run intake show "$CID"
expect_out "intake show says there is none yet" "No intake yet for Okafor & Reyes"
run intake show "$CID" --json
expect "the JSON says there is none" test "$(json_get 'd["exists"]')" = False

# --- fields as flags ------------------------------------------------------------------------
run intake "$CID" --concerns "Arguments about money that escalate fast." --history "Together nine years." \
	--goal-a improve --goal-b clarify --confidentiality no-secrets --referral "their GP"
expect_rc "intake with flags saves" 0
expect "the intake is stored at revision 1" test "$(intake_col revision)" = 1
run intake show "$CID"
expect_out "show gives the concerns" "Arguments about money that escalate fast."
expect_out "show gives partner A's goal in words" "Goal, partner A (Maya Okafor): improve the relationship"
expect_out "show gives partner B's goal in words" "Goal, partner B (Daniel Reyes): clarify its future"
expect_out "show gives the confidentiality policy" "Confidentiality: no secrets"
expect_out "show gives the referral" "Referred by: their GP"
run intake show "$CID" --json
expect "the JSON carries each goal" test "$(json_get 'd["goal_a"] + "/" + d["goal_b"]')" = "improve/clarify"
expect "the JSON carries the revision" test "$(json_get 'd["revision"]')" = 1

before=$(db_fingerprint)
run intake "$CID" --goal-a improve --referral "their GP"
expect_rc "the same values again are fine" 0
expect_err "and say nothing was saved" "The intake is unchanged; nothing was saved."
expect "an unchanged intake leaves the database as it was" test "$(db_fingerprint)" = "$before"

run intake "$CID" --goal-b undecided
expect "one changed field saves a new revision" test "$(intake_col revision)" = 2
expect "and keeps the other fields" test "$(intake_col concerns)" = "Arguments about money that escalate fast."
run audit --couple "$CID"
expect_out "the audit log has the intake's creation" "create  intake"
expect_out "and its change, naming the field" "goal-b"
expect "the log never holds the intake's text" sh -c "! sqlite3 '$DYAD_DB' \"SELECT detail FROM audit\" | grep -q 'escalate'"

# --- bad input: one line, nothing changed -----------------------------------------------------
refused "an unknown goal is refused" 1 "goal-a" intake "$CID" --goal-a maybe
refused "an unknown confidentiality policy is refused" 1 "confidentiality" intake "$CID" --confidentiality secret
refused "a control character in the concerns is refused" 1 "concerns" intake "$CID" --concerns "$(printf 'a\033b')"
refused "an unknown couple is refused" 1 "couple" intake 999 --goal-a improve

# --- in the editor ---------------------------------------------------------------------------
cat >"$T/editor.sh" <<'SH'
#!/bin/sh
case "$EDIT_MODE" in
empty) : > "$1" ;;
same) : ;;
history) sed -i 's/^Together nine years\.$/Together nine years; two children./' "$1" ;;
heading) printf '[mood]\nfine\n' >> "$1" ;;
stray) printf 'a line before any heading\n[concerns]\nx\n' > "$1" ;;
goal) sed -i 's/^undecided$/maybe/' "$1" ;;
show) cp "$1" "$SHOW_TO" ;;
esac
SH
chmod +x "$T/editor.sh"
DYAD_EDITOR="$T/editor.sh" EDIT_MODE=show SHOW_TO="$T/form" run intake "$CID"
expect "the form heads each field" grep -q '^\[goal-b\]$' "$T/form"
expect "the form names the partners" grep -q 'Partner A is Maya Okafor; partner B is Daniel Reyes' "$T/form"
expect "the form holds the stored text" grep -q '^Arguments about money that escalate fast\.$' "$T/form"
before=$(db_fingerprint)
DYAD_EDITOR="$T/editor.sh" EDIT_MODE=empty run intake "$CID"
expect_rc "an editor saved empty is no error" 0
expect_err "it says nothing was saved" "nothing was saved"
expect "an empty save changes nothing" test "$(db_fingerprint)" = "$before"
DYAD_EDITOR="$T/editor.sh" EDIT_MODE=same run intake "$CID"
expect_err "an unchanged form says nothing was saved" "nothing was saved"
expect "an unchanged form changes nothing" test "$(db_fingerprint)" = "$before"
for mode in heading stray goal; do
	DYAD_EDITOR="$T/editor.sh" EDIT_MODE=$mode refused "a form with a bad $mode is refused with one line" 1 "intake\|goal-b" intake "$CID"
done
DYAD_EDITOR="$T/editor.sh" EDIT_MODE=history run intake "$CID"
expect_rc "an edited form saves" 0
expect "the edited history is stored" test "$(intake_col history)" = "Together nine years; two children."
expect "the other fields are kept" test "$(intake_col goal_a)/$(intake_col referral)" = "improve/their GP"

# --- signing once there is an intake ----------------------------------------------------------
run note sign "$SID"
expect_rc "with an intake the note signs" 0
run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01
C2=$OUT
run session add "$C2" --date 2026-11-21T10:00
S2=$OUT
run note sign "$S2" --without-intake
expect_rc "--without-intake signs before an intake, as the clinician chose" 0
expect "that note is signed" test "$(sqlite3 "$DYAD_DB" "SELECT status FROM note WHERE session_id = $S2")" = signed

# --- couples already on record when intake forms arrived ----------------------------------------
# The migration's own SQL, run on a database that lacks its tables, gives
# every couple there an intake taken on paper.
MIG=$(ls "$DYAD_SRC"/schema/[0-9][0-9][0-9][0-9]_intake.sql)
cp "$DYAD_DB" "$T/old.db"
sqlite3 "$T/old.db" "DROP TRIGGER couple_intake_before_screenings; DROP TABLE safety_screening; DROP TABLE intake;"
sqlite3 "$T/old.db" <"$MIG"
expect "each couple on record gets an intake marked as taken on paper" \
	test "$(sqlite3 "$T/old.db" "SELECT count(*) FROM intake WHERE on_paper = 1")" = 2
DYAD_DB="$T/old.db" run session add 2 --date 2026-11-22T10:00
DYAD_DB="$T/old.db" run note sign "$OUT"
expect_rc "a couple from before intake forms signs its notes as before" 0
DYAD_DB="$T/old.db" run intake show 2
expect_out "its intake says it was taken before dyad kept the form" "Taken before dyad kept intake forms"

# --- an export written before intake forms -------------------------------------------------------
# The same couples, imported from a file an older dyad wrote (no intake
# tables, an older schema number), get the same paper intakes as an
# upgraded database, so their notes sign as they did there.
DYAD_DB="$T/old.db" run export -o "$T/old.json"
/usr/bin/python3 - "$T/old.json" "$T/older.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["schema_version"] = 9
d["tables"] = [t for t in d["tables"] if t["name"] not in ("intake", "safety_screening", "treatment_plan", "assignment_objective")]
json.dump(d, open(sys.argv[2], "w"))
PY
rm -f "$T/imported.db"
DYAD_DB="$T/imported.db" run import "$T/older.json"
if [ "$RC" = 0 ]; then
	expect "an export from before intake forms gives each couple a paper intake" \
		test "$(sqlite3 "$T/imported.db" "SELECT count(*) FROM intake WHERE on_paper = 1")" = 2
	DYAD_DB="$T/imported.db" run session add 2 --date 2026-11-23T10:00
	DYAD_DB="$T/imported.db" run note sign "$OUT"
	expect_rc "and their notes sign as they did before the export" 0
else
	expect "the older export imports (rc=$RC: $ERR)" false
fi
