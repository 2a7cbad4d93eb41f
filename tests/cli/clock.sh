#!/usr/bin/env bash
# clock.sh: dyad has one clock (app/core/date.c). The dates it writes into
# the record follow $DYAD_TODAY; the audit log keeps the wall clock; and no
# other file reads the time or $DYAD_TODAY itself.
. "$DYAD_SRC/tests/lib.sh"

# --- the record follows the test clock ----------------------------------------------
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-11-01
CID=$OUT
run intake "$CID" --concerns "Money arguments."
run safety add "$CID" --partner a --date 2026-11-01 --method "individual interview" --result none
cat >"$T/plan.txt" <<'EOP'
Review date: 2026-12-20

Problems:
- Arguments about money turn harsh within minutes

Goals:
- Talk about money without a fight

Objectives:
- csi4 >= 13.5 both partners

Interventions:
- Softened startup rehearsal
EOP
run plan "$CID" --file "$T/plan.txt"
run session add "$CID" --date 2026-11-20T14:30
SID=$OUT
printf 'The note.\n' >"$T/note.txt"
run note set "$SID" --file "$T/note.txt"
run rate "$SID" startup 4 --partner a
run note sign "$SID"
printf 'A correction.\n' >"$T/add.txt"
run note addendum "$SID" --file "$T/add.txt"
expect_rc "an addendum is added" 0
run note show "$SID" --json
expect "the addendum is dated by DYAD_TODAY" \
	test "$(json_get 'd["addenda"][0]["created_at"]')" = "2026-11-28T09:00:00Z"
expect "the note's signing is dated by DYAD_TODAY" \
	test "$(json_get 'd["signed_at"]')" = "2026-11-28T09:00:00Z"
expect "rows get their stamps from the same clock" test "$(sqlite3 "$DYAD_DB" \
	"SELECT group_concat(DISTINCT substr(stamp, 1, 10)) FROM (
	   SELECT created_at AS stamp FROM couple UNION ALL SELECT updated_at FROM couple
	   UNION ALL SELECT created_at FROM session UNION ALL SELECT updated_at FROM note
	   UNION ALL SELECT updated_at FROM rating UNION ALL SELECT created_at FROM addendum
	   UNION ALL SELECT created_at FROM intake UNION ALL SELECT updated_at FROM intake
	   UNION ALL SELECT recorded_at FROM safety_screening
	   UNION ALL SELECT created_at FROM treatment_plan
	   UNION ALL SELECT updated_at FROM treatment_plan)")" = 2026-11-28

# --- the audit log keeps the wall clock ---------------------------------------------
before=$(date -u +%Y-%m-%d)
run couple add "Lindqvist & Moreau" --partner "Ana Lindqvist" --partner "Jules Moreau"
after=$(date -u +%Y-%m-%d)
last=$(sqlite3 "$DYAD_DB" "SELECT substr(at, 1, 10) FROM audit ORDER BY id DESC LIMIT 1")
expect "the audit log records the real day, not DYAD_TODAY" \
	test "$last" = "$before" -o "$last" = "$after"

# --- no other file reads the clock --------------------------------------------------
# Allowed, by name: the clock itself; the interface's idle-lock timer, which
# measures elapsed time on the monotonic clock; and the font cache's
# clean-up in reports/ (a library of its own), which compares file ages
# with the real time.
cd "$DYAD_SRC" || exit 1
allowed() {
	case "$1" in
	app/core/date.c:*) return 0 ;;
	app/tui/tui.c:*'clock_gettime(CLOCK_MONOTONIC'*) return 0 ;;
	reports/font_lean.c:*'time_t now = time(NULL);'*) return 0 ;;
	esac
	return 1
}
found=""
while IFS= read -r hit; do
	allowed "$hit" || found="$found$hit"$'\n'
done < <(grep -rnE --include='*.c' --include='*.h' \
	"getenv\(\"DYAD_TODAY\"\)|[^_a-z]time\((NULL|0|&)|localtime|gmtime|clock_gettime|gettimeofday|'now'" \
	app reports)
if [ -z "$found" ]; then
	ok "only the clock module reads the time or DYAD_TODAY"
else
	not_ok "only the clock module reads the time or DYAD_TODAY" "$found"
fi
# The guard's pattern must catch what it forbids.
printf 'static long f(void) { return (long)time(NULL); }\n' >"$T/probe.c"
expect "the guard's pattern sees a time(NULL) call" \
	grep -qE "[^_a-z]time\((NULL|0|&)" "$T/probe.c"
