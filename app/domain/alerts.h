/* alerts.h: clinician-only safety alerts on a couple, worked out from the
 * record. They are for the therapist's eyes: lists, the couple's screen,
 * the agenda and Today show them; no handout or other couple-facing output
 * ever does.
 *
 * The rules, with every number named below:
 *   - felt safety low: a partner's latest felt_safety score, or the
 *     clinician's latest `safety` rating of that partner, is at or below
 *     the alerts.felt_safety_at_or_below setting (ALERT_FELT_SAFETY_DEFAULT
 *     when unset); or either of those series is worsening by the rule of
 *     trends.h (its last TREND_WINDOW values falling).
 *   - flooding: the partner's peak heart rate was ALERT_BPM_AT_OR_ABOVE or
 *     more in ALERT_BPM_HITS of their last ALERT_BPM_SESSIONS sessions with
 *     a peak heart rate; or their flooding episodes are rising (trends.h)
 *     while the session of the latest episodes count records no break
 *     taken (flooding.break 0).
 *   - screening: the partner's latest safety screening found a concern or
 *     something severe (the rule and words of intake.h's safety flag).
 * Only the couple's last ALERT_LOOKBACK_SESSIONS held sessions are read:
 * a value older than that says little about how safe things are now (and
 * a caseload of long histories stays quick to list).
 * Each alert suggests the same next step: ALERT_SUGGESTION. */
#ifndef DYAD_DOMAIN_ALERTS_H
#define DYAD_DOMAIN_ALERTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/domain/trends.h"
#include "app/store/alerts.h"
#include "app/store/db.h"

#define ALERT_FELT_SAFETY_SETTING "alerts.felt_safety_at_or_below"
#define ALERT_FELT_SAFETY_DEFAULT 3
#define ALERT_FELT_SAFETY_MIN 0
#define ALERT_FELT_SAFETY_MAX 10
#define ALERT_BPM_AT_OR_ABOVE 100
#define ALERT_BPM_SESSIONS 3
#define ALERT_BPM_HITS 2
#define ALERT_LOOKBACK_SESSIONS 8
/* Values kept per partner and series: enough for a trend and for the
 * heart-rate window. */
#define ALERT_KEEP (TREND_WINDOW > ALERT_BPM_SESSIONS ? TREND_WINDOW : ALERT_BPM_SESSIONS)

#define ALERT_MEASURE_FELT_SAFETY "felt_safety"
#define ALERT_CONCEPT_SAFETY "safety"
#define ALERT_CONCEPT_PEAK_BPM "flooding.peak_bpm"
#define ALERT_CONCEPT_EPISODES "flooding.episodes"
#define ALERT_CONCEPT_BREAK "flooding.break"

#define ALERT_SUGGESTION "Check in with each partner on their own before the next joint session."

/* The series an alert reads, in the store's order (store/alerts.h). */
enum alert_series {
	ALERT_SERIES_FELT_SAFETY,   /* the measure */
	ALERT_SERIES_SAFETY_RATING, /* the clinician's concept rating */
	ALERT_SERIES_PEAK_BPM,
	ALERT_SERIES_EPISODES,
	ALERT_SERIES_BREAK,
	ALERT_SERIES_COUNT
};

/* One partner's most recent values of one series, oldest first. */
struct alert_values {
	size_t n;
	double value[ALERT_KEEP];
	char on[ALERT_KEEP][11];   /* YYYY-MM-DD */
	int64_t session[ALERT_KEEP];
	double scale_min, scale_max;
};

/* Everything the rules read about one couple. */
struct alert_input {
	const char *partner_name[2];
	struct alert_values series[ALERT_SERIES_COUNT][2];
	int screening[2];          /* each partner's latest screening: 0 none, 1 concern, 2 severe */
};

enum alert_kind { ALERT_FELT_SAFETY, ALERT_FLOODING, ALERT_SCREENING };

#define ALERT_PARTNER_COUPLE 2     /* an alert about both partners */
#define ALERT_MAX_PER_COUPLE 5     /* felt safety and flooding per partner, one screening */
#define ALERT_REASON_MAX 200

struct alert {
	int64_t couple_id;
	const char *couple_name;   /* owned by the list it came in */
	bool couple_active;        /* the couple's status is active */
	enum alert_kind kind;
	int partner;               /* 0 A, 1 B, ALERT_PARTNER_COUPLE */
	char reason[ALERT_REASON_MAX]; /* "Maya: felt safety 2/10 on 20 Nov" */
};

struct alert_list {
	struct alert *items;       /* by couple id, then kind, then partner */
	size_t len;
	struct alert_names_list names;
};

/* Applies the rules to one couple's values with the given threshold:
 * writes up to ALERT_MAX_PER_COUPLE alerts to out (couple_name NULL) and
 * returns how many. Pure: no store. */
size_t alerts_evaluate(const struct alert_input *in, int threshold, int64_t couple_id,
	struct alert out[ALERT_MAX_PER_COUPLE]);

/* The alerts.felt_safety_at_or_below setting, or ALERT_FELT_SAFETY_DEFAULT
 * (a stored value that fails the check is ignored). */
enum dyad_error alerts_threshold(struct store *store, int *threshold, struct dyad_status *st);

/* Checks a threshold as typed for the setting: a whole number from
 * ALERT_FELT_SAFETY_MIN to ALERT_FELT_SAFETY_MAX, naming `field`. */
enum dyad_error alerts_threshold_parse(const char *field, const char *text, int *threshold,
	struct dyad_status *st);

/* Every alert of couple_id, or of every couple with couple_id 0, worked
 * out with a handful of set-based reads (not one per couple). Free with
 * alert_list_free; on error the list is empty and st says why. */
enum dyad_error alerts_load(struct store *store, int64_t couple_id, struct alert_list *out,
	struct dyad_status *st);

void alert_list_free(struct alert_list *list);

/* The alerts of couple_id within a loaded list: the first, with *count
 * set (NULL and 0 when it has none). */
const struct alert *alerts_of(const struct alert_list *list, int64_t couple_id, size_t *count);

/* How many alerts couple_id has, and of which kinds (a bit per
 * enum alert_kind in *kinds, which may be NULL). For a report that wants
 * only the numbers; for many couples call alerts_load(store, 0, ...) once
 * and alerts_of() per couple. */
enum dyad_error alerts_count(struct store *store, int64_t couple_id, size_t *count,
	unsigned *kinds, struct dyad_status *st);

/* "felt_safety", "flooding", "screening": stable words for scripts. */
const char *alert_kind_key(enum alert_kind kind);

/* "felt safety", "flooding", "screening": short words for a column. */
const char *alert_kind_words(enum alert_kind kind);

/* "a", "b" or "couple". */
const char *alert_partner_key(int partner);

/* The kinds of a couple's alerts for a narrow column: "-" for none, else
 * e.g. "safety, flooding". Returns out. */
const char *alerts_summary(const struct alert *alerts, size_t count, char *out, size_t size);

#endif
