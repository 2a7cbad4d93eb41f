# tmux.sh: drives dyad's interface in a real terminal for the tests in
# tests/tui. Source it after tests/lib.sh. Each test file gets its own tmux
# server (-L, a private socket) so parallel runs never meet, and a 100x30
# window. Nothing here sleeps for a fixed time to let something happen: it
# polls the screen until the expected text shows, up to a bound.
#   tui_start [VAR=VALUE ...]   start dyad (no command) with extra environment
#   tui_keys KEY...             tmux send-keys (names: Enter Escape Up C-l ...)
#   tui_type TEXT               type TEXT literally
#   tui_wait TEXT               wait until the screen shows TEXT (0) or give up (1)
#   tui_expect NAME TEXT        ok when the screen comes to show TEXT
#   tui_expect_gone NAME TEXT   ok when the screen comes to lack TEXT
#   tui_screen                  print the screen as it is now
#   tui_resize COLS ROWS        resize the window
#   tui_finish NAME             quit with Q and check dyad exited with status 0
#   tui_to_couples              from Today (where a practice opens), c to the couples list
TUI_SOCKET="dyad-t-$$-${RANDOM}"
TUI_RC="$T/tui.rc"
TUI_WAIT_TRIES=${DYAD_TUI_WAIT_TRIES:-300} # 0.1 s each
trap 'tmux -L "$TUI_SOCKET" kill-server 2>/dev/null; rm -rf "$T"' EXIT

tmx() { tmux -L "$TUI_SOCKET" -f /dev/null "$@"; }

if ! command -v tmux >/dev/null 2>&1; then
	skip "interface tests" "tmux is not installed"
	exit 0
fi

tui_start() {
	rm -f "$TUI_RC"
	local cmd
	# Everything the test set up travels explicitly: the tmux server keeps
	# the environment of whoever started it first.
	cmd=$(printf '%q ' env HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" DYAD_DB="$DYAD_DB" DYAD_TODAY="$DYAD_TODAY" \
		LC_ALL=C.UTF-8 TMPDIR="$T" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
		UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" "$@" "$DYAD")
	tmx kill-server 2>/dev/null
	tmx new-session -d -x 100 -y 30 "$cmd; echo \$? > $(printf '%q' "$TUI_RC")"
}

tui_keys() { tmx send-keys -t 0 "$@"; }
tui_type() { tmx send-keys -t 0 -l "$1"; }
tui_screen() { tmx capture-pane -p -t 0 2>/dev/null; }

# tui_pause I: the pause before poll I+1, a tenth of a second, up to
# TUI_WAIT_TRIES of them. (Polls 20 ms apart were tried: a key could then
# reach dyad while it was still settling a screen it had just drawn, and an
# interface test failed under load in CI.)
tui_pause() { sleep 0.1; }

# (The screen is matched in the shell, with no grep to start per poll.)
tui_wait() {
	local i=0 screen
	while [ $i -lt $TUI_WAIT_TRIES ]; do
		screen=$(tui_screen)
		[[ $screen == *"$1"* ]] && return 0
		tui_pause $i
		i=$((i + 1))
	done
	return 1
}

tui_wait_gone() {
	local i=0 screen
	while [ $i -lt $TUI_WAIT_TRIES ]; do
		screen=$(tui_screen)
		[[ $screen != *"$1"* ]] && return 0
		tui_pause $i
		i=$((i + 1))
	done
	return 1
}

tui_expect() {
	if tui_wait "$2"; then
		ok "$1"
	else
		not_ok "$1" "the screen never showed '$2'; it shows:
$(tui_screen)"
	fi
}

tui_expect_gone() {
	if tui_wait_gone "$2"; then
		ok "$1"
	else
		not_ok "$1" "the screen still shows '$2':
$(tui_screen)"
	fi
}

tui_resize() { tmx resize-window -t 0 -x "$1" -y "$2"; }

# Waits for dyad to end; prints its exit status (or "none").
tui_exit_status() {
	local i=0
	while [ $i -lt $TUI_WAIT_TRIES ] && [ ! -s "$TUI_RC" ]; do
		tui_pause $i
		i=$((i + 1))
	done
	if [ -s "$TUI_RC" ]; then cat "$TUI_RC"; else echo none; fi
}

tui_finish() {
	tui_keys Q
	local status
	status=$(tui_exit_status)
	if [ "$status" = 0 ]; then
		ok "$1"
	else
		not_ok "$1" "dyad exited with status $status"
	fi
}

# A practice with couples opens on Today; most tests begin from the couples
# list, one key away.
tui_to_couples() {
	tui_wait "c couples" || return 1
	tui_keys c
	tui_wait "active couples"
}
