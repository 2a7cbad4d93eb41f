#!/usr/bin/env bash
# caseload.sh: the caseload workbook puts the couples who need attention
# first and says why, prints one page wide with its header on every page,
# spells out its date and draws each partner's main scores over time. Read
# back with openpyxl and from the sheet's own XML.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

# openpyxl warns that it would drop the sparklines on saving; the tests only read.
export PYTHONWARNINGS="ignore:Sparkline Group extension:UserWarning"

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
# A paused couple has no new scores because it is paused: it goes after every
# active couple, whatever it is flagged for, and keeps its reason.
run couple set Foxtrot --status paused
run report --caseload -o "$T/paused.xlsx"
expect "a paused couple comes after the active ones, its reason still shown" \
	test "$(xlsx 'print([(r[0], r[1] or "") for r in rows][-3:])' "$T/paused.xlsx")" = "[('Able', ''), ('Alpha', ''), ('Foxtrot', 'no scores yet')]"
run couple set Foxtrot --status active
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
# Each partner has a column for the line (an Excel sparkline drawn in an
# empty cell) and one for the trend in a word, which every reader shows.
got=$(xlsx '
a = head.index("CSI-4 relationship satisfaction over time (A)")
print(head[a + 1], "|", head[a + 2], "|", head[a + 3])
for r in rows:
    if r[0] in ("Delta", "Echo", "Foxtrot", "Able"): print(r[0], r[a], r[a + 1], r[a + 2], r[a + 3])' "$T/c.xlsx")
want="CSI-4 relationship satisfaction trend (A) | CSI-4 relationship satisfaction over time (B) | CSI-4 relationship satisfaction trend (B)
Delta None improving None worsening
Echo None too few values None None
Foxtrot None None None None
Able None steady None steady"
expect "each partner's line cell is left to the sparkline and their trend is a word beside it" \
	test "$got" = "$want"

# A partner with more scores than a line draws: the latest 24, in order.
couple "India" "Yan" "Zed"
for ((d = 0; d < 26; d++)); do
	run session add "$CID" --date "$(date -d "2026-09-01 + $d days" +%F)T10:00"
	run measure "$OUT" csi4 $(((d * 5) % 22)) --partner a
done
run report --caseload -o "$T/s.xlsx"
expect_rc "a caseload with a partner of 26 scores is written" 0
expect "the workbook is a sound zip" sh -c 'unzip -tq "$1" >/dev/null' sh "$T/s.xlsx"
expect "no working file is left beside the report" test -z "$(ls -A "$T" | grep '^\.dyad-')"

# The sheet's own XML: the extension is the worksheet's last element, and
# each group's children come in the order Excel requires.
got=$("$PY" - "$T/s.xlsx" <<'EOF'
import sys, zipfile, xml.etree.ElementTree as ET
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))
name = lambda e: e.tag.split("}")[1]
print("last:", name(root[-1]), "of", len(root))
ext = [e for e in root[-1] if e.get("uri") == "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"]
print("extensions:", len(ext))
for g in ext[0].iter("{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}sparklineGroup"):
    print(g.get("manualMin"), g.get("manualMax"), g.get("minAxisType"), " ".join(name(c) for c in g))
EOF
)
want="extLst
extensions: 1
0 21 custom colorSeries colorNegative colorAxis colorMarkers colorFirst colorLast colorHigh colorLow sparklines
0 21 custom colorSeries colorNegative colorAxis colorMarkers colorFirst colorLast colorHigh colorLow sparklines"
expect "the sparkline groups are the worksheet's last element, in Excel's order, on CSI-4's 0..21 axis" \
	test "$(sed 's/^last: \([a-zA-Z]*\) of.*/\1/' <<<"$got")" = "$want"

# Every line against the records: its cell is on the right couple's row, in
# that partner's column; its range on Trend data is that partner's row and
# holds their latest 24 CSI-4 scores, oldest first, as numbers; a partner
# without scores has no line.
got=$("$PY" - "$T/s.xlsx" "$DYAD_DB" <<'EOF'
import re, sqlite3, sys, zipfile, xml.etree.ElementTree as ET
import openpyxl
from openpyxl.utils import column_index_from_string
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
path, db = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
ws, td = wb["Caseload"], wb["Trend data"]
head = [c.value for c in ws[4]]
want = {}
for cid, partner, value in sqlite3.connect(db).execute(
        "SELECT s.couple_id, v.partner, v.value FROM measure_value v"
        " JOIN session s ON s.id = v.session_id JOIN measure m ON m.id = v.measure_id"
        " WHERE m.key = 'csi4' ORDER BY s.starts_at, s.id"):
    want.setdefault((cid, partner.upper()), []).append(value)
root = ET.fromstring(zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml"))
seen, problems = set(), []
for line in root.iter(X14 + "sparkline"):
    f, at = line.find(XM + "f").text, line.find(XM + "sqref").text
    col, row = re.fullmatch(r"([A-Z]+)(\d+)", at).groups()
    col, row = column_index_from_string(col), int(row)
    who = re.fullmatch(r".* over time \(([AB])\)", head[col - 1])
    cid = ws.cell(row, 3).value
    m = re.fullmatch(r"'Trend data'!([A-Z]+)(\d+):([A-Z]+)(\d+)", f)
    if not who or not m or m.group(2) != m.group(4) or ws.cell(row, col).value is not None:
        problems.append(f"{at}: {f} is not a line in an empty 'over time' cell on one row")
        continue
    p, trow = who.group(1), int(m.group(2))
    if td.cell(trow, 2).value != cid or not str(td.cell(trow, 3).value).startswith(p + ": "):
        problems.append(f"{at}: {f} is not couple {cid}'s partner {p}")
    values = [td.cell(trow, c).value for c in range(column_index_from_string(m.group(1)),
                                                     column_index_from_string(m.group(3)) + 1)]
    if values != want.get((cid, p), [])[-24:] or not all(isinstance(v, (int, float)) for v in values):
        problems.append(f"{at}: {f} holds {values}, not {want.get((cid, p))}")
    seen.add((cid, p))
if seen != set(want):
    problems.append(f"lines for {sorted(seen)}, scores for {sorted(want)}")
print("\n".join(problems) or f"{len(seen)} lines")
EOF
)
expect "each line draws its own partner's latest 24 scores in order, and no line is without scores" \
	test "$got" = "16 lines"

got=$("$PY" - "$T/s.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws, td = wb["Caseload"], wb["Trend data"]
order = [r[2] for r in ws.iter_rows(min_row=5, values_only=True)]
pairs = [r[1:3] for r in td.iter_rows(min_row=5, values_only=True)]
print(wb.sheetnames, [wb[s].sheet_state for s in wb.sheetnames], td["D4"].value)
print([c for c, _ in pairs] == [cid for cid in order for _ in "AB"],
      [w[:2] for _, w in pairs] == ["A:", "B:"] * len(order))
india = 5 + 2 * order.index(max(order))
print(list(next(td.iter_rows(min_row=india, max_row=india, values_only=True)))[:5])
EOF
)
want="['Caseload', 'Trend data'] ['visible', 'visible'] Scores, oldest first
True True
['India', $CID, 'A: Yan', 10, 15]"
expect "Trend data is a labelled sheet, two rows a couple in the Caseload's order" test "$got" = "$want"

run report --caseload -o "$T/s2.xlsx"
expect "the same records on the same day give an identical caseload" cmp -s "$T/s.xlsx" "$T/s2.xlsx"

# LibreOffice (7.4 and later) draws the lines: the page it prints shows
# partner A's blue and partner B's orange, which the same workbook without
# its sparklines does not. LibreOffice is not needed to build or test dyad.
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	mkdir -p "$T/lo"
	"$PY" - "$T/s.xlsx" "$T/lo/plain.xlsx" <<'EOF'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as out:
    for item in src.infolist():
        data = src.read(item)
        if item.filename == "xl/worksheets/sheet1.xml":
            data = re.sub(rb"<extLst>.*</extLst>", b"", data, flags=re.S)
        out.writestr(item, data)
EOF
	cp "$T/s.xlsx" "$T/lo/lines.xlsx"
	timeout 180 soffice -env:UserInstallation="file://$T/lo/profile" --headless --convert-to pdf \
		--outdir "$T/lo" "$T/lo/lines.xlsx" "$T/lo/plain.xlsx" >/dev/null 2>&1
	# colours PDF: how many pixels of page 1 are near partner A's and B's colours.
	colours() {
		pdftoppm -r 100 -f 1 -l 1 "$1" "$T/lo/page" && "$PY" - "$T"/lo/page*.ppm <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(b"\n", 3)  # P6, size, depth, pixels (pdftoppm writes no comments)
px = parts[3]
near = lambda r, g, b, c: abs(r - c[0]) + abs(g - c[1]) + abs(b - c[2]) < 60
a = b = 0
for i in range(0, len(px) - 2, 3):
    r, g, bl = px[i], px[i + 1], px[i + 2]
    a += near(r, g, bl, (0x1F, 0x77, 0xB4))
    b += near(r, g, bl, (0xD9, 0x5F, 0x02))
print(a, b)
EOF
		rm -f "$T"/lo/page*.ppm
	}
	if [ -s "$T/lo/lines.pdf" ] && [ -s "$T/lo/plain.pdf" ]; then
		read -r a b <<<"$(colours "$T/lo/lines.pdf")"
		read -r a0 b0 <<<"$(colours "$T/lo/plain.pdf")"
		echo "# pixels in A's and B's colours: $a and $b with the lines, $a0 and $b0 without"
		expect "LibreOffice draws each partner's lines in their colour" \
			test "${a:-0}" -ge 10 -a "${b:-0}" -ge 10 -a "${a0:-1}" -eq 0 -a "${b0:-1}" -eq 0
	else
		not_ok "LibreOffice draws each partner's lines in their colour" "soffice made no PDF"
	fi
else
	skip "LibreOffice draws each partner's lines in their colour" "soffice or pdftoppm is not installed"
fi
