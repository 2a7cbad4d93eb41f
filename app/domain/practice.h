/* practice.h: the rules over a practice's records: what may be created or
 * changed, and when. Each call validates everything first, so a refused
 * request leaves the database exactly as it was. */
#ifndef DYAD_DOMAIN_PRACTICE_H
#define DYAD_DOMAIN_PRACTICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct couple_input {
	const char *name;
	const char *intake;              /* YYYY-MM-DD; NULL means today */
	const char *partner_name[2];     /* A, B: required */
	const char *partner_pronouns[2]; /* optional */
};

enum dyad_error practice_couple_add(struct store *store, const struct couple_input *in,
	int64_t *id, struct dyad_status *st);

/* Each field NULL leaves it as it is; "" for pronouns clears them. */
struct couple_change {
	const char *name;
	const char *status;
	const char *partner_name[2];
	const char *partner_pronouns[2];
};

enum dyad_error practice_couple_set(struct store *store, int64_t id,
	const struct couple_change *change, struct dyad_status *st);

struct session_input {
	const char *when;       /* YYYY-MM-DD[THH:MM]; NULL means now */
	const char *minutes;    /* text as typed; NULL means 50 */
	const char *modality;   /* NULL means in-person */
	const char *attendance; /* NULL means both */
};

enum dyad_error practice_session_add(struct store *store, int64_t couple_id,
	const struct session_input *in, int64_t *id, struct dyad_status *st);

/* Same fields as for adding; NULL leaves a field as it is. */
enum dyad_error practice_session_set(struct store *store, int64_t session_id,
	const struct session_input *in, struct dyad_status *st);

/* Sessions booked ahead with `dyad session plan`. */
#define SESSION_PLAN_MAX 52

struct session_plan_input {
	const char *when;     /* YYYY-MM-DD[THH:MM], today or later; required */
	const char *every;    /* "1w" or "2w"; NULL: one session */
	const char *until;    /* YYYY-MM-DD, the last day a session may fall on */
	const char *count;    /* how many sessions, 1..SESSION_PLAN_MAX */
	const char *minutes;  /* NULL means 50 */
	const char *modality; /* NULL means in-person */
};

/* Creates planned sessions for a couple: one at `when`, or with `every`,
 * one each week or fortnight until `until` or for `count` sessions (one
 * of the two, not both). Refuses a day before today or before the intake,
 * more than SESSION_PLAN_MAX sessions, and an `until` before `when`.
 * On success *ids (caller frees) holds the new ids, in date order; on
 * error nothing was written and *ids is NULL. */
enum dyad_error practice_session_plan(struct store *store, int64_t couple_id,
	const struct session_plan_input *in, int64_t **ids, size_t *count,
	struct dyad_status *st);

/* Saves a draft note's body. expected_revision >= 0 refuses the save when
 * the note changed since that revision was read (DYAD_ERR_CONFLICT). A body
 * that is empty or only whitespace never replaces a draft that has text:
 * that is refused (DYAD_ERR_REFUSED) and nothing changes. */
enum dyad_error practice_note_save(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st);

/* The same, where emptying the note was asked for explicitly (a "yes" to
 * the question, or --allow-empty): a blank body may replace text. */
enum dyad_error practice_note_save_allow_empty(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st);

/* Whether text (len bytes) holds nothing a reader would see: empty, or
 * spaces, tabs and line breaks only. */
bool practice_note_is_blank(const char *text, size_t len);

enum dyad_error practice_note_sign(struct store *store, int64_t session_id,
	struct dyad_status *st);

/* Records a concept rating. partner is "a", "b" or NULL: required for a
 * per-partner concept, refused for a couple-level one. The value (as typed)
 * must lie on the concept's scale; the note must not be signed. */
enum dyad_error practice_rate(struct store *store, int64_t session_id,
	const char *concept_key, const char *value, const char *partner,
	struct dyad_status *st);

/* The same with parsed values (partner 0 A, 1 B, 2 couple), for the
 * interface's rating grid. */
enum dyad_error practice_rate_value(struct store *store, int64_t session_id,
	const char *concept_key, int partner, int value, struct dyad_status *st);

/* Removes one rating, under the same rules. */
enum dyad_error practice_rate_clear(struct store *store, int64_t session_id,
	const char *concept_key, int partner, struct dyad_status *st);

#endif
