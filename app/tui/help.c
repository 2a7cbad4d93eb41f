/* help.c: the keys of the screen `?` was pressed on, read from the same
 * table that binds them, so the help can never drift from what keys do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/listcursor.h"
#include "app/tui/text.h"

#define HELP_LINES_MAX 64

struct help {
	enum tui_screen_id screen;
	struct keymap_help_line lines[HELP_LINES_MAX];
	size_t len;
	struct list_cursor view; /* over the wrapped rows */
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

/* One row of the help as drawn: a heading, a blank, or (part of) a line. */
struct help_row {
	int line;          /* index into lines, or HEADING_OWN / HEADING_EVERY / BLANK */
	bool first;        /* the row that shows the keys */
	size_t start, len; /* the part of the wrapped help text on this row */
};

enum { HEADING_OWN = -1, HEADING_EVERY = -2, BLANK = -3 };

static bool add_row(struct help_row **rows, size_t *n, size_t *cap, struct help_row r)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct help_row *p = realloc(*rows, ncap * sizeof *p);
		if (p == NULL)
			return false;
		*rows = p;
		*cap = ncap;
	}
	(*rows)[(*n)++] = r;
	return true;
}

static void help_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct help *h = self;
	const struct tui_screen_ops *ops = tui_screen_ops(h->screen);
	int x = area.left + 2, width = area.width - 4;
	int keys_w = 0;
	for (size_t i = 0; i < h->len; i++) {
		int w = text_width(h->lines[i].keys);
		if (w > keys_w)
			keys_w = w;
	}
	if (keys_w > 18)
		keys_w = 18;
	int text_x = x + 2 + keys_w + 3, text_w = width - keys_w - 5;
	/* The help texts, wrapped to the width: a long line continues below
	 * rather than being cut off on a narrow terminal. */
	struct strbuf texts[HELP_LINES_MAX];
	struct text_lines wrapped[HELP_LINES_MAX];
	struct help_row *rows = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;
	for (size_t i = 0; i < h->len; i++) {
		texts[i] = (struct strbuf)STRBUF_INIT;
		wrapped[i] = (struct text_lines){ 0 };
		const char *help = tui_action_help(h->lines[i].action);
		text_safe(&texts[i], help, strlen(help), TEXT_FLATTEN);
		text_wrap(strbuf_str(&texts[i]), text_w, &wrapped[i]);
		bool first_of_group = i == 0 || h->lines[i].everywhere != h->lines[i - 1].everywhere;
		if (first_of_group) {
			if (i > 0)
				ok = ok && add_row(&rows, &n, &cap, (struct help_row){ BLANK, false, 0, 0 });
			ok = ok && add_row(&rows, &n, &cap, (struct help_row){
				h->lines[i].everywhere ? HEADING_EVERY : HEADING_OWN, false, 0, 0 });
		}
		for (size_t k = 0; k < wrapped[i].len || k == 0; k++) {
			struct help_row r = { (int)i, k == 0, 0, 0 };
			if (k < wrapped[i].len) {
				r.start = wrapped[i].items[k].start;
				r.len = wrapped[i].items[k].len;
			}
			ok = ok && add_row(&rows, &n, &cap, r);
		}
	}
	int visible = area.height - 1;
	list_cursor_layout_view(&h->view, n, visible);
	size_t top = h->view.top;
	for (int r = 0; ok && r < visible && top + (size_t)r < n; r++) {
		int y = area.top + 1 + r;
		const struct help_row *row = &rows[top + (size_t)r];
		if (row->line == HEADING_OWN) {
			char title[120];
			snprintf(title, sizeof title, "Keys on %s", ops ? ops->name : "this screen");
			draw_text(y, x, title, width, draw_attr(TUI_ROLE_HEADING));
		} else if (row->line == HEADING_EVERY) {
			draw_text(y, x, "Keys on every screen", width, draw_attr(TUI_ROLE_HEADING));
		} else if (row->line >= 0) {
			if (row->first)
				draw_text(y, x + 2, h->lines[row->line].keys, keys_w, draw_attr(TUI_ROLE_KEY));
			draw_safe(y, text_x, texts[row->line].data + row->start, row->len, A_NORMAL);
		}
	}
	if (top + (size_t)visible < n)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
	for (size_t i = 0; i < h->len; i++) {
		strbuf_release(&texts[i]);
		text_lines_free(&wrapped[i]);
	}
	free(rows);
}

static unsigned help_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)tui;
	(void)key;
	struct help *h = self;
	return list_cursor_scroll(&h->view, action, 0) ? TUI_REDRAW : TUI_UNHANDLED;
}

static void help_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Keys");
}

static void help_hints(struct tui *tui, void *self, struct strbuf *out)
{
	(void)self;
	tui_hint(out, "↑↓ PgUp PgDn", "scroll");
	tui_default_hints(tui, TUI_SCREEN_HELP, out);
}

const struct tui_screen_ops tui_help_ops = {
	.id = TUI_SCREEN_HELP,
	.name = "the help screen",
	.create = help_create,
	.draw = help_draw,
	.action = help_action,
	.title = help_title,
	.hints = help_hints,
	.destroy = help_destroy,
};
