#!/usr/bin/env bash
# script.sh: the key-script input ($DYAD_KEYS_SCRIPT) and the screen dump:
# the same keys a person would press, read from a file, with ":dump FILE"
# writing the screen as text, so a whole session runs with no timing at
# all. Also what happens to a script with a mistake in it.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run init --demo
# A session held yesterday, with an empty draft to rate; the sessions the
# demo booked ahead are listed above it.
run session add yamada --date 2026-11-27T13:00
SID=$OUT
AHEAD=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM session s JOIN couple c ON c.id = s.couple_id
	WHERE c.name = 'Yamada & Mori' AND s.starts_at > (SELECT starts_at FROM session WHERE id = $SID)")
DOWN=""
for _ in $(seq 1 "$AHEAD"); do DOWN="${DOWN}j"; done
sqlite3 "$DYAD_DB" "DELETE FROM rating WHERE session_id = $SID"

cat >"$T/keys" <<EOF2
# from Today to the couples; open Yamada & Mori's newest session and rate
# startup for both partners
c
/yamada<Enter>
:dump $T/couple.txt
$DOWN<Enter>
jjjj4l2<Enter>
:dump $T/session.txt
?
:dump $T/help.txt
EOF2
tui_start DYAD_KEYS_SCRIPT="$T/keys"
expect "dyad ends with status 0 when the script runs out" test "$(tui_exit_status)" = 0
expect "the couple screen was dumped" grep -q "Partner A  山田 花子 (she/her)" "$T/couple.txt"
expect "the dump is the whole 30-line screen" test "$(wc -l <"$T/couple.txt")" = 30
expect "the session screen was dumped after the ratings" grep -q "Saved: Startup for Kenji Mori, 2." "$T/session.txt"
expect "wide names keep their columns in the dump" grep -q "A  山田 花子" "$T/session.txt"
expect "the help screen was dumped" grep -q "Keys on the session screen" "$T/help.txt"
expect "the dump file is private (0600)" test "$(stat -c %a "$T/session.txt")" = 600
startup() {
	sqlite3 "$DYAD_DB" "SELECT group_concat(r.partner || '=' || r.value, ' ') FROM rating r
		JOIN concept c ON c.id = r.concept_id WHERE r.session_id = $SID AND c.key = 'startup'
		ORDER BY r.partner"
}
expect "the scripted ratings are in the database" test "$(startup)" = "a=4 b=2"

printf 'jj\n<Nope>\n' >"$T/bad-keys"
before=$(db_fingerprint)
DYAD_KEYS_SCRIPT="$T/bad-keys" run
expect_rc "a script with an unknown key name is refused with status 1" 1
expect_err "the refusal names the line and the key" "line 2: no key is written '<Nope>'"
expect "and nothing changed" test "$(db_fingerprint)" = "$before"
DYAD_KEYS_SCRIPT="$T/missing-keys" run
expect_rc "a missing script is refused with status 1" 1
