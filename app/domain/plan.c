/* plan.c: reading and writing treatment plans, and the status each
 * measurable objective earns from the record. */
#include "app/domain/plan.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/core/date.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"

const char *objective_status_name(enum objective_status s)
{
	switch (s) {
	case OBJECTIVE_MET: return "met";
	case OBJECTIVE_PROGRESSING: return "progressing";
	case OBJECTIVE_NOT_YET: return "not yet";
	case OBJECTIVE_NO_DATA: return "no data";
	case OBJECTIVE_UNMEASURED: break;
	}
	return "not measured";
}

void plan_number(struct strbuf *out, double v)
{
	char buf[48];
	snprintf(buf, sizeof buf, "%.2f", v);
	char *dot = strchr(buf, '.');
	if (dot != NULL) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
	}
	strbuf_adds(out, strcmp(buf, "-0") == 0 ? "0" : buf);
}

void plan_objective_target(const struct plan_objective *o, struct strbuf *out)
{
	if (!o->measurable || !o->readable)
		return;
	strbuf_addf(out, "%s %s ", o->key, o->op);
	plan_number(out, o->threshold);
	if (o->sessions > 1)
		strbuf_addf(out, " for %d sessions", o->sessions);
	static const char *const who[] = { ", both partners", ", partner A", ", partner B", "" };
	strbuf_adds(out, who[o->who]);
}

/* The next word of *p (spaces skipped) into word; false at the end. */
static bool next_word(const char **p, char *word, size_t size)
{
	const char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return false;
	size_t n = 0;
	while (*s && *s != ' ' && *s != '\t') {
		if (n + 1 < size)
			word[n++] = *s;
		s++;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

static bool word_is(const char *word, const char *want)
{
	size_t n = strlen(want);
	if (strlen(word) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)word[i]) != want[i])
			return false;
	return true;
}

static const char *const operators[] = { "<=", ">=", "<", ">", "=", NULL };

/* Whether v meets "op threshold". */
static bool meets(const char *op, double v, double threshold)
{
	/* Scores are typed with at most a few decimals; this keeps 13.5 >= 13.5. */
	const double eps = 1e-9;
	if (strcmp(op, "<=") == 0) return v <= threshold + eps;
	if (strcmp(op, ">=") == 0) return v >= threshold - eps;
	if (strcmp(op, "<") == 0) return v < threshold - eps;
	if (strcmp(op, ">") == 0) return v > threshold + eps;
	return fabs(v - threshold) <= eps;
}

bool plan_objective_parse(const char *line, const struct concept_list *concepts,
	const struct measure_list *measures, struct plan_objective *out, char *why,
	size_t why_size)
{
	char word[128], q[200];
	memset(out, 0, sizeof *out);
	out->sessions = 1;
	out->who = PLAN_WHO_BOTH;
	if (strpbrk(line, "<>=") == NULL)
		return true;
	out->measurable = true;
	const char *p = line;
	if (!next_word(&p, word, sizeof word) || strpbrk(word, "<>=") != NULL) {
		snprintf(why, why_size, "a measurable objective starts with a concept or a measure, "
			"then a space, e.g. 'horsemen.contempt <= 1'");
		return false;
	}
	const struct concept_rec *c = NULL;
	const struct measure_rec *m = NULL;
	for (size_t i = 0; concepts && i < concepts->len && c == NULL; i++)
		if (strcmp(concepts->items[i].key, word) == 0)
			c = &concepts->items[i];
	for (size_t i = 0; measures && i < measures->len && c == NULL && m == NULL; i++)
		if (strcmp(measures->items[i].key, word) == 0)
			m = &measures->items[i];
	if (c == NULL && m == NULL) {
		snprintf(why, why_size, "'%s' is neither a concept nor a measure "
			"(dyad concepts and dyad measures list them)", validate_quote(word, q, sizeof q));
		return false;
	}
	size_t key_len = strlen(word) < sizeof out->key ? strlen(word) : sizeof out->key - 1;
	memcpy(out->key, word, key_len);
	out->key[key_len] = '\0';
	out->is_measure = m != NULL;
	out->scale_min = m ? m->scale_min : c->scale_min;
	out->scale_max = m ? m->scale_max : c->scale_max;
	bool couple_level = c != NULL && c->couple_level;
	if (couple_level)
		out->who = PLAN_WHO_COUPLE;
	if (!next_word(&p, word, sizeof word)) {
		snprintf(why, why_size, "after '%s' comes a comparison: <=, >=, <, > or =", out->key);
		return false;
	}
	const char *op = NULL;
	for (int i = 0; operators[i] && op == NULL; i++)
		if (strcmp(word, operators[i]) == 0)
			op = operators[i];
	if (op == NULL) {
		snprintf(why, why_size, "'%s' is not a comparison; use <=, >=, <, > or =, with a "
			"space on each side", validate_quote(word, q, sizeof q));
		return false;
	}
	snprintf(out->op, sizeof out->op, "%s", op);
	if (!next_word(&p, word, sizeof word) || !parse_number(word, &out->threshold)) {
		snprintf(why, why_size, "after '%s' comes a number, e.g. '%s %s 1'", op, out->key, op);
		return false;
	}
	if (out->threshold < out->scale_min || out->threshold > out->scale_max) {
		struct strbuf sb = STRBUF_INIT;
		plan_number(&sb, out->threshold);
		strbuf_adds(&sb, " is off the scale of ");
		strbuf_adds(&sb, out->key);
		strbuf_adds(&sb, " (");
		plan_number(&sb, out->scale_min);
		strbuf_adds(&sb, "..");
		plan_number(&sb, out->scale_max);
		strbuf_adds(&sb, ")");
		snprintf(why, why_size, "%s", sb.failed ? "the number is off the scale" : strbuf_str(&sb));
		strbuf_release(&sb);
		return false;
	}
	if ((strcmp(op, "<") == 0 && out->threshold <= out->scale_min) ||
		(strcmp(op, ">") == 0 && out->threshold >= out->scale_max)) {
		snprintf(why, why_size, "'%s %s' can never be met on this scale", op, word);
		return false;
	}
	bool said_sessions = false, said_who = false;
	while (next_word(&p, word, sizeof word)) {
		if (word_is(word, "for") && !said_sessions) {
			long long n;
			if (!next_word(&p, word, sizeof word) ||
				!parse_int(word, 1, PLAN_OBJECTIVE_MAX_SESSIONS, &n)) {
				snprintf(why, why_size, "'for' takes a number of sessions from 1 to %d, "
					"e.g. 'for 3 sessions'", PLAN_OBJECTIVE_MAX_SESSIONS);
				return false;
			}
			if (!next_word(&p, word, sizeof word) ||
				!(word_is(word, "sessions") || word_is(word, "session"))) {
				snprintf(why, why_size, "'for %lld' needs the word 'sessions' after it", n);
				return false;
			}
			out->sessions = (int)n;
			said_sessions = true;
		} else if ((word_is(word, "both") || word_is(word, "partner")) && !said_who) {
			bool both = word_is(word, "both");
			if (couple_level) {
				snprintf(why, why_size, "'%s' is rated for the couple as a whole; leave out "
					"the partners", out->key);
				return false;
			}
			if (!next_word(&p, word, sizeof word) ||
				!(both ? word_is(word, "partners") : (word_is(word, "a") || word_is(word, "b")))) {
				snprintf(why, why_size, both ? "write 'both partners'"
					: "write 'partner a' or 'partner b'");
				return false;
			}
			out->who = both ? PLAN_WHO_BOTH : word_is(word, "a") ? PLAN_WHO_A : PLAN_WHO_B;
			said_who = true;
		} else {
			snprintf(why, why_size, "'%s' is not understood after the number; what may follow "
				"is 'for N sessions' and 'both partners', 'partner a' or 'partner b'",
				validate_quote(word, q, sizeof q));
			return false;
		}
	}
	out->readable = true;
	return true;
}

/* The series of t the objective names, or NULL. */
static const struct trend_series *series_for(const struct plan_objective *o,
	const struct couple_trends *t)
{
	const struct trend_series *list = o->is_measure ? t->measures : t->concepts;
	size_t n = o->is_measure ? t->measures_len : t->concepts_len;
	for (size_t i = 0; i < n; i++)
		if (list[i].key != NULL && strcmp(list[i].key, o->key) == 0)
			return &list[i];
	return NULL;
}

void plan_objective_evaluate(struct plan_objective *o, const struct couple_trends *t)
{
	o->has_current[0] = o->has_current[1] = false;
	if (!o->measurable) {
		o->status = OBJECTIVE_UNMEASURED;
		return;
	}
	o->status = OBJECTIVE_NO_DATA;
	const struct trend_series *s = o->readable ? series_for(o, t) : NULL;
	if (s == NULL)
		return;
	int partners[2], np = 0;
	if (o->who == PLAN_WHO_BOTH) {
		partners[np++] = 0;
		partners[np++] = 1;
	} else {
		partners[np++] = o->who == PLAN_WHO_B ? 1 : 0;
	}
	/* Held sessions only, oldest first; the values of those that count. */
	size_t held_seen = 0;
	size_t counting = 0, recent_counting = 0;
	size_t *at = malloc((t->sessions_len ? t->sessions_len : 1) * sizeof *at);
	if (at == NULL)
		return;
	for (size_t k = t->sessions_len; k-- > 0;) {
		if (session_state_of(&t->sessions[k]) != SESSION_HELD)
			continue;
		held_seen++;
		bool all = true;
		for (int i = 0; i < np; i++)
			all = all && trend_cell_at(s, k, partners[i])->present;
		if (!all)
			continue;
		at[counting++] = k; /* newest first */
		if (held_seen <= PLAN_RECENT_SESSIONS)
			recent_counting++;
	}
	if (recent_counting == 0) {
		free(at);
		return;
	}
	for (int i = 0; i < np; i++) {
		int p = partners[i];
		o->has_current[p] = true;
		o->current[p] = trend_cell_at(s, at[0], p)->value;
	}
	bool met = counting >= (size_t)o->sessions;
	for (size_t j = 0; met && j < (size_t)o->sessions; j++)
		for (int i = 0; i < np; i++)
			met = met && meets(o->op, trend_cell_at(s, at[j], partners[i])->value, o->threshold);
	if (met) {
		o->status = OBJECTIVE_MET;
		free(at);
		return;
	}
	bool moving = true;
	for (int i = 0; i < np && moving; i++) {
		int p = partners[i];
		double latest = trend_cell_at(s, at[0], p)->value;
		if (meets(o->op, latest, o->threshold))
			continue;
		size_t window = counting < PLAN_RECENT_SESSIONS ? counting : PLAN_RECENT_SESSIONS;
		double earliest = trend_cell_at(s, at[window - 1], p)->value;
		moving = window >= 2 &&
			fabs(latest - o->threshold) < fabs(earliest - o->threshold) - 1e-9;
	}
	o->status = moving ? OBJECTIVE_PROGRESSING : OBJECTIVE_NOT_YET;
	free(at);
}

/* --- the plan as text -------------------------------------------------------------- */

enum { PART_PROBLEMS, PART_GOALS, PART_OBJECTIVES, PART_INTERVENTIONS, PART_COUNT };
static const char *const part_heading[PART_COUNT] = { "Problems", "Goals", "Objectives",
	"Interventions" };

static char **part_of(struct plan_fields *f, int part)
{
	switch (part) {
	case PART_PROBLEMS: return &f->problems;
	case PART_GOALS: return &f->goals;
	case PART_OBJECTIVES: return &f->objectives;
	default: return &f->interventions;
	}
}

/* If s (a whole line, trimmed) is "Heading:" or "Heading: text", the
 * heading's index and where its text starts; -1 otherwise. */
static int heading_of(const char *s, const char **rest)
{
	for (int i = 0; i < PART_COUNT; i++) {
		size_t n = strlen(part_heading[i]);
		if (strncasecmp(s, part_heading[i], n) == 0 && s[n] == ':') {
			*rest = s + n + 1;
			while (**rest == ' ' || **rest == '\t')
				(*rest)++;
			return i;
		}
	}
	return -1;
}

static bool review_line(const char *s, const char **rest)
{
	static const char *const forms[] = { "Review date:", "Review:", NULL };
	for (int i = 0; forms[i]; i++) {
		size_t n = strlen(forms[i]);
		if (strncasecmp(s, forms[i], n) == 0) {
			*rest = s + n;
			while (**rest == ' ' || **rest == '\t')
				(*rest)++;
			return true;
		}
	}
	return false;
}

/* A bullet at the start of an item: "- ", "* ", "1. ", "1) ". */
static const char *skip_bullet(const char *s)
{
	if ((s[0] == '-' || s[0] == '*') && (s[1] == ' ' || s[1] == '\t' || s[1] == '\0'))
		s += 1;
	else if (isdigit((unsigned char)s[0])) {
		const char *d = s;
		while (isdigit((unsigned char)*d))
			d++;
		if ((*d == '.' || *d == ')') && (d[1] == ' ' || d[1] == '\t' || d[1] == '\0'))
			s = d + 1;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Trailing blank lines and spaces off sb. */
static void trim_end(struct strbuf *sb)
{
	while (sb->len > 0 && (sb->data[sb->len - 1] == '\n' || sb->data[sb->len - 1] == ' ' ||
		sb->data[sb->len - 1] == '\t'))
		sb->data[--sb->len] = '\0';
}

enum dyad_error plan_text_parse(const char *text, size_t len,
	const struct concept_list *concepts, const struct measure_list *measures,
	struct plan_fields *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	enum dyad_error rc = validate_text("plan", text, len, 4 * PLAN_SECTION_MAX_BYTES, st);
	if (rc != DYAD_OK)
		return rc;
	struct strbuf part[PART_COUNT] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
	bool seen[PART_COUNT] = { false }, seen_review = false;
	int current = -1, objectives = 0;
	char why[300], q[200];
	size_t pos = 0;
	int line_no = 0;
	char *line = NULL;
	while (pos < len && rc == DYAD_OK) {
		line_no++;
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		free(line);
		if ((line = malloc(n + 1)) == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			break;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + (nl ? 1 : 0);
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
			line[--n] = '\0';
		const char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#')
			continue;
		const char *rest;
		int h = heading_of(s, &rest);
		if (h >= 0) {
			if (seen[h]) {
				rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: line %d: the heading %s: comes "
					"twice; write everything for it under the first", line_no, part_heading[h]);
				break;
			}
			seen[h] = true;
			current = h;
			if (*rest == '\0')
				continue;
			s = rest;
		} else if (review_line(s, &rest)) {
			struct dyad_date d;
			if (seen_review) {
				rc = dyad_fail(st, DYAD_ERR_INVALID,
					"plan: line %d: the review date is given twice", line_no);
				break;
			}
			seen_review = true;
			if (*rest != '\0' && !date_parse(rest, &d)) {
				rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: line %d: '%s' is not a real date "
					"in the form YYYY-MM-DD (or leave the review date empty)", line_no,
					validate_quote(rest, q, sizeof q));
				break;
			}
			if (*rest != '\0')
				date_format(d, out->review_on);
			continue;
		}
		if (*s == '\0') {
			if (current >= 0 && current != PART_OBJECTIVES && part[current].len > 0)
				strbuf_addc(&part[current], '\n');
			continue;
		}
		if (current < 0) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: line %d: '%s' comes before any "
				"heading; write it under Problems:, Goals:, Objectives: or Interventions:",
				line_no, validate_quote(s, q, sizeof q));
			break;
		}
		if (current == PART_OBJECTIVES) {
			const char *item = skip_bullet(s);
			if (*item == '\0')
				continue;
			struct plan_objective o;
			if (!plan_objective_parse(item, concepts, measures, &o, why, sizeof why)) {
				rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: line %d: %s", line_no, why);
				break;
			}
			if (++objectives > PLAN_MAX_OBJECTIVES) {
				rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: line %d: a plan holds at most %d "
					"objectives", line_no, PLAN_MAX_OBJECTIVES);
				break;
			}
			strbuf_adds(&part[current], item);
			strbuf_addc(&part[current], '\n');
			continue;
		}
		/* Bullets standing alone (the template's empty ones) hold nothing. */
		if (*skip_bullet(s) == '\0')
			continue;
		strbuf_adds(&part[current], line);
		strbuf_addc(&part[current], '\n');
	}
	free(line);
	for (int i = 0; i < PART_COUNT && rc == DYAD_OK; i++) {
		trim_end(&part[i]);
		if (part[i].failed) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		} else if (part[i].len > PLAN_SECTION_MAX_BYTES) {
			rc = dyad_fail(st, DYAD_ERR_INVALID, "plan: %s: longer than %d bytes",
				part_heading[i], PLAN_SECTION_MAX_BYTES);
		} else {
			char *copy = strdup(part[i].len ? strbuf_str(&part[i]) : "");
			if (copy == NULL)
				rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			*part_of(out, i) = copy;
		}
	}
	for (int i = 0; i < PART_COUNT; i++)
		strbuf_release(&part[i]);
	if (rc != DYAD_OK) {
		plan_fields_free(out);
		memset(out, 0, sizeof *out);
	}
	return rc;
}

static void add_part(struct strbuf *out, const char *heading, const char *text, bool bullets)
{
	strbuf_addf(out, "\n%s:\n", heading);
	if (text == NULL || text[0] == '\0') {
		strbuf_adds(out, "- \n");
		return;
	}
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (bullets)
			strbuf_adds(out, "- ");
		strbuf_add(out, p, n);
		strbuf_addc(out, '\n');
		p += n + (nl ? 1 : 0);
	}
}

bool plan_text_render(const struct plan_fields *f, const char *couple_name, int version,
	bool signed_before, struct strbuf *out)
{
	strbuf_addf(out, "# Treatment plan for %s, version %d%s.\n", couple_name, version,
		signed_before ? " (a new draft: the signed version before it stays as it was)" : "");
	strbuf_adds(out,
		"# Lines starting with # are guidance and are not saved. Write under each\n"
		"# heading; a line that is just \"-\" is left out.\n"
		"#\n"
		"# Objectives go one to a line. To have dyad follow one from the sessions,\n"
		"# name a concept or a measure, a comparison and a number:\n"
		"#   horsemen.contempt <= 1 for 3 sessions\n"
		"#   csi4 >= 13.5 both partners\n"
		"#   safety >= 7 partner b\n"
		"# (dyad concepts and dyad measures list the names.) A line without\n"
		"# < > or = is kept just as you wrote it.\n\n");
	char review[11] = "";
	if (f != NULL) {
		snprintf(review, sizeof review, "%s", f->review_on);
	} else {
		struct dyad_date d = date_from_days(date_to_days(date_today()) + PLAN_REVIEW_DAYS);
		date_format(d, review);
	}
	strbuf_addf(out, "Review date: %s\n", review);
	add_part(out, "Problems", f ? f->problems : NULL, false);
	add_part(out, "Goals", f ? f->goals : NULL, false);
	add_part(out, "Objectives", f ? f->objectives : NULL, true);
	add_part(out, "Interventions", f ? f->interventions : NULL, false);
	return !out->failed;
}

bool plan_fields_empty(const struct plan_fields *f)
{
	const char *parts[4] = { f->problems, f->goals, f->objectives, f->interventions };
	for (int i = 0; i < 4; i++)
		if (parts[i] != NULL && parts[i][strspn(parts[i], " \t\r\n")] != '\0')
			return false;
	return true;
}

/* --- loading and saving ------------------------------------------------------------ */

void plan_objectives_free(struct plan_objective *items, size_t len)
{
	for (size_t i = 0; items != NULL && i < len; i++)
		free(items[i].text);
	free(items);
}

enum dyad_error plan_objectives_read(const struct plan_fields *f,
	const struct concept_list *concepts, const struct measure_list *measures,
	struct plan_objective **out, size_t *len, struct dyad_status *st)
{
	*out = NULL;
	*len = 0;
	size_t cap = 0;
	const char *p = f->objectives ? f->objectives : "";
	char why[300];
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *text = strndup(p, n);
		p += n + (nl ? 1 : 0);
		if (text == NULL)
			goto nomem;
		if (text[strspn(text, " \t")] == '\0') {
			free(text);
			continue;
		}
		if (*len == cap) {
			cap = cap ? cap * 2 : 8;
			struct plan_objective *more = realloc(*out, cap * sizeof *more);
			if (more == NULL) {
				free(text);
				goto nomem;
			}
			*out = more;
		}
		struct plan_objective *o = &(*out)[*len];
		if (!plan_objective_parse(text, concepts, measures, o, why, sizeof why)) {
			/* Signed when the catalogue said otherwise: kept, with no status. */
			memset(o, 0, sizeof *o);
			o->measurable = true;
			o->readable = false;
		}
		o->text = text;
		o->number = (int)++*len;
	}
	return DYAD_OK;
nomem:
	plan_objectives_free(*out, *len);
	*out = NULL;
	*len = 0;
	return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
}

void plan_view_free(struct plan_view *v)
{
	if (v == NULL)
		return;
	plan_rec_free(&v->plan);
	plan_objectives_free(v->objectives, v->objectives_len);
	objective_link_list_free(&v->links);
	memset(v, 0, sizeof *v);
}

enum dyad_error plan_view_load(struct store *store, int64_t couple_id, struct plan_view *out,
	struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct concept_list concepts = { NULL, 0 };
	struct measure_list measures = { NULL, 0 };
	struct couple_trends trends;
	bool have_trends = false;
	struct plan_list history = { NULL, 0 };
	enum dyad_error rc = store_read_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = plans_latest(store, couple_id, &out->plan, &out->found, st)) != DYAD_OK ||
		!out->found)
		goto done;
	if ((rc = plans_history(store, couple_id, &history, st)) != DYAD_OK)
		goto done;
	for (size_t i = 0; i < history.len; i++)
		if (strcmp(history.items[i].status, "signed") == 0) {
			out->last_signed_version = history.items[i].version;
			snprintf(out->last_signed_at, sizeof out->last_signed_at, "%s",
				history.items[i].signed_at);
			break;
		}
	if ((rc = concepts_list(store, &concepts, st)) != DYAD_OK ||
		(rc = measures_list(store, &measures, st)) != DYAD_OK ||
		(rc = plan_objectives_read(&out->plan.f, &concepts, &measures, &out->objectives,
			 &out->objectives_len, st)) != DYAD_OK ||
		(rc = plans_objective_links(store, couple_id, &out->links, st)) != DYAD_OK)
		goto done;
	if ((rc = trends_load(store, couple_id, &trends, st)) != DYAD_OK)
		goto done;
	have_trends = true;
	for (size_t i = 0; i < out->objectives_len; i++)
		plan_objective_evaluate(&out->objectives[i], &trends);
done:
	store_read_end(store);
	if (have_trends)
		couple_trends_free(&trends);
	plan_list_free(&history);
	concept_list_free(&concepts);
	measure_list_free(&measures);
	if (rc != DYAD_OK)
		plan_view_free(out);
	return rc;
}

/* Whether two objective lines say the same, spaces at the ends aside. */
static bool same_objective(const char *a, const char *b)
{
	a += strspn(a, " \t");
	b += strspn(b, " \t");
	size_t na = strlen(a), nb = strlen(b);
	while (na > 0 && (a[na - 1] == ' ' || a[na - 1] == '\t'))
		na--;
	while (nb > 0 && (b[nb - 1] == ' ' || b[nb - 1] == '\t'))
		nb--;
	return na == nb && memcmp(a, b, na) == 0;
}

/* to[k] for old objective k+1: the new objective saying the same (each
 * taken once, first come first served); else, when the new plan has an
 * objective at the same place that nothing else claimed, that one (the
 * clinician reworded it in place); else 0, gone. */
static void relink_map(const struct plan_objective *old, size_t nold,
	const struct plan_objective *now, size_t nnow, int *to, bool *taken)
{
	for (size_t j = 0; j < nnow; j++)
		taken[j] = false;
	for (size_t k = 0; k < nold; k++) {
		to[k] = 0;
		for (size_t j = 0; j < nnow; j++)
			if (!taken[j] && same_objective(old[k].text, now[j].text)) {
				to[k] = (int)j + 1;
				taken[j] = true;
				break;
			}
	}
	for (size_t k = 0; k < nold; k++)
		if (to[k] == 0 && k < nnow && !taken[k]) {
			to[k] = (int)k + 1;
			taken[k] = true;
		}
}

enum dyad_error plan_save_text(struct store *store, int64_t couple_id, const char *text,
	size_t len, const struct plan_rec *expected, struct plan_save_result *res,
	struct dyad_status *st)
{
	memset(res, 0, sizeof *res);
	struct concept_list concepts = { NULL, 0 };
	struct measure_list measures = { NULL, 0 };
	struct plan_fields f = { 0 };
	struct plan_rec read = { 0 };
	struct plan_objective *old = NULL, *now = NULL;
	size_t nold = 0, nnow = 0;
	int *to = NULL;
	bool *taken = NULL;
	enum dyad_error rc;
	if ((rc = concepts_list(store, &concepts, st)) != DYAD_OK ||
		(rc = measures_list(store, &measures, st)) != DYAD_OK ||
		(rc = plan_text_parse(text, len, &concepts, &measures, &f, st)) != DYAD_OK)
		goto done;
	if (plan_fields_empty(&f))
		goto done;
	/* The links move from the plan as it was read; the save refuses to go
	 * ahead if that is no longer the newest, so they can never move by a
	 * plan nobody saw. */
	if (expected == NULL) {
		bool found;
		if ((rc = plans_latest(store, couple_id, &read, &found, st)) != DYAD_OK)
			goto done;
		expected = &read;
	}
	if ((rc = plan_objectives_read(&expected->f, &concepts, &measures, &old, &nold, st)) !=
			DYAD_OK ||
		(rc = plan_objectives_read(&f, &concepts, &measures, &now, &nnow, st)) != DYAD_OK)
		goto done;
	to = calloc(nold ? nold : 1, sizeof *to);
	taken = calloc(nnow ? nnow : 1, sizeof *taken);
	if (to == NULL || taken == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	relink_map(old, nold, now, nnow, to, taken);
	struct plan_relink relink = { to, nold, 0, 0 };
	if ((rc = plans_save(store, couple_id, &f, expected, &relink, &res->version,
		     &res->started, st)) == DYAD_OK) {
		res->saved = true;
		res->links_moved = relink.moved;
		res->links_removed = relink.unlinked;
	}
done:
	free(to);
	free(taken);
	plan_objectives_free(old, nold);
	plan_objectives_free(now, nnow);
	plan_rec_free(&read);
	plan_fields_free(&f);
	concept_list_free(&concepts);
	measure_list_free(&measures);
	return rc;
}

enum dyad_error plan_objective_check(struct store *store, int64_t couple_id,
	long long objective, struct dyad_status *st)
{
	if (objective == 0)
		return DYAD_OK;
	struct plan_rec plan;
	bool found;
	enum dyad_error rc = plans_latest(store, couple_id, &plan, &found, st);
	if (rc != DYAD_OK)
		return rc;
	long long count = 0;
	for (const char *p = found ? plan.f.objectives : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (strspn(p, " \t") < n)
			count++;
		p += n + (nl ? 1 : 0);
	}
	plan_rec_free(&plan);
	if (!found)
		return dyad_fail(st, DYAD_ERR_REFUSED, "objective: the couple has no treatment plan "
			"yet; write one with `dyad plan %lld` first", (long long)couple_id);
	if (objective < 1 || objective > count)
		return dyad_fail(st, DYAD_ERR_REFUSED, count == 0
			? "objective: the couple's plan has no objectives yet"
			: "objective: the couple's plan has objectives 1 to %lld; there is no %lld",
			count, objective);
	return DYAD_OK;
}

enum dyad_error plan_link_homework(struct store *store, int64_t assignment_id,
	long long objective, struct dyad_status *st)
{
	struct assignment_rec a;
	enum dyad_error rc = assignments_get(store, assignment_id, &a, st);
	if (rc != DYAD_OK)
		return rc;
	int64_t couple_id = a.couple_id;
	assignment_rec_free(&a);
	if ((rc = plan_objective_check(store, couple_id, objective, st)) != DYAD_OK)
		return rc;
	return plans_link_objective(store, assignment_id, (int)objective, st);
}
