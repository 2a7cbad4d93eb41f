/* global.h: what works on every screen: commands (actions that need no
 * screen state, only what is in view) and hooks (code that runs at start,
 * when a screen opens, and on a timer). Both are tables in global.c. */
#ifndef DYAD_TUI_GLOBAL_H
#define DYAD_TUI_GLOBAL_H

#include "app/tui/actions.h"
#include "app/tui/screen.h"

struct tui_command {
	enum tui_action action;
	/* in_view: the screen on top and what it has selected or shows. */
	unsigned (*run)(struct tui *tui, const struct tui_target *in_view);
};

/* Runs the command for action, if there is one; TUI_UNHANDLED if not. */
unsigned tui_command_run(struct tui *tui, enum tui_action action,
	const struct tui_target *in_view);

struct tui_hook {
	const char *name;   /* NULL ends the table */
	/* Once the first screen is up. */
	void (*started)(struct tui *tui);
	/* After a screen was opened and loaded (not when coming back to it). */
	void (*opened)(struct tui *tui, const struct tui_target *what);
	/* About once a second while a hook has one; idle_seconds counts from
	 * the last key. Returns a reaction like a key handler. */
	unsigned (*tick)(struct tui *tui, double idle_seconds);
};

extern const struct tui_hook tui_hooks[];

#endif
