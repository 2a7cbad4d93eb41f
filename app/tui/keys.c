/* keys.c: key names for people and for key scripts. */
#include "app/tui/keys.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/core/utf8.h"

/* One table serves both directions: the script name and what a person
 * reads in help. */
static const struct {
	int key;
	const char *script;  /* inside < > */
	const char *display;
} named_keys[] = {
	{ TUI_KEY_ENTER, "Enter", "Enter" },
	{ TUI_KEY_ESC, "Esc", "Esc" },
	{ TUI_KEY_TAB, "Tab", "Tab" },
	{ TUI_KEY_BACKTAB, "BTab", "Shift-Tab" },
	{ TUI_KEY_UP, "Up", "↑" },
	{ TUI_KEY_DOWN, "Down", "↓" },
	{ TUI_KEY_LEFT, "Left", "←" },
	{ TUI_KEY_RIGHT, "Right", "→" },
	{ TUI_KEY_PAGE_UP, "PgUp", "PgUp" },
	{ TUI_KEY_PAGE_DOWN, "PgDn", "PgDn" },
	{ TUI_KEY_HOME, "Home", "Home" },
	{ TUI_KEY_END, "End", "End" },
	{ TUI_KEY_BACKSPACE, "BS", "Backspace" },
	{ TUI_KEY_DELETE, "Del", "Delete" },
	{ ' ', "Space", "Space" },
	{ '<', "lt", "<" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

bool key_is_text(int key)
{
	if (key < 0x20 || key >= TUI_KEY_BASE)
		return false;
	uint32_t cp = (uint32_t)key;
	if (utf8_is_control(cp) || utf8_is_bidi_control(cp))
		return false;
	return !(cp >= 0xD800 && cp <= 0xDFFF);
}

void key_display(int key, char *out, size_t size)
{
	if (size == 0)
		return;
	for (size_t i = 0; i < COUNT(named_keys); i++) {
		if (named_keys[i].key == key && key != '<') {
			snprintf(out, size, "%s", named_keys[i].display);
			return;
		}
	}
	if (key >= TUI_KEY_F1 && key <= TUI_KEY_F12) {
		snprintf(out, size, "F%d", key - TUI_KEY_F1 + 1);
	} else if (key >= 1 && key <= 26) {
		snprintf(out, size, "Ctrl-%c", 'A' + key - 1);
	} else if (key_is_text(key)) {
		char buf[5];
		size_t n = utf8_encode((uint32_t)key, buf);
		buf[n] = '\0';
		snprintf(out, size, "%s", buf);
	} else {
		snprintf(out, size, "key %d", key);
	}
}

int key_script_parse(const char **s)
{
	const char *p = *s;
	if (*p == '\0')
		return -1;
	if (*p == '<') {
		const char *end = strchr(p, '>');
		if (end == NULL)
			return -1;
		size_t n = (size_t)(end - p - 1);
		const char *name = p + 1;
		int key = -1;
		for (size_t i = 0; i < COUNT(named_keys); i++) {
			if (strlen(named_keys[i].script) == n && strncmp(named_keys[i].script, name, n) == 0)
				key = named_keys[i].key;
		}
		if (key < 0 && n == 3 && name[0] == 'C' && name[1] == '-' &&
			((name[2] >= 'a' && name[2] <= 'z') || (name[2] >= 'A' && name[2] <= 'Z')))
			key = TUI_CTRL(name[2]);
		if (key < 0 && (n == 2 || n == 3) && name[0] == 'F') {
			int f = name[1] - '0';
			if (n == 3)
				f = f * 10 + (name[2] - '0');
			if (f >= 1 && f <= 12 && name[1] >= '0' && name[1] <= '9' &&
				(n == 2 || (name[2] >= '0' && name[2] <= '9')))
				key = TUI_KEY_F1 + f - 1;
		}
		if (key < 0)
			return -1;
		*s = end + 1;
		return key;
	}
	uint32_t cp;
	size_t k = utf8_decode(p, strlen(p), &cp);
	if (k == 0)
		return -1;
	*s = p + k;
	return (int)cp;
}
