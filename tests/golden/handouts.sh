#!/usr/bin/env bash
# handouts.sh: the text of every exercise's handout, as a PDF reader
# extracts it, compared with the expected text in tests/golden/handouts/.
# After a deliberate change to a template or the layout, regenerate with
#   DYAD_GOLDEN_UPDATE=1 DYAD_TEST_ONLY=golden make test
# and read the diff before committing it.
. "$DYAD_SRC/tests/lib.sh"

GOLDEN="$DYAD_SRC/tests/golden/handouts"
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run config set practice.name "Riverside Couples Practice"
run config set practice.contact "12 Mill Lane, Hebden Bridge · 01422 555 014 · hello@riverside.example"
run config set clinician.name "Dr Amara Rivera"
run exercises --json
IDS=$(json_get '" ".join(e["id"] for e in d)')
for id in $IDS; do
	note=()
	[ "$id" = attention-daily ] && note=(--note "You said evenings are hardest; try right after dinner.")
	run assign "$CID" "$id" "${note[@]}"
	run handout "$OUT" -o "$T/$id.pdf" --paper letter
	pdftotext -enc UTF-8 -nopgbrk "$T/$id.pdf" "$T/$id.txt" 2>/dev/null
	if [ "${DYAD_GOLDEN_UPDATE:-}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T/$id.txt" "$GOLDEN/$id.txt"
		skip "the handout text of $id matches tests/golden" "updated"
	elif [ ! -f "$GOLDEN/$id.txt" ]; then
		not_ok "the handout text of $id matches tests/golden" "no $GOLDEN/$id.txt; see the top of this file"
	elif diff -u "$GOLDEN/$id.txt" "$T/$id.txt" >"$T/diff"; then
		ok "the handout text of $id matches tests/golden"
	else
		not_ok "the handout text of $id matches tests/golden" "$(head -30 "$T/diff")"
	fi
done
