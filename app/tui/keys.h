/* keys.h: dyad's key codes, independent of curses; their names for the help
 * screen and status line; and the key-script notation ("a", "<Enter>",
 * "<C-l>") that lets tests drive the interface without a person. */
#ifndef DYAD_TUI_KEYS_H
#define DYAD_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* A key is a Unicode code point (what was typed) or one of these, which lie
 * above every code point so "Ł" (U+0141) can never be mistaken for a curses
 * function key. */
enum tui_special_key {
	TUI_KEY_BASE = 0x110000,
	TUI_KEY_UP = TUI_KEY_BASE,
	TUI_KEY_DOWN,
	TUI_KEY_LEFT,
	TUI_KEY_RIGHT,
	TUI_KEY_PAGE_UP,
	TUI_KEY_PAGE_DOWN,
	TUI_KEY_HOME,
	TUI_KEY_END,
	TUI_KEY_BACKSPACE,
	TUI_KEY_DELETE,
	TUI_KEY_BACKTAB,
	TUI_KEY_RESIZE,
	TUI_KEY_F1,
	TUI_KEY_F12 = TUI_KEY_F1 + 11,
	TUI_KEY_LIMIT
};

#define TUI_KEY_ENTER '\n'
#define TUI_KEY_ESC 27
#define TUI_KEY_TAB '\t'
#define TUI_CTRL(c) ((c) & 0x1f)

/* True when key is a character that can be typed into a text field (not a
 * control character, not a bidirectional override, not a special key). */
bool key_is_text(int key);

/* How key is written in help and hints: "Enter", "Esc", "↑", "Ctrl-L",
 * "Space", "PgDn", "a". Always NUL-terminated within size. */
void key_display(int key, char *out, size_t size);

/* Reads one key in script notation from *s, advancing *s past it: a
 * character stands for itself; <Enter>, <Esc>, <Tab>, <BTab>, <Up>, <Down>,
 * <Left>, <Right>, <PgUp>, <PgDn>, <Home>, <End>, <BS>, <Del>, <Space>,
 * <F1>..<F12>, <lt> (a literal '<') and <C-x> (Ctrl and a letter) name the
 * others. Returns the key, or -1 (with *s unchanged) for an unknown name
 * or invalid UTF-8. */
int key_script_parse(const char **s);

#endif
