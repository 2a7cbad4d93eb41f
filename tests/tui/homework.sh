#!/usr/bin/env bash
# homework.sh: homework in the interface: the couple screen's open
# assignments with adherence, assigning from the library with its handout
# preview, `p` writing the handout, check-ins from the session screen in a
# few keys, and marking homework done; each change checked in the database.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run config set practice.name "Riverside Couples Practice"
run session add "$CID" --date 2026-11-21T14:30
S1=$OUT
run session add "$CID" --date 2026-11-28T10:00
S2=$OUT
run assign "$CID" repair-log --session "$S1"
REPAIR=$OUT
# Handouts go to the folder dyad was started in.
mkdir -p "$T/desk"
cd "$T/desk" || exit 1

tui_start
tui_to_couples
tui_expect "c goes from Today to the list" "1 active couples"
tui_keys Enter
tui_expect "the couple screen lists open homework" "Noticing Our Repair Attempts"
tui_expect "with its due date" "2026-11-28"
tui_expect "and no adherence before a check-in" "open · adherence so far"

# --- assigning from the library ---------------------------------------------------------------
tui_keys h
tui_expect "h opens the exercise library" "Exercise library"
tui_expect "the library previews the handout for this couple" "For Maya Okafor and Daniel Reyes"
tui_expect "exercises are listed by title" "An Evening Question"
# By title, "Ten Minutes, Phones Away" is the sixteenth.
tui_keys j j j j j j j j j j j j j j j
tui_expect "moving down shows the selected exercise's own handout" "Agree on a time that can work most days"
tui_keys Enter
tui_expect "Enter opens the assign form" "Assign: Ten Minutes, Phones Away"
tui_keys C-u
tui_type "2026-11-01"
tui_keys Enter
tui_expect "a due date before today is refused with the command line's words" "due: 2026-11-01 is before the assignment date"
run assignments "$CID" --json
expect "nothing was assigned by the refused form" test "$(json_get 'len(d)')" = 1
tui_keys C-u
tui_type "2026-12-05"
tui_keys Tab Tab Tab
tui_type "Right after dinner works best."
tui_keys Enter
tui_expect "the assignment is confirmed" "Assigned “Ten Minutes, Phones Away”"
tui_expect "and appears among the open homework" "Ten Minutes, Phones Away"
run assignments "$CID" --json
expect "the assignment is stored with its due date and note" \
	test "$(json_get '[(a["due_on"], a["note"]) for a in d if a["exercise_id"]=="attention-daily"][0]')" = "('2026-12-05', 'Right after dinner works best.')"
TEN=$(json_get '[a["id"] for a in d if a["exercise_id"]=="attention-daily"][0]')

# --- the handout -----------------------------------------------------------------------------
tui_keys Tab
tui_keys j
tui_keys p
tui_expect "p writes the selected homework's handout on one page and shows where" "Handout written (1 page, letter)"
tui_expect "the path is shown" "$T/desk/Okafor-Reyes_attention-daily_2026-11-28_$TEN.pdf"
f="$T/desk/Okafor-Reyes_attention-daily_2026-11-28_$TEN.pdf"
expect "the handout is in the folder dyad started in" test -f "$f"
expect "it is mode 0600" test "$(stat -c %a "$f")" = 600
qpdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }
expect "it passes qpdf --check" qpdf_ok "$f"
text=$(pdftotext -enc UTF-8 "$f" - 2>/dev/null | tr '\n' ' ')
case "$text" in *"For Maya Okafor and Daniel Reyes"*"Right after dinner works best."*) ok "the handout names both partners and carries the note" ;;
*) not_ok "the handout names both partners and carries the note" "$text" ;; esac

# --- checking in from the session screen -----------------------------------------------------
# From the homework, Tab passes the intake and safety parts back to the sessions.
tui_keys Tab Tab Tab
tui_keys Enter
tui_expect "the newest session opens" "Sat 2026-11-28 10:00"
tui_expect "the session screen lists the homework to check in" "records what each did, dated this session"
tui_keys c
tui_expect "c opens the check-in for the first open homework" "Check in: Noticing Our Repair Attempts"
tui_expect "the form says who is A and who is B" "A is Maya Okafor, B is Daniel Reyes."
tui_type "9"
tui_keys Enter
tui_expect "more than asked for is refused, naming the field" "A done: 9 is more than the 7 it is out of"
tui_keys C-u
tui_type "5"
tui_keys Tab Tab
tui_type "6"
tui_keys Enter
tui_expect "the check-in is saved with the couple's adherence" "Check-in saved. Together so far: 11/14 (79%)."
tui_expect "the session shows what A reported here" "5/7"
run assignments "$CID" --json
expect "each partner's check-in is stored, dated by the session" \
	test "$(json_get '[[(c["partner"], c["done"], c["of"], c["date"], c["session_id"]) for c in a["checkins"]] for a in d if a["id"]=='"$REPAIR"'][0]')" = "[('a', 5, 7, '2026-11-28', $S2), ('b', 6, 7, '2026-11-28', $S2)]"
tui_keys c
tui_expect "checking in again shows what was recorded" "Check in: Noticing Our Repair Attempts"
tui_keys Escape
tui_expect "cancelling changes nothing" "Closed without saving."

# Assigning from the session ties the homework to it.
tui_keys H
tui_expect "H on a session opens the library" "Exercise library"
tui_keys Enter
tui_expect "the form says the homework counts from this session" "counted from 2026-11-28 (this session)"
tui_keys Enter
tui_expect "assigned from the session" "Assigned “An Evening Question”"
run assignments "$CID" --json
expect "homework assigned from a session records the session" \
	test "$(json_get '[(a["session_id"], a["assigned_on"]) for a in d if a["exercise_id"]=="conversation-cards"][0]')" = "($S2, '2026-11-28')"

# --- back on the couple screen -------------------------------------------------------------------
tui_keys q
tui_expect "the couple screen shows A's adherence so far" "5/7 71%"
tui_expect "and the couple's" "11/14 79%"
tui_keys Tab g m
tui_expect "m asks for the homework's new status" "Status"
tui_keys Enter
tui_expect "marking it done is confirmed" "Marked done"
tui_expect_gone "done homework leaves the open list" "Noticing Our Repair Attempts"
run assignments "$CID" --all --json
expect "the status is stored" test "$(json_get '[a["status"] for a in d if a["id"]=='"$REPAIR"'][0]')" = done

tui_keys '?'
tui_expect "help lists the homework keys" "write the selected homework's handout as a PDF"
tui_keys q
tui_finish "dyad quits cleanly"
