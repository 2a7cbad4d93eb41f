#!/usr/bin/env bash
# report_summary.sh: `dyad report COUPLE --summary`, the one-page PDF a
# couple may see: read back with pdfinfo, pdftotext and qpdf; nothing
# private in it even when the record holds notes, screenings and intake.
. "$DYAD_SRC/tests/lib.sh"

for tool in pdfinfo pdftotext qpdf; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "report --summary" "$tool is not installed"
		exit 0
	fi
done

pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }

run config set practice.name "Harbour Couples Practice"
run couple add "Rivera" --partner Maya --partner Daniel --intake 2026-08-01
CID=$OUT
declare -a S
i=0
for day in 2026-08-05 2026-08-26 2026-09-16 2026-10-07 2026-10-28 2026-11-18; do
	i=$((i + 1))
	run session add "$CID" --date "${day}T10:00"
	S[$i]=$OUT
	run measure "${S[$i]}" csi4 $((4 + i * 3)) --partner a
	run measure "${S[$i]}" csi4 $((12 - i)) --partner b
	run measure "${S[$i]}" phq9 $((18 - i * 2)) --partner a
	run measure "${S[$i]}" phq9 $((6 + i)) --partner b
done
# What must never reach the couple's page: note text, a safety screening,
# the intake's concerns, a homework note.
printf 'Session went well. ZebrafinchSecret was discussed.\n' >"$T/note.txt"
run note set "${S[2]}" --file "$T/note.txt"
run safety add "$CID" --partner b --date 2026-09-16 --method "KestrelScreenMethod interview" \
	--result concern --action "WombatSafetyAction plan made"
expect_rc "a concern screening is recorded" 0
run intake "$CID" --concerns "OtterIntakeConcern about money"
run assign "$CID" attention-daily --session "${S[6]}" --note "PelicanHomeworkNote"

cd "$T" || exit 1
BEFORE=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM audit_log WHERE object = 'summary'" 2>/dev/null)
run report "$CID" --summary
expect_rc "report --summary writes the couple's summary" 0
DEFAULT="Rivera_progress-summary_2026-11-28.pdf"
expect "it prints the file's name, the couple's and today's" test "$OUT" = "$DEFAULT"
expect "the summary is mode 0600" test "$(stat -c %a "$DEFAULT" 2>/dev/null)" = 600
expect "the summary is one page" test "$(pages "$DEFAULT")" = 1
if qpdf --check "$DEFAULT" >"$T/qpdf" 2>&1; then ok "qpdf --check passes"; else
	not_ok "qpdf --check passes" "$(head -c 400 "$T/qpdf")"; fi
text=$(pdftotext -layout "$DEFAULT" - 2>/dev/null)
for want in "Harbour Couples Practice" "28 November 2026" "Progress summary" "Rivera" \
	"5 August 2026 to 18 November 2026" "Maya" "Daniel" "CSI-4 relationship satisfaction" \
	"PHQ-9 depression" "healthy line" "13.5" "9.5"; do
	case "$text" in *"$want"*) ok "the page shows '$want'" ;;
	*) not_ok "the page shows '$want'" "$text" ;; esac
done
# The dashed line's label: "healthy line" over the measure's cutoff.
labels=$(pdftotext "$DEFAULT" - 2>/dev/null | grep -A1 -x "healthy line" | grep -v -x -e "healthy line" -e "--")
expect "each cutoff is labelled with its value" test "$(printf '%s\n' $labels | sort | tr '\n' ' ')" = "13.5 9.5 "
# Each partner's reading, in the same words for both (Maya's last CSI-4
# score, 22, is off the scale and refused, so her latest is 19).
expect "Maya's reading gives her first and latest score and where they sit" \
	grep -q "Maya: 7 to 19, past the healthy line since October" <<<"$text"
expect "Daniel's reading is written the same way" \
	grep -q "Daniel: 11 to 6, below the healthy line so far" <<<"$text"
expect "a measure with a reliable-change value names the outcome" \
	grep -q "Maya: 16 to 6, recovered" <<<"$text"
for secret in ZebrafinchSecret KestrelScreenMethod WombatSafetyAction OtterIntakeConcern \
	PelicanHomeworkNote concern; do
	case "$text" in *"$secret"*) not_ok "nothing private on the page: $secret" "$text" ;;
	*) ok "nothing private on the page: $secret" ;; esac
done
if LC_ALL=C grep -a -q -e ZebrafinchSecret -e KestrelScreen -e OtterIntake "$DEFAULT"; then
	not_ok "the file's bytes hold no private word either"
else ok "the file's bytes hold no private word either"; fi
AFTER=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM audit_log WHERE object = 'summary'" 2>/dev/null)
if [ -n "$BEFORE" ] && [ "$AFTER" = $((BEFORE + 1)) ]; then ok "the summary is in the audit log"
else run audit --couple "$CID"; expect_out "the summary is in the audit log" "summary"; fi

mkdir -p "$T/folder"
run report "$CID" --summary -o "$T/folder/"
expect "-o FOLDER puts the default name inside it" test -f "$T/folder/$DEFAULT"

run report "$CID" --summary -o "$T/a4.pdf" --paper a4
expect_rc "--paper a4 is taken" 0
expect "the page is A4" grep -q "595.* x 841.*" <<<"$(pdfinfo "$T/a4.pdf" 2>/dev/null)"

# --- more measures than fit: the page says how many are left off -----------------
for s in 1 2 3 4 5 6; do
	run measure "${S[$s]}" ors $((10 + s * 3)) --partner a
	run measure "${S[$s]}" ors $((30 - s)) --partner b
	run measure "${S[$s]}" gad7 $((3 + s)) --partner a
	run measure "${S[$s]}" gad7 $((14 - s)) --partner b
	run measure "${S[$s]}" felt_safety $((s + 2)) --partner b
	run measure "${S[$s]}" felt_connection $((9 - s)) --partner a
	run measure "${S[$s]}" srs $((30 + s)) --partner a
done
run report "$CID" --summary -o "$T/many.pdf"
expect_rc "a summary with seven measures is written" 0
expect "it is still one page" test "$(pages "$T/many.pdf")" = 1
many=$(pdftotext "$T/many.pdf" - 2>/dev/null | tr '\n' ' ')
expect "the page says how many more measures are in the full report" \
	grep -Eq "[0-9]+ more measures are in the full report" <<<"$many"
expect_err "the command says how many fit" "measures fit on the page"
case "$many" in *[Ff]"elt safety"*) not_ok "felt safety, which each partner answers alone, is not on the couple's page" "$many" ;;
*) ok "felt safety, which each partner answers alone, is not on the couple's page" ;; esac
expect "nor counted among the measures left off (six of the seven are the couple's)" \
	grep -q "2 more measures are in the full report" <<<"$many"
expect_err "the command counts the same six" "4 of 6 measures fit on the page"

# --- no scores: a clear page, not a crash -----------------------------------------
run couple add "Okafor" --partner Ada --partner Ben --intake 2026-10-01
EMPTY=$OUT
run session add "$EMPTY" --date 2026-10-05T10:00
run report "$EMPTY" --summary -o "$T/empty.pdf"
expect_rc "a couple with no scores gets a summary" 0
expect "it is one page" test "$(pages "$T/empty.pdf")" = 1
empty=$(pdftotext "$T/empty.pdf" - 2>/dev/null | tr '\n' ' ')
expect "it says no scores have been recorded yet" grep -q "No questionnaire scores" <<<"$empty"
expect "it still names both partners" grep -q "Ada and Ben" <<<"$empty"
if qpdf --check "$T/empty.pdf" >/dev/null 2>&1; then ok "the empty page passes qpdf --check"
else not_ok "the empty page passes qpdf --check"; fi

# --- refusals --------------------------------------------------------------------
FP=$(db_fingerprint)
run report 999 --summary -o "$T/none.pdf"
expect "an unknown couple is refused" test "$RC" -ne 0
expect_err "the refusal names the couple" "couple"
expect "nothing is written for an unknown couple" test ! -e "$T/none.pdf"
run report "no such couple" --summary -o "$T/none.pdf"
expect "a couple name that matches nobody is refused" test "$RC" -ne 0
expect "the database is unchanged by refusals" test "$(db_fingerprint)" = "$FP"
run report "$CID" --summary --include-notes
expect_rc "--summary never takes note text" 2
expect_err "the refusal says why" "never holds note text"
run report "$CID" --summary --include-private
expect "--summary never takes private records" test "$RC" -ne 0
run report --caseload --summary
expect "--summary with --caseload is refused" test "$RC" -ne 0
run report "$CID" --paper a4
expect "--paper without --summary is refused" test "$RC" -ne 0
run report "$CID" --summary --paper tabloid -o "$T/t.pdf"
expect "an unknown paper is refused" test "$RC" -ne 0

# --- names in other scripts ------------------------------------------------------
run couple add "李 & Zoë" --partner "李文" --partner "Zoë Łukasz-Núñez" --intake 2026-10-01
CJK=$OUT
run session add "$CJK" --date 2026-10-05T10:00
run measure "$OUT" csi4 9 --partner a
run report "$CJK" --summary -o "$T/cjk.pdf"
expect "a CJK partner name does not crash the summary" test "$RC" -lt 128
if [ "$RC" -eq 0 ]; then
	cjk=$(pdftotext "$T/cjk.pdf" - 2>/dev/null)
	expect "the CJK name prints from a fallback font" grep -q "李文" <<<"$cjk"
	expect "the other partner's name prints too" grep -q "Zoë Łukasz-Núñez" <<<"$cjk"
else
	expect_err "without a font for it, the refusal names the partner" "partner's name"
fi
run couple add "Devanagari" --partner "अनिल" --partner "Sam" --intake 2026-10-01
run report "$OUT" --summary -o "$T/deva.pdf"
expect "a name in a script that needs shaping is refused, not printed wrongly" test "$RC" -ne 0
expect_err "the refusal names the field" "first partner's name"
expect "nothing is left behind after a refusal" test ! -e "$T/deva.pdf"

# A right-to-left name: the scores after it stay in reading order.
run couple add "Hassan" --partner "ليلى حسن" --partner "Omar" --intake 2026-10-01
RTL=$OUT
run session add "$RTL" --date 2026-10-05T10:00
run measure "$OUT" csi4 4 --partner a
run session add "$RTL" --date 2026-10-19T10:00
run measure "$OUT" csi4 8 --partner a
run report "$RTL" --summary -o "$T/rtl.pdf"
expect_rc "an Arabic partner name prints" 0
rtl=$(pdftotext "$T/rtl.pdf" - 2>/dev/null)
expect "the Arabic name's reading keeps its scores in order" grep -q "ليلى حسن.*: 4 to 8, below the healthy line" <<<"$rtl"
