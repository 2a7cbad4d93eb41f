#!/usr/bin/env bash
# ics.sh: `dyad ics` writes the planned sessions as an iCalendar file that a
# real parser (python3-icalendar) reads back: one event per planned session
# with a UID that never changes (not across runs, not through an export and
# import), initials unless --names, all-day events for sessions given as a
# date alone, CRLF line ends, lines folded at 75 octets between whole UTF-8
# characters, text escaped; written privately through the one output path.
. "$DYAD_SRC/tests/lib.sh"

if ! /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	skip "calendar files" "python3-icalendar is not installed (make test-deps installs it)"
	exit 0
fi

# parse FILE EXPR: reads FILE with icalendar and prints EXPR over its events
# (`ev`, a list in file order) and the calendar (`cal`).
parse() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
ev = [c for c in cal.walk() if c.name == 'VEVENT']
print(eval(sys.argv[2]))
EOF
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "daniel reyes" --intake 2026-10-01
OKA=$OUT
run couple add "山田 花子 & 李 小龍 - 東京と大阪のあいだで長い名前を持つふたり" \
	--partner "山田 花子" --partner "李 小龍" --intake 2026-10-01
CJK=$OUT
run couple add "فاطمة حداد & عمر خالد" --partner "فاطمة حداد" --partner "عمر خالد" --intake 2026-10-01
ARA=$OUT
run couple add 'Comma, Semi; Back\slash' --partner "Ann Comma" --partner "Bo Semi" --intake 2026-10-01
ODD=$OUT

run session add "$OKA" --date 2026-11-20T10:00
HELD=$OUT
run session plan "$OKA" --date 2026-11-28T23:30 --minutes 60
LATE=$OUT
run session plan "$CJK" --date 2026-11-30T09:00
run session plan "$ARA" --date 2026-12-01T11:00
run session plan "$ODD" --date 2026-12-03
ALLDAY=$OUT
run session plan "$OKA" --date 2026-12-05T10:00
CANCELLED=$OUT
"$DYAD" session set "$CANCELLED" --attendance cancelled >/dev/null
run session plan "$OKA" --date 2027-06-01T10:00
FAR=$OUT

run ics -o "$T/cal.ics"
expect_rc "ics writes a calendar" 0
expect_out "it says how many sessions, and that initials were used" "Wrote 4 planned sessions to $T/cal.ics, by initials."
expect "the file is private (0600)" test "$(stat -c %a "$T/cal.ics")" = 600
expect "the parser finds one event per planned session" test "$(parse "$T/cal.ics" 'len(ev)')" = 4
expect "the calendar says its version and who made it" test \
	"$(parse "$T/cal.ics" 'str(cal["VERSION"]) + " " + str(cal["PRODID"])')" = "2.0 -//dyad//dyad 0.1.0//EN"
expect "summaries use the partners' initials" test "$(parse "$T/cal.ics" 'str(ev[0]["SUMMARY"])')" = \
	"Session: M.O. & D.R."
expect "initials of CJK names are whole characters" test "$(parse "$T/cal.ics" 'str(ev[1]["SUMMARY"])')" = \
	"Session: 山.花. & 李.小."
expect "no couple's name is in the file without --names" \
	sh -c "! grep -q -e 'Okafor' -e 'Reyes' -e '東京' -e 'حداد &' '$T/cal.ics'"
expect "a timed session starts and ends at its wall-clock times" test \
	"$(parse "$T/cal.ics" 'ev[0].decoded("DTSTART").isoformat() + " " + ev[0].decoded("DTEND").isoformat()')" = \
	"2026-11-28T23:30:00 2026-11-29T00:30:00"
expect "a session given as a date alone is an all-day event" test \
	"$(parse "$T/cal.ics" 'ev[3].decoded("DTSTART").isoformat() + " " + ev[3].decoded("DTEND").isoformat() + " " + ev[3]["DTSTART"].params.get("VALUE")')" = \
	"2026-12-03 2026-12-04 DATE"
expect "every event has a DTSTAMP in UTC" test "$(parse "$T/cal.ics" 'all(e.decoded("DTSTAMP").tzinfo is not None for e in ev)')" = True
expect "cancelled, held and far-off sessions are left out" sh -c \
	"! grep -q -e 'session-$CANCELLED-' -e 'session-$HELD-' -e 'session-$FAR-' '$T/cal.ics'"
expect "every line ends in CRLF" test "$(grep -c -v $'\r$' "$T/cal.ics")" = 0
UIDS1=$(parse "$T/cal.ics" '" ".join(str(e["UID"]) for e in ev)')
expect "UIDs are unique" test "$(echo "$UIDS1" | tr ' ' '\n' | sort -u | wc -l)" = 4
expect "a UID is made of the session id and the database's calendar id" sh -c \
	"echo '$UIDS1' | grep -q -E '^session-$LATE-[0-9a-f]{32}@dyad '"

run ics -o "$T/cal2.ics"
UIDS2=$(parse "$T/cal2.ics" '" ".join(str(e["UID"]) for e in ev)')
expect "a second run gives every event the same UID" test "$UIDS1" = "$UIDS2"

run ics -o "$T/names.ics" --names
expect_out "--names says so" "with the couples' names"
expect "--names shows the CJK couple's whole name" test "$(parse "$T/names.ics" 'str(ev[1]["SUMMARY"])')" = \
	"Session: 山田 花子 & 李 小龍 - 東京と大阪のあいだで長い名前を持つふたり"
expect "--names shows the Arabic couple's name" test "$(parse "$T/names.ics" 'str(ev[2]["SUMMARY"])')" = \
	"Session: فاطمة حداد & عمر خالد"
expect "commas, semicolons and backslashes come back as written" \
	test "$(parse "$T/names.ics" 'str(ev[3]["SUMMARY"])')" = 'Session: Comma, Semi; Back\slash'
expect "they are escaped in the file" grep -q -F 'SUMMARY:Session: Comma\, Semi\; Back\\slash' "$T/names.ics"
expect "no line is longer than 75 octets" test "$(tr -d '\r' <"$T/names.ics" | LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }')" -le 75
expect "the long name was folded onto a continuation line" grep -q '^ ' "$T/names.ics"
expect "every folded piece is whole UTF-8 (no character split)" /usr/bin/python3 -c '
import sys
for raw in open(sys.argv[1], "rb").read().split(b"\r\n"):
    raw.decode("utf-8")
' "$T/names.ics"

# The calendar id travels with an export, so the events keep their UIDs.
"$DYAD" export -o "$T/all.json" >/dev/null
DYAD_DB="$T/moved.db" "$DYAD" import "$T/all.json" >/dev/null
DYAD_DB="$T/moved.db" run ics -o "$T/moved.ics"
expect "after export and import the events keep their UIDs" \
	test "$(parse "$T/moved.ics" '" ".join(str(e["UID"]) for e in ev)')" = "$UIDS1"
DYAD_DB="$T/other.db" "$DYAD" init >/dev/null
other=$(sqlite3 "$T/other.db" "SELECT uid FROM calendar_identity")
mine=$(sqlite3 "$DYAD_DB" "SELECT uid FROM calendar_identity")
expect "another database has another calendar id" test -n "$other" -a "$other" != "$mine"

run audit --json
expect "each calendar written is in the audit log, by path and count, never by name" test \
	"$(json_get '[e["detail"] for e in d if e["object"] == "calendar"][0]')" = \
	"$T/cal.ics: 4 planned sessions"
expect "the --names run is logged as such" test \
	"$(json_get '[e["detail"] for e in d if e["object"] == "calendar"][-1]')" = \
	"$T/names.ics: 4 planned sessions, with names"

refused "the database itself is refused as -o" 1 "-o" ics -o "$DYAD_DB"
refused "ics without -o is refused naming -o" 2 "-o" ics
refused "a bad --days is refused naming --days" 2 "--days" ics -o "$T/x.ics" --days 0
expect "nothing was written for a refused run" test ! -e "$T/x.ics"
run ics -o "$T/long.ics" --days 366
expect "--days 366 reaches a session six months ahead" grep -q "session-$FAR-" "$T/long.ics"
