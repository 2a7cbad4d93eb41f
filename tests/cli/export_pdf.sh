#!/usr/bin/env bash
# export_pdf.sh: export --couple --pdf writes one couple's whole record as a
# PDF a person reads (read back with pdftotext, checked with qpdf), signed
# like the JSON export; dyad verify accepts it whole, says what it holds,
# and refuses it changed in any way.
. "$DYAD_SRC/tests/lib.sh"

pdftext() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null
}
# has FILE TEXT: the PDF's text holds TEXT (lines joined, so wrapping does not matter).
has() {
	pdftext "$1" | tr '\n\f' '  ' | tr -s ' ' | grep -q -F -- "$2"
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run couple add "Lindqvist & Haddad" --partner Ingrid --partner Samir --intake 2026-09-01
OTHER=$OUT
run intake "$CID" --concerns "Money arguments that escalate" --history "Together nine years" \
	--goal-a improve --goal-b clarify --confidentiality no-secrets --referral "their GP"
run session add "$CID" --date 2026-10-01T09:00
S1=$OUT
printf 'Joint note alpha: they listened to each other.\nSecond line of the note.\n' >"$T/note1"
run note set "$S1" --file "$T/note1"
run rate "$S1" startup 4 --partner a
run measure "$S1" csi4 12.5 --partner b
run note sign "$S1"
printf 'Addendum text bravo: the date was wrong.\n' >"$T/add1"
run note addendum "$S1" --file "$T/add1"
expect_rc "the addendum is saved" 0
run session add "$CID" --date 2026-10-08T09:00 --attendance a-only
S2=$OUT
printf 'Individual note charlie: what Maya said alone.\n' >"$T/note2"
run note set "$S2" --file "$T/note2"
run assign "$CID" attention-daily --due 2026-10-15 --session "$S1"
AID=$OUT
run checkin "$AID" --partner a --done 5 --of 7 --comment "Checkin comment delta" --date 2026-10-07
expect_rc "the check-in is saved" 0
cat >"$T/plan.txt" <<'EOP'
Problems:
- Plan problem echo

Goals:
- Raise money worries softly

Objectives:
- csi4 >= 13.5 both partners

Interventions:
- Softened startup rehearsal
EOP
run plan "$CID" --file "$T/plan.txt"
expect_rc "the plan is saved" 0
run safety add "$CID" --partner a --date 2026-10-01 --method "screening-text-xyzzy" --result concern
run session add "$OTHER" --date 2026-10-02T07:00
printf 'Lindqvist note: not for the other couple.\n' >"$T/note3"
run note set "$OUT" --file "$T/note3"

F="$T/okafor.pdf"
run export --couple "$CID" --pdf -o "$F"
expect_rc "export --couple --pdf succeeds" 0
expect_out "it says where the file went" "$F"
expect "the PDF is mode 0600" test "$(stat -c %a "$F")" = 600
expect "qpdf finds the PDF sound, signature lines and all" qpdf --check "$F"
expect "pdfinfo reads it" bash -c "pdfinfo '$F' | grep -q '^Pages:'"
for s in "Okafor & Reyes" "Maya Okafor" "Daniel Reyes" "Joint note alpha: they listened to each other." \
	"Second line of the note." "Addendum text bravo" "Session 1, 2026-10-01 at 09:00" \
	"Session 2, 2026-10-08 at 09:00" "Money arguments that escalate" "Checkin comment delta" \
	"Plan problem echo" "Maya Okafor 4" "Daniel Reyes 12.5" "signed by" "page 1 of" "Exported"; do
	expect "the record reads back: $s" has "$F" "$s"
done
expect "the other couple's note is not in it" bash -c "! pdftotext '$F' - | grep -q Lindqvist"
expect "no safety screening without --include-private" bash -c "! pdftotext '$F' - | grep -q xyzzy"
expect "no individual session's note without --include-private" \
	bash -c "! pdftotext '$F' - | grep -q 'Individual note charlie'"
expect "the individual session is there, its note said to be kept private" has "$F" "kept private"
run audit --couple "$CID"
expect_out "the export is in the audit log" "export"

run verify "$F"
expect_rc "verify accepts the PDF as written" 0
expect_out "verify names the couple" "Okafor & Reyes (id $CID)"
expect_out "verify says it is the record as a PDF" "whole record as a PDF"
expect_out "verify says what was left out" "safety screenings and individual sessions' notes left out"
expect_out "verify says the signature is valid" "signature valid"
run verify --key
KEY=$OUT
run verify "$F" --key "$KEY"
expect_rc "verify --key with the right key accepts" 0
OTHERKEY=$(DYAD_EXPORT_KEY_FILE="$T/other.key" "$DYAD" verify --key)
run verify "$F" --key "$OTHERKEY"
expect_rc "verify --key with another key refuses" 1
expect_err "and says so" "not the key you gave"

# Damage of every kind, each refused in words.
/usr/bin/python3 - "$F" "$T" "$KEY" "$OTHERKEY" <<'PY'
import sys
f, t, key, other = sys.argv[1:]
b = open(f, "rb").read()
flipped = bytearray(b)
flipped[len(b) // 2] ^= 1
open(t + "/flipped.pdf", "wb").write(flipped)
open(t + "/cut.pdf", "wb").write(b[:-20])
lines = b.split(b"\n")
open(t + "/nosig.pdf", "wb").write(b"\n".join(lines[:-2]) + b"\n")
open(t + "/rekeyed.pdf", "wb").write(b.replace(key.encode(), other.encode()))
open(t + "/private-claimed.pdf", "wb").write(b.replace(b"private_included=no", b"private_included=yes"))
PY
run verify "$T/flipped.pdf"
expect_rc "one byte flipped in the middle is refused" 1
expect_err "as changed" "changed after it was signed"
run verify "$T/cut.pdf"
expect_rc "a signature line cut short is refused" 1
expect_err "as a damaged signature" "damaged signature line"
run verify "$T/nosig.pdf"
expect_rc "a PDF without its signature line is refused" 1
expect_err "as unsigned" "carries no dyad signature"
expect "the unsigned PDF itself still opens" qpdf --check "$T/nosig.pdf"
run verify "$T/rekeyed.pdf"
expect_rc "another key put in place of the signer's is refused" 1
expect_err "as changed" "changed after it was signed"
run verify "$T/private-claimed.pdf"
expect_rc "a changed summary line is refused (the signature covers it)" 1

run export --couple "$CID" --include-private -o "$T/private.pdf"
expect_rc "the .pdf name alone asks for the PDF form, with --include-private" 0
expect "it is a PDF" bash -c "head -c 5 '$T/private.pdf' | grep -q '%PDF-'"
expect "the safety screening is there with --include-private" has "$T/private.pdf" "screening-text-xyzzy"
expect "the individual session's note is there with --include-private" \
	has "$T/private.pdf" "Individual note charlie"
run verify "$T/private.pdf"
expect_rc "and it verifies" 0
expect_out "and verify says the private items are in it" "safety screenings and individual sessions' notes included"

# A long note runs over pages and loses nothing.
run session add "$CID" --date 2026-10-15T09:00
S3=$OUT
seq -f 'long-note-line-%03g of the third session' 1 150 >"$T/long"
run note set "$S3" --file "$T/long"
run export --couple "$CID" -o "$T/long.pdf"
expect_rc "a record with a long note is written" 0
pages=$(pdfinfo "$T/long.pdf" | awk '/^Pages:/ {print $2}')
expect "it runs over several pages" test "${pages:-0}" -ge 3
expect "each page is numbered of the whole" has "$T/long.pdf" "page $pages of $pages"
expect "every line of the long note is there" \
	test "$(pdftext "$T/long.pdf" | grep -c 'long-note-line-[0-9]* of the third session')" -eq 150

# A couple with nothing recorded yet.
run couple add "Empty & Couple" --partner Ana --partner Ben --intake 2026-11-01
EMPTY=$OUT
run export --couple "$EMPTY" --pdf -o "$T/empty.pdf"
expect_rc "a couple with no sessions exports" 0
expect "and the record says so" has "$T/empty.pdf" "No sessions have been recorded."
run verify "$T/empty.pdf"
expect_rc "and it verifies" 0

# Names in other scripts print, or are refused by name.
for name in "佐藤 花子" "ليلى حسن" "נועה כהן"; do
	run couple add "$name & Sam" --partner "$name" --partner "Sam" --intake 2026-10-01
	NID=$OUT
	run session add "$NID" --date 2026-10-05T10:00
	run rate "$OUT" startup 3 --partner a
	run export --couple "$NID" --pdf -o "$T/script.pdf"
	if [ "$RC" -eq 0 ]; then
		expect "a partner named $name prints" has "$T/script.pdf" "$name"
		# After a right-to-left name its rating stays in reading order.
		expect "$name's rating reads after the name" \
			bash -c 'pdftotext -enc UTF-8 "$1" - | grep -q -- "$2.*3 (1 to 5)"' _ "$T/script.pdf" "$name"
		run verify "$T/script.pdf"
		expect_out "and verify names the couple" "$name & Sam"
	else
		expect_err "without a font for $name, the refusal names the partner" "partner's name"
	fi
	rm -f "$T/script.pdf"
done
run couple add "Devanagari" --partner "अनिल" --partner "Sam" --intake 2026-10-01
run export --couple "$OUT" --pdf -o "$T/deva.pdf"
expect "a name in a script that needs shaping is refused, not printed wrongly" test "$RC" -eq 1
expect_err "the refusal names the field" "first partner's name"
expect "nothing is left behind after a refusal" test ! -e "$T/deva.pdf"

# Refusals.
refused "--pdf with a name that is not .pdf is refused" 2 "-o" export --couple "$CID" --pdf -o "$T/x.json"
refused "--pdf without --couple is refused" 2 "--pdf" export --pdf -o "$T/x.pdf"
refused "--pdf without -o is refused" 2 "-o" export --couple "$CID" --pdf
refused "a PDF of no couple is refused" 1 "couple" export --couple 999 --pdf -o "$T/none.pdf"
expect "and writes nothing" test ! -e "$T/none.pdf"
# A database that is itself named .pdf is never written over.
DYAD_DB="$T/records.pdf" run init
DYAD_DB="$T/records.pdf" run couple add "A & B" --partner A --partner B --intake 2026-10-01
sum=$(sha256sum <"$T/records.pdf")
DYAD_DB="$T/records.pdf" run export --couple 1 --pdf -o "$T/records.pdf"
expect "an output path that names the database is refused" test "$RC" -ne 0
expect_err "naming the option" "-o"
expect "and the database is untouched" test "$(sha256sum <"$T/records.pdf")" = "$sum"
ln -s "$T/target.pdf" "$T/link.pdf"
run export --couple "$CID" --pdf -o "$T/link.pdf"
expect "a symbolic link as the output is refused" test "$RC" -ne 0
expect "and nothing is written through it" test ! -e "$T/target.pdf"
