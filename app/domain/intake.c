/* intake.c: the intake form (its fields, the editor's plain-text form) and
 * per-partner safety screening, with the flag that follows from it. */
#include "app/domain/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/domain/validate.h"
#include "app/store/audit.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

const char *const intake_goals[] = { "improve", "clarify", "undecided", NULL };
const char *const intake_confidentialities[] = { "no-secrets", "individual", NULL };
const char *const screening_results[] = { "none", "concern", "severe", NULL };

static const char *const goal_field[2] = { "goal-a", "goal-b" };

const char *intake_goal_words(const char *goal)
{
	if (strcmp(goal, "improve") == 0)
		return "improve the relationship";
	if (strcmp(goal, "clarify") == 0)
		return "clarify its future";
	return "undecided";
}

const char *intake_confidentiality_words(const char *confidentiality)
{
	if (strcmp(confidentiality, "no-secrets") == 0)
		return "no secrets: what one partner says alone may be brought to joint sessions";
	if (strcmp(confidentiality, "individual") == 0)
		return "individual sessions stay confidential";
	return "not agreed yet";
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A heap copy of s[0..len) without the white space around it; NULL when
 * out of memory. */
static char *trimmed_copy(const char *s, size_t len)
{
	while (len > 0 && is_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	char *out = malloc(len + 1);
	if (out != NULL) {
		memcpy(out, s, len);
		out[len] = '\0';
	}
	return out;
}

static enum dyad_error check_text(const char *field, const char *s, size_t max,
	struct dyad_status *st)
{
	return validate_text(field, s, strlen(s), max, st);
}

/* Fills next with stored (or default) values overlaid by fields, each
 * checked; text fields are kept without surrounding white space. */
static enum dyad_error merge_fields(const struct intake_rec *stored,
	const struct intake_fields *f, struct intake_rec *next, struct dyad_status *st)
{
	enum dyad_error rc = DYAD_OK;
	memset(next, 0, sizeof *next);
	if ((f->concerns && (rc = check_text("concerns", f->concerns, INTAKE_TEXT_MAX_BYTES, st))) ||
		(f->history && (rc = check_text("history", f->history, INTAKE_TEXT_MAX_BYTES, st))) ||
		(f->referral &&
			(rc = check_text("referral", f->referral, INTAKE_REFERRAL_MAX_BYTES, st))) ||
		(f->goal[0] && (rc = validate_choice("goal-a", f->goal[0], intake_goals, st))) ||
		(f->goal[1] && (rc = validate_choice("goal-b", f->goal[1], intake_goals, st))) ||
		(f->confidentiality && f->confidentiality[0] != '\0' &&
			(rc = validate_choice("confidentiality", f->confidentiality,
				 intake_confidentialities, st))))
		return rc;
	const char *concerns = f->concerns ? f->concerns : stored ? stored->concerns : "";
	const char *history = f->history ? f->history : stored ? stored->history : "";
	const char *referral = f->referral ? f->referral : stored ? stored->referral : "";
	next->concerns = trimmed_copy(concerns, strlen(concerns));
	next->history = trimmed_copy(history, strlen(history));
	next->referral = trimmed_copy(referral, strlen(referral));
	if (next->concerns == NULL || next->history == NULL || next->referral == NULL) {
		intake_rec_free(next);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	for (int p = 0; p < 2; p++)
		snprintf(next->goal[p], sizeof next->goal[p], "%s",
			f->goal[p] ? f->goal[p] : stored ? stored->goal[p] : "undecided");
	snprintf(next->confidentiality, sizeof next->confidentiality, "%s",
		f->confidentiality ? f->confidentiality : stored ? stored->confidentiality : "");
	return DYAD_OK;
}

/* Names the fields that differ into detail ("concerns, goal-a"); empty
 * when none does. */
static void changed_fields(const struct intake_rec *a, const struct intake_rec *b,
	char *detail, size_t size)
{
	const char *names[6];
	size_t n = 0;
	if (strcmp(a->concerns, b->concerns) != 0)
		names[n++] = "concerns";
	if (strcmp(a->history, b->history) != 0)
		names[n++] = "history";
	for (int p = 0; p < 2; p++)
		if (strcmp(a->goal[p], b->goal[p]) != 0)
			names[n++] = goal_field[p];
	if (strcmp(a->confidentiality, b->confidentiality) != 0)
		names[n++] = "confidentiality";
	if (strcmp(a->referral, b->referral) != 0)
		names[n++] = "referral";
	size_t used = 0;
	detail[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++)
		used += (size_t)snprintf(detail + used, size - used, "%s%s", i ? ", " : "", names[i]);
}

enum dyad_error intake_update(struct store *store, int64_t couple_id,
	const struct intake_fields *fields, int64_t expected_revision, bool *changed,
	struct dyad_status *st)
{
	*changed = false;
	struct couple_rec couple;
	enum dyad_error rc = couples_get(store, couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	couple_rec_free(&couple);
	struct intake_rec stored, next;
	bool exists;
	if ((rc = intake_get(store, couple_id, &stored, &exists, st)) != DYAD_OK)
		return rc;
	if ((rc = merge_fields(exists ? &stored : NULL, fields, &next, st)) != DYAD_OK) {
		intake_rec_free(&stored);
		return rc;
	}
	next.couple_id = couple_id;
	char detail[120];
	if (exists) {
		changed_fields(&stored, &next, detail, sizeof detail);
	} else {
		struct intake_rec blank = { .concerns = "", .history = "", .referral = "" };
		snprintf(blank.goal[0], sizeof blank.goal[0], "undecided");
		snprintf(blank.goal[1], sizeof blank.goal[1], "undecided");
		changed_fields(&blank, &next, detail, sizeof detail);
	}
	/* A form saved as it was is no change, and leaves no trace; a couple's
	 * first intake is saved even when blank, since it says one was taken. */
	bool same = exists && detail[0] == '\0';
	if (!same) {
		if (detail[0] == '\0')
			snprintf(detail, sizeof detail, "no fields filled in");
		rc = intake_put(store, &next, expected_revision, detail, st);
		*changed = rc == DYAD_OK;
	}
	intake_rec_free(&stored);
	intake_rec_free(&next);
	return rc;
}

void intake_form_format(const struct intake_rec *r, const char *couple_name,
	const char *const partner_name[2], struct strbuf *out)
{
	strbuf_addf(out, "# Intake for %s. Lines starting with # are left out.\n", couple_name);
	strbuf_addf(out, "# Partner A is %s; partner B is %s.\n", partner_name[0], partner_name[1]);
	strbuf_adds(out,
		"# Each partner's goal for therapy: improve (the relationship), clarify (its\n"
		"# future) or undecided. Confidentiality: no-secrets, or individual\n"
		"# (confidential individual sessions); leave it empty until it is agreed.\n"
		"# Saving the form empty, or as it is, changes nothing.\n");
	const char *fields[][2] = {
		{ "concerns", r ? r->concerns : "" },
		{ "history", r ? r->history : "" },
		{ "goal-a", r ? r->goal[0] : "undecided" },
		{ "goal-b", r ? r->goal[1] : "undecided" },
		{ "confidentiality", r ? r->confidentiality : "" },
		{ "referral", r ? r->referral : "" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		strbuf_addf(out, "\n[%s]\n", fields[i][0]);
		if (fields[i][1][0] != '\0') {
			strbuf_adds(out, fields[i][1]);
			strbuf_addc(out, '\n');
		}
	}
}

enum { FORM_FIELDS = 6 };
static const char *const form_heading[FORM_FIELDS] = { "concerns", "history", "goal-a",
	"goal-b", "confidentiality", "referral" };

enum dyad_error intake_save_form(struct store *store, int64_t couple_id, const char *text,
	size_t len, int64_t expected_revision, bool *changed, struct dyad_status *st)
{
	*changed = false;
	enum dyad_error rc = validate_text("intake", text, len, 8 * INTAKE_TEXT_MAX_BYTES, st);
	if (rc != DYAD_OK)
		return rc;
	struct strbuf value[FORM_FIELDS];
	bool seen[FORM_FIELDS] = { false };
	for (int i = 0; i < FORM_FIELDS; i++)
		value[i] = (struct strbuf)STRBUF_INIT;
	int current = -1;
	bool blank = true;
	size_t line_no = 0;
	for (size_t at = 0; at < len && rc == DYAD_OK;) {
		const char *line = text + at;
		const char *nl = memchr(line, '\n', len - at);
		size_t n = nl ? (size_t)(nl - line) : len - at;
		at += n + (nl ? 1 : 0);
		line_no++;
		if (n > 0 && line[0] == '#')
			continue;
		size_t end = n;
		while (end > 0 && is_space(line[end - 1]))
			end--;
		if (end >= 2 && line[0] == '[' && line[end - 1] == ']') {
			int k = -1;
			for (int i = 0; i < FORM_FIELDS; i++)
				if (strlen(form_heading[i]) == end - 2 &&
					memcmp(form_heading[i], line + 1, end - 2) == 0)
					k = i;
			if (k < 0) {
				char q[200], heading[64];
				snprintf(heading, sizeof heading, "%.*s", (int)(end < 60 ? end : 60), line);
				rc = dyad_fail(st, DYAD_ERR_INVALID,
					"intake: line %zu: '%s' is not a heading of the form (concerns, history, "
					"goal-a, goal-b, confidentiality, referral); nothing was saved", line_no,
					validate_quote(heading, q, sizeof q));
				break;
			}
			if (seen[k]) {
				rc = dyad_fail(st, DYAD_ERR_INVALID,
					"intake: line %zu: [%s] comes twice; nothing was saved", line_no,
					form_heading[k]);
				break;
			}
			seen[k] = true;
			current = k;
			blank = false;
			continue;
		}
		if (end == 0) {
			if (current >= 0)
				strbuf_addc(&value[current], '\n');
			continue;
		}
		blank = false;
		if (current < 0) {
			rc = dyad_fail(st, DYAD_ERR_INVALID,
				"intake: line %zu: text before the first heading; put it under [concerns] "
				"or another heading; nothing was saved", line_no);
			break;
		}
		strbuf_add(&value[current], line, n);
		strbuf_addc(&value[current], '\n');
	}
	if (rc == DYAD_OK && !blank) {
		char *v[FORM_FIELDS] = { NULL };
		for (int i = 0; i < FORM_FIELDS && rc == DYAD_OK; i++)
			if (seen[i] && (v[i] = trimmed_copy(strbuf_str(&value[i]), value[i].len)) == NULL)
				rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		/* An emptied goal goes back to undecided; an emptied policy to not
		 * agreed yet. */
		for (int p = 0; p < 2 && rc == DYAD_OK; p++)
			if (v[2 + p] != NULL && v[2 + p][0] == '\0') {
				free(v[2 + p]);
				if ((v[2 + p] = trimmed_copy("undecided", 9)) == NULL)
					rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			}
		if (rc == DYAD_OK) {
			struct intake_fields f = { v[0], v[1], { v[2], v[3] }, v[4], v[5] };
			rc = intake_update(store, couple_id, &f, expected_revision, changed, st);
		}
		for (int i = 0; i < FORM_FIELDS; i++)
			free(v[i]);
	}
	for (int i = 0; i < FORM_FIELDS; i++)
		strbuf_release(&value[i]);
	return rc;
}

enum dyad_error safety_screening_add(struct store *store, int64_t couple_id,
	const struct screening_input *in, int64_t *id, struct dyad_status *st)
{
	enum dyad_error rc;
	int partner;
	struct dyad_date day = date_today();
	char q[200];
	if (in->partner == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"partner: a screening is for one partner; give --partner a or --partner b");
	if ((rc = validate_partner("partner", in->partner, &partner, st)) != DYAD_OK)
		return rc;
	if (in->date != NULL && (rc = validate_date("date", in->date, &day, st)) != DYAD_OK)
		return rc;
	if (date_to_days(day) > date_to_days(date_today()))
		return dyad_fail(st, DYAD_ERR_INVALID,
			"date: %s is in the future; record a screening once it has been done",
			validate_quote(in->date, q, sizeof q));
	if (in->method == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"method: say how the partner was screened with --method (an interview, a "
			"questionnaire...)");
	if ((rc = validate_name("method", in->method, st)) != DYAD_OK)
		return rc;
	if (in->result == NULL)
		return dyad_fail(st, DYAD_ERR_USAGE,
			"result: give --result none, --result concern or --result severe");
	if ((rc = validate_choice("result", in->result, screening_results, st)) != DYAD_OK)
		return rc;
	const char *action = in->action;
	if (action != NULL && action[0] == '\0')
		action = NULL;
	if (action != NULL &&
		(rc = check_text("action", action, SCREENING_ACTION_MAX_BYTES, st)) != DYAD_OK)
		return rc;
	struct couple_rec couple;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	char when[11];
	date_format(day, when);
	if (strcmp(when, couple.intake) < 0)
		rc = dyad_fail(st, DYAD_ERR_INVALID,
			"date: %s is before the couple's intake on %s; a screening cannot come first",
			when, couple.intake);
	couple_rec_free(&couple);
	if (rc != DYAD_OK)
		return rc;
	return screenings_insert(store, couple_id, partner, when, in->method, in->result, action,
		id, st);
}

enum dyad_error safety_screenings_open(struct store *store, int64_t couple_id,
	struct screening_list *out, struct dyad_status *st)
{
	out->items = NULL;
	out->len = 0;
	struct couple_rec couple;
	enum dyad_error rc = couples_get(store, couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	couple_rec_free(&couple);
	if ((rc = audit_record(store, AUDIT_OPEN, "screening", couple_id, 0, NULL, st)) != DYAD_OK)
		return rc;
	return screenings_list(store, couple_id, out, st);
}

enum dyad_error couple_safety_flag(struct store *store, int64_t couple_id,
	struct safety_flag *out, struct dyad_status *st)
{
	int level[2];
	memset(out, 0, sizeof *out);
	enum dyad_error rc = screenings_latest(store, couple_id, level, st);
	if (rc != DYAD_OK)
		return rc;
	for (int p = 0; p < 2; p++) {
		out->partner[p] = (enum safety_level)level[p];
		if (out->partner[p] > out->level)
			out->level = out->partner[p];
	}
	return DYAD_OK;
}

const char *safety_flag_banner(const struct safety_flag *flag, char *out, size_t size)
{
	if (flag->level == SAFETY_NONE) {
		snprintf(out, size, "%s", "");
		return out;
	}
	const char *who = flag->partner[0] == flag->level && flag->partner[1] == flag->level
		? "both partners" : flag->partner[0] == flag->level ? "partner A" : "partner B";
	snprintf(out, size, "%s on record (%s)",
		flag->level == SAFETY_SEVERE ? "Severe safety risk" : "Safety concern", who);
	return out;
}

bool safety_exercise_is_conflict(const struct template *t)
{
	static const char *const families[] = { "flooding", "startup", "horsemen" };
	for (size_t i = 0; i < t->nconcepts; i++)
		for (size_t k = 0; k < sizeof families / sizeof families[0]; k++) {
			size_t n = strlen(families[k]);
			if (strncmp(t->concepts[i], families[k], n) == 0 &&
				(t->concepts[i][n] == '\0' || t->concepts[i][n] == '.'))
				return true;
		}
	return false;
}

enum dyad_error intake_exists_for_session(struct store *store, int64_t session_id,
	bool *exists, struct dyad_status *st)
{
	*exists = false;
	struct session_rec s;
	enum dyad_error rc = sessions_get(store, session_id, &s, st);
	if (rc != DYAD_OK)
		return rc;
	int64_t couple_id = s.couple_id;
	struct intake_rec r;
	if ((rc = intake_get(store, couple_id, &r, exists, st)) != DYAD_OK)
		return rc;
	intake_rec_free(&r);
	return DYAD_OK;
}
