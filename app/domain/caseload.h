/* caseload.h: the caseload report's figures for every couple at once, from
 * one pass over the sessions, the ratings, the scores and the homework,
 * instead of each couple's whole history read couple by couple (which on a
 * thousand couples was tens of thousands of queries and 340,000 page reads).
 * The figures are exactly those trends_load() and homework_adherence() give
 * for one couple; a test compares the two on every couple of a practice. */
#ifndef DYAD_DOMAIN_CASELOAD_H
#define DYAD_DOMAIN_CASELOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/date.h"
#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/adherence.h"
#include "app/domain/intake.h"
#include "app/domain/trends.h"
#include "app/store/db.h"

/* One scale (a measure or a concept) for one couple: for each partner the
 * number of values, the first and the latest, whether it is past the cutoff
 * and the recent trend (last_session is not kept and stays 0); and whether
 * the partners diverge. */
struct caseload_scale {
	struct trend_partner partner[2];
	bool diverging;
};

struct caseload_couple {
	int64_t couple_id;
	int sessions_held;
	int sessions_missed;          /* no-show or cancelled */
	int sessions_recent;          /* held in the recent_days up to today */
	bool has_last_session;
	struct dyad_date last_session; /* the latest held session's day */
	struct adherence_tally homework; /* every assignment, both partners together */
	struct caseload_scale *scales; /* the catalogue's scales, in its order */
	enum safety_level safety;      /* the higher of the partners' latest screenings */
	size_t scores;                 /* measure scores, all measures, both partners */
	bool scored_lately;            /* a measure score in one of the last
	                                  CASELOAD_STALE_SESSIONS held sessions */
	/* Each partner's scores on the main measure, oldest first. */
	double *main_values[2];
	size_t main_len[2];
};

/* A couple with no measure score in this many latest held sessions needs a
 * look. */
#define CASELOAD_STALE_SESSIONS 4

struct caseload {
	/* The catalogue, read once: the measures, then the concepts. Names,
	 * ranges and cutoffs only (cells NULL, partner[] unused). */
	struct trend_series *scales;
	size_t measures_len, concepts_len;
	struct caseload_couple *couples; /* in the order of the ids given */
	size_t len;
	/* The main measure, whose every score is kept: CSI-4 when in use, else
	 * the first measure in use; has_main false when no measure is. */
	bool has_main;
	size_t main_measure; /* an index into scales */
};

/* Works out the figures of the couples whose ids are given (each once).
 * A session is recent when held on a day in (today - recent_days, today],
 * days counted as date_to_days() does. Reads in one read transaction. On
 * error *out is empty and st says why. */
enum dyad_error caseload_load(struct store *store, const int64_t *couple_ids, size_t n,
	int64_t today, int recent_days, struct caseload *out, struct dyad_status *st);

/* How soon couple c of cl needs the clinician's attention: higher is
 * sooner, 0 is nothing to see. In order of weight: a safety screening that
 * found something severe, then a concern; then alerts (safety alerts kept
 * elsewhere, counted by the caller); then a partner reliably worse on a
 * measure (outcomes.h); then partners moving apart on a scale; then no
 * scores in the last CASELOAD_STALE_SESSIONS held sessions, then no scores
 * at all. The reasons are added to why in words, "; " between them, e.g.
 * "safety screen: concern; CSI-4 worsening (Maya)"; names are the partners'
 * for those words. why is untouched when the rank is 0; check why->failed. */
int caseload_attention(const struct caseload *cl, const struct caseload_couple *c, int alerts,
	const char *const names[2], struct strbuf *why);

/* Frees everything; NULL and an empty caseload are fine. */
void caseload_free(struct caseload *c);

#endif
