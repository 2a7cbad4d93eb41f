/* concepts.h: the concept catalogue and the ratings keyed to it. */
#ifndef DYAD_STORE_CONCEPTS_H
#define DYAD_STORE_CONCEPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct concept_rec {
	int64_t id;
	char *key;          /* "startup", "horsemen.contempt" */
	char *family;       /* "horsemen": rows shown together */
	char *name;
	char *description;
	char kind[8];       /* scale, count, yesno, bpm */
	int scale_min, scale_max;
	bool couple_level;  /* one value for the couple instead of one per partner */
	int position;
};

struct concept_list {
	struct concept_rec *items;
	size_t len;
};

struct rating_rec {
	int64_t concept_id;
	int partner;        /* 0 = A, 1 = B, 2 = the couple */
	int value;
};

struct rating_list {
	struct rating_rec *items;
	size_t len;
};

/* The catalogue in display order. */
enum dyad_error concepts_list(struct store *store, struct concept_list *out,
	struct dyad_status *st);

/* One concept by key; DYAD_ERR_NOT_FOUND names the key. */
enum dyad_error concepts_find(struct store *store, const char *key,
	struct concept_rec *out, struct dyad_status *st);

void concept_rec_free(struct concept_rec *c);
void concept_list_free(struct concept_list *list);

/* Records (or replaces) one rating. partner: 0 A, 1 B, 2 couple. */
enum dyad_error ratings_set(struct store *store, int64_t session_id, int64_t concept_id,
	int partner, int value, struct dyad_status *st);

/* Removes one rating; no error when there was none. */
enum dyad_error ratings_clear(struct store *store, int64_t session_id, int64_t concept_id,
	int partner, struct dyad_status *st);

/* Every rating of a session. */
enum dyad_error ratings_for_session(struct store *store, int64_t session_id,
	struct rating_list *out, struct dyad_status *st);

void rating_list_free(struct rating_list *list);

#endif
