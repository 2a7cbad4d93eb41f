#!/usr/bin/env bash
# report.sh: XLSX progress reports, read back with a real reader:
# Debian's openpyxl through /usr/bin/python3, the zip parts themselves, and
# LibreOffice when it is installed.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

# xlsx PY_CODE FILE: runs Python with `wb` (openpyxl, values) bound for FILE
# and prints what the code prints.
xlsx() {
	"$PY" - "$2" <<EOF
import sys, datetime, openpyxl, zipfile
wb = openpyxl.load_workbook(sys.argv[1])
$1
EOF
}

# --- a couple full of hostile text --------------------------------------------------
EVIL_COUPLE="=cmd|' /C calc'!A0"
run couple add "$EVIL_COUPLE" --partner "+1" --partner "-1" --intake 2026-01-05
CID=$OUT
run couple set "$CID" --pronouns-a "@SUM(A1)"
run measure add wellbeing '=HYPERLINK("http://example.invalid","click")' --min 0 --max 10 --cutoff 4
declare -a S
for w in 1 2 3 4; do
	run session add "$CID" --date "2026-03-0${w}T09:30" --minutes $((40 + w))
	S[$w]=$OUT
done
run session add "$CID" --date 2026-03-05T09:30 --attendance no-show
for w in 1 2 3 4; do
	run measure "${S[$w]}" csi4 $((10 + 2 * w)) --partner a
	run measure "${S[$w]}" csi4 $((15 - 2 * w)) --partner b
	run measure "${S[$w]}" wellbeing $((w + 1)) --partner a
done
run rate "${S[1]}" startup 2 --partner a
run rate "${S[2]}" meta 3
printf '@SUM(A1)\n-1+2\n+x\nZanzibarWord _x0041_ stays\n' >"$T/note1.txt"
run note set "${S[1]}" --file "$T/note1.txt"
# 40,000 characters in one note: more than a cell holds.
"$PY" -c 'import sys; sys.stdout.write(("Tällä " * 8000)[:40000])' >"$T/long.txt"
run note set "${S[2]}" --file "$T/long.txt"
# Control characters cannot be typed into a note, but a record written by
# other means may hold them; the report must still be valid.
sqlite3 "$DYAD_DB" "UPDATE note SET body = 'bell' || char(7) || ' escape' || char(27) || '[2J tab' || char(9) || 'end' WHERE session_id = ${S[3]}"

# Homework: two assignments given at the first session, check-ins later.
run assign "$CID" attention-daily --session "${S[1]}" --note "=HYPERLINK(\"http://x.invalid\") SecretHomeworkNote"
A1=$OUT
run assign "$CID" face-to-face-weekly --session "${S[2]}"
A2=$OUT
run checkin "$A1" --partner a --done 2 --of 3 --session "${S[4]}" --comment "@SecretCheckinComment"
run checkin "$A1" --partner b --done 1 --session "${S[4]}"
run checkin "$A2" --partner a --done 1 --session "${S[3]}"

cd "$T" || exit 1
run report "$CID"
expect_rc "report writes a couple's workbook" 0
DEFAULT="progress-$CID-2026-11-28.xlsx"
expect "it prints the file's name, dated today" test "$OUT" = "$DEFAULT"
expect "the report is mode 0600" test "$(stat -c %a "$DEFAULT")" = 600
expect "no temporary file is left beside it" test -z "$(find "$T" -maxdepth 1 -name '.progress-*')"

got=$(xlsx 'print(wb.sheetnames, [wb[s].sheet_state for s in wb.sheetnames])' "$DEFAULT")
expect "the sheets are Summary, Sessions, Measures, Homework and the hidden chart data" test "$got" = "['Summary', 'Sessions', 'Measures', 'Homework', 'Chart data'] ['visible', 'visible', 'visible', 'visible', 'hidden']"

got=$(xlsx '
ws = wb["Summary"]
v = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, 20)}
print(repr(v["Couple"].value), v["Couple"].data_type)
print(repr(v["Partner A"].value), repr(v["Partner B"].value))
print(type(v["Intake"].value).__name__, v["Intake"].value.date(), v["Intake"].number_format)
print(type(v["Sessions held"].value).__name__, v["Sessions held"].value, v["Sessions missed or cancelled"].value)' "$DEFAULT")
expect "a formula-like couple name comes back as literal text" test "$(sed -n 1p <<<"$got")" = "\"=cmd|' /C calc'!A0\" s"
expect "names starting with + - @ come back as literal text" test "$(sed -n 2p <<<"$got")" = "'+1 (@SUM(A1))' '-1'"
expect "the intake is a real date" test "$(sed -n 3p <<<"$got")" = "datetime 2026-01-05 yyyy-mm-dd"
expect "session counts are numbers: 4 held, 1 missed" test "$(sed -n 4p <<<"$got")" = "int 4 1"

got=$(xlsx '
ws = wb["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
latest = [r for r in rows if r[1] == "-1" and r[0] and r[0].startswith("CSI-4")][0]
print("%g %s %s %g" % (latest[2], latest[5], latest[6], latest[7]))
print(any(r[0] == "CSI-4 relationship satisfaction" and r[1] == "measure" for r in rows))' "$DEFAULT")
expect "Summary shows B's latest CSI-4 past the cutoff and worsening" test "$(sed -n 1p <<<"$got")" = "7 yes worsening -2"
expect "Summary lists CSI-4 among the partners moving apart" test "$(sed -n 2p <<<"$got")" = True

# Sessions: one row per session, values as numbers, compared with the database.
got=$(xlsx '
ws = wb["Sessions"]
head = [c.value for c in ws[1]]
rows = list(ws.iter_rows(min_row=2, values_only=True))
print(len(rows), type(rows[0][0]).__name__, ws.freeze_panes, ws.auto_filter.ref is not None)
for r in rows: print(r[0].strftime("%Y-%m-%dT%H:%M"), r[1], r[2], r[4], r[5])
print(head[6:], rows[0][6:])' "$DEFAULT")
# Sessions are numbered 1..N for the couple by date, not by record id.
want=$(sqlite3 -separator ' ' "$DYAD_DB" "SELECT s.starts_at, row_number() OVER (ORDER BY s.starts_at, s.id), s.minutes, s.attendance, n.status FROM session s JOIN note n ON n.session_id = s.id WHERE couple_id = $CID ORDER BY starts_at")
expect "Sessions has a row per session, dates as datetimes, a frozen, filtered header" test "$(sed -n 1p <<<"$got")" = "5 datetime B2 True"
expect "each session row matches the database" test "$(sed -n '2,6p' <<<"$got")" = "$want"
expect "each rated concept has a column per partner, with numbers" test "$(sed -n 7p <<<"$got")" = "['Startup (A)', 'Startup (B)', 'Going meta (couple)'] (2, None, None)"

# Measures: a row per session and partner, compared with the database.
got=$(xlsx '
ws = wb["Measures"]
print([c.value for c in ws[1]][:7])
for r in ws.iter_rows(min_row=2, values_only=True):
    print(r[1], r[2], r[4] if r[4] is not None else "", r[7] if r[7] is not None else "")' "$DEFAULT")
want=$(sqlite3 -separator ' ' "$DYAD_DB" "
	SELECT (SELECT count(*) FROM session o WHERE o.couple_id = s.couple_id AND (o.starts_at, o.id) <= (s.starts_at, s.id)), upper(p.partner),
	       coalesce((SELECT v.value FROM measure_value v JOIN measure m ON m.id = v.measure_id WHERE v.session_id = s.id AND v.partner = p.partner AND m.key = 'csi4'), ''),
	       coalesce((SELECT v.value FROM measure_value v JOIN measure m ON m.id = v.measure_id WHERE v.session_id = s.id AND v.partner = p.partner AND m.key = 'wellbeing'), '')
	FROM session s, (SELECT 'a' AS partner UNION ALL SELECT 'b') p
	WHERE s.couple_id = $CID AND EXISTS (SELECT 1 FROM measure_value v WHERE v.session_id = s.id AND v.partner = p.partner)
	ORDER BY s.starts_at, p.partner")
expect "the measure names head the columns, a formula-like one as text" test "$(sed -n 1p <<<"$got")" = "['Date', 'Session', 'Partner', 'Name', 'CSI-4 relationship satisfaction', 'Felt safety', 'Felt connection']"
expect "every score matches the database, session by session and partner by partner" test "$(sed -n '2,$p' <<<"$got" | sed 's/\.0\b//g')" = "$(sed 's/\.0\b//g' <<<"$want")"
got=$(xlsx 'print(repr(wb["Measures"].cell(1, 8).value), wb["Measures"].cell(1, 8).data_type)' "$DEFAULT")
expect "a clinician's formula-like measure name stays text" test "$got" = "'=HYPERLINK(\"http://example.invalid\",\"click\")' s"

# Homework: the figures are homework's own adherence (dyad assignments),
# the check-ins those in the database.
run assignments "$CID" --all --json
want_hw=$(json_get '"\n".join("%s %s %s %s %s %s" % (a["title"], a["adherence"]["a"]["done"], a["adherence"]["a"]["expected"], a["adherence"]["a"]["percent"], a["adherence"]["b"]["percent"], a["adherence"]["together"]["percent"]) for a in sorted(d, key=lambda a: (a["assigned_on"], a["id"])))')
got=$(xlsx '
ws = wb["Homework"]
print([c.value for c in ws[1]][:14])
rows = list(ws.iter_rows(min_row=2, max_row=3, values_only=True))
pct = lambda v: "None" if v is None else "%d" % round(v * 100)
for r in rows: print(r[2], r[6], r[7], pct(r[8]), pct(r[11]), pct(r[12]))
print(type(rows[0][0]).__name__, ws.cell(2, 9).number_format)
checkins = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], datetime.datetime)]
print(sum(r[3] for r in checkins), len(checkins))
print(any(isinstance(v, str) and "Secret" in v for r in ws.iter_rows(values_only=True) for v in r))' "$DEFAULT")
expect "the Homework sheet heads its columns" test "$(sed -n 1p <<<"$got")" = "['Assigned', 'Due', 'Exercise', 'Frequency', 'Minutes', 'Status', 'A: done', 'A: expected', 'A: adherence', 'B: done', 'B: expected', 'B: adherence', 'Both: adherence', 'Check-ins']"
# `dyad assignments` counts what was reported; the report, on 2026-11-28, also
# counts as missing what nobody reported by the due date (adherence.h):
# Ten Minutes (daily, 03-01 to 03-08): A 2 of 3 by day 3, then 4 days unreported,
# 2/7; B 1 by day 3, 1/7. Face-to-Face (weekly, 03-02 to 03-16): A 1 in week
# one, week two unreported, 1/2; B nothing, 0/2.
expect "dyad assignments keeps its own rule (what was reported)" test "$want_hw" = "Ten Minutes, Phones Away 2 3 67 33 50
Our Weekly Face-to-Face Conversation 1 1 100 None 100"
expect "each assignment's adherence counts a missing check-in as missing" test "$(sed -n 2,3p <<<"$got")" = "Ten Minutes, Phones Away 2 7 29 14 21
Our Weekly Face-to-Face Conversation 1 2 50 0 25"
expect "homework dates are dates and adherence a percentage" test "$(sed -n 4p <<<"$got")" = "datetime 0%"
expect "the check-ins listed are those in the database" test "$(sed -n 5p <<<"$got")" = "$(sqlite3 -separator ' ' "$DYAD_DB" "SELECT sum(done), count(*) FROM checkin c JOIN assignment a ON a.id = c.assignment_id WHERE a.couple_id = $CID")"
expect "the homework note and comments stay out without --include-notes" test "$(sed -n 6p <<<"$got")" = False
got=$(xlsx '
ws = wb["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
at = [i for i, r in enumerate(rows) if r[0] == "Homework done"][0]
for r in rows[at + 2:at + 5]: print(r[1], r[2], r[3], "%d" % round(r[4] * 100))' "$DEFAULT")
want=$(sqlite3 -separator ' ' "$DYAD_DB" "SELECT count(DISTINCT a.id), (SELECT sum(done) FROM checkin c JOIN assignment a2 ON a2.id = c.assignment_id WHERE a2.couple_id = $CID AND c.partner = 'a') FROM assignment a WHERE a.couple_id = $CID")
expect "Summary gives partner A's homework over all assignments" test "$(sed -n 1p <<<"$got" | cut -d' ' -f1,2)" = "$want"

charts=$(unzip -l "$DEFAULT" | grep -c 'xl/charts/chart[0-9]*\.xml')
expect "there is a native chart per measure with scores (CSI-4, the new one) and one for homework" test "$charts" = 3
expect "the homework chart is a column chart of both partners" test "$(unzip -p "$DEFAULT" xl/charts/chart3.xml | grep -c '<c:barChart>')" = 1
expect "the CSI-4 chart draws the cutoff as a third series" test "$(unzip -p "$DEFAULT" xl/charts/chart1.xml | grep -o '<c:ser>' | wc -l)" = 3
expect "charts are line charts" test "$(unzip -p "$DEFAULT" xl/charts/chart1.xml | grep -c '<c:lineChart>')" = 1
expect "no note text without --include-notes" test -z "$(unzip -p "$DEFAULT" | grep -a -o 'ZanzibarWord' | head -1)"
expect "a chart title refers to a cell; the typed text is never a chart formula" test -z "$(unzip -p "$DEFAULT" 'xl/charts/*' | grep -a -o '<c:f>[^<]*HYPERLINK' | head -1)"

# --- notes, only when asked -------------------------------------------------------------
run report "$CID" -o "$T/with-notes.xlsx" --include-notes
expect_rc "report --include-notes succeeds" 0
got=$(xlsx '
ws = wb["Notes"]
rows = list(ws.iter_rows(min_row=2, values_only=True))
print(len(rows))
first = [r for r in rows if r[4].startswith("@SUM")][0]
print(repr(first[4]))
long = [r for r in rows if "Tällä" in r[4]]
print(len(long), [r[3] for r in long])
print(long[0][4].endswith("\n[continued in the next row]"), long[1][4].startswith("[continued from the row above]\n"))
body = long[0][4][:-len("\n[continued in the next row]")] + long[1][4][len("[continued from the row above]\n"):]
print(len(body), max(len(r[4]) for r in rows) <= 32767)
open(sys.argv[1] + ".body", "w").write(body)
ctl = [r for r in rows if r[4].startswith("bell")][0]
print(repr(ctl[4]))' "$T/with-notes.xlsx")
expect "the Notes sheet holds the three notes, the long one in two rows" test "$(sed -n 1p <<<"$got")" = 4
# "_x0041_" is stored as "_x005F_x0041_", which readers turn back into the
# typed text instead of into "A" (see the LibreOffice check below too).
expect "note text starting with @, - and + (and an _xHHHH_ code) comes back literally" test "$(sed -n 2p <<<"$got")" = "'@SUM(A1)\\n-1+2\\n+x\\nZanzibarWord _x0041_ stays\\n'"
expect "the _xHHHH_ code is stored escaped" bash -c "unzip -p '$T/with-notes.xlsx' xl/sharedStrings.xml | grep -q -F 'ZanzibarWord _x005F_x0041_ stays'"
expect "a 40,000-character note is continued on a second row" test "$(sed -n 3p <<<"$got")" = "2 ['1 of 2', '2 of 2']"
expect "the continuation is marked at both ends" test "$(sed -n 4p <<<"$got")" = "True True"
expect "no cell exceeds 32,767 characters" test "$(sed -n 5p <<<"$got" | cut -d' ' -f2)" = True
expect "the two pieces together are the whole note" cmp -s "$T/with-notes.xlsx.body" "$T/long.txt"
expect "control characters are left out of the cell" test "$(sed -n 6p <<<"$got")" = "'bell escape[2J tab\\tend'"
got=$(xlsx '
ws = wb["Homework"]
vals = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
print([v for v in vals if "Secret" in v])' "$T/with-notes.xlsx")
expect "with --include-notes the homework note and comments come back literally" test "$got" = "['=HYPERLINK(\"http://x.invalid\") SecretHomeworkNote', '@SecretCheckinComment']"

# --- files: private, atomic, never through a link ------------------------------------------
echo "keep me" >"$T/target.txt"
ln -s "$T/target.txt" "$T/link.xlsx"
refused "a symbolic link as the output is refused" 1 "symbolic link" report "$CID" -o "$T/link.xlsx"
expect "the link's target is untouched" test "$(cat "$T/target.txt")" = "keep me"
mkdir -p "$T/dir.xlsx"
refused "a folder as the output is refused" 1 "output" report "$CID" -o "$T/dir.xlsx"
refused "an output not ending in .xlsx is refused" 1 "output" report "$CID" -o "$T/report.csv"
refused "an output in a missing folder is refused" 1 "output" report "$CID" -o "$T/nowhere/r.xlsx"
refused "a report for a missing couple is refused" 1 "couple" report 999 -o "$T/none.xlsx"
expect "a refused report leaves no file" test ! -e "$T/none.xlsx"
refused "report without a couple or --caseload is a usage error" 2 "missing argument COUPLE" report
refused "--caseload with a couple is a usage error" 2 "caseload" report "$CID" --caseload
refused "--include-notes with --caseload is a usage error" 2 "include-notes" report --caseload --include-notes
echo "old" >"$T/replace.xlsx"
chmod 644 "$T/replace.xlsx"
run report "$CID" -o "$T/replace.xlsx"
expect "an existing report is replaced, and becomes mode 0600" test "$(stat -c %a "$T/replace.xlsx")" = 600
expect "the replacement is a workbook" test "$(xlsx 'print(wb.sheetnames[0])' "$T/replace.xlsx")" = Summary

run report "$CID" -o "$T/again.xlsx"
expect "the same records on the same day give an identical file" cmp -s "$DEFAULT" "$T/again.xlsx"
expect "the creation time is the report date" test "$(xlsx 'print(wb.properties.created)' "$DEFAULT")" = "2026-11-28 00:00:00"

# --- the caseload -------------------------------------------------------------------------
export DYAD_DB="$T/demo.db"
run init --demo
run couple add "Late Arrivals" --partner "Ana" --partner "Bo" --intake 2026-11-27
run report --caseload -o "$T/caseload.xlsx"
expect_rc "report --caseload succeeds" 0
expect "the caseload is mode 0600" test "$(stat -c %a "$T/caseload.xlsx")" = 600
got=$(xlsx '
ws = wb["Caseload"]
print(wb.sheetnames, ws.freeze_panes, ws.auto_filter.ref)
head = [c.value for c in ws[4]]
rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
print(len(rows))
# In id order here: the rows are in order of who needs attention (caseload.sh).
for r in sorted(rows, key=lambda r: r[2]): print(r[2], r[7].strftime("%Y-%m-%d") if r[7] else "-", r[8], r[9], r[10])
i = head.index("CSI-4 relationship satisfaction (B)")
print(type(rows[0][6]).__name__, isinstance(rows[0][i], (int, float)))' "$T/caseload.xlsx")
# Columns through Z: the demo scores CSI-4, ORS and both self-ratings, and CSI-4 is drawn
# over time (a line and a trend word for each partner).
ncouples=$(sqlite3 "$DYAD_DB" 'SELECT count(*) FROM couple')
expect "the caseload has a frozen header and an autofilter" test "$(sed -n 1p <<<"$got")" = "['Caseload', 'Trend data'] B5 A4:Z$((ncouples + 4))"
expect "the caseload has one row per couple" test "$(sed -n 2p <<<"$got")" = "$ncouples"
want=$(sqlite3 -separator ' ' "$DYAD_DB" "
	SELECT c.id,
	       coalesce((SELECT substr(max(starts_at), 1, 10) FROM session WHERE couple_id = c.id AND planned = 0 AND attendance IN ('both', 'a-only', 'b-only') AND date(starts_at) <= '2026-11-28'), '-'),
	       (SELECT count(*) FROM session WHERE couple_id = c.id AND planned = 0 AND attendance IN ('both', 'a-only', 'b-only') AND date(starts_at) <= '2026-11-28' AND date(starts_at) > date('2026-11-28', '-90 days')),
	       (SELECT count(*) FROM session WHERE couple_id = c.id AND planned = 0 AND attendance IN ('both', 'a-only', 'b-only') AND date(starts_at) <= '2026-11-28'),
	       (SELECT count(*) FROM session WHERE couple_id = c.id AND planned = 0 AND attendance IN ('no-show', 'cancelled'))
	FROM couple c ORDER BY c.id")
expect "each couple's last session and session counts match the database" test "$(sed -n "3,$((ncouples + 2))p" <<<"$got")" = "$want"
expect "dates and scores in the caseload are real types" test "$(sed -n "$((ncouples + 3))p" <<<"$got")" = "datetime True"
got=$(xlsx '
ws = wb["Caseload"]
head = [c.value for c in ws[4]]
i = head.index("CSI-4 relationship satisfaction (B)")
for r in ws.iter_rows(min_row=5):
    if r[2].value == 3: print(r[i].value, r[i].font.b, r[-1].value)' "$T/caseload.xlsx")
want=$(sqlite3 "$DYAD_DB" "SELECT printf('%g', v.value) FROM measure_value v JOIN session s ON s.id = v.session_id JOIN measure m ON m.id = v.measure_id WHERE s.couple_id = 3 AND m.key = 'csi4' AND v.partner = 'b' ORDER BY s.starts_at DESC LIMIT 1")
expect "a couple's latest score matches the database and is marked past the cutoff" test "$(cut -d' ' -f1,2 <<<"$got")" = "$want True"
expect "the flags say the partners are moving apart" grep -q "partners moving apart on CSI-4" <<<"$got"
expect "the caseload is streamed (constant-memory mode writes inline strings)" test "$(unzip -p "$T/caseload.xlsx" xl/worksheets/sheet1.xml | grep -c 'inlineStr')" -ge 1
expect "the caseload never holds note text" test -z "$(unzip -p "$T/caseload.xlsx" | grep -a -o -E 'flooding|stonewall' | head -1)"
run report --caseload -o "$T/caseload2.xlsx"
expect "the same caseload on the same day gives an identical file" cmp -s "$T/caseload.xlsx" "$T/caseload2.xlsx"

# --- what a spreadsheet program makes of it ------------------------------------------------
export DYAD_DB="$T/lo.db"
run couple add "_x0041_ stays literal" --partner "=1+1" --partner "@x" --intake 2026-01-05
LID=$OUT
run report "$LID" -o "$T/literal.xlsx"
if command -v libreoffice >/dev/null 2>&1; then
	mkdir -p "$T/lo"
	# LibreOffice converts the first sheet, Summary, to CSV.
	HOME="$T/lo" timeout 300 libreoffice --headless --convert-to csv --outdir "$T/lo" "$T/literal.xlsx" >/dev/null 2>&1
	csv="$T/lo/literal.csv"
	expect "LibreOffice shows an escaped _x0041_ literally" grep -q -F "_x0041_ stays literal" "$csv"
	expect "LibreOffice reads =1+1 as text, not a formula" grep -q -F "=1+1" "$csv"
	expect "LibreOffice reads @x as text" grep -q -F "@x" "$csv"
else
	skip "LibreOffice shows an escaped _x0041_ literally" "libreoffice is not installed"
	skip "LibreOffice reads =1+1 as text, not a formula" "libreoffice is not installed"
	skip "LibreOffice reads @x as text" "libreoffice is not installed"
fi
