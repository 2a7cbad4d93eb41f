/* scan.h: whole tables read row by row, for reports over
 * every couple: one pass over each table instead of one query per couple.
 * Each row goes to a callback; a callback that returns an error stops the
 * scan, which returns that error. Strings in a row are valid during the
 * call only. */
#ifndef DYAD_STORE_SCAN_H
#define DYAD_STORE_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

struct scan_session {
	int64_t id, couple_id;
	const char *starts_at;  /* YYYY-MM-DDTHH:MM */
	const char *attendance;
};

/* A rating or a measure score. */
struct scan_value {
	int64_t session_id;
	int64_t item_id;        /* the concept's or the measure's id */
	int partner;            /* 0 = A, 1 = B, 2 = the couple */
	double value;
};

/* An assignment, once with each of its check-ins (or once without). */
struct scan_homework {
	int64_t assignment_id, couple_id;
	const char *frequency, *assigned_on;
	bool has_checkin;       /* the fields below are set */
	const char *checked_on;
	int partner;            /* 0 = A, 1 = B */
	int64_t done, out_of;   /* out_of 0: not given */
};

typedef enum dyad_error (*scan_session_fn)(void *ctx, const struct scan_session *row,
	struct dyad_status *st);
typedef enum dyad_error (*scan_value_fn)(void *ctx, const struct scan_value *row,
	struct dyad_status *st);
typedef enum dyad_error (*scan_homework_fn)(void *ctx, const struct scan_homework *row,
	struct dyad_status *st);

/* Every session, in date order (starts_at, then id). */
enum dyad_error scan_sessions(struct store *store, scan_session_fn fn, void *ctx,
	struct dyad_status *st);

/* Every rating; every measure score. */
enum dyad_error scan_ratings(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st);
enum dyad_error scan_measure_values(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st);

/* Every assignment with its check-ins, grouped by assignment (ascending id). */
enum dyad_error scan_homework(struct store *store, scan_homework_fn fn, void *ctx,
	struct dyad_status *st);

#endif
