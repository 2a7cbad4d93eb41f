#!/usr/bin/env bash
# couple_homework.sh: the couples list counts each couple's open homework.
. "$DYAD_SRC/tests/lib.sh"

run couple add "Okafor & Reyes" --partner "Maya Okafor" --partner "Daniel Reyes"
CID=$OUT
run couple show "$CID" --json
expect "a new couple has no open homework" test "$(json_get 'd["homework_open"]')" = 0
run assign "$CID" attention-daily
A1=$OUT
run assign "$CID" repair-log
run couple show "$CID" --json
expect "two assignments are two open" test "$(json_get 'd["homework_open"]')" = 2
run assignment set "$A1" --status done
run couple list --json
expect "a finished assignment is no longer open" test "$(json_get '[c["homework_open"] for c in d][0]')" = 1
run couple list
expect_out "the text list has a homework column" "HOMEWORK"

# The interface shows the same count on the couples screen.
sock="dyad-ch-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$T"' EXIT
tmux -L "$sock" new-session -d -x 100 -y 30 "env DYAD_DB='$DYAD_DB' DYAD_TODAY=$DYAD_TODAY '$DYAD' ; sleep 5"
# A practice opens on Today; c goes to the couples list.
for _ in $(seq 1 50); do
	case "$(tmux -L "$sock" capture-pane -p 2>/dev/null)" in *"c couples"*) break ;; esac
	sleep 0.1
done
tmux -L "$sock" send-keys c
seen=""
for _ in $(seq 1 50); do
	screen=$(tmux -L "$sock" capture-pane -p 2>/dev/null)
	case "$screen" in *"1 open"*) seen=yes; break ;; esac
	sleep 0.1
done
if [ -n "$seen" ]; then ok "the couples screen shows open homework"; else not_ok "the couples screen shows open homework" "$screen"; fi
case "$screen" in *Homework*) ok "the couples screen has a Homework heading" ;; *) not_ok "the couples screen has a Homework heading" "$screen" ;; esac
tmux -L "$sock" send-keys q
