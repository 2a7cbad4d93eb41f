/* outcomes.c: baseline, latest, change and the Jacobson-Truax status of
 * each partner on each measure, and the couple's outcome. */
#include "app/domain/outcomes.h"

#include <stdlib.h>
#include <string.h>

static bool clinical(const struct outcome_scale *s, double v)
{
	if (!s->has_cutoff)
		return false;
	return s->higher_is_better ? v < s->cutoff : v > s->cutoff;
}

enum outcome_status outcome_classify(const struct outcome_scale *s, size_t count,
	double first, double latest)
{
	if (count == 0)
		return OUTCOME_NO_SCORES;
	if (count == 1)
		return OUTCOME_ONE_SCORE;
	if (!s->has_reliable_change || !(s->reliable_change > 0))
		return OUTCOME_NOT_AVAILABLE;
	double gain = s->higher_is_better ? latest - first : first - latest;
	/* Scores are totals typed by hand: a tiny allowance keeps 5.0 - 0.1
	 * style sums from missing a threshold they meet exactly. */
	double edge = s->reliable_change - 1e-9;
	if (gain >= edge)
		return clinical(s, first) && !clinical(s, latest) ? OUTCOME_RECOVERED
								  : OUTCOME_IMPROVED;
	if (-gain >= edge)
		return OUTCOME_DETERIORATED;
	return OUTCOME_UNCHANGED;
}

static bool improved(enum outcome_status s)
{
	return s == OUTCOME_RECOVERED || s == OUTCOME_IMPROVED;
}

static bool classified(enum outcome_status s)
{
	return improved(s) || s == OUTCOME_UNCHANGED || s == OUTCOME_DETERIORATED;
}

enum couple_outcome outcome_couple(enum outcome_status a, enum outcome_status b)
{
	if (!classified(a) || !classified(b))
		return COUPLE_OUTCOME_UNKNOWN;
	if (improved(a) && improved(b))
		return COUPLE_OUTCOME_BOTH_IMPROVED;
	if (improved(a) || improved(b))
		return COUPLE_OUTCOME_SPLIT;
	if (a == OUTCOME_DETERIORATED || b == OUTCOME_DETERIORATED)
		return COUPLE_OUTCOME_WORSE;
	return COUPLE_OUTCOME_BOTH_STUCK;
}

void outcome_of_series(const struct trend_series *s, struct measure_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->series = s;
	struct outcome_scale scale = { s->higher_is_better, s->has_cutoff, s->cutoff,
		s->has_reliable_change, s->reliable_change };
	for (int p = 0; p < 2; p++) {
		const struct trend_partner *tp = &s->partner[p];
		struct outcome_partner *op = &out->partner[p];
		op->count = tp->count;
		if (tp->has_first && tp->has_last) {
			op->first = tp->first;
			op->latest = tp->last;
			op->change = tp->count > 1 ? tp->last - tp->first : 0.0;
			if (op->change == 0.0)
				op->change = 0.0; /* no "-0" */
		}
		op->status = outcome_classify(&scale, tp->count, op->first, op->latest);
	}
	out->couple = outcome_couple(out->partner[0].status, out->partner[1].status);
}

const char *outcome_status_name(enum outcome_status s)
{
	switch (s) {
	case OUTCOME_NO_SCORES: return "no scores";
	case OUTCOME_ONE_SCORE: return "one score";
	case OUTCOME_NOT_AVAILABLE: return "not available";
	case OUTCOME_RECOVERED: return "recovered";
	case OUTCOME_IMPROVED: return "improved";
	case OUTCOME_UNCHANGED: return "unchanged";
	case OUTCOME_DETERIORATED: return "deteriorated";
	}
	return "not available";
}

const char *couple_outcome_name(enum couple_outcome c)
{
	switch (c) {
	case COUPLE_OUTCOME_UNKNOWN: return "unknown";
	case COUPLE_OUTCOME_BOTH_IMPROVED: return "both improved";
	case COUPLE_OUTCOME_SPLIT: return "split";
	case COUPLE_OUTCOME_BOTH_STUCK: return "both stuck";
	case COUPLE_OUTCOME_WORSE: return "worse";
	}
	return "unknown";
}

enum dyad_error outcomes_load(struct store *store, int64_t couple_id,
	struct couple_outcomes *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	enum dyad_error rc = trends_load(store, couple_id, &out->trends, st);
	if (rc != DYAD_OK)
		return rc;
	size_t n = out->trends.measures_len;
	out->items = calloc(n ? n : 1, sizeof *out->items);
	if (out->items == NULL) {
		couple_trends_free(&out->trends);
		memset(out, 0, sizeof *out);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const struct trend_series *s = &out->trends.measures[i];
		if (s->partner[0].count == 0 && s->partner[1].count == 0)
			continue;
		outcome_of_series(s, &out->items[out->len++]);
	}
	return DYAD_OK;
}

void couple_outcomes_free(struct couple_outcomes *o)
{
	if (o == NULL)
		return;
	free(o->items);
	couple_trends_free(&o->trends);
	memset(o, 0, sizeof *o);
}
