/* assignments.c: assigning homework, check-ins, closing assignments and
 * their adherence. */
#include "app/domain/assignments.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/sessions.h"

const char *const assignment_statuses[] = { "assigned", "done", "dropped", NULL };

/* A session id as typed, which must be one of this couple's sessions; its
 * day goes to day (11 bytes). */
static enum dyad_error couple_session(struct store *store, int64_t couple_id, const char *text,
	int64_t *id, char *day, struct dyad_status *st)
{
	enum dyad_error rc = validate_id("session", text, id, st);
	if (rc != DYAD_OK)
		return rc;
	struct session_rec s;
	if ((rc = sessions_get(store, *id, &s, st)) != DYAD_OK)
		return rc;
	if (s.couple_id != couple_id)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"session: session %lld belongs to another couple", (long long)*id);
	snprintf(day, 11, "%.10s", s.starts_at);
	return DYAD_OK;
}

static enum dyad_error check_note(const char *note, size_t len, struct dyad_status *st)
{
	if (note == NULL || len == 0)
		return DYAD_OK;
	return validate_text("note", note, len, ASSIGNMENT_NOTE_MAX_BYTES, st);
}

/* True when the note is nothing but spaces and line breaks. */
static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
			return false;
	return true;
}

enum dyad_error homework_assign(struct store *store, int64_t couple_id, const struct template *t,
	const struct assign_input *in, int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc;
	char q[200];
	enum homework_frequency frequency = t->frequency;
	if (in->frequency != NULL && !homework_frequency_parse(in->frequency, &frequency))
		return dyad_fail(st, DYAD_ERR_INVALID, "frequency: must be daily, weekly or once (got '%s')",
			validate_quote(in->frequency, q, sizeof q));
	long long minutes = t->minutes;
	if (in->minutes != NULL &&
		(rc = validate_int("minutes", in->minutes, 1, 600, &minutes, st)) != DYAD_OK)
		return rc;
	size_t note_len = in->note ? in->note_len : 0;
	if ((rc = check_note(in->note, note_len, st)) != DYAD_OK)
		return rc;
	struct dyad_date due_date = { 0, 0, 0 };
	if (in->due != NULL && (rc = validate_date("due", in->due, &due_date, st)) != DYAD_OK)
		return rc;
	struct couple_rec couple;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	bool closed = strcmp(couple.status, "closed") == 0;
	couple_rec_free(&couple);
	if (closed)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"couple: couple %lld is closed; reopen it (dyad couple set %lld --status active) "
			"to give homework", (long long)couple_id, (long long)couple_id);
	char assigned[11];
	int64_t session_id = 0;
	if (in->session != NULL) {
		if ((rc = couple_session(store, couple_id, in->session, &session_id, assigned, st)) !=
			DYAD_OK)
			return rc;
	} else {
		date_format(date_today(), assigned);
	}
	struct dyad_date assigned_date;
	date_parse(assigned, &assigned_date);
	char due[11];
	if (in->due != NULL) {
		if (date_to_days(due_date) < date_to_days(assigned_date))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"due: %s is before the assignment date (%s)", in->due, assigned);
		date_format(due_date, due);
	} else {
		/* A weekly exercise runs two weeks by default: its texts take turns
		 * ("the first week ..., the next week ...") and one week would give
		 * a grid of a single row. */
		int period = frequency == HOMEWORK_WEEKLY ? 14 : 7;
		date_format(date_from_days(date_to_days(assigned_date) + period), due);
	}
	char *note = NULL;
	if (in->note != NULL && !blank(in->note, note_len)) {
		note = malloc(note_len + 1);
		if (note == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		memcpy(note, in->note, note_len);
		note[note_len] = '\0';
	}
	struct assignment_new row = {
		.couple_id = couple_id,
		.exercise_id = t->id,
		.exercise_title = t->title,
		.frequency = homework_frequency_name(frequency),
		.minutes = (int)minutes,
		.assigned_on = assigned,
		.due_on = due,
		.note = note,
		.session_id = session_id,
	};
	rc = assignments_insert(store, &row, id, st);
	free(note);
	return rc;
}

enum dyad_error homework_checkin_values(struct store *store, int64_t assignment_id,
	int partner, int64_t done, int64_t of, const char *comment, const char *date,
	int64_t session_id, bool *replaced, struct dyad_status *st)
{
	enum dyad_error rc;
	if (partner != 0 && partner != 1)
		return dyad_fail(st, DYAD_ERR_INVALID, "partner: must be a or b");
	if (done < 0 || done > CHECKIN_MAX_COUNT)
		return dyad_fail(st, DYAD_ERR_INVALID, "done: must be from 0 to %d", CHECKIN_MAX_COUNT);
	if (of < 0 || of > CHECKIN_MAX_COUNT)
		return dyad_fail(st, DYAD_ERR_INVALID, "of: must be from 1 to %d", CHECKIN_MAX_COUNT);
	if (of > 0 && done > of)
		return dyad_fail(st, DYAD_ERR_INVALID, "done: %lld is more than the %lld it is out of",
			(long long)done, (long long)of);
	size_t comment_len = comment ? strlen(comment) : 0;
	if (comment_len > 0 &&
		(rc = validate_text("comment", comment, comment_len, CHECKIN_COMMENT_MAX_BYTES, st)) !=
			DYAD_OK)
		return rc;
	struct dyad_date day;
	if (date != NULL && (rc = validate_date("date", date, &day, st)) != DYAD_OK)
		return rc;
	struct assignment_rec a;
	if ((rc = assignments_get(store, assignment_id, &a, st)) != DYAD_OK)
		return rc;
	char checked[11];
	if (session_id > 0) {
		struct session_rec s;
		if ((rc = sessions_get(store, session_id, &s, st)) != DYAD_OK)
			goto done;
		if (s.couple_id != a.couple_id) {
			rc = dyad_fail(st, DYAD_ERR_INVALID,
				"session: session %lld belongs to another couple", (long long)session_id);
			goto done;
		}
		if ((rc = session_require_held(store, session_id, 2, "check-in", "check-ins", st)) !=
			DYAD_OK)
			goto done;
		snprintf(checked, sizeof checked, "%.10s", s.starts_at);
	} else {
		date_format(date_today(), checked);
	}
	if (date != NULL)
		date_format(day, checked);
	if (strcmp(checked, a.assigned_on) < 0) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "date: %s is before the homework was given (%s)",
			checked, a.assigned_on);
		goto done;
	}
	char today[11];
	date_format(date_today(), today);
	if (strcmp(checked, today) > 0) {
		rc = dyad_fail(st, DYAD_ERR_INVALID, "date: %s is in the future; record what was done "
			"once it has been done", checked);
		goto done;
	}
	struct checkin_new row = {
		.assignment_id = assignment_id,
		.partner = partner,
		.done = done,
		.out_of = of,
		.comment = comment_len > 0 && !blank(comment, comment_len) ? comment : NULL,
		.checked_on = checked,
		.session_id = session_id,
	};
	rc = checkins_put(store, &row, NULL, replaced, st);
done:
	assignment_rec_free(&a);
	return rc;
}

enum dyad_error homework_checkin(struct store *store, int64_t assignment_id,
	const struct checkin_input *in, bool *replaced, struct dyad_status *st)
{
	enum dyad_error rc;
	int partner;
	long long done, of = 0;
	int64_t session_id = 0;
	if (in->partner == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "partner: say whose check-in it is with --partner a|b");
	if ((rc = validate_partner("partner", in->partner, &partner, st)) != DYAD_OK)
		return rc;
	if (in->done == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "done: say how many times with --done N");
	if ((rc = validate_int("done", in->done, 0, CHECKIN_MAX_COUNT, &done, st)) != DYAD_OK)
		return rc;
	if (in->of != NULL && (rc = validate_int("of", in->of, 1, CHECKIN_MAX_COUNT, &of, st)) != DYAD_OK)
		return rc;
	if (in->session != NULL && (rc = validate_id("session", in->session, &session_id, st)) != DYAD_OK)
		return rc;
	return homework_checkin_values(store, assignment_id, partner, done, of, in->comment, in->date,
		session_id, replaced, st);
}

enum dyad_error homework_set_status(struct store *store, int64_t assignment_id,
	const char *status, struct dyad_status *st)
{
	enum dyad_error rc = validate_choice("status", status, assignment_statuses, st);
	if (rc != DYAD_OK)
		return rc;
	return assignments_set_status(store, assignment_id, status, st);
}

enum dyad_error homework_set_details(struct store *store, int64_t assignment_id,
	const char *due, const char *note, struct dyad_status *st)
{
	enum dyad_error rc;
	struct dyad_date d;
	if (due != NULL && (rc = validate_date("due", due, &d, st)) != DYAD_OK)
		return rc;
	size_t note_len = note ? strlen(note) : 0;
	if ((rc = check_note(note, note_len, st)) != DYAD_OK)
		return rc;
	struct assignment_rec a;
	if ((rc = assignments_get(store, assignment_id, &a, st)) != DYAD_OK)
		return rc;
	char due_text[11];
	if (due != NULL)
		date_format(d, due_text);
	if (due != NULL && strcmp(due_text, a.assigned_on) < 0)
		rc = dyad_fail(st, DYAD_ERR_INVALID, "due: %s is before the assignment date (%s)",
			due_text, a.assigned_on);
	assignment_rec_free(&a);
	if (rc != DYAD_OK)
		return rc;
	if (note != NULL && blank(note, note_len))
		note = "";
	return assignments_update(store, assignment_id, due ? due_text : NULL, note, st);
}

/* Both readings share the loading; rep NULL: the check-ins' own rule. */
static enum dyad_error adherence_load(struct store *store, const struct assignment_rec *a,
	int64_t as_of_day, struct adherence *out, struct adherence_reporting *rep,
	struct checkin_list *checkins, struct dyad_status *st)
{
	struct checkin_list list;
	enum dyad_error rc = checkins_list(store, a->id, &list, st);
	if (rc != DYAD_OK)
		return rc;
	struct adherence_checkin *c = calloc(list.len ? list.len : 1, sizeof *c);
	if (c == NULL) {
		checkin_list_free(&list);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < list.len; i++) {
		struct dyad_date d = { 1970, 1, 1 };
		date_parse(list.items[i].checked_on, &d);
		c[i].day = date_to_days(d);
		c[i].partner = list.items[i].partner;
		c[i].done = list.items[i].done;
		c[i].out_of = list.items[i].out_of;
	}
	enum homework_frequency f = HOMEWORK_DAILY;
	homework_frequency_parse(a->frequency, &f);
	struct dyad_date given = { 1970, 1, 1 };
	date_parse(a->assigned_on, &given);
	if (rep != NULL) {
		struct dyad_date due = given;
		date_parse(a->due_on, &due);
		/* A dropped assignment was called off: only what was reported counts. */
		int64_t due_day = strcmp(a->status, "dropped") == 0 ? INT64_MAX : date_to_days(due);
		adherence_count_missing(f, date_to_days(given), due_day, as_of_day, c, list.len, out,
			rep);
	} else {
		adherence_compute(f, date_to_days(given), c, list.len, out);
	}
	free(c);
	if (checkins != NULL)
		*checkins = list;
	else
		checkin_list_free(&list);
	return DYAD_OK;
}

enum dyad_error homework_adherence(struct store *store, const struct assignment_rec *a,
	struct adherence *out, struct checkin_list *checkins, struct dyad_status *st)
{
	return adherence_load(store, a, 0, out, NULL, checkins, st);
}

enum dyad_error homework_adherence_as_of(struct store *store, const struct assignment_rec *a,
	int64_t as_of_day, struct adherence *out, struct adherence_reporting rep[3],
	struct checkin_list *checkins, struct dyad_status *st)
{
	return adherence_load(store, a, as_of_day, out, rep, checkins, st);
}
