# keyfuzz.sh: random key sequences for dyad's interface, run against a fresh
# copy of the demo practice under ASan+UBSan, looking for crashes. Used by
# tests/tui/random_keys.sh (a short run in make test) and by `make tui-fuzz`
# (thousands of sequences). Needs bash (its seeded $RANDOM) and tmux.
#   keyfuzz_gen SEED COUNT       print COUNT keys in key-script notation, one
#                                a line; the same SEED always gives the same keys
#   keyfuzz_setup DIR            a demo practice in DIR/demo.db and the editors
#   keyfuzz_run DIR SCRIPT COLS ROWS COLOUR EDITOR [LABEL]
#                                run dyad on SCRIPT in a COLSxROWS terminal
#                                (COLOUR: color or nocolor; EDITOR: true, false,
#                                empty or write); 0 when it ended well, else 1
#                                with the reason in $KEYFUZZ_WHY and any
#                                sanitizer report in $KEYFUZZ_REPORT
#   keyfuzz_live DIR SEED COUNT COLOUR EDITOR
#                                the same keys typed into a live terminal that
#                                is resized now and then (the key script has
#                                no way to resize)
# $DYAD must name the binary; the tmux server is $KEYFUZZ_SOCKET.
KEYFUZZ_SOCKET="dyad-fuzz-$$-${RANDOM}"
KEYFUZZ_WHY=""
KEYFUZZ_REPORT=""
KEYFUZZ_TIMEOUT=${KEYFUZZ_TIMEOUT:-30} # seconds one run may take

kfx() { tmux -L "$KEYFUZZ_SOCKET" -f /dev/null "$@"; }

# The keys a person would press, weighted toward the bindings in
# app/tui/keymap.c (repeated entries are likelier), then everything else a
# keyboard sends: other letters, digits, control keys, UTF-8 text (accents,
# CJK, emoji, a combining mark, right-to-left letters, a zero-width joiner).
KEYFUZZ_BOUND=(
	'<Enter>' '<Enter>' '<Enter>' '<Enter>' '<Esc>' '<Esc>' '<Esc>'
	'<Up>' '<Down>' '<Down>' '<Left>' '<Right>' '<PgUp>' '<PgDn>' '<Home>' '<End>'
	'<Tab>' '<Tab>' '<BTab>' '<BS>' '<BS>' '<Del>' '<Space>' '<F1>' '<C-l>'
	j j j k k h l g G / / n D c s a e e t t + = - 0 1 2 3 4 5 6 7 8 9
	v S d H p m x '?' y y r q
)
KEYFUZZ_OTHER=(
	b f i o u w z A B C E F I J K L M N O P R T U V W X Y Z
	'<lt>' '>' '.' ',' ':' ';' "'" '"' '!' '@' '#' '%' '&' '*' '(' ')' '[' ']' '_' '|' '\' '~' '`'
	'<C-a>' '<C-b>' '<C-d>' '<C-e>' '<C-f>' '<C-k>' '<C-u>' '<C-w>' '<C-c>' '<C-z>'
	'<F2>' '<F5>' '<F10>' '<F12>'
	é ü ñ Ł ß 山 田 花 子 한 😀 👩‍❤️‍👨 ́ א ב ع ‍ ‮ 　 ・
)

# A line of a key script that starts with ':' or '#' is a command or a
# comment, so those two keys join the line before.
keyfuzz_gen() {
	local count=$2 i r key line=""
	RANDOM=$1
	for ((i = 0; i < count; i++)); do
		r=$((RANDOM % 100))
		if [ $r -lt 78 ]; then
			key=${KEYFUZZ_BOUND[RANDOM % ${#KEYFUZZ_BOUND[@]}]}
		elif [ $r -lt 98 ]; then
			key=${KEYFUZZ_OTHER[RANDOM % ${#KEYFUZZ_OTHER[@]}]}
		else
			key=Q # rarely: leave early
		fi
		case $key in
		':' | '#') [ -n "$line" ] && line=$line$key ;;
		*)
			[ -n "$line" ] && printf '%s\n' "$line"
			line=$key
			;;
		esac
	done
	[ -n "$line" ] && printf '%s\n' "$line"
	return 0
}

# Editors that never wait for a person: one that leaves the file as it is,
# one that fails, one that empties the file, one that writes a note.
keyfuzz_setup() {
	local dir=$1
	mkdir -p "$dir/home" "$dir/ed"
	printf '#!/bin/sh\n: >"$1"\n' >"$dir/ed/empty"
	printf '#!/bin/sh\nprintf "Both came late; ok.\\n山田 said \\"enough\\".\\n" >>"$1"\n' >"$dir/ed/write"
	chmod +x "$dir/ed/empty" "$dir/ed/write"
	HOME="$dir/home" XDG_DATA_HOME="$dir/home/.local/share" XDG_CONFIG_HOME="$dir/home/.config" \
		DYAD_DB="$dir/demo.db" DYAD_TODAY=2026-11-28 ASAN_OPTIONS=detect_leaks=0 \
		"$DYAD" init --demo >"$dir/init.log" 2>&1
}

keyfuzz_editor() {
	case $2 in
	true | false) echo "$2" ;;
	*) echo "$1/ed/$2" ;;
	esac
}

# Starts dyad in a fresh tmux session on a fresh copy of the practice; the
# exit status lands in $run/rc.
keyfuzz_start() {
	local dir=$1 run=$2 cols=$3 rows=$4 colour=$5 editor=$6
	shift 6
	rm -rf "$run"
	mkdir -p "$run/san" "$run/home" "$run/tmp"
	cp "$dir/demo.db" "$run/dyad.db"
	local nocolor=""
	[ "$colour" = nocolor ] && nocolor=1
	local cmd
	cmd=$(printf '%q ' env HOME="$run/home" XDG_DATA_HOME="$run/home/.local/share" \
		XDG_CONFIG_HOME="$run/home/.config" DYAD_DB="$run/dyad.db" DYAD_TODAY=2026-11-28 \
		LC_ALL=C.UTF-8 TERM=xterm-256color TMPDIR="$run/tmp" NO_COLOR="$nocolor" \
		DYAD_EDITOR="$(keyfuzz_editor "$dir" "$editor")" \
		ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:log_path=$run/san/asan" \
		UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1:log_path=$run/san/ubsan" \
		LSAN_OPTIONS="suppressions=$DYAD_SRC/tests/lsan.supp:print_suppressions=0" \
		"$@" "$DYAD")
	kfx kill-server 2>/dev/null
	(cd "$run" && kfx new-session -d -x "$cols" -y "$rows" "$cmd; echo \$? > $(printf '%q' "$run/rc")")
}

# Waits for $run/rc up to $2 tenths of a second; 0 when it came.
keyfuzz_wait() {
	local i=0
	while [ $i -lt "$2" ] && [ ! -s "$1/rc" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$1/rc" ]
}

# Judges a finished (or stuck) run: 0 when dyad ended with status 0 and no
# sanitizer spoke.
keyfuzz_judge() {
	local run=$1 rc
	KEYFUZZ_WHY=""
	KEYFUZZ_REPORT=""
	if [ ! -s "$run/rc" ]; then
		KEYFUZZ_WHY="dyad did not end within ${KEYFUZZ_TIMEOUT} s"
		kfx kill-server 2>/dev/null
		return 1
	fi
	rc=$(cat "$run/rc")
	if ls "$run/san/"* >/dev/null 2>&1; then
		KEYFUZZ_REPORT=$(cat "$run/san/"* | head -n 60)
		KEYFUZZ_WHY="a sanitizer report (exit status $rc)"
		return 1
	fi
	if [ "$rc" != 0 ]; then
		KEYFUZZ_WHY="exit status $rc"
		[ "$rc" -gt 128 ] && KEYFUZZ_WHY="killed by signal $((rc - 128))"
		return 1
	fi
	return 0
}

keyfuzz_run() {
	local dir=$1 script=$2 cols=$3 rows=$4 colour=$5 editor=$6 run="$1/run"
	keyfuzz_start "$dir" "$run" "$cols" "$rows" "$colour" "$editor" DYAD_KEYS_SCRIPT="$script"
	keyfuzz_wait "$run" $((KEYFUZZ_TIMEOUT * 10))
	keyfuzz_judge "$run"
}

# tmux's names for the keys in script notation; text is typed literally.
keyfuzz_send() {
	case $1 in
	'<Enter>') kfx send-keys -t 0 Enter ;;
	'<Esc>') kfx send-keys -t 0 Escape ;;
	'<Tab>') kfx send-keys -t 0 Tab ;;
	'<BTab>') kfx send-keys -t 0 BTab ;;
	'<Up>' | '<Down>' | '<Left>' | '<Right>' | '<Home>' | '<End>' | '<PgUp>' | '<PgDn>')
		local k=${1#<}
		kfx send-keys -t 0 "${k%>}" ;;
	'<BS>') kfx send-keys -t 0 BSpace ;;
	'<Del>') kfx send-keys -t 0 DC ;;
	'<Space>') kfx send-keys -t 0 Space ;;
	'<lt>') kfx send-keys -t 0 -l '<' ;;
	'<C-c>' | '<C-z>') ;; # signals in a live terminal, not keys
	'<C-'?'>') local c=${1#<C-}; kfx send-keys -t 0 "C-${c%>}" ;;
	'<F'*'>') local f=${1#<}; kfx send-keys -t 0 "${f%>}" ;;
	*) kfx send-keys -t 0 -l "$1" ;;
	esac
}

keyfuzz_live() {
	local dir=$1 seed=$2 count=$3 colour=$4 editor=$5 run="$1/run" key i=0
	local sizes=(100x30 40x10 20x5 60x16 59x15 80x24 1x1 200x60 61x17)
	RANDOM=$seed
	# Every other run locks itself after 0.6 s without a key, so the lock
	# screen comes and goes between the keys.
	local lock=10
	[ $((seed % 2)) = 0 ] && lock=0.01
	keyfuzz_start "$dir" "$run" 100 30 "$colour" "$editor" DYAD_LOCK_MINUTES=$lock
	sleep 0.5
	while IFS= read -r key; do
		[ -s "$run/rc" ] && break
		if [ $((RANDOM % 8)) -eq 0 ]; then
			local size=${sizes[RANDOM % ${#sizes[@]}]}
			kfx resize-window -t 0 -x "${size%x*}" -y "${size#*x}" 2>/dev/null
		fi
		keyfuzz_send "$key" 2>/dev/null
		i=$((i + 1))
		# Now and then let the keys be read before more come; with the quick
		# lock, now and then wait long enough for it.
		[ $((i % 6)) -eq 0 ] && sleep 0.05
		[ "$lock" != 10 ] && [ $((RANDOM % 20)) -eq 0 ] && sleep 1.3
	done < <(keyfuzz_gen "$seed" "$count")
	# Leave: Enter (for the lock screen), Esc (spaced so no two read as one
	# sequence) back to the list, then Q.
	kfx send-keys -t 0 Enter 2>/dev/null
	for i in 1 2 3 4 5 6 7 8; do
		[ -s "$run/rc" ] && break
		sleep 0.06
		kfx send-keys -t 0 Escape 2>/dev/null
	done
	kfx resize-window -t 0 -x 100 -y 30 2>/dev/null
	sleep 0.1
	[ -s "$run/rc" ] || kfx send-keys -t 0 Q 2>/dev/null
	keyfuzz_wait "$run" $((KEYFUZZ_TIMEOUT * 10)) || {
		# A lock screen or an unanswered question can keep it up: ask it to stop.
		kfx send-keys -t 0 Enter Escape q q Q 2>/dev/null
		keyfuzz_wait "$run" 30
	}
	keyfuzz_judge "$run"
}
