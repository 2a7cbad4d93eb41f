/* global.c: the actions every screen shares, and the hook table. */
#include "tui/global.h"

#include <stddef.h>

static unsigned go_back(struct tui *tui, const struct tui_target *in_view)
{
	(void)in_view;
	tui_back(tui);
	return TUI_REDRAW;
}

static unsigned quit(struct tui *tui, const struct tui_target *in_view)
{
	(void)tui;
	(void)in_view;
	return TUI_QUIT;
}

static unsigned show_help(struct tui *tui, const struct tui_target *in_view)
{
	if (in_view->screen == TUI_SCREEN_HELP)
		return TUI_NOTHING;
	struct tui_target t = { in_view->screen, 0, 0 };
	tui_open(tui, TUI_SCREEN_HELP, &t);
	return TUI_REDRAW;
}

static unsigned refresh(struct tui *tui, const struct tui_target *in_view)
{
	(void)in_view;
	tui_message(tui, TUI_TONE_INFO, "Reloaded from the database.");
	return TUI_RELOAD;
}

static unsigned open_search(struct tui *tui, const struct tui_target *in_view)
{
	(void)in_view;
	tui_open(tui, TUI_SCREEN_SEARCH, NULL);
	return TUI_REDRAW;
}

static const struct tui_command tui_commands[] = {
	{ TUI_ACTION_BACK, go_back },
	{ TUI_ACTION_QUIT, quit },
	{ TUI_ACTION_HELP, show_help },
	{ TUI_ACTION_REFRESH, refresh },
	{ TUI_ACTION_SEARCH, open_search },
	/* progress (issue 5): { TUI_ACTION_REPORT, ... } writes the report of
	 * the couple in view */
};

unsigned tui_command_run(struct tui *tui, enum tui_action action,
	const struct tui_target *in_view)
{
	for (size_t i = 0; i < sizeof tui_commands / sizeof tui_commands[0]; i++)
		if (tui_commands[i].action == action)
			return tui_commands[i].run(tui, in_view);
	return TUI_UNHANDLED;
}

const struct tui_hook tui_hooks[] = {
	/* records (issue 6): the idle lock (tick), the backup reminder
	 * (started) and the audit of opened records (opened) go here. */
	{ NULL, NULL, NULL, NULL },
};
