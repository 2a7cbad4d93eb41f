/* agenda.h: the practice's coming days: each session with the newest
 * facts about its couple (open homework, latest scores, notes still to
 * finish) and a list of flags worth a look before the couple arrives.
 * Shared by `dyad agenda`, `dyad ics` and the Today screen. */
#ifndef DYAD_DOMAIN_AGENDA_H
#define DYAD_DOMAIN_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/domain/session_state.h"
#include "app/store/agenda.h"
#include "app/store/db.h"

#define AGENDA_MAX_DAYS 366
/* Measures due follow each couple's schedule (`dyad measure schedule`, or
 * the measure's default): a measure due every N sessions is due at the
 * couple's coming session when it was never scored, or when that session
 * is the Nth or later held since the last one scored. */
#define AGENDA_DUE_TEXT 100

/* Something about a couple worth a look. key is a stable word for
 * scripts ("notes_missing"); text a short plain phrase for a person. New
 * kinds (screening, treatment plans) are added in agenda_couple_flags. */
struct agenda_flag {
	const char *key;
	char text[240];
};

struct agenda_couple {
	int64_t couple_id;
	int homework_open, homework_overdue;
	struct agenda_score_list scores; /* latest per measure and partner */
	char last_scored[11];            /* the newest score's day; "" for none */
	bool measures_due;
	int due_count;                   /* measures due at the coming session */
	char due_keys[AGENDA_DUE_TEXT];  /* "csi4, rdas" (cut with "..." to fit) */
	int notes_missing;               /* held sessions with an empty note */
	int drafts_waiting;              /* drafts unsigned sign_within_days or more */
	struct agenda_flag *flags;
	size_t flags_len;
};

struct agenda_entry {
	const struct agenda_session_row *session;
	enum session_state state;
	const struct agenda_couple *couple;
};

struct agenda {
	struct dyad_date from;           /* today */
	int days;
	int sign_within_days;
	struct agenda_session_list sessions;
	struct agenda_entry *entries;    /* sessions.len of them, in time order */
	struct agenda_couple *couples;   /* each couple with a session, once */
	size_t couples_len;
};

/* The notes.sign_within_days setting, or NOTES_SIGN_WITHIN_DEFAULT. */
enum dyad_error agenda_sign_within_days(struct store *store, int *days, struct dyad_status *st);

/* Checks --days (or another field) as a whole number 1..AGENDA_MAX_DAYS. */
enum dyad_error agenda_parse_days(const char *field, const char *text, int *days,
	struct dyad_status *st);

/* Loads the sessions on today and the days-1 days after it, each with its
 * state and its couple's facts and flags, in one read transaction. On
 * error *out is empty and st says why. */
enum dyad_error agenda_load(struct store *store, struct dyad_date today, int days,
	struct agenda *out, struct dyad_status *st);

/* Frees everything; NULL and an empty agenda are fine. */
void agenda_free(struct agenda *a);

/* The day a draft note must be older than to be flagged: today minus the
 * setting, as YYYY-MM-DD into out (11 bytes). */
void agenda_draft_through(struct dyad_date today, int sign_within_days, char out[11]);

/* Whether a session's time is the midnight dyad stores for a session
 * given as a date alone (an all-day entry in a calendar). */
bool agenda_date_only(const char *starts_at);

/* "Monday" .. "Sunday" for a day. */
const char *agenda_weekday(struct dyad_date d);

#endif
