/* outcomes.h: whether each partner has changed since their first score, in
 * the terms a supervisor trusts (Jacobson & Truax, 1991), and what that
 * means for the couple.
 *
 * The rule, in full (the manual says the same):
 *   - A partner's baseline is their first score on the measure, the latest
 *     their most recent; change is latest minus baseline.
 *   - Improvement is change in the measure's better direction. It is
 *     reliable when it is at least the measure's reliable-change value
 *     (measure_reliable_change); without one, no status is claimed.
 *   - recovered: reliably improved AND moved from the clinical side of the
 *     cutoff (measure_past_cutoff) to the other side;
 *     improved: reliably improved otherwise;
 *     deteriorated: reliably worse;
 *     unchanged: a change smaller than the reliable-change value.
 *   - The couple: both improved (each recovered or improved), split (one
 *     improved, the other not), worse (one deteriorated and neither
 *     improved), both stuck (both unchanged); unknown when either partner
 *     has no status. */
#ifndef DYAD_DOMAIN_OUTCOMES_H
#define DYAD_DOMAIN_OUTCOMES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/error.h"
#include "app/domain/trends.h"
#include "app/store/db.h"

enum outcome_status {
	OUTCOME_NO_SCORES,     /* nothing recorded */
	OUTCOME_ONE_SCORE,     /* a baseline and nothing to compare it with */
	OUTCOME_NOT_AVAILABLE, /* the measure has no reliable-change value */
	OUTCOME_RECOVERED,
	OUTCOME_IMPROVED,
	OUTCOME_UNCHANGED,
	OUTCOME_DETERIORATED,
};

enum couple_outcome {
	COUPLE_OUTCOME_UNKNOWN,
	COUPLE_OUTCOME_BOTH_IMPROVED,
	COUPLE_OUTCOME_SPLIT,
	COUPLE_OUTCOME_BOTH_STUCK,
	COUPLE_OUTCOME_WORSE,
};

/* What the rule above needs to know about a scale. */
struct outcome_scale {
	bool higher_is_better;
	bool has_cutoff;
	double cutoff;
	bool has_reliable_change;
	double reliable_change;
};

struct outcome_partner {
	size_t count;          /* scores recorded */
	double first, latest;  /* meaningful when count > 0 */
	double change;         /* latest - first; 0 with fewer than two scores */
	enum outcome_status status;
};

struct measure_outcome {
	const struct trend_series *series; /* the measure, borrowed */
	struct outcome_partner partner[2];
	enum couple_outcome couple;
};

/* Classifies one partner's change from first to latest on scale s, given
 * how many scores there are. Pure. */
enum outcome_status outcome_classify(const struct outcome_scale *s, size_t count,
	double first, double latest);

/* The couple's outcome from the two partners' statuses. Pure. */
enum couple_outcome outcome_couple(enum outcome_status a, enum outcome_status b);

/* The outcome on one measure series of trends_load (kind TREND_MEASURE);
 * out->series points at s, which must outlive it. */
void outcome_of_series(const struct trend_series *s, struct measure_outcome *out);

/* "recovered", "improved", "unchanged", "deteriorated", "not available"
 * (no reliable-change value), "one score", "no scores". */
const char *outcome_status_name(enum outcome_status s);

/* "both improved", "split", "both stuck", "worse", "unknown". */
const char *couple_outcome_name(enum couple_outcome c);

/* Every measure of a couple: its trends (as trends_load) and, for each
 * measure with at least one score, its outcome. On error *out is empty. */
struct couple_outcomes {
	struct couple_trends trends;
	struct measure_outcome *items; /* series point into trends */
	size_t len;
};

enum dyad_error outcomes_load(struct store *store, int64_t couple_id,
	struct couple_outcomes *out, struct dyad_status *st);

void couple_outcomes_free(struct couple_outcomes *o);

#endif
