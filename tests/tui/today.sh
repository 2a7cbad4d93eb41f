#!/usr/bin/env bash
# today.sh: a practice opens on Today: the sessions of today and tomorrow,
# notes still to finish (held with no note; drafts unsigned after
# notes.sign_within_days), measures due and homework coming due; Enter on a
# line opens its session, its couple or its homework; c goes to the couples
# list and t comes back without piling screens up; it fits 80x24.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

title() { tui_screen | head -1 | sed 's/ *$//'; }

# --- a practice with nothing waiting -------------------------------------------
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
OKA=$OUT
tui_start
tui_expect "a practice with couples opens on Today" "Today, Saturday 2026-11-28"
expect "the title says Today" test "$(title)" = " dyad  Today"
tui_expect "no session today is said plainly" "No sessions booked today."
tui_expect "nor tomorrow" "No sessions booked tomorrow."
tui_expect "no note is waiting" "Every held session has a note, and no draft is waiting."
tui_expect "no homework is due" "No homework falls due this week."
tui_keys Enter
tui_expect "Enter with nothing to open says so" "There is nothing to open here."
tui_finish "dyad quits cleanly from an empty Today"

# --- a practice with something in every part ---------------------------------------
run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01
BEL=$OUT
run session add "$OKA" --date 2026-11-20T10:00
DRAFT=$OUT
echo "Worked on softened startups." | "$DYAD" note set "$DRAFT" >/dev/null
"$DYAD" measure "$DRAFT" csi4 15 --partner a >/dev/null
run session add "$OKA" --date 2026-11-27T10:00
EMPTY=$OUT
run session plan "$OKA" --date 2026-11-28T16:00
TODAY_ID=$OUT
run session plan "$BEL" --date 2026-11-29T10:00
run assign "$BEL" attention-daily --due 2026-11-30
run assign "$BEL" appreciation-tally --due 2026-12-02

tui_start
tui_expect "today's session is listed with its time" "16:00      Okafor & Reyes"
tui_expect "its line says what needs a look" "planned; 1 held session with no note (+2)"
tui_expect "tomorrow's session is listed" "10:00      Bello & Lindqvist"
tui_expect "a held session with no note is listed" "Fri 11-27  Okafor & Reyes                        held, no note yet"
tui_expect "a draft unsigned for 8 days is listed" "Fri 11-20  Okafor & Reyes                        draft, not signed"
tui_expect "measures are due for a couple never scored who comes tomorrow" \
	"Sun 11-29  Bello & Lindqvist                     no scores yet"
tui_expect "a couple scored last session is due again by its every-session schedule" \
	"Sat 11-28  Okafor & Reyes                        csi4, felt_safety, felt_connection"
tui_expect "homework due this week is listed with its title" "Mon 11-30  Bello & Lindqvist                     Ten Minutes, Phones Away"

# Enter opens what each line is about.
tui_keys Enter
tui_expect "Enter on today's session opens it" "Today › Sat 2026-11-28 16:00"
tui_keys q
tui_expect "q comes back to Today" "Today, Saturday 2026-11-28"
tui_keys j j j Enter
tui_expect "Enter on a held session with no note opens that session" "Today › Fri 2026-11-27 10:00"
tui_expect "which has no note yet" "No note yet."
tui_keys q
tui_wait "Today, Saturday"
tui_keys j j Enter
tui_expect "Enter on measures due opens the couple" "Today › Bello & Lindqvist"
tui_keys q
tui_wait "Today, Saturday"
tui_resize 100 45
tui_keys G j Enter
tui_expect "Enter on the last homework line opens the couple" "Today › Bello & Lindqvist"
tui_expect "with its homework panel in focus" "▸ Homework"
tui_keys c
tui_expect "and that assignment selected: c checks in on it" "Check in: Counting Appreciations"
tui_keys Escape
tui_resize 100 30
tui_keys q
tui_wait "Today, Saturday"

# Between Today and the couples list.
tui_keys c
tui_expect "c goes to the couples list" "2 active couples"
expect "the list sits on Today" test "$(title)" = " dyad  Today › Couples"
tui_keys t
tui_expect "t comes back to Today" "Today, Saturday 2026-11-28"
tui_keys c t c t
tui_wait "Today, Saturday"
expect "going back and forth piles up no screens" test "$(title)" = " dyad  Today"
tui_keys '?'
tui_expect "help lists Enter on Today" "open what the selected line is about"
tui_expect "help lists c" "go to the list of couples"
tui_keys q c '?'
tui_expect "help on the list lists t" "go to Today: the sessions of today and tomorrow"
tui_keys q t
tui_finish "dyad quits cleanly from Today"

# The setting moves the line for drafts.
run config set notes.sign_within_days 10
tui_start
tui_expect "the heading follows notes.sign_within_days" "Notes to finish (drafts unsigned after 10 days)"
tui_expect_gone "an 8-day-old draft is no longer listed" "draft, not signed"
tui_finish "dyad quits cleanly after the setting"

# --- the demo practice on a small terminal --------------------------------------------
export DYAD_DB="$T/demo.db"
run init --demo
tui_start
tui_resize 80 24
tui_expect "the demo has a session today" "17:30      Zoë Åström-Núñez & Łukasz Wrób…"
tui_expect "and tomorrow" "09:00      Okafor & Reyes"
tui_expect "at 80x24 the status line shows Today's keys" "Enter open  c couples"
tui_expect "a long list says there is more" "more ↓"
tui_expect "a detail too long for 80 columns is cut with an ellipsis" "planned; 1 draft note unsigned …"
tui_keys G
tui_expect "G reaches the last line (homework due)" "Homework due in the next 7 days"
tui_keys g
tui_expect "g goes back to the top, heading and all" "Today, Saturday 2026-11-28"
tui_keys Enter
tui_expect "Enter opens the demo's session today" "Today › Sat 2026-11-28 17:30"
tui_finish "dyad quits cleanly on the demo"
