#!/usr/bin/env bash
# handout_encoding.sh: a handout whose text is all Windows-1252 characters
# is written with single-byte fonts (much quicker for libharu) and must look
# and read exactly like one written with the UTF-8 fonts other text needs.
. "$DYAD_SRC/tests/lib.sh"

pdftext() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n\f' '  ' | tr -s ' '
}
# The kinds of font the PDF uses (TrueType = single-byte, CID TrueType = UTF-8).
font_kinds() {
	pdffonts "$1" 2>/dev/null | tail -n +3 | grep -o -E 'CID TrueType|TrueType' | sort -u | tr '\n' ' '
}

run couple add "Zoë & Mónica" --partner "Zoë Ferreira" --partner "Mónica Müller" --intake 2026-09-01
CID=$OUT
run assign "$CID" attention-daily --due 2026-12-05 --note "Start small — ten minutes, not an hour… it’s worth €0 and a lot more."
AID=$OUT
run config set paper a4
run config set practice.contact "12 Mill Lane · 01422 555 014"
run handout "$AID" -o "$T/west.pdf"
expect_rc "a handout in Western European text is written" 0
expect "it uses single-byte TrueType fonts" test "$(font_kinds "$T/west.pdf")" = "TrueType "
text=$(pdftext "$T/west.pdf")
for s in "Zoë Ferreira" "Mónica Müller" "Start small — ten minutes, not an hour… it’s worth €0" \
	"12 Mill Lane · 01422 555 014" "Every day · about 10 minutes"; do
	expect "its text reads back exactly: $s" sh -c 'case "$1" in *"$2"*) exit 0 ;; esac; exit 1' _ "$text" "$s"
done

# The same handout with one character beyond Windows-1252, in the footer
# only: UTF-8 fonts, and the page above the footer is pixel for pixel the same.
run config set practice.contact "12 Mill Lane · 01422 555 014 · Łódź"
run handout "$AID" -o "$T/utf8.pdf"
expect_rc "a handout with a character beyond Windows-1252 is written" 0
expect "it uses UTF-8 (CID) fonts" test "$(font_kinds "$T/utf8.pdf")" = "CID TrueType "
expect "its footer reads back" sh -c 'pdftotext -enc UTF-8 "$1" - 2>/dev/null | grep -q "Łódź"' _ "$T/utf8.pdf"
# A4 at 100 dpi is 827 x 1169 pixels; the footer sits in the last 79.
pdftoppm -r 100 -png -x 0 -y 0 -W 827 -H 1090 "$T/west.pdf" "$T/west" 2>/dev/null
pdftoppm -r 100 -png -x 0 -y 0 -W 827 -H 1090 "$T/utf8.pdf" "$T/utf8" 2>/dev/null
expect "both fonts draw the same page above the footer" cmp -s "$T/west-1.png" "$T/utf8-1.png"

# --- lean font copies (reports/font_lean.c) ------------------------------------------
# The handouts above left lean copies of both faces in the cache folder
# (whole, and cut to Windows-1252 for the first handout), private like
# everything else dyad writes.
CACHE="$HOME/.cache/dyad/fonts"
expect "handouts keep lean copies of the two fonts in ~/.cache/dyad/fonts" \
	test "$(find "$CACHE" -name '*.ttf' -type f | wc -l)" -eq 4
expect "two of them are small Windows-1252 subsets" \
	test "$(find "$CACHE" -name '*.ttf' -type f -size -100k | wc -l)" -eq 2
expect "the font cache folder is private" test "$(stat -c %a "$CACHE")" = 700
expect "the lean copies are private" test -z "$(find "$CACHE" -type f ! -perm 600)"
expect "no temporary file is left in the font cache" test -z "$(find "$CACHE" -name '.font-*')"
# The same handout without a usable cache (XDG_CACHE_HOME under a file)
# reads the fonts themselves: larger, and pixel for pixel the same page.
run config set practice.contact "12 Mill Lane · 01422 555 014"
run handout "$AID" -o "$T/lean.pdf"
touch "$T/not-a-folder"
XDG_CACHE_HOME="$T/not-a-folder/cache" run handout "$AID" -o "$T/whole.pdf"
expect_rc "a handout is written when the cache folder cannot be made" 0
expect "the subset fonts make a file a fifth the size or less" \
	test "$(( $(stat -c %s "$T/lean.pdf") * 4 ))" -lt "$(stat -c %s "$T/whole.pdf")"
pdftoppm -r 100 -png "$T/lean.pdf" "$T/lean" 2>/dev/null
pdftoppm -r 100 -png "$T/whole.pdf" "$T/whole" 2>/dev/null
expect "lean and whole fonts draw the same page" cmp -s "$T/lean-1.png" "$T/whole-1.png"
# A copy cut short (a crash, a full disk) is made again, not used.
sizes() { stat -c '%n %s' "$CACHE"/*.ttf; }
before=$(sizes)
for f in "$CACHE"/*.ttf; do truncate -s 1000 "$f"; done
run handout "$AID" -o "$T/again.pdf"
run config set practice.contact "12 Mill Lane · 01422 555 014 · Łódź"
run handout "$AID" -o "$T/again-utf8.pdf"
expect_rc "a handout is written over damaged copies" 0
expect "damaged copies are made whole again" test "$(sizes)" = "$before"
pdftoppm -r 100 -png "$T/again.pdf" "$T/again" 2>/dev/null
expect "and the page is the same" cmp -s "$T/again-1.png" "$T/whole-1.png"

# --- the document's own title and author (pdfinfo) ----------------------------------
run config set practice.contact "12 Mill Lane · 01422 555 014"
run config set clinician.name "Dr Amara Rivera"
run handout "$AID" -o "$T/info-ascii.pdf"
expect "it is single-byte" test "$(font_kinds "$T/info-ascii.pdf")" = "TrueType "
expect "an ASCII author reads back from the document info" \
	sh -c 'pdfinfo "$1" 2>/dev/null | grep -q "^Author: *Dr Amara Rivera$"' _ "$T/info-ascii.pdf"
run config set clinician.name "Dr Zoë Ångström"
run handout "$AID" -o "$T/info-latin.pdf"
expect "with an accented author it is still single-byte" test "$(font_kinds "$T/info-latin.pdf")" = "TrueType "
expect "an accented author reads back from the document info" \
	sh -c 'pdfinfo -enc UTF-8 "$1" 2>/dev/null | grep -q "^Author: *Dr Zoë Ångström$"' _ "$T/info-latin.pdf"
expect "the title reads back from the document info" \
	sh -c 'pdfinfo -enc UTF-8 "$1" 2>/dev/null | grep -q "^Title: *Ten Minutes"' _ "$T/info-latin.pdf"

# --- UTF-8 text reads back cleanly; large print; the document's language ---------
# libharu's own ToUnicode map for UTF-8 fonts is one PDF readers reject
# ("Invalid 'begincidrange' operator"); ours is read without a complaint.
expect "a UTF-8 handout's ToUnicode map is read without complaint" \
	sh -c 'test -z "$(pdftotext "$1" - 2>&1 >/dev/null)"' _ "$T/utf8.pdf"
run handout "$AID" -o "$T/normal.pdf"
run handout "$AID" -o "$T/large.pdf" --large
expect_rc "a large-print handout is written" 0
# The middle height of the words on the first page, in points.
word_height() {
	pdftotext -f 1 -l 1 -bbox "$1" - 2>/dev/null | python3 -c 'import re, sys
h = sorted(float(m[3]) - float(m[1]) for m in re.findall(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\"", sys.stdin.read()))
print(int(h[len(h) // 2] * 100))'
}
normal_h=$(word_height "$T/normal.pdf")
large_h=$(word_height "$T/large.pdf")
expect "large print's type is half as large again ($normal_h -> $large_h)" \
	test "$(( large_h * 10 ))" -ge "$(( normal_h * 14 ))"
expect "large print flows on to another page" \
	test "$(pdfinfo "$T/large.pdf" | awk '/^Pages:/ { print $2 }')" -gt \
	"$(pdfinfo "$T/normal.pdf" | awk '/^Pages:/ { print $2 }')"
# Everything still fits inside the page (A4: 595 points wide, 842 high).
expect "every word of the large print stays inside the page" sh -c 'pdftotext -bbox "$1" - 2>/dev/null |
	python3 -c "import re, sys
w = re.findall(r\"xMin=.([\\d.]+). yMin=.([\\d.]+). xMax=.([\\d.]+). yMax=.([\\d.]+).\", sys.stdin.read())
sys.exit(0 if w and all(float(a) >= 20 and float(c) <= 575 and float(b) >= 20 and float(d) <= 822 for a, b, c, d in w) else 1)"' _ "$T/large.pdf"
expect "and all of its text is there" sh -c 'pdftotext "$1" - | grep -q "Fri 4 Dec" &&
	pdftotext "$1" - | grep -q "Please bring this sheet"' _ "$T/large.pdf"
qpdf --qdf --object-streams=disable "$T/large.pdf" "$T/large-qdf.pdf" 2>/dev/null
expect "the catalog gives the document's language (/Lang)" grep -a -q "^  /Lang (en)$" "$T/large-qdf.pdf"
expect "readers are asked to show the document's title" grep -a -q "/DisplayDocTitle true" "$T/large-qdf.pdf"
