#!/usr/bin/env bash
# alerts.sh: clinician-only safety alerts. A felt-safety score at or below
# alerts.felt_safety_at_or_below (3 unless set), a fast heart in 2 of the
# last 3 sessions and a screening concern each alert, with the numbers in
# the reason; couple list shows an ALERT column, couple show the reasons
# and the suggestion, both as JSON too; the agenda flags them; the setting
# is checked (0..10) and a bad value refused naming it; handouts never
# carry an alert.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-10-01
OKA=$OUT
run couple add "Bello & Lindqvist" --partner "Aisha Bello" --partner "Grace Lindqvist" --intake 2026-10-01
BEL=$OUT
run couple add "Herrera & Feld" --partner "Tomás Herrera" --partner "Jonah Feld" --intake 2026-10-01
HER=$OUT
run couple add "Vidal & Novák" --partner "Ines Vidal" --partner "Marek Novák" --intake 2026-10-01
VID=$OUT

# Okafor & Reyes: Maya's felt safety 4 then 3 (at the line).
run session add "$OKA" --date 2026-11-13T10:00
O1=$OUT
run session add "$OKA" --date 2026-11-20T10:00
O2=$OUT
"$DYAD" measure "$O1" felt_safety 4 --partner a >/dev/null
"$DYAD" measure "$O1" felt_safety 8 --partner b >/dev/null
"$DYAD" measure "$O2" felt_safety 3 --partner a >/dev/null
"$DYAD" measure "$O2" felt_safety 8 --partner b >/dev/null

# Bello & Lindqvist: Grace's peak heart rate 104, 96, 112 bpm; calm felt safety.
for day in 06 13 20; do
	run session add "$BEL" --date 2026-11-${day}T11:00
	eval "B$day=\$OUT"
	"$DYAD" measure "$OUT" felt_safety 7 --partner a >/dev/null
	"$DYAD" measure "$OUT" felt_safety 7 --partner b >/dev/null
done
"$DYAD" rate "$B06" flooding.peak_bpm 104 --partner b >/dev/null
"$DYAD" rate "$B13" flooding.peak_bpm 96 --partner b >/dev/null
"$DYAD" rate "$B20" flooding.peak_bpm 112 --partner b >/dev/null
# Aisha: one fast session only, which is not enough.
"$DYAD" rate "$B20" flooding.peak_bpm 120 --partner a >/dev/null

# Herrera & Feld: a screening found a concern for Jonah.
run safety add "$HER" --partner b --date 2026-11-02 --method "individual interview" --result concern
expect_rc "a screening with a concern is recorded" 0

# Vidal & Novák: calm all round.
run session add "$VID" --date 2026-11-20T15:00
"$DYAD" measure "$OUT" felt_safety 6 --partner a >/dev/null
"$DYAD" measure "$OUT" felt_safety 9 --partner b >/dev/null

# --- couple list -------------------------------------------------------------------
run couple list
expect_rc "couple list runs" 0
expect_out "couple list has an ALERT column" "ALERT"
row() { printf '%s\n' "$OUT" | grep -F "$1"; }
expect "felt safety at the line marks Okafor & Reyes" sh -c "printf '%s' \"\$1\" | grep -q 'felt safety'" _ "$(row 'Okafor & Reyes')"
expect "a fast heart marks Bello & Lindqvist" sh -c "printf '%s' \"\$1\" | grep -q 'flooding'" _ "$(row 'Bello & Lindqvist')"
expect "a screening concern marks Herrera & Feld" sh -c "printf '%s' \"\$1\" | grep -q 'screening'" _ "$(row 'Herrera & Feld')"
expect "a calm couple has no alert" sh -c "printf '%s' \"\$1\" | grep -q 'active  -        -  '" _ "$(row 'Vidal & Novák')"

run couple list --json
expect "the JSON gives Okafor & Reyes one felt-safety alert for partner A" test \
	"$(json_get '[(a["kind"], a["partner"]) for c in d if c["id"]=='"$OKA"' for a in c["alerts"]]')" = "[('felt_safety', 'a')]"
expect "the JSON reason carries the numbers" test \
	"$(json_get '[a["reason"] for c in d if c["id"]=='"$OKA"' for a in c["alerts"]][0]')" = "Maya Okafor: felt safety 3/10 on 20 Nov"
expect "the JSON gives the calm couple an empty list" test \
	"$(json_get '[c["alerts"] for c in d if c["id"]=='"$VID"'][0]')" = "[]"
expect "the JSON gives the flooding alert to partner B" test \
	"$(json_get '[(a["kind"], a["partner"]) for c in d if c["id"]=='"$BEL"' for a in c["alerts"]]')" = "[('flooding', 'b')]"

# --- couple show -------------------------------------------------------------------
run couple show "$BEL"
expect_out "show gives the heart-rate reason with each number" \
	"Grace Lindqvist: peak heart rate 100+ in 2 of the last 3 sessions (104, 96, 112 bpm)"
expect_out "show suggests checking in with each partner" "Check in with each partner on their own"
run couple show "$HER"
expect_out "show gives the screening in the banner's words" "screening: Safety concern on record (partner B)"
run couple show "$VID"
expect "a calm couple's show has no alerts section" sh -c "! grep -q Alerts '$T/out'"
run couple show "$OKA" --json
expect "show --json lists the alert with its suggestion" test \
	"$(json_get 'd["alerts"][0]["suggestion"][:8]')" = "Check in"

# --- the setting ------------------------------------------------------------------
run config set alerts.felt_safety_at_or_below 2
expect_rc "the threshold can be lowered" 0
run couple show "$OKA" --json
expect "at 2, a felt safety of 3 no longer alerts" test "$(json_get 'len(d["alerts"])')" = 0
run config set alerts.felt_safety_at_or_below 4
run couple show "$OKA" --json
expect "at 4, Maya's score alerts again" test "$(json_get 'len(d["alerts"])')" = 1
run config list
expect_out "config list names the setting" "alerts.felt_safety_at_or_below"
refused "a threshold above 10 is refused naming the setting" 1 "alerts.felt_safety_at_or_below" \
	config set alerts.felt_safety_at_or_below 11
refused "a threshold that is not a number is refused naming the setting" 1 \
	"alerts.felt_safety_at_or_below" config set alerts.felt_safety_at_or_below low
run config set alerts.felt_safety_at_or_below ""
expect_rc "the setting can be cleared back to the default" 0
run couple show "$OKA" --json
expect "back at the default of 3, Maya's 3 alerts" test "$(json_get 'len(d["alerts"])')" = 1

# --- the agenda ---------------------------------------------------------------------
run session plan "$OKA" --date 2026-11-28T16:00
run session plan "$VID" --date 2026-11-29T09:00
run agenda
expect_out "the agenda flags the alert under the couple" "! safety alert: Maya Okafor: felt safety 3/10"
run agenda --json
expect "the agenda JSON flags Okafor & Reyes" test \
	"$(json_get '[f["key"] for c in d["sessions"] if c["couple_id"]=='"$OKA"' for f in c["flags"]][0]')" = safety_alert
expect "the agenda JSON gives the calm couple no alert" test \
	"$(json_get '[f["key"] for c in d["sessions"] if c["couple_id"]=='"$VID"' for f in c["flags"] if f["key"]=="safety_alert"]')" = "[]"

# --- never couple-facing -----------------------------------------------------------
if command -v pdftotext >/dev/null; then
	run assign "$OKA" attention-daily --due 2026-12-05
	run handout "$OUT" -o "$T/handout.pdf"
	if [ "$RC" -eq 0 ] && [ -f "$T/handout.pdf" ]; then
		pdftotext "$T/handout.pdf" "$T/handout.txt"
		expect "the couple's handout carries no alert" sh -c "! grep -q -i -e 'felt safety 3' -e 'alert' -e 'Check in with each partner' '$T/handout.txt'"
	else
		not_ok "the couple's handout is written" "rc=$RC err=$ERR"
	fi
else
	skip "the couple's handout carries no alert" "no pdftotext"
fi
