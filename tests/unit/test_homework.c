/* test_homework.c: adherence arithmetic, the template parser and library,
 * paper choice, file names, and the homework rules on a temporary database. */
#include "tests/unit/check.h"

#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/date.h"
#include "app/core/paths.h"
#include "app/domain/adherence.h"
#include "app/domain/assignments.h"
#include "app/domain/handout_text.h"
#include "app/domain/library.h"
#include "app/domain/paper.h"
#include "app/domain/practice.h"
#include "app/domain/settings.h"
#include "app/domain/template.h"
#include "app/store/concepts.h"
#include "app/store/db.h"
#include "app/store/homework.h"
#include "app/store/sessions.h"

/* --- adherence --------------------------------------------------------------- */

static int64_t day(const char *s)
{
	struct dyad_date d;
	if (!date_parse(s, &d))
		return 0;
	return date_to_days(d);
}

static void expected_counts_follow_the_frequency(void)
{
	CHECK(adherence_expected_by(HOMEWORK_DAILY, 7) == 7);
	CHECK(adherence_expected_by(HOMEWORK_DAILY, 1) == 1);
	CHECK(adherence_expected_by(HOMEWORK_DAILY, 0) == 1);   /* same day: at least one */
	CHECK(adherence_expected_by(HOMEWORK_DAILY, -3) == 1);
	CHECK(adherence_expected_by(HOMEWORK_WEEKLY, 6) == 1);
	CHECK(adherence_expected_by(HOMEWORK_WEEKLY, 13) == 1);
	CHECK(adherence_expected_by(HOMEWORK_WEEKLY, 14) == 2);
	CHECK(adherence_expected_by(HOMEWORK_WEEKLY, 21) == 3);
	CHECK(adherence_expected_by(HOMEWORK_ONCE, 0) == 1);
	CHECK(adherence_expected_by(HOMEWORK_ONCE, 30) == 1);
	enum homework_frequency f;
	CHECK(homework_frequency_parse("weekly", &f) && f == HOMEWORK_WEEKLY);
	CHECK(!homework_frequency_parse("Weekly", &f));
	CHECK(!homework_frequency_parse(NULL, &f));
	CHECK_STR(homework_frequency_name(HOMEWORK_ONCE), "once");
}

static void a_week_of_daily_practice_is_done_over_seven(void)
{
	int64_t given = day("2026-11-21");
	struct adherence_checkin c[] = {
		{ day("2026-11-28"), 0, 5, 0 },
		{ day("2026-11-28"), 1, 6, 0 },
	};
	struct adherence a;
	adherence_compute(HOMEWORK_DAILY, given, c, 2, &a);
	CHECK(a.partner[0].done == 5 && a.partner[0].expected == 7 && a.partner[0].checkins == 1);
	CHECK(a.partner[1].done == 6 && a.partner[1].expected == 7);
	CHECK(a.together.done == 11 && a.together.expected == 14 && a.together.checkins == 2);
	CHECK(adherence_percent(&a.partner[0]) == 71);
	CHECK(adherence_percent(&a.partner[1]) == 86);
	CHECK(adherence_percent(&a.together) == 79);
	char buf[48];
	CHECK_STR(adherence_format(&a.partner[0], buf, sizeof buf), "5/7 (71%)");
}

static void the_therapists_of_m_replaces_the_expected_count(void)
{
	int64_t given = day("2026-11-21");
	struct adherence_checkin c[] = { { day("2026-11-28"), 0, 4, 5 } };
	struct adherence a;
	adherence_compute(HOMEWORK_DAILY, given, c, 1, &a);
	CHECK(a.partner[0].done == 4 && a.partner[0].expected == 5);
	CHECK(a.partner[1].checkins == 0 && adherence_percent(&a.partner[1]) == -1);
	/* Unknown is not zero: the couple's figure is A's alone. */
	CHECK(a.together.done == 4 && a.together.expected == 5);
}

static void later_check_ins_count_from_the_previous_one(void)
{
	int64_t given = day("2026-11-21");
	/* Given in any order. Week one: 4 of 5 (a trip); week two by the
	 * calendar: E(14) - E(7) = 7. */
	struct adherence_checkin c[] = {
		{ day("2026-12-05"), 0, 7, 0 },
		{ day("2026-11-28"), 0, 4, 5 },
	};
	struct adherence a;
	adherence_compute(HOMEWORK_DAILY, given, c, 2, &a);
	CHECK(a.partner[0].done == 11 && a.partner[0].expected == 12 && a.partner[0].checkins == 2);
	/* Without any "of", the total is E(last check-in). */
	struct adherence_checkin d[] = {
		{ day("2026-11-28"), 1, 5, 0 },
		{ day("2026-12-01"), 1, 2, 0 },
		{ day("2026-12-05"), 1, 4, 0 },
	};
	adherence_compute(HOMEWORK_DAILY, given, d, 3, &a);
	CHECK(a.partner[1].done == 11 && a.partner[1].expected == 14);
}

/* The progress report's reading: once due, what nobody reported counts as
 * expected and not done, and the reports that came are counted. */
static void a_missing_check_in_counts_as_missing_once_due(void)
{
	int64_t given = day("2026-11-01"), due = day("2026-11-08");
	struct adherence_checkin c[] = { { day("2026-11-04"), 0, 2, 3 } };
	struct adherence a;
	struct adherence_reporting rep[3];
	adherence_count_missing(HOMEWORK_DAILY, given, due, day("2026-11-28"), c, 1, &a, rep);
	/* A: 2 of 3 reported on day 3, then days 4..7 unreported: E(7) - E(3). */
	CHECK(a.partner[0].done == 2 && a.partner[0].expected == 7);
	/* B never checked in: the whole week is expected, none of it done. */
	CHECK(a.partner[1].done == 0 && a.partner[1].expected == 7 && a.partner[1].checkins == 0);
	CHECK(a.together.done == 2 && a.together.expected == 14);
	CHECK(adherence_share(&a.partner[1]) == 0 && adherence_percent(&a.partner[1]) == -1);
	CHECK(adherence_share(&a.together) == 14);
	CHECK(rep[0].reported == 1 && rep[0].expected == 1);
	CHECK(rep[1].reported == 0 && rep[1].expected == 1);
	CHECK(rep[2].reported == 1 && rep[2].expected == 2);
	/* Not due yet: only what was reported counts, as adherence_compute has it. */
	adherence_count_missing(HOMEWORK_DAILY, given, due, day("2026-11-05"), c, 1, &a, rep);
	CHECK(a.partner[0].expected == 3 && a.partner[1].expected == 0);
	CHECK(adherence_share(&a.partner[1]) == -1);
	CHECK(rep[2].reported == 1 && rep[2].expected == 1);
	/* A check-in after the due date covers the whole period. */
	struct adherence_checkin late[] = { { day("2026-11-10"), 1, 6, 0 } };
	adherence_count_missing(HOMEWORK_DAILY, given, due, day("2026-11-28"), late, 1, &a, rep);
	CHECK(a.partner[1].done == 6 && a.partner[1].expected == 9);
	CHECK(a.partner[0].expected == 7);
}

static void weekly_and_once_exercises_expect_whole_weeks_and_one(void)
{
	int64_t given = day("2026-11-21");
	struct adherence_checkin w[] = {
		{ day("2026-11-28"), 0, 1, 0 },   /* a week: 1 expected */
		{ day("2026-12-02"), 0, 0, 0 },   /* still in week two: nothing more expected */
		{ day("2026-12-05"), 0, 1, 0 },   /* two whole weeks: one more */
	};
	struct adherence a;
	adherence_compute(HOMEWORK_WEEKLY, given, w, 3, &a);
	CHECK(a.partner[0].done == 2 && a.partner[0].expected == 2);
	struct adherence_checkin o[] = {
		{ day("2026-11-28"), 1, 0, 0 },   /* not yet */
		{ day("2026-12-05"), 1, 1, 0 },   /* done the next week */
	};
	adherence_compute(HOMEWORK_ONCE, given, o, 2, &a);
	CHECK(a.partner[1].done == 1 && a.partner[1].expected == 1);
	CHECK(adherence_percent(&a.partner[1]) == 100);
}

static void percentages_round_half_up_and_may_exceed_a_hundred(void)
{
	struct adherence_tally t = { 2, 3, 1 };
	CHECK(adherence_percent(&t) == 67);
	t = (struct adherence_tally){ 1, 8, 1 };   /* 12.5 */
	CHECK(adherence_percent(&t) == 13);
	t = (struct adherence_tally){ 0, 7, 1 };
	CHECK(adherence_percent(&t) == 0);
	t = (struct adherence_tally){ 3, 2, 1 };
	CHECK(adherence_percent(&t) == 150);
	t = (struct adherence_tally){ 0, 0, 0 };
	char buf[8];
	CHECK(adherence_percent(&t) == -1);
	CHECK_STR(adherence_format(&t, buf, sizeof buf), "-");
}

static void odd_input_never_breaks_the_sums(void)
{
	int64_t given = day("2026-11-21");
	struct adherence_checkin c[] = {
		{ day("2026-11-28"), 0, 3, 0 },
		{ day("2026-11-28"), 0, 2, 0 },   /* the same day twice: done adds, expected does not */
		{ day("2026-11-28"), 7, 9, 0 },   /* no such partner: ignored */
		{ day("2026-11-28"), 1, -4, 0 },  /* a negative count adds nothing */
	};
	struct adherence a;
	adherence_compute(HOMEWORK_DAILY, given, c, 4, &a);
	CHECK(a.partner[0].done == 5 && a.partner[0].expected == 7 && a.partner[0].checkins == 2);
	CHECK(a.partner[1].done == 0 && a.partner[1].expected == 7);
	CHECK(a.together.checkins == 3);
	adherence_compute(HOMEWORK_DAILY, given, NULL, 0, &a);
	CHECK(a.together.checkins == 0 && adherence_percent(&a.together) == -1);
}

/* --- the template parser ------------------------------------------------------- */

static const char good_template[] =
	"# a comment\n"
	"id: test-one\n"
	"title: A Test Exercise\n"
	"concepts: attention, repair.attempts\n"
	"frequency: weekly\n"
	"minutes: 15\n"
	"\n"
	"[introduction]\n"
	"First line of the first paragraph\n"
	"joins the second line, {partner_a}.\n"
	"\n"
	"A second paragraph with a {{literal}} brace.\n"
	"\n"
	"[steps]\n"
	"1. Do the first thing\n"
	"   over two lines.\n"
	"2) Then the second, by {due}.\n"
	"\n"
	"[tracking]\n"
	"kind: log\n"
	"columns: Date | What happened (wide) | Pulse\n"
	"hint: Write one line each time.\n";

static void a_good_template_parses_into_its_parts(void)
{
	struct template t;
	struct dyad_status st = { 0 };
	CHECK(template_parse(good_template, sizeof good_template - 1, "one.txt", &t, &st) == DYAD_OK);
	CHECK_STR(t.id, "test-one");
	CHECK_STR(t.title, "A Test Exercise");
	CHECK(t.nconcepts == 2);
	CHECK_STR(t.concepts[1], "repair.attempts");
	CHECK(t.frequency == HOMEWORK_WEEKLY && t.minutes == 15);
	CHECK_STR(t.introduction, "First line of the first paragraph joins the second line, "
				  "{partner_a}.\n\nA second paragraph with a {{literal}} brace.");
	CHECK(t.nsteps == 2);
	CHECK_STR(t.steps[0], "Do the first thing over two lines.");
	CHECK_STR(t.steps[1], "Then the second, by {due}.");
	CHECK(t.tracking.kind == TRACKING_LOG && t.tracking.ncolumns == 3);
	CHECK_STR(t.tracking.columns[1], "What happened");
	CHECK(t.tracking.wide[1] && !t.tracking.wide[0]);
	CHECK(t.tracking.lines == 8);
	CHECK_STR(t.tracking.hint, "Write one line each time.");
	CHECK(t.id_line == 2);
	CHECK(template_uses(&t, "partner_a") && template_uses(&t, "due"));
	CHECK(!template_uses(&t, "literal") && !template_uses(&t, "note"));

	struct template_values v = { .partner_a = "Maya", .due = "Friday 5 December 2026" };
	struct strbuf sb = STRBUF_INIT;
	template_fill(&sb, t.introduction, &v);
	CHECK_STR(strbuf_str(&sb), "First line of the first paragraph joins the second line, Maya."
				   "\n\nA second paragraph with a {literal} brace.");
	strbuf_release(&sb);
	template_free(&t);
	template_free(&t); /* twice is harmless */
	template_free(NULL);
}

static void windows_line_ends_and_a_byte_order_mark_are_accepted(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "\xEF\xBB\xBF");
	for (const char *p = good_template; *p; p++) {
		if (*p == '\n')
			strbuf_addc(&sb, '\r');
		strbuf_addc(&sb, *p);
	}
	struct template t;
	struct dyad_status st = { 0 };
	CHECK(template_parse(sb.data, sb.len, "crlf.txt", &t, &st) == DYAD_OK);
	CHECK_STR(t.id, "test-one");
	CHECK_STR(t.steps[1], "Then the second, by {due}.");
	template_free(&t);
	strbuf_release(&sb);
}

/* Parses good_template with line `line` (from 1) replaced by `with` (or
 * removed when NULL) and checks the error names "bad.txt:WANT_LINE:" and
 * contains `problem`. */
static void expect_error(int line, const char *with, int want_line, const char *problem)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 1;
	const char *p = good_template;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = (size_t)(nl - p) + 1;
		if (n == line) {
			if (with != NULL) {
				strbuf_adds(&sb, with);
				strbuf_addc(&sb, '\n');
			}
		} else {
			strbuf_add(&sb, p, len);
		}
		p += len;
		n++;
	}
	struct template t;
	struct dyad_status st = { 0 };
	char prefix[32];
	snprintf(prefix, sizeof prefix, "bad.txt:%d: ", want_line);
	enum dyad_error rc = template_parse(sb.data, sb.len, "bad.txt", &t, &st);
	CHECK(rc == DYAD_ERR_INVALID);
	if (strncmp(st.message, prefix, strlen(prefix)) != 0 || strstr(st.message, problem) == NULL) {
		printf("# line %d -> wanted '%s...%s', got '%s'\n", line, prefix, problem, st.message);
		check_failed = 1;
	}
	CHECK(t.id == NULL && t.nsteps == 0); /* nothing left behind */
	strbuf_release(&sb);
}

static void broken_templates_name_the_file_line_and_problem(void)
{
	expect_error(3, "titel: A Test Exercise", 3, "unknown key 'titel'");
	expect_error(3, NULL, 7, "title: missing");
	expect_error(2, "id: Test One", 2, "id: use lowercase letters");
	expect_error(4, "concepts: attention,, meta", 4, "empty entry");
	expect_error(4, "concepts: attention, attention", 4, "listed twice");
	expect_error(5, "frequency: dayly", 5, "frequency: must be daily, weekly or once");
	expect_error(6, "minutes: 0", 6, "minutes: must be a whole number from 1 to 600");
	expect_error(6, "minutes: 10\nminutes: 12", 7, "minutes: given twice (first on line 6)");
	expect_error(8, "[intro]", 8, "unknown section [intro]");
	expect_error(10, "joins the second line, {partner}.", 10, "unknown placeholder {partner}");
	expect_error(10, "joins the second line, {partner_a.", 10, "without its closing '}'");
	expect_error(17, "3) Then the second.", 17, "expected step 2 here, found 3");
	expect_error(15, "Do the first thing", 15, "each step starts with its number");
	expect_error(16, "   over \x01 two lines.", 16, "control character (U+0001)");
	expect_error(16, "   over \xC3\x28 two lines.", 16, "not valid UTF-8");
	expect_error(20, "kind: chart", 20, "kind: must be grid, tally or log");
	expect_error(20, "kind: tally", 19, "label: a tally needs a label");
	expect_error(20, "kind: grid", 21, "(wide) is for log columns");
	expect_error(21, "columns: A | B | C | D | E | F", 21, "columns: at most 5");
	expect_error(22, "lines: 2", 22, "lines: must be a whole number from 3 to 20");
	expect_error(19, "[steps]", 19, "[steps] appears twice (first on line 14)");
	expect_error(22, "label: not here", 22, "label: only a tally has a label");
	expect_error(22, "colour: blue", 22, "unknown key 'colour' in [tracking]");
	expect_error(10, "joins {daily:a day|weekly:a week}.", 10, "is missing once:");
	expect_error(10, "joins {daily:a|weekly:b|once:c|daily:d}.", 10, "repeats daily:");
	expect_error(10, "joins {daily:a|monthly:b|once:c}.", 10, "does not start with daily:");
	expect_error(10, "joins {daily:a|weekly b|once:c}.", 10, "does not start with daily:");
}

/* A frequency choice prints the words for the frequency assigned. */
static void a_frequency_choice_prints_the_words_for_the_frequency(void)
{
	static const char text[] =
		"id: f\ntitle: F\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nTen minutes{daily: a day| weekly: a week|once:, just this once},\n"
		"{partner_a}.\n[steps]\n1. {once:Once.|daily:Every day.|weekly:}\n"
		"[tracking]\nkind: log\ncolumns: A | B\n";
	struct template t;
	struct dyad_status st = { 0 };
	if (template_parse(text, sizeof text - 1, "f.txt", &t, &st) != DYAD_OK) {
		printf("# %s\n", st.message);
		CHECK(!"the frequency choice template parses");
		return;
	}
	static const char *const intro[] = { "Ten minutes a day, Maya.", "Ten minutes a week, Maya.",
		"Ten minutes, just this once, Maya." };
	static const char *const step[] = { "Every day.", "", "Once." };
	for (int f = HOMEWORK_DAILY; f <= HOMEWORK_ONCE; f++) {
		struct template_values v = { .partner_a = "Maya", .frequency = (enum homework_frequency)f };
		struct strbuf sb = STRBUF_INIT;
		template_fill(&sb, t.introduction, &v);
		CHECK_STR(strbuf_str(&sb), intro[f]);
		strbuf_reset(&sb);
		template_fill(&sb, t.steps[0], &v);
		CHECK_STR(strbuf_str(&sb), step[f]);
		strbuf_release(&sb);
	}
	template_free(&t);
}

static void whole_files_that_are_not_templates_are_refused(void)
{
	struct template t;
	struct dyad_status st = { 0 };
	CHECK(template_parse("", 0, "empty.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "empty.txt:1: is empty") != NULL);
	CHECK(template_parse("hello\n", 6, "prose.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "prose.txt:1: expected 'key: value'") != NULL);
	static const char nul[] = "id: x\0y\n";
	CHECK(template_parse(nul, sizeof nul - 1, "nul.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "nul.txt:1: contains a NUL byte") != NULL);
	static const char wide_grid[] =
		"id: g\ntitle: G\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nHi.\n[steps]\n1. One.\n"
		"[tracking]\nkind: grid\ncolumns: A | B | C | D | E\n";
	CHECK(template_parse(wide_grid, sizeof wide_grid - 1, "grid.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "grid.txt:12: columns: a grid has at most 4") != NULL);
	/* Everything but [tracking]: named at the last line. */
	const char *cut = strstr(good_template, "[tracking]");
	CHECK(template_parse(good_template, (size_t)(cut - good_template), "short.txt", &t, &st) ==
		DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "short.txt:18: [tracking]: missing") != NULL);
	/* A buffer without a terminating NUL is read exactly to its end. */
	size_t n = sizeof good_template - 1;
	char *exact = malloc(n);
	memcpy(exact, good_template, n);
	CHECK(template_parse(exact, n, "exact.txt", &t, &st) == DYAD_OK);
	template_free(&t);
	size_t cut_kind = (size_t)(strstr(good_template, "kind: log") - good_template) + 7;
	CHECK(template_parse(exact, cut_kind, "cut.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "cut.txt:20: kind: must be grid, tally or log (got 'l')") != NULL);
	free(exact);
}

static const char *source_dir(void)
{
	const char *s = getenv("DYAD_SRC");
	return s && *s ? s : ".";
}

static struct store *open_fresh(void)
{
	struct dyad_status st = { 0 };
	struct store *s = NULL;
	if (store_open(check_temp_db(), 0, &s, &st) != DYAD_OK)
		printf("# open failed: %s\n", st.message);
	return s;
}

static void the_shipped_library_parses_and_serves_known_concepts(void)
{
	struct library lib = { 0 };
	struct dyad_status st = { 0 };
	char dir[512];
	snprintf(dir, sizeof dir, "%s/templates", source_dir());
	lib.dirs[0] = strdup(dir);
	lib.ndirs = 1;
	CHECK(library_load_dirs(&lib, &st) == DYAD_OK);
	for (size_t i = 0; i < lib.nproblems; i++)
		printf("# %s\n", lib.problems[i]);
	CHECK(lib.nproblems == 0);
	CHECK(lib.len >= 12);
	static const char *const wanted[] = { "attention-daily", "face-to-face-weekly",
		"talk-about-talking", "softened-startup", "flooding-plan", "repair-log",
		"dreams-within-conflict", "stance-check", "stress-reducing-conversation",
		"appreciation-tally", "conversation-cards", "slow-down-notice" };
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
		if (library_find(&lib, wanted[i]) == NULL) {
			printf("# missing %s\n", wanted[i]);
			check_failed = 1;
		}
	struct store *s = open_fresh();
	for (size_t i = 0; i < lib.len; i++) {
		const struct template *t = &lib.items[i];
		CHECK(t->nsteps >= 3 && t->nconcepts >= 1);
		for (size_t k = 0; k < t->nconcepts; k++) {
			struct concept_rec c;
			if (concepts_find(s, t->concepts[k], &c, &st) != DYAD_OK) {
				printf("# %s: concept %s is not in the catalogue\n", t->id, t->concepts[k]);
				check_failed = 1;
			}
			concept_rec_free(&c);
		}
		/* File names follow ids, so a therapist finds the file to copy. */
		char want[300];
		snprintf(want, sizeof want, "/%s.txt", t->id);
		CHECK(strstr(t->path, want) != NULL);
	}
	store_close(s);
	library_free(&lib);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	if (fp == NULL) {
		check_failed = 1;
		return;
	}
	fputs(text, fp);
	fclose(fp);
}

static char *with_id_and_title(const char *id, const char *title)
{
	struct strbuf sb = STRBUF_INIT;
	const char *rest = strstr(good_template, "concepts:");
	strbuf_addf(&sb, "id: %s\ntitle: %s\n", id, title);
	strbuf_adds(&sb, rest);
	return strbuf_detach(&sb);
}

static void own_templates_override_and_broken_ones_are_left_out(void)
{
	char mine[512], shipped[512];
	snprintf(mine, sizeof mine, "%s/mine", check_temp_dir());
	snprintf(shipped, sizeof shipped, "%s/shipped", check_temp_dir());
	mkdir(mine, 0700);
	mkdir(shipped, 0700);
	char *a = with_id_and_title("alpha", "Alpha, my version");
	char *a2 = with_id_and_title("alpha", "Alpha, shipped");
	char *b = with_id_and_title("beta", "Beta");
	char *b2 = with_id_and_title("beta", "Beta again");
	write_file(mine, "alpha.txt", a);
	write_file(mine, "broken.txt", "id: broken\ntitle: x\nfrequency: often\n");
	write_file(mine, "notes.md", "not a template: ignored\n");
	write_file(shipped, "alpha.txt", a2);
	write_file(shipped, "beta.txt", b);
	write_file(shipped, "beta-copy.txt", b2);
	struct library lib = { 0 };
	struct dyad_status st = { 0 };
	lib.dirs[0] = strdup(mine);
	lib.dirs[1] = strdup(shipped);
	lib.ndirs = 2;
	CHECK(library_load_dirs(&lib, &st) == DYAD_OK);
	CHECK(lib.len == 2);
	const struct template *t = library_find(&lib, "alpha");
	CHECK(t != NULL && strcmp(t->title, "Alpha, my version") == 0);
	t = library_find(&lib, "beta");
	CHECK(t != NULL && strcmp(t->title, "Beta again") == 0); /* beta-copy.txt sorts first */
	CHECK(lib.nproblems == 2);
	bool broken_named = false, duplicate_named = false;
	for (size_t i = 0; i < lib.nproblems; i++) {
		printf("# problem: %s\n", lib.problems[i]);
		if (strstr(lib.problems[i], "/mine/broken.txt:3: frequency:") != NULL)
			broken_named = true;
		if (strstr(lib.problems[i], "/shipped/beta.txt:1: id: 'beta' is already used by") != NULL)
			duplicate_named = true;
	}
	CHECK(broken_named && duplicate_named);
	CHECK(library_problem_for(&lib, "broken") != NULL);
	CHECK(library_problem_for(&lib, "brok") == NULL);
	CHECK(library_find(&lib, "broken") == NULL);
	library_free(&lib);
	library_free(&lib);
	free(a);
	free(a2);
	free(b);
	free(b2);
}

static void templates_are_searched_in_the_therapists_folder_first(void)
{
	char xdg[512], mine[600], source[600];
	snprintf(xdg, sizeof xdg, "%s/xdg", check_temp_dir());
	snprintf(mine, sizeof mine, "%s/dyad/templates", xdg);
	struct dyad_status st = { 0 };
	CHECK(paths_mkdir_p(mine, 0700, &st) == DYAD_OK);
	setenv("XDG_DATA_HOME", xdg, 1);
	struct library lib = { 0 };
	CHECK(library_find_dirs(&lib, &st) == DYAD_OK);
	CHECK(lib.ndirs >= 2);
	CHECK_STR(lib.dirs[0], mine);
	/* This test runs from the build, so the source tree comes last. */
	snprintf(source, sizeof source, "%s/templates", source_dir());
	struct stat a, b;
	CHECK(lib.ndirs > 0 && stat(lib.dirs[lib.ndirs - 1], &a) == 0 && stat(source, &b) == 0 &&
		a.st_dev == b.st_dev && a.st_ino == b.st_ino);
	if (lib.ndirs == 3)
		CHECK_STR(lib.dirs[1], DYAD_DATADIR "/templates");
	library_free(&lib);
	unsetenv("XDG_DATA_HOME");
}

/* --- paper, names and dates --------------------------------------------------------- */

static void paper_comes_from_flag_setting_environment_file_then_letter(void)
{
	struct paper_choice pc;
	struct dyad_status st = { 0 };
	char file[512];
	snprintf(file, sizeof file, "%s/papersize", check_temp_dir());
	write_file(check_temp_dir(), "papersize", "# the system's paper\n\n  a4\n");
	setenv("DYAD_PAPERSIZE_FILE", file, 1);
	setenv("PAPERSIZE", "letter", 1);
	CHECK(paper_choose("A4", "letter", &pc, &st) == DYAD_OK && pc.paper == PAPER_A4);
	CHECK_STR(pc.source, "--paper");
	CHECK(paper_choose(NULL, "a4", &pc, &st) == DYAD_OK && pc.paper == PAPER_A4);
	CHECK_STR(pc.source, "the paper setting");
	setenv("PAPERSIZE", "Letter", 1);
	CHECK(paper_choose(NULL, NULL, &pc, &st) == DYAD_OK && pc.paper == PAPER_LETTER);
	CHECK_STR(pc.source, "$PAPERSIZE");
	setenv("PAPERSIZE", "legal", 1); /* unknown here: passed over */
	CHECK(paper_choose(NULL, NULL, &pc, &st) == DYAD_OK && pc.paper == PAPER_A4);
	CHECK_STR(pc.source, file);
	unsetenv("PAPERSIZE");
	write_file(check_temp_dir(), "papersize", "executive\n");
	CHECK(paper_choose(NULL, NULL, &pc, &st) == DYAD_OK && pc.paper == PAPER_LETTER);
	CHECK_STR(pc.source, "the default");
	setenv("DYAD_PAPERSIZE_FILE", "/nonexistent/papersize", 1);
	CHECK(paper_choose(NULL, NULL, &pc, &st) == DYAD_OK && pc.paper == PAPER_LETTER);
	CHECK(paper_choose("tabloid", NULL, &pc, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "paper: must be letter or a4 (got 'tabloid')") != NULL);
	unsetenv("DYAD_PAPERSIZE_FILE");
	double w, h;
	paper_size_points(PAPER_LETTER, &w, &h);
	CHECK(w == 612.0 && h == 792.0);
	paper_size_points(PAPER_A4, &w, &h);
	CHECK(w > 595.27 && w < 595.28 && h > 841.88 && h < 841.9);
}

static void handout_file_names_are_safe_anywhere(void)
{
	char *n = handout_file_name("Okafor & Reyes", "attention-daily", "2026-11-28");
	CHECK_STR(n, "Okafor-Reyes_attention-daily_2026-11-28.pdf");
	free(n);
	n = handout_file_name("../../etc/passwd", "x", "2026-11-28");
	CHECK_STR(n, "etc-passwd_x_2026-11-28.pdf");
	free(n);
	n = handout_file_name("Zoë Åström-Núñez & Łukasz", "stance-check", "2026-01-02");
	CHECK_STR(n, "Zoë-Åström-Núñez-Łukasz_stance-check_2026-01-02.pdf");
	free(n);
	n = handout_file_name("\x1b[2J\xe2\x80\xae", "", "");
	CHECK_STR(n, "2J_handout_handout.pdf");
	free(n);
	n = handout_file_name("\x1b\x07 \xe2\x80\xae/", "", "");
	CHECK_STR(n, "handout_handout_handout.pdf");
	free(n);
	char long_name[400];
	memset(long_name, 'x', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	n = handout_file_name(long_name, "a", "2026-01-02");
	CHECK(n != NULL && strlen(n) < 100);
	free(n);
}

static void long_dates_name_the_weekday(void)
{
	char buf[48];
	date_format_long((struct dyad_date){ 2026, 11, 28 }, buf, sizeof buf);
	CHECK_STR(buf, "Saturday 28 November 2026");
	date_format_long((struct dyad_date){ 1970, 1, 1 }, buf, sizeof buf);
	CHECK_STR(buf, "Thursday 1 January 1970");
	date_format_long((struct dyad_date){ 2028, 2, 29 }, buf, sizeof buf);
	CHECK_STR(buf, "Tuesday 29 February 2028");
}

/* --- the rules on a database ------------------------------------------------------ */

static int64_t add_couple(struct store *s, const char *status)
{
	struct dyad_status st = { 0 };
	struct couple_input in = { "Okafor & Reyes", "2026-01-05", { "Maya", "Daniel" }, { NULL, NULL } };
	int64_t id = 0;
	CHECK(practice_couple_add(s, &in, &id, &st) == DYAD_OK);
	if (status != NULL) {
		struct couple_change ch = { .status = status };
		CHECK(practice_couple_set(s, id, &ch, &st) == DYAD_OK);
	}
	return id;
}

static struct template the_template(void)
{
	struct template t;
	struct dyad_status st = { 0 };
	if (template_parse(good_template, sizeof good_template - 1, "t.txt", &t, &st) != DYAD_OK)
		printf("# %s\n", st.message);
	return t;
}

static void assigning_checks_everything_before_writing(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	struct store *s = open_fresh();
	struct template t = the_template();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s, NULL), other = add_couple(s, NULL);
	int64_t closed = add_couple(s, "closed");
	struct session_input si = { "2026-11-21T10:00", NULL, NULL, NULL };
	int64_t session = 0, other_session = 0;
	CHECK(practice_session_add(s, couple, &si, &session, &st) == DYAD_OK);
	CHECK(practice_session_add(s, other, &si, &other_session, &st) == DYAD_OK);
	char other_text[24];
	snprintf(other_text, sizeof other_text, "%lld", (long long)other_session);
	int64_t id = 0;

	struct assign_input bad_due = { .due = "2026-11-27" };
	CHECK(homework_assign(s, couple, &t, &bad_due, &id, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "due: 2026-11-27 is before the assignment date") != NULL);
	struct assign_input not_ours = { .session = other_text };
	CHECK(homework_assign(s, couple, &t, &not_ours, &id, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "belongs to another couple") != NULL);
	struct assign_input none = { 0 };
	CHECK(homework_assign(s, closed, &t, &none, &id, &st) == DYAD_ERR_REFUSED);
	CHECK(homework_assign(s, 999, &t, &none, &id, &st) == DYAD_ERR_NOT_FOUND);
	struct assign_input freq = { .frequency = "hourly" };
	CHECK(homework_assign(s, couple, &t, &freq, &id, &st) == DYAD_ERR_INVALID);
	struct assign_input ctl = { .note = "bad \x07 bell", .note_len = 10 };
	CHECK(homework_assign(s, couple, &t, &ctl, &id, &st) == DYAD_ERR_INVALID);
	struct assignment_list list;
	CHECK(assignments_list(s, couple, true, &list, &st) == DYAD_OK && list.len == 0);
	assignment_list_free(&list);

	/* Defaults: today, the template's frequency, and a weekly exercise
	 * due two weeks later (a daily or once one a week later). */
	CHECK(homework_assign(s, couple, &t, &none, &id, &st) == DYAD_OK);
	struct assignment_rec a;
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK);
	CHECK_STR(a.assigned_on, "2026-11-28");
	CHECK_STR(a.due_on, "2026-12-12");
	CHECK_STR(a.frequency, "weekly");
	CHECK(a.minutes == 15 && a.note == NULL && a.session_id == 0);
	CHECK_STR(a.exercise_title, "A Test Exercise");
	assignment_rec_free(&a);

	/* A session dates it; overrides are kept; a blank note is no note. */
	char session_text[24];
	snprintf(session_text, sizeof session_text, "%lld", (long long)session);
	struct assign_input full = { .session = session_text, .frequency = "daily", .minutes = "12",
		.note = "Evenings work best.", .note_len = 19, .due = "2026-12-01" };
	CHECK(homework_assign(s, couple, &t, &full, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK);
	CHECK_STR(a.assigned_on, "2026-11-21");
	CHECK_STR(a.due_on, "2026-12-01");
	CHECK_STR(a.frequency, "daily");
	CHECK(a.minutes == 12 && a.session_id == session);
	CHECK_STR(a.note, "Evenings work best.");
	assignment_rec_free(&a);
	struct assign_input blank = { .note = " \n ", .note_len = 3 };
	CHECK(homework_assign(s, couple, &t, &blank, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && a.note == NULL);
	assignment_rec_free(&a);
	template_free(&t);
	store_close(s);
}

static void check_ins_are_checked_replaced_and_summed(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	struct store *s = open_fresh();
	struct template t = the_template();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s, NULL), other = add_couple(s, NULL);
	struct session_input early = { "2026-11-01T10:00", NULL, NULL, NULL };
	int64_t other_session = 0, early_session = 0;
	CHECK(practice_session_add(s, other, &early, &other_session, &st) == DYAD_OK);
	CHECK(practice_session_add(s, couple, &early, &early_session, &st) == DYAD_OK);
	struct assign_input daily = { .frequency = "daily" };
	int64_t id = 0;
	setenv("DYAD_TODAY", "2026-11-21", 1);
	CHECK(homework_assign(s, couple, &t, &daily, &id, &st) == DYAD_OK);
	setenv("DYAD_TODAY", "2026-11-28", 1);

	bool replaced = true;
	struct checkin_input in = { .partner = "a", .done = "5" };
	CHECK(homework_checkin(s, id, &in, &replaced, &st) == DYAD_OK && !replaced);
	struct checkin_input bad[] = {
		{ .partner = "c", .done = "1" },
		{ .partner = "b", .done = "-1" },
		{ .partner = "b", .done = "8", .of = "7" },
		{ .partner = "b", .done = "1", .of = "0" },
		{ .partner = "b", .done = "1", .date = "2026-11-20" },
		{ .partner = "b", .done = "1", .date = "2026-11-29" },
		{ .partner = "b", .done = "1", .date = "2026-02-30" },
		{ .partner = "b", .done = "1", .comment = "a \x1b[2J escape" },
	};
	static const char *const field[] = { "partner:", "done:", "done: 8 is more than the 7",
		"of:", "date: 2026-11-20 is before the homework was given", "date: 2026-11-29 is in the future",
		"date:", "comment:" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (homework_checkin(s, id, &bad[i], NULL, &st) == DYAD_OK ||
			strstr(st.message, field[i]) == NULL) {
			printf("# bad check-in %zu: %s\n", i, st.message);
			check_failed = 1;
		}
	}
	CHECK(homework_checkin_values(s, id, 1, 1, 0, NULL, NULL, other_session, NULL, &st) ==
		DYAD_ERR_INVALID);
	CHECK(homework_checkin_values(s, id, 1, 1, 0, NULL, NULL, early_session, NULL, &st) ==
		DYAD_ERR_INVALID); /* that session was before the homework */
	CHECK(homework_checkin(s, 999, &in, NULL, &st) == DYAD_ERR_NOT_FOUND);

	/* The same partner and day again replaces the figures. */
	struct checkin_input again = { .partner = "A", .done = "6", .of = "7", .comment = "away one night" };
	CHECK(homework_checkin(s, id, &again, &replaced, &st) == DYAD_OK && replaced);
	struct checkin_input b = { .partner = "b", .done = "3" };
	CHECK(homework_checkin(s, id, &b, &replaced, &st) == DYAD_OK && !replaced);
	struct assignment_rec a;
	struct adherence adh;
	struct checkin_list checkins;
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK);
	CHECK(homework_adherence(s, &a, &adh, &checkins, &st) == DYAD_OK);
	CHECK(checkins.len == 2);
	CHECK(checkins.items[0].partner == 0 && checkins.items[0].done == 6 &&
		checkins.items[0].out_of == 7);
	CHECK_STR(checkins.items[0].comment, "away one night");
	CHECK_STR(checkins.items[0].checked_on, "2026-11-28");
	CHECK(adh.partner[0].done == 6 && adh.partner[0].expected == 7);
	CHECK(adh.partner[1].done == 3 && adh.partner[1].expected == 7);
	CHECK(adh.together.done == 9 && adh.together.expected == 14);
	checkin_list_free(&checkins);
	assignment_rec_free(&a);

	/* Closing it takes it off the open list and out of the due list. */
	struct assignment_list list;
	CHECK(assignments_due(s, "2026-11-28", &list, &st) == DYAD_OK && list.len == 1);
	assignment_list_free(&list);
	CHECK(homework_set_status(s, id, "finished", &st) == DYAD_ERR_INVALID);
	CHECK(homework_set_status(s, id, "done", &st) == DYAD_OK);
	CHECK(homework_set_status(s, 999, "done", &st) == DYAD_ERR_NOT_FOUND);
	CHECK(assignments_list(s, couple, false, &list, &st) == DYAD_OK && list.len == 0);
	assignment_list_free(&list);
	CHECK(assignments_list(s, couple, true, &list, &st) == DYAD_OK && list.len == 1);
	assignment_list_free(&list);
	CHECK(assignments_due(s, "2026-12-31", &list, &st) == DYAD_OK && list.len == 0);
	assignment_list_free(&list);
	CHECK(homework_set_details(s, id, "2026-11-01", NULL, &st) == DYAD_ERR_INVALID);
	CHECK(homework_set_details(s, id, "2026-12-24", "Keep going", &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK);
	CHECK_STR(a.due_on, "2026-12-24");
	CHECK_STR(a.note, "Keep going");
	assignment_rec_free(&a);
	CHECK(homework_set_details(s, id, NULL, "", &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && a.note == NULL);
	assignment_rec_free(&a);
	template_free(&t);
	store_close(s);
}

static void settings_are_checked_by_key(void)
{
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	char *v = NULL;
	CHECK(homework_setting_set(s, "practice.name", "Riverside", &st) == DYAD_OK);
	CHECK(settings_get(s, "practice.name", &v, &st) == DYAD_OK && v && strcmp(v, "Riverside") == 0);
	free(v);
	CHECK(homework_setting_set(s, "paper", "A4", &st) == DYAD_OK);
	CHECK(settings_get(s, "paper", &v, &st) == DYAD_OK && v && strcmp(v, "a4") == 0);
	free(v);
	CHECK(homework_setting_set(s, "paper", "legal", &st) == DYAD_ERR_INVALID);
	CHECK(homework_setting_set(s, "practise.name", "x", &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "key: 'practise.name' is not a setting") != NULL);
	CHECK(homework_setting_set(s, "clinician.name", "Dr\x1b[31m", &st) == DYAD_ERR_INVALID);
	CHECK(homework_setting_set(s, "handout.font", "fonts/x.ttf", &st) == DYAD_ERR_INVALID);
	CHECK(homework_setting_set(s, "handout.font", "/nonexistent/x.ttf", &st) == DYAD_ERR_INVALID);
	CHECK(homework_setting_set(s, "practice.name", "", &st) == DYAD_OK);
	CHECK(settings_get(s, "practice.name", &v, &st) == DYAD_OK && v == NULL);
	store_close(s);
}

static void a_handout_says_nothing_from_notes_or_ratings(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	struct store *s = open_fresh();
	struct template t = the_template();
	struct dyad_status st = { 0 };
	int64_t couple = add_couple(s, NULL);
	struct session_input si = { "2026-11-28T10:00", NULL, NULL, NULL };
	int64_t session = 0, id = 0;
	CHECK(practice_session_add(s, couple, &si, &session, &st) == DYAD_OK);
	static const char secret[] = "Confidential: Maya disclosed an affair.";
	CHECK(practice_note_save(s, session, secret, sizeof secret - 1, -1, &st) == DYAD_OK);
	CHECK(practice_rate(s, session, "startup", "2", "a", &st) == DYAD_OK);
	CHECK(homework_setting_set(s, "clinician.name", "Dr Amara Rivera", &st) == DYAD_OK);
	char session_text[24];
	snprintf(session_text, sizeof session_text, "%lld", (long long)session);
	struct assign_input in = { .session = session_text, .note = "Evenings work best.", .note_len = 19 };
	CHECK(homework_assign(s, couple, &t, &in, &id, &st) == DYAD_OK);
	struct assignment_rec a;
	struct handout_text h;
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK);
	CHECK(handout_text_build(s, &a, &t, &h, &st) == DYAD_OK);
	struct strbuf sb = STRBUF_INIT;
	handout_text_plain(&h, &sb);
	const char *text = strbuf_str(&sb);
	CHECK(strstr(text, "Confidential") == NULL && strstr(text, "affair") == NULL);
	CHECK(strstr(text, "For Maya and Daniel") != NULL);
	CHECK(strstr(text, "A note from Dr Amara Rivera:\nEvenings work best.") != NULL);
	CHECK(strstr(text, "First line of the first paragraph joins the second line, Maya.") != NULL);
	CHECK(strstr(text, "Then the second, by Saturday 12 December 2026.") != NULL);
	char want_name[80];
	snprintf(want_name, sizeof want_name, "Okafor-Reyes_test-one_2026-11-28_%lld.pdf", (long long)id);
	CHECK_STR(h.file_name, want_name);
	CHECK(h.nrows == 0 && h.kind == TRACKING_LOG && h.log_lines == 8);
	strbuf_release(&sb);
	handout_text_free(&h);
	assignment_rec_free(&a);
	template_free(&t);
	store_close(s);
}

static void tracking_rows_follow_the_assignments_frequency(void)
{
	setenv("DYAD_TODAY", "2026-11-28", 1);
	struct store *s = open_fresh();
	struct dyad_status st = { 0 };
	static const char grid[] =
		"id: g\ntitle: G\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nHi {note}.\n[steps]\n1. One.\n2. Two.\n3. Three.\n"
		"[tracking]\nkind: grid\ncolumns: Did it\n";
	struct template t;
	CHECK(template_parse(grid, sizeof grid - 1, "g.txt", &t, &st) == DYAD_OK);
	int64_t couple = add_couple(s, NULL), id = 0;
	struct assignment_rec a;
	struct handout_text h;
	struct assign_input daily = { .note = "N", .note_len = 1 };
	CHECK(homework_assign(s, couple, &t, &daily, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && handout_text_build(s, &a, &t, &h, &st) == DYAD_OK);
	CHECK(h.nrows == 7);
	CHECK_STR(h.rows[0], "Sat 28 Nov");
	CHECK_STR(h.rows[6], "Fri 4 Dec");
	CHECK(h.note == NULL); /* the template places {note} itself */
	CHECK_STR(h.introduction, "Hi N.");
	handout_text_free(&h);
	assignment_rec_free(&a);
	struct assign_input fortnight = { .due = "2026-12-12" };
	CHECK(homework_assign(s, couple, &t, &fortnight, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && handout_text_build(s, &a, &t, &h, &st) == DYAD_OK);
	CHECK(h.nrows == 14); /* every day from the assigned day to the session */
	CHECK_STR(h.rows[13], "Fri 11 Dec");
	CHECK_STR(h.row_unit, "day");
	handout_text_free(&h);
	assignment_rec_free(&a);
	struct assign_input weekly = { .frequency = "weekly", .due = "2026-12-19" };
	CHECK(homework_assign(s, couple, &t, &weekly, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && handout_text_build(s, &a, &t, &h, &st) == DYAD_OK);
	CHECK(h.nrows == 3); /* 21 days: three weeks */
	CHECK_STR(h.rows[2], "Week of 12 Dec");
	handout_text_free(&h);
	assignment_rec_free(&a);
	struct assign_input once = { .frequency = "once" };
	CHECK(homework_assign(s, couple, &t, &once, &id, &st) == DYAD_OK);
	CHECK(assignments_get(s, id, &a, &st) == DYAD_OK && handout_text_build(s, &a, &t, &h, &st) == DYAD_OK);
	CHECK(h.nrows == 1);
	CHECK(strstr(h.meta, "Once \xC2\xB7 about 5 minutes \xC2\xB7 by Saturday 5 December 2026") != NULL);
	CHECK_STR(h.row_unit, "time");
	handout_text_free(&h);
	assignment_rec_free(&a);
	template_free(&t);
	store_close(s);
}

static void plans_shared_boxes_and_private_sheets_parse(void)
{
	struct dyad_status st = { 0 };
	struct template t;
	static const char good[] =
		"id: p\ntitle: P\nconcepts: flooding\nfrequency: once\nminutes: 5\n"
		"[introduction]\nHi.\n[steps]\n1. One.\n"
		"[tracking]\nkind: log\ncolumns: A | B\nfields: My signal | Where I go\nper_partner: yes\n";
	CHECK(template_parse(good, sizeof good - 1, "p.txt", &t, &st) == DYAD_OK);
	CHECK(t.tracking.nfields == 2 && t.tracking.per_partner);
	CHECK_STR(t.tracking.fields[1], "Where I go");
	template_free(&t);
	static const char grid[] =
		"id: g\ntitle: G\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nHi.\n[steps]\n1. One.\n"
		"[tracking]\nkind: grid\ncolumns: We did it (together) | I noticed\n";
	CHECK(template_parse(grid, sizeof grid - 1, "g.txt", &t, &st) == DYAD_OK);
	CHECK(t.tracking.together[0] && !t.tracking.together[1]);
	CHECK_STR(t.tracking.columns[0], "We did it");
	template_free(&t);
	static const char shared_log[] =
		"id: l\ntitle: L\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nHi.\n[steps]\n1. One.\n"
		"[tracking]\nkind: log\ncolumns: We did it (together)\n";
	CHECK(template_parse(shared_log, sizeof shared_log - 1, "l.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "(together) is for grid columns") != NULL);
	static const char sheets_grid[] =
		"id: s\ntitle: S\nconcepts: attention\nfrequency: daily\nminutes: 5\n"
		"[introduction]\nHi.\n[steps]\n1. One.\n"
		"[tracking]\nkind: grid\ncolumns: Did it\nper_partner: maybe\n";
	CHECK(template_parse(sheets_grid, sizeof sheets_grid - 1, "s.txt", &t, &st) == DYAD_ERR_INVALID);
	CHECK(strstr(st.message, "s.txt:13: per_partner: must be yes or no") != NULL);
}

int main(void)
{
	RUN(expected_counts_follow_the_frequency);
	RUN(a_week_of_daily_practice_is_done_over_seven);
	RUN(the_therapists_of_m_replaces_the_expected_count);
	RUN(later_check_ins_count_from_the_previous_one);
	RUN(weekly_and_once_exercises_expect_whole_weeks_and_one);
	RUN(a_missing_check_in_counts_as_missing_once_due);
	RUN(percentages_round_half_up_and_may_exceed_a_hundred);
	RUN(odd_input_never_breaks_the_sums);
	RUN(a_good_template_parses_into_its_parts);
	RUN(plans_shared_boxes_and_private_sheets_parse);
	RUN(windows_line_ends_and_a_byte_order_mark_are_accepted);
	RUN(broken_templates_name_the_file_line_and_problem);
	RUN(a_frequency_choice_prints_the_words_for_the_frequency);
	RUN(whole_files_that_are_not_templates_are_refused);
	RUN(the_shipped_library_parses_and_serves_known_concepts);
	RUN(own_templates_override_and_broken_ones_are_left_out);
	RUN(templates_are_searched_in_the_therapists_folder_first);
	RUN(paper_comes_from_flag_setting_environment_file_then_letter);
	RUN(handout_file_names_are_safe_anywhere);
	RUN(long_dates_name_the_weekday);
	RUN(assigning_checks_everything_before_writing);
	RUN(check_ins_are_checked_replaced_and_summed);
	RUN(settings_are_checked_by_key);
	RUN(a_handout_says_nothing_from_notes_or_ratings);
	RUN(tracking_rows_follow_the_assignments_frequency);
	return check_any_failed;
}
