/* test_reports.c: the word wrapper's promises (nothing lost, nothing too
 * wide, UTF-8 never split) and the handout writer's failures and page
 * flow, and the progress summary's one page, called directly as another
 * program would. */
#include "tests/unit/check.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "reports/handout.h"
#include "reports/summary.h"
#include "reports/wrap.h"

/* Width = characters (UTF-8 lead bytes and stray bytes count one each). */
static double count_chars(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	double w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w += 1;
	return w;
}

/* Marks the bytes inside well-formed multi-byte UTF-8 sequences (not
 * their first byte): no line may start or end there. */
static void mark_inside(const char *text, size_t len, bool *inside)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)text[i];
		size_t want = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3
			: c >= 0xC2 && c <= 0xDF ? 2 : 1;
		bool ok = want > 1 && i + want <= len;
		for (size_t k = 1; ok && k < want; k++)
			ok = ((unsigned char)text[i + k] & 0xC0) == 0x80;
		inside[i] = false;
		if (!ok) {
			i++;
			continue;
		}
		for (size_t k = 1; k < want; k++)
			inside[i + k] = true;
		i += want;
	}
}

/* Checks every promise of wrap_text on text for width; returns the lines. */
static size_t check_wrap(const char *text, size_t len, double width)
{
	struct wrap_result r;
	if (wrap_text(text, len, width, count_chars, NULL, &r) != 0) {
		check_failed = 1;
		return 0;
	}
	/* Nothing lost: the non-space, non-newline bytes, in order. */
	size_t k = 0;
	bool ok = true;
	bool *inside = calloc(len + 1, sizeof *inside);
	mark_inside(text, len, inside);
	for (size_t i = 0; i < r.len && ok; i++) {
		const struct wrap_line *ln = &r.lines[i];
		ok = ln->start + ln->len <= len;
		for (size_t j = 0; ok && j < ln->len; j++) {
			char c = text[ln->start + j];
			ok = c != '\n';
			if (c == ' ')
				continue;
			while (k < len && (text[k] == ' ' || text[k] == '\n'))
				k++;
			ok = ok && k < len && text[k] == c && k == ln->start + j;
			k++;
		}
		/* Not too wide, unless a single character is wider than the line. */
		if (ok && count_chars(NULL, text + ln->start, ln->len) > width)
			ok = count_chars(NULL, text + ln->start, ln->len) <= 1;
		/* Never starts or ends inside a UTF-8 sequence. */
		if (ok && ln->len > 0)
			ok = !inside[ln->start] && !inside[ln->start + ln->len];
	}
	free(inside);
	while (k < len && (text[k] == ' ' || text[k] == '\n'))
		k++;
	if (!ok || k != len) {
		printf("# wrap broke a promise at width %g for '%.60s'\n", width, text);
		check_failed = 1;
	}
	size_t n = r.len;
	wrap_result_free(&r);
	return n;
}

static void wrapping_breaks_at_spaces_and_keeps_every_word(void)
{
	const char *s = "the quick brown fox jumps over the lazy dog";
	struct wrap_result r;
	CHECK(wrap_text(s, strlen(s), 10, count_chars, NULL, &r) == 0);
	CHECK(r.len == 5);
	const char *want[] = { "the quick", "brown fox", "jumps over", "the lazy", "dog" };
	for (size_t i = 0; i < r.len && i < 5; i++)
		CHECK(r.lines[i].len == strlen(want[i]) && memcmp(s + r.lines[i].start, want[i],
			r.lines[i].len) == 0);
	wrap_result_free(&r);
	check_wrap(s, strlen(s), 10);
}

static void a_word_longer_than_the_line_is_broken_not_lost(void)
{
	const char *s = "a Supercalifragilisticexpialidocious word";
	struct wrap_result r;
	CHECK(wrap_text(s, strlen(s), 8, count_chars, NULL, &r) == 0);
	CHECK(r.len == 6);
	CHECK(r.lines[0].len == 1);                      /* "a" */
	CHECK(memcmp(s + r.lines[1].start, "Supercal", 8) == 0 && r.lines[1].len == 8);
	CHECK(memcmp(s + r.lines[5].start, "us word", 7) == 0 && r.lines[5].len == 7);
	wrap_result_free(&r);
	check_wrap(s, strlen(s), 8);
	/* Multi-byte characters are split between, never inside. */
	const char *z = "ŻółćŻółćŻółćŻółć";
	CHECK(check_wrap(z, strlen(z), 3) == 6);
	/* Even a width of nothing makes progress, a character a line. */
	CHECK(check_wrap("abc de", 6, 0) == 5);
	CHECK(check_wrap("abc", 3, -5) == 3);
}

static void newlines_end_lines_and_blank_lines_stay(void)
{
	const char *s = "one\n\ntwo three\n";
	struct wrap_result r;
	CHECK(wrap_text(s, strlen(s), 40, count_chars, NULL, &r) == 0);
	CHECK(r.len == 4);
	CHECK(r.lines[0].len == 3 && r.lines[1].len == 0 && r.lines[2].len == 9 && r.lines[3].len == 0);
	wrap_result_free(&r);
	CHECK(wrap_text("", 0, 10, count_chars, NULL, &r) == 0 && r.len == 1 && r.lines[0].len == 0);
	wrap_result_free(&r);
	wrap_result_free(NULL);
}

static void wrapping_random_text_keeps_every_promise(void)
{
	/* A fixed-seed generator, so a failure is reproducible. */
	uint64_t seed = 0x9E3779B97F4A7C15u;
	static const char *const pieces[] = { "a", "b", "word", " ", " ", "  ", "\n", "é", "Ł",
		"漢", "😀", "\xff", "\xe2\x82", "longlonglonglongword", "x" };
	char buf[400];
	int round = 0;
	for (; round < 3000; round++) {
		size_t n = 0;
		seed = seed * 6364136223846793005u + 1442695040888963407u;
		int parts = (int)(seed >> 58);
		for (int p = 0; p < parts; p++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			const char *piece = pieces[(seed >> 33) % (sizeof pieces / sizeof pieces[0])];
			size_t len = strlen(piece);
			if (n + len >= sizeof buf)
				break;
			memcpy(buf + n, piece, len);
			n += len;
		}
		double width = (double)((seed >> 20) % 25);
		char *exact = malloc(n ? n : 1); /* no terminator: the wrapper must not need one */
		memcpy(exact, buf, n);
		check_wrap(exact, n, width);
		free(exact);
		if (check_failed)
			break;
	}
	/* check_wrap records each broken promise; every round must have run. */
	CHECK(round == 3000);
}

/* --- the PDF writer ------------------------------------------------------------- */

static const char *font(void)
{
	static char path[1024];
	struct handout_error err;
	if (handout_find_font("DejaVu Sans", false, path, sizeof path, &err) != 0) {
		printf("# %s\n", err.message);
		return NULL;
	}
	return path;
}

static struct handout sample(void)
{
	static const char *const steps[] = { "First.", "Second." };
	static const char *const columns[] = { "Did it" };
	static const char *const rows[] = { "Mon", "Tue" };
	struct handout h = {
		.title = "A Title",
		.subtitle = "For A and B",
		.introduction = "Hello.",
		.steps_heading = "What to do",
		.steps = steps,
		.nsteps = 2,
		.tracking = { .kind = HANDOUT_GRID, .heading = "Keep track", .columns = columns,
			.ncolumns = 1, .rows = rows, .nrows = 2, .partners = { "A", "B" } },
		.closing = "Bring it back.",
		.page_width = HANDOUT_A4_WIDTH,
		.page_height = HANDOUT_A4_HEIGHT,
		.font_path = font(),
	};
	return h;
}

static bool file_starts_with_pdf(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char head[5] = { 0 };
	bool ok = fp && fread(head, 1, 5, fp) == 5 && memcmp(head, "%PDF-", 5) == 0;
	if (fp)
		fclose(fp);
	return ok;
}

static void a_handout_is_written_and_counts_its_pages(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/one.pdf", check_temp_dir());
	struct handout h = sample();
	struct handout_result res;
	struct handout_error err;
	CHECK(h.font_path != NULL);
	CHECK(handout_save_pdf(&h, path, &res, &err) == 0);
	CHECK(res.pages == 1 && res.replaced == 0);
	CHECK(file_starts_with_pdf(path));
	/* A long note flows on to more pages; characters the font lacks are
	 * counted, controls too. */
	static const char phrase[] = "practise together every evening ";
	static const char odd[] = "\xF0\x9F\x98\x80 \x07 \xff end";
	size_t plen = sizeof phrase - 1;
	char *note = malloc(1500 * plen + sizeof odd);
	for (int i = 0; i < 1500; i++)
		memcpy(note + (size_t)i * plen, phrase, plen);
	memcpy(note + 1500 * plen, odd, sizeof odd);
	h.note = note;
	h.note_heading = "A note";
	CHECK(handout_save_pdf(&h, path, &res, &err) == 0);
	CHECK(res.pages >= 5);
	CHECK(res.replaced == 3);
	free(note);
}

static void handout_failures_are_reported_not_fatal(void)
{
	char path[512], fake[512];
	snprintf(path, sizeof path, "%s/two.pdf", check_temp_dir());
	snprintf(fake, sizeof fake, "%s/fake.ttf", check_temp_dir());
	FILE *fp = fopen(fake, "w");
	if (fp) {
		fputs("this is not a font\n", fp);
		fclose(fp);
	}
	struct handout h = sample();
	struct handout_error err;
	h.font_path = fake;
	CHECK(handout_save_pdf(&h, path, NULL, &err) == -1);
	CHECK(strstr(err.message, "font:") != NULL && strstr(err.message, "fake.ttf") != NULL);
	h = sample();
	h.page_width = 10;
	CHECK(handout_save_pdf(&h, path, NULL, &err) == -1 && err.message[0] != '\0');
	h = sample();
	h.tracking.nrows = 0;
	CHECK(handout_save_pdf(&h, path, NULL, &err) == -1);
	CHECK(strstr(err.message, "no rows") != NULL);
	h = sample();
	char missing_dir[600];
	snprintf(missing_dir, sizeof missing_dir, "%s/no/such/folder/x.pdf", check_temp_dir());
	CHECK(handout_save_pdf(&h, missing_dir, NULL, &err) == -1);
	CHECK(err.hpdf_status != 0 && strstr(err.message, "could not create the file") != NULL);
	char buf[64];
	CHECK(handout_find_font("No Such Family Anywhere", false, buf, sizeof buf, &err) == -1);
	CHECK(strstr(err.message, "not installed") != NULL);
}

/* Eight measures of eight sessions each, on the page size given. */
static struct summary summary_sample(struct summary_measure *m, size_t n,
	struct summary_point *pts, const char **more)
{
	for (size_t i = 0; i < 8; i++)
		pts[i] = (struct summary_point){ (long)(i * 14), { true, i % 3 != 0 },
			{ (double)i * 2.5, 21.0 - (double)i } };
	for (size_t k = 0; k < n; k++) {
		m[k] = (struct summary_measure){ "A measure", 0, 21, k % 2 == 0, 13.5, "healthy line",
			"13.5", { "0", "21" }, pts, 8, "1 Aug", "26 Sep",
			{ "Maya: 0 to 17.5, past the healthy line since September", "Daniel: 21 to 14" } };
		more[k] = "Some measures are left off.";
	}
	more[n] = "";
	struct summary s = {
		.header_left = "A practice",
		.header_right = "28 November 2026",
		.title = "Progress summary",
		.couple = "Maya and Daniel",
		.partners = { "Maya", "Daniel" },
		.measures = m,
		.nmeasures = n,
		.empty = "Nothing yet.",
		.more = more,
		.page_width = HANDOUT_LETTER_WIDTH,
		.page_height = HANDOUT_LETTER_HEIGHT,
		.font_path = font(),
	};
	return s;
}

static void a_summary_is_one_page_and_says_what_fits(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/summary.pdf", check_temp_dir());
	struct summary_measure m[8];
	struct summary_point pts[8];
	const char *more[9];
	struct handout_result res;
	struct handout_error err;
	size_t shown = 99;
	struct summary s = summary_sample(m, 2, pts, more);
	CHECK(s.font_path != NULL);
	CHECK(summary_save_pdf(&s, path, &shown, &res, &err) == 0);
	CHECK(res.pages == 1 && shown == 2 && file_starts_with_pdf(path));
	/* Eight do not fit: the first few are drawn, still on one page. */
	s = summary_sample(m, 8, pts, more);
	CHECK(summary_save_pdf(&s, path, &shown, &res, &err) == 0);
	CHECK(res.pages == 1 && shown >= 3 && shown < 8);
	/* A4 is taller: at least as many fit. */
	size_t letter = shown;
	s.page_width = HANDOUT_A4_WIDTH;
	s.page_height = HANDOUT_A4_HEIGHT;
	CHECK(summary_save_pdf(&s, path, &shown, &res, &err) == 0 && shown >= letter);
	/* None: the empty page. */
	s = summary_sample(m, 0, pts, more);
	CHECK(summary_save_pdf(&s, path, &shown, &res, &err) == 0 && res.pages == 1 && shown == 0);
}

static void summary_failures_are_reported_not_fatal(void)
{
	char path[512], missing[600], fake[512];
	snprintf(path, sizeof path, "%s/summary2.pdf", check_temp_dir());
	snprintf(missing, sizeof missing, "%s/no/such/folder/s.pdf", check_temp_dir());
	snprintf(fake, sizeof fake, "%s/fake.ttf", check_temp_dir());
	FILE *fp = fopen(fake, "w");
	if (fp) {
		fputs("this is not a font\n", fp);
		fclose(fp);
	}
	struct summary_measure m[2];
	struct summary_point pts[8];
	const char *more[3];
	struct handout_error err;
	size_t shown = 5;
	struct summary s = summary_sample(m, 2, pts, more);
	CHECK(summary_save_pdf(&s, missing, &shown, NULL, &err) == -1 && shown == 0);
	CHECK(err.hpdf_status != 0 && strstr(err.message, "could not create the file") != NULL);
	s.font_path = fake;
	CHECK(summary_save_pdf(&s, path, &shown, NULL, &err) == -1);
	CHECK(strstr(err.message, "fake.ttf") != NULL);
	s = summary_sample(m, 2, pts, more);
	s.page_width = 10;
	CHECK(summary_save_pdf(&s, path, &shown, NULL, &err) == -1 && strstr(err.message, "summary"));
	/* A name in a script that needs shaping is refused, by name. */
	s = summary_sample(m, 2, pts, more);
	s.partners[1] = "\xE0\xA4\x85\xE0\xA4\xA8\xE0\xA4\xBF\xE0\xA4\xB2"; /* Devanagari */
	CHECK(summary_save_pdf(&s, path, &shown, NULL, &err) == -1);
	CHECK(strstr(err.message, "second partner's name") != NULL &&
		strstr(err.message, "no summary was written") != NULL);
}

int main(void)
{
	RUN(wrapping_breaks_at_spaces_and_keeps_every_word);
	RUN(a_word_longer_than_the_line_is_broken_not_lost);
	RUN(newlines_end_lines_and_blank_lines_stay);
	RUN(wrapping_random_text_keeps_every_promise);
	RUN(a_handout_is_written_and_counts_its_pages);
	RUN(handout_failures_are_reported_not_fatal);
	RUN(a_summary_is_one_page_and_says_what_fits);
	RUN(summary_failures_are_reported_not_fatal);
	return check_any_failed;
}
