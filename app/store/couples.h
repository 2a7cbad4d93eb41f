/* couples.h: couples and their two partners, as stored. */
#ifndef DYAD_STORE_COUPLES_H
#define DYAD_STORE_COUPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

struct partner_rec {
	char *name;
	char *pronouns; /* NULL when not given */
};

struct couple_rec {
	int64_t id;
	char *name;
	char status[8];       /* active, paused, closed */
	char intake[11];      /* YYYY-MM-DD */
	char created_at[21];
	char updated_at[21];
	struct partner_rec partner[2]; /* [0] is A, [1] is B */
	int64_t sessions_total;
	int64_t sessions_held;   /* attended by at least one partner */
	char last_session[17];   /* "" when none */
	int64_t homework_open;   /* assignments still assigned (not done or dropped) */
};

struct couple_list {
	struct couple_rec *items;
	size_t len;
};

/* Inserts a couple and both partners (one transaction). Input must already
 * be valid (domain/ checks it). On success *id is the new couple's id. */
enum dyad_error couples_insert(struct store *store, const char *name,
	const char *intake, const char *const partner_name[2],
	const char *const partner_pronouns[2], int64_t *id, struct dyad_status *st);

/* Fills *out (to be freed with couple_rec_free). DYAD_ERR_NOT_FOUND when
 * there is no such couple. */
enum dyad_error couples_get(struct store *store, int64_t id, struct couple_rec *out,
	struct dyad_status *st);

/* Couples sorted by name; only active ones unless include_all. */
enum dyad_error couples_list(struct store *store, bool include_all,
	struct couple_list *out, struct dyad_status *st);

/* Changes whichever of name and status are not NULL; bumps updated_at. */
enum dyad_error couples_update(struct store *store, int64_t id, const char *name,
	const char *status, struct dyad_status *st);

/* Changes one partner's name and/or pronouns (role 0 = A, 1 = B); a NULL
 * leaves that field alone, "" for pronouns clears them. */
enum dyad_error couples_update_partner(struct store *store, int64_t id, int role,
	const char *name, const char *pronouns, struct dyad_status *st);

/* One couple found by couples_match_prefix. */
struct couple_match {
	int64_t id;
	char *name;
	bool exact; /* its name, or a partner's, is the whole text looked for */
};

struct couple_match_list {
	struct couple_match *items;
	size_t len;
};

/* Every couple (closed ones too) whose name, or either partner's name,
 * begins with prefix: ASCII letters compared without regard to case, other
 * characters exactly. Sorted by name. On failure *out is empty. */
enum dyad_error couples_match_prefix(struct store *store, const char *prefix,
	struct couple_match_list *out, struct dyad_status *st);

void couple_match_list_free(struct couple_match_list *list);

enum dyad_error couples_count(struct store *store, int64_t *count, struct dyad_status *st);

void couple_rec_free(struct couple_rec *c);
void couple_list_free(struct couple_list *list);

#endif
