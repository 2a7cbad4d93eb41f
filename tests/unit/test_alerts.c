/* test_alerts.c: the safety alert rules (domain/alerts.h) on hand-made
 * values, and the set-based read of every couple agreeing with reading
 * each couple alone. */
#include "tests/unit/check.h"

#include "app/domain/alerts.h"
#include "app/domain/demo.h"
#include "app/domain/intake.h"
#include "app/store/db.h"

#define TODAY "2026-11-28"

static const char *const days[] = { "2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20" };

/* Sets partner p's series to the n values given, one session a week, the
 * last on 20 Nov; session ids are 1..n so series of one partner line up. */
static void put(struct alert_input *in, enum alert_series series, int p, double lo, double hi,
	size_t n, const double *values)
{
	struct alert_values *v = &in->series[series][p];
	v->n = n;
	v->scale_min = lo;
	v->scale_max = hi;
	for (size_t i = 0; i < n; i++) {
		v->value[i] = values[i];
		memcpy(v->on[i], days[4 - n + i], 11);
		v->session[i] = (int64_t)(4 - n + i + 1);
	}
}

static struct alert_input calm_input(void)
{
	struct alert_input in;
	memset(&in, 0, sizeof in);
	in.partner_name[0] = "Maya";
	in.partner_name[1] = "Daniel";
	const double safety[] = { 7, 7, 8, 8 }, bpm[] = { 84, 90, 88 }, episodes[] = { 1, 1, 0 },
		        pause[] = { 1, 1, 1 };
	for (int p = 0; p < 2; p++) {
		put(&in, ALERT_SERIES_FELT_SAFETY, p, 0, 10, 4, safety);
		put(&in, ALERT_SERIES_SAFETY_RATING, p, 0, 10, 4, safety);
		put(&in, ALERT_SERIES_PEAK_BPM, p, 30, 220, 3, bpm);
		put(&in, ALERT_SERIES_EPISODES, p, 0, 20, 3, episodes);
		put(&in, ALERT_SERIES_BREAK, p, 0, 1, 3, pause);
	}
	return in;
}

static size_t evaluate(const struct alert_input *in, int threshold, struct alert *out)
{
	return alerts_evaluate(in, threshold, 7, out);
}

static void a_calm_couple_has_no_alert(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	CHECK(evaluate(&in, ALERT_FELT_SAFETY_DEFAULT, out) == 0);
	struct alert_input empty;
	memset(&empty, 0, sizeof empty);
	empty.partner_name[0] = "Maya";
	empty.partner_name[1] = "Daniel";
	CHECK(evaluate(&empty, ALERT_FELT_SAFETY_DEFAULT, out) == 0);
}

static void felt_safety_at_the_threshold_alerts_and_one_above_does_not(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	const double three[] = { 3, 3, 3, 3 }, four[] = { 4, 4, 4, 4 };
	put(&in, ALERT_SERIES_FELT_SAFETY, 0, 0, 10, 4, four);
	CHECK(evaluate(&in, 3, out) == 0);
	put(&in, ALERT_SERIES_FELT_SAFETY, 0, 0, 10, 4, three);
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].kind == ALERT_FELT_SAFETY);
	CHECK(out[0].partner == 0);
	CHECK(out[0].couple_id == 7);
	CHECK_STR(out[0].reason, "Maya: felt safety 3/10 on 20 Nov");
	/* The threshold is the setting's: at 2, a 3 no longer alerts. */
	CHECK(evaluate(&in, 2, out) == 0);
	/* The clinician's rating counts the same way. */
	in = calm_input();
	const double rated[] = { 2 };
	put(&in, ALERT_SERIES_SAFETY_RATING, 1, 0, 10, 1, rated);
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].partner == 1);
	CHECK_STR(out[0].reason, "Daniel: safety rated 2/10 in session on 20 Nov");
}

static void falling_felt_safety_alerts_before_it_is_low(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	const double falling[] = { 9, 8, 6, 5 }, wobble[] = { 8, 7, 8, 7 };
	put(&in, ALERT_SERIES_FELT_SAFETY, 1, 0, 10, 4, wobble);
	CHECK(evaluate(&in, 3, out) == 0);
	put(&in, ALERT_SERIES_FELT_SAFETY, 1, 0, 10, 4, falling);
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].kind == ALERT_FELT_SAFETY && out[0].partner == 1);
	CHECK_STR(out[0].reason, "Daniel: felt safety worsening (9, 8, 6, 5)");
	/* Rising is good news, not an alert. */
	const double rising[] = { 5, 6, 8, 9 };
	put(&in, ALERT_SERIES_FELT_SAFETY, 1, 0, 10, 4, rising);
	CHECK(evaluate(&in, 3, out) == 0);
}

static void a_fast_heart_in_two_of_the_last_three_sessions_alerts(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	const double one[] = { 112, 96, 99 }, two[] = { 104, 96, 100 },
		        old[] = { 120, 130, 96, 99 };
	put(&in, ALERT_SERIES_PEAK_BPM, 0, 30, 220, 3, one);
	CHECK(evaluate(&in, 3, out) == 0);
	/* Two in the window, one of them exactly at the line. */
	put(&in, ALERT_SERIES_PEAK_BPM, 0, 30, 220, 3, two);
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].kind == ALERT_FLOODING && out[0].partner == 0);
	CHECK_STR(out[0].reason,
		"Maya: peak heart rate 100+ in 2 of the last 3 sessions (104, 96, 100 bpm)");
	/* Only the last three count: two old highs then two calm sessions. */
	put(&in, ALERT_SERIES_PEAK_BPM, 0, 30, 220, 4, old);
	CHECK(evaluate(&in, 3, out) == 0);
}

static void rising_episodes_without_a_break_alert(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	const double rising[] = { 0, 1, 3 }, no_break[] = { 1, 1, 0 }, took_break[] = { 0, 0, 1 };
	put(&in, ALERT_SERIES_EPISODES, 1, 0, 20, 3, rising);
	put(&in, ALERT_SERIES_BREAK, 1, 0, 1, 3, took_break);
	CHECK(evaluate(&in, 3, out) == 0);
	put(&in, ALERT_SERIES_BREAK, 1, 0, 1, 3, no_break);
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].kind == ALERT_FLOODING && out[0].partner == 1);
	CHECK_STR(out[0].reason, "Daniel: flooding episodes rising (0, 1, 3), no break taken on 20 Nov");
	/* A break not recorded at the latest session is not "not taken". */
	const double earlier[] = { 1, 0 };
	struct alert_values *b = &in.series[ALERT_SERIES_BREAK][1];
	put(&in, ALERT_SERIES_BREAK, 1, 0, 1, 2, earlier);
	b->session[1] = 2; /* recorded at the second session, not the last */
	CHECK(evaluate(&in, 3, out) == 0);
	/* Steady episodes do not alert, break or no break. */
	const double steady[] = { 2, 2, 2 };
	put(&in, ALERT_SERIES_EPISODES, 1, 0, 20, 3, steady);
	put(&in, ALERT_SERIES_BREAK, 1, 0, 1, 3, no_break);
	CHECK(evaluate(&in, 3, out) == 0);
}

static void a_screening_concern_uses_the_banner_words(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	in.screening[1] = SAFETY_CONCERN;
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].kind == ALERT_SCREENING && out[0].partner == 1);
	struct safety_flag flag = { SAFETY_CONCERN, { SAFETY_NONE, SAFETY_CONCERN } };
	char banner[120];
	CHECK_STR(out[0].reason, safety_flag_banner(&flag, banner, sizeof banner));
	in.screening[0] = SAFETY_SEVERE;
	in.screening[1] = SAFETY_SEVERE;
	CHECK(evaluate(&in, 3, out) == 1);
	CHECK(out[0].partner == ALERT_PARTNER_COUPLE);
}

static void every_kind_at_once_stays_within_the_limit(void)
{
	struct alert_input in = calm_input();
	struct alert out[ALERT_MAX_PER_COUPLE];
	const double low[] = { 9, 6, 4, 1 }, bpm[] = { 120, 130, 125 }, rising[] = { 0, 2, 5 },
		        no_break[] = { 0, 0, 0 };
	for (int p = 0; p < 2; p++) {
		put(&in, ALERT_SERIES_FELT_SAFETY, p, 0, 10, 4, low);
		put(&in, ALERT_SERIES_SAFETY_RATING, p, 0, 10, 4, low);
		put(&in, ALERT_SERIES_PEAK_BPM, p, 30, 220, 3, bpm);
		put(&in, ALERT_SERIES_EPISODES, p, 0, 20, 3, rising);
		put(&in, ALERT_SERIES_BREAK, p, 0, 1, 3, no_break);
	}
	in.screening[0] = SAFETY_SEVERE;
	CHECK(evaluate(&in, 3, out) == ALERT_MAX_PER_COUPLE);
	CHECK(strlen(out[0].reason) < ALERT_REASON_MAX);
	CHECK(out[0].kind == ALERT_FELT_SAFETY && out[2].kind == ALERT_FLOODING &&
		out[4].kind == ALERT_SCREENING);
}

/* The list of every couple, read at once, says what each couple's own
 * read says. */
static void every_couple_at_once_matches_each_couple_alone(void)
{
	setenv("DYAD_TODAY", TODAY, 1);
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	CHECK(store_open(check_temp_db(), 0, &s, &st) == DYAD_OK);
	if (s == NULL)
		return;
	struct demo_options opt = demo_default_options();
	CHECK(demo_generate(s, &opt, NULL, &st) == DYAD_OK);
	struct alert_list all;
	CHECK(alerts_load(s, 0, &all, &st) == DYAD_OK);
	CHECK(all.len > 0);
	size_t seen = 0;
	for (int64_t id = 1; id <= opt.couples; id++) {
		size_t n, count;
		const struct alert *mine = alerts_of(&all, id, &n);
		struct alert_list one;
		CHECK(alerts_load(s, id, &one, &st) == DYAD_OK);
		CHECK(one.len == n);
		for (size_t i = 0; i < n && i < one.len; i++)
			CHECK_STR(mine[i].reason, one.items[i].reason);
		CHECK(alerts_count(s, id, &count, NULL, &st) == DYAD_OK && count == n);
		seen += n;
		alert_list_free(&one);
	}
	CHECK(seen == all.len);
	/* Some demo couples alert and several do not. */
	size_t quiet = 0;
	for (int64_t id = 1; id <= opt.couples; id++) {
		size_t n;
		alerts_of(&all, id, &n);
		quiet += n == 0;
	}
	CHECK(quiet >= 3);
	alert_list_free(&all);
	store_close(s);
}

int main(void)
{
	RUN(a_calm_couple_has_no_alert);
	RUN(felt_safety_at_the_threshold_alerts_and_one_above_does_not);
	RUN(falling_felt_safety_alerts_before_it_is_low);
	RUN(a_fast_heart_in_two_of_the_last_three_sessions_alerts);
	RUN(rising_episodes_without_a_break_alert);
	RUN(a_screening_concern_uses_the_banner_words);
	RUN(every_kind_at_once_stays_within_the_limit);
	RUN(every_couple_at_once_matches_each_couple_alone);
	return check_any_failed;
}
