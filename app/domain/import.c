/* import.c: the rule every imported column meets, in one table, and the
 * few rules that look across a row or at rows imported before it. */
#include "app/domain/import.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/assignments.h"
#include "app/domain/settings.h"
#include "app/domain/intake.h"
#include "app/domain/plan.h"
#include "app/domain/validate.h"
#include "app/store/concepts.h"
#include "app/store/measures.h"

/* Scores and scale ends beyond a million are typing slips, as on the
 * command line (measure add, rate). */
#define IMPORT_NUMBER_LIMIT 1000000
/* Free text the log, a concept's description or a title may hold. */
#define IMPORT_SHORT_TEXT_BYTES 4000u
/* Audit entries and tallies count up; a billion is beyond any practice. */
#define IMPORT_COUNT_LIMIT 1000000000LL

enum rule_kind {
	RULE_ID,          /* a whole number from 1 */
	RULE_INT,         /* a whole number in [min, max] */
	RULE_REAL,        /* a number (whole or not) within +/- IMPORT_NUMBER_LIMIT */
	RULE_NAME,        /* validate_name */
	RULE_PRONOUNS,    /* validate_pronouns */
	RULE_KEY,         /* lower-case letters, digits, '_', '.', '-'; 1..max characters */
	RULE_TEXT,        /* validate_text, at most max bytes; min 1: not blank */
	RULE_CHOICE,      /* one of choices */
	RULE_DATE,        /* YYYY-MM-DD */
	RULE_MINUTE,      /* YYYY-MM-DDTHH:MM, as sessions start */
	RULE_TIMESTAMP,   /* YYYY-MM-DDTHH:MM:SSZ, as SQLite stamps rows */
	RULE_HASH,        /* 64 lower-case hex digits */
	RULE_SETTING_KEY, /* a setting dyad has */
	RULE_ANY_TEXT,    /* checked by a row rule (a setting's value) */
	RULE_RATING,      /* within the rated concept's scale (row rule) */
	RULE_SCORE,       /* within the measure's range (row rule) */
};

static const char *const partner_roles[] = { "a", "b", NULL };
static const char *const rating_partners[] = { "a", "b", "couple", NULL };
static const char *const note_statuses[] = { "draft", "signed", NULL };
static const char *const concept_kinds[] = { "scale", "count", "yesno", "bpm", NULL };
static const char *const concept_levels[] = { "partner", "couple", NULL };
static const char *const frequencies[] = { "daily", "weekly", "once", NULL };
static const char *const signature_taken[] = { "signing", "upgrade", NULL };

struct field_rule {
	const char *table, *column;
	enum rule_kind kind;
	bool nullable;
	long long min, max;          /* RULE_INT range; RULE_KEY, RULE_TEXT sizes */
	const char *const *choices;  /* RULE_CHOICE */
};

/* One line per column of every table an export holds. A new column gets
 * a line here; until it has one, files that carry it are refused (and
 * test_import says which column lacks a rule). */
static const struct field_rule field_rules[] = {
	{ "couple", "id", RULE_ID, false, 0, 0, NULL },
	{ "couple", "name", RULE_NAME, false, 0, 0, NULL },
	{ "couple", "status", RULE_CHOICE, false, 0, 0, couple_statuses },
	{ "couple", "intake_date", RULE_DATE, false, 0, 0, NULL },
	{ "couple", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "couple", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "partner", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "partner", "role", RULE_CHOICE, false, 0, 0, partner_roles },
	{ "partner", "name", RULE_NAME, false, 0, 0, NULL },
	{ "partner", "pronouns", RULE_PRONOUNS, true, 0, 0, NULL },

	{ "session", "id", RULE_ID, false, 0, 0, NULL },
	{ "session", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "session", "starts_at", RULE_MINUTE, false, 0, 0, NULL },
	{ "session", "minutes", RULE_INT, false, 1, 600, NULL },
	{ "session", "modality", RULE_CHOICE, false, 0, 0, session_modalities },
	{ "session", "attendance", RULE_CHOICE, false, 0, 0, session_attendances },
	{ "session", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "session", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "session", "planned", RULE_INT, false, 0, 1, NULL },

	{ "note", "session_id", RULE_ID, false, 0, 0, NULL },
	{ "note", "body", RULE_TEXT, false, 0, NOTE_MAX_BYTES, NULL },
	{ "note", "status", RULE_CHOICE, false, 0, 0, note_statuses },
	{ "note", "signed_at", RULE_TIMESTAMP, true, 0, 0, NULL },
	{ "note", "revision", RULE_INT, false, 0, IMPORT_COUNT_LIMIT, NULL },
	{ "note", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "concept", "id", RULE_ID, false, 0, 0, NULL },
	{ "concept", "key", RULE_KEY, false, 1, 64, NULL },
	{ "concept", "family", RULE_KEY, false, 1, 64, NULL },
	{ "concept", "name", RULE_NAME, false, 0, 0, NULL },
	{ "concept", "description", RULE_TEXT, false, 0, IMPORT_SHORT_TEXT_BYTES, NULL },
	{ "concept", "kind", RULE_CHOICE, false, 0, 0, concept_kinds },
	{ "concept", "scale_min", RULE_INT, false, -IMPORT_NUMBER_LIMIT, IMPORT_NUMBER_LIMIT, NULL },
	{ "concept", "scale_max", RULE_INT, false, -IMPORT_NUMBER_LIMIT, IMPORT_NUMBER_LIMIT, NULL },
	{ "concept", "level", RULE_CHOICE, false, 0, 0, concept_levels },
	{ "concept", "position", RULE_INT, false, -IMPORT_COUNT_LIMIT, IMPORT_COUNT_LIMIT, NULL },

	{ "rating", "session_id", RULE_ID, false, 0, 0, NULL },
	{ "rating", "concept_id", RULE_ID, false, 0, 0, NULL },
	{ "rating", "partner", RULE_CHOICE, false, 0, 0, rating_partners },
	{ "rating", "value", RULE_RATING, false, 0, 0, NULL },
	{ "rating", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "setting", "key", RULE_SETTING_KEY, false, 0, 0, NULL },
	{ "setting", "value", RULE_ANY_TEXT, false, 0, 0, NULL },
	{ "setting", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "assignment", "id", RULE_ID, false, 0, 0, NULL },
	{ "assignment", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "assignment", "exercise_id", RULE_KEY, false, 1, 64, NULL },
	{ "assignment", "exercise_title", RULE_NAME, false, 0, 0, NULL },
	{ "assignment", "frequency", RULE_CHOICE, false, 0, 0, frequencies },
	{ "assignment", "minutes", RULE_INT, false, 1, 600, NULL },
	{ "assignment", "assigned_on", RULE_DATE, false, 0, 0, NULL },
	{ "assignment", "due_on", RULE_DATE, false, 0, 0, NULL },
	{ "assignment", "note", RULE_TEXT, true, 0, ASSIGNMENT_NOTE_MAX_BYTES, NULL },
	{ "assignment", "session_id", RULE_ID, true, 0, 0, NULL },
	{ "assignment", "status", RULE_CHOICE, false, 0, 0, assignment_statuses },
	{ "assignment", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "assignment", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "checkin", "id", RULE_ID, false, 0, 0, NULL },
	{ "checkin", "assignment_id", RULE_ID, false, 0, 0, NULL },
	{ "checkin", "partner", RULE_CHOICE, false, 0, 0, partner_roles },
	{ "checkin", "done", RULE_INT, false, 0, CHECKIN_MAX_COUNT, NULL },
	{ "checkin", "out_of", RULE_INT, true, 1, CHECKIN_MAX_COUNT, NULL },
	{ "checkin", "comment", RULE_TEXT, true, 0, CHECKIN_COMMENT_MAX_BYTES, NULL },
	{ "checkin", "checked_on", RULE_DATE, false, 0, 0, NULL },
	{ "checkin", "session_id", RULE_ID, true, 0, 0, NULL },
	{ "checkin", "recorded_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "measure", "id", RULE_ID, false, 0, 0, NULL },
	{ "measure", "key", RULE_KEY, false, 1, 64, NULL },
	{ "measure", "name", RULE_NAME, false, 0, 0, NULL },
	{ "measure", "scale_min", RULE_REAL, false, 0, 0, NULL },
	{ "measure", "scale_max", RULE_REAL, false, 0, 0, NULL },
	{ "measure", "cutoff", RULE_REAL, true, 0, 0, NULL },
	{ "measure", "higher_is_better", RULE_INT, false, 0, 1, NULL },
	{ "measure", "position", RULE_INT, false, -IMPORT_COUNT_LIMIT, IMPORT_COUNT_LIMIT, NULL },
	{ "measure", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "measure", "reliable_change", RULE_REAL, true, 0, 0, NULL },
	{ "measure", "reliability", RULE_REAL, true, 0, 0, NULL },
	{ "measure", "norm_sd", RULE_REAL, true, 0, 0, NULL },
	{ "measure", "source", RULE_TEXT, true, 0, 1000, NULL },
	{ "measure", "licence", RULE_TEXT, true, 0, 500, NULL },
	{ "measure", "every_sessions", RULE_INT, false, 1, 52, NULL },
	{ "measure", "scheduled_by_default", RULE_INT, false, 0, 1, NULL },
	{ "measure", "from_library", RULE_INT, false, 0, 1, NULL },

	{ "measure_schedule", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "measure_schedule", "measure_id", RULE_ID, false, 0, 0, NULL },
	{ "measure_schedule", "every", RULE_INT, false, 0, 52, NULL },
	{ "measure_schedule", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "measure_value", "session_id", RULE_ID, false, 0, 0, NULL },
	{ "measure_value", "measure_id", RULE_ID, false, 0, 0, NULL },
	{ "measure_value", "partner", RULE_CHOICE, false, 0, 0, partner_roles },
	{ "measure_value", "value", RULE_SCORE, false, 0, 0, NULL },
	{ "measure_value", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "addendum", "id", RULE_ID, false, 0, 0, NULL },
	{ "addendum", "session_id", RULE_ID, false, 0, 0, NULL },
	{ "addendum", "body", RULE_TEXT, false, 1, NOTE_MAX_BYTES, NULL },
	{ "addendum", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "treatment_plan", "id", RULE_ID, false, 0, 0, NULL },
	{ "treatment_plan", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "treatment_plan", "version", RULE_INT, false, 1, 100000, NULL },
	{ "treatment_plan", "status", RULE_CHOICE, false, 0, 0, note_statuses },
	{ "treatment_plan", "review_on", RULE_DATE, true, 0, 0, NULL },
	{ "treatment_plan", "problems", RULE_TEXT, false, 0, PLAN_SECTION_MAX_BYTES, NULL },
	{ "treatment_plan", "goals", RULE_TEXT, false, 0, PLAN_SECTION_MAX_BYTES, NULL },
	{ "treatment_plan", "objectives", RULE_TEXT, false, 0, PLAN_SECTION_MAX_BYTES, NULL },
	{ "treatment_plan", "interventions", RULE_TEXT, false, 0, PLAN_SECTION_MAX_BYTES, NULL },
	{ "treatment_plan", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "treatment_plan", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "treatment_plan", "signed_at", RULE_TIMESTAMP, true, 0, 0, NULL },

	{ "assignment_objective", "assignment_id", RULE_ID, false, 0, 0, NULL },
	{ "assignment_objective", "objective", RULE_INT, false, 1, PLAN_MAX_OBJECTIVES, NULL },

	{ "audit", "id", RULE_ID, false, 0, 0, NULL },
	{ "audit", "at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "audit", "action", RULE_KEY, false, 1, 16, NULL },
	{ "audit", "object", RULE_KEY, false, 1, 32, NULL },
	{ "audit", "couple_id", RULE_INT, true, 0, INT64_MAX, NULL },
	{ "audit", "session_id", RULE_INT, true, 0, INT64_MAX, NULL },
	{ "audit", "item_id", RULE_INT, true, 0, INT64_MAX, NULL },
	{ "audit", "detail", RULE_TEXT, false, 0, IMPORT_SHORT_TEXT_BYTES, NULL },
	{ "audit", "content_sha256", RULE_HASH, true, 0, 0, NULL },
	{ "audit", "prev_hash", RULE_HASH, false, 0, 0, NULL },
	{ "audit", "hash", RULE_HASH, false, 0, 0, NULL },

	{ "audit_head", "singleton", RULE_INT, false, 1, 1, NULL },
	{ "audit_head", "last_id", RULE_ID, false, 0, 0, NULL },
	{ "audit_head", "last_hash", RULE_HASH, false, 0, 0, NULL },

	{ "couple_stats", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "couple_stats", "sessions_total", RULE_INT, false, 0, IMPORT_COUNT_LIMIT, NULL },
	{ "couple_stats", "sessions_held", RULE_INT, false, 0, IMPORT_COUNT_LIMIT, NULL },
	{ "couple_stats", "last_session", RULE_MINUTE, true, 0, 0, NULL },

	{ "calendar_identity", "singleton", RULE_INT, false, 1, 1, NULL },
	{ "calendar_identity", "uid", RULE_HASH, false, 0, 0, NULL },

	{ "intake", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "intake", "concerns", RULE_TEXT, false, 0, INTAKE_TEXT_MAX_BYTES, NULL },
	{ "intake", "history", RULE_TEXT, false, 0, INTAKE_TEXT_MAX_BYTES, NULL },
	{ "intake", "goal_a", RULE_CHOICE, false, 0, 0, intake_goals },
	{ "intake", "goal_b", RULE_CHOICE, false, 0, 0, intake_goals },
	{ "intake", "confidentiality", RULE_CHOICE, true, 0, 0, intake_confidentialities },
	{ "intake", "referral", RULE_TEXT, false, 0, INTAKE_REFERRAL_MAX_BYTES, NULL },
	{ "intake", "on_paper", RULE_INT, false, 0, 1, NULL },
	{ "intake", "revision", RULE_INT, false, 1, IMPORT_COUNT_LIMIT, NULL },
	{ "intake", "created_at", RULE_TIMESTAMP, false, 0, 0, NULL },
	{ "intake", "updated_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "safety_screening", "id", RULE_ID, false, 0, 0, NULL },
	{ "safety_screening", "couple_id", RULE_ID, false, 0, 0, NULL },
	{ "safety_screening", "partner", RULE_CHOICE, false, 0, 0, partner_roles },
	{ "safety_screening", "screened_on", RULE_DATE, false, 0, 0, NULL },
	{ "safety_screening", "method", RULE_NAME, false, 0, 0, NULL },
	{ "safety_screening", "result", RULE_CHOICE, false, 0, 0, screening_results },
	{ "safety_screening", "action", RULE_TEXT, true, 0, SCREENING_ACTION_MAX_BYTES, NULL },
	{ "safety_screening", "recorded_at", RULE_TIMESTAMP, false, 0, 0, NULL },

	{ "session_signature", "session_id", RULE_ID, false, 0, 0, NULL },
	{ "session_signature", "form", RULE_INT, false, 1, 1, NULL },
	{ "session_signature", "content_sha256", RULE_HASH, false, 0, 0, NULL },
	{ "session_signature", "session_fields", RULE_TEXT, false, 1, 2000, NULL },
	{ "session_signature", "ratings_sha256", RULE_HASH, false, 0, 0, NULL },
	{ "session_signature", "scores_sha256", RULE_HASH, false, 0, 0, NULL },
	{ "session_signature", "note_sha256", RULE_HASH, false, 0, 0, NULL },
	{ "session_signature", "taken", RULE_CHOICE, false, 0, 0, signature_taken },
	{ "session_signature", "taken_at", RULE_TIMESTAMP, false, 0, 0, NULL },
};

static const struct field_rule *rule_for(const char *table, const char *column)
{
	for (size_t i = 0; i < sizeof field_rules / sizeof field_rules[0]; i++)
		if (strcmp(field_rules[i].table, table) == 0 && strcmp(field_rules[i].column, column) == 0)
			return &field_rules[i];
	return NULL;
}

bool import_has_rule(const char *table, const char *column)
{
	return rule_for(table, column) != NULL;
}

/* A scale or range imported so far, by id: what ratings and scores are
 * held to. Starts as the catalogue the schema seeded; the file's own
 * catalogue replaces it. */
struct range {
	int64_t id;
	double min, max;
	bool couple_level;
};

struct ranges {
	struct range *items;
	size_t len, cap;
	bool from_file;
};

struct import_context {
	struct ranges concepts, measures;
};

static enum dyad_error ranges_add(struct ranges *r, int64_t id, double min, double max,
	bool couple_level, struct dyad_status *st)
{
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct range *p = realloc(r->items, cap * sizeof *p);
		if (p == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		r->items = p;
		r->cap = cap;
	}
	r->items[r->len++] = (struct range){ id, min, max, couple_level };
	return DYAD_OK;
}

static const struct range *ranges_find(const struct ranges *r, int64_t id)
{
	for (size_t i = r->len; i-- > 0;)
		if (r->items[i].id == id)
			return &r->items[i];
	return NULL;
}

static const struct import_value *row_value(const struct import_row *row, const char *column)
{
	for (int i = 0; i < row->count; i++)
		if (strcmp(row->columns[i], column) == 0)
			return &row->values[i];
	return NULL;
}

static const char *kind_name(enum import_kind k)
{
	switch (k) {
	case IMPORT_NULL: return "null";
	case IMPORT_INT: return "a whole number";
	case IMPORT_REAL: return "a number with a fraction";
	case IMPORT_TEXT: return "text";
	case IMPORT_BLOB: return "binary data";
	}
	return "a value";
}

static enum dyad_error wrong_type(const char *field, const char *wanted,
	const struct import_value *v, struct dyad_status *st)
{
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: must be %s (got %s)", field, wanted,
		kind_name(v->kind));
}

static enum dyad_error check_key(const char *field, const char *s, size_t max,
	struct dyad_status *st)
{
	char q[200];
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= max && s[0] >= 'a' && s[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
			s[i] == '.' || s[i] == '-';
	if (ok)
		return DYAD_OK;
	return dyad_fail(st, DYAD_ERR_INVALID,
		"%s: '%s' is not a key (1 to %zu lower-case letters, digits, '_', '.' or '-', "
		"starting with a letter)", field, validate_quote(s, q, sizeof q), max);
}

static bool two_digits(const char *s, int max)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	return (s[0] - '0') * 10 + (s[1] - '0') <= max;
}

/* "YYYY-MM-DDTHH:MM" (minute) or "YYYY-MM-DDTHH:MM:SSZ": exactly as dyad
 * writes them, so sorting the text sorts the times. */
static enum dyad_error check_time(const char *field, const char *s, bool seconds,
	struct dyad_status *st)
{
	size_t n = strlen(s);
	char day[11];
	struct dyad_date d;
	bool ok = n == (seconds ? 20u : 16u);
	if (ok) {
		memcpy(day, s, 10);
		day[10] = '\0';
		ok = date_parse(day, &d) && s[10] == 'T' && two_digits(s + 11, 23) && s[13] == ':' &&
			two_digits(s + 14, 59);
	}
	if (ok && seconds)
		ok = s[16] == ':' && two_digits(s + 17, 59) && s[19] == 'Z';
	if (ok)
		return DYAD_OK;
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not a time in the form %s", field,
		validate_quote(s, q, sizeof q), seconds ? "YYYY-MM-DDTHH:MM:SSZ" : "YYYY-MM-DDTHH:MM");
}

static enum dyad_error check_hash(const char *field, const char *s, struct dyad_status *st)
{
	size_t n = strlen(s);
	bool ok = n == 64;
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
	if (ok)
		return DYAD_OK;
	char q[200];
	return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not a SHA-256 fingerprint", field,
		validate_quote(s, q, sizeof q));
}

/* The one check of a column, by its rule. */
static enum dyad_error check_field(const char *field, const struct field_rule *rule,
	const struct import_value *v, struct dyad_status *st)
{
	if (v->kind == IMPORT_NULL) {
		if (rule->nullable)
			return DYAD_OK;
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: must be given (got null)", field);
	}
	if (v->kind == IMPORT_BLOB)
		return wrong_type(field, "text or a number", v, st);
	switch (rule->kind) {
	case RULE_ID:
		if (v->kind != IMPORT_INT)
			return wrong_type(field, "an id (a whole number from 1)", v, st);
		if (v->integer < 1)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: %" PRId64 " is not an id (a whole number from 1)", field, v->integer);
		return DYAD_OK;
	case RULE_INT:
		if (v->kind != IMPORT_INT)
			return wrong_type(field, "a whole number", v, st);
		if (v->integer < rule->min || v->integer > rule->max)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: %" PRId64 " is not a whole number from %lld to %lld", field, v->integer,
				rule->min, rule->max);
		return DYAD_OK;
	case RULE_REAL:
	case RULE_SCORE: {
		if (v->kind != IMPORT_INT && v->kind != IMPORT_REAL)
			return wrong_type(field, "a number", v, st);
		double x = v->kind == IMPORT_INT ? (double)v->integer : v->real;
		if (!isfinite(x) || fabs(x) > IMPORT_NUMBER_LIMIT)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: %g is beyond +/-%d", field, x,
				IMPORT_NUMBER_LIMIT);
		return DYAD_OK;
	}
	case RULE_RATING:
		if (v->kind != IMPORT_INT)
			return wrong_type(field, "a whole number", v, st);
		return DYAD_OK; /* the concept's scale: check_row */
	default:
		break;
	}
	/* The rest are text. */
	if (v->kind != IMPORT_TEXT)
		return wrong_type(field, "text", v, st);
	const char *s = v->text;
	struct dyad_date d;
	switch (rule->kind) {
	case RULE_NAME:
		return validate_name(field, s, st);
	case RULE_PRONOUNS:
		return validate_pronouns(field, s, st);
	case RULE_KEY:
		return check_key(field, s, (size_t)rule->max, st);
	case RULE_TEXT: {
		enum dyad_error rc = validate_text(field, s, v->len, (size_t)rule->max, st);
		if (rc == DYAD_OK && rule->min > 0 && strspn(s, " \t\r\n") == v->len)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: the text is empty", field);
		return rc;
	}
	case RULE_CHOICE:
		return validate_choice(field, s, rule->choices, st);
	case RULE_DATE:
		return validate_date(field, s, &d, st);
	case RULE_MINUTE:
		return check_time(field, s, false, st);
	case RULE_TIMESTAMP:
		return check_time(field, s, true, st);
	case RULE_HASH:
		return check_hash(field, s, st);
	case RULE_SETTING_KEY:
		for (const struct setting_def *def = homework_settings; def->key; def++)
			if (strcmp(def->key, s) == 0)
				return DYAD_OK;
		{
			char q[200];
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not a setting", field,
				validate_quote(s, q, sizeof q));
		}
	case RULE_ANY_TEXT:
		return DYAD_OK; /* by the row's other fields: check_row */
	default:
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: has no rule", field);
	}
}

/* A setting's value, by its key, as `dyad config set` takes it (a font
 * path need not exist on this machine yet). */
static enum dyad_error check_setting(const char *field, const char *key, const char *value,
	struct dyad_status *st)
{
	char q[200];
	if (strcmp(key, "paper") == 0) {
		if (strcmp(value, "letter") == 0 || strcmp(value, "a4") == 0)
			return DYAD_OK;
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: paper must be letter or a4 (got '%s')",
			field, validate_quote(value, q, sizeof q));
	}
	if (strcmp(key, "notes.sign_within_days") == 0) {
		long long days;
		return validate_int(field, value, 1, NOTES_SIGN_WITHIN_MAX, &days, st);
	}
	enum dyad_error rc = validate_name(field, value, st);
	if (rc == DYAD_OK && strcmp(key, "handout.font") == 0 && value[0] != '/')
		return dyad_fail(st, DYAD_ERR_INVALID,
			"%s: a font is a full path, starting with / (got '%s')", field,
			validate_quote(value, q, sizeof q));
	return rc;
}

/* The rules that need more than one value: a rating within its concept's
 * scale and for the right partner, a score within its measure's range,
 * a signed note with its time, a catalogue entry with a real range. */
static enum dyad_error check_across(struct import_context *ctx, const struct import_row *row,
	const char *label, struct dyad_status *st)
{
	char field[160];
	const char *t = row->table;
	if (strcmp(t, "concept") == 0 || strcmp(t, "measure") == 0) {
		bool concept = t[0] == 'c';
		struct ranges *r = concept ? &ctx->concepts : &ctx->measures;
		const struct import_value *id = row_value(row, "id");
		const struct import_value *lo = row_value(row, "scale_min");
		const struct import_value *hi = row_value(row, "scale_max");
		const struct import_value *level = row_value(row, "level");
		if (id == NULL || lo == NULL || hi == NULL)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: needs id, scale_min and scale_max",
				label);
		double min = lo->kind == IMPORT_INT ? (double)lo->integer : lo->real;
		double max = hi->kind == IMPORT_INT ? (double)hi->integer : hi->real;
		if (!(min < max)) {
			snprintf(field, sizeof field, "%s.scale_max", label);
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: must be above scale_min", field);
		}
		const struct import_value *cut = row_value(row, "cutoff");
		if (cut != NULL && cut->kind != IMPORT_NULL) {
			double c = cut->kind == IMPORT_INT ? (double)cut->integer : cut->real;
			if (c < min || c > max) {
				snprintf(field, sizeof field, "%s.cutoff", label);
				return dyad_fail(st, DYAD_ERR_INVALID, "%s: %g is outside %g to %g", field, c,
					min, max);
			}
		}
		if (!r->from_file) {
			r->len = 0; /* the file's catalogue replaces the seeded one */
			r->from_file = true;
		}
		bool couple_level = level != NULL && level->kind == IMPORT_TEXT &&
			strcmp(level->text, "couple") == 0;
		return ranges_add(r, id->integer, min, max, couple_level, st);
	}
	if (strcmp(t, "rating") == 0) {
		const struct import_value *cid = row_value(row, "concept_id");
		const struct import_value *who = row_value(row, "partner");
		const struct import_value *v = row_value(row, "value");
		if (cid == NULL || who == NULL || v == NULL)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: needs concept_id, partner and value",
				label);
		const struct range *c = ranges_find(&ctx->concepts, cid->integer);
		if (c == NULL) {
			snprintf(field, sizeof field, "%s.concept_id", label);
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: there is no concept %" PRId64, field,
				cid->integer);
		}
		bool for_couple = strcmp(who->text, "couple") == 0;
		if (for_couple != c->couple_level) {
			snprintf(field, sizeof field, "%s.partner", label);
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: concept %" PRId64 " is rated %s", field,
				cid->integer, c->couple_level ? "for the couple as a whole (\"couple\")"
					: "for each partner (\"a\" or \"b\")");
		}
		if ((double)v->integer < c->min || (double)v->integer > c->max) {
			snprintf(field, sizeof field, "%s.value", label);
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: concept %" PRId64 " is rated from %g to %g (got %" PRId64 ")", field,
				cid->integer, c->min, c->max, v->integer);
		}
		return DYAD_OK;
	}
	if (strcmp(t, "measure_value") == 0) {
		const struct import_value *mid = row_value(row, "measure_id");
		const struct import_value *v = row_value(row, "value");
		if (mid == NULL || v == NULL)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: needs measure_id and value", label);
		const struct range *m = ranges_find(&ctx->measures, mid->integer);
		if (m == NULL) {
			snprintf(field, sizeof field, "%s.measure_id", label);
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: there is no measure %" PRId64, field,
				mid->integer);
		}
		double x = v->kind == IMPORT_INT ? (double)v->integer : v->real;
		if (x < m->min || x > m->max) {
			snprintf(field, sizeof field, "%s.value", label);
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: measure %" PRId64 " runs from %g to %g (got %g)", field, mid->integer,
				m->min, m->max, x);
		}
		return DYAD_OK;
	}
	if (strcmp(t, "setting") == 0) {
		const struct import_value *key = row_value(row, "key");
		const struct import_value *value = row_value(row, "value");
		if (key == NULL || value == NULL)
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: needs key and value", label);
		snprintf(field, sizeof field, "%s.value", label);
		return check_setting(field, key->text, value->text, st);
	}
	if (strcmp(t, "note") == 0) {
		const struct import_value *status = row_value(row, "status");
		const struct import_value *at = row_value(row, "signed_at");
		bool is_signed = status != NULL && strcmp(status->text, "signed") == 0;
		bool has_time = at != NULL && at->kind != IMPORT_NULL;
		if (is_signed != has_time) {
			snprintf(field, sizeof field, "%s.signed_at", label);
			return dyad_fail(st, DYAD_ERR_INVALID, "%s: %s", field,
				is_signed ? "a signed note needs the time it was signed"
					: "a draft has no signing time");
		}
	}
	return DYAD_OK;
}

static enum dyad_error check_row(void *opaque, const struct import_row *row,
	struct dyad_status *st)
{
	struct import_context *ctx = opaque;
	char label[100], field[160];
	snprintf(label, sizeof label, "%.60s[%" PRId64 "]", row->table, row->index);
	for (int i = 0; i < row->count; i++) {
		snprintf(field, sizeof field, "%s.%.40s", label, row->columns[i]);
		const struct field_rule *rule = rule_for(row->table, row->columns[i]);
		if (rule == NULL)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"%s: this dyad has no import rule for the column, so it cannot check it", field);
		enum dyad_error rc = check_field(field, rule, &row->values[i], st);
		if (rc != DYAD_OK)
			return rc;
	}
	return check_across(ctx, row, label, st);
}

static enum dyad_error context_load(struct store *store, struct import_context *ctx,
	struct dyad_status *st)
{
	struct concept_list concepts = { 0 };
	struct measure_list measures = { 0 };
	enum dyad_error rc = concepts_list(store, &concepts, st);
	if (rc == DYAD_OK)
		rc = measures_list(store, &measures, st);
	for (size_t i = 0; rc == DYAD_OK && i < concepts.len; i++)
		rc = ranges_add(&ctx->concepts, concepts.items[i].id, concepts.items[i].scale_min,
			concepts.items[i].scale_max, concepts.items[i].couple_level, st);
	for (size_t i = 0; rc == DYAD_OK && i < measures.len; i++)
		rc = ranges_add(&ctx->measures, measures.items[i].id, measures.items[i].scale_min,
			measures.items[i].scale_max, false, st);
	concept_list_free(&concepts);
	measure_list_free(&measures);
	return rc;
}

enum dyad_error import_file_text(struct store *store, const char *text, size_t len,
	const char *what, struct import_summary *summary, struct dyad_status *st)
{
	struct import_context ctx;
	memset(&ctx, 0, sizeof ctx);
	enum dyad_error rc = context_load(store, &ctx, st);
	if (rc == DYAD_OK) {
		/* No string in an export is longer than a note may be. */
		struct import_rules rules = { NOTE_MAX_BYTES, check_row, &ctx };
		rc = store_import_json(store, text, len, what, &rules, summary, st);
	}
	free(ctx.concepts.items);
	free(ctx.measures.items);
	return rc;
}
