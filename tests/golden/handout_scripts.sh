#!/usr/bin/env bash
# handout_scripts.sh: handouts for couples whose names are written in
# Japanese, Chinese, Korean, Hebrew, Arabic and Devanagari. The text a PDF
# reader extracts is compared with tests/golden/handout_scripts/ (bidi
# marks that pdftotext adds around right-to-left runs removed with the
# extra space beside them); the pages were checked by eye
# when the goldens were made (pdftoppm -r 60 -png). Regenerate with
#   DYAD_GOLDEN_UPDATE=1 DYAD_TEST_ONLY=handout_scripts make test
. "$DYAD_SRC/tests/lib.sh"

GOLDEN="$DYAD_SRC/tests/golden/handout_scripts"
extract() {
	pdftotext -enc UTF-8 -nopgbrk "$1" - 2>/dev/null |
		python3 -c 'import sys, re
t = sys.stdin.read()
t = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", t)
sys.stdout.write(re.sub(" +", " ", t))'
}
# Which fonts a PDF embeds, without libharu's subset tags.
fonts_of() {
	pdffonts "$1" 2>/dev/null | tail -n +3 | awk '{ print $1 }' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '
}
golden() { # name file
	if [ "${DYAD_GOLDEN_UPDATE:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$2" "$GOLDEN/$1.txt"
		skip "the $1 handout's text matches tests/golden" "updated"
	elif diff -u "$GOLDEN/$1.txt" "$2" >"$T/diff"; then
		ok "the $1 handout's text matches tests/golden"
	else
		not_ok "the $1 handout's text matches tests/golden" "$(head -n 20 "$T/diff")"
	fi
}
handout_for() { # name partner-a partner-b
	run couple add "$1" --partner "$2" --partner "$3" --intake 2026-09-01
	local cid=$OUT
	run assign "$cid" attention-daily --due 2026-12-05
	run handout "$OUT" -o "$T/$1.pdf" --paper a4
}

run config set practice.name "Riverside Couples Practice"

# Chinese, Japanese, Korean: drawn from the CJK font fontconfig offers.
handout_for cjk "山田 花子" "李小龙"
expect_rc "a handout with Japanese and Chinese names is written" 0
expect "it needs no warning about missing characters" test -z "$ERR"
extract "$T/cjk.pdf" >"$T/cjk.txt"
golden cjk "$T/cjk.txt"
expect "the names read back exactly" grep -q "For 山田 花子 and 李小龙" "$T/cjk.txt"
expect "the CJK characters come from WenQuanYi Micro Hei" \
	sh -c 'case "$1" in *WenQuanYiMicroHei*) exit 0 ;; esac; exit 1' _ "$(fonts_of "$T/cjk.pdf")"
expect "pdftotext reads it without a ToUnicode complaint" \
	sh -c '! pdftotext "$1" - 2>&1 >/dev/null | grep -q .' _ "$T/cjk.pdf"
# Ink where each name is drawn: 花 and 李 are composite glyphs, whose parts
# libharu leaves out when it embeds from a collection (.ttc): they came
# out blank before the font was copied out of the collection.
ink() { # pdf word: the share of dark pixels in the word's box, in thousandths
	pdftotext -f 1 -l 1 -bbox "$1" - 2>/dev/null | python3 -c 'import re, sys, subprocess
word, pdf = sys.argv[1], sys.argv[2]
for m in re.finditer(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\" xMax=\"([\d.]+)\" yMax=\"([\d.]+)\">([^<]*)</word>", sys.stdin.read()):
    if m.group(5) != word:
        continue
    x0, y0, x1, y1 = (float(v) * 100 / 72 for v in m.groups()[:4])
    img = subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "100", "-gray", "-x", str(int(x0)), "-y", str(int(y0)),
        "-W", str(max(1, int(x1 - x0))), "-H", str(max(1, int(y1 - y0))), pdf], capture_output=True).stdout
    parts = img.split(b"\n", 3)
    pixels = parts[3]
    print(sum(1 for v in pixels if v < 160) * 1000 // max(1, len(pixels)))
    break
else:
    print(0)' "$2" "$1"
}
for word in 山田 花子 李小龙; do
	expect "the name $word is drawn with ink, not blank" test "$(ink "$T/cjk.pdf" "$word")" -gt 80
done

handout_for korean "김민지" "박서준"
extract "$T/korean.pdf" >"$T/korean.txt"
golden korean "$T/korean.txt"
expect "Korean names read back exactly" grep -q "For 김민지 and 박서준" "$T/korean.txt"

# Hebrew and Arabic: reversed, Arabic joined; they read back in logical order.
handout_for rtl "דנה כהן" "ليلى حسن"
expect_rc "a handout with Hebrew and Arabic names is written" 0
extract "$T/rtl.pdf" >"$T/rtl.txt"
golden rtl "$T/rtl.txt"
# (pdftotext moves the space beside a right-to-left run to its other side.)
expect "the Hebrew name reads back in its own order" grep -E -q "^For דנה כהן ?and" "$T/rtl.txt"
expect "the Arabic name reads back in its own order" grep -q "and ليلى حسن$" "$T/rtl.txt"
# The Arabic name is drawn in its joining forms (Presentation Forms-B),
# leftmost glyph first: final noon, medial seen, initial hah; final alef
# maksura, medial lam, medial yeh, initial lam. The page draws those codes.
qpdf --qdf --object-streams=disable "$T/rtl.pdf" "$T/rtl-qdf.pdf" 2>/dev/null
expect "the Arabic name is drawn joined, right to left" \
	grep -a -q "<0046006f00720020[0-9a-f]*fee6feb4fea30020fef0fee0fef4fedf" "$T/rtl-qdf.pdf"
# and reads back as the letters written, the lam-alef ligature included.
handout_for ligature "سلام لا" "Sam Lee"
expect "a lam-alef ligature reads back as lam and alef" \
	sh -c 'pdftotext -enc UTF-8 "$1" - 2>/dev/null | grep -q "سلام لا"' _ "$T/ligature.pdf"

# Devanagari needs shaping libharu cannot do: refused, the field named.
handout_for devanagari "देवी शर्मा" "Arjun Rao"
expect_rc "a handout with a Devanagari name is refused" 1
expect_err "the refusal names the field and the script" "the first partner's name is written in Devanagari"
expect "no file is written" test ! -e "$T/devanagari.pdf"

# A name in a script no installed font has (Ol Chiki, for Santali): refused,
# the characters listed, nothing written.
handout_for olchiki "ᱚᱞ ᱪᱤᱠᱤ" "Arjun Rao"
expect_rc "a handout with a name no installed font covers is refused" 1
expect_err "the refusal names the field and the characters" \
	"the first partner's name has characters no installed font can print: ᱚ (U+1C5A)"
expect "no file is written for it" test ! -e "$T/olchiki.pdf"
