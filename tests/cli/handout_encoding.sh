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
