/* record_file.c: a couple's whole record, from the store to a signed PDF. */
#include "app/output/record_file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/core/strbuf.h"
#include "app/core/strpool.h"
#include "app/core/utf8.h"
#include "app/domain/intake.h"
#include "app/domain/paper.h"
#include "app/domain/session_state.h"
#include "app/output/handout_file.h"
#include "app/store/addenda.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/intake.h"
#include "app/store/maintenance.h"
#include "app/store/measures.h"
#include "app/store/plans.h"
#include "app/store/sessions.h"
#include "app/store/signatures.h"
#include "reports/record.h"

/* The PDF's size is bounded only by the record; this is a sanity limit on
 * reading back what libharu wrote. */
#define RECORD_MAX_PDF_BYTES ((size_t)1024 * 1024 * 1024)

/* Everything the record's items point into. */
struct record_data {
	struct record_item *items;
	size_t nitems, items_cap;
	struct strpool strings;
	bool failed;            /* out of memory somewhere: the items are incomplete */
};

/* A formatted string kept until record_data_free; NULL when out of memory,
 * which d->strings.failed remembers. */
#define keepf(d, ...) strpool_keepf(&(d)->strings, __VA_ARGS__)

/* Adds an item; label and text must outlive d (literals, kept strings or
 * the gathered records). */
static void add(struct record_data *d, enum record_item_kind kind, const char *label,
	const char *text)
{
	if (d->failed || d->strings.failed)
		return;
	if (d->nitems == d->items_cap) {
		size_t ncap = d->items_cap ? d->items_cap * 2 : 128;
		struct record_item *q = realloc(d->items, ncap * sizeof *q);
		if (q == NULL) {
			d->failed = true;
			return;
		}
		d->items = q;
		d->items_cap = ncap;
	}
	d->items[d->nitems++] = (struct record_item){ kind, label, text };
}

static void field(struct record_data *d, const char *label, const char *value)
{
	add(d, RECORD_FIELD, label, value);
}

/* A field of free text: beside its label when it is one line, under it
 * when it has lines of its own (a field's value is drawn as one line). */
static void text_field(struct record_data *d, const char *label, const char *text)
{
	if (text == NULL || text[0] == '\0') {
		field(d, label, "(not written)");
	} else if (strchr(text, '\n') == NULL) {
		field(d, label, text);
	} else {
		field(d, label, "");
		add(d, RECORD_TEXT, NULL, text);
	}
}

static void record_data_free(struct record_data *d)
{
	strpool_free(&d->strings);
	free(d->items);
}

/* "2026-10-02 at 10:00" from "2026-10-02T10:00". */
static const char *when_text(struct record_data *d, const char *starts_at)
{
	return keepf(d, "%.10s at %.5s", starts_at, strlen(starts_at) > 11 ? starts_at + 11 : "");
}

/* "2026-10-05 10:15 UTC" from "2026-10-05T10:15:00Z". */
static const char *utc_text(struct record_data *d, const char *at)
{
	if (at == NULL || strlen(at) < 16)
		return at != NULL ? at : "";
	return keepf(d, "%.10s %.5s UTC", at, at + 11);
}

/* A score as people write it: "13.5", "19" (never "19.0"). */
static void number_text(double v, char *out, size_t size)
{
	snprintf(out, size, "%.1f", v);
	size_t n = strlen(out);
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
	if (strcmp(out, "-0") == 0)
		snprintf(out, size, "0");
}

/* Everything gathered from the store, freed at the end. */
struct gathered {
	struct couple_rec couple;
	bool have_couple;
	struct intake_rec intake;
	bool have_intake;
	struct session_list sessions;     /* newest first, as listed */
	struct concept_list concepts;
	struct measure_list measures;
	struct history_list scores;
	struct assignment_list homework;
	struct plan_list plans;
	struct screening_list screenings;
	char *practice, *clinician;
	char *marked[2];    /* a right-to-left name with a mark after it; NULL for others */
	/* per session, oldest first */
	struct note_rec *notes;
	bool *have_note;
	struct addendum_list *addenda;
	struct rating_list *ratings;
	struct signature_rec *seals;
	bool *sealed;
	/* per assignment */
	struct checkin_list *checkins;
	int *objective;
};

static void gathered_free(struct gathered *g)
{
	size_t n = g->sessions.len;
	for (size_t i = 0; i < n; i++) {
		if (g->have_note != NULL && g->have_note[i])
			note_rec_free(&g->notes[i]);
		if (g->addenda != NULL)
			addendum_list_free(&g->addenda[i]);
		if (g->ratings != NULL)
			rating_list_free(&g->ratings[i]);
	}
	free(g->notes);
	free(g->have_note);
	free(g->addenda);
	free(g->ratings);
	free(g->seals);
	free(g->sealed);
	for (size_t i = 0; g->checkins != NULL && i < g->homework.len; i++)
		checkin_list_free(&g->checkins[i]);
	free(g->checkins);
	free(g->objective);
	if (g->have_couple)
		couple_rec_free(&g->couple);
	if (g->have_intake)
		intake_rec_free(&g->intake);
	session_list_free(&g->sessions);
	concept_list_free(&g->concepts);
	measure_list_free(&g->measures);
	history_list_free(&g->scores);
	assignment_list_free(&g->homework);
	plan_list_free(&g->plans);
	screening_list_free(&g->screenings);
	free(g->practice);
	free(g->clinician);
	free(g->marked[0]);
	free(g->marked[1]);
}

/* The i-th session, oldest first. */
static const struct session_rec *session_at(const struct gathered *g, size_t i)
{
	return &g->sessions.items[g->sessions.len - 1 - i];
}

/* Whether s holds a letter of a right-to-left script (Hebrew, Arabic and
 * their neighbours, and their presentation forms). */
static bool right_to_left(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if ((cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
			(cp >= 0xFE70 && cp <= 0xFEFF))
			return true;
		i += k ? k : 1;
	}
	return false;
}

/* Reads everything in one read transaction, so the record is one state of
 * the database. */
static enum dyad_error gather(struct store *store, int64_t couple_id, bool include_private,
	struct gathered *g, struct dyad_status *st)
{
	enum dyad_error rc = store_read_begin(store, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = couples_get(store, couple_id, &g->couple, st)) != DYAD_OK)
		goto done;
	g->have_couple = true;
	for (int p = 0; p < 2; p++) {
		const char *name = g->couple.partner[p].name;
		if (right_to_left(name)) {
			size_t n = strlen(name);
			if ((g->marked[p] = malloc(n + 4)) == NULL) {
				rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
				goto done;
			}
			memcpy(g->marked[p], name, n);
			memcpy(g->marked[p] + n, "\xE2\x80\x8E", 4); /* U+200E and the NUL */
		}
	}
	if ((rc = intake_get(store, couple_id, &g->intake, &g->have_intake, st)) != DYAD_OK ||
		(rc = sessions_list(store, couple_id, &g->sessions, st)) != DYAD_OK ||
		(rc = concepts_list(store, &g->concepts, st)) != DYAD_OK ||
		(rc = measures_list(store, &g->measures, st)) != DYAD_OK ||
		(rc = history_measures(store, couple_id, &g->scores, st)) != DYAD_OK ||
		(rc = assignments_list(store, couple_id, true, &g->homework, st)) != DYAD_OK ||
		(rc = plans_history(store, couple_id, &g->plans, st)) != DYAD_OK ||
		(rc = settings_get(store, "practice.name", &g->practice, st)) != DYAD_OK ||
		(rc = settings_get(store, "clinician.name", &g->clinician, st)) != DYAD_OK)
		goto done;
	if (include_private && (rc = screenings_list(store, couple_id, &g->screenings, st)) != DYAD_OK)
		goto done;
	size_t n = g->sessions.len ? g->sessions.len : 1, h = g->homework.len ? g->homework.len : 1;
	g->notes = calloc(n, sizeof *g->notes);
	g->have_note = calloc(n, sizeof *g->have_note);
	g->addenda = calloc(n, sizeof *g->addenda);
	g->ratings = calloc(n, sizeof *g->ratings);
	g->seals = calloc(n, sizeof *g->seals);
	g->sealed = calloc(n, sizeof *g->sealed);
	g->checkins = calloc(h, sizeof *g->checkins);
	g->objective = calloc(h, sizeof *g->objective);
	if (g->notes == NULL || g->have_note == NULL || g->addenda == NULL || g->ratings == NULL ||
		g->seals == NULL || g->sealed == NULL || g->checkins == NULL || g->objective == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	for (size_t i = 0; i < g->sessions.len; i++) {
		const struct session_rec *s = session_at(g, i);
		/* An individual session's note is what one partner said alone: it
		 * stays out unless the private items were asked for. */
		if (!session_is_individual(s->attendance) || include_private) {
			if ((rc = notes_get(store, s->id, &g->notes[i], st)) != DYAD_OK)
				goto done;
			g->have_note[i] = true;
			if ((rc = addenda_list(store, s->id, &g->addenda[i], st)) != DYAD_OK)
				goto done;
		}
		if ((rc = ratings_for_session(store, s->id, &g->ratings[i], st)) != DYAD_OK ||
			(rc = signatures_get(store, s->id, &g->seals[i], &g->sealed[i], st)) != DYAD_OK)
			goto done;
	}
	for (size_t i = 0; i < g->homework.len; i++)
		if ((rc = checkins_list(store, g->homework.items[i].id, &g->checkins[i], st)) != DYAD_OK ||
			(rc = plans_objective_of(store, g->homework.items[i].id, &g->objective[i], st)) !=
				DYAD_OK)
			goto done;
done:
	store_read_end(store);
	return rc;
}

static const char *partner_name(const struct gathered *g, int p)
{
	return p == 0 || p == 1 ? g->couple.partner[p].name : "the couple";
}

/* A partner's name followed by a number in a line ("Maya 3, Daniel 4"):
 * after a right-to-left name, a left-to-right mark keeps the number after
 * it in reading order instead of joining the name's run. */
static const char *name_before_number(const struct gathered *g, int p)
{
	return (p == 0 || p == 1) && g->marked[p] != NULL ? g->marked[p] : partner_name(g, p);
}

/* "Maya only", "both partners", as attendance reads. */
static const char *attendance_words(struct record_data *d, const struct gathered *g,
	const struct session_rec *s)
{
	if (session_state_of(s) == SESSION_PLANNED)
		return "not held yet";
	if (strcmp(s->attendance, "both") == 0)
		return "both partners";
	if (strcmp(s->attendance, "a-only") == 0)
		return keepf(d, "%s only (individual session)", partner_name(g, 0));
	if (strcmp(s->attendance, "b-only") == 0)
		return keepf(d, "%s only (individual session)", partner_name(g, 1));
	if (strcmp(s->attendance, "no-show") == 0)
		return "neither partner came";
	return "cancelled";
}

/* The number (1..N, oldest first) of the session with this id; 0 when it
 * is not the couple's. */
static size_t session_number(const struct gathered *g, int64_t session_id)
{
	for (size_t i = 0; i < g->sessions.len; i++)
		if (session_at(g, i)->id == session_id)
			return i + 1;
	return 0;
}

/* One line per concept rated: "Maya 3, Daniel 4" or "couple 2". */
static void add_ratings(struct record_data *d, const struct gathered *g,
	const struct rating_list *r)
{
	for (size_t c = 0; c < g->concepts.len; c++) {
		const struct concept_rec *k = &g->concepts.items[c];
		struct strbuf line = STRBUF_INIT;
		for (size_t i = 0; i < r->len; i++) {
			if (r->items[i].concept_id != k->id)
				continue;
			strbuf_addf(&line, "%s%s %d", line.len ? ", " : "", name_before_number(g,
				r->items[i].partner), r->items[i].value);
		}
		if (line.failed)
			d->failed = true;
		if (line.len > 0) {
			strbuf_addf(&line, " (%d to %d)", k->scale_min, k->scale_max);
			field(d, keepf(d, "%s", k->name), keepf(d, "%s", strbuf_str(&line)));
		}
		strbuf_release(&line);
	}
}

static void add_scores(struct record_data *d, const struct gathered *g, int64_t session_id)
{
	for (size_t m = 0; m < g->measures.len; m++) {
		const struct measure_rec *k = &g->measures.items[m];
		struct strbuf line = STRBUF_INIT;
		for (size_t i = 0; i < g->scores.len; i++) {
			const struct history_rec *h = &g->scores.items[i];
			if (h->session_id != session_id || h->item_id != k->id)
				continue;
			char v[32];
			number_text(h->value, v, sizeof v);
			strbuf_addf(&line, "%s%s %s", line.len ? ", " : "", name_before_number(g,
				h->partner), v);
		}
		if (line.failed)
			d->failed = true;
		if (line.len > 0)
			field(d, keepf(d, "%s (score)", k->name), keepf(d, "%s", strbuf_str(&line)));
		strbuf_release(&line);
	}
}

static void add_couple(struct record_data *d, const struct gathered *g)
{
	const struct couple_rec *c = &g->couple;
	add(d, RECORD_PART, NULL, "Couple");
	field(d, "Name", c->name);
	for (int p = 0; p < 2; p++)
		field(d, p == 0 ? "Partner A" : "Partner B", c->partner[p].pronouns != NULL
			? keepf(d, "%s (%s)", c->partner[p].name, c->partner[p].pronouns)
			: c->partner[p].name);
	field(d, "Status", c->status);
	field(d, "Taken on", c->intake);
	field(d, "Sessions", keepf(d, "%zu in the record, %" PRId64 " held", g->sessions.len,
		c->sessions_held));
	if (g->practice != NULL && g->practice[0] != '\0')
		field(d, "Practice", g->practice);
	if (g->clinician != NULL && g->clinician[0] != '\0')
		field(d, "Clinician", g->clinician);
}

static void add_intake(struct record_data *d, const struct gathered *g)
{
	const struct intake_rec *in = &g->intake;
	add(d, RECORD_PART, NULL, "Intake");
	if (!g->have_intake) {
		add(d, RECORD_REMARK, NULL, "No intake has been recorded.");
		return;
	}
	if (in->on_paper) {
		add(d, RECORD_REMARK, NULL, "The intake was taken on paper, before dyad kept it.");
		return;
	}
	text_field(d, "Presenting concerns", in->concerns);
	text_field(d, "History", in->history);
	text_field(d, "Referral", in->referral);
	for (int p = 0; p < 2; p++)
		field(d, keepf(d, "%s's goal", partner_name(g, p)), intake_goal_words(in->goal[p]));
	field(d, "Confidentiality", intake_confidentiality_words(in->confidentiality));
	field(d, "Last changed", utc_text(d, in->updated_at));
}

static void add_sessions(struct record_data *d, const struct gathered *g)
{
	add(d, RECORD_PART, NULL, "Sessions");
	if (g->sessions.len == 0) {
		add(d, RECORD_REMARK, NULL, "No sessions have been recorded.");
		return;
	}
	const char *signer = g->clinician != NULL && g->clinician[0] ? g->clinician : "the clinician";
	for (size_t i = 0; i < g->sessions.len; i++) {
		const struct session_rec *s = session_at(g, i);
		add(d, RECORD_ENTRY, NULL, keepf(d, "Session %zu, %s", i + 1, when_text(d, s->starts_at)));
		field(d, "Status", session_state_name(session_state_of(s)));
		field(d, "Attendance", attendance_words(d, g, s));
		field(d, "Length", keepf(d, "%d minutes, %s", s->minutes, s->modality));
		if (!g->have_note[i]) {
			field(d, "Note", "kept private: an individual session's note goes in only when "
				"the private items are asked for (--include-private)");
		} else {
			const struct note_rec *n = &g->notes[i];
			bool is_signed = strcmp(n->status, "signed") == 0;
			field(d, "Note", is_signed ? keepf(d, "signed, %s", utc_text(d, n->signed_at))
				: n->body[0] ? "draft (not signed)" : "none written");
			if (n->body[0])
				add(d, RECORD_TEXT, NULL, n->body);
			for (size_t a = 0; a < g->addenda[i].len; a++) {
				const struct addendum_rec *ad = &g->addenda[i].items[a];
				field(d, "Addendum", keepf(d, "written %s", utc_text(d, ad->created_at)));
				add(d, RECORD_TEXT, NULL, ad->body);
			}
		}
		add_ratings(d, g, &g->ratings[i]);
		add_scores(d, g, s->id);
		if (g->sealed[i])
			field(d, "Signature", keepf(d, "signed by %s; sealed %s with SHA-256 %s%s", signer,
				utc_text(d, g->seals[i].taken_at), g->seals[i].content_sha256,
				strcmp(g->seals[i].taken, "upgrade") == 0
					? " (taken when the database was upgraded, not at signing)" : ""));
		else if (g->have_note[i] && strcmp(g->notes[i].status, "signed") == 0)
			field(d, "Signature", keepf(d, "signed by %s", signer));
	}
}

static void add_homework(struct record_data *d, const struct gathered *g)
{
	add(d, RECORD_PART, NULL, "Homework and check-ins");
	if (g->homework.len == 0) {
		add(d, RECORD_REMARK, NULL, "No homework has been assigned.");
		return;
	}
	for (size_t i = 0; i < g->homework.len; i++) {
		const struct assignment_rec *a = &g->homework.items[i];
		add(d, RECORD_ENTRY, NULL, keepf(d, "%s (assignment %" PRId64 ")", a->exercise_title,
			a->id));
		field(d, "Status", a->status);
		field(d, "Assigned", keepf(d, "%s, due %s", a->assigned_on, a->due_on));
		field(d, "How often", keepf(d, "%s, %d minutes", a->frequency, a->minutes));
		size_t number = session_number(g, a->session_id);
		if (number > 0)
			field(d, "Set in", keepf(d, "session %zu", number));
		if (g->objective[i] > 0)
			field(d, "Plan objective", keepf(d, "%d", g->objective[i]));
		if (a->note != NULL && a->note[0])
			text_field(d, "Note to the couple", a->note);
		const struct checkin_list *cl = &g->checkins[i];
		if (cl->len == 0)
			field(d, "Check-ins", "none yet");
		for (size_t k = 0; k < cl->len; k++) {
			const struct checkin_rec *c = &cl->items[k];
			char out_of[32] = "";
			if (c->out_of > 0)
				snprintf(out_of, sizeof out_of, " of %" PRId64, c->out_of);
			field(d, keepf(d, "%s, %s", c->checked_on, partner_name(g, c->partner)),
				keepf(d, "done %" PRId64 "%s%s%s", c->done, out_of,
					c->comment != NULL && c->comment[0] ? ": " : "",
					c->comment != NULL ? c->comment : ""));
		}
	}
}

/* Each measure scored, with its scores in session order. */
static void add_measures(struct record_data *d, const struct gathered *g)
{
	add(d, RECORD_PART, NULL, "Measures");
	bool any = false;
	for (size_t m = 0; m < g->measures.len; m++) {
		const struct measure_rec *k = &g->measures.items[m];
		struct strbuf line = STRBUF_INIT;
		for (int p = 0; p < 2; p++) {
			bool first = true;
			for (size_t i = 0; i < g->scores.len; i++) {
				const struct history_rec *h = &g->scores.items[i];
				if (h->item_id != k->id || h->partner != p)
					continue;
				char v[32];
				number_text(h->value, v, sizeof v);
				if (first)
					strbuf_addf(&line, "%s%s: ", line.len ? "; " : "",
						name_before_number(g, p));
				strbuf_addf(&line, "%s%s (session %zu)", first ? "" : ", ", v,
					session_number(g, h->session_id));
				first = false;
			}
		}
		if (line.failed)
			d->failed = true;
		if (line.len > 0) {
			char lo[32], hi[32], cut[32];
			number_text(k->scale_min, lo, sizeof lo);
			number_text(k->scale_max, hi, sizeof hi);
			number_text(k->cutoff, cut, sizeof cut);
			add(d, RECORD_ENTRY, NULL, k->name);
			field(d, "Scale", keepf(d, "%s to %s, %s is better%s%s", lo, hi,
				k->higher_is_better ? "higher" : "lower", k->has_cutoff ? "; cutoff " : "",
				k->has_cutoff ? cut : ""));
			field(d, "Scores", keepf(d, "%s", strbuf_str(&line)));
			any = true;
		}
		strbuf_release(&line);
	}
	if (!any)
		add(d, RECORD_REMARK, NULL, "No measure has been scored.");
}

static void add_plans(struct record_data *d, const struct gathered *g)
{
	add(d, RECORD_PART, NULL, "Treatment plan");
	if (g->plans.len == 0) {
		add(d, RECORD_REMARK, NULL, "No treatment plan has been written.");
		return;
	}
	/* Every version, the newest first, as plan history lists them. */
	for (size_t i = 0; i < g->plans.len; i++) {
		const struct plan_rec *p = &g->plans.items[i];
		bool is_signed = strcmp(p->status, "signed") == 0;
		add(d, RECORD_ENTRY, NULL, keepf(d, "Version %d, %s", p->version, is_signed
			? keepf(d, "signed %s", utc_text(d, p->signed_at)) : "draft"));
		static const char *const labels[] = { "Problems", "Goals", "Objectives",
			"Interventions" };
		const char *texts[] = { p->f.problems, p->f.goals, p->f.objectives,
			p->f.interventions };
		for (size_t k = 0; k < 4; k++)
			text_field(d, labels[k], texts[k]);
		if (p->f.review_on[0])
			field(d, "Review on", p->f.review_on);
	}
}

static void add_screenings(struct record_data *d, const struct gathered *g)
{
	add(d, RECORD_PART, NULL, "Safety screenings (private)");
	if (g->screenings.len == 0) {
		add(d, RECORD_REMARK, NULL, "No safety screening has been recorded.");
		return;
	}
	for (size_t i = 0; i < g->screenings.len; i++) {
		const struct screening_rec *s = &g->screenings.items[i];
		field(d, keepf(d, "%s, %s", s->screened_on, partner_name(g, s->partner)),
			keepf(d, "%s; method: %s%s%s", s->result, s->method,
				s->action != NULL ? "; action: " : "", s->action != NULL ? s->action : ""));
	}
}

static void build(struct record_data *d, const struct gathered *g, bool include_private)
{
	add_couple(d, g);
	add_intake(d, g);
	add_sessions(d, g);
	add_homework(d, g);
	add_measures(d, g);
	add_plans(d, g);
	if (include_private)
		add_screenings(d, g);
	add(d, RECORD_PART, NULL, "About this file");
	add(d, RECORD_TEXT, NULL, include_private
		? "This record includes the safety screenings and the notes of individual sessions. "
		  "Keep it where only the clinicians caring for the couple can read it."
		: "Safety screenings and the notes of individual sessions are left out of this "
		  "record.");
	add(d, RECORD_TEXT, NULL, "The file is signed: whoever receives it can check that not a "
		"byte has changed since it was written, with dyad verify FILE.");
}

/* --- the signed trailer ------------------------------------------------------------- */

static const char hex_digits[] = "0123456789abcdef";

/* The summary line after the PDF's end (record_file.h). */
static void add_summary_line(struct strbuf *doc, const struct record_request *rq,
	const char *name)
{
	size_t n = strlen(name);
	if (n > RECORD_NAME_BYTES) {
		n = RECORD_NAME_BYTES;
		while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
			n--;  /* back to the start of the character cut */
	}
	strbuf_addf(doc, "%scouple_id=%" PRId64 " exported_at=%s private_included=%s couple_name=",
		RECORD_SUMMARY_MAGIC, rq->couple_id, rq->exported_at,
		rq->include_private ? "yes" : "no");
	for (size_t i = 0; i < n; i++) {
		char h[3] = { hex_digits[(unsigned char)name[i] >> 4],
			hex_digits[(unsigned char)name[i] & 15], '\0' };
		strbuf_adds(doc, h);
	}
	strbuf_adds(doc, "\n");
}

static int hex_value(char c)
{
	const char *p = c ? strchr(hex_digits, c) : NULL;
	return p != NULL ? (int)(p - hex_digits) : -1;
}

bool record_read_summary(const char *body, size_t len, struct record_summary *out)
{
	memset(out, 0, sizeof *out);
	if (len == 0 || body[len - 1] != '\n')
		return false;
	size_t start = len - 1;
	while (start > 0 && body[start - 1] != '\n')
		start--;
	size_t n = len - 1 - start;
	char line[64 + 2 * RECORD_NAME_BYTES + 100];
	if (n >= sizeof line)
		return false;
	memcpy(line, body + start, n);
	line[n] = '\0';
	size_t magic = sizeof RECORD_SUMMARY_MAGIC - 1;
	if (strncmp(line, RECORD_SUMMARY_MAGIC, magic) != 0)
		return false;
	char yes[4] = "", hex[2 * RECORD_NAME_BYTES + 2] = "";
	int used = 0;
	if (sscanf(line + magic, "couple_id=%" SCNd64 " exported_at=%20s private_included=%3s "
			"couple_name=%n", &out->couple_id, out->exported_at, yes, &used) != 3 || used == 0)
		return false;
	snprintf(hex, sizeof hex, "%s", line + magic + used);
	size_t h = strlen(hex);
	if (h % 2 != 0 || h > 2 * RECORD_NAME_BYTES)
		return false;
	for (size_t i = 0; i < h / 2; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out->couple_name[i] = (char)(hi * 16 + lo);
	}
	out->couple_name[h / 2] = '\0';
	out->private_included = strcmp(yes, "yes") == 0;
	return strcmp(yes, "yes") == 0 || strcmp(yes, "no") == 0;
}

/* Reads back what libharu wrote to the temporary file (through af's own
 * descriptor, after checking it is still the file libharu was given),
 * appends the summary and signature lines, and writes them after it. */
static enum dyad_error sign_file(struct atomic_file *af, const struct record_request *rq,
	const char *name, struct dyad_status *st)
{
	struct stat by_fd, by_name;
	if (fstat(af->fd, &by_fd) != 0 || lstat(af->temp_path, &by_name) != 0 ||
		by_fd.st_ino != by_name.st_ino || by_fd.st_dev != by_name.st_dev ||
		!S_ISREG(by_name.st_mode) || (by_name.st_mode & 0777) != 0600)
		return dyad_fail(st, DYAD_ERR_IO, "output: the temporary file beside %.200s changed "
			"while the record was written; nothing was saved", rq->path);
	if ((size_t)by_fd.st_size > RECORD_MAX_PDF_BYTES || by_fd.st_size < 8)
		return dyad_fail(st, DYAD_ERR_IO, "output: the record's PDF for %.200s is %s",
			rq->path, by_fd.st_size < 8 ? "empty" : "larger than 1 GB");
	size_t size = (size_t)by_fd.st_size;
	struct strbuf doc = STRBUF_INIT;
	enum dyad_error rc = DYAD_OK;
	char *bytes = malloc(size);
	if (bytes == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	for (size_t off = 0; off < size;) {
		ssize_t got = pread(af->fd, bytes + off, size - off, (off_t)off);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			rc = dyad_fail(st, DYAD_ERR_IO, "output: cannot read back %.200s: %s",
				af->temp_path, got < 0 ? strerror(errno) : "it was cut short");
			goto done;
		}
		off += (size_t)got;
	}
	strbuf_add(&doc, bytes, size);
	/* libharu ends the file with "%%EOF\n"; a line of our own must start
	 * on a line of its own whatever it did. */
	if (doc.len > 0 && doc.data[doc.len - 1] != '\n')
		strbuf_adds(&doc, "\n");
	add_summary_line(&doc, rq, name);
	if ((rc = sign_append_pdf_line(&doc, rq->key, st)) != DYAD_OK)
		goto done;
	if (lseek(af->fd, 0, SEEK_END) < 0) {
		rc = dyad_fail(st, DYAD_ERR_IO, "output: cannot write %.200s: %s", rq->path,
			strerror(errno));
		goto done;
	}
	rc = fileio_write_all(af->fd, doc.data + size, doc.len - size, rq->path, st);
done:
	free(bytes);
	strbuf_release(&doc);
	return rc;
}

static enum dyad_error check_target(const char *path, struct dyad_status *st)
{
	size_t n = path != NULL ? strlen(path) : 0;
	if (n < 5 || strcasecmp(path + n - 4, ".pdf") != 0 || path[n - 5] == '/')
		return dyad_fail(st, DYAD_ERR_INVALID, "-o: '%.200s' must be a file name ending in "
			".pdf for the PDF form of the record", path != NULL ? path : "");
	return fileio_check_output(path, "-o", st);
}

enum dyad_error record_write(struct store *store, const struct record_request *rq,
	struct record_written *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct gathered g;
	struct record_data d;
	memset(&g, 0, sizeof g);
	memset(&d, 0, sizeof d);
	char *paper_setting = NULL, *font_setting = NULL, *font_cache = NULL, *dir = NULL;
	char regular[1024], bold[1024];
	bool have_bold = false;
	struct paper_choice paper;
	struct atomic_file af = { NULL, NULL, -1 };
	enum dyad_error rc;
	if ((rc = check_target(rq->path, st)) != DYAD_OK ||
		(rc = gather(store, rq->couple_id, rq->include_private, &g, st)) != DYAD_OK ||
		(rc = settings_get(store, "paper", &paper_setting, st)) != DYAD_OK ||
		(rc = settings_get(store, "handout.font", &font_setting, st)) != DYAD_OK ||
		(rc = paper_choose(NULL, paper_setting, &paper, st)) != DYAD_OK ||
		(rc = handout_pick_fonts(font_setting, regular, bold, sizeof regular, &have_bold, st)) !=
			DYAD_OK)
		goto cleanup;
	build(&d, &g, rq->include_private);
	const char *header = keepf(&d, "Exported %s", utc_text(&d, rq->exported_at));
	const char *base = strrchr(rq->path, '/');
	const char *footer = keepf(&d, "Signed: check with dyad verify %s",
		base != NULL ? base + 1 : rq->path);
	if (d.failed || d.strings.failed || header == NULL || footer == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto cleanup;
	}
	font_cache = handout_font_cache_dir();
	struct record r = {
		.title = "Clinical record",
		.couple = g.couple.name,
		.partners = { g.couple.partner[0].name, g.couple.partner[1].name },
		.header_right = header,
		.footer = footer,
		.items = d.items,
		.nitems = d.nitems,
		.font_path = regular,
		.bold_font_path = have_bold ? bold : NULL,
		.font_cache_dir = font_cache,
		.author = g.clinician != NULL && g.clinician[0] ? g.clinician : NULL,
		.language = "en",
	};
	paper_size_points(paper.paper, &r.page_width, &r.page_height);
	if ((dir = paths_dirname(rq->path)) == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto cleanup;
	}
	if ((rc = paths_mkdir_p(dir, 0700, st)) != DYAD_OK ||
		(rc = atomic_begin(&af, rq->path, st)) != DYAD_OK)
		goto cleanup;
	struct handout_error err;
	struct handout_result result;
	if (record_save_pdf(&r, af.temp_path, &result, &err) != 0) {
		atomic_abort(&af);
		rc = dyad_fail(st, DYAD_ERR_INVALID, "export: %.200s: %s", rq->path, err.message);
		goto cleanup;
	}
	if ((rc = sign_file(&af, rq, g.couple.name, st)) != DYAD_OK) {
		atomic_abort(&af);
		goto cleanup;
	}
	char detail[4200];
	snprintf(detail, sizeof detail, "%s (PDF%s)", rq->path,
		rq->include_private ? ", with private items" : "");
	if ((rc = store_publish(store, &af, "export", rq->couple_id, 0, 0, detail, st)) != DYAD_OK)
		goto cleanup;
	out->pages = result.pages;
	out->replaced = result.replaced;
	out->sessions = g.sessions.len;
cleanup:
	record_data_free(&d);
	gathered_free(&g);
	free(paper_setting);
	free(font_setting);
	free(font_cache);
	free(dir);
	return rc;
}
