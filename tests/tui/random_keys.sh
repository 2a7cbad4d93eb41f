#!/usr/bin/env bash
# random_keys.sh: the interface survives any keys. Random key sequences
# (seeded, weighted toward the real bindings) run against a fresh copy of the
# demo practice under ASan+UBSan when that build is there, at sizes from
# 100x30 down to 20x5, with and without colour, with editors that keep,
# fail, empty or write the note; a few more are typed into a live terminal
# that is resized meanwhile. Then the sequence a tester saw crash dyad, and
# every sequence that ever crashed it (tests/tui/lib/crashes/), as fixed
# regressions. Any crash, sanitizer report, hang or non-zero exit fails,
# naming the seed that replays it.
#   DYAD_FUZZ_COUNT=N   random sequences (make test 5, make check-all 40, make
#                       tui-fuzz thousands); DYAD_FUZZ_LIVE=N live ones (1; check-all 4)
#   DYAD_FUZZ_SEED=S    the first seed (default 20261204); sequence i uses S+i
#   DYAD_FUZZ_SAVE=DIR  keep each failing sequence there (make tui-fuzz does)
# Replay one: DYAD_FUZZ_SEED=S DYAD_FUZZ_COUNT=1 DYAD_FUZZ_LIVE=0 (or
# COUNT=0 LIVE=1 for a live one), through make test's environment.
. "$DYAD_SRC/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "random keys" "tmux is not installed"
	exit 0
fi
if [ -n "${DYAD_ASAN_BIN:-}" ] && [ -x "$DYAD_ASAN_BIN" ]; then
	DYAD=$DYAD_ASAN_BIN
fi
. "$DYAD_SRC/tests/tui/lib/keyfuzz.sh"
trap 'kfx kill-server 2>/dev/null; rm -rf "$T"' EXIT

# make test's quick form runs a few of each kind; check-all the long one.
if [ "${DYAD_TEST_ALL:-0}" = 1 ]; then
	COUNT=${DYAD_FUZZ_COUNT:-40}
	LIVE=${DYAD_FUZZ_LIVE:-4}
else
	COUNT=${DYAD_FUZZ_COUNT:-5}
	LIVE=${DYAD_FUZZ_LIVE:-1}
fi
SEED=${DYAD_FUZZ_SEED:-20261204}
SAVE=${DYAD_FUZZ_SAVE:-}
W="$T/fuzz"
if ! keyfuzz_setup "$W"; then
	not_ok "the demo practice for the random keys is created" "$(cat "$W/init.log")"
	exit 0
fi

# Below 60x16 dyad only says the terminal is too small (and takes no keys
# but Q), so most runs are at sizes it draws, near that edge among them.
SIZES=(100x30 100x30 100x30 80x24 60x16 61x17 72x20 59x15 40x10 20x5)
EDITORS=(true false empty write)

# What a seed picks besides its keys: size, colour, editor, length.
pick() {
	RANDOM=$1
	P_SIZE=${SIZES[RANDOM % ${#SIZES[@]}]}
	P_COLOUR=$([ $((RANDOM % 2)) = 0 ] && echo nocolor || echo color)
	P_EDITOR=${EDITORS[RANDOM % ${#EDITORS[@]}]}
	P_LENGTH=$((30 + RANDOM % 50))
}

# failed LABEL KEYS_FILE [REPLAY]: reports a failed run, and keeps it in $SAVE.
failed() {
	local label=$1 keys=$2 replay=${3:-}
	not_ok "$label" "$KEYFUZZ_WHY${replay:+; replay with $replay}
keys: $(tr '\n' ' ' <"$keys" | head -c 600)
$KEYFUZZ_REPORT"
	if [ -n "$SAVE" ]; then
		mkdir -p "$SAVE"
		local name
		name=$(printf '%s' "$label" | tr -c 'A-Za-z0-9' '-')
		{
			printf '# %s: %s\n' "$label" "$KEYFUZZ_WHY"
			printf '# run at %s %s, editor %s\n' "$P_SIZE" "$P_COLOUR" "$P_EDITOR"
			cat "$keys"
		} >"$SAVE/$name.keys"
		printf '%s\n' "$KEYFUZZ_REPORT" >"$SAVE/$name.report"
	fi
}

# ---- the reported sequence, and variants of it -----------------------------
# NO_COLOR=1 at 100x30 on the demo practice: /okafor Enter, t, Esc, e (from
# the couples list, c away from Today). The dumps show each step was
# reached, so the keys did what they meant.
reported() {
	local size=$1 colour=$2 editor=$3
	cat >"$W/reported.keys" <<EOF
c
/okafor<Enter>
:dump $W/r-couple.txt
t
:dump $W/r-status.txt
<Esc>
e
:dump $W/r-edit.txt
EOF
	rm -f "$W"/r-*.txt
	P_SIZE=$size P_COLOUR=$colour P_EDITOR=$editor
	if ! keyfuzz_run "$W" "$W/reported.keys" "${size%x*}" "${size#*x}" "$colour" "$editor"; then
		failed "the reported keys at $size $colour, editor $editor" "$W/reported.keys"
		return
	fi
	ok "the reported keys at $size $colour, editor $editor: no crash"
}
reported 100x30 nocolor true
expect "they open Okafor & Reyes" grep -qs "Couples › Okafor & Reyes" "$W/r-couple.txt"
expect "t opens the status form" grep -qs "Couple status" "$W/r-status.txt"
expect "Esc then e opens the edit form, still filled in" grep -qs "Partner A     Maya Okafor" "$W/r-edit.txt"
for variant in "100x30 color true" "100x30 nocolor false" "100x30 nocolor empty" \
	"100x30 nocolor write" "40x10 nocolor true" "20x5 nocolor true" "60x16 color write"; do
	# shellcheck disable=SC2086
	reported $variant
done

# The same keys with the note editor on the way: e on a session runs the
# editor (which here keeps, fails, empties or writes the note) first.
for editor in "${EDITORS[@]}"; do
	printf 'c\n/okafor<Enter>\n<Enter>\ne\n<Esc>\nt\n<Esc>\ne\n<Esc>\n<Enter>\ne\nv\n<Esc>\n' >"$W/editor.keys"
	P_SIZE=100x30 P_COLOUR=nocolor P_EDITOR=$editor
	if keyfuzz_run "$W" "$W/editor.keys" 100 30 nocolor "$editor"; then
		ok "the reported keys around the note editor ($editor): no crash"
	else
		failed "the reported keys around the note editor ($editor)" "$W/editor.keys"
	fi
done

# ---- every sequence that once crashed dyad --------------------------------
# A file's second line says how it ran: "# run at COLSxROWS COLOUR, editor E".
for keys in "$DYAD_SRC"/tests/tui/lib/crashes/*.keys; do
	[ -f "$keys" ] || continue
	read -r _ _ _ size colour _ editor < <(sed -n 2p "$keys")
	colour=${colour%,}
	P_SIZE=$size P_COLOUR=$colour P_EDITOR=$editor
	if keyfuzz_run "$W" "$keys" "${size%x*}" "${size#*x}" "$colour" "$editor"; then
		ok "crash regression $(basename "$keys" .keys): no crash"
	else
		failed "crash regression $(basename "$keys" .keys)" "$keys"
	fi
done

# ---- random sequences ----------------------------------------------------------
bad=0
for ((i = 0; i < COUNT; i++)); do
	s=$((SEED + i))
	pick "$s"
	keyfuzz_gen "$s" "$P_LENGTH" >"$W/keys"
	if ! keyfuzz_run "$W" "$W/keys" "${P_SIZE%x*}" "${P_SIZE#*x}" "$P_COLOUR" "$P_EDITOR"; then
		failed "random keys at $P_SIZE $P_COLOUR, editor $P_EDITOR, seed $s" "$W/keys" \
			"DYAD_FUZZ_SEED=$s DYAD_FUZZ_COUNT=1 DYAD_FUZZ_LIVE=0"
		bad=$((bad + 1))
	fi
	# Progress for the long run (make tui-fuzz), as a TAP comment.
	[ $(((i + 1) % 100)) = 0 ] && echo "# $((i + 1)) of $COUNT random sequences run, $bad failed"
done
[ "$COUNT" -gt 0 ] && [ $bad = 0 ] &&
	ok "$COUNT random key sequences (seeds $SEED to $((SEED + COUNT - 1))) end without a crash"

bad=0
for ((i = 0; i < LIVE; i++)); do
	s=$((SEED + 500000 + i))
	pick "$s"
	keyfuzz_gen "$s" "$P_LENGTH" >"$W/keys"
	P_SIZE=resized
	if ! keyfuzz_live "$W" "$s" "$P_LENGTH" "$P_COLOUR" "$P_EDITOR"; then
		failed "live random keys with resizes, $P_COLOUR, editor $P_EDITOR, seed $s" "$W/keys" \
			"DYAD_FUZZ_SEED=$((s - 500000)) DYAD_FUZZ_COUNT=0 DYAD_FUZZ_LIVE=1"
		bad=$((bad + 1))
	fi
done
[ "$LIVE" -gt 0 ] && [ $bad = 0 ] &&
	ok "$LIVE random key sequences typed live with resizes (seeds from $((SEED + 500000))) end without a crash"
exit 0
