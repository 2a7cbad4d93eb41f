/* welcome.c: what an empty practice opens on: where the data lives and the
 * two ways to begin. */
#include <stdio.h>
#include <stdlib.h>

#include "app/domain/demo.h"
#include "app/tui/couples.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/screen.h"

struct welcome {
	int unused; /* the screen has no state of its own */
};

static void *welcome_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	(void)target;
	return calloc(1, sizeof(struct welcome));
}

static void welcome_destroy(void *self)
{
	free(self);
}

static void draw_choice(int y, int x, int width, enum tui_action action, const char *text)
{
	char key[32];
	keymap_key_for(TUI_SCREEN_WELCOME, action, key, sizeof key);
	draw_text(y, x, key, 6, draw_attr(TUI_ROLE_KEY));
	draw_text(y, x + 6, text, width - 6, A_NORMAL);
}

static void welcome_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)self;
	int x = area.left + 3, width = area.width - 6;
	int y = area.top + (area.height >= 20 ? 2 : 1);
	draw_text(y, x, "Welcome to dyad.", width, draw_attr(TUI_ROLE_HEADING));
	y += 2;
	draw_text(y++, x, "This practice has no couples yet. Two ways to begin:", width, A_NORMAL);
	y++;
	draw_choice(y++, x + 2, width - 2, TUI_ACTION_COUPLE_ADD, "add your first couple");
	draw_choice(y++, x + 2, width - 2, TUI_ACTION_DEMO_LOAD,
		"load a demo of fictional couples to explore");
	y++;
	if (y + 3 < area.top + area.height) {
		draw_text(y++, x, "Everything stays in one private file on this computer:", width,
			draw_attr(TUI_ROLE_MUTED));
		draw_text(y++, x + 2, store_path(tui->store), width - 2, draw_attr(TUI_ROLE_MUTED));
		y++;
	}
	if (y < area.top + area.height)
		draw_text(y, x, "On any screen, ? lists its keys and q goes back.", width,
			draw_attr(TUI_ROLE_MUTED));
}

static unsigned welcome_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)self;
	(void)key;
	switch (action) {
	case TUI_ACTION_COUPLE_ADD:
		tui_couple_add_form(tui);
		return TUI_REDRAW;
	case TUI_ACTION_DEMO_LOAD: {
		tui_busy(tui, "Creating the demo practice...");
		struct demo_options opt = demo_default_options();
		struct demo_summary sum;
		struct dyad_status st = { 0 };
		if (demo_generate(tui->store, &opt, &sum, &st) != DYAD_OK) {
			tui_message_status(tui, &st);
			return TUI_REDRAW;
		}
		tui_back(tui);
		tui_open(tui, TUI_SCREEN_TODAY, NULL);
		tui_message(tui, TUI_TONE_DONE,
			"The demo practice is ready: %lld couples, %lld sessions. Everyone in it is fictional.",
			(long long)sum.couples, (long long)sum.sessions);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void welcome_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Welcome");
}

const struct tui_screen_ops tui_welcome_ops = {
	.id = TUI_SCREEN_WELCOME,
	.name = "the welcome screen",
	.create = welcome_create,
	.draw = welcome_draw,
	.action = welcome_action,
	.title = welcome_title,
	.destroy = welcome_destroy,
};
