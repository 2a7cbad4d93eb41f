/* scan.h: whole tables read row by row, for reports over
 * every couple: one pass over each table instead of one query per couple.
 * Each row goes to a callback; a callback that returns an error stops the
 * scan, which returns that error. Strings in a row are valid during the
 * call only. */
#ifndef DYAD_STORE_SCAN_H
#define DYAD_STORE_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct scan_session {
	int64_t id, couple_id;
	const char *starts_at;  /* YYYY-MM-DDTHH:MM */
	const char *attendance; /* as stored, or "planned" for a planned session */
};

/* A rating or a measure score. */
struct scan_value {
	int64_t session_id;
	int64_t item_id;        /* the concept's or the measure's id */
	int partner;            /* 0 = A, 1 = B, 2 = the couple */
	double value;
};

struct scan_assignment {
	int64_t id, couple_id;
	const char *frequency, *assigned_on;
};

struct scan_checkin {
	int64_t assignment_id;
	const char *checked_on;
	int partner;            /* 0 = A, 1 = B */
	int64_t done, out_of;   /* out_of 0: not given */
};

typedef enum dyad_error (*scan_session_fn)(void *ctx, const struct scan_session *row,
	struct dyad_status *st);
typedef enum dyad_error (*scan_value_fn)(void *ctx, const struct scan_value *row,
	struct dyad_status *st);
typedef enum dyad_error (*scan_assignment_fn)(void *ctx, const struct scan_assignment *row,
	struct dyad_status *st);
typedef enum dyad_error (*scan_checkin_fn)(void *ctx, const struct scan_checkin *row,
	struct dyad_status *st);

/* Every session, in storage order. */
enum dyad_error scan_sessions(struct store *store, scan_session_fn fn, void *ctx,
	struct dyad_status *st);

/* Every rating; every measure score. */
enum dyad_error scan_ratings(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st);
enum dyad_error scan_measure_values(struct store *store, scan_value_fn fn, void *ctx,
	struct dyad_status *st);

/* Every assignment; every check-in. */
enum dyad_error scan_assignments(struct store *store, scan_assignment_fn fn, void *ctx,
	struct dyad_status *st);
enum dyad_error scan_checkins(struct store *store, scan_checkin_fn fn, void *ctx,
	struct dyad_status *st);

#endif
