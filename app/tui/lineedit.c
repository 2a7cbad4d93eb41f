/* lineedit.c: editing one line of UTF-8 text. */
#include "app/tui/lineedit.h"

#include <stdint.h>
#include <string.h>

#include "app/core/utf8.h"
#include "app/tui/draw.h"
#include "app/tui/keys.h"
#include "app/tui/text.h"

void lineedit_init(struct lineedit *le, const char *initial, size_t max_bytes)
{
	struct strbuf empty = STRBUF_INIT;
	le->text = empty;
	le->max_bytes = max_bytes;
	lineedit_set(le, initial);
}

void lineedit_set(struct lineedit *le, const char *text)
{
	strbuf_reset(&le->text);
	if (text != NULL)
		strbuf_add(&le->text, text, strlen(text));
	le->cursor = le->text.len;
}

const char *lineedit_text(const struct lineedit *le)
{
	return strbuf_str(&le->text);
}

/* The start of the character before offset i. */
static size_t prev_char(const char *s, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_char(const char *s, size_t len, size_t i)
{
	if (i >= len)
		return len;
	uint32_t cp;
	size_t k = utf8_decode(s + i, len - i, &cp);
	return i + (k ? k : 1);
}

/* Removes bytes [from, to) and leaves the cursor at from. */
static void cut(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->text.data + from, le->text.data + to, le->text.len - to + 1);
	le->text.len -= to - from;
	le->cursor = from;
}

bool lineedit_key(struct lineedit *le, int key, bool *changed)
{
	bool dummy;
	if (changed == NULL)
		changed = &dummy;
	*changed = false;
	const char *s = strbuf_str(&le->text);
	size_t len = le->text.len;
	if (key_is_text(key)) {
		char buf[4];
		size_t n = utf8_encode((uint32_t)key, buf);
		if (len + n > le->max_bytes)
			return true;
		strbuf_add(&le->text, buf, n); /* grow, then open a gap at the cursor */
		if (le->text.failed)
			return true;
		memmove(le->text.data + le->cursor + n, le->text.data + le->cursor, len - le->cursor);
		memcpy(le->text.data + le->cursor, buf, n);
		le->text.data[le->text.len] = '\0';
		le->cursor += n;
		*changed = true;
		return true;
	}
	switch (key) {
	case TUI_KEY_BACKSPACE:
		if (le->cursor > 0) {
			cut(le, prev_char(s, le->cursor), le->cursor);
			*changed = true;
		}
		return true;
	case TUI_KEY_DELETE:
	case TUI_CTRL('d'):
		if (le->cursor < len) {
			cut(le, le->cursor, next_char(s, len, le->cursor));
			*changed = true;
		}
		return true;
	case TUI_KEY_LEFT:
	case TUI_CTRL('b'):
		le->cursor = prev_char(s, le->cursor);
		return true;
	case TUI_KEY_RIGHT:
	case TUI_CTRL('f'):
		le->cursor = next_char(s, len, le->cursor);
		return true;
	case TUI_KEY_HOME:
	case TUI_CTRL('a'):
		le->cursor = 0;
		return true;
	case TUI_KEY_END:
	case TUI_CTRL('e'):
		le->cursor = len;
		return true;
	case TUI_CTRL('u'):
		*changed = le->cursor > 0;
		cut(le, 0, le->cursor);
		return true;
	case TUI_CTRL('k'):
		*changed = le->cursor < len;
		if (*changed) {
			le->text.len = le->cursor;
			le->text.data[le->cursor] = '\0';
		}
		return true;
	case TUI_CTRL('w'): {
		size_t from = le->cursor;
		while (from > 0 && s[from - 1] == ' ')
			from--;
		while (from > 0 && s[from - 1] != ' ')
			from--;
		*changed = from < le->cursor;
		cut(le, from, le->cursor);
		return true;
	}
	default:
		return false;
	}
}

int lineedit_draw(const struct lineedit *le, int y, int x, int cols, unsigned long attr)
{
	if (cols <= 1)
		return x;
	const char *s = strbuf_str(&le->text);
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;
	text_safe(&before, s, le->cursor, TEXT_FLATTEN);
	text_safe(&after, s + le->cursor, le->text.len - le->cursor, TEXT_FLATTEN);
	const char *b = strbuf_str(&before);
	/* Keep the cursor inside the field: drop characters from the left of
	 * what precedes it until it fits with a column to spare. */
	size_t skip = 0;
	while (text_width(b + skip) > cols - 1) {
		uint32_t cp;
		size_t k = utf8_decode(b + skip, before.len - skip, &cp);
		skip += k ? k : 1;
	}
	draw_fill(y, x, cols, (attr_t)attr);
	int used = text_width(b + skip);
	draw_safe(y, x, b + skip, before.len - skip, (attr_t)attr);
	int rest;
	size_t fit = text_fit(strbuf_str(&after), cols - used, &rest);
	draw_safe(y, x + used, strbuf_str(&after), fit, (attr_t)attr);
	strbuf_release(&before);
	strbuf_release(&after);
	return x + used;
}

void lineedit_free(struct lineedit *le)
{
	if (le == NULL)
		return;
	strbuf_release(&le->text);
}
