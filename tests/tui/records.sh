#!/usr/bin/env bash
# records.sh (interface): after a while without a key the screen locks and
# shows no client data; an encrypted database unlocks only with its
# passphrase; an old (or missing) backup is mentioned at start; opening a
# couple's or a session's record lands in the audit log. Driven in tmux.
. "$DYAD_SRC/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip "the interface's record keeping" "tmux is not installed"
	exit 0
fi
SOCK="dyad-records-$$"
tm() { tmux -L "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# start [VAR=VALUE...]: dyad's interface in a fresh 100x30 tmux session.
start() {
	tm kill-session -t dyad 2>/dev/null
	tm new-session -d -s dyad -x 100 -y 30 \
		"env HOME='$HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' \
		DYAD_DB='$DYAD_DB' DYAD_TODAY='$DYAD_TODAY' LC_ALL=C.UTF-8 TERM=xterm-256color $* \
		'$DYAD'; sleep 60"
}
screen() { tm capture-pane -p -t dyad; }
# wait_for TEXT: until TEXT is on the screen (up to 30 s); false if never.
wait_for() {
	local i
	for i in $(seq 1 300); do
		screen | grep -q -F -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
keys() { tm send-keys -t dyad "$@"; }

run init --demo
names=$(sqlite3 "$DYAD_DB" "SELECT name FROM couple UNION SELECT name FROM partner")

# no_client_data: none of the couples' or partners' names is on the screen.
no_client_data() {
	local shown
	shown=$(screen)
	while IFS= read -r n; do
		[ -n "$n" ] || continue
		case "$shown" in *"$n"*) echo "# on screen: $n"; return 1 ;; esac
	done <<<"$names"
	return 0
}

# --- the idle lock ----------------------------------------------------------------
start DYAD_LOCK_MINUTES=0.05
expect "the couples list shows at start" wait_for "Okafor & Reyes"
expect "an old or missing backup is mentioned at start" wait_for "never been backed up"
expect "after a while without a key the lock screen comes up" wait_for "Press Enter to carry on"
expect "the locked screen shows no couple or partner name" no_client_data
expect "the title says only that dyad is locked" test "$(screen | head -1 | sed 's/ *$//')" = " dyad  Locked"
keys j
expect "other keys leave it locked" sh -c "sleep 0.3; tmux -L '$SOCK' capture-pane -p -t dyad | grep -q 'Press Enter to carry on'"
keys Enter
expect "Enter unlocks an unencrypted database" wait_for "Okafor & Reyes"
tm kill-session -t dyad

# --- opening records is audited ------------------------------------------------------
# (DYAD_LOCK_MINUTES=0: no lock gets in the way from here on.)
start DYAD_LOCK_MINUTES=0
wait_for "Okafor & Reyes"
first=$(sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE status = 'active' ORDER BY name LIMIT 1")
first_name=$(sqlite3 "$DYAD_DB" "SELECT name FROM couple WHERE id = $first")
keys Enter
expect "Enter opens the first couple" wait_for "Couples › $first_name"
keys Enter
expect "and Enter there opens its newest session" wait_for "Couples › $first_name › "
keys Q
expect "Q leaves dyad" sh -c "for i in \$(seq 1 100); do tmux -L '$SOCK' capture-pane -p -t dyad | grep -q 'Couples ›' || exit 0; sleep 0.1; done; exit 1"
tm kill-session -t dyad
run audit --json
expect "opening a couple's record is in the audit log" test "$(json_get '[(e["object"], e["couple_id"]) for e in d if e["action"] == "open"][:1]')" = "[('couple', $first)]"
expect "opening one of its sessions is too" test "$(json_get '[e["object"] for e in d if e["action"] == "open"]')" = "['couple', 'session']"

# --- the backup reminder ----------------------------------------------------------------
run backup "$T/backup.db"
at=$(sqlite3 "$DYAD_DB" "SELECT substr(at, 1, 10) FROM audit WHERE action = 'export' AND object = 'backup' ORDER BY id DESC LIMIT 1")
start DYAD_LOCK_MINUTES=0 DYAD_TODAY="$(date -d "$at + 7 days" +%F)"
wait_for "Okafor & Reyes"
sleep 0.5
expect "a backup 7 days old brings no reminder" sh -c "! tmux -L '$SOCK' capture-pane -p -t dyad | grep -q -E 'backup|backed up'"
start DYAD_LOCK_MINUTES=0 DYAD_TODAY="$(date -d "$at + 8 days" +%F)"
expect "a backup 8 days old brings a reminder that says how old" wait_for "The last backup was 8 days ago ($at)"
tm kill-session -t dyad

# --- an encrypted database unlocks only with its passphrase ---------------------------------
if "$DYAD" --version | grep -q "with SQLCipher"; then
	printf 'the tui passphrase\n' >"$T/pass"
	chmod 600 "$T/pass"
	DYAD_PASSPHRASE_FILE=$T/pass run encrypt
	start DYAD_LOCK_MINUTES=0.05
	expect "an encrypted database asks for its passphrase before the interface starts" wait_for "Passphrase for $DYAD_DB:"
	keys "the tui passphrase" Enter
	expect "with it the couples show" wait_for "Okafor & Reyes"
	expect "the lock screen asks for the passphrase" wait_for "Type the database's passphrase"
	expect "it shows no client data" no_client_data
	keys "not the passphrase" Enter
	expect "a wrong passphrase is refused" wait_for "That passphrase does not open this database."
	expect "and it stays locked, showing nothing" no_client_data
	expect "what was typed is never shown" sh -c "! tmux -L '$SOCK' capture-pane -p -t dyad | grep -q -E 'not the passphrase|the tui passphrase'"
	keys Enter
	expect "Enter alone does not unlock it" sh -c "sleep 0.3; ! tmux -L '$SOCK' capture-pane -p -t dyad | grep -q 'Okafor & Reyes'"
	keys "the tui passphrase" Enter
	expect "the right passphrase unlocks it" wait_for "Okafor & Reyes"
	tm kill-session -t dyad
fi
