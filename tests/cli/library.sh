#!/usr/bin/env bash
# library.sh: the shipped exercise library as a whole: how many there are,
# that each is tagged with concepts the catalogue knows, that each prints
# on both papers, and that a template naming an unknown concept is refused.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run exercises --json
expect_rc "exercises lists the library" 0
expect "every shipped template loads, none is reported" test -z "$ERR"
expect "the library holds at least eighteen exercises" test "$(json_get 'len(d)')" -ge 18
IDS=$(json_get '" ".join(e["id"] for e in d)')
printf '%s' "$OUT" >"$T/exercises.json"
run concepts --json
printf '%s' "$OUT" >"$T/concepts.json"
untagged=$(/usr/bin/python3 - "$T/exercises.json" "$T/concepts.json" <<'PY'
import json, sys
ex = json.load(open(sys.argv[1]))
cs = json.load(open(sys.argv[2]))
known = {c["key"] for c in cs} | {c.get("family", "") for c in cs}
bad = [e["id"] for e in ex if not e["concepts"] or any(k not in known for k in e["concepts"])]
print(" ".join(bad))
PY
)
expect "every exercise is tagged with concepts from the catalogue" test -z "$untagged"
for id in four-horsemen taking-responsibility turning-toward self-soothing our-cycle \
	reaching-for-each-other; do
	case " $IDS " in *" $id "*) ;; *) missing="${missing:-} $id" ;; esac
done
expect "the horsemen, bids and cycle exercises are in the library" test -z "${missing:-}"

all_ok=1
for id in $IDS; do
	run assign "$CID" "$id" --due 2026-12-12
	a=$OUT
	for paper in letter a4; do
		f="$T/$id-$paper.pdf"
		run handout "$a" -o "$f" --paper $paper
		size=$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Page size: *//p')
		case "$RC:$paper:$size" in
		"0:letter:612 x 792 pts (letter)" | "0:a4:595.276 x 841.89 pts (A4)") ;;
		*) not_ok "$id renders on $paper" "rc=$RC size=$size err=$ERR"; all_ok=0 ;;
		esac
	done
done
[ "$all_ok" = 1 ] && ok "every shipped exercise renders on Letter and on A4"

# The lists some sheets carry print under their heading.
text=$(pdftotext -enc UTF-8 "$T/our-cycle-a4.pdf" - 2>/dev/null | tr '\n' ' ')
case "$text" in *"Feeling words to help"*"Overwhelmed: flooded, swamped"*) ok "the cycle map prints its feeling words" ;;
*) not_ok "the cycle map prints its feeling words" "$text" ;; esac
text=$(pdftotext -enc UTF-8 "$T/dreams-within-conflict-letter.pdf" - 2>/dev/null | tr '\n' ' ')
case "$text" in *"Questions the listener can ask"*) ok "the dream conversation prints its questions" ;;
*) not_ok "the dream conversation prints its questions" "$text" ;; esac

# An unknown concept key is refused with the file, the line and the key.
MINE="$XDG_DATA_HOME/dyad/templates"
mkdir -p "$MINE"
sed 's/^concepts: .*/concepts: attention, horseman.contempt/' "$DYAD_SRC/templates/turning-toward.txt" |
	sed 's/^id: .*/id: typo-concept/' >"$MINE/typo-concept.txt"
run exercises
expect_rc "a template with an unknown concept does not stop the listing" 0
expect_err "an unknown concept is named with file, line and key" "typo-concept.txt:4: concepts: 'horseman.contempt' is not in the concept catalogue"
case "$OUT" in *typo-concept*) not_ok "the template with an unknown concept is left out" ;; *) ok "the template with an unknown concept is left out" ;; esac
refused "assigning it names the problem" 1 "horseman.contempt" assign "$CID" typo-concept
printf '[list]\n- a list with no heading\n' >>"$MINE/typo-concept.txt"
sed -i 's/horseman.contempt/horsemen/' "$MINE/typo-concept.txt"
run exercises
expect_err "a [list] without a heading is refused" "[list]: heading: missing"
rm "$MINE/typo-concept.txt"

# The demo practice assigns from the whole library, with each exercise's own title.
DYAD_DB="$T/demo.db" run init --demo
expect_rc "the demo is made" 0
sqlite3 "$T/demo.db" "SELECT DISTINCT exercise_id || '|' || exercise_title FROM assignment" >"$T/demo_pairs"
json_get_file=$(/usr/bin/python3 -c 'import json,sys; print("\n".join(e["id"]+"|"+e["title"] for e in json.load(open(sys.argv[1]))))' "$T/exercises.json")
stray=$(grep -v -x -F -f <(printf '%s\n' "$json_get_file") "$T/demo_pairs" || true)
expect "every demo assignment is a library exercise with its title" test -z "$stray"
expect "the demo assigns some of the new exercises" grep -q -e '^four-horsemen|' -e '^our-cycle|' -e '^turning-toward|' -e '^self-soothing|' -e '^taking-responsibility|' -e '^reaching-for-each-other|' "$T/demo_pairs"
