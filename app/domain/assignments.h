/* assignments.h: the rules for homework: assigning an exercise, recording
 * check-ins, closing assignments, and adherence. Each call validates
 * everything before writing, so a refused request leaves the database as
 * it was. */
#ifndef DYAD_DOMAIN_ASSIGNMENTS_H
#define DYAD_DOMAIN_ASSIGNMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/domain/adherence.h"
#include "app/domain/template.h"
#include "app/store/db.h"
#include "app/store/homework.h"

#define ASSIGNMENT_NOTE_MAX_BYTES (100u * 1024u)
#define CHECKIN_COMMENT_MAX_BYTES 4000u
#define CHECKIN_MAX_COUNT 10000

struct assign_input {
	const char *due;        /* YYYY-MM-DD; NULL: a week after the assignment date */
	const char *note;       /* the therapist's note; NULL or "" for none */
	size_t note_len;        /* bytes of note */
	const char *session;    /* a session id as typed; NULL for none */
	const char *frequency;  /* overrides the template's; NULL keeps it */
	const char *minutes;    /* overrides the template's; NULL keeps it */
};

/* Assigns exercise t to a couple. The assignment date is the session's day
 * when a session is given (it must be the couple's), else today. Refused
 * for a closed couple, a due date before the assignment date, or any bad
 * field. *id is the new assignment's. */
enum dyad_error homework_assign(struct store *store, int64_t couple_id, const struct template *t,
	const struct assign_input *in, int64_t *id, struct dyad_status *st);

struct checkin_input {
	const char *partner;    /* "a" or "b" (required) */
	const char *done;       /* a whole number as typed (required) */
	const char *of;         /* "of M"; NULL when not given */
	const char *comment;    /* NULL or "" for none */
	const char *date;       /* YYYY-MM-DD; NULL: the session's day, else today */
	const char *session;    /* a session id as typed; NULL for none */
};

/* Records what one partner did. Refused when done exceeds of, the date is
 * before the assignment date or after today, or the session is another
 * couple's. *replaced (may be NULL) says a same-day check-in was replaced. */
enum dyad_error homework_checkin(struct store *store, int64_t assignment_id,
	const struct checkin_input *in, bool *replaced, struct dyad_status *st);

/* The same with parsed values, for the interface: partner 0 A, 1 B; of 0
 * for none; date NULL for the session's day or today; session_id 0 none. */
enum dyad_error homework_checkin_values(struct store *store, int64_t assignment_id,
	int partner, int64_t done, int64_t of, const char *comment, const char *date,
	int64_t session_id, bool *replaced, struct dyad_status *st);

/* Sets status (assigned, done or dropped). */
enum dyad_error homework_set_status(struct store *store, int64_t assignment_id,
	const char *status, struct dyad_status *st);

/* Changes the due date and/or note (NULL leaves each; "" clears the note). */
enum dyad_error homework_set_details(struct store *store, int64_t assignment_id,
	const char *due, const char *note, struct dyad_status *st);

/* The adherence of a stored assignment from its check-ins (loaded into
 * *checkins when not NULL; free with checkin_list_free). */
enum dyad_error homework_adherence(struct store *store, const struct assignment_rec *a,
	struct adherence *out, struct checkin_list *checkins, struct dyad_status *st);

/* The same as the progress report reads it on as_of_day: a missing
 * check-in counts as missing (adherence_count_missing), except on a dropped
 * assignment, which never comes due; rep[] is A, B, together. */
enum dyad_error homework_adherence_as_of(struct store *store, const struct assignment_rec *a,
	int64_t as_of_day, struct adherence *out, struct adherence_reporting rep[3],
	struct checkin_list *checkins, struct dyad_status *st);

extern const char *const assignment_statuses[];   /* assigned, done, dropped */

#endif
