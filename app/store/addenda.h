/* addenda.h: dated corrections to signed notes, as stored. An addendum is
 * never changed or deleted once saved (triggers refuse it). */
#ifndef DYAD_STORE_ADDENDA_H
#define DYAD_STORE_ADDENDA_H

#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct addendum_rec {
	int64_t id;
	int64_t session_id;
	char created_at[21];  /* UTC, "2026-11-28T10:15:00Z" */
	char *body;
};

struct addendum_list {
	struct addendum_rec *items;
	size_t len;
};

/* Adds an addendum (len bytes, already validated) to a signed note and
 * records it in the audit log with a fingerprint of its text. Refused
 * (DYAD_ERR_REFUSED) for a draft, DYAD_ERR_NOT_FOUND for a missing session;
 * nothing is saved on failure. */
enum dyad_error addenda_insert(struct store *store, int64_t session_id, const char *body,
	size_t len, int64_t *id, struct dyad_status *st);

/* A note's addenda, oldest first. */
enum dyad_error addenda_list(struct store *store, int64_t session_id,
	struct addendum_list *out, struct dyad_status *st);

void addendum_list_free(struct addendum_list *list);

#endif
