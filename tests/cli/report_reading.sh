#!/usr/bin/env bash
# report_reading.sh: the couple report read as a person reads it: sessions
# numbered 1..N, what each scale means, homework adherence that counts a
# missing check-in as missing, a chart capped at 100% named for the
# partners, notes whose rows are tall enough, whole scores shown whole, and
# the practice and clinician on Summary. Read back with openpyxl.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

# xlsx PY_CODE FILE: runs Python with `wb` (openpyxl) bound for FILE.
xlsx() {
	"$PY" - "$2" <<EOF
import sys, datetime, math, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
$1
EOF
}

run config set practice.name "Harbour Couples Practice"
run config set clinician.name "Dr. Ines Lee"

# Another couple first, so this couple's session records do not start at 1.
run couple add "Earlier Pair" --partner Ana --partner Bo --intake 2026-01-02
run session add "$OUT" --date 2026-02-01T09:00
run session add 1 --date 2026-02-08T09:00

run couple add "Reading Pair" --partner Maya --partner Sam --intake 2026-03-01
CID=$OUT
# Entered out of date order: the numbers follow the dates, not the records.
run session add "$CID" --date 2026-03-10T10:00
S2=$OUT
run session add "$CID" --date 2026-03-03T10:00
S1=$OUT
run session add "$CID" --date 2026-03-17T10:00
S3=$OUT
run measure add calm "Felt calm" --min 0 --max 10 --cutoff 4
run measure "$S1" csi4 12 --partner a
run measure "$S2" csi4 15 --partner a
run measure "$S1" calm 6.5 --partner b
run rate "$S1" horsemen.contempt 2 --partner a
run rate "$S2" horsemen.contempt 1 --partner a

# Homework: a daily exercise given at the first session (due a week later),
# A reports 5 on the due day, B never does; a weekly one given at the third
# session (due two weeks later), nobody reports; one given today, not due;
# and one dropped.
run assign "$CID" attention-daily --session "$S1"
HW1=$OUT
run checkin "$HW1" --partner a --done 5 --date 2026-03-10
run assign "$CID" face-to-face-weekly --session "$S3"
run assign "$CID" appreciation-tally
# One called off: a dropped assignment never comes due, so it owes nothing.
run assign "$CID" attention-daily --session "$S2"
run assignment set "$OUT" --status dropped

# A long note, one paragraph of about 1,900 characters, and a short one.
"$PY" -c 'import sys; sys.stdout.write(" ".join(["Maya named the fear under the money talk."] * 45) + "\n")' >"$T/long.txt"
run note set "$S1" --file "$T/long.txt"
printf 'Short.\n' >"$T/short.txt"
run note set "$S3" --file "$T/short.txt"

run report "$CID" -o "$T/r.xlsx" --include-notes
expect_rc "the couple report is written" 0

# --- 1. sessions numbered per couple, never by record id ---------------------------
got=$(xlsx '
ws = wb["Sessions"]
print([r[1] for r in ws.iter_rows(min_row=2, values_only=True)])
print([r[0].strftime("%m-%d") for r in ws.iter_rows(min_row=2, values_only=True)])
ws = wb["Measures"]
print([(r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True) if r[1] is not None])
ws = wb["Notes"]
print([r[1] for r in ws.iter_rows(min_row=2, values_only=True)])' "$T/r.xlsx")
expect "Sessions numbers the couple's sessions 1..3 by date (records $S1, $S2, $S3)" \
	test "$(sed -n 1,2p <<<"$got")" = "[1, 2, 3]
['03-03', '03-10', '03-17']"
expect "Measures uses the same numbers" test "$(sed -n 3p <<<"$got")" = "[(1, 'A'), (1, 'B'), (2, 'A')]"
expect "Notes uses the same numbers" test "$(sed -n 4p <<<"$got")" = "[1, 3]"

# --- 2. what each scale means and which way is better ------------------------------
got=$(xlsx '
ws = wb["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
at = [i for i, r in enumerate(rows) if r[0] == "What the scales mean"][0]
print(rows[at + 1][:5])
for r in rows[at + 2:]:
    if r[0] is None: break
    print("|".join("" if v is None else str(v) for v in r[:5]))' "$T/r.xlsx")
expect "Summary heads a table of what the scales mean" \
	test "$(sed -n 1p <<<"$got")" = "['Scale', 'Runs over', 'Kind', 'Cutoff', 'Better']"
expect "CSI-4 runs 0..21, higher is better, cutoff 13.5" \
	grep -qx "CSI-4 relationship satisfaction|0..21|measure|13.5|higher is better" <<<"$got"
expect "a clinician's own measure gives its range and cutoff" \
	grep -qx "Felt calm|0..10|measure|4|higher is better" <<<"$got"
expect "contempt says what its ends mean and that lower is better" \
	grep -qx "Horsemen: contempt|0 none .. 3 pervasive|concept||lower is better" <<<"$got"
expect "only scales with values are described" test "$(sed -n '2,$p' <<<"$got" | wc -l)" = 3

# --- 3. adherence counts a missing check-in as missing, with coverage beside it -----
got=$(xlsx '
ws = wb["Summary"]
rows = [[c.value for c in r] for r in ws.iter_rows()]
at = [i for i, r in enumerate(rows) if r[0] == "Homework done"][0]
print(rows[at + 1][:6])
pct = lambda v: "-" if not isinstance(v, float) and not isinstance(v, int) else "%d%%" % round(v * 100)
for r in rows[at + 2:at + 5]: print(r[0], r[2], r[3], pct(r[4]), r[5])
print("missing" in (rows[at + 5][0] or ""))
ws = wb["Homework"]
vals = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, str)]
print([v for v in vals if v.startswith("Check-ins reported")])' "$T/r.xlsx")
expect "Summary's homework table has a column for the check-ins reported" \
	test "$(sed -n 1p <<<"$got")" = "['Who', 'Assignments', 'Done', 'Expected', 'Adherence', 'Check-ins reported']"
# Daily, 03-03 to 03-10: E = 7 each. Weekly, 03-17 to 03-31: E = 2 each.
# A: 5 of 7 + 0 of 2 = 5/9; B: nothing reported, 0/9. Reports: A 1 of 2, B 0 of 2.
expect "a partner who never reported counts 0 of what was due, not left out" \
	test "$(sed -n 2,4p <<<"$got")" = "Maya 5 9 56% 1 of 2 expected
Sam 0 9 0% 0 of 2 expected
Both partners 5 18 28% 1 of 4 expected"
expect "the dropped assignment is listed but owes nothing" \
	test "$(xlsx 'print([(r[5], r[7], r[10]) for r in wb["Homework"].iter_rows(min_row=2, max_row=5, values_only=True)])' "$T/r.xlsx")" = "[('assigned', 7, 7), ('dropped', None, None), ('assigned', 2, 2), ('assigned', None, None)]"
expect "the rule is stated under the table" test "$(sed -n 5p <<<"$got")" = True
expect "the Homework sheet says how many check-ins came" \
	test "$(sed -n 6p <<<"$got")" = "['Check-ins reported: 1 of 4 expected']"
run assignments "$CID" --json
expect "dyad assignments keeps its own reading: B has nothing known, not 0%" \
	test "$(json_get '[a["adherence"]["b"]["percent"] for a in d if a["id"] == '"$HW1"'][0]')" = None

# --- 4. the adherence chart: capped at 100%, series named for the partners ----------
charts=$(unzip -l "$T/r.xlsx" | grep -o 'xl/charts/chart[0-9]*\.xml')
bar=""
for c in $charts; do
	unzip -p "$T/r.xlsx" "$c" | grep -q '<c:barChart>' && bar=$c
done
expect "there is a homework chart" test -n "$bar"
unzip -p "$T/r.xlsx" "$bar" >"$T/bar.xml"
expect "its value axis stops at 100%" grep -q '<c:max val="1"/>' "$T/bar.xml"
got=$("$PY" - "$T/bar.xml" "$T/r.xlsx" <<'EOF'
import re, sys, openpyxl
xml = open(sys.argv[1]).read()
wb = openpyxl.load_workbook(sys.argv[2])
for ref in re.findall(r"<c:tx><c:strRef><c:f>([^<]*)</c:f>", xml):
    sheet, cell = ref.rsplit("!", 1)
    print(wb[sheet.strip("'")][cell.replace("$", "")].value)
EOF
)
expect "its series are named Maya and Sam" test "$got" = "Maya
Sam"

# --- 5. notes wrap, and their rows are tall enough for every line -------------------
got=$(xlsx '
ws = wb["Notes"]
width = ws.column_dimensions["E"].width
for r in range(2, ws.max_row + 1):
    c = ws.cell(r, 5)
    lines = sum(max(1, math.ceil(len(p) / width)) for p in c.value.rstrip("\n").split("\n"))
    h = ws.row_dimensions[r].height or 15
    print(c.alignment.wrap_text, lines, h >= 15 * lines, h <= 409)' "$T/r.xlsx")
expect "the long note wraps and its row holds all its lines" \
	test "$(sed -n 1p <<<"$got" | cut -d' ' -f1,3,4)" = "True True True"
expect "the long note takes more than one line" test "$(sed -n 1p <<<"$got" | cut -d' ' -f2)" -gt 1
expect "the short note's row is fine as it is" test "$(sed -n 2p <<<"$got")" = "True 1 True True"

# --- 6. whole scores shown whole; practice and clinician on Summary -----------------
got=$(xlsx '
ws = wb["Measures"]
head = [c.value for c in ws[1]]
csi, calm = head.index("CSI-4 relationship satisfaction") + 1, head.index("Felt calm") + 1
print(ws.cell(2, csi).value, ws.cell(2, csi).number_format, ws.cell(3, calm).value, ws.cell(3, calm).number_format)
ws = wb["Summary"]
v = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 12)}
print(v["Practice"], "/", v["Clinician"])' "$T/r.xlsx")
expect "a whole score shows as 12, a fraction as 6.5" test "$(sed -n 1p <<<"$got")" = "12 0 6.5 0.0"
expect "Summary names the practice and the clinician" \
	test "$(sed -n 2p <<<"$got")" = "Harbour Couples Practice / Dr. Ines Lee"
run config set practice.name ""
run report "$CID" -o "$T/unset.xlsx"
got=$(xlsx 'ws = wb["Summary"]; print(ws["A4"].value, ws["B4"].value)' "$T/unset.xlsx")
expect "an unset practice name says so" test "$got" = "Practice not set"
