/* intake.h: a couple's intake form and each partner's safety screenings,
 * as stored (schema/0008_intake.sql). Both are private clinical records. */
#ifndef DYAD_STORE_INTAKE_H
#define DYAD_STORE_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct intake_rec {
	int64_t couple_id;
	char *concerns;            /* presenting concerns; "" when not written */
	char *history;
	char *referral;
	char goal[2][10];          /* per partner: improve, clarify, undecided */
	char confidentiality[11];  /* no-secrets, individual, or "" (not agreed yet) */
	bool on_paper;             /* taken before dyad kept the form; fields empty */
	int64_t revision;          /* counts saves, from 1 */
	char created_at[21];       /* UTC */
	char updated_at[21];
};

/* Reads couple_id's intake into *out (free with intake_rec_free). *exists
 * is false, and *out empty, when the couple has none. */
enum dyad_error intake_get(struct store *store, int64_t couple_id, struct intake_rec *out,
	bool *exists, struct dyad_status *st);

/* Creates or replaces couple_id's intake with in's fields (already valid;
 * confidentiality "" stores as not agreed), bumps its revision, clears
 * on_paper and records `detail` (which fields changed, never their text)
 * in the audit log. expected_revision >= 0 refuses the save
 * (DYAD_ERR_CONFLICT) when the stored revision differs (0: none yet).
 * Nothing changes on failure. */
enum dyad_error intake_put(struct store *store, const struct intake_rec *in,
	int64_t expected_revision, const char *detail, struct dyad_status *st);

void intake_rec_free(struct intake_rec *r);

struct screening_rec {
	int64_t id;
	int64_t couple_id;
	int partner;               /* 0 A, 1 B */
	char screened_on[11];      /* YYYY-MM-DD */
	char *method;
	char result[8];            /* none, concern, severe */
	char *action;              /* NULL when none was recorded */
	char recorded_at[21];
};

struct screening_list {
	struct screening_rec *items;
	size_t len;
};

/* Adds a screening (fields already valid) and its audit entry; *id is the
 * new row's. Nothing is saved on failure. */
enum dyad_error screenings_insert(struct store *store, int64_t couple_id, int partner,
	const char *screened_on, const char *method, const char *result, const char *action,
	int64_t *id, struct dyad_status *st);

/* A couple's screenings, oldest first (by date, then as recorded). */
enum dyad_error screenings_list(struct store *store, int64_t couple_id,
	struct screening_list *out, struct dyad_status *st);

void screening_list_free(struct screening_list *list);

/* The result of each partner's most recent screening as a level: 0 none
 * or never screened, 1 concern, 2 severe. */
enum dyad_error screenings_latest(struct store *store, int64_t couple_id, int level[2],
	struct dyad_status *st);

/* Every couple whose flag (the higher of its partners' latest levels) is
 * above 0: ids[i] with level[i], by couple id. Caller frees both arrays;
 * on failure both are NULL. */
enum dyad_error screenings_flagged(struct store *store, int64_t **ids, int **level,
	size_t *count, struct dyad_status *st);

#endif
