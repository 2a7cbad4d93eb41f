#!/usr/bin/env bash
# session.sh: recording a session through its form, and rating concepts in
# the grid: moving with arrows and hjkl, + and -, typed numbers, clearing,
# refusals; each change checked in the database.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
CID=$OUT
# The value of one rating, straight from the file ("" when there is none).
rating() {
	sqlite3 "$DYAD_DB" "SELECT r.value FROM rating r JOIN concept c ON c.id = r.concept_id
		WHERE r.session_id = $SID AND c.key = '$1' AND r.partner = '$2'"
}

tui_start
tui_to_couples
tui_expect "c goes from Today to the list" "1 active couples"
tui_keys Enter
tui_expect "the couple opens" "No sessions yet. Press a to record the first one."

# --- adding a session ----------------------------------------------------------------
tui_keys a
tui_expect "a opens the new-session form" "New session"
tui_expect "the date starts as today" "2026-11-28 09:00"
tui_keys C-u
tui_type "2026-11-20 14:30"
tui_keys Tab C-u
tui_type "0"
tui_keys Enter
tui_expect "zero minutes are refused with the command line's words" "minutes: '0' is not a whole number from 1 to 600"
tui_expect "the date typed is kept" "2026-11-20 14:30"
run session list "$CID" --json
expect "nothing was stored by the refused form" test "$(json_get 'len(d)')" = 0
tui_keys C-u
tui_type "75"
tui_keys Tab Right
tui_expect "the arrows choose the modality" "‹ video ›"
tui_keys Enter
tui_expect "the new session opens at once" "Fri 2026-11-20 14:30 · 75 min · video · both came"
tui_expect "its empty note invites writing" "No note yet. Press e to write it"
run session list "$CID" --json
expect "the session is stored as typed" \
	test "$(json_get '(len(d), d[0]["starts_at"], d[0]["minutes"], d[0]["modality"], d[0]["attendance"])')" = "(1, '2026-11-20T14:30', 75, 'video', 'both')"
SID=$(json_get 'd[0]["id"]')

# --- rating two concepts for each partner -----------------------------------------------------
# The grid starts on the first concept (sentiment override, -2 to +2), partner A.
tui_keys +
tui_expect "+ on an empty cell starts at 0 and saves" "Saved: Sentiment override for Maya Okafor, 0."
tui_keys + +
tui_expect "+ raises step by step" "Saved: Sentiment override for Maya Okafor, +2."
tui_keys +
tui_expect "+ at the top of the scale says so" "already at its highest, +2"
tui_keys l - Enter
tui_expect "l moves to partner B, where - Enter on an empty cell also starts at 0" "Saved: Sentiment override for Daniel Reyes, 0."
tui_keys - Enter
tui_expect "- Enter lowers step by step" "Saved: Sentiment override for Daniel Reyes, -1."
expect "partner A's sentiment override is +2 in the database" test "$(rating sentiment_override a)" = 2
expect "partner B's sentiment override is -1 in the database" test "$(rating sentiment_override b)" = -1

# A typed number gathers in the cell and is checked once, when Enter, Tab
# or a move ends it.
for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do tui_keys j; done
tui_expect "moving down reaches felt safety" "Felt safety (0 to 10)"
tui_keys h 7
tui_expect "a typed digit shows in the cell" "Felt safety                                 7"
# The digit is drawn after its key's work is done, so a save on the key
# would already be in the file and on the status line.
expect "and is not saved while it is typed" test -z "$(rating safety a)"
if tui_screen | grep -q -F "Saved: Felt safety"; then
	not_ok "nor said to be saved" "$(tui_screen)"
else
	ok "nor said to be saved"
fi
tui_keys Right
tui_expect "moving away saves it" "Saved: Felt safety for Maya Okafor, 7."
tui_keys 1 0 Enter
tui_expect "Enter saves two digits" "Saved: Felt safety for Daniel Reyes, 10."
expect "partner A's felt safety is 7 in the database" test "$(rating safety a)" = 7
expect "partner B's felt safety is 10 in the database" test "$(rating safety b)" = 10
# A scale that cannot go below zero has no negative numbers to type, so
# there - steps down at once.
tui_keys h -
tui_expect "on a 0 to 10 scale, - lowers a step at once" "Saved: Felt safety for Maya Okafor, 6."
expect "and 6 is stored" test "$(rating safety a)" = 6
tui_keys + l
tui_wait "Saved: Felt safety for Maya Okafor, 7."

# Typing out of range, Enter, Esc, clearing.
tui_keys Up Up Up Up Up Up Up Up Up Up Up Up
tui_expect "moving up returns to the top" "Sentiment override (-2 to +2)"
tui_keys j j j j
tui_expect "startup is four rows down" "Startup (1 to 5)"
tui_keys 9 Enter
tui_expect "a typed value off the scale is refused" "Startup is rated 1 to 5; 9 is not on that scale, so the value is as it was."
expect "and nothing is stored" test -z "$(rating startup b)"
tui_keys Enter
tui_expect "Enter starts typing a value" "Enter save"
tui_keys 4 Enter
tui_expect "a typed value is saved with Enter" "Saved: Startup for Daniel Reyes, 4."
tui_keys k k k
tui_expect "flooding episodes are three rows up" "Flooding: episodes (0 to 20)"
tui_keys 1 Escape
tui_expect "Esc abandons a value being typed" "Typing cancelled"
expect "and nothing was stored" test -z "$(rating flooding.episodes b)"
tui_keys 1 5 Enter
tui_expect "two digits make a value" "Saved: Flooding: episodes for Daniel Reyes, 15."
tui_keys BSpace
tui_expect "Backspace removes a rating" "Removed the rating of Flooding: episodes."
expect "the removed rating is gone from the database" test -z "$(rating flooding.episodes b)"

# --- negative numbers and the minus key ---------------------------------------------------------
# On a scale that goes below zero, - opens the cell with a minus sign: a
# digit after it makes a negative number; Enter, Tab or a move on the lone
# minus lowers the value one step.
tui_keys k h
tui_wait "Sentiment override (-2 to +2)"
tui_keys -
tui_expect "- opens the cell with a minus sign" "Sentiment override                          -"
tui_expect "and says what comes next" "Type a number, or Enter to lower by one."
tui_keys 1 Enter
tui_expect "-, 1, Enter types minus one on a -2 to +2 scale" "Saved: Sentiment override for Maya Okafor, -1."
expect "and -1 is stored" test "$(rating sentiment_override a)" = -1
tui_keys - 2 Enter
tui_expect "minus two too" "Saved: Sentiment override for Maya Okafor, -2."
expect "and -2 is stored" test "$(rating sentiment_override a)" = -2
tui_keys 2 Enter
tui_expect "a plain 2 is plus two" "Saved: Sentiment override for Maya Okafor, +2."
expect "and 2 is stored" test "$(rating sentiment_override a)" = 2
tui_keys -
tui_wait "Type a number, or Enter to lower by one."
expect "a lone minus saves nothing yet" test "$(rating sentiment_override a)" = 2
tui_keys Enter
tui_expect "- then Enter lowers the value a step" "Saved: Sentiment override for Maya Okafor, +1."
expect "and +1 is stored" test "$(rating sentiment_override a)" = 1
tui_keys - Escape
tui_expect "Esc after - cancels" "Typing cancelled"
expect "and changes nothing" test "$(rating sentiment_override a)" = 1
tui_keys - 3 Enter
tui_expect "minus three is refused, naming the scale" "Sentiment override is rated -2 to +2; -3 is not on that scale, so the value is as it was."
expect "and the value stays +1" test "$(rating sentiment_override a)" = 1
tui_keys Enter - 1 Enter
tui_expect "Enter first still works: Enter, -, 1, Enter is minus one" "Saved: Sentiment override for Maya Okafor, -1."
tui_keys 1 -
tui_expect "a minus after a digit is not taken, and says why" "A minus sign can only come first."
tui_keys Escape
expect "after all that the stored value is -1" test "$(rating sentiment_override a)" = -1
tui_keys - -
tui_expect "a second - lowers one step at once" "Saved: Sentiment override for Maya Okafor, -2."
tui_expect "and leaves a lone minus open" "Sentiment override                          -"
tui_keys Enter
tui_expect "Enter on it steps again: at the bottom, it says so" "already at its lowest, -2"
expect "the stored value is -2" test "$(rating sentiment_override a)" = -2
tui_keys + + +
tui_wait "Saved: Sentiment override for Maya Okafor, +1."
tui_keys - Down
tui_expect "- then Down lowers a step" "Saved: Sentiment override for Maya Okafor, 0."
tui_expect "and moves down" "Flooding: episodes (0 to 20):"
expect "0 is stored" test "$(rating sentiment_override a)" = 0
tui_keys k +
tui_wait "Saved: Sentiment override for Maya Okafor, +1."

# --- three-digit scales: flooding's peak heart rate, 30 to 220 bpm ------------------------------
tui_keys j j
tui_expect "peak heart rate is two rows down" "Flooding: peak heart rate (30 to 220 bpm)"
tui_keys 1 0 0 Enter
tui_expect "100 can be typed: a first 1 is not refused" "Saved: Flooding: peak heart rate for Maya Okafor, 100."
tui_keys 2 2 0 Enter
tui_expect "220, the top of the scale, too" "Saved: Flooding: peak heart rate for Maya Okafor, 220."
tui_keys 2 9 Enter
tui_expect "29 is refused with the concept and its range" "Flooding: peak heart rate is rated 30 to 220 bpm; 29 is not on that scale"
tui_keys 2 2 1 Enter
tui_expect "221 is refused too" "Flooding: peak heart rate is rated 30 to 220 bpm; 221 is not on that scale"
expect "the stored value stays 220" test "$(rating flooding.peak_bpm a)" = 220
tui_keys 1 j
tui_expect "a partial number is not dropped by a move: it is refused and said" "Flooding: peak heart rate is rated 30 to 220 bpm; 1 is not on that scale"
tui_expect "and the cursor stays on the cell" "Flooding: peak heart rate (30 to 220 bpm):"
expect "the stored value is still 220" test "$(rating flooding.peak_bpm a)" = 220
tui_keys 1 9 9 BSpace 0 j
tui_expect "Backspace edits the typed number, and a move saves it" "Saved: Flooding: peak heart rate for Maya Okafor, 190."
tui_expect "then the move happens" "Flooding: break taken (0 no, 1 yes)"
expect "190 is stored" test "$(rating flooding.peak_bpm a)" = 190
tui_keys k 9 0 Tab
tui_expect "Tab saves what was typed too" "Saved: Flooding: peak heart rate for Maya Okafor, 90."
tui_keys Tab
tui_wait "▸ Ratings"
tui_keys j j
tui_wait "Startup (1 to 5)"
# Going meta is rated for the couple: one cell spanning both columns.
for _ in 1 2 3 4 5 6 7 8 9 10; do tui_keys j; done
tui_expect "a couple-level concept shows one cell" "Going meta (1 to 5, for the couple)"
tui_keys 3 Enter
tui_expect "its value is saved for the couple" "Saved: Going meta for the couple, 3."
expect "the couple-level rating is stored without a partner" test "$(rating meta couple)" = 3
run session list "$CID" --json
expect "the session now counts seven ratings" test "$(json_get 'd[0]["ratings"]')" = 7

# --- correcting the session's details ------------------------------------------------------------
tui_keys d
tui_expect "d opens the session's details" "Session details"
tui_keys Tab Tab Tab Right
tui_expect "the attendance can be chosen" "‹ a-only ›"
tui_keys Enter
# Daniel has ratings in this session, so it cannot become one he missed.
tui_expect "A only is refused while partner B has ratings here" \
	"attendance: the session keeps ratings or scores for the partner who would be absent"
run session list "$CID" --json
expect "the attendance is unchanged" test "$(json_get 'd[0]["attendance"]')" = both
tui_keys Escape
tui_expect_gone "Esc closes the form" "Who came: both"
tui_keys q
tui_expect "back on the couple, the session is listed with its ratings" "7"
tui_finish "dyad quits cleanly"
