/* report.c: from the records to reports/progress.h's structs, and the
 * atomic, private file around the workbook. */
#include "app/output/report.h"

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
#include "app/domain/adherence.h"
#include "app/domain/assignments.h"
#include "app/domain/plan.h"
#include "app/domain/scales.h"
#include "app/domain/caseload.h"
#include "app/domain/session_state.h"
#include "app/domain/alerts.h"
#include "app/domain/outcomes.h"
#include "app/domain/trends.h"
#include "reports/progress.h"
#include "app/store/addenda.h"
#include "app/store/intake.h"
#include "app/store/audit.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/maintenance.h"
#include "app/store/measures.h"
#include "app/store/sessions.h"

/* "sessions in the last 90 days" on the caseload. */
#define REPORT_RECENT_DAYS 90

void report_default_name(int64_t couple_id, char *out, size_t size)
{
	char today[11];
	date_format(date_today(), today);
	if (couple_id > 0)
		snprintf(out, size, "progress-%lld-%s.xlsx", (long long)couple_id, today);
	else
		snprintf(out, size, "caseload-%s.xlsx", today);
}

const char *report_trend_rule(char *out, size_t size)
{
	snprintf(out, size,
		"How trends are read: a partner's trend is the straight line through their last %d "
		"values on a scale (at least %d are needed). It is improving or worsening (moving "
		"toward the better or the worse end of that scale) when it moves "
		"more than %g%% of the scale's range a session (%.2f points on a 0 to 21 scale such "
		"as CSI-4, %.1f on a 0 to 10 scale), and steady otherwise. The partners are flagged "
		"as moving apart when one partner's trend improves while the other's worsens.",
		TREND_WINDOW, TREND_MIN_POINTS, TREND_MOVE_SHARE * 100.0, TREND_MOVE_SHARE * 21.0,
		TREND_MOVE_SHARE * 10.0);
	return out;
}

static enum dyad_error check_target(const char *path, struct dyad_status *st)
{
	size_t n = path ? strlen(path) : 0;
	if (n == 0)
		return dyad_fail(st, DYAD_ERR_USAGE, "output: needs a file name");
	if (n < 6 || strcasecmp(path + n - 5, ".xlsx") != 0 || path[n - 6] == '/')
		return dyad_fail(st, DYAD_ERR_INVALID,
			"output: '%.200s' must be a file name ending in .xlsx, so spreadsheet programs "
			"open it", path);
	return DYAD_OK;
}

static struct progress_date to_date(struct dyad_date d)
{
	struct progress_date p = { d.year, d.month, d.day };
	return p;
}

static enum dyad_error report_error(const struct progress_error *err, struct dyad_status *st)
{
	enum dyad_error code = err->code == PROGRESS_ERR_NOMEM ? DYAD_ERR_NOMEM
		: err->code == PROGRESS_ERR_INVALID		 ? DYAD_ERR_INVALID
							 : DYAD_ERR_IO;
	return dyad_fail(st, code, "%s", err->message[0] ? err->message : "report: failed");
}

/* Runs write(path, ctx) into a private temporary file beside target and
 * renames it into place; libxlsxwriter opens the temporary file by name,
 * so its identity is checked before the rename. The audit entry for the
 * report (couple_id, detail) and the file go together (store_publish). */
static enum dyad_error write_atomically(struct store *store, const char *target,
	enum progress_status (*write)(const char *path, void *ctx, struct progress_error *err),
	void *ctx, int64_t couple_id, const char *detail, struct dyad_status *st)
{
	struct atomic_file af;
	struct progress_error err = { PROGRESS_OK, "" };
	enum dyad_error rc = atomic_begin(&af, target, st);
	if (rc != DYAD_OK)
		return rc;
	if (write(af.temp_path, ctx, &err) != PROGRESS_OK) {
		atomic_abort(&af);
		return report_error(&err, st);
	}
	struct stat by_fd, by_name;
	if (fstat(af.fd, &by_fd) != 0 || lstat(af.temp_path, &by_name) != 0 ||
		by_fd.st_ino != by_name.st_ino || by_fd.st_dev != by_name.st_dev ||
		!S_ISREG(by_name.st_mode) || (by_name.st_mode & 0777) != 0600) {
		atomic_abort(&af);
		return dyad_fail(st, DYAD_ERR_IO,
			"output: the temporary file beside %.200s changed while the report was written; "
			"nothing was saved", target);
	}
	return store_publish(store, &af, "report", couple_id, 0, 0, detail, st);
}

/* --- homework ---------------------------------------------------------------- */

/* The tally as the report shows it; the percentage is adherence's own. */
static struct progress_tally to_tally(const struct adherence_tally *t)
{
	struct progress_tally out = { t->done, t->expected, t->checkins, adherence_percent(t), 0, 0 };
	return out;
}

/* The couple report's tally: a missing check-in counts as missing, so the
 * percentage is over everything expected, and the reporting beside it. */
static struct progress_tally to_report_tally(const struct adherence_tally *t,
	const struct adherence_reporting *r)
{
	struct progress_tally out = { t->done, t->expected, t->checkins, adherence_share(t),
		r->reported, r->expected };
	return out;
}

const char *report_adherence_rule(void)
{
	return "How homework is counted: once an assignment's due date has passed, each "
	       "partner is expected to report on it. Whatever they did not report (all of it, "
	       "when they never checked in) counts as expected and not done, so a missing "
	       "check-in lowers adherence instead of being left out. Check-ins reported says "
	       "how many of those reports came.";
}

/* Adds one assignment's figures to a running total over assignments (the
 * same summing adherence.c does for "together" over the two partners). */
static void tally_add(struct adherence_tally *sum, const struct adherence_tally *t)
{
	sum->done += t->done;
	sum->expected += t->expected;
	sum->checkins += t->checkins;
}

/* A couple's homework, loaded and converted; everything the progress
 * structs point into lives here until the report is written. */
struct homework_data {
	struct assignment_list assignments;
	struct checkin_list *checkins;          /* one list per assignment */
	struct adherence *adherence;            /* one per assignment */
	struct adherence_reporting *reporting;  /* three per assignment: A, B, together */
	struct adherence_reporting overall_reporting[3];
	struct progress_assignment *out;
	struct progress_checkin *out_checkins;  /* all check-ins, in assignment order */
	struct adherence overall;               /* all assignments: A, B, together */
};

static void homework_data_free(struct homework_data *h)
{
	if (h->checkins)
		for (size_t i = 0; i < h->assignments.len; i++)
			checkin_list_free(&h->checkins[i]);
	free(h->checkins);
	free(h->adherence);
	free(h->reporting);
	free(h->out);
	free(h->out_checkins);
	assignment_list_free(&h->assignments);
	memset(h, 0, sizeof *h);
}

static int assignment_order(const void *x, const void *y)
{
	const struct assignment_rec *a = x, *b = y;
	int c = strcmp(a->assigned_on, b->assigned_on);
	if (c != 0)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

static struct progress_date parse_day(const char *s)
{
	struct dyad_date d;
	struct progress_date none = { 0, 0, 0 };
	return date_parse(s, &d) ? to_date(d) : none;
}

/* Loads a couple's assignments (oldest first), their check-ins, and their
 * adherence as of as_of_day, a missing check-in counted as missing. */
static enum dyad_error homework_load(struct store *store, int64_t couple_id, int64_t as_of_day,
	struct homework_data *h, struct dyad_status *st)
{
	enum dyad_error rc;
	memset(h, 0, sizeof *h);
	if ((rc = assignments_list(store, couple_id, true, &h->assignments, st)) != DYAD_OK)
		return rc;
	size_t n = h->assignments.len;
	if (n > 1)
		qsort(h->assignments.items, n, sizeof *h->assignments.items, assignment_order);
	h->checkins = calloc(n ? n : 1, sizeof *h->checkins);
	h->adherence = calloc(n ? n : 1, sizeof *h->adherence);
	h->reporting = calloc(3 * (n ? n : 1), sizeof *h->reporting);
	h->out = calloc(n ? n : 1, sizeof *h->out);
	if (h->checkins == NULL || h->adherence == NULL || h->reporting == NULL || h->out == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto fail;
	}
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if ((rc = homework_adherence_as_of(store, &h->assignments.items[i], as_of_day,
			     &h->adherence[i], h->reporting + 3 * i, &h->checkins[i], st)) != DYAD_OK)
			goto fail;
		for (int w = 0; w < 3; w++) {
			h->overall_reporting[w].reported += h->reporting[3 * i + w].reported;
			h->overall_reporting[w].expected += h->reporting[3 * i + w].expected;
		}
		total += h->checkins[i].len;
		for (int p = 0; p < 2; p++)
			tally_add(&h->overall.partner[p], &h->adherence[i].partner[p]);
		tally_add(&h->overall.together, &h->adherence[i].together);
	}
	h->out_checkins = calloc(total ? total : 1, sizeof *h->out_checkins);
	if (h->out_checkins == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto fail;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct assignment_rec *a = &h->assignments.items[i];
		struct progress_assignment *o = &h->out[i];
		o->id = a->id;
		o->title = a->exercise_title;
		o->frequency = a->frequency;
		o->minutes = a->minutes;
		o->assigned_on = parse_day(a->assigned_on);
		o->due_on = parse_day(a->due_on);
		o->status = a->status;
		o->note = a->note;
		for (int p = 0; p < 2; p++)
			o->partner[p] = to_report_tally(&h->adherence[i].partner[p],
				&h->reporting[3 * i + p]);
		o->together = to_report_tally(&h->adherence[i].together, &h->reporting[3 * i + 2]);
		o->checkins = h->out_checkins + k;
		o->checkins_len = h->checkins[i].len;
		for (size_t j = 0; j < h->checkins[i].len; j++, k++) {
			const struct checkin_rec *c = &h->checkins[i].items[j];
			struct progress_checkin *oc = &h->out_checkins[k];
			oc->day = parse_day(c->checked_on);
			oc->partner = c->partner;
			oc->done = c->done;
			oc->out_of = c->out_of;
			oc->comment = c->comment;
		}
	}
	return DYAD_OK;
fail:
	homework_data_free(h);
	return rc;
}

/* --- one couple ------------------------------------------------------------- */

struct couple_job {
	struct progress_couple report;
	struct progress_options options;
};

static enum progress_status write_couple(const char *path, void *ctx,
	struct progress_error *err)
{
	struct couple_job *job = ctx;
	return progress_write_couple(path, &job->report, &job->options, err);
}

#define RANGE_TEXT 128

/* What a scale runs over, in words where its ends have names: a concept's
 * from the catalogue (scales.c), a measure's as its numbers. */
static const char *scale_range(const struct trend_series *s, const struct concept_list *concepts,
	char *buf)
{
	if (s->kind == TREND_MEASURE) {
		snprintf(buf, RANGE_TEXT, "%g..%g", s->scale_min, s->scale_max);
		return buf;
	}
	for (size_t i = 0; i < concepts->len; i++) {
		const struct concept_rec *c = &concepts->items[i];
		if (c->id != s->item_id)
			continue;
		struct concept_scale cs;
		concept_scale_describe(c, &cs);
		return concept_scale_text(c, &cs, buf, RANGE_TEXT);
	}
	snprintf(buf, RANGE_TEXT, "%g..%g", s->scale_min, s->scale_max);
	return buf;
}

/* Copies a series into a progress_scale; values points into `values`. */
static void fill_scale(struct progress_scale *out, const struct trend_series *s,
	size_t sessions_len, struct progress_value *values)
{
	memset(out, 0, sizeof *out);
	out->better_known = s->better_known;
	out->key = s->key;
	out->name = s->name;
	out->min = s->scale_min;
	out->max = s->scale_max;
	out->has_cutoff = s->has_cutoff;
	out->cutoff = s->cutoff;
	out->higher_is_better = s->higher_is_better;
	out->couple_level = s->couple_level;
	for (size_t i = 0; i < 2 * sessions_len; i++) {
		values[i].present = s->cells[i].present;
		values[i].value = s->cells[i].value;
	}
	out->values = values;
	for (int p = 0; p < 2; p++) {
		const struct trend_partner *tp = &s->partner[p];
		struct progress_trend *t = &out->trend[p];
		t->count = tp->count;
		t->has_last = tp->has_last;
		t->last = tp->last;
		t->last_session = tp->last_session;
		t->past_cutoff = tp->past_cutoff;
		t->has_slope = tp->fit.has_slope;
		t->slope = tp->fit.slope;
		t->direction = trend_direction_word(s, tp->direction);
		t->has_first = tp->has_first;
		t->first = tp->first;
	}
	out->diverging = s->diverging;
	if (s->kind == TREND_MEASURE) {
		struct measure_outcome o;
		outcome_of_series(s, &o);
		for (int p = 0; p < 2; p++)
			out->trend[p].outcome = outcome_status_name(o.partner[p].status);
		out->couple_outcome = couple_outcome_name(o.couple);
	}
}

/* The Plan sheet's rows, and what they point into. */
struct plan_sheet {
	struct plan_view view;
	struct progress_objective *objectives;
	struct strbuf *text; /* per objective: [2i] the target, [2i + 1] the homework */
	struct progress_plan plan;
};

static void plan_sheet_free(struct plan_sheet *p)
{
	for (size_t i = 0; p->text != NULL && i < 2 * p->view.objectives_len; i++)
		strbuf_release(&p->text[i]);
	free(p->text);
	free(p->objectives);
	plan_view_free(&p->view);
}

/* Loads the couple's plan for the report; *has false when there is none. */
static enum dyad_error plan_sheet_load(struct store *store, int64_t couple_id,
	const struct assignment_list *assignments, struct plan_sheet *p, bool *has,
	struct dyad_status *st)
{
	memset(p, 0, sizeof *p);
	*has = false;
	enum dyad_error rc = plan_view_load(store, couple_id, &p->view, st);
	if (rc != DYAD_OK || !p->view.found)
		return rc;
	size_t n = p->view.objectives_len;
	p->objectives = calloc(n ? n : 1, sizeof *p->objectives);
	p->text = calloc(2 * (n ? n : 1), sizeof *p->text);
	if (p->objectives == NULL || p->text == NULL) {
		plan_sheet_free(p);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	bool failed = false;
	for (size_t i = 0; i < n; i++) {
		const struct plan_objective *o = &p->view.objectives[i];
		struct progress_objective *out = &p->objectives[i];
		struct strbuf *target = &p->text[2 * i], *homework = &p->text[2 * i + 1];
		out->number = o->number;
		out->text = o->text;
		plan_objective_target(o, target);
		out->target = target->len ? strbuf_str(target) : NULL;
		out->status = o->measurable && !o->readable ? "no data" : objective_status_name(o->status);
		out->couple_level = o->who == PLAN_WHO_COUPLE;
		for (int k = 0; k < 2; k++) {
			out->current[k].present = o->has_current[k];
			out->current[k].value = o->current[k];
		}
		for (size_t l = 0; l < p->view.links.len; l++) {
			const struct objective_link *link = &p->view.links.items[l];
			if (link->objective != o->number)
				continue;
			/* Named as the Homework sheet shows it, never by a record id. */
			const char *given = NULL;
			for (size_t a = 0; a < assignments->len; a++)
				if (assignments->items[a].id == link->assignment_id)
					given = assignments->items[a].assigned_on;
			strbuf_addf(homework, "%s%s%s%s (%s)", homework->len ? "; " : "",
				link->exercise_title, given ? ", given " : "", given ? given : "",
				link->status);
		}
		out->homework = homework->len ? strbuf_str(homework) : NULL;
		failed = failed || target->failed || homework->failed;
	}
	if (failed) {
		plan_sheet_free(p);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	p->plan.version = p->view.plan.version;
	p->plan.status = p->view.plan.status;
	struct dyad_date d;
	char day[11];
	snprintf(day, sizeof day, "%.10s", p->view.plan.signed_at);
	if (date_parse(day, &d))
		p->plan.signed_on = to_date(d);
	if (date_parse(p->view.plan.f.review_on, &d))
		p->plan.review_on = to_date(d);
	p->plan.objectives = p->objectives;
	p->plan.objectives_len = n;
	*has = true;
	return DYAD_OK;
}

static void session_time(const struct session_rec *s, struct progress_datetime *out)
{
	struct dyad_datetime dt;
	memset(out, 0, sizeof *out);
	if (!datetime_parse(s->starts_at, &dt, NULL))
		return;
	out->year = dt.date.year;
	out->month = dt.date.month;
	out->day = dt.date.day;
	out->hour = dt.hour;
	out->minute = dt.minute;
}

enum dyad_error report_write_couple(struct store *store, int64_t couple_id,
	const char *path, bool include_notes, struct dyad_status *st)
{
	return report_write_couple_private(store, couple_id, path, include_notes, false, st);
}

enum dyad_error report_write_couple_private(struct store *store, int64_t couple_id,
	const char *path, bool include_notes, bool include_private, struct dyad_status *st)
{
	struct screening_list screenings = { 0 };
	struct progress_screening *screening_rows = NULL;
	struct couple_rec couple;
	struct couple_trends tr;
	struct couple_job job;
	struct progress_session *sessions = NULL;
	struct progress_scale *scales = NULL;
	struct progress_value *values = NULL;
	struct progress_note *notes = NULL;
	struct note_rec *note_recs = NULL;
	struct addendum_list *addenda = NULL; /* per entry of note_recs */
	struct homework_data homework;
	struct plan_sheet plan;
	struct concept_list concepts = { NULL, 0 };
	char (*ranges)[RANGE_TEXT] = NULL;
	char *practice = NULL, *clinician = NULL;
	bool has_plan = false;
	size_t notes_len = 0, recs_len = 0;
	char rule[600];
	enum dyad_error rc = check_target(path, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = couples_get(store, couple_id, &couple, st)) != DYAD_OK)
		return rc;
	if ((rc = trends_load(store, couple_id, &tr, st)) != DYAD_OK) {
		couple_rec_free(&couple);
		return rc;
	}
	if ((rc = homework_load(store, couple_id, date_to_days(date_today()), &homework, st)) !=
		DYAD_OK) {
		couple_trends_free(&tr);
		couple_rec_free(&couple);
		return rc;
	}
	if ((rc = plan_sheet_load(store, couple_id, &homework.assignments, &plan, &has_plan, st)) !=
		DYAD_OK) {
		homework_data_free(&homework);
		couple_trends_free(&tr);
		couple_rec_free(&couple);
		return rc;
	}
	size_t n = tr.sessions_len, nscales = tr.measures_len + tr.concepts_len;
	if ((rc = concepts_list(store, &concepts, st)) != DYAD_OK ||
		(rc = settings_get(store, "practice.name", &practice, st)) != DYAD_OK ||
		(rc = settings_get(store, "clinician.name", &clinician, st)) != DYAD_OK)
		goto done;
	ranges = calloc(nscales ? nscales : 1, sizeof *ranges);
	sessions = calloc(n ? n : 1, sizeof *sessions);
	scales = calloc(nscales ? nscales : 1, sizeof *scales);
	values = calloc((nscales ? nscales : 1) * 2 * (n ? n : 1), sizeof *values);
	if (include_notes) {
		note_recs = calloc(n ? n : 1, sizeof *note_recs);
		addenda = calloc(n ? n : 1, sizeof *addenda);
	}
	if (ranges == NULL || sessions == NULL || scales == NULL || values == NULL ||
		(include_notes && (addenda == NULL || note_recs == NULL))) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const struct session_rec *s = &tr.sessions[i];
		sessions[i].id = s->id;
		session_time(s, &sessions[i].starts_at);
		sessions[i].minutes = s->minutes;
		sessions[i].modality = s->modality;
		sessions[i].attendance = session_state_of(s) == SESSION_PLANNED ? "planned"
			: s->attendance;
		sessions[i].note_status = s->note_status;
		/* A signed note's addenda are part of it, so they come along. An
		 * individual session's note is what one partner said alone: it
		 * stays out of a joint report unless the report is private. */
		bool signed_note = strcmp(s->note_status, "signed") == 0;
		bool private_note = session_is_individual(s->attendance) && !include_private;
		if (include_notes && !private_note && (s->note_bytes > 0 || signed_note)) {
			if ((rc = notes_get(store, s->id, &note_recs[recs_len], st)) != DYAD_OK)
				goto done;
			recs_len++;
			if (signed_note &&
				(rc = addenda_list(store, s->id, &addenda[recs_len - 1], st)) != DYAD_OK)
				goto done;
		}
	}
	if (include_notes) {
		size_t total = recs_len;
		for (size_t k = 0; k < recs_len; k++)
			total += addenda[k].len;
		if ((notes = calloc(total ? total : 1, sizeof *notes)) == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			goto done;
		}
		/* Each note, then its addenda in the order written, each dated. */
		for (size_t k = 0, i = 0; k < recs_len; k++) {
			while (i < n && tr.sessions[i].id != note_recs[k].session_id)
				i++;
			notes[notes_len].session = i;
			notes[notes_len++].body = note_recs[k].body;
			for (size_t a = 0; a < addenda[k].len; a++) {
				notes[notes_len].session = i;
				notes[notes_len].body = addenda[k].items[a].body;
				notes[notes_len++].addendum_at = addenda[k].items[a].created_at;
			}
		}
	}
	for (size_t k = 0; k < nscales; k++) {
		const struct trend_series *s = k < tr.measures_len ? &tr.measures[k]
								  : &tr.concepts[k - tr.measures_len];
		fill_scale(&scales[k], s, n, values + k * 2 * n);
		scales[k].range = scale_range(s, &concepts, ranges[k]);
	}
	memset(&job, 0, sizeof job);
	job.report.id = couple.id;
	job.report.name = couple.name;
	job.report.status = couple.status;
	for (int p = 0; p < 2; p++) {
		job.report.partner_name[p] = couple.partner[p].name;
		job.report.partner_pronouns[p] = couple.partner[p].pronouns;
	}
	struct dyad_date intake;
	if (date_parse(couple.intake, &intake))
		job.report.intake = to_date(intake);
	job.report.sessions = sessions;
	job.report.sessions_len = n;
	job.report.measures = scales;
	job.report.measures_len = tr.measures_len;
	job.report.concepts = scales + tr.measures_len;
	job.report.concepts_len = tr.concepts_len;
	job.report.trend_rule = report_trend_rule(rule, sizeof rule);
	job.report.has_homework = true;
	job.report.assignments = homework.out;
	job.report.assignments_len = homework.assignments.len;
	for (int p = 0; p < 2; p++)
		job.report.adherence[p] = to_report_tally(&homework.overall.partner[p],
			&homework.overall_reporting[p]);
	job.report.adherence[2] = to_report_tally(&homework.overall.together,
		&homework.overall_reporting[2]);
	job.report.adherence_rule = report_adherence_rule();
	job.report.practice = practice && practice[0] ? practice : NULL;
	job.report.clinician = clinician && clinician[0] ? clinician : NULL;
	job.report.include_notes = include_notes;
	job.report.notes = notes;
	job.report.notes_len = notes_len;
	if (include_private) {
		if ((rc = screenings_list(store, couple_id, &screenings, st)) != DYAD_OK)
			goto done;
		screening_rows = calloc(screenings.len ? screenings.len : 1, sizeof *screening_rows);
		if (screening_rows == NULL) {
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
			goto done;
		}
		for (size_t k = 0; k < screenings.len; k++) {
			const struct screening_rec *sr = &screenings.items[k];
			screening_rows[k].day = parse_day(sr->screened_on);
			screening_rows[k].partner = sr->partner;
			screening_rows[k].method = sr->method;
			screening_rows[k].result = sr->result;
			screening_rows[k].action = sr->action;
		}
		job.report.include_private = true;
		job.report.screenings = screening_rows;
		job.report.screenings_len = screenings.len;
	}
	job.report.plan = has_plan ? &plan.plan : NULL;
	job.options.as_of = to_date(date_today());
	char *dir = paths_dirname(path);
	if (dir == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	job.options.tmpdir = dir;
	/* Every report that leaves is in the audit log, and whether it holds
	 * note text. */
	char detail[AUDIT_DETAIL_MAX];
	snprintf(detail, sizeof detail, "%s%s%s", path, include_notes ? " (with note text)" : "",
		include_private ? " (with private records)" : "");
	rc = write_atomically(store, path, write_couple, &job, couple_id, detail, st);
	free(dir);
done:
	for (size_t k = 0; k < recs_len; k++) {
		note_rec_free(&note_recs[k]);
		addendum_list_free(&addenda[k]);
	}
	free(note_recs);
	free(addenda);
	free(notes);
	free(screening_rows);
	screening_list_free(&screenings);
	free(values);
	free(scales);
	free(sessions);
	free(ranges);
	free(practice);
	free(clinician);
	concept_list_free(&concepts);
	homework_data_free(&homework);
	plan_sheet_free(&plan);
	couple_trends_free(&tr);
	couple_rec_free(&couple);
	return rc;
}

/* --- the caseload ----------------------------------------------------------- */

struct caseload_job {
	struct store *store;
	struct progress_caseload caseload;
	struct progress_options options;
	struct couple_list couples;
	size_t next;
	/* Every couple's figures, worked out before the first row. */
	struct caseload figures;
	/* The rows in the order written: who needs attention first, then by
	 * name (couples_list's order). */
	size_t *order;
	struct progress_value *latest;
	bool *past;
	struct strbuf flags, attention;
	struct dyad_status status;
	/* Every couple's safety alerts (alerts.h), read once. */
	struct alert_list alerts;
};

/* How many safety alerts rank a couple up the caseload: felt safety and
 * flooding. A screening's concern ranks it already, in its own words. */
static int caseload_alerts(const struct caseload_job *job, int64_t couple_id)
{
	size_t n = 0;
	const struct alert *a = alerts_of(&job->alerts, couple_id, &n);
	int count = 0;
	for (size_t i = 0; a != NULL && i < n; i++)
		if (a[i].kind != ALERT_SCREENING)
			count++;
	return count;
}

static void flag_join(struct strbuf *sb, const char *text)
{
	if (sb->len)
		strbuf_adds(sb, "; ");
	strbuf_adds(sb, text);
}

static int caseload_next(void *ctx, struct progress_caseload_row *row,
	struct progress_error *err)
{
	struct caseload_job *job = ctx;
	if (job->next >= job->couples.len)
		return 0;
	size_t at = job->order[job->next++];
	const struct couple_rec *c = &job->couples.items[at];
	const struct caseload_couple *f = &job->figures.couples[at];
	const struct caseload *cl = &job->figures;
	row->couple_id = c->id;
	row->name = c->name;
	row->status = c->status;
	row->partner_name[0] = c->partner[0].name;
	row->partner_name[1] = c->partner[1].name;
	struct dyad_date d;
	if (date_parse(c->intake, &d))
		row->intake = to_date(d);
	if (f->has_last_session)
		row->last_session = to_date(f->last_session);
	row->sessions_held = f->sessions_held;
	row->sessions_missed = f->sessions_missed;
	row->sessions_recent = f->sessions_recent;
	row->adherence = to_tally(&f->homework);

	strbuf_reset(&job->flags);
	size_t nm = job->caseload.measures_len;
	for (size_t m = 0; m < nm; m++) {
		/* The catalogue was read once; a measure added since is skipped. */
		const struct trend_series *s = m < cl->measures_len ? &cl->scales[m] : NULL;
		const struct caseload_scale *fs = s ? &f->scales[m] : NULL;
		for (int p = 0; p < 2; p++) {
			size_t k = 2 * m + (size_t)p;
			job->latest[k].present = fs && fs->partner[p].has_last;
			job->latest[k].value = fs ? fs->partner[p].last : 0.0;
			job->past[k] = fs && fs->partner[p].past_cutoff;
		}
		if (s && (job->past[2 * m] || job->past[2 * m + 1])) {
			char text[300];
			snprintf(text, sizeof text, "%s past its cutoff (%s)", s->name,
				job->past[2 * m] && job->past[2 * m + 1] ? "A and B"
				: job->past[2 * m]			   ? "A"
									   : "B");
			flag_join(&job->flags, text);
		}
	}
	int diverging = 0;
	struct strbuf names = STRBUF_INIT;
	for (size_t k = 0; k < cl->measures_len + cl->concepts_len; k++) {
		if (!f->scales[k].diverging)
			continue;
		if (names.len)
			strbuf_adds(&names, ", ");
		strbuf_adds(&names, cl->scales[k].name);
		diverging++;
	}
	if (diverging > 0) {
		struct strbuf text = STRBUF_INIT;
		strbuf_addf(&text, "partners moving apart on %s", strbuf_str(&names));
		flag_join(&job->flags, strbuf_str(&text));
		strbuf_release(&text);
	}
	strbuf_release(&names);
	strbuf_reset(&job->attention);
	const char *names2[2] = { c->partner[0].name, c->partner[1].name };
	caseload_attention(cl, f, caseload_alerts(job, c->id), names2, &job->attention);
	if (job->flags.failed || job->attention.failed) {
		err->code = PROGRESS_ERR_NOMEM;
		snprintf(err->message, sizeof err->message, "report: out of memory");
		return -1;
	}
	row->latest = job->latest;
	row->past_cutoff = job->past;
	row->diverging = diverging;
	row->flags = strbuf_str(&job->flags);
	row->attention = strbuf_str(&job->attention);
	for (int p = 0; p < 2; p++) {
		row->main_values[p] = f->main_values[p];
		row->main_len[p] = f->main_len[p];
		row->main_trend[p] = cl->has_main
			? trend_direction_word(&cl->scales[cl->main_measure],
				  f->scales[cl->main_measure].partner[p].direction)
			: NULL;
	}
	return 1;
}

/* Sorting the rows: rank high to low, ties in the order given. */
struct ranked_row {
	int rank;
	size_t index;
};

/* Above any rank caseload_attention gives (its bits end below 1 << 16). */
#define CASELOAD_ACTIVE_FIRST (1 << 20)

static int ranked_row_order(const void *a, const void *b)
{
	const struct ranked_row *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* job->order: who needs attention first, then couples_list's name order;
 * paused and closed couples after every active one, whatever their flags
 * (a paused couple has no new scores because it is paused). */
static enum dyad_error caseload_order(struct caseload_job *job, struct dyad_status *st)
{
	size_t n = job->couples.len;
	struct ranked_row *ranked = malloc((n ? n : 1) * sizeof *ranked);
	job->order = malloc((n ? n : 1) * sizeof *job->order);
	if (ranked == NULL || job->order == NULL) {
		free(ranked);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	struct strbuf scratch = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct couple_rec *c = &job->couples.items[i];
		const char *names[2] = { c->partner[0].name, c->partner[1].name };
		strbuf_reset(&scratch);
		ranked[i].rank = caseload_attention(&job->figures, &job->figures.couples[i],
			caseload_alerts(job, c->id), names, &scratch);
		if (strcmp(c->status, "active") == 0)
			ranked[i].rank += CASELOAD_ACTIVE_FIRST;
		ranked[i].index = i;
	}
	strbuf_release(&scratch);
	if (n > 1)
		qsort(ranked, n, sizeof *ranked, ranked_row_order);
	for (size_t i = 0; i < n; i++)
		job->order[i] = ranked[i].index;
	free(ranked);
	return DYAD_OK;
}

static enum progress_status write_caseload(const char *path, void *ctx,
	struct progress_error *err)
{
	struct caseload_job *job = ctx;
	job->next = 0;
	return progress_write_caseload(path, &job->caseload, &job->options, err);
}

enum dyad_error report_write_caseload(struct store *store, const char *path,
	struct dyad_status *st)
{
	struct caseload_job job;
	struct measure_list measures = { NULL, 0 };
	struct progress_caseload_measure *columns = NULL;
	char *dir = NULL, *paper = NULL;
	enum dyad_error rc = check_target(path, st);
	if (rc != DYAD_OK)
		return rc;
	memset(&job, 0, sizeof job);
	job.store = store;
	/* One state of the database for the whole report, and one lock. */
	if ((rc = store_read_begin(store, st)) != DYAD_OK)
		return rc;
	int64_t *ids = NULL;
	if ((rc = measures_list_in_use(store, &measures, st)) != DYAD_OK ||
		(rc = couples_list(store, true, &job.couples, st)) != DYAD_OK)
		goto done;
	ids = malloc((job.couples.len ? job.couples.len : 1) * sizeof *ids);
	if (ids == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	for (size_t i = 0; i < job.couples.len; i++)
		ids[i] = job.couples.items[i].id;
	if ((rc = caseload_load(store, ids, job.couples.len, date_to_days(date_today()),
		     REPORT_RECENT_DAYS, &job.figures, st)) != DYAD_OK ||
		(rc = alerts_load(store, 0, &job.alerts, st)) != DYAD_OK ||
		(rc = caseload_order(&job, st)) != DYAD_OK ||
		(rc = settings_get(store, "paper", &paper, st)) != DYAD_OK)
		goto done;
	size_t nm = measures.len;
	columns = calloc(nm ? nm : 1, sizeof *columns);
	job.latest = calloc(2 * (nm ? nm : 1), sizeof *job.latest);
	job.past = calloc(2 * (nm ? nm : 1), sizeof *job.past);
	dir = paths_dirname(path);
	if (columns == NULL || job.latest == NULL || job.past == NULL || dir == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto done;
	}
	for (size_t m = 0; m < nm; m++) {
		columns[m].name = measures.items[m].name;
		columns[m].has_cutoff = measures.items[m].has_cutoff;
		columns[m].cutoff = measures.items[m].cutoff;
		columns[m].higher_is_better = measures.items[m].higher_is_better;
	}
	job.caseload.measures = columns;
	job.caseload.measures_len = nm;
	job.caseload.has_homework = true;
	job.caseload.paper = paper == NULL ? PROGRESS_PAPER_DEFAULT
		: strcmp(paper, "a4") == 0 ? PROGRESS_PAPER_A4
		: strcmp(paper, "letter") == 0 ? PROGRESS_PAPER_LETTER
					       : PROGRESS_PAPER_DEFAULT;
	if (job.figures.has_main) {
		const struct trend_series *s = &job.figures.scales[job.figures.main_measure];
		job.caseload.main_name = s->name;
		job.caseload.main_min = s->scale_min;
		job.caseload.main_max = s->scale_max;
	}
	job.caseload.next = caseload_next;
	job.caseload.ctx = &job;
	job.options.as_of = to_date(date_today());
	job.options.tmpdir = dir;
	/* Everything is read: the workbook is written from memory, and the
	 * audit entry needs a write transaction. */
	store_read_end(store);
	char detail[AUDIT_DETAIL_MAX];
	snprintf(detail, sizeof detail, "caseload: %s", path);
	rc = write_atomically(store, path, write_caseload, &job, 0, detail, st);
	/* A failure inside the row source is the more precise message. */
	if (rc != DYAD_OK && job.status.code != DYAD_OK)
		dyad_fail(st, job.status.code, "%s", dyad_status_message(&job.status));
	if (rc != DYAD_OK && job.status.code != DYAD_OK)
		rc = job.status.code;
done:
	store_read_end(store);
	free(ids);
	caseload_free(&job.figures);
	alert_list_free(&job.alerts);
	strbuf_release(&job.flags);
	strbuf_release(&job.attention);
	free(job.order);
	free(paper);
	free(job.latest);
	free(job.past);
	free(columns);
	free(dir);
	couple_list_free(&job.couples);
	measure_list_free(&measures);
	return rc;
}
