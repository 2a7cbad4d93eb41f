/* plan.h: treatment plans as a clinician writes them (plain text with four
 * headings and a review date), objectives that name a concept or a measure
 * and work out their own status from the record, and homework linked to an
 * objective.
 *
 * A measurable objective is one line:
 *     KEY OP NUMBER [for N sessions] [both partners | partner a | partner b]
 * KEY is a concept (`dyad concepts`) or a measure (`dyad measures`), OP one
 * of <= >= < > =, NUMBER on the scale. Without a partner, a per-partner
 * scale needs both partners to meet it; a couple-level concept takes none.
 * Any objective line holding one of < > = is read this way, strictly; a
 * line without them is kept as written and has no computed status.
 *
 * The status, over the couple's held sessions (a session counts for the
 * objective when every partner it names has a value there):
 *   no data      none of the last PLAN_RECENT_SESSIONS held sessions counts
 *   met          the last N counting sessions (N from "for N sessions", 1
 *                when not said) all meet the threshold
 *   progressing  not met, but for each partner named the latest value meets
 *                the threshold or is closer to it than the earliest of that
 *                partner's last PLAN_RECENT_SESSIONS values
 *   not yet      anything else */
#ifndef DYAD_DOMAIN_PLAN_H
#define DYAD_DOMAIN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/trends.h"
#include "app/store/concepts.h"
#include "app/store/db.h"
#include "app/store/measures.h"
#include "app/store/plans.h"

#define PLAN_RECENT_SESSIONS 4
#define PLAN_MAX_OBJECTIVES 99
#define PLAN_OBJECTIVE_MAX_SESSIONS 20
#define PLAN_SECTION_MAX_BYTES 20000

enum plan_who { PLAN_WHO_BOTH, PLAN_WHO_A, PLAN_WHO_B, PLAN_WHO_COUPLE };

enum objective_status {
	OBJECTIVE_UNMEASURED,  /* free text: no computed status */
	OBJECTIVE_MET,
	OBJECTIVE_PROGRESSING,
	OBJECTIVE_NOT_YET,
	OBJECTIVE_NO_DATA,
};

struct plan_objective {
	int number;            /* 1 for the first objective */
	char *text;            /* the line as written */
	bool measurable;
	bool readable;         /* measurable and still names a known scale */
	char key[65];
	bool is_measure;       /* a measure; else a concept */
	char op[3];            /* "<=", ">=", "<", ">", "=" */
	double threshold;
	int sessions;          /* for N sessions; 1 when not said */
	enum plan_who who;
	double scale_min, scale_max;
	/* worked out by plan_objective_evaluate */
	enum objective_status status;
	bool has_current[2];   /* the latest counting session's values, A and B */
	double current[2];     /* (a couple-level concept: [0]) */
};

/* "met", "progressing", "not yet", "no data", or "not measured". */
const char *objective_status_name(enum objective_status s);

/* Reads one objective line (no bullet) against the catalogues. A line
 * without < > = is free text: out->measurable false, true returned. On a
 * problem returns false with one sentence in why (no line number). out's
 * text is not set here. */
bool plan_objective_parse(const char *line, const struct concept_list *concepts,
	const struct measure_list *measures, struct plan_objective *out, char *why,
	size_t why_size);

/* Works out o's status and current values from a couple's trends (the
 * rule above). */
void plan_objective_evaluate(struct plan_objective *o, const struct couple_trends *t);

/* Reads a plan as written in the editor into *out (caller frees with
 * plan_fields_free). Lines starting with # are guidance. Strict: on the
 * first problem, DYAD_ERR_INVALID with "plan: line N: ..." and *out empty. */
enum dyad_error plan_text_parse(const char *text, size_t len,
	const struct concept_list *concepts, const struct measure_list *measures,
	struct plan_fields *out, struct dyad_status *st);

/* The text the editor opens: guidance, the review date and the four parts
 * of f (a fresh, short template when f is NULL, with a review date
 * PLAN_REVIEW_DAYS from today). False when out of memory. */
#define PLAN_REVIEW_DAYS 84
bool plan_text_render(const struct plan_fields *f, const char *couple_name, int version,
	bool signed_before, struct strbuf *out);

/* Whether f holds nothing a reader would see in any of its four parts. */
bool plan_fields_empty(const struct plan_fields *f);

/* The couple's plan as shown: the newest version, its objectives with
 * their statuses, and the homework linked to them. */
struct plan_view {
	bool found;                 /* false: no plan yet (the rest empty) */
	struct plan_rec plan;       /* the newest version */
	int last_signed_version;    /* 0 when none is signed */
	char last_signed_at[21];
	struct plan_objective *objectives;
	size_t objectives_len;
	struct objective_link_list links;
};

/* Loads the couple's plan and works out every objective's status. The
 * couple must exist. On error *out is empty. */
enum dyad_error plan_view_load(struct store *store, int64_t couple_id, struct plan_view *out,
	struct dyad_status *st);

void plan_view_free(struct plan_view *v);

/* Splits f->objectives (one a line) into objectives, parsed against the
 * catalogues; an objective naming a scale the catalogue no longer has is
 * kept with readable false. *out (caller frees with plan_objectives_free). */
enum dyad_error plan_objectives_read(const struct plan_fields *f,
	const struct concept_list *concepts, const struct measure_list *measures,
	struct plan_objective **out, size_t *len, struct dyad_status *st);

void plan_objectives_free(struct plan_objective *items, size_t len);

struct plan_save_result {
	bool saved;           /* false: the plan was empty, nothing stored */
	int version;          /* the version saved */
	bool started;         /* a new version (the newest was signed, or none) */
	int links_moved;      /* homework links that followed their objective */
	int links_removed;    /* links whose objective is no longer in the plan */
};

/* Saves text (as edited) as the couple's plan: strict parse first, then
 * over the draft or as a new draft version, moving homework links with
 * their objectives (see struct plan_relink). expected: the newest version
 * as read before editing (see plans_save); NULL reads it now. Nothing
 * changes on error. */
enum dyad_error plan_save_text(struct store *store, int64_t couple_id, const char *text,
	size_t len, const struct plan_rec *expected, struct plan_save_result *res,
	struct dyad_status *st);

/* Links homework to objective number `objective` (1..) of the plan of the
 * assignment's couple; 0 removes the link. Refused (one line) when the
 * couple has no plan or the plan has no such objective. */
enum dyad_error plan_link_homework(struct store *store, int64_t assignment_id,
	long long objective, struct dyad_status *st);

/* The check alone, for a couple, before its homework exists. */
enum dyad_error plan_objective_check(struct store *store, int64_t couple_id,
	long long objective, struct dyad_status *st);

/* The objective's target in a standard wording: "horsemen.contempt <= 1
 * for 3 sessions, both partners" (nothing for one not measured). */
void plan_objective_target(const struct plan_objective *o, struct strbuf *out);

/* Appends a number as people write it: no trailing zeros ("13.5", "1"). */
void plan_number(struct strbuf *out, double v);

#endif
