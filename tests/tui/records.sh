#!/usr/bin/env bash
# records.sh (interface): after a while without a key the screen locks and
# shows no client data; an encrypted database unlocks only with its
# passphrase; a missing or old backup is mentioned at start; opening a
# couple's or a session's record lands in the audit log.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run init --demo
names=$(sqlite3 "$DYAD_DB" "SELECT name FROM couple UNION SELECT name FROM partner")

# no_client_data: none of the couples' or partners' names is on the screen.
no_client_data() {
	local shown
	shown=$(tui_screen)
	while IFS= read -r n; do
		[ -n "$n" ] || continue
		case "$shown" in *"$n"*) echo "# on screen: $n"; return 1 ;; esac
	done <<<"$names"
	return 0
}

# --- the idle lock ----------------------------------------------------------------
tui_start DYAD_LOCK_MINUTES=0.05
tui_expect "Today shows at start" "c couples"
tui_expect "a practice never backed up is told so at start" "never been backed up"
tui_expect "after a while without a key the lock screen comes up" "Press Enter to carry on"
expect "the locked screen shows no couple or partner name" no_client_data
expect "the title says only that dyad is locked" test "$(tui_screen | head -1 | sed 's/ *$//')" = " dyad  Locked"
# Keys that would move, go back or open help do nothing while locked: the
# Enter after them unlocks, and the list is as it was.
tui_keys j q '?' Enter
tui_expect "Enter unlocks an unencrypted database" "c couples"
expect "other keys did nothing while it was locked" test "$(tui_screen | head -1 | sed 's/ *$//')" = " dyad  Today"
tui_finish "dyad leaves normally after a lock"

# --- opening records is audited ------------------------------------------------------
# (DYAD_LOCK_MINUTES=0: no lock gets in the way from here on.)
first=$(sqlite3 "$DYAD_DB" "SELECT id FROM couple WHERE status = 'active' ORDER BY name LIMIT 1")
first_name=$(sqlite3 "$DYAD_DB" "SELECT name FROM couple WHERE id = $first")
tui_start DYAD_LOCK_MINUTES=0
tui_to_couples
tui_expect "with the lock off the couples list shows" "Okafor & Reyes"
tui_keys Enter
tui_expect "Enter opens the first couple" "Couples › $first_name"
tui_keys Enter
tui_expect "and Enter there opens its newest session" "Couples › $first_name › "
tui_finish "dyad leaves normally"
run audit --json
expect "opening a couple's record is in the audit log" test "$(json_get '[(e["object"], e["couple_id"]) for e in d if e["action"] == "open"][:1]')" = "[('couple', $first)]"
expect "opening one of its sessions is too" test "$(json_get '[e["object"] for e in d if e["action"] == "open"]')" = "['couple', 'session']"

# --- the backup reminder ----------------------------------------------------------------
run backup "$T/backup.db"
at=$(sqlite3 "$DYAD_DB" "SELECT substr(at, 1, 10) FROM audit WHERE action = 'export' AND object = 'backup' ORDER BY id DESC LIMIT 1")
DYAD_TODAY="$(date -d "$at + 7 days" +%F)" tui_start DYAD_LOCK_MINUTES=0
tui_wait "c couples"
expect "a backup 7 days old brings no reminder" sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q -E 'backup|backed up'"
tui_finish "dyad leaves normally (7 days)"
DYAD_TODAY="$(date -d "$at + 8 days" +%F)" tui_start DYAD_LOCK_MINUTES=0
tui_expect "a backup 8 days old brings a reminder that says how old" "The last backup was 8 days ago ($at)"
tui_finish "dyad leaves normally (8 days)"

# --- an encrypted database unlocks only with its passphrase ---------------------------------
if "$DYAD" --version | grep -q "with SQLCipher"; then
	printf 'the tui passphrase\n' >"$T/pass"
	chmod 600 "$T/pass"
	DYAD_PASSPHRASE_FILE=$T/pass run encrypt
	tui_start DYAD_LOCK_MINUTES=0.05
	tui_expect "an encrypted database asks for its passphrase before the interface starts" "Passphrase for $DYAD_DB:"
	tui_type "the tui passphrase"
	tui_keys Enter
	tui_expect "with it Today shows" "c couples"
	tui_expect "the lock screen asks for the passphrase" "Type the database's passphrase"
	expect "it shows no client data" no_client_data
	tui_type "not the passphrase"
	tui_keys Enter
	tui_expect "a wrong passphrase is refused" "That passphrase does not open this database."
	expect "and it stays locked, showing nothing" no_client_data
	expect "what was typed is never shown" sh -c "! tmux -L '$TUI_SOCKET' capture-pane -p -t 0 | grep -q -E 'not the passphrase|the tui passphrase'"
	tui_keys Enter
	tui_expect "Enter alone does not unlock it" "Still not the passphrase (2 tries)"
	expect "so nothing shows" no_client_data
	tui_type "the tui passphrase"
	tui_keys Enter
	tui_expect "the right passphrase unlocks it" "Okafor & Reyes"
	tui_keys Q
	expect "dyad leaves normally from an encrypted database" test "$(tui_exit_status)" = 0
fi
