/* note_template.c: finding note templates and filling them in from the
 * record. */
#include "app/domain/note_template.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/domain/library.h"
#include "app/domain/plan.h"
#include "app/domain/practice.h"
#include "app/domain/session_state.h"
#include "app/domain/trends.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/sessions.h"

static bool name_ok(const char *name)
{
	if (name == NULL || name[0] == '\0' || strlen(name) > 40)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return false;
	return true;
}

/* The template's text (caller frees), from the first folder that has it;
 * NULL with *missing when none does. Also lists the names found into
 * names when not NULL. */
static char *template_read(const char *name, bool *missing, struct strbuf *names,
	struct dyad_status *st)
{
	*missing = false;
	struct library lib = { 0 };
	if (library_find_dirs(&lib, st) != DYAD_OK)
		return NULL;
	char *text = NULL;
	for (size_t i = 0; i < lib.ndirs && text == NULL; i++) {
		struct strbuf path = STRBUF_INIT;
		strbuf_addf(&path, "%s/notes/%s.txt", lib.dirs[i], name);
		FILE *fp = path.failed ? NULL : fopen(strbuf_str(&path), "r");
		if (fp != NULL) {
			fclose(fp);
			size_t len;
			text = fileio_read_path(strbuf_str(&path), NOTE_TEMPLATE_MAX_BYTES, &len,
				"note template", st);
			if (text == NULL) {
				strbuf_release(&path);
				library_free(&lib);
				return NULL;
			}
		}
		strbuf_release(&path);
	}
	if (text == NULL) {
		*missing = true;
		/* Which ones there are, for the refusal. */
		for (size_t i = 0; names != NULL && i < lib.ndirs; i++) {
			struct strbuf dir = STRBUF_INIT;
			strbuf_addf(&dir, "%s/notes", lib.dirs[i]);
			DIR *d = dir.failed ? NULL : opendir(strbuf_str(&dir));
			struct dirent *e;
			while (d != NULL && (e = readdir(d)) != NULL) {
				size_t n = strlen(e->d_name);
				if (n <= 4 || strcmp(e->d_name + n - 4, ".txt") != 0)
					continue;
				char stem[64];
				snprintf(stem, sizeof stem, "%.*s", (int)(n - 4), e->d_name);
				if (!name_ok(stem))
					continue;
				/* the same name in two folders is listed once */
				struct strbuf probe = STRBUF_INIT;
				strbuf_addf(&probe, ", %s,", stem);
				struct strbuf have = STRBUF_INIT;
				strbuf_addf(&have, ", %s,", names->len ? strbuf_str(names) : "");
				if (!probe.failed && !have.failed &&
					strstr(strbuf_str(&have), strbuf_str(&probe)) == NULL)
					strbuf_addf(names, "%s%s", names->len ? ", " : "", stem);
				strbuf_release(&probe);
				strbuf_release(&have);
			}
			if (d != NULL)
				closedir(d);
			strbuf_release(&dir);
		}
	}
	library_free(&lib);
	return text;
}

enum dyad_error note_template_check(const char *field, const char *name,
	struct dyad_status *st)
{
	char q[200];
	if (!name_ok(name))
		return dyad_fail(st, DYAD_ERR_INVALID, "%s: '%s' is not a template name (lower-case "
			"letters, digits, - and _)", field, validate_quote(name ? name : "", q, sizeof q));
	bool missing;
	struct strbuf names = STRBUF_INIT;
	char *text = template_read(name, &missing, &names, st);
	enum dyad_error rc = DYAD_OK;
	if (text == NULL && missing)
		rc = dyad_fail(st, DYAD_ERR_INVALID, "%s: there is no note template called '%s'%s%s",
			field, name, names.len ? "; there are: " : "",
			names.len ? strbuf_str(&names) : "");
	else if (text == NULL)
		rc = st->code;
	free(text);
	strbuf_release(&names);
	return rc;
}

/* --- what a template is filled with ------------------------------------------------- */

/* The lines after the "Plan" heading of a note, up to the next heading. */
static bool is_heading(const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	if (n < 2 || n > 40 || line[n - 1] != ':')
		return false;
	for (size_t i = 0; i + 1 < n; i++) {
		char c = line[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '/' ||
			c == '-' || c == '&' || c == '(' || c == ')'))
			return false;
	}
	return true;
}

static bool is_plan_heading(const char *line, size_t n)
{
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	return is_heading(line, n) && ((n == 5 && strncasecmp(line, "plan:", 5) == 0) ||
		(n == 2 && strncasecmp(line, "p:", 2) == 0));
}

static void plan_section_of(const char *body, struct strbuf *out)
{
	bool inside = false;
	size_t before = out->len;
	for (const char *p = body; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (is_plan_heading(p, n))
			inside = true;
		else if (inside && is_heading(p, n))
			break;
		else if (inside && (n > 0 || out->len > before)) {
			strbuf_add(out, p, n);
			strbuf_addc(out, '\n');
		}
		p += n + (nl ? 1 : 0);
	}
	while (out->len > before && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
	if (out->len == before)
		strbuf_adds(out, "(the last note has no Plan section)");
	strbuf_addc(out, '\n');
}

struct fill_context {
	struct couple_rec couple;
	bool have_couple;
	struct session_list sessions;   /* newest first */
	size_t self;                    /* this session's index in sessions */
	const struct session_rec *previous; /* the held session before, or NULL */
};

static void add_attendance(struct strbuf *out, const struct fill_context *c)
{
	const struct session_rec *s = &c->sessions.items[c->self];
	const char *who;
	if (strcmp(s->attendance, "both") == 0)
		who = "both partners";
	else if (strcmp(s->attendance, "a-only") == 0)
		who = c->couple.partner[0].name;
	else if (strcmp(s->attendance, "b-only") == 0)
		who = c->couple.partner[1].name;
	else
		who = s->attendance;
	strbuf_addf(out, "Attendance: %s", who);
	if (strcmp(s->attendance, "both") == 0)
		strbuf_addf(out, " (%s and %s)", c->couple.partner[0].name, c->couple.partner[1].name);
	else if (strcmp(s->attendance, "a-only") == 0 || strcmp(s->attendance, "b-only") == 0)
		strbuf_adds(out, " only");
	strbuf_addf(out, "; %s, %d minutes.\n", s->modality, s->minutes);
}

static enum dyad_error add_last_plan(struct store *store, struct strbuf *out,
	const struct fill_context *c, struct dyad_status *st)
{
	strbuf_adds(out, "From the last note's plan:\n");
	if (c->previous == NULL) {
		strbuf_adds(out, "(this is the first session on record)\n");
		return DYAD_OK;
	}
	struct note_rec note;
	enum dyad_error rc = notes_get(store, c->previous->id, &note, st);
	if (rc != DYAD_OK)
		return rc;
	plan_section_of(note.body, out);
	note_rec_free(&note);
	return DYAD_OK;
}

static enum dyad_error add_checkins(struct store *store, struct strbuf *out,
	const struct fill_context *c, struct dyad_status *st)
{
	const struct session_rec *s = &c->sessions.items[c->self];
	char since[11] = "", until[11];
	if (c->previous != NULL)
		snprintf(since, sizeof since, "%.10s", c->previous->starts_at);
	snprintf(until, sizeof until, "%.10s", s->starts_at);
	if (since[0])
		strbuf_addf(out, "Homework check-ins since %s:\n", since);
	else
		strbuf_adds(out, "Homework check-ins so far:\n");
	struct assignment_list list;
	enum dyad_error rc = assignments_list(store, s->couple_id, true, &list, st);
	if (rc != DYAD_OK)
		return rc;
	size_t shown = 0;
	for (size_t i = 0; i < list.len && rc == DYAD_OK; i++) {
		struct checkin_list ch;
		if ((rc = checkins_list(store, list.items[i].id, &ch, st)) != DYAD_OK)
			break;
		for (size_t k = 0; k < ch.len; k++) {
			const struct checkin_rec *r = &ch.items[k];
			if (strcmp(r->checked_on, since) <= 0 || strcmp(r->checked_on, until) > 0)
				continue;
			strbuf_addf(out, "- %s, %s: %c did %" PRId64, r->checked_on,
				list.items[i].exercise_title, r->partner == 0 ? 'A' : 'B', r->done);
			if (r->out_of > 0)
				strbuf_addf(out, " of %" PRId64, r->out_of);
			if (r->comment != NULL && r->comment[0])
				strbuf_addf(out, " (\"%s\")", r->comment);
			strbuf_addc(out, '\n');
			shown++;
		}
		checkin_list_free(&ch);
	}
	assignment_list_free(&list);
	if (rc == DYAD_OK && shown == 0)
		strbuf_adds(out, "(none recorded)\n");
	return rc;
}

/* Each measure's last two values per partner, up to this session. */
static enum dyad_error add_scores(struct store *store, struct strbuf *out,
	const struct fill_context *c, struct dyad_status *st)
{
	const struct session_rec *s = &c->sessions.items[c->self];
	strbuf_adds(out, "Score changes:\n");
	struct couple_trends t;
	enum dyad_error rc = trends_load(store, s->couple_id, &t, st);
	if (rc != DYAD_OK)
		return rc;
	size_t upto = 0; /* sessions [0, upto) of t: this one and those before */
	for (size_t i = 0; i < t.sessions_len; i++)
		if (strcmp(t.sessions[i].starts_at, s->starts_at) <= 0)
			upto = i + 1;
	size_t shown = 0;
	for (size_t m = 0; m < t.measures_len; m++) {
		const struct trend_series *series = &t.measures[m];
		double v[2][2];
		size_t n[2] = { 0, 0 };
		for (int p = 0; p < 2; p++)
			n[p] = trend_recent_values(series, upto, p, v[p], 2);
		if (n[0] == 0 && n[1] == 0)
			continue;
		strbuf_addf(out, "- %s:", series->name);
		for (int p = 0; p < 2; p++) {
			if (n[p] == 0)
				continue;
			strbuf_addf(out, "%s %c ", p == 1 && n[0] ? "," : "", p == 0 ? 'A' : 'B');
			if (n[p] == 2) {
				plan_number(out, v[p][0]);
				strbuf_adds(out, " -> ");
			}
			plan_number(out, v[p][1 - (n[p] == 1)]);
			if (n[p] == 1)
				strbuf_adds(out, " (the only score so far)");
		}
		strbuf_addc(out, '\n');
		shown++;
	}
	couple_trends_free(&t);
	if (shown == 0)
		strbuf_adds(out, "(no scores recorded yet)\n");
	return DYAD_OK;
}

static enum dyad_error add_objectives(struct store *store, struct strbuf *out,
	const struct fill_context *c, struct dyad_status *st)
{
	strbuf_adds(out, "Plan objectives:\n");
	struct plan_view v;
	enum dyad_error rc = plan_view_load(store, c->sessions.items[c->self].couple_id, &v, st);
	if (rc != DYAD_OK)
		return rc;
	if (!v.found || v.objectives_len == 0)
		strbuf_adds(out, "(no treatment plan objectives yet)\n");
	for (size_t i = 0; i < v.objectives_len; i++) {
		const struct plan_objective *o = &v.objectives[i];
		strbuf_addf(out, "- %d. %s", o->number, o->text);
		if (o->measurable && o->readable) {
			strbuf_addf(out, ": %s", objective_status_name(o->status));
			for (int p = 0; p < 2; p++) {
				if (!o->has_current[p])
					continue;
				strbuf_adds(out, p == 1 && o->has_current[0] ? ", " : " (now ");
				if (o->who != PLAN_WHO_COUPLE)
					strbuf_addf(out, "%c ", p == 0 ? 'A' : 'B');
				plan_number(out, o->current[p]);
			}
			if (o->has_current[0] || o->has_current[1])
				strbuf_addc(out, ')');
		}
		strbuf_addc(out, '\n');
	}
	plan_view_free(&v);
	return DYAD_OK;
}

static enum dyad_error fill_context_load(struct store *store, int64_t session_id,
	struct fill_context *c, struct dyad_status *st)
{
	memset(c, 0, sizeof *c);
	struct session_rec s;
	enum dyad_error rc = sessions_get(store, session_id, &s, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = couples_get(store, s.couple_id, &c->couple, st)) != DYAD_OK)
		return rc;
	c->have_couple = true;
	if ((rc = sessions_list(store, s.couple_id, &c->sessions, st)) != DYAD_OK)
		return rc;
	for (size_t i = 0; i < c->sessions.len; i++)
		if (c->sessions.items[i].id == session_id)
			c->self = i;
	/* Newest first: the held session before this one comes after it. */
	for (size_t i = 0; i < c->sessions.len && c->previous == NULL; i++) {
		const struct session_rec *r = &c->sessions.items[i];
		if (r->id != session_id && strcmp(r->starts_at, s.starts_at) < 0 &&
			session_state_of(r) == SESSION_HELD)
			c->previous = r;
	}
	return DYAD_OK;
}

static void fill_context_free(struct fill_context *c)
{
	if (c->have_couple)
		couple_rec_free(&c->couple);
	session_list_free(&c->sessions);
}

/* The placeholder a line is, or -1. */
static int placeholder_of(const char *line, size_t n)
{
	static const char *const names[] = { "{couple}", "{date}", "{attendance}", "{last_plan}",
		"{checkins}", "{scores}", "{objectives}" };
	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\r'))
		n--;
	while (n > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strlen(names[i]) == n && memcmp(line, names[i], n) == 0)
			return i;
	return -1;
}

/* A line as written, with {couple} and {date} put in wherever they are. */
static void add_line(struct strbuf *out, const char *line, size_t n,
	const struct fill_context *c)
{
	char date[11];
	snprintf(date, sizeof date, "%.10s", c->sessions.items[c->self].starts_at);
	while (n > 0) {
		if (n >= 8 && memcmp(line, "{couple}", 8) == 0) {
			strbuf_adds(out, c->couple.name);
			line += 8;
			n -= 8;
		} else if (n >= 6 && memcmp(line, "{date}", 6) == 0) {
			strbuf_adds(out, date);
			line += 6;
			n -= 6;
		} else {
			strbuf_addc(out, *line++);
			n--;
		}
	}
	strbuf_addc(out, '\n');
}

enum dyad_error note_template_fill(struct store *store, int64_t session_id, const char *name,
	struct strbuf *out, bool *used, struct dyad_status *st)
{
	*used = false;
	char *setting = NULL;
	enum dyad_error rc;
	if (name == NULL) {
		if ((rc = settings_get(store, NOTE_TEMPLATE_SETTING, &setting, st)) != DYAD_OK)
			return rc;
		if (setting == NULL)
			return DYAD_OK;
		name = setting;
	}
	bool missing;
	char *text = name_ok(name) ? template_read(name, &missing, NULL, st) : NULL;
	if (text == NULL) {
		rc = name_ok(name) && !missing ? st->code
			: dyad_fail(st, DYAD_ERR_NOT_FOUND, "template: there is no note template called "
				"'%s' any more (see the notes.template setting)", name);
		free(setting);
		return rc;
	}
	struct fill_context c;
	if ((rc = fill_context_load(store, session_id, &c, st)) != DYAD_OK)
		goto done;
	bool top = true;
	for (const char *p = text; *p && rc == DYAD_OK;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *line = p;
		p += n + (nl ? 1 : 0);
		if (top && n > 0 && line[0] == '#')
			continue;
		top = false;
		int which = placeholder_of(line, n);
		switch (which) {
		case 2:
			add_attendance(out, &c);
			break;
		case 3:
			rc = add_last_plan(store, out, &c, st);
			break;
		case 4:
			rc = add_checkins(store, out, &c, st);
			break;
		case 5:
			rc = add_scores(store, out, &c, st);
			break;
		case 6:
			rc = add_objectives(store, out, &c, st);
			break;
		default:
			add_line(out, line, n, &c);
		}
		/* Each filled-in block stands apart from what follows. */
		if (which >= 2)
			strbuf_addc(out, '\n');
	}
	if (rc == DYAD_OK && out->failed)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	if (rc == DYAD_OK)
		*used = true;
	fill_context_free(&c);
done:
	free(text);
	free(setting);
	return rc;
}

enum dyad_error note_template_start(struct store *store, int64_t session_id,
	const char *body, const char *explicit_name, char **start, bool *prefilled,
	struct dyad_status *st)
{
	*start = NULL;
	*prefilled = false;
	bool blank = practice_note_is_blank(body, strlen(body));
	enum dyad_error rc;
	if (explicit_name != NULL && (rc = note_template_check("template", explicit_name, st)) !=
		DYAD_OK)
		return rc;
	if (explicit_name != NULL && !blank)
		return dyad_fail(st, DYAD_ERR_REFUSED, "template: session %" PRId64 "'s note already "
			"has text; a template only starts an empty note", session_id);
	struct strbuf out = STRBUF_INIT;
	bool used = false;
	if (blank && (rc = note_template_fill(store, session_id, explicit_name, &out, &used, st)) !=
		DYAD_OK) {
		strbuf_release(&out);
		return rc;
	}
	if (!used) {
		strbuf_release(&out);
		if ((*start = strdup(body)) == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		return DYAD_OK;
	}
	if ((*start = strbuf_detach(&out)) == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	*prefilled = true;
	return DYAD_OK;
}
