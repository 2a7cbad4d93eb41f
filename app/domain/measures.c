/* measures.c: validation and record rules for outcome measures. */
#include "app/domain/measures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

/* Scores beyond a million would be a typing slip, not an instrument. */
#define MEASURE_LIMIT 1000000.0

static enum dyad_error parse_score(const char *field, const char *s, double *out,
	struct dyad_status *st)
{
	char q[200];
	if (s == NULL || !parse_number(s, out))
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not a number", field,
			validate_quote(s ? s : "", q, sizeof q));
	if (fabs(*out) > MEASURE_LIMIT)
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is beyond +/-1000000", field,
			validate_quote(s, q, sizeof q));
	if (*out == 0.0)
		*out = 0.0; /* no negative zero in the database */
	return DYAD_OK;
}

static enum dyad_error validate_measure_key(const char *s, struct dyad_status *st)
{
	char q[200];
	size_t n = s ? strlen(s) : 0;
	if (n == 0)
		return dyad_fail(st, DYAD_ERR_INVALID, "key: must not be empty");
	if (n > 64)
		return dyad_fail(st, DYAD_ERR_INVALID, "key: must be at most 64 characters (got %zu)", n);
	if (!(s[0] >= 'a' && s[0] <= 'z'))
		return dyad_fail(st, DYAD_ERR_INVALID,
			"key: '%s' must start with a lower-case letter", validate_quote(s, q, sizeof q));
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			    c == '-'))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"key: '%s' may hold only lower-case letters, digits, '_', '.' and '-'",
				validate_quote(s, q, sizeof q));
	}
	return DYAD_OK;
}

static enum dyad_error parse_positive(const char *field, const char *s, double *out,
	struct dyad_status *st)
{
	enum dyad_error rc = parse_score(field, s, out, st);
	if (rc == DYAD_OK && !(*out > 0))
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: must be above 0", field);
	return rc;
}

enum dyad_error measure_check(const struct measure_input *in, struct measure_rec *m,
	struct dyad_status *st)
{
	enum dyad_error rc;
	memset(m, 0, sizeof *m);
	if ((rc = validate_measure_key(in->key, st)) != DYAD_OK ||
		(rc = validate_name("name", in->name, st)) != DYAD_OK)
		return rc;
	if (in->min == NULL || in->max == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE, "%s: a measure needs its range (--min and --max)",
			in->min == NULL ? "min" : "max");
	if ((rc = parse_score("min", in->min, &m->scale_min, st)) != DYAD_OK ||
		(rc = parse_score("max", in->max, &m->scale_max, st)) != DYAD_OK)
		return rc;
	char a[32], b[32];
	if (!(m->scale_min < m->scale_max))
		return dyad_fail(st, DYAD_ERR_INVALID, "max: must be above min (got %s to %s)",
			measure_format(m->scale_min, a), measure_format(m->scale_max, b));
	if (in->cutoff != NULL) {
		if ((rc = parse_score("cutoff", in->cutoff, &m->cutoff, st)) != DYAD_OK)
			return rc;
		if (m->cutoff < m->scale_min || m->cutoff > m->scale_max)
			return dyad_fail(st, DYAD_ERR_INVALID, "cutoff: must lie within %s to %s",
				measure_format(m->scale_min, a), measure_format(m->scale_max, b));
		m->has_cutoff = true;
	}
	if (in->reliable_change != NULL && (in->reliability != NULL || in->norm_sd != NULL))
		return dyad_fail(st, DYAD_ERR_USAGE,
			"reliable-change: give it, or reliability with norm-sd, not both");
	if ((in->reliability == NULL) != (in->norm_sd == NULL))
		return dyad_fail(st, DYAD_ERR_USAGE,
			"%s: reliability and norm-sd go together (reliable change needs both)",
			in->reliability == NULL ? "reliability" : "norm-sd");
	if (in->reliable_change != NULL) {
		if ((rc = parse_positive("reliable-change", in->reliable_change, &m->reliable_change,
			     st)) != DYAD_OK)
			return rc;
		if (m->reliable_change > m->scale_max - m->scale_min)
			return dyad_fail(st, DYAD_ERR_INVALID,
				"reliable-change: must not be wider than the range (%s)",
				measure_format(m->scale_max - m->scale_min, a));
		m->has_reliable_change = true;
	}
	if (in->reliability != NULL) {
		if ((rc = parse_score("reliability", in->reliability, &m->reliability, st)) != DYAD_OK)
			return rc;
		if (!(m->reliability > 0 && m->reliability < 1))
			return dyad_fail(st, DYAD_ERR_INVALID,
				"reliability: must lie between 0 and 1 (a coefficient such as 0.9)");
		if ((rc = parse_positive("norm-sd", in->norm_sd, &m->norm_sd, st)) != DYAD_OK)
			return rc;
		m->has_reliability = true;
	}
	if (in->source != NULL && (rc = validate_text("source", in->source, strlen(in->source), 1000, st)) != DYAD_OK)
		return rc;
	if (in->licence != NULL && (rc = validate_text("licence", in->licence, strlen(in->licence), 500, st)) != DYAD_OK)
		return rc;
	long long every = 1;
	if (in->every != NULL && (rc = validate_int("every", in->every, 0, 52, &every, st)) != DYAD_OK)
		return rc;
	m->every_sessions = every == 0 ? 1 : (int)every;
	m->scheduled_by_default = every != 0;
	m->higher_is_better = !in->lower_is_better;
	m->key = (char *)in->key;
	m->name = (char *)in->name;
	m->source = in->source != NULL && in->source[0] != '\0' ? (char *)in->source : NULL;
	m->licence = in->licence != NULL && in->licence[0] != '\0' ? (char *)in->licence : NULL;
	return DYAD_OK;
}

bool measure_reliable_change(const struct measure_rec *m, double *out)
{
	if (m->has_reliable_change) {
		*out = m->reliable_change;
		return true;
	}
	if (m->has_reliability) {
		*out = 1.96 * m->norm_sd * sqrt(2.0 * (1.0 - m->reliability));
		return true;
	}
	*out = 0.0;
	return false;
}

enum dyad_error measure_define(struct store *store, const struct measure_input *in,
	int64_t *id, struct dyad_status *st)
{
	struct measure_rec m;
	enum dyad_error rc = measure_check(in, &m, st);
	if (rc != DYAD_OK)
		return rc;
	return measures_insert(store, &m, id, st);
}

enum dyad_error measure_schedule(struct store *store, int64_t couple_id, const char *key,
	const char *every, int *set_to, struct dyad_status *st)
{
	long long n = 0;
	enum dyad_error rc;
	if (every != NULL && (rc = validate_int("every", every, 0, 52, &n, st)) != DYAD_OK)
		return rc;
	struct couple_rec couple;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	couple_rec_free(&couple);
	struct measure_rec m;
	if ((rc = measures_find(store, key, &m, st)) != DYAD_OK)
		return rc;
	int interval = every != NULL ? (int)n : m.every_sessions;
	rc = measure_schedule_set(store, couple_id, m.id, interval, st);
	measure_rec_free(&m);
	if (rc == DYAD_OK)
		*set_to = interval;
	return rc;
}

/* Loads the measure and, when setting, checks that the session was held
 * and the partner came (clearing stays possible, for a score left on a
 * session that was not held before these rules); the caller holds a
 * transaction. */
static enum dyad_error score_target(struct store *store, int64_t session_id,
	const char *key, int partner, bool setting, struct measure_rec *m,
	struct dyad_status *st)
{
	enum dyad_error rc = setting ? session_require_held(store, session_id, partner,
					       "measure", "scores", st)
				     : DYAD_OK;
	if (rc != DYAD_OK)
		return rc;
	/* The signature covers the session's scores (signatures.c). */
	struct note_rec note;
	if ((rc = notes_get(store, session_id, &note, st)) != DYAD_OK)
		return rc;
	bool locked = strcmp(note.status, "signed") == 0;
	note_rec_free(&note);
	if (locked)
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"measure: session %lld's note is signed, so its scores are locked",
			(long long)session_id);
	return measures_find(store, key, m, st);
}

enum dyad_error measure_record_value(struct store *store, int64_t session_id,
	const char *key, int partner, double value, struct dyad_status *st)
{
	struct measure_rec m = { 0 };
	if (partner < 0 || partner > 1)
		return dyad_fail(st, DYAD_ERR_INVALID, "partner: must be a or b");
	if (!isfinite(value))
		return dyad_fail(st, DYAD_ERR_INVALID, "value: must be a number");
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	rc = score_target(store, session_id, key, partner, true, &m, st);
	char v[32], lo[32], hi[32];
	if (rc == DYAD_OK && (value < m.scale_min || value > m.scale_max))
		rc = dyad_fail(st, DYAD_ERR_INVALID, "value: %s runs from %s to %s (got %s)", m.key,
			measure_format(m.scale_min, lo), measure_format(m.scale_max, hi),
			measure_format(value, v));
	if (rc == DYAD_OK)
		rc = measure_values_set(store, session_id, m.id, partner, value == 0.0 ? 0.0 : value,
			st);
	measure_rec_free(&m);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

enum dyad_error measure_record(struct store *store, int64_t session_id, const char *key,
	const char *value, const char *partner, struct dyad_status *st)
{
	int who;
	double v;
	enum dyad_error rc;
	if (partner == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"partner: a score is one partner's; give --partner a or --partner b");
	if ((rc = validate_partner("partner", partner, &who, st)) != DYAD_OK)
		return rc;
	if (value == NULL || !parse_number(value, &v)) {
		char q[200];
		return dyad_fail(st, DYAD_ERR_INVALID, "value: '%s' is not a number",
			validate_quote(value ? value : "", q, sizeof q));
	}
	return measure_record_value(store, session_id, key, who, v, st);
}

enum dyad_error measure_clear(struct store *store, int64_t session_id, const char *key,
	int partner, struct dyad_status *st)
{
	struct measure_rec m = { 0 };
	if (partner < 0 || partner > 1)
		return dyad_fail(st, DYAD_ERR_INVALID, "partner: must be a or b");
	enum dyad_error rc = store_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	rc = score_target(store, session_id, key, partner, false, &m, st);
	if (rc == DYAD_OK)
		rc = measure_values_clear(store, session_id, m.id, partner, st);
	measure_rec_free(&m);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return rc;
	}
	return store_commit(store, st);
}

bool measure_past_cutoff(const struct measure_rec *m, double value)
{
	if (!m->has_cutoff)
		return false;
	return m->higher_is_better ? value < m->cutoff : value > m->cutoff;
}

const char *measure_format(double value, char *out)
{
	if (!isfinite(value)) {
		strcpy(out, "?");
		return out;
	}
	snprintf(out, 32, "%.6g", value == 0.0 ? 0.0 : value);
	return out;
}
