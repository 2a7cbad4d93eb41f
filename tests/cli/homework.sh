#!/usr/bin/env bash
# homework.sh: settings, the exercise library, assignments, check-ins and
# handouts, run on the built binary and checked with real PDF
# readers (qpdf, pdftotext, pdfinfo).
. "$DYAD_SRC/tests/lib.sh"

# pdftext FILE: the PDF's text, one line, spaces collapsed (poppler's
# harmless CMap warning dropped).
pdftext() {
	pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n\f' '  ' | tr -s ' '
}

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes" --intake 2026-09-01
CID=$OUT
run couple add "Other Couple" --partner "Ana" --partner "Ben"
OTHER=$OUT

# --- settings ---------------------------------------------------------------------
run config list
expect_rc "config list works on a new database" 0
expect "config list shows unset keys" grep -q -E '^practice\.name +\(not set\)' <<<"$OUT"
run config set practice.name "Riverside Couples Practice"
expect_rc "config set stores the practice name" 0
run config set practice.contact "12 Mill Lane · 01422 555 014"
run config set clinician.name "Dr Amara Rivera"
run config set paper A4
run config list --json
expect "config list --json gives every value" test "$(json_get 'd["practice.name"]')" = "Riverside Couples Practice"
expect "paper is stored in lowercase" test "$(json_get 'd["paper"]')" = a4
expect "an unset key is null in JSON" test "$(json_get 'd["handout.font"]')" = None
run config set paper ""
run config list --json
expect "an empty value removes a setting" test "$(json_get 'd["paper"]')" = None
refused "an unknown setting is refused" 1 "key: 'practise.name'" config set practise.name X
refused "an unknown paper size is refused" 1 "paper: must be letter or a4" config set paper legal
refused "a relative font path is refused" 1 "handout.font" config set handout.font fonts/x.ttf
refused "a missing font file is refused" 1 "handout.font" config set handout.font /nonexistent/x.ttf
refused "a control character in a setting is refused" 1 "clinician.name" config set clinician.name $'Dr\e[2J'
refused "config set without a value is a usage error" 2 "usage" config set paper

# --- the exercise library -----------------------------------------------------------
run exercises
expect_rc "exercises lists the library" 0
for id in attention-daily face-to-face-weekly talk-about-talking softened-startup flooding-plan \
	repair-log dreams-within-conflict stance-check stress-reducing-conversation \
	appreciation-tally conversation-cards slow-down-notice four-horsemen taking-responsibility \
	turning-toward self-soothing our-cycle reaching-for-each-other; do
	case "$OUT" in *"$id "*) ;; *) missing_ids="${missing_ids:-} $id" ;; esac
done
if [ -z "${missing_ids:-}" ]; then
	ok "the eighteen exercises of the library are all there"
else
	not_ok "the eighteen exercises of the library are all there" "missing:$missing_ids"
fi
expect "exercises writes nothing on stderr when every template is good" test -z "$ERR"
run exercises --json
expect "exercises --json has at least eighteen" test "$(json_get 'len(d)')" -ge 18
expect "exercises --json gives concepts as a list" test "$(json_get '[e["concepts"] for e in d if e["id"]=="repair-log"][0]')" = "['repair.attempts', 'repair.accepted']"
expect "exercises --json gives frequency and minutes" test "$(json_get '[(e["frequency"], e["minutes"]) for e in d if e["id"]=="attention-daily"][0]')" = "('daily', 10)"
IDS=$(json_get '" ".join(e["id"] for e in d)')

# A therapist's own folder: a broken file is named, a good one overrides by id.
MINE="$XDG_DATA_HOME/dyad/templates"
mkdir -p "$MINE"
sed 's/^title: .*/title: Our Own Ten Minutes/' "$DYAD_SRC/templates/attention-daily.txt" >"$MINE/attention-daily.txt"
printf 'id: broken-one\ntitle: Broken\nconcepts: attention\nfrequency: sometimes\nminutes: 5\n' >"$MINE/broken-one.txt"
run exercises
expect_rc "a broken template does not make the listing fail" 0
expect_err "a broken template is named with its file and line" "broken-one.txt:4: frequency: must be daily, weekly or once"
expect_out "the other templates still load" "stance-check"
expect_out "the therapist's own template overrides the shipped one by id" "Our Own Ten Minutes"
run exercises --json
expect "the broken one is left out and the count stays" test "$(json_get 'len(d)')" = "$(echo $IDS | wc -w)"
refused "assigning a broken exercise names its problem" 1 "broken-one.txt:4" assign "$CID" broken-one
rm "$MINE/attention-daily.txt" "$MINE/broken-one.txt"

# --- assignments -------------------------------------------------------------------------
run session add "$CID" --date 2026-11-21T14:30
SID=$OUT
run session add "$OTHER" --date 2026-11-21T16:00
OTHER_SID=$OUT
run assign "$CID" attention-daily --session "$SID" --note "Right after dinner works best for you two."
expect_rc "assign succeeds" 0
AID=$OUT
expect "assign prints the new id" test "$AID" -ge 1
refused "an exercise not in the library is refused" 1 "exercise: 'no-such'" assign "$CID" no-such
refused "a missing couple is refused" 1 "couple:" assign 999 attention-daily
refused "a malformed couple id is refused" 1 "couple id" assign x1 attention-daily
refused "an impossible due date is refused" 1 "due:" assign "$CID" attention-daily --due 2026-02-30
refused "a due date before the assignment is refused" 1 "due: 2026-11-20" assign "$CID" attention-daily --due 2026-11-20
refused "another couple's session is refused" 1 "session:" assign "$CID" attention-daily --session "$OTHER_SID"
refused "an unknown frequency is refused" 1 "frequency:" assign "$CID" attention-daily --frequency hourly
refused "a control character in a note is refused" 1 "note:" assign "$CID" attention-daily --note $'a\ab'
refused "assign without an exercise is a usage error" 2 "usage" assign "$CID"
refused "--note and --note-file together is a usage error" 2 "note" assign "$CID" attention-daily --note x --note-file /dev/null
run couple set "$OTHER" --status closed
refused "a closed couple gets no homework" 1 "couple:" assign "$OTHER" attention-daily
run assign "$CID" face-to-face-weekly --due 2026-12-19
WEEKLY=$OUT
run assign "$CID" flooding-plan --frequency daily --minutes 25
FLOOD=$OUT

run assignments "$CID" --json
expect_rc "assignments --json works" 0
expect "an assignment made at a session counts from that session's day" test "$(json_get '[a["assigned_on"] for a in d if a["id"]=='"$AID"'][0]')" = 2026-11-21
expect "the due date defaults to a week later" test "$(json_get '[a["due_on"] for a in d if a["id"]=='"$AID"'][0]')" = 2026-11-28
expect "the note is kept" test "$(json_get '[a["note"] for a in d if a["id"]=='"$AID"'][0]')" = "Right after dinner works best for you two."
expect "the session is recorded" test "$(json_get '[a["session_id"] for a in d if a["id"]=='"$AID"'][0]')" = "$SID"
expect "a frequency given at assign time is kept" test "$(json_get '[(a["frequency"], a["minutes"]) for a in d if a["id"]=='"$FLOOD"'][0]')" = "('daily', 25)"
expect "no check-in means no adherence yet" test "$(json_get '[a["adherence"]["together"]["percent"] for a in d if a["id"]=='"$AID"'][0]')" = None

# --- check-ins ---------------------------------------------------------------------------
run checkin "$AID" --partner a --done 5 --comment "Missed the weekend."
expect_rc "checkin succeeds" 0
expect_out "checkin shows the adherence so far" "recorded; so far A 5/7 (71%), B -, together 5/7 (71%)"
run checkin "$AID" --partner b --done 6 --of 7
expect_out "a check-in with --of uses it" "B 6/7 (86%), together 11/14 (79%)"
run checkin "$AID" --partner A --done 4 --comment "Away at the weekend."
expect_out "the same partner and day again replaces the figures" "replaced that day's check-in; so far A 4/7 (57%)"
refused "done above of is refused" 1 "done: 8 is more than the 7" checkin "$AID" --partner a --done 8 --of 7
refused "a partner other than a or b is refused" 1 "partner:" checkin "$AID" --partner c --done 1
refused "a negative count is refused" 1 "done:" checkin "$AID" --partner a --done -1
refused "a check-in in the future is refused" 1 "date: 2026-11-29 is in the future" checkin "$AID" --partner a --done 1 --date 2026-11-29
refused "a check-in before the homework is refused" 1 "date: 2026-11-20" checkin "$AID" --partner a --done 1 --date 2026-11-20
refused "a check-in without --done is a usage error" 2 "--done" checkin "$AID" --partner a
refused "a check-in of a missing assignment is refused" 1 "assignment:" checkin 999 --partner a --done 1
run assignments "$CID"
expect_out "assignments shows each partner's adherence" "4/7 (57%)"
expect_out "assignments shows the couple's adherence" "10/14 (71%)"
expect_out "assignments says who A and B are" "A is Maya Okafor, B is Daniel Reyes"
run assignments "$CID" --json
expect "a check-in's comment is kept, as replaced" test "$(json_get '[a["checkins"][0]["comment"] for a in d if a["id"]=='"$AID"'][0]')" = "Away at the weekend."
expect "a replaced check-in leaves one per partner and day" test "$(json_get '[len(a["checkins"]) for a in d if a["id"]=='"$AID"'][0]')" = 2

run assignment set "$FLOOD" --status dropped
expect_rc "assignment set --status succeeds" 0
run assignments "$CID" --json
expect "a dropped assignment leaves the open list" test "$(json_get 'len([a for a in d if a["id"]=='"$FLOOD"'])')" = 0
run assignments "$CID" --all --json
expect "assignments --all shows it with its status" test "$(json_get '[a["status"] for a in d if a["id"]=='"$FLOOD"'][0]')" = dropped
refused "an unknown status is refused" 1 "status:" assignment set "$FLOOD" --status finished
refused "assignment set with nothing to change is a usage error" 2 "nothing to change" assignment set "$FLOOD"
refused "moving the due date before the assignment is refused" 1 "due:" assignment set "$AID" --due 2026-11-01
run assignment set "$FLOOD" --status assigned --due 2026-12-24
run assignments "$CID" --json
expect "an assignment can be opened again and moved" test "$(json_get '[a["due_on"] for a in d if a["id"]=='"$FLOOD"'][0]')" = 2026-12-24

# --- handouts: every exercise, both paper sizes --------------------------------------------
# names_and_steps ID: the title and each step of a template, placeholders
# filled for this couple, one per line (to look for in the PDF's text).
names_and_steps() {
	/usr/bin/python3 - "$DYAD_SRC/templates/$1.txt" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
title = re.search(r"^title:\s*(.*)$", text, re.M).group(1).strip()
steps_part = re.search(r"^\[steps\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S).group(1)
steps, cur = [], None
for line in steps_part.splitlines():
    if line.startswith("#"):
        continue
    m = re.match(r"\s*\d+[.)]\s+(.*)", line)
    if m:
        cur = [m.group(1).strip()]
        steps.append(cur)
    elif line.strip() and cur is not None:
        cur.append(line.strip())
# The body calls the partners by first name.
fill = {"{partner_a}": "Maya", "{partner_b}": "Daniel"}
# A frequency choice prints the words for the template's own frequency.
freq = re.search(r"^frequency:\s*(\w+)", text, re.M).group(1)
def choose(m):
    alts = dict(a.lstrip().split(":", 1) for a in m.group(1).split("|"))
    return alts[freq]
print(title)
for s in steps:
    s = " ".join(s)
    s = re.sub(r"\{((?:daily|weekly|once):[^{}]*)\}", choose, s)
    for k, v in fill.items():
        s = s.replace(k, v)
    print(s)
PY
}

# Every exercise on both papers under make check-all; under make test each
# on one, Letter and A4 by turns (attention-daily on Letter, read below).
mkdir -p "$T/pdf"
all_ok=1
i=0
for id in $IDS; do
	run assign "$CID" "$id" --due 2026-12-12
	a=$OUT
	papers="letter a4"
	if [ "${DYAD_TEST_ALL:-0}" != 1 ] && [ "$id" != attention-daily ]; then
		papers=$([ $((i % 2)) = 0 ] && echo letter || echo a4)
	fi
	i=$((i + 1))
	for paper in $papers; do
		f="$T/pdf/$id-$paper.pdf"
		run handout "$a" -o "$f" --paper $paper
		if [ "$RC" -ne 0 ] || [ "$OUT" != "$f" ]; then
			not_ok "handout of $id on $paper is written" "rc=$RC out=$OUT err=$ERR"
			all_ok=0
			continue
		fi
		if ! qpdf --check "$f" >"$T/qpdf" 2>&1; then
			not_ok "handout of $id on $paper passes qpdf --check" "$(tail -3 "$T/qpdf")"
			all_ok=0
		fi
		size=$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Page size: *//p')
		case "$paper:$size" in
		"letter:612 x 792 pts (letter)" | "a4:595.276 x 841.89 pts (A4)") ;;
		*) not_ok "handout of $id is exactly $paper" "pdfinfo says: $size"; all_ok=0 ;;
		esac
		text=$(pdftext "$f")
		while IFS= read -r want; do
			case "$text" in
			*"$want"*) ;;
			*) not_ok "handout of $id on $paper shows: $want" "$text"; all_ok=0 ;;
			esac
		done < <(printf 'Maya Okafor\nDaniel Reyes\n'; names_and_steps "$id")
		if [ "$(stat -c %a "$f")" != 600 ]; then
			not_ok "handout of $id is mode 0600" "$(stat -c %a "$f")"
			all_ok=0
		fi
	done
done
if [ "$all_ok" = 1 ]; then
	ok "every exercise's handout passes qpdf, has the exact page size, both names, the title and every step, mode 0600"
fi

text=$(pdftext "$T/pdf/attention-daily-letter.pdf")
for want in "Riverside Couples Practice" "For Maya Okafor and Daniel Reyes" "12 Mill Lane · 01422 555 014" \
	"page 1 of 1" "Please bring this sheet to your session on Saturday 12 December 2026." \
	"Sat 28 Nov" "Fri 11 Dec" "Every day · about 10 minutes"; do
	case "$text" in *"$want"*) ok "the handout shows: $want" ;; *) not_ok "the handout shows: $want" "$text" ;; esac
done

# The default name: couple, exercise, date and the assignment's id, in the
# current folder.
mkdir -p "$T/here"
(cd "$T/here" && "$DYAD" handout "$AID" >"$T/out" 2>"$T/err")
expect "without -o the handout goes to the current folder under a safe name" \
	test -f "$T/here/Okafor-Reyes_attention-daily_2026-11-21_$AID.pdf"
expect "the path written is printed" grep -qx "Okafor-Reyes_attention-daily_2026-11-21_$AID.pdf" "$T/out"
run handout "$AID" -o "$T/here"
expect "-o with a folder puts the default name inside" test "$OUT" = "$T/here/Okafor-Reyes_attention-daily_2026-11-21_$AID.pdf"
text=$(pdftext "$T/here/Okafor-Reyes_attention-daily_2026-11-21_$AID.pdf")
case "$text" in *"A note from Dr Amara Rivera Right after dinner works best for you two."*) ok "the therapist's note is on the handout" ;;
*) not_ok "the therapist's note is on the handout" "$text" ;; esac

# --- paper: --paper, the setting, $PAPERSIZE, the papersize file, Letter -----------------------
paper_of() {
	run handout "$AID" -o "$T/paper.pdf" "$@"
	pdfinfo "$T/paper.pdf" 2>/dev/null | sed -n 's/^Page size: *//p'
}
printf '# local paper\na4\n' >"$T/papersize"
export DYAD_PAPERSIZE_FILE="$T/papersize"
expect "the papersize file is used when nothing else says" test "$(paper_of)" = "595.276 x 841.89 pts (A4)"
PAPERSIZE=letter expect "\$PAPERSIZE comes before the papersize file" test "$(PAPERSIZE=letter paper_of)" = "612 x 792 pts (letter)"
run config set paper a4
expect "the paper setting comes before \$PAPERSIZE" test "$(PAPERSIZE=letter paper_of)" = "595.276 x 841.89 pts (A4)"
expect "--paper comes before everything" test "$(PAPERSIZE=a4 paper_of --paper letter)" = "612 x 792 pts (letter)"
run config set paper ""
export DYAD_PAPERSIZE_FILE="$T/no-such-file"
expect "with nothing said, the paper is Letter" test "$(paper_of)" = "612 x 792 pts (letter)"
unset DYAD_PAPERSIZE_FILE
refused "an unknown --paper is refused" 1 "paper: must be letter or a4" handout "$AID" --paper legal

# --- writing safely -------------------------------------------------------------------------
mkdir -p "$T/safe"
echo "precious" >"$T/safe/elsewhere.txt"
ln -s "$T/safe/elsewhere.txt" "$T/safe/link.pdf"
refused "a symbolic link at the target is refused" 1 "symbolic link" handout "$AID" -o "$T/safe/link.pdf"
expect "the link's target is untouched" test "$(cat "$T/safe/elsewhere.txt")" = precious
echo "the old handout" >"$T/safe/old.pdf"
printf 'not a font at all\n' >"$T/safe/fake.ttf"
run config set handout.font "$T/safe/fake.ttf"
refused "a font that cannot be read is a clear error" 1 "font" handout "$AID" -o "$T/safe/old.pdf"
expect "a failed write leaves the older file untouched" test "$(cat "$T/safe/old.pdf")" = "the old handout"
expect "a failed write leaves no temporary file behind" test "$(ls -A "$T/safe" | sort | tr '\n' ' ')" = "elsewhere.txt fake.ttf link.pdf old.pdf "
run config set handout.font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
run handout "$AID" -o "$T/safe/old.pdf"
expect_rc "a configured font path is used" 0
expect "a good write replaces the older file" test "$(head -c 5 "$T/safe/old.pdf")" = "%PDF-"
expect "a replaced handout is mode 0600" test "$(stat -c %a "$T/safe/old.pdf")" = 600
run config set handout.font ""
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >"$T/nofonts.conf"
FONTCONFIG_FILE="$T/nofonts.conf" run handout "$AID" -o "$T/safe/none.pdf"
expect "a missing font is a clear error" test "$RC" = 1
expect_err "the missing font is named, with what to do" "DejaVu Sans is not installed"
expect "a missing font leaves no file" test ! -e "$T/safe/none.pdf"
refused "a handout into a missing folder is refused" 1 "output:" handout "$AID" -o "$T/no/such/folder/x.pdf"
refused "a handout of a missing assignment is refused" 1 "assignment:" handout 999

# --- nothing private, all of the note, every character accounted for ---------------------------
echo "SECRETWORD the couple must never see" | run_in /dev/stdin note set "$SID"
run rate "$SID" startup 2 --partner a
run handout "$AID" -o "$T/private.pdf"
text=$(pdftext "$T/private.pdf")
case "$text" in *SECRETWORD*) not_ok "a handout holds nothing from session notes" ;; *) ok "a handout holds nothing from session notes" ;; esac
case "$text" in *"Startup"*|*"harsh"*) not_ok "a handout holds nothing from ratings" ;; *) ok "a handout holds nothing from ratings" ;; esac

/usr/bin/python3 - >"$T/note.txt" <<'PY'
import random
random.seed(7)
words = ["evening", "phones", "listen", "together", "Thursday", "walk", "breathe", "kitchen",
         "softly", "sorry", "again", "tea", "repair", "notice", "turn", "toward"]
parts, n, k = [], 0, 0
while n < 20000:
    w = random.choice(words)
    k += 1
    if k % 997 == 0:
        w = "unbrokenword" * 12   # longer than a line: must be broken, not lost
    parts.append(w)
    n += len(w) + 1
s = " ".join(parts)[:20000].rstrip()
s = s + "x" * (20000 - len(s))
print(s, end="")
PY
expect "the test note is 20,000 characters" test "$(wc -m <"$T/note.txt")" = 20000
run assign "$CID" stance-check --note-file "$T/note.txt"
LONG=$OUT
run handout "$LONG" -o "$T/long.pdf"
expect_rc "a handout with a 20,000-character note is written" 0
pages=$(pdfinfo "$T/long.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
expect "the long note flows over several pages" test "$pages" -ge 5
# The page furniture (running title, footer) interrupts the note at page
# breaks: drop those lines, then compare without spaces.
pdftotext -enc UTF-8 -nopgbrk "$T/long.pdf" - 2>/dev/null |
	grep -v -x -e "Checking My Stance" -e "page [0-9]* of [0-9]*" -e "12 Mill Lane · 01422 555 014" |
	tr -d ' \n' >"$T/long.txt"
tr -d ' \n' <"$T/note.txt" >"$T/note.flat"
if grep -q -F -f "$T/note.flat" "$T/long.txt"; then
	ok "the 20,000-character note appears whole, long words included"
else
	not_ok "the 20,000-character note appears whole, long words included" "$(cmp "$T/note.flat" "$T/long.txt" | head -2)"
fi

run couple add "Wén & Zoë" --partner "李文 Wén" --partner "Zoë Łukasz-Núñez"
UNI=$OUT
run assign "$UNI" stance-check --note "Ça va? Ünïcödé “quotes” — dashes 😀"
run handout "$OUT" -o "$T/uni.pdf"
expect_rc "a handout with characters the font lacks is still written" 0
# 李文 comes from an installed CJK font (the test set has one); the emoji,
# in the note, no installed font has: counted once.
expect_err "characters no font has are counted, not dropped silently" "1 character the font cannot show was printed as"
text=$(pdftext "$T/uni.pdf")
case "$text" in *"Zoë Łukasz-Núñez"*) ok "accented names print as they are" ;; *) not_ok "accented names print as they are" "$text" ;; esac
case "$text" in *"李文 Wén"*) ok "a CJK name prints from a fallback font" ;; *) not_ok "a CJK name prints from a fallback font" "$text" ;; esac
case "$text" in *"dashes �"*) ok "characters no font has show as a visible mark" ;; *) not_ok "characters no font has show as a visible mark" "$text" ;; esac
case "$text" in *"Ça va? Ünïcödé “quotes” — dashes �"*) ok "the note keeps its punctuation" ;; *) not_ok "the note keeps its punctuation" "$text" ;; esac

# --- a batch of handouts ------------------------------------------------------------------------
run handouts --due-before 2026-11-01
expect_out "nothing due is said plainly" "No open homework is due by 2026-11-01."
run handouts --due-before 2026-12-12 --dir "$T/batch"
expect_rc "handouts writes a batch" 0
due_count=$(sqlite3 "$DYAD_DB" "SELECT count(*) FROM assignment WHERE status = 'assigned' AND due_on <= '2026-12-12'")
expect "handouts writes one PDF per open assignment due by then" test "$(ls "$T/batch" | wc -l)" = "$due_count"
expect "handouts prints each path" test "$(printf '%s\n' "$OUT" | wc -l)" = "$due_count"
expect "handouts creates its folder privately" test "$(stat -c %a "$T/batch")" = 700
expect "no progress bar when standard error is not a terminal" test "$(grep -c $'\r' "$T/err")" = 0
if command -v script >/dev/null 2>&1; then
	# On a terminal, standard error shows a bar; standard output still gets
	# only the paths.
	script -qec "'$DYAD' handouts --due-before 2026-12-12 --dir '$T/batch2' >'$T/paths'" /dev/null >"$T/tty" 2>&1
	expect "on a terminal handouts shows a progress bar" grep -q "\[##############################\] $due_count/$due_count" "$T/tty"
	expect "the bar never mixes into the printed paths" test "$(grep -c -v "^$T/batch2/.*\.pdf\$" "$T/paths")" = 0
else
	skip "on a terminal handouts shows a progress bar" "no script(1) to make a terminal"
fi
refused "handouts needs --due-before" 2 "--due-before" handouts --dir "$T/batch"
refused "handouts refuses an impossible date" 1 "due-before" handouts --due-before 2026-13-01
