/* test_caseload.c: the caseload's figures worked out for every couple in one
 * pass equal, couple by couple, what trends_load() and the homework
 * functions give when they read one couple's whole history. */
#include "tests/unit/check.h"

#include <math.h>

#include "app/domain/assignments.h"
#include "app/domain/caseload.h"
#include "app/domain/demo.h"
#include "app/domain/trends.h"
#include "app/store/concepts.h"
#include "app/store/couples.h"
#include "app/store/db.h"
#include "app/store/homework.h"
#include "app/store/measures.h"
#include "app/store/sessions.h"

#define TODAY "2026-11-28"

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static bool same_number(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

static bool same_partner(const struct trend_partner *a, const struct trend_partner *b)
{
	return a->has_last == b->has_last && (!a->has_last || same_number(a->last, b->last)) &&
		a->has_first == b->has_first && (!a->has_first || same_number(a->first, b->first)) &&
		a->past_cutoff == b->past_cutoff && a->count == b->count &&
		a->fit.points == b->fit.points && a->fit.has_slope == b->fit.has_slope &&
		same_number(a->fit.slope, b->fit.slope) && a->direction == b->direction;
}

/* Compares one couple's bulk figures with its own full reading; prints
 * what differs. */
static bool couple_matches(struct store *s, const struct caseload *cl,
	const struct caseload_couple *f, int64_t today)
{
	struct dyad_status st = { 0 };
	struct couple_trends t;
	if (trends_load(s, f->couple_id, &t, &st) != DYAD_OK) {
		printf("# trends_load: %s\n", st.message);
		return false;
	}
	bool ok = t.measures_len == cl->measures_len && t.concepts_len == cl->concepts_len;
	for (size_t k = 0; ok && k < cl->measures_len + cl->concepts_len; k++) {
		const struct trend_series *full = k < t.measures_len ? &t.measures[k]
								 : &t.concepts[k - t.measures_len];
		const struct caseload_scale *bulk = &f->scales[k];
		for (int p = 0; p < (full->couple_level ? 1 : 2) && ok; p++)
			ok = same_partner(&full->partner[p], &bulk->partner[p]);
		ok = ok && full->diverging == bulk->diverging;
		if (!ok)
			printf("# couple %lld, scale %s differs\n", (long long)f->couple_id, full->key);
	}
	/* The main measure's every score, and the count of all scores. */
	size_t scores = 0;
	for (size_t k = 0; ok && k < t.measures_len; k++) {
		const struct trend_series *full = &t.measures[k];
		for (int p = 0; p < 2; p++) {
			scores += full->partner[p].count;
			if (!cl->has_main || k != cl->main_measure)
				continue;
			size_t n = 0;
			for (size_t i = 0; i < t.sessions_len; i++) {
				const struct trend_cell *cell = &full->cells[2 * i + (size_t)p];
				if (!cell->present)
					continue;
				ok = ok && n < f->main_len[p] && same_number(cell->value, f->main_values[p][n]);
				n++;
			}
			ok = ok && n == f->main_len[p];
		}
		if (!ok)
			printf("# couple %lld, main measure %s differs\n", (long long)f->couple_id,
				full->key);
	}
	if (ok && scores != f->scores) {
		printf("# couple %lld: %zu scores, not %zu\n", (long long)f->couple_id, f->scores,
			scores);
		ok = false;
	}
	struct safety_flag flag;
	if (couple_safety_flag(s, f->couple_id, &flag, &st) != DYAD_OK || flag.level != f->safety) {
		printf("# couple %lld: safety differs\n", (long long)f->couple_id);
		ok = false;
	}
	int held = 0, missed = 0, recent = 0;
	struct dyad_date last = { 0, 0, 0 };
	bool has_last = false;
	/* A planned session, booked or dated after today, is neither held
	 * nor missed. */
	for (size_t i = 0; i < t.sessions_len; i++) {
		const struct session_rec *r = &t.sessions[i];
		if (r->planned)
			continue;
		if (strcmp(r->attendance, "no-show") == 0 || strcmp(r->attendance, "cancelled") == 0) {
			missed++;
			continue;
		}
		struct dyad_datetime dt;
		if (!datetime_parse(r->starts_at, &dt, NULL))
			continue;
		int64_t day = date_to_days(dt.date);
		if (day > today)
			continue;
		held++;
		recent += day > today - 90;
		last = dt.date;
		has_last = true;
	}
	couple_trends_free(&t);
	if (held != f->sessions_held || missed != f->sessions_missed ||
		recent != f->sessions_recent || has_last != f->has_last_session ||
		(has_last && memcmp(&last, &f->last_session, sizeof last) != 0)) {
		printf("# couple %lld: sessions differ\n", (long long)f->couple_id);
		ok = false;
	}
	struct assignment_list list;
	if (assignments_list(s, f->couple_id, true, &list, &st) != DYAD_OK)
		return false;
	struct adherence_tally sum = { 0, 0, 0 };
	for (size_t i = 0; i < list.len; i++) {
		struct adherence a;
		if (homework_adherence(s, &list.items[i], &a, NULL, &st) != DYAD_OK)
			ok = false;
		sum.done += a.together.done;
		sum.expected += a.together.expected;
		sum.checkins += a.together.checkins;
	}
	assignment_list_free(&list);
	if (sum.done != f->homework.done || sum.expected != f->homework.expected ||
		sum.checkins != f->homework.checkins) {
		printf("# couple %lld: homework differs\n", (long long)f->couple_id);
		ok = false;
	}
	return ok;
}

static bool every_couple_matches(struct store *s)
{
	struct dyad_status st = { 0 };
	struct couple_list couples;
	if (couples_list(s, true, &couples, &st) != DYAD_OK)
		return false;
	int64_t *ids = calloc(couples.len + 1, sizeof *ids);
	for (size_t i = 0; i < couples.len; i++)
		ids[i] = couples.items[i].id;
	int64_t today = date_to_days(date_today());
	struct caseload cl;
	bool ok = caseload_load(s, ids, couples.len, today, 90, &cl, &st) == DYAD_OK &&
		cl.len == couples.len;
	for (size_t i = 0; ok && i < cl.len; i++)
		ok = cl.couples[i].couple_id == ids[i] && couple_matches(s, &cl, &cl.couples[i], today);
	caseload_free(&cl);
	free(ids);
	couple_list_free(&couples);
	return ok;
}

static void the_synthetic_practice_has_the_same_figures_both_ways(void)
{
	setenv("DYAD_TODAY", TODAY, 1);
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	struct demo_options opt = demo_default_options();
	opt.couples = 40;
	opt.weeks = 50;
	opt.synthetic = true;
	CHECK(demo_generate(s, &opt, NULL, &st) == DYAD_OK);
	CHECK(every_couple_matches(s));
	store_close(s);
}

static void the_small_demo_has_the_same_figures_both_ways(void)
{
	setenv("DYAD_TODAY", TODAY, 1);
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	struct demo_options opt = demo_default_options();
	CHECK(demo_generate(s, &opt, NULL, &st) == DYAD_OK);
	CHECK(every_couple_matches(s));
	store_close(s);
}

/* Whether a write was refused because its session is not held, or its
 * partner was not there. */
static bool refused_as_not_held(enum dyad_error rc, const struct dyad_status *st)
{
	return rc != DYAD_OK && strstr(st->message, "only a held session") != NULL;
}

/* Sessions recorded out of date order, two at the same minute, a couple
 * rating, ratings refused on a cancelled, a missed and a planned session
 * and for a partner who did not come, a planned session in the past, a
 * session dated after today with ratings the store let in, homework
 * without check-ins and a couple with nothing at all. */
static void awkward_records_have_the_same_figures_both_ways(void)
{
	setenv("DYAD_TODAY", TODAY, 1);
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	const char *names[2] = { "Ann", "Bo" };
	int64_t c1, c2, c3, id;
	CHECK(couples_insert(s, "One", "2026-01-01", names, NULL, &c1, &st) == DYAD_OK);
	CHECK(couples_insert(s, "Two", "2026-01-01", names, NULL, &c2, &st) == DYAD_OK);
	CHECK(couples_insert(s, "Three", "2026-01-01", names, NULL, &c3, &st) == DYAD_OK);
	struct concept_rec startup, meta;
	struct measure_rec csi;
	CHECK(concepts_find(s, "startup", &startup, &st) == DYAD_OK);
	CHECK(concepts_find(s, "meta", &meta, &st) == DYAD_OK);
	CHECK(measures_find(s, "csi4", &csi, &st) == DYAD_OK);
	const char *when[] = { "2026-11-20T10:00", "2026-09-01T10:00", "2026-11-20T10:00",
		"2026-10-05T09:30", "2026-06-01T09:00", "2026-11-27T15:00", "2026-07-14T09:00" };
	const char *att[] = { "both", "both", "a-only", "cancelled", "both", "both", "no-show" };
	for (int i = 0; i < 7; i++) {
		CHECK(sessions_insert(s, i % 3 == 2 ? c2 : c1, when[i], 50, "in-person", att[i], &id,
			      &st) == DYAD_OK);
		if (strcmp(att[i], "cancelled") == 0 || strcmp(att[i], "no-show") == 0) {
			CHECK(refused_as_not_held(ratings_set(s, id, startup.id, 0, 3, &st), &st));
			CHECK(refused_as_not_held(ratings_set(s, id, meta.id, 2, 3, &st), &st));
			CHECK(refused_as_not_held(measure_values_set(s, id, csi.id, 0, 3.0, &st), &st));
			continue;
		}
		CHECK(ratings_set(s, id, startup.id, 0, 1 + i % 5, &st) == DYAD_OK);
		if (i != 2)
			CHECK(ratings_set(s, id, startup.id, 1, 5 - i % 4, &st) == DYAD_OK);
		else
			CHECK(refused_as_not_held(ratings_set(s, id, startup.id, 1, 2, &st), &st));
		CHECK(ratings_set(s, id, meta.id, 2, 1 + (i * 3) % 5, &st) == DYAD_OK);
		CHECK(measure_values_set(s, id, csi.id, i % 2, 3.0 * i, &st) == DYAD_OK);
	}
	/* Booked for a day now past but never recorded: still planned. */
	CHECK(sessions_insert(s, c1, "2026-11-24T10:00", 50, "in-person", "planned", &id, &st) ==
		DYAD_OK);
	CHECK(refused_as_not_held(ratings_set(s, id, startup.id, 0, 4, &st), &st));
	/* Marked as held but dated after today (the store has no clock): planned
	 * too, and its ratings count nowhere. */
	CHECK(sessions_insert(s, c1, "2026-12-01T10:00", 50, "in-person", "both", &id, &st) ==
		DYAD_OK);
	CHECK(ratings_set(s, id, startup.id, 0, 1, &st) == DYAD_OK);
	CHECK(measure_values_set(s, id, csi.id, 1, 30.0, &st) == DYAD_OK);
	struct assignment_new a = { c1, "repair-log", "Noticing Our Repair Attempts", "daily", 5,
		"2026-11-01", "2026-11-08", NULL, 0 };
	CHECK(assignments_insert(s, &a, &id, &st) == DYAD_OK);
	a.frequency = "weekly";
	CHECK(assignments_insert(s, &a, &id, &st) == DYAD_OK);
	struct checkin_new ci = { id, 1, 2, 0, NULL, "2026-11-15", 0 };
	CHECK(checkins_put(s, &ci, &id, NULL, &st) == DYAD_OK);
	concept_rec_free(&startup);
	concept_rec_free(&meta);
	measure_rec_free(&csi);
	CHECK(every_couple_matches(s));
	store_close(s);
}

/* One measure (ORS-like: 0 to 40, higher is better, reliable change 5)
 * and one couple, filled in by each case. */
struct one_couple {
	struct trend_series scale;
	struct caseload_scale figures;
	struct caseload cl;
	struct caseload_couple c;
};

static void one_couple_init(struct one_couple *o)
{
	memset(o, 0, sizeof *o);
	o->scale.kind = TREND_MEASURE;
	o->scale.name = "ORS";
	o->scale.scale_max = 40;
	o->scale.higher_is_better = true;
	o->scale.has_reliable_change = true;
	o->scale.reliable_change = 5;
	o->cl.scales = &o->scale;
	o->cl.measures_len = 1;
	o->cl.couples = &o->c;
	o->cl.len = 1;
	o->c.scales = &o->figures;
	o->c.scores = 8;
	o->c.scored_lately = true;
}

/* Partner p's ORS went from first to last over count scores. */
static void one_couple_scores(struct one_couple *o, int p, double first, double last)
{
	struct trend_partner *tp = &o->figures.partner[p];
	tp->count = 4;
	tp->has_first = tp->has_last = true;
	tp->first = first;
	tp->last = last;
}

static int attention_of(struct one_couple *o, int alerts, const char *a, const char *b,
	char *why, size_t size)
{
	const char *names[2] = { a, b };
	struct strbuf sb = STRBUF_INIT;
	int rank = caseload_attention(&o->cl, &o->c, alerts, names, &sb);
	snprintf(why, size, "%s", sb.failed ? "(failed)" : strbuf_str(&sb));
	strbuf_release(&sb);
	return rank;
}

static void attention_ranks_safety_then_alerts_then_worse_then_apart_then_stale(void)
{
	struct one_couple o;
	char why[300];
	int none, stale, no_scores, apart, worse, alerts, concern, severe;
	one_couple_init(&o);
	none = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK(none == 0);
	CHECK_STR(why, "");
	o.c.scored_lately = false;
	stale = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "no scores in the last 4 sessions");
	o.c.scores = 0;
	no_scores = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "no scores yet");
	one_couple_init(&o);
	o.figures.diverging = true;
	apart = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "partners moving apart on ORS");
	one_couple_init(&o);
	one_couple_scores(&o, 0, 30, 24); /* 6 worse: reliably */
	one_couple_scores(&o, 1, 30, 26); /* 4 worse: not reliably */
	worse = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "ORS worsening (Maya)");
	one_couple_scores(&o, 1, 30, 20);
	CHECK(attention_of(&o, 0, "Maya", "", why, sizeof why) == worse);
	CHECK_STR(why, "ORS worsening (Maya and partner B)");
	one_couple_init(&o);
	alerts = attention_of(&o, 2, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "2 safety alerts");
	CHECK(attention_of(&o, 1, "Maya", "Sam", why, sizeof why) < alerts);
	o.c.safety = SAFETY_CONCERN;
	concern = attention_of(&o, 0, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "safety screen: concern");
	o.c.safety = SAFETY_SEVERE;
	one_couple_scores(&o, 0, 30, 20);
	o.figures.diverging = true;
	severe = attention_of(&o, 1, "Maya", "Sam", why, sizeof why);
	CHECK_STR(why, "safety screen: severe; 1 safety alert; ORS worsening (Maya); "
		"partners moving apart on ORS");
	CHECK(none < no_scores && no_scores < stale && stale < apart && apart < worse &&
		worse < alerts && alerts < concern && concern < severe);
	/* Everything below a concern together still ranks under it. */
	o.c.safety = SAFETY_NONE;
	o.c.scored_lately = false;
	CHECK(attention_of(&o, 99, "Maya", "Sam", why, sizeof why) < concern);
}

int main(void)
{
	RUN(attention_ranks_safety_then_alerts_then_worse_then_apart_then_stale);
	RUN(the_synthetic_practice_has_the_same_figures_both_ways);
	RUN(the_small_demo_has_the_same_figures_both_ways);
	RUN(awkward_records_have_the_same_figures_both_ways);
	return check_any_failed;
}
