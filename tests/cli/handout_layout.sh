#!/usr/bin/env bash
# handout_layout.sh: what a printed handout holds, read back with pdftotext
# and pdfinfo: a row per day (or week) of the assignment's own period, one
# page whenever the handout can be one, first names, a plan and a sheet
# per partner, the safety box, and one couple's homework in one PDF.
. "$DYAD_SRC/tests/lib.sh"

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
text() { pdftotext -enc UTF-8 -layout "$@" - 2>/dev/null; }
# rows FILE: how many day or week labels the grid has.
rows() { text "$1" | grep -c -E '^ *(Week of [0-9]+ [A-Z][a-z]{2}|(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [0-9]+ [A-Z][a-z]{2})( |$)'; }

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run config set practice.name "Riverside Couples Practice"
run config set practice.contact "12 Mill Lane, Hebden Bridge · 01422 555 014 · hello@riverside.example"
run config set clinician.name "Dr Amara Rivera"
NOTE="You said evenings are hardest; try right after dinner, before the dishes. Keep it short and kind, and stop at ten minutes even when it goes well."

# --- the rows span the period -----------------------------------------------------------------
run assign "$CID" attention-daily --due 2026-12-12
A=$OUT
run handout "$A" -o "$T/two-weeks.pdf"
expect "a daily exercise due in two weeks has 14 day rows" test "$(rows "$T/two-weeks.pdf")" = 14
run assign "$CID" face-to-face-weekly --due 2027-01-23
run handout "$OUT" -o "$T/eight-weeks.pdf"
expect "a weekly exercise due in eight weeks has 8 week rows" test "$(rows "$T/eight-weeks.pdf")" = 8
run assign "$CID" dreams-within-conflict
W=$OUT
expect "a weekly exercise is due in two weeks by default" \
	test "$(sqlite3 "$DYAD_DB" "SELECT due_on FROM assignment WHERE id = $W")" = 2026-12-12
run handout "$W" -o "$T/weekly-default.pdf"
expect "so the text's 'first week ... next week' gets two rows" test "$(rows "$T/weekly-default.pdf")" = 2
run assignment set "$A" --due 2026-12-03
run handout "$A" -o "$T/changed.pdf"
expect "a changed due date reprints the right rows" test "$(rows "$T/changed.pdf")" = 5
run assign "$CID" attention-daily --frequency once
run handout "$OUT" -o "$T/once.pdf"
t=$(text "$T/once.pdf")
expect "--frequency once prints one row to date" test "$(printf '%s\n' "$t" | grep -c 'Date: ____')" = 1
case "$t" in *"Once · about 10 minutes · by "*) ok "--frequency once reads 'Once ... by' the date" ;;
*) not_ok "--frequency once reads 'Once ... by' the date" "$t" ;; esac

# The words follow the frequency chosen: homework set once never says "a day"
# or "each evening", homework set weekly never asks for something every day.
run exercises --json
IDS=$(json_get '" ".join(e["id"] for e in d)')
said=""
for id in $IDS; do
	for freq in once weekly; do
		run assign "$CID" "$id" --frequency "$freq"
		run handout "$OUT" -o "$T/freq.pdf"
		t=$(pdftotext -enc UTF-8 "$T/freq.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
		case $freq in
		once) re='\b(a day|each day|every day|each evening|every evening|once a week|each week|every week)\b' ;;
		weekly) re='\b(a day|each day|every day|each evening|every evening)\b' ;;
		esac
		hit=$(printf '%s\n' "$t" | grep -o -i -E "$re" | sort -u | tr '\n' ',')
		[ -n "$hit" ] && said="$said $id/$freq:$hit"
	done
done
expect "every exercise's words follow the frequency chosen (once, weekly)" test -z "$said"
[ -n "$said" ] && echo "# $said"

# --- one page when it can be ------------------------------------------------------------------
run exercises --json
IDS=$(json_get '" ".join(e["id"] for e in d)')
bad=""
for id in $IDS; do
	run assign "$CID" "$id" --note "$NOTE"
	aid=$OUT
	for paper in letter a4; do
		run handout "$aid" -o "$T/$id-$paper.pdf" --paper "$paper"
		n=$(pages "$T/$id-$paper.pdf")
		case $id in
		flooding-plan) want=2 ;;     # the plan on the front, the log on the back
		softened-startup) want=3 ;;  # the instructions, then a sheet each
		# Their lists (the four habits and their antidotes, the cycle's
		# moves, the feeling words) fill the front; the log or grid is
		# the back, whole, never split across the two.
		four-horsemen | our-cycle | reaching-for-each-other) want=2 ;;
		*) want=1 ;;
		esac
		[ "$n" = "$want" ] || bad="$bad $id/$paper:$n"
	done
done
expect "with a three-line note, every handout is one page (the plan and the three list-heavy ones two, the private sheets three) on Letter and A4" test -z "$bad"
[ -n "$bad" ] && echo "# $bad"

# --- names ------------------------------------------------------------------------------------
t=$(pdftotext "$T/dreams-within-conflict-letter.pdf" - 2>/dev/null | tr '\n' ' ')
case "$t" in *"The first week Maya speaks first, the next week Daniel does."*)
	ok "the body calls the partners by first name" ;;
*) not_ok "the body calls the partners by first name" "$t" ;; esac
case "$t" in *"For Maya Okafor and Daniel Reyes"*) ok "the full names stay on the 'For' line" ;;
*) not_ok "the full names stay on the 'For' line" "$t" ;; esac
run couple add "Long" --partner "Wolfeschlegelsteinhausenbergerdorff Maximiliana" \
	--partner "Bartholomew-Alexander Featherstonehaugh" --intake 2026-09-01
LONG=$OUT
run assign "$LONG" stance-check
run handout "$OUT" -o "$T/long.pdf"
t=$(pdftotext -raw "$T/long.pdf" - 2>/dev/null)
expect "a long first name is never broken mid-word" test "$(printf '%s\n' "$t" | grep -E 'Wolfesch|Bartholomew' |
	grep -c -v -E 'Wolfeschlegelsteinhausenbergerdorff.*Bartholomew-Alexander|Wolfeschlegelsteinhausenbergerdorff Maximiliana')" = 0
case "$(printf '%s\n' "$t" | tr '\n' ' ')" in *"W is Wolfeschlegelsteinhausenbergerdorff's box and B is Bartholomew-Alexander's"*)
	ok "when it cannot fit its box, a key says whose box is whose" ;;
*) not_ok "when it cannot fit its box, a key says whose box is whose" "$t" ;; esac
expect "and the handout stays one page" test "$(pages "$T/long.pdf")" = 1

# --- joint and individual boxes, plans, private sheets, safety --------------------------------
t=$(text "$T/attention-daily-letter.pdf")
case "$t" in *together*) ok "a joint practice has one box for the couple" ;;
*) not_ok "a joint practice has one box for the couple" "$t" ;; esac
t=$(pdftotext -f 2 -l 2 "$T/softened-startup-letter.pdf" - 2>/dev/null)
case "$t" in *"Maya's sheet"*) ok "softened-startup gives Maya a sheet of her own" ;; *) not_ok "softened-startup gives Maya a sheet of her own" "$t" ;; esac
t=$(pdftotext -f 3 -l 3 "$T/softened-startup-letter.pdf" - 2>/dev/null)
case "$t" in *"Daniel's sheet"*) ok "and Daniel a sheet of his own" ;; *) not_ok "and Daniel a sheet of his own" "$t" ;; esac
t=$(text "$T/flooding-plan-letter.pdf" | tr -s ' \n' '  ')
for f in "My signal for a break" "Where I go" "What calms me" "When and how I come back"; do
	expect "the flooding plan has '$f' for each partner" test "$(printf '%s\n' "$t" | grep -o "$f" | wc -l)" = 2
done
case "$t" in *"call your local emergency number"*"What we will do if either of us feels afraid"*)
	ok "the flooding plan says what to do if anyone feels afraid, with a line to fill in" ;;
*) not_ok "the flooding plan says what to do if anyone feels afraid, with a line to fill in" "$t" ;; esac
run config set practice.crisis_line "the Safe at Home line, 0808 555 0199"
run assign "$CID" repair-log
run handout "$OUT" -o "$T/repair.pdf"
case "$(pdftotext "$T/repair.pdf" - 2>/dev/null | tr '\n' ' ')" in *"call the Safe at Home line, 0808 555 0199"*)
	ok "a conflict handout prints the practice's crisis line" ;;
*) not_ok "a conflict handout prints the practice's crisis line" ;; esac
expect "the repair log is still one page" test "$(pages "$T/repair.pdf")" = 1
case "$(text "$T/attention-daily-letter.pdf")" in *"feels afraid"*) not_ok "a handout that is not about conflict has no safety box" ;;
*) ok "a handout that is not about conflict has no safety box" ;; esac

# --- one couple's homework in one PDF; the batch ----------------------------------------------
run couple add "Kim & Park" --partner "Ji-woo Kim" --partner "Min Park" --intake 2026-09-01
K=$OUT
run assign "$K" attention-daily
K1=$OUT
run assign "$K" attention-daily
K2=$OUT
run assign "$K" flooding-plan
mkdir -p "$T/one"
run handouts "$K" -o "$T/one/kim.pdf" --paper a4
expect_rc "handouts COUPLE writes one PDF" 0
expect "it holds all three handouts (1 + 1 + 2 pages)" test "$(pages "$T/one/kim.pdf")" = 4
expect "and only that file" test "$(ls "$T/one")" = kim.pdf
expect "each handout numbers its own pages" test "$(pdftotext "$T/one/kim.pdf" - | grep -c 'page 1 of')" = 3
run couple add "Closed & Gone" --partner "Ann Lee" --partner "Bo Lee" --intake 2026-09-01
C=$OUT
run assign "$C" attention-daily
run couple set "$C" --status closed
run handouts --due-before 2026-12-31 --dir "$T/batch"
expect "the batch leaves closed couples out" test "$(ls "$T/batch" | grep -c '^Closed')" = 0
expect "two assignments of one exercise on one day get two files" \
	test -f "$T/batch/Kim-Park_attention-daily_2026-11-28_$K1.pdf" -a -f "$T/batch/Kim-Park_attention-daily_2026-11-28_$K2.pdf"
before=$(ls "$T/batch" | wc -l)
run handouts --due-before 2026-12-31 --dir "$T/batch"
expect "printing the batch again replaces each assignment's own file" test "$(ls "$T/batch" | wc -l)" = "$before"
run couple add "Empty" --partner "X Y" --partner "Z W" --intake 2026-09-01
refused "a couple without open homework is told so" 1 "no open homework" handouts "$OUT"
refused "a couple and --due-before together are a usage error" 2 "not both" handouts "$K" --due-before 2026-12-31
