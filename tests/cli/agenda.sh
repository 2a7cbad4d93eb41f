#!/usr/bin/env bash
# agenda.sh: `dyad agenda` lists the coming sessions, today first, each with
# its couple's open homework, latest scores per partner and flags (a held
# session with no note, a draft left unsigned past notes.sign_within_days,
# homework overdue, measures due); plain text fits 80 columns, JSON keeps
# one shape; a bad --days is refused naming --days.
. "$DYAD_SRC/tests/lib.sh"

run agenda
expect_rc "an empty practice has an agenda" 0
expect_out "it says nothing is booked, and how to book" "Nothing is booked from 2026-11-28 to 2026-12-04"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
OKA=$OUT
run couple add "山田 花子 & Kenji Mori, with a name long enough to need cutting" \
	--partner "山田 花子" --partner "Kenji Mori" --intake 2026-10-01
YAM=$OUT
run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01

# Okafor & Reyes: a draft from 8 days ago with scores, a held session
# yesterday with no note, homework overdue and homework open.
run session add "$OKA" --date 2026-11-20T10:00
OLD=$OUT
echo "Talked about the weekend." | "$DYAD" note set "$OLD" >/dev/null
"$DYAD" measure "$OLD" csi4 15 --partner a >/dev/null
"$DYAD" measure "$OLD" csi4 12 --partner b >/dev/null
run session add "$OKA" --date 2026-11-27T10:00
# given a week ago, due three days ago
DYAD_TODAY=2026-11-21 run assign "$OKA" attention-daily --due 2026-11-25
expect_rc "homework given last week, due before today" 0
run assign "$OKA" appreciation-tally --due 2026-12-01
run session plan "$OKA" --date 2026-11-28T16:00
TODAY_ID=$OUT
run session plan "$OKA" --date 2026-12-10T16:00
LATER_ID=$OUT
# The long CJK couple tomorrow, never scored; Bello & Lindqvist nothing.
run session plan "$YAM" --date 2026-11-29T09:30
TOMORROW_ID=$OUT

run agenda
expect_rc "the agenda runs" 0
expect "today comes first, named as today" sh -c "head -n 1 '$T/out' | grep -q '^Saturday 2026-11-28 (today)$'"
expect_out "tomorrow is named as tomorrow" "Sunday 2026-11-29 (tomorrow)"
expect_out "today's session shows its time, state and id" "16:00  planned   Okafor & Reyes"
expect_out "the session id is on its line" "session $TODAY_ID"
expect_out "open homework is counted, with what is overdue" "homework: 2 open, 1 overdue;"
expect_out "the latest score of each partner is shown with its day" \
	"CSI-4 relationship satisfaction A 15 B 12 (2026-11-20)"
expect_out "a held session with no note is flagged" "! 1 held session with no note"
expect_out "a draft unsigned for 3 days or more is flagged" "! 1 draft note unsigned for 3+ days"
expect_out "overdue homework is flagged" "! 1 homework assignment overdue"
expect_out "a couple never scored has measures due" "! measures due: none recorded yet"
expect "a session beyond 7 days is left out" sh -c "! grep -q 'session $LATER_ID\$' '$T/out'"
expect "a couple with nothing booked is left out" sh -c "! grep -q 'Bello' '$T/out'"
expect "today's session is listed before tomorrow's" sh -c \
	"[ \$(grep -n 'session $TODAY_ID\$' '$T/out' | cut -d: -f1) -lt \$(grep -n 'session $TOMORROW_ID\$' '$T/out' | cut -d: -f1) ]"
widest=$(/usr/bin/python3 -c '
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)' "$T/out")
expect "every line fits 80 columns (widest: $widest)" test "$widest" -le 80
expect_out "a long name is cut with an ellipsis" "山田 花子 & Kenji Mori, with a name…   50 min"

run agenda --days 14
expect_out "--days 14 reaches a session 12 days ahead" "session $LATER_ID"

run agenda --json
expect_rc "--json runs" 0
expect "the JSON keeps its top-level shape" test "$(json_get 'sorted(d.keys())')" = \
	"['days', 'from', 'sessions', 'sign_within_days', 'through']"
expect "each session keeps its shape" test "$(json_get 'sorted(d["sessions"][0].keys())')" = \
	"['couple', 'couple_id', 'date', 'flags', 'homework', 'id', 'minutes', 'modality', 'partners', 'scores', 'state', 'time']"
expect "the first session is today's" test "$(json_get 'd["sessions"][0]["id"]')" = "$TODAY_ID"
expect "homework counts are numbers" test "$(json_get 'd["sessions"][0]["homework"]')" = \
	"{'open': 2, 'overdue': 1}"
expect "scores name the measure, partner, value and day" \
	test "$(json_get '[(s["measure"], s["partner"], s["value"], s["on"]) for s in d["sessions"][0]["scores"]]')" = \
	"[('csi4', 'a', 15, '2026-11-20'), ('csi4', 'b', 12, '2026-11-20')]"
expect "flags have stable keys" test "$(json_get '[f["key"] for f in d["sessions"][0]["flags"]]')" = \
	"['notes_missing', 'drafts_unsigned', 'homework_overdue', 'measures_due']"
expect "the partners are listed A then B" test "$(json_get 'd["sessions"][1]["partners"]')" = \
	"['山田 花子', 'Kenji Mori']"

# The setting moves the line for drafts.
run config set notes.sign_within_days 10
expect_rc "notes.sign_within_days takes a number of days" 0
run agenda
expect "with 10 days allowed, an 8-day-old draft is no longer flagged" \
	sh -c "! grep -q 'draft note' '$T/out'"
run config list
expect_out "config list shows the setting and its value" "notes.sign_within_days"
expect_out "config list shows the value" "10"
refused "notes.sign_within_days of 0 is refused" 1 "notes.sign_within_days" \
	config set notes.sign_within_days 0
refused "notes.sign_within_days that is not a number is refused" 1 "notes.sign_within_days" \
	config set notes.sign_within_days soon
run config set notes.sign_within_days ""
run agenda
expect_out "removing the setting brings back the default of 3 days" "unsigned for 3+ days"

# A session recorded as held today stays on today's agenda, as held.
"$DYAD" session set "$TODAY_ID" --attendance both >/dev/null
run agenda --json
expect "a session held today is listed as held" test "$(json_get 'd["sessions"][0]["state"]')" = "held"

for bad in 0 -3 3x 367 99999999999999999999 "" " 3"; do
	refused "--days '$bad' is refused naming --days" 2 "--days" agenda --days "$bad"
done
refused "--days without a value is refused" 2 "--days" agenda --days
