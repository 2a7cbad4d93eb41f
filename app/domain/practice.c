/* practice.c: validation and record rules for couples, sessions, notes and
 * ratings. */
#include "app/domain/practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

static const char *const partner_field_name[2] = { "partner A name", "partner B name" };
static const char *const partner_field_pronouns[2] = { "partner A pronouns",
	"partner B pronouns" };

enum dyad_error practice_couple_add(struct store *store, const struct couple_input *in,
	int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc;
	if ((rc = validate_name("name", in->name, st)) != DYAD_OK)
		return rc;
	for (int i = 0; i < 2; i++) {
		if (in->partner_name[i] == NULL)
			return dyad_fail(st, DYAD_ERR_USAGE,
				"partner: a couple needs two partners (give --partner twice)");
		if ((rc = validate_name(partner_field_name[i], in->partner_name[i], st)) != DYAD_OK)
			return rc;
		if (in->partner_pronouns[i] != NULL &&
			(rc = validate_pronouns(partner_field_pronouns[i], in->partner_pronouns[i],
				 st)) != DYAD_OK)
			return rc;
	}
	struct dyad_date d;
	char intake[11];
	if (in->intake != NULL) {
		if ((rc = validate_date("intake", in->intake, &d, st)) != DYAD_OK)
			return rc;
	} else {
		d = date_today();
	}
	date_format(d, intake);
	return couples_insert(store, in->name, intake, in->partner_name, in->partner_pronouns,
		id, st);
}

enum dyad_error practice_couple_set(struct store *store, int64_t id,
	const struct couple_change *change, struct dyad_status *st)
{
	enum dyad_error rc;
	if (change->name && (rc = validate_name("name", change->name, st)) != DYAD_OK)
		return rc;
	if (change->status &&
		(rc = validate_choice("status", change->status, couple_statuses, st)) != DYAD_OK)
		return rc;
	for (int i = 0; i < 2; i++) {
		if (change->partner_name[i] &&
			(rc = validate_name(partner_field_name[i], change->partner_name[i], st)) != DYAD_OK)
			return rc;
		if (change->partner_pronouns[i] && change->partner_pronouns[i][0] != '\0' &&
			(rc = validate_pronouns(partner_field_pronouns[i], change->partner_pronouns[i],
				 st)) != DYAD_OK)
			return rc;
	}
	if ((rc = store_begin(store, st)) != DYAD_OK)
		return rc;
	rc = couples_update(store, id, change->name, change->status, st);
	for (int i = 0; i < 2 && rc == DYAD_OK; i++)
		if (change->partner_name[i] || change->partner_pronouns[i])
			rc = couples_update_partner(store, id, i, change->partner_name[i],
				change->partner_pronouns[i], st);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

/* Checks a session's fields; those left NULL stay NULL in out (or get the
 * defaults when fill_defaults). */
static enum dyad_error session_fields(const struct session_input *in, bool fill_defaults,
	char starts_at[17], bool *has_when, int *minutes, struct dyad_status *st)
{
	enum dyad_error rc;
	*has_when = false;
	*minutes = 0;
	if (in->when != NULL) {
		struct dyad_datetime dt;
		if (!datetime_parse(in->when, &dt, NULL)) {
			char q[200];
			return dyad_fail(st, DYAD_ERR_INVALID,
				"date: '%s' is not a real date and time in the form YYYY-MM-DD or "
				"YYYY-MM-DDTHH:MM", validate_quote(in->when, q, sizeof q));
		}
		datetime_format(&dt, starts_at);
		*has_when = true;
	} else if (fill_defaults) {
		struct dyad_datetime dt = date_now();
		datetime_format(&dt, starts_at);
		*has_when = true;
	}
	if (in->minutes != NULL) {
		long long m;
		if ((rc = validate_int("minutes", in->minutes, 1, 600, &m, st)) != DYAD_OK)
			return rc;
		*minutes = (int)m;
	} else if (fill_defaults) {
		*minutes = 50;
	}
	if (in->modality &&
		(rc = validate_choice("modality", in->modality, session_modalities, st)) != DYAD_OK)
		return rc;
	if (in->attendance &&
		(rc = validate_choice("attendance", in->attendance, session_attendances, st)) != DYAD_OK)
		return rc;
	return DYAD_OK;
}

/* No session before the couple's intake (the trigger in schema/0007 says
 * the same to every other writer). */
static enum dyad_error session_after_intake(struct store *store, int64_t couple_id,
	const char *starts_at, struct dyad_status *st)
{
	struct couple_rec couple;
	enum dyad_error rc = couples_get(store, couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	if (strncmp(starts_at, couple.intake, 10) < 0)
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"date: %.10s is before the couple's intake on %s; a session cannot come first",
			starts_at, couple.intake);
	couple_rec_free(&couple);
	return rc;
}

/* A session dated after today has not happened: it can be planned or
 * cancelled ahead, nothing else. */
static enum dyad_error session_not_ahead(const char *starts_at, const char *attendance,
	struct dyad_status *st)
{
	struct dyad_datetime when;
	if (!datetime_parse(starts_at, &when, NULL) ||
		date_to_days(when.date) <= date_to_days(date_today()))
		return DYAD_OK;
	if (strcmp(attendance, "planned") == 0 || strcmp(attendance, "cancelled") == 0)
		return DYAD_OK;
	return dyad_fail(st, DYAD_ERR_INVALID,
		"attendance: the session on %.10s has not happened yet, so it can only be planned "
		"or cancelled; record '%s' on or after that day", starts_at, attendance);
}

enum dyad_error practice_session_add(struct store *store, int64_t couple_id,
	const struct session_input *in, int64_t *id, struct dyad_status *st)
{
	char starts_at[17];
	bool has_when;
	int minutes;
	enum dyad_error rc = session_fields(in, true, starts_at, &has_when, &minutes, st);
	if (rc != DYAD_OK)
		return rc;
	/* Without an attendance, a session in the future is booked ahead. */
	struct dyad_datetime when;
	bool ahead = datetime_parse(starts_at, &when, NULL) &&
		date_to_days(when.date) > date_to_days(date_today());
	const char *attendance = in->attendance ? in->attendance : ahead ? "planned" : "both";
	if ((rc = session_not_ahead(starts_at, attendance, st)) != DYAD_OK ||
		(rc = session_after_intake(store, couple_id, starts_at, st)) != DYAD_OK)
		return rc;
	return sessions_insert(store, couple_id, starts_at, minutes,
		in->modality ? in->modality : "in-person", attendance, id, st);
}

enum dyad_error practice_session_set(struct store *store, int64_t session_id,
	const struct session_input *in, struct dyad_status *st)
{
	char starts_at[17];
	bool has_when;
	int minutes;
	enum dyad_error rc = session_fields(in, false, starts_at, &has_when, &minutes, st);
	if (rc != DYAD_OK)
		return rc;
	struct session_rec s;
	if ((rc = sessions_get(store, session_id, &s, st)) != DYAD_OK)
		return rc;
	const char *shown = session_attendance_shown(&s);
	bool moves = has_when && strcmp(starts_at, s.starts_at) != 0;
	bool marks = in->attendance != NULL && strcmp(in->attendance, shown) != 0;
	bool lengthens = minutes > 0 && minutes != s.minutes;
	bool changes_modality = in->modality != NULL && strcmp(in->modality, s.modality) != 0;
	if ((moves || marks || lengthens || changes_modality) &&
		strcmp(s.note_status, "signed") == 0)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: session %lld's note is signed, so its date, attendance, minutes and "
			"modality are fixed",
			moves ? "date" : marks ? "attendance" : lengthens ? "minutes" : "modality",
			(long long)session_id);
	if (moves || marks) {
		const char *next = in->attendance ? in->attendance : shown;
		if ((rc = session_not_ahead(has_when ? starts_at : s.starts_at, next, st)) != DYAD_OK)
			return rc;
	}
	if (moves && (rc = session_after_intake(store, s.couple_id, starts_at, st)) != DYAD_OK)
		return rc;
	return sessions_update(store, session_id, has_when ? starts_at : NULL, minutes,
		in->modality, in->attendance, st);
}

enum dyad_error practice_session_plan(struct store *store, int64_t couple_id,
	const struct session_plan_input *in, int64_t **ids, size_t *count,
	struct dyad_status *st)
{
	*ids = NULL;
	*count = 0;
	if (in->when == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "date: give --date for the first planned session");
	struct session_input fields = { in->when, in->minutes, in->modality, NULL };
	char first[17];
	bool has_when;
	int minutes;
	enum dyad_error rc = session_fields(&fields, true, first, &has_when, &minutes, st);
	if (rc != DYAD_OK)
		return rc;
	struct dyad_datetime start;
	datetime_parse(first, &start, NULL);
	int64_t today = date_to_days(date_today()), day0 = date_to_days(start.date);
	if (day0 < today)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"date: %.10s has passed; plan sessions from today on (record a past one with "
			"`dyad session add`)", first);
	int step = 0;
	if (in->every != NULL) {
		if (strcmp(in->every, "1w") == 0)
			step = 7;
		else if (strcmp(in->every, "2w") == 0)
			step = 14;
		else {
			char q[200];
			return dyad_fail(st, DYAD_ERR_INVALID,
				"every: '%s' is not a spacing dyad knows; use 1w (weekly) or 2w (fortnightly)",
				validate_quote(in->every, q, sizeof q));
		}
	}
	if (in->until != NULL && in->count != NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"until: give --until or --count, not both");
	if ((in->until != NULL || in->count != NULL) && step == 0)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"every: --until and --count need --every 1w or --every 2w");
	if (step > 0 && in->until == NULL && in->count == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"every: say how far to plan with --until DATE or --count N");
	long long n = 1;
	if (in->count != NULL &&
		(rc = validate_int("count", in->count, 1, SESSION_PLAN_MAX, &n, st)) != DYAD_OK)
		return rc;
	if (in->until != NULL) {
		struct dyad_date until;
		if ((rc = validate_date("until", in->until, &until, st)) != DYAD_OK)
			return rc;
		int64_t last = date_to_days(until);
		if (last < day0)
			return dyad_fail(st, DYAD_ERR_INVALID, "until: %s is before the first session on %.10s",
				in->until, first);
		n = (last - day0) / step + 1;
		if (n > SESSION_PLAN_MAX)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"until: that would plan %lld sessions; at most %d at a time", n,
				SESSION_PLAN_MAX);
	}
	if ((rc = session_after_intake(store, couple_id, first, st)) != DYAD_OK)
		return rc;
	char(*when)[17] = calloc((size_t)n, sizeof *when);
	int64_t *out = calloc((size_t)n, sizeof *out);
	if (when == NULL || out == NULL) {
		free(when);
		free(out);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	for (long long i = 0; i < n; i++) {
		struct dyad_datetime dt = start;
		dt.date = date_from_days(day0 + i * step);
		datetime_format(&dt, when[i]);
	}
	rc = sessions_insert_planned(store, couple_id, (const char(*)[17])when, (size_t)n, minutes,
		in->modality ? in->modality : "in-person", out, st);
	free(when);
	if (rc != DYAD_OK) {
		free(out);
		return rc;
	}
	*ids = out;
	*count = (size_t)n;
	return DYAD_OK;
}

bool practice_note_is_blank(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
			return false;
	return true;
}

static enum dyad_error note_write(struct store *store, int64_t session_id, const char *body,
	size_t len, int64_t expected_revision, bool allow_empty, struct dyad_status *st)
{
	enum dyad_error rc = validate_text("note", body, len, NOTE_MAX_BYTES, st);
	if (rc != DYAD_OK)
		return rc;
	/* Text needs a held session; a blank save is weighed below. */
	if (len > 0 && (rc = session_require_held(store, session_id, 2, "note", "note", st)) !=
		DYAD_OK)
		return rc;
	if (allow_empty || !practice_note_is_blank(body, len))
		return notes_set_body(store, session_id, body, len, expected_revision, st);
	/* A blank save is where a slip (an editor saved empty, a forgotten
	 * redirect) costs a whole note, so it is checked against what is
	 * stored, and pinned to that revision: text saved in between is a
	 * conflict, never silently wiped. */
	struct note_rec note;
	if ((rc = notes_get(store, session_id, &note, st)) != DYAD_OK)
		return rc;
	/* A signed note is left to the store, which says it is locked. */
	bool has_text = strcmp(note.status, "signed") != 0 &&
		!practice_note_is_blank(note.body, strlen(note.body));
	int64_t revision = expected_revision >= 0 ? expected_revision : note.revision;
	note_rec_free(&note);
	if (has_text)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"note: the new text is empty and would wipe session %lld's draft; "
			"nothing was changed",
			(long long)session_id);
	return notes_set_body(store, session_id, body, len, revision, st);
}

enum dyad_error practice_note_save(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st)
{
	return note_write(store, session_id, body, len, expected_revision, false, st);
}

enum dyad_error practice_note_save_allow_empty(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st)
{
	return note_write(store, session_id, body, len, expected_revision, true, st);
}

enum dyad_error practice_note_sign(struct store *store, int64_t session_id,
	struct dyad_status *st)
{
	enum dyad_error rc = session_require_held(store, session_id, 2, "note", "signature", st);
	if (rc != DYAD_OK)
		return rc;
	return notes_sign(store, session_id, st);
}

/* Loads the concept and checks the partner rule and the lock; the caller
 * holds a transaction. */
static enum dyad_error rating_target(struct store *store, int64_t session_id,
	const char *concept_key, int partner, bool setting, struct concept_rec *concept,
	struct dyad_status *st)
{
	enum dyad_error rc = concepts_find(store, concept_key, concept, st);
	if (rc != DYAD_OK)
		return rc;
	if (concept->couple_level && partner != 2)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"partner: '%s' is rated for the couple as a whole; leave out --partner",
			concept->key);
	if (!concept->couple_level && partner == 2)
		return dyad_fail(st, DYAD_ERR_INVALID,
			"partner: '%s' is rated for each partner; give --partner a or --partner b",
			concept->key);
	/* Clearing stays possible, so a rating left on a session that was not
	 * held (before these rules) can be taken away. */
	if (setting &&
		(rc = session_require_held(store, session_id, partner, "rating", "ratings", st)) !=
			DYAD_OK)
		return rc;
	struct note_rec note;
	if ((rc = notes_get(store, session_id, &note, st)) != DYAD_OK)
		return rc;
	bool locked = strcmp(note.status, "signed") == 0;
	note_rec_free(&note);
	if (locked)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"rating: session %lld's note is signed, so its ratings are locked",
			(long long)session_id);
	return DYAD_OK;
}

enum dyad_error practice_rate_value(struct store *store, int64_t session_id,
	const char *concept_key, int partner, int value, struct dyad_status *st)
{
	struct concept_rec concept;
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	rc = rating_target(store, session_id, concept_key, partner, true, &concept, st);
	if (rc == DYAD_OK && (value < concept.scale_min || value > concept.scale_max))
		rc = dyad_fail(st, DYAD_ERR_INVALID, "value: %s is rated from %d to %d (got %d)",
			concept.key, concept.scale_min, concept.scale_max, value);
	if (rc == DYAD_OK)
		rc = ratings_set(store, session_id, concept.id, partner, value, st);
	concept_rec_free(&concept);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

enum dyad_error practice_rate(struct store *store, int64_t session_id,
	const char *concept_key, const char *value, const char *partner,
	struct dyad_status *st)
{
	int who = 2;
	enum dyad_error rc;
	if (partner != NULL && (rc = validate_partner("partner", partner, &who, st)) != DYAD_OK)
		return rc;
	long long v;
	if (value == NULL || !parse_int(value, -1000000, 1000000, &v)) {
		char q[200];
		return dyad_fail(st, DYAD_ERR_INVALID, "value: '%s' is not a whole number",
			validate_quote(value ? value : "", q, sizeof q));
	}
	return practice_rate_value(store, session_id, concept_key, who, (int)v, st);
}

enum dyad_error practice_rate_clear(struct store *store, int64_t session_id,
	const char *concept_key, int partner, struct dyad_status *st)
{
	struct concept_rec concept;
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	rc = rating_target(store, session_id, concept_key, partner, false, &concept, st);
	if (rc == DYAD_OK)
		rc = ratings_clear(store, session_id, concept.id, partner, st);
	concept_rec_free(&concept);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}
