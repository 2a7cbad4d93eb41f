/* screen.h: what every screen shares: the running interface (struct tui),
 * the ops a screen provides, the reactions its handlers return, navigation,
 * and the status-line message. Screens never redraw themselves: they change
 * their state and return what changed; only the main loop (tui.c) draws. */
#ifndef DYAD_TUI_SCREEN_H
#define DYAD_TUI_SCREEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/store/db.h"
#include "app/tui/actions.h"

/* Every screen: X(ID, name). A screen file defines `tui_<name>_ops`. */
#define TUI_SCREENS(X)     \
	X(WELCOME, welcome)    \
	X(TODAY, today)        /* the practice's day: sessions, notes, measures, homework */ \
	X(COUPLES, couples)    \
	X(COUPLE, couple)      \
	X(SESSION, session)    \
	X(NOTE, note)          \
	X(SEARCH, search)      \
	X(HELP, help)          \
	X(FORM, form)          \
	X(CONFIRM, confirm)    \
	X(LIBRARY, library)    /* homework: the exercise library */ \
	X(LOCK, lock)          /* records: the lock screen */

enum tui_screen_id {
	TUI_SCREEN_ANY = 0, /* in the keymap: bound on every screen */
#define TUI_SCREEN_ENUM(id, name) TUI_SCREEN_##id,
	TUI_SCREENS(TUI_SCREEN_ENUM)
#undef TUI_SCREEN_ENUM
	TUI_SCREEN_COUNT
};

/* What a screen is about: the couple and session in view, or (for help)
 * the screen whose keys to list. Zero where it does not apply. */
struct tui_target {
	enum tui_screen_id screen;
	int64_t couple_id;
	int64_t session_id;
};

/* A rectangle of the terminal, in rows and columns. */
struct tui_area {
	int top, left, height, width;
};

/* What a handler changed; the main loop acts on it. */
enum tui_reaction {
	TUI_NOTHING = 0,
	TUI_REDRAW = 1 << 0,    /* state changed: draw again */
	TUI_RELOAD = 1 << 1,    /* data may have changed: load the screen again, then draw */
	TUI_UNHANDLED = 1 << 2, /* not for me: try the next handler */
	TUI_QUIT = 1 << 3       /* leave dyad */
};

enum tui_screen_flags {
	TUI_SCREEN_OVERLAY = 1 << 0, /* a dialog: the screen below is drawn first */
	TUI_SCREEN_CONCEAL = 1 << 1, /* nothing of the screens below may show, not even in the title */
	TUI_SCREEN_TYPING = 1 << 2   /* printable keys are text here: global letter keys do not apply */
};

struct tui;

struct tui_screen_ops {
	enum tui_screen_id id;
	const char *name;   /* "Couples": the help screen names the screen by it */
	unsigned flags;
	/* Allocates the screen's state for target; no database work yet. NULL
	 * when out of memory. */
	void *(*create)(struct tui *tui, const struct tui_target *target);
	/* (Re)loads the screen's data: on entry, on coming back to it, on
	 * refresh. Keeps the selection where it can. */
	enum dyad_error (*load)(struct tui *tui, void *self, struct dyad_status *st);
	void (*draw)(struct tui *tui, void *self, struct tui_area area);
	/* Sees every key first, for typing into text; returns TUI_UNHANDLED
	 * for keys that should go to the keymap. May be NULL. */
	unsigned (*key)(struct tui *tui, void *self, int key);
	/* Handles a bound action; TUI_UNHANDLED passes it to global.c. */
	unsigned (*action)(struct tui *tui, void *self, enum tui_action action, int key);
	/* Appends this screen's part of the title ("Okafor & Reyes"). */
	void (*title)(void *self, struct strbuf *out);
	/* Appends the status line's keys when they depend on state (typing a
	 * filter, say); NULL means the keymap's hints for the screen. */
	void (*hints)(struct tui *tui, void *self, struct strbuf *out);
	/* What is selected or in view, for actions that work on it (a report
	 * key, say). False when nothing is. May be NULL. */
	bool (*target)(void *self, struct tui_target *out);
	void (*destroy)(void *self);
};

#define TUI_SCREEN_OPS_DECLARE(id, name) extern const struct tui_screen_ops tui_##name##_ops;
TUI_SCREENS(TUI_SCREEN_OPS_DECLARE)
#undef TUI_SCREEN_OPS_DECLARE

/* The ops for a screen id; NULL for TUI_SCREEN_ANY. */
const struct tui_screen_ops *tui_screen_ops(enum tui_screen_id id);

enum tui_tone { TUI_TONE_INFO, TUI_TONE_DONE, TUI_TONE_ERROR };

#define TUI_STACK_MAX 16
#define TUI_PENDING_MAX 8

struct tui_frame {
	const struct tui_screen_ops *ops;
	void *self;
};

struct tui_input;

/* The running interface. Screens read it and call the functions below. */
struct tui {
	struct store *store;
	struct tui_frame stack[TUI_STACK_MAX];
	int depth;
	/* Navigation asked for by a handler, applied by the main loop after it
	 * returns, so no screen is freed while its own code runs. */
	struct {
		bool push;               /* else pop */
		struct tui_frame frame;
	} pending[TUI_PENDING_MAX];
	int npending;
	char message[600];
	enum tui_tone tone;
	bool color;                  /* false with NO_COLOR or a monochrome terminal */
	int cursor_y, cursor_x;      /* the text cursor after drawing; -1 hides it */
	struct tui_input *input;
	int saved_stderr;            /* stderr is /dev/null while curses runs; the editor gets this */
};

/* Opens screen id about target on top of the current one (after the
 * current handler returns). Out of memory is reported in the status line. */
void tui_open(struct tui *tui, enum tui_screen_id id, const struct tui_target *target);

/* Pushes a screen whose state the caller made (a form, a dialog); the
 * interface owns self from here, even when it cannot be shown. */
void tui_push(struct tui *tui, const struct tui_screen_ops *ops, void *self);

/* Leaves the current screen (after the current handler returns); leaving
 * the last one quits. */
void tui_back(struct tui *tui);

/* How much navigation is queued, and dropping what was queued after mark
 * (a form whose save failed stays open). */
int tui_pending_mark(const struct tui *tui);
void tui_pending_truncate(struct tui *tui, int mark);

/* Sets the status-line message, shown until the next key. */
void tui_message(struct tui *tui, enum tui_tone tone, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* The message of a failed status, as an error. */
void tui_message_status(struct tui *tui, const struct dyad_status *st);

/* Shows text in the status line at once, for work that takes a moment
 * (loading the demo); the next draw replaces it. */
void tui_busy(struct tui *tui, const char *text);

/* Where the text cursor goes once drawing is done (a field being typed). */
void tui_cursor(struct tui *tui, int y, int x);

/* Appends the hints of the screen (for ops->hints that add their own
 * before or instead): see keymap_hints. */
void tui_default_hints(struct tui *tui, enum tui_screen_id id, struct strbuf *out);

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16

#endif
