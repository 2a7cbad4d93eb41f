/* agenda.c: the coming days, and what to know about each couple in them. */
#include "app/domain/agenda.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/settings.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"

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
	struct dyad_status *st)
{
	bool ok = true;
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
		ok = flag_add(c, "measures_due", "measures due: none recorded yet");
	else if (ok && c->measures_due)
		ok = flag_add(c, "measures_due", "measures due: last scored %s", c->last_scored);
	return ok ? DYAD_OK : dyad_fail(st, DYAD_ERR_NOMEM, NULL);
}

static enum dyad_error couple_load(struct store *store, struct agenda_couple *c,
	struct dyad_date today, int sign_within_days, struct dyad_status *st)
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
	struct dyad_date last;
	c->measures_due = c->last_scored[0] == '\0' ||
		(date_parse(c->last_scored, &last) &&
			date_to_days(today) - date_to_days(last) > AGENDA_MEASURES_EVERY_DAYS);
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
	return agenda_couple_flags(c, sign_within_days, st);
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
			rc = couple_load(store, &out->couples[k], today, out->sign_within_days, st);
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
