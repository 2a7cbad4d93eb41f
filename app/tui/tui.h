/* tui.h: the clinician's full-screen interface (`dyad` with no command).
 *
 * How it is built (read this before adding to it):
 *   tui.c       the main loop: curses up and down, one key at a time from
 *               input.c, handed to the screen on top, then navigation is
 *               applied and the whole screen drawn. Only the loop draws.
 *   screen.h    struct tui, the screen ops, reactions, navigation
 *               (tui_open / tui_push / tui_back) and the status-line
 *               message (tui_message). Every screen is one file with one
 *               `tui_<name>_ops`, listed in TUI_SCREENS.
 *   actions.h   every action as data (label for the status line, help line
 *               for `?`); keymap.c binds keys to actions per screen; the
 *               help screen and the hints are generated from that table.
 *   global.c    actions that work everywhere (back, quit, help, refresh,
 *               search) as a command table, and the hook table.
 *   section.h   the couple and session screens are stacks of sections
 *               (header, sessions; header, note, ratings). Keys go to the
 *               section that has the focus; once a screen has two that take
 *               focus, bind Tab to NEXT_SECTION on it to move between them.
 *   text.c, draw.c   stored text made safe, measured and cut by display
 *               width; roles instead of colours (NO_COLOR works).
 *   form.c, confirm.c, editor.c, lineedit.c   forms, yes/no questions, the
 *               $EDITOR round trip, one-line text entry.
 *
 * Extension points, by concept:
 *   (a) Homework: homework.c is the homework section of
 *       the couple screen (couple_sections[]) and of the session screen
 *       (session_sections[]); library.c is the LIBRARY screen. The homework
 *       actions (HOMEWORK_* in TUI_ACTIONS) go to the homework section
 *       whichever section has the focus (sections_action_for), so `c`, `p`
 *       and `m` work on its selection from anywhere on the screen. Handouts
 *       are written by output/handout_file.c, shared with the command line. An open-homework column on the couples
 *       list would be a column in couples_columns[] in couples.c.
 *   (b) Progress: measure sparklines are a section on the couple
 *       screen (couple_sections[]). The `x` report key works on whatever
 *       couple is in view: add the action, bind it on COUPLES and COUPLE,
 *       and add a command to tui_commands[] in global.c; it gets the couple
 *       from the screen's target(). Keep library output off the screen
 *       (stderr is /dev/null while curses runs; report problems through
 *       tui_message()).
 *   (c) Records: the idle lock is a screen with
 *       TUI_SCREEN_CONCEAL (nothing below it is drawn, not even in the
 *       title) pushed by a hook's tick() (tui_hooks[] in global.c; the loop
 *       wakes every second when a hook has a tick). The backup-age reminder
 *       is a hook's started() calling tui_message(). Auditing "a couple's
 *       record was opened" is a hook's opened().
 */
#ifndef DYAD_TUI_TUI_H
#define DYAD_TUI_TUI_H

/* Runs the interface on the database named by db_option (the --db flag),
 * else $DYAD_DB, else the default path; keys come from the terminal, or
 * from the key script named by $DYAD_KEYS_SCRIPT. Refuses (exit code 1,
 * one line on stderr) when standard input or output is not a terminal or
 * the database cannot be opened. Returns the process exit code. */
int tui_run(const char *db_option);

#endif
