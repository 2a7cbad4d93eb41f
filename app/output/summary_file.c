/* summary_file.c: a couple's progress summary, from the records to a PDF. */
#include "app/output/summary_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/core/fileio.h"
#include "app/core/strpool.h"
#include "app/core/utf8.h"
#include "app/domain/handout_text.h"
#include "app/domain/outcomes.h"
#include "app/domain/trends.h"
#include "app/output/handout_file.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/maintenance.h"
#include "app/store/measures.h"
#include "reports/summary.h"

static const char *const month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

/* "3 September 2026", or "3 Sep 2026" when short. */
static void day_text(struct dyad_date d, bool short_month, char *out, size_t size)
{
	if (d.month < 1 || d.month > 12) {
		snprintf(out, size, "?");
		return;
	}
	if (short_month)
		snprintf(out, size, "%d %.3s %d", d.day, month_names[d.month - 1], d.year);
	else
		snprintf(out, size, "%d %s %d", d.day, month_names[d.month - 1], d.year);
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

static bool session_date(const struct session_rec *r, struct dyad_date *d)
{
	char day[11];
	snprintf(day, sizeof day, "%.10s", r->starts_at);
	return date_parse(day, d);
}

/* Everything the summary's strings and points live in. */
struct summary_data {
	struct couple_rec couple;
	bool have_couple;
	struct couple_outcomes outcomes;
	struct measure_due_list due;
	char *practice;
	char *clinician;
	struct summary_measure *measures;
	struct summary_point **points;   /* one array per measure */
	struct strpool strings;          /* every string made here */
	const char **more;
	size_t n;
};

/* A formatted string kept until summary_data_free; NULL when out of memory
 * (every caller copes with a NULL string). */
#define keepf(d, ...) strpool_keepf(&(d)->strings, __VA_ARGS__)

static void summary_data_free(struct summary_data *d)
{
	if (d->have_couple)
		couple_rec_free(&d->couple);
	couple_outcomes_free(&d->outcomes);
	measure_due_list_free(&d->due);
	free(d->practice);
	free(d->clinician);
	if (d->points != NULL)
		for (size_t i = 0; i < d->n; i++)
			free(d->points[i]);
	free(d->points);
	free(d->measures);
	strpool_free(&d->strings);
	free(d->more);
}

/* --- which measures come first ------------------------------------------------------ */

struct ranked {
	const struct measure_outcome *item;
	bool line;       /* a partner has two scores or more: a line, not a dot */
	bool scheduled;
	size_t scores;
	size_t order;    /* catalogue order */
};

static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	if (a->line != b->line)
		return a->line ? -1 : 1;
	if (a->scheduled != b->scheduled)
		return a->scheduled ? -1 : 1;
	if (a->scores != b->scores)
		return a->scores > b->scores ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* Measures each partner answers on their own and that a joint page must
 * not show the other: how safe one feels with the other (felt safety) can
 * put them at risk if it is read out in front of them. They stay in the
 * clinician's report and are neither charted nor counted here. */
static bool kept_from_couple(const char *key)
{
	static const char *const private_measures[] = { "felt_safety" };
	for (size_t i = 0; i < sizeof private_measures / sizeof private_measures[0]; i++)
		if (key != NULL && strcmp(key, private_measures[i]) == 0)
			return true;
	return false;
}

static bool is_scheduled(const struct measure_due_list *due, const char *key)
{
	for (size_t i = 0; i < due->len; i++)
		if (strcmp(due->items[i].key, key) == 0)
			return true;
	return false;
}

/* --- one partner's line ------------------------------------------------------------- */

/* Where partner p's scores sit against the healthy line: ", past the
 * healthy line since October" and the like; "" without a cutoff. */
static const char *line_clause(struct summary_data *d, const struct couple_trends *t,
	const struct trend_series *s, int p)
{
	if (!s->has_cutoff)
		return "";
	const char *worse_side = s->higher_is_better ? "below" : "above";
	size_t run_start = 0, last = 0, count = 0;
	bool last_healthy = false;
	for (size_t i = 0; i < t->sessions_len; i++) {
		const struct trend_cell *c = trend_cell_at(s, i, p);
		if (!c->present)
			continue;
		bool healthy = !trend_past_cutoff(s, c->value);
		if (count == 0 || healthy != last_healthy)
			run_start = i;
		last_healthy = healthy;
		last = i;
		count++;
	}
	if (count == 0)
		return "";
	struct dyad_date first_day = { 0, 0, 0 }, last_day = { 0, 0, 0 };
	bool whole = true;
	for (size_t i = 0; i < run_start; i++)
		if (trend_cell_at(s, i, p)->present)
			whole = false;
	if (count == 1 || whole)
		return last_healthy
			? (count == 1 ? ", past the healthy line" : ", past the healthy line throughout")
			: keepf(d, ", %s the healthy line%s", worse_side, count == 1 ? "" : " so far");
	if (!session_date(&t->sessions[run_start], &first_day) ||
		!session_date(&t->sessions[last], &last_day) || first_day.month < 1 ||
		first_day.month > 12)
		return last_healthy ? ", past the healthy line" : keepf(d, ", %s the healthy line",
			worse_side);
	char when[32];
	if (first_day.year == last_day.year)
		snprintf(when, sizeof when, "%s", month_names[first_day.month - 1]);
	else
		snprintf(when, sizeof when, "%s %d", month_names[first_day.month - 1], first_day.year);
	return last_healthy ? keepf(d, ", past the healthy line since %s", when)
			    : keepf(d, ", %s the healthy line since %s", worse_side, when);
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

/* "Maya: 6 to 19, improved, past the healthy line since October". After a
 * right-to-left name, a left-to-right mark keeps the scores that follow in
 * reading order (without it "4 to 8" would join the name's run). */
static const char *reading(struct summary_data *d, const struct couple_trends *t,
	const struct measure_outcome *o, int p)
{
	const char *name = d->couple.partner[p].name;
	const char *colon = right_to_left(name) ? ":\xE2\x80\x8E" /* U+200E */ : ":";
	const struct outcome_partner *op = &o->partner[p];
	char first[32], latest[32];
	number_text(op->first, first, sizeof first);
	number_text(op->latest, latest, sizeof latest);
	if (op->count == 0)
		return keepf(d, "%s%s no scores yet", name, colon);
	const char *clause = line_clause(d, t, o->series, p);
	if (clause == NULL)
		return NULL;
	if (op->count == 1)
		return keepf(d, "%s%s one score so far (%s)%s", name, colon, first, clause);
	bool classified = op->status == OUTCOME_RECOVERED || op->status == OUTCOME_IMPROVED ||
		op->status == OUTCOME_UNCHANGED || op->status == OUTCOME_DETERIORATED;
	return keepf(d, "%s%s %s to %s%s%s%s", name, colon, first, latest, classified ? ", " : "",
		classified ? outcome_status_name(op->status) : "", clause);
}

/* --- the measures ------------------------------------------------------------------- */

static enum dyad_error fill_measure(struct summary_data *d, const struct measure_outcome *o,
	struct summary_measure *m, struct summary_point **points, struct dyad_status *st)
{
	const struct couple_trends *t = &d->outcomes.trends;
	const struct trend_series *s = o->series;
	char a[32], b[32];
	*points = calloc(t->sessions_len ? t->sessions_len : 1, sizeof **points);
	if (*points == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	size_t n = 0;
	struct dyad_date first = { 0, 0, 0 }, last = { 0, 0, 0 };
	for (size_t i = 0; i < t->sessions_len; i++) {
		const struct trend_cell *ca = trend_cell_at(s, i, 0), *cb = trend_cell_at(s, i, 1);
		struct dyad_date day;
		if ((!ca->present && !cb->present) || !session_date(&t->sessions[i], &day))
			continue;
		if (n == 0)
			first = day;
		last = day;
		(*points)[n++] = (struct summary_point){ (long)date_to_days(day),
			{ ca->present, cb->present }, { ca->value, cb->value } };
	}
	number_text(s->scale_min, a, sizeof a);
	number_text(s->scale_max, b, sizeof b);
	char first_text[32], last_text[32], cutoff[32];
	day_text(first, true, first_text, sizeof first_text);
	day_text(last, true, last_text, sizeof last_text);
	number_text(s->cutoff, cutoff, sizeof cutoff);
	*m = (struct summary_measure){
		.name = s->name,
		.scale_min = s->scale_min,
		.scale_max = s->scale_max,
		.has_cutoff = s->has_cutoff,
		.cutoff = s->cutoff,
		.cutoff_label = "healthy line",
		.cutoff_value = s->has_cutoff ? keepf(d, "%s", cutoff) : NULL,
		.scale_labels = { keepf(d, "%s", a), keepf(d, "%s", b) },
		.points = *points,
		.npoints = n,
		.first_date = keepf(d, "%s", first_text),
		.last_date = keepf(d, "%s", last_text),
		.reading = { reading(d, t, o, 0), reading(d, t, o, 1) },
	};
	if ((s->has_cutoff && m->cutoff_value == NULL) || m->scale_labels[0] == NULL ||
		m->scale_labels[1] == NULL || m->first_date == NULL || m->last_date == NULL ||
		m->reading[0] == NULL || m->reading[1] == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	return DYAD_OK;
}

/* The period the scores cover, from the first to the latest scored session. */
static const char *period_text(struct summary_data *d)
{
	const struct couple_trends *t = &d->outcomes.trends;
	bool any = false;
	struct dyad_date first = { 0, 0, 0 }, last = { 0, 0, 0 };
	size_t sessions = 0;
	for (size_t i = 0; i < t->sessions_len; i++) {
		bool scored = false;
		for (size_t k = 0; k < d->outcomes.len && !scored; k++)
			for (int p = 0; p < 2 && !kept_from_couple(d->outcomes.items[k].series->key); p++)
				scored = scored || trend_cell_at(d->outcomes.items[k].series, i, p)->present;
		struct dyad_date day;
		if (!scored || !session_date(&t->sessions[i], &day))
			continue;
		if (!any)
			first = day;
		last = day;
		any = true;
		sessions++;
	}
	if (!any)
		return keepf(d, "%s", "");
	char a[40], b[40];
	day_text(first, false, a, sizeof a);
	day_text(last, false, b, sizeof b);
	if (sessions == 1)
		return keepf(d, "Scores from one session, on %s", a);
	return keepf(d, "Scores from %zu sessions, %s to %s", sessions, a, b);
}

static enum dyad_error gather(struct store *store, int64_t couple_id, struct summary_data *d,
	struct summary *s, struct dyad_status *st)
{
	enum dyad_error rc;
	if ((rc = couples_get(store, couple_id, &d->couple, st)) != DYAD_OK)
		return rc;
	d->have_couple = true;
	if ((rc = outcomes_load(store, couple_id, &d->outcomes, st)) != DYAD_OK ||
		(rc = measure_schedule_status(store, couple_id, "9999-12-31T23:59", &d->due, st)) !=
			DYAD_OK ||
		(rc = settings_get(store, "practice.name", &d->practice, st)) != DYAD_OK ||
		(rc = settings_get(store, "clinician.name", &d->clinician, st)) != DYAD_OK)
		return rc;
	size_t n = d->outcomes.len;
	struct ranked *rank = calloc(n ? n : 1, sizeof *rank);
	d->measures = calloc(n ? n : 1, sizeof *d->measures);
	d->points = calloc(n ? n : 1, sizeof *d->points);
	d->more = calloc(n + 1, sizeof *d->more);
	if (rank == NULL || d->measures == NULL || d->points == NULL || d->more == NULL) {
		free(rank);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const struct measure_outcome *o = &d->outcomes.items[i];
		if (kept_from_couple(o->series->key))
			continue;
		rank[kept] = (struct ranked){ o, o->partner[0].count > 1 || o->partner[1].count > 1,
			is_scheduled(&d->due, o->series->key),
			o->partner[0].count + o->partner[1].count, kept };
		kept++;
	}
	n = kept;
	d->n = n;
	if (n > 1)
		qsort(rank, n, sizeof *rank, ranked_cmp);
	for (size_t i = 0; i < n && rc == DYAD_OK; i++)
		rc = fill_measure(d, rank[i].item, &d->measures[i], &d->points[i], st);
	free(rank);
	if (rc != DYAD_OK)
		return rc;
	for (size_t k = 0; k <= n; k++) {
		size_t left = n - k;
		d->more[k] = left == 0 ? "" : left == 1
			? keepf(d, "One more measure is in the full report; ask your therapist if you "
				"would like to see it.")
			: keepf(d, "%zu more measures are in the full report; ask your therapist if you "
				"would like to see them.", left);
		if (d->more[k] == NULL)
			return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	char today[40];
	day_text(date_today(), false, today, sizeof today);
	const char *names = keepf(d, "%s and %s", d->couple.partner[0].name,
		d->couple.partner[1].name);
	*s = (struct summary){
		.header_left = d->practice != NULL && d->practice[0] ? d->practice : NULL,
		.header_right = keepf(d, "%s", today),
		.title = "Progress summary",
		.couple = strcmp(d->couple.name, names ? names : "") == 0 ? d->couple.name
			: keepf(d, "%s: %s", d->couple.name, names ? names : ""),
		.period = period_text(d),
		.partners = { d->couple.partner[0].name, d->couple.partner[1].name },
		.measures = d->measures,
		.nmeasures = n,
		.empty = "No questionnaire scores have been recorded for you yet. Once you have "
			"filled some in at your sessions, this page will show how they change over time, "
			"for each of you.",
		.more = d->more,
		.closing = n == 0 ? NULL
			: "Both of you are drawn the same way, one line each, session by session. The "
			  "dashed line on each chart is its healthy line: where scores usually move from "
			  "the struggling range into the healthy one. These numbers start a conversation; "
			  "they are not a verdict.",
		.author = d->clinician != NULL && d->clinician[0] ? d->clinician : NULL,
		.language = "en",
	};
	if (names == NULL || s->header_right == NULL || s->couple == NULL || s->period == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	if (s->period[0] == '\0')
		s->period = NULL;
	return DYAD_OK;
}

enum dyad_error summary_write(struct store *store, int64_t couple_id,
	const struct summary_request *rq, struct summary_written *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct summary_data d;
	struct summary s;
	memset(&d, 0, sizeof d);
	char *paper_setting = NULL, *font_setting = NULL, *font_cache = NULL, *name = NULL;
	char regular[1024], bold[1024], today[11];
	bool have_bold = false;
	struct atomic_file af = { NULL, NULL, -1 };
	enum dyad_error rc;
	if ((rc = gather(store, couple_id, &d, &s, st)) != DYAD_OK ||
		(rc = settings_get(store, "paper", &paper_setting, st)) != DYAD_OK ||
		(rc = settings_get(store, "handout.font", &font_setting, st)) != DYAD_OK ||
		(rc = paper_choose(rq->paper, paper_setting, &out->paper, st)) != DYAD_OK ||
		(rc = handout_pick_fonts(font_setting, regular, bold, sizeof regular, &have_bold, st)) !=
			DYAD_OK)
		goto cleanup;
	date_format(date_today(), today);
	if ((name = handout_file_name(d.couple.name, "progress-summary", today)) == NULL ||
		(out->path = handout_target_path(rq->output, name)) == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto cleanup;
	}
	if ((rc = fileio_check_output(out->path, "-o", st)) != DYAD_OK)
		goto cleanup;
	font_cache = handout_font_cache_dir();
	s.font_path = regular;
	s.bold_font_path = have_bold ? bold : NULL;
	s.font_cache_dir = font_cache;
	paper_size_points(out->paper.paper, &s.page_width, &s.page_height);
	if ((rc = atomic_begin(&af, out->path, st)) != DYAD_OK)
		goto cleanup;
	struct handout_error err;
	struct handout_result result;
	if (summary_save_pdf(&s, af.temp_path, &out->shown, &result, &err) != 0) {
		atomic_abort(&af);
		rc = dyad_fail(st, DYAD_ERR_IO, "summary: %s: %s", out->path, err.message);
		goto cleanup;
	}
	if ((rc = store_publish(store, &af, "summary", couple_id, 0, 0, out->path, st)) != DYAD_OK)
		goto cleanup;
	out->total = d.n;
	out->replaced = result.replaced;
cleanup:
	if (rc != DYAD_OK) {
		free(out->path);
		out->path = NULL;
	}
	summary_data_free(&d);
	free(paper_setting);
	free(font_setting);
	free(font_cache);
	free(name);
	return rc;
}
