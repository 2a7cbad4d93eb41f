#!/usr/bin/env bash
# browse.sh: the interface's first steps: the welcome screen, the demo, the
# couples list (filter, closed couples, wide names), a couple, help, moving
# back and quitting, and seeing what another process changed.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

# --- no terminal, no interface -------------------------------------------------
run </dev/null
expect_rc "without a terminal the interface refuses with status 1" 1
expect_err "and says it needs a terminal" "needs a terminal"

# --- an empty practice opens on the welcome screen -------------------------------
tui_start
tui_expect "an empty database opens on the welcome screen" "This practice has no couples yet."
tui_expect "the welcome screen offers n to add a couple" "add your first couple"
tui_expect "and D to load the demo practice" "load a demo of fictional couples"
tui_keys x
tui_expect "a key with no meaning says so and points to help" "x does nothing here; ? lists"
tui_keys D
tui_expect "D loads the demo practice and opens Today" "Today, Saturday 2026-11-28"
tui_expect "the demo's arrival is announced" "The demo practice is ready"
tui_keys c
tui_expect "c goes from Today to the couples list" "Okafor & Reyes"
run couple list --all --json
expect "the demo practice is in the database" test "$(json_get 'len(d)')" = 10

# --- the couples list -----------------------------------------------------------------
tui_expect "names with accents show intact" "Zoë Åström-Núñez & Łukasz Wróbel"
tui_expect "Japanese names show intact" "山田 花子 / Kenji Mori"
screen=$(tui_screen)
# The date column must start at the same display column on every row, wide
# characters or not.
cols=$(printf '%s\n' "$screen" | /usr/bin/python3 -c '
import sys, unicodedata, re
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
seen = set()
for line in sys.stdin:
    m = re.search(r"20\d\d-\d\d-\d\d", line)
    if m and "/" in line:
        seen.add(width(line[:m.start()]))
print(len(seen), sorted(seen))')
expect "the last-session column is aligned on every row, CJK included" test "${cols%% *}" = 1

tui_keys /
tui_type "nunez"
tui_expect "the filter ignores accents and case" "1 of 8"
tui_expect "and keeps the matching couple" "Zoë Åström-Núñez & Łukasz Wróbel"
tui_expect_gone "and hides the others" "Okafor & Reyes"
tui_keys Escape
tui_expect "Esc clears the filter" "Okafor & Reyes"
tui_keys /
tui_type "oka"
tui_expect "typing filters as you type" "1 of 8"
tui_keys Enter
tui_expect "Enter opens the couple" "Partner A  Maya Okafor (she/her)"
tui_expect "the title shows where you are" "Couples › Okafor & Reyes"
tui_expect "the couple's sessions are listed" "newest first"
tui_keys '?'
tui_expect "? shows the keys of the screen it was pressed on" "Keys on the couple screen"
tui_expect "help is generated from the key table" "change the couple's status: active, paused or closed"
# The couple screen's keys fill more than a 30-line window: the rest is a
# page down, and the screen says there is more.
tui_expect "help says when there is more below" "more ↓"
tui_keys PageDown
tui_expect "help lists the keys of every screen too" "Keys on every screen"
tui_keys q
tui_expect "q leaves help" "Partner B  Daniel Reyes (he/him)"
tui_keys Escape
tui_expect "Esc goes back to the list, filter kept" "1 of 8"
tui_keys Escape
tui_expect "Esc then clears the filter" "8 active couples"
tui_keys Escape
tui_expect "Esc on the list goes back to Today, beneath it" "Today, Saturday 2026-11-28"
tui_keys Escape
tui_expect "Esc on the first screen does not end dyad" "This is the first screen; q leaves dyad."
tui_keys c
tui_wait "8 active couples"

# --- closed couples --------------------------------------------------------------------
OKAFOR=$(sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE name = 'Okafor & Reyes'")
run couple set "$OKAFOR" --status closed
tui_keys r
tui_expect "the refresh key shows a change made by another process" "7 active couples"
tui_expect_gone "a closed couple leaves the active list" "Okafor & Reyes"
tui_keys c
tui_expect "c shows paused and closed couples too" "couples in all"
tui_expect "the closed couple shows again with its status" "closed"
tui_keys c
tui_expect "c again hides them" "7 active couples"
run couple set "$OKAFOR" --status active

# --- adding a couple from the list --------------------------------------------------------
tui_keys r
tui_expect "the reopened couple is back after a refresh" "8 active couples"
tui_keys n
tui_expect "n opens the new-couple form" "New couple"
tui_type "Park & Lee"
tui_keys Tab
tui_type "Jun Park"
tui_keys Enter
tui_expect "a refused form shows the reason in the status line" "partner B name: must not be empty"
tui_expect "and keeps what was typed" "Jun Park"
# The refused field has the focus now: partner B.
tui_type "Hana Lee"
tui_keys Tab Tab
tui_type "2026-02-30"
tui_keys Enter
tui_expect "a bad date is refused the same way as on the command line" "intake: '2026-02-30' is not a real date"
tui_keys C-u
tui_type "2026-11-02"
tui_keys Enter
tui_expect "a saved couple opens at once" "Partner B  Hana Lee"
run couple list --json
expect "the new couple is in the database with both partners and the intake" \
	test "$(json_get '[(c["partners"][0]["name"], c["partners"][1]["name"], c["intake"]) for c in d if c["name"]=="Park & Lee"]')" = "[('Jun Park', 'Hana Lee', '2026-11-02')]"

# --- editing and status ----------------------------------------------------------------------
tui_keys e
tui_expect "e opens the couple's form filled in" "Edit couple"
tui_keys Tab Tab
tui_type "he/him"
tui_keys Enter
tui_expect "the edit is saved" "Partner A  Jun Park (he/him)"
tui_keys t
tui_expect "t asks for the status" "Couple status"
tui_keys Right Enter
tui_expect "the new status shows" "The couple is now paused."
PARK=$(sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE name = 'Park & Lee'")
run couple show "$PARK" --json
expect "pronouns and status reach the database" \
	test "$(json_get '(d["partners"][0]["pronouns"], d["status"])')" = "('he/him', 'paused')"

# --- quitting from anywhere ---------------------------------------------------------------------
tui_keys q
tui_expect "back on the list, a paused couple is not among the active ones" "8 active couples"
tui_keys j Enter
tui_wait "newest first"
tui_keys Enter
tui_expect "a session opens from the couple screen" "Ratings"
tui_finish "Q quits from deep inside, with status 0"

# --- a signal ends dyad cleanly --------------------------------------------------------------------
tui_start
tui_to_couples
pane_pid=$(tmx display-message -p -t 0 '#{pane_pid}')
dyad_pid=$(pgrep -P "$pane_pid" -x dyad | head -n 1)
kill -TERM "$dyad_pid"
expect "SIGTERM ends the interface with status 143" test "$(tui_exit_status)" = 143
