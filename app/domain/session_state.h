/* session_state.h: whether a session is planned, held, a no-show or
 * cancelled, and the one rule that needs the clock: a session dated after
 * today has not been held yet, whatever its row says. */
#ifndef DYAD_DOMAIN_SESSION_STATE_H
#define DYAD_DOMAIN_SESSION_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/date.h"
#include "app/core/error.h"
#include "app/store/db.h"
#include "app/store/sessions.h"

enum session_state { SESSION_PLANNED, SESSION_HELD, SESSION_NO_SHOW, SESSION_CANCELLED };

/* The state of a stored session on day `today` (date_to_days): planned when
 * its row says so, or when it would be held but is dated after today;
 * otherwise held (both, a-only, b-only), no-show or cancelled. */
enum session_state session_state_on(const char *attendance, bool planned,
	const char *starts_at, int64_t today);

/* The same, by today's date (date_today, so $DYAD_TODAY counts). */
enum session_state session_state_of(const struct session_rec *s);

/* "planned", "held", "no-show", "cancelled". */
const char *session_state_name(enum session_state state);

/* What a person sees for attendance: "planned" for a planned session
 * (however its row reads), else the stored attendance. */
const char *session_attendance_shown(const struct session_rec *s);

/* Whether partner (0 A, 1 B) was at a held session with this attendance. */
bool session_partner_came(const char *attendance, int partner);

/* Whether a session with this attendance is an individual one (one
 * partner alone: a-only or b-only), whose note is private to that partner. */
bool session_is_individual(const char *attendance);

/* Checks that session_id is held today, and (partner 0 or 1) that the
 * partner came; partner 2 (the couple, or no partner) checks only the
 * session. `what` names the field in the refusal ("rating", "note", ...)
 * and `takes` says what the session would take ("ratings", "a note").
 * DYAD_ERR_REFUSED with one line saying why, DYAD_ERR_NOT_FOUND for a
 * missing session. Reads only. */
enum dyad_error session_require_held(struct store *store, int64_t session_id, int partner,
	const char *what, const char *takes, struct dyad_status *st);

#endif
