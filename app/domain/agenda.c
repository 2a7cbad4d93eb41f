/* agenda.c: the coming days, and what to know about each couple in them. */
#include "app/domain/agenda.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/alerts.h"
#include "app/domain/settings.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"
#include "app/store/measures.h"

enum dyad_error agenda_sign_within_days(struct store *store, int *days, struct dyad_status *st)
{
	char *value = NULL;
	*days = NOTES_SIGN_WITHIN_DEFAULT;
	enum dyad_error rc = settings_get(store, "notes.sign_within_days", &value, st);
	long long n;
	/* config set checks the value; one put in by hand that fails the
	 * check is ignored rather than trusted. */
	if (rc == DYAD_OK && value != NULL && parse_int(value, 1, NOTES_SIGN_WITHIN_MAX, &n))
		*days = (int)n;
	free(value);
	return rc;
}

enum dyad_error agenda_parse_days(const char *field, const char *text, int *days,
	struct dyad_status *st)
{
	long long n;
	if (text == NULL || !parse_int(text, 1, AGENDA_MAX_DAYS, &n)) {
		char q[200];
		return dyad_fail(st, DYAD_ERR_USAGE, "%s: must be a whole number of days from 1 to %d "
			"(got '%s')", field, AGENDA_MAX_DAYS, validate_quote(text ? text : "", q, sizeof q));
	}
	*days = (int)n;
	return DYAD_OK;
}

void agenda_draft_through(struct dyad_date today, int sign_within_days, char out[11])
{
	date_format(date_from_days(date_to_days(today) - sign_within_days), out);
}

bool agenda_date_only(const char *starts_at)
{
	return strlen(starts_at) == 16 && strcmp(starts_at + 10, "T00:00") == 0;
}

static bool flag_add(struct agenda_couple *c, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static bool flag_add(struct agenda_couple *c, const char *key, const char *fmt, ...)
{
	struct agenda_flag *more = realloc(c->flags, (c->flags_len + 1) * sizeof *more);
	if (more == NULL)
		return false;
	c->flags = more;
	struct agenda_flag *f = &c->flags[c->flags_len++];
	f->key = key;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof f->text, fmt, ap);
	va_end(ap);
	return true;
}

static const char *plural(int n)
{
	return n == 1 ? "" : "s";
}

/* The flags of a couple, from the facts already loaded. Other checks
 * (screening, treatment plans) add theirs here, each with its own key. */
static enum dyad_error agenda_couple_flags(struct agenda_couple *c, int sign_within_days,
	const struct alert_list *alerts, struct dyad_status *st)
{
	bool ok = true;
	/* Safety alerts first: the first flag is the one Today shows. */
	for (size_t i = 0; ok && i < alerts->len; i++)
		ok = flag_add(c, "safety_alert", "safety alert: %s", alerts->items[i].reason);
	if (ok && c->notes_missing > 0)
		ok = flag_add(c, "notes_missing", "%d held session%s with no note", c->notes_missing,
			plural(c->notes_missing));
	if (ok && c->drafts_waiting > 0)
		ok = flag_add(c, "drafts_unsigned", "%d draft note%s unsigned for %d+ days",
			c->drafts_waiting, plural(c->drafts_waiting), sign_within_days);
	if (ok && c->homework_overdue > 0)
		ok = flag_add(c, "homework_overdue", "%d homework assignment%s overdue",
			c->homework_overdue, plural(c->homework_overdue));
	if (ok && c->measures_due && c->last_scored[0] == '\0')
		ok = flag_add(c, "measures_due", "measures due: none recorded yet (%s)", c->due_keys);
	else if (ok && c->measures_due)
		ok = flag_add(c, "measures_due", "measures due: %s", c->due_keys);
	return ok ? DYAD_OK : dyad_fail(st, DYAD_ERR_NOMEM, NULL);
}

/* Which scheduled measures the session starting at `at` should take. */
static enum dyad_error couple_due(struct store *store, struct agenda_couple *c, const char *at,
	struct dyad_status *st)
{
	struct measure_due_list due;
	enum dyad_error rc = measure_schedule_status(store, c->couple_id, at, &due, st);
	if (rc != DYAD_OK)
		return rc;
	size_t used = 0;
	for (size_t i = 0; i < due.len; i++) {
		const struct measure_due_row *d = &due.items[i];
		bool scored_there = d->last_at[0] != '\0' && strcmp(d->last_at, at) >= 0;
		if (scored_there || (d->last_at[0] != '\0' && d->held_since + 1 < d->every))
			continue;
		c->due_count++;
		size_t room = sizeof c->due_keys - used;
		int n = snprintf(c->due_keys + used, room, "%s%s", used ? ", " : "", d->key);
		if (n < 0 || (size_t)n >= room) {
			/* Cut at a whole key, with a mark that more are due. */
			c->due_keys[used] = '\0';
			if (used + 5 < sizeof c->due_keys)
				strcat(c->due_keys, ", ...");
			used = sizeof c->due_keys - 1;
		} else {
			used += (size_t)n;
		}
	}
	c->measures_due = c->due_count > 0;
	measure_due_list_free(&due);
	return DYAD_OK;
}

static enum dyad_error couple_load(struct store *store, struct agenda_couple *c,
	const char *next_at, struct dyad_date today, int sign_within_days, struct dyad_status *st)
{
	char day[11], draft_through[11];
	date_format(today, day);
	agenda_draft_through(today, sign_within_days, draft_through);
	enum dyad_error rc = agenda_homework_counts(store, c->couple_id, day, &c->homework_open,
		&c->homework_overdue, st);
	if (rc == DYAD_OK)
		rc = agenda_latest_scores(store, c->couple_id, &c->scores, st);
	if (rc != DYAD_OK)
		return rc;
	for (size_t i = 0; i < c->scores.len; i++)
		if (strcmp(c->scores.items[i].on, c->last_scored) > 0)
			memcpy(c->last_scored, c->scores.items[i].on, sizeof c->last_scored);
	if ((rc = couple_due(store, c, next_at, st)) != DYAD_OK)
		return rc;
	struct agenda_note_list notes;
	if ((rc = agenda_unfinished_notes(store, c->couple_id, day, draft_through, &notes, st)) !=
		DYAD_OK)
		return rc;
	for (size_t i = 0; i < notes.len; i++) {
		if (notes.items[i].empty)
			c->notes_missing++;
		else
			c->drafts_waiting++;
	}
	agenda_note_list_free(&notes);
	struct alert_list alerts;
	if ((rc = alerts_load(store, c->couple_id, &alerts, st)) != DYAD_OK)
		return rc;
	rc = agenda_couple_flags(c, sign_within_days, &alerts, st);
	alert_list_free(&alerts);
	return rc;
}

enum dyad_error agenda_load(struct store *store, struct dyad_date today, int days,
	struct agenda *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	out->from = today;
	out->days = days;
	char from[11], through[11];
	date_format(today, from);
	date_format(date_from_days(date_to_days(today) + days - 1), through);
	enum dyad_error rc = store_read_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = agenda_sign_within_days(store, &out->sign_within_days, st)) != DYAD_OK ||
		(rc = agenda_sessions_between(store, from, through, &out->sessions, st)) != DYAD_OK)
		goto done;
	size_t n = out->sessions.len;
	out->entries = calloc(n ? n : 1, sizeof *out->entries);
	size_t *couple_of = calloc(n ? n : 1, sizeof *couple_of);
	out->couples = calloc(n ? n : 1, sizeof *out->couples);
	if (out->entries == NULL || couple_of == NULL || out->couples == NULL) {
		free(couple_of);
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	int64_t today_days = date_to_days(today);
	for (size_t i = 0; i < n && rc == DYAD_OK; i++) {
		const struct agenda_session_row *s = &out->sessions.items[i];
		size_t k = 0;
		while (k < out->couples_len && out->couples[k].couple_id != s->couple_id)
			k++;
		if (k == out->couples_len) {
			out->couples[k].couple_id = s->couple_id;
			out->couples_len++;
			rc = couple_load(store, &out->couples[k], s->starts_at, today,
				out->sign_within_days, st);
		}
		couple_of[i] = k;
		out->entries[i].session = s;
		out->entries[i].state =
			session_state_on(s->attendance, s->planned, s->starts_at, today_days);
	}
	/* Pointers only once the couples array is complete (it never moves). */
	for (size_t i = 0; i < n; i++)
		out->entries[i].couple = &out->couples[couple_of[i]];
	free(couple_of);
done:
	store_read_end(store);
	if (rc != DYAD_OK)
		agenda_free(out);
	return rc;
}

void agenda_free(struct agenda *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->couples_len; i++) {
		agenda_score_list_free(&a->couples[i].scores);
		free(a->couples[i].flags);
	}
	free(a->couples);
	free(a->entries);
	agenda_session_list_free(&a->sessions);
	memset(a, 0, sizeof *a);
}

const char *agenda_weekday(struct dyad_date d)
{
	/* 1970-01-01, day 0, was a Thursday. */
	static const char *const names[7] = { "Thursday", "Friday", "Saturday", "Sunday",
		"Monday", "Tuesday", "Wednesday" };
	int64_t k = date_to_days(d) % 7;
	return names[k < 0 ? k + 7 : k];
}
