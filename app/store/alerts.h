/* alerts.h: the reads behind a couple's safety alerts (domain/alerts.h
 * holds the rules): each partner's most recent values of a few series, each
 * partner's latest screening level, and the names an alert is told with.
 * Every read covers one couple or, with couple_id 0, every couple in one
 * statement. Reads only. */
#ifndef DYAD_STORE_ALERTS_H
#define DYAD_STORE_ALERTS_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* Series 0 is a measure; 1..ALERT_STORE_CONCEPTS are concepts. */
#define ALERT_STORE_CONCEPTS 4

struct alert_value_row {
	int64_t couple_id;
	int64_t session_id;
	int series;          /* 0 the measure, k the concept_keys[k - 1] */
	int partner;         /* 0 A, 1 B */
	char starts_at[17];  /* the session's start, YYYY-MM-DDTHH:MM */
	char on[11];         /* its day */
	double value;
	double scale_min, scale_max;
};

struct alert_value_list {
	struct alert_value_row *items;
	size_t len;
};

/* Each partner's values of measure_key and of each concept key in the
 * couple's last `sessions` held sessions (by start time), for couple_id
 * (0: every couple), ordered by couple, series, partner, then oldest
 * first. On error the list is empty. */
enum dyad_error alert_values_recent(struct store *store, int64_t couple_id,
	const char *measure_key, const char *const concept_keys[ALERT_STORE_CONCEPTS], int sessions,
	struct alert_value_list *out, struct dyad_status *st);

void alert_value_list_free(struct alert_value_list *list);

/* A couple with a screening flag: each partner's latest level (0 none,
 * 1 concern, 2 severe), the same rule as screenings_latest. */
struct screening_flag_row {
	int64_t couple_id;
	int level[2];
};

/* Couples (couple_id, or every one with 0) whose latest screening of
 * either partner found something, by couple id. Caller frees *rows; on
 * error it is NULL. */
enum dyad_error screenings_flagged_partners(struct store *store, int64_t couple_id,
	struct screening_flag_row **rows, size_t *count, struct dyad_status *st);

struct alert_names_row {
	int64_t couple_id;
	char *couple;
	char *partner[2];
	char status[8];   /* active, paused, closed */
};

struct alert_names_list {
	struct alert_names_row *items;  /* by couple id */
	size_t len;
};

/* The names of couple_id (0: every couple) and its partners. */
enum dyad_error alert_names_load(struct store *store, int64_t couple_id,
	struct alert_names_list *out, struct dyad_status *st);

void alert_names_list_free(struct alert_names_list *list);

#endif
