/* measures.h: the outcome-measure catalogue, the partners' scores, and a
 * couple's scores and ratings across all its sessions, as stored. */
#ifndef DYAD_STORE_MEASURES_H
#define DYAD_STORE_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct measure_rec {
	int64_t id;
	char *key;              /* "csi4" */
	char *name;             /* "CSI-4 relationship satisfaction" */
	double scale_min, scale_max;
	bool has_cutoff;
	double cutoff;          /* meaningful when has_cutoff */
	bool higher_is_better;
	int position;
	bool has_reliable_change;
	double reliable_change; /* as given; see measure_reliable_change() */
	bool has_reliability;   /* reliability and norm_sd, both or neither */
	double reliability, norm_sd;
	char *source;           /* citation; NULL when none */
	char *licence;          /* NULL when none */
	int every_sessions;     /* 1..52: how often, when scheduled without a number */
	bool scheduled_by_default; /* due for every couple unless switched off */
	bool from_library;      /* a shipped instrument, kept in step with its file */
};

struct measure_list {
	struct measure_rec *items;
	size_t len;
};

/* The catalogue in display order. */
enum dyad_error measures_list(struct store *store, struct measure_list *out,
	struct dyad_status *st);

/* The measures the practice uses, in display order: those due for every
 * couple by default, and any other that has a score or a couple's
 * schedule. Trends, reports and the caseload show these, so a shipped
 * instrument nobody uses adds no empty columns. */
enum dyad_error measures_list_in_use(struct store *store, struct measure_list *out,
	struct dyad_status *st);

/* One measure by key; DYAD_ERR_NOT_FOUND names the key. */
enum dyad_error measures_find(struct store *store, const char *key,
	struct measure_rec *out, struct dyad_status *st);

/* Adds a measure after the others (input already checked by domain/).
 * DYAD_ERR_REFUSED when the key is taken. On success *id is the new id. */
enum dyad_error measures_insert(struct store *store, const struct measure_rec *m,
	int64_t *id, struct dyad_status *st);

/* Writes a shipped instrument into the catalogue: adds it when its key is
 * free, brings it in step when the row is a library one, and leaves a
 * clinician's own measure of the same key alone. Sets *changed when a row
 * was added or altered. Runs inside the caller's transaction, if any. */
enum dyad_error measures_library_upsert(struct store *store, const struct measure_rec *m,
	bool *changed, struct dyad_status *st);

/* True when the stored row of m->key is a library row equal to m in every
 * library field; false when it differs or is missing. */
enum dyad_error measures_library_current(struct store *store, const struct measure_rec *m,
	bool *current, struct dyad_status *st);

/* A couple's own schedule for a measure: *every is its interval in
 * sessions (0: switched off) and *found whether one was set. */
enum dyad_error measure_schedule_get(struct store *store, int64_t couple_id,
	int64_t measure_id, bool *found, int *every, struct dyad_status *st);

/* Sets (or replaces) a couple's schedule for a measure; every 0..52 was
 * checked by domain/. Audited. On error nothing changes. */
enum dyad_error measure_schedule_set(struct store *store, int64_t couple_id,
	int64_t measure_id, int every, struct dyad_status *st);

/* A measure scheduled for a couple, and where the couple stands with it. */
struct measure_due_row {
	char key[65];
	int every;             /* sessions apart, 1..52 */
	char last_at[17];      /* the latest session scored (YYYY-MM-DDTHH:MM); "" never */
	int held_since;        /* held sessions after that one and before `before` */
};

struct measure_due_list {
	struct measure_due_row *items;
	size_t len;
};

/* Every measure scheduled for couple_id (its own schedule, else the
 * measure's default), in catalogue order, counting held sessions up to
 * (not including) the session starting at `before` (YYYY-MM-DDTHH:MM).
 * On error the list is empty. */
enum dyad_error measure_schedule_status(struct store *store, int64_t couple_id,
	const char *before, struct measure_due_list *out, struct dyad_status *st);

void measure_due_list_free(struct measure_due_list *list);

void measure_rec_free(struct measure_rec *m);
void measure_list_free(struct measure_list *list);

/* Records (or replaces) one partner's score (partner 0 A, 1 B). */
enum dyad_error measure_values_set(struct store *store, int64_t session_id,
	int64_t measure_id, int partner, double value, struct dyad_status *st);

/* Removes one score; no error when there was none. */
enum dyad_error measure_values_clear(struct store *store, int64_t session_id,
	int64_t measure_id, int partner, struct dyad_status *st);

/* One stored number of a couple's history: a measure score or a concept
 * rating, with the session it belongs to. */
struct history_rec {
	int64_t session_id;
	int64_t item_id;    /* the measure's or the concept's id */
	int partner;        /* 0 A, 1 B, 2 the couple (concept ratings only) */
	double value;
};

struct history_list {
	struct history_rec *items;
	size_t len;
};

/* Every measure score of a couple's sessions, oldest session first. */
enum dyad_error history_measures(struct store *store, int64_t couple_id,
	struct history_list *out, struct dyad_status *st);

/* Every concept rating of a couple's sessions, oldest session first. */
enum dyad_error history_ratings(struct store *store, int64_t couple_id,
	struct history_list *out, struct dyad_status *st);

void history_list_free(struct history_list *list);

#endif
