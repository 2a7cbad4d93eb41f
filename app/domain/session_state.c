/* session_state.c: a session's state, and the refusal when a record needs
 * a held session. */
#include "app/domain/session_state.h"

#include <string.h>

static bool attended(const char *attendance)
{
	return strcmp(attendance, "both") == 0 || strcmp(attendance, "a-only") == 0 ||
		strcmp(attendance, "b-only") == 0;
}

enum session_state session_state_on(const char *attendance, bool planned,
	const char *starts_at, int64_t today)
{
	if (planned)
		return SESSION_PLANNED;
	if (strcmp(attendance, "no-show") == 0)
		return SESSION_NO_SHOW;
	if (strcmp(attendance, "cancelled") == 0)
		return SESSION_CANCELLED;
	if (!attended(attendance))
		return SESSION_PLANNED;
	struct dyad_datetime when;
	if (datetime_parse(starts_at, &when, NULL) && date_to_days(when.date) > today)
		return SESSION_PLANNED;
	return SESSION_HELD;
}

enum session_state session_state_of(const struct session_rec *s)
{
	return session_state_on(s->attendance, s->planned, s->starts_at,
		date_to_days(date_today()));
}

const char *session_state_name(enum session_state state)
{
	switch (state) {
	case SESSION_PLANNED:
		return "planned";
	case SESSION_HELD:
		return "held";
	case SESSION_NO_SHOW:
		return "no-show";
	case SESSION_CANCELLED:
		return "cancelled";
	}
	return "planned";
}

const char *session_attendance_shown(const struct session_rec *s)
{
	return s->planned ? "planned" : s->attendance;
}

bool session_partner_came(const char *attendance, int partner)
{
	if (strcmp(attendance, "both") == 0)
		return partner == 0 || partner == 1;
	if (strcmp(attendance, "a-only") == 0)
		return partner == 0;
	if (strcmp(attendance, "b-only") == 0)
		return partner == 1;
	return false;
}

enum dyad_error session_require_held(struct store *store, int64_t session_id, int partner,
	const char *what, const char *takes, struct dyad_status *st)
{
	struct session_rec s;
	enum dyad_error rc = sessions_get(store, session_id, &s, st);
	if (rc != DYAD_OK)
		return rc;
	switch (session_state_of(&s)) {
	case SESSION_HELD:
		break;
	case SESSION_PLANNED:
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: session %lld is planned for %.10s and has not been held yet, so it "
			"takes no %s yet", what, (long long)session_id, s.starts_at, takes);
	case SESSION_NO_SHOW:
	case SESSION_CANCELLED:
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: session %lld is marked %s, so it takes no %s; only a held session does",
			what, (long long)session_id, s.attendance, takes);
	}
	if ((partner == 0 || partner == 1) && !session_partner_came(s.attendance, partner))
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"%s: partner %c was not at session %lld (%s); only a partner who came takes %s",
			what, partner == 0 ? 'A' : 'B', (long long)session_id, s.attendance, takes);
	return DYAD_OK;
}

bool session_is_individual(const char *attendance)
{
	return strcmp(attendance, "a-only") == 0 || strcmp(attendance, "b-only") == 0;
}
