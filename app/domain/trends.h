/* trends.h: how each partner's scores and ratings move across a couple's
 * sessions, and when the two partners' recent trends move apart.
 *
 * The rule, in full (the manual says the same):
 *   - A partner's trend on a scale is the least-squares slope through that
 *     partner's most recent TREND_WINDOW values (4), taken in session order
 *     and one step apart (session spacing is ignored). With fewer than
 *     TREND_MIN_POINTS values (3) there is no trend.
 *   - The trend is rising or falling when the slope is more than
 *     TREND_MOVE_SHARE (4%) of the scale's range per session (0.84 a
 *     session on CSI-4's 0 to 21, 0.4 on a 0 to 10 scale, so a single
 *     one-point step over four sessions stays steady); otherwise it is
 *     steady.
 *   - The partners diverge on a scale when one partner's trend is rising
 *     and the other's is falling. Couple-level concepts have one series and
 *     never diverge.
 * Sessions without a partner's value are skipped for that partner, so a
 * missed questionnaire does not break a trend. */
#ifndef DYAD_DOMAIN_TRENDS_H
#define DYAD_DOMAIN_TRENDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/store/db.h"
#include "app/store/sessions.h"

#define TREND_WINDOW 4
#define TREND_MIN_POINTS 3
#define TREND_MOVE_SHARE 0.04

struct trend_series;

struct trend_fit {
	size_t points;   /* values the slope was fitted through (0..TREND_WINDOW) */
	bool has_slope;  /* points >= TREND_MIN_POINTS */
	double slope;    /* change per session; 0 without a slope */
};

enum trend_direction { TREND_UNKNOWN, TREND_STEADY, TREND_RISING, TREND_FALLING };

/* Fits the slope through the last min(n, TREND_WINDOW) of values[0..n). */
struct trend_fit trend_fit_recent(const double *values, size_t n);

/* Rising, falling or steady by the rule above; TREND_UNKNOWN without a
 * slope or with a scale range that is not positive. */
enum trend_direction trend_direction_of(struct trend_fit fit, double scale_range);

/* True when one fit rises and the other falls, by the rule above. */
bool trend_diverging(struct trend_fit a, struct trend_fit b, double scale_range);

/* "rising", "falling", "steady" or "too few values". */
const char *trend_direction_name(enum trend_direction d);

/* The same said the way a clinician reads it: "improving" or "worsening"
 * when the series knows which end is better (a falling contempt rating
 * improves, a falling safety rating worsens), else as above. */
const char *trend_direction_word(const struct trend_series *s, enum trend_direction d);

struct trend_cell {
	bool present;
	double value;
};

struct trend_partner {
	size_t count;          /* values recorded */
	bool has_first;
	double first;          /* the first value: the baseline */
	bool has_last;
	double last;           /* the most recent value */
	size_t last_session;   /* its index in couple_trends.sessions */
	bool past_cutoff;      /* the most recent value is past the measure's cutoff */
	struct trend_fit fit;
	enum trend_direction direction;
};

enum trend_kind { TREND_MEASURE, TREND_CONCEPT };

struct trend_series {
	enum trend_kind kind;
	int64_t item_id;       /* the measure's or the concept's id */
	char *key;
	char *name;
	double scale_min, scale_max;
	bool has_cutoff;       /* measures only */
	double cutoff;
	bool higher_is_better; /* which end is better, when better_known */
	bool better_known;     /* measures always; concepts when their scale says */
	bool has_reliable_change; /* measures with a reliable-change value */
	double reliable_change;
	bool couple_level;     /* a concept rated once for the couple: partner[0] only */
	struct trend_cell *cells; /* sessions_len * 2: session i, partner p at [2 * i + p] */
	struct trend_partner partner[2];
	bool diverging;
};

struct couple_trends {
	int64_t couple_id;
	struct session_rec *sessions;  /* oldest first */
	size_t sessions_len;
	struct trend_series *measures; /* in catalogue order */
	size_t measures_len;
	struct trend_series *concepts; /* in catalogue order */
	size_t concepts_len;
};

struct measure_rec;
struct concept_rec;

/* Fills the header of s (kind, id, key, name, scale) from a measure or a
 * concept of the catalogue; cells and summaries are left as they were.
 * False when memory runs out (key or name may then be NULL; freeing s as
 * couple_trends_free does is still right). */
bool trend_series_of_measure(struct trend_series *s, const struct measure_rec *m);
bool trend_series_of_concept(struct trend_series *s, const struct concept_rec *c);

/* Loads a couple's sessions, scores and ratings and works out every trend.
 * The couple must exist. On error *out is empty and st says why. */
enum dyad_error trends_load(struct store *store, int64_t couple_id,
	struct couple_trends *out, struct dyad_status *st);

void couple_trends_free(struct couple_trends *t);

/* The cell of session i for partner p (0 A, 1 B). */
const struct trend_cell *trend_cell_at(const struct trend_series *s, size_t session,
	int partner);

/* Copies partner p's values, oldest first, keeping only the last `max`;
 * returns how many were copied. */
size_t trend_recent_values(const struct trend_series *s, size_t sessions_len, int partner,
	double *out, size_t max);

/* Appends one block character (U+2581..U+2588) per value, its height the
 * value's place on the scale [min, max] (not the values' own spread, so
 * heights compare across couples); values off the scale are clamped. */
void trend_sparkline(struct strbuf *out, const double *values, size_t n, double min,
	double max);

/* True when v lies on the worse side of a measure's cutoff (below it when
 * higher is better, above it otherwise); false without a cutoff. */
bool trend_past_cutoff(const struct trend_series *s, double v);

/* How many series of t are flagged as diverging. */
size_t trends_diverging_count(const struct couple_trends *t);

#endif
