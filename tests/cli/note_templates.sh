#!/usr/bin/env bash
# note_templates.sh: an empty note opens on a template (DAP, SOAP, BIRP,
# couples, or the therapist's own) filled in from the record; a template
# saved as it opened stores nothing.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
printf 'Objectives:\n- csi4 >= 13.5 both partners\n- Keep the weekly face-to-face conversation\n' >"$T/plan.txt"
run plan "$CID" --file "$T/plan.txt"
run session add "$CID" --date 2026-11-21T10:00
S1=$OUT
printf 'Data:\nThey argued about the car.\n\nPlan:\nTen minutes, phones away, daily.\nOne softened startup before Friday.\n\nRisk:\nNone.\n' >"$T/n1.txt"
run note set "$S1" --file "$T/n1.txt"
run measure "$S1" csi4 10 --partner a
run measure "$S1" csi4 11 --partner b
run session add "$CID" --date 2026-11-28T10:00 --attendance a-only
S2=$OUT
run measure "$S2" csi4 12 --partner a
run assign "$CID" attention-daily
HW=$OUT
run checkin "$HW" --partner a --done 5 --of 7 --comment "busy week" --date 2026-11-28
expect_rc "the record is in place" 0

# The editor keeps a copy of what it was shown, and writes nothing.
cat >"$T/look.sh" <<EOS
#!/bin/sh
cp "\$1" "$T/shown.txt"
EOS
chmod +x "$T/look.sh"
# This one adds a line at the end.
cat >"$T/add.sh" <<EOS
#!/bin/sh
cp "\$1" "$T/shown.txt"
printf 'They practised a softened startup twice.\n' >>"\$1"
EOS
chmod +x "$T/add.sh"

# --- without a template, nothing changes -----------------------------------------
DYAD_EDITOR="$T/look.sh" run note edit "$S2"
expect "with no template chosen an empty note opens empty" test ! -s "$T/shown.txt"

# --- the setting ------------------------------------------------------------------
refused "a template that does not exist is refused, naming the ones there are" 1 \
	"notes.template: there is no note template called 'nope'; there are: " config set notes.template nope
expect_err "the four built-in templates are listed" "birp"
refused "a template name with a path in it is refused" 1 "notes.template: '../x' is not a template name" \
	config set notes.template ../x
run config set notes.template couples
expect_rc "config set notes.template couples" 0
run config list
expect_out "config list shows the setting" "notes.template"

before=$(db_fingerprint)
DYAD_EDITOR="$T/look.sh" run note edit "$S2"
expect_rc "an empty note opens on the couples template" 0
expect "the couple and the date are filled in" grep -qx "Session with Okafor & Reyes on 2026-11-28." "$T/shown.txt"
expect "attendance is filled in" grep -qx "Attendance: Maya Okafor only; in-person, 50 minutes." "$T/shown.txt"
expect "the last note's Plan section is there, and only it" \
	test "$(sed -n '/^From the last note.s plan:$/,/^$/p' "$T/shown.txt")" = "$(printf '%s\n' \
	"From the last note's plan:" "Ten minutes, phones away, daily." "One softened startup before Friday." '')"
expect "check-ins since the last session are listed" \
	grep -qx -- '- 2026-11-28, Ten Minutes, Phones Away: A did 5 of 7 ("busy week")' "$T/shown.txt"
expect "score changes are listed" grep -qx -- "- CSI-4 relationship satisfaction: A 10 -> 12, B 11 (the only score so far)" "$T/shown.txt"
expect "the plan's objectives are listed with their status" \
	grep -qx -- "- 1. csi4 >= 13.5 both partners: not yet (now A 10, B 11)" "$T/shown.txt"
expect "the concept headings of the couples template are there" grep -qx "Four horsemen:" "$T/shown.txt"
expect "the template's description lines are left out" sh -c "! grep -q '^#' '$T/shown.txt'"
expect_err "saving the template as it opened says nothing was stored" "nothing was stored"
expect "and nothing was stored" test "$before" = "$(db_fingerprint)"

DYAD_EDITOR="$T/add.sh" run note edit "$S2"
expect_rc "a template with something written saves" 0
run note show "$S2"
expect_out "the saved note holds the template's headings" "Four horsemen:"
expect_out "and what was written" "They practised a softened startup twice."

sqlite3 "$DYAD_DB" "SELECT body FROM note WHERE session_id = $S2" >"$T/stored.txt"
DYAD_EDITOR="$T/look.sh" run note edit "$S2"
expect "a note with text opens as it is, not on the template" \
	test "$(cat "$T/shown.txt")" = "$(cat "$T/stored.txt")"
refused "--template on a note that has text is refused" 1 "template: session $S2's note already has text" \
	note edit "$S2" --template soap

# --- chosen per note -----------------------------------------------------------------
run session add "$CID" --date 2026-11-27T10:00
S3=$OUT
DYAD_EDITOR="$T/look.sh" run note edit "$S3" --template soap
expect "--template soap overrides the setting" grep -qx "Subjective:" "$T/shown.txt"
DYAD_EDITOR="$T/look.sh" run note edit "$S3" --template birp
expect "birp has its headings" grep -qx "Intervention:" "$T/shown.txt"
DYAD_EDITOR="$T/look.sh" run note edit "$S3" --template dap
expect "dap has its headings" grep -qx "Assessment:" "$T/shown.txt"
DYAD_EDITOR="$T/look.sh" run note set "$S3" --template dap </dev/null
expect "note set --template opens the editor even without a terminal" grep -qx "Assessment:" "$T/shown.txt"
refused "note set --template with --file is a usage error" 2 "--template" note set "$S3" --template dap --file "$T/n1.txt"
refused "an unknown template is refused" 1 "template: there is no note template called 'sopa'" \
	note edit "$S3" --template sopa

# --- the therapist's own templates ---------------------------------------------------
mkdir -p "$XDG_DATA_HOME/dyad/templates/notes"
printf '# mine\nMy own start for {couple}.\n{objectives}\nEnd.\n' >"$XDG_DATA_HOME/dyad/templates/notes/mine.txt"
DYAD_EDITOR="$T/look.sh" run note edit "$S3" --template mine
expect "a template in the personal folder is found by its name" grep -qx "My own start for Okafor & Reyes." "$T/shown.txt"
printf 'My DAP.\n' >"$XDG_DATA_HOME/dyad/templates/notes/dap.txt"
DYAD_EDITOR="$T/look.sh" run note edit "$S3" --template dap
expect "a personal template of the same name comes first" test "$(cat "$T/shown.txt")" = "My DAP."
run config set notes.template mine
expect_rc "the setting takes a personal template" 0
