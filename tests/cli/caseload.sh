#!/usr/bin/env bash
# caseload.sh: the caseload workbook puts the couples who need attention
# first and says why, prints one page wide with its header on every page,
# spells out its date and draws each partner's main scores over time. Read
# back with openpyxl and from the sheet's own XML.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

# xlsx PY_CODE FILE: runs Python with `ws` (openpyxl) bound to the Caseload sheet.
xlsx() {
	"$PY" - "$2" <<EOF
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Caseload"]
head = [c.value for c in ws[4]]
rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
$1
EOF
}

# couple NAME A B: a couple, its id in $CID.
couple() {
	run couple add "$1" --partner "$2" --partner "$3" --intake 2026-09-01
	CID=$OUT
}

# sessions N: N held sessions of $CID a week apart from 2026-10-01, ids in S[].
declare -a S
sessions() {
	S=()
	for ((w = 1; w <= $1; w++)); do
		run session add "$CID" --date "$(date -d "2026-10-01 + $((7 * (w - 1))) days" +%F)T10:00"
		S[$w]=$OUT
	done
}

# steady: the same CSI-4 for both partners in every session of S[].
steady() {
	for s in "${S[@]}"; do
		run measure "$s" csi4 15 --partner a
		run measure "$s" csi4 15 --partner b
	done
}

couple "Able" "Ann" "Bea"
sessions 4
steady
couple "Alpha" "Cy" "Di"
sessions 4
steady
couple "Bravo" "Eve" "Sam"
sessions 4
steady
run safety add "$CID" --partner a --date 2026-10-01 --method interview --result concern
for i in 1 2 3 4; do run measure "${S[$i]}" ors $((32 - 3 * i)) --partner b; done
couple "Charlie" "Maya" "Noor"
sessions 4
steady
for i in 1 2 3 4; do run measure "${S[$i]}" ors $((32 - 3 * i)) --partner a; done
couple "Delta" "Ola" "Pip"
sessions 4
for i in 1 2 3 4; do
	run measure "${S[$i]}" csi4 $((3 * i)) --partner a
	run measure "${S[$i]}" csi4 $((15 - 3 * i)) --partner b
done
couple "Echo" "Quin" "Rae"
sessions 5
run measure "${S[1]}" csi4 15 --partner a
couple "Foxtrot" "Sol" "Tam"
sessions 2
couple "Golf" "Uma" "Vic"
sessions 4
steady
run safety add "$CID" --partner b --date 2026-10-01 --method interview --result concern
run safety add "$CID" --partner b --date 2026-10-08 --method interview --result severe
# A safety alert (alerts.h): Wyn's felt safety at 2 of 10 in the latest session.
couple "Hotel" "Wyn" "Xan"
sessions 4
steady
run measure "${S[4]}" felt_safety 2 --partner a

run report --caseload -o "$T/c.xlsx"
expect_rc "the caseload is written" 0

# --- who needs attention first ------------------------------------------------------
got=$(xlsx 'print(head[:2]); [print(r[0], "|", r[1] or "") for r in rows]' "$T/c.xlsx")
want="['Couple', 'Needs attention']
Golf | safety screen: severe
Bravo | safety screen: concern; ORS outcome rating worsening (Sam)
Hotel | 1 safety alert
Charlie | ORS outcome rating worsening (Maya)
Delta | partners moving apart on CSI-4 relationship satisfaction
Echo | no scores in the last 4 sessions
Foxtrot | no scores yet
Able | 
Alpha | "
expect "couples are ranked by who needs attention first, then by name, each with why" \
	test "$got" = "$want"
# A later screening takes the earlier one's place: severe is Golf's, not concern.
expect "a couple with nothing to see has an empty Needs attention cell" \
	test "$(xlsx 'print([r[1] for r in rows if r[0] == "Able"])' "$T/c.xlsx")" = "[None]"

# Whole scores read as whole numbers, as on the couple report.
expect "a whole score in the caseload shows as 15, not 15.0" test "$(xlsx '
col = head.index("CSI-4 relationship satisfaction (A)")
print(sorted({r[col].number_format for r in ws.iter_rows(min_row=5) if r[col].value == 15}))' "$T/c.xlsx")" = "['0']"

# --- printed one page wide, header on every page ----------------------------------------
unzip -p "$T/c.xlsx" xl/worksheets/sheet1.xml >"$T/sheet1.xml"
sheet=$(cat "$T/sheet1.xml")
book=$(unzip -p "$T/c.xlsx" xl/workbook.xml)
expect "the caseload prints landscape" grep -q 'orientation="landscape"' <<<"$sheet"
expect "the caseload is fitted to pages" grep -q '<pageSetUpPr fitToPage="1"/>' <<<"$sheet"
expect "one page wide, as many pages tall as it needs" \
	grep -q -E '<pageSetup [^>]*fitToHeight="0"' <<<"$sheet"
expect "the width is not left free" sh -c '! grep -q "fitToWidth=\"0\""' <<<"$sheet"
expect "no fixed print scale fights the fitting" sh -c '! grep -q "scale=" ' <<<"$sheet"
expect "the header row repeats on every printed page" \
	grep -q "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Caseload!\$4:\$4</definedName>" <<<"$book"
expect "without a paper setting the spreadsheet program picks the paper" \
	sh -c '! grep -q "paperSize=" ' <<<"$sheet"
run config set paper a4
run report --caseload -o "$T/a4.xlsx"
expect "the practice's paper setting a4 is the caseload's paper" \
	grep -q 'paperSize="9"' <<<"$(unzip -p "$T/a4.xlsx" xl/worksheets/sheet1.xml)"
run config set paper letter
run report --caseload -o "$T/letter.xlsx"
expect "the practice's paper setting letter is the caseload's paper" \
	grep -q 'paperSize="1"' <<<"$(unzip -p "$T/letter.xlsx" xl/worksheets/sheet1.xml)"

# Overlapping <col> ranges make Excel "repair" the file.
expect "no two column ranges overlap" "$PY" -c '
import re, sys
cols = [tuple(map(int, m)) for m in re.findall(r"<col min=\"(\d+)\" max=\"(\d+)\"", open(sys.argv[1]).read())]
sys.exit(any(b[0] <= a[1] for a, b in zip(cols, cols[1:])) or not cols)' "$T/sheet1.xml"

# --- the report date -----------------------------------------------------------------
got=$(xlsx 'c = ws["B2"]; print(c.value, c.number_format, "B2:C2" in [str(r) for r in ws.merged_cells.ranges])' "$T/c.xlsx")
expect "the report date is a real date, spelled out across two columns" \
	test "$got" = "2026-11-28 00:00:00 d mmmm yyyy True"

# --- each partner's main scores over time -----------------------------------------------
got=$(xlsx '
a = head.index("CSI-4 relationship satisfaction over time (A)")
print(head[a + 1])
for r in rows:
    if r[0] in ("Delta", "Echo", "Foxtrot"): print(r[0], r[a], r[a + 1])' "$T/c.xlsx")
want="CSI-4 relationship satisfaction over time (B)
Delta ▂▃▄▅ ▅▄▃▂
Echo ▆ None
Foxtrot None None"
expect "each partner's CSI-4 scores are drawn over time in a cell of their own" test "$got" = "$want"
