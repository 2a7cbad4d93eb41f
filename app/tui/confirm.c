/* confirm.c: the yes-or-no dialog screen. */
#include "app/tui/confirm.h"

#include <stdlib.h>
#include <string.h>

#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/text.h"

struct confirm {
	struct tui_confirm_spec spec;
	char *question;
	char *no_message;
};

void tui_confirm_open(struct tui *tui, const struct tui_confirm_spec *spec)
{
	struct confirm *c = calloc(1, sizeof *c);
	if (c != NULL) {
		c->spec = *spec;
		c->question = strdup(spec->question ? spec->question : "");
		c->no_message = spec->no_message ? strdup(spec->no_message) : NULL;
		if (c->question == NULL || (spec->no_message && c->no_message == NULL)) {
			free(c->question);
			free(c->no_message);
			free(c);
			c = NULL;
		} else {
			c->spec.question = c->question;
			c->spec.no_message = c->no_message;
		}
	}
	tui_push(tui, &tui_confirm_ops, c);
}

static void confirm_destroy(void *self)
{
	struct confirm *c = self;
	if (c == NULL)
		return;
	free(c->question);
	free(c->no_message);
	free(c);
}

static void confirm_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct confirm *c = self;
	int width = area.width - 4 < 64 ? area.width - 4 : 64;
	struct strbuf safe = STRBUF_INIT;
	text_safe(&safe, c->question, strlen(c->question), TEXT_MULTILINE);
	struct text_lines lines = { 0 };
	text_wrap(strbuf_str(&safe), width - 4, &lines);
	int text_rows = (int)lines.len;
	int height = text_rows + 6;
	if (height > area.height) {
		height = area.height;
		text_rows = height - 6 > 0 ? height - 6 : 0;
	}
	struct tui_area box = { area.top + (area.height - height) / 2,
		area.left + (area.width - width) / 2, height, width };
	draw_box(box, c->spec.title);
	int y = box.top + 2;
	for (int i = 0; i < text_rows; i++, y++)
		draw_safe(y, box.left + 2, safe.data + lines.items[i].start, lines.items[i].len, A_NORMAL);
	y++;
	if (y < box.top + box.height - 1) {
		attr_t key = draw_attr(TUI_ROLE_KEY);
		int x = box.left + 2;
		x += draw_text(y, x, "y", 1, key) + 1;
		x += draw_text(y, x, c->spec.yes_label, box.width / 2 - 4, A_NORMAL) + 4;
		if (c->spec.discard) {
			x += draw_text(y, x, "d", 1, key) + 1;
			x += draw_text(y, x, c->spec.discard_label, box.width / 3, A_NORMAL) + 4;
		}
		x += draw_text(y, x, "n", 1, key) + 1;
		draw_text(y, x, "not now", 10, A_NORMAL);
	}
	text_lines_free(&lines);
	strbuf_release(&safe);
}

static unsigned confirm_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct confirm *c = self;
	switch (action) {
	case TUI_ACTION_CONFIRM_YES: {
		struct dyad_status st = { 0 };
		tui_back(tui);
		if (c->spec.yes(tui, &c->spec.target, &st) != DYAD_OK)
			tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	case TUI_ACTION_DISCARD: {
		if (c->spec.discard == NULL)
			return TUI_NOTHING;
		struct dyad_status st = { 0 };
		tui_back(tui);
		if (c->spec.discard(tui, &c->spec.target, &st) != DYAD_OK)
			tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	case TUI_ACTION_CANCEL:
		tui_back(tui);
		if (c->spec.no_message)
			tui_message(tui, TUI_TONE_INFO, "%s", c->spec.no_message);
		return TUI_REDRAW;
	case TUI_ACTION_HELP:
	case TUI_ACTION_QUIT:
		return TUI_UNHANDLED;
	default:
		return TUI_NOTHING;
	}
}

static void confirm_title(void *self, struct strbuf *out)
{
	struct confirm *c = self;
	strbuf_adds(out, c->spec.title);
}

const struct tui_screen_ops tui_confirm_ops = {
	.id = TUI_SCREEN_CONFIRM,
	.name = "a question",
	.flags = TUI_SCREEN_OVERLAY,
	.draw = confirm_draw,
	.action = confirm_action,
	.title = confirm_title,
	.destroy = confirm_destroy,
};
