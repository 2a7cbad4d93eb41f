#!/usr/bin/env bash
# hostile.sh: names and notes carrying terminal escape sequences (clear the
# screen, set the window title, write the clipboard), C1 controls and a
# right-to-left override, put into the file directly as an attacker could.
# The interface must show each one as visible text and obey none of them.
. "$DYAD_SRC/tests/lib.sh"
. "$DYAD_SRC/tests/tui/lib/tmux.sh"

run couple add "Plain & Simple" --partner "Ann Plain" --partner "Bob Simple" --intake 2026-10-01
PLAIN=$OUT
run session add "$PLAIN" --date 2026-11-20T10:00
# The command line refuses such names, so they go in through sqlite3.
sqlite3 "$DYAD_DB" <<'SQL'
INSERT INTO couple (id, name, intake_date) VALUES
 (101, 'Clear' || char(27) || '[2J' || char(27) || '[H' || 'Screen', '2026-01-01'),
 (102, 'Title' || char(27) || ']0;PWNED-TITLE' || char(7) || 'Set', '2026-01-01'),
 (103, 'Clip' || char(27) || ']52;c;cHduZWQ=' || char(7) || 'Board', '2026-01-01'),
 (104, 'abc' || char(8238) || 'fed & Reversed', '2026-01-01'),
 (105, 'C1' || char(155) || '31mRed', '2026-01-01');
INSERT INTO partner (couple_id, role, name) VALUES
 (101, 'a', 'Ann' || char(27) || '[2J'), (101, 'b', 'Bo'),
 (102, 'a', 'Cy'), (102, 'b', 'Di' || char(27) || ']2;PWNED-TOO' || char(7)),
 (103, 'a', 'Ed'), (103, 'b', 'Fay'),
 (104, 'a', 'Gil'), (104, 'b', 'Hal'),
 (105, 'a', 'Ida'), (105, 'b', 'Jo');
INSERT INTO session (id, couple_id, starts_at) VALUES (201, 102, '2026-11-21T10:00');
INSERT INTO note (session_id, body) VALUES
 (201, 'hostile note ' || char(27) || ']0;NOTE-TITLE' || char(7) || ' and ' || char(27) || '[2J end');
SQL

tui_start
tui_to_couples
tui_expect "the list opens" "Plain & Simple"
tmx set-option -g set-clipboard on >/dev/null
title_before=$(tmx display-message -p -t 0 '#{pane_title}')
tui_expect "CSI 2J in a name shows as text" 'Clear\x1b[2J\x1b[HScreen'
tui_expect "OSC 0 (window title) in a name shows as text" 'Title\x1b]0;PWNED-TITLE\x07Set'
tui_expect "OSC 52 (clipboard) in a name shows as text" 'Clip\x1b]52;c;cHduZWQ=\x07Board'
tui_expect "a right-to-left override shows as text" 'abc\u202efed & Reversed'
tui_expect "a C1 control shows as text" 'C1\u009b31mRed'
tui_expect "a partner's escape shows as text too" 'Ann\x1b[2J / Bo'
tui_expect "the screen was not cleared: the plain couple is still there" "Plain & Simple"
tui_keys /
tui_type "title"
tui_expect "the hostile couple can be filtered to" "1 of 6"
tui_keys Enter
tui_expect "its screen shows the name escaped" 'Title\x1b]0;PWNED-TITLE\x07Set'
tui_expect "the breadcrumb shows it escaped" 'Couples › Title\x1b]0;PWNED-TITLE\x07Set'
tui_expect "its partner shows escaped" 'Di\x1b]2;PWNED-TOO\x07'
tui_keys Enter
tui_expect "a hostile note shows escaped" 'hostile note \x1b]0;NOTE-TITLE\x07 and \x1b[2J end'
tui_keys s
tui_type "hostile"
tui_expect "a search snippet shows the escapes as text" '\x1b]0;NOTE-TITLE\x07'
title_after=$(tmx display-message -p -t 0 '#{pane_title}')
expect "the window title never changed" test "$title_after" = "$title_before"
expect "no title from the data reached the terminal" test -z "$(printf '%s' "$title_after" | grep PWNED)"
expect "nothing was written to the clipboard" test -z "$(tmx list-buffers 2>/dev/null)"
tui_keys Escape
tui_expect_gone "Esc leaves the search (where Q is just a letter)" "Search notes"
tui_finish "dyad quits cleanly after showing hostile text"
