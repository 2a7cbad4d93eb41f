/* help.c: the keys of the screen `?` was pressed on, read from the same
 * table that binds them, so the help can never drift from what keys do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/keymap.h"
#include "tui/text.h"

#define HELP_LINES_MAX 64

struct help {
	enum tui_screen_id screen;
	struct keymap_help_line lines[HELP_LINES_MAX];
	size_t len;
	size_t top;
	int page;
};

static void *help_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	struct help *h = calloc(1, sizeof *h);
	if (h == NULL)
		return NULL;
	h->screen = target->screen;
	h->len = keymap_help(h->screen, h->lines, HELP_LINES_MAX);
	return h;
}

static void help_destroy(void *self)
{
	free(self);
}

/* Rows of the help text: a heading before each group, then a row per
 * action. Row r is line index, or -1/-2 for the two headings. */
static size_t help_rows(const struct help *h, int *rows, size_t max)
{
	size_t n = 0;
	bool own_heading = false, every_heading = false;
	for (size_t i = 0; i < h->len && n < max; i++) {
		if (!h->lines[i].everywhere && !own_heading) {
			rows[n++] = -1;
			own_heading = true;
		}
		if (h->lines[i].everywhere && !every_heading && n < max) {
			if (own_heading && n < max)
				rows[n++] = -3; /* a blank line between the groups */
			if (n < max)
				rows[n++] = -2;
			every_heading = true;
		}
		if (n < max)
			rows[n++] = (int)i;
	}
	return n;
}

static void help_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct help *h = self;
	const struct tui_screen_ops *ops = tui_screen_ops(h->screen);
	int rows[HELP_LINES_MAX + 4];
	size_t n = help_rows(h, rows, sizeof rows / sizeof rows[0]);
	int x = area.left + 2, width = area.width - 4;
	int keys_w = 0;
	for (size_t i = 0; i < h->len; i++) {
		int w = text_width(h->lines[i].keys);
		if (w > keys_w)
			keys_w = w;
	}
	if (keys_w > 18)
		keys_w = 18;
	int visible = area.height - 1;
	h->page = visible > 1 ? visible : 1;
	if (h->top + (size_t)visible > n)
		h->top = n > (size_t)visible ? n - (size_t)visible : 0;
	for (int r = 0; r < visible && h->top + (size_t)r < n; r++) {
		int y = area.top + 1 + r, row = rows[h->top + (size_t)r];
		if (row == -1) {
			char title[120];
			snprintf(title, sizeof title, "Keys on %s", ops ? ops->name : "this screen");
			draw_text(y, x, title, width, draw_attr(TUI_ROLE_HEADING));
		} else if (row == -2) {
			draw_text(y, x, "Keys on every screen", width, draw_attr(TUI_ROLE_HEADING));
		} else if (row >= 0) {
			const struct keymap_help_line *l = &h->lines[row];
			draw_text(y, x + 2, l->keys, keys_w, draw_attr(TUI_ROLE_KEY));
			draw_text(y, x + 2 + keys_w + 3, tui_action_help(l->action), width - keys_w - 5,
				A_NORMAL);
		}
	}
	if (h->top + (size_t)visible < n)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
}

static unsigned help_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)tui;
	(void)key;
	struct help *h = self;
	long long top = (long long)h->top;
	switch (action) {
	case TUI_ACTION_UP: top--; break;
	case TUI_ACTION_DOWN: top++; break;
	case TUI_ACTION_PAGE_UP: top -= h->page; break;
	case TUI_ACTION_PAGE_DOWN: top += h->page; break;
	case TUI_ACTION_FIRST: top = 0; break;
	case TUI_ACTION_LAST: top = (long long)h->len + 4; break;
	default: return TUI_UNHANDLED;
	}
	h->top = top < 0 ? 0 : (size_t)top; /* drawing clamps the bottom */
	return TUI_REDRAW;
}

static void help_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Keys");
}

const struct tui_screen_ops tui_help_ops = {
	.id = TUI_SCREEN_HELP,
	.name = "the help screen",
	.create = help_create,
	.draw = help_draw,
	.action = help_action,
	.title = help_title,
	.destroy = help_destroy,
};
