#!/usr/bin/env bash
# outcomes.sh: the measure library as data, the Jacobson-Truax outcome of
# each partner and the couple (dyad outcomes and the report's Summary),
# direction-aware trend words, per-couple measure schedules feeding
# "measures due", and the demo's outcome classes.
. "$DYAD_SRC/tests/lib.sh"
PY=/usr/bin/python3

# --- the library ----------------------------------------------------------------
run measures --json
expect_rc "measures --json succeeds" 0
expect "the library ships CSI-4, CSI-16, CSI-32, RDAS, ORS, SRS, PHQ-9, GAD-7 and both self-ratings" \
	test "$(json_get 'sorted(m["key"] for m in d)')" = \
	"['csi16', 'csi32', 'csi4', 'felt_connection', 'felt_safety', 'gad7', 'ors', 'phq9', 'rdas', 'srs']"
expect "ORS carries its cutoff and reliable change of 5, with its licence" \
	test "$(json_get '[(m["max"], m["cutoff"], m["reliable_change"], "licence" in m["licence"]) for m in d if m["key"]=="ors"][0]')" = "(40, 25, 5, True)"
expect "PHQ-9 and GAD-7 are better lower" \
	test "$(json_get 'sorted((m["key"], m["higher_is_better"], m["max"]) for m in d if m["key"] in ("phq9", "gad7"))')" = \
	"[('gad7', False, 21), ('phq9', False, 27)]"
expect "CSI-4 has no invented reliable-change value" \
	test "$(json_get '[m["reliable_change"] for m in d if m["key"]=="csi4"][0]')" = None
expect "every library measure cites its source" \
	test "$(json_get 'all(m["source"] for m in d if m["library"])')" = True
expect "RDAS marks distress below 48 and is due every 4 sessions once scheduled" \
	test "$(json_get '[(m["max"], m["cutoff"], m["every"], m["scheduled_by_default"]) for m in d if m["key"]=="rdas"][0]')" = "(69, 48, 4, False)"
run measures
expect_out "the table says when no reliable-change value is known" "n/a"

# --- an older database upgrades, and a clinician's own measure survives ---------
OLD="$T/old.db"
for f in $(ls "$DYAD_SRC"/schema/[0-9][0-9][0-9][0-9]_*.sql | sort); do
	case "$f" in *_measures_library.sql) break ;; esac
	sqlite3 "$OLD" <"$f" >/dev/null
	v=$(basename "$f" | sed 's/^0*\([0-9][0-9]*\)_.*/\1/')
	sqlite3 "$OLD" "PRAGMA user_version = $v"
done
sqlite3 "$OLD" "INSERT INTO measure (key, name, scale_min, scale_max, cutoff, higher_is_better, position) VALUES ('phq9', 'My own PHQ', 0, 30, NULL, 0, 90)"
DYAD_DB="$OLD" run measures --json
expect_rc "a database from before the library opens" 0
expect "the upgrade adds the library's instruments" \
	test "$(json_get 'sorted(m["key"] for m in d if m["key"] in ("ors", "rdas", "gad7"))')" = "['gad7', 'ors', 'rdas']"
expect "a clinician's own measure of the same key is left alone" \
	test "$(json_get '[(m["name"], m["max"], m["library"]) for m in d if m["key"]=="phq9"][0]')" = "('My own PHQ', 30, False)"
expect "the upgraded seeds are library rows with their sources" \
	test "$(json_get '[(m["library"], bool(m["source"])) for m in d if m["key"]=="csi4"][0]')" = "(True, True)"

# --- defining a measure with the new fields ---------------------------------------
run measure add wai "Working alliance" --min 12 --max 84 --cutoff 50 --reliability 0.9 --norm-sd 10 --source "Example (2020)" --every 0
expect_rc "a measure can be added with reliability and norm SD" 0
run measures --json
expect "its reliable change is worked out as 1.96 x SD x sqrt(2(1 - r))" \
	test "$(json_get '[(round(m["reliable_change"], 3), m["scheduled_by_default"], m["source"]) for m in d if m["key"]=="wai"][0]')" = "(8.765, False, 'Example (2020)')"
refused "reliable change and reliability together is a usage error" 2 "reliable-change" \
	measure add x1 "X" --min 0 --max 10 --reliable-change 2 --reliability 0.8 --norm-sd 1
refused "reliability without a norm SD is a usage error" 2 "norm-sd" measure add x2 "X" --min 0 --max 10 --reliability 0.8
refused "a reliability of 1 or more is refused" 1 "reliability" measure add x3 "X" --min 0 --max 10 --reliability 1.2 --norm-sd 2
refused "a reliable change wider than the range is refused" 1 "reliable-change" measure add x4 "X" --min 0 --max 10 --reliable-change 11
refused "an interval beyond 52 sessions is refused" 1 "every" measure add x5 "X" --min 0 --max 10 --every 60

# --- outcomes ---------------------------------------------------------------------
run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-01-05
CID=$OUT
declare -a S
for w in 1 2 3 4; do
	run session add "$CID" --date "2026-02-0${w}T10:00"
	S[$w]=$OUT
done
score() { run measure "${S[$1]}" "$2" "$3" --partner "$4"; }
score 1 csi4 6 a; score 4 csi4 19 a; score 1 csi4 5 b; score 4 csi4 18 b
score 1 ors 18 a; score 2 ors 22 a; score 4 ors 30 a
score 1 ors 20 b; score 4 ors 13 b
score 1 phq9 15 a; score 4 phq9 5 a; score 1 phq9 12 b; score 4 phq9 9 b
score 1 gad7 14 a; score 4 gad7 15 b
run outcomes "$CID" --json
expect_rc "outcomes --json succeeds" 0
row() { json_get "[(p['first'], p['latest'], p['change'], p['status']) for m in d['measures'] if m['key']=='$1' for p in m['partners']]"; }
couple() { json_get "[m['couple'] for m in d['measures'] if m['key']=='$1'][0]"; }
expect "a reliable gain across the cutoff is recovered, a reliable loss deteriorated" \
	test "$(row ors)" = "[(18, 30, 12, 'recovered'), (20, 13, -7, 'deteriorated')]"
expect "one partner improving and the other not is a split couple" test "$(couple ors)" = split
expect "on a lower-is-better measure a fall is the improvement" \
	test "$(row phq9)" = "[(15, 5, -10, 'recovered'), (12, 9, -3, 'unchanged')]"
expect "without a reliable-change value the status is not available, the change still shown" \
	test "$(row csi4)" = "[(6, 19, 13, 'not available'), (5, 18, 13, 'not available')]"
expect "and the couple's outcome is unknown" test "$(couple csi4)" = unknown
expect "a single score is called one score" test "$(row gad7)" = "[(14, 14, None, 'one score'), (15, 15, None, 'one score')]"
expect "measures without scores are left out" test "$(json_get "[m['key'] for m in d['measures'] if m['key'] in ('rdas', 'srs')]")" = "[]"
run outcomes "$CID"
expect_out "the table shows first, latest and the signed change" "18     30      +12     recovered"
expect_out "the couple's outcome is on the measure's first line" "split"
refused "outcomes of a couple that does not exist is refused" 1 "couple" outcomes 999

# The report's Summary: first, change, status and the couple, per partner.
run report "$CID" -o "$T/r.xlsx"
expect_rc "the report is written" 0
got=$("$PY" - "$T/r.xlsx" <<'EOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Summary"]
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
head = next(r for r in rows if r[0] == "Measure")
want = ["Latest", "First score", "Change since first", "Status", "Couple"]
ix = [head.index(w) for w in want]
end = next(i for i, r in enumerate(rows) if r[0] == "What the scales mean")
for r in rows[:end]:
    if r[0] == "ORS outcome rating":
        print(r[1], *[r[i] for i in ix])
EOF
)
expect "Summary gives ORS first, latest, change, status and couple per partner" test "$got" = "Maya Okafor 30 18 12 recovered split
Daniel Reyes 13 20 -7 deteriorated None"

# --- words follow the better end ----------------------------------------------------
run couple add "Vidal & Novák" --partner "Ines Vidal" --partner "Marek Novák" --intake 2026-01-05
VID=$OUT
for w in 1 2 3 4; do
	run session add "$VID" --date "2026-03-0${w}T10:00"
	sid=$OUT
	run rate "$sid" horsemen.contempt $((4 - w)) --partner a
	run measure "$sid" felt_safety $((10 - 2 * w)) --partner a
done
run trends "$VID"
expect "contempt falling reads as improving" sh -c "grep '^Horsemen: contempt' '$T/out' | grep -q improving"
expect "felt safety falling reads as worsening" sh -c "grep '^Felt safety' '$T/out' | grep -q worsening"
expect "no trend is called rising or falling when its better end is known" sh -c "! grep -E -q 'rising|falling' '$T/out'"
run trends "$VID" --json
expect "JSON keeps the movement and adds its reading" \
	test "$(json_get '[(p["direction"], p["reading"]) for s in d["concepts"] if s["key"]=="horsemen.contempt" for p in s["partners"] if p["partner"]=="a"][0]')" = "('falling', 'improving')"

# --- schedules and measures due -----------------------------------------------------
run session add "$CID" --date 2026-11-28T16:00 --attendance planned
run agenda --json
due() { json_get "[f['text'] for s in d['sessions'] if s['couple_id']==$CID for f in s['flags'] if f['key']=='measures_due']"; }
expect "measures due every session by default are due at the next one" \
	test "$(due)" = "['measures due: csi4, felt_safety, felt_connection']"
run measure schedule "$CID" csi4 --every 3
expect_out "a schedule says what it set" "csi4: due every 3 sessions"
run measure schedule "$CID" felt_safety --every 0
run measure schedule "$CID" felt_connection --every 0
run measure schedule "$CID" rdas
expect_out "without --every a measure takes its library default" "rdas: due every 4 sessions"
run agenda --json
expect "a measure scored 3 sessions back is not due yet at every 3; one never scored is" \
	test "$(due)" = "['measures due: rdas']"
run measure schedule "$CID" csi4 --every 1
run agenda --json
expect "at every session it is due again" test "$(due)" = "['measures due: csi4, rdas']"
refused "a schedule for a measure that does not exist is refused" 1 "measure" measure schedule "$CID" nope --every 2
refused "an interval that is not a whole number is refused" 1 "every" measure schedule "$CID" csi4 --every two
refused "a schedule for a couple that does not exist is refused" 1 "couple" measure schedule 999 csi4

# --- export and import carry the new columns and schedules ---------------------------
run export -o "$T/all.json"
expect_rc "export succeeds" 0
DYAD_DB="$T/copy.db" run import "$T/all.json"
expect_rc "import into an empty database succeeds" 0
expect "the schedules come back" test "$(sqlite3 "$T/copy.db" 'SELECT count(*), sum(every) FROM measure_schedule')" = "4|5"
expect "a measure's reliability and source come back" \
	test "$(sqlite3 "$T/copy.db" "SELECT reliability, norm_sd, source FROM measure WHERE key = 'wai'")" = "0.9|10.0|Example (2020)"

# --- the demo shows every outcome class ---------------------------------------------
DYAD_DB="$T/demo.db" run init --demo
classes=""
for id in $(sqlite3 "$T/demo.db" 'SELECT id FROM couple ORDER BY id'); do
	DYAD_DB="$T/demo.db" run outcomes "$id" --json
	classes="$classes $(json_get "' '.join(m['couple'].replace(' ', '_') + ' ' + ' '.join(p['status'] for p in m['partners']) for m in d['measures'] if m['key']=='ors')")"
done
for class in both_improved split both_stuck worse recovered improved unchanged deteriorated; do
	expect "a demo couple shows $class on ORS" sh -c "echo '$classes' | grep -q -w '$class'"
done
