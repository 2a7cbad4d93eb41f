/* input.h: the one place keys come from: the terminal, or a key script
 * ($DYAD_KEYS_SCRIPT) so tests and demos can drive the interface exactly,
 * with no timing involved. A script is text: each line holds keys in the
 * notation of keys.h ("/oka<Enter>"), a line beginning with '#' is a
 * comment, and ":dump FILE" writes the screen as text to FILE. When the
 * script ends, dyad quits. */
#ifndef DYAD_TUI_INPUT_H
#define DYAD_TUI_INPUT_H

#include "app/core/error.h"

enum tui_event_kind {
	TUI_EVENT_KEY,       /* key holds it */
	TUI_EVENT_TIMEOUT,   /* nothing arrived in time */
	TUI_EVENT_SIGNAL,    /* a read was interrupted: look at the signal flags */
	TUI_EVENT_DUMP,      /* the script asks for a screen dump to path */
	TUI_EVENT_END        /* the script is over, or the terminal went away */
};

struct tui_event {
	enum tui_event_kind kind;
	int key;
	const char *path;    /* TUI_EVENT_DUMP: valid until the next event */
};

struct tui_input;

/* Opens the input: the script at script_path when not NULL, else the
 * terminal (curses must be running). A script that cannot be read or has a
 * bad key is refused with its line number. */
enum dyad_error tui_input_open(const char *script_path, struct tui_input **out,
	struct dyad_status *st);

/* The next event. timeout_ms < 0 waits for a key; a script never waits. */
struct tui_event tui_input_next(struct tui_input *in, int timeout_ms);

/* True when keys come from a script. */
int tui_input_scripted(const struct tui_input *in);

void tui_input_close(struct tui_input *in);

#endif
