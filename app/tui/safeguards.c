/* safeguards.c: the idle lock, the backup reminder and the audit of opened
 * records, as hooks of the main loop. */
#include "app/tui/safeguards.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/core/date.h"
#include "app/store/audit.h"
#include "app/store/couples.h"

double tui_lock_minutes(void)
{
	const char *v = getenv("DYAD_LOCK_MINUTES");
	double minutes;
	if (v == NULL || *v == '\0' || !parse_number(v, &minutes) || minutes < 0)
		return TUI_LOCK_DEFAULT_MINUTES;
	return minutes;
}

void tui_safeguards_started(struct tui *tui)
{
	struct dyad_status st = { 0 };
	int64_t couples = 0;
	char at[21];
	if (couples_count(tui->store, &couples, &st) != DYAD_OK ||
		audit_last(tui->store, AUDIT_EXPORT, "backup", at, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return;
	}
	if (couples == 0)
		return; /* an empty practice has nothing to lose yet */
	if (at[0] == '\0') {
		tui_message(tui, TUI_TONE_INFO,
			"This practice has never been backed up. `dyad backup FILE` makes a copy, "
			"safely, even while dyad is open.");
		return;
	}
	struct dyad_date last;
	char day[11];
	snprintf(day, sizeof day, "%.10s", at);
	if (!date_parse(day, &last))
		return;
	int64_t days = date_to_days(date_today()) - date_to_days(last);
	if (days > TUI_BACKUP_REMINDER_DAYS)
		tui_message(tui, TUI_TONE_INFO,
			"The last backup was %lld days ago (%s). `dyad backup FILE` makes a new one, "
			"safely, even while dyad is open.", (long long)days, day);
}

void tui_safeguards_opened(struct tui *tui, const struct tui_target *what)
{
	struct dyad_status st = { 0 };
	enum dyad_error rc = DYAD_OK;
	if (what->screen == TUI_SCREEN_COUPLE && what->couple_id > 0)
		rc = audit_record(tui->store, AUDIT_OPEN, "couple", what->couple_id, 0, NULL, &st);
	else if (what->screen == TUI_SCREEN_SESSION && what->session_id > 0)
		rc = audit_record(tui->store, AUDIT_OPEN, "session", what->couple_id,
			what->session_id, NULL, &st);
	if (rc != DYAD_OK)
		tui_message_status(tui, &st);
}

unsigned tui_safeguards_tick(struct tui *tui, double idle_seconds)
{
	double minutes = tui_lock_minutes();
	if (minutes <= 0 || idle_seconds < minutes * 60 || tui->depth == 0 ||
		tui->stack[tui->depth - 1].ops->id == TUI_SCREEN_LOCK)
		return TUI_NOTHING;
	for (int i = 0; i < tui->npending; i++)
		if (tui->pending[i].push && tui->pending[i].frame.ops->id == TUI_SCREEN_LOCK)
			return TUI_NOTHING;
	/* A message may name a client; the lock shows none. */
	tui->message[0] = '\0';
	tui_open(tui, TUI_SCREEN_LOCK, NULL);
	return TUI_REDRAW;
}
