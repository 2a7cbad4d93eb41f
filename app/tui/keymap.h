/* keymap.h: which key does what on which screen. The bindings are one table
 * (keymap.c); lookups, the status line's hints and the `?` help screen are
 * all read from it, so a key never does one thing and claims another. */
#ifndef DYAD_TUI_KEYMAP_H
#define DYAD_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/strbuf.h"
#include "app/tui/actions.h"
#include "app/tui/screen.h"

#define TUI_ON(id) (1u << TUI_SCREEN_##id)
#define TUI_ON_EVERY (~0u)

struct tui_binding {
	unsigned screens;       /* TUI_ON(...) bits, or TUI_ON_EVERY */
	int key;                /* see keys.h */
	enum tui_action action;
	bool hint;              /* shown in the status line */
};

/* The whole table, for checks (no key bound twice on one screen). */
const struct tui_binding *keymap_table(size_t *count);

/* The action key asks for on screen: the screen's own bindings first, then
 * those of every screen (except printable keys on a typing screen).
 * TUI_ACTION_NONE when the key means nothing there. */
enum tui_action keymap_lookup(enum tui_screen_id screen, int key);

/* The first key bound to action on screen, written for people ("Enter");
 * "" when none. */
void keymap_key_for(enum tui_screen_id screen, enum tui_action action, char *out,
	size_t size);

/* Appends the status line's hints for screen: the screen's own first, then
 * those of every screen. With root, "back" reads "quit". A key out already
 * hints (the focused section's own meaning) is left out. See tui_hint. */
void keymap_hints(enum tui_screen_id screen, bool root, struct strbuf *out);

/* Appends one hint ("key", "label") in the form the status line draws. */
void tui_hint(struct strbuf *out, const char *key, const char *label);

struct keymap_help_line {
	char keys[64];          /* "↑ k", "0-9 Enter" */
	enum tui_action action;
	bool everywhere;        /* from the bindings of every screen */
};

/* Fills out (up to max) with the help for screen, one line per action, the
 * screen's own first; returns how many. */
size_t keymap_help(enum tui_screen_id screen, struct keymap_help_line *out, size_t max);

#endif
