/* test_outcomes.c: the Jacobson-Truax statuses, the couple's outcome, the
 * direction words, and the built-in measure library. */
#include "tests/unit/check.h"

#include <math.h>

#include "app/domain/measure_library.h"
#include "app/domain/measures.h"
#include "app/domain/outcomes.h"
#include "app/domain/trends.h"

/* ORS: 0..40, higher better, cutoff 25, reliable change 5. */
static const struct outcome_scale ors = { true, true, 25, true, 5 };
/* PHQ-9: lower better, cutoff 9.5, reliable change 6. */
static const struct outcome_scale phq9 = { false, true, 9.5, true, 6 };

static void a_reliable_gain_across_the_cutoff_is_recovered(void)
{
	CHECK(outcome_classify(&ors, 5, 18, 30) == OUTCOME_RECOVERED);
	CHECK(outcome_classify(&phq9, 4, 18, 6) == OUTCOME_RECOVERED);
}

static void a_reliable_gain_that_stays_clinical_is_improved(void)
{
	CHECK(outcome_classify(&ors, 5, 10, 20) == OUTCOME_IMPROVED);
	/* Crossing the cutoff without a reliable change is not recovery. */
	CHECK(outcome_classify(&ors, 5, 23, 27) == OUTCOME_UNCHANGED);
	/* Starting on the healthy side, a reliable gain is an improvement. */
	CHECK(outcome_classify(&ors, 3, 28, 35) == OUTCOME_IMPROVED);
}

static void the_reliable_change_value_itself_counts(void)
{
	CHECK(outcome_classify(&ors, 2, 20, 25) == OUTCOME_RECOVERED);
	CHECK(outcome_classify(&ors, 2, 20, 24.9) == OUTCOME_UNCHANGED);
	CHECK(outcome_classify(&ors, 2, 30, 25) == OUTCOME_DETERIORATED);
}

static void a_reliable_loss_is_deteriorated_in_the_better_direction(void)
{
	CHECK(outcome_classify(&ors, 4, 30, 22) == OUTCOME_DETERIORATED);
	/* On a lower-is-better scale a rise is the loss. */
	CHECK(outcome_classify(&phq9, 4, 5, 14) == OUTCOME_DETERIORATED);
	CHECK(outcome_classify(&phq9, 4, 14, 5) == OUTCOME_RECOVERED);
}

static void without_numbers_no_status_is_claimed(void)
{
	const struct outcome_scale csi4 = { true, true, 13.5, false, 0 };
	CHECK(outcome_classify(&csi4, 13, 6, 19) == OUTCOME_NOT_AVAILABLE);
	CHECK(outcome_classify(&ors, 1, 10, 10) == OUTCOME_ONE_SCORE);
	CHECK(outcome_classify(&ors, 0, 0, 0) == OUTCOME_NO_SCORES);
	CHECK_STR(outcome_status_name(OUTCOME_NOT_AVAILABLE), "not available");
}

static void the_couple_outcome_reads_both_partners(void)
{
	CHECK(outcome_couple(OUTCOME_RECOVERED, OUTCOME_IMPROVED) == COUPLE_OUTCOME_BOTH_IMPROVED);
	CHECK(outcome_couple(OUTCOME_IMPROVED, OUTCOME_UNCHANGED) == COUPLE_OUTCOME_SPLIT);
	CHECK(outcome_couple(OUTCOME_DETERIORATED, OUTCOME_RECOVERED) == COUPLE_OUTCOME_SPLIT);
	CHECK(outcome_couple(OUTCOME_UNCHANGED, OUTCOME_UNCHANGED) == COUPLE_OUTCOME_BOTH_STUCK);
	CHECK(outcome_couple(OUTCOME_UNCHANGED, OUTCOME_DETERIORATED) == COUPLE_OUTCOME_WORSE);
	CHECK(outcome_couple(OUTCOME_IMPROVED, OUTCOME_NOT_AVAILABLE) == COUPLE_OUTCOME_UNKNOWN);
	CHECK_STR(couple_outcome_name(COUPLE_OUTCOME_BOTH_STUCK), "both stuck");
}

static void direction_words_follow_the_better_end(void)
{
	struct trend_series contempt = { 0 }, safety = { 0 }, unknown = { 0 };
	contempt.better_known = true;
	contempt.higher_is_better = false;
	safety.better_known = true;
	safety.higher_is_better = true;
	CHECK_STR(trend_direction_word(&contempt, TREND_FALLING), "improving");
	CHECK_STR(trend_direction_word(&contempt, TREND_RISING), "worsening");
	CHECK_STR(trend_direction_word(&safety, TREND_FALLING), "worsening");
	CHECK_STR(trend_direction_word(&safety, TREND_RISING), "improving");
	CHECK_STR(trend_direction_word(&safety, TREND_STEADY), "steady");
	CHECK_STR(trend_direction_word(&unknown, TREND_RISING), "rising");
}

static void reliable_change_comes_from_reliability_and_sd(void)
{
	struct measure_rec m = { 0 };
	double rc;
	CHECK(!measure_reliable_change(&m, &rc));
	m.has_reliability = true;
	m.reliability = 0.9;
	m.norm_sd = 10;
	CHECK(measure_reliable_change(&m, &rc));
	CHECK(fabs(rc - 1.96 * 10 * sqrt(0.2)) < 1e-9);
	m.has_reliable_change = true;
	m.reliable_change = 5;
	CHECK(measure_reliable_change(&m, &rc) && rc == 5);
}

static const struct measure_rec *find(const struct measure_rec *recs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (recs[i].key != NULL && strcmp(recs[i].key, key) == 0)
			return &recs[i];
	return NULL;
}

static void every_library_file_parses_with_its_published_numbers(void)
{
	size_t n = measure_library_files_count;
	struct measure_rec *recs = calloc(n, sizeof *recs);
	CHECK(recs != NULL && n >= 10);
	for (size_t i = 0; recs && i < n; i++) {
		struct dyad_status st = { 0 };
		CHECK(measure_library_parse(measure_library_files[i].name,
			      measure_library_files[i].text, &recs[i], &st) == DYAD_OK);
		if (st.code != DYAD_OK)
			printf("# %s\n", st.message);
		CHECK(recs[i].source != NULL && recs[i].licence != NULL);
	}
	const struct measure_rec *m;
	double rc;
	CHECK((m = find(recs, n, "csi4")) && m->scale_max == 21 && m->cutoff == 13.5 &&
		!measure_reliable_change(m, &rc));
	CHECK((m = find(recs, n, "csi16")) && m->scale_max == 81 && m->cutoff == 51.5);
	CHECK((m = find(recs, n, "csi32")) && m->scale_max == 161 && m->cutoff == 104.5);
	CHECK((m = find(recs, n, "rdas")) && m->scale_max == 69 && m->cutoff == 48);
	CHECK((m = find(recs, n, "ors")) && m->scale_max == 40 && m->cutoff == 25 &&
		measure_reliable_change(m, &rc) && rc == 5);
	CHECK((m = find(recs, n, "srs")) && m->scale_max == 40 && m->cutoff == 36);
	CHECK((m = find(recs, n, "phq9")) && !m->higher_is_better && m->scale_max == 27);
	CHECK((m = find(recs, n, "gad7")) && !m->higher_is_better && m->scale_max == 21);
	CHECK(find(recs, n, "felt_safety") != NULL && find(recs, n, "felt_connection") != NULL);
	for (size_t i = 0; recs && i < n; i++)
		measure_rec_free(&recs[i]);
	free(recs);
}

static void a_broken_library_file_names_its_line(void)
{
	struct measure_rec m;
	struct dyad_status st = { 0 };
	CHECK(measure_library_parse("x.txt", "key: x\nname: X\nmin: 0\nmax: 10\nbetter: up\n", &m,
		      &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "x.txt: better") != NULL);
	CHECK(measure_library_parse("y.txt", "key: y\ncolour: red\n", &m, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "y.txt:2: unknown field") != NULL);
}

int main(void)
{
	RUN(a_reliable_gain_across_the_cutoff_is_recovered);
	RUN(a_reliable_gain_that_stays_clinical_is_improved);
	RUN(the_reliable_change_value_itself_counts);
	RUN(a_reliable_loss_is_deteriorated_in_the_better_direction);
	RUN(without_numbers_no_status_is_claimed);
	RUN(the_couple_outcome_reads_both_partners);
	RUN(direction_words_follow_the_better_end);
	RUN(reliable_change_comes_from_reliability_and_sd);
	RUN(every_library_file_parses_with_its_published_numbers);
	RUN(a_broken_library_file_names_its_line);
	return check_any_failed;
}
