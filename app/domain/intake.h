/* intake.h: the rules for a couple's intake form, each partner's safety
 * screenings, and the safety flag other screens and commands ask for. */
#ifndef DYAD_DOMAIN_INTAKE_H
#define DYAD_DOMAIN_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/domain/template.h"
#include "app/store/db.h"
#include "app/store/intake.h"

#define INTAKE_TEXT_MAX_BYTES (64u * 1024u)  /* concerns, history */
#define INTAKE_REFERRAL_MAX_BYTES 1000u
#define SCREENING_ACTION_MAX_BYTES 4000u

extern const char *const intake_goals[];             /* improve, clarify, undecided */
extern const char *const intake_confidentialities[]; /* no-secrets, individual */
extern const char *const screening_results[];        /* none, concern, severe */

/* What to change in an intake: a NULL field keeps what is stored (or the
 * default for a new intake: empty text, goals undecided, confidentiality
 * not agreed). */
struct intake_fields {
	const char *concerns;
	const char *history;
	const char *goal[2];
	const char *confidentiality;
	const char *referral;
};

/* Checks the given fields and saves them over couple_id's intake,
 * creating it when there is none. When nothing would change (the same
 * values, or no field at all) nothing is written and *changed is false.
 * expected_revision >= 0 refuses the save when the intake was saved
 * elsewhere since (0: there was none). One line in st on failure, nothing
 * changed. */
enum dyad_error intake_update(struct store *store, int64_t couple_id,
	const struct intake_fields *fields, int64_t expected_revision, bool *changed,
	struct dyad_status *st);

/* The intake as a plain-text form for the editor: a few comment lines
 * (starting with #) naming the partners and the choices, then each field
 * under its heading ("[concerns]", "[history]", "[goal-a]", "[goal-b]",
 * "[confidentiality]", "[referral]"). r may be NULL for a blank form.
 * partner_name[] are the partners' names. Appends to out. */
void intake_form_format(const struct intake_rec *r, const char *couple_name,
	const char *const partner_name[2], struct strbuf *out);

/* Saves a form edited from intake_form_format. A blank form (an editor
 * saved empty) and a form whose fields match what is stored change
 * nothing (*changed false). A heading dyad does not know, text before the
 * first heading, or a bad value is refused with the line it is on. */
enum dyad_error intake_save_form(struct store *store, int64_t couple_id, const char *text,
	size_t len, int64_t expected_revision, bool *changed, struct dyad_status *st);

/* Words a person reads for stored values: "improve the relationship",
 * "confidential individual sessions", "not agreed yet"... */
const char *intake_goal_words(const char *goal);
const char *intake_confidentiality_words(const char *confidentiality);

/* A screening as typed. date NULL means today; action may be NULL. */
struct screening_input {
	const char *partner;  /* a or b */
	const char *date;     /* YYYY-MM-DD */
	const char *method;
	const char *result;   /* none, concern, severe */
	const char *action;
};

/* Checks and records one partner's screening: partner a or b, a real date
 * neither in the future nor before the couple's intake date, a method of
 * 1 to 200 characters on one line, a known result. *id is the new row's.
 * One line in st on failure, nothing saved. */
enum dyad_error safety_screening_add(struct store *store, int64_t couple_id,
	const struct screening_input *in, int64_t *id, struct dyad_status *st);

/* A couple's screenings for the clinician to read; showing them is written
 * to the audit log first, and on failure nothing is returned. */
enum dyad_error safety_screenings_open(struct store *store, int64_t couple_id,
	struct screening_list *out, struct dyad_status *st);

enum safety_level { SAFETY_NONE = 0, SAFETY_CONCERN = 1, SAFETY_SEVERE = 2 };

struct safety_flag {
	enum safety_level level;       /* the higher of the two partners' */
	enum safety_level partner[2];  /* each partner's most recent screening */
};

/* Whether couple_id carries a safety banner: a partner's most recent
 * screening found a concern or something severe (a later screening that
 * found none takes that partner's flag down). Reads only. */
enum dyad_error couple_safety_flag(struct store *store, int64_t couple_id,
	struct safety_flag *out, struct dyad_status *st);

/* The banner's words for a flag: "" for none, else a short sentence such
 * as "Safety concern on record (partner A)". Returns out. */
const char *safety_flag_banner(const struct safety_flag *flag, char *out, size_t size);

/* Whether an exercise works on conflict itself (its concepts include
 * flooding, softened startup or the Four Horsemen), which a couple with a
 * safety flag should only be given after the therapist has thought again. */
bool safety_exercise_is_conflict(const struct template *t);

/* Whether session_id's couple has an intake, for the rule that a note is
 * signed after one (unless the clinician says to go ahead). */
enum dyad_error intake_exists_for_session(struct store *store, int64_t session_id,
	bool *exists, struct dyad_status *st);

#endif
