/* homework.h: practice settings, homework assignments and their check-ins,
 * as stored (schema/0003_homework.sql). Callers validate first (the rules
 * live in domain/homework.h); these functions only read and write. */
#ifndef DYAD_STORE_HOMEWORK_H
#define DYAD_STORE_HOMEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* --- settings ------------------------------------------------------------ */

struct setting_rec {
	char *key;
	char *value;
	char updated_at[21];
};

struct setting_list {
	struct setting_rec *items;
	size_t len;
};

/* The value of key in *value (caller frees), or NULL when it is not set. */
enum dyad_error settings_get(struct store *store, const char *key, char **value,
	struct dyad_status *st);

/* Sets key to value, or removes it when value is NULL. */
enum dyad_error settings_put(struct store *store, const char *key, const char *value,
	struct dyad_status *st);

/* Every stored setting, by key. */
enum dyad_error settings_list(struct store *store, struct setting_list *out,
	struct dyad_status *st);

void setting_list_free(struct setting_list *list);

/* --- assignments ---------------------------------------------------------- */

struct assignment_rec {
	int64_t id;
	int64_t couple_id;
	char *couple_name;
	char *exercise_id;
	char *exercise_title;
	char frequency[8];     /* daily, weekly, once */
	int minutes;
	char assigned_on[11];  /* YYYY-MM-DD */
	char due_on[11];
	char *note;            /* the therapist's note for the couple; NULL when none */
	int64_t session_id;    /* 0 when not tied to a session */
	char status[9];        /* assigned, done, dropped */
	char created_at[21];
	char updated_at[21];
};

struct assignment_list {
	struct assignment_rec *items;
	size_t len;
};

/* A new assignment; every field already validated. session_id 0: none. */
struct assignment_new {
	int64_t couple_id;
	const char *exercise_id;
	const char *exercise_title;
	const char *frequency;
	int minutes;
	const char *assigned_on;
	const char *due_on;
	const char *note;       /* NULL for none */
	int64_t session_id;
};

/* Inserts; *id is the new assignment's id. DYAD_ERR_NOT_FOUND names the
 * couple when it does not exist. */
enum dyad_error assignments_insert(struct store *store, const struct assignment_new *in,
	int64_t *id, struct dyad_status *st);

/* Fills *out (free with assignment_rec_free); DYAD_ERR_NOT_FOUND when none. */
enum dyad_error assignments_get(struct store *store, int64_t id, struct assignment_rec *out,
	struct dyad_status *st);

/* A couple's assignments: the open ones (status 'assigned') by due date,
 * or with include_all every one, open first, then the newest. */
enum dyad_error assignments_list(struct store *store, int64_t couple_id, bool include_all,
	struct assignment_list *out, struct dyad_status *st);

/* Every open assignment due on or before due_by (YYYY-MM-DD), of any
 * couple that is not closed (their work has ended), by couple name then
 * due date. */
enum dyad_error assignments_due(struct store *store, const char *due_by,
	struct assignment_list *out, struct dyad_status *st);

/* Changes the status; DYAD_ERR_NOT_FOUND when there is no such assignment. */
enum dyad_error assignments_set_status(struct store *store, int64_t id, const char *status,
	struct dyad_status *st);

/* Changes the due date when due is not NULL, and the note when note is not
 * NULL ("" removes it); DYAD_ERR_NOT_FOUND when there is no such one. */
enum dyad_error assignments_update(struct store *store, int64_t id, const char *due,
	const char *note, struct dyad_status *st);

void assignment_rec_free(struct assignment_rec *a);
void assignment_list_free(struct assignment_list *list);

/* --- check-ins ------------------------------------------------------------ */

struct checkin_rec {
	int64_t id;
	int64_t assignment_id;
	int partner;           /* 0 = A, 1 = B */
	int64_t done;
	int64_t out_of;        /* 0 when not given */
	char *comment;         /* NULL when none */
	char checked_on[11];
	int64_t session_id;    /* 0 when none */
	char recorded_at[21];
};

struct checkin_list {
	struct checkin_rec *items;
	size_t len;
};

struct checkin_new {
	int64_t assignment_id;
	int partner;           /* 0 or 1 */
	int64_t done;
	int64_t out_of;        /* 0: not given */
	const char *comment;   /* NULL: none */
	const char *checked_on;
	int64_t session_id;    /* 0: none */
};

/* Records a check-in, replacing the same partner's check-in of the same day
 * for the same assignment. *replaced (may be NULL) tells which happened. */
enum dyad_error checkins_put(struct store *store, const struct checkin_new *in,
	int64_t *id, bool *replaced, struct dyad_status *st);

/* An assignment's check-ins by day, A before B. */
enum dyad_error checkins_list(struct store *store, int64_t assignment_id,
	struct checkin_list *out, struct dyad_status *st);

void checkin_list_free(struct checkin_list *list);

#endif
