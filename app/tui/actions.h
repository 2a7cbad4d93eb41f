/* actions.h: everything a key can ask for, as data. Each action carries a
 * short label (the status line: "Enter open") and a line of help (the `?`
 * screen), so neither is ever written by hand anywhere else. Keys are bound
 * to actions in keymap.c. */
#ifndef DYAD_TUI_ACTIONS_H
#define DYAD_TUI_ACTIONS_H

/* X(NAME, label, help) */
#define TUI_ACTIONS(X)                                                                  \
	/* everywhere (handled in global.c unless a screen takes them first) */               \
	X(BACK, "back", "go back to the previous screen")                                     \
	X(QUIT, "quit", "leave dyad, from any screen")                                        \
	X(HELP, "help", "show the keys of this screen")                                       \
	X(REFRESH, "refresh", "reload from the database, to see changes made elsewhere")      \
	X(SEARCH, "search", "search every note, as you type")                                 \
	/* moving around */                                                                 \
	X(UP, "up", "move up")                                                                \
	X(DOWN, "down", "move down")                                                          \
	X(LEFT, "left", "move left")                                                          \
	X(RIGHT, "right", "move right")                                                       \
	X(PAGE_UP, "page up", "move up a page")                                               \
	X(PAGE_DOWN, "page down", "move down a page")                                         \
	X(FIRST, "first", "go to the first line")                                             \
	X(LAST, "last", "go to the last line")                                                \
	X(NEXT_SECTION, "next part", "move between the parts of this screen")                 \
	/* the welcome screen */                                                            \
	X(DEMO_LOAD, "demo", "load the demo practice: fictional couples to explore")          \
	/* Today */                                                                         \
	X(TODAY_OPEN, "open", "open what the selected line is about: its session, its couple or its homework") \
	X(COUPLES_SHOW, "couples", "go to the list of couples")                               \
	X(TODAY_SHOW, "today", "go to Today: the sessions of today and tomorrow and what is waiting") \
	/* the couples list */                                                              \
	X(COUPLE_OPEN, "open", "open the selected couple")                                    \
	X(COUPLE_ADD, "new couple", "add a couple")                                           \
	X(FILTER, "filter", "filter the list as you type (Esc clears the filter)")            \
	X(TOGGLE_CLOSED, "closed", "show or hide paused and closed couples")                  \
	/* one couple */                                                                    \
	X(SESSION_OPEN, "open", "open the selected session; on the Safety screening part, show or hide the screenings") \
	X(SESSION_ADD, "add session", "record a new session for this couple; on the Safety screening part, add a screening for one partner") \
	X(COUPLE_EDIT, "edit couple", "change the couple's name or the partners' names and pronouns; on the Intake part, edit the intake") \
	X(COUPLE_STATUS, "status", "change the couple's status: active, paused or closed")   \
	/* one session */                                                                   \
	X(RATE_UP, "raise", "raise the selected rating by one (saved at once)")                   \
	X(RATE_DOWN, "lower", "lower the selected rating by one: at once on a scale that cannot be negative; else - starts a number, and a lone - lowers by one at Enter, Tab or a move (a second - lowers at once)") \
	X(RATE_TYPE, "type a value", "type a value for the selected rating: digits, with a leading - for a negative number (- 1 Enter is -1); Enter, Tab or a move saves it once it fits the scale, Backspace edits it, Esc cancels it") \
	X(RATE_CLEAR, "clear", "remove the selected rating")                                  \
	X(NOTE_EDIT, "edit note", "write the note in your editor ($DYAD_EDITOR, $VISUAL, $EDITOR or vi)") \
	X(NOTE_READ, "read", "read the whole note on one screen")                             \
	X(NOTE_SIGN, "sign", "sign the note; a signed note is locked for good")               \
	X(SESSION_EDIT, "details", "correct the session's date, minutes, modality or attendance") \
	/* search results */                                                                \
	X(RESULT_OPEN, "open", "open the session this note belongs to")                       \
	/* forms and questions */                                                           \
	X(SAVE, "save", "save what the form holds")                                           \
	X(NEXT_FIELD, "next field", "go to the next field")                                   \
	X(PREV_FIELD, "previous field", "go to the previous field")                           \
	X(CHOICE_PREV, "choose", "pick the previous choice")                                  \
	X(CHOICE_NEXT, "choose", "pick the next choice")                                      \
	X(CONFIRM_YES, "yes", "yes, go ahead")                                                \
	X(DISCARD, "discard", "throw away what the question is about, where offered")        \
	X(CANCEL, "cancel", "close without changing anything")                                \
	/* homework */                                                                        \
	X(HOMEWORK_ASSIGN, "assign homework", "choose an exercise from the library, see its handout, and assign it") \
	X(HOMEWORK_CHECKIN, "check in", "record how much of the selected homework each partner did") \
	X(HOMEWORK_HANDOUT, "handout", "write the selected homework's handout as a PDF in the current folder") \
	X(HOMEWORK_STATUS, "mark", "mark the selected homework done or dropped, or open it again") \
	X(EXERCISE_CHOOSE, "assign", "assign the selected exercise to this couple")          \
	/* progress */                                                                        \
	X(REPORT, "report", "write the couple's progress report, a spreadsheet, into the current folder") \
	X(SUMMARY, "summary", "write the couple's one-page progress summary, a PDF they may see, into the current folder") \
	X(RECORD, "record", "write the couple's whole record as a signed PDF (nothing private) into the current folder") \
	/* records add their actions here */

enum tui_action {
	TUI_ACTION_NONE = 0,
#define TUI_ACTION_ENUM(name, label, help) TUI_ACTION_##name,
	TUI_ACTIONS(TUI_ACTION_ENUM)
#undef TUI_ACTION_ENUM
	TUI_ACTION_COUNT
};

/* The short label and the help line of an action; never NULL. */
const char *tui_action_label(enum tui_action action);
const char *tui_action_help(enum tui_action action);

#endif
