/* test_progress.c: measures, trends and the divergence rule, the cell-text
 * rules of reports/, and the XLSX writer's failure paths. */
#include "tests/unit/check.h"

#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/cell_text.h"
#include "app/domain/measures.h"
#include "app/domain/practice.h"
#include "app/output/report.h"
#include "app/domain/trends.h"
#include "reports/progress.h"
#include "app/store/db.h"
#include "app/store/measures.h"
#include "app/store/sessions.h"

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9;
}

/* --- the fit and the rule, on plain numbers ---------------------------------- */

static void a_trend_needs_three_values(void)
{
	double one[] = { 5 }, two[] = { 5, 9 };
	struct trend_fit f = trend_fit_recent(one, 1);
	CHECK(!f.has_slope && f.points == 1);
	f = trend_fit_recent(two, 2);
	CHECK(!f.has_slope && f.points == 2);
	f = trend_fit_recent(NULL, 0);
	CHECK(!f.has_slope && f.points == 0);
	CHECK(trend_direction_of(f, 21) == TREND_UNKNOWN);
	double three[] = { 1, 2, 3 };
	f = trend_fit_recent(three, 3);
	CHECK(f.has_slope && near(f.slope, 1.0));
}

static void the_fit_uses_only_the_last_four_values(void)
{
	double v[] = { 20, 0, 1, 2, 3 };
	struct trend_fit f = trend_fit_recent(v, 5);
	CHECK(f.points == 4 && f.has_slope && near(f.slope, 1.0));
	double noisy[] = { 4, 6, 5, 7 }; /* least squares: 0.8 */
	f = trend_fit_recent(noisy, 4);
	CHECK(near(f.slope, 0.8));
}

static void a_flat_line_is_steady_and_never_diverges(void)
{
	double flat[] = { 7, 7, 7, 7 };
	struct trend_fit a = trend_fit_recent(flat, 4), b = trend_fit_recent(flat, 4);
	CHECK(a.has_slope && a.slope == 0.0);
	CHECK(trend_direction_of(a, 10) == TREND_STEADY);
	CHECK(!trend_diverging(a, b, 10));
	double falling[] = { 9, 7, 5, 3 };
	b = trend_fit_recent(falling, 4);
	CHECK(trend_direction_of(b, 10) == TREND_FALLING);
	CHECK(!trend_diverging(a, b, 10)); /* one steady, one falling: not apart */
}

static void the_threshold_is_four_percent_of_the_range_per_session(void)
{
	struct trend_fit f = { 4, true, 0.4 };
	CHECK(trend_direction_of(f, 10) == TREND_STEADY); /* exactly 4%: not more */
	f.slope = 0.41;
	CHECK(trend_direction_of(f, 10) == TREND_RISING);
	f.slope = -0.41;
	CHECK(trend_direction_of(f, 10) == TREND_FALLING);
	f.slope = 0.84;
	CHECK(trend_direction_of(f, 21) == TREND_STEADY);
	f.slope = 0.85;
	CHECK(trend_direction_of(f, 21) == TREND_RISING);
	/* A one-point step over four sessions on a 0..10 scale stays steady. */
	double step[] = { 5, 5, 4, 4 };
	CHECK(trend_direction_of(trend_fit_recent(step, 4), 10) == TREND_STEADY);
	f.slope = 5;
	CHECK(trend_direction_of(f, 0) == TREND_UNKNOWN);
	CHECK(trend_direction_of(f, -3) == TREND_UNKNOWN);
}

static void opposite_trends_diverge_and_parallel_ones_do_not(void)
{
	double up[] = { 8, 10, 12, 14 }, down[] = { 15, 13, 12, 9 }, up2[] = { 9, 9, 12, 13 };
	struct trend_fit a = trend_fit_recent(up, 4), b = trend_fit_recent(down, 4),
			 c = trend_fit_recent(up2, 4);
	CHECK(trend_diverging(a, b, 21));
	CHECK(trend_diverging(b, a, 21));
	CHECK(!trend_diverging(a, c, 21));
	double few[] = { 20, 1 };
	CHECK(!trend_diverging(a, trend_fit_recent(few, 2), 21));
}

static void the_sparkline_places_values_on_the_scale(void)
{
	struct strbuf sb = STRBUF_INIT;
	double v[] = { 0, 21, 10.5, -4, 99 };
	trend_sparkline(&sb, v, 5, 0, 21);
	CHECK_STR(strbuf_str(&sb), "\u2581\u2588\u2585\u2581\u2588");
	strbuf_reset(&sb);
	trend_sparkline(&sb, v, 0, 0, 21);
	CHECK_STR(strbuf_str(&sb), "");
	strbuf_release(&sb);
}

/* --- measures and trends over a database ---------------------------------------- */

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static int64_t add_couple(struct store *s)
{
	struct dyad_status st = { 0 };
	struct couple_input in = { "Okafor & Reyes", "2026-01-05", { "Maya", "Daniel" }, { NULL, NULL } };
	int64_t id = 0;
	CHECK(practice_couple_add(s, &in, &id, &st) == DYAD_OK);
	return id;
}

static int64_t add_session(struct store *s, int64_t couple, int week, const char *attendance)
{
	struct dyad_status st = { 0 };
	char when[32];
	snprintf(when, sizeof when, "2026-%02d-%02dT10:00", 2 + week / 4, 1 + 7 * (week % 4));
	struct session_input in = { when, NULL, NULL, attendance };
	int64_t id = 0;
	CHECK(practice_session_add(s, couple, &in, &id, &st) == DYAD_OK);
	return id;
}

static void measures_are_checked_before_they_are_stored(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t id;
	struct measure_input bad_key = { "Bad Key", "Name", "0", "10", NULL, false, NULL, NULL, NULL, NULL, NULL, NULL };
	CHECK(measure_define(s, &bad_key, &id, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "key:") != NULL);
	struct measure_input upside_down = { "x", "X", "10", "0", NULL, false, NULL, NULL, NULL, NULL, NULL, NULL };
	CHECK(measure_define(s, &upside_down, &id, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "max:") != NULL);
	struct measure_input cut_outside = { "x", "X", "0", "10", "11", false, NULL, NULL, NULL, NULL, NULL, NULL };
	CHECK(measure_define(s, &cut_outside, &id, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "cutoff:") != NULL);
	struct measure_input taken = { "csi4", "Again", "0", "21", NULL, false, NULL, NULL, NULL, NULL, NULL, NULL };
	CHECK(measure_define(s, &taken, &id, &st) == DYAD_ERR_REFUSED);
	struct measure_input good = { "phq-9", "PHQ-9 depression", "0", "27", "9.5", true, NULL, NULL, NULL, NULL, NULL, NULL };
	CHECK(measure_define(s, &good, &id, &st) == DYAD_OK && id > 0);
	struct measure_rec m;
	CHECK(measures_find(s, "phq-9", &m, &st) == DYAD_OK);
	CHECK(!m.higher_is_better && m.has_cutoff && near(m.cutoff, 9.5));
	CHECK(measure_past_cutoff(&m, 10) && !measure_past_cutoff(&m, 9.5) &&
		!measure_past_cutoff(&m, 3));
	measure_rec_free(&m);
	CHECK(measures_find(s, "csi4", &m, &st) == DYAD_OK);
	CHECK(m.higher_is_better && measure_past_cutoff(&m, 13) && !measure_past_cutoff(&m, 13.5));
	measure_rec_free(&m);
	store_close(s);
}

static void scores_follow_the_scale_and_the_session(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t c = add_couple(s);
	int64_t held = add_session(s, c, 0, NULL), cancelled = add_session(s, c, 1, "cancelled");
	CHECK(measure_record(s, held, "csi4", "22", "a", &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "value:") != NULL);
	CHECK(measure_record(s, held, "csi4", "abc", "a", &st) == DYAD_ERR_INVALID);
	CHECK(measure_record(s, held, "nope", "3", "a", &st) == DYAD_ERR_NOT_FOUND);
	CHECK(measure_record(s, cancelled, "csi4", "3", "a", &st) == DYAD_ERR_REFUSED);
	CHECK(measure_record(s, 9999, "csi4", "3", "a", &st) == DYAD_ERR_NOT_FOUND);
	CHECK(measure_record(s, held, "csi4", "12", "a", &st) == DYAD_OK);
	CHECK(measure_record(s, held, "csi4", "14.5", "A", &st) == DYAD_OK); /* replaces */
	CHECK(measure_record(s, held, "felt_safety", "6", "b", &st) == DYAD_OK);
	struct history_list h;
	CHECK(history_measures(s, c, &h, &st) == DYAD_OK);
	CHECK(h.len == 2);
	if (h.len == 2) {
		CHECK(h.items[0].partner == 0 && near(h.items[0].value, 14.5));
		CHECK(h.items[1].partner == 1 && near(h.items[1].value, 6));
	}
	history_list_free(&h);
	/* Signing seals the session's scores with its note: none is added,
	 * changed or cleared afterwards, and what was there stays. */
	int64_t other = add_session(s, c, 0, NULL);
	CHECK(measure_record(s, other, "csi4", "10", "a", &st) == DYAD_OK);
	CHECK(measure_clear(s, other, "csi4", 0, &st) == DYAD_OK);
	CHECK(practice_note_sign(s, held, &st) == DYAD_OK);
	CHECK(measure_record(s, held, "felt_safety", "7", "b", &st) == DYAD_ERR_REFUSED);
	CHECK(strstr(st.message, "signed") != NULL);
	CHECK(measure_clear(s, held, "csi4", 0, &st) == DYAD_ERR_REFUSED);
	CHECK(history_measures(s, c, &h, &st) == DYAD_OK && h.len == 2);
	history_list_free(&h);
	store_close(s);
}

static const struct trend_series *series_by_key(const struct couple_trends *t, const char *key)
{
	for (size_t i = 0; i < t->measures_len; i++)
		if (strcmp(t->measures[i].key, key) == 0)
			return &t->measures[i];
	for (size_t i = 0; i < t->concepts_len; i++)
		if (strcmp(t->concepts[i].key, key) == 0)
			return &t->concepts[i];
	return NULL;
}

static void trends_cover_edge_cases_of_real_records(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t c = add_couple(s);
	/* One session only: values, but no trend. */
	int64_t first = add_session(s, c, 0, NULL);
	CHECK(measure_record(s, first, "csi4", "10", "a", &st) == DYAD_OK);
	struct couple_trends t;
	CHECK(trends_load(s, c, &t, &st) == DYAD_OK);
	const struct trend_series *csi = series_by_key(&t, "csi4");
	CHECK(csi && csi->partner[0].count == 1 && csi->partner[0].has_last &&
		!csi->partner[0].fit.has_slope && csi->partner[0].direction == TREND_UNKNOWN);
	CHECK(csi && csi->partner[0].past_cutoff);
	CHECK(csi && !csi->partner[1].has_last && !csi->diverging);
	couple_trends_free(&t);

	/* Partner A rises over five sessions; B answered only twice (missing
	 * values are skipped, but two are too few); felt safety is flat. */
	static const char *const a_csi[] = { "10", "12", "14", "16", "18" };
	int64_t ids[5] = { first };
	for (int w = 1; w < 5; w++)
		ids[w] = add_session(s, c, w, NULL);
	for (int w = 0; w < 5; w++) {
		CHECK(measure_record(s, ids[w], "csi4", a_csi[w], "a", &st) == DYAD_OK);
		CHECK(measure_record(s, ids[w], "felt_safety", "6", "a", &st) == DYAD_OK);
		CHECK(measure_record(s, ids[w], "felt_safety", "6", "b", &st) == DYAD_OK);
	}
	CHECK(measure_record(s, ids[1], "csi4", "15", "b", &st) == DYAD_OK);
	CHECK(measure_record(s, ids[3], "csi4", "9", "b", &st) == DYAD_OK);
	CHECK(trends_load(s, c, &t, &st) == DYAD_OK);
	csi = series_by_key(&t, "csi4");
	CHECK(t.sessions_len == 5 && t.sessions[0].id == first);
	CHECK(csi && csi->partner[0].direction == TREND_RISING && near(csi->partner[0].fit.slope, 2));
	CHECK(csi && csi->partner[1].count == 2 && csi->partner[1].direction == TREND_UNKNOWN);
	CHECK(csi && !csi->diverging);
	CHECK(csi && !csi->partner[0].past_cutoff && csi->partner[1].past_cutoff);
	const struct trend_series *safety = series_by_key(&t, "felt_safety");
	CHECK(safety && safety->partner[0].direction == TREND_STEADY && !safety->diverging);
	couple_trends_free(&t);

	/* B's third and fourth answers fall: now the partners move apart. */
	CHECK(measure_record(s, ids[4], "csi4", "5", "b", &st) == DYAD_OK);
	CHECK(trends_load(s, c, &t, &st) == DYAD_OK);
	csi = series_by_key(&t, "csi4");
	CHECK(csi && csi->partner[1].direction == TREND_FALLING && csi->diverging);
	CHECK(trends_diverging_count(&t) == 1);
	double recent[8];
	CHECK(csi && trend_recent_values(csi, t.sessions_len, 1, recent, 2) == 2 &&
		near(recent[0], 9) && near(recent[1], 5));
	couple_trends_free(&t);

	/* A couple-level concept has one series and never diverges. */
	for (int w = 0; w < 4; w++)
		CHECK(practice_rate(s, ids[w + 1], "meta", w % 2 ? "5" : "1", NULL, &st) == DYAD_OK);
	CHECK(trends_load(s, c, &t, &st) == DYAD_OK);
	const struct trend_series *meta = series_by_key(&t, "meta");
	CHECK(meta && meta->couple_level && meta->partner[0].count >= 3 && !meta->diverging &&
		meta->partner[1].count == 0);
	couple_trends_free(&t);
	CHECK(trends_load(s, 999, &t, &st) == DYAD_ERR_NOT_FOUND);
	store_close(s);
}

/* --- cell text ---------------------------------------------------------------- */

static void cell_text_keeps_what_xml_can_carry(void)
{
	size_t units;
	char *t = cell_text_clean("a\x01\x07" "b\tc\nd\re\x1b[2J", &units);
	CHECK_STR(t, "ab\tc\nd\re[2J");
	CHECK(units == 11);
	free(t);
	t = cell_text_clean("x\xff" "y\xEF\xBF\xBFz", &units); /* invalid byte, U+FFFF */
	CHECK_STR(t, "x\xEF\xBF\xBDyz");
	free(t);
	t = cell_text_clean("=cmd|' /C calc'!A0", NULL);
	CHECK_STR(t, "=cmd|' /C calc'!A0"); /* left alone: it is written as a string */
	free(t);
	t = cell_text_clean("pay _x0041_ and _x12_", NULL);
	CHECK_STR(t, "pay _x005F_x0041_ and _x12_");
	free(t);
	t = cell_text_clean("\xF0\x9F\x98\x80", &units); /* one emoji: two UTF-16 units */
	CHECK(units == 2);
	free(t);
	t = cell_text_clean(NULL, &units);
	CHECK_STR(t, "");
	CHECK(units == 0);
	free(t);
}

static void cell_text_cuts_on_boundaries(void)
{
	const char *s = "\xC3\xA9\xC3\xA9\xC3\xA9"; /* three e-acute */
	CHECK(cell_text_prefix(s, strlen(s), 2) == 4);
	char words[64];
	snprintf(words, sizeof words, "alpha beta gamma");
	CHECK(cell_text_prefix(words, strlen(words), 13) == 11); /* after "beta " */
	CHECK(cell_text_prefix(words, strlen(words), 100) == strlen(words));
	const char *esc = "ab_x005F_x0041_cd";
	CHECK(cell_text_prefix(esc, strlen(esc), 8) == 2); /* the escape stays whole */
	CHECK(cell_text_prefix(esc, strlen(esc), 15) == 15);
	CHECK(cell_text_units("\xF0\x9F\x98\x80" "a", 5) == 3);
}

/* --- the writer's failures ------------------------------------------------------ */

static void a_failed_workbook_prints_nothing_and_says_why(void)
{
	char errpath[300];
	snprintf(errpath, sizeof errpath, "%s/stderr.txt", check_temp_dir());
	fflush(stderr);
	int saved = dup(2);
	int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);

	struct progress_session session = { 1, { 2026, 3, 2, 10, 0 }, 50, "in-person", "both",
		"draft" };
	struct progress_value values[2] = { { true, 12 }, { true, 14 } };
	struct progress_scale measure = { "csi4", "=HYPERLINK(\"x\")", 0, 21, true, 13.5, true,
		false, values, { { 0 } }, false, NULL, true, "0..21" };
	struct progress_couple r = { 0 };
	r.id = 1;
	r.name = "@SUM(A1)";
	r.status = "active";
	r.partner_name[0] = "+1";
	r.partner_name[1] = "-1";
	r.sessions = &session;
	r.sessions_len = 1;
	r.measures = &measure;
	r.measures_len = 1;
	struct progress_options opt = { { 2026, 11, 28 }, NULL };
	struct progress_error err;
	enum progress_status rc =
		progress_write_couple("/nonexistent-dyad-dir/report.xlsx", &r, &opt, &err);
	struct progress_options bad_date = { { 2026, 13, 1 }, NULL };
	char ok_path[300];
	snprintf(ok_path, sizeof ok_path, "%s/fine.xlsx", check_temp_dir());
	struct progress_error err2;
	enum progress_status rc2 = progress_write_couple(ok_path, &r, &bad_date, &err2);
	struct progress_error err3;
	enum progress_status rc3 = progress_write_couple(ok_path, &r, &opt, &err3);

	/* Standard error is back where it was: this line lands in the file. */
	fprintf(stderr, "after\n");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	struct stat sb;
	CHECK(stat(errpath, &sb) == 0 && sb.st_size == 6); /* only "after\n" */
	CHECK(rc == PROGRESS_ERR_XLSX && err.code == PROGRESS_ERR_XLSX);
	CHECK(strstr(err.message, "report:") != NULL && strchr(err.message, '\n') == NULL);
	CHECK(rc2 == PROGRESS_ERR_INVALID);
	CHECK(rc3 == PROGRESS_OK && stat(ok_path, &sb) == 0 && sb.st_size > 0);
}

/* Reads cell B6 of the Summary sheet (the couple's name, under the practice
 * and the clinician) with openpyxl and
 * prints its length and its last 60 characters. */
static void read_couple_name(const char *path, char *out, size_t size)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd,
		"/usr/bin/python3 -c 'import openpyxl,sys; v=openpyxl.load_workbook(sys.argv[1])"
		"[\"Summary\"][\"B6\"].value; print(len(v), v[-60:])' '%s'", path);
	out[0] = '\0';
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return;
	if (fgets(out, (int)size, p) == NULL)
		out[0] = '\0';
	pclose(p);
	out[strcspn(out, "\n")] = '\0';
}

static void an_overlong_cell_is_cut_with_a_visible_marker(void)
{
	size_t n = 40000;
	char *name = malloc(n + 1);
	CHECK(name != NULL);
	if (name == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		name[i] = i % 7 == 6 ? ' ' : 'x';
	name[n] = '\0';
	struct progress_couple r = { 0 };
	r.id = 1;
	r.name = name;
	r.status = "active";
	r.partner_name[0] = "A";
	r.partner_name[1] = "B";
	struct progress_options opt = { { 2026, 11, 28 }, NULL };
	struct progress_error err;
	char path[300], got[200];
	snprintf(path, sizeof path, "%s/long.xlsx", check_temp_dir());
	CHECK(progress_write_couple(path, &r, &opt, &err) == PROGRESS_OK);
	read_couple_name(path, got, sizeof got);
	long len = strtol(got, NULL, 10);
	CHECK(len > 32000 && len <= 32767);
	CHECK(strstr(got, "cut here: the rest does not fit in one cell]") != NULL);
	free(name);
}

static void a_report_path_must_be_a_spreadsheet_name(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	int64_t c = add_couple(s);
	char path[300];
	snprintf(path, sizeof path, "%s/report.txt", check_temp_dir());
	CHECK(report_write_couple(s, c, path, false, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "output:") != NULL);
	snprintf(path, sizeof path, "%s/report.xlsx", check_temp_dir());
	CHECK(report_write_couple(s, 999, path, false, &st) == DYAD_ERR_NOT_FOUND);
	CHECK(access(path, F_OK) != 0);
	CHECK(report_write_couple(s, c, path, false, &st) == DYAD_OK);
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	store_close(s);
}

int main(void)
{
	RUN(a_trend_needs_three_values);
	RUN(the_fit_uses_only_the_last_four_values);
	RUN(a_flat_line_is_steady_and_never_diverges);
	RUN(the_threshold_is_four_percent_of_the_range_per_session);
	RUN(opposite_trends_diverge_and_parallel_ones_do_not);
	RUN(the_sparkline_places_values_on_the_scale);
	RUN(measures_are_checked_before_they_are_stored);
	RUN(scores_follow_the_scale_and_the_session);
	RUN(trends_cover_edge_cases_of_real_records);
	RUN(cell_text_keeps_what_xml_can_carry);
	RUN(cell_text_cuts_on_boundaries);
	RUN(a_failed_workbook_prints_nothing_and_says_why);
	RUN(an_overlong_cell_is_cut_with_a_visible_marker);
	RUN(a_report_path_must_be_a_spreadsheet_name);
	return check_any_failed;
}
