/* trends.c: per-partner trends over a couple's sessions and the divergence
 * rule described in trends.h. */
#include "app/domain/trends.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/measures.h"
#include "app/domain/scales.h"
#include "app/domain/session_state.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/measures.h"

struct trend_fit trend_fit_recent(const double *values, size_t n)
{
	struct trend_fit fit = { 0, false, 0.0 };
	size_t k = n < TREND_WINDOW ? n : TREND_WINDOW;
	fit.points = k;
	if (k < TREND_MIN_POINTS)
		return fit;
	const double *v = values + (n - k);
	/* x = 0..k-1: slope = sum((x - mx)(y - my)) / sum((x - mx)^2). */
	double mx = (double)(k - 1) / 2.0, my = 0.0;
	for (size_t i = 0; i < k; i++)
		my += v[i];
	my /= (double)k;
	double sxy = 0.0, sxx = 0.0;
	for (size_t i = 0; i < k; i++) {
		double dx = (double)i - mx;
		sxy += dx * (v[i] - my);
		sxx += dx * dx;
	}
	fit.has_slope = true;
	fit.slope = sxy / sxx;
	/* Exactly flat input can come out as a tiny rounding residue. */
	if (fabs(fit.slope) < 1e-12)
		fit.slope = 0.0;
	return fit;
}

enum trend_direction trend_direction_of(struct trend_fit fit, double scale_range)
{
	if (!fit.has_slope || !(scale_range > 0.0) || !isfinite(fit.slope))
		return TREND_UNKNOWN;
	/* A small tolerance keeps a slope of exactly the threshold, computed
	 * with rounding, on the steady side the rule promises. */
	double threshold = TREND_MOVE_SHARE * scale_range * (1.0 + 1e-9);
	if (fit.slope > threshold)
		return TREND_RISING;
	if (fit.slope < -threshold)
		return TREND_FALLING;
	return TREND_STEADY;
}

bool trend_diverging(struct trend_fit a, struct trend_fit b, double scale_range)
{
	enum trend_direction da = trend_direction_of(a, scale_range);
	enum trend_direction db = trend_direction_of(b, scale_range);
	return (da == TREND_RISING && db == TREND_FALLING) ||
		(da == TREND_FALLING && db == TREND_RISING);
}

const char *trend_direction_word(const struct trend_series *s, enum trend_direction d)
{
	if (!s->better_known || (d != TREND_RISING && d != TREND_FALLING))
		return trend_direction_name(d);
	return (d == TREND_RISING) == s->higher_is_better ? "improving" : "worsening";
}

const char *trend_direction_name(enum trend_direction d)
{
	switch (d) {
	case TREND_STEADY: return "steady";
	case TREND_RISING: return "rising";
	case TREND_FALLING: return "falling";
	default: return "too few values";
	}
}

const struct trend_cell *trend_cell_at(const struct trend_series *s, size_t session,
	int partner)
{
	return &s->cells[2 * session + (size_t)partner];
}

size_t trend_recent_values(const struct trend_series *s, size_t sessions_len, int partner,
	double *out, size_t max)
{
	size_t total = 0;
	for (size_t i = 0; i < sessions_len; i++)
		if (s->cells[2 * i + (size_t)partner].present)
			total++;
	size_t skip = total > max ? total - max : 0, n = 0;
	for (size_t i = 0; i < sessions_len && n < max; i++) {
		const struct trend_cell *c = &s->cells[2 * i + (size_t)partner];
		if (!c->present)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		out[n++] = c->value;
	}
	return n;
}

void trend_sparkline(struct strbuf *out, const double *values, size_t n, double min,
	double max)
{
	static const char *const blocks[8] = { "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588" };
	double range = max - min;
	for (size_t i = 0; i < n; i++) {
		double share = range > 0.0 && isfinite(values[i]) ? (values[i] - min) / range : 0.0;
		int level = (int)floor(share * 7.0 + 0.5);
		level = level < 0 ? 0 : level > 7 ? 7 : level;
		strbuf_adds(out, blocks[level]);
	}
}

bool trend_past_cutoff(const struct trend_series *s, double v)
{
	if (s->kind != TREND_MEASURE || !s->has_cutoff)
		return false;
	return s->higher_is_better ? v < s->cutoff : v > s->cutoff;
}

size_t trends_diverging_count(const struct couple_trends *t)
{
	size_t n = 0;
	for (size_t i = 0; i < t->measures_len; i++)
		n += t->measures[i].diverging;
	for (size_t i = 0; i < t->concepts_len; i++)
		n += t->concepts[i].diverging;
	return n;
}

static void series_free(struct trend_series *s)
{
	free(s->key);
	free(s->name);
	free(s->cells);
}

void couple_trends_free(struct couple_trends *t)
{
	if (t == NULL)
		return;
	free(t->sessions);
	for (size_t i = 0; i < t->measures_len; i++)
		series_free(&t->measures[i]);
	for (size_t i = 0; i < t->concepts_len; i++)
		series_free(&t->concepts[i]);
	free(t->measures);
	free(t->concepts);
	memset(t, 0, sizeof *t);
}

/* Session ids sorted, each with its place in the chronological list. */
struct session_index {
	int64_t id;
	size_t at;
};

static int session_index_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct session_index *)a)->id;
	int64_t y = ((const struct session_index *)b)->id;
	return (x > y) - (x < y);
}

static bool session_find(const struct session_index *idx, size_t n, int64_t id, size_t *at)
{
	struct session_index key = { id, 0 };
	const struct session_index *hit = bsearch(&key, idx, n, sizeof *idx, session_index_cmp);
	if (hit == NULL)
		return false;
	*at = hit->at;
	return true;
}

static char *dup_text(const char *s, bool *ok)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p == NULL)
		*ok = false;
	else
		memcpy(p, s, n);
	return p;
}

bool trend_series_of_measure(struct trend_series *s, const struct measure_rec *m)
{
	bool ok = true;
	s->kind = TREND_MEASURE;
	s->item_id = m->id;
	s->key = dup_text(m->key, &ok);
	s->name = dup_text(m->name, &ok);
	s->scale_min = m->scale_min;
	s->scale_max = m->scale_max;
	s->has_cutoff = m->has_cutoff;
	s->cutoff = m->cutoff;
	s->higher_is_better = m->higher_is_better;
	s->better_known = true;
	s->has_reliable_change = measure_reliable_change(m, &s->reliable_change);
	return ok;
}

bool trend_series_of_concept(struct trend_series *s, const struct concept_rec *c)
{
	bool ok = true;
	s->kind = TREND_CONCEPT;
	s->item_id = c->id;
	s->key = dup_text(c->key, &ok);
	s->name = dup_text(c->name, &ok);
	s->scale_min = c->scale_min;
	s->scale_max = c->scale_max;
	struct concept_scale scale;
	concept_scale_describe(c, &scale);
	s->better_known = scale.better != SCALE_BETTER_UNKNOWN;
	s->higher_is_better = scale.better != SCALE_BETTER_LOWER;
	s->couple_level = c->couple_level;
	return ok;
}

/* Counts, last values, fits and the divergence flag of a filled series. */
static bool series_summarise(struct trend_series *s, size_t sessions_len)
{
	double range = s->scale_max - s->scale_min;
	int partners = s->couple_level ? 1 : 2;
	double *values = malloc((sessions_len ? sessions_len : 1) * sizeof *values);
	if (values == NULL)
		return false;
	for (int p = 0; p < partners; p++) {
		struct trend_partner *tp = &s->partner[p];
		size_t n = 0;
		for (size_t i = 0; i < sessions_len; i++) {
			const struct trend_cell *c = &s->cells[2 * i + (size_t)p];
			if (!c->present)
				continue;
			values[n++] = c->value;
			if (!tp->has_first) {
				tp->has_first = true;
				tp->first = c->value;
			}
			tp->has_last = true;
			tp->last = c->value;
			tp->last_session = i;
		}
		tp->count = n;
		tp->fit = trend_fit_recent(values, n);
		tp->direction = trend_direction_of(tp->fit, range);
		tp->past_cutoff = tp->has_last && trend_past_cutoff(s, tp->last);
	}
	s->diverging = !s->couple_level &&
		trend_diverging(s->partner[0].fit, s->partner[1].fit, range);
	free(values);
	return true;
}

/* Puts each history row into its series' cell. idx holds held sessions
 * only; a per-partner value for a partner who was not there is left out
 * (rows from before the rules of schema/0007 can have one). */
static void place_history(const struct history_list *h, struct trend_series *series,
	size_t series_len, const struct session_index *idx, size_t idx_len,
	const struct session_rec *sessions)
{
	for (size_t r = 0; r < h->len; r++) {
		const struct history_rec *rec = &h->items[r];
		size_t at;
		if (!session_find(idx, idx_len, rec->session_id, &at))
			continue;
		if (rec->partner != 2 && !session_partner_came(sessions[at].attendance, rec->partner))
			continue;
		for (size_t k = 0; k < series_len; k++) {
			struct trend_series *s = &series[k];
			if (s->item_id != rec->item_id)
				continue;
			/* A couple-level rating lives in partner A's slot. */
			int p = rec->partner == 2 ? 0 : rec->partner;
			if (s->couple_level != (rec->partner == 2))
				break;
			s->cells[2 * at + (size_t)p].present = true;
			s->cells[2 * at + (size_t)p].value = rec->value;
			break;
		}
	}
}

enum dyad_error trends_load(struct store *store, int64_t couple_id,
	struct couple_trends *out, struct dyad_status *st)
{
	struct couple_rec couple;
	struct session_list sessions = { NULL, 0 };
	struct measure_list measures = { NULL, 0 };
	struct concept_list concepts = { NULL, 0 };
	struct history_list scores = { NULL, 0 }, ratings = { NULL, 0 };
	struct session_index *idx = NULL;
	enum dyad_error rc;
	memset(out, 0, sizeof *out);
	out->couple_id = couple_id;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	couple_rec_free(&couple);
	if ((rc = sessions_list(store, couple_id, &sessions, st)) != DYAD_OK ||
		(rc = measures_list_in_use(store, &measures, st)) != DYAD_OK ||
		(rc = concepts_list(store, &concepts, st)) != DYAD_OK ||
		(rc = history_measures(store, couple_id, &scores, st)) != DYAD_OK ||
		(rc = history_ratings(store, couple_id, &ratings, st)) != DYAD_OK)
		goto done;

	size_t n = sessions.len;
	/* sessions_list is newest first; trends read oldest first. */
	out->sessions = malloc((n ? n : 1) * sizeof *out->sessions);
	idx = malloc((n ? n : 1) * sizeof *idx);
	out->measures = calloc(measures.len ? measures.len : 1, sizeof *out->measures);
	out->concepts = calloc(concepts.len ? concepts.len : 1, sizeof *out->concepts);
	if (out->sessions == NULL || idx == NULL || out->measures == NULL ||
		out->concepts == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	/* Only a held session's values count: a planned, cancelled or missed
	 * one has none to give (older databases may still hold some). */
	size_t held = 0;
	int64_t today = date_to_days(date_today());
	for (size_t i = 0; i < n; i++) {
		out->sessions[i] = sessions.items[n - 1 - i];
		const struct session_rec *r = &out->sessions[i];
		if (session_state_on(r->attendance, r->planned, r->starts_at, today) != SESSION_HELD)
			continue;
		idx[held].id = r->id;
		idx[held++].at = i;
	}
	out->sessions_len = n;
	qsort(idx, held, sizeof *idx, session_index_cmp);

	bool ok = true;
	for (size_t k = 0; k < measures.len && ok; k++) {
		const struct measure_rec *m = &measures.items[k];
		struct trend_series *s = &out->measures[out->measures_len++];
		ok = trend_series_of_measure(s, m);
		s->cells = calloc(2 * (n ? n : 1), sizeof *s->cells);
		ok = ok && s->cells != NULL;
	}
	for (size_t k = 0; k < concepts.len && ok; k++) {
		const struct concept_rec *c = &concepts.items[k];
		struct trend_series *s = &out->concepts[out->concepts_len++];
		ok = trend_series_of_concept(s, c);
		s->cells = calloc(2 * (n ? n : 1), sizeof *s->cells);
		ok = ok && s->cells != NULL;
	}
	if (!ok) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	place_history(&scores, out->measures, out->measures_len, idx, held, out->sessions);
	place_history(&ratings, out->concepts, out->concepts_len, idx, held, out->sessions);
	for (size_t k = 0; k < out->measures_len && ok; k++)
		ok = series_summarise(&out->measures[k], n);
	for (size_t k = 0; k < out->concepts_len && ok; k++)
		ok = series_summarise(&out->concepts[k], n);
	if (!ok)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
done:
	free(idx);
	/* The session records were copied by value; free only the array. */
	free(sessions.items);
	measure_list_free(&measures);
	concept_list_free(&concepts);
	history_list_free(&scores);
	history_list_free(&ratings);
	if (rc != DYAD_OK)
		couple_trends_free(out);
	return rc;
}
