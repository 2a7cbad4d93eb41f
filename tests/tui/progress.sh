#!/usr/bin/env bash
# progress.sh: measures on the couple screen (sparklines, the latest score,
# the cutoff and divergence marked), `x`, which writes the progress
# report of the couple in view, `X`, its one-page summary, and `E`, its
# whole record as a signed PDF.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run init --demo
RAMAN=$(sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE name = 'Raman & Whitfield'")
run couple add "Newcomers" --partner "Ana Lima" --partner "Bo Chen" --intake 2026-11-20
NEW=$OUT

# The sparkline partner B's last eight CSI-4 scores should draw, from the
# database: one block per score, its height the score's place on 0..21.
spark=$(sqlite3 "$DYAD_DB" "
	SELECT group_concat(value, ' ') FROM (
	  SELECT value FROM (
	    SELECT v.value, s.starts_at FROM measure_value v JOIN session s ON s.id = v.session_id
	    JOIN measure m ON m.id = v.measure_id
	    WHERE s.couple_id = $RAMAN AND m.key = 'csi4' AND v.partner = 'b'
	    ORDER BY s.starts_at DESC LIMIT 8) ORDER BY starts_at)" |
	/usr/bin/python3 -c '
import sys, math
blocks = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"
vals = [float(x) for x in sys.stdin.read().split()]
print("".join(blocks[max(0, min(7, math.floor(v / 21 * 7 + 0.5)))] for v in vals))')
last_b=$(sqlite3 "$DYAD_DB" "SELECT printf('%g', v.value) FROM measure_value v JOIN session s ON s.id = v.session_id JOIN measure m ON m.id = v.measure_id WHERE s.couple_id = $RAMAN AND m.key = 'csi4' AND v.partner = 'b' ORDER BY s.starts_at DESC LIMIT 1")

mkdir -p "$T/reports"
cd "$T/reports" || exit 1
tui_start
tui_to_couples
tui_wait "Okafor & Reyes"
tui_keys /
tui_type "raman"
tui_keys Enter
tui_expect "the couple screen has a Measures section" "Measures  recent scores"
tui_expect "B's CSI-4 sparkline matches the database" "B $spark "
has() { grep -q -E -- "$1" <<<"$2"; }
lacks() { ! grep -q -E -- "$1" <<<"$2"; }
expect "B's latest CSI-4 follows it, marked past the cutoff" has "B $spark +${last_b}!" "$(tui_screen | grep "CSI-4")"
expect "the partners moving apart are flagged on the measure's line" has "moving apart" "$(tui_screen | grep "CSI-4")"
expect "a measure with a steady partner is not flagged: its line ends at B's score" has "^ +Felt connection +A [^ ]+ +[0-9.]+!? +B [^ ]+ +[0-9.]+!?$" "$(tui_screen)"

tui_keys x
tui_expect "x writes the report and shows its full path" "Progress report written: $T/reports/progress-$RAMAN-2026-11-28.xlsx"
expect "the report is there, mode 0600" test "$(stat -c %a "$T/reports/progress-$RAMAN-2026-11-28.xlsx")" = 600
got=$(/usr/bin/python3 -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); print(wb.sheetnames[0], wb["Summary"]["B6"].value, "Notes" in wb.sheetnames)' "$T/reports/progress-$RAMAN-2026-11-28.xlsx")
expect "it is the couple's workbook, without notes" test "$got" = "Summary Raman & Whitfield False"
expect "no library message reached the screen" lacks 'WARNING|ERROR|lxw|workbook_' "$(tui_screen)"

# X writes the one-page summary the couple may see, next to it.
tui_keys X
tui_expect "X writes the couple's one-page summary and shows its full path" "$T/reports/Raman-Whitfield_progress-summary_2026-11-28.pdf"
f="$T/reports/Raman-Whitfield_progress-summary_2026-11-28.pdf"
expect "the summary is there, one page, mode 0600" test "$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }'):$(stat -c %a "$f")" = "1:600"
expect "no library message reached the screen" lacks 'WARNING|ERROR|HPDF' "$(tui_screen)"

# E writes the couple's whole record, signed, as export --couple would;
# never the private items (a screening is recorded to show it stays out).
run safety add "$RAMAN" --partner a --date 2026-11-27 --method "screen-text-quux" --result none
tui_keys E
f="$T/reports/Raman-Whitfield_record_2026-11-28.pdf"
tui_expect "E writes the couple's signed record and shows its full path" "$f"
tui_expect "and says it is signed" "Signed record written"
expect "the record is there, mode 0600" test "$(stat -c %a "$f")" = 600
run verify "$f"
expect "dyad verify accepts it and names the couple" grep -q "Raman & Whitfield" "$T/out"
expect "and says nothing private is in it" grep -q "safety screenings and individual sessions' notes left out" "$T/out"
expect "the screening's text is not in it" bash -c "! pdftotext '$f' - 2>/dev/null | grep -q quux"

# On the couples list, x writes the report of the selected couple (the
# third by name: Bello, Herrera, Newcomers...).
tui_keys Escape
tui_wait "1 of 9"
tui_keys Escape
tui_wait "9 active couples"
tui_keys Home Down Down x
tui_expect "x on the couples list writes the selected couple's report" "progress-$NEW-2026-11-28.xlsx"
tui_keys Enter
tui_expect "a couple without scores says so" "No scores recorded yet"

# A refusal shows in the status line, and the screen stays whole.
rm -f "$T/reports/progress-$NEW-2026-11-28.xlsx"
ln -s "$T/elsewhere.xlsx" "$T/reports/progress-$NEW-2026-11-28.xlsx"
tui_keys x
tui_expect "a symbolic link in the way is refused in the status line" "symbolic link; refusing to write through it"
expect "nothing was written through the link" test ! -e "$T/elsewhere.xlsx"
tui_expect "the screen is still the couple screen" "Partner A  Ana Lima"

tui_keys '?'
tui_expect "help lists x" "write the couple's progress report, a spreadsheet, into the current folder"
tui_expect "help lists X" "write the couple's one-page progress summary, a PDF they may see"
tui_expect "help lists E" "write the couple's whole record as a signed PDF"
tui_keys q
tui_finish "dyad quits cleanly after writing reports"
