/* plans.h: treatment plans as stored (schema/0008_plans.sql): numbered
 * versions per couple, the newest possibly a draft, and homework linked to
 * an objective. Callers validate first (domain/plan.h); these functions
 * only read and write, and record each change in the audit log. */
#ifndef DYAD_STORE_PLANS_H
#define DYAD_STORE_PLANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/store/db.h"

/* The four parts a clinician writes; each is plain text, "" when empty. */
struct plan_fields {
	char review_on[11];   /* YYYY-MM-DD, "" when none */
	char *problems;
	char *goals;
	char *objectives;     /* one objective a line */
	char *interventions;
};

struct plan_rec {
	int64_t id;
	int64_t couple_id;
	int version;
	char status[7];       /* draft, signed */
	struct plan_fields f;
	char created_at[21];
	char updated_at[21];
	char signed_at[21];   /* "" while a draft */
};

struct plan_list {
	struct plan_rec *items;
	size_t len;
};

/* The couple's newest version into *out (caller frees with plan_rec_free);
 * *found false (and *out zeroed) when the couple has no plan yet. */
enum dyad_error plans_latest(struct store *store, int64_t couple_id, struct plan_rec *out,
	bool *found, struct dyad_status *st);

/* Every version of the couple's plan, newest first. */
enum dyad_error plans_history(struct store *store, int64_t couple_id, struct plan_list *out,
	struct dyad_status *st);

/* Homework is linked to an objective by its number in the newest plan, so
 * a plan whose objectives are reordered, added or removed moves the links
 * with it: to[k-1] is the new number of what was objective k, 0 when it is
 * gone (its links are removed: the homework stays). Filled in by the save:
 * how many links moved and how many were removed. */
struct plan_relink {
	const int *to;
	size_t len;
	int moved, unlinked;
};

/* Saves f as the couple's plan: over the draft when the newest version is
 * one, else as the next version, a new draft. *version receives its number
 * and *started whether it is new. Audited. Nothing is written on error.
 *
 * expected, when not NULL, is the newest version as it was read before the
 * clinician began editing (version 0: there was none): if another dyad has
 * since saved a different draft, signed it or started a version, the save
 * is refused with DYAD_ERR_CONFLICT rather than overwrite their work.
 * relink (NULL: links stay) is applied in the same transaction. */
enum dyad_error plans_save(struct store *store, int64_t couple_id,
	const struct plan_fields *f, const struct plan_rec *expected, struct plan_relink *relink,
	int *version, bool *started, struct dyad_status *st);

/* Signs the couple's draft, which is then locked. DYAD_ERR_REFUSED when
 * there is no draft (no plan, or the newest version is signed already).
 * *version receives the signed version's number. Audited. */
enum dyad_error plans_sign(struct store *store, int64_t couple_id, int *version,
	struct dyad_status *st);

void plan_fields_free(struct plan_fields *f);
void plan_rec_free(struct plan_rec *p);
void plan_list_free(struct plan_list *list);

/* Links an assignment to objective number `objective` of its couple's
 * plan (0 removes the link). The caller has checked the number. Audited. */
enum dyad_error plans_link_objective(struct store *store, int64_t assignment_id,
	int objective, struct dyad_status *st);

struct objective_link {
	int64_t assignment_id;
	int objective;
	char *exercise_title;
	char status[9];       /* assigned, done, dropped */
};

struct objective_link_list {
	struct objective_link *items;
	size_t len;
};

/* Every homework of the couple linked to an objective, by objective then id. */
enum dyad_error plans_objective_links(struct store *store, int64_t couple_id,
	struct objective_link_list *out, struct dyad_status *st);

/* The objective an assignment is linked to, 0 when none. */
enum dyad_error plans_objective_of(struct store *store, int64_t assignment_id,
	int *objective, struct dyad_status *st);

void objective_link_list_free(struct objective_link_list *list);

#endif
