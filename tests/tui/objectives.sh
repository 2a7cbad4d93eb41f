#!/usr/bin/env bash
# objectives.sh: the couple screen shows the treatment plan's objectives,
# each with the status the record gives it and the latest values, and the
# status follows the record.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run init --demo
id_of() { sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE name = '$1'"; }
OKAFOR=$(id_of "Okafor & Reyes")
run plan show "$OKAFOR" --json
first=$(json_get "d['objectives'][0]['text']")
now=$(json_get "'  '.join('%s %g' % (k.upper(), v) for k, v in d['objectives'][0]['current'].items())")

open_couple() {
	tui_keys /
	tui_type "$1"
	tui_keys Enter
}

# Back to the whole list: the couple screen, then the filter.
back() {
	tui_keys Escape
	tui_wait " of "
	tui_keys Escape
	tui_wait "active couples"
}

tui_start
tui_to_couples
tui_wait "Okafor & Reyes"
open_couple "okafor"
tui_expect "the couple screen has an Objectives section naming the plan's version" \
	"Objectives  plan version 1, signed"
line=$(tui_screen | grep -F "1. $first")
expect "the first objective is shown, met, with both partners' latest values" \
	grep -q -E "^ +1\. $(printf '%s' "$first" | sed 's/[.]/[.]/g') +met +$now\$" <<<"$line"
expect "an objective without a comparison shows as not measured" \
	grep -q -E "2\. Keep the weekly face-to-face conversation going +not measured" <<<"$(tui_screen)"
back
open_couple "raman"
tui_expect "an objective on something never rated says no data" "1. flooding.episodes <= 1 for 3 sessions"
expect "it is marked no data" grep -q -E "flooding.episodes <= 1 for 3 sessions +no data" <<<"$(tui_screen)"
tui_expect "a plan not signed yet says it is a draft" "plan version 1, draft"
back
open_couple "herrera"
tui_expect "a progressing objective is shown as progressing" "progressing"
tui_expect "the newest version is the one shown" "plan version 2, draft"
back
open_couple "yamada"
tui_expect "a couple without a plan says how to write one" "No treatment plan yet (dyad plan"
back

# A session with contempt at 3 for both: the met objective is met no more.
run session add "$OKAFOR" --date 2026-11-28T08:00
S=$OUT
run rate "$S" horsemen.contempt 3 --partner a
run rate "$S" horsemen.contempt 3 --partner b
open_couple "okafor"
tui_wait "Objectives"
expect "after a session with contempt at 3 the objective reads not yet, with the new values" \
	grep -q -E "1\. .* +not yet +A 3  B 3\$" <<<"$(tui_screen)"
tui_finish "dyad quits cleanly"
