/* global.c: the actions every screen shares, and the hook table. */
#include "app/tui/global.h"

#include "app/tui/safeguards.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/sign.h"
#include "app/domain/handout_text.h"
#include "app/output/handout_file.h"
#include "app/output/record_file.h"
#include "app/output/report.h"
#include "app/output/summary_file.h"
#include "app/store/couples.h"

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

/* Writes the progress report of the couple in view into the current
 * folder, without note text (the command line's --include-notes is the way
 * to include it), and says where it went. The writer keeps its library's
 * messages off the screen, and stderr is /dev/null while curses runs. */
static unsigned write_report(struct tui *tui, const struct tui_target *in_view)
{
	if (in_view->couple_id <= 0) {
		tui_message(tui, TUI_TONE_INFO, "Select a couple first.");
		return TUI_REDRAW;
	}
	char name[64], dir[4096];
	report_default_name(in_view->couple_id, name, sizeof name);
	struct dyad_status st = { 0 };
	tui_busy(tui, "Writing the progress report...");
	if (report_write_couple(tui->store, in_view->couple_id, name, false, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	if (getcwd(dir, sizeof dir) == NULL)
		tui_message(tui, TUI_TONE_DONE, "Progress report written: %s (in the current folder)",
			name);
	else
		tui_message(tui, TUI_TONE_DONE, "Progress report written: %s/%s", dir, name);
	return TUI_REDRAW;
}

/* Writes the one-page progress summary of the couple in view (scores
 * only, nothing private: summary_file.h) into the current folder. */
static unsigned write_summary(struct tui *tui, const struct tui_target *in_view)
{
	if (in_view->couple_id <= 0) {
		tui_message(tui, TUI_TONE_INFO, "Select a couple first.");
		return TUI_REDRAW;
	}
	struct dyad_status st = { 0 };
	struct summary_request rq = { NULL, NULL };
	struct summary_written w;
	memset(&w, 0, sizeof w);
	tui_busy(tui, "Writing the progress summary...");
	if (summary_write(tui->store, in_view->couple_id, &rq, &w, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	char dir[4096];
	if (w.path[0] != '/' && getcwd(dir, sizeof dir) != NULL)
		tui_message(tui, TUI_TONE_DONE, "Progress summary written: %s/%s", dir, w.path);
	else
		tui_message(tui, TUI_TONE_DONE, "Progress summary written: %s", w.path);
	free(w.path);
	return TUI_REDRAW;
}

/* Writes the couple's whole record as a signed PDF (record_file.h) into
 * the current folder, as `dyad export --couple ID -o NAME.pdf` would:
 * never the private items (the command line's --include-private is the
 * way to include them), and says where it went (`dyad verify --key` prints
 * the key to give whoever receives it). */
static unsigned write_record(struct tui *tui, const struct tui_target *in_view)
{
	if (in_view->couple_id <= 0) {
		tui_message(tui, TUI_TONE_INFO, "Select a couple first.");
		return TUI_REDRAW;
	}
	struct dyad_status st = { 0 };
	struct couple_rec c;
	memset(&c, 0, sizeof c);
	if (couples_get(tui->store, in_view->couple_id, &c, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	char today[11], when[21];
	date_format(date_today(), today);
	date_wall_utc_text(when);
	char *name = handout_file_name(c.name, "record", today);
	char *path = name != NULL ? handout_target_path(NULL, name) : NULL;
	couple_rec_free(&c);
	free(name);
	if (path == NULL) {
		dyad_fail(&st, DYAD_ERR_NOMEM, NULL);
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	struct sign_key key;
	if (sign_key_load(&key, true, &st) != DYAD_OK) {
		free(path);
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	struct record_request rq = { in_view->couple_id, false, path, when, &key };
	struct record_written w;
	tui_busy(tui, "Writing the record...");
	enum dyad_error rc = record_write(tui->store, &rq, &w, &st);
	sign_key_wipe(&key);
	if (rc != DYAD_OK) {
		free(path);
		tui_message_status(tui, &st);
		return TUI_REDRAW;
	}
	char dir[4096];
	if (path[0] != '/' && getcwd(dir, sizeof dir) != NULL)
		tui_message(tui, TUI_TONE_DONE, "Signed record written (%d pages): %s/%s", w.pages,
			dir, path);
	else
		tui_message(tui, TUI_TONE_DONE, "Signed record written (%d pages): %s", w.pages, path);
	free(path);
	return TUI_REDRAW;
}

static const struct tui_command tui_commands[] = {
	{ TUI_ACTION_BACK, go_back },
	{ TUI_ACTION_QUIT, quit },
	{ TUI_ACTION_HELP, show_help },
	{ TUI_ACTION_REFRESH, refresh },
	{ TUI_ACTION_SEARCH, open_search },
	{ TUI_ACTION_REPORT, write_report },
	{ TUI_ACTION_SUMMARY, write_summary },
	{ TUI_ACTION_RECORD, write_record },
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
	/* safeguards: the idle lock (tick), the backup reminder (started)
	 * and the audit of opened records (opened). */
	{ "safeguards", tui_safeguards_started, tui_safeguards_opened, tui_safeguards_tick },
	{ NULL, NULL, NULL, NULL },
};
