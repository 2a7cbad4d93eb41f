/* handout_text.c: the finished words of a handout, and its file name. */
#include "app/domain/handout_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/utf8.h"
#include "app/store/couples.h"
#include "app/store/homework.h"

static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday" };
static const char *const month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

/* 0 = Monday. 1970-01-01 was a Thursday. */
static int weekday(struct dyad_date d)
{
	int64_t days = date_to_days(d);
	int w = (int)(((days % 7) + 7 + 3) % 7);
	return w;
}

void date_format_long(struct dyad_date d, char *out, size_t size)
{
	if (d.month < 1 || d.month > 12) {
		snprintf(out, size, "?");
		return;
	}
	snprintf(out, size, "%s %d %s %d", weekday_names[weekday(d)], d.day,
		month_names[d.month - 1], d.year);
}

/* "Sat 28 Nov" */
static void date_format_short(struct dyad_date d, char *out, size_t size)
{
	snprintf(out, size, "%.3s %d %.3s", weekday_names[weekday(d)], d.day,
		month_names[d.month - 1]);
}

static bool slug_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
	/* Letters of other scripts are kept; punctuation, spaces and anything
	 * invisible there are not. */
	return !utf8_is_control(cp) && !utf8_is_bidi_control(cp) && cp != 0xA0 &&
		!(cp >= 0x2000 && cp <= 0x206F) && cp != 0x3000 && cp != 0xFEFF &&
		!(cp >= 0xFFF0 && cp <= 0xFFFF) && !(cp >= 0xD800 && cp <= 0xDFFF) &&
		!(cp >= 0xE000 && cp <= 0xF8FF) && cp != 0x00D7 && cp != 0x00F7 &&
		!(cp >= 0x00A1 && cp <= 0x00BF);
}

/* Appends s reduced to safe characters, at most max_bytes, runs of
 * anything else turned into one '-'. */
static void slug(struct strbuf *out, const char *s, size_t max_bytes)
{
	size_t start = out->len, n = strlen(s);
	bool dash = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (k > 0 && cp != 0xFFFD && slug_char(cp)) {
			if (out->len - start + k + (dash ? 1 : 0) > max_bytes)
				break;
			if (dash && out->len > start)
				strbuf_addc(out, '-');
			dash = false;
			strbuf_add(out, s + i, k);
		} else {
			dash = true;
		}
		i += k;
	}
	if (out->len == start)
		strbuf_adds(out, "handout");
}

char *handout_file_name(const char *couple, const char *exercise, const char *date)
{
	struct strbuf sb = STRBUF_INIT;
	slug(&sb, couple ? couple : "", 60);
	strbuf_addc(&sb, '_');
	slug(&sb, exercise ? exercise : "", 64);
	strbuf_addc(&sb, '_');
	slug(&sb, date ? date : "", 10);
	strbuf_adds(&sb, ".pdf");
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

char *handout_assignment_file_name(const char *couple, const char *exercise, const char *date,
	int64_t id)
{
	char *base = handout_file_name(couple, exercise, date);
	if (base == NULL)
		return NULL;
	size_t n = strlen(base) - 4; /* without ".pdf" */
	char *name = malloc(n + 32);
	if (name != NULL)
		snprintf(name, n + 32, "%.*s_%lld.pdf", (int)n, base, (long long)id);
	free(base);
	return name;
}

void handout_first_name(const char *name, char *out, size_t size)
{
	while (*name == ' ')
		name++;
	size_t n = strcspn(name, " ");
	if (name[n] == '\0' || n == 0 || n >= size)
		n = strlen(name);
	snprintf(out, size, "%.*s", (int)n, name);
}

static char *fill(const char *text, const struct template_values *v)
{
	struct strbuf sb = STRBUF_INIT;
	template_fill(&sb, text, v);
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static char *format(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static char *format(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static char *copy(const char *s)
{
	return strdup(s ? s : "");
}

static enum dyad_error setting(struct store *store, const char *key, char **out,
	struct dyad_status *st)
{
	enum dyad_error rc = settings_get(store, key, out, st);
	if (rc == DYAD_OK && *out == NULL && (*out = strdup("")) == NULL)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return rc;
}

/* The rows of a grid or tally span the assignment's own period: a day
 * each from the assignment date up to the due date (the session it is
 * brought back to) for a daily exercise, a week each for a weekly one,
 * one row for a single time. */
static bool tracking_rows(struct handout_text *h, enum homework_frequency f,
	struct dyad_date given, struct dyad_date due)
{
	int64_t start = date_to_days(given);
	int64_t days = date_to_days(due) - start;
	char label[64];
	if (f == HOMEWORK_DAILY) {
		h->row_unit = "day";
		if (days < 1)
			days = 1;
		if (days > HANDOUT_MAX_ROWS)
			days = HANDOUT_MAX_ROWS;
		for (int64_t i = 0; i < days; i++) {
			date_format_short(date_from_days(start + i), label, sizeof label);
			if ((h->rows[h->nrows++] = strdup(label)) == NULL)
				return false;
		}
	} else if (f == HOMEWORK_WEEKLY) {
		h->row_unit = "week";
		int64_t weeks = (days + 6) / 7;
		if (weeks < 1)
			weeks = 1;
		if (weeks > HANDOUT_MAX_ROWS)
			weeks = HANDOUT_MAX_ROWS;
		for (int64_t i = 0; i < weeks; i++) {
			struct dyad_date d = date_from_days(start + 7 * i);
			snprintf(label, sizeof label, "Week of %d %.3s", d.day, month_names[d.month - 1]);
			if ((h->rows[h->nrows++] = strdup(label)) == NULL)
				return false;
		}
	} else {
		h->row_unit = "time";
		if ((h->rows[h->nrows++] = strdup("Date: ________")) == NULL)
			return false;
	}
	return true;
}

/* Conflict work (flooding, the horsemen, startups, repair) can stir up
 * more than a couple can hold at home: those handouts say what to do when
 * someone is afraid. */
static bool conflict_related(const struct template *t)
{
	static const char *const keys[] = { "flooding", "horsemen", "startup", "repair" };
	for (size_t i = 0; i < t->nconcepts; i++) {
		size_t n = strcspn(t->concepts[i], ".");
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strlen(keys[k]) == n && strncmp(t->concepts[i], keys[k], n) == 0)
				return true;
	}
	return false;
}

enum dyad_error handout_text_build(struct store *store, const struct assignment_rec *a,
	const struct template *t, struct handout_text *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct couple_rec couple;
	char *contact = NULL, *crisis = NULL;
	enum dyad_error rc = couples_get(store, a->couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = setting(store, "practice.name", &out->practice, st)) != DYAD_OK ||
		(rc = setting(store, "practice.contact", &contact, st)) != DYAD_OK ||
		(rc = setting(store, "clinician.name", &out->clinician, st)) != DYAD_OK ||
		(rc = setting(store, "practice.crisis_line", &crisis, st)) != DYAD_OK)
		goto cleanup;
	out->footer = contact;
	contact = NULL;

	struct dyad_date given = { 1970, 1, 1 }, due = { 1970, 1, 1 };
	date_parse(a->assigned_on, &given);
	date_parse(a->due_on, &due);
	char given_long[48], due_long[48];
	date_format_long(given, given_long, sizeof given_long);
	date_format_long(due, due_long, sizeof due_long);
	enum homework_frequency f = HOMEWORK_DAILY;
	homework_frequency_parse(a->frequency, &f);

	/* The body speaks to the partners by first name; the full names are
	 * on the "For ..." line. Two people with the same first name keep
	 * their full names everywhere. */
	char first[2][200];
	for (int k = 0; k < 2; k++)
		handout_first_name(couple.partner[k].name, first[k], sizeof first[k]);
	if (strcmp(first[0], first[1]) == 0)
		for (int k = 0; k < 2; k++)
			snprintf(first[k], sizeof first[k], "%s", couple.partner[k].name);
	struct template_values v = {
		.partner_a = first[0],
		.partner_b = first[1],
		.couple = couple.name,
		.due = due_long,
		.note = a->note,
		.practice = out->practice,
		.contact = out->footer,
		.clinician = out->clinician,
		.frequency = f,
	};
	static const char *const how_often[] = { "Every day", "Once a week", "Once" };
	static const char *const period[] = { "until", "until", "by" };
	bool ok = (out->date = copy(given_long)) != NULL &&
		(out->title = copy(a->exercise_title)) != NULL &&
		(out->for_line = format("For %s and %s", couple.partner[0].name,
			 couple.partner[1].name)) != NULL &&
		(out->meta = format("%s \xC2\xB7 about %d minute%s \xC2\xB7 %s %s", how_often[f],
			 a->minutes, a->minutes == 1 ? "" : "s", period[f], due_long)) != NULL &&
		(out->note_heading = out->clinician[0]
				? format("A note from %s", out->clinician)
				: copy("A note from your therapist")) != NULL &&
		(out->introduction = fill(t->introduction, &v)) != NULL &&
		(out->steps_heading = copy("What to do")) != NULL &&
		(out->tracking_heading = copy("Keep track")) != NULL &&
		(out->closing = format("Please bring this sheet to your session on %s.", due_long)) !=
			NULL &&
		(out->file_name = handout_assignment_file_name(couple.name, a->exercise_id,
			 a->assigned_on, a->id)) != NULL;
	/* The note gets its own box unless the template already places it. */
	if (ok && a->note != NULL && !template_uses(t, "note"))
		ok = (out->note = copy(a->note)) != NULL;
	for (size_t i = 0; ok && i < t->nsteps; i++) {
		ok = (out->steps[i] = fill(t->steps[i], &v)) != NULL;
		out->nsteps += ok;
	}
	if (ok && t->list_heading != NULL)
		ok = (out->list_heading = fill(t->list_heading, &v)) != NULL;
	for (size_t i = 0; ok && i < t->nlist; i++) {
		ok = (out->list[i] = fill(t->list[i], &v)) != NULL;
		out->nlist += ok;
	}
	const struct template_tracking *tr = &t->tracking;
	out->kind = tr->kind;
	out->log_lines = tr->lines;
	if (ok && tr->hint != NULL)
		ok = (out->tracking_hint = fill(tr->hint, &v)) != NULL;
	for (size_t i = 0; ok && i < tr->ncolumns; i++) {
		ok = (out->columns[i] = copy(tr->columns[i])) != NULL;
		out->wide[i] = tr->wide[i];
		out->together[i] = tr->together[i];
		out->ncolumns += ok;
	}
	for (int k = 0; ok && k < 2; k++)
		ok = (out->partners[k] = copy(first[k])) != NULL;
	for (size_t i = 0; ok && i < tr->nfields; i++) {
		ok = (out->fields[i] = copy(tr->fields[i])) != NULL;
		out->nfields += ok;
	}
	if (ok && tr->nfields > 0)
		ok = (out->plan_heading = copy("Our plan, one column each")) != NULL;
	out->per_partner = tr->per_partner;
	for (int k = 0; ok && tr->per_partner && k < 2; k++)
		ok = (out->sheet_titles[k] = format("%s's sheet", first[k])) != NULL;
	if (ok && tr->per_partner)
		ok = (out->sheet_hint = format("Just for you. Write here on your own; you choose what "
			"you say out loud.")) != NULL;
	if (ok && conflict_related(t))
		ok = (out->safety_heading = copy("If anyone feels afraid")) != NULL &&
			(out->safety = crisis[0]
				? format("If either of you feels afraid, or an argument turns physical, stop. "
					"Go somewhere safe and call %s. Safety comes before any exercise.", crisis)
				: copy("If either of you feels afraid, or an argument turns physical, stop. "
					"Go somewhere safe and call your local emergency number. Safety comes "
					"before any exercise.")) != NULL;
	if (ok && out->safety != NULL && tr->nfields > 0)
		ok = (out->safety_prompt = copy("What we will do if either of us feels afraid, or it "
			"turns physical:")) != NULL;
	if (ok && tr->kind == TRACKING_TALLY)
		ok = (out->tally_label = fill(tr->label, &v)) != NULL &&
			(out->total_label = copy("Total")) != NULL;
	if (ok && tr->kind != TRACKING_LOG)
		ok = tracking_rows(out, f, given, due);
	if (!ok)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
cleanup:
	free(contact);
	free(crisis);
	couple_rec_free(&couple);
	if (rc != DYAD_OK)
		handout_text_free(out);
	return rc;
}

void handout_text_free(struct handout_text *h)
{
	if (h == NULL)
		return;
	char **strings[] = { &h->practice, &h->date, &h->title, &h->for_line, &h->meta,
		&h->note_heading, &h->note, &h->introduction, &h->steps_heading, &h->list_heading,
		&h->tracking_heading,
		&h->tracking_hint, &h->partners[0], &h->partners[1], &h->tally_label, &h->total_label,
		&h->closing, &h->footer, &h->clinician, &h->file_name, &h->plan_heading,
		&h->sheet_titles[0], &h->sheet_titles[1], &h->sheet_hint, &h->safety_heading,
		&h->safety, &h->safety_prompt };
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		free(*strings[i]);
	for (size_t i = 0; i < h->nsteps; i++)
		free(h->steps[i]);
	for (size_t i = 0; i < h->nlist; i++)
		free(h->list[i]);
	for (size_t i = 0; i < h->ncolumns; i++)
		free(h->columns[i]);
	for (size_t i = 0; i < h->nrows; i++)
		free(h->rows[i]);
	for (size_t i = 0; i < h->nfields; i++)
		free(h->fields[i]);
	memset(h, 0, sizeof *h);
}

void handout_text_plain(const struct handout_text *h, struct strbuf *out)
{
	if (h->practice[0])
		strbuf_addf(out, "%s\n", h->practice);
	strbuf_addf(out, "%s\n\n%s\n%s\n%s\n\n", h->date, h->title, h->for_line, h->meta);
	if (h->note != NULL)
		strbuf_addf(out, "%s:\n%s\n\n", h->note_heading, h->note);
	strbuf_addf(out, "%s\n\n%s\n", h->introduction, h->steps_heading);
	for (size_t i = 0; i < h->nsteps; i++)
		strbuf_addf(out, "%2zu. %s\n", i + 1, h->steps[i]);
	if (h->list_heading != NULL) {
		strbuf_addf(out, "\n%s\n", h->list_heading);
		for (size_t i = 0; i < h->nlist; i++)
			strbuf_addf(out, "  - %s\n", h->list[i]);
	}
	if (h->nfields > 0) {
		strbuf_addf(out, "\n%s (%s | %s)\n", h->plan_heading, h->partners[0], h->partners[1]);
		for (size_t i = 0; i < h->nfields; i++)
			strbuf_addf(out, "  %s: ____\n", h->fields[i]);
	}
	if (h->safety != NULL) {
		strbuf_addf(out, "\n%s\n%s\n", h->safety_heading, h->safety);
		if (h->safety_prompt != NULL)
			strbuf_addf(out, "%s ____\n", h->safety_prompt);
	}
	strbuf_addf(out, "\n%s\n", h->tracking_heading);
	if (h->tracking_hint)
		strbuf_addf(out, "%s\n", h->tracking_hint);
	switch (h->kind) {
	case TRACKING_GRID:
		strbuf_addf(out, "%zu row%s, one for each %s, with a box for %s and one for %s "
			"(one together where marked) under:", h->nrows, h->nrows == 1 ? "" : "s",
			h->row_unit, h->partners[0], h->partners[1]);
		for (size_t i = 0; i < h->ncolumns; i++)
			strbuf_addf(out, "%s %s%s", i ? " |" : "", h->columns[i],
				h->together[i] ? " (together)" : "");
		strbuf_addc(out, '\n');
		break;
	case TRACKING_TALLY:
		strbuf_addf(out, "%s: a space for tally marks for %s and for %s, %zu row%s (one for "
			"each %s), and a total.\n", h->tally_label, h->partners[0], h->partners[1],
			h->nrows, h->nrows == 1 ? "" : "s", h->row_unit);
		break;
	case TRACKING_LOG:
		if (h->per_partner)
			strbuf_addf(out, "A sheet each (%s, %s), ", h->sheet_titles[0], h->sheet_titles[1]);
		strbuf_addf(out, "%d lines under:", h->log_lines);
		for (size_t i = 0; i < h->ncolumns; i++)
			strbuf_addf(out, "%s %s", i ? " |" : "", h->columns[i]);
		strbuf_addc(out, '\n');
		break;
	}
	strbuf_addf(out, "\n%s\n", h->closing);
	if (h->footer[0])
		strbuf_addf(out, "\n%s\n", h->footer);
}
