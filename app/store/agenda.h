/* agenda.h: the reads behind the practice's week (dyad agenda, dyad ics and
 * the Today screen): sessions in a span of days, notes still to finish,
 * homework coming due, and a couple's latest figures. Reads only. */
#ifndef DYAD_STORE_AGENDA_H
#define DYAD_STORE_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* One session with who it is for. */
struct agenda_session_row {
	int64_t id;
	int64_t couple_id;
	char starts_at[17];    /* YYYY-MM-DDTHH:MM */
	int minutes;
	char modality[10];
	char attendance[10];
	bool planned;          /* the row's flag; domain/session_state.h decides the state */
	char note_status[7];   /* draft, signed */
	int64_t note_bytes;
	char *couple_name;     /* never NULL after a successful read */
	char *partner[2];      /* A and B; never NULL after a successful read */
};

struct agenda_session_list {
	struct agenda_session_row *items;
	size_t len;
};

/* Sessions of every couple dated on days from..through (YYYY-MM-DD, both
 * included), by time then id. On error the list is empty. */
enum dyad_error agenda_sessions_between(struct store *store, const char *from,
	const char *through, struct agenda_session_list *out, struct dyad_status *st);

void agenda_session_list_free(struct agenda_session_list *list);

/* A held session whose note is not finished: empty, or a draft waiting to
 * be signed. */
struct agenda_note_row {
	int64_t session_id;
	int64_t couple_id;
	char starts_at[17];
	bool empty;            /* no text at all; else an unsigned draft */
	char *couple_name;
};

struct agenda_note_list {
	struct agenda_note_row *items;
	size_t len;
};

/* Sessions recorded as held (not planned, both/a-only/b-only) on or before
 * today whose note is empty, and those on or before draft_through whose
 * note is an unsigned draft with text; couple_id 0 means every couple,
 * else that couple only. Oldest first. On error the list is empty. */
enum dyad_error agenda_unfinished_notes(struct store *store, int64_t couple_id,
	const char *today, const char *draft_through, struct agenda_note_list *out,
	struct dyad_status *st);

void agenda_note_list_free(struct agenda_note_list *list);

/* An open assignment and its due day. */
struct agenda_homework_row {
	int64_t id;
	int64_t couple_id;
	char due_on[11];
	char *title;
	char *couple_name;
};

struct agenda_homework_list {
	struct agenda_homework_row *items;
	size_t len;
};

/* Open (assigned) homework due on days from..through, both included, by
 * due day; couple_id 0 means every couple. On error the list is empty. */
enum dyad_error agenda_homework_due(struct store *store, int64_t couple_id, const char *from,
	const char *through, struct agenda_homework_list *out, struct dyad_status *st);

void agenda_homework_list_free(struct agenda_homework_list *list);

/* A couple's open homework: how many, and how many are due before today. */
enum dyad_error agenda_homework_counts(struct store *store, int64_t couple_id,
	const char *today, int *open, int *overdue, struct dyad_status *st);

/* A partner's latest score on one measure. */
struct agenda_score_row {
	char key[65];
	char *name;
	int partner;           /* 0 A, 1 B */
	double value;
	char on[11];           /* the day of the session it was given in */
};

struct agenda_score_list {
	struct agenda_score_row *items;
	size_t len;
};

/* For each measure and partner of couple_id, the score of the latest
 * session that has one; in the catalogue's order, A before B. On error
 * the list is empty. */
enum dyad_error agenda_latest_scores(struct store *store, int64_t couple_id,
	struct agenda_score_list *out, struct dyad_status *st);

void agenda_score_list_free(struct agenda_score_list *list);

/* The per-database calendar id (schema/0008_calendar.sql): 64 lower-case
 * hex digits into out (65 bytes). */
enum dyad_error agenda_calendar_id(struct store *store, char out[65], struct dyad_status *st);

#endif
