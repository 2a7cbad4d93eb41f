/* sessions.h: therapy sessions and their notes, as stored. Every session has
 * exactly one note row, created empty with it. */
#ifndef DYAD_STORE_SESSIONS_H
#define DYAD_STORE_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct session_rec {
	int64_t id;
	int64_t couple_id;
	char starts_at[17];   /* YYYY-MM-DDTHH:MM, local wall-clock time */
	int minutes;
	char modality[10];    /* in-person, video, phone */
	char attendance[10];  /* both, a-only, b-only, no-show, cancelled ('both'
	                         while planned, where it means nothing yet) */
	bool planned;         /* booked, not yet recorded as held (domain/session_state.h) */
	char note_status[7];  /* draft, signed */
	int64_t note_bytes;   /* length of the note body */
	int64_t ratings;      /* how many ratings were recorded */
};

struct session_list {
	struct session_rec *items;
	size_t len;
};

struct note_rec {
	int64_t session_id;
	char *body;           /* never NULL after a successful get */
	char status[7];
	char signed_at[21];   /* "" while a draft */
	int64_t revision;     /* bumped by each save */
	char updated_at[21];
};

/* Inserts a session (and its empty draft note). The couple must exist.
 * attendance is one of the stored values or "planned", which stores a
 * planned session (see schema/0007_sessions.sql). */
enum dyad_error sessions_insert(struct store *store, int64_t couple_id,
	const char *starts_at, int minutes, const char *modality,
	const char *attendance, int64_t *id, struct dyad_status *st);

/* Inserts a session with its note already written: body (len bytes of
 * UTF-8, not NUL-terminated necessarily; "" and 0 for none) as a draft, or
 * signed now when sign is true. One step instead of an empty note saved
 * again later, which indexes the text twice. Nothing is written on error. */
enum dyad_error sessions_insert_with_note(struct store *store, int64_t couple_id,
	const char *starts_at, int minutes, const char *modality, const char *attendance,
	const char *body, size_t len, bool sign, int64_t *id, struct dyad_status *st);

enum dyad_error sessions_get(struct store *store, int64_t id, struct session_rec *out,
	struct dyad_status *st);

/* A couple's sessions, newest first. */
enum dyad_error sessions_list(struct store *store, int64_t couple_id,
	struct session_list *out, struct dyad_status *st);

/* Changes whichever fields are given (NULL or minutes <= 0 leaves them);
 * attendance "planned" makes the session planned again, any other value
 * records it as held, missed or cancelled. */
enum dyad_error sessions_update(struct store *store, int64_t id, const char *starts_at,
	int minutes, const char *modality, const char *attendance, struct dyad_status *st);

void session_list_free(struct session_list *list);

/* Sessions as booked ahead by `dyad session plan`: count planned sessions
 * of couple_id at starts_at[0..count) (each 16 characters, see
 * session_rec), in one transaction. ids receives their ids. Nothing is
 * written on error. */
enum dyad_error sessions_insert_planned(struct store *store, int64_t couple_id,
	const char (*starts_at)[17], size_t count, int minutes, const char *modality,
	int64_t *ids, struct dyad_status *st);

enum dyad_error notes_get(struct store *store, int64_t session_id, struct note_rec *out,
	struct dyad_status *st);

/* Replaces a draft's body when its revision is still expected_revision
 * (or any revision when expected_revision < 0). DYAD_ERR_REFUSED when the
 * note is signed, DYAD_ERR_CONFLICT when someone saved in between. */
enum dyad_error notes_set_body(struct store *store, int64_t session_id,
	const char *body, size_t len, int64_t expected_revision, struct dyad_status *st);

/* Marks a draft signed now; DYAD_ERR_REFUSED when already signed. */
enum dyad_error notes_sign(struct store *store, int64_t session_id, struct dyad_status *st);

void note_rec_free(struct note_rec *n);

#endif
