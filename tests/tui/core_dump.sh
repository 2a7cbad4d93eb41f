#!/usr/bin/env bash
# core_dump.sh: a crash never leaves a core file: dyad sets its core size
# limit to 0 (and, on Linux, marks itself not dumpable) before it reads
# anything, whatever `ulimit -c` it was started with, so clinical text in
# its memory never reaches the disk. DYAD_ALLOW_CORE=1 leaves the limit be.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

if [ "$(uname -s)" != Linux ]; then
	skip "core dumps" "reads /proc, so Linux only"
	exit 0
fi
if grep -q -a __asan_init "$DYAD"; then
	# ASan catches SIGSEGV itself and never dumps core: nothing to see.
	skip "core dumps" "the sanitizer build handles SIGSEGV itself"
	exit 0
fi

run init --demo
mkdir -p "$T/cwd"

# dyad started from a shell that allows any core size, waiting for keys in
# the interface; prints its process id.
start_waiting() {
	rm -f "$TUI_RC"
	local cmd
	cmd=$(printf '%q ' env HOME="$HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" DYAD_DB="$DYAD_DB" DYAD_TODAY="$DYAD_TODAY" \
		LC_ALL=C.UTF-8 "$@" "$DYAD")
	tmx kill-server 2>/dev/null
	tmx new-session -d -x 100 -y 30 \
		"cd $(printf '%q' "$T/cwd") && ulimit -c unlimited && $cmd; echo \$? > $(printf '%q' "$TUI_RC")"
	tui_wait "Okafor & Reyes" >/dev/null
	local shell_pid
	shell_pid=$(tmx display-message -p -t 0 '#{pane_pid}')
	pgrep -P "$shell_pid" -x dyad | head -n 1
}

core_limit() { awk '/^Max core file size/ { print $5 }' "/proc/$1/limits"; }

pid=$(start_waiting)
expect "dyad is running in the interface" test -n "$pid"
limit=$(core_limit "$pid")
expect "while it runs, its core size limit is 0 (the shell allowed unlimited)" test "$limit" = 0
kill -SEGV "$pid"
status=$(tui_exit_status)
expect "SIGSEGV ended it (status 139)" test "$status" = 139
expect "no core file was written" test -z "$(ls -A "$T/cwd")"

# The override, for debugging: the limit is left as the shell set it. The
# process is not crashed here: that would write a core.
pid=$(start_waiting DYAD_ALLOW_CORE=1)
expect "with DYAD_ALLOW_CORE=1 the core size limit is left unlimited" \
	test "$(core_limit "$pid")" = unlimited
tui_finish "and dyad still quits normally"
